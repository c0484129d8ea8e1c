#include "cli/command_line.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>

#include "cli/command_docs.h"
#include "cli/help_text.h"
#include "cli/language.h"
#include "cli/numbers.h"
#include "engine/suggest.h"

#ifndef GONGKAI_VERSION
#error "GONGKAI_VERSION must be the project's version (CMake's PROJECT_VERSION)"
#endif

namespace gongkai::cli {
namespace {

using Kind = CommandLine::Parsed::Kind;

constexpr size_t kShown = 40;  // At most this much of a word the user typed is echoed.

[[noreturn]] void Undocumented(const std::string& what) {
  std::fprintf(stderr, "gongkai: internal error: %s has no entry in cli/command_docs.cpp\n",
               what.c_str());
  std::abort();
}

const OptionDoc& DocOf(const CLI::App& command, const std::string& name) {
  const OptionDoc* doc = FindOptionDoc(PathOf(command), name);
  if (doc == nullptr) Undocumented(name + " of '" + PathOf(command) + "'");
  return *doc;
}

std::string Describe(const CLI::App& command, const std::string& name) {
  return ExpandCodes(DocOf(command, name).description);
}

// The command given last: gongkai, a command or a subcommand.
const CLI::App& Deepest(const CLI::App& root) {
  const CLI::App* command = &root;
  while (!command->get_subcommands().empty()) command = command->get_subcommands().front();
  return *command;
}

// gongkai, then each command given, down to the last.
std::vector<const CLI::App*> Chain(const CLI::App& root) {
  std::vector<const CLI::App*> chain;
  for (const CLI::App* command = &Deepest(root); command != nullptr;
       command = command->get_parent()) {
    chain.insert(chain.begin(), command);
  }
  return chain;
}

std::vector<std::string> OptionNames(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::Option* option : command.get_options()) {
    for (const auto& name : option->get_lnames()) names.push_back("--" + name);
    for (const auto& name : option->get_snames()) names.push_back("-" + name);
  }
  return names;
}

std::vector<std::string> SubcommandNames(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::App* sub : command.get_subcommands([](const CLI::App*) { return true; })) {
    names.push_back(sub->get_name());
  }
  return names;
}

// A word CLI11 takes for an option: "-x", "--name", "--name=value"; "-5" is
// a number.
bool IsOptionWord(const std::string& word) {
  return word.size() > 1 && word[0] == '-' && !std::isdigit(static_cast<unsigned char>(word[1]));
}

std::string UnknownOption(const CLI::App& command, const std::string& word) {
  const std::string name = Excerpt(word.substr(0, word.find('=')), kShown);
  const std::string path = PathOf(command);
  std::string message = "unknown option " + name + (path.empty() ? "" : " for " + path);
  if (auto close = Closest(name, OptionNames(command))) {
    return message + "; did you mean " + *close + "?";
  }
  const CLI::App* root = &command;
  while (root->get_parent() != nullptr) root = root->get_parent();
  if (root != &command && root->get_option_no_throw(name) != nullptr) {
    return message + "; " + name + " goes before the command";
  }
  return message + "; see gongkai " + (path.empty() ? "" : path + " ") + "--help";
}

std::string UnknownCommand(const CLI::App& command, const std::string& word) {
  const std::string path = PathOf(command);
  const std::string prefix = path.empty() ? "" : path + " ";
  std::string message = "unknown command '" + prefix + Excerpt(word, kShown) + "'";
  if (auto close = Closest(word, SubcommandNames(command))) {
    return message + "; did you mean '" + prefix + *close + "'?";
  }
  return message + "; see gongkai " + prefix + "--help";
}

// What CLI11 could not place, first word first: an unknown option, an
// unknown command, or a positional word too many. Empty when nothing.
std::string DescribeLeftOver(const CLI::App& root) {
  for (const CLI::App* command : Chain(root)) {
    const auto left = command->remaining();
    if (left.empty()) continue;
    if (IsOptionWord(left.front())) return UnknownOption(*command, left.front());
    if (!SubcommandNames(*command).empty()) return UnknownCommand(*command, left.front());
    return "usage: " + Synopsis(*command);
  }
  return "";
}

