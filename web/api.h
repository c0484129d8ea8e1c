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
#include <map>
#include <mutex>
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
  // Fewer than the engine's reader threads, so that password checks never
  // hold up everyone's queries.
  int max_logins_at_once = 1;
  int max_streams = 96;
  // One person's streams (several tabs, say): more would let one person
  // take every slot and leave the other supervisors without live alerts.
  int max_streams_per_person = 4;
  std::atomic<int> logins{0};
  std::atomic<int> streams{0};
  std::mutex streams_mutex{};  // Guards streams_by_person.
  std::map<std::string, int> streams_by_person{};
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

// One of `person`'s alert streams, held while it lives; taken() is false
// when the person already has api.max_streams_per_person.
class PersonSlot {
 public:
  PersonSlot(Api& api, std::string person) : api_(api), person_(std::move(person)) {
    std::lock_guard lock(api_.streams_mutex);
    int& open = api_.streams_by_person[person_];
    taken_ = open < api_.max_streams_per_person;
    if (taken_) ++open;
    if (open == 0) api_.streams_by_person.erase(person_);
  }
  ~PersonSlot() {
    if (!taken_) return;
    std::lock_guard lock(api_.streams_mutex);
    if (--api_.streams_by_person[person_] == 0) api_.streams_by_person.erase(person_);
  }
  PersonSlot(const PersonSlot&) = delete;
  PersonSlot& operator=(const PersonSlot&) = delete;
  bool taken() const { return taken_; }

 private:
  Api& api_;
  std::string person_;
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
