// `gongkai deadline`: what the engine would compute for a request with the
// given history. It replays that history through the real state machine, so
// the calculator and the engine cannot disagree.
#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/language.h"
#include "cli/numbers.h"
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

// The options of `gongkai deadline`.
struct DeadlineWords {
  std::string received;
  std::optional<std::string> regime;
  std::vector<std::string> consultations;
  std::optional<std::string> correction_received;
  std::optional<std::string> extension;
  std::vector<std::string> calendars;
};

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
StatusOr<std::vector<v1::Event>> BuildHistory(const DeadlineWords& words, Date received) {
  v1::Event intake = MakeEvent(received);
  auto* r = intake.mutable_received();
  r->set_agency_code("calculation");
  r->set_channel(v1::CHANNEL_IN_PERSON);
  r->set_applicant_type(v1::APPLICANT_TYPE_NATURAL_PERSON);
  r->set_subject("deadline calculation");
  r->mutable_applicant()->set_name("-");
  std::vector<v1::Event> events{intake};
  std::optional<Date> corrected;
  if (const auto& text = words.correction_received) {
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
  for (const auto& text : words.consultations) {
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
  if (const auto& text = words.extension) {
    auto days = ParseInt(*text, "--extension", 1, 40);
    if (!days.ok()) return days.status();
    v1::Event extend = MakeEvent(FromCivilTrusted(events.back().on()));
    extend.mutable_extension_approved()->set_approved_by("OGI office head");
    extend.mutable_extension_approved()->set_days(*days);
    events.push_back(extend);
  }
  return events;
}

StatusOr<Deadline> Calculate(const DeadlineWords& words, const Calendar& calendar,
                             DeadlinePolicy& policy, v1::RequestState& state) {
  auto received = ParseDate(words.received);
  if (!received.ok()) return received.status();
  if (const auto& regime = words.regime) {
    if (*regime != "2008" && *regime != "2019") {
      return InvalidArgumentError("--regime must be 2008 or 2019, not '" + Excerpt(*regime, 20) +
                                  "'");
    }
    policy.pinned_regime = *regime == "2008" ? v1::REGIME_2008 : v1::REGIME_2019;
  }
  auto history = BuildHistory(words, *received);
  if (!history.ok()) return history.status();
  const MachineContext context{calendar, policy, MakeDate(kMaxYear, 12, 31)};
  for (const auto& event : *history) {
    auto next = Apply(state, event, context);
    if (!next.ok()) return next.status();
    state = std::move(next).value();
  }
  return ComputeDeadline(state, calendar, policy);
}

int RunDeadline(const DeadlineWords& words, const CommandContext& c) {
  auto calendar = LoadCalendarLayers(words.calendars);
  if (!calendar.ok()) {
    c.err << "gongkai: " << Say(calendar.status().message()) << "\n";
    return 2;
  }
  DeadlinePolicy policy;
  v1::RequestState state;
  auto deadline = Calculate(words, **calendar, policy, state);
  if (!deadline.ok()) {
    c.err << "gongkai: " << Say(deadline.status().message()) << "\n";
    return 2;
  }
  const std::string due = deadline->due_date ? FormatDate(*deadline->due_date) : "";
  if (c.global.json) {
    nlohmann::json j{{"received", FormatCivil(state.received_on())},
                     {"regime", RulesFor(state.regime()).name},
                     {"due_date", due},
                     {"provisional", deadline->provisional},
                     {"period_days", deadline->period_days},
                     {"extension_days", deadline->extension_days},
                     {"excluded_days", deadline->excluded_days},
                     {"explanation", SayAll(deadline->explanation)}};
    c.out << j.dump() << "\n";
    return 0;
  }
  c.out << Say("due") << " " << due << (deadline->provisional ? Say(" (provisional)") : "") << "\n";
  for (const auto& line : deadline->explanation) c.out << "  " << Say(line) << "\n";
  return 0;
}

}  // namespace

void AddDeadlineCommand(CommandLine& line) {
  auto words = std::make_shared<DeadlineWords>();
  CLI::App& deadline = line.Add(
      line.root(), "deadline", [words](const CommandContext& c) { return RunDeadline(*words, c); });
  line.Required(deadline, "--received", words->received);
  line.Optional(deadline, "--regime", words->regime);
  line.Repeated(deadline, "--consultation", words->consultations);
  line.Optional(deadline, "--correction-received", words->correction_received);
  line.Optional(deadline, "--extension", words->extension);
  line.Repeated(deadline, "--calendar", words->calendars);
}

}  // namespace gongkai::cli
