// A check RocksDB does not make: whether a write-ahead log it would read
// without complaint hides intact records after a point where it stops
// (a damaged log in the middle, not a write cut off by a crash). Internal
// to gongkai_store; RocksStore::Open refuses such a log. Also the one
// listing of a directory's logs (WriteAheadLogs).
//
// Thread safety: reads the files given; call from any thread.
#ifndef GONGKAI_ENGINE_STORE_ROCKS_LOG_CHECK_H_
#define GONGKAI_ENGINE_STORE_ROCKS_LOG_CHECK_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace gongkai::rocks_internal {

// RocksDB (WALRecoveryMode::kTolerateCorruptedTailRecords) stops reading a
// log without a word where a record in the file's last, partial block
// claims more bytes than the file has, taking it for a write cut off by a
// crash; and it skips the rest of a block without a word from a zeroed
// header. A crash only ever cuts off the end of a log, so
// an intact record after such a point means the log was damaged in the
// middle, and what follows (acknowledged changes) would be dropped. The
// offset of the first such record in the file at `path`, if any; damage
// RocksDB reports itself (a checksum mismatch, a bad length in a full
// block) is left to it.
std::optional<uint64_t> SilentlySkippedRecord(const std::string& path);

// The write-ahead logs in `directory` (regular files named <digits>.log, as
// RocksDB names them), path by number, oldest first; nullopt when the
// directory cannot be listed.
std::optional<std::map<uint64_t, std::string>> WriteAheadLogs(const std::string& directory);

}  // namespace gongkai::rocks_internal

#endif  // GONGKAI_ENGINE_STORE_ROCKS_LOG_CHECK_H_
