#include "dsegym/sim/soc/farsi_reader.hpp"

#include <algorithm>
#include <system_error>
#include <unordered_map>

#include "csv_table.hpp"
#include "dsegym/core/error.hpp"

namespace dsegym::sim::soc {

namespace {

constexpr std::string_view table_infix = "_database__";

std::filesystem::path table_path(const std::filesystem::path& dir, std::string_view workload,
                                 std::string_view table) {
  return dir / (std::string(workload) + std::string(table_infix) + std::string(table) + ".csv");
}

// Task lookup for the per-task tables: unknown names are errors, `source` means `souurce`.
class task_index {
 public:
  explicit task_index(const workload& w) {
    for (std::size_t i = 0; i < w.tasks.size(); ++i) index_.emplace(w.tasks[i].name, i);
  }
  [[nodiscard]] std::size_t find(const detail::csv_table& t, std::size_t row) const {
    const std::string& name = t.rows[row][0];
    auto it = index_.find(name);
    if (it == index_.end() && name == "source") it = index_.find("souurce");
    if (it == index_.end()) t.fail(row, "unknown task " + detail::quote_field(name));
    return it->second;
  }

 private:
  std::unordered_map<std::string, std::size_t> index_;
};

// Rows of a per-task table, with duplicates rejected; returns row index per task (0 = none).
std::vector<std::size_t> task_rows(const detail::csv_table& t, const workload& w, const task_index& idx) {
  std::vector<std::size_t> rows(w.tasks.size(), 0);
  for (std::size_t r = 1; r < t.rows.size(); ++r) {
    const std::size_t i = idx.find(t, r);
    if (rows[i] != 0) t.fail(r, "duplicate row for task \"" + w.tasks[i].name + "\"");
    rows[i] = r;
  }
  return rows;
}

void check_first_header(const detail::csv_table& t) {
  const std::string& h = t.rows.front().front();
  if (h != "Task Name") t.fail(0, "first header cell is " + detail::quote_field(h) + ", expected \"Task Name\"");
}

}  // namespace

std::vector<std::string> farsi_workload_names(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) throw data_error("soc", "cannot read directory " + dir.string() + ": " + ec.message());
  const std::string suffix = std::string(table_infix) + "Task_Data_Movement.csv";
  std::vector<std::string> names;
  for (const auto& entry : it) {
    const std::string f = entry.path().filename().string();
    if (f.size() > suffix.size() && f.ends_with(suffix)) names.push_back(f.substr(0, f.size() - suffix.size()));
  }
  std::sort(names.begin(), names.end());
  return names;
}

