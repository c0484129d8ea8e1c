// The ledger worker's socket loop (workers/ledger_server.h) on a real ZeroMQ
// context, served from its own thread, over inproc:// and tcp://127.0.0.1
// (port chosen by the OS), spoken to by DEALER and REQ clients. The ledger
// runs on the in-memory store, so every test can check what was written.
//
// No sleeps: every wait for a reply is a zmq poll bounded by kReplyTimeout,
// and an expired wait fails the test.
#include "workers/ledger_server.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>
#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "engine/codes.h"
#include "tests/workers/ledger_fixture.h"
#include "tests/workers/memory_store.h"
#include "tests/workers/test_keys.h"

namespace gongkai::test {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

constexpr std::chrono::milliseconds kReplyTimeout(5000);
constexpr size_t kMaxMessageBytes = 1 << 20;

std::string Bytes(const v1::Command& command) { return command.SerializeAsString(); }

std::string CodeWord(const v1::Reply& reply) { return CodeOf(reply.code()); }

// --- The server under test -------------------------------------------------

// A Ledger over a MemoryStore (manual clock at 2012-11-20) served by a
// LedgerServer bound to an inproc endpoint and tcp://127.0.0.1:*, running
// in its own thread until StopAndJoin() (or the destructor).
class ServerFixture {
 public:
  ServerFixture() {
    ledger_ = OpenLedger(store_, Day(2012, 11, 20));
    ledger_->principals()->Put(Tester());
    LedgerServerOptions options;
    // tcp clients are CURVE clients, as every outside client is; inproc is
    // the engine's own workers' way in.
    options.endpoints = {"tcp://127.0.0.1:*"};
    options.internal_endpoints = {"inproc://gongkai-ledger-test"};
    options.curve_secret_key = Keys().server_secret;
    options.max_message_bytes = kMaxMessageBytes;
    server_ = std::make_unique<LedgerServer>(context_, *ledger_, options);
    const Status bound = server_->Bind();
    INFO(bound.message());
    REQUIRE(bound.ok());
    REQUIRE(server_->bound_endpoints().size() == 2);
    // Started last: nothing after this may throw before the destructor can
    // join it.
    thread_ = std::thread([this] { run_status_ = server_->Run(); });
  }
  ~ServerFixture() { (void)StopAndJoin(); }
  ServerFixture(const ServerFixture&) = delete;
  ServerFixture& operator=(const ServerFixture&) = delete;

  // What Run() returned.
  Status StopAndJoin() {
    if (thread_.joinable()) {
      server_->Stop();
      thread_.join();
    }
    return run_status_;
  }

  const std::string& Endpoint(const std::string& transport) const {
    return server_->bound_endpoints()[transport == "tcp" ? 0 : 1];
  }
  zmq::context_t& context() { return context_; }
  MemoryStore& store() { return store_; }

 private:
  zmq::context_t context_;  // Destroyed last: after the server's socket.
  MemoryStore store_;
  std::unique_ptr<Ledger> ledger_;
  std::unique_ptr<LedgerServer> server_;
  Status run_status_ = InternalError("Run() has not returned");
  std::thread thread_;
};

// A DEALER or REQ client. A DEALER sends the empty delimiter itself; a REQ
// socket adds it (and strips it from the reply). Over tcp it is a CURVE
// client with the tester's keys.
class Client {
 public:
  Client(zmq::context_t& context, zmq::socket_type type, const std::string& endpoint)
      : socket_(context, type), dealer_(type == zmq::socket_type::dealer) {
    socket_.set(zmq::sockopt::linger, 0);
    SecureForEndpoint(socket_, endpoint);
    socket_.connect(endpoint);
  }

  // Sends exactly these frames.
  void SendFrames(const std::vector<std::string>& frames) {
    for (size_t i = 0; i < frames.size(); ++i) {
      const auto flags = i + 1 < frames.size() ? zmq::send_flags::sndmore : zmq::send_flags::none;
      REQUIRE(socket_.send(zmq::buffer(frames[i]), flags).has_value());
    }
  }
  // Sends one body in the socket's usual framing.
  void SendBody(const std::string& body) {
    if (dealer_) {
      SendFrames({"", body});
    } else {
      SendFrames({body});
    }
  }

