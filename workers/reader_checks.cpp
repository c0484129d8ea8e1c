// The reader's heavier queries: the annual report (the counters of an
// agency's subtree, optionally checked against the event log) and admin
// verify (every request's state, its deadline index entry and every report
// counter recomputed from the event log and compared with what is stored).
#include <google/protobuf/util/message_differencer.h>

#include <algorithm>
#include <set>

#include "engine/civil_date.h"
#include "engine/counters.h"
#include "engine/deadline.h"
#include "engine/keys.h"
#include "engine/report.h"
#include "engine/request_machine.h"
#include "engine/wire_status.h"
#include "workers/ledger_reader.h"
#include "workers/records.h"

namespace gongkai {
namespace {

constexpr size_t kMaxReported = 20;

struct Findings {
  size_t requests = 0;
  size_t events = 0;
  size_t total = 0;
  std::vector<std::string> differences;
  void Differ(std::string what) {
    if (differences.size() < kMaxReported) differences.push_back(std::move(what));
    ++total;
  }
};

}  // namespace

StatusOr<v1::Reply> LedgerReader::ReportAnnual(const v1::ReportAnnualCommand& command) const {
  if (command.year() < kMinYear || command.year() > kMaxYear) {
    return InvalidArgumentError("--year must be from " + std::to_string(kMinYear) + " to " +
                                std::to_string(kMaxYear));
  }
  if (!command.agency_code().empty()) GONGKAI_RETURN_IF_ERROR(CheckAgency(command.agency_code()));
  v1::Reply reply = ReplyFor(OkStatus());
  std::map<std::string, int64_t> counters;
  for (const auto& [code, agency] : config_.agencies->all()) {
    if (!command.agency_code().empty() &&
        !config_.agencies->InSubtree(code, command.agency_code())) {
      continue;
    }
    v1::AgencyInfo* info = reply.add_agencies();
    info->set_code(code);
    info->set_name(agency.name);
    info->set_parent_code(agency.parent_code);
    info->set_tier(agency.tier);
    info->set_path(agency.path);
    GONGKAI_RETURN_IF_ERROR(store_.Scan(Table::kCounters, CounterPrefix(code), "",
                                        [&](std::string_view key, std::string_view value) {
                                          const int64_t count = DecodeCounter(value);
                                          if (count != 0) counters[std::string(key)] = count;
                                          return true;
                                        }));
  }
  if (command.verify()) {
    GONGKAI_RETURN_IF_ERROR(VerifyReportCounters(command.agency_code(), counters));
    reply.set_text("verified: the counters agree with the event log");
  }
  reply.mutable_counters()->insert(counters.begin(), counters.end());
  return reply;
}

Status LedgerReader::ReplayLog(const std::string& id, v1::RequestState& state,
                               std::map<std::string, int64_t>& counters,
                               std::vector<std::string>& problems, size_t& events) const {
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
        auto used = state_->calendars.At(event.calendar_generation());
        if (!used.ok()) {
          problems.push_back(id + ": event " + std::to_string(event.sequence()) + ": " +
                             used.status().message());
          return false;
        }
        const MachineContext context{**used, config_.policy, MakeDate(kMaxYear, 12, 31)};
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

Status LedgerReader::VerifyReportCounters(const std::string& agency,
                                          const std::map<std::string, int64_t>& stored) const {
  std::map<std::string, int64_t> recomputed;
  std::vector<std::string> problems;
  size_t events = 0;
  std::vector<std::string> ids;
  GONGKAI_RETURN_IF_ERROR(ForEachRequest([&](v1::RequestState& state) {
    if (agency.empty() || config_.agencies->InSubtree(state.agency_code(), agency)) {
      ids.push_back(state.id());
    }
    return OkStatus();
  }));
  for (const auto& id : ids) {
    v1::RequestState state;
    GONGKAI_RETURN_IF_ERROR(ReplayLog(id, state, recomputed, problems, events));
  }
  for (const auto& [key, value] : stored) {
    auto it = recomputed.find(key);
    if (it == recomputed.end() || it->second != value) {
      problems.push_back("counter " + key + ": stored " + std::to_string(value) + ", recomputed " +
                         std::to_string(it == recomputed.end() ? 0 : it->second));
    }
  }
  for (const auto& [key, value] : recomputed) {
    if (!stored.count(key)) {
      problems.push_back("counter " + key + ": missing, recomputed " + std::to_string(value));
    }
  }
  if (problems.empty()) return OkStatus();
  std::string message = "the report counters differ from the event log (" +
                        std::to_string(problems.size()) + " differences; run admin verify):";
  for (size_t i = 0; i < problems.size() && i < 10; ++i) message += "\n  " + problems[i];
  return FailedPreconditionError(message);
}

StatusOr<v1::Reply> LedgerReader::Verify() const {
  Findings findings;
  std::map<std::string, int64_t> expected_counters;
  std::set<std::string> expected_index, expected_retention;
  std::map<std::string, std::string> expected_due;
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
    auto schedule = AlertSchedule(state, calendar_, config_.policy);
    if (!schedule.ok()) return schedule.status();
    if (auto next = NextAlert(*schedule, stored)) {
      *state.mutable_next_alert_on() = ToCivil(next->on);
      expected_index.insert(DeadlineKey(next->on, state.id()));
    }
    if (auto due = RunningDueDate(state, *schedule)) {
      *state.mutable_indexed_due_on() = ToCivil(*due);
      expected_due.emplace(DeadlineKey(*due, state.id()),
                           EncodeDueIndexValue({state.agency_code(), state.received_on().year()}));
    }
    *state.mutable_alerts_fired() = stored.alerts_fired();
    if (auto erase_on = EraseDueOn(state, config_.retention_years)) {
      *state.mutable_erase_on() = ToCivil(*erase_on);
      expected_retention.insert(DeadlineKey(*erase_on, state.id()));
    }
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
      store_.Scan(Table::kDueDates, "", "", [&](std::string_view key, std::string_view value) {
        const auto expected = expected_due.find(std::string(key));
        if (expected == expected_due.end()) {
          findings.Differ("due-date index: unexpected entry " + std::string(key));
        } else {
          if (expected->second != value) {
            findings.Differ("due-date index: entry " + std::string(key) + " holds '" +
                            Excerpt(value, 40) + "', not '" + expected->second + "'");
          }
          expected_due.erase(expected);
        }
        return true;
      }));
  for (const auto& [key, value] : expected_due) {
    findings.Differ("due-date index: missing entry " + key);
  }
  GONGKAI_RETURN_IF_ERROR(
      store_.Scan(Table::kRetention, "", "", [&](std::string_view key, std::string_view) {
        if (!expected_retention.erase(std::string(key))) {
          findings.Differ("retention index: unexpected entry " + std::string(key));
        }
        return true;
      }));
  for (const auto& key : expected_retention) {
    findings.Differ("retention index: missing entry " + key);
  }
  GONGKAI_RETURN_IF_ERROR(
      store_.Scan(Table::kCounters, "", "", [&](std::string_view key, std::string_view value) {
        if (!ParseCounterKey(key).ok()) {
          findings.Differ("counter " + std::string(key.substr(0, 80)) + ": not a counter key");
        }
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
