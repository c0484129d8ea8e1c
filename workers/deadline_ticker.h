// DeadlineTicker: the deadline worker. At start and at every midnight in
// China (UTC+8) it sends a Sweep command to the ledger's command endpoint,
// so that the alerts of the new day are recorded and published even when no
// clerk sends anything. (A manual clock needs no ticker: each clock advance
// sweeps.) It runs as a thread of gongkaid over inproc://, or as a process
// of its own (gongkaid --role deadline --ledger tcp://...).
//
// Thread safety: Start() and Stop() from one owner thread.
#ifndef GONGKAI_WORKERS_DEADLINE_TICKER_H_
#define GONGKAI_WORKERS_DEADLINE_TICKER_H_

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <zmq.hpp>

#include "client/identity.h"
#include "engine/status.h"

namespace gongkai {

class DeadlineTicker {
 public:
  // `identity`: for a ledger in another process (tcp://, CURVE): a
  // scheduler's identity; none for the in-process one (inproc://).
  DeadlineTicker(zmq::context_t& context, std::string ledger_endpoint,
                 std::optional<client::Identity> identity = std::nullopt);
  ~DeadlineTicker();
  void Start();
  void Stop();
  // Sends one Sweep now and waits (bounded) for its reply.
  [[nodiscard]] Status TickOnce();

 private:
  void Loop();

  zmq::context_t& context_;
  std::string endpoint_;
  std::optional<client::Identity> identity_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
};

}  // namespace gongkai

#endif  // GONGKAI_WORKERS_DEADLINE_TICKER_H_
