// The records of a file in RocksDB's log format (a write-ahead log or a
// MANIFEST: 32 KiB blocks of records, each a 7-byte header, CRC-32C,
// little-endian 16-bit length, type, then its payload; a block's last
// bytes too few for a header are padding), for tests that damage them.
#ifndef GONGKAI_TESTS_WORKERS_LOG_RECORDS_H_
#define GONGKAI_TESTS_WORKERS_LOG_RECORDS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace gongkai::test {

inline constexpr size_t kLogHeaderBytes = 7;

// The payload length in the header of the record at `at` in `log`.
inline size_t LogRecordLength(const std::string& log, size_t at) {
  return size_t(uint8_t(log[at + 4])) | size_t(uint8_t(log[at + 5])) << 8;
}

// The offset of each record's header in `log`, in order.
inline std::vector<size_t> LogRecords(const std::string& log) {
  constexpr size_t kBlock = 32768;
  std::vector<size_t> records;
  size_t at = 0;
  while (at + kLogHeaderBytes <= log.size()) {
    if (kBlock - at % kBlock < kLogHeaderBytes) {
      at += kBlock - at % kBlock;  // The block's trailer.
      continue;
    }
    records.push_back(at);
    at += kLogHeaderBytes + LogRecordLength(log, at);
  }
  return records;
}

}  // namespace gongkai::test

#endif  // GONGKAI_TESTS_WORKERS_LOG_RECORDS_H_
