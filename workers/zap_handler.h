// ZapHandler: ZeroMQ's authentication (ZAP, RFC 27) for the ledger's CURVE
// sockets. A connection is admitted when its CURVE public key belongs to a
// principal that is enrolled and not revoked; its messages then carry the
// key (Z85) as their User-Id, which the I/O thread looks up again for every
// message (workers/ledger_server.h).
//
// Thread safety: Start() binds inproc://zeromq.zap.01 in `context` (before
// any CURVE socket of that context binds) and serves from a thread of its
// own until Stop() or destruction.
#ifndef GONGKAI_WORKERS_ZAP_HANDLER_H_
#define GONGKAI_WORKERS_ZAP_HANDLER_H_

#include <atomic>
#include <memory>
#include <thread>
#include <zmq.hpp>

#include "engine/status.h"
#include "workers/principal_registry.h"

namespace gongkai {

class ZapHandler {
 public:
  ZapHandler(zmq::context_t& context, std::shared_ptr<const PrincipalRegistry> principals);
  ~ZapHandler();
  [[nodiscard]] Status Start();
  void Stop();

 private:
  void Serve();

  zmq::context_t& context_;
  std::shared_ptr<const PrincipalRegistry> principals_;
  std::unique_ptr<zmq::socket_t> socket_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace gongkai

#endif  // GONGKAI_WORKERS_ZAP_HANDLER_H_
