// gongkai report annual and gongkai report lock through the real gongkaid
// and gongkai processes over tcp://127.0.0.1, with a manual clock: a small
// hand-made year (one request of each applicant column, carried in from 2011
// and into 2013, withdrawn, lapsed, answered on the spot, with a fee and two
// appeals) read in every format and for subtrees; --verify against the event
// log, also after a counter was damaged in the store; a locked year.
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "engine/store.h"
#include "engine/store/rocks_store.h"
#include "tests/e2e/client_calls.h"
#include "tests/e2e/daemon_process.h"

namespace gongkai::e2e {
namespace {

using nlohmann::json;
using Row = std::vector<int64_t>;  // 自然人 .. 其他, 总计.

const char* const kColumns[] = {"自然人",       "商业企业", "科研机构", "社会公益组织",
                                "法律服务机构", "其他",     "总计"};
const Row kZero = {0, 0, 0, 0, 0, 0, 0};

constexpr const char* kReceived = "一、本年新收政府信息公开申请数量";
constexpr const char* kCarriedIn = "二、上年结转政府信息公开申请数量";
constexpr const char* kGranted = "（一）予以公开";
constexpr const char* kPartly = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）";
constexpr const char* kNoCorrection =
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请";
constexpr const char* kOther = "3.其他";
constexpr const char* kTotal = "（七）总计";
constexpr const char* kCarriedOut = "四、结转下年度继续办理";

// Table 三's rows as DOMAIN.md writes them, in order; true for headings.
const std::vector<std::pair<std::string, bool>>& StatutoryRows() {
  static const std::vector<std::pair<std::string, bool>> rows = {
      {kReceived, false},
      {kCarriedIn, false},
      {"三、本年度办理结果", true},
      {kGranted, false},
      {kPartly, false},
      {"（三）不予公开", true},
      {"1.属于国家秘密", false},
      {"2.其他法律行政法规禁止公开", false},
      {"3.危及“三安全一稳定”", false},
      {"4.保护第三方合法权益", false},
      {"5.属于三类内部事务信息", false},
      {"6.属于四类过程性信息", false},
      {"7.属于行政执法案卷", false},
      {"8.属于行政查询事项", false},
      {"（四）无法提供", true},
      {"1.本机关不掌握相关政府信息", false},
      {"2.没有现成信息需要另行制作", false},
      {"3.补正后申请内容仍不明确", false},
      {"（五）不予处理", true},
      {"1.信访举报投诉类申请", false},
      {"2.重复申请", false},
      {"3.要求提供公开出版物", false},
      {"4.无正当理由大量反复申请", false},
      {"5.要求行政机关确认或重新出具已获取信息", false},
      {"（六）其他处理", true},
      {kNoCorrection, false},
      {"2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", false},
      {kOther, false},
      {kTotal, false},
      {kCarriedOut, false},
  };
  return rows;
}

// Runs the client and requires exit code 0; returns its standard output.
std::string OkText(const std::string& server, const std::vector<std::string>& args) {
  const ProcessResult r = RunClient(server, args);
  INFO("gongkai " << args[0] << ": " << Describe(r));
  REQUIRE(r.exit_code == 0);
  return r.out;
}

std::string Intake(const std::string& server, const std::string& agency, const std::string& type,
                   const std::string& channel, const std::string& received,
                   const std::string& on_the_spot = "") {
  std::vector<std::string> args = {"intake",      "--agency",    agency,   "--channel",
                                   channel,       "--received",  received, "--applicant-type",
                                   type,          "--applicant", "申请人", "--subject",
                                   "年度报告测试"};
  if (!on_the_spot.empty()) args.insert(args.end(), {"--on-the-spot", on_the_spot});
  return Ok(server, args).at("id").get<std::string>();
}

void Event(const std::string& server, const std::string& op, const std::string& id,
           const std::string& on, std::vector<std::string> options = {}) {
  std::vector<std::string> args = {op, id, "--on", on};
  args.insert(args.end(), options.begin(), options.end());
  Ok(server, args);
}

// The hand-made year, on a daemon whose manual clock starts 2011-12-01;
// leaves the clock at 2012-12-31.
//   R1 台安县 210321 自然人 in person, received 2011-12-20, decided
//      2012-01-10 部分公开; reconsideration filed 2012-02-01, upheld 2012-03-01.
//   R2 教育局 21030003 商业企业 online, received 2011-12-20, granted 2011-12-28.
//   R3 铁东区 210302 科研机构 online, 2012-03-01, withdrawn 2012-03-05.
//   R4 台安县 210321 社会公益组织 in person, 2012-04-10, granted on the spot;
//      litigation filed 2012-06-01, pending.
//   R5 教育局 21030003 法律服务机构 by email, 2012-12-20, open.
//   R6 海城市 210381 其他 by registered mail, 2012-05-02; correction asked
//      2012-05-03 (5 working days), lapsed.
//   R7 铁东区 210302 商业企业 by ordinary mail, 2012-06-01; fee 12.50 yuan
//      noticed 2012-06-04, paid 2012-06-06; granted 2012-06-08.
void SmallYear(const std::string& server) {
  AdvanceTo(server, "2011-12-28");
  const std::string r1 = Intake(server, "210321", "natural_person", "in_person", "2011-12-20");
  const std::string r2 = Intake(server, "21030003", "business", "online", "2011-12-20");
  Event(server, "decide", r2, "2011-12-28", {"--outcome", "granted"});
  AdvanceTo(server, "2012-12-31");
  Event(server, "decide", r1, "2012-01-10", {"--outcome", "partly_granted"});
  Event(server, "appeal", r1, "2012-02-01", {"--kind", "reconsideration"});
  Event(server, "appeal-resolve", r1, "2012-03-01", {"--result", "upheld"});
  const std::string r3 = Intake(server, "210302", "research", "online", "2012-03-01");
  Event(server, "withdraw", r3, "2012-03-05");
  const std::string r4 =
      Intake(server, "210321", "nonprofit", "in_person", "2012-04-10", "granted");
  Event(server, "appeal", r4, "2012-06-01", {"--kind", "litigation"});
  Intake(server, "21030003", "legal_services", "email", "2012-12-20");
  const std::string r6 = Intake(server, "210381", "other_org", "registered_mail", "2012-05-02");
  Event(server, "correction-request", r6, "2012-05-03", {"--window", "5"});
  // The first working day after the 5 to correct: 05-04 (1), 05-07..11 (6).
  Event(server, "correction-lapse", r6, "2012-05-11");
  const std::string r7 = Intake(server, "210302", "business", "ordinary_mail", "2012-06-01");
  Event(server, "fee-notice", r7, "2012-06-04", {"--amount", "12.50"});
  Event(server, "fee-paid", r7, "2012-06-06");
  Event(server, "decide", r7, "2012-06-08", {"--outcome", "granted"});
}

// The non-zero rows of the small year's 2012 report for everything.
std::map<std::string, Row> SmallYear2012() {
  return {{kReceived, {0, 1, 1, 1, 1, 1, 5}},     {kCarriedIn, {1, 0, 0, 0, 0, 0, 1}},
          {kGranted, {0, 1, 0, 1, 0, 0, 2}},      {kPartly, {1, 0, 0, 0, 0, 0, 1}},
          {kNoCorrection, {0, 0, 0, 0, 0, 1, 1}}, {kOther, {0, 0, 1, 0, 0, 0, 1}},
          {kTotal, {1, 1, 1, 1, 0, 1, 5}},        {kCarriedOut, {0, 0, 0, 0, 1, 0, 1}}};
}

json Report(const std::string& server, int year, const std::string& agency = "",
            bool verify = false) {
  std::vector<std::string> args = {"report",   "annual", "--year", std::to_string(year),
                                   "--format", "json"};
  if (!agency.empty()) args.insert(args.end(), {"--agency", agency});
  if (verify) args.push_back("--verify");
  const ProcessResult r = RunClient(server, args);
  INFO(Describe(r));
  REQUIRE(r.exit_code == 0);
  const json parsed = json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  REQUIRE(parsed.is_object());
  return parsed;
}

// Checks table 三 of a JSON report: the statutory rows in order, and the
// figures of `nonzero` (every other row zero).
void CheckTable3(const json& report, const std::map<std::string, Row>& nonzero) {
  const json& rows = report.at("table3");
  REQUIRE(rows.size() == StatutoryRows().size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& [label, header] = StatutoryRows()[i];
    INFO("row " << i << ": " << label);
    CHECK(rows[i].at("label") == label);
    CHECK(rows[i].at("header") == header);
    if (header) continue;
    Row figures;
    for (const char* column : kColumns) figures.push_back(rows[i].at(column).get<int64_t>());
    CHECK(figures == (nonzero.count(label) ? nonzero.at(label) : kZero));
  }
}

// {upheld, corrected, other, pending, total}.
void CheckAppeals(const json& report, const std::string& kind, const Row& expected) {
  INFO(kind);
  const json& a = report.at("table4").at(kind);
  Row figures;
  for (const char* key : {"upheld", "corrected", "other", "pending", "total"}) {
    figures.push_back(a.at(key).get<int64_t>());
  }
  CHECK(figures == expected);
}

std::string Join(const Row& row, const std::string& separator) {
  std::string text;
  for (int64_t value : row) text += separator + std::to_string(value);
  return text;
}

DaemonOptions StartingOn(const std::string& date) {
  DaemonOptions options;
  options.clock = "manual:" + date;
  return options;
}

TEST_CASE(
    "The 2021 report of a small year counts every table 三 row by applicant column, "
    "table 四, the fee, and checks the identity",
    "[e2e][report]") {
  DaemonProcess daemon(StartingOn("2011-12-01"));
  const std::string server = daemon.Start();
  SmallYear(server);

  const json report = Report(server, 2012);
  CHECK(report.at("year") == 2012);
  CheckTable3(report, SmallYear2012());
  CheckAppeals(report, "reconsideration", {1, 0, 0, 0, 1});
  CheckAppeals(report, "litigation", {0, 0, 0, 1, 1});
  CheckAppeals(report, "litigation_after_reconsideration", {0, 0, 0, 0, 0});
  CHECK(
      report.at("identity") ==
      json{{"received", 5}, {"carried_in", 1}, {"closed", 5}, {"carried_out", 1}, {"holds", true}});
  CHECK(report.at("fees_fen") == 1250);
  CHECK(report.at("received_by_channel") == json{{"in_person", 1},
                                                 {"registered_mail", 1},
                                                 {"ordinary_mail", 1},
                                                 {"online", 1},
                                                 {"email", 1}});

  // 2011: two received, one granted, one carried into 2012.
  const json before = Report(server, 2011);
  CheckTable3(before, {{kReceived, {1, 1, 0, 0, 0, 0, 2}},
                       {kGranted, {0, 1, 0, 0, 0, 0, 1}},
                       {kTotal, {0, 1, 0, 0, 0, 0, 1}},
                       {kCarriedOut, {1, 0, 0, 0, 0, 0, 1}}});
  // 2013: R5 carried in and still open; the litigation still pending.
  const json after = Report(server, 2013);
  CheckTable3(after, {{kCarriedIn, {0, 0, 0, 0, 1, 0, 1}}, {kCarriedOut, {0, 0, 0, 0, 1, 0, 1}}});
  CheckAppeals(after, "litigation", {0, 0, 0, 1, 1});
  CheckAppeals(after, "reconsideration", {0, 0, 0, 0, 0});
  CHECK(after.at("fees_fen") == 0);
}

TEST_CASE(
    "The report's --agency option reports the agency's whole subtree: the city with its counties "
    "and "
    "departments, a county alone, a department alone",
    "[e2e][report]") {
  DaemonProcess daemon(StartingOn("2011-12-01"));
  const std::string server = daemon.Start();
  SmallYear(server);

  const json everything = Report(server, 2012);
  const json city = Report(server, 2012, "210300");
  CHECK(city.at("table3") == everything.at("table3"));
  CHECK(city.at("table4") == everything.at("table4"));
  CHECK(city.at("fees_fen") == 1250);
  CHECK(city.at("agency") == "210300");

  const json county = Report(server, 2012, "210321");  // 台安县: R1 and R4.
  CheckTable3(county, {{kReceived, {0, 0, 0, 1, 0, 0, 1}},
                       {kCarriedIn, {1, 0, 0, 0, 0, 0, 1}},
                       {kGranted, {0, 0, 0, 1, 0, 0, 1}},
                       {kPartly, {1, 0, 0, 0, 0, 0, 1}},
                       {kTotal, {1, 0, 0, 1, 0, 0, 2}}});
  CheckAppeals(county, "reconsideration", {1, 0, 0, 0, 1});
  CheckAppeals(county, "litigation", {0, 0, 0, 1, 1});
  CHECK(county.at("fees_fen") == 0);

  const json other_county = Report(server, 2012, "210302");  // 铁东区: R3 and R7.
  CheckTable3(other_county, {{kReceived, {0, 1, 1, 0, 0, 0, 2}},
                             {kGranted, {0, 1, 0, 0, 0, 0, 1}},
                             {kOther, {0, 0, 1, 0, 0, 0, 1}},
                             {kTotal, {0, 1, 1, 0, 0, 0, 2}}});
  CHECK(other_county.at("fees_fen") == 1250);
  CheckAppeals(other_county, "litigation", {0, 0, 0, 0, 0});

  const json department = Report(server, 2012, "21030003");  // 教育局: R5 (R2 was 2011).
  CheckTable3(department,
              {{kReceived, {0, 0, 0, 0, 1, 0, 1}}, {kCarriedOut, {0, 0, 0, 0, 1, 0, 1}}});
  CheckTable3(Report(server, 2011, "21030003"), {{kReceived, {0, 1, 0, 0, 0, 0, 1}},
                                                 {kGranted, {0, 1, 0, 0, 0, 0, 1}},
                                                 {kTotal, {0, 1, 0, 0, 0, 0, 1}}});
  CheckTable3(Report(server, 2012, "210304"), {});  // 立山区: nothing.

  const ProcessResult unknown =
      RunClient(server, {"report", "annual", "--year", "2012", "--agency", "999999"});
  INFO(Describe(unknown));
  CHECK(unknown.exit_code == 3);
  CHECK(unknown.err.find("999999") != std::string::npos);
  CHECK(unknown.out.empty());
}

TEST_CASE(
    "The CSV of table 三 has the exact header and one line per statutory row, labelled "
    "as DOMAIN.md writes it",
    "[e2e][report]") {
  DaemonProcess daemon(StartingOn("2011-12-01"));
  const std::string server = daemon.Start();
  SmallYear(server);

  const std::map<std::string, Row> nonzero = SmallYear2012();
  std::vector<std::string> expected = {
      "项目,自然人,商业企业,科研机构,社会公益组织,法律服务机构,其他,总计"};
  for (const auto& [label, header] : StatutoryRows()) {
    expected.push_back(label + (header
                                    ? std::string(",,,,,,,")
                                    : Join(nonzero.count(label) ? nonzero.at(label) : kZero, ",")));
  }
  const std::string csv = OkText(server, {"report", "annual", "--year", "2012", "--format", "csv"});
  const std::vector<std::string> table3 = CsvTable(csv, 0);
  CHECK(table3 == expected);
  CHECK(table3.front() == "项目,自然人,商业企业,科研机构,社会公益组织,法律服务机构,其他,总计");
  CHECK(table3[1] == "一、本年新收政府信息公开申请数量,0,1,1,1,1,1,5");
  CHECK(table3.back() == "四、结转下年度继续办理,0,0,0,0,1,0,1");
  CHECK(CsvTable(csv, 1) ==
        std::vector<std::string>{"项目,结果维持,结果纠正,其他结果,尚未审结,总计",
                                 "行政复议,1,0,0,0,1", "行政诉讼·未经复议直接起诉,0,0,0,1,1",
                                 "行政诉讼·复议后起诉,0,0,0,0,0"});

  // The 2008 narrative has no CSV: refused, nothing printed.
  const ProcessResult narrative = RunClient(
      server, {"report", "annual", "--year", "2012", "--style", "2008", "--format", "csv"});
  INFO(Describe(narrative));
  CHECK(narrative.exit_code == 2);
  CHECK(narrative.out.empty());
  CHECK(narrative.err.find("the 2008 style is a narrative and has no CSV") != std::string::npos);
}

TEST_CASE("The xlsx report reads back cell by cell as the CSV says", "[e2e][report]") {
  DaemonProcess daemon(StartingOn("2011-12-01"));
  const std::string server = daemon.Start();
  SmallYear(server);
  const std::string dir = daemon.data_dir() + "/..";
  const std::string xlsx = dir + "/report.xlsx", csv_path = dir + "/report.csv";
  const ProcessResult wrote =
      RunClient(server, {"report", "annual", "--year", "2012", "--format", "xlsx", "--out", xlsx});
  INFO(Describe(wrote));
  REQUIRE(wrote.exit_code == 0);
  {
    std::ofstream(csv_path, std::ios::binary)
        << OkText(server, {"report", "annual", "--year", "2012", "--format", "csv"});
  }
  const ProcessResult check = RunProcess({"/usr/bin/python3", GONGKAI_XLSX_CHECK, xlsx, csv_path});
  if (check.exit_code == 77) {
    WARN("the xlsx read-back is skipped: " << check.err);
    return;
  }
  INFO(Describe(check));
  CHECK(check.exit_code == 0);

  // xlsx needs a file, and nothing else takes one.
  CHECK(RunClient(server, {"report", "annual", "--year", "2012", "--format", "xlsx"}).exit_code ==
        2);
  CHECK(RunClient(server, {"report", "annual", "--year", "2012", "--out", xlsx}).exit_code == 2);
}

TEST_CASE("A year with no requests says so instead of a perfect on-time rate", "[e2e][report]") {
  DaemonProcess daemon;
  const std::string server = daemon.Start();
  const std::string text = OkText(server, {"--lang", "zh", "report", "annual", "--year", "2012"});
  CHECK(text.find("没有收到、也没有办理任何政府信息公开申请") != std::string::npos);
  CHECK(text.find("本年度没有办结的申请") != std::string::npos);
  CHECK(text.find("0 of 0") == std::string::npos);
  CHECK(text.find("100.0%") == std::string::npos);
}

TEST_CASE(
    "The text and markdown reports print tables 三 and 四 and the identity "
    "一 + 二 = 三（七）总计 + 四",
    "[e2e][report]") {
  DaemonProcess daemon(StartingOn("2011-12-01"));
  const std::string server = daemon.Start();
  SmallYear(server);

  const std::string text = OkText(server, {"report", "annual", "--year", "2012"});
  INFO(text);
  CHECK(text.find("三、收到和处理政府信息公开申请情况") != std::string::npos);
  CHECK(text.find("四、政府信息公开行政复议、行政诉讼情况") != std::string::npos);
  CHECK(text.find("项目\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计\n") !=
        std::string::npos);
  for (const auto& [label, row] : SmallYear2012()) {
    CHECK(text.find("\n" + label + Join(row, "\t") + "\n") != std::string::npos);
  }
  CHECK(text.find("\n（三）不予公开\t\t\t\t\t\t\t\n") != std::string::npos);
  CHECK(text.find("结果维持\t结果纠正\t其他结果\t尚未审结\t总计") != std::string::npos);
  CHECK(text.find("\n行政复议\t1\t0\t0\t0\t1\n") != std::string::npos);
  CHECK(text.find("未经复议直接起诉\t0\t0\t0\t1\t1\n") != std::string::npos);
  CHECK(text.find("复议后起诉\t0\t0\t0\t0\t0\n") != std::string::npos);
  CHECK(text.find("一 + 二 = 三（七）总计 + 四: 5 + 1 = 5 + 1 ✓ holds") != std::string::npos);

  const std::string md = OkText(server, {"report", "annual", "--year", "2012", "--format", "md"});
  INFO(md);
  CHECK(
      md.find(
          "| 项目 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |") !=
      std::string::npos);
  CHECK(md.find("| 一、本年新收政府信息公开申请数量 | 0 | 1 | 1 | 1 | 1 | 1 | 5 |") !=
        std::string::npos);
  CHECK(md.find("| 四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 1 | 0 | 1 |") != std::string::npos);
  CHECK(md.find("| 行政复议 | 1 | 0 | 0 | 0 | 1 |") != std::string::npos);
  CHECK(md.find("5 + 1 = 5 + 1 ✓ holds") != std::string::npos);
}

TEST_CASE(
    "The 2008-style report tells the year as the seed does: receipts by channel, "
    "outcomes in 2008 words, the fee, reconsiderations and suits",
    "[e2e][report]") {
  DaemonProcess daemon(StartingOn("2011-12-01"));
  const std::string server = daemon.Start();
  SmallYear(server);

  const std::string text = OkText(
      server, {"report", "annual", "--year", "2012", "--style", "2008", "--agency", "210300"});
  INFO(text);
  CHECK(text.find("三、政府信息依申请公开情况") != std::string::npos);
  CHECK(text.find("2012年，全市依法受理政府信息公开申请5条") != std::string::npos);
  CHECK(text.find("当面受理1条") != std::string::npos);
  CHECK(text.find("信件受理2条") != std::string::npos);  // Registered and ordinary mail.
  CHECK(text.find("同意公开2条") != std::string::npos);
  CHECK(text.find("部分公开1条") != std::string::npos);
  CHECK(text.find("四、政府信息公开的收费及减免情况") != std::string::npos);
  CHECK(text.find("12.50元") != std::string::npos);
  CHECK(text.find("没有对政府信息公开申请人收取费用") == std::string::npos);
  CHECK(text.find("五、因政府信息公开申请行政复议、提起行政诉讼情况") != std::string::npos);
  CHECK(text.find("行政复议1件") != std::string::npos);
  CHECK(text.find("行政诉讼1件") != std::string::npos);

  // 2013: nothing received, no fee, no appeal.
  const std::string quiet = OkText(
      server, {"report", "annual", "--year", "2013", "--style", "2008", "--agency", "210300"});
  INFO(quiet);
  CHECK(quiet.find("依法受理政府信息公开申请0条") != std::string::npos);
  CHECK(quiet.find("全市没有对政府信息公开申请人收取费用") != std::string::npos);
}

TEST_CASE("report annual refuses a bad --style, --format or --year with exit code 2",
          "[e2e][report]") {
  DaemonProcess daemon;
  const std::string server = daemon.Start();
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"report", "annual", "--year", "2012", "--style", "2019"},
        std::vector<std::string>{"report", "annual", "--year", "2012", "--format", "xml"},
        std::vector<std::string>{"report", "annual"},
        std::vector<std::string>{"report", "annual", "--year", "twelve"},
        std::vector<std::string>{"report", "yearly", "--year", "2012"}}) {
    const ProcessResult r = RunClient(server, args);
    INFO(Describe(r));
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK_FALSE(r.err.empty());
  }
}

