#include "dsegym/bridge/server.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <vector>
#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "dsegym/bridge/wire.hpp"

namespace dsegym::bridge {

namespace {

const char* level_name(log_level l) {
  constexpr const char* names[] = {"error", "warn", "info", "debug"};
  return names[static_cast<int>(l)];
}

/// Printable form of a ZeroMQ routing id.
std::string hex_id(const std::string& id) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : id) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

}  // namespace

struct server::impl {
  explicit impl(server& s) : self(s) {}

  server& self;
  zmq::context_t ctx{1};
  std::string endpoint;
  mutable std::mutex ready_mu;
  mutable std::condition_variable ready_cv;
  bool ready = false;
  std::string bind_error;

  // per-client strands
  struct pending {
    std::string payload;             ///< raw request (when not decoded yet)
    std::optional<value> request;    ///< decoded request (decoded by the I/O thread)
    encoding enc = encoding::msgpack;
  };
  struct strand {
    std::deque<pending> queue;
    bool scheduled = false;
  };
  std::mutex strand_mu;
  std::map<std::string, strand> strands;
  std::size_t in_flight = 0;  // queued or running requests (under strand_mu)

  // worker pool
  std::mutex task_mu;
  std::condition_variable task_cv;
  std::deque<std::string> tasks;  // client ids whose strand needs draining
  bool stopping_workers = false;
  std::vector<std::thread> workers;

  void log(log_level l, const std::string& msg) const {
    if (l > self.options_.verbosity) return;
    std::fprintf(stderr, "[dsegym serve] %s: %s\n", level_name(l), msg.c_str());
  }

  void enqueue(const std::string& client, pending p) {
    bool schedule = false;
    {
      std::lock_guard lock(strand_mu);
      auto& st = strands[client];
      st.queue.push_back(std::move(p));
      ++in_flight;
      if (!st.scheduled) st.scheduled = schedule = true;
    }
    if (schedule) {
      {
        std::lock_guard lock(task_mu);
        tasks.push_back(client);
      }
      task_cv.notify_one();
    }
  }

  /// The encoded reply to a decoded request.
  std::string respond(const std::string& client, const value& request, encoding enc) {
    value reply = self.service_.handle(client, request);
    if (self.options_.verbosity >= log_level::debug) {
      const value* t = request.find("type");
      log(log_level::debug, hex_id(client) + " " + (t ? t->to_string() : "?") + " -> " + reply.at("type").as_string());
    }
    return finish(client, reply, enc);
  }

  std::string finish(const std::string& client, const value& reply, encoding enc) {
    if (reply.at("type").as_string() == "error")
      log(log_level::warn, hex_id(client) + ": " + reply.at("code").as_string() + " " + reply.at("message").as_string());
    try {
      return encode(reply, enc);
    } catch (const std::exception& e) {
      return encode(service::error_reply(value(), codes::internal, e.what()), enc);
    }
  }

  std::string serve_one(const std::string& client, const pending& p) {
    if (p.request) return respond(client, *p.request, p.enc);
    const std::string& payload = p.payload;
    encoding enc = encoding::msgpack;
    value reply;
    if (payload.size() > self.options_.lim.max_message_bytes) {
      if (!payload.empty() && payload.front() == '{') enc = encoding::json;
      reply = service::error_reply(value(), codes::resource_exhausted,
                                   "message of " + std::to_string(payload.size()) + " bytes exceeds the limit of " +
                                       std::to_string(self.options_.lim.max_message_bytes));
    } else {
      try {
        const value request = decode(payload, enc);
        reply = self.service_.handle(client, request);
        if (self.options_.verbosity >= log_level::debug) {
          const value* t = request.find("type");
          log(log_level::debug, hex_id(client) + " " + (t ? t->to_string() : "?") + " -> " +
                                    reply.at("type").as_string());
        }
      } catch (const std::exception& e) {
        reply = service::error_reply(value(), wire_code_of(e), e.what());
      }
    }
    return finish(client, reply, enc);
  }

