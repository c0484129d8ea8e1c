// The web console's people through the real gongkaid and gongkai: an
// operator sets a password (gongkai user passwd), the console's service
// (the delegate right) logs a person in with it, and the request page's
// buttons come from show's allowed_events. Who is refused: a clerk setting a
// password, a principal without the delegate right logging in, a login sent
// on behalf of someone; a wrong password gets the same refusal as an
// unknown name. The password never reaches the daemon's log or the audit
// log, and its hash no reply.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "client/engine_client.h"
#include "engine/codes.h"
#include "tests/e2e/client_calls.h"
#include "tests/e2e/daemon_process.h"

namespace gongkai::e2e {
namespace {

using nlohmann::json;

constexpr char kPassword[] = "Zhang-San 公开 2012";
constexpr char kWrongLoginMessage[] = "wrong name or password";

// The daemon, the console's service "web" (with the delegate right), the
// person 张三 (clerk and officer of 铁东区) and a clerk of the city.
struct Console {
  DaemonProcess daemon;
  std::string server;
  std::string web, zhang, clerk;

  Console() {
    server = daemon.Start();
    web = daemon.Enroll("web", "clerk", "210300", {"--delegate"});
    zhang = daemon.Enroll("张三", "clerk,officer", "210302");
    clerk = daemon.Enroll("city-clerk", "clerk", "210300");
  }

  ProcessResult Passwd(const std::string& identity, const std::string& name,
                       const std::string& input) const {
    return RunClientWithInput(identity, server, {"user", "passwd", name, "--password-stdin"},
                              input);
  }

