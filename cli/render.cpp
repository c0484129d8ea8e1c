#include "cli/render.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/display_width.h"
#include "engine/calendar.h"
#include "engine/civil_date.h"
#include "engine/codes.h"
#include "engine/report.h"
#include "engine/strings.h"

namespace gongkai::cli {
namespace {

nlohmann::json DateOrNull(const v1::CivilDate& date) {
  return IsSet(date) ? nlohmann::json(FormatDate(FromCivilTrusted(date))) : nlohmann::json();
}

std::string Shown(const v1::CivilDate& date) {
  return IsSet(date) ? FormatDate(FromCivilTrusted(date)) : "-";
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

// {sequence, on, actor, kind ("consultation_started"), details}.
nlohmann::json EventJson(const v1::Event& event) {
  nlohmann::json j{
      {"sequence", event.sequence()}, {"on", Shown(event.on())}, {"actor", event.actor()}};
  const auto* field = event.GetDescriptor()->FindFieldByNumber(int(event.body_case()));
  if (field == nullptr) return j;
  j["kind"] = field->name();
  j["details"] = FieldsJson(event.GetReflection()->GetMessage(event, field));
  return j;
}

std::string OutcomeWords(const v1::RequestState& state) {
  if (state.outcome() == v1::OUTCOME_UNSPECIFIED) return "-";
  const auto& labels = LabelsOf(state.outcome());
  return std::string(labels.group) + std::string(labels.label_2021) + " (" +
         CodeOf(state.outcome()) + ")";
}

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

nlohmann::json RequestJson(const v1::RequestView& view, bool with_events) {
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
      {"explanation", view.explanation()},
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
  }
  return j;
}

void PrintRequest(const v1::RequestView& view, std::ostream& out) {
  const v1::RequestState& s = view.state();
  out << "申请编号 request   " << s.id() << "\n"
      << "机关 agency        " << s.agency_code()
      << (view.agency_name().empty() ? std::string() : StrCat({" ", view.agency_name()})) << "\n"
      << "状态 status        " << CodeOf(s.status()) << "\n"
      << "受理方式 channel   " << ChannelLabel(s.channel()) << " (" << CodeOf(s.channel()) << ")\n"
      << "申请人 applicant   " << ApplicantTypeLabel(s.applicant_type()) << " ("
      << CodeOf(s.applicant_type()) << ")\n";
  if (view.has_applicant()) {
    const v1::ApplicantPersonalData& a = view.applicant();
    out << "  姓名 name        " << a.name() << "\n"
        << "  证件 ID number   " << a.id_number() << "\n"
        << "  电话 phone       " << a.phone() << "\n"
        << "  地址 address     " << a.address() << "\n"
        << "  联系 contact     " << a.contact() << "\n";
  }
  out << "内容 subject       " << s.subject() << "\n"
      << "收到 received      " << Shown(s.received_on()) << "\n"
      << "答复期限 due       " << Shown(view.due_date())
      << (view.due_date_provisional() ? " (provisional)" : "") << "\n"
      << "办理结果 outcome   " << OutcomeWords(s) << "\n";
  if (IsSet(s.closed_on())) {
    out << "办结 closed        " << Shown(s.closed_on())
        << (s.late() ? "  逾期 late" : "  按期 on time") << "\n";
  }
  if (s.pauses_size() > 0) out << "停止计时 clock stops:\n";
  for (const auto& pause : s.pauses()) {
    out << "  "
        << (pause.kind() == v1::PAUSE_KIND_FEE ? "收费 fee notice" : "征求意见 consultation")
        << (pause.party().empty() ? "" : " " + pause.party()) << "  " << Shown(pause.from())
        << " -> " << (IsSet(pause.to()) ? Shown(pause.to()) : "running") << "\n";
  }
  out << "How the due date is reached:\n";
  for (const auto& line : view.explanation()) out << "  " << line << "\n";
  if (view.events_size() > 0) out << "Timeline:\n";
  for (const auto& event : view.events()) {
    const nlohmann::json j = EventJson(event);
    out << "  #" << event.sequence() << "  " << Shown(event.on()) << "  "
        << j.value("kind", std::string("?"));
    if (j.contains("details") && !j["details"].empty()) out << "  " << j["details"].dump();
    out << "  (" << event.actor() << ")\n";
  }
}

namespace {

// What a list row says of the time left: working days, or how far overdue.
std::string Left(const v1::RequestView& view) {
  if (!IsSet(view.due_date()) || view.state().status() != v1::REQUEST_STATUS_OPEN) return "-";
  return view.working_days_overdue() > 0
             ? StrCat({"逾期 ", std::to_string(view.working_days_overdue()), " overdue"})
             : std::to_string(view.working_days_left());
}

// The line under a list: how many matched, and whether all are shown.
std::string MatchedLine(const v1::Reply& reply) {
  const int64_t shown = reply.requests_size();
  const int64_t total = std::max<int64_t>(reply.total(), shown);
  if (shown < total) {
    return StrCat({"显示 ", std::to_string(shown), " / 共 ", std::to_string(total), " 条 (showing ",
                   std::to_string(shown), " of ", std::to_string(total),
                   " matched; --limit N shows up to 10000)"});
  }
  return StrCat({"共 ", std::to_string(total), " 条 (", std::to_string(total), " matched)"});
}

}  // namespace

void PrintRequestTable(const v1::Reply& reply, std::ostream& out) {
  // Columns by display width: a Chinese character takes two.
  constexpr size_t kId = 20, kAgency = 16, kStatus = 20, kDate = 11, kLeft = 14;
  out << FitToWidth("申请编号 id", kId) << " " << FitToWidth("机关", kAgency) << " "
      << FitToWidth("状态 status", kStatus) << " " << FitToWidth("收到 received", kDate + 3) << " "
      << FitToWidth("期限 due", kDate) << " " << FitToWidth("剩余工作日 left", kLeft + 2) << " "
      << "事项 subject\n";
  for (const auto& view : reply.requests()) {
    const auto& s = view.state();
    out << FitToWidth(s.id(), kId) << " "
        << FitToWidth(view.agency_name().empty() ? s.agency_code() : view.agency_name(), kAgency)
        << " " << FitToWidth(CodeOf(s.status()), kStatus) << " "
        << FitToWidth(Shown(s.received_on()), kDate + 3) << " "
        << FitToWidth(Shown(view.due_date()), kDate) << " " << FitToWidth(Left(view), kLeft + 2)
        << " " << FitToWidth(s.subject(), 40) << "\n";
  }
  out << MatchedLine(reply) << "\n";
}

void PrintSearchTable(const v1::Reply& reply, std::ostream& out) {
  constexpr size_t kId = 20, kAgency = 16, kStatus = 20, kDate = 11, kName = 10;
  bool names = false;
  for (const auto& view : reply.requests()) names = names || view.has_applicant();
  out << FitToWidth("申请编号", kId) << " " << FitToWidth("收到日期", kDate) << " "
      << FitToWidth("机关", kAgency) << " " << FitToWidth("状态", kStatus) << " "
      << (names ? FitToWidth("申请人", kName) + " " : "") << "事项\n";
  for (const auto& view : reply.requests()) {
    const auto& s = view.state();
    out << FitToWidth(s.id(), kId) << " " << FitToWidth(Shown(s.received_on()), kDate) << " "
        << FitToWidth(view.agency_name().empty() ? s.agency_code() : view.agency_name(), kAgency)
        << " " << FitToWidth(CodeOf(s.status()), kStatus) << " "
        << (names ? FitToWidth(view.applicant().name(), kName) + " " : "")
        << FitToWidth(s.subject(), 40) << "\n";
  }
  out << "找到 " << reply.requests_size() << " 条";
  if (!reply.next_cursor().empty()) {
    out << "；可能还有更多，下一页: --cursor " << reply.next_cursor();
  }
  out << "\n";
}

namespace {

// Text an applicant wrote, made inert in a spreadsheet: a leading = + - @
// (or tab, CR) would make Excel read it as a formula.
std::string SpreadsheetText(const std::string& text) {
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
    return StrCat({"'", text});
  }
  return text;
}

}  // namespace

void PrintRequestCsv(const v1::Reply& reply, std::ostream& out) {
  std::string csv = "\xEF\xBB\xBF";
  const auto line = [&csv](const std::vector<std::string>& fields) {
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) csv += ",";
      csv += CsvField(fields[i]);
    }
    csv += "\r\n";
  };
  line({"id", "agency", "agency_name", "status", "received", "due_date", "working_days_left",
        "working_days_overdue", "subject"});
  for (const auto& view : reply.requests()) {
    const auto& s = view.state();
    const bool open = IsSet(view.due_date()) && s.status() == v1::REQUEST_STATUS_OPEN;
    line({s.id(), s.agency_code(), view.agency_name(), CodeOf(s.status()),
          IsSet(s.received_on()) ? Shown(s.received_on()) : "",
          IsSet(view.due_date()) ? Shown(view.due_date()) : "",
          open ? std::to_string(view.working_days_left()) : "",
          open ? std::to_string(view.working_days_overdue()) : "", SpreadsheetText(s.subject())});
  }
  out << csv;
}

}  // namespace gongkai::cli
