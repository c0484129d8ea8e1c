// Loading a notice replaces the years it announces whole (engine/calendar.h,
// "Layering"); loading it twice changes nothing; an implausible year is
// refused (DOMAIN.md: fewer than 240 or more than 260 working days, or more
// than 10 consecutive days off).
#include <catch2/catch.hpp>

#include "tests/engine/calendar_helpers.h"

namespace gongkai::test {
namespace {

using Catch::Matchers::Contains;

CalendarArrangements Parsed(const std::string& text) {
  auto parsed = ParseCalendarText(text, "test.cal");
  INFO(parsed.status().message());
  REQUIRE(parsed.ok());
  return *parsed;
}

TEST_CASE("A notice replaces the arrangement of each year it announces whole",
          "[engine][calendar]") {
  // A 2012 "notice" with only New Year: the builtin's National Day
  // (10-01..07 off, 09-29 a make-up day) goes with the rest of 2012.
  const CalendarArrangements notice = Parsed(
      "gongkai-calendar 1\n"
      "announced 2012\n"
      "2012-01-01..2012-01-03 off 元旦\n");
  const CalendarArrangements merged = LayerArrangements(BuiltinArrangements(), notice);
  auto calendar = Calendar::FromArrangements(merged);
  CHECK(calendar->IsWorkingDay(D(2012, 10, 1)));        // Monday, no longer a holiday.
  CHECK_FALSE(calendar->IsWorkingDay(D(2012, 9, 29)));  // Saturday, no longer a make-up day.
  CHECK_FALSE(calendar->IsWorkingDay(D(2012, 1, 3)));
  // Other years keep the builtin arrangement.
  CHECK_FALSE(calendar->IsWorkingDay(D(2013, 10, 1)));
  CHECK_FALSE(calendar->IsWorkingDay(D(2011, 10, 3)));
  CHECK(calendar->IsAnnounced(2012));
}

TEST_CASE("A notice's days in the year before are laid over it date by date",
          "[engine][calendar]") {
  // The 2012 notice made Saturday 2011-12-31 a working day; a 2027 notice
  // may likewise arrange the last days of 2026, which it does not announce.
  const CalendarArrangements notice = Parsed(
      "gongkai-calendar 1\n"
      "announced 2027\n"
      "2026-12-31 off 元旦\n"
      "2027-01-01..2027-01-03 off 元旦\n");
  auto calendar = Calendar::FromArrangements(LayerArrangements(BuiltinArrangements(), notice));
  CHECK_FALSE(calendar->IsWorkingDay(D(2026, 12, 31)));
  CHECK(calendar->IsWorkingDay(D(2026, 12, 30)));
  CHECK(calendar->IsAnnounced(2027));
  CHECK(calendar->IsAnnounced(2026));
  CHECK(YearsArranged(notice) == std::set<int>{2026, 2027});
}

TEST_CASE("Loading the same notice twice gives the same arrangements", "[engine][calendar]") {
  const CalendarArrangements notice = Parsed(
      "gongkai-calendar 1\n"
      "announced 2027\n"
      "2027-01-01..2027-01-03 off 元旦\n"
      "2027-02-06..2027-02-13 off 春节\n"
      "2027-02-14 work 春节\n");
  const CalendarArrangements once = LayerArrangements(BuiltinArrangements(), notice);
  const CalendarArrangements twice = LayerArrangements(once, notice);
  CHECK(once == twice);
  CHECK_FALSE(once == BuiltinArrangements());
  // A corrected notice replaces the first one's days of that year.
  const CalendarArrangements corrected = Parsed(
      "gongkai-calendar 1\n"
      "announced 2027\n"
      "2027-01-01 off 元旦\n");
  auto calendar = Calendar::FromArrangements(LayerArrangements(once, corrected));
  CHECK(calendar->IsWorkingDay(D(2027, 2, 8)));  // Monday, no longer in 春节.
  CHECK(calendar->IsWorkingDay(D(2027, 1, 4)));
  CHECK_FALSE(calendar->IsWorkingDay(D(2027, 2, 14)));  // Sunday again.
}

TEST_CASE("Every year of the builtin calendar is plausible", "[engine][calendar]") {
  std::set<int> years;
  for (int year = 2007; year <= 2026; ++year) years.insert(year);
  const Status plausible = Calendar::Builtin()->CheckPlausible(years);
  INFO(plausible.message());
  CHECK(plausible.ok());
}

TEST_CASE("An implausible year is refused, naming the year and why", "[engine][calendar]") {
  SECTION("more than 10 consecutive days off") {
    auto calendar = Calendar::FromArrangements(
        LayerArrangements(BuiltinArrangements(), Parsed("gongkai-calendar 1\nannounced 2027\n"
                                                        "2027-02-08..2027-02-12 off 春节\n"
                                                        "2027-02-15..2027-02-19 off 春节\n")));
    // Sat 02-06 .. Sun 02-21: 16 days off.
    const Status refused = calendar->CheckPlausible({2027});
    CHECK(refused.code() == StatusCode::kInvalidArgument);
    CHECK_THAT(refused.message(),
               Contains("2027") && Contains("more than 10 consecutive days off"));
  }
  SECTION("10 consecutive days off are accepted") {
    auto calendar = Calendar::FromArrangements(LayerArrangements(
        BuiltinArrangements(),
        Parsed("gongkai-calendar 1\nannounced 2027\n2027-02-08..2027-02-12 off 春节\n"
               "2027-02-15 off 春节\n")));
    // Sat 02-06 .. Mon 02-15: 10 days.
    CHECK(calendar->CheckPlausible({2027}).ok());
  }
  SECTION("too few working days") {
    // The weekday rule gives 2027 261 working days; 22 days off leave 239.
    std::string text = "gongkai-calendar 1\nannounced 2027\n";
    for (const char* range :
         {"2027-01-04..2027-01-08", "2027-03-01..2027-03-05", "2027-05-03..2027-05-07",
          "2027-07-05..2027-07-09", "2027-09-06", "2027-10-04"}) {
      text += std::string(range) + " off 假\n";
    }
    auto calendar =
        Calendar::FromArrangements(LayerArrangements(BuiltinArrangements(), Parsed(text)));
    CHECK(calendar->WorkingDaysBetween(D(2026, 12, 31), D(2027, 12, 31)) == 239);
    CHECK_THAT(calendar->CheckPlausible({2027}).message(),
               Contains("239 working days") && Contains("240 to 260"));
  }
  SECTION("too many working days") {
    // 2027 by the weekday rule alone: 261.
    auto calendar = Calendar::FromArrangements(
        LayerArrangements(BuiltinArrangements(), Parsed("gongkai-calendar 1\nannounced 2027\n")));
    CHECK_THAT(calendar->CheckPlausible({2027}).message(), Contains("261 working days"));
  }
}

TEST_CASE("A year no notice announces is not counted, only its runs of days off are judged",
          "[engine][calendar]") {
  // The builtin file lists 2006-12-30/31 (make-up days of the 2007 notice)
  // without announcing 2006: 262 working days by the weekday rule plus those.
  CHECK(Calendar::Builtin()->CheckPlausible({2006}).ok());
  // A make-up Saturday at the end of 2028 in the 2029 notice: 2028 is not judged.
  auto touched = Calendar::FromArrangements(LayerArrangements(
      BuiltinArrangements(), Parsed("gongkai-calendar 1\n2028-12-30 work 元旦\n")));
  CHECK(touched->CheckPlausible({2028}).ok());
  // A run of 16 days off is refused in any year.
  auto run = Calendar::FromArrangements(
      LayerArrangements(BuiltinArrangements(), Parsed("gongkai-calendar 1\n"
                                                      "2028-02-07..2028-02-11 off 春节\n"
                                                      "2028-02-14..2028-02-18 off 春节\n")));
  CHECK_THAT(run->CheckPlausible({2028}).message(), Contains("more than 10 consecutive days off"));
}

}  // namespace
}  // namespace gongkai::test
