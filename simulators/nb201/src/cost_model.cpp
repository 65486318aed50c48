#include "dsegym/sim/nb201/cost_model.hpp"

#include <string>

#include "dsegym/core/error.hpp"

namespace dsegym::sim::nb201 {

namespace {

// Overflow-checked 64-bit arithmetic: absurd shapes must fail loudly, not wrap.
struct checked {
  std::uint64_t v;
  friend checked operator*(checked a, checked b) {
    std::uint64_t r = 0;
    if (__builtin_mul_overflow(a.v, b.v, &r)) overflow();
    return {r};
  }
  friend checked operator+(checked a, checked b) {
    std::uint64_t r = 0;
    if (__builtin_add_overflow(a.v, b.v, &r)) overflow();
    return {r};
  }
  [[noreturn]] static void overflow() {
    throw invalid_argument("nb201", "network_shape too large: FLOPs or params overflow 64 bits");
  }
};

std::string describe(const network_shape& s) {
  return "C=" + std::to_string(s.channels) + ", N=" + std::to_string(s.cells_per_stage) +
         ", Cin=" + std::to_string(s.input_channels) + ", HxW=" + std::to_string(s.height) + "x" +
         std::to_string(s.width) + ", K=" + std::to_string(s.classes);
}

}  // namespace

network_shape nb201_shape(dataset d) {
  network_shape s;
  s.classes = class_count(d);
  if (d == dataset::imagenet16_120) s.height = s.width = 16;
  return s;
}

network_cost compute_cost(conv_counts counts, const network_shape& shape) {
  if (shape.channels == 0 || shape.cells_per_stage == 0 || shape.input_channels == 0 ||
      shape.classes == 0 || shape.height == 0 || shape.width == 0 || shape.height % 4 != 0 ||
      shape.width % 4 != 0)
    throw invalid_argument("nb201", "invalid network_shape (" + describe(shape) +
                                        "): all sizes must be > 0 and H, W multiples of 4 "
                                        "(two stride-2 reductions)");
  if (counts.n3 + counts.n1 > edge_count)
    throw invalid_argument("nb201", "invalid conv_counts n3=" + std::to_string(counts.n3) +
                                        ", n1=" + std::to_string(counts.n1) +
                                        ": a cell has only 6 edges");
  const checked c{shape.channels}, n{shape.cells_per_stage}, cin{shape.input_channels};
  const checked k{shape.classes}, hw = checked{shape.height} * checked{shape.width};
  const checked n3{counts.n3}, n1{counts.n1};
  const checked c2 = c * c;
  // Why these constants: each stage halves H*W and doubles C, so a cell conv costs the same MACs
  // in all three stages (3 * 9 C^2 HW for 3x3); the two residual blocks cost 14 C^2 HW each;
  // the head Linear(4C, K) has 4C*K MACs plus K for its bias.
  const checked flops = checked{9} * cin * c * hw + checked{28} * c2 * hw +
                        (checked{4} * c + checked{1}) * k +
                        n * c2 * hw * (checked{27} * n3 + checked{3} * n1);
  // Per stage width w a 3x3 cell conv has 9 w^2 weights + 2w BN; summed over C, 2C, 4C: 189 C^2
  // + 14 C. Residual blocks 280 C^2 + 24 C, stem 9 Cin C + 2C BN, head BN 8C, Linear (4C+1) K.
  const checked params =
      checked{280} * c2 + (checked{9} * cin + checked{34}) * c + (checked{4} * c + checked{1}) * k +
      n * (n3 * (checked{189} * c2 + checked{14} * c) + n1 * (checked{21} * c2 + checked{14} * c));
  return {flops.v, params.v};
}

network_cost compute_cost(const arch& a, const network_shape& shape) {
  return compute_cost(count_convs(a), shape);
}

network_cost nb201_cost(const arch& a, dataset d) { return compute_cost(a, nb201_shape(d)); }

}  // namespace dsegym::sim::nb201
