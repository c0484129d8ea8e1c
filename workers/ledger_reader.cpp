// The reader's everyday queries: show, list, clock show, overdue, alerts
// fetch. Reports and verification are in reader_checks.cpp.
#include "workers/ledger_reader.h"

#include <algorithm>
#include <tuple>

#include "engine/access.h"
#include "engine/allowed_events.h"
#include "engine/civil_date.h"
#include "engine/deadline.h"
#include "engine/keys.h"
#include "engine/request_machine.h"
#include "engine/wire_status.h"
#include "workers/ledger.h"
#include "workers/records.h"

namespace gongkai {
namespace {

constexpr int kDefaultAlertLimit = 1000;
constexpr int kMaxAlertLimit = 10000;
constexpr size_t kMaxIdBytes = 64;
// The latest working day on or before `day` (China's longest rest, a
// holiday with its weekends, is under two weeks).
Date LastWorkingDayUpTo(const Calendar& calendar, Date day) {
  for (int back = 0; back < 31 && !calendar.IsWorkingDay(day); ++back) day -= std::chrono::days(1);
  return day;
}

Status CheckListStatus(const std::string& status) {
  if (status.empty() || status == "open" || status == "closed" || status == "overdue" ||
      status == "due-soon") {
    return OkStatus();
  }
  return InvalidArgumentError("--status must be open, closed, overdue or due-soon, not '" +
                              Excerpt(status, 20) + "'");
}

// A list's order: by due date (none last), then id. The cursor is the sort
// key of the last request of a page: "<YYYY-MM-DD or ~>|<id>".
struct ListEntry {
  std::optional<Date> due;
  std::string id;
  std::string SortKey() const { return (due ? FormatDate(*due) : "~") + "|" + id; }
  // The order of the sort keys, without making them.
  bool Before(const ListEntry& other) const {
    return std::tuple(!due.has_value(), due.value_or(Date()), std::string_view(id)) <
           std::tuple(!other.due.has_value(), other.due.value_or(Date()),
                      std::string_view(other.id));
  }
};

// An overdue worklist's order: most overdue first, then id.
struct OverdueRank {
  int working_days_overdue = 0;
  std::string id;
  bool operator<(const OverdueRank& other) const {
    return std::tuple(-working_days_overdue, id) <
           std::tuple(-other.working_days_overdue, other.id);
  }
};

// Takes entries in order while they fit in `max_bytes` (at least one), up
// to `limit`; sets next_cursor when more are left. `add` returns the bytes
// it added, or SIZE_MAX when it failed (the page stops there).
template <typename Entry, typename Add>
void Page(const std::vector<Entry>& entries, size_t first, size_t limit, size_t max_bytes,
          v1::Reply& reply, const std::function<std::string(const Entry&)>& cursor_of,
          const Add& add) {
  size_t bytes = 0, taken = 0;
  size_t i = first;
  for (; i < entries.size() && taken < limit; ++i, ++taken) {
    const size_t size = add(entries[i]);
    if (size == SIZE_MAX) return;  // `add` failed; the caller reports it.
    bytes += size;
    if (bytes > max_bytes && taken > 0) {
      ++i;  // The entry just added is on this page: the next one starts after it.
      break;
    }
  }
  if (i < entries.size()) reply.set_next_cursor(cursor_of(entries[i - 1]));
  reply.set_total(int64_t(entries.size()));
}

}  // namespace

bool IsQuery(const v1::Command& command) {
  switch (command.body_case()) {
    case v1::Command::kAgencies:
    case v1::Command::kShow:
    case v1::Command::kList:
    case v1::Command::kSearch:
    case v1::Command::kClockShow:
    case v1::Command::kAdminVerify:
    case v1::Command::kAlertsFetch:
    case v1::Command::kOverdue:
    case v1::Command::kReportAnnual:
    case v1::Command::kUserList:
    case v1::Command::kAudit:
    case v1::Command::kLogin:  // Verified on a reader: never on the ledger's thread.
      return true;
    default:
      return false;
  }
}

LedgerReader::LedgerReader(const ReaderConfig& config, std::shared_ptr<const ReadState> state)
    : config_(config),
      state_(std::move(state)),
      store_(*state_->store),
      calendar_(state_->calendar()) {}

v1::Reply LedgerReader::Handle(const v1::Command& command, const v1::Principal* caller) const {
  caller_ = caller;
  StatusOr<v1::Reply> reply =
      InvalidArgumentError("the command is empty or unknown to this engine");
  switch (command.body_case()) {
    case v1::Command::kShow:
      reply = Show(command.show());
      break;
    case v1::Command::kList:
      reply = List(command.list());
      break;
    case v1::Command::kSearch:
      reply = Search(command.search());
      break;
    case v1::Command::kClockShow:
      reply = ClockShow();
      break;
    case v1::Command::kAdminVerify:
      reply = Verify();
      break;
    case v1::Command::kAlertsFetch:
      reply = AlertsFetch(command.alerts_fetch());
      break;
    case v1::Command::kOverdue:
      reply = Overdue(command.overdue());
      break;
    case v1::Command::kReportAnnual: {
      v1::ReportAnnualCommand report = command.report_annual();
      report.set_agency_code(ScopeOf(report.agency_code()));
      reply = ReportAnnual(report);
      break;
    }
    case v1::Command::kUserList:
      reply = UserList();
      break;
    case v1::Command::kAgencies:
      reply = Agencies();
      break;
    case v1::Command::kAudit:
      reply = Audit(command.audit());
      break;
    case v1::Command::kLogin:
      reply = Login(command.login());
      break;
    default:
      break;
  }
  v1::Reply out = reply.ok() ? std::move(reply).value() : ReplyFor(reply.status());
  *out.mutable_today() = ToCivil(state_->today);
  return out;
}

std::string LedgerReader::ScopeOf(const std::string& agency) const {
  return agency.empty() && caller_ != nullptr ? caller_->agency_code() : agency;
}

Status LedgerReader::CheckAgency(const std::string& code) const {
  return config_.agencies->CheckKnown(code);
}

Status LedgerReader::ForEachRequest(const std::function<Status(v1::RequestState&)>& visit) const {
  Status result = OkStatus();
  size_t seen = 0;
  GONGKAI_RETURN_IF_ERROR(
      store_.Scan(Table::kRequests, "", "", [&](std::string_view, std::string_view value) {
        if (pause_ && ++seen % 256 == 0) pause_();
        v1::RequestState state;
        result = state.ParseFromArray(value.data(), int(value.size()))
                     ? visit(state)
                     : InternalError("a stored request is corrupt");
        return result.ok();
      }));
  return result;
}

v1::Reply LedgerReader::Agencies() const {
  v1::Reply reply = ReplyFor(OkStatus());
  for (const auto& [code, agency] : config_.agencies->all()) {
    if (caller_ != nullptr && !InScope(*caller_, code, *config_.agencies)) continue;
    v1::AgencyInfo* info = reply.add_agencies();
    info->set_code(code);
    info->set_name(agency.name);
    info->set_parent_code(agency.parent_code);
    info->set_tier(agency.tier);  // The web console shows the tree by them.
    info->set_path(agency.path);
  }
  reply.set_total(reply.agencies_size());
  return reply;
}

v1::Reply LedgerReader::ClockShow() const {
  v1::Reply reply = ReplyFor(OkStatus());
  reply.set_text(state_->manual_clock ? "manual" : "system");
  *reply.mutable_settings() = SettingsOf(config_.policy);
  return reply;
}

StatusOr<v1::RequestView> LedgerReader::View(const v1::RequestState& state,
                                             bool with_events) const {
  v1::RequestView view;
  *view.mutable_state() = state;
  if (const Agency* agency = config_.agencies->Find(state.agency_code())) {
    view.set_agency_name(agency->name);
  }
  auto deadline = ComputeDeadline(state, calendar_, config_.policy);
  if (!deadline.ok()) return deadline.status();
  if (deadline->due_date) {
    *view.mutable_due_date() = ToCivil(*deadline->due_date);
    if (!ClockStopped(state) && !IsClosed(state.status())) {
      const Date today = state_->today;
      view.set_working_days_left(WorkingDaysLeft(calendar_, *deadline->due_date, today));
      view.set_working_days_overdue(WorkingDaysOverdue(calendar_, *deadline->due_date, today));
    }
  }
  view.set_due_date_provisional(deadline->provisional);
  for (auto& line : deadline->explanation) view.add_explanation(std::move(line));
  if (!with_events) return view;
  Status parsed = OkStatus();
  GONGKAI_RETURN_IF_ERROR(store_.Scan(
      Table::kEvents, EventPrefix(state.id()), "", [&](std::string_view, std::string_view value) {
        if (!view.add_events()->ParseFromArray(value.data(), int(value.size()))) {
          parsed = InternalError("a stored event of " + state.id() + " is corrupt");
          return false;
        }
        return true;
      }));
  GONGKAI_RETURN_IF_ERROR(parsed);
  return view;
}

StatusOr<v1::Reply> LedgerReader::Show(const v1::ShowCommand& command) const {
  if (command.request_id().empty() || command.request_id().size() > kMaxIdBytes) {
    return InvalidArgumentError("the request id is missing or too long");
  }
  auto stored = store_.Get(Table::kRequests, command.request_id());
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) {
    return NotFoundError("request " + command.request_id() + " does not exist: check the id");
  }
  auto state = ParseStored<v1::RequestState>(**stored, "request");
  if (!state.ok()) return state.status();
  auto view = View(*state, /*with_events=*/true);
  if (!view.ok()) return view.status();
  if (caller_ != nullptr && SeesPersonalData(*caller_, state->agency_code(), *config_.agencies)) {
    auto applicant = store_.Get(Table::kApplicants, state->id());
    if (!applicant.ok()) return applicant.status();
    if (applicant->has_value() && !view->mutable_applicant()->ParseFromString(**applicant)) {
      return InternalError("a stored applicant record is corrupt");
    }
  }
  if (caller_ != nullptr) {
    const MachineContext context{calendar_, config_.policy, state_->today};
    for (auto& kind : AllowedEvents(*state, *caller_, *config_.agencies, context)) {
      view->add_allowed_events(std::move(kind));
    }
  }
  v1::Reply reply = ReplyFor(OkStatus());
  reply.set_request_id(state->id());
  *reply.add_requests() = std::move(view).value();
  return reply;
}

