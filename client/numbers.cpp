#include "client/numbers.h"

#include <charconv>
#include <optional>

namespace gongkai::client {
namespace {

// The whole of `text` as digits only (no sign, no spaces), or nullopt.
std::optional<int64_t> Digits(const std::string& text) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

StatusOr<int> ParseInt(const std::string& text, const std::string& what, int min, int max) {
  int value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < min || value > max) {
    return InvalidArgumentError(what + " must be a whole number from " + std::to_string(min) +
                                " to " + std::to_string(max) + ", not '" + Excerpt(text, 20) + "'");
  }
  return value;
}

StatusOr<int64_t> ParseYuan(const std::string& text, const std::string& what) {
  const size_t dot = text.find('.');
  const std::string whole = text.substr(0, dot);
  std::string cents = dot == std::string::npos ? "" : text.substr(dot + 1);
  while (cents.size() < 2) cents += "0";
  const auto yuan = whole.size() <= 9 ? Digits(whole) : std::nullopt;
  const auto fen = cents.size() == 2 ? Digits(cents) : std::nullopt;
  if (!yuan || !fen) {
    return InvalidArgumentError(what + " must be yuan with at most two decimals, e.g. 12.50");
  }
  return *yuan * 100 + *fen;
}

}  // namespace gongkai::client
