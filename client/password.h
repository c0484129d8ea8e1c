// Web console passwords: hashed by the client (Argon2id, libsodium's
// crypto_pwhash_str with ALG_ARGON2ID13 and the interactive limits) so that
// the engine only ever stores and compares a hash (UserPasswordCommand).
//
// Thread safety: pure (libsodium initialised by the caller, sodium_init).
#ifndef GONGKAI_CLIENT_PASSWORD_H_
#define GONGKAI_CLIENT_PASSWORD_H_

#include <string>

#include "engine/status.h"

namespace gongkai::client {

inline constexpr size_t kMinPasswordBytes = 8;
inline constexpr size_t kMaxPasswordBytes = 1024;

// The "$argon2id$..." string for `password`; invalid_argument when it is
// shorter than kMinPasswordBytes or longer than kMaxPasswordBytes (the
// message never repeats it), resource_exhausted when memory runs short.
StatusOr<std::string> HashPassword(const std::string& password);

}  // namespace gongkai::client

#endif  // GONGKAI_CLIENT_PASSWORD_H_
