#include "engine/report.h"

#include <algorithm>
#include <cmath>

#include "engine/codes.h"

namespace gongkai {
namespace {

constexpr const char* kReceivedLabel = "一、本年新收政府信息公开申请数量";
constexpr const char* kCarriedInLabel = "二、上年结转政府信息公开申请数量";
constexpr const char* kResultsLabel = "三、本年度办理结果";
constexpr const char* kTotalLabel = "（七）总计";
constexpr const char* kCarriedOutLabel = "四、结转下年度继续办理";

// A parsed counter key.
struct Counter {
  std::string agency;
  int year = 0;
  std::vector<std::string> metric;  // Split on '|'.
  int64_t value = 0;
};

std::vector<std::string> Split(const std::string& text) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t bar; (bar = text.find('|', start)) != std::string::npos; start = bar + 1) {
    parts.push_back(text.substr(start, bar - start));
  }
  parts.push_back(text.substr(start));
  return parts;
}

int ColumnOf(const std::string& applicant_code) {
  auto type = ParseCode<v1::ApplicantType>(applicant_code);
  return type.ok() ? int(*type) - 1 : -1;
}

void AddTo(ColumnCounts& counts, int column, int64_t value) {
  if (column < 0 || column >= kApplicantColumns) return;
  counts[size_t(column)] += value;
  counts[kApplicantColumns] += value;
}

AppealCounts* AppealFor(AnnualReport& report, const std::string& kind) {
  if (kind == "reconsideration") return &report.reconsideration;
  if (kind == "litigation") return &report.litigation_direct;
  if (kind == "litigation_after_reconsideration") return &report.litigation_after_reconsideration;
  return nullptr;
}

std::vector<Table3Row> EmptyTable3() {
  std::vector<Table3Row> rows{{kReceivedLabel}, {kCarriedInLabel}, {kResultsLabel, true}};
  std::string_view group;
  for (const auto& labels : AllOutcomeLabels()) {
    if (!labels.group.empty() && labels.group != group) {
      rows.push_back({std::string(labels.group), true});
    }
    group = labels.group;
    rows.push_back({std::string(labels.label_2021), false, labels.outcome});
  }
  rows.push_back({kTotalLabel});
  rows.push_back({kCarriedOutLabel});
  return rows;
}

Table3Row& RowOf(AnnualReport& report, const std::string& label) {
  for (auto& row : report.table3) {
    if (row.label == label) return row;
  }
  return report.table3.front();  // Unreachable for our labels.
}

Table3Row* OutcomeRow(AnnualReport& report, const std::string& outcome_code) {
  auto outcome = ParseCode<v1::Outcome>(outcome_code);
  if (!outcome.ok()) return nullptr;
  for (auto& row : report.table3) {
    if (!row.header && row.outcome == *outcome) return &row;
  }
  return nullptr;
}

// Everything counted in `year` itself.
void CountYear(const Counter& c, AnnualReport& report, std::map<int, int64_t>& histogram,
               std::map<std::string, int64_t>& late_by_agency) {
  const auto& m = c.metric;
  if (m[0] == "received" && m.size() == 2) {
    AddTo(RowOf(report, kReceivedLabel).counts, ColumnOf(m[1]), c.value);
  } else if (m[0] == "channel" && m.size() == 2) {
    if (auto channel = ParseCode<v1::Channel>(m[1]); channel.ok()) {
      report.received_by_channel[*channel] += c.value;
    }
  } else if (m[0] == "closed" && m.size() == 3) {
    if (Table3Row* row = OutcomeRow(report, m[1])) AddTo(row->counts, ColumnOf(m[2]), c.value);
    AddTo(RowOf(report, kTotalLabel).counts, ColumnOf(m[2]), c.value);
  } else if (m[0] == "late") {
    report.late += c.value;
    late_by_agency[c.agency] += c.value;
  } else if (m[0] == "replied") {
    report.replied += c.value;
  } else if (m[0] == "reply_days") {
    report.mean_reply_days += double(c.value);  // A sum until divided below.
  } else if (m[0] == "reply_hist" && m.size() == 2) {
    histogram[std::atoi(m[1].c_str())] += c.value;
  } else if (m[0] == "fee_fen") {
    report.fees_fen += c.value;
  } else if (m[0] == "appeal_filed" && m.size() == 2) {
    (m[1] == "reconsideration" ? report.reconsiderations_filed : report.suits_filed) += c.value;
  } else if (m[0] == "appeal_resolved" && m.size() == 3) {
    if (AppealCounts* appeal = AppealFor(report, m[1])) {
      if (m[2] == "upheld") appeal->upheld += c.value;
      if (m[2] == "corrected") appeal->corrected += c.value;
      if (m[2] == "other") appeal->other += c.value;
    }
  }
}

