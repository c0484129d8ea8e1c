// Supervision over HTTP with the real processes and a manual clock: the
// overdue worklist, the alerts and their acknowledgement, and the live
// alert stream (Server-Sent Events) delivering an overdue alert when the
// clock passes a due date, without polling by the page. Nothing sleeps:
// the stream is read on a thread and waited for with a deadline.
#include <catch2/catch.hpp>
#include <future>
#include <thread>

#include "tests/e2e/client_calls.h"
#include "tests/web/web_fixture.h"

namespace gongkai::web_test {
namespace {

using nlohmann::json;

constexpr std::chrono::seconds kDeadline(25);

std::string Register(WebFixture& web, const std::string& agency) {
  const Login clerk = web.LogIn(kClerk);
  const json body{{"agency_code", agency},
                  {"channel", "in_person"},
                  {"applicant_type", "natural_person"},
                  {"applicant", {{"name", "刘某某"}}},
                  {"subject", "道路维修资金"}};
  auto result = web.Post(clerk, "/api/v1/requests", body.dump());
  REQUIRE(result);
  REQUIRE(result->status == 201);
  return JsonOf(result).at("request_id").get<std::string>();
}

// The first `alert` event of a stream: its id line and JSON.
struct StreamedAlert {
  std::string id;
  json alert;
};

std::optional<StreamedAlert> FirstAlert(const std::string& stream) {
  const size_t event = stream.find("event: alert\n");
  if (event == std::string::npos) return std::nullopt;
  const size_t data = stream.find("data: ", event);
  const size_t end = stream.find("\n\n", data);
  if (data == std::string::npos || end == std::string::npos) return std::nullopt;
  const size_t id = stream.rfind("id: ", event);
  StreamedAlert found;
  found.id = id == std::string::npos ? "" : stream.substr(id + 4, event - id - 5);
  found.alert = json::parse(stream.substr(data + 6, end - data - 6), nullptr, false);
  return found;
}

TEST_CASE("The alert stream delivers an overdue alert when the manual clock passes the due date",
          "[web][supervision][sse]") {
  WebFixture web;
  const std::string id = Register(web, "210302");  // Due 2012-10-25.
  const Login supervisor = web.LogIn(kSupervisor);
  const json before = JsonOf(web.Get(supervisor, "/api/v1/alerts"));
  const uint64_t last = before.at("last_sequence");

  httplib::Client client = web.Client();
  std::promise<std::string> delivered;
  std::thread reader([&] {
    std::string stream;
    bool done = false;
    // As a browser asks: it accepts compression, which would hold the
    // events back in the compressor; the stream is sent uncompressed.
    client.Get(("/api/v1/alerts/stream?since=" + std::to_string(last)).c_str(),
               httplib::Headers{{"Cookie", supervisor.cookie},
                                {"Accept", "text/event-stream"},
                                {"Accept-Encoding", "gzip, deflate, br"}},
               [&](const char* data, size_t length) {
                 stream.append(data, length);
                 done = FirstAlert(stream).has_value();
                 return !done;
               });
    delivered.set_value(stream);
  });
  e2e::AdvanceTo(web.endpoint(), "2012-10-26");
  auto future = delivered.get_future();
  const bool arrived = future.wait_for(kDeadline) == std::future_status::ready;
  if (!arrived) client.stop();
  reader.join();
  REQUIRE(arrived);
  const std::string stream = future.get();
  INFO(stream);
  auto alert = FirstAlert(stream);
  REQUIRE(alert);
  CHECK(alert->alert.at("request_id") == id);
  CHECK(alert->alert.at("level") == "overdue");
  CHECK(alert->alert.at("due_date") == "2012-10-25");
  CHECK(alert->id == std::to_string(alert->alert.at("seq").get<uint64_t>()));
  CHECK_FALSE(alert->alert.at("message").get<std::string>().empty());
  CHECK(stream.find("刘某某") == std::string::npos);  // Alerts carry no personal data.
}

TEST_CASE("An open alert stream outlives a restart of gongkaid and still delivers the alert",
          "[web][supervision][sse][restart]") {
  WebFixture web;
  const std::string id = Register(web, "210300");  // Due 2012-10-25.
  const Login supervisor = web.LogIn(kSupervisor);
  const uint64_t last = JsonOf(web.Get(supervisor, "/api/v1/alerts")).at("last_sequence");
  httplib::Client client = web.Client();
  std::promise<std::string> delivered;
  std::promise<void> opened;
  std::thread reader([&] {
    std::string stream;
    bool open = false;
    client.Get(("/api/v1/alerts/stream?since=" + std::to_string(last)).c_str(),
               httplib::Headers{{"Cookie", supervisor.cookie}},
               [&](const char* data, size_t length) {
                 stream.append(data, length);
                 if (!open) opened.set_value();
                 open = true;
                 return !FirstAlert(stream).has_value();
               });
    if (!open) opened.set_value();
    delivered.set_value(stream);
  });
  REQUIRE(opened.get_future().wait_for(kDeadline) == std::future_status::ready);
  web.daemon().Restart();  // Its alerts come from a new port now.
  e2e::AdvanceTo(web.endpoint(), "2012-10-26");
  auto future = delivered.get_future();
  const bool arrived = future.wait_for(kDeadline) == std::future_status::ready;
  if (!arrived) client.stop();
  reader.join();
  REQUIRE(arrived);
  auto alert = FirstAlert(future.get());
  REQUIRE(alert);
  CHECK(alert->alert.at("request_id") == id);
}

TEST_CASE("A stream resumed with Last-Event-ID catches up within the person's scope only",
          "[web][supervision][sse]") {
  WebFixture web;
  const std::string other = Register(web, "210303");
  const std::string own = Register(web, "210302");
  e2e::AdvanceTo(web.endpoint(), "2012-10-26");
  const Login county = web.LogIn(kCountySupervisor);
  httplib::Client client = web.Client();
  std::string stream;
  auto result = client.Get(
      "/api/v1/alerts/stream", httplib::Headers{{"Cookie", county.cookie}, {"Last-Event-ID", "0"}},
      [&](const char* data, size_t length) {
        stream.append(data, length);
        return !FirstAlert(stream).has_value();  // The backlog comes at once: no wait.
      });
  INFO(stream);
  auto alert = FirstAlert(stream);
  REQUIRE(alert);
  CHECK(alert->alert.at("request_id") == own);
  CHECK(stream.find(other) == std::string::npos);
}

TEST_CASE("The stream is refused for another county, and without a session",
          "[web][supervision][sse]") {
  WebFixture web;
  const Login county = web.LogIn(kCountySupervisor);
  auto refused = web.Get(county, "/api/v1/alerts/stream?agency=210303");
  REQUIRE(refused);
  CHECK(refused->status == 403);
  auto anonymous = web.Client().Get("/api/v1/alerts/stream");
  REQUIRE(anonymous);
  CHECK(anonymous->status == 401);
}

TEST_CASE("One person gets at most four alert streams at once, and others still get theirs",
          "[web][supervision][sse]") {
  WebFixture web;
  const Login supervisor = web.LogIn(kSupervisor);
  const Login county = web.LogIn(kCountySupervisor);
  // Streams held open on threads until the test stops their clients; each
  // says when its first bytes (the retry line) have come.
  struct Held {
    httplib::Client client;
    std::promise<void> opened;
    std::thread reader;
  };
  std::vector<std::unique_ptr<Held>> held;
  auto open = [&](const Login& who) {
    auto stream = std::make_unique<Held>(Held{web.Client(), {}, {}});
    Held* h = stream.get();
    h->reader = std::thread([h, cookie = who.cookie] {
      bool first = true;
      h->client.Get("/api/v1/alerts/stream", httplib::Headers{{"Cookie", cookie}},
                    [&](const char*, size_t) {
                      if (first) h->opened.set_value();
                      first = false;
                      return true;
                    });
      if (first) h->opened.set_value();  // Refused or cut before any bytes.
    });
    const bool started = h->opened.get_future().wait_for(kDeadline) == std::future_status::ready;
    held.push_back(std::move(stream));
    return started;
  };
  for (int i = 0; i < 4; ++i) REQUIRE(open(supervisor));
  auto fifth = web.Get(supervisor, "/api/v1/alerts/stream");
  REQUIRE(fifth);
  CHECK(fifth->status == 429);
  CHECK(fifth->get_header_value("Retry-After") == "30");
  CHECK(JsonOf(fifth).at("code") == "resource_exhausted");
  CHECK(JsonOf(fifth).at("message").get<std::string>().find("4") != std::string::npos);
  REQUIRE(open(county));  // Another person's stream is served.
  for (auto& h : held) h->client.stop();
  for (auto& h : held) h->reader.join();
}

TEST_CASE("A supervisor sees the overdue worklist and acknowledges an alert with a note",
          "[web][supervision]") {
  WebFixture web;
  const std::string own = Register(web, "210302");
  const std::string other = Register(web, "210303");
  e2e::AdvanceTo(web.endpoint(), "2012-10-26");
  const Login supervisor = web.LogIn(kSupervisor);
  const json overdue = JsonOf(web.Get(supervisor, "/api/v1/overdue"));
  REQUIRE(overdue.at("entries").size() == 2);
  const json entry = overdue.at("entries")[0];
  CHECK(entry.at("working_days_overdue") == 1);
  CHECK(entry.at("acknowledged") == false);
  CHECK(entry.at("alert_sequence").get<uint64_t>() > 0);

  const json alerts = JsonOf(web.Get(supervisor, "/api/v1/alerts?since=0"));
  REQUIRE(alerts.at("alerts").size() >= 2);
  const json alert = alerts.at("alerts").back();
  const std::string seq = std::to_string(alert.at("seq").get<uint64_t>());

  const Login county = web.LogIn(kCountySupervisor);
  const json county_overdue = JsonOf(web.Get(county, "/api/v1/overdue"));
  REQUIRE(county_overdue.at("entries").size() == 1);
  CHECK(county_overdue.at("entries")[0].at("request_id") == own);
  const json county_alerts = JsonOf(web.Get(county, "/api/v1/alerts"));
  for (const auto& a : county_alerts.at("alerts")) CHECK(a.at("request_id") != other);

  auto no_token = web.Post(supervisor, "/api/v1/alerts/" + seq + "/ack",
                           json{{"note", "已督办"}}.dump(), false);
  REQUIRE(no_token);
  CHECK(no_token->status == 403);
  const Login clerk = web.LogIn(kClerk);
  auto clerk_ack = web.Post(clerk, "/api/v1/alerts/" + seq + "/ack", json{{"note", "x"}}.dump());
  REQUIRE(clerk_ack);
  CHECK(clerk_ack->status == 403);
  auto acked =
      web.Post(supervisor, "/api/v1/alerts/" + seq + "/ack", json{{"note", "已电话督办"}}.dump());
  REQUIRE(acked);
  INFO(acked->body);
  CHECK(acked->status == 200);
  const json after = JsonOf(web.Get(supervisor, "/api/v1/overdue"));
  int acknowledged = 0;
  for (const auto& e : after.at("entries")) acknowledged += e.at("acknowledged").get<bool>();
  CHECK(acknowledged == 1);
  auto bad = web.Post(supervisor, "/api/v1/alerts/" + seq + "/ack", "{note", true);
  REQUIRE(bad);
  CHECK(bad->status == 400);
}

}  // namespace
}  // namespace gongkai::web_test
