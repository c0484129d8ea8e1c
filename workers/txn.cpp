#include "workers/txn.h"

namespace gongkai {
namespace {

void Record(std::array<std::map<std::string, std::optional<std::string>>, kTableCount>& overlay,
            const WriteOp& op) {
  if (op.kind == WriteOp::Kind::kPut) overlay[size_t(op.table)][op.key] = op.value;
  if (op.kind == WriteOp::Kind::kDelete) overlay[size_t(op.table)][op.key] = std::nullopt;
}

}  // namespace

std::optional<std::optional<std::string>> PendingGroup::Pending(Table table,
                                                                const std::string& key) const {
  const auto& map = overlay_[size_t(table)];
  auto it = map.find(key);
  if (it == map.end()) return std::nullopt;
  return it->second;
}

void PendingGroup::Absorb(const WriteSet& writes) {
  for (const auto& op : writes.ops()) {
    if (op.kind == WriteOp::Kind::kAddCounter) {
      counters_[op.key] += op.delta;
    } else {
      Record(overlay_, op);
    }
  }
}

void PendingGroup::AbsorbUnread(WriteSet&& writes) { unread_.Append(std::move(writes)); }

bool PendingGroup::empty() const {
  if (!counters_.empty() || !unread_.empty()) return false;
  for (const auto& map : overlay_) {
    if (!map.empty()) return false;
  }
  return true;
}

WriteSet PendingGroup::Collect() const {
  WriteSet writes;
  for (int table = 0; table < kTableCount; ++table) {
    for (const auto& [key, value] : overlay_[size_t(table)]) {
      if (value) {
        writes.Put(Table(table), key, *value);
      } else {
        writes.Delete(Table(table), key);
      }
    }
  }
  for (const auto& [key, delta] : counters_) {
    if (delta != 0) writes.AddCounter(key, delta);
  }
  writes.Append(unread_);
  return writes;
}

std::vector<std::string> PendingGroup::PendingKeys(Table table) const {
  std::vector<std::string> keys;
  for (const auto& [key, value] : overlay_[size_t(table)]) {
    if (value.has_value()) keys.push_back(key);
  }
  return keys;
}

void PendingGroup::Clear() {
  counters_.clear();
  unread_.clear();
  for (auto& map : overlay_) map.clear();
}

StatusOr<std::optional<std::string>> Txn::Get(Table table, const std::string& key) {
  const auto& own = overlay_[size_t(table)];
  if (auto it = own.find(key); it != own.end()) return it->second;
  if (auto pending = group_.Pending(table, key)) return *pending;
  return group_.store().Get(table, key);
}

void Txn::Put(Table table, std::string key, std::string value) {
  overlay_[size_t(table)][key] = value;
  writes_.Put(table, std::move(key), std::move(value));
}

void Txn::Delete(Table table, std::string key) {
  overlay_[size_t(table)][key] = std::nullopt;
  writes_.Delete(table, std::move(key));
}

}  // namespace gongkai
