// The ledger worker's logic, without sockets: it takes parsed Commands in
// groups and returns one Reply per command. Every change of a group is
// written to the Store in ONE synced write before any reply of the group is
// returned (group commit): a reply with code ok means the change is durable.
//
// State after the write (as leveldb's VersionEdit and LogAndApply): what a
// group changes in memory (today's date, the calendar, the alert sequences,
// the day last swept, the alerts to publish) is collected in an Edit while
// the group runs, and applied only once the group's write succeeded. A
// refused command's part of the edit is dropped with it; a failed write
// drops the whole edit, so nothing in memory has to be rolled back. An
// alert is handed to the publisher only once stored.
//
// Queries (show, list, overdue, alerts fetch, reports, verify) are answered
// by a LedgerReader (workers/ledger_reader.h) from read_state(): a snapshot
// of the store taken after the last group's write, with the ledger's state
// at that moment. The server runs them on reader threads; HandleGroup
// answers the queries of its group itself, after its write.
//
// Per command: mutating commands must carry an idempotency key; repeating a
// key returns the first ok reply and changes nothing. A refused command
// writes nothing. Replies never carry the applicant's personal data.
//
// Thread safety: one thread drives a Ledger; read_state() may be called
// from any thread.
#ifndef GONGKAI_WORKERS_LEDGER_H_
#define GONGKAI_WORKERS_LEDGER_H_

#include <functional>
#include <map>
#include <memory>
#include <mutex>
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
#include "workers/principal_registry.h"
#include "workers/read_state.h"
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
  // A reply's requests or alerts stay under this many bytes; the rest
  // comes in the next page (a cursor in the reply).
  size_t max_reply_bytes = 256 << 10;
  // Intakes one sender may register a day (counted since the engine
  // started that day); 0: no limit.
  int intake_quota_per_day = 20000;
  // Applicants' personal data are erased this many years after the request
  // closed and its last appeal was resolved (DOMAIN.md, "Personal data").
  int retention_years = 3;
  // Erasures one sweep makes at most: a database holding years of closed
  // requests (imported, or an engine stopped for long) does not erase them
  // all in one group. The rest go on in the next sweeps (see
  // retention_backlog()).
  size_t max_erasures_per_sweep = 1000;
};

// The settings as stored by an earlier start; nullopt for a new store.
StatusOr<std::optional<DeadlinePolicy>> StoredPolicy(Store& store);
v1::EngineSettings SettingsOf(const DeadlinePolicy& policy);

// True for the commands a LedgerReader answers.
bool IsQuery(const v1::Command& command);

// Who sent a command: the person it is for (after delegation) and, when it
// came through a service with the delegate right, that service's name.
struct Caller {
  v1::Principal principal;
  std::string via;
};

// What the audit log records of one command and its reply, on `today`
// (`caller` null: the engine itself). A login the console's service sent
// is recorded as the person's (on behalf of that service) when it
// succeeded, else as kUnknownLoginName; never with the password.
v1::AuditRecord AuditOf(const v1::Command& command, const Caller* caller, const v1::Reply& reply,
                        Date today);
inline constexpr char kUnknownLoginName[] = "(unknown name)";

class Ledger {
 public:
  // `clock` is restored from the store when the store holds a manual date
  // (a reopened data directory keeps its manual clock). Errors: those of the
  // store; failed_precondition for settings that cannot change.
  static StatusOr<std::unique_ptr<Ledger>> Open(Store& store, std::unique_ptr<Clock> clock,
                                                std::shared_ptr<const Calendar> calendar,
                                                AgencyRegistry agencies, LedgerOptions options);

  // Replies in the order of `commands`. Changes are applied in order and
  // written together; queries are answered after that write, so they see
  // every change of the group. When the write fails, every command that
  // would have changed something is answered unavailable.
  //
  // `callers[i]` is who sent command i: the authenticated principal the
  // server resolved and authorized (engine/access.h); its name is recorded
  // as the one who made each change (an extension's approver included),
  // whatever `actor` the command carries. Without it (in-process workers,
  // tests) the command comes from the engine itself and its actor is kept.
  // An idempotency key is bound to its sender and command: the same key
  // again with the same command returns the first reply; with another
  // command or from another sender it is refused (failed_precondition
  // "idempotency key reused").
  //
  // Every command is noted in the audit log (who, what, when, result): with
  // the group's write when it writes anything, else at the next one or at
  // FlushAudit().
  std::vector<v1::Reply> HandleGroup(const std::vector<v1::Command>& commands,
                                     const std::vector<Caller>& callers = {});

  // The people the engine knows; updated as groups are written.
  const std::shared_ptr<PrincipalRegistry>& principals() const { return principals_; }
  // Notes queries answered elsewhere (the readers) for the audit log. Any
  // thread.
  void NoteAudit(std::vector<v1::AuditRecord> records);
  // Writes the audit records still pending (synced). The server calls it
  // when the ledger is idle.
  [[nodiscard]] Status FlushAudit();
  // Whether the last sweep left erasures due (more than
  // max_erasures_per_sweep were): the server sweeps again when idle.
  bool retention_backlog() const { return retention_resume_.has_value(); }

