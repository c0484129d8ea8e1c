// A check RocksDB does not make: whether the MANIFEST (the log of which
// table files and write-ahead logs make up the database) lost edits at its
// end. Internal to gongkai_store; RocksStore writes the seal and refuses a
// database that fails the check.
//
// Why: RocksDB reads the MANIFEST as it reads a write-ahead log, taking a
// cut-off end for a write a crash interrupted. But every edit is synced
// before the files it replaces are deleted, so a MANIFEST shorter than it
// was synced is damage, and opening it recovers an older state whose table
// files and logs are partly gone: RocksDB then deletes the newer tables it
// no longer knows, and acknowledged changes are lost without a word.
//
// The seal is a one-line file in the data directory naming the MANIFEST
// that CURRENT names and a length of it known to be on disk. RocksStore
// writes it at a clean stop, after a read-write open (RocksDB starts a new
// MANIFEST there), after each flush (ManifestSealer) and into each
// checkpoint (backup). (A flush's edit is the one whose loss loses data: the
// write-ahead log it empties is deleted next. A compaction's inputs are
// deleted too, so RocksDB refuses an older state that still names them.)
// Each time
// it is replaced whole (written, synced, renamed, the directory synced), so
// a power cut leaves the old seal or the new one.
//
// Thread safety: any thread; writes of seals are serialised process-wide.
#ifndef GONGKAI_ENGINE_STORE_ROCKS_MANIFEST_SEAL_H_
#define GONGKAI_ENGINE_STORE_ROCKS_MANIFEST_SEAL_H_

#include <rocksdb/listener.h>

#include <optional>
#include <string>

#include "engine/status.h"

namespace gongkai::rocks_internal {

// The seal's file name in the data directory (RocksDB leaves files it does
// not name alone).
inline constexpr char kManifestSealFile[] = "GONGKAI-MANIFEST-SEAL";

// Syncs the MANIFEST that CURRENT names in `directory` and records it with
// the length synced. unavailable (the file and the system's reason in the
// message: for the log, never for a client) when a file cannot be read or
// written; the previous seal then stays, which the check accepts once
// RocksDB has moved to a newer MANIFEST.
[[nodiscard]] Status SealManifest(const std::string& directory);

// Why the MANIFEST in `directory` cannot be trusted, for the log (names
// files and lengths, never data), or std::nullopt when it can: there is no
// seal (a database or backup from before seals), RocksDB moved to a newer
// MANIFEST since the seal, or the sealed MANIFEST is at least as long as
// sealed. Refused: CURRENT names an older MANIFEST than the seal, the
// sealed MANIFEST is shorter, or the seal cannot be read or parsed.
std::optional<std::string> ManifestDamage(const std::string& directory);

// Reseals after every flush RocksDB completes (called on its background
// thread once the flush's edit is in the MANIFEST). A failure is logged,
// never raised. After a crash the seal may be one flush behind: the check
// then misses a cut of that one flush's edit.
class ManifestSealer final : public rocksdb::EventListener {
 public:
  explicit ManifestSealer(std::string directory) : directory_(std::move(directory)) {}
  void OnFlushCompleted(rocksdb::DB* db, const rocksdb::FlushJobInfo& info) override;

 private:
  const std::string directory_;
};

}  // namespace gongkai::rocks_internal

#endif  // GONGKAI_ENGINE_STORE_ROCKS_MANIFEST_SEAL_H_
