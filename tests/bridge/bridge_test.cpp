// The bridge server in process: wire decoding under hostile input, the service's error replies,
// and a real ZeroMQ server with concurrent clients (a slow env must not stall a fast client).

#include <gtest/gtest.h>

#include <chrono>
#include <dsegym/bridge/server.hpp>
#include <dsegym/bridge/wire.hpp>
#include <dsegym/spaces/discrete.hpp>
#include <filesystem>
#include <limits>
#include <thread>
#include <zmq.hpp>

using namespace dsegym;
using namespace dsegym::bridge;
using namespace std::chrono_literals;

namespace {

/// Sequential counter env; each step sleeps `delay`.
class sleepy_env {
 public:
  using observation_type = std::int64_t;
  using action_type = std::int64_t;
  explicit sleepy_env(std::chrono::milliseconds delay, std::string id) : delay_(delay) {
    spec_.id = std::move(id);
    spec_.shape = episode_shape::sequential;
    spec_.max_episode_steps = 100;
    spec_.metrics = {{"count", "", direction::maximize, ""}};
  }
  const discrete& observation_space() const { return obs_; }
  const discrete& action_space() const { return act_; }
  const env_spec& spec() const { return spec_; }
  reset_result<std::int64_t> reset(std::optional<std::uint64_t> seed) {
    n_ = seed ? static_cast<std::int64_t>(*seed % 10) : 0;
    return {n_, {}};
  }
  step_result<std::int64_t> step(std::int64_t a) {
    std::this_thread::sleep_for(delay_);
    n_ = std::min<std::int64_t>(n_ + a, 200);
    step_info info;
    info.metrics.push_back({"count", static_cast<double>(n_), "", direction::maximize});
    info.cost = 1;
    return {n_, static_cast<double>(a), n_ >= 200, false, info};
  }

 private:
  std::chrono::milliseconds delay_;
  discrete obs_{201};
  discrete act_{3};
  env_spec spec_;
  std::int64_t n_ = 0;
};

registry test_registry() {
  registry r;
  r.add({"test/Fast-v0", "fast", {}, [](const kwargs_reader&) { return any_env(sleepy_env(0ms, "test/Fast-v0")); }, false, {}});
  r.add({"test/Slow-v0", "slow", {}, [](const kwargs_reader&) { return any_env(sleepy_env(400ms, "test/Slow-v0")); }, false, {}});
  return r;
}

value hello() { return value::dict{{"type", "hello"}, {"id", 0}, {"protocol", 1}, {"client", "test"}}; }

}  // namespace

TEST(BridgeWire, RoundTripsBothEncodings) {
  const value v = value::dict{{"type", "step"}, {"id", 3}, {"action", value::list{1, 2.5, "x", nullptr, true}}};
  encoding e;
  EXPECT_EQ(decode(encode(v, encoding::msgpack), e), v);
  EXPECT_EQ(e, encoding::msgpack);
  EXPECT_EQ(decode(encode(v, encoding::json), e), v);
  EXPECT_EQ(e, encoding::json);
}

TEST(BridgeWire, HostileBytesNeverCrash) {
  const std::string valid = encode(value::dict{{"type", "step"}, {"id", 3}, {"session", 1},
                                               {"action", value::list{1, 2, value::dict{{"k", "v"}}}}},
                                   encoding::msgpack);
  rng g(42);
  std::size_t rejected = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    std::string bytes;
    if (trial % 3 == 0) {  // random bytes
      bytes.resize(uniform_below(g, 64));
      for (auto& c : bytes) c = static_cast<char>(g());
    } else if (trial % 3 == 1) {  // truncated valid message
      bytes = valid.substr(0, uniform_below(g, valid.size()));
    } else {  // valid message with flipped bytes
      bytes = valid;
      for (int k = 0; k < 3; ++k) bytes[uniform_below(g, bytes.size())] = static_cast<char>(g());
    }
    encoding e;
    try {
      (void)decode(bytes, e);
    } catch (const wire_error& w) {
      EXPECT_EQ(w.wire_code(), codes::invalid_argument);
      ++rejected;
    }
  }
  EXPECT_GT(rejected, 10000u);
  encoding e;
  EXPECT_THROW((void)decode(std::string(100000, '\x91') + '\x00', e), wire_error);  // depth bomb
  EXPECT_THROW((void)decode(std::string(100000, '[') + std::string(100000, ']'), e), wire_error);
  EXPECT_THROW((void)decode("\xdd\xff\xff\xff\xff", e), wire_error);  // huge claimed length
}

