#include "web/alert_hub.h"

#include <iostream>
#include <zmq.hpp>

#include "client/engine_client.h"

namespace gongkai::web {

AlertHub::AlertHub(EnginePool& engine) : engine_(engine) {}

AlertHub::~AlertHub() {
  Stop();
  if (thread_.joinable()) thread_.join();
}

void AlertHub::Watch(const std::string& endpoint) {
  std::lock_guard lock(mutex_);
  if (stopping_ || endpoint.empty()) return;
  wanted_ = endpoint;
  if (watching_) return;
  watching_ = true;
  thread_ = std::thread([this] { Run(); });
}

std::string AlertHub::wanted() {
  std::lock_guard lock(mutex_);
  return wanted_;
}

uint64_t AlertHub::wakeups() {
  std::lock_guard lock(mutex_);
  return wakeups_;
}

uint64_t AlertHub::WaitPast(uint64_t seen, std::chrono::milliseconds limit) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, limit, [&] { return wakeups_ > seen || stopping_; });
  return wakeups_;
}

void AlertHub::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
}

bool AlertHub::stopping() {
  std::lock_guard lock(mutex_);
  return stopping_;
}

void AlertHub::Run() try {
  zmq::context_t context(1);
  zmq::socket_t subscriber(context, zmq::socket_type::sub);
  subscriber.set(zmq::sockopt::linger, 0);
  subscriber.set(zmq::sockopt::subscribe, "");  // Every agency: streams filter by fetching.
  engine_.Secure(subscriber);
  std::string named, connected;  // As the engine named it, and as reached from here.
  while (!stopping()) {
    if (std::string endpoint = wanted(); endpoint != named) {
      if (!connected.empty()) subscriber.disconnect(connected);
      named = std::move(endpoint);
      connected = client::ReachableFrom(named, engine_.endpoint());
      subscriber.connect(connected);
    }
    zmq::pollitem_t item{subscriber.handle(), 0, ZMQ_POLLIN, 0};
    zmq::poll(&item, 1, std::chrono::milliseconds(250));
    bool heard = false;
    while (item.revents & ZMQ_POLLIN) {
      zmq::message_t frame;
      if (!subscriber.recv(frame, zmq::recv_flags::dontwait)) break;
      heard = true;
    }
    if (!heard) continue;
    {
      std::lock_guard lock(mutex_);
      ++wakeups_;
    }
    changed_.notify_all();
  }
} catch (const zmq::error_t& e) {
  // Streams still catch up on their own every few seconds without wake-ups.
  std::cerr << "gongkai-web: cannot subscribe to the alerts at " << wanted() << ": " << e.what()
            << "\n";
}

}  // namespace gongkai::web
