// report and recovery: a year of a million requests stored; how long the
// annual report takes (the real `gongkai` client against the real daemon),
// with and without --verify; and how long the daemon takes to serve again.

#include <nlohmann/json.hpp>

#include "bench_identity.h"
#include "client/engine_client.h"
#include "daemon_process.h"
#include "engine/calendar.h"
#include "engine/civil_date.h"
#include "load_client.h"
#include "populate.h"
#include "scenario.h"

namespace gongkai::bench {
namespace {

constexpr int kYear = 2023;

std::vector<std::string> DaemonArgs(const std::string& directory) {
  return {"--data",         directory,
          "--listen",       "tcp://127.0.0.1:*",
          "--alerts",       "tcp://127.0.0.1:*",
          "--agencies",     AgenciesPath(),
          "--intake-quota", "0",
          "--clock",        "manual:" + std::to_string(kYear) + "-12-31"};
}

}  // namespace

int RunReportScenario(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::map<std::string, std::int64_t> o{{"--requests", 1'000'000}, {"--repeat", 5}};
  if (!ParseIntegerOptions(args, o, err)) return 2;
  auto directory = PopulateYear(kYear, o["--requests"], 3, "gongkai-year-");
  if (!directory.ok()) {
    err << "gongkai_bench: report: " << directory.status().message() << "\n";
    return 1;
  }
  DaemonProcess daemon;
  std::string error;
  if (!daemon.Start(DaemonPath(), DaemonArgs(*directory), std::chrono::minutes(5), error) ||
      !daemon.WaitUntilVerified(error)) {  // The daemon as it serves.
    daemon.Stop();
    err << "gongkai_bench: report: " << error << "\n";
    RemoveTree(*directory);
    return 1;
  }
  // As the bench's operator (every role over the city), over CURVE.
  const std::vector<std::string> report{
      "--identity", IdentityPathOf(*directory), "--server", daemon.endpoint(), "report", "annual",
      "--year",     std::to_string(kYear)};
  std::vector<double> plain;
  for (int i = 0; i < o["--repeat"]; ++i) plain.push_back(RunClient(report));
  std::vector<std::string> verify = report;
  verify.push_back("--verify");
  verify.insert(verify.begin(), {"--timeout", "600000", "--attempts", "1"});
  const double verified = RunClient(verify);
  daemon.Stop();
  RemoveTree(*directory);
  std::sort(plain.begin(), plain.end());
  if (plain.front() < 0 || verified < 0) {
    err << "gongkai_bench: report: the report command failed\n";
    return 1;
  }
  const double median = plain[plain.size() / 2];
  out << nlohmann::json{{"scenario", "report"},
                        {"requests", o["--requests"]},
                        {"report_seconds_median", median},
                        {"report_seconds_best", plain.front()},
                        {"verify_seconds", verified}}
             .dump()
      << std::endl;
  err << "report: " << o["--requests"] << " requests in " << kYear << ": report annual "
      << median * 1000 << " ms (median of " << plain.size() << ", whole client process); --verify "
      << verified << " s\n";
  return 0;
}

int RunRecoveryScenario(const std::vector<std::string>& args, std::ostream& out,
                        std::ostream& err) {
  std::map<std::string, std::int64_t> o{{"--requests", 1'000'000}, {"--crash-load", 100'000}};
  if (!ParseIntegerOptions(args, o, err)) return 2;
  auto directory = PopulateYear(kYear, o["--requests"], 3, "gongkai-year-");
  if (!directory.ok()) {
    err << "gongkai_bench: recovery: " << directory.status().message() << "\n";
    return 1;
  }
  // Three starts: after the load; after a clean stop; after a crash (SIGKILL)
  // that followed `--crash-load` more intakes, whose log is replayed.
  std::vector<double> seconds;
  long rss = 0;
  for (int run = 0; run < 3; ++run) {
    DaemonProcess daemon;
    std::string error;
    const auto start = std::chrono::steady_clock::now();
    if (!daemon.Start(DaemonPath(), DaemonArgs(*directory), std::chrono::minutes(5), error)) {
      err << "gongkai_bench: recovery: " << error << "\n";
      RemoveTree(*directory);
      return 1;
    }
    client::EngineClient client(ClientFor(daemon.endpoint(), std::chrono::seconds(60)));
    v1::Command show;
    show.mutable_clock_show();
    auto reply = client.Call(show);
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    rss = std::max(rss, daemon.PeakRssBytes());
    if (!reply.ok()) {
      err << "gongkai_bench: recovery: no answer after start\n";
      RemoveTree(*directory);
      return 1;
    }
    if (run == 1) {
      LoadOptions load{daemon.endpoint(), 2, 512, 0, o["--crash-load"]};
      LoadResult loaded = RunLoad(load, [](int64_t i) {
        v1::Command command;
        command.set_idempotency_key("crash-" + std::to_string(i));
        auto* intake = command.mutable_intake();
        *intake->mutable_received_on() = ToCivil(MakeDate(kYear, 12, 29));
        intake->mutable_received()->set_agency_code("210300");
        intake->mutable_received()->set_channel(v1::CHANNEL_ONLINE);
        intake->mutable_received()->set_applicant_type(v1::APPLICANT_TYPE_BUSINESS);
        intake->mutable_received()->set_subject("recovery benchmark");
        intake->mutable_received()->mutable_applicant()->set_name("某公司");
        return command;
      });
      if (loaded.ok != o["--crash-load"]) {
        err << "gongkai_bench: recovery: the load before the crash failed\n";
        RemoveTree(*directory);
        return 1;
      }
      daemon.Kill();
    } else {
      daemon.Stop();
    }
  }
  RemoveTree(*directory);
  out << nlohmann::json{{"scenario", "recovery"},
                        {"requests", o["--requests"]},
                        {"first_start_seconds", seconds[0]},
                        {"restart_seconds", seconds[1]},
                        {"crash_load", o["--crash-load"]},
                        {"after_crash_seconds", seconds[2]},
                        {"daemon_peak_rss_bytes", rss}}
             .dump()
      << std::endl;
  err << "recovery: " << o["--requests"] << " requests stored: serving " << seconds[0]
      << " s after the first start, " << seconds[1] << " s after a clean restart, " << seconds[2]
      << " s after a SIGKILL that followed " << o["--crash-load"]
      << " more intakes (write-ahead log replayed)\n";
  return 0;
}

}  // namespace gongkai::bench
