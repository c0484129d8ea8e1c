// Tests of engine/calendar.h: the working-day rule (DOMAIN.md, "Deadlines"),
// the calendar file format and overrides.
#include "engine/calendar.h"

#include <catch2/catch.hpp>
#include <climits>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace gongkai {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using std::chrono::days;

Date D(int y, unsigned m, unsigned d) { return MakeDate(y, m, d); }

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
  std::map<Date, bool> off_;
};

Date MustAdd(const Calendar& calendar, Date from, int n) {
  auto result = calendar.AddWorkingDays(from, n);
  INFO(FormatDate(from) << " + " << n);
  REQUIRE(result.ok());
  return result->date;
}

std::string ErrorOf(std::string_view text) {
  auto parsed = ParseCalendarText(text, "holidays.cal");
  if (parsed.ok()) return "(parsed)";
  return parsed.status().message();
}

bool SameArrangements(const CalendarArrangements& a, const CalendarArrangements& b) {
  if (a.announced_years != b.announced_years) return false;
  if (a.exceptions.size() != b.exceptions.size()) return false;
  for (size_t i = 0; i < a.exceptions.size(); ++i) {
    const auto& x = a.exceptions[i];
    const auto& y = b.exceptions[i];
    if (x.date != y.date || x.off != y.off || x.name != y.name) return false;
  }
  return true;
}

std::shared_ptr<const Calendar> CalendarWith(std::string_view text) {
  auto parsed = ParseCalendarText(text, "override.cal");
  INFO(text);
  REQUIRE(parsed.ok());
  auto calendar = Calendar::Create({*parsed});
  REQUIRE(calendar.ok());
  return *calendar;
}

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

// --- The file format --------------------------------------------------------

TEST_CASE("ParseCalendarText reads ranges, single dates, names, comments and announced years",
          "[engine][calendar]") {
  auto parsed = ParseCalendarText(
      "# a comment\n"
      "\n"
      "gongkai-calendar 1\r\n"
      "  # an indented comment\n"
      "announced 2027\n"
      "2027-02-14 work 春节 调休\n"
      "2027-02-06..2027-02-08 off 春节\n"
      "2027-01-01 off\n",
      "test.cal");
  REQUIRE(parsed.ok());
  CHECK(parsed->announced_years == std::set<int>{2027});
  REQUIRE(parsed->exceptions.size() == 5);
  // Sorted by date.
  CHECK(parsed->exceptions[0].date == D(2027, 1, 1));
  CHECK(parsed->exceptions[0].off);
  CHECK(parsed->exceptions[0].name.empty());
  CHECK(parsed->exceptions[1].date == D(2027, 2, 6));
  CHECK(parsed->exceptions[3].date == D(2027, 2, 8));
  CHECK(parsed->exceptions[3].name == "春节");
  CHECK(parsed->exceptions[4].date == D(2027, 2, 14));
  CHECK_FALSE(parsed->exceptions[4].off);
  CHECK(parsed->exceptions[4].name == "春节 调休");
}

TEST_CASE("ParseCalendarText refuses a calendar file with a bad header, giving its line number",
          "[engine][calendar]") {
  CHECK_THAT(ErrorOf("# comment\n\ngongkai-calendar 2\n2027-01-01 off\n"),
             StartsWith("holidays.cal:3: not a calendar file"));
  CHECK_THAT(ErrorOf("2027-01-01 off\n"), StartsWith("holidays.cal:1: not a calendar file"));
  CHECK_THAT(ErrorOf("gongkai-calendar 1 extra\n"), StartsWith("holidays.cal:1:"));
}

TEST_CASE("ParseCalendarText refuses an empty calendar file", "[engine][calendar]") {
  CHECK_THAT(ErrorOf(""), StartsWith("holidays.cal:"));
  CHECK_THAT(ErrorOf("# only comments\n\n"), Contains("gongkai-calendar 1"));
}

TEST_CASE("ParseCalendarText refuses a bad date with its line number", "[engine][calendar]") {
  const std::string head = "gongkai-calendar 1\nannounced 2026\n";
  CHECK_THAT(ErrorOf(head + "2026-02/10 off 春节\n"),
             StartsWith("holidays.cal:3: '2026-02/10' is not a date"));
  CHECK_THAT(ErrorOf(head + "\n# c\n2026-1-01 off\n"), StartsWith("holidays.cal:5: "));
  CHECK_THAT(ErrorOf(head + "2026-02-10..2026-02-3x off\n"), StartsWith("holidays.cal:3: "));
  CHECK_THAT(ErrorOf(head + "1989-12-31 off\n"), StartsWith("holidays.cal:3: "));
  CHECK_THAT(ErrorOf(head + "2026-02-30 off 春节\n"), StartsWith("holidays.cal:3: "));
}

