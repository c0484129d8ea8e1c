// Civil dates in China (UTC+8). A Date is std::chrono::sys_days: a count of
// days, cheap to copy and to compare. Parsing is strict: YYYY-MM-DD with the
// year in [kMinYear, kMaxYear] and a day that exists.
#ifndef GONGKAI_ENGINE_DATE_H_
#define GONGKAI_ENGINE_DATE_H_

#include <chrono>
#include <string>
#include <string_view>

#include "engine/status.h"

namespace gongkai {

using Date = std::chrono::sys_days;

// Dates outside these years are refused everywhere: far beyond any request's
// life, and they bound the calendar's index.
inline constexpr int kMinYear = 1990;
inline constexpr int kMaxYear = 2199;

// Builds a date; the caller guarantees it is valid (use ParseDate otherwise).
Date MakeDate(int year, unsigned month, unsigned day);

// Parses "2012-09-28". Errors (invalid_argument) name the text and say why:
// "2023-02-29 is not a date: February 2023 has 28 days".
StatusOr<Date> ParseDate(std::string_view text);
// Same for year/month/day fields (e.g. from a protobuf CivilDate).
StatusOr<Date> DateFromFields(int year, int month, int day);

std::string FormatDate(Date date);  // "2012-09-28"
int YearOf(Date date);
bool IsWeekend(Date date);  // Saturday or Sunday.

}  // namespace gongkai

#endif  // GONGKAI_ENGINE_DATE_H_
