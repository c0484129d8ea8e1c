#include "engine/store/rocks_store.h"

#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/merge_operator.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <filesystem>
#include <vector>

namespace gongkai {
namespace {

// Sums 8-byte little-endian signed counters.
class CounterAddOperator final : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice&, const rocksdb::Slice* existing_value,
             const rocksdb::Slice& value, std::string* new_value, rocksdb::Logger*) const override {
    int64_t total = existing_value ? DecodeCounter(existing_value->ToStringView()) : 0;
    total += DecodeCounter(value.ToStringView());
    *new_value = EncodeCounter(total);
    return true;
  }
  const char* Name() const override { return "gongkai.CounterAdd"; }
};

Status FromRocks(const rocksdb::Status& status, const std::string& what) {
  if (status.ok()) return OkStatus();
  const std::string message = what + ": " + status.ToString();
  if (status.IsIOError() || status.IsBusy() || status.IsTimedOut() || status.IsTryAgain()) {
    return UnavailableError(message);
  }
  return InternalError(message);
}

rocksdb::ColumnFamilyOptions TableOptions(Table table) {
  rocksdb::ColumnFamilyOptions options;
  options.OptimizeLevelStyleCompaction();
  // Most lookups of a new command miss (a new idempotency key, a new
  // request): bloom filters answer those without reading the tables.
  rocksdb::BlockBasedTableOptions tables;
  tables.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(tables));
  options.memtable_whole_key_filtering = true;
  options.memtable_prefix_bloom_size_ratio = 0.05;
  if (table == Table::kCounters) {
    options.merge_operator = std::make_shared<CounterAddOperator>();
    // Sums long chains of additions as they are written.
    options.max_successive_merges = 64;
  }
  return options;
}

}  // namespace

struct RocksStore::Impl {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;  // Index: Table; [kTableCount] default.

  rocksdb::ColumnFamilyHandle* Handle(Table table) { return handles[size_t(table)]; }

  ~Impl() {
    // A clean stop leaves nothing in the log to replay at the next start.
    if (db) (void)db->Flush(rocksdb::FlushOptions(), handles);
    for (auto* handle : handles) {
      if (db && handle != nullptr) (void)db->DestroyColumnFamilyHandle(handle);
    }
    if (db) (void)db->Close();
  }
};

StatusOr<std::unique_ptr<RocksStore>> RocksStore::Open(const std::string& directory) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) {
    return UnavailableError("cannot create the data directory " + directory + ": " +
                            error.message());
  }
  rocksdb::DBOptions options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  options.IncreaseParallelism(2);
  // All memtables together stay under this (the daemon's memory is bounded
  // whatever the number of requests stored).
  options.db_write_buffer_size = 256 << 20;
  // Memtables are flushed before the log grows past this, which bounds the
  // log a start after a crash replays.
  options.max_total_wal_size = 64 << 20;
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (int i = 0; i < kTableCount; ++i) {
    descriptors.emplace_back(TableName(Table(i)), TableOptions(Table(i)));
  }
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions());
  auto impl = std::make_unique<Impl>();
  rocksdb::DB* db = nullptr;
  rocksdb::Status status = rocksdb::DB::Open(options, directory, descriptors, &impl->handles, &db);
  if (!status.ok()) {
    if (status.IsIOError() && status.ToString().find("lock") != std::string::npos) {
      return UnavailableError("the data directory " + directory +
                              " is in use by another process (" + status.ToString() + ")");
    }
    return FromRocks(status, "cannot open the data directory " + directory);
  }
  impl->db.reset(db);
  return std::unique_ptr<RocksStore>(new RocksStore(std::move(impl)));
}

RocksStore::RocksStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RocksStore::~RocksStore() = default;

StatusOr<std::optional<std::string>> RocksStore::Get(Table table, std::string_view key) {
  std::string value;
  rocksdb::Status status =
      impl_->db->Get(rocksdb::ReadOptions(), impl_->Handle(table), rocksdb::Slice(key), &value);
  if (status.IsNotFound()) return std::optional<std::string>();
  if (!status.ok()) return FromRocks(status, std::string("reading ") + TableName(table));
  return std::optional<std::string>(std::move(value));
}

Status RocksStore::Scan(Table table, std::string_view prefix, std::string_view start,
                        const Visitor& visit) {
  std::unique_ptr<rocksdb::Iterator> it(
      impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->Handle(table)));
  const std::string seek = std::max(std::string(prefix), std::string(start));
  for (it->Seek(seek); it->Valid(); it->Next()) {
    const std::string_view key = it->key().ToStringView();
    if (key.substr(0, prefix.size()) != prefix) break;
    if (!visit(key, it->value().ToStringView())) break;
  }
  return FromRocks(it->status(), std::string("scanning ") + TableName(table));
}

Status RocksStore::Write(const WriteSet& writes, bool sync) {
  rocksdb::WriteBatch batch;
  for (const WriteOp& op : writes.ops()) {
    rocksdb::Status status;
    auto* handle = impl_->Handle(op.table);
    switch (op.kind) {
      case WriteOp::Kind::kPut:
        status = batch.Put(handle, op.key, op.value);
        break;
      case WriteOp::Kind::kDelete:
        status = batch.Delete(handle, op.key);
        break;
      case WriteOp::Kind::kAddCounter:
        status = batch.Merge(handle, op.key, EncodeCounter(op.delta));
        break;
    }
    if (!status.ok()) return FromRocks(status, "preparing a write");
  }
  rocksdb::WriteOptions options;
  options.sync = sync;
  return FromRocks(impl_->db->Write(options, &batch), "writing");
}

}  // namespace gongkai
