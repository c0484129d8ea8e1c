#include "tests/workers/ledger_fixture.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <tuple>
#include <utility>

#include "engine/calendar.h"
#include "engine/civil_date.h"
#include "engine/deadline.h"
#include "workers/records.h"

namespace gongkai::test {

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

std::unique_ptr<Ledger> OpenLedger(MemoryStore& store, std::unique_ptr<Clock> clock,
                                   const LedgerOptions& options) {
  auto opened = Ledger::Open(store, std::move(clock), Calendar::Builtin(), Agencies(), options);
  INFO(opened.status().message());
  REQUIRE(opened.ok());
  // Opening stores the settings on a new store: not what a test counts.
  store.ResetCounts();
  return std::move(opened).value();
}

std::unique_ptr<Ledger> OpenLedger(MemoryStore& store, Date today) {
  return OpenLedger(store, std::make_unique<ManualClock>(today));
}

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
                          v1::Outcome outcome) {
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

v1::Command ListCommand(const std::string& agency, const std::string& status, int year, int limit) {
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

v1::Command SweepCommand() {
  v1::Command command;
  command.mutable_sweep();
  return command;
}

v1::Command FetchCommand(const std::string& agency, uint64_t since, int limit) {
  v1::Command command;
  command.mutable_alerts_fetch()->set_agency_code(agency);
  command.mutable_alerts_fetch()->set_since_sequence(since);
  command.mutable_alerts_fetch()->set_limit(limit);
  return command;
}

v1::Command FetchCommand(uint64_t since) { return FetchCommand("", since); }

v1::Command AckCommand(const std::string& key, uint64_t sequence, const std::string& note) {
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

// --- Expected alerts ---------------------------------------------------------

std::string Line(const std::string& day, v1::AlertLevel level, const std::string& id, int version) {
  return day + " " + CodeOf(level) + " " + id + " v" + std::to_string(version);
}

std::vector<std::string> Lines(std::vector<Expected> expected) {
  std::sort(expected.begin(), expected.end(), [](const Expected& a, const Expected& b) {
    return std::tie(a.day, a.level, a.id) < std::tie(b.day, b.level, b.id);
  });
  std::vector<std::string> lines;
  for (const auto& e : expected) lines.push_back(Line(FormatDate(e.day), e.level, e.id, e.version));
  return lines;
}

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

// --- LedgerFixture -------------------------------------------------------------

LedgerFixture::LedgerFixture(Date today, LedgerOptions options) : options_(std::move(options)) {
  Reopen(today);
}

void LedgerFixture::Reopen(Date today) { Reopen(std::make_unique<ManualClock>(today)); }

void LedgerFixture::Reopen(std::unique_ptr<Clock> clock) {
  ledger_.reset();
  ledger_ = OpenLedger(store_, std::move(clock), options_);
}

v1::Reply LedgerFixture::Handle(const v1::Command& command) {
  auto replies = ledger_->HandleGroup({command});
  REQUIRE(replies.size() == 1);
  AfterGroup();
  return replies.front();
}

std::vector<v1::Reply> LedgerFixture::HandleGroup(const std::vector<v1::Command>& commands) {
  auto replies = ledger_->HandleGroup(commands);
  REQUIRE(replies.size() == commands.size());
  AfterGroup();
  return replies;
}

std::string LedgerFixture::NewRequest(const std::string& agency, Date received) {
  const v1::Reply reply = Handle(IntakeCommand(NextKey(), agency, received));
  REQUIRE_CODE(reply, "ok");
  return reply.request_id();
}

v1::Reply LedgerFixture::Record(const v1::Command& command) {
  v1::Command keyed = command;
  keyed.set_idempotency_key(NextKey());
  const v1::Reply reply = Handle(keyed);
  REQUIRE_CODE(reply, "ok");
  return reply;
}

std::string LedgerFixture::NextKey() { return "fixture-key-" + std::to_string(++keys_); }

// --- AlertFixture --------------------------------------------------------------

namespace {

LedgerOptions WithAlertsEndpoint() {
  LedgerOptions options;
  options.alerts_endpoint = kAlertsEndpoint;
  return options;
}

}  // namespace

AlertFixture::AlertFixture(Date today) : LedgerFixture(today, WithAlertsEndpoint()) {}

std::vector<v1::Alert> AlertFixture::AdvanceTo(Date to) {
  const size_t before = log_.size();
  const v1::Reply reply = Handle(AdvanceCommand(NextKey(), to));
  REQUIRE_CODE(reply, "ok");
  REQUIRE(ledger().Today() == to);
  std::vector<v1::Alert> recorded;
  for (size_t i = before; i < log_.size(); ++i) recorded.push_back(log_[i].alert);
  return recorded;
}

void AlertFixture::WalkTo(Date to) {
  for (Date day = ledger().Today() + std::chrono::days(1); day <= to; day += std::chrono::days(1)) {
    for (const v1::Alert& alert : AdvanceTo(day)) {
      INFO("alert #" << alert.sequence() << " of " << alert.request_id());
      CHECK(Str(alert.on()) == FormatDate(day));
    }
  }
}

std::vector<std::string> AlertFixture::Recorded() const {
  std::vector<std::string> lines;
  for (const auto& fired : log_) {
    lines.push_back(Line(fired.day, fired.alert.level(), fired.alert.request_id(),
                         fired.alert.deadline_version()));
  }
  return lines;
}

std::vector<v1::Alert> AlertFixture::RecordedAlerts() const {
  std::vector<v1::Alert> alerts;
  for (const auto& fired : log_) alerts.push_back(fired.alert);
  return alerts;
}

const v1::Alert& AlertFixture::Find(const std::string& id, v1::AlertLevel level,
                                    int version) const {
  for (const auto& fired : log_) {
    if (fired.alert.request_id() == id && fired.alert.level() == level &&
        fired.alert.deadline_version() == version) {
      return fired.alert;
    }
  }
  FAIL("no " << CodeOf(level) << " alert (v" << version << ") for " << id);
  return log_.front().alert;  // Unreachable.
}

void AlertFixture::AfterGroup() {
  const std::vector<v1::Alert> alerts = ledger().TakeRecordedAlerts();
  if (alerts.empty()) return;
  const auto stored = store().Raw(Table::kAlerts);
  for (const v1::Alert& alert : alerts) {
    INFO("alert #" << alert.sequence() << " " << CodeOf(alert.level()) << " of "
                   << alert.request_id());
    const bool reminder = IsReminderLevel(alert.level());
    uint64_t& last = reminder ? last_reminder_sequence_ : last_sequence_;
    CHECK(alert.sequence() == last + 1);  // Gap-free, from 1, in its stream.
    last = alert.sequence();
    CHECK(Str(alert.raised()) == FormatDate(ledger().Today()));
    // Durable before it is handed to the publisher.
    auto it = stored.find(reminder ? ReminderKey(alert.sequence()) : AlertKey(alert.sequence()));
    REQUIRE(it != stored.end());
    CHECK(it->second == alert.SerializeAsString());
    if (!reminder) {
      auto fired =
          stored.find(FiredKey(alert.request_id(), alert.level(), alert.deadline_version()));
      REQUIRE(fired != stored.end());
      CHECK(fired->second == std::to_string(alert.sequence()));
    }
    log_.push_back({FormatDate(ledger().Today()), alert});
  }
  const auto meta = store().Raw(Table::kMeta);
  if (last_sequence_ > 0) {
    REQUIRE(meta.count("alert_seq") == 1);
    CHECK(meta.at("alert_seq") == std::to_string(last_sequence_));
  }
  if (last_reminder_sequence_ > 0) {
    REQUIRE(meta.count("reminder_seq") == 1);
    CHECK(meta.at("reminder_seq") == std::to_string(last_reminder_sequence_));
  }
}

}  // namespace gongkai::test
