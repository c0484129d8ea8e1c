#include "engine/store/rocks_store.h"

#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/utilities/checkpoint.h>
#include <rocksdb/write_batch.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <optional>
#include <vector>

#include "engine/keys.h"
#include "engine/store/rocks_log_check.h"
#include "engine/store/rocks_manifest_seal.h"
#include "engine/store/rocks_options.h"
#include "engine/strings.h"

namespace gongkai {
namespace {

namespace fs = std::filesystem;
using rocks_internal::DatabaseOptions;
using rocks_internal::Descriptors;
using rocks_internal::LogState;
using rocks_internal::ManifestSealer;
using rocks_internal::Reseal;
using rocks_internal::SealDamage;
using rocks_internal::SealManifest;
using rocks_internal::SilentlySkippedRecord;
using rocks_internal::WriteAheadLogs;

// Written at Create(); Open() refuses a database without it.
constexpr char kFormatKey[] = "format";
constexpr char kFormatValue[] = "gongkai-store 1";

uint64_t FreeBytes(const std::string& directory) {
  struct statvfs vfs {};
  if (statvfs(directory.c_str(), &vfs) != 0) return UINT64_MAX;  // Unknown: do not block.
  return uint64_t(vfs.f_bavail) * vfs.f_frsize;
}

std::string Mebibytes(uint64_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

// The directory exists, is ours to read and write, and others cannot read it.
Status CheckDirectory(const std::string& directory) {
  std::error_code error;
  const fs::file_status status = fs::status(directory, error);
  if (error || !fs::exists(status)) {
    return FailedPreconditionError("the data directory " + directory +
                                   " does not exist: create a database with 'gongkaid init "
                                   "--data " +
                                   directory + "', or give the right --data");
  }
  if (!fs::is_directory(status)) {
    return FailedPreconditionError(directory + " is not a directory");
  }
  if (fs::is_empty(directory, error)) {
    return FailedPreconditionError("the data directory " + directory +
                                   " holds no database: create one with 'gongkaid init --data " +
                                   directory + "'");
  }
  const auto others = fs::perms::group_all | fs::perms::others_all;
  if ((status.permissions() & others) != fs::perms::none) {
    return FailedPreconditionError("the data directory " + directory +
                                   " can be read by other users: it holds applicants' personal "
                                   "data; make it private with 'chmod 700 " +
                                   directory + "'");
  }
  return OkStatus();
}

}  // namespace

struct RocksStore::Impl {
  std::string directory;
  RocksStoreOptions options;
  bool read_only = false;
  // Set once the open found gongkai's format mark and sealed: only then does
  // the stop reseal (never into a foreign database).
  bool sealing = false;
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;  // Index: Table; [kTableCount] default.

  mutable std::mutex mutex;
  // Set once a write or sync failed or a read found a corruption: writes are
  // refused until the process restarts.
  mutable Status failed;
  mutable bool out_of_space = false;  // RocksDB ran out of space; Resume() when freed.

  rocksdb::ColumnFamilyHandle* Handle(Table table) const { return handles[size_t(table)]; }

  // Records a failure seen by any operation: a corruption or an I/O error
  // makes the store refuse writes; the detail goes to the log only.
  Status Fail(const rocksdb::Status& status, const std::string& what) const {
    if (status.IsNoSpace()) {
      std::lock_guard<std::mutex> lock(mutex);
      if (!out_of_space) spdlog::error("store: out of space while {}: {}", what, status.ToString());
      out_of_space = true;
      return UnavailableError(DiskFullMessage());
    }
    const bool corrupt = status.IsCorruption();
    if (corrupt || status.IsIOError()) {
      std::lock_guard<std::mutex> lock(mutex);
      if (failed.ok()) {
        spdlog::critical("store: {} while {}: {}; writes are refused until gongkaid restarts",
                         corrupt ? "corruption" : "I/O error", what, status.ToString());
        // Damaged data does not mend by retrying: internal, not unavailable
        // (which tells clients to try again).
        const std::string refusal = StrCat(
            {"the engine's data store ", corrupt ? "found damaged data" : "failed to read or write",
             " and refuses changes until it is restarted; an operator should read the engine's "
             "log"});
        failed = corrupt ? InternalError(refusal) : UnavailableError(refusal);
      }
      return corrupt ? InternalError(
                           "a stored record is damaged (checksum mismatch); the "
                           "engine refuses changes until an operator restarts it")
                     : UnavailableError("the engine's data store failed to " + what);
    }
    spdlog::error("store: {} failed: {}", what, status.ToString());
    return InternalError("the engine's data store failed to " + what);
  }

