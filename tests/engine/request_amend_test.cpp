// Amending an intake (engine/request_amend.h): the clerical fields change,
// a new receipt date moves the due date, the receipt counters and the
// annual report follow, and every refusal names its rule.
//
// Dates (working days of engine/data/cn_working_days.cal, the day of
// receipt not counted, 2019 rule: 20 working days):
//   2021-03-10 (Wed) received: due 2021-04-08 (Qingming 04-03..04-05 off).
//   2021-03-05 (Fri) received: due 2021-04-02.
//   2021-03-10 received: a correction may be asked until 2021-03-19 (7 days);
//   2021-03-05 received: until 2021-03-16.
#include "engine/request_amend.h"

#include <catch2/catch.hpp>
#include <map>
#include <numeric>
#include <string>
#include <vector>

#include "engine/civil_date.h"
#include "engine/counters.h"
#include "engine/report.h"
#include "engine/request_machine.h"
#include "tests/engine/request_machine_helpers.h"
#include "tests/engine/test_requests.h"

namespace gongkai {
namespace {

using namespace gongkai::test;  // NOLINT: the builders are the vocabulary here.

const Date k2021Receipt = Day(2021, 3, 10);
const Date kAmendDay = Day(2021, 3, 15);

v1::Event AmendReceipt(Date on, Date received) {
  v1::Event event = IntakeAmended(on);
  *event.mutable_intake_amended()->mutable_received_on() = ToCivil(received);
  return event;
}

v1::Event AmendSubject(Date on) {
  v1::Event event = IntakeAmended(on);
  event.mutable_intake_amended()->set_subject("2020年城市道路维修资金使用情况");
  return event;
}

std::string DueOf(const v1::RequestState& state) {
  auto deadline = DeadlineOf(state);
  REQUIRE(deadline.ok());
  return Str(deadline->due_date);
}

TEST_CASE("An amended subject, channel and applicant type change the state, not the due date",
          "[engine][amend]") {
  const v1::RequestState before = StateAfter({Received(k2021Receipt)});
  v1::Event amend = AmendSubject(kAmendDay);
  amend.mutable_intake_amended()->set_channel(v1::CHANNEL_ONLINE);
  amend.mutable_intake_amended()->set_applicant_type(v1::APPLICANT_TYPE_BUSINESS);
  const v1::RequestState after = StateAfter({Received(k2021Receipt), amend});
  CHECK(after.subject() == "2020年城市道路维修资金使用情况");
  CHECK(after.channel() == v1::CHANNEL_ONLINE);
  CHECK(after.applicant_type() == v1::APPLICANT_TYPE_BUSINESS);
  CHECK(Str(after.received_on()) == "2021-03-10");
  CHECK(DueOf(after) == "2021-04-08");
  CHECK(after.deadline_version() == before.deadline_version());
  CHECK(after.event_count() == 2);
}

TEST_CASE("A new receipt date moves the period's start, the due date and the deadline version",
          "[engine][amend]") {
  const v1::RequestState before = StateAfter({Received(k2021Receipt)});
  REQUIRE(DueOf(before) == "2021-04-08");
  const v1::RequestState after =
      StateAfter({Received(k2021Receipt), AmendReceipt(kAmendDay, Day(2021, 3, 5))});
  CHECK(Str(after.received_on()) == "2021-03-05");
  CHECK(Str(after.period_start()) == "2021-03-05");
  CHECK(DueOf(after) == "2021-04-02");
  CHECK(after.deadline_version() == before.deadline_version() + 1);
  CHECK(Str(after.versioned_due_date()) == "2021-04-02");
  // The alerts are armed for the new due date.
  auto schedule = ScheduleOf(after);
  REQUIRE(schedule.ok());
  bool due_today = false;
  for (const ScheduledAlert& alert : *schedule) {
    if (alert.level == v1::ALERT_LEVEL_DUE_TODAY) due_today = Str(alert.on) == "2021-04-02";
  }
  CHECK(due_today);
  SECTION("a later receipt date moves it later") {
    const v1::RequestState later =
        StateAfter({Received(Day(2021, 3, 5)), AmendReceipt(kAmendDay, k2021Receipt)});
    CHECK(DueOf(later) == "2021-04-08");
  }
  SECTION("after a corrected request the period keeps its start") {
    const v1::RequestState corrected = StateAfter(
        {Received(k2021Receipt), CorrectionRequested(Day(2021, 3, 11)),
         CorrectionReceived(Day(2021, 3, 12)), AmendReceipt(kAmendDay, Day(2021, 3, 9))});
    CHECK(Str(corrected.received_on()) == "2021-03-09");
    CHECK(Str(corrected.period_start()) == "2021-03-12");
  }
}

TEST_CASE("An amendment after a decision is refused, naming the request's status",
          "[engine][amend]") {
  SECTION("decided") {
    CHECK_REFUSAL(
        RefusalOfLast({Received(k2021Receipt), Decided(Day(2021, 3, 12)), AmendSubject(kAmendDay)}),
        kPrecondition,
        "is decided (closed on 2021-03-12): an intake can be amended only before a "
        "decision");
  }
  SECTION("answered on the spot") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2021Receipt), AnsweredOnTheSpot(k2021Receipt),
                                 AmendSubject(kAmendDay)}),
                  kPrecondition, "is answered on the spot");
  }
  SECTION("withdrawn") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2021Receipt), Withdrawn(Day(2021, 3, 11)),
                                 AmendReceipt(kAmendDay, Day(2021, 3, 9))}),
                  kPrecondition, "is withdrawn");
  }
  SECTION("delivered") {
    CHECK_REFUSAL(RefusalOfLast({Received(k2021Receipt), Decided(Day(2021, 3, 11)),
                                 Delivered(Day(2021, 3, 12)), AmendSubject(kAmendDay)}),
                  kPrecondition, "is delivered");
  }
}

