#include "dsegym/bridge/service.hpp"

#include <algorithm>
#include <bit>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <limits>

#include "dsegym/bridge/wire.hpp"
#include "dsegym/core/episode_record.hpp"
#include "dsegym/json/describe.hpp"
#include "dsegym/json/record.hpp"
#include "dsegym/version.hpp"

namespace dsegym::bridge {

struct service::session {
  std::int64_t id = 0;
  std::string owner;
  std::mutex mu;  // one request at a time per session (the reaper also takes it)
  std::optional<any_env> env;
  /// steady-clock ticks of the last use (atomic: a client's ping refreshes it without the lock)
  std::atomic<clock::rep> last_used{clock::now().time_since_epoch().count()};
  // Cost history of the env's calls (last 16), for the inline fast path (service::cheap): a
  // session is answered inline only while none of its last 16 calls took more than the threshold
  // (wall time: it counts envs that compute and envs that block; thread CPU clocks are system
  // calls, too dear to read per call). Warm-up calls are forgotten; an env with a slow step in
  // every 16 calls never goes inline.
  std::atomic<std::uint32_t> slow_bits{0};  ///< bit i: call i back took over the threshold
  std::atomic<std::uint32_t> calls{0};
  std::atomic<double> last_s{0.0};          ///< duration of the last call
  void note_env_time(double wall) noexcept {
    slow_bits.store(((slow_bits.load(std::memory_order_relaxed) << 1) | (wall > service::cheap_env_s ? 1u : 0u)) & 0xffffu,
                    std::memory_order_relaxed);
    last_s.store(wall, std::memory_order_relaxed);
    calls.fetch_add(1, std::memory_order_relaxed);
  }
  [[nodiscard]] bool proven_fast() const noexcept {
    const std::uint32_t n = std::min<std::uint32_t>(calls.load(std::memory_order_relaxed), 16);
    return n >= 4 && (slow_bits.load(std::memory_order_relaxed) & ((1u << n) - 1)) == 0;
  }
  void touch() noexcept { last_used.store(clock::now().time_since_epoch().count(), std::memory_order_relaxed); }
  std::unique_ptr<record_writer> writer;
  std::optional<episode_record> episode;
  std::int64_t episodes = 0;
  double best_return = -std::numeric_limits<double>::infinity();  ///< of the session's episodes
};

namespace {

std::optional<std::uint64_t> seed_of(const value& req) {
  const value* s = req.find("seed");
  if (s == nullptr || s->is_null()) return std::nullopt;
  if (!s->is_int() || s->as_int() < 0) throw wire_error(codes::invalid_argument, "seed must be a non-negative integer");
  return static_cast<std::uint64_t>(s->as_int());
}

const value& field(const value& req, const char* name) {
  const value* v = req.find(name);
  if (v == nullptr) throw wire_error(codes::invalid_argument, std::string("missing field \"") + name + "\"");
  return *v;
}

/// Rejects NaN and infinite numbers anywhere in `v` (kwargs), naming the path.
void require_finite(const value& v, const std::string& path) {
  switch (v.type()) {
    case value::kind::real:
      if (!std::isfinite(v.as_real()))
        throw wire_error(codes::invalid_argument, path + " = " + v.to_string() + " is not a finite number");
      break;
    case value::kind::list:
      for (std::size_t i = 0; i < v.as_list().size(); ++i) require_finite(v.as_list()[i], path + "[" + std::to_string(i) + "]");
      break;
    case value::kind::dict:
      for (const auto& [k, x] : v.as_dict()) require_finite(x, path + "." + k);
      break;
    default: break;
  }
}

/// Side effects that must not fail a request whose state change already happened (records).
template <class F>
void best_effort(const char* what, F&& f) noexcept {
  try {
    f();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "[dsegym serve] warn: %s failed: %s\n", what, e.what());
  } catch (...) {
    std::fprintf(stderr, "[dsegym serve] warn: %s failed\n", what);
  }
}

value step_reply(step_result<value>&& r) {
  value::dict d;  // built by moves: initializer lists would copy every element
  d.reserve(6);
  d.emplace_back("type", "ok");
  d.emplace_back("observation", std::move(r.observation));
  d.emplace_back("reward", r.reward);
  d.emplace_back("terminated", r.terminated);
  d.emplace_back("truncated", r.truncated);
  d.emplace_back("info", info_to_value(r.info));
  return value(std::move(d));
}

}  // namespace

