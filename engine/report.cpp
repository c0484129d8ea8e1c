#include "engine/report.h"

#include <algorithm>
#include <cmath>

#include "engine/codes.h"
#include "engine/keys.h"

namespace gongkai {
namespace {

constexpr const char* kReceivedLabel = "一、本年新收政府信息公开申请数量";
constexpr const char* kCarriedInLabel = "二、上年结转政府信息公开申请数量";
constexpr const char* kResultsLabel = "三、本年度办理结果";
constexpr const char* kTotalLabel = "（七）总计";
constexpr const char* kCarriedOutLabel = "四、结转下年度继续办理";

using Kind = Metric::Kind;

int ColumnOf(v1::ApplicantType type) { return int(type) - 1; }

void AddTo(ColumnCounts& counts, int column, int64_t value) {
  if (column < 0 || column >= kApplicantColumns) return;
  counts[size_t(column)] += value;
  counts[kApplicantColumns] += value;
}

AppealCounts* AppealFor(AnnualReport& report, v1::AppealKind kind) {
  switch (kind) {
    case v1::APPEAL_KIND_RECONSIDERATION:
      return &report.reconsideration;
    case v1::APPEAL_KIND_LITIGATION:
      return &report.litigation_direct;
    case v1::APPEAL_KIND_LITIGATION_AFTER_RECONSIDERATION:
      return &report.litigation_after_reconsideration;
    default:
      return nullptr;
  }
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

Table3Row* OutcomeRow(AnnualReport& report, v1::Outcome outcome) {
  for (auto& row : report.table3) {
    if (!row.header && row.outcome == outcome) return &row;
  }
  return nullptr;
}

// Everything counted in `year` itself.
void CountYear(const CounterKey& c, int64_t value, AnnualReport& report,
               std::map<int, int64_t>& histogram, std::map<std::string, int64_t>& late_by_agency) {
  const Metric& m = c.metric;
  switch (m.kind) {
    case Kind::kReceived:
      AddTo(RowOf(report, kReceivedLabel).counts, ColumnOf(m.applicant), value);
      break;
    case Kind::kChannel:
      report.received_by_channel[m.channel] += value;
      break;
    case Kind::kReceivedInMonth:
      report.received_by_month[size_t(m.month - 1)] += value;
      break;
    case Kind::kClosed:
      if (Table3Row* row = OutcomeRow(report, m.outcome)) {
        AddTo(row->counts, ColumnOf(m.applicant), value);
      }
      AddTo(RowOf(report, kTotalLabel).counts, ColumnOf(m.applicant), value);
      break;
    case Kind::kLate:
      report.late += value;
      late_by_agency[c.agency] += value;
      break;
    case Kind::kReplied:
      report.replied += value;
      break;
    case Kind::kReplyDays:
      report.mean_reply_days += double(value);  // A sum until divided below.
      break;
    case Kind::kReplyHistogram:
      histogram[m.days] += value;
      break;
    case Kind::kFeeFen:
      report.fees_fen += value;
      break;
    case Kind::kAppealFiled:
      (m.appeal == v1::APPEAL_KIND_RECONSIDERATION ? report.reconsiderations_filed
                                                   : report.suits_filed) += value;
      break;
    case Kind::kAppealResolved:
      if (AppealCounts* appeal = AppealFor(report, m.appeal)) {
        if (m.result == v1::APPEAL_RESULT_UPHELD) appeal->upheld += value;
        if (m.result == v1::APPEAL_RESULT_CORRECTED) appeal->corrected += value;
        if (m.result == v1::APPEAL_RESULT_OTHER) appeal->other += value;
      }
      break;
  }
}

// Cumulative sums up to a year end: what is still open, what still pending.
void CountCarry(const CounterKey& c, int64_t value, bool before_year, ColumnCounts& open,
                std::map<v1::AppealKind, int64_t>& pending) {
  const Metric& m = c.metric;
  if (m.kind == Kind::kReceived) AddTo(open, ColumnOf(m.applicant), value);
  if (m.kind == Kind::kClosed) AddTo(open, ColumnOf(m.applicant), -value);
  if (before_year) return;
  if (m.kind == Kind::kAppealFiled) pending[m.appeal] += value;
  if (m.kind == Kind::kAppealResolved) pending[m.appeal] -= value;
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
  std::map<std::string, int64_t> late_by_agency;
  std::map<v1::AppealKind, int64_t> pending;
  ColumnCounts open_before{}, open_after{};
  for (const auto& [key, value] : counters) {
    auto c = ParseCounterKey(key);
    if (!c.ok()) {
      report.unknown_counters.push_back(key);
      continue;
    }
    if (c->year == year) CountYear(*c, value, report, histogram, late_by_agency);
    if (c->year < year) CountCarry(*c, value, true, open_before, pending);
    if (c->year <= year) CountCarry(*c, value, false, open_after, pending);
  }
  RowOf(report, kCarriedInLabel).counts = open_before;
  RowOf(report, kCarriedOutLabel).counts = open_after;
  for (const auto kind : {v1::APPEAL_KIND_RECONSIDERATION, v1::APPEAL_KIND_LITIGATION,
                          v1::APPEAL_KIND_LITIGATION_AFTER_RECONSIDERATION}) {
    AppealCounts* appeal = AppealFor(report, kind);
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

std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

namespace {

void AppendCsvLine(const std::vector<std::string>& fields, std::string& csv) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) csv += ",";
    csv += CsvField(fields[i]);
  }
  csv += "\r\n";
}

}  // namespace

std::string ReportCsv(const AnnualReport& report) {
  std::string csv = "\xEF\xBB\xBF";  // UTF-8 byte order mark.
  AppendCsvLine(
      {"项目", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"},
      csv);
  for (const auto& row : report.table3) {
    std::vector<std::string> fields = {row.label};
    for (int64_t count : row.counts) fields.push_back(row.header ? "" : std::to_string(count));
    AppendCsvLine(fields, csv);
  }
  csv += "\r\n";
  AppendCsvLine({"项目", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"}, csv);
  const std::pair<const char*, const AppealCounts*> groups[] = {
      {"行政复议", &report.reconsideration},
      {"行政诉讼·未经复议直接起诉", &report.litigation_direct},
      {"行政诉讼·复议后起诉", &report.litigation_after_reconsideration}};
  for (const auto& [name, a] : groups) {
    AppendCsvLine({name, std::to_string(a->upheld), std::to_string(a->corrected),
                   std::to_string(a->other), std::to_string(a->pending), std::to_string(a->total)},
                  csv);
  }
  return csv;
}

}  // namespace gongkai
