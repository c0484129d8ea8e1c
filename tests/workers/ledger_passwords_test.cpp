// Web console passwords in the ledger (user passwd) and their check by the
// reader (login): the hash is kept apart from the person's record and never
// leaves the principals table; a login is answered with the person or with
// one and the same refusal. Hashes are made with libsodium
// (client/passwords.h), as gongkai user passwd makes them.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "client/passwords.h"
#include "engine/keys.h"
#include "engine/passwords.h"
#include "tests/workers/ledger_fixture.h"
#include "tests/workers/test_keys.h"

namespace gongkai::test {
namespace {

constexpr char kPassword[] = "correct horse battery";

v1::Principal Operator() {
  v1::Principal op;
  op.set_name("运维甲");
  op.add_roles(v1::ROLE_OPERATOR);
  op.set_agency_code("210300");
  return op;
}

struct PasswordFixture : LedgerFixture {
  PasswordFixture() {
    Enrol("张三", {v1::ROLE_CLERK, v1::ROLE_OFFICER}, "210302", false);
    Enrol("web", {}, "210300", true);
    hash = client::HashPassword(kPassword).value();
  }

  void Enrol(const std::string& name, std::vector<v1::Role> roles, const std::string& agency,
             bool delegate) {
    v1::Command add;
    add.set_idempotency_key(NextKey());
    v1::Principal* p = add.mutable_user_add()->mutable_principal();
    p->set_name(name);
    for (v1::Role role : roles) p->add_roles(role);
    p->set_agency_code(agency);
    p->set_public_key(NewKeys().public_key);
    p->set_may_delegate(delegate);
    REQUIRE_CODE(Handle(add), "ok");
  }

  // user passwd, sent by the operator.
  v1::Reply SetPassword(const std::string& name, const std::string& password_hash) {
    v1::Command passwd;
    passwd.set_idempotency_key(NextKey());
    passwd.mutable_user_password()->set_name(name);
    passwd.mutable_user_password()->set_password_hash(password_hash);
    return ledger().HandleGroup({passwd}, {Caller{Operator(), ""}}).front();
  }

  v1::Reply Login(const std::string& name, const std::string& password) {
    v1::Command login;
    login.mutable_login()->set_name(name);
    login.mutable_login()->set_password(password);
    return Handle(login);
  }

  void Revoke(const std::string& name) {
    v1::Command revoke;
    revoke.set_idempotency_key(NextKey());
    revoke.mutable_user_revoke()->set_name(name);
    REQUIRE_CODE(Handle(revoke), "ok");
  }

