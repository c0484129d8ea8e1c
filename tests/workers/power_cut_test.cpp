// Power cuts under the real Ledger (workers/ledger.h), with the
// PowerCutStore (tests/workers/power_cut_store.h) standing in for the disk:
// many random groups of intakes, events (extensions, decisions), clock
// advances, sweeps, queries and retries of earlier keys, with the power cut
// at random points: during a group's write (neither applied nor answered),
// right after it (applied and synced, the replies lost), during or after
// the unsynced write that marks alerts published, and between writes (the
// unsynced writes lost, or a prefix of them kept). After each cut a new
// Ledger is opened on what survived, and:
//   - every command whose group was lost is sent again with its key, so
//     that each change on the disk is known (acknowledged) or known absent;
//   - every command acknowledged ok, sent again with its key, answers its
//     first reply (a sample of them at each cut, all of them at the end);
//   - every acknowledged intake's request exists, and holds exactly its
//     acknowledged events, in order (nothing lost, nothing twice); the
//     request's due date is that of the last reply that changed it; the
//     requests stored are exactly the acknowledged intakes; no request id
//     was given to two keys; the date is at least the last acknowledged
//     advance;
//   - every alert handed to the publisher is still stored as handed, and
//     the alerts not durably marked published are offered again, with
//     none missing;
//   - admin verify (a VerifyCommand through the ledger) says all agree.
// The seed is fixed (GONGKAI_POWER_CUT_SEED=N runs another one) and the
// number of groups too, so a run is repeatable and takes a few seconds.
#include <google/protobuf/util/message_differencer.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "engine/calendar.h"
#include "engine/civil_date.h"
#include "engine/codes.h"
#include "engine/keys.h"
#include "tests/workers/ledger_fixture.h"
#include "tests/workers/power_cut_store.h"
#include "workers/ledger_reader.h"
#include "workers/records.h"

namespace gongkai::test {
namespace {

using google::protobuf::util::MessageDifferencer;
using CutMode = PowerCutStore::CutMode;

constexpr uint64_t kDefaultSeed = 20121101;
constexpr int kGroups = 1500;
constexpr int kMaxGroupSize = 5;
const char* const kAgencies[] = {"210300", "210321", "210302"};

uint64_t Seed() {
  if (const char* text = std::getenv("GONGKAI_POWER_CUT_SEED"); text != nullptr && *text != '\0') {
    return std::strtoull(text, nullptr, 10);
  }
  return kDefaultSeed;
}

std::string DueOf(const v1::CivilDate& due) {
  return IsSet(due) ? FormatDate(FromCivilTrusted(due)) : "none";
}

std::string DueOf(const v1::Reply& reply) { return DueOf(reply.due_date()); }

std::string Describe(const v1::Reply& reply) {
  return CodeOf(reply.code()) + ": " + reply.message() + " [" + reply.request_id() + " due " +
         DueOf(reply) + "]";
}

// What the test knows of one idempotency key.
struct Sent {
  enum class State {
    kLost,     // Its group's replies were lost in a cut: on the disk or not.
    kRefused,  // Answered with a refusal: not on the disk.
    kAcked,    // Answered ok: on the disk, with `reply`.
  };
  v1::Command command;
  State state = State::kLost;
  v1::Reply reply;   // The first ok reply (kAcked).
  std::string kind;  // "intake", "extend", "decide", "advance".
};

// One acknowledged change of a request, in the order acknowledged.
struct Step {
  std::string kind;
  std::string on;
  std::string due;  // The reply's due date.
};

class PowerCutRun {
 public:
  explicit PowerCutRun(uint64_t seed) : random_(seed), agencies_(Agencies()) { Open(); }

