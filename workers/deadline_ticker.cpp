#include "workers/deadline_ticker.h"

#include <iostream>

#include "engine/wire_status.h"
#include "gongkai/v1/command.pb.h"
#include "workers/server_queues.h"

namespace gongkai {
namespace {

constexpr std::chrono::seconds kReplyTimeout(60);
constexpr std::chrono::seconds kRetryAfterFailure(30);

// The next midnight in China, plus a second so that the date has changed.
std::chrono::system_clock::time_point NextChinaMidnight() {
  using namespace std::chrono;
  const auto china_now = system_clock::now() + hours(8);
  const auto next_day = floor<days>(china_now) + days(1);
  return next_day - hours(8) + seconds(1);
}

}  // namespace

DeadlineTicker::DeadlineTicker(zmq::context_t& context, std::string ledger_endpoint,
                               std::optional<client::Identity> identity)
    : context_(context), endpoint_(std::move(ledger_endpoint)), identity_(std::move(identity)) {}

DeadlineTicker::~DeadlineTicker() { Stop(); }

void DeadlineTicker::Start() {
  thread_ = std::thread([this] {
    NameThisThread("gk-ticker");
    Loop();
  });
}

void DeadlineTicker::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Status DeadlineTicker::TickOnce() {
  try {
    zmq::socket_t socket(context_, zmq::socket_type::req);
    socket.set(zmq::sockopt::linger, 0);
    if (identity_) {
      socket.set(zmq::sockopt::curve_serverkey, identity_->server_public_key);
      socket.set(zmq::sockopt::curve_publickey, identity_->public_key);
      socket.set(zmq::sockopt::curve_secretkey, identity_->secret_key);
    }
    socket.connect(endpoint_);
    v1::Command command;
    command.set_actor("deadline worker");
    command.mutable_sweep();
    socket.send(zmq::buffer(command.SerializeAsString()), zmq::send_flags::none);
    zmq::pollitem_t item{socket.handle(), 0, ZMQ_POLLIN, 0};
    zmq::poll(&item, 1, std::chrono::duration_cast<std::chrono::milliseconds>(kReplyTimeout));
    if (!(item.revents & ZMQ_POLLIN)) return UnavailableError("the ledger did not answer a sweep");
    zmq::message_t message;
    if (!socket.recv(message, zmq::recv_flags::none)) return UnavailableError("no sweep reply");
    v1::Reply reply;
    if (!reply.ParseFromArray(message.data(), int(message.size()))) {
      return InternalError("the ledger's sweep reply is not a Reply");
    }
    return StatusOfReply(reply);
  } catch (const zmq::error_t& e) {
    return UnavailableError(std::string("deadline worker: ") + e.what());
  }
}

void DeadlineTicker::Loop() {
  auto next = std::chrono::system_clock::now();  // Sweep once at start.
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stop_) {
    if (wake_.wait_until(lock, next, [this] { return stop_; })) break;
    lock.unlock();
    Status ticked = TickOnce();
    lock.lock();
    if (ticked.ok()) {
      next = NextChinaMidnight();
    } else {
      std::cerr << "gongkaid: deadline worker: " << ticked.message() << "; retrying\n";
      next = std::chrono::system_clock::now() + kRetryAfterFailure;
    }
  }
}

}  // namespace gongkai
