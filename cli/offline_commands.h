// The client's commands that need no daemon: the working-day calendar and
// the deadline calculator. Each action returns the process exit code (0 ok,
// 2 usage or bad input) after writing its output to `out` and one-line
// errors to `err`.
#ifndef GONGKAI_CLI_OFFLINE_COMMANDS_H_
#define GONGKAI_CLI_OFFLINE_COMMANDS_H_

#include "cli/command_line.h"

namespace gongkai::cli {

// Under `calendar`: is-workday DATE | add DATE N | between A B (each with
// [--calendar FILE]..., extra arrangements loaded over the builtin ones)
// | check FILE.
void AddCalendarCommands(CommandLine& line, CLI::App& calendar);

// gongkai deadline --received DATE [--regime 2008|2019]
//   [--consultation FROM:TO]... [--correction-received DATE] [--extension DAYS]
//   [--calendar FILE]...
void AddDeadlineCommand(CommandLine& line);

}  // namespace gongkai::cli

#endif  // GONGKAI_CLI_OFFLINE_COMMANDS_H_
