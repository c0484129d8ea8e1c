#include "tests/workers/memory_store.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "engine/keys.h"

namespace gongkai::test {
namespace {

using AllTables = MemoryStore::AllTables;

StatusOr<std::optional<std::string>> GetFrom(const AllTables& tables, Table table,
                                             std::string_view key) {
  const MemoryStore::TableMap& map = tables[size_t(table)];
  auto it = map.find(key);
  if (it == map.end()) return std::optional<std::string>();
  return std::optional<std::string>(it->second);
}

// The matching entries, copied so that `visit` may call back into the store.
std::vector<std::pair<std::string, std::string>> Matching(const AllTables& tables, Table table,
                                                          std::string_view prefix,
                                                          std::string_view start) {
  std::vector<std::pair<std::string, std::string>> matching;
  const MemoryStore::TableMap& map = tables[size_t(table)];
  const std::string_view seek = std::max(prefix, start);
  for (auto it = map.lower_bound(seek); it != map.end(); ++it) {
    if (std::string_view(it->first).substr(0, prefix.size()) != prefix) break;
    matching.emplace_back(it->first, it->second);
  }
  return matching;
}

Status Visit(const std::vector<std::pair<std::string, std::string>>& matching,
             const StoreReader::Visitor& visit) {
  for (const auto& [key, value] : matching) {
    if (!visit(key, value)) break;
  }
  return OkStatus();
}

class MemorySnapshot final : public StoreReader {
 public:
  explicit MemorySnapshot(std::shared_ptr<const AllTables> tables) : tables_(std::move(tables)) {}
  StatusOr<std::optional<std::string>> Get(Table table, std::string_view key) const override {
    return GetFrom(*tables_, table, key);
  }
  Status Scan(Table table, std::string_view prefix, std::string_view start,
              const Visitor& visit) const override {
    return Visit(Matching(*tables_, table, prefix, start), visit);
  }

 private:
  std::shared_ptr<const AllTables> tables_;
};

}  // namespace

MemoryStore::MemoryStore() : tables_(std::make_shared<AllTables>()) {}

StatusOr<std::optional<std::string>> MemoryStore::Get(Table table, std::string_view key) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return GetFrom(*tables_, table, key);
}

Status MemoryStore::Scan(Table table, std::string_view prefix, std::string_view start,
                         const Visitor& visit) const {
  std::vector<std::pair<std::string, std::string>> matching;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    matching = Matching(*tables_, table, prefix, start);
  }
  return Visit(matching, visit);
}

std::shared_ptr<const StoreReader> MemoryStore::Snapshot() {
  std::lock_guard<std::mutex> lock(mutex_);
  return std::make_shared<MemorySnapshot>(tables_);
}

Status MemoryStore::Write(const WriteSet& writes, bool sync) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++writes_;
  if (sync) ++synced_writes_;
  const bool audit_only =
      std::all_of(writes.ops().begin(), writes.ops().end(), [](const WriteOp& op) {
        return op.table == Table::kAudit ||
               (op.table == Table::kMeta && op.key == kMetaAuditSequence);
      });
  if (audit_only && !writes.empty()) ++audit_only_writes_;
  if (fail_next_) {
    std::string message = std::move(*fail_next_);
    fail_next_.reset();
    return UnavailableError(message);
  }
  // A snapshot holds the old tables: write into a copy.
  if (tables_.use_count() > 1) tables_ = std::make_shared<AllTables>(*tables_);
  for (const WriteOp& op : writes.ops()) {
    TableMap& map = (*tables_)[size_t(op.table)];
    switch (op.kind) {
      case WriteOp::Kind::kPut:
        map.insert_or_assign(op.key, op.value);
        break;
      case WriteOp::Kind::kDelete:
        if (auto it = map.find(op.key); it != map.end()) map.erase(it);
        break;
      case WriteOp::Kind::kAddCounter: {
        // As RocksStore's merge operator: decode (0 when absent), add,
        // encode; a total of zero stays stored.
        auto it = map.find(op.key);
        const int64_t before = it == map.end() ? 0 : DecodeCounter(it->second);
        map.insert_or_assign(op.key, EncodeCounter(before + op.delta));
        break;
      }
    }
  }
  return OkStatus();
}

void MemoryStore::FailNextWrite(std::string message) {
  std::lock_guard<std::mutex> lock(mutex_);
  fail_next_ = std::move(message);
}

int MemoryStore::writes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return writes_;
}

int MemoryStore::synced_writes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return synced_writes_;
}

int MemoryStore::change_writes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return writes_ - audit_only_writes_;
}

void MemoryStore::ResetCounts() {
  std::lock_guard<std::mutex> lock(mutex_);
  writes_ = 0;
  synced_writes_ = 0;
  audit_only_writes_ = 0;
}

MemoryStore::TableMap MemoryStore::Raw(Table table) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return (*tables_)[size_t(table)];
}

MemoryStore::AllTables MemoryStore::Tables() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return *tables_;
}

size_t MemoryStore::Size(Table table) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return (*tables_)[size_t(table)].size();
}

void MemoryStore::PutRaw(Table table, std::string key, std::string value) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (tables_.use_count() > 1) tables_ = std::make_shared<AllTables>(*tables_);
  (*tables_)[size_t(table)].insert_or_assign(std::move(key), std::move(value));
}

void MemoryStore::EraseRaw(Table table, std::string_view key) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (tables_.use_count() > 1) tables_ = std::make_shared<AllTables>(*tables_);
  TableMap& map = (*tables_)[size_t(table)];
  if (auto it = map.find(key); it != map.end()) map.erase(it);
}

}  // namespace gongkai::test
