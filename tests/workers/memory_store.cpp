#include "tests/workers/memory_store.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace gongkai::test {

StatusOr<std::optional<std::string>> MemoryStore::Get(Table table, std::string_view key) {
  std::lock_guard<std::mutex> lock(mutex_);
  const TableMap& map = tables_[size_t(table)];
  auto it = map.find(key);
  if (it == map.end()) return std::optional<std::string>();
  return std::optional<std::string>(it->second);
}

Status MemoryStore::Scan(Table table, std::string_view prefix, std::string_view start,
                         const Visitor& visit) {
  std::vector<std::pair<std::string, std::string>> matching;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const TableMap& map = tables_[size_t(table)];
    const std::string_view seek = std::max(prefix, start);
    for (auto it = map.lower_bound(seek); it != map.end(); ++it) {
      if (std::string_view(it->first).substr(0, prefix.size()) != prefix) break;
      matching.emplace_back(it->first, it->second);
    }
  }
  for (const auto& [key, value] : matching) {
    if (!visit(key, value)) break;
  }
  return OkStatus();
}

Status MemoryStore::Write(const WriteSet& writes, bool sync) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++writes_;
  if (sync) ++synced_writes_;
  if (fail_next_) {
    std::string message = std::move(*fail_next_);
    fail_next_.reset();
    return UnavailableError(message);
  }
  for (const WriteOp& op : writes.ops()) {
    TableMap& map = tables_[size_t(op.table)];
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

void MemoryStore::ResetCounts() {
  std::lock_guard<std::mutex> lock(mutex_);
  writes_ = 0;
  synced_writes_ = 0;
}

MemoryStore::TableMap MemoryStore::Raw(Table table) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return tables_[size_t(table)];
}

std::array<MemoryStore::TableMap, kTableCount> MemoryStore::Snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return tables_;
}

size_t MemoryStore::Size(Table table) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return tables_[size_t(table)].size();
}

void MemoryStore::PutRaw(Table table, std::string key, std::string value) {
  std::lock_guard<std::mutex> lock(mutex_);
  tables_[size_t(table)].insert_or_assign(std::move(key), std::move(value));
}

void MemoryStore::EraseRaw(Table table, std::string_view key) {
  std::lock_guard<std::mutex> lock(mutex_);
  TableMap& map = tables_[size_t(table)];
  if (auto it = map.find(key); it != map.end()) map.erase(it);
}

}  // namespace gongkai::test
