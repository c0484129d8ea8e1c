// The ledger's amend command: an intake's clerical fields corrected before
// any decision (engine/request_amend.h has the rules). The event logged
// holds what changed and the reason; the applicant's new personal data go
// to the applicants table alone.
#include "engine/civil_date.h"
#include "engine/deadline.h"
#include "engine/request_amend.h"
#include "engine/request_machine.h"
#include "engine/strings.h"
#include "workers/ledger.h"
#include "workers/records.h"

namespace gongkai {
namespace {

StatusOr<v1::RequestState> StoredRequest(const std::string& id, Txn& txn) {
  if (id.empty() || id.size() > 64) {
    return InvalidArgumentError("the request id is missing or too long");
  }
  auto stored = txn.Get(Table::kRequests, id);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) {
    return NotFoundError(
        StrCat({"request ", id, " does not exist: check the id (e.g. 210300-2012-000001)"}));
  }
  return ParseStored<v1::RequestState>(**stored, "request");
}

// Every stored event of `state`, in sequence order.
StatusOr<std::vector<v1::Event>> History(const v1::RequestState& state, Txn& txn) {
  std::vector<v1::Event> events;
  for (uint64_t sequence = 1; sequence <= state.event_count(); ++sequence) {
    auto stored = txn.Get(Table::kEvents, EventKey(state.id(), sequence));
    if (!stored.ok()) return stored.status();
    if (!stored->has_value()) return InternalError("a request's event is missing");
    auto event = ParseStored<v1::Event>(**stored, "event");
    if (!event.ok()) return event.status();
    events.push_back(std::move(event).value());
  }
  return events;
}

// True when the receipt counters (year, applicant type, channel) move.
bool MovesReceiptCounters(const v1::IntakeAmended& amended) {
  return amended.channel() != v1::CHANNEL_UNSPECIFIED ||
         amended.applicant_type() != v1::APPLICANT_TYPE_UNSPECIFIED || IsSet(amended.received_on());
}

// "subject, channel, ...": what an amendment changes, for the reply.
std::string ChangedWords(const v1::IntakeAmended& amended) {
  std::string words;
  const auto add = [&words](bool changed, std::string_view what) {
    if (!changed) return;
    if (!words.empty()) words += ", ";
    words.append(what);
  };
  add(!amended.subject().empty(), "the subject");
  add(amended.channel() != v1::CHANNEL_UNSPECIFIED, "the channel");
  add(amended.applicant_type() != v1::APPLICANT_TYPE_UNSPECIFIED, "the applicant type");
  add(!amended.applicant_fields().empty(), "the applicant's data");
  add(IsSet(amended.received_on()), "the receipt date");
  return words;
}

std::string DueWords(const std::optional<Date>& due) {
  return due ? FormatDate(*due) : std::string("none while the clock is stopped");
}

}  // namespace

Status Ledger::AmendApplicant(const v1::RequestState& state, const v1::AmendCommand& amend,
                              const std::string& fields, Txn& txn) {
  auto stored = txn.Get(Table::kApplicants, state.id());
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return InternalError("the request's applicant record is missing");
  auto applicant = ParseStored<v1::ApplicantPersonalData>(**stored, "applicant");
  if (!applicant.ok()) return applicant.status();
  auto amended = AmendedApplicant(*applicant, amend.applicant(), fields);
  if (!amended.ok()) return amended.status();
  // After SaveStep: the name's search postings move from the stored name.
  PutApplicant(state, applicant->name(), *amended, txn);
  return OkStatus();
}

Status Ledger::CheckAmendedReceipt(const v1::RequestState& state, Date received, Txn& txn) {
  auto history = History(state, txn);
  if (!history.ok()) return history.status();
  const CalendarHistory& calendars = this->calendars();
  return CheckHistoryWithReceipt(
      *history, received, [&calendars](uint32_t generation) { return calendars.At(generation); },
      options_.policy);
}

StatusOr<v1::Reply> Ledger::Amend(const v1::Command& command, Txn& txn) {
  const v1::AmendCommand& amend = command.amend();
  auto before = StoredRequest(amend.request_id(), txn);
  if (!before.ok()) return before.status();
  auto fields = CanonicalApplicantFields(amend.amended().applicant_fields());
  if (!fields.ok()) return fields.status();
  v1::Event event;
  event.set_request_id(before->id());
  event.set_sequence(before->event_count() + 1);
  *event.mutable_on() = ToCivil(today());
  event.set_actor(maker());
  event.set_calendar_generation(generation());
  *event.mutable_intake_amended() = amend.amended();
  event.mutable_intake_amended()->set_applicant_fields(*fields);
  const MachineContext context{calendar(), options_.policy, today()};
  auto after = Apply(*before, event, context);
  if (!after.ok()) return after.status();
  // The receipt counters of a locked year keep their figures.
  if (MovesReceiptCounters(event.intake_amended())) {
    GONGKAI_RETURN_IF_ERROR(CheckYearOpen(FromCivilTrusted(before->received_on()), txn));
  }
  if (IsSet(event.intake_amended().received_on())) {
    GONGKAI_RETURN_IF_ERROR(
        CheckAmendedReceipt(*before, FromCivilTrusted(after->received_on()), txn));
  }
  GONGKAI_RETURN_IF_ERROR(SaveStep(*before, *after, event, txn));
  if (!fields->empty()) GONGKAI_RETURN_IF_ERROR(AmendApplicant(*after, amend, *fields, txn));
  return AmendReply(*before, *after, event.intake_amended());
}

StatusOr<v1::Reply> Ledger::AmendReply(const v1::RequestState& before,
                                       const v1::RequestState& after,
                                       const v1::IntakeAmended& amended) {
  auto was = ComputeDeadline(before, calendar(), options_.policy, false);
  if (!was.ok()) return was.status();
  auto now = ComputeDeadline(after, calendar(), options_.policy, /*explain_how=*/true);
  if (!now.ok()) return now.status();
  v1::Reply reply = ReplyFor(OkStatus());
  reply.set_request_id(after.id());
  if (now->due_date) *reply.mutable_due_date() = ToCivil(*now->due_date);
  std::string message = StrCat({"amended ", ChangedWords(amended)});
  if (was->due_date != now->due_date) {
    message +=
        StrCat({" (received ", FormatCivil(after.received_on()), ": the due date moves from ",
                DueWords(was->due_date), " to ", DueWords(now->due_date), ")"});
  }
  reply.set_message(message);
  std::string explanation;
  for (const auto& line : now->explanation) explanation += StrCat({line, "\n"});
  reply.set_text(explanation);  // How the due date is reached now.
  return reply;
}

}  // namespace gongkai
