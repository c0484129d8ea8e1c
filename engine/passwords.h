// The rules of web console passwords (gongkai user passwd, the login of
// gongkai-web), shared by the client that hashes a new password and the
// engine that stores the hash:
//   - a password has at least kMinPasswordCharacters characters (code
//     points) and at most kMaxPasswordBytes bytes, and is valid UTF-8;
//   - what the engine stores is an Argon2id string as libsodium's
//     crypto_pwhash_str makes it ("$argon2id$v=19$m=65536,t=2,p=1$<salt>$<hash>",
//     the salt and the hash in unpadded base64), with a cost the engine
//     accepts: kMinPasswordMemoryKib to kMaxPasswordMemoryKib of memory,
//     kMinPasswordPasses to kMaxPasswordPasses passes, one lane. A login
//     verifies on one of the engine's reader threads, so the cost has a
//     ceiling (no hash can make each login take a gigabyte) and a floor (no
//     hash is cheap to guess offline).
// A person who gives a wrong name or password is told kWrongLogin and no
// more: whether the name exists, has a password or was revoked stays
// unsaid.
//
// Thread safety: pure functions.
#ifndef GONGKAI_ENGINE_PASSWORDS_H_
#define GONGKAI_ENGINE_PASSWORDS_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/status.h"

namespace gongkai {

inline constexpr size_t kMinPasswordCharacters = 8;
inline constexpr size_t kMaxPasswordBytes = 1024;
inline constexpr uint64_t kMinPasswordMemoryKib = 19 * 1024;  // OWASP's floor for Argon2id.
inline constexpr uint64_t kMaxPasswordMemoryKib = 256 * 1024;
inline constexpr uint64_t kMinPasswordPasses = 1;
inline constexpr uint64_t kMaxPasswordPasses = 10;
// The longest Argon2id string the engine stores.
inline constexpr size_t kMaxPasswordHashBytes = 256;
inline constexpr char kWrongLogin[] = "wrong name or password";

// OK for a password a person may choose; invalid_argument saying the rule
// it breaks (never quoting it).
[[nodiscard]] Status CheckNewPassword(std::string_view password);

// OK when `hash` is an Argon2id string of an accepted cost (see above);
// invalid_argument otherwise (never quoting it).
[[nodiscard]] Status CheckPasswordHash(std::string_view hash);

}  // namespace gongkai

#endif  // GONGKAI_ENGINE_PASSWORDS_H_
