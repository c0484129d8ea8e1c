#include "workers/ledger.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <sodium.h>

#include <algorithm>

#include "engine/civil_date.h"
#include "engine/counters.h"
#include "engine/deadline.h"
#include "engine/keys.h"
#include "engine/request_machine.h"
#include "engine/strings.h"
#include "engine/wire_status.h"
#include "workers/ledger_reader.h"
#include "workers/records.h"

namespace gongkai {
namespace {

constexpr size_t kMaxIdempotencyKey = 128;
constexpr size_t kMaxActor = 100;

DeadlinePolicy PolicyOf(const v1::EngineSettings& settings) {
  DeadlinePolicy policy;
  if (settings.pinned_regime() != v1::REGIME_UNSPECIFIED) {
    policy.pinned_regime = settings.pinned_regime();
  }
  policy.due_soon_days = settings.due_soon_days();
  policy.count_receipt_day = settings.count_receipt_day();
  policy.reminder_lead_days = settings.reminder_lead_days();
  policy.default_correction_window = settings.default_correction_window();
  return policy;
}

// BLAKE2b-256 of the command without its key and actor: what a retry with
// the same key must repeat exactly.
std::string CommandDigest(const v1::Command& command) {
  v1::Command body = command;
  body.clear_idempotency_key();
  body.clear_actor();
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    body.SerializeToCodedStream(&coded);
  }
  std::string digest(crypto_generichash_BYTES, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(digest.data()), digest.size(),
                     reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), nullptr,
                     0);
  return digest;
}

std::string RegimeWords(const std::optional<v1::Regime>& pinned) {
  return pinned ? "pinned to " + std::string(RulesFor(*pinned).name) : "chosen by receipt date";
}

ReaderConfig MakeReaderConfig(const AgencyRegistry& agencies, const LedgerOptions& options) {
  ReaderConfig config;
  config.agencies = &agencies;
  config.policy = options.policy;
  config.alerts_endpoint = options.alerts_endpoint;
  config.default_list_limit = options.default_list_limit;
  config.max_list_limit = options.max_list_limit;
  config.max_reply_bytes = options.max_reply_bytes;
  config.retention_years = options.retention_years;
  return config;
}

}  // namespace

v1::EngineSettings SettingsOf(const DeadlinePolicy& policy) {
  v1::EngineSettings settings;
  settings.set_pinned_regime(policy.pinned_regime.value_or(v1::REGIME_UNSPECIFIED));
  settings.set_due_soon_days(policy.due_soon_days);
  settings.set_count_receipt_day(policy.count_receipt_day);
  settings.set_reminder_lead_days(policy.reminder_lead_days);
  settings.set_default_correction_window(policy.default_correction_window);
  return settings;
}

StatusOr<std::optional<DeadlinePolicy>> StoredPolicy(Store& store) {
  auto stored = store.Get(Table::kMeta, kMetaSettings);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return std::optional<DeadlinePolicy>();
  auto settings = ParseStored<v1::EngineSettings>(**stored, "settings");
  if (!settings.ok()) return settings.status();
  return std::optional(PolicyOf(*settings));
}

Ledger::Ledger(Store& store, std::unique_ptr<Clock> clock, std::shared_ptr<const Calendar> calendar,
               AgencyRegistry agencies, LedgerOptions options)
    : store_(store),
      clock_(std::move(clock)),
      agencies_(std::move(agencies)),
      options_(std::move(options)),
      reader_config_(MakeReaderConfig(agencies_, options_)),
      group_(store),
      today_(clock_->Today()),
      calendars_(std::move(calendar)) {}

void Ledger::set_alerts_endpoint(std::string endpoint) {
  options_.alerts_endpoint = endpoint;
  reader_config_.alerts_endpoint = std::move(endpoint);
}

Status Ledger::ForEachRequest(const std::function<Status(v1::RequestState&)>& visit) {
  Status result = OkStatus();
  GONGKAI_RETURN_IF_ERROR(
      store_.Scan(Table::kRequests, "", "", [&](std::string_view, std::string_view value) {
        v1::RequestState state;
        result = state.ParseFromArray(value.data(), int(value.size()))
                     ? visit(state)
                     : InternalError("a stored request is corrupt");
        return result.ok();
      }));
  return result;
}

