// The mechanistic simulator: determinism, common random numbers, call and token accounting,
// component mechanics (verifier fallback, final selection, wide layers) and the dollar scale.

#include <cmath>

#include "test_support.hpp"

using namespace llmsys_test;
using ct = component_type;

namespace {
architecture arch(std::vector<layer> layers) { return {"t", std::move(layers)}; }
}  // namespace

TEST(LlmsysSimulator, SameSeedAndConfigGiveBitIdenticalScoresAndCosts) {
  const simulator a = make_sim("arena_hard"), b = make_sim("arena_hard");
  const std::string top = top_model(a);
  const architecture x = arch({ensemble(a, 5, 2), {make(ct::critic, top)}, {make(ct::fuser, top, 3)}, {make(ct::fuser, top)}});
  const evaluation ea = a.evaluate_dev(x, 42), eb = b.evaluate_dev(x, 42);
  EXPECT_EQ(ea.scores, eb.scores);
  EXPECT_EQ(ea.usd, eb.usd);
  EXPECT_EQ(ea.latency_s, eb.latency_s);
  EXPECT_EQ(ea.input_tokens, eb.input_tokens);
  EXPECT_NE(a.evaluate_dev(x, 43).scores, ea.scores);
}

TEST(LlmsysSimulator, ConfigsSharingAGeneratorSeeTheSameSamples) {
  // Common random numbers: a model's k-th sample depends on (seed, question, model, sample), not
  // on the catalogue or the rest of the stack.
  const simulator small = make_sim("math", "open70b"), big = make_sim("math", "all");
  const std::size_t s = small.models().index_of("ember-72b"), b = big.models().index_of("ember-72b");
  int differ = 0;
  for (std::size_t q = 0; q < 100; ++q)
    for (std::uint64_t k = 0; k < 5; ++k) differ += small.sample_answer(s, q, 0.7, 9, k) != big.sample_answer(b, q, 0.7, 9, k);
  EXPECT_EQ(differ, 0);
  // One generator layer alone scores exactly its first sample's correctness when it has one sample.
  const auto e = small.evaluate(arch({{make(ct::generator, "ember-72b")}}), small.bench().all(), 9);
  for (std::size_t q = 0; q < small.bench().size(); ++q)
    EXPECT_EQ(e.scores[q], small.sample_answer(s, q, 0.7, 9, 0) == 0 ? 1.0 : 0.0) << q;
}

TEST(LlmsysSimulator, CallsAreCountedPerRealCall) {
  simulator_options o;
  o.ut_parse_failure = 0.0;
  const simulator sim = make_sim("code_contests", "open70b", 1, o);
  const std::string top = top_model(sim);
  // Spec §3 example: 2 models × 3 samples → critic → rank (keep 3) → fuse = 6 + 1 + 1 + 1.
  component r = make(ct::ranker, top);
  r.top_k = 3, r.use_critiques = true;
  EXPECT_EQ(sim.evaluate_dev(arch({ensemble(sim, 2, 3), {make(ct::critic, top)}, {r}, {make(ct::fuser, top)}}), 1).calls, 9.0);
  // Verifier: 2 calls per examined candidate; UT generator 1; UT evaluator 1 per candidate.
  EXPECT_EQ(sim.evaluate_dev(arch({ensemble(sim, 4, 1), {make(ct::verifier, top)}}), 1).calls, 4.0 + 8.0);
  component ut = make(ct::unit_test_generator, top);
  ut.unit_test_cap = 5;
  EXPECT_EQ(sim.evaluate_dev(arch({ensemble(sim, 3, 2), {ut}, {make(ct::unit_test_evaluator, top)}}), 1).calls, 6.0 + 1.0 + 6.0);
}

TEST(LlmsysSimulator, TokensFollowTheSpecFormulas) {
  const simulator sim = make_sim("math");
  const std::string top = top_model(sim);
  const std::size_t q = 17;
  const double p = sim.bench().at(q).prompt_tokens + sim.options().instruction_tokens;
  // Generator: input P+O per call.
  const question_trace g = sim.run_question(arch({ensemble(sim, 1, 4)}), q, 3);
  EXPECT_EQ(g.input_tokens, 4 * p);
  // Critic: P+O+Σℓ in, 150 per candidate out; fuser then reads Σℓ plus the critiques.
  const question_trace c = sim.run_question(arch({ensemble(sim, 1, 4), {make(ct::critic, top)}, {make(ct::fuser, top)}}), q, 3);
  const double sum_len = g.output_tokens;
  EXPECT_NEAR(c.input_tokens, 4 * p + (p + sum_len) + (p + sum_len + 4 * 150), 1e-9);
  EXPECT_GT(c.output_tokens, sum_len + 600);
}

TEST(LlmsysSimulator, VerifierLetsAllPassWhenNoneIsAccepted) {
  std::vector<model_params> models = make_catalogue("open70b").models();
  models[0].verify_threshold = 1e9;  // accepts nothing
  const simulator sim(std::make_shared<const benchmark>(find_benchmark("math"), 1), catalogue(models));
  const question_trace t = sim.run_question(arch({ensemble(sim, 3, 2), {make(ct::verifier, models[0].name)}}), 5, 1);
  EXPECT_EQ(t.final_candidates, 6u);
  component first = make(ct::verifier, "borealis-67b");
  first.first_k = 1;  // a normal verifier stopping at the first acceptance
  const question_trace f = sim.run_question(arch({ensemble(sim, 3, 2), {first}}), 5, 1);
  EXPECT_LE(f.calls, 6 + 12);
}

