// dsegym serve: the ZeroMQ bridge server.

#include <csignal>
#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "dsegym/bridge/server.hpp"
#include "dsegym/envs/default_registry.hpp"

namespace dsegym::cli {

namespace {
bridge::server* active_server = nullptr;
extern "C" void on_signal(int) {
  if (active_server) active_server->stop();
}
}  // namespace

int run_serve(const serve_args& a) {
  if (a.curve_keygen) {
    const auto [pub, sec] = bridge::curve_keypair();
    std::cout << "public " << pub << "\nsecret " << sec << "\n";
    return 0;
  }
  bridge::server_options o;
  o.bind = a.bind;
  o.workers = a.workers;
  o.lim.max_message_bytes = a.max_message_mb << 20;
  o.lim.max_sessions_per_client = a.max_sessions_per_client;
  o.lim.max_sessions_total = a.max_sessions;
  o.lim.idle_timeout_s = a.idle_timeout_s;
  if (!a.record.empty()) o.record_dir = a.record;
  const std::string levels[] = {"error", "warn", "info", "debug"};
  for (int i = 0; i < 4; ++i)
    if (a.log_level == levels[i]) o.verbosity = static_cast<bridge::log_level>(i);
  if (!a.curve_secret.empty()) {
    if (!bridge::curve_available()) throw unimplemented("cli", "this libzmq was built without CURVE support");
    std::ifstream in(a.curve_secret);
    if (!(in >> o.curve_secret_key) || o.curve_secret_key.size() != 40)
      throw invalid_argument("cli", "\"" + a.curve_secret + "\" must hold a 40-character Z85 secret key");
  }
  if (o.bind.rfind("tcp://", 0) == 0 && o.bind.find("127.0.0.1") == std::string::npos &&
      o.bind.find("localhost") == std::string::npos && o.curve_secret_key.empty())
    std::cerr << "[dsegym serve] warn: binding beyond loopback without --curve-secret: anyone who can reach "
                 "this port can run environments and read their results (see bridge/PROTOCOL.md)\n";
  bridge::server srv(envs::default_registry(), o);
  active_server = &srv;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  srv.run();
  active_server = nullptr;
  return 0;
}

}  // namespace dsegym::cli
