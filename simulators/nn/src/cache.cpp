#include "dsegym/sim/nn/cache.hpp"

#include <unistd.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <iostream>
#include <sstream>
#include <thread>

#include "dsegym/core/error.hpp"
#include "dsegym/core/random.hpp"

namespace dsegym::sim::nn {

namespace {

constexpr const char* k_magic = "dsegym-nn-cache-v1";

std::string hex64(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

std::string fmt(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

bool parse(const std::string& s, double& v) {
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}
bool parse(const std::string& s, std::uint64_t& v) {
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

void check_key(const std::string& key) {
  if (key.empty() || key.find('\n') != std::string::npos || key.find('\r') != std::string::npos)
    throw invalid_argument("nn.cache", "cache keys must be non-empty single lines, got '" + key + "'");
}

std::string serialise(const std::string& key, const train_result& r) {
  std::string s = std::string(k_magic) + "\nkey=" + key + "\naccuracy=" + fmt(r.accuracy) +
                  "\nloss=" + fmt(r.loss) + "\ntrain_loss=" + fmt(r.train_loss) +
                  "\nepoch_accuracy=";
  for (std::size_t i = 0; i < r.epoch_accuracy.size(); ++i) {
    if (i) s += ',';
    s += fmt(r.epoch_accuracy[i]);
  }
  s += "\nmacs=" + std::to_string(r.macs) + "\nparams=" + std::to_string(r.params) +
       "\nimages_seen=" + std::to_string(r.images_seen) + "\nseconds=" + fmt(r.seconds) + "\n";
  s += "checksum=" + hex64(hash_name(s)) + "\n";
  return s;
}

}  // namespace

result_cache::result_cache(std::filesystem::path dir) : dir_(std::move(dir)) {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (!std::filesystem::is_directory(dir_, ec))
    throw invalid_argument("nn.cache", "cache directory '" + dir_.string() +
                                           "' cannot be created or is not a directory");
}

std::filesystem::path result_cache::file_for(const std::string& key) const {
  const std::uint64_t h1 = hash_name(key);
  const std::uint64_t h2 = derive_seed(h1 ^ key.size(), key);
  return dir_ / (hex64(h1) + hex64(h2) + ".txt");
}

std::optional<train_result> result_cache::get(const std::string& key) const {
  check_key(key);
  std::ifstream in(file_for(key), std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  // Verify the checksum line first: anything truncated or altered is a miss.
  const std::size_t cpos = text.rfind("checksum=");
  if (cpos == std::string::npos || text.empty() || text.back() != '\n') return std::nullopt;
  if (text.substr(cpos + 9, text.size() - cpos - 10) != hex64(hash_name(text.substr(0, cpos))))
    return std::nullopt;
  std::istringstream lines(text.substr(0, cpos));
  std::string line;
  if (!std::getline(lines, line) || line != k_magic) return std::nullopt;
  if (!std::getline(lines, line) || line != "key=" + key) return std::nullopt;
  train_result r;
  int fields = 0;
  while (std::getline(lines, line)) {
    const std::size_t eq = line.find('=');
    if (eq == std::string::npos) return std::nullopt;
    const std::string name = line.substr(0, eq), value = line.substr(eq + 1);
    bool ok = true;
    if (name == "accuracy") ok = parse(value, r.accuracy);
    else if (name == "loss") ok = parse(value, r.loss);
    else if (name == "train_loss") ok = parse(value, r.train_loss);
    else if (name == "macs") ok = parse(value, r.macs);
    else if (name == "params") ok = parse(value, r.params);
    else if (name == "images_seen") ok = parse(value, r.images_seen);
    else if (name == "seconds") ok = parse(value, r.seconds);
    else if (name == "epoch_accuracy") {
      std::size_t start = 0;
      while (ok && start < value.size()) {
        const std::size_t comma = value.find(',', start);
        const std::string item = value.substr(start, comma == std::string::npos ? std::string::npos
                                                                                : comma - start);
        double v = 0.0;
        ok = parse(item, v);
        r.epoch_accuracy.push_back(v);
        start = comma == std::string::npos ? value.size() : comma + 1;
      }
    } else {
      continue;  // unknown field from a newer writer: ignore
    }
    if (!ok) return std::nullopt;
    ++fields;
  }
  if (fields != 8) return std::nullopt;
  r.from_cache = true;
  return r;
}

void result_cache::put(const std::string& key, const train_result& result) {
  check_key(key);
  static std::atomic<std::uint64_t> counter{0};
  const std::filesystem::path target = file_for(key);
  const std::uint64_t uniq =
      derive_seed(static_cast<std::uint64_t>(::getpid()) ^
                      (std::hash<std::thread::id>{}(std::this_thread::get_id()) << 1) ^
                      static_cast<std::uint64_t>(
                          std::chrono::steady_clock::now().time_since_epoch().count()),
                  counter.fetch_add(1));
  const std::filesystem::path tmp = target.string() + ".tmp." + hex64(uniq);
  const std::string text = serialise(key, result);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.flush();
    if (!out) {
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      throw invalid_argument("nn.cache", "cannot write cache file '" + tmp.string() + "'");
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, target, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    throw invalid_argument("nn.cache", "cannot rename cache file into '" + target.string() + "'");
  }
}

std::string cache_key(const std::string& data_id, const network_spec& spec, const recipe& rec,
                      const fidelity& fid, std::uint64_t seed) {
  std::ostringstream o;
  o.precision(17);
  o << k_trainer_version << "|" << data_id << "|" << canonical_string(spec) << "|"
    << canonical_string(rec) << "|epochs=" << fid.epochs << ";fraction=" << fid.data_fraction
    << "|seed=" << seed;
  return o.str();
}

train_result train_cached(result_cache* cache, const std::string& data_id,
                          const network_spec& spec, const recipe& rec, const dataset& train_set,
                          const dataset& eval_set, const fidelity& fid, std::uint64_t seed,
                          int num_classes) {
  std::string key;
  if (cache) {
    key = cache_key(data_id, spec, rec, fid, seed);
    if (auto hit = cache->get(key)) return *hit;
  }
  train_result r = train(spec, rec, train_set, eval_set, fid, seed, num_classes);
  if (cache) {
    try {
      cache->put(key, r);
    } catch (const error& e) {  // a full disk costs the cache, not the finished training run
      static std::once_flag warned;
      std::call_once(warned, [&] { std::cerr << "[dsegym] result cache not written: " << e.what() << "\n"; });
    }
  }
  return r;
}

std::unique_ptr<result_cache> open_result_cache(const std::string& setting) {
  if (setting == "none") return nullptr;
  if (!setting.empty()) return std::make_unique<result_cache>(setting);
  try {
    return std::make_unique<result_cache>(default_cache_dir());
  } catch (const error& e) {
    static std::once_flag warned;
    std::call_once(warned, [&] { std::cerr << "[dsegym] training results are not cached: " << e.what() << "\n"; });
    return nullptr;
  }
}

std::filesystem::path default_cache_dir() {
  const auto from_env = [](const char* name) -> std::string {
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
  };
  if (auto d = from_env("DSEGYM_CACHE_DIR"); !d.empty()) return d;
  if (auto d = from_env("XDG_CACHE_HOME"); !d.empty()) return std::filesystem::path(d) / "dsegym" / "nn";
  if (auto d = from_env("HOME"); !d.empty()) return std::filesystem::path(d) / ".cache" / "dsegym" / "nn";
  return std::filesystem::temp_directory_path() / "dsegym-cache" / "nn";
}

}  // namespace dsegym::sim::nn
