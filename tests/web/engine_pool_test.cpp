// The gateway acts as itself for a login alone: a command without the
// person it is for (or a login on someone's behalf) is refused before
// anything is sent, so a route that lost the name never acts with the
// gateway's delegate right.
#include "web/engine_pool.h"

#include <catch2/catch.hpp>

namespace gongkai::web {
namespace {

client::ClientOptions Unreachable() {
  client::ClientOptions options;
  options.identity_path = "/nonexistent/gongkai-web.identity";  // Never read here.
  options.endpoint = "tcp://127.0.0.1:1";
  return options;
}

TEST_CASE("The console sends nothing but a login without the person it acts for",
          "[web][engine_pool]") {
  EnginePool pool(Unreachable());
  v1::Command show;
  show.mutable_show()->set_request_id("210300-2012-000001");
  auto sent = pool.Call(show, "");
  REQUIRE_FALSE(sent.ok());
  CHECK(sent.status().code() == StatusCode::kInternal);
  CHECK(sent.status().message().find("without the person") != std::string::npos);
  auto backup = pool.CallOnce(show, "", std::chrono::milliseconds(10));
  CHECK(backup.status().code() == StatusCode::kInternal);

  v1::Command login;
  login.mutable_login()->set_name("李受理");
  auto for_someone = pool.Call(login, "王监督");
  CHECK(for_someone.status().code() == StatusCode::kInternal);
  // With the person named, the command goes on (here: to an identity
  // file that does not exist, so it fails reading it, not at the check).
  auto onward = pool.Call(show, "李受理");
  CHECK(onward.status().code() != StatusCode::kInternal);
}

}  // namespace
}  // namespace gongkai::web
