#include "engine/store/rocks_manifest_seal.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string_view>

#include "engine/store/rocks_log_check.h"
#include "engine/strings.h"

namespace gongkai::rocks_internal {
namespace {

namespace fs = std::filesystem;

struct Seal {
  std::string manifest;  // "MANIFEST-000036"
  uint64_t bytes = 0;
  uint64_t newest_log = 0;  // 41 for 000041.log; 0 when none must exist.
};

// One seal written at a time in the process: the listener's threads, an
// open and a checkpoint would otherwise share the staging file.
std::mutex& SealMutex() {
  static std::mutex mutex;
  return mutex;
}

std::optional<std::string> ReadSmallFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return text.str();
}

// `text` read whole as a decimal number, or nullopt.
std::optional<uint64_t> WholeNumber(std::string_view text) {
  uint64_t number = 0;
  const char* end = text.data() + text.size();
  const auto [at, error] = std::from_chars(text.data(), end, number);
  if (error != std::errc() || at != end) return std::nullopt;
  return number;
}

// The number of a "MANIFEST-<digits>" name, or nullopt.
std::optional<uint64_t> ManifestNumber(std::string_view name) {
  constexpr std::string_view kPrefix = "MANIFEST-";
  if (!name.starts_with(kPrefix)) return std::nullopt;
  return WholeNumber(name.substr(kPrefix.size()));
}

// The MANIFEST CURRENT names, or nullopt when CURRENT is missing or odd
// (RocksDB's open says what is wrong then).
std::optional<std::string> CurrentManifest(const std::string& directory) {
  auto text = ReadSmallFile(fs::path(directory) / "CURRENT");
  if (!text || text->empty() || text->back() != '\n') return std::nullopt;
  text->pop_back();
  if (!ManifestNumber(*text)) return std::nullopt;
  return text;
}

// The number of the newest write-ahead log in `directory`, 0 when it holds
// none (RocksDB numbers its files from 1); nullopt when the directory
// cannot be listed.
std::optional<uint64_t> NewestLogNumber(const std::string& directory) {
  const auto logs = WriteAheadLogs(directory);
  if (!logs) return std::nullopt;
  return logs->empty() ? 0 : logs->rbegin()->first;
}

// RocksDB's name of log `number`: 000041.log.
std::string LogName(uint64_t number) {
  std::string digits = std::to_string(number);
  if (digits.size() < 6) digits.insert(0, 6 - digits.size(), '0');
  return StrCat({digits, ".log"});
}

// "MANIFEST-000036 1469 41\n" -> the seal; nullopt when malformed. A seal
// of the first version has no log ("MANIFEST-000036 1469\n").
std::optional<Seal> ParseSeal(std::string_view text) {
  if (!text.ends_with('\n')) return std::nullopt;
  text.remove_suffix(1);
  const size_t space = text.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  Seal seal{std::string(text.substr(0, space))};
  text.remove_prefix(space + 1);
  const size_t second = text.find(' ');
  const auto bytes = WholeNumber(text.substr(0, second));
  const auto newest_log = second == std::string_view::npos ? std::optional<uint64_t>(0)
                                                           : WholeNumber(text.substr(second + 1));
  if (!ManifestNumber(seal.manifest) || !bytes || !newest_log) return std::nullopt;
  seal.bytes = *bytes;
  seal.newest_log = *newest_log;
  return seal;
}

Status SystemError(const std::string& what, const std::string& path, int error) {
  return UnavailableError(StrCat({"cannot ", what, " ", path, ": ", std::strerror(error)}));
}

// The length of the file at `path`, every byte of it synced to the disk.
// (The length is taken before the sync, so every byte it counts is on disk
// once the sync returns, whatever RocksDB appends meanwhile.)
StatusOr<uint64_t> SyncedLength(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return SystemError("open", path, errno);
  struct stat st {};
  const bool synced = fstat(fd, &st) == 0 && fdatasync(fd) == 0;
  const int error = errno;
  close(fd);
  if (!synced) return SystemError("sync", path, error);
  return uint64_t(st.st_size);
}

Status SyncDirectory(const std::string& directory) {
  const int fd = open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return SystemError("open", directory, errno);
  const bool synced = fsync(fd) == 0;
  const int error = errno;
  close(fd);
  return synced ? OkStatus() : SystemError("sync", directory, error);
}

// Writes `text` whole into a new file at `path` (mode 0600), synced.
Status WriteSyncedFile(const std::string& path, const std::string& text) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return SystemError("create", path, errno);
  const ssize_t written = write(fd, text.data(), text.size());
  // A short write of a few bytes means the disk refused the rest.
  const int error = written < 0 ? errno : EIO;
  const bool whole = written == ssize_t(text.size());
  const bool synced = whole && fsync(fd) == 0;
  const int sync_error = errno;
  close(fd);
  if (!whole) return SystemError("write", path, error);
  if (!synced) return SystemError("sync", path, sync_error);
  return OkStatus();
}

}  // namespace

