// ParseReplayLine: a replay file's line -> the Command it stands for
// (cli/replay_line.h). Never throws: the JSON is parsed without exceptions
// and every field's type is checked before it is read.
#include "cli/replay_line.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <vector>

#include "cli/daemon_commands.h"

namespace gongkai::cli {
namespace {

using nlohmann::json;

constexpr size_t kShown = 40;  // Characters of the input quoted in a message.
constexpr size_t kMaxKeyLength = 32;

std::string Shown(std::string_view text) { return Excerpt(text, kShown); }

// "\"key\"" (built by appending: GCC 12 warns wrongly about "..." + string).
std::string Quoted(std::string_view key) {
  std::string quoted = "\"";
  quoted.append(key);
  quoted += '"';
  return quoted;
}

// "a string", "an object", ...: for messages.
std::string TypeWords(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "an array";
    case json::value_t::string:
      return "a string";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return "a number";
    case json::value_t::binary:
    case json::value_t::discarded:
      break;
  }
  return "not a JSON value";
}

// A field that must be a string when present: nullopt when absent.
StatusOr<std::optional<std::string>> OptionalString(const json& line, const char* key) {
  auto it = line.find(key);
  if (it == line.end()) return std::optional<std::string>();
  if (!it->is_string()) {
    return InvalidArgumentError(Quoted(key) + " must be a string, not " + TypeWords(*it));
  }
  return std::optional<std::string>(it->get_ref<const std::string&>());
}

// A field that must be present and a string.
StatusOr<std::string> RequiredString(const json& line, const char* key, const char* example) {
  auto value = OptionalString(line, key);
  if (!value.ok()) return value.status();
  if (!value->has_value()) {
    return InvalidArgumentError(Quoted(key) + " is missing, e.g. " + Quoted(key) + ":" +
                                Quoted(example));
  }
  return **value;
}

bool IsFieldName(std::string_view key) {
  if (key.empty() || key.size() > kMaxKeyLength) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// An option's value as the command line would have it.
StatusOr<std::string> OptionValue(const std::string& key, const json& value) {
  if (value.is_string()) return value.get_ref<const std::string&>();
  if (value.is_number_integer()) {
    return value.is_number_unsigned() ? std::to_string(value.get<uint64_t>())
                                      : std::to_string(value.get<int64_t>());
  }
  if (value.is_number_float()) return value.dump();  // Finite: parsed from JSON.
  return InvalidArgumentError(Quoted(Shown(key)) + " must be a string or a number, not " +
                              TypeWords(value));
}

// The command-line words (after the command's name) a line stands for.
StatusOr<std::vector<std::string>> WordsOf(const json& line, const std::string& op,
                                           const std::string& ref, const ReplayRefs& refs) {
  std::vector<std::string> words;
  if (op != "intake") {
    auto it = refs.find(ref);
    if (it == refs.end()) {
      return InvalidArgumentError("no intake for ref '" + Shown(ref) + "' before this line");
    }
    words.push_back(it->second);
  }
  for (const auto& [key, value] : line.items()) {
    if (key == "op" || key == "ref") continue;
    if (!IsFieldName(key)) {
      return InvalidArgumentError("unknown field \"" + Shown(key) +
                                  "\": a field is an option's name, e.g. \"applicant_type\"");
    }
    auto text = OptionValue(key, value);
    if (!text.ok()) return text.status();
    std::string option = "--" + (key == "on" && op == "intake" ? std::string("received") : key);
    std::replace(option.begin(), option.end(), '_', '-');
    words.push_back(std::move(option));
    words.push_back(std::move(*text));
  }
  return words;
}

}  // namespace

StatusOr<ReplayLine> ParseReplayLine(std::string_view text, const ReplayRefs& refs,
                                     std::string_view idempotency_key) {
  const json line = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (!line.is_object()) {
    return InvalidArgumentError(line.is_discarded()
                                    ? std::string("not JSON: a line is one JSON object")
                                    : "a line is one JSON object, not " + TypeWords(line));
  }
  auto op = RequiredString(line, "op", "intake");
  if (!op.ok()) return op.status();
  ReplayLine result;
  result.op = *op;
  const bool clock = result.op == "clock";
  if (!clock && !IsMutationCommand(result.op)) {
    return InvalidArgumentError("unknown op '" + Shown(result.op) +
                                "': use clock, intake or an event command (decide, extend, ...)");
  }
  auto date_text = RequiredString(line, clock ? "to" : "on", "2012-01-05");
  if (!date_text.ok()) return date_text.status();
  auto date = ParseDate(*date_text);
  if (!date.ok()) {
    return InvalidArgumentError(std::string(clock ? "\"to\": " : "\"on\": ") +
                                date.status().message());
  }
  result.date = *date;
  if (clock) return result;
  auto ref = OptionalString(line, "ref");
  if (!ref.ok()) return ref.status();
  result.ref = ref->value_or("");
  auto words = WordsOf(line, result.op, result.ref, refs);
  if (!words.ok()) return words.status();
  auto command = BuildMutationBody(result.op, *words);
  if (!command.ok()) return command.status();
  command->set_idempotency_key(std::string(idempotency_key));
  command->set_actor("replay");
  result.command = std::move(*command);
  return result;
}

}  // namespace gongkai::cli