StatusOr<v1::Reply> LedgerReader::List(const v1::ListCommand& asked) const {
  v1::ListCommand command = asked;
  command.set_agency_code(ScopeOf(asked.agency_code()));
  GONGKAI_RETURN_IF_ERROR(CheckListStatus(command.status()));
  if (!command.agency_code().empty()) GONGKAI_RETURN_IF_ERROR(CheckAgency(command.agency_code()));
  if (command.limit() < 0 || command.limit() > config_.max_list_limit) {
    return InvalidArgumentError("--limit must be from 1 to " +
                                std::to_string(config_.max_list_limit));
  }
  if (command.cursor().size() > 100) return InvalidArgumentError("the cursor is malformed");
  const size_t limit = command.limit() == 0 ? config_.default_list_limit : command.limit();
  const std::string& filter = command.status();
  if (command.due_within() < 0 || command.due_within() > 400) {
    return InvalidArgumentError("--due-within must be from 1 to 400 working days");
  }
  std::optional<Date> due_before;
  if (IsSet(command.due_before())) {
    auto day = FromCivil(command.due_before(), "--due-before");
    if (!day.ok()) return day.status();
    due_before = *day;
  }
  // Only the order is computed for every match (no explanation, no copy);
  // the page's views are built from the snapshot afterwards.
  std::vector<ListEntry> entries;
  size_t total = 0;  // Matches in all.
  // Whether a request with these facts is listed: one rule for the index
  // and the scan. `due` is set whenever `running`.
  const auto matches = [&](int year, std::string_view agency, bool closed, bool running,
                           std::optional<Date> due) {
    if (command.year() != 0 && year != command.year()) return false;
    if (!command.agency_code().empty() && !InScopeCached(agency, command.agency_code())) {
      return false;
    }
    if ((filter == "open" && closed) || (filter == "closed" && !closed)) return false;
    const bool overdue = running && WorkingDaysOverdue(calendar_, *due, state_->today) > 0;
    const int left = running ? WorkingDaysLeft(calendar_, *due, state_->today) : 0;
    if ((filter == "overdue" || command.overdue()) && !overdue) return false;
    if (filter == "due-soon" && !(running && !overdue && left <= config_.policy.due_soon_days)) {
      return false;
    }
    if (command.due_within() > 0 && !(running && !overdue && left <= command.due_within())) {
      return false;
    }
    return !due_before || (running && *due <= *due_before);
  };
  const int within = command.due_within() > 0 ? command.due_within()
                     : filter == "due-soon"   ? config_.policy.due_soon_days
                                              : -1;
  if (within >= 0 || command.overdue() || filter == "overdue" || due_before) {
    // Only running periods can match: a range of the due-date index.
    DueRange range;
    if (command.overdue() || filter == "overdue") range.last = state_->today;
    if (due_before) range.last = std::min(range.last.value_or(*due_before), *due_before);
    if (within >= 0 && !command.overdue() && filter != "overdue") {
      auto far = calendar_.AddWorkingDays(state_->today, within + 2);
      if (!far.ok()) return far.status();
      range.last = std::min(range.last.value_or(far->date), far->date);
      // Not overdue: no working day after the due date up to today, so it
      // is due on or after the last working day up to today.
      range.first = LastWorkingDayUpTo(calendar_, state_->today);
    }
    // The index's order is the list's: only the page after the cursor is
    // kept (one more, to know that more follow), the rest only counted.
    GONGKAI_RETURN_IF_ERROR(ForEachRunning(range, [&](const RunningEntry& entry) {
      if (!matches(entry.value.year_received, entry.value.agency_code, false, true, entry.due)) {
        return;
      }
      ++total;
      if (!command.cursor().empty() && entry.key <= command.cursor()) return;
      if (entries.size() <= limit) entries.push_back({entry.due, std::string(entry.id)});
    }));
  } else {
    GONGKAI_RETURN_IF_ERROR(ForEachRequest([&](v1::RequestState& state) -> Status {
      auto deadline = ComputeDeadline(state, calendar_, config_.policy, /*explain_how=*/false);
      if (!deadline.ok()) return deadline.status();
      const bool running = deadline->due_date.has_value() &&
                           state.status() == v1::REQUEST_STATUS_OPEN && !ClockStopped(state);
      if (matches(state.received_on().year(), state.agency_code(), IsClosed(state.status()),
                  running, deadline->due_date)) {
        entries.push_back({deadline->due_date, state.id()});
      }
      return OkStatus();
    }));
    total = entries.size();
    std::sort(entries.begin(), entries.end(),
              [](const ListEntry& a, const ListEntry& b) { return a.Before(b); });
    const auto first = std::upper_bound(
        entries.begin(), entries.end(), command.cursor(),
        [](const std::string& cursor, const ListEntry& e) { return cursor < e.SortKey(); });
    if (!command.cursor().empty()) entries.erase(entries.begin(), first);
  }
  v1::Reply reply = ReplyFor(OkStatus());
  Status built = OkStatus();
  Page<ListEntry>(
      entries, 0, limit, config_.max_reply_bytes, reply,
      [](const ListEntry& e) { return e.SortKey(); },
      [&](const ListEntry& e) -> size_t {
        auto view = ViewOf(e.id);
        if (!view.ok()) built = view.status();
        if (!built.ok()) return SIZE_MAX;  // Ends the page; the error is returned.
        const size_t bytes = view->ByteSizeLong();
        *reply.add_requests() = std::move(view).value();
        return bytes;
      });
  GONGKAI_RETURN_IF_ERROR(built);
  reply.set_total(int64_t(total));
  reply.set_message(std::to_string(total) + " requests match");
  return reply;
}

