// The annual report as an Excel workbook (the CLI's file and the web
// console's download are the same bytes but for the workbook's creation time) laid out as the
// statutory form (gongkai report annual --format xlsx --out FILE): one sheet, 统计表, with table 三
// (rows 7 on: the label in column A, the six applicant columns and 总计 in B to H, headings without
// figures) and table 四 (one row of 15 figures under its two header rows: 行政复议, then 行政诉讼
// 未经复议直接起诉 and 复议后起诉, each 结果维持 结果纠正 其他结果 尚未审结 总计).
#ifndef GONGKAI_CLIENT_REPORT_XLSX_H_
#define GONGKAI_CLIENT_REPORT_XLSX_H_

#include <map>
#include <string>

#include "engine/report.h"
#include "engine/status.h"
#include "gongkai/v1/command.pb.h"

namespace gongkai::client {

// Whom a report covers, from a report annual reply's agencies.
struct ReportScope {
  std::string name = "全部机关";             // "鞍山市（210300）及所属机关".
  std::string area = "全部机关";             // The narrative's subject: 全市, 全县, ...
  std::map<std::string, std::string> names;  // Agency code -> name.
};
ReportScope ScopeOfReport(const v1::Reply& reply, const std::string& agency);
// The heading of the tables: "NAME YEAR年度政府信息公开工作年度报告 统计表".
std::string ReportXlsxTitle(const ReportScope& scope, int year);

// Writes `report` to `path` (replacing a file there); `title` heads the
// sheet. unavailable when the file cannot be written.
[[nodiscard]] Status WriteReportXlsx(const AnnualReport& report, const std::string& title,
                                     const std::string& path);

// The workbook WriteReportXlsx writes, as bytes (made in a private
// temporary file, removed before returning). unavailable when it cannot be
// made.
StatusOr<std::string> ReportXlsxBytes(const AnnualReport& report, const std::string& title);

}  // namespace gongkai::client

#endif  // GONGKAI_CLIENT_REPORT_XLSX_H_
