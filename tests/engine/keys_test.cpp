// engine/keys.h: every key encodes and parses back; a report counter the
// writer names is one the report builder reads (a rename on one side cannot
// silently zero a row); a key that is not one of ours is told apart.
#include "engine/keys.h"

#include <catch2/catch.hpp>

#include "engine/codes.h"
#include "engine/report.h"

namespace gongkai {
namespace {

using Kind = Metric::Kind;

std::vector<Metric> EveryMetric() {
  std::vector<Metric> metrics;
  for (int a = 1; a <= 6; ++a) metrics.push_back(Metric::Received(v1::ApplicantType(a)));
  for (int c = 1; c <= 7; ++c) metrics.push_back(Metric::ByChannel(v1::Channel(c)));
  for (int o = 1; o <= 21; ++o) {
    metrics.push_back(Metric::Closed(v1::Outcome(o), v1::APPLICANT_TYPE_BUSINESS));
  }
  for (Kind kind : {Kind::kLate, Kind::kReplied, Kind::kReplyDays, Kind::kFeeFen}) {
    metrics.push_back(Metric::Of(kind));
  }
  for (int days : {0, 1, 15, 250}) metrics.push_back(Metric::ReplyHistogram(days));
  for (int k = 1; k <= 3; ++k) {
    metrics.push_back(Metric::AppealFiled(v1::AppealKind(k)));
    for (int r = 1; r <= 3; ++r) {
      metrics.push_back(Metric::AppealResolved(v1::AppealKind(k), v1::AppealResult(r)));
    }
  }
  for (int month = 1; month <= 12; ++month) metrics.push_back(Metric::ReceivedInMonth(month));
  return metrics;
}

TEST_CASE("Every report metric encodes to a counter key that parses back to it", "[engine][keys]") {
  for (const Metric& metric : EveryMetric()) {
    const std::string key = EncodeCounterKey("21030001", 2019, metric);
    INFO(key);
    auto parsed = ParseCounterKey(key);
    REQUIRE(parsed.ok());
    CHECK(parsed->agency == "21030001");
    CHECK(parsed->year == 2019);
    CHECK(EncodeCounterKey(*parsed) == key);
    CHECK(key.rfind(CounterPrefix("21030001"), 0) == 0);
  }
  // The storage format, written out.
  CHECK(EncodeCounterKey("210300", 2012, Metric::Received(v1::APPLICANT_TYPE_NATURAL_PERSON)) ==
        "210300|2012|received|natural_person");
  CHECK(EncodeCounterKey("210300", 2012,
                         Metric::Closed(v1::OUTCOME_GRANTED, v1::APPLICANT_TYPE_RESEARCH)) ==
        "210300|2012|closed|granted|research");
  CHECK(EncodeCounterKey("210300", 2012, Metric::ReplyHistogram(7)) == "210300|2012|reply_hist|7");
  CHECK(EncodeCounterKey("210300", 2012, Metric::ReceivedInMonth(3)) ==
        "210300|2012|received_month|03");
  for (const char* bad : {"210300|2012|received_month|13", "210300|2012|received_month|3",
                          "210300|2012|received_month|00"}) {
    CHECK_FALSE(ParseCounterKey(bad).ok());
  }
}

TEST_CASE("A key that is not a counter of this version is refused, and the report lists it",
          "[engine][keys]") {
  for (const char* bad :
       {"", "210300", "210300|2012", "210300|2012|", "210300|x|late", "210300|2012|lately",
        "210300|2012|received|robot", "210300|2012|reply_hist|-1", "210300|2012|reply_hist|7|8",
        "|2012|late", "210300|2012|closed|granted"}) {
    INFO(bad);
    CHECK_FALSE(ParseCounterKey(bad).ok());
  }
  const AnnualReport report = BuildAnnualReport(
      {{"210300|2012|received|natural_person", 2}, {"210300|2012|recieved|natural_person", 5}},
      2012);
  CHECK(report.received == 2);
  CHECK(report.unknown_counters == std::vector<std::string>{"210300|2012|recieved|natural_person"});
}

TEST_CASE("Deadline, alert, event and meta keys keep their layout", "[engine][keys]") {
  const Date day = MakeDate(2012, 10, 25);
  const std::string key = DeadlineKey(day, "210300-2012-000001");
  CHECK(key == "2012-10-25|210300-2012-000001");
  auto entry = ParseDeadlineKey(key);
  REQUIRE(entry.has_value());
  CHECK(entry->on == day);
  CHECK(entry->request_id == "210300-2012-000001");
  CHECK(key < DeadlineKeyAfter(day));
  CHECK(DeadlineKey(day + std::chrono::days(1), "0") > DeadlineKeyAfter(day));
  CHECK_FALSE(ParseDeadlineKey("2012-10-25").has_value());
  CHECK_FALSE(ParseDeadlineKey("2012-13-25|x").has_value());
  CHECK(AlertKey(12) == "seq|00000000000000000012");
  CHECK(ReminderKey(3) == "rem|00000000000000000003");
  CHECK(AlertKey(9) < AlertKey(10));
  CHECK(FiredKey("a", v1::ALERT_LEVEL_OVERDUE, 2) == "fired|a|overdue|2");
  CHECK(EventKey("a", 1) < EventKey("a", 256));
  CHECK(EventKey("a", 1).rfind(EventPrefix("a"), 0) == 0);
  CHECK(CalendarKey(3) == "calendar|0003");
  CHECK(SequenceKey("210300", 2012) == "seq|210300|2012");
  CHECK(LockKey(2027) == "locked|2027");
}

}  // namespace
}  // namespace gongkai
