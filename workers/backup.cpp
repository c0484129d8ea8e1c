#include "workers/backup.h"

#include <fcntl.h>
#include <pwd.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <system_error>
#include <vector>

#include "engine/keys.h"
#include "engine/strings.h"
#include "workers/records.h"

namespace gongkai {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxPathBytes = 4096;

// "/backups/x/" -> "/backups/x" ("/" stays).
std::string WithoutTrailingSlashes(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

// True for anything at `path`, a dangling symbolic link included.
bool Exists(const fs::path& path) {
  std::error_code error;
  return fs::exists(fs::symlink_status(path, error));
}

// True when `path` is `directory` or lies under it (symbolic links
// resolved as far as they exist).
bool Inside(const fs::path& path, const fs::path& directory) {
  std::error_code error;
  const fs::path child = fs::weakly_canonical(fs::absolute(path, error), error);
  const fs::path parent = fs::weakly_canonical(fs::absolute(directory, error), error);
  if (error) return false;
  auto child_part = child.begin();
  for (auto part = parent.begin(); part != parent.end(); ++part, ++child_part) {
    if (part->empty()) continue;  // A trailing separator.
    if (child_part == child.end() || *child_part != *part) return false;
  }
  return true;
}

std::string ServiceAccount() {
  passwd entry{};
  passwd* found = nullptr;
  std::vector<char> buffer(16384);
  if (getpwuid_r(geteuid(), &entry, buffer.data(), buffer.size(), &found) == 0 &&
      found != nullptr) {
    return found->pw_name;
  }
  return "uid " + std::to_string(geteuid());
}

Status Sync(const fs::path& path, bool directory) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | (directory ? O_DIRECTORY : 0));
  if (fd < 0 || fsync(fd) != 0) {
    const std::error_code error(errno, std::generic_category());
    if (fd >= 0) close(fd);
    return UnavailableError(
        StrCat({"cannot write ", path.string(), " to disk: ", error.message()}));
  }
  close(fd);
  return OkStatus();
}

struct FileCount {
  int64_t files = 0;
  int64_t bytes = 0;
  int64_t linked = 0;  // Files with another name elsewhere (hard links).
};

// Makes `directory` 0700 and every file in it 0600, and counts them.
StatusOr<FileCount> MakePrivate(const fs::path& directory) {
  const std::string where = directory.string();
  if (chmod(where.c_str(), 0700) != 0) {
    const std::error_code error(errno, std::generic_category());
    return UnavailableError(StrCat({"cannot make ", where, " private: ", error.message()}));
  }
  FileCount count;
  std::error_code error;
  for (fs::directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
    const std::string file = it->path().string();
    struct stat status {};
    if (lstat(file.c_str(), &status) != 0 || !S_ISREG(status.st_mode)) continue;
    if (chmod(file.c_str(), 0600) != 0) {
      error.assign(errno, std::generic_category());
      return UnavailableError(StrCat({"cannot make ", file, " private: ", error.message()}));
    }
    ++count.files;
    count.bytes += int64_t(status.st_size);
    if (status.st_nlink > 1) ++count.linked;
  }
  if (error) return UnavailableError(StrCat({"cannot read ", where, ": ", error.message()}));
  return count;
}

// The backup just made, made private, opened read-only and counted.
StatusOr<v1::BackupInfo> CheckCopy(const std::string& directory) {
  auto files = MakePrivate(directory);
  if (!files.ok()) return files.status();
  RocksStoreOptions options;
  options.read_only = true;
  auto copy = RocksStore::Open(directory, options);
  if (!copy.ok()) {
    spdlog::error("backup: the copy in {} does not open: {}", directory, copy.status().message());
    return InternalError(StrCat({"the copy made in ", directory,
                                 " does not open as a gongkai database, so it was removed: the "
                                 "engine's log says why"}));
  }
  auto requests = CountRequests(**copy);
  if (!requests.ok()) return requests.status();
  v1::BackupInfo info;
  info.set_directory(directory);
  info.set_requests(*requests);
  info.set_files(files->files);
  info.set_bytes(files->bytes);
  info.set_linked_files(files->linked);
  return info;
}