  // The next message's frames; fails the test when none comes within
  // kReplyTimeout.
  std::vector<std::string> ReceiveFrames() {
    zmq::pollitem_t item{socket_.handle(), 0, ZMQ_POLLIN, 0};
    zmq::poll(&item, 1, kReplyTimeout);
    if (!(item.revents & ZMQ_POLLIN)) FAIL("no reply within 5 s");
    std::vector<zmq::message_t> messages;
    REQUIRE(zmq::recv_multipart(socket_, std::back_inserter(messages)).has_value());
    std::vector<std::string> frames;
    for (const auto& message : messages) frames.push_back(message.to_string());
    return frames;
  }

  // The next reply, checking its framing: [""] [Reply] for a DEALER,
  // [Reply] for a REQ socket.
  v1::Reply ReceiveReply() {
    std::vector<std::string> frames = ReceiveFrames();
    if (dealer_) {
      REQUIRE(frames.size() == 2);
      CHECK(frames[0].empty());
    } else {
      REQUIRE(frames.size() == 1);
    }
    v1::Reply reply;
    REQUIRE(reply.ParseFromString(frames.back()));
    return reply;
  }

  v1::Reply Call(const std::string& body) {
    SendBody(body);
    return ReceiveReply();
  }
  v1::Reply Call(const v1::Command& command) { return Call(Bytes(command)); }

