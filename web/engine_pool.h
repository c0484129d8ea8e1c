// The gateway's way to gongkaid: EngineClients (client/engine_client.h)
// over the gateway's own identity, lent one per HTTP request thread. Every
// command for a person is sent on their behalf (Command.on_behalf_of): the
// engine checks that person's roles and scope as if they had sent it, and
// only a principal with the delegate right may do so.
//
// Nothing is kept between calls but the identity: when gongkaid restarts,
// the next call reaches the new one (each call makes a fresh connection).
//
// Errors: the engine's refusal as a Status (its code and English message);
// permission_denied when the engine refuses the gateway's key; unavailable
// when it cannot be reached (the client's details go to standard error).
// Thread safety: every method may be called from any thread.
#ifndef GONGKAI_WEB_ENGINE_POOL_H_
#define GONGKAI_WEB_ENGINE_POOL_H_

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>
#include <zmq.hpp>

#include "client/engine_client.h"
#include "engine/status.h"

namespace gongkai::web {

class EnginePool {
 public:
  // `options` name the identity file and, optionally, the endpoint.
  explicit EnginePool(client::ClientOptions options);
  ~EnginePool();

  // Reads the identity file (once); its errors as client::ReadIdentity's.
  [[nodiscard]] Status Load();
  // Sends `command` for the person `on_behalf_of` (empty: as the gateway
  // itself, for a login alone; anything else is internal, nothing sent)
  // with a fresh idempotency key when it has none; the reply when the
  // engine accepted it, else its refusal.
  [[nodiscard]] StatusOr<v1::Reply> Call(v1::Command command, const std::string& on_behalf_of);
  // As Call, but sent once (never again on silence), waiting up to `wait`
  // for the reply: for what must not run twice or pile up (a login's
  // password check, a backup).
  [[nodiscard]] StatusOr<v1::Reply> CallOnce(v1::Command command, const std::string& on_behalf_of,
                                             std::chrono::milliseconds wait);
  // The command endpoint (after Load()).
  std::string endpoint() const;
  // Makes `socket` a CURVE client of the engine (the alerts subscription).
  void Secure(zmq::socket_t& socket) const;

 private:
  std::unique_ptr<client::EngineClient> Take();
  // The reply as the routes see it: unavailable in the console's words,
  // the engine's refusal as a Status.
  StatusOr<v1::Reply> Finish(StatusOr<v1::Reply> reply);
  void Give(std::unique_ptr<client::EngineClient> engine_client);

  client::ClientOptions options_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<client::EngineClient>> idle_;
};

}  // namespace gongkai::web

#endif  // GONGKAI_WEB_ENGINE_POOL_H_