Status Ledger::LoadAlertMeta() {
  for (auto [key, last] : {std::pair{kMetaAlertSequence, &last_alert_sequence_},
                           std::pair{kMetaReminderSequence, &last_reminder_sequence_},
                           std::pair{kMetaAuditSequence, &last_audit_sequence_}}) {
    auto sequence = store_.Get(Table::kMeta, key);
    if (!sequence.ok()) return sequence.status();
    if (!sequence->has_value()) continue;
    auto number = ParseStoredNumber(**sequence, "alert sequence");
    if (!number.ok()) return number.status();
    *last = *number;
  }
  auto swept = store_.Get(Table::kMeta, kMetaSweptThrough);
  if (!swept.ok()) return swept.status();
  if (swept->has_value()) {
    auto date = ParseDate(**swept);
    if (!date.ok()) return InternalError("the stored sweep date is corrupt");
    swept_through_ = *date;
  }
  return OkStatus();
}

StatusOr<std::unique_ptr<Ledger>> Ledger::Open(Store& store, std::unique_ptr<Clock> clock,
                                               std::shared_ptr<const Calendar> calendar,
                                               AgencyRegistry agencies, LedgerOptions options) {
  if (clock->IsManual()) {
    auto stored = store.Get(Table::kMeta, kMetaClock);
    if (!stored.ok()) return stored.status();
    if (stored->has_value()) {
      auto date = ParseDate(**stored);
      if (!date.ok()) return InternalError("the stored manual clock is corrupt");
      // The stored date wins over a flag's earlier date: time never runs back.
      if (*date > clock->Today()) GONGKAI_RETURN_IF_ERROR(clock->AdvanceTo(*date));
    }
  }
  std::unique_ptr<Ledger> ledger(
      new Ledger(store, std::move(clock), std::move(calendar), std::move(agencies), options));
  GONGKAI_RETURN_IF_ERROR(ledger->LoadCalendars());
  GONGKAI_RETURN_IF_ERROR(ledger->LoadAlertMeta());
  auto principals = PrincipalRegistry::Load(store);
  if (!principals.ok()) return principals.status();
  ledger->principals_ = std::move(principals).value();
  auto stored = StoredPolicy(store);
  if (!stored.ok()) return stored.status();
  GONGKAI_RETURN_IF_ERROR(ledger->CheckSettings(*stored));
  GONGKAI_RETURN_IF_ERROR(ledger->BuildSearchIndex());
  GONGKAI_RETURN_IF_ERROR(ledger->BuildDueIndex());
  GONGKAI_RETURN_IF_ERROR(ledger->BuildMonthCounters());
  ledger->PublishReadState();
  return ledger;
}

Status Ledger::CheckSettings(const std::optional<DeadlinePolicy>& stored) {
  const DeadlinePolicy& wanted = options_.policy;
  if (stored && (stored->pinned_regime != wanted.pinned_regime ||
                 stored->count_receipt_day != wanted.count_receipt_day)) {
    return FailedPreconditionError(
        "this data directory was created with the regime " + RegimeWords(stored->pinned_regime) +
        " and the day of receipt " + (stored->count_receipt_day ? "counted" : "not counted") +
        "; its due dates follow those settings, which cannot change (asked now: regime " +
        RegimeWords(wanted.pinned_regime) + ", day of receipt " +
        (wanted.count_receipt_day ? "counted" : "not counted") + ")");
  }
  const bool alerts_moved = stored && (stored->due_soon_days != wanted.due_soon_days ||
                                       stored->reminder_lead_days != wanted.reminder_lead_days);
  if (stored && !alerts_moved &&
      stored->default_correction_window == wanted.default_correction_window) {
    return OkStatus();
  }
  if (alerts_moved) GONGKAI_RETURN_IF_ERROR(ReindexAll());
  WriteSet writes;
  writes.Put(Table::kMeta, kMetaSettings, SettingsOf(wanted).SerializeAsString());
  return store_.Write(writes, /*sync=*/true);
}

Status Ledger::ReindexAll() {
  PendingGroup group(store_);
  Txn txn(group);
  GONGKAI_RETURN_IF_ERROR(ForEachRequest([&](v1::RequestState& state) -> Status {
    auto changed = Reindex(state, txn);
    if (!changed.ok()) return changed.status();
    if (*changed) txn.Put(Table::kRequests, state.id(), state.SerializeAsString());
    return OkStatus();
  }));
  txn.Commit();
  if (group.empty()) return OkStatus();
  return store_.Write(group.Collect(), /*sync=*/true);
}

