// The deadline worker's side of the ledger (workers/alerts.cpp,
// calendar_load.cpp) over the in-memory store and a manual clock: which
// alert fires on which day, with the clock walked one day at a time across
// the holidays, under the 2008 and the 2019 rule; and loading a calendar,
// whose moved due dates the alerts follow. Re-arming and disarming are in
// alerts_rearm_test.cpp, the supervisors' commands in
// alerts_supervisor_test.cpp.
//
// How the expected dates were computed: by hand, from
// engine/data/cn_working_days.cal (a date listed there follows the list, any
// other Saturday or Sunday is off, any other weekday is a working day),
// counting working days AFTER the receipt date (the day of receipt is not
// counted). due_soon = the 3rd working day before the due date; due_today =
// the due date; overdue = the 1st working day after it; very_overdue = the
// (period + 1)th working day after it (16th under the 2008 rule, 21st under
// the 2019 rule); correction_not_asked (an officers' reminder) = 2 working
// days before the 7th working day after receipt, while a correction can
// still be asked; third_party_overdue (also a reminder) = the 16th working
// day after the consultation started.
// The counts are written out next to each request below.
#include <catch2/catch.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "engine/codes.h"
#include "tests/workers/ledger_fixture.h"
#include "tests/workers/memory_store.h"
#include "workers/ledger.h"

