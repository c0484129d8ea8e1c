#include "engine/messages.h"

#include <map>
#include <utility>
#include <vector>

#include "engine/messages_zh.h"
#include "engine/strings.h"

namespace gongkai {
namespace {

constexpr int kMaxDepth = 4;  // Captures translated inside captures, at most.

// A pattern cut at its placeholders: literals.size() == placeholders + 1.
struct Compiled {
  std::vector<std::string_view> literals;
  size_t literal_bytes = 0;
  std::string_view chinese;
};

const std::vector<Compiled>& CompiledCatalogue() {
  static const std::vector<Compiled> compiled = [] {
    std::vector<Compiled> all;
    for (const MessageEntry& entry : MessageCatalogue()) {
      Compiled c;
      c.chinese = entry.chinese;
      std::string_view rest = entry.english;
      for (size_t at = rest.find("{}"); at != std::string_view::npos; at = rest.find("{}")) {
        c.literals.push_back(rest.substr(0, at));
        rest.remove_prefix(at + 2);
      }
      c.literals.push_back(rest);
      for (std::string_view literal : c.literals) c.literal_bytes += literal.size();
      all.push_back(std::move(c));
    }
    return all;
  }();
  return compiled;
}

// Matches text[pos..] against the literals from `k` on (a capture before
// each), filling `captures`.
bool MatchFrom(const Compiled& c, size_t k, std::string_view text, size_t pos,
               std::vector<std::string_view>& captures) {
  const std::string_view literal = c.literals[k];
  if (k + 1 == c.literals.size()) {  // The last literal ends the text.
    if (text.size() < pos + 1 + literal.size()) return false;
    if (text.substr(text.size() - literal.size()) != literal) return false;
    captures.push_back(text.substr(pos, text.size() - literal.size() - pos));
    return true;
  }
  for (size_t at = text.find(literal, pos + 1); at != std::string_view::npos;
       at = text.find(literal, at + 1)) {
    captures.push_back(text.substr(pos, at - pos));
    if (MatchFrom(c, k + 1, text, at + literal.size(), captures)) return true;
    captures.pop_back();
  }
  return false;
}

bool Match(const Compiled& c, std::string_view text, std::vector<std::string_view>& captures) {
  captures.clear();
  if (text.substr(0, c.literals[0].size()) != c.literals[0]) return false;
  if (c.literals.size() == 1) return text.size() == c.literals[0].size();
  return MatchFrom(c, 1, text, c.literals[0].size(), captures);
}

std::optional<std::string> TranslateZh(std::string_view english, int depth);

// "clerk or officer", "clerk,officer": code words joined by `separator`,
// each named in Chinese and joined by `joiner`; nullopt unless every part is
// a code word.
std::optional<std::string> CodeList(std::string_view part, std::string_view separator,
                                    std::string_view joiner) {
  if (part.find(separator) == std::string_view::npos) return std::nullopt;
  std::string out;
  while (true) {
    const size_t at = part.find(separator);
    auto code = internal::ChineseOfAnyCode(part.substr(0, at));
    if (!code) return std::nullopt;
    out += *code;
    if (at == std::string_view::npos) return out;
    out += joiner;
    part.remove_prefix(at + separator.size());
  }
}

std::string TranslatePart(std::string_view part, int depth) {
  if (depth < kMaxDepth) {
    if (auto translated = TranslateZh(part, depth + 1)) return *translated;
  }
  if (auto code = internal::ChineseOfAnyCode(part)) return *code;
  if (auto list = CodeList(part, " or ", "或")) return *list;
  if (auto list = CodeList(part, ",", "、")) return *list;
  return std::string(part);
}

std::string Fill(std::string_view chinese, const std::vector<std::string_view>& captures,
                 int depth) {
  std::string out;
  for (size_t i = 0; i < chinese.size();) {
    if (chinese[i] == '{') {
      const size_t close = chinese.find('}', i);
      if (close != std::string_view::npos) {
        std::string_view ref = chinese.substr(i + 1, close - i - 1);
        const bool translated = !ref.empty() && ref[0] == '~';
        if (translated) ref.remove_prefix(1);
        size_t n = 0;
        bool digits = !ref.empty();
        for (char ch : ref) {
          if (ch < '0' || ch > '9') digits = false;
          if (digits) n = n * 10 + size_t(ch - '0');
        }
        if (digits && n >= 1 && n <= captures.size()) {
          out += translated ? TranslatePart(captures[n - 1], depth) : std::string(captures[n - 1]);
          i = close + 1;
          continue;
        }
      }
    }
    out += chinese[i];
    ++i;
  }
  return out;
}

std::optional<std::string> TranslateZh(std::string_view english, int depth) {
  const Compiled* best = nullptr;
  std::vector<std::string_view> captures, best_captures;
  for (const Compiled& c : CompiledCatalogue()) {
    if (best != nullptr && c.literal_bytes <= best->literal_bytes) continue;
    if (Match(c, english, captures)) {
      best = &c;
      best_captures = captures;
    }
  }
  if (best == nullptr) return std::nullopt;
  return Fill(best->chinese, best_captures, depth);
}

bool StartsWith(const char* value, std::string_view prefix) {
  return std::string_view(value).substr(0, prefix.size()) == prefix;
}

}  // namespace

Lang ChooseLang(const std::optional<std::string>& flag, const char* lc_all, const char* lc_messages,
                const char* lang) {
  if (flag == "zh") return Lang::kZh;
  if (flag == "en") return Lang::kEn;
  for (const char* locale : {lc_all, lc_messages, lang}) {
    if (locale == nullptr || *locale == '\0') continue;
    return StartsWith(locale, "en") ? Lang::kEn : Lang::kZh;
  }
  return Lang::kZh;
}

std::string_view LangWord(Lang lang) { return lang == Lang::kEn ? "en" : "zh"; }

std::string Translate(std::string_view english, Lang lang) {
  if (lang == Lang::kEn) return std::string(english);
  if (auto translated = TranslateZh(english, 0)) return *translated;
  return std::string(english);
}

std::span<const MessageEntry> MessageCatalogue() { return internal::ZhCatalogue(); }

namespace internal {

std::string NameOfCode(std::string_view enum_name, std::string_view word, Lang lang) {
  if (lang == Lang::kEn) return std::string(word);
  if (auto name = ZhCodeName(enum_name, word)) return std::string(*name);
  return std::string(word);
}

std::optional<std::string> ChineseOfAnyCode(std::string_view word) {
  if (auto name = ZhCodeName("", word)) return std::string(*name);
  return std::nullopt;
}

}  // namespace internal

std::string StatusCodeTitle(StatusCode code, Lang lang) {
  return internal::NameOfCode("StatusCode", StatusCodeName(code), lang);
}

std::string DescribeStatus(const Status& status, Lang lang) {
  const std::string_view word = StatusCodeName(status.code());
  if (lang == Lang::kEn) return StrCat({word, ": ", status.message()});
  return StrCat(
      {StatusCodeTitle(status.code(), lang), " (", word, "): ", Translate(status.message(), lang)});
}

}  // namespace gongkai
