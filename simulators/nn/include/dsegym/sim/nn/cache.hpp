#pragma once
// On-disk cache of training results. One small text file per key, named by a 128-bit hash of the
// key, holding the full key and a checksum: a truncated, corrupted or colliding file reads as a
// miss, never as wrong numbers. Writes go to a unique temporary file renamed over the target
// (atomic on POSIX), so concurrent writers and readers never see a partial file.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "dsegym/sim/nn/trainer.hpp"

namespace dsegym::sim::nn {

class result_cache {
 public:
  /// Creates the directory when needed (dsegym::invalid_argument when impossible).
  explicit result_cache(std::filesystem::path dir);
  [[nodiscard]] std::optional<train_result> get(const std::string& key) const;
  void put(const std::string& key, const train_result& result);
  [[nodiscard]] std::filesystem::path file_for(const std::string& key) const;
  [[nodiscard]] const std::filesystem::path& dir() const noexcept { return dir_; }

 private:
  std::filesystem::path dir_;
};

/// The default cache directory: $DSEGYM_CACHE_DIR, else $XDG_CACHE_HOME/dsegym/nn, else
/// $HOME/.cache/dsegym/nn, else <temp>/dsegym-cache/nn.
[[nodiscard]] std::filesystem::path default_cache_dir();

/// The cache a `cache_dir` setting asks for: "none" -> no cache; a path -> that directory
/// (invalid_argument when it cannot be created); "" -> default_cache_dir(), or no cache with a
/// warning on stderr when that cannot be created (a read-only home must not stop training).
[[nodiscard]] std::unique_ptr<result_cache> open_result_cache(const std::string& setting);

/// Key = trainer version + data description + network + recipe + fidelity + seed.
[[nodiscard]] std::string cache_key(const std::string& data_id, const network_spec& spec,
                                    const recipe& rec, const fidelity& fid, std::uint64_t seed);

/// train() through the cache: returns the stored result when present (from_cache = true).
[[nodiscard]] train_result train_cached(result_cache* cache, const std::string& data_id,
                                        const network_spec& spec, const recipe& rec,
                                        const dataset& train_set, const dataset& eval_set,
                                        const fidelity& fid, std::uint64_t seed,
                                        int num_classes = k_fashion_mnist_classes);

}  // namespace dsegym::sim::nn
