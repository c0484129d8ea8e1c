// The supervisors' commands on the ledger (workers/supervisor_queries.cpp)
// over the in-memory store and a manual clock: alerts fetch, ack and the
// overdue worklist; and alerts never carry the applicant's personal data.
//
// The expected dates are computed as alerts_schedule_test.cpp explains; "the
// National Day test" and "the 2019 test" named below are there.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "engine/codes.h"
#include "tests/workers/ledger_fixture.h"
#include "tests/workers/memory_store.h"
#include "workers/ledger.h"
#include "workers/records.h"

namespace gongkai::test {
namespace {

using Catch::Matchers::Contains;

// --- Supervisors' commands ---------------------------------------------------

TEST_CASE("Alerts fetch returns an agency's subtree after a sequence", "[workers][alerts]") {
  // Three requests received 2012-09-28 (due 10-25): on 10-26 each has
  // due_soon, due_today and overdue.
  AlertFixture f(Day(2012, 9, 28));
  const std::string city = f.NewRequest("210300", Day(2012, 9, 28));
  const std::string county = f.NewRequest("210321", Day(2012, 9, 28));
  const std::string department = f.NewRequest("21030003", Day(2012, 9, 28));
  f.WalkTo(Day(2012, 10, 26));
  REQUIRE(f.last_sequence() == 9);

  auto fetch = [&](const std::string& agency, uint64_t since = 0, int limit = 0) {
    const v1::Reply reply = f.Handle(FetchCommand(agency, since, limit));
    REQUIRE_CODE(reply, "ok");
    CHECK(reply.last_alert_sequence() == 9);
    CHECK(reply.alerts_endpoint() == kAlertsEndpoint);
    CHECK(Str(reply.today()) == "2012-10-26");
    return reply;
  };
  auto requests = [](const v1::Reply& reply) {
    std::vector<std::string> ids;
    for (const auto& alert : reply.alerts()) ids.push_back(alert.request_id());
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
  };

  SECTION("the city sees its counties' and departments' alerts") {
    const v1::Reply all = fetch("210300");
    CHECK(all.agency_path() == "210300/");
    CHECK(Sequences(all) == Range(1, 9));
    std::vector<std::string> ids = {city, county, department};
    std::sort(ids.begin(), ids.end());
    CHECK(requests(all) == ids);
  }
  SECTION("a county sees its own alerts, not a city department's") {
    const v1::Reply reply = fetch("210321");
    CHECK(reply.agency_path() == "210300/210321/");
    REQUIRE(reply.alerts_size() == 3);
    CHECK(requests(reply) == std::vector<std::string>{county});
    for (const auto& alert : reply.alerts()) {
      CHECK(alert.agency_code() == "210321");
      CHECK(alert.agency_path() == "210300/210321/");
    }
    std::vector<v1::AlertLevel> levels;
    for (const auto& alert : reply.alerts()) levels.push_back(alert.level());
    CHECK(levels == std::vector<v1::AlertLevel>{kDueSoon, kDueToday, kOverdue});
  }
  SECTION("a department sees its own alerts") {
    const v1::Reply reply = fetch("21030003");
    CHECK(reply.agency_path() == "210300/21030003/");
    CHECK(requests(reply) == std::vector<std::string>{department});
    CHECK(reply.alerts_size() == 3);
  }
  SECTION("an agency with no requests sees none") { CHECK(fetch("210381").alerts_size() == 0); }
  SECTION("only the alerts after since_sequence, at most limit of them") {
    CHECK(Sequences(fetch("210300", 3)) == Range(4, 9));
    CHECK(Sequences(fetch("210300", 9)).empty());
    CHECK(Sequences(fetch("210300", 100)).empty());
    CHECK(Sequences(fetch("210300", 2, 4)) == Range(3, 6));
    const v1::Reply county_after = fetch("210321", 4);
    for (const auto& alert : county_after.alerts()) CHECK(alert.sequence() > 4);
    CHECK(county_after.alerts_size() == 2);  // Its due_today and overdue.
  }
  SECTION("no agency: every alert") {
    const v1::Reply reply = fetch("");
    CHECK(reply.agency_path().empty());
    CHECK(Sequences(reply) == Range(1, 9));
  }
  SECTION("an unknown agency or a bad limit is refused") {
    CHECK_CODE(f.Handle(FetchCommand("999999")), "not_found");
    CHECK_CODE(f.Handle(FetchCommand("210300", 0, -1)), "invalid_argument");
    CHECK_CODE(f.Handle(FetchCommand("210300", 0, 10001)), "invalid_argument");
  }
}

TEST_CASE("An alert is acknowledged once, a second ack is refused and an unknown one is not found",
          "[workers][alerts]") {
  AlertFixture f(Day(2012, 9, 28));
  const std::string a = f.NewRequest("210321", Day(2012, 9, 28));
  f.WalkTo(Day(2012, 10, 26));
  const uint64_t overdue = f.Find(a, kOverdue).sequence();
  REQUIRE(overdue == 3);

  const v1::Command ack = AckCommand("ack-1", overdue, "已督促台安县政府办理");
  const v1::Reply acked = f.Handle(ack);
  CHECK_CODE(acked, "ok");
  CHECK(acked.message() == "acknowledged alert #3");
  auto stored = f.store().Raw(Table::kAlerts);
  REQUIRE(stored.count(AckKey(overdue)) == 1);
  v1::AlertAck record;
  REQUIRE(record.ParseFromString(stored[AckKey(overdue)]));
  CHECK(record.sequence() == overdue);
  CHECK(record.actor() == "监督员孙");
  CHECK(Str(record.on()) == "2012-10-26");
  CHECK(record.note() == "已督促台安县政府办理");

  // The same command retried: the first reply.
  CHECK(f.Handle(ack).SerializeAsString() == acked.SerializeAsString());

  const int writes = f.store().writes();
  const v1::Reply again = f.Handle(AckCommand("ack-2", overdue));
  CHECK_CODE(again, "failed_precondition");
  CHECK_THAT(again.message(), Contains("already acknowledged"));
  CHECK_THAT(again.message(), Contains("2012-10-26"));
  const v1::Reply unknown = f.Handle(AckCommand("ack-3", 999));
  CHECK_CODE(unknown, "not_found");
  CHECK_THAT(unknown.message(), Contains("999"));
  CHECK_CODE(f.Handle(AckCommand("ack-4", 0)), "not_found");
  CHECK_CODE(f.Handle(AckCommand("", 1)), "invalid_argument");
  CHECK_CODE(f.Handle(AckCommand("ack-5", 1, std::string(4001, 'n'))), "invalid_argument");
  CHECK(f.store().writes() == writes);

  // Another alert can still be acknowledged.
  CHECK_CODE(f.Handle(AckCommand("ack-6", 1)), "ok");
}

TEST_CASE("The overdue worklist lists a subtree's overdue requests, most overdue first",
          "[workers][alerts]") {
  // On 2012-11-20 (Tue), counting the working days after the due date up to
  // and including today:
  // Q 210321, received 09-10, due 09-29: 10-08..12 (5), 15..19 (10),
  //   22..26 (15), 29..11-02 (20), 05..09 (25), 12..16 (30), 19, 20 (32).
  // P 210300, received 09-28, due 10-25: 10-26 (1), 29..11-02 (6),
  //   05..09 (11), 12..16 (16), 19, 20 (18).
  // R 21030003, received 10-15, due 11-05: 06..09 (4), 12..16 (9),
  //   19, 20 (11).
  // S 210321 (decided) and T 210302 (due 11-22) are not overdue.
  // Registered on 11-20, each raises only the most severe level come due:
  // very_overdue for Q and P (16 working days past), overdue for R; each
  // worklist entry names that alert.
  AlertFixture f(Day(2012, 11, 20));
  const std::string q = f.NewRequest("210321", Day(2012, 9, 10));
  const std::string p = f.NewRequest("210300", Day(2012, 9, 28));
  const std::string r = f.NewRequest("21030003", Day(2012, 10, 15));
  const std::string s = f.NewRequest("210321", Day(2012, 10, 15));
  f.Record(DecideCommand("", s, Day(2012, 11, 1)));
  const std::string t = f.NewRequest("210302", Day(2012, 11, 1));
  CHECK_CODE(f.Handle(SweepCommand()), "ok");
  const uint64_t q_overdue = f.Find(q, kVeryOverdue).sequence();
  CHECK_CODE(f.Handle(AckCommand("ack-q", q_overdue)), "ok");

  auto worklist = [&](const std::string& agency) {
    const v1::Reply reply = f.Handle(OverdueCommand(agency));
    REQUIRE_CODE(reply, "ok");
    CHECK(Str(reply.today()) == "2012-11-20");
    std::vector<std::string> lines;
    for (const auto& entry : reply.overdue()) {
      lines.push_back(
          entry.request().state().id() + " " + std::to_string(entry.working_days_overdue()) + " #" +
          std::to_string(entry.alert_sequence()) + (entry.acknowledged() ? " acknowledged" : ""));
    }
    return lines;
  };
  const std::string p_seq = std::to_string(f.Find(p, kVeryOverdue).sequence());
  const std::string r_seq = std::to_string(f.Find(r, kOverdue).sequence());
  const std::string q_seq = std::to_string(q_overdue);
  CHECK(worklist("210300") == std::vector<std::string>{q + " 32 #" + q_seq + " acknowledged",
                                                       p + " 18 #" + p_seq, r + " 11 #" + r_seq});
  CHECK(worklist("210321") == std::vector<std::string>{q + " 32 #" + q_seq + " acknowledged"});
  CHECK(worklist("21030003") == std::vector<std::string>{r + " 11 #" + r_seq});
  CHECK(worklist("210302").empty());
  {
    const v1::Reply reply = f.Handle(OverdueCommand("210300"));
    REQUIRE(reply.overdue_size() == 3);
    CHECK(reply.overdue(0).agency_name() == "台安县人民政府");
    CHECK(Str(reply.overdue(0).request().due_date()) == "2012-09-29");
    CHECK(reply.message() == "3 overdue requests");
  }
  CHECK_CODE(f.Handle(OverdueCommand("")), "invalid_argument");
  CHECK_CODE(f.Handle(OverdueCommand("999999")), "not_found");
  // T is due soon (11-22), not overdue.
  CHECK(Str(f.Find(t, kDueSoon).on()) == "2012-11-19");
}

// --- Personal data -----------------------------------------------------------

TEST_CASE("Alerts never carry the applicant's personal data", "[workers][alerts]") {
  // Every level: a 2008-rule request (2012-09-28, the National Day test)
  // and 2019-rule ones (the 2019 test): correction_not_asked and
  // third_party_overdue.
  AlertFixture f(Day(2012, 9, 28));
  f.NewRequest("210300", Day(2012, 9, 28));
  f.WalkTo(Day(2012, 11, 16));
  f.Reopen(Day(2020, 1, 15));
  const std::string consulted = f.NewRequest("210321", Day(2020, 1, 15));
  {
    v1::Event consult = EventOn(consulted, Day(2020, 1, 15));
    consult.mutable_consultation_started()->set_party("鞍山市国土资源局");
    f.Record(RecordCommand("", consult));
  }
  f.NewRequest("21030003", Day(2020, 1, 15));
  f.WalkTo(Day(2020, 3, 31));

  std::vector<v1::AlertLevel> levels;
  for (const auto& alert : f.RecordedAlerts()) levels.push_back(alert.level());
  for (auto level :
       {kDueSoon, kDueToday, kOverdue, kVeryOverdue, kCorrectionNotAsked, kThirdPartyOverdue}) {
    INFO(CodeOf(level));
    CHECK(std::count(levels.begin(), levels.end(), level) >= 1);
  }

  std::vector<std::pair<std::string, std::string>> serialized;
  for (const auto& alert : f.RecordedAlerts()) {
    serialized.emplace_back("alert #" + std::to_string(alert.sequence()),
                            alert.SerializeAsString());
  }
  serialized.emplace_back("alerts fetch", f.Handle(FetchCommand("")).SerializeAsString());
  serialized.emplace_back("overdue", f.Handle(OverdueCommand("210300")).SerializeAsString());
  for (const auto& [key, value] : f.store().Raw(Table::kAlerts)) {
    serialized.emplace_back("stored " + key, key + value);
  }
  for (const auto& [what, bytes] : serialized) {
    for (const std::string& personal : kPersonalData) {
      INFO(what << " holds '" << personal << "'");
      CHECK(bytes.find(personal) == std::string::npos);
    }
  }
}

}  // namespace
}  // namespace gongkai::test
