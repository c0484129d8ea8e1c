// Web console passwords with libsodium's Argon2id (crypto_pwhash_argon2id):
// the client hashes a new password (gongkai user passwd), the engine
// verifies a login against the stored hash (on a reader thread). The rules
// a password and a hash follow are engine/passwords.h's.
//
// Cost: libsodium's "interactive" limits (2 passes over 64 MiB), not the
// "moderate" ones (3 passes over 256 MiB). Each login is verified on one of
// the engine's reader threads, on a machine whose two cores serve every
// query: at the interactive cost a login takes about a tenth of a second
// and 64 MiB for that time; at the moderate one most of a second and
// 256 MiB per thread, so a handful of logins would hold up everyone's
// lists and searches. Online guessing is limited by the console's lockout
// (5 failures in 15 minutes); offline guessing needs the engine's database,
// readable by its service account alone. libsodium documents the
// interactive limits as the ones for online logins.
//
// Thread safety: every function may be called from any thread.
#ifndef GONGKAI_CLIENT_PASSWORDS_H_
#define GONGKAI_CLIENT_PASSWORDS_H_

#include <string>
#include <string_view>

#include "engine/status.h"

namespace gongkai::client {

// The Argon2id string of `password` (random salt), checked with
// CheckNewPassword first: invalid_argument saying which rule it breaks;
// internal when libsodium cannot start or runs out of memory.
StatusOr<std::string> HashPassword(std::string_view password);

// True when `password` matches `hash`, an Argon2id string; false for
// anything else (a malformed hash included). Takes the hash's cost in time
// and memory either way.
bool VerifyPassword(std::string_view hash, std::string_view password);

}  // namespace gongkai::client

#endif  // GONGKAI_CLIENT_PASSWORDS_H_