TEST(BridgeWire, DecodedBudgetRefusesAmplification) {
  // 3 M one-byte integers: 3 MB on the wire, well over 100 MB as values
  std::string flood = "\x81\xa3pad\xdd";
  const std::uint32_t n = 3'000'000;
  for (int i = 3; i >= 0; --i) flood += static_cast<char>((n >> (8 * i)) & 0xff);
  flood.append(n, '\x01');
  encoding e;
  try {
    (void)decode(flood, e);
    FAIL() << "an amplifying message was decoded";
  } catch (const wire_error& w) {
    EXPECT_EQ(w.wire_code(), codes::resource_exhausted);
    EXPECT_NE(std::string(w.what()).find("decodes to more than"), std::string::npos);
  }
  EXPECT_EQ(decoded_budget(100), decoded_budget_floor);
  EXPECT_EQ(decoded_budget(10u << 20), 80u << 20);
  // a legitimate large batch still decodes
  value::list steps;
  for (int i = 0; i < 4096; ++i) steps.push_back(value::dict{{"session", i}, {"action", value::list{1, 2, 3, 4, 0, 1}}});
  const value batch = value::dict{{"type", "step_batch"}, {"steps", steps}};
  EXPECT_EQ(decode(encode(batch, encoding::msgpack), e), batch);
}

TEST(BridgeWire, ForeignBytesAreEscapedBothWays) {
  EXPECT_EQ(escape_utf8("ok \xc3\xa9"), "ok \xc3\xa9");  // valid UTF-8 stays
  EXPECT_EQ(escape_utf8("a\xff\xc3(b\xed\xa0\x80"), "a\\xFF\\xC3(b\\xED\\xA0\\x80");  // stray, cut, surrogate
  const std::string msg = std::string("\x81\xa4name\xa3") + "x\xfe\xff";
  encoding e;
  const value v = decode(msg, e);
  EXPECT_EQ(v.at("name").as_string(), "x\\xFE\\xFF");
  const std::string out = encode(value::dict{{"message", std::string("bad \x80 byte")}}, encoding::msgpack);
  EXPECT_EQ(decode(out, e).at("message").as_string(), "bad \\x80 byte");
  const std::string js = encode(value::dict{{"message", std::string("bad \x80 byte")}}, encoding::json);
  EXPECT_NO_THROW((void)decode(js, e));
}

TEST(BridgeService, EveryErrorIsAReplyAndChangesNothing) {
  const registry reg = test_registry();
  service s(reg, {});
  const auto code = [](const value& r) { return r.at("type").as_string() == "error" ? r.at("code").as_string() : "ok"; };
  EXPECT_EQ(code(s.handle("a", value::dict{{"type", "make"}, {"env_id", "test/Fast-v0"}})), "FAILED_PRECONDITION");
  EXPECT_EQ(code(s.handle("a", value::dict{{"type", "hello"}, {"protocol", 2}})), "VERSION_MISMATCH");
  EXPECT_EQ(code(s.handle("a", hello())), "ok");
  EXPECT_EQ(code(s.handle("a", value::dict{{"id", 1}})), "INVALID_ARGUMENT");
  EXPECT_EQ(code(s.handle("a", value::dict{{"type", "fly"}})), "UNIMPLEMENTED");
  EXPECT_EQ(code(s.handle("a", value::dict{{"type", "make"}, {"env_id", "test/Nope-v0"}})), "NOT_FOUND");
  EXPECT_EQ(code(s.handle("a", value::dict{{"type", "make"}, {"env_id", "test/Fast-v0"}, {"kwargs", value::dict{{"x", 1}}}})),
            "INVALID_ARGUMENT");
  const value made = s.handle("a", value::dict{{"type", "make"}, {"env_id", "test/Fast-v0"}, {"id", 7}});
  ASSERT_EQ(code(made), "ok");
  EXPECT_EQ(made.at("id").as_int(), 7);
  const value sid = made.at("session");
  EXPECT_EQ(code(s.handle("a", value::dict{{"type", "step"}, {"session", sid}, {"action", 1}})), "FAILED_PRECONDITION");
  EXPECT_EQ(code(s.handle("a", value::dict{{"type", "reset"}, {"session", sid}, {"seed", -4}})), "INVALID_ARGUMENT");
  EXPECT_EQ(code(s.handle("a", value::dict{{"type", "reset"}, {"session", sid}, {"seed", 3}})), "ok");
  EXPECT_EQ(code(s.handle("a", value::dict{{"type", "step"}, {"session", sid}, {"action", 7}})), "INVALID_ARGUMENT");
  EXPECT_EQ(code(s.handle("b", hello())), "ok");
  EXPECT_EQ(code(s.handle("b", value::dict{{"type", "step"}, {"session", sid}, {"action", 1}})), "NOT_FOUND");
  const value r = s.handle("a", value::dict{{"type", "step"}, {"session", sid}, {"action", 2}});
  ASSERT_EQ(code(r), "ok");
  EXPECT_EQ(r.at("observation").as_int(), 5);  // 3 + 2: the failed requests changed nothing
  EXPECT_EQ(code(s.handle("a", value::dict{{"type", "close"}, {"session", sid}})), "ok");
  EXPECT_EQ(code(s.handle("a", value::dict{{"type", "close"}, {"session", sid}})), "ok");
  EXPECT_EQ(s.session_count(), 0u);
}

