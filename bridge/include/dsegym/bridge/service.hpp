#pragma once
// The bridge's request handling, independent of the transport: clients (by identity) own
// sessions (env instances); each request map is answered with a reply map. Thread-safe: requests
// of different clients may be handled concurrently; the caller serialises the requests of one
// client (so replies keep their order). Every failure becomes an error reply; the service itself
// never throws for bad input.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "dsegym/core/value.hpp"
#include "dsegym/registry/registry.hpp"

namespace dsegym::bridge {

inline constexpr int protocol_version = 1;

struct limits {
  std::size_t max_message_bytes = 64u << 20;  ///< larger requests get RESOURCE_EXHAUSTED
  std::size_t max_sessions_per_client = 256;
  std::size_t max_sessions_total = 4096;
  std::size_t max_batch = 4096;               ///< entries of one step_batch
  double idle_timeout_s = 300.0;              ///< sessions unused this long are closed
};

class service {
 public:
  using clock = std::chrono::steady_clock;

  service(const registry& envs, limits lim, std::optional<std::filesystem::path> record_dir = std::nullopt);
  ~service();
  service(const service&) = delete;
  service& operator=(const service&) = delete;

  /// Answers one decoded request of `client`. Never throws for bad requests.
  [[nodiscard]] value handle(const std::string& client, const value& request);
  /// Whether `request` is cheap enough to answer on the I/O thread (about `cheap_env_s` of env
  /// time at most): pings, hellos, closes, and steps, resets and batches (<= 256 entries) of
  /// sessions whose recent calls were fast (at least 4 calls, none of the last 16 above
  /// `cheap_env_s`).
  [[nodiscard]] bool cheap(const std::string& client, const value& request) const;
  static constexpr double cheap_env_s = 1e-3;
  /// The error reply for a request that could not even be decoded.
  [[nodiscard]] static value error_reply(const value& id, const std::string& code, const std::string& message);

  /// Closes sessions idle for longer than the idle timeout and forgets clients that have no
  /// session left and were silent that long (they must send `hello` again); returns how many
  /// sessions were closed.
  std::size_t reap_idle(clock::time_point now = clock::now());
  /// Clients the service keeps state for (greeted, or owning sessions).
  [[nodiscard]] std::size_t client_count() const;
  /// Closes every session (flushing records).
  void close_all();
  [[nodiscard]] std::size_t session_count() const;
  [[nodiscard]] const limits& limit() const noexcept { return limits_; }

 private:
  struct session;
  struct client_info {
    bool greeted = false;
    std::string name = "client";
    std::set<std::int64_t> sessions;
    clock::time_point last_seen = clock::now();
  };

  value dispatch(const std::string& client, const std::string& type, const value& req);
  value do_make(const std::string& client, const value& req);
  value do_reset(const std::string& client, const value& req);
  value do_step(const std::string& client, const value& req);
  value do_step_batch(const std::string& client, const value& req);
  value do_close(const std::string& client, const value& req);
  value do_report(const std::string& client, const value& req);
  void touch_client_sessions(const std::string& client);
  std::shared_ptr<session> find_session(const std::string& client, const value& req);
  void finish_episode(session& s, bool unfinished);

  const registry& envs_;
  limits limits_;
  std::optional<std::filesystem::path> record_dir_;
  mutable std::mutex mu_;
  std::map<std::string, client_info> clients_;
  std::map<std::int64_t, std::shared_ptr<session>> sessions_;
  std::int64_t next_session_ = 1;
};

}  // namespace dsegym::bridge