StatusOr<v1::RequestView> LedgerReader::ViewOf(const std::string& id) const {
  auto stored = store_.Get(Table::kRequests, id);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return InternalError("request " + id + " vanished from a snapshot");
  auto state = ParseStored<v1::RequestState>(**stored, "request");
  if (!state.ok()) return state.status();
  return View(*state, /*with_events=*/false);
}

StatusOr<v1::OverdueEntry> LedgerReader::OverdueEntryOf(const std::string& id) const {
  auto view = ViewOf(id);
  if (!view.ok()) return view.status();
  v1::OverdueEntry entry;
  entry.set_working_days_overdue(view->working_days_overdue());
  const Agency* agency = config_.agencies->Find(view->state().agency_code());
  entry.set_agency_name(agency != nullptr ? agency->name : "");
  // The most severe alert raised for the current due date (a lower level
  // passed over while the engine was down was never raised).
  for (const auto level : {v1::ALERT_LEVEL_VERY_OVERDUE, v1::ALERT_LEVEL_OVERDUE}) {
    auto sequence =
        store_.Get(Table::kAlerts, FiredKey(id, level, view->state().deadline_version()));
    if (!sequence.ok()) return sequence.status();
    if (!sequence->has_value()) continue;
    auto number = ParseStoredNumber(**sequence, "alert sequence");
    if (!number.ok()) return number.status();
    entry.set_alert_sequence(*number);
    auto ack = store_.Get(Table::kAlerts, AckKey(entry.alert_sequence()));
    if (!ack.ok()) return ack.status();
    entry.set_acknowledged(ack->has_value());
    break;
  }
  *entry.mutable_request() = std::move(view).value();
  return entry;
}

