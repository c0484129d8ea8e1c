#include "client/views_json.h"

#include <string>
#include <vector>

#include "engine/access.h"
#include "engine/civil_date.h"
#include "engine/codes.h"
#include "engine/date.h"

namespace gongkai::client {
namespace {

nlohmann::json DateOrNull(const v1::CivilDate& date) {
  return IsSet(date) ? nlohmann::json(FormatDate(FromCivilTrusted(date))) : nlohmann::json();
}

std::string Shown(const v1::CivilDate& date) {
  return IsSet(date) ? FormatDate(FromCivilTrusted(date)) : "-";
}

std::string DateText(const v1::CivilDate& date) {
  return IsSet(date) ? FormatDate(FromCivilTrusted(date)) : "";
}

template <typename Lines>
std::vector<std::string> SaidAll(const Lines& lines, Lang lang) {
  std::vector<std::string> said;
  for (const auto& line : lines) said.push_back(Translate(line, lang));
  return said;
}

// A message's set fields as JSON, enums as their code words and dates as
// YYYY-MM-DD.
nlohmann::json FieldsJson(const google::protobuf::Message& message) {
  using google::protobuf::FieldDescriptor;
  nlohmann::json j = nlohmann::json::object();
  const auto* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    if (field->is_repeated()) continue;
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_ENUM:
        j[field->name()] =
            internal::CodeOf(field->enum_type(), reflection->GetEnumValue(message, field));
        break;
      case FieldDescriptor::CPPTYPE_STRING:
        j[field->name()] = reflection->GetString(message, field);
        break;
      case FieldDescriptor::CPPTYPE_INT32:
        j[field->name()] = reflection->GetInt32(message, field);
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        j[field->name()] = reflection->GetInt64(message, field);
        break;
      case FieldDescriptor::CPPTYPE_MESSAGE: {
        const auto& sub = reflection->GetMessage(message, field);
        if (const auto* date = dynamic_cast<const v1::CivilDate*>(&sub)) {
          j[field->name()] = Shown(*date);
        } else {
          j[field->name()] = FieldsJson(sub);
        }
        break;
      }
      default:
        break;
    }
  }
  return j;
}

}  // namespace

nlohmann::json EventJson(const v1::Event& event) {
  nlohmann::json j{
      {"sequence", event.sequence()}, {"on", Shown(event.on())}, {"actor", event.actor()}};
  const auto* field = event.GetDescriptor()->FindFieldByNumber(int(event.body_case()));
  if (field == nullptr) return j;
  j["kind"] = field->name();
  j["details"] = FieldsJson(event.GetReflection()->GetMessage(event, field));
  return j;
}

namespace {

// Every clock stop of the current period: {kind, party, from, to}.
nlohmann::json StopsJson(const v1::RequestState& state) {
  nlohmann::json stops = nlohmann::json::array();
  for (const auto& pause : state.pauses()) {
    nlohmann::json stop{{"kind", pause.kind() == v1::PAUSE_KIND_FEE ? "fee" : "consultation"},
                        {"from", Shown(pause.from())},
                        {"to", DateOrNull(pause.to())}};
    if (!pause.party().empty()) stop["party"] = pause.party();
    stops.push_back(stop);
  }
  return stops;
}

}  // namespace

nlohmann::json RequestJson(const v1::RequestView& view, bool with_events, Lang lang) {
  const v1::RequestState& s = view.state();
  nlohmann::json j{
      {"id", s.id()},
      {"agency", s.agency_code()},
      {"agency_name", view.agency_name()},
      {"status", CodeOf(s.status())},
      {"received", Shown(s.received_on())},
      {"due_date", DateOrNull(view.due_date())},
      {"provisional", view.due_date_provisional()},
      {"outcome", s.outcome() == v1::OUTCOME_UNSPECIFIED ? nlohmann::json()
                                                         : nlohmann::json(CodeOf(s.outcome()))},
      {"late", s.late()},
      {"closed_on", DateOrNull(s.closed_on())},
      {"channel", CodeOf(s.channel())},
      {"applicant_type", CodeOf(s.applicant_type())},
      {"regime", s.regime() == v1::REGIME_2008 ? "2008" : "2019"},
      {"subject", s.subject()},
      {"explanation", SaidAll(view.explanation(), lang)},
      {"stops", StopsJson(s)}};
  if (IsSet(view.due_date()) && s.status() == v1::REQUEST_STATUS_OPEN) {
    j["working_days_left"] = view.working_days_left();
    j["working_days_overdue"] = view.working_days_overdue();
  }
  if (view.has_applicant()) {  // Only for those who may see it (engine/access.h).
    const v1::ApplicantPersonalData& a = view.applicant();
    j["applicant"] = {{"name", a.name()},
                      {"id_number", a.id_number()},
                      {"phone", a.phone()},
                      {"address", a.address()},
                      {"contact", a.contact()}};
  }
  if (with_events) {
    j["events"] = nlohmann::json::array();
    for (const auto& event : view.events()) j["events"].push_back(EventJson(event));
    // show: what the asker may record now (engine/allowed_events.h).
    j["allowed_events"] = nlohmann::json::array();
    for (const auto& kind : view.allowed_events()) j["allowed_events"].push_back(kind);
  }
  return j;
}

