#include "engine/counters.h"

#include <algorithm>

#include "engine/civil_date.h"
#include "engine/codes.h"
#include "engine/request_machine.h"

namespace gongkai {
namespace {

using v1::RequestState;

void Add(std::vector<CounterDelta>& out, const RequestState& state, const v1::CivilDate& on,
         const std::string& metric, int64_t delta = 1) {
  out.push_back({CounterKey(state.agency_code(), on.year(), metric), delta});
}

void AppealDeltas(const RequestState& before, const RequestState& after,
                  std::vector<CounterDelta>& out) {
  for (int i = 0; i < after.appeals_size(); ++i) {
    const v1::Appeal& now = after.appeals(i);
    if (i >= before.appeals_size()) {
      Add(out, after, now.filed_on(), "appeal_filed|" + CodeOf(now.kind()));
    }
    const bool was_resolved =
        i < before.appeals_size() && before.appeals(i).result() != v1::APPEAL_RESULT_UNSPECIFIED;
    if (!was_resolved && now.result() != v1::APPEAL_RESULT_UNSPECIFIED) {
      Add(out, after, now.resolved_on(),
          "appeal_resolved|" + CodeOf(now.kind()) + "|" + CodeOf(now.result()));
    }
  }
}

}  // namespace

std::string CounterKey(const std::string& agency, int year, const std::string& metric) {
  return agency + "|" + std::to_string(year) + "|" + metric;
}

std::vector<CounterDelta> CounterDeltas(const RequestState& before, const RequestState& after,
                                        const Calendar& calendar) {
  std::vector<CounterDelta> out;
  if (after.id().empty()) return out;
  const std::string applicant = CodeOf(after.applicant_type());
  if (before.id().empty()) {
    Add(out, after, after.received_on(), "received|" + applicant);
    Add(out, after, after.received_on(), "channel|" + CodeOf(after.channel()));
  }
  if (!IsClosed(before.status()) && IsClosed(after.status())) {
    Add(out, after, after.closed_on(), "closed|" + CodeOf(after.outcome()) + "|" + applicant);
    if (after.late()) Add(out, after, after.closed_on(), "late");
    const int days = calendar.WorkingDaysBetween(FromCivilTrusted(after.received_on()),
                                                 FromCivilTrusted(after.closed_on()));
    Add(out, after, after.closed_on(), "replied");
    Add(out, after, after.closed_on(), "reply_days", days);
    Add(out, after, after.closed_on(),
        "reply_hist|" + std::to_string(std::min(days, kMaxReplyHistogramDays)));
  }
  if (after.fee_paid_fen() != before.fee_paid_fen()) {
    Add(out, after, after.last_event_on(), "fee_fen", after.fee_paid_fen() - before.fee_paid_fen());
  }
  AppealDeltas(before, after, out);
  return out;
}

void AddDeltas(const std::vector<CounterDelta>& deltas, std::map<std::string, int64_t>& totals) {
  for (const auto& d : deltas) {
    int64_t& total = totals[d.key];
    total += d.delta;
    if (total == 0) totals.erase(d.key);
  }
}

}  // namespace gongkai
