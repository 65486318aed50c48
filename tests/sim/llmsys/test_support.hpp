#pragma once
// Shared helpers of the llmsys simulator tests.

#include <gtest/gtest.h>

#include <dsegym/sim/llmsys.hpp>
#include <initializer_list>
#include <memory>
#include <string>

namespace llmsys_test {

using namespace dsegym::sim::llmsys;

/// Asserts that `f` throws E whose message contains every one of `parts`.
template <class E, class F>
void expect_error(F&& f, std::initializer_list<std::string> parts) {
  try {
    f();
    ADD_FAILURE() << "no exception";
  } catch (const E& e) {
    for (const auto& p : parts)
      EXPECT_NE(std::string(e.what()).find(p), std::string::npos) << "\"" << p << "\" not in: " << e.what();
  }
}

inline component make(component_type t, const std::string& model, int samples = 1) {
  component c;
  c.type = t;
  c.model = model;
  c.samples = samples;
  if (t == component_type::fuser || t == component_type::critic || t == component_type::ranker) c.max_tokens = 8192;
  return c;
}

/// n generators: the n best models of the simulator's catalogue on its benchmark, `samples` each.
inline layer ensemble(const simulator& sim, std::size_t n, int samples = 1, double temperature = 0.7) {
  const auto rank = sim.models().ranking(sim.bench().fam());
  layer l;
  for (std::size_t i = 0; i < n; ++i) {
    component c = make(component_type::generator, sim.models().at(rank[i]).name, samples);
    c.temperature = temperature;
    l.push_back(c);
  }
  return l;
}

inline std::string top_model(const simulator& sim) {
  return sim.models().at(sim.models().ranking(sim.bench().fam())[0]).name;
}

inline simulator make_sim(const std::string& bench, const std::string& cat = "open70b", std::uint64_t seed = 1,
                          simulator_options o = {}) {
  return simulator(std::make_shared<const benchmark>(find_benchmark(bench), seed), make_catalogue(cat), o);
}

/// Mean accuracy (and oracle) over `seeds` simulation seeds on all questions.
struct mean_result {
  double accuracy = 0, oracle = 0;
};
inline mean_result mean_over_seeds(const simulator& sim, const architecture& a, int seeds = 5) {
  mean_result r;
  const auto all = sim.bench().all();
  for (int s = 0; s < seeds; ++s) {
    const auto e = sim.evaluate(a, all, static_cast<std::uint64_t>(s));
    r.accuracy += e.accuracy / seeds, r.oracle += e.oracle / seeds;
  }
  return r;
}

}  // namespace llmsys_test
