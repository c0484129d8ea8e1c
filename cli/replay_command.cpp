// gongkai replay FILE.jsonl: feeds a history into the engine, line by line,
// advancing a manual clock to each line's date; gongkai generate writes such
// a file.
//
// The format: one JSON object per line, in date order. "op" is a client
// command's name (intake, correction-request, correction-receive,
// correction-lapse, consult-start, consult-end, extend, fee-notice,
// fee-paid, fee-lapse, decide, deliver, withdraw, appeal, appeal-resolve) or
// "clock"; "ref" is the file's own name for a request (the engine assigns
// the real id at intake); "on" the date; the other fields are the
// command's options without their dashes, "-" written "_":
//   {"op":"intake","ref":"A001","on":"2012-01-05","agency":"210300",
//    "channel":"in_person","applicant_type":"natural_person",
//    "applicant":"...","subject":"..."}
//   {"op":"decide","ref":"A001","on":"2012-01-10","outcome":"granted"}
//   {"op":"clock","to":"2012-12-31"}
// Each line is sent with an idempotency key made of the file's hash and the
// line number, so replaying the same file again changes nothing.
#include <unistd.h>

#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/daemon_commands.h"
#include "cli/numbers.h"
#include "cli/year_generator.h"
#include "engine/civil_date.h"
#include "engine/wire_status.h"

namespace gongkai::cli {
namespace {

uint64_t Fnv1a(const std::string& text) {
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;
  return hash;
}

// The command-line words a line stands for.
StatusOr<std::vector<std::string>> WordsOf(const nlohmann::json& line,
                                           const std::map<std::string, std::string>& ids) {
  std::vector<std::string> words;
  const std::string op = line.value("op", "");
  if (op != "intake") {
    const std::string ref = line.value("ref", "");
    auto it = ids.find(ref);
    if (it == ids.end()) return InvalidArgumentError("no intake for ref '" + ref + "' before");
    words.push_back(it->second);
  }
  for (const auto& [key, value] : line.items()) {
    if (key == "op" || key == "ref") continue;
    std::string option = "--" + (key == "on" && op == "intake" ? std::string("received") : key);
    std::replace(option.begin(), option.end(), '_', '-');
    words.push_back(option);
    words.push_back(value.is_string() ? value.get<std::string>() : value.dump());
  }
  return words;
}

class Progress {
 public:
  Progress(size_t total, std::ostream& err) : total_(total), err_(err), tty_(isatty(2)) {}
  void Show(size_t done, const std::string& date) {
    if (!tty_ && done != total_) return;
    const size_t width = 30, filled = total_ ? done * width / total_ : width;
    err_ << "\rreplay [" << std::string(filled, '#') << std::string(width - filled, '.') << "] "
         << done << "/" << total_ << "  " << date << (done == total_ ? "\n" : "") << std::flush;
  }