TEST(BridgeService, SessionLimitsAndIdleReaping) {
  const registry reg = test_registry();
  limits lim;
  lim.max_sessions_per_client = 2;
  lim.max_sessions_total = 3;
  lim.idle_timeout_s = 0.05;
  service s(reg, lim);
  const value mk = value::dict{{"type", "make"}, {"env_id", "test/Fast-v0"}};
  for (const char* c : {"a", "b"}) (void)s.handle(c, hello());
  EXPECT_EQ(s.handle("a", mk).at("type").as_string(), "ok");
  EXPECT_EQ(s.handle("a", mk).at("type").as_string(), "ok");
  EXPECT_EQ(s.handle("a", mk).at("code").as_string(), "RESOURCE_EXHAUSTED");
  EXPECT_EQ(s.handle("b", mk).at("type").as_string(), "ok");
  EXPECT_EQ(s.handle("b", mk).at("code").as_string(), "RESOURCE_EXHAUSTED");  // total
  EXPECT_EQ(s.reap_idle(service::clock::now()), 0u);
  EXPECT_EQ(s.reap_idle(service::clock::now() + 1s), 3u);
  EXPECT_EQ(s.session_count(), 0u);
}

TEST(BridgeService, RefusesNonFiniteKwargsAndWrappingStepLimits) {
  const registry reg = test_registry();
  service s(reg, {});
  (void)s.handle("a", hello());
  const value nan_make = value::dict{{"type", "make"}, {"env_id", "test/Fast-v0"},
                                     {"kwargs", value::dict{{"x", std::numeric_limits<double>::quiet_NaN()}}}};
  const value r = s.handle("a", nan_make);
  EXPECT_EQ(r.at("code").as_string(), "INVALID_ARGUMENT");
  EXPECT_NE(r.at("message").as_string().find("kwargs.x = nan is not a finite number"), std::string::npos);
  for (const value& bad : {value(std::int64_t{4294967299}), value(0), value(-2), value("5")}) {
    const value m = s.handle("a", value::dict{{"type", "make"}, {"env_id", "test/Fast-v0"}, {"max_episode_steps", bad}});
    EXPECT_EQ(m.at("code").as_string(), "INVALID_ARGUMENT") << bad.to_string();
  }
  EXPECT_EQ(s.session_count(), 0u);
}

TEST(BridgeService, PingKeepsSessionsAliveAndSilentClientsAreForgotten) {
  const registry reg = test_registry();
  limits lim;
  lim.idle_timeout_s = 0.3;
  service s(reg, lim);
  const value mk = value::dict{{"type", "make"}, {"env_id", "test/Fast-v0"}};
  (void)s.handle("keeper", hello());
  (void)s.handle("quiet", hello());
  (void)s.handle("gone", hello());
  ASSERT_EQ(s.handle("keeper", mk).at("type").as_string(), "ok");
  ASSERT_EQ(s.handle("quiet", mk).at("type").as_string(), "ok");
  EXPECT_EQ(s.client_count(), 3u);
  for (int i = 0; i < 4; ++i) {
    std::this_thread::sleep_for(150ms);
    (void)s.handle("keeper", value::dict{{"type", "ping"}});
    (void)s.reap_idle();
  }
  EXPECT_EQ(s.session_count(), 1u);  // the keeper's session survived 0.6 s of pings
  EXPECT_EQ(s.client_count(), 1u);   // "quiet" lost its session, then with "gone" its state
  EXPECT_EQ(s.handle("gone", value::dict{{"type", "list"}}).at("code").as_string(), "FAILED_PRECONDITION");
}

