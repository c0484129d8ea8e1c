// The threads behind LedgerServer besides its I/O thread: the ledger
// thread, which applies groups of changes and publishes their alerts, and
// the readers, which answer queries over the published read state. What
// they share with the I/O thread is LedgerServer::Shared. Internal to
// workers/ledger_server.cpp.
//
// Thread safety: Shared's members are each safe for concurrent use; each
// loop runs on its own thread until `stop`.
#ifndef GONGKAI_WORKERS_LEDGER_WORKERS_H_
#define GONGKAI_WORKERS_LEDGER_WORKERS_H_

#include <atomic>
#include <string>
#include <vector>
#include <zmq.hpp>

#include "workers/ledger.h"
#include "workers/ledger_server.h"
#include "workers/server_queues.h"

namespace gongkai {

struct LedgerServer::Shared {
  Shared(size_t changes_capacity, size_t queries_capacity)
      : changes(changes_capacity), queries(queries_capacity) {}
  JobQueue changes;
  JobQueue queries;
  ReplyQueue replies;        // From the ledger thread.
  ReplyQueue query_replies;  // From the readers (server_queues.h: taken without waiting).
  WriterGate gate;
  std::atomic<bool> backing_up{false};  // An admin backup is being made.
};

// The command's kind as its field name ("intake"), for the log.
std::string KindOf(const v1::Command& command);
// The reply to `job`, ready for the I/O thread.
Outgoing ReplyTo(Job& job, const v1::Reply& reply, bool query);
// Who sent `job`, for the log ("name", "name via gateway", "gongkaid").
std::string Who(const Job& job);

// The ledger thread: publishes what a crash left unpublished, then applies
// groups of changes from shared.changes and pushes their replies.
void LedgerLoop(Ledger& ledger, zmq::socket_t* publisher, LedgerServer::Shared& shared,
                const LedgerServerOptions& options, const std::atomic<bool>& stop,
                std::atomic<uint64_t>& groups);
// A reader thread: answers queries (and backups) from shared.queries.
void ReaderLoop(Ledger& ledger, LedgerServer::Shared& shared, const LedgerServerOptions& options,
                const std::atomic<bool>& stop);

}  // namespace gongkai

#endif  // GONGKAI_WORKERS_LEDGER_WORKERS_H_
