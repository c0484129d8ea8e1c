// show, list, clock and admin: the commands that read (and the clock's
// advance, which a manual clock allows, and the backup, which copies).
#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/daemon_commands.h"
#include "cli/language.h"
#include "cli/numbers.h"
#include "cli/render.h"
#include "engine/civil_date.h"
#include "engine/search_text.h"
#include "engine/strings.h"
#include "engine/wire_status.h"

namespace gongkai::cli {
namespace {

// The words of show, list and clock advance (one of them is given).
struct QueryWords {
  std::string id;                                          // show.
  std::optional<std::string> agency, status, year, limit;  // list.
  std::optional<std::string> due_within, due_before, format;
  bool overdue = false;
  std::string to;  // clock advance.
  std::optional<std::string> id_key;
  std::string directory;  // admin backup.
  std::string text;       // search.
  std::optional<std::string> cursor;
};

// admin backup is sent once (a retry would find its directory made, or a
// backup running) and its reply awaited this long.
constexpr std::chrono::hours kBackupWait(1);

StatusOr<v1::Command> BuildShow(const QueryWords& w) {
  v1::Command command;
  command.mutable_show()->set_request_id(w.id);
  return command;
}

StatusOr<v1::Command> BuildList(const QueryWords& w) {
  v1::Command command;
  auto* list = command.mutable_list();
  list->set_agency_code(w.agency.value_or(""));
  list->set_status(w.status.value_or(""));
  if (w.year) {
    auto value = ParseInt(*w.year, "--year", kMinYear, kMaxYear);
    if (!value.ok()) return value.status();
    list->set_year(*value);
  }
  if (w.limit) {
    auto value = ParseInt(*w.limit, "--limit", 1, 10000);
    if (!value.ok()) return value.status();
    list->set_limit(*value);
  }
  if (w.due_within) {
    auto value = ParseInt(*w.due_within, "--due-within", 1, 400);
    if (!value.ok()) return value.status();
    list->set_due_within(*value);
  }
  if (w.due_before) {
    auto day = ParseDate(*w.due_before);
    if (!day.ok()) return InvalidArgumentError("--due-before: " + day.status().message());
    *list->mutable_due_before() = ToCivil(*day);
  }
  list->set_overdue(w.overdue);
  const std::string format = w.format.value_or("text");
  if (format != "text" && format != "csv" && format != "json") {
    return InvalidArgumentError("--format must be text, csv or json, not '" + Excerpt(format, 20) +
                                "'");
  }
  return command;
}

StatusOr<v1::Command> BuildSearch(const QueryWords& w) {
  if (NormalizeForSearch(w.text).size() < 2) {
    return InvalidArgumentError(
        "give at least two characters to search for (spaces and punctuation do not count)");
  }
  v1::Command command;
  auto* search = command.mutable_search();
  search->set_text(w.text);
  search->set_agency_code(w.agency.value_or(""));
  search->set_cursor(w.cursor.value_or(""));
  if (w.year) {
    auto value = ParseInt(*w.year, "--year", kMinYear, kMaxYear);
    if (!value.ok()) return value.status();
    search->set_year(*value);
  }
  if (w.limit) {
    auto value = ParseInt(*w.limit, "--limit", 1, 10000);
    if (!value.ok()) return value.status();
    search->set_limit(*value);
  }
  return command;
}

StatusOr<v1::Command> BuildClockShow(const QueryWords&) {
  v1::Command command;
  command.mutable_clock_show();
  return command;
}

StatusOr<v1::Command> BuildAdminVerify(const QueryWords&) {
  v1::Command command;
  command.mutable_admin_verify();
  return command;
}

StatusOr<v1::Command> BuildClockAdvance(const QueryWords& w) {
  auto date = ParseDate(w.to);
  if (!date.ok()) return InvalidArgumentError("--to: " + date.status().message());
  v1::Command command;
  command.set_idempotency_key(w.id_key.value_or(NewIdempotencyKey()));
  *command.mutable_clock_advance()->mutable_to() = ToCivil(*date);
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
  } else if (name == "search") {
    if (json) {
      nlohmann::json rows = nlohmann::json::array();
      for (const auto& view : reply.requests()) rows.push_back(RequestJson(view, false));
      out << nlohmann::json{{"requests", rows}, {"next_cursor", reply.next_cursor()}}.dump()
          << "\n";
    } else {
      PrintSearchTable(reply, out);
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
      const auto n = [](int value) { return std::to_string(value); };
      out << Say(StrCat({"today ", FormatDate(today), " (", reply.text(), " clock)"})) << "\n"
          << Say(StrCat({"regime: ",
                         regime == "none" ? "by receipt date (2008 before 2019-05-15)" : regime}))
          << "\n"
          << Say(StrCat({"due_soon: ", n(s.due_soon_days()), " working days before the due date"}))
          << "\n"
          << Say(StrCat({"day of receipt: ", s.count_receipt_day() ? "counted" : "not counted"}))
          << "\n"
          << Say(StrCat({"correction reminder: ", n(s.reminder_lead_days()),
                         " working days before the 7 to ask run out"}))
          << "\n"
          << Say(StrCat({"correction window (default): ", n(s.default_correction_window()),
                         " working days"}))
          << "\n";
    }
  } else {
    if (json) {
      out << nlohmann::json{{"ok", true}, {"report", reply.text()}}.dump() << "\n";
    } else {
      out << Say(reply.text()) << "\n";
    }
  }
}

// Sends the command `build` makes of the words (or prints why it makes
// none) and prints the reply as `name` shows it.
CommandAction Query(const std::string& name, std::shared_ptr<const QueryWords> words,
                    std::function<StatusOr<v1::Command>(const QueryWords&)> build) {
  return [name, words, build](const CommandContext& c) {
    auto command = build(*words);
    if (!command.ok()) return UsageFailure(command.status(), c.err);
    int exit_code = 0;
    auto reply = Send(*command, c.global, c.err, exit_code);
    if (!reply) return exit_code;
    if (name == "list" && words->format == "csv" && !c.global.json) {
      PrintRequestCsv(*reply, c.out);
      // The file has no room for it: a cut list is said on stderr.
      if (reply->requests_size() < reply->total()) {
        c.err << "gongkai: "
              << Say(StrCat({"the CSV holds ", std::to_string(reply->requests_size()), " of ",
                             std::to_string(reply->total()),
                             " matching requests; --limit up to 10000 gives more"}))
              << "\n";
      }
    } else {
      Print(name, *reply, c.global.json || (name == "list" && words->format == "json"), c.out);
    }
    return 0;
  };
}

// admin backup: the engine copies its database into the directory, on its
// own machine.
CommandAction AdminBackup(std::shared_ptr<const QueryWords> words) {
  return [words](const CommandContext& c) {
    v1::Command command;
    command.mutable_admin_backup()->set_directory(words->directory);
    GlobalOptions global = c.global;
    global.client.attempts = 1;
    global.client.reply_timeout = kBackupWait;
    int exit_code = 0;
    auto reply = Send(command, global, c.err, exit_code);
    if (!reply) return exit_code;
    const v1::BackupInfo& backup = reply->backup();
    if (c.global.json) {
      c.out << nlohmann::json{{"ok", true},
                              {"directory", backup.directory()},
                              {"requests", backup.requests()},
                              {"files", backup.files()},
                              {"bytes", backup.bytes()},
                              {"linked_files", backup.linked_files()},
                              {"milliseconds", backup.milliseconds()},
                              {"message", Say(reply->message())}}
                   .dump()
            << "\n";
    } else {
      c.out << Say(reply->message()) << "\n";
    }
    return 0;
  };
}

}  // namespace

