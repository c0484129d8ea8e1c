// The publication of alerts by the ledger's socket loop
// (workers/ledger_server.h): a PUB socket on inproc:// or tcp://127.0.0.1
// (port chosen by the OS) sends a wake-up for each alert, once it is
// durable, as two frames [agency path][sequence number] with no content;
// the alert itself comes from a fetch. A SUB subscribed to "210300/" sees
// the city's whole subtree. Over tcp both sockets are CURVE. Alerts recorded but not published
// before a crash are published when a new server starts.
//
// No sleeps: every wait is a zmq poll bounded by kTimeout (5 s), and an
// expired wait fails the test.
//
// PUB/SUB slow joiner: a subscription reaches the PUB socket asynchronously.
// Over inproc the SUB connects after Bind() and before Run() starts, so the
// PUB attaches it (and reads its subscription) before its first send. Over
// tcp the test first registers "probe" requests whose alerts are all past
// due and asks for a sweep, round after round, until every subscriber has
// heard one; it then reads up to the last probe alert and goes on from there.
//
// Dates: requests received 2012-09-28 (Fri) are due 2012-10-25 under the
// 2008 rule (15 working days after receipt: 09-29, a make-up Saturday, then
// 10-08..12, 15..19, 22..25 after National Day 09-30..10-07), so due_soon
// fires on 10-22, due_today on 10-25, overdue on 10-26 and very_overdue on
// 11-16 (16 working days after 10-25: 10-26, 29..31, 11-01, 02, 05..09,
// 12..16), from engine/data/cn_working_days.cal.
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>
#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "engine/codes.h"
#include "tests/workers/ledger_fixture.h"
#include "tests/workers/memory_store.h"
#include "tests/workers/test_keys.h"
#include "workers/ledger_server.h"
#include "workers/records.h"

namespace gongkai::test {
namespace {

constexpr std::chrono::milliseconds kTimeout(5000);
constexpr std::chrono::milliseconds kWarmUpPoll(100);

// --- Sockets -------------------------------------------------------------

// A DEALER client of the command endpoint.
class Client {
 public:
  Client(zmq::context_t& context, const std::string& endpoint)
      : socket_(context, zmq::socket_type::dealer) {
    socket_.set(zmq::sockopt::linger, 0);
    SecureForEndpoint(socket_, endpoint);
    socket_.connect(endpoint);
  }
  // Over tcp, as the holder of `keys`.
  Client(zmq::context_t& context, const std::string& endpoint, const KeyPair& keys)
      : socket_(context, zmq::socket_type::dealer) {
    socket_.set(zmq::sockopt::linger, 0);
    SecureWith(socket_, keys);
    socket_.connect(endpoint);
  }

  v1::Reply Call(const v1::Command& command) {
    const std::string body = command.SerializeAsString();
    REQUIRE(socket_.send(zmq::str_buffer(""), zmq::send_flags::sndmore).has_value());
    REQUIRE(socket_.send(zmq::buffer(body), zmq::send_flags::none).has_value());
    zmq::pollitem_t item{socket_.handle(), 0, ZMQ_POLLIN, 0};
    zmq::poll(&item, 1, kTimeout);
    if (!(item.revents & ZMQ_POLLIN)) FAIL("no reply within 5 s");
    std::vector<zmq::message_t> frames;
    REQUIRE(zmq::recv_multipart(socket_, std::back_inserter(frames)).has_value());
    REQUIRE(frames.size() == 2);
    CHECK(frames[0].size() == 0);
    v1::Reply reply;
    REQUIRE(reply.ParseFromString(frames[1].to_string()));
    return reply;
  }
  // A call that must succeed.
  v1::Reply CallOk(const v1::Command& command) {
    const v1::Reply reply = Call(command);
    INFO("reply: " << CodeOf(reply.code()) << ": " << reply.message());
    REQUIRE(reply.code() == v1::STATUS_CODE_OK);
    return reply;
  }