  // What queries read: the store as of the last group written. Any thread.
  std::shared_ptr<const ReadState> read_state() const;
  // The configuration queries are answered with; lives as long as the
  // Ledger.
  const ReaderConfig& reader_config() const { return reader_config_; }

  Date Today() const { return today_; }
  bool HasManualClock() const { return clock_->IsManual(); }
  // Where alerts are published, as clients should connect (set once bound).
  void set_alerts_endpoint(std::string endpoint);

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
  // What a group changes in memory, applied by Commit() after its write.
  struct Edit {
    std::optional<Date> today;                 // A clock advance.
    std::optional<CalendarHistory> calendars;  // With the group's loads.
    std::optional<uint64_t> last_alert_sequence;
    std::optional<uint64_t> last_reminder_sequence;
    std::optional<Date> swept_through;
    std::vector<v1::Alert> alerts;          // Recorded, to publish.
    std::map<std::string, int> intakes;     // Registered today, by sender.
    std::vector<v1::Principal> principals;  // Added or changed.
    std::optional<uint64_t> last_audit_sequence;
    size_t audit_written = 0;      // Pending audit records the group writes.
    bool retention_swept = false;  // Then retention_resume is the new value.
    std::optional<std::string> retention_resume;
  };

  Ledger(Store& store, std::unique_ptr<Clock> clock, std::shared_ptr<const Calendar> calendar,
         AgencyRegistry agencies, LedgerOptions options);
  v1::Reply HandleMutation(const v1::Command& command, const std::string& sender, bool& mutated);
  // The name a change records as its maker: the caller's, else the actor.
  const std::string& maker() const { return maker_; }
  StatusOr<v1::Reply> UserAdd(const v1::Command& command, Txn& txn);
  StatusOr<v1::Reply> UserChange(const v1::Command& command, Txn& txn);
  // user passwd: stores the person's password hash (engine/keys.h, PasswordKey).
  StatusOr<v1::Reply> UserPassword(const v1::Command& command, Txn& txn);
  StatusOr<v1::Reply> ApplicantErase(const v1::Command& command, Txn& txn);
  // Appends an applicant_erased event and blanks the personal data.
  Status EraseApplicant(const v1::RequestState& before, const std::string& reason, Txn& txn);
  // Erases the personal data whose retention period has run out by today.
  Status SweepRetention(Txn& txn, bool full);
  // Moves the request's retention index entry (see Reindex).
  StatusOr<bool> ReindexRetention(v1::RequestState& state, Txn& txn);
  // Puts the pending audit records into the group (sequence numbers from
  // the edit); they stay pending until its write succeeds.
  void WriteAudit();
  // failed_precondition unless the caller may act on `name`'s record.
  StatusOr<v1::Principal> TargetPrincipal(const std::string& name, Txn& txn);
  // resource_exhausted once `sender` registered the day's quota of intakes.
  Status CheckIntakeQuota(const std::string& sender);
  StatusOr<v1::Reply> Intake(const v1::Command& command, Txn& txn);
  StatusOr<v1::Reply> RecordEvent(const v1::Command& command, Txn& txn);
  // amend (workers/ledger_amend.cpp): an intake_amended event, the new
  // personal data into the applicants table; the reply's text explains the
  // due date.
  StatusOr<v1::Reply> Amend(const v1::Command& command, Txn& txn);
  // Replaces the applicant's `fields` (canonical, non-empty) with those of
  // the command.
  [[nodiscard]] Status AmendApplicant(const v1::RequestState& state, const v1::AmendCommand& amend,
                                      const std::string& fields, Txn& txn);
  // failed_precondition when the request's stored events would not all
  // apply with its receipt dated `received`.
  [[nodiscard]] Status CheckAmendedReceipt(const v1::RequestState& state, Date received, Txn& txn);
  StatusOr<v1::Reply> AmendReply(const v1::RequestState& before, const v1::RequestState& after,
                                 const v1::IntakeAmended& amended);
  StatusOr<v1::Reply> ClockAdvance(const v1::Command& command, Txn& txn);
  StatusOr<v1::Reply> ReportLock(const v1::Command& command, Txn& txn);
  // failed_precondition when `on` falls in a year whose report is locked.
  Status CheckYearOpen(Date on, Txn& txn);
  // True when the year's report is locked (see ReportLock).
  StatusOr<bool> YearLocked(int year, Txn& txn);
  StatusOr<v1::Reply> AlertAck(const v1::Command& command, Txn& txn);
  StatusOr<v1::Reply> CalendarLoad(const v1::Command& command, Txn& txn);
  // What loading the current calendar (just pushed) changes for one stored
  // request: an event appended, or a change listed for a locked year.
  Status RecomputeForCalendar(const v1::RequestState& before, const Calendar& previous,
                              const std::string& source, const std::string& actor, Txn& txn,
                              v1::Reply& reply);
  // Records the due alerts of the indexed requests into `txn`.
  Status SweepInto(Txn& txn, bool full);
  StatusOr<DueAlerts> CollectDue(v1::RequestState state);
  v1::Alert MakeAlert(const DueAlerts& request, const ScheduledAlert& due);
  StatusOr<std::vector<v1::Alert>> UnpublishedOf(bool reminders);
  // The group's write, then Commit() or (failed) the refusals.
  void WriteGroup(const std::vector<v1::Command>& commands, const std::vector<bool>& mutated,
                  Status swept, std::vector<v1::Reply>& replies);
  void Commit(Edit edit);
  void PublishReadState();
  Status LoadCalendars();
  Status LoadAlertMeta();
  // Rebuilds every deadline index entry (the alert settings changed).
  Status ReindexAll();
  Status CheckSettings(const std::optional<DeadlinePolicy>& stored);
  // Calls `visit` with every stored request, in id order, until it returns
  // an error (returned). internal when a stored request is corrupt.
  Status ForEachRequest(const std::function<Status(v1::RequestState&)>& visit);
  // Moves the request's deadline index entry to its next unfired alert and
  // sets next_alert_on; true when anything changed. The caller saves state.
  StatusOr<bool> Reindex(v1::RequestState& state, Txn& txn);
  // Search (workers/ledger_search.cpp). Moves the request's subject
  // postings (and its applicant's name's, when the receipt date moved) from
  // `before` to `after`; `before` without an id: a new request.
  Status ReindexSearch(const v1::RequestState& before, const v1::RequestState& after, Txn& txn);
  // Stores the applicant's personal data of `state` and moves the name's
  // postings.
  Status PutApplicant(const v1::RequestState& state, const v1::ApplicantPersonalData& applicant,
                      Txn& txn);
  // The same when the caller knows the stored name ("" for a new request):
  // no read.
  void PutApplicant(const v1::RequestState& state, std::string_view old_name,
                    const v1::ApplicantPersonalData& applicant, Txn& txn);
  // Indexes every stored request once, when the search table is new (a
  // database of an earlier version); then marks it built.
  Status BuildSearchIndex();
  // Due-date index (workers/ledger_due_dates.cpp). Moves the request's
  // entry to the due date of `schedule` while its period runs (removes it
  // otherwise) and sets indexed_due_on; true when the day changed. The
  // caller saves the state.
  bool ReindexDueDate(v1::RequestState& state, const std::vector<ScheduledAlert>& schedule,
                      Txn& txn);
  // As BuildSearchIndex, for the due-date index.
  Status BuildDueIndex();
  // Unless meta holds `mark`: calls `add` with every stored request and
  // the transaction to write into (true: it added something), writing in
  // batches, then writes `mark`. Returns how many `add` changed.
  StatusOr<size_t> BackfillOnce(const char* mark,
                                const std::function<StatusOr<bool>(v1::RequestState&, Txn&)>& add);
  // Adds the counters of receipts by month (workers/ledger_upgrades.cpp)
  // once, for a database of a version that did not keep them.
  Status BuildMonthCounters();
  // Writes the state, its event, the deadline index move and the counters.
  Status SaveStep(const v1::RequestState& before, v1::RequestState& after,
                  const v1::Event& stored_event, Txn& txn);