StatusOr<v1::Reply> LedgerReader::Overdue(const v1::OverdueCommand& asked) const {
  v1::OverdueCommand command = asked;
  command.set_agency_code(ScopeOf(asked.agency_code()));
  if (command.agency_code().empty()) {
    return InvalidArgumentError("--agency is required: the worklist covers an agency's subtree");
  }
  GONGKAI_RETURN_IF_ERROR(CheckAgency(command.agency_code()));
  // Ranked over every running period in scope due before today (the
  // due-date index); entries built for the page only.
  std::vector<OverdueRank> ranks;
  GONGKAI_RETURN_IF_ERROR(ForEachRunning({std::nullopt, state_->today}, [&](const RunningEntry& e) {
    if (!InScopeCached(e.value.agency_code, command.agency_code())) return;
    const int overdue = WorkingDaysOverdue(calendar_, e.due, state_->today);
    if (overdue > 0) ranks.push_back({overdue, std::string(e.id)});
  }));
  std::sort(ranks.begin(), ranks.end());
  size_t first = 0;
  if (!command.cursor().empty()) {
    while (first < ranks.size() && ranks[first].id != command.cursor()) ++first;
    first = first < ranks.size() ? first + 1 : 0;
  }
  v1::Reply reply = ReplyFor(OkStatus());
  Status built = OkStatus();
  Page<OverdueRank>(
      ranks, first, ranks.size(), config_.max_reply_bytes, reply,
      [](const OverdueRank& r) { return r.id; },
      [&](const OverdueRank& r) -> size_t {
        auto entry = OverdueEntryOf(r.id);
        if (!entry.ok()) built = entry.status();
        if (!built.ok()) return SIZE_MAX;  // Ends the page; the error is returned.
        const size_t bytes = entry->ByteSizeLong();
        *reply.add_overdue() = std::move(entry).value();
        return bytes;
      });
  GONGKAI_RETURN_IF_ERROR(built);
  reply.set_message(std::to_string(ranks.size()) + " overdue requests");
  return reply;
}