std::shared_ptr<const ReadState> Ledger::read_state() const {
  std::lock_guard<std::mutex> lock(read_state_mutex_);
  return read_state_;
}

void Ledger::PublishReadState() {
  auto state = std::make_shared<ReadState>(ReadState{store_.Snapshot(), today_, clock_->IsManual(),
                                                     calendars_, last_alert_sequence_,
                                                     last_reminder_sequence_});
  std::lock_guard<std::mutex> lock(read_state_mutex_);
  read_state_ = std::move(state);
}

uint64_t Ledger::NextSequence(bool reminders) {
  std::optional<uint64_t>& last =
      reminders ? edit_.last_reminder_sequence : edit_.last_alert_sequence;
  if (!last) last = reminders ? last_reminder_sequence_ : last_alert_sequence_;
  return ++*last;
}

std::vector<v1::Reply> Ledger::HandleGroup(const std::vector<v1::Command>& commands,
                                           const std::vector<Caller>& callers) {
  std::vector<v1::Reply> replies(commands.size());
  std::vector<bool> mutated(commands.size(), false);
  group_.Clear();
  edit_ = Edit{};
  if (clock_->Today() != today_) intakes_today_.clear();
  today_ = clock_->Today();
  for (size_t i = 0; i < commands.size(); ++i) {
    if (IsQuery(commands[i]) || commands[i].has_sweep()) continue;
    bool changed = false;
    caller_ = i < callers.size() && !callers[i].principal.name().empty() ? &callers[i] : nullptr;
    maker_ = caller_ != nullptr ? caller_->principal.name() : commands[i].actor();
    replies[i] = HandleMutation(commands[i], maker_, changed);
    mutated[i] = changed;
    NoteAudit({AuditOf(commands[i], caller_, replies[i], today())});
  }
  caller_ = nullptr;
  maker_.clear();
  // Record the alerts that have come due, in the same write: the index is
  // read only up to today, so with nothing due this is one seek. A failed
  // sweep leaves no trace: neither its writes nor its part of the edit.
  const bool sweep_asked = std::any_of(commands.begin(), commands.end(),
                                       [](const v1::Command& c) { return c.has_sweep(); });
  const bool full_sweep = sweep_asked || swept_through_ != today();
  const Edit before_sweep = edit_;
  Txn sweep(group_);
  maker_ = "gongkaid";
  Status swept = SweepInto(sweep, full_sweep);
  if (swept.ok()) swept = SweepRetention(sweep, full_sweep);
  maker_.clear();
  if (swept.ok()) {
    sweep.Commit();
    if (full_sweep) edit_.swept_through = today();
  } else {
    edit_ = before_sweep;
  }
  // Remembered with writes that happen anyway (a group that changes
  // nothing writes nothing); a stale mark only makes a later scan longer.
  if (swept.ok() && full_sweep && !group_.empty()) {
    Txn mark(group_);
    mark.Put(Table::kMeta, kMetaSweptThrough, FormatDate(today()));
    mark.Commit();
  }
  WriteGroup(commands, mutated, swept, replies);
  group_.Clear();
  const LedgerReader reader(reader_config_, read_state());
  for (size_t i = 0; i < commands.size(); ++i) {
    if (IsQuery(commands[i])) replies[i] = reader.Handle(commands[i]);
  }
  return replies;
}

void Ledger::WriteGroup(const std::vector<v1::Command>& commands, const std::vector<bool>& mutated,
                        Status swept, std::vector<v1::Reply>& replies) {
  Status written = OkStatus();
  // The audit records go with a write that happens anyway.
  if (!group_.empty()) WriteAudit();
  if (!group_.empty()) written = store_.Write(group_.Collect(), /*sync=*/true);
  const size_t recorded = edit_.alerts.size();
  if (written.ok()) {
    Commit(std::move(edit_));
  } else {
    swept = written;
    // Unavailable (a full disk, a failed write) may pass: retry. Anything
    // else (damaged data) keeps its code, and retrying will not help.
    const Status refusal =
        written.code() == StatusCode::kUnavailable
            ? UnavailableError(StrCat({"the change was not saved (", written.message(),
                                       "); retry with the same idempotency key"}))
            : Status(written.code(),
                     StrCat({"the change was not saved (", written.message(), ")"}));
    for (size_t i = 0; i < replies.size(); ++i) {
      if (mutated[i]) replies[i] = ReplyFor(refusal);
    }
  }
  edit_ = Edit{};
  for (size_t i = 0; i < commands.size(); ++i) {
    if (!commands[i].has_sweep()) continue;
    replies[i] = ReplyFor(swept);
    if (swept.ok()) replies[i].set_message("recorded " + std::to_string(recorded) + " alerts");
  }
}

