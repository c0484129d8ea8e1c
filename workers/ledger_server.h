// LedgerServer: the ledger worker's sockets and threads.
//
// Who is asking: the client endpoints (`endpoints`, tcp:// or ipc://) are
// CURVE servers, always: a ZAP handler (workers/zap_handler.h) admits only
// keys of enrolled people and services, and every message is taken as its
// key's principal, looked up again for each message (a revoked key is
// refused from its next message on). A principal with the delegate right
// may send a command on behalf of a person (Command.on_behalf_of): the
// person's roles and scope are then checked as if they had sent it. Every
// command is authorized (engine/access.h) before it is queued; a refusal is
// permission_denied, logged and audited, and changes nothing. The
// `internal_endpoints` (inproc://, reachable only from this process: its
// deadline worker) carry the engine's own commands, without a principal.
//
// Threads:
//   the I/O thread (Run()'s caller) owns the ROUTER sockets: it reads each
//     message, decodes its Command (bounds first), resolves and authorizes
//     its principal, sends changes to the ledger thread and queries to the
//     readers, and sends every reply back through the message's envelope;
//   the ledger thread handles the changes in groups (Ledger::HandleGroup:
//     one synced write a group) and publishes the alerts once stored;
//   `reader_threads` readers answer queries from the snapshot of the last
//     written group (LedgerReader), at a lower scheduling priority, so a
//     report or a verify never delays an acknowledgement; a login's
//     password (Argon2id, a tenth of a second) is verified there too. An admin backup
//     (LedgerServerOptions::backup) runs on a reader too, never on the
//     ledger thread, so changes go on while it copies; one at a time: a
//     second one meanwhile is refused (failed_precondition).
//
// Wire format: [routing frames...] [empty delimiter] [Command bytes]. REQ
// clients add the delimiter themselves; DEALER clients send it. A message
// that is not exactly that (no delimiter, more than one body frame, frames
// together over `max_message_bytes`, bytes that are not a Command) is
// answered invalid_argument and changes nothing. A single frame over the
// limit makes libzmq drop the connection before it is held (ZMQ_MAXMSGSIZE);
// the frames of a message are counted as they are read, and the rest of an
// oversized message is read and dropped without being kept.
//
// No reply is dropped silently: the ROUTER socket is ZMQ_ROUTER_MANDATORY,
// so a reply to a connection whose queue is full stays with the server,
// in order, until the connection takes it (it is dropped only when the
// connection is gone). The replies held for one connection are bounded by
// `max_unsent_bytes_per_connection` and for all by `max_unsent_bytes`;
// past a bound, or past `max_queries_per_connection` queries waiting for
// one connection, or a full queue, a request is answered resource_exhausted
// and the server goes on serving everyone else. Changes are never refused
// for queries' sake: they have their own queue and thread.
//
// Memory for replies not read, beyond those bounds: ZeroMQ holds, for each
// connection, up to 16 replies queued (the socket's ZMQ_SNDHWM) and the one
// it is writing; the kernel's socket buffers are not the process's memory.
// A reply carries at most LedgerOptions::max_reply_bytes of requests or
// alerts (256 KiB by default; paged past that) plus its envelope. The
// bounds are checked when a request arrives, so the replies of queries
// already accepted (at most max_waiting_queries + reader_threads) may land
// past them. So the most a set of connections that read nothing can make
// the server hold is about max_unsent_bytes + (max_waiting_queries +
// reader_threads) x the largest reply + connections x 17 x the largest reply
// (bench/README.md, slow-readers, measures it).
//
// Alerts are published after they are durable: at start (those recorded
// but not published before a crash, and a first sweep) and after each group.
// The PUB socket (CURVE too) carries wake-ups without content: the topic is
// the agency path ("reminders/" then the path for reminders), the body the
// alert's sequence number; the alert itself comes from a fetch, limited to
// the person's scope. A subscriber may be woken twice for an alert after a
// crash; sequence numbers let it drop the copy (gongkai alerts does).
//
// Thread safety: Bind() then Run() from one thread; Stop() from any thread
// or a signal handler (it only sets a flag).
#ifndef GONGKAI_WORKERS_LEDGER_SERVER_H_
#define GONGKAI_WORKERS_LEDGER_SERVER_H_

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>
#include <zmq.hpp>

#include "engine/status.h"
#include "workers/ledger.h"
#include "workers/zap_handler.h"

namespace gongkai {

struct LedgerServerOptions {
  std::vector<std::string> endpoints;           // CURVE, for clients.
  std::vector<std::string> internal_endpoints;  // inproc://, this process's workers.
  // The server's CURVE secret key (Z85); required with `endpoints`.
  std::string curve_secret_key;
  // The PUB endpoint of alerts (topic: the agency path, "210300/210321/";
  // for the officers' reminders "reminders/" then the path; body: a
  // v1::Alert). Empty: alerts are recorded but not published.
  std::string alerts_endpoint;
  // Fault injection for the crash tests (gongkaid's test build only): exit
  // the process (code 70) right after alerts were recorded durably and
  // before they are published.
  bool crash_after_recording_alerts = false;
  size_t max_message_bytes = 1 << 20;  // A command's frames together.
  size_t max_group = 512;              // Changes in one synced write...
  size_t max_group_bytes = 4 << 20;    // ...and their bytes.
  int reader_threads = 2;
  size_t max_unsent_bytes_per_connection = 4 << 20;
  size_t max_unsent_bytes = 128 << 20;
  size_t max_queries_per_connection = 8;  // Waiting or being answered.
  size_t max_waiting_queries = 256;
  size_t max_waiting_changes = 20000;
  std::chrono::milliseconds slow_query{1000};  // Logged when slower.
  // Makes the copy `gongkai admin backup` asks for into the directory given
  // (workers/backup.h, MakeBackup over the ledger's RocksStore). Unset: the
  // command is refused (failed_precondition).
  std::function<StatusOr<v1::BackupInfo>(const std::string& directory)> backup;
};

class LedgerServer {
 public:
  LedgerServer(zmq::context_t& context, Ledger& ledger, LedgerServerOptions options);
  ~LedgerServer();
  // Binds every endpoint; the resolved endpoints (a tcp port of 0 or '*'
  // becomes the real port) are then in bound_endpoints(). unavailable when
  // an endpoint is in use or malformed.
  [[nodiscard]] Status Bind();
  // The client endpoints, then the internal ones.
  const std::vector<std::string>& bound_endpoints() const { return bound_; }
  const std::string& bound_alerts_endpoint() const { return bound_alerts_; }
  // Serves until Stop(). Returns unavailable if the socket fails.
  [[nodiscard]] Status Run();
  void Stop() { stop_.store(true); }
  // Messages answered and change groups handled so far (for the
  // benchmarks: changes / groups is the mean group-commit size).
  uint64_t messages_served() const { return messages_served_.load(); }
  uint64_t groups_served() const { return groups_served_.load(); }

  struct Shared;  // The queues between the threads (ledger_server.cpp).

 private:
  zmq::context_t& context_;
  Ledger& ledger_;
  LedgerServerOptions options_;
  std::unique_ptr<zmq::socket_t> socket_;    // Clients, CURVE.
  std::unique_ptr<zmq::socket_t> internal_;  // This process's workers.
  std::unique_ptr<zmq::socket_t> publisher_;
  std::unique_ptr<ZapHandler> zap_;
  std::vector<std::string> bound_;
  std::string bound_alerts_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> messages_served_{0};
  std::atomic<uint64_t> groups_served_{0};
};

}  // namespace gongkai

#endif  // GONGKAI_WORKERS_LEDGER_SERVER_H_
