#include "client/passwords.h"

#include <sodium.h>

#include "engine/passwords.h"

namespace gongkai::client {

StatusOr<std::string> HashPassword(std::string_view password) {
  GONGKAI_RETURN_IF_ERROR(CheckNewPassword(password));
  if (sodium_init() < 0) return InternalError("libsodium cannot start");
  char hash[crypto_pwhash_argon2id_STRBYTES];
  if (crypto_pwhash_argon2id_str(hash, password.data(), password.size(),
                                 crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE,
                                 crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE) != 0) {
    return InternalError("hashing the password ran out of memory (64 MiB are needed)");
  }
  return std::string(hash);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  if (sodium_init() < 0) return false;
  // libsodium reads a NUL-terminated string.
  const std::string terminated(hash);
  if (terminated.size() != std::char_traits<char>::length(terminated.c_str())) return false;
  return crypto_pwhash_argon2id_str_verify(terminated.c_str(), password.data(), password.size()) ==
         0;
}

}  // namespace gongkai::client
