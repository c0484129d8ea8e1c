// Scenario "calendar": the cost of one Calendar::AddWorkingDays call (the
// O(1) ordinal index) against a naive loop that steps day by day asking
// IsWorkingDay, on the same random inputs: dates 2007-2026, n in 1..40 (the
// deadlines of DOMAIN.md are 15 or 20 working days, 30 or 40 extended).
// Both must give the same dates; a disagreement exits 1.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <vector>

#include "engine/calendar.h"
#include "scenario.h"

namespace gongkai::bench {
namespace {

struct Input {
  Date from;
  int n;
};

// The loop the index replaces: the nth working day after `from`.
Date NaiveAddWorkingDays(const Calendar& calendar, Date from, int n) {
  Date d = from;
  while (n > 0) {
    d += std::chrono::days(1);
    if (calendar.IsWorkingDay(d)) --n;
  }
  return d;
}

// Runs `calls` calls of `add` over the inputs (cycling) and returns the
// elapsed nanoseconds; the dates are summed into `checksum` so the calls
// cannot be optimised away.
template <typename Add>
double TimeCalls(const std::vector<Input>& inputs, std::int64_t calls, Add add,
                 std::uint64_t& checksum) {
  const size_t mask = inputs.size() - 1;  // A power of two.
  std::uint64_t sum = 0;
  const auto start = std::chrono::steady_clock::now();
  for (std::int64_t i = 0; i < calls; ++i) {
    const Input& input = inputs[size_t(i) & mask];
    sum += std::uint64_t(add(input.from, input.n).time_since_epoch().count());
  }
  const auto stop = std::chrono::steady_clock::now();
  checksum = sum;
  return double(std::chrono::duration_cast<std::chrono::nanoseconds>(stop - start).count());
}

double Round2(double x) { return std::round(x * 100) / 100; }

}  // namespace

int RunCalendarScenario(const std::vector<std::string>& args, std::ostream& out,
                        std::ostream& err) {
  std::map<std::string, std::int64_t> options = {
      {"--calls", 4'000'000}, {"--seed", 20121028}, {"--repeat", 3}};
  if (!ParseIntegerOptions(args, options, err)) return 2;
  const std::int64_t calls = options["--calls"];
  const std::int64_t repeat = std::max<std::int64_t>(1, options["--repeat"]);
  if (calls < 1) {
    err << "gongkai_bench: --calls must be at least 1\n";
    return 2;
  }

  const auto calendar = Calendar::Builtin();
  const Date first = MakeDate(2007, 1, 1);
  const int span = int((MakeDate(2026, 12, 31) - first).count());
  std::mt19937_64 random{static_cast<std::uint64_t>(options["--seed"])};
  std::uniform_int_distribution<int> day(0, span);
  std::uniform_int_distribution<int> count(1, 40);
  std::vector<Input> inputs(1 << 16);  // 512 KiB: the inputs stay in cache.
  for (auto& input : inputs) input = {first + std::chrono::days(day(random)), count(random)};

  // Correctness first: every input, both ways.
  for (const auto& input : inputs) {
    auto indexed = calendar->AddWorkingDays(input.from, input.n);
    const Date naive = NaiveAddWorkingDays(*calendar, input.from, input.n);
    if (!indexed.ok() || indexed->date != naive) {
      err << "gongkai_bench: calendar: AddWorkingDays(" << FormatDate(input.from) << ", " << input.n
          << ") = " << (indexed.ok() ? FormatDate(indexed->date) : indexed.status().message())
          << " but the day-by-day loop gives " << FormatDate(naive) << "\n";
      return 1;
    }
  }

  auto indexed_add = [&calendar](Date from, int n) {
    return calendar->AddWorkingDays(from, n)->date;
  };
  auto naive_add = [&calendar](Date from, int n) {
    return NaiveAddWorkingDays(*calendar, from, n);
  };
  std::uint64_t indexed_sum = 0, naive_sum = 0;
  // Warm up, then keep the best of `repeat` runs of each.
  TimeCalls(inputs, std::int64_t(inputs.size()), indexed_add, indexed_sum);
  TimeCalls(inputs, std::int64_t(inputs.size()), naive_add, naive_sum);
  double indexed_ns = 0, naive_ns = 0;
  for (std::int64_t r = 0; r < repeat; ++r) {
    const double i_ns = TimeCalls(inputs, calls, indexed_add, indexed_sum);
    const double n_ns = TimeCalls(inputs, calls, naive_add, naive_sum);
    indexed_ns = r == 0 ? i_ns : std::min(indexed_ns, i_ns);
    naive_ns = r == 0 ? n_ns : std::min(naive_ns, n_ns);
  }
  if (indexed_sum != naive_sum) {
    err << "gongkai_bench: calendar: the timed runs disagree (checksums " << indexed_sum << " and "
        << naive_sum << ")\n";
    return 1;
  }

  const double per_indexed = indexed_ns / double(calls);
  const double per_naive = naive_ns / double(calls);
  const double speedup = per_indexed > 0 ? per_naive / per_indexed : 0;
  out << nlohmann::json{{"scenario", "calendar"},
                        {"calls", calls},
                        {"ns_per_call_indexed", Round2(per_indexed)},
                        {"ns_per_call_naive", Round2(per_naive)},
                        {"speedup", Round2(speedup)}}
             .dump()
      << "\n";
  std::ostringstream line;
  line.setf(std::ios::fixed);
  line.precision(1);
  line << "calendar: AddWorkingDays " << per_indexed << " ns/call indexed, " << per_naive
       << " ns/call day by day, " << speedup << "x faster (" << calls
       << " calls, dates 2007-2026, n 1..40, best of " << repeat
       << " runs, results agree; checksum " << indexed_sum << ")";
  err << line.str() << "\n";
  return 0;
}

}  // namespace gongkai::bench
