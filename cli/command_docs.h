// The words of the client's help, in one place: for each command its
// description, one example command line and the description of each of its
// options and positional words; the options several commands share are
// described once. `gongkai --help` and `gongkai COMMAND --help` print
// nothing else, so a message catalogue translating them has one table to
// follow.
//
// A description may name the words of a code list: {channel},
// {applicant_type}, {outcome}, {appeal_kind} and {appeal_result} stand for
// the codes of that enum (engine/codes.h), spelled out by ExpandCodes.
//
// Thread safety: read-only static tables.
#ifndef GONGKAI_CLI_COMMAND_DOCS_H_
#define GONGKAI_CLI_COMMAND_DOCS_H_

#include <string>
#include <string_view>
#include <vector>

#include "engine/messages.h"

namespace gongkai::cli {

struct OptionDoc {
  std::string_view name;   // "--received", "-h,--help", or a positional word: "DATE".
  std::string_view value;  // The value's name ("DATE"); empty for a flag or a positional.
  std::string_view description;
};

struct CommandDoc {
  std::string_view path;     // "calendar add"; "" is gongkai itself.
  std::string_view section;  // Its heading in `gongkai --help`; empty: not listed there.
  std::string_view description;
  std::string_view example;  // One command line, "gongkai ...".
  std::vector<OptionDoc> options;
};

// The headings and fixed phrases of the help text.
struct HelpWords {
  std::string_view usage;           // "usage:"
  std::string_view arguments;       // Heading of the positional words.
  std::string_view options;         // Heading of a command's options.
  std::string_view global_options;  // Heading of gongkai's own options.
  std::string_view commands;        // Heading of a group's subcommands.
  std::string_view example;         // "example:"
  std::string_view repeatable;      // Appended to a repeatable option's description.
  std::string_view required;        // Appended to a required option's description.
  std::string_view common;          // The note under `gongkai --help`'s command list.
  std::string_view more;            // "gongkai COMMAND --help ..." under the list.
};

// Every command, in the order `gongkai --help` lists them, in the user's
// language (cli/language.h), or in `lang`: the Chinese of
// command_docs_zh.cpp laid over the English table.
const std::vector<CommandDoc>& CommandDocs();
const std::vector<CommandDoc>& CommandDocs(Lang lang);

// What has no Chinese in command_docs_zh.cpp: "'calendar add'" for a
// command, "'intake' --agency" for an option, "shared --on" for an option
// every command shares. Empty when the Chinese help is complete.
std::vector<std::string> MissingChinese();

// In the user's language, as CommandDocs(): the command at `path`, or
// nullptr.
const CommandDoc* FindCommandDoc(std::string_view path);

// The option or positional word `name` of the command at `path`: the
// command's own entry, else the shared one; nullptr when neither exists.
const OptionDoc* FindOptionDoc(std::string_view path, std::string_view name);

// True for the options described once for every command (--json, --lang,
// --help, --id-key, --actor): `gongkai --help` leaves them out of its command list.
bool IsCommonOption(std::string_view name);

// In the user's language.
const HelpWords& Words();

// `text` with {channel} and the other code lists spelled out.
std::string ExpandCodes(std::string_view text);

}  // namespace gongkai::cli

#endif  // GONGKAI_CLI_COMMAND_DOCS_H_
