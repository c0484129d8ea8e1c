// The deadline worker's side of the ledger (workers/alerts.cpp) over the
// in-memory store and a manual clock: a new deadline (an extension, a fee
// paid) re-arms the levels and a decision or a withdrawal disarms them; each
// alert is recorded once per request, level and deadline version, durably
// and numbered without gaps, whether the clock moves in one step, a sweep
// is repeated or fails, the ledger is reopened or the clock is the system's.
//
// The expected dates are computed as alerts_schedule_test.cpp explains; "the
// National Day test" and "the 2019 test" named below are there.
#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "engine/codes.h"
#include "tests/workers/ledger_fixture.h"
#include "tests/workers/memory_store.h"
#include "workers/ledger.h"

namespace gongkai::test {
namespace {

// --- Re-arming and disarming ---------------------------------------------

TEST_CASE(
    "An extension on the due date re-arms the levels for the new date, a late one is refused, "
    "and a decision stops them",
    "[workers][alerts]") {
  // A, L and M received 2012-09-28: due 2012-10-25 (see the National Day
  // test): due_soon 10-22, due_today 10-25, overdue 10-26, very_overdue 11-16.
  // L is extended on 10-19 before any alert, A on its due date 10-25 after
  // its due_today alert: 15 + 15 = 30 working days after 09-28: 10-26 (16),
  // 29..11-02 (21), 05..09 (26), 12..15 (30) -> due 2012-11-15 (version 2).
  // due_soon: back 3: 11-14, 13, 12 -> 2012-11-12; overdue 2012-11-16;
  // very_overdue: 16 after 11-15: 16 (1), 19..23 (6), 26..30 (11),
  // 12-03..07 (16) -> 2012-12-07. A and L are decided on 2012-11-19: no
  // very_overdue. M's extension on 10-26 comes after its due date: refused.
  AlertFixture f(Day(2012, 9, 28));
  const std::string a = f.NewRequest("210300", Day(2012, 9, 28));
  const std::string l = f.NewRequest("210321", Day(2012, 9, 28));
  const std::string m = f.NewRequest("21030003", Day(2012, 9, 28));
  f.WalkTo(Day(2012, 10, 19));
  CHECK(Str(f.Record(ExtendCommand("", l, Day(2012, 10, 19))).due_date()) == "2012-11-15");
  f.WalkTo(Day(2012, 10, 25));
  CHECK(f.Recorded() == Lines({
                            {Day(2012, 10, 22), kDueSoon, a},
                            {Day(2012, 10, 25), kDueToday, a},
                            {Day(2012, 10, 22), kDueSoon, m},
                            {Day(2012, 10, 25), kDueToday, m},
                        }));
  const v1::Reply extended = f.Record(ExtendCommand("", a, Day(2012, 10, 25)));
  CHECK(Str(extended.due_date()) == "2012-11-15");
  f.WalkTo(Day(2012, 10, 26));
  {
    // Nothing revives an elapsed period: M's extension is refused, and
    // nothing is written.
    const auto before = f.store().Tables();
    const v1::Reply late = f.Handle(ExtendCommand("late-m", m, Day(2012, 10, 26)));
    CHECK_CODE(late, "failed_precondition");
    CHECK_THAT(late.message(), Catch::Matchers::Contains("ran out on 2012-10-25") &&
                                   Catch::Matchers::Contains("nothing revives an elapsed period"));
    CHECK(f.store().Tables() == before);
  }
  CHECK_CODE(f.Handle(AckCommand("ack-m", f.Find(m, kOverdue).sequence())), "ok");
  {
    // A is not overdue; M is, and its overdue alert is acknowledged.
    const v1::Reply overdue = f.Handle(OverdueCommand("210300"));
    REQUIRE_CODE(overdue, "ok");
    REQUIRE(overdue.overdue_size() == 1);
    CHECK(overdue.overdue(0).request().state().id() == m);
    CHECK(overdue.overdue(0).acknowledged());
  }
  f.WalkTo(Day(2012, 11, 16));
  {
    // On 11-16: M is 16 working days overdue (10-26, 29..31, 11-01, 02,
    // 05..09, 12..16) and its very_overdue alert, not yet acknowledged, is
    // the one its entry names; A and L are 1 (11-16) overdue on their new
    // deadline.
    const v1::Reply overdue = f.Handle(OverdueCommand("210300"));
    REQUIRE_CODE(overdue, "ok");
    std::vector<std::string> lines;
    for (const auto& entry : overdue.overdue()) {
      lines.push_back(
          entry.request().state().id() + " " + std::to_string(entry.working_days_overdue()) + " #" +
          std::to_string(entry.alert_sequence()) + (entry.acknowledged() ? " acknowledged" : ""));
    }
    CHECK(lines ==
          std::vector<std::string>{m + " 16 #" + std::to_string(f.Find(m, kVeryOverdue).sequence()),
                                   a + " 1 #" + std::to_string(f.Find(a, kOverdue, 2).sequence()),
                                   l + " 1 #" + std::to_string(f.Find(l, kOverdue, 2).sequence())});
  }
  f.WalkTo(Day(2012, 11, 19));
  f.Record(DecideCommand("", a, Day(2012, 11, 19)));
  f.Record(DecideCommand("", l, Day(2012, 11, 19)));
  f.WalkTo(Day(2013, 1, 31));

  CHECK(f.Recorded() == Lines({
                            {Day(2012, 10, 22), kDueSoon, a, 1},
                            {Day(2012, 10, 25), kDueToday, a, 1},
                            {Day(2012, 11, 12), kDueSoon, a, 2},
                            {Day(2012, 11, 15), kDueToday, a, 2},
                            {Day(2012, 11, 16), kOverdue, a, 2},
                            {Day(2012, 11, 12), kDueSoon, l, 2},
                            {Day(2012, 11, 15), kDueToday, l, 2},
                            {Day(2012, 11, 16), kOverdue, l, 2},
                            {Day(2012, 10, 22), kDueSoon, m, 1},
                            {Day(2012, 10, 25), kDueToday, m, 1},
                            {Day(2012, 10, 26), kOverdue, m, 1},
                            {Day(2012, 11, 16), kVeryOverdue, m, 1},
                        }));
  CHECK(Str(f.Find(a, kDueSoon, 2).due_date()) == "2012-11-15");
  CHECK(Str(f.Find(a, kDueSoon, 1).due_date()) == "2012-10-25");
  // The decided requests have left the deadline index; M has nothing left.
  CHECK(f.store().Raw(Table::kDeadlines).empty());
  const v1::Reply verified = f.Handle(VerifyCommand());
  CHECK_CODE(verified, "ok");
}

TEST_CASE(
    "A fee notice stops the alerts until the payment re-arms them for the moved date, and "
    "a withdrawal disarms them",
    "[workers][alerts]") {
  // A and W received 2012-09-28: due 2012-10-25, due_soon 10-22 (see the
  // National Day test).
  // A: fee notice 10-22 (after due_soon), paid 10-31: the stop excludes the
  //   working days after 10-22 up to and including 10-31: 23..26 (4),
  //   29..31 (7). Due = 15 + 7 = 22 working days after 09-28: 10-25 (15),
  //   26 (16), 29..31 (19), 11-01, 02 (21), 05 (22) -> 2012-11-05
  //   (version 2). due_soon, back 3: 11-02, 01, 10-31 -> 10-31, the day of
  //   the payment (recorded by the payment's group); overdue 11-06;
  //   very_overdue, 16 after 11-05: 06..09 (4), 12..16 (9), 19..23 (14),
  //   26, 27 (16) -> 2012-11-27. Nothing on 10-25 or 10-26 while unpaid.
  // W: withdrawn 10-23: nothing after its due_soon.
  AlertFixture f(Day(2012, 9, 28));
  const std::string a = f.NewRequest("210300", Day(2012, 9, 28));
  const std::string w = f.NewRequest("210321", Day(2012, 9, 28));
  f.WalkTo(Day(2012, 10, 22));
  {
    v1::Event notice = EventOn(a, Day(2012, 10, 22));
    notice.mutable_fee_notice_issued()->set_amount_fen(5000);
    f.Record(RecordCommand("", notice));
  }
  f.WalkTo(Day(2012, 10, 23));
  {
    v1::Event withdrawn = EventOn(w, Day(2012, 10, 23));
    withdrawn.mutable_withdrawn();
    f.Record(RecordCommand("", withdrawn));
  }
  f.WalkTo(Day(2012, 10, 31));
  {
    v1::Event paid = EventOn(a, Day(2012, 10, 31));
    paid.mutable_fee_paid();
    CHECK(Str(f.Record(RecordCommand("", paid)).due_date()) == "2012-11-05");
  }
  f.WalkTo(Day(2012, 12, 31));
  CHECK(f.Recorded() == Lines({
                            {Day(2012, 10, 22), kDueSoon, a, 1},
                            {Day(2012, 10, 31), kDueSoon, a, 2},
                            {Day(2012, 11, 5), kDueToday, a, 2},
                            {Day(2012, 11, 6), kOverdue, a, 2},
                            {Day(2012, 11, 27), kVeryOverdue, a, 2},
                            {Day(2012, 10, 22), kDueSoon, w, 1},
                        }));
  CHECK(Str(f.Find(a, kDueSoon, 2).on()) == "2012-10-31");
}

TEST_CASE(
    "A clock advance past several levels raises only the most severe, dated its day, and the "
    "passed levels are never raised late",
    "[workers][alerts]") {
  // A received 2012-09-28: due_soon 10-22, due_today 10-25, overdue 10-26,
  // very_overdue 11-16 (see the National Day test).
  AlertFixture f(Day(2012, 9, 28));
  const std::string a = f.NewRequest("210300", Day(2012, 9, 28));
  // To 10-26 in one step: due_soon and due_today passed, overdue is raised.
  std::vector<v1::Alert> recorded = f.AdvanceTo(Day(2012, 10, 26));
  REQUIRE(recorded.size() == 1);
  CHECK(CodeOf(recorded[0].level()) == "overdue");
  CHECK(Str(recorded[0].on()) == "2012-10-26");
  CHECK(Str(recorded[0].raised()) == "2012-10-26");
  // To the end of the year: very_overdue, due on 11-16, raised on 12-31.
  recorded = f.AdvanceTo(Day(2012, 12, 31));
  REQUIRE(recorded.size() == 1);
  CHECK(CodeOf(recorded[0].level()) == "very_overdue");
  CHECK(Str(recorded[0].on()) == "2012-11-16");
  CHECK(Str(recorded[0].raised()) == "2012-12-31");
  CHECK(recorded[0].sequence() == 2);
  CHECK(f.AdvanceTo(Day(2013, 6, 30)).empty());
  CHECK(f.Handle(VerifyCommand()).code() == v1::STATUS_CODE_OK);
}

TEST_CASE(
    "An alert is recorded once: a repeated sweep, a replayed advance and a reopened ledger "
    "record nothing again",
    "[workers][alerts]") {
  AlertFixture f(Day(2012, 9, 28));
  const std::string a = f.NewRequest("210300", Day(2012, 9, 28));
  const v1::Command advance = AdvanceCommand("advance-to-10-22", Day(2012, 10, 22));
  const v1::Reply first = f.Handle(advance);
  REQUIRE_CODE(first, "ok");
  REQUIRE(f.last_sequence() == 1);
  const auto alerts_before = f.store().Raw(Table::kAlerts);

  const v1::Reply swept = f.Handle(SweepCommand());
  CHECK_CODE(swept, "ok");
  CHECK(swept.message() == "recorded 0 alerts");
  const v1::Reply replayed = f.Handle(advance);
  CHECK(replayed.SerializeAsString() == first.SerializeAsString());
  CHECK(f.store().Raw(Table::kAlerts) == alerts_before);
  CHECK(f.last_sequence() == 1);

  f.Reopen(Day(2012, 10, 22));
  CHECK(f.Handle(SweepCommand()).message() == "recorded 0 alerts");
  CHECK(f.store().Raw(Table::kAlerts) == alerts_before);

  // Numbering goes on without a gap after the restart.
  f.WalkTo(Day(2012, 11, 30));
  CHECK(f.Recorded() == Lines({
                            {Day(2012, 10, 22), kDueSoon, a},
                            {Day(2012, 10, 25), kDueToday, a},
                            {Day(2012, 10, 26), kOverdue, a},
                            {Day(2012, 11, 16), kVeryOverdue, a},
                        }));
  const auto alerts = f.store().Raw(Table::kAlerts);
  CHECK(CountKeys(alerts, "seq|") == 4);
  CHECK(CountKeys(alerts, "fired|") == 4);
  CHECK(Sequences(f.Handle(FetchCommand(""))) == Range(1, 4));
}

TEST_CASE("A sweep whose write fails records nothing and its retry uses the same numbers",
          "[workers][alerts]") {
  AlertFixture f(Day(2012, 9, 28));
  const std::string a = f.NewRequest("210300", Day(2012, 9, 28));
  f.WalkTo(Day(2012, 10, 22));
  REQUIRE(f.last_sequence() == 1);
  // The daemon restarts three days later: the new day's sweep is pending.
  f.Reopen(Day(2012, 10, 25));
  const auto before = f.store().Tables();
  f.store().FailNextWrite();
  const v1::Reply failed = f.Handle(SweepCommand());
  CHECK_CODE(failed, "unavailable");
  CHECK(f.store().Tables() == before);
  CHECK(f.last_sequence() == 1);

  const v1::Reply retried = f.Handle(SweepCommand());
  CHECK_CODE(retried, "ok");
  CHECK(retried.message() == "recorded 1 alerts");
  CHECK(f.Recorded() == Lines({
                            {Day(2012, 10, 22), kDueSoon, a},
                            {Day(2012, 10, 25), kDueToday, a},
                        }));
  CHECK(f.last_sequence() == 2);
}

TEST_CASE("On the system clock the first group of a new day records the day's alerts",
          "[workers][alerts]") {
  AlertFixture f(Day(2012, 9, 28));
  const std::string a = f.NewRequest("210300", Day(2012, 9, 28));
  f.Reopen(std::make_unique<FixedSystemClock>(Day(2012, 10, 22)));
  const v1::Reply fetched = f.Handle(FetchCommand("210300"));
  REQUIRE_CODE(fetched, "ok");
  // The sweep ran before the query was answered.
  REQUIRE(fetched.alerts_size() == 1);
  CHECK(fetched.alerts(0).level() == kDueSoon);
  CHECK(fetched.alerts(0).request_id() == a);
  CHECK(f.Recorded() == Lines({{Day(2012, 10, 22), kDueSoon, a}}));
}

}  // namespace
}  // namespace gongkai::test
