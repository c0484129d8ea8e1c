// The annual report (DOMAIN.md, "The annual report"), built from report
// counters (engine/counters.h) alone: its cost grows with the number of
// agencies, years and rows, never with the number of requests.
//
// Table 三 counts requests by applicant column: received in the year (一),
// received earlier and open on 1 January (二), closed in the year by outcome
// (三), open on 31 December (四). Table 四 counts appeals: resolved in the
// year by result, and pending at the end of the year.
//
// Thread safety: pure functions.
#ifndef GONGKAI_ENGINE_REPORT_H_
#define GONGKAI_ENGINE_REPORT_H_

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "gongkai/v1/codes.pb.h"

namespace gongkai {

// The six applicant columns of table 三, then 总计.
inline constexpr int kApplicantColumns = 6;
using ColumnCounts = std::array<int64_t, kApplicantColumns + 1>;

struct Table3Row {
  std::string label;                              // The statutory label, exactly.
  bool header = false;                            // A heading without figures of its own.
  v1::Outcome outcome = v1::OUTCOME_UNSPECIFIED;  // For outcome rows.
  ColumnCounts counts{};                          // Zero for headers.
};

struct AppealCounts {
  int64_t upheld = 0;     // 结果维持
  int64_t corrected = 0;  // 结果纠正
  int64_t other = 0;      // 其他结果
  int64_t pending = 0;    // 尚未审结
  int64_t total = 0;      // 总计
};

struct AnnualReport {
  int year = 0;
  std::vector<Table3Row> table3;  // In statutory order.
  AppealCounts reconsideration, litigation_direct, litigation_after_reconsideration;
  // 一 + 二 = 三（七）总计 + 四, in the 总计 column.
  int64_t received = 0, carried_in = 0, closed = 0, carried_out = 0;
  bool identity_holds = false;
  // The 2008-era narrative (the seed's sections 三 to 五).
  std::map<v1::Channel, int64_t> received_by_channel;
  // Received in each month of the year (January first).
  std::array<int64_t, 12> received_by_month{};
  std::vector<std::pair<std::string, int64_t>> outcomes_2008;  // Words, in order.
  int64_t replied = 0;
  double mean_reply_days = 0;
  int p90_reply_days = 0;
  int64_t fees_fen = 0;
  int64_t reconsiderations_filed = 0, suits_filed = 0;
  // What a supervisor asks next.
  int64_t late = 0;
  double on_time_rate = 1.0;                                        // Closed on time / closed.
  std::vector<std::pair<std::string, int64_t>> most_late_agencies;  // Code, late; top 5.
  // Keys that are not counter keys of this version (a corrupt store):
  // counted nowhere, reported by the caller.
  std::vector<std::string> unknown_counters;
};

// `counters`: every counter of the agencies reported on, all years
// (key "<agency>|<year>|<metric>" -> value).
AnnualReport BuildAnnualReport(const std::map<std::string, int64_t>& counters, int year);

// The CSV of table 三: the header 项目,自然人,商业企业,科研机构,社会公益组织,法律服务机构,其他,总计
// and one line per row; headings have empty figures.
std::string Table3Csv(const AnnualReport& report);

// One CSV field as RFC 4180 writes it: quoted (its quotes doubled) when it
// holds a comma, a quote, CR or LF; as it is otherwise.
std::string CsvField(const std::string& text);

// The report as a file Excel opens in Chinese: a UTF-8 byte order mark,
// RFC 4180 (CRLF line ends, fields quoted by CsvField); table 三 as
// Table3Csv, an empty line, then table 四: the header
// 项目,结果维持,结果纠正,其他结果,尚未审结,总计 and the rows 行政复议,
// 行政诉讼·未经复议直接起诉 and 行政诉讼·复议后起诉.
std::string ReportCsv(const AnnualReport& report);

}  // namespace gongkai

#endif  // GONGKAI_ENGINE_REPORT_H_
