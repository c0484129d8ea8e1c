// gongkai replay FILE.jsonl: feeds a history into the engine, line by line,
// advancing a manual clock to each line's date; gongkai generate writes such
// a file. cli/replay_line.h describes the format and turns each line into its
// command; a bad line stops the replay before anything is sent.
// Each line is sent with an idempotency key made of the file's hash and the
// line's position among the file's non-blank lines, so replaying the same
// file again changes nothing.
#include <unistd.h>

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/daemon_commands.h"
#include "cli/language.h"
#include "cli/numbers.h"
#include "cli/replay_line.h"
#include "cli/year_generator.h"
#include "engine/civil_date.h"
#include "engine/strings.h"
#include "engine/wire_status.h"

namespace gongkai::cli {
namespace {

uint64_t Fnv1a(const std::string& text) {
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;
  return hash;
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
  struct NumberedLine {
    size_t number;  // In the file, from 1.
    std::string text;
  };
  std::vector<NumberedLine> lines;  // Blank lines left out.
  std::string content;
  size_t number = 0;
  for (std::string line; std::getline(in, line);) {
    content += line + "\n";
    ++number;
    if (line.find_first_not_of(" \t\r") != std::string::npos) {
      lines.push_back({number, std::move(line)});
    }
  }
  const std::string file_key = "replay-" + std::to_string(Fnv1a(content)) + "-";
  auto key_of = [&](size_t i) { return file_key + std::to_string(i + 1); };
  auto bad_line = [&](size_t i, const Status& s) {
    return UsageFailure(
        InvalidArgumentError(path + ":" + std::to_string(lines[i].number) + ": " + s.message()),
        err);
  };
  // Every line is read before anything is sent: a bad line stops the replay
  // with nothing sent (each intake's ref stands for its id meanwhile).
  ReplayRefs refs;
  for (size_t i = 0; i < lines.size(); ++i) {
    auto parsed = ParseReplayLine(lines[i].text, refs, key_of(i));
    if (!parsed.ok()) return bad_line(i, parsed.status());
    if (parsed->op == "intake") refs[parsed->ref] = parsed->ref;
  }
  refs.clear();
  EngineClient client(global.client);
  v1::Command clock_show;
  clock_show.mutable_clock_show();
  auto clock = client.Call(clock_show);
  if (!clock.ok()) return CallFailure(clock.status(), err);
  Date today = FromCivilTrusted(clock->today());
  Progress progress(lines.size(), err);
  size_t sent = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string where = path + ":" + std::to_string(lines[i].number) + ": ";
    auto parsed = ParseReplayLine(lines[i].text, refs, key_of(i));
    if (!parsed.ok()) return bad_line(i, parsed.status());
    const std::string date_text = FormatDate(parsed->date);
    if (parsed->date > today) {
      v1::Command advance;
      advance.set_idempotency_key(file_key + "clock-" + date_text);
      *advance.mutable_clock_advance()->mutable_to() = ToCivil(parsed->date);
      auto reply = client.Call(advance);
      if (!reply.ok()) return CallFailure(reply.status(), err);
      if (Status s = StatusOfReply(*reply); !s.ok()) {
        return EngineFailure(Status(s.code(), where + s.message()), err);
      }
      today = parsed->date;
    }
    progress.Show(i + 1, date_text);
    if (!parsed->command) continue;  // A clock line.
    auto reply = client.Call(*parsed->command);
    if (!reply.ok()) return CallFailure(reply.status(), err);
    if (Status s = StatusOfReply(*reply); !s.ok()) {
      return EngineFailure(Status(s.code(), where + s.message()), err);
    }
    if (parsed->op == "intake") refs[parsed->ref] = reply->request_id();
    ++sent;
  }
  if (global.json) {
    out << nlohmann::json{{"lines", lines.size()},
                          {"commands", sent},
                          {"requests", refs.size()},
                          {"today", FormatDate(today)}}
               .dump()
        << "\n";
  } else {
    out << Say(StrCat({"replayed ", std::to_string(lines.size()),
                       " lines: ", std::to_string(refs.size()), " requests, ", std::to_string(sent),
                       " commands; today is ", FormatDate(today)}))
        << "\n";
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
