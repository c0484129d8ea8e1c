// Runs the real `gongkai` binary for its offline commands: the calendar and
// the deadline calculator (cli/offline_commands.h).
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "run_process.h"

#ifndef GONGKAI_CLI_PATH
#error "GONGKAI_CLI_PATH must name the gongkai binary"
#endif

namespace gongkai::testing {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using nlohmann::json;

// In English (the message ids) unless `args` give --lang: the expectations
// hold whatever the tester's locale.
ProcessResult Gongkai(std::vector<std::string> args) {
  if (std::find(args.begin(), args.end(), "--lang") == args.end()) {
    args.insert(args.begin(), {"--lang", "en"});
  }
  args.insert(args.begin(), GONGKAI_CLI_PATH);
  return RunProcess(args);
}

std::string Show(const std::vector<std::string>& args) {
  std::string shown = "gongkai";
  for (const auto& a : args) shown += " " + a;
  return shown;
}

// Runs a command that must succeed and print nothing on stderr.
std::string MustRun(const std::vector<std::string>& args) {
  const auto result = Gongkai(args);
  INFO(Show(args) << "\nstderr: " << result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(result.err.empty());
  return result.out;
}

// Runs a --json command and parses its single line of output.
json MustRunJson(std::vector<std::string> args) {
  args.push_back("--json");
  const std::string out = MustRun(args);
  INFO(Show(args) << "\nstdout: " << out);
  REQUIRE(!out.empty());
  CHECK(out.back() == '\n');
  CHECK(out.find('\n') == out.size() - 1);  // One line.
  return json::parse(out);
}

// A bad input: exit code 2, exactly one line on stderr starting with
// "gongkai: ", nothing on stdout. Returns that line.
std::string MustRefuse(const std::vector<std::string>& args) {
  const auto result = Gongkai(args);
  INFO(Show(args) << "\nexit " << result.exit_code << "\nstdout: " << result.out
                  << "\nstderr: " << result.err);
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK_THAT(result.err, StartsWith("gongkai: "));
  REQUIRE(!result.err.empty());
  CHECK(result.err.back() == '\n');
  CHECK(result.err.find('\n') == result.err.size() - 1);
  return result.err;
}

// A file in the temporary folder, removed when it goes out of scope.
class TempFile {
 public:
  explicit TempFile(const std::string& contents) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "gongkai_cli_test_XXXXXX.cal").string();
    const int fd = ::mkstemps(pattern.data(), 4);
    REQUIRE(fd >= 0);
    ::close(fd);
    path_ = pattern;
    std::ofstream(path_, std::ios::binary) << contents;
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() { std::filesystem::remove(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

constexpr const char* k2027Notice =
    "# the 2027 notice, as it might be published in December 2026\n"
    "gongkai-calendar 1\n"
    "announced 2027\n"
    "2027-01-01 off 元旦\n"
    "2027-02-07 work 春节\n";  // A Sunday.

// --- gongkai calendar -------------------------------------------------------

TEST_CASE("calendar is-workday says yes on a make-up Saturday", "[cli][calendar]") {
  CHECK(MustRun({"calendar", "is-workday", "2012-09-29"}) == "yes\n");
}

TEST_CASE("calendar is-workday says no on a holiday", "[cli][calendar]") {
  CHECK(MustRun({"calendar", "is-workday", "2012-10-01"}) == "no\n");
  CHECK(MustRun({"calendar", "is-workday", "2012-10-13"}) == "no\n");  // A plain Saturday.
  CHECK(MustRun({"calendar", "is-workday", "2012-10-08"}) == "yes\n");
}

TEST_CASE("calendar is-workday --json gives the date, the answer and the provisional flag",
          "[cli][calendar]") {
  const json j = MustRunJson({"calendar", "is-workday", "2012-10-01"});
  CHECK(j.at("date") == "2012-10-01");
  CHECK(j.at("working") == false);
  CHECK(j.at("provisional") == false);
  const json later = MustRunJson({"calendar", "is-workday", "2027-01-01"});
  CHECK(later.at("working") == true);
  CHECK(later.at("provisional") == true);
}

TEST_CASE("calendar on an unannounced year answers and notes it is provisional",
          "[cli][calendar]") {
  const auto result = Gongkai({"calendar", "is-workday", "2027-01-01"});
  CHECK(result.exit_code == 0);
  CHECK(result.out == "yes\n");
  CHECK_THAT(result.err, StartsWith("gongkai: note: provisional"));
}

TEST_CASE("calendar add 2012-09-28 15 prints 2012-10-25", "[cli][calendar]") {
  CHECK(MustRun({"calendar", "add", "2012-09-28", "15"}) == "2012-10-25\n");
}

TEST_CASE("calendar add 2020-01-23 20 prints 2020-02-28", "[cli][calendar]") {
  CHECK(MustRun({"calendar", "add", "2020-01-23", "20"}) == "2020-02-28\n");
}

TEST_CASE("calendar add counts backwards with a negative N and stays put with 0",
          "[cli][calendar]") {
  CHECK(MustRun({"calendar", "add", "2012-10-25", "-15"}) == "2012-09-28\n");
  CHECK(MustRun({"calendar", "add", "2012-10-01", "0"}) == "2012-10-01\n");
  const json j = MustRunJson({"calendar", "add", "2012-09-28", "15"});
  CHECK(j.at("date") == "2012-10-25");
  CHECK(j.at("provisional") == false);
}

TEST_CASE("calendar between counts working days after A up to B", "[cli][calendar]") {
  CHECK(MustRun({"calendar", "between", "2012-09-28", "2012-10-25"}) == "15\n");
  CHECK(MustRun({"calendar", "between", "2012-10-25", "2012-09-28"}) == "-15\n");
  CHECK(MustRun({"calendar", "between", "2012-09-28", "2012-09-28"}) == "0\n");
  CHECK(MustRun({"calendar", "between", "2012-09-29", "2012-10-07"}) == "0\n");
  const json j = MustRunJson({"calendar", "between", "2020-01-23", "2020-02-28"});
  CHECK(j.at("from") == "2020-01-23");
  CHECK(j.at("to") == "2020-02-28");
  CHECK(j.at("working_days") == 20);
  CHECK(j.at("provisional") == false);
}

TEST_CASE("calendar --calendar FILE loads a new year's notice over the builtin one",
          "[cli][calendar]") {
  const TempFile file(k2027Notice);
  CHECK(MustRun({"calendar", "is-workday", "2027-01-01", "--calendar", file.path()}) == "no\n");
  CHECK(MustRun({"calendar", "is-workday", "--calendar", file.path(), "2027-02-07"}) == "yes\n");
  CHECK(MustRun({"calendar", "add", "2026-12-31", "1", "--calendar=" + file.path()}) ==
        "2027-01-04\n");
  const json j = MustRunJson({"calendar", "is-workday", "2027-01-01", "--calendar", file.path()});
  CHECK(j.at("provisional") == false);
  // Without the file, the weekday rule alone.
  CHECK(Gongkai({"calendar", "is-workday", "2027-01-01"}).out == "yes\n");
}

TEST_CASE("calendar check validates a calendar file", "[cli][calendar]") {
  // A whole year's notice: 261 weekdays in 2027, 11 of them off, and one
  // Sunday worked -> 251.
  const TempFile good(
      "gongkai-calendar 1\n"
      "announced 2027\n"
      "2027-01-01 off 元旦\n"
      "2027-02-07 work 春节\n"
      "2027-02-08..2027-02-13 off 春节\n"
      "2027-10-01..2027-10-07 off 国庆节\n");
  const std::string out = MustRun({"calendar", "check", good.path()});
  CHECK_THAT(out, StartsWith(good.path() + ": "));
  CHECK_THAT(out, Contains("1 announced years"));
  CHECK_THAT(out, Contains("15 dated exceptions"));
  CHECK_THAT(out, Contains("plausible"));
  // k2027Notice announces 2027 with one holiday only: 261 working days, more
  // than a year has.
  const TempFile thin(k2027Notice);
  CHECK_THAT(MustRefuse({"calendar", "check", thin.path()}),
             Contains("2027 is implausible") && Contains("261 working days"));

  const TempFile bad("gongkai-calendar 1\n2027-01-01 holiday\n");
  CHECK_THAT(MustRefuse({"calendar", "check", bad.path()}),
             StartsWith("gongkai: " + bad.path() + ":2: "));
}

TEST_CASE("calendar refuses bad input with one line and exit code 2", "[cli][calendar]") {
  const TempFile bad_file("gongkai-calendar 1\n2027-01-01 off\n2027-01-01 work\n");
  const std::vector<std::vector<std::string>> cases = {
      {"calendar", "is-workday", "2012-9-29"},
      {"calendar", "is-workday", "2012/09/29"},
      {"calendar", "is-workday", "2023-02-29"},
      {"calendar", "is-workday", "2200-01-01"},
      {"calendar", "add", "2012-09-28", "x"},
      {"calendar", "add", "2012-09-28", "1.5"},
      {"calendar", "add", "2012-09-28", "99999"},
      {"calendar", "add", "2199-12-31", "5"},
      {"calendar", "add", "2012-09-28"},
      {"calendar", "add", "2012-09-28", "15", "3"},
      {"calendar", "is-workday"},
      {"calendar", "is-workday", "2012-09-29", "2012-09-30"},
      {"calendar", "between", "2012-09-28"},
      {"calendar", "between", "2012-09-28", "2012-13-01"},
      {"calendar", "check"},
      {"calendar", "check", "/nonexistent/gongkai.cal"},
      {"calendar"},
      {"calendar", "frobnicate"},
      {"calendar", "is-workday", "2012-09-29", "--bogus"},
      {"calendar", "is-workday", "2012-09-29", "--calendar"},
      {"calendar", "is-workday", "2012-09-29", "--calendar", "/nonexistent/gongkai.cal"},
      {"calendar", "is-workday", "2012-09-29", "--calendar", bad_file.path()},
      {"calendar", "is-workday", "2012-9-29", "--json"},
  };
  for (const auto& args : cases) MustRefuse(args);
}

TEST_CASE("calendar errors name the problem", "[cli][calendar]") {
  CHECK_THAT(MustRefuse({"calendar", "is-workday", "2012-9-29"}), Contains("2012-9-29"));
  CHECK_THAT(MustRefuse({"calendar", "add", "2012-09-28"}), Contains("usage"));
  CHECK_THAT(MustRefuse({"calendar", "is-workday", "2012-09-29", "--bogus"}), Contains("--bogus"));
  const TempFile bad_file("gongkai-calendar 1\n2027-01-01 off\n2027-01-01 work\n");
  CHECK_THAT(MustRefuse({"calendar", "is-workday", "2012-09-29", "--calendar", bad_file.path()}),
             Contains(bad_file.path() + ":3: 2027-01-01 is listed twice"));
}

// --- gongkai deadline -------------------------------------------------------

TEST_CASE("deadline --json gives the 2008-rule due date for 2012-09-28", "[cli][deadline]") {
  const json j = MustRunJson({"deadline", "--received", "2012-09-28"});
  CHECK(j.at("due_date") == "2012-10-25");
  CHECK(j.at("provisional") == false);
  CHECK(j.at("received") == "2012-09-28");
  CHECK(j.at("regime") == "2008");
  CHECK(j.at("period_days") == 15);
  CHECK(j.at("extension_days") == 0);
  CHECK(j.at("excluded_days") == 0);
  REQUIRE(j.at("explanation").is_array());
  REQUIRE_FALSE(j.at("explanation").empty());
  for (const auto& sentence : j.at("explanation")) {
    REQUIRE(sentence.is_string());
    CHECK_FALSE(sentence.get<std::string>().empty());
  }
  CHECK_THAT(j.at("explanation").back().get<std::string>(), Contains("2012-10-25"));
}

TEST_CASE("deadline --json gives the 2019-rule due date for 2020-01-23", "[cli][deadline]") {
  const json j = MustRunJson({"deadline", "--received", "2020-01-23"});
  CHECK(j.at("due_date") == "2020-02-28");
  CHECK(j.at("provisional") == false);
  CHECK(j.at("regime") == "2019");
  CHECK(j.at("period_days") == 20);
}

TEST_CASE("deadline without --json prints the due date and the explanation", "[cli][deadline]") {
  const std::string out = MustRun({"deadline", "--received", "2012-09-28"});
  CHECK_THAT(out, StartsWith("due 2012-10-25\n"));
  CHECK_THAT(out, Contains("\n  "));
}

TEST_CASE("deadline excludes each consultation's working days from the due date",
          "[cli][deadline]") {
  // 2012-10-08..10-12 excludes 10-09..10-12 (4); 10-15..10-16 excludes 10-16 (1).
  const json j = MustRunJson({"deadline", "--received", "2012-09-28", "--consultation",
                              "2012-10-08:2012-10-12", "--consultation", "2012-10-15:2012-10-16"});
  CHECK(j.at("excluded_days") == 5);
  CHECK(j.at("due_date") == "2012-11-01");
  CHECK(j.at("provisional") == false);
  const std::string explanation = j.at("explanation").dump();
  CHECK_THAT(explanation, Contains("2012-10-08"));
  CHECK_THAT(explanation, Contains("2012-10-15"));
  // Given out of order, the same answer.
  const json swapped =
      MustRunJson({"deadline", "--received", "2012-09-28", "--consultation",
                   "2012-10-15:2012-10-16", "--consultation", "2012-10-08:2012-10-12"});
  CHECK(swapped.at("due_date") == "2012-11-01");
}

TEST_CASE("deadline counts overlapping consultations once, as their union", "[cli][deadline]") {
  // Received 2012-09-20: due 2012-10-17. 09-24..10-10 and 09-27..10-15
  // overlap across National Day (09-30..10-07 off, 09-29 worked): their
  // union excludes 09-25..29 (5), 10-08..12 (10), 10-15 (11), where the two
  // alone would exclude 8 + 8. 26 working days after 09-20 -> 2012-11-01.
  const json j = MustRunJson({"deadline", "--received", "2012-09-20", "--consultation",
                              "2012-09-24:2012-10-10", "--consultation", "2012-09-27:2012-10-15"});
  CHECK(j.at("excluded_days") == 11);
  CHECK(j.at("due_date") == "2012-11-01");
  CHECK_THAT(j.at("explanation").dump(), Contains("11 working days excluded in all"));
  // One inside the other counts as the outer one.
  const json nested =
      MustRunJson({"deadline", "--received", "2012-09-20", "--consultation",
                   "2012-09-24:2012-10-15", "--consultation", "2012-09-27:2012-10-10"});
  CHECK(nested.at("excluded_days") == 11);
  CHECK(nested.at("due_date") == "2012-11-01");
}

TEST_CASE("deadline restarts the period from the date a corrected request is received",
          "[cli][deadline]") {
  const json j =
      MustRunJson({"deadline", "--received", "2012-09-28", "--correction-received", "2012-10-10"});
  CHECK(j.at("due_date") == "2012-10-31");  // 15 working days after 2012-10-10.
  CHECK(j.at("received") == "2012-09-28");
  CHECK_THAT(j.at("explanation").dump(), Contains("2012-10-10"));
}

TEST_CASE("deadline adds an approved extension to the due date", "[cli][deadline]") {
  const json j = MustRunJson({"deadline", "--received", "2012-09-28", "--extension", "15"});
  CHECK(j.at("extension_days") == 15);
  CHECK(j.at("due_date") == "2012-11-15");  // 30 working days after 2012-09-28.
  const json shorter = MustRunJson({"deadline", "--received", "2012-09-28", "--extension", "5"});
  CHECK(shorter.at("due_date") == "2012-11-01");
}

TEST_CASE("deadline --regime pins the rules whatever the receipt date", "[cli][deadline]") {
  const json later = MustRunJson({"deadline", "--received", "2012-09-28", "--regime", "2019"});
  CHECK(later.at("regime") == "2019");
  CHECK(later.at("period_days") == 20);
  CHECK(later.at("due_date") == "2012-11-01");
  const json earlier = MustRunJson({"deadline", "--received", "2020-01-23", "--regime", "2008"});
  CHECK(earlier.at("regime") == "2008");
  CHECK(earlier.at("due_date") == "2020-02-21");
}

TEST_CASE("deadline picks the regime by the receipt date around 2019-05-15", "[cli][deadline]") {
  CHECK(MustRunJson({"deadline", "--received", "2019-05-14"}).at("regime") == "2008");
  CHECK(MustRunJson({"deadline", "--received", "2019-05-15"}).at("regime") == "2019");
}

TEST_CASE("deadline --calendar FILE uses a loaded notice and clears the provisional flag",
          "[cli][deadline]") {
  const json builtin = MustRunJson({"deadline", "--received", "2026-12-25"});
  CHECK(builtin.at("due_date") == "2027-01-22");
  CHECK(builtin.at("provisional") == true);

  const TempFile file(k2027Notice);
  const json loaded =
      MustRunJson({"deadline", "--received", "2026-12-25", "--calendar", file.path()});
  CHECK(loaded.at("due_date") == "2027-01-25");  // 2027-01-01 is off.
  CHECK(loaded.at("provisional") == false);
}

TEST_CASE("deadline refuses a bad date or option with one line and exit code 2",
          "[cli][deadline]") {
  const std::vector<std::vector<std::string>> cases = {
      {"deadline"},
      {"deadline", "--json"},
      {"deadline", "--received"},
      {"deadline", "--received", "2012-9-28"},
      {"deadline", "--received", "2012-02-30"},
      {"deadline", "--received", "2012-09-28", "--received", "2012-09-29"},
      {"deadline", "--received", "2012-09-28", "--bogus"},
      {"deadline", "--received", "2012-09-28", "--bogus", "1"},
      {"deadline", "--received", "2012-09-28", "extra"},
      {"deadline", "--received", "2012-09-28", "--regime", "2010"},
      {"deadline", "--received", "2012-09-28", "--regime", ""},
      {"deadline", "--received", "2012-09-28", "--extension", "99"},
      {"deadline", "--received", "2012-09-28", "--extension", "0"},
      {"deadline", "--received", "2012-09-28", "--extension", "-5"},
      {"deadline", "--received", "2012-09-28", "--extension", "ten"},
      {"deadline", "--received", "2012-09-28", "--extension", "16"},  // 2008: at most 15.
      {"deadline", "--received", "2012-09-28", "--consultation", "2012-10-12:2012-10-08"},
      {"deadline", "--received", "2012-09-28", "--consultation", "2012-10-12"},
      {"deadline", "--received", "2012-09-28", "--consultation", "2012-10-08:2012-13-01"},
      {"deadline", "--received", "2012-09-28", "--consultation", "2012-09-01:2012-09-05"},
      {"deadline", "--received", "2012-09-28", "--correction-received", "2012-9-30"},
      {"deadline", "--received", "2012-09-28", "--correction-received", "2012-09-01"},
      {"deadline", "--received", "2012-09-28", "--calendar", "/nonexistent/gongkai.cal"},
      {"deadline", "--received", "2199-12-20"},
      {"deadline", "--received", "2012-09-28", "--json=yes"},
  };
  for (const auto& args : cases) MustRefuse(args);
}

TEST_CASE("deadline errors name the bad date, option or value", "[cli][deadline]") {
  CHECK_THAT(MustRefuse({"deadline"}), Contains("--received"));
  CHECK_THAT(MustRefuse({"deadline", "--received", "2012-09-28", "--regime", "2010"}),
             Contains("2010"));
  CHECK_THAT(MustRefuse({"deadline", "--received", "2012-09-28", "--extension", "99"}),
             Contains("99"));
  CHECK_THAT(MustRefuse({"deadline", "--received", "2012-09-28", "--consultation",
                         "2012-10-12:2012-10-08"}),
             Contains("ends before it starts"));
}

TEST_CASE("The cli refuses an unknown command with one line and exit code 2", "[cli][calendar]") {
  CHECK_THAT(MustRefuse({"frobnicate"}), Contains("frobnicate"));
  MustRefuse({"frobnicate", "--json"});
  MustRefuse({"Calendar", "is-workday", "2012-09-29"});
}

TEST_CASE("The cli without a command prints usage on stderr and exits 2", "[cli][calendar]") {
  const auto result = Gongkai({});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK_THAT(result.err, StartsWith("usage: gongkai"));
}

TEST_CASE("The cli's help prints usage on stdout and exits 0", "[cli][calendar]") {
  const auto result = Gongkai({"help"});
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, StartsWith("usage: gongkai"));
  CHECK_THAT(result.out, Contains("calendar"));
  CHECK_THAT(result.out, Contains("deadline --received DATE"));
  CHECK(result.err.empty());
}

}  // namespace
}  // namespace gongkai::testing
