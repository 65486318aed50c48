#pragma once
/// @file
/// Reader of FARSI-format workloads (spec §A.2): `<workload>_database__<Table>.csv` files in one
/// directory (e.g. ../shared/data/archgym-reference/farsi-workloads).
///
/// Task_Data_Movement defines the tasks (row order = task order) and the DAG (cell = bytes,
/// diagonal ignored); Task_PE_Performance gives A53 and IP0 cycles (every task needs a row);
/// Task_PE_Energy / Task_PE_Area give IP0 energy and area (missing row or empty cell = 0);
/// Task_Itr_Count gives iterations (missing = 1; `source` is read as `souurce`); the last task comes
/// from `<workload>_database__misc.csv`, else misc_database__Last_Tasks.csv.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "dsegym/sim/soc/workload.hpp"

namespace dsegym::sim::soc {

/// Workloads in `dir` that have a Task_Data_Movement table, sorted by name.
/// @throws dsegym::data_error if `dir` is not a readable directory.
[[nodiscard]] std::vector<std::string> farsi_workload_names(const std::filesystem::path& dir);

/// Loads and validates one workload.
/// @throws dsegym::data_error "<file>: <problem> (line N)" for a missing table, a wrong header,
///         unknown, duplicate or missing task rows, a non-square movement matrix, a value that is
///         not a non-negative number (bytes and iterations: integers), zero iterations, no last
///         task, or a dependency cycle.
[[nodiscard]] workload load_farsi_workload(const std::filesystem::path& dir, std::string_view name);

}  // namespace dsegym::sim::soc
