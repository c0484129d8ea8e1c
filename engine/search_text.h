// The text side of search (gongkai search): how subjects, applicants' names
// and the words searched for are normalised, and the character bigrams the
// index keeps (engine/keys.h, SearchKey).
//
// Normalised text is a sequence of Unicode code points: ASCII letters in
// lower case, full-width ASCII forms (ＡＢＣ１２３) folded to ASCII,
// spaces, ASCII and CJK punctuation and control characters dropped. A
// search for TEXT matches a subject whose normalised form contains TEXT's
// normalised form, so "信息 公开" finds "信息公开" and "ABC" finds "abc".
// Malformed UTF-8 bytes are dropped.
//
// Thread safety: pure functions.
#ifndef GONGKAI_ENGINE_SEARCH_TEXT_H_
#define GONGKAI_ENGINE_SEARCH_TEXT_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gongkai {

using Bigram = std::pair<char32_t, char32_t>;

std::u32string NormalizeForSearch(std::string_view utf8);

// The distinct bigrams of normalised text, in ascending order;
// none for text shorter than two code points.
std::vector<Bigram> BigramsOf(std::u32string_view normalized);

// A 16-byte signature of a text's bigrams (a Bloom filter, two bits a
// bigram), stored with each of its postings: a search reading one posting
// list rules out most requests that lack another of its bigrams without a
// seek. SignatureHolds is true when every bigram of `grams` may be in the
// signed text (always for an empty or malformed signature).
inline constexpr size_t kSignatureBytes = 16;
std::string BigramSignature(const std::vector<Bigram>& grams);
bool SignatureHolds(std::string_view signature, const std::vector<Bigram>& grams);

// True when the normalised form of `text` contains `needle` (normalised).
bool MatchesSearch(std::string_view text, std::u32string_view needle);

}  // namespace gongkai

#endif  // GONGKAI_ENGINE_SEARCH_TEXT_H_
