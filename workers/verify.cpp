// admin verify: recompute every request's state, its deadline index entry
// and every report counter from the event log, and compare with what is
// stored.
#include <google/protobuf/util/message_differencer.h>

#include <algorithm>
#include <map>
#include <set>

#include "engine/civil_date.h"
#include "engine/counters.h"
#include "engine/deadline.h"
#include "engine/request_machine.h"
#include "workers/ledger.h"
#include "workers/records.h"

namespace gongkai {
namespace {

constexpr size_t kMaxReported = 20;

struct Findings {
  size_t requests = 0;
  size_t events = 0;
  std::vector<std::string> differences;
  void Differ(std::string what) {
    if (differences.size() < kMaxReported) differences.push_back(std::move(what));
    ++total;
  }
  size_t total = 0;
};

}  // namespace

Status Ledger::ReplayLog(const std::string& id, v1::RequestState& state,
                         std::map<std::string, int64_t>& counters,
                         std::vector<std::string>& problems, size_t& events) {
  auto applicant = store_.Get(Table::kApplicants, id);
  if (!applicant.ok()) return applicant.status();
  if (!applicant->has_value()) problems.push_back(id + ": the applicant record is missing");
  Status failed = OkStatus();
  GONGKAI_RETURN_IF_ERROR(store_.Scan(
      Table::kEvents, EventPrefix(id), "", [&](std::string_view, std::string_view value) {
        v1::Event event;
        if (!event.ParseFromArray(value.data(), int(value.size()))) {
          failed = InternalError("a stored event of " + id + " is corrupt");
          return false;
        }
        ++events;
        if (event.has_received() && applicant->has_value()) {
          event.mutable_received()->mutable_applicant()->ParseFromString(**applicant);
        }
        auto used = calendars_.At(event.calendar_generation());
        if (!used.ok()) {
          problems.push_back(id + ": event " + std::to_string(event.sequence()) + ": " +
                             used.status().message());
          return false;
        }
        const MachineContext context{**used, options_.policy, MakeDate(kMaxYear, 12, 31)};
        auto next = Apply(state, event, context);
        if (!next.ok()) {
          problems.push_back(id + ": event " + std::to_string(event.sequence()) +
                             " no longer applies: " + next.status().message());
          return false;
        }
        AddDeltas(CounterDeltas(state, *next), counters);
        state = std::move(next).value();
        return true;
      }));
  return failed;
}

StatusOr<v1::Reply> Ledger::Verify() {
  Findings findings;
  std::map<std::string, int64_t> expected_counters;
  std::set<std::string> expected_index;
  std::vector<v1::RequestState> stored_states;
  GONGKAI_RETURN_IF_ERROR(ForEachRequest([&](v1::RequestState& state) {
    stored_states.push_back(std::move(state));
    return OkStatus();
  }));
  for (const auto& stored : stored_states) {
    ++findings.requests;
    v1::RequestState state;
    std::vector<std::string> problems;
    GONGKAI_RETURN_IF_ERROR(
        ReplayLog(stored.id(), state, expected_counters, problems, findings.events));
    for (auto& problem : problems) findings.Differ(std::move(problem));
    auto schedule = AlertSchedule(state, calendar(), options_.policy);
    if (!schedule.ok()) return schedule.status();
    if (auto next = NextAlert(*schedule, stored)) {
      *state.mutable_next_alert_on() = ToCivil(next->on);
      expected_index.insert(DeadlineKey(next->on, state.id()));
    }
    *state.mutable_alerts_fired() = stored.alerts_fired();
    google::protobuf::util::MessageDifferencer differencer;
    std::string differences;
    differencer.ReportDifferencesToString(&differences);
    if (!differencer.Compare(state, stored)) {
      std::replace(differences.begin(), differences.end(), '\n', ';');
      findings.Differ(stored.id() + ": the stored state differs from its event log (" +
                      Excerpt(differences, 300) + ")");
    }
  }
  GONGKAI_RETURN_IF_ERROR(
      store_.Scan(Table::kDeadlines, "", "", [&](std::string_view key, std::string_view) {
        if (!expected_index.erase(std::string(key))) {
          findings.Differ("deadline index: unexpected entry " + std::string(key));
        }
        return true;
      }));
  for (const auto& key : expected_index) findings.Differ("deadline index: missing entry " + key);
  GONGKAI_RETURN_IF_ERROR(
      store_.Scan(Table::kCounters, "", "", [&](std::string_view key, std::string_view value) {
        const int64_t stored_value = DecodeCounter(value);
        auto it = expected_counters.find(std::string(key));
        const int64_t expected = it == expected_counters.end() ? 0 : it->second;
        if (stored_value != expected) {
          findings.Differ("counter " + std::string(key) + ": stored " +
                          std::to_string(stored_value) + ", recomputed " +
                          std::to_string(expected));
        }
        if (it != expected_counters.end()) expected_counters.erase(it);
        return true;
      }));
  for (const auto& [key, value] : expected_counters) {
    findings.Differ("counter " + key + ": missing, recomputed " + std::to_string(value));
  }
  std::string text = "checked " + std::to_string(findings.requests) + " requests and " +
                     std::to_string(findings.events) + " events: ";
  if (findings.total == 0) {
    v1::Reply reply = ReplyFor(OkStatus());
    reply.set_text(text + "state, deadline index and report counters all agree");
    reply.set_message(reply.text());
    return reply;
  }
  text += std::to_string(findings.total) + " differences";
  for (const auto& line : findings.differences) text += "\n  " + line;
  v1::Reply reply = ReplyFor(FailedPreconditionError(text));
  reply.set_text(text);
  return reply;
}

}  // namespace gongkai
