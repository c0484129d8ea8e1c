#include "tests/engine/test_requests.h"

#include <utility>

#include "engine/civil_date.h"

namespace gongkai::test {
namespace {

v1::Event Dated(Date on) {
  v1::Event event;
  event.set_request_id(kTestRequestId);
  *event.mutable_on() = ToCivil(on);
  event.set_actor("经办人张三");
  return event;
}

const Calendar& CalendarOr(const Calendar* calendar) {
  return calendar != nullptr ? *calendar : *Calendar::Builtin();
}

}  // namespace

Date Day(int year, unsigned month, unsigned day) { return MakeDate(year, month, day); }

v1::CivilDate Civil(int year, int month, int day) {
  v1::CivilDate date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

std::string Str(Date date) { return FormatDate(date); }

std::string Str(const std::optional<Date>& date) {
  return date ? FormatDate(*date) : std::string("unset");
}

std::string Str(const v1::CivilDate& date) {
  if (!IsSet(date)) return "unset";
  auto parsed = FromCivil(date);
  if (!parsed.ok()) {
    return std::to_string(date.year()) + "-" + std::to_string(date.month()) + "-" +
           std::to_string(date.day()) + " (invalid)";
  }
  return FormatDate(*parsed);
}

DeadlinePolicy PinnedPolicy(v1::Regime regime) {
  DeadlinePolicy policy;
  policy.pinned_regime = regime;
  return policy;
}

v1::Event Received(Date on, v1::Channel channel, v1::ApplicantType applicant_type) {
  v1::Event event = Dated(on);
  auto* r = event.mutable_received();
  r->set_agency_code(kTestAgency);
  r->set_channel(channel);
  r->set_applicant_type(applicant_type);
  r->set_subject(kTestSubject);
  r->mutable_applicant()->set_name(kTestApplicantName);
  r->mutable_applicant()->set_id_number(kTestApplicantIdNumber);
  r->mutable_applicant()->set_phone(kTestApplicantPhone);
  r->mutable_applicant()->set_address("鞍山市铁东区二一九路1号");
  r->set_entered_at_unix(1348790400);  // 2012-09-28 08:00 +08:00.
  return event;
}

v1::Event AnsweredOnTheSpot(Date on, v1::Outcome outcome) {
  v1::Event event = Dated(on);
  event.mutable_answered_on_the_spot()->set_outcome(outcome);
  event.mutable_answered_on_the_spot()->set_note("当场答复");
  return event;
}

v1::Event CorrectionRequested(Date on, int window_days) {
  v1::Event event = Dated(on);
  event.mutable_correction_requested()->set_window_days(window_days);
  return event;
}

v1::Event CorrectionReceived(Date on) {
  v1::Event event = Dated(on);
  event.mutable_correction_received();
  return event;
}

v1::Event CorrectionLapsed(Date on) {
  v1::Event event = Dated(on);
  event.mutable_correction_lapsed();
  return event;
}

v1::Event ConsultationStarted(Date on, const std::string& party) {
  v1::Event event = Dated(on);
  event.mutable_consultation_started()->set_party(party);
  return event;
}

v1::Event ConsultationEnded(Date on, const std::string& party) {
  v1::Event event = Dated(on);
  event.mutable_consultation_ended()->set_party(party);
  return event;
}

v1::Event ExtensionApproved(Date on, int days, const std::string& approved_by) {
  v1::Event event = Dated(on);
  event.mutable_extension_approved()->set_days(days);
  event.mutable_extension_approved()->set_approved_by(approved_by);
  return event;
}

v1::Event FeeNoticeIssued(Date on, int64_t amount_fen) {
  v1::Event event = Dated(on);
  event.mutable_fee_notice_issued()->set_amount_fen(amount_fen);
  return event;
}

v1::Event FeePaid(Date on) {
  v1::Event event = Dated(on);
  event.mutable_fee_paid();
  return event;
}

v1::Event FeeLapsed(Date on) {
  v1::Event event = Dated(on);
  event.mutable_fee_lapsed();
  return event;
}

v1::Event Decided(Date on, v1::Outcome outcome) {
  v1::Event event = Dated(on);
  event.mutable_decided()->set_outcome(outcome);
  return event;
}

v1::Event Delivered(Date on) {
  v1::Event event = Dated(on);
  event.mutable_delivered();
  return event;
}

v1::Event Withdrawn(Date on) {
  v1::Event event = Dated(on);
  event.mutable_withdrawn();
  return event;
}

v1::Event AppealFiled(Date on, v1::AppealKind kind) {
  v1::Event event = Dated(on);
  event.mutable_appeal_filed()->set_kind(kind);
  return event;
}

v1::Event AppealResolved(Date on, v1::AppealKind kind, v1::AppealResult result) {
  v1::Event event = Dated(on);
  event.mutable_appeal_resolved()->set_kind(kind);
  event.mutable_appeal_resolved()->set_result(result);
  return event;
}

v1::Event DeadlineRecomputed(Date on, const std::string& reason) {
  v1::Event event = Dated(on);
  event.mutable_deadline_recomputed()->set_reason(reason);
  return event;
}

v1::Event ApplicantErased(Date on, const std::string& reason) {
  v1::Event event = Dated(on);
  event.mutable_applicant_erased()->set_reason(reason);
  return event;
}

v1::Event IntakeAmended(Date on, const std::string& reason) {
  v1::Event event = Dated(on);
  event.mutable_intake_amended()->set_reason(reason);
  return event;
}

v1::Event EmptyEvent(Date on) { return Dated(on); }

Date DefaultToday() { return MakeDate(2030, 12, 31); }

Replay ApplyEvents(const std::vector<v1::Event>& events, const DeadlinePolicy& policy,
                   std::optional<Date> today, const Calendar* calendar) {
  Replay replay;
  const MachineContext context{CalendarOr(calendar), policy, today.value_or(DefaultToday())};
  for (const v1::Event& original : events) {
    v1::Event event = original;
    event.set_sequence(replay.accepted + 1);
    auto next = Apply(replay.state, event, context);
    if (!next.ok()) {
      replay.refusal = next.status();
      return replay;
    }
    replay.state = std::move(next).value();
    ++replay.accepted;
  }
  return replay;
}

StatusOr<v1::RequestState> ApplyAll(const std::vector<v1::Event>& events,
                                    const DeadlinePolicy& policy, std::optional<Date> today) {
  Replay replay = ApplyEvents(events, policy, today);
  if (!replay.refusal.ok()) return replay.refusal;
  return std::move(replay.state);
}

StatusOr<v1::RequestState> ApplyOne(const v1::RequestState& state, v1::Event event,
                                    const DeadlinePolicy& policy, std::optional<Date> today,
                                    const Calendar* calendar) {
  const MachineContext context{CalendarOr(calendar), policy, today.value_or(DefaultToday())};
  event.set_sequence(state.event_count() + 1);
  return Apply(state, event, context);
}

StatusOr<Deadline> DeadlineOf(const v1::RequestState& state, const DeadlinePolicy& policy) {
  return ComputeDeadline(state, *Calendar::Builtin(), policy);
}

StatusOr<std::vector<ScheduledAlert>> ScheduleOf(const v1::RequestState& state,
                                                 const DeadlinePolicy& policy) {
  return AlertSchedule(state, *Calendar::Builtin(), policy);
}

std::string JoinedExplanation(const Deadline& deadline) {
  std::string joined;
  for (const std::string& sentence : deadline.explanation) {
    if (!joined.empty()) joined += '\n';
    joined += sentence;
  }
  return joined;
}

}  // namespace gongkai::test