TEST(LlmsysSimulator, FinalSelectionFirstOrSeededRandom) {
  simulator_options first;
  first.select = final_select::first;
  const simulator a = make_sim("math", "open70b", 1, first), b = make_sim("math");
  const architecture x = arch({ensemble(a, 1, 5)});
  const std::size_t top = a.models().index_of(top_model(a));
  const auto e = a.evaluate(x, a.bench().all(), 4);
  for (std::size_t q = 0; q < 50; ++q) EXPECT_EQ(e.scores[q], a.sample_answer(top, q, 0.7, 4, 0) == 0 ? 1.0 : 0.0);
  EXPECT_NE(b.evaluate(x, b.bench().all(), 4).scores, e.scores);
}

TEST(LlmsysSimulator, LayersWithMoreThan32CandidatesAreCountedAsWarnings) {
  const simulator sim = make_sim("mixeval");
  const auto e = sim.evaluate_dev(arch({ensemble(sim, 10, 4), {make(ct::fuser, "cirrus-8x22b")}}), 1);
  EXPECT_EQ(e.max_candidates, 40);
  EXPECT_EQ(e.wide_layers, e.questions);
}

TEST(LlmsysSimulator, DollarScaleMatchesTheSpec) {
  // One frontier call ≈ $0.01.
  const simulator closed = make_sim("arena_hard", "closed");
  const auto one = closed.evaluate_dev(arch({{make(ct::generator, "frontier-a")}}), 1);
  EXPECT_NEAR(one.usd, 0.01, 0.004);
  EXPECT_EQ(one.calls, 1.0);
  // An open general Archon-like stack of ≈30–40 calls costs tens of cents at most.
  const simulator sim = make_sim("arena_hard");
  const std::string top = top_model(sim);
  layer f4(4, make(ct::fuser, top));
  const auto big = sim.evaluate_dev(arch({ensemble(sim, 10, 1), {make(ct::critic, top)}, f4, {make(ct::critic, top)}, f4,
                                          {make(ct::critic, top)}, f4, {make(ct::critic, top)}, {make(ct::fuser, top)}}), 1);
  EXPECT_EQ(big.calls, 10 + 4 * 1 + 13.0);
  EXPECT_GT(big.usd, 0.05);
  EXPECT_LT(big.usd, 0.5);
  EXPECT_NEAR(big.total_usd, big.usd * static_cast<double>(big.questions), 1e-9);
  // Self-hosted pricing charges GPU-hours instead.
  simulator_options o;
  o.price = pricing::gpu_hours;
  const simulator hosted = make_sim("arena_hard", "open70b", 1, o);
  const auto h = hosted.evaluate_dev(arch({{make(ct::generator, top)}}), 1);
  EXPECT_NEAR(h.usd, h.gpu_seconds / 3600 * 2.5, 1e-12);
}

TEST(LlmsysSimulator, LatencyIsTheMaxOverParallelCallsOrTheSumWhenSequential) {
  simulator_options seq;
  seq.sequential_layers = true;
  const simulator par = make_sim("math"), ser = make_sim("math", "open70b", 1, seq);
  const architecture x = arch({ensemble(par, 4, 1)});
  const auto p = par.evaluate_dev(x, 1), s = ser.evaluate_dev(x, 1);
  EXPECT_EQ(p.scores, s.scores);
  EXPECT_GT(s.latency_s, 2.5 * p.latency_s);
  EXPECT_GT(p.energy_j, 0);
  EXPECT_NEAR(p.energy_j, s.energy_j, 1e-9 * p.energy_j);
}

TEST(LlmsysSimulator, IncrementalSessionIsBitIdenticalToEvaluatingTheWholeStack) {
  for (const char* name : {"math", "arena_hard", "code_contests"}) {
    const simulator sim = make_sim(name);
    const std::string top = top_model(sim);
    component r = make(ct::ranker, top);
    r.top_k = 3, r.use_critiques = true;
    component ut = make(ct::unit_test_generator, top);
    const std::vector<std::vector<layer>> steps = {
        {ensemble(sim, 4, 2)}, {{make(ct::critic, top)}, {r}}, {layer(3, make(ct::fuser, top))},
        {{make(ct::verifier, "borealis-67b")}}, {{ut}, {make(ct::unit_test_evaluator, top)}}};
    stack_session session(sim, sim.bench().dev(), 5);
    architecture whole{"", {}};
    for (const auto& s : steps) {
      const evaluation inc = session.push(s);
      whole.layers.insert(whole.layers.end(), s.begin(), s.end());
      const evaluation full = sim.evaluate_dev(whole, 5);
      EXPECT_EQ(inc.scores, full.scores) << name;
      EXPECT_EQ(inc.usd, full.usd) << name;
      EXPECT_EQ(inc.latency_s, full.latency_s) << name;
      EXPECT_EQ(inc.calls, full.calls) << name;
      EXPECT_EQ(inc.oracle, full.oracle) << name;
    }
    EXPECT_EQ(session.stack(), whole);
    // An illegal push throws and leaves the session unchanged.
    EXPECT_THROW((void)session.push({{make(ct::generator, top)}}), dsegym::invalid_argument);
    EXPECT_EQ(session.stack(), whole);
  }
}
