#include "cli/offline_commands.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/args.h"
#include "engine/calendar.h"
#include "engine/civil_date.h"
#include "engine/codes.h"
#include "engine/deadline.h"
#include "engine/request_machine.h"

namespace gongkai::cli {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 2;
constexpr int kMaxWorkingDays = 10000;

int Fail(std::ostream& err, const Status& status) {
  err << "gongkai: " << status.message() << "\n";
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
  err << "gongkai: note: provisional: a year from " << YearOf(first) << " to " << YearOf(last)
      << " has no holiday notice loaded; Saturdays and Sundays alone are taken as off\n";
}

int CalendarAdd(const Calendar& calendar, const Args& args, bool json, std::ostream& out,
                std::ostream& err) {
  auto from = ParseDate(args.positional()[1]);
  if (!from.ok()) return Fail(err, from.status());
  auto n = ParseInt(args.positional()[2], "N", -kMaxWorkingDays, kMaxWorkingDays);
  if (!n.ok()) return Fail(err, n.status());
  auto result = calendar.AddWorkingDays(*from, *n);
  if (!result.ok()) return Fail(err, result.status());
  if (json) {
    out << nlohmann::json{{"date", FormatDate(result->date)}, {"provisional", result->provisional}}
               .dump()
        << "\n";
  } else {
    out << FormatDate(result->date) << "\n";
    WarnProvisional(calendar, std::min(*from, result->date), std::max(*from, result->date), err);
  }
  return kExitOk;
}

int CalendarCheck(const Args& args, std::ostream& out, std::ostream& err) {
  auto text = ReadFile(args.positional()[1]);
  if (!text.ok()) return Fail(err, text.status());
  auto parsed = ParseCalendarText(*text, args.positional()[1]);
  if (!parsed.ok()) return Fail(err, parsed.status());
  // The same check the engine makes before loading it over the builtin one.
  auto layered = Calendar::Create({*parsed});
  if (!layered.ok()) return Fail(err, layered.status());
  if (Status plausible = (*layered)->CheckPlausible(YearsArranged(*parsed)); !plausible.ok()) {
    return Fail(err, plausible);
  }
  out << args.positional()[1] << ": " << parsed->announced_years.size() << " announced years, "
      << parsed->exceptions.size() << " dated exceptions; every year it arranges is plausible\n";
  return kExitOk;
}

}  // namespace

int RunCalendarCommand(const std::vector<std::string>& words, bool json, std::ostream& out,
                       std::ostream& err) {
  OptionSpec spec{{"--calendar"}, {"--json"}, {"--calendar"}};
  auto args = Args::Parse(words, spec);
  if (!args.ok()) return Fail(err, args.status());
  json = json || args->Has("--json");
  const auto& pos = args->positional();
  const std::string verb = pos.empty() ? "" : pos[0];
  const std::map<std::string, std::pair<size_t, std::string>> arity = {
      {"is-workday", {2, "gongkai calendar is-workday DATE"}},
      {"add", {3, "gongkai calendar add DATE N"}},
      {"between", {3, "gongkai calendar between A B"}},
      {"check", {2, "gongkai calendar check FILE"}}};
  auto it = arity.find(verb);
  if (it == arity.end()) {
    return Fail(err, InvalidArgumentError(
                         "usage: gongkai calendar is-workday DATE | add DATE N | between A B | "
                         "check FILE"));
  }
  if (Status s = args->ExpectPositional(it->second.first, it->second.second); !s.ok()) {
    return Fail(err, s);
  }
  if (verb == "check") return CalendarCheck(*args, out, err);
  auto calendar = LoadCalendarLayers(args->GetAll("--calendar"));
  if (!calendar.ok()) return Fail(err, calendar.status());
  if (verb == "add") return CalendarAdd(**calendar, *args, json, out, err);
  auto a = ParseDate(pos[1]);
  if (!a.ok()) return Fail(err, a.status());
  if (verb == "is-workday") {
    const bool working = (*calendar)->IsWorkingDay(*a);
    if (json) {
      out << nlohmann::json{{"date", FormatDate(*a)},
                            {"working", working},
                            {"provisional", (*calendar)->IsProvisional(*a, *a)}}
                 .dump()
          << "\n";
    } else {
      out << (working ? "yes" : "no") << "\n";
      WarnProvisional(**calendar, *a, *a, err);
    }
    return kExitOk;
  }
  auto b = ParseDate(pos[2]);
  if (!b.ok()) return Fail(err, b.status());
  const int between = (*calendar)->WorkingDaysBetween(*a, *b);
  if (json) {
    out << nlohmann::json{{"from", FormatDate(*a)},
                          {"to", FormatDate(*b)},
                          {"working_days", between},
                          {"provisional",
                           (*calendar)->IsProvisional(std::min(*a, *b), std::max(*a, *b))}}
               .dump()
        << "\n";
  } else {
    out << between << "\n";
    WarnProvisional(**calendar, std::min(*a, *b), std::max(*a, *b), err);
  }
  return kExitOk;
}

}  // namespace gongkai::cli
