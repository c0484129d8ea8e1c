#include "cli/render.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/display_width.h"
#include "cli/language.h"
#include "client/views_json.h"
#include "engine/calendar.h"
#include "engine/civil_date.h"
#include "engine/codes.h"
#include "engine/messages.h"
#include "engine/report.h"
#include "engine/strings.h"

namespace gongkai::cli {
namespace {

std::string Shown(const v1::CivilDate& date) { return IsSet(date) ? FormatCivil(date) : "-"; }

// The outcome's report row and its code; in English the code alone.
std::string OutcomeWords(const v1::RequestState& state) {
  if (state.outcome() == v1::OUTCOME_UNSPECIFIED) return "-";
  if (UserLang() == Lang::kEn) return CodeOf(state.outcome());
  return StrCat({NameOf(state.outcome(), Lang::kZh), " (", CodeOf(state.outcome()), ")"});
}

// A code's name for the user: in Chinese "名称 (code)", in English the code.
template <typename Enum>
std::string Named(Enum value) {
  if (UserLang() == Lang::kEn) return CodeOf(value);
  return StrCat({NameOf(value, Lang::kZh), " (", CodeOf(value), ")"});
}

// A label of `show`, in the user's language, padded to one width.
std::string Label(std::string_view english, size_t width = 16) {
  return FitToWidth(Say(english), width) + "  ";
}

}  // namespace

nlohmann::json RequestJson(const v1::RequestView& view, bool with_events) {
  return client::RequestJson(view, with_events, UserLang());
}

void PrintRequest(const v1::RequestView& view, std::ostream& out) {
  const v1::RequestState& s = view.state();
  out << Label("request") << s.id() << "\n"
      << Label("agency") << s.agency_code()
      << (view.agency_name().empty() ? std::string() : StrCat({" ", view.agency_name()})) << "\n"
      << Label("status") << Named(s.status()) << "\n"
      << Label("channel") << Named(s.channel()) << "\n"
      << Label("applicant") << Named(s.applicant_type()) << "\n";
  if (view.has_applicant()) {
    const v1::ApplicantPersonalData& a = view.applicant();
    out << "  " << Label("name", 14) << a.name() << "\n"
        << "  " << Label("ID number", 14) << a.id_number() << "\n"
        << "  " << Label("phone", 14) << a.phone() << "\n"
        << "  " << Label("address", 14) << a.address() << "\n"
        << "  " << Label("contact", 14) << a.contact() << "\n";
  }
  out << Label("subject") << s.subject() << "\n"
      << Label("received") << Shown(s.received_on()) << "\n"
      << Label("due") << Shown(view.due_date())
      << (view.due_date_provisional() ? Say(" (provisional)") : "") << "\n"
      << Label("outcome") << OutcomeWords(s) << "\n";
  if (IsSet(s.closed_on())) {
    out << Label("closed") << Shown(s.closed_on()) << "  " << Say(s.late() ? "late" : "on time")
        << "\n";
  }
  if (s.pauses_size() > 0) out << Say("clock stops:") << "\n";
  for (const auto& pause : s.pauses()) {
    out << "  " << Say(pause.kind() == v1::PAUSE_KIND_FEE ? "fee notice" : "consultation")
        << (pause.party().empty() ? "" : " " + pause.party()) << "  " << Shown(pause.from())
        << " -> " << (IsSet(pause.to()) ? Shown(pause.to()) : Say("running")) << "\n";
  }
  out << Say("How the due date is reached:") << "\n";
  for (const auto& line : view.explanation()) out << "  " << Say(line) << "\n";
  if (view.events_size() > 0) out << Say("Timeline:") << "\n";
  for (const auto& event : view.events()) {
    const nlohmann::json j = client::EventJson(event);
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
             ? Say(StrCat({std::to_string(view.working_days_overdue()), " overdue"}))
             : std::to_string(view.working_days_left());
}

// The line under a list: how many matched, and whether all are shown.
std::string MatchedLine(const v1::Reply& reply) {
  const int64_t shown = reply.requests_size();
  const int64_t total = std::max<int64_t>(reply.total(), shown);
  if (shown < total) {
    return Say(StrCat({"showing ", std::to_string(shown), " of ", std::to_string(total),
                       " matched; --limit N shows up to 10000"}));
  }
  return Say(StrCat({std::to_string(total), " matched"}));
}

}  // namespace

void PrintRequestTable(const v1::Reply& reply, std::ostream& out) {
  // Columns by display width: a Chinese character takes two.
  constexpr size_t kId = 20, kAgency = 16, kStatus = 20, kDate = 11, kLeft = 14;
  out << FitToWidth(Say("id"), kId) << " " << FitToWidth(Say("agency"), kAgency) << " "
      << FitToWidth(Say("status"), kStatus) << " " << FitToWidth(Say("received"), kDate + 3) << " "
      << FitToWidth(Say("due"), kDate) << " " << FitToWidth(Say("working days left"), kLeft + 2)
      << " " << Say("subject") << "\n";
  for (const auto& view : reply.requests()) {
    const auto& s = view.state();
    out << FitToWidth(s.id(), kId) << " "
        << FitToWidth(view.agency_name().empty() ? s.agency_code() : view.agency_name(), kAgency)
        << " " << FitToWidth(NameOf(s.status(), UserLang()), kStatus) << " "
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
  out << FitToWidth(Say("id"), kId) << " " << FitToWidth(Say("received"), kDate) << " "
      << FitToWidth(Say("agency"), kAgency) << " " << FitToWidth(Say("status"), kStatus) << " "
      << (names ? FitToWidth(Say("applicant"), kName) + " " : "") << Say("subject") << "\n";
  for (const auto& view : reply.requests()) {
    const auto& s = view.state();
    out << FitToWidth(s.id(), kId) << " " << FitToWidth(Shown(s.received_on()), kDate) << " "
        << FitToWidth(view.agency_name().empty() ? s.agency_code() : view.agency_name(), kAgency)
        << " " << FitToWidth(NameOf(s.status(), UserLang()), kStatus) << " "
        << (names ? FitToWidth(view.applicant().name(), kName) + " " : "")
        << FitToWidth(s.subject(), 40) << "\n";
  }
  out << Say(StrCat({"found ", std::to_string(reply.requests_size())}));
  if (!reply.next_cursor().empty()) {
    out << Say(StrCat({"; there may be more, next page: --cursor ", reply.next_cursor()}));
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
