// The supervisor's commands: alerts (catch up, then follow), alerts ack,
// overdue; and calendar load, which changes the running engine's calendar.
#include <csignal>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "cli/daemon_commands.h"
#include "cli/language.h"
#include "cli/numbers.h"
#include "client/views_json.h"
#include "engine/civil_date.h"
#include "engine/codes.h"
#include "engine/messages.h"
#include "engine/strings.h"
#include "engine/wire_status.h"

namespace gongkai::cli {
namespace {

constexpr int kPage = 1000;
constexpr std::chrono::milliseconds kFollowPoll(1000);

std::atomic<bool> g_interrupted{false};

// "  210300-2026-000001  closed  due 2027-01-07 -> 2027-01-08  late -> on time ..."
void PrintChange(const v1::CalendarChange& c, std::ostream& out) {
  const nlohmann::json j = client::ChangeJson(c);
  out << "  " << c.request_id() << "  " << Say(c.closed() ? "closed" : "open") << "  " << Say("due")
      << " " << j["due_before"].get<std::string>() << " -> " << j["due_after"].get<std::string>();
  if (c.closed()) {
    if (c.late_before() != c.late_after()) {
      out << "  " << Say(c.late_after() ? "on time -> late" : "late -> on time");
    }
    if (c.reply_days_before() != c.reply_days_after()) {
      out << "  "
          << Say(StrCat({std::to_string(c.reply_days_before()), " -> ",
                         std::to_string(c.reply_days_after()), " working days to reply"}));
    }
    if (c.locked()) out << "  " << Say("(its year is locked: figures kept)");
  }
  out << "\n";
}

std::string DateText(const v1::CivilDate& date) { return IsSet(date) ? FormatCivil(date) : ""; }

// "#12  2012-10-26  overdue  210321-2012-000001  overdue: ...  (raised 2012-10-29)"
void PrintAlert(const v1::Alert& a, bool json, std::ostream& out) {
  if (json) {
    out << client::AlertJson(a, UserLang()).dump() << std::endl;
    return;
  }
  out << "#" << a.sequence() << "  " << DateText(a.on()) << "  " << NameOf(a.level(), UserLang())
      << "  " << a.request_id() << "  " << Say(a.message());
  if (a.raised().SerializeAsString() != a.on().SerializeAsString()) {
    out << "  " << Say(StrCat({"(raised ", DateText(a.raised()), ")"}));
  }
  out << std::endl;
}

// The state of one `gongkai alerts` run: fetch pages from the durable record.
struct AlertStream {
  EngineClient& client;
  std::string agency;
  uint64_t since = 0;
  int printed = 0;
  int limit = 0;  // 0: no limit.
  bool json = false;
  bool reminders = false;  // The officers' reminders instead of the alerts.
  std::string endpoint;
  std::string path;

  bool Done() const { return limit > 0 && printed >= limit; }