service::service(const registry& envs, limits lim, std::optional<std::filesystem::path> record_dir)
    : envs_(envs), limits_(lim), record_dir_(std::move(record_dir)) {
  if (record_dir_) std::filesystem::create_directories(*record_dir_);
}

service::~service() { close_all(); }

value service::error_reply(const value& id, const std::string& code, const std::string& message) {
  return value::dict{{"type", "error"}, {"id", id}, {"code", code}, {"message", message}, {"retryable", false}};
}

value service::handle(const std::string& client, const value& request) {
  const value* idp = request.find("id");
  const value id = idp ? *idp : value();
  try {
    const value* t = request.find("type");
    if (t == nullptr || !t->is_string()) throw wire_error(codes::invalid_argument, "a request needs a string \"type\"");
    value reply = dispatch(client, t->as_string(), request);
    reply.set("id", id);
    return reply;
  } catch (const std::exception& e) {
    return error_reply(id, wire_code_of(e), e.what());
  }
}

value service::dispatch(const std::string& client, const std::string& type, const value& req) {
  if (type == "hello") {
    const value& proto = field(req, "protocol");
    if (!proto.is_int() || proto.as_int() != protocol_version)
      throw wire_error(codes::version_mismatch, "server speaks protocol " + std::to_string(protocol_version) +
                                                    ", client asked for " + proto.to_string());
    std::lock_guard lock(mu_);
    auto& c = clients_[client];
    c.greeted = true;
    c.last_seen = clock::now();
    if (const value* n = req.find("client"); n && n->is_string()) c.name = n->as_string().substr(0, 256);
    value caps = value::list{"step_batch", "json", "record", "report", "keepalive"};
    return value::dict{{"type", "hello"},
                       {"protocol", protocol_version},
                       {"server", std::string("dsegym ") + version_string},
                       {"capabilities", std::move(caps)},
                       {"limits", value::dict{{"max_message_bytes", static_cast<std::int64_t>(limits_.max_message_bytes)},
                                              {"max_sessions_per_client", static_cast<std::int64_t>(limits_.max_sessions_per_client)},
                                              {"max_sessions_total", static_cast<std::int64_t>(limits_.max_sessions_total)},
                                              {"max_batch", static_cast<std::int64_t>(limits_.max_batch)},
                                              {"idle_timeout_s", limits_.idle_timeout_s}}}};
  }
  if (type == "ping") {
    touch_client_sessions(client);
    const double t = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    return value::dict{{"type", "pong"}, {"time", t}, {"sessions", static_cast<std::int64_t>(session_count())},
                       {"clients", static_cast<std::int64_t>(client_count())}};
  }
  {
    std::lock_guard lock(mu_);
    auto it = clients_.find(client);
    if (it == clients_.end() || !it->second.greeted)
      throw wire_error(codes::failed_precondition, "send \"hello\" before \"" + type + "\"");
    it->second.last_seen = clock::now();
  }
  if (type == "list") {
    value::list envs;
    for (const env_entry* e : envs_.entries()) envs.push_back(describe(*e));
    return value::dict{{"type", "ok"}, {"envs", std::move(envs)}};
  }
  if (type == "describe") {
    const value* k = req.find("kwargs");
    const env_entry& entry = envs_.find(field(req, "env_id").as_string());
    try {
      any_env env = envs_.make(entry.id, k ? *k : value());
      return value::dict{{"type", "ok"}, {"description", describe(env)}};
    } catch (const data_error& e) {
      value d = describe(entry);
      d.set("unavailable", std::string(e.what()));
      return value::dict{{"type", "ok"}, {"description", std::move(d)}};
    }
  }
  if (type == "make") return do_make(client, req);
  if (type == "reset") return do_reset(client, req);
  if (type == "step") return do_step(client, req);
  if (type == "step_batch") return do_step_batch(client, req);
  if (type == "close") return do_close(client, req);
  if (type == "report") return do_report(client, req);
  throw wire_error(codes::unimplemented, "unknown message type \"" + type +
                                             "\"; known: hello, ping, list, describe, make, reset, step, step_batch, report, close");
}

