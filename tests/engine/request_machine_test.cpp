// The request state machine (engine/request_machine.h): every event kind's
// effect on the state, and every refusal with its code and the rule it names.
//
// Dates used below (working days from engine/data/cn_working_days.cal, the
// day of receipt not counted; see deadline_test.cpp for the derivations):
//   2012-09-28 (Fri) received, 2008 rule: due 2012-10-25.
//   2019-05-15 (Wed) received, 2019 rule: due 2019-06-13.
#include "engine/request_machine.h"

#include <google/protobuf/util/message_differencer.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "engine/civil_date.h"
#include "engine/codes.h"
#include "tests/engine/test_requests.h"

namespace gongkai {
namespace {

using namespace gongkai::test;  // NOLINT: the builders are the vocabulary here.

// Checks that `status_expr` is a refusal with `expected_code` whose message
// contains `fragment` (the rule it enforces).
#define CHECK_REFUSAL(status_expr, expected_code, fragment)                                        \
  do {                                                                                             \
    const ::gongkai::Status refusal_ = (status_expr);                                              \
    INFO("refusal: " << refusal_.ToString());                                                      \
    CHECK_FALSE(refusal_.ok());                                                                    \
    CHECK(::gongkai::StatusCodeName(refusal_.code()) == ::gongkai::StatusCodeName(expected_code)); \
    CHECK_THAT(refusal_.message(), Catch::Matchers::Contains(std::string(fragment)));              \
  } while (false)

constexpr StatusCode kInvalid = StatusCode::kInvalidArgument;
constexpr StatusCode kPrecondition = StatusCode::kFailedPrecondition;

// The 2012 request (2008 rule, due 2012-10-25) and the 2019 one (due
// 2019-06-13).
const Date k2012Receipt = Day(2012, 9, 28);
const Date k2019Receipt = Day(2019, 5, 15);

// Applies `events`; every one but the last must be accepted. Returns the
// last one's result.
Status RefusalOfLast(const std::vector<v1::Event>& events, const DeadlinePolicy& policy = {},
                     std::optional<Date> today = std::nullopt) {
  Replay replay = ApplyEvents(events, policy, today);
  INFO("refusal: " << replay.refusal.ToString());
  REQUIRE(replay.accepted + 1 >= events.size());
  return replay.refusal;
}

// Applies `events`, all of which must be accepted.
v1::RequestState StateAfter(const std::vector<v1::Event>& events,
                            const DeadlinePolicy& policy = {}) {
  Replay replay = ApplyEvents(events, policy);
  INFO("refusal of event " << replay.accepted + 1 << ": " << replay.refusal.ToString());
  REQUIRE(replay.refusal.ok());
  return replay.state;
}

std::string DueOf(const v1::RequestState& state, const DeadlinePolicy& policy = {}) {
  auto deadline = DeadlineOf(state, policy);
  INFO(deadline.status().ToString());
  REQUIRE(deadline.ok());
  return Str(deadline->due_date);
}

bool SameMessage(const google::protobuf::Message& a, const google::protobuf::Message& b) {
  return google::protobuf::util::MessageDifferencer::Equals(a, b);
}

// ---------------------------------------------------------------------------
// Each event kind, applied in a valid state.

TEST_CASE("A received event registers an open request under the regime of its receipt date",
          "[engine][request_machine]") {
  SECTION("before 2019-05-15 the 2008 rule gives 15 working days") {
    const v1::RequestState state = StateAfter(
        {Received(k2012Receipt, v1::CHANNEL_REGISTERED_MAIL, v1::APPLICANT_TYPE_BUSINESS)});
    CHECK(state.id() == kTestRequestId);
    CHECK(state.agency_code() == kTestAgency);
    CHECK(state.channel() == v1::CHANNEL_REGISTERED_MAIL);
    CHECK(state.applicant_type() == v1::APPLICANT_TYPE_BUSINESS);
    CHECK(state.subject() == kTestSubject);
    CHECK(Str(state.received_on()) == "2012-09-28");
    CHECK(Str(state.period_start()) == "2012-09-28");
    CHECK(state.regime() == v1::REGIME_2008);
    CHECK(state.period_days() == 15);
    CHECK(state.status() == v1::REQUEST_STATUS_OPEN);
    CHECK(state.deadline_version() == 1);
    CHECK(state.event_count() == 1);
    CHECK(Str(state.last_event_on()) == "2012-09-28");
    CHECK(Str(state.closed_on()) == "unset");
    CHECK(state.outcome() == v1::OUTCOME_UNSPECIFIED);
    CHECK_FALSE(state.late());
    CHECK(state.pauses().empty());
    CHECK(state.extension_days() == 0);
    CHECK(DueOf(state) == "2012-10-25");
  }
  SECTION("from 2019-05-15 the 2019 rule gives 20 working days") {
    const v1::RequestState state = StateAfter({Received(k2019Receipt, v1::CHANNEL_ONLINE)});
    CHECK(state.regime() == v1::REGIME_2019);
    CHECK(state.period_days() == 20);
    CHECK(state.channel() == v1::CHANNEL_ONLINE);
    CHECK(DueOf(state) == "2019-06-13");
  }
  SECTION("a pinned regime overrides the receipt date") {
    const v1::RequestState state =
        StateAfter({Received(k2019Receipt)}, PinnedPolicy(v1::REGIME_2008));
    CHECK(state.regime() == v1::REGIME_2008);
    CHECK(state.period_days() == 15);
  }
}

TEST_CASE("The request's state never holds the applicant's personal data",
          "[engine][request_machine]") {
  const v1::RequestState state = StateAfter({Received(k2012Receipt), Decided(Day(2012, 10, 8))});
  const std::string text = state.DebugString() + state.SerializeAsString();
  CHECK(text.find(kTestApplicantName) == std::string::npos);
  CHECK(text.find(kTestApplicantIdNumber) == std::string::npos);
  CHECK(text.find(kTestApplicantPhone) == std::string::npos);
}

TEST_CASE("An answer on the spot closes the request as decided on the day of receipt",
          "[engine][request_machine]") {
  const v1::RequestState state = StateAfter(
      {Received(k2012Receipt), AnsweredOnTheSpot(k2012Receipt, v1::OUTCOME_UNABLE_NOT_HELD)});
  CHECK(state.status() == v1::REQUEST_STATUS_DECIDED);
  CHECK(IsClosed(state.status()));
  CHECK(state.outcome() == v1::OUTCOME_UNABLE_NOT_HELD);
  CHECK(state.on_the_spot());
  CHECK(Str(state.closed_on()) == "2012-09-28");
  CHECK_FALSE(state.late());
  CHECK(state.event_count() == 2);
  CHECK(state.deadline_version() == 1);
}

TEST_CASE("A correction request suspends the period until the corrected request arrives",
          "[engine][request_machine]") {
  SECTION("with the policy's default window") {
    DeadlinePolicy policy;
    policy.default_correction_window = 9;
    const v1::RequestState state =
        StateAfter({Received(k2012Receipt), CorrectionRequested(Day(2012, 10, 8))}, policy);
    CHECK(state.status() == v1::REQUEST_STATUS_AWAITING_CORRECTION);
    CHECK_FALSE(IsClosed(state.status()));
    CHECK(state.corrections_requested() == 1);
    CHECK(Str(state.correction_requested_on()) == "2012-10-08");
    CHECK(state.correction_window_days() == 9);
    CHECK(state.deadline_version() == 1);  // No due date while awaiting: nothing moved.
    CHECK(DueOf(state, policy) == "unset");
  }
  SECTION("with the officer's window") {
    const v1::RequestState state =
        StateAfter({Received(k2012Receipt), CorrectionRequested(Day(2012, 10, 8), 5)});
    CHECK(state.correction_window_days() == 5);
  }
}

TEST_CASE("A corrected request reopens the request, restarts the period and bumps the version",
          "[engine][request_machine]") {
  // 2008: received 2012-03-05, consultation 03-06..03-07, extension 03-07,
  // correction asked 03-08, corrected request received 2012-03-12.
  const v1::RequestState state =
      StateAfter({Received(Day(2012, 3, 5)), ConsultationStarted(Day(2012, 3, 6)),
                  ConsultationEnded(Day(2012, 3, 7)), ExtensionApproved(Day(2012, 3, 7)),
                  CorrectionRequested(Day(2012, 3, 8)), CorrectionReceived(Day(2012, 3, 12))});
  CHECK(state.status() == v1::REQUEST_STATUS_OPEN);
  CHECK(Str(state.correction_received_on()) == "2012-03-12");
  CHECK(Str(state.period_start()) == "2012-03-12");
  CHECK(Str(state.received_on()) == "2012-03-05");
  CHECK(state.pauses().empty());
  CHECK(state.extension_days() == 0);
  CHECK(state.extension_approved_by().empty());
  CHECK(Str(state.extension_approved_on()) == "unset");
  CHECK(state.corrections_requested() == 1);
  // Versions: 1 at receipt, 2 at the consultation's end, 3 at the extension,
  // 4 at the restart.
  CHECK(state.deadline_version() == 4);
  // 15 working days after 2012-03-12: the 15th is the make-up Saturday 03-31.
  CHECK(DueOf(state) == "2012-03-31");
}

TEST_CASE("A correction lapse after the window closes the request as other_no_correction",
          "[engine][request_machine]") {
  // Asked 2012-03-08 with 5 working days: 03-09, 12, 13, 14, 15. The lapse can
  // be recorded from 2012-03-16.
  const v1::RequestState state =
      StateAfter({Received(Day(2012, 3, 5)), CorrectionRequested(Day(2012, 3, 8), 5),
                  CorrectionLapsed(Day(2012, 3, 16))});
  CHECK(state.status() == v1::REQUEST_STATUS_LAPSED);
  CHECK(IsClosed(state.status()));
  CHECK(state.outcome() == v1::OUTCOME_OTHER_NO_CORRECTION);
  CHECK(Str(state.closed_on()) == "2012-03-16");
  CHECK_FALSE(state.late());
}

TEST_CASE("Starting a consultation stops the clock and records the consulted party",
          "[engine][request_machine]") {
  const v1::RequestState state =
      StateAfter({Received(k2012Receipt), ConsultationStarted(Day(2012, 10, 8), "鞍钢集团")});
  CHECK(state.status() == v1::REQUEST_STATUS_CONSULTING);
  CHECK_FALSE(IsClosed(state.status()));
  REQUIRE(state.pauses_size() == 1);
  CHECK(state.pauses(0).kind() == v1::PAUSE_KIND_CONSULTATION);
  CHECK(Str(state.pauses(0).from()) == "2012-10-08");
  CHECK(Str(state.pauses(0).to()) == "unset");
  CHECK(state.pauses(0).party() == "鞍钢集团");
  CHECK(state.deadline_version() == 1);
  CHECK(DueOf(state) == "unset");
}

TEST_CASE("Ending a consultation restarts the clock and moves the due date by the days excluded",
          "[engine][request_machine]") {
  // 2012-10-08..10-10 excludes 10-09 and 10-10: due 2012-10-25 + 2 = 2012-10-29.
  const v1::RequestState state =
      StateAfter({Received(k2012Receipt), ConsultationStarted(Day(2012, 10, 8)),
                  ConsultationEnded(Day(2012, 10, 10))});
  CHECK(state.status() == v1::REQUEST_STATUS_OPEN);
  REQUIRE(state.pauses_size() == 1);
  CHECK(Str(state.pauses(0).to()) == "2012-10-10");
  CHECK(state.deadline_version() == 2);
  CHECK(DueOf(state) == "2012-10-29");
}

TEST_CASE("An approved extension is recorded with its approver and moves the due date",
          "[engine][request_machine]") {
  SECTION("zero days means the regime's maximum: 15 under 2008") {
    const v1::RequestState state =
        StateAfter({Received(k2012Receipt), ExtensionApproved(Day(2012, 10, 8))});
    CHECK(state.extension_days() == 15);
    CHECK(state.extension_approved_by() == kTestApprover);
    CHECK(Str(state.extension_approved_on()) == "2012-10-08");
    CHECK(state.status() == v1::REQUEST_STATUS_OPEN);
    CHECK(state.deadline_version() == 2);
    // 30 working days after 2012-09-28.
    CHECK(DueOf(state) == "2012-11-15");
  }
  SECTION("zero days means the regime's maximum: 20 under 2019") {
    const v1::RequestState state =
        StateAfter({Received(k2019Receipt), ExtensionApproved(Day(2019, 6, 3))});
    CHECK(state.extension_days() == 20);
  }
  SECTION("an explicit number of days") {
    const v1::RequestState state =
        StateAfter({Received(k2012Receipt), ExtensionApproved(Day(2012, 10, 8), 10)});
    CHECK(state.extension_days() == 10);
    // 25 working days after 2012-09-28.
    CHECK(DueOf(state) == "2012-11-08");
  }
  SECTION("while a consultation runs: the due date appears when it ends") {
    const v1::RequestState consulting =
        StateAfter({Received(k2012Receipt), ConsultationStarted(Day(2012, 10, 8)),
                    ExtensionApproved(Day(2012, 10, 9))});
    CHECK(consulting.extension_days() == 15);
    CHECK(consulting.deadline_version() == 1);
    auto reopened = ApplyOne(consulting, ConsultationEnded(Day(2012, 10, 10)));
    REQUIRE(reopened.ok());
    CHECK(reopened->deadline_version() == 2);
    // 15 + 15 + 2 excluded = 32 working days after 2012-09-28.
    CHECK(DueOf(*reopened) == "2012-11-19");
  }
}

TEST_CASE("A fee notice stops the clock; its payment restarts it and records the amount paid",
          "[engine][request_machine]") {
  const v1::RequestState awaiting =
      StateAfter({Received(k2012Receipt), FeeNoticeIssued(Day(2012, 10, 8), 12000)});
  CHECK(awaiting.status() == v1::REQUEST_STATUS_AWAITING_FEE);
  CHECK(awaiting.fee_amount_fen() == 12000);
  CHECK(Str(awaiting.fee_notice_on()) == "2012-10-08");
  CHECK(awaiting.fee_paid_fen() == 0);
  REQUIRE(awaiting.pauses_size() == 1);
  CHECK(awaiting.pauses(0).kind() == v1::PAUSE_KIND_FEE);
  CHECK(Str(awaiting.pauses(0).from()) == "2012-10-08");
  CHECK(DueOf(awaiting) == "unset");

  auto paid = ApplyOne(awaiting, FeePaid(Day(2012, 10, 10)));
  REQUIRE(paid.ok());
  CHECK(paid->status() == v1::REQUEST_STATUS_OPEN);
  CHECK(paid->fee_paid_fen() == 12000);
  CHECK(Str(paid->pauses(0).to()) == "2012-10-10");
  CHECK(paid->deadline_version() == 2);
  CHECK(DueOf(*paid) == "2012-10-29");
}

TEST_CASE("A fee lapse after 20 working days closes the request as other_fee_unpaid",
          "[engine][request_machine]") {
  // Notice 2019-06-03: the 20th working day after it is 2019-07-02 (06-07 is
  // 端午节), so the lapse is recorded on 2019-07-03.
  const v1::RequestState state = StateAfter(
      {Received(k2019Receipt), FeeNoticeIssued(Day(2019, 6, 3)), FeeLapsed(Day(2019, 7, 3))});
  CHECK(state.status() == v1::REQUEST_STATUS_LAPSED);
  CHECK(state.outcome() == v1::OUTCOME_OTHER_FEE_UNPAID);
  CHECK(Str(state.closed_on()) == "2019-07-03");
  REQUIRE(state.pauses_size() == 1);
  CHECK(Str(state.pauses(0).to()) == "2019-07-03");
  CHECK(state.fee_paid_fen() == 0);
}

TEST_CASE("A decision closes the request; it is late only when made after the due date",
          "[engine][request_machine]") {
  SECTION("on the due date: on time") {
    const v1::RequestState state = StateAfter(
        {Received(k2012Receipt), Decided(Day(2012, 10, 25), v1::OUTCOME_PARTLY_GRANTED)});
    CHECK(state.status() == v1::REQUEST_STATUS_DECIDED);
    CHECK(state.outcome() == v1::OUTCOME_PARTLY_GRANTED);
    CHECK(Str(state.closed_on()) == "2012-10-25");
    CHECK_FALSE(state.late());
    CHECK_FALSE(state.on_the_spot());
    CHECK(state.deadline_version() == 1);
  }
  SECTION("the day after the due date: late") {
    const v1::RequestState state = StateAfter({Received(k2012Receipt), Decided(Day(2012, 10, 26))});
    CHECK(state.status() == v1::REQUEST_STATUS_DECIDED);
    CHECK(state.late());
  }
  SECTION("after a consultation the moved due date counts") {
    // Consultation 10-08..10-10: due 2012-10-29.
    const std::vector<v1::Event> history = {Received(k2012Receipt),
                                            ConsultationStarted(Day(2012, 10, 8)),
                                            ConsultationEnded(Day(2012, 10, 10))};
    auto on_time = ApplyOne(StateAfter(history), Decided(Day(2012, 10, 29)));
    REQUIRE(on_time.ok());
    CHECK_FALSE(on_time->late());
    auto late = ApplyOne(StateAfter(history), Decided(Day(2012, 10, 30)));
    REQUIRE(late.ok());
    CHECK(late->late());
  }
  SECTION("after an extension the extended due date counts") {
    const v1::RequestState state = StateAfter(
        {Received(k2012Receipt), ExtensionApproved(Day(2012, 10, 8)), Decided(Day(2012, 11, 15))});
    CHECK_FALSE(state.late());
  }
}

TEST_CASE("Delivering a decided request records the day and keeps the outcome",
          "[engine][request_machine]") {
  const v1::RequestState state =
      StateAfter({Received(k2012Receipt), Decided(Day(2012, 10, 8), v1::OUTCOME_GRANTED),
                  Delivered(Day(2012, 10, 9))});
  CHECK(state.status() == v1::REQUEST_STATUS_DELIVERED);
  CHECK(IsClosed(state.status()));
  CHECK(Str(state.delivered_on()) == "2012-10-09");
  CHECK(state.outcome() == v1::OUTCOME_GRANTED);
  CHECK(Str(state.closed_on()) == "2012-10-08");
}

TEST_CASE("A withdrawal closes the request under other and ends a running clock stop",
          "[engine][request_machine]") {
  SECTION("while open") {
    const v1::RequestState state =
        StateAfter({Received(k2012Receipt), Withdrawn(Day(2012, 10, 8))});
    CHECK(state.status() == v1::REQUEST_STATUS_WITHDRAWN);
    CHECK(state.outcome() == v1::OUTCOME_OTHER);
    CHECK(Str(state.closed_on()) == "2012-10-08");
  }
  SECTION("while consulting") {
    const v1::RequestState state =
        StateAfter({Received(k2012Receipt), ConsultationStarted(Day(2012, 10, 8)),
                    Withdrawn(Day(2012, 10, 11))});
    CHECK(state.status() == v1::REQUEST_STATUS_WITHDRAWN);
    CHECK(state.outcome() == v1::OUTCOME_OTHER);
    REQUIRE(state.pauses_size() == 1);
    CHECK(Str(state.pauses(0).to()) == "2012-10-11");
  }
  SECTION("while a correction is awaited") {
    const v1::RequestState state =
        StateAfter({Received(k2012Receipt), CorrectionRequested(Day(2012, 10, 8)),
                    Withdrawn(Day(2012, 10, 9))});
    CHECK(state.status() == v1::REQUEST_STATUS_WITHDRAWN);
    CHECK(Str(state.closed_on()) == "2012-10-09");
  }
}

TEST_CASE("Appeals are filed against an answer and stay pending until resolved",
          "[engine][request_machine]") {
  const std::vector<v1::Event> decided = {Received(k2012Receipt), Decided(Day(2012, 10, 8))};
  SECTION("a reconsideration, then litigation after it") {
    std::vector<v1::Event> events = decided;
    events.push_back(AppealFiled(Day(2012, 11, 1), v1::APPEAL_KIND_RECONSIDERATION));
    const v1::RequestState filed = StateAfter(events);
    REQUIRE(filed.appeals_size() == 1);
    CHECK(filed.appeals(0).kind() == v1::APPEAL_KIND_RECONSIDERATION);
    CHECK(Str(filed.appeals(0).filed_on()) == "2012-11-01");
    CHECK(filed.appeals(0).result() == v1::APPEAL_RESULT_UNSPECIFIED);
    CHECK(Str(filed.appeals(0).resolved_on()) == "unset");
    CHECK(filed.status() == v1::REQUEST_STATUS_DECIDED);

    auto resolved =
        ApplyOne(filed, AppealResolved(Day(2012, 12, 20), v1::APPEAL_KIND_RECONSIDERATION,
                                       v1::APPEAL_RESULT_CORRECTED));
    REQUIRE(resolved.ok());
    CHECK(resolved->appeals(0).result() == v1::APPEAL_RESULT_CORRECTED);
    CHECK(Str(resolved->appeals(0).resolved_on()) == "2012-12-20");

    auto suit = ApplyOne(*resolved, AppealFiled(Day(2012, 12, 28),
                                                v1::APPEAL_KIND_LITIGATION_AFTER_RECONSIDERATION));
    REQUIRE(suit.ok());
    REQUIRE(suit->appeals_size() == 2);
    CHECK(suit->appeals(1).kind() == v1::APPEAL_KIND_LITIGATION_AFTER_RECONSIDERATION);
    CHECK(suit->appeals(1).result() == v1::APPEAL_RESULT_UNSPECIFIED);
  }
  SECTION("direct litigation, also on a delivered request") {
    std::vector<v1::Event> events = decided;
    events.push_back(Delivered(Day(2012, 10, 9)));
    events.push_back(AppealFiled(Day(2012, 11, 1), v1::APPEAL_KIND_LITIGATION));
    events.push_back(
        AppealResolved(Day(2013, 3, 1), v1::APPEAL_KIND_LITIGATION, v1::APPEAL_RESULT_UPHELD));
    const v1::RequestState state = StateAfter(events);
    REQUIRE(state.appeals_size() == 1);
    CHECK(state.appeals(0).kind() == v1::APPEAL_KIND_LITIGATION);
    CHECK(state.appeals(0).result() == v1::APPEAL_RESULT_UPHELD);
    CHECK(state.status() == v1::REQUEST_STATUS_DELIVERED);
  }
  SECTION("against a lapse") {
    const v1::RequestState state =
        StateAfter({Received(Day(2012, 3, 5)), CorrectionRequested(Day(2012, 3, 8), 5),
                    CorrectionLapsed(Day(2012, 3, 16)), AppealFiled(Day(2012, 4, 5))});
    CHECK(state.appeals_size() == 1);
  }
}

TEST_CASE("A deadline recomputation with an unchanged calendar only advances the event count",
          "[engine][request_machine]") {
  const v1::RequestState before =
      StateAfter({Received(k2012Receipt), ConsultationStarted(Day(2012, 10, 8)),
                  ConsultationEnded(Day(2012, 10, 10))});
  auto after = ApplyOne(before, DeadlineRecomputed(Day(2012, 10, 11)));
  REQUIRE(after.ok());
  v1::RequestState expected = before;
  expected.set_event_count(before.event_count() + 1);
  *expected.mutable_last_event_on() = Civil(2012, 10, 11);
  CHECK(SameMessage(*after, expected));
  CHECK(after->deadline_version() == 2);
}

TEST_CASE("A deadline recomputation after a calendar change bumps the deadline version",
          "[engine][request_machine]") {
  // The proto: deadline_version is "bumped whenever the due date moves
  // (restart, extension, pause end, recomputation)". Under the builtin
  // calendar the 2012-09-28 request is due 2012-10-25; a local arrangement
  // that makes Monday 2012-10-15 a day off moves it to 2012-10-26.
  const v1::RequestState before = StateAfter({Received(k2012Receipt)});
  REQUIRE(DueOf(before) == "2012-10-25");
  auto local = ParseCalendarText("gongkai-calendar 1\n2012-10-15 off 地方停工\n", "local.cal");
  REQUIRE(local.ok());
  auto calendar = Calendar::Create({*local});
  REQUIRE(calendar.ok());
  auto moved = ComputeDeadline(before, **calendar, DeadlinePolicy{});
  REQUIRE(moved.ok());
  REQUIRE(Str(moved->due_date) == "2012-10-26");

  auto after = ApplyOne(before, DeadlineRecomputed(Day(2012, 10, 16), "local.cal loaded"),
                        DeadlinePolicy{}, std::nullopt, calendar->get());
  REQUIRE(after.ok());
  CHECK(after->deadline_version() == before.deadline_version() + 1);
}

TEST_CASE("The deadline version moves exactly when the due date moves",
          "[engine][request_machine]") {
  // received (v1) -> consultation started (stopped: v1) -> ended (v2) ->
  // extension (v3) -> decision, delivery, appeal (v3).
  Replay replay = ApplyEvents({Received(k2012Receipt), ConsultationStarted(Day(2012, 10, 8))});
  REQUIRE(replay.refusal.ok());
  CHECK(replay.state.deadline_version() == 1);
  std::vector<std::pair<v1::Event, int>> steps = {
      {ConsultationEnded(Day(2012, 10, 10)), 2}, {ExtensionApproved(Day(2012, 10, 11)), 3},
      {Decided(Day(2012, 10, 12)), 3},           {Delivered(Day(2012, 10, 15)), 3},
      {AppealFiled(Day(2012, 11, 1)), 3},
  };
  v1::RequestState state = replay.state;
  for (const auto& [event, version] : steps) {
    auto next = ApplyOne(state, event);
    REQUIRE(next.ok());
    CHECK(next->deadline_version() == version);
    state = *next;
  }
  CHECK(state.event_count() == 7);
}

TEST_CASE("A clock stop that excludes no working day neither moves the due date nor the version",
          "[engine][request_machine]") {
  // A fee notice issued Friday 2012-10-12 and paid Sunday 2012-10-14: the
  // working days after 10-12 up to and including 10-14 are none, so the due
  // date stays 2012-10-25 and the deadline is not a new one.
  const v1::RequestState state = StateAfter(
      {Received(k2012Receipt), FeeNoticeIssued(Day(2012, 10, 12)), FeePaid(Day(2012, 10, 14))});
  CHECK(DueOf(state) == "2012-10-25");
  CHECK(state.deadline_version() == 1);
}

TEST_CASE("IsClosed holds for decided, delivered, withdrawn and lapsed requests only",
          "[engine][request_machine]") {
  CHECK(IsClosed(v1::REQUEST_STATUS_DECIDED));
  CHECK(IsClosed(v1::REQUEST_STATUS_DELIVERED));
  CHECK(IsClosed(v1::REQUEST_STATUS_WITHDRAWN));
  CHECK(IsClosed(v1::REQUEST_STATUS_LAPSED));
  CHECK_FALSE(IsClosed(v1::REQUEST_STATUS_OPEN));
  CHECK_FALSE(IsClosed(v1::REQUEST_STATUS_AWAITING_CORRECTION));
  CHECK_FALSE(IsClosed(v1::REQUEST_STATUS_CONSULTING));
  CHECK_FALSE(IsClosed(v1::REQUEST_STATUS_AWAITING_FEE));
  CHECK_FALSE(IsClosed(v1::REQUEST_STATUS_UNSPECIFIED));
}

// ---------------------------------------------------------------------------
// Refusals: dates and the request's existence.

TEST_CASE("An event dated after today is refused as invalid_argument",
          "[engine][request_machine]") {
  SECTION("a receipt") {
    CHECK_REFUSAL(RefusalOfLast({Received(Day(2012, 9, 29))}, {}, Day(2012, 9, 28)), kInvalid,
                  "2012-09-29 is after today (2012-09-28)");
  }
  SECTION("a decision") {
    CHECK_REFUSAL(
        RefusalOfLast({Received(k2012Receipt), Decided(Day(2012, 10, 9))}, {}, Day(2012, 10, 8)),
        kInvalid, "after today");
  }
  SECTION("an event dated today is accepted") {
    CHECK(RefusalOfLast({Received(k2012Receipt), Decided(Day(2012, 10, 8))}, {}, Day(2012, 10, 8))
              .ok());
  }
}

TEST_CASE("An event dated before the request's receipt is refused as failed_precondition",
          "[engine][request_machine]") {
  // request_machine.h: invalid_argument is for an event malformed whatever
  // the request's state; a date before this request's receipt is wrong only
  // given the state, like a date before the previous event.
  CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), Decided(Day(2012, 9, 27))}), kPrecondition,
                "before the request was received (2012-09-28)");
}