  // One random group; a cut may strike in it or after it.
  void Group() {
    MaybeArmCut();
    std::vector<v1::Command> commands;
    const int size = Uniform(1, kMaxGroupSize);
    Date today = ledger_->Today();  // Of the group so far (advances move it).
    for (int i = 0; i < size; ++i) commands.push_back(RandomCommand(today));
    const std::vector<v1::Reply> replies = ledger_->HandleGroup(commands);
    REQUIRE(replies.size() == commands.size());
    ++groups_;
    if (store_.power_off()) {
      // The group's write was cut: its replies never reach anyone.
      ++lost_groups_;
      for (const auto& command : commands) LoseIfUnknown(command);
      Reboot();
      return;
    }
    Deliver(commands, replies);
    Publish(ledger_->TakeRecordedAlerts());
    if (store_.power_off() || Chance(0.06)) Reboot();
  }

  // Everything, with every acknowledged key sent again.
  void FinalCheck() {
    Reboot();
    CheckRetries(/*all=*/true);
  }

  void PrintSummary(uint64_t seed, std::chrono::milliseconds took) const {
    size_t acked = 0, refused = 0;
    for (const auto& [key, sent] : sent_) {
      acked += sent.state == Sent::State::kAcked;
      refused += sent.state == Sent::State::kRefused;
    }
    std::cout << "power cut test: seed " << seed << ", " << groups_ << " groups, " << store_.cuts()
              << " cuts (" << lost_groups_ << " groups lost, " << lost_marks_
              << " published marks lost), " << sent_.size() << " keys: " << acked
              << " acknowledged, " << refused << " refused; " << requests_.size() << " requests, "
              << events_acked_ << " events, " << handed_.size() << " alerts; " << took.count()
              << " ms" << std::endl;
  }

 private:
  int Uniform(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }
  bool Chance(double p) { return std::bernoulli_distribution(p)(random_); }
  template <typename T>
  const T& Pick(const std::vector<T>& from) {
    return from[size_t(Uniform(0, int(from.size()) - 1))];
  }

  void Open() {
    auto opened = Ledger::Open(store_, std::make_unique<ManualClock>(Day(2012, 11, 1)),
                               Calendar::Builtin(), agencies_, LedgerOptions());
    INFO(opened.status().message());
    REQUIRE(opened.ok());
    ledger_ = std::move(opened).value();
  }

  void MaybeArmCut() {
    if (!Chance(0.15)) return;
    // The next write is the group's; the one after it often marks alerts
    // published (unsynced), or is the next group's.
    store_.ArmCut(Uniform(1, 2), Chance(0.5) ? CutMode::kDuring : CutMode::kAfter);
  }

  std::string NewKey() { return "pc-" + std::to_string(++keys_); }

  v1::Command Keep(v1::Command command, const std::string& kind) {
    Sent& sent = sent_[command.idempotency_key()];
    sent.command = command;
    sent.kind = kind;
    keys_in_order_.push_back(command.idempotency_key());
    return command;
  }

  v1::Command RandomCommand(Date& today) {
    const int roll = Uniform(1, 100);
    if (roll <= 35 || request_ids_.empty()) {
      const Date received = today - std::chrono::days(Uniform(0, 6));
      return Keep(IntakeCommand(NewKey(), kAgencies[Uniform(0, 2)], received), "intake");
    }
    if (roll <= 60) {
      // Events dated the ledger's day; many are refused (a second decision,
      // an extension of a decided request), which is fine: not acknowledged.
      const std::string& id = Chance(0.95) ? Pick(request_ids_) : "210300-2012-999999";
      const Date on = ledger_->Today();
      if (Chance(0.5)) return Keep(ExtendCommand(NewKey(), id, on), "extend");
      return Keep(DecideCommand(NewKey(), id, on, v1::OUTCOME_GRANTED), "decide");
    }
    if (roll <= 70) {
      today += std::chrono::days(Uniform(1, 3));
      return Keep(AdvanceCommand(NewKey(), today), "advance");
    }
    if (roll <= 82 && !keys_in_order_.empty()) {
      // The same command again, with its key (a client's retry).
      return sent_.at(Pick(keys_in_order_)).command;
    }
    if (roll <= 90) return SweepCommand();
    return Chance(0.5) ? ShowCommand(Pick(request_ids_)) : ClockShowCommand();
  }

