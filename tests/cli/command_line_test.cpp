// Runs the real `gongkai` binary for its command line itself
// (cli/command_line.h): --help and help for every command, --version, and
// the refusals of words it cannot place. Nothing here needs an engine: what
// is refused is refused before anything is sent.
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/command_docs.h"
#include "client/identity.h"
#include "run_process.h"

#ifndef GONGKAI_CLI_PATH
#error "GONGKAI_CLI_PATH must name the gongkai binary"
#endif
#ifndef GONGKAI_VERSION
#error "GONGKAI_VERSION must be the project's version"
#endif

namespace gongkai::testing {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

// A file removed when the test process ends.
struct ScratchFile {
  std::string path;
  ~ScratchFile() { std::remove(path.c_str()); }
};

// Where a command would be sent if the command line let it through: a port
// nobody listens on, tried once, briefly (exit code 4), with an identity
// made for it (keys no engine knows), removed at exit.
const std::vector<std::string>& Nowhere() {
  static const ScratchFile identity{[] {
    const char* tmp = std::getenv("TMPDIR");
    return std::string(tmp != nullptr && *tmp ? tmp : "/tmp") + "/gongkai-cli-test-" +
           std::to_string(getpid()) + ".identity";
  }()};
  static const std::vector<std::string> words = [] {
    const std::string& path = identity.path;
    std::remove(path.c_str());
    const client::KeyPair server = client::NewKeyPair(), own = client::NewKeyPair();
    const Status written = client::WriteIdentity(
        {"cli-test", "tcp://127.0.0.1:9", server.public_key, own.public_key, own.secret_key}, path);
    if (!written.ok()) throw std::runtime_error(written.message());
    return std::vector<std::string>{
        "--server", "tcp://127.0.0.1:9", "--identity", path, "--timeout", "50", "--attempts", "1"};
  }();
  return words;
}

// In English (the message ids) unless `args` give --lang: the expectations
// hold whatever the tester's locale.
ProcessResult Gongkai(std::vector<std::string> args) {
  if (std::find(args.begin(), args.end(), "--lang") == args.end()) {
    args.insert(args.begin(), {"--lang", "en"});
  }
  args.insert(args.begin(), GONGKAI_CLI_PATH);
  return RunProcess(args);
}

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

// Runs a command line that must be refused before anything is sent: exit
// code 2, nothing on stdout, one line on stderr, which is returned.
std::string Refused(std::vector<std::string> args) {
  args.insert(args.begin(), Nowhere().begin(), Nowhere().end());
  const ProcessResult r = Gongkai(args);
  INFO("exit " << r.exit_code << "\nstdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  return r.err;
}

// The line of `help` describing `name` ("  --calendar FILE  a calendar ..."),
// with its description when that starts on the next line; empty when none.
std::string Entry(const std::string& help, const std::string& name) {
  std::istringstream in(help);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("  " + name, 0) != 0) continue;
    const std::string rest = line.substr(2 + name.size());
    if (!rest.empty() && rest[0] != ' ') continue;  // "--year" in "--year-end".
    std::string next;
    if (std::getline(in, next) && next.rfind("      ", 0) == 0) line += next;
    return line;
  }
  return "";
}

struct CommandOptions {
  std::string path;                    // "calendar add"; "" is gongkai itself.
  std::vector<std::string> described;  // Its positional words and options.
};

