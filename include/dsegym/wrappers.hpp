#pragma once
// All wrappers.
#include "dsegym/wrappers/flatten_observation.hpp"
#include "dsegym/wrappers/order_enforcing.hpp"
#include "dsegym/wrappers/passive_env_checker.hpp"
#include "dsegym/wrappers/record_episode_statistics.hpp"
#include "dsegym/wrappers/time_limit.hpp"
#include "dsegym/wrappers/wrapper.hpp"
