// The supervisor's overdue worklist.
#include <algorithm>

#include "engine/civil_date.h"
#include "engine/request_machine.h"
#include "workers/ledger.h"
#include "workers/records.h"

namespace gongkai {

StatusOr<v1::Reply> Ledger::Overdue(const v1::OverdueCommand& command) {
  if (command.agency_code().empty()) {
    return InvalidArgumentError("--agency is required: the worklist covers an agency's subtree");
  }
  GONGKAI_RETURN_IF_ERROR(agencies_.CheckKnown(command.agency_code()));
  std::vector<v1::OverdueEntry> entries;
  GONGKAI_RETURN_IF_ERROR(ForEachRequest([&](v1::RequestState& state) -> Status {
    if (state.status() != v1::REQUEST_STATUS_OPEN ||
        !agencies_.InSubtree(state.agency_code(), command.agency_code())) {
      return OkStatus();
    }
    auto view = View(state, /*with_events=*/false);
    if (!view.ok()) return view.status();
    if (view->working_days_overdue() == 0) return OkStatus();
    v1::OverdueEntry entry;
    entry.set_working_days_overdue(view->working_days_overdue());
    const Agency* agency = agencies_.Find(state.agency_code());
    entry.set_agency_name(agency != nullptr ? agency->name : "");
    // The most severe alert raised for the current due date (a lower level
    // passed over while the engine was down was never raised).
    for (const auto level : {v1::ALERT_LEVEL_VERY_OVERDUE, v1::ALERT_LEVEL_OVERDUE}) {
      auto sequence =
          store_.Get(Table::kAlerts, FiredKey(state.id(), level, state.deadline_version()));
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
    entries.push_back(std::move(entry));
    return OkStatus();
  }));
  std::stable_sort(entries.begin(), entries.end(),
                   [](const v1::OverdueEntry& a, const v1::OverdueEntry& b) {
                     return a.working_days_overdue() > b.working_days_overdue();
                   });
  v1::Reply reply = ReplyFor(OkStatus());
  for (auto& entry : entries) *reply.add_overdue() = std::move(entry);
  reply.set_message(std::to_string(reply.overdue_size()) + " overdue requests");
  *reply.mutable_today() = ToCivil(today_);
  return reply;
}

}  // namespace gongkai
