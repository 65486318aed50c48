#include "dsegym/envs/llm/inference_stack.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "dsegym/registry/registry.hpp"

namespace dsegym::envs::llm {

namespace ls = sim::llmsys;
using ct = ls::component_type;

namespace {

constexpr const char* env_id_text = "llm/InferenceStack-v0";
constexpr std::size_t n_running = 7;
constexpr std::array<int, 5> ut_caps = {1, 3, 5, 10, 20};

std::vector<value> names_of(const std::vector<std::string>& v) {
  std::vector<value> out;
  for (const auto& s : v) out.emplace_back(s);
  return out;
}

std::vector<kwarg_spec> llm_kwargs() {
  std::vector<std::string> benches, gpus;
  for (const auto& b : ls::builtin_benchmarks()) benches.push_back(b.name);
  for (const auto& g : ls::gpu_catalogue()) gpus.push_back(g.name);
  return {
      {"mode", "sequential",
       "sequential: each step appends a layer (Discrete 50, at most 6 steps, action 0-4 = stop after the "
       "first); one_shot: one action = the spec's 7-axis design (MultiDiscrete)",
       {value("sequential"), value("one_shot")}},
      {"benchmark", "arena_hard",
       "simulated benchmark: math, gsm8k, mixeval, mixeval_hard (exact answers), code_contests (hidden "
       "tests, Pass@1), arena_hard, mt_bench, alpaca_eval (judged text, win rate vs a baseline)",
       names_of(benches)},
      {"catalogue", "open70b",
       "model catalogue: open70b (10 open-weight-like 65-141B models), open8b (6 models of 7-9B), "
       "closed (3 API-like frontier models), all",
       names_of(ls::catalogue_names())},
      {"questions", std::int64_t{0}, "questions in the population (0 = the benchmark's size; >= 5)", {}},
      {"benchmark_seed", std::int64_t{0}, "seed of the question population and its 20/80 dev/test split", {}},
      {"max_calls", std::int64_t{0},
       "budget: LLM calls per question (0 = none); over-budget stacks score -1 and are flagged", {}},
      {"max_usd", 0.0, "budget: dollars per question (0 = none); over-budget stacks score -1", {}},
      {"objective", "accuracy",
       "accuracy; accuracy_latency or accuracy_cost: accuracy - 1 when the per-question latency / "
       "dollar limit is exceeded",
       {value("accuracy"), value("accuracy_latency"), value("accuracy_cost")}},
      {"latency_limit_s", 60.0, "latency limit per question for objective accuracy_latency (s)", {}},
      {"cost_limit_usd", 0.05, "dollar limit per question for objective accuracy_cost", {}},
      {"gpu", "H100-SXM", "GPU of the roofline cost model (latency, GPU-seconds, energy)", names_of(gpus)},
      {"pricing", "api",
       "dollar cost: api (the models' token prices) or gpu_hours (self-hosted GPU time at $2.5/GPU-h)",
       {value("api"), value("gpu_hours")}},
  };
}

void check_options(const inference_stack_options& o) {
  const auto bad = [](const std::string& m) { return invalid_argument("llm", std::string(env_id_text) + ": " + m); };
  if (o.questions != 0 && o.questions < 5)
    throw bad("questions = " + std::to_string(o.questions) + " must be 0 (the benchmark's size) or >= 5");
  if (o.questions > 100000) throw bad("questions = " + std::to_string(o.questions) + " must be <= 100000");
  if (o.benchmark_seed < 0) throw bad("benchmark_seed must be >= 0");
  if (o.max_calls < 0) throw bad("max_calls = " + std::to_string(o.max_calls) + " must be >= 0 (0 = no budget)");
  if (!(o.max_usd >= 0) || !std::isfinite(o.max_usd)) throw bad("max_usd must be a finite number >= 0 (0 = no budget)");
  if (!(o.latency_limit_s > 0) || !std::isfinite(o.latency_limit_s)) throw bad("latency_limit_s must be > 0");
  if (!(o.cost_limit_usd > 0) || !std::isfinite(o.cost_limit_usd)) throw bad("cost_limit_usd must be > 0");
  if (o.objective != "accuracy" && o.objective != "accuracy_latency" && o.objective != "accuracy_cost")
    throw bad("unknown objective \"" + o.objective + "\"; valid: accuracy, accuracy_latency, accuracy_cost");
  if (o.pricing != "api" && o.pricing != "gpu_hours")
    throw bad("unknown pricing \"" + o.pricing + "\"; valid: api, gpu_hours");
}

xt::xarray<double> to_xarray(const std::vector<double>& v) {
  xt::xarray<double> x = xt::xarray<double>::from_shape({v.size()});
  for (std::size_t i = 0; i < v.size(); ++i) x.flat(i) = v[i];
  return x;
}

// Running metrics in the observation: accuracy, calls, input ktokens, output ktokens, latency s,
// dollars (all per question), within budget; values are clamped into these upper bounds.
constexpr std::array<double, n_running> running_high = {1, 1e5, 1e5, 1e5, 1e7, 1e4, 1};

box running_box(std::size_t prefix) {
  std::vector<double> lo(prefix, -1.0), hi(prefix, 49.0);
  lo.resize(prefix + n_running, 0.0);
  hi.insert(hi.end(), running_high.begin(), running_high.end());
  return box(to_xarray(lo), to_xarray(hi));
}

ls::component comp(ct t, const std::string& model, int samples = 1) {
  ls::component c;
  c.type = t, c.model = model, c.samples = samples;
  if (t == ct::fuser || t == ct::critic || t == ct::ranker) c.max_tokens = 8192;
  return c;
}

}  // namespace

// ----- evaluator ------------------------------------------------------------------------------

stack_evaluator::stack_evaluator(const inference_stack_options& o, episode_shape shape) : opt_(o) {
  check_options(o);
  ls::benchmark_params bp = ls::find_benchmark(o.benchmark);
  if (o.questions > 0) bp.questions = static_cast<int>(o.questions);
  ls::simulator_options so;
  so.gpu = o.gpu;
  so.price = o.pricing == "api" ? ls::pricing::api : ls::pricing::gpu_hours;
  sim_ = std::make_unique<ls::simulator>(
      std::make_shared<const ls::benchmark>(bp, static_cast<std::uint64_t>(o.benchmark_seed)),
      ls::make_catalogue(o.catalogue), so);
  ranking_ = sim_->models().ranking(bp.fam);

  spec_.id = env_id_text;
  spec_.summary =
      "Archon-style stacking of inference-time techniques (sampling, ensembling, critique, ranking, fusion, "
      "verification, unit tests) over simulated LLMs; search on dev accuracy, report test accuracy";
  spec_.metrics = {
      {"accuracy", "%", direction::maximize, "dev-split accuracy (choice/code) or win rate vs the baseline (open)"},
      {"calls", "calls", direction::minimize, "LLM calls per question (real calls, spec §4)"},
      {"input_tokens", "tokens", direction::minimize, "input tokens per question"},
      {"output_tokens", "tokens", direction::minimize, "output tokens per question"},
      {"latency_s", "s", direction::minimize, "end-to-end latency per question (roofline model)"},
      {"cost_usd", "USD", direction::minimize, "dollars per question (token prices or GPU-hours)"},
      {"gpu_seconds", "GPU-s", direction::minimize, "GPU time per question (tensor-parallel GPUs x time)"},
      {"energy_j", "J", direction::minimize, "GPU energy per question (board power x time, upper bound)"},
      {"pflop", "PFLOP", direction::minimize, "floating-point work per question, 2(N + 2Lhc) per token"},
      {"within_budget", "bool", direction::maximize, "1 when the stack meets max_calls and max_usd, else 0"},
  };
  spec_.reported_metrics = {
      {"test_accuracy", "%", direction::maximize,
       "accuracy of the last episode's stack on the 80 % test split (0 for invalid or over-budget stacks)"}};
  spec_.shape = shape;
  spec_.max_episode_steps = shape == episode_shape::one_shot ? 1 : inference_stack_sequential::max_steps;
  spec_.kwarg_specs = llm_kwargs();
  spec_.kwargs = value::dict{{"mode", std::string(shape == episode_shape::one_shot ? "one_shot" : "sequential")},
                             {"benchmark", o.benchmark},
                             {"catalogue", o.catalogue},
                             {"questions", o.questions},
                             {"benchmark_seed", o.benchmark_seed},
                             {"max_calls", o.max_calls},
                             {"max_usd", o.max_usd},
                             {"objective", o.objective},
                             {"latency_limit_s", o.latency_limit_s},
                             {"cost_limit_usd", o.cost_limit_usd},
                             {"gpu", o.gpu},
                             {"pricing", o.pricing}};
  spec_.reward = shape == episode_shape::one_shot
                     ? "dev accuracy in [0, 1]; -1 for invalid or over-budget stacks; accuracy - 1 when the "
                       "objective's latency/cost limit is exceeded"
                     : "score_t - score_(t-1) per appended layer (the return is the final stack's score: dev "
                       "accuracy in [0, 1], -1 if invalid or over budget, accuracy - 1 over the objective's limit)";
  spec_.cost_unit = "simulated USD";  // of running the evaluated stack on the dev split
}

stack_outcome stack_evaluator::evaluate(const ls::architecture& a, std::uint64_t seed, ls::stack_session* session,
                                        std::size_t from) {
  stack_outcome out;
  out.running.assign(n_running, 0.0);
  last_ = last_t{a, seed, false};
  try {
    sim_->validate(a);
  } catch (const invalid_argument& e) {
    out.valid = false;
    out.score = -1.0;
    out.info.extra = value::dict{{"valid", false}, {"within_budget", false}, {"error", std::string(e.what())},
                                 {"layers", static_cast<std::int64_t>(a.layers.size())}};
    return out;
  }
  const ls::evaluation e =
      session != nullptr ? session->push(std::vector<ls::layer>(a.layers.begin() + static_cast<std::ptrdiff_t>(from), a.layers.end()))
                         : sim_->evaluate_dev(a, seed);
  const bool calls_ok = opt_.max_calls == 0 || e.calls <= static_cast<double>(opt_.max_calls) + 1e-9;
  const bool usd_ok = opt_.max_usd == 0 || e.usd <= opt_.max_usd;
  out.within_budget = calls_ok && usd_ok;
  bool limit_ok = true;
  if (opt_.objective == "accuracy_latency") limit_ok = e.latency_s <= opt_.latency_limit_s;
  if (opt_.objective == "accuracy_cost") limit_ok = e.usd <= opt_.cost_limit_usd;
  out.score = !out.within_budget ? -1.0 : (limit_ok ? e.accuracy : e.accuracy - 1.0);
  last_->feasible = out.within_budget;
  auto& m = out.info.metrics;
  m.reserve(10);
  m.push_back({"accuracy", 100.0 * e.accuracy, "%", direction::maximize});
  m.push_back({"calls", e.calls, "calls", direction::minimize});
  m.push_back({"input_tokens", e.input_tokens, "tokens", direction::minimize});
  m.push_back({"output_tokens", e.output_tokens, "tokens", direction::minimize});
  m.push_back({"latency_s", e.latency_s, "s", direction::minimize});
  m.push_back({"cost_usd", e.usd, "USD", direction::minimize});
  m.push_back({"gpu_seconds", e.gpu_seconds, "GPU-s", direction::minimize});
  m.push_back({"energy_j", e.energy_j, "J", direction::minimize});
  m.push_back({"pflop", e.flops / 1e15, "PFLOP", direction::minimize});
  m.push_back({"within_budget", out.within_budget ? 1.0 : 0.0, "bool", direction::maximize});
  out.info.cost = e.total_usd;
  value::dict extra{{"valid", true},
                    {"within_budget", out.within_budget},
                    {"layers", static_cast<std::int64_t>(a.layers.size())},
                    {"max_candidates", static_cast<std::int64_t>(e.max_candidates)},
                    {"wide_layers", static_cast<std::int64_t>(e.wide_layers)}};
  if (!calls_ok) extra.emplace_back("over_budget", "max_calls");
  else if (!usd_ok) extra.emplace_back("over_budget", "max_usd");
  if (!limit_ok) extra.emplace_back("over_limit", opt_.objective == "accuracy_latency" ? "latency_limit_s" : "cost_limit_usd");
  out.info.extra = std::move(extra);
  out.running = {e.accuracy, e.calls, e.input_tokens / 1e3, e.output_tokens / 1e3, e.latency_s, e.usd,
                 out.within_budget ? 1.0 : 0.0};
  for (std::size_t i = 0; i < n_running; ++i) out.running[i] = std::clamp(out.running[i], 0.0, running_high[i]);
  return out;
}

std::vector<metric> stack_evaluator::report() const {
  if (!last_) throw failed_precondition("llm", "report() needs an evaluated stack; step an episode first");
  double acc = 0;
  if (last_->feasible) acc = 100.0 * sim_->evaluate_test(last_->arch, last_->seed).accuracy;
  return {{"test_accuracy", acc, "%", direction::maximize}};
}

// ----- one-shot -------------------------------------------------------------------------------

inference_stack_one_shot::inference_stack_one_shot(const inference_stack_options& o)
    : eval_(o, episode_shape::one_shot),
      obs_space_(running_box(0)),
      act_space_(std::vector<std::int64_t>{
          std::min<std::int64_t>(10, static_cast<std::int64_t>(eval_.simulator().models().size())), 5, 4, 5, 4, 3, 2}) {}

ls::architecture inference_stack_one_shot::decode(const action_type& a) const {
  const auto& models = eval_.simulator().models();
  const auto& rank = eval_.ranking();
  const std::string top = models.at(rank[0]).name;
  const int n_models = static_cast<int>(a[0]) + 1, samples = static_cast<int>(a[1]) + 1;
  const int fusion_layers = static_cast<int>(a[2]) + 1, fusers = 2 * (static_cast<int>(a[3]) + 1);
  const std::int64_t before = a[4], evaluation = a[5];
  const double temperature = a[6] == 0 ? 0.7 : 1.0;
  ls::architecture arch;
  arch.name = "oneshot-" + std::to_string(n_models) + "x" + std::to_string(samples) + "-f" +
              std::to_string(fusion_layers) + "x" + std::to_string(fusers) + "-b" + std::to_string(before) + "-e" +
              std::to_string(evaluation) + (a[6] ? "-hot" : "");
  ls::layer gens;
  for (int i = 0; i < n_models; ++i) {
    auto g = comp(ct::generator, models.at(rank[static_cast<std::size_t>(i)]).name, samples);
    g.temperature = temperature;
    gens.push_back(g);
  }
  arch.layers.push_back(std::move(gens));
  for (int f = 0; f < fusion_layers; ++f) {
    const bool last = f + 1 == fusion_layers;
    if (before == 1 || before == 3) arch.layers.push_back({comp(ct::critic, top)});
    if (before == 2 || before == 3) {
      auto r = comp(ct::ranker, top);
      r.top_k = 5, r.use_critiques = before == 3;
      arch.layers.push_back({r});
    }
    if (last && evaluation == 1) arch.layers.push_back({comp(ct::verifier, top)});
    if (last && evaluation == 2) {
      auto u = comp(ct::unit_test_generator, top);
      u.unit_test_cap = 5;
      auto e = comp(ct::unit_test_evaluator, top);
      e.top_k = 3;
      arch.layers.push_back({u});
      arch.layers.push_back({e});
    }
    // R3: a critic right before a verifier / UT layer would not feed a ranker or fuser; the
    // evaluation layer then sits between the ranker/critic block and the last fuser only when legal.
    arch.layers.push_back(ls::layer(static_cast<std::size_t>(last ? 1 : fusers), comp(ct::fuser, top)));
  }
  // Move an evaluation layer placed right after a lone critic (illegal by R3) before the critic.
  for (std::size_t l = 1; l + 1 < arch.layers.size(); ++l) {
    if (arch.layers[l][0].type == ct::critic && arch.layers[l + 1][0].type != ct::ranker &&
        arch.layers[l + 1][0].type != ct::fuser) {
      const ls::layer critic = arch.layers[l];
      std::size_t k = l + 1;
      while (k < arch.layers.size() && arch.layers[k][0].type != ct::fuser) ++k;
      arch.layers.erase(arch.layers.begin() + static_cast<std::ptrdiff_t>(l));
      arch.layers.insert(arch.layers.begin() + static_cast<std::ptrdiff_t>(k - 1), critic);
    }
  }
  return arch;
}

reset_result<inference_stack_one_shot::observation_type> inference_stack_one_shot::reset(
    std::optional<std::uint64_t> seed) {
  if (seed) seed_ = *seed;
  return {to_xarray(std::vector<double>(n_running, 0.0)), {}};
}

step_result<inference_stack_one_shot::observation_type> inference_stack_one_shot::step(const action_type& a) {
  if (!act_space_.contains(a))
    throw invalid_action("llm: a one-shot design is 7 integers [models 0..9, samples 0..4, fusion layers 0..3, "
                         "fusers per layer 0..4, before-fusion 0..3 (none, critic, ranker, critic+ranker), "
                         "evaluation 0..2 (none, verifier, unit tests), temperature 0..1]");
  stack_outcome o = eval_.evaluate(decode(a), seed_);
  xt::xarray<double> obs = to_xarray(o.running);
  return {std::move(obs), o.score, true, false, std::move(o.info)};
}

// ----- sequential -----------------------------------------------------------------------------

inference_stack_sequential::inference_stack_sequential(const inference_stack_options& o)
    : eval_(o, episode_shape::sequential), obs_space_(running_box(max_steps)), act_space_(actions) {
  (void)reset(std::nullopt);
}

inference_stack_sequential::observation_type inference_stack_sequential::observe() const {
  std::vector<double> v;
  v.reserve(max_steps + n_running);
  for (int i = 0; i < max_steps; ++i)
    v.push_back(i < static_cast<int>(codes_.size()) ? static_cast<double>(codes_[static_cast<std::size_t>(i)]) : -1.0);
  v.insert(v.end(), running_.begin(), running_.end());
  return to_xarray(v);
}

reset_result<inference_stack_sequential::observation_type> inference_stack_sequential::reset(
    std::optional<std::uint64_t> seed) {
  if (seed) seed_ = *seed;
  stack_ = {};
  stack_.name = "sequential";
  codes_.clear();
  running_.assign(n_running, 0.0);
  score_ = 0, usd_ = 0;
  last_info_ = {};
  session_.reset();
  done_ = false;
  return {observe(), {}};
}

step_result<inference_stack_sequential::observation_type> inference_stack_sequential::step(action_type a) {
  if (!act_space_.contains(a))
    throw invalid_action("llm: action " + std::to_string(a) + " is outside 0..49 (step 0: generator layer "
                         "(models a/5+1, samples a%5+1); later: 0-4 stop, 5-14 fusers, 15-24 critic+fusers, "
                         "25-29 ranker, 30-34 critic+ranker, 35-39 verifier, 40-49 unit tests)");
  if (done_) throw reset_needed("llm: the stack is complete; call reset()");
  const auto& models = eval_.simulator().models();
  const auto& rank = eval_.ranking();
  const std::string top = models.at(rank[0]).name;
  const bool first = codes_.empty();
  if (!first && a < 5) {  // stop: the stack stays as it is; repeat its metrics, nothing is spent
    codes_.push_back(a);
    done_ = true;
    step_info info = last_info_;
    info.cost = 0.0;
    return {observe(), 0.0, true, false, std::move(info)};
  }
  codes_.push_back(a);
  const std::size_t from = stack_.layers.size();
  if (first) {
    session_.emplace(eval_.simulator(), eval_.simulator().bench().dev(), seed_);
    const std::size_t n = std::min<std::size_t>(static_cast<std::size_t>(a / 5 + 1), models.size());
    ls::layer gens;
    for (std::size_t i = 0; i < n; ++i) gens.push_back(comp(ct::generator, models.at(rank[i]).name, static_cast<int>(a % 5 + 1)));
    stack_.layers.push_back(std::move(gens));
  } else if (a < 25) {
    const bool critic = a >= 15;
    const int fusers = static_cast<int>(critic ? a - 14 : a - 4);
    if (critic) stack_.layers.push_back({comp(ct::critic, top)});
    stack_.layers.push_back(ls::layer(static_cast<std::size_t>(fusers), comp(ct::fuser, top)));
  } else if (a < 35) {
    const bool critic = a >= 30;
    auto r = comp(ct::ranker, top);
    r.top_k = static_cast<int>(critic ? a - 29 : a - 24);
    r.use_critiques = critic;
    if (critic) stack_.layers.push_back({comp(ct::critic, top)});
    stack_.layers.push_back({r});
  } else if (a < 40) {
    const std::size_t k = std::min<std::size_t>(static_cast<std::size_t>(a - 35), models.size() - 1);
    stack_.layers.push_back({comp(ct::verifier, models.at(rank[k]).name)});
  } else {
    auto u = comp(ct::unit_test_generator, top);
    u.unit_test_cap = ut_caps[static_cast<std::size_t>((a - 40) % 5)];
    auto e = comp(ct::unit_test_evaluator, top);
    if (a < 45) e.top_k = 1;
    else e.first_k = 1;
    stack_.layers.push_back({u});
    stack_.layers.push_back({e});
  }
  stack_outcome o = eval_.evaluate(stack_, seed_, &*session_, from);
  const double reward = o.score - score_;
  score_ = o.score;
  const double total = o.info.cost;
  o.info.cost = std::max(0.0, total - usd_);
  usd_ = std::max(usd_, total);
  running_ = o.running;
  last_info_ = o.info;
  const bool truncated = o.valid && !o.within_budget;
  const bool terminated = !o.valid || (!truncated && static_cast<int>(codes_.size()) >= max_steps);
  done_ = terminated || truncated;
  return {observe(), reward, terminated, truncated, std::move(o.info)};
}

// ----- registration ---------------------------------------------------------------------------

void register_llm_envs(registry& r) {
  r.add({env_id_text,
         "Archon-style inference-technique stacking over simulated LLMs (llmsys simulator, roofline cost model)",
         llm_kwargs(),
         [](const kwargs_reader& k) {
           inference_stack_options o;
           o.benchmark = k.get_string("benchmark");
           o.catalogue = k.get_string("catalogue");
           o.questions = k.get_int("questions");
           o.benchmark_seed = k.get_int("benchmark_seed");
           o.max_calls = k.get_int("max_calls");
           o.max_usd = k.get_real("max_usd");
           o.objective = k.get_string("objective");
           o.latency_limit_s = k.get_real("latency_limit_s");
           o.cost_limit_usd = k.get_real("cost_limit_usd");
           o.gpu = k.get_string("gpu");
           o.pricing = k.get_string("pricing");
           if (k.get_string("mode") == "one_shot") return any_env(inference_stack_one_shot(o));
           return any_env(inference_stack_sequential(o));
         },
         false,
         // 100 evaluations keep the default leaderboard's 8 agents x 5 seeds to a few seconds here.
         value::dict{{"kind", "evaluations"}, {"amount", 100.0}}});
}

}  // namespace dsegym::envs::llm
