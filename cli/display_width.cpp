#include "cli/display_width.h"

#include <cstdint>

#include "engine/utf8.h"

namespace gongkai::cli {
namespace {

// The code point at `text[at]` and its length in bytes; a byte that does
// not start a well-formed sequence is taken alone.
std::pair<uint32_t, size_t> Decode(std::string_view text, size_t at) {
  const DecodedCodePoint decoded = DecodeUtf8(text, at);
  return {uint32_t(decoded.code), decoded.length};
}

// East Asian Wide and Fullwidth ranges (Unicode's EastAsianWidth W and F,
// the blocks a Chinese office's text uses).
bool IsWide(uint32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
         (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

}  // namespace

size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (size_t at = 0; at < text.size();) {
    const auto [code, length] = Decode(text, at);
    width += IsWide(code) ? 2 : 1;
    at += length;
  }
  return width;
}

std::string FitToWidth(std::string_view text, size_t width) {
  std::string out;
  size_t used = 0;
  if (DisplayWidth(text) <= width) {
    out = std::string(text);
    used = DisplayWidth(text);
  } else if (width > 0) {
    for (size_t at = 0; at < text.size();) {
      const auto [code, length] = Decode(text, at);
      const size_t w = IsWide(code) ? 2 : 1;
      if (used + w > width - 1) break;  // Room for the "~".
      out.append(text.substr(at, length));
      used += w;
      at += length;
    }
    out += "~";
    ++used;
  }
  return out + std::string(width - used, ' ');
}

}  // namespace gongkai::cli
