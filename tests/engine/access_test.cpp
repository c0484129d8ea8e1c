// The role matrix and the agency scope (engine/access.h), checked command by
// command against a small registry: the city 210300 with two districts,
// 210302 (with a department 21030201 under it) and 210303.
#include "engine/access.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace gongkai {
namespace {

using Catch::Matchers::Contains;

const AgencyRegistry& Registry() {
  static const AgencyRegistry registry = AgencyRegistry::Parse(
                                             "210300\t鞍山市人民政府\t\tcity\n"
                                             "210302\t铁东区人民政府\t210300\tcounty\n"
                                             "21030201\t铁东区教育局\t210302\tdepartment\n"
                                             "210303\t铁西区人民政府\t210300\tcounty\n",
                                             "test")
                                             .value();
  return registry;
}

v1::Principal Person(std::vector<v1::Role> roles, const std::string& agency) {
  v1::Principal who;
  who.set_name("某人");
  for (v1::Role role : roles) who.add_roles(role);
  who.set_agency_code(agency);
  return who;
}

v1::Command Event(const std::string& id, void (*body)(v1::Event&)) {
  v1::Command command;
  command.mutable_record_event()->mutable_event()->set_request_id(id);
  body(*command.mutable_record_event()->mutable_event());
  return command;
}

v1::Command Intake(const std::string& agency) {
  v1::Command command;
  command.mutable_intake()->mutable_received()->set_agency_code(agency);
  return command;
}

bool Allowed(const v1::Principal& who, const v1::Command& command) {
  return Authorize(who, command, Registry()).ok();
}

TEST_CASE("Each command needs one of its roles", "[engine][access]") {
  const v1::Command decide = Event("210300-2012-000001", [](v1::Event& e) { e.mutable_decided(); });
  const v1::Command extend =
      Event("210300-2012-000001", [](v1::Event& e) { e.mutable_extension_approved(); });
  const v1::Command correction =
      Event("210300-2012-000001", [](v1::Event& e) { e.mutable_correction_received(); });
  CHECK(Allowed(Person({v1::ROLE_CLERK}, "210300"), Intake("210300")));
  CHECK_FALSE(Allowed(Person({v1::ROLE_OFFICER}, "210300"), Intake("210300")));
  CHECK(Allowed(Person({v1::ROLE_OFFICER}, "210300"), decide));
  CHECK_FALSE(Allowed(Person({v1::ROLE_CLERK}, "210300"), decide));
  CHECK_FALSE(Allowed(Person({v1::ROLE_SUPERVISOR}, "210300"), decide));
  CHECK(Allowed(Person({v1::ROLE_HEAD}, "210300"), extend));
  CHECK_FALSE(Allowed(Person({v1::ROLE_OFFICER}, "210300"), extend));
  CHECK(Allowed(Person({v1::ROLE_CLERK}, "210300"), correction));
  v1::Command lock;
  lock.mutable_report_lock()->set_year(2012);
  CHECK(Allowed(Person({v1::ROLE_REPORTER}, "210300"), lock));
  CHECK_FALSE(Allowed(Person({v1::ROLE_REPORTER}, "210302"), lock));
  CHECK_FALSE(Allowed(Person({v1::ROLE_OPERATOR}, "210300"), lock));
  v1::Command sweep;
  sweep.mutable_sweep();
  CHECK(Allowed(Person({v1::ROLE_SCHEDULER}, "210300"), sweep));
  CHECK_FALSE(Allowed(Person({v1::ROLE_SUPERVISOR}, "210300"), sweep));
  v1::Command backup;
  backup.mutable_admin_backup()->set_directory("/backups/gongkai");
  CHECK(Allowed(Person({v1::ROLE_OPERATOR}, "210300"), backup));
  for (v1::Role role : {v1::ROLE_CLERK, v1::ROLE_OFFICER, v1::ROLE_HEAD, v1::ROLE_SUPERVISOR,
                        v1::ROLE_REPORTER, v1::ROLE_AUDITOR, v1::ROLE_SCHEDULER}) {
    CHECK_FALSE(Allowed(Person({role}, "210300"), backup));
  }
  v1::Command show_clock;
  show_clock.mutable_clock_show();
  CHECK(Allowed(Person({}, "210303"), show_clock));
}

TEST_CASE("A refusal names the missing role and the person's roles, nothing of the request",
          "[engine][access]") {
  const Status refused =
      Authorize(Person({v1::ROLE_SUPERVISOR}, "210300"),
                Event("210303-2012-000007", [](v1::Event& e) { e.mutable_decided(); }), Registry());
  REQUIRE(refused.code() == StatusCode::kPermissionDenied);
  CHECK_THAT(refused.message(), Contains("officer") && Contains("supervisor"));
  CHECK(refused.message().find("210303-2012-000007") == std::string::npos);
}

TEST_CASE("The scope is an agency and its subtree", "[engine][access]") {
  const v1::Principal county = Person({v1::ROLE_SUPERVISOR, v1::ROLE_CLERK}, "210302");
  CHECK(InScope(county, "210302", Registry()));
  CHECK(InScope(county, "21030201", Registry()));
  CHECK_FALSE(InScope(county, "210303", Registry()));
  CHECK_FALSE(InScope(county, "210300", Registry()));
  CHECK(Allowed(county, Intake("21030201")));
  const Status other = Authorize(county, Intake("210303"), Registry());
  REQUIRE(other.code() == StatusCode::kPermissionDenied);
  CHECK_THAT(other.message(), Contains("210302") && Contains("铁东区人民政府"));
  v1::Command show;
  show.mutable_show()->set_request_id("210303-2012-000001");
  CHECK_FALSE(Allowed(county, show));
  show.mutable_show()->set_request_id("21030201-2012-000001");
  CHECK(Allowed(county, show));
  v1::Command fetch;
  fetch.mutable_alerts_fetch()->set_agency_code("210300");
  CHECK_FALSE(Allowed(county, fetch));
  fetch.mutable_alerts_fetch()->set_agency_code("");  // The person's own scope.
  CHECK(Allowed(county, fetch));
  v1::Principal nowhere = county;
  nowhere.clear_agency_code();
  CHECK_FALSE(InScope(nowhere, "210302", Registry()));
}

TEST_CASE("Personal data are for clerks, officers, heads and auditors in scope",
          "[engine][access][personal]") {
  for (v1::Role role : {v1::ROLE_CLERK, v1::ROLE_OFFICER, v1::ROLE_HEAD, v1::ROLE_AUDITOR}) {
    CHECK(SeesPersonalData(Person({role}, "210302"), "21030201", Registry()));
    CHECK_FALSE(SeesPersonalData(Person({role}, "210302"), "210303", Registry()));
  }
  for (v1::Role role :
       {v1::ROLE_SUPERVISOR, v1::ROLE_REPORTER, v1::ROLE_OPERATOR, v1::ROLE_SCHEDULER}) {
    CHECK_FALSE(SeesPersonalData(Person({role}, "210300"), "210300", Registry()));
  }
}

TEST_CASE("A revoked person is refused everything", "[engine][access]") {
  v1::Principal who = Person({v1::ROLE_CLERK}, "210300");
  who.set_revoked(true);
  CHECK_FALSE(Allowed(who, Intake("210300")));
}

TEST_CASE("A password is set by an operator only", "[engine][access][passwords]") {
  v1::Command passwd;
  passwd.mutable_user_password()->set_name("张三");
  passwd.mutable_user_password()->set_password_hash("$argon2id$...");
  CHECK(Allowed(Person({v1::ROLE_OPERATOR}, "210300"), passwd));
  for (v1::Role role : {v1::ROLE_CLERK, v1::ROLE_OFFICER, v1::ROLE_HEAD, v1::ROLE_SUPERVISOR,
                        v1::ROLE_REPORTER, v1::ROLE_AUDITOR, v1::ROLE_SCHEDULER}) {
    const Status refused = Authorize(Person({role}, "210300"), passwd, Registry());
    CHECK(refused.code() == StatusCode::kPermissionDenied);
    CHECK_THAT(refused.message(), Contains("operator"));
  }
}

TEST_CASE("Only a service with the delegate right logs people in, for itself",
          "[engine][access][passwords]") {
  v1::Command login;
  login.mutable_login()->set_name("张三");
  login.mutable_login()->set_password("correct horse");
  v1::Principal web = Person({}, "210300");
  web.set_may_delegate(true);
  CHECK(Allowed(web, login));
  // Every role, without the delegate right: refused.
  const Status person = Authorize(
      Person({v1::ROLE_CLERK, v1::ROLE_OFFICER, v1::ROLE_HEAD, v1::ROLE_OPERATOR}, "210300"), login,
      Registry());
  CHECK(person.code() == StatusCode::kPermissionDenied);
  CHECK_THAT(person.message(), Contains("delegate right"));
  // On behalf of someone: refused whoever it names.
  login.set_on_behalf_of("李四");
  CHECK_FALSE(Allowed(web, login));
  web.set_revoked(true);
  login.clear_on_behalf_of();
  CHECK_FALSE(Allowed(web, login));
}

TEST_CASE("The agency of a request id is the part before its first dash", "[engine][access]") {
  CHECK(AgencyOfRequestId("210300-2012-000001") == "210300");
  CHECK(AgencyOfRequestId("21030201-2012-000001") == "21030201");
  CHECK(AgencyOfRequestId("garbage") == "garbage");
}

}  // namespace
}  // namespace gongkai
