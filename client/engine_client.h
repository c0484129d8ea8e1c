// EngineClient: sends one Command to the daemon and waits for its Reply,
// the "lazy pirate" way (ZeroMQ guide, ch. 4): a REQ socket, a poll with a
// timeout, and on silence a fresh socket and the same Command again (same
// idempotency key, so the engine applies it at most once), with the wait
// doubling each time, up to `attempts` tries.
//
// Every connection is CURVE (the engine serves no one else): the client's
// key pair and the engine's public key come from an identity file
// (client/identity.h), read at the first Call, or are given in the options.
// The endpoint is the one given, else the identity's, else
// kDefaultEndpoint.
//
// Errors (nothing was sent unless unavailable): not_found or
// failed_precondition with how to get an identity, invalid_argument for a
// bad identity file or endpoint or an oversized command, permission_denied
// when the engine refused the key at the handshake, unavailable when the
// engine could not be reached within `timeout` (naming the endpoint) or no
// reply came after every try ("engine unreachable"), internal for a
// reply that is not one.
// Thread safety: one thread per client.
#ifndef GONGKAI_CLIENT_ENGINE_CLIENT_H_
#define GONGKAI_CLIENT_ENGINE_CLIENT_H_

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <zmq.hpp>

#include "client/identity.h"
#include "engine/status.h"
#include "gongkai/v1/command.pb.h"

namespace gongkai::client {

// The largest command the engine accepts (its --max-message-bytes default).
inline constexpr size_t kMaxCommandBytes = 1 << 20;
inline constexpr char kDefaultEndpoint[] = "tcp://127.0.0.1:7501";

struct ClientOptions {
  std::string endpoint;                      // Empty: the identity's, else kDefaultEndpoint.
  std::optional<std::string> identity_path;  // --identity (see FindIdentityPath).
  std::optional<Identity> identity;          // Given directly: no file is read.
  // How long a try waits to reach the engine (unavailable at once if it
  // does not), and then for the first try's reply (doubled at each retry).
  std::chrono::milliseconds timeout{3000};
  // Once connected, how long the first try waits for its reply (doubled at
  // each retry); zero: `timeout`. For a command that takes long and is not
  // to be sent twice (admin backup, with attempts = 1).
  std::chrono::milliseconds reply_timeout{0};
  int attempts = 4;
};

class EngineClient {
 public:
  explicit EngineClient(ClientOptions options);
  ~EngineClient();
  [[nodiscard]] StatusOr<v1::Reply> Call(const v1::Command& command);
  // Reads the identity now (Call does it when needed).
  [[nodiscard]] Status Load();
  // The endpoint commands go to (after Load()).
  std::string endpoint() const;
  // Makes `socket` a CURVE client of the engine with this identity (the
  // alerts follower's SUB socket too). Load() first.
  void Secure(zmq::socket_t& socket) const;
  const std::optional<Identity>& identity() const { return options_.identity; }

 private:
  ClientOptions options_;
  zmq::context_t context_;
};

// An endpoint the engine named as it bound it (tcp://0.0.0.0:7502,
// tcp://*:7502: its alerts) as a client of the engine at `server` reaches
// it: the host taken from `server`. Others are returned as they are.
std::string ReachableFrom(const std::string& endpoint, const std::string& server);

// A random key for a command's idempotency (hex, 32 characters).
std::string NewIdempotencyKey();

}  // namespace gongkai::client

#endif  // GONGKAI_CLIENT_ENGINE_CLIENT_H_
