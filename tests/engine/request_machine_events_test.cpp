// The request state machine (engine/request_machine.h): every event kind's
// effect on the state, each applied in a valid state. The refusals, with
// their codes and the rules they name, are in
// request_machine_refusals_test.cpp and request_machine_transitions_test.cpp.
//
// Dates used below (working days from engine/data/cn_working_days.cal, the
// day of receipt not counted; see deadline_test.cpp for the derivations):
//   2012-09-28 (Fri) received, 2008 rule: due 2012-10-25.
//   2019-05-15 (Wed) received, 2019 rule: due 2019-06-13.
#include <google/protobuf/util/message_differencer.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "engine/civil_date.h"
#include "engine/codes.h"
#include "engine/counters.h"
#include "engine/keys.h"
#include "engine/request_machine.h"
#include "tests/engine/request_machine_helpers.h"
#include "tests/engine/test_requests.h"

namespace gongkai {
namespace {

using namespace gongkai::test;  // NOLINT: the builders are the vocabulary here.

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

// Regression (found by property_test.cpp): a second fee notice's payment
// replaced the fees paid instead of adding to them, so the report's fee_fen
// counter of the second payment's year went down.
TEST_CASE("A second fee notice paid adds to the fees paid, each payment counted in its year",
          "[engine][request_machine]") {
  // Received 2012-12-10 (2008 rule): due 2012-12-31. The first notice
  // (12-12, paid 12-14) excludes 12-13 and 12-14: due the 17th working day,
  // 2013-01-05 (元旦 01-01..03 off, Saturday 01-05 a make-up working day).
  const std::vector<v1::Event> events = {
      Received(Day(2012, 12, 10)), FeeNoticeIssued(Day(2012, 12, 12), 12000),
      FeePaid(Day(2012, 12, 14)), FeeNoticeIssued(Day(2012, 12, 28), 5000),
      FeePaid(Day(2013, 1, 4))};
  CHECK(DueOf(StateAfter({events.begin(), events.begin() + 1})) == "2012-12-31");
  CHECK(DueOf(StateAfter({events.begin(), events.begin() + 3})) == "2013-01-05");
  const Replay before_second_payment =
      ApplyEvents(std::vector<v1::Event>(events.begin(), events.end() - 1));
  REQUIRE(before_second_payment.refusal.ok());
  CHECK(before_second_payment.state.fee_paid_fen() == 12000);
  CHECK(DueOf(before_second_payment.state) == "unset");

  const v1::RequestState paid = StateAfter(events);
  CHECK(paid.fee_amount_fen() == 5000);
  CHECK(paid.fee_paid_fen() == 17000);
  const std::vector<CounterDelta> deltas = CounterDeltas(before_second_payment.state, paid);
  REQUIRE(deltas.size() == 1);
  CHECK(deltas[0].key == EncodeCounterKey(kTestAgency, 2013, Metric::Of(Metric::Kind::kFeeFen)));
  CHECK(deltas[0].delta == 5000);
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

}  // namespace
}  // namespace gongkai
