#include "cli/daemon_commands.h"

#include <set>

#include "engine/wire_status.h"

namespace gongkai::cli {

bool IsEventCommand(const std::string& command);  // mutation_commands.cpp

namespace {
const std::set<std::string> kQueries = {"show", "list", "clock", "admin"};
}  // namespace

bool IsDaemonCommand(const std::string& command) {
  return command == "intake" || command == "alerts" || command == "reminders" ||
         command == "overdue" || command == "report" || IsEventCommand(command) ||
         kQueries.count(command) > 0;
}

int UsageFailure(const Status& status, std::ostream& err) {
  err << "gongkai: " << status.message() << "\n";
  return 2;
}

int EngineFailure(const Status& status, std::ostream& err) {
  err << "gongkai: " << StatusCodeName(status.code()) << ": " << status.message() << "\n";
  return status.code() == StatusCode::kUnavailable ? 4 : 3;
}

int CallFailure(const Status& status, std::ostream& err) {
  if (status.code() == StatusCode::kInvalidArgument) return UsageFailure(status, err);
  return EngineFailure(status, err);
}

std::optional<v1::Reply> Send(const v1::Command& command, const GlobalOptions& global,
                              std::ostream& err, int& exit_code) {
  EngineClient client(global.client);
  auto reply = client.Call(command);
  if (!reply.ok()) {
    exit_code = CallFailure(reply.status(), err);
    return std::nullopt;
  }
  if (Status refused = StatusOfReply(*reply); !refused.ok()) {
    exit_code = EngineFailure(refused, err);
    return std::nullopt;
  }
  return std::move(reply).value();
}

int RunDaemonCommand(const std::string& command, const std::vector<std::string>& words,
                     const GlobalOptions& global, std::ostream& out, std::ostream& err) {
  if (kQueries.count(command)) return RunQuery(command, words, global, out, err);
  if (command == "alerts") return RunAlerts(words, global, out, err);
  if (command == "reminders") return RunReminders(words, global, out, err);
  if (command == "overdue") return RunOverdue(words, global, out, err);
  if (command == "report") return RunReport(words, global, out, err);
  return RunMutation(command, words, global, out, err);
}

}  // namespace gongkai::cli
