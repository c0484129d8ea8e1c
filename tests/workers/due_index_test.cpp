// The due-date index: one entry per running period, moved with every change
// of a due date, and the lists and the overdue worklist read through it give
// what a look at every request gives.
#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "engine/civil_date.h"
#include "engine/deadline.h"
#include "engine/keys.h"
#include "engine/request_machine.h"
#include "tests/workers/ledger_fixture.h"
#include "workers/ledger_reader.h"

namespace gongkai {
namespace {

using test::Day;
using test::LedgerFixture;

const char* const kAgencies[] = {"210300", "210302", "210321", "210381"};

class DueIndexFixture : public LedgerFixture {
 public:
  DueIndexFixture() : LedgerFixture(Day(2012, 9, 3)) {}

  v1::Reply Ask(const v1::Command& command) {
    const LedgerReader reader(ledger().reader_config(), ledger().read_state());
    return reader.Handle(command, nullptr);
  }

  // The index as stored: "due|id" keys.
  std::vector<std::string> IndexKeys() {
    std::vector<std::string> keys;
    for (const auto& [key, value] : store().Raw(Table::kDueDates)) keys.push_back(key);
    return keys;
  }

  // Moves the manual clock forward to `day`.
  void At(Date day) { Record(test::AdvanceCommand(NextKey(), day)); }

  // The code word of the reply.
  std::string Consult(const std::string& id, Date on) {
    v1::Event event = test::EventOn(id, on);
    event.mutable_consultation_started()->set_party("鞍山市国土资源局");
    return CodeOf(Handle(test::RecordCommand(NextKey(), event)).code());
  }
  void EndConsultation(const std::string& id, Date on) {
    v1::Event event = test::EventOn(id, on);
    event.mutable_consultation_ended()->set_party("鞍山市国土资源局");
    (void)Handle(test::RecordCommand(NextKey(), event));
  }

