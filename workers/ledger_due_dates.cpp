// The ledger's side of the due-date index (engine/keys.h, DueIndexValue):
// one entry per request whose period runs, moved in the same group as the
// change that moves its due date, so the lists and the overdue worklist
// read a range of due dates instead of every request; and the index of a
// database from before it, built once at start.
#include <spdlog/spdlog.h>

#include "engine/civil_date.h"
#include "engine/keys.h"
#include "workers/ledger.h"
#include "workers/records.h"

namespace gongkai {
bool Ledger::ReindexDueDate(v1::RequestState& state, const std::vector<ScheduledAlert>& schedule,
                            Txn& txn) {
  const std::optional<Date> due = RunningDueDate(state, schedule);
  // Days as their keys (GCC 12 warns wrongly about comparing optionals).
  const std::string old_key =
      IsSet(state.indexed_due_on())
          ? DeadlineKey(FromCivilTrusted(state.indexed_due_on()), state.id())
          : std::string();
  const std::string new_key = due ? DeadlineKey(*due, state.id()) : std::string();
  if (!old_key.empty() && old_key != new_key) txn.DeleteUnread(Table::kDueDates, old_key);
  state.clear_indexed_due_on();
  if (due) {
    *state.mutable_indexed_due_on() = ToCivil(*due);
    // Written again even when the day stays: an amended receipt may change
    // the year in the value and not the due date.
    txn.PutUnread(Table::kDueDates, new_key,
                  EncodeDueIndexValue({state.agency_code(), state.received_on().year()}));
  }
  return old_key != new_key;
}

Status Ledger::BuildDueIndex() {
  auto indexed = BackfillOnce(kMetaDueIndex, [this](v1::RequestState& state, Txn& txn) {
    auto schedule = AlertSchedule(state, calendar(), options_.policy);
    if (!schedule.ok()) return StatusOr<bool>(schedule.status());
    state.clear_indexed_due_on();
    if (!ReindexDueDate(state, *schedule, txn)) return StatusOr<bool>(false);
    txn.Put(Table::kRequests, state.id(), state.SerializeAsString());
    return StatusOr<bool>(true);
  });
  if (!indexed.ok()) return indexed.status();
  if (*indexed > 0) spdlog::info("due dates: {} running requests indexed (once)", *indexed);
  return OkStatus();
}

}  // namespace gongkai
