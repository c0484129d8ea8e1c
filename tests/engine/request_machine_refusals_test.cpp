// The request state machine (engine/request_machine.h): the refusals of an
// event for its date, for a request that does not exist and for malformed
// content, each with its code and the rule it names. The transitions the
// law does not allow are in request_machine_transitions_test.cpp.
//
// Dates used below (working days from engine/data/cn_working_days.cal, the
// day of receipt not counted; see deadline_test.cpp for the derivations):
//   2012-09-28 (Fri) received, 2008 rule: due 2012-10-25.
//   2019-05-15 (Wed) received, 2019 rule: due 2019-06-13.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "engine/civil_date.h"
#include "engine/codes.h"
#include "engine/request_machine.h"
#include "tests/engine/request_machine_helpers.h"
#include "tests/engine/test_requests.h"

namespace gongkai {
namespace {

using namespace gongkai::test;  // NOLINT: the builders are the vocabulary here.

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

TEST_CASE(
    "An event on a closed request is refused, except delivery, appeals and a deadline "
    "recomputation",
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
  SECTION("but a deadline recomputation is recorded: a new calendar recomputes the figures") {
    const v1::RequestState state = StateAfter(
        {Received(k2012Receipt), Decided(Day(2012, 10, 8)), DeadlineRecomputed(Day(2012, 10, 9))});
    CHECK(state.status() == v1::REQUEST_STATUS_DECIDED);
    CHECK(state.event_count() == 3);
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

}  // namespace
}  // namespace gongkai
