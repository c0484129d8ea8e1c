// Amending an intake (gongkai amend): the clerical fields of a request
// registered with a mistake -- its subject, channel, applicant type, the
// applicant's personal data and its receipt date -- corrected before any
// decision, with a reason (DOMAIN.md, "People, roles and what each may
// see": clerks, officers and heads).
//
// The rules, each refusal naming its own:
//   - only while the request is not closed (decided, answered on the spot,
//     delivered, withdrawn, lapsed): failed_precondition naming its status;
//   - a reason and at least one field to change (invalid_argument); known
//     codes; a subject of at most 4000 bytes;
//   - the applicant's data cannot be amended once erased
//     (failed_precondition);
//   - a new receipt date is a real date, not after the day of the
//     amendment, not before 2008-05-01 (invalid_argument); in the year of
//     the request's id, since the id holds the year of receipt (another
//     year: withdraw and register anew); on or before every date the
//     request's life already holds (a stop's start, a correction asked or
//     received, an extension, a fee notice); and under the same regime once
//     anything but the receipt was recorded (failed_precondition).
// A new receipt date moves the period's start (unless a corrected request
// restarted the period); the due date follows it, and Apply bumps the
// deadline version when it moves, so that the alerts fire again for it; a
// correction_not_asked reminder already fired stays fired (it is re-anchored
// on the new receipt date).
//
// Thread safety: pure functions.
#ifndef GONGKAI_ENGINE_REQUEST_AMEND_H_
#define GONGKAI_ENGINE_REQUEST_AMEND_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/calendar.h"
#include "engine/date.h"
#include "engine/policy.h"
#include "engine/status.h"
#include "gongkai/v1/events.pb.h"
#include "gongkai/v1/request.pb.h"

namespace gongkai {

// Apply's step for an intake_amended event dated `on` (engine/request_machine.h):
// checks the rules above against `before` and writes the changes into
// `after`, a copy of `before`.
[[nodiscard]] Status ApplyIntakeAmended(const v1::RequestState& before,
                                        const v1::IntakeAmended& amended, Date on,
                                        const DeadlinePolicy& policy, v1::RequestState& after);

// The refusal of an amendment of the closed request `state`, naming its
// status (failed_precondition).
[[nodiscard]] Status RefuseAmendWhenClosed(const v1::RequestState& state);

// `fields` ("phone,name": names among name, id_number, phone, address,
// contact, each once) in the canonical order ("name,phone"); an empty
// string for none. invalid_argument for an unknown or repeated name.
StatusOr<std::string> CanonicalApplicantFields(std::string_view fields);

// `stored` with the fields named in `fields` taken from `given`.
// invalid_argument (naming the field, never its value) for an empty name or
// a field longer than intake accepts.
StatusOr<v1::ApplicantPersonalData> AmendedApplicant(const v1::ApplicantPersonalData& stored,
                                                     const v1::ApplicantPersonalData& given,
                                                     std::string_view fields);

// The calendar an event was applied with (its calendar_generation).
using CalendarOf = std::function<StatusOr<std::shared_ptr<const Calendar>>(uint32_t generation)>;

// Re-applies a request's stored events `history` (the receipt first, in
// sequence order, personal data stripped) as if it had been received on
// `received`, each with its own calendar: OK when every event still
// applies; failed_precondition naming the first one that would not, and
// why (an event dated before the new receipt, a correction asked too late,
// an extension after the moved due date, ...).
[[nodiscard]] Status CheckHistoryWithReceipt(const std::vector<v1::Event>& history, Date received,
                                             const CalendarOf& calendar_of,
                                             const DeadlinePolicy& policy);

}  // namespace gongkai

#endif  // GONGKAI_ENGINE_REQUEST_AMEND_H_
