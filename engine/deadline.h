// A request's due date, how it was reached, and its alert schedule: pure
// functions of the request's state, the calendar and the policy (DOMAIN.md,
// "Deadlines").
//
// The due date is the (period + extension + excluded)th working day after
// the period's start (the receipt, or the corrected request's receipt),
// where "excluded" are the working days of each finished clock stop. While
// the clock is stopped (consultation, fee notice) or a correction is awaited
// there is no due date, only the working days that remain.
#ifndef GONGKAI_ENGINE_DEADLINE_H_
#define GONGKAI_ENGINE_DEADLINE_H_

#include <optional>
#include <string>
#include <vector>

#include "engine/calendar.h"
#include "engine/policy.h"
#include "engine/status.h"
#include "gongkai/v1/request.pb.h"

namespace gongkai {

struct Deadline {
  std::optional<Date> due_date;  // Unset while stopped or awaiting correction.
  bool provisional = false;      // Crosses a year with no notice loaded.
  int period_days = 0;
  int extension_days = 0;
  int excluded_days = 0;   // Working days of finished clock stops.
  int remaining_days = 0;  // While stopped: working days left when it restarts.
  // Sentences, in order, that say how the due date was reached.
  std::vector<std::string> explanation;
};

// Errors: invalid_argument when a date leaves the calendar's years;
// internal when `state` is not a registered request. Without `explain_how`
// the explanation stays empty (the same dates, much cheaper).
StatusOr<Deadline> ComputeDeadline(const v1::RequestState& state, const Calendar& calendar,
                                   const DeadlinePolicy& policy, bool explain_how = true);

struct ScheduledAlert {
  v1::AlertLevel level;
  Date on;      // The day it fires.
  Date anchor;  // What it is about (see v1::FiredAlert).
};

// Every alert armed for the request's current state, in date order (level
// order on the same day). Closed requests have none; a stopped clock arms
// only third_party_overdue and correction_not_asked.
StatusOr<std::vector<ScheduledAlert>> AlertSchedule(const v1::RequestState& state,
                                                    const Calendar& calendar,
                                                    const DeadlinePolicy& policy);

// True for the levels about the due date (due_soon .. very_overdue).
bool IsDueDateLevel(v1::AlertLevel level);

// The first scheduled alert that has not fired (per v1::FiredAlert: level
// and anchor, and for the due-date levels the current deadline version).
std::optional<ScheduledAlert> NextAlert(const std::vector<ScheduledAlert>& schedule,
                                        const v1::RequestState& state);

}  // namespace gongkai

#endif  // GONGKAI_ENGINE_DEADLINE_H_
