#include "workers/server_queues.h"

#include <pthread.h>
#include <sched.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdint>

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

void WriterGate::BeginGroup() {
  std::lock_guard<std::mutex> lock(mutex_);
  writing_ = true;
}

void WriterGate::EndGroup() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    writing_ = false;
  }
  idle_.notify_all();
}

void WriterGate::PauseWhileWriting(std::chrono::milliseconds cap) {
  std::unique_lock<std::mutex> lock(mutex_);
  idle_.wait_for(lock, cap, [this] { return !writing_; });
}

void YieldToServing() {
  const sched_param idle{};
  if (pthread_setschedparam(pthread_self(), SCHED_IDLE, &idle) != 0) {
    setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), 19);
  }
}

}  // namespace gongkai
