// amend: an intake's clerical fields corrected before any decision.
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/daemon_commands.h"
#include "cli/language.h"
#include "engine/civil_date.h"
#include "engine/codes.h"
#include "engine/strings.h"

namespace gongkai::cli {
namespace {

// The words of amend. The applicant's data are personal data: they go to
// the engine's applicants table, never into the event it logs.
struct AmendWords {
  std::string id, reason;
  std::optional<std::string> subject, channel, applicant_type, received;
  std::optional<std::string> applicant, id_number, phone, address, contact;
  std::optional<std::string> id_key, actor;
};

template <typename Enum>
[[nodiscard]] Status ParseCodeInto(const std::optional<std::string>& text, const char* option,
                                   Enum& out) {
  if (!text) return OkStatus();
  auto value = ParseCode<Enum>(*text);
  if (!value.ok()) return InvalidArgumentError(StrCat({option, ": ", value.status().message()}));
  out = *value;
  return OkStatus();
}

// Copies the applicant's fields given into `command` and names them.
void AddApplicant(const AmendWords& w, v1::AmendCommand& amend) {
  const std::pair<const std::optional<std::string>*, const char*> fields[] = {
      {&w.applicant, "name"},
      {&w.id_number, "id_number"},
      {&w.phone, "phone"},
      {&w.address, "address"},
      {&w.contact, "contact"}};
  std::string named;
  v1::ApplicantPersonalData* applicant = amend.mutable_applicant();
  const auto* reflection = applicant->GetReflection();
  for (const auto& [value, field] : fields) {
    if (!*value) continue;
    reflection->SetString(applicant, applicant->GetDescriptor()->FindFieldByName(field), **value);
    if (!named.empty()) named += ',';
    named += field;
  }
  amend.mutable_amended()->set_applicant_fields(named);
}

StatusOr<v1::Command> BuildAmend(const AmendWords& w) {
  if (!w.subject && !w.channel && !w.applicant_type && !w.received && !w.applicant &&
      !w.id_number && !w.phone && !w.address && !w.contact) {
    return InvalidArgumentError(
        "nothing to amend: give at least one of --subject, --channel, --applicant-type, "
        "--received, --applicant, --id-number, --phone, --address, --contact");
  }
  if (w.subject && w.subject->empty()) return InvalidArgumentError("--subject is empty");
  v1::Command command;
  v1::AmendCommand* amend = command.mutable_amend();
  amend->set_request_id(w.id);
  v1::IntakeAmended* amended = amend->mutable_amended();
  amended->set_reason(w.reason);
  amended->set_subject(w.subject.value_or(""));
  v1::Channel channel = v1::CHANNEL_UNSPECIFIED;
  GONGKAI_RETURN_IF_ERROR(ParseCodeInto(w.channel, "--channel", channel));
  amended->set_channel(channel);
  v1::ApplicantType type = v1::APPLICANT_TYPE_UNSPECIFIED;
  GONGKAI_RETURN_IF_ERROR(ParseCodeInto(w.applicant_type, "--applicant-type", type));
  amended->set_applicant_type(type);
  if (w.received) {
    auto on = ParseDate(*w.received);
    if (!on.ok()) return InvalidArgumentError(StrCat({"--received: ", on.status().message()}));
    *amended->mutable_received_on() = ToCivil(*on);
  }
  AddApplicant(w, *amend);
  command.set_idempotency_key(w.id_key ? *w.id_key : NewIdempotencyKey());
  if (w.actor) command.set_actor(*w.actor);
  return command;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

void PrintAmended(const v1::Reply& reply, bool json, std::ostream& out) {
  const std::string due = IsSet(reply.due_date()) ? FormatCivil(reply.due_date()) : "";
  if (json) {
    out << nlohmann::json{{"id", reply.request_id()},
                          {"due_date", due.empty() ? nlohmann::json() : nlohmann::json(due)},
                          {"message", Say(reply.message())},
                          {"explanation", SayAll(Lines(reply.text()))}}
               .dump()
        << "\n";
    return;
  }
  out << Say(reply.message()) << " " << reply.request_id();
  if (!due.empty()) out << "  " << Say("due") << " " << due;
  out << "\n" << Say("How the due date is reached:") << "\n";
  for (const auto& line : SayAll(Lines(reply.text()))) out << "  " << line << "\n";
}

int RunAmend(const AmendWords& w, const CommandContext& c) {
  auto command = BuildAmend(w);
  if (!command.ok()) return UsageFailure(command.status(), c.err);
  int exit_code = 0;
  auto reply = Send(*command, c.global, c.err, exit_code);
  if (!reply) return exit_code;
  PrintAmended(*reply, c.global.json, c.out);
  return 0;
}

}  // namespace

void AddAmendCommand(CommandLine& line) {
  auto w = std::make_shared<AmendWords>();
  CLI::App& amend =
      line.Add(line.root(), "amend", [w](const CommandContext& c) { return RunAmend(*w, c); });
  line.Positional(amend, "ID", w->id);
  line.Optional(amend, "--subject", w->subject);
  line.Optional(amend, "--channel", w->channel);
  line.Optional(amend, "--applicant-type", w->applicant_type);
  line.Optional(amend, "--received", w->received);
  line.Optional(amend, "--applicant", w->applicant);
  line.Optional(amend, "--id-number", w->id_number);
  line.Optional(amend, "--phone", w->phone);
  line.Optional(amend, "--address", w->address);
  line.Optional(amend, "--contact", w->contact);
  line.Required(amend, "--reason", w->reason);
  line.Optional(amend, "--id-key", w->id_key);
  line.Optional(amend, "--actor", w->actor);
}

}  // namespace gongkai::cli