void Ledger::Commit(Edit edit) {
  if (edit.today && *edit.today != clock_->Today()) (void)clock_->AdvanceTo(*edit.today);
  if (edit.today) today_ = *edit.today;
  if (edit.calendars) calendars_ = std::move(*edit.calendars);
  if (edit.last_alert_sequence) last_alert_sequence_ = *edit.last_alert_sequence;
  if (edit.last_reminder_sequence) last_reminder_sequence_ = *edit.last_reminder_sequence;
  if (edit.swept_through) swept_through_ = edit.swept_through;
  if (edit.retention_swept) retention_resume_ = std::move(edit.retention_resume);
  if (edit.today) intakes_today_.clear();  // The quota counts a new day.
  for (const auto& [sender, count] : edit.intakes) intakes_today_[sender] += count;
  for (const auto& principal : edit.principals) principals_->Put(principal);
  if (edit.last_audit_sequence) last_audit_sequence_ = *edit.last_audit_sequence;
  if (edit.audit_written > 0) {
    std::lock_guard<std::mutex> lock(audit_mutex_);
    pending_audit_.erase(pending_audit_.begin(),
                         pending_audit_.begin() + std::ptrdiff_t(edit.audit_written));
  }
  recorded_alerts_.insert(recorded_alerts_.end(), std::make_move_iterator(edit.alerts.begin()),
                          std::make_move_iterator(edit.alerts.end()));
  PublishReadState();
}

Status Ledger::CheckIntakeQuota(const std::string& sender) {
  const int quota = options_.intake_quota_per_day;
  if (quota <= 0) return OkStatus();
  auto committed = intakes_today_.find(sender);
  const int done = (committed == intakes_today_.end() ? 0 : committed->second) +
                   (edit_.intakes.count(sender) ? edit_.intakes.at(sender) : 0);
  if (done < quota) return OkStatus();
  return ResourceExhaustedError("the quota of " + std::to_string(quota) +
                                " intakes a day for one person is reached; an operator can raise "
                                "it (gongkaid --intake-quota)");
}

v1::Reply Ledger::HandleMutation(const v1::Command& command, const std::string& sender,
                                 bool& mutated) {
  if (command.body_case() == v1::Command::BODY_NOT_SET) {
    return ReplyFor(InvalidArgumentError("the command is empty or unknown to this engine"));
  }
  if (command.has_admin_backup()) {
    return ReplyFor(FailedPreconditionError(
        "admin backup is made by gongkaid's server on a reader thread, not by the ledger"));
  }
  if (command.actor().size() > kMaxActor) {
    return ReplyFor(InvalidArgumentError("the actor name is longer than 100 bytes"));
  }
  const std::string& key = command.idempotency_key();
  if (key.empty() || key.size() > kMaxIdempotencyKey) {
    return ReplyFor(InvalidArgumentError(
        "every change carries an idempotency key of 1 to 128 bytes, so that a retry is safe"));
  }
  Txn txn(group_);
  const std::string digest = CommandDigest(command);
  auto seen = txn.Get(Table::kIdempotency, key);
  if (!seen.ok()) return ReplyFor(seen.status());
  if (seen->has_value()) {
    auto first = ParseStored<v1::IdempotencyRecord>(**seen, "idempotency");
    if (!first.ok()) return ReplyFor(first.status());
    if (first->sender() != sender || first->command_digest() != digest) {
      return ReplyFor(FailedPreconditionError(
          "idempotency key reused: it was first given with another command or by another "
          "sender; a new change needs a new key"));
    }
    return first->reply();
  }
  // A refused command's part of the edit goes with it.
  const Edit before = edit_;
  StatusOr<v1::Reply> reply =
      InvalidArgumentError("the command is empty or unknown to this engine");
  if (command.has_intake()) {
    const Status quota = CheckIntakeQuota(sender);
    reply = quota.ok() ? Intake(command, txn) : StatusOr<v1::Reply>(quota);
    if (reply.ok()) ++edit_.intakes[sender];
  }
  if (command.has_record_event()) reply = RecordEvent(command, txn);
  if (command.has_amend()) reply = Amend(command, txn);
  if (command.has_clock_advance()) reply = ClockAdvance(command, txn);
  if (command.has_alert_ack()) reply = AlertAck(command, txn);
  if (command.has_report_lock()) reply = ReportLock(command, txn);
  if (command.has_calendar_load()) reply = CalendarLoad(command, txn);
  if (command.has_user_add()) reply = UserAdd(command, txn);
  if (command.has_user_grant() || command.has_user_revoke() || command.has_user_rotate()) {
    reply = UserChange(command, txn);
  }
  if (command.has_user_password()) reply = UserPassword(command, txn);
  if (command.has_applicant_erase()) reply = ApplicantErase(command, txn);
  // A dry run changes nothing and is not remembered: the same key may then
  // load for real.
  const bool dry_run = command.has_calendar_load() && command.calendar_load().dry_run();
  if (!reply.ok() || dry_run) {
    edit_ = before;
    return reply.ok() ? *reply : ReplyFor(reply.status());
  }
  v1::IdempotencyRecord record;
  record.set_sender(sender);
  record.set_command_digest(digest);
  *record.mutable_reply() = *reply;
  txn.Put(Table::kIdempotency, key, record.SerializeAsString());
  txn.Commit();
  mutated = true;
  return *reply;
}

