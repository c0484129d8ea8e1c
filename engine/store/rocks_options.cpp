#include "engine/store/rocks_options.h"

#include <rocksdb/filter_policy.h>
#include <rocksdb/merge_operator.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>

#include <memory>

#include "engine/keys.h"
#include "engine/store.h"

namespace gongkai::rocks_internal {
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

// Request ids begin with the agency's 6-digit code (210300-2024-000123).
constexpr size_t kAgencyCodeBytes = 6;

rocksdb::ColumnFamilyOptions TableOptions(Table table, uint64_t memtable_bytes) {
  rocksdb::ColumnFamilyOptions options;
  options.OptimizeLevelStyleCompaction();
  // Most lookups of a new command miss (a new idempotency key, a new
  // request): bloom filters answer those without reading the tables.
  rocksdb::BlockBasedTableOptions tables;
  tables.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(tables));
  // The log is flushed every max_total_wal_size (DatabaseOptions), long
  // before a memtable of this size fills; a smaller one is cheaper to make.
  options.write_buffer_size = memtable_bytes;
  // A memtable bloom filter is allocated and zeroed whole on the writer's
  // thread each time the memtables switch (every 64 MiB of log): only the
  // tables a new command looks up and mostly misses have one.
  if (table == Table::kIdempotency || table == Table::kRequests) {
    options.memtable_whole_key_filtering = true;
    options.memtable_prefix_bloom_size_ratio = 0.02;
  }
  if (table == Table::kSearch) {
    // A request's postings go to many lists, each next to the list's last
    // posting (newest first): a hint per list (the 7-byte prefix, field and
    // bigram) spares most of the memtable's search for the place.
    options.memtable_insert_with_hint_prefix_extractor.reset(
        rocksdb::NewFixedPrefixTransform(kSearchPrefixBytes));
  }
  // A new request's id is the last of its agency's (the 6-digit code
  // begins it), and audit records come in sequence: their inserts land
  // next to the previous one of the same agency (or the previous record),
  // which a hint per agency finds without a search from the top.
  if (table == Table::kRequests || table == Table::kEvents || table == Table::kApplicants) {
    options.memtable_insert_with_hint_prefix_extractor.reset(
        rocksdb::NewFixedPrefixTransform(kAgencyCodeBytes));
  }
  if (table == Table::kAudit) {
    options.memtable_insert_with_hint_prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(0));
  }
  if (table == Table::kCounters) {
    options.merge_operator = std::make_shared<CounterAddOperator>();
    // Sums long chains of additions as they are written.
    options.max_successive_merges = 64;
  }
  return options;
}

}  // namespace

rocksdb::DBOptions DatabaseOptions() {
  rocksdb::DBOptions options;
  options.create_if_missing = false;  // Only Create() makes a database.
  options.create_missing_column_families = false;
  options.paranoid_checks = true;
  // A torn last record (a write a crash cut off before its sync returned)
  // is dropped; any other damage to the log refuses the open.
  options.wal_recovery_mode = rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords;
  options.track_and_verify_wals_in_manifest = true;
  options.IncreaseParallelism(2);
  // All memtables together stay under this (the daemon's memory is bounded
  // whatever the number of requests stored).
  options.db_write_buffer_size = 256 << 20;
  // Memtables are flushed before the log grows past this, which bounds the
  // log a start after a crash replays.
  options.max_total_wal_size = 64 << 20;
  // Tables being flushed or compacted are written out a megabyte at a time,
  // so a log sync never waits behind a burst of their dirty pages.
  options.bytes_per_sync = 1 << 20;
  // Flushes and compactions yield the processor and the disk to the
  // writer, whose log syncs acknowledge commands.
  options.env->LowerThreadPoolCPUPriority(rocksdb::Env::Priority::LOW, rocksdb::CpuPriority::kLow);
  options.env->LowerThreadPoolCPUPriority(rocksdb::Env::Priority::HIGH, rocksdb::CpuPriority::kLow);
  options.env->LowerThreadPoolIOPriority(rocksdb::Env::Priority::LOW);
  return options;
}

std::vector<rocksdb::ColumnFamilyDescriptor> Descriptors(uint64_t memtable_bytes) {
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (int i = 0; i < kTableCount; ++i) {
    descriptors.emplace_back(TableName(Table(i)), TableOptions(Table(i), memtable_bytes));
  }
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions());
  return descriptors;
}

}  // namespace gongkai::rocks_internal
