#include "engine/date.h"

#include <charconv>
#include <cstdio>

namespace gongkai {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;
using std::chrono::year_month_day;

// Parses a run of ASCII digits, nothing else.
bool ParseDigits(std::string_view text, int& out) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

}  // namespace

Date MakeDate(int y, unsigned m, unsigned d) {
  return Date(year_month_day(year(y), month(m), day(d)));
}

StatusOr<Date> DateFromFields(int y, int m, int d) {
  static constexpr const char* kMonths[] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};
  // Formatted only for a refusal: a valid date is the hot path (every
  // stored date read back goes through here).
  auto shown = [&] {
    char text[48];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", y, m, d);
    return std::string(text);
  };
  if (y < kMinYear || y > kMaxYear) {
    return InvalidArgumentError(shown() + " is out of range: years " + std::to_string(kMinYear) +
                                " to " + std::to_string(kMaxYear) + " are accepted");
  }
  if (m < 1 || m > 12) {
    return InvalidArgumentError(shown() + " is not a date: the month must be 1-12");
  }
  const unsigned last = unsigned(
      std::chrono::year_month_day_last(year(y), std::chrono::month_day_last(month(m))).day());
  if (d < 1 || static_cast<unsigned>(d) > last) {
    return InvalidArgumentError(shown() + " is not a date: " + kMonths[m - 1] + " " +
                                std::to_string(y) + " has " + std::to_string(last) + " days");
  }
  return MakeDate(y, m, d);
}

StatusOr<Date> ParseDate(std::string_view text) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !ParseDigits(text.substr(0, 4), y) ||
      !ParseDigits(text.substr(5, 2), m) || !ParseDigits(text.substr(8, 2), d)) {
    std::string shown = Excerpt(text, 40);
    return InvalidArgumentError("'" + shown + "' is not a date: write it as YYYY-MM-DD");
  }
  return DateFromFields(y, m, d);
}

std::string FormatDate(Date date) {
  // By hand: this runs for every key and message, and snprintf is slow.
  const year_month_day ymd(date);
  const int y = int(ymd.year());
  const unsigned m = unsigned(ymd.month()), d = unsigned(ymd.day());
  if (y < 0 || y > 9999) return std::to_string(y) + "-00-00";  // Outside every index.
  std::string text = "0000-00-00";
  text[0] = char('0' + y / 1000);
  text[1] = char('0' + y / 100 % 10);
  text[2] = char('0' + y / 10 % 10);
  text[3] = char('0' + y % 10);
  text[5] = char('0' + m / 10);
  text[6] = char('0' + m % 10);
  text[8] = char('0' + d / 10);
  text[9] = char('0' + d % 10);
  return text;
}

int YearOf(Date date) { return int(year_month_day(date).year()); }

bool IsWeekend(Date date) {
  const std::chrono::weekday wd(date);
  return wd == std::chrono::Saturday || wd == std::chrono::Sunday;
}

}  // namespace gongkai
