// Identity files: who a person or a service is to the engine. A file holds
// the name, the engine's endpoint, the engine's CURVE public key and the
// holder's own key pair (the secret key never leaves it), in TOML:
//   # gongkai identity of 张三. Keep it private: it holds a secret key.
//   name = "张三"
//   endpoint = "tcp://127.0.0.1:7501"
//   server_public_key = "<40 characters, Z85>"
//   public_key = "<40 characters, Z85>"
//   secret_key = "<40 characters, Z85>"
// It is written mode 0600 and read only when no other user can read it.
//
// Where the client looks: --identity FILE, then $GONGKAI_IDENTITY, then
// ~/.config/gongkai/identity.
//
// Thread safety: pure functions and file I/O; no shared state.
#ifndef GONGKAI_CLIENT_IDENTITY_H_
#define GONGKAI_CLIENT_IDENTITY_H_

#include <optional>
#include <string>

#include "engine/status.h"

namespace gongkai::client {

struct Identity {
  std::string name;
  std::string endpoint;
  std::string server_public_key;
  std::string public_key;
  std::string secret_key;
};

struct KeyPair {
  std::string public_key;  // Z85, 40 characters.
  std::string secret_key;
};
// A fresh CURVE key pair (libzmq, from libsodium's random source).
KeyPair NewKeyPair();

// invalid_argument naming the file and the problem (missing field, a key
// that is not 40 Z85 characters); failed_precondition for a file others
// can read; not_found when it does not exist.
StatusOr<Identity> ReadIdentity(const std::string& path);
// Writes `identity` to a new file, mode 0600; failed_precondition when the
// file exists (an identity is never overwritten), unavailable when it
// cannot be written.
[[nodiscard]] Status WriteIdentity(const Identity& identity, const std::string& path);

// The identity file to use: `flag` (--identity), else $GONGKAI_IDENTITY,
// else ~/.config/gongkai/identity when it exists. not_found, saying how to
// get one, when there is none.
StatusOr<std::string> FindIdentityPath(const std::optional<std::string>& flag);

}  // namespace gongkai::client

#endif  // GONGKAI_CLIENT_IDENTITY_H_