  std::string hash;
};

// True when `bytes` holds `text` anywhere.
bool Holds(const std::string& bytes, const std::string& text) {
  return bytes.find(text) != std::string::npos;
}

TEST_CASE("A password hash is stored apart from the person and never in a reply or the audit log",
          "[workers][passwords]") {
  PasswordFixture f;
  const v1::Reply set = f.SetPassword("张三", f.hash);
  REQUIRE_CODE(set, "ok");
  CHECK(set.message() == "set the web console password of 张三");
  CHECK_FALSE(Holds(set.SerializeAsString(), f.hash));
  const auto principals = f.store().Raw(Table::kPrincipals);
  REQUIRE(principals.count(PasswordKey("张三")) == 1);
  CHECK(principals.at(PasswordKey("张三")) == f.hash);
  for (const auto& [key, value] : principals) {
    if (key != PasswordKey("张三")) CHECK_FALSE(Holds(value, f.hash));
  }
  v1::Command list;
  list.mutable_user_list();
  const v1::Reply listed = f.Handle(list);
  REQUIRE_CODE(listed, "ok");
  CHECK(listed.principals_size() >= 2);
  CHECK_FALSE(Holds(listed.SerializeAsString(), f.hash));
  CHECK_FALSE(Holds(listed.SerializeAsString(), "$argon2id$"));
  const auto audit = f.store().Raw(Table::kAudit);
  CHECK_FALSE(audit.empty());
  for (const auto& [key, value] : audit) CHECK_FALSE(Holds(value, "$argon2id$"));
  for (const auto& [key, value] : f.store().Raw(Table::kIdempotency)) {
    CHECK_FALSE(Holds(value, "$argon2id$"));
  }
}

TEST_CASE("A login with the right password answers the person, without a key",
          "[workers][passwords]") {
  PasswordFixture f;
  REQUIRE_CODE(f.SetPassword("张三", f.hash), "ok");
  const v1::Reply in = f.Login("张三", kPassword);
  REQUIRE_CODE(in, "ok");
  REQUIRE(in.principals_size() == 1);
  CHECK(in.principals(0).name() == "张三");
  CHECK(in.principals(0).agency_code() == "210302");
  CHECK(in.principals(0).roles_size() == 2);
  CHECK(in.principals(0).public_key().empty());
  CHECK_FALSE(Holds(in.SerializeAsString(), kPassword));
}

TEST_CASE(
    "A wrong password, an unknown name, no password, a revoked person and a service all get "
    "the same refusal",
    "[workers][passwords]") {
  PasswordFixture f;
  REQUIRE_CODE(f.SetPassword("张三", f.hash), "ok");
  f.Enrol("李四", {v1::ROLE_CLERK}, "210302", false);  // No password.
  std::vector<v1::Reply> refused = {f.Login("张三", "correct horse battery!"),
                                    f.Login("张三", ""),
                                    f.Login("王五", kPassword),
                                    f.Login("李四", kPassword),
                                    f.Login("web", kPassword),
                                    f.Login("", kPassword),
                                    f.Login(std::string(100, 'x'), kPassword)};
  f.Enrol("赵六", {v1::ROLE_CLERK}, "210302", false);
  REQUIRE_CODE(f.SetPassword("赵六", f.hash), "ok");
  REQUIRE_CODE(f.Login("赵六", kPassword), "ok");
  f.Revoke("赵六");
  refused.push_back(f.Login("赵六", kPassword));
  for (const v1::Reply& reply : refused) {
    CHECK_CODE(reply, "permission_denied");
    CHECK(reply.message() == kWrongLogin);
    CHECK(reply.principals_size() == 0);
  }
  // Revoking forgets the password.
  CHECK(f.store().Raw(Table::kPrincipals).count(PasswordKey("赵六")) == 0);
}

TEST_CASE(
    "A hash that is not Argon2id, or for nobody, a revoked person or a service, is refused "
    "and changes nothing",
    "[workers][passwords]") {
  PasswordFixture f;
  const auto before = f.store().Raw(Table::kPrincipals);
  CHECK_CODE(f.SetPassword("张三", kPassword), "invalid_argument");
  CHECK_CODE(f.SetPassword("张三",
                           "$argon2id$v=19$m=8,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$"
                           "dGhpcyBpcyBub3QgYSByZWFsIGRpZ2VzdCBhdCBhbGw"),
             "invalid_argument");
  CHECK_CODE(f.SetPassword("王五", f.hash), "not_found");
  CHECK_CODE(f.SetPassword("web", f.hash), "failed_precondition");
  CHECK(f.store().Raw(Table::kPrincipals) == before);
  f.Revoke("张三");
  const auto revoked = f.store().Raw(Table::kPrincipals);
  CHECK_CODE(f.SetPassword("张三", f.hash), "failed_precondition");
  CHECK(f.store().Raw(Table::kPrincipals) == revoked);
}

TEST_CASE("An operator outside the person's scope cannot set their password",
          "[workers][passwords]") {
  PasswordFixture f;
  v1::Principal county_operator = Operator();
  county_operator.set_agency_code("210303");
  v1::Command passwd;
  passwd.set_idempotency_key(f.NextKey());
  passwd.mutable_user_password()->set_name("张三");
  passwd.mutable_user_password()->set_password_hash(f.hash);
  const v1::Reply reply = f.ledger().HandleGroup({passwd}, {Caller{county_operator, ""}}).front();
  CHECK_CODE(reply, "permission_denied");
  CHECK(f.store().Raw(Table::kPrincipals).count(PasswordKey("张三")) == 0);
}

}  // namespace
}  // namespace gongkai::test