 private:
  zmq::socket_t socket_;
  bool dealer_;
};

const char* TypeName(zmq::socket_type type) {
  return type == zmq::socket_type::dealer ? "DEALER" : "REQ";
}

// --- Tests -----------------------------------------------------------------

TEST_CASE("The server binds inproc and an OS-chosen tcp port and answers DEALER and REQ clients",
          "[workers][server]") {
  const std::string transport = GENERATE(as<std::string>{}, "inproc", "tcp");
  const zmq::socket_type type = GENERATE(zmq::socket_type::dealer, zmq::socket_type::req);
  INFO(transport << " / " << TypeName(type));
  ServerFixture f;
  CHECK(f.Endpoint("inproc") == "inproc://gongkai-ledger-test");
  const std::string& tcp = f.Endpoint("tcp");
  CHECK_THAT(tcp, StartsWith("tcp://127.0.0.1:"));
  const std::string port = tcp.substr(std::string("tcp://127.0.0.1:").size());
  CHECK(port.find_first_not_of("0123456789") == std::string::npos);
  CHECK(std::stoi(port) > 0);

  Client client(f.context(), type, f.Endpoint(transport));
  const v1::Reply registered = client.Call(IntakeCommand("k1"));
  CHECK(CodeWord(registered) == "ok");
  CHECK(registered.request_id() == "210300-2012-000001");
  CHECK(f.store().change_writes() == 1);
  CHECK(f.store().synced_writes() == 1);
  const v1::Reply shown = client.Call(ShowCommand("210300-2012-000001"));
  CHECK(CodeWord(shown) == "ok");
  REQUIRE(shown.requests_size() == 1);
  CHECK(shown.requests(0).state().id() == "210300-2012-000001");
  // The retry of a lost reply: same key, same answer, nothing written.
  const v1::Reply again = client.Call(IntakeCommand("k1"));
  CHECK(again.SerializeAsString() == registered.SerializeAsString());
  CHECK(f.store().change_writes() == 1);

  const Status run = f.StopAndJoin();
  INFO(run.message());
  CHECK(run.ok());
}

TEST_CASE("Bad commands get a clear refusal, write nothing, and the server keeps serving",
          "[workers][server]") {
  const std::string transport = GENERATE(as<std::string>{}, "inproc", "tcp");
  const zmq::socket_type type = GENERATE(zmq::socket_type::dealer, zmq::socket_type::req);
  INFO(transport << " / " << TypeName(type));
  ServerFixture f;
  Client client(f.context(), type, f.Endpoint(transport));

  // A request whose one extension is used.
  const v1::Reply registered = client.Call(IntakeCommand("setup-1", "210300", Day(2012, 11, 1)));
  REQUIRE(CodeWord(registered) == "ok");
  const std::string id = registered.request_id();
  REQUIRE(CodeWord(client.Call(ExtendCommand("setup-2", id, Day(2012, 11, 19)))) == "ok");

  struct Case {
    std::string what;
    std::string body;
    std::string code;
    std::string fragment;  // Part of the message that says what to fix.
  };
  std::vector<Case> cases;

  {
    std::mt19937 random(20121120);
    std::string noise(512, '\0');
    for (char& c : noise) c = char(random() & 0xff);
    noise[0] = '\x07';  // Field 0: never a valid protobuf tag.
    REQUIRE_FALSE(v1::Command().ParseFromString(noise));
    cases.push_back({"random bytes", noise, "invalid_argument", "not a gongkai.v1.Command"});
  }
  {
    const std::string whole = Bytes(IntakeCommand("t1"));
    const std::string truncated = whole.substr(0, whole.size() - 5);
    REQUIRE_FALSE(v1::Command().ParseFromString(truncated));
    cases.push_back(
        {"a truncated Command", truncated, "invalid_argument", "not a gongkai.v1.Command"});
  }
  cases.push_back({"an empty body", "", "invalid_argument", "empty or unknown"});
  {
    v1::Command c = IntakeCommand("t3");
    c.mutable_intake()->mutable_received()->set_channel(static_cast<v1::Channel>(99));
    cases.push_back({"channel 99", Bytes(c), "invalid_argument", "channel"});
  }
  {
    v1::Command c = IntakeCommand("t4");
    c.mutable_intake()->mutable_received()->set_applicant_type(static_cast<v1::ApplicantType>(42));
    cases.push_back({"applicant type 42", Bytes(c), "invalid_argument", "applicant type"});
  }
  {
    v1::Command c = IntakeCommand("t5");
    c.mutable_intake()->set_on_the_spot_outcome(static_cast<v1::Outcome>(77));
    cases.push_back({"on-the-spot outcome 77", Bytes(c), "invalid_argument", "outcome"});
  }
  cases.push_back({"decision with outcome 77",
                   Bytes(DecideCommand("t6", id, Day(2012, 11, 20), static_cast<v1::Outcome>(77))),
                   "invalid_argument", "outcome"});
  {
    v1::Command c = IntakeCommand("t7");
    c.mutable_intake()->mutable_received()->set_subject(std::string(5000, 's'));
    cases.push_back({"a subject of 5000 bytes", Bytes(c), "invalid_argument", "5000 bytes"});
  }
  {
    v1::Command c = IntakeCommand("t8");
    c.mutable_intake()->mutable_received()->clear_subject();
    cases.push_back({"an empty subject", Bytes(c), "invalid_argument", "subject is missing"});
  }
  cases.push_back(
      {"an empty agency", Bytes(IntakeCommand("t9", "")), "invalid_argument", "agency"});
  cases.push_back({"an agency code of 300 bytes",
                   Bytes(IntakeCommand("t9b", std::string(300, '1'))), "invalid_argument",
                   "agency"});
  {
    v1::Command c = IntakeCommand("t10");
    c.mutable_intake()->mutable_received()->mutable_applicant()->set_address(
        std::string(1000, 'a'));
    cases.push_back({"an address of 1000 bytes", Bytes(c), "invalid_argument", "1000 bytes"});
  }
  {
    v1::Command c = IntakeCommand("t11");
    c.set_actor(std::string(101, 'a'));
    cases.push_back({"an actor of 101 bytes", Bytes(c), "invalid_argument", "actor"});
  }
  cases.push_back(
      {"no idempotency key", Bytes(IntakeCommand("")), "invalid_argument", "idempotency key"});
  {
    v1::Command c = IntakeCommand("t12");
    *c.mutable_intake()->mutable_received_on() = v1::CivilDate();
    c.mutable_intake()->mutable_received_on()->set_year(2023);
    c.mutable_intake()->mutable_received_on()->set_month(2);
    c.mutable_intake()->mutable_received_on()->set_day(29);
    cases.push_back({"receipt on 2023-02-29", Bytes(c), "invalid_argument", "2023"});
  }
  {
    v1::Command c = IntakeCommand("t13");
    c.mutable_intake()->mutable_received_on()->set_month(13);
    cases.push_back({"receipt in month 13", Bytes(c), "invalid_argument", "receipt date"});
  }
  {
    v1::Command c = IntakeCommand("t14");
    c.mutable_intake()->clear_received_on();
    cases.push_back({"no receipt date", Bytes(c), "invalid_argument", "receipt date"});
  }
  {
    v1::Command c = DecideCommand("t15", id, Day(2012, 11, 20));
    c.mutable_record_event()->mutable_event()->mutable_on()->set_month(2);
    c.mutable_record_event()->mutable_event()->mutable_on()->set_day(30);
    cases.push_back({"an event on 2012-02-30", Bytes(c), "invalid_argument", "date"});
  }
  {
    v1::Command c;
    c.set_idempotency_key("t16");
    c.mutable_clock_advance()->mutable_to()->set_year(2012);
    c.mutable_clock_advance()->mutable_to()->set_month(13);
    c.mutable_clock_advance()->mutable_to()->set_day(1);
    cases.push_back({"a clock advance to month 13", Bytes(c), "invalid_argument", "date"});
  }
  cases.push_back({"an event dated after today", Bytes(DecideCommand("t17", id, Day(2012, 11, 21))),
                   "invalid_argument", "after today"});
  cases.push_back({"an event on an unknown request",
                   Bytes(DecideCommand("t18", "210300-2012-999999", Day(2012, 11, 20))),
                   "not_found", "210300-2012-999999"});
  cases.push_back({"show of an unknown request", Bytes(ShowCommand("210300-2012-999999")),
                   "not_found", "210300-2012-999999"});
  cases.push_back({"show of an overlong request id", Bytes(ShowCommand(std::string(65, '9'))),
                   "invalid_argument", "request id"});
  cases.push_back({"intake for an unknown agency", Bytes(IntakeCommand("t19", "999999")),
                   "not_found", "999999"});
  {
    v1::Command c;
    c.mutable_list()->set_agency_code("999999");
    cases.push_back({"list of an unknown agency", Bytes(c), "not_found", "999999"});
  }
  cases.push_back({"a second extension", Bytes(ExtendCommand("t20", id, Day(2012, 11, 20))),
                   "failed_precondition", "extension was already used"});

  int valid = 0;
  for (const Case& c : cases) {
    INFO("case: " << c.what);
    const int writes = f.store().change_writes();
    const v1::Reply refused = client.Call(c.body);
    INFO("reply: " << CodeWord(refused) << ": " << refused.message());
    CHECK(CodeWord(refused) == c.code);
    CHECK_THAT(refused.message(), Contains(c.fragment));
    CHECK(refused.request_id().empty());
    CHECK(f.store().change_writes() == writes);
    // Still serving: a valid change goes through.
    const v1::Reply next = client.Call(IntakeCommand("valid-" + std::to_string(++valid)));
    CHECK(CodeWord(next) == "ok");
    CHECK(f.store().change_writes() == writes + 1);
  }
}

TEST_CASE("Malformed framing gets a refusal, writes nothing, and the server keeps serving",
          "[workers][server]") {
  const std::string transport = GENERATE(as<std::string>{}, "inproc", "tcp");
  INFO(transport);
  ServerFixture f;
  Client dealer(f.context(), zmq::socket_type::dealer, f.Endpoint(transport));
  // A valid change: refused only for its framing.
  const std::string body = Bytes(IntakeCommand("framing-1"));

  auto expect_refusal = [&](const std::string& fragment) {
    const v1::Reply refused = dealer.ReceiveReply();
    INFO("reply: " << CodeWord(refused) << ": " << refused.message());
    CHECK(CodeWord(refused) == "invalid_argument");
    CHECK_THAT(refused.message(), Contains(fragment));
    CHECK(f.store().change_writes() == 0);
  };

  SECTION("no delimiter frame") {
    dealer.SendFrames({body});
    expect_refusal("expected an empty delimiter frame");
  }
  SECTION("no delimiter frame, two frames") {
    dealer.SendFrames({body, body});
    expect_refusal("expected an empty delimiter frame");
  }
  SECTION("two body frames") {
    dealer.SendFrames({"", body, body});
    expect_refusal("got 2");
  }
  SECTION("a delimiter and no body frame") {
    dealer.SendFrames({""});
    expect_refusal("got 0");
  }
  SECTION("two body frames from a REQ socket") {
    Client req(f.context(), zmq::socket_type::req, f.Endpoint(transport));
    req.SendFrames({body, body});
    const v1::Reply refused = req.ReceiveReply();
    CHECK(CodeWord(refused) == "invalid_argument");
    CHECK_THAT(refused.message(), Contains("got 2"));
    CHECK(f.store().change_writes() == 0);
  }
  SECTION("routing frames before the delimiter come back with the reply") {
    dealer.SendFrames({"hop", "", body});
    const std::vector<std::string> frames = dealer.ReceiveFrames();
    REQUIRE(frames.size() == 3);
    CHECK(frames[0] == "hop");
    CHECK(frames[1].empty());
    v1::Reply reply;
    REQUIRE(reply.ParseFromString(frames[2]));
    CHECK(CodeWord(reply) == "ok");
    CHECK(f.store().change_writes() == 1);
  }
  // Still serving, and the refused change was not applied under its key.
  const v1::Reply next = dealer.Call(body);
  CHECK(CodeWord(next) == "ok");
  CHECK(next.request_id() == "210300-2012-000001");
}

TEST_CASE(
    "A message over 1 MiB in all is refused without being kept, and over tcp a frame past the "
    "limit drops its connection; the server goes on",
    "[workers][server]") {
  const std::string transport = GENERATE(as<std::string>{}, "inproc", "tcp");
  INFO(transport);
  ServerFixture f;
  Client dealer(f.context(), zmq::socket_type::dealer, f.Endpoint(transport));
  const std::string half(kMaxMessageBytes / 2 + 100, 'x');
  // Two frames, each under the limit, over it together.
  dealer.SendFrames({"", half, half});
  const v1::Reply refused = dealer.ReceiveReply();
  CHECK(CodeWord(refused) == "invalid_argument");
  CHECK_THAT(refused.message(), Contains("at most 1048576"));
  v1::Command big = IntakeCommand("big");
  big.mutable_intake()->mutable_received()->set_subject(std::string(kMaxMessageBytes, 'x'));
  if (transport == "inproc") {
    // No frame limit over inproc: the server counts and refuses.
    dealer.SendBody(Bytes(big));
    CHECK_THAT(dealer.ReceiveReply().message(), Contains("at most 1048576"));
  } else {
    // libzmq drops the connection as soon as the frame's size is read.
    zmq::socket_t big_sender(f.context(), zmq::socket_type::dealer);
    big_sender.set(zmq::sockopt::linger, 0);
    zmq_socket_monitor(big_sender.handle(), "inproc://big-sender-events", ZMQ_EVENT_DISCONNECTED);
    zmq::socket_t events(f.context(), zmq::socket_type::pair);
    events.connect("inproc://big-sender-events");
    big_sender.connect(f.Endpoint(transport));
    const std::string body = Bytes(big);
    REQUIRE(big_sender.send(zmq::str_buffer(""), zmq::send_flags::sndmore));
    REQUIRE(big_sender.send(zmq::buffer(body), zmq::send_flags::none));
    zmq::pollitem_t item{events.handle(), 0, ZMQ_POLLIN, 0};
    zmq::poll(&item, 1, kReplyTimeout);
    CHECK((item.revents & ZMQ_POLLIN) != 0);  // Disconnected.
  }
  CHECK(f.store().change_writes() == 0);
  CHECK(CodeWord(dealer.Call(Bytes(IntakeCommand("after")))) == "ok");
}

TEST_CASE("Messages sent without waiting are each answered, in order", "[workers][server]") {
  const std::string transport = GENERATE(as<std::string>{}, "inproc", "tcp");
  INFO(transport);
  ServerFixture f;
  Client dealer(f.context(), zmq::socket_type::dealer, f.Endpoint(transport));
  Client other(f.context(), zmq::socket_type::req, f.Endpoint(transport));

  constexpr int kCount = 30;
  for (int i = 0; i < kCount; ++i) {
    if (i == kCount / 2) dealer.SendBody("not a command");
    dealer.SendBody(Bytes(IntakeCommand("burst-" + std::to_string(i))));
  }
  // Another client is served in between.
  CHECK(CodeWord(other.Call(IntakeCommand("other", "210321"))) == "ok");

  int number = 0;
  for (int i = 0; i <= kCount; ++i) {
    INFO("reply " << i);
    const v1::Reply reply = dealer.ReceiveReply();
    if (i == kCount / 2) {
      CHECK(CodeWord(reply) == "invalid_argument");
      continue;
    }
    CHECK(CodeWord(reply) == "ok");
    char expected[32];
    std::snprintf(expected, sizeof expected, "210300-2012-%06d", ++number);
    CHECK(reply.request_id() == expected);
  }
  CHECK(f.store().Size(Table::kRequests) == kCount + 1);
  // Group commit: never more writes than changes, every one synced.
  CHECK(f.store().writes() <= kCount + 1);
  CHECK(f.store().synced_writes() == f.store().writes());
}

}  // namespace
}  // namespace gongkai::test
