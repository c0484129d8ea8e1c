// gongkai user passwd NAME [--password-stdin]: an operator sets a person's
// web console password. The password is hashed here (Argon2id,
// client/passwords.h); only the hash goes to the engine, which checks who
// may set it (operators, in the person's scope) and stores it.
#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "cli/daemon_commands.h"
#include "cli/language.h"
#include "client/passwords.h"
#include "engine/passwords.h"
#include "engine/strings.h"

namespace gongkai::cli {
namespace {

struct PasswdWords {
  std::string name;
  bool from_stdin = false;
};

// Turns the terminal's echo off on standard input while it lives.
class NoEcho {
 public:
  NoEcho() {
    if (tcgetattr(STDIN_FILENO, &saved_) != 0) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~tcflag_t(ECHO);
    active_ = tcsetattr(STDIN_FILENO, TCSANOW, &quiet) == 0;
  }
  ~NoEcho() {
    if (active_) tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
  }
  NoEcho(const NoEcho&) = delete;
  NoEcho& operator=(const NoEcho&) = delete;

 private:
  termios saved_{};
  bool active_ = false;
};

// One line of standard input without its line end; nullopt at its end.
std::optional<std::string> ReadLine() {
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// Asks on the terminal, without echo.
std::optional<std::string> Prompt(const std::string& question, std::ostream& err) {
  err << question << std::flush;
  std::optional<std::string> answer;
  {
    NoEcho quiet;
    answer = ReadLine();
  }
  err << "\n";
  return answer;
}

// The new password: a line of standard input (--password-stdin), else
// asked twice on the terminal.
StatusOr<std::string> NewPassword(const PasswdWords& w, std::ostream& err) {
  if (w.from_stdin) {
    auto line = ReadLine();
    if (!line) return InvalidArgumentError("--password-stdin: standard input is empty");
    return *line;
  }
  if (!isatty(STDIN_FILENO)) {
    return InvalidArgumentError(
        "no terminal to ask for the password on: give it as a line of standard input with "
        "--password-stdin");
  }
  auto first = Prompt(Say(StrCat({"new web console password for ", w.name, ": "})), err);
  if (!first) return InvalidArgumentError("no password was given");
  // Checked before the second question: a short password is refused at once.
  GONGKAI_RETURN_IF_ERROR(CheckNewPassword(*first));
  auto again = Prompt(Say("the same password again: "), err);
  if (!again || *again != *first) {
    return InvalidArgumentError("the two passwords differ: nothing was changed");
  }
  return *first;
}

int RunPasswd(const PasswdWords& w, const CommandContext& c) {
  auto password = NewPassword(w, c.err);
  if (!password.ok()) return UsageFailure(password.status(), c.err);
  auto hash = client::HashPassword(*password);
  if (!hash.ok()) return UsageFailure(hash.status(), c.err);
  v1::Command command;
  command.set_idempotency_key(NewIdempotencyKey());
  command.mutable_user_password()->set_name(w.name);
  command.mutable_user_password()->set_password_hash(*hash);
  int exit_code = 0;
  auto reply = Send(command, c.global, c.err, exit_code);
  if (!reply) return exit_code;
  c.out << (c.global.json ? nlohmann::json{{"name", w.name}, {"password_set", true}}.dump()
                          : Say(reply->message()))
        << "\n";
  return 0;
}

}  // namespace

void AddPasswdCommand(CommandLine& line, CLI::App& user) {
  auto w = std::make_shared<PasswdWords>();
  CLI::App& passwd =
      line.Add(user, "passwd", [w](const CommandContext& c) { return RunPasswd(*w, c); });
  line.Positional(passwd, "NAME", w->name);
  line.Flag(passwd, "--password-stdin", w->from_stdin);
}

}  // namespace gongkai::cli
