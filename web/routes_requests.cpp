// Requests: intake, the queue (list), one request (show), its events,
// search; and the agencies in scope and the engine's today.
#include "client/views_json.h"
#include "engine/civil_date.h"
#include "engine/date.h"
#include "engine/strings.h"
#include "web/api.h"
#include "web/http_json.h"
#include "web/request_forms.h"

namespace gongkai::web {
namespace {

using httplib::Request;
using httplib::Response;
using nlohmann::json;

constexpr int kMaxLimit = 1000;

std::string DateText(const v1::CivilDate& date) { return IsSet(date) ? FormatCivil(date) : ""; }

// The shared view (client/views_json.h) under the API's names.
json ViewJson(const v1::RequestView& view, bool with_events) {
  json j = client::RequestJson(view, with_events, Lang::kZh);
  const std::pair<const char*, const char*> renames[] = {{"id", "request_id"},
                                                         {"agency", "agency_code"},
                                                         {"received", "received_on"},
                                                         {"events", "timeline"}};
  for (const auto& [from, to] : renames) {
    if (!j.contains(from)) continue;
    j[to] = std::move(j[from]);
    j.erase(from);
  }
  return j;
}

json ViewsJson(const v1::Reply& reply) {
  json views = json::array();
  for (const auto& view : reply.requests()) views.push_back(ViewJson(view, false));
  return views;
}

// The engine's today, asked on behalf of the person.
std::optional<Date> Today(Api& api, const Session& session, Response& res) {
  v1::Command command;
  command.mutable_clock_show();
  auto reply = Ask(api, session, std::move(command), res);
  if (!reply) return std::nullopt;
  return FromCivilTrusted(reply->today());
}

void Intake(Api& api, const Request& req, Response& res, const Session& session) {
  auto body = BodyObject(req);
  if (!body.ok()) return SendStatus(res, body.status());
  Date today{};
  if (!body->contains("received_on") || (*body)["received_on"].is_null()) {
    auto known = Today(api, session, res);
    if (!known) return;
    today = *known;
  }
  auto command = IntakeFromJson(*body, today);
  if (!command.ok()) return SendStatus(res, command.status());
  auto reply = Ask(api, session, std::move(command).value(), res);
  if (!reply) return;
  json answer{{"request_id", reply->request_id()},
              {"due_date", DateText(reply->due_date())},
              {"message", Translate(reply->message(), Lang::kZh)},
              {"explanation", json::array()}};
  v1::Command show;
  show.mutable_show()->set_request_id(reply->request_id());
  if (auto shown = api.engine.Call(std::move(show), session.person.name);
      shown.ok() && shown->requests_size() > 0) {
    answer["explanation"] = ViewJson(shown->requests(0), false)["explanation"];
  }
  SendJson(res, answer, 201);
}

Status FillList(const Request& req, v1::ListCommand& list) {
  list.set_agency_code(Param(req, "agency").value_or(""));
  list.set_status(Param(req, "status").value_or(""));
  auto year = IntParam(req, "year", 0, 9999, 0);
  if (!year.ok()) return year.status();
  list.set_year(*year);
  auto limit = IntParam(req, "limit", 1, kMaxLimit, 50);
  if (!limit.ok()) return limit.status();
  list.set_limit(*limit);
  list.set_cursor(Param(req, "cursor").value_or(""));
  auto due_within = IntParam(req, "due_within", 0, 60, 0);
  if (!due_within.ok()) return due_within.status();
  list.set_due_within(*due_within);
  const auto overdue = Param(req, "overdue");
  list.set_overdue(overdue && (*overdue == "1" || *overdue == "true"));
  return OkStatus();
}

void List(Api& api, const Request& req, Response& res, const Session& session) {
  v1::Command command;
  if (Status filled = FillList(req, *command.mutable_list()); !filled.ok()) {
    return SendStatus(res, filled);
  }
  auto reply = Ask(api, session, std::move(command), res);
  if (!reply) return;
  SendJson(res, {{"requests", ViewsJson(*reply)},
                 {"total", reply->total()},
                 {"next_cursor", reply->next_cursor()},
                 {"today", DateText(reply->today())}});
}

void Show(Api& api, const Request& req, Response& res, const Session& session) {
  v1::Command command;
  command.mutable_show()->set_request_id(req.matches[1].str());
  auto reply = Ask(api, session, std::move(command), res);
  if (!reply) return;
  if (reply->requests_size() == 0) return SendStatus(res, NotFoundError("no such request"));
  json view = ViewJson(reply->requests(0), true);
  view["today"] = DateText(reply->today());
  SendJson(res, view);
}

void RecordEvent(Api& api, const Request& req, Response& res, const Session& session) {
  auto body = BodyObject(req);
  if (!body.ok()) return SendStatus(res, body.status());
  auto command = EventFromJson(req.matches[1].str(), *body);
  if (!command.ok()) return SendStatus(res, command.status());
  auto reply = Ask(api, session, std::move(command).value(), res);
  if (!reply) return;
  SendJson(res, {{"request_id", req.matches[1].str()},
                 {"due_date", DateText(reply->due_date())},
                 {"message", Translate(reply->message(), Lang::kZh)}});
}

// What a search asks, from the query (GET) or the JSON body (POST).
struct SearchAsked {
  std::string q, agency, cursor;
  int year = 0;
  int limit = 50;
};

void RunSearch(Api& api, const SearchAsked& asked, Response& res, const Session& session) {
  v1::Command command;
  v1::SearchCommand* search = command.mutable_search();
  search->set_text(asked.q);
  search->set_agency_code(asked.agency);
  search->set_year(asked.year);
  search->set_limit(asked.limit);
  search->set_cursor(asked.cursor);
  auto reply = Ask(api, session, std::move(command), res);
  if (!reply) return;
  SendJson(res, {{"requests", ViewsJson(*reply)}, {"next_cursor", reply->next_cursor()}});
}

void Search(Api& api, const Request& req, Response& res, const Session& session) {
  auto year = IntParam(req, "year", 0, 9999, 0);
  auto limit = IntParam(req, "limit", 1, kMaxLimit, 50);
  if (!year.ok()) return SendStatus(res, year.status());
  if (!limit.ok()) return SendStatus(res, limit.status());
  RunSearch(api,
            {Param(req, "q").value_or(""), Param(req, "agency").value_or(""),
             Param(req, "cursor").value_or(""), *year, *limit},
            res, session);
}

// The same search with its words in the body, so that a name searched for
// never appears in an address (a proxy's log, the browser's history).
void SearchPosted(Api& api, const Request& req, Response& res, const Session& session) {
  auto body = BodyObject(req);
  if (!body.ok()) return SendStatus(res, body.status());
  SearchAsked asked;
  for (auto [name, field] : {std::pair{"q", &asked.q}, std::pair{"agency", &asked.agency},
                             std::pair{"cursor", &asked.cursor}}) {
    auto value = OptionalString(*body, name);
    if (!value.ok()) return SendStatus(res, value.status());
    *field = value->value_or("");
  }
  auto year = OptionalInt(*body, "year", 0, 9999);
  auto limit = OptionalInt(*body, "limit", 1, kMaxLimit);
  if (!year.ok()) return SendStatus(res, year.status());
  if (!limit.ok()) return SendStatus(res, limit.status());
  asked.year = year->value_or(0);
  asked.limit = limit->value_or(50);
  RunSearch(api, asked, res, session);
}

void Agencies(Api& api, const Request&, Response& res, const Session& session) {
  v1::Command command;
  command.mutable_agencies();
  auto reply = Ask(api, session, std::move(command), res);
  if (!reply) return;
  json agencies = json::array();
  for (const auto& a : reply->agencies()) {
    agencies.push_back({{"code", a.code()},
                        {"name", a.name()},
                        {"parent_code", a.parent_code()},
                        {"tier", a.tier()},
                        {"path", a.path()}});
  }
  SendJson(res, {{"agencies", agencies}});
}

void Clock(Api& api, const Request&, Response& res, const Session& session) {
  v1::Command command;
  command.mutable_clock_show();
  auto reply = Ask(api, session, std::move(command), res);
  if (!reply) return;
  SendJson(res, {{"today", DateText(reply->today())}});
}

}  // namespace

void AddRequestRoutes(httplib::Server& server, Api& api) {
  server.Post("/api/v1/requests", ForPerson(api, true, Bind(api, Intake)));
  server.Get("/api/v1/requests", ForPerson(api, false, Bind(api, List)));
  server.Get(R"(/api/v1/requests/([0-9A-Za-z-]{1,64}))", ForPerson(api, false, Bind(api, Show)));
  server.Post(R"(/api/v1/requests/([0-9A-Za-z-]{1,64})/events)",
              ForPerson(api, true, Bind(api, RecordEvent)));
  server.Get("/api/v1/search", ForPerson(api, false, Bind(api, Search)));
  // A query, not a change: no CSRF token (the SameSite=Strict cookie keeps
  // other sites out).
  server.Post("/api/v1/search", ForPerson(api, false, Bind(api, SearchPosted)));
  server.Get("/api/v1/agencies", ForPerson(api, false, Bind(api, Agencies)));
  server.Get("/api/v1/clock", ForPerson(api, false, Bind(api, Clock)));
}

}  // namespace gongkai::web
