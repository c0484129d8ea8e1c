// The crash test: sender threads stream intake commands (each with its own
// idempotency key) at a real gongkaid over tcp://127.0.0.1 while the test
// kills the daemon with SIGKILL after a pseudo-random number of
// acknowledgements and restarts it on the same data directory,
// GONGKAI_CRASH_CYCLES times. Several commands are in flight at every kill,
// so kills land between a write and its reply.
//
// Then: every acknowledged key sent again returns the id of its first reply,
// every acknowledged id exists, no id belongs to two keys, the number of
// requests lies between the numbers acknowledged and sent, and admin verify
// passes.
//
// The seed is printed; GONGKAI_CRASH_SEED=N replays a run's kill points.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "client/engine_client.h"
#include "engine/civil_date.h"
#include "engine/date.h"
#include "gongkai/v1/command.pb.h"
#include "tests/e2e/client_calls.h"
#include "tests/e2e/daemon_process.h"

namespace gongkai::e2e {
namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr int kCycles = GONGKAI_CRASH_CYCLES;
constexpr int kSenders = 6;
constexpr int kMaxAcksBetweenKills = 15;
// The senders' lazy-pirate client: 250 + 500 + 1000 ms, then the sender
// tries again (same key) on the endpoint the daemon has then.
constexpr std::chrono::milliseconds kSendTimeout{250};
constexpr int kSendAttempts = 3;
// Bounds the wait for acknowledgements between two kills.
constexpr std::chrono::seconds kProgressLimit{30};

v1::Command IntakeCommand(const std::string& key, int serial) {
  v1::Command command;
  command.set_idempotency_key(key);
  command.set_actor("crash-test");
  auto* intake = command.mutable_intake();
  *intake->mutable_received_on() = ToCivil(MakeDate(2012, 9, 28));
  auto* received = intake->mutable_received();
  received->set_agency_code("210321");
  received->set_channel(serial % 2 == 0 ? v1::CHANNEL_IN_PERSON : v1::CHANNEL_ONLINE);
  received->set_applicant_type(v1::APPLICANT_TYPE_NATURAL_PERSON);
  received->set_subject("crash test request " + std::to_string(serial));
  received->mutable_applicant()->set_name("申请人" + std::to_string(serial));
  return command;
}

client::ClientOptions ClientFor(const std::string& endpoint, const std::string& identity,
                                std::chrono::milliseconds timeout, int attempts) {
  client::ClientOptions options;
  options.endpoint = endpoint;
  options.identity_path = identity;
  options.timeout = timeout;
  options.attempts = attempts;
  return options;
}

std::string CodeName(const v1::Reply& reply) { return v1::StatusCode_Name(reply.code()); }

// What the senders share with the test's thread.
struct Shared {
  std::mutex mutex;
  std::condition_variable progress;
  std::string endpoint;
  std::string identity;                        // The daemon's tester.
  std::map<std::string, v1::Command> sent;     // Every key sent at least once.
  std::map<std::string, std::string> acked;    // Key -> request id of the first ok reply.
  std::map<std::string, std::string> ack_due;  // Key -> due date of that reply.
  std::vector<std::string> unexpected;         // Refusals an intake should not get.
  size_t tries = 0;                            // Calls that found no engine.
  bool stop = false;

