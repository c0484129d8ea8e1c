// The rules of web console passwords and of the hashes the engine stores
// (engine/passwords.h).
#include "engine/passwords.h"

#include <catch2/catch.hpp>
#include <string>

namespace gongkai {
namespace {

using Catch::Matchers::Contains;

// A hash of libsodium's form (crypto_pwhash_argon2id_str) with `params`.
std::string Hash(const std::string& params = "m=65536,t=2,p=1") {
  return "$argon2id$v=19$" + params + "$c29tZXNhbHRzb21lc2FsdA$" +
         "dGhpcyBpcyBub3QgYSByZWFsIGRpZ2VzdCBhdCBhbGw";
}

TEST_CASE("A password has at least 8 characters, counted as characters, not bytes",
          "[engine][passwords]") {
  CHECK(CheckNewPassword("correct horse").ok());
  CHECK(CheckNewPassword("12345678").ok());
  CHECK(CheckNewPassword("公开申请受理密码").ok());  // 8 characters, 24 bytes.
  const Status short_one = CheckNewPassword("1234567");
  CHECK(short_one.code() == StatusCode::kInvalidArgument);
  CHECK_THAT(short_one.message(), Contains("at least 8 characters"));
  CHECK_FALSE(CheckNewPassword("公开申请受理密").ok());  // 7 characters, 21 bytes.
  CHECK_FALSE(CheckNewPassword("").ok());
}

TEST_CASE(
    "A password is UTF-8 text without control characters, at most 1024 bytes, and a "
    "refusal never quotes it",
    "[engine][passwords]") {
  CHECK_FALSE(CheckNewPassword("abcdefgh\tij").ok());
  CHECK_FALSE(CheckNewPassword("abcdefgh\377ij").ok());
  CHECK(CheckNewPassword(std::string(1024, 'a')).ok());
  CHECK_FALSE(CheckNewPassword(std::string(1025, 'a')).ok());
  const std::string secret = "secret\001word";
  CHECK(CheckNewPassword(secret).message().find("secret") == std::string::npos);
}

TEST_CASE("The engine stores only Argon2id strings of libsodium's form and a bounded cost",
          "[engine][passwords]") {
  CHECK(CheckPasswordHash(Hash()).ok());
  CHECK(CheckPasswordHash(Hash("m=262144,t=3,p=1")).ok());  // libsodium's moderate.
  CHECK(CheckPasswordHash(Hash("m=19456,t=2,p=1")).ok());
  for (const std::string& bad :
       {std::string(""), std::string("hunter22"),
        std::string("$argon2i$v=19$m=65536,t=2,p=1$"
                    "c29tZXNhbHRzb21lc2FsdA$abc"),
        std::string("$2b$12$abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ01234"),
        Hash().substr(0, Hash().size() - 1), Hash() + "A", Hash("m=65536,t=2"),
        Hash("m=65536;t=2;p=1"), Hash("m=-1,t=2,p=1"), Hash("m=65536,t=2,p=1,x=1"),
        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$" + std::string(43, '*')}) {
    INFO(bad);
    const Status refused = CheckPasswordHash(bad);
    CHECK(refused.code() == StatusCode::kInvalidArgument);
    CHECK_THAT(refused.message(), Contains("not an Argon2id string"));
  }
  for (const std::string& costly :
       {Hash("m=1048576,t=2,p=1"), Hash("m=65536,t=100,p=1"), Hash("m=8,t=1,p=1"),
        Hash("m=65536,t=0,p=1"), Hash("m=65536,t=2,p=4")}) {
    INFO(costly);
    const Status refused = CheckPasswordHash(costly);
    CHECK(refused.code() == StatusCode::kInvalidArgument);
    CHECK_THAT(refused.message(), Contains("cost is outside"));
  }
  CHECK_FALSE(CheckPasswordHash(Hash() + std::string(300, 'A')).ok());
}

}  // namespace
}  // namespace gongkai
