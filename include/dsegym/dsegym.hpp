#pragma once
// Umbrella header for users; dsegym's own code includes the specific headers instead.
#include "dsegym/core/environment.hpp"
#include "dsegym/core/episode_record.hpp"
#include "dsegym/core/error.hpp"
#include "dsegym/core/random.hpp"
#include "dsegym/core/value.hpp"
#include "dsegym/registry/any_env.hpp"
#include "dsegym/registry/registry.hpp"
#include "dsegym/spaces.hpp"
#include "dsegym/spaces/flatten.hpp"
#include "dsegym/vector/vector_env.hpp"
#include "dsegym/version.hpp"
#include "dsegym/wrappers.hpp"
