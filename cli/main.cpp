// gongkai: the client for clerks, officers, supervisors and reporters.
// Exit codes: 0 ok, 2 usage or bad input, 3 refused by the engine,
// 4 engine unreachable. `gongkai --help` lists the commands.
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "cli/command_line.h"
#include "cli/daemon_commands.h"
#include "cli/language.h"
#include "cli/offline_commands.h"

int main(int argc, char** argv) {
  using namespace gongkai::cli;
  GlobalOptions defaults;
  if (const char* server = std::getenv("GONGKAI_SERVER"); server && *server) {
    defaults.client.endpoint = server;
  }
  const std::vector<std::string> words(argv + 1, argv + argc);
  // The language, chosen before the command line is built: its help is in it.
  SetUserLang(gongkai::ChooseLang(LangFlag(words), std::getenv("LC_ALL"),
                                  std::getenv("LC_MESSAGES"), std::getenv("LANG")));
  CommandLine line(defaults);
  CLI::App& calendar = line.Add(line.root(), "calendar");
  AddCalendarCommands(line, calendar);
  AddCalendarLoad(line, calendar);
  AddDeadlineCommand(line);
  AddMutationCommands(line);
  AddAmendCommand(line);
  AddQueryCommands(line);
  AddSupervisorCommands(line);
  AddReportCommands(line);
  AddHistoryCommands(line);
  AddPeopleCommands(line);
  AddAgencyCommands(line);
  return line.Run(words, std::cout, std::cerr);
}
