// The request state machine: Apply(state, event) -> new state, or a refusal
// that names the rule of law it enforces (DOMAIN.md).
//
// Refusals: invalid_argument for an event that is malformed whatever the
// request's state (a missing approver, an unknown outcome, an impossible or
// future date); failed_precondition for a well-formed event the law does not
// allow now ("the extension was already used: Art. 24 allows one"), or
// dated before the request's receipt or its last event.
//
// Events are recorded in date order: an event dated before the request's
// receipt, before its previous event, or after `today` is refused.
//
// An intake_amended event follows the rules of engine/request_amend.h.
//
// Thread safety: pure function.
#ifndef GONGKAI_ENGINE_REQUEST_MACHINE_H_
#define GONGKAI_ENGINE_REQUEST_MACHINE_H_

#include <optional>

#include "engine/calendar.h"
#include "engine/policy.h"
#include "engine/status.h"
#include "gongkai/v1/events.pb.h"
#include "gongkai/v1/request.pb.h"

namespace gongkai {

struct MachineContext {
  const Calendar& calendar;
  const DeadlinePolicy& policy;
  Date today;  // Events dated later are refused.
};

// The first event must be `received` and `state` empty (a default
// RequestState); `event.request_id` becomes the request's id. The returned
// state never holds the applicant's personal data.
StatusOr<v1::RequestState> Apply(const v1::RequestState& state, const v1::Event& event,
                                 const MachineContext& context);

// True for the statuses in which the request is finished (decided,
// delivered, withdrawn, lapsed).
bool IsClosed(v1::RequestStatus status);

// The day the applicant's personal data are due to be erased: `retention_years`
// after the request closed and its last appeal was resolved (DOMAIN.md,
// "Personal data"); nullopt while it is open, an appeal is pending, or they
// are already erased.
std::optional<Date> EraseDueOn(const v1::RequestState& state, int retention_years);

}  // namespace gongkai

#endif  // GONGKAI_ENGINE_REQUEST_MACHINE_H_
