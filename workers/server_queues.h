// The queues between the ledger server's threads (workers/ledger_server.h):
// jobs from the I/O thread to the ledger thread and to the readers, and
// replies back, with an eventfd that wakes the I/O thread's poll.
//
// The readers run at the lowest priority (YieldToServing): a reader that
// holds a lock when it is preempted may not run again while anything else
// wants a processor. So the serving threads (I/O, ledger) never wait for a
// lock a reader may hold: they use TryPush and TryTakeAll on the readers'
// queues, and the WriterGate is a futex word the ledger only stores to.
//
// Thread safety: every member may be called from any thread.
#ifndef GONGKAI_WORKERS_SERVER_QUEUES_H_
#define GONGKAI_WORKERS_SERVER_QUEUES_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <vector>
#include <zmq.hpp>

#include "gongkai/v1/command.pb.h"
#include "workers/ledger.h"

namespace gongkai {

// A decoded request and where its reply goes.
struct Job {
  std::string peer;                      // The first routing frame.
  uint64_t order = 0;                    // Its rank among the peer's messages.
  std::vector<zmq::message_t> envelope;  // Routing frames and the delimiter.
  v1::Command command;
  bool internal = false;  // From an internal endpoint: the engine's own.
  Caller caller;          // Who sent it (not for internal jobs).
  size_t bytes = 0;
  std::chrono::steady_clock::time_point received;
  // Queries: the ledger's read state when the job was accepted (taken by
  // the I/O thread, so that readers never take the ledger's lock).
  std::shared_ptr<const ReadState> state;
};

// A reply on its way back.
struct Outgoing {
  std::string peer;
  uint64_t order = 0;  // Replies go out in the order their messages came.
  std::vector<zmq::message_t> envelope;
  std::string body;       // A serialized v1::Reply.
  bool query = false;     // Counts against the peer's queries in flight.
  bool internal = false;  // Goes back through the internal socket.
  // A reader's audit record of the query, handed to the ledger by the I/O
  // thread (a reader never takes the ledger's locks).
  std::optional<v1::AuditRecord> audit;
};

// A bounded FIFO of jobs; Pop waits (bounded) for one or more.
class JobQueue {
 public:
  explicit JobQueue(size_t capacity) : capacity_(capacity) {}
  // False when full (the job is left untouched).
  bool Push(Job& job);
  // As Push, but never waits for the lock: kBusy (the job left untouched)
  // when another thread holds it.
  enum class TryResult { kPushed, kFull, kBusy };
  TryResult TryPush(Job& job);
  // Up to `max_count` jobs (stopping before `max_bytes`, at least one)
  // waiting at most `wait`; empty on time out or Close().
  std::vector<Job> Pop(size_t max_count, size_t max_bytes, std::chrono::milliseconds wait);
  void Close();

 private:
  const size_t capacity_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Job> jobs_;
  bool closed_ = false;
};

// Replies from the worker threads to the I/O thread, which polls fd().
class ReplyQueue {
 public:
  ReplyQueue();
  ~ReplyQueue();
  ReplyQueue(const ReplyQueue&) = delete;
  ReplyQueue& operator=(const ReplyQueue&) = delete;
  void Push(std::vector<Outgoing> replies);
  std::vector<Outgoing> TakeAll();  // Also clears the wake-up.
  // As TakeAll, but never waits for the lock: nullopt when another thread
  // holds it (the wake-up is cleared all the same: retry after a moment).
  std::optional<std::vector<Outgoing>> TryTakeAll();
  int fd() const { return event_fd_; }

 private:
  std::mutex mutex_;
  std::vector<Outgoing> replies_;
  int event_fd_ = -1;
};

// Lets readers step aside while the ledger thread writes: the writer marks
// each group (two stores and, when a reader waits, one wake-up: it never
// takes a lock); a reader calls PauseWhileWriting() between records
// (holding no lock), which waits while a group is being handled, at most
// `cap` per call, so a reader is slowed under load but never stopped.
class WriterGate {
 public:
  void BeginGroup();
  void EndGroup();
  void PauseWhileWriting(std::chrono::milliseconds cap = std::chrono::milliseconds(5));

 private:
  std::atomic<int> writing_{0};  // A futex word: 1 while a group is handled.
  std::atomic<int> waiters_{0};
};

// Makes the calling thread run only on a processor nothing else wants
// (SCHED_IDLE; nice 19 where that is refused): queries and background
// checks yield to acknowledgements.
void YieldToServing();

// Names the calling thread for ps, top -H and perf (the kernel keeps the
// first 15 bytes). The daemon's threads are named gk-ledger, gk-reader,
// gk-ticker, gk-auth, gk-verify and gk-signals; the command socket's
// thread keeps the process's name.
void NameThisThread(const char* name);

}  // namespace gongkai

#endif  // GONGKAI_WORKERS_SERVER_QUEUES_H_
