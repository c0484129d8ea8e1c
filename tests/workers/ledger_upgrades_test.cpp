// A database an earlier version wrote gains, at the first start, the report
// counters that version did not keep (workers/ledger_upgrades.cpp).
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "engine/keys.h"
#include "tests/workers/ledger_fixture.h"
#include "workers/ledger_reader.h"

namespace gongkai {
namespace {

using test::Day;
using test::LedgerFixture;

std::vector<std::string> MonthCounterKeys(test::MemoryStore& store) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : store.Raw(Table::kCounters)) {
    if (key.find("|received_month|") != std::string::npos) keys.push_back(key);
  }
  return keys;
}

TEST_CASE(
    "Receipts of a database from before month counters are counted by month at the next start",
    "[workers][upgrade]") {
  LedgerFixture f(Day(2012, 11, 20));
  f.NewRequest("210302", Day(2012, 10, 8));
  f.NewRequest("210302", Day(2012, 10, 9));
  f.NewRequest("210321", Day(2012, 11, 1));
  const std::vector<std::string> kept = MonthCounterKeys(f.store());
  CHECK(kept ==
        std::vector<std::string>{"210302|2012|received_month|10", "210321|2012|received_month|11"});
  for (const auto& key : kept) f.store().EraseRaw(Table::kCounters, key);
  f.store().EraseRaw(Table::kMeta, kMetaMonthCounters);
  f.Reopen(Day(2012, 11, 20));
  CHECK(MonthCounterKeys(f.store()) == kept);
  const LedgerReader reader(f.ledger().reader_config(), f.ledger().read_state());
  CHECK_CODE(reader.Handle(test::VerifyCommand(), nullptr), "ok");
  // Once: a second start adds nothing.
  f.Reopen(Day(2012, 11, 21));
  const LedgerReader again(f.ledger().reader_config(), f.ledger().read_state());
  CHECK_CODE(again.Handle(test::VerifyCommand(), nullptr), "ok");
}

}  // namespace
}  // namespace gongkai
