// Tests of engine/report.h: the annual report (DOMAIN.md, "The annual
// report") built from hand-made report counters (engine/counters.h): the
// statutory rows and labels of table 三, carry-in and carry-out across
// years, table 四 with appeals pending across years, the reply-time figures
// from the reply_hist counters, the on-time rate, the most late agencies,
// and the exact lines of Table3Csv.
#include "engine/report.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace gongkai {
namespace {

using Counters = std::map<std::string, int64_t>;

// The columns of table 三: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构,
// 其他, 总计.
using Row = std::vector<int64_t>;

// Table 三's rows as DOMAIN.md writes them, in statutory order; true for the
// headings, which carry no figures of their own.
const std::vector<std::pair<std::string, bool>>& StatutoryRows() {
  static const std::vector<std::pair<std::string, bool>> rows = {
      {"一、本年新收政府信息公开申请数量", false},
      {"二、上年结转政府信息公开申请数量", false},
      {"三、本年度办理结果", true},
      {"（一）予以公开", false},
      {"（二）部分公开（区分处理的，只计这一情形，不计其他情形）", false},
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
      {"1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", false},
      {"2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", false},
      {"3.其他", false},
      {"（七）总计", false},
      {"四、结转下年度继续办理", false},
  };
  return rows;
}

// The figures of the row labelled `label`; fails the test when absent.
Row Figures(const AnnualReport& report, const std::string& label) {
  for (const auto& row : report.table3) {
    if (row.label == label) return Row(row.counts.begin(), row.counts.end());
  }
  FAIL("no row labelled " << label);
  return {};
}

// Every row's figures, by label.
std::map<std::string, Row> AllFigures(const AnnualReport& report) {
  std::map<std::string, Row> figures;
  for (const auto& row : report.table3) {
    figures[row.label] = Row(row.counts.begin(), row.counts.end());
  }
  return figures;
}

const Row kZero = {0, 0, 0, 0, 0, 0, 0};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Requests over three agencies and four years:
//   2010: 3 natural persons at the city, 1 business at 铁东区; 1 closed.
//   2011: 1 more of 2010 closed; 2 legal services at 铁东区, 1 closed.
//   -> open on 1 January 2012: 自然人 1, 商业企业 1, 法律服务机构 1.
//   2012: 4 natural persons at the city, 2 other organisations at 海城市;
//         closed: 3 natural persons granted (one from 2010), the 2010
//         business refused as a state secret, 1 other organisation
//         withdrawn (3.其他).
//   -> open on 31 December 2012: 自然人 2, 法律服务机构 1, 其他 1.
//   2013: 5 natural persons received, 2 closed.
Counters CarryCounters() {
  return {
      {"210300|2010|received|natural_person", 3},
      {"210302|2010|received|business", 1},
      {"210300|2010|closed|granted|natural_person", 1},
      {"210300|2011|closed|granted|natural_person", 1},
      {"210302|2011|received|legal_services", 2},
      {"210302|2011|closed|unable_not_held|legal_services", 1},
      {"210300|2012|received|natural_person", 4},
      {"210381|2012|received|other_org", 2},
      {"210300|2012|closed|granted|natural_person", 3},
      {"210302|2012|closed|refused_state_secret|business", 1},
      {"210381|2012|closed|other|other_org", 1},
      {"210300|2013|received|natural_person", 5},
      {"210300|2013|closed|partly_granted|natural_person", 2},
  };
}

TEST_CASE(
    "Table 三 has every statutory row in DOMAIN.md's order and wording, all zero for no "
    "counters",
    "[engine][report]") {
  const AnnualReport report = BuildAnnualReport({}, 2012);
  CHECK(report.year == 2012);
  REQUIRE(report.table3.size() == StatutoryRows().size());
  for (size_t i = 0; i < report.table3.size(); ++i) {
    INFO("row " << i);
    CHECK(report.table3[i].label == StatutoryRows()[i].first);
    CHECK(report.table3[i].header == StatutoryRows()[i].second);
    CHECK(Row(report.table3[i].counts.begin(), report.table3[i].counts.end()) == kZero);
  }
  CHECK(report.received == 0);
  CHECK(report.carried_in == 0);
  CHECK(report.closed == 0);
  CHECK(report.carried_out == 0);
  CHECK(report.identity_holds);
  CHECK(report.on_time_rate == 1.0);
  CHECK(report.mean_reply_days == 0.0);
  CHECK(report.p90_reply_days == 0);
  CHECK(report.most_late_agencies.empty());
  CHECK(report.outcomes_2008.empty());
  CHECK(report.reconsideration.total == 0);
}

TEST_CASE("Each outcome row of table 三 counts the closures of its own outcome code",
          "[engine][report]") {
  const std::vector<std::pair<std::string, std::string>> outcomes = {
      {"granted", "（一）予以公开"},
      {"partly_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"},
      {"refused_state_secret", "1.属于国家秘密"},
      {"refused_other_law", "2.其他法律行政法规禁止公开"},
      {"refused_security_stability", "3.危及“三安全一稳定”"},
      {"refused_third_party", "4.保护第三方合法权益"},
      {"refused_internal_affairs", "5.属于三类内部事务信息"},
      {"refused_process_info", "6.属于四类过程性信息"},
      {"refused_enforcement_file", "7.属于行政执法案卷"},
      {"refused_inquiry_matter", "8.属于行政查询事项"},
      {"unable_not_held", "1.本机关不掌握相关政府信息"},
      {"unable_needs_creation", "2.没有现成信息需要另行制作"},
      {"unable_still_unclear", "3.补正后申请内容仍不明确"},
      {"not_processed_complaint", "1.信访举报投诉类申请"},
      {"not_processed_repeat", "2.重复申请"},
      {"not_processed_publication", "3.要求提供公开出版物"},
      {"not_processed_excessive", "4.无正当理由大量反复申请"},
      {"not_processed_confirmation", "5.要求行政机关确认或重新出具已获取信息"},
      {"other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"},
      {"other_fee_unpaid",
       "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"},
      {"other", "3.其他"},
  };
  const std::vector<std::string> applicants = {"natural_person", "business",       "research",
                                               "nonprofit",      "legal_services", "other_org"};
  // Outcome k closed k + 1 times for applicant column k % 6.
  Counters counters;
  for (size_t k = 0; k < outcomes.size(); ++k) {
    const std::string& applicant = applicants[k % applicants.size()];
    counters["21030003|2012|received|" + applicant] += int64_t(k + 1);
    counters["21030003|2012|closed|" + outcomes[k].first + "|" + applicant] = int64_t(k + 1);
  }
  const AnnualReport report = BuildAnnualReport(counters, 2012);
  Row total = kZero;
  for (size_t k = 0; k < outcomes.size(); ++k) {
    INFO(outcomes[k].first);
    Row expected = kZero;
    expected[k % applicants.size()] = int64_t(k + 1);
    expected[6] = int64_t(k + 1);
    CHECK(Figures(report, outcomes[k].second) == expected);
    total[k % applicants.size()] += int64_t(k + 1);
    total[6] += int64_t(k + 1);
  }
  CHECK(Figures(report, "（七）总计") == total);
  CHECK(Figures(report, "一、本年新收政府信息公开申请数量") == total);
  CHECK(Figures(report, "四、结转下年度继续办理") == kZero);
  CHECK(report.closed == 231);  // 1 + 2 + ... + 21.
  CHECK(report.identity_holds);
}

TEST_CASE(
    "Requests received in two earlier years and open on 1 January are carried in, and "
    "those open on 31 December are carried out",
    "[engine][report]") {
  const AnnualReport report = BuildAnnualReport(CarryCounters(), 2012);
  const auto figures = AllFigures(report);
  CHECK(figures.at("一、本年新收政府信息公开申请数量") == Row{4, 0, 0, 0, 0, 2, 6});
  CHECK(figures.at("二、上年结转政府信息公开申请数量") == Row{1, 1, 0, 0, 1, 0, 3});
  CHECK(figures.at("（一）予以公开") == Row{3, 0, 0, 0, 0, 0, 3});
  CHECK(figures.at("1.属于国家秘密") == Row{0, 1, 0, 0, 0, 0, 1});
  CHECK(figures.at("3.其他") == Row{0, 0, 0, 0, 0, 1, 1});
  CHECK(figures.at("1.本机关不掌握相关政府信息") == kZero);  // Closed in 2011.
  CHECK(figures.at("（二）部分公开（区分处理的，只计这一情形，不计其他情形）") == kZero);  // 2013.
  CHECK(figures.at("（七）总计") == Row{3, 1, 0, 0, 0, 1, 5});
  CHECK(figures.at("四、结转下年度继续办理") == Row{2, 0, 0, 0, 1, 1, 4});
  CHECK(report.received == 6);
  CHECK(report.carried_in == 3);
  CHECK(report.closed == 5);
  CHECK(report.carried_out == 4);
  CHECK(report.identity_holds);  // 6 + 3 = 5 + 4.

  // A year's carry-out is the next year's carry-in.
  const AnnualReport next = BuildAnnualReport(CarryCounters(), 2013);
  CHECK(Figures(next, "二、上年结转政府信息公开申请数量") == Row{2, 0, 0, 0, 1, 1, 4});
  CHECK(Figures(next, "一、本年新收政府信息公开申请数量") == Row{5, 0, 0, 0, 0, 0, 5});
  CHECK(Figures(next, "（七）总计") == Row{2, 0, 0, 0, 0, 0, 2});
  CHECK(Figures(next, "四、结转下年度继续办理") == Row{5, 0, 0, 0, 1, 1, 7});
  CHECK(next.identity_holds);  // 5 + 4 = 2 + 7.

  // 2011: the 2010 requests are carried in, 2011's closures counted.
  const AnnualReport before = BuildAnnualReport(CarryCounters(), 2011);
  CHECK(Figures(before, "二、上年结转政府信息公开申请数量") == Row{2, 1, 0, 0, 0, 0, 3});
  CHECK(Figures(before, "一、本年新收政府信息公开申请数量") == Row{0, 0, 0, 0, 2, 0, 2});
  CHECK(Figures(before, "（七）总计") == Row{1, 0, 0, 0, 1, 0, 2});
  CHECK(Figures(before, "四、结转下年度继续办理") == Row{1, 1, 0, 0, 1, 0, 3});

  // The first year: nothing carried in.
  const AnnualReport first = BuildAnnualReport(CarryCounters(), 2010);
  CHECK(Figures(first, "二、上年结转政府信息公开申请数量") == kZero);
  CHECK(Figures(first, "四、结转下年度继续办理") == Row{2, 1, 0, 0, 0, 0, 3});
}

TEST_CASE(
    "Table 四 counts appeals resolved in the year by result and those pending at its end, "
    "also when filed in an earlier year",
    "[engine][report]") {
  const Counters counters = {
      {"210300|2011|appeal_filed|reconsideration", 2},
      {"210300|2011|appeal_resolved|reconsideration|upheld", 1},
      {"210302|2012|appeal_filed|reconsideration", 1},
      {"210300|2012|appeal_resolved|reconsideration|corrected", 1},
      {"210302|2012|appeal_filed|litigation", 2},
      {"210302|2012|appeal_resolved|litigation|other", 1},
      {"210381|2011|appeal_filed|litigation_after_reconsideration", 1},
      {"210381|2013|appeal_resolved|litigation_after_reconsideration|upheld", 1},
      {"210300|2013|appeal_filed|reconsideration", 4},
  };
  auto check = [](const AppealCounts& a, int64_t upheld, int64_t corrected, int64_t other,
                  int64_t pending) {
    CHECK(a.upheld == upheld);
    CHECK(a.corrected == corrected);
    CHECK(a.other == other);
    CHECK(a.pending == pending);
    CHECK(a.total == upheld + corrected + other + pending);
  };
  {
    const AnnualReport r = BuildAnnualReport(counters, 2011);
    INFO("2011");
    check(r.reconsideration, 1, 0, 0, 1);
    check(r.litigation_direct, 0, 0, 0, 0);
    check(r.litigation_after_reconsideration, 0, 0, 0, 1);
    CHECK(r.reconsiderations_filed == 2);
    CHECK(r.suits_filed == 1);
  }
  {
    const AnnualReport r = BuildAnnualReport(counters, 2012);
    INFO("2012");
    check(r.reconsideration, 0, 1, 0, 1);  // The 2011 one corrected, the 2012 one pending.
    check(r.litigation_direct, 0, 0, 1, 1);
    check(r.litigation_after_reconsideration, 0, 0, 0, 1);  // Filed 2011, still pending.
    CHECK(r.reconsideration.total == 2);
    CHECK(r.reconsiderations_filed == 1);
    CHECK(r.suits_filed == 2);
  }
  {
    const AnnualReport r = BuildAnnualReport(counters, 2013);
    INFO("2013");
    check(r.reconsideration, 0, 0, 0, 5);
    check(r.litigation_direct, 0, 0, 0, 1);
    check(r.litigation_after_reconsideration, 1, 0, 0, 0);
    CHECK(r.reconsiderations_filed == 4);
    CHECK(r.suits_filed == 0);
  }
}

TEST_CASE(
    "The mean and the 90th percentile of reply days come from the year's replied, "
    "reply_days and reply_hist counters of every agency, buckets in numeric order",
    "[engine][report]") {
  SECTION("ten replies over two agencies") {
    // Days taken: 3 x5, 12 x4, 100 x1: mean 163/10, p90 12 (9 of 10 within
    // 12 days). The buckets in text order ("100" < "12" < "3") would give 3.
    const Counters counters = {
        {"210300|2012|replied", 6},
        {"210300|2012|reply_days", 3 * 3 + 12 * 3},
        {"210300|2012|reply_hist|3", 3},
        {"210300|2012|reply_hist|12", 3},
        {"210302|2012|replied", 4},
        {"210302|2012|reply_days", 3 * 2 + 12 + 100},
        {"210302|2012|reply_hist|3", 2},
        {"210302|2012|reply_hist|12", 1},
        {"210302|2012|reply_hist|100", 1},
        // Other years do not count.
        {"210300|2011|replied", 50},
        {"210300|2011|reply_days", 5000},
        {"210300|2011|reply_hist|100", 50},
        {"210300|2013|replied", 1},
        {"210300|2013|reply_days", 1},
        {"210300|2013|reply_hist|1", 1},
    };
    const AnnualReport report = BuildAnnualReport(counters, 2012);
    CHECK(report.replied == 10);
    CHECK(report.mean_reply_days == Approx(16.3));
    CHECK(report.p90_reply_days == 12);
  }
  SECTION("exactly 90% within the lowest bucket") {
    // 18 of 20 within 1 day: the 90th percentile is 1.
    const Counters counters = {
        {"21030001|2012|replied", 20},       {"21030001|2012|reply_days", 18 + 2 + 250},
        {"21030001|2012|reply_hist|1", 18},  {"21030001|2012|reply_hist|2", 1},
        {"21030001|2012|reply_hist|250", 1},
    };
    const AnnualReport report = BuildAnnualReport(counters, 2012);
    CHECK(report.mean_reply_days == Approx(13.5));
    CHECK(report.p90_reply_days == 1);
  }
  SECTION("one more slow reply moves it") {
    // 18 of 21 within 1 day is under 90%: the 19th fastest of 21 took 2.
    const Counters counters = {
        {"21030001|2012|replied", 21},      {"21030001|2012|reply_days", 18 + 2 + 250 + 7},
        {"21030001|2012|reply_hist|1", 18}, {"21030001|2012|reply_hist|2", 1},
        {"21030001|2012|reply_hist|7", 1},  {"21030001|2012|reply_hist|250", 1},
    };
    const AnnualReport report = BuildAnnualReport(counters, 2012);
    CHECK(report.p90_reply_days == 2);
  }
  SECTION("no replies") {
    const AnnualReport report = BuildAnnualReport({{"210300|2012|received|business", 2}}, 2012);
    CHECK(report.replied == 0);
    CHECK(report.mean_reply_days == 0.0);
    CHECK(report.p90_reply_days == 0);
  }
}

TEST_CASE(
    "The on-time rate is the year's closures less its late ones, and the most late "
    "agencies are the top five by late answers, ties in code order",
    "[engine][report]") {
  Counters counters = {
      {"210300|2012|closed|granted|natural_person", 40},
      {"210302|2012|closed|granted|business", 20},
      {"210303|2012|closed|unable_not_held|natural_person", 15},
      {"210304|2012|closed|granted|research", 10},
      {"210311|2012|closed|granted|natural_person", 10},
      {"210321|2012|closed|granted|natural_person", 4},
      {"210381|2012|closed|granted|natural_person", 1},
      {"210300|2012|late", 5},
      {"210302|2012|late", 3},
      {"210303|2012|late", 3},
      {"210304|2012|late", 1},
      {"210311|2012|late", 7},
      {"210321|2012|late", 2},
      // Another year's lateness does not count.
      {"210381|2011|late", 30},
      {"210381|2011|closed|granted|natural_person", 30},
      {"210381|2010|received|natural_person", 30},
  };
  const AnnualReport report = BuildAnnualReport(counters, 2012);
  CHECK(report.closed == 100);
  CHECK(report.late == 21);
  CHECK(report.on_time_rate == Approx(0.79));
  const std::vector<std::pair<std::string, int64_t>> top = {
      {"210311", 7}, {"210300", 5}, {"210302", 3}, {"210303", 3}, {"210321", 2}};
  CHECK(report.most_late_agencies == top);

  SECTION("no late answers") {
    counters = {{"210300|2012|closed|granted|natural_person", 3}};
    const AnnualReport on_time = BuildAnnualReport(counters, 2012);
    CHECK(on_time.on_time_rate == 1.0);
    CHECK(on_time.most_late_agencies.empty());
  }
}

TEST_CASE(
    "The 2008-era figures: receipts by channel, outcomes in the seed's words with the "
    "not-held rows merged, and the year's fees",
    "[engine][report]") {
  const Counters counters = {
      {"210300|2012|received|natural_person", 93},
      {"210300|2012|channel|in_person", 7},
      {"210300|2012|channel|registered_mail", 50},
      {"210302|2012|channel|ordinary_mail", 36},
      {"210300|2012|closed|granted|natural_person", 58},
      {"210300|2012|closed|unable_not_held|natural_person", 30},
      {"210302|2012|closed|unable_needs_creation|natural_person", 5},
      {"210300|2012|fee_fen", 1250},
      {"210302|2012|fee_fen", 3550},
      {"210302|2011|fee_fen", 99900},
  };
  const AnnualReport report = BuildAnnualReport(counters, 2012);
  CHECK(report.received_by_channel.at(v1::CHANNEL_IN_PERSON) == 7);
  CHECK(report.received_by_channel.at(v1::CHANNEL_REGISTERED_MAIL) == 50);
  CHECK(report.received_by_channel.at(v1::CHANNEL_ORDINARY_MAIL) == 36);
  CHECK(report.received_by_channel.size() == 3);
  const std::vector<std::pair<std::string, int64_t>> words = {
      {"同意公开", 58}, {"不属于本行政机关公开或信息不存在", 35}};
  CHECK(report.outcomes_2008 == words);
  CHECK(report.fees_fen == 4800);
}

TEST_CASE(
    "Table3Csv writes the header and one line per statutory row, headings with empty "
    "figures",
    "[engine][report]") {
  const AnnualReport report = BuildAnnualReport(CarryCounters(), 2012);
  const std::vector<std::string> expected = {
      "项目,自然人,商业企业,科研机构,社会公益组织,法律服务机构,其他,总计",
      "一、本年新收政府信息公开申请数量,4,0,0,0,0,2,6",
      "二、上年结转政府信息公开申请数量,1,1,0,0,1,0,3",
      "三、本年度办理结果,,,,,,,",
      "（一）予以公开,3,0,0,0,0,0,3",
      "（二）部分公开（区分处理的，只计这一情形，不计其他情形）,0,0,0,0,0,0,0",
      "（三）不予公开,,,,,,,",
      "1.属于国家秘密,0,1,0,0,0,0,1",
      "2.其他法律行政法规禁止公开,0,0,0,0,0,0,0",
      "3.危及“三安全一稳定”,0,0,0,0,0,0,0",
      "4.保护第三方合法权益,0,0,0,0,0,0,0",
      "5.属于三类内部事务信息,0,0,0,0,0,0,0",
      "6.属于四类过程性信息,0,0,0,0,0,0,0",
      "7.属于行政执法案卷,0,0,0,0,0,0,0",
      "8.属于行政查询事项,0,0,0,0,0,0,0",
      "（四）无法提供,,,,,,,",
      "1.本机关不掌握相关政府信息,0,0,0,0,0,0,0",
      "2.没有现成信息需要另行制作,0,0,0,0,0,0,0",
      "3.补正后申请内容仍不明确,0,0,0,0,0,0,0",
      "（五）不予处理,,,,,,,",
      "1.信访举报投诉类申请,0,0,0,0,0,0,0",
      "2.重复申请,0,0,0,0,0,0,0",
      "3.要求提供公开出版物,0,0,0,0,0,0,0",
      "4.无正当理由大量反复申请,0,0,0,0,0,0,0",
      "5.要求行政机关确认或重新出具已获取信息,0,0,0,0,0,0,0",
      "（六）其他处理,,,,,,,",
      "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请,0,0,0,0,0,0,0",
      "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请,0,0,0,0,0,0,0",
      "3.其他,0,0,0,0,0,1,1",
      "（七）总计,3,1,0,0,0,1,5",
      "四、结转下年度继续办理,2,0,0,0,1,1,4",
  };
  const std::string csv = Table3Csv(report);
  CHECK(Lines(csv) == expected);
  REQUIRE_FALSE(csv.empty());
  CHECK(csv.back() == '\n');
  CHECK(csv.find('\r') == std::string::npos);
}

TEST_CASE("CsvField quotes a field with a comma, a quote or a line break and nothing else",
          "[engine][report]") {
  CHECK(CsvField("予以公开") == "予以公开");
  CHECK(CsvField("") == "");
  CHECK(CsvField("危及“三安全一稳定”，其他") == "危及“三安全一稳定”，其他");  // Full-width: as is.
  CHECK(CsvField("a,b") == "\"a,b\"");
  CHECK(CsvField("say \"no\"") == "\"say \"\"no\"\"\"");
  CHECK(CsvField("two\nlines") == "\"two\nlines\"");
  CHECK(CsvField("cr\r") == "\"cr\r\"");
}

TEST_CASE("ReportCsv starts with a byte order mark, ends every line with CRLF and has table 四",
          "[engine][report]") {
  const AnnualReport report = BuildAnnualReport(CarryCounters(), 2012);
  const std::string csv = ReportCsv(report);
  REQUIRE(csv.rfind("\xEF\xBB\xBF", 0) == 0);
  // Table 三 is Table3Csv's, line by line, with CRLF.
  std::string table3 = Table3Csv(report), expected = "\xEF\xBB\xBF";
  for (const std::string& line : Lines(table3)) expected += line + "\r\n";
  expected += "\r\n";
  expected += "项目,结果维持,结果纠正,其他结果,尚未审结,总计\r\n";
  const auto row = [](const char* name, const AppealCounts& a) {
    return std::string(name) + "," + std::to_string(a.upheld) + "," + std::to_string(a.corrected) +
           "," + std::to_string(a.other) + "," + std::to_string(a.pending) + "," +
           std::to_string(a.total) + "\r\n";
  };
  expected += row("行政复议", report.reconsideration);
  expected += row("行政诉讼·未经复议直接起诉", report.litigation_direct);
  expected += row("行政诉讼·复议后起诉", report.litigation_after_reconsideration);
  CHECK(csv == expected);
  // No bare line feed anywhere.
  for (size_t at = csv.find('\n'); at != std::string::npos; at = csv.find('\n', at + 1)) {
    REQUIRE(at > 0);
    CHECK(csv[at - 1] == '\r');
  }
}

}  // namespace
}  // namespace gongkai
