// The ledger's amend command (workers/ledger_amend.cpp) over the in-memory
// store: a new receipt date re-arms the alerts for the new due date, the
// event log never holds the applicant's data (the applicants table does),
// the whole history is re-checked, and a locked year keeps its counters.
//
// Dates (2019 rule, 20 working days, the day of receipt not counted):
// received 2021-03-10: due 2021-04-08, due_soon 2021-04-02; received
// 2021-03-05: due 2021-04-02, overdue 2021-04-06 (04-03..04-05 Qingming).
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "engine/civil_date.h"
#include "engine/codes.h"
#include "tests/workers/ledger_fixture.h"
#include "tests/workers/memory_store.h"
#include "workers/ledger.h"

namespace gongkai::test {
namespace {

constexpr char kNewPhone[] = "13800001111";
constexpr char kNewName[] = "王晓明";

v1::Command AmendCommand(const std::string& id, const std::string& reason = "登记时笔误") {
  v1::Command command;
  command.set_idempotency_key("amend-" + id);
  v1::AmendCommand* amend = command.mutable_amend();
  amend->set_request_id(id);
  amend->mutable_amended()->set_reason(reason);
  return command;
}

v1::Command AmendReceipt(const std::string& id, Date received) {
  v1::Command command = AmendCommand(id);
  *command.mutable_amend()->mutable_amended()->mutable_received_on() = ToCivil(received);
  return command;
}

TEST_CASE("An amended receipt date re-arms the alerts, raising only the most severe level passed",
          "[workers][amend]") {
  AlertFixture f(Day(2021, 3, 10));
  const std::string id = f.NewRequest("210300", Day(2021, 3, 10));
  f.WalkTo(Day(2021, 4, 6));
  const std::vector<Expected> before = {{Day(2021, 3, 17), kCorrectionNotAsked, id},
                                        {Day(2021, 4, 2), kDueSoon, id}};
  REQUIRE(f.Recorded() == Lines(before));
  const v1::Reply amended = f.Record(AmendReceipt(id, Day(2021, 3, 5)));
  CHECK(Str(amended.due_date()) == "2021-04-02");
  CHECK_THAT(amended.message(),
             Catch::Matchers::Contains("the due date moves from 2021-04-08 to 2021-04-02"));
  CHECK_THAT(amended.text(), Catch::Matchers::Contains("Due 2021-04-02"));
  // The new due date passed on 04-02: overdue (version 2) is raised in the
  // amendment's own write; due_soon and due_today are not raised late, and
  // the correction reminder already given is not given again.
  std::vector<Expected> after = before;
  after.push_back({Day(2021, 4, 6), kOverdue, id, 2});
  CHECK(f.Recorded() == Lines(after));
  const v1::Reply verify = f.Handle(VerifyCommand());
  CHECK_CODE(verify, "ok");
}

TEST_CASE("An amendment keeps the applicant's data out of the event log, in their own table",
          "[workers][amend][personal]") {
  LedgerFixture f(Day(2012, 11, 20));
  const std::string id = f.NewRequest("210300", Day(2012, 11, 19));
  v1::Command command = AmendCommand(id);
  command.mutable_amend()->mutable_amended()->set_applicant_fields("phone,name");
  command.mutable_amend()->mutable_applicant()->set_name(kNewName);
  command.mutable_amend()->mutable_applicant()->set_phone(kNewPhone);
  command.mutable_amend()->mutable_applicant()->set_address("not named: kept as it was");
  const v1::Reply reply = f.Record(command);
  CHECK_THAT(reply.message(), Catch::Matchers::Contains("amended the applicant's data"));
  for (const auto& [key, value] : f.store().Raw(Table::kEvents)) {
    for (const std::string& data :
         {std::string(kNewName), std::string(kNewPhone), std::string(kName), std::string(kPhone),
          std::string(kAddress)}) {
      INFO(key << " holds " << data);
      CHECK(value.find(data) == std::string::npos);
    }
  }
  v1::ApplicantPersonalData stored;
  REQUIRE(stored.ParseFromString(f.store().Raw(Table::kApplicants).at(id)));
  CHECK(stored.name() == kNewName);
  CHECK(stored.phone() == kNewPhone);
  CHECK(stored.address() == kAddress);
  CHECK(stored.id_number() == kIdNumber);
  const v1::Reply shown = f.Handle(ShowCommand(id));
  REQUIRE(shown.requests_size() == 1);
  const v1::Event& event = shown.requests(0).events(1);
  CHECK(event.intake_amended().applicant_fields() == "name,phone");
  CHECK(event.intake_amended().reason() == "登记时笔误");
}

TEST_CASE("The ledger refuses an amendment that the request's history or a locked year forbids",
          "[workers][amend]") {
  SECTION("a correction asked within 7 working days of the old receipt, not of the new one") {
    LedgerFixture f(Day(2021, 3, 22));
    const std::string id = f.NewRequest("210300", Day(2021, 3, 10));
    v1::Event asked = EventOn(id, Day(2021, 3, 19));
    asked.mutable_correction_requested();
    f.Record(RecordCommand("", asked));
    const v1::Reply refused = f.Handle(AmendReceipt(id, Day(2021, 3, 5)));
    CHECK_CODE(refused, "failed_precondition");
    CHECK_THAT(refused.message(),
               Catch::Matchers::Contains("event #2 (correction_requested of 2021-03-19) would "
                                         "not apply: a correction can no longer be asked"));
  }
  SECTION("a channel in a locked year; its subject still may change") {
    LedgerFixture f(Day(2012, 11, 20));
    const std::string id = f.NewRequest("210300", Day(2012, 11, 19));
    f.Reopen(Day(2013, 2, 1));
    v1::Command lock;
    lock.mutable_report_lock()->set_year(2012);
    f.Record(lock);
    v1::Command channel = AmendCommand(id);
    channel.mutable_amend()->mutable_amended()->set_channel(v1::CHANNEL_ONLINE);
    const v1::Reply refused = f.Handle(channel);
    CHECK_CODE(refused, "failed_precondition");
    CHECK_THAT(refused.message(), Catch::Matchers::Contains("the year 2012 is locked"));
    v1::Command subject = AmendCommand(id, "错别字");
    subject.mutable_amend()->mutable_amended()->set_subject("2012年城市道路维修资金使用明细");
    CHECK_CODE(f.Handle(subject), "ok");
  }
  SECTION("an intake_amended event sent as a plain event") {
    LedgerFixture f(Day(2012, 11, 20));
    const std::string id = f.NewRequest("210300", Day(2012, 11, 19));
    v1::Event event = EventOn(id, Day(2012, 11, 20));
    event.mutable_intake_amended()->set_subject("x");
    event.mutable_intake_amended()->set_reason("x");
    CHECK_CODE(f.Handle(RecordCommand("plain", event)), "invalid_argument");
  }
}

}  // namespace
}  // namespace gongkai::test
