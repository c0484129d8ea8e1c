// The console's forms as engine commands: an intake and the events that may
// be recorded on a request, from the JSON bodies of POST /api/v1/requests
// and POST /api/v1/requests/{id}/events (docs/web-api.md). Fields are those
// of the CLI's flags in snake_case; codes are the CLI's code words. Nothing
// here decides what the law allows: the engine does, and refuses.
//
// Errors: invalid_argument naming the field (a missing one, a bad date, an
// unknown code word or event kind). The applicant's data never appear in
// an error.
// Thread safety: pure functions.
#ifndef GONGKAI_WEB_REQUEST_FORMS_H_
#define GONGKAI_WEB_REQUEST_FORMS_H_

#include <nlohmann/json.hpp>
#include <string>

#include "engine/date.h"
#include "engine/status.h"
#include "gongkai/v1/command.pb.h"

namespace gongkai::web {

// {agency_code, channel, applicant_type, applicant: {name, id_number, phone,
//  address, contact}, subject, received_on?, on_the_spot?}; received_on
// defaults to `today`.
StatusOr<v1::Command> IntakeFromJson(const nlohmann::json& body, Date today);

// {kind, on?, ...the kind's fields} for the request `id`: kind is one of
// correction-request (window), correction-receive, correction-lapse,
// consult-start (party), consult-end (party), extend (days), fee-notice
// (amount, yuan), fee-paid, fee-lapse, decide (outcome, note), deliver,
// withdraw, appeal (kind_of_appeal), appeal-resolve (result,
// kind_of_appeal?), or amend (reason, subject?, channel?, applicant_type?,
// received_on?, applicant?: {name?, id_number?, phone?, address?,
// contact?}). Without `on` the engine's today is the event's date.
StatusOr<v1::Command> EventFromJson(const std::string& id, const nlohmann::json& body);

}  // namespace gongkai::web

#endif  // GONGKAI_WEB_REQUEST_FORMS_H_
