// `gongkai deadline`: what the engine would compute for a request with the
// given history. It replays that history through the real state machine, so
// the calculator and the engine cannot disagree.
#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/args.h"
#include "cli/offline_commands.h"
#include "engine/calendar.h"
#include "engine/civil_date.h"
#include "engine/codes.h"
#include "engine/deadline.h"
#include "engine/request_machine.h"

namespace gongkai::cli {

// Defined in offline_commands.cpp.
StatusOr<std::shared_ptr<const Calendar>> LoadCalendarLayers(const std::vector<std::string>& paths);

namespace {

constexpr const char* kUsage =
    "usage: gongkai deadline --received DATE [--regime 2008|2019] "
    "[--consultation FROM:TO]... [--correction-received DATE] [--extension DAYS] [--json]";

struct Consultation {
  Date from;
  Date to;
};

StatusOr<Consultation> ParseConsultation(const std::string& text) {
  const size_t colon = text.find(':');
  if (colon == std::string::npos) {
    return InvalidArgumentError("--consultation wants FROM:TO, e.g. 2012-10-08:2012-10-19");
  }
  auto from = ParseDate(text.substr(0, colon));
  if (!from.ok()) return from.status();
  auto to = ParseDate(text.substr(colon + 1));
  if (!to.ok()) return to.status();
  if (*to < *from) {
    return InvalidArgumentError("the consultation " + Excerpt(text, 40) + " ends before it starts");
  }
  return Consultation{*from, *to};
}

v1::Event MakeEvent(Date on) {
  v1::Event event;
  event.set_request_id("calculation");
  *event.mutable_on() = ToCivil(on);
  event.set_actor("gongkai deadline");
  return event;
}

// The history the options describe, in date order. Consultations may
// overlap (each is a different party: 第三方1, 第三方2, ...); a correction is
// asked on the day of receipt and received on the given date, before any
// consultation (the period restarts at the correction).
StatusOr<std::vector<v1::Event>> BuildHistory(const Args& args, Date received) {
  v1::Event intake = MakeEvent(received);
  auto* r = intake.mutable_received();
  r->set_agency_code("calculation");
  r->set_channel(v1::CHANNEL_IN_PERSON);
  r->set_applicant_type(v1::APPLICANT_TYPE_NATURAL_PERSON);
  r->set_subject("deadline calculation");
  r->mutable_applicant()->set_name("-");
  std::vector<v1::Event> events{intake};
  std::optional<Date> corrected;
  if (auto text = args.Get("--correction-received")) {
    auto date = ParseDate(*text);
    if (!date.ok()) return date.status();
    corrected = *date;
    v1::Event ask = MakeEvent(received);
    ask.mutable_correction_requested();
    v1::Event got = MakeEvent(*corrected);
    got.mutable_correction_received();
    events.push_back(ask);
    events.push_back(got);
  }
  std::vector<v1::Event> stops;
  int party = 0;
  for (const auto& text : args.GetAll("--consultation")) {
    auto c = ParseConsultation(text);
    if (!c.ok()) return c.status();
    if (corrected && c->from < *corrected) {
      return InvalidArgumentError("the consultation " + Excerpt(text, 40) +
                                  " starts before the corrected request: the period restarts at "
                                  "the correction, so it would not count");
    }
    const std::string name = "第三方" + std::to_string(++party);
    v1::Event start = MakeEvent(c->from);
    start.mutable_consultation_started()->set_party(name);
    v1::Event end = MakeEvent(c->to);
    end.mutable_consultation_ended()->set_party(name);
    stops.push_back(start);
    stops.push_back(end);
  }
  // By date; on the same date in the order written (a start before its end).
  std::stable_sort(stops.begin(), stops.end(), [](const v1::Event& a, const v1::Event& b) {
    return FromCivilTrusted(a.on()) < FromCivilTrusted(b.on());
  });
  events.insert(events.end(), stops.begin(), stops.end());
  if (auto text = args.Get("--extension")) {
    auto days = ParseInt(*text, "--extension", 1, 40);
    if (!days.ok()) return days.status();
    v1::Event extend = MakeEvent(FromCivilTrusted(events.back().on()));
    extend.mutable_extension_approved()->set_approved_by("OGI office head");
    extend.mutable_extension_approved()->set_days(*days);
    events.push_back(extend);
  }
  return events;
}

StatusOr<Deadline> Calculate(const Args& args, const Calendar& calendar, DeadlinePolicy& policy,
                             v1::RequestState& state) {
  auto received_text = args.Require("--received");
  if (!received_text.ok()) return received_text.status();
  auto received = ParseDate(*received_text);
  if (!received.ok()) return received.status();
  if (auto regime = args.Get("--regime")) {
    if (*regime != "2008" && *regime != "2019") {
      return InvalidArgumentError("--regime must be 2008 or 2019, not '" + Excerpt(*regime, 20) +
                                  "'");
    }
    policy.pinned_regime = *regime == "2008" ? v1::REGIME_2008 : v1::REGIME_2019;
  }
  auto history = BuildHistory(args, *received);
  if (!history.ok()) return history.status();
  const MachineContext context{calendar, policy, MakeDate(kMaxYear, 12, 31)};
  for (const auto& event : *history) {
    auto next = Apply(state, event, context);
    if (!next.ok()) return next.status();
    state = std::move(next).value();
  }
  return ComputeDeadline(state, calendar, policy);
}

}  // namespace

int RunDeadlineCommand(const std::vector<std::string>& words, bool json, std::ostream& out,
                       std::ostream& err) {
  OptionSpec spec{{"--received", "--regime", "--consultation", "--correction-received",
                   "--extension", "--calendar"},
                  {"--json"},
                  {"--consultation", "--calendar"}};
  auto args = Args::Parse(words, spec);
  if (!args.ok() || !args->positional().empty()) {
    err << "gongkai: " << (args.ok() ? std::string(kUsage) : args.status().message()) << "\n";
    return 2;
  }
  json = json || args->Has("--json");
  auto calendar = LoadCalendarLayers(args->GetAll("--calendar"));
  if (!calendar.ok()) {
    err << "gongkai: " << calendar.status().message() << "\n";
    return 2;
  }
  DeadlinePolicy policy;
  v1::RequestState state;
  auto deadline = Calculate(*args, **calendar, policy, state);
  if (!deadline.ok()) {
    err << "gongkai: " << deadline.status().message() << "\n";
    return 2;
  }
  const std::string due = deadline->due_date ? FormatDate(*deadline->due_date) : "";
  if (json) {
    nlohmann::json j{{"received", FormatDate(FromCivilTrusted(state.received_on()))},
                     {"regime", RulesFor(state.regime()).name},
                     {"due_date", due},
                     {"provisional", deadline->provisional},
                     {"period_days", deadline->period_days},
                     {"extension_days", deadline->extension_days},
                     {"excluded_days", deadline->excluded_days},
                     {"explanation", deadline->explanation}};
    out << j.dump() << "\n";
    return 0;
  }
  out << "due " << due << (deadline->provisional ? " (provisional)" : "") << "\n";
  for (const auto& line : deadline->explanation) out << "  " << line << "\n";
  return 0;
}

}  // namespace gongkai::cli