  std::string DiskFullMessage() const {
    return "the disk holding the engine's data is full (" + Mebibytes(FreeBytes(directory)) +
           " free, " + Mebibytes(options.disk_reserve_bytes) +
           " kept in reserve): changes are refused until space is freed, then resume by "
           "themselves";
  }

  Status WriteHealth() {
    std::lock_guard<std::mutex> lock(mutex);
    if (read_only) {
      return UnavailableError(
          "the engine started read-only (its disk was full, or it was asked to): restart it "
          "once space is freed to accept changes");
    }
    if (!failed.ok()) return failed;
    if (FreeBytes(directory) < options.disk_reserve_bytes)
      return UnavailableError(DiskFullMessage());
    if (out_of_space) {
      const rocksdb::Status resumed = db->Resume();
      if (!resumed.ok()) {
        spdlog::warn("store: cannot resume after running out of space: {}", resumed.ToString());
        return UnavailableError(DiskFullMessage());
      }
      spdlog::info("store: space is back ({} free); writes resume",
                   Mebibytes(FreeBytes(directory)));
      out_of_space = false;
    }
    return OkStatus();
  }

  StatusOr<std::optional<std::string>> Get(Table table, std::string_view key,
                                           const rocksdb::Snapshot* snapshot) const {
    rocksdb::ReadOptions read;
    read.snapshot = snapshot;
    read.verify_checksums = true;
    std::string value;
    const rocksdb::Status status = db->Get(read, Handle(table), rocksdb::Slice(key), &value);
    if (status.IsNotFound()) return std::optional<std::string>();
    if (!status.ok()) return Fail(status, std::string("read ") + TableName(table));
    return std::optional<std::string>(std::move(value));
  }

  Status Scan(Table table, std::string_view prefix, std::string_view start, const Visitor& visit,
              const rocksdb::Snapshot* snapshot) const {
    rocksdb::ReadOptions read;
    read.snapshot = snapshot;
    read.verify_checksums = true;
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(read, Handle(table)));
    const std::string seek = std::max(std::string(prefix), std::string(start));
    for (it->Seek(seek); it->Valid(); it->Next()) {
      const std::string_view key = it->key().ToStringView();
      if (key.substr(0, prefix.size()) != prefix) break;
      if (!visit(key, it->value().ToStringView())) break;
    }
    if (!it->status().ok()) return Fail(it->status(), std::string("scan ") + TableName(table));
    return OkStatus();
  }

  std::unique_ptr<StoreReader::Cursor> NewCursor(Table table,
                                                 const rocksdb::Snapshot* snapshot) const;
  uint64_t ApproximateSize(Table table, std::string_view prefix) const;

  ~Impl() {
    // A clean stop leaves nothing in the log to replay at the next start.
    const bool flushed = sealing && db->Flush(rocksdb::FlushOptions(), handles).ok();
    for (auto* handle : handles) {
      if (db && handle != nullptr) (void)db->DestroyColumnFamilyHandle(handle);
    }
    if (db) (void)db->Close();
    // The MANIFEST as the stop leaves it: the next open refuses a shorter one.
    // (The last flush's listener sealed it already, unless that failed.)
    // After the flush, the log holds nothing a table does not.
    if (sealing) Reseal(directory, flushed ? LogState::kFlushed : LogState::kMayHoldChanges);
  }
};

namespace {

// One RocksDB iterator kept open across seeks (creating one costs far more
// than a seek).
class RocksCursor final : public StoreReader::Cursor {
 public:
  RocksCursor(const RocksStore::Impl& impl, Table table, const rocksdb::Snapshot* snapshot)
      : impl_(impl), table_(table) {
    rocksdb::ReadOptions read;
    read.snapshot = snapshot;
    read.verify_checksums = true;
    it_.reset(impl.db->NewIterator(read, impl.Handle(table)));
  }

  StatusOr<bool> Seek(std::string_view prefix, std::string_view start) override {
    prefix_.assign(prefix);
    it_->Seek(rocksdb::Slice(std::max(prefix, start)));
    return Positioned();
  }
  StatusOr<bool> Next() override {
    it_->Next();
    return Positioned();
  }
  std::string_view key() const override { return it_->key().ToStringView(); }
  std::string_view value() const override { return it_->value().ToStringView(); }

 private:
  StatusOr<bool> Positioned() {
    if (!it_->status().ok()) {
      return impl_.Fail(it_->status(), std::string("seek in ") + TableName(table_));
    }
    return it_->Valid() && it_->key().ToStringView().substr(0, prefix_.size()) == prefix_;
  }

