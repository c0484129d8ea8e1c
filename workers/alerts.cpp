// The deadline worker's side of the ledger: recording the alerts that have
// come due (once per request, level and deadline version), and the
// supervisors' commands over them.
#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <set>

#include "engine/access.h"
#include "engine/civil_date.h"
#include "engine/codes.h"
#include "engine/deadline.h"
#include "engine/request_machine.h"
#include "workers/ledger.h"
#include "workers/records.h"

namespace gongkai {
namespace {

std::string AlertMessage(const ScheduledAlert& alert, Date due) {
  const std::string d = FormatDate(due);
  const std::string ends = alert.window_ends ? FormatDate(*alert.window_ends) : d;
  switch (alert.level) {
    case v1::ALERT_LEVEL_DUE_SOON:
      return "due soon: the answer is due on " + d;
    case v1::ALERT_LEVEL_DUE_TODAY:
      return "due today: the answer is due on " + d;
    case v1::ALERT_LEVEL_OVERDUE:
      return "overdue: the answer was due on " + d;
    case v1::ALERT_LEVEL_VERY_OVERDUE:
      return "very overdue: due on " + d + ", a further full period has passed; escalated";
    case v1::ALERT_LEVEL_CORRECTION_NOT_ASKED:
      return "received " + FormatDate(alert.anchor) +
             ": a correction, if one is needed, must be asked by " + ends + " (Art. 30)";
    case v1::ALERT_LEVEL_THIRD_PARTY_OVERDUE:
      return "the third party " + alert.party + " consulted on " + FormatDate(alert.anchor) +
             " had until " + ends + " to reply (Art. 32)";
    default:
      return "alert";
  }
}

}  // namespace

// One request's alerts to raise now, and the request with every alert that
// came due marked fired.
struct DueAlerts {
  v1::RequestState state;
  std::vector<ScheduledAlert> due;
  std::optional<Date> due_date;
};

StatusOr<DueAlerts> Ledger::CollectDue(v1::RequestState state) {
  auto deadline = ComputeDeadline(state, calendar(), options_.policy, false);
  if (!deadline.ok()) return deadline.status();
  auto raise = TakeDueAlerts(state, calendar(), options_.policy, today());
  if (!raise.ok()) return raise.status();
  return DueAlerts{std::move(state), std::move(raise).value(), deadline->due_date};
}

v1::Alert Ledger::MakeAlert(const DueAlerts& request, const ScheduledAlert& due) {
  const v1::RequestState& state = request.state;
  const Agency* agency = agencies_.Find(state.agency_code());
  const bool reminder = IsReminderLevel(due.level);
  v1::Alert alert;
  alert.set_sequence(NextSequence(reminder));
  alert.set_request_id(state.id());
  alert.set_agency_code(state.agency_code());
  alert.set_agency_path(agency != nullptr ? agency->path : state.agency_code() + "/");
  alert.set_level(due.level);
  if (request.due_date) *alert.mutable_due_date() = ToCivil(*request.due_date);
  *alert.mutable_on() = ToCivil(due.on);
  *alert.mutable_raised() = ToCivil(today());
  alert.set_party(due.party);
  if (due.window_ends) *alert.mutable_window_ends() = ToCivil(*due.window_ends);
  alert.set_deadline_version(state.deadline_version());
  alert.set_escalated(due.level == v1::ALERT_LEVEL_VERY_OVERDUE);
  alert.set_message(AlertMessage(due, request.due_date.value_or(due.anchor)));
  return alert;
}

Status Ledger::SweepInto(Txn& txn, bool full) {
  // The index is ordered by date: read only the entries due by today. A
  // full sweep reads the stored index (a new day); otherwise only the
  // entries this group wrote can be newly due, since the last full sweep
  // of today left none due behind it.
  const std::string end = DeadlineKeyAfter(today());
  std::set<std::string> due_keys;
  if (full) {
    // Entries up to the last full sweep were all handled (see Ledger): start
    // after them, past the deletions they left behind.
    const std::string start = swept_through_ ? DeadlineKeyAfter(*swept_through_) : "";
    GONGKAI_RETURN_IF_ERROR(
        store_.Scan(Table::kDeadlines, "", start, [&](std::string_view key, std::string_view) {
          if (key >= end) return false;
          due_keys.emplace(key);
          return true;
        }));
  }
  for (const auto& key : group_.PendingKeys(Table::kDeadlines)) {
    if (key < end) due_keys.insert(key);
  }
  std::vector<std::string> due_ids;
  for (const auto& key : due_keys) {
    auto pending = group_.Pending(Table::kDeadlines, key);
    if (pending && !pending->has_value()) continue;  // Deleted in this group.
    auto entry = ParseDeadlineKey(key);
    if (!entry) return InternalError("a deadline index key is corrupt");
    due_ids.emplace_back(entry->request_id);
  }
  std::vector<DueAlerts> requests;
  for (const auto& id : due_ids) {
    auto stored = txn.Get(Table::kRequests, id);
    if (!stored.ok()) return stored.status();
    if (!stored->has_value()) return InternalError("the deadline index names a missing request");
    auto state = ParseStored<v1::RequestState>(**stored, "request");
    if (!state.ok()) return state.status();
    auto due = CollectDue(std::move(state).value());
    if (!due.ok()) return due.status();
    requests.push_back(std::move(due).value());
  }
  // Sequence numbers in the order the alerts came due, across requests.
  std::vector<std::pair<size_t, size_t>> order;
  for (size_t r = 0; r < requests.size(); ++r) {
    for (size_t a = 0; a < requests[r].due.size(); ++a) order.emplace_back(r, a);
  }
  std::stable_sort(order.begin(), order.end(), [&](const auto& x, const auto& y) {
    const ScheduledAlert& ax = requests[x.first].due[x.second];
    const ScheduledAlert& ay = requests[y.first].due[y.second];
    return ax.on != ay.on ? ax.on < ay.on : ax.level < ay.level;
  });
  bool alerts = false, reminders = false;
  for (const auto& [r, a] : order) {
    v1::Alert alert = MakeAlert(requests[r], requests[r].due[a]);
    if (IsReminderLevel(alert.level())) {
      txn.Put(Table::kAlerts, ReminderKey(alert.sequence()), alert.SerializeAsString());
      reminders = true;
    } else {
      txn.Put(Table::kAlerts, AlertKey(alert.sequence()), alert.SerializeAsString());
      txn.Put(Table::kAlerts,
              FiredKey(alert.request_id(), alert.level(), requests[r].state.deadline_version()),
              std::to_string(alert.sequence()));
      alerts = true;
    }
    edit_.alerts.push_back(std::move(alert));
  }
  for (auto& request : requests) {
    auto reindexed = Reindex(request.state, txn);
    if (!reindexed.ok()) return reindexed.status();
    txn.Put(Table::kRequests, request.state.id(), request.state.SerializeAsString());
  }
  if (alerts) {
    txn.Put(Table::kMeta, kMetaAlertSequence, std::to_string(*edit_.last_alert_sequence));
  }
  if (reminders) {
    txn.Put(Table::kMeta, kMetaReminderSequence, std::to_string(*edit_.last_reminder_sequence));
  }
  return OkStatus();
}

Status Ledger::Sweep() {
  v1::Command sweep;
  sweep.mutable_sweep();
  return StatusOfReply(HandleGroup({sweep}).front());
}

std::vector<v1::Alert> Ledger::TakeRecordedAlerts() {
  std::vector<v1::Alert> alerts;
  alerts.swap(recorded_alerts_);
  return alerts;
}

StatusOr<std::vector<v1::Alert>> Ledger::UnpublishedOf(bool reminders) {
  auto published =
      store_.Get(Table::kMeta, reminders ? kMetaRemindersPublished : kMetaAlertsPublished);
  if (!published.ok()) return published.status();
  uint64_t after = 0;
  if (published->has_value()) {
    auto number = ParseStoredNumber(**published, "published alert mark");
    if (!number.ok()) return number.status();
    after = *number;
  }
  std::vector<v1::Alert> alerts;
  Status parsed = OkStatus();
  const std::string first = reminders ? ReminderKey(after + 1) : AlertKey(after + 1);
  GONGKAI_RETURN_IF_ERROR(
      store_.Scan(Table::kAlerts, AlertStreamPrefix(reminders), first,
                  [&](std::string_view, std::string_view value) {
                    if (!alerts.emplace_back().ParseFromArray(value.data(), int(value.size()))) {
                      parsed = InternalError("a stored alert is corrupt");
                      return false;
                    }
                    return true;
                  }));
  GONGKAI_RETURN_IF_ERROR(parsed);
  return alerts;
}

StatusOr<std::vector<v1::Alert>> Ledger::UnpublishedAlerts() {
  auto alerts = UnpublishedOf(/*reminders=*/false);
  if (!alerts.ok()) return alerts.status();
  auto reminders = UnpublishedOf(/*reminders=*/true);
  if (!reminders.ok()) return reminders.status();
  alerts->insert(alerts->end(), reminders->begin(), reminders->end());
  return alerts;
}

Status Ledger::MarkPublished(const std::vector<v1::Alert>& alerts) {
  uint64_t last_alert = 0, last_reminder = 0;
  for (const auto& alert : alerts) {
    uint64_t& last = IsReminderLevel(alert.level()) ? last_reminder : last_alert;
    last = std::max(last, alert.sequence());
  }
  WriteSet writes;
  if (last_alert > 0) writes.Put(Table::kMeta, kMetaAlertsPublished, std::to_string(last_alert));
  if (last_reminder > 0) {
    writes.Put(Table::kMeta, kMetaRemindersPublished, std::to_string(last_reminder));
  }
  if (writes.empty()) return OkStatus();
  return store_.Write(writes, /*sync=*/false);
}

StatusOr<v1::Reply> Ledger::AlertAck(const v1::Command& command, Txn& txn) {
  const uint64_t sequence = command.alert_ack().sequence();
  if (command.alert_ack().note().size() > 4000) {
    return InvalidArgumentError("the note is longer than 4000 bytes");
  }
  auto alert = txn.Get(Table::kAlerts, AlertKey(sequence));
  if (!alert.ok()) return alert.status();
  if (!alert->has_value()) {
    return NotFoundError("there is no alert #" + std::to_string(sequence) +
                         ": see 'gongkai alerts' for the sequence numbers");
  }
  if (caller_ != nullptr) {
    auto stored = ParseStored<v1::Alert>(**alert, "alert");
    if (!stored.ok()) return stored.status();
    GONGKAI_RETURN_IF_ERROR(CheckScope(caller_->principal, stored->agency_code(), agencies_));
  }
  auto previous = txn.Get(Table::kAlerts, AckKey(sequence));
  if (!previous.ok()) return previous.status();
  if (previous->has_value()) {
    auto ack = ParseStored<v1::AlertAck>(**previous, "acknowledgement");
    if (!ack.ok()) return ack.status();
    return FailedPreconditionError("alert #" + std::to_string(sequence) +
                                   " was already acknowledged on " + FormatCivil(ack->on()) +
                                   " by " + ack->actor());
  }
  v1::AlertAck ack;
  ack.set_sequence(sequence);
  ack.set_actor(maker());
  *ack.mutable_on() = ToCivil(today());
  ack.set_note(command.alert_ack().note());
  txn.Put(Table::kAlerts, AckKey(sequence), ack.SerializeAsString());
  v1::Reply reply = ReplyFor(OkStatus());
  reply.set_message("acknowledged alert #" + std::to_string(sequence));
  return reply;
}

}  // namespace gongkai