namespace gongkai::test {
namespace {

using Catch::Matchers::Contains;

// --- Firing days, one day at a time ---------------------------------------

TEST_CASE("Across National Day 2012 each level of a 2008-rule request fires on its day, once",
          "[workers][alerts]") {
  // 2008 rule: 15 working days. National Day 2012: 09-30..10-07 off, 09-29
  // (Saturday) a make-up working day.
  //
  // B, received 2012-09-10 (Mon): 09-11..14 (4), 17..21 (9), 24..28 (14),
  //   09-29 Sat make-up (15) -> due 2012-09-29, a Saturday.
  //   due_soon: back 3 from 09-29: 09-28, 27, 26 -> 2012-09-26.
  //   overdue: the first working day after 09-29 is 2012-10-08 (not 09-30).
  //   very_overdue: 16 after 09-29: 10-08..12 (5), 15..19 (10), 22..26 (15),
  //   10-29 (16) -> 2012-10-29.
  // C, received 2012-09-12 (Wed): 09-13, 14 (2), 17..21 (7), 24..28 (12),
  //   09-29 (13), 10-08 (14), 10-09 (15) -> due 2012-10-09 (Tue).
  //   due_soon: back 3 from 10-09: 10-08, 09-29, 09-28 -> 2012-09-28, before
  //   the holiday. overdue 2012-10-10. very_overdue: 10-10..12 (3),
  //   15..19 (8), 22..26 (13), 29..31 (16) -> 2012-10-31.
  // A, received 2012-09-28 (Fri): 09-29 (1), 10-08..12 (6), 15..19 (11),
  //   22..25 (15) -> due 2012-10-25 (Thu). due_soon 2012-10-22 (back: 24, 23,
  //   22); overdue 2012-10-26; very_overdue: 10-26 (1), 29..31 (4),
  //   11-01, 02 (6), 05..09 (11), 12..16 (16) -> 2012-11-16.
  AlertFixture f(Day(2012, 9, 10));
  const std::string b = f.NewRequest("210300", Day(2012, 9, 10));
  f.WalkTo(Day(2012, 9, 12));
  const std::string c = f.NewRequest("210321", Day(2012, 9, 12));
  f.WalkTo(Day(2012, 9, 28));
  const std::string a = f.NewRequest("21030003", Day(2012, 9, 28));
  f.WalkTo(Day(2012, 12, 31));

  CHECK(f.Recorded() == Lines({
                            {Day(2012, 9, 26), kDueSoon, b},
                            {Day(2012, 9, 29), kDueToday, b},
                            {Day(2012, 10, 8), kOverdue, b},
                            {Day(2012, 10, 29), kVeryOverdue, b},
                            {Day(2012, 9, 28), kDueSoon, c},
                            {Day(2012, 10, 9), kDueToday, c},
                            {Day(2012, 10, 10), kOverdue, c},
                            {Day(2012, 10, 31), kVeryOverdue, c},
                            {Day(2012, 10, 22), kDueSoon, a},
                            {Day(2012, 10, 25), kDueToday, a},
                            {Day(2012, 10, 26), kOverdue, a},
                            {Day(2012, 11, 16), kVeryOverdue, a},
                        }));
  CHECK(f.last_sequence() == 12);

  SECTION("each alert names its agency path, due date and escalation") {
    for (const v1::Alert& alert : f.RecordedAlerts()) {
      INFO("alert #" << alert.sequence() << " " << CodeOf(alert.level()) << " of "
                     << alert.request_id());
      CHECK(alert.agency_code() == alert.request_id().substr(0, alert.request_id().find('-')));
      CHECK(alert.escalated() == (alert.level() == kVeryOverdue));
      CHECK_FALSE(alert.message().empty());
      CHECK_THAT(alert.message(), Contains(Str(alert.due_date())));
    }
    CHECK(f.Find(b, kOverdue).agency_path() == "210300/");
    CHECK(f.Find(c, kOverdue).agency_path() == "210300/210321/");
    CHECK(f.Find(a, kOverdue).agency_path() == "210300/21030003/");
    CHECK(Str(f.Find(b, kVeryOverdue).due_date()) == "2012-09-29");
    CHECK(Str(f.Find(c, kDueSoon).due_date()) == "2012-10-09");
    CHECK(Str(f.Find(a, kDueToday).due_date()) == "2012-10-25");
  }
  SECTION("alerts fetch returns the same alerts, numbered 1 to 12") {
    const v1::Reply fetched = f.Handle(FetchCommand(""));
    REQUIRE_CODE(fetched, "ok");
    CHECK(Sequences(fetched) == Range(1, 12));
    const std::vector<v1::Alert> recorded = f.RecordedAlerts();
    REQUIRE(size_t(fetched.alerts_size()) == recorded.size());
    for (size_t i = 0; i < recorded.size(); ++i) {
      CHECK(fetched.alerts(int(i)).SerializeAsString() == recorded[i].SerializeAsString());
    }
    CHECK(fetched.last_alert_sequence() == 12);
  }
}

TEST_CASE("Across Spring Festival 2013 each level of a 2008-rule request fires on its day, once",
          "[workers][alerts]") {
  // Spring Festival 2013: 02-09..02-15 off; 02-16 (Sat) and 02-17 (Sun)
  // make-up working days.
  //
  // D, received 2013-01-18 (Fri): 01-21..25 (5), 28..02-01 (10),
  //   02-04..08 (15) -> due 2013-02-08 (Fri), the eve of the holiday.
  //   due_soon: back 3: 02-07, 06, 05 -> 2013-02-05. overdue: the first
  //   working day after 02-08 is 2013-02-16, a Saturday make-up day.
  //   very_overdue: 02-16 (1), 17 (2), 18..22 (7), 25..03-01 (12),
  //   03-04..07 (16) -> 2013-03-07.
  // E, received 2013-01-25 (Fri): 01-28..02-01 (5), 02-04..08 (10),
  //   02-16 (11), 17 (12), 18 (13), 19 (14), 20 (15) -> due 2013-02-20 (Wed).
  //   due_soon: back 3: 02-19, 18, 17 -> 2013-02-17, a Sunday make-up day.
  //   overdue 2013-02-21. very_overdue: 02-21, 22 (2), 25..03-01 (7),
  //   03-04..08 (12), 11..14 (16) -> 2013-03-14.
  AlertFixture f(Day(2013, 1, 18));
  const std::string d = f.NewRequest("210300", Day(2013, 1, 18));
  f.WalkTo(Day(2013, 1, 25));
  const std::string e = f.NewRequest("210321", Day(2013, 1, 25));
  f.WalkTo(Day(2013, 4, 30));

  CHECK(f.Recorded() == Lines({
                            {Day(2013, 2, 5), kDueSoon, d},
                            {Day(2013, 2, 8), kDueToday, d},
                            {Day(2013, 2, 16), kOverdue, d},
                            {Day(2013, 3, 7), kVeryOverdue, d},
                            {Day(2013, 2, 17), kDueSoon, e},
                            {Day(2013, 2, 20), kDueToday, e},
                            {Day(2013, 2, 21), kOverdue, e},
                            {Day(2013, 3, 14), kVeryOverdue, e},
                        }));
  CHECK(f.last_sequence() == 8);
  // Nothing was recorded on the holiday itself.
  for (const v1::Alert& alert : f.RecordedAlerts()) {
    CHECK_FALSE((Str(alert.on()) >= "2013-02-09" && Str(alert.on()) <= "2013-02-15"));
  }
}

TEST_CASE("Under the 2019 rule correction_not_asked and third_party_overdue fire on their days",
          "[workers][alerts]") {
  // 2019 rule: 20 working days. Spring Festival 2020 (extended):
  // 01-24..02-02 off; 01-19 (Sun) and 02-03 (Mon) working days.
  //
  // G, received 2020-01-10 (Fri); correction asked 01-13, the corrected
  //   request received 01-14 (the period restarts from it: version 2);
  //   consultation started 2020-01-15 (Wed).
  //   third_party_overdue: the 16th working day after 01-15: 01-16, 17 (2),
  //   19 Sun make-up (3), 20..23 (7), 02-03..07 (12), 10..13 (16)
  //   -> 2020-02-13.
  //   Consultation ended 2020-02-17 (Mon): it excludes the working days after
  //   01-15 up to and including 02-17: 01-16..23 (7 with 01-19),
  //   02-03..07 (12), 10..14 (17), 17 (18) = 18. Due = 20 + 18 = 38 working
  //   days after 01-14: 01-15 (1) ... 01-23 (8), 02-03..07 (13),
  //   10..14 (18), 17..21 (23), 24..28 (28), 03-02..06 (33), 09..13 (38)
  //   -> 2020-03-13 (version 3). due_soon: back 3: 03-12, 11, 10
  //   -> 2020-03-10; overdue 2020-03-16; very_overdue: 21 after 03-13:
  //   16..20 (5), 23..27 (10), 30..04-03 (15), 04-04..06 off (清明节),
  //   07..10 (19), 13, 14 (21) -> 2020-04-14.
  // F, received 2020-01-15 (Wed), nothing recorded afterwards.
  //   The 7 working days to ask for a correction: 01-16, 17 (2), 19 (3),
  //   20..23 (7) -> 2020-01-23; correction_not_asked 2 working days before
  //   it: 01-22, 21 -> 2020-01-21.
  //   Due: 02-03 (8), 02-04..07 (12), 10..14 (17), 17..19 (20) -> 2020-02-19.
  //   due_soon: back 3: 02-18, 17, 14 -> 2020-02-14. overdue 2020-02-20.
  //   very_overdue: 02-20, 21 (2), 24..28 (7), 03-02..06 (12), 09..13 (17),
  //   16..19 (21) -> 2020-03-19.
  // H, received 2020-01-15: correction asked on the 7th working day (01-23),
  //   the last day it may be, and never received: no due date, no alert;
  //   the reminder of 01-21 came before the request.
  // I, received 2020-01-15: decided 01-23: no alert; the reminder of 01-21.
  AlertFixture f(Day(2020, 1, 10));
  const std::string g = f.NewRequest("210300", Day(2020, 1, 10));
  f.WalkTo(Day(2020, 1, 13));
  {
    v1::Event asked = EventOn(g, Day(2020, 1, 13));
    asked.mutable_correction_requested();
    f.Record(RecordCommand("", asked));
  }
  f.WalkTo(Day(2020, 1, 14));
  {
    v1::Event corrected = EventOn(g, Day(2020, 1, 14));
    corrected.mutable_correction_received();
    f.Record(RecordCommand("", corrected));
  }
  f.WalkTo(Day(2020, 1, 15));
  {
    v1::Event consult = EventOn(g, Day(2020, 1, 15));
    consult.mutable_consultation_started()->set_party("鞍山市国土资源局");
    f.Record(RecordCommand("", consult));
  }
  const std::string fr = f.NewRequest("210321", Day(2020, 1, 15));
  const std::string h = f.NewRequest("21030003", Day(2020, 1, 15));
  const std::string i = f.NewRequest("210381", Day(2020, 1, 15));
  f.WalkTo(Day(2020, 1, 23));
  {
    v1::Event asked = EventOn(h, Day(2020, 1, 23));
    asked.mutable_correction_requested();
    f.Record(RecordCommand("", asked));
  }
  f.Record(DecideCommand("", i, Day(2020, 1, 23)));
  f.WalkTo(Day(2020, 2, 17));
  {
    v1::Event ended = EventOn(g, Day(2020, 2, 17));
    ended.mutable_consultation_ended();
    const v1::Reply reply = f.Record(RecordCommand("", ended));
    CHECK(Str(reply.due_date()) == "2020-03-13");
  }
  f.WalkTo(Day(2020, 5, 31));

  CHECK(f.Recorded() == Lines({
                            {Day(2020, 2, 13), kThirdPartyOverdue, g, 2},
                            {Day(2020, 3, 10), kDueSoon, g, 3},
                            {Day(2020, 3, 13), kDueToday, g, 3},
                            {Day(2020, 3, 16), kOverdue, g, 3},
                            {Day(2020, 4, 14), kVeryOverdue, g, 3},
                            {Day(2020, 1, 21), kCorrectionNotAsked, fr},
                            {Day(2020, 1, 21), kCorrectionNotAsked, h},
                            {Day(2020, 1, 21), kCorrectionNotAsked, i},
                            {Day(2020, 2, 14), kDueSoon, fr},
                            {Day(2020, 2, 19), kDueToday, fr},
                            {Day(2020, 2, 20), kOverdue, fr},
                            {Day(2020, 3, 19), kVeryOverdue, fr},
                        }));
  const v1::Alert& third_party = f.Find(g, kThirdPartyOverdue, 2);
  CHECK_FALSE(third_party.escalated());
  CHECK_THAT(third_party.message(), Contains("2020-01-15"));
  CHECK(third_party.party() == "鞍山市国土资源局");
  CHECK(Str(third_party.window_ends()) == "2020-02-12");
  const v1::Alert& not_asked = f.Find(fr, kCorrectionNotAsked);
  CHECK_FALSE(not_asked.escalated());
  CHECK(not_asked.agency_path() == "210300/210321/");
  CHECK_THAT(not_asked.message(), Contains("2020-01-15"));
  CHECK(Str(not_asked.window_ends()) == "2020-01-23");
  // Two streams: the reminders are numbered apart from the alerts.
  CHECK(f.last_reminder_sequence() == 4);
  CHECK(f.last_sequence() == 8);
  CHECK(f.Find(fr, kVeryOverdue).escalated());
}

TEST_CASE(
    "Under the 2019 rule correction_not_asked reminds 2 working days before the 7 run out, "
    "even while a consultation runs",
    "[workers][alerts]") {
  // K, received 2020-01-15 (Wed); a consultation starts the next day,
  // 2020-01-16, and ends 2020-02-20. Neither a decision nor a correction
  // request: correction_not_asked 2 working days before the 7th working day
  // after receipt (01-23; see the 2019 test), on 2020-01-21. A consultation
  // is neither a decision nor a correction request, and Art. 30's 7 working
  // days are not a period the consultation stops.
  // third_party_overdue: the 16th working day after 01-16: 01-17 (1),
  // 19 (2), 20..23 (6), 02-03..07 (11), 10..14 (16) -> 2020-02-14.
  AlertFixture f(Day(2020, 1, 15));
  const std::string k = f.NewRequest("210300", Day(2020, 1, 15));
  f.WalkTo(Day(2020, 1, 16));
  {
    v1::Event consult = EventOn(k, Day(2020, 1, 16));
    consult.mutable_consultation_started()->set_party("鞍山市住房和城乡建设委员会");
    f.Record(RecordCommand("", consult));
  }
  f.WalkTo(Day(2020, 2, 20));
  {
    v1::Event ended = EventOn(k, Day(2020, 2, 20));
    ended.mutable_consultation_ended();
    f.Record(RecordCommand("", ended));
  }
  f.WalkTo(Day(2020, 2, 21));
  CHECK(f.Recorded() == Lines({
                            {Day(2020, 1, 21), kCorrectionNotAsked, k, 1},
                            {Day(2020, 2, 14), kThirdPartyOverdue, k, 1},
                        }));
}

// --- Loading a calendar -----------------------------------------------------

TEST_CASE("Loading a calendar recomputes the due dates that move and the alerts follow them",
          "[workers][alerts]") {
  // On 2012-10-12 a local arrangement makes Wednesday 2012-10-17 a holiday.
  // X 210300, received 09-14 (Fri): 09-17..21 (5), 24..28 (10), 29 (11),
  //   10-08..11 (15) -> due 2012-10-11, before 10-17: it does not move.
  //   due_soon 10-08, due_today 10-11, overdue 10-12 (all before the load).
  //   very_overdue, 16 after 10-11: builtin 10-12, 15..19, 22..26, 29..31,
  //   11-01, 02 -> 11-02; with 10-17 off one day later -> 2012-11-05.
  // A 210300, received 09-28: due 10-25 -> 2012-10-26 (one working day
  //   fewer before it). due_soon: back 3 from 10-26: 25, 24, 23 -> 10-23;
  //   overdue 10-29 (Mon); very_overdue: 10-29..11-02 (5), 05..09 (10),
  //   12..16 (15), 19 (16) -> 2012-11-19.
  // B 210321, received 10-12 (Fri): builtin 10-15..19 (5), 22..26 (10),
  //   29..11-02 (15) -> 11-02; with 10-17 off -> 2012-11-05. due_soon: back 3
  //   from 11-05: 11-02, 01, 10-31 -> 10-31; overdue 11-06; very_overdue:
  //   11-06..09 (4), 12..16 (9), 19..23 (14), 26, 27 (16) -> 2012-11-27.
  // Y 210321, received 09-28, decided 10-10: closed, not recomputed.
  AlertFixture f(Day(2012, 9, 14));
  const std::string x = f.NewRequest("210300", Day(2012, 9, 14));
  f.WalkTo(Day(2012, 9, 28));
  const std::string a = f.NewRequest("210300", Day(2012, 9, 28));
  const std::string y = f.NewRequest("210321", Day(2012, 9, 28));
  f.WalkTo(Day(2012, 10, 10));
  f.Record(DecideCommand("", y, Day(2012, 10, 10)));
  f.WalkTo(Day(2012, 10, 12));
  const std::string b = f.NewRequest("210321", Day(2012, 10, 12));
  auto events = [&](const std::string& id) {
    const v1::Reply shown = f.Handle(ShowCommand(id));
    REQUIRE_CODE(shown, "ok");
    REQUIRE(shown.requests_size() == 1);
    return shown.requests(0);
  };
  const int y_events = events(y).events_size();
  const int x_events = events(x).events_size();

  const std::string source = "鞍山市2012年地方假日安排.cal";
  const std::string text =
      "# 鞍山市: a local holiday\n"
      "gongkai-calendar 1\n"
      "2012-10-17 off 地方假日\n";

  SECTION("a file that does not parse is refused and changes nothing") {
    const auto before = f.store().Tables();
    const v1::Reply refused =
        f.Handle(CalendarLoadCommand("cal-bad", "gongkai-calendar 1\n2012-10-32 off x\n", source));
    CHECK_CODE(refused, "invalid_argument");
    CHECK_THAT(refused.message(), Contains(source));
    CHECK(f.store().Tables() == before);
    CHECK(Str(events(a).due_date()) == "2012-10-25");
  }
  SECTION("the due dates move, with a recorded reason, and alerts follow the new dates") {
    const v1::Reply loaded = f.Handle(CalendarLoadCommand("cal-1", text, source));
    REQUIRE_CODE(loaded, "ok");
    CHECK_THAT(loaded.message(), Contains("the due dates of 2 open requests move"));
    REQUIRE(loaded.calendar_changes_size() == 2);

    for (const auto& [id, from, to] :
         std::vector<std::tuple<std::string, std::string, std::string>>{
             {a, "2012-10-25", "2012-10-26"}, {b, "2012-11-02", "2012-11-05"}}) {
      INFO(id);
      const v1::RequestView view = events(id);
      CHECK(Str(view.due_date()) == to);
      CHECK(view.state().deadline_version() == 2);
      REQUIRE(view.events_size() >= 2);
      const v1::Event& last = view.events(view.events_size() - 1);
      REQUIRE(last.has_deadline_recomputed());
      CHECK(Str(last.on()) == "2012-10-12");
      CHECK(last.calendar_generation() == 1);
      CHECK_THAT(last.deadline_recomputed().reason(), Contains(source));
      CHECK_THAT(last.deadline_recomputed().reason(), Contains(from));
      CHECK_THAT(last.deadline_recomputed().reason(), Contains(to));
    }
    CHECK(events(x).events_size() == x_events);
    CHECK(Str(events(x).due_date()) == "2012-10-11");
    CHECK(events(y).events_size() == y_events);
    // Re-indexed: each open request's index entry is its next alert day.
    const auto index = f.store().Raw(Table::kDeadlines);
    CHECK(index.count("2012-10-23|" + a) == 1);
    CHECK(index.count("2012-10-31|" + b) == 1);
    CHECK(index.count("2012-11-05|" + x) == 1);
    CHECK(index.size() == 3);
    CHECK_CODE(f.Handle(VerifyCommand()), "ok");

    f.WalkTo(Day(2012, 11, 10));
    // A restarted daemon reads the loaded calendar back from the store.
    f.Reopen(Day(2012, 11, 10));
    CHECK_CODE(f.Handle(VerifyCommand()), "ok");
    f.WalkTo(Day(2012, 12, 31));

    CHECK(f.Recorded() == Lines({
                              {Day(2012, 10, 8), kDueSoon, x},
                              {Day(2012, 10, 11), kDueToday, x},
                              {Day(2012, 10, 12), kOverdue, x},
                              {Day(2012, 11, 5), kVeryOverdue, x},
                              {Day(2012, 10, 23), kDueSoon, a, 2},
                              {Day(2012, 10, 26), kDueToday, a, 2},
                              {Day(2012, 10, 29), kOverdue, a, 2},
                              {Day(2012, 11, 19), kVeryOverdue, a, 2},
                              {Day(2012, 10, 31), kDueSoon, b, 2},
                              {Day(2012, 11, 5), kDueToday, b, 2},
                              {Day(2012, 11, 6), kOverdue, b, 2},
                              {Day(2012, 11, 27), kVeryOverdue, b, 2},
                          }));
    CHECK(Str(f.Find(a, kOverdue, 2).due_date()) == "2012-10-26");
    const v1::Reply verified = f.Handle(VerifyCommand());
    CHECK_CODE(verified, "ok");
    CHECK_THAT(verified.text(), Contains("all agree"));
  }
}

TEST_CASE(
    "A calendar load that moves a due date back to an earlier date re-arms the levels "
    "for that new deadline version",
    "[workers][alerts]") {
  // A, received 2012-09-28: due 2012-10-25 (version 1; see the National Day
  // test): due_soon 10-22, due_today 10-25, overdue 10-26.
  // On 10-26 a first file makes Wednesday 10-24 a holiday: one working day
  // fewer before the due date -> due 2012-10-26 (version 2): due_soon, back
  // 3 from 10-26: 10-25, 23, 22 -> 10-22 (past), due_today 10-26 (today):
  // the load's own group raises the most severe, due_today.
  // Still on 10-26 a second file gives 10-24 back as a working day: due
  // 2012-10-25 again, a third deadline version, and the request is overdue
  // again. Each level is recorded once per deadline version, and of the
  // levels come due for version 3 (due_soon 10-22, due_today 10-25, overdue
  // 10-26) that group raises overdue alone; very_overdue follows on 11-16
  // (16 working days after 10-25).
  AlertFixture f(Day(2012, 9, 28));
  const std::string a = f.NewRequest("210300", Day(2012, 9, 28));
  f.WalkTo(Day(2012, 10, 26));
  const v1::Reply away = f.Handle(CalendarLoadCommand(
      "cal-away", "gongkai-calendar 1\n2012-10-24 off 临时安排\n", "first.cal"));
  REQUIRE_CODE(away, "ok");
  const v1::Reply back = f.Handle(CalendarLoadCommand(
      "cal-back", "gongkai-calendar 1\n2012-10-24 work 临时安排取消\n", "second.cal"));
  REQUIRE_CODE(back, "ok");
  {
    const v1::Reply shown = f.Handle(ShowCommand(a));
    REQUIRE_CODE(shown, "ok");
    CHECK(Str(shown.requests(0).due_date()) == "2012-10-25");
    CHECK(shown.requests(0).state().deadline_version() == 3);
  }
  {
    // The worklist's entry names the overdue alert of the current deadline.
    const v1::Reply overdue = f.Handle(OverdueCommand("210300"));
    REQUIRE_CODE(overdue, "ok");
    REQUIRE(overdue.overdue_size() == 1);
    CHECK(overdue.overdue(0).request().state().deadline_version() == 3);
    CHECK(overdue.overdue(0).working_days_overdue() == 1);
    CHECK(overdue.overdue(0).alert_sequence() != 0);
  }
  f.WalkTo(Day(2012, 11, 30));
  CHECK(f.Recorded() == std::vector<std::string>{
                            Line("2012-10-22", kDueSoon, a, 1),
                            Line("2012-10-25", kDueToday, a, 1),
                            Line("2012-10-26", kOverdue, a, 1),
                            Line("2012-10-26", kDueToday, a, 2),
                            Line("2012-10-26", kOverdue, a, 3),
                            Line("2012-11-16", kVeryOverdue, a, 3),
                        });
  CHECK_CODE(f.Handle(VerifyCommand()), "ok");
}

}  // namespace
}  // namespace gongkai::test
