// A request's due date, how it was reached, and its alert schedule: pure
// functions of the request's state, the calendar and the policy (DOMAIN.md,
// "Deadlines" and "Rules pinned after the first year of use").
//
// The due date is the (period + extension + excluded)th working day after
// the period's start (the receipt, or the corrected request's receipt),
// where "excluded" are the working days covered by the finished clock stops,
// counted once where stops overlap (their union). While any stop runs
// (consultations, a fee notice) or a correction is awaited there is no due
// date, only the working days that remain.
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
  int excluded_days = 0;   // Working days of the finished stops' union.
  int remaining_days = 0;  // While stopped: working days left when it restarts.
  // Sentences, in order, that say how the due date was reached.
  std::vector<std::string> explanation;
};

// Errors: invalid_argument when a date leaves the calendar's years;
// internal when `state` is not a registered request. Without `explain_how`
// the explanation stays empty (the same dates, much cheaper).
StatusOr<Deadline> ComputeDeadline(const v1::RequestState& state, const Calendar& calendar,
                                   const DeadlinePolicy& policy, bool explain_how = true);

// True while a clock stop (a consultation or a fee notice) is running.
bool ClockStopped(const v1::RequestState& state);

// The working days covered by the union of the finished stops in `state`
// (a working day covered by two stops counts once).
int ExcludedWorkingDays(const v1::RequestState& state, const Calendar& calendar);

// Working days past `due` on `today`: the working days after `due` up to and
// including `today`, 0 when none (also on a holiday right after the due
// date). A request is overdue when this is at least 1; the overdue alert
// fires on the first such day. The one definition the list, the overdue
// worklist and the alerts share.
int WorkingDaysOverdue(const Calendar& calendar, Date due, Date today);
// Working days left before `due` on `today` (0 on the due date and after).
int WorkingDaysLeft(const Calendar& calendar, Date due, Date today);

// The last day on which a correction may be asked: under 2019 the 7th
// working day after receipt (Art. 30); under 2008 the due date in force
// (nullopt while none runs).
StatusOr<std::optional<Date>> CorrectionAskLimit(const v1::RequestState& state,
                                                 const Calendar& calendar,
                                                 const DeadlinePolicy& policy);
// The last day of the payment window of a fee notice issued on `notice`.
StatusOr<Date> FeePaymentLimit(const v1::RequestState& state, Date notice,
                               const Calendar& calendar);

struct ScheduledAlert {
  v1::AlertLevel level;
  Date on;                          // The day it fires.
  Date anchor;                      // What it is about (see v1::FiredAlert).
  std::string party;                // third_party_overdue: the consultation's party.
  std::optional<Date> window_ends;  // Reminders: the window they are about.
};

// Every alert armed for the request's current state, in date order (level
// order on the same day). Closed requests have none; a stopped clock arms
// only the reminders (third_party_overdue per open consultation,
// correction_not_asked).
StatusOr<std::vector<ScheduledAlert>> AlertSchedule(const v1::RequestState& state,
                                                    const Calendar& calendar,
                                                    const DeadlinePolicy& policy);

// The due date of a request whose period runs (open, clock not stopped),
// from its AlertSchedule: the day its due_today alert is about. The lists'
// notion of a running period is the same; the due-date index holds it.
std::optional<Date> RunningDueDate(const v1::RequestState& state,
                                   const std::vector<ScheduledAlert>& schedule);

// True for the levels about the due date (due_soon .. very_overdue): the
// supervisors' stream.
bool IsDueDateLevel(v1::AlertLevel level);
// True for correction_not_asked and third_party_overdue: the handling
// officers' reminders.
bool IsReminderLevel(v1::AlertLevel level);

// The first scheduled alert that has not fired (per v1::FiredAlert: level,
// anchor and party, and for the due-date levels the current deadline
// version).
std::optional<ScheduledAlert> NextAlert(const std::vector<ScheduledAlert>& schedule,
                                        const v1::RequestState& state);

// The alerts of `state` whose day has come by `today`: every one of them is
// marked fired in `state`, and the ones to raise are returned in schedule
// order. Of the due-date levels only the most severe that has come due is
// raised (the lower ones passed while the due date was being moved, or the
// engine was down, are not raised late); every reminder due is raised.
StatusOr<std::vector<ScheduledAlert>> TakeDueAlerts(v1::RequestState& state,
                                                    const Calendar& calendar,
                                                    const DeadlinePolicy& policy, Date today);

}  // namespace gongkai

#endif  // GONGKAI_ENGINE_DEADLINE_H_
