// What the first start of a version does to a database an earlier version
// wrote, once: a pass over the stored requests that adds what that version
// did not keep (an index, counters), then a mark in meta that it is done.
#include <spdlog/spdlog.h>

#include "engine/keys.h"
#include "workers/ledger.h"

namespace gongkai {
namespace {

constexpr size_t kBackfillBatch = 5000;  // Requests per synced write.

}  // namespace

StatusOr<size_t> Ledger::BackfillOnce(
    const char* mark, const std::function<StatusOr<bool>(v1::RequestState&, Txn&)>& add) {
  auto built = store_.Get(Table::kMeta, mark);
  if (!built.ok()) return built.status();
  if (built->has_value()) return size_t{0};
  PendingGroup group(store_);
  auto txn = std::make_unique<Txn>(group);
  size_t added = 0;
  const auto write = [&]() -> Status {
    txn->Commit();
    const Status written = group.empty() ? OkStatus() : store_.Write(group.Collect(), true);
    group.Clear();
    txn = std::make_unique<Txn>(group);
    return written;
  };
  GONGKAI_RETURN_IF_ERROR(ForEachRequest([&](v1::RequestState& state) -> Status {
    auto changed = add(state, *txn);
    if (!changed.ok()) return changed.status();
    if (!*changed) return OkStatus();
    return ++added % kBackfillBatch == 0 ? write() : OkStatus();
  }));
  txn->Put(Table::kMeta, mark, "1");
  GONGKAI_RETURN_IF_ERROR(write());
  return added;
}

Status Ledger::BuildMonthCounters() {
  auto counted = BackfillOnce(kMetaMonthCounters, [](v1::RequestState& state, Txn& txn) {
    const v1::CivilDate& received = state.received_on();
    txn.AddCounter(EncodeCounterKey(state.agency_code(), received.year(),
                                    Metric::ReceivedInMonth(received.month())),
                   1);
    return StatusOr<bool>(true);
  });
  if (!counted.ok()) return counted.status();
  if (*counted > 0) spdlog::info("reports: {} stored requests counted by month (once)", *counted);
  return OkStatus();
}

}  // namespace gongkai
