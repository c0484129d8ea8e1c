#include "engine/request_amend.h"

#include <algorithm>
#include <array>
#include <optional>

#include "engine/civil_date.h"
#include "engine/codes.h"
#include "engine/request_machine.h"
#include "engine/strings.h"

namespace gongkai {
namespace {

using v1::RequestState;

constexpr size_t kMaxSubject = 4000;  // As intake (engine/request_machine.cpp).
constexpr size_t kMaxName = 200;
constexpr size_t kMaxContactField = 400;

// The personal-data fields, in their canonical order.
constexpr std::array<std::string_view, 5> kApplicantFields = {"name", "id_number", "phone",
                                                              "address", "contact"};

std::string StatusWords(const RequestState& state) {
  return state.on_the_spot() ? "answered on the spot" : CodeWords(state.status());
}

// The earliest date the current state still holds of the request's life
// after its receipt: a stop's start, a correction asked or received, an
// extension, a fee notice. nullopt when nothing but the receipt (and
// amendments or recomputations) was recorded.
std::optional<Date> EarliestRecorded(const RequestState& state) {
  std::optional<Date> earliest;
  const auto consider = [&earliest](const v1::CivilDate& date) {
    if (!IsSet(date)) return;
    const Date day = FromCivilTrusted(date);
    if (!earliest || day < *earliest) earliest = day;
  };
  for (const auto& pause : state.pauses()) consider(pause.from());
  consider(state.correction_requested_on());
  consider(state.correction_received_on());
  consider(state.extension_approved_on());
  consider(state.fee_notice_on());
  return earliest;
}

Status CheckCodes(const v1::IntakeAmended& amended) {
  if (amended.channel() != v1::CHANNEL_UNSPECIFIED &&
      !IsKnownCode<v1::Channel>(amended.channel())) {
    return InvalidArgumentError(
        "the channel is unknown: use one of in_person, registered_mail, ordinary_mail, online, "
        "fax, email, other");
  }
  if (amended.applicant_type() != v1::APPLICANT_TYPE_UNSPECIFIED &&
      !IsKnownCode<v1::ApplicantType>(amended.applicant_type())) {
    return InvalidArgumentError(
        "the applicant type is unknown: use one of natural_person, business, research, "
        "nonprofit, legal_services, other_org");
  }
  if (amended.subject().size() > kMaxSubject) {
    return InvalidArgumentError(StrCat({"the subject is ", std::to_string(amended.subject().size()),
                                        " bytes long; at most 4000 are accepted"}));
  }
  return OkStatus();
}

// The checks that need nothing but the event itself.
Status CheckWellFormed(const v1::IntakeAmended& amended) {
  if (amended.reason().empty() || amended.reason().size() > kMaxSubject) {
    return InvalidArgumentError("say why the intake is amended (a reason of 1 to 4000 bytes)");
  }
  if (amended.subject().empty() && amended.channel() == v1::CHANNEL_UNSPECIFIED &&
      amended.applicant_type() == v1::APPLICANT_TYPE_UNSPECIFIED && !IsSet(amended.received_on()) &&
      amended.applicant_fields().empty()) {
    return InvalidArgumentError(
        "nothing to amend: give a new subject, channel, applicant type, receipt date or "
        "applicant's data");
  }
  GONGKAI_RETURN_IF_ERROR(CheckCodes(amended));
  return CanonicalApplicantFields(amended.applicant_fields()).status();
}

Status CheckReceiptYearAndLaw(const RequestState& before, Date received, Date on) {
  const std::string date = FormatDate(received);
  if (received > on) {
    return InvalidArgumentError(StrCat({"the new receipt date ", date, " is after the day of the ",
                                        "amendment (", FormatDate(on), ")"}));
  }
  if (received < RegulationsInForceDate()) {
    return InvalidArgumentError(
        StrCat({"the new receipt date ", date, " is before ", FormatDate(RegulationsInForceDate()),
                ", when the Regulations entered into force"}));
  }
  const int year = before.received_on().year();
  if (YearOf(received) != year) {
    return FailedPreconditionError(StrCat(
        {"the new receipt date ", date, " is not in ", std::to_string(year), ": request ",
         before.id(), " is numbered in the year it was received, so a request received in ",
         std::to_string(YearOf(received)), " needs a number of that year: withdraw this one ",
         "and register the request anew"}));
  }
  return OkStatus();
}

// The regime and the date rules a new receipt date must keep.
Status CheckNewReceipt(const RequestState& before, Date received, Date on,
                       const DeadlinePolicy& policy) {
  GONGKAI_RETURN_IF_ERROR(CheckReceiptYearAndLaw(before, received, on));
  const std::optional<Date> earliest = EarliestRecorded(before);
  if (earliest && received > *earliest) {
    return FailedPreconditionError(
        StrCat({"the new receipt date ", FormatDate(received), " is after ", FormatDate(*earliest),
                ", when the request's handling already began (a stop, a correction, an extension ",
                "or a fee notice): a request is received before anything happens to it"}));
  }
  const v1::Regime regime = policy.RegimeFor(received);
  if (earliest && regime != before.regime()) {
    return FailedPreconditionError(StrCat(
        {"the new receipt date ", FormatDate(received), " falls under the ", RulesFor(regime).name,
         " Regulations while the request was handled under the ", RulesFor(before.regime()).name,
         " ones since its receipt: withdraw it and register it anew"}));
  }
  return OkStatus();
}

// The officers were already reminded of this request's window to ask for a
// correction: a corrected receipt date does not remind them again.
void KeepCorrectionReminder(const v1::CivilDate& old_receipt, RequestState& after) {
  for (auto& fired : *after.mutable_alerts_fired()) {
    if (fired.level() == v1::ALERT_LEVEL_CORRECTION_NOT_ASKED && IsSet(fired.anchor()) &&
        FromCivilTrusted(fired.anchor()) == FromCivilTrusted(old_receipt)) {
      *fired.mutable_anchor() = after.received_on();
    }
  }
}

}  // namespace

Status RefuseAmendWhenClosed(const RequestState& state) {
  return FailedPreconditionError(StrCat({"request ", state.id(), " is ", StatusWords(state),
                                         " (closed on ", FormatCivil(state.closed_on()),
                                         "): an intake can be amended only before a decision"}));
}

Status ApplyIntakeAmended(const RequestState& before, const v1::IntakeAmended& amended, Date on,
                          const DeadlinePolicy& policy, RequestState& after) {
  GONGKAI_RETURN_IF_ERROR(CheckWellFormed(amended));
  if (IsClosed(before.status())) return RefuseAmendWhenClosed(before);
  if (!amended.applicant_fields().empty() && before.applicant_erased()) {
    return FailedPreconditionError(
        StrCat({"the applicant's personal data of request ", before.id(),
                " were erased: they cannot be amended (register a new request if the applicant "
                "asks again)"}));
  }
  if (!amended.subject().empty()) after.set_subject(amended.subject());
  if (amended.channel() != v1::CHANNEL_UNSPECIFIED) after.set_channel(amended.channel());
  if (amended.applicant_type() != v1::APPLICANT_TYPE_UNSPECIFIED) {
    after.set_applicant_type(amended.applicant_type());
  }
  if (!IsSet(amended.received_on())) return OkStatus();
  auto received = FromCivil(amended.received_on(), "the new receipt date");
  if (!received.ok()) return received.status();
  GONGKAI_RETURN_IF_ERROR(CheckNewReceipt(before, *received, on, policy));
  *after.mutable_received_on() = ToCivil(*received);
  KeepCorrectionReminder(before.received_on(), after);
  // A corrected request restarted the period from its own receipt.
  if (!IsSet(before.correction_received_on())) *after.mutable_period_start() = ToCivil(*received);
  after.set_regime(policy.RegimeFor(*received));
  after.set_period_days(RulesFor(after.regime()).period);
  return OkStatus();
}

StatusOr<std::string> CanonicalApplicantFields(std::string_view fields) {
  std::array<bool, kApplicantFields.size()> named{};
  while (!fields.empty()) {
    const size_t comma = fields.find(',');
    const std::string_view field = fields.substr(0, comma);
    fields = comma == std::string_view::npos ? std::string_view() : fields.substr(comma + 1);
    const auto it = std::find(kApplicantFields.begin(), kApplicantFields.end(), field);
    if (it == kApplicantFields.end()) {
      return InvalidArgumentError(
          StrCat({"unknown applicant field '", field.substr(0, 20),
                  "': name the fields among name, id_number, phone, address, contact"}));
    }
    const size_t index = size_t(it - kApplicantFields.begin());
    if (named[index]) {
      return InvalidArgumentError(StrCat({"the applicant field ", field, " is named twice"}));
    }
    named[index] = true;
  }
  std::string canonical;
  for (size_t i = 0; i < named.size(); ++i) {
    if (!named[i]) continue;
    if (!canonical.empty()) canonical += ',';
    canonical.append(kApplicantFields[i]);
  }
  return canonical;
}

StatusOr<v1::ApplicantPersonalData> AmendedApplicant(const v1::ApplicantPersonalData& stored,
                                                     const v1::ApplicantPersonalData& given,
                                                     std::string_view fields) {
  auto canonical = CanonicalApplicantFields(fields);
  if (!canonical.ok()) return canonical.status();
  v1::ApplicantPersonalData result = stored;
  const auto* descriptor = result.GetDescriptor();
  const auto* reflection = result.GetReflection();
  std::string_view rest = *canonical;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    const std::string name(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    const auto* field = descriptor->FindFieldByName(name);
    const std::string value = reflection->GetString(given, field);
    if (name == "name" && value.empty()) {
      return InvalidArgumentError("the applicant's name cannot be left empty");
    }
    if (value.size() > (name == "name" ? kMaxName : kMaxContactField)) {
      return InvalidArgumentError(StrCat(
          {"the applicant's ", name, " is ", std::to_string(value.size()), " bytes long; at most ",
           std::to_string(name == "name" ? kMaxName : kMaxContactField), " are accepted"}));
    }
    reflection->SetString(&result, field, value);
  }
  return result;
}

Status CheckHistoryWithReceipt(const std::vector<v1::Event>& history, Date received,
                               const CalendarOf& calendar_of, const DeadlinePolicy& policy) {
  RequestState state;
  for (v1::Event event : history) {
    if (event.has_received()) {
      *event.mutable_on() = ToCivil(received);
      // The stored receipt holds no personal data; only its dates matter here.
      event.mutable_received()->mutable_applicant()->set_name("-");
    }
    // An earlier amendment's receipt date gives way to the one checked.
    if (event.has_intake_amended() && IsSet(event.intake_amended().received_on())) {
      *event.mutable_intake_amended()->mutable_received_on() = ToCivil(received);
    }
    auto calendar = calendar_of(event.calendar_generation());
    if (!calendar.ok()) return calendar.status();
    const MachineContext context{**calendar, policy, MakeDate(kMaxYear, 12, 31)};
    auto next = Apply(state, event, context);
    if (!next.ok()) {
      const auto* field = event.GetDescriptor()->FindFieldByNumber(int(event.body_case()));
      return FailedPreconditionError(StrCat(
          {"with the receipt dated ", FormatDate(received), ", event #",
           std::to_string(event.sequence()), " (", field != nullptr ? field->name() : "event",
           " of ", FormatCivil(event.on()), ") would not apply: ", next.status().message()}));
    }
    state = std::move(next).value();
  }
  return OkStatus();
}

}  // namespace gongkai
