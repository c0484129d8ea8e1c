// The ledger worker (workers/ledger.h) over the in-memory store and a manual
// clock: the fake store itself, intake and request numbers, idempotency,
// refusals that write nothing, group commit and its failure path, and
// events. The clock, personal data, list filters and admin verify are in
// ledger_queries_test.cpp.
//
// Dates used below (working days from engine/data/cn_working_days.cal, the
// day of receipt not counted, 2008 rule: 15 working days):
//   2012-09-28 (Fri) received -> due 2012-10-25 (National Day 09-30..10-07
//                                off, 09-29 a make-up working day)
//   2012-10-15 (Mon) received -> due 2012-11-05
//   2012-11-01 (Thu) received -> due 2012-11-22; extended by 15 -> 2012-12-13
//   2012-11-19 (Mon) received -> due 2012-12-10
#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/counters.h"
#include "engine/status.h"
#include "tests/workers/ledger_fixture.h"
#include "tests/workers/memory_store.h"
#include "workers/ledger.h"

namespace gongkai::test {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::Matches;

// --- The fake store itself ------------------------------------------------

TEST_CASE("The memory store sums counters and scans in key order from a start within a prefix",
          "[workers][ledger]") {
  MemoryStore store;
  WriteSet writes;
  writes.AddCounter("210300|2012|received|natural_person", 2);
  writes.AddCounter("210300|2012|received|natural_person", 3);
  writes.AddCounter("210300|2012|late", 1);
  writes.AddCounter("210300|2012|late", -1);
  writes.Put(Table::kMeta, "b2", "2");
  writes.Put(Table::kMeta, "a", "x");
  writes.Put(Table::kMeta, "b1", "1");
  writes.Put(Table::kMeta, "b3", "3");
  writes.Put(Table::kMeta, "c", "y");
  writes.Delete(Table::kMeta, "b3");
  REQUIRE(store.Write(writes, /*sync=*/true).ok());
  CHECK(store.writes() == 1);
  CHECK(store.synced_writes() == 1);

  auto total = store.Get(Table::kCounters, "210300|2012|received|natural_person");
  REQUIRE(total.ok());
  REQUIRE(total->has_value());
  CHECK(DecodeCounter(**total) == 5);
  auto zero = store.Get(Table::kCounters, "210300|2012|late");
  REQUIRE(zero.ok());
  REQUIRE(zero->has_value());  // As RocksDB's merge: a zero total stays.
  CHECK(DecodeCounter(**zero) == 0);

  std::vector<std::string> seen;
  REQUIRE(store
              .Scan(Table::kMeta, "b", "b15",
                    [&](std::string_view key, std::string_view) {
                      seen.emplace_back(key);
                      return true;
                    })
              .ok());
  CHECK(seen == std::vector<std::string>{"b2"});
  seen.clear();
  REQUIRE(store
              .Scan(Table::kMeta, "", "",
                    [&](std::string_view key, std::string_view) {
                      seen.emplace_back(key);
                      return seen.size() < 3;
                    })
              .ok());
  CHECK(seen == std::vector<std::string>{"a", "b1", "b2"});

  store.FailNextWrite();
  WriteSet more;
  more.Put(Table::kMeta, "d", "z");
  Status failed = store.Write(more, /*sync=*/false);
  CHECK(failed.code() == StatusCode::kUnavailable);
  CHECK(store.Size(Table::kMeta) == 4);
  CHECK(store.Write(more, /*sync=*/false).ok());  // Only the next write fails.
  CHECK(store.Size(Table::kMeta) == 5);
  CHECK(store.writes() == 3);
  CHECK(store.synced_writes() == 1);
}

// --- Intake ------------------------------------------------------------------

TEST_CASE("Intake numbers requests in sequence per agency and year", "[workers][ledger]") {
  LedgerFixture f(Day(2013, 1, 10));
  CHECK(f.NewRequest("210300", Day(2012, 9, 28)) == "210300-2012-000001");
  CHECK(f.NewRequest("210300", Day(2012, 10, 8)) == "210300-2012-000002");
  CHECK(f.NewRequest("210321", Day(2012, 10, 8)) == "210321-2012-000001");
  CHECK(f.NewRequest("210300", Day(2013, 1, 4)) == "210300-2013-000001");
  CHECK(f.NewRequest("21030001", Day(2012, 12, 28)) == "21030001-2012-000001");
  // The year is the receipt's year, not today's.
  const std::string late_registered = f.NewRequest("210300", Day(2012, 12, 28));
  CHECK(late_registered == "210300-2012-000003");
  CHECK_THAT(late_registered, Matches("[0-9]+-[0-9]{4}-[0-9]{6}"));

  SECTION("two intakes in one group take consecutive numbers") {
    auto replies = f.HandleGroup({IntakeCommand("g1", "210300", Day(2012, 11, 1)),
                                  IntakeCommand("g2", "210300", Day(2012, 11, 2))});
    CHECK_CODE(replies[0], "ok");
    CHECK_CODE(replies[1], "ok");
    CHECK(replies[0].request_id() == "210300-2012-000004");
    CHECK(replies[1].request_id() == "210300-2012-000005");
  }
}

TEST_CASE("Intake replies with the due date under the 2008 rule", "[workers][ledger]") {
  LedgerFixture f(Day(2012, 9, 28));
  const v1::Reply reply = f.Handle(IntakeCommand("k1", "210300", Day(2012, 9, 28)));
  REQUIRE_CODE(reply, "ok");
  CHECK(reply.request_id() == "210300-2012-000001");
  CHECK(Str(reply.due_date()) == "2012-10-25");
  CHECK(reply.message() == "registered");

  const v1::Reply shown = f.Handle(ShowCommand(reply.request_id()));
  REQUIRE_CODE(shown, "ok");
  REQUIRE(shown.requests_size() == 1);
  CHECK(Str(shown.requests(0).due_date()) == "2012-10-25");
  CHECK(shown.requests(0).state().regime() == v1::REGIME_2008);
  CHECK(shown.requests(0).state().period_days() == 15);
  CHECK(shown.requests(0).state().status() == v1::REQUEST_STATUS_OPEN);
}

TEST_CASE("Intake for an agency missing from the registry is not found and writes nothing",
          "[workers][ledger]") {
  LedgerFixture f;
  const v1::Reply reply = f.Handle(IntakeCommand("k1", "999999", Day(2012, 11, 19)));
  CHECK_CODE(reply, "not_found");
  CHECK_THAT(reply.message(), Contains("999999"));
  CHECK(f.store().writes() == 0);
}

TEST_CASE("Intake with a receipt date after today is invalid and writes nothing",
          "[workers][ledger]") {
  LedgerFixture f(Day(2012, 11, 20));
  const v1::Reply reply = f.Handle(IntakeCommand("k1", "210300", Day(2012, 11, 21)));
  CHECK_CODE(reply, "invalid_argument");
  CHECK_THAT(reply.message(), Contains("after today"));
  CHECK(f.store().writes() == 0);
  // Today itself is fine.
  CHECK_CODE(f.Handle(IntakeCommand("k2", "210300", Day(2012, 11, 20))), "ok");
}

TEST_CASE("Intake refuses a number past 999999 for the agency and year and writes nothing",
          "[workers][ledger]") {
  LedgerFixture f;
  f.store().PutRaw(Table::kMeta, "seq|210300|2012", "999998");
  CHECK(f.NewRequest("210300", Day(2012, 11, 19)) == "210300-2012-999999");
  const int writes = f.store().writes();
  const v1::Reply refused = f.Handle(IntakeCommand("k-full", "210300", Day(2012, 11, 19)));
  CHECK_CODE(refused, "failed_precondition");
  CHECK_THAT(refused.message(), Contains("999999"));
  CHECK(f.store().writes() == writes);
  // Other years and agencies are unaffected.
  CHECK(f.NewRequest("210300", Day(2011, 12, 30)) == "210300-2011-000001");
  CHECK(f.NewRequest("210321", Day(2012, 11, 19)) == "210321-2012-000001");
}

// --- Idempotency ---------------------------------------------------------------

TEST_CASE("A mutation without an idempotency key is invalid and writes nothing",
          "[workers][ledger]") {
  LedgerFixture f;
  const std::string id = f.NewRequest("210300", Day(2012, 11, 19));
  const int writes = f.store().writes();
  const auto before = f.store().Tables();

  std::vector<std::pair<std::string, v1::Command>> cases = {
      {"intake", IntakeCommand("", "210300", Day(2012, 11, 19))},
      {"record_event", DecideCommand("", id, Day(2012, 11, 20))},
      {"clock_advance", AdvanceCommand("", Day(2012, 12, 1))},
      {"intake with a 129-byte key",
       IntakeCommand(std::string(129, 'k'), "210300", Day(2012, 11, 19))},
  };
  for (const auto& [what, command] : cases) {
    INFO(what);
    const v1::Reply reply = f.Handle(command);
    CHECK_CODE(reply, "invalid_argument");
    CHECK_THAT(reply.message(), Contains("idempotency key"));
  }
  CHECK(f.store().writes() == writes);
  CHECK(f.store().Tables() == before);
  CHECK(f.ledger().Today() == Day(2012, 11, 20));
}

TEST_CASE("Repeating an idempotency key returns the first reply and writes nothing more",
          "[workers][ledger]") {
  LedgerFixture f;
  const v1::Command intake = IntakeCommand("same-key", "210300", Day(2012, 11, 19));
  const v1::Reply first = f.Handle(intake);
  REQUIRE_CODE(first, "ok");
  const int writes = f.store().writes();
  const auto stored = f.store().Tables();

  SECTION("the same command again") {
    const v1::Reply again = f.Handle(intake);
    CHECK(again.SerializeAsString() == first.SerializeAsString());
    CHECK(f.store().writes() == writes);
    CHECK(f.store().Tables() == stored);
  }
  SECTION("another command under the same key is refused") {
    const v1::Reply again = f.Handle(IntakeCommand("same-key", "210321", Day(2012, 11, 20)));
    CHECK_CODE(again, "failed_precondition");
    CHECK_THAT(again.message(), Contains("idempotency key reused"));
    CHECK(f.store().writes() == writes);
    CHECK(f.store().Tables() == stored);
    CHECK(f.store().Size(Table::kRequests) == 1);
  }
  SECTION("the same command from another sender is refused") {
    v1::Command other = intake;
    other.set_actor("另一位受理员");
    CHECK_CODE(f.Handle(other), "failed_precondition");
    Caller impostor;
    impostor.principal.set_name("impostor");
    impostor.principal.add_roles(v1::ROLE_CLERK);
    impostor.principal.set_agency_code("210300");
    const auto replies = f.ledger().HandleGroup({intake}, {impostor});
    REQUIRE(replies.size() == 1);
    CHECK_CODE(replies[0], "failed_precondition");
    CHECK(f.store().Tables() == stored);
  }
  SECTION("an event repeated under its key") {
    const v1::Command decide = DecideCommand("decide-key", first.request_id(), Day(2012, 11, 20));
    const v1::Reply decided = f.Handle(decide);
    REQUIRE_CODE(decided, "ok");
    const int writes_after_decision = f.store().writes();
    const auto after_decision = f.store().Tables();
    // Recorded a second time it would be refused (the request is closed):
    // the key answers with the first reply instead.
    const v1::Reply again = f.Handle(decide);
    CHECK(again.SerializeAsString() == decided.SerializeAsString());
    CHECK(f.store().writes() == writes_after_decision);
    CHECK(f.store().Tables() == after_decision);
  }
}

TEST_CASE("A key repeated inside one group registers one request", "[workers][ledger]") {
  LedgerFixture f;
  const v1::Command intake = IntakeCommand("dup", "210300", Day(2012, 11, 19));
  auto replies = f.HandleGroup({intake, intake});
  CHECK_CODE(replies[0], "ok");
  CHECK(replies[1].SerializeAsString() == replies[0].SerializeAsString());
  CHECK(f.store().Size(Table::kRequests) == 1);
  CHECK(f.store().writes() == 1);
}

TEST_CASE("A refused command does not use up its idempotency key", "[workers][ledger]") {
  LedgerFixture f;
  CHECK_CODE(f.Handle(IntakeCommand("retry-key", "999999", Day(2012, 11, 19))), "not_found");
  const v1::Reply fixed = f.Handle(IntakeCommand("retry-key", "210300", Day(2012, 11, 19)));
  CHECK_CODE(fixed, "ok");
  CHECK(fixed.request_id() == "210300-2012-000001");
}

// --- Refusals write nothing --------------------------------------------------

TEST_CASE("Every refused command leaves the store untouched", "[workers][ledger]") {
  LedgerFixture f;
  const std::string id = f.NewRequest("210300", Day(2012, 11, 1));
  f.Record(ExtendCommand("", id, Day(2012, 11, 19)));
  const std::string closed = f.NewRequest("210321", Day(2012, 11, 2));
  f.Record(DecideCommand("", closed, Day(2012, 11, 19)));
  const int writes = f.store().writes();
  const auto before = f.store().Tables();

  struct Case {
    std::string what;
    v1::Command command;
    std::string code;
  };
  std::vector<Case> cases;
  cases.push_back(
      {"unknown agency", IntakeCommand("r1", "999999", Day(2012, 11, 19)), "not_found"});
  cases.push_back({"receipt after today", IntakeCommand("r2", "210300", Day(2012, 11, 21)),
                   "invalid_argument"});
  {
    v1::Command c = IntakeCommand("r3", "210300", Day(2012, 11, 19));
    c.mutable_intake()->mutable_received()->set_channel(static_cast<v1::Channel>(99));
    cases.push_back({"channel 99", c, "invalid_argument"});
  }
  {
    v1::Command c = IntakeCommand("r4", "210300", Day(2012, 11, 19));
    c.mutable_intake()->mutable_received()->set_subject(std::string(5000, 'x'));
    cases.push_back({"subject of 5000 bytes", c, "invalid_argument"});
  }
  {
    v1::Command c = IntakeCommand("r5", "210300", Day(2012, 11, 19));
    c.mutable_intake()->mutable_received()->mutable_applicant()->clear_name();
    cases.push_back({"no applicant name", c, "invalid_argument"});
  }
  {
    v1::Command c = IntakeCommand("r6", "210300", Day(2012, 11, 19));
    c.mutable_intake()->set_on_the_spot_outcome(static_cast<v1::Outcome>(77));
    cases.push_back({"on-the-spot outcome 77", c, "invalid_argument"});
  }
  cases.push_back(
      {"second extension", ExtendCommand("r7", id, Day(2012, 11, 20)), "failed_precondition"});
  cases.push_back({"decision on a closed request", DecideCommand("r8", closed, Day(2012, 11, 20)),
                   "failed_precondition"});
  cases.push_back({"decision with outcome 77",
                   DecideCommand("r9", id, Day(2012, 11, 20), static_cast<v1::Outcome>(77)),
                   "invalid_argument"});
  cases.push_back({"event before the previous one", DecideCommand("r10", id, Day(2012, 11, 5)),
                   "failed_precondition"});
  cases.push_back({"event on an unknown request",
                   DecideCommand("r11", "210300-2012-999999", Day(2012, 11, 20)), "not_found"});
  {
    v1::Event event = EventOn(id, Day(2012, 11, 20));
    *event.mutable_received() = IntakeCommand("", "210300", Day(2012, 11, 20)).intake().received();
    cases.push_back(
        {"a receipt recorded as an event", RecordCommand("r12", event), "invalid_argument"});
  }
  cases.push_back(
      {"empty event", RecordCommand("r13", EventOn(id, Day(2012, 11, 20))), "invalid_argument"});
  cases.push_back(
      {"clock backwards", AdvanceCommand("r14", Day(2012, 11, 19)), "invalid_argument"});
  {
    v1::Command c = AdvanceCommand("r15", Day(2012, 12, 1));
    c.mutable_clock_advance()->mutable_to()->set_month(13);
    cases.push_back({"clock to month 13", c, "invalid_argument"});
  }
  {
    v1::Command c = IntakeCommand("r16", "210300", Day(2012, 11, 19));
    c.set_actor(std::string(101, 'a'));
    cases.push_back({"actor over 100 bytes", c, "invalid_argument"});
  }
  {
    v1::Command c;
    c.set_idempotency_key("r17");
    cases.push_back({"empty command", c, "invalid_argument"});
  }

  for (const auto& c : cases) {
    INFO(c.what);
    const v1::Reply reply = f.Handle(c.command);
    CHECK_CODE(reply, c.code);
    CHECK_FALSE(reply.message().empty());
    CHECK(f.store().writes() == writes);
  }
  CHECK(f.store().Tables() == before);
  CHECK(f.ledger().Today() == Day(2012, 11, 20));
}

// --- Group commit -------------------------------------------------------------

TEST_CASE("A group of commands is one synced write and later commands see earlier ones",
          "[workers][ledger]") {
  LedgerFixture f;
  const std::string new_id = "210300-2012-000001";  // The first number of an empty store.
  auto replies = f.HandleGroup({
      ShowCommand(new_id),  // A query answers after the group's write.
      IntakeCommand("g1", "210300", Day(2012, 11, 1)),
      ExtendCommand("g2", new_id, Day(2012, 11, 19)),
      IntakeCommand("g3", "210321", Day(2012, 11, 2)),
      ListCommand("210300"),
  });
  CHECK(f.store().writes() == 1);
  CHECK(f.store().synced_writes() == 1);

  CHECK_CODE(replies[1], "ok");
  CHECK(replies[1].request_id() == new_id);
  CHECK(Str(replies[1].due_date()) == "2012-11-22");
  CHECK_CODE(replies[2], "ok");
  CHECK(replies[2].request_id() == new_id);
  CHECK(Str(replies[2].due_date()) == "2012-12-13");
  CHECK_CODE(replies[3], "ok");
  CHECK(replies[3].request_id() == "210321-2012-000001");

  CHECK_CODE(replies[0], "ok");
  REQUIRE(replies[0].requests_size() == 1);
  CHECK(replies[0].requests(0).events_size() == 2);
  CHECK(replies[0].requests(0).state().extension_days() == 15);
  CHECK(Str(replies[0].requests(0).due_date()) == "2012-12-13");
  CHECK_CODE(replies[4], "ok");
  CHECK(replies[4].requests_size() == 2);

  SECTION("a clock advance early in a group moves today for the commands after it") {
    auto more =
        f.HandleGroup({AdvanceCommand("g4", Day(2012, 12, 3)),
                       IntakeCommand("g5", "210300", Day(2012, 12, 3)), ClockShowCommand()});
    CHECK(f.store().writes() == 2);
    CHECK_CODE(more[0], "ok");
    CHECK_CODE(more[1], "ok");
    CHECK_CODE(more[2], "ok");
    CHECK(Str(more[2].today()) == "2012-12-03");
    CHECK(f.ledger().Today() == Day(2012, 12, 3));
  }
  SECTION("a group of queries only writes nothing") {
    auto queries =
        f.HandleGroup({ShowCommand(new_id), ListCommand(), ClockShowCommand(), VerifyCommand()});
    for (const auto& reply : queries) CHECK_CODE(reply, "ok");
    CHECK(f.store().writes() == 1);
  }
  SECTION("a group whose commands are all refused writes nothing") {
    auto refused = f.HandleGroup({IntakeCommand("g6", "999999", Day(2012, 11, 19)),
                                  ExtendCommand("g7", new_id, Day(2012, 11, 20))});
    CHECK_CODE(refused[0], "not_found");
    CHECK_CODE(refused[1], "failed_precondition");
    CHECK(f.store().writes() == 1);
  }
}

TEST_CASE("When the group's write fails every change is unavailable and nothing is kept",
          "[workers][ledger]") {
  LedgerFixture f;
  const std::string id = f.NewRequest("210300", Day(2012, 11, 1));
  const int writes = f.store().writes();
  const auto before = f.store().Tables();

  const std::vector<v1::Command> group = {
      IntakeCommand("f1", "210300", Day(2012, 11, 19)), DecideCommand("f2", id, Day(2012, 11, 20)),
      IntakeCommand("f3", "999999", Day(2012, 11, 19)),  // Refused either way.
      AdvanceCommand("f4", Day(2012, 12, 3)),           ShowCommand(id),
  };
  f.store().FailNextWrite();
  auto replies = f.HandleGroup(group);
  CHECK(f.store().writes() == writes + 1);  // One attempt, which failed.
  CHECK(f.store().Tables() == before);
  for (int i : {0, 1, 3}) {
    INFO("command " << i);
    CHECK_CODE(replies[i], "unavailable");
    CHECK_THAT(replies[i].message(), Contains("retry with the same idempotency key"));
    CHECK(replies[i].request_id().empty());
  }
  CHECK_CODE(replies[2], "not_found");
  CHECK_CODE(replies[4], "ok");
  REQUIRE(replies[4].requests_size() == 1);
  CHECK(replies[4].requests(0).state().status() == v1::REQUEST_STATUS_OPEN);
  CHECK(Str(replies[4].today()) == "2012-11-20");
  CHECK(f.ledger().Today() == Day(2012, 11, 20));

  // The retry with the same keys works, and the request number was not used
  // up by the failed write.
  auto retried = f.HandleGroup(group);
  CHECK(f.store().writes() == writes + 2);
  CHECK_CODE(retried[0], "ok");
  CHECK(retried[0].request_id() == "210300-2012-000002");
  CHECK_CODE(retried[1], "ok");
  CHECK_CODE(retried[2], "not_found");
  CHECK_CODE(retried[3], "ok");
  CHECK_CODE(retried[4], "ok");
  CHECK(retried[4].requests(0).state().status() == v1::REQUEST_STATUS_DECIDED);
  CHECK(f.ledger().Today() == Day(2012, 12, 3));
}

// --- Events ---------------------------------------------------------------

TEST_CASE("Recording an event on an unknown request id is not found", "[workers][ledger]") {
  LedgerFixture f;
  f.NewRequest("210300", Day(2012, 11, 19));
  const v1::Reply reply = f.Handle(DecideCommand("k", "210300-2012-000002", Day(2012, 11, 20)));
  CHECK_CODE(reply, "not_found");
  CHECK_THAT(reply.message(), Contains("210300-2012-000002"));
  CHECK(f.store().writes() == 1);
  CHECK_CODE(f.Handle(ShowCommand("210300-2012-000002")), "not_found");
}

TEST_CASE("An event dated after today is invalid", "[workers][ledger]") {
  LedgerFixture f(Day(2012, 11, 20));
  const std::string id = f.NewRequest("210300", Day(2012, 11, 19));
  const v1::Reply reply = f.Handle(DecideCommand("k", id, Day(2012, 11, 21)));
  CHECK_CODE(reply, "invalid_argument");
  CHECK_THAT(reply.message(), Contains("after today"));
  CHECK(f.store().writes() == 1);
  CHECK_CODE(f.Handle(DecideCommand("k", id, Day(2012, 11, 20))), "ok");
}

}  // namespace
}  // namespace gongkai::test
