// The client's commands that talk to gongkaid. Each returns the exit code:
// 0 ok, 2 usage or bad input (nothing sent), 3 refused by the engine,
// 4 engine unreachable.
#ifndef GONGKAI_CLI_DAEMON_COMMANDS_H_
#define GONGKAI_CLI_DAEMON_COMMANDS_H_

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/engine_client.h"

namespace gongkai::cli {

struct GlobalOptions {
  ClientOptions client;
  bool json = false;
};

// True when `command` is one of the daemon commands (intake, decide, show,
// list, clock, admin, ...).
bool IsDaemonCommand(const std::string& command);

int RunDaemonCommand(const std::string& command, const std::vector<std::string>& words,
                     const GlobalOptions& global, std::ostream& out, std::ostream& err);

// Shared by the command files.
// Prints "gongkai: MESSAGE" and returns 2 (bad input, nothing was sent).
int UsageFailure(const Status& status, std::ostream& err);
// Prints "gongkai: CODE: MESSAGE" and returns 4 for unavailable, else 3.
int EngineFailure(const Status& status, std::ostream& err);
// For EngineClient::Call's errors: a bad endpoint is usage, the rest engine.
int CallFailure(const Status& status, std::ostream& err);
// Sends `command` to the engine and returns its ok reply; otherwise prints
// the error, sets `exit_code` (2, 3 or 4 as above) and returns nullopt.
std::optional<v1::Reply> Send(const v1::Command& command, const GlobalOptions& global,
                              std::ostream& err, int& exit_code);
int RunMutation(const std::string& command, const std::vector<std::string>& words,
                const GlobalOptions& global, std::ostream& out, std::ostream& err);
int RunAlerts(const std::vector<std::string>& words, const GlobalOptions& global, std::ostream& out,
              std::ostream& err);
int RunReminders(const std::vector<std::string>& words, const GlobalOptions& global,
                 std::ostream& out, std::ostream& err);
int RunOverdue(const std::vector<std::string>& words, const GlobalOptions& global,
               std::ostream& out, std::ostream& err);
// gongkai calendar load FILE: the words include "load".
int RunCalendarLoad(const std::vector<std::string>& words, const GlobalOptions& global,
                    std::ostream& out, std::ostream& err);
// intake and the event commands: the Command their words describe (words
// as on the command line, after the command's name).
StatusOr<v1::Command> BuildMutationCommand(const std::string& name,
                                           const std::vector<std::string>& words);
// The same without the envelope: the idempotency key and the actor are left
// empty (--id-key and --actor are accepted and ignored). Pure: no random key,
// no environment.
StatusOr<v1::Command> BuildMutationBody(const std::string& name,
                                        const std::vector<std::string>& words);
// True for intake and the event commands (decide, extend, ...).
bool IsMutationCommand(const std::string& name);
int RunReplay(const std::vector<std::string>& words, const GlobalOptions& global, std::ostream& out,
              std::ostream& err);
int RunGenerate(const std::vector<std::string>& words, std::ostream& out, std::ostream& err);
int RunReport(const std::vector<std::string>& words, const GlobalOptions& global, std::ostream& out,
              std::ostream& err);
int RunQuery(const std::string& command, const std::vector<std::string>& words,
             const GlobalOptions& global, std::ostream& out, std::ostream& err);

}  // namespace gongkai::cli

#endif  // GONGKAI_CLI_DAEMON_COMMANDS_H_