  const RocksStore::Impl& impl_;
  const Table table_;
  std::string prefix_;
  std::unique_ptr<rocksdb::Iterator> it_;
};

// The first key after every key that starts with `prefix` ("" when none:
// the prefix is all 0xff).
std::string PrefixEnd(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty() && static_cast<unsigned char>(end.back()) == 0xff) end.pop_back();
  if (!end.empty()) end.back() = char(static_cast<unsigned char>(end.back()) + 1);
  return end;
}

// A RocksDB snapshot; it keeps the database open until it is released.
class RocksSnapshot final : public StoreReader {
 public:
  explicit RocksSnapshot(std::shared_ptr<const RocksStore::Impl> impl)
      : impl_(std::move(impl)), snapshot_(impl_->db->GetSnapshot()) {}
  ~RocksSnapshot() override { impl_->db->ReleaseSnapshot(snapshot_); }
  StatusOr<std::optional<std::string>> Get(Table table, std::string_view key) const override {
    return impl_->Get(table, key, snapshot_);
  }
  Status Scan(Table table, std::string_view prefix, std::string_view start,
              const Visitor& visit) const override {
    return impl_->Scan(table, prefix, start, visit, snapshot_);
  }
  std::unique_ptr<Cursor> NewCursor(Table table) const override {
    return impl_->NewCursor(table, snapshot_);
  }
  uint64_t ApproximateSize(Table table, std::string_view prefix) const override {
    return impl_->ApproximateSize(table, prefix);
  }

 private:
  std::shared_ptr<const RocksStore::Impl> impl_;
  const rocksdb::Snapshot* snapshot_;
};

// The refusal for a database whose `what` ("corrupt", "unreadable") files
// would lose acknowledged changes if opened.
Status DamagedDatabase(const std::string& directory, const std::string& what) {
  return FailedPreconditionError(StrCat(
      {"the database in ", directory, " is damaged (", what,
       " files; the engine's log says which) and cannot be opened without losing acknowledged "
       "changes: restore the directory from a backup (gongkaid restore, see 'Backup and "
       "restore' in docs/operations.md)"}));
}

// The refusal for a database RocksDB could not open, saying what to do.
Status OpenRefusal(const rocksdb::Status& status, const std::string& directory) {
  const std::string detail = status.ToString();
  spdlog::error("store: cannot open {}: {}", directory, detail);
  if (status.IsIOError() && detail.find("lock") != std::string::npos) {
    return UnavailableError("the data directory " + directory +
                            " is in use by another process (is gongkaid already running?)");
  }
  if (!fs::exists(fs::path(directory) / "CURRENT")) {
    return FailedPreconditionError(
        "the database in " + directory +
        " is damaged: its CURRENT file is missing. It is never re-created by itself: restore "
        "the directory from a backup (see 'Backup and restore' in docs/operations.md), or ask for "
        "help with the engine's log");
  }
  if (detail.find("Column famil") != std::string::npos) {
    return FailedPreconditionError("the data directory " + directory +
                                   " holds a database that is not gongkai's");
  }
  return DamagedDatabase(directory, status.IsCorruption() ? "corrupt" : "unreadable");
}

// The write-ahead logs RocksDB would replay only in part without saying so
// (SilentlySkippedRecord). (The MANIFEST is read with the same leniency:
// CheckAgainstSeal.)
Status CheckLogsReadWhole(const std::string& directory) {
  const auto logs = WriteAheadLogs(directory);
  if (!logs) return OkStatus();  // RocksDB's open refuses it, saying why.
  for (const auto& [number, path] : *logs) {
    if (const auto skipped = SilentlySkippedRecord(path)) {
      spdlog::error(
          "store: cannot open {}: {} is damaged: the intact records from byte {} on would be "
          "dropped without a word",
          directory, path, *skipped);
      return DamagedDatabase(directory, "corrupt");
    }
  }
  return OkStatus();
}

// A MANIFEST shorter than it was synced, which RocksDB would open as an
// older state, deleting the newer tables, or a lost newest log, which it
// would open without the changes since the last flush
// (rocks_manifest_seal.h).
Status CheckAgainstSeal(const std::string& directory) {
  if (const auto damage = SealDamage(directory)) {
    spdlog::error("store: cannot open {}: {}", directory, damage->detail);
    return DamagedDatabase(directory, damage->files);
  }
  return OkStatus();
}

// True when the database lacks only tables a later version added (they
// are created empty at this open); a database that lacks any other table
// is refused by the open itself.
bool LacksOnlyNewTables(const std::string& directory) {
  std::vector<std::string> names;
  const rocksdb::Status listed =
      rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), directory, &names);
  if (!listed.ok()) return false;  // The open says what is wrong.
  bool missing_added = false;
  for (int t = 0; t < kTableCount; ++t) {
    if (std::find(names.begin(), names.end(), TableName(Table(t))) != names.end()) continue;
    if (Table(t) != Table::kSearch && Table(t) != Table::kDueDates) return false;
    missing_added = true;
  }
  return missing_added;
}

}  // namespace

