// Tests of engine/date.h: strict parsing, formatting and the weekday rule.
#include "engine/date.h"

#include <catch2/catch.hpp>
#include <string>

namespace gongkai {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

std::string ErrorOf(std::string_view text) {
  auto parsed = ParseDate(text);
  if (parsed.ok()) return "(parsed as " + FormatDate(*parsed) + ")";
  return parsed.status().message();
}

TEST_CASE("ParseDate accepts a well-formed date", "[engine][date]") {
  auto date = ParseDate("2012-09-28");
  REQUIRE(date.ok());
  CHECK(*date == MakeDate(2012, 9, 28));
  CHECK(YearOf(*date) == 2012);
}

TEST_CASE("ParseDate accepts the date 29 February in a leap year", "[engine][date]") {
  auto date = ParseDate("2024-02-29");
  REQUIRE(date.ok());
  CHECK(*date == MakeDate(2024, 2, 29));
  CHECK(ParseDate("2000-02-29").ok());  // Divisible by 400: a leap year.
}

TEST_CASE("ParseDate accepts the first and last date of the accepted years", "[engine][date]") {
  auto first = ParseDate("1990-01-01");
  auto last = ParseDate("2199-12-31");
  REQUIRE(first.ok());
  REQUIRE(last.ok());
  CHECK(*first == MakeDate(kMinYear, 1, 1));
  CHECK(*last == MakeDate(kMaxYear, 12, 31));
}

TEST_CASE("ParseDate refuses a date without zero padding and says how to write it",
          "[engine][date]") {
  auto date = ParseDate("2012-9-28");
  REQUIRE_FALSE(date.ok());
  CHECK(date.status().code() == StatusCode::kInvalidArgument);
  CHECK_THAT(date.status().message(), Contains("2012-9-28"));
  CHECK_THAT(date.status().message(), Contains("YYYY-MM-DD"));
  CHECK_FALSE(ParseDate("2012-09-8").ok());
  CHECK_FALSE(ParseDate("12-09-28").ok());
}

TEST_CASE("ParseDate refuses date separators other than hyphens", "[engine][date]") {
  for (const char* text : {"2012/09/28", "2012.09.28", "20120928", "2012 09 28", "2012-09/28"}) {
    INFO(text);
    auto date = ParseDate(text);
    REQUIRE_FALSE(date.ok());
    CHECK(date.status().code() == StatusCode::kInvalidArgument);
    CHECK_THAT(date.status().message(), Contains(text));
    CHECK_THAT(date.status().message(), Contains("YYYY-MM-DD"));
  }
}

TEST_CASE("ParseDate refuses the date 29 February in a common year and gives the month's length",
          "[engine][date]") {
  auto date = ParseDate("2023-02-29");
  REQUIRE_FALSE(date.ok());
  CHECK(date.status().code() == StatusCode::kInvalidArgument);
  CHECK_THAT(date.status().message(), Contains("is not a date"));
  CHECK_THAT(date.status().message(), Contains("28 days"));
  CHECK_FALSE(ParseDate("1900-02-29").ok());  // Out of range anyway.
  CHECK_FALSE(ParseDate("2100-02-29").ok());  // Divisible by 100, not 400.
}

TEST_CASE("ParseDate refuses a date whose day or month does not exist", "[engine][date]") {
  for (const char* text : {"2012-13-01", "2012-00-10", "2012-04-31", "2012-09-00", "2012-12-32"}) {
    INFO(text);
    auto date = ParseDate(text);
    REQUIRE_FALSE(date.ok());
    CHECK(date.status().code() == StatusCode::kInvalidArgument);
    CHECK_THAT(date.status().message(), Contains("is not a date"));
  }
  CHECK_THAT(ErrorOf("2012-13-01"), Contains("month"));
  CHECK_THAT(ErrorOf("2012-04-31"), Contains("30 days"));
}

TEST_CASE("ParseDate errors quote the date text exactly as it was written", "[engine][date]") {
  // date.h: "Errors ... name the text and say why: '2023-02-29 is not a
  // date: ...'". A clerk must recognise what they typed.
  CHECK_THAT(ErrorOf("2023-02-29"), StartsWith("2023-02-29 is not a date"));
  CHECK_THAT(ErrorOf("2012-13-01"), Contains("2012-13-01"));
  CHECK_THAT(ErrorOf("2012-04-31"), Contains("2012-04-31"));
  CHECK_THAT(ErrorOf("2200-01-01"), Contains("2200-01-01"));
  CHECK_THAT(ErrorOf("1989-06-04"), Contains("1989-06-04"));
}

TEST_CASE("ParseDate refuses a date outside the years 1990 to 2199 and names the bounds",
          "[engine][date]") {
  for (const char* text : {"1989-12-31", "2200-01-01", "0000-01-01", "9999-12-31"}) {
    INFO(text);
    auto date = ParseDate(text);
    REQUIRE_FALSE(date.ok());
    CHECK(date.status().code() == StatusCode::kInvalidArgument);
    CHECK_THAT(date.status().message(), Contains("1990"));
    CHECK_THAT(date.status().message(), Contains("2199"));
  }
}

TEST_CASE("ParseDate refuses leading or trailing text around a date", "[engine][date]") {
  for (const char* text :
       {"2012-09-28x", "2012-09-28 ", " 2012-09-28", "2012-09-28T00:00", "2012-09-28\n",
        "x2012-09-28", "2012-09-2x", "+012-09-28", "-012-09-28", "2012-+9-28", "2012-09--8", ""}) {
    INFO("'" << text << "'");
    auto date = ParseDate(text);
    REQUIRE_FALSE(date.ok());
    CHECK(date.status().code() == StatusCode::kInvalidArgument);
    CHECK_THAT(date.status().message(), Contains("YYYY-MM-DD"));
  }
}

TEST_CASE("ParseDate shows at most 40 characters of a long bad date", "[engine][date]") {
  const std::string text(5000, '7');
  auto date = ParseDate(text);
  REQUIRE_FALSE(date.ok());
  CHECK(date.status().message().size() < 200);
}

TEST_CASE("DateFromFields checks a date's fields like ParseDate", "[engine][date]") {
  auto date = DateFromFields(2012, 9, 28);
  REQUIRE(date.ok());
  CHECK(*date == MakeDate(2012, 9, 28));
  CHECK_FALSE(DateFromFields(2023, 2, 29).ok());
  CHECK(DateFromFields(2024, 2, 29).ok());
  CHECK_FALSE(DateFromFields(2012, 13, 1).ok());
  CHECK_FALSE(DateFromFields(2012, 0, 1).ok());
  CHECK_FALSE(DateFromFields(2012, 1, 0).ok());
  CHECK_FALSE(DateFromFields(2012, -1, 1).ok());
  CHECK_FALSE(DateFromFields(1989, 12, 31).ok());
  CHECK_FALSE(DateFromFields(2200, 1, 1).ok());
}

TEST_CASE("FormatDate writes a date as YYYY-MM-DD with zero padding", "[engine][date]") {
  CHECK(FormatDate(MakeDate(2012, 9, 28)) == "2012-09-28");
  CHECK(FormatDate(MakeDate(2012, 10, 1)) == "2012-10-01");
  CHECK(FormatDate(MakeDate(1990, 1, 1)) == "1990-01-01");
  CHECK(FormatDate(MakeDate(2199, 12, 31)) == "2199-12-31");
  CHECK(FormatDate(MakeDate(2024, 2, 29)) == "2024-02-29");
}

TEST_CASE("FormatDate and ParseDate round-trip every date of the accepted years",
          "[engine][date]") {
  int days = 0;
  int failures = 0;
  for (Date d = MakeDate(kMinYear, 1, 1); d <= MakeDate(kMaxYear, 12, 31);
       d += std::chrono::days(1)) {
    auto back = ParseDate(FormatDate(d));
    if (!back.ok() || *back != d) {
      if (++failures <= 5) FAIL_CHECK("round trip failed for " << FormatDate(d));
    }
    ++days;
  }
  CHECK(failures == 0);
  CHECK(days == 76701);  // 210 years, 51 of them leap years (2100 is not).
}

TEST_CASE("IsWeekend is true for a date on Saturday or Sunday only", "[engine][date]") {
  CHECK(IsWeekend(MakeDate(2012, 9, 29)));         // Saturday (a make-up working day).
  CHECK(IsWeekend(MakeDate(2012, 9, 30)));         // Sunday.
  CHECK_FALSE(IsWeekend(MakeDate(2012, 9, 28)));   // Friday.
  CHECK_FALSE(IsWeekend(MakeDate(2012, 10, 1)));   // Monday (a holiday, not a weekend).
  CHECK_FALSE(IsWeekend(MakeDate(2024, 2, 29)));   // Thursday.
  CHECK(IsWeekend(MakeDate(2027, 1, 10)));         // Sunday.
  CHECK_FALSE(IsWeekend(MakeDate(2199, 12, 31)));  // Tuesday.
  CHECK_FALSE(IsWeekend(MakeDate(1990, 1, 1)));    // Monday.
}

TEST_CASE("IsWeekend finds exactly two weekend dates in every week", "[engine][date]") {
  const Date monday = MakeDate(2012, 10, 1);
  for (int week = 0; week < 520; ++week) {
    int weekend = 0;
    for (int i = 0; i < 7; ++i) {
      if (IsWeekend(monday + std::chrono::days(7 * week + i))) ++weekend;
    }
    REQUIRE(weekend == 2);
    REQUIRE(IsWeekend(monday + std::chrono::days(7 * week + 5)));
    REQUIRE(IsWeekend(monday + std::chrono::days(7 * week + 6)));
  }
}

}  // namespace
}  // namespace gongkai
