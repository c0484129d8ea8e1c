// A load generator for the daemon: several DEALER connections over tcp,
// each keeping up to `window` commands in flight, either as fast as replies
// come (closed loop) or at a fixed offered rate (open loop: latency is
// measured from the time each command was due to be sent, so a slow server
// cannot hide its queueing).
#ifndef GONGKAI_BENCH_LOAD_CLIENT_H_
#define GONGKAI_BENCH_LOAD_CLIENT_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "gongkai/v1/command.pb.h"

namespace gongkai::bench {

struct LoadOptions {
  std::string endpoint;
  int connections = 4;
  int window = 64;                // In flight per connection.
  double offered_per_second = 0;  // 0: as fast as possible.
  int64_t total = 100000;
  // Without any reply for this long, a connection sends everything in
  // flight again on a fresh socket (same bytes: same idempotency keys).
  std::chrono::milliseconds reply_timeout{10000};
  // When set, an ok reply to command i counts as acknowledged only when
  // accept(i, reply) is true; otherwise it counts as failed ("unexpected
  // reply"): how a scenario checks the answers it times.
  std::function<bool(int64_t, const v1::Reply&)> accept = nullptr;
};

struct LoadResult {
  int64_t ok = 0;
  int64_t failed = 0;
  std::string first_failure;
  int64_t retries = 0;  // Commands sent again (a timeout, resource_exhausted).
  double seconds = 0;
  std::vector<double> latencies_ms;  // One per reply.
};

// `make(i)` builds command number i (0 <= i < total); commands are spread
// over the connections; on connection c, command i waits for the replies of
// its earlier commands only when its window is full. Replies come back in
// the order sent on one connection (workers/ledger_server.h). A reply
// resource_exhausted is sent again; a connection silent for reply_timeout
// sends its whole window again: the client never waits forever, and the
// engine applies each command once.
LoadResult RunLoad(const LoadOptions& options, const std::function<v1::Command(int64_t)>& make);

// The p-th percentile (0 < p <= 100) of `values` (sorted in place).
double Percentile(std::vector<double>& values, double p);

}  // namespace gongkai::bench

#endif  // GONGKAI_BENCH_LOAD_CLIENT_H_
