// gongkai amend through the real gongkaid and gongkai processes: a clerk
// corrects an intake (receipt date, channel, applicant type, the
// applicant's data), the due date moves, the timeline shows the reason, the
// report follows; refused after a decision and to the wrong people; and the
// applicant's data never reach the event log, the audit log, a refusal or
// the daemon's log.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/e2e/client_calls.h"
#include "tests/e2e/daemon_process.h"

namespace gongkai::e2e {
namespace {

using nlohmann::json;

// Personal data that no log and no refusal may show.
constexpr char kApplicant[] = "申请人更正前乙";
constexpr char kNewApplicant[] = "申请人更正后丙";
constexpr char kNewPhone[] = "13987654321";

// A manual clock on 2021-03-15.
DaemonOptions On20210315() {
  DaemonOptions options;
  options.clock = "manual:2021-03-15";
  return options;
}

// The daemon on 2021-03-15 with a clerk, an officer and a supervisor of the
// city 210300 and a clerk of 立山区 210304.
struct Office {
  DaemonProcess daemon{On20210315()};
  std::string server = daemon.Start();
  std::string clerk = daemon.Enroll("city-clerk", "clerk", "210300");
  std::string officer = daemon.Enroll("city-officer", "officer", "210300");
  std::string supervisor = daemon.Enroll("city-supervisor", "supervisor", "210300");
  std::string county_clerk = daemon.Enroll("county-clerk", "clerk", "210304");