TEST_CASE("An event dated before the previous event is refused: events are in date order",
          "[engine][request_machine]") {
  CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), ConsultationStarted(Day(2012, 10, 10)),
                               ConsultationEnded(Day(2012, 10, 9))}),
                kPrecondition, "events are recorded in date order");
  SECTION("the same day as the previous event is in order") {
    CHECK(RefusalOfLast({Received(k2012Receipt), ConsultationStarted(Day(2012, 10, 10)),
                         ConsultationEnded(Day(2012, 10, 10))})
              .ok());
  }
}

TEST_CASE("An event on a closed request is refused, except delivery and appeals",
          "[engine][request_machine]") {
  SECTION("decided") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), Decided(Day(2012, 10, 8)),
                                 ConsultationStarted(Day(2012, 10, 9))}),
                  kPrecondition, "the request was closed on 2012-10-08 (decided)");
  }
  SECTION("withdrawn") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), Withdrawn(Day(2012, 10, 8)),
                                 Decided(Day(2012, 10, 9))}),
                  kPrecondition, "closed on 2012-10-08 (withdrawn)");
  }
  SECTION("lapsed") {
    CHECK_REFUSAL(
        RefusalOfLast({Received(Day(2012, 3, 5)), CorrectionRequested(Day(2012, 3, 8), 5),
                       CorrectionLapsed(Day(2012, 3, 16)), CorrectionReceived(Day(2012, 3, 19))}),
        kPrecondition, "closed on 2012-03-16 (lapsed)");
  }
  SECTION("delivered: a second decision") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), Decided(Day(2012, 10, 8)),
                                 Delivered(Day(2012, 10, 8)), Decided(Day(2012, 10, 9))}),
                  kPrecondition, "only delivery and appeals can be recorded now");
  }
  SECTION("a deadline recomputation") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), Decided(Day(2012, 10, 8)),
                                 DeadlineRecomputed(Day(2012, 10, 9))}),
                  kPrecondition, "closed on 2012-10-08");
  }
}

