// Supervision: the overdue worklist, alerts, their acknowledgement, and the
// live alert stream (Server-Sent Events).
#include <charconv>
#include <iostream>
#include <memory>

#include "client/views_json.h"
#include "engine/civil_date.h"
#include "engine/date.h"
#include "engine/strings.h"
#include "web/api.h"
#include "web/http_json.h"

namespace gongkai::web {
namespace {

using httplib::Request;
using httplib::Response;
using nlohmann::json;

constexpr int kPage = 1000;
// A stream catches up at least this often without a wake-up (one missed
// while the subscription connected, say), and says it is alive.
constexpr std::chrono::seconds kQuietFetch(10);

std::string DateText(const v1::CivilDate& date) { return IsSet(date) ? FormatCivil(date) : ""; }

StatusOr<uint64_t> Sequence(const std::string& text, const std::string& what) {
  uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    return InvalidArgumentError(StrCat({what, " must be an alert's sequence number"}));
  }
  return value;
}

v1::Command FetchCommand(const std::string& agency, uint64_t since) {
  v1::Command command;
  v1::AlertsFetchCommand* fetch = command.mutable_alerts_fetch();
  fetch->set_agency_code(agency);
  fetch->set_since_sequence(since);
  fetch->set_limit(kPage);
  return command;
}

void Overdue(Api& api, const Request& req, Response& res, const Session& session) {
  v1::Command command;
  command.mutable_overdue()->set_agency_code(
      Param(req, "agency").value_or(session.person.agency_code));
  command.mutable_overdue()->set_cursor(Param(req, "cursor").value_or(""));
  auto reply = Ask(api, session, std::move(command), res);
  if (!reply) return;
  json entries = json::array();
  for (const auto& e : reply->overdue()) {
    json view = client::RequestJson(e.request(), false, Lang::kZh);
    entries.push_back({{"request_id", e.request().state().id()},
                       {"agency_code", e.request().state().agency_code()},
                       {"agency_name", e.agency_name()},
                       {"subject", e.request().state().subject()},
                       {"status", view["status"]},
                       {"received_on", view["received"]},
                       {"due_date", DateText(e.request().due_date())},
                       {"working_days_overdue", e.working_days_overdue()},
                       {"alert_sequence", e.alert_sequence()},
                       {"acknowledged", e.acknowledged()}});
  }
  SendJson(res, {{"entries", entries},
                 {"total", reply->total()},
                 {"next_cursor", reply->next_cursor()},
                 {"today", DateText(reply->today())}});
}

void Alerts(Api& api, const Request& req, Response& res, const Session& session) {
  uint64_t since = 0;
  if (auto text = Param(req, "since")) {
    auto parsed = Sequence(*text, "since");
    if (!parsed.ok()) return SendStatus(res, parsed.status());
    since = *parsed;
  }
  auto reply =
      Ask(api, session,
          FetchCommand(Param(req, "agency").value_or(session.person.agency_code), since), res);
  if (!reply) return;
  json alerts = json::array();
  for (const auto& alert : reply->alerts()) alerts.push_back(client::AlertJson(alert, Lang::kZh));
  SendJson(res, {{"alerts", alerts},
                 {"more", reply->alerts_size() >= kPage},
                 {"last_sequence", reply->last_alert_sequence()}});
}

void Acknowledge(Api& api, const Request& req, Response& res, const Session& session) {
  auto body = BodyObject(req);
  if (!body.ok()) return SendStatus(res, body.status());
  auto note = OptionalString(*body, "note");
  if (!note.ok()) return SendStatus(res, note.status());
  auto sequence = Sequence(req.matches[1].str(), "the alert");
  if (!sequence.ok()) return SendStatus(res, sequence.status());
  v1::Command command;
  command.mutable_alert_ack()->set_sequence(*sequence);
  command.mutable_alert_ack()->set_note(note->value_or(""));
  auto reply = Ask(api, session, std::move(command), res);
  if (!reply) return;
  SendJson(res, {{"seq", *sequence},
                 {"acknowledged", true},
                 {"message", Translate(reply->message(), Lang::kZh)}});
}

// One open alert stream: who, what scope, and the last sequence sent; it
// holds a slot among the gateway's streams while it lives.
struct Stream {
  Stream(Api& api, const std::string& person)
      : slot(api.streams, api.max_streams), own_slot(api, person) {}
  Slot slot;
  PersonSlot own_slot;
  std::string session_id;
  std::string person;
  std::string agency;
  uint64_t since = 0;
  bool started = false;
};

std::string EventText(const v1::Alert& alert) {
  return StrCat(
      {"id: ", std::to_string(alert.sequence()), "\nevent: alert\ndata: ",
       client::AlertJson(alert, Lang::kZh).dump(-1, ' ', false, json::error_handler_t::replace),
       "\n\n"});
}

// Sends every alert after stream.since; false when the connection is gone.
// An engine that cannot be reached is said as a comment; the stream waits.
bool CatchUp(Api& api, Stream& stream, httplib::DataSink& sink) {
  for (;;) {
    auto reply = api.engine.Call(FetchCommand(stream.agency, stream.since), stream.person);
    if (reply.ok()) api.alerts.Watch(reply->alerts_endpoint());  // Moved with a restart?
    if (!reply.ok()) {
      const std::string note =
          StrCat({": ", std::string(StatusCodeName(reply.status().code())), "\n\n"});
      return sink.write(note.data(), note.size()) &&
             reply.status().code() == StatusCode::kUnavailable;
    }
    for (const auto& alert : reply->alerts()) {
      if (alert.sequence() <= stream.since) continue;
      const std::string event = EventText(alert);
      if (!sink.write(event.data(), event.size())) return false;
      stream.since = alert.sequence();
    }
    if (reply->alerts_size() < kPage) return true;
  }
}

// The stream's content: catch up, wait for a wake-up (or kQuietFetch), and
// again, while the session lives and the browser listens.
bool StreamStep(Api& api, Stream& stream, httplib::DataSink& sink) {
  if (!stream.started) {
    stream.started = true;
    const std::string hello = "retry: 3000\n\n";
    if (!sink.write(hello.data(), hello.size())) return false;
  }
  const uint64_t seen = api.alerts.wakeups();
  if (!api.sessions.Alive(stream.session_id) || api.alerts.stopping()) {
    sink.done();
    return true;
  }
  if (!CatchUp(api, stream, sink)) return false;
  if (api.alerts.WaitPast(seen, kQuietFetch) == seen) {
    const std::string alive = ": alive\n\n";
    return sink.write(alive.data(), alive.size());
  }
  return true;
}

void OpenStream(Api& api, const Request& req, Response& res, const Session& session) {
  auto stream = std::make_shared<Stream>(api, session.person.name);
  if (!stream->own_slot.taken()) {
    res.set_header("Retry-After", "30");
    return SendError(res, 429, "resource_exhausted",
                     StrCat({"you already have ", std::to_string(api.max_streams_per_person),
                             " live alert streams open; close a page that shows alerts"}));
  }
  if (!stream->slot.taken()) {
    res.set_header("Retry-After", "30");
    return SendError(res, 429, "resource_exhausted",
                     "too many live alert streams; the page refreshes the alerts instead");
  }
  stream->session_id = session.id;
  stream->person = session.person.name;
  stream->agency = Param(req, "agency").value_or(session.person.agency_code);
  std::optional<std::string> since = req.get_header_value("Last-Event-ID");
  if (since->empty()) since = Param(req, "since");
  if (since) {
    auto parsed = Sequence(*since, "since");
    if (!parsed.ok()) return SendStatus(res, parsed.status());
    stream->since = *parsed;
  }
  // The first fetch answers a refusal (another county's scope) as JSON,
  // before the stream starts, and names the endpoint of the wake-ups.
  v1::Command first = FetchCommand(stream->agency, stream->since);
  first.mutable_alerts_fetch()->set_limit(1);
  auto reply = Ask(api, session, std::move(first), res);
  if (!reply) return;
  api.alerts.Watch(reply->alerts_endpoint());
  if (!since) stream->since = reply->last_alert_sequence();  // From now on.
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Accel-Buffering", "no");
  // Debian's cpp-httplib (0.11, built with zlib and brotli) would compress
  // the stream for a browser, and its compressor holds every event back:
  // the stream is answered as if no compression had been offered (httplib
  // reads the request's Accept-Encoding when it writes the response).
  const_cast<Request&>(req).headers.erase("Accept-Encoding");
  res.set_chunked_content_provider(
      "text/event-stream; charset=utf-8", [&api, stream](size_t, httplib::DataSink& sink) {
        // httplib catches nothing once the response is being written: an
        // exception here (out of file descriptors, say) ends this stream,
        // never the gateway.
        try {
          return StreamStep(api, *stream, sink);
        } catch (const std::exception& e) {
          std::cerr << "gongkai-web: an alert stream ended: " << e.what() << "\n";
          return false;
        }
      });
}

}  // namespace

void AddSupervisionRoutes(httplib::Server& server, Api& api) {
  server.Get("/api/v1/overdue", ForPerson(api, false, Bind(api, Overdue)));
  server.Get("/api/v1/alerts", ForPerson(api, false, Bind(api, Alerts)));
  server.Get("/api/v1/alerts/stream", ForPerson(api, false, Bind(api, OpenStream)));
  server.Post(R"(/api/v1/alerts/([0-9]{1,19})/ack)", ForPerson(api, true, Bind(api, Acknowledge)));
}

}  // namespace gongkai::web
