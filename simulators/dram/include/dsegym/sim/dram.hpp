#pragma once
/// @file
/// Umbrella header of the DRAM simulator component (for users; library code includes the
/// individual headers).

#include "dsegym/sim/dram/address_mapping.hpp"
#include "dsegym/sim/dram/command.hpp"
#include "dsegym/sim/dram/controller_config.hpp"
#include "dsegym/sim/dram/energy_model.hpp"
#include "dsegym/sim/dram/mem_spec.hpp"
#include "dsegym/sim/dram/run_results.hpp"
#include "dsegym/sim/dram/simulation_config.hpp"
#include "dsegym/sim/dram/simulator.hpp"
#include "dsegym/sim/dram/spec_loader.hpp"
#include "dsegym/sim/dram/stl_format.hpp"
#include "dsegym/sim/dram/trace.hpp"
#include "dsegym/sim/dram/trace_generator.hpp"
