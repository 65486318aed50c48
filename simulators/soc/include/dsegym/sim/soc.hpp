#pragma once
/// @file
/// Umbrella header of the SoC simulator component (for users; library code includes the
/// individual headers).

#include "dsegym/sim/soc/block_library.hpp"
#include "dsegym/sim/soc/budget.hpp"
#include "dsegym/sim/soc/design.hpp"
#include "dsegym/sim/soc/design_encoding.hpp"
#include "dsegym/sim/soc/farsi_reader.hpp"
#include "dsegym/sim/soc/feasibility.hpp"
#include "dsegym/sim/soc/simulation_result.hpp"
#include "dsegym/sim/soc/simulator.hpp"
#include "dsegym/sim/soc/workload.hpp"
#include "dsegym/sim/soc/workload_generator.hpp"
