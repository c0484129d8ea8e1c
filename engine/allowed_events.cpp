#include "engine/allowed_events.h"

#include <algorithm>
#include <iterator>

#include "engine/access.h"
#include "engine/civil_date.h"
#include "engine/codes.h"

namespace gongkai {
namespace {

using Events = std::vector<v1::Event>;

// The events a command of one kind would send now: the kind is allowed
// when the state machine accepts any of them.
using Candidates = Events (*)(const v1::RequestState& state, const v1::Principal& who,
                              const v1::Event& dated);

v1::Event With(v1::Event event, void (*body)(v1::Event&)) {
  body(event);
  return event;
}

// The parties of the consultations under way.
std::vector<std::string> RunningParties(const v1::RequestState& state) {
  std::vector<std::string> parties;
  for (const auto& pause : state.pauses()) {
    if (pause.kind() == v1::PAUSE_KIND_CONSULTATION && !IsSet(pause.to())) {
      parties.push_back(pause.party());
    }
  }
  return parties;
}

Events ConsultStart(const v1::RequestState& state, const v1::Principal&, const v1::Event& dated) {
  const std::vector<std::string> running = RunningParties(state);
  std::string party = "?";
  while (std::find(running.begin(), running.end(), party) != running.end()) party += "?";
  v1::Event event = dated;
  event.mutable_consultation_started()->set_party(party);
  return {event};
}

Events ConsultEnd(const v1::RequestState& state, const v1::Principal&, const v1::Event& dated) {
  Events events = {With(dated, [](v1::Event& e) { e.mutable_consultation_ended(); })};
  for (const std::string& party : RunningParties(state)) {
    events.push_back(dated);
    events.back().mutable_consultation_ended()->set_party(party);
  }
  return events;
}

Events Extend(const v1::RequestState&, const v1::Principal& who, const v1::Event& dated) {
  v1::Event event = dated;
  event.mutable_extension_approved()->set_approved_by(who.name().empty() ? "?" : who.name());
  return {event};
}

Events Appeal(const v1::RequestState&, const v1::Principal&, const v1::Event& dated) {
  Events events;
  for (const auto kind : {v1::APPEAL_KIND_RECONSIDERATION, v1::APPEAL_KIND_LITIGATION,
                          v1::APPEAL_KIND_LITIGATION_AFTER_RECONSIDERATION}) {
    events.push_back(dated);
    events.back().mutable_appeal_filed()->set_kind(kind);
  }
  return events;
}

Events AppealResolve(const v1::RequestState&, const v1::Principal&, const v1::Event& dated) {
  Events events;
  for (const auto kind :
       {v1::APPEAL_KIND_UNSPECIFIED, v1::APPEAL_KIND_RECONSIDERATION, v1::APPEAL_KIND_LITIGATION,
        v1::APPEAL_KIND_LITIGATION_AFTER_RECONSIDERATION}) {
    events.push_back(dated);
    events.back().mutable_appeal_resolved()->set_kind(kind);
    events.back().mutable_appeal_resolved()->set_result(v1::APPEAL_RESULT_UPHELD);
  }
  return events;
}

Events Amend(const v1::RequestState& state, const v1::Principal&, const v1::Event& dated) {
  v1::Event event = dated;
  v1::IntakeAmended* amended = event.mutable_intake_amended();
  amended->set_subject(state.subject() == "?" ? "??" : "?");
  amended->set_reason("?");
  return {event};
}

using Body = void (*)(v1::Event&);

// A kind: its command, and either the one event its command sends (`body`
// sets it) or the events it may send (`candidates`).
struct Kind {
  std::string_view command;
  Body body;
  Candidates candidates;
};

// In the order of kEventCommands.
constexpr Kind kKinds[] = {
    {"correction-request", [](v1::Event& e) { e.mutable_correction_requested(); }, nullptr},
    {"correction-receive", [](v1::Event& e) { e.mutable_correction_received(); }, nullptr},
    {"correction-lapse", [](v1::Event& e) { e.mutable_correction_lapsed(); }, nullptr},
    {"consult-start", nullptr, ConsultStart},
    {"consult-end", nullptr, ConsultEnd},
    {"extend", nullptr, Extend},
    {"fee-notice", [](v1::Event& e) { e.mutable_fee_notice_issued()->set_amount_fen(1); }, nullptr},
    {"fee-paid", [](v1::Event& e) { e.mutable_fee_paid(); }, nullptr},
    {"fee-lapse", [](v1::Event& e) { e.mutable_fee_lapsed(); }, nullptr},
    {"decide", [](v1::Event& e) { e.mutable_decided()->set_outcome(v1::OUTCOME_GRANTED); },
     nullptr},
    {"deliver", [](v1::Event& e) { e.mutable_delivered(); }, nullptr},
    {"withdraw", [](v1::Event& e) { e.mutable_withdrawn(); }, nullptr},
    {"appeal", nullptr, Appeal},
    {"appeal-resolve", nullptr, AppealResolve},
    {"amend", nullptr, Amend},
};
static_assert(std::size(kKinds) == kEventCommands.size());
// The two tables name the same kinds in the same order.
constexpr bool SameOrder() {
  for (size_t i = 0; i < kEventCommands.size(); ++i) {
    if (kKinds[i].command != kEventCommands[i]) return false;
  }
  return true;
}
static_assert(SameOrder());

// The command that would carry `event`: amend for an amendment, else
// record_event.
v1::Command CommandOf(const v1::Event& event) {
  v1::Command command;
  if (event.has_intake_amended()) {
    command.mutable_amend()->set_request_id(event.request_id());
    *command.mutable_amend()->mutable_amended() = event.intake_amended();
  } else {
    *command.mutable_record_event()->mutable_event() = event;
  }
  return command;
}

}  // namespace

std::vector<std::string> AllowedEvents(const v1::RequestState& state, const v1::Principal& who,
                                       const AgencyRegistry& agencies,
                                       const MachineContext& context) {
  std::vector<std::string> allowed;
  if (state.id().empty()) return allowed;
  v1::Event dated;
  dated.set_request_id(state.id());
  dated.set_sequence(state.event_count() + 1);
  *dated.mutable_on() = ToCivil(context.today);
  dated.set_actor(who.name());
  for (const Kind& kind : kKinds) {
    const Events events = kind.candidates != nullptr ? kind.candidates(state, who, dated)
                                                     : Events{With(dated, kind.body)};
    // The role matrix looks at the kind alone: the first candidate tells.
    if (events.empty() || !Authorize(who, CommandOf(events.front()), agencies).ok()) continue;
    const bool accepted = std::any_of(events.begin(), events.end(), [&](const v1::Event& event) {
      return Apply(state, event, context).ok();
    });
    if (accepted) allowed.emplace_back(kind.command);
  }
  return allowed;
}

}  // namespace gongkai
