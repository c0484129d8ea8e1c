// The request state machine (engine/request_machine.h): the refusals of
// transitions the law does not allow in the request's current state, each
// with its code and the rule (the article) it names.
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
                  "the consultation of 市自然资源局 started 2012-10-08 is still open: record its "
                  "end before the decision");
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
  SECTION("a second stop of the same kind while one runs") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), ConsultationStarted(Day(2012, 10, 8)),
                                 ConsultationStarted(Day(2012, 10, 9))}),
                  kPrecondition, "the consultation of 市自然资源局 is already open");
    CHECK_REFUSAL(RefusalOfLast({Received(k2012Receipt), FeeNoticeIssued(Day(2012, 10, 8)),
                                 FeeNoticeIssued(Day(2012, 10, 9))}),
                  kPrecondition, "the fee notice of 2012-10-08 is still unpaid");
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
