// Decoding UTF-8 one code point at a time, for the code that measures or
// compares text by characters (cli/display_width.h, engine/search_text.h).
//
// Thread safety: pure function.
#ifndef GONGKAI_ENGINE_UTF8_H_
#define GONGKAI_ENGINE_UTF8_H_

#include <cstddef>
#include <string_view>

namespace gongkai {

struct DecodedCodePoint {
  char32_t code = 0;   // The code point; for a malformed sequence, its first byte.
  size_t length = 1;   // Bytes taken: a byte that starts no well-formed sequence is taken alone.
  bool valid = false;  // False for such a byte.
};

// The code point starting at `text[at]` (at < text.size()).
inline DecodedCodePoint DecodeUtf8(std::string_view text, size_t at) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  const size_t length = lead < 0x80           ? 1
                        : (lead >> 5) == 0x6  ? 2
                        : (lead >> 4) == 0xE  ? 3
                        : (lead >> 3) == 0x1E ? 4
                                              : 0;
  if (length == 0 || at + length > text.size()) return {lead, 1, false};
  char32_t code = length == 1 ? lead : lead & (0x7F >> length);
  for (size_t i = 1; i < length; ++i) {
    if ((byte(at + i) >> 6) != 0x2) return {lead, 1, false};
    code = (code << 6) | (byte(at + i) & 0x3F);
  }
  return {code, length, true};
}

}  // namespace gongkai

#endif  // GONGKAI_ENGINE_UTF8_H_
