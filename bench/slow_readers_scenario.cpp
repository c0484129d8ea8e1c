// slow-readers: many clients send large queries (list --limit 10000) and
// never read the replies, while one more client registers intakes at a
// steady rate. What the daemon holds for them must stay within its bounds
// (workers/ledger_server.h), the intake must stay fast, and once they are
// gone the daemon must answer a fresh client and give the memory back.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>
#include <zmq.hpp>

#include "bench_identity.h"
#include "client/engine_client.h"
#include "daemon_process.h"
#include "engine/civil_date.h"
#include "load_client.h"
#include "populate.h"
#include "scenario.h"

namespace gongkai::bench {
namespace {

using Clock = std::chrono::steady_clock;

const Date kToday = MakeDate(2024, 6, 3);
const char* const kAgencies[] = {"210300", "210321", "210381", "21030003", "21030008"};

// The daemon's constants the budget is made of (workers/ledger_server.h:
// ZMQ_SNDHWM of the command socket, and the one reply being written;
// LedgerServerOptions' max_waiting_queries and gongkaid's --readers).
constexpr int64_t kRepliesZeroMqHolds = 16 + 1;
constexpr int64_t kQueriesAcceptedPastBound = 256 + 2;

constexpr int kMiB = 1 << 20;

v1::Command ListCommand(int limit) {
  v1::Command command;
  command.set_actor("bench");
  command.mutable_list()->set_limit(limit);
  return command;
}

// True once the socket it watches has completed its handshake with the
// daemon (the daemon's ROUTER knows the connection).
class HandshakeWatch : public zmq::monitor_t {
 public:
  bool done = false;
  void on_event_handshake_succeeded(const zmq_event_t&, const char*) override { done = true; }
};

// `clients` DEALER sockets that each send `per_client` copies of `body`
// spread evenly over `duration` (client c starts c/clients of an interval
// late, so that the sends of all are spread too) and never read: each
// takes at most one reply into its queue (ZMQ_RCVHWM 1) and keeps a small
// kernel buffer (ZMQ_RCVBUF), so the replies back up into the daemon.
// They connect one after the other, each waiting for its handshake: 300 at
// once would overflow the daemon's listen backlog (ZMQ_BACKLOG, 100), and
// a connection whose SYN was dropped waits 1 s or more to try again, which
// would be measured as the intake client's latency if it were that one.
class SlowReaders {
 public:
  SlowReaders(const std::string& endpoint, int clients) : context_(1) {
    const auto start = Clock::now();
    for (int c = 0; c < clients; ++c) {
      zmq::socket_t socket(context_, zmq::socket_type::dealer);
      socket.set(zmq::sockopt::linger, 0);
      socket.set(zmq::sockopt::sndhwm, 0);
      socket.set(zmq::sockopt::rcvhwm, 1);
      socket.set(zmq::sockopt::rcvbuf, 16 << 10);
      HandshakeWatch watch;
      watch.init(socket, "inproc://bench-slow-reader-" + std::to_string(c),
                 ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
      Secure(socket, endpoint);
      socket.connect(endpoint);
      const auto limit = Clock::now() + std::chrono::seconds(30);
      while (!watch.done && Clock::now() < limit) watch.check_event(100);
      if (!watch.done) return;
      sockets_.push_back(std::move(socket));
    }
    connect_seconds_ = std::chrono::duration<double>(Clock::now() - start).count();
  }

  int connected() const { return int(sockets_.size()); }
  double connect_seconds() const { return connect_seconds_; }

  // Sends on the calling thread until done or `stop`; returns the number
  // of messages sent.
  int64_t Send(const std::string& body, int per_client, std::chrono::duration<double> duration,
               const std::atomic<bool>& stop) {
    const auto start = Clock::now();
    const double interval = duration.count() / std::max(1, per_client);
    const double clients = double(sockets_.size());
    std::vector<int> sent(sockets_.size(), 0);
    int64_t total = 0;
    while (!stop.load() && total < int64_t(per_client) * int64_t(sockets_.size())) {
      const double now = std::chrono::duration<double>(Clock::now() - start).count();
      for (size_t c = 0; c < sockets_.size(); ++c) {
        const double offset = interval * double(c) / clients;
        while (sent[c] < per_client && offset + interval * sent[c] <= now) {
          sockets_[c].send(zmq::message_t(), zmq::send_flags::sndmore);
          sockets_[c].send(zmq::buffer(body), zmq::send_flags::none);
          ++sent[c];
          ++total;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return total;
  }

  // Closes every connection (the daemon sees them go).
  void Disconnect() {
    sockets_.clear();
    context_.close();
  }

 private:
  zmq::context_t context_;
  std::vector<zmq::socket_t> sockets_;
  double connect_seconds_ = 0;
};

// Sends `command` on a fresh connection until it is answered other than
// resource_exhausted (which asks to retry), for at most `limit`.
struct FreshAnswer {
  StatusOr<v1::Reply> reply = UnavailableError("no answer");
  double seconds = 0;
  int refusals = 0;
};
FreshAnswer AskFresh(const std::string& endpoint, const v1::Command& command,
                     std::chrono::seconds limit) {
  FreshAnswer answer;
  const auto start = Clock::now();
  client::EngineClient client(ClientFor(endpoint, limit));
  while (Clock::now() - start < limit) {
    answer.reply = client.Call(command);
    if (!answer.reply.ok() || answer.reply->code() != v1::STATUS_CODE_RESOURCE_EXHAUSTED) break;
    ++answer.refusals;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  answer.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return answer;
}

}  // namespace

int RunSlowReadersScenario(const std::vector<std::string>& args, std::ostream& out,
                           std::ostream& err) {
  std::map<std::string, std::int64_t> o{
      {"--clients", 300}, {"--lists-per-client", 20}, {"--requests", 20000}, {"--rate", 200},
      {"--seconds", 10},  {"--max-unsent-mb", 128},   {"--readers", 0}};
  if (!ParseIntegerOptions(args, o, err)) return 2;
  auto fail = [&err](const std::string& what) {
    err << "gongkai_bench: slow-readers: " << what << "\n";
    return 1;
  };
  const int64_t requests = o["--requests"];
  const std::string directory = MakeTempDirectory("gongkai-slow-");
  struct Cleanup {
    std::string directory;
    ~Cleanup() { RemoveTree(directory); }
  } cleanup{directory};
  auto populated = Populate(directory, kToday, {{requests, kToday - std::chrono::days(7)}});
  if (!populated.ok()) return fail(populated.status().message());

  // --readers 0: the daemon's default.
  std::vector<std::string> extra = {"--max-unsent-mb", std::to_string(o["--max-unsent-mb"])};
  if (o["--readers"] > 0) extra.insert(extra.end(), {"--readers", std::to_string(o["--readers"])});
  DaemonProcess daemon;
  std::string error;
  if (!daemon.Start(DaemonPath(), BenchDaemonArgs(directory, FormatDate(kToday), extra),
                    std::chrono::minutes(2), error)) {
    return fail(error);
  }
  // The answer the slow readers will not read, checked once: a page of the
  // stored requests (cut at the daemon's reply size), and its size.
  const v1::Command list = ListCommand(10000);
  const FreshAnswer first = AskFresh(daemon.endpoint(), list, std::chrono::seconds(60));
  if (!first.reply.ok() || first.reply->code() != v1::STATUS_CODE_OK ||
      first.reply->total() != requests || first.reply->requests_size() == 0) {
    return fail("list --limit 10000 did not list the " + std::to_string(requests) +
                " requests stored");
  }
  const int64_t reply_bytes = int64_t(first.reply->ByteSizeLong());
  const long rss_before = daemon.RssBytes();

  // The slow readers and the intake client, together.
  SlowReaders readers(daemon.endpoint(), int(o["--clients"]));
  if (readers.connected() != o["--clients"]) {
    return fail("only " + std::to_string(readers.connected()) + " of " +
                std::to_string(o["--clients"]) + " slow readers could connect");
  }
  std::atomic<bool> stop{false};
  int64_t lists_sent = 0;
  std::thread sender([&] {
    lists_sent = readers.Send(list.SerializeAsString(), int(o["--lists-per-client"]),
                              std::chrono::seconds(o["--seconds"]), stop);
  });
  const int64_t intakes = o["--rate"] * o["--seconds"];
  LoadOptions paced{daemon.endpoint(), 1, 4096, double(o["--rate"]), intakes};
  LoadResult intake =
      RunLoad(paced, [](int64_t i) { return BenchIntake(i, kAgencies[i % 5], kToday, "steady-"); });
  stop.store(true);
  sender.join();
  const long rss_peak = daemon.PeakRssBytes();
  const long rss_loaded = daemon.RssBytes();
  if (intake.failed > 0 || intake.ok != intakes) {
    return fail("intakes not all acknowledged: " + std::to_string(intake.ok) + " of " +
                std::to_string(intakes) + ": " + intake.first_failure);
  }

  // They go. A fresh client's intake is answered by the ledger thread; its
  // list goes through the readers' queue, after whatever the slow readers
  // left in it, and counts every request.
  readers.Disconnect();
  const FreshAnswer fresh_intake =
      AskFresh(daemon.endpoint(), BenchIntake(intakes, kAgencies[0], kToday, "fresh-"),
               std::chrono::seconds(60));
  if (!fresh_intake.reply.ok() || fresh_intake.reply->code() != v1::STATUS_CODE_OK ||
      fresh_intake.reply->request_id().empty()) {
    return fail("no acknowledgement of a fresh client's intake after the slow readers left");
  }
  const FreshAnswer fresh = AskFresh(daemon.endpoint(), ListCommand(1), std::chrono::seconds(300));
  const long rss_after = daemon.RssBytes();
  if (!fresh.reply.ok() || fresh.reply->code() != v1::STATUS_CODE_OK) {
    return fail("no answer to a fresh client's list after the slow readers left");
  }
  if (fresh.reply->total() != requests + intakes + 1) {
    return fail("a fresh client's list counts " + std::to_string(fresh.reply->total()) +
                " requests, not " + std::to_string(requests + intakes + 1));
  }
  daemon.Stop();

  // The budget (workers/ledger_server.h): the daemon before the slow
  // readers came, the unsent bound, the replies of queries accepted before
  // the bound was crossed, and what ZeroMQ queues for each connection.
  const int64_t unsent_bound = o["--max-unsent-mb"] * kMiB;
  const int64_t accepted_past = kQueriesAcceptedPastBound * reply_bytes;
  const int64_t zeromq = o["--clients"] * kRepliesZeroMqHolds * reply_bytes;
  const int64_t budget = rss_before + unsent_bound + accepted_past + zeromq;
  const double p50 = Percentile(intake.latencies_ms, 50);
  const double p99 = Percentile(intake.latencies_ms, 99);
  const double p999 = Percentile(intake.latencies_ms, 99.9);
  out << nlohmann::json{{"scenario", "slow-readers"},
                        {"clients", o["--clients"]},
                        {"connect_seconds", readers.connect_seconds()},
                        {"lists_sent", lists_sent},
                        {"requests", requests},
                        {"list_reply_bytes", reply_bytes},
                        {"max_unsent_mb", o["--max-unsent-mb"]},
                        {"daemon_rss_before_bytes", rss_before},
                        {"daemon_peak_rss_bytes", rss_peak},
                        {"daemon_rss_loaded_bytes", rss_loaded},
                        {"budget_bytes", budget},
                        {"budget_unsent_bytes", unsent_bound},
                        {"budget_accepted_past_bound_bytes", accepted_past},
                        {"budget_zeromq_bytes", zeromq},
                        {"within_budget", rss_peak <= budget},
                        {"intake_offered_per_second", o["--rate"]},
                        {"intake_achieved_per_second", double(intake.ok) / intake.seconds},
                        {"intakes", intake.ok},
                        {"intake_retries", intake.retries},
                        {"intake_latency_ms_p50", p50},
                        {"intake_latency_ms_p99", p99},
                        {"intake_latency_ms_p999", p999},
                        {"fresh_intake_seconds", fresh_intake.seconds},
                        {"fresh_list_seconds", fresh.seconds},
                        {"fresh_list_refusals", fresh.refusals},
                        {"daemon_rss_after_disconnect_bytes", rss_after}}
             .dump()
      << std::endl;
  err << "slow-readers: " << o["--clients"] << " clients sent " << lists_sent
      << " list --limit 10000 (" << reply_bytes / 1024 << " KiB a reply) and read nothing: daemon "
      << "RSS " << rss_before / kMiB << " MiB before, peak " << rss_peak / kMiB << " MiB, budget "
      << budget / kMiB << " MiB (" << rss_before / kMiB << " + unsent " << unsent_bound / kMiB
      << " + accepted past the bound " << accepted_past / kMiB << " + ZeroMQ " << zeromq / kMiB
      << "); intakes at " << o["--rate"] << "/s: p50 " << p50 << " ms, p99 " << p99 << " ms ("
      << intake.retries << " sent again); after they left a fresh client's intake was "
      << "acknowledged in " << fresh_intake.seconds * 1000 << " ms and its list answered in "
      << fresh.seconds << " s (" << fresh.refusals << " busy refusals first), RSS "
      << rss_after / kMiB << " MiB\n";
  return 0;
}

}  // namespace gongkai::bench
