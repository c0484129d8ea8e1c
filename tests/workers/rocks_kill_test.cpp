// A store killed at random moments of its writes and flushes starts again
// with every acknowledged write: the seal (rocks_manifest_seal.h) must never
// refuse a healthy store, whatever point of a flush the kill hit.
//
// The writer is a child process (store_writer_main.cpp) with memtables of
// 256 KiB, so that a flush starts every 32 writes or so; it is SIGKILLed
// after a random number of acknowledged writes, and the store is opened
// again and read. GONGKAI_STORE_KILLS=N runs N kills instead of 20;
// GONGKAI_STORE_KILL_SEED=S replays a run (the seed is printed).
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>

#include "engine/store/rocks_store.h"
#include "tests/workers/store_writer_keys.h"
#include "tests/workers/temp_root.h"

namespace gongkai::test {
namespace {

namespace fs = std::filesystem;

constexpr uint64_t kMemtableBytes = 256 << 10;
constexpr uint64_t kValueBytes = 8 << 10;
constexpr int kMaxAcksBeforeKill = 300;

uint64_t EnvNumber(const char* name, uint64_t otherwise) {
  const char* text = std::getenv(name);
  return text != nullptr && *text != '\0' ? std::strtoull(text, nullptr, 10) : otherwise;
}

RocksStoreOptions SmallMemtables() {
  RocksStoreOptions options;
  options.memtable_bytes = kMemtableBytes;
  return options;
}

int CountFiles(const std::string& directory, const std::string& extension) {
  int count = 0;
  for (const auto& entry : fs::directory_iterator(directory)) {
    count += entry.path().extension() == extension;
  }
  return count;
}

// Runs store_writer on `data` from key `first`, kills it once it has
// acknowledged `acks` writes, and returns the last write it acknowledged
// (first - 1 for none).
uint64_t WriteThenKill(const std::string& data, uint64_t first, int acks) {
  // Everything the child needs is made before the fork, and the child only
  // calls dup2 and execv: the test process has threads, so it must not
  // allocate or lock.
  std::string memtable = std::to_string(kMemtableBytes), value = std::to_string(kValueBytes);
  std::string from = std::to_string(first), path = data, name = "store_writer";
  char* const argv[] = {name.data(),  path.data(), memtable.data(),
                        value.data(), from.data(), nullptr};
  int out[2];
  REQUIRE(pipe2(out, O_CLOEXEC) == 0);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    execv(GONGKAI_STORE_WRITER_PATH, argv);
    _exit(127);
  }
  close(out[1]);
  FILE* lines = fdopen(out[0], "r");
  REQUIRE(lines != nullptr);
  uint64_t last = first - 1;
  unsigned long long n = 0;
  for (int seen = 0; seen < acks && std::fscanf(lines, "%llu", &n) == 1; ++seen) last = n;
  kill(pid, SIGKILL);
  // Lines written before the kill landed are acknowledged writes too.
  while (std::fscanf(lines, "%llu", &n) == 1) last = n;
  std::fclose(lines);
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  INFO("store_writer's exit status " << status << " (3: the store refused to open)");
  REQUIRE((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL));
  return last;
}

}  // namespace

TEST_CASE("A store killed at random moments of its writes and flushes opens with every write",
          "[store][manifest][kill]") {
  const uint64_t seed = EnvNumber("GONGKAI_STORE_KILL_SEED", 20261202);
  const uint64_t kills = EnvNumber("GONGKAI_STORE_KILLS", 20);
  std::mt19937_64 random(seed);
  std::uniform_int_distribution<int> acks_before_kill(1, kMaxAcksBeforeKill);
  const TempRoot root("gongkai-kill");
  const std::string data = root / "data";
  REQUIRE(RocksStore::Create(data).ok());

  uint64_t next = 1;
  int most_logs = 0;  // RocksDB keeps a log until every table flushed past it.
  for (uint64_t kill = 1; kill <= kills; ++kill) {
    const uint64_t last = WriteThenKill(data, next, acks_before_kill(random));
    most_logs = std::max(most_logs, CountFiles(data, ".log"));
    auto store = RocksStore::Open(data, SmallMemtables());
    INFO("seed " << seed << ", kill " << kill << ", writes 1.." << last);
    REQUIRE(store.ok());
    for (uint64_t n = 1; n <= last; ++n) {
      auto value = (*store)->Get(Table::kRequests, WriterKey(n));
      REQUIRE(value.ok());
      REQUIRE(value->value_or("") == WriterValue(n, kValueBytes));
      if (n % 3 != 0) continue;
      auto event = (*store)->Get(Table::kEvents, WriterKey(n));
      REQUIRE(event.ok());
      REQUIRE(event->value_or("") == WriterValue(n, 64));
    }
    next = last + 1;
  }
  const int tables = CountFiles(data, ".sst");
  std::cout << "store kill test: seed " << seed << ", " << kills << " kills, " << next - 1
            << " acknowledged writes, up to " << most_logs << " logs after a kill, " << tables
            << " table files" << std::endl;
  CHECK(tables > 0);  // Flushes did run between the kills.
}

}  // namespace gongkai::test
