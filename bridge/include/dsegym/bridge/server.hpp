#pragma once
// The ZeroMQ server of `dsegym serve`: a ROUTER socket (tcp or ipc) whose I/O thread receives
// requests and sends replies, while worker threads run the environments. Requests of one client
// are served in order (a per-client strand), different clients concurrently, so one slow env does
// not stall other clients. Oversized and undecodable messages get in-band error replies. stop()
// (async-signal-safe) finishes in-flight requests, sends their replies, flushes records and
// returns from run().

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "dsegym/bridge/service.hpp"

namespace dsegym::bridge {

enum class log_level { error = 0, warn = 1, info = 2, debug = 3 };

struct server_options {
  std::string bind = "tcp://127.0.0.1:5555";
  limits lim;
  std::size_t workers = 2;
  std::optional<std::filesystem::path> record_dir;
  log_level verbosity = log_level::info;
  /// Z85 CURVE secret key of the server (40 chars); empty = no encryption.
  std::string curve_secret_key;
};

class server {
 public:
  server(const registry& envs, server_options options);
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  /// Binds and serves until stop(). Throws dsegym::error when the endpoint cannot be bound.
  void run();
  /// Requests shutdown; safe from signal handlers and other threads.
  void stop() noexcept { stop_.store(true); }
  /// The bound endpoint (after run() started; resolves tcp://...:0 to the real port).
  [[nodiscard]] std::string endpoint() const;
  /// Blocks until run() has bound its socket (or failed).
  void wait_until_ready() const;
  [[nodiscard]] service& sessions() noexcept { return service_; }

 private:
  struct impl;
  service service_;
  server_options options_;
  std::atomic<bool> stop_{false};
  std::unique_ptr<impl> impl_;
};

/// Whether this libzmq supports CURVE encryption.
[[nodiscard]] bool curve_available();
/// A new CURVE key pair (Z85 public, Z85 secret).
[[nodiscard]] std::pair<std::string, std::string> curve_keypair();

}  // namespace dsegym::bridge
