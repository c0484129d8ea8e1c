// SessionStore with a clock the test moves: sessions expire after their
// time without use, a name is locked out after 5 failures in 15 minutes and
// free again later, and tokens are random and compared whole.
#include "web/sessions.h"

#include <catch2/catch.hpp>
#include <set>

#include "web/api.h"

namespace gongkai::web {
namespace {

using std::chrono::minutes;

struct FakeClock {
  std::chrono::steady_clock::time_point now{};
  SessionStore::Now Reader() {
    return [this] { return now; };
  }
};

const Person kClerk{"李受理", {"clerk"}, "210300"};

TEST_CASE("A session lives while it is used and ends after its time without use",
          "[web][sessions]") {
  FakeClock clock;
  SessionLimits limits;
  limits.ttl = minutes(30);
  SessionStore store(limits, clock.Reader());
  const Session session = store.Open(kClerk);
  CHECK(session.id.size() == 64);
  CHECK(session.csrf_token.size() == 64);
  CHECK(session.id != session.csrf_token);
  clock.now += minutes(29);
  REQUIRE(store.Find(session.id));  // Used: good for another 30 minutes.
  clock.now += minutes(29);
  CHECK(store.Alive(session.id));
  CHECK(store.Find(session.id)->person.name == "李受理");
  clock.now += minutes(31);
  CHECK_FALSE(store.Alive(session.id));
  CHECK_FALSE(store.Find(session.id));
  CHECK(store.size() == 0);
}

TEST_CASE("A session used all the time still ends its maximum lifetime after the login",
          "[web][sessions]") {
  FakeClock clock;
  SessionLimits limits;
  limits.ttl = minutes(30);
  limits.max_lifetime = std::chrono::hours(2);
  SessionStore store(limits, clock.Reader());
  const Session session = store.Open(kClerk);
  CHECK(session.ends - session.expires == std::chrono::minutes(90));
  for (int i = 0; i < 11; ++i) {  // Used every 10 minutes for 1 h 50 min.
    clock.now += minutes(10);
    REQUIRE(store.Find(session.id));
  }
  // The last use gave it 30 minutes more, but only 10 are left of its 2 h.
  CHECK(store.Find(session.id)->expires == session.ends);
  clock.now += minutes(10);
  CHECK_FALSE(store.Alive(session.id));
  CHECK_FALSE(store.Find(session.id));
  CHECK(store.size() == 0);
}

TEST_CASE("An open alert stream's check does not keep a session alive", "[web][sessions]") {
  FakeClock clock;
  SessionLimits limits;
  limits.ttl = minutes(10);
  SessionStore store(limits, clock.Reader());
  const Session session = store.Open(kClerk);
  for (int i = 0; i < 9; ++i) {
    clock.now += minutes(1);
    CHECK(store.Alive(session.id));
  }
  clock.now += minutes(2);
  CHECK_FALSE(store.Alive(session.id));
}

TEST_CASE("Logging out, or revoking the person, ends the session", "[web][sessions]") {
  SessionStore store;
  const Session first = store.Open(kClerk);
  const Session second = store.Open(kClerk);
  const Session other = store.Open(Person{"周统计", {"reporter"}, "210300"});
  store.Close(first.id);
  CHECK_FALSE(store.Find(first.id));
  CHECK(store.Find(second.id));
  store.CloseAllOf("李受理");
  CHECK_FALSE(store.Find(second.id));
  CHECK(store.Find(other.id));
}

TEST_CASE("Five failed logins within 15 minutes lock the name out for a while", "[web][sessions]") {
  FakeClock clock;
  SessionStore store(SessionLimits(), clock.Reader());
  for (int i = 0; i < 4; ++i) {
    store.Failed("李受理");
    clock.now += minutes(3);
  }
  CHECK(store.LockedFor("李受理").count() == 0);
  store.Failed("李受理");
  CHECK(store.LockedFor("李受理") == minutes(15));
  CHECK(store.LockedFor("周统计").count() == 0);  // Per name.
  clock.now += minutes(10);
  CHECK(store.LockedFor("李受理") == minutes(5));
  clock.now += minutes(5);
  CHECK(store.LockedFor("李受理").count() == 0);
}

TEST_CASE("Failures spread over more than 15 minutes do not lock a name out", "[web][sessions]") {
  FakeClock clock;
  SessionStore store(SessionLimits(), clock.Reader());
  for (int i = 0; i < 10; ++i) {
    store.Failed("李受理");
    clock.now += minutes(4);
    CHECK(store.LockedFor("李受理").count() == 0);
  }
  store.Succeeded("李受理");
  CHECK(store.LockedFor("李受理").count() == 0);
}

TEST_CASE("Tokens are random and compared whole", "[web][sessions]") {
  std::set<std::string> tokens;
  for (int i = 0; i < 100; ++i) tokens.insert(RandomToken());
  CHECK(tokens.size() == 100);
  const std::string token = RandomToken();
  CHECK(SameToken(token, token));
  CHECK_FALSE(SameToken(token, token.substr(0, 63)));
  CHECK_FALSE(SameToken(token, token.substr(0, 63) + (token[63] == 'a' ? "b" : "a")));
  CHECK_FALSE(SameToken("", ""));
}

TEST_CASE("A slot is taken only below its limit and given back when it ends",
          "[web][sessions][limits]") {
  std::atomic<int> counter{0};
  {
    const Slot first(counter, 2);
    const Slot second(counter, 2);
    const Slot third(counter, 2);
    CHECK(first.taken());
    CHECK(second.taken());
    CHECK_FALSE(third.taken());
    CHECK(counter == 2);
  }
  CHECK(counter == 0);
  const Slot again(counter, 2);
  CHECK(again.taken());
}

}  // namespace
}  // namespace gongkai::web
