#include "engine/store/rocks_log_check.h"

#include <array>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <vector>

namespace gongkai::rocks_internal {
namespace {

// RocksDB's write-ahead log format (db/log_format.h): 32 KiB blocks of
// records, each a 7-byte header (masked CRC-32C of the type and payload,
// little-endian 16-bit length, type) and its payload; a record never
// crosses a block.
constexpr size_t kLogBlockSize = 32768;
constexpr size_t kLogHeaderSize = 7;

uint32_t Crc32c(uint32_t crc, const unsigned char* data, size_t size) {
  static const auto table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  for (size_t i = 0; i < size; ++i) crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
  return crc;
}

// True when a complete, intact record (a full, first, middle or last
// fragment whose checksum matches) starts at `at` in `block`.
bool IntactRecordAt(const unsigned char* block, size_t size, size_t at) {
  if (at + kLogHeaderSize > size) return false;
  const unsigned char* header = block + at;
  const unsigned char type = header[6];
  if (type < 1 || type > 4) return false;
  const size_t length = size_t(header[4]) | size_t(header[5]) << 8;
  if (at + kLogHeaderSize + length > size) return false;
  uint32_t crc = Crc32c(~0u, header + 6, 1 + length) ^ ~0u;
  crc = ((crc >> 15) | (crc << 17)) + 0xa282ead8u;  // RocksDB's crc32c::Mask.
  const uint32_t stored = uint32_t(header[0]) | uint32_t(header[1]) << 8 |
                          uint32_t(header[2]) << 16 | uint32_t(header[3]) << 24;
  return crc == stored;
}

}  // namespace

std::optional<uint64_t> SilentlySkippedRecord(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<unsigned char> block(kLogBlockSize);
  for (uint64_t offset = 0; in; offset += kLogBlockSize) {
    in.read(reinterpret_cast<char*>(block.data()), std::streamsize(block.size()));
    const size_t size = size_t(in.gcount());
    const bool last = size < kLogBlockSize;
    auto intact_from = [&](size_t from) -> std::optional<uint64_t> {
      for (size_t at = from; at + kLogHeaderSize <= size; ++at) {
        if (IntactRecordAt(block.data(), size, at)) return offset + at;
      }
      return std::nullopt;
    };
    size_t at = 0;
    while (at + kLogHeaderSize <= size) {
      const size_t length = size_t(block[at + 4]) | size_t(block[at + 5]) << 8;
      if (at + kLogHeaderSize + length > size) {
        if (last) return intact_from(at + 1);
        break;  // RocksDB reports a bad record length.
      }
      if (block[at + 6] == 0 && length == 0) {
        if (auto found = intact_from(at + 1)) return found;
        break;
      }
      at += kLogHeaderSize + length;
    }
    if (last) break;
  }
  return std::nullopt;
}

std::optional<std::map<uint64_t, std::string>> WriteAheadLogs(const std::string& directory) {
  namespace fs = std::filesystem;
  constexpr std::string_view kSuffix = ".log";
  std::map<uint64_t, std::string> logs;
  std::error_code error;
  for (fs::directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (name.size() <= kSuffix.size() || !name.ends_with(kSuffix)) continue;
    uint64_t number = 0;
    const char* digits_end = name.data() + name.size() - kSuffix.size();
    const auto [at, parse_error] = std::from_chars(name.data(), digits_end, number);
    std::error_code type_error;
    if (parse_error != std::errc() || at != digits_end || !it->is_regular_file(type_error)) {
      continue;
    }
    logs.emplace(number, it->path().string());
  }
  if (error) return std::nullopt;
  return logs;
}

}  // namespace gongkai::rocks_internal
