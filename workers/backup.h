// The online backup (`gongkai admin backup DIR`) and its restore
// (`gongkaid restore --from BACKUP --data DIR`).
//
// MakeBackup: a consistent copy of the serving engine's database, made
// while it serves (RocksStore::Checkpoint: RocksDB flushes its memtables,
// then hard-links the table files into DIR when DIR is on the data's file
// system, else copies them). The copy holds every change acknowledged
// before the backup began, and each change whole or not at all. DIR must be
// an absolute path that does not exist yet (nor DIR.tmp, which RocksDB uses
// and empties first), outside the data directory, in an existing directory
// the engine can write into. The copy is made private like the data
// directory (the directory 0700, every file 0600: it holds applicants'
// personal data and the engine's secret key), opened read-only to check it
// is a gongkai database, and described (requests, files, bytes, hard links,
// time taken). Refusals name DIR (the operator's own input), never the
// data directory: invalid_argument for a path that is relative, exists or
// has no parent directory; failed_precondition for a parent the engine
// cannot write into or an engine started read-only; unavailable when the
// copy cannot be written (a full disk, an I/O error: the detail is in the
// log). A copy that fails its check is removed.
//
// RestoreBackup: copies a backup (or a copy of a stopped data directory)
// into a data directory that is missing or empty, makes it 0700 with every
// file 0600, and opens it as gongkaid would (RocksStore::Open: a foreign or
// damaged database is refused) with the engine's key in it. The backup is
// only read. On any refusal what was copied is removed and the data
// directory is left as it was (missing or empty).
//
// Thread safety: MakeBackup may run on any thread while the ledger writes;
// one backup at a time (the server sees to it). RestoreBackup: from main().
#ifndef GONGKAI_WORKERS_BACKUP_H_
#define GONGKAI_WORKERS_BACKUP_H_

#include <string>

#include "engine/status.h"
#include "engine/store.h"
#include "engine/store/rocks_store.h"
#include "gongkai/v1/command.pb.h"

namespace gongkai {

// invalid_argument unless `directory` may receive a new backup (see above);
// failed_precondition when the engine cannot write into its parent.
[[nodiscard]] Status CheckBackupTarget(const std::string& directory);

// Makes the backup into `directory` and describes it. Logs its start, end
// and place with spdlog.
StatusOr<v1::BackupInfo> MakeBackup(RocksStore& store, const std::string& directory);

// The reply's message for a backup made: where, what it holds, and how to
// restore it.
std::string DescribeBackup(const v1::BackupInfo& backup);

// The number of requests a store holds: the request numbers given, from
// the meta table (a few keys, whatever the number of requests).
StatusOr<int64_t> CountRequests(const StoreReader& store);

struct RestoreResult {
  int64_t requests = 0;
  int64_t files = 0;
  int64_t bytes = 0;
};

// Restores the backup in `from` into `data` (see above). failed_precondition
// for a `data` that is not empty or lies inside `from`, and for a `from`
// that is not a gongkai database; invalid_argument for a `from` that is
// missing or not a directory; unavailable when a file cannot be copied.
StatusOr<RestoreResult> RestoreBackup(const std::string& from, const std::string& data);

}  // namespace gongkai

#endif  // GONGKAI_WORKERS_BACKUP_H_
