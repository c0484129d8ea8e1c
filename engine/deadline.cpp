#include "engine/deadline.h"

#include <algorithm>

#include "engine/civil_date.h"
#include "engine/codes.h"

namespace gongkai {
namespace {

using v1::RequestState;

// A clock stop as an interval of days (from, to]; open while `to` is unset.
struct Span {
  Date from;
  std::optional<Date> to;
};

// The union of the request's stops, as disjoint spans in date order. Only
// the last span can be open: an open stop absorbs every later one.
std::vector<Span> MergedStops(const RequestState& state) {
  std::vector<Span> spans;
  for (const auto& pause : state.pauses()) {
    spans.push_back(
        {FromCivilTrusted(pause.from()),
         IsSet(pause.to()) ? std::optional(FromCivilTrusted(pause.to())) : std::nullopt});
  }
  std::sort(spans.begin(), spans.end(),
            [](const Span& a, const Span& b) { return a.from < b.from; });
  std::vector<Span> merged;
  for (const Span& span : spans) {
    if (!merged.empty() && (!merged.back().to || span.from <= *merged.back().to)) {
      Span& last = merged.back();
      last.to = (!last.to || !span.to) ? std::nullopt : std::optional(std::max(*last.to, *span.to));
    } else {
      merged.push_back(span);
    }
  }
  return merged;
}

// Working days covered by the finished spans of `merged`.
int CoveredWorkingDays(const std::vector<Span>& merged, const Calendar& calendar) {
  int covered = 0;
  for (const Span& span : merged) {
    if (span.to) covered += calendar.WorkingDaysBetween(span.from, *span.to);
  }
  return covered;
}

std::string PauseWords(const v1::Pause& pause) {
  if (pause.kind() == v1::PAUSE_KIND_FEE) return "Fee notice";
  return pause.party().empty() ? "Consultation" : "Consultation (" + pause.party() + ")";
}

std::string CalendarWords(const Calendar& calendar, Date after, Date through) {
  if (through <= after) return "";
  std::string holidays, makeups;
  for (const auto& run : calendar.ExceptionsBetween(after + std::chrono::days(1), through)) {
    std::string span = FormatDate(run.first);
    if (run.last != run.first) span += ".." + FormatDate(run.last);
    std::string& list = run.off ? holidays : makeups;
    list += (list.empty() ? "" : "; ") + (run.name.empty() ? span : run.name + " " + span);
  }
  std::string words;
  if (!holidays.empty()) words += "Holidays crossed, not counted: " + holidays + ".";
  if (!makeups.empty()) {
    words += std::string(words.empty() ? "" : " ") +
             "Make-up working days crossed, counted: " + makeups + ".";
  }
  return words;
}

void ExplainStart(const RequestState& state, const RegimeRules& rules, const DeadlinePolicy& policy,
                  std::vector<std::string>& out) {
  const std::string receipt_rule =
      policy.count_receipt_day ? "the day of receipt counted" : "the day of receipt not counted";
  out.push_back("Received " + FormatCivil(state.received_on()) + "; the " +
                std::string(rules.name) + " rule applies (" + std::string(rules.period_article) +
                "): " + std::to_string(state.period_days()) + " working days, " + receipt_rule +
                ".");
  if (IsSet(state.correction_received_on()) &&
      state.period_start().SerializeAsString() != state.received_on().SerializeAsString()) {
    out.push_back("Corrected request received " + FormatCivil(state.period_start()) +
                  ": the period restarts from it (" + std::string(rules.correction_article) +
                  "); earlier clock stops and extensions no longer count.");
  }
}

// One sentence per stop; the running ones are said last by the caller.
void ExplainStops(const RequestState& state, const Calendar& calendar, int excluded,
                  std::vector<std::string>& out) {
  int summed = 0;
  for (const auto& pause : state.pauses()) {
    if (!IsSet(pause.to())) continue;
    const int days =
        calendar.WorkingDaysBetween(FromCivilTrusted(pause.from()), FromCivilTrusted(pause.to()));
    summed += days;
    out.push_back(PauseWords(pause) + " from " + FormatCivil(pause.from()) + " to " +
                  FormatCivil(pause.to()) + ": clock stopped, " + std::to_string(days) +
                  " working days excluded.");
  }
  if (summed != excluded) {
    out.push_back("The stops overlap: " + std::to_string(excluded) +
                  " working days excluded in all (a day covered by two stops counts once).");
  }
}

void ExplainRunningStops(const RequestState& state, int remaining, std::vector<std::string>& out) {
  std::vector<const v1::Pause*> running;
  for (const auto& pause : state.pauses()) {
    if (!IsSet(pause.to())) running.push_back(&pause);
  }
  for (size_t i = 0; i < running.size(); ++i) {
    std::string sentence =
        PauseWords(*running[i]) + " since " + FormatCivil(running[i]->from()) + ": clock stopped";
    if (i + 1 == running.size()) {
      sentence += "; " + std::to_string(remaining) + " working days remain when it restarts";
    }
    out.push_back(sentence + ".");
  }
}

// Adds sentences to an explanation only when one was asked for: building
// them is most of the cost of a deadline.
struct Explainer {
  bool on;
  std::vector<std::string>& out;
  template <typename MakeSentence>
  void Add(MakeSentence make) {
    if (on) out.push_back(make());
  }
};

bool IsFired(const ScheduledAlert& alert, const RequestState& state) {
  return std::any_of(
      state.alerts_fired().begin(), state.alerts_fired().end(), [&](const v1::FiredAlert& f) {
        return f.level() == alert.level && IsSet(f.anchor()) &&
               FromCivilTrusted(f.anchor()) == alert.anchor && f.party() == alert.party &&
               (!IsDueDateLevel(alert.level) || f.deadline_version() == state.deadline_version());
      });
}

bool IsRunning(v1::RequestStatus status) {
  return status == v1::REQUEST_STATUS_OPEN || status == v1::REQUEST_STATUS_CONSULTING ||
         status == v1::REQUEST_STATUS_AWAITING_FEE;
}

}  // namespace

std::optional<Date> RunningDueDate(const RequestState& state,
                                   const std::vector<ScheduledAlert>& schedule) {
  if (state.status() != v1::REQUEST_STATUS_OPEN) return std::nullopt;
  for (const auto& alert : schedule) {
    if (alert.level == v1::ALERT_LEVEL_DUE_TODAY) return alert.anchor;
  }
  return std::nullopt;
}

bool ClockStopped(const RequestState& state) {
  return std::any_of(state.pauses().begin(), state.pauses().end(),
                     [](const v1::Pause& pause) { return !IsSet(pause.to()); });
}

int ExcludedWorkingDays(const RequestState& state, const Calendar& calendar) {
  return CoveredWorkingDays(MergedStops(state), calendar);
}

int WorkingDaysOverdue(const Calendar& calendar, Date due, Date today) {
  return today > due ? calendar.WorkingDaysBetween(due, today) : 0;
}

int WorkingDaysLeft(const Calendar& calendar, Date due, Date today) {
  return today < due ? calendar.WorkingDaysBetween(today, due) : 0;
}

StatusOr<Deadline> ComputeDeadline(const RequestState& state, const Calendar& calendar,
                                   const DeadlinePolicy& policy, bool explain_how) {
  if (!IsSet(state.period_start()) || state.period_days() <= 0) {
    return InternalError("the request has no period: it was never registered");
  }
  const RegimeRules& rules = RulesFor(state.regime());
  Deadline d;
  Explainer explain{explain_how, d.explanation};
  d.period_days = state.period_days();
  d.extension_days = state.extension_days();
  if (explain_how) ExplainStart(state, rules, policy, d.explanation);
  if (d.extension_days > 0) {
    explain.Add([&] {
      return std::string("Extension of " + std::to_string(d.extension_days) +
                         " working days approved on " + FormatCivil(state.extension_approved_on()) +
                         " (" + std::string(rules.period_article) + ").");
    });
  }
  const std::vector<Span> merged = MergedStops(state);
  d.excluded_days = CoveredWorkingDays(merged, calendar);
  if (explain_how) ExplainStops(state, calendar, d.excluded_days, d.explanation);
  const Date base = policy.CountBase(FromCivilTrusted(state.period_start()));
  const int total = d.period_days + d.extension_days + d.excluded_days;
  if (state.status() == v1::REQUEST_STATUS_AWAITING_CORRECTION) {
    explain.Add([&] {
      return std::string("Correction requested on " + FormatCivil(state.correction_requested_on()) +
                         ": no due date until the corrected request is received; the "
                         "period then restarts from its receipt.");
    });
    return d;
  }
  if (!merged.empty() && !merged.back().to) {
    // The finished spans all lie before the running one: the days the period
    // has run are the working days up to its start that no stop covers.
    const int run = calendar.WorkingDaysBetween(base, merged.back().from) - d.excluded_days;
    d.remaining_days = std::max(0, total - d.excluded_days - run);
    if (explain_how) ExplainRunningStops(state, d.remaining_days, d.explanation);
    return d;
  }
  auto due = calendar.AddWorkingDays(base, total);
  if (!due.ok()) return due.status();
  d.due_date = due->date;
  d.provisional = due->provisional;
  if (!explain_how) return d;
  std::string holidays = CalendarWords(calendar, base, due->date);
  if (!holidays.empty()) explain.Add([&] { return std::string(holidays); });
  std::string sum = std::to_string(d.period_days);
  if (d.extension_days > 0) sum += " + " + std::to_string(d.extension_days) + " extension";
  if (d.excluded_days > 0) sum += " + " + std::to_string(d.excluded_days) + " excluded";
  explain.Add([&] {
    return std::string("Due " + FormatDate(due->date) + ": " + std::to_string(total) +
                       " working days after " + FormatDate(base) +
                       (total != d.period_days ? " (" + sum + ")" : "") + ".");
  });
  if (d.provisional) {
    explain.Add([&] {
      return std::string(
          "Provisional: a year it crosses has no holiday notice loaded; "
          "the date follows the weekday rule and may move when the "
          "notice is loaded.");
    });
  }
  return d;
}

StatusOr<std::optional<Date>> CorrectionAskLimit(const RequestState& state,
                                                 const Calendar& calendar,
                                                 const DeadlinePolicy& policy) {
  const RegimeRules& rules = RulesFor(state.regime());
  if (rules.correction_ask_within > 0) {
    auto limit = calendar.AddWorkingDays(policy.CountBase(FromCivilTrusted(state.received_on())),
                                         rules.correction_ask_within);
    if (!limit.ok()) return limit.status();
    return std::optional(limit->date);
  }
  auto deadline = ComputeDeadline(state, calendar, policy, /*explain_how=*/false);
  if (!deadline.ok()) return deadline.status();
  return deadline->due_date;
}

StatusOr<Date> FeePaymentLimit(const RequestState& state, Date notice, const Calendar& calendar) {
  auto limit = calendar.AddWorkingDays(notice, RulesFor(state.regime()).fee_payment_window);
  if (!limit.ok()) return limit.status();
  return limit->date;
}

StatusOr<std::vector<ScheduledAlert>> AlertSchedule(const RequestState& state,
                                                    const Calendar& calendar,
                                                    const DeadlinePolicy& policy) {
  std::vector<ScheduledAlert> schedule;
  if (!IsRunning(state.status())) return schedule;
  const RegimeRules& rules = RulesFor(state.regime());
  auto add = [&](v1::AlertLevel level, Date from, int n, Date anchor, std::string party = "",
                 std::optional<Date> window_ends = std::nullopt) -> Status {
    auto on = calendar.AddWorkingDays(from, n);
    if (!on.ok()) return on.status();
    schedule.push_back({level, on->date, anchor, std::move(party), window_ends});
    return OkStatus();
  };
  if (rules.third_party_reply > 0) {
    for (const auto& pause : state.pauses()) {
      if (pause.kind() != v1::PAUSE_KIND_CONSULTATION || IsSet(pause.to())) continue;
      const Date from = FromCivilTrusted(pause.from());
      auto ends = calendar.AddWorkingDays(from, rules.third_party_reply);
      if (!ends.ok()) return ends.status();
      GONGKAI_RETURN_IF_ERROR(add(v1::ALERT_LEVEL_THIRD_PARTY_OVERDUE, from,
                                  rules.third_party_reply + 1, from, pause.party(), ends->date));
    }
  }
  if (!ClockStopped(state)) {
    auto deadline = ComputeDeadline(state, calendar, policy, /*explain_how=*/false);
    if (!deadline.ok()) return deadline.status();
    const Date due = *deadline->due_date;
    GONGKAI_RETURN_IF_ERROR(add(v1::ALERT_LEVEL_DUE_SOON, due, -policy.due_soon_days, due));
    GONGKAI_RETURN_IF_ERROR(add(v1::ALERT_LEVEL_DUE_TODAY, due, 0, due));
    GONGKAI_RETURN_IF_ERROR(add(v1::ALERT_LEVEL_OVERDUE, due, 1, due));
    GONGKAI_RETURN_IF_ERROR(add(v1::ALERT_LEVEL_VERY_OVERDUE, due, state.period_days() + 1, due));
  }
  // The 7 working days to ask for a correction run whatever else happens
  // (a consultation or a fee notice does not stop them); the officers are
  // reminded while asking is still possible.
  if (rules.correction_ask_within > 0 && state.corrections_requested() == 0) {
    auto limit = CorrectionAskLimit(state, calendar, policy);
    if (!limit.ok()) return limit.status();
    const int lead = std::clamp(policy.reminder_lead_days, 0, rules.correction_ask_within - 1);
    GONGKAI_RETURN_IF_ERROR(add(v1::ALERT_LEVEL_CORRECTION_NOT_ASKED, **limit, -lead,
                                FromCivilTrusted(state.received_on()), "", **limit));
  }
  std::stable_sort(schedule.begin(), schedule.end(),
                   [](const ScheduledAlert& a, const ScheduledAlert& b) {
                     return a.on != b.on ? a.on < b.on : a.level < b.level;
                   });
  return schedule;
}

bool IsDueDateLevel(v1::AlertLevel level) {
  return level == v1::ALERT_LEVEL_DUE_SOON || level == v1::ALERT_LEVEL_DUE_TODAY ||
         level == v1::ALERT_LEVEL_OVERDUE || level == v1::ALERT_LEVEL_VERY_OVERDUE;
}

bool IsReminderLevel(v1::AlertLevel level) {
  return level == v1::ALERT_LEVEL_CORRECTION_NOT_ASKED ||
         level == v1::ALERT_LEVEL_THIRD_PARTY_OVERDUE;
}

std::optional<ScheduledAlert> NextAlert(const std::vector<ScheduledAlert>& schedule,
                                        const RequestState& state) {
  for (const auto& alert : schedule) {
    if (!IsFired(alert, state)) return alert;
  }
  return std::nullopt;
}

StatusOr<std::vector<ScheduledAlert>> TakeDueAlerts(RequestState& state, const Calendar& calendar,
                                                    const DeadlinePolicy& policy, Date today) {
  auto schedule = AlertSchedule(state, calendar, policy);
  if (!schedule.ok()) return schedule.status();
  std::vector<ScheduledAlert> due;
  v1::AlertLevel most_severe = v1::ALERT_LEVEL_UNSPECIFIED;
  for (const auto& alert : *schedule) {
    if (alert.on > today || IsFired(alert, state)) continue;
    due.push_back(alert);
    if (IsDueDateLevel(alert.level)) most_severe = std::max(most_severe, alert.level);
  }
  std::vector<ScheduledAlert> raise;
  for (const auto& alert : due) {
    v1::FiredAlert* record = state.add_alerts_fired();
    record->set_level(alert.level);
    record->set_deadline_version(state.deadline_version());
    *record->mutable_anchor() = ToCivil(alert.anchor);
    record->set_party(alert.party);
    if (IsReminderLevel(alert.level) || alert.level == most_severe) raise.push_back(alert);
  }
  return raise;
}

}  // namespace gongkai
