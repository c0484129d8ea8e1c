// The request endpoints over HTTP with the real processes: intake, the
// queue, one request with the events this person may record, recording an
// event, search, agencies and the clock; and the refusals: no CSRF token,
// bad JSON, another county's request, a role that may not.
#include <catch2/catch.hpp>

#include "tests/e2e/client_calls.h"
#include "tests/web/web_fixture.h"

namespace gongkai::web_test {
namespace {

using nlohmann::json;

json IntakeBody(const std::string& agency) {
  return {{"agency_code", agency},
          {"channel", "online"},
          {"applicant_type", "natural_person"},
          {"applicant", {{"name", "刘某某"}, {"phone", "13800000000"}}},
          {"subject", "2012年老旧小区改造资金使用情况"}};
}

// Registers a request through the console as the clerk; its id.
std::string Register(WebFixture& web, const Login& clerk, const std::string& agency) {
  auto result = web.Post(clerk, "/api/v1/requests", IntakeBody(agency).dump());
  REQUIRE(result);
  INFO(result->body);
  REQUIRE(result->status == 201);
  return JsonOf(result).at("request_id").get<std::string>();
}

int64_t Total(WebFixture& web, const Login& who) {
  const json list = JsonOf(web.Get(who, "/api/v1/requests"));
  return list.at("total").get<int64_t>();
}

TEST_CASE("A clerk registers a request and sees its id, due date and explanation",
          "[web][requests]") {
  WebFixture web;
  const Login clerk = web.LogIn(kClerk);
  auto result = web.Post(clerk, "/api/v1/requests", IntakeBody("210302").dump());
  REQUIRE(result);
  INFO(result->body);
  REQUIRE(result->status == 201);
  const json body = JsonOf(result);
  // Received on the engine's today (2012-09-28), 15 working days (2008 rule).
  CHECK(body.at("due_date") == "2012-10-25");
  CHECK_FALSE(body.at("explanation").empty());
  const std::string id = body.at("request_id");

  const json shown = JsonOf(web.Get(clerk, "/api/v1/requests/" + id));
  CHECK(shown.at("request_id") == id);
  CHECK(shown.at("agency_code") == "210302");
  CHECK(shown.at("received_on") == "2012-09-28");
  CHECK(shown.at("applicant").at("name") == "刘某某");
  CHECK(shown.at("timeline").size() == 1);
  CHECK(shown.at("allowed_events").is_array());

  const json queue = JsonOf(web.Get(clerk, "/api/v1/requests?status=open&limit=10"));
  REQUIRE(queue.at("requests").size() == 1);
  CHECK(queue.at("requests")[0].at("request_id") == id);
  CHECK(queue.at("total") == 1);
  CHECK(queue.at("today") == "2012-09-28");
  const json due = JsonOf(web.Get(clerk, "/api/v1/requests?due_within=20"));
  CHECK(due.at("requests").size() == 1);

  const json found = JsonOf(web.Get(clerk, "/api/v1/search?q=老旧小区"));
  REQUIRE(found.at("requests").size() == 1);
  CHECK(found.at("requests")[0].at("request_id") == id);
}

TEST_CASE("An officer records a consultation and the engine moves the due date",
          "[web][requests]") {
  WebFixture web;
  const Login clerk = web.LogIn(kClerk);
  const Login officer = web.LogIn(kOfficer);
  const std::string id = Register(web, clerk, "210300");
  const json before = JsonOf(web.Get(officer, "/api/v1/requests/" + id));
  const auto allowed = before.at("allowed_events");
  CHECK(std::find(allowed.begin(), allowed.end(), "consult-start") != allowed.end());
  CHECK(std::find(allowed.begin(), allowed.end(), "consult-end") == allowed.end());
  CHECK(before.at("applicant").at("name") == "刘某某");

  auto started = web.Post(officer, "/api/v1/requests/" + id + "/events",
                          json{{"kind", "consult-start"}, {"party", "市财政局"}}.dump());
  REQUIRE(started);
  INFO(started->body);
  CHECK(started->status == 200);
  e2e::AdvanceTo(web.endpoint(), "2012-10-10");
  auto ended =
      web.Post(officer, "/api/v1/requests/" + id + "/events", json{{"kind", "consult-end"}}.dump());
  REQUIRE(ended);
  INFO(ended->body);
  CHECK(ended->status == 200);
  const json after = JsonOf(web.Get(officer, "/api/v1/requests/" + id));
  CHECK(after.at("timeline").size() == 3);
  CHECK(after.at("due_date") != before.at("due_date"));

  SECTION("an event the law does not allow now is refused 409 in Chinese") {
    auto again = web.Post(officer, "/api/v1/requests/" + id + "/events",
                          json{{"kind", "consult-end"}}.dump());
    REQUIRE(again);
    CHECK(again->status == 409);
    CHECK(JsonOf(again).at("code") == "failed_precondition");
    const std::string message = JsonOf(again).at("message");
    CHECK_FALSE(message.empty());
    CHECK(message.find("consultation") == std::string::npos);
  }
}

TEST_CASE("A change without the CSRF token is refused 403 and nothing is written",
          "[web][requests][csrf]") {
  WebFixture web;
  const Login clerk = web.LogIn(kClerk);
  auto refused = web.Post(clerk, "/api/v1/requests", IntakeBody("210300").dump(), false);
  REQUIRE(refused);
  CHECK(refused->status == 403);
  CHECK(JsonOf(refused).at("code") == "permission_denied");
  Login wrong = clerk;
  wrong.csrf = std::string(64, '0');
  auto forged = web.Post(wrong, "/api/v1/requests", IntakeBody("210300").dump());
  REQUIRE(forged);
  CHECK(forged->status == 403);
  CHECK(Total(web, clerk) == 0);
}

TEST_CASE("Bad JSON or a bad field is answered 400 with a message and nothing is written",
          "[web][requests][input]") {
  WebFixture web;
  const Login clerk = web.LogIn(kClerk);
  for (const std::string& body :
       {std::string("{\"agency_code\": \"210300\","), std::string("[1, 2]"), std::string(""),
        json{{"agency_code", "210300"},
             {"channel", "carrier pigeon"},
             {"applicant_type", "natural_person"},
             {"applicant", {{"name", "刘某某"}}},
             {"subject", "x"}}
            .dump(),
        json{{"agency_code", "210300"},
             {"channel", "online"},
             {"applicant_type", "natural_person"},
             {"subject", "x"}}
            .dump(),
        json{{"agency_code", "210300"},
             {"channel", "online"},
             {"applicant_type", "natural_person"},
             {"applicant", {{"name", "刘某某"}}},
             {"subject", "x"},
             {"received_on", "2012-02-30"}}
            .dump()}) {
    INFO(body);
    auto result = web.Post(clerk, "/api/v1/requests", body);
    REQUIRE(result);
    CHECK(result->status == 400);
    CHECK(JsonOf(result).at("code") == "invalid_argument");
    CHECK_FALSE(JsonOf(result).at("message").get<std::string>().empty());
    CHECK(result->body.find("刘某某") == std::string::npos);  // No personal data.
  }
  auto event = web.Post(clerk, "/api/v1/requests/210300-2012-000001/events",
                        json{{"kind", "teleport"}}.dump());
  REQUIRE(event);
  CHECK(event->status == 400);
  CHECK(Total(web, clerk) == 0);
  // Deeply nested JSON is refused, not walked to the end of the stack.
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  auto nested = web.Post(clerk, "/api/v1/requests/210300-2012-000001/events",
                         "{\"kind\": \"extend\", \"days\": " + deep + "}");
  REQUIRE(nested);
  CHECK(nested->status == 400);
  auto unclosed = web.Post(clerk, "/api/v1/requests", std::string(100000, '['));
  REQUIRE(unclosed);
  CHECK(unclosed->status == 400);
  auto huge = web.Post(clerk, "/api/v1/requests", std::string(3 << 20, ' '));
  REQUIRE(huge);
  CHECK(huge->status == 413);
  CHECK(Total(web, clerk) == 0);
}

// A request in 210302 (the county supervisor's own) and one in 210303,
// registered by the city's clerk, and the county supervisor logged in.
struct TwoCounties {
  WebFixture web;
  Login clerk = web.LogIn(kClerk);
  std::string other = Register(web, clerk, "210303");
  std::string own = Register(web, clerk, "210302");
  Login county = web.LogIn(kCountySupervisor);
};

TEST_CASE("A county supervisor is refused another county's request and its queue",
          "[web][requests][access]") {
  TwoCounties scene;
  auto& [web, clerk, other, own, county] = scene;
  auto refused = web.Get(county, "/api/v1/requests/" + other);
  REQUIRE(refused);
  CHECK(refused->status == 403);
  CHECK(JsonOf(refused).at("code") == "permission_denied");
  auto list = web.Get(county, "/api/v1/requests?agency=210303");
  REQUIRE(list);
  CHECK(list->status == 403);
  auto allowed = web.Get(county, "/api/v1/requests/" + own);
  REQUIRE(allowed);
  CHECK(allowed->status == 200);
  CHECK_FALSE(JsonOf(allowed).contains("applicant"));  // A supervisor sees no personal data.
  auto missing = web.Get(clerk, "/api/v1/requests/210300-2012-999999");
  REQUIRE(missing);
  CHECK(missing->status == 404);
}

TEST_CASE("A search posted in the body finds within scope only, and is refused without a session",
          "[web][requests][access]") {
  TwoCounties scene;
  auto& [web, clerk, other, own, county] = scene;
  // No CSRF token is needed for a search: it changes nothing.
  auto found = web.Post(county, "/api/v1/search", json{{"q", "老旧小区"}}.dump(), false);
  REQUIRE(found);
  REQUIRE(found->status == 200);
  const json requests = JsonOf(found).at("requests");
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].at("request_id") == own);
  auto elsewhere = web.Post(county, "/api/v1/search",
                            json{{"q", "老旧小区"}, {"agency", "210303"}}.dump(), false);
  REQUIRE(elsewhere);
  CHECK(elsewhere->status == 403);
  CHECK(elsewhere->body.find(other) == std::string::npos);
  auto bad = web.Post(county, "/api/v1/search", json{{"q", 5}}.dump(), false);
  REQUIRE(bad);
  CHECK(bad->status == 400);
  auto anonymous =
      web.Client().Post("/api/v1/search", json{{"q", "老旧小区"}}.dump(), "application/json");
  REQUIRE(anonymous);
  CHECK(anonymous->status == 401);
}