  // A request of 210300 received in person 2021-03-10 (2019 rule: due
  // 2021-04-08) from a natural person.
  std::string Intake() const {
    const ProcessResult r = RunClientAs(
        clerk, server,
        {"--json", "intake", "--agency", "210300", "--channel", "in_person", "--received",
         "2021-03-10", "--applicant-type", "natural_person", "--applicant", kApplicant, "--phone",
         "13900000000", "--subject", "2020年城区道路维修经费"});
    INFO(Describe(r));
    REQUIRE(r.exit_code == 0);
    const json ack = json::parse(r.out);
    REQUIRE(ack.at("due_date") == "2021-04-08");
    return ack.at("id").get<std::string>();
  }
};

// Nothing of the applicant's data in `text`.
void CheckNoPersonalData(const std::string& text) {
  CHECK(text.find(kApplicant) == std::string::npos);
  CHECK(text.find(kNewApplicant) == std::string::npos);
  CHECK(text.find(kNewPhone) == std::string::npos);
}

TEST_CASE("A clerk amends an intake: the due date moves, the timeline and the report follow",
          "[e2e][amend]") {
  Office office;
  const std::string id = office.Intake();
  const ProcessResult r =
      RunClientAs(office.clerk, office.server,
                  {"--json", "amend", id, "--received", "2021-03-05", "--channel", "online",
                   "--applicant-type", "business", "--applicant", kNewApplicant, "--phone",
                   kNewPhone, "--reason", "网上申请确认日登记错误"});
  INFO(Describe(r));
  REQUIRE(r.exit_code == 0);
  const json ack = json::parse(r.out);
  CHECK(ack.at("due_date") == "2021-04-02");
  CHECK(ack.at("message").get<std::string>().find(
            "the due date moves from 2021-04-08 to 2021-04-02") != std::string::npos);
  CHECK_FALSE(ack.at("explanation").empty());
  CheckNoPersonalData(r.out);

  const json shown = Ok(office.server, {"show", id});
  CHECK(shown.at("received") == "2021-03-05");
  CHECK(shown.at("due_date") == "2021-04-02");
  CHECK(shown.at("channel") == "online");
  CHECK(shown.at("applicant_type") == "business");
  CHECK(shown.at("applicant").at("name") == kNewApplicant);
  CHECK(shown.at("applicant").at("phone") == kNewPhone);
  const json& amended = shown.at("events").back();
  CHECK(amended.at("kind") == "intake_amended");
  CHECK(amended.at("on") == "2021-03-15");
  CHECK(amended.at("actor") == "city-clerk");
  CHECK(amended.at("details").at("reason") == "网上申请确认日登记错误");
  CHECK(amended.at("details").at("applicant_fields") == "name,phone");
  CHECK(amended.at("details").at("received_on") == "2021-03-05");
  CheckNoPersonalData(shown.at("events").dump());

  const ProcessResult text = RunClient(office.server, {"show", id});
  CHECK(text.out.find("intake_amended") != std::string::npos);
  CHECK(text.out.find("网上申请确认日登记错误") != std::string::npos);

  const ProcessResult csv =
      RunClient(office.server, {"report", "annual", "--year", "2021", "--format", "csv"});
  REQUIRE(csv.exit_code == 0);
  CHECK(CsvTable(csv.out, 0)[1] == "一、本年新收政府信息公开申请数量,0,1,0,0,0,0,1");
  const ProcessResult verify = RunClient(office.server, {"admin", "verify"});
  INFO(Describe(verify));
  CHECK(verify.exit_code == 0);
  const ProcessResult audit = RunClient(office.server, {"--json", "audit"});
  REQUIRE(audit.exit_code == 0);
  CHECK(audit.out.find("\"command\":\"amend\"") != std::string::npos);
  CheckNoPersonalData(audit.out);
  CheckNoPersonalData(office.daemon.Log());
}

TEST_CASE(
    "An amendment is refused after a decision and to the wrong people, without a word "
    "of personal data",
    "[e2e][amend]") {
  Office office;
  const std::string id = office.Intake();
  const std::vector<std::string> amend = {
      "amend", id, "--phone", kNewPhone, "--applicant", kNewApplicant, "--reason", "更正"};
  const json before = Ok(office.server, {"show", id});

  const ProcessResult supervisor = RunClientAs(office.supervisor, office.server, amend);
  INFO(Describe(supervisor));
  CHECK(supervisor.exit_code == 3);
  CHECK(supervisor.err.find("permission_denied") != std::string::npos);
  CHECK(supervisor.err.find("amend needs the role clerk or officer or head") != std::string::npos);
  CheckNoPersonalData(supervisor.err);

  const ProcessResult county = RunClientAs(office.county_clerk, office.server, amend);
  INFO(Describe(county));
  CHECK(county.exit_code == 3);
  CHECK(county.err.find("outside the scope of county-clerk: 210304") != std::string::npos);
  CheckNoPersonalData(county.err);

  const ProcessResult nothing =
      RunClientAs(office.clerk, office.server, {"amend", id, "--reason", "更正"});
  CHECK(nothing.exit_code == 2);
  CHECK(nothing.err.find("nothing to amend") != std::string::npos);

  const ProcessResult other_year = RunClientAs(
      office.clerk, office.server, {"amend", id, "--received", "2020-12-31", "--reason", "更正"});
  CHECK(other_year.exit_code == 3);
  CHECK(other_year.err.find("withdraw this one and register the request anew") !=
        std::string::npos);
  CHECK(Ok(office.server, {"show", id}) == before);  // Nothing changed.

  REQUIRE(RunClientAs(office.officer, office.server,
                      {"decide", id, "--on", "2021-03-15", "--outcome", "granted"})
              .exit_code == 0);
  const ProcessResult decided = RunClientAs(office.clerk, office.server, amend);
  INFO(Describe(decided));
  CHECK(decided.exit_code == 3);
  CHECK(decided.err.find("failed_precondition") != std::string::npos);
  CHECK(decided.err.find("is decided (closed on 2021-03-15): an intake can be amended only "
                         "before a decision") != std::string::npos);
  CheckNoPersonalData(decided.err);
  const json after = Ok(office.server, {"show", id});
  CHECK(after.at("applicant").at("name") == kApplicant);
  CHECK(after.at("events").back().at("kind") == "decided");
  const ProcessResult audit = RunClient(office.server, {"audit"});
  CheckNoPersonalData(audit.out);
  CheckNoPersonalData(office.daemon.Log());
}

}  // namespace
}  // namespace gongkai::e2e