 private:
  zmq::socket_t socket_;
};

struct Publication {
  std::string topic;
  std::string body;  // The alert's sequence number, in decimal.
  v1::Alert alert;   // Fetched by that number.
};

// A SUB socket subscribed to one topic (an agency path prefix).
class Subscriber {
 public:
  // `commands`: where the alerts woken for are fetched.
  Subscriber(zmq::context_t& context, const std::string& endpoint, const std::string& topic,
             const std::string& commands)
      : socket_(context, zmq::socket_type::sub), fetcher_(context, commands) {
    socket_.set(zmq::sockopt::linger, 0);
    socket_.set(zmq::sockopt::subscribe, topic);
    SecureForEndpoint(socket_, endpoint);
    socket_.connect(endpoint);
  }

  // The next publication within `timeout`, if any; it must be exactly the
  // two frames [agency path][v1::Alert].
  std::optional<Publication> TryReceive(std::chrono::milliseconds timeout) {
    zmq::pollitem_t item{socket_.handle(), 0, ZMQ_POLLIN, 0};
    zmq::poll(&item, 1, timeout);
    if (!(item.revents & ZMQ_POLLIN)) return std::nullopt;
    std::vector<zmq::message_t> frames;
    REQUIRE(zmq::recv_multipart(socket_, std::back_inserter(frames)).has_value());
    REQUIRE(frames.size() == 2);
    Publication publication{frames[0].to_string(), frames[1].to_string(), {}};
    REQUIRE(!publication.body.empty());
    REQUIRE(publication.body.find_first_not_of("0123456789") == std::string::npos);
    const uint64_t sequence = std::stoull(publication.body);
    v1::Command fetch;
    fetch.mutable_alerts_fetch()->set_since_sequence(sequence - 1);
    fetch.mutable_alerts_fetch()->set_limit(1);
    const v1::Reply reply = fetcher_.CallOk(fetch);
    REQUIRE(reply.alerts_size() == 1);
    publication.alert = reply.alerts(0);
    CHECK(publication.alert.sequence() == sequence);
    CHECK(publication.topic == publication.alert.agency_path());
    return publication;
  }
  // The next publication; fails the test when none comes within 5 s.
  Publication Receive() {
    std::optional<Publication> publication = TryReceive(kTimeout);
    if (!publication) FAIL("no alert published within 5 s");
    return *publication;
  }

 private:
  zmq::socket_t socket_;
  Client fetcher_;
};

// --- The server under test -------------------------------------------------

// A Ledger over `store` on a manual clock, served by a LedgerServer with
// its command endpoint and its alerts PUB on `transport` (inproc, or tcp on
// 127.0.0.1 with ports chosen by the OS). Bind() first, connect subscribers,
// then Start() runs the server in its own thread until StopAndJoin() (or
// the destructor).
class PublishFixture {
 public:
  PublishFixture(MemoryStore& store, Date today, const std::string& transport)
      : ledger_(OpenLedger(store, today)) {
    ledger_->principals()->Put(Tester());
    LedgerServerOptions options;
    options.curve_secret_key = Keys().server_secret;
    if (transport == "tcp") {
      options.endpoints = {"tcp://127.0.0.1:*"};
      options.alerts_endpoint = "tcp://127.0.0.1:*";
    } else {
      options.internal_endpoints = {"inproc://gongkai-alerts-commands"};
      options.alerts_endpoint = "inproc://gongkai-alerts";
    }
    server_ = std::make_unique<LedgerServer>(context_, *ledger_, options);
  }
  ~PublishFixture() { (void)StopAndJoin(); }
  PublishFixture(const PublishFixture&) = delete;
  PublishFixture& operator=(const PublishFixture&) = delete;

  void Bind() {
    const Status bound = server_->Bind();
    INFO(bound.message());
    REQUIRE(bound.ok());
    REQUIRE(server_->bound_endpoints().size() == 1);
    REQUIRE_FALSE(server_->bound_alerts_endpoint().empty());
  }
  void Start() {
    thread_ = std::thread([this] { run_status_ = server_->Run(); });
  }
  Status StopAndJoin() {
    if (thread_.joinable()) {
      server_->Stop();
      thread_.join();
    }
    return run_status_;
  }

  // Enrols `principal` (before Start()).
  void Enrol(const v1::Principal& principal) { ledger_->principals()->Put(principal); }
  const std::string& CommandEndpoint() const { return server_->bound_endpoints().front(); }
  const std::string& AlertsEndpoint() const { return server_->bound_alerts_endpoint(); }
  zmq::context_t& context() { return context_; }

