#include "cli/engine_client.h"

#include <random>

namespace gongkai::cli {

EngineClient::EngineClient(ClientOptions options) : options_(std::move(options)), context_(1) {}

EngineClient::~EngineClient() = default;

StatusOr<v1::Reply> EngineClient::Call(const v1::Command& command) {
  const std::string request = command.SerializeAsString();
  // The engine drops a connection that sends more (workers/ledger_server.h).
  if (request.size() > kMaxCommandBytes) {
    return InvalidArgumentError("the command is " + std::to_string(request.size()) +
                                " bytes; the engine accepts at most " +
                                std::to_string(kMaxCommandBytes) + " (shorten the text given)");
  }
  auto wait = options_.timeout;
  try {
    for (int attempt = 1; attempt <= options_.attempts; ++attempt) {
      // A fresh socket each try: a REQ socket that lost its reply is stuck.
      zmq::socket_t socket(context_, zmq::socket_type::req);
      socket.set(zmq::sockopt::linger, 0);
      socket.connect(options_.endpoint);
      socket.send(zmq::buffer(request), zmq::send_flags::none);
      zmq::pollitem_t item{socket.handle(), 0, ZMQ_POLLIN, 0};
      zmq::poll(&item, 1, wait);
      if (item.revents & ZMQ_POLLIN) {
        zmq::message_t message;
        if (!socket.recv(message, zmq::recv_flags::none)) continue;
        v1::Reply reply;
        if (!reply.ParseFromArray(message.data(), int(message.size()))) {
          return InternalError("the engine's reply is not a gongkai.v1.Reply");
        }
        return reply;
      }
      wait *= 2;
    }
  } catch (const zmq::error_t& e) {
    if (e.num() == EINVAL || e.num() == EPROTONOSUPPORT) {
      return InvalidArgumentError("cannot use the endpoint " + options_.endpoint + ": " + e.what());
    }
    return UnavailableError("cannot reach the engine at " + options_.endpoint + ": " + e.what());
  }
  return UnavailableError("no answer from the engine at " + options_.endpoint + " after " +
                          std::to_string(options_.attempts) +
                          " tries: is gongkaid running there? (--server ENDPOINT)");
}

std::string NewIdempotencyKey() {
  std::random_device device;
  std::mt19937_64 generator((uint64_t(device()) << 32) ^ device());
  static const char kHex[] = "0123456789abcdef";
  std::string key;
  for (int i = 0; i < 32; ++i) key.push_back(kHex[generator() % 16]);
  return key;
}

}  // namespace gongkai::cli
