// The queues between the ledger server's threads (workers/ledger_server.h):
// jobs from the I/O thread to the ledger thread and to the readers, and
// replies back, with an eventfd that wakes the I/O thread's poll.
//
// Thread safety: every member may be called from any thread.
#ifndef GONGKAI_WORKERS_SERVER_QUEUES_H_
#define GONGKAI_WORKERS_SERVER_QUEUES_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
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
};

// A reply on its way back.
struct Outgoing {
  std::string peer;
  uint64_t order = 0;  // Replies go out in the order their messages came.
  std::vector<zmq::message_t> envelope;
  std::string body;       // A serialized v1::Reply.
  bool query = false;     // Counts against the peer's queries in flight.
  bool internal = false;  // Goes back through the internal socket.
};

// A bounded FIFO of jobs; Pop waits (bounded) for one or more.
class JobQueue {
 public:
  explicit JobQueue(size_t capacity) : capacity_(capacity) {}
  // False when full (the job is left untouched).
  bool Push(Job& job);
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
  int fd() const { return event_fd_; }

 private:
  std::mutex mutex_;
  std::vector<Outgoing> replies_;
  int event_fd_ = -1;
};

// Lets readers step aside while the ledger thread writes: the writer marks
// each group; a reader calls PauseWhileWriting() between records (holding
// no lock), which waits while a group is being handled, at most `cap` in
// all per call, so a reader is slowed under load but never stopped.
class WriterGate {
 public:
  void BeginGroup();
  void EndGroup();
  void PauseWhileWriting(std::chrono::milliseconds cap = std::chrono::milliseconds(5));

 private:
  std::mutex mutex_;
  std::condition_variable idle_;
  bool writing_ = false;
};

// Makes the calling thread run only on a processor nothing else wants
// (SCHED_IDLE; nice 19 where that is refused): queries and background
// checks yield to acknowledgements.
void YieldToServing();

}  // namespace gongkai

#endif  // GONGKAI_WORKERS_SERVER_QUEUES_H_
