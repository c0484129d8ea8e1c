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
namespace {

// Requests indexed per write while a database from before the index is
// indexed at start.
constexpr size_t kBackfillBatch = 5000;

}  // namespace

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
  auto built = store_.Get(Table::kMeta, kMetaDueIndex);
  if (!built.ok()) return built.status();
  if (built->has_value()) return OkStatus();
  PendingGroup group(store_);
  auto txn = std::make_unique<Txn>(group);
  size_t indexed = 0;
  const auto write = [&]() -> Status {
    txn->Commit();
    const Status written = group.empty() ? OkStatus() : store_.Write(group.Collect(), true);
    group.Clear();
    txn = std::make_unique<Txn>(group);
    return written;
  };
  GONGKAI_RETURN_IF_ERROR(ForEachRequest([&](v1::RequestState& state) -> Status {
    auto schedule = AlertSchedule(state, calendar(), options_.policy);
    if (!schedule.ok()) return schedule.status();
    state.clear_indexed_due_on();
    if (!ReindexDueDate(state, *schedule, *txn)) return OkStatus();
    txn->Put(Table::kRequests, state.id(), state.SerializeAsString());
    return ++indexed % kBackfillBatch == 0 ? write() : OkStatus();
  }));
  txn->Put(Table::kMeta, kMetaDueIndex, "1");
  GONGKAI_RETURN_IF_ERROR(write());
  if (indexed > 0) spdlog::info("due dates: {} running requests indexed (once)", indexed);
  return OkStatus();
}

}  // namespace gongkai
