// Log in, log out, the session; and what every other route is wrapped in.
#include <iostream>

#include "engine/access.h"
#include "engine/passwords.h"
#include "engine/strings.h"
#include "web/api.h"
#include "web/http_json.h"

namespace gongkai::web {
namespace {

constexpr size_t kMaxNameBytes = 200;

std::string SessionCookie(const Api& api, const std::string& id, std::chrono::seconds max_age) {
  return StrCat({kSessionCookie, "=", id, "; Path=/; HttpOnly; SameSite=Strict; Max-Age=",
                 std::to_string(max_age.count()), api.secure_cookies ? "; Secure" : ""});
}

nlohmann::json SessionJson(const Session& session) {
  return {{"name", session.person.name},
          {"roles", session.person.roles},
          {"agency_code", session.person.agency_code},
          {"csrf_token", session.csrf_token}};
}

Person PersonOf(const v1::Principal& principal) {
  Person person{principal.name(), {}, principal.agency_code()};
  for (int role : principal.roles()) person.roles.push_back(RoleWord(v1::Role(role)));
  return person;
}

std::string Minutes(std::chrono::seconds wait) { return std::to_string((wait.count() + 59) / 60); }

void Login(Api& api, const httplib::Request& req, httplib::Response& res) {
  // A form of another site cannot send this type without the browser
  // asking first (and it is refused): no one is logged in from elsewhere.
  if (req.get_header_value("Content-Type").rfind("application/json", 0) != 0) {
    return SendStatus(
        res, InvalidArgumentError("send the login as JSON (Content-Type: application/json)"));
  }
  auto body = BodyObject(req);
  if (!body.ok()) return SendStatus(res, body.status());
  auto name = RequiredString(*body, "name");
  if (!name.ok()) return SendStatus(res, name.status());
  auto password = RequiredString(*body, "password");
  if (!password.ok()) return SendStatus(res, password.status());
  if (name->size() > kMaxNameBytes || password->size() > kMaxPasswordBytes) {
    return SendError(res, 401, "unauthenticated", kWrongLogin);
  }
  if (auto wait = api.sessions.LockedFor(*name); wait.count() > 0) {
    res.set_header("Retry-After", std::to_string(wait.count()));
    return SendError(
        res, 429, "resource_exhausted",
        StrCat({"too many failed logins: this name is locked for ", Minutes(wait), " minutes"}));
  }
  const Slot slot(api.logins, api.max_logins_at_once);
  if (!slot.taken()) {
    res.set_header("Retry-After", "1");
    return SendError(res, 429, "resource_exhausted",
                     "too many logins at once; try again in a moment");
  }
  v1::Command command;
  command.mutable_login()->set_name(*name);
  command.mutable_login()->set_password(*password);
  auto reply = api.engine.Call(std::move(command), "");
  if (!reply.ok() && reply.status().code() == StatusCode::kPermissionDenied) {
    api.sessions.Failed(*name);
    // A staff name, never an applicant's: who is being guessed at is the
    // operator's business.
    if (api.sessions.LockedFor(*name).count() > 0) {
      std::cerr << "gongkai-web: login of " << *name << " locked after repeated failures\n";
    }
    return SendError(res, 401, "unauthenticated", kWrongLogin);
  }
  if (!reply.ok()) return SendStatus(res, reply.status());
  if (reply->principals_size() == 0) {
    return SendStatus(res, InternalError("the engine's login reply names no person"));
  }
  api.sessions.Succeeded(*name);
  const Session session = api.sessions.Open(PersonOf(reply->principals(0)));
  res.set_header("Set-Cookie", SessionCookie(api, session.id, api.sessions.ttl()));
  SendJson(res, SessionJson(session));
}

}  // namespace

httplib::Server::Handler ForPerson(Api& api, bool change, PersonRoute route) {
  return [&api, change, route = std::move(route)](const httplib::Request& req,
                                                  httplib::Response& res) {
    const std::string id = CookieValue(req, kSessionCookie);
    std::optional<Session> session = id.empty() ? std::nullopt : api.sessions.Find(id);
    if (!session) {
      return SendError(res, 401, "unauthenticated",
                       "log in first: there is no session, or it has ended");
    }
    if (change && !SameToken(req.get_header_value(kCsrfHeader), session->csrf_token)) {
      return SendError(res, 403, "permission_denied",
                       "the change was refused: its CSRF token is missing or wrong (reload the "
                       "page)");
    }
    res.set_header("Set-Cookie", SessionCookie(api, session->id, api.sessions.ttl()));
    route(req, res, *session);
  };
}

std::optional<v1::Reply> Ask(Api& api, const Session& session, v1::Command command,
                             httplib::Response& res) {
  auto reply = api.engine.Call(std::move(command), session.person.name);
  if (!reply.ok()) {
    SendStatus(res, reply.status());
    return std::nullopt;
  }
  return std::move(reply).value();
}

void AddSessionRoutes(httplib::Server& server, Api& api) {
  server.Post("/api/v1/login", [&api](const httplib::Request& req, httplib::Response& res) {
    Login(api, req, res);
  });
  server.Post("/api/v1/logout",
              ForPerson(api, true, [&api](const auto&, httplib::Response& res, const Session& s) {
                api.sessions.Close(s.id);
                SendJson(res, {{"logged_out", true}});
                res.headers.erase("Set-Cookie");
                res.set_header("Set-Cookie", SessionCookie(api, "", std::chrono::seconds(0)));
              }));
  server.Get("/api/v1/session",
             ForPerson(api, false, [](const auto&, httplib::Response& res, const Session& s) {
               SendJson(res, SessionJson(s));
             }));
}

}  // namespace gongkai::web
