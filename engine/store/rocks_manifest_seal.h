// A check RocksDB does not make: whether the MANIFEST (the log of which
// table files and write-ahead logs make up the database) lost edits at its
// end. Internal to gongkai_store; RocksStore writes the seal and refuses a
// database that fails the check.
//
// Why: RocksDB reads the MANIFEST as it reads a write-ahead log, taking a
// cut-off end for a write a crash interrupted. But every edit is synced
// before the files it replaces are deleted, so a MANIFEST shorter than it
// was is damage, and opening it recovers an older state whose table files
// and logs are partly gone: RocksDB then deletes the newer tables it no
// longer knows, and acknowledged changes are lost without a word.
//
// The seal is a small file in the data directory naming the MANIFEST that
// CURRENT names and a length its synced content had reached. It is
// written at a clean stop, after a read-write open (RocksDB starts a new
// MANIFEST there) and after each flush and compaction (the edits whose loss
// loses data), each time replaced whole (written, synced, renamed, the
// directory synced), so a power cut leaves the old seal or the new one.
//
// Thread safety: the functions touch only the files named; SealManifest
// calls for one directory must not run concurrently (ManifestSealer
// serialises its own).
#ifndef GONGKAI_ENGINE_STORE_ROCKS_MANIFEST_SEAL_H_
#define GONGKAI_ENGINE_STORE_ROCKS_MANIFEST_SEAL_H_

#include <rocksdb/listener.h>

#include <mutex>
#include <optional>
#include <string>

namespace gongkai::rocks_internal {

// The seal's file name in the data directory (RocksDB leaves files it does
// not name alone).
inline constexpr char kManifestSealFile[] = "GONGKAI-MANIFEST-SEAL";

// Syncs the MANIFEST that CURRENT names in `directory` and records it with
// its length. False (the reason in `*error`) when a file cannot be read or
// written; the previous seal then stays, which the check accepts once
// RocksDB has moved to a newer MANIFEST.
bool SealManifest(const std::string& directory, std::string* error);

// Why the MANIFEST in `directory` cannot be trusted, for the log (names a
// file and lengths, never data), or std::nullopt when it can: there is no
// seal (a database from before seals, or a restored backup), RocksDB moved
// to a newer MANIFEST since the seal, or the sealed MANIFEST is at least as
// long as sealed. Refused: CURRENT names an older MANIFEST than the seal,
// the sealed MANIFEST is shorter, or the seal is unreadable.
std::optional<std::string> ManifestDamage(const std::string& directory);

// Reseals after every flush and compaction RocksDB completes (called on
// its background threads once the edit is recorded). A failure is logged,
// never raised. After a crash the seal may be one edit behind: the check
// then misses a cut of that edit only.
class ManifestSealer final : public rocksdb::EventListener {
 public:
  explicit ManifestSealer(std::string directory) : directory_(std::move(directory)) {}
  void OnFlushCompleted(rocksdb::DB* db, const rocksdb::FlushJobInfo& info) override;
  void OnCompactionCompleted(rocksdb::DB* db, const rocksdb::CompactionJobInfo& info) override;

 private:
  void Reseal();
  const std::string directory_;
  std::mutex mutex_;
  bool failure_logged_ = false;
};

}  // namespace gongkai::rocks_internal

#endif  // GONGKAI_ENGINE_STORE_ROCKS_MANIFEST_SEAL_H_
