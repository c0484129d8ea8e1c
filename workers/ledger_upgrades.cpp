// What the first start of a version does to a database an earlier version
// wrote, once: counters it did not keep are added from the stored requests.
// (The new indexes are built in ledger_search.cpp and ledger_due_dates.cpp.)
#include <spdlog/spdlog.h>

#include "engine/keys.h"
#include "workers/ledger.h"

namespace gongkai {
namespace {

constexpr size_t kBackfillBatch = 5000;  // Requests counted per write.

}  // namespace

Status Ledger::BuildMonthCounters() {
  auto built = store_.Get(Table::kMeta, kMetaMonthCounters);
  if (!built.ok()) return built.status();
  if (built->has_value()) return OkStatus();
  PendingGroup group(store_);
  auto txn = std::make_unique<Txn>(group);
  size_t counted = 0;
  const auto write = [&]() -> Status {
    txn->Commit();
    const Status written = group.empty() ? OkStatus() : store_.Write(group.Collect(), true);
    group.Clear();
    txn = std::make_unique<Txn>(group);
    return written;
  };
  GONGKAI_RETURN_IF_ERROR(ForEachRequest([&](v1::RequestState& state) -> Status {
    const v1::CivilDate& received = state.received_on();
    txn->AddCounter(EncodeCounterKey(state.agency_code(), received.year(),
                                     Metric::ReceivedInMonth(received.month())),
                    1);
    return ++counted % kBackfillBatch == 0 ? write() : OkStatus();
  }));
  txn->Put(Table::kMeta, kMetaMonthCounters, "1");
  GONGKAI_RETURN_IF_ERROR(write());
  if (counted > 0) spdlog::info("reports: {} stored requests counted by month (once)", counted);
  return OkStatus();
}

}  // namespace gongkai
