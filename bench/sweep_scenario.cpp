// sweep: the deadline worker reads only what is due. The same number of
// requests come due over a small and a large number of open requests; the
// sweep (a clock advance over the real daemon, which records and publishes
// the alerts) should cost about the same.
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>

#include "bench_identity.h"
#include "client/engine_client.h"
#include "daemon_process.h"
#include "engine/calendar.h"
#include "engine/civil_date.h"
#include "populate.h"
#include "scenario.h"

namespace gongkai::bench {
namespace {

struct SweepResult {
  double seconds = 0;
  uint64_t alerts = 0;
  double populate_seconds = 0;
  long daemon_rss = 0;
  std::string error;
};

// `open` requests, `due` of which have their due_soon alert on the sweep day
// D: under the 2008 rule (15 working days; the 2019 rule would add
// correction_not_asked alerts) due_soon is the 12th working day after
// receipt. The others were received on the 11 working days after them, so
// their first alert falls after D.
SweepResult RunOnce(int64_t open, int64_t due) {
  SweepResult result;
  const Calendar& calendar = *Calendar::Builtin();
  constexpr int kDueSoonAfter = 12;
  const Date sweep_day = MakeDate(2012, 6, 4);
  const Date first = calendar.AddWorkingDays(sweep_day, -kDueSoonAfter)->date;
  std::vector<IntakeBatch> batches{{due, first}};
  const int64_t rest = open - due;
  for (int day = 1; day < kDueSoonAfter; ++day) {
    batches.push_back({rest / (kDueSoonAfter - 1) + (day <= rest % (kDueSoonAfter - 1) ? 1 : 0),
                       calendar.AddWorkingDays(first, day)->date});
  }
  const std::string directory = MakeTempDirectory("gongkai-sweep-");
  const Date yesterday = sweep_day - std::chrono::days(1);
  const auto populate_start = std::chrono::steady_clock::now();
  auto populated = PopulateOrCopy(directory, yesterday, batches);
  result.populate_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - populate_start).count();
  if (!populated.ok()) {
    result.error = populated.status().message();
    RemoveTree(directory);
    return result;
  }
  DaemonProcess daemon;
  if (!daemon.Start(DaemonPath(),
                    {"--data", directory, "--listen", "tcp://127.0.0.1:*", "--alerts",
                     "tcp://127.0.0.1:*", "--agencies", AgenciesPath(), "--intake-quota", "0",
                     "--clock", "manual:" + FormatDate(yesterday)},
                    std::chrono::minutes(5), result.error) ||
      !daemon.WaitUntilVerified(result.error)) {  // The daemon as it serves.
    daemon.Stop();
    RemoveTree(directory);
    return result;
  }
  client::EngineClient client(ClientFor(daemon.endpoint(), std::chrono::minutes(5)));
  v1::Command advance;
  advance.set_idempotency_key("bench-sweep");
  *advance.mutable_clock_advance()->mutable_to() = ToCivil(sweep_day);
  const auto start = std::chrono::steady_clock::now();
  auto reply = client.Call(advance);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  v1::Command fetch;
  fetch.mutable_alerts_fetch()->set_limit(1);
  auto alerts = client.Call(fetch);
  if (!reply.ok() || reply->code() != v1::STATUS_CODE_OK || !alerts.ok()) {
    result.error = "the clock advance failed";
  } else {
    result.alerts = alerts->last_alert_sequence();
  }
  result.daemon_rss = daemon.PeakRssBytes();
  daemon.Stop();
  RemoveTree(directory);
  return result;
}

}  // namespace

int RunSweepScenario(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::map<std::string, std::int64_t> options{
      {"--small", 1'000'000}, {"--large", 4'000'000}, {"--due", 10'000}};
  if (!ParseIntegerOptions(args, options, err)) return 2;
  const int64_t due = options["--due"];
  SweepResult small = RunOnce(options["--small"], due);
  SweepResult large = RunOnce(options["--large"], due);
  for (const auto* r : {&small, &large}) {
    if (!r->error.empty()) {
      err << "gongkai_bench: sweep: " << r->error << "\n";
      return 1;
    }
    if (r->alerts != uint64_t(due)) {
      err << "gongkai_bench: sweep: expected " << due << " alerts, recorded " << r->alerts << "\n";
      return 1;
    }
  }
  const double ratio = small.seconds > 0 ? large.seconds / small.seconds : 0;
  out << nlohmann::json{{"scenario", "sweep"},
                        {"due", due},
                        {"open_small", options["--small"]},
                        {"open_large", options["--large"]},
                        {"sweep_seconds_small", small.seconds},
                        {"sweep_seconds_large", large.seconds},
                        {"ratio_large_over_small", ratio},
                        {"populate_seconds_small", small.populate_seconds},
                        {"populate_seconds_large", large.populate_seconds},
                        {"daemon_peak_rss_bytes_large", large.daemon_rss}}
             .dump()
      << std::endl;
  err << "sweep: " << due << " alerts due among " << options["--small"]
      << " open requests: " << small.seconds << " s; among " << options["--large"] << ": "
      << large.seconds << " s; ratio " << ratio << " (daemon peak RSS with " << options["--large"]
      << ": " << large.daemon_rss / (1 << 20) << " MiB)\n";
  return 0;
}

}  // namespace gongkai::bench