  void worker_main() {
    zmq::socket_t out(ctx, zmq::socket_type::push);
    out.set(zmq::sockopt::linger, -1);
    out.connect("inproc://dsegym-replies");
    for (;;) {
      std::string client;
      {
        std::unique_lock lock(task_mu);
        task_cv.wait(lock, [&] { return stopping_workers || !tasks.empty(); });
        if (tasks.empty()) return;
        client = std::move(tasks.front());
        tasks.pop_front();
      }
      for (;;) {  // drain this client's strand in order
        pending p;
        {
          std::lock_guard lock(strand_mu);
          auto it = strands.find(client);
          if (it == strands.end() || it->second.queue.empty()) {
            if (it != strands.end()) strands.erase(it);  // per-client transport state lives only while busy
            break;
          }
          auto& st = it->second;
          p = std::move(st.queue.front());
          st.queue.pop_front();
        }
        std::string reply = serve_one(client, p);
        out.send(zmq::buffer(client), zmq::send_flags::sndmore);
        out.send(zmq::buffer(reply), zmq::send_flags::none);
        std::lock_guard lock(strand_mu);
        --in_flight;
      }
    }
  }
};

server::server(const registry& envs, server_options options)
    : service_(envs, options.lim, options.record_dir), options_(std::move(options)), impl_(std::make_unique<impl>(*this)) {
  if (options_.workers == 0) options_.workers = 1;
}

server::~server() {
  stop();
  {
    std::lock_guard lock(impl_->task_mu);
    impl_->stopping_workers = true;
  }
  impl_->task_cv.notify_all();
  for (auto& w : impl_->workers)
    if (w.joinable()) w.join();
}

std::string server::endpoint() const {
  std::lock_guard lock(impl_->ready_mu);
  return impl_->endpoint;
}

void server::wait_until_ready() const {
  std::unique_lock lock(impl_->ready_mu);
  impl_->ready_cv.wait(lock, [&] { return impl_->ready; });
}

