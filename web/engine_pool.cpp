#include "web/engine_pool.h"

#include <iostream>

#include "client/identity.h"
#include "engine/wire_status.h"

namespace gongkai::web {
namespace {
// Idle clients kept for reuse (each holds a ZeroMQ context); more are made
// while more requests run at once, and dropped when they come back.
constexpr size_t kMaxIdle = 32;
}  // namespace

EnginePool::EnginePool(client::ClientOptions options) : options_(std::move(options)) {}

EnginePool::~EnginePool() = default;

Status EnginePool::Load() {
  std::lock_guard lock(mutex_);
  if (options_.identity) return OkStatus();
  auto path = client::FindIdentityPath(options_.identity_path);
  if (!path.ok()) return path.status();
  auto identity = client::ReadIdentity(*path);
  if (!identity.ok()) return identity.status();
  options_.identity = std::move(identity).value();
  return OkStatus();
}

std::string EnginePool::endpoint() const {
  std::lock_guard lock(mutex_);
  client::EngineClient probe(options_);
  return probe.endpoint();
}

void EnginePool::Secure(zmq::socket_t& socket) const {
  std::lock_guard lock(mutex_);
  if (!options_.identity) return;
  socket.set(zmq::sockopt::curve_serverkey, options_.identity->server_public_key);
  socket.set(zmq::sockopt::curve_publickey, options_.identity->public_key);
  socket.set(zmq::sockopt::curve_secretkey, options_.identity->secret_key);
}

std::unique_ptr<client::EngineClient> EnginePool::Take() {
  std::lock_guard lock(mutex_);
  if (!idle_.empty()) {
    auto taken = std::move(idle_.back());
    idle_.pop_back();
    return taken;
  }
  return std::make_unique<client::EngineClient>(options_);
}

void EnginePool::Give(std::unique_ptr<client::EngineClient> engine_client) {
  std::lock_guard lock(mutex_);
  if (idle_.size() < kMaxIdle) idle_.push_back(std::move(engine_client));
}

namespace {

// The gateway's own identity has the delegate right: it acts as itself
// for a login alone, so a route that lost the person's name fails here
// instead of acting with the gateway's rights. Then the command is made
// ready to send: for that person, with an idempotency key.
Status Prepare(v1::Command& command, const std::string& on_behalf_of) {
  if (on_behalf_of.empty() != command.has_login()) {
    return InternalError(command.has_login()
                             ? "a login is sent by the console itself, on behalf of no one"
                             : "the console sends nothing but a login without the person");
  }
  if (command.idempotency_key().empty()) command.set_idempotency_key(client::NewIdempotencyKey());
  command.set_on_behalf_of(on_behalf_of);
  return OkStatus();
}

}  // namespace

StatusOr<v1::Reply> EnginePool::Call(v1::Command command, const std::string& on_behalf_of) {
  GONGKAI_RETURN_IF_ERROR(Prepare(command, on_behalf_of));
  GONGKAI_RETURN_IF_ERROR(Load());
  auto engine_client = Take();
  StatusOr<v1::Reply> reply = engine_client->Call(command);
  Give(std::move(engine_client));
  return Finish(std::move(reply));
}

StatusOr<v1::Reply> EnginePool::CallOnce(v1::Command command, const std::string& on_behalf_of,
                                         std::chrono::milliseconds wait) {
  GONGKAI_RETURN_IF_ERROR(Prepare(command, on_behalf_of));
  GONGKAI_RETURN_IF_ERROR(Load());
  client::ClientOptions once;
  {
    std::lock_guard lock(mutex_);
    once = options_;
  }
  once.attempts = 1;
  once.reply_timeout = wait;
  client::EngineClient engine_client(once);
  return Finish(engine_client.Call(command));
}

StatusOr<v1::Reply> EnginePool::Finish(StatusOr<v1::Reply> reply) {
  if (!reply.ok() && reply.status().code() == StatusCode::kUnavailable) {
    // The client's words name its command-line flags; the log keeps them.
    std::cerr << "gongkai-web: " << reply.status().message() << "\n";
    return UnavailableError("the engine (gongkaid) cannot be reached; try again in a moment");
  }
  if (!reply.ok()) return reply.status();
  GONGKAI_RETURN_IF_ERROR(StatusOfReply(*reply));
  return reply;
}

}  // namespace gongkai::web
