// A load generator for PostgreSQL through libpq, the peer of load_client.h:
// `connections` connections, each in pipeline mode with up to `depth`
// transactions in flight, driven by a few client threads (an event loop
// each, over non-blocking connections: a thread per connection would take
// the two cores from the server). A transaction is the statements `send`
// queues for index i followed by a Sync: without BEGIN/COMMIT, the
// statements before a Sync are one implicit transaction, committed (and,
// with synchronous_commit on, flushed) before the server answers the Sync.
// The Sync's answer is the acknowledgement; one round trip per transaction.
//
// Closed loop (offered_per_second 0): transactions are sent as fast as
// answers come for `duration`, then the ones in flight are awaited. Open
// loop: transaction i is due at start + i / offered_per_second, `limit` of
// them; its latency counts from when it was due.
//
// Thread safety: RunPgLoad may be called from one thread at a time; `send`
// and `prepare` are called from its threads, one connection each at a time.
#ifndef GONGKAI_BENCH_PG_LOAD_H_
#define GONGKAI_BENCH_PG_LOAD_H_

#include <libpq-fe.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "engine/status.h"

namespace gongkai::bench {

struct PgLoadOptions {
  std::string conninfo;
  int connections = 32;
  int depth = 1;    // Transactions in flight per connection.
  int threads = 2;  // Client threads; the connections are shared out among them.
  std::chrono::duration<double> duration{3};            // Closed loop only.
  int64_t limit = std::numeric_limits<int64_t>::max();  // Indexes 0..limit-1 at most.
  double offered_per_second = 0;                        // 0: closed loop.
  // Run on each connection before the clock starts ("SET commit_delay = 100").
  std::vector<std::string> session_settings;
  // Prepares the statements on a fresh connection (not yet in pipeline mode).
  std::function<Status(PGconn*)> prepare;
};

struct PgLoadResult {
  int64_t ok = 0;      // Transactions acknowledged (their Sync answered, no error).
  int64_t failed = 0;  // Transactions with an error (or on a broken connection).
  std::string first_failure;
  double seconds = 0;                // From the start to the last answer.
  std::vector<double> latencies_ms;  // One per acknowledged transaction.
};

// Queues transaction `index`'s statements on `connection` (PQsendQueryPrepared
// ...); false when libpq refuses one. The Sync is added by the caller.
using PgSendTransaction = std::function<bool(PGconn* connection, int64_t index)>;

// Opens and prepares every connection (errors: Unavailable with libpq's
// message), then runs the load.
StatusOr<PgLoadResult> RunPgLoad(const PgLoadOptions& options, const PgSendTransaction& send);

// Runs `sql` on a new connection to `conninfo` (several statements allowed);
// the first row's first column, "" when none. Errors: Internal with the
// server's message.
StatusOr<std::string> PgQuery(const std::string& conninfo, const std::string& sql);

}  // namespace gongkai::bench

#endif  // GONGKAI_BENCH_PG_LOAD_H_
