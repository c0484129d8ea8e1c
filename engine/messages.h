// The one message catalogue: what gongkai says to a person, in Simplified
// Chinese (the default) or English.
//
// The engine and the workers produce their messages in English, and that
// English text is the message's id (as gettext's msgid): it is what the
// daemon logs and what the wire carries. Translation happens where text
// meets a person (the client, cli/), through Translate and NameOf below.
// Codes (status, outcome, level, channel... words and status codes) stay the
// English words wherever a machine reads them (JSON, CSV, the wire).
//
// The catalogue (engine/messages_zh*.cpp) is a table of entries
//   {English pattern, Chinese template}.
// A pattern is literal text with `{}` placeholders; a placeholder captures
// any non-empty text. A pattern matches a message when it matches all of it
// (anchored at both ends). Literals are matched non-greedily, backtracking
// when the rest does not match. When several patterns match, the one with
// the most literal text wins (so "Art. 21(4)" beats "Art. {}"). The template
// names the captures by position, so the word order may change:
//   {1}   the first capture as it is (an id, a date, a name);
//   {~1}  the first capture translated in its turn: by the catalogue when an
//         entry matches it, else as a code word (NameOf), else as it is.
// Messages are joined from parts ("the request id is missing", "--on: " +
// a date's message): a {~n} capture is how a template translates the part.
//
// Thread safety: pure functions over static tables.
#ifndef GONGKAI_ENGINE_MESSAGES_H_
#define GONGKAI_ENGINE_MESSAGES_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "engine/codes.h"
#include "engine/status.h"

namespace gongkai {

enum class Lang { kZh, kEn };

// The language a person is spoken to in. `flag` (the --lang value) wins when
// it is "zh" or "en" (any other flag value: as if absent; the command line
// refuses it itself). Otherwise the first of LC_ALL, LC_MESSAGES and LANG
// that is set and not empty decides: one starting with "en" (en_US.UTF-8,
// en) is English, any other (zh_CN.UTF-8, C, POSIX) Chinese. None set:
// Chinese.
Lang ChooseLang(const std::optional<std::string>& flag, const char* lc_all, const char* lc_messages,
                const char* lang);

// "zh" or "en".
std::string_view LangWord(Lang lang);

// `english` in `lang`: kEn returns it unchanged; kZh the catalogue's Chinese
// for the entry matching it, or `english` unchanged when none does.
std::string Translate(std::string_view english, Lang lang);

// One catalogue entry: an English pattern and its Chinese template.
struct MessageEntry {
  std::string_view english;
  std::string_view chinese;
};
// Every entry of the catalogue (for its tests).
std::span<const MessageEntry> MessageCatalogue();

namespace internal {
// The display name of `word`, a code of the enum named `enum_name`
// ("RequestStatus"): in Chinese the law's term; in English the word itself.
// An unknown word is returned as it is.
std::string NameOfCode(std::string_view enum_name, std::string_view word, Lang lang);
// The Chinese name of a code word of any enum, or nullopt.
std::optional<std::string> ChineseOfAnyCode(std::string_view word);
}  // namespace internal

// The display name of a code for a person: RequestStatus (awaiting_correction
// -> 待补正), AlertLevel, Outcome (the 2021 report row, engine/codes.h),
// Channel, ApplicantType, AppealKind, AppealResult, Role. In English: the
// code word itself.
template <typename Enum>
std::string NameOf(Enum value, Lang lang) {
  return internal::NameOfCode(google::protobuf::GetEnumDescriptor<Enum>()->name(), CodeOf(value),
                              lang);
}

// A status code for a person: 参数错误 for invalid_argument; in English
// the code word.
std::string StatusCodeTitle(StatusCode code, Lang lang);

// "CODE_TITLE (code): MESSAGE" in Chinese, "code: MESSAGE" in English, the
// message translated: how the client prints an engine's refusal.
std::string DescribeStatus(const Status& status, Lang lang);

}  // namespace gongkai

#endif  // GONGKAI_ENGINE_MESSAGES_H_
