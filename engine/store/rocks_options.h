// How gongkai's database is tuned in RocksDB: the options of the database
// and of each table (column family), shared by RocksStore's Create and Open
// so that a database is always opened as it was made. Internal to
// gongkai_store.
//
// Thread safety: the functions build fresh values; call from any thread.
#ifndef GONGKAI_ENGINE_STORE_ROCKS_OPTIONS_H_
#define GONGKAI_ENGINE_STORE_ROCKS_OPTIONS_H_

#include <rocksdb/db.h>
#include <rocksdb/options.h>

#include <cstdint>
#include <vector>

namespace gongkai::rocks_internal {

// The database's options (recovery mode, memory bound, background work);
// create_if_missing is false: only RocksStore::Create makes a database.
rocksdb::DBOptions DatabaseOptions();
// One descriptor per Table (engine/store.h) with its options, each with a
// memtable of `memtable_bytes` (RocksStoreOptions), then the default column
// family RocksDB requires.
std::vector<rocksdb::ColumnFamilyDescriptor> Descriptors(uint64_t memtable_bytes);

}  // namespace gongkai::rocks_internal

#endif  // GONGKAI_ENGINE_STORE_ROCKS_OPTIONS_H_
