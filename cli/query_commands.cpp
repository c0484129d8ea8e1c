// show, list, clock and admin: the commands that read (and the clock's
// advance, which a manual clock allows).
#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "cli/daemon_commands.h"
#include "cli/render.h"
#include "engine/civil_date.h"
#include "engine/wire_status.h"

namespace gongkai::cli {
namespace {

StatusOr<v1::Command> BuildShow(const Args& args) {
  GONGKAI_RETURN_IF_ERROR(args.ExpectPositional(1, "gongkai show ID"));
  v1::Command command;
  command.mutable_show()->set_request_id(args.positional()[0]);
  return command;
}

StatusOr<v1::Command> BuildList(const Args& args) {
  GONGKAI_RETURN_IF_ERROR(args.ExpectPositional(
      0,
      "gongkai list [--agency CODE] [--status open|closed|overdue|due-soon] [--year YEAR] "
      "[--limit N]"));
  v1::Command command;
  auto* list = command.mutable_list();
  list->set_agency_code(args.Get("--agency").value_or(""));
  list->set_status(args.Get("--status").value_or(""));
  if (auto year = args.Get("--year")) {
    auto value = ParseInt(*year, "--year", kMinYear, kMaxYear);
    if (!value.ok()) return value.status();
    list->set_year(*value);
  }
  if (auto limit = args.Get("--limit")) {
    auto value = ParseInt(*limit, "--limit", 1, 10000);
    if (!value.ok()) return value.status();
    list->set_limit(*value);
  }
  return command;
}

StatusOr<v1::Command> BuildClock(const Args& args) {
  const auto& pos = args.positional();
  v1::Command command;
  if (pos.size() == 1 && pos[0] == "show") {
    command.mutable_clock_show();
    return command;
  }
  if (pos.size() == 1 && pos[0] == "advance") {
    auto to = args.Require("--to");
    if (!to.ok()) return to.status();
    auto date = ParseDate(*to);
    if (!date.ok()) return InvalidArgumentError("--to: " + date.status().message());
    command.set_idempotency_key(args.Get("--id-key").value_or(NewIdempotencyKey()));
    *command.mutable_clock_advance()->mutable_to() = ToCivil(*date);
    return command;
  }
  return InvalidArgumentError("usage: gongkai clock show | clock advance --to DATE");
}

StatusOr<v1::Command> BuildAdmin(const Args& args) {
  GONGKAI_RETURN_IF_ERROR(args.ExpectPositional(1, "gongkai admin verify"));
  if (args.positional()[0] != "verify") {
    return InvalidArgumentError("usage: gongkai admin verify");
  }
  v1::Command command;
  command.mutable_admin_verify();
  return command;
}

void Print(const std::string& name, const v1::Reply& reply, bool json, std::ostream& out) {
  const Date today = FromCivilTrusted(reply.today());
  if (name == "show") {
    if (json) {
      out << RequestJson(reply.requests(0), true).dump() << "\n";
    } else {
      PrintRequest(reply.requests(0), out);
    }
  } else if (name == "list") {
    if (json) {
      nlohmann::json rows = nlohmann::json::array();
      for (const auto& view : reply.requests()) rows.push_back(RequestJson(view, false));
      out << rows.dump() << "\n";
    } else {
      PrintRequestTable(reply, out);
    }
  } else if (name == "clock") {
    const v1::EngineSettings& s = reply.settings();
    const std::string regime = s.pinned_regime() == v1::REGIME_2008   ? "2008"
                               : s.pinned_regime() == v1::REGIME_2019 ? "2019"
                                                                      : "none";
    if (json) {
      out << nlohmann::json{{"today", FormatDate(today)},
                            {"clock", reply.text()},
                            {"settings",
                             {{"pin_regime", regime},
                              {"due_soon_days", s.due_soon_days()},
                              {"count_receipt_day", s.count_receipt_day()},
                              {"reminder_lead_days", s.reminder_lead_days()},
                              {"default_correction_window", s.default_correction_window()}}}}
                 .dump()
          << "\n";
    } else {
      out << "today " << FormatDate(today) << " (" << reply.text() << " clock)\n"
          << "regime: " << (regime == "none" ? "by receipt date (2008 before 2019-05-15)" : regime)
          << "\ndue_soon: " << s.due_soon_days() << " working days before the due date\n"
          << "day of receipt: " << (s.count_receipt_day() ? "counted" : "not counted")
          << "\ncorrection reminder: " << s.reminder_lead_days()
          << " working days before the 7 to ask run out\n"
          << "correction window (default): " << s.default_correction_window() << " working days\n";
    }
  } else {
    if (json) {
      out << nlohmann::json{{"ok", true}, {"report", reply.text()}}.dump() << "\n";
    } else {
      out << reply.text() << "\n";
    }
  }
}

}  // namespace

int RunQuery(const std::string& name, const std::vector<std::string>& words,
             const GlobalOptions& global, std::ostream& out, std::ostream& err) {
  OptionSpec spec{
      {"--agency", "--status", "--year", "--limit", "--to", "--id-key"}, {"--json"}, {}};
  auto args = Args::Parse(words, spec);
  if (!args.ok()) return UsageFailure(args.status(), err);
  StatusOr<v1::Command> command = InvalidArgumentError("unknown command");
  if (name == "show") command = BuildShow(*args);
  if (name == "list") command = BuildList(*args);
  if (name == "clock") command = BuildClock(*args);
  if (name == "admin") command = BuildAdmin(*args);
  if (!command.ok()) return UsageFailure(command.status(), err);
  int exit_code = 0;
  auto reply = Send(*command, global, err, exit_code);
  if (!reply) return exit_code;
  Print(name, *reply, global.json || args->Has("--json"), out);
  return 0;
}

}  // namespace gongkai::cli
