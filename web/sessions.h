// The web console's sessions and login lockout, kept in memory only (the
// gateway stores nothing else: DESIGN.md, "Web gateway"). A session is a
// random 256-bit id (libsodium) held in an HttpOnly cookie, with its own
// random CSRF token that every change must echo in a header; it ends at
// logout, after `ttl` without use, or `max_lifetime` after the login
// however much it is used (a stolen cookie does not work forever). A name
// that fails to log in `max_failures` times within `failure_window` is
// locked out until `lockout` has passed since the last of those failures.
//
// Time comes from the `now` given to the constructor (steady, so a change
// of the system clock neither ends nor prolongs a session); tests pass a
// clock they move.
//
// Thread safety: every method may be called from any thread (one mutex).
#ifndef GONGKAI_WEB_SESSIONS_H_
#define GONGKAI_WEB_SESSIONS_H_

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace gongkai::web {

// Who is logged in: the engine's account of the person at login.
struct Person {
  std::string name;
  std::vector<std::string> roles;  // Role code words (clerk, officer, ...).
  std::string agency_code;         // The person's scope.
};

struct Session {
  std::string id;          // 64 hex characters.
  std::string csrf_token;  // 64 hex characters.
  Person person;
  std::chrono::steady_clock::time_point expires;  // Never after `ends`.
  std::chrono::steady_clock::time_point ends;     // The login + max_lifetime.
};

struct SessionLimits {
  std::chrono::seconds ttl{std::chrono::hours(8)};
  std::chrono::seconds max_lifetime{std::chrono::hours(12)};
  int max_failures = 5;
  std::chrono::seconds failure_window{std::chrono::minutes(15)};
  std::chrono::seconds lockout{std::chrono::minutes(15)};
  size_t max_sessions = 100000;  // The oldest is ended to make room.
};

class SessionStore {
 public:
  using Now = std::function<std::chrono::steady_clock::time_point()>;
  explicit SessionStore(SessionLimits limits = SessionLimits(), Now now = nullptr);

  // A new session for `person` (after a successful login).
  Session Open(const Person& person);
  // The live session `id` names, its expiry pushed back by the ttl (never
  // past its end); nullopt for an unknown or expired one (an expired one is
  // forgotten).
  std::optional<Session> Find(const std::string& id);
  // Whether `id` names a live session (its expiry left as it is: an open
  // alert stream does not keep a session alive).
  bool Alive(const std::string& id);
  void Close(const std::string& id);
  // Ends every session of `name` (the person was revoked, say).
  void CloseAllOf(const std::string& name);

  // How long `name` stays locked out (zero: not locked out).
  std::chrono::seconds LockedFor(const std::string& name);
  // Records a failed login of `name`.
  void Failed(const std::string& name);
  // Forgets the failures of `name` (a successful login).
  void Succeeded(const std::string& name);

  size_t size();
  std::chrono::seconds ttl() const { return limits_.ttl; }

 private:
  void ForgetOldFailures(const std::string& name, std::chrono::steady_clock::time_point now);

  SessionLimits limits_;
  Now now_;
  std::mutex mutex_;
  std::map<std::string, Session> sessions_;
  std::map<std::string, std::deque<std::chrono::steady_clock::time_point>> failures_;
  static constexpr size_t kMaxFailedNames = 100000;
  void ForgetStalestName(const std::string& keep);
};

// 32 random bytes (libsodium's randombytes_buf) as 64 hex characters.
std::string RandomToken();
// Equal strings, compared in time independent of where they differ.
bool SameToken(const std::string& a, const std::string& b);

}  // namespace gongkai::web

#endif  // GONGKAI_WEB_SESSIONS_H_
