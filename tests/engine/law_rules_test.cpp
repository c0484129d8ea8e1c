// The rules pinned after the first year of use (DOMAIN.md): nothing revives
// an elapsed period, the fee payment window, the Regulations' entry into
// force, several clock stops counted as their union, only the most severe
// alert level raised, one definition of "overdue", and a closed request's
// figures recomputed by a new calendar.
//
// Each limit is tried the day before, on, and after it. The dates are
// written out from the State Council's arrangements:
//   2012: National Day 09-30..10-07 off, 09-29 (Sat) a make-up working day.
//   2019: 中秋节 09-13..15 off; 端午节 06-07 off.
// Received 2012-09-28 (2008 rule): due 2012-10-25 (see deadline_test.cpp).
// Received 2019-05-15 (2019 rule): due 2019-06-13; the 7th working day
// after receipt 05-16, 17, 20..24 -> 2019-05-24.
#include <catch2/catch.hpp>

#include "engine/codes.h"
#include "engine/counters.h"
#include "engine/deadline.h"
#include "tests/engine/request_machine_helpers.h"

namespace gongkai::test {
namespace {

using Catch::Matchers::Contains;

// The refusal of `last` after `history`, or OK.
Status After(std::vector<v1::Event> history, v1::Event last) {
  history.push_back(std::move(last));
  return ApplyEvents(history).refusal;
}

TEST_CASE("A receipt before 2008-05-01 is refused as invalid_argument", "[engine][law]") {
  CHECK_REFUSAL(After({}, Received(Day(2008, 4, 30))), kInvalid, "2008-05-01");
  CHECK(After({}, Received(Day(2008, 5, 1))).ok());
  CHECK(After({}, Received(Day(2008, 5, 2))).ok());
}

TEST_CASE("An extension is approved on or before the due date in force, never after",
          "[engine][law]") {
  const std::vector<v1::Event> received = {Received(k2012Receipt)};
  CHECK(After(received, ExtensionApproved(Day(2012, 10, 24))).ok());
  CHECK(After(received, ExtensionApproved(Day(2012, 10, 25))).ok());
  const Status late = After(received, ExtensionApproved(Day(2012, 10, 26)));
  CHECK_REFUSAL(late, kPrecondition, "ran out on 2012-10-25");
  CHECK_THAT(late.message(), Contains("Art. 24") && Contains("nothing revives an elapsed period"));
  // Under 2019 (due 06-13) the article is 33.
  CHECK_REFUSAL(After({Received(k2019Receipt)}, ExtensionApproved(Day(2019, 6, 14))), kPrecondition,
                "Art. 33");
  CHECK(After({Received(k2019Receipt)}, ExtensionApproved(Day(2019, 6, 13))).ok());
}

TEST_CASE("A consultation or a fee notice starts on or before the due date in force",
          "[engine][law]") {
  const std::vector<v1::Event> received = {Received(k2012Receipt)};
  CHECK(After(received, ConsultationStarted(Day(2012, 10, 24))).ok());
  CHECK(After(received, ConsultationStarted(Day(2012, 10, 25))).ok());
  CHECK_REFUSAL(After(received, ConsultationStarted(Day(2012, 10, 26))), kPrecondition,
                "ran out on 2012-10-25");
  CHECK(After(received, FeeNoticeIssued(Day(2012, 10, 24))).ok());
  CHECK(After(received, FeeNoticeIssued(Day(2012, 10, 25))).ok());
  CHECK_REFUSAL(After(received, FeeNoticeIssued(Day(2012, 10, 26))), kPrecondition,
                "a fee notice must be recorded on or before the due date in force (Art. 27)");
  // An extension moved the due date (15 + 15 -> 2012-11-15): a stop may
  // start up to that day.
  const std::vector<v1::Event> extended = {Received(k2012Receipt),
                                           ExtensionApproved(Day(2012, 10, 19))};
  CHECK(After(extended, ConsultationStarted(Day(2012, 11, 15))).ok());
  CHECK_REFUSAL(After(extended, ConsultationStarted(Day(2012, 11, 16))), kPrecondition,
                "ran out on 2012-11-15");
  // While a stop runs the period has not elapsed: another may start.
  CHECK(After({Received(k2012Receipt), ConsultationStarted(Day(2012, 10, 25), "甲公司")},
              ConsultationStarted(Day(2012, 11, 20), "乙公司"))
            .ok());
}

TEST_CASE("A correction is asked within 7 working days of receipt (2019), by the due date (2008)",
          "[engine][law]") {
  const std::vector<v1::Event> received_2019 = {Received(k2019Receipt)};
  CHECK(After(received_2019, CorrectionRequested(Day(2019, 5, 23))).ok());
  CHECK(After(received_2019, CorrectionRequested(Day(2019, 5, 24))).ok());
  const Status late = After(received_2019, CorrectionRequested(Day(2019, 5, 27)));
  CHECK_REFUSAL(late, kPrecondition, "ended on 2019-05-24");
  CHECK_THAT(late.message(), Contains("Art. 30"));

  const std::vector<v1::Event> received_2008 = {Received(k2012Receipt)};
  CHECK(After(received_2008, CorrectionRequested(Day(2012, 10, 24))).ok());
  CHECK(After(received_2008, CorrectionRequested(Day(2012, 10, 25))).ok());
  CHECK_REFUSAL(After(received_2008, CorrectionRequested(Day(2012, 10, 26))), kPrecondition,
                "ran out on 2012-10-25 (Art. 21(4))");
}

TEST_CASE("A fee is paid within 20 working days of the notice; later only its lapse is recorded",
          "[engine][law]") {
  // Notice 2019-05-20: the 20th working day after it is 2019-06-18 (05-21..24
  // (4), 27..31 (9), 06-03..06 (13), 06-07 off, 10..14 (18), 17, 18 (20)).
  const std::vector<v1::Event> notified = {Received(k2019Receipt),
                                           FeeNoticeIssued(Day(2019, 5, 20))};
  CHECK(After(notified, FeePaid(Day(2019, 6, 17))).ok());
  CHECK(After(notified, FeePaid(Day(2019, 6, 18))).ok());
  const Status late = After(notified, FeePaid(Day(2019, 6, 19)));
  CHECK_REFUSAL(late, kPrecondition, "closed on 2019-06-18");
  CHECK_THAT(late.message(), Contains("Art. 42") && Contains("fee-lapse"));
  CHECK_REFUSAL(After(notified, FeeLapsed(Day(2019, 6, 18))), kPrecondition, "until 2019-06-18");
  CHECK(After(notified, FeeLapsed(Day(2019, 6, 19))).ok());
  // The same window under 2008.
  const std::vector<v1::Event> notified_2012 = {Received(k2012Receipt),
                                                FeeNoticeIssued(Day(2012, 10, 8))};
  // 10-09..12 (4), 15..19 (9), 22..26 (14), 29..11-02 (19), 05 (20).
  CHECK(After(notified_2012, FeePaid(Day(2012, 11, 5))).ok());
  CHECK_REFUSAL(After(notified_2012, FeePaid(Day(2012, 11, 6))), kPrecondition, "Art. 27");
}

// Received 2012-09-20 (Thu): 15 working days -> due 2012-10-17. Consulted
// 甲 from 09-24 to 10-10 and 乙 from 09-27 to 10-15, and a fee notice from
// 10-09 to 10-12. Alone: 甲 excludes 09-25..28 (4), 09-29 (5), 10-08..10 (8);
// 乙 09-28, 29 (2), 10-08..12 (7), 10-15 (8); the fee 10-10..12 (3).
// Their union (09-24, 10-15] holds 11 working days: 09-25..29 (5),
// 10-08..12 (10), 10-15 (11). Due: 26 working days after 09-20: 10-17 (15),
// 18, 19 (17), 22..26 (22), 29..31 (25), 11-01 (26) -> 2012-11-01.
TEST_CASE("Overlapping stops across National Day exclude the union of their working days once",
          "[engine][law]") {
  const Date received = Day(2012, 9, 20);
  std::vector<v1::Event> events = {Received(received),
                                   ConsultationStarted(Day(2012, 9, 24), "甲公司")};
  auto deadline = [&] {
    const v1::RequestState state = StateAfter(events);
    auto d = DeadlineOf(state);
    REQUIRE(d.ok());
    return std::pair{state, *d};
  };
  {
    const auto [state, d] = deadline();
    CHECK(state.status() == v1::REQUEST_STATUS_CONSULTING);
    CHECK_FALSE(d.due_date.has_value());
    CHECK(d.remaining_days == 13);  // 09-21 and 09-24 ran.
  }
  events.push_back(ConsultationStarted(Day(2012, 9, 27), "乙公司"));
  events.push_back(FeeNoticeIssued(Day(2012, 10, 9)));
  {
    const auto [state, d] = deadline();
    CHECK(state.status() == v1::REQUEST_STATUS_AWAITING_FEE);
    CHECK(d.remaining_days == 13);
  }
  // Two consultations are open: the end must say which.
  CHECK_REFUSAL(After(events, ConsultationEnded(Day(2012, 10, 10))), kPrecondition,
                "several consultations are open (甲公司, 乙公司)");
  CHECK_REFUSAL(After(events, ConsultationEnded(Day(2012, 10, 10), "丙公司")), kPrecondition,
                "no consultation of 丙公司");
  events.push_back(ConsultationEnded(Day(2012, 10, 10), "甲公司"));
  events.push_back(FeePaid(Day(2012, 10, 12)));
  {
    const auto [state, d] = deadline();
    CHECK(state.status() == v1::REQUEST_STATUS_CONSULTING);
    CHECK_FALSE(d.due_date.has_value());
  }
  // Now only 乙 is open: its end needs no name.
  events.push_back(ConsultationEnded(Day(2012, 10, 15)));
  const auto [state, d] = deadline();
  CHECK(state.status() == v1::REQUEST_STATUS_OPEN);
  CHECK(d.excluded_days == 11);
  REQUIRE(d.due_date.has_value());
  CHECK(Str(*d.due_date) == "2012-11-01");
  CHECK(state.pauses_size() == 3);
  const std::string explanation = JoinedExplanation(d);
  CHECK_THAT(explanation, Contains("Consultation (甲公司) from 2012-09-24 to 2012-10-10: clock "
                                   "stopped, 8 working days excluded."));
  CHECK_THAT(explanation, Contains("Fee notice from 2012-10-09 to 2012-10-12"));
  CHECK_THAT(explanation, Contains("11 working days excluded in all"));
  CHECK_THAT(explanation, Contains("Due 2012-11-01: 26 working days after 2012-09-20"));
}

TEST_CASE("A withdrawal ends every running stop on its day", "[engine][law]") {
  const v1::RequestState state =
      StateAfter({Received(Day(2012, 9, 20)), ConsultationStarted(Day(2012, 9, 24), "甲公司"),
                  FeeNoticeIssued(Day(2012, 9, 25)), Withdrawn(Day(2012, 10, 10))});
  CHECK(state.status() == v1::REQUEST_STATUS_WITHDRAWN);
  for (const auto& pause : state.pauses()) CHECK(Str(pause.to()) == "2012-10-10");
  // Working days from receipt to closure: 09-21, 24..28, 29, 10-08..10.
  CHECK(state.reply_days() == 10);
}

TEST_CASE("Of the due-date levels come due at once, only the most severe is raised",
          "[engine][law]") {
  // Received 2012-09-28: due_soon 10-22, due_today 10-25, overdue 10-26,
  // very_overdue 11-16.
  v1::RequestState state = StateAfter({Received(k2012Receipt)});
  const Calendar& calendar = *Calendar::Builtin();
  auto take = [&](Date today) {
    auto raised = TakeDueAlerts(state, calendar, DeadlinePolicy(), today);
    REQUIRE(raised.ok());
    std::vector<std::string> lines;
    for (const auto& alert : *raised) lines.push_back(CodeOf(alert.level) + " " + Str(alert.on));
    return lines;
  };
  CHECK(take(Day(2012, 10, 21)).empty());
  CHECK(take(Day(2012, 10, 26)) == std::vector<std::string>{"overdue 2012-10-26"});
  CHECK(state.alerts_fired_size() == 3);  // due_soon and due_today passed over, marked.
  CHECK(take(Day(2012, 10, 30)).empty());
  CHECK(take(Day(2013, 3, 1)) == std::vector<std::string>{"very_overdue 2012-11-16"});
  CHECK(take(Day(2013, 3, 1)).empty());

  SECTION("a reminder come due in the same sweep is raised as well") {
    // 2019: correction_not_asked 05-22 (2 before 05-24); due 06-13.
    v1::RequestState s2019 = StateAfter({Received(k2019Receipt)});
    auto raised = TakeDueAlerts(s2019, calendar, DeadlinePolicy(), Day(2019, 6, 14));
    REQUIRE(raised.ok());
    std::vector<std::string> lines;
    for (const auto& alert : *raised) lines.push_back(CodeOf(alert.level) + " " + Str(alert.on));
    CHECK(lines ==
          std::vector<std::string>{"correction_not_asked 2019-05-22", "overdue 2019-06-14"});
  }
}

TEST_CASE("Overdue means at least one working day past the due date, also across a holiday",
          "[engine][law]") {
  // Due Thursday 2019-09-12; 09-13..15 off (中秋节): not overdue until
  // Monday 09-16, when the overdue alert fires.
  const Calendar& calendar = *Calendar::Builtin();
  const Date due = Day(2019, 9, 12);
  CHECK(WorkingDaysOverdue(calendar, due, Day(2019, 9, 12)) == 0);
  CHECK(WorkingDaysOverdue(calendar, due, Day(2019, 9, 13)) == 0);
  CHECK(WorkingDaysOverdue(calendar, due, Day(2019, 9, 15)) == 0);
  CHECK(WorkingDaysOverdue(calendar, due, Day(2019, 9, 16)) == 1);
  CHECK(WorkingDaysOverdue(calendar, due, Day(2019, 9, 17)) == 2);
  CHECK(WorkingDaysLeft(calendar, due, Day(2019, 9, 10)) == 2);
  CHECK(WorkingDaysLeft(calendar, due, Day(2019, 9, 12)) == 0);
  CHECK(WorkingDaysLeft(calendar, due, Day(2019, 9, 13)) == 0);
  // Received 2019-08-15 (Thu): 20 working days -> 2019-09-12. The
  // schedule's overdue day is the first day WorkingDaysOverdue is 1.
  const v1::RequestState state = StateAfter({Received(Day(2019, 8, 15))});
  auto d = DeadlineOf(state);
  REQUIRE(d.ok());
  REQUIRE(Str(*d->due_date) == "2019-09-12");
  auto schedule = ScheduleOf(state);
  REQUIRE(schedule.ok());
  for (const auto& alert : *schedule) {
    if (alert.level == v1::ALERT_LEVEL_OVERDUE) CHECK(Str(alert.on) == "2019-09-16");
  }
}

// The request of the issue: received 2026-12-10, due 2027-01-07 with 2027
// unannounced (the weekday rule: 2027-01-01, a Friday, counted); decided
// 2027-01-08: late. A 2027 notice then makes 01-01..03 off: due 01-08, and
// the decision was on time.
TEST_CASE("A recomputation with a new calendar corrects a closed request's lateness and figures",
          "[engine][law]") {
  const std::vector<v1::Event> events = {Received(Day(2026, 12, 10)), Decided(Day(2027, 1, 8))};
  const v1::RequestState closed = StateAfter(events);
  CHECK(closed.late());
  // 12-11 (1), 14..18 (6), 21..25 (11), 28..31 (15), 01-01 (16), 04..08 (21).
  CHECK(closed.reply_days() == 21);
  CalendarArrangements notice;
  notice.announced_years = {2027};
  for (int day = 1; day <= 3; ++day)
    notice.exceptions.push_back({Day(2027, 1, unsigned(day)), true, "元旦"});
  auto calendar = Calendar::Create({notice});
  REQUIRE(calendar.ok());
  v1::Event recompute = DeadlineRecomputed(Day(2027, 1, 20), "2027 notice loaded");
  auto after = ApplyOne(closed, recompute, {}, Day(2027, 1, 20), calendar->get());
  REQUIRE(after.ok());
  CHECK_FALSE(after->late());
  CHECK(after->reply_days() == 20);  // 01-01 is off now.
  std::map<std::string, int64_t> moved;
  AddDeltas(CounterDeltas(closed, *after), moved);
  CHECK(moved == std::map<std::string, int64_t>{{"210302|2027|late", -1},
                                                {"210302|2027|reply_days", -1},
                                                {"210302|2027|reply_hist|20", 1},
                                                {"210302|2027|reply_hist|21", -1}});
}

}  // namespace
}  // namespace gongkai::test
