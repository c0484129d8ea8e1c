#include "cli/language.h"

namespace gongkai::cli {
namespace {
Lang user_lang = Lang::kZh;
}  // namespace

Lang UserLang() { return user_lang; }

void SetUserLang(Lang lang) { user_lang = lang; }

std::string Say(std::string_view english) { return Translate(english, user_lang); }

std::optional<std::string> LangFlag(const std::vector<std::string>& words) {
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i] == "--") break;
    if (words[i] == "--lang" && i + 1 < words.size()) return words[i + 1];
    if (words[i].rfind("--lang=", 0) == 0) return words[i].substr(7);
  }
  return std::nullopt;
}

}  // namespace gongkai::cli
