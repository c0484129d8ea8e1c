// Report counters: what one step of a request's life adds to the yearly
// statistics, so that a report reads O(rows) counters instead of replaying
// O(requests) histories (DESIGN.md, "Storage").
//
// A counter key is "<agency>|<year>|<metric>", metric one of
//   received|<applicant>              received in the year (table 三 row 一)
//   channel|<channel>                 received in the year, by channel
//   closed|<outcome>|<applicant>      closed in the year (table 三 row 三)
//   late                              closed in the year after the due date
//   reply_days                        sum of working days from receipt to
//   replied                           closure (RequestState.reply_days),
//                                     and how many closures
//   reply_hist|<days>                 closures by working days taken (the
//                                     last bucket holds all longer ones)
//   fee_fen                           fees paid in the year
//   appeal_filed|<kind>               filed in the year (table 四)
//   appeal_resolved|<kind>|<result>   resolved in the year
// Carry-overs (rows 二 and 四) follow from cumulative sums of these.
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

std::string CounterKey(const std::string& agency, int year, const std::string& metric);

// The counters that change when a request goes from `before` to `after`
// (one applied event), one delta per key, none zero. `before` is empty for
// the receipt. A closed request whose `late` or `reply_days` a calendar
// recomputation changed moves its closing figures.
std::vector<CounterDelta> CounterDeltas(const v1::RequestState& before,
                                        const v1::RequestState& after);

// Adds deltas into a map of totals (zero totals are erased).
void AddDeltas(const std::vector<CounterDelta>& deltas, std::map<std::string, int64_t>& totals);

}  // namespace gongkai

#endif  // GONGKAI_ENGINE_COUNTERS_H_
