// The reference calendar of the end-to-end tests: every day of 2007-2026
// with whether it is a day off, read from
// ../shared/reference/calendar/cn_calendar_days_2007_2026.tsv (tab-separated:
// date, is_off_day true/false, holiday name; one line a day, in order).
//
// This is test code of its own: it does not use gongkai's calendar (neither
// Calendar::Builtin nor a calendar file) nor its date parsing, so that what a
// test expects does not come from the code under test.
//
// The folder comes from the compile definition GONGKAI_REFERENCE_CALENDAR_DIR,
// overridden by the environment variable of the same name (as
// tests/engine/calendar_reference_test.cpp). It lives outside the
// repository and may be absent: Load() then says why, and the caller skips
// what needs it with a Catch2 WARN naming the reason.
//
// Thread safety: a loaded ReferenceCalendar is immutable.
#ifndef GONGKAI_TESTS_E2E_REFERENCE_CALENDAR_H_
#define GONGKAI_TESTS_E2E_REFERENCE_CALENDAR_H_

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace gongkai::e2e {

class ReferenceCalendar {
 public:
  // The calendar from the reference folder, or nullopt with `why_not` (the
  // folder or the file is absent, or a line is malformed, out of order or
  // leaves a gap).
  static std::optional<ReferenceCalendar> Load(std::string& why_not);

  std::chrono::sys_days first() const { return first_; }
  std::chrono::sys_days last() const { return first_ + std::chrono::days(off_.size() - 1); }
  bool Covers(std::chrono::sys_days day) const { return day >= first() && day <= last(); }

  // Whether `day` is a working day; the caller checks Covers(day).
  bool IsWorkingDay(std::chrono::sys_days day) const;
  // The working days after `a` up to and including `b` (a <= b, both
  // covered): the count the law's periods use.
  int WorkingDaysBetween(std::chrono::sys_days a, std::chrono::sys_days b) const;

 private:
  std::chrono::sys_days first_;
  std::vector<bool> off_;          // One per day from first_.
  std::vector<int> working_upto_;  // Working days from first_ up to each day, inclusive.
};

}  // namespace gongkai::e2e

#endif  // GONGKAI_TESTS_E2E_REFERENCE_CALENDAR_H_
