// Reports, people, the calendar and backups over HTTP with the real
// processes: the CSV download is byte for byte the CLI's, the XLSX is a
// workbook, and the operator's endpoints refuse everyone else (403) and
// change nothing then.
#include <catch2/catch.hpp>
#include <filesystem>

#include "tests/e2e/client_calls.h"
#include "tests/web/web_fixture.h"

namespace gongkai::web_test {
namespace {

using nlohmann::json;

void RegisterAndDecide(WebFixture& web) {
  const Login clerk = web.LogIn(kClerk);
  const Login officer = web.LogIn(kOfficer);
  for (const char* agency : {"210300", "210302"}) {
    auto intake = web.Post(clerk, "/api/v1/requests",
                           json{{"agency_code", agency},
                                {"channel", "online"},
                                {"applicant_type", "natural_person"},
                                {"applicant", {{"name", "刘某某"}}},
                                {"subject", "预算公开"}}
                               .dump());
    REQUIRE(intake);
    REQUIRE(intake->status == 201);
    const std::string id = JsonOf(intake).at("request_id");
    auto decided = web.Post(officer, "/api/v1/requests/" + id + "/events",
                            json{{"kind", "decide"}, {"outcome", "granted"}}.dump());
    REQUIRE(decided);
    INFO(decided->body);
    REQUIRE(decided->status == 200);
  }
}

TEST_CASE("The reporter's CSV download is byte for byte the CLI's report", "[web][reports]") {
  WebFixture web;
  RegisterAndDecide(web);
  const Login reporter = web.LogIn(kReporter);
  auto csv = web.Get(reporter, "/api/v1/reports/annual?year=2012&agency=210300&format=csv");
  REQUIRE(csv);
  REQUIRE(csv->status == 200);
  CHECK(csv->get_header_value("Content-Type") == "text/csv; charset=utf-8");
  CHECK(csv->get_header_value("Content-Disposition") ==
        "attachment; filename=\"report-2012-210300.csv\"");
  const e2e::ProcessResult cli = e2e::RunClientAs(
      web.IdentityOf(kReporter), web.endpoint(),
      {"report", "annual", "--year", "2012", "--agency", "210300", "--format", "csv"});
  REQUIRE(cli.exit_code == 0);
  CHECK(csv->body == cli.out);
  CHECK(e2e::CsvTable(csv->body, 0).size() > 10);

  const json report = JsonOf(web.Get(reporter, "/api/v1/reports/annual?year=2012&agency=210300"));
  CHECK(report.at("identity").at("received") == 2);
  CHECK(report.at("title").get<std::string>().find("2012年度") != std::string::npos);

  auto xlsx = web.Get(reporter, "/api/v1/reports/annual?year=2012&agency=210300&format=xlsx");
  REQUIRE(xlsx);
  REQUIRE(xlsx->status == 200);
  CHECK(xlsx->body.rfind("PK", 0) == 0);  // A zip: the workbook.
  auto bad = web.Get(reporter, "/api/v1/reports/annual?year=twenty&agency=210300");
  REQUIRE(bad);
  CHECK(bad->status == 400);
  const Login county = web.LogIn(kCountySupervisor);
  auto refused = web.Get(county, "/api/v1/reports/annual?year=2012&agency=210300&format=csv");
  REQUIRE(refused);
  CHECK(refused->status == 403);
}

TEST_CASE("A clerk is refused every operator endpoint and nothing changes",
          "[web][admin][access]") {
  WebFixture web;
  const Login clerk = web.LogIn(kClerk);
  const std::pair<std::string, std::string> posts[] = {
      {"/api/v1/users",
       json{{"name", "新人"}, {"roles", {"clerk"}}, {"agency_code", "210300"}}.dump()},
      {"/api/v1/users/" + std::string(kReporter) + "/grant", json{{"roles", {"operator"}}}.dump()},
      {"/api/v1/users/" + std::string(kReporter) + "/revoke", "{}"},
      {"/api/v1/users/" + std::string(kReporter) + "/password",
       json{{"password", "password 12345"}}.dump()},
      {"/api/v1/calendar", json{{"text", "gongkai-calendar 1\n2012-10-15 off 测试\n"}}.dump()},
      {"/api/v1/backup", json{{"directory", web.daemon().data_dir() + "-copy"}}.dump()}};
  for (const auto& [path, body] : posts) {
    INFO(path);
    auto result = web.Post(clerk, path, body);
    REQUIRE(result);
    CHECK(result->status == 403);
    CHECK(JsonOf(result).at("code") == "permission_denied");
  }
  auto users = web.Get(clerk, "/api/v1/users");
  REQUIRE(users);
  CHECK(users->status == 403);
  const Login op = web.LogIn(kOperator);
  const json list = JsonOf(web.Get(op, "/api/v1/users"));
  bool reporter_ok = false;
  for (const auto& u : list.at("users")) {
    CHECK(u.at("name") != "新人");
    if (u.at("name") == kReporter)
      reporter_ok = u.at("roles") == json::array({"reporter"}) && !u.at("revoked");
  }
  CHECK(reporter_ok);
  web.LogIn(kReporter);  // The password is unchanged.
}

TEST_CASE("The operator enrols a person with a password, who logs in; a revoked one is out",
          "[web][admin]") {
  WebFixture web;
  const Login op = web.LogIn(kOperator);
  auto added = web.Post(op, "/api/v1/users",
                        json{{"name", "吴受理"},
                             {"roles", {"clerk", "officer"}},
                             {"agency_code", "210302"},
                             {"password", "新密码 2012 abc"}}
                            .dump());
  REQUIRE(added);
  INFO(added->body);
  REQUIRE(added->status == 201);
  CHECK(JsonOf(added).at("user").at("agency") == "210302");
  const Login newcomer = web.LogIn("吴受理", "新密码 2012 abc");
  CHECK(newcomer.body.at("roles") == json::array({"clerk", "officer"}));
  auto granted = web.Post(op, "/api/v1/users/吴受理/grant", json{{"roles", "clerk"}}.dump());
  REQUIRE(granted);
  CHECK(granted->status == 200);
  auto revoked = web.Post(op, "/api/v1/users/吴受理/revoke", "{}");
  REQUIRE(revoked);
  CHECK(revoked->status == 200);
  auto after = web.Get(newcomer, "/api/v1/session");
  REQUIRE(after);
  CHECK(after->status == 401);
  auto again = web.Client().Post("/api/v1/login",
                                 json{{"name", "吴受理"}, {"password", "新密码 2012 abc"}}.dump(),
                                 "application/json");
  REQUIRE(again);
  CHECK(again->status == 401);
  auto short_password = web.Post(
      op, "/api/v1/users",
      json{{"name", "郑某"}, {"roles", {"clerk"}}, {"agency_code", "210300"}, {"password", "short"}}
          .dump());
  REQUIRE(short_password);
  CHECK(short_password->status == 400);
  for (const auto& u : JsonOf(web.Get(op, "/api/v1/users")).at("users"))
    CHECK(u.at("name") != "郑某");
}

TEST_CASE("The operator loads a calendar with a dry run first, and makes a backup",
          "[web][admin]") {
  WebFixture web;
  RegisterAndDecide(web);
  const Login op = web.LogIn(kOperator);
  const std::string text = "gongkai-calendar 1\nannounced 2012\n2012-10-15 off 测试\n";
  auto dry = web.Post(op, "/api/v1/calendar", json{{"text", text}, {"dry_run", true}}.dump());
  REQUIRE(dry);
  INFO(dry->body);
  REQUIRE(dry->status == 200);
  CHECK(JsonOf(dry).at("dry_run") == true);
  auto bad = web.Post(op, "/api/v1/calendar", json{{"text", "not a calendar"}}.dump());
  REQUIRE(bad);
  CHECK(bad->status == 400);
  const std::string copy = web.daemon().data_dir() + "-backup";
  auto backup = web.Post(op, "/api/v1/backup", json{{"directory", copy}}.dump());
  REQUIRE(backup);
  INFO(backup->body);
  CHECK(backup->status == 200);
  CHECK(JsonOf(backup).at("requests") == 2);
  std::filesystem::remove_all(copy);
}

}  // namespace
}  // namespace gongkai::web_test
