// The retention sweep (workers/ledger_people.cpp): applicants' personal
// data erased once the retention period has run out, at most
// max_erasures_per_sweep a sweep, the rest in the sweeps that follow.
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>
#include <zmq.hpp>

#include "tests/workers/ledger_fixture.h"
#include "workers/ledger_server.h"

namespace gongkai {
namespace {

using test::Day;
using test::DecideCommand;
using test::LedgerFixture;

// How many of `ids` have had their applicant erased; asserts nothing (it
// may run while a server thread does).
int CountErased(test::MemoryStore& store, const std::vector<std::string>& ids) {
  int erased = 0;
  const auto stored = store.Raw(Table::kApplicants);
  for (const std::string& id : ids) {
    const auto found = stored.find(id);
    v1::ApplicantPersonalData applicant;
    if (found != stored.end() && applicant.ParseFromString(found->second) &&
        applicant.name() == "已删除") {
      ++erased;
    }
  }
  return erased;
}

// The same, each of `ids` required to have a readable applicant record.
int Erased(test::MemoryStore& store, const std::vector<std::string>& ids) {
  const auto stored = store.Raw(Table::kApplicants);
  for (const std::string& id : ids) {
    const auto found = stored.find(id);
    REQUIRE(found != stored.end());
    REQUIRE(v1::ApplicantPersonalData().ParseFromString(found->second));
  }
  return CountErased(store, ids);
}

TEST_CASE("The retention sweep erases at most its bound at a time and goes on until none is due",
          "[workers][retention]") {
  LedgerOptions options;
  options.retention_years = 1;
  options.max_erasures_per_sweep = 2;
  LedgerFixture f(Day(2012, 11, 20), options);
  std::vector<std::string> closed;
  for (int i = 0; i < 5; ++i) {
    closed.push_back(f.NewRequest("210300", Day(2012, 11, 19)));
    f.Record(DecideCommand(f.NextKey(), closed.back(), Day(2012, 11, 20)));
  }
  const std::string open = f.NewRequest("210300", Day(2012, 11, 19));
  REQUIRE(Erased(f.store(), closed) == 0);
  REQUIRE_FALSE(f.ledger().retention_backlog());

  // A year and more later: the day's sweep erases two, and says more are due.
  f.Record(test::AdvanceCommand(f.NextKey(), Day(2014, 1, 6)));
  CHECK(Erased(f.store(), closed) == 2);
  CHECK(f.ledger().retention_backlog());
  // A change meanwhile is no sweep of the day: it erases nothing.
  f.NewRequest("210300", Day(2014, 1, 6));
  CHECK(Erased(f.store(), closed) == 2);
  // The sweeps the server makes when idle go on.
  REQUIRE(f.ledger().Sweep().ok());
  CHECK(Erased(f.store(), closed) == 4);
  CHECK(f.ledger().retention_backlog());
  REQUIRE(f.ledger().Sweep().ok());
  CHECK(Erased(f.store(), closed) == 5);
  CHECK_FALSE(f.ledger().retention_backlog());
  REQUIRE(f.ledger().Sweep().ok());
  CHECK(Erased(f.store(), closed) == 5);
  CHECK(Erased(f.store(), {open}) == 0);  // Not closed: kept.
}

TEST_CASE("The server erases a retention backlog while no change is waiting",
          "[workers][retention][server]") {
  test::MemoryStore store;
  LedgerOptions options;
  options.retention_years = 1;
  options.max_erasures_per_sweep = 1;
  auto ledger = test::OpenLedger(store, std::make_unique<ManualClock>(Day(2012, 11, 20)), options);
  std::vector<std::string> closed;
  for (int i = 0; i < 3; ++i) {
    const v1::Reply intake =
        ledger->HandleGroup({test::IntakeCommand(std::to_string(i) + "-intake")}).front();
    REQUIRE(intake.code() == v1::STATUS_CODE_OK);
    closed.push_back(intake.request_id());
    REQUIRE(ledger
                ->HandleGroup({DecideCommand(std::to_string(i) + "-decide", closed.back(),
                                             Day(2012, 11, 20))})
                .front()
                .code() == v1::STATUS_CODE_OK);
  }
  REQUIRE(ledger->HandleGroup({test::AdvanceCommand("a", Day(2014, 1, 6))}).front().code() ==
          v1::STATUS_CODE_OK);
  REQUIRE(Erased(store, closed) == 1);
  REQUIRE(ledger->retention_backlog());

  zmq::context_t context;
  LedgerServerOptions server_options;
  server_options.internal_endpoints = {"inproc://gongkai-retention-test"};
  LedgerServer server(context, *ledger, server_options);
  REQUIRE(server.Bind().ok());
  Status run = OkStatus();
  std::thread running([&server, &run] { run = server.Run(); });
  // No command is sent: the idle ledger goes on by itself (bounded wait;
  // nothing here may throw while the server's thread runs).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (CountErased(store, closed) < 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
  }
  server.Stop();
  running.join();
  CHECK(run.ok());
  CHECK(Erased(store, closed) == 3);
}

}  // namespace
}  // namespace gongkai
