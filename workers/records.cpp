#include "workers/records.h"

#include <charconv>
#include <cinttypes>
#include <cstdio>

#include "engine/codes.h"

namespace gongkai {

std::string DeadlineKey(Date on, const std::string& request_id) {
  return FormatDate(on) + "|" + request_id;
}

std::string SequenceKey(const std::string& agency, int year) {
  return "seq|" + agency + "|" + std::to_string(year);
}

std::string AlertKey(uint64_t sequence) {
  char key[32];
  std::snprintf(key, sizeof key, "seq|%020" PRIu64, sequence);
  return key;
}

std::string ReminderKey(uint64_t sequence) {
  char key[32];
  std::snprintf(key, sizeof key, "rem|%020" PRIu64, sequence);
  return key;
}

std::string AckKey(uint64_t sequence) {
  char key[32];
  std::snprintf(key, sizeof key, "ack|%020" PRIu64, sequence);
  return key;
}

std::string FiredKey(const std::string& request_id, v1::AlertLevel level, int version) {
  return "fired|" + request_id + "|" + CodeOf(level) + "|" + std::to_string(version);
}

StatusOr<uint64_t> ParseStoredNumber(std::string_view text, const char* what) {
  uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
    return InternalError(std::string("the stored ") + what + " is corrupt");
  }
  return value;
}

}  // namespace gongkai
