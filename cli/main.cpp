// gongkai: the client for clerks, officers, supervisors and reporters.
// Exit codes: 0 ok, 2 usage or bad input, 3 refused by the engine,
// 4 engine unreachable.
#include <iostream>
#include <string>
#include <vector>

#include "cli/offline_commands.h"

namespace {

constexpr const char* kUsage =
    "usage: gongkai [--server ENDPOINT] [--json] COMMAND ...\n"
    "commands:\n"
    "  calendar is-workday DATE        yes or no\n"
    "  calendar add DATE N             the date N working days after DATE\n"
    "  calendar between A B            working days after A up to B\n"
    "  calendar check FILE             validate a calendar file\n"
    "  deadline --received DATE [--regime 2008|2019] [--consultation FROM:TO]...\n"
    "           [--correction-received DATE] [--extension DAYS]\n"
    "                                  the due date and how it is reached\n"
    "options of the calendar and deadline commands:\n"
    "  --calendar FILE                 load arrangements over the builtin 2007-2026\n";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> words;
  bool json = false;
  std::string server;
  for (int i = 1; i < argc; ++i) {
    std::string word = argv[i];
    if (word == "--json") {
      json = true;
    } else if (word == "--server" && words.empty() && i + 1 < argc) {
      server = argv[++i];
    } else if (word.rfind("--server=", 0) == 0 && words.empty()) {
      server = word.substr(9);
    } else {
      words.push_back(word);
    }
  }
  if (words.empty() || words[0] == "help" || words[0] == "--help" || words[0] == "-h") {
    (words.empty() ? std::cerr : std::cout) << kUsage;
    return words.empty() ? 2 : 0;
  }
  (void)server;  // Only the daemon commands use it.
  const std::string command = words[0];
  words.erase(words.begin());
  if (command == "calendar") return gongkai::cli::RunCalendarCommand(words, json, std::cout, std::cerr);
  if (command == "deadline") return gongkai::cli::RunDeadlineCommand(words, json, std::cout, std::cerr);
  std::cerr << "gongkai: unknown command '" << command.substr(0, 40)
            << "'; run 'gongkai help' for the list\n";
  return 2;
}
