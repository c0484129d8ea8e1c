#include "tests/e2e/reference_calendar.h"

#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#ifndef GONGKAI_REFERENCE_CALENDAR_DIR
#error "GONGKAI_REFERENCE_CALENDAR_DIR must name the reference calendar folder"
#endif

namespace gongkai::e2e {
namespace {

constexpr const char* kDaysFile = "cn_calendar_days_2007_2026.tsv";

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> fields;
  size_t start = 0;
  while (true) {
    const size_t tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab - start));
    if (tab == std::string::npos) break;
    start = tab + 1;
  }
  return fields;
}

// "2012-09-28" -> the day; nullopt for anything else.
std::optional<std::chrono::sys_days> ParseDay(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int fields[3] = {0, 0, 0};
  const size_t starts[3] = {0, 5, 8}, sizes[3] = {4, 2, 2};
  for (int i = 0; i < 3; ++i) {
    const char* begin = text.data() + starts[i];
    const char* end = begin + sizes[i];
    auto [ptr, ec] = std::from_chars(begin, end, fields[i]);
    if (ec != std::errc() || ptr != end) return std::nullopt;
  }
  const std::chrono::year_month_day day{std::chrono::year(fields[0]),
                                        std::chrono::month(unsigned(fields[1])),
                                        std::chrono::day(unsigned(fields[2]))};
  if (!day.ok()) return std::nullopt;
  return std::chrono::sys_days(day);
}

}  // namespace

std::optional<ReferenceCalendar> ReferenceCalendar::Load(std::string& why_not) {
  std::filesystem::path dir = GONGKAI_REFERENCE_CALENDAR_DIR;
  if (const char* env = std::getenv("GONGKAI_REFERENCE_CALENDAR_DIR"); env && *env) dir = env;
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) {
    why_not = "the reference calendar folder " + dir.string() + " is absent";
    return std::nullopt;
  }
  const std::filesystem::path path = dir / kDaysFile;
  std::ifstream in(path);
  if (!in) {
    why_not = "the reference calendar " + path.string() + " is absent";
    return std::nullopt;
  }
  ReferenceCalendar calendar;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || (number == 1 && line.rfind("date\t", 0) == 0)) continue;
    const std::vector<std::string> fields = SplitTabs(line);
    const auto day = fields.size() >= 2 ? ParseDay(fields[0]) : std::nullopt;
    const std::string where = path.string() + ":" + std::to_string(number) + ": ";
    if (!day || (fields[1] != "true" && fields[1] != "false")) {
      why_not = where + "not 'date<TAB>true|false<TAB>name'";
      return std::nullopt;
    }
    if (calendar.off_.empty()) {
      calendar.first_ = *day;
    } else if (*day != calendar.last() + std::chrono::days(1)) {
      why_not = where + "not the day after the line before";
      return std::nullopt;
    }
    const bool off = fields[1] == "true";
    calendar.off_.push_back(off);
    calendar.working_upto_.push_back(
        (calendar.working_upto_.empty() ? 0 : calendar.working_upto_.back()) + (off ? 0 : 1));
  }
  if (calendar.off_.empty()) {
    why_not = "the reference calendar " + path.string() + " has no days";
    return std::nullopt;
  }
  return calendar;
}

bool ReferenceCalendar::IsWorkingDay(std::chrono::sys_days day) const {
  return !off_[size_t((day - first_).count())];
}

int ReferenceCalendar::WorkingDaysBetween(std::chrono::sys_days a, std::chrono::sys_days b) const {
  return working_upto_[size_t((b - first_).count())] - working_upto_[size_t((a - first_).count())];
}

}  // namespace gongkai::e2e
