#include "dsegym/sim/soc/budget.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include "csv_table.hpp"
#include "dsegym/core/error.hpp"

namespace dsegym::sim::soc {

std::vector<budget_row> load_budget_file(const std::filesystem::path& csv_path) {
  const auto t = detail::read_csv(csv_path, "soc");
  const auto& h = t.rows.front();
  static constexpr std::array<std::string_view, 5> expected{"Workload", "latency", "power", "area", "cost"};
  if (h.size() != expected.size() || !std::equal(h.begin(), h.end(), expected.begin()))
    t.fail(0, "header must be Workload,latency,power,area,cost");
  std::vector<budget_row> rows;
  std::set<std::string> seen;
  for (std::size_t r = 1; r < t.rows.size(); ++r) {
    budget_row b;
    b.workload = t.rows[r][0];
    if (b.workload.empty()) t.fail(r, "empty workload name");
    if (!seen.insert(b.workload).second) t.fail(r, "duplicate workload \"" + b.workload + "\"");
    b.latency_s = t.optional_number(r, 1, "latency");
    b.power_w = t.optional_number(r, 2, "power");
    b.area_m2 = t.optional_number(r, 3, "area");
    b.cost = t.optional_number(r, 4, "cost");
    rows.push_back(std::move(b));
  }
  return rows;
}

budget budget_for(const std::vector<budget_row>& rows, std::string_view workload) {
  const budget_row* own = nullptr;
  const budget_row* all = nullptr;
  for (const auto& r : rows) {
    if (r.workload == workload) own = &r;
    if (r.workload == "all") all = &r;
  }
  if (own == nullptr) throw not_found("soc", "no budget row for workload '" + std::string(workload) + "'");
  auto pick = [&](std::optional<double> budget_row::*field, std::string_view what) {
    if ((own->*field).has_value()) return *(own->*field);
    if (all != nullptr && (all->*field).has_value()) return *(all->*field);
    throw not_found("soc", "no " + std::string(what) + " budget for workload '" + std::string(workload) +
                               "' (neither its row nor row 'all' gives one)");
  };
  return {pick(&budget_row::latency_s, "latency"), pick(&budget_row::power_w, "power"),
          pick(&budget_row::area_m2, "area")};
}

budget reference_budget(std::string_view workload, budget_set set) {
  struct entry {
    std::string_view name;
    budget b;
  };
  static constexpr double sys_power = 0.008737, sys_area = 0.000017475;
  static const std::array<entry, 4> standard{{{"audio_decoder", {0.021, sys_power, sys_area}},
                                              {"edge_detection", {0.034, sys_power, sys_area}},
                                              {"hpvm_cava", {0.034, sys_power, sys_area}},
                                              {"synthetic", {0.034, sys_power, sys_area}}}};
  static const std::array<entry, 3> individually{{{"audio_decoder", {0.021, 0.003097, 0.000006195}},
                                                  {"edge_detection", {0.034, 0.00363, 0.00000726}},
                                                  {"hpvm_cava", {0.034, 0.00201, 0.00000402}}}};
  static const std::array<entry, 4> for_pa{
      {{"audio_decoder", {0.002, 1000000.008737, 1000000.000017475}},
       {"edge_detection", {0.017, 1000000.008737, 1000000.000017475}},
       {"hpvm_cava", {0.034, 1000000.008737, 1000000.000017475}},
       {"synthetic", {0.034, 1000000.008737, 1000000.000017475}}}};
  static const std::array<entry, 1> audio{{{"audio_decoder", {0.021, 0.01, 0.000003}}}};
  auto lookup = [&](const auto& table) {
    std::string names;
    for (const auto& e : table) {
      if (e.name == workload) return e.b;
      names.append(names.empty() ? "" : ", ").append(e.name);
    }
    throw not_found("soc", "no reference budget for workload '" + std::string(workload) +
                               "' in this set (has: " + names + ")");
  };
  switch (set) {
    case budget_set::standard: return lookup(standard);
    case budget_set::individually: return lookup(individually);
    case budget_set::for_pa: return lookup(for_pa);
    case budget_set::audio_decoder: return lookup(audio);
  }
  throw invalid_argument("soc", "unknown budget_set");
}

double budget_reward(const simulation_result& r, const budget& b, double lambda) {
  if (!r.ok) return -10.0;
  const std::array<double, 3> x{r.latency_s, r.power_w, r.area_m2};
  const std::array<double, 3> bud{b.latency_s, b.power_w, b.area_m2};
  double over = 0.0, bonus = 0.0;
  for (std::size_t m = 0; m < 3; ++m) {
    if (!(bud[m] > 0.0)) throw invalid_argument("soc", "budget values must be > 0");
    over += std::max(0.0, (x[m] - bud[m]) / bud[m]);
    bonus += std::min(std::log(bud[m] / std::max(x[m], 1e-300)), std::log(1e6));
  }
  return over > 0.0 ? -over : lambda * bonus;
}

}  // namespace dsegym::sim::soc
