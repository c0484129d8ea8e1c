// LedgerServer: the ledger worker's socket loop. A ROUTER socket bound to
// each endpoint (tcp:// for clients, inproc:// for the other workers of the
// same process) receives one Command per message and sends exactly one
// Reply back through the same envelope.
//
// Wire format: [routing frames...] [empty delimiter] [Command bytes]. REQ
// clients add the delimiter themselves; DEALER clients send it. A message
// that is not exactly that (no delimiter, more than one body frame, a body
// over `max_message_bytes`, bytes that are not a Command) is answered with
// invalid_argument and changes nothing. Messages over the hard cap
// (ZMQ_MAXMSGSIZE, 16 times the limit) make libzmq drop the connection.
//
// Messages waiting when the loop wakes are handled as one group (group
// commit, see Ledger::HandleGroup), at most `max_group` at a time.
//
// Alerts are published after they are durable: at start (those recorded
// but not published before a crash, and a first sweep) and after each group.
// A subscriber may see an alert twice after a crash; sequence numbers let it
// drop the copy (gongkai alerts does).
//
// Thread safety: Run() owns the socket; call Stop() from any thread or a
// signal handler (it only sets a flag).
#ifndef GONGKAI_WORKERS_LEDGER_SERVER_H_
#define GONGKAI_WORKERS_LEDGER_SERVER_H_

#include <atomic>
#include <memory>
#include <string>
#include <vector>
#include <zmq.hpp>

#include "engine/status.h"
#include "workers/ledger.h"

namespace gongkai {

struct LedgerServerOptions {
  std::vector<std::string> endpoints;
  // The PUB endpoint of alerts (topic: the agency path, "210300/210321/";
  // for the officers' reminders "reminders/" then the path; body: a
  // v1::Alert). Empty: alerts are recorded but not published.
  std::string alerts_endpoint;
  // Fault injection for the crash tests: exit the process (code 70) right
  // after alerts were recorded durably and before they are published.
  bool crash_after_recording_alerts = false;
  size_t max_message_bytes = 1 << 20;
  size_t max_group = 512;
};

class LedgerServer {
 public:
  LedgerServer(zmq::context_t& context, Ledger& ledger, LedgerServerOptions options);
  ~LedgerServer();
  // Binds every endpoint; the resolved endpoints (a tcp port of 0 or '*'
  // becomes the real port) are then in bound_endpoints(). unavailable when
  // an endpoint is in use or malformed.
  [[nodiscard]] Status Bind();
  const std::vector<std::string>& bound_endpoints() const { return bound_; }
  const std::string& bound_alerts_endpoint() const { return bound_alerts_; }
  // Serves until Stop(). Returns unavailable if the socket fails.
  [[nodiscard]] Status Run();
  void Stop() { stop_.store(true); }
  // Messages answered and groups handled so far (for the benchmarks:
  // messages / groups is the mean group-commit size).
  uint64_t messages_served() const { return messages_served_; }
  uint64_t groups_served() const { return groups_served_; }

 private:
  void ServeGroup();
  void PublishRecordedAlerts();
  void Publish(const std::vector<v1::Alert>& alerts);

  zmq::context_t& context_;
  Ledger& ledger_;
  LedgerServerOptions options_;
  std::unique_ptr<zmq::socket_t> socket_;
  std::unique_ptr<zmq::socket_t> publisher_;
  std::vector<std::string> bound_;
  std::string bound_alerts_;
  std::atomic<bool> stop_{false};
  uint64_t messages_served_ = 0;
  uint64_t groups_served_ = 0;
};

}  // namespace gongkai

#endif  // GONGKAI_WORKERS_LEDGER_SERVER_H_
