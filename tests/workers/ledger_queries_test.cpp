// The ledger worker (workers/ledger.h) over the in-memory store and a manual
// clock: the manual clock (and one that is not manual), personal data kept
// out of replies and of every table but the applicants table, list filters
// and admin verify. Intake, idempotency and group commit are in
// ledger_intake_test.cpp.
//
// Dates used below (working days from engine/data/cn_working_days.cal, the
// day of receipt not counted, 2008 rule: 15 working days):
//   2012-09-28 (Fri) received -> due 2012-10-25 (National Day 09-30..10-07
//                                off, 09-29 a make-up working day)
//   2012-10-15 (Mon) received -> due 2012-11-05
//   2012-11-01 (Thu) received -> due 2012-11-22; extended by 15 -> 2012-12-13
//   2012-11-19 (Mon) received -> due 2012-12-10
#include <algorithm>
#include <catch2/catch.hpp>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "engine/calendar.h"
#include "engine/civil_date.h"
#include "engine/codes.h"
#include "engine/counters.h"
#include "engine/keys.h"
#include "tests/workers/ledger_fixture.h"
#include "tests/workers/memory_store.h"
#include "workers/ledger.h"

namespace gongkai::test {
namespace {

using Catch::Matchers::Contains;

std::vector<std::string> Ids(const v1::Reply& reply) {
  std::vector<std::string> ids;
  for (const auto& view : reply.requests()) ids.push_back(view.state().id());
  return ids;
}

// --- The clock -------------------------------------------------------------

TEST_CASE("Advancing the manual clock moves today and never goes backwards", "[workers][ledger]") {
  LedgerFixture f(Day(2012, 9, 28));
  const v1::Reply advanced = f.Handle(AdvanceCommand("a1", Day(2012, 10, 15)));
  REQUIRE_CODE(advanced, "ok");
  CHECK(Str(advanced.today()) == "2012-10-15");
  CHECK(f.ledger().Today() == Day(2012, 10, 15));
  const v1::Reply shown = f.Handle(ClockShowCommand());
  CHECK(Str(shown.today()) == "2012-10-15");
  CHECK(shown.text() == "manual");
  // Dates up to the new today are accepted now.
  CHECK_CODE(f.Handle(IntakeCommand("i1", "210300", Day(2012, 10, 12))), "ok");

  const int writes = f.store().writes();
  const v1::Reply back = f.Handle(AdvanceCommand("a2", Day(2012, 10, 1)));
  CHECK_CODE(back, "invalid_argument");
  CHECK_THAT(back.message(), Contains("before today"));
  CHECK(f.ledger().Today() == Day(2012, 10, 15));
  CHECK(f.store().writes() == writes);

  SECTION("the date is stored, and a reopened ledger with an earlier clock restores it") {
    auto meta = f.store().Raw(Table::kMeta);
    CHECK(meta["clock"] == "2012-10-15");
    f.Reopen(Day(2012, 9, 28));
    CHECK(f.ledger().Today() == Day(2012, 10, 15));
    const v1::Reply reopened = f.Handle(ClockShowCommand());
    CHECK(Str(reopened.today()) == "2012-10-15");
    CHECK_CODE(f.Handle(AdvanceCommand("a3", Day(2012, 10, 14))), "invalid_argument");
  }
  SECTION("a reopened ledger with a later manual clock keeps the later date") {
    f.Reopen(Day(2012, 12, 1));
    CHECK(f.ledger().Today() == Day(2012, 12, 1));
  }
}

TEST_CASE("Advancing a clock that is not manual is a failed precondition", "[workers][ledger]") {
  LedgerFixture f(Day(2012, 9, 28));
  REQUIRE_CODE(f.Handle(AdvanceCommand("a1", Day(2012, 10, 15))), "ok");

  // The stored manual date does not apply to a system clock.
  f.Reopen(std::make_unique<FixedSystemClock>(Day(2012, 11, 20)));
  const int writes = f.store().writes();
  CHECK(f.ledger().Today() == Day(2012, 11, 20));
  CHECK(f.Handle(ClockShowCommand()).text() == "system");

  const v1::Reply reply = f.Handle(AdvanceCommand("a2", Day(2012, 12, 1)));
  CHECK_CODE(reply, "failed_precondition");
  CHECK_THAT(reply.message(), Contains("system clock"));
  CHECK(f.ledger().Today() == Day(2012, 11, 20));
  CHECK(f.store().writes() == writes);
}

TEST_CASE(
    "A restart with other alert settings rebuilds the deadline index; other due-date settings "
    "are refused",
    "[workers][ledger]") {
  // Received 2012-09-28, due 2012-10-25: due_soon 3 working days before is
  // 10-22, 5 before is 10-18.
  LedgerFixture f(Day(2012, 9, 28));
  const std::string id = f.NewRequest("210300", Day(2012, 9, 28));
  CHECK(f.store().Raw(Table::kDeadlines).count("2012-10-22|" + id) == 1);
  LedgerOptions options;
  options.policy.due_soon_days = 5;
  f.set_options(options);
  f.Reopen(Day(2012, 9, 28));
  const auto index = f.store().Raw(Table::kDeadlines);
  CHECK(index.count("2012-10-18|" + id) == 1);
  CHECK(index.size() == 1);
  CHECK(f.Handle(ClockShowCommand()).settings().due_soon_days() == 5);
  CHECK_CODE(f.Handle(VerifyCommand()), "ok");

  options.policy.count_receipt_day = true;
  auto refused = Ledger::Open(f.store(), std::make_unique<ManualClock>(Day(2012, 9, 28)),
                              Calendar::Builtin(), Agencies(), options);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == StatusCode::kFailedPrecondition);
  CHECK_THAT(refused.status().message(),
             Contains("day of receipt not counted") && Contains("cannot change"));
}

// --- Personal data -------------------------------------------------------------

TEST_CASE("The agencies reply names each agency's parent, tier and path", "[workers][ledger]") {
  LedgerFixture f;
  v1::Command agencies;
  agencies.mutable_agencies();
  const v1::Reply reply = f.Handle(agencies);
  REQUIRE_CODE(reply, "ok");
  bool county = false;
  for (const auto& info : reply.agencies()) {
    CHECK_FALSE(info.tier().empty());
    CHECK(info.path().size() >= info.code().size() + 1);
    if (info.code() != "210302") continue;
    county = true;
    CHECK(info.parent_code() == "210300");
    CHECK(info.tier() == "county");
    CHECK(info.path() == "210300/210302/");
  }
  CHECK(county);
}

TEST_CASE("Show returns the events without the applicant's personal data", "[workers][ledger]") {
  LedgerFixture f;
  const v1::Reply intake = f.Handle(IntakeCommand("k1", "210300", Day(2012, 11, 1)));
  REQUIRE_CODE(intake, "ok");
  const std::string id = intake.request_id();
  const v1::Reply decided = f.Handle(DecideCommand("k2", id, Day(2012, 11, 20)));
  REQUIRE_CODE(decided, "ok");
  const v1::Reply shown = f.Handle(ShowCommand(id));
  REQUIRE_CODE(shown, "ok");
  REQUIRE(shown.requests_size() == 1);
  const v1::RequestView& view = shown.requests(0);
  REQUIRE(view.events_size() == 2);
  CHECK(view.events(0).sequence() == 1);
  CHECK(view.events(0).has_received());
  CHECK(view.events(0).received().agency_code() == "210300");
  CHECK_FALSE(view.events(0).received().has_applicant());
  CHECK(view.events(1).has_decided());
  const v1::Reply listed = f.Handle(ListCommand());
  REQUIRE_CODE(listed, "ok");
  // A repeated intake answers from the idempotency table.
  const v1::Reply repeated = f.Handle(IntakeCommand("k1", "210300", Day(2012, 11, 1)));

  for (const v1::Reply* reply : {&intake, &decided, &shown, &listed, &repeated}) {
    const std::string bytes = reply->SerializeAsString();
    for (const std::string& personal : kPersonalData) {
      INFO("personal data '" << personal << "' in reply " << reply->message());
      CHECK(bytes.find(personal) == std::string::npos);
    }
  }

  // The applicants table holds them, and no other table does.
  auto applicants = f.store().Raw(Table::kApplicants);
  REQUIRE(applicants.count(id) == 1);
  v1::ApplicantPersonalData stored;
  REQUIRE(stored.ParseFromString(applicants[id]));
  CHECK(stored.name() == kName);
  CHECK(stored.id_number() == kIdNumber);
  CHECK(stored.phone() == kPhone);
  CHECK(stored.address() == kAddress);
  CHECK(stored.contact() == kContact);
  const auto tables = f.store().Tables();
  for (int t = 0; t < kTableCount; ++t) {
    if (Table(t) == Table::kApplicants) continue;
    for (const auto& [key, value] : tables[t]) {
      for (const std::string& personal : kPersonalData) {
        INFO("table " << TableName(Table(t)) << ", personal data '" << personal << "'");
        CHECK(key.find(personal) == std::string::npos);
        CHECK(value.find(personal) == std::string::npos);
      }
    }
  }
}

TEST_CASE("Refused intakes never echo the applicant's personal data", "[workers][ledger]") {
  LedgerFixture f;
  std::vector<v1::Command> refused;
  refused.push_back(IntakeCommand("p1", "999999", Day(2012, 11, 19)));
  refused.push_back(IntakeCommand("p2", "210300", Day(2012, 11, 21)));
  {
    v1::Command c = IntakeCommand("p3", "210300", Day(2012, 11, 19));
    auto* applicant = c.mutable_intake()->mutable_received()->mutable_applicant();
    applicant->set_address(std::string(kAddress) + std::string(400, '#'));
    refused.push_back(c);
  }
  {
    v1::Command c = IntakeCommand("p4", "210300", Day(2012, 11, 19));
    auto* applicant = c.mutable_intake()->mutable_received()->mutable_applicant();
    applicant->set_name(std::string(kName) + std::string(200, '#'));
    refused.push_back(c);
  }
  {
    v1::Command c = IntakeCommand("p5", "210300", Day(2012, 11, 19));
    c.mutable_intake()->mutable_received()->set_channel(static_cast<v1::Channel>(99));
    refused.push_back(c);
  }
  for (const auto& command : refused) {
    const v1::Reply reply = f.Handle(command);
    INFO("reply: " << CodeOf(reply.code()) << ": " << reply.message());
    CHECK(reply.code() != v1::STATUS_CODE_OK);
    const std::string bytes = reply.SerializeAsString();
    for (const std::string& personal : kPersonalData) {
      CHECK(bytes.find(personal) == std::string::npos);
    }
  }
  CHECK(f.store().writes() == 0);
}

// --- List -------------------------------------------------------------------

TEST_CASE("List filters by agency subtree, status, year and limit, sorted by due date",
          "[workers][ledger]") {
  LedgerFixture f(Day(2012, 11, 20));
  const std::string a = f.NewRequest("210300", Day(2012, 10, 15));    // Due 11-05: overdue.
  const std::string b = f.NewRequest("210321", Day(2012, 9, 28));     // Due 10-25: overdue.
  const std::string c = f.NewRequest("21030001", Day(2012, 11, 19));  // Due 12-10.
  const std::string d = f.NewRequest("210302", Day(2012, 10, 29));    // Decided.
  f.Record(DecideCommand("", d, Day(2012, 11, 2)));
  const std::string e = f.NewRequest("210321", Day(2012, 11, 1));  // Due 11-22: due soon.
  const std::string g2011 = f.NewRequest("210300", Day(2011, 12, 20));
  f.Record(DecideCommand("", g2011, Day(2011, 12, 30)));
  v1::Command on_the_spot = IntakeCommand("spot", "210321", Day(2012, 11, 20));
  on_the_spot.mutable_intake()->set_on_the_spot_outcome(v1::OUTCOME_GRANTED);
  const v1::Reply spot = f.Handle(on_the_spot);
  REQUIRE_CODE(spot, "ok");
  const std::string g = spot.request_id();
  using IdList = std::vector<std::string>;
  auto sorted = [](IdList ids) {
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  auto list = [&](const v1::Command& command) {
    const v1::Reply reply = f.Handle(command);
    REQUIRE_CODE(reply, "ok");
    return reply;
  };

  SECTION("everything, sorted by due date") {
    const v1::Reply all = list(ListCommand());
    CHECK(sorted(Ids(all)) == sorted({a, b, c, d, e, g2011, g}));
    CHECK(all.message() == "7 requests match");
    CHECK(Str(all.today()) == "2012-11-20");
    bool undated_seen = false;
    std::string previous;
    for (const auto& view : all.requests()) {
      INFO(view.state().id() << " due " << Str(view.due_date()));
      if (!IsSet(view.due_date())) {
        undated_seen = true;
        continue;
      }
      CHECK_FALSE(undated_seen);  // Requests without a due date come last.
      CHECK(Str(view.due_date()) >= previous);
      previous = Str(view.due_date());
    }
  }
  SECTION("an agency's subtree") {
    CHECK(sorted(Ids(list(ListCommand("210300")))) == sorted({a, b, c, d, e, g2011, g}));
    CHECK(sorted(Ids(list(ListCommand("210321")))) == sorted({b, e, g}));
    CHECK(Ids(list(ListCommand("21030001"))) == IdList{c});
    CHECK(Ids(list(ListCommand("210302"))) == IdList{d});
    CHECK(Ids(list(ListCommand("210381"))).empty());
  }
  SECTION("by status") {
    CHECK(Ids(list(ListCommand("", "open"))) == IdList{b, a, e, c});
    CHECK(sorted(Ids(list(ListCommand("", "closed")))) == sorted({d, g2011, g}));
    CHECK(Ids(list(ListCommand("", "overdue"))) == IdList{b, a});
    CHECK(Ids(list(ListCommand("", "due-soon"))) == IdList{e});
    CHECK(Ids(list(ListCommand("210321", "open"))) == IdList{b, e});
    CHECK(Ids(list(ListCommand("210300", "overdue", 2012))) == IdList{b, a});
  }
  SECTION("by year") {
    CHECK(Ids(list(ListCommand("", "", 2011))) == IdList{g2011});
    CHECK(sorted(Ids(list(ListCommand("", "", 2012)))) == sorted({a, b, c, d, e, g}));
    CHECK(Ids(list(ListCommand("", "", 2013))).empty());
  }
  SECTION("with a limit") {
    const v1::Reply limited = list(ListCommand("", "open", 0, 2));
    CHECK(Ids(limited) == IdList{b, a});
    CHECK(limited.message() == "4 requests match");
  }
  SECTION("bad filters are refused") {
    CHECK_CODE(f.Handle(ListCommand("", "pending")), "invalid_argument");
    CHECK_CODE(f.Handle(ListCommand("999999")), "not_found");
    CHECK_CODE(f.Handle(ListCommand("", "", 0, -1)), "invalid_argument");
    CHECK_CODE(f.Handle(ListCommand("", "", 0, 10001)), "invalid_argument");
  }
}

// --- admin verify -------------------------------------------------------------

TEST_CASE("Admin verify agrees with a consistent store and reports each corruption",
          "[workers][ledger]") {
  LedgerFixture f(Day(2012, 11, 20));
  const std::string open = f.NewRequest("210300", Day(2012, 11, 1));
  f.Record(ExtendCommand("", open, Day(2012, 11, 19)));
  const std::string decided = f.NewRequest("210321", Day(2012, 9, 28));
  f.Record(DecideCommand("", decided, Day(2012, 11, 19), v1::OUTCOME_PARTLY_GRANTED));
  const std::string consulting = f.NewRequest("21030001", Day(2012, 11, 5));
  {
    v1::Event event = EventOn(consulting, Day(2012, 11, 6));
    event.mutable_consultation_started()->set_party("市国土资源局");
    f.Record(RecordCommand("", event));
  }
  const std::string withdrawn = f.NewRequest("210302", Day(2012, 11, 5));
  {
    v1::Event event = EventOn(withdrawn, Day(2012, 11, 7));
    event.mutable_withdrawn();
    f.Record(RecordCommand("", event));
  }
  // A long history: correction, consultation, decision, delivery, appeal.
  const std::string appealed = f.NewRequest("210303", Day(2012, 10, 8));
  {
    std::vector<v1::Event> events;
    events.push_back(EventOn(appealed, Day(2012, 10, 9)));
    events.back().mutable_correction_requested()->set_window_days(5);
    events.push_back(EventOn(appealed, Day(2012, 10, 15)));
    events.back().mutable_correction_received();
    events.push_back(EventOn(appealed, Day(2012, 10, 16)));
    events.back().mutable_consultation_started()->set_party("市住房和城乡建设委员会");
    events.push_back(EventOn(appealed, Day(2012, 10, 22)));
    events.back().mutable_consultation_ended();
    events.push_back(EventOn(appealed, Day(2012, 11, 1)));
    events.back().mutable_decided()->set_outcome(v1::OUTCOME_UNABLE_NOT_HELD);
    events.push_back(EventOn(appealed, Day(2012, 11, 2)));
    events.back().mutable_delivered();
    events.push_back(EventOn(appealed, Day(2012, 11, 5)));
    events.back().mutable_appeal_filed()->set_kind(v1::APPEAL_KIND_RECONSIDERATION);
    events.push_back(EventOn(appealed, Day(2012, 11, 19)));
    events.back().mutable_appeal_resolved()->set_result(v1::APPEAL_RESULT_UPHELD);
    for (const auto& event : events) f.Record(RecordCommand("", event));
  }
  // A fee paid.
  const std::string paid = f.NewRequest("210304", Day(2012, 10, 8));
  {
    v1::Event notice = EventOn(paid, Day(2012, 10, 10));
    notice.mutable_fee_notice_issued()->set_amount_fen(12000);
    f.Record(RecordCommand("", notice));
    v1::Event payment = EventOn(paid, Day(2012, 10, 12));
    payment.mutable_fee_paid();
    f.Record(RecordCommand("", payment));
    f.Record(DecideCommand("", paid, Day(2012, 10, 22)));
  }
  // Answered on the spot.
  {
    v1::Command spot = IntakeCommand("spot", "210311", Day(2012, 11, 20));
    spot.mutable_intake()->set_on_the_spot_outcome(v1::OUTCOME_GRANTED);
    REQUIRE_CODE(f.Handle(spot), "ok");
  }
  const int writes = f.store().writes();

  const v1::Reply good = f.Handle(VerifyCommand());
  REQUIRE_CODE(good, "ok");
  CHECK_THAT(good.text(), Contains("checked 7 requests and 23 events"));
  CHECK_THAT(good.text(), Contains("all agree"));
  CHECK(f.store().writes() == writes);

  auto check_differs = [&](const std::string& fragment) {
    const v1::Reply bad = f.Handle(VerifyCommand());
    CHECK_CODE(bad, "failed_precondition");
    CHECK_THAT(bad.message(), Contains(fragment));
    CHECK_THAT(bad.text(), Contains(fragment));
    CHECK(f.store().writes() == writes);
  };

  SECTION("a stored counter off by one") {
    const std::string key =
        EncodeCounterKey("210300", 2012, Metric::Received(v1::APPLICANT_TYPE_NATURAL_PERSON));
    auto counters = f.store().Raw(Table::kCounters);
    REQUIRE(counters.count(key) == 1);
    REQUIRE(DecodeCounter(counters[key]) == 1);
    f.store().PutRaw(Table::kCounters, key, EncodeCounter(2));
    check_differs("counter " + key + ": stored 2, recomputed 1");
  }
  SECTION("a counter that no event explains") {
    const std::string key =
        EncodeCounterKey("210381", 2012, Metric::Of(Metric::Kind::kLate));  // No request there.
    REQUIRE(f.store().Raw(Table::kCounters).count(key) == 0);
    f.store().PutRaw(Table::kCounters, key, EncodeCounter(1));
    check_differs("counter " + key + ": stored 1, recomputed 0");
  }
  SECTION("a counter deleted") {
    const std::string key = EncodeCounterKey(
        "210321", 2012,
        Metric::Closed(v1::OUTCOME_PARTLY_GRANTED, v1::APPLICANT_TYPE_NATURAL_PERSON));
    REQUIRE(f.store().Raw(Table::kCounters).count(key) == 1);
    f.store().EraseRaw(Table::kCounters, key);
    check_differs("counter " + key + ": missing, recomputed 1");
  }
  SECTION("a deadline index entry deleted") {
    auto index = f.store().Raw(Table::kDeadlines);
    REQUIRE_FALSE(index.empty());
    std::string key;
    for (const auto& [entry, value] : index) {
      if (entry.find(open) != std::string::npos) key = entry;
    }
    REQUIRE_FALSE(key.empty());
    f.store().EraseRaw(Table::kDeadlines, key);
    check_differs("deadline index: missing entry " + key);
  }
  SECTION("a deadline index entry that no request explains") {
    const std::string key = "2012-12-31|" + decided;
    f.store().PutRaw(Table::kDeadlines, key, "");
    check_differs("deadline index: unexpected entry " + key);
  }
  SECTION("a stored state changed directly") {
    auto requests = f.store().Raw(Table::kRequests);
    v1::RequestState state;
    REQUIRE(state.ParseFromString(requests[open]));
    state.set_status(v1::REQUEST_STATUS_DECIDED);
    f.store().PutRaw(Table::kRequests, open, state.SerializeAsString());
    check_differs(open + ": the stored state differs from its event log");
  }
  SECTION("a stored state's extension changed directly") {
    auto requests = f.store().Raw(Table::kRequests);
    v1::RequestState state;
    REQUIRE(state.ParseFromString(requests[open]));
    state.set_extension_days(5);
    f.store().PutRaw(Table::kRequests, open, state.SerializeAsString());
    check_differs(open + ": the stored state differs from its event log");
  }
  SECTION("an applicant record deleted") {
    f.store().EraseRaw(Table::kApplicants, withdrawn);
    check_differs(withdrawn + ": the applicant record is missing");
  }
}

}  // namespace
}  // namespace gongkai::test

