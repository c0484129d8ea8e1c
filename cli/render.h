// How the client shows requests: JSON objects for machines, readable text
// with the law's Chinese labels for people. The applicant's personal data
// are printed when the engine sent them, which it does only to those who may
// see them (engine/access.h).
#ifndef GONGKAI_CLI_RENDER_H_
#define GONGKAI_CLI_RENDER_H_

#include <nlohmann/json.hpp>
#include <ostream>

#include "engine/date.h"
#include "gongkai/v1/command.pb.h"

namespace gongkai::cli {

// {id, agency, agency_name, status, received, due_date, provisional, outcome, late,
//  channel, applicant_type, subject, explanation[, events, allowed_events]}
// (events and allowed_events with `with_events`: show).
nlohmann::json RequestJson(const v1::RequestView& view, bool with_events);

void PrintRequest(const v1::RequestView& view, std::ostream& out);
// One line per request: id, agency (its name), status, received, due, working days
// left or overdue, subject; aligned by display width; then how many matched
// (and how many are shown when the list was cut at its limit).
// gongkai search's page: id, received, agency, status, the applicant's
// name when the reply holds it, subject; then how many are shown and, when
// more may follow, the --cursor that shows them.
void PrintSearchTable(const v1::Reply& reply, std::ostream& out);
void PrintRequestTable(const v1::Reply& reply, std::ostream& out);
// The same requests as CSV (UTF-8 byte order mark, RFC 4180): id, agency,
// agency_name, status, received, due_date, working_days_left, working_days_overdue,
// subject.
void PrintRequestCsv(const v1::Reply& reply, std::ostream& out);

}  // namespace gongkai::cli

#endif  // GONGKAI_CLI_RENDER_H_
