// The working-day calendar: which days government offices work, following
// the State Council's yearly holiday notice, make-up working days (调休)
// included (DOMAIN.md, "Deadlines").
//
// A date listed in a loaded arrangement follows it; any other Saturday or
// Sunday is off; any other weekday is a working day. A year whose notice has
// not been loaded ("announced") is computed by that weekday rule alone, and
// every answer that depends on it is flagged provisional.
//
// Calendar file format (engine/data/cn_working_days.cal is the example):
//   # comment                      blank lines and comments are ignored
//   gongkai-calendar 1             first non-comment line, the format version
//   announced 2012                 the notice for 2012 is in this file
//   2012-01-01..2012-01-03 off 元旦  a range (or one date), off or work, name
//   2012-01-21 work 春节            a make-up working day
// Layering (Calendar::Create, LayerArrangements): a file loaded over the
// arrangements in force replaces each year it announces whole (the earlier
// exceptions dated in that year are dropped), then lays its own exceptions
// over date by date (a notice also arranges the last days of the year
// before; a file that announces no year is a local arrangement, laid over
// date by date). Loading the same file twice therefore changes nothing.
//
// Cost: construction builds an ordinal index of working days over
// [kMinYear, kMaxYear]; IsWorkingDay, AddWorkingDays and WorkingDaysBetween
// are then O(1). Thread safety: immutable after construction; share freely.
#ifndef GONGKAI_ENGINE_CALENDAR_H_
#define GONGKAI_ENGINE_CALENDAR_H_

#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/date.h"
#include "engine/status.h"

namespace gongkai {

// One dated exception to the weekday rule.
struct CalendarException {
  Date date;
  bool off = false;  // true: a holiday; false: a make-up working day.
  std::string name;  // 春节, 国庆节, ... (may be empty).
  bool operator==(const CalendarException&) const = default;
};

// The parsed contents of one calendar file.
struct CalendarArrangements {
  std::set<int> announced_years;
  std::vector<CalendarException> exceptions;  // Sorted by date, unique.
  bool operator==(const CalendarArrangements&) const = default;
};

// `base` with `layer` laid over it (see "Layering" above).
CalendarArrangements LayerArrangements(const CalendarArrangements& base,
                                       const CalendarArrangements& layer);

// The years a file arranges: those it announces and those of its dates.
std::set<int> YearsArranged(const CalendarArrangements& layer);

// Parses a calendar file. `source` names it in error messages, with the
// line number: "holidays.cal:12: 2026-02-30 is not a date ...".
StatusOr<CalendarArrangements> ParseCalendarText(std::string_view text, std::string_view source);

// Writes arrangements in the file format (ranges merged); parses back equal.
std::string FormatCalendarText(const CalendarArrangements& arrangements);

// The State Council arrangements 2007-2026 compiled into the binary.
const CalendarArrangements& BuiltinArrangements();

// A run of consecutive exceptions with the same kind and name, for
// explanations: "国庆节 2012-09-30..2012-10-07 off".
struct ExceptionRun {
  Date first;
  Date last;
  bool off = false;
  std::string name;
};

struct WorkingDayResult {
  Date date;
  bool provisional = false;  // Depends on a year with no notice loaded.
};

class Calendar {
 public:
  // The builtin arrangements, then each of `overrides` in order.
  static StatusOr<std::shared_ptr<const Calendar>> Create(
      const std::vector<CalendarArrangements>& overrides = {});
  // The builtin calendar alone (built once).
  static std::shared_ptr<const Calendar> Builtin();
  // Exactly `arrangements` (already layered; see LayerArrangements).
  static std::shared_ptr<const Calendar> FromArrangements(CalendarArrangements arrangements);

  bool IsWorkingDay(Date date) const;
  // True when `year`'s notice is loaded.
  bool IsAnnounced(int year) const;
  // True when any year from `first` to `last` (inclusive) is not announced.
  bool IsProvisional(Date first, Date last) const;

  // The date `n` working days after `from`; `from` itself is never counted
  // (it need not be a working day). Negative `n` counts backwards: -1 is the
  // last working day before `from`. n == 0 returns `from`. Errors:
  // invalid_argument when the result leaves [kMinYear, kMaxYear].
  StatusOr<WorkingDayResult> AddWorkingDays(Date from, int n) const;

  // The number of working days after `a` up to and including `b`; negative
  // when b < a (then minus the number after b up to a).
  int WorkingDaysBetween(Date a, Date b) const;

  // Exceptions falling in [first, last], merged into runs.
  std::vector<ExceptionRun> ExceptionsBetween(Date first, Date last) const;

  // All arrangements in force (builtin merged with overrides).
  const CalendarArrangements& arrangements() const { return merged_; }

  // Refuses (invalid_argument, naming the year and why) an implausible
  // arrangement of any of `years`: fewer than kMinWorkingDaysInYear or more
  // than kMaxWorkingDaysInYear working days (announced years only), or a run
  // of more than
  // kMaxConsecutiveDaysOff days off (a run across New Year counts whole).
  Status CheckPlausible(const std::set<int>& years) const;
  static constexpr int kMinWorkingDaysInYear = 240;
  static constexpr int kMaxWorkingDaysInYear = 260;
  static constexpr int kMaxConsecutiveDaysOff = 10;

 private:
  explicit Calendar(CalendarArrangements merged);
  int IndexOf(Date date) const;  // Clamped into the index.

  CalendarArrangements merged_;
  Date index_first_;
  // working_through_[i]: working days in [index_first_, index_first_ + i].
  std::vector<int> working_through_;
  // working_days_[k]: the (k+1)th working day from index_first_.
  std::vector<Date> working_days_;
  // unannounced_through_[i]: days in [index_first_, index_first_ + i] whose
  // year has no notice loaded (IsProvisional in O(1)).
  std::vector<int> unannounced_through_;
};

}  // namespace gongkai

#endif  // GONGKAI_ENGINE_CALENDAR_H_