  // Prints everything after `since`; false with `status` set on failure.
  Status CatchUp(std::ostream& out) {
    while (!Done()) {
      v1::Command command;
      auto* fetch = command.mutable_alerts_fetch();
      fetch->set_agency_code(agency);
      fetch->set_since_sequence(since);
      fetch->set_limit(kPage);
      fetch->set_reminders(reminders);
      auto reply = client.Call(command);
      if (!reply.ok()) return reply.status();
      GONGKAI_RETURN_IF_ERROR(StatusOfReply(*reply));
      endpoint = reply->alerts_endpoint();
      path = reply->agency_path();
      for (const auto& alert : reply->alerts()) {
        if (alert.sequence() <= since || Done()) continue;
        PrintAlert(alert, json, out);
        since = alert.sequence();
        ++printed;
      }
      if (reply->alerts_size() < kPage) return OkStatus();
    }
    return OkStatus();
  }
};

// Live alerts are only wake-ups: each one, and each quiet second, leads to a
// catch-up from the durable record, so nothing is missed (a subscription
// still connecting, a publisher restarting) and nothing printed twice.
Status Follow(AlertStream& stream, const std::string& server, std::ostream& out) try {
  if (stream.endpoint.empty()) return UnavailableError("the engine publishes no alerts");
  zmq::context_t context(1);
  zmq::socket_t subscriber(context, zmq::socket_type::sub);
  subscriber.set(zmq::sockopt::linger, 0);
  subscriber.set(zmq::sockopt::subscribe, stream.path);
  stream.client.Secure(subscriber);  // The alerts socket is CURVE too.
  subscriber.connect(client::ReachableFrom(stream.endpoint, server));
  std::signal(SIGINT, [](int) { g_interrupted.store(true); });
  bool unreachable = false;
  while (!stream.Done() && !g_interrupted.load()) {
    zmq::pollitem_t item{subscriber.handle(), 0, ZMQ_POLLIN, 0};
    zmq::poll(&item, 1, kFollowPoll);
    while (item.revents & ZMQ_POLLIN) {
      zmq::message_t frame;
      if (!subscriber.recv(frame, zmq::recv_flags::dontwait)) break;
    }
    // A supervisor's follower outlives a restart of the engine: while it is
    // unreachable, keep trying; the catch-up then brings what was missed.
    Status caught_up = stream.CatchUp(out);
    if (caught_up.code() == StatusCode::kUnavailable) {
      if (!unreachable)
        std::cerr << "gongkai: " << Say("the engine is unreachable; still following") << "\n";
      unreachable = true;
      continue;
    }
    GONGKAI_RETURN_IF_ERROR(caught_up);
    if (unreachable) std::cerr << "gongkai: " << Say("the engine is back") << "\n";
    unreachable = false;
  }
  return OkStatus();
} catch (const zmq::error_t& e) {
  return UnavailableError("cannot follow the alerts at " + stream.endpoint + ": " + e.what());
}

// The first catch-up of a follower: an engine not (yet) reachable is waited
// for, as Follow does, so that a follower started before the engine (at
// boot, say) or during its restart misses nothing. Ctrl-C ends the wait
// (OK: nothing went wrong), as it ends Follow.
Status FirstCatchUp(AlertStream& stream, std::ostream& out) {
  Status caught_up = stream.CatchUp(out);
  if (caught_up.code() != StatusCode::kUnavailable) return caught_up;
  std::signal(SIGINT, [](int) { g_interrupted.store(true); });
  std::cerr << "gongkai: " << Say("the engine is unreachable; still following") << "\n";
  while (!g_interrupted.load()) {
    std::this_thread::sleep_for(kFollowPoll);  // Between tries, as Follow waits.
    caught_up = stream.CatchUp(out);
    if (g_interrupted.load()) break;
    if (caught_up.code() != StatusCode::kUnavailable) {
      if (caught_up.ok()) std::cerr << "gongkai: " << Say("the engine is back") << "\n";
      return caught_up;
    }
  }
  return OkStatus();
}

// The words of alerts, reminders and alerts ack (one of them is given).
struct StreamWords {
  std::string agency;
  std::optional<std::string> since, limit;
  bool follow = false;
  std::string sequence;  // alerts ack.
  std::optional<std::string> note, id_key, actor;
};

int RunAlertAck(const StreamWords& w, const CommandContext& c) {
  auto sequence = ParseInt(w.sequence, "SEQ", 1, 2000000000);
  if (!sequence.ok()) return UsageFailure(sequence.status(), c.err);
  v1::Command command;
  command.set_idempotency_key(w.id_key.value_or(NewIdempotencyKey()));
  command.set_actor(w.actor.value_or("supervisor"));
  command.mutable_alert_ack()->set_sequence(uint64_t(*sequence));
  command.mutable_alert_ack()->set_note(w.note.value_or(""));
  int exit_code = 0;
  auto reply = Send(command, c.global, c.err, exit_code);
  if (!reply) return exit_code;
  if (c.global.json) {
    c.out << nlohmann::json{{"seq", *sequence}, {"acknowledged", true}}.dump() << "\n";
  } else {
    c.out << Say(reply->message()) << "\n";
  }
  return 0;
}

// alerts (the supervisors' stream) or reminders (the officers' stream).
int RunStream(bool reminders, const StreamWords& w, const CommandContext& c) {
  EngineClient client(c.global.client);
  AlertStream stream{client, w.agency, 0, 0, 0, false, false, "", ""};
  stream.json = c.global.json;
  stream.reminders = reminders;
  if (w.since) {
    auto value = ParseInt(*w.since, "--since", 0, 2000000000);
    if (!value.ok()) return UsageFailure(value.status(), c.err);
    stream.since = uint64_t(*value);
  }
  if (w.limit) {
    auto value = ParseInt(*w.limit, "--limit", 1, 1000000);
    if (!value.ok()) return UsageFailure(value.status(), c.err);
    stream.limit = *value;
  }
  Status status = w.follow ? FirstCatchUp(stream, c.out) : stream.CatchUp(c.out);
  if (status.ok() && w.follow && !g_interrupted.load()) {
    status = Follow(stream, client.endpoint(), c.out);
  }
  if (!status.ok()) return EngineFailure(status, c.err);
  return 0;
}

int RunOverdue(const std::string& agency, const CommandContext& c) {
  v1::Command command;
  command.mutable_overdue()->set_agency_code(agency);
  int exit_code = 0;
  auto reply = Send(command, c.global, c.err, exit_code);
  if (!reply) return exit_code;
  std::ostream& out = c.out;
  if (c.global.json) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& e : reply->overdue()) {
      const auto& s = e.request().state();
      rows.push_back({{"id", s.id()},
                      {"agency", s.agency_code()},
                      {"agency_name", e.agency_name()},
                      {"due_date", FormatCivil(e.request().due_date())},
                      {"working_days_overdue", e.working_days_overdue()},
                      {"alert_seq", e.alert_sequence()},
                      {"acknowledged", e.acknowledged()}});
    }
    out << rows.dump() << "\n";
    return 0;
  }
  out << Say(StrCat({"overdue requests of ", agency, " and the agencies under it, today ",
                     FormatCivil(reply->today())}))
      << "\n";
  for (const auto& e : reply->overdue()) {
    const auto& s = e.request().state();
    out << "  " << s.id() << "  " << Say("due") << " " << FormatCivil(e.request().due_date())
        << "  " << Say(StrCat({std::to_string(e.working_days_overdue()), " working days overdue"}))
        << "  " << e.agency_name() << " (" << s.agency_code() << ")  " << Say("alert") << " #"
        << (e.alert_sequence() ? std::to_string(e.alert_sequence()) : std::string("-")) << " "
        << Say(e.acknowledged() ? "acknowledged" : "not acknowledged") << "\n";
  }
  out << Say(reply->message()) << "\n";
  return 0;
}

