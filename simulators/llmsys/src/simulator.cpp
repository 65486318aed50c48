#include "dsegym/sim/llmsys/simulator.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>

#include "dsegym/core/error.hpp"
#include "dsegym/sim/llmsys/sampling.hpp"

namespace dsegym::sim::llmsys {

namespace {
constexpr std::uint64_t k_gen = hash_name("generator");
constexpr std::uint64_t k_fuse = hash_name("fuser");
constexpr std::uint64_t k_rank = hash_name("ranker");
constexpr std::uint64_t k_verify = hash_name("verifier");
constexpr std::uint64_t k_utgen = hash_name("unit_test_generator");
constexpr std::uint64_t k_uteval = hash_name("unit_test_evaluator");
constexpr std::uint64_t k_final = hash_name("final_select");
constexpr std::uint64_t k_mix = hash_name("model_distractors");
constexpr std::uint64_t k_shift = hash_name("model_item_shift");
constexpr double critique_tokens = 150;   // critic output per candidate
constexpr double rank_tokens = 6;         // ranker output per candidate
constexpr double verify_reason_tokens = 250, verify_verdict_tokens = 5;
constexpr double test_tokens_each = 60, test_verdict_tokens = 20;
constexpr int max_ut_retries = 10;
constexpr int wide_threshold = 32;

std::uint64_t bits(double x) {
  std::uint64_t b = 0;
  std::memcpy(&b, &x, sizeof b);
  return b;
}
double finite_delta(double d) { return std::isfinite(d) ? d : 6.0; }
}  // namespace
void add_trace(evaluation& e, const question_trace& t);
void normalise(evaluation& e);
namespace {
// Output lengths: LogNormal with mean L_m and cv 0.3 (sigma² = log(1 + cv²), shift sigma²/2).
const double len_sigma = std::sqrt(std::log1p(0.09));
const double len_shift = 0.5 * std::log1p(0.09);
}  // namespace

struct simulator::candidate {
  int answer = 0;       // 0 = correct, 1..K = wrong answer j (choice/code)
  double quality = 0;   // q (open)
  double z = 0;         // latent plausibility shared by all judges
  double length = 0;    // output tokens
  double kappa = -1;    // critique skill of the critic that reviewed it (< 0: no critique)
  std::uint64_t uid = 0;
};

struct simulator::state {
  std::vector<candidate> cands;
  struct test {
    bool valid = false;
    std::uint32_t pass_mask = 0;  // bit a: the test passes answer a (choice/code)
    std::uint64_t key = 0;
  };
  std::vector<test> tests;
  double test_tokens = 0;
  bool tests_in_prompt = false;
};

simulator::simulator(std::shared_ptr<const benchmark> bench, catalogue models, simulator_options options)
    : bench_(std::move(bench)), models_(std::move(models)), opt_(std::move(options)), cost_(find_gpu(opt_.gpu), opt_.roofline) {
  if (!bench_) throw invalid_argument("llmsys", "simulator needs a benchmark");
  if (!(opt_.gpu_hour_usd >= 0)) throw invalid_argument("llmsys", "gpu_hour_usd must be >= 0");
  const auto& p = bench_->params();
  model_keys_.reserve(models_.size());
  for (const auto& m : models_.models()) model_keys_.push_back(hash_name(m.name));
  item_shift_.resize(models_.size());
  for (std::size_t m = 0; m < models_.size(); ++m) {
    item_shift_[m].resize(bench_->size());
    for (std::size_t i = 0; i < bench_->size(); ++i) {
      rng g = keyed_rng({bench_->seed(), hash_name(p.name), k_shift, model_keys_[m], i});
      item_shift_[m][i] = p.model_item_sd * standard_normal(g);
    }
  }
  if (p.fam != family::open) {
    log_mix_.resize(models_.size());
    const std::size_t k = static_cast<std::size_t>(p.distractors);
    std::vector<double> own(k);
    for (std::size_t m = 0; m < models_.size(); ++m) {
      const double rho = models_.at(m).idiosyncrasy;
      auto& per_q = log_mix_[m];
      per_q.resize(bench_->size());
      for (std::size_t i = 0; i < bench_->size(); ++i) {
        rng g = keyed_rng({bench_->seed(), hash_name(p.name), k_mix, model_keys_[m], i});
        dirichlet_draw(g, p.dirichlet_gamma, own);
        const auto& w = bench_->at(i).distractor_weights;
        per_q[i].resize(k);
        for (std::size_t j = 0; j < k; ++j)
          per_q[i][j] = std::log(std::max(1e-300, (1.0 - rho) * w[j] + rho * own[j]));
      }
    }
  }
}

void simulator::answer_probs(std::size_t m, std::size_t i, double temperature, bool saw_tests,
                             std::vector<double>& out) const {
  const auto& md = models_.at(m);
  const auto& q = bench_->at(i);
  const auto& p = bench_->params();
  const double t_eff = md.diversity * temperature / 0.7;
  const auto& lm = log_mix_[m][i];
  out.resize(lm.size() + 1);
  double l0 = -std::numeric_limits<double>::infinity();
  if (std::isfinite(q.delta))
    l0 = (md.theta(p.fam) + item_shift_[m][i] - q.delta + (saw_tests && p.fam == family::code ? p.delta_ut : 0.0)) / t_eff;
  double mx = l0;
  for (double x : lm) mx = std::max(mx, x / t_eff);
  double total = 0;
  out[0] = std::isfinite(l0) ? std::exp(l0 - mx) : 0.0;
  total += out[0];
  for (std::size_t j = 0; j < lm.size(); ++j) total += (out[j + 1] = std::exp(lm[j] / t_eff - mx));
  for (double& x : out) x /= total;
}

double simulator::p_correct(std::size_t model, std::size_t question, double temperature, bool saw_tests) const {
  if (bench_->fam() == family::open) throw invalid_argument("llmsys", "p_correct needs a choice or code benchmark");
  std::vector<double> pr;
  answer_probs(model, question, temperature, saw_tests, pr);
  return pr[0];
}

int simulator::sample_answer(std::size_t model, std::size_t question, double temperature, std::uint64_t seed,
                             std::uint64_t index) const {
  if (bench_->fam() == family::open) throw invalid_argument("llmsys", "sample_answer needs a choice or code benchmark");
  std::vector<double> pr;
  answer_probs(model, question, temperature, false, pr);
  rng g = keyed_rng({seed, question, k_gen, model_keys_.at(model), index, bits(temperature), 0});
  return static_cast<int>(categorical(g, std::span<const double>(pr)));
}

int simulator::modal_answer(std::size_t model, std::size_t question, double temperature) const {
  std::vector<double> pr;
  answer_probs(model, question, temperature, false, pr);
  return static_cast<int>(std::max_element(pr.begin(), pr.end()) - pr.begin());
}

void simulator::validate(const architecture& a) const {
  check_layer_rules(a);
  using ct = component_type;
  const auto& p = bench_->params();
  double n = 0, len = 0, tests = 0;
  bool critiques = false;
  for (std::size_t l = 0; l < a.layers.size(); ++l) {
    double n_out = 0, len_sum = 0;
    for (std::size_t c = 0; c < a.layers[l].size(); ++c) {
      const component& x = a.layers[l][c];
      const model_params& m = models_.at(models_.index_of(x.model));
      const double prompt = p.prompt_tokens + opt_.instruction_tokens + tests;
      const double mean_len = std::min<double>(x.max_tokens, m.output_tokens * p.output_scale);
      double input = prompt;
      switch (x.type) {
        case ct::generator: n_out += x.samples, len_sum += x.samples * mean_len; break;
        case ct::fuser:
          input += n * len + (critiques ? critique_tokens * n : 0.0);
          n_out += x.samples, len_sum += x.samples * std::min(len, static_cast<double>(x.max_tokens));
          break;
        case ct::critic: input += n * len; break;
        case ct::ranker: input += n * len + (critiques && x.use_critiques ? critique_tokens * n : 0.0); break;
        case ct::verifier: input += len + verify_reason_tokens; break;
        case ct::unit_test_generator: break;
        case ct::unit_test_evaluator: input += len; break;
      }
      if (input > m.context)
        throw invalid_argument(
            "llmsys", "illegal architecture (context): layer " + std::to_string(l) + " component " + std::to_string(c) +
                          " (" + std::string(to_string(x.type)) + ", model " + m.name + ") expects ≈" +
                          std::to_string(static_cast<long long>(input)) + " input tokens (" +
                          std::to_string(static_cast<long long>(n)) + " candidates of ≈" +
                          std::to_string(static_cast<long long>(len)) + " tokens), more than its " +
                          std::to_string(m.context) + "-token context window");
    }
    const ct t = a.layers[l][0].type;
    const component& x = a.layers[l][0];
    if (t == ct::generator || t == ct::fuser) {
      len = n_out > 0 ? len_sum / n_out : 0.0;
      n = n_out;
      critiques = false;
    } else if (t == ct::critic) {
      critiques = true;
    } else if (t == ct::ranker) {
      n = std::min(n, static_cast<double>(x.top_k > 0 ? x.top_k : 5));
    } else if (t == ct::unit_test_generator) {
      tests = test_tokens_each * x.unit_test_cap;
    } else if (t == ct::unit_test_evaluator) {
      n = std::min(n, static_cast<double>(x.first_k > 0 ? x.first_k : (x.top_k > 0 ? x.top_k : 1)));
      if (x.remove_unit_tests_from_prompt) tests = 0;
    }
  }
}

evaluation simulator::evaluate(const architecture& a, std::span<const std::size_t> questions, std::uint64_t seed) const {
  validate(a);
  evaluation e;
  e.questions = questions.size();
  e.scores.reserve(questions.size());
  for (std::size_t i : questions) {
    if (i >= bench_->size())
      throw invalid_argument("llmsys", "question " + std::to_string(i) + " is outside the benchmark's " +
                                           std::to_string(bench_->size()) + " questions");
    add_trace(e, run_question(a, i, seed));
  }
  normalise(e);
  return e;
}

question_trace simulator::run_question(const architecture& a, std::size_t qi, std::uint64_t seed) const {
  question_trace tr;
  state cur;
  for (std::size_t l = 0; l < a.layers.size(); ++l) run_layer(a.layers[l], l, qi, seed, cur, tr);
  finish(cur, qi, seed, tr);
  return tr;
}

void simulator::run_layer(const layer& ly, std::size_t l, std::size_t qi, std::uint64_t seed, state& cur,
                          question_trace& tr) const {
  using ct = component_type;
  const auto& p = bench_->params();
  const question& q = bench_->at(qi);
  const family fam = p.fam;
  const double delta = finite_delta(q.delta);
  std::vector<double> probs, count, zsum, f2sum, zo;

  // Accounts `calls` calls of one component with shared prefill; returns the component's latency.
  const auto account = [&](const model_params& m, double input, double output_each, double output_total,
                           int parallel, double calls) {
    if (input > m.context) {
      ++tr.context_overflows;
      input = m.context;
    }
    const call_cost c = cost_.call(m.shape, input, output_each, parallel);
    tr.calls += calls;
    tr.input_tokens += input * calls;
    tr.output_tokens += output_total;
    tr.gpu_seconds += c.gpu_seconds;
    tr.energy_j += c.energy_j;
    tr.flops += c.flops;
    if (opt_.price == pricing::api)
      tr.usd += (input * calls * m.price_in + output_total * m.price_out) * 1e-6;
    else
      tr.usd += c.gpu_seconds / 3600.0 * opt_.gpu_hour_usd;
    return c.latency_s;
  };
  const auto noise_factor = [](const candidate& c, bool use) { return use && c.kappa >= 0 ? 1.0 - c.kappa : 1.0; };

  {
    const ct type = ly[0].type;
    const std::size_t n_in = cur.cands.size();
    tr.max_candidates = std::max(tr.max_candidates, static_cast<int>(n_in));
    if (n_in > wide_threshold) ++tr.wide_layers;
    const double prompt = q.prompt_tokens + opt_.instruction_tokens + (cur.tests_in_prompt ? cur.test_tokens : 0.0);
    double sum_len = 0, max_len = 0;
    for (const auto& c : cur.cands) sum_len += c.length, max_len = std::max(max_len, c.length);
    const bool have_critiques = std::any_of(cur.cands.begin(), cur.cands.end(), [](const candidate& c) { return c.kappa >= 0; });

    state next;
    next.tests = cur.tests, next.test_tokens = cur.test_tokens, next.tests_in_prompt = cur.tests_in_prompt;
    double layer_latency = 0;
    const auto add_latency = [&](double t) {
      layer_latency = opt_.sequential_layers ? layer_latency + t : std::max(layer_latency, t);
    };

    for (std::size_t ci = 0; ci < ly.size(); ++ci) {
      const component& x = ly[ci];
      const std::size_t mi = models_.index_of(x.model);
      const model_params& m = models_.at(mi);
      const double t_eff = m.diversity * x.temperature / 0.7;
      const double mean_len = m.output_tokens * p.output_scale;
      bool have_probs = false;
      // A fresh sample of model m (generator, or a fuser re-solving).
      const auto fresh = [&](rng& g, std::uint64_t uid) {
        candidate c;
        c.uid = uid;
        if (fam == family::open) {
          c.quality = m.theta(fam) + item_shift_[mi][qi] - delta + p.sigma_q * t_eff * standard_normal(g) - 0.15 * std::max(0.0, t_eff - 1.0);
          c.z = c.quality + opt_.open_plausibility_noise * standard_normal(g);
        } else {
          if (!have_probs) answer_probs(mi, qi, x.temperature, cur.tests_in_prompt, probs), have_probs = true;
          c.answer = static_cast<int>(categorical(g, std::span<const double>(probs)));
          c.z = (c.answer == 0 ? q.mu : -q.mu) + standard_normal(g);
        }
        c.length = std::min<double>(x.max_tokens, std::round(mean_len * std::exp(len_sigma * standard_normal(g) - len_shift)));
        return c;
      };

      switch (type) {
        case ct::generator: {
          double out_total = 0, out_max = 0;
          for (int s = 0; s < x.samples; ++s) {
            const std::uint64_t key = mix_keys({seed, qi, k_gen, model_keys_[mi], static_cast<std::uint64_t>(s),
                                                bits(x.temperature), cur.tests_in_prompt ? 1u : 0u});
            rng g(key);
            candidate c = fresh(g, key);
            out_total += c.length, out_max = std::max(out_max, c.length);
            next.cands.push_back(c);
          }
          add_latency(account(m, prompt, out_max, out_total, x.samples, x.samples));
          break;
        }
        case ct::fuser: {
          const double input = prompt + sum_len + (have_critiques ? critique_tokens * static_cast<double>(n_in) : 0.0);
          const double mean_in = n_in ? sum_len / static_cast<double>(n_in) : mean_len;
          double out_total = 0, out_max = 0;
          const double sj = m.judge_noise * (fam == family::open ? opt_.open_plausibility_noise : 1.0);
          for (int s = 0; s < x.samples; ++s) {
            const std::uint64_t key = mix_keys({seed, qi, k_fuse, l, ci, static_cast<std::uint64_t>(s)});
            rng g(key);
            candidate out;
            const double resolve = m.resolve + (n_in > wide_threshold ? 0.3 : 0.0);
            if (n_in == 0 || uniform01(g) < resolve) {
              out = fresh(g, key);
            } else if (fam == family::open) {
              double mx = -1e300;
              zo.resize(n_in);
              for (std::size_t k = 0; k < n_in; ++k) {
                zo[k] = cur.cands[k].z + sj * noise_factor(cur.cands[k], true) * standard_normal(g);
                mx = std::max(mx, zo[k] / m.fuse_temperature);
              }
              double wsum = 0, qmix = 0, qmean = 0, kappa_sum = 0, n_crit = 0;
              for (std::size_t k = 0; k < n_in; ++k) {
                const double w = std::exp(zo[k] / m.fuse_temperature - mx);
                wsum += w, qmix += w * cur.cands[k].quality, qmean += cur.cands[k].quality;
                if (cur.cands[k].kappa >= 0) kappa_sum += cur.cands[k].kappa, ++n_crit;
              }
              qmix /= wsum, qmean /= static_cast<double>(n_in);
              double var = 0;
              for (const auto& c : cur.cands) var += (c.quality - qmean) * (c.quality - qmean);
              const double spread = std::sqrt(var / static_cast<double>(n_in));
              const double crit = n_crit > 0 ? opt_.critique_bonus * kappa_sum / n_crit : 0.0;
              const double n = static_cast<double>(n_in);
              out.quality = qmix + m.fusion * spread + crit -
                            opt_.fusion_crowding * std::max(0.0, n - opt_.fusion_crowding_start) -
                            (n_in > wide_threshold ? opt_.fusion_cliff : 0.0) + 0.3 * p.sigma_q * standard_normal(g);
              out.z = out.quality + opt_.open_plausibility_noise * standard_normal(g);
            } else {
              const std::size_t k_ans = static_cast<std::size_t>(p.distractors) + 1;
              // The mean of n_a independent judge errors of sd σ_J·f is one normal draw of sd
              // σ_J·sqrt(Σ f²)/n_a: the same distribution with one draw per answer.
              count.assign(k_ans, 0.0), zsum.assign(k_ans, 0.0), f2sum.assign(k_ans, 0.0);
              for (const auto& c : cur.cands) {
                const auto ans = static_cast<std::size_t>(c.answer);
                const double f = noise_factor(c, true);
                count[ans] += 1, zsum[ans] += c.z, f2sum[ans] += f * f;
              }
              double best = -1e300;
              int pick = 0;
              for (std::size_t ans = 0; ans < k_ans; ++ans) {
                if (count[ans] == 0) continue;
                const double zmean = (zsum[ans] + sj * std::sqrt(f2sum[ans]) * standard_normal(g)) / count[ans];
                const double sc = std::log(count[ans]) + m.fuse_trust * zmean + m.fuse_temperature * gumbel_draw(g);
                if (sc > best) best = sc, pick = static_cast<int>(ans);
              }
              out.answer = pick;
              out.z = (pick == 0 ? q.mu : -q.mu) + standard_normal(g);
            }
            out.uid = key;
            out.kappa = -1;
            out.length = std::round(mean_in * lognormal_mean_cv(g, 1.0, 0.1));
            if (x.length_control && max_len > 0) out.length = std::min(out.length, max_len);
            out.length = std::min<double>(out.length, x.max_tokens);
            out_total += out.length, out_max = std::max(out_max, out.length);
            next.cands.push_back(out);
          }
          add_latency(account(m, input, out_max, out_total, x.samples, x.samples));
          break;
        }
        case ct::critic: {
          next.cands = cur.cands;
          for (auto& c : next.cands) c.kappa = m.critique;
          const double out = critique_tokens * static_cast<double>(n_in);
          add_latency(account(m, prompt + sum_len, out, out, 1, 1));
          break;
        }
        case ct::ranker: {
          rng g = keyed_rng({seed, qi, k_rank, l});
          const double sj = m.judge_noise * (fam == family::open ? opt_.open_plausibility_noise : 1.0);
          std::vector<std::pair<double, std::size_t>> obs(n_in);
          for (std::size_t k = 0; k < n_in; ++k) {
            const auto& c = cur.cands[k];
            obs[k] = {c.z + sj * noise_factor(c, x.use_critiques) * standard_normal(g) +
                          (k == 0 ? opt_.position_bias * sj : 0.0),
                      k};
          }
          std::stable_sort(obs.begin(), obs.end(), [](const auto& u, const auto& v) { return u.first > v.first; });
          const std::size_t keep = std::min<std::size_t>(n_in, static_cast<std::size_t>(x.top_k > 0 ? x.top_k : 5));
          for (std::size_t k = 0; k < keep; ++k) next.cands.push_back(cur.cands[obs[k].second]);
          const double input = prompt + sum_len + (x.use_critiques && have_critiques ? critique_tokens * static_cast<double>(n_in) : 0.0);
          const double out = rank_tokens * static_cast<double>(n_in);
          add_latency(account(m, input, out, out, 1, 1));
          break;
        }
        case ct::verifier: {
          rng g = keyed_rng({seed, qi, k_verify, l});
          const double sj = m.judge_noise * (fam == family::open ? opt_.open_plausibility_noise : 1.0);
          std::size_t examined = 0, accepted = 0;
          double lat_max = 0, lat_sum = 0;
          for (const auto& c : cur.cands) {
            ++examined;
            const double t1 = account(m, prompt + c.length, verify_reason_tokens, verify_reason_tokens, 1, 1);
            const double t2 = account(m, prompt + c.length + verify_reason_tokens, verify_verdict_tokens,
                                      verify_verdict_tokens, 1, 1);
            lat_max = std::max(lat_max, t1 + t2), lat_sum += t1 + t2;
            if (c.z + sj * standard_normal(g) > m.verify_threshold) {
              next.cands.push_back(c);
              ++accepted;
              if (x.first_k > 0 && accepted >= static_cast<std::size_t>(x.first_k)) break;
            }
          }
          if (accepted == 0) next.cands = cur.cands;  // none accepted: all pass
          add_latency(x.first_k > 0 ? lat_sum : lat_max);
          break;
        }
        case ct::unit_test_generator: {
          rng g = keyed_rng({seed, qi, k_utgen, l});
          next.cands = cur.cands;
          next.tests.clear();
          const std::size_t k_ans = fam == family::open ? 0 : static_cast<std::size_t>(p.distractors) + 1;
          const double p_valid = sigmoid(m.test_skill - delta + 1.0);
          for (int t = 0; t < x.unit_test_cap; ++t) {
            state::test te;
            te.key = mix_keys({seed, qi, k_utgen, l, static_cast<std::uint64_t>(t)});
            te.valid = uniform01(g) < p_valid;
            for (std::size_t ans = 0; ans < k_ans && ans < 32; ++ans) {
              bool pass;
              if (ans == 0) pass = te.valid;
              else if (te.valid) pass = fam == family::code ? uniform01(g) < q.wrong_pass_prob[ans - 1] : false;
              else pass = uniform01(g) < 0.5;
              if (pass) te.pass_mask |= (1u << ans);
            }
            next.tests.push_back(te);
          }
          int attempts = 1;
          while (attempts <= max_ut_retries && uniform01(g) < opt_.ut_parse_failure) ++attempts;
          const double out = test_tokens_each * x.unit_test_cap;
          double lat = 0;
          for (int k = 0; k < attempts; ++k) lat += account(m, prompt, out, out, 1, 1);
          next.test_tokens = out;
          next.tests_in_prompt = true;
          add_latency(lat);
          break;
        }
        case ct::unit_test_evaluator: {
          rng g = keyed_rng({seed, qi, k_uteval, l});
          const double p_flip = sigmoid(0.0 - m.eval_skill + delta);
          const std::size_t n_tests = cur.tests.size();
          std::vector<std::pair<std::size_t, std::size_t>> passes(n_in);  // (passed, index)
          double lat = 0;
          for (std::size_t k = 0; k < n_in; ++k) {
            const auto& c = cur.cands[k];
            std::size_t passed = 0;
            for (const auto& te : cur.tests) {
              bool truth;
              if (fam == family::open) truth = uniform01(g) < sigmoid(1.5 * (c.quality - q.q_base) / p.sigma_w);
              else truth = ((te.pass_mask >> static_cast<unsigned>(std::min(c.answer, 31))) & 1u) != 0;
              if (uniform01(g) < p_flip) truth = !truth;
              passed += truth ? 1 : 0;
            }
            passes[k] = {passed, k};
            const double out = test_verdict_tokens * static_cast<double>(n_tests);
            lat = std::max(lat, account(m, prompt + c.length, out, out, 1, 1));
          }
          std::vector<std::size_t> keep;
          if (x.first_k > 0) {
            for (const auto& [passed, k] : passes)
              if (passed == n_tests && keep.size() < static_cast<std::size_t>(x.first_k)) keep.push_back(k);
          }
          if (keep.empty()) {
            std::stable_sort(passes.begin(), passes.end(), [](const auto& u, const auto& v) { return u.first > v.first; });
            const std::size_t k_keep = static_cast<std::size_t>(x.first_k > 0 ? x.first_k : (x.top_k > 0 ? x.top_k : 1));
            for (std::size_t k = 0; k < std::min(k_keep, n_in); ++k) keep.push_back(passes[k].second);
          }
          for (std::size_t k : keep) next.cands.push_back(cur.cands[k]);
          if (x.remove_unit_tests_from_prompt) next.tests_in_prompt = false;
          add_latency(lat);
          break;
        }
      }
    }
    tr.latency_s += layer_latency;
    cur = std::move(next);
  }
}

void simulator::finish(const state& cur, std::size_t qi, std::uint64_t seed, question_trace& tr) const {
  const auto& p = bench_->params();
  const question& q = bench_->at(qi);
  const family fam = p.fam;
  tr.score = 0, tr.oracle = 0, tr.any_correct_final = false;
  tr.final_candidates = cur.cands.size();
  for (const auto& c : cur.cands) tr.any_correct_final = tr.any_correct_final || (fam != family::open && c.answer == 0);
  if (cur.cands.empty()) return;
  std::size_t pick = 0;
  if (cur.cands.size() > 1 && opt_.select == final_select::random) {
    rng g = keyed_rng({seed, qi, k_final});
    pick = static_cast<std::size_t>(uniform_below(g, cur.cands.size()));
  }
  const auto score_of = [&](const candidate& c) {
    return fam == family::open ? normal_cdf((c.quality - q.q_base) / p.sigma_w) : (c.answer == 0 ? 1.0 : 0.0);
  };
  tr.score = score_of(cur.cands[pick]);
  for (const auto& c : cur.cands) tr.oracle = std::max(tr.oracle, score_of(c));
}

void add_trace(evaluation& e, const question_trace& t) {
  e.scores.push_back(t.score);
  e.accuracy += t.score;
  e.oracle += t.oracle;
  e.calls += t.calls, e.input_tokens += t.input_tokens, e.output_tokens += t.output_tokens;
  e.latency_s += t.latency_s, e.gpu_seconds += t.gpu_seconds, e.energy_j += t.energy_j;
  e.flops += t.flops, e.usd += t.usd;
  e.max_candidates = std::max(e.max_candidates, t.max_candidates);
  e.wide_layers += t.wide_layers, e.context_overflows += t.context_overflows;
}
void normalise(evaluation& e) {
  e.total_usd = e.usd;
  if (e.questions == 0) return;
  const double n = static_cast<double>(e.questions);
  e.accuracy /= n, e.oracle /= n, e.calls /= n, e.input_tokens /= n, e.output_tokens /= n, e.latency_s /= n;
  e.gpu_seconds /= n, e.energy_j /= n, e.flops /= n, e.usd /= n;
}

// ----- stack_session ----------------------------------------------------------------------------

struct stack_session::impl {
  const simulator* sim;
  std::vector<std::size_t> questions;
  std::uint64_t seed;
  architecture stack;
  std::vector<simulator::state> states;
  std::vector<question_trace> traces;
};

stack_session::stack_session(const simulator& sim, std::vector<std::size_t> questions, std::uint64_t seed)
    : impl_(std::make_unique<impl>()) {
  for (std::size_t q : questions)
    if (q >= sim.bench().size())
      throw invalid_argument("llmsys", "question " + std::to_string(q) + " is outside the benchmark's " +
                                           std::to_string(sim.bench().size()) + " questions");
  impl_->sim = &sim;
  impl_->questions = std::move(questions);
  impl_->seed = seed;
  impl_->states.resize(impl_->questions.size());
  impl_->traces.resize(impl_->questions.size());
}
stack_session::~stack_session() = default;
stack_session::stack_session(stack_session&&) noexcept = default;
stack_session& stack_session::operator=(stack_session&&) noexcept = default;

const architecture& stack_session::stack() const noexcept { return impl_->stack; }

evaluation stack_session::push(const std::vector<layer>& layers) {
  architecture next = impl_->stack;
  next.layers.insert(next.layers.end(), layers.begin(), layers.end());
  impl_->sim->validate(next);  // throws before anything changes
  const std::size_t from = impl_->stack.layers.size();
  evaluation e;
  e.questions = impl_->questions.size();
  e.scores.reserve(e.questions);
  for (std::size_t i = 0; i < impl_->questions.size(); ++i) {
    const std::size_t qi = impl_->questions[i];
    for (std::size_t l = from; l < next.layers.size(); ++l)
      impl_->sim->run_layer(next.layers[l], l, qi, impl_->seed, impl_->states[i], impl_->traces[i]);
    question_trace t = impl_->traces[i];
    impl_->sim->finish(impl_->states[i], qi, impl_->seed, t);
    add_trace(e, t);
  }
  normalise(e);
  impl_->stack = std::move(next);
  return e;
}

}  // namespace dsegym::sim::llmsys