// Every command and what it takes (each also takes --json and --help).
const std::vector<CommandOptions>& AllCommands() {
  static const std::vector<CommandOptions> commands = {
      {"", {"--server ENDPOINT", "--timeout MS", "--attempts N", "--version"}},
      {"help", {"COMMAND"}},
      {"calendar", {}},
      {"calendar is-workday", {"DATE", "--calendar FILE"}},
      {"calendar add", {"DATE", "N", "--calendar FILE"}},
      {"calendar between", {"A", "B", "--calendar FILE"}},
      {"calendar check", {"FILE"}},
      {"calendar load", {"FILE", "--dry-run", "--id-key KEY", "--actor NAME"}},
      {"deadline",
       {"--received DATE", "--regime 2008|2019", "--consultation FROM:TO",
        "--correction-received DATE", "--extension DAYS", "--calendar FILE"}},
      {"intake",
       {"--agency CODE", "--channel CHANNEL", "--received DATE", "--applicant-type TYPE",
        "--applicant NAME", "--subject TEXT", "--contact TEXT", "--id-number TEXT", "--phone TEXT",
        "--address TEXT", "--on-the-spot OUTCOME", "--id-key KEY", "--actor NAME"}},
      {"correction-request", {"ID", "--on DATE", "--window DAYS", "--id-key KEY", "--actor NAME"}},
      {"correction-receive", {"ID", "--on DATE", "--id-key KEY", "--actor NAME"}},
      {"correction-lapse", {"ID", "--on DATE", "--id-key KEY", "--actor NAME"}},
      {"consult-start", {"ID", "--on DATE", "--party NAME", "--id-key KEY", "--actor NAME"}},
      {"consult-end", {"ID", "--on DATE", "--party NAME", "--id-key KEY", "--actor NAME"}},
      {"extend",
       {"ID", "--on DATE", "--approved-by NAME", "--days N", "--id-key KEY", "--actor NAME"}},
      {"fee-notice", {"ID", "--on DATE", "--amount YUAN", "--id-key KEY", "--actor NAME"}},
      {"fee-paid", {"ID", "--on DATE", "--id-key KEY", "--actor NAME"}},
      {"fee-lapse", {"ID", "--on DATE", "--id-key KEY", "--actor NAME"}},
      {"decide",
       {"ID", "--on DATE", "--outcome CODE", "--note TEXT", "--id-key KEY", "--actor NAME"}},
      {"deliver", {"ID", "--on DATE", "--id-key KEY", "--actor NAME"}},
      {"withdraw", {"ID", "--on DATE", "--id-key KEY", "--actor NAME"}},
      {"appeal", {"ID", "--on DATE", "--kind KIND", "--id-key KEY", "--actor NAME"}},
      {"appeal-resolve",
       {"ID", "--on DATE", "--result RESULT", "--kind KIND", "--id-key KEY", "--actor NAME"}},
      {"show", {"ID"}},
      {"list",
       {"--agency CODE", "--status open|closed|overdue|due-soon", "--due-within N",
        "--due-before DATE", "--overdue", "--year YEAR", "--limit N", "--format text|csv|json"}},
      {"agencies", {"--tree"}},
      {"clock", {}},
      {"clock show", {}},
      {"clock advance", {"--to DATE", "--id-key KEY"}},
      {"admin", {}},
      {"admin verify", {}},
      {"admin backup", {"DIR"}},
      {"alerts", {"--agency CODE", "--since SEQ", "--follow", "--limit N"}},
      {"alerts ack", {"SEQ", "--note TEXT", "--id-key KEY", "--actor NAME"}},
      {"reminders", {"--agency CODE", "--since SEQ", "--follow", "--limit N"}},
      {"overdue", {"--agency CODE"}},
      {"report", {}},
      {"report annual",
       {"--year YEAR", "--agency CODE", "--style 2021|2008", "--format text|md|csv|xlsx|json",
        "--out FILE", "--verify"}},
      {"report lock", {"--year YEAR", "--id-key KEY", "--actor NAME"}},
      {"generate", {"--year YEAR", "--seed N", "--profile anshan2012|full", "--out FILE"}},
      {"replay", {"FILE.jsonl"}},
      {"user passwd", {"NAME", "--password-stdin"}},
  };
  return commands;
}

// --- help and version -------------------------------------------------------

