// "Did you mean ...?": the closest of some words to a mistyped one, for the
// command lines of gongkai and gongkaid.
//
// Thread safety: pure functions.
#ifndef GONGKAI_ENGINE_SUGGEST_H_
#define GONGKAI_ENGINE_SUGGEST_H_

#include <optional>
#include <string>
#include <vector>

namespace gongkai {

// Optimal string alignment distance: insertions, deletions, substitutions
// and transpositions of neighbours each count 1.
size_t EditDistance(const std::string& a, const std::string& b);

// The candidate closest to `word`, when it is close: at most a third of the
// word's letters (leading dashes not counted; at least one) apart.
std::optional<std::string> Closest(const std::string& word,
                                   const std::vector<std::string>& candidates);

}  // namespace gongkai

#endif  // GONGKAI_ENGINE_SUGGEST_H_