TEST_CASE(
    "The report's --verify agrees with the event log on a sound ledger and fails loudly, naming "
    "the "
    "counter, when a stored counter differs",
    "[e2e][report]") {
  DaemonProcess daemon(StartingOn("2011-12-01"));
  std::string server = daemon.Start();
  SmallYear(server);

  CHECK(Report(server, 2012, "", /*verify=*/true).at("verified") == true);
  const std::string text = OkText(server, {"report", "annual", "--year", "2012", "--verify"});
  CHECK(text.find("verified: the counters agree with the event log") != std::string::npos);
  Report(server, 2012, "210321", /*verify=*/true);

  // Damage one counter while the daemon is stopped: 台安县 received a natural
  // person's request in 2012 that no event records.
  REQUIRE(daemon.Terminate() == 0);
  {
    auto store = RocksStore::Open(daemon.data_dir());
    INFO((store.ok() ? "" : store.status().message()));
    REQUIRE(store.ok());
    WriteSet damage;
    damage.AddCounter("210321|2012|received|natural_person", 1);
    REQUIRE((*store)->Write(damage, /*sync=*/true).ok());
  }
  server = daemon.Restart();

  for (const std::vector<std::string>& scope :
       {std::vector<std::string>{}, std::vector<std::string>{"--agency", "210321"},
        std::vector<std::string>{"--agency", "210300"}}) {
    std::vector<std::string> args = {"report", "annual", "--year", "2012", "--verify"};
    args.insert(args.end(), scope.begin(), scope.end());
    const ProcessResult r = RunClient(server, args);
    INFO(Describe(r));
    CHECK(r.exit_code != 0);
    CHECK(r.exit_code == 3);
    CHECK(r.out.empty());
    CHECK(r.err.find("differ from the event log") != std::string::npos);
    CHECK(r.err.find("210321|2012|received|natural_person: stored 1, recomputed 0") !=
          std::string::npos);
  }
  // The JSON format fails the same way.
  const ProcessResult as_json =
      RunClient(server, {"report", "annual", "--year", "2012", "--format", "json", "--verify"});
  INFO(Describe(as_json));
  CHECK(as_json.exit_code == 3);
  CHECK(as_json.out.empty());
  // Another subtree still verifies; without --verify the stored figures show.
  Report(server, 2012, "210302", /*verify=*/true);
  const json unverified = Report(server, 2012, "210321");
  CHECK(unverified.at("table3").at(0).at("自然人") == 1);
}