  // The state as the running command sees it: the committed state with the
  // group's edit so far over it.
  Date today() const { return edit_.today.value_or(today_); }
  const CalendarHistory& calendars() const {
    return edit_.calendars ? *edit_.calendars : calendars_;
  }
  const Calendar& calendar() const { return calendars().current(); }
  uint32_t generation() const { return calendars().generation(); }
  // The next sequence number of a stream, kept in the edit.
  uint64_t NextSequence(bool reminders);

  Store& store_;
  std::unique_ptr<Clock> clock_;
  AgencyRegistry agencies_;
  LedgerOptions options_;
  ReaderConfig reader_config_;
  PendingGroup group_;

  // The committed state (what the last successful write holds).
  Date today_;
  CalendarHistory calendars_;            // Events record the generation they used.
  uint64_t last_alert_sequence_ = 0;     // The supervisors' stream.
  uint64_t last_reminder_sequence_ = 0;  // The officers' stream.
  // The day of the last full sweep (stored in meta with it). Invariant after
  // every group: no index entry is dated on or before it, so a full sweep
  // reads only the entries after it, and later groups of the same day sweep
  // only the entries they wrote themselves.
  std::optional<Date> swept_through_;
  // The retention index key after which the next sweep goes on erasing;
  // none: no erasure was left due.
  std::optional<std::string> retention_resume_;
  std::vector<v1::Alert> recorded_alerts_;
  // Intakes registered today (today_), by sender, for the daily quota.
  std::map<std::string, int> intakes_today_;
  std::shared_ptr<PrincipalRegistry> principals_;
  uint64_t last_audit_sequence_ = 0;
  std::mutex audit_mutex_;
  std::vector<v1::AuditRecord> pending_audit_;  // Not yet written, in order.
  const Caller* caller_ = nullptr;              // The running command's.
  std::string maker_;                           // The running command's maker.

  Edit edit_;  // The running group's.

  mutable std::mutex read_state_mutex_;
  std::shared_ptr<const ReadState> read_state_;
};

}  // namespace gongkai

#endif  // GONGKAI_WORKERS_LEDGER_H_
