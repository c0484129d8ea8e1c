// Due dates, their explanations and alert schedules (engine/deadline.h).
//
// Every expected date was counted by hand on engine/data/cn_working_days.cal:
// a listed date follows its line (off / work), any other Saturday or Sunday
// is off, any other weekday is a working day; the day of receipt is not
// counted unless the policy says so. Each test's comment shows the count.
#include "engine/deadline.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "engine/calendar.h"
#include "engine/civil_date.h"
#include "engine/codes.h"
#include "tests/engine/test_requests.h"

namespace gongkai {
namespace {

using namespace gongkai::test;  // NOLINT: the builders are the vocabulary here.
using Catch::Matchers::Contains;

// Applies `events`, all of which must be accepted.
v1::RequestState StateAfter(const std::vector<v1::Event>& events,
                            const DeadlinePolicy& policy = {}) {
  Replay replay = ApplyEvents(events, policy);
  INFO("refusal of event " << replay.accepted + 1 << ": " << replay.refusal.ToString());
  REQUIRE(replay.refusal.ok());
  return replay.state;
}

Deadline DeadlineAfter(const std::vector<v1::Event>& events, const DeadlinePolicy& policy = {}) {
  auto deadline = DeadlineOf(StateAfter(events, policy), policy);
  INFO(deadline.status().ToString());
  REQUIRE(deadline.ok());
  return *deadline;
}

std::vector<ScheduledAlert> ScheduleAfter(const std::vector<v1::Event>& events,
                                          const DeadlinePolicy& policy = {}) {
  auto schedule = ScheduleOf(StateAfter(events, policy), policy);
  INFO(schedule.status().ToString());
  REQUIRE(schedule.ok());
  return *schedule;
}

// "due_soon 2012-10-22 (2012-10-25)" per alert, for whole-schedule checks.
std::vector<std::string> Describe(const std::vector<ScheduledAlert>& schedule) {
  std::vector<std::string> out;
  for (const ScheduledAlert& alert : schedule) {
    out.push_back(CodeOf(alert.level) + " " + Str(alert.on) + " (" + Str(alert.anchor) + ")");
  }
  return out;
}

std::string Describe(const std::optional<ScheduledAlert>& alert) {
  return alert ? Describe(std::vector<ScheduledAlert>{*alert}).front() : std::string("none");
}

// A fired alert of the request's first deadline version unless told.
v1::FiredAlert Fired(v1::AlertLevel level, Date anchor, int version = 1) {
  v1::FiredAlert fired;
  fired.set_level(level);
  *fired.mutable_anchor() = ToCivil(anchor);
  fired.set_deadline_version(version);
  return fired;
}

// ---------------------------------------------------------------------------
// Holidays.

TEST_CASE("National Day 2012: 15 working days from 2012-09-28 end on 2012-10-25",
          "[engine][deadline]") {
  // Received Friday 2012-09-28. Sat 09-29 is a make-up working day (1);
  // 09-30..10-07 off (中秋节、国庆节); 10-08..12 (2-6), 10-15..19 (7-11),
  // 10-22..25 (12-15).
  const Deadline d = DeadlineAfter({Received(Day(2012, 9, 28))});
  CHECK(Str(d.due_date) == "2012-10-25");
  CHECK_FALSE(d.provisional);
  CHECK(d.period_days == 15);
  CHECK(d.extension_days == 0);
  CHECK(d.excluded_days == 0);
  const std::string why = JoinedExplanation(d);
  CHECK_THAT(why, Contains("Received 2012-09-28; the 2008 rule applies (Art. 24): 15 working "
                           "days, the day of receipt not counted."));
  CHECK_THAT(why,
             Contains("Holidays crossed, not counted: 中秋节、国庆节 2012-09-30..2012-10-07."));
  CHECK_THAT(why, Contains("Make-up working days crossed, counted: 中秋节、国庆节 2012-09-29."));
  CHECK_THAT(why, Contains("Due 2012-10-25: 15 working days after 2012-09-28."));
}

TEST_CASE("Spring Festival 2012: the make-up Saturday and Sunday count, the week off does not",
          "[engine][deadline]") {
  // Received Monday 2012-01-16: 01-17..20 (1-4), Sat 01-21 work (5),
  // 01-22..28 off (春节), Sun 01-29 work (6), 01-30..31 (7-8),
  // 02-01..03 (9-11), 02-06..09 (12-15).
  const Deadline d = DeadlineAfter({Received(Day(2012, 1, 16))});
  CHECK(Str(d.due_date) == "2012-02-09");
  const std::string why = JoinedExplanation(d);
  CHECK_THAT(why, Contains("Holidays crossed, not counted: 春节 2012-01-22..2012-01-28."));
  CHECK_THAT(why,
             Contains("Make-up working days crossed, counted: 春节 2012-01-21; 春节 2012-01-29."));
}

TEST_CASE("Spring Festival 2020: the extended holiday to 2020-02-02 is not counted",
          "[engine][deadline]") {
  SECTION("received Friday 2020-01-17, 2019 rule, 20 working days") {
    // Sun 01-19 work (1), 01-20..23 (2-5), 01-24..02-02 off (春节, extended:
    // Sat 02-01 is off too), 02-03..07 (6-10), 02-10..14 (11-15),
    // 02-17..21 (16-20).
    const Deadline d = DeadlineAfter({Received(Day(2020, 1, 17))});
    CHECK(Str(d.due_date) == "2020-02-21");
    CHECK(d.period_days == 20);
    const std::string why = JoinedExplanation(d);
    CHECK_THAT(why, Contains("the 2019 rule applies (Art. 33): 20 working days"));
    CHECK_THAT(why, Contains("Holidays crossed, not counted: 春节 2020-01-24..2020-02-02."));
    CHECK_THAT(why, Contains("春节 2020-01-19"));
  }
  SECTION("received Monday 2020-01-20") {
    // 01-21..23 (1-3), holiday to 02-02, 02-03..07 (4-8), 02-10..14 (9-13),
    // 02-17..21 (14-18), 02-24..25 (19-20).
    CHECK(Str(DeadlineAfter({Received(Day(2020, 1, 20))}).due_date) == "2020-02-25");
  }
}

TEST_CASE("Spring Festival 2024: 20 working days from 2024-02-05 end on 2024-03-08",
          "[engine][deadline]") {
  // 02-06..09 (1-4), 02-10..17 off (春节), Sun 02-18 work (5), 02-19..23
  // (6-10), 02-26..03-01 (11-15), 03-04..08 (16-20).
  const Deadline d = DeadlineAfter({Received(Day(2024, 2, 5))});
  CHECK(Str(d.due_date) == "2024-03-08");
  const std::string why = JoinedExplanation(d);
  CHECK_THAT(why, Contains("Holidays crossed, not counted: 春节 2024-02-10..2024-02-17."));
  CHECK_THAT(why, Contains("Make-up working days crossed, counted: 春节 2024-02-18."));
}

// ---------------------------------------------------------------------------
// Regimes and policy.

TEST_CASE("The 2019 rule applies to requests received from 2019-05-15", "[engine][deadline]") {
  SECTION("received 2019-05-14: 2008 rule, 15 working days") {
    // 05-15..17 (1-3), 05-20..24 (4-8), 05-27..31 (9-13), 06-03..04 (14-15).
    const v1::RequestState state = StateAfter({Received(Day(2019, 5, 14))});
    CHECK(state.regime() == v1::REGIME_2008);
    const Deadline d = DeadlineAfter({Received(Day(2019, 5, 14))});
    CHECK(d.period_days == 15);
    CHECK(Str(d.due_date) == "2019-06-04");
    CHECK_THAT(JoinedExplanation(d), Contains("the 2008 rule applies (Art. 24)"));
  }
  SECTION("received 2019-05-15: 2019 rule, 20 working days") {
    // 05-16..17 (1-2), 05-20..24 (3-7), 05-27..31 (8-12), 06-03..06 (13-16),
    // 06-07 off (端午节), 06-10..13 (17-20).
    const v1::RequestState state = StateAfter({Received(Day(2019, 5, 15))});
    CHECK(state.regime() == v1::REGIME_2019);
    const Deadline d = DeadlineAfter({Received(Day(2019, 5, 15))});
    CHECK(d.period_days == 20);
    CHECK(Str(d.due_date) == "2019-06-13");
    const std::string why = JoinedExplanation(d);
    CHECK_THAT(why, Contains("the 2019 rule applies (Art. 33)"));
    CHECK_THAT(why, Contains("端午节 2019-06-07"));
  }
}

TEST_CASE("A pinned regime applies whatever the receipt date", "[engine][deadline]") {
  SECTION("2008 pinned, received 2019-05-15: 15 working days") {
    // As above, the 15th working day after 2019-05-15 is 06-05.
    const DeadlinePolicy policy = PinnedPolicy(v1::REGIME_2008);
    const Deadline d = DeadlineAfter({Received(Day(2019, 5, 15))}, policy);
    CHECK(d.period_days == 15);
    CHECK(Str(d.due_date) == "2019-06-05");
  }
  SECTION("2019 pinned, received 2012-09-28: 20 working days") {
    // 15th is 10-25 (see National Day), then 10-26 (16), 10-29..31 (17-19),
    // 11-01 (20).
    const DeadlinePolicy policy = PinnedPolicy(v1::REGIME_2019);
    const Deadline d = DeadlineAfter({Received(Day(2012, 9, 28))}, policy);
    CHECK(d.period_days == 20);
    CHECK(Str(d.due_date) == "2012-11-01");
    CHECK_THAT(JoinedExplanation(d), Contains("the 2019 rule applies (Art. 33)"));
  }
}

TEST_CASE("count_receipt_day makes the day of receipt the first working day",
          "[engine][deadline]") {
  DeadlinePolicy counted;
  counted.count_receipt_day = true;
  SECTION("received on a working day: one day earlier") {
    // 09-28 (1), 09-29 (2), 10-08..12 (3-7), 10-15..19 (8-12), 10-22..24
    // (13-15).
    const Deadline d = DeadlineAfter({Received(Day(2012, 9, 28))}, counted);
    CHECK(Str(d.due_date) == "2012-10-24");
    CHECK_THAT(JoinedExplanation(d), Contains("the day of receipt counted"));
  }
  SECTION("received on a holiday: no difference") {
    // Received Saturday 2012-10-06 (off): 10-08..12 (1-5), 10-15..19 (6-10),
    // 10-22..26 (11-15) either way.
    CHECK(Str(DeadlineAfter({Received(Day(2012, 10, 6))}, counted).due_date) == "2012-10-26");
    CHECK(Str(DeadlineAfter({Received(Day(2012, 10, 6))}).due_date) == "2012-10-26");
  }
}

TEST_CASE("A December 2026 receipt due in 2027 is provisional until 2027's notice is loaded",
          "[engine][deadline]") {
  // Received Thursday 2026-12-10, 2019 rule: 12-11 (1), 12-14..18 (2-6),
  // 12-21..25 (7-11), 12-28..31 (12-15); 2027 has no notice, so Friday
  // 2027-01-01 follows the weekday rule (16), 01-04..07 (17-20).
  const v1::RequestState state = StateAfter({Received(Day(2026, 12, 10))});
  auto d = DeadlineOf(state);
  REQUIRE(d.ok());
  CHECK(Str(d->due_date) == "2027-01-07");
  CHECK(d->provisional);
  CHECK_THAT(JoinedExplanation(*d), Contains("Provisional: a year it crosses has no holiday "
                                             "notice loaded"));

  SECTION("a receipt due within 2026 is not provisional") {
    // Received 2026-12-01: 12-02..04 (1-3), 12-07..11 (4-8), 12-14..18
    // (9-13), 12-21..25 (14-18), 12-28..29 (19-20).
    const Deadline early = DeadlineAfter({Received(Day(2026, 12, 1))});
    CHECK(Str(early.due_date) == "2026-12-29");
    CHECK_FALSE(early.provisional);
    CHECK_THAT(JoinedExplanation(early), !Contains("Provisional"));
  }
  SECTION("loading the 2027 notice settles and moves it") {
    // With 2027-01-01 off: 12-28..31 (12-15), 01-04..08 (16-20).
    auto notice =
        ParseCalendarText("gongkai-calendar 1\nannounced 2027\n2027-01-01 off 元旦\n", "2027.cal");
    REQUIRE(notice.ok());
    auto calendar = Calendar::Create({*notice});
    REQUIRE(calendar.ok());
    auto settled = ComputeDeadline(state, **calendar, DeadlinePolicy{});
    REQUIRE(settled.ok());
    CHECK(Str(settled->due_date) == "2027-01-08");
    CHECK_FALSE(settled->provisional);
    CHECK_THAT(JoinedExplanation(*settled), Contains("元旦 2027-01-01"));
  }
}

// ---------------------------------------------------------------------------
// Clock stops, extensions, corrections.

TEST_CASE("A consultation spanning National Day excludes only the working days after its start",
          "[engine][deadline]") {
  // Received Monday 2012-09-17; unpaused due: 09-18..21 (1-4), 09-24..28
  // (5-9), 09-29 (10), 10-08..12 (11-15) = 2012-10-12.
  const std::vector<v1::Event> received = {Received(Day(2012, 9, 17))};
  REQUIRE(Str(DeadlineAfter(received).due_date) == "2012-10-12");

  SECTION("while it runs there is no due date, only the working days left") {
    // Started Wednesday 09-26: 09-18..26 are 7 working days used, 8 remain.
    std::vector<v1::Event> events = received;
    events.push_back(ConsultationStarted(Day(2012, 9, 26), "鞍山市国土资源局"));
    const Deadline d = DeadlineAfter(events);
    CHECK(Str(d.due_date) == "unset");
    CHECK(d.remaining_days == 8);
    CHECK_THAT(JoinedExplanation(d),
               Contains("Consultation (鞍山市国土资源局) since 2012-09-26: clock stopped; 8 "
                        "working days remain when it restarts."));
  }
  SECTION("09-26..10-09 excludes 09-27, 09-28, 09-29, 10-08, 10-09: 5 days") {
    // The holiday 09-30..10-07 inside the stop is not counted twice: the
    // due date moves by 5 working days, 10-12 -> 10-19.
    std::vector<v1::Event> events = received;
    events.push_back(ConsultationStarted(Day(2012, 9, 26), "鞍山市国土资源局"));
    events.push_back(ConsultationEnded(Day(2012, 10, 9)));
    const Deadline d = DeadlineAfter(events);
    CHECK(d.excluded_days == 5);
    CHECK(Str(d.due_date) == "2012-10-19");
    const std::string why = JoinedExplanation(d);
    CHECK_THAT(why, Contains("Consultation (鞍山市国土资源局) from 2012-09-26 to 2012-10-09: "
                             "clock stopped, 5 working days excluded."));
    CHECK_THAT(why,
               Contains("Due 2012-10-19: 20 working days after 2012-09-17 (15 + 5 excluded)."));
  }
  SECTION("09-28..10-08 excludes only the make-up Saturday 09-29 and 10-08: 2 days") {
    // Due: 10-12 (15), 10-15 (16), 10-16 (17).
    std::vector<v1::Event> events = received;
    events.push_back(ConsultationStarted(Day(2012, 9, 28)));
    events.push_back(ConsultationEnded(Day(2012, 10, 8)));
    const Deadline d = DeadlineAfter(events);
    CHECK(d.excluded_days == 2);
    CHECK(Str(d.due_date) == "2012-10-16");
  }
}

TEST_CASE("An extension and a paid fee notice both move the due date and are explained",
          "[engine][deadline]") {
  // Received 2012-09-28 (due 10-25). Fee notice 10-08, paid 10-10: 10-09 and
  // 10-10 excluded (2). Extension of 15 approved 10-11. Total 32 working
  // days: 10-25 (15), 10-26 (16), 10-29..31 (17-19), 11-01..02 (20-21),
  // 11-05..09 (22-26), 11-12..16 (27-31), 11-19 (32).
  const Deadline d =
      DeadlineAfter({Received(Day(2012, 9, 28)), FeeNoticeIssued(Day(2012, 10, 8)),
                     FeePaid(Day(2012, 10, 10)), ExtensionApproved(Day(2012, 10, 11))});
  CHECK(d.extension_days == 15);
  CHECK(d.excluded_days == 2);
  CHECK(Str(d.due_date) == "2012-11-19");
  const std::string why = JoinedExplanation(d);
  CHECK_THAT(why, Contains("Extension of 15 working days approved on 2012-10-11 (Art. 24)."));
  CHECK_THAT(why, Contains("Fee notice from 2012-10-08 to 2012-10-10: clock stopped, 2 working "
                           "days excluded."));
  CHECK_THAT(why, Contains("Due 2012-11-19: 32 working days after 2012-09-28 (15 + 15 extension "
                           "+ 2 excluded)."));
}

TEST_CASE(
    "A corrected request restarts the period: the earlier extension and stops no longer count",
    "[engine][deadline]") {
  SECTION("2008") {
    // Received Monday 2012-03-05; consultation 03-06..03-07 excludes 03-07
    // (1); extension of 15 on 03-07. Due: 31 working days after 03-05:
    // 03-06..09 (1-4), 03-12..16 (5-9), 03-19..23 (10-14), 03-26..30
    // (15-19), Sat 03-31 and Sun 04-01 work (20-21), 04-02..04 off (清明节),
    // 04-05..06 (22-23), 04-09..13 (24-28), 04-16..18 (29-31).
    std::vector<v1::Event> events = {
        Received(Day(2012, 3, 5)), ConsultationStarted(Day(2012, 3, 6)),
        ConsultationEnded(Day(2012, 3, 7)), ExtensionApproved(Day(2012, 3, 7))};
    const Deadline before = DeadlineAfter(events);
    REQUIRE(before.extension_days == 15);
    REQUIRE(before.excluded_days == 1);
    CHECK(Str(before.due_date) == "2012-04-18");

    events.push_back(CorrectionRequested(Day(2012, 3, 8)));
    const Deadline waiting = DeadlineAfter(events);
    CHECK(Str(waiting.due_date) == "unset");
    CHECK_THAT(JoinedExplanation(waiting),
               Contains("Correction requested on 2012-03-08: no due date until the corrected "
                        "request is received"));

    // Corrected request Monday 2012-03-12: 15 working days from it, nothing
    // else: 03-13..16 (1-4), 03-19..23 (5-9), 03-26..30 (10-14), Sat 03-31
    // work (15).
    events.push_back(CorrectionReceived(Day(2012, 3, 12)));
    const Deadline restarted = DeadlineAfter(events);
    CHECK(Str(restarted.due_date) == "2012-03-31");
    CHECK(restarted.extension_days == 0);
    CHECK(restarted.excluded_days == 0);
    const std::string why = JoinedExplanation(restarted);
    CHECK_THAT(why, Contains("Received 2012-03-05"));
    CHECK_THAT(why, Contains("Corrected request received 2012-03-12: the period restarts from it "
                             "(Art. 21(4)); earlier clock stops and extensions no longer count."));
    CHECK_THAT(why, Contains("Due 2012-03-31: 15 working days after 2012-03-12."));
    CHECK_THAT(why, !Contains("Consultation"));

    // A new extension may be approved in the new period: 30 working days
    // after 03-12: 03-31 (15), 04-01 (16), 04-05..06 (17-18), 04-09..13
    // (19-23), 04-16..20 (24-28), 04-23..24 (29-30).
    events.push_back(ExtensionApproved(Day(2012, 3, 13)));
    const v1::RequestState state = StateAfter(events);
    CHECK(state.extension_days() == 15);
    CHECK(Str(state.extension_approved_on()) == "2012-03-13");
    auto extended = DeadlineOf(state);
    REQUIRE(extended.ok());
    CHECK(Str(extended->due_date) == "2012-04-24");
  }
  SECTION("2019") {
    // Received 2019-05-15, extension on 05-16, correction asked 05-16,
    // corrected request Monday 2019-05-20. 20 working days after it:
    // 05-21..24 (1-4), 05-27..31 (5-9), 06-03..06 (10-13), 06-07 off,
    // 06-10..14 (14-18), 06-17..18 (19-20).
    std::vector<v1::Event> events = {
        Received(Day(2019, 5, 15)), ExtensionApproved(Day(2019, 5, 16)),
        CorrectionRequested(Day(2019, 5, 16)), CorrectionReceived(Day(2019, 5, 20))};
    const Deadline restarted = DeadlineAfter(events);
    CHECK(Str(restarted.due_date) == "2019-06-18");
    CHECK(restarted.extension_days == 0);
    CHECK_THAT(JoinedExplanation(restarted), Contains("the period restarts from it (Art. 30)"));
    // Extension again: 40 working days after 05-20: 06-18 (20), 06-19..21
    // (21-23), 06-24..28 (24-28), 07-01..05 (29-33), 07-08..12 (34-38),
    // 07-15..16 (39-40).
    events.push_back(ExtensionApproved(Day(2019, 5, 21)));
    CHECK(Str(DeadlineAfter(events).due_date) == "2019-07-16");
  }
}

TEST_CASE("A fee notice awaiting payment leaves no due date, only the days that remain",
          "[engine][deadline]") {
  // Received 2012-09-28, notice 2012-10-08: 09-29 and 10-08 used, 13 remain.
  const Deadline d = DeadlineAfter({Received(Day(2012, 9, 28)), FeeNoticeIssued(Day(2012, 10, 8))});
  CHECK(Str(d.due_date) == "unset");
  CHECK(d.remaining_days == 13);
  CHECK_THAT(JoinedExplanation(d), Contains("Fee notice since 2012-10-08: clock stopped; 13 "
                                            "working days remain when it restarts."));
}

TEST_CASE("The deadline of an unregistered request is an internal error", "[engine][deadline]") {
  auto d = DeadlineOf(v1::RequestState{});
  REQUIRE_FALSE(d.ok());
  CHECK(d.status().code() == StatusCode::kInternal);
}

// ---------------------------------------------------------------------------
// Alert schedules.

TEST_CASE("A 2008 request arms due_soon, due_today, overdue and very_overdue",
          "[engine][deadline]") {
  // Due Thursday 2012-10-25. due_soon: 3 working days before: 10-24, 10-23,
  // 10-22. overdue: the next working day, 10-26. very_overdue: the first
  // working day after 15 more: 10-26 (1), 10-29..31 (2-4), 11-01..02 (5-6),
  // 11-05..09 (7-11), 11-12..15 (12-15) -> 11-16.
  const auto schedule = ScheduleAfter({Received(Day(2012, 9, 28))});
  CHECK(Describe(schedule) == std::vector<std::string>{
                                  "due_soon 2012-10-22 (2012-10-25)",
                                  "due_today 2012-10-25 (2012-10-25)",
                                  "overdue 2012-10-26 (2012-10-25)",
                                  "very_overdue 2012-11-16 (2012-10-25)",
                              });
}

TEST_CASE("due_soon counts working days back across a holiday", "[engine][deadline]") {
  // Received Wednesday 2012-09-12: 09-13..14 (1-2), 09-17..21 (3-7),
  // 09-24..28 (8-12), 09-29 (13), 10-08..09 (14-15): due 2012-10-09.
  // Back 3: 10-08, 09-29 (make-up Saturday), 09-28. very_overdue: 10-10..12
  // (1-3), 10-15..19 (4-8), 10-22..26 (9-13), 10-29..30 (14-15) -> 10-31.
  const auto schedule = ScheduleAfter({Received(Day(2012, 9, 12))});
  CHECK(Describe(schedule) == std::vector<std::string>{
                                  "due_soon 2012-09-28 (2012-10-09)",
                                  "due_today 2012-10-09 (2012-10-09)",
                                  "overdue 2012-10-10 (2012-10-09)",
                                  "very_overdue 2012-10-31 (2012-10-09)",
                              });
}

TEST_CASE("due_soon follows policy.due_soon_days", "[engine][deadline]") {
  // Due 2012-10-25; 5 working days before: 10-24, 23, 22, 19, 18.
  DeadlinePolicy policy;
  policy.due_soon_days = 5;
  const auto schedule = ScheduleAfter({Received(Day(2012, 9, 28))}, policy);
  REQUIRE_FALSE(schedule.empty());
  CHECK(Describe(schedule.front()) == "due_soon 2012-10-18 (2012-10-25)");
}

TEST_CASE("A 2019 request also arms correction_not_asked until a correction is requested",
          "[engine][deadline]") {
  // Received 2019-05-15, due 2019-06-13. The 7 working days to ask for a
  // correction: 05-16..17 (1-2), 05-20..24 (3-7) -> 05-24; correction_not_asked
  // reminds 2 working days before: 05-23, 22 -> 05-22, anchored on the receipt. due_soon: 06-12,
  // 06-11, 06-10. overdue: 06-14. very_overdue: 06-14 (1), 06-17..21 (2-6), 06-24..28 (7-11),
  // 07-01..05 (12-16), 07-08..11 (17-20) -> 07-12.
  const auto schedule = ScheduleAfter({Received(Day(2019, 5, 15))});
  CHECK(Describe(schedule) == std::vector<std::string>{
                                  "correction_not_asked 2019-05-22 (2019-05-15)",
                                  "due_soon 2019-06-10 (2019-06-13)",
                                  "due_today 2019-06-13 (2019-06-13)",
                                  "overdue 2019-06-14 (2019-06-13)",
                                  "very_overdue 2019-07-12 (2019-06-13)",
                              });

  SECTION("not after a correction was requested") {
    // Corrected request 2019-05-20: due 2019-06-18 (see the restart test);
    // due_soon 06-17, 06-14, 06-13; overdue 06-19; very_overdue: 06-19..21
    // (1-3), 06-24..28 (4-8), 07-01..05 (9-13), 07-08..12 (14-18),
    // 07-15..16 (19-20) -> 07-17.
    const auto after =
        ScheduleAfter({Received(Day(2019, 5, 15)), CorrectionRequested(Day(2019, 5, 16)),
                       CorrectionReceived(Day(2019, 5, 20))});
    CHECK(Describe(after) == std::vector<std::string>{
                                 "due_soon 2019-06-13 (2019-06-18)",
                                 "due_today 2019-06-18 (2019-06-18)",
                                 "overdue 2019-06-19 (2019-06-18)",
                                 "very_overdue 2019-07-17 (2019-06-18)",
                             });
  }
  SECTION("never under 2008") {
    for (const ScheduledAlert& alert : ScheduleAfter({Received(Day(2019, 5, 14))})) {
      CHECK(alert.level != v1::ALERT_LEVEL_CORRECTION_NOT_ASKED);
    }
  }
}

TEST_CASE("third_party_overdue is armed only under 2019 while a consultation runs",
          "[engine][deadline]") {
  // While the clock is stopped, the 2019 rule's 7 working days to ask for a
  // correction still run: received Wednesday 2019-05-15, the 7th working day
  // after is 05-16, 17, 20..24 -> 2019-05-24, and the reminder 2 working days
  // before it, 2019-05-22.
  SECTION("2019: the 16th working day after the consultation's start") {
    // Started Monday 2019-05-20: 05-21..24 (1-4), 05-27..31 (5-9),
    // 06-03..06 (10-13), 06-07 off, 06-10..12 (14-16).
    const auto schedule =
        ScheduleAfter({Received(Day(2019, 5, 15)), ConsultationStarted(Day(2019, 5, 20))});
    CHECK(Describe(schedule) ==
          std::vector<std::string>{"correction_not_asked 2019-05-22 (2019-05-15)",
                                   "third_party_overdue 2019-06-12 (2019-05-20)"});
  }
  SECTION("2008: a consultation arms nothing") {
    CHECK(
        ScheduleAfter({Received(Day(2012, 9, 28)), ConsultationStarted(Day(2012, 10, 8))}).empty());
  }
  SECTION("2019: a fee notice arms no third_party_overdue, only correction_not_asked") {
    CHECK(
        Describe(ScheduleAfter({Received(Day(2019, 5, 15)), FeeNoticeIssued(Day(2019, 5, 20))})) ==
        std::vector<std::string>{"correction_not_asked 2019-05-22 (2019-05-15)"});
  }
  SECTION("2019: once the consultation ended, the due-date alerts return") {
    // 05-20..05-22 excludes 05-21, 05-22: due 2019-06-13 + 2 = 06-17.
    const auto schedule =
        ScheduleAfter({Received(Day(2019, 5, 15)), ConsultationStarted(Day(2019, 5, 20)),
                       ConsultationEnded(Day(2019, 5, 22))});
    for (const ScheduledAlert& alert : schedule) {
      CHECK(alert.level != v1::ALERT_LEVEL_THIRD_PARTY_OVERDUE);
    }
    REQUIRE(schedule.size() == 5);
    CHECK(Describe(schedule[2]) == "due_today 2019-06-17 (2019-06-17)");
  }
}

TEST_CASE("Closed requests and requests awaiting a correction have no alerts",
          "[engine][deadline]") {
  const Date received = Day(2019, 5, 15);
  CHECK(ScheduleAfter({Received(received), Decided(Day(2019, 5, 20))}).empty());
  CHECK(ScheduleAfter({Received(received), Decided(Day(2019, 5, 20)), Delivered(Day(2019, 5, 21))})
            .empty());
  CHECK(ScheduleAfter({Received(received), Withdrawn(Day(2019, 5, 20))}).empty());
  CHECK(ScheduleAfter({Received(received), AnsweredOnTheSpot(received)}).empty());
  CHECK(ScheduleAfter({Received(received), CorrectionRequested(Day(2019, 5, 16), 5),
                       CorrectionLapsed(Day(2019, 6, 3))})
            .empty());
  CHECK(ScheduleAfter({Received(received), CorrectionRequested(Day(2019, 5, 16))}).empty());
}

TEST_CASE("NextAlert skips the alerts whose level and anchor already fired", "[engine][deadline]") {
  v1::RequestState state = StateAfter({Received(Day(2012, 9, 28))});
  auto schedule = ScheduleOf(state);
  REQUIRE(schedule.ok());
  CHECK(Describe(NextAlert(*schedule, state)) == "due_soon 2012-10-22 (2012-10-25)");

  SECTION("a fired due_soon for the same due date is skipped") {
    *state.add_alerts_fired() = Fired(v1::ALERT_LEVEL_DUE_SOON, Day(2012, 10, 25));
    CHECK(Describe(NextAlert(*schedule, state)) == "due_today 2012-10-25 (2012-10-25)");
  }
  SECTION("a due_soon fired for another due date does not count") {
    *state.add_alerts_fired() = Fired(v1::ALERT_LEVEL_DUE_SOON, Day(2012, 10, 12));
    CHECK(Describe(NextAlert(*schedule, state)) == "due_soon 2012-10-22 (2012-10-25)");
  }
  SECTION("the same level and due date fired for an earlier deadline version does not count") {
    // A due date that moved away and back is a new deadline (version 2).
    state.set_deadline_version(2);
    *state.add_alerts_fired() = Fired(v1::ALERT_LEVEL_DUE_SOON, Day(2012, 10, 25), 1);
    CHECK(Describe(NextAlert(*schedule, state)) == "due_soon 2012-10-22 (2012-10-25)");
  }
  SECTION("another level fired for the same due date does not count") {
    *state.add_alerts_fired() = Fired(v1::ALERT_LEVEL_DUE_TODAY, Day(2012, 10, 25));
    CHECK(Describe(NextAlert(*schedule, state)) == "due_soon 2012-10-22 (2012-10-25)");
  }
  SECTION("all fired: none left") {
    for (auto level : {v1::ALERT_LEVEL_DUE_SOON, v1::ALERT_LEVEL_DUE_TODAY, v1::ALERT_LEVEL_OVERDUE,
                       v1::ALERT_LEVEL_VERY_OVERDUE}) {
      *state.add_alerts_fired() = Fired(level, Day(2012, 10, 25));
    }
    CHECK(Describe(NextAlert(*schedule, state)) == "none");
  }
  SECTION("an empty schedule has no next alert") {
    CHECK(Describe(NextAlert({}, state)) == "none");
  }
}

TEST_CASE("An extension re-arms the alerts for the new due date", "[engine][deadline]") {
  // due_soon fired for 2012-10-25; the extension of 15 moves the due date to
  // 2012-11-15 (30 working days after 09-28), whose due_soon is 3 working
  // days before: 11-14, 11-13, 11-12.
  v1::RequestState state = StateAfter({Received(Day(2012, 9, 28))});
  *state.add_alerts_fired() = Fired(v1::ALERT_LEVEL_DUE_SOON, Day(2012, 10, 25));
  auto extended = ApplyOne(state, ExtensionApproved(Day(2012, 10, 22)));
  REQUIRE(extended.ok());
  CHECK(extended->deadline_version() == state.deadline_version() + 1);
  auto schedule = ScheduleOf(*extended);
  REQUIRE(schedule.ok());
  CHECK(Describe(NextAlert(*schedule, *extended)) == "due_soon 2012-11-12 (2012-11-15)");
}

}  // namespace
}  // namespace gongkai
