// The retention sweep (workers/ledger_people.cpp): applicants' personal
// data erased once the retention period has run out, at most
// max_erasures_per_sweep a sweep, the rest in the sweeps that follow.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/workers/ledger_fixture.h"

namespace gongkai {
namespace {

using test::Day;
using test::DecideCommand;
using test::LedgerFixture;

// How many of `ids` have had their applicant erased.
int Erased(LedgerFixture& f, const std::vector<std::string>& ids) {
  int erased = 0;
  for (const std::string& id : ids) {
    const auto stored = f.store().Raw(Table::kApplicants);
    const auto found = stored.find(id);
    REQUIRE(found != stored.end());
    v1::ApplicantPersonalData applicant;
    REQUIRE(applicant.ParseFromString(found->second));
    if (applicant.name() == "已删除") ++erased;
  }
  return erased;
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
  REQUIRE(Erased(f, closed) == 0);
  REQUIRE_FALSE(f.ledger().retention_backlog());

  // A year and more later: the day's sweep erases two, and says more are due.
  f.Record(test::AdvanceCommand(f.NextKey(), Day(2014, 1, 6)));
  CHECK(Erased(f, closed) == 2);
  CHECK(f.ledger().retention_backlog());
  // A change meanwhile is no sweep of the day: it erases nothing.
  f.NewRequest("210300", Day(2014, 1, 6));
  CHECK(Erased(f, closed) == 2);
  // The sweeps the server makes when idle go on.
  REQUIRE(f.ledger().Sweep().ok());
  CHECK(Erased(f, closed) == 4);
  CHECK(f.ledger().retention_backlog());
  REQUIRE(f.ledger().Sweep().ok());
  CHECK(Erased(f, closed) == 5);
  CHECK_FALSE(f.ledger().retention_backlog());
  REQUIRE(f.ledger().Sweep().ok());
  CHECK(Erased(f, closed) == 5);
  CHECK(Erased(f, {open}) == 0);  // Not closed: kept.
}

}  // namespace
}  // namespace gongkai
