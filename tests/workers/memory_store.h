// MemoryStore: an in-memory fake of gongkai::Store for the worker tests.
// One std::map per Table; counters are summed like RocksStore's merge
// operator (8-byte little-endian int64, a missing counter reads as 0 before
// the add); Scan visits keys in order from max(prefix, start) while they
// start with `prefix`, as RocksStore does; Snapshot() sees the tables as
// they were, copy on write.
//
// Test hooks: FailNextWrite() makes the next Write return unavailable
// without applying anything; writes() and synced_writes() count the Write
// calls (failed ones included), so a test can assert "nothing was written"
// or "one synced write per group"; change_writes() leaves out the writes of
// the audit log alone, which the ledger makes whenever it is idle (so at
// moments a test does not control). Raw(), PutRaw() and EraseRaw() reach past
// the interface to corrupt the data on purpose; they are not counted.
//
// Thread safety: every member takes one mutex, so a server thread may write
// while the test thread reads the counters. Scan visits a copy of the
// matching entries, so `visit` may call back into the store.
#ifndef GONGKAI_TESTS_WORKERS_MEMORY_STORE_H_
#define GONGKAI_TESTS_WORKERS_MEMORY_STORE_H_

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "engine/store.h"

namespace gongkai::test {

class MemoryStore final : public Store {
 public:
  using TableMap = std::map<std::string, std::string, std::less<>>;

  MemoryStore();
  StatusOr<std::optional<std::string>> Get(Table table, std::string_view key) const override;
  Status Scan(Table table, std::string_view prefix, std::string_view start,
              const Visitor& visit) const override;
  Status Write(const WriteSet& writes, bool sync) override;
  // Copy on write: a snapshot shares the tables until the next write.
  std::shared_ptr<const StoreReader> Snapshot() override;

  // The next Write (only that one) fails with unavailable and changes
  // nothing.
  void FailNextWrite(std::string message = "injected write failure (MemoryStore)");

  // Write calls so far, and how many of them asked for sync.
  int writes() const;
  int synced_writes() const;
  // Write calls that touch more than the audit log (Table::kAudit and its
  // sequence in Table::kMeta).
  int change_writes() const;
  // Starts the counts again (after a ledger's opening writes, say).
  void ResetCounts();

  // A copy of one table, for before/after comparisons.
  TableMap Raw(Table table) const;
  // Every table, in Table order.
  using AllTables = std::array<TableMap, kTableCount>;
  AllTables Tables() const;
  size_t Size(Table table) const;
  // Direct edits that bypass Write (not counted).
  void PutRaw(Table table, std::string key, std::string value);
  void EraseRaw(Table table, std::string_view key);

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<AllTables> tables_;
  std::optional<std::string> fail_next_;
  int writes_ = 0;
  int synced_writes_ = 0;
  int audit_only_writes_ = 0;
};

}  // namespace gongkai::test

#endif  // GONGKAI_TESTS_WORKERS_MEMORY_STORE_H_