  static bool Mutating(const v1::Command& command) { return !command.idempotency_key().empty(); }

  void LoseIfUnknown(const v1::Command& command) {
    if (!Mutating(command)) return;
    Sent& sent = sent_.at(command.idempotency_key());
    if (sent.state != Sent::State::kAcked) sent.state = Sent::State::kLost;
  }

  // The replies of a group that reached the client.
  void Deliver(const std::vector<v1::Command>& commands, const std::vector<v1::Reply>& replies) {
    for (size_t i = 0; i < commands.size(); ++i) {
      if (!Mutating(commands[i])) continue;
      Sent& sent = sent_.at(commands[i].idempotency_key());
      const v1::Reply& reply = replies[i];
      INFO("key " << commands[i].idempotency_key() << " (" << sent.kind
                  << "): " << Describe(reply));
      if (sent.state == Sent::State::kAcked) {
        // A retry answers the first reply, whatever happened since.
        CHECK(MessageDifferencer::Equals(reply, sent.reply));
        continue;
      }
      // No write fails unless the power went (and then nothing is
      // delivered): a refusal here is the command's own.
      CHECK(reply.code() != v1::STATUS_CODE_UNAVAILABLE);
      if (reply.code() != v1::STATUS_CODE_OK) {
        sent.state = Sent::State::kRefused;
        continue;
      }
      Acknowledge(sent, reply);
    }
  }

  void Acknowledge(Sent& sent, const v1::Reply& reply) {
    sent.state = Sent::State::kAcked;
    sent.reply = reply;
    if (sent.kind == "advance") {
      last_advance_ = std::max(last_advance_, FromCivilTrusted(sent.command.clock_advance().to()));
      return;
    }
    const std::string& id = reply.request_id();
    REQUIRE_FALSE(id.empty());
    if (sent.kind == "intake") {
      const auto [owner, inserted] = owner_of_id_.emplace(id, sent.command.idempotency_key());
      INFO(id << " was acknowledged for key " << owner->second << " and for "
              << sent.command.idempotency_key());
      CHECK(inserted);
      request_ids_.push_back(id);
      requests_[id].push_back({"intake", Str(sent.command.intake().received_on()), DueOf(reply)});
      return;
    }
    REQUIRE(requests_.count(id) == 1);  // Events are acknowledged on known requests only.
    requests_[id].push_back(
        {sent.kind, Str(sent.command.record_event().event().on()), DueOf(reply)});
    ++events_acked_;
  }

  // Hands the alerts to the "publisher" and, most of the time, marks them
  // published (an unsynced write, which a cut may take away).
  void Publish(const std::vector<v1::Alert>& alerts) {
    for (const auto& alert : alerts) {
      handed_[{IsReminderLevel(alert.level()), alert.sequence()}] = alert.SerializeAsString();
    }
    if (alerts.empty() || !Chance(0.7)) return;
    const Status marked = ledger_->MarkPublished(alerts);
    if (!marked.ok()) {
      ++lost_marks_;
      return;
    }
    for (const auto& alert : alerts) {
      uint64_t& through = marked_through_[IsReminderLevel(alert.level())];
      through = std::max(through, alert.sequence());
    }
  }

  void Reboot() {
    ledger_.reset();
    store_.PowerCut(size_t(Uniform(0, int(store_.volatile_writes()))));
    Open();
    ResolveLost();
    CheckState();
    CheckAlerts();
    CheckRetries(/*all=*/false);
    CheckVerify();
  }

  // Sends every key whose group was lost again: a change already on the
  // disk answers its first reply, one that is not is made now (or refused).
  void ResolveLost() {
    std::vector<v1::Command> again;
    for (const std::string& key : keys_in_order_) {
      const Sent& sent = sent_.at(key);
      if (sent.state == Sent::State::kLost) again.push_back(sent.command);
    }
    if (again.empty()) return;
    const std::vector<v1::Reply> replies = ledger_->HandleGroup(again);
    REQUIRE_FALSE(store_.power_off());
    Deliver(again, replies);
    Publish(ledger_->TakeRecordedAlerts());
    for (const auto& command : again) {
      INFO("key " << command.idempotency_key());
      CHECK(sent_.at(command.idempotency_key()).state != Sent::State::kLost);
    }
  }

