#include "engine/request_machine.h"

#include <algorithm>

#include "engine/civil_date.h"
#include "engine/codes.h"
#include "engine/deadline.h"
#include "engine/request_amend.h"
#include "engine/request_appeals.h"

namespace gongkai {
namespace {

using v1::Event;
using v1::RequestState;

constexpr size_t kMaxShortText = 200;  // Names, parties, agency codes.
constexpr size_t kMaxLongText = 4000;  // Subjects and notes (bytes).
constexpr int kMaxCorrectionWindow = 60;
constexpr int64_t kMaxFeeFen = 100'000'000'00;  // 100 million yuan.

struct Step {
  const RequestState& before;
  RequestState& after;
  const Event& event;
  Date on;
  const MachineContext& context;
  const RegimeRules& rules;
};

Status CheckText(const std::string& text, std::string_view what, size_t max, bool required) {
  if (required && text.empty()) return InvalidArgumentError(std::string(what) + " is missing");
  if (text.size() > max) {
    return InvalidArgumentError(std::string(what) + " is " + std::to_string(text.size()) +
                                " bytes long; at most " + std::to_string(max) + " are accepted");
  }
  return OkStatus();
}

Status RefuseWhileAwaitingCorrection(const RequestState& state, std::string_view what) {
  if (state.status() != v1::REQUEST_STATUS_AWAITING_CORRECTION) return OkStatus();
  return FailedPreconditionError(
      "a correction requested " + FormatCivil(state.correction_requested_on()) +
      " is awaited: record the corrected request or its lapse before " + std::string(what));
}

// Why `what` (a decision, a correction request) cannot be recorded while the
// clock is stopped or a correction is awaited.
Status RefuseWhileWaiting(const RequestState& state, std::string_view what) {
  GONGKAI_RETURN_IF_ERROR(RefuseWhileAwaitingCorrection(state, what));
  for (const auto& pause : state.pauses()) {
    if (IsSet(pause.to())) continue;
    if (pause.kind() == v1::PAUSE_KIND_FEE) {
      return FailedPreconditionError("the fee notice of " + FormatCivil(pause.from()) +
                                     " is unpaid: record the payment or its lapse before " +
                                     std::string(what));
    }
    return FailedPreconditionError(
        "the consultation of " +
        (pause.party().empty() ? std::string("a third party") : pause.party()) + " started " +
        FormatCivil(pause.from()) + " is still open: record its end before " + std::string(what));
  }
  return OkStatus();
}

// Nothing revives an elapsed period (DOMAIN.md): `what` must happen on or
// before the due date in force. While the clock is stopped the period has
// not elapsed.
Status RefuseAfterDueDate(const Step& s, std::string_view what, std::string_view article) {
  auto deadline = ComputeDeadline(s.before, s.context.calendar, s.context.policy, false);
  if (!deadline.ok()) return deadline.status();
  if (!deadline->due_date || s.on <= *deadline->due_date) return OkStatus();
  return FailedPreconditionError("the period to answer ran out on " +
                                 FormatDate(*deadline->due_date) + ": " + std::string(what) +
                                 " must be recorded on or before the due date in force (" +
                                 std::string(article) + "); nothing revives an elapsed period");
}

Status CheckOutcome(const RequestState& state, v1::Outcome outcome) {
  if (!IsKnownCode<v1::Outcome>(outcome)) {
    return InvalidArgumentError(
        "the outcome is missing or unknown: use one of the codes of "
        "the 2021 report rows (granted, partly_granted, ...)");
  }
  if (outcome == v1::OUTCOME_OTHER_NO_CORRECTION) {
    return FailedPreconditionError(
        "other_no_correction is recorded by a correction lapse, "
        "not by a decision");
  }
  if (outcome == v1::OUTCOME_OTHER_FEE_UNPAID) {
    return FailedPreconditionError(
        "other_fee_unpaid is recorded by a fee lapse, not by a "
        "decision");
  }
  if (outcome == v1::OUTCOME_UNABLE_STILL_UNCLEAR && !IsSet(state.correction_received_on())) {
    return FailedPreconditionError(
        "unable_still_unclear means unclear after a correction "
        "(补正后申请内容仍不明确), and no corrected request was received");
  }
  return OkStatus();
}

// A decided request is late when it was closed after the due date in force
// on the closing day (with the stops that ran then counted up to it).
StatusOr<bool> LateWhenClosed(const RequestState& closed, const MachineContext& context) {
  if (closed.status() != v1::REQUEST_STATUS_DECIDED &&
      closed.status() != v1::REQUEST_STATUS_DELIVERED) {
    return false;
  }
  auto deadline = ComputeDeadline(closed, context.calendar, context.policy, false);
  if (!deadline.ok()) return deadline.status();
  return deadline->due_date && FromCivilTrusted(closed.closed_on()) > *deadline->due_date;
}

// The figures of a closed request that depend on the calendar.
Status SetClosingFigures(RequestState& state, const MachineContext& context) {
  state.set_reply_days(context.calendar.WorkingDaysBetween(FromCivilTrusted(state.received_on()),
                                                           FromCivilTrusted(state.closed_on())));
  auto late = LateWhenClosed(state, context);
  if (!late.ok()) return late.status();
  state.set_late(*late);
  return OkStatus();
}

// Closes the request on `s.on`; a stop still running ends that day.
Status Close(Step& s, v1::RequestStatus status, v1::Outcome outcome) {
  RequestState& state = s.after;
  for (auto& pause : *state.mutable_pauses()) {
    if (!IsSet(pause.to())) *pause.mutable_to() = ToCivil(s.on);
  }
  state.set_status(status);
  state.set_outcome(outcome);
  *state.mutable_closed_on() = ToCivil(s.on);
  return SetClosingFigures(state, s.context);
}

Status OnReceived(Step& s) {
  const auto& r = s.event.received();
  if (!s.before.id().empty()) {
    return FailedPreconditionError("request " + s.before.id() + " is already registered");
  }
  GONGKAI_RETURN_IF_ERROR(CheckText(s.event.request_id(), "the request id", kMaxShortText, true));
  GONGKAI_RETURN_IF_ERROR(CheckText(r.agency_code(), "the agency code", kMaxShortText, true));
  if (s.on < RegulationsInForceDate()) {
    return InvalidArgumentError(
        "the receipt date " + FormatDate(s.on) + " is before " +
        FormatDate(RegulationsInForceDate()) +
        ", when the Regulations on Open Government Information entered into force: such a "
        "request is not one the engine can track");
  }
  if (!IsKnownCode<v1::Channel>(r.channel())) {
    return InvalidArgumentError("the channel is missing or unknown: use one of " +
                                std::string("in_person, registered_mail, ordinary_mail, "
                                            "online, fax, email, other"));
  }
  if (!IsKnownCode<v1::ApplicantType>(r.applicant_type())) {
    return InvalidArgumentError(
        "the applicant type is missing or unknown: use one of "
        "natural_person, business, research, nonprofit, "
        "legal_services, other_org");
  }
  GONGKAI_RETURN_IF_ERROR(CheckText(r.subject(), "the subject", kMaxLongText, true));
  GONGKAI_RETURN_IF_ERROR(
      CheckText(r.applicant().name(), "the applicant's name", kMaxShortText, true));
  for (const std::string* field : {&r.applicant().id_number(), &r.applicant().phone(),
                                   &r.applicant().address(), &r.applicant().contact()}) {
    GONGKAI_RETURN_IF_ERROR(
        CheckText(*field, "an applicant contact field", kMaxShortText * 2, false));
  }
  RequestState& a = s.after;
  a.set_id(s.event.request_id());
  a.set_agency_code(r.agency_code());
  a.set_channel(r.channel());
  a.set_applicant_type(r.applicant_type());
  a.set_subject(r.subject());
  *a.mutable_received_on() = ToCivil(s.on);
  *a.mutable_period_start() = ToCivil(s.on);
  a.set_regime(s.context.policy.RegimeFor(s.on));
  a.set_period_days(RulesFor(a.regime()).period);
  a.set_status(v1::REQUEST_STATUS_OPEN);
  a.set_deadline_version(1);
  return OkStatus();
}

Status OnAnsweredOnTheSpot(Step& s) {
  if (s.before.event_count() != 1 || s.before.status() != v1::REQUEST_STATUS_OPEN ||
      s.on != FromCivilTrusted(s.before.received_on())) {
    return FailedPreconditionError(
        "an on-the-spot answer is given the day the request is "
        "received (" +
        FormatCivil(s.before.received_on()) + "), before anything else happens");
  }
  GONGKAI_RETURN_IF_ERROR(CheckOutcome(s.before, s.event.answered_on_the_spot().outcome()));
  GONGKAI_RETURN_IF_ERROR(
      CheckText(s.event.answered_on_the_spot().note(), "the note", kMaxLongText, false));
  s.after.set_on_the_spot(true);
  return Close(s, v1::REQUEST_STATUS_DECIDED, s.event.answered_on_the_spot().outcome());
}

Status OnCorrectionRequested(Step& s) {
  GONGKAI_RETURN_IF_ERROR(RefuseWhileWaiting(s.before, "asking for a correction"));
  if (s.rules.correction_once && s.before.corrections_requested() > 0) {
    return FailedPreconditionError("a correction was already requested on " +
                                   FormatCivil(s.before.correction_requested_on()) + ": " +
                                   std::string(s.rules.correction_article) + " allows asking once");
  }
  auto limit = CorrectionAskLimit(s.before, s.context.calendar, s.context.policy);
  if (!limit.ok()) return limit.status();
  if (*limit && s.on > **limit) {
    const bool within_days = s.rules.correction_ask_within > 0;
    return FailedPreconditionError(
        "a correction can no longer be asked: " +
        (within_days ? "the " + std::to_string(s.rules.correction_ask_within) +
                           " working days after receipt ended on "
                     : std::string("the period to answer ran out on ")) +
        FormatDate(**limit) + " (" + std::string(s.rules.correction_article) +
        "); nothing revives an elapsed period");
  }
  int window = s.event.correction_requested().window_days();
  if (window < 0 || window > kMaxCorrectionWindow) {
    return InvalidArgumentError("the correction window is " + std::to_string(window) +
                                " working days; give 1 to " + std::to_string(kMaxCorrectionWindow) +
                                " (or 0 for the default)");
  }
  if (window == 0) window = s.context.policy.default_correction_window;
  s.after.set_status(v1::REQUEST_STATUS_AWAITING_CORRECTION);
  s.after.set_corrections_requested(s.before.corrections_requested() + 1);
  *s.after.mutable_correction_requested_on() = ToCivil(s.on);
  s.after.set_correction_window_days(window);
  return OkStatus();
}

Status OnCorrectionReceived(Step& s) {
  if (s.before.status() != v1::REQUEST_STATUS_AWAITING_CORRECTION) {
    return FailedPreconditionError("no correction is awaited: ask for one first");
  }
  // A fresh period from the corrected request's receipt: earlier stops and
  // the earlier extension no longer count (DOMAIN.md).
  RequestState& a = s.after;
  a.set_status(v1::REQUEST_STATUS_OPEN);
  *a.mutable_correction_received_on() = ToCivil(s.on);
  *a.mutable_period_start() = ToCivil(s.on);
  a.clear_pauses();
  a.set_extension_days(0);
  a.clear_extension_approved_by();
  a.clear_extension_approved_on();
  return OkStatus();
}

// Refuses a lapse recorded before the applicant's time has run out.
Status CheckWindowPassed(const Step& s, const v1::CivilDate& from, int window,
                         std::string_view what, std::string_view article) {
  auto end = s.context.calendar.AddWorkingDays(FromCivilTrusted(from), window);
  if (!end.ok()) return end.status();
  if (s.on <= end->date) {
    return FailedPreconditionError(
        "the applicant has until " + FormatDate(end->date) + " to " + std::string(what) + " (" +
        std::to_string(window) + " working days from " + FormatCivil(from) + ", " +
        std::string(article) + "): a lapse can be recorded after that day");
  }
  return OkStatus();
}

Status OnCorrectionLapsed(Step& s) {
  if (s.before.status() != v1::REQUEST_STATUS_AWAITING_CORRECTION) {
    return FailedPreconditionError("no correction is awaited, so none can lapse");
  }
  GONGKAI_RETURN_IF_ERROR(CheckWindowPassed(s, s.before.correction_requested_on(),
                                            s.before.correction_window_days(), "correct",
                                            s.rules.correction_article));
  return Close(s, v1::REQUEST_STATUS_LAPSED, v1::OUTCOME_OTHER_NO_CORRECTION);
}

// The running stops of `kind` (and of `party`, when given).
std::vector<v1::Pause*> RunningPauses(RequestState& state, v1::PauseKind kind,
                                      const std::string* party = nullptr) {
  std::vector<v1::Pause*> found;
  for (auto& pause : *state.mutable_pauses()) {
    if (pause.kind() == kind && !IsSet(pause.to()) && (!party || pause.party() == *party)) {
      found.push_back(&pause);
    }
  }
  return found;
}

// A new stop, refused once the period has run out (DOMAIN.md: a stop must
// start on or before the due date in force).
Status StartPause(Step& s, v1::PauseKind kind, std::string_view what, std::string_view article) {
  GONGKAI_RETURN_IF_ERROR(RefuseWhileAwaitingCorrection(s.before, what));
  GONGKAI_RETURN_IF_ERROR(RefuseAfterDueDate(s, what, article));
  v1::Pause* pause = s.after.add_pauses();
  pause->set_kind(kind);
  *pause->mutable_from() = ToCivil(s.on);
  return OkStatus();
}

Status OnConsultationStarted(Step& s) {
  const std::string& party = s.event.consultation_started().party();
  GONGKAI_RETURN_IF_ERROR(CheckText(party, "the consulted party", kMaxShortText, false));
  if (party.empty()) {
    return InvalidArgumentError(
        "name the third party or agency consulted (--party): several may be consulted at "
        "once, each by name");
  }
  if (!RunningPauses(s.after, v1::PAUSE_KIND_CONSULTATION, &party).empty()) {
    return FailedPreconditionError("the consultation of " + party +
                                   " is already open: record its end first");
  }
  GONGKAI_RETURN_IF_ERROR(
      StartPause(s, v1::PAUSE_KIND_CONSULTATION, "a consultation", s.rules.consultation_article));
  s.after.mutable_pauses()->rbegin()->set_party(party);
  return OkStatus();
}

Status OnConsultationEnded(Step& s) {
  const std::string& party = s.event.consultation_ended().party();
  GONGKAI_RETURN_IF_ERROR(CheckText(party, "the consulted party", kMaxShortText, false));
  std::vector<v1::Pause*> open = RunningPauses(s.after, v1::PAUSE_KIND_CONSULTATION);
  if (open.empty()) return FailedPreconditionError("no consultation is under way");
  if (party.empty() && open.size() > 1) {
    std::string parties;
    for (const v1::Pause* pause : open) parties += (parties.empty() ? "" : ", ") + pause->party();
    return FailedPreconditionError("several consultations are open (" + parties +
                                   "): say which one ended (--party)");
  }
  if (!party.empty()) open = RunningPauses(s.after, v1::PAUSE_KIND_CONSULTATION, &party);
  if (open.empty()) {
    return FailedPreconditionError("no consultation of " + party + " is under way");
  }
  *open.front()->mutable_to() = ToCivil(s.on);
  return OkStatus();
}

Status OnExtensionApproved(Step& s) {
  const auto& e = s.event.extension_approved();
  const std::string limit = std::string(s.rules.period_article) +
                            " allows one extension of at most " +
                            std::to_string(s.rules.max_extension) + " working days";
  if (s.before.status() == v1::REQUEST_STATUS_AWAITING_CORRECTION) {
    return FailedPreconditionError(
        "no period runs while a correction is awaited: extend "
        "after the corrected request is received");
  }
  if (s.before.extension_days() > 0) {
    return FailedPreconditionError("the extension was already used on " +
                                   FormatCivil(s.before.extension_approved_on()) + ": " + limit);
  }
  GONGKAI_RETURN_IF_ERROR(RefuseAfterDueDate(s, "an extension", s.rules.period_article));
  if (e.approved_by().empty()) {
    return InvalidArgumentError(
        "the approver is missing: only the head of the OGI office may "
        "approve an extension (" +
        std::string(s.rules.period_article) + ")");
  }
  GONGKAI_RETURN_IF_ERROR(CheckText(e.approved_by(), "the approver", kMaxShortText, true));
  const int days = e.days() == 0 ? s.rules.max_extension : e.days();
  if (days < 1 || days > s.rules.max_extension) {
    return InvalidArgumentError("an extension of " + std::to_string(e.days()) +
                                " working days is not allowed: " + limit);
  }
  s.after.set_extension_days(days);
  s.after.set_extension_approved_by(e.approved_by());
  *s.after.mutable_extension_approved_on() = ToCivil(s.on);
  return OkStatus();
}

Status OnFeeNoticeIssued(Step& s) {
  const int64_t amount = s.event.fee_notice_issued().amount_fen();
  if (amount <= 0 || amount > kMaxFeeFen) {
    return InvalidArgumentError("the fee must be a positive amount of at most 100000000 yuan");
  }
  if (!RunningPauses(s.after, v1::PAUSE_KIND_FEE).empty()) {
    return FailedPreconditionError("the fee notice of " + FormatCivil(s.before.fee_notice_on()) +
                                   " is still unpaid: record its payment or lapse first");
  }
  GONGKAI_RETURN_IF_ERROR(StartPause(s, v1::PAUSE_KIND_FEE, "a fee notice", s.rules.fee_article));
  s.after.set_fee_amount_fen(amount);
  *s.after.mutable_fee_notice_on() = ToCivil(s.on);
  return OkStatus();
}

// The running fee stop, or failed_precondition saying `refusal`.
StatusOr<v1::Pause*> RunningFee(Step& s, std::string_view refusal) {
  std::vector<v1::Pause*> open = RunningPauses(s.after, v1::PAUSE_KIND_FEE);
  if (open.empty()) return FailedPreconditionError(std::string(refusal));
  return open.front();
}

Status OnFeePaid(Step& s) {
  auto fee = RunningFee(s, "no fee notice is awaiting payment");
  if (!fee.ok()) return fee.status();
  auto limit =
      FeePaymentLimit(s.before, FromCivilTrusted(s.before.fee_notice_on()), s.context.calendar);
  if (!limit.ok()) return limit.status();
  if (s.on > *limit) {
    return FailedPreconditionError(
        "the payment window of the fee notice of " + FormatCivil(s.before.fee_notice_on()) +
        " closed on " + FormatDate(*limit) + " (" + std::to_string(s.rules.fee_payment_window) +
        " working days, " + std::string(s.rules.fee_article) +
        "): record the lapse (fee-lapse) instead");
  }
  *(*fee)->mutable_to() = ToCivil(s.on);
  // Every notice paid adds to the fees paid (a later notice may follow a paid
  // one): the report counts each payment in its year.
  s.after.set_fee_paid_fen(s.before.fee_paid_fen() + s.before.fee_amount_fen());
  return OkStatus();
}

Status OnFeeLapsed(Step& s) {
  auto fee = RunningFee(s, "no fee notice is awaiting payment, so none can lapse");
  if (!fee.ok()) return fee.status();
  GONGKAI_RETURN_IF_ERROR(CheckWindowPassed(s, s.before.fee_notice_on(), s.rules.fee_payment_window,
                                            "pay", s.rules.fee_article));
  return Close(s, v1::REQUEST_STATUS_LAPSED, v1::OUTCOME_OTHER_FEE_UNPAID);
}

Status OnDecided(Step& s) {
  GONGKAI_RETURN_IF_ERROR(RefuseWhileWaiting(s.before, "the decision"));
  GONGKAI_RETURN_IF_ERROR(CheckOutcome(s.before, s.event.decided().outcome()));
  GONGKAI_RETURN_IF_ERROR(CheckText(s.event.decided().note(), "the note", kMaxLongText, false));
  return Close(s, v1::REQUEST_STATUS_DECIDED, s.event.decided().outcome());
}

Status OnDelivered(Step& s) {
  if (s.before.status() == v1::REQUEST_STATUS_DELIVERED) {
    return FailedPreconditionError("the answer was already delivered on " +
                                   FormatCivil(s.before.delivered_on()));
  }
  if (s.before.status() != v1::REQUEST_STATUS_DECIDED) {
    return FailedPreconditionError("there is no decision to deliver: the request is " +
                                   CodeWords(s.before.status()));
  }
  s.after.set_status(v1::REQUEST_STATUS_DELIVERED);
  *s.after.mutable_delivered_on() = ToCivil(s.on);
  return OkStatus();
}

Status OnWithdrawn(Step& s) { return Close(s, v1::REQUEST_STATUS_WITHDRAWN, v1::OUTCOME_OTHER); }

Status OnDeadlineRecomputed(Step& s) {
  GONGKAI_RETURN_IF_ERROR(
      CheckText(s.event.deadline_recomputed().reason(), "the reason", kMaxLongText, true));
  // A closed request's figures follow the calendar of this event; an open
  // one's moved due date is caught by UpdateDeadlineVersion, which compares
  // with the due date stored for the current version.
  if (IsClosed(s.before.status())) return SetClosingFigures(s.after, s.context);
  return OkStatus();
}

Status OnApplicantErased(Step& s) {
  GONGKAI_RETURN_IF_ERROR(
      CheckText(s.event.applicant_erased().reason(), "the reason", kMaxLongText, true));
  if (s.before.applicant_erased()) {
    return FailedPreconditionError("the applicant's personal data were already erased");
  }
  s.after.set_applicant_erased(true);
  return OkStatus();
}

Status Dispatch(Step& s) {
  switch (s.event.body_case()) {
    case Event::kReceived:
      return OnReceived(s);
    case Event::kAnsweredOnTheSpot:
      return OnAnsweredOnTheSpot(s);
    case Event::kCorrectionRequested:
      return OnCorrectionRequested(s);
    case Event::kCorrectionReceived:
      return OnCorrectionReceived(s);
    case Event::kCorrectionLapsed:
      return OnCorrectionLapsed(s);
    case Event::kConsultationStarted:
      return OnConsultationStarted(s);
    case Event::kConsultationEnded:
      return OnConsultationEnded(s);
    case Event::kExtensionApproved:
      return OnExtensionApproved(s);
    case Event::kFeeNoticeIssued:
      return OnFeeNoticeIssued(s);
    case Event::kFeePaid:
      return OnFeePaid(s);
    case Event::kFeeLapsed:
      return OnFeeLapsed(s);
    case Event::kDecided:
      return OnDecided(s);
    case Event::kDelivered:
      return OnDelivered(s);
    case Event::kWithdrawn:
      return OnWithdrawn(s);
    case Event::kAppealFiled:
      return ApplyAppealFiled(s.before, s.event.appeal_filed(), s.on, s.after);
    case Event::kAppealResolved:
      return ApplyAppealResolved(s.before, s.event.appeal_resolved(), s.on, s.after);
    case Event::kDeadlineRecomputed:
      return OnDeadlineRecomputed(s);
    case Event::kApplicantErased:
      return OnApplicantErased(s);
    case Event::kIntakeAmended:
      return ApplyIntakeAmended(s.before, s.event.intake_amended(), s.on, s.context.policy,
                                s.after);
    case Event::BODY_NOT_SET:
      break;
  }
  return InvalidArgumentError("the event is empty or of an unknown kind");
}

bool AllowedWhenClosed(Event::BodyCase kind) {
  return kind == Event::kDelivered || kind == Event::kAppealFiled ||
         kind == Event::kAppealResolved || kind == Event::kDeadlineRecomputed ||
         kind == Event::kApplicantErased;
}

// While the request is neither closed nor awaiting a correction, its status
// says whether a stop runs: a fee notice first, then a consultation.
void SyncRunningStatus(RequestState& state) {
  const auto status = state.status();
  if (status != v1::REQUEST_STATUS_OPEN && status != v1::REQUEST_STATUS_CONSULTING &&
      status != v1::REQUEST_STATUS_AWAITING_FEE) {
    return;
  }
  bool fee = false, consultation = false;
  for (const auto& pause : state.pauses()) {
    if (IsSet(pause.to())) continue;
    (pause.kind() == v1::PAUSE_KIND_FEE ? fee : consultation) = true;
  }
  state.set_status(fee            ? v1::REQUEST_STATUS_AWAITING_FEE
                   : consultation ? v1::REQUEST_STATUS_CONSULTING
                                  : v1::REQUEST_STATUS_OPEN);
}

// Date rules common to every event (see the header).
Status CheckEventDate(const RequestState& state, const Event& event, Date on, Date today) {
  if (on > today) {
    return InvalidArgumentError(FormatDate(on) + " is after today (" + FormatDate(today) +
                                "): record an event once it has happened");
  }
  if (event.body_case() == Event::kReceived) return OkStatus();
  if (state.id().empty()) return FailedPreconditionError("the request is not registered");
  if (on < FromCivilTrusted(state.received_on())) {
    return FailedPreconditionError(FormatDate(on) + " is before the request was received (" +
                                   FormatCivil(state.received_on()) + ")");
  }
  if (IsSet(state.last_event_on()) && on < FromCivilTrusted(state.last_event_on())) {
    return FailedPreconditionError(FormatDate(on) +
                                   " is before the request's last recorded "
                                   "event (" +
                                   FormatCivil(state.last_event_on()) +
                                   "): events are recorded in date order");
  }
  if (IsClosed(state.status()) && event.body_case() == Event::kIntakeAmended) {
    return RefuseAmendWhenClosed(state);
  }
  if (IsClosed(state.status()) && !AllowedWhenClosed(event.body_case())) {
    return FailedPreconditionError("the request was closed on " + FormatCivil(state.closed_on()) +
                                   " (" + CodeWords(state.status()) +
                                   "): only delivery and appeals can be recorded now");
  }
  return OkStatus();
}

// A moved due date is a new deadline: bump the version so that the alert
// levels fire again for it. Compared with the due date of the current
// version, so a clock stop that excludes no working day changes nothing.
Status UpdateDeadlineVersion(const RequestState& before, RequestState& after,
                             const MachineContext& context) {
  auto deadline = ComputeDeadline(after, context.calendar, context.policy, false);
  if (!deadline.ok()) return deadline.status();
  if (!deadline->due_date) return OkStatus();
  const v1::CivilDate due = ToCivil(*deadline->due_date);
  const bool moved = !IsSet(before.versioned_due_date()) ||
                     FromCivilTrusted(before.versioned_due_date()) != *deadline->due_date;
  if (moved && !before.id().empty() && after.deadline_version() == before.deadline_version()) {
    after.set_deadline_version(before.deadline_version() + 1);
  }
  *after.mutable_versioned_due_date() = due;
  return OkStatus();
}

}  // namespace

std::optional<Date> EraseDueOn(const RequestState& state, int retention_years) {
  if (!IsClosed(state.status()) || state.applicant_erased() || retention_years <= 0) {
    return std::nullopt;
  }
  Date last = FromCivilTrusted(state.closed_on());
  for (const auto& appeal : state.appeals()) {
    if (appeal.result() == v1::APPEAL_RESULT_UNSPECIFIED) return std::nullopt;  // Pending.
    last = std::max(last, FromCivilTrusted(appeal.resolved_on()));
  }
  const std::chrono::year_month_day day(last);
  std::chrono::year_month_day due = day + std::chrono::years(retention_years);
  if (!due.ok()) due = due.year() / due.month() / std::chrono::last;  // 02-29 -> 02-28.
  return Date(due);
}

bool IsClosed(v1::RequestStatus status) {
  return status == v1::REQUEST_STATUS_DECIDED || status == v1::REQUEST_STATUS_DELIVERED ||
         status == v1::REQUEST_STATUS_WITHDRAWN || status == v1::REQUEST_STATUS_LAPSED;
}

StatusOr<RequestState> Apply(const RequestState& state, const Event& event,
                             const MachineContext& context) {
  auto on = FromCivil(event.on(), "the event's date");
  if (!on.ok()) return on.status();
  GONGKAI_RETURN_IF_ERROR(CheckEventDate(state, event, *on, context.today));
  if (event.body_case() != Event::kReceived && state.id().empty()) {
    return FailedPreconditionError("the request is not registered");
  }
  const v1::Regime regime = state.id().empty() ? context.policy.RegimeFor(*on) : state.regime();
  RequestState after = state;
  Step step{state, after, event, *on, context, RulesFor(regime)};
  GONGKAI_RETURN_IF_ERROR(Dispatch(step));
  SyncRunningStatus(after);
  after.set_event_count(state.event_count() + 1);
  *after.mutable_last_event_on() = ToCivil(*on);
  GONGKAI_RETURN_IF_ERROR(UpdateDeadlineVersion(state, after, context));
  return after;
}

}  // namespace gongkai
