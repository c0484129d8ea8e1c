// Report counters: what one step of a request's life adds to the yearly
// statistics, so that a report reads O(rows) counters instead of replaying
// O(requests) histories (DESIGN.md, "Storage").
//
// A counter's key is a CounterKey of engine/keys.h: an agency, a year and a
// typed Metric. Receipts count in the year (and month) received; closures (with their
// outcome, lateness and working days from receipt, RequestState.reply_days;
// the reply histogram's last bucket, kMaxReplyHistogramDays, holds all
// longer ones) in the year closed; fees in the year paid; appeals in the
// years filed and resolved. Carry-overs (rows 二 and 四) follow from
// cumulative sums of these.
//
// Thread safety: pure functions.
#ifndef GONGKAI_ENGINE_COUNTERS_H_
#define GONGKAI_ENGINE_COUNTERS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "gongkai/v1/request.pb.h"

namespace gongkai {

inline constexpr int kMaxReplyHistogramDays = 250;

struct CounterDelta {
  std::string key;
  int64_t delta = 0;
};

// The counters that change when a request goes from `before` to `after`
// (one applied event), one delta per key, none zero. `before` is empty for
// the receipt. An amended intake (a new applicant type or channel) moves its
// receipt counters. A closed request whose `late` or `reply_days` a calendar
// recomputation changed moves its closing figures.
std::vector<CounterDelta> CounterDeltas(const v1::RequestState& before,
                                        const v1::RequestState& after);

// Adds deltas into a map of totals (zero totals are erased).
void AddDeltas(const std::vector<CounterDelta>& deltas, std::map<std::string, int64_t>& totals);

}  // namespace gongkai

#endif  // GONGKAI_ENGINE_COUNTERS_H_
