// The client's commands that talk to gongkaid, added to the command line by
// the Add functions below. Each action returns the exit code: 0 ok, 2 usage
// or bad input (nothing sent), 3 refused by the engine, 4 engine
// unreachable.
#ifndef GONGKAI_CLI_DAEMON_COMMANDS_H_
#define GONGKAI_CLI_DAEMON_COMMANDS_H_

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/command_line.h"
#include "client/engine_client.h"

namespace gongkai::cli {

// intake and the event commands (correction-request ... appeal-resolve).
void AddMutationCommands(CommandLine& line);
// amend ID ... --reason TEXT: an intake's clerical fields corrected.
void AddAmendCommand(CommandLine& line);
// show, list, clock show | advance, admin verify | backup.
void AddQueryCommands(CommandLine& line);
// alerts, alerts ack, reminders, overdue.
void AddSupervisorCommands(CommandLine& line);
// calendar load [--dry-run] FILE, under `calendar`.
void AddCalendarLoad(CommandLine& line, CLI::App& calendar);
// report annual, report lock.
void AddReportCommands(CommandLine& line);
// generate, replay.
void AddHistoryCommands(CommandLine& line);
// user add | list | grant | revoke | rotate | passwd, applicant erase, audit.
void AddPeopleCommands(CommandLine& line);
// user passwd NAME [--password-stdin], under `user`.
void AddPasswdCommand(CommandLine& line, CLI::App& user);
// agencies [--tree].
void AddAgencyCommands(CommandLine& line);

// intake and the event commands: the Command their words describe (words
// as on the command line, after the command's name), or invalid_argument
// with the message the command line would print.
StatusOr<v1::Command> BuildMutationCommand(const std::string& name,
                                           const std::vector<std::string>& words);
// The same without the envelope: the idempotency key and the actor are left
// empty (--id-key and --actor are accepted and ignored). Pure: no random key,
// no environment.
StatusOr<v1::Command> BuildMutationBody(const std::string& name,
                                        const std::vector<std::string>& words);
// True for intake and the event commands (decide, extend, ...).
bool IsMutationCommand(const std::string& name);

// Shared by the command files.
// Prints "gongkai: MESSAGE" and returns 2 (bad input, nothing was sent).
// The message is said in the user's language (cli/language.h).
int UsageFailure(const Status& status, std::ostream& err);
// Prints "gongkai: CODE: MESSAGE" (in Chinese "gongkai: 状态码名称 (CODE):
// 译文": engine/messages.h DescribeStatus) and returns 4 for unavailable,
// else 3.
int EngineFailure(const Status& status, std::ostream& err);
// For EngineClient::Call's errors: a bad endpoint is usage, the rest engine.
int CallFailure(const Status& status, std::ostream& err);
// Sends `command` to the engine and returns its ok reply (an agency given by
// name is first replaced by its code: cli/agency_names.h); otherwise prints
// the error, sets `exit_code` (2, 3 or 4 as above) and returns nullopt.
std::optional<v1::Reply> Send(const v1::Command& command, const GlobalOptions& global,
                              std::ostream& err, int& exit_code);

}  // namespace gongkai::cli

#endif  // GONGKAI_CLI_DAEMON_COMMANDS_H_