value service::do_make(const std::string& client, const value& req) {
  {
    std::lock_guard lock(mu_);
    if (sessions_.size() >= limits_.max_sessions_total)
      throw wire_error(codes::resource_exhausted, "the server holds its maximum of " +
                                                      std::to_string(limits_.max_sessions_total) + " sessions");
    if (clients_[client].sessions.size() >= limits_.max_sessions_per_client)
      throw wire_error(codes::resource_exhausted, "a client may hold at most " +
                                                      std::to_string(limits_.max_sessions_per_client) + " sessions");
  }
  const value* k = req.find("kwargs");
  if (k != nullptr && !k->is_null() && !k->is_dict()) throw wire_error(codes::invalid_argument, "kwargs must be a map");
  if (k != nullptr) require_finite(*k, "kwargs");
  make_options mo;
  if (const value* m = req.find("max_episode_steps"); m && !m->is_null()) {
    if (!m->is_int() || (m->as_int() != -1 && (m->as_int() < 1 || m->as_int() > std::numeric_limits<int>::max())))
      throw wire_error(codes::invalid_argument, "max_episode_steps = " + m->to_string() +
                                                    " is out of range; valid: -1 (no limit) or 1 .. " +
                                                    std::to_string(std::numeric_limits<int>::max()));
    mo.max_episode_steps = static_cast<int>(m->as_int());
  }
  const value& env_id = field(req, "env_id");
  if (!env_id.is_string()) throw wire_error(codes::invalid_argument, "env_id must be a string");
  any_env env = envs_.make(env_id.as_string(), k ? *k : value(), mo);
  value description = describe(env);
  auto s = std::make_shared<session>();
  s->env.emplace(std::move(env));
  std::lock_guard lock(mu_);
  if (sessions_.size() >= limits_.max_sessions_total || clients_[client].sessions.size() >= limits_.max_sessions_per_client)
    throw wire_error(codes::resource_exhausted, "session limit reached");
  s->id = next_session_++;
  s->owner = client;
  if (record_dir_)
    s->writer = std::make_unique<record_writer>((*record_dir_ / ("session-" + std::to_string(s->id) + ".jsonl")).string());
  sessions_[s->id] = s;
  clients_[client].sessions.insert(s->id);
  return value::dict{{"type", "ok"}, {"session", s->id}, {"description", std::move(description)}};
}

std::shared_ptr<service::session> service::find_session(const std::string& client, const value& req) {
  const value& sid = field(req, "session");
  if (!sid.is_int()) throw wire_error(codes::invalid_argument, "session must be an integer");
  std::lock_guard lock(mu_);
  auto it = sessions_.find(sid.as_int());
  if (it == sessions_.end() || it->second->owner != client)
    throw wire_error(codes::not_found, "unknown session " + sid.to_string());
  return it->second;
}

void service::finish_episode(session& s, bool unfinished) {
  if (!s.episode) return;
  if (s.writer) {
    if (unfinished) s.episode->extra.set("unfinished", true);
    s.writer->write(*s.episode);
  }
  s.episode.reset();
}

