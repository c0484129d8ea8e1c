// What every harness in fuzz/ shares: FUZZ_CHECK, which prints the failed
// condition and aborts (libFuzzer then keeps the input as a crash), and the
// small checks the harnesses make of messages.
#ifndef GONGKAI_FUZZ_FUZZ_CHECK_H_
#define GONGKAI_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>
#include <string_view>

// Aborts when `condition` is false, naming it. Unlike assert, also in
// Release builds (the ctest corpus replays run in CI's Release build).
#define FUZZ_CHECK(condition)                                                                 \
  do {                                                                                        \
    if (!(condition)) {                                                                       \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                           \
    }                                                                                         \
  } while (false)

namespace gongkai::fuzz {

// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or
// code points past U+10FFFF): what a protobuf string field and a terminal
// accept. Error messages quote their input, and must not cut a character.
inline bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    size_t length = 0;
    unsigned int code_point = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
      code_point = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      code_point = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      code_point = c & 0x07u;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0u) != 0x80u) return false;
      code_point = (code_point << 6) | (next & 0x3Fu);
    }
    if ((length == 3 && code_point < 0x800) || (length == 4 && code_point < 0x10000) ||
        (code_point >= 0xD800 && code_point <= 0xDFFF) || code_point > 0x10FFFF) {
      return false;
    }
    i += length;
  }
  return true;
}

}  // namespace gongkai::fuzz

#endif  // GONGKAI_FUZZ_FUZZ_CHECK_H_
