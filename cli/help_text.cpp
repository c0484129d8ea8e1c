#include "cli/help_text.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <sstream>
#include <string_view>
#include <vector>

#include "cli/command_docs.h"

namespace gongkai::cli {
namespace {

constexpr size_t kWidth = 100;      // Lines are wrapped before this column.
constexpr size_t kNameColumn = 30;  // Where option descriptions start, at most.
constexpr const char* kIndent = "  ";

// The columns `text` takes on a terminal: a character of three or four
// UTF-8 bytes (Chinese) takes two.
size_t Width(std::string_view text) {
  size_t width = 0;
  for (const unsigned char c : text) {
    if ((c & 0xC0) != 0x80) width += c >= 0xE0 ? 2 : 1;  // Not a continuation byte.
  }
  return width;
}

// True when `word` holds a wide (Chinese) character.
bool HasWide(std::string_view word) {
  return Width(word) > word.size() / 2 && word.size() != Width(word);
}

// `words` joined by spaces, wrapped: the first line starts with `first`,
// the next ones with `rest`. An ASCII word is never broken; Chinese text,
// which has no spaces, is broken between its characters.
std::string Wrap(const std::vector<std::string>& words, const std::string& first,
                 const std::string& rest) {
  std::string text = first;
  size_t width = Width(first);
  bool line_empty = true;
  for (const auto& word : words) {
    if (HasWide(word) && width + 1 + Width(word) > kWidth) {
      bool space = !line_empty;
      // Chunks: each wide character, and each run of ASCII (never broken).
      for (size_t at = 0; at < word.size();) {
        size_t end = at + 1;
        if (static_cast<unsigned char>(word[at]) < 0x80) {
          while (end < word.size() && static_cast<unsigned char>(word[end]) < 0x80) ++end;
        } else {
          while (end < word.size() && (static_cast<unsigned char>(word[end]) & 0xC0) == 0x80) ++end;
        }
        const std::string_view chunk(word.data() + at, end - at);
        if (width + (space ? 1 : 0) + Width(chunk) > kWidth) {
          text += "\n" + rest;
          width = Width(rest);
        } else if (space) {
          text += " ";
          ++width;
        }
        space = false;
        text += chunk;
        width += Width(chunk);
        at = end;
      }
      line_empty = false;
      continue;
    }
    if (!line_empty && width + 1 + Width(word) > kWidth) {
      text += "\n" + rest;
      width = Width(rest);
      line_empty = true;
    }
    if (!line_empty) {
      text += " ";
      ++width;
    }
    text += word;
    width += Width(word);
    line_empty = false;
  }
  return text + "\n";
}

std::vector<std::string> SplitWords(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

bool IsHelp(const CLI::Option& option) { return option.get_name() == "--help"; }

bool IsRepeatable(const CLI::Option& option) { return option.get_items_expected_max() > 1; }

bool NeedsSubcommand(const CLI::App& command) {
  return command.get_require_subcommand_min() > 0 && command.get_parent() != nullptr;
}

// Where an option is shown: positional words, the command's own options,
// then --id-key and --actor, --json, --help.
int Rank(const CLI::Option& option) {
  if (option.get_positional()) return 0;
  const std::string name = option.get_name();
  if (name == "--help") return 4;
  if (name == "--json") return 3;
  return IsCommonOption(name) ? 2 : 1;
}

std::vector<const CLI::Option*> Ordered(const CLI::App& command) {
  std::vector<const CLI::Option*> options = command.get_options();
  std::stable_sort(options.begin(), options.end(),
                   [](const CLI::Option* a, const CLI::Option* b) { return Rank(*a) < Rank(*b); });
  return options;
}

std::vector<const CLI::App*> Subcommands(const CLI::App& command) {
  return command.get_subcommands([](const CLI::App*) { return true; });
}

// The words of the synopsis; the options every command has are left out
// unless `common`.
std::vector<std::string> SynopsisWords(const CLI::App& command, bool common) {
  std::vector<std::string> words = {"gongkai"};
  for (const auto& word : SplitWords(PathOf(command))) words.push_back(word);
  if (NeedsSubcommand(command)) {
    std::string names;
    for (const CLI::App* sub : Subcommands(command)) {
      names += (names.empty() ? "" : "|") + sub->get_name();
    }
    words.push_back(names);
    words.push_back("...");
    return words;
  }
  const auto options = Ordered(command);
  for (const CLI::Option* option : options) {
    if (!option->get_positional()) continue;
    const std::string name = option->get_name(true);
    words.push_back(option->get_required() ? name : "[" + name + "]...");
  }
  for (const bool required : {true, false}) {
    for (const CLI::Option* option : options) {
      if (option->get_positional() || IsHelp(*option) || option->get_required() != required) {
        continue;
      }
      if (!common && IsCommonOption(option->get_name())) continue;
      // --lang is said once, in gongkai's own synopsis.
      if (option->get_name() == "--lang" && command.get_parent() != nullptr) continue;
      std::string word = option->get_name();
      if (!option->get_type_name().empty()) word += " " + option->get_type_name();
      if (!required) word = "[" + word + "]";
      if (IsRepeatable(*option)) word += "...";
      words.push_back(word);
    }
  }
  if (command.get_parent() == nullptr) words.push_back("COMMAND ...");
  return words;
}

// "  NAME        description", the description wrapped under itself.
void AppendEntry(const std::string& name, const std::string& description, size_t column,
                 std::string& text) {
  std::string first = kIndent + name;
  if (first.size() + 2 > column) {
    text += first + "\n";
    first.clear();
  }
  first.resize(column, ' ');
  text += Wrap(SplitWords(description), first, std::string(column, ' '));
}

void AppendOptions(const CLI::App& command, std::string& text) {
  const HelpWords& words = Words();
  std::vector<std::pair<std::string, std::string>> positionals, options;
  size_t widest = 0;
  for (const CLI::Option* option : Ordered(command)) {
    std::string name, description = option->get_description();
    if (option->get_positional()) {
      name = option->get_name(true);
      positionals.emplace_back(name, description);
    } else {
      name = option->get_name(false, true);
      for (size_t comma = name.find(','); comma != std::string::npos;
           comma = name.find(',', comma + 2)) {
        name.insert(comma + 1, " ");
      }
      if (!option->get_type_name().empty()) name += " " + option->get_type_name();
      if (option->get_required()) description += words.required;
      if (IsRepeatable(*option)) description += words.repeatable;
      options.emplace_back(name, description);
    }
    widest = std::max(widest, name.size());
  }
  const size_t column = std::min(kNameColumn, std::string(kIndent).size() + widest + 2);
  if (!positionals.empty()) {
    text += std::string(words.arguments) + "\n";
    for (const auto& [name, description] : positionals) {
      AppendEntry(name, description, column, text);
    }
  }
  text +=
      std::string(command.get_parent() == nullptr ? words.global_options : words.options) + "\n";
  for (const auto& [name, description] : options) AppendEntry(name, description, column, text);
}

// gongkai's list of every command, under the headings of the docs table.
void AppendCommandList(const CLI::App& root, std::string& text) {
  std::string_view section;
  for (const CommandDoc& doc : CommandDocs()) {
    if (doc.section.empty()) continue;
    const CLI::App* command = FindCommand(root, std::string(doc.path));
    if (command == nullptr) continue;
    if (doc.section != section) {
      section = doc.section;
      text += "\n" + Wrap(SplitWords(std::string(section)), "", kIndent);
    }
    auto words = SynopsisWords(*command, false);
    words.erase(words.begin());  // "gongkai"
    text += Wrap(words, kIndent, std::string(kIndent) + "    ");
  }
  text += "\n" + Wrap(SplitWords(std::string(Words().common)), "", "");
  text += Wrap(SplitWords(std::string(Words().more)), "", "");
}

// A group's subcommands: each one's usage, its description under it.
void AppendSubcommands(const CLI::App& command, std::string& text) {
  const std::vector<const CLI::App*> subs = Subcommands(command);
  if (subs.empty()) return;
  text += "\n" + std::string(Words().commands) + "\n";
  for (const CLI::App* sub : subs) {
    auto words = SynopsisWords(*sub, false);
    words.erase(words.begin());
    text += Wrap(words, kIndent, std::string(kIndent) + "    ");
    text += Wrap(SplitWords(sub->get_description()), "      ", "      ");
  }
}

class HelpFormatter : public CLI::FormatterBase {
 public:
  std::string make_help(const CLI::App* command, std::string, CLI::AppFormatMode) const override {
    return HelpText(*command);
  }
};

}  // namespace

std::string PathOf(const CLI::App& command) {
  std::string path;
  for (const CLI::App* app = &command; app->get_parent() != nullptr; app = app->get_parent()) {
    path = app->get_name() + (path.empty() ? "" : " " + path);
  }
  return path;
}

const CLI::App* FindCommand(const CLI::App& root, const std::string& path) {
  const CLI::App* command = &root;
  for (const auto& name : SplitWords(path)) {
    const auto subs = Subcommands(*command);
    auto it = std::find_if(subs.begin(), subs.end(),
                           [&](const CLI::App* sub) { return sub->get_name() == name; });
    if (it == subs.end()) return nullptr;
    command = *it;
  }
  return command;
}

std::string Synopsis(const CLI::App& command) {
  const auto words = SynopsisWords(command, true);
  std::string line;
  for (const auto& word : words) line += (line.empty() ? "" : " ") + word;
  return line;
}

std::string HelpText(const CLI::App& command) {
  const HelpWords& words = Words();
  const std::string usage = std::string(words.usage) + " ";
  std::string text = Wrap(SynopsisWords(command, true), usage, std::string(usage.size(), ' '));
  text += Wrap(SplitWords(command.get_description()), "", "") + "\n";
  AppendOptions(command, text);
  if (command.get_parent() == nullptr) {
    AppendCommandList(command, text);
  } else {
    AppendSubcommands(command, text);
  }
  if (!command.get_footer().empty()) {
    text += "\n" + std::string(words.example) + "\n" + kIndent + command.get_footer() + "\n";
  }
  return text;
}

std::shared_ptr<CLI::FormatterBase> MakeHelpFormatter() {
  return std::make_shared<HelpFormatter>();
}

}  // namespace gongkai::cli
