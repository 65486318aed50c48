#include "dsegym/sim/nn/network.hpp"

#include <sstream>

#include "dsegym/core/error.hpp"

namespace dsegym::sim::nn {

namespace {
const char* const k_op_names[5] = {"none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3",
                                   "avg_pool_3x3"};
}

std::string to_string(network_family f) {
  switch (f) {
    case network_family::mlp: return "mlp";
    case network_family::cnn: return "cnn";
    case network_family::nb201: return "nb201";
  }
  return "mlp";
}
std::string to_string(norm_kind n) {
  switch (n) {
    case norm_kind::none: return "none";
    case norm_kind::batch: return "batch";
    case norm_kind::layer: return "layer";
  }
  return "none";
}
network_family parse_family(const std::string& s) {
  if (s == "mlp") return network_family::mlp;
  if (s == "cnn") return network_family::cnn;
  if (s == "nb201") return network_family::nb201;
  throw invalid_argument("nn", "unknown network family '" + s + "'; valid: mlp, cnn, nb201");
}
norm_kind parse_norm(const std::string& s) {
  if (s == "none") return norm_kind::none;
  if (s == "batch") return norm_kind::batch;
  if (s == "layer") return norm_kind::layer;
  throw invalid_argument("nn", "unknown normalisation '" + s + "'; valid: none, batch, layer");
}

nb201_ops parse_nb201_string(const std::string& arch) {
  nb201_ops ops{};
  std::size_t pos = 0, edge = 0;
  auto fail = [&]() {
    throw invalid_argument("nn", "malformed NB201 architecture string '" + arch +
                                     "'; expected |op~0|+|op~0|op~1|+|op~0|op~1|op~2| with op in "
                                     "none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3");
  };
  for (int node = 1; node <= 3; ++node) {
    if (node > 1) {
      if (arch.compare(pos, 1, "+") != 0) fail();
      ++pos;
    }
    for (int src = 0; src < node; ++src) {
      if (arch.compare(pos, 1, "|") != 0) fail();
      ++pos;
      const std::size_t end = arch.find('|', pos);
      if (end == std::string::npos) fail();
      const std::string tok = arch.substr(pos, end - pos);
      std::string suffix(1, '~');
      suffix += std::to_string(src);
      if (tok.size() <= suffix.size() || tok.compare(tok.size() - suffix.size(), suffix.size(), suffix) != 0)
        fail();
      const std::string op = tok.substr(0, tok.size() - suffix.size());
      int code = -1;
      for (int c = 0; c < 5; ++c)
        if (op == k_op_names[c]) code = c;
      if (code < 0) fail();
      ops[edge++] = code;
      pos = end;
    }
    if (arch.compare(pos, 1, "|") != 0) fail();
    ++pos;
  }
  if (pos != arch.size()) fail();
  return ops;
}

std::string nb201_string(const nb201_ops& ops) {
  std::string s;
  std::size_t e = 0;
  for (int node = 1; node <= 3; ++node) {
    if (node > 1) s += '+';
    for (int src = 0; src < node; ++src) {
      const int c = ops[e++];
      if (c < 0 || c > 4) throw invalid_argument("nn", "NB201 op code " + std::to_string(c) +
                                                           " outside 0..4");
      s += '|';
      s += k_op_names[c];
      s += '~' + std::to_string(src);
    }
    s += '|';
  }
  return s;
}

network_spec nb201_network(const nb201_ops& ops, int channels, int cells) {
  network_spec s;
  s.family = network_family::nb201;
  s.ops = ops;
  s.nb201_channels = channels;
  s.nb201_cells = cells;
  return s;
}

std::string canonical_string(const network_spec& s) {
  std::ostringstream o;
  o.precision(17);
  o << to_string(s.family) << ";";
  switch (s.family) {
    case network_family::mlp:
      o << "hidden=";
      for (std::size_t i = 0; i < s.hidden.size(); ++i) o << (i ? "-" : "") << s.hidden[i];
      break;
    case network_family::cnn:
      o << "stages=" << s.stages << ";blocks=" << s.blocks_per_stage << ";width=" << s.base_width
        << ";kernels=";
      for (std::size_t i = 0; i < s.kernels.size(); ++i) o << (i ? "-" : "") << s.kernels[i];
      break;
    case network_family::nb201:
      o << "arch=" << nb201_string(s.ops) << ";C=" << s.nb201_channels << ";N=" << s.nb201_cells;
      break;
  }
  if (s.family != network_family::nb201)
    o << ";act=" << to_string(s.act) << ";norm=" << to_string(s.norm) << ";dropout=" << s.dropout
      << ";skip=" << (s.skip ? 1 : 0);
  o << ";bn=" << s.bn_momentum << "/" << s.bn_eps;
  return o.str();
}

namespace {

void require(bool ok, const std::string& what) {
  if (!ok) throw invalid_argument("nn", "invalid network spec: " + what);
}

module_ptr norm_layer(const network_spec& s, int c, std::vector<int> feature_shape) {
  if (s.norm == norm_kind::batch) return std::make_unique<batch_norm>(c, s.bn_momentum, s.bn_eps);
  if (s.norm == norm_kind::layer) return std::make_unique<layer_norm>(std::move(feature_shape));
  return nullptr;
}

std::unique_ptr<sequential> relu_conv_bn(int cin, int cout, int k, int stride,
                                         const network_spec& s, rng& g) {
  auto q = std::make_unique<sequential>();
  q->add(std::make_unique<activation>(activation_kind::relu));
  q->add(std::make_unique<conv2d>(cin, cout, k, stride, k / 2, false, g));
  q->add(std::make_unique<batch_norm>(cout, s.bn_momentum, s.bn_eps));
  return q;
}

module_ptr nb201_edge(int op, int c, const network_spec& s, rng& g) {
  switch (op) {
    case 0: return std::make_unique<zero>();
    case 1: return std::make_unique<identity>();
    case 2: return relu_conv_bn(c, c, 1, 1, s, g);
    case 3: return relu_conv_bn(c, c, 3, 1, s, g);
    case 4: return std::make_unique<pool2d>(pool_kind::average, 3, 1, 1, false);
    default:
      throw invalid_argument("nn", "NB201 op code " + std::to_string(op) +
                                       " outside 0..4 (none, skip, conv1x1, conv3x3, pool)");
  }
}

/// NB201 residual reduction block: ReLU-Conv3x3(s2)-BN-ReLU-Conv3x3-BN + AvgPool(2)-Conv1x1.
module_ptr nb201_reduction(int cin, int cout, const network_spec& s, rng& g) {
  auto branch = std::make_unique<sequential>();
  branch->add(relu_conv_bn(cin, cout, 3, 2, s, g));
  branch->add(relu_conv_bn(cout, cout, 3, 1, s, g));
  auto shortcut = std::make_unique<sequential>();
  shortcut->add(std::make_unique<pool2d>(pool_kind::average, 2, 2, 0, false));
  shortcut->add(std::make_unique<conv2d>(cin, cout, 1, 1, 0, false, g));
  auto sum = std::make_unique<sum_branches>();
  sum->add(std::move(branch));
  sum->add(std::move(shortcut));
  return sum;
}

std::unique_ptr<sequential> build_nb201(const network_spec& s, int cin, int h, int w, int k,
                                        rng& g) {
  const int c = s.nb201_channels;
  require(c > 0 && c <= 256, "nb201_channels must be in 1..256, got " + std::to_string(c));
  require(s.nb201_cells >= 1 && s.nb201_cells <= 5,
          "nb201_cells must be in 1..5, got " + std::to_string(s.nb201_cells));
  require(h % 4 == 0 && w % 4 == 0,
          "NB201 input side must be divisible by 4, got " + std::to_string(h) + "x" +
              std::to_string(w));
  for (int op : s.ops) require(op >= 0 && op <= 4, "NB201 op code " + std::to_string(op) +
                                                       " outside 0..4");
  auto net = std::make_unique<sequential>();
  net->add(std::make_unique<conv2d>(cin, c, 3, 1, 1, false, g));
  net->add(std::make_unique<batch_norm>(c, s.bn_momentum, s.bn_eps));
  int width = c;
  for (int stage = 0; stage < 3; ++stage) {
    if (stage > 0) {
      net->add(nb201_reduction(width, 2 * width, s, g));
      width *= 2;
    }
    for (int n = 0; n < s.nb201_cells; ++n) {
      std::array<module_ptr, 6> edges;
      for (std::size_t e = 0; e < 6; ++e) edges[e] = nb201_edge(s.ops[e], width, s, g);
      net->add(std::make_unique<nb201_cell>(std::move(edges)));
    }
  }
  net->add(std::make_unique<batch_norm>(width, s.bn_momentum, s.bn_eps));
  net->add(std::make_unique<activation>(activation_kind::relu));
  net->add(std::make_unique<global_avg_pool>());
  net->add(std::make_unique<linear>(width, k, true, g));
  return net;
}

std::unique_ptr<sequential> build_mlp(const network_spec& s, int cin, int h, int w, int k, rng& g) {
  require(s.hidden.size() <= 8,
          "mlp needs 0..8 hidden layers (0: softmax regression), got " +
              std::to_string(s.hidden.size()));
  auto net = std::make_unique<sequential>();
  net->add(std::make_unique<flatten>());
  int in = cin * h * w;
  for (int width : s.hidden) {
    require(width > 0 && width <= 8192, "mlp width must be in 1..8192, got " + std::to_string(width));
    auto block = std::make_unique<sequential>();
    block->add(std::make_unique<linear>(in, width, true, g));
    if (auto n = norm_layer(s, width, {width})) block->add(std::move(n));
    block->add(std::make_unique<activation>(s.act));
    if (s.skip && in == width) {
      auto sum = std::make_unique<sum_branches>();
      sum->add(std::move(block));
      sum->add(std::make_unique<identity>());
      net->add(std::move(sum));
    } else {
      net->add(std::move(block));
    }
    if (s.dropout > 0.0) net->add(std::make_unique<dropout>(s.dropout));
    in = width;
  }
  net->add(std::make_unique<linear>(in, k, true, g));
  return net;
}

std::unique_ptr<sequential> build_cnn(const network_spec& s, int cin, int h, int w, int k, rng& g) {
  require(s.stages >= 1 && s.stages <= 4, "cnn stages must be in 1..4, got " +
                                              std::to_string(s.stages));
  require(s.blocks_per_stage >= 1 && s.blocks_per_stage <= 4,
          "cnn blocks_per_stage must be in 1..4, got " + std::to_string(s.blocks_per_stage));
  require(s.base_width >= 1 && s.base_width <= 256,
          "cnn base_width must be in 1..256, got " + std::to_string(s.base_width));
  require(static_cast<int>(s.kernels.size()) >= s.stages,
          "cnn needs one kernel per stage (" + std::to_string(s.stages) + "), got " +
              std::to_string(s.kernels.size()));
  auto net = std::make_unique<sequential>();
  int c = cin, width = s.base_width;
  for (int stage = 0; stage < s.stages; ++stage, width *= 2) {
    const int kern = s.kernels[static_cast<std::size_t>(stage)];
    require(kern == 1 || kern == 3 || kern == 5 || kern == 7,
            "cnn kernel must be 1, 3, 5 or 7, got " + std::to_string(kern));
    for (int b = 0; b < s.blocks_per_stage; ++b) {
      const int stride = (stage > 0 && b == 0) ? 2 : 1;
      const int ho = (h + 2 * (kern / 2) - kern) / stride + 1;
      const int wo = (w + 2 * (kern / 2) - kern) / stride + 1;
      auto body = std::make_unique<sequential>();
      body->add(std::make_unique<conv2d>(c, width, kern, stride, kern / 2, s.norm == norm_kind::none, g));
      if (auto n = norm_layer(s, width, {width, ho, wo})) body->add(std::move(n));
      if (s.skip) {
        auto sum = std::make_unique<sum_branches>();
        sum->add(std::move(body));
        if (c == width && stride == 1)
          sum->add(std::make_unique<identity>());
        else
          sum->add(std::make_unique<conv2d>(c, width, 1, stride, 0, false, g));
        net->add(std::move(sum));
      } else {
        net->add(std::move(body));
      }
      net->add(std::make_unique<activation>(s.act));
      c = width;
      h = ho;
      w = wo;
    }
  }
  net->add(std::make_unique<global_avg_pool>());
  if (s.dropout > 0.0) net->add(std::make_unique<dropout>(s.dropout));
  net->add(std::make_unique<linear>(c, k, true, g));
  return net;
}

}  // namespace

std::unique_ptr<sequential> build_network(const network_spec& spec, int in_channels, int height,
                                          int width, int num_classes, rng& init) {
  require(in_channels > 0 && height > 0 && width > 0 && num_classes > 1,
          "input " + std::to_string(in_channels) + "x" + std::to_string(height) + "x" +
              std::to_string(width) + " with " + std::to_string(num_classes) +
              " classes (need positive sizes and >= 2 classes)");
  require(spec.dropout >= 0.0 && spec.dropout < 1.0,
          "dropout must be in [0, 1), got " + std::to_string(spec.dropout));
  switch (spec.family) {
    case network_family::mlp: return build_mlp(spec, in_channels, height, width, num_classes, init);
    case network_family::cnn: return build_cnn(spec, in_channels, height, width, num_classes, init);
    case network_family::nb201:
      return build_nb201(spec, in_channels, height, width, num_classes, init);
  }
  require(false, "unknown family");
  return nullptr;
}

network_stats analyse_network(const network_spec& spec, int in_channels, int height, int width,
                              int num_classes, std::vector<compute_layer>* layers) {
  // Build the network and run one image through it so every layer knows its geometry.
  rng g(0);
  auto net = build_network(spec, in_channels, height, width, num_classes, g);
  run_context ctx;
  (void)net->forward(tensor({1, in_channels, height, width}), ctx);
  std::vector<compute_layer> own;
  std::vector<compute_layer>& out = layers ? *layers : own;
  out.clear();
  net->collect_compute_layers(out);
  network_stats s;
  s.params = count_parameters(*net);
  for (const auto& l : out) {
    s.macs += l.macs();
    s.activations += l.outputs();
  }
  return s;
}

std::vector<compute_layer> compute_layers(const network_spec& spec, int in_channels, int height,
                                          int width, int num_classes) {
  std::vector<compute_layer> layers;
  (void)analyse_network(spec, in_channels, height, width, num_classes, &layers);
  return layers;
}

}  // namespace dsegym::sim::nn
