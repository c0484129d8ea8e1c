// The keys and values store_writer writes, shared with the test that
// checks them (rocks_kill_test.cpp).
#ifndef GONGKAI_TESTS_WORKERS_STORE_WRITER_KEYS_H_
#define GONGKAI_TESTS_WORKERS_STORE_WRITER_KEYS_H_

#include <cstdint>
#include <string>

namespace gongkai::test {

// "k000000000042": fixed width, so keys sort in write order.
inline std::string WriterKey(uint64_t n) {
  std::string key = std::to_string(n);
  if (key.size() < 12) key.insert(0, 12 - key.size(), '0');
  return key.insert(0, 1, 'k');
}

inline std::string WriterValue(uint64_t n, uint64_t bytes) {
  return std::string(bytes, char('a' + n % 26));
}

}  // namespace gongkai::test

#endif  // GONGKAI_TESTS_WORKERS_STORE_WRITER_KEYS_H_
