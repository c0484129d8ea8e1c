#include "engine/store.h"

#include <cstring>

namespace gongkai {

const char* TableName(Table table) {
  switch (table) {
    case Table::kEvents:
      return "events";
    case Table::kRequests:
      return "requests";
    case Table::kApplicants:
      return "applicants";
    case Table::kDeadlines:
      return "deadlines";
    case Table::kAlerts:
      return "alerts";
    case Table::kCounters:
      return "counters";
    case Table::kIdempotency:
      return "idempotency";
    case Table::kMeta:
      return "meta";
    case Table::kPrincipals:
      return "principals";
    case Table::kAudit:
      return "audit";
    case Table::kRetention:
      return "retention";
    case Table::kSearch:
      return "search";
    case Table::kDueDates:
      return "due_dates";
  }
  return "unknown";
}

void WriteSet::Put(Table table, std::string key, std::string value) {
  ops_.push_back({WriteOp::Kind::kPut, table, std::move(key), std::move(value), 0});
}

void WriteSet::Delete(Table table, std::string key) {
  ops_.push_back({WriteOp::Kind::kDelete, table, std::move(key), "", 0});
}

void WriteSet::AddCounter(std::string key, int64_t delta) {
  ops_.push_back({WriteOp::Kind::kAddCounter, Table::kCounters, std::move(key), "", delta});
}

void WriteSet::Append(const WriteSet& other) {
  ops_.insert(ops_.end(), other.ops_.begin(), other.ops_.end());
}

void WriteSet::Append(WriteSet&& other) {
  if (ops_.empty()) {
    ops_ = std::move(other.ops_);
  } else {
    ops_.insert(ops_.end(), std::make_move_iterator(other.ops_.begin()),
                std::make_move_iterator(other.ops_.end()));
  }
  other.ops_.clear();
}

std::string EncodeCounter(int64_t value) {
  std::string bytes(8, '\0');
  uint64_t bits = static_cast<uint64_t>(value);
  for (int i = 0; i < 8; ++i) bytes[i] = char((bits >> (8 * i)) & 0xff);
  return bytes;
}

int64_t DecodeCounter(std::string_view bytes) {
  if (bytes.size() != 8) return 0;
  uint64_t bits = 0;
  for (int i = 7; i >= 0; --i) bits = (bits << 8) | static_cast<unsigned char>(bytes[i]);
  return static_cast<int64_t>(bits);
}

namespace {

class ScanCursor final : public StoreReader::Cursor {
 public:
  ScanCursor(const StoreReader& reader, Table table) : reader_(reader), table_(table) {}
  StatusOr<bool> Seek(std::string_view prefix, std::string_view start) override {
    prefix_.assign(prefix);
    bool found = false;
    GONGKAI_RETURN_IF_ERROR(
        reader_.Scan(table_, prefix, start, [&](std::string_view key, std::string_view value) {
          key_.assign(key);
          value_.assign(value);
          found = true;
          return false;
        }));
    return found;
  }
  StatusOr<bool> Next() override {
    const std::string after = key_ + '\0';
    return Seek(std::string(prefix_), after);
  }
  std::string_view key() const override { return key_; }
  std::string_view value() const override { return value_; }

 private:
  const StoreReader& reader_;
  const Table table_;
  std::string prefix_, key_, value_;
};

}  // namespace

std::unique_ptr<StoreReader::Cursor> StoreReader::NewCursor(Table table) const {
  return std::make_unique<ScanCursor>(*this, table);
}

uint64_t StoreReader::ApproximateSize(Table table, std::string_view prefix) const {
  constexpr uint64_t kCap = 100000;
  uint64_t keys = 0;
  (void)Scan(table, prefix, "", [&](std::string_view, std::string_view) { return ++keys < kCap; });
  return keys;
}

}  // namespace gongkai
