#include "dsegym/sim/nn/trainer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <mutex>
#include <numeric>
#include <sstream>

#include "dsegym/core/error.hpp"
#include "dsegym/core/random.hpp"
#include "dsegym/sim/nn/cache.hpp"
#include "dsegym/sim/nn/loss.hpp"

namespace dsegym::sim::nn {

std::string canonical_string(const recipe& r) {
  std::ostringstream o;
  o.precision(17);
  o << "opt=" << to_string(r.optimizer) << ";lr=" << r.learning_rate
    << ";sched=" << to_string(r.schedule);
  if (r.schedule == schedule_kind::warmup_cosine) o << "/" << r.warmup_fraction;
  o << ";wd=" << r.weight_decay << ";bs=" << r.batch_size << ";ls=" << r.label_smoothing
    << ";mixup=" << r.mixup_alpha << ";ema=" << r.ema_decay << ";aug=" << r.augment.crop_pad << "/"
    << (r.augment.hflip ? 1 : 0) << "/" << (r.augment.random_erasing ? 1 : 0);
  return o.str();
}

recipe nb201_recipe() {
  recipe r;
  r.optimizer = optimizer_kind::sgd_nesterov;
  r.learning_rate = 0.1;
  r.schedule = schedule_kind::cosine;
  r.weight_decay = 5e-4;
  r.batch_size = 128;
  r.augment = {.crop_pad = 2, .hflip = true, .random_erasing = false};
  return r;
}

namespace {

void gather(const dataset& d, std::span<const std::size_t> rows, tensor& x, std::vector<int>& y) {
  std::vector<int> shape = d.images.shape();
  shape[0] = static_cast<int>(rows.size());
  x = tensor::uninitialized(shape);
  const std::size_t f = d.images.inner_size();
  y.resize(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::copy_n(d.images.data() + rows[i] * f, f, x.data() + i * f);
    y[i] = d.labels[rows[i]];
  }
}

struct eval_result {
  double accuracy = 0.0, loss = 0.0;
};

eval_result evaluate(sequential& net, const dataset& d) {
  if (d.size() == 0) return {};
  run_context ctx{false, nullptr};
  const std::size_t n = static_cast<std::size_t>(d.size()), bs = 256;
  std::vector<std::size_t> rows;
  tensor x;
  std::vector<int> y;
  double loss = 0.0;
  std::size_t correct = 0;
  for (std::size_t s = 0; s < n; s += bs) {
    rows.resize(std::min(bs, n - s));
    std::iota(rows.begin(), rows.end(), s);
    gather(d, rows, x, y);
    const tensor logits = net.forward(x, ctx);
    const loss_result r = softmax_cross_entropy(logits, y);
    loss += r.loss * static_cast<double>(rows.size());
    correct += r.correct;
  }
  return {static_cast<double>(correct) / static_cast<double>(n), loss / static_cast<double>(n)};
}

}  // namespace

train_result train(const network_spec& spec, const recipe& rec, const dataset& train_set,
                   const dataset& eval_set, const fidelity& fid, std::uint64_t seed,
                   int num_classes) {
  const auto t0 = std::chrono::steady_clock::now();
  if (fid.epochs < 1 || fid.epochs > 1000)
    throw invalid_argument("nn", "epochs must be in 1..1000, got " + std::to_string(fid.epochs));
  if (rec.batch_size < 2)
    throw invalid_argument("nn", "batch size must be >= 2, got " + std::to_string(rec.batch_size));
  if (!(rec.learning_rate > 0.0) || !std::isfinite(rec.learning_rate))
    throw invalid_argument("nn", "learning rate must be finite and > 0, got " +
                                     std::to_string(rec.learning_rate));
  if (!(rec.warmup_fraction >= 0.0 && rec.warmup_fraction < 1.0))
    throw invalid_argument("nn", "warm-up fraction must be in [0, 1), got " +
                                     std::to_string(rec.warmup_fraction));
  if (!(rec.mixup_alpha >= 0.0))
    throw invalid_argument("nn", "mixup alpha must be >= 0, got " + std::to_string(rec.mixup_alpha));
  if (train_set.images.rank() != 4 || train_set.size() < 2 ||
      train_set.images.dim(0) != train_set.size())
    throw invalid_argument("nn", "training set must be N x C x H x W with N >= 2 labels, got " +
                                     shape_string(train_set.images.shape()));
  if (eval_set.size() > 0 && (eval_set.images.rank() != 4 ||
                              eval_set.images.dim(0) != eval_set.size() ||
                              !std::equal(eval_set.images.shape().begin() + 1,
                                          eval_set.images.shape().end(),
                                          train_set.images.shape().begin() + 1)))
    throw invalid_argument("nn", "evaluation images " + shape_string(eval_set.images.shape()) +
                                     " do not match training images " +
                                     shape_string(train_set.images.shape()));
  std::vector<std::size_t> all(static_cast<std::size_t>(train_set.size()));
  std::iota(all.begin(), all.end(), std::size_t{0});
  const std::vector<std::size_t> used = prefix_fraction(all, fid.data_fraction);

  rng init(derive_seed(seed, "init"));
  rng order(derive_seed(seed, "batches"));
  rng aug(derive_seed(seed, "augment"));
  rng drop(derive_seed(seed, "dropout"));
  rng mix(derive_seed(seed, "mixup"));

  const int c = train_set.images.dim(1), h = train_set.images.dim(2), w = train_set.images.dim(3);
  auto net = build_network(spec, c, h, w, num_classes, init);
  std::vector<parameter*> params;
  net->collect_parameters(params);
  optimizer_config oc;
  oc.kind = rec.optimizer;
  oc.weight_decay = rec.weight_decay;
  optimizer opt(oc, params);
  std::unique_ptr<weight_ema> ema;
  if (rec.ema_decay > 0.0) ema = std::make_unique<weight_ema>(rec.ema_decay, params);

  const std::size_t n = used.size(), bs = static_cast<std::size_t>(rec.batch_size);
  const std::size_t full_batches = n / bs, rest = n % bs;
  const std::size_t per_epoch = full_batches + (rest >= 2 ? 1 : 0);
  const long total = static_cast<long>(per_epoch) * fid.epochs;

  train_result res;
  std::vector<std::size_t> perm = used;
  tensor x, grad;
  std::vector<int> y, yb;
  long it = 0;
  run_context ctx{true, &drop};
  for (int epoch = 0; epoch < fid.epochs; ++epoch) {
    shuffle(order, std::span<std::size_t>(perm));
    double loss_sum = 0.0;
    std::size_t seen = 0;
    for (std::size_t b = 0; b < per_epoch; ++b, ++it) {
      const std::size_t start = b * bs, len = std::min(bs, n - start);
      gather(train_set, std::span<const std::size_t>(perm).subspan(start, len), x, y);
      augment_batch(x, rec.augment, aug);
      double lam = 1.0;
      if (rec.mixup_alpha > 0.0) lam = mixup_batch(x, y, yb, rec.mixup_alpha, mix);
      const tensor logits = net->forward_move(std::move(x), ctx);
      const loss_result lr = softmax_cross_entropy(
          logits, y, rec.label_smoothing, &grad,
          rec.mixup_alpha > 0.0 ? std::span<const int>(yb) : std::span<const int>{}, lam);
      if (!std::isfinite(lr.loss)) {
        // Diverged: stop; the network's predictions are what they are (usually chance).
        it = total;
        break;
      }
      loss_sum += lr.loss * static_cast<double>(len);
      seen += len;
      zero_grad(params);
      net->backward_parameters(grad);
      opt.step(learning_rate(rec.schedule, rec.learning_rate, it, total, rec.warmup_fraction));
      if (ema) ema->update(params);
    }
    res.images_seen += seen;
    res.train_loss = seen ? loss_sum / static_cast<double>(seen)
                          : std::numeric_limits<double>::quiet_NaN();
    if (ema) ema->swap(params);
    const eval_result ev = evaluate(*net, eval_set);
    if (ema) ema->swap(params);
    res.epoch_accuracy.push_back(ev.accuracy);
    res.accuracy = ev.accuracy;
    res.loss = ev.loss;
    if (it >= total && epoch + 1 < fid.epochs) break;
  }
  res.params = count_parameters(*net);
  res.macs = net->macs_per_image();
  res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return res;
}

double training_macs(const train_result& r, int eval_size) {
  const double fwd = static_cast<double>(r.macs);
  return 3.0 * fwd * static_cast<double>(r.images_seen) +
         fwd * static_cast<double>(eval_size) * static_cast<double>(r.epoch_accuracy.size());
}

double simulated_seconds(const train_result& r, int eval_size, const compute_clock& clock) {
  if (!(clock.gflops > 0.0) || !std::isfinite(clock.gflops) || !(clock.epoch_overhead_s >= 0.0))
    throw invalid_argument("nn", "compute clock needs gflops > 0 and epoch overhead >= 0");
  return 2.0 * training_macs(r, eval_size) / (clock.gflops * 1e9) +
         static_cast<double>(r.epoch_accuracy.size()) * clock.epoch_overhead_s;
}

// ---------------------------------------------------------------------------------------------

std::string canonical_string(const fmnist_task& t) {
  std::ostringstream o;
  o << "fmnist;preset="
    << (t.preset == fmnist_preset::full ? "full" : t.preset == fmnist_preset::ci ? "ci" : "search")
    << ";protocol=" << (t.protocol == fmnist_protocol::valid ? "valid" : "test")
    << ";side=" << t.side << ";split=" << t.split_seed;
  return o.str();
}

split_sizes preset_sizes(fmnist_preset preset) {
  switch (preset) {
    case fmnist_preset::ci: return {1000, 500, 1000};
    case fmnist_preset::search: return {50000, 10000, 10000};
    case fmnist_preset::full: break;
  }
  return {10000, 5000, 10000};
}

task_data make_task_data(const fmnist_task& task) {
  const input_geometry geo = geometry_for_side(task.side);
  const fashion_mnist& fm = fashion_mnist_shared(task.data_dir);
  const bool ci = task.preset == fmnist_preset::ci;
  const split_sizes sizes = preset_sizes(task.preset);
  const split_indices s = stratified_split(fm.train.labels, k_fashion_mnist_classes,
                                           static_cast<std::size_t>(sizes.train),
                                           static_cast<std::size_t>(sizes.valid), task.split_seed);
  task_data d;
  if (task.protocol == fmnist_protocol::valid) {
    d.train = make_dataset(fm.train, s.first, geo);
    d.eval = make_dataset(fm.train, s.second, geo);
    return d;
  }
  std::vector<std::size_t> both = s.first;
  both.insert(both.end(), s.second.begin(), s.second.end());
  d.train = make_dataset(fm.train, both, geo);
  if (!ci) {
    std::vector<std::size_t> all(static_cast<std::size_t>(fm.test.count));
    std::iota(all.begin(), all.end(), std::size_t{0});
    d.eval = make_dataset(fm.test, all, geo);
  } else {
    const split_indices t = stratified_split(fm.test.labels, k_fashion_mnist_classes,
                                             static_cast<std::size_t>(sizes.test), 0,
                                             task.split_seed);
    d.eval = make_dataset(fm.test, t.first, geo);
  }
  return d;
}

std::shared_ptr<const task_data> shared_task_data(const fmnist_task& task) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const task_data>> built;
  const std::string key = canonical_string(task) + ";dir=" + task.data_dir.string();
  const std::lock_guard lock(mu);
  auto& slot = built[key];
  if (!slot) slot = std::make_shared<const task_data>(make_task_data(task));
  return slot;
}

nb201_train_options nb201_ci_options(fmnist_protocol protocol) {
  nb201_train_options o;
  o.channels = 4;
  o.cells = 1;
  o.epochs = 1;
  o.task.preset = fmnist_preset::ci;
  o.task.protocol = protocol;
  return o;
}

train_result train_nb201(const nb201_ops& ops, const nb201_train_options& opt, std::uint64_t seed,
                         result_cache* cache) {
  const network_spec spec = nb201_network(ops, opt.channels, opt.cells);
  const recipe rec = nb201_recipe();
  const fidelity fid{opt.epochs, 1.0};
  const std::string data_id = canonical_string(opt.task);
  // A hit needs no data: answer it before Fashion-MNIST is decompressed (replays of cached runs).
  if (cache) {
    if (auto hit = cache->get(cache_key(data_id, spec, rec, fid, seed))) return *hit;
  }
  const auto data = shared_task_data(opt.task);
  return train_cached(cache, data_id, spec, rec, data->train, data->eval, fid, seed);
}

}  // namespace dsegym::sim::nn
