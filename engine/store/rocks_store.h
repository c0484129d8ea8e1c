// RocksStore: the Store on an embedded RocksDB directory, one column family
// per Table, counters summed by a merge operator. This is the one adapter
// that calls RocksDB: its errors become Status values here.
//
// Durability: Write(sync=true) returns after the WAL is fsynced (RocksDB
// WriteOptions::sync), so an acknowledged write survives a process kill and
// power loss; Write(sync=false) survives a process kill only.
//
// Thread safety: as rocksdb::DB: concurrent reads and writes are safe.
#ifndef GONGKAI_ENGINE_STORE_ROCKS_STORE_H_
#define GONGKAI_ENGINE_STORE_ROCKS_STORE_H_

#include <memory>
#include <string>

#include "engine/store.h"

namespace gongkai {

class RocksStore final : public Store {
 public:
  // Opens (creating when absent) the database in `directory`. Errors:
  // unavailable when the directory is locked by another process or cannot
  // be created; internal for corruption.
  static StatusOr<std::unique_ptr<RocksStore>> Open(const std::string& directory);
  ~RocksStore() override;

  StatusOr<std::optional<std::string>> Get(Table table, std::string_view key) override;
  Status Scan(Table table, std::string_view prefix, std::string_view start,
              const Visitor& visit) override;
  Status Write(const WriteSet& writes, bool sync) override;

 private:
  struct Impl;
  explicit RocksStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gongkai

#endif  // GONGKAI_ENGINE_STORE_ROCKS_STORE_H_