// CLI11's ArgumentMismatch messages begin with the option's name, without
// its dashes when a flag was given a value ("json was given a disallowed
// flag override").
std::string DescribeMismatch(const CLI::App& root, const std::string& what) {
  std::string name = what.substr(0, what.find_first_of(": "));
  if (name.rfind('-', 0) != 0) name = "--" + name;
  const auto chain = Chain(root);
  for (auto command = chain.rbegin(); command != chain.rend(); ++command) {
    const CLI::Option* option = (*command)->get_option_no_throw(name);
    if (option == nullptr) continue;
    if (option->get_items_expected_max() == 0) return name + " takes no value";
    if (option->count() > 1) return name + " is given twice";
    return name + " needs a value";
  }
  return what;
}

// The first required option or positional word not given, named; else the
// usage of the command given last (a group without its subcommand).
CommandLine::Parsed DescribeMissing(const CLI::App& root) {
  for (const CLI::App* command : Chain(root)) {
    for (const CLI::Option* option : command->get_options()) {
      if (!option->get_required() || option->count() > 0) continue;
      if (option->get_positional()) return {Kind::kError, "usage: " + Synopsis(*command)};
      return {Kind::kError, option->get_name() + " is required"};
    }
  }
  const CLI::App& deepest = Deepest(root);
  if (&deepest == &root) return {Kind::kNoCommand, HelpText(root)};
  return {Kind::kError, "usage: " + Synopsis(deepest)};
}

}  // namespace

CommandLine::CommandLine(GlobalOptions defaults)
    : root_(std::make_unique<CLI::App>()), global_(std::move(defaults)) {
  CLI::App& root = *root_;
  const CommandDoc* doc = FindCommandDoc("");
  if (doc == nullptr) Undocumented("gongkai");
  root.name("gongkai");
  root.description(std::string(doc->description));
  root.footer(std::string(doc->example));
  root.formatter(MakeHelpFormatter());
  root.set_help_flag("-h,--help", Describe(root, "-h,--help"));
  root.require_subcommand(1, 1);
  root.add_option("--server", global_.client.endpoint, Describe(root, "--server"))
      ->type_name(std::string(DocOf(root, "--server").value));
  Optional(root, "--identity", global_.client.identity_path);
  Optional(root, "--on-behalf-of", global_.on_behalf_of);
  Optional(root, "--timeout", timeout_);
  Optional(root, "--attempts", attempts_);
  root.set_version_flag("--version", "gongkai " GONGKAI_VERSION, Describe(root, "--version"));
  Flag(root, "--json", global_.json);
  Optional(root, "--lang", lang_);
  help_ = &Add(root, "help", [](const CommandContext&) { return 0; });
  help_->add_option("COMMAND", help_words_, Describe(*help_, "COMMAND"))->type_name("");
}

CommandLine::~CommandLine() = default;

CLI::App& CommandLine::Add(CLI::App& parent, const std::string& name, CommandAction action) {
  const std::string parent_path = PathOf(parent);
  const std::string path = parent_path.empty() ? name : parent_path + " " + name;
  const CommandDoc* doc = FindCommandDoc(path);
  if (doc == nullptr) Undocumented("the command '" + path + "'");
  CLI::App& command = *parent.add_subcommand(name, ExpandCodes(doc->description));
  command.footer(std::string(doc->example));
  command.require_subcommand(action ? 0 : 1, 1);
  Flag(command, "--json", global_.json);
  Optional(command, "--lang", lang_);
  if (parent.get_parent() != nullptr && actions_.count(&parent) > 0) {
    command.preparse_callback([&parent](size_t) {
      for (CLI::Option* option : parent.get_options()) {
        if (!option->get_positional()) option->required(false);
      }
    });
  }
  if (action) actions_[&command] = std::move(action);
  return command;
}

