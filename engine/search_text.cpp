#include "engine/search_text.h"

#include <algorithm>
#include <cstdint>

#include "engine/utf8.h"

namespace gongkai {
namespace {

bool IsDropped(char32_t c) {
  if (c < 0x80)
    return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
  if (c >= 0x80 && c <= 0xBF) return true;      // Latin-1 controls, spaces, signs.
  if (c >= 0x2000 && c <= 0x206F) return true;  // General punctuation (—, “”, …).
  if (c >= 0x3000 && c <= 0x303F) return true;  // CJK spaces and punctuation (、。《》【】).
  if (c >= 0xFE30 && c <= 0xFE4F) return true;  // CJK compatibility forms.
  if (c == 0xFFFD) return true;
  return false;
}

// Full-width ASCII (U+FF01..U+FF5E) as ASCII, ASCII letters in lower case.
char32_t Fold(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) c = c - 0xFF01 + 0x21;
  if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
  return c;
}

}  // namespace

std::u32string NormalizeForSearch(std::string_view utf8) {
  std::u32string out;
  out.reserve(utf8.size());
  for (size_t i = 0; i < utf8.size();) {
    const DecodedCodePoint decoded = DecodeUtf8(utf8, i);
    i += decoded.length;
    const char32_t c = Fold(decoded.code);
    if (decoded.valid && !IsDropped(c)) out.push_back(c);
  }
  return out;
}

std::vector<Bigram> BigramsOf(std::u32string_view normalized) {
  std::vector<Bigram> grams;
  for (size_t i = 0; i + 1 < normalized.size(); ++i) {
    grams.emplace_back(normalized[i], normalized[i + 1]);
  }
  std::sort(grams.begin(), grams.end());
  grams.erase(std::unique(grams.begin(), grams.end()), grams.end());
  return grams;
}

namespace {

// The two bits of a bigram in a signature.
std::pair<unsigned, unsigned> SignatureBits(const Bigram& gram) {
  uint64_t h = (uint64_t(gram.first) << 21 | gram.second) * 0x9E3779B97F4A7C15ull;
  h ^= h >> 29;
  return {unsigned(h & 127), unsigned((h >> 7) & 127)};
}

}  // namespace

std::string BigramSignature(const std::vector<Bigram>& grams) {
  std::string signature(kSignatureBytes, '\0');
  for (const Bigram& gram : grams) {
    const auto [a, b] = SignatureBits(gram);
    signature[a / 8] = char(signature[a / 8] | (1 << (a % 8)));
    signature[b / 8] = char(signature[b / 8] | (1 << (b % 8)));
  }
  return signature;
}

bool SignatureHolds(std::string_view signature, const std::vector<Bigram>& grams) {
  if (signature.size() != kSignatureBytes) return true;
  const auto bit = [&signature](unsigned i) { return (signature[i / 8] >> (i % 8)) & 1; };
  for (const Bigram& gram : grams) {
    const auto [a, b] = SignatureBits(gram);
    if (!bit(a) || !bit(b)) return false;
  }
  return true;
}

bool MatchesSearch(std::string_view text, std::u32string_view needle) {
  return NormalizeForSearch(text).find(needle) != std::u32string::npos;
}

}  // namespace gongkai