 private:
  size_t total_;
  std::ostream& err_;
  bool tty_;
};

int RunReplay(const std::string& path, const CommandContext& c) {
  const GlobalOptions& global = c.global;
  std::ostream& out = c.out;
  std::ostream& err = c.err;
  std::ifstream in(path, std::ios::binary);
  if (!in) return UsageFailure(InvalidArgumentError("cannot read " + path), err);
  std::vector<std::string> lines;
  std::string content;
  for (std::string line; std::getline(in, line);) {
    content += line + "\n";
    if (!line.empty()) lines.push_back(line);
  }
  const std::string file_key = "replay-" + std::to_string(Fnv1a(content)) + "-";
  EngineClient client(global.client);
  v1::Command clock_show;
  clock_show.mutable_clock_show();
  auto clock = client.Call(clock_show);
  if (!clock.ok()) return CallFailure(clock.status(), err);
  Date today = FromCivilTrusted(clock->today());
  std::map<std::string, std::string> ids;
  Progress progress(lines.size(), err);
  size_t sent = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string where = path + ":" + std::to_string(i + 1) + ": ";
    const nlohmann::json line = nlohmann::json::parse(lines[i], nullptr, false);
    if (!line.is_object() || !line.contains("op")) {
      return UsageFailure(InvalidArgumentError(where + "not a JSON object with an \"op\""), err);
    }
    const std::string op = line.value("op", "");
    const std::string date_text = op == "clock" ? line.value("to", "") : line.value("on", "");
    auto date = ParseDate(date_text);
    if (!date.ok()) return UsageFailure(InvalidArgumentError(where + date.status().message()), err);
    if (*date > today) {
      v1::Command advance;
      advance.set_idempotency_key(file_key + "clock-" + date_text);
      *advance.mutable_clock_advance()->mutable_to() = ToCivil(*date);
      auto reply = client.Call(advance);
      if (!reply.ok()) return CallFailure(reply.status(), err);
      if (Status s = StatusOfReply(*reply); !s.ok()) {
        return EngineFailure(Status(s.code(), where + s.message()), err);
      }
      today = *date;
    }
    progress.Show(i + 1, date_text);
    if (op == "clock") continue;
    auto words_of = WordsOf(line, ids);
    if (!words_of.ok())
      return UsageFailure(InvalidArgumentError(where + words_of.status().message()), err);
    auto command = BuildMutationCommand(op, *words_of);
    if (!command.ok())
      return UsageFailure(InvalidArgumentError(where + command.status().message()), err);
    command->set_idempotency_key(file_key + std::to_string(i + 1));
    command->set_actor("replay");
    auto reply = client.Call(*command);
    if (!reply.ok()) return CallFailure(reply.status(), err);
    if (Status s = StatusOfReply(*reply); !s.ok()) {
      return EngineFailure(Status(s.code(), where + s.message()), err);
    }
    if (op == "intake") ids[line.value("ref", "")] = reply->request_id();
    ++sent;
  }
  if (global.json) {
    out << nlohmann::json{{"lines", lines.size()},
                          {"commands", sent},
                          {"requests", ids.size()},
                          {"today", FormatDate(today)}}
               .dump()
        << "\n";
  } else {
    out << "replayed " << lines.size() << " lines: " << ids.size() << " requests, " << sent
        << " commands; today is " << FormatDate(today) << "\n";
  }
  return 0;
}

// The options of generate.
struct GenerateWords {
  std::optional<std::string> year, seed, profile, out;
};

int RunGenerate(const GenerateWords& w, const CommandContext& c) {
  GeneratorOptions options;
  if (w.year) {
    auto value = ParseInt(*w.year, "--year", kMinYear + 1, kMaxYear - 1);
    if (!value.ok()) return UsageFailure(value.status(), c.err);
    options.year = *value;
  }
  if (w.seed) {
    auto value = ParseInt(*w.seed, "--seed", 0, 2000000000);
    if (!value.ok()) return UsageFailure(value.status(), c.err);
    options.seed = uint64_t(*value);
  }
  options.profile = w.profile.value_or(options.profile);
  auto lines = GenerateYear(options);
  if (!lines.ok()) return UsageFailure(lines.status(), c.err);
  std::ofstream file;
  if (w.out) {
    file.open(*w.out, std::ios::binary | std::ios::trunc);
    if (!file) return UsageFailure(InvalidArgumentError("cannot write " + *w.out), c.err);
  }
  std::ostream& sink = file.is_open() ? file : c.out;
  for (const auto& line : *lines) sink << line << "\n";
  return 0;
}

}  // namespace

void AddHistoryCommands(CommandLine& line) {
  auto generate_words = std::make_shared<GenerateWords>();
  CLI::App& generate = line.Add(line.root(), "generate", [generate_words](const CommandContext& c) {
    return RunGenerate(*generate_words, c);
  });
  line.Optional(generate, "--year", generate_words->year);
  line.Optional(generate, "--seed", generate_words->seed);
  line.Optional(generate, "--profile", generate_words->profile);
  line.Optional(generate, "--out", generate_words->out);
  auto path = std::make_shared<std::string>();
  CLI::App& replay = line.Add(line.root(), "replay",
                              [path](const CommandContext& c) { return RunReplay(*path, c); });
  line.Positional(replay, "FILE.jsonl", *path);
}

}  // namespace gongkai::cli
