// The deadline worker's side of the ledger (workers/alerts.cpp,
// supervisor_queries.cpp, calendar_load.cpp) over the in-memory store and a
// manual clock: which alert fires on which day, once per request, level and
// deadline version, durably and numbered without gaps; re-arming by a new
// deadline and disarming by a decision; the supervisors' commands (alerts
// fetch, ack, the overdue worklist); loading a calendar; personal data.
//
// How the expected dates were computed: by hand, from
// engine/data/cn_working_days.cal (a date listed there follows the list, any
// other Saturday or Sunday is off, any other weekday is a working day),
// counting working days AFTER the receipt date (the day of receipt is not
// counted). due_soon = the 3rd working day before the due date; due_today =
// the due date; overdue = the 1st working day after it; very_overdue = the
// (period + 1)th working day after it (16th under the 2008 rule, 21st under
// the 2019 rule); correction_not_asked = the 8th working day after receipt;
// third_party_overdue = the 16th working day after the consultation started.
// The counts are written out next to each request below.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "engine/civil_date.h"
#include "engine/codes.h"
#include "tests/workers/memory_store.h"
#include "workers/ledger.h"
#include "workers/records.h"

namespace gongkai::test {
namespace {

using Catch::Matchers::Contains;

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

constexpr auto kDueSoon = v1::ALERT_LEVEL_DUE_SOON;
constexpr auto kDueToday = v1::ALERT_LEVEL_DUE_TODAY;
constexpr auto kOverdue = v1::ALERT_LEVEL_OVERDUE;
constexpr auto kVeryOverdue = v1::ALERT_LEVEL_VERY_OVERDUE;
constexpr auto kCorrectionNotAsked = v1::ALERT_LEVEL_CORRECTION_NOT_ASKED;
constexpr auto kThirdPartyOverdue = v1::ALERT_LEVEL_THIRD_PARTY_OVERDUE;

// Personal data given at intake: never in an alert.
constexpr char kName[] = "王小明";
constexpr char kIdNumber[] = "210302198001011234";
constexpr char kPhone[] = "13904120000";
constexpr char kAddress[] = "鞍山市铁东区胜利路88号3单元";
constexpr char kContact[] = "wangxm-private@example.cn";
const std::vector<std::string> kPersonalData = {kName, kIdNumber, kPhone, kAddress, kContact};

constexpr char kAlertsEndpoint[] = "tcp://gongkai.example:5557";

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
  r->set_channel(v1::CHANNEL_REGISTERED_MAIL);
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

v1::Command DecideCommand(const std::string& key, const std::string& id, Date on) {
  v1::Event event = EventOn(id, on);
  event.mutable_decided()->set_outcome(v1::OUTCOME_GRANTED);
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

v1::Command SweepCommand() {
  v1::Command command;
  command.mutable_sweep();
  return command;
}

v1::Command FetchCommand(const std::string& agency, uint64_t since = 0, int limit = 0) {
  v1::Command command;
  command.mutable_alerts_fetch()->set_agency_code(agency);
  command.mutable_alerts_fetch()->set_since_sequence(since);
  command.mutable_alerts_fetch()->set_limit(limit);
  return command;
}

v1::Command AckCommand(const std::string& key, uint64_t sequence, const std::string& note = "") {
  v1::Command command;
  command.set_idempotency_key(key);
  command.set_actor("监督员孙");
  command.mutable_alert_ack()->set_sequence(sequence);
  command.mutable_alert_ack()->set_note(note);
  return command;
}

v1::Command OverdueCommand(const std::string& agency) {
  v1::Command command;
  command.mutable_overdue()->set_agency_code(agency);
  return command;
}

v1::Command CalendarLoadCommand(const std::string& key, const std::string& text,
                                const std::string& source) {
  v1::Command command;
  command.set_idempotency_key(key);
  command.set_actor("系统管理员");
  command.mutable_calendar_load()->set_calendar_text(text);
  command.mutable_calendar_load()->set_source(source);
  return command;
}

v1::Command ShowCommand(const std::string& id) {
  v1::Command command;
  command.mutable_show()->set_request_id(id);
  return command;
}

v1::Command VerifyCommand() {
  v1::Command command;
  command.mutable_admin_verify();
  return command;
}

// --- Expected alerts ---------------------------------------------------------

// One alert as "day level request vN": the day it was recorded (the clock's
// date on the advance that recorded it), its level, request and version.
std::string Line(const std::string& day, v1::AlertLevel level, const std::string& id, int version) {
  return day + " " + CodeOf(level) + " " + id + " v" + std::to_string(version);
}

struct Expected {
  Date day;
  v1::AlertLevel level;
  std::string id;
  int version = 1;
};

// The lines in the order the alerts must be numbered: by day, then level,
// then request id (the deadline index order).
std::vector<std::string> Lines(std::vector<Expected> expected) {
  std::sort(expected.begin(), expected.end(), [](const Expected& a, const Expected& b) {
    return std::tie(a.day, a.level, a.id) < std::tie(b.day, b.level, b.id);
  });
  std::vector<std::string> lines;
  for (const auto& e : expected) lines.push_back(Line(FormatDate(e.day), e.level, e.id, e.version));
  return lines;
}

// --- The fixture -------------------------------------------------------------

// A ledger over a MemoryStore on a manual clock. Every alert the ledger
// hands over (TakeRecordedAlerts) is checked on the spot: numbered next
// (gap-free from 1), already stored (the stored bytes equal the alert and
// its fired record names it), and logged with the day it was recorded.
class AlertFixture {
 public:
  explicit AlertFixture(Date today) { Reopen(std::make_unique<ManualClock>(today)); }

  // Opens a new Ledger on the same store (as a restarted daemon would).
  void Reopen(std::unique_ptr<Clock> clock) {
    ledger_.reset();
    LedgerOptions options;
    options.alerts_endpoint = kAlertsEndpoint;
    auto opened = Ledger::Open(store_, std::move(clock), Calendar::Builtin(), Agencies(), options);
    INFO(opened.status().message());
    REQUIRE(opened.ok());
    ledger_ = std::move(opened).value();
  }
  void Reopen(Date today) { Reopen(std::make_unique<ManualClock>(today)); }

  v1::Reply Handle(const v1::Command& command) {
    auto replies = ledger_->HandleGroup({command});
    REQUIRE(replies.size() == 1);
    TakeAlerts();
    return replies.front();
  }

  std::string NewRequest(const std::string& agency, Date received) {
    const v1::Reply reply = Handle(IntakeCommand(NextKey(), agency, received));
    REQUIRE_CODE(reply, "ok");
    return reply.request_id();
  }
  // Records a change that must be accepted (under a fresh key).
  v1::Reply Record(const v1::Command& command) {
    v1::Command keyed = command;
    keyed.set_idempotency_key(NextKey());
    const v1::Reply reply = Handle(keyed);
    REQUIRE_CODE(reply, "ok");
    return reply;
  }
  std::string NextKey() { return "alerts-key-" + std::to_string(++keys_); }

  // Moves the clock to `to` in one step; returns the alerts it recorded.
  std::vector<v1::Alert> AdvanceTo(Date to) {
    const size_t before = log_.size();
    const v1::Reply reply = Handle(AdvanceCommand(NextKey(), to));
    REQUIRE_CODE(reply, "ok");
    REQUIRE(ledger_->Today() == to);
    std::vector<v1::Alert> recorded;
    for (size_t i = before; i < log_.size(); ++i) recorded.push_back(log_[i].alert);
    return recorded;
  }

  // Moves the clock ONE DAY AT A TIME to `to`; every alert recorded on the
  // way must be dated the day it was recorded.
  void WalkTo(Date to) {
    for (Date day = ledger_->Today() + std::chrono::days(1); day <= to;
         day += std::chrono::days(1)) {
      for (const v1::Alert& alert : AdvanceTo(day)) {
        INFO("alert #" << alert.sequence() << " of " << alert.request_id());
        CHECK(Str(alert.on()) == FormatDate(day));
      }
    }
  }

  // Every alert recorded so far, as Line()s, in sequence order.
  std::vector<std::string> Recorded() const {
    std::vector<std::string> lines;
    for (const auto& fired : log_) {
      lines.push_back(Line(fired.day, fired.alert.level(), fired.alert.request_id(),
                           fired.alert.deadline_version()));
    }
    return lines;
  }
  std::vector<v1::Alert> RecordedAlerts() const {
    std::vector<v1::Alert> alerts;
    for (const auto& fired : log_) alerts.push_back(fired.alert);
    return alerts;
  }
  const v1::Alert& Find(const std::string& id, v1::AlertLevel level, int version = 1) const {
    for (const auto& fired : log_) {
      if (fired.alert.request_id() == id && fired.alert.level() == level &&
          fired.alert.deadline_version() == version) {
        return fired.alert;
      }
    }
    FAIL("no " << CodeOf(level) << " alert (v" << version << ") for " << id);
    return log_.front().alert;  // Unreachable.
  }
  uint64_t last_sequence() const { return last_sequence_; }

  Ledger& ledger() { return *ledger_; }
  MemoryStore& store() { return store_; }

 private:
  struct Fired {
    std::string day;
    v1::Alert alert;
  };

  void TakeAlerts() {
    const std::vector<v1::Alert> alerts = ledger_->TakeRecordedAlerts();
    if (alerts.empty()) return;
    const auto stored = store_.Raw(Table::kAlerts);
    for (const v1::Alert& alert : alerts) {
      INFO("alert #" << alert.sequence() << " " << CodeOf(alert.level()) << " of "
                     << alert.request_id());
      CHECK(alert.sequence() == last_sequence_ + 1);  // Gap-free, from 1.
      last_sequence_ = alert.sequence();
      // Durable before it is handed to the publisher.
      auto it = stored.find(AlertKey(alert.sequence()));
      REQUIRE(it != stored.end());
      CHECK(it->second == alert.SerializeAsString());
      auto fired =
          stored.find(FiredKey(alert.request_id(), alert.level(), alert.deadline_version()));
      REQUIRE(fired != stored.end());
      CHECK(fired->second == std::to_string(alert.sequence()));
      log_.push_back({FormatDate(ledger_->Today()), alert});
    }
    const auto meta = store_.Raw(Table::kMeta);
    REQUIRE(meta.count("alert_seq") == 1);
    CHECK(meta.at("alert_seq") == std::to_string(last_sequence_));
  }

  MemoryStore store_;
  std::unique_ptr<Ledger> ledger_;
  std::vector<Fired> log_;
  uint64_t last_sequence_ = 0;
  int keys_ = 0;
};

size_t CountKeys(const MemoryStore::TableMap& table, const std::string& prefix) {
  return size_t(std::count_if(table.begin(), table.end(), [&](const auto& entry) {
    return entry.first.rfind(prefix, 0) == 0;
  }));
}

std::vector<uint64_t> Sequences(const v1::Reply& reply) {
  std::vector<uint64_t> sequences;
  for (const auto& alert : reply.alerts()) sequences.push_back(alert.sequence());
  return sequences;
}

std::vector<uint64_t> Range(uint64_t first, uint64_t last) {
  std::vector<uint64_t> range;
  for (uint64_t s = first; s <= last; ++s) range.push_back(s);
  return range;
}

// --- Firing days, one day at a time ---------------------------------------

TEST_CASE("Across National Day 2012 each level of a 2008-rule request fires on its day, once",
          "[workers][alerts]") {
  // 2008 rule: 15 working days. National Day 2012: 09-30..10-07 off, 09-29
  // (Saturday) a make-up working day.
  //
  // B, received 2012-09-10 (Mon): 09-11..14 (4), 17..21 (9), 24..28 (14),
  //   09-29 Sat make-up (15) -> due 2012-09-29, a Saturday.
  //   due_soon: back 3 from 09-29: 09-28, 27, 26 -> 2012-09-26.
  //   overdue: the first working day after 09-29 is 2012-10-08 (not 09-30).
  //   very_overdue: 16 after 09-29: 10-08..12 (5), 15..19 (10), 22..26 (15),
  //   10-29 (16) -> 2012-10-29.
  // C, received 2012-09-12 (Wed): 09-13, 14 (2), 17..21 (7), 24..28 (12),
  //   09-29 (13), 10-08 (14), 10-09 (15) -> due 2012-10-09 (Tue).
  //   due_soon: back 3 from 10-09: 10-08, 09-29, 09-28 -> 2012-09-28, before
  //   the holiday. overdue 2012-10-10. very_overdue: 10-10..12 (3),
  //   15..19 (8), 22..26 (13), 29..31 (16) -> 2012-10-31.
  // A, received 2012-09-28 (Fri): 09-29 (1), 10-08..12 (6), 15..19 (11),
  //   22..25 (15) -> due 2012-10-25 (Thu). due_soon 2012-10-22 (back: 24, 23,
  //   22); overdue 2012-10-26; very_overdue: 10-26 (1), 29..31 (4),
  //   11-01, 02 (6), 05..09 (11), 12..16 (16) -> 2012-11-16.
  AlertFixture f(Day(2012, 9, 10));
  const std::string b = f.NewRequest("210300", Day(2012, 9, 10));
  f.WalkTo(Day(2012, 9, 12));
  const std::string c = f.NewRequest("210321", Day(2012, 9, 12));
  f.WalkTo(Day(2012, 9, 28));
  const std::string a = f.NewRequest("21030003", Day(2012, 9, 28));
  f.WalkTo(Day(2012, 12, 31));

  CHECK(f.Recorded() == Lines({
                            {Day(2012, 9, 26), kDueSoon, b},
                            {Day(2012, 9, 29), kDueToday, b},
                            {Day(2012, 10, 8), kOverdue, b},
                            {Day(2012, 10, 29), kVeryOverdue, b},
                            {Day(2012, 9, 28), kDueSoon, c},
                            {Day(2012, 10, 9), kDueToday, c},
                            {Day(2012, 10, 10), kOverdue, c},
                            {Day(2012, 10, 31), kVeryOverdue, c},
                            {Day(2012, 10, 22), kDueSoon, a},
                            {Day(2012, 10, 25), kDueToday, a},
                            {Day(2012, 10, 26), kOverdue, a},
                            {Day(2012, 11, 16), kVeryOverdue, a},
                        }));
  CHECK(f.last_sequence() == 12);

  SECTION("each alert names its agency path, due date and escalation") {
    for (const v1::Alert& alert : f.RecordedAlerts()) {
      INFO("alert #" << alert.sequence() << " " << CodeOf(alert.level()) << " of "
                     << alert.request_id());
      CHECK(alert.agency_code() == alert.request_id().substr(0, alert.request_id().find('-')));
      CHECK(alert.escalated() == (alert.level() == kVeryOverdue));
      CHECK_FALSE(alert.message().empty());
      CHECK_THAT(alert.message(), Contains(Str(alert.due_date())));
    }
    CHECK(f.Find(b, kOverdue).agency_path() == "210300/");
    CHECK(f.Find(c, kOverdue).agency_path() == "210300/210321/");
    CHECK(f.Find(a, kOverdue).agency_path() == "210300/21030003/");
    CHECK(Str(f.Find(b, kVeryOverdue).due_date()) == "2012-09-29");
    CHECK(Str(f.Find(c, kDueSoon).due_date()) == "2012-10-09");
    CHECK(Str(f.Find(a, kDueToday).due_date()) == "2012-10-25");
  }
  SECTION("alerts fetch returns the same alerts, numbered 1 to 12") {
    const v1::Reply fetched = f.Handle(FetchCommand(""));
    REQUIRE_CODE(fetched, "ok");
    CHECK(Sequences(fetched) == Range(1, 12));
    const std::vector<v1::Alert> recorded = f.RecordedAlerts();
    REQUIRE(size_t(fetched.alerts_size()) == recorded.size());
    for (size_t i = 0; i < recorded.size(); ++i) {
      CHECK(fetched.alerts(int(i)).SerializeAsString() == recorded[i].SerializeAsString());
    }
    CHECK(fetched.last_alert_sequence() == 12);
  }
}

TEST_CASE("Across Spring Festival 2013 each level of a 2008-rule request fires on its day, once",
          "[workers][alerts]") {
  // Spring Festival 2013: 02-09..02-15 off; 02-16 (Sat) and 02-17 (Sun)
  // make-up working days.
  //
  // D, received 2013-01-18 (Fri): 01-21..25 (5), 28..02-01 (10),
  //   02-04..08 (15) -> due 2013-02-08 (Fri), the eve of the holiday.
  //   due_soon: back 3: 02-07, 06, 05 -> 2013-02-05. overdue: the first
  //   working day after 02-08 is 2013-02-16, a Saturday make-up day.
  //   very_overdue: 02-16 (1), 17 (2), 18..22 (7), 25..03-01 (12),
  //   03-04..07 (16) -> 2013-03-07.
  // E, received 2013-01-25 (Fri): 01-28..02-01 (5), 02-04..08 (10),
  //   02-16 (11), 17 (12), 18 (13), 19 (14), 20 (15) -> due 2013-02-20 (Wed).
  //   due_soon: back 3: 02-19, 18, 17 -> 2013-02-17, a Sunday make-up day.
  //   overdue 2013-02-21. very_overdue: 02-21, 22 (2), 25..03-01 (7),
  //   03-04..08 (12), 11..14 (16) -> 2013-03-14.
  AlertFixture f(Day(2013, 1, 18));
  const std::string d = f.NewRequest("210300", Day(2013, 1, 18));
  f.WalkTo(Day(2013, 1, 25));
  const std::string e = f.NewRequest("210321", Day(2013, 1, 25));
  f.WalkTo(Day(2013, 4, 30));

  CHECK(f.Recorded() == Lines({
                            {Day(2013, 2, 5), kDueSoon, d},
                            {Day(2013, 2, 8), kDueToday, d},
                            {Day(2013, 2, 16), kOverdue, d},
                            {Day(2013, 3, 7), kVeryOverdue, d},
                            {Day(2013, 2, 17), kDueSoon, e},
                            {Day(2013, 2, 20), kDueToday, e},
                            {Day(2013, 2, 21), kOverdue, e},
                            {Day(2013, 3, 14), kVeryOverdue, e},
                        }));
  CHECK(f.last_sequence() == 8);
  // Nothing was recorded on the holiday itself.
  for (const v1::Alert& alert : f.RecordedAlerts()) {
    CHECK_FALSE((Str(alert.on()) >= "2013-02-09" && Str(alert.on()) <= "2013-02-15"));
  }
}

TEST_CASE("Under the 2019 rule correction_not_asked and third_party_overdue fire on their days",
          "[workers][alerts]") {
  // 2019 rule: 20 working days. Spring Festival 2020 (extended):
  // 01-24..02-02 off; 01-19 (Sun) and 02-03 (Mon) working days.
  //
  // G, received 2020-01-10 (Fri); correction asked 01-13, the corrected
  //   request received 01-14 (the period restarts from it: version 2);
  //   consultation started 2020-01-15 (Wed).
  //   third_party_overdue: the 16th working day after 01-15: 01-16, 17 (2),
  //   19 Sun make-up (3), 20..23 (7), 02-03..07 (12), 10..13 (16)
  //   -> 2020-02-13.
  //   Consultation ended 2020-02-17 (Mon): it excludes the working days after
  //   01-15 up to and including 02-17: 01-16..23 (7 with 01-19),
  //   02-03..07 (12), 10..14 (17), 17 (18) = 18. Due = 20 + 18 = 38 working
  //   days after 01-14: 01-15 (1) ... 01-23 (8), 02-03..07 (13),
  //   10..14 (18), 17..21 (23), 24..28 (28), 03-02..06 (33), 09..13 (38)
  //   -> 2020-03-13 (version 3). due_soon: back 3: 03-12, 11, 10
  //   -> 2020-03-10; overdue 2020-03-16; very_overdue: 21 after 03-13:
  //   16..20 (5), 23..27 (10), 30..04-03 (15), 04-04..06 off (清明节),
  //   07..10 (19), 13, 14 (21) -> 2020-04-14.
  // F, received 2020-01-15 (Wed), nothing recorded afterwards.
  //   correction_not_asked: the 8th working day after 01-15: 01-16, 17 (2),
  //   19 (3), 20..23 (7), 02-03 (8) -> 2020-02-03, the day after the holiday.
  //   Due: 02-04..07 (12), 10..14 (17), 17..19 (20) -> 2020-02-19.
  //   due_soon: back 3: 02-18, 17, 14 -> 2020-02-14. overdue 2020-02-20.
  //   very_overdue: 02-20, 21 (2), 24..28 (7), 03-02..06 (12), 09..13 (17),
  //   16..19 (21) -> 2020-03-19.
  // H, received 2020-01-15: correction asked on the 7th working day (01-23)
  //   and never received: no due date, no alert.
  // I, received 2020-01-15: decided 01-23: no alert.
  AlertFixture f(Day(2020, 1, 10));
  const std::string g = f.NewRequest("210300", Day(2020, 1, 10));
  f.WalkTo(Day(2020, 1, 13));
  {
    v1::Event asked = EventOn(g, Day(2020, 1, 13));
    asked.mutable_correction_requested();
    f.Record(RecordCommand("", asked));
  }
  f.WalkTo(Day(2020, 1, 14));
  {
    v1::Event corrected = EventOn(g, Day(2020, 1, 14));
    corrected.mutable_correction_received();
    f.Record(RecordCommand("", corrected));
  }
  f.WalkTo(Day(2020, 1, 15));
  {
    v1::Event consult = EventOn(g, Day(2020, 1, 15));
    consult.mutable_consultation_started()->set_party("鞍山市国土资源局");
    f.Record(RecordCommand("", consult));
  }
  const std::string fr = f.NewRequest("210321", Day(2020, 1, 15));
  const std::string h = f.NewRequest("21030003", Day(2020, 1, 15));
  const std::string i = f.NewRequest("210381", Day(2020, 1, 15));
  f.WalkTo(Day(2020, 1, 23));
  {
    v1::Event asked = EventOn(h, Day(2020, 1, 23));
    asked.mutable_correction_requested();
    f.Record(RecordCommand("", asked));
  }
  f.Record(DecideCommand("", i, Day(2020, 1, 23)));
  f.WalkTo(Day(2020, 2, 17));
  {
    v1::Event ended = EventOn(g, Day(2020, 2, 17));
    ended.mutable_consultation_ended();
    const v1::Reply reply = f.Record(RecordCommand("", ended));
    CHECK(Str(reply.due_date()) == "2020-03-13");
  }
  f.WalkTo(Day(2020, 5, 31));

  CHECK(f.Recorded() == Lines({
                            {Day(2020, 2, 13), kThirdPartyOverdue, g, 2},
                            {Day(2020, 3, 10), kDueSoon, g, 3},
                            {Day(2020, 3, 13), kDueToday, g, 3},
                            {Day(2020, 3, 16), kOverdue, g, 3},
                            {Day(2020, 4, 14), kVeryOverdue, g, 3},
                            {Day(2020, 2, 3), kCorrectionNotAsked, fr},
                            {Day(2020, 2, 14), kDueSoon, fr},
                            {Day(2020, 2, 19), kDueToday, fr},
                            {Day(2020, 2, 20), kOverdue, fr},
                            {Day(2020, 3, 19), kVeryOverdue, fr},
                        }));
  const v1::Alert& third_party = f.Find(g, kThirdPartyOverdue, 2);
  CHECK_FALSE(third_party.escalated());
  CHECK_THAT(third_party.message(), Contains("2020-01-15"));
  const v1::Alert& not_asked = f.Find(fr, kCorrectionNotAsked);
  CHECK_FALSE(not_asked.escalated());
  CHECK(not_asked.agency_path() == "210300/210321/");
  CHECK_THAT(not_asked.message(), Contains("2020-01-15"));
  CHECK(f.Find(fr, kVeryOverdue).escalated());
}

TEST_CASE(
    "Under the 2019 rule correction_not_asked fires on the 8th working day even while a "
    "consultation runs",
    "[workers][alerts]") {
  // K, received 2020-01-15 (Wed); a consultation starts the next day,
  // 2020-01-16, and ends 2020-02-20. Neither a decision nor a correction
  // request by the 7th working day: correction_not_asked on the 8th working
  // day after receipt, 2020-02-03 (see the 2019 test: 01-16, 17, 19 Sun
  // make-up, 20..23, then 02-03 after the holiday). A consultation is
  // neither a decision nor a correction request, and Art. 30's 7 working
  // days are not a period the consultation stops.
  // third_party_overdue: the 16th working day after 01-16: 01-17 (1),
  // 19 (2), 20..23 (6), 02-03..07 (11), 10..14 (16) -> 2020-02-14.
  AlertFixture f(Day(2020, 1, 15));
  const std::string k = f.NewRequest("210300", Day(2020, 1, 15));
  f.WalkTo(Day(2020, 1, 16));
  {
    v1::Event consult = EventOn(k, Day(2020, 1, 16));
    consult.mutable_consultation_started()->set_party("鞍山市住房和城乡建设委员会");
    f.Record(RecordCommand("", consult));
  }
  f.WalkTo(Day(2020, 2, 20));
  {
    v1::Event ended = EventOn(k, Day(2020, 2, 20));
    ended.mutable_consultation_ended();
    f.Record(RecordCommand("", ended));
  }
  f.WalkTo(Day(2020, 2, 21));
  CHECK(f.Recorded() == Lines({
                            {Day(2020, 2, 3), kCorrectionNotAsked, k, 1},
                            {Day(2020, 2, 14), kThirdPartyOverdue, k, 1},
                        }));
}

// --- Re-arming and disarming ---------------------------------------------

TEST_CASE(
    "An extension after the overdue alert re-arms the levels for the new date and a decision "
    "stops them",
    "[workers][alerts]") {
  // A, L and M received 2012-09-28: due 2012-10-25 (see the National Day
  // test): due_soon 10-22, due_today 10-25, overdue 10-26, very_overdue 11-16.
  // A is extended on 10-26 after its overdue alert, L on 10-19 before any:
  // 15 + 15 = 30 working days after 09-28: 10-26 (16), 29..11-02 (21),
  // 05..09 (26), 12..15 (30) -> due 2012-11-15 (version 2). due_soon: back 3:
  // 11-14, 13, 12 -> 2012-11-12; overdue 2012-11-16; very_overdue: 16 after
  // 11-15: 16 (1), 19..23 (6), 26..30 (11), 12-03..07 (16) -> 2012-12-07.
  // A and L are decided on 2012-11-19: no very_overdue. M is never touched.
  AlertFixture f(Day(2012, 9, 28));
  const std::string a = f.NewRequest("210300", Day(2012, 9, 28));
  const std::string l = f.NewRequest("210321", Day(2012, 9, 28));
  const std::string m = f.NewRequest("21030003", Day(2012, 9, 28));
  f.WalkTo(Day(2012, 10, 19));
  CHECK(Str(f.Record(ExtendCommand("", l, Day(2012, 10, 19))).due_date()) == "2012-11-15");
  f.WalkTo(Day(2012, 10, 26));
  CHECK(f.Recorded() == Lines({
                            {Day(2012, 10, 22), kDueSoon, a},
                            {Day(2012, 10, 25), kDueToday, a},
                            {Day(2012, 10, 26), kOverdue, a},
                            {Day(2012, 10, 22), kDueSoon, m},
                            {Day(2012, 10, 25), kDueToday, m},
                            {Day(2012, 10, 26), kOverdue, m},
                        }));
  // The supervisor acknowledges A's overdue alert, then A is extended.
  CHECK_CODE(f.Handle(AckCommand("ack-a-v1", f.Find(a, kOverdue).sequence())), "ok");
  const v1::Reply extended = f.Record(ExtendCommand("", a, Day(2012, 10, 26)));
  CHECK(Str(extended.due_date()) == "2012-11-15");
  {
    // A is no longer overdue; M is.
    const v1::Reply overdue = f.Handle(OverdueCommand("210300"));
    REQUIRE_CODE(overdue, "ok");
    REQUIRE(overdue.overdue_size() == 1);
    CHECK(overdue.overdue(0).request().state().id() == m);
  }
  f.WalkTo(Day(2012, 11, 16));
  {
    // On 11-16: M is 16 working days overdue (10-26, 29..31, 11-01, 02,
    // 05..09, 12..16); A and L 1 (11-16). A's entry names the overdue alert
    // of its new deadline, not yet acknowledged.
    const v1::Reply overdue = f.Handle(OverdueCommand("210300"));
    REQUIRE_CODE(overdue, "ok");
    std::vector<std::string> lines;
    for (const auto& entry : overdue.overdue()) {
      lines.push_back(
          entry.request().state().id() + " " + std::to_string(entry.working_days_overdue()) + " #" +
          std::to_string(entry.alert_sequence()) + (entry.acknowledged() ? " acknowledged" : ""));
    }
    CHECK(lines ==
          std::vector<std::string>{m + " 16 #" + std::to_string(f.Find(m, kOverdue).sequence()),
                                   a + " 1 #" + std::to_string(f.Find(a, kOverdue, 2).sequence()),
                                   l + " 1 #" + std::to_string(f.Find(l, kOverdue, 2).sequence())});
  }
  f.WalkTo(Day(2012, 11, 19));
  f.Record(DecideCommand("", a, Day(2012, 11, 19)));
  f.Record(DecideCommand("", l, Day(2012, 11, 19)));
  f.WalkTo(Day(2013, 1, 31));

  CHECK(f.Recorded() == Lines({
                            {Day(2012, 10, 22), kDueSoon, a, 1},
                            {Day(2012, 10, 25), kDueToday, a, 1},
                            {Day(2012, 10, 26), kOverdue, a, 1},
                            {Day(2012, 11, 12), kDueSoon, a, 2},
                            {Day(2012, 11, 15), kDueToday, a, 2},
                            {Day(2012, 11, 16), kOverdue, a, 2},
                            {Day(2012, 11, 12), kDueSoon, l, 2},
                            {Day(2012, 11, 15), kDueToday, l, 2},
                            {Day(2012, 11, 16), kOverdue, l, 2},
                            {Day(2012, 10, 22), kDueSoon, m, 1},
                            {Day(2012, 10, 25), kDueToday, m, 1},
                            {Day(2012, 10, 26), kOverdue, m, 1},
                            {Day(2012, 11, 16), kVeryOverdue, m, 1},
                        }));
  CHECK(Str(f.Find(a, kDueSoon, 2).due_date()) == "2012-11-15");
  CHECK(Str(f.Find(a, kDueSoon, 1).due_date()) == "2012-10-25");
  // The decided requests have left the deadline index; M has nothing left.
  CHECK(f.store().Raw(Table::kDeadlines).empty());
  const v1::Reply verified = f.Handle(VerifyCommand());
  CHECK_CODE(verified, "ok");
}

TEST_CASE(
    "A fee notice stops the alerts until the payment re-arms them for the moved date, and "
    "a withdrawal disarms them",
    "[workers][alerts]") {
  // A and W received 2012-09-28: due 2012-10-25, due_soon 10-22 (see the
  // National Day test).
  // A: fee notice 10-22 (after due_soon), paid 10-31: the stop excludes the
  //   working days after 10-22 up to and including 10-31: 23..26 (4),
  //   29..31 (7). Due = 15 + 7 = 22 working days after 09-28: 10-25 (15),
  //   26 (16), 29..31 (19), 11-01, 02 (21), 05 (22) -> 2012-11-05
  //   (version 2). due_soon, back 3: 11-02, 01, 10-31 -> 10-31, the day of
  //   the payment (recorded by the payment's group); overdue 11-06;
  //   very_overdue, 16 after 11-05: 06..09 (4), 12..16 (9), 19..23 (14),
  //   26, 27 (16) -> 2012-11-27. Nothing on 10-25 or 10-26 while unpaid.
  // W: withdrawn 10-23: nothing after its due_soon.
  AlertFixture f(Day(2012, 9, 28));
  const std::string a = f.NewRequest("210300", Day(2012, 9, 28));
  const std::string w = f.NewRequest("210321", Day(2012, 9, 28));
  f.WalkTo(Day(2012, 10, 22));
  {
    v1::Event notice = EventOn(a, Day(2012, 10, 22));
    notice.mutable_fee_notice_issued()->set_amount_fen(5000);
    f.Record(RecordCommand("", notice));
  }
  f.WalkTo(Day(2012, 10, 23));
  {
    v1::Event withdrawn = EventOn(w, Day(2012, 10, 23));
    withdrawn.mutable_withdrawn();
    f.Record(RecordCommand("", withdrawn));
  }
  f.WalkTo(Day(2012, 10, 31));
  {
    v1::Event paid = EventOn(a, Day(2012, 10, 31));
    paid.mutable_fee_paid();
    CHECK(Str(f.Record(RecordCommand("", paid)).due_date()) == "2012-11-05");
  }
  f.WalkTo(Day(2012, 12, 31));
  CHECK(f.Recorded() == Lines({
                            {Day(2012, 10, 22), kDueSoon, a, 1},
                            {Day(2012, 10, 31), kDueSoon, a, 2},
                            {Day(2012, 11, 5), kDueToday, a, 2},
                            {Day(2012, 11, 6), kOverdue, a, 2},
                            {Day(2012, 11, 27), kVeryOverdue, a, 2},
                            {Day(2012, 10, 22), kDueSoon, w, 1},
                        }));
  CHECK(Str(f.Find(a, kDueSoon, 2).on()) == "2012-10-31");
}

TEST_CASE(
    "A clock advance over several weeks records each level that came due once, dated its "
    "day, in date order",
    "[workers][alerts]") {
  // A received 2012-09-28: due_soon 10-22, due_today 10-25, overdue 10-26,
  // very_overdue 11-16 (see the National Day test).
  AlertFixture f(Day(2012, 9, 28));
  const std::string a = f.NewRequest("210300", Day(2012, 9, 28));
  const std::vector<v1::Alert> recorded = f.AdvanceTo(Day(2012, 12, 31));
  REQUIRE(recorded.size() == 4);
  std::vector<std::string> days;
  for (const auto& alert : recorded) {
    days.push_back(CodeOf(alert.level()) + " " + Str(alert.on()));
  }
  CHECK(days == std::vector<std::string>{"due_soon 2012-10-22", "due_today 2012-10-25",
                                         "overdue 2012-10-26", "very_overdue 2012-11-16"});
  CHECK(f.AdvanceTo(Day(2013, 6, 30)).empty());
}

TEST_CASE(
    "An alert is recorded once: a repeated sweep, a replayed advance and a reopened ledger "
    "record nothing again",
    "[workers][alerts]") {
  AlertFixture f(Day(2012, 9, 28));
  const std::string a = f.NewRequest("210300", Day(2012, 9, 28));
  const v1::Command advance = AdvanceCommand("advance-to-10-22", Day(2012, 10, 22));
  const v1::Reply first = f.Handle(advance);
  REQUIRE_CODE(first, "ok");
  REQUIRE(f.last_sequence() == 1);
  const auto alerts_before = f.store().Raw(Table::kAlerts);

  const v1::Reply swept = f.Handle(SweepCommand());
  CHECK_CODE(swept, "ok");
  CHECK(swept.message() == "recorded 0 alerts");
  const v1::Reply replayed = f.Handle(advance);
  CHECK(replayed.SerializeAsString() == first.SerializeAsString());
  CHECK(f.store().Raw(Table::kAlerts) == alerts_before);
  CHECK(f.last_sequence() == 1);

  f.Reopen(Day(2012, 10, 22));
  CHECK(f.Handle(SweepCommand()).message() == "recorded 0 alerts");
  CHECK(f.store().Raw(Table::kAlerts) == alerts_before);

  // Numbering goes on without a gap after the restart.
  f.WalkTo(Day(2012, 11, 30));
  CHECK(f.Recorded() == Lines({
                            {Day(2012, 10, 22), kDueSoon, a},
                            {Day(2012, 10, 25), kDueToday, a},
                            {Day(2012, 10, 26), kOverdue, a},
                            {Day(2012, 11, 16), kVeryOverdue, a},
                        }));
  const auto alerts = f.store().Raw(Table::kAlerts);
  CHECK(CountKeys(alerts, "seq|") == 4);
  CHECK(CountKeys(alerts, "fired|") == 4);
  CHECK(Sequences(f.Handle(FetchCommand(""))) == Range(1, 4));
}

TEST_CASE("A sweep whose write fails records nothing and its retry uses the same numbers",
          "[workers][alerts]") {
  AlertFixture f(Day(2012, 9, 28));
  const std::string a = f.NewRequest("210300", Day(2012, 9, 28));
  f.WalkTo(Day(2012, 10, 22));
  REQUIRE(f.last_sequence() == 1);
  // The daemon restarts three days later: the new day's sweep is pending.
  f.Reopen(Day(2012, 10, 25));
  const auto before = f.store().Snapshot();
  f.store().FailNextWrite();
  const v1::Reply failed = f.Handle(SweepCommand());
  CHECK_CODE(failed, "unavailable");
  CHECK(f.store().Snapshot() == before);
  CHECK(f.last_sequence() == 1);

  const v1::Reply retried = f.Handle(SweepCommand());
  CHECK_CODE(retried, "ok");
  CHECK(retried.message() == "recorded 1 alerts");
  CHECK(f.Recorded() == Lines({
                            {Day(2012, 10, 22), kDueSoon, a},
                            {Day(2012, 10, 25), kDueToday, a},
                        }));
  CHECK(f.last_sequence() == 2);
}

TEST_CASE("On the system clock the first group of a new day records the day's alerts",
          "[workers][alerts]") {
  AlertFixture f(Day(2012, 9, 28));
  const std::string a = f.NewRequest("210300", Day(2012, 9, 28));
  f.Reopen(std::make_unique<FixedSystemClock>(Day(2012, 10, 22)));
  const v1::Reply fetched = f.Handle(FetchCommand("210300"));
  REQUIRE_CODE(fetched, "ok");
  // The sweep ran before the query was answered.
  REQUIRE(fetched.alerts_size() == 1);
  CHECK(fetched.alerts(0).level() == kDueSoon);
  CHECK(fetched.alerts(0).request_id() == a);
  CHECK(f.Recorded() == Lines({{Day(2012, 10, 22), kDueSoon, a}}));
}

// --- Supervisors' commands ---------------------------------------------------

TEST_CASE("Alerts fetch returns an agency's subtree after a sequence", "[workers][alerts]") {
  // Three requests received 2012-09-28 (due 10-25): on 10-26 each has
  // due_soon, due_today and overdue.
  AlertFixture f(Day(2012, 9, 28));
  const std::string city = f.NewRequest("210300", Day(2012, 9, 28));
  const std::string county = f.NewRequest("210321", Day(2012, 9, 28));
  const std::string department = f.NewRequest("21030003", Day(2012, 9, 28));
  f.WalkTo(Day(2012, 10, 26));
  REQUIRE(f.last_sequence() == 9);

  auto fetch = [&](const std::string& agency, uint64_t since = 0, int limit = 0) {
    const v1::Reply reply = f.Handle(FetchCommand(agency, since, limit));
    REQUIRE_CODE(reply, "ok");
    CHECK(reply.last_alert_sequence() == 9);
    CHECK(reply.alerts_endpoint() == kAlertsEndpoint);
    CHECK(Str(reply.today()) == "2012-10-26");
    return reply;
  };
  auto requests = [](const v1::Reply& reply) {
    std::vector<std::string> ids;
    for (const auto& alert : reply.alerts()) ids.push_back(alert.request_id());
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
  };

  SECTION("the city sees its counties' and departments' alerts") {
    const v1::Reply all = fetch("210300");
    CHECK(all.agency_path() == "210300/");
    CHECK(Sequences(all) == Range(1, 9));
    std::vector<std::string> ids = {city, county, department};
    std::sort(ids.begin(), ids.end());
    CHECK(requests(all) == ids);
  }
  SECTION("a county sees its own alerts, not a city department's") {
    const v1::Reply reply = fetch("210321");
    CHECK(reply.agency_path() == "210300/210321/");
    REQUIRE(reply.alerts_size() == 3);
    CHECK(requests(reply) == std::vector<std::string>{county});
    for (const auto& alert : reply.alerts()) {
      CHECK(alert.agency_code() == "210321");
      CHECK(alert.agency_path() == "210300/210321/");
    }
    std::vector<v1::AlertLevel> levels;
    for (const auto& alert : reply.alerts()) levels.push_back(alert.level());
    CHECK(levels == std::vector<v1::AlertLevel>{kDueSoon, kDueToday, kOverdue});
  }
  SECTION("a department sees its own alerts") {
    const v1::Reply reply = fetch("21030003");
    CHECK(reply.agency_path() == "210300/21030003/");
    CHECK(requests(reply) == std::vector<std::string>{department});
    CHECK(reply.alerts_size() == 3);
  }
  SECTION("an agency with no requests sees none") { CHECK(fetch("210381").alerts_size() == 0); }
  SECTION("only the alerts after since_sequence, at most limit of them") {
    CHECK(Sequences(fetch("210300", 3)) == Range(4, 9));
    CHECK(Sequences(fetch("210300", 9)).empty());
    CHECK(Sequences(fetch("210300", 100)).empty());
    CHECK(Sequences(fetch("210300", 2, 4)) == Range(3, 6));
    const v1::Reply county_after = fetch("210321", 4);
    for (const auto& alert : county_after.alerts()) CHECK(alert.sequence() > 4);
    CHECK(county_after.alerts_size() == 2);  // Its due_today and overdue.
  }
  SECTION("no agency: every alert") {
    const v1::Reply reply = fetch("");
    CHECK(reply.agency_path().empty());
    CHECK(Sequences(reply) == Range(1, 9));
  }
  SECTION("an unknown agency or a bad limit is refused") {
    CHECK_CODE(f.Handle(FetchCommand("999999")), "not_found");
    CHECK_CODE(f.Handle(FetchCommand("210300", 0, -1)), "invalid_argument");
    CHECK_CODE(f.Handle(FetchCommand("210300", 0, 10001)), "invalid_argument");
  }
}

TEST_CASE("An alert is acknowledged once, a second ack is refused and an unknown one is not found",
          "[workers][alerts]") {
  AlertFixture f(Day(2012, 9, 28));
  const std::string a = f.NewRequest("210321", Day(2012, 9, 28));
  f.WalkTo(Day(2012, 10, 26));
  const uint64_t overdue = f.Find(a, kOverdue).sequence();
  REQUIRE(overdue == 3);

  const v1::Command ack = AckCommand("ack-1", overdue, "已督促台安县政府办理");
  const v1::Reply acked = f.Handle(ack);
  CHECK_CODE(acked, "ok");
  CHECK(acked.message() == "acknowledged alert #3");
  auto stored = f.store().Raw(Table::kAlerts);
  REQUIRE(stored.count(AckKey(overdue)) == 1);
  v1::AlertAck record;
  REQUIRE(record.ParseFromString(stored[AckKey(overdue)]));
  CHECK(record.sequence() == overdue);
  CHECK(record.actor() == "监督员孙");
  CHECK(Str(record.on()) == "2012-10-26");
  CHECK(record.note() == "已督促台安县政府办理");

  // The same command retried: the first reply.
  CHECK(f.Handle(ack).SerializeAsString() == acked.SerializeAsString());

  const int writes = f.store().writes();
  const v1::Reply again = f.Handle(AckCommand("ack-2", overdue));
  CHECK_CODE(again, "failed_precondition");
  CHECK_THAT(again.message(), Contains("already acknowledged"));
  CHECK_THAT(again.message(), Contains("2012-10-26"));
  const v1::Reply unknown = f.Handle(AckCommand("ack-3", 999));
  CHECK_CODE(unknown, "not_found");
  CHECK_THAT(unknown.message(), Contains("999"));
  CHECK_CODE(f.Handle(AckCommand("ack-4", 0)), "not_found");
  CHECK_CODE(f.Handle(AckCommand("", 1)), "invalid_argument");
  CHECK_CODE(f.Handle(AckCommand("ack-5", 1, std::string(4001, 'n'))), "invalid_argument");
  CHECK(f.store().writes() == writes);

  // Another alert can still be acknowledged.
  CHECK_CODE(f.Handle(AckCommand("ack-6", 1)), "ok");
}

TEST_CASE("The overdue worklist lists a subtree's overdue requests, most overdue first",
          "[workers][alerts]") {
  // On 2012-11-20 (Tue), counting the working days after the due date up to
  // and including today:
  // Q 210321, received 09-10, due 09-29: 10-08..12 (5), 15..19 (10),
  //   22..26 (15), 29..11-02 (20), 05..09 (25), 12..16 (30), 19, 20 (32).
  // P 210300, received 09-28, due 10-25: 10-26 (1), 29..11-02 (6),
  //   05..09 (11), 12..16 (16), 19, 20 (18).
  // R 21030003, received 10-15, due 11-05: 06..09 (4), 12..16 (9),
  //   19, 20 (11).
  // S 210321 (decided) and T 210302 (due 11-22) are not overdue.
  AlertFixture f(Day(2012, 11, 20));
  const std::string q = f.NewRequest("210321", Day(2012, 9, 10));
  const std::string p = f.NewRequest("210300", Day(2012, 9, 28));
  const std::string r = f.NewRequest("21030003", Day(2012, 10, 15));
  const std::string s = f.NewRequest("210321", Day(2012, 10, 15));
  f.Record(DecideCommand("", s, Day(2012, 11, 1)));
  const std::string t = f.NewRequest("210302", Day(2012, 11, 1));
  CHECK_CODE(f.Handle(SweepCommand()), "ok");
  const uint64_t q_overdue = f.Find(q, kOverdue).sequence();
  CHECK_CODE(f.Handle(AckCommand("ack-q", q_overdue)), "ok");

  auto worklist = [&](const std::string& agency) {
    const v1::Reply reply = f.Handle(OverdueCommand(agency));
    REQUIRE_CODE(reply, "ok");
    CHECK(Str(reply.today()) == "2012-11-20");
    std::vector<std::string> lines;
    for (const auto& entry : reply.overdue()) {
      lines.push_back(
          entry.request().state().id() + " " + std::to_string(entry.working_days_overdue()) + " #" +
          std::to_string(entry.alert_sequence()) + (entry.acknowledged() ? " acknowledged" : ""));
    }
    return lines;
  };
  const std::string p_seq = std::to_string(f.Find(p, kOverdue).sequence());
  const std::string r_seq = std::to_string(f.Find(r, kOverdue).sequence());
  const std::string q_seq = std::to_string(q_overdue);
  CHECK(worklist("210300") == std::vector<std::string>{q + " 32 #" + q_seq + " acknowledged",
                                                       p + " 18 #" + p_seq, r + " 11 #" + r_seq});
  CHECK(worklist("210321") == std::vector<std::string>{q + " 32 #" + q_seq + " acknowledged"});
  CHECK(worklist("21030003") == std::vector<std::string>{r + " 11 #" + r_seq});
  CHECK(worklist("210302").empty());
  {
    const v1::Reply reply = f.Handle(OverdueCommand("210300"));
    REQUIRE(reply.overdue_size() == 3);
    CHECK(reply.overdue(0).agency_name() == "台安县人民政府");
    CHECK(Str(reply.overdue(0).request().due_date()) == "2012-09-29");
    CHECK(reply.message() == "3 overdue requests");
  }
  CHECK_CODE(f.Handle(OverdueCommand("")), "invalid_argument");
  CHECK_CODE(f.Handle(OverdueCommand("999999")), "not_found");
  // T is due soon (11-22), not overdue.
  CHECK(Str(f.Find(t, kDueSoon).on()) == "2012-11-19");
}

// --- Loading a calendar -----------------------------------------------------

TEST_CASE("Loading a calendar recomputes the due dates that move and the alerts follow them",
          "[workers][alerts]") {
  // On 2012-10-12 a local arrangement makes Wednesday 2012-10-17 a holiday.
  // X 210300, received 09-14 (Fri): 09-17..21 (5), 24..28 (10), 29 (11),
  //   10-08..11 (15) -> due 2012-10-11, before 10-17: it does not move.
  //   due_soon 10-08, due_today 10-11, overdue 10-12 (all before the load).
  //   very_overdue, 16 after 10-11: builtin 10-12, 15..19, 22..26, 29..31,
  //   11-01, 02 -> 11-02; with 10-17 off one day later -> 2012-11-05.
  // A 210300, received 09-28: due 10-25 -> 2012-10-26 (one working day
  //   fewer before it). due_soon: back 3 from 10-26: 25, 24, 23 -> 10-23;
  //   overdue 10-29 (Mon); very_overdue: 10-29..11-02 (5), 05..09 (10),
  //   12..16 (15), 19 (16) -> 2012-11-19.
  // B 210321, received 10-12 (Fri): builtin 10-15..19 (5), 22..26 (10),
  //   29..11-02 (15) -> 11-02; with 10-17 off -> 2012-11-05. due_soon: back 3
  //   from 11-05: 11-02, 01, 10-31 -> 10-31; overdue 11-06; very_overdue:
  //   11-06..09 (4), 12..16 (9), 19..23 (14), 26, 27 (16) -> 2012-11-27.
  // Y 210321, received 09-28, decided 10-10: closed, not recomputed.
  AlertFixture f(Day(2012, 9, 14));
  const std::string x = f.NewRequest("210300", Day(2012, 9, 14));
  f.WalkTo(Day(2012, 9, 28));
  const std::string a = f.NewRequest("210300", Day(2012, 9, 28));
  const std::string y = f.NewRequest("210321", Day(2012, 9, 28));
  f.WalkTo(Day(2012, 10, 10));
  f.Record(DecideCommand("", y, Day(2012, 10, 10)));
  f.WalkTo(Day(2012, 10, 12));
  const std::string b = f.NewRequest("210321", Day(2012, 10, 12));
  auto events = [&](const std::string& id) {
    const v1::Reply shown = f.Handle(ShowCommand(id));
    REQUIRE_CODE(shown, "ok");
    REQUIRE(shown.requests_size() == 1);
    return shown.requests(0);
  };
  const int y_events = events(y).events_size();
  const int x_events = events(x).events_size();

  const std::string source = "鞍山市2012年地方假日安排.cal";
  const std::string text =
      "# 鞍山市: a local holiday\n"
      "gongkai-calendar 1\n"
      "2012-10-17 off 地方假日\n";

  SECTION("a file that does not parse is refused and changes nothing") {
    const auto before = f.store().Snapshot();
    const v1::Reply refused =
        f.Handle(CalendarLoadCommand("cal-bad", "gongkai-calendar 1\n2012-10-32 off x\n", source));
    CHECK_CODE(refused, "invalid_argument");
    CHECK_THAT(refused.message(), Contains(source));
    CHECK(f.store().Snapshot() == before);
    CHECK(Str(events(a).due_date()) == "2012-10-25");
  }
  SECTION("the due dates move, with a recorded reason, and alerts follow the new dates") {
    const v1::Reply loaded = f.Handle(CalendarLoadCommand("cal-1", text, source));
    REQUIRE_CODE(loaded, "ok");
    CHECK_THAT(loaded.message(), Contains("the due dates of 2 open requests moved"));

    for (const auto& [id, from, to] :
         std::vector<std::tuple<std::string, std::string, std::string>>{
             {a, "2012-10-25", "2012-10-26"}, {b, "2012-11-02", "2012-11-05"}}) {
      INFO(id);
      const v1::RequestView view = events(id);
      CHECK(Str(view.due_date()) == to);
      CHECK(view.state().deadline_version() == 2);
      REQUIRE(view.events_size() >= 2);
      const v1::Event& last = view.events(view.events_size() - 1);
      REQUIRE(last.has_deadline_recomputed());
      CHECK(Str(last.on()) == "2012-10-12");
      CHECK(last.calendar_generation() == 1);
      CHECK_THAT(last.deadline_recomputed().reason(), Contains(source));
      CHECK_THAT(last.deadline_recomputed().reason(), Contains(from));
      CHECK_THAT(last.deadline_recomputed().reason(), Contains(to));
    }
    CHECK(events(x).events_size() == x_events);
    CHECK(Str(events(x).due_date()) == "2012-10-11");
    CHECK(events(y).events_size() == y_events);
    // Re-indexed: each open request's index entry is its next alert day.
    const auto index = f.store().Raw(Table::kDeadlines);
    CHECK(index.count("2012-10-23|" + a) == 1);
    CHECK(index.count("2012-10-31|" + b) == 1);
    CHECK(index.count("2012-11-05|" + x) == 1);
    CHECK(index.size() == 3);
    CHECK_CODE(f.Handle(VerifyCommand()), "ok");

    f.WalkTo(Day(2012, 11, 10));
    // A restarted daemon reads the loaded calendar back from the store.
    f.Reopen(Day(2012, 11, 10));
    CHECK_CODE(f.Handle(VerifyCommand()), "ok");
    f.WalkTo(Day(2012, 12, 31));

    CHECK(f.Recorded() == Lines({
                              {Day(2012, 10, 8), kDueSoon, x},
                              {Day(2012, 10, 11), kDueToday, x},
                              {Day(2012, 10, 12), kOverdue, x},
                              {Day(2012, 11, 5), kVeryOverdue, x},
                              {Day(2012, 10, 23), kDueSoon, a, 2},
                              {Day(2012, 10, 26), kDueToday, a, 2},
                              {Day(2012, 10, 29), kOverdue, a, 2},
                              {Day(2012, 11, 19), kVeryOverdue, a, 2},
                              {Day(2012, 10, 31), kDueSoon, b, 2},
                              {Day(2012, 11, 5), kDueToday, b, 2},
                              {Day(2012, 11, 6), kOverdue, b, 2},
                              {Day(2012, 11, 27), kVeryOverdue, b, 2},
                          }));
    CHECK(Str(f.Find(a, kOverdue, 2).due_date()) == "2012-10-26");
    const v1::Reply verified = f.Handle(VerifyCommand());
    CHECK_CODE(verified, "ok");
    CHECK_THAT(verified.text(), Contains("all agree"));
  }
}

TEST_CASE(
    "A calendar load that moves a due date back to an earlier date re-arms the levels "
    "for that new deadline version",
    "[workers][alerts]") {
  // A, received 2012-09-28: due 2012-10-25 (version 1; see the National Day
  // test): due_soon 10-22, due_today 10-25, overdue 10-26.
  // On 10-26 a first file makes Wednesday 10-24 a holiday: one working day
  // fewer before the due date -> due 2012-10-26 (version 2): due_soon, back
  // 3 from 10-26: 10-25, 23, 22 -> 10-22 (past), due_today 10-26 (today):
  // both recorded by the load's own group.
  // Still on 10-26 a second file gives 10-24 back as a working day: due
  // 2012-10-25 again, a third deadline version, and the request is overdue
  // again. Each level is recorded once per deadline version, so the levels
  // that have come due for version 3 (due_soon 10-22, due_today 10-25,
  // overdue 10-26) are recorded by that group too; very_overdue follows on
  // 11-16 (16 working days after 10-25).
  AlertFixture f(Day(2012, 9, 28));
  const std::string a = f.NewRequest("210300", Day(2012, 9, 28));
  f.WalkTo(Day(2012, 10, 26));
  const v1::Reply away = f.Handle(CalendarLoadCommand(
      "cal-away", "gongkai-calendar 1\n2012-10-24 off 临时安排\n", "first.cal"));
  REQUIRE_CODE(away, "ok");
  const v1::Reply back = f.Handle(CalendarLoadCommand(
      "cal-back", "gongkai-calendar 1\n2012-10-24 work 临时安排取消\n", "second.cal"));
  REQUIRE_CODE(back, "ok");
  {
    const v1::Reply shown = f.Handle(ShowCommand(a));
    REQUIRE_CODE(shown, "ok");
    CHECK(Str(shown.requests(0).due_date()) == "2012-10-25");
    CHECK(shown.requests(0).state().deadline_version() == 3);
  }
  {
    // The worklist's entry names the overdue alert of the current deadline.
    const v1::Reply overdue = f.Handle(OverdueCommand("210300"));
    REQUIRE_CODE(overdue, "ok");
    REQUIRE(overdue.overdue_size() == 1);
    CHECK(overdue.overdue(0).request().state().deadline_version() == 3);
    CHECK(overdue.overdue(0).working_days_overdue() == 1);
    CHECK(overdue.overdue(0).alert_sequence() != 0);
  }
  f.WalkTo(Day(2012, 11, 30));
  CHECK(f.Recorded() == std::vector<std::string>{
                            Line("2012-10-22", kDueSoon, a, 1),
                            Line("2012-10-25", kDueToday, a, 1),
                            Line("2012-10-26", kOverdue, a, 1),
                            Line("2012-10-26", kDueSoon, a, 2),
                            Line("2012-10-26", kDueToday, a, 2),
                            Line("2012-10-26", kDueSoon, a, 3),
                            Line("2012-10-26", kDueToday, a, 3),
                            Line("2012-10-26", kOverdue, a, 3),
                            Line("2012-11-16", kVeryOverdue, a, 3),
                        });
  CHECK_CODE(f.Handle(VerifyCommand()), "ok");
}

// --- Personal data -----------------------------------------------------------

TEST_CASE("Alerts never carry the applicant's personal data", "[workers][alerts]") {
  // Every level: a 2008-rule request (2012-09-28, the National Day test)
  // and 2019-rule ones (the 2019 test): correction_not_asked and
  // third_party_overdue.
  AlertFixture f(Day(2012, 9, 28));
  f.NewRequest("210300", Day(2012, 9, 28));
  f.WalkTo(Day(2012, 11, 16));
  f.Reopen(Day(2020, 1, 15));
  const std::string consulted = f.NewRequest("210321", Day(2020, 1, 15));
  {
    v1::Event consult = EventOn(consulted, Day(2020, 1, 15));
    consult.mutable_consultation_started()->set_party("鞍山市国土资源局");
    f.Record(RecordCommand("", consult));
  }
  f.NewRequest("21030003", Day(2020, 1, 15));
  f.WalkTo(Day(2020, 3, 31));

  std::vector<v1::AlertLevel> levels;
  for (const auto& alert : f.RecordedAlerts()) levels.push_back(alert.level());
  for (auto level :
       {kDueSoon, kDueToday, kOverdue, kVeryOverdue, kCorrectionNotAsked, kThirdPartyOverdue}) {
    INFO(CodeOf(level));
    CHECK(std::count(levels.begin(), levels.end(), level) >= 1);
  }

  std::vector<std::pair<std::string, std::string>> serialized;
  for (const auto& alert : f.RecordedAlerts()) {
    serialized.emplace_back("alert #" + std::to_string(alert.sequence()),
                            alert.SerializeAsString());
  }
  serialized.emplace_back("alerts fetch", f.Handle(FetchCommand("")).SerializeAsString());
  serialized.emplace_back("overdue", f.Handle(OverdueCommand("210300")).SerializeAsString());
  for (const auto& [key, value] : f.store().Raw(Table::kAlerts)) {
    serialized.emplace_back("stored " + key, key + value);
  }
  for (const auto& [what, bytes] : serialized) {
    for (const std::string& personal : kPersonalData) {
      INFO(what << " holds '" << personal << "'");
      CHECK(bytes.find(personal) == std::string::npos);
    }
  }
}

}  // namespace
}  // namespace gongkai::test
