// Bridge latency and throughput, measured in one run against their floors:
//  - round trip of `step` on NAS-Bench-201 (a table lookup) vs a raw ZeroMQ DEALER/ROUTER echo of
//    the same message size (the transport floor), p50 and p99;
//  - `step_batch` of 64 steps per message vs stepping in process (the env floor).
// Prints a table with ratios. Usage: bridge_bench [round_trips]
// Helpers for benchmarks/bridge_python_bench.py: bridge_bench --echo ENDPOINT (raw echo server),
// bridge_bench --vec-inprocess N STEPS (in-process vector env throughput).

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <dsegym/bridge/server.hpp>
#include <dsegym/bridge/wire.hpp>
#include <dsegym/envs/default_registry.hpp>
#include <dsegym/vector/vector_env.hpp>
#include <filesystem>
#include <thread>
#include <vector>
#include <zmq.hpp>

using namespace dsegym;
using clock_type = std::chrono::steady_clock;

namespace {

double us(clock_type::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

double pct(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
}

value call(zmq::socket_t& s, const value& req) {
  s.send(zmq::buffer(bridge::encode(req, bridge::encoding::msgpack)));
  zmq::message_t m;
  if (!s.recv(m)) {
    std::fprintf(stderr, "no reply\n");
    std::exit(1);
  }
  bridge::encoding e;
  return bridge::decode(m.to_string_view(), e);
}

}  // namespace

/// `--echo ENDPOINT`: a raw ROUTER echo server (the transport floor for the Python benchmark);
/// stops on the message "quit".
int run_echo(const std::string& endpoint) {
  zmq::context_t ctx;
  zmq::socket_t r(ctx, zmq::socket_type::router);
  r.set(zmq::sockopt::linger, 0);
  r.bind(endpoint);
  std::printf("ready\n");
  std::fflush(stdout);
  for (;;) {
    zmq::message_t id, body;
    if (!r.recv(id) || !r.recv(body)) return 1;
    if (body.to_string_view() == "quit") return 0;
    r.send(id, zmq::send_flags::sndmore);
    r.send(body, zmq::send_flags::none);
  }
}

/// `--vec-inprocess N STEPS`: env steps per second of an in-process sync_vector_env of N
/// NAS-Bench-201 sub-envs (type-erased, as the server holds them; next-step autoreset), stepped
/// with the same random actions the Python benchmark sends.
int run_vec_inprocess(int num_envs, int steps) {
  std::vector<any_env> subs;
  for (int i = 0; i < num_envs; ++i)
    subs.push_back(envs::default_registry().make("nas/NB201-v0", value::dict{{"latency", "none"}}));
  vector::sync_vector_env<any_env> venv(std::move(subs));
  rng g(1);
  const multi_discrete space(std::vector<std::int64_t>(6, 5));
  std::vector<std::vector<value>> actions(64);
  for (auto& batch : actions)
    for (int i = 0; i < num_envs; ++i) batch.push_back(space.to_value(space.sample(g)));
  (void)venv.reset(0);
  for (int w = 0; w < 20; ++w) (void)venv.step(actions[static_cast<std::size_t>(w) & 63]);
  const auto t0 = clock_type::now();
  for (int k = 0; k < steps; ++k) (void)venv.step(actions[static_cast<std::size_t>(k) & 63]);
  const double s = std::chrono::duration<double>(clock_type::now() - t0).count();
  std::printf("%.1f\n", static_cast<double>(steps) * num_envs / s);
  return 0;
}

int main(int argc, char** argv) {
  if (std::getenv("DSEGYM_DATA_DIR") == nullptr) ::setenv("DSEGYM_DATA_DIR", DSEGYM_BENCH_DATA_DIR, 1);
  if (argc > 2 && std::string(argv[1]) == "--echo") return run_echo(argv[2]);
  if (argc > 3 && std::string(argv[1]) == "--vec-inprocess") return run_vec_inprocess(std::atoi(argv[2]), std::atoi(argv[3]));
  const int n = argc > 1 ? std::atoi(argv[1]) : 5000;
  const auto dir = std::filesystem::temp_directory_path();
  zmq::context_t ctx;

  // raw echo server: the floor of a ZeroMQ round trip
  const std::string echo_ep = "ipc://" + (dir / "dsegym_bench_echo.sock").string();
  std::thread echo([&] {
    zmq::socket_t r(ctx, zmq::socket_type::router);
    r.set(zmq::sockopt::linger, 0);
    r.bind(echo_ep);
    for (;;) {
      zmq::message_t id, body;
      if (!r.recv(id) || !r.recv(body)) return;
      if (body.to_string_view() == "quit") return;
      r.send(id, zmq::send_flags::sndmore);
      r.send(body, zmq::send_flags::none);
    }
  });

  bridge::server_options o;
  o.bind = "ipc://" + (dir / "dsegym_bench_bridge.sock").string();
  o.verbosity = bridge::log_level::error;
  bridge::server srv(envs::default_registry(), o);
  std::thread serve([&] { srv.run(); });
  srv.wait_until_ready();

  zmq::socket_t c(ctx, zmq::socket_type::dealer);
  c.set(zmq::sockopt::linger, 0);
  c.set(zmq::sockopt::rcvtimeo, 30000);
  c.connect(srv.endpoint());
  (void)call(c, value::dict{{"type", "hello"}, {"protocol", 1}});
  const value sid = call(c, value::dict{{"type", "make"}, {"env_id", "nas/NB201-v0"},
                                        {"kwargs", value::dict{{"latency", "none"}}}})
                        .at("session");
  rng g(1);
  const multi_discrete space(std::vector<std::int64_t>(6, 5));
  std::vector<value> actions;
  for (int i = 0; i < 1024; ++i) actions.push_back(space.to_value(space.sample(g)));

  // step round trips (reset + step per design, as one-shot agents do; timed: the step)
  std::vector<double> step_rt;
  std::size_t reply_bytes = 0;
  for (int i = 0; i < n; ++i) {
    (void)call(c, value::dict{{"type", "reset"}, {"session", sid}});
    const std::string req = bridge::encode(value::dict{{"type", "step"}, {"id", i}, {"session", sid}, {"action", actions[i & 1023]}},
                                           bridge::encoding::msgpack);
    const auto t0 = clock_type::now();
    c.send(zmq::buffer(req));
    zmq::message_t m;
    (void)c.recv(m);
    step_rt.push_back(us(clock_type::now() - t0));
    reply_bytes = m.size();
  }

  // raw echo of a message the size of a step reply
  zmq::socket_t e(ctx, zmq::socket_type::dealer);
  e.set(zmq::sockopt::linger, 0);
  e.connect(echo_ep);
  const std::string payload(reply_bytes, 'x');
  std::vector<double> echo_rt;
  for (int i = 0; i < n; ++i) {
    const auto t0 = clock_type::now();
    e.send(zmq::buffer(payload));
    zmq::message_t m;
    (void)e.recv(m);
    echo_rt.push_back(us(clock_type::now() - t0));
  }

  // step_batch throughput: batches of 64 (reset + step) pairs
  const int batches = std::max(1, n / 64);
  const auto tb = clock_type::now();
  for (int b = 0; b < batches; ++b) {
    value::list steps;
    for (int k = 0; k < 64; ++k) {
      steps.push_back(value::dict{{"session", sid}, {"reset", true}});
      steps.push_back(value::dict{{"session", sid}, {"action", actions[(b * 64 + k) & 1023]}});
    }
    (void)call(c, value::dict{{"type", "step_batch"}, {"steps", std::move(steps)}});
  }
  const double batch_rate = batches * 64 / std::chrono::duration<double>(clock_type::now() - tb).count();

  // in-process floor through the same registry env
  any_env local = envs::default_registry().make("nas/NB201-v0", value::dict{{"latency", "none"}});
  const auto tl = clock_type::now();
  for (int i = 0; i < batches * 64; ++i) {
    (void)local.reset(std::nullopt);
    (void)local.step(actions[i & 1023]);
  }
  const double local_rate = batches * 64 / std::chrono::duration<double>(clock_type::now() - tl).count();

  std::printf("%-44s %12s %12s\n", "measurement", "p50 / rate", "p99");
  std::printf("%-44s %10.1f us %10.1f us\n", "raw ZeroMQ echo round trip (floor)", pct(echo_rt, 0.5), pct(echo_rt, 0.99));
  std::printf("%-44s %10.1f us %10.1f us\n", "bridge step round trip (NB201)", pct(step_rt, 0.5), pct(step_rt, 0.99));
  std::printf("%-44s %10.2fx %10.2fx\n", "  ratio step / echo", pct(step_rt, 0.5) / pct(echo_rt, 0.5),
              pct(step_rt, 0.99) / pct(echo_rt, 0.99));
  std::printf("%-44s %10.0f /s\n", "in-process reset+step (floor)", local_rate);
  std::printf("%-44s %10.0f /s\n", "bridge step_batch, 64 per message", batch_rate);
  std::printf("%-44s %10.3fx\n", "  ratio step_batch / in-process", batch_rate / local_rate);
  std::printf("%-44s %10.0f /s\n", "bridge single steps (1 / p50)", 1e6 / pct(step_rt, 0.5));

  // the server's own CPU per batch, without transport: decode + serve + encode in this thread
  bridge::service& svc = srv.sessions();
  (void)svc.handle("bench-local", value::dict{{"type", "hello"}, {"protocol", 1}});
  const value lsid = svc.handle("bench-local", value::dict{{"type", "make"}, {"env_id", "nas/NB201-v0"},
                                                           {"kwargs", value::dict{{"latency", "none"}}}})
                         .at("session");
  std::vector<std::string> encoded;
  for (int b = 0; b < 16; ++b) {
    value::list steps;
    for (int k = 0; k < 64; ++k) {
      steps.push_back(value::dict{{"session", lsid}, {"reset", true}});
      steps.push_back(value::dict{{"session", lsid}, {"action", actions[(b * 64 + k) & 1023]}});
    }
    encoded.push_back(bridge::encode(value::dict{{"type", "step_batch"}, {"id", b}, {"steps", std::move(steps)}},
                                     bridge::encoding::msgpack));
  }
  std::size_t sink = 0;
  const auto ts = clock_type::now();
  for (int b = 0; b < batches; ++b) {
    bridge::encoding enc;
    const value req = bridge::decode(encoded[static_cast<std::size_t>(b) & 15], enc);
    sink += bridge::encode(svc.handle("bench-local", req), enc).size();
  }
  const double svc_rate = batches * 64 / std::chrono::duration<double>(clock_type::now() - ts).count();
  std::printf("%-44s %10.0f /s\n", "server CPU only (decode+serve+encode)", svc_rate);
  std::printf("%-44s %10.3fx   (%zu reply bytes)\n", "  ratio server CPU / in-process", svc_rate / local_rate, sink);

  e.send(zmq::str_buffer("quit"));
  echo.join();
  srv.stop();
  serve.join();
  return 0;
}
