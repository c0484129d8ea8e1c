// The language the client speaks to its user (engine/messages.h): chosen
// once per run, before the command line is built, by main from --lang and
// the locale (ChooseLang), and read wherever text meets the user: errors,
// tables, the request's explanation, alerts, help. Text for machines (JSON
// codes, CSV) does not depend on it.
//
// Thread safety: set once at the start, before any other thread; read only
// afterwards.
#ifndef GONGKAI_CLI_LANGUAGE_H_
#define GONGKAI_CLI_LANGUAGE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/messages.h"

namespace gongkai::cli {

// Chinese until set.
Lang UserLang();
void SetUserLang(Lang lang);

// `english` (a message id of the catalogue) in the user's language.
std::string Say(std::string_view english);

// Each of `lines` said in the user's language (an explanation's sentences).
template <typename Lines>
std::vector<std::string> SayAll(const Lines& lines) {
  std::vector<std::string> said;
  for (const auto& line : lines) said.push_back(Say(line));
  return said;
}

// The value of the first --lang VALUE or --lang=VALUE among `words` (the
// words after the program's name), or nullopt.
std::optional<std::string> LangFlag(const std::vector<std::string>& words);

}  // namespace gongkai::cli

#endif  // GONGKAI_CLI_LANGUAGE_H_
