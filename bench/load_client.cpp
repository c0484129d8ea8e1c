#include "load_client.h"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <deque>
#include <mutex>
#include <thread>
#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "bench_identity.h"

namespace gongkai::bench {
namespace {

using Clock = std::chrono::steady_clock;

zmq::socket_t Connect(zmq::context_t& context, const std::string& endpoint) {
  zmq::socket_t socket(context, zmq::socket_type::dealer);
  socket.set(zmq::sockopt::linger, 0);
  socket.set(zmq::sockopt::sndhwm, 0);
  socket.set(zmq::sockopt::rcvhwm, 0);
  Secure(socket, endpoint);
  socket.connect(endpoint);
  return socket;
}

// Returns once the socket has a message to read, or at `until`. ZeroMQ's
// own poll counts in whole milliseconds, which would make every paced send
// up to 1 ms late and count the client's lateness as the daemon's latency;
// this waits on the socket's descriptor with a nanosecond timeout instead.
// The descriptor is edge-triggered: it is waited on only after ZMQ_EVENTS,
// read afresh, said no message is ready.
void WaitReadable(zmq::socket_t& socket, Clock::time_point until) {
  const int fd = socket.get(zmq::sockopt::fd);
  while ((socket.get(zmq::sockopt::events) & ZMQ_POLLIN) == 0) {
    const auto left = std::chrono::duration_cast<std::chrono::nanoseconds>(until - Clock::now());
    if (left.count() <= 0) return;
    const timespec timeout{time_t(left.count() / 1000000000), long(left.count() % 1000000000)};
    pollfd item{fd, POLLIN, 0};
    if (ppoll(&item, 1, &timeout, nullptr) < 0 && errno != EINTR) return;
  }
}

void Send(zmq::socket_t& socket, const std::string& body) {
  socket.send(zmq::message_t(), zmq::send_flags::sndmore);
  socket.send(zmq::buffer(body), zmq::send_flags::none);
}

struct Pending {
  int64_t index;
  Clock::time_point due;
};

void RunConnection(zmq::context_t& context, const LoadOptions& options, int connection,
                   Clock::time_point start, const std::vector<std::string>& bodies,
                   LoadResult& result) {
  zmq::socket_t socket = Connect(context, options.endpoint);
  // Commands of this connection: connection, connection + n, ...
  std::vector<int64_t> mine;
  for (int64_t i = connection; i < options.total; i += options.connections) mine.push_back(i);
  // Replies come back in order on one connection: a FIFO.
  std::deque<Pending> in_flight;
  const double interval =
      options.offered_per_second > 0 ? double(options.connections) / options.offered_per_second : 0;
  size_t next = 0;
  int64_t retries = 0;
  Clock::time_point last_reply = Clock::now();
  while (next < mine.size() || !in_flight.empty()) {
    const bool can_send = next < mine.size() && int(in_flight.size()) < options.window;
    Clock::time_point due = Clock::now();
    if (can_send && interval > 0) {
      due = start + std::chrono::duration_cast<Clock::duration>(
                        std::chrono::duration<double>(interval * double(next)));
    }
    if (can_send && due <= Clock::now()) {
      Send(socket, bodies[size_t(mine[next])]);
      if (in_flight.empty()) last_reply = Clock::now();
      in_flight.push_back({mine[next], due});
      ++next;
      continue;
    }
    if (!in_flight.empty() && Clock::now() - last_reply > options.reply_timeout) {
      // Silence: a fresh socket, and the window again, in order.
      socket = Connect(context, options.endpoint);
      for (const Pending& p : in_flight) Send(socket, bodies[size_t(p.index)]);
      retries += int64_t(in_flight.size());
      last_reply = Clock::now();
    }
    // Asleep until the next send is due or a reply comes: a client
    // spinning on a 2-core machine would steal the daemon's CPU.
    WaitReadable(socket, can_send ? due : Clock::now() + std::chrono::milliseconds(100));
    while (true) {
      std::vector<zmq::message_t> frames;
      if (!zmq::recv_multipart(socket, std::back_inserter(frames), zmq::recv_flags::dontwait)) {
        break;
      }
      if (in_flight.empty()) continue;
      last_reply = Clock::now();
      const Pending pending = in_flight.front();
      in_flight.pop_front();
      v1::Reply reply;
      const bool parsed =
          frames.size() == 2 && reply.ParseFromArray(frames[1].data(), int(frames[1].size()));
      if (parsed && reply.code() == v1::STATUS_CODE_RESOURCE_EXHAUSTED) {
        Send(socket, bodies[size_t(pending.index)]);  // Later, the same key.
        in_flight.push_back(pending);
        ++retries;
        continue;
      }
      const double ms =
          std::chrono::duration<double, std::milli>(Clock::now() - pending.due).count();
      static std::mutex mutex;
      std::lock_guard<std::mutex> lock(mutex);
      result.latencies_ms.push_back(ms);
      const bool ok = parsed && reply.code() == v1::STATUS_CODE_OK;
      if (ok && (!options.accept || options.accept(pending.index, reply))) {
        ++result.ok;
      } else {
        ++result.failed;
        if (result.first_failure.empty()) {
          result.first_failure = ok ? "unexpected reply to command " +
                                          std::to_string(pending.index) + ": " + reply.message()
                                    : reply.message();
        }
      }
    }
  }
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  result.retries += retries;
}

}  // namespace

LoadResult RunLoad(const LoadOptions& options, const std::function<v1::Command(int64_t)>& make) {
  LoadResult result;
  // Built before the clock starts: what is measured is the engine's work
  // and the sockets', not the building of test commands.
  std::vector<std::string> bodies;
  bodies.reserve(size_t(options.total));
  for (int64_t i = 0; i < options.total; ++i) bodies.push_back(make(i).SerializeAsString());
  zmq::context_t context(1);
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < options.connections; ++c) {
    threads.emplace_back([&, c] { RunConnection(context, options, c, start, bodies, result); });
  }
  for (auto& thread : threads) thread.join();
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

double Percentile(std::vector<double>& values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t rank = size_t(std::ceil(p / 100.0 * double(values.size())));
  return values[std::min(values.size() - 1, rank == 0 ? 0 : rank - 1)];
}

}  // namespace gongkai::bench
