// How the client's command line is shown: the usage line of a command and
// the help text of gongkai and of each command, built from the CLI11 tree
// (cli/command_line.h) and the descriptions it was given
// (cli/command_docs.h).
//
// Thread safety: pure functions of the tree.
#ifndef GONGKAI_CLI_HELP_TEXT_H_
#define GONGKAI_CLI_HELP_TEXT_H_

#include <memory>
#include <string>

namespace CLI {
class App;
class FormatterBase;
}  // namespace CLI

namespace gongkai::cli {

// The command's path below gongkai: "calendar add"; "" for gongkai itself.
std::string PathOf(const CLI::App& command);

// The command at `path` ("calendar add") below `root`, or nullptr.
const CLI::App* FindCommand(const CLI::App& root, const std::string& path);

// One line: "gongkai calendar add DATE N [--calendar FILE]... [--json]".
// Positional words first, then the required options, then the others;
// "..." after a repeatable one. A group that needs a subcommand shows them:
// "gongkai clock show|advance ...". --help is left out.
std::string Synopsis(const CLI::App& command);

// The help of `command`: its usage, description, every positional word and
// option described, its subcommands, one example. gongkai's own lists every
// command's usage under the headings of cli/command_docs.cpp.
std::string HelpText(const CLI::App& command);

// A CLI11 formatter whose make_help is HelpText, so that CLI::App::help
// gives the same text.
std::shared_ptr<CLI::FormatterBase> MakeHelpFormatter();

}  // namespace gongkai::cli

#endif  // GONGKAI_CLI_HELP_TEXT_H_
