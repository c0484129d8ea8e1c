#include "tests/web/web_fixture.h"

#include <catch2/catch.hpp>
#include <charconv>
#include <chrono>
#include <stdexcept>

#include "client/engine_client.h"
#include "client/passwords.h"
#include "engine/wire_status.h"

namespace gongkai::web_test {
namespace {

constexpr std::chrono::seconds kReady(20);

struct Person {
  const char* name;
  const char* roles;
  const char* agency;
};
constexpr Person kPeople[] = {{kClerk, "clerk", "210300"},
                              {kOfficer, "officer", "210300"},
                              {kHead, "head", "210300"},
                              {kSupervisor, "supervisor", "210300"},
                              {kCountySupervisor, "supervisor", "210302"},
                              {kReporter, "reporter", "210300"}};

// The port of "gongkai-web: serving http://127.0.0.1:PORT/".
int PortOf(const std::string& line) {
  const size_t colon = line.rfind(':');
  int port = 0;
  if (colon == std::string::npos) return 0;
  std::from_chars(line.data() + colon + 1, line.data() + line.size(), port);
  return port;
}

}  // namespace

std::string WebPath() { return GONGKAI_WEB_PATH; }

nlohmann::json JsonOf(const httplib::Result& result) {
  if (!result) return nlohmann::json::value_t::discarded;
  return nlohmann::json::parse(result->body, nullptr, /*allow_exceptions=*/false);
}

WebFixture::WebFixture(std::vector<std::string> web_args) {
  endpoint_ = daemon_.Start();
  identities_[kOperator] = daemon_.operator_identity();
  for (const Person& p : kPeople) identities_[p.name] = daemon_.Enroll(p.name, p.roles, p.agency);
  const std::string gateway = daemon_.Enroll("web", "reporter", "210300", {"--delegate"});
  for (const auto& [name, identity] : identities_) SetPassword(name, kPassword);
  std::vector<std::string> argv = {WebPath(), "--engine", endpoint_,    "--identity",
                                   gateway,   "--listen", "127.0.0.1:0"};
  argv.insert(argv.end(), web_args.begin(), web_args.end());
  web_ = std::make_unique<e2e::BackgroundProcess>(argv);
  if (!web_->WaitForLines(1, kReady)) {
    throw std::runtime_error("gongkai-web did not start: " + web_->err());
  }
  port_ = PortOf(web_->lines().front());
  if (port_ <= 0) throw std::runtime_error("gongkai-web named no port: " + web_->out());
}

WebFixture::~WebFixture() = default;

void WebFixture::SetPassword(const std::string& name, const std::string& password) {
  client::ClientOptions options;
  options.endpoint = endpoint_;
  options.identity_path = daemon_.operator_identity();
  client::EngineClient engine(options);
  v1::Command command;
  command.set_idempotency_key(client::NewIdempotencyKey());
  command.mutable_user_password()->set_name(name);
  command.mutable_user_password()->set_password_hash(client::HashPassword(password).value());
  auto reply = engine.Call(command);
  if (!reply.ok() || !StatusOfReply(*reply).ok()) {
    throw std::runtime_error("cannot set the password of " + name);
  }
}

std::string WebFixture::IdentityOf(const std::string& name) const { return identities_.at(name); }

httplib::Client WebFixture::Client() const {
  httplib::Client client("127.0.0.1", port_);
  client.set_read_timeout(std::chrono::seconds(30));
  client.set_connection_timeout(std::chrono::seconds(5));
  return client;
}

Login WebFixture::LogIn(const std::string& name, const std::string& password) {
  auto result =
      Client().Post("/api/v1/login", nlohmann::json{{"name", name}, {"password", password}}.dump(),
                    "application/json");
  REQUIRE(result);
  INFO(result->body);
  REQUIRE(result->status == 200);
  const std::string set_cookie = result->get_header_value("Set-Cookie");
  Login login{set_cookie.substr(0, set_cookie.find(';')), "", JsonOf(result)};
  login.csrf = login.body.at("csrf_token").get<std::string>();
  return login;
}

httplib::Result WebFixture::Get(const Login& who, const std::string& path) {
  return Client().Get(path.c_str(), httplib::Headers{{"Cookie", who.cookie}});
}

httplib::Result WebFixture::Post(const Login& who, const std::string& path, const std::string& body,
                                 bool with_csrf) {
  httplib::Headers headers{{"Cookie", who.cookie}};
  if (with_csrf) headers.emplace("X-CSRF-Token", who.csrf);
  return Client().Post(path.c_str(), headers, body, "application/json");
}

}  // namespace gongkai::web_test
