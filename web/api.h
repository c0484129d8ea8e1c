// The JSON API under /api/v1 (docs/web-api.md): what the routes share, and
// the functions that add each group of routes to the server.
//
// Every route but login answers only within a live session (401 otherwise);
// every change (POST) also needs the session's CSRF token in the
// X-CSRF-Token header (403 otherwise). Each command goes to gongkaid on
// behalf of the session's person, and the engine decides what that person
// may see and do: a refusal comes back as its status word and the Chinese
// message (web/http_json.h).
//
// Thread safety: the routes run on the server's threads; Api's members are
// each safe for concurrent use.
#ifndef GONGKAI_WEB_API_H_
#define GONGKAI_WEB_API_H_

#include <httplib.h>

#include <atomic>
#include <functional>
#include <optional>
#include <string>

#include "web/alert_hub.h"
#include "web/engine_pool.h"
#include "web/sessions.h"

namespace gongkai::web {

inline constexpr char kSessionCookie[] = "gongkai_session";
inline constexpr char kCsrfHeader[] = "X-CSRF-Token";

struct Api {
  EnginePool& engine;
  SessionStore& sessions;
  AlertHub& alerts;
  bool secure_cookies = false;  // Served over TLS: cookies say Secure.
  // Bounds that keep the gateway serving: logins being verified at once
  // (each costs the engine an Argon2id verification on a reader thread),
  // and open alert streams (each holds one of the server's threads).
  int max_logins_at_once = 4;
  int max_streams = 96;
  std::atomic<int> logins{0};
  std::atomic<int> streams{0};
};

// Counts one in `counter` while it lives, when there was room below `limit`.
class Slot {
 public:
  Slot(std::atomic<int>& counter, int limit) : counter_(counter) {
    taken_ = counter_.fetch_add(1) < limit;
    if (!taken_) counter_.fetch_sub(1);
  }
  ~Slot() {
    if (taken_) counter_.fetch_sub(1);
  }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;
  bool taken() const { return taken_; }

 private:
  std::atomic<int>& counter_;
  bool taken_ = false;
};

// A route's work for the person of a live session.
using PersonRoute =
    std::function<void(const httplib::Request&, httplib::Response&, const Session&)>;
// Wraps `route`: 401 without a live session; for a change (`change`), 403
// without its CSRF token.
httplib::Server::Handler ForPerson(Api& api, bool change, PersonRoute route);
// `route(api, req, res, session)` as a PersonRoute.
template <typename Route>
PersonRoute Bind(Api& api, Route route) {
  return [&api, route](const httplib::Request& req, httplib::Response& res,
                       const Session& session) { route(api, req, res, session); };
}
// Sends `command` on behalf of the session's person: the reply, or nullopt
// after writing the refusal to `res`.
std::optional<v1::Reply> Ask(Api& api, const Session& session, v1::Command command,
                             httplib::Response& res);

// POST login, POST logout, GET session.
void AddSessionRoutes(httplib::Server& server, Api& api);
// Requests: intake, list, show, events, search; agencies and the clock.
void AddRequestRoutes(httplib::Server& server, Api& api);
// Supervision: overdue, alerts, alert ack, the alert stream (SSE).
void AddSupervisionRoutes(httplib::Server& server, Api& api);
// Reports, people, calendar, backup.
void AddAdminRoutes(httplib::Server& server, Api& api);

}  // namespace gongkai::web

#endif  // GONGKAI_WEB_API_H_