Status SealManifest(const std::string& directory, LogState log_state) {
  std::lock_guard<std::mutex> lock(SealMutex());
  const std::optional<std::string> manifest = CurrentManifest(directory);
  if (!manifest) {
    return UnavailableError(
        StrCat({"cannot seal ", directory, ": CURRENT is missing or names no MANIFEST"}));
  }
  // RocksDB never deletes its newest log without making a newer one first,
  // so from now on a log at least as new must exist.
  std::optional<uint64_t> log = 0;
  if (log_state == LogState::kMayHoldChanges) log = NewestLogNumber(directory);
  if (!log) return UnavailableError(StrCat({"cannot seal ", directory, ": it cannot be listed"}));
  auto bytes = SyncedLength((fs::path(directory) / *manifest).string());
  if (!bytes.ok()) return bytes.status();
  const std::string path = (fs::path(directory) / kManifestSealFile).string();
  const std::string staged = StrCat({path, ".tmp"});
  GONGKAI_RETURN_IF_ERROR(WriteSyncedFile(
      staged, StrCat({*manifest, " ", std::to_string(*bytes), " ", std::to_string(*log), "\n"})));
  if (rename(staged.c_str(), path.c_str()) != 0) return SystemError("rename", staged, errno);
  return SyncDirectory(directory);
}

std::optional<SealDamageFound> SealDamage(const std::string& directory) {
  const fs::path seal_path = fs::path(directory) / kManifestSealFile;
  std::error_code error;
  const fs::file_status status = fs::status(seal_path, error);
  if (status.type() == fs::file_type::not_found) {
    spdlog::info(
        "store: {} holds no record of its MANIFEST's length yet (a database or backup "
        "from before such records): it is written once opened",
        directory);
    return std::nullopt;
  }
  const std::optional<std::string> text = error ? std::nullopt : ReadSmallFile(seal_path);
  const std::optional<Seal> seal = text ? ParseSeal(*text) : std::nullopt;
  if (!seal) {
    return SealDamageFound{
        "unreadable",
        StrCat({seal_path.string(),
                " (the record of the MANIFEST's length) cannot be read or is damaged"})};
  }
  // A directory that cannot be listed: RocksDB's open refuses it, saying why.
  const std::optional<uint64_t> newest = NewestLogNumber(directory);
  if (newest && *newest < seal->newest_log) {
    return SealDamageFound{
        "missing", StrCat({"the write-ahead log ", LogName(seal->newest_log), " is missing (",
                           *newest == 0 ? std::string("there is no log")
                                        : StrCat({"the newest is ", LogName(*newest)}),
                           "): the changes recorded in it since the last flush would be lost"})};
  }
  const std::optional<std::string> current = CurrentManifest(directory);
  if (!current) return std::nullopt;  // RocksDB's open refuses it, saying why.
  if (*current != seal->manifest) {
    // RocksDB moves to a new MANIFEST at every open and when one grows
    // large; only a move back is damage.
    if (*ManifestNumber(*current) > *ManifestNumber(seal->manifest)) return std::nullopt;
    return SealDamageFound{"truncated",
                           StrCat({"CURRENT names ", *current, ", older than ", seal->manifest,
                                   " which the database had reached"})};
  }
  const uintmax_t bytes = fs::file_size(fs::path(directory) / *current, error);
  if (error) return std::nullopt;  // A missing MANIFEST: RocksDB's open refuses it.
  if (bytes >= seal->bytes) return std::nullopt;
  return SealDamageFound{
      "truncated", StrCat({*current, " is ", std::to_string(bytes), " bytes, shorter than the ",
                           std::to_string(seal->bytes),
                           " bytes it had synced: the changes recorded at its end would be lost"})};
}

void Reseal(const std::string& directory, LogState log_state) {
  const Status sealed = SealManifest(directory, log_state);
  if (!sealed.ok()) spdlog::error("store: {}", sealed.message());
}

void ManifestSealer::OnFlushCompleted(rocksdb::DB*, const rocksdb::FlushJobInfo&) {
  Reseal(directory_);
}

}  // namespace gongkai::rocks_internal
