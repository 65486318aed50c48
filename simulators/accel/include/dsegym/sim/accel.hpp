#pragma once
/// @file
/// Umbrella header of the DNN-accelerator cost model component (for users; library code includes
/// the individual headers).

#include "dsegym/sim/accel/accel_config.hpp"
#include "dsegym/sim/accel/builtin_networks.hpp"
#include "dsegym/sim/accel/cost_model.hpp"
#include "dsegym/sim/accel/dataflow.hpp"
#include "dsegym/sim/accel/energy_table.hpp"
#include "dsegym/sim/accel/evaluator.hpp"
#include "dsegym/sim/accel/layer.hpp"
#include "dsegym/sim/accel/layer_result.hpp"
#include "dsegym/sim/accel/layer_table.hpp"
#include "dsegym/sim/accel/loop_dims.hpp"
#include "dsegym/sim/accel/mapper.hpp"
#include "dsegym/sim/accel/mapping.hpp"
#include "dsegym/sim/accel/nb201_network.hpp"
#include "dsegym/sim/accel/network.hpp"
