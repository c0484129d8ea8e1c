// Logging in to the console over HTTP, with the real gongkaid and
// gongkai-web processes: the session cookie's attributes, the session,
// logging out, wrong passwords, the lockout, and the pages served from the
// binary.
#include <catch2/catch.hpp>

#include "tests/web/web_fixture.h"

namespace gongkai::web_test {
namespace {

using nlohmann::json;

httplib::Result LoginAttempt(WebFixture& web, const std::string& name,
                             const std::string& password) {
  return web.Client().Post("/api/v1/login", json{{"name", name}, {"password", password}}.dump(),
                           "application/json");
}

TEST_CASE("A person logs in with an HttpOnly SameSite=Strict cookie, sees the session, logs out",
          "[web][login]") {
  WebFixture web;
  auto result = LoginAttempt(web, kClerk, kPassword);
  REQUIRE(result);
  REQUIRE(result->status == 200);
  const std::string cookie = result->get_header_value("Set-Cookie");
  CHECK(cookie.rfind("gongkai_session=", 0) == 0);
  CHECK(cookie.find("HttpOnly") != std::string::npos);
  CHECK(cookie.find("SameSite=Strict") != std::string::npos);
  CHECK(cookie.find("Max-Age=") != std::string::npos);
  const json body = JsonOf(result);
  CHECK(body.at("name") == kClerk);
  CHECK(body.at("roles") == json::array({"clerk"}));
  CHECK(body.at("agency_code") == "210300");
  CHECK(body.at("csrf_token").get<std::string>().size() == 64);
  CHECK(body.dump().find("public_key") == std::string::npos);

  const Login clerk = web.LogIn(kClerk);
  auto session = web.Get(clerk, "/api/v1/session");
  REQUIRE(session);
  CHECK(session->status == 200);
  CHECK(JsonOf(session).at("csrf_token") == clerk.csrf);

  SECTION("logging out needs the CSRF token, then ends the session") {
    auto refused = web.Post(clerk, "/api/v1/logout", "{}", /*with_csrf=*/false);
    REQUIRE(refused);
    CHECK(refused->status == 403);
    auto out = web.Post(clerk, "/api/v1/logout", "{}");
    REQUIRE(out);
    CHECK(out->status == 200);
    CHECK(out->get_header_value("Set-Cookie").find("Max-Age=0") != std::string::npos);
    auto after = web.Get(clerk, "/api/v1/session");
    REQUIRE(after);
    CHECK(after->status == 401);
    CHECK(JsonOf(after).at("code") == "unauthenticated");
  }
  SECTION("no cookie, or one the gateway does not know, is no session") {
    auto none = web.Client().Get("/api/v1/requests");
    REQUIRE(none);
    CHECK(none->status == 401);
    Login forged = clerk;
    forged.cookie = "gongkai_session=" + std::string(64, 'a');
    auto unknown = web.Get(forged, "/api/v1/requests");
    REQUIRE(unknown);
    CHECK(unknown->status == 401);
    CHECK(JsonOf(unknown).at("message") == "请先登录：没有会话，或会话已结束");
  }
}

TEST_CASE("A wrong password and an unknown name get the same 401", "[web][login]") {
  WebFixture web;
  auto wrong = LoginAttempt(web, kClerk, "not the password");
  auto unknown = LoginAttempt(web, "无此人", kPassword);
  REQUIRE(wrong);
  REQUIRE(unknown);
  CHECK(wrong->status == 401);
  CHECK(unknown->status == 401);
  CHECK(wrong->body == unknown->body);
  CHECK(JsonOf(wrong).at("code") == "unauthenticated");
  CHECK(JsonOf(wrong).at("message") == "姓名或密码错误");
  CHECK(wrong->get_header_value("Set-Cookie").empty());
}

TEST_CASE("Five failed logins lock the name out (429) even for the right password, not others",
          "[web][login]") {
  WebFixture web;
  for (int i = 0; i < 5; ++i) {
    auto failed = LoginAttempt(web, kClerk, "guess " + std::to_string(i));
    REQUIRE(failed);
    CHECK(failed->status == 401);
  }
  auto locked = LoginAttempt(web, kClerk, kPassword);
  REQUIRE(locked);
  CHECK(locked->status == 429);
  CHECK(JsonOf(locked).at("code") == "resource_exhausted");
  CHECK(JsonOf(locked).at("message").get<std::string>().find("锁定") != std::string::npos);
  CHECK_FALSE(locked->get_header_value("Retry-After").empty());
  auto other = LoginAttempt(web, kOfficer, kPassword);
  REQUIRE(other);
  CHECK(other->status == 200);
}

TEST_CASE("A login body that is not JSON, or lacks the password, is answered 400 in Chinese",
          "[web][login]") {
  WebFixture web;
  auto bad = web.Client().Post("/api/v1/login", "{name: 李受理", "application/json");
  REQUIRE(bad);
  CHECK(bad->status == 400);
  CHECK(JsonOf(bad).at("code") == "invalid_argument");
  CHECK(JsonOf(bad).at("message") == "请求内容不是JSON：请发送一个JSON对象");
  auto form = web.Client().Post(
      "/api/v1/login", json{{"name", kClerk}, {"password", kPassword}}.dump(), "text/plain");
  REQUIRE(form);
  CHECK(form->status == 400);  // What a form of another site could send.
  CHECK(form->get_header_value("Set-Cookie").empty());
  auto missing =
      web.Client().Post("/api/v1/login", json{{"name", kClerk}}.dump(), "application/json");
  REQUIRE(missing);
  CHECK(missing->status == 400);
  CHECK(JsonOf(missing).at("message").get<std::string>().find("password") != std::string::npos);
}

TEST_CASE("The console's pages are served from the binary, in Chinese, with a strict policy",
          "[web][static]") {
  WebFixture web;
  auto index = web.Client().Get("/");
  REQUIRE(index);
  CHECK(index->status == 200);
  CHECK(index->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(index->body.find("lang=\"zh-CN\"") != std::string::npos);
  CHECK(index->get_header_value("Content-Security-Policy").find("default-src 'self'") !=
        std::string::npos);
  CHECK(index->get_header_value("X-Frame-Options") == "DENY");
  auto missing = web.Client().Get("/no-such-page.html");
  REQUIRE(missing);
  CHECK(missing->status == 404);
  auto api = web.Client().Get("/api/v1/no-such-endpoint");
  REQUIRE(api);
  CHECK(api->status == 404);
  CHECK(JsonOf(api).at("code") == "not_found");
}

TEST_CASE("Each connection is answered once and closed, so no idle browser holds a server thread",
          "[web][static]") {
  WebFixture web;
  httplib::Client client = web.Client();
  client.set_keep_alive(true);  // As a browser asks.
  for (int i = 0; i < 2; ++i) {
    auto index = client.Get("/");
    REQUIRE(index);
    CHECK(index->status == 200);
    CHECK(index->get_header_value("Connection") == "close");
    CHECK_FALSE(index->has_header("Keep-Alive"));
  }
}

}  // namespace
}  // namespace gongkai::web_test
