#include "dsegym/sim/quantum/device_profile.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <string>

#include "dsegym/sim/quantum/detail/check.hpp"

namespace dsegym::sim::quantum {
namespace {

const std::vector<std::string> ibm_eagle_basis = {"ecr", "id", "rz", "sx", "x"};
const std::vector<std::string> ibm_cx_basis = {"cx", "id", "rz", "sx", "x"};

// ibm_sherbrooke heavy-hex coupling map, spec §6 (144 couplers).
const std::vector<device_profile::edge> sherbrooke_coupling = {
    {0, 1},     {0, 14},    {1, 2},     {2, 3},     {3, 4},     {4, 5},     {4, 15},    {5, 6},
    {6, 7},     {7, 8},     {8, 9},     {8, 16},    {9, 10},    {10, 11},   {11, 12},   {12, 13},
    {12, 17},   {14, 18},   {15, 22},   {16, 26},   {17, 30},   {18, 19},   {19, 20},   {20, 21},
    {20, 33},   {21, 22},   {22, 23},   {23, 24},   {24, 25},   {24, 34},   {25, 26},   {26, 27},
    {27, 28},   {28, 29},   {28, 35},   {29, 30},   {30, 31},   {31, 32},   {32, 36},   {33, 39},
    {34, 43},   {35, 47},   {36, 51},   {37, 38},   {37, 52},   {38, 39},   {39, 40},   {40, 41},
    {41, 42},   {41, 53},   {42, 43},   {43, 44},   {44, 45},   {45, 46},   {45, 54},   {46, 47},
    {47, 48},   {48, 49},   {49, 50},   {49, 55},   {50, 51},   {52, 56},   {53, 60},   {54, 64},
    {55, 68},   {56, 57},   {57, 58},   {58, 59},   {58, 71},   {59, 60},   {60, 61},   {61, 62},
    {62, 63},   {62, 72},   {63, 64},   {64, 65},   {65, 66},   {66, 67},   {66, 73},   {67, 68},
    {68, 69},   {69, 70},   {70, 74},   {71, 77},   {72, 81},   {73, 85},   {74, 89},   {75, 76},
    {75, 90},   {76, 77},   {77, 78},   {78, 79},   {79, 80},   {79, 91},   {80, 81},   {81, 82},
    {82, 83},   {83, 84},   {83, 92},   {84, 85},   {85, 86},   {86, 87},   {87, 88},   {87, 93},
    {88, 89},   {90, 94},   {91, 98},   {92, 102},  {93, 106},  {94, 95},   {95, 96},   {96, 97},
    {96, 109},  {97, 98},   {98, 99},   {99, 100},  {100, 101}, {100, 110}, {101, 102}, {102, 103},
    {103, 104}, {104, 105}, {104, 111}, {105, 106}, {106, 107}, {107, 108}, {108, 112}, {109, 114},
    {110, 118}, {111, 122}, {112, 126}, {113, 114}, {114, 115}, {115, 116}, {116, 117}, {117, 118},
    {118, 119}, {119, 120}, {120, 121}, {121, 122}, {122, 123}, {123, 124}, {124, 125}, {125, 126}};

const std::vector<device_profile::edge> t_coupling = {{0, 1}, {1, 2}, {1, 3}, {3, 4}};
const std::vector<device_profile::edge> line5_coupling = {{0, 1}, {1, 2}, {2, 3}, {3, 4}};

device_profile small_device(std::string name, std::vector<device_profile::edge> coupling, double e2,
                            double e1, double ro, std::string source) {
  device_profile d;
  d.name = std::move(name);
  d.num_qubits = 5;
  d.basis_gates = ibm_cx_basis;
  d.native_two_qubit = two_qubit_basis::cx;
  d.coupling = std::move(coupling);
  d.error_1q = e1;
  d.error_2q = e2;
  d.readout_error = ro;
  d.source = std::move(source);
  return d;
}

void check_rate(double v, const std::string& what) {
  if (!(v >= 0.0 && v < 1.0))
    detail::throw_invalid(what + " must be in [0, 1), got " + detail::format_double(v));
}

void check_time(const std::optional<double>& v, const std::string& what) {
  if (v && !(*v > 0.0 && std::isfinite(*v)))
    detail::throw_invalid(what + " must be finite and > 0, got " + detail::format_double(*v));
}

}  // namespace

void device_profile::validate() const {
  const std::string who = "device \"" + name + "\" ";
  if (num_qubits == 0) detail::throw_invalid(who + "has 0 qubits");
  check_rate(error_1q, who + "error_1q");
  check_rate(error_2q, who + "error_2q");
  check_rate(readout_error, who + "readout_error");
  check_time(duration_1q_ns, who + "duration_1q_ns");
  check_time(duration_2q_ns, who + "duration_2q_ns");
  check_time(t1_us, who + "t1_us");
  check_time(t2_us, who + "t2_us");
  for (std::size_t k = 0; k < coupling.size(); ++k) {
    const auto [a, b] = coupling[k];
    const std::string c = who + "coupler " + std::to_string(k) + " (" + std::to_string(a) + ", " +
                          std::to_string(b) + ")";
    detail::check_wire(a, num_qubits, c + " qubit");
    detail::check_wire(b, num_qubits, c + " qubit");
    if (a == b) detail::throw_invalid(c + " is a self-loop");
    for (std::size_t j = 0; j < k; ++j)
      if ((coupling[j].first == a && coupling[j].second == b) ||
          (coupling[j].first == b && coupling[j].second == a))
        detail::throw_invalid(c + " repeats coupler " + std::to_string(j));
  }
}

bool device_profile::coupled(std::size_t a, std::size_t b) const noexcept {
  return std::any_of(coupling.begin(), coupling.end(), [&](const edge& e) {
    return (e.first == a && e.second == b) || (e.first == b && e.second == a);
  });
}

std::vector<std::vector<std::size_t>> device_profile::distances() const {
  std::vector<std::vector<std::size_t>> adj(num_qubits);
  for (const auto& [a, b] : coupling) {
    if (a >= num_qubits || b >= num_qubits) continue;  // validate() reports these
    adj[a].push_back(b);
    adj[b].push_back(a);
  }
  std::vector<std::vector<std::size_t>> dist(num_qubits,
                                             std::vector<std::size_t>(num_qubits, num_qubits));
  for (std::size_t s = 0; s < num_qubits; ++s) {
    std::deque<std::size_t> queue{s};
    dist[s][s] = 0;
    while (!queue.empty()) {
      const std::size_t u = queue.front();
      queue.pop_front();
      for (std::size_t v : adj[u])
        if (dist[s][v] == num_qubits) {
          dist[s][v] = dist[s][u] + 1;
          queue.push_back(v);
        }
    }
  }
  return dist;
}

device_profile device_profile::patch(std::span<const std::size_t> physical,
                                     std::string patch_name) const {
  if (physical.empty()) detail::throw_invalid("a device patch needs at least one qubit");
  std::vector<std::size_t> local(num_qubits, num_qubits);
  for (std::size_t i = 0; i < physical.size(); ++i) {
    detail::check_wire(physical[i], num_qubits, "patch qubit of device \"" + name + "\"");
    if (local[physical[i]] != num_qubits)
      detail::throw_invalid("patch of device \"" + name + "\" lists qubit " +
                            std::to_string(physical[i]) + " twice");
    local[physical[i]] = i;
  }
  device_profile d = *this;
  d.name = std::move(patch_name);
  d.num_qubits = physical.size();
  d.coupling.clear();
  for (const auto& [a, b] : coupling)
    if (local[a] != num_qubits && local[b] != num_qubits)
      d.coupling.emplace_back(std::min(local[a], local[b]), std::max(local[a], local[b]));
  std::sort(d.coupling.begin(), d.coupling.end());
  d.source = source + "; patch of " + name;
  return d;
}

device_profile device_profile::ibm_sherbrooke() {
  device_profile d;
  d.name = "ibm_sherbrooke";
  d.num_qubits = 127;
  d.basis_gates = ibm_eagle_basis;
  d.native_two_qubit = two_qubit_basis::ecr;
  d.coupling = sherbrooke_coupling;
  d.error_1q = 2.4e-4;
  d.error_2q = 7.5e-3;
  d.readout_error = 1.98e-2;
  d.duration_1q_ns = 57.0;
  d.duration_2q_ns = 533.0;
  d.t1_us = 278.0;
  d.t2_us = 170.0;
  d.source = "IBM calibration medians 2025-02 (spec section 6)";
  return d;
}

device_profile device_profile::ibm_sherbrooke_path9() {
  static constexpr std::size_t path[] = {0, 1, 2, 3, 4, 15, 22, 21, 20};
  return ibm_sherbrooke().patch(path, "ibm_sherbrooke_path9");
}

device_profile device_profile::ibm_sherbrooke_ring12() {
  static constexpr std::size_t ring[] = {4, 5, 6, 7, 8, 16, 26, 25, 24, 23, 22, 15};
  return ibm_sherbrooke().patch(ring, "ibm_sherbrooke_ring12");
}

device_profile device_profile::ibmq_belem() {
  return small_device("ibmq_belem", t_coupling, 1.4e-2, 3.3e-4, 3.2e-2,
                      "IBM 2021 (spec section 6)");
}
device_profile device_profile::ibmq_lima() {
  return small_device("ibmq_lima", t_coupling, 9.1e-3, 3.3e-4, 2.6e-2, "IBM 2021 (spec section 6)");
}
device_profile device_profile::ibmq_quito() {
  return small_device("ibmq_quito", t_coupling, 3.6e-2, 1.6e-3, 4.4e-2,
                      "IBM 2021 (spec section 6)");
}
device_profile device_profile::ibmq_manila() {
  return small_device("ibmq_manila", line5_coupling, 1.0e-2, 3.5e-4, 2.2e-2,
                      "IBM (spec section 6); 1q and readout errors: upper end of the family range");
}
device_profile device_profile::ibmq_santiago() {
  return small_device("ibmq_santiago", line5_coupling, 6.0e-3, 3.5e-4, 2.2e-2,
                      "IBM (spec section 6); 1q and readout errors: upper end of the family range");
}
device_profile device_profile::ibmq_athens() {
  return small_device("ibmq_athens", line5_coupling, 1.5e-2, 3.5e-4, 2.2e-2,
                      "IBM (spec section 6); 1q and readout errors: upper end of the family range");
}

device_profile device_profile::all_to_all(std::size_t num_qubits, double error_1q, double error_2q,
                                          double readout_error) {
  device_profile d;
  d.name = "all_to_all_" + std::to_string(num_qubits);
  d.num_qubits = num_qubits;
  d.basis_gates = ibm_cx_basis;
  for (std::size_t a = 0; a < num_qubits; ++a)
    for (std::size_t b = a + 1; b < num_qubits; ++b) d.coupling.emplace_back(a, b);
  d.error_1q = error_1q;
  d.error_2q = error_2q;
  d.readout_error = readout_error;
  d.source = "user-defined";
  d.validate();
  return d;
}

std::vector<std::string> device_profile::known_names() {
  return {"ibm_sherbrooke", "ibm_sherbrooke_path9", "ibm_sherbrooke_ring12", "ibmq_belem",
          "ibmq_lima",      "ibmq_quito",           "ibmq_manila",           "ibmq_santiago",
          "ibmq_athens"};
}

device_profile device_profile::by_name(std::string_view name) {
  if (name == "ibm_sherbrooke") return ibm_sherbrooke();
  if (name == "ibm_sherbrooke_path9") return ibm_sherbrooke_path9();
  if (name == "ibm_sherbrooke_ring12") return ibm_sherbrooke_ring12();
  if (name == "ibmq_belem") return ibmq_belem();
  if (name == "ibmq_lima") return ibmq_lima();
  if (name == "ibmq_quito") return ibmq_quito();
  if (name == "ibmq_manila") return ibmq_manila();
  if (name == "ibmq_santiago") return ibmq_santiago();
  if (name == "ibmq_athens") return ibmq_athens();
  std::string m = "unknown device \"" + std::string(name) + "\"; known:";
  for (const auto& n : known_names()) m += " " + n;
  throw not_found(detail::error_area, m);
}

}  // namespace dsegym::sim::quantum
