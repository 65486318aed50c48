#pragma once
/// @file
/// Per-workload budgets (spec §A.6): latency per workload, power and area per workload or for the
/// whole system (row `all`); the reference values built in, the FARSI budget files, and the
/// `dsegym` reward that scores a simulation against a budget.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dsegym/sim/soc/simulation_result.hpp"

namespace dsegym::sim::soc {

struct budget {
  double latency_s = 0.0;
  double power_w = 0.0;
  double area_m2 = 0.0;
  friend bool operator==(const budget&, const budget&) = default;
};

/// One row of a budget file; empty cells are nullopt.
struct budget_row {
  std::string workload;
  std::optional<double> latency_s, power_w, area_m2, cost;
};

/// The reference budget files of §A.6 (values built in, no data needed).
enum class budget_set : std::uint8_t {
  standard,       ///< misc_database__Budget: latency per workload, 8.737 mW and 17.475 mm² (all)
  individually,   ///< misc_database__Budget_individually: per-workload power and area
  for_pa,         ///< misc_database__Budget_for_PA: tighter latency, power/area ~1e6 (unconstrained)
  audio_decoder,  ///< audio_decoder_database__Budget: 21 ms, 10 mW, 3 mm²
};

/// Reads a FARSI budget file (`Workload,latency,power,area,cost`).
/// @throws dsegym::data_error with file and line for a missing file, wrong header, duplicate
///         workload or a field that is not a non-negative number.
[[nodiscard]] std::vector<budget_row> load_budget_file(const std::filesystem::path& csv_path);

/// The budget of `workload`: its latency from its row; power and area from its row when given,
/// else from the `all` row. @throws dsegym::not_found if the workload has no row or a value is
/// given nowhere.
[[nodiscard]] budget budget_for(const std::vector<budget_row>& rows, std::string_view workload);

/// Built-in copy of the reference budgets for audio_decoder, edge_detection, hpvm_cava (and
/// `synthetic`, which the reference files give 34 ms like the camera pipelines).
/// @throws dsegym::not_found naming the workloads the set has.
[[nodiscard]] budget reference_budget(std::string_view workload, budget_set set = budget_set::standard);

/// The `dsegym` reward (maximise): r = -sum_m max(0, (x_m - B_m) / B_m) over latency, power and
/// area; once every budget is met, + lambda * sum_m ln(B_m / x_m), each log term capped at ln(1e6)
/// so a metric of 0 still gives a finite reward. An infeasible result (ok == false) scores -10.
/// @throws dsegym::invalid_argument if a budget value is not > 0.
[[nodiscard]] double budget_reward(const simulation_result& r, const budget& b, double lambda = 0.01);

}  // namespace dsegym::sim::soc