TEST_CASE("An event on an unregistered request is refused as failed_precondition",
          "[engine][request_machine]") {
  SECTION("a decision before any receipt") {
    CHECK_REFUSAL(RefusalOfLast({Decided(k2012Receipt)}), kPrecondition,
                  "the request is not registered");
  }
  SECTION("a second receipt of a registered request") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), Received(Day(2012, 10, 8))}),
                  kPrecondition, "already registered");
  }
}

TEST_CASE("An empty event is refused as invalid_argument", "[engine][request_machine]") {
  CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), EmptyEvent(Day(2012, 10, 8))}), kInvalid,
                "the event is empty");
}

TEST_CASE("An impossible or missing date is refused as invalid_argument",
          "[engine][request_machine]") {
  SECTION("2023-02-29 on a receipt") {
    v1::Event event = Received(Day(2023, 2, 28));
    *event.mutable_on() = Civil(2023, 2, 29);
    CHECK_REFUSAL(RefusalOfLast({event}), kInvalid, "2023-02-29 is not a date");
  }
  SECTION("month 13 on a decision") {
    v1::Event event = Decided(Day(2012, 10, 8));
    *event.mutable_on() = Civil(2012, 13, 1);
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), event}), kInvalid, "is not a date");
  }
  SECTION("no date at all") {
    v1::Event event = Decided(Day(2012, 10, 8));
    event.clear_on();
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), event}), kInvalid,
                  "the event's date is missing");
  }
}

