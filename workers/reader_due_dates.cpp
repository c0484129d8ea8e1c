// The reader's side of the due-date index (engine/keys.h): the running
// periods in a range of due dates, read without reading any request, and
// the scope check a list asks of every match.
#include "engine/keys.h"
#include "workers/ledger_reader.h"

namespace gongkai {

Status LedgerReader::ForEachRunning(const DueRange& range,
                                    const std::function<void(const RunningEntry&)>& visit) const {
  Status result = OkStatus();
  size_t seen = 0;
  const std::string start = range.first ? DeadlineKey(*range.first, "") : "";
  GONGKAI_RETURN_IF_ERROR(
      store_.Scan(Table::kDueDates, "", start, [&](std::string_view key, std::string_view value) {
        if (pause_ && ++seen % 4096 == 0) pause_();
        const auto entry = ParseDeadlineKey(key);
        const auto parsed = ParseDueIndexValue(value);
        if (!entry || !parsed) {
          result = InternalError("a due-date index entry is corrupt");
          return false;
        }
        if (range.last && entry->on > *range.last) return false;
        visit({key, entry->on, entry->request_id, *parsed});
        return true;
      }));
  return result;
}

bool LedgerReader::InScopeCached(std::string_view agency, const std::string& scope) const {
  if (scope_memo_of_ != scope) {
    scope_memo_.clear();
    scope_memo_of_ = scope;
  }
  auto found = scope_memo_.find(agency);
  if (found == scope_memo_.end()) {
    found =
        scope_memo_.emplace(std::string(agency), config_.agencies->InSubtree(agency, scope)).first;
  }
  return found->second;
}

}  // namespace gongkai
