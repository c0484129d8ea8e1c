#include "client/engine_client.h"

#include <atomic>
#include <cstring>
#include <optional>
#include <random>
#include <string>

namespace gongkai::client {

EngineClient::EngineClient(ClientOptions options) : options_(std::move(options)), context_(1) {}

EngineClient::~EngineClient() = default;

Status EngineClient::Load() {
  if (options_.identity) return OkStatus();
  auto path = FindIdentityPath(options_.identity_path);
  if (!path.ok()) return path.status();
  auto identity = ReadIdentity(*path);
  if (!identity.ok()) return identity.status();
  options_.identity = std::move(identity).value();
  return OkStatus();
}

std::string EngineClient::endpoint() const {
  if (!options_.endpoint.empty()) return options_.endpoint;
  if (options_.identity && !options_.identity->endpoint.empty()) return options_.identity->endpoint;
  return kDefaultEndpoint;
}

void EngineClient::Secure(zmq::socket_t& socket) const {
  if (!options_.identity) return;
  socket.set(zmq::sockopt::curve_serverkey, options_.identity->server_public_key);
  socket.set(zmq::sockopt::curve_publickey, options_.identity->public_key);
  socket.set(zmq::sockopt::curve_secretkey, options_.identity->secret_key);
}

namespace {

// A PAIR socket hearing how `socket`'s CURVE handshakes end (libzmq's socket
// monitor): a refused key is told apart from an engine that is down, and an
// engine that answers slowly from one that cannot be reached.
zmq::socket_t WatchHandshakes(zmq::context_t& context, zmq::socket_t& socket) {
  static std::atomic<uint64_t> monitors{0};
  const std::string address = "inproc://gongkai-client-monitor-" + std::to_string(++monitors);
  if (zmq_socket_monitor(socket.handle(), address.c_str(),
                         ZMQ_EVENT_HANDSHAKE_FAILED_AUTH | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL |
                             ZMQ_EVENT_HANDSHAKE_SUCCEEDED) != 0) {
    throw zmq::error_t();
  }
  zmq::socket_t watcher(context, zmq::socket_type::pair);
  watcher.set(zmq::sockopt::linger, 0);
  watcher.connect(address);
  return watcher;
}

// The next event `watcher` heard (a ZMQ_EVENT_* kind), if any.
std::optional<uint16_t> NextEvent(zmq::socket_t& watcher) {
  zmq::message_t event, address;
  if (!watcher.recv(event, zmq::recv_flags::dontwait) || event.size() < 6) return std::nullopt;
  (void)watcher.recv(address, zmq::recv_flags::dontwait);
  uint16_t kind = 0;
  std::memcpy(&kind, event.data(), sizeof kind);
  return kind;
}

// The refusal a failed handshake stands for.
Status HandshakeRefusal(uint16_t kind, const std::string& endpoint) {
  if (kind == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH) {
    return PermissionDeniedError(
        "the engine at " + endpoint +
        " refused your key: it is not enrolled, or was revoked or replaced; ask an operator for "
        "an identity (gongkai user add, gongkai user rotate)");
  }
  return PermissionDeniedError("the secure handshake with the engine at " + endpoint +
                               " failed: is your identity file for this engine? (its "
                               "server_public_key must be the engine's)");
}

std::string Seconds(std::chrono::milliseconds ms) {
  const auto tenths = (ms.count() + 50) / 100;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " s";
}

}  // namespace

StatusOr<v1::Reply> EngineClient::Call(const v1::Command& command) {
  GONGKAI_RETURN_IF_ERROR(Load());
  const std::string request = command.SerializeAsString();
  // The engine drops a connection that sends more (workers/ledger_server.h).
  if (request.size() > kMaxCommandBytes) {
    return InvalidArgumentError("the command is " + std::to_string(request.size()) +
                                " bytes; the engine accepts at most " +
                                std::to_string(kMaxCommandBytes) + " (shorten the text given)");
  }
  // Each try has `timeout` to reach the engine (the CURVE handshake), then
  // its reply wait (doubling from `timeout`) for the answer; an engine that
  // cannot be reached is reported at once, without further tries.
  auto wait = options_.reply_timeout.count() > 0 ? options_.reply_timeout : options_.timeout;
  const bool handshakes = endpoint().rfind("inproc://", 0) != 0;  // inproc has none.
  try {
    for (int attempt = 1; attempt <= options_.attempts; ++attempt) {
      // A fresh socket each try: a REQ socket that lost its reply is stuck.
      zmq::socket_t socket(context_, zmq::socket_type::req);
      socket.set(zmq::sockopt::linger, 0);
      Secure(socket);
      zmq::socket_t watcher = WatchHandshakes(context_, socket);
      socket.connect(endpoint());
      socket.send(zmq::buffer(request), zmq::send_flags::none);
      const auto started = std::chrono::steady_clock::now();
      bool connected = !handshakes;
      for (;;) {
        const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - started);
        const auto limit = connected ? wait : options_.timeout;
        if (elapsed >= limit) break;
        zmq::pollitem_t items[] = {{socket.handle(), 0, ZMQ_POLLIN, 0},
                                   {watcher.handle(), 0, ZMQ_POLLIN, 0}};
        zmq::poll(items, 2, limit - elapsed);
        if (items[0].revents & ZMQ_POLLIN) {
          zmq::message_t message;
          if (!socket.recv(message, zmq::recv_flags::none)) break;
          zmq_socket_monitor(socket.handle(), nullptr, 0);
          v1::Reply reply;
          if (!reply.ParseFromArray(message.data(), int(message.size()))) {
            return InternalError("the engine's reply is not a gongkai.v1.Reply");
          }
          return reply;
        }
        while (auto kind = NextEvent(watcher)) {
          if (*kind == ZMQ_EVENT_HANDSHAKE_SUCCEEDED) {
            connected = true;
          } else {
            return HandshakeRefusal(*kind, endpoint());
          }
        }
      }
      if (!connected) {
        return UnavailableError("the engine at " + endpoint() + " did not answer within " +
                                Seconds(options_.timeout) +
                                ": is gongkaid running there? (--server ENDPOINT; --timeout MS "
                                "to wait longer)");
      }
      wait *= 2;
    }
  } catch (const zmq::error_t& e) {
    if (e.num() == EINVAL || e.num() == EPROTONOSUPPORT) {
      return InvalidArgumentError("cannot use the endpoint " + endpoint() + ": " + e.what());
    }
    return UnavailableError("cannot reach the engine at " + endpoint() + ": " + e.what());
  }
  return UnavailableError("no answer from the engine at " + endpoint() + " after " +
                          std::to_string(options_.attempts) +
                          " tries: is gongkaid running there, and is your identity enrolled? "
                          "(--server ENDPOINT, --identity FILE)");
}

std::string ReachableFrom(const std::string& endpoint, const std::string& server) {
  for (const std::string any : {"tcp://0.0.0.0:", "tcp://*:", "tcp://[::]:"}) {
    if (endpoint.rfind(any, 0) != 0) continue;
    const size_t host_end = server.rfind(':');
    if (server.rfind("tcp://", 0) != 0 || host_end == std::string::npos) return endpoint;
    return server.substr(0, host_end + 1) + endpoint.substr(any.size());
  }
  return endpoint;
}

std::string NewIdempotencyKey() {
  std::random_device device;
  std::mt19937_64 generator((uint64_t(device()) << 32) ^ device());
  static const char kHex[] = "0123456789abcdef";
  std::string key;
  for (int i = 0; i < 32; ++i) key.push_back(kHex[generator() % 16]);
  return key;
}

}  // namespace gongkai::client