void server::run() {
  impl& m = *impl_;
  zmq::socket_t router(m.ctx, zmq::socket_type::router);
  zmq::socket_t replies(m.ctx, zmq::socket_type::pull);
  try {
    router.set(zmq::sockopt::linger, 0);
    // Hard cap far above the in-band limit: a larger message would cost memory before it could
    // be refused, so libzmq drops such a peer instead.
    router.set(zmq::sockopt::maxmsgsize, static_cast<int64_t>(options_.lim.max_message_bytes) * 4 + 1024);
    if (!options_.curve_secret_key.empty()) {
      router.set(zmq::sockopt::curve_server, true);
      router.set(zmq::sockopt::curve_secretkey, options_.curve_secret_key);
    }
    replies.bind("inproc://dsegym-replies");
    router.bind(options_.bind);
    {
      std::lock_guard lock(m.ready_mu);
      m.endpoint = router.get(zmq::sockopt::last_endpoint);
      m.ready = true;
    }
    m.ready_cv.notify_all();
  } catch (const zmq::error_t& e) {
    {
      std::lock_guard lock(m.ready_mu);
      m.ready = true;
    }
    m.ready_cv.notify_all();
    throw error("bridge", "cannot bind \"" + options_.bind + "\": " + e.what(), error_code::invalid_argument);
  }
  for (std::size_t i = 0; i < options_.workers; ++i) m.workers.emplace_back([&m] { m.worker_main(); });
  m.log(log_level::info, "serving on " + m.endpoint + " with " + std::to_string(options_.workers) + " worker threads");

  auto last_reap = std::chrono::steady_clock::now();
  zmq::pollitem_t items[] = {{router.handle(), 0, ZMQ_POLLIN, 0}, {replies.handle(), 0, ZMQ_POLLIN, 0}};
  std::vector<zmq::message_t> frames;
  std::vector<zmq::message_t> out_frames;
  const auto forward_replies = [&] {  // replies of the workers to their clients
    for (;;) {
      out_frames.clear();
      if (!zmq::recv_multipart(replies, std::back_inserter(out_frames), zmq::recv_flags::dontwait)) break;
      if (out_frames.size() != 2) continue;
      try {
        router.send(out_frames[0], zmq::send_flags::sndmore | zmq::send_flags::dontwait);
        router.send(out_frames[1], zmq::send_flags::dontwait);
      } catch (const zmq::error_t& e) {
        m.log(log_level::warn, std::string("reply dropped: ") + e.what());
      }
    }
  };
  const auto receive_all = [&] {  // enqueue every request the router holds now
    for (;;) {
      frames.clear();
      std::optional<std::size_t> got;
      try {
        got = zmq::recv_multipart(router, std::back_inserter(frames), zmq::recv_flags::dontwait);
      } catch (const zmq::error_t& e) {
        m.log(log_level::warn, std::string("receive failed: ") + e.what());
        break;
      }
      if (!got) break;
      if (frames.size() < 2) continue;
      std::string client = frames[0].to_string();
      // Clients are DEALER sockets sending one frame per request; anything else is answered
      // as an undecodable message.
      if (frames.size() != 2) {
        m.enqueue(client, {std::string("\xc1", 1), std::nullopt, encoding::msgpack});
        continue;
      }
      // Fast path: a cheap request (ping, an error, a step of an env whose steps take
      // microseconds) of a client with nothing in flight is answered by this thread at once,
      // saving two thread hand-offs; anything else goes to the client's strand on a worker.
      bool idle = false;
      {
        std::lock_guard lock(m.strand_mu);
        idle = m.strands.find(client) == m.strands.end();
      }
      const std::string_view body = frames[1].to_string_view();
      // (large messages are decoded on a worker, so that they never hold up the I/O thread)
      if (idle && body.size() <= std::min<std::size_t>(options_.lim.max_message_bytes, 64u << 10)) {
        encoding enc = encoding::msgpack;
        std::optional<value> request;
        std::string reply;
        try {
          request = decode(body, enc);
        } catch (const std::exception& e) {
          reply = m.finish(client, service::error_reply(value(), wire_code_of(e), e.what()), enc);
        }
        if (request && service_.cheap(client, *request)) reply = m.respond(client, *request, enc);
        if (!reply.empty()) {
          // A worker pushes its reply before it retires the strand, so forwarding what is
          // queued now keeps this client's replies in order.
          forward_replies();
          try {
            router.send(frames[0], zmq::send_flags::sndmore | zmq::send_flags::dontwait);
            router.send(zmq::buffer(reply), zmq::send_flags::dontwait);
          } catch (const zmq::error_t& e) {
            m.log(log_level::warn, std::string("reply dropped: ") + e.what());
          }
          continue;
        }
        m.enqueue(client, {std::string(), std::move(request), enc});
        continue;
      }
      m.enqueue(client, {frames[1].to_string(), std::nullopt, encoding::msgpack});
    }
  };
  bool drained = false;
  for (;;) {
    const bool stopping = stop_.load();
    if (stopping && !drained) {
      // Requests already queued when the stop came are answered before exiting.
      receive_all();
      drained = true;
    }
    if (stopping) {
      std::lock_guard lock(m.strand_mu);
      if (m.in_flight == 0) break;
    }
    try {
      zmq::poll(items, 2, std::chrono::milliseconds(100));
    } catch (const zmq::error_t& e) {
      if (e.num() == EINTR) continue;
      throw;
    }
    if (items[1].revents & ZMQ_POLLIN) forward_replies();
    if (!stopping && (items[0].revents & ZMQ_POLLIN)) receive_all();
    const auto now = std::chrono::steady_clock::now();
    if (now - last_reap > std::chrono::seconds(1)) {
      last_reap = now;
      if (const auto n = service_.reap_idle(); n > 0)
        m.log(log_level::info, "closed " + std::to_string(n) + " idle session(s)");
    }
  }
  {
    std::lock_guard lock(m.task_mu);
    m.stopping_workers = true;
  }
  m.task_cv.notify_all();
  for (auto& w : m.workers) w.join();
  m.workers.clear();
  for (;;) {  // replies queued by the last requests
    frames.clear();
    if (!zmq::recv_multipart(replies, std::back_inserter(frames), zmq::recv_flags::dontwait)) break;
    if (frames.size() != 2) continue;
    try {
      router.send(frames[0], zmq::send_flags::sndmore | zmq::send_flags::dontwait);
      router.send(frames[1], zmq::send_flags::dontwait);
    } catch (const zmq::error_t&) {
    }
  }
  service_.close_all();
  // Let the last replies leave before the socket closes (bounded: a vanished peer cannot hold
  // the exit for more than a second).
  router.set(zmq::sockopt::linger, 1000);
  m.log(log_level::info, "stopped");
}

bool curve_available() { return zmq_has("curve") != 0; }

std::pair<std::string, std::string> curve_keypair() {
  char pub[41] = {}, sec[41] = {};
  if (zmq_curve_keypair(pub, sec) != 0) throw unimplemented("bridge", "this libzmq has no CURVE support");
  return {pub, sec};
}

}  // namespace dsegym::bridge
