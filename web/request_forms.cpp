#include "web/request_forms.h"

#include <functional>
#include <map>

#include "client/numbers.h"
#include "engine/civil_date.h"
#include "engine/codes.h"
#include "engine/strings.h"
#include "web/http_json.h"

namespace gongkai::web {
namespace {

using nlohmann::json;

// A code word member (absent: `out` unchanged; `required`: refused).
template <typename Enum>
Status CodeField(const json& body, const std::string& name, bool required, Enum& out) {
  auto text = OptionalString(body, name);
  if (!text.ok()) return text.status();
  if (!text->has_value()) {
    return required ? InvalidArgumentError(StrCat({name, " is required"})) : OkStatus();
  }
  auto value = ParseCode<Enum>(**text);
  if (!value.ok()) return InvalidArgumentError(StrCat({name, ": ", value.status().message()}));
  out = *value;
  return OkStatus();
}

// A YYYY-MM-DD member into `out` (absent: unchanged).
Status DateField(const json& body, const std::string& name, v1::CivilDate& out) {
  auto text = OptionalString(body, name);
  if (!text.ok()) return text.status();
  if (!text->has_value()) return OkStatus();
  auto date = ParseDate(**text);
  if (!date.ok()) return InvalidArgumentError(StrCat({name, ": ", date.status().message()}));
  out = ToCivil(*date);
  return OkStatus();
}

Status StringInto(const json& body, const std::string& name, std::string& out) {
  auto text = OptionalString(body, name);
  if (!text.ok()) return text.status();
  if (text->has_value()) out = **text;
  return OkStatus();
}

// The applicant object's fields given, copied into `out`; their names in
// `named` (comma-separated) when asked.
Status ApplicantFields(const json& body, v1::ApplicantPersonalData& out, std::string* named) {
  auto it = body.find("applicant");
  if (it == body.end() || it->is_null()) return OkStatus();
  if (!it->is_object()) return InvalidArgumentError("applicant must be an object");
  const auto* reflection = out.GetReflection();
  for (const char* field : {"name", "id_number", "phone", "address", "contact"}) {
    auto text = OptionalString(*it, field);
    if (!text.ok()) return InvalidArgumentError(StrCat({"applicant.", text.status().message()}));
    if (!text->has_value()) continue;
    reflection->SetString(&out, out.GetDescriptor()->FindFieldByName(field), **text);
    if (named != nullptr) *named += StrCat({named->empty() ? "" : ",", field});
  }
  return OkStatus();
}

using EventBuilder = std::function<Status(const json&, v1::Event&)>;

const std::map<std::string, EventBuilder>& EventBuilders() {
  static const std::map<std::string, EventBuilder> builders = {
      {"correction-request",
       [](const json& b, v1::Event& e) {
         auto days = OptionalInt(b, "window", 1, 60);
         if (!days.ok()) return days.status();
         e.mutable_correction_requested()->set_window_days(days->value_or(0));
         return OkStatus();
       }},
      {"correction-receive",
       [](const json&, v1::Event& e) { return e.mutable_correction_received(), OkStatus(); }},
      {"correction-lapse",
       [](const json&, v1::Event& e) { return e.mutable_correction_lapsed(), OkStatus(); }},
      {"consult-start",
       [](const json& b, v1::Event& e) {
         return StringInto(b, "party", *e.mutable_consultation_started()->mutable_party());
       }},
      {"consult-end",
       [](const json& b, v1::Event& e) {
         return StringInto(b, "party", *e.mutable_consultation_ended()->mutable_party());
       }},
      {"extend",
       [](const json& b, v1::Event& e) {
         auto days = OptionalInt(b, "days", 1, 40);
         if (!days.ok()) return days.status();
         e.mutable_extension_approved()->set_days(days->value_or(0));
         return OkStatus();
       }},
      {"fee-notice",
       [](const json& b, v1::Event& e) {
         auto amount = RequiredString(b, "amount");
         if (!amount.ok()) return amount.status();
         auto fen = client::ParseYuan(*amount, "amount");
         if (!fen.ok()) return fen.status();
         e.mutable_fee_notice_issued()->set_amount_fen(*fen);
         return OkStatus();
       }},
      {"fee-paid", [](const json&, v1::Event& e) { return e.mutable_fee_paid(), OkStatus(); }},
      {"fee-lapse", [](const json&, v1::Event& e) { return e.mutable_fee_lapsed(), OkStatus(); }},
      {"decide",
       [](const json& b, v1::Event& e) {
         v1::Decided* decided = e.mutable_decided();
         v1::Outcome outcome{};
         GONGKAI_RETURN_IF_ERROR(CodeField(b, "outcome", true, outcome));
         decided->set_outcome(outcome);
         return StringInto(b, "note", *decided->mutable_note());
       }},
      {"deliver", [](const json&, v1::Event& e) { return e.mutable_delivered(), OkStatus(); }},
      {"withdraw", [](const json&, v1::Event& e) { return e.mutable_withdrawn(), OkStatus(); }},
      {"appeal",
       [](const json& b, v1::Event& e) {
         v1::AppealKind kind{};
         GONGKAI_RETURN_IF_ERROR(CodeField(b, "kind_of_appeal", true, kind));
         e.mutable_appeal_filed()->set_kind(kind);
         return OkStatus();
       }},
      {"appeal-resolve",
       [](const json& b, v1::Event& e) {
         v1::AppealResolved* resolved = e.mutable_appeal_resolved();
         v1::AppealResult result{};
         GONGKAI_RETURN_IF_ERROR(CodeField(b, "result", true, result));
         resolved->set_result(result);
         v1::AppealKind kind = v1::APPEAL_KIND_UNSPECIFIED;
         GONGKAI_RETURN_IF_ERROR(CodeField(b, "kind_of_appeal", false, kind));
         resolved->set_kind(kind);
         return OkStatus();
       }},
  };
  return builders;
}

StatusOr<v1::Command> AmendFromJson(const std::string& id, const json& body) {
  v1::Command command;
  v1::AmendCommand* amend = command.mutable_amend();
  amend->set_request_id(id);
  v1::IntakeAmended* amended = amend->mutable_amended();
  auto reason = RequiredString(body, "reason");
  if (!reason.ok()) return reason.status();
  amended->set_reason(*reason);
  GONGKAI_RETURN_IF_ERROR(StringInto(body, "subject", *amended->mutable_subject()));
  v1::Channel channel = v1::CHANNEL_UNSPECIFIED;
  GONGKAI_RETURN_IF_ERROR(CodeField(body, "channel", false, channel));
  amended->set_channel(channel);
  v1::ApplicantType type = v1::APPLICANT_TYPE_UNSPECIFIED;
  GONGKAI_RETURN_IF_ERROR(CodeField(body, "applicant_type", false, type));
  amended->set_applicant_type(type);
  GONGKAI_RETURN_IF_ERROR(DateField(body, "received_on", *amended->mutable_received_on()));
  std::string named;
  GONGKAI_RETURN_IF_ERROR(ApplicantFields(body, *amend->mutable_applicant(), &named));
  amended->set_applicant_fields(named);
  if (amended->subject().empty() && channel == v1::CHANNEL_UNSPECIFIED &&
      type == v1::APPLICANT_TYPE_UNSPECIFIED && !IsSet(amended->received_on()) && named.empty()) {
    return InvalidArgumentError(
        "nothing to amend: give at least one of subject, channel, applicant_type, received_on, "
        "applicant");
  }
  return command;
}

}  // namespace

StatusOr<v1::Command> IntakeFromJson(const json& body, Date today) {
  v1::Command command;
  v1::IntakeCommand* intake = command.mutable_intake();
  v1::RequestReceived* received = intake->mutable_received();
  auto agency = RequiredString(body, "agency_code");
  if (!agency.ok()) return agency.status();
  received->set_agency_code(*agency);
  v1::Channel channel{};
  GONGKAI_RETURN_IF_ERROR(CodeField(body, "channel", true, channel));
  received->set_channel(channel);
  v1::ApplicantType type{};
  GONGKAI_RETURN_IF_ERROR(CodeField(body, "applicant_type", true, type));
  received->set_applicant_type(type);
  auto subject = RequiredString(body, "subject");
  if (!subject.ok()) return subject.status();
  received->set_subject(*subject);
  GONGKAI_RETURN_IF_ERROR(ApplicantFields(body, *received->mutable_applicant(), nullptr));
  if (received->applicant().name().empty())
    return InvalidArgumentError("applicant.name is required");
  *intake->mutable_received_on() = ToCivil(today);
  GONGKAI_RETURN_IF_ERROR(DateField(body, "received_on", *intake->mutable_received_on()));
  v1::Outcome on_the_spot = v1::OUTCOME_UNSPECIFIED;
  GONGKAI_RETURN_IF_ERROR(CodeField(body, "on_the_spot", false, on_the_spot));
  intake->set_on_the_spot_outcome(on_the_spot);
  return command;
}

StatusOr<v1::Command> EventFromJson(const std::string& id, const json& body) {
  auto kind = RequiredString(body, "kind");
  if (!kind.ok()) return kind.status();
  if (*kind == "amend") return AmendFromJson(id, body);
  auto builder = EventBuilders().find(*kind);
  if (builder == EventBuilders().end()) {
    return InvalidArgumentError(StrCat({"kind: unknown event '", Excerpt(*kind, 40), "'"}));
  }
  v1::Command command;
  v1::Event* event = command.mutable_record_event()->mutable_event();
  event->set_request_id(id);
  GONGKAI_RETURN_IF_ERROR(DateField(body, "on", *event->mutable_on()));
  GONGKAI_RETURN_IF_ERROR(builder->second(body, *event));
  return command;
}

}  // namespace gongkai::web
