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
// A second check: whether the newest write-ahead log, which holds the
// changes since the last flush, is gone (after a kill, lost or deleted).
// RocksDB records only closed logs (track_and_verify_wals_in_manifest), so
// it would open without those changes and say nothing.
//
// The seal is a one-line file in the data directory naming the MANIFEST
// that CURRENT names, a length of it known to be on disk, and the newest
// write-ahead log then in the directory (none after a clean stop, whose
// flush leaves the log empty). RocksStore
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

// Whether the directory's newest write-ahead log may hold changes that are
// in no table: it always may, except right after a flush that succeeded
// with no write after it (a clean stop).
enum class LogState { kMayHoldChanges, kFlushed };

// Syncs the MANIFEST that CURRENT names in `directory` and records it with
// the length synced and, unless `log_state` is kFlushed, the number of the
// newest write-ahead log in `directory` (a log at least as new must then
// exist at every later open, since RocksDB makes a newer log before it
// deletes its newest). unavailable (the file and the system's reason in
// the message: for the log, never for a client) when a file cannot be
// read or written or the directory cannot be listed; the previous seal then
// stays, which the check accepts once RocksDB has moved to a newer
// MANIFEST.
[[nodiscard]] Status SealManifest(const std::string& directory,
                                  LogState log_state = LogState::kMayHoldChanges);

// Why the files in `directory` cannot be trusted against its seal (the
// detail names files and lengths, never data), or std::nullopt when they can:
// there is no seal (a database or backup from before seals), or the
// sealed log or a newer one exists and either RocksDB moved to a newer
// MANIFEST since the seal or the sealed MANIFEST is at least as long as
// sealed. Refused: no log as new as the sealed one, CURRENT names an older
// MANIFEST than the seal, the sealed MANIFEST is shorter, or the seal
// cannot be read or parsed. (A seal without a log, from the first version,
// checks the MANIFEST only.)
struct SealDamageFound {
  std::string files;   // What is wrong with the files: "missing", "truncated".
  std::string detail;  // For the log: which file, and why it is damage.
};
std::optional<SealDamageFound> SealDamage(const std::string& directory);

// SealManifest, with a failure logged at error level and not raised: the
// previous seal then stays, which only weakens the next start's check.
void Reseal(const std::string& directory, LogState log_state = LogState::kMayHoldChanges);

// Reseals after every flush RocksDB completes (called on its background
// thread once the flush's edit is in the MANIFEST). A failure is logged,
// never raised. After a crash the seal may be one flush behind: the check
// then misses a cut of that one flush's edit, and a lost newest log while
// the one before it, not yet deleted, is still there.
class ManifestSealer final : public rocksdb::EventListener {
 public:
  explicit ManifestSealer(std::string directory) : directory_(std::move(directory)) {}
  void OnFlushCompleted(rocksdb::DB* db, const rocksdb::FlushJobInfo& info) override;

 private:
  const std::string directory_;
};

}  // namespace gongkai::rocks_internal

#endif  // GONGKAI_ENGINE_STORE_ROCKS_MANIFEST_SEAL_H_
