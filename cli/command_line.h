// The client's command line, parsed by CLI11: gongkai's own options
// (--server, --timeout, --attempts, --json, --lang, --version, --help), one
// subcommand per command (calendar, clock, admin, report and alerts hold
// subcommands of their own), each command's options bound to variables of
// the command, and the action that runs it.
//
// Values are bound as text: the commands check dates, codes and numbers
// themselves, with their own messages. --json is accepted by gongkai before
// the command and by every command after it. Every command and option given
// to Add and to the option functions has its description in
// cli/command_docs.cpp; one without aborts at once (so every run, and every
// test, would show it).
//
// Parse is the one place that calls CLI::App::parse. It throws nothing:
// every CLI::ParseError becomes one line naming the problem, e.g.
//   unknown option --agnecy for intake; did you mean --agency?
//   unknown command 'intke'; did you mean 'intake'?
//   --agency is required
//   --received is given twice | --calendar needs a value | --json takes no value
//   usage: gongkai calendar add DATE N [--calendar FILE]... [--json]
// (the last when a positional word is missing or one too many).
//
// Thread safety: one thread. A CommandLine parses one command line.
#ifndef GONGKAI_CLI_COMMAND_LINE_H_
#define GONGKAI_CLI_COMMAND_LINE_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "client/engine_client.h"

namespace CLI {
class App;
class ParseError;
}  // namespace CLI

namespace gongkai::cli {

using client::ClientOptions;
using client::EngineClient;
using client::NewIdempotencyKey;

struct GlobalOptions {
  ClientOptions client;
  bool json = false;  // --json, before or after the command.
  // --on-behalf-of: a service with the delegate right acting for a person.
  std::optional<std::string> on_behalf_of;
};

// What a command's action is given once its words are parsed.
struct CommandContext {
  const GlobalOptions& global;
  std::ostream& out;
  std::ostream& err;
};

// Returns the exit code: 0 ok, 2 usage or bad input (nothing sent), 3
// refused by the engine, 4 engine unreachable.
using CommandAction = std::function<int(const CommandContext&)>;

class CommandLine {
 public:
  struct Parsed {
    enum class Kind {
      kRun,        // `action` runs the command.
      kHelp,       // --help, -h or `help [COMMAND]`: `text` is the help.
      kVersion,    // --version: `text` is "gongkai VERSION".
      kNoCommand,  // No command: `text` is gongkai's help.
      kError,      // `text` is the one-line message, without "gongkai: ".
    };
    Kind kind = Kind::kError;
    std::string text;
    const CommandAction* action = nullptr;  // Valid while the CommandLine lives.
  };

  // `defaults`: the global options before the words are read (the endpoint
  // of $GONGKAI_SERVER).
  explicit CommandLine(GlobalOptions defaults = {});
  ~CommandLine();
  CommandLine(const CommandLine&) = delete;
  CommandLine& operator=(const CommandLine&) = delete;

  CLI::App& root() { return *root_; }

  // Adds the command `name` under `parent`, with --json and --help. Without
  // an action it is a group, which needs one of its subcommands. A command
  // with an action may have subcommands too (alerts ack): its own required
  // options are not needed by them.
  CLI::App& Add(CLI::App& parent, const std::string& name, CommandAction action = nullptr);

  // A positional word (ID, DATE, FILE), required, in the order added.
  void Positional(CLI::App& command, const std::string& name, std::string& value);
  // --name VALUE (or --name=VALUE), at most once.
  void Required(CLI::App& command, const std::string& name, std::string& value);
  void Optional(CLI::App& command, const std::string& name, std::optional<std::string>& value);
  // --name VALUE, any number of times, one value each.
  void Repeated(CLI::App& command, const std::string& name, std::vector<std::string>& values);
  // --name, without a value.
  void Flag(CLI::App& command, const std::string& name, bool& value);

  // Parses the words after the program's name (and checks --timeout and
  // --attempts).
  Parsed Parse(const std::vector<std::string>& words);

  // Parses `words` and acts on them: help and version on `out`, exit code 0;
  // no command: gongkai's help on `err`, 2; an error: "gongkai: MESSAGE" on
  // `err`, 2 (the message in the user's language, cli/language.h); else the
  // command's action and its exit code. Parse's texts are the English
  // message ids.
  int Run(const std::vector<std::string>& words, std::ostream& out, std::ostream& err);

 private:
  // The message for `error`, or for what CLI11 left unparsed before it.
  Parsed Refusal(const CLI::ParseError& error) const;
  // `gongkai help [COMMAND]`.
  Parsed HelpCommand() const;

  std::unique_ptr<CLI::App> root_;
  CLI::App* help_ = nullptr;  // `gongkai help [COMMAND]`.
  GlobalOptions global_;
  std::optional<std::string> timeout_;
  std::optional<std::string> attempts_;
  // --lang, before or after the command: checked here; the language itself
  // is chosen before the command line is built (cli/language.h).
  std::optional<std::string> lang_;
  std::vector<std::string> help_words_;
  std::map<const CLI::App*, CommandAction> actions_;
};

}  // namespace gongkai::cli

#endif  // GONGKAI_CLI_COMMAND_LINE_H_