workload load_farsi_workload(const std::filesystem::path& dir, std::string_view name) {
  workload w;
  w.name = std::string(name);

  // Tasks and edges.
  const auto mv = detail::read_csv(table_path(dir, name, "Task_Data_Movement"), "soc");
  check_first_header(mv);
  const auto& header = mv.rows.front();
  if (mv.rows.size() != header.size())
    mv.fail(0, "movement matrix has " + std::to_string(mv.rows.size() - 1) + " rows and " +
                   std::to_string(header.size() - 1) + " task columns; it must be square");
  for (std::size_t r = 1; r < mv.rows.size(); ++r) {
    const std::string& tn = mv.rows[r][0];
    if (tn.empty()) mv.fail(r, "empty task name");
    for (const auto& t : w.tasks)
      if (t.name == tn) mv.fail(r, "duplicate task row " + detail::quote_field(tn));
    w.tasks.push_back(task{.name = tn});
  }
  const task_index idx(w);
  std::vector<std::size_t> column_task(header.size(), 0);
  for (std::size_t c = 1; c < header.size(); ++c) {
    auto it = std::find_if(w.tasks.begin(), w.tasks.end(), [&](const task& t) { return t.name == header[c]; });
    if (it == w.tasks.end()) mv.fail(0, "column " + detail::quote_field(header[c]) + " is not a task row");
    for (std::size_t c2 = 1; c2 < c; ++c2)
      if (header[c2] == header[c]) mv.fail(0, "duplicate task column " + detail::quote_field(header[c]));
    column_task[c] = static_cast<std::size_t>(it - w.tasks.begin());
  }
  for (std::size_t r = 1; r < mv.rows.size(); ++r) {
    for (std::size_t c = 1; c < header.size(); ++c) {
      if (mv.rows[r][c].empty()) continue;
      const std::uint64_t bytes = mv.integer(r, c, header[c]);
      const std::size_t producer = r - 1, consumer = column_task[c];
      if (bytes == 0 || producer == consumer) continue;  // diagonal ignored (spec §A.2)
      w.edges.push_back(edge{producer, consumer, bytes});
    }
  }

  // Work per PE type.
  const auto perf = detail::read_csv(table_path(dir, name, "Task_PE_Performance"), "soc");
  check_first_header(perf);
  {
    const std::size_t a53 = perf.column("A53"), ip0 = perf.column("IP0");
    const auto rows = task_rows(perf, w, idx);
    for (std::size_t i = 0; i < w.tasks.size(); ++i) {
      if (rows[i] == 0) perf.fail(0, "no row for task \"" + w.tasks[i].name + "\"");
      w.tasks[i].gpp_cycles = perf.optional_number(rows[i], a53, "A53");
      w.tasks[i].ip_cycles = perf.optional_number(rows[i], ip0, "IP0");
    }
  }
  auto read_ip_column = [&](std::string_view table, double task::*field) {
    const auto t = detail::read_csv(table_path(dir, name, table), "soc");
    check_first_header(t);
    const std::size_t ip0 = t.column("IP0");
    const auto rows = task_rows(t, w, idx);
    for (std::size_t i = 0; i < w.tasks.size(); ++i)
      if (rows[i] != 0) w.tasks[i].*field = t.optional_number(rows[i], ip0, "IP0").value_or(0.0);
  };
  read_ip_column("Task_PE_Energy", &task::ip_energy);
  read_ip_column("Task_PE_Area", &task::ip_area_um2);

  {
    const auto itr = detail::read_csv(table_path(dir, name, "Task_Itr_Count"), "soc");
    check_first_header(itr);
    const std::size_t col = itr.column("number of iterations");
    const auto rows = task_rows(itr, w, idx);
    for (std::size_t i = 0; i < w.tasks.size(); ++i) {
      if (rows[i] == 0) continue;
      const std::uint64_t n = itr.integer(rows[i], col, "number of iterations");
      if (n == 0) itr.fail(rows[i], "number of iterations must be >= 1");
      w.tasks[i].iterations = n;
    }
  }

  // Last task: the workload's own misc table, else the shared list.
  bool found = false;
  for (const auto& path : {table_path(dir, name, "misc"), dir / "misc_database__Last_Tasks.csv"}) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) continue;
    const auto t = detail::read_csv(path, "soc");
    const std::size_t wc = t.column("workload"), lc = t.column("last_task");
    for (std::size_t r = 1; r < t.rows.size() && !found; ++r) {
      if (t.rows[r][wc] != name) continue;
      const std::string& last = t.rows[r][lc];
      auto it = std::find_if(w.tasks.begin(), w.tasks.end(), [&](const task& tk) { return tk.name == last; });
      if (it == w.tasks.end()) t.fail(r, "last task " + detail::quote_field(last) + " is not a task of the workload");
      w.last_task = static_cast<std::size_t>(it - w.tasks.begin());
      found = true;
    }
    if (found) break;
  }
  if (!found)
    throw data_error("soc", "no last task for workload '" + w.name + "' in " +
                                table_path(dir, name, "misc").string() + " or " +
                                (dir / "misc_database__Last_Tasks.csv").string());

  try {
    validate(w);
  } catch (const invalid_argument& e) {
    throw data_error("soc", mv.path + ": " + e.what());
  }
  return w;
}

}  // namespace dsegym::sim::soc
