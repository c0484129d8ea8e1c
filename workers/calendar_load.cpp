// Loading a calendar file into the running engine (next year's State
// Council notice, published in December; a local arrangement): every open
// request whose due date moves gets a deadline_recomputed event saying why,
// and every open request is re-indexed, so alerts follow the new dates.
#include <cstdio>
#include <set>

#include "engine/civil_date.h"
#include "engine/deadline.h"
#include "engine/request_machine.h"
#include "workers/ledger.h"
#include "workers/records.h"

namespace gongkai {
namespace {

constexpr char kCalendarPrefix[] = "calendar|";

std::string CalendarKey(size_t generation) {
  char key[32];
  std::snprintf(key, sizeof key, "calendar|%04zu", generation);
  return key;
}

}  // namespace

Status Ledger::LoadCalendars() {
  Status failed = OkStatus();
  GONGKAI_RETURN_IF_ERROR(
      store_.Scan(Table::kMeta, kCalendarPrefix, "", [&](std::string_view, std::string_view value) {
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
        calendar_layers_.push_back(std::move(parsed).value());
        auto calendar = Calendar::Create(calendar_layers_);
        if (!calendar.ok()) {
          failed = calendar.status();
          return false;
        }
        calendars_.push_back(*calendar);
        return true;
      }));
  return failed;
}

StatusOr<v1::Reply> Ledger::CalendarLoad(const v1::Command& command, Txn& txn) {
  const v1::CalendarLoadCommand& load = command.calendar_load();
  if (load.source().size() > 200) return InvalidArgumentError("the source name is too long");
  const std::string source = load.source().empty() ? "calendar file" : load.source();
  auto parsed = ParseCalendarText(load.calendar_text(), source);
  if (!parsed.ok()) return parsed.status();
  auto layers = calendar_layers_;
  layers.push_back(*parsed);
  auto calendar = Calendar::Create(layers);
  if (!calendar.ok()) return calendar.status();
  // From here on calendar() is the new one; HandleMutation and HandleGroup
  // drop it again if this command or the group's write fails.
  calendars_.push_back(*calendar);
  calendar_layers_ = std::move(layers);
  const std::vector<std::string> pending = group_.PendingKeys(Table::kRequests);
  std::set<std::string> ids(pending.begin(), pending.end());
  GONGKAI_RETURN_IF_ERROR(
      store_.Scan(Table::kRequests, "", "", [&](std::string_view key, std::string_view) {
        ids.emplace(key);
        return true;
      }));
  int moved = 0;
  const MachineContext context{this->calendar(), options_.policy, today_};
  for (const auto& id : ids) {
    auto stored = txn.Get(Table::kRequests, id);
    if (!stored.ok()) return stored.status();
    if (!stored->has_value()) continue;
    auto before = ParseStored<v1::RequestState>(**stored, "request");
    if (!before.ok()) return before.status();
    if (IsClosed(before->status())) continue;
    auto deadline = ComputeDeadline(*before, this->calendar(), options_.policy, false);
    if (!deadline.ok()) return deadline.status();
    const bool moves = deadline->due_date && IsSet(before->versioned_due_date()) &&
                       FromCivilTrusted(before->versioned_due_date()) != *deadline->due_date;
    if (!moves) {
      // Alerts of a stopped clock (third_party_overdue) may still move.
      v1::RequestState same = *before;
      auto changed = Reindex(same, txn);
      if (!changed.ok()) return changed.status();
      if (*changed) txn.Put(Table::kRequests, id, same.SerializeAsString());
      continue;
    }
    v1::Event event;
    event.set_request_id(id);
    event.set_sequence(before->event_count() + 1);
    *event.mutable_on() = ToCivil(today_);
    event.set_actor(command.actor());
    event.set_calendar_generation(generation());
    event.mutable_deadline_recomputed()->set_reason(
        source + " loaded: the due date moves from " +
        FormatDate(FromCivilTrusted(before->versioned_due_date())) + " to " +
        FormatDate(*deadline->due_date));
    auto after = Apply(*before, event, context);
    if (!after.ok()) return after.status();
    GONGKAI_RETURN_IF_ERROR(SaveStep(*before, *after, event, txn));
    ++moved;
  }
  txn.Put(Table::kMeta, CalendarKey(generation()), load.SerializeAsString());
  v1::Reply reply = ReplyFor(OkStatus());
  reply.set_message("loaded " + source + " (" + std::to_string(parsed->announced_years.size()) +
                    " announced years, " + std::to_string(parsed->exceptions.size()) +
                    " dated exceptions): the due dates of " + std::to_string(moved) +
                    " open requests moved");
  return reply;
}

}  // namespace gongkai
