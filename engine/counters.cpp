#include "engine/counters.h"

#include <algorithm>

#include "engine/civil_date.h"
#include "engine/codes.h"
#include "engine/keys.h"
#include "engine/request_machine.h"

namespace gongkai {
namespace {

using v1::RequestState;

using Kind = Metric::Kind;

void Add(std::vector<CounterDelta>& out, const RequestState& state, const v1::CivilDate& on,
         const Metric& metric, int64_t delta = 1) {
  out.push_back({EncodeCounterKey(state.agency_code(), on.year(), metric), delta});
}

void AppealDeltas(const RequestState& before, const RequestState& after,
                  std::vector<CounterDelta>& out) {
  for (int i = 0; i < after.appeals_size(); ++i) {
    const v1::Appeal& now = after.appeals(i);
    if (i >= before.appeals_size()) {
      Add(out, after, now.filed_on(), Metric::AppealFiled(now.kind()));
    }
    const bool was_resolved =
        i < before.appeals_size() && before.appeals(i).result() != v1::APPEAL_RESULT_UNSPECIFIED;
    if (!was_resolved && now.result() != v1::APPEAL_RESULT_UNSPECIFIED) {
      Add(out, after, now.resolved_on(), Metric::AppealResolved(now.kind(), now.result()));
    }
  }
}

// The receipt's counters (the year, applicant type and channel received),
// added with `sign`.
void ReceiptDeltas(const RequestState& state, int sign, std::vector<CounterDelta>& out) {
  Add(out, state, state.received_on(), Metric::Received(state.applicant_type()), sign);
  Add(out, state, state.received_on(), Metric::ByChannel(state.channel()), sign);
  Add(out, state, state.received_on(), Metric::ReceivedInMonth(state.received_on().month()), sign);
}

// Sums the deltas of each key and drops those that cancel out.
std::vector<CounterDelta> Net(std::vector<CounterDelta> deltas) {
  std::map<std::string, int64_t> sums;
  for (const auto& d : deltas) sums[d.key] += d.delta;
  std::vector<CounterDelta> net;
  for (auto& [key, delta] : sums) {
    if (delta != 0) net.push_back({key, delta});
  }
  return net;
}

}  // namespace

// The closing figures (table 三 row 三, lateness, reply time) of a closed
// request, added with `sign`.
static void ClosingDeltas(const RequestState& state, int sign, std::vector<CounterDelta>& out) {
  const v1::CivilDate& on = state.closed_on();
  Add(out, state, on, Metric::Closed(state.outcome(), state.applicant_type()), sign);
  if (state.late()) Add(out, state, on, Metric::Of(Kind::kLate), sign);
  Add(out, state, on, Metric::Of(Kind::kReplied), sign);
  Add(out, state, on, Metric::Of(Kind::kReplyDays), int64_t{sign} * state.reply_days());
  Add(out, state, on, Metric::ReplyHistogram(std::min(state.reply_days(), kMaxReplyHistogramDays)),
      sign);
}

std::vector<CounterDelta> CounterDeltas(const RequestState& before, const RequestState& after) {
  std::vector<CounterDelta> out;
  if (after.id().empty()) return out;
  if (before.id().empty()) {
    ReceiptDeltas(after, +1, out);
  } else if (before.applicant_type() != after.applicant_type() ||
             before.channel() != after.channel() ||
             before.received_on().year() != after.received_on().year() ||
             before.received_on().month() != after.received_on().month()) {
    // An amended intake: out with the receipt as it was, in with the new.
    ReceiptDeltas(before, -1, out);
    ReceiptDeltas(after, +1, out);
  }
  const bool was_closed = IsClosed(before.status()), closed = IsClosed(after.status());
  if (closed &&
      (!was_closed || before.late() != after.late() || before.reply_days() != after.reply_days())) {
    // Closed now, or a recomputation changed the figures: out with the old,
    // in with the new (the keys that did not change cancel out).
    if (was_closed) ClosingDeltas(before, -1, out);
    ClosingDeltas(after, +1, out);
  }
  if (after.fee_paid_fen() != before.fee_paid_fen()) {
    Add(out, after, after.last_event_on(), Metric::Of(Kind::kFeeFen),
        after.fee_paid_fen() - before.fee_paid_fen());
  }
  AppealDeltas(before, after, out);
  return Net(std::move(out));
}

void AddDeltas(const std::vector<CounterDelta>& deltas, std::map<std::string, int64_t>& totals) {
  for (const auto& d : deltas) {
    int64_t& total = totals[d.key];
    total += d.delta;
    if (total == 0) totals.erase(d.key);
  }
}

}  // namespace gongkai
