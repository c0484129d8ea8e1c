// report annual (the counters of an agency's subtree, optionally checked
// against the event log) and report lock (a published year is frozen).
#include "engine/civil_date.h"
#include "engine/request_machine.h"
#include "workers/ledger.h"
#include "workers/records.h"

namespace gongkai {
StatusOr<bool> Ledger::YearLocked(int year, Txn& txn) {
  auto locked = txn.Get(Table::kMeta, LockKey(year));
  if (!locked.ok()) return locked.status();
  return locked->has_value();
}

Status Ledger::CheckYearOpen(Date on, Txn& txn) {
  auto locked = txn.Get(Table::kMeta, LockKey(YearOf(on)));
  if (!locked.ok()) return locked.status();
  if (!locked->has_value()) return OkStatus();
  return FailedPreconditionError("the year " + std::to_string(YearOf(on)) +
                                 " is locked: its annual report was published on " + **locked +
                                 ", so events dated in it can no longer be recorded");
}

StatusOr<v1::Reply> Ledger::ReportLock(const v1::Command& command, Txn& txn) {
  const int year = command.report_lock().year();
  if (year < kMinYear || year > kMaxYear) {
    return InvalidArgumentError("--year must be from " + std::to_string(kMinYear) + " to " +
                                std::to_string(kMaxYear));
  }
  if (year >= YearOf(today_)) {
    return FailedPreconditionError("the year " + std::to_string(year) +
                                   " has not ended: lock a year after its 31 December");
  }
  auto locked = txn.Get(Table::kMeta, LockKey(year));
  if (!locked.ok()) return locked.status();
  if (locked->has_value()) {
    return FailedPreconditionError("the year " + std::to_string(year) + " was already locked on " +
                                   **locked);
  }
  txn.Put(Table::kMeta, LockKey(year), FormatDate(today_));
  v1::Reply reply = ReplyFor(OkStatus());
  reply.set_message("locked " + std::to_string(year) + ": events dated in it are now refused");
  return reply;
}

StatusOr<v1::Reply> Ledger::ReportAnnual(const v1::ReportAnnualCommand& command) {
  if (command.year() < kMinYear || command.year() > kMaxYear) {
    return InvalidArgumentError("--year must be from " + std::to_string(kMinYear) + " to " +
                                std::to_string(kMaxYear));
  }
  if (!command.agency_code().empty()) {
    GONGKAI_RETURN_IF_ERROR(agencies_.CheckKnown(command.agency_code()));
  }
  v1::Reply reply = ReplyFor(OkStatus());
  std::map<std::string, int64_t> stored;
  for (const auto& [code, agency] : agencies_.all()) {
    if (!command.agency_code().empty() && !agencies_.InSubtree(code, command.agency_code())) {
      continue;
    }
    v1::AgencyInfo* info = reply.add_agencies();
    info->set_code(code);
    info->set_name(agency.name);
    info->set_parent_code(agency.parent_code);
    info->set_tier(agency.tier);
    info->set_path(agency.path);
    const std::string prefix = code + "|";
    for (auto it = counters_.lower_bound(prefix);
         it != counters_.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
      stored[it->first] = it->second;
    }
  }
  if (command.verify()) {
    // Verification reads the counters as stored, not the ledger's copy.
    std::map<std::string, int64_t> durable;
    for (const auto& info : reply.agencies()) {
      GONGKAI_RETURN_IF_ERROR(store_.Scan(Table::kCounters, info.code() + "|", "",
                                          [&](std::string_view key, std::string_view value) {
                                            const int64_t count = DecodeCounter(value);
                                            if (count != 0) durable[std::string(key)] = count;
                                            return true;
                                          }));
    }
    if (durable != stored) {
      return InternalError(
          "the ledger's copy of the report counters differs from the store; "
          "restart the engine and run admin verify");
    }
    GONGKAI_RETURN_IF_ERROR(VerifyReportCounters(command.agency_code(), stored));
    reply.set_text("verified: the counters agree with the event log");
  }
  reply.mutable_counters()->insert(stored.begin(), stored.end());
  *reply.mutable_today() = ToCivil(today_);
  return reply;
}

Status Ledger::VerifyReportCounters(const std::string& agency,
                                    const std::map<std::string, int64_t>& stored) {
  std::map<std::string, int64_t> recomputed;
  std::vector<std::string> problems;
  size_t events = 0;
  std::vector<std::string> ids;
  GONGKAI_RETURN_IF_ERROR(ForEachRequest([&](v1::RequestState& state) {
    if (agency.empty() || agencies_.InSubtree(state.agency_code(), agency))
      ids.push_back(state.id());
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

}  // namespace gongkai
