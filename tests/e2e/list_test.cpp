// gongkai list through the real daemon: the due-date filters (--due-within,
// --due-before, --overdue), the subject column aligned by display width, the
// line saying how many matched, and the CSV for Excel. Due dates are written
// out (2008 rule, 15 working days; the 2012 National Day holiday crossed).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "cli/display_width.h"
#include "tests/e2e/client_calls.h"
#include "tests/e2e/daemon_process.h"

namespace gongkai::e2e {
namespace {

using nlohmann::json;

std::string Intake(const std::string& server, const std::string& received,
                   const std::string& subject) {
  const json ack = Ok(server, {"intake", "--agency", "210321", "--channel", "in_person",
                               "--received", received, "--applicant-type", "natural_person",
                               "--applicant", "王小明", "--subject", subject});
  return ack.at("id").get<std::string>();
}

std::set<std::string> Ids(const std::string& server, std::vector<std::string> args) {
  args.insert(args.begin(), "list");
  std::set<std::string> ids;
  for (const json& row : Ok(server, args)) ids.insert(row.at("id").get<std::string>());
  return ids;
}

std::string Text(const std::string& server, const std::vector<std::string>& args) {
  const ProcessResult r = RunClient(server, args);
  INFO(Describe(r));
  REQUIRE(r.exit_code == 0);
  return r.out;
}

struct ThreeRequests {
  DaemonProcess daemon;
  std::string server;
  std::string overdue, monday, next_week;
  ThreeRequests() {
    server = daemon.Start();
    overdue = Intake(server, "2012-09-28", "2012年城区道路维修经费");  // Due 2012-10-25.
    AdvanceTo(server, "2012-10-08");
    monday = Intake(server, "2012-10-08", "铁东区供暖价格听证材料");  // Due 2012-10-29.
    AdvanceTo(server, "2012-10-15");
    next_week = Intake(server, "2012-10-15", "学校食堂, \"营养餐\"标准");  // Due 2012-11-05.
    AdvanceTo(server, "2012-10-26");  // A Friday: 1 overdue, 1 and 6 working days left.
  }
};

TEST_CASE("list --due-within, --due-before and --overdue pick requests by their due date",
          "[e2e][list]") {
  ThreeRequests r;
  CHECK(Ids(r.server, {"--due-within", "5"}) == std::set<std::string>{r.monday});
  CHECK(Ids(r.server, {"--due-within", "6"}) == std::set<std::string>{r.monday, r.next_week});
  CHECK(Ids(r.server, {"--overdue"}) == std::set<std::string>{r.overdue});
  CHECK(Ids(r.server, {"--due-before", "2012-10-29"}) ==
        std::set<std::string>{r.overdue, r.monday});
  CHECK(Ids(r.server, {"--due-before", "2012-10-28"}) == std::set<std::string>{r.overdue});
  CHECK(Ids(r.server, {"--due-within", "10", "--due-before", "2012-10-31"}) ==
        std::set<std::string>{r.monday});
  // A closed request is due nothing.
  Ok(r.server, {"decide", r.monday, "--outcome", "granted"});
  CHECK(Ids(r.server, {"--due-within", "5"}).empty());

  const ProcessResult bad = RunClient(r.server, {"list", "--due-within", "0"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("--due-within") != std::string::npos);
}

TEST_CASE(
    "The list shows the subject in columns aligned by display width and says how many matched",
    "[e2e][list]") {
  ThreeRequests r;
  // In Chinese, the default: headings and statuses in one language.
  const std::string text = Text(r.server, {"--lang", "zh", "list", "--limit", "2"});
  std::vector<std::string> lines;
  for (size_t at = 0, end; (end = text.find('\n', at)) != std::string::npos; at = end + 1) {
    lines.push_back(text.substr(at, end - at));
  }
  REQUIRE(lines.size() == 4);  // Heading, 2 rows, the matched line.
  CHECK(lines[3] == "显示 2 / 共 3 条（--limit N 最多显示10000条）");
  CHECK(lines[0].rfind("申请编号", 0) == 0);
  CHECK(lines[0].find("status") == std::string::npos);  // No English heading.
  CHECK(lines[1].find("办理中") != std::string::npos);  // The status by name.
  // The subject column starts at the same display column in every line.
  const size_t heading = cli::DisplayWidth(lines[0].substr(0, lines[0].find("申请内容")));
  CHECK(cli::DisplayWidth(lines[1].substr(0, lines[1].find("2012年城区道路维修经费"))) == heading);
  CHECK(cli::DisplayWidth(lines[2].substr(0, lines[2].find("铁东区供暖价格听证材料"))) == heading);
  CHECK(lines[1].find("逾期1") != std::string::npos);
  CHECK(lines[1].find("台安县人民政府") != std::string::npos);  // The agency by name.
  CHECK(Text(r.server, {"--lang", "zh", "show", r.overdue})
            .find("机关              210321 台安县人民政府\n") != std::string::npos);
  // Not cut: only the count.
  CHECK(Text(r.server, {"--lang", "zh", "list"}).find("\n共 3 条\n") != std::string::npos);
  CHECK(Text(r.server, {"list"}).find("\n3 matched\n") != std::string::npos);
}

TEST_CASE("list --format csv is a file Excel opens, the subject quoted where it must be",
          "[e2e][list]") {
  ThreeRequests r;
  // A subject that Excel would read as a formula is made text; a cut list is said on stderr.
  Ok(r.server, {"intake", "--agency", "210321", "--channel", "online", "--received", "2012-10-15",
                "--applicant-type", "natural_person", "--applicant", "王小明", "--subject",
                "=HYPERLINK(\"http://x\")"});
  const ProcessResult cut = RunClient(r.server, {"list", "--format", "csv", "--limit", "2"});
  CHECK(cut.exit_code == 0);
  CHECK(cut.err.find("the CSV holds 2 of 4 matching requests") != std::string::npos);
  CHECK(
      Text(r.server, {"list", "--format", "csv"}).find(",\"'=HYPERLINK(\"\"http://x\"\")\"\r\n") !=
      std::string::npos);
  const std::string csv = Text(r.server, {"list", "--format", "csv"});
  REQUIRE(csv.rfind("\xEF\xBB\xBF", 0) == 0);
  const std::string body = csv.substr(3);
  CHECK(body.rfind("id,agency,agency_name,status,received,due_date,working_days_left,"
                   "working_days_overdue,subject\r\n",
                   0) == 0);
  CHECK(body.find(
            r.overdue +
            ",210321,台安县人民政府,open,2012-09-28,2012-10-25,0,1,2012年城区道路维修经费\r\n") !=
        std::string::npos);
  CHECK(body.find(r.next_week + ",210321,台安县人民政府,open,2012-10-15,2012-11-05,6,0,\"学校食堂, "
                                "\"\"营养餐\"\"标准\"\r\n") != std::string::npos);
}

}  // namespace
}  // namespace gongkai::e2e