namespace gongkai::test {
namespace {

// Pages a query with `set_cursor` until no next_cursor; returns the ids.
template <typename SetCursor, typename IdsOf>
std::vector<std::string> AllPages(LedgerFixture& f, v1::Command command, SetCursor set_cursor,
                                  IdsOf ids_of, int& pages) {
  std::vector<std::string> ids;
  pages = 0;
  for (std::string cursor;;) {
    set_cursor(command, cursor);
    const v1::Reply reply = f.Handle(command);
    REQUIRE(reply.code() == v1::STATUS_CODE_OK);
    ++pages;
    for (const std::string& id : ids_of(reply)) ids.push_back(id);
    if (reply.next_cursor().empty() || pages > 100) break;
    cursor = reply.next_cursor();
  }
  return ids;
}

TEST_CASE("Pages cut by bytes neither repeat nor skip a request", "[workers][ledger][paging]") {
  LedgerOptions options;
  options.max_reply_bytes = 3000;  // A few requests a page.
  LedgerFixture f(Day(2012, 11, 20), options);
  std::set<std::string> registered;
  for (int day = 3; day <= 28; ++day) registered.insert(f.NewRequest("210321", Day(2012, 9, day)));

  v1::Command overdue;
  overdue.mutable_overdue()->set_agency_code("210300");
  int pages = 0;
  const std::vector<std::string> worklist = AllPages(
      f, overdue,
      [](v1::Command& c, const std::string& at) { c.mutable_overdue()->set_cursor(at); },
      [](const v1::Reply& r) {
        std::vector<std::string> ids;
        for (const auto& e : r.overdue()) ids.push_back(e.request().state().id());
        return ids;
      },
      pages);
  CHECK(pages > 2);
  CHECK(std::set<std::string>(worklist.begin(), worklist.end()).size() == worklist.size());
  CHECK(std::set<std::string>(worklist.begin(), worklist.end()) == registered);

  v1::Command list;
  list.mutable_list()->set_limit(10000);
  const std::vector<std::string> listed = AllPages(
      f, list, [](v1::Command& c, const std::string& at) { c.mutable_list()->set_cursor(at); },
      [](const v1::Reply& r) {
        std::vector<std::string> ids;
        for (const auto& v : r.requests()) ids.push_back(v.state().id());
        return ids;
      },
      pages);
  CHECK(pages > 2);
  CHECK(listed.size() == registered.size());
  CHECK(std::set<std::string>(listed.begin(), listed.end()) == registered);
}

}  // namespace
}  // namespace gongkai::test