TEST_CASE("Every command's --help describes each of its options and gives an example",
          "[cli][help]") {
  for (const auto& command : AllCommands()) {
    auto args = Words(command.path);
    args.push_back("--help");
    const ProcessResult r = Gongkai(args);
    INFO("gongkai " << command.path << " --help\nexit " << r.exit_code << "\nstdout: " << r.out
                    << "\nstderr: " << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    const std::string prefix = command.path.empty() ? "" : command.path + " ";
    CHECK_THAT(r.out, StartsWith("usage: gongkai " + prefix));
    CHECK_THAT(r.out, Contains("\nexample:\n  gongkai " + command.path));
    std::vector<std::string> described = command.described;
    described.insert(described.end(), {"--json", "-h, --help"});
    for (const auto& name : described) {
      INFO(name);
      const std::string entry = Entry(r.out, name);
      REQUIRE_FALSE(entry.empty());
      CHECK(entry.find_first_not_of(' ', 2 + name.size()) != std::string::npos);
    }
  }
}

TEST_CASE("gongkai help COMMAND prints the same help as gongkai COMMAND --help", "[cli][help]") {
  for (const std::string path :
       {"", "calendar add", "alerts ack", "report lock", "clock advance", "intake", "deadline"}) {
    auto args = Words(path);
    args.push_back("--help");
    auto asked = Words(path);
    asked.insert(asked.begin(), "help");
    const ProcessResult flag = Gongkai(args);
    const ProcessResult command = Gongkai(asked);
    INFO(path);
    CHECK(command.exit_code == 0);
    CHECK(command.out == flag.out);
    CHECK_FALSE(command.out.empty());
  }
}

TEST_CASE("gongkai --help lists the usage of every command under its role", "[cli][help]") {
  const ProcessResult r = Gongkai({"--help"});
  CHECK(r.exit_code == 0);
  CHECK(Gongkai({"-h"}).out == r.out);
  for (const auto& command : AllCommands()) {
    if (command.path.empty() || command.path == "help") continue;
    INFO(command.path);
    CHECK_THAT(r.out, Contains("\n  " + command.path));
  }
  for (const std::string section :
       {"offline", "clerks and officers", "supervisors:", "reporters:", "operators:", "history:"}) {
    CHECK_THAT(r.out, Contains("\n" + section));
  }
  CHECK_THAT(r.out, Contains("  intake --agency CODE --channel CHANNEL --received DATE"));
  // The codes an option takes are spelled out.
  CHECK_THAT(Gongkai({"intake", "--help"}).out, Contains("in_person") && Contains("granted"));
}

TEST_CASE("Every command and every option has a Chinese description", "[cli][help]") {
  // A command added to cli/command_docs.cpp without its Chinese in
  // cli/command_docs_zh.cpp is named here.
  const std::vector<std::string> missing = cli::MissingChinese();
  INFO([&] {
    std::string names;
    for (const auto& name : missing) names += name + "\n";
    return names;
  }());
  CHECK(missing.empty());
  // And the Chinese table names no command or option the English one lacks.
  for (const cli::CommandDoc& doc : cli::CommandDocs(Lang::kZh)) {
    INFO(doc.path);
    CHECK(cli::FindCommandDoc(doc.path) != nullptr);
  }
}

TEST_CASE("A command's help is in Chinese by default and in English with --lang en",
          "[cli][help]") {
  const ProcessResult zh = Gongkai({"--lang", "zh", "calendar", "add", "--help"});
  INFO(zh.out);
  CHECK(zh.exit_code == 0);
  CHECK(zh.out.rfind("用法： gongkai calendar add DATE N", 0) == 0);
  CHECK(zh.out.find("DATE 之后第 N 个工作日的日期") != std::string::npos);
  CHECK(zh.out.find("参数：") != std::string::npos);
  CHECK(zh.out.find("示例：\n  gongkai calendar add 2012-09-28 15") != std::string::npos);
  CHECK(zh.out.find("working days") == std::string::npos);
  // No locale and no flag: Chinese.
  const ProcessResult plain = RunProcess({"/usr/bin/env", "-u", "LC_ALL", "-u", "LC_MESSAGES", "-u",
                                          "LANG", GONGKAI_CLI_PATH, "calendar", "add", "--help"});
  CHECK(plain.out == zh.out);
  const ProcessResult en = Gongkai({"calendar", "add", "--help"});  // --lang en.
  CHECK(en.out.rfind("usage: gongkai calendar add DATE N", 0) == 0);
  CHECK(en.out.find("The date N working days after DATE") != std::string::npos);
  const ProcessResult locale =
      RunProcess({"/usr/bin/env", "-u", "LC_ALL", "-u", "LC_MESSAGES", "LANG=en_US.UTF-8",
                  GONGKAI_CLI_PATH, "calendar", "add", "--help"});
  CHECK(locale.out == en.out);
}

TEST_CASE("gongkai --version prints the project's version", "[cli][version]") {
  const ProcessResult r = Gongkai({"--version"});
  CHECK(r.exit_code == 0);
  CHECK(r.out == "gongkai " GONGKAI_VERSION "\n");
  CHECK(r.err.empty());
}

// --- refusals -----------------------------------------------------------------

TEST_CASE("An unknown option is refused with the closest valid one suggested", "[cli][parse]") {
  CHECK(Refused({"intake", "--agnecy", "210321"}) ==
        "gongkai: unknown option --agnecy for intake; did you mean --agency?\n");
  CHECK(Refused({"calendar", "add", "2012-09-28", "15", "--calender=x.cal"}) ==
        "gongkai: unknown option --calender for calendar add; did you mean --calendar?\n");
  CHECK(Refused({"--sever", "tcp://127.0.0.1:7501", "list"}) ==
        "gongkai: unknown option --sever; did you mean --server?\n");
  // Nothing close: no suggestion.
  CHECK(Refused({"calendar", "is-workday", "2012-09-29", "--bogus"}) ==
        "gongkai: unknown option --bogus for calendar is-workday; see gongkai calendar "
        "is-workday --help\n");
  // gongkai's own options come before the command.
  CHECK(Refused({"list", "--server", "tcp://127.0.0.1:7501"}) ==
        "gongkai: unknown option --server for list; --server goes before the command\n");
}

TEST_CASE("An unknown command is refused with the closest valid one suggested", "[cli][parse]") {
  CHECK(Refused({"intke", "--agency", "210321"}) ==
        "gongkai: unknown command 'intke'; did you mean 'intake'?\n");
  CHECK(Refused({"calendar", "ad", "2012-09-28", "15"}) ==
        "gongkai: unknown command 'calendar ad'; did you mean 'calendar add'?\n");
  CHECK(Refused({"report", "yearly", "--year", "2012"}) ==
        "gongkai: unknown command 'report yearly'; see gongkai report --help\n");
  CHECK(Refused({"help", "intke"}) == "gongkai: unknown command 'intke'; did you mean 'intake'?\n");
  CHECK(Refused({"frobnicate"}) == "gongkai: unknown command 'frobnicate'; see gongkai --help\n");
}

TEST_CASE("A missing required option or word is named", "[cli][parse]") {
  CHECK(Refused({"intake", "--agency", "210321", "--channel", "in_person", "--received",
                 "2012-09-28", "--applicant-type", "natural_person", "--applicant", "王小明"}) ==
        "gongkai: --subject is required\n");
  CHECK(Refused({"overdue"}) == "gongkai: --agency is required\n");
  CHECK(Refused({"report", "annual"}) == "gongkai: --year is required\n");
  CHECK(Refused({"decide", "210321-2012-000001", "--on", "2012-10-25"}) ==
        "gongkai: --outcome is required\n");
  // A positional word: the usage says which.
  CHECK(Refused({"calendar", "add", "2012-09-28"}) ==
        "gongkai: usage: gongkai calendar add DATE N [--calendar FILE]... [--json]\n");
  CHECK_THAT(Refused({"decide", "--on", "2012-10-25", "--outcome", "granted"}),
             StartsWith("gongkai: usage: gongkai decide ID --outcome CODE [--on DATE]"));
  // A group needs one of its commands.
  CHECK(Refused({"clock"}) == "gongkai: usage: gongkai clock show|advance ...\n");
}

TEST_CASE("alerts needs --agency, alerts ack does not", "[cli][parse]") {
  CHECK(Refused({"alerts"}) == "gongkai: --agency is required\n");
  CHECK_THAT(Refused({"alerts", "ack"}), StartsWith("gongkai: usage: gongkai alerts ack SEQ"));
  // Parsed and sent: nobody listens there.
  auto args = Nowhere();
  args.insert(args.end(), {"alerts", "ack", "12"});
  const ProcessResult r = Gongkai(args);
  CHECK(r.exit_code == 4);
}

TEST_CASE("A command's options are refused on another command", "[cli][parse]") {
  CHECK_THAT(Refused({"deadline", "--received", "2012-09-28", "--agency", "210300"}),
             StartsWith("gongkai: unknown option --agency for deadline;"));
  CHECK_THAT(Refused({"show", "210321-2012-000001", "--to", "2012-10-01"}),
             StartsWith("gongkai: unknown option --to for show;"));
  CHECK_THAT(Refused({"report", "lock", "--year", "2012", "--verify"}),
             StartsWith("gongkai: unknown option --verify for report lock"));
  CHECK_THAT(Refused({"alerts", "ack", "12", "--follow"}),
             StartsWith("gongkai: unknown option --follow for alerts ack"));
  CHECK_THAT(Refused({"alerts", "--agency", "210300", "--note", "x"}),
             StartsWith("gongkai: unknown option --note for alerts"));
  CHECK_THAT(Refused({"clock", "show", "--to", "2012-10-01"}),
             StartsWith("gongkai: unknown option --to for clock show"));
  CHECK_THAT(Refused({"calendar", "check", "x.cal", "--calendar", "y.cal"}),
             StartsWith("gongkai: unknown option --calendar for calendar check"));
  CHECK_THAT(
      Refused({"deliver", "210321-2012-000001", "--on", "2012-10-26", "--outcome", "granted"}),
      StartsWith("gongkai: unknown option --outcome for deliver"));
}

TEST_CASE("An option given twice, without its value or a flag with one is refused",
          "[cli][parse]") {
  CHECK(Refused({"deadline", "--received", "2012-09-28", "--received", "2012-09-29"}) ==
        "gongkai: --received is given twice\n");
  CHECK(Refused({"deadline", "--received"}) == "gongkai: --received needs a value\n");
  CHECK(Refused({"deadline", "--received", "2012-09-28", "--json=yes"}) ==
        "gongkai: --json takes no value\n");
  const ProcessResult r = Gongkai({"--timeout", "0", "list"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "gongkai: --timeout must be a whole number from 1 to 600000, not '0'\n");
}

TEST_CASE("A fee's amount is read as yuan with at most two decimals, checked", "[cli][parse]") {
  for (const std::string amount : {"", "x", "1x", "-5", "12.505", "1.2.3", ".5", "1234567890",
                                   "99999999999999999999", "12,50", " 12"}) {
    INFO(amount);
    CHECK(Refused({"fee-notice", "210321-2012-000001", "--on", "2012-10-08", "--amount", amount}) ==
          "gongkai: --amount must be yuan with at most two decimals, e.g. 12.50\n");
  }
  // Accepted, and so sent: nobody listens there.
  for (const std::string amount : {"12.50", "12.5", "12", "12.", "999999999.99"}) {
    auto args = Nowhere();
    args.insert(args.end(),
                {"fee-notice", "210321-2012-000001", "--on", "2012-10-08", "--amount", amount});
    INFO(amount);
    CHECK(Gongkai(args).exit_code == 4);
  }
}

}  // namespace
}  // namespace gongkai::testing