// ---------------------------------------------------------------------------
// Refusals: malformed content.

TEST_CASE("Unknown or missing enum values are refused as invalid_argument",
          "[engine][request_machine]") {
  SECTION("an unknown outcome in a decision") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt),
                                 Decided(Day(2012, 10, 8), static_cast<v1::Outcome>(99))}),
                  kInvalid, "the outcome is missing or unknown");
  }
  SECTION("no outcome in a decision") {
    CHECK_REFUSAL(
        RefusalOfLast({Received(k2012Receipt), Decided(Day(2012, 10, 8), v1::OUTCOME_UNSPECIFIED)}),
        kInvalid, "the outcome is missing or unknown");
  }
  SECTION("an unknown outcome on the spot") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt),
                                 AnsweredOnTheSpot(k2012Receipt, static_cast<v1::Outcome>(99))}),
                  kInvalid, "the outcome is missing or unknown");
  }
  SECTION("an unknown channel") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt, static_cast<v1::Channel>(99))}), kInvalid,
                  "the channel is missing or unknown");
  }
  SECTION("no channel") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt, v1::CHANNEL_UNSPECIFIED)}), kInvalid,
                  "the channel is missing or unknown");
  }
  SECTION("an unknown applicant type") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt, v1::CHANNEL_IN_PERSON,
                                          static_cast<v1::ApplicantType>(99))}),
                  kInvalid, "the applicant type is missing or unknown");
  }
  SECTION("an unknown appeal kind") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), Decided(Day(2012, 10, 8)),
                                 AppealFiled(Day(2012, 11, 1), static_cast<v1::AppealKind>(99))}),
                  kInvalid, "the appeal kind is missing or unknown");
  }
  SECTION("an unknown appeal result") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), Decided(Day(2012, 10, 8)),
                                 AppealFiled(Day(2012, 11, 1)),
                                 AppealResolved(Day(2012, 12, 1), v1::APPEAL_KIND_RECONSIDERATION,
                                                static_cast<v1::AppealResult>(99))}),
                  kInvalid, "the appeal result is missing or unknown");
  }
  SECTION("an unknown appeal kind when resolving") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), Decided(Day(2012, 10, 8)),
                                 AppealFiled(Day(2012, 11, 1)),
                                 AppealResolved(Day(2012, 12, 1), static_cast<v1::AppealKind>(99),
                                                v1::APPEAL_RESULT_UPHELD)}),
                  kInvalid, "the appeal kind is unknown");
  }
}

