// Helpers shared by the calendar's tests (calendar_test.cpp,
// calendar_file_test.cpp): a short date constructor, the working-day rule
// written out naively to check engine/calendar.h against, and
// AddWorkingDays for a result that must exist.
#ifndef GONGKAI_TESTS_ENGINE_CALENDAR_HELPERS_H_
#define GONGKAI_TESTS_ENGINE_CALENDAR_HELPERS_H_

#include <catch2/catch.hpp>
#include <chrono>
#include <map>

#include "engine/calendar.h"
#include "engine/date.h"

namespace gongkai::test {

inline Date D(int y, unsigned m, unsigned d) { return MakeDate(y, m, d); }

// The rule of DOMAIN.md written out naively: a listed date follows its
// arrangement; any other Saturday or Sunday is off; any other day works.
class NaiveCalendar {
 public:
  explicit NaiveCalendar(const CalendarArrangements& arrangements) {
    for (const auto& e : arrangements.exceptions) off_[e.date] = e.off;
  }
  bool IsWorkingDay(Date d) const {
    auto it = off_.find(d);
    if (it != off_.end()) return !it->second;
    return !IsWeekend(d);
  }
  // Steps day by day; n == 0 returns `from`.
  Date Add(Date from, int n) const {
    Date d = from;
    const days step(n >= 0 ? 1 : -1);
    for (int left = n >= 0 ? n : -n; left > 0;) {
      d += step;
      if (IsWorkingDay(d)) --left;
    }
    return d;
  }
  // Working days after a up to and including b; negative when b < a.
  int Between(Date a, Date b) const {
    int count = 0;
    if (a <= b) {
      for (Date d = a + days(1); d <= b; d += days(1)) count += IsWorkingDay(d);
      return count;
    }
    for (Date d = b + days(1); d <= a; d += days(1)) count += IsWorkingDay(d);
    return -count;
  }

 private:
  using days = std::chrono::days;
  std::map<Date, bool> off_;
};

inline Date MustAdd(const Calendar& calendar, Date from, int n) {
  auto result = calendar.AddWorkingDays(from, n);
  INFO(FormatDate(from) << " + " << n);
  REQUIRE(result.ok());
  return result->date;
}

}  // namespace gongkai::test

#endif  // GONGKAI_TESTS_ENGINE_CALENDAR_HELPERS_H_
