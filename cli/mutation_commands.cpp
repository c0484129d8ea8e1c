// intake and the commands that record an event on a request.
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/daemon_commands.h"
#include "cli/language.h"
#include "cli/numbers.h"
#include "engine/civil_date.h"
#include "engine/codes.h"
#include "engine/wire_status.h"

namespace gongkai::cli {
namespace {

// The words of intake, and of an event command: its request, its date and
// the options of the event (each command binds those it has).
struct IntakeWords {
  std::string agency, channel, received, applicant_type, applicant, subject;
  std::optional<std::string> contact, id_number, phone, address, on_the_spot;
  std::optional<std::string> id_key, actor;
};

struct EventWords {
  std::string id, on;
  std::optional<std::string> id_key, actor;
  std::optional<std::string> on_or_today;          // --on where it may be left out.
  std::string amount, outcome, kind, result;       // Required by the command that has it.
  std::optional<std::string> approved_by_ignored;  // Accepted for old scripts.
  std::optional<std::string> window, party, days, note, resolved_kind;
};

struct EventCommand {
  // Binds the command's options beyond ID, --on, --id-key and --actor.
  std::function<void(CommandLine&, CLI::App&, EventWords&)> options;
  std::function<Status(const EventWords&, v1::Event&)> build;
};

void NoOptions(CommandLine&, CLI::App&, EventWords&) {}

template <typename Enum>
Status ParseInto(const std::string& text, const std::string& option, Enum& out) {
  auto value = ParseCode<Enum>(text);
  if (!value.ok()) return InvalidArgumentError(option + ": " + value.status().message());
  out = *value;
  return OkStatus();
}

const std::map<std::string, EventCommand>& EventCommands() {
  static const std::map<std::string, EventCommand> commands = {
      {"correction-request",
       {[](CommandLine& l, CLI::App& c, EventWords& w) { l.Optional(c, "--window", w.window); },
        [](const EventWords& w, v1::Event& e) {
          auto* body = e.mutable_correction_requested();
          if (w.window) {
            auto days = ParseInt(*w.window, "--window", 1, 60);
            if (!days.ok()) return days.status();
            body->set_window_days(*days);
          }
          return OkStatus();
        }}},
      {"correction-receive",
       {NoOptions, [](const EventWords&,
                      v1::Event& e) { return e.mutable_correction_received(), OkStatus(); }}},
      {"correction-lapse",
       {NoOptions,
        [](const EventWords&, v1::Event& e) { return e.mutable_correction_lapsed(), OkStatus(); }}},
      {"consult-start",
       {[](CommandLine& l, CLI::App& c, EventWords& w) { l.Optional(c, "--party", w.party); },
        [](const EventWords& w, v1::Event& e) {
          e.mutable_consultation_started()->set_party(w.party.value_or(""));
          return OkStatus();
        }}},
      {"consult-end",
       {[](CommandLine& l, CLI::App& c, EventWords& w) { l.Optional(c, "--party", w.party); },
        [](const EventWords& w, v1::Event& e) {
          e.mutable_consultation_ended()->set_party(w.party.value_or(""));
          return OkStatus();
        }}},
      {"extend",
       {[](CommandLine& l, CLI::App& c, EventWords& w) {
          l.Optional(c, "--approved-by", w.approved_by_ignored);
          l.Optional(c, "--days", w.days);
        },
        [](const EventWords& w, v1::Event& e) {
          // The approver recorded is the head who sends it (the engine's).
          auto* body = e.mutable_extension_approved();
          if (w.days) {
            auto days = ParseInt(*w.days, "--days", 1, 40);
            if (!days.ok()) return days.status();
            body->set_days(*days);
          }
          return OkStatus();
        }}},
      {"fee-notice",
       {[](CommandLine& l, CLI::App& c, EventWords& w) { l.Required(c, "--amount", w.amount); },
        [](const EventWords& w, v1::Event& e) {
          auto fen = ParseYuan(w.amount, "--amount");
          if (!fen.ok()) return fen.status();
          e.mutable_fee_notice_issued()->set_amount_fen(*fen);
          return OkStatus();
        }}},
      {"fee-paid",
       {NoOptions,
        [](const EventWords&, v1::Event& e) { return e.mutable_fee_paid(), OkStatus(); }}},
      {"fee-lapse",
       {NoOptions,
        [](const EventWords&, v1::Event& e) { return e.mutable_fee_lapsed(), OkStatus(); }}},
      {"decide",
       {[](CommandLine& l, CLI::App& c, EventWords& w) {
          l.Required(c, "--outcome", w.outcome);
          l.Optional(c, "--note", w.note);
        },
        [](const EventWords& w, v1::Event& e) {
          auto* body = e.mutable_decided();
          v1::Outcome outcome{};
          GONGKAI_RETURN_IF_ERROR(ParseInto(w.outcome, "--outcome", outcome));
          body->set_outcome(outcome);
          body->set_note(w.note.value_or(""));
          return OkStatus();
        }}},
      {"deliver",
       {NoOptions,
        [](const EventWords&, v1::Event& e) { return e.mutable_delivered(), OkStatus(); }}},
      {"withdraw",
       {NoOptions,
        [](const EventWords&, v1::Event& e) { return e.mutable_withdrawn(), OkStatus(); }}},
      {"appeal",
       {[](CommandLine& l, CLI::App& c, EventWords& w) { l.Required(c, "--kind", w.kind); },
        [](const EventWords& w, v1::Event& e) {
          v1::AppealKind kind{};
          GONGKAI_RETURN_IF_ERROR(ParseInto(w.kind, "--kind", kind));
          e.mutable_appeal_filed()->set_kind(kind);
          return OkStatus();
        }}},
      {"appeal-resolve",
       {[](CommandLine& l, CLI::App& c, EventWords& w) {
          l.Required(c, "--result", w.result);
          l.Optional(c, "--kind", w.resolved_kind);
        },
        [](const EventWords& w, v1::Event& e) {
          auto* body = e.mutable_appeal_resolved();
          v1::AppealResult result{};
          GONGKAI_RETURN_IF_ERROR(ParseInto(w.result, "--result", result));
          body->set_result(result);
          if (w.resolved_kind) {
            v1::AppealKind kind{};
            GONGKAI_RETURN_IF_ERROR(ParseInto(*w.resolved_kind, "--kind", kind));
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
void Envelope(const std::optional<std::string>& id_key, const std::optional<std::string>& actor,
              v1::Command& command) {
  command.set_idempotency_key(id_key ? *id_key : NewIdempotencyKey());
  command.set_actor(actor ? *actor : DefaultActor());
}

StatusOr<v1::Command> BuildIntake(const IntakeWords& w) {
  v1::Command command;
  auto* intake = command.mutable_intake();
  auto* received = intake->mutable_received();
  auto on = ParseDate(w.received);
  if (!on.ok()) return InvalidArgumentError("--received: " + on.status().message());
  *intake->mutable_received_on() = ToCivil(*on);
  received->set_agency_code(w.agency);
  v1::Channel channel{};
  GONGKAI_RETURN_IF_ERROR(ParseInto(w.channel, "--channel", channel));
  received->set_channel(channel);
  v1::ApplicantType type{};
  GONGKAI_RETURN_IF_ERROR(ParseInto(w.applicant_type, "--applicant-type", type));
  received->set_applicant_type(type);
  received->set_subject(w.subject);
  auto* applicant = received->mutable_applicant();
  applicant->set_name(w.applicant);
  applicant->set_contact(w.contact.value_or(""));
  applicant->set_id_number(w.id_number.value_or(""));
  applicant->set_phone(w.phone.value_or(""));
  applicant->set_address(w.address.value_or(""));
  if (w.on_the_spot) {
    v1::Outcome outcome{};
    GONGKAI_RETURN_IF_ERROR(ParseInto(*w.on_the_spot, "--on-the-spot", outcome));
    intake->set_on_the_spot_outcome(outcome);
  }
  return command;
}

StatusOr<v1::Command> BuildEvent(const EventCommand& spec, const EventWords& w) {
  v1::Command command;
  v1::Event* event = command.mutable_record_event()->mutable_event();
  event->set_request_id(w.id);
  // Without --on the engine dates the event with its own today.
  const std::string on_text = w.on_or_today.value_or(w.on);
  if (!on_text.empty()) {
    auto on = ParseDate(on_text);
    if (!on.ok()) return InvalidArgumentError("--on: " + on.status().message());
    *event->mutable_on() = ToCivil(*on);
  }
  GONGKAI_RETURN_IF_ERROR(spec.build(w, *event));
  return command;
}

void PrintAck(const v1::Reply& reply, bool json, std::ostream& out) {
  const std::string due = IsSet(reply.due_date()) ? FormatCivil(reply.due_date()) : "";
  if (json) {
    out << nlohmann::json{{"id", reply.request_id()},
                          {"due_date", due.empty() ? nlohmann::json() : nlohmann::json(due)},
                          {"message", Say(reply.message())}}
               .dump()
        << "\n";
    return;
  }
  out << Say(reply.message()) << " " << reply.request_id();
  if (!due.empty()) out << "  " << Say("due") << " " << due;
  out << "\n";
}

// What a mutation's action does with the Command its words describe (or
// the reason they describe none).
using UseCommand = std::function<int(StatusOr<v1::Command>, const CommandContext&)>;

// `command` with its envelope (key and actor) filled in, unless `envelope`
// is false (a history line's body: no random key, no environment).
StatusOr<v1::Command> Enveloped(StatusOr<v1::Command> command, bool envelope,
                                const std::optional<std::string>& id_key,
                                const std::optional<std::string>& actor) {
  if (command.ok() && envelope) Envelope(id_key, actor, *command);
  return command;
}

// Adds `name` (intake or an event command) to gongkai's commands; false for
// another name.
// `dated`: events must say --on (a history line); otherwise the engine's
// today is their date when it is left out.
bool AddMutation(CommandLine& line, const std::string& name, UseCommand use, bool envelope = true,
                 bool dated = false) {
  if (name == "intake") {
    auto w = std::make_shared<IntakeWords>();
    CLI::App& intake = line.Add(line.root(), name, [w, use, envelope](const CommandContext& c) {
      return use(Enveloped(BuildIntake(*w), envelope, w->id_key, w->actor), c);
    });
    line.Required(intake, "--agency", w->agency);
    line.Required(intake, "--channel", w->channel);
    line.Required(intake, "--received", w->received);
    line.Required(intake, "--applicant-type", w->applicant_type);
    line.Required(intake, "--applicant", w->applicant);
    line.Required(intake, "--subject", w->subject);
    line.Optional(intake, "--contact", w->contact);
    line.Optional(intake, "--id-number", w->id_number);
    line.Optional(intake, "--phone", w->phone);
    line.Optional(intake, "--address", w->address);
    line.Optional(intake, "--on-the-spot", w->on_the_spot);
    line.Optional(intake, "--id-key", w->id_key);
    line.Optional(intake, "--actor", w->actor);
    return true;
  }
  auto spec = EventCommands().find(name);
  if (spec == EventCommands().end()) return false;
  auto w = std::make_shared<EventWords>();
  CLI::App& event = line.Add(
      line.root(), name, [w, spec = &spec->second, use, envelope](const CommandContext& c) {
        return use(Enveloped(BuildEvent(*spec, *w), envelope, w->id_key, w->actor), c);
      });
  line.Positional(event, "ID", w->id);
  if (dated) {
    line.Required(event, "--on", w->on);
  } else {
    line.Optional(event, "--on", w->on_or_today);
  }
  spec->second.options(line, event, *w);
  line.Optional(event, "--id-key", w->id_key);
  line.Optional(event, "--actor", w->actor);
  return true;
}

int SendMutation(StatusOr<v1::Command> command, const CommandContext& c) {
  if (!command.ok()) return UsageFailure(command.status(), c.err);
  int exit_code = 0;
  auto reply = Send(*command, c.global, c.err, exit_code);
  if (!reply) return exit_code;
  PrintAck(*reply, c.global.json, c.out);
  return 0;
}

}  // namespace

namespace {

StatusOr<v1::Command> BuildMutation(const std::string& name, const std::vector<std::string>& words,
                                    bool envelope) {
  CommandLine line;
  StatusOr<v1::Command> built = InvalidArgumentError("unknown command '" + Excerpt(name, 40) + "'");
  if (!AddMutation(
          line, name,
          [&built](StatusOr<v1::Command> command, const CommandContext&) {
            built = std::move(command);
            return 0;
          },
          envelope, /*dated=*/true)) {
    return built;
  }
  std::vector<std::string> all = {name};
  all.insert(all.end(), words.begin(), words.end());
  const CommandLine::Parsed parsed = line.Parse(all);
  if (parsed.kind != CommandLine::Parsed::Kind::kRun) {
    return InvalidArgumentError(parsed.kind == CommandLine::Parsed::Kind::kError
                                    ? parsed.text
                                    : "a history line may not ask for help or the version");
  }
  const GlobalOptions global;
  std::ostringstream unused;
  (*parsed.action)(CommandContext{global, unused, unused});
  return built;
}

}  // namespace

StatusOr<v1::Command> BuildMutationCommand(const std::string& name,
                                           const std::vector<std::string>& words) {
  return BuildMutation(name, words, /*envelope=*/true);
}

StatusOr<v1::Command> BuildMutationBody(const std::string& name,
                                        const std::vector<std::string>& words) {
  return BuildMutation(name, words, /*envelope=*/false);
}

bool IsMutationCommand(const std::string& name) {
  return name == "intake" || EventCommands().count(name) > 0;
}

void AddMutationCommands(CommandLine& line) {
  AddMutation(line, "intake", SendMutation);
  for (const auto& [name, spec] : EventCommands()) AddMutation(line, name, SendMutation);
}

}  // namespace gongkai::cli
