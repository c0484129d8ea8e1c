#include "engine/deadline.h"

#include <algorithm>

#include "engine/civil_date.h"
#include "engine/codes.h"

namespace gongkai {
namespace {

using v1::RequestState;

bool ClockStopped(const RequestState& state) {
  return !state.pauses().empty() && !IsSet(state.pauses().rbegin()->to());
}

// The day counting starts after: the period's start, or the day before it
// when the policy counts the day of receipt.
Date CountBase(const RequestState& state, const DeadlinePolicy& policy) {
  Date start = FromCivilTrusted(state.period_start());
  return policy.count_receipt_day ? start - std::chrono::days(1) : start;
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
  out.push_back("Received " + FormatDate(FromCivilTrusted(state.received_on())) + "; the " +
                std::string(rules.name) + " rule applies (" + std::string(rules.period_article) +
                "): " + std::to_string(state.period_days()) + " working days, " + receipt_rule +
                ".");
  if (IsSet(state.correction_received_on()) &&
      state.period_start().SerializeAsString() != state.received_on().SerializeAsString()) {
    out.push_back("Corrected request received " +
                  FormatDate(FromCivilTrusted(state.period_start())) +
                  ": the period restarts from it (" + std::string(rules.correction_article) +
                  "); earlier clock stops and extensions no longer count.");
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

}  // namespace

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
                         " working days approved on " +
                         FormatDate(FromCivilTrusted(state.extension_approved_on())) + " (" +
                         std::string(rules.period_article) + ").");
    });
  }
  for (const auto& pause : state.pauses()) {
    if (!IsSet(pause.to())) continue;
    const int excluded =
        calendar.WorkingDaysBetween(FromCivilTrusted(pause.from()), FromCivilTrusted(pause.to()));
    d.excluded_days += excluded;
    explain.Add([&] {
      return std::string(PauseWords(pause) + " from " + FormatDate(FromCivilTrusted(pause.from())) +
                         " to " + FormatDate(FromCivilTrusted(pause.to())) + ": clock stopped, " +
                         std::to_string(excluded) + " working days excluded.");
    });
  }
  const Date base = CountBase(state, policy);
  const int total = d.period_days + d.extension_days + d.excluded_days;
  if (state.status() == v1::REQUEST_STATUS_AWAITING_CORRECTION) {
    explain.Add([&] {
      return std::string("Correction requested on " +
                         FormatDate(FromCivilTrusted(state.correction_requested_on())) +
                         ": no due date until the corrected request is received; the "
                         "period then restarts from its receipt.");
    });
    return d;
  }
  if (ClockStopped(state)) {
    const auto& pause = *state.pauses().rbegin();
    const Date from = FromCivilTrusted(pause.from());
    d.remaining_days = std::max(0, total - calendar.WorkingDaysBetween(base, from));
    explain.Add([&] {
      return std::string(PauseWords(pause) + " since " + FormatDate(from) + ": clock stopped; " +
                         std::to_string(d.remaining_days) +
                         " working days remain when it restarts.");
    });
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

StatusOr<std::vector<ScheduledAlert>> AlertSchedule(const RequestState& state,
                                                    const Calendar& calendar,
                                                    const DeadlinePolicy& policy) {
  std::vector<ScheduledAlert> schedule;
  const auto status = state.status();
  const bool open = status == v1::REQUEST_STATUS_OPEN || status == v1::REQUEST_STATUS_CONSULTING ||
                    status == v1::REQUEST_STATUS_AWAITING_FEE;
  if (!open) return schedule;
  const RegimeRules& rules = RulesFor(state.regime());
  auto add = [&](v1::AlertLevel level, Date from, int n, Date anchor) -> Status {
    auto on = calendar.AddWorkingDays(from, n);
    if (!on.ok()) return on.status();
    schedule.push_back({level, on->date, anchor});
    return OkStatus();
  };
  if (status == v1::REQUEST_STATUS_CONSULTING && rules.third_party_reply > 0 &&
      ClockStopped(state) && state.pauses().rbegin()->kind() == v1::PAUSE_KIND_CONSULTATION) {
    const Date from = FromCivilTrusted(state.pauses().rbegin()->from());
    GONGKAI_RETURN_IF_ERROR(
        add(v1::ALERT_LEVEL_THIRD_PARTY_OVERDUE, from, rules.third_party_reply + 1, from));
  }
  if (status == v1::REQUEST_STATUS_OPEN) {
    auto deadline = ComputeDeadline(state, calendar, policy, /*explain_how=*/false);
    if (!deadline.ok()) return deadline.status();
    const Date due = *deadline->due_date;
    GONGKAI_RETURN_IF_ERROR(add(v1::ALERT_LEVEL_DUE_SOON, due, -policy.due_soon_days, due));
    GONGKAI_RETURN_IF_ERROR(add(v1::ALERT_LEVEL_DUE_TODAY, due, 0, due));
    GONGKAI_RETURN_IF_ERROR(add(v1::ALERT_LEVEL_OVERDUE, due, 1, due));
    GONGKAI_RETURN_IF_ERROR(add(v1::ALERT_LEVEL_VERY_OVERDUE, due, state.period_days() + 1, due));
  }
  // The 7 working days to ask for a correction run whatever else happens
  // (a consultation or a fee notice does not stop them).
  if (rules.correction_ask_within > 0 && state.corrections_requested() == 0) {
    const Date start = FromCivilTrusted(state.period_start());
    GONGKAI_RETURN_IF_ERROR(
        add(v1::ALERT_LEVEL_CORRECTION_NOT_ASKED, start, rules.correction_ask_within + 1, start));
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

std::optional<ScheduledAlert> NextAlert(const std::vector<ScheduledAlert>& schedule,
                                        const RequestState& state) {
  for (const auto& alert : schedule) {
    const bool fired = std::any_of(
        state.alerts_fired().begin(), state.alerts_fired().end(), [&](const v1::FiredAlert& f) {
          return f.level() == alert.level && IsSet(f.anchor()) &&
                 FromCivilTrusted(f.anchor()) == alert.anchor &&
                 (!IsDueDateLevel(alert.level) || f.deadline_version() == state.deadline_version());
        });
    if (!fired) return alert;
  }
  return std::nullopt;
}

}  // namespace gongkai