void CommandLine::Positional(CLI::App& command, const std::string& name, std::string& value) {
  command.add_option(name, value, Describe(command, name))->required()->type_name("");
}

void CommandLine::Required(CLI::App& command, const std::string& name, std::string& value) {
  command.add_option(name, value, Describe(command, name))
      ->required()
      ->type_name(std::string(DocOf(command, name).value));
}

void CommandLine::Optional(CLI::App& command, const std::string& name,
                           std::optional<std::string>& value) {
  command.add_option(name, value, Describe(command, name))
      ->type_name(std::string(DocOf(command, name).value));
}

void CommandLine::Repeated(CLI::App& command, const std::string& name,
                           std::vector<std::string>& values) {
  command.add_option(name, values, Describe(command, name))
      ->allow_extra_args(false)
      ->type_name(std::string(DocOf(command, name).value));
}

void CommandLine::Flag(CLI::App& command, const std::string& name, bool& value) {
  command.add_flag(name, value, Describe(command, name))->disable_flag_override();
}

CommandLine::Parsed CommandLine::Parse(const std::vector<std::string>& words) {
  try {
    root_->parse(std::vector<std::string>(words.rbegin(), words.rend()));
  } catch (const CLI::CallForHelp&) {
    return {Kind::kHelp, HelpText(Deepest(*root_))};
  } catch (const CLI::CallForVersion& version) {
    return {Kind::kVersion, version.what()};
  } catch (const CLI::ParseError& error) {
    return Refusal(error);
  }
  if (lang_ && *lang_ != "zh" && *lang_ != "en") {
    return {Kind::kError, "--lang must be zh or en, not '" + Excerpt(*lang_, 20) + "'"};
  }
  const CLI::App& command = Deepest(*root_);
  if (&command == help_) return HelpCommand();
  if (timeout_) {
    auto ms = ParseInt(*timeout_, "--timeout", 1, 600000);
    if (!ms.ok()) return {Kind::kError, ms.status().message()};
    global_.client.timeout = std::chrono::milliseconds(*ms);
  }
  if (attempts_) {
    auto attempts = ParseInt(*attempts_, "--attempts", 1, 100);
    if (!attempts.ok()) return {Kind::kError, attempts.status().message()};
    global_.client.attempts = *attempts;
  }
  auto action = actions_.find(&command);
  if (action == actions_.end()) return {Kind::kError, "usage: " + Synopsis(command)};
  return {Kind::kRun, "", &action->second};
}

CommandLine::Parsed CommandLine::Refusal(const CLI::ParseError& error) const {
  if (std::string left = DescribeLeftOver(*root_); !left.empty()) return {Kind::kError, left};
  if (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr) return DescribeMissing(*root_);
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&error) != nullptr) {
    return {Kind::kError, DescribeMismatch(*root_, error.what())};
  }
  return {Kind::kError, error.what()};
}

CommandLine::Parsed CommandLine::HelpCommand() const {
  const CLI::App* command = root_.get();
  for (const auto& word : help_words_) {
    const CLI::App* sub = FindCommand(*command, word);
    if (sub == nullptr) return {Kind::kError, UnknownCommand(*command, word)};
    command = sub;
  }
  return {Kind::kHelp, HelpText(*command)};
}

int CommandLine::Run(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
  const Parsed parsed = Parse(words);
  switch (parsed.kind) {
    case Kind::kRun:
      return (*parsed.action)(CommandContext{global_, out, err});
    case Kind::kHelp:
      out << parsed.text;
      return 0;
    case Kind::kVersion:
      out << parsed.text << "\n";
      return 0;
    case Kind::kNoCommand:
      err << parsed.text;
      return 2;
    case Kind::kError:
      break;
  }
  err << "gongkai: " << Say(parsed.text) << "\n";
  return 2;
}

}  // namespace gongkai::cli
