#pragma once
// Episode records as JSON Lines: one record per line, appended and flushed as episodes finish, so
// an interrupted run leaves every finished episode readable. Doubles are written in their shortest
// round-trip form, so a record read back is bit-identical to the one written.

#include <cstdio>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "dsegym/core/episode_record.hpp"
#include "dsegym/core/error.hpp"
#include "dsegym/json/value.hpp"

namespace dsegym {

[[nodiscard]] inline json record_to_json(const episode_record& r) {
  json j = json::object();
  j["schema"] = episode_record_schema;
  json units = json::object();
  for (const auto& s : r.steps)
    for (const auto& m : s.metrics)
      if (!units.contains(m.name)) units[m.name] = {m.unit, std::string(to_string(m.dir))};
  for (const auto& m : r.reported)
    if (!units.contains(m.name)) units[m.name] = {m.unit, std::string(to_string(m.dir))};
  j["env"] = {{"id", r.env_id}, {"kwargs", to_json(r.env_kwargs)}, {"metrics", units}};
  j["agent"] = {{"name", r.agent}, {"config", to_json(r.agent_config)},
                {"seed", r.agent_seed ? json(*r.agent_seed) : json(nullptr)}};
  j["run"] = r.run;
  j["episode"] = r.episode;
  j["seed"] = r.seed ? json(*r.seed) : json(nullptr);
  json steps = json::array();
  for (const auto& s : r.steps) {
    json m = json::object();
    for (const auto& x : s.metrics) m[x.name] = x.value;
    steps.push_back({{"action", to_json(s.action)},
                     {"reward", s.reward},
                     {"terminated", s.terminated},
                     {"truncated", s.truncated},
                     {"metrics", std::move(m)},
                     {"cost", s.cost}});
  }
  j["steps"] = std::move(steps);
  json rep = json::object();
  for (const auto& x : r.reported) rep[x.name] = x.value;
  j["reported"] = std::move(rep);
  j["return"] = r.total_reward();
  j["cost"] = r.total_cost();
  j["timing"] = {{"env_s", r.timing.env_s},
                 {"agent_s", r.timing.agent_s},
                 {"transport_s", r.timing.transport_s},
                 {"wall_s", r.timing.wall_s}};
  j["extra"] = to_json(r.extra);
  return j;
}

[[nodiscard]] inline episode_record record_from_json(const json& j) {
  if (!j.is_object() || j.value("schema", "") != std::string(episode_record_schema))
    throw invalid_argument("record", std::string("not a ") + episode_record_schema + " record");
  episode_record r;
  const json& env = j.at("env");
  r.env_id = env.at("id").get<std::string>();
  r.env_kwargs = from_json(env.at("kwargs"));
  const json& units = env.at("metrics");
  const auto make_metric = [&](const std::string& name, double v) {
    metric m{name, v, "", direction::maximize};
    if (units.contains(name)) {
      m.unit = units[name].at(0).get<std::string>();
      m.dir = units[name].at(1).get<std::string>() == "min" ? direction::minimize : direction::maximize;
    }
    return m;
  };
  const json& agent = j.at("agent");
  r.agent = agent.at("name").get<std::string>();
  r.agent_config = from_json(agent.at("config"));
  if (!agent.at("seed").is_null()) r.agent_seed = agent.at("seed").get<std::uint64_t>();
  r.run = j.at("run").get<std::string>();
  r.episode = j.at("episode").get<std::int64_t>();
  if (!j.at("seed").is_null()) r.seed = j.at("seed").get<std::uint64_t>();
  for (const auto& s : j.at("steps")) {
    step_record sr;
    sr.action = from_json(s.at("action"));
    sr.reward = s.at("reward").get<double>();
    sr.terminated = s.at("terminated").get<bool>();
    sr.truncated = s.at("truncated").get<bool>();
    for (auto it = s.at("metrics").begin(); it != s.at("metrics").end(); ++it)
      sr.metrics.push_back(make_metric(it.key(), it.value().get<double>()));
    sr.cost = s.at("cost").get<double>();
    r.steps.push_back(std::move(sr));
  }
  for (auto it = j.at("reported").begin(); it != j.at("reported").end(); ++it)
    r.reported.push_back(make_metric(it.key(), it.value().get<double>()));
  const json& t = j.at("timing");
  r.timing = {t.at("env_s").get<double>(), t.at("agent_s").get<double>(),
              t.at("transport_s").get<double>(), t.at("wall_s").get<double>()};
  r.extra = from_json(j.at("extra"));
  return r;
}

/// Appends records to a JSONL file, one flushed line each; safe to share between threads.
class record_writer {
 public:
  explicit record_writer(const std::string& path, bool append = true)
      : path_(path), out_(path, append ? std::ios::app : std::ios::trunc) {
    if (!out_) throw not_found("record", "cannot open record file \"" + path + "\" for writing");
  }
  void write(const episode_record& r) {
    const std::string line = record_to_json(r).dump();
    std::lock_guard lock(mu_);
    out_ << line << '\n';
    out_.flush();
    if (!out_) throw error("record", "write to \"" + path_ + "\" failed", error_code::internal);
  }

 private:
  std::string path_;
  std::ofstream out_;
  std::mutex mu_;
};

/// Reads every record of a JSONL file. A malformed line is a data_error naming file and line; a
/// final line without its newline (a writer killed mid-line) is skipped when `tolerate_torn_tail`.
[[nodiscard]] inline std::vector<episode_record> read_records(const std::string& path,
                                                              bool tolerate_torn_tail = false) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw not_found("record", "cannot open record file \"" + path + "\"");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<episode_record> out;
  std::size_t pos = 0, line_no = 0;
  while (pos < text.size()) {
    ++line_no;
    std::size_t end = text.find('\n', pos);
    const bool torn = end == std::string::npos;
    if (torn) end = text.size();
    const std::string_view line(text.data() + pos, end - pos);
    pos = end + 1;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    try {
      out.push_back(record_from_json(json::parse(line)));
    } catch (const std::exception& e) {
      if (torn && tolerate_torn_tail) break;
      throw data_error("record", "\"" + path + "\": malformed episode record: " + e.what(), line_no);
    }
  }
  return out;
}

}  // namespace dsegym
