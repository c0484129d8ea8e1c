// intake-under-queries: intake at a fixed offered rate over a large store
// while other clients ask for the supervisors' overdue worklist and the
// verified annual report in a loop. The readers answer queries at a lower
// priority than the ledger thread (workers/ledger_server.h), so the
// intake's latency should hardly move.
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "bench_identity.h"
#include "daemon_process.h"
#include "engine/civil_date.h"
#include "load_client.h"
#include "populate.h"
#include "scenario.h"

namespace gongkai::bench {
namespace {

using Clock = std::chrono::steady_clock;

const Date kToday = MakeDate(2024, 6, 3);
// Received 2024-03-01: due 20 working days later (2019 rule), overdue
// today. Received 2024-05-27: due in June, not overdue.
const Date kOverdueReceived = MakeDate(2024, 3, 1);
const Date kRecentReceived = MakeDate(2024, 5, 27);
const char* const kAgencies[] = {"210300", "210321", "210381", "21030003", "21030008"};

// What one query loop saw.
struct QueryFigures {
  int64_t completed = 0;
  double seconds = 0;  // Summed over the completed ones.
  std::string wrong;   // The first wrong answer.
};

// Sends `command` on one DEALER connection, waits for its reply, checks it
// with `check` (an empty string: right), and again, until `stop`. A query
// still unanswered at `stop` is not counted.
void QueryLoop(const std::string& endpoint, const v1::Command& command,
               const std::function<std::string(const v1::Reply&)>& check,
               const std::atomic<bool>& stop, QueryFigures& figures) {
  zmq::context_t context(1);
  zmq::socket_t socket(context, zmq::socket_type::dealer);
  socket.set(zmq::sockopt::linger, 0);
  Secure(socket, endpoint);
  socket.connect(endpoint);
  const std::string body = command.SerializeAsString();
  while (!stop.load()) {
    const auto sent = Clock::now();
    socket.send(zmq::message_t(), zmq::send_flags::sndmore);
    socket.send(zmq::buffer(body), zmq::send_flags::none);
    std::vector<zmq::message_t> frames;
    while (!stop.load() && frames.empty()) {
      zmq::pollitem_t item{socket.handle(), 0, ZMQ_POLLIN, 0};
      zmq::poll(&item, 1, std::chrono::milliseconds(50));
      if (item.revents & ZMQ_POLLIN) {
        (void)zmq::recv_multipart(socket, std::back_inserter(frames));
      }
    }
    if (frames.empty()) break;  // Stopped first.
    v1::Reply reply;
    if (frames.size() != 2 || !reply.ParseFromArray(frames[1].data(), int(frames[1].size()))) {
      figures.wrong = "a reply that is not a Reply";
      return;
    }
    if (reply.code() == v1::STATUS_CODE_RESOURCE_EXHAUSTED) continue;  // Asked to retry.
    if (std::string wrong = check(reply); !wrong.empty()) {
      figures.wrong = wrong;
      return;
    }
    ++figures.completed;
    figures.seconds += std::chrono::duration<double>(Clock::now() - sent).count();
  }
}

}  // namespace

int RunIntakeUnderQueriesScenario(const std::vector<std::string>& args, std::ostream& out,
                                  std::ostream& err) {
  std::map<std::string, std::int64_t> o{{"--requests", 1'000'000}, {"--rate", 5000},
                                        {"--seconds", 20},         {"--connections", 2},
                                        {"--overdue-clients", 1},  {"--verify-clients", 1}};
  if (!ParseIntegerOptions(args, o, err)) return 2;
  auto fail = [&err](const std::string& what) {
    err << "gongkai_bench: intake-under-queries: " << what << "\n";
    return 1;
  };
  const int64_t requests = o["--requests"];
  const int64_t overdue = requests / 2;
  const std::string directory = MakeTempDirectory("gongkai-underq-");
  struct Cleanup {
    std::string directory;
    ~Cleanup() { RemoveTree(directory); }
  } cleanup{directory};
  const auto populate_start = Clock::now();
  auto populated = PopulateOrCopy(
      directory, kToday, {{overdue, kOverdueReceived}, {requests - overdue, kRecentReceived}});
  const double populate_seconds =
      std::chrono::duration<double>(Clock::now() - populate_start).count();
  if (!populated.ok()) return fail(populated.status().message());

  DaemonProcess daemon;
  std::string error;
  if (!daemon.Start(DaemonPath(), BenchDaemonArgs(directory, FormatDate(kToday)),
                    std::chrono::minutes(5), error)) {
    return fail(error);
  }
  // Every agency is under 210300, the city: its worklist has every request
  // received 2024-03-01 (the intakes below are received today).
  v1::Command worklist;
  worklist.set_actor("bench");
  worklist.mutable_overdue()->set_agency_code("210300");
  auto check_worklist = [overdue](const v1::Reply& reply) -> std::string {
    if (reply.code() != v1::STATUS_CODE_OK) return "overdue refused: " + reply.message();
    if (reply.total() != overdue || reply.overdue_size() == 0) {
      return "overdue lists " + std::to_string(reply.total()) + " requests, not " +
             std::to_string(overdue);
    }
    for (const auto& entry : reply.overdue()) {
      if (entry.working_days_overdue() <= 0) return "a request listed overdue is not";
    }
    return "";
  };
  v1::Command report;
  report.set_actor("bench");
  report.mutable_report_annual()->set_year(2024);
  report.mutable_report_annual()->set_verify(true);
  auto check_report = [](const v1::Reply& reply) -> std::string {
    if (reply.code() != v1::STATUS_CODE_OK) return "report --verify failed: " + reply.message();
    if (reply.text().find("verified") == std::string::npos || reply.counters().empty()) {
      return "report --verify did not verify";
    }
    return "";
  };
  // The daemon as it serves: after the checksum pass of its first minutes.
  if (!daemon.WaitUntilVerified(error)) return fail(error);

  std::atomic<bool> stop{false};
  std::vector<QueryFigures> worklists(static_cast<size_t>(o["--overdue-clients"]));
  std::vector<QueryFigures> reports(static_cast<size_t>(o["--verify-clients"]));
  std::vector<std::thread> threads;
  for (auto& figures : worklists) {
    threads.emplace_back(
        [&, f = &figures] { QueryLoop(daemon.endpoint(), worklist, check_worklist, stop, *f); });
  }
  for (auto& figures : reports) {
    threads.emplace_back(
        [&, f = &figures] { QueryLoop(daemon.endpoint(), report, check_report, stop, *f); });
  }
  const int64_t intakes = o["--rate"] * o["--seconds"];
  LoadOptions paced{daemon.endpoint(), int(o["--connections"]), 4096, double(o["--rate"]), intakes};
  LoadResult intake =
      RunLoad(paced, [](int64_t i) { return BenchIntake(i, kAgencies[i % 5], kToday, "underq-"); });
  stop.store(true);
  for (auto& thread : threads) thread.join();
  const long rss_peak = daemon.PeakRssBytes();
  daemon.Stop();

  if (intake.failed > 0 || intake.ok != intakes) {
    return fail("intakes not all acknowledged: " + std::to_string(intake.ok) + " of " +
                std::to_string(intakes) + ": " + intake.first_failure);
  }
  QueryFigures worklist_total, report_total;
  for (const auto& [figures, total] :
       {std::pair{&worklists, &worklist_total}, std::pair{&reports, &report_total}}) {
    for (const QueryFigures& f : *figures) {
      if (!f.wrong.empty()) return fail(f.wrong);
      total->completed += f.completed;
      total->seconds += f.seconds;
    }
  }
  auto mean = [](const QueryFigures& f) { return f.completed ? f.seconds / f.completed : 0.0; };
  const double p50 = Percentile(intake.latencies_ms, 50);
  const double p99 = Percentile(intake.latencies_ms, 99);
  const double p999 = Percentile(intake.latencies_ms, 99.9);
  out << nlohmann::json{{"scenario", "intake-under-queries"},
                        {"requests", requests},
                        {"populate_seconds", populate_seconds},
                        {"seconds", o["--seconds"]},
                        {"offered_per_second", o["--rate"]},
                        {"achieved_per_second", double(intake.ok) / intake.seconds},
                        {"intakes", intake.ok},
                        {"retries", intake.retries},
                        {"latency_ms_p50", p50},
                        {"latency_ms_p99", p99},
                        {"latency_ms_p999", p999},
                        {"overdue_clients", o["--overdue-clients"]},
                        {"overdue_completed", worklist_total.completed},
                        {"overdue_mean_seconds", mean(worklist_total)},
                        {"verify_clients", o["--verify-clients"]},
                        {"verify_completed", report_total.completed},
                        {"verify_mean_seconds", mean(report_total)},
                        {"daemon_peak_rss_bytes", rss_peak}}
             .dump()
      << std::endl;
  err << "intake-under-queries: " << requests << " requests stored; intake at " << o["--rate"]
      << "/s for " << o["--seconds"] << " s: p50 " << p50 << " ms, p99 " << p99 << " ms, p99.9 "
      << p999 << " ms (" << intake.retries << " sent again); meanwhile " << worklist_total.completed
      << " overdue worklists (" << mean(worklist_total) << " s each) and " << report_total.completed
      << " verified reports (" << mean(report_total) << " s each) completed\n";
  return 0;
}

}  // namespace gongkai::bench