void AddQueryCommands(CommandLine& line) {
  auto w = std::make_shared<QueryWords>();
  CLI::App& show = line.Add(line.root(), "show", Query("show", w, BuildShow));
  line.Positional(show, "ID", w->id);
  CLI::App& list = line.Add(line.root(), "list", Query("list", w, BuildList));
  line.Optional(list, "--agency", w->agency);
  line.Optional(list, "--status", w->status);
  line.Optional(list, "--year", w->year);
  line.Optional(list, "--limit", w->limit);
  line.Optional(list, "--due-within", w->due_within);
  line.Optional(list, "--due-before", w->due_before);
  line.Flag(list, "--overdue", w->overdue);
  line.Optional(list, "--format", w->format);
  CLI::App& search = line.Add(line.root(), "search", Query("search", w, BuildSearch));
  line.Positional(search, "TEXT", w->text);
  line.Optional(search, "--agency", w->agency);
  line.Optional(search, "--year", w->year);
  line.Optional(search, "--limit", w->limit);
  line.Optional(search, "--cursor", w->cursor);
  CLI::App& clock = line.Add(line.root(), "clock");
  line.Add(clock, "show", Query("clock", w, BuildClockShow));
  CLI::App& advance = line.Add(clock, "advance", Query("clock", w, BuildClockAdvance));
  line.Required(advance, "--to", w->to);
  line.Optional(advance, "--id-key", w->id_key);
  CLI::App& admin = line.Add(line.root(), "admin");
  line.Add(admin, "verify", Query("admin", w, BuildAdminVerify));
  CLI::App& backup = line.Add(admin, "backup", AdminBackup(w));
  line.Positional(backup, "DIR", w->directory);
}

}  // namespace gongkai::cli