TEST_CASE("A reporter may not register a request nor record an event", "[web][requests][access]") {
  WebFixture web;
  const Login clerk = web.LogIn(kClerk);
  const std::string id = Register(web, clerk, "210300");
  const Login reporter = web.LogIn(kReporter);
  auto intake = web.Post(reporter, "/api/v1/requests", IntakeBody("210300").dump());
  REQUIRE(intake);
  CHECK(intake->status == 403);
  auto event = web.Post(reporter, "/api/v1/requests/" + id + "/events",
                        json{{"kind", "decide"}, {"outcome", "granted"}}.dump());
  REQUIRE(event);
  CHECK(event->status == 403);
  CHECK(Total(web, clerk) == 1);
  CHECK(JsonOf(web.Get(clerk, "/api/v1/requests/" + id)).at("timeline").size() == 1);
}

TEST_CASE("While gongkaid is down the console answers 503, and carries on when it is back",
          "[web][requests][restart]") {
  WebFixture web;
  const Login clerk = web.LogIn(kClerk);
  const std::string endpoint = web.endpoint();
  web.daemon().Kill();
  auto down = web.Get(clerk, "/api/v1/clock");
  REQUIRE(down);
  CHECK(down->status == 503);
  CHECK(JsonOf(down).at("code") == "unavailable");
  CHECK(JsonOf(down).at("message") == "暂时无法连接引擎（gongkaid），请稍后重试");
  REQUIRE(web.daemon().Restart() == endpoint);
  auto back = web.Get(clerk, "/api/v1/clock");  // The same session: kept by the gateway.
  REQUIRE(back);
  CHECK(back->status == 200);
  auto intake = web.Post(clerk, "/api/v1/requests", IntakeBody("210300").dump());
  REQUIRE(intake);
  CHECK(intake->status == 201);
}

TEST_CASE("Agencies are those of the person's scope and the clock is the engine's",
          "[web][requests]") {
  WebFixture web;
  const Login county = web.LogIn(kCountySupervisor);
  const json agencies = JsonOf(web.Get(county, "/api/v1/agencies")).at("agencies");
  REQUIRE_FALSE(agencies.empty());
  for (const auto& agency : agencies) {
    CHECK(agency.at("code").get<std::string>().rfind("210302", 0) == 0);
  }
  CHECK(JsonOf(web.Get(county, "/api/v1/clock")).at("today") == "2012-09-28");
}

}  // namespace
}  // namespace gongkai::web_test
