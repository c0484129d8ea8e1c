// The scenarios of gongkai_bench: each is a named function that parses its
// own options, runs, prints ONE JSON line on stdout (machine-readable, with
// at least "scenario") and one readable line on stderr, and returns the exit
// code (0 ok, 1 the measured code gave a wrong answer, 2 usage).
//
// Timing goals live here, never in the tests.
#ifndef GONGKAI_BENCH_SCENARIO_H_
#define GONGKAI_BENCH_SCENARIO_H_

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace gongkai::bench {

struct Scenario {
  std::string_view name;     // The first argument: "calendar".
  std::string_view summary;  // One line for the usage text.
  std::string_view options;  // "[--calls N] [--seed N]"
  int (*run)(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
};

// Parses "--name N" and "--name=N" options with whole-number values into
// `values`, which holds the allowed names and their defaults. On a mistake
// writes one line "gongkai_bench: ..." to `err` and returns false.
bool ParseIntegerOptions(const std::vector<std::string>& args,
                         std::map<std::string, std::int64_t>& values, std::ostream& err);

// The scenarios (one file each).
int RunCalendarScenario(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunSweepScenario(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunIntakeScenario(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunLifecycleScenario(const std::vector<std::string>& args, std::ostream& out,
                         std::ostream& err);
int RunCeilingScenario(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunReportScenario(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunRecoveryScenario(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunSlowReadersScenario(const std::vector<std::string>& args, std::ostream& out,
                           std::ostream& err);
int RunIntakeUnderQueriesScenario(const std::vector<std::string>& args, std::ostream& out,
                                  std::ostream& err);
int RunSearchScenario(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunWebQueueScenario(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunCalendarLoadsScenario(const std::vector<std::string>& args, std::ostream& out,
                             std::ostream& err);
// Built only where libpq is (GONGKAI_BENCH_HAVE_LIBPQ; bench/CMakeLists.txt).
int RunPeerPostgresScenario(const std::vector<std::string>& args, std::ostream& out,
                            std::ostream& err);

}  // namespace gongkai::bench

#endif  // GONGKAI_BENCH_SCENARIO_H_
