// The supervisor's commands: alerts (catch up, then follow), alerts ack,
// overdue; and calendar load, which changes the running engine's calendar.
#include <csignal>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cli/args.h"
#include "cli/daemon_commands.h"
#include "engine/civil_date.h"
#include "engine/codes.h"
#include "engine/wire_status.h"

namespace gongkai::cli {
namespace {

constexpr int kPage = 1000;
constexpr std::chrono::milliseconds kFollowPoll(1000);

std::atomic<bool> g_interrupted{false};

nlohmann::json ChangeJson(const v1::CalendarChange& c) {
  nlohmann::json j{
      {"id", c.request_id()},
      {"closed", c.closed()},
      {"due_before", IsSet(c.due_before()) ? FormatDate(FromCivilTrusted(c.due_before())) : ""},
      {"due_after", IsSet(c.due_after()) ? FormatDate(FromCivilTrusted(c.due_after())) : ""}};
  if (c.closed()) {
    j["late_before"] = c.late_before();
    j["late_after"] = c.late_after();
    j["reply_days_before"] = c.reply_days_before();
    j["reply_days_after"] = c.reply_days_after();
    j["locked"] = c.locked();
  }
  return j;
}

// "  210300-2026-000001  closed  due 2027-01-07 -> 2027-01-08  late -> on time ..."
void PrintChange(const v1::CalendarChange& c, std::ostream& out) {
  const nlohmann::json j = ChangeJson(c);
  out << "  " << c.request_id() << (c.closed() ? "  closed" : "  open") << "  due "
      << j["due_before"].get<std::string>() << " -> " << j["due_after"].get<std::string>();
  if (c.closed()) {
    if (c.late_before() != c.late_after()) {
      out << (c.late_after() ? "  on time -> late" : "  late -> on time");
    }
    if (c.reply_days_before() != c.reply_days_after()) {
      out << "  " << c.reply_days_before() << " -> " << c.reply_days_after()
          << " working days to reply";
    }
    if (c.locked()) out << "  (its year is locked: figures kept)";
  }
  out << "\n";
}

std::string DateText(const v1::CivilDate& date) {
  return IsSet(date) ? FormatDate(FromCivilTrusted(date)) : "";
}

nlohmann::json AlertJson(const v1::Alert& a) {
  nlohmann::json j{{"seq", a.sequence()},
                   {"request_id", a.request_id()},
                   {"agency", a.agency_code()},
                   {"level", CodeOf(a.level())},
                   {"due_date", DateText(a.due_date())},
                   {"on", DateText(a.on())},
                   {"raised", DateText(a.raised())},
                   {"escalated", a.escalated()},
                   {"message", a.message()}};
  if (!a.party().empty()) j["party"] = a.party();
  if (IsSet(a.window_ends())) j["window_ends"] = DateText(a.window_ends());
  return j;
}

// "#12  2012-10-26  overdue  210321-2012-000001  overdue: ...  (raised 2012-10-29)"
void PrintAlert(const v1::Alert& a, bool json, std::ostream& out) {
  if (json) {
    out << AlertJson(a).dump() << std::endl;
    return;
  }
  out << "#" << a.sequence() << "  " << DateText(a.on()) << "  " << CodeOf(a.level()) << "  "
      << a.request_id() << "  " << a.message();
  if (a.raised().SerializeAsString() != a.on().SerializeAsString()) {
    out << "  (raised " << DateText(a.raised()) << ")";
  }
  out << std::endl;
}

// tcp://0.0.0.0:7502 or tcp://*:7502 as seen from a client of `server`.
std::string ReachableFrom(const std::string& endpoint, const std::string& server) {
  for (const std::string any : {"tcp://0.0.0.0:", "tcp://*:", "tcp://[::]:"}) {
    if (endpoint.rfind(any, 0) != 0) continue;
    const size_t host_end = server.rfind(':');
    if (server.rfind("tcp://", 0) != 0 || host_end == std::string::npos) return endpoint;
    return server.substr(0, host_end + 1) + endpoint.substr(any.size());
  }
  return endpoint;
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
  subscriber.connect(ReachableFrom(stream.endpoint, server));
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
      if (!unreachable) std::cerr << "gongkai: the engine is unreachable; still following\n";
      unreachable = true;
      continue;
    }
    GONGKAI_RETURN_IF_ERROR(caught_up);
    if (unreachable) std::cerr << "gongkai: the engine is back\n";
    unreachable = false;
  }
  return OkStatus();
} catch (const zmq::error_t& e) {
  return UnavailableError("cannot follow the alerts at " + stream.endpoint + ": " + e.what());
}

