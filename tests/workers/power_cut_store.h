// PowerCutStore: a Store decorator over a MemoryStore that models what a
// power cut leaves of a RocksStore (engine/store.h, "Durability"). The
// state as of the last synced write is durable; the unsynced writes after
// it are volatile, kept in order (as in a write-ahead log, a synced write
// makes every write before it durable too). PowerCut() forgets the volatile
// writes (or keeps a prefix of them: the part of the log the system had
// written out by itself) and makes the store as the next start would find
// it.
//
// A cut can be armed to strike at a coming write:
//   kDuring: the write is neither applied nor acknowledged (Write returns
//            unavailable), as a crash before the log reached the disk;
//   kAfter:  the write is applied and synced, but the power goes before the
//            caller hears of it (Write returns OK; the test must treat
//            whatever the caller answers then as never delivered).
// Once the power is off, every Write is refused (unavailable) and applies
// nothing until PowerCut(); reads still answer (from what the dead process
// had in memory), so a test may finish the group that was running.
//
// Thread safety: every member takes one mutex; snapshots are MemoryStore
// snapshots (independent of the store once taken).
#ifndef GONGKAI_TESTS_WORKERS_POWER_CUT_STORE_H_
#define GONGKAI_TESTS_WORKERS_POWER_CUT_STORE_H_

#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/store.h"
#include "tests/workers/memory_store.h"

namespace gongkai::test {

class PowerCutStore final : public Store {
 public:
  enum class CutMode { kDuring, kAfter };

  PowerCutStore();

  StatusOr<std::optional<std::string>> Get(Table table, std::string_view key) const override;
  Status Scan(Table table, std::string_view prefix, std::string_view start,
              const Visitor& visit) const override;
  Status Write(const WriteSet& writes, bool sync) override;
  std::shared_ptr<const StoreReader> Snapshot() override;

  // The power goes at the `nth` Write from now (1: the next one), in `mode`.
  void ArmCut(int nth, CutMode mode);
  void Disarm();
  // True once an armed cut struck (the power is off).
  bool power_off() const;
  // Forgets the volatile writes but the first `surviving_unsynced` of them,
  // disarms, and turns the power on again: reads and writes see the state a
  // restart would find.
  void PowerCut(size_t surviving_unsynced = 0);

  // Unsynced writes since the last synced one (what a cut now may lose).
  size_t volatile_writes() const;
  // Write calls that applied something, synced or not; and the cuts so far.
  int applied_writes() const;
  int cuts() const;
  // The durable state (what PowerCut(0) would leave), for checks.
  MemoryStore::AllTables Durable() const;

 private:
  mutable std::mutex mutex_;
  std::unique_ptr<MemoryStore> live_;  // What the running process reads.
  MemoryStore durable_;                // As of the last synced write.
  std::vector<WriteSet> volatile_;     // Unsynced writes after it, in order.
  std::optional<int> cut_in_;          // Writes until the armed cut.
  CutMode cut_mode_ = CutMode::kDuring;
  bool power_off_ = false;
  int applied_ = 0;
  int cuts_ = 0;
};

}  // namespace gongkai::test

#endif  // GONGKAI_TESTS_WORKERS_POWER_CUT_STORE_H_