TEST_CASE("A receipt with missing or overlong fields is refused as invalid_argument",
          "[engine][request_machine]") {
  SECTION("a subject of 4001 bytes") {
    v1::Event event = Received(k2012Receipt);
    event.mutable_received()->set_subject(std::string(4001, 'x'));
    CHECK_REFUSAL(RefusalOfLast({event}), kInvalid,
                  "the subject is 4001 bytes long; at most 4000 are accepted");
  }
  SECTION("a subject of 4000 bytes is accepted") {
    v1::Event event = Received(k2012Receipt);
    event.mutable_received()->set_subject(std::string(4000, 'x'));
    CHECK(RefusalOfLast({event}).ok());
  }
  SECTION("no subject") {
    v1::Event event = Received(k2012Receipt);
    event.mutable_received()->clear_subject();
    CHECK_REFUSAL(RefusalOfLast({event}), kInvalid, "the subject is missing");
  }
  SECTION("no agency") {
    v1::Event event = Received(k2012Receipt);
    event.mutable_received()->clear_agency_code();
    CHECK_REFUSAL(RefusalOfLast({event}), kInvalid, "the agency code is missing");
  }
  SECTION("no request id") {
    v1::Event event = Received(k2012Receipt);
    event.clear_request_id();
    CHECK_REFUSAL(RefusalOfLast({event}), kInvalid, "the request id is missing");
  }
  SECTION("no applicant name, and the refusal does not echo personal data") {
    v1::Event event = Received(k2012Receipt);
    event.mutable_received()->mutable_applicant()->clear_name();
    const Status refusal = RefusalOfLast({event});
    CHECK_REFUSAL(refusal, kInvalid, "the applicant's name is missing");
    CHECK(refusal.message().find(kTestApplicantPhone) == std::string::npos);
  }
}

