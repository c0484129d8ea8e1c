// The ledger's read-only commands: show and list.
#include <algorithm>

#include "engine/civil_date.h"
#include "engine/deadline.h"
#include "engine/request_machine.h"
#include "workers/ledger.h"
#include "workers/records.h"

namespace gongkai {
namespace {

struct ListEntry {
  std::optional<Date> due;
  v1::RequestView view;
};

Status CheckListStatus(const std::string& status) {
  if (status.empty() || status == "open" || status == "closed" || status == "overdue" ||
      status == "due-soon") {
    return OkStatus();
  }
  return InvalidArgumentError("--status must be open, closed, overdue or due-soon, not '" +
                              Excerpt(status, 20) + "'");
}

}  // namespace

StatusOr<v1::RequestView> Ledger::View(const v1::RequestState& state, bool with_events) {
  v1::RequestView view;
  *view.mutable_state() = state;
  auto deadline = ComputeDeadline(state, calendar(), options_.policy);
  if (!deadline.ok()) return deadline.status();
  if (deadline->due_date) {
    *view.mutable_due_date() = ToCivil(*deadline->due_date);
    if (!ClockStopped(state) && !IsClosed(state.status())) {
      view.set_working_days_left(WorkingDaysLeft(calendar(), *deadline->due_date, today_));
      view.set_working_days_overdue(WorkingDaysOverdue(calendar(), *deadline->due_date, today_));
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

StatusOr<v1::Reply> Ledger::Show(const v1::ShowCommand& command) {
  if (command.request_id().empty() || command.request_id().size() > 64) {
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
  v1::Reply reply = ReplyFor(OkStatus());
  reply.set_request_id(state->id());
  *reply.add_requests() = std::move(view).value();
  *reply.mutable_today() = ToCivil(today_);
  return reply;
}

StatusOr<v1::Reply> Ledger::List(const v1::ListCommand& command) {
  GONGKAI_RETURN_IF_ERROR(CheckListStatus(command.status()));
  if (!command.agency_code().empty()) {
    GONGKAI_RETURN_IF_ERROR(agencies_.CheckKnown(command.agency_code()));
  }
  if (command.limit() < 0 || command.limit() > options_.max_list_limit) {
    return InvalidArgumentError("--limit must be from 1 to " +
                                std::to_string(options_.max_list_limit));
  }
  const size_t limit = command.limit() == 0 ? options_.default_list_limit : command.limit();
  const std::string& filter = command.status();
  std::vector<ListEntry> entries;
  GONGKAI_RETURN_IF_ERROR(ForEachRequest([&](v1::RequestState& state) -> Status {
    if (command.year() != 0 && state.received_on().year() != command.year()) return OkStatus();
    if (!command.agency_code().empty() &&
        !agencies_.InSubtree(state.agency_code(), command.agency_code())) {
      return OkStatus();
    }
    const bool closed = IsClosed(state.status());
    if ((filter == "open" && closed) || (filter == "closed" && !closed)) return OkStatus();
    auto view = View(state, /*with_events=*/false);
    if (!view.ok()) return view.status();
    std::optional<Date> due;
    if (IsSet(view->due_date())) due = FromCivilTrusted(view->due_date());
    const bool running = state.status() == v1::REQUEST_STATUS_OPEN && due.has_value();
    const bool overdue = running && view->working_days_overdue() > 0;
    if (filter == "overdue" && !overdue) return OkStatus();
    if (filter == "due-soon" &&
        !(running && !overdue && view->working_days_left() <= options_.policy.due_soon_days)) {
      return OkStatus();
    }
    entries.push_back({due, std::move(view).value()});
    return OkStatus();
  }));
  std::stable_sort(entries.begin(), entries.end(), [](const ListEntry& a, const ListEntry& b) {
    if (a.due.has_value() != b.due.has_value()) return a.due.has_value();
    return a.due < b.due;
  });
  v1::Reply reply = ReplyFor(OkStatus());
  for (size_t i = 0; i < entries.size() && i < limit; ++i) {
    *reply.add_requests() = std::move(entries[i].view);
  }
  reply.set_message(std::to_string(entries.size()) + " requests match");
  *reply.mutable_today() = ToCivil(today_);
  return reply;
}

}  // namespace gongkai