TEST_CASE("ParseCalendarText quotes a bad date as written in the calendar file",
          "[engine][calendar]") {
  // calendar.h: "holidays.cal:12: 2026-02-30 is not a date ..."
  const std::string head = "gongkai-calendar 1\nannounced 2026\n";
  CHECK_THAT(ErrorOf(head + "2026-02-30 off 春节\n"),
             StartsWith("holidays.cal:3: 2026-02-30 is not a date"));
}

TEST_CASE("ParseCalendarText refuses an unknown kind in a calendar file, giving its line number",
          "[engine][calendar]") {
  const std::string head = "gongkai-calendar 1\n";
  CHECK_THAT(ErrorOf(head + "2027-01-01 holiday 元旦\n"),
             StartsWith("holidays.cal:2: expected 'off' or 'work' after the date, found "
                        "'holiday'"));
  CHECK_THAT(ErrorOf(head + "2027-01-01\n"), StartsWith("holidays.cal:2: expected 'off'"));
  CHECK_THAT(ErrorOf(head + "2027-01-01 OFF\n"), StartsWith("holidays.cal:2: expected 'off'"));
}

TEST_CASE("ParseCalendarText refuses a date listed twice", "[engine][calendar]") {
  const std::string head = "gongkai-calendar 1\n";
  CHECK(ErrorOf(head + "2027-01-01 off 元旦\n2027-01-01 work 元旦\n") ==
        "holidays.cal:3: 2027-01-01 is listed twice");
  CHECK(ErrorOf(head + "2027-02-06..2027-02-12 off 春节\n# c\n2027-02-10 work\n") ==
        "holidays.cal:4: 2027-02-10 is listed twice");
}

TEST_CASE("ParseCalendarText refuses a calendar range over 60 days or ending before it starts",
          "[engine][calendar]") {
  const std::string head = "gongkai-calendar 1\n";
  CHECK_THAT(ErrorOf(head + "2027-01-01..2027-03-15 off\n"),
             StartsWith("holidays.cal:2: a range spans at most 60 days"));
  CHECK_THAT(ErrorOf(head + "2027-01-07..2027-01-01 off\n"),
             StartsWith("holidays.cal:2: the range ends before it starts"));
  auto sixty = ParseCalendarText(head + "2027-01-01..2027-03-02 off\n", "x");
  REQUIRE(sixty.ok());
  CHECK(sixty->exceptions.size() == 61);
}

TEST_CASE("ParseCalendarText refuses 'announced' without a year in a calendar file",
          "[engine][calendar]") {
  const std::string head = "gongkai-calendar 1\n";
  for (const char* line : {"announced", "announced 27", "announced 2027x", "announced 2027 2028",
                           "announced next", "announced 1900"}) {
    INFO(line);
    CHECK_THAT(ErrorOf(head + "# c\n" + line + "\n"),
               StartsWith("holidays.cal:3: 'announced' wants a year"));
  }
}

TEST_CASE("FormatCalendarText round-trips the builtin calendar arrangements",
          "[engine][calendar]") {
  const auto& builtin = BuiltinArrangements();
  const std::string text = FormatCalendarText(builtin);
  CHECK_THAT(text, StartsWith("gongkai-calendar 1\n"));
  CHECK_THAT(text, Contains("\nannounced 2012\n"));
  CHECK_THAT(text, Contains("\n2012-09-30..2012-10-07 off 中秋节、国庆节\n"));
  CHECK_THAT(text, Contains("\n2012-09-29 work 中秋节、国庆节\n"));
  auto back = ParseCalendarText(text, "formatted");
  REQUIRE(back.ok());
  CHECK(SameArrangements(*back, builtin));
  CHECK(FormatCalendarText(*back) == text);
}

TEST_CASE("FormatCalendarText writes an unnamed calendar exception without a trailing name",
          "[engine][calendar]") {
  CalendarArrangements arrangements;
  arrangements.exceptions.push_back({D(2027, 1, 1), true, ""});
  arrangements.exceptions.push_back({D(2027, 1, 2), true, ""});
  arrangements.exceptions.push_back({D(2027, 1, 3), false, "x"});
  CHECK(FormatCalendarText(arrangements) ==
        "gongkai-calendar 1\n2027-01-01..2027-01-02 off\n2027-01-03 work x\n");
}

// --- Overrides --------------------------------------------------------------

constexpr std::string_view k2027Notice =
    "gongkai-calendar 1\n"
    "announced 2027\n"
    "2027-01-01 off 元旦\n"
    "2027-02-07 work 春节\n";  // A Sunday.