TEST_CASE("An extension without an approver is refused as invalid_argument naming the article",
          "[engine][request_machine]") {
  SECTION("2008") {
    CHECK_REFUSAL(
        RefusalOfLast({Received(k2012Receipt), ExtensionApproved(Day(2012, 10, 8), 0, "")}),
        kInvalid, "the approver is missing");
    CHECK_REFUSAL(
        RefusalOfLast({Received(k2012Receipt), ExtensionApproved(Day(2012, 10, 8), 0, "")}),
        kInvalid, "Art. 24");
  }
  SECTION("2019") {
    CHECK_REFUSAL(
        RefusalOfLast({Received(k2019Receipt), ExtensionApproved(Day(2019, 6, 3), 0, "")}),
        kInvalid, "Art. 33");
  }
}

TEST_CASE("An extension longer than the regime allows is refused as invalid_argument",
          "[engine][request_machine]") {
  SECTION("16 working days under 2008 (Art. 24: at most 15)") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), ExtensionApproved(Day(2012, 10, 8), 16)}),
                  kInvalid, "Art. 24 allows one extension of at most 15 working days");
  }
  SECTION("21 working days under 2019 (Art. 33: at most 20)") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2019Receipt), ExtensionApproved(Day(2019, 6, 3), 21)}),
                  kInvalid, "Art. 33 allows one extension of at most 20 working days");
  }
  SECTION("a negative number of days") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2019Receipt), ExtensionApproved(Day(2019, 6, 3), -1)}),
                  kInvalid, "an extension of -1 working days is not allowed");
  }
  SECTION("the maximum itself is accepted") {
    CHECK(RefusalOfLast({Received(k2012Receipt), ExtensionApproved(Day(2012, 10, 8), 15)}).ok());
    CHECK(RefusalOfLast({Received(k2019Receipt), ExtensionApproved(Day(2019, 6, 3), 20)}).ok());
  }
}

TEST_CASE("A correction window out of range or a non-positive fee is refused as invalid_argument",
          "[engine][request_machine]") {
  CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), CorrectionRequested(Day(2012, 10, 8), 61)}),
                kInvalid, "the correction window is 61 working days");
  CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), CorrectionRequested(Day(2012, 10, 8), -1)}),
                kInvalid, "the correction window is -1 working days");
  CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), FeeNoticeIssued(Day(2012, 10, 8), 0)}),
                kInvalid, "the fee must be a positive amount");
  CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), FeeNoticeIssued(Day(2012, 10, 8), -500)}),
                kInvalid, "the fee must be a positive amount");
  CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), DeadlineRecomputed(Day(2012, 10, 8), "")}),
                kInvalid, "the reason is missing");
}

// ---------------------------------------------------------------------------
// Refusals: transitions the law does not allow now.

TEST_CASE("A second extension is refused as failed_precondition naming the article",
          "[engine][request_machine]") {
  SECTION("2008: Art. 24 allows one") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), ExtensionApproved(Day(2012, 10, 8), 5),
                                 ExtensionApproved(Day(2012, 10, 9), 5)}),
                  kPrecondition,
                  "the extension was already used on 2012-10-08: Art. 24 allows one");
  }
  SECTION("2019: Art. 33 allows one") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2019Receipt), ExtensionApproved(Day(2019, 6, 3), 5),
                                 ExtensionApproved(Day(2019, 6, 4), 5)}),
                  kPrecondition, "Art. 33 allows one");
  }
}

TEST_CASE("An extension while a correction is awaited is refused as failed_precondition",
          "[engine][request_machine]") {
  CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), CorrectionRequested(Day(2012, 10, 8)),
                               ExtensionApproved(Day(2012, 10, 9))}),
                kPrecondition, "no period runs while a correction is awaited");
}

TEST_CASE("A second correction request is refused under 2019 (Art. 30) but allowed under 2008",
          "[engine][request_machine]") {
  SECTION("2019") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2019Receipt), CorrectionRequested(Day(2019, 5, 16)),
                                 CorrectionReceived(Day(2019, 5, 20)),
                                 CorrectionRequested(Day(2019, 5, 21))}),
                  kPrecondition,
                  "a correction was already requested on 2019-05-16: Art. 30 allows asking once");
  }
  SECTION("2008") {
    const v1::RequestState state =
        StateAfter({Received(k2012Receipt), CorrectionRequested(Day(2012, 10, 8)),
                    CorrectionReceived(Day(2012, 10, 9)), CorrectionRequested(Day(2012, 10, 10))});
    CHECK(state.status() == v1::REQUEST_STATUS_AWAITING_CORRECTION);
    CHECK(state.corrections_requested() == 2);
    CHECK(Str(state.correction_requested_on()) == "2012-10-10");
  }
}

TEST_CASE("A correction request while the clock is stopped is refused",
          "[engine][request_machine]") {
  CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), ConsultationStarted(Day(2012, 10, 8)),
                               CorrectionRequested(Day(2012, 10, 9))}),
                kPrecondition, "record its end before asking for a correction");
  CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), CorrectionRequested(Day(2012, 10, 8)),
                               CorrectionRequested(Day(2012, 10, 9))}),
                kPrecondition, "is awaited");
}