// The words of calendar load.
struct LoadWords {
  std::string path;
  bool dry_run = false;
  std::optional<std::string> id_key, actor;
};

int RunCalendarLoad(const LoadWords& w, const CommandContext& c) {
  std::ifstream in(w.path, std::ios::binary);
  if (!in) return UsageFailure(InvalidArgumentError("cannot read " + w.path), c.err);
  std::ostringstream text;
  text << in.rdbuf();
  v1::Command command;
  command.set_idempotency_key(w.id_key.value_or(NewIdempotencyKey()));
  command.set_actor(w.actor.value_or("operator"));
  command.mutable_calendar_load()->set_calendar_text(text.str());
  command.mutable_calendar_load()->set_source(w.path.substr(w.path.find_last_of('/') + 1));
  command.mutable_calendar_load()->set_dry_run(w.dry_run);
  int exit_code = 0;
  auto reply = Send(command, c.global, c.err, exit_code);
  if (!reply) return exit_code;
  if (c.global.json) {
    nlohmann::json changes = nlohmann::json::array();
    for (const auto& change : reply->calendar_changes())
      changes.push_back(client::ChangeJson(change));
    c.out << nlohmann::json{{"message", Say(reply->message())},
                            {"dry_run", w.dry_run},
                            {"changes", changes}}
                 .dump()
          << "\n";
    return 0;
  }
  c.out << Say(reply->message()) << "\n";
  for (const auto& change : reply->calendar_changes()) PrintChange(change, c.out);
  return 0;
}

}  // namespace

void AddSupervisorCommands(CommandLine& line) {
  auto w = std::make_shared<StreamWords>();
  for (const bool reminders : {false, true}) {
    CLI::App& stream =
        line.Add(line.root(), reminders ? "reminders" : "alerts",
                 [w, reminders](const CommandContext& c) { return RunStream(reminders, *w, c); });
    line.Required(stream, "--agency", w->agency);
    line.Optional(stream, "--since", w->since);
    line.Flag(stream, "--follow", w->follow);
    line.Optional(stream, "--limit", w->limit);
    if (reminders) continue;
    CLI::App& ack =
        line.Add(stream, "ack", [w](const CommandContext& c) { return RunAlertAck(*w, c); });
    line.Positional(ack, "SEQ", w->sequence);
    line.Optional(ack, "--note", w->note);
    line.Optional(ack, "--id-key", w->id_key);
    line.Optional(ack, "--actor", w->actor);
  }
  auto agency = std::make_shared<std::string>();
  CLI::App& overdue = line.Add(
      line.root(), "overdue", [agency](const CommandContext& c) { return RunOverdue(*agency, c); });
  line.Required(overdue, "--agency", *agency);
}

void AddCalendarLoad(CommandLine& line, CLI::App& calendar) {
  auto w = std::make_shared<LoadWords>();
  CLI::App& load =
      line.Add(calendar, "load", [w](const CommandContext& c) { return RunCalendarLoad(*w, c); });
  line.Positional(load, "FILE", w->path);
  line.Flag(load, "--dry-run", w->dry_run);
  line.Optional(load, "--id-key", w->id_key);
  line.Optional(load, "--actor", w->actor);
}

}  // namespace gongkai::cli
