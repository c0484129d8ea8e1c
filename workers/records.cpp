#include "workers/records.h"

#include <charconv>
#include <cinttypes>
#include <cstdio>

#include "engine/codes.h"

namespace gongkai {

StatusOr<uint64_t> ParseStoredNumber(std::string_view text, const char* what) {
  uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
    return InternalError(std::string("the stored ") + what + " is corrupt");
  }
  return value;
}

}  // namespace gongkai
