// gongkai search through the real daemon: a Chinese substring of a subject
// or of an applicant's name, newest first, within the person's scope, the
// name shown only to those who may see it.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/e2e/client_calls.h"
#include "tests/e2e/daemon_process.h"

namespace gongkai::e2e {
namespace {

using nlohmann::json;

std::string Intake(const std::string& server, const std::string& agency,
                   const std::string& received, const std::string& name,
                   const std::string& subject) {
  const json ack =
      Ok(server, {"intake", "--agency", agency, "--channel", "online", "--received", received,
                  "--applicant-type", "natural_person", "--applicant", name, "--subject", subject});
  return ack.at("id").get<std::string>();
}

std::vector<std::string> Ids(const ProcessResult& r) {
  INFO(Describe(r));
  REQUIRE(r.exit_code == 0);
  std::vector<std::string> ids;
  const json reply = json::parse(r.out);
  for (const json& row : reply.at("requests")) {
    ids.push_back(row.at("id").get<std::string>());
  }
  return ids;
}

TEST_CASE("gongkai search finds subjects and, for clerks, applicants' names, within the scope",
          "[e2e][search]") {
  DaemonProcess daemon;
  const std::string server = daemon.Start();
  const std::string clerk = daemon.Enroll("city-clerk", "clerk", "210300");
  const std::string supervisor = daemon.Enroll("city-supervisor", "supervisor", "210300");
  const std::string county_clerk = daemon.Enroll("county-clerk", "clerk", "210304");
  const std::string reporter = daemon.Enroll("city-reporter", "reporter", "210300");
  const std::string older =
      Intake(server, "210300", "2012-09-20", "钱学林", "关于胜利路拆迁补偿标准的信息");
  const std::string newer = Intake(server, "210304", "2012-09-27", "孙丽", "胜利路改造规划许可");
  Intake(server, "210302", "2012-09-28", "周强", "政府采购合同");

  CHECK(Ids(RunClientAs(clerk, server, {"--json", "search", "胜利路"})) ==
        std::vector<std::string>{newer, older});
  CHECK(Ids(RunClientAs(county_clerk, server, {"--json", "search", "胜利路"})) ==
        std::vector<std::string>{newer});
  CHECK(Ids(RunClientAs(clerk, server, {"--json", "search", "胜利路", "--agency", "立山区"})) ==
        std::vector<std::string>{newer});
  CHECK(Ids(RunClientAs(clerk, server, {"--json", "search", "钱学林"})) ==
        std::vector<std::string>{older});

  SECTION("the table shows the applicant to a clerk and not to a supervisor") {
    const ProcessResult seen = RunClientAs(clerk, server, {"--lang", "zh", "search", "拆迁补偿"});
    INFO(Describe(seen));
    CHECK(seen.out.rfind("申请编号", 0) == 0);  // The headings in Chinese.
    CHECK(seen.out.find(older) != std::string::npos);
    CHECK(seen.out.find("钱学林") != std::string::npos);
    CHECK(seen.out.find("找到 1 条") != std::string::npos);
    const ProcessResult hidden = RunClientAs(supervisor, server, {"search", "拆迁补偿"});
    INFO(Describe(hidden));
    CHECK(hidden.out.find(older) != std::string::npos);
    CHECK(hidden.out.find("钱学林") == std::string::npos);
    CHECK(Ids(RunClientAs(supervisor, server, {"--json", "search", "钱学林"})).empty());
  }
  SECTION("a person without a reading role, or outside the agency asked, is refused") {
    const ProcessResult refused = RunClientAs(reporter, server, {"search", "胜利路"});
    CHECK(refused.exit_code == 3);
    CHECK(refused.err.find("permission_denied") != std::string::npos);
    const ProcessResult outside =
        RunClientAs(county_clerk, server, {"search", "胜利路", "--agency", "210300"});
    CHECK(outside.exit_code == 3);
    CHECK(outside.out.find(older) == std::string::npos);
  }
  SECTION("one character is not enough to search for") {
    const ProcessResult r = RunClientAs(clerk, server, {"search", "路"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("two characters") != std::string::npos);
  }
}

}  // namespace
}  // namespace gongkai::e2e
