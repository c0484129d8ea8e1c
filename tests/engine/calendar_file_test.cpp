// Tests of engine/calendar.h: the calendar file format (ParseCalendarText,
// FormatCalendarText) and overrides of the builtin arrangements
// (Calendar::Create). The working-day rule itself is in calendar_test.cpp.
#include <catch2/catch.hpp>
#include <string>
#include <string_view>

#include "engine/calendar.h"
#include "tests/engine/calendar_helpers.h"

namespace gongkai {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

using test::D;
using test::MustAdd;
using test::NaiveCalendar;

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

TEST_CASE("ParseCalendarText quotes an unknown kind cut before a character that does not fit",
          "[engine][calendar]") {
  // Found by fuzz/calendar_file: the 20 bytes quoted cut 庆 in two, and the
  // daemon sends this message back in a protobuf string (valid UTF-8 only).
  CHECK(ErrorOf("gongkai-calendar 1\n2012-09-30 off,中秋节、国庆节\n") ==
        "holidays.cal:2: expected 'off' or 'work' after the date, found 'off,中秋节、国'");
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

TEST_CASE("FormatCalendarText splits a run longer than a range may span, so it parses back",
          "[engine][calendar]") {
  // Found by reading, confirmed by fuzz/calendar_file: two lines of one name
  // that meet were written as a single range of 62 days, which no file may
  // hold ("a range spans at most 60 days").
  auto parsed = ParseCalendarText(
      "gongkai-calendar 1\n2027-01-01..2027-03-02 off 长假\n2027-03-03..2027-03-04 off 长假\n",
      "long.cal");
  REQUIRE(parsed.ok());
  REQUIRE(parsed->exceptions.size() == 63);
  const std::string text = FormatCalendarText(*parsed);
  CHECK(text ==
        "gongkai-calendar 1\n2027-01-01..2027-03-02 off 长假\n2027-03-03..2027-03-04 off 长假\n");
  auto back = ParseCalendarText(text, "formatted");
  REQUIRE(back.ok());
  CHECK(*back == *parsed);
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
  CHECK_THAT(calendar.status().message(), Contains("1989"));
}

TEST_CASE("Calendar::Create without overrides equals the builtin calendar", "[engine][calendar]") {
  auto created = Calendar::Create();
  REQUIRE(created.ok());
  CHECK(SameArrangements((*created)->arrangements(), BuiltinArrangements()));
  CHECK(MustAdd(**created, D(2012, 9, 28), 15) == D(2012, 10, 25));
}

}  // namespace
}  // namespace gongkai
