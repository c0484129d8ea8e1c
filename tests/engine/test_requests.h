// Small builders shared by the engine tests: one factory per kind of the
// v1::Event oneof, and helpers that replay a request's events through
// engine::Apply the way the ledger does (Calendar::Builtin(), a
// DeadlinePolicy, a fixed "today").
//
// Every factory dates its event and names the request kTestRequestId; the
// replay helpers number the events (sequence 1, 2, ...). Nothing here
// depends on Catch2, so any test executable may use it.
#ifndef GONGKAI_TESTS_ENGINE_TEST_REQUESTS_H_
#define GONGKAI_TESTS_ENGINE_TEST_REQUESTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/calendar.h"
#include "engine/date.h"
#include "engine/deadline.h"
#include "engine/policy.h"
#include "engine/request_machine.h"
#include "engine/status.h"
#include "gongkai/v1/events.pb.h"
#include "gongkai/v1/request.pb.h"

namespace gongkai::test {

inline constexpr char kTestRequestId[] = "test-request-1";
inline constexpr char kTestAgency[] = "210302";  // 铁东区 (DOMAIN.md).
inline constexpr char kTestSubject[] = "2012年城市道路维修资金使用情况";
inline constexpr char kTestApprover[] = "公开办负责人李主任";
// Personal data given at intake; it must never reach the request's state.
inline constexpr char kTestApplicantName[] = "王小明";
inline constexpr char kTestApplicantIdNumber[] = "210302198001011234";
inline constexpr char kTestApplicantPhone[] = "13904120000";

// A valid date (the caller guarantees it exists).
Date Day(int year, unsigned month, unsigned day);
// Raw fields, not validated: lets a test build 2023-02-29.
v1::CivilDate Civil(int year, int month, int day);

// "2012-10-25"; "unset" for an unset CivilDate or an empty optional.
std::string Str(Date date);
std::string Str(const std::optional<Date>& date);
std::string Str(const v1::CivilDate& date);

// A policy that pins the regime whatever the receipt date.
DeadlinePolicy PinnedPolicy(v1::Regime regime);

// One factory per event kind. Defaults give a valid event.
v1::Event Received(Date on, v1::Channel channel = v1::CHANNEL_IN_PERSON,
                   v1::ApplicantType applicant_type = v1::APPLICANT_TYPE_NATURAL_PERSON);
v1::Event AnsweredOnTheSpot(Date on, v1::Outcome outcome = v1::OUTCOME_GRANTED);
v1::Event CorrectionRequested(Date on, int window_days = 0);
v1::Event CorrectionReceived(Date on);
v1::Event CorrectionLapsed(Date on);
v1::Event ConsultationStarted(Date on, const std::string& party = "市自然资源局");
// Without a party: the only open consultation ends.
v1::Event ConsultationEnded(Date on, const std::string& party = "");
v1::Event ExtensionApproved(Date on, int days = 0, const std::string& approved_by = kTestApprover);
v1::Event FeeNoticeIssued(Date on, int64_t amount_fen = 12000);
v1::Event FeePaid(Date on);
v1::Event FeeLapsed(Date on);
v1::Event Decided(Date on, v1::Outcome outcome = v1::OUTCOME_GRANTED);
v1::Event Delivered(Date on);
v1::Event Withdrawn(Date on);
v1::Event AppealFiled(Date on, v1::AppealKind kind = v1::APPEAL_KIND_RECONSIDERATION);
v1::Event AppealResolved(Date on, v1::AppealKind kind = v1::APPEAL_KIND_RECONSIDERATION,
                         v1::AppealResult result = v1::APPEAL_RESULT_UPHELD);
v1::Event DeadlineRecomputed(Date on, const std::string& reason = "calendar notice loaded");
v1::Event ApplicantErased(Date on, const std::string& reason = "retention period passed");
// An amendment with its reason and nothing to change yet: the test sets
// the fields it amends.
v1::Event IntakeAmended(Date on, const std::string& reason = "登记时笔误");
// An event with a date but no body (the oneof unset).
v1::Event EmptyEvent(Date on);

// "Today" for the replays unless a test gives one: later than every event
// the tests record.
Date DefaultToday();

// The outcome of applying a list of events in order.
struct Replay {
  v1::RequestState state;  // After the last accepted event.
  Status refusal;          // The first refusal; OK when every event was accepted.
  size_t accepted = 0;     // How many events were accepted before it.
};

// Applies `events` in order to an empty state, stopping at the first refusal.
// `calendar` defaults to Calendar::Builtin().
Replay ApplyEvents(const std::vector<v1::Event>& events, const DeadlinePolicy& policy = {},
                   std::optional<Date> today = std::nullopt, const Calendar* calendar = nullptr);

// The final state, or the first refusal.
StatusOr<v1::RequestState> ApplyAll(const std::vector<v1::Event>& events,
                                    const DeadlinePolicy& policy = {},
                                    std::optional<Date> today = std::nullopt);

// Applies one more event to `state` (its sequence is event_count + 1).
StatusOr<v1::RequestState> ApplyOne(const v1::RequestState& state, v1::Event event,
                                    const DeadlinePolicy& policy = {},
                                    std::optional<Date> today = std::nullopt,
                                    const Calendar* calendar = nullptr);

// ComputeDeadline / AlertSchedule with the builtin calendar.
StatusOr<Deadline> DeadlineOf(const v1::RequestState& state, const DeadlinePolicy& policy = {});
StatusOr<std::vector<ScheduledAlert>> ScheduleOf(const v1::RequestState& state,
                                                 const DeadlinePolicy& policy = {});

// The explanation's sentences joined with '\n', for substring checks.
std::string JoinedExplanation(const Deadline& deadline);

}  // namespace gongkai::test

#endif  // GONGKAI_TESTS_ENGINE_TEST_REQUESTS_H_
