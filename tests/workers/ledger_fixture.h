// Helpers shared by the ledger worker's tests in tests/workers/: the agency
// registry (deploy/agencies/anshan.tsv), a clock that is not manual, one
// builder per command, checks of a reply's code, and two fixtures over a
// MemoryStore on a manual clock: LedgerFixture, and AlertFixture, which
// checks every alert the ledger records.
#ifndef GONGKAI_TESTS_WORKERS_LEDGER_FIXTURE_H_
#define GONGKAI_TESTS_WORKERS_LEDGER_FIXTURE_H_

#include <catch2/catch.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/agencies.h"
#include "engine/clock.h"
#include "engine/codes.h"
#include "engine/date.h"
#include "engine/status.h"
#include "gongkai/v1/command.pb.h"
#include "tests/workers/memory_store.h"
#include "workers/ledger.h"

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

namespace gongkai::test {

// Personal data given at intake: it must never leave the applicants table,
// and is never in an alert.
inline constexpr char kName[] = "王小明";
inline constexpr char kIdNumber[] = "210302198001011234";
inline constexpr char kPhone[] = "13904120000";
inline constexpr char kAddress[] = "鞍山市铁东区胜利路88号3单元";
inline constexpr char kContact[] = "wangxm-private@example.cn";
inline const std::vector<std::string> kPersonalData = {kName, kIdNumber, kPhone, kAddress,
                                                       kContact};

inline constexpr auto kDueSoon = v1::ALERT_LEVEL_DUE_SOON;
inline constexpr auto kDueToday = v1::ALERT_LEVEL_DUE_TODAY;
inline constexpr auto kOverdue = v1::ALERT_LEVEL_OVERDUE;
inline constexpr auto kVeryOverdue = v1::ALERT_LEVEL_VERY_OVERDUE;
inline constexpr auto kCorrectionNotAsked = v1::ALERT_LEVEL_CORRECTION_NOT_ASKED;
inline constexpr auto kThirdPartyOverdue = v1::ALERT_LEVEL_THIRD_PARTY_OVERDUE;

// The alerts endpoint of an AlertFixture's ledger.
inline constexpr char kAlertsEndpoint[] = "tcp://gongkai.example:5557";

Date Day(int year, unsigned month, unsigned day);

// "2012-10-25"; "unset" for an unset date.
std::string Str(const v1::CivilDate& date);

// The registry at GONGKAI_AGENCIES_PATH.
AgencyRegistry Agencies();

// A Ledger over `store` with the builtin calendar and Agencies().
std::unique_ptr<Ledger> OpenLedger(MemoryStore& store, std::unique_ptr<Clock> clock,
                                   const LedgerOptions& options = LedgerOptions());
// The same on a manual clock at `today`.
std::unique_ptr<Ledger> OpenLedger(MemoryStore& store, Date today);

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

// An intake in person by a natural person, with all of kPersonalData.
v1::Command IntakeCommand(const std::string& key, const std::string& agency = "210300",
                          Date received = Day(2012, 11, 19));
v1::Event EventOn(const std::string& request_id, Date on);
v1::Command RecordCommand(const std::string& key, const v1::Event& event);
v1::Command DecideCommand(const std::string& key, const std::string& id, Date on,
                          v1::Outcome outcome = v1::OUTCOME_GRANTED);
v1::Command ExtendCommand(const std::string& key, const std::string& id, Date on);
v1::Command AdvanceCommand(const std::string& key, Date to);
v1::Command ShowCommand(const std::string& id);
v1::Command ListCommand(const std::string& agency = "", const std::string& status = "",
                        int year = 0, int limit = 0);
v1::Command ClockShowCommand();
v1::Command VerifyCommand();
v1::Command SweepCommand();
v1::Command FetchCommand(const std::string& agency, uint64_t since = 0, int limit = 0);
// Every agency's alerts after `since`.
v1::Command FetchCommand(uint64_t since = 0);
v1::Command AckCommand(const std::string& key, uint64_t sequence, const std::string& note = "");
v1::Command OverdueCommand(const std::string& agency);
v1::Command CalendarLoadCommand(const std::string& key, const std::string& text,
                                const std::string& source);

// --- Expected alerts ---------------------------------------------------------

// One alert as "day level request vN": the day it was recorded (the clock's
// date on the advance that recorded it), its level, request and version.
std::string Line(const std::string& day, v1::AlertLevel level, const std::string& id, int version);

struct Expected {
  Date day;
  v1::AlertLevel level;
  std::string id;
  int version = 1;
};

// The lines in the order the alerts must be numbered: by day, then level,
// then request id (the deadline index order).
std::vector<std::string> Lines(std::vector<Expected> expected);

// The keys of `table` that start with `prefix`.
size_t CountKeys(const MemoryStore::TableMap& table, const std::string& prefix);
// The sequence numbers of a reply's alerts, in order.
std::vector<uint64_t> Sequences(const v1::Reply& reply);
// first, first + 1, ..., last.
std::vector<uint64_t> Range(uint64_t first, uint64_t last);

// --- The fixtures ------------------------------------------------------------

// A ledger over a MemoryStore, on a manual clock.
class LedgerFixture {
 public:
  explicit LedgerFixture(Date today = Day(2012, 11, 20), LedgerOptions options = LedgerOptions());
  virtual ~LedgerFixture() = default;
  LedgerFixture(const LedgerFixture&) = delete;
  LedgerFixture& operator=(const LedgerFixture&) = delete;