TEST_CASE("A correction lapse before the window ended is refused as failed_precondition",
          "[engine][request_machine]") {
  SECTION("2008: asked 2012-03-08 with 5 days, the applicant has until 2012-03-15") {
    CHECK_REFUSAL(RefusalOfLast({Received(Day(2012, 3, 5)), CorrectionRequested(Day(2012, 3, 8), 5),
                                 CorrectionLapsed(Day(2012, 3, 15))}),
                  kPrecondition,
                  "the applicant has until 2012-03-15 to correct (5 working days from "
                  "2012-03-08, Art. 21(4))");
  }
  SECTION("2019: the default 15 days from 2019-05-16 run until 2019-06-06") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2019Receipt), CorrectionRequested(Day(2019, 5, 16)),
                                 CorrectionLapsed(Day(2019, 6, 6))}),
                  kPrecondition,
                  "until 2019-06-06 to correct (15 working days from 2019-05-16, Art. 30)");
    CHECK(RefusalOfLast({Received(k2019Receipt), CorrectionRequested(Day(2019, 5, 16)),
                         CorrectionLapsed(Day(2019, 6, 7))})
              .ok());
  }
  SECTION("no correction awaited") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), CorrectionLapsed(Day(2012, 12, 3))}),
                  kPrecondition, "no correction is awaited");
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), CorrectionReceived(Day(2012, 10, 8))}),
                  kPrecondition, "no correction is awaited");
  }
}

TEST_CASE("A fee lapse before 20 working days is refused as failed_precondition",
          "[engine][request_machine]") {
  SECTION("2019: notice 2019-06-03, the applicant has until 2019-07-02 (Art. 42)") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2019Receipt), FeeNoticeIssued(Day(2019, 6, 3)),
                                 FeeLapsed(Day(2019, 7, 2))}),
                  kPrecondition,
                  "the applicant has until 2019-07-02 to pay (20 working days from 2019-06-03, "
                  "Art. 42)");
  }
  SECTION("2008: notice 2012-10-08, the applicant has until 2012-11-05 (Art. 27)") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), FeeNoticeIssued(Day(2012, 10, 8)),
                                 FeeLapsed(Day(2012, 11, 5))}),
                  kPrecondition,
                  "until 2012-11-05 to pay (20 working days from 2012-10-08, Art. 27)");
    CHECK(RefusalOfLast({Received(k2012Receipt), FeeNoticeIssued(Day(2012, 10, 8)),
                         FeeLapsed(Day(2012, 11, 6))})
              .ok());
  }
  SECTION("no fee notice awaiting payment") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), FeeLapsed(Day(2012, 12, 3))}),
                  kPrecondition, "no fee notice is awaiting payment");
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), FeePaid(Day(2012, 10, 8))}), kPrecondition,
                  "no fee notice is awaiting payment");
  }
}

TEST_CASE("A consultation end without a running consultation is refused",
          "[engine][request_machine]") {
  CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), ConsultationEnded(Day(2012, 10, 8))}),
                kPrecondition, "no consultation is under way");
  CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), FeeNoticeIssued(Day(2012, 10, 8)),
                               ConsultationEnded(Day(2012, 10, 9))}),
                kPrecondition, "no consultation is under way");
}

TEST_CASE("A decision while consulting, awaiting a fee or awaiting a correction is refused",
          "[engine][request_machine]") {
  SECTION("consulting") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), ConsultationStarted(Day(2012, 10, 8)),
                                 Decided(Day(2012, 10, 9))}),
                  kPrecondition,
                  "the consultation started 2012-10-08 is still open: record its end before the "
                  "decision");
  }
  SECTION("awaiting a fee") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), FeeNoticeIssued(Day(2012, 10, 8)),
                                 Decided(Day(2012, 10, 9))}),
                  kPrecondition, "the fee notice of 2012-10-08 is unpaid");
  }
  SECTION("awaiting a correction") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), CorrectionRequested(Day(2012, 10, 8)),
                                 Decided(Day(2012, 10, 9))}),
                  kPrecondition, "a correction requested 2012-10-08 is awaited");
  }
  SECTION("a second clock stop while one runs") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), ConsultationStarted(Day(2012, 10, 8)),
                                 FeeNoticeIssued(Day(2012, 10, 9))}),
                  kPrecondition, "is still open");
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), FeeNoticeIssued(Day(2012, 10, 8)),
                                 ConsultationStarted(Day(2012, 10, 9))}),
                  kPrecondition, "is unpaid");
  }
}

TEST_CASE("other_no_correction and other_fee_unpaid cannot be recorded by a decision",
          "[engine][request_machine]") {
  CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt),
                               Decided(Day(2012, 10, 8), v1::OUTCOME_OTHER_NO_CORRECTION)}),
                kPrecondition, "other_no_correction is recorded by a correction lapse");
  CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt),
                               Decided(Day(2012, 10, 8), v1::OUTCOME_OTHER_FEE_UNPAID)}),
                kPrecondition, "other_fee_unpaid is recorded by a fee lapse");
  CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt),
                               AnsweredOnTheSpot(k2012Receipt, v1::OUTCOME_OTHER_FEE_UNPAID)}),
                kPrecondition, "other_fee_unpaid is recorded by a fee lapse");
}

TEST_CASE("unable_still_unclear is refused unless a corrected request was received",
          "[engine][request_machine]") {
  CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt),
                               Decided(Day(2012, 10, 8), v1::OUTCOME_UNABLE_STILL_UNCLEAR)}),
                kPrecondition, "补正后申请内容仍不明确");
  const v1::RequestState state =
      StateAfter({Received(k2012Receipt), CorrectionRequested(Day(2012, 10, 8)),
                  CorrectionReceived(Day(2012, 10, 10)),
                  Decided(Day(2012, 10, 12), v1::OUTCOME_UNABLE_STILL_UNCLEAR)});
  CHECK(state.status() == v1::REQUEST_STATUS_DECIDED);
  CHECK(state.outcome() == v1::OUTCOME_UNABLE_STILL_UNCLEAR);
}

TEST_CASE("Delivery before a decision, of a withdrawn request, or a second time is refused",
          "[engine][request_machine]") {
  SECTION("open") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), Delivered(Day(2012, 10, 8))}),
                  kPrecondition, "there is no decision to deliver: the request is open");
  }
  SECTION("withdrawn") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), Withdrawn(Day(2012, 10, 8)),
                                 Delivered(Day(2012, 10, 9))}),
                  kPrecondition, "there is no decision to deliver: the request is withdrawn");
  }
  SECTION("twice") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), Decided(Day(2012, 10, 8)),
                                 Delivered(Day(2012, 10, 9)), Delivered(Day(2012, 10, 10))}),
                  kPrecondition, "the answer was already delivered on 2012-10-09");
  }
}

