// The ledger worker's logic, without sockets: it takes parsed Commands in
// groups and returns one Reply per command. Every change of a group is
// written to the Store in ONE synced write before any reply of the group is
// returned (group commit): a reply with code ok means the change is durable.
//
// Per command: mutating commands (intake, record_event, clock_advance) must
// carry an idempotency key; repeating a key returns the first ok reply and
// changes nothing. A refused command writes nothing. Replies never carry the
// applicant's personal data.
//
// Thread safety: none; one thread drives a Ledger.
#ifndef GONGKAI_WORKERS_LEDGER_H_
#define GONGKAI_WORKERS_LEDGER_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/agencies.h"
#include "engine/calendar.h"
#include "engine/clock.h"
#include "engine/deadline.h"
#include "engine/policy.h"
#include "engine/store.h"
#include "gongkai/v1/command.pb.h"
#include "workers/calendar_history.h"
#include "workers/txn.h"

namespace gongkai {

struct DueAlerts;  // alerts.cpp

struct LedgerOptions {
  // The deployment's settings (v1::EngineSettings). They are stored with the
  // data at the first start; later starts may change the alert settings
  // (due_soon_days, reminder_lead_days: the deadline index is rebuilt) but
  // not those that decide due dates (pinned_regime, count_receipt_day).
  DeadlinePolicy policy;
  std::string alerts_endpoint;  // Told to clients that subscribe to alerts.
  int default_list_limit = 50;
  int max_list_limit = 10000;
};

// The settings as stored by an earlier start; nullopt for a new store.
StatusOr<std::optional<DeadlinePolicy>> StoredPolicy(Store& store);
v1::EngineSettings SettingsOf(const DeadlinePolicy& policy);

class Ledger {
 public:
  // `clock` is restored from the store when the store holds a manual date
  // (a reopened data directory keeps its manual clock). Errors: those of the
  // store.
  static StatusOr<std::unique_ptr<Ledger>> Open(Store& store, std::unique_ptr<Clock> clock,
                                                std::shared_ptr<const Calendar> calendar,
                                                AgencyRegistry agencies, LedgerOptions options);

  // Replies in the order of `commands`. Changes are applied in order and
  // written together; queries are answered after that write, so they see
  // every change of the group. When the write fails, every command that
  // would have changed something is answered unavailable.
  std::vector<v1::Reply> HandleGroup(const std::vector<v1::Command>& commands);

  Date Today() const { return today_; }
  bool HasManualClock() const { return clock_->IsManual(); }
  // Where alerts are published, as clients should connect (set once bound).
  void set_alerts_endpoint(std::string endpoint) { options_.alerts_endpoint = std::move(endpoint); }

  // The alerts recorded (durably) by the groups handled since the last call,
  // in sequence order, for the publisher.
  std::vector<v1::Alert> TakeRecordedAlerts();
  // Alerts and reminders recorded but not marked published (after a
  // restart), each stream in sequence order.
  StatusOr<std::vector<v1::Alert>> UnpublishedAlerts();
  // Notes that `alerts` (of either stream) were published. Not synced:
  // losing it in a crash only republishes, and subscribers drop sequences
  // they have.
  [[nodiscard]] Status MarkPublished(const std::vector<v1::Alert>& alerts);
  // Records every alert that has come due up to today. HandleGroup does the
  // same in every group's write; this is for a start without commands.
  [[nodiscard]] Status Sweep();