// Cumulative sums up to a year end: what is still open, what still pending.
void CountCarry(const Counter& c, bool before_year, ColumnCounts& open,
                std::map<std::string, int64_t>& pending) {
  const auto& m = c.metric;
  if (m[0] == "received" && m.size() == 2) AddTo(open, ColumnOf(m[1]), c.value);
  if (m[0] == "closed" && m.size() == 3) AddTo(open, ColumnOf(m[2]), -c.value);
  if (before_year) return;
  if (m[0] == "appeal_filed" && m.size() == 2) pending[m[1]] += c.value;
  if (m[0] == "appeal_resolved" && m.size() == 3) pending[m[1]] -= c.value;
}

void FinishNarrative(AnnualReport& report, const std::map<int, int64_t>& histogram) {
  std::map<std::string, int64_t> by_words;
  std::vector<std::string> order;
  for (const auto& labels : AllOutcomeLabels()) {
    const std::string words(labels.words_2008);
    if (!by_words.count(words)) order.push_back(words);
    for (const auto& row : report.table3) {
      if (!row.header && row.outcome == labels.outcome) {
        by_words[words] += row.counts[kApplicantColumns];
      }
    }
  }
  for (const auto& words : order) {
    if (by_words[words] > 0) report.outcomes_2008.emplace_back(words, by_words[words]);
  }
  report.mean_reply_days = report.replied > 0 ? report.mean_reply_days / double(report.replied) : 0;
  int64_t seen = 0;
  const int64_t rank = int64_t(std::ceil(0.9 * double(report.replied)));
  for (const auto& [days, count] : histogram) {
    seen += count;
    if (seen >= rank) {
      report.p90_reply_days = days;
      break;
    }
  }
}

}  // namespace

AnnualReport BuildAnnualReport(const std::map<std::string, int64_t>& counters, int year) {
  AnnualReport report;
  report.year = year;
  report.table3 = EmptyTable3();
  std::map<int, int64_t> histogram;
  std::map<std::string, int64_t> late_by_agency, pending;
  ColumnCounts open_before{}, open_after{};
  for (const auto& [key, value] : counters) {
    const std::vector<std::string> parts = Split(key);
    if (parts.size() < 3) continue;
    Counter c{parts[0], std::atoi(parts[1].c_str()),
              std::vector<std::string>(parts.begin() + 2, parts.end()), value};
    if (c.year == year) CountYear(c, report, histogram, late_by_agency);
    if (c.year < year) CountCarry(c, true, open_before, pending);
    if (c.year <= year) CountCarry(c, false, open_after, pending);
  }
  RowOf(report, kCarriedInLabel).counts = open_before;
  RowOf(report, kCarriedOutLabel).counts = open_after;
  for (auto* appeal : {&report.reconsideration, &report.litigation_direct,
                       &report.litigation_after_reconsideration}) {
    const std::string kind = appeal == &report.reconsideration ? "reconsideration"
                             : appeal == &report.litigation_direct
                                 ? "litigation"
                                 : "litigation_after_reconsideration";
    appeal->pending = pending[kind];
    appeal->total = appeal->upheld + appeal->corrected + appeal->other + appeal->pending;
  }
  report.received = RowOf(report, kReceivedLabel).counts[kApplicantColumns];
  report.carried_in = open_before[kApplicantColumns];
  report.closed = RowOf(report, kTotalLabel).counts[kApplicantColumns];
  report.carried_out = open_after[kApplicantColumns];
  report.identity_holds = report.received + report.carried_in == report.closed + report.carried_out;
  report.on_time_rate =
      report.closed > 0 ? double(report.closed - report.late) / double(report.closed) : 1.0;
  for (const auto& [agency, late] : late_by_agency) {
    if (late > 0) report.most_late_agencies.emplace_back(agency, late);
  }
  std::stable_sort(report.most_late_agencies.begin(), report.most_late_agencies.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (report.most_late_agencies.size() > 5) report.most_late_agencies.resize(5);
  FinishNarrative(report, histogram);
  return report;
}

std::string Table3Csv(const AnnualReport& report) {
  std::string csv = "项目,自然人,商业企业,科研机构,社会公益组织,法律服务机构,其他,总计\n";
  for (const auto& row : report.table3) {
    csv += row.label;
    for (int column = 0; column <= kApplicantColumns; ++column) {
      csv += ",";
      if (!row.header) csv += std::to_string(row.counts[size_t(column)]);
    }
    csv += "\n";
  }
  return csv;
}

}  // namespace gongkai