  std::string Endpoint() {
    std::lock_guard<std::mutex> lock(mutex);
    return endpoint;
  }
};

void Sender(Shared& shared, const std::string& prefix, int sender) {
  std::string endpoint;
  std::unique_ptr<client::EngineClient> client;
  for (int n = 0;; ++n) {
    const std::string key = prefix + "-" + std::to_string(sender) + "-" + std::to_string(n);
    const v1::Command command = IntakeCommand(key, sender * 100000 + n);
    {
      std::lock_guard<std::mutex> lock(shared.mutex);
      if (shared.stop) return;
      shared.sent.emplace(key, command);
    }
    for (;;) {
      if (const std::string now = shared.Endpoint(); now != endpoint || client == nullptr) {
        endpoint = now;
        client = std::make_unique<client::EngineClient>(
            ClientFor(endpoint, shared.identity, kSendTimeout, kSendAttempts));
      }
      auto reply = client->Call(command);
      std::lock_guard<std::mutex> lock(shared.mutex);
      if (reply.ok() && reply->code() == v1::STATUS_CODE_OK) {
        shared.acked.emplace(key, reply->request_id());
        shared.ack_due.emplace(
            key, IsSet(reply->due_date()) ? FormatDate(FromCivilTrusted(reply->due_date())) : "");
        shared.progress.notify_all();
        break;
      }
      if (reply.ok() && reply->code() != v1::STATUS_CODE_UNAVAILABLE) {
        shared.unexpected.push_back(key + ": " + CodeName(*reply) + ": " + reply->message());
        shared.progress.notify_all();
        break;
      }
      // No engine (killed) or the write failed: the same key again, unless
      // the test is over.
      ++shared.tries;
      if (shared.stop) return;
    }
  }
}

// Sets `stop` and joins the senders, also when the test fails.
class Senders {
 public:
  Senders(Shared& shared, const std::string& prefix) : shared_(shared) {
    for (int i = 0; i < kSenders; ++i) {
      threads_.emplace_back([&shared, prefix, i] { Sender(shared, prefix, i); });
    }
  }
  ~Senders() { Join(); }
  void Join() {
    {
      std::lock_guard<std::mutex> lock(shared_.mutex);
      shared_.stop = true;
    }
    for (auto& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }

 private:
  Shared& shared_;
  std::vector<std::thread> threads_;
};

// Waits until `target` keys are acknowledged (or a refusal came); false when
// kProgressLimit passes first.
bool WaitForAcks(Shared& shared, size_t target) {
  std::unique_lock<std::mutex> lock(shared.mutex);
  return shared.progress.wait_until(lock, SteadyClock::now() + kProgressLimit, [&] {
    return shared.acked.size() >= target || !shared.unexpected.empty();
  });
}

uint64_t Seed() {
  if (const char* text = std::getenv("GONGKAI_CRASH_SEED"); text != nullptr && *text != '\0') {
    return std::strtoull(text, nullptr, 10);
  }
  std::random_device device;
  return (uint64_t(device()) << 32) ^ device();
}

// The number of requests the daemon lists, and their ids.
std::vector<std::string> ListedIds(const std::string& endpoint) {
  const ProcessResult r = RunClient(endpoint, {"--json", "list", "--limit", "10000"});
  INFO(Describe(r));
  REQUIRE(r.exit_code == 0);
  const auto rows = nlohmann::json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  REQUIRE(rows.is_array());
  std::vector<std::string> ids;
  for (const auto& row : rows) ids.push_back(row.at("id").get<std::string>());
  return ids;
}

TEST_CASE("Every acknowledged intake survives SIGKILL at random moments exactly once",
          "[e2e][crash]") {
  const uint64_t seed = Seed();
  std::cout << "crash test: seed " << seed << " (GONGKAI_CRASH_SEED=" << seed << " replays it), "
            << kCycles << " kill cycles, " << kSenders << " senders" << std::endl;
  INFO("crash test seed " << seed);
  std::mt19937_64 random(seed);
  std::uniform_int_distribution<int> acks_between_kills(1, kMaxAcksBetweenKills);
  const auto started = SteadyClock::now();

  DaemonProcess daemon;
  Shared shared;
  shared.endpoint = daemon.Start();
  shared.identity = daemon.identity();
  size_t in_flight_at_kills = 0;  // Keys sent and not yet acknowledged.
  int port_changes = 0;           // Restarts that could not rebind the port.
  const std::string prefix = "crash-" + std::to_string(seed) + "-" + client::NewIdempotencyKey();
  {
    Senders senders(shared, prefix);
    size_t target = 0;
    for (int cycle = 1; cycle <= kCycles; ++cycle) {
      target += size_t(acks_between_kills(random));
      INFO("cycle " << cycle << ": waiting for " << target << " acknowledgements\n"
                    << daemon.Log());
      REQUIRE(WaitForAcks(shared, target));
      {
        std::lock_guard<std::mutex> lock(shared.mutex);
        in_flight_at_kills += shared.sent.size() - shared.acked.size();
      }
      daemon.Kill();
      const std::string endpoint = daemon.Restart();
      std::lock_guard<std::mutex> lock(shared.mutex);
      target = std::max(target, shared.acked.size());
      if (endpoint != shared.endpoint) ++port_changes;
      shared.endpoint = endpoint;
    }
    // The last restart serves too.
    REQUIRE(WaitForAcks(shared, target + 1));
    senders.Join();
  }
  const auto killing = SteadyClock::now() - started;
  REQUIRE(daemon.starts() >= kCycles + 1);
  {
    INFO("refused intakes: " << shared.unexpected.size());
    for (const auto& line : shared.unexpected) UNSCOPED_INFO(line);
    REQUIRE(shared.unexpected.empty());
  }
  const std::string server = daemon.endpoint();
  std::cout << "crash test: " << shared.sent.size() << " keys sent, " << shared.acked.size()
            << " acknowledged, " << in_flight_at_kills << " in flight at the kills, "
            << shared.tries << " calls found no engine, " << kCycles << " kills (" << port_changes
            << " restarts on a new port) in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(killing).count() << " ms"
            << std::endl;

  // The kills did land while commands were in flight.
  CHECK(in_flight_at_kills > 0);

  // No id was acknowledged for two keys.
  std::map<std::string, std::string> key_of_id;
  for (const auto& [key, id] : shared.acked) {
    const auto [first, inserted] = key_of_id.emplace(id, key);
    INFO("key " << key << " got " << id << ", acknowledged for key " << first->second);
    CHECK(inserted);
    CHECK(shared.ack_due.at(key) == "2012-10-25");
  }

  // The number of requests lies between the acknowledged and the sent ones.
  std::vector<std::string> listed = ListedIds(server);
  CHECK(listed.size() >= shared.acked.size());
  CHECK(listed.size() <= shared.sent.size());
  CHECK(std::set<std::string>(listed.begin(), listed.end()).size() == listed.size());

  client::EngineClient client(
      ClientFor(server, shared.identity, std::chrono::milliseconds(5000), 3));
  // Every acknowledged key, sent again, returns its first reply's id, and
  // that request exists.
  for (const auto& [key, id] : shared.acked) {
    auto again = client.Call(shared.sent.at(key));
    REQUIRE(again.ok());
    INFO("key " << key << ": " << CodeName(*again) << " " << again->message());
    CHECK(again->code() == v1::STATUS_CODE_OK);
    CHECK(again->request_id() == id);

    v1::Command show;
    show.mutable_show()->set_request_id(id);
    auto shown = client.Call(show);
    REQUIRE(shown.ok());
    INFO("show " << id << ": " << CodeName(*shown) << " " << shown->message());
    REQUIRE(shown->code() == v1::STATUS_CODE_OK);
    REQUIRE(shown->requests_size() == 1);
    CHECK(shown->requests(0).state().id() == id);
    CHECK(shown->requests(0).state().agency_code() == "210321");
  }
  // Repeating the acknowledged keys created nothing.
  CHECK(ListedIds(server).size() == listed.size());

  // The keys never acknowledged, sent again, are registered at most once
  // each: afterwards there is exactly one request per key sent.
  for (const auto& [key, command] : shared.sent) {
    if (shared.acked.count(key)) continue;
    auto reply = client.Call(command);
    REQUIRE(reply.ok());
    INFO("key " << key << ": " << CodeName(*reply) << " " << reply->message());
    CHECK(reply->code() == v1::STATUS_CODE_OK);
    const auto [first, inserted] = key_of_id.emplace(reply->request_id(), key);
    INFO(reply->request_id() << " already belongs to key " << first->second);
    CHECK(inserted);
  }
  listed = ListedIds(server);
  CHECK(listed.size() == shared.sent.size());

  {
    const ProcessResult verify = RunClient(server, {"admin", "verify"});
    INFO(Describe(verify));
    CHECK(verify.exit_code == 0);
  }
  {
    // The report counters agree with the event log after the kills.
    const ProcessResult report =
        RunClient(server, {"report", "annual", "--year", "2012", "--verify"});
    INFO(Describe(report));
    CHECK(report.exit_code == 0);
  }
  const int stopped = daemon.Terminate();
  INFO("gongkaid's stderr:\n" << daemon.Log());
  CHECK(stopped == 0);  // gongkaid exits 0 on SIGTERM.
  std::cout
      << "crash test: done in "
      << std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - started).count()
      << " ms" << std::endl;
}

}  // namespace
}  // namespace gongkai::e2e
