// EngineClient: sends one Command to the daemon and waits for its Reply,
// the "lazy pirate" way (ZeroMQ guide, ch. 4): a REQ socket, a poll with a
// timeout, and on silence a fresh socket and the same Command again (same
// idempotency key, so the engine applies it at most once), with the wait
// doubling each time, up to `attempts` tries.
//
// Errors: unavailable when no reply came after every try ("engine
// unreachable", exit code 4); invalid_argument for a malformed endpoint.
// Thread safety: one thread per client.
#ifndef GONGKAI_CLI_ENGINE_CLIENT_H_
#define GONGKAI_CLI_ENGINE_CLIENT_H_

#include <chrono>
#include <memory>
#include <string>
#include <zmq.hpp>

#include "engine/status.h"
#include "gongkai/v1/command.pb.h"

namespace gongkai::cli {

// The largest command the engine accepts (its --max-message-bytes default).
inline constexpr size_t kMaxCommandBytes = 1 << 20;

struct ClientOptions {
  std::string endpoint = "tcp://127.0.0.1:7501";
  std::chrono::milliseconds timeout{2500};  // The first try's wait.
  int attempts = 4;
};

class EngineClient {
 public:
  explicit EngineClient(ClientOptions options);
  ~EngineClient();
  [[nodiscard]] StatusOr<v1::Reply> Call(const v1::Command& command);

 private:
  ClientOptions options_;
  zmq::context_t context_;
};

// A random key for a command's idempotency (hex, 32 characters).
std::string NewIdempotencyKey();

}  // namespace gongkai::cli

#endif  // GONGKAI_CLI_ENGINE_CLIENT_H_
