// Loading a calendar file into the running engine (next year's State
// Council notice, published in December; a local arrangement). Every open
// request whose due date moves gets a deadline_recomputed event saying why,
// and every open request is re-indexed, so alerts follow the new dates. A
// closed request whose figures (late, working days to reply) the new
// calendar changes gets one too, unless it closed in a locked year: then
// its figures stay and the reply lists it (DOMAIN.md, "A new calendar never
// rewrites a locked year").
#include <cstdio>
#include <set>

#include "engine/civil_date.h"
#include "engine/deadline.h"
#include "engine/request_machine.h"
#include "workers/ledger.h"
#include "workers/records.h"

namespace gongkai {
namespace {

std::string Shown(const v1::CivilDate& date) { return IsSet(date) ? FormatCivil(date) : "none"; }

// "…: the due date in force when closed moves from A to B; late -> on time;
// 20 -> 19 working days to reply".
std::string ClosedReason(const std::string& source, const v1::CalendarChange& change) {
  std::string reason = source + " loaded: the due date in force when closed moves from " +
                       Shown(change.due_before()) + " to " + Shown(change.due_after());
  if (change.late_before() != change.late_after()) {
    reason += change.late_after() ? "; on time -> late" : "; late -> on time";
  }
  if (change.reply_days_before() != change.reply_days_after()) {
    reason += "; " + std::to_string(change.reply_days_before()) + " -> " +
              std::to_string(change.reply_days_after()) + " working days to reply";
  }
  return reason;
}

}  // namespace

Status Ledger::LoadCalendars() {
  Status failed = OkStatus();
  std::vector<CalendarArrangements> layers;
  GONGKAI_RETURN_IF_ERROR(store_.Scan(
      Table::kMeta, kMetaCalendarPrefix, "", [&](std::string_view, std::string_view value) {
        v1::CalendarLoadCommand stored;
        if (!stored.ParseFromArray(value.data(), int(value.size()))) {
          failed = InternalError("a stored calendar file is corrupt");
          return false;
        }
        auto parsed = ParseCalendarText(stored.calendar_text(), stored.source());
        if (!parsed.ok()) {
          failed =
              InternalError("a stored calendar no longer parses: " + parsed.status().message());
          return false;
        }
        layers.push_back(std::move(parsed).value());
        return true;
      }));
  GONGKAI_RETURN_IF_ERROR(failed);
  calendars_.Restore(std::move(layers));
  return OkStatus();
}

Status Ledger::RecomputeForCalendar(const v1::RequestState& before, const Calendar& previous,
                                    const std::string& source, const std::string& actor, Txn& txn,
                                    v1::Reply& reply) {
  auto was = ComputeDeadline(before, previous, options_.policy, false);
  if (!was.ok()) return was.status();
  auto now = ComputeDeadline(before, calendar(), options_.policy, false);
  if (!now.ok()) return now.status();
  v1::CalendarChange change;
  change.set_request_id(before.id());
  change.set_closed(IsClosed(before.status()));
  if (IsClosed(before.status()) && was->due_date)
    *change.mutable_due_before() = ToCivil(*was->due_date);
  if (!IsClosed(before.status()) && IsSet(before.versioned_due_date())) {
    *change.mutable_due_before() = before.versioned_due_date();
  }
  if (now->due_date) *change.mutable_due_after() = ToCivil(*now->due_date);
  v1::Event event;
  event.set_request_id(before.id());
  event.set_sequence(before.event_count() + 1);
  *event.mutable_on() = ToCivil(today());
  event.set_actor(actor);
  event.set_calendar_generation(generation());
  event.mutable_deadline_recomputed()->set_reason(source);  // Replaced below.
  const MachineContext context{calendar(), options_.policy, today()};
  auto after = Apply(before, event, context);
  if (!after.ok()) return after.status();
  if (!IsClosed(before.status())) {
    const bool moves = now->due_date && IsSet(before.versioned_due_date()) &&
                       FromCivilTrusted(before.versioned_due_date()) != *now->due_date;
    if (!moves) {
      // Alerts of a stopped clock (the reminders) may still move.
      v1::RequestState same = before;
      auto changed = Reindex(same, txn);
      if (!changed.ok()) return changed.status();
      if (*changed) txn.Put(Table::kRequests, same.id(), same.SerializeAsString());
      return OkStatus();
    }
    event.mutable_deadline_recomputed()->set_reason(source + " loaded: the due date moves from " +
                                                    Shown(change.due_before()) + " to " +
                                                    Shown(change.due_after()));
  } else {
    if (after->late() == before.late() && after->reply_days() == before.reply_days()) {
      return OkStatus();
    }
    change.set_late_before(before.late());
    change.set_late_after(after->late());
    change.set_reply_days_before(before.reply_days());
    change.set_reply_days_after(after->reply_days());
    auto locked = YearLocked(before.closed_on().year(), txn);
    if (!locked.ok()) return locked.status();
    if (*locked) {
      change.set_locked(true);
      *reply.add_calendar_changes() = std::move(change);
      return OkStatus();
    }
    event.mutable_deadline_recomputed()->set_reason(ClosedReason(source, change));
  }
  GONGKAI_RETURN_IF_ERROR(SaveStep(before, *after, event, txn));
  *reply.add_calendar_changes() = std::move(change);
  return OkStatus();
}

StatusOr<v1::Reply> Ledger::CalendarLoad(const v1::Command& command, Txn& txn) {
  const v1::CalendarLoadCommand& load = command.calendar_load();
  if (load.source().size() > 200) return InvalidArgumentError("the source name is too long");
  const std::string source = load.source().empty() ? "calendar file" : load.source();
  auto parsed = ParseCalendarText(load.calendar_text(), source);
  if (!parsed.ok()) return parsed.status();
  CalendarArrangements merged = calendars().WithLayer(*parsed);
  v1::Reply reply = ReplyFor(OkStatus());
  if (merged == calendar().arrangements()) {
    reply.set_message(source + " changes nothing: its arrangements are already in force");
    return reply;
  }
  auto next = Calendar::FromArrangements(std::move(merged));
  GONGKAI_RETURN_IF_ERROR(next->CheckPlausible(YearsArranged(*parsed)));
  const std::shared_ptr<const Calendar> previous = calendars().current_ptr();
  // From here on calendar() is the new one, in the group's edit: dropped
  // with it if this command (a dry run too) or the group's write fails.
  CalendarHistory loaded = calendars();
  loaded.Push(*parsed, next);
  edit_.calendars = std::move(loaded);
  const std::vector<std::string> pending = group_.PendingKeys(Table::kRequests);
  std::set<std::string> ids(pending.begin(), pending.end());
  GONGKAI_RETURN_IF_ERROR(
      store_.Scan(Table::kRequests, "", "", [&](std::string_view key, std::string_view) {
        ids.emplace(key);
        return true;
      }));
  for (const auto& id : ids) {
    auto stored = txn.Get(Table::kRequests, id);
    if (!stored.ok()) return stored.status();
    if (!stored->has_value()) continue;
    auto before = ParseStored<v1::RequestState>(**stored, "request");
    if (!before.ok()) return before.status();
    GONGKAI_RETURN_IF_ERROR(RecomputeForCalendar(*before, *previous, source, maker(), txn, reply));
  }
  int moved = 0, recomputed = 0, kept = 0;
  for (const auto& change : reply.calendar_changes()) {
    ++(change.locked() ? kept : change.closed() ? recomputed : moved);
  }
  const std::string summary = std::to_string(parsed->announced_years.size()) +
                              " announced years, " + std::to_string(parsed->exceptions.size()) +
                              " dated exceptions): the due dates of " + std::to_string(moved) +
                              " open requests move, the figures of " + std::to_string(recomputed) +
                              " closed requests are recomputed, " + std::to_string(kept) +
                              " requests closed in locked years keep their figures";
  if (load.dry_run()) {
    reply.set_message("dry run, nothing changed: loading " + source + " (" + summary);
    return reply;
  }
  txn.Put(Table::kMeta, CalendarKey(generation()), load.SerializeAsString());
  reply.set_message("loaded " + source + " (" + summary);
  return reply;
}

}  // namespace gongkai