TEST(BridgeServer, SlowEnvDoesNotStallOtherClients) {
  const registry reg = test_registry();
  server_options o;
  o.bind = "ipc://" + (std::filesystem::temp_directory_path() / "dsegym_bridge_test.sock").string();
  o.workers = 2;
  o.verbosity = log_level::error;
  server srv(reg, o);
  std::thread t([&] { srv.run(); });
  srv.wait_until_ready();
  zmq::context_t ctx;
  const auto client = [&] {
    zmq::socket_t s(ctx, zmq::socket_type::dealer);
    s.set(zmq::sockopt::linger, 0);
    s.set(zmq::sockopt::rcvtimeo, 10000);
    s.connect(srv.endpoint());
    return s;
  };
  const auto call = [](zmq::socket_t& s, const value& req) {
    s.send(zmq::buffer(encode(req, encoding::msgpack)));
    zmq::message_t m;
    EXPECT_TRUE(s.recv(m));
    encoding e;
    return decode(m.to_string_view(), e);
  };
  zmq::socket_t slow = client(), fast = client();
  (void)call(slow, hello());
  (void)call(fast, hello());
  const auto open = [&](zmq::socket_t& s, const char* id) {
    const value sid = call(s, value::dict{{"type", "make"}, {"env_id", id}}).at("session");
    (void)call(s, value::dict{{"type", "reset"}, {"session", sid}, {"seed", 0}});
    return sid;
  };
  const value slow_sid = open(slow, "test/Slow-v0"), fast_sid = open(fast, "test/Fast-v0");
  const auto t0 = std::chrono::steady_clock::now();
  slow.send(zmq::buffer(encode(value::dict{{"type", "step"}, {"id", 1}, {"session", slow_sid}, {"action", 1}},
                               encoding::msgpack)));
  for (int i = 0; i < 50; ++i)
    EXPECT_EQ(call(fast, value::dict{{"type", "step"}, {"session", fast_sid}, {"action", 1}}).at("type").as_string(), "ok");
  const auto fast_done = std::chrono::steady_clock::now() - t0;
  zmq::message_t m;
  ASSERT_TRUE(slow.recv(m));
  const auto slow_done = std::chrono::steady_clock::now() - t0;
  EXPECT_LT(fast_done, slow_done);  // 50 fast steps answered while the slow step was running
  srv.stop();
  t.join();
}

TEST(BridgeServer, StopFinishesInFlightRequests) {
  const registry reg = test_registry();
  server_options o;
  o.bind = "ipc://" + (std::filesystem::temp_directory_path() / "dsegym_bridge_stop.sock").string();
  o.verbosity = log_level::error;
  server srv(reg, o);
  std::thread t([&] { srv.run(); });
  srv.wait_until_ready();
  zmq::context_t ctx;
  zmq::socket_t s(ctx, zmq::socket_type::dealer);
  s.set(zmq::sockopt::linger, 0);
  s.set(zmq::sockopt::rcvtimeo, 10000);
  s.connect(srv.endpoint());
  const auto send = [&](const value& v) { s.send(zmq::buffer(encode(v, encoding::msgpack))); };
  const auto recv = [&] {
    zmq::message_t m;
    EXPECT_TRUE(s.recv(m));
    encoding e;
    return decode(m.to_string_view(), e);
  };
  send(hello());
  (void)recv();
  send(value::dict{{"type", "make"}, {"env_id", "test/Slow-v0"}});
  const value sid = recv().at("session");
  send(value::dict{{"type", "reset"}, {"session", sid}});
  (void)recv();
  send(value::dict{{"type", "step"}, {"id", 42}, {"session", sid}, {"action", 2}});
  std::this_thread::sleep_for(100ms);
  srv.stop();  // while the slow step runs
  const value r = recv();
  EXPECT_EQ(r.at("id").as_int(), 42);
  EXPECT_EQ(r.at("type").as_string(), "ok");
  t.join();
}
