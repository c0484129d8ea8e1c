#include "web/sessions.h"

#include <sodium.h>

#include <algorithm>

namespace gongkai::web {

using std::chrono::steady_clock;

SessionStore::SessionStore(SessionLimits limits, Now now)
    : limits_(limits), now_(now ? std::move(now) : [] { return steady_clock::now(); }) {}

Session SessionStore::Open(const Person& person) {
  const auto now = now_();
  const auto ends = now + limits_.max_lifetime;
  Session session{RandomToken(), RandomToken(), person, std::min(now + limits_.ttl, ends), ends};
  std::lock_guard lock(mutex_);
  if (sessions_.size() >= limits_.max_sessions) {
    auto oldest = std::min_element(
        sessions_.begin(), sessions_.end(),
        [](const auto& a, const auto& b) { return a.second.expires < b.second.expires; });
    sessions_.erase(oldest);
  }
  sessions_[session.id] = session;
  return session;
}

std::optional<Session> SessionStore::Find(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return std::nullopt;
  const auto now = now_();
  if (it->second.expires <= now) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.expires = std::min(now + limits_.ttl, it->second.ends);
  return it->second;
}

bool SessionStore::Alive(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(id);
  return it != sessions_.end() && it->second.expires > now_();
}

void SessionStore::Close(const std::string& id) {
  std::lock_guard lock(mutex_);
  sessions_.erase(id);
}

void SessionStore::CloseAllOf(const std::string& name) {
  std::lock_guard lock(mutex_);
  std::erase_if(sessions_, [&name](const auto& entry) { return entry.second.person.name == name; });
}

void SessionStore::ForgetOldFailures(const std::string& name, steady_clock::time_point now) {
  auto it = failures_.find(name);
  if (it == failures_.end()) return;
  auto& times = it->second;
  while (!times.empty() && times.front() + limits_.failure_window <= now) times.pop_front();
  if (times.empty()) failures_.erase(it);
}

std::chrono::seconds SessionStore::LockedFor(const std::string& name) {
  std::lock_guard lock(mutex_);
  const auto now = now_();
  auto it = failures_.find(name);
  if (it == failures_.end() || int(it->second.size()) < limits_.max_failures) {
    ForgetOldFailures(name, now);
    return std::chrono::seconds(0);
  }
  // Locked out from the failure that reached the limit, until `lockout` after the last.
  const auto until = it->second.back() + limits_.lockout;
  if (until <= now) {
    failures_.erase(it);
    return std::chrono::seconds(0);
  }
  return std::chrono::ceil<std::chrono::seconds>(until - now);
}

void SessionStore::Failed(const std::string& name) {
  std::lock_guard lock(mutex_);
  const auto now = now_();
  ForgetOldFailures(name, now);
  auto& times = failures_[name];
  times.push_back(now);
  // Only the last max_failures matter; the map is bounded by the names tried.
  while (int(times.size()) > limits_.max_failures) times.pop_front();
  if (failures_.size() > kMaxFailedNames) ForgetStalestName(name);
}

// Never the name just written: the one whose last failure is the oldest (a
// name still within its window would need kMaxFailedNames failures after
// it, which the one-at-a-time login cannot make within a window).
void SessionStore::ForgetStalestName(const std::string& keep) {
  auto stalest = failures_.end();
  for (auto it = failures_.begin(); it != failures_.end(); ++it) {
    if (it->first == keep || it->second.empty()) continue;
    if (stalest == failures_.end() || it->second.back() < stalest->second.back()) stalest = it;
  }
  if (stalest != failures_.end()) failures_.erase(stalest);
}

void SessionStore::Succeeded(const std::string& name) {
  std::lock_guard lock(mutex_);
  failures_.erase(name);
}

size_t SessionStore::size() {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

std::string RandomToken() {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char hex[2 * sizeof bytes + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return hex;
}

bool SameToken(const std::string& a, const std::string& b) {
  return a.size() == b.size() && !a.empty() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace gongkai::web
