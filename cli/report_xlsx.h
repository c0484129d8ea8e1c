// The annual report as an Excel workbook laid out as the statutory form
// (gongkai report annual --format xlsx --out FILE): one sheet, 统计表, with
// table 三 (rows 7 on: the label in column A, the six applicant columns and
// 总计 in B to H, headings without figures) and table 四 (one row of 15
// figures under its two header rows: 行政复议, then 行政诉讼 未经复议直接起诉
// and 复议后起诉, each 结果维持 结果纠正 其他结果 尚未审结 总计).
#ifndef GONGKAI_CLI_REPORT_XLSX_H_
#define GONGKAI_CLI_REPORT_XLSX_H_

#include <string>

#include "engine/report.h"
#include "engine/status.h"

namespace gongkai::cli {

// Writes `report` to `path` (replacing a file there); `title` heads the
// sheet. unavailable when the file cannot be written.
[[nodiscard]] Status WriteReportXlsx(const AnnualReport& report, const std::string& title,
                                     const std::string& path);

}  // namespace gongkai::cli

#endif  // GONGKAI_CLI_REPORT_XLSX_H_