StatusOr<v1::Reply> LedgerReader::AlertsFetch(const v1::AlertsFetchCommand& asked) const {
  v1::AlertsFetchCommand command = asked;
  command.set_agency_code(ScopeOf(asked.agency_code()));
  std::string path;
  if (!command.agency_code().empty()) {
    GONGKAI_RETURN_IF_ERROR(CheckAgency(command.agency_code()));
    path = config_.agencies->Find(command.agency_code())->path;
  }
  if (command.limit() < 0 || command.limit() > kMaxAlertLimit) {
    return InvalidArgumentError("the limit must be from 1 to " + std::to_string(kMaxAlertLimit));
  }
  const int limit = command.limit() == 0 ? kDefaultAlertLimit : command.limit();
  const bool reminders = command.reminders();
  const std::string first = reminders ? ReminderKey(command.since_sequence() + 1)
                                      : AlertKey(command.since_sequence() + 1);
  v1::Reply reply = ReplyFor(OkStatus());
  Status parsed = OkStatus();
  size_t bytes = 0;
  GONGKAI_RETURN_IF_ERROR(
      store_.Scan(Table::kAlerts, AlertStreamPrefix(reminders), first,
                  [&](std::string_view, std::string_view value) {
                    if (reply.alerts_size() >= limit || bytes >= config_.max_reply_bytes) {
                      reply.set_next_cursor("more");
                      return false;
                    }
                    v1::Alert alert;
                    if (!alert.ParseFromArray(value.data(), int(value.size()))) {
                      parsed = InternalError("a stored alert is corrupt");
                      return false;
                    }
                    if (alert.agency_path().rfind(path, 0) == 0) {
                      bytes += value.size();
                      *reply.add_alerts() = std::move(alert);
                    }
                    return true;
                  }));
  GONGKAI_RETURN_IF_ERROR(parsed);
  reply.set_agency_path(reminders ? std::string(kReminderTopicPrefix) + path : path);
  reply.set_alerts_endpoint(config_.alerts_endpoint);
  reply.set_last_alert_sequence(reminders ? state_->last_reminder_sequence
                                          : state_->last_alert_sequence);
  return reply;
}

