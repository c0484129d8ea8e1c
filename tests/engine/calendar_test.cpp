// Tests of engine/calendar.h: the working-day rule (DOMAIN.md, "Deadlines"),
// counting working days, announced years and runs of exceptions. The
// calendar file format and overrides are in calendar_file_test.cpp.
#include "engine/calendar.h"

#include <catch2/catch.hpp>
#include <climits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "tests/engine/calendar_helpers.h"

namespace gongkai {
namespace {

using Catch::Matchers::Contains;
using std::chrono::days;

using test::D;
using test::MustAdd;
using test::NaiveCalendar;

// --- IsWorkingDay -----------------------------------------------------------

TEST_CASE("The calendar treats holidays of the State Council notice as days off",
          "[engine][calendar]") {
  const auto calendar = Calendar::Builtin();
  CHECK_FALSE(calendar->IsWorkingDay(D(2012, 10, 1)));  // 国庆节, Monday.
  CHECK_FALSE(calendar->IsWorkingDay(D(2012, 10, 3)));  // Wednesday.
  CHECK_FALSE(calendar->IsWorkingDay(D(2012, 10, 5)));  // Friday.
  CHECK_FALSE(calendar->IsWorkingDay(D(2012, 1, 1)));   // 元旦.
  CHECK_FALSE(calendar->IsWorkingDay(D(2012, 1, 23)));  // 春节, Monday.
  CHECK_FALSE(calendar->IsWorkingDay(D(2020, 1, 31)));  // 春节 extended in 2020, Friday.
  CHECK_FALSE(calendar->IsWorkingDay(D(2020, 2, 1)));   // Planned make-up day, cancelled.
  CHECK_FALSE(calendar->IsWorkingDay(D(2026, 2, 16)));  // 春节 2026, Monday.
  CHECK_FALSE(calendar->IsWorkingDay(D(2008, 5, 1)));   // Thursday.
}

TEST_CASE("The calendar treats make-up working days on weekends as working days",
          "[engine][calendar]") {
  const auto calendar = Calendar::Builtin();
  CHECK(calendar->IsWorkingDay(D(2012, 9, 29)));   // Saturday before 国庆节.
  CHECK(calendar->IsWorkingDay(D(2012, 1, 21)));   // Saturday before 春节.
  CHECK(calendar->IsWorkingDay(D(2012, 1, 29)));   // Sunday after 春节.
  CHECK(calendar->IsWorkingDay(D(2020, 1, 19)));   // Sunday.
  CHECK(calendar->IsWorkingDay(D(2026, 2, 14)));   // Saturday.
  CHECK(calendar->IsWorkingDay(D(2026, 2, 28)));   // Saturday.
  CHECK(calendar->IsWorkingDay(D(2006, 12, 31)));  // Sunday, listed in the 2007 notice.
}

TEST_CASE("The calendar treats plain weekends as off and plain weekdays as working",
          "[engine][calendar]") {
  const auto calendar = Calendar::Builtin();
  CHECK_FALSE(calendar->IsWorkingDay(D(2012, 10, 13)));  // Saturday.
  CHECK_FALSE(calendar->IsWorkingDay(D(2012, 10, 14)));  // Sunday.
  CHECK(calendar->IsWorkingDay(D(2012, 9, 28)));         // Friday.
  CHECK(calendar->IsWorkingDay(D(2012, 10, 8)));         // Monday after 国庆节.
  CHECK(calendar->IsWorkingDay(D(2012, 10, 25)));        // Thursday.
  // Years without a notice follow the weekday rule alone.
  CHECK(calendar->IsWorkingDay(D(2027, 1, 1)));  // Friday.
  CHECK_FALSE(calendar->IsWorkingDay(D(2027, 1, 2)));
  CHECK(calendar->IsWorkingDay(D(1990, 1, 1)));    // Monday, first indexed day.
  CHECK(calendar->IsWorkingDay(D(2199, 12, 31)));  // Tuesday, last indexed day.
}

TEST_CASE("IsWorkingDay follows the naive rule on every date of the index", "[engine][calendar]") {
  const auto calendar = Calendar::Builtin();
  const NaiveCalendar naive(BuiltinArrangements());
  int disagreements = 0;
  for (Date d = D(kMinYear, 1, 1); d <= D(kMaxYear, 12, 31); d += days(1)) {
    if (calendar->IsWorkingDay(d) != naive.IsWorkingDay(d) && ++disagreements <= 5) {
      FAIL_CHECK("IsWorkingDay disagrees with the naive rule on " << FormatDate(d));
    }
  }
  CHECK(disagreements == 0);
}

// --- AddWorkingDays ---------------------------------------------------------

TEST_CASE("In the calendar, 2012-09-28 plus 15 working days is 2012-10-25", "[engine][calendar]") {
  auto result = Calendar::Builtin()->AddWorkingDays(D(2012, 9, 28), 15);
  REQUIRE(result.ok());
  CHECK(FormatDate(result->date) == "2012-10-25");
  CHECK_FALSE(result->provisional);
}

TEST_CASE("In the calendar, 2020-01-23 plus 20 working days is 2020-02-28", "[engine][calendar]") {
  auto result = Calendar::Builtin()->AddWorkingDays(D(2020, 1, 23), 20);
  REQUIRE(result.ok());
  CHECK(FormatDate(result->date) == "2020-02-28");
  CHECK_FALSE(result->provisional);
}

TEST_CASE("AddWorkingDays does not count the receipt date", "[engine][calendar]") {
  const auto calendar = Calendar::Builtin();
  CHECK(MustAdd(*calendar, D(2012, 10, 8), 1) == D(2012, 10, 9));
  CHECK(MustAdd(*calendar, D(2012, 10, 12), 1) == D(2012, 10, 15));  // Friday -> Monday.
  CHECK(MustAdd(*calendar, D(2012, 9, 28), 1) == D(2012, 9, 29));    // The make-up Saturday.
  CHECK(MustAdd(*calendar, D(2012, 9, 29), 1) == D(2012, 10, 8));    // Across 国庆节.
}

TEST_CASE("AddWorkingDays from a non-working date counts from the next working day",
          "[engine][calendar]") {
  const auto calendar = Calendar::Builtin();
  CHECK(MustAdd(*calendar, D(2012, 10, 1), 1) == D(2012, 10, 8));    // A holiday.
  CHECK(MustAdd(*calendar, D(2012, 10, 13), 1) == D(2012, 10, 15));  // A Saturday.
  CHECK(MustAdd(*calendar, D(2012, 10, 14), 1) == D(2012, 10, 15));  // A Sunday.
  CHECK(MustAdd(*calendar, D(2012, 10, 13), 5) == D(2012, 10, 19));
  CHECK(MustAdd(*calendar, D(2012, 9, 30), 15) == D(2012, 10, 26));
}

TEST_CASE("AddWorkingDays with negative n counts backwards from the date", "[engine][calendar]") {
  const auto calendar = Calendar::Builtin();
  CHECK(MustAdd(*calendar, D(2012, 10, 9), -1) == D(2012, 10, 8));
  CHECK(MustAdd(*calendar, D(2012, 10, 8), -1) == D(2012, 9, 29));  // Back over 国庆节.
  CHECK(MustAdd(*calendar, D(2012, 10, 1), -1) == D(2012, 9, 29));  // From a holiday.
  CHECK(MustAdd(*calendar, D(2012, 9, 29), -1) == D(2012, 9, 28));
  CHECK(MustAdd(*calendar, D(2012, 10, 15), -1) == D(2012, 10, 12));
  CHECK(MustAdd(*calendar, D(2012, 10, 14), -1) == D(2012, 10, 12));  // From a Sunday.
  CHECK(MustAdd(*calendar, D(2012, 10, 25), -15) == D(2012, 9, 28));
  CHECK(MustAdd(*calendar, D(2020, 2, 28), -20) == D(2020, 1, 23));
}

TEST_CASE("AddWorkingDays with n == 0 returns the date itself, working or not",
          "[engine][calendar]") {
  const auto calendar = Calendar::Builtin();
  CHECK(MustAdd(*calendar, D(2012, 9, 28), 0) == D(2012, 9, 28));
  CHECK(MustAdd(*calendar, D(2012, 10, 1), 0) == D(2012, 10, 1));
  CHECK(MustAdd(*calendar, D(2012, 10, 13), 0) == D(2012, 10, 13));
  auto provisional = calendar->AddWorkingDays(D(2027, 3, 1), 0);
  REQUIRE(provisional.ok());
  CHECK(provisional->provisional);
}

TEST_CASE("AddWorkingDays refuses a result outside the calendar's years", "[engine][calendar]") {
  const auto calendar = Calendar::Builtin();
  const NaiveCalendar naive(BuiltinArrangements());
  // The last and first working days of the index.
  Date last = D(kMaxYear, 12, 31);
  while (!naive.IsWorkingDay(last)) last -= days(1);
  Date first = D(kMinYear, 1, 1);
  while (!naive.IsWorkingDay(first)) first += days(1);

  CHECK(MustAdd(*calendar, last - days(1), 1) == last);
  CHECK(MustAdd(*calendar, first + days(1), -1) == first);

  for (auto [from, n] : std::vector<std::pair<Date, int>>{{last, 1},
                                                          {D(kMaxYear, 12, 20), 100},
                                                          {first, -1},
                                                          {D(kMinYear, 1, 5), -100},
                                                          {D(2012, 9, 28), 100000},
                                                          {D(2012, 9, 28), -100000},
                                                          {D(2012, 9, 28), INT_MAX},
                                                          {D(2012, 9, 28), INT_MIN}}) {
    INFO(FormatDate(from) << " + " << n);
    auto result = calendar->AddWorkingDays(from, n);
    REQUIRE_FALSE(result.ok());
    CHECK(result.status().code() == StatusCode::kInvalidArgument);
  }
}

TEST_CASE("AddWorkingDays refuses a start outside the calendar's years", "[engine][calendar]") {
  const auto calendar = Calendar::Builtin();
  for (Date from : {D(1989, 12, 31), D(2200, 1, 1)}) {
    INFO(FormatDate(from));
    auto result = calendar->AddWorkingDays(from, 1);
    REQUIRE_FALSE(result.ok());
    CHECK(result.status().code() == StatusCode::kInvalidArgument);
    CHECK_THAT(result.status().message(), Contains(FormatDate(from)));
  }
}

TEST_CASE("AddWorkingDays flags dates that depend on an unannounced year", "[engine][calendar]") {
  const auto calendar = Calendar::Builtin();
  auto into_2027 = calendar->AddWorkingDays(D(2026, 12, 25), 20);
  REQUIRE(into_2027.ok());
  CHECK(into_2027->date == D(2027, 1, 22));
  CHECK(into_2027->provisional);
  auto within_2026 = calendar->AddWorkingDays(D(2026, 12, 1), 20);
  REQUIRE(within_2026.ok());
  CHECK(within_2026->date == D(2026, 12, 29));
  CHECK_FALSE(within_2026->provisional);
  auto back_into_2006 = calendar->AddWorkingDays(D(2007, 1, 10), -10);
  REQUIRE(back_into_2006.ok());
  CHECK(back_into_2006->provisional);
}

TEST_CASE("AddWorkingDays agrees with a day-by-day count on random dates", "[engine][calendar]") {
  const auto calendar = Calendar::Builtin();
  const NaiveCalendar naive(BuiltinArrangements());
  std::mt19937 random(20121028);
  std::uniform_int_distribution<int> offset(0, int((D(2028, 12, 31) - D(2005, 1, 1)).count()));
  std::uniform_int_distribution<int> count(-60, 60);
  int disagreements = 0;
  for (int i = 0; i < 20000; ++i) {
    const Date from = D(2005, 1, 1) + days(offset(random));
    const int n = count(random);
    auto result = calendar->AddWorkingDays(from, n);
    const Date expected = naive.Add(from, n);
    if ((!result.ok() || result->date != expected) && ++disagreements <= 5) {
      FAIL_CHECK(
          FormatDate(from) << " + " << n << ": expected " << FormatDate(expected) << ", got "
                           << (result.ok() ? FormatDate(result->date) : result.status().message()));
    }
  }
  CHECK(disagreements == 0);
}

// --- WorkingDaysBetween -----------------------------------------------------

TEST_CASE("WorkingDaysBetween counts the working days after date a up to date b",
          "[engine][calendar]") {
  const auto calendar = Calendar::Builtin();
  CHECK(calendar->WorkingDaysBetween(D(2012, 9, 28), D(2012, 10, 25)) == 15);
  CHECK(calendar->WorkingDaysBetween(D(2020, 1, 23), D(2020, 2, 28)) == 20);
  CHECK(calendar->WorkingDaysBetween(D(2012, 9, 28), D(2012, 9, 29)) == 1);
  CHECK(calendar->WorkingDaysBetween(D(2012, 9, 29), D(2012, 10, 8)) == 1);
  CHECK(calendar->WorkingDaysBetween(D(2012, 10, 8), D(2012, 10, 12)) == 4);
}

TEST_CASE("WorkingDaysBetween is zero for the same date or a span of days off",
          "[engine][calendar]") {
  const auto calendar = Calendar::Builtin();
  CHECK(calendar->WorkingDaysBetween(D(2012, 9, 28), D(2012, 9, 28)) == 0);
  CHECK(calendar->WorkingDaysBetween(D(2012, 10, 1), D(2012, 10, 1)) == 0);
  CHECK(calendar->WorkingDaysBetween(D(2012, 9, 29), D(2012, 10, 7)) == 0);
  CHECK(calendar->WorkingDaysBetween(D(2012, 10, 12), D(2012, 10, 14)) == 0);
}

TEST_CASE("WorkingDaysBetween is negative when date b is before date a", "[engine][calendar]") {
  const auto calendar = Calendar::Builtin();
  CHECK(calendar->WorkingDaysBetween(D(2012, 10, 25), D(2012, 9, 28)) == -15);
  CHECK(calendar->WorkingDaysBetween(D(2012, 10, 8), D(2012, 9, 29)) == -1);
  CHECK(calendar->WorkingDaysBetween(D(2012, 10, 7), D(2012, 9, 29)) == 0);
}

TEST_CASE(
    "WorkingDaysBetween agrees with a day-by-day count and with AddWorkingDays on random dates",
    "[engine][calendar]") {
  const auto calendar = Calendar::Builtin();
  const NaiveCalendar naive(BuiltinArrangements());
  std::mt19937 random(20200123);
  std::uniform_int_distribution<int> offset(0, int((D(2028, 12, 31) - D(2005, 1, 1)).count()));
  std::uniform_int_distribution<int> span(-90, 90);
  int disagreements = 0;
  for (int i = 0; i < 20000; ++i) {
    const Date a = D(2005, 1, 1) + days(offset(random));
    const Date b = a + days(span(random));
    const int got = calendar->WorkingDaysBetween(a, b);
    const int expected = naive.Between(a, b);
    if (got != expected && ++disagreements <= 5) {
      FAIL_CHECK("between " << FormatDate(a) << " and " << FormatDate(b) << ": expected "
                            << expected << ", got " << got);
    }
    if (calendar->WorkingDaysBetween(b, a) != -got && ++disagreements <= 5) {
      FAIL_CHECK("between " << FormatDate(b) << " and " << FormatDate(a) << " is not " << -got);
    }
    // Adding a positive count to a lands that many working days away: on b
    // itself when b is a working day.
    if (got <= 0) continue;
    auto landed = calendar->AddWorkingDays(a, got);
    REQUIRE(landed.ok());
    if (calendar->WorkingDaysBetween(a, landed->date) != got && ++disagreements <= 5) {
      FAIL_CHECK("AddWorkingDays(" << FormatDate(a) << ", " << got
                                   << ") = " << FormatDate(landed->date)
                                   << " is not that many working days away");
    }
    if (naive.IsWorkingDay(b) && landed->date != b && ++disagreements <= 5) {
      FAIL_CHECK("AddWorkingDays(" << FormatDate(a) << ", " << got << ") = "
                                   << FormatDate(landed->date) << ", expected " << FormatDate(b));
    }
  }
  CHECK(disagreements == 0);
}

// --- Announced years --------------------------------------------------------

TEST_CASE("The builtin calendar announces 2007 to 2026 and no other year", "[engine][calendar]") {
  const auto calendar = Calendar::Builtin();
  for (int year = 2007; year <= 2026; ++year) {
    INFO(year);
    CHECK(calendar->IsAnnounced(year));
  }
  CHECK_FALSE(calendar->IsAnnounced(2006));
  CHECK_FALSE(calendar->IsAnnounced(2027));
  CHECK_FALSE(calendar->IsAnnounced(1990));
  CHECK_FALSE(calendar->IsAnnounced(2199));
}

TEST_CASE("IsProvisional is true when any year between two dates has no notice",
          "[engine][calendar]") {
  const auto calendar = Calendar::Builtin();
  CHECK_FALSE(calendar->IsProvisional(D(2026, 1, 1), D(2026, 12, 31)));
  CHECK_FALSE(calendar->IsProvisional(D(2007, 1, 1), D(2026, 12, 31)));
  CHECK(calendar->IsProvisional(D(2026, 12, 31), D(2027, 1, 1)));
  CHECK(calendar->IsProvisional(D(2027, 1, 1), D(2026, 12, 31)));  // Either order.
  CHECK(calendar->IsProvisional(D(2027, 5, 1), D(2027, 5, 1)));
  CHECK(calendar->IsProvisional(D(2006, 12, 31), D(2007, 1, 1)));
}

// --- ExceptionsBetween ------------------------------------------------------

std::string Describe(const std::vector<ExceptionRun>& runs) {
  std::ostringstream out;
  for (const auto& run : runs) {
    out << FormatDate(run.first) << ".." << FormatDate(run.last) << (run.off ? " off " : " work ")
        << run.name << "\n";
  }
  return out.str();
}

TEST_CASE("ExceptionsBetween merges consecutive calendar exceptions of one kind and name into runs",
          "[engine][calendar]") {
  const auto calendar = Calendar::Builtin();
  CHECK(Describe(calendar->ExceptionsBetween(D(2012, 9, 28), D(2012, 10, 25))) ==
        "2012-09-29..2012-09-29 work 中秋节、国庆节\n"
        "2012-09-30..2012-10-07 off 中秋节、国庆节\n");
  // Runs of the same kind and name that are not adjacent stay apart.
  CHECK(Describe(calendar->ExceptionsBetween(D(2012, 1, 20), D(2012, 1, 30))) ==
        "2012-01-21..2012-01-21 work 春节\n"
        "2012-01-22..2012-01-28 off 春节\n"
        "2012-01-29..2012-01-29 work 春节\n");
  // Adjacent days of different kinds stay apart.
  CHECK(Describe(calendar->ExceptionsBetween(D(2007, 12, 29), D(2008, 1, 1))) ==
        "2007-12-29..2007-12-29 work 元旦\n"
        "2007-12-30..2008-01-01 off 元旦\n");
}

TEST_CASE("ExceptionsBetween clips runs to the window and may be empty", "[engine][calendar]") {
  const auto calendar = Calendar::Builtin();
  CHECK(Describe(calendar->ExceptionsBetween(D(2012, 10, 3), D(2012, 10, 5))) ==
        "2012-10-03..2012-10-05 off 中秋节、国庆节\n");
  CHECK(calendar->ExceptionsBetween(D(2012, 10, 8), D(2012, 12, 31)).empty());
  CHECK(calendar->ExceptionsBetween(D(2027, 1, 1), D(2027, 12, 31)).empty());
  CHECK(calendar->ExceptionsBetween(D(2012, 10, 5), D(2012, 10, 3)).empty());
}

}  // namespace
}  // namespace gongkai
