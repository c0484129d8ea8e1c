// gongkai_bench SCENARIO [options]: one program, one scenario per run (see
// bench/README.md). Add a scenario by writing its Run function and a row in
// kScenarios.
#include <algorithm>
#include <charconv>
#include <iostream>
#include <string>
#include <vector>

#include "scenario.h"

namespace gongkai::bench {

bool ParseIntegerOptions(const std::vector<std::string>& args,
                         std::map<std::string, std::int64_t>& values, std::ostream& err) {
  for (size_t i = 0; i < args.size(); ++i) {
    std::string name = args[i];
    std::string text;
    if (const size_t eq = name.find('='); name.rfind("--", 0) == 0 && eq != std::string::npos) {
      text = name.substr(eq + 1);
      name = name.substr(0, eq);
    } else if (i + 1 < args.size()) {
      text = args[++i];
    } else if (values.count(name)) {
      err << "gongkai_bench: " << name << " needs a value\n";
      return false;
    }
    if (!values.count(name)) {
      err << "gongkai_bench: unknown option '" << name.substr(0, 40) << "'\n";
      return false;
    }
    std::int64_t value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size() || value < 0) {
      err << "gongkai_bench: " << name << " wants a whole number, not '" << text.substr(0, 20)
          << "'\n";
      return false;
    }
    values[name] = value;
  }
  return true;
}

namespace {

constexpr Scenario kScenarios[] = {
    {"intake", "durable intake acknowledgements over tcp: throughput, latency, fixed load, RSS",
     "[--total N] [--fixed-total N] [--rate N] [--connections N] [--window N]", RunIntakeScenario},
    {"lifecycle", "whole lives (intake, consultation, extension, decision) as events per second",
     "[--lives N] [--connections N] [--window N]", RunLifecycleScenario},
    {"ceiling", "the intake's write batches straight into RocksDB (WAL synced) vs the daemon",
     "[--total N] [--single N] [--connections N] [--window N]", RunCeilingScenario},
    {"report", "report annual and --verify over a year of a million requests",
     "[--requests N] [--repeat N]", RunReportScenario},
    {"recovery", "from start to serving with a million requests stored (clean and after a crash)",
     "[--requests N] [--crash-load N]", RunRecoveryScenario},
    {"calendar", "Calendar::AddWorkingDays (indexed) against a naive day-by-day loop",
     "[--calls N] [--seed N] [--repeat N]", RunCalendarScenario},
    {"sweep", "the deadline sweep: the same alerts due among 1 and 4 million open requests",
     "[--small N] [--large N] [--due N]", RunSweepScenario},
    {"slow-readers",
     "clients that never read their list replies: daemon RSS against its bound, intake latency",
     "[--clients N] [--lists-per-client N] [--requests N] [--rate N] [--seconds N] "
     "[--max-unsent-mb N] [--readers N]",
     RunSlowReadersScenario},
    {"search", "gongkai search over a year of a million requests: first-page latency, checked",
     "[--requests N] [--queries N] [--counted N] [--seed N]", RunSearchScenario},
    {"web-queue",
     "the console's queue (due within 5 working days) over a million requests, many sessions "
     "at once through gongkai-web: pages/s and latency, every page checked",
     "[--requests N] [--sessions N] [--seconds N] [--people N]", RunWebQueueScenario},
    {"intake-under-queries",
     "intake at a fixed rate while overdue worklists and verified reports run in a loop",
     "[--requests N] [--rate N] [--seconds N] [--connections N] [--overdue-clients N] "
     "[--verify-clients N]",
     RunIntakeUnderQueriesScenario},
    {"calendar-loads", "the same calendar notice loaded 10,000 times: RSS and restart time",
     "[--loads N] [--requests N] [--restarts N] [--window N]", RunCalendarLoadsScenario},
#ifdef GONGKAI_BENCH_HAVE_LIBPQ
    {"peer-postgres",
     "PostgreSQL 15 (a temporary cluster, fsync on) and gongkai doing the same durable intakes "
     "and lifecycle events, interleaved: rates, ratios, latency at a fixed rate",
     "[--seconds N] [--rounds N] [--concurrency N] [--rate N] [--commit-delay-us N] "
     "[--commit-siblings N] [--depth N] [--pg-threads N] [--connections N] [--window N] "
     "[--lives N]",
     RunPeerPostgresScenario},
#endif
};

void PrintUsage(std::ostream& out) {
  out << "usage: gongkai_bench SCENARIO [options]\n"
         "prints one JSON line on stdout and one readable line on stderr\n"
         "scenarios:\n";
  for (const auto& scenario : kScenarios) {
    out << "  " << scenario.name << " " << scenario.options << "\n      " << scenario.summary
        << "\n";
  }
}

}  // namespace
}  // namespace gongkai::bench

int main(int argc, char** argv) {
  using gongkai::bench::kScenarios;
  if (argc < 2) {
    gongkai::bench::PrintUsage(std::cerr);
    return 2;
  }
  const std::string name = argv[1];
  if (name == "help" || name == "--help" || name == "-h") {
    gongkai::bench::PrintUsage(std::cout);
    return 0;
  }
  if (name == "all") {  // Every scenario with its defaults, in order.
    int worst = 0;
    for (const auto& scenario : kScenarios) {
      worst = std::max(worst, scenario.run({}, std::cout, std::cerr));
    }
    return worst;
  }
  for (const auto& scenario : kScenarios) {
    if (scenario.name == name) {
      return scenario.run(std::vector<std::string>(argv + 2, argv + argc), std::cout, std::cerr);
    }
  }
  std::cerr << "gongkai_bench: unknown scenario '" << name.substr(0, 40) << "'\n";
  gongkai::bench::PrintUsage(std::cerr);
  return 2;
}