TEST_CASE("An appeal on an open or withdrawn request is refused as failed_precondition",
          "[engine][request_machine]") {
  SECTION("open") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), AppealFiled(Day(2012, 10, 8))}),
                  kPrecondition,
                  "an appeal is recorded against an answer, and the request is open");
  }
  SECTION("consulting") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), ConsultationStarted(Day(2012, 10, 8)),
                                 AppealFiled(Day(2012, 10, 9))}),
                  kPrecondition, "the request is consulting");
  }
  SECTION("withdrawn") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), Withdrawn(Day(2012, 10, 8)),
                                 AppealFiled(Day(2012, 10, 9), v1::APPEAL_KIND_LITIGATION)}),
                  kPrecondition, "the request is withdrawn");
  }
}

TEST_CASE("A second pending appeal of the same kind is refused", "[engine][request_machine]") {
  CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), Decided(Day(2012, 10, 8)),
                               AppealFiled(Day(2012, 11, 1)), AppealFiled(Day(2012, 11, 2))}),
                kPrecondition, "a reconsideration filed on 2012-11-01 is still pending");
}

TEST_CASE("Litigation after reconsideration needs a resolved reconsideration",
          "[engine][request_machine]") {
  SECTION("no reconsideration") {
    CHECK_REFUSAL(
        RefusalOfLast(
            {Received(k2012Receipt), Decided(Day(2012, 10, 8)),
             AppealFiled(Day(2012, 11, 1), v1::APPEAL_KIND_LITIGATION_AFTER_RECONSIDERATION)}),
        kPrecondition, "litigation after reconsideration needs a resolved reconsideration");
  }
  SECTION("a reconsideration still pending") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), Decided(Day(2012, 10, 8)),
                                 AppealFiled(Day(2012, 11, 1), v1::APPEAL_KIND_RECONSIDERATION),
                                 AppealFiled(Day(2012, 11, 2),
                                             v1::APPEAL_KIND_LITIGATION_AFTER_RECONSIDERATION)}),
                  kPrecondition, "needs a resolved reconsideration");
  }
  SECTION("only a direct litigation resolved") {
    CHECK_REFUSAL(
        RefusalOfLast(
            {Received(k2012Receipt), Decided(Day(2012, 10, 8)),
             AppealFiled(Day(2012, 11, 1), v1::APPEAL_KIND_LITIGATION),
             AppealResolved(Day(2012, 12, 1), v1::APPEAL_KIND_LITIGATION, v1::APPEAL_RESULT_OTHER),
             AppealFiled(Day(2012, 12, 3), v1::APPEAL_KIND_LITIGATION_AFTER_RECONSIDERATION)}),
        kPrecondition, "needs a resolved reconsideration");
  }
}

TEST_CASE("Resolving an appeal that is not pending is refused as failed_precondition",
          "[engine][request_machine]") {
  SECTION("none filed") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), Decided(Day(2012, 10, 8)),
                                 AppealResolved(Day(2012, 11, 1))}),
                  kPrecondition, "no reconsideration is pending on this request");
  }
  SECTION("already resolved") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), Decided(Day(2012, 10, 8)),
                                 AppealFiled(Day(2012, 11, 1)), AppealResolved(Day(2012, 12, 1)),
                                 AppealResolved(Day(2012, 12, 2))}),
                  kPrecondition, "no reconsideration is pending");
  }
  SECTION("another kind pending") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), Decided(Day(2012, 10, 8)),
                                 AppealFiled(Day(2012, 11, 1), v1::APPEAL_KIND_RECONSIDERATION),
                                 AppealResolved(Day(2012, 12, 1), v1::APPEAL_KIND_LITIGATION,
                                                v1::APPEAL_RESULT_UPHELD)}),
                  kPrecondition, "no litigation is pending");
  }
}

TEST_CASE("A resolution without a kind resolves the only pending appeal",
          "[engine][request_machine]") {
  const std::vector<v1::Event> decided = {Received(k2012Receipt), Decided(Day(2012, 10, 8))};
  SECTION("one pending: it is resolved") {
    std::vector<v1::Event> events = decided;
    events.push_back(AppealFiled(Day(2012, 11, 1), v1::APPEAL_KIND_LITIGATION));
    events.push_back(
        AppealResolved(Day(2012, 12, 3), v1::APPEAL_KIND_UNSPECIFIED, v1::APPEAL_RESULT_OTHER));
    const v1::RequestState state = StateAfter(events);
    REQUIRE(state.appeals_size() == 1);
    CHECK(state.appeals(0).kind() == v1::APPEAL_KIND_LITIGATION);
    CHECK(state.appeals(0).result() == v1::APPEAL_RESULT_OTHER);
    CHECK(Str(state.appeals(0).resolved_on()) == "2012-12-03");
  }
  SECTION("one pending after another was resolved") {
    std::vector<v1::Event> events = decided;
    events.push_back(AppealFiled(Day(2012, 11, 1), v1::APPEAL_KIND_RECONSIDERATION));
    events.push_back(AppealResolved(Day(2012, 12, 3)));
    events.push_back(
        AppealFiled(Day(2012, 12, 10), v1::APPEAL_KIND_LITIGATION_AFTER_RECONSIDERATION));
    events.push_back(
        AppealResolved(Day(2013, 3, 1), v1::APPEAL_KIND_UNSPECIFIED, v1::APPEAL_RESULT_CORRECTED));
    const v1::RequestState state = StateAfter(events);
    REQUIRE(state.appeals_size() == 2);
    CHECK(state.appeals(0).result() == v1::APPEAL_RESULT_UPHELD);
    CHECK(Str(state.appeals(0).resolved_on()) == "2012-12-03");
    CHECK(state.appeals(1).result() == v1::APPEAL_RESULT_CORRECTED);
    CHECK(Str(state.appeals(1).resolved_on()) == "2013-03-01");
  }
  SECTION("none pending: refused") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), Decided(Day(2012, 10, 8)),
                                 AppealResolved(Day(2012, 12, 3), v1::APPEAL_KIND_UNSPECIFIED,
                                                v1::APPEAL_RESULT_UPHELD)}),
                  kPrecondition, "no appeal is pending on this request");
  }
  SECTION("several pending: refused, the kind must be said") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), Decided(Day(2012, 10, 8)),
                                 AppealFiled(Day(2012, 11, 1), v1::APPEAL_KIND_RECONSIDERATION),
                                 AppealFiled(Day(2012, 11, 2), v1::APPEAL_KIND_LITIGATION),
                                 AppealResolved(Day(2012, 12, 3), v1::APPEAL_KIND_UNSPECIFIED,
                                                v1::APPEAL_RESULT_UPHELD)}),
                  kPrecondition, "several appeals are pending: say which kind is resolved");
  }
}

TEST_CASE("An on-the-spot answer is refused unless it is the first event, on the receipt day",
          "[engine][request_machine]") {
  SECTION("the next day") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), AnsweredOnTheSpot(Day(2012, 9, 29))}),
                  kPrecondition,
                  "an on-the-spot answer is given the day the request is received (2012-09-28)");
  }
  SECTION("after another event the same day") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), ConsultationStarted(k2012Receipt),
                                 ConsultationEnded(k2012Receipt), AnsweredOnTheSpot(k2012Receipt)}),
                  kPrecondition, "before anything else happens");
  }
}

}  // namespace
}  // namespace gongkai
