// Fuzz harness replay_line: the lines `gongkai replay FILE.jsonl` reads
// (cli/replay_line.h). The bytes are a replay file: each line (at most
// kMaxLines) goes through ParseReplayLine with the refs of the intakes
// accepted before it, as the replay does. For any bytes nothing crashes and
// nothing throws, and:
//  - a refused line gets invalid_argument with a message of at most
//    kMaxMessage bytes, valid UTF-8 when the line is;
//  - an accepted clock line has no command; any other accepted line has a
//    command with the given idempotency key and actor "replay": an intake
//    received on the line's date, or an event on the line's date for the
//    request id its ref was given;
//  - the command survives the wire: serialized and parsed back, it is equal.
#include "cli/replay_line.h"

#include <google/protobuf/util/message_differencer.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/civil_date.h"
#include "fuzz/fuzz_check.h"

namespace gongkai::fuzz {
namespace {

constexpr size_t kMaxLines = 64;
constexpr size_t kMaxMessage = 1024;  // The longest: an outcome's list of codes.

void CheckLine(std::string_view text, size_t number, cli::ReplayRefs& refs) {
  const std::string key = std::string("fuzz-") + std::to_string(number);
  auto line = cli::ParseReplayLine(text, refs, key);
  if (!line.ok()) {
    FUZZ_CHECK(line.status().code() == StatusCode::kInvalidArgument);
    const std::string& message = line.status().message();
    FUZZ_CHECK(!message.empty());
    FUZZ_CHECK(message.size() <= kMaxMessage);
    if (IsValidUtf8(text)) FUZZ_CHECK(IsValidUtf8(message));
    return;
  }
  if (line->op == "clock") {
    FUZZ_CHECK(!line->command.has_value());
    return;
  }
  FUZZ_CHECK(line->command.has_value());
  const v1::Command& command = *line->command;
  FUZZ_CHECK(command.idempotency_key() == key);
  FUZZ_CHECK(command.actor() == "replay");
  if (line->op == "intake") {
    FUZZ_CHECK(command.has_intake());
    FUZZ_CHECK(FromCivilTrusted(command.intake().received_on()) == line->date);
    refs[line->ref] = std::string("R") + std::to_string(number);
  } else {
    FUZZ_CHECK(command.has_record_event());
    const v1::Event& event = command.record_event().event();
    auto it = refs.find(line->ref);
    FUZZ_CHECK(it != refs.end());
    FUZZ_CHECK(event.request_id() == it->second);
    FUZZ_CHECK(FromCivilTrusted(event.on()) == line->date);
    FUZZ_CHECK(event.body_case() != v1::Event::BODY_NOT_SET);
  }
  std::string wire;
  FUZZ_CHECK(command.SerializeToString(&wire));
  v1::Command parsed;
  FUZZ_CHECK(parsed.ParseFromString(wire));
  FUZZ_CHECK(google::protobuf::util::MessageDifferencer::Equals(parsed, command));
}

int TestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  cli::ReplayRefs refs;
  for (size_t number = 1; number <= kMaxLines && !text.empty(); ++number) {
    const size_t eol = text.find('\n');
    CheckLine(text.substr(0, eol), number, refs);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
  }
  return 0;
}

}  // namespace
}  // namespace gongkai::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return gongkai::fuzz::TestOneInput(data, size);
}
