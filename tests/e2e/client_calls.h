// Helpers shared by the end-to-end tests for running the `gongkai` client
// against a daemon (Catch2 assertions inside: call them from test cases).
#ifndef GONGKAI_TESTS_E2E_CLIENT_CALLS_H_
#define GONGKAI_TESTS_E2E_CLIENT_CALLS_H_

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/e2e/daemon_process.h"

namespace gongkai::e2e {

// A client run as shown in a failure message.
inline std::string Describe(const ProcessResult& r) {
  return "exit " + std::to_string(r.exit_code) + "\nstdout: " + r.out.substr(0, 4000) +
         "\nstderr: " + r.err.substr(0, 4000);
}

// Runs the client with --json and requires exit code 0; returns the output.
inline nlohmann::json Ok(const std::string& endpoint, std::vector<std::string> args) {
  args.insert(args.begin(), "--json");
  const ProcessResult r = RunClient(endpoint, args);
  INFO("gongkai " << args[1] << ": " << Describe(r));
  REQUIRE(r.exit_code == 0);
  const nlohmann::json parsed = nlohmann::json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  REQUIRE_FALSE(parsed.is_discarded());
  return parsed;
}

// The lines of one table of the report's CSV (0: table 三, 1: table 四),
// after checking the file's form: a UTF-8 byte order mark, every line ended
// by CRLF, the tables separated by one empty line.
inline std::vector<std::string> CsvTable(const std::string& csv, int table) {
  const std::string bom = "\xEF\xBB\xBF";
  REQUIRE(csv.rfind(bom, 0) == 0);
  std::vector<std::vector<std::string>> tables(1);
  size_t at = bom.size();
  while (at < csv.size()) {
    const size_t end = csv.find("\r\n", at);
    REQUIRE(end != std::string::npos);  // The last line is ended too.
    const std::string line = csv.substr(at, end - at);
    REQUIRE(line.find('\n') == std::string::npos);
    if (line.empty()) {
      tables.emplace_back();
    } else {
      tables.back().push_back(line);
    }
    at = end + 2;
  }
  REQUIRE(tables.size() == 2);
  return tables[size_t(table)];
}

// Advances the daemon's manual clock and checks it moved.
inline void AdvanceTo(const std::string& endpoint, const std::string& date) {
  REQUIRE(Ok(endpoint, {"clock", "advance", "--to", date}).at("today") == date);
}

}  // namespace gongkai::e2e

#endif  // GONGKAI_TESTS_E2E_CLIENT_CALLS_H_
