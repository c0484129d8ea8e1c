// The views every front end shows as JSON (DESIGN.md, "Read path"): a
// request with its timeline, an alert, a person, a calendar change and the
// annual report. `gongkai --json` prints them and gongkai-web answers with
// them, so both say the same thing in the same words. Codes (status,
// outcome, level, role) stay the English code words; sentences meant for a
// person (an explanation, an alert's message) are said in `lang`. The
// applicant's personal data appear only when the engine sent them, which it
// does only to those who may see them (engine/access.h).
//
// Thread safety: pure functions.
#ifndef GONGKAI_CLIENT_VIEWS_JSON_H_
#define GONGKAI_CLIENT_VIEWS_JSON_H_

#include <nlohmann/json.hpp>

#include "engine/messages.h"
#include "engine/report.h"
#include "gongkai/v1/command.pb.h"

namespace gongkai::client {

// {id, agency, agency_name, status, received, due_date, provisional, outcome,
//  late, closed_on, channel, applicant_type, regime, subject, explanation,
//  stops[, working_days_left, working_days_overdue][, applicant][, events,
//  allowed_events]}.
nlohmann::json RequestJson(const v1::RequestView& view, bool with_events, Lang lang);
// {sequence, on, actor, kind ("consultation_started"), details}.
nlohmann::json EventJson(const v1::Event& event);
// {seq, request_id, agency, level, due_date, on, raised, escalated, message
//  [, party][, window_ends]}.
nlohmann::json AlertJson(const v1::Alert& alert, Lang lang);
// {name, roles, agency, public_key, delegate, revoked, enrolled_on}.
nlohmann::json PrincipalJson(const v1::Principal& principal);
// {id, closed, due_before, due_after[, late_before, late_after,
//  reply_days_before, reply_days_after, locked]}.
nlohmann::json ChangeJson(const v1::CalendarChange& change);
// The applicant columns of table 三, then 总计 (the CSV's, the XLSX's and
// the JSON's keys).
inline constexpr const char* kReportColumns[] = {
    "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"};
// {year, table3, table4, identity, received_by_channel, mean_reply_days,
//  p90_reply_days, on_time_rate, late, fees_fen, most_late_agencies}.
nlohmann::json ReportJson(const AnnualReport& report);

}  // namespace gongkai::client

#endif  // GONGKAI_CLIENT_VIEWS_JSON_H_
