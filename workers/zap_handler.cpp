#include "workers/zap_handler.h"

#include <spdlog/spdlog.h>

#include <vector>
#include <zmq_addon.hpp>

#include "workers/server_queues.h"

namespace gongkai {
namespace {

constexpr std::chrono::milliseconds kPoll(100);

std::string Z85(const zmq::message_t& key) {
  if (key.size() != 32) return "";
  char text[41];
  if (zmq_z85_encode(text, key.data<uint8_t>(), 32) == nullptr) return "";
  return std::string(text, 40);
}

}  // namespace

ZapHandler::ZapHandler(zmq::context_t& context, std::shared_ptr<const PrincipalRegistry> principals)
    : context_(context), principals_(std::move(principals)) {}

ZapHandler::~ZapHandler() { Stop(); }

Status ZapHandler::Start() {
  try {
    socket_ = std::make_unique<zmq::socket_t>(context_, zmq::socket_type::rep);
    socket_->set(zmq::sockopt::linger, 0);
    socket_->bind("inproc://zeromq.zap.01");
  } catch (const zmq::error_t& e) {
    return UnavailableError(std::string("cannot start the authentication handler: ") + e.what());
  }
  thread_ = std::thread([this] {
    NameThisThread("gk-auth");
    Serve();
  });
  return OkStatus();
}

void ZapHandler::Stop() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
  socket_.reset();
}

void ZapHandler::Serve() {
  while (!stop_.load()) {
    zmq::pollitem_t item{socket_->handle(), 0, ZMQ_POLLIN, 0};
    try {
      zmq::poll(&item, 1, kPoll);
      if (!(item.revents & ZMQ_POLLIN)) continue;
      std::vector<zmq::message_t> request;
      if (!zmq::recv_multipart(*socket_, std::back_inserter(request))) continue;
      // version, request id, domain, address, identity, mechanism, credentials...
      std::string status = "400", text = "unknown key", user;
      if (request.size() >= 7 && request[0].to_string_view() == "1.0" &&
          request[5].to_string_view() == "CURVE") {
        const std::string key = Z85(request[6]);
        if (!key.empty() && principals_->ByKey(key)) {
          status = "200";
          text = "OK";
          user = key;
        } else {
          spdlog::warn("refused a connection from {}: its key is not enrolled or was revoked",
                       request[3].to_string());
        }
      } else {
        text = "CURVE required";
      }
      std::vector<zmq::message_t> reply;
      reply.emplace_back(std::string_view("1.0"));
      reply.emplace_back(request.size() > 1 ? request[1].to_string_view() : std::string_view());
      reply.emplace_back(std::string_view(status));
      reply.emplace_back(std::string_view(text));
      reply.emplace_back(std::string_view(user));
      reply.emplace_back();
      zmq::send_multipart(*socket_, reply);
    } catch (const zmq::error_t& e) {
      if (e.num() == ETERM) return;
      spdlog::error("authentication handler: {}", e.what());
    }
  }
}

}  // namespace gongkai
