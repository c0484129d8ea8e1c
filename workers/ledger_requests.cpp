// The ledger's mutations of requests: intake and the recording of events.
#include <cstdio>

#include "engine/civil_date.h"
#include "engine/deadline.h"
#include "engine/request_machine.h"
#include "workers/ledger.h"
#include "workers/records.h"

namespace gongkai {
namespace {

constexpr uint64_t kMaxSequence = 999999;

std::string RequestId(const std::string& agency, int year, uint64_t sequence) {
  char number[24];
  std::snprintf(number, sizeof number, "%06llu", static_cast<unsigned long long>(sequence));
  return agency + "-" + std::to_string(year) + "-" + number;
}

// The event as the log keeps it: the personal data lives in its own table.
v1::Event Stripped(v1::Event event) {
  if (event.has_received()) event.mutable_received()->clear_applicant();
  return event;
}

}  // namespace

StatusOr<v1::Reply> Ledger::Intake(const v1::Command& command, Txn& txn) {
  const v1::IntakeCommand& intake = command.intake();
  auto received_on = FromCivil(intake.received_on(), "the receipt date");
  if (!received_on.ok()) return received_on.status();
  const std::string& code = intake.received().agency_code();
  if (code.empty() || code.size() > 16) {
    return InvalidArgumentError(code.empty() ? "the agency code is missing"
                                             : "the agency code is longer than 16 characters");
  }
  GONGKAI_RETURN_IF_ERROR(agencies_.CheckKnown(code));
  if (*received_on > today()) {
    return InvalidArgumentError("the receipt date " + FormatDate(*received_on) +
                                " is after today (" + FormatDate(today()) +
                                "): register a request once it has been received");
  }
  GONGKAI_RETURN_IF_ERROR(CheckYearOpen(*received_on, txn));
  const std::string& agency = intake.received().agency_code();
  const int year = YearOf(*received_on);
  auto last = txn.Get(Table::kMeta, SequenceKey(agency, year));
  if (!last.ok()) return last.status();
  uint64_t sequence = 1;
  if (last->has_value()) {
    auto stored = ParseStoredNumber(**last, "request number");
    if (!stored.ok()) return stored.status();
    sequence = *stored + 1;
  }
  if (sequence > kMaxSequence) {
    return FailedPreconditionError("agency " + agency + " has used all 999999 request numbers of " +
                                   std::to_string(year));
  }
  v1::Event event;
  event.set_request_id(RequestId(agency, year, sequence));
  event.set_sequence(1);
  *event.mutable_on() = ToCivil(*received_on);
  event.set_actor(maker());
  event.set_calendar_generation(generation());
  *event.mutable_received() = intake.received();
  const MachineContext context{calendar(), options_.policy, today()};
  auto state = Apply(v1::RequestState(), event, context);
  if (!state.ok()) return state.status();
  GONGKAI_RETURN_IF_ERROR(SaveStep(v1::RequestState(), *state, Stripped(event), txn));
  PutApplicant(*state, /*old_name=*/"", intake.received().applicant(), txn);  // A new request.
  txn.Put(Table::kMeta, SequenceKey(agency, year), std::to_string(sequence));
  if (intake.on_the_spot_outcome() != v1::OUTCOME_UNSPECIFIED) {
    v1::Event answer;
    answer.set_request_id(state->id());
    answer.set_sequence(2);
    *answer.mutable_on() = event.on();
    answer.set_actor(maker());
    answer.set_calendar_generation(generation());
    answer.mutable_answered_on_the_spot()->set_outcome(intake.on_the_spot_outcome());
    auto answered = Apply(*state, answer, context);
    if (!answered.ok()) return answered.status();
    GONGKAI_RETURN_IF_ERROR(SaveStep(*state, *answered, answer, txn));
    state = answered;
  }
  v1::Reply reply = ReplyFor(OkStatus());
  reply.set_request_id(state->id());
  auto deadline = ComputeDeadline(*state, calendar(), options_.policy, false);
  if (!deadline.ok()) return deadline.status();
  if (deadline->due_date) *reply.mutable_due_date() = ToCivil(*deadline->due_date);
  reply.set_message("registered");
  return reply;
}

StatusOr<v1::Reply> Ledger::RecordEvent(const v1::Command& command, Txn& txn) {
  v1::Event event = command.record_event().event();
  if (event.has_received()) {
    return InvalidArgumentError("a request is registered with intake, not recorded as an event");
  }
  if (event.has_intake_amended()) {
    return InvalidArgumentError("an intake is amended with the amend command");
  }
  if (event.request_id().empty() || event.request_id().size() > 64) {
    return InvalidArgumentError("the request id is missing or too long");
  }
  auto stored = txn.Get(Table::kRequests, event.request_id());
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) {
    return NotFoundError("request " + event.request_id() +
                         " does not exist: check the id (e.g. 210300-2012-000001)");
  }
  auto before = ParseStored<v1::RequestState>(**stored, "request");
  if (!before.ok()) return before.status();
  // An event sent without a date happened today, by the engine's clock.
  if (!IsSet(event.on())) *event.mutable_on() = ToCivil(today());
  if (auto on = FromCivil(event.on(), "the event's date"); on.ok()) {
    GONGKAI_RETURN_IF_ERROR(CheckYearOpen(*on, txn));
  }
  event.set_sequence(before->event_count() + 1);
  event.set_actor(maker());
  // The approver is the head who sent the extension (engine/access.h lets
  // only heads send it), whatever name the command carries.
  if (caller_ != nullptr && event.has_extension_approved()) {
    event.mutable_extension_approved()->set_approved_by(maker());
  }
  // The log keeps the window in force, so that a replay does not depend on
  // a default that may change.
  if (event.has_correction_requested() && event.correction_requested().window_days() == 0) {
    event.mutable_correction_requested()->set_window_days(
        options_.policy.default_correction_window);
  }
  event.set_calendar_generation(generation());
  const MachineContext context{calendar(), options_.policy, today()};
  auto after = Apply(*before, event, context);
  if (!after.ok()) return after.status();
  GONGKAI_RETURN_IF_ERROR(SaveStep(*before, *after, event, txn));
  v1::Reply reply = ReplyFor(OkStatus());
  reply.set_request_id(after->id());
  auto deadline = ComputeDeadline(*after, calendar(), options_.policy, false);
  if (!deadline.ok()) return deadline.status();
  if (deadline->due_date) *reply.mutable_due_date() = ToCivil(*deadline->due_date);
  reply.set_message("recorded");
  return reply;
}

}  // namespace gongkai
