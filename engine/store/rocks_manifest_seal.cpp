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
#include <sstream>

#include "engine/strings.h"

namespace gongkai::rocks_internal {
namespace {

namespace fs = std::filesystem;

struct Seal {
  std::string manifest;  // "MANIFEST-000036"
  uint64_t bytes = 0;
};

std::optional<std::string> ReadSmallFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return text.str();
}

// The number of a "MANIFEST-<digits>" name, or nullopt.
std::optional<uint64_t> ManifestNumber(std::string_view name) {
  constexpr std::string_view kPrefix = "MANIFEST-";
  if (name.size() <= kPrefix.size() || name.substr(0, kPrefix.size()) != kPrefix) {
    return std::nullopt;
  }
  uint64_t number = 0;
  const char* end = name.data() + name.size();
  const auto [at, error] = std::from_chars(name.data() + kPrefix.size(), end, number);
  if (error != std::errc() || at != end) return std::nullopt;
  return number;
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

// "MANIFEST-000036 1469\n" -> the seal; nullopt when malformed.
std::optional<Seal> ParseSeal(const std::string& text) {
  const size_t space = text.find(' ');
  if (space == std::string::npos || text.empty() || text.back() != '\n') return std::nullopt;
  Seal seal{text.substr(0, space), 0};
  if (!ManifestNumber(seal.manifest)) return std::nullopt;
  const char* begin = text.data() + space + 1;
  const char* end = text.data() + text.size() - 1;
  const auto [at, error] = std::from_chars(begin, end, seal.bytes);
  if (error != std::errc() || at != end || begin == end) return std::nullopt;
  return seal;
}

// fsync()s `path` (a file or, with O_DIRECTORY, a directory).
bool SyncPath(const std::string& path, int flags, std::string* error) {
  const int fd = open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0 || fsync(fd) != 0) {
    *error = StrCat({"cannot sync ", path, ": ", std::strerror(errno)});
    if (fd >= 0) close(fd);
    return false;
  }
  close(fd);
  return true;
}

bool WriteSeal(const std::string& directory, const Seal& seal, std::string* error) {
  const std::string path = (fs::path(directory) / kManifestSealFile).string();
  const std::string staged = path + ".tmp";
  const std::string text = StrCat({seal.manifest, " ", std::to_string(seal.bytes), "\n"});
  const int fd = open(staged.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    *error = StrCat({"cannot create ", staged, ": ", std::strerror(errno)});
    return false;
  }
  const bool written =
      write(fd, text.data(), text.size()) == ssize_t(text.size()) && fsync(fd) == 0;
  const int saved = errno;
  close(fd);
  if (!written || rename(staged.c_str(), path.c_str()) != 0) {
    *error = StrCat({"cannot write ", path, ": ", std::strerror(written ? errno : saved)});
    return false;
  }
  return SyncPath(directory, O_RDONLY | O_DIRECTORY, error);
}

}  // namespace

bool SealManifest(const std::string& directory, std::string* error) {
  const std::optional<std::string> manifest = CurrentManifest(directory);
  if (!manifest) {
    *error = "CURRENT is missing or does not name a MANIFEST";
    return false;
  }
  const std::string path = (fs::path(directory) / *manifest).string();
  // The length is taken before the sync, so every byte it counts is on disk
  // once the sync returns, whatever RocksDB appends meanwhile.
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) {
    *error = StrCat({"cannot read ", path, ": ", std::strerror(errno)});
    return false;
  }
  if (!SyncPath(path, O_RDONLY, error)) return false;
  return WriteSeal(directory, Seal{*manifest, uint64_t(st.st_size)}, error);
}

std::optional<std::string> ManifestDamage(const std::string& directory) {
  const fs::path seal_path = fs::path(directory) / kManifestSealFile;
  std::error_code error;
  if (!fs::exists(seal_path, error)) return std::nullopt;
  const std::optional<std::string> text = ReadSmallFile(seal_path);
  const std::optional<Seal> seal = text ? ParseSeal(*text) : std::nullopt;
  if (!seal) {
    return StrCat(
        {seal_path.string(), " (the record of the MANIFEST's length) is unreadable or damaged"});
  }
  const std::optional<std::string> current = CurrentManifest(directory);
  if (!current) return std::nullopt;  // RocksDB's open refuses it, saying why.
  if (*current != seal->manifest) {
    // RocksDB moves to a new MANIFEST at every open and when one grows
    // large; only a move back is damage.
    if (*ManifestNumber(*current) > *ManifestNumber(seal->manifest)) return std::nullopt;
    return StrCat({"CURRENT names ", *current, ", older than ", seal->manifest,
                   " which the database had reached"});
  }
  const uintmax_t bytes = fs::file_size(fs::path(directory) / *current, error);
  if (error) return std::nullopt;  // A missing MANIFEST: RocksDB's open refuses it.
  if (bytes >= seal->bytes) return std::nullopt;
  return StrCat({*current, " is ", std::to_string(bytes), " bytes, shorter than the ",
                 std::to_string(seal->bytes),
                 " bytes it had synced: the changes recorded at its end would be lost"});
}

void ManifestSealer::OnFlushCompleted(rocksdb::DB*, const rocksdb::FlushJobInfo&) { Reseal(); }

void ManifestSealer::OnCompactionCompleted(rocksdb::DB*, const rocksdb::CompactionJobInfo&) {
  Reseal();
}

void ManifestSealer::Reseal() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string error;
  if (SealManifest(directory_, &error)) {
    failure_logged_ = false;
    return;
  }
  // Once per run of failures: a full disk would otherwise log at every flush.
  if (!failure_logged_) {
    spdlog::warn("store: cannot record the MANIFEST's length: {}", error);
    failure_logged_ = true;
  }
}

}  // namespace gongkai::rocks_internal
