#include "cli/offline_commands.h"

#include <algorithm>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/language.h"
#include "cli/numbers.h"
#include "engine/calendar.h"
#include "engine/civil_date.h"
#include "engine/codes.h"
#include "engine/deadline.h"
#include "engine/request_machine.h"
#include "engine/strings.h"

namespace gongkai::cli {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 2;
constexpr int kMaxWorkingDays = 10000;

int Fail(std::ostream& err, const Status& status) {
  err << "gongkai: " << Say(status.message()) << "\n";
  return kExitUsage;
}

StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return InvalidArgumentError("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

// The builtin calendar with each --calendar FILE loaded over it.
StatusOr<std::shared_ptr<const Calendar>> LoadCalendarLayers(
    const std::vector<std::string>& paths) {
  std::vector<CalendarArrangements> layers;
  for (const auto& path : paths) {
    auto text = ReadFile(path);
    if (!text.ok()) return text.status();
    auto parsed = ParseCalendarText(*text, path);
    if (!parsed.ok()) return parsed.status();
    layers.push_back(std::move(parsed).value());
  }
  if (layers.empty()) return Calendar::Builtin();
  return Calendar::Create(layers);
}

namespace {

void WarnProvisional(const Calendar& calendar, Date first, Date last, std::ostream& err) {
  if (!calendar.IsProvisional(first, last)) return;
  err << "gongkai: "
      << Say(StrCat(
             {"note: provisional: a year from ", std::to_string(YearOf(first)), " to ",
              std::to_string(YearOf(last)),
              " has no holiday notice loaded; Saturdays and Sundays alone are taken as off"}))
      << "\n";
}

// The words of the calendar's subcommands (one of them is given).
struct CalendarWords {
  std::string first;   // DATE, A or FILE.
  std::string second;  // N or B.
  std::vector<std::string> calendars;
};

int IsWorkday(const Calendar& calendar, const CalendarWords& words, const CommandContext& c) {
  auto date = ParseDate(words.first);
  if (!date.ok()) return Fail(c.err, date.status());
  const bool working = calendar.IsWorkingDay(*date);
  if (c.global.json) {
    c.out << nlohmann::json{{"date", FormatDate(*date)},
                            {"working", working},
                            {"provisional", calendar.IsProvisional(*date, *date)}}
                 .dump()
          << "\n";
  } else {
    c.out << Say(working ? "yes" : "no") << "\n";
    WarnProvisional(calendar, *date, *date, c.err);
  }
  return kExitOk;
}

int CalendarAdd(const Calendar& calendar, const CalendarWords& words, const CommandContext& c) {
  auto from = ParseDate(words.first);
  if (!from.ok()) return Fail(c.err, from.status());
  auto n = ParseInt(words.second, "N", -kMaxWorkingDays, kMaxWorkingDays);
  if (!n.ok()) return Fail(c.err, n.status());
  auto result = calendar.AddWorkingDays(*from, *n);
  if (!result.ok()) return Fail(c.err, result.status());
  if (c.global.json) {
    c.out << nlohmann::json{{"date", FormatDate(result->date)},
                            {"provisional", result->provisional}}
                 .dump()
          << "\n";
  } else {
    c.out << FormatDate(result->date) << "\n";
    WarnProvisional(calendar, std::min(*from, result->date), std::max(*from, result->date), c.err);
  }
  return kExitOk;
}

int CalendarBetween(const Calendar& calendar, const CalendarWords& words, const CommandContext& c) {
  auto a = ParseDate(words.first);
  if (!a.ok()) return Fail(c.err, a.status());
  auto b = ParseDate(words.second);
  if (!b.ok()) return Fail(c.err, b.status());
  const int between = calendar.WorkingDaysBetween(*a, *b);
  if (c.global.json) {
    c.out << nlohmann::json{{"from", FormatDate(*a)},
                            {"to", FormatDate(*b)},
                            {"working_days", between},
                            {"provisional",
                             calendar.IsProvisional(std::min(*a, *b), std::max(*a, *b))}}
                 .dump()
          << "\n";
  } else {
    c.out << between << "\n";
    WarnProvisional(calendar, std::min(*a, *b), std::max(*a, *b), c.err);
  }
  return kExitOk;
}

int CalendarCheck(const CalendarWords& words, const CommandContext& c) {
  const std::string& path = words.first;
  auto text = ReadFile(path);
  if (!text.ok()) return Fail(c.err, text.status());
  auto parsed = ParseCalendarText(*text, path);
  if (!parsed.ok()) return Fail(c.err, parsed.status());
  // The same check the engine makes before loading it over the builtin one.
  auto layered = Calendar::Create({*parsed});
  if (!layered.ok()) return Fail(c.err, layered.status());
  if (Status plausible = (*layered)->CheckPlausible(YearsArranged(*parsed)); !plausible.ok()) {
    return Fail(c.err, plausible);
  }
  c.out << Say(StrCat({path, ": ", std::to_string(parsed->announced_years.size()),
                       " announced years, ", std::to_string(parsed->exceptions.size()),
                       " dated exceptions; every year it arranges is plausible"}))
        << "\n";
  return kExitOk;
}

}  // namespace

void AddCalendarCommands(CommandLine& line, CLI::App& calendar) {
  auto words = std::make_shared<CalendarWords>();
  // is-workday, add and between: on the builtin calendar and the --calendar files.
  using Run = int (*)(const Calendar&, const CalendarWords&, const CommandContext&);
  auto add = [&](const std::string& name, Run run, const std::vector<std::string>& positionals) {
    CLI::App& command = line.Add(calendar, name, [words, run](const CommandContext& c) {
      auto layers = LoadCalendarLayers(words->calendars);
      if (!layers.ok()) return Fail(c.err, layers.status());
      return run(**layers, *words, c);
    });
    std::string* slots[] = {&words->first, &words->second};
    for (size_t i = 0; i < positionals.size(); ++i) {
      line.Positional(command, positionals[i], *slots[i]);
    }
    line.Repeated(command, "--calendar", words->calendars);
  };
  add("is-workday", IsWorkday, {"DATE"});
  add("add", CalendarAdd, {"DATE", "N"});
  add("between", CalendarBetween, {"A", "B"});
  CLI::App& check = line.Add(calendar, "check",
                             [words](const CommandContext& c) { return CalendarCheck(*words, c); });
  line.Positional(check, "FILE", words->first);
}

}  // namespace gongkai::cli