StatusOr<v1::Reply> LedgerReader::UserList() const {
  v1::Reply reply = ReplyFor(OkStatus());
  Status failed = OkStatus();
  GONGKAI_RETURN_IF_ERROR(store_.Scan(
      Table::kPrincipals, kPrincipalNamePrefix, "", [&](std::string_view, std::string_view value) {
        v1::Principal principal;
        if (!principal.ParseFromArray(value.data(), int(value.size()))) {
          failed = InternalError("a stored principal is corrupt");
          return false;
        }
        if (caller_ == nullptr || InScope(*caller_, principal.agency_code(), *config_.agencies)) {
          *reply.add_principals() = std::move(principal);
        }
        return true;
      }));
  GONGKAI_RETURN_IF_ERROR(failed);
  reply.set_message(std::to_string(reply.principals_size()) + " people and services");
  return reply;
}

StatusOr<v1::Reply> LedgerReader::Audit(const v1::AuditCommand& command) const {
  const std::string agency = ScopeOf(command.agency_code());
  if (!agency.empty()) GONGKAI_RETURN_IF_ERROR(CheckAgency(agency));
  const Agency* scope = agency.empty() ? nullptr : config_.agencies->Find(agency);
  const bool whole_registry = scope == nullptr || scope->parent_code.empty();
  std::optional<Date> since;
  if (command.has_since()) {
    auto date = FromCivil(command.since(), "--since");
    if (!date.ok()) return date.status();
    since = *date;
  }
  const int limit = command.limit() <= 0 || command.limit() > 10000 ? 1000 : command.limit();
  v1::Reply reply = ReplyFor(OkStatus());
  Status failed = OkStatus();
  size_t bytes = 0;
  GONGKAI_RETURN_IF_ERROR(store_.Scan(
      Table::kAudit, "", AuditKey(command.after_sequence() + 1),
      [&](std::string_view, std::string_view value) {
        if (reply.audit_size() >= limit || bytes >= config_.max_reply_bytes) {
          reply.set_next_cursor("more");
          return false;
        }
        v1::AuditRecord record;
        if (!record.ParseFromArray(value.data(), int(value.size()))) {
          failed = InternalError("a stored audit record is corrupt");
          return false;
        }
        // Commands about no agency (calendar, people, clock) are shown to
        // auditors of the whole registry.
        const bool in_scope = record.agency_code().empty() || agency.empty()
                                  ? whole_registry
                                  : config_.agencies->InSubtree(record.agency_code(), agency);
        const bool after = !since || FromCivilTrusted(record.on()) >= *since;
        const bool who = command.who().empty() || record.principal() == command.who();
        if (in_scope && after && who) {
          bytes += value.size();
          *reply.add_audit() = std::move(record);
        }
        return true;
      }));
  GONGKAI_RETURN_IF_ERROR(failed);
  return reply;
}

}  // namespace gongkai