nlohmann::json AlertJson(const v1::Alert& a, Lang lang) {
  nlohmann::json j{{"seq", a.sequence()},
                   {"request_id", a.request_id()},
                   {"agency", a.agency_code()},
                   {"level", CodeOf(a.level())},
                   {"due_date", DateText(a.due_date())},
                   {"on", DateText(a.on())},
                   {"raised", DateText(a.raised())},
                   {"escalated", a.escalated()},
                   {"message", Translate(a.message(), lang)}};
  if (!a.party().empty()) j["party"] = a.party();
  if (IsSet(a.window_ends())) j["window_ends"] = DateText(a.window_ends());
  return j;
}

nlohmann::json ChangeJson(const v1::CalendarChange& c) {
  nlohmann::json j{
      {"id", c.request_id()},
      {"closed", c.closed()},
      {"due_before", IsSet(c.due_before()) ? FormatDate(FromCivilTrusted(c.due_before())) : ""},
      {"due_after", IsSet(c.due_after()) ? FormatDate(FromCivilTrusted(c.due_after())) : ""}};
  if (c.closed()) {
    j["late_before"] = c.late_before();
    j["late_after"] = c.late_after();
    j["reply_days_before"] = c.reply_days_before();
    j["reply_days_after"] = c.reply_days_after();
    j["locked"] = c.locked();
  }
  return j;
}

nlohmann::json PrincipalJson(const v1::Principal& p) {
  nlohmann::json roles = nlohmann::json::array();
  for (int role : p.roles()) roles.push_back(RoleWord(v1::Role(role)));
  return {
      {"name", p.name()},
      {"roles", roles},
      {"agency", p.agency_code()},
      {"public_key", p.public_key()},
      {"delegate", p.may_delegate()},
      {"revoked", p.revoked()},
      {"enrolled_on", p.has_enrolled_on() ? FormatDate(FromCivilTrusted(p.enrolled_on())) : ""}};
}

nlohmann::json ReportJson(const AnnualReport& r) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& row : r.table3) {
    nlohmann::json j{{"label", row.label}, {"header", row.header}};
    if (!row.header) {
      for (int i = 0; i <= kApplicantColumns; ++i) j[kReportColumns[i]] = row.counts[size_t(i)];
    }
    rows.push_back(j);
  }
  auto appeal = [](const AppealCounts& a) {
    return nlohmann::json{{"upheld", a.upheld},
                          {"corrected", a.corrected},
                          {"other", a.other},
                          {"pending", a.pending},
                          {"total", a.total}};
  };
  nlohmann::json channels = nlohmann::json::object();
  for (const auto& [channel, count] : r.received_by_channel) channels[CodeOf(channel)] = count;
  return {{"year", r.year},
          {"table3", rows},
          {"table4",
           {{"reconsideration", appeal(r.reconsideration)},
            {"litigation", appeal(r.litigation_direct)},
            {"litigation_after_reconsideration", appeal(r.litigation_after_reconsideration)}}},
          {"identity",
           {{"received", r.received},
            {"carried_in", r.carried_in},
            {"closed", r.closed},
            {"carried_out", r.carried_out},
            {"holds", r.identity_holds}}},
          {"received_by_channel", channels},
          {"mean_reply_days", r.mean_reply_days},
          {"p90_reply_days", r.p90_reply_days},
          {"on_time_rate", r.on_time_rate},
          {"late", r.late},
          {"fees_fen", r.fees_fen},
          {"most_late_agencies", r.most_late_agencies}};
}

}  // namespace gongkai::client
