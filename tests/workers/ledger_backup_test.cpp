// An admin backup through the ledger's server (workers/ledger_server.h): it
// runs on a reader thread, so intakes are acknowledged while it copies; a
// second backup meanwhile is refused; the reply carries what the backup
// maker described. The maker here is a stand-in that holds the backup open
// until the test lets it go (no sleeps: every wait is bounded).
#include <catch2/catch.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <zmq.hpp>

#include "tests/workers/ledger_fixture.h"
#include "tests/workers/memory_store.h"
#include "workers/ledger_server.h"

namespace gongkai::test {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

constexpr std::chrono::milliseconds kWait(5000);
constexpr char kEndpoint[] = "inproc://gongkai-backup-test";

v1::Command BackupCommand(const std::string& directory) {
  v1::Command command;
  command.mutable_admin_backup()->set_directory(directory);
  return command;
}

// The stand-in backup maker: the first backup tells the test it started,
// then waits for the test's release; later ones return at once.
struct HeldBackup {
  std::promise<std::string> started;
  std::promise<void> release;
  int calls = 0;  // The server runs one backup at a time.

  StatusOr<v1::BackupInfo> Make(const std::string& directory) {
    if (++calls == 1) {
      started.set_value(directory);
      if (release.get_future().wait_for(kWait) != std::future_status::ready) {
        return InternalError("the test never released the backup");
      }
    }
    v1::BackupInfo info;
    info.set_directory(directory);
    info.set_requests(42);
    return info;
  }
};

// A Ledger over a MemoryStore served over inproc by a LedgerServer with
// the stand-in backup maker, in its own thread.
class BackupServer {
 public:
  BackupServer() {
    ledger_ = OpenLedger(store_, Day(2012, 11, 20));
    LedgerServerOptions options;
    options.internal_endpoints = {kEndpoint};
    options.backup = [this](const std::string& directory) { return held.Make(directory); };
    server_ = std::make_unique<LedgerServer>(context_, *ledger_, options);
    REQUIRE(server_->Bind().ok());
    thread_ = std::thread([this] { (void)server_->Run(); });
  }
  ~BackupServer() {
    held_release();
    server_->Stop();
    thread_.join();
  }
  BackupServer(const BackupServer&) = delete;
  BackupServer& operator=(const BackupServer&) = delete;

  zmq::context_t& context() { return context_; }
  // Lets the held backup go (once).
  void held_release() {
    if (!released_) held.release.set_value();
    released_ = true;
  }

  HeldBackup held;

 private:
  zmq::context_t context_;  // Destroyed last.
  MemoryStore store_;
  std::unique_ptr<Ledger> ledger_;
  std::unique_ptr<LedgerServer> server_;
  std::thread thread_;
  bool released_ = false;
};

// A DEALER connection of its own: the server answers each connection in
// the order of its messages, so the test uses one per concurrent caller.
class Connection {
 public:
  explicit Connection(zmq::context_t& context) : socket_(context, zmq::socket_type::dealer) {
    socket_.set(zmq::sockopt::linger, 0);
    socket_.connect(kEndpoint);
  }
  void Send(const v1::Command& command) {
    REQUIRE(socket_.send(zmq::str_buffer(""), zmq::send_flags::sndmore).has_value());
    REQUIRE(socket_.send(zmq::buffer(command.SerializeAsString())).has_value());
  }
  // The next reply, or nullopt after kWait.
  std::optional<v1::Reply> Receive() {
    zmq::pollitem_t item{socket_.handle(), 0, ZMQ_POLLIN, 0};
    zmq::poll(&item, 1, kWait);
    if (!(item.revents & ZMQ_POLLIN)) return std::nullopt;
    zmq::message_t delimiter, body;
    REQUIRE(socket_.recv(delimiter).has_value());
    REQUIRE(socket_.recv(body).has_value());
    v1::Reply reply;
    REQUIRE(reply.ParseFromArray(body.data(), int(body.size())));
    return reply;
  }
  v1::Reply Call(const v1::Command& command) {
    Send(command);
    auto reply = Receive();
    REQUIRE(reply.has_value());
    return *reply;
  }

 private:
  zmq::socket_t socket_;
};

TEST_CASE("Intakes are acknowledged while an admin backup runs, and a second backup waits its turn",
          "[workers][backup]") {
  BackupServer server;
  Connection operator_one(server.context());
  Connection operator_two(server.context());
  Connection clerk(server.context());

  operator_one.Send(BackupCommand("/backups/one"));
  auto started = server.held.started.get_future();
  REQUIRE(started.wait_for(kWait) == std::future_status::ready);
  CHECK(started.get() == "/backups/one");

  // The backup is held: changes go on all the same.
  for (int i = 1; i <= 3; ++i) {
    const v1::Reply registered = clerk.Call(IntakeCommand("intake-" + std::to_string(i)));
    CHECK_CODE(registered, "ok");
    CHECK(registered.request_id() == "210300-2012-00000" + std::to_string(i));
  }
  const v1::Reply second = operator_two.Call(BackupCommand("/backups/two"));
  CHECK_CODE(second, "failed_precondition");
  CHECK_THAT(second.message(), Contains("another backup is being made"));

  server.held_release();
  const auto first = operator_one.Receive();
  REQUIRE(first.has_value());
  CHECK_CODE(*first, "ok");
  CHECK(first->backup().directory() == "/backups/one");
  CHECK(first->backup().requests() == 42);
  CHECK_THAT(first->message(), StartsWith("backed up into /backups/one: 42 requests"));
  CHECK(first->has_today());

  // Once it is done, the next one is made.
  const v1::Reply third = operator_two.Call(BackupCommand("/backups/three"));
  CHECK_CODE(third, "ok");
  CHECK(third.backup().directory() == "/backups/three");
}

}  // namespace
}  // namespace gongkai::test