TEST_CASE("An amendment needs a reason and something to change", "[engine][amend]") {
  v1::Event no_reason = AmendSubject(kAmendDay);
  no_reason.mutable_intake_amended()->clear_reason();
  CHECK_REFUSAL(RefusalOfLast({Received(k2021Receipt), no_reason}), kInvalid,
                "say why the intake is amended");
  CHECK_REFUSAL(RefusalOfLast({Received(k2021Receipt), IntakeAmended(kAmendDay)}), kInvalid,
                "nothing to amend");
  v1::Event unknown = IntakeAmended(kAmendDay);
  unknown.mutable_intake_amended()->set_channel(static_cast<v1::Channel>(99));
  CHECK_REFUSAL(RefusalOfLast({Received(k2021Receipt), unknown}), kInvalid,
                "the channel is unknown");
}

TEST_CASE("A receipt date in another year is refused: the id holds the year", "[engine][amend]") {
  CHECK_REFUSAL(
      RefusalOfLast({Received(Day(2021, 1, 4)), AmendReceipt(Day(2021, 1, 6), Day(2020, 12, 31))}),
      kPrecondition, "withdraw this one and register the request anew");
}

TEST_CASE("A receipt date after the amendment's day or before the Regulations is refused",
          "[engine][amend]") {
  CHECK_REFUSAL(RefusalOfLast({Received(k2021Receipt), AmendReceipt(kAmendDay, Day(2021, 3, 16))}),
                kInvalid, "is after the day of the amendment (2021-03-15)");
  CHECK_REFUSAL(
      RefusalOfLast({Received(Day(2008, 5, 5)), AmendReceipt(Day(2008, 5, 6), Day(2008, 4, 30))}),
      kInvalid, "before 2008-05-01");
  v1::Event impossible = IntakeAmended(kAmendDay);
  *impossible.mutable_intake_amended()->mutable_received_on() = Civil(2021, 2, 29);
  CHECK_REFUSAL(RefusalOfLast({Received(k2021Receipt), impossible}), kInvalid,
                "the new receipt date");
}

TEST_CASE("A receipt date after an event already recorded is refused", "[engine][amend]") {
  const std::vector<v1::Event> consulted = {Received(Day(2021, 3, 5)),
                                            ConsultationStarted(Day(2021, 3, 9))};
  std::vector<v1::Event> later = consulted;
  later.push_back(AmendReceipt(kAmendDay, Day(2021, 3, 10)));
  CHECK_REFUSAL(RefusalOfLast(later), kPrecondition,
                "is after 2021-03-09, when the request's handling already began");
  std::vector<v1::Event> earlier = consulted;
  earlier.push_back(AmendReceipt(kAmendDay, Day(2021, 3, 8)));
  CHECK(Str(StateAfter(earlier).received_on()) == "2021-03-08");
}

TEST_CASE("A receipt date under the other Regulations is refused once handling began",
          "[engine][amend]") {
  // 2019-05-20 is under the 2019 text; 2019-05-14 under the 2008 one.
  CHECK_REFUSAL(RefusalOfLast({Received(Day(2019, 5, 20)), ConsultationStarted(Day(2019, 5, 21)),
                               AmendReceipt(Day(2019, 5, 22), Day(2019, 5, 14))}),
                kPrecondition, "falls under the 2008 Regulations");
  const v1::RequestState fresh =
      StateAfter({Received(Day(2019, 5, 20)), AmendReceipt(Day(2019, 5, 22), Day(2019, 5, 14))});
  CHECK(fresh.regime() == v1::REGIME_2008);
  CHECK(fresh.period_days() == 15);
}

TEST_CASE("The applicant's data of an erased request cannot be amended", "[engine][amend]") {
  v1::Event phone = IntakeAmended(kAmendDay);
  phone.mutable_intake_amended()->set_applicant_fields("phone");
  CHECK_REFUSAL(RefusalOfLast({Received(k2021Receipt), ApplicantErased(Day(2021, 3, 12)), phone}),
                kPrecondition, "were erased: they cannot be amended");
  // Its other fields still can.
  CHECK(StateAfter(
            {Received(k2021Receipt), ApplicantErased(Day(2021, 3, 12)), AmendSubject(kAmendDay)})
            .applicant_erased());
}