// True when a process holds RocksDB's lock on the database in `directory`
// (a running gongkaid). The file is only read.
bool Locked(const fs::path& directory) {
  const int fd = open((directory / "LOCK").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct flock lock {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  const bool held = fcntl(fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK;
  close(fd);
  return held;
}

// Copies every file of `from` into `data` (which exists and is empty), each
// written to disk.
Status CopyFiles(const fs::path& from, const fs::path& data) {
  std::error_code error;
  for (fs::directory_iterator it(from, error), end; !error && it != end; it.increment(error)) {
    const fs::path source = it->path();
    if (!it->is_regular_file(error) || it->is_symlink(error)) {
      return FailedPreconditionError(StrCat({from.string(), " holds ", source.filename().string(),
                                             ", which is not a file of a gongkai database: give "
                                             "the directory gongkai admin backup made"}));
    }
    const fs::path target = data / source.filename();
    if (!fs::copy_file(source, target, fs::copy_options::none, error) || error) {
      return UnavailableError(StrCat({"cannot copy ", source.string(), " to ", target.string(),
                                      ": ", error ? error.message() : "unknown error"}));
    }
    GONGKAI_RETURN_IF_ERROR(Sync(target, /*directory=*/false));
  }
  if (error)
    return UnavailableError(StrCat({"cannot read ", from.string(), ": ", error.message()}));
  return OkStatus();
}

// Opens the restored copy in `data` as gongkaid will, and counts it.
StatusOr<int64_t> OpenRestored(const std::string& from, const std::string& data) {
  auto store = RocksStore::Open(data);
  if (!store.ok()) {
    // The refusal names `data`, which is about to be removed: said of `from`.
    const bool foreign = store.status().message().find("not gongkai's") != std::string::npos;
    spdlog::error("restore: {} does not open: {}", from, store.status().message());
    return FailedPreconditionError(StrCat(
        {from,
         foreign ? " holds a database that is not gongkai's"
                 : " does not open as a gongkai database: it is damaged, or not one (the log "
                   "says what RocksDB found)",
         "; nothing was restored: give a directory gongkai admin backup made"}));
  }
  auto key = (*store)->Get(Table::kMeta, kMetaServerSecretKey);
  if (!key.ok()) return key.status();
  if (!key->has_value()) {
    return FailedPreconditionError(StrCat({from,
                                           " holds a database without the engine's key (not made "
                                           "by gongkaid init); nothing was restored"}));
  }
  return CountRequests(**store);
}

}  // namespace

Status CheckBackupTarget(const std::string& asked) {
  if (asked.empty()) {
    return InvalidArgumentError(
        "give the backup's directory: an absolute path on the engine's machine that does not "
        "exist yet");
  }
  if (asked.size() > kMaxPathBytes || asked.find('\0') != std::string::npos) {
    return InvalidArgumentError("the backup's directory is not a usable path");
  }
  const std::string directory = WithoutTrailingSlashes(asked);
  if (!fs::path(directory).is_absolute()) {
    return InvalidArgumentError(
        StrCat({"the backup's directory must be an absolute path on the engine's machine, not '",
                Excerpt(directory, 200), "'"}));
  }
  if (Exists(directory)) {
    return InvalidArgumentError(
        StrCat({directory,
                " exists: a backup goes into a new directory; give a path that does not "
                "exist yet (e.g. with the date in its name)"}));
  }
  if (Exists(directory + ".tmp")) {
    return InvalidArgumentError(StrCat({directory,
                                        ".tmp exists: RocksDB prepares the copy there and would "
                                        "empty it; remove it or choose another name"}));
  }
  const fs::path parent = fs::path(directory).parent_path();
  std::error_code error;
  if (!fs::is_directory(parent, error)) {
    return InvalidArgumentError(
        StrCat({"the directory ", parent.string(), " that would hold the backup ",
                Exists(parent) ? "is not a directory" : "does not exist",
                ": create it first (mkdir -p), or choose another place"}));
  }
  // Under systemd (INVOCATION_ID set) the units give the service a private
  // /tmp, emptied when it stops.
  const bool under_systemd = getenv("INVOCATION_ID") != nullptr;
  for (const char* temporary : {"/tmp", "/var/tmp"}) {
    const std::string prefix = StrCat({temporary, "/"});
    if (under_systemd && directory.rfind(prefix, 0) == 0) {
      return InvalidArgumentError(StrCat(
          {"a backup in ", temporary, " would be lost (under systemd the service's ", temporary,
           " is its own, emptied when it stops): choose a place such as "
           "/var/backups/gongkai"}));
    }
  }
  if (access(parent.c_str(), W_OK | X_OK) != 0 && errno == EROFS) {
    return FailedPreconditionError(
        StrCat({parent.string(),
                " is read-only to the engine (systemd's ProtectSystem=strict): back up under "
                "/var/backups/gongkai, or add the place to ReadWritePaths= (systemctl edit "
                "gongkaid)"}));
  }
  if (access(parent.c_str(), W_OK | X_OK) != 0) {
    return FailedPreconditionError(
        StrCat({"the engine runs as ", ServiceAccount(), ", which cannot write into ",
                parent.string(), ": let it (chown ", ServiceAccount(), " ", parent.string(),
                "), or choose another place"}));
  }
  return OkStatus();
}

namespace {

// The refusals made before anything is written.
Status CheckBackup(const RocksStore& store, const std::string& asked) {
  GONGKAI_RETURN_IF_ERROR(CheckBackupTarget(asked));
  if (Inside(WithoutTrailingSlashes(asked), store.directory())) {
    return InvalidArgumentError(
        "the backup cannot go inside the engine's data directory: choose a place outside it, "
        "ideally on another disk");
  }
  if (store.read_only()) {
    return FailedPreconditionError(
        "the engine started read-only (its disk was full) and cannot flush what it holds: free "
        "space and restart it, or stop it and copy its data directory (docs/operations.md, "
        "'Backup and restore')");
  }
  return OkStatus();
}

}  // namespace

StatusOr<v1::BackupInfo> MakeBackup(RocksStore& store, const std::string& asked) {
  const auto started = std::chrono::steady_clock::now();
  if (Status refused = CheckBackup(store, asked); !refused.ok()) {
    spdlog::warn("backup: refused: {}", refused.message());
    return refused;
  }
  const std::string directory = WithoutTrailingSlashes(asked);
  spdlog::info("backup: starting into {}", directory);
  if (Status made = store.Checkpoint(directory); !made.ok()) {
    spdlog::error("backup: into {} failed: {}", directory, made.message());
    return made;
  }
  auto info = CheckCopy(directory);
  if (!info.ok()) {
    std::error_code ignored;
    fs::remove_all(directory, ignored);
    spdlog::error("backup: into {} failed, the copy was removed: {}", directory,
                  info.status().message());
    return info.status();
  }
  info->set_milliseconds(std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now() - started)
                             .count());
  spdlog::info("backup: done into {} in {} ms: {} requests, {} files ({} hard-linked), {} bytes",
               directory, info->milliseconds(), info->requests(), info->files(),
               info->linked_files(), info->bytes());
  return info;
}

std::string DescribeBackup(const v1::BackupInfo& backup) {
  char size[32];
  std::snprintf(size, sizeof size, "%.1f MiB", double(backup.bytes()) / (1 << 20));
  char took[32];
  std::snprintf(took, sizeof took, "%.1f s", double(backup.milliseconds()) / 1000);
  std::string text =
      StrCat({"backed up into ", backup.directory(), ": ", std::to_string(backup.requests()),
              " requests, as of the moment the backup began; ", std::to_string(backup.files()),
              " files, ", size, ", in ", took,
              ". It holds applicants' personal data and the engine's "
              "secret key (mode 0700)."});
  if (backup.linked_files() > 0) {
    text += StrCat({" ", std::to_string(backup.linked_files()), " of its files ",
                    backup.linked_files() == 1 ? "shares" : "share",
                    " the data's disk (hard links): copy it to another disk to survive that "
                    "disk's failure."});
  }
  return StrCat({text, " Restore with: gongkaid restore --from ", backup.directory(),
                 " --data NEW_DIRECTORY"});
}

StatusOr<int64_t> CountRequests(const StoreReader& store) {
  int64_t total = 0;
  Status failed = OkStatus();
  GONGKAI_RETURN_IF_ERROR(store.Scan(Table::kMeta, kMetaSequencePrefix, "",
                                     [&](std::string_view, std::string_view value) {
                                       auto number = ParseStoredNumber(value, "request number");
                                       if (!number.ok()) failed = number.status();
                                       if (number.ok()) total += int64_t(*number);
                                       return failed.ok();
                                     }));
  GONGKAI_RETURN_IF_ERROR(failed);
  return total;
}

StatusOr<RestoreResult> RestoreBackup(const std::string& from, const std::string& data) {
  std::error_code error;
  if (!Exists(from)) {
    return InvalidArgumentError(
        StrCat({"--from ", from, " does not exist: give the directory gongkai admin backup made"}));
  }
  if (!fs::is_directory(from, error)) {
    return InvalidArgumentError(StrCat(
        {"--from ", from, " is not a directory: give the directory gongkai admin backup made"}));
  }
  if (!Exists(fs::path(from) / "CURRENT")) {
    return FailedPreconditionError(
        StrCat({from,
                " holds no database (it has no CURRENT file): give the directory gongkai admin "
                "backup made"}));
  }
  if (Locked(from)) {
    return FailedPreconditionError(
        StrCat({from,
                " is in use by a running gongkaid: a live data directory is no backup; make one "
                "with gongkai admin backup"}));
  }
  const bool existed = Exists(data);
  if (existed && (!fs::is_directory(data, error) || !fs::is_empty(data, error))) {
    return FailedPreconditionError(StrCat(
        {"the data directory ", data,
         " is not empty: a backup is restored only into a new or empty directory (nothing is "
         "overwritten)"}));
  }
  if (Inside(data, from)) {
    return FailedPreconditionError(
        "--data lies inside --from, which restore never modifies: choose a directory outside it");
  }
  fs::create_directories(data, error);
  if (error) {
    return UnavailableError(StrCat({"cannot create ", data, ": ", error.message()}));
  }
  // What was copied goes on any refusal: `data` is left as it was.
  auto undo = [&] {
    std::error_code ignored;
    if (!existed) {
      fs::remove_all(data, ignored);
      return;
    }
    for (fs::directory_iterator it(data, ignored), end; !ignored && it != end;
         it.increment(ignored)) {
      fs::remove_all(it->path(), ignored);
    }
  };
  const Status copied = CopyFiles(from, data);
  StatusOr<FileCount> files = copied.ok() ? MakePrivate(data) : StatusOr<FileCount>(copied);
  StatusOr<int64_t> requests = files.ok() ? OpenRestored(from, data) : files.status();
  // Opening made files of its own (the lock, a new manifest): private too.
  StatusOr<FileCount> made = requests.ok() ? MakePrivate(data) : requests.status();
  const Status synced = made.ok() ? Sync(data, /*directory=*/true) : made.status();
  if (!synced.ok()) {
    undo();
    return synced;
  }
  return RestoreResult{*requests, files->files, files->bytes};
}

}  // namespace gongkai