std::unique_ptr<StoreReader::Cursor> RocksStore::Impl::NewCursor(
    Table table, const rocksdb::Snapshot* snapshot) const {
  return std::make_unique<RocksCursor>(*this, table, snapshot);
}

uint64_t RocksStore::Impl::ApproximateSize(Table table, std::string_view prefix) const {
  const std::string start(prefix), end = PrefixEnd(prefix);
  if (end.empty()) return UINT64_MAX;
  rocksdb::SizeApproximationOptions options;
  options.include_memtables = true;
  options.include_files = true;
  const rocksdb::Range range(start, end);
  uint64_t size = 0;
  if (!db->GetApproximateSizes(options, Handle(table), &range, 1, &size).ok()) return UINT64_MAX;
  return size;
}

Status RocksStore::Create(const std::string& directory) {
  std::error_code error;
  if (fs::exists(directory, error) && !fs::is_empty(directory, error)) {
    return FailedPreconditionError("the data directory " + directory +
                                   " is not empty: init only creates a new database");
  }
  fs::create_directories(directory, error);
  if (error) return UnavailableError("cannot create " + directory + ": " + error.message());
  fs::permissions(directory, fs::perms::owner_all, fs::perm_options::replace, error);
  if (error) return UnavailableError("cannot make " + directory + " private: " + error.message());
  rocksdb::DBOptions options = DatabaseOptions();
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  options.error_if_exists = true;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status status = rocksdb::DB::Open(
      options, directory, Descriptors(RocksStoreOptions().memtable_bytes), &handles, &raw);
  if (!status.ok()) {
    spdlog::error("store: cannot create {}: {}", directory, status.ToString());
    return UnavailableError("cannot create a database in " + directory);
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::WriteOptions write;
  write.sync = true;
  rocksdb::WriteBatch marks;
  status = marks.Put(handles[size_t(Table::kMeta)], kFormatKey, kFormatValue);
  // An empty database's indexes are complete.
  if (status.ok()) status = marks.Put(handles[size_t(Table::kMeta)], kMetaSearchIndex, "1");
  if (status.ok()) status = marks.Put(handles[size_t(Table::kMeta)], kMetaDueIndex, "1");
  if (status.ok()) status = marks.Put(handles[size_t(Table::kMeta)], kMetaMonthCounters, "1");
  if (status.ok()) status = db->Write(write, &marks);
  for (auto* handle : handles) (void)db->DestroyColumnFamilyHandle(handle);
  const rocksdb::Status closed = db->Close();
  if (!status.ok() || !closed.ok()) {
    spdlog::error("store: cannot initialise {}: {} / {}", directory, status.ToString(),
                  closed.ToString());
    return UnavailableError("cannot initialise the database in " + directory);
  }
  Reseal(directory);
  return OkStatus();
}

StatusOr<std::unique_ptr<RocksStore>> RocksStore::Open(const std::string& directory,
                                                       RocksStoreOptions options) {
  GONGKAI_RETURN_IF_ERROR(CheckDirectory(directory));
  auto impl = std::make_shared<Impl>();
  impl->directory = directory;
  impl->options = options;
  impl->read_only = options.read_only || FreeBytes(directory) < options.disk_reserve_bytes;
  if (impl->read_only && !options.read_only) {
    spdlog::warn("store: {} free, less than the reserve of {}: opening read-only",
                 Mebibytes(FreeBytes(directory)), Mebibytes(options.disk_reserve_bytes));
  }
  GONGKAI_RETURN_IF_ERROR(CheckLogsReadWhole(directory));
  GONGKAI_RETURN_IF_ERROR(CheckAgainstSeal(directory));
  const bool add_tables = LacksOnlyNewTables(directory);
  if (add_tables && impl->read_only) {
    return FailedPreconditionError(
        StrCat({"the database in ", directory,
                " was written by an earlier version and needs its new tables, which cannot be "
                "made while it is opened read-only: free some disk space and start again"}));
  }
  rocksdb::DBOptions database = DatabaseOptions();
  database.create_missing_column_families = add_tables;
  if (!impl->read_only) database.listeners.push_back(std::make_shared<ManifestSealer>(directory));
  const auto tables = Descriptors(impl->options.memtable_bytes);
  rocksdb::DB* raw = nullptr;
  const rocksdb::Status status =
      impl->read_only
          ? rocksdb::DB::OpenForReadOnly(database, directory, tables, &impl->handles, &raw)
          : rocksdb::DB::Open(database, directory, tables, &impl->handles, &raw);
  if (!status.ok()) return OpenRefusal(status, directory);
  impl->db.reset(raw);
  auto format = impl->Get(Table::kMeta, kFormatKey, nullptr);
  if (!format.ok()) return format.status();
  if (*format != std::optional<std::string>(kFormatValue)) {
    return FailedPreconditionError(
        "the data directory " + directory + " holds a database that is not gongkai's (" +
        (format->has_value() ? "format '" + **format + "'" : std::string("no format mark")) + ")");
  }
  // RocksDB began a new MANIFEST at this open.
  impl->sealing = !impl->read_only;
  if (impl->sealing) Reseal(directory);
  return std::unique_ptr<RocksStore>(new RocksStore(std::move(impl)));
}

RocksStore::RocksStore(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
RocksStore::~RocksStore() = default;

StatusOr<std::optional<std::string>> RocksStore::Get(Table table, std::string_view key) const {
  return impl_->Get(table, key, nullptr);
}

Status RocksStore::Scan(Table table, std::string_view prefix, std::string_view start,
                        const Visitor& visit) const {
  return impl_->Scan(table, prefix, start, visit, nullptr);
}

std::unique_ptr<StoreReader::Cursor> RocksStore::NewCursor(Table table) const {
  return impl_->NewCursor(table, nullptr);
}

uint64_t RocksStore::ApproximateSize(Table table, std::string_view prefix) const {
  return impl_->ApproximateSize(table, prefix);
}

std::shared_ptr<const StoreReader> RocksStore::Snapshot() {
  return std::make_shared<RocksSnapshot>(impl_);
}

bool RocksStore::read_only() const { return impl_->read_only; }

const std::string& RocksStore::directory() const { return impl_->directory; }

Status RocksStore::WriteHealth() const { return impl_->WriteHealth(); }

Status RocksStore::Write(const WriteSet& writes, bool sync) {
  GONGKAI_RETURN_IF_ERROR(impl_->WriteHealth());
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
    if (!status.ok()) return impl_->Fail(status, "prepare a write");
  }
  rocksdb::WriteOptions options;
  options.sync = sync;
  const rocksdb::Status written = impl_->db->Write(options, &batch);
  if (!written.ok()) return impl_->Fail(written, "write");
  return OkStatus();
}

Status RocksStore::CompactAll() {
  GONGKAI_RETURN_IF_ERROR(impl_->WriteHealth());
  rocksdb::CompactRangeOptions options;
  options.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  for (int t = 0; t < kTableCount; ++t) {
    const rocksdb::Status compacted =
        impl_->db->CompactRange(options, impl_->Handle(Table(t)), nullptr, nullptr);
    if (!compacted.ok())
      return impl_->Fail(compacted, std::string("compact ") + TableName(Table(t)));
  }
  return OkStatus();
}

Status RocksStore::VerifyChecksums(const std::atomic<bool>* stop) {
  rocksdb::ReadOptions read;
  read.verify_checksums = true;
  read.fill_cache = false;  // A full scan must not push out what serving uses.
  for (int t = 0; t < kTableCount; ++t) {
    std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(read, impl_->Handle(Table(t))));
    size_t seen = 0;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      if (stop != nullptr && ++seen % 1024 == 0 && stop->load()) return OkStatus();
    }
    if (!it->status().ok()) {
      return impl_->Fail(it->status(),
                         std::string("verify the checksums of ") + TableName(Table(t)));
    }
  }
  return OkStatus();
}

Status RocksStore::Checkpoint(const std::string& directory) {
  rocksdb::Checkpoint* raw = nullptr;
  rocksdb::Status status = rocksdb::Checkpoint::Create(impl_->db.get(), &raw);
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  if (status.ok()) status = checkpoint->CreateCheckpoint(directory);
  if (!status.ok()) {
    spdlog::error("store: checkpoint into {} failed: {}", directory, status.ToString());
    return UnavailableError(StrCat(
        {"the backup could not be written into ", directory, ": ",
         status.IsNoSpace() ? "the disk is full; free space or choose another disk, then retry"
                            : "the engine's log says why"}));
  }
  // A restored copy is checked from its first start.
  const Status sealed = SealManifest(directory);
  if (!sealed.ok()) {
    spdlog::error("store: {}", sealed.message());
    return UnavailableError(StrCat(
        {"the backup in ", directory, " could not be completed: the engine's log says why"}));
  }
  return OkStatus();
}

}  // namespace gongkai