int RunAlertAck(const Args& args, const GlobalOptions& global, std::ostream& out,
                std::ostream& err) {
  if (Status s = args.ExpectPositional(2, "gongkai alerts ack SEQ [--note TEXT]"); !s.ok()) {
    return UsageFailure(s, err);
  }
  auto sequence = ParseInt(args.positional()[1], "SEQ", 1, 2000000000);
  if (!sequence.ok()) return UsageFailure(sequence.status(), err);
  v1::Command command;
  command.set_idempotency_key(args.Get("--id-key").value_or(NewIdempotencyKey()));
  command.set_actor(args.Get("--actor").value_or("supervisor"));
  command.mutable_alert_ack()->set_sequence(uint64_t(*sequence));
  command.mutable_alert_ack()->set_note(args.Get("--note").value_or(""));
  int exit_code = 0;
  auto reply = Send(command, global, err, exit_code);
  if (!reply) return exit_code;
  if (global.json || args.Has("--json")) {
    out << nlohmann::json{{"seq", *sequence}, {"acknowledged", true}}.dump() << "\n";
  } else {
    out << reply->message() << "\n";
  }
  return 0;
}

// alerts (the supervisors' stream) or reminders (the officers' stream).
int RunStream(const std::string& name, const std::vector<std::string>& words,
              const GlobalOptions& global, std::ostream& out, std::ostream& err) {
  OptionSpec spec{{"--agency", "--since", "--limit", "--note", "--id-key", "--actor"},
                  {"--follow", "--json"},
                  {}};
  auto args = Args::Parse(words, spec);
  if (!args.ok()) return UsageFailure(args.status(), err);
  const bool reminders = name == "reminders";
  if (!reminders && !args->positional().empty() && args->positional()[0] == "ack") {
    return RunAlertAck(*args, global, out, err);
  }
  const std::string usage =
      "gongkai " + name + " --agency CODE [--since SEQ] [--follow] [--limit N]";
  if (Status s = args->ExpectPositional(0, usage); !s.ok()) return UsageFailure(s, err);
  auto agency = args->Require("--agency");
  if (!agency.ok()) return UsageFailure(agency.status(), err);
  EngineClient client(global.client);
  AlertStream stream{client, *agency, 0, 0, 0, false, false, "", ""};
  stream.json = global.json || args->Has("--json");
  stream.reminders = reminders;
  if (auto since = args->Get("--since")) {
    auto value = ParseInt(*since, "--since", 0, 2000000000);
    if (!value.ok()) return UsageFailure(value.status(), err);
    stream.since = uint64_t(*value);
  }
  if (auto limit = args->Get("--limit")) {
    auto value = ParseInt(*limit, "--limit", 1, 1000000);
    if (!value.ok()) return UsageFailure(value.status(), err);
    stream.limit = *value;
  }
  Status status = stream.CatchUp(out);
  if (status.ok() && args->Has("--follow")) status = Follow(stream, global.client.endpoint, out);
  if (!status.ok()) return EngineFailure(status, err);
  return 0;
}

}  // namespace

int RunAlerts(const std::vector<std::string>& words, const GlobalOptions& global, std::ostream& out,
              std::ostream& err) {
  return RunStream("alerts", words, global, out, err);
}

int RunReminders(const std::vector<std::string>& words, const GlobalOptions& global,
                 std::ostream& out, std::ostream& err) {
  return RunStream("reminders", words, global, out, err);
}

