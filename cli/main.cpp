// gongkai: the client for clerks, officers, supervisors and reporters.
// Exit codes: 0 ok, 2 usage or bad input, 3 refused by the engine,
// 4 engine unreachable.
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/daemon_commands.h"
#include "cli/offline_commands.h"

namespace {

constexpr const char* kUsage =
    "usage: gongkai [--server ENDPOINT] [--json] [--timeout MS] [--attempts N] COMMAND ...\n"
    "offline:\n"
    "  calendar is-workday DATE | add DATE N | between A B | check FILE\n"
    "  deadline --received DATE [--regime 2008|2019] [--consultation FROM:TO]...\n"
    "           [--correction-received DATE] [--extension DAYS]\n"
    "clerks and officers (the engine, default tcp://127.0.0.1:7501 or $GONGKAI_SERVER):\n"
    "  intake --agency CODE --channel CHANNEL --received DATE --applicant-type TYPE\n"
    "         --applicant NAME --subject TEXT [--contact TEXT] [--on-the-spot OUTCOME]\n"
    "  correction-request ID --on DATE [--window DAYS]   correction-receive ID --on DATE\n"
    "  correction-lapse ID --on DATE\n"
    "  consult-start ID --on DATE --party NAME   consult-end ID --on DATE [--party NAME]\n"
    "  extend ID --on DATE --approved-by NAME [--days N]\n"
    "  fee-notice ID --on DATE --amount YUAN  fee-paid ID --on DATE  fee-lapse ID --on DATE\n"
    "  decide ID --on DATE --outcome CODE [--note TEXT]\n"
    "  deliver ID --on DATE     withdraw ID --on DATE\n"
    "  appeal ID --kind KIND --on DATE     appeal-resolve ID --result RESULT --on DATE\n"
    "  show ID     list [--agency CODE] [--status open|closed|overdue|due-soon] [--year Y]\n"
    "  clock show | clock advance --to DATE     admin verify\n"
    "  calendar load [--dry-run] FILE  load a calendar file into the running engine\n"
    "supervisors:\n"
    "  alerts --agency CODE [--since SEQ] [--follow] [--limit N]    alerts ack SEQ [--note TEXT]\n"
    "  overdue --agency CODE\n"
    "officers' reminders (correction_not_asked, third_party_overdue):\n"
    "  reminders --agency CODE [--since SEQ] [--follow] [--limit N]\n"
    "reporters:\n"
    "  report annual --year YEAR [--agency CODE] [--style 2021|2008] [--format text|md|csv|json]\n"
    "                [--verify]            report lock --year YEAR\n"
    "history:\n"
    "  generate [--year YEAR] [--seed N] [--profile anshan2012|full] [--out FILE]\n"
    "  replay FILE.jsonl               feed a history in, advancing a manual clock\n"
    "every change accepts --id-key KEY (retries with the same key apply once) and --actor.\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace gongkai;
  cli::GlobalOptions global;
  if (const char* server = std::getenv("GONGKAI_SERVER"); server && *server) {
    global.client.endpoint = server;
  }
  std::vector<std::string> words;
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    const bool before_command = words.empty();
    const bool has_value = i + 1 < argc;
    if (word == "--json") {
      global.json = true;
    } else if (before_command && word == "--server" && has_value) {
      global.client.endpoint = argv[++i];
    } else if (before_command && (word == "--timeout" || word == "--attempts") && has_value) {
      auto value = cli::ParseInt(argv[++i], word, 1, word == "--timeout" ? 600000 : 100);
      if (!value.ok()) return cli::UsageFailure(value.status(), std::cerr);
      if (word == "--timeout") global.client.timeout = std::chrono::milliseconds(*value);
      if (word == "--attempts") global.client.attempts = *value;
    } else {
      words.push_back(word);
    }
  }
  if (words.empty() || words[0] == "help" || words[0] == "--help" || words[0] == "-h") {
    (words.empty() ? std::cerr : std::cout) << kUsage;
    return words.empty() ? 2 : 0;
  }
  const std::string command = words[0];
  words.erase(words.begin());
  if (command == "calendar" && !words.empty() && words[0] == "load") {
    return cli::RunCalendarLoad(words, global, std::cout, std::cerr);
  }
  if (command == "calendar")
    return cli::RunCalendarCommand(words, global.json, std::cout, std::cerr);
  if (command == "deadline")
    return cli::RunDeadlineCommand(words, global.json, std::cout, std::cerr);
  if (command == "generate") return cli::RunGenerate(words, std::cout, std::cerr);
  if (command == "replay") return cli::RunReplay(words, global, std::cout, std::cerr);
  if (cli::IsDaemonCommand(command)) {
    return cli::RunDaemonCommand(command, words, global, std::cout, std::cerr);
  }
  std::cerr << "gongkai: unknown command '" << Excerpt(command, 40)
            << "'; run 'gongkai help' for the list\n";
  return 2;
}
