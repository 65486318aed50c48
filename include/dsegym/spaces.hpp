#pragma once
// All spaces.
#include "dsegym/spaces/any_space.hpp"
#include "dsegym/spaces/box.hpp"
#include "dsegym/spaces/discrete.hpp"
#include "dsegym/spaces/multi_binary.hpp"
#include "dsegym/spaces/multi_discrete.hpp"
#include "dsegym/spaces/space.hpp"
