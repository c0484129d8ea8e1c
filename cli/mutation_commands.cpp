// intake and the commands that record an event on a request.
#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "cli/daemon_commands.h"
#include "engine/civil_date.h"
#include "engine/codes.h"
#include "engine/wire_status.h"

namespace gongkai::cli {
namespace {

using EventBuilder = std::function<Status(const Args&, v1::Event&)>;

struct EventCommand {
  std::string usage;
  std::set<std::string> options;  // Beyond --on, --id-key, --actor.
  EventBuilder build;
};

template <typename Enum>
Status ParseInto(const Args& args, const std::string& option, Enum& out) {
  auto text = args.Require(option);
  if (!text.ok()) return text.status();
  auto value = ParseCode<Enum>(*text);
  if (!value.ok()) return InvalidArgumentError(option + ": " + value.status().message());
  out = *value;
  return OkStatus();
}

// "12.50" yuan -> 1250 fen.
StatusOr<int64_t> ParseYuan(const std::string& text) {
  const size_t dot = text.find('.');
  const std::string_view whole = std::string_view(text).substr(0, dot);
  std::string cents = dot == std::string::npos ? "" : text.substr(dot + 1);
  auto digits = [](std::string_view s) {
    return s.find_first_not_of("0123456789") == std::string_view::npos;
  };
  const Status refusal =
      InvalidArgumentError("--amount must be yuan with at most two decimals, e.g. 12.50");
  if (whole.empty() || whole.size() > 9 || cents.size() > 2 || !digits(whole) || !digits(cents)) {
    return refusal;
  }
  while (cents.size() < 2) cents += "0";
  int64_t yuan = 0, fen = 0;
  auto [whole_end, whole_error] = std::from_chars(whole.data(), whole.data() + whole.size(), yuan);
  auto [cents_end, cents_error] = std::from_chars(cents.data(), cents.data() + cents.size(), fen);
  if (whole_error != std::errc() || whole_end != whole.data() + whole.size() ||
      cents_error != std::errc() || cents_end != cents.data() + cents.size()) {
    return refusal;
  }
  return yuan * 100 + fen;
}

const std::map<std::string, EventCommand>& EventCommands() {
  static const std::map<std::string, EventCommand> commands = {
      {"correction-request",
       {"correction-request ID --on DATE [--window DAYS]",
        {"--window"},
        [](const Args& a, v1::Event& e) {
          auto* body = e.mutable_correction_requested();
          if (auto w = a.Get("--window")) {
            auto days = ParseInt(*w, "--window", 1, 60);
            if (!days.ok()) return days.status();
            body->set_window_days(*days);
          }
          return OkStatus();
        }}},
      {"correction-receive",
       {"correction-receive ID --on DATE",
        {},
        [](const Args&, v1::Event& e) { return e.mutable_correction_received(), OkStatus(); }}},
      {"correction-lapse",
       {"correction-lapse ID --on DATE",
        {},
        [](const Args&, v1::Event& e) { return e.mutable_correction_lapsed(), OkStatus(); }}},
      {"consult-start",
       {"consult-start ID --on DATE --party NAME",
        {"--party"},
        [](const Args& a, v1::Event& e) {
          e.mutable_consultation_started()->set_party(a.Get("--party").value_or(""));
          return OkStatus();
        }}},
      {"consult-end",
       {"consult-end ID --on DATE [--party NAME]",
        {"--party"},
        [](const Args& a, v1::Event& e) {
          e.mutable_consultation_ended()->set_party(a.Get("--party").value_or(""));
          return OkStatus();
        }}},
      {"extend",
       {"extend ID --on DATE --approved-by NAME [--days N]",
        {"--approved-by", "--days"},
        [](const Args& a, v1::Event& e) {
          auto* body = e.mutable_extension_approved();
          auto approver = a.Require("--approved-by");
          if (!approver.ok()) return approver.status();
          body->set_approved_by(*approver);
          if (auto d = a.Get("--days")) {
            auto days = ParseInt(*d, "--days", 1, 40);
            if (!days.ok()) return days.status();
            body->set_days(*days);
          }
          return OkStatus();
        }}},
      {"fee-notice",
       {"fee-notice ID --on DATE --amount YUAN",
        {"--amount"},
        [](const Args& a, v1::Event& e) {
          auto text = a.Require("--amount");
          if (!text.ok()) return text.status();
          auto fen = ParseYuan(*text);
          if (!fen.ok()) return fen.status();
          e.mutable_fee_notice_issued()->set_amount_fen(*fen);
          return OkStatus();
        }}},
      {"fee-paid",
       {"fee-paid ID --on DATE",
        {},
        [](const Args&, v1::Event& e) { return e.mutable_fee_paid(), OkStatus(); }}},
      {"fee-lapse",
       {"fee-lapse ID --on DATE",
        {},
        [](const Args&, v1::Event& e) { return e.mutable_fee_lapsed(), OkStatus(); }}},
      {"decide",
       {"decide ID --on DATE --outcome CODE [--note TEXT]",
        {"--outcome", "--note"},
        [](const Args& a, v1::Event& e) {
          auto* body = e.mutable_decided();
          v1::Outcome outcome{};
          GONGKAI_RETURN_IF_ERROR(ParseInto(a, "--outcome", outcome));
          body->set_outcome(outcome);
          body->set_note(a.Get("--note").value_or(""));
          return OkStatus();
        }}},
      {"deliver",
       {"deliver ID --on DATE",
        {},
        [](const Args&, v1::Event& e) { return e.mutable_delivered(), OkStatus(); }}},
      {"withdraw",
       {"withdraw ID --on DATE",
        {},
        [](const Args&, v1::Event& e) { return e.mutable_withdrawn(), OkStatus(); }}},
      {"appeal",
       {"appeal ID --kind KIND --on DATE",
        {"--kind"},
        [](const Args& a, v1::Event& e) {
          v1::AppealKind kind{};
          GONGKAI_RETURN_IF_ERROR(ParseInto(a, "--kind", kind));
          e.mutable_appeal_filed()->set_kind(kind);
          return OkStatus();
        }}},
      {"appeal-resolve",
       {"appeal-resolve ID --result RESULT --on DATE [--kind KIND]",
        {"--result", "--kind"},
        [](const Args& a, v1::Event& e) {
          auto* body = e.mutable_appeal_resolved();
          v1::AppealResult result{};
          GONGKAI_RETURN_IF_ERROR(ParseInto(a, "--result", result));
          body->set_result(result);
          if (a.Has("--kind")) {
            v1::AppealKind kind{};
            GONGKAI_RETURN_IF_ERROR(ParseInto(a, "--kind", kind));
            body->set_kind(kind);
          }
          return OkStatus();
        }}},
  };
  return commands;
}

std::string DefaultActor() {
  const char* user = std::getenv("USER");
  return user != nullptr && *user != '\0' ? user : "staff";
}

// Fills the envelope shared by every mutation.
void Envelope(const Args& args, v1::Command& command) {
  auto key = args.Get("--id-key");
  command.set_idempotency_key(key ? *key : NewIdempotencyKey());
  auto actor = args.Get("--actor");
  command.set_actor(actor ? *actor : DefaultActor());
}

StatusOr<v1::Command> BuildIntake(const Args& args) {
  v1::Command command;
  auto* intake = command.mutable_intake();
  auto* received = intake->mutable_received();
  for (const char* required :
       {"--agency", "--channel", "--received", "--applicant-type", "--applicant", "--subject"}) {
    if (!args.Has(required)) return InvalidArgumentError(std::string(required) + " is required");
  }
  auto on = ParseDate(*args.Get("--received"));
  if (!on.ok()) return InvalidArgumentError("--received: " + on.status().message());
  *intake->mutable_received_on() = ToCivil(*on);
  received->set_agency_code(*args.Get("--agency"));
  v1::Channel channel{};
  GONGKAI_RETURN_IF_ERROR(ParseInto(args, "--channel", channel));
  received->set_channel(channel);
  v1::ApplicantType type{};
  GONGKAI_RETURN_IF_ERROR(ParseInto(args, "--applicant-type", type));
  received->set_applicant_type(type);
  received->set_subject(*args.Get("--subject"));
  auto* applicant = received->mutable_applicant();
  applicant->set_name(*args.Get("--applicant"));
  applicant->set_contact(args.Get("--contact").value_or(""));
  applicant->set_id_number(args.Get("--id-number").value_or(""));
  applicant->set_phone(args.Get("--phone").value_or(""));
  applicant->set_address(args.Get("--address").value_or(""));
  if (args.Has("--on-the-spot")) {
    v1::Outcome outcome{};
    GONGKAI_RETURN_IF_ERROR(ParseInto(args, "--on-the-spot", outcome));
    intake->set_on_the_spot_outcome(outcome);
  }
  return command;
}

StatusOr<v1::Command> BuildEvent(const std::string& name, const Args& args) {
  const EventCommand& spec = EventCommands().at(name);
  GONGKAI_RETURN_IF_ERROR(args.ExpectPositional(1, "gongkai " + spec.usage));
  auto on_text = args.Require("--on");
  if (!on_text.ok()) return on_text.status();
  auto on = ParseDate(*on_text);
  if (!on.ok()) return InvalidArgumentError("--on: " + on.status().message());
  v1::Command command;
  v1::Event* event = command.mutable_record_event()->mutable_event();
  event->set_request_id(args.positional()[0]);
  *event->mutable_on() = ToCivil(*on);
  GONGKAI_RETURN_IF_ERROR(spec.build(args, *event));
  return command;
}

void PrintAck(const v1::Reply& reply, bool json, std::ostream& out) {
  const std::string due =
      IsSet(reply.due_date()) ? FormatDate(FromCivilTrusted(reply.due_date())) : "";
  if (json) {
    out << nlohmann::json{{"id", reply.request_id()},
                          {"due_date", due.empty() ? nlohmann::json() : nlohmann::json(due)},
                          {"message", reply.message()}}
               .dump()
        << "\n";
    return;
  }
  out << reply.message() << " " << reply.request_id();
  if (!due.empty()) out << "  答复期限 due " << due;
  out << "\n";
}

StatusOr<v1::Command> BuildMutation(const std::string& name, const std::vector<std::string>& words,
                                    bool with_envelope) {
  OptionSpec spec{{"--id-key", "--actor"}, {"--json"}, {}};
  if (name == "intake") {
    spec.with_value.insert({"--agency", "--channel", "--received", "--applicant-type",
                            "--applicant", "--subject", "--contact", "--id-number", "--phone",
                            "--address", "--on-the-spot"});
  } else if (EventCommands().count(name)) {
    spec.with_value.insert("--on");
    const auto& options = EventCommands().at(name).options;
    spec.with_value.insert(options.begin(), options.end());
  } else {
    return InvalidArgumentError("unknown command '" + Excerpt(name, 40) + "'");
  }
  auto args = Args::Parse(words, spec);
  if (!args.ok()) return args.status();
  if (name == "intake") {
    GONGKAI_RETURN_IF_ERROR(args->ExpectPositional(0, "gongkai intake --agency CODE ..."));
  }
  StatusOr<v1::Command> command = name == "intake" ? BuildIntake(*args) : BuildEvent(name, *args);
  if (command.ok() && with_envelope) Envelope(*args, *command);
  return command;
}

}  // namespace

StatusOr<v1::Command> BuildMutationCommand(const std::string& name,
                                           const std::vector<std::string>& words) {
  return BuildMutation(name, words, /*with_envelope=*/true);
}

StatusOr<v1::Command> BuildMutationBody(const std::string& name,
                                        const std::vector<std::string>& words) {
  return BuildMutation(name, words, /*with_envelope=*/false);
}

bool IsMutationCommand(const std::string& name) {
  return name == "intake" || EventCommands().count(name) > 0;
}

int RunMutation(const std::string& name, const std::vector<std::string>& words,
                const GlobalOptions& global, std::ostream& out, std::ostream& err) {
  auto command = BuildMutationCommand(name, words);
  if (!command.ok()) return UsageFailure(command.status(), err);
  int exit_code = 0;
  auto reply = Send(*command, global, err, exit_code);
  if (!reply) return exit_code;
  const bool json = global.json || std::find(words.begin(), words.end(), "--json") != words.end();
  PrintAck(*reply, json, out);
  return 0;
}

bool IsEventCommand(const std::string& command) { return EventCommands().count(command) > 0; }

}  // namespace gongkai::cli
