#include "engine/calendar.h"

#include <algorithm>
#include <map>

namespace gongkai {

// Defined in the file CMake generates from data/cn_working_days.cal.
extern const char kBuiltinCalendarText[];

namespace {

constexpr std::string_view kFormatHeader = "gongkai-calendar 1";
// A range "first..last" spans at most this many days after its first.
constexpr std::chrono::days kMaxRangeSpan{60};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Splits off the first whitespace-delimited word of `s`.
std::string_view NextWord(std::string_view& s) {
  s = Trim(s);
  size_t end = s.find_first_of(" \t");
  std::string_view word = s.substr(0, end);
  s = end == std::string_view::npos ? std::string_view() : s.substr(end);
  return word;
}

Status LineError(std::string_view source, int line, const std::string& why) {
  return InvalidArgumentError(std::string(source) + ":" + std::to_string(line) + ": " + why);
}

// Parses "2012-01-01" or "2012-01-01..2012-01-03" into [first, last].
Status ParseRange(std::string_view text, Date& first, Date& last) {
  size_t dots = text.find("..");
  auto a = ParseDate(text.substr(0, dots));
  if (!a.ok()) return a.status();
  first = last = *a;
  if (dots == std::string_view::npos) return OkStatus();
  auto b = ParseDate(text.substr(dots + 2));
  if (!b.ok()) return b.status();
  last = *b;
  if (last < first) return InvalidArgumentError("the range ends before it starts");
  if (last - first > kMaxRangeSpan) {
    return InvalidArgumentError("a range spans at most 60 days");
  }
  return OkStatus();
}

}  // namespace

StatusOr<CalendarArrangements> ParseCalendarText(std::string_view text, std::string_view source) {
  CalendarArrangements result;
  std::map<Date, CalendarException> by_date;
  bool saw_header = false;
  int line_number = 0;
  while (!text.empty()) {
    size_t eol = text.find('\n');
    std::string_view line = Trim(text.substr(0, eol));
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    if (!saw_header) {
      if (line != kFormatHeader) {
        return LineError(
            source, line_number,
            "not a calendar file: the first line must be '" + std::string(kFormatHeader) + "'");
      }
      saw_header = true;
      continue;
    }
    std::string_view rest = line;
    std::string_view first_word = NextWord(rest);
    if (first_word == "announced") {
      auto year = ParseDate(std::string(Trim(rest)) + "-01-01");
      if (!year.ok() || Trim(rest).size() != 4) {
        return LineError(source, line_number, "'announced' wants a year, e.g. announced 2027");
      }
      result.announced_years.insert(YearOf(*year));
      continue;
    }
    Date first, last;
    if (Status s = ParseRange(first_word, first, last); !s.ok()) {
      return LineError(source, line_number, s.message());
    }
    std::string_view kind = NextWord(rest);
    if (kind != "off" && kind != "work") {
      return LineError(
          source, line_number,
          "expected 'off' or 'work' after the date, found '" + Excerpt(kind, 20) + "'");
    }
    for (Date d = first; d <= last; d += std::chrono::days(1)) {
      if (by_date.count(d)) {
        return LineError(source, line_number, FormatDate(d) + " is listed twice");
      }
      by_date[d] = CalendarException{d, kind == "off", std::string(Trim(rest))};
    }
  }
  if (!saw_header) {
    return InvalidArgumentError(std::string(source) + ": empty; a calendar file starts with '" +
                                std::string(kFormatHeader) + "'");
  }
  for (auto& [date, exception] : by_date) result.exceptions.push_back(exception);
  return result;
}

std::string FormatCalendarText(const CalendarArrangements& arrangements) {
  std::string out = std::string(kFormatHeader) + "\n";
  for (int year : arrangements.announced_years) {
    out += "announced " + std::to_string(year) + "\n";
  }
  const auto& ex = arrangements.exceptions;
  for (size_t i = 0; i < ex.size();) {
    size_t j = i;
    // A longer run is written as several ranges, each of which parses.
    while (j + 1 < ex.size() && ex[j + 1].date == ex[j].date + std::chrono::days(1) &&
           ex[j + 1].off == ex[i].off && ex[j + 1].name == ex[i].name &&
           ex[j + 1].date - ex[i].date <= kMaxRangeSpan) {
      ++j;
    }
    out += FormatDate(ex[i].date);
    if (j > i) out += ".." + FormatDate(ex[j].date);
    out += ex[i].off ? " off" : " work";
    if (!ex[i].name.empty()) out += " " + ex[i].name;
    out += "\n";
    i = j + 1;
  }
  return out;
}

const CalendarArrangements& BuiltinArrangements() {
  static const CalendarArrangements* const builtin = [] {
    auto parsed = ParseCalendarText(kBuiltinCalendarText, "builtin calendar");
    // The file is ours and tested; failing here is a build defect, and
    // value() aborts saying why.
    return new CalendarArrangements(std::move(parsed).value());
  }();
  return *builtin;
}

Calendar::Calendar(CalendarArrangements merged)
    : merged_(std::move(merged)), index_first_(MakeDate(kMinYear, 1, 1)) {
  const Date index_last = MakeDate(kMaxYear, 12, 31);
  const size_t size = size_t((index_last - index_first_).count()) + 1;
  working_through_.resize(size);
  unannounced_through_.resize(size);
  auto next_exception = merged_.exceptions.begin();
  int count = 0;
  int unannounced = 0;
  int year = 0;
  bool announced = false;
  for (size_t i = 0; i < size; ++i) {
    const Date d = index_first_ + std::chrono::days(i);
    while (next_exception != merged_.exceptions.end() && next_exception->date < d) {
      ++next_exception;
    }
    bool working = !IsWeekend(d);
    if (next_exception != merged_.exceptions.end() && next_exception->date == d) {
      working = !next_exception->off;
    }
    if (working) {
      ++count;
      working_days_.push_back(d);
    }
    working_through_[i] = count;
    if (const int y = YearOf(d); y != year) {
      year = y;
      announced = IsAnnounced(y);
    }
    if (!announced) ++unannounced;
    unannounced_through_[i] = unannounced;
  }
}

CalendarArrangements LayerArrangements(const CalendarArrangements& base,
                                       const CalendarArrangements& layer) {
  std::map<Date, CalendarException> by_date;
  for (const auto& e : base.exceptions) {
    if (!layer.announced_years.count(YearOf(e.date))) by_date[e.date] = e;
  }
  for (const auto& e : layer.exceptions) by_date[e.date] = e;
  CalendarArrangements merged;
  merged.announced_years = base.announced_years;
  merged.announced_years.insert(layer.announced_years.begin(), layer.announced_years.end());
  for (auto& [date, e] : by_date) merged.exceptions.push_back(std::move(e));
  return merged;
}

std::set<int> YearsArranged(const CalendarArrangements& layer) {
  std::set<int> years = layer.announced_years;
  for (const auto& e : layer.exceptions) years.insert(YearOf(e.date));
  return years;
}

StatusOr<std::shared_ptr<const Calendar>> Calendar::Create(
    const std::vector<CalendarArrangements>& overrides) {
  CalendarArrangements merged = BuiltinArrangements();
  for (const auto& layer : overrides) {
    for (int year : YearsArranged(layer)) {
      if (year < kMinYear || year > kMaxYear) {
        return InvalidArgumentError(
            "the year " + std::to_string(year) + " is outside the calendar's years (" +
            std::to_string(kMinYear) + "-" + std::to_string(kMaxYear) + ")");
      }
    }
    merged = LayerArrangements(merged, layer);
  }
  return std::shared_ptr<const Calendar>(new Calendar(std::move(merged)));
}

Status Calendar::CheckPlausible(const std::set<int>& years) const {
  for (int year : years) {
    if (year <= kMinYear || year >= kMaxYear) continue;  // No neighbours to look at.
    const Date first = MakeDate(year, 1, 1), last = MakeDate(year, 12, 31);
    const int working = WorkingDaysBetween(first - std::chrono::days(1), last);
    // A year no notice announces follows the weekday rule, which a
    // neighbour's notice may touch (make-up days at the end of December):
    // its count is not an arrangement to judge; its runs of days off are.
    if (IsAnnounced(year) && (working < kMinWorkingDaysInYear || working > kMaxWorkingDaysInYear)) {
      return InvalidArgumentError(
          "the arrangement of " + std::to_string(year) + " is implausible: it has " +
          std::to_string(working) + " working days, and a year has " +
          std::to_string(kMinWorkingDaysInYear) + " to " + std::to_string(kMaxWorkingDaysInYear));
    }
    // Runs of days off that touch the year, counted whole.
    int run = 0;
    Date run_start = first;
    for (Date d = first - std::chrono::days(31); d <= last + std::chrono::days(31);
         d += std::chrono::days(1)) {
      if (IsWorkingDay(d)) {
        run = 0;
        continue;
      }
      if (run++ == 0) run_start = d;
      if (run > kMaxConsecutiveDaysOff && d >= first && run_start <= last) {
        return InvalidArgumentError("the arrangement of " + std::to_string(year) +
                                    " is implausible: more than " +
                                    std::to_string(kMaxConsecutiveDaysOff) +
                                    " consecutive days off from " + FormatDate(run_start));
      }
    }
  }
  return OkStatus();
}

std::shared_ptr<const Calendar> Calendar::FromArrangements(CalendarArrangements arrangements) {
  return std::shared_ptr<const Calendar>(new Calendar(std::move(arrangements)));
}

std::shared_ptr<const Calendar> Calendar::Builtin() {
  static const std::shared_ptr<const Calendar> builtin =
      std::shared_ptr<const Calendar>(new Calendar(BuiltinArrangements()));
  return builtin;
}

int Calendar::IndexOf(Date date) const {
  const long offset = (date - index_first_).count();
  return int(std::clamp<long>(offset, 0, long(working_through_.size()) - 1));
}

bool Calendar::IsWorkingDay(Date date) const {
  const long offset = (date - index_first_).count();
  if (offset < 0 || offset >= long(working_through_.size())) return !IsWeekend(date);
  const int i = int(offset);
  return working_through_[i] != (i == 0 ? 0 : working_through_[i - 1]);
}

bool Calendar::IsAnnounced(int year) const { return merged_.announced_years.count(year) > 0; }

bool Calendar::IsProvisional(Date first, Date last) const {
  if (last < first) std::swap(first, last);
  const long first_offset = (first - index_first_).count();
  const long last_offset = (last - index_first_).count();
  if (first_offset < 0 || last_offset >= long(unannounced_through_.size())) return true;
  const int before = first_offset == 0 ? 0 : unannounced_through_[size_t(first_offset - 1)];
  return unannounced_through_[size_t(last_offset)] > before;
}

StatusOr<WorkingDayResult> Calendar::AddWorkingDays(Date from, int n) const {
  const long offset = (from - index_first_).count();
  if (offset < 0 || offset >= long(working_through_.size())) {
    return InvalidArgumentError(FormatDate(from) + " is outside the calendar's years");
  }
  if (n == 0) return WorkingDayResult{from, IsProvisional(from, from)};
  // Working days up to and including `from`, and strictly before it.
  const long through = working_through_[size_t(offset)];
  const long before = through - (IsWorkingDay(from) ? 1 : 0);
  // 0-based ordinal of the target in working_days_.
  const long target = n > 0 ? through + n - 1 : before + n;
  if (target < 0 || target >= long(working_days_.size())) {
    return InvalidArgumentError(std::to_string(n) + " working days from " + FormatDate(from) +
                                " leaves the calendar's years");
  }
  const Date result = working_days_[size_t(target)];
  return WorkingDayResult{result, IsProvisional(from, result)};
}

int Calendar::WorkingDaysBetween(Date a, Date b) const {
  return working_through_[size_t(IndexOf(b))] - working_through_[size_t(IndexOf(a))];
}

std::vector<ExceptionRun> Calendar::ExceptionsBetween(Date first, Date last) const {
  std::vector<ExceptionRun> runs;
  const auto& ex = merged_.exceptions;
  auto it = std::lower_bound(ex.begin(), ex.end(), first,
                             [](const CalendarException& e, Date d) { return e.date < d; });
  for (; it != ex.end() && it->date <= last; ++it) {
    if (!runs.empty() && runs.back().off == it->off && runs.back().name == it->name &&
        runs.back().last + std::chrono::days(1) == it->date) {
      runs.back().last = it->date;
    } else {
      runs.push_back(ExceptionRun{it->date, it->date, it->off, it->name});
    }
  }
  return runs;
}

}  // namespace gongkai
