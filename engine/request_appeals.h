// Appeals against an agency's answer (行政复议 and 行政诉讼, DOMAIN.md): the
// appeal_filed and appeal_resolved events of a closed request, applied by
// Apply (engine/request_machine.h) once it checked the event's date.
//
// The rules, each refusal naming its own:
//   - filed: a known kind (invalid_argument); only against an answer, so
//     not while the request is open nor once withdrawn; one pending appeal
//     of each kind; litigation after reconsideration only once a
//     reconsideration was resolved (failed_precondition);
//   - resolved: a known result (invalid_argument); the pending appeal of the
//     kind given or, with no kind, the only pending one (failed_precondition
//     when none is pending, or several are and no kind says which).
//
// Thread safety: pure functions.
#ifndef GONGKAI_ENGINE_REQUEST_APPEALS_H_
#define GONGKAI_ENGINE_REQUEST_APPEALS_H_

#include "engine/date.h"
#include "engine/status.h"
#include "gongkai/v1/events.pb.h"
#include "gongkai/v1/request.pb.h"

namespace gongkai {

// Records the appeal filed `on` in `after` (a copy of `before`); `after` is
// unchanged on a refusal.
[[nodiscard]] Status ApplyAppealFiled(const v1::RequestState& before, const v1::AppealFiled& filed,
                                      Date on, v1::RequestState& after);

// Records the resolution `on` of the appeal it is about in `after` (a copy
// of `before`); `after` is unchanged on a refusal.
[[nodiscard]] Status ApplyAppealResolved(const v1::RequestState& before,
                                         const v1::AppealResolved& resolved, Date on,
                                         v1::RequestState& after);

}  // namespace gongkai

#endif  // GONGKAI_ENGINE_REQUEST_APPEALS_H_