  // Opens a new Ledger on the same store (as a restarted daemon would).
  void Reopen(Date today);
  void Reopen(std::unique_ptr<Clock> clock);
  // The options of the next Reopen (new settings given at a restart).
  void set_options(LedgerOptions options) { options_ = std::move(options); }

  v1::Reply Handle(const v1::Command& command);
  std::vector<v1::Reply> HandleGroup(const std::vector<v1::Command>& commands);

  // Registers a request and returns its id.
  std::string NewRequest(const std::string& agency, Date received);
  // Records a change that must be accepted (under a fresh key).
  v1::Reply Record(const v1::Command& command);
  std::string NextKey();

  Ledger& ledger() { return *ledger_; }
  MemoryStore& store() { return store_; }

 protected:
  // Runs after each group the ledger handled, before its replies are used.
  virtual void AfterGroup() {}

 private:
  MemoryStore store_;
  LedgerOptions options_;
  std::unique_ptr<Ledger> ledger_;
  int keys_ = 0;
};

// A LedgerFixture whose ledger names kAlertsEndpoint. Every alert and
// reminder the ledger hands over (TakeRecordedAlerts) is checked on the
// spot: numbered next in its stream (gap-free from 1), raised today, already
// stored (the stored bytes equal the alert, and a due-date level's fired
// record names it), and logged with the day it was recorded.
class AlertFixture : public LedgerFixture {
 public:
  explicit AlertFixture(Date today);

  // Moves the clock to `to` in one step; returns the alerts it recorded.
  std::vector<v1::Alert> AdvanceTo(Date to);

  // Moves the clock ONE DAY AT A TIME to `to`; every alert recorded on the
  // way must be dated the day it was recorded.
  void WalkTo(Date to);

  // Every alert recorded so far, as Line()s, in sequence order.
  std::vector<std::string> Recorded() const;
  std::vector<v1::Alert> RecordedAlerts() const;
  const v1::Alert& Find(const std::string& id, v1::AlertLevel level, int version = 1) const;
  uint64_t last_sequence() const { return last_sequence_; }
  uint64_t last_reminder_sequence() const { return last_reminder_sequence_; }

 private:
  struct Fired {
    std::string day;
    v1::Alert alert;
  };

  void AfterGroup() override;

  std::vector<Fired> log_;
  uint64_t last_sequence_ = 0;           // The supervisors' stream.
  uint64_t last_reminder_sequence_ = 0;  // The officers' reminders.
};

}  // namespace gongkai::test

#endif  // GONGKAI_TESTS_WORKERS_LEDGER_FIXTURE_H_