StatusOr<v1::Reply> Ledger::ClockAdvance(const v1::Command& command, Txn& txn) {
  if (!clock_->IsManual()) {
    return FailedPreconditionError(
        "the engine runs on the system clock, which cannot be "
        "advanced; start it with --clock manual:YYYY-MM-DD");
  }
  auto to = FromCivil(command.clock_advance().to(), "the new date");
  if (!to.ok()) return to.status();
  if (*to < today()) {
    return InvalidArgumentError(FormatDate(*to) + " is before today (" + FormatDate(today()) +
                                "): the clock only moves forward");
  }
  edit_.today = *to;
  txn.Put(Table::kMeta, kMetaClock, FormatDate(*to));
  v1::Reply reply = ReplyFor(OkStatus());
  *reply.mutable_today() = ToCivil(*to);
  reply.set_text("manual");
  *reply.mutable_settings() = SettingsOf(options_.policy);  // Printed as clock show does.
  return reply;
}

StatusOr<bool> Ledger::Reindex(v1::RequestState& state, Txn& txn) {
  auto schedule = AlertSchedule(state, calendar(), options_.policy);
  if (!schedule.ok()) return schedule.status();
  const bool due_moved = ReindexDueDate(state, *schedule, txn);
  const auto next = NextAlert(*schedule, state);
  const std::optional<Date> old_date = IsSet(state.next_alert_on())
                                           ? std::optional(FromCivilTrusted(state.next_alert_on()))
                                           : std::nullopt;
  const std::optional<Date> new_date = next ? std::optional(next->on) : std::nullopt;
  if (old_date == new_date) return due_moved;
  if (old_date) txn.Delete(Table::kDeadlines, DeadlineKey(*old_date, state.id()));
  state.clear_next_alert_on();
  if (new_date) {
    *state.mutable_next_alert_on() = ToCivil(*new_date);
    txn.Put(Table::kDeadlines, DeadlineKey(*new_date, state.id()), "");
  }
  return true;
}

Status Ledger::SaveStep(const v1::RequestState& before, v1::RequestState& after,
                        const v1::Event& stored_event, Txn& txn) {
  // `after` carries next_alert_on from `before`: Reindex moves that entry.
  after.clear_next_alert_on();
  if (IsSet(before.next_alert_on())) *after.mutable_next_alert_on() = before.next_alert_on();
  after.clear_indexed_due_on();
  if (IsSet(before.indexed_due_on())) *after.mutable_indexed_due_on() = before.indexed_due_on();
  auto reindexed = Reindex(after, txn);
  if (!reindexed.ok()) return reindexed.status();
  after.clear_erase_on();
  if (IsSet(before.erase_on())) *after.mutable_erase_on() = before.erase_on();
  auto retained = ReindexRetention(after, txn);
  if (!retained.ok()) return retained.status();
  for (const auto& delta : CounterDeltas(before, after)) txn.AddCounter(delta.key, delta.delta);
  GONGKAI_RETURN_IF_ERROR(ReindexSearch(before, after, txn));
  txn.Put(Table::kEvents, EventKey(after.id(), stored_event.sequence()),
          stored_event.SerializeAsString());
  txn.Put(Table::kRequests, after.id(), after.SerializeAsString());
  return OkStatus();
}

}  // namespace gongkai
