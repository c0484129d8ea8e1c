#include "workers/server_queues.h"

#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <climits>
#include <cstdint>
#include <ctime>

namespace gongkai {

bool JobQueue::Push(Job& job) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (closed_ || jobs_.size() >= capacity_) return false;
    jobs_.push_back(std::move(job));
  }
  ready_.notify_one();
  return true;
}

JobQueue::TryResult JobQueue::TryPush(Job& job) {
  {
    std::unique_lock<std::mutex> lock(mutex_, std::try_to_lock);
    if (!lock.owns_lock()) return TryResult::kBusy;
    if (closed_ || jobs_.size() >= capacity_) return TryResult::kFull;
    jobs_.push_back(std::move(job));
  }
  ready_.notify_one();
  return TryResult::kPushed;
}

std::vector<Job> JobQueue::Pop(size_t max_count, size_t max_bytes, std::chrono::milliseconds wait) {
  std::unique_lock<std::mutex> lock(mutex_);
  ready_.wait_for(lock, wait, [this] { return closed_ || !jobs_.empty(); });
  std::vector<Job> taken;
  size_t bytes = 0;
  while (!jobs_.empty() && taken.size() < max_count &&
         (taken.empty() || bytes + jobs_.front().bytes <= max_bytes)) {
    bytes += jobs_.front().bytes;
    taken.push_back(std::move(jobs_.front()));
    jobs_.pop_front();
  }
  return taken;
}

void JobQueue::Close() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
  }
  ready_.notify_all();
}

ReplyQueue::ReplyQueue() : event_fd_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}

ReplyQueue::~ReplyQueue() {
  if (event_fd_ >= 0) close(event_fd_);
}

void ReplyQueue::Push(std::vector<Outgoing> replies) {
  if (replies.empty()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& reply : replies) replies_.push_back(std::move(reply));
  }
  const uint64_t one = 1;
  // A full counter (never in practice) still leaves the fd readable.
  [[maybe_unused]] const ssize_t written = write(event_fd_, &one, sizeof one);
}

std::vector<Outgoing> ReplyQueue::TakeAll() {
  uint64_t count = 0;
  [[maybe_unused]] const ssize_t read_bytes = read(event_fd_, &count, sizeof count);
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<Outgoing> taken;
  taken.swap(replies_);
  return taken;
}

std::optional<std::vector<Outgoing>> ReplyQueue::TryTakeAll() {
  uint64_t count = 0;
  [[maybe_unused]] const ssize_t read_bytes = read(event_fd_, &count, sizeof count);
  std::unique_lock<std::mutex> lock(mutex_, std::try_to_lock);
  if (!lock.owns_lock()) return std::nullopt;
  std::vector<Outgoing> taken;
  taken.swap(replies_);
  return taken;
}

namespace {

int* FutexWord(std::atomic<int>& word) { return reinterpret_cast<int*>(&word); }

}  // namespace

// Sequentially consistent: the ledger's store of 0 is ordered before its
// load of waiters_, as a reader's increment is before its wait, so either
// the ledger sees the reader or the reader's wait sees 0 (no lost wake-up).
void WriterGate::BeginGroup() { writing_.store(1); }

void WriterGate::EndGroup() {
  writing_.store(0);
  if (waiters_.load() > 0) {
    syscall(SYS_futex, FutexWord(writing_), FUTEX_WAKE_PRIVATE, INT32_MAX, nullptr, nullptr, 0);
  }
}

void WriterGate::PauseWhileWriting(std::chrono::milliseconds cap) {
  if (writing_.load() == 0) return;
  waiters_.fetch_add(1);
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(cap);
  const timespec timeout{time_t(seconds.count()),
                         long(std::chrono::nanoseconds(cap - seconds).count())};
  // Returns at once when the group already ended (the word is no longer 1).
  syscall(SYS_futex, FutexWord(writing_), FUTEX_WAIT_PRIVATE, 1, &timeout, nullptr, 0);
  waiters_.fetch_sub(1);
}

void NameThisThread(const char* name) { pthread_setname_np(pthread_self(), name); }

void YieldToServing() {
  const sched_param idle{};
  if (pthread_setschedparam(pthread_self(), SCHED_IDLE, &idle) != 0) {
    setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), 19);
  }
}

}  // namespace gongkai