TEST_CASE(
    "A locked year refuses events and intakes dated in it with exit code 3, while other "
    "years go on; the current and future years cannot be locked",
    "[e2e][report]") {
  DaemonProcess daemon(StartingOn("2012-12-20"));
  std::string server = daemon.Start();
  const std::string open = Intake(server, "210321", "natural_person", "in_person", "2012-12-20");
  const std::string decided = Intake(server, "210302", "business", "online", "2012-12-20");
  Event(server, "decide", decided, "2012-12-20", {"--outcome", "granted"});

  auto refused = [&](const std::vector<std::string>& args, const std::string& words) {
    const ProcessResult r = RunClient(server, args);
    INFO(Describe(r));
    CHECK(r.exit_code == 3);
    CHECK(r.out.empty());
    CHECK(r.err.find(words) != std::string::npos);
  };
  // 2012 is the current year: it has not ended.
  refused({"report", "lock", "--year", "2012"}, "2012");
  refused({"report", "lock", "--year", "2013"}, "2013");

  AdvanceTo(server, "2013-01-10");
  refused({"report", "lock", "--year", "2013"}, "2013");  // Current.
  refused({"report", "lock", "--year", "2014"}, "2014");  // Future.
  const json before = Report(server, 2012);

  const ProcessResult lock = RunClient(server, {"report", "lock", "--year", "2012"});
  INFO(Describe(lock));
  REQUIRE(lock.exit_code == 0);
  CHECK(lock.out.find("locked 2012") != std::string::npos);

  // Dated in 2012: refused, saying the year is locked.
  refused({"decide", open, "--on", "2012-12-28", "--outcome", "granted"}, "locked");
  refused({"deliver", decided, "--on", "2012-12-21"}, "locked");
  refused({"intake", "--agency", "210300", "--channel", "in_person", "--received", "2012-12-31",
           "--applicant-type", "natural_person", "--applicant", "迟到者", "--subject", "x"},
          "locked");
  refused({"intake", "--agency", "210300", "--channel", "in_person", "--received", "2012-12-31",
           "--applicant-type", "natural_person", "--applicant", "迟到者", "--subject", "x"},
          "2012");
  refused({"report", "lock", "--year", "2012"}, "already locked");
  // The published figures did not move.
  CHECK(Report(server, 2012) == before);

  // Dated in 2013: recorded.
  Event(server, "decide", open, "2013-01-08", {"--outcome", "granted"});
  Event(server, "deliver", decided, "2013-01-09");
  Intake(server, "210300", "research", "fax", "2013-01-10");
  const json report = Report(server, 2013, "", /*verify=*/true);
  CheckTable3(report, {{kReceived, {0, 0, 1, 0, 0, 0, 1}},
                       {kCarriedIn, {1, 0, 0, 0, 0, 0, 1}},
                       {kGranted, {1, 0, 0, 0, 0, 0, 1}},
                       {kTotal, {1, 0, 0, 0, 0, 0, 1}},
                       {kCarriedOut, {0, 0, 1, 0, 0, 0, 1}}});
  // The locked year's report still reads, and its carry-out is unchanged.
  CHECK(Report(server, 2012, "", /*verify=*/true).at("table3") == before.at("table3"));

  // An earlier year can be locked too; the lock survives a restart.
  REQUIRE(RunClient(server, {"report", "lock", "--year", "2011"}).exit_code == 0);
  server = daemon.Restart();
  refused({"intake", "--agency", "210300", "--channel", "in_person", "--received", "2012-06-01",
           "--applicant-type", "natural_person", "--applicant", "迟到者", "--subject", "x"},
          "locked");
  refused({"intake", "--agency", "210300", "--channel", "in_person", "--received", "2011-06-01",
           "--applicant-type", "natural_person", "--applicant", "迟到者", "--subject", "x"},
          "locked");
  Intake(server, "210300", "business", "online", "2013-01-10");
}

}  // namespace
}  // namespace gongkai::e2e