value service::do_reset(const std::string& client, const value& req) {
  auto s = find_session(client, req);
  std::lock_guard lock(s->mu);
  if (!s->env) throw wire_error(codes::not_found, "session " + std::to_string(s->id) + " was closed");
  s->touch();
  const auto seed = seed_of(req);
  const auto t0 = clock::now();
  auto r = s->env->reset(seed);
  s->note_env_time(std::chrono::duration<double>(clock::now() - t0).count());
  best_effort("writing the record of an unfinished episode", [&] { finish_episode(*s, true); });
  s->episode.reset();
  if (s->writer) {
    episode_record rec;
    rec.env_id = s->env->spec().id;
    rec.env_kwargs = s->env->spec().kwargs;
    {
      std::lock_guard l2(mu_);
      rec.agent = clients_[client].name;
    }
    rec.run = "session-" + std::to_string(s->id);
    rec.episode = s->episodes++;
    rec.seed = seed;
    rec.timing.env_s = std::chrono::duration<double>(clock::now() - t0).count();
    s->episode = std::move(rec);
  }
  value::dict d;
  d.reserve(3);
  d.emplace_back("type", "ok");
  d.emplace_back("observation", std::move(r.observation));
  d.emplace_back("info", info_to_value(r.info));
  return value(std::move(d));
}

value service::do_step(const std::string& client, const value& req) {
  auto s = find_session(client, req);
  std::lock_guard lock(s->mu);
  if (!s->env) throw wire_error(codes::not_found, "session " + std::to_string(s->id) + " was closed");
  s->touch();
  const value& action = field(req, "action");
  const auto t0 = clock::now();
  auto r = s->env->step(action);
  const double dt = std::chrono::duration<double>(clock::now() - t0).count();
  s->note_env_time(dt);
  if (s->episode) best_effort("recording a step", [&] {
    s->episode->steps.push_back({s->env->action_space().validate(action), r.reward, r.terminated, r.truncated,
                                 r.info.metrics, r.info.cost});
    s->episode->timing.env_s += dt;
    if (r.terminated || r.truncated) {
      // Scoring uses the reported metrics of a session's incumbent only, so they are computed for
      // episodes that improve on the session's best return (the incumbent rule of
      // leaderboard/incumbent.hpp): report() retrains for the envs that train networks.
      const double ret = s->episode->total_reward();
      if (ret > s->best_return) {
        s->best_return = ret;
        try {
          s->episode->reported = s->env->report();
        } catch (const std::exception&) {
        }
      }
      finish_episode(*s, false);
    }
  });
  if ((r.terminated || r.truncated) && s->episode) s->episode.reset();  // a failed write drops it
  return step_reply(std::move(r));
}

value service::do_step_batch(const std::string& client, const value& req) {
  const value& steps = field(req, "steps");
  if (!steps.is_list()) throw wire_error(codes::invalid_argument, "steps must be a list");
  if (steps.size() > limits_.max_batch)
    throw wire_error(codes::resource_exhausted, "a batch may hold at most " + std::to_string(limits_.max_batch) + " entries");
  value::list results;
  results.reserve(steps.size());
  for (const auto& item : steps.as_list()) {
    value r;
    try {
      if (!item.is_dict()) throw wire_error(codes::invalid_argument, "batch entries must be maps");
      const value* reset = item.find("reset");
      r = reset && reset->is_bool() && reset->as_bool() ? do_reset(client, item) : do_step(client, item);
    } catch (const std::exception& e) {
      r = error_reply(value(), wire_code_of(e), e.what());
    }
    results.push_back(std::move(r));
  }
  return value::dict{{"type", "ok"}, {"results", std::move(results)}};
}

value service::do_close(const std::string& client, const value& req) {
  const value& sid = field(req, "session");
  std::shared_ptr<session> s;
  {
    std::lock_guard lock(mu_);
    auto it = sessions_.find(sid.is_int() ? sid.as_int() : -1);
    if (it != sessions_.end() && it->second->owner == client) {
      s = it->second;
      sessions_.erase(it);
      clients_[client].sessions.erase(s->id);
    }
  }
  if (s) {  // closing an unknown or closed session is not an error
    std::lock_guard lock(s->mu);
    best_effort("writing the record of an unfinished episode", [&] { finish_episode(*s, true); });
    best_effort("closing an env", [&] {
      if (s->env) s->env->close();
    });
    s->env.reset();
  }
  return value::dict{{"type", "ok"}};
}

