// The ledger worker (workers/ledger.h) over the in-memory store and a manual
// clock: intake and request numbers, idempotency, group commit and its
// failure path, the manual clock, personal data, list filters and admin
// verify.
//
// Dates used below (working days from engine/data/cn_working_days.cal, the
// day of receipt not counted, 2008 rule: 15 working days):
//   2012-09-28 (Fri) received -> due 2012-10-25 (National Day 09-30..10-07
//                                off, 09-29 a make-up working day)
//   2012-10-15 (Mon) received -> due 2012-11-05
//   2012-11-01 (Thu) received -> due 2012-11-22; extended by 15 -> 2012-12-13
//   2012-11-19 (Mon) received -> due 2012-12-10
#include "workers/ledger.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "engine/civil_date.h"
#include "engine/codes.h"
#include "engine/counters.h"
#include "engine/wire_status.h"
#include "tests/workers/memory_store.h"

namespace gongkai::test {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::Matches;

// Checks a reply's code (its word: "ok", "invalid_argument", ...) and shows
// the message when it differs.
#define CHECK_CODE(reply_expr, expected_word)                                        \
  do {                                                                               \
    const ::gongkai::v1::Reply& reply_ = (reply_expr);                               \
    INFO("reply: " << ::gongkai::CodeOf(reply_.code()) << ": " << reply_.message()); \
    CHECK(::gongkai::CodeOf(reply_.code()) == std::string(expected_word));           \
  } while (false)

#define REQUIRE_CODE(reply_expr, expected_word)                                      \
  do {                                                                               \
    const ::gongkai::v1::Reply& reply_ = (reply_expr);                               \
    INFO("reply: " << ::gongkai::CodeOf(reply_.code()) << ": " << reply_.message()); \
    REQUIRE(::gongkai::CodeOf(reply_.code()) == std::string(expected_word));         \
  } while (false)

// Personal data given at intake: it must never leave the applicants table.
constexpr char kName[] = "王小明";
constexpr char kIdNumber[] = "210302198001011234";
constexpr char kPhone[] = "13904120000";
constexpr char kAddress[] = "鞍山市铁东区胜利路88号3单元";
constexpr char kContact[] = "wangxm-private@example.cn";
const std::vector<std::string> kPersonalData = {kName, kIdNumber, kPhone, kAddress, kContact};

Date Day(int year, unsigned month, unsigned day) { return MakeDate(year, month, day); }

std::string Str(const v1::CivilDate& date) {
  return IsSet(date) ? FormatDate(FromCivilTrusted(date)) : "unset";
}

AgencyRegistry Agencies() {
  std::ifstream in(GONGKAI_AGENCIES_PATH, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream text;
  text << in.rdbuf();
  auto registry = AgencyRegistry::Parse(text.str(), GONGKAI_AGENCIES_PATH);
  REQUIRE(registry.ok());
  return std::move(registry).value();
}

// A clock that is not manual (stands in for the system clock).
class FixedSystemClock final : public Clock {
 public:
  explicit FixedSystemClock(Date today) : today_(today) {}
  Date Today() const override { return today_; }
  bool IsManual() const override { return false; }
  Status AdvanceTo(Date) override {
    return FailedPreconditionError("the system clock cannot be advanced");
  }

 private:
  Date today_;
};

// --- Command builders ---------------------------------------------------

v1::Command IntakeCommand(const std::string& key, const std::string& agency, Date received) {
  v1::Command command;
  command.set_idempotency_key(key);
  command.set_actor("受理员张");
  v1::IntakeCommand* intake = command.mutable_intake();
  *intake->mutable_received_on() = ToCivil(received);
  v1::RequestReceived* r = intake->mutable_received();
  r->set_agency_code(agency);
  r->set_channel(v1::CHANNEL_IN_PERSON);
  r->set_applicant_type(v1::APPLICANT_TYPE_NATURAL_PERSON);
  r->set_subject("2012年城市道路维修资金使用情况");
  r->set_entered_at_unix(1348800000);
  v1::ApplicantPersonalData* a = r->mutable_applicant();
  a->set_name(kName);
  a->set_id_number(kIdNumber);
  a->set_phone(kPhone);
  a->set_address(kAddress);
  a->set_contact(kContact);
  return command;
}

v1::Event EventOn(const std::string& request_id, Date on) {
  v1::Event event;
  event.set_request_id(request_id);
  *event.mutable_on() = ToCivil(on);
  return event;
}

v1::Command RecordCommand(const std::string& key, const v1::Event& event) {
  v1::Command command;
  command.set_idempotency_key(key);
  command.set_actor("承办人李");
  *command.mutable_record_event()->mutable_event() = event;
  return command;
}

v1::Command DecideCommand(const std::string& key, const std::string& id, Date on,
                          v1::Outcome outcome = v1::OUTCOME_GRANTED) {
  v1::Event event = EventOn(id, on);
  event.mutable_decided()->set_outcome(outcome);
  return RecordCommand(key, event);
}

v1::Command ExtendCommand(const std::string& key, const std::string& id, Date on) {
  v1::Event event = EventOn(id, on);
  event.mutable_extension_approved()->set_approved_by("公开办负责人赵主任");
  return RecordCommand(key, event);
}

v1::Command AdvanceCommand(const std::string& key, Date to) {
  v1::Command command;
  command.set_idempotency_key(key);
  *command.mutable_clock_advance()->mutable_to() = ToCivil(to);
  return command;
}

v1::Command ShowCommand(const std::string& id) {
  v1::Command command;
  command.mutable_show()->set_request_id(id);
  return command;
}

v1::Command ListCommand(const std::string& agency = "", const std::string& status = "",
                        int year = 0, int limit = 0) {
  v1::Command command;
  v1::ListCommand* list = command.mutable_list();
  list->set_agency_code(agency);
  list->set_status(status);
  list->set_year(year);
  list->set_limit(limit);
  return command;
}

v1::Command ClockShowCommand() {
  v1::Command command;
  command.mutable_clock_show();
  return command;
}

v1::Command VerifyCommand() {
  v1::Command command;
  command.mutable_admin_verify();
  return command;
}

std::vector<std::string> Ids(const v1::Reply& reply) {
  std::vector<std::string> ids;
  for (const auto& view : reply.requests()) ids.push_back(view.state().id());
  return ids;
}

// A ledger over a MemoryStore, on a manual clock.
class LedgerFixture {
 public:
  explicit LedgerFixture(Date today = Day(2012, 11, 20)) { Reopen(today); }

  // Opens a new Ledger on the same store (as a restarted daemon would).
  void Reopen(Date today) { Reopen(std::make_unique<ManualClock>(today)); }
  void Reopen(std::unique_ptr<Clock> clock) {
    ledger_.reset();
    auto opened =
        Ledger::Open(store_, std::move(clock), Calendar::Builtin(), Agencies(), LedgerOptions());
    INFO(opened.status().message());
    REQUIRE(opened.ok());
    ledger_ = std::move(opened).value();
  }

  v1::Reply Handle(const v1::Command& command) {
    auto replies = ledger_->HandleGroup({command});
    REQUIRE(replies.size() == 1);
    return replies.front();
  }
  std::vector<v1::Reply> HandleGroup(const std::vector<v1::Command>& commands) {
    auto replies = ledger_->HandleGroup(commands);
    REQUIRE(replies.size() == commands.size());
    return replies;
  }

  // Registers a request and returns its id.
  std::string NewRequest(const std::string& agency, Date received) {
    const v1::Reply reply = Handle(IntakeCommand(NextKey(), agency, received));
    REQUIRE_CODE(reply, "ok");
    return reply.request_id();
  }
  // Records an event that must be accepted.
  void Record(const v1::Command& command) {
    v1::Command keyed = command;
    keyed.set_idempotency_key(NextKey());
    REQUIRE_CODE(Handle(keyed), "ok");
  }
  std::string NextKey() { return "fixture-key-" + std::to_string(++keys_); }

  Ledger& ledger() { return *ledger_; }
  MemoryStore& store() { return store_; }

 private:
  MemoryStore store_;
  std::unique_ptr<Ledger> ledger_;
  int keys_ = 0;
};

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
  const auto before = f.store().Snapshot();

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
  CHECK(f.store().Snapshot() == before);
  CHECK(f.ledger().Today() == Day(2012, 11, 20));
}

TEST_CASE("Repeating an idempotency key returns the first reply and writes nothing more",
          "[workers][ledger]") {
  LedgerFixture f;
  const v1::Command intake = IntakeCommand("same-key", "210300", Day(2012, 11, 19));
  const v1::Reply first = f.Handle(intake);
  REQUIRE_CODE(first, "ok");
  const int writes = f.store().writes();
  const auto stored = f.store().Snapshot();

  SECTION("the same command again") {
    const v1::Reply again = f.Handle(intake);
    CHECK(again.SerializeAsString() == first.SerializeAsString());
    CHECK(f.store().writes() == writes);
    CHECK(f.store().Snapshot() == stored);
  }
  SECTION("another command under the same key") {
    const v1::Reply again = f.Handle(IntakeCommand("same-key", "210321", Day(2012, 11, 20)));
    CHECK(again.SerializeAsString() == first.SerializeAsString());
    CHECK(f.store().writes() == writes);
    CHECK(f.store().Snapshot() == stored);
    CHECK(f.store().Size(Table::kRequests) == 1);
  }
  SECTION("an event repeated under its key") {
    const v1::Command decide = DecideCommand("decide-key", first.request_id(), Day(2012, 11, 20));
    const v1::Reply decided = f.Handle(decide);
    REQUIRE_CODE(decided, "ok");
    const int writes_after_decision = f.store().writes();
    const auto after_decision = f.store().Snapshot();
    // Recorded a second time it would be refused (the request is closed):
    // the key answers with the first reply instead.
    const v1::Reply again = f.Handle(decide);
    CHECK(again.SerializeAsString() == decided.SerializeAsString());
    CHECK(f.store().writes() == writes_after_decision);
    CHECK(f.store().Snapshot() == after_decision);
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
  const auto before = f.store().Snapshot();

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
  CHECK(f.store().Snapshot() == before);
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
  const auto before = f.store().Snapshot();

  const std::vector<v1::Command> group = {
      IntakeCommand("f1", "210300", Day(2012, 11, 19)), DecideCommand("f2", id, Day(2012, 11, 20)),
      IntakeCommand("f3", "999999", Day(2012, 11, 19)),  // Refused either way.
      AdvanceCommand("f4", Day(2012, 12, 3)),           ShowCommand(id),
  };
  f.store().FailNextWrite();
  auto replies = f.HandleGroup(group);
  CHECK(f.store().writes() == writes + 1);  // One attempt, which failed.
  CHECK(f.store().Snapshot() == before);
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

// --- The clock -------------------------------------------------------------

TEST_CASE("Advancing the manual clock moves today and never goes backwards", "[workers][ledger]") {
  LedgerFixture f(Day(2012, 9, 28));
  const v1::Reply advanced = f.Handle(AdvanceCommand("a1", Day(2012, 10, 15)));
  REQUIRE_CODE(advanced, "ok");
  CHECK(Str(advanced.today()) == "2012-10-15");
  CHECK(f.ledger().Today() == Day(2012, 10, 15));
  const v1::Reply shown = f.Handle(ClockShowCommand());
  CHECK(Str(shown.today()) == "2012-10-15");
  CHECK(shown.text() == "manual");
  // Dates up to the new today are accepted now.
  CHECK_CODE(f.Handle(IntakeCommand("i1", "210300", Day(2012, 10, 12))), "ok");

  const int writes = f.store().writes();
  const v1::Reply back = f.Handle(AdvanceCommand("a2", Day(2012, 10, 1)));
  CHECK_CODE(back, "invalid_argument");
  CHECK_THAT(back.message(), Contains("before today"));
  CHECK(f.ledger().Today() == Day(2012, 10, 15));
  CHECK(f.store().writes() == writes);

  SECTION("the date is stored, and a reopened ledger with an earlier clock restores it") {
    auto meta = f.store().Raw(Table::kMeta);
    CHECK(meta["clock"] == "2012-10-15");
    f.Reopen(Day(2012, 9, 28));
    CHECK(f.ledger().Today() == Day(2012, 10, 15));
    const v1::Reply reopened = f.Handle(ClockShowCommand());
    CHECK(Str(reopened.today()) == "2012-10-15");
    CHECK_CODE(f.Handle(AdvanceCommand("a3", Day(2012, 10, 14))), "invalid_argument");
  }
  SECTION("a reopened ledger with a later manual clock keeps the later date") {
    f.Reopen(Day(2012, 12, 1));
    CHECK(f.ledger().Today() == Day(2012, 12, 1));
  }
}

TEST_CASE("Advancing a clock that is not manual is a failed precondition", "[workers][ledger]") {
  LedgerFixture f(Day(2012, 9, 28));
  REQUIRE_CODE(f.Handle(AdvanceCommand("a1", Day(2012, 10, 15))), "ok");
  const int writes = f.store().writes();

  // The stored manual date does not apply to a system clock.
  f.Reopen(std::make_unique<FixedSystemClock>(Day(2012, 11, 20)));
  CHECK(f.ledger().Today() == Day(2012, 11, 20));
  CHECK(f.Handle(ClockShowCommand()).text() == "system");

  const v1::Reply reply = f.Handle(AdvanceCommand("a2", Day(2012, 12, 1)));
  CHECK_CODE(reply, "failed_precondition");
  CHECK_THAT(reply.message(), Contains("system clock"));
  CHECK(f.ledger().Today() == Day(2012, 11, 20));
  CHECK(f.store().writes() == writes);
}

// --- Personal data -------------------------------------------------------------

TEST_CASE("Show returns the events without the applicant's personal data", "[workers][ledger]") {
  LedgerFixture f;
  const v1::Reply intake = f.Handle(IntakeCommand("k1", "210300", Day(2012, 11, 1)));
  REQUIRE_CODE(intake, "ok");
  const std::string id = intake.request_id();
  const v1::Reply decided = f.Handle(DecideCommand("k2", id, Day(2012, 11, 20)));
  REQUIRE_CODE(decided, "ok");
  const v1::Reply shown = f.Handle(ShowCommand(id));
  REQUIRE_CODE(shown, "ok");
  REQUIRE(shown.requests_size() == 1);
  const v1::RequestView& view = shown.requests(0);
  REQUIRE(view.events_size() == 2);
  CHECK(view.events(0).sequence() == 1);
  CHECK(view.events(0).has_received());
  CHECK(view.events(0).received().agency_code() == "210300");
  CHECK_FALSE(view.events(0).received().has_applicant());
  CHECK(view.events(1).has_decided());
  const v1::Reply listed = f.Handle(ListCommand());
  REQUIRE_CODE(listed, "ok");
  // A repeated intake answers from the idempotency table.
  const v1::Reply repeated = f.Handle(IntakeCommand("k1", "210300", Day(2012, 11, 1)));

  for (const v1::Reply* reply : {&intake, &decided, &shown, &listed, &repeated}) {
    const std::string bytes = reply->SerializeAsString();
    for (const std::string& personal : kPersonalData) {
      INFO("personal data '" << personal << "' in reply " << reply->message());
      CHECK(bytes.find(personal) == std::string::npos);
    }
  }

  // The applicants table holds them, and no other table does.
  auto applicants = f.store().Raw(Table::kApplicants);
  REQUIRE(applicants.count(id) == 1);
  v1::ApplicantPersonalData stored;
  REQUIRE(stored.ParseFromString(applicants[id]));
  CHECK(stored.name() == kName);
  CHECK(stored.id_number() == kIdNumber);
  CHECK(stored.phone() == kPhone);
  CHECK(stored.address() == kAddress);
  CHECK(stored.contact() == kContact);
  const auto tables = f.store().Snapshot();
  for (int t = 0; t < kTableCount; ++t) {
    if (Table(t) == Table::kApplicants) continue;
    for (const auto& [key, value] : tables[t]) {
      for (const std::string& personal : kPersonalData) {
        INFO("table " << TableName(Table(t)) << ", personal data '" << personal << "'");
        CHECK(key.find(personal) == std::string::npos);
        CHECK(value.find(personal) == std::string::npos);
      }
    }
  }
}

TEST_CASE("Refused intakes never echo the applicant's personal data", "[workers][ledger]") {
  LedgerFixture f;
  std::vector<v1::Command> refused;
  refused.push_back(IntakeCommand("p1", "999999", Day(2012, 11, 19)));
  refused.push_back(IntakeCommand("p2", "210300", Day(2012, 11, 21)));
  {
    v1::Command c = IntakeCommand("p3", "210300", Day(2012, 11, 19));
    auto* applicant = c.mutable_intake()->mutable_received()->mutable_applicant();
    applicant->set_address(std::string(kAddress) + std::string(400, '#'));
    refused.push_back(c);
  }
  {
    v1::Command c = IntakeCommand("p4", "210300", Day(2012, 11, 19));
    auto* applicant = c.mutable_intake()->mutable_received()->mutable_applicant();
    applicant->set_name(std::string(kName) + std::string(200, '#'));
    refused.push_back(c);
  }
  {
    v1::Command c = IntakeCommand("p5", "210300", Day(2012, 11, 19));
    c.mutable_intake()->mutable_received()->set_channel(static_cast<v1::Channel>(99));
    refused.push_back(c);
  }
  for (const auto& command : refused) {
    const v1::Reply reply = f.Handle(command);
    INFO("reply: " << CodeOf(reply.code()) << ": " << reply.message());
    CHECK(reply.code() != v1::STATUS_CODE_OK);
    const std::string bytes = reply.SerializeAsString();
    for (const std::string& personal : kPersonalData) {
      CHECK(bytes.find(personal) == std::string::npos);
    }
  }
  CHECK(f.store().writes() == 0);
}

// --- List -------------------------------------------------------------------

TEST_CASE("List filters by agency subtree, status, year and limit, sorted by due date",
          "[workers][ledger]") {
  LedgerFixture f(Day(2012, 11, 20));
  const std::string a = f.NewRequest("210300", Day(2012, 10, 15));    // Due 11-05: overdue.
  const std::string b = f.NewRequest("210321", Day(2012, 9, 28));     // Due 10-25: overdue.
  const std::string c = f.NewRequest("21030001", Day(2012, 11, 19));  // Due 12-10.
  const std::string d = f.NewRequest("210302", Day(2012, 10, 29));    // Decided.
  f.Record(DecideCommand("", d, Day(2012, 11, 2)));
  const std::string e = f.NewRequest("210321", Day(2012, 11, 1));  // Due 11-22: due soon.
  const std::string g2011 = f.NewRequest("210300", Day(2011, 12, 20));
  f.Record(DecideCommand("", g2011, Day(2011, 12, 30)));
  v1::Command on_the_spot = IntakeCommand("spot", "210321", Day(2012, 11, 20));
  on_the_spot.mutable_intake()->set_on_the_spot_outcome(v1::OUTCOME_GRANTED);
  const v1::Reply spot = f.Handle(on_the_spot);
  REQUIRE_CODE(spot, "ok");
  const std::string g = spot.request_id();
  using IdList = std::vector<std::string>;
  auto sorted = [](IdList ids) {
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  auto list = [&](const v1::Command& command) {
    const v1::Reply reply = f.Handle(command);
    REQUIRE_CODE(reply, "ok");
    return reply;
  };

  SECTION("everything, sorted by due date") {
    const v1::Reply all = list(ListCommand());
    CHECK(sorted(Ids(all)) == sorted({a, b, c, d, e, g2011, g}));
    CHECK(all.message() == "7 requests match");
    CHECK(Str(all.today()) == "2012-11-20");
    bool undated_seen = false;
    std::string previous;
    for (const auto& view : all.requests()) {
      INFO(view.state().id() << " due " << Str(view.due_date()));
      if (!IsSet(view.due_date())) {
        undated_seen = true;
        continue;
      }
      CHECK_FALSE(undated_seen);  // Requests without a due date come last.
      CHECK(Str(view.due_date()) >= previous);
      previous = Str(view.due_date());
    }
  }
  SECTION("an agency's subtree") {
    CHECK(sorted(Ids(list(ListCommand("210300")))) == sorted({a, b, c, d, e, g2011, g}));
    CHECK(sorted(Ids(list(ListCommand("210321")))) == sorted({b, e, g}));
    CHECK(Ids(list(ListCommand("21030001"))) == IdList{c});
    CHECK(Ids(list(ListCommand("210302"))) == IdList{d});
    CHECK(Ids(list(ListCommand("210381"))).empty());
  }
  SECTION("by status") {
    CHECK(Ids(list(ListCommand("", "open"))) == IdList{b, a, e, c});
    CHECK(sorted(Ids(list(ListCommand("", "closed")))) == sorted({d, g2011, g}));
    CHECK(Ids(list(ListCommand("", "overdue"))) == IdList{b, a});
    CHECK(Ids(list(ListCommand("", "due-soon"))) == IdList{e});
    CHECK(Ids(list(ListCommand("210321", "open"))) == IdList{b, e});
    CHECK(Ids(list(ListCommand("210300", "overdue", 2012))) == IdList{b, a});
  }
  SECTION("by year") {
    CHECK(Ids(list(ListCommand("", "", 2011))) == IdList{g2011});
    CHECK(sorted(Ids(list(ListCommand("", "", 2012)))) == sorted({a, b, c, d, e, g}));
    CHECK(Ids(list(ListCommand("", "", 2013))).empty());
  }
  SECTION("with a limit") {
    const v1::Reply limited = list(ListCommand("", "open", 0, 2));
    CHECK(Ids(limited) == IdList{b, a});
    CHECK(limited.message() == "4 requests match");
  }
  SECTION("bad filters are refused") {
    CHECK_CODE(f.Handle(ListCommand("", "pending")), "invalid_argument");
    CHECK_CODE(f.Handle(ListCommand("999999")), "not_found");
    CHECK_CODE(f.Handle(ListCommand("", "", 0, -1)), "invalid_argument");
    CHECK_CODE(f.Handle(ListCommand("", "", 0, 10001)), "invalid_argument");
  }
}

// --- admin verify -------------------------------------------------------------

TEST_CASE("Admin verify agrees with a consistent store and reports each corruption",
          "[workers][ledger]") {
  LedgerFixture f(Day(2012, 11, 20));
  const std::string open = f.NewRequest("210300", Day(2012, 11, 1));
  f.Record(ExtendCommand("", open, Day(2012, 11, 19)));
  const std::string decided = f.NewRequest("210321", Day(2012, 9, 28));
  f.Record(DecideCommand("", decided, Day(2012, 11, 19), v1::OUTCOME_PARTLY_GRANTED));
  const std::string consulting = f.NewRequest("21030001", Day(2012, 11, 5));
  {
    v1::Event event = EventOn(consulting, Day(2012, 11, 6));
    event.mutable_consultation_started()->set_party("市国土资源局");
    f.Record(RecordCommand("", event));
  }
  const std::string withdrawn = f.NewRequest("210302", Day(2012, 11, 5));
  {
    v1::Event event = EventOn(withdrawn, Day(2012, 11, 7));
    event.mutable_withdrawn();
    f.Record(RecordCommand("", event));
  }
  // A long history: correction, consultation, decision, delivery, appeal.
  const std::string appealed = f.NewRequest("210303", Day(2012, 10, 8));
  {
    std::vector<v1::Event> events;
    events.push_back(EventOn(appealed, Day(2012, 10, 9)));
    events.back().mutable_correction_requested()->set_window_days(5);
    events.push_back(EventOn(appealed, Day(2012, 10, 15)));
    events.back().mutable_correction_received();
    events.push_back(EventOn(appealed, Day(2012, 10, 16)));
    events.back().mutable_consultation_started()->set_party("市住房和城乡建设委员会");
    events.push_back(EventOn(appealed, Day(2012, 10, 22)));
    events.back().mutable_consultation_ended();
    events.push_back(EventOn(appealed, Day(2012, 11, 1)));
    events.back().mutable_decided()->set_outcome(v1::OUTCOME_UNABLE_NOT_HELD);
    events.push_back(EventOn(appealed, Day(2012, 11, 2)));
    events.back().mutable_delivered();
    events.push_back(EventOn(appealed, Day(2012, 11, 5)));
    events.back().mutable_appeal_filed()->set_kind(v1::APPEAL_KIND_RECONSIDERATION);
    events.push_back(EventOn(appealed, Day(2012, 11, 19)));
    events.back().mutable_appeal_resolved()->set_result(v1::APPEAL_RESULT_UPHELD);
    for (const auto& event : events) f.Record(RecordCommand("", event));
  }
  // A fee paid.
  const std::string paid = f.NewRequest("210304", Day(2012, 10, 8));
  {
    v1::Event notice = EventOn(paid, Day(2012, 10, 10));
    notice.mutable_fee_notice_issued()->set_amount_fen(12000);
    f.Record(RecordCommand("", notice));
    v1::Event payment = EventOn(paid, Day(2012, 10, 12));
    payment.mutable_fee_paid();
    f.Record(RecordCommand("", payment));
    f.Record(DecideCommand("", paid, Day(2012, 10, 22)));
  }
  // Answered on the spot.
  {
    v1::Command spot = IntakeCommand("spot", "210311", Day(2012, 11, 20));
    spot.mutable_intake()->set_on_the_spot_outcome(v1::OUTCOME_GRANTED);
    REQUIRE_CODE(f.Handle(spot), "ok");
  }
  const int writes = f.store().writes();

  const v1::Reply good = f.Handle(VerifyCommand());
  REQUIRE_CODE(good, "ok");
  CHECK_THAT(good.text(), Contains("checked 7 requests and 23 events"));
  CHECK_THAT(good.text(), Contains("all agree"));
  CHECK(f.store().writes() == writes);

  auto check_differs = [&](const std::string& fragment) {
    const v1::Reply bad = f.Handle(VerifyCommand());
    CHECK_CODE(bad, "failed_precondition");
    CHECK_THAT(bad.message(), Contains(fragment));
    CHECK_THAT(bad.text(), Contains(fragment));
    CHECK(f.store().writes() == writes);
  };

  SECTION("a stored counter off by one") {
    const std::string key = CounterKey("210300", 2012, "received|natural_person");
    auto counters = f.store().Raw(Table::kCounters);
    REQUIRE(counters.count(key) == 1);
    REQUIRE(DecodeCounter(counters[key]) == 1);
    f.store().PutRaw(Table::kCounters, key, EncodeCounter(2));
    check_differs("counter " + key + ": stored 2, recomputed 1");
  }
  SECTION("a counter that no event explains") {
    const std::string key = CounterKey("210381", 2012, "late");  // No request there.
    REQUIRE(f.store().Raw(Table::kCounters).count(key) == 0);
    f.store().PutRaw(Table::kCounters, key, EncodeCounter(1));
    check_differs("counter " + key + ": stored 1, recomputed 0");
  }
  SECTION("a counter deleted") {
    const std::string key = CounterKey("210321", 2012, "closed|partly_granted|natural_person");
    REQUIRE(f.store().Raw(Table::kCounters).count(key) == 1);
    f.store().EraseRaw(Table::kCounters, key);
    check_differs("counter " + key + ": missing, recomputed 1");
  }
  SECTION("a deadline index entry deleted") {
    auto index = f.store().Raw(Table::kDeadlines);
    REQUIRE_FALSE(index.empty());
    std::string key;
    for (const auto& [entry, value] : index) {
      if (entry.find(open) != std::string::npos) key = entry;
    }
    REQUIRE_FALSE(key.empty());
    f.store().EraseRaw(Table::kDeadlines, key);
    check_differs("deadline index: missing entry " + key);
  }
  SECTION("a deadline index entry that no request explains") {
    const std::string key = "2012-12-31|" + decided;
    f.store().PutRaw(Table::kDeadlines, key, "");
    check_differs("deadline index: unexpected entry " + key);
  }
  SECTION("a stored state changed directly") {
    auto requests = f.store().Raw(Table::kRequests);
    v1::RequestState state;
    REQUIRE(state.ParseFromString(requests[open]));
    state.set_status(v1::REQUEST_STATUS_DECIDED);
    f.store().PutRaw(Table::kRequests, open, state.SerializeAsString());
    check_differs(open + ": the stored state differs from its event log");
  }
  SECTION("a stored state's extension changed directly") {
    auto requests = f.store().Raw(Table::kRequests);
    v1::RequestState state;
    REQUIRE(state.ParseFromString(requests[open]));
    state.set_extension_days(5);
    f.store().PutRaw(Table::kRequests, open, state.SerializeAsString());
    check_differs(open + ": the stored state differs from its event log");
  }
  SECTION("an applicant record deleted") {
    f.store().EraseRaw(Table::kApplicants, withdrawn);
    check_differs(withdrawn + ": the applicant record is missing");
  }
}

}  // namespace
}  // namespace gongkai::test
