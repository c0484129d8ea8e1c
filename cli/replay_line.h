// One line of a replay file (what `gongkai replay FILE.jsonl` reads and
// `gongkai generate` writes) turned into the Command it stands for.
//
// The format: one JSON object per line, in date order. "op" is a client
// command's name (intake, correction-request, correction-receive,
// correction-lapse, consult-start, consult-end, extend, fee-notice,
// fee-paid, fee-lapse, decide, deliver, withdraw, appeal, appeal-resolve) or
// "clock"; "ref" is the file's own name for a request (the engine assigns
// the real id at intake); "on" the date ("to" for a clock line); the other
// fields are the command's options without their dashes, "-" written "_",
// each a string or a number:
//   {"op":"intake","ref":"A001","on":"2012-01-05","agency":"210300",
//    "channel":"in_person","applicant_type":"natural_person",
//    "applicant":"...","subject":"..."}
//   {"op":"decide","ref":"A001","on":"2012-01-10","outcome":"granted"}
//   {"op":"clock","to":"2012-12-31"}
//
// ParseReplayLine is pure (no I/O, no clock, no randomness) and never
// throws, whatever the bytes: anything that is not such a line (not JSON, not
// an object, "op" not a string, "on" not a date, an option that is an object,
// an array, true or null, a ref with no intake before it, ...) is an
// invalid_argument Status whose message says what is wrong, without the
// file's name or the line number (the replay command adds "FILE:N: ").
//
// A bad line stops the replay, as it always has: `gongkai replay` first
// reads every line of the file with ParseReplayLine (the refs of the intakes
// before it standing for their ids) and, at the first bad line, prints
// "gongkai: FILE:N: why" (N the line's number in the file) and exits with 2
// before anything is sent to the engine. A line that the engine refuses
// also stops the replay (exit 3), the lines before it staying applied;
// replaying the same file again skips them (idempotency keys).
//
// Thread safety: pure function.
#ifndef GONGKAI_CLI_REPLAY_LINE_H_
#define GONGKAI_CLI_REPLAY_LINE_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "engine/date.h"
#include "engine/status.h"
#include "gongkai/v1/command.pb.h"

namespace gongkai::cli {

// The file's refs, each with the request id the engine gave its intake.
using ReplayRefs = std::map<std::string, std::string, std::less<>>;

struct ReplayLine {
  std::string op;  // "intake", "decide", ..., or "clock".
  // The line's date ("on", or "to" for a clock line): the replay advances
  // the engine's manual clock to it before sending the command.
  Date date;
  // The file's name for the request ("" when the line has none). After an
  // intake the replay records the reply's request id under it.
  std::string ref;
  // What to send; unset for a clock line. Its actor is "replay" and its
  // idempotency key the one given to ParseReplayLine.
  std::optional<v1::Command> command;
};

// Turns `text` (one line, without its newline) into the command it stands
// for; `refs` gives the request ids of the intakes before it.
StatusOr<ReplayLine> ParseReplayLine(std::string_view text, const ReplayRefs& refs,
                                     std::string_view idempotency_key);

}  // namespace gongkai::cli

#endif  // GONGKAI_CLI_REPLAY_LINE_H_
