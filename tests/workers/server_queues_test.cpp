// The hand-overs between the ledger server's threads (workers/server_queues.h):
// what the serving threads use so that they never wait for a lock a
// low-priority reader may hold.
#include "workers/server_queues.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

namespace gongkai {
namespace {

Job JobFor(const std::string& peer, uint64_t order) {
  Job job;
  job.peer = peer;
  job.order = order;
  job.bytes = 10;
  return job;
}

TEST_CASE("TryPush hands jobs over in order and says when the queue is full", "[workers][queues]") {
  JobQueue queue(2);
  Job a = JobFor("p", 1), b = JobFor("p", 2), c = JobFor("p", 3);
  CHECK(queue.TryPush(a) == JobQueue::TryResult::kPushed);
  CHECK(queue.TryPush(b) == JobQueue::TryResult::kPushed);
  CHECK(queue.TryPush(c) == JobQueue::TryResult::kFull);
  CHECK(c.order == 3);  // A job not pushed is left as it was.
  const std::vector<Job> taken = queue.Pop(10, SIZE_MAX, std::chrono::milliseconds(0));
  REQUIRE(taken.size() == 2);
  CHECK(taken[0].order == 1);
  CHECK(taken[1].order == 2);
  queue.Close();
  CHECK(queue.TryPush(c) == JobQueue::TryResult::kFull);
}

TEST_CASE("TryTakeAll takes every reply pushed so far, once", "[workers][queues]") {
  ReplyQueue replies;
  std::vector<Outgoing> batch(3);
  for (size_t i = 0; i < batch.size(); ++i) batch[i].order = i;
  replies.Push(std::move(batch));
  const auto taken = replies.TryTakeAll();
  REQUIRE(taken.has_value());
  CHECK(taken->size() == 3);
  const auto again = replies.TryTakeAll();
  REQUIRE(again.has_value());
  CHECK(again->empty());
}

TEST_CASE("A reader pausing while a group is written is let go when the group ends",
          "[workers][queues]") {
  WriterGate gate;
  gate.PauseWhileWriting(std::chrono::hours(1));  // No group: returns at once.
  gate.BeginGroup();
  std::atomic<bool> done{false};
  std::thread reader([&] {
    gate.PauseWhileWriting(std::chrono::hours(1));
    done = true;
  });
  gate.EndGroup();
  reader.join();  // Hangs (and the suite times out) if EndGroup did not wake it.
  CHECK(done);
}

}  // namespace
}  // namespace gongkai
