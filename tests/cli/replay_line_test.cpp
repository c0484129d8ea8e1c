// The lines of a replay file (cli/replay_line.h): ParseReplayLine turns each
// into the command it stands for, or a clear invalid_argument error for a
// line of the wrong shape or types, and never throws; `gongkai replay` names
// a bad line by its number in the file and sends nothing. (`{"op":5}` used to
// end `gongkai replay` with an uncaught nlohmann::json exception.)
#include "cli/replay_line.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/civil_date.h"
#include "run_process.h"

#ifndef GONGKAI_CLI_PATH
#error "GONGKAI_CLI_PATH must name the gongkai binary"
#endif

namespace gongkai::testing {
namespace {

using Catch::Matchers::Contains;
using cli::ParseReplayLine;
using cli::ReplayRefs;

const ReplayRefs kRefs = {{"A001", "2012-210300-0001"}};

// The error ParseReplayLine gives `line` (which must be refused).
std::string RefusalOf(const std::string& line) {
  INFO("line: " << line);
  StatusOr<cli::ReplayLine> parsed = InvalidArgumentError("not parsed");
  REQUIRE_NOTHROW(parsed = ParseReplayLine(line, kRefs, "key-1"));
  REQUIRE(!parsed.ok());
  CHECK(parsed.status().code() == StatusCode::kInvalidArgument);
  return parsed.status().message();
}

TEST_CASE("A replay line of the wrong shape is refused with a clear error", "[cli][replay]") {
  CHECK(RefusalOf(R"({"op":5})") == "\"op\" must be a string, not a number");
  CHECK(RefusalOf("[]") == "a line is one JSON object, not an array");
  CHECK(RefusalOf(R"("x")") == "a line is one JSON object, not a string");
  CHECK(RefusalOf("null") == "a line is one JSON object, not null");
  CHECK(RefusalOf("7") == "a line is one JSON object, not a number");
  CHECK(RefusalOf("{") == "not JSON: a line is one JSON object");
  CHECK(RefusalOf("op=intake") == "not JSON: a line is one JSON object");
  CHECK(RefusalOf(R"({"op":"intake"} {})") == "not JSON: a line is one JSON object");
  CHECK(RefusalOf("{}") == "\"op\" is missing, e.g. \"op\":\"intake\"");
  CHECK(RefusalOf(R"({"op":null})") == "\"op\" must be a string, not null");
  CHECK(RefusalOf(R"({"op":["decide"]})") == "\"op\" must be a string, not an array");
  CHECK_THAT(RefusalOf(R"({"op":"fly","on":"2012-01-05"})"), Contains("unknown op 'fly'"));
}

TEST_CASE("A replay line whose date has the wrong type or value is refused", "[cli][replay]") {
  CHECK(RefusalOf(R"({"op":"intake","on":7})") == "\"on\" must be a string, not a number");
  CHECK(RefusalOf(R"({"op":"decide","ref":"A001","on":{"y":2012}})") ==
        "\"on\" must be a string, not an object");
  CHECK(RefusalOf(R"({"op":"decide","ref":"A001","outcome":"granted"})") ==
        "\"on\" is missing, e.g. \"on\":\"2012-01-05\"");
  CHECK(RefusalOf(R"({"op":"clock","to":true})") == "\"to\" must be a string, not a boolean");
  CHECK(RefusalOf(R"({"op":"clock","on":"2012-12-31"})") ==
        "\"to\" is missing, e.g. \"to\":\"2012-01-05\"");
  CHECK_THAT(RefusalOf(R"({"op":"clock","to":"2012-13-01"})"),
             Contains("\"to\": 2012-13-01 is not a date"));
  CHECK_THAT(RefusalOf(R"({"op":"decide","ref":"A001","on":"12/01/2012"})"),
             Contains("'12/01/2012' is not a date"));
  // The 40 bytes quoted end before a character that does not fit whole.
  CHECK(RefusalOf(R"({"op":"decide","ref":"A001","on":"二〇一二年一月十日星期二下午三点钟"})") ==
        "\"on\": '二〇一二年一月十日星期二下' is not a date: write it as YYYY-MM-DD");
}

TEST_CASE("A replay line whose ref or options have the wrong type is refused", "[cli][replay]") {
  const std::string decide = R"({"op":"decide","ref":"A001","on":"2012-01-10",)";
  CHECK(RefusalOf(R"({"op":"decide","ref":7,"on":"2012-01-10","outcome":"granted"})") ==
        "\"ref\" must be a string, not a number");
  CHECK(RefusalOf(R"({"op":"decide","ref":"B002","on":"2012-01-10","outcome":"granted"})") ==
        "no intake for ref 'B002' before this line");
  CHECK(RefusalOf(R"({"op":"decide","on":"2012-01-10","outcome":"granted"})") ==
        "no intake for ref '' before this line");
  CHECK(RefusalOf(decide + R"("outcome":{"code":"granted"}})") ==
        "\"outcome\" must be a string or a number, not an object");
  CHECK(RefusalOf(decide + R"("outcome":["granted"]})") ==
        "\"outcome\" must be a string or a number, not an array");
  CHECK(RefusalOf(decide + R"("outcome":null})") ==
        "\"outcome\" must be a string or a number, not null");
  CHECK(RefusalOf(decide + R"("outcome":false})") ==
        "\"outcome\" must be a string or a number, not a boolean");
  CHECK_THAT(RefusalOf(decide + R"("outcome":"maybe"})"), Contains("'maybe' is not an outcome"));
  CHECK_THAT(RefusalOf(decide + R"("outcome":3})"), Contains("'3' is not an outcome"));
  CHECK_THAT(RefusalOf(decide + R"("Outcome":"granted"})"), Contains("unknown field \"Outcome\""));
  CHECK_THAT(RefusalOf(decide + R"("":"granted"})"), Contains("unknown field \"\""));
  CHECK_THAT(RefusalOf(decide + R"("outcome":"granted","color":"red"})"),
             Contains("unknown option --color"));
  CHECK_THAT(RefusalOf(decide + R"("outcome":"granted","json":"yes"})"), Contains("usage:"));
  CHECK_THAT(RefusalOf(R"({"op":"extend","ref":"A001","on":"2012-01-10","approved_by":"主任",)"
                       R"("days":1.5})"),
             Contains("--days must be a whole number from 1 to 40, not '1.5'"));
  CHECK_THAT(RefusalOf(R"({"op":"fee-notice","ref":"A001","on":"2012-01-10","amount":-3})"),
             Contains("--amount must be yuan"));
  CHECK_THAT(RefusalOf(R"({"op":"intake","ref":"A002","on":"2012-01-05"})"),
             Contains("is required"));
}

TEST_CASE("A replay line turns into the command it names", "[cli][replay]") {
  auto intake = ParseReplayLine(
      R"({"op":"intake","ref":"A002","on":"2012-01-05","agency":"210300",)"
      R"("channel":"in_person","applicant_type":"natural_person","applicant":"王五",)"
      R"("subject":"城市低保对象名单"})",
      kRefs, "replay-1-1");
  REQUIRE(intake.ok());
  CHECK(intake->op == "intake");
  CHECK(intake->ref == "A002");
  CHECK(FormatDate(intake->date) == "2012-01-05");
  REQUIRE(intake->command.has_value());
  CHECK(intake->command->idempotency_key() == "replay-1-1");
  CHECK(intake->command->actor() == "replay");
  REQUIRE(intake->command->has_intake());
  CHECK(FormatDate(FromCivilTrusted(intake->command->intake().received_on())) == "2012-01-05");
  CHECK(intake->command->intake().received().agency_code() == "210300");
  CHECK(intake->command->intake().received().applicant().name() == "王五");

  auto window = ParseReplayLine(
      R"({"op":"correction-request","ref":"A001","on":"2012-01-09","window":10})", kRefs, "k");
  REQUIRE(window.ok());
  REQUIRE(window->command.has_value());
  const v1::Event& event = window->command->record_event().event();
  CHECK(event.request_id() == "2012-210300-0001");
  CHECK(FormatDate(FromCivilTrusted(event.on())) == "2012-01-09");
  CHECK(event.correction_requested().window_days() == 10);

  auto clock = ParseReplayLine(R"({"op":"clock","to":"2012-12-31"})", kRefs, "k");
  REQUIRE(clock.ok());
  CHECK(clock->op == "clock");
  CHECK(FormatDate(clock->date) == "2012-12-31");
  CHECK(!clock->command.has_value());
}

// A replay file in the temporary folder, removed when it goes out of scope.
class TempReplayFile {
 public:
  explicit TempReplayFile(const std::string& contents) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "gongkai_replay_test_XXXXXX.jsonl").string();
    const int fd = ::mkstemps(pattern.data(), 6);
    REQUIRE(fd >= 0);
    ::close(fd);
    path_ = pattern;
    std::ofstream(path_, std::ios::binary) << contents;
  }
  TempReplayFile(const TempReplayFile&) = delete;
  TempReplayFile& operator=(const TempReplayFile&) = delete;
  ~TempReplayFile() { std::filesystem::remove(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST_CASE("gongkai replay names a bad line by its number in the file and sends nothing",
          "[cli][replay]") {
  const std::string intake =
      R"({"op":"intake","ref":"A001","on":"2012-01-05","agency":"210300",)"
      R"("channel":"in_person","applicant_type":"natural_person","applicant":"王五",)"
      R"("subject":"城市低保对象名单"})";
  const std::vector<std::pair<std::string, std::string>> bad_lines = {
      {R"({"op":5})", "\"op\" must be a string, not a number"},
      {"[]", "a line is one JSON object, not an array"},
      {R"("x")", "a line is one JSON object, not a string"},
      {R"({"op":"intake","on":7})", "\"on\" must be a string, not a number"},
      {R"({"op":"decide","ref":"A001","on":"2012-01-10","outcome":{"x":1}})",
       "\"outcome\" must be a string or a number, not an object"},
  };
  for (const auto& [bad, message] : bad_lines) {
    // The bad line is the file's line 3: the blank line 2 counts.
    const TempReplayFile file(intake + "\n\n" + bad + "\n" + intake + "\n");
    // No engine listens there: a replay that sent anything would fail with
    // exit 4 (engine unreachable) instead.
    const ProcessResult r = RunProcess(
        {GONGKAI_CLI_PATH, "--lang", "en", "--server", "tcp://127.0.0.1:9", "replay", file.path()});
    INFO("line: " << bad << "\nstderr: " << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == "gongkai: " + file.path() + ":3: " + message + "\n");
  }
}

}  // namespace
}  // namespace gongkai::testing
