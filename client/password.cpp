#include "client/password.h"

#include <sodium.h>

#include "engine/strings.h"

namespace gongkai::client {

StatusOr<std::string> HashPassword(const std::string& password) {
  if (password.size() < kMinPasswordBytes || password.size() > kMaxPasswordBytes) {
    return InvalidArgumentError(StrCat({"a password has ", std::to_string(kMinPasswordBytes),
                                        " to ", std::to_string(kMaxPasswordBytes), " characters"}));
  }
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(hash, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return ResourceExhaustedError("not enough memory to hash the password; try again");
  }
  return std::string(hash);
}

}  // namespace gongkai::client
