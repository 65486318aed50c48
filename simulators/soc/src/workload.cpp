#include "dsegym/sim/soc/workload.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

#include "dsegym/core/error.hpp"

namespace dsegym::sim::soc {

namespace {

void check_quantity(const task& t, std::string_view what, double v) {
  if (!std::isfinite(v) || v < 0.0)
    throw invalid_argument("soc", "task '" + t.name + "': " + std::string(what) + " = " +
                                      std::to_string(v) + " must be finite and >= 0");
}

}  // namespace

void validate(const workload& w) {
  if (w.tasks.empty()) throw invalid_argument("soc", "workload '" + w.name + "' has no tasks");
  std::unordered_map<std::string_view, std::size_t> names;
  for (std::size_t i = 0; i < w.tasks.size(); ++i) {
    const task& t = w.tasks[i];
    if (t.name.empty())
      throw invalid_argument("soc", "workload '" + w.name + "': task " + std::to_string(i) +
                                        " has an empty name");
    if (!names.emplace(t.name, i).second)
      throw invalid_argument("soc", "workload '" + w.name + "': duplicate task name '" + t.name + "'");
    if (t.gpp_cycles) check_quantity(t, "gpp_cycles", *t.gpp_cycles);
    if (t.ip_cycles) check_quantity(t, "ip_cycles", *t.ip_cycles);
    check_quantity(t, "ip_energy", t.ip_energy);
    check_quantity(t, "ip_area_um2", t.ip_area_um2);
    if (t.iterations == 0)
      throw invalid_argument("soc", "task '" + t.name + "': iterations must be >= 1");
  }
  const std::size_t n = w.tasks.size();
  std::set<std::pair<std::size_t, std::size_t>> seen;
  for (const edge& e : w.edges) {
    if (e.producer >= n || e.consumer >= n)
      throw invalid_argument("soc", "workload '" + w.name + "': edge " + std::to_string(e.producer) +
                                        " -> " + std::to_string(e.consumer) +
                                        " names a task outside 0.." + std::to_string(n - 1));
    const std::string label = w.tasks[e.producer].name + " -> " + w.tasks[e.consumer].name;
    if (e.producer == e.consumer)
      throw invalid_argument("soc", "workload '" + w.name + "': self edge " + label);
    if (e.bytes == 0)
      throw invalid_argument("soc", "workload '" + w.name + "': edge " + label + " moves 0 bytes");
    if (!seen.emplace(e.producer, e.consumer).second)
      throw invalid_argument("soc", "workload '" + w.name + "': duplicate edge " + label);
  }
  if (w.last_task >= n)
    throw invalid_argument("soc", "workload '" + w.name + "': last_task " +
                                      std::to_string(w.last_task) + " is not a task index (0.." +
                                      std::to_string(n - 1) + ")");
  (void)topological_order(w);  // throws on a cycle
}

task_adjacency build_adjacency(const workload& w) {
  task_adjacency adj;
  adj.in_edges.resize(w.tasks.size());
  adj.out_edges.resize(w.tasks.size());
  for (std::size_t i = 0; i < w.edges.size(); ++i) {
    adj.out_edges[w.edges[i].producer].push_back(i);
    adj.in_edges[w.edges[i].consumer].push_back(i);
  }
  return adj;
}

std::vector<std::size_t> topological_order(const workload& w) {
  const std::size_t n = w.tasks.size();
  std::vector<std::size_t> indegree(n, 0);
  std::vector<std::vector<std::size_t>> children(n);
  for (const edge& e : w.edges) {
    if (e.producer >= n || e.consumer >= n) continue;  // validate() reports these
    ++indegree[e.consumer];
    children[e.producer].push_back(e.consumer);
  }
  // Lowest index first among ready tasks, so the order is the CSV order where the graph allows.
  std::set<std::size_t> ready;
  for (std::size_t i = 0; i < n; ++i)
    if (indegree[i] == 0) ready.insert(i);
  std::vector<std::size_t> order;
  order.reserve(n);
  while (!ready.empty()) {
    const std::size_t t = *ready.begin();
    ready.erase(ready.begin());
    order.push_back(t);
    for (std::size_t c : children[t])
      if (--indegree[c] == 0) ready.insert(c);
  }
  if (order.size() != n) {
    for (std::size_t i = 0; i < n; ++i)
      if (indegree[i] != 0)
        throw invalid_argument("soc", "workload '" + w.name + "' has a dependency cycle through task '" +
                                          w.tasks[i].name + "'");
  }
  return order;
}

std::size_t find_task(const workload& w, std::string_view name) {
  for (std::size_t i = 0; i < w.tasks.size(); ++i)
    if (w.tasks[i].name == name) return i;
  throw not_found("soc", "workload '" + w.name + "' has no task '" + std::string(name) + "'");
}

bool is_data_source(const workload& w, const task_adjacency& adj, std::size_t t) {
  return adj.in_edges[t].empty() && w.tasks[t].zero_work();
}

bool is_data_sink(const workload& w, const task_adjacency& adj, std::size_t t) {
  return adj.out_edges[t].empty() && w.tasks[t].zero_work();
}

workload_stats compute_stats(const workload& w, double gpp_hz, double ip_hz) {
  if (!(gpp_hz > 0.0) || !(ip_hz > 0.0) || !std::isfinite(gpp_hz) || !std::isfinite(ip_hz))
    throw invalid_argument("soc", "compute_stats needs finite clocks > 0");
  validate(w);
  workload_stats s;
  s.tasks = w.tasks.size();
  s.edges = w.edges.size();
  std::vector<double> gpp(w.tasks.size()), best(w.tasks.size());
  for (std::size_t i = 0; i < w.tasks.size(); ++i) {
    const task& t = w.tasks[i];
    const double ip = t.ip_cycles ? *t.ip_cycles / ip_hz : -1.0;
    gpp[i] = t.gpp_cycles ? *t.gpp_cycles / gpp_hz : std::max(ip, 0.0);
    best[i] = t.ip_cycles && t.gpp_cycles ? std::min(gpp[i], ip) : gpp[i];
    s.serial_gpp_s += gpp[i];
  }
  for (const edge& e : w.edges) s.bytes += e.bytes;
  const auto adj = build_adjacency(w);
  std::vector<double> fin_gpp(w.tasks.size(), 0.0), fin_best(w.tasks.size(), 0.0);
  for (std::size_t t : topological_order(w)) {
    double a = 0.0, b = 0.0;
    for (std::size_t ei : adj.in_edges[t]) {
      a = std::max(a, fin_gpp[w.edges[ei].producer]);
      b = std::max(b, fin_best[w.edges[ei].producer]);
    }
    fin_gpp[t] = a + gpp[t];
    fin_best[t] = b + best[t];
    s.gpp_critical_path_s = std::max(s.gpp_critical_path_s, fin_gpp[t]);
    s.best_critical_path_s = std::max(s.best_critical_path_s, fin_best[t]);
  }
  return s;
}

}  // namespace dsegym::sim::soc
