#include "dsegym/sim/quantum/sampling.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include "dsegym/sim/quantum/detail/check.hpp"

namespace dsegym::sim::quantum {
namespace {

void check_flip(double p) {
  if (!(p >= 0.0 && p <= 1.0))
    detail::throw_invalid("readout flip probability must be in [0, 1], got " +
                          detail::format_double(p));
}

std::vector<std::uint64_t> sample_from_cdf(const std::vector<double>& cdf, std::size_t num_qubits,
                                           std::size_t shots, rng& g, double readout_flip) {
  std::vector<std::uint64_t> out(shots);
  const double total = cdf.back();
  for (auto& s : out) {
    const double u = uniform01(g) * total;
    // The first entry whose cumulative value exceeds u; zero-probability entries repeat the
    // previous cumulative value and so are never chosen.
    auto it = std::upper_bound(cdf.begin(), cdf.end(), u);
    if (it == cdf.end()) {  // u rounded up to the total: take the last entry with weight
      --it;
      while (it != cdf.begin() && *(it - 1) == *it) --it;
    }
    s = static_cast<std::uint64_t>(it - cdf.begin());
  }
  if (readout_flip > 0.0)
    for (auto& s : out)
      for (std::size_t w = 0; w < num_qubits; ++w)
        if (bernoulli(g, readout_flip)) s ^= std::uint64_t{1} << bit_of(w, num_qubits);
  return out;
}

}  // namespace

std::vector<std::uint64_t> sample_bitstrings(const state_vector& psi, std::size_t shots, rng& g,
                                             double readout_flip) {
  check_flip(readout_flip);
  std::vector<double> cdf(psi.size());
  double acc = 0.0;
  for (std::size_t i = 0; i < psi.size(); ++i) cdf[i] = acc += std::norm(psi[i]);
  if (!(acc > 0.0)) detail::throw_invalid("cannot sample from a state with zero norm");
  return sample_from_cdf(cdf, psi.num_qubits(), shots, g, readout_flip);
}

std::vector<std::uint64_t> sample_bitstrings(std::span<const double> probabilities,
                                             std::size_t shots, rng& g, double readout_flip) {
  check_flip(readout_flip);
  const std::size_t n = probabilities.size();
  if (n < 2 || (n & (n - 1)) != 0)
    detail::throw_invalid("a probability vector needs 2^n entries with n >= 1, got " +
                          std::to_string(n));
  std::vector<double> cdf(n);
  double acc = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double p = probabilities[i];
    if (!(p >= 0.0) || !std::isfinite(p))
      detail::throw_invalid("probability " + std::to_string(i) + " is " + detail::format_double(p) +
                            "; probabilities must be finite and >= 0");
    cdf[i] = acc += p;
  }
  if (std::abs(acc - 1.0) > 1e-9)
    detail::throw_invalid("probabilities sum to " + detail::format_double(acc) + ", expected 1");
  return sample_from_cdf(cdf, static_cast<std::size_t>(std::countr_zero(n)), shots, g,
                         readout_flip);
}

}  // namespace dsegym::sim::quantum