  // The stored requests are exactly the acknowledged intakes, each with
  // exactly its acknowledged events.
  void CheckState() {
    const LedgerReader reader(ledger_->reader_config(), ledger_->read_state());
    CHECK(ledger_->Today() >= last_advance_);
    std::set<std::string> stored;
    REQUIRE(store_
                .Scan(Table::kRequests, "", "",
                      [&](std::string_view key, std::string_view) {
                        stored.emplace(key);
                        return true;
                      })
                .ok());
    std::set<std::string> acked;
    for (const auto& [id, steps] : requests_) acked.insert(id);
    CHECK(stored == acked);
    for (const auto& [id, steps] : requests_) {
      INFO("request " << id);
      const v1::Reply shown = reader.Handle(ShowCommand(id));
      REQUIRE_CODE(shown, "ok");
      REQUIRE(shown.requests_size() == 1);
      const v1::RequestState& state = shown.requests(0).state();
      CHECK(state.id() == id);
      // Exactly the acknowledged events, in order.
      REQUIRE(state.event_count() == steps.size());
      std::vector<v1::Event> events;
      REQUIRE(store_
                  .Scan(Table::kEvents, EventPrefix(id), "",
                        [&](std::string_view, std::string_view value) {
                          REQUIRE(events.emplace_back().ParseFromArray(value.data(),
                                                                       int(value.size())));
                          return true;
                        })
                  .ok());
      REQUIRE(events.size() == steps.size());
      for (size_t i = 0; i < steps.size(); ++i) {
        INFO("event " << i + 1 << ": acknowledged " << steps[i].kind << " on " << steps[i].on);
        CHECK(events[i].sequence() == i + 1);
        CHECK(Str(events[i].on()) == steps[i].on);
        const std::string kind = events[i].has_received()             ? "intake"
                                 : events[i].has_extension_approved() ? "extend"
                                 : events[i].has_decided()            ? "decide"
                                                                      : "other";
        CHECK(kind == steps[i].kind);
      }
      // The due date is that of the last reply that changed the request.
      CHECK(DueOf(shown.requests(0).due_date()) == steps.back().due);
    }
  }

  // Every alert handed over is stored as it was handed; every one not
  // durably marked published is offered again.
  void CheckAlerts() {
    for (const auto& [stream_sequence, bytes] : handed_) {
      const auto [reminders, sequence] = stream_sequence;
      INFO((reminders ? "reminder #" : "alert #") << sequence);
      auto stored =
          store_.Get(Table::kAlerts, reminders ? ReminderKey(sequence) : AlertKey(sequence));
      REQUIRE(stored.ok());
      REQUIRE(stored->has_value());
      CHECK(**stored == bytes);
    }
    auto unpublished = ledger_->UnpublishedAlerts();
    REQUIRE(unpublished.ok());
    const auto state = ledger_->read_state();
    for (const bool reminders : {false, true}) {
      INFO((reminders ? "reminders" : "alerts"));
      std::vector<uint64_t> offered;
      for (const auto& alert : *unpublished) {
        if (IsReminderLevel(alert.level()) != reminders) continue;
        offered.push_back(alert.sequence());
        const auto handed = handed_.find({reminders, alert.sequence()});
        if (handed != handed_.end()) CHECK(alert.SerializeAsString() == handed->second);
      }
      const uint64_t last = reminders ? state->last_reminder_sequence : state->last_alert_sequence;
      // The mark on the disk never claims more than was marked, and every
      // alert after it is offered, without a gap, to the last one recorded.
      auto stored =
          store_.Get(Table::kMeta, reminders ? kMetaRemindersPublished : kMetaAlertsPublished);
      REQUIRE(stored.ok());
      uint64_t mark = 0;
      if (stored->has_value()) {
        auto number = ParseStoredNumber(**stored, "published mark");
        REQUIRE(number.ok());
        mark = *number;
      }
      uint64_t& through = marked_through_[reminders];
      CHECK(mark <= through);
      CHECK(offered == Range(mark + 1, last));
      through = mark;
    }
    if (!unpublished->empty()) {
      // Published again after the restart (as the server does).
      for (const auto& alert : *unpublished) {
        handed_[{IsReminderLevel(alert.level()), alert.sequence()}] = alert.SerializeAsString();
      }
      if (ledger_->MarkPublished(*unpublished).ok()) {
        for (const auto& alert : *unpublished) {
          uint64_t& through = marked_through_[IsReminderLevel(alert.level())];
          through = std::max(through, alert.sequence());
        }
      }
    }
  }

