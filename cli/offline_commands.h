// The client's commands that need no daemon: the working-day calendar and
// the deadline calculator. Each returns the process exit code (0 ok, 2 usage
// or bad input) after writing its output to `out` and one-line errors to
// `err`.
#ifndef GONGKAI_CLI_OFFLINE_COMMANDS_H_
#define GONGKAI_CLI_OFFLINE_COMMANDS_H_

#include <ostream>
#include <string>
#include <vector>

namespace gongkai::cli {

// gongkai calendar is-workday DATE | add DATE N | between A B | check FILE
//   [--calendar FILE]...   extra arrangements loaded over the builtin ones.
int RunCalendarCommand(const std::vector<std::string>& words, bool json, std::ostream& out,
                       std::ostream& err);

// gongkai deadline --received DATE [--regime 2008|2019]
//   [--consultation FROM:TO]... [--correction-received DATE] [--extension DAYS]
//   [--calendar FILE]... [--json]
int RunDeadlineCommand(const std::vector<std::string>& words, bool json, std::ostream& out,
                       std::ostream& err);

}  // namespace gongkai::cli

#endif  // GONGKAI_CLI_OFFLINE_COMMANDS_H_
