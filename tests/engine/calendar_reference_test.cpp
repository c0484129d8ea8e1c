// Walks every day of 2007-2026 in the reference calendar
// (../shared/reference/calendar/cn_calendar_days_2007_2026.tsv: date,
// is_off_day true/false, holiday name) and checks the builtin calendar
// against it (DOMAIN.md, "Deadlines").
//
// The folder comes from the compile definition GONGKAI_REFERENCE_CALENDAR_DIR,
// overridden by the environment variable of the same name. When the folder
// or the file is absent the test reports itself skipped (exit code 77).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/calendar.h"

#ifndef GONGKAI_REFERENCE_CALENDAR_DIR
#error "GONGKAI_REFERENCE_CALENDAR_DIR must name the reference calendar folder"
#endif

namespace {

constexpr const char* kDaysFile = "cn_calendar_days_2007_2026.tsv";

std::filesystem::path& DaysPath() {
  static std::filesystem::path path;
  return path;
}

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

TEST_CASE("The builtin calendar agrees with the reference on every day of 2007-2026",
          "[engine][calendar]") {
  using gongkai::Date;
  using gongkai::FormatDate;
  std::ifstream in(DaysPath());
  REQUIRE(in.good());
  const auto calendar = gongkai::Calendar::Builtin();

  std::string line;
  REQUIRE(std::getline(in, line));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  REQUIRE(SplitTabs(line) == std::vector<std::string>{"date", "is_off_day", "name"});

  const Date first = gongkai::MakeDate(2007, 1, 1);
  const Date last = gongkai::MakeDate(2026, 12, 31);
  Date expected_next = first;
  int line_number = 1;
  int days_checked = 0;
  int disagreements = 0;
  std::ostringstream first_disagreements;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto fields = SplitTabs(line);
    INFO(DaysPath().string() << ":" << line_number << ": " << line);
    REQUIRE(fields.size() >= 2);
    auto date = gongkai::ParseDate(fields[0]);
    REQUIRE(date.ok());
    REQUIRE((fields[1] == "true" || fields[1] == "false"));
    // The file lists each day once, in order, without gaps.
    REQUIRE(FormatDate(*date) == FormatDate(expected_next));
    expected_next = *date + std::chrono::days(1);

    const bool off = fields[1] == "true";
    const std::string name = fields.size() > 2 ? fields[2] : "";
    ++days_checked;
    if (calendar->IsWorkingDay(*date) == off) {
      if (++disagreements <= 20) {
        first_disagreements << "  " << fields[0] << ": reference says " << (off ? "off" : "working")
                            << (name.empty() ? "" : " (" + name + ")") << ", builtin says "
                            << (off ? "working" : "off") << "\n";
      }
    }
  }
  INFO("days checked: " << days_checked << ", disagreements: " << disagreements << "\n"
                        << first_disagreements.str());
  CHECK(expected_next == last + std::chrono::days(1));
  CHECK(days_checked == 7305);
  CHECK(disagreements == 0);
}

}  // namespace

int main(int argc, char* argv[]) {
  std::filesystem::path dir = GONGKAI_REFERENCE_CALENDAR_DIR;
  if (const char* env = std::getenv("GONGKAI_REFERENCE_CALENDAR_DIR"); env && *env) dir = env;
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) {
    std::cout << "calendar_reference_test: skipped: " << dir.string() << " is absent\n";
    return 77;
  }
  DaysPath() = dir / kDaysFile;
  if (!std::filesystem::is_regular_file(DaysPath(), error)) {
    std::cout << "calendar_reference_test: skipped: " << DaysPath().string() << " is absent\n";
    return 77;
  }
  return Catch::Session().run(argc, argv);
}