 private:
  zmq::context_t context_;  // Destroyed last: after the server's sockets.
  std::unique_ptr<Ledger> ledger_;
  std::unique_ptr<LedgerServer> server_;
  Status run_status_ = InternalError("Run() has not returned");
  std::thread thread_;
};

// Over tcp: registers probe requests (received 2012-01-04, all four of
// their levels past due, so only the most severe, very_overdue, is raised;
// in 210321 so that every subscriber of this file hears it) and sweeps
// until each subscriber has heard an alert, then reads
// every subscriber up to the last alert recorded. Returns that sequence.
uint64_t WarmUp(Client& client, const std::vector<Subscriber*>& subscribers) {
  const auto deadline = std::chrono::steady_clock::now() + kTimeout;
  // The last sequence each subscriber heard (0: none yet).
  std::vector<uint64_t> heard(subscribers.size(), 0);
  for (int round = 1;; ++round) {
    bool all = true;
    for (uint64_t h : heard) all = all && h > 0;
    if (all) break;
    if (std::chrono::steady_clock::now() > deadline) {
      FAIL("the subscribers heard no alert within 5 s of probes");
    }
    // Every group records what has come due: the intake's own group (or,
    // at the latest, the sweep) records the probe's one alert.
    const uint64_t before = client.CallOk(FetchCommand()).last_alert_sequence();
    client.CallOk(IntakeCommand("probe-" + std::to_string(round), "210321", Day(2012, 1, 4)));
    client.CallOk(SweepCommand());
    CHECK(client.CallOk(FetchCommand()).last_alert_sequence() == before + 1);
    for (size_t i = 0; i < subscribers.size(); ++i) {
      if (heard[i] > 0) continue;
      if (auto publication = subscribers[i]->TryReceive(kWarmUpPoll)) {
        heard[i] = publication->alert.sequence();
      }
    }
  }
  const uint64_t last = client.CallOk(FetchCommand()).last_alert_sequence();
  REQUIRE(last > 0);
  for (size_t i = 0; i < subscribers.size(); ++i) {
    while (heard[i] != last) heard[i] = subscribers[i]->Receive().alert.sequence();
  }
  return last;
}

// What a subscriber received, as "sequence level request", for comparison.
std::string Describe(const Publication& publication) {
  const v1::Alert& alert = publication.alert;
  return std::to_string(alert.sequence()) + " " + CodeOf(alert.level()) + " " + alert.request_id() +
         " on " + Str(alert.on());
}

// --- Tests -----------------------------------------------------------------

TEST_CASE("Alerts recorded by a clock advance are published as two frames, agency path then Alert",
          "[workers][alerts]") {
  const std::string transport = GENERATE(as<std::string>{}, "inproc", "tcp");
  INFO(transport);
  MemoryStore store;
  PublishFixture f(store, Day(2012, 10, 19), transport);
  f.Bind();
  if (transport == "tcp") {
    CHECK(f.AlertsEndpoint().rfind("tcp://127.0.0.1:", 0) == 0);
    CHECK(f.AlertsEndpoint() != "tcp://127.0.0.1:*");
  }
  Subscriber city(f.context(), f.AlertsEndpoint(), "210300/", f.CommandEndpoint());
  Subscriber county(f.context(), f.AlertsEndpoint(), "210300/210321/", f.CommandEndpoint());
  f.Start();
  Client client(f.context(), f.CommandEndpoint());
  const uint64_t base = transport == "tcp" ? WarmUp(client, {&city, &county}) : 0;
  auto seq = [&](uint64_t n) { return std::to_string(base + n); };

  const std::string a = client.CallOk(IntakeCommand("a", "210300", Day(2012, 9, 28))).request_id();
  const std::string b = client.CallOk(IntakeCommand("b", "210321", Day(2012, 9, 28))).request_id();
  REQUIRE(a < b);  // The index order, for the order of same-day alerts.
  // A day without alerts, then due_soon for both.
  client.CallOk(AdvanceCommand("to-10-21", Day(2012, 10, 21)));
  client.CallOk(AdvanceCommand("to-10-22", Day(2012, 10, 22)));

  auto receive = [&](Subscriber& subscriber) {
    const Publication publication = subscriber.Receive();
    // Durable before it was published: the fetch gave the stored alert.
    const auto stored = store.Raw(Table::kAlerts);
    auto it = stored.find(AlertKey(publication.alert.sequence()));
    REQUIRE(it != stored.end());
    CHECK(it->second == publication.alert.SerializeAsString());
    return publication;
  };

  const Publication first = receive(city);
  CHECK(Describe(first) == seq(1) + " due_soon " + a + " on 2012-10-22");
  CHECK(first.topic == "210300/");
  CHECK(first.alert.agency_code() == "210300");
  CHECK(Str(first.alert.due_date()) == "2012-10-25");
  CHECK(first.alert.deadline_version() == 1);
  CHECK_FALSE(first.alert.escalated());
  const Publication second = receive(city);
  CHECK(Describe(second) == seq(2) + " due_soon " + b + " on 2012-10-22");
  CHECK(second.topic == "210300/210321/");
  // The county's subscriber hears only the county's request.
  const Publication county_first = receive(county);
  CHECK(Describe(county_first) == seq(2) + " due_soon " + b + " on 2012-10-22");
  CHECK(county_first.body == second.body);

  // Day by day: due_today (10-25), then overdue (10-26).
  client.CallOk(AdvanceCommand("to-10-25", Day(2012, 10, 25)));
  client.CallOk(AdvanceCommand("to-10-26", Day(2012, 10, 26)));
  std::vector<std::string> heard;
  for (int i = 0; i < 4; ++i) heard.push_back(Describe(receive(city)));
  CHECK(heard == std::vector<std::string>{seq(3) + " due_today " + a + " on 2012-10-25",
                                          seq(4) + " due_today " + b + " on 2012-10-25",
                                          seq(5) + " overdue " + a + " on 2012-10-26",
                                          seq(6) + " overdue " + b + " on 2012-10-26"});
  CHECK(Describe(receive(county)) == seq(4) + " due_today " + b + " on 2012-10-25");
  CHECK(Describe(receive(county)) == seq(6) + " overdue " + b + " on 2012-10-26");

  // very_overdue is escalated.
  client.CallOk(AdvanceCommand("to-11-16", Day(2012, 11, 16)));
  const Publication escalated = receive(county);
  CHECK(Describe(escalated) == seq(8) + " very_overdue " + b + " on 2012-11-16");
  CHECK(escalated.alert.escalated());
  CHECK(Describe(receive(city)) == seq(7) + " very_overdue " + a + " on 2012-11-16");
  CHECK(Describe(receive(city)) == seq(8) + " very_overdue " + b + " on 2012-11-16");

  // Everything was marked published: the ledger thread handles the next
  // group (a sweep: a change) after publishing the last one's alerts.
  client.CallOk(SweepCommand());
  const auto meta = store.Raw(Table::kMeta);
  REQUIRE(meta.count("alert_published") == 1);
  CHECK(meta.at("alert_published") == seq(8));
  const Status run = f.StopAndJoin();
  INFO(run.message());
  CHECK(run.ok());
}

// Records, through a Ledger over `store` and without any server, six alerts
// (due_soon on 10-22, due_today on 10-25 and overdue on 10-26 of two
// requests received 2012-09-28, the clock advanced to each of those days):
// recorded, never published.
void RecordSixAlerts(MemoryStore& store, std::string& a, std::string& b) {
  std::unique_ptr<Ledger> ledger = OpenLedger(store, Day(2012, 9, 28));
  auto replies = ledger->HandleGroup({IntakeCommand("a", "210300", Day(2012, 9, 28)),
                                      IntakeCommand("b", "210321", Day(2012, 9, 28))});
  REQUIRE(replies.size() == 2);
  REQUIRE(replies[0].code() == v1::STATUS_CODE_OK);
  REQUIRE(replies[1].code() == v1::STATUS_CODE_OK);
  a = replies[0].request_id();
  b = replies[1].request_id();
  for (const Date to : {Day(2012, 10, 22), Day(2012, 10, 25), Day(2012, 10, 26)}) {
    auto advanced = ledger->HandleGroup({AdvanceCommand("to-" + FormatDate(to), to)});
    REQUIRE(advanced.size() == 1);
    REQUIRE(advanced[0].code() == v1::STATUS_CODE_OK);
  }
  REQUIRE(ledger->TakeRecordedAlerts().size() == 6);
  auto unpublished = ledger->UnpublishedAlerts();
  REQUIRE(unpublished.ok());
  REQUIRE(unpublished->size() == 6);
  for (size_t i = 0; i < unpublished->size(); ++i) CHECK((*unpublished)[i].sequence() == i + 1);
}

TEST_CASE(
    "Alerts recorded but not published before a crash are published when a new server "
    "starts",
    "[workers][alerts]") {
  MemoryStore store;
  std::string a, b;
  RecordSixAlerts(store, a, b);
  const auto stored = store.Raw(Table::kAlerts);
  auto check_stored = [&](const Publication& publication) {
    auto it = stored.find(AlertKey(publication.alert.sequence()));
    REQUIRE(it != stored.end());
    CHECK(it->second == publication.alert.SerializeAsString());
  };

  SECTION("none was published; the new server starts on the same day") {
    PublishFixture f(store, Day(2012, 10, 26), "inproc");
    f.Bind();
    Subscriber city(f.context(), f.AlertsEndpoint(), "210300/", f.CommandEndpoint());
    f.Start();
    std::vector<std::string> heard;
    for (int i = 0; i < 6; ++i) {
      const Publication publication = city.Receive();
      check_stored(publication);
      heard.push_back(Describe(publication));
    }
    CHECK(heard == std::vector<std::string>{
                       "1 due_soon " + a + " on 2012-10-22", "2 due_soon " + b + " on 2012-10-22",
                       "3 due_today " + a + " on 2012-10-25", "4 due_today " + b + " on 2012-10-25",
                       "5 overdue " + a + " on 2012-10-26", "6 overdue " + b + " on 2012-10-26"});
    // Then the alerts of a clock advance, each once.
    Client client(f.context(), f.CommandEndpoint());
    client.CallOk(AdvanceCommand("to-11-16", Day(2012, 11, 16)));
    CHECK(Describe(city.Receive()) == "7 very_overdue " + a + " on 2012-11-16");
    CHECK(Describe(city.Receive()) == "8 very_overdue " + b + " on 2012-11-16");
    client.CallOk(SweepCommand());
    CHECK(store.Raw(Table::kMeta).at("alert_published") == "8");
  }
  SECTION("the first two were published; the new server starts on a later day") {
    {
      std::unique_ptr<Ledger> ledger = OpenLedger(store, Day(2012, 10, 26));
      v1::Alert second;
      second.set_sequence(2);
      second.set_level(v1::ALERT_LEVEL_DUE_SOON);
      REQUIRE(ledger->MarkPublished({second}).ok());
    }
    PublishFixture f(store, Day(2012, 11, 16), "inproc");
    f.Bind();
    Subscriber city(f.context(), f.AlertsEndpoint(), "210300/", f.CommandEndpoint());
    Subscriber county(f.context(), f.AlertsEndpoint(), "210300/210321/", f.CommandEndpoint());
    f.Start();
    // The unpublished ones first, then those of the first sweep.
    std::vector<std::string> heard;
    for (int i = 0; i < 6; ++i) {
      const Publication publication = city.Receive();
      if (publication.alert.sequence() <= 6) check_stored(publication);
      heard.push_back(Describe(publication));
    }
    CHECK(heard == std::vector<std::string>{
                       "3 due_today " + a + " on 2012-10-25", "4 due_today " + b + " on 2012-10-25",
                       "5 overdue " + a + " on 2012-10-26", "6 overdue " + b + " on 2012-10-26",
                       "7 very_overdue " + a + " on 2012-11-16",
                       "8 very_overdue " + b + " on 2012-11-16"});
    CHECK(Describe(county.Receive()) == "4 due_today " + b + " on 2012-10-25");
    CHECK(Describe(county.Receive()) == "6 overdue " + b + " on 2012-10-26");
    CHECK(Describe(county.Receive()) == "8 very_overdue " + b + " on 2012-11-16");
    Client client(f.context(), f.CommandEndpoint());
    const v1::Reply fetched = client.CallOk(FetchCommand(6));
    REQUIRE(fetched.alerts_size() == 2);
    CHECK(fetched.alerts(1).sequence() == 8);
    CHECK(store.Raw(Table::kMeta).at("alert_published") == "8");
  }
}

TEST_CASE(
    "A county supervisor is woken without content and fetches only the county's alerts; a key "
    "nobody enrolled is refused on both sockets",
    "[workers][alerts][access]") {
  MemoryStore store;
  PublishFixture f(store, Day(2012, 9, 28), "tcp");
  const KeyPair county_keys = NewKeys();
  v1::Principal county;
  county.set_name("county-supervisor");
  county.add_roles(v1::ROLE_SUPERVISOR);
  county.set_agency_code("210302");
  county.set_public_key(county_keys.public_key);
  f.Enrol(county);
  f.Bind();
  zmq::socket_t all(f.context(), zmq::socket_type::sub);  // The county's, subscribed to "".
  all.set(zmq::sockopt::linger, 0);
  all.set(zmq::sockopt::subscribe, "");
  SecureWith(all, county_keys);
  all.connect(f.AlertsEndpoint());
  f.Start();
  Client tester(f.context(), f.CommandEndpoint());
  const std::string own =
      tester.CallOk(IntakeCommand("own", "210302", Day(2012, 9, 28))).request_id();
  const std::string other =
      tester.CallOk(IntakeCommand("other", "210303", Day(2012, 9, 28))).request_id();
  tester.CallOk(AdvanceCommand("to-10-26", Day(2012, 10, 26)));
  const v1::Reply everything = tester.CallOk(FetchCommand("210300"));
  // Both came due at once: the most severe of each, overdue, is raised.
  REQUIRE(everything.alerts_size() == 2);

  Client supervisor(f.context(), f.CommandEndpoint(), county_keys);
  // Without an agency: the person's scope, so only 210302's.
  const v1::Reply mine = supervisor.CallOk(FetchCommand(""));
  CHECK(mine.alerts_size() > 0);
  for (const auto& alert : mine.alerts()) {
    CHECK(alert.agency_code() == "210302");
    CHECK(alert.request_id() == own);
  }
  for (const std::string agency : {"210303", "210300"}) {
    const v1::Reply refused = supervisor.Call(FetchCommand(agency));
    INFO(agency << ": " << refused.message());
    CHECK(refused.code() == v1::STATUS_CODE_PERMISSION_DENIED);
    CHECK(refused.alerts_size() == 0);
    CHECK(refused.message().find(other) == std::string::npos);
  }
  // Whatever wake-ups the "" subscription heard carry a number only; the
  // number of another county's alert fetches nothing of it.
  for (;;) {
    zmq::pollitem_t item{all.handle(), 0, ZMQ_POLLIN, 0};
    zmq::poll(&item, 1, std::chrono::milliseconds(0));
    if (!(item.revents & ZMQ_POLLIN)) break;
    std::vector<zmq::message_t> frames;
    REQUIRE(zmq::recv_multipart(all, std::back_inserter(frames)).has_value());
    REQUIRE(frames.size() == 2);
    const std::string body = frames[1].to_string();
    CHECK(body.find_first_not_of("0123456789") == std::string::npos);
    CHECK(body.find(other) == std::string::npos);
  }
  for (const auto& alert : everything.alerts()) {
    if (alert.agency_code() != "210303") continue;
    const v1::Reply fetched = supervisor.CallOk(FetchCommand("", alert.sequence() - 1, 1));
    for (const auto& got : fetched.alerts()) CHECK(got.request_id() != other);
  }

  const KeyPair stranger = NewKeys();
  zmq::socket_t sub(f.context(), zmq::socket_type::sub);
  sub.set(zmq::sockopt::linger, 0);
  sub.set(zmq::sockopt::subscribe, "");
  SecureWith(sub, stranger);
  CHECK(HandshakeRefused(f.context(), sub, f.AlertsEndpoint(), kTimeout));
  zmq::socket_t dealer(f.context(), zmq::socket_type::dealer);
  dealer.set(zmq::sockopt::linger, 0);
  SecureWith(dealer, stranger);
  CHECK(HandshakeRefused(f.context(), dealer, f.CommandEndpoint(), kTimeout));
  // Everyone else is still served.
  CHECK(supervisor.CallOk(FetchCommand("")).alerts_size() == mine.alerts_size());
}

}  // namespace
}  // namespace gongkai::test
