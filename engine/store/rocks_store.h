// RocksStore: the Store on an embedded RocksDB directory, one column family
// per Table, counters summed by a merge operator. This is the one adapter
// that calls RocksDB: its errors become Status values here, and the detail
// of a failure (file names, system errors) goes to the log, never into a
// Status a client sees.
//
// Creation: only Create() (gongkaid init) makes a database. Open() refuses
// (failed_precondition, saying what to do) a directory that is missing,
// empty, foreign (not a gongkai database) or readable by other users (it
// must be mode 0700), and a damaged database: a missing CURRENT file, a
// truncated MANIFEST, a write-ahead log that cannot be replayed to its end
// (WALRecoveryMode::kTolerateCorruptedTailRecords: only an incomplete last
// record, a write cut off by a crash before it was acknowledged, is
// dropped; any other damage refuses the open, including damage RocksDB
// would take for such a record: a log with intact records after the point
// where RocksDB would stop reading it). A MANIFEST is refused when it is
// shorter than its length recorded in the data directory (the file
// GONGKAI-MANIFEST-SEAL, rewritten at a clean stop, at each read-write open
// and after each flush): RocksDB would read it as an older
// state and delete the newer tables. So is a directory without the newest
// write-ahead log that record names (RocksDB would open without the
// changes since the last flush). It never creates or repairs a database
// by itself.
//
// Durability: Write(sync=true) returns after the WAL is fsynced (RocksDB
// WriteOptions::sync), so an acknowledged write survives a process kill and
// power loss; Write(sync=false) survives a process kill only.
//
// Failure while serving (as leveldb's background error): after a failed
// write or sync (unavailable), or a checksum mismatch found by any read
// (internal: retrying does not help), Write() refuses every later write
// until the process restarts; reads go on.
// A full disk is different: writes are refused while the free space is
// below `disk_reserve_bytes` (or after RocksDB ran out of space) and resume
// by themselves once space is freed. Open() on a disk that is already full
// opens the database read-only.
//
// Thread safety: as rocksdb::DB: concurrent reads, snapshots and one writer.
#ifndef GONGKAI_ENGINE_STORE_ROCKS_STORE_H_
#define GONGKAI_ENGINE_STORE_ROCKS_STORE_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "engine/store.h"

namespace gongkai {

struct RocksStoreOptions {
  // Writes are refused while the file system holding the data has less
  // free space than this (the headroom RocksDB needs to flush, compact and
  // start again).
  uint64_t disk_reserve_bytes = uint64_t{64} << 20;
  // Open read-only whatever the free space (for tools that only read).
  bool read_only = false;
  // Each table's memtable: flushed into a table file once this full (and
  // all of them once the log passes 64 MiB). Smaller means more and smaller
  // flushes; tests use that to make flushes frequent.
  uint64_t memtable_bytes = uint64_t{32} << 20;
};

class RocksStore final : public Store {
 public:
  // Creates a new, empty database in `directory`, which must not exist or
  // be empty; the directory is made mode 0700. failed_precondition when it
  // holds anything; unavailable when it cannot be written.
  [[nodiscard]] static Status Create(const std::string& directory);
  static StatusOr<std::unique_ptr<RocksStore>> Open(const std::string& directory,
                                                    RocksStoreOptions options = {});
  ~RocksStore() override;

  StatusOr<std::optional<std::string>> Get(Table table, std::string_view key) const override;
  Status Scan(Table table, std::string_view prefix, std::string_view start,
              const Visitor& visit) const override;
  std::unique_ptr<Cursor> NewCursor(Table table) const override;
  uint64_t ApproximateSize(Table table, std::string_view prefix) const override;
  Status Write(const WriteSet& writes, bool sync) override;
  std::shared_ptr<const StoreReader> Snapshot() override;

  // True when opened read-only (asked, or the disk was full).
  bool read_only() const;
  // OK while writes are accepted; otherwise why not (the Status Write would
  // return now, without trying).
  Status WriteHealth() const;
  // Reads every table in full verifying each block's checksum (gongkaid
  // does it in the background at start). internal on a mismatch, which also
  // makes the store refuse writes from then on; cancelled (OK) as soon as
  // `*stop` is set.
  // Flushes and compacts every table to its last level, waiting until done
  // (for bulk loads: what is served next needs no background compaction).
  [[nodiscard]] Status CompactAll();
  [[nodiscard]] Status VerifyChecksums(const std::atomic<bool>* stop = nullptr);
  // Makes a consistent copy of the database in `directory` (which must not
  // exist, nor `directory`.tmp, where RocksDB stages the copy and which it
  // empties first), on the same file system with hard links where it can
  // (RocksDB's checkpoint: the memtables are flushed, then the files are
  // linked or copied), while writes go on. Any thread. unavailable when it
  // cannot be written (the detail, which names the data directory, goes to
  // the log only); RocksDB removes what it staged. The copy holds the
  // record of its MANIFEST's length, so a restored copy is checked too.
  [[nodiscard]] Status Checkpoint(const std::string& directory);
  // The data directory, as given to Open (never for a client's eyes).
  const std::string& directory() const;

  struct Impl;

 private:
  explicit RocksStore(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;  // Shared with the snapshots, which outlive nothing of it.
};

}  // namespace gongkai

#endif  // GONGKAI_ENGINE_STORE_ROCKS_STORE_H_