int RunOverdue(const std::vector<std::string>& words, const GlobalOptions& global,
               std::ostream& out, std::ostream& err) {
  auto args = Args::Parse(words, OptionSpec{{"--agency"}, {"--json"}, {}});
  if (!args.ok()) return UsageFailure(args.status(), err);
  if (Status s = args->ExpectPositional(0, "gongkai overdue --agency CODE"); !s.ok()) {
    return UsageFailure(s, err);
  }
  auto agency = args->Require("--agency");
  if (!agency.ok()) return UsageFailure(agency.status(), err);
  v1::Command command;
  command.mutable_overdue()->set_agency_code(*agency);
  int exit_code = 0;
  auto reply = Send(command, global, err, exit_code);
  if (!reply) return exit_code;
  if (global.json || args->Has("--json")) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& e : reply->overdue()) {
      const auto& s = e.request().state();
      rows.push_back({{"id", s.id()},
                      {"agency", s.agency_code()},
                      {"agency_name", e.agency_name()},
                      {"due_date", FormatDate(FromCivilTrusted(e.request().due_date()))},
                      {"working_days_overdue", e.working_days_overdue()},
                      {"alert_seq", e.alert_sequence()},
                      {"acknowledged", e.acknowledged()}});
    }
    out << rows.dump() << "\n";
    return 0;
  }
  out << "逾期 overdue requests of " << *agency << " and the agencies under it, today "
      << FormatDate(FromCivilTrusted(reply->today())) << "\n";
  for (const auto& e : reply->overdue()) {
    const auto& s = e.request().state();
    out << "  " << s.id() << "  due " << FormatDate(FromCivilTrusted(e.request().due_date()))
        << "  " << e.working_days_overdue() << " working days overdue  " << e.agency_name() << " ("
        << s.agency_code() << ")  alert #"
        << (e.alert_sequence() ? std::to_string(e.alert_sequence()) : std::string("-"))
        << (e.acknowledged() ? " acknowledged" : " not acknowledged") << "\n";
  }
  out << reply->message() << "\n";
  return 0;
}

int RunCalendarLoad(const std::vector<std::string>& words, const GlobalOptions& global,
                    std::ostream& out, std::ostream& err) {
  auto args = Args::Parse(words, OptionSpec{{"--id-key", "--actor"}, {"--json", "--dry-run"}, {}});
  if (!args.ok()) return UsageFailure(args.status(), err);
  if (Status s = args->ExpectPositional(2, "gongkai calendar load [--dry-run] FILE"); !s.ok()) {
    return UsageFailure(s, err);
  }
  const std::string path = args->positional()[1];
  std::ifstream in(path, std::ios::binary);
  if (!in) return UsageFailure(InvalidArgumentError("cannot read " + path), err);
  std::ostringstream text;
  text << in.rdbuf();
  v1::Command command;
  command.set_idempotency_key(args->Get("--id-key").value_or(NewIdempotencyKey()));
  command.set_actor(args->Get("--actor").value_or("operator"));
  command.mutable_calendar_load()->set_calendar_text(text.str());
  command.mutable_calendar_load()->set_source(path.substr(path.find_last_of('/') + 1));
  command.mutable_calendar_load()->set_dry_run(args->Has("--dry-run"));
  int exit_code = 0;
  auto reply = Send(command, global, err, exit_code);
  if (!reply) return exit_code;
  if (global.json || args->Has("--json")) {
    nlohmann::json changes = nlohmann::json::array();
    for (const auto& c : reply->calendar_changes()) changes.push_back(ChangeJson(c));
    out << nlohmann::json{{"message", reply->message()},
                          {"dry_run", args->Has("--dry-run")},
                          {"changes", changes}}
               .dump()
        << "\n";
    return 0;
  }
  out << reply->message() << "\n";
  for (const auto& c : reply->calendar_changes()) PrintChange(c, out);
  return 0;
}

}  // namespace gongkai::cli