TEST_CASE("A calendar override announcing 2027 changes working days and provisional flags",
          "[engine][calendar]") {
  const auto calendar = CalendarWith(k2027Notice);
  CHECK_FALSE(calendar->IsWorkingDay(D(2027, 1, 1)));
  CHECK(calendar->IsWorkingDay(D(2027, 2, 7)));
  CHECK(calendar->IsAnnounced(2027));
  CHECK_FALSE(calendar->IsProvisional(D(2026, 12, 25), D(2027, 1, 25)));
  CHECK(calendar->IsProvisional(D(2027, 12, 25), D(2028, 1, 25)));

  auto due = calendar->AddWorkingDays(D(2026, 12, 25), 20);
  REQUIRE(due.ok());
  CHECK(due->date == D(2027, 1, 25));  // 2027-01-01 no longer counts.
  CHECK_FALSE(due->provisional);
  CHECK(MustAdd(*calendar, D(2027, 2, 5), 1) == D(2027, 2, 7));  // Friday -> make-up Sunday.
  CHECK(calendar->WorkingDaysBetween(D(2026, 12, 31), D(2027, 1, 4)) == 1);

  // The builtin calendar is untouched.
  const auto builtin = Calendar::Builtin();
  CHECK(builtin->IsWorkingDay(D(2027, 1, 1)));
  CHECK_FALSE(builtin->IsWorkingDay(D(2027, 2, 7)));
  CHECK_FALSE(builtin->IsAnnounced(2027));
  auto builtin_due = builtin->AddWorkingDays(D(2026, 12, 25), 20);
  REQUIRE(builtin_due.ok());
  CHECK(builtin_due->date == D(2027, 1, 22));
  CHECK(builtin_due->provisional);
}

TEST_CASE("An override replaces builtin arrangements date by date", "[engine][calendar]") {
  const auto calendar = CalendarWith(
      "gongkai-calendar 1\n"
      "2012-10-08 off 本地\n"    // A local holiday on a builtin working day.
      "2012-10-01 work 本地\n"   // A builtin holiday made a working day.
      "2012-09-29 off 本地\n");  // A builtin make-up day cancelled.
  CHECK_FALSE(calendar->IsWorkingDay(D(2012, 10, 8)));
  CHECK(calendar->IsWorkingDay(D(2012, 10, 1)));
  CHECK_FALSE(calendar->IsWorkingDay(D(2012, 9, 29)));
  CHECK_FALSE(calendar->IsWorkingDay(D(2012, 10, 2)));  // Not overridden.
  CHECK(MustAdd(*calendar, D(2012, 9, 28), 1) == D(2012, 10, 1));
  CHECK(MustAdd(*calendar, D(2012, 9, 28), 15) == D(2012, 10, 26));
  // 2012 stays announced; the merged arrangements carry the override.
  CHECK(calendar->IsAnnounced(2012));
  const NaiveCalendar naive(calendar->arrangements());
  CHECK(naive.IsWorkingDay(D(2012, 10, 1)));
  CHECK(calendar->WorkingDaysBetween(D(2012, 9, 28), D(2012, 10, 25)) ==
        naive.Between(D(2012, 9, 28), D(2012, 10, 25)));
}

TEST_CASE("Later calendar overrides win over earlier ones", "[engine][calendar]") {
  auto first = ParseCalendarText("gongkai-calendar 1\n2027-01-04 off a\n", "first.cal");
  auto second = ParseCalendarText("gongkai-calendar 1\n2027-01-04 work b\n", "second.cal");
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  auto both = Calendar::Create({*first, *second});
  REQUIRE(both.ok());
  CHECK((*both)->IsWorkingDay(D(2027, 1, 4)));
  auto reversed = Calendar::Create({*second, *first});
  REQUIRE(reversed.ok());
  CHECK_FALSE((*reversed)->IsWorkingDay(D(2027, 1, 4)));
  CHECK_FALSE((*both)->IsAnnounced(2027));  // Neither announces it.
}

TEST_CASE("Calendar::Create refuses exceptions outside the calendar's years",
          "[engine][calendar]") {
  CalendarArrangements bad;
  bad.exceptions.push_back({D(1989, 12, 31), true, "x"});
  auto calendar = Calendar::Create({bad});
  REQUIRE_FALSE(calendar.ok());
  CHECK(calendar.status().code() == StatusCode::kInvalidArgument);
  CHECK_THAT(calendar.status().message(), Contains("1989-12-31"));
}

TEST_CASE("Calendar::Create without overrides equals the builtin calendar", "[engine][calendar]") {
  auto created = Calendar::Create();
  REQUIRE(created.ok());
  CHECK(SameArrangements((*created)->arrangements(), BuiltinArrangements()));
  CHECK(MustAdd(**created, D(2012, 9, 28), 15) == D(2012, 10, 25));
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