 private:
  Ledger(Store& store, std::unique_ptr<Clock> clock, std::shared_ptr<const Calendar> calendar,
         AgencyRegistry agencies, LedgerOptions options);
  v1::Reply HandleQuery(const v1::Command& command);
  v1::Reply HandleMutation(const v1::Command& command, bool& mutated);
  StatusOr<v1::Reply> Intake(const v1::Command& command, Txn& txn);
  StatusOr<v1::Reply> RecordEvent(const v1::Command& command, Txn& txn);
  StatusOr<v1::Reply> ClockAdvance(const v1::Command& command, Txn& txn);
  StatusOr<v1::Reply> Show(const v1::ShowCommand& command);
  StatusOr<v1::Reply> List(const v1::ListCommand& command);
  StatusOr<v1::Reply> Verify();
  // Replays a request's event log from scratch into `state`, adding its
  // counter deltas to `counters`; what no longer replays goes to `problems`.
  Status ReplayLog(const std::string& id, v1::RequestState& state,
                   std::map<std::string, int64_t>& counters, std::vector<std::string>& problems,
                   size_t& events);
  // True when the year's report is locked (see ReportLock).
  StatusOr<bool> YearLocked(int year, Txn& txn);
  StatusOr<v1::Reply> ReportAnnual(const v1::ReportAnnualCommand& command);
  StatusOr<v1::Reply> ReportLock(const v1::Command& command, Txn& txn);
  Status VerifyReportCounters(const std::string& agency,
                              const std::map<std::string, int64_t>& stored);
  // failed_precondition when `on` falls in a year whose report is locked.
  Status CheckYearOpen(Date on, Txn& txn);
  StatusOr<v1::Reply> AlertsFetch(const v1::AlertsFetchCommand& command);
  StatusOr<v1::Reply> AlertAck(const v1::Command& command, Txn& txn);
  StatusOr<v1::Reply> Overdue(const v1::OverdueCommand& command);
  StatusOr<v1::Reply> CalendarLoad(const v1::Command& command, Txn& txn);
  // What loading the current calendar (just pushed) changes for one stored
  // request: an event appended, or a change listed for a locked year.
  Status RecomputeForCalendar(const v1::RequestState& before, const Calendar& previous,
                              const std::string& source, const std::string& actor, Txn& txn,
                              v1::Reply& reply);
  // Rebuilds every deadline index entry (the alert settings changed).
  Status ReindexAll();
  Status CheckSettings(const std::optional<DeadlinePolicy>& stored);
  // Fires the due alerts of the indexed requests into `txn`.
  Status SweepInto(Txn& txn, std::vector<v1::Alert>& fired, bool full);
  StatusOr<DueAlerts> CollectDue(v1::RequestState state);
  v1::Alert MakeAlert(const DueAlerts& request, const ScheduledAlert& due);
  StatusOr<std::vector<v1::Alert>> UnpublishedOf(bool reminders);
  Status LoadCalendars();
  // Calls `visit` with every stored request, in id order, until it returns
  // an error (returned). internal when a stored request is corrupt.
  Status ForEachRequest(const std::function<Status(v1::RequestState&)>& visit);
  Status LoadAlertMeta();
  Status LoadCounters();
  // Moves the request's deadline index entry to its next unfired alert and
  // sets next_alert_on; true when anything changed. The caller saves state.
  StatusOr<bool> Reindex(v1::RequestState& state, Txn& txn);
  const Calendar& calendar() const { return calendars_.current(); }
  uint32_t generation() const { return calendars_.generation(); }
  // Writes the state, its event, the deadline index move and the counters.
  Status SaveStep(const v1::RequestState& before, v1::RequestState& after,
                  const v1::Event& stored_event, Txn& txn);
  StatusOr<v1::RequestView> View(const v1::RequestState& state, bool with_events);

  Store& store_;
  std::unique_ptr<Clock> clock_;
  // Events record the generation they were applied with.
  CalendarHistory calendars_;
  AgencyRegistry agencies_;
  LedgerOptions options_;
  PendingGroup group_;
  Date today_;                        // The clock's date, including advances pending in the group.
  uint64_t last_alert_sequence_ = 0;  // The supervisors' stream.
  uint64_t last_reminder_sequence_ = 0;  // The officers' stream.
  // The day of the last full sweep (stored in meta with it). Invariant after
  // every group: no index entry is dated on or before it, so a full sweep
  // reads only the entries after it, and later groups of the same day sweep
  // only the entries they wrote themselves.
  std::optional<Date> swept_through_;
  std::vector<v1::Alert> recorded_alerts_;
  // Every report counter's value as written (the store sums merge operands;
  // reading them from here keeps a report independent of how many there
  // are). Loaded at Open, updated after each successful group write.
  std::map<std::string, int64_t> counters_;
};

}  // namespace gongkai

#endif  // GONGKAI_WORKERS_LEDGER_H_