TEST_CASE("The receipt counters and the annual report follow an amended intake",
          "[engine][amend]") {
  const v1::RequestState received = StateAfter({Received(k2021Receipt)});
  v1::Event amend = IntakeAmended(kAmendDay);
  amend.mutable_intake_amended()->set_channel(v1::CHANNEL_ONLINE);
  amend.mutable_intake_amended()->set_applicant_type(v1::APPLICANT_TYPE_BUSINESS);
  const v1::RequestState amended = StateAfter({Received(k2021Receipt), amend});
  const v1::RequestState decided =
      StateAfter({Received(k2021Receipt), amend, Decided(Day(2021, 3, 16))});
  std::map<std::string, int64_t> counters;
  AddDeltas(CounterDeltas(v1::RequestState(), received), counters);
  AddDeltas(CounterDeltas(received, amended), counters);
  AddDeltas(CounterDeltas(amended, decided), counters);
  const AnnualReport report = BuildAnnualReport(counters, 2021);
  REQUIRE(!report.table3.empty());
  const ColumnCounts& row1 = report.table3.front().counts;  // 一、本年新收
  CHECK(row1[0] == 0);                                      // 自然人
  CHECK(row1[1] == 1);                                      // 商业企业
  CHECK(row1[kApplicantColumns] == 1);
  CHECK(report.received_by_channel.count(v1::CHANNEL_IN_PERSON) == 0);
  CHECK(report.received_by_channel.at(v1::CHANNEL_ONLINE) == 1);
  CHECK(report.received_by_month[2] == 1);  // March.
  CHECK(std::accumulate(report.received_by_month.begin(), report.received_by_month.end(),
                        int64_t{0}) == 1);
  CHECK(report.received == 1);
  CHECK(report.closed == 1);
  CHECK(report.identity_holds);
  SECTION("a receipt moved to another month moves its month counter") {
    const v1::RequestState february =
        StateAfter({Received(k2021Receipt), AmendReceipt(kAmendDay, Day(2021, 2, 26))});
    std::map<std::string, int64_t> moved;
    AddDeltas(CounterDeltas(v1::RequestState(), received), moved);
    AddDeltas(CounterDeltas(received, february), moved);
    const AnnualReport after = BuildAnnualReport(moved, 2021);
    CHECK(after.received_by_month[1] == 1);
    CHECK(after.received_by_month[2] == 0);
  }
  SECTION("an amendment that changes only the subject moves no counter") {
    CHECK(CounterDeltas(received, StateAfter({Received(k2021Receipt), AmendSubject(kAmendDay)}))
              .empty());
  }
}

TEST_CASE("Applicant fields are named among five, once each, and put in canonical order",
          "[engine][amend]") {
  CHECK(CanonicalApplicantFields("phone,name").value() == "name,phone");
  CHECK(CanonicalApplicantFields("").value().empty());
  CHECK_REFUSAL(CanonicalApplicantFields("email").status(), kInvalid, "unknown applicant field");
  CHECK_REFUSAL(CanonicalApplicantFields("phone,phone").status(), kInvalid, "named twice");
  v1::ApplicantPersonalData stored, given;
  stored.set_name(kTestApplicantName);
  stored.set_phone(kTestApplicantPhone);
  given.set_phone("13800000000");
  given.set_address("ignored: not named");
  auto amended = AmendedApplicant(stored, given, "phone");
  REQUIRE(amended.ok());
  CHECK(amended->name() == kTestApplicantName);
  CHECK(amended->phone() == "13800000000");
  CHECK(amended->address().empty());
  const Status empty_name = AmendedApplicant(stored, given, "name").status();
  CHECK_REFUSAL(empty_name, kInvalid, "the applicant's name cannot be left empty");
  given.set_id_number(std::string(401, '9'));
  const Status long_id = AmendedApplicant(stored, given, "id_number").status();
  CHECK_REFUSAL(long_id, kInvalid, "the applicant's id_number is 401 bytes long");
  CHECK(long_id.message().find("999") == std::string::npos);  // Never the value.
}

TEST_CASE("A history re-checked with a new receipt date names the first event that would fail",
          "[engine][amend]") {
  const std::vector<v1::Event> history = {Received(k2021Receipt),
                                          CorrectionRequested(Day(2021, 3, 19))};
  std::vector<v1::Event> numbered = history;
  for (size_t i = 0; i < numbered.size(); ++i) numbered[i].set_sequence(i + 1);
  const CalendarOf builtin = [](uint32_t) {
    return StatusOr<std::shared_ptr<const Calendar>>(Calendar::Builtin());
  };
  CHECK(CheckHistoryWithReceipt(numbered, Day(2021, 3, 11), builtin, {}).ok());
  // Received 03-05, the 7 working days to ask for a correction ended 03-16.
  CHECK_REFUSAL(CheckHistoryWithReceipt(numbered, Day(2021, 3, 5), builtin, {}), kPrecondition,
                "with the receipt dated 2021-03-05, event #2 (correction_requested of "
                "2021-03-19) would not apply: a correction can no longer be asked");
  // The state alone allows it: the correction was asked after the new date.
  CHECK(ApplyAll({history[0], history[1], AmendReceipt(Day(2021, 3, 22), Day(2021, 3, 5))}).ok());
}

}  // namespace
}  // namespace gongkai