  // Every request's facts from its stored state, for the oracle.
  struct Fact {
    std::string id, agency;
    int year;
    bool closed, running;
    std::optional<Date> due;
  };
  std::vector<Fact> Facts() {
    std::vector<Fact> facts;
    const auto calendar = Calendar::Builtin();
    for (const auto& [key, value] : store().Raw(Table::kRequests)) {
      v1::RequestState state;
      REQUIRE(state.ParseFromString(value));
      auto deadline = ComputeDeadline(state, *calendar, DeadlinePolicy(), false);
      REQUIRE(deadline.ok());
      const bool running = deadline->due_date.has_value() &&
                           state.status() == v1::REQUEST_STATUS_OPEN && !ClockStopped(state);
      facts.push_back({state.id(), state.agency_code(), state.received_on().year(),
                       IsClosed(state.status()), running, deadline->due_date});
    }
    return facts;
  }
};

std::string IdsOf(const v1::Reply& reply) {
  std::string ids;
  for (const auto& view : reply.requests()) ids += view.state().id() + " ";
  return ids;
}

TEST_CASE("The due-date index holds a request while its period runs, at its due date",
          "[workers][due_index]") {
  DueIndexFixture f;
  const std::string id = f.NewRequest("210302", Day(2012, 9, 3));
  // 15 working days from 2012-09-03 (2008 rule), the National Day week off.
  CHECK(f.IndexKeys() == std::vector<std::string>{"2012-09-24|" + id});
  f.At(Day(2012, 9, 5));
  REQUIRE(f.Consult(id, Day(2012, 9, 5)) == "ok");
  CHECK(f.IndexKeys().empty());  // The clock stopped.
  f.At(Day(2012, 9, 7));
  f.EndConsultation(id, Day(2012, 9, 7));
  const auto moved = f.IndexKeys();
  REQUIRE(moved.size() == 1);
  CHECK(moved[0] > "2012-09-24|");  // Later by the days consulted.
  f.At(Day(2012, 9, 11));
  f.Record(test::ExtendCommand(f.NextKey(), id, Day(2012, 9, 10)));
  const auto extended = f.IndexKeys();
  REQUIRE(extended.size() == 1);
  CHECK(extended[0] > moved[0]);
  f.Record(test::DecideCommand(f.NextKey(), id, Day(2012, 9, 11), v1::OUTCOME_GRANTED));
  CHECK(f.IndexKeys().empty());  // Closed.
  CHECK_CODE(f.Ask(test::VerifyCommand()), "ok");
}

TEST_CASE("Lists and the worklist through the due-date index agree with every request looked at",
          "[workers][due_index]") {
  DueIndexFixture f;
  std::mt19937 random(20121001);
  std::vector<std::string> ids;
  Date day = Day(2012, 9, 3);
  for (int step = 0; step < 160; ++step) {
    const int choice = int(random() % 10);
    if (choice < 5 || ids.empty()) {
      ids.push_back(f.NewRequest(kAgencies[random() % 4], day));
    } else {
      const std::string& id = ids[random() % ids.size()];
      if (choice == 5) (void)f.Consult(id, day);
      if (choice == 6) f.EndConsultation(id, day);
      if (choice == 7) (void)f.Handle(test::ExtendCommand(f.NextKey(), id, day));
      if (choice == 8) {
        (void)f.Handle(test::DecideCommand(f.NextKey(), id, day, v1::OUTCOME_GRANTED));
      }
    }
    if (step % 8 == 7) {
      day += std::chrono::days(2);
      f.Record(test::AdvanceCommand(f.NextKey(), day));
    }
  }
  REQUIRE_CODE(f.Ask(test::VerifyCommand()), "ok");
  const auto calendar = Calendar::Builtin();
  const auto facts = f.Facts();
  const auto expect = [&](auto&& keep) {
    std::vector<std::pair<std::string, std::string>> kept;
    for (const auto& fact : facts) {
      if (keep(fact)) kept.push_back({FormatDate(*fact.due), fact.id});
    }
    std::sort(kept.begin(), kept.end());
    std::string ids;
    for (const auto& [due, id] : kept) ids += id + " ";
    return ids;
  };
  const auto overdue = [&](const auto& fact) {
    return fact.running && WorkingDaysOverdue(*calendar, *fact.due, day) > 0;
  };
  for (const int within : {1, 3, 5, 10}) {
    v1::Command list = test::ListCommand("210300", "", 0, 1000);
    list.mutable_list()->set_due_within(within);
    const std::string expected = expect([&](const auto& fact) {
      return fact.running && !overdue(fact) && WorkingDaysLeft(*calendar, *fact.due, day) <= within;
    });
    if (within == 10) REQUIRE(!expected.empty());
    CHECK(IdsOf(f.Ask(list)) == expected);
    // Page by page, three at a time: the same requests, each once.
    std::string paged;
    list.mutable_list()->set_limit(3);
    for (int page = 0; page < 100; ++page) {
      const v1::Reply reply = f.Ask(list);
      REQUIRE_CODE(reply, "ok");
      CHECK(reply.total() == int64_t(std::count(expected.begin(), expected.end(), ' ')));
      paged += IdsOf(reply);
      if (reply.next_cursor().empty()) break;
      list.mutable_list()->set_cursor(reply.next_cursor());
    }
    CHECK(paged == expected);
  }
  v1::Command late = test::ListCommand("210302", "overdue", 0, 1000);
  const std::string expected_late =
      expect([&](const auto& fact) { return overdue(fact) && fact.agency == "210302"; });
  REQUIRE(!expected_late.empty());
  CHECK(IdsOf(f.Ask(late)) == expected_late);
  v1::Command before = test::ListCommand("", "", 2012, 1000);
  *before.mutable_list()->mutable_due_before() = ToCivil(day + std::chrono::days(10));
  CHECK(IdsOf(f.Ask(before)) == expect([&](const auto& fact) {
          return fact.running && *fact.due <= day + std::chrono::days(10);
        }));
  // The worklist: most overdue first, every one of them.
  const v1::Reply worklist = f.Ask(test::OverdueCommand("210300"));
  REQUIRE_CODE(worklist, "ok");
  const auto total_overdue = std::count_if(facts.begin(), facts.end(), overdue);
  CHECK(worklist.overdue_size() == total_overdue);
  REQUIRE(total_overdue > 0);
  for (int i = 1; i < worklist.overdue_size(); ++i) {
    CHECK(worklist.overdue(i - 1).working_days_overdue() >=
          worklist.overdue(i).working_days_overdue());
  }
}

TEST_CASE("A database from before the due-date index gets it at the next start",
          "[workers][due_index]") {
  DueIndexFixture f;
  const std::string a = f.NewRequest("210302", Day(2012, 9, 3));
  const std::string b = f.NewRequest("210321", Day(2012, 9, 3));
  f.At(Day(2012, 9, 4));
  f.Record(test::DecideCommand(f.NextKey(), b, Day(2012, 9, 4), v1::OUTCOME_GRANTED));
  const auto before = f.IndexKeys();
  REQUIRE(before.size() == 1);
  for (const auto& key : before) f.store().EraseRaw(Table::kDueDates, key);
  // As an earlier version stored it: no indexed day in the state either.
  auto stored = f.store().Raw(Table::kRequests).at(a);
  v1::RequestState state;
  REQUIRE(state.ParseFromString(stored));
  state.clear_indexed_due_on();
  WriteSet writes;
  writes.Put(Table::kRequests, a, state.SerializeAsString());
  REQUIRE(f.store().Write(writes, true).ok());
  f.store().EraseRaw(Table::kMeta, kMetaDueIndex);
  f.Reopen(Day(2012, 9, 5));
  CHECK(f.IndexKeys() == before);
  CHECK_CODE(f.Ask(test::VerifyCommand()), "ok");
}

TEST_CASE("Verify reports a due-date index entry missing or left behind", "[workers][due_index]") {
  DueIndexFixture f;
  const std::string id = f.NewRequest("210302", Day(2012, 9, 3));
  const auto keys = f.IndexKeys();
  REQUIRE(keys.size() == 1);
  f.store().EraseRaw(Table::kDueDates, keys[0]);
  WriteSet writes;
  writes.Put(Table::kDueDates, "2012-10-08|" + id, "2012|210302");
  REQUIRE(f.store().Write(writes, true).ok());
  f.Reopen(Day(2012, 9, 3));  // Readers see what the ledger last wrote.
  const v1::Reply reply = f.Ask(test::VerifyCommand());
  CHECK_CODE(reply, "failed_precondition");
  CHECK_THAT(reply.message() + reply.text(),
             Catch::Contains("due-date index: missing entry " + keys[0]));
  CHECK_THAT(reply.message() + reply.text(),
             Catch::Contains("due-date index: unexpected entry 2012-10-08|" + id));
}

}  // namespace
}  // namespace gongkai
