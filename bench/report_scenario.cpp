// report and recovery: a year of a million requests stored; how long the
// annual report takes (the real `gongkai` client against the real daemon),
// with and without --verify; and how long the daemon takes to serve again.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include "cli/engine_client.h"
#include "daemon_process.h"
#include "engine/calendar.h"
#include "engine/civil_date.h"
#include "populate.h"
#include "scenario.h"

extern char** environ;

namespace gongkai::bench {
namespace {

constexpr int kYear = 2023;

// A year of `count` requests over its working days, a third answered on
// the spot; the clock at 31 December.
StatusOr<std::string> PopulateYear(int64_t count) {
  const Calendar& calendar = *Calendar::Builtin();
  const Date first = MakeDate(kYear, 1, 1), last = MakeDate(kYear, 12, 31);
  const int days = calendar.WorkingDaysBetween(first, last);
  std::vector<IntakeBatch> batches;
  for (int d = 1; d <= days; ++d) {
    batches.push_back(
        {count / days + (d <= count % days ? 1 : 0), calendar.AddWorkingDays(first, d)->date, 3});
  }
  const std::string directory = MakeTempDirectory("gongkai-year-");
  auto populated = Populate(directory, last, batches);
  if (!populated.ok()) {
    RemoveTree(directory);
    return populated.status();
  }
  return directory;
}

std::vector<std::string> DaemonArgs(const std::string& directory) {
  return {"--data",     directory,
          "--listen",   "tcp://127.0.0.1:*",
          "--alerts",   "tcp://127.0.0.1:*",
          "--agencies", AgenciesPath(),
          "--clock",    "manual:" + std::to_string(kYear) + "-12-31"};
}

// Runs the gongkai client; seconds, or a negative number when it failed.
double TimeClient(const std::vector<std::string>& args) {
  std::vector<std::string> all{GONGKAI_CLI_PATH};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : all) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  const auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  if (posix_spawn(&pid, all[0].c_str(), &actions, nullptr, argv.data(), environ) != 0) return -1;
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  waitpid(pid, &status, 0);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? seconds : -1;
}

}  // namespace

int RunReportScenario(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::map<std::string, std::int64_t> o{{"--requests", 1'000'000}, {"--repeat", 5}};
  if (!ParseIntegerOptions(args, o, err)) return 2;
  auto directory = PopulateYear(o["--requests"]);
  if (!directory.ok()) {
    err << "gongkai_bench: report: " << directory.status().message() << "\n";
    return 1;
  }
  DaemonProcess daemon;
  std::string error;
  if (!daemon.Start(DaemonPath(), DaemonArgs(*directory), std::chrono::minutes(5), error)) {
    err << "gongkai_bench: report: " << error << "\n";
    RemoveTree(*directory);
    return 1;
  }
  const std::vector<std::string> report{"--server", daemon.endpoint(), "report",
                                        "annual",   "--year",          std::to_string(kYear)};
  std::vector<double> plain;
  for (int i = 0; i < o["--repeat"]; ++i) plain.push_back(TimeClient(report));
  std::vector<std::string> verify = report;
  verify.push_back("--verify");
  verify.insert(verify.begin(), {"--timeout", "600000", "--attempts", "1"});
  const double verified = TimeClient(verify);
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
  std::map<std::string, std::int64_t> o{{"--requests", 1'000'000}};
  if (!ParseIntegerOptions(args, o, err)) return 2;
  auto directory = PopulateYear(o["--requests"]);
  if (!directory.ok()) {
    err << "gongkai_bench: recovery: " << directory.status().message() << "\n";
    return 1;
  }
  std::vector<double> seconds;
  long rss = 0;
  for (int run = 0; run < 2; ++run) {  // The first also replays the populate's WAL.
    DaemonProcess daemon;
    std::string error;
    const auto start = std::chrono::steady_clock::now();
    if (!daemon.Start(DaemonPath(), DaemonArgs(*directory), std::chrono::minutes(5), error)) {
      err << "gongkai_bench: recovery: " << error << "\n";
      RemoveTree(*directory);
      return 1;
    }
    cli::EngineClient client({daemon.endpoint(), std::chrono::seconds(60), 1});
    v1::Command show;
    show.mutable_clock_show();
    auto reply = client.Call(show);
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    rss = daemon.PeakRssBytes();
    daemon.Stop();
    if (!reply.ok()) {
      err << "gongkai_bench: recovery: no answer after start\n";
      RemoveTree(*directory);
      return 1;
    }
  }
  RemoveTree(*directory);
  out << nlohmann::json{{"scenario", "recovery"},
                        {"requests", o["--requests"]},
                        {"first_start_seconds", seconds[0]},
                        {"restart_seconds", seconds[1]},
                        {"daemon_peak_rss_bytes", rss}}
             .dump()
      << std::endl;
  err << "recovery: " << o["--requests"] << " requests stored: serving " << seconds[0]
      << " s after the first start (WAL replayed), " << seconds[1] << " s after a restart\n";
  return 0;
}

}  // namespace gongkai::bench