  // Acknowledged keys sent again answer their first reply (a sample, or
  // all of them).
  void CheckRetries(bool all) {
    std::vector<std::string> acked;
    for (const std::string& key : keys_in_order_) {
      if (sent_.at(key).state == Sent::State::kAcked) acked.push_back(key);
    }
    if (!all && acked.size() > 40) {
      std::shuffle(acked.begin(), acked.end(), random_);
      acked.resize(40);
    }
    std::vector<v1::Command> again;
    for (const auto& key : acked) again.push_back(sent_.at(key).command);
    if (again.empty()) return;
    const std::vector<v1::Reply> replies = ledger_->HandleGroup(again);
    REQUIRE_FALSE(store_.power_off());
    for (size_t i = 0; i < again.size(); ++i) {
      const Sent& sent = sent_.at(again[i].idempotency_key());
      INFO("key " << again[i].idempotency_key() << " (" << sent.kind << "): first "
                  << Describe(sent.reply) << ", again " << Describe(replies[i]));
      CHECK(MessageDifferencer::Equals(replies[i], sent.reply));
    }
    Publish(ledger_->TakeRecordedAlerts());
  }

  void CheckVerify() {
    const std::vector<v1::Reply> replies = ledger_->HandleGroup({VerifyCommand()});
    REQUIRE(replies.size() == 1);
    INFO(replies[0].text().substr(0, 2000));
    CHECK_CODE(replies[0], "ok");
    Publish(ledger_->TakeRecordedAlerts());
  }

  std::mt19937_64 random_;
  AgencyRegistry agencies_;
  PowerCutStore store_;
  std::unique_ptr<Ledger> ledger_;

  std::map<std::string, Sent> sent_;
  std::vector<std::string> keys_in_order_;
  std::vector<std::string> request_ids_;  // Acknowledged intakes, in order.
  std::map<std::string, std::vector<Step>> requests_;
  std::map<std::string, std::string> owner_of_id_;  // Request id -> intake key.
  Date last_advance_ = Day(2012, 11, 1);
  // Handed to the publisher: (reminder stream?, sequence) -> bytes.
  std::map<std::pair<bool, uint64_t>, std::string> handed_;
  // Per stream (false: alerts, true: reminders): marked published through.
  std::map<bool, uint64_t> marked_through_;
  int keys_ = 0;
  int groups_ = 0;
  int lost_groups_ = 0;
  int lost_marks_ = 0;
  int events_acked_ = 0;
};

TEST_CASE(
    "Every acknowledged change survives power cuts at random points and its retry answers the "
    "first reply",
    "[workers][store][faults]") {
  const uint64_t seed = Seed();
  INFO("power cut test seed " << seed << " (GONGKAI_POWER_CUT_SEED=" << seed << " replays it)");
  const auto started = std::chrono::steady_clock::now();
  PowerCutRun run(seed);
  for (int group = 0; group < kGroups; ++group) run.Group();
  run.FinalCheck();
  run.PrintSummary(seed, std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now() - started));
}

}  // namespace
}  // namespace gongkai::test
