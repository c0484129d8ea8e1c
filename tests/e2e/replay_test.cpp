// gongkai generate and gongkai replay through the real gongkaid and gongkai
// processes, then gongkai report annual compared with figures the test
// computes on its own from the JSONL lines it sent, by DOMAIN.md's rules:
//   一  a request counts in the year it was received;
//   二  received in an earlier year and still open on 1 January;
//   三  closed in the year, by outcome: a decision, an on-the-spot answer, a
//       withdrawal (3.其他), a correction lapse (other_no_correction), a fee
//       lapse (other_fee_unpaid); （七）总计 is their sum;
//   四  received by 31 December and still open then;
//   table 四: appeals resolved in the year by result, and those filed by
//       31 December and not resolved by then (尚未审结);
//   fees: paid in the year.
// The agency registry's parent column gives the subtrees.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "engine/date.h"
#include "tests/e2e/client_calls.h"
#include "tests/e2e/daemon_process.h"
#include "tests/e2e/reference_calendar.h"

namespace gongkai::e2e {
namespace {

using nlohmann::json;
using Row = std::vector<int64_t>;  // 自然人 .. 其他, 总计.

const char* const kColumns[] = {"自然人",       "商业企业", "科研机构", "社会公益组织",
                                "法律服务机构", "其他",     "总计"};
const std::vector<std::string> kApplicants = {"natural_person", "business",       "research",
                                              "nonprofit",      "legal_services", "other_org"};
constexpr const char* kReceived = "一、本年新收政府信息公开申请数量";
constexpr const char* kCarriedIn = "二、上年结转政府信息公开申请数量";
constexpr const char* kTotal = "（七）总计";
constexpr const char* kCarriedOut = "四、结转下年度继续办理";

// DOMAIN.md, "Outcomes": each code with its row label, in statutory order,
// and the headings before their groups.
struct OutcomeRow {
  std::string code;
  std::string label;
  std::string heading;  // Printed before this row when not empty.
};
const std::vector<OutcomeRow>& Outcomes() {
  static const std::vector<OutcomeRow> rows = {
      {"granted", "（一）予以公开", ""},
      {"partly_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ""},
      {"refused_state_secret", "1.属于国家秘密", "（三）不予公开"},
      {"refused_other_law", "2.其他法律行政法规禁止公开", ""},
      {"refused_security_stability", "3.危及“三安全一稳定”", ""},
      {"refused_third_party", "4.保护第三方合法权益", ""},
      {"refused_internal_affairs", "5.属于三类内部事务信息", ""},
      {"refused_process_info", "6.属于四类过程性信息", ""},
      {"refused_enforcement_file", "7.属于行政执法案卷", ""},
      {"refused_inquiry_matter", "8.属于行政查询事项", ""},
      {"unable_not_held", "1.本机关不掌握相关政府信息", "（四）无法提供"},
      {"unable_needs_creation", "2.没有现成信息需要另行制作", ""},
      {"unable_still_unclear", "3.补正后申请内容仍不明确", ""},
      {"not_processed_complaint", "1.信访举报投诉类申请", "（五）不予处理"},
      {"not_processed_repeat", "2.重复申请", ""},
      {"not_processed_publication", "3.要求提供公开出版物", ""},
      {"not_processed_excessive", "4.无正当理由大量反复申请", ""},
      {"not_processed_confirmation", "5.要求行政机关确认或重新出具已获取信息", ""},
      {"other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
       "（六）其他处理"},
      {"other_fee_unpaid",
       "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", ""},
      {"other", "3.其他", ""},
  };
  return rows;
}

// Table 三's labels in order; true for headings.
std::vector<std::pair<std::string, bool>> StatutoryRows() {
  std::vector<std::pair<std::string, bool>> rows = {
      {kReceived, false}, {kCarriedIn, false}, {"三、本年度办理结果", true}};
  for (const auto& outcome : Outcomes()) {
    if (!outcome.heading.empty()) rows.emplace_back(outcome.heading, true);
    rows.emplace_back(outcome.label, false);
  }
  rows.emplace_back(kTotal, false);
  rows.emplace_back(kCarriedOut, false);
  return rows;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Date DateOf(const json& line, const char* field = "on") {
  auto date = ParseDate(line.at(field).get<std::string>());
  REQUIRE(date.ok());
  return *date;
}

// "35.50" yuan -> 3550 fen.
int64_t Fen(const std::string& yuan) {
  const size_t dot = yuan.find('.');
  std::string cents = dot == std::string::npos ? "" : yuan.substr(dot + 1);
  cents.resize(2, '0');
  return std::stoll(yuan.substr(0, dot)) * 100 + std::stoll(cents);
}

// The agency registry: code -> parent code.
std::map<std::string, std::string> Parents() {
  std::map<std::string, std::string> parents;
  std::istringstream in(ReadFile(AgenciesPath()));
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    std::istringstream columns(line);
    for (std::string field; std::getline(columns, field, '\t');) fields.push_back(field);
    REQUIRE(fields.size() >= 3);
    parents[fields[0]] = fields[2];
  }
  return parents;
}

// True when `code` is `root` or under it; every agency is under "".
bool InSubtree(const std::string& code, const std::string& root,
               const std::map<std::string, std::string>& parents) {
  if (root.empty()) return true;
  for (std::string at = code; !at.empty();) {
    if (at == root) return true;
    auto it = parents.find(at);
    if (it == parents.end()) return false;
    at = it->second;
  }
  return false;
}

struct Appeal {
  std::string kind;
  Date filed;
  std::optional<Date> resolved;
  std::string result;
};

struct Request {
  std::string agency, applicant, channel;
  Date received;
  std::optional<Date> closed;
  std::string outcome;
  int64_t fee_noticed_fen = 0;
  std::optional<Date> fee_paid;
  std::vector<Appeal> appeals;
};

// What the JSONL lines say happened, by the file's own refs.
std::map<std::string, Request> History(const std::vector<std::string>& lines) {
  std::map<std::string, Request> requests;
  for (const std::string& text : lines) {
    INFO(text);
    const json line = json::parse(text);
    const std::string op = line.at("op");
    if (op == "clock") continue;
    const std::string ref = line.at("ref");
    const Date on = DateOf(line);
    if (op == "intake") {
      REQUIRE(requests.count(ref) == 0);
      Request& r = requests[ref];
      r.agency = line.at("agency");
      r.applicant = line.at("applicant_type");
      r.channel = line.at("channel");
      r.received = on;
      if (line.contains("on_the_spot")) {
        r.closed = on;
        r.outcome = line.at("on_the_spot");
      }
      continue;
    }
    REQUIRE(requests.count(ref) == 1);
    Request& r = requests.at(ref);
    auto close = [&](const std::string& outcome) {
      REQUIRE_FALSE(r.closed.has_value());
      r.closed = on;
      r.outcome = outcome;
    };
    if (op == "decide") {
      close(line.at("outcome"));
    } else if (op == "withdraw") {
      close("other");
    } else if (op == "correction-lapse") {
      close("other_no_correction");
    } else if (op == "fee-lapse") {
      close("other_fee_unpaid");
    } else if (op == "fee-notice") {
      r.fee_noticed_fen = Fen(line.at("amount"));
    } else if (op == "fee-paid") {
      r.fee_paid = on;
    } else if (op == "appeal") {
      r.appeals.push_back({line.at("kind"), on, std::nullopt, ""});
    } else if (op == "appeal-resolve") {
      const std::string kind = line.value("kind", "");
      std::vector<Appeal*> pending;
      for (Appeal& a : r.appeals) {
        if (!a.resolved && (kind.empty() || a.kind == kind)) pending.push_back(&a);
      }
      REQUIRE(pending.size() == 1);
      pending.front()->resolved = on;
      pending.front()->result = line.at("result");
    } else {
      const std::set<std::string> no_count = {
          "deliver", "consult-start",      "consult-end",
          "extend",  "correction-request", "correction-receive"};
      INFO("op " << op);
      REQUIRE(no_count.count(op) == 1);
    }
  }
  return requests;
}

struct AppealFigures {
  int64_t upheld = 0, corrected = 0, other = 0, pending = 0;
  Row Figures() const {
    return {upheld, corrected, other, pending, upheld + corrected + other + pending};
  }
};

struct Expected {
  std::map<std::string, Row> rows;  // Every non-heading row.
  std::map<std::string, AppealFigures> appeals;
  int64_t fees_fen = 0;
};

void Add(Row& row, size_t column) {
  ++row[column];
  ++row[6];
}

// The report of `year` for the subtree of `root` ("" for everything).
Expected Compute(const std::map<std::string, Request>& requests, int year, const std::string& root,
                 const std::map<std::string, std::string>& parents) {
  Expected e;
  for (const auto& [label, heading] : StatutoryRows()) {
    if (!heading) e.rows[label] = Row(7, 0);
  }
  for (const char* kind : {"reconsideration", "litigation", "litigation_after_reconsideration"}) {
    e.appeals[kind] = {};
  }
  std::map<std::string, std::string> label_of;
  for (const auto& outcome : Outcomes()) label_of[outcome.code] = outcome.label;
  const Date first = MakeDate(year, 1, 1), last = MakeDate(year, 12, 31);
  for (const auto& [ref, r] : requests) {
    if (!InSubtree(r.agency, root, parents)) continue;
    INFO(ref);
    const auto column = size_t(std::find(kApplicants.begin(), kApplicants.end(), r.applicant) -
                               kApplicants.begin());
    REQUIRE(column < kApplicants.size());
    if (YearOf(r.received) == year) Add(e.rows[kReceived], column);
    if (r.received < first && (!r.closed || *r.closed >= first)) Add(e.rows[kCarriedIn], column);
    if (r.closed && YearOf(*r.closed) == year) {
      REQUIRE(label_of.count(r.outcome) == 1);
      Add(e.rows[label_of[r.outcome]], column);
      Add(e.rows[kTotal], column);
    }
    if (r.received <= last && (!r.closed || *r.closed > last)) Add(e.rows[kCarriedOut], column);
    if (r.fee_paid && YearOf(*r.fee_paid) == year) e.fees_fen += r.fee_noticed_fen;
    for (const Appeal& a : r.appeals) {
      AppealFigures& f = e.appeals.at(a.kind);
      if (a.resolved && YearOf(*a.resolved) == year) {
        (a.result == "upheld" ? f.upheld : a.result == "corrected" ? f.corrected : f.other) += 1;
      }
      if (a.filed <= last && (!a.resolved || *a.resolved > last)) ++f.pending;
    }
  }
  return e;
}

void CheckJson(const json& report, const Expected& e) {
  const auto statutory = StatutoryRows();
  const json& rows = report.at("table3");
  REQUIRE(rows.size() == statutory.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& [label, heading] = statutory[i];
    INFO("row " << i << ": " << label);
    CHECK(rows[i].at("label") == label);
    CHECK(rows[i].at("header") == heading);
    if (heading) continue;
    Row figures;
    for (const char* column : kColumns) figures.push_back(rows[i].at(column).get<int64_t>());
    CHECK(figures == e.rows.at(label));
  }
  for (const auto& [kind, figures] : e.appeals) {
    INFO("table 四: " << kind);
    const json& a = report.at("table4").at(kind);
    Row got;
    for (const char* key : {"upheld", "corrected", "other", "pending", "total"}) {
      got.push_back(a.at(key).get<int64_t>());
    }
    CHECK(got == figures.Figures());
  }
  CHECK(report.at("fees_fen") == e.fees_fen);
  const json& identity = report.at("identity");
  CHECK(identity.at("received") == e.rows.at(kReceived)[6]);
  CHECK(identity.at("carried_in") == e.rows.at(kCarriedIn)[6]);
  CHECK(identity.at("closed") == e.rows.at(kTotal)[6]);
  CHECK(identity.at("carried_out") == e.rows.at(kCarriedOut)[6]);
  CHECK(identity.at("holds") == true);
}

std::vector<std::string> ExpectedCsv(const Expected& e) {
  std::vector<std::string> lines = {
      "项目,自然人,商业企业,科研机构,社会公益组织,法律服务机构,其他,总计"};
  for (const auto& [label, heading] : StatutoryRows()) {
    std::string line = label;
    for (size_t column = 0; column < 7; ++column) {
      line += ',';
      if (!heading) line += std::to_string(e.rows.at(label)[column]);
    }
    lines.push_back(line);
  }
  return lines;
}

json ReportJson(const std::string& server, int year, const std::string& agency) {
  std::vector<std::string> args = {"report",   "annual", "--year", std::to_string(year),
                                   "--format", "json"};
  if (!agency.empty()) args.insert(args.end(), {"--agency", agency});
  const ProcessResult r = RunClient(server, args);
  INFO(Describe(r));
  REQUIRE(r.exit_code == 0);
  const json parsed = json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  REQUIRE(parsed.is_object());
  return parsed;
}

// gongkai generate into a file of the daemon's temporary directory; returns
// the path.
std::string Generate(const DaemonProcess& daemon, const std::string& profile, int seed) {
  const std::string path = (std::filesystem::path(daemon.data_dir()).parent_path() /
                            (profile + "-" + std::to_string(seed) + ".jsonl"))
                               .string();
  const ProcessResult r = RunProcess({CliPath(), "generate", "--profile", profile, "--year", "2012",
                                      "--seed", std::to_string(seed), "--out", path});
  INFO(Describe(r));
  REQUIRE(r.exit_code == 0);
  return path;
}

// gongkai replay FILE: requires exit 0 and a summary naming every line and
// request.
void Replay(const std::string& server, const std::string& path, size_t lines, size_t requests) {
  const ProcessResult r = RunClient(server, {"--json", "replay", path});
  INFO(Describe(r));
  REQUIRE(r.exit_code == 0);
  const json summary = json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  REQUIRE(summary.is_object());
  CHECK(summary.at("lines") == lines);
  CHECK(summary.at("requests") == requests);
  CHECK(summary.at("today") == "2012-12-31");
}

DaemonOptions StartingOn(const std::string& date) {
  DaemonOptions options;
  options.clock = "manual:" + date;
  return options;
}

TEST_CASE(
    "A generated full year replayed into gongkaid gives the table 三, table 四 and fees "
    "the test computes from the lines it sent, for everything and for a county",
    "[e2e][replay][report]") {
  DaemonProcess daemon(StartingOn("2011-12-01"));
  const std::string server = daemon.Start();
  const std::string path = Generate(daemon, "full", 17);
  const std::vector<std::string> lines = Lines(ReadFile(path));
  REQUIRE(lines.size() > 50);
  REQUIRE(json::parse(lines.front()).at("on") >= "2011-12-01");  // The clock only goes forward.
  const auto requests = History(lines);
  const auto parents = Parents();

  // The profile covers what it promises (the test is only as good as its
  // input): every outcome closed in 2012, every applicant type received in
  // 2012, a fee paid, carry-over from 2011 and into 2013, every appeal kind
  // and a pending one.
  {
    std::set<std::string> outcomes, applicants, appeal_kinds;
    int carried_in = 0, carried_out = 0, on_the_spot = 0, pending = 0;
    for (const auto& [ref, r] : requests) {
      if (r.closed && YearOf(*r.closed) == 2012) outcomes.insert(r.outcome);
      if (YearOf(r.received) == 2012) applicants.insert(r.applicant);
      if (YearOf(r.received) == 2011 && r.closed && YearOf(*r.closed) == 2012) ++carried_in;
      if (!r.closed) ++carried_out;
      if (r.closed && *r.closed == r.received) ++on_the_spot;
      for (const Appeal& a : r.appeals) {
        appeal_kinds.insert(a.kind);
        if (!a.resolved) ++pending;
      }
    }
    CHECK(outcomes.size() == Outcomes().size());
    CHECK(applicants.size() == kApplicants.size());
    CHECK(appeal_kinds.size() == 3);
    CHECK(carried_in > 0);
    CHECK(carried_out > 0);
    CHECK(on_the_spot > 0);
    CHECK(pending > 0);
    CHECK(Compute(requests, 2012, "", parents).fees_fen > 0);
  }

  Replay(server, path, lines.size(), requests.size());

  for (const std::string agency : {"", "210321", "210300", "21030001"}) {
    for (int year : {2011, 2012, 2013}) {
      INFO("year " << year << ", agency '" << agency << "'");
      const Expected expected = Compute(requests, year, agency, parents);
      CheckJson(ReportJson(server, year, agency), expected);
    }
  }
  // The county has requests of its own, carried in and out.
  const Expected county = Compute(requests, 2012, "210321", parents);
  CHECK(county.rows.at(kReceived)[6] > 0);
  CHECK(county.rows.at(kCarriedIn)[6] > 0);
  CHECK(county.rows.at(kCarriedOut)[6] > 0);

  for (const std::string agency : {"", "210321"}) {
    INFO("CSV, agency '" << agency << "'");
    std::vector<std::string> args = {"report", "annual", "--year", "2012", "--format", "csv"};
    if (!agency.empty()) args.insert(args.end(), {"--agency", agency});
    const ProcessResult csv = RunClient(server, args);
    INFO(Describe(csv));
    REQUIRE(csv.exit_code == 0);
    CHECK(CsvTable(csv.out, 0) == ExpectedCsv(Compute(requests, 2012, agency, parents)));
  }

  // The identity, printed, with the test's own figures.
  const Expected all = Compute(requests, 2012, "", parents);
  const ProcessResult text = RunClient(server, {"report", "annual", "--year", "2012", "--verify"});
  INFO(Describe(text));
  REQUIRE(text.exit_code == 0);
  const std::string identity =
      "一 + 二 = 三（七）总计 + 四: " + std::to_string(all.rows.at(kReceived)[6]) + " + " +
      std::to_string(all.rows.at(kCarriedIn)[6]) + " = " + std::to_string(all.rows.at(kTotal)[6]) +
      " + " + std::to_string(all.rows.at(kCarriedOut)[6]) + " ✓ holds";
  CHECK(text.out.find(identity) != std::string::npos);
  CHECK(text.out.find("verified") != std::string::npos);
}

TEST_CASE("Replaying the same file again changes nothing", "[e2e][replay]") {
  DaemonProcess daemon(StartingOn("2011-12-01"));
  const std::string server = daemon.Start();
  const std::string path = Generate(daemon, "full", 3);
  const std::vector<std::string> lines = Lines(ReadFile(path));
  const size_t requests = History(lines).size();
  Replay(server, path, lines.size(), requests);
  const json first = ReportJson(server, 2012, "");
  Replay(server, path, lines.size(), requests);
  CHECK(ReportJson(server, 2012, "") == first);
  const ProcessResult list = RunClient(server, {"--json", "list", "--limit", "10000"});
  REQUIRE(list.exit_code == 0);
  CHECK(json::parse(list.out).size() == requests);
}

TEST_CASE(
    "The anshan2012 profile replayed gives the seed's 2008-style figures: 93 requests, 7 in "
    "person, 86 by letter, 58 granted, 35 not held, within 5 working days, no fees, one "
    "reconsideration",
    "[e2e][replay][report]") {
  DaemonProcess daemon(StartingOn("2012-01-01"));
  const std::string server = daemon.Start();
  const std::string path = Generate(daemon, "anshan2012", 1);
  const std::vector<std::string> lines = Lines(ReadFile(path));
  REQUIRE(json::parse(lines.front()).at("on") >= "2012-01-01");
  const auto requests = History(lines);

  // The lines themselves, counted by the test; the working days from receipt
  // to reply with the reference calendar (tests/e2e/reference_calendar.h).
  std::string why_not;
  const std::optional<ReferenceCalendar> reference = ReferenceCalendar::Load(why_not);
  if (!reference) {
    WARN("the mean reply time is not checked against the reference calendar: " << why_not);
  }
  std::map<std::string, int> channels, outcomes;
  int64_t reply_days = 0, replies = 0, fees = 0, reconsiderations = 0, suits = 0;
  for (const auto& [ref, r] : requests) {
    REQUIRE(YearOf(r.received) == 2012);
    ++channels[r.channel == "registered_mail" || r.channel == "ordinary_mail" ? "letter"
                                                                              : r.channel];
    REQUIRE(r.closed.has_value());
    REQUIRE(YearOf(*r.closed) == 2012);
    ++outcomes[r.outcome];
    if (reference) {
      REQUIRE(reference->Covers(r.received));
      REQUIRE(reference->Covers(*r.closed));
      reply_days += reference->WorkingDaysBetween(r.received, *r.closed);
    }
    ++replies;
    fees += r.fee_noticed_fen;
    for (const Appeal& a : r.appeals) ++(a.kind == "reconsideration" ? reconsiderations : suits);
  }
  CHECK(requests.size() == 93);
  CHECK(channels == std::map<std::string, int>{{"in_person", 7}, {"letter", 86}});
  CHECK(outcomes["granted"] == 58);
  CHECK(outcomes["unable_not_held"] + outcomes["unable_needs_creation"] == 35);
  CHECK(outcomes.size() <= 3);
  const double mean = double(reply_days) / double(replies);
  if (reference) {
    CHECK(mean <= 5.0);
    CHECK(int(std::ceil(mean)) == 5);  // "平均在5个工作日内回复".
  }
  CHECK(fees == 0);
  CHECK(reconsiderations == 1);
  CHECK(suits == 0);

  Replay(server, path, lines.size(), 93);

  const ProcessResult r = RunClient(
      server, {"report", "annual", "--year", "2012", "--style", "2008", "--agency", "210300"});
  INFO(Describe(r));
  REQUIRE(r.exit_code == 0);
  const std::string& text = r.out;
  CHECK(text.find("三、政府信息依申请公开情况") != std::string::npos);
  CHECK(text.find("2012年，全市依法受理政府信息公开申请93条") != std::string::npos);
  CHECK(text.find("当面受理7条") != std::string::npos);
  CHECK(text.find("信件受理86条") != std::string::npos);
  CHECK(text.find("同意公开58条") != std::string::npos);
  CHECK(text.find("不属于本行政机关公开或信息不存在35条") != std::string::npos);
  CHECK(text.find("平均在5个工作日内回复") != std::string::npos);
  CHECK(text.find("四、政府信息公开的收费及减免情况") != std::string::npos);
  CHECK(text.find("2012年，全市没有对政府信息公开申请人收取费用") != std::string::npos);
  CHECK(text.find("五、因政府信息公开申请行政复议、提起行政诉讼情况") != std::string::npos);
  CHECK(text.find("行政复议1件") != std::string::npos);
  CHECK(text.find("行政诉讼0件") != std::string::npos);

  const json report = ReportJson(server, 2012, "210300");
  if (reference) CHECK(report.at("mean_reply_days").get<double>() == Approx(mean));
  CHECK(report.at("fees_fen") == 0);
  CHECK(report.at("identity").at("received") == 93);
  CHECK(report.at("identity").at("closed") == 93);
  CHECK(report.at("identity").at("carried_out") == 0);
  CheckJson(report, Compute(requests, 2012, "210300", Parents()));
}

}  // namespace
}  // namespace gongkai::e2e