value service::do_report(const std::string& client, const value& req) {
  auto s = find_session(client, req);
  std::lock_guard lock(s->mu);
  if (!s->env) throw wire_error(codes::not_found, "session " + std::to_string(s->id) + " was closed");
  s->touch();
  return value::dict{{"type", "ok"}, {"metrics", metrics_to_value(s->env->report())}};
}

bool service::cheap(const std::string& client, const value& req) const {
  const value* t = req.find("type");
  if (t == nullptr || !t->is_string()) return true;  // an error reply
  const std::string& type = t->as_string();
  if (type == "ping" || type == "hello" || type == "close") return true;
  // seconds the request would take, or infinity when a session has not proven fast
  const auto session_cost = [&](const value& r) {
    const value* sid = r.find("session");
    if (sid == nullptr || !sid->is_int()) return 0.0;  // an error reply
    auto it = sessions_.find(sid->as_int());
    if (it == sessions_.end() || it->second->owner != client) return 0.0;
    const session& s = *it->second;
    return s.proven_fast() ? s.last_s.load(std::memory_order_relaxed) : std::numeric_limits<double>::infinity();
  };
  std::lock_guard lock(mu_);
  if (type == "step" || type == "reset") return session_cost(req) < cheap_env_s;
  if (type == "step_batch") {
    const value* steps = req.find("steps");
    if (steps == nullptr || !steps->is_list()) return true;
    if (steps->size() > 256) return false;
    double total = 0;
    for (const auto& e : steps->as_list()) total += session_cost(e);
    return total < cheap_env_s;
  }
  return false;
}

void service::touch_client_sessions(const std::string& client) {
  std::lock_guard lock(mu_);
  auto it = clients_.find(client);
  if (it == clients_.end()) return;
  it->second.last_seen = clock::now();
  for (const auto id : it->second.sessions)
    if (auto sit = sessions_.find(id); sit != sessions_.end()) sit->second->touch();
}

std::size_t service::client_count() const {
  std::lock_guard lock(mu_);
  return clients_.size();
}

std::size_t service::reap_idle(clock::time_point now) {
  std::vector<std::shared_ptr<session>> idle;
  {
    std::lock_guard lock(mu_);
    for (auto it = sessions_.begin(); it != sessions_.end();) {
      auto& s = it->second;
      std::unique_lock sl(s->mu, std::try_to_lock);
      const auto last = clock::time_point(clock::duration(s->last_used.load(std::memory_order_relaxed)));
      if (sl.owns_lock() && std::chrono::duration<double>(now - last).count() > limits_.idle_timeout_s) {
        if (auto c = clients_.find(s->owner); c != clients_.end()) c->second.sessions.erase(s->id);
        idle.push_back(s);
        it = sessions_.erase(it);
      } else {
        ++it;
      }
    }
    // a client with no session left that has been silent as long is forgotten (its state freed)
    for (auto it = clients_.begin(); it != clients_.end();) {
      if (it->second.sessions.empty() &&
          std::chrono::duration<double>(now - it->second.last_seen).count() > limits_.idle_timeout_s)
        it = clients_.erase(it);
      else
        ++it;
    }
  }
  for (auto& s : idle) {
    std::lock_guard lock(s->mu);
    best_effort("writing the record of an unfinished episode", [&] { finish_episode(*s, true); });
    s->env.reset();
  }
  return idle.size();
}

void service::close_all() {
  std::map<std::int64_t, std::shared_ptr<session>> all;
  {
    std::lock_guard lock(mu_);
    all.swap(sessions_);
    for (auto& [k, c] : clients_) c.sessions.clear();
  }
  for (auto& [id, s] : all) {
    std::lock_guard lock(s->mu);
    finish_episode(*s, true);
    s->env.reset();
  }
}

std::size_t service::session_count() const {
  std::lock_guard lock(mu_);
  return sessions_.size();
}

}  // namespace dsegym::bridge
