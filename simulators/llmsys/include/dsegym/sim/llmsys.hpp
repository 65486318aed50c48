#pragma once
// The LLM inference-stacking simulator (spec llm-inference-stacking.md), usable without the gym.
#include "dsegym/sim/llmsys/architecture.hpp"
#include "dsegym/sim/llmsys/benchmark.hpp"
#include "dsegym/sim/llmsys/cost_model.hpp"
#include "dsegym/sim/llmsys/model.hpp"
#include "dsegym/sim/llmsys/sampling.hpp"
#include "dsegym/sim/llmsys/simulator.hpp"