  // A login sent with `identity`'s key, for itself or on behalf of someone.
  v1::Reply Login(const std::string& identity, const std::string& name, const std::string& password,
                  const std::string& on_behalf_of = "") const {
    client::ClientOptions options;
    options.endpoint = server;
    options.identity_path = identity;
    options.timeout = std::chrono::seconds(10);
    client::EngineClient engine(options);
    v1::Command login;
    login.set_on_behalf_of(on_behalf_of);
    login.mutable_login()->set_name(name);
    login.mutable_login()->set_password(password);
    auto reply = engine.Call(login);
    REQUIRE(reply.ok());
    return *reply;
  }
};

bool Refused(const ProcessResult& r) {
  return r.exit_code == 3 && r.err.find("permission_denied") != std::string::npos;
}

TEST_CASE("An operator sets a password and the console logs the person in with it",
          "[e2e][passwords]") {
  Console console;
  const ProcessResult set =
      console.Passwd(console.daemon.operator_identity(), "张三", std::string(kPassword) + "\n");
  INFO(Describe(set));
  REQUIRE(set.exit_code == 0);
  CHECK(set.out == "set the web console password of 张三\n");
  const v1::Reply in = console.Login(console.web, "张三", kPassword);
  INFO(in.message());
  REQUIRE(in.code() == v1::STATUS_CODE_OK);
  REQUIRE(in.principals_size() == 1);
  CHECK(in.principals(0).name() == "张三");
  CHECK(in.principals(0).agency_code() == "210302");
  CHECK(in.principals(0).roles_size() == 2);
  CHECK(in.principals(0).public_key().empty());
  // A new password replaces the old one.
  REQUIRE(
      console.Passwd(console.daemon.operator_identity(), "张三", "another password\n").exit_code ==
      0);
  CHECK(console.Login(console.web, "张三", kPassword).code() == v1::STATUS_CODE_PERMISSION_DENIED);
  CHECK(console.Login(console.web, "张三", "another password").code() == v1::STATUS_CODE_OK);
}

TEST_CASE("A clerk cannot set a password, and a short one is refused before anything is sent",
          "[e2e][passwords]") {
  Console console;
  const ProcessResult by_clerk =
      console.Passwd(console.clerk, "张三", std::string(kPassword) + "\n");
  INFO(Describe(by_clerk));
  CHECK(Refused(by_clerk));
  CHECK(by_clerk.err.find("operator") != std::string::npos);
  CHECK(console.Login(console.web, "张三", kPassword).code() == v1::STATUS_CODE_PERMISSION_DENIED);
  const ProcessResult short_one =
      console.Passwd(console.daemon.operator_identity(), "张三", "1234567\n");
  CHECK(short_one.exit_code == 2);
  CHECK(short_one.err.find("at least 8 characters") != std::string::npos);
  const ProcessResult in_chinese = RunClientWithInput(
      console.daemon.operator_identity(), console.server,
      {"--lang", "zh", "user", "passwd", "张三", "--password-stdin"}, "1234567\n");
  CHECK(in_chinese.exit_code == 2);
  CHECK(in_chinese.err.find("密码至少需要8个字符") != std::string::npos);
  // Without --password-stdin and without a terminal: asked for nothing.
  const ProcessResult no_terminal =
      RunClientAs(console.daemon.operator_identity(), console.server, {"user", "passwd", "张三"});
  CHECK(no_terminal.exit_code == 2);
  CHECK(no_terminal.err.find("--password-stdin") != std::string::npos);
  const ProcessResult nobody =
      console.Passwd(console.daemon.operator_identity(), "王五", std::string(kPassword) + "\n");
  CHECK(nobody.exit_code == 3);
  CHECK(nobody.err.find("not_found") != std::string::npos);
}

TEST_CASE("Only the console logs people in, for itself, and every failure reads the same",
          "[e2e][passwords]") {
  Console console;
  REQUIRE(console.Passwd(console.daemon.operator_identity(), "张三", std::string(kPassword) + "\n")
              .exit_code == 0);
  // Not a service with the delegate right: refused, even with the right password.
  const v1::Reply by_person = console.Login(console.zhang, "张三", kPassword);
  CHECK(by_person.code() == v1::STATUS_CODE_PERMISSION_DENIED);
  CHECK(by_person.principals_size() == 0);
  const v1::Reply by_operator =
      console.Login(console.daemon.operator_identity(), "张三", kPassword);
  CHECK(by_operator.code() == v1::STATUS_CODE_PERMISSION_DENIED);
  const v1::Reply behalf = console.Login(console.web, "张三", kPassword, "city-clerk");
  CHECK(behalf.code() == v1::STATUS_CODE_PERMISSION_DENIED);
  CHECK(behalf.principals_size() == 0);
  // Wrong password, unknown name, no password set: one message.
  for (const v1::Reply& reply : {console.Login(console.web, "张三", "Zhang-San 公开 2013"),
                                 console.Login(console.web, "王五", kPassword),
                                 console.Login(console.web, "city-clerk", kPassword)}) {
    CHECK(reply.code() == v1::STATUS_CODE_PERMISSION_DENIED);
    CHECK(reply.message() == kWrongLoginMessage);
    CHECK(reply.principals_size() == 0);
  }
  // A revoked person no longer logs in.
  REQUIRE(RunClient(console.server, {"user", "revoke", "张三"}).exit_code == 0);
  const v1::Reply revoked = console.Login(console.web, "张三", kPassword);
  CHECK(revoked.code() == v1::STATUS_CODE_PERMISSION_DENIED);
  CHECK(revoked.message() == kWrongLoginMessage);
}

TEST_CASE("The password is in no log, no audit record and no reply; logins are audited",
          "[e2e][passwords][audit]") {
  Console console;
  REQUIRE(console.Passwd(console.daemon.operator_identity(), "张三", std::string(kPassword) + "\n")
              .exit_code == 0);
  REQUIRE(console.Login(console.web, "张三", kPassword).code() == v1::STATUS_CODE_OK);
  REQUIRE(console.Login(console.web, "张三", "Zhang-San wrong").code() != v1::STATUS_CODE_OK);
  REQUIRE(console.Login(console.web, "王五", kPassword).code() != v1::STATUS_CODE_OK);
  REQUIRE(console.Login(console.zhang, "张三", kPassword).code() != v1::STATUS_CODE_OK);
  // The audit records of queries go with the engine's next write (or are
  // written when it is idle): a change writes them now.
  AdvanceTo(console.server, "2012-09-28");
  const ProcessResult audit = RunClient(console.server, {"--json", "audit"});
  REQUIRE(audit.exit_code == 0);
  const ProcessResult users = RunClient(console.server, {"--json", "user", "list"});
  REQUIRE(users.exit_code == 0);
  for (const std::string& text : {console.daemon.Log(), audit.out, audit.err, users.out}) {
    CHECK(text.find(kPassword) == std::string::npos);
    CHECK(text.find("Zhang-San") == std::string::npos);
    CHECK(text.find("$argon2id$") == std::string::npos);
  }
  INFO(audit.out);
  bool in = false, wrong = false, unknown = false, passwd = false;
  for (const auto& record : json::parse(audit.out)) {
    if (record.at("command") == "user_password") {
      passwd |= record.at("who") == "operator" && record.at("code") == "ok";
    }
    if (record.at("command") != "login") continue;
    in |= record.at("who") == "张三" && record.at("on_behalf_of") == "web" &&
          record.at("code") == "ok";
    wrong |= record.at("who") == "张三" && record.at("code") == "permission_denied" &&
             record.at("message") == kWrongLoginMessage;
    unknown |= record.at("who") == "(unknown name)" && record.at("code") == "permission_denied";
    CHECK(record.at("who") != "王五");
  }
  CHECK(passwd);
  CHECK(in);
  CHECK(wrong);
  CHECK(unknown);
}

TEST_CASE("show lists the events the asker may record now, as the CLI names them",
          "[e2e][allowed_events]") {
  Console console;
  const std::string id =
      Ok(console.server,
         {"intake", "--agency", "210302", "--channel", "in_person", "--received", "2012-09-28",
          "--applicant-type", "natural_person", "--applicant", "某人", "--subject", "道路维修经费"})
          .at("id")
          .get<std::string>();
  const auto allowed = [&](const std::string& identity) {
    const ProcessResult r = RunClientAs(identity, console.server, {"--json", "show", id});
    INFO(Describe(r));
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out).at("allowed_events").get<std::vector<std::string>>();
  };
  CHECK(allowed(console.zhang) == std::vector<std::string>{"correction-request", "consult-start",
                                                           "fee-notice", "decide", "withdraw",
                                                           "amend"});
  CHECK(allowed(console.clerk) == std::vector<std::string>{"amend"});
  REQUIRE(RunClientAs(console.zhang, console.server,
                      {"decide", id, "--on", "2012-09-28", "--outcome", "granted"})
              .exit_code == 0);
  CHECK(allowed(console.zhang) == std::vector<std::string>{"deliver", "appeal"});
  // Through the console, the person's own list.
  const ProcessResult via = RunClientAs(console.web, console.server,
                                        {"--json", "--on-behalf-of", "city-clerk", "show", id});
  REQUIRE(via.exit_code == 0);
  CHECK(json::parse(via.out).at("allowed_events").empty());
}

}  // namespace
}  // namespace gongkai::e2e
