#include "client/report_xlsx.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <array>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>

#include "engine/strings.h"

namespace gongkai::client {
namespace {

constexpr lxw_row_t kTable3FirstRow = 6;  // 0-based: the seventh row.

struct Formats {
  lxw_format* title;
  lxw_format* head;
  lxw_format* label;
  lxw_format* number;
};

Formats MakeFormats(lxw_workbook* book) {
  Formats f{workbook_add_format(book), workbook_add_format(book), workbook_add_format(book),
            workbook_add_format(book)};
  format_set_bold(f.title);
  format_set_font_size(f.title, 14);
  for (lxw_format* cell : {f.head, f.label, f.number}) format_set_border(cell, LXW_BORDER_THIN);
  format_set_bold(f.head);
  format_set_align(f.head, LXW_ALIGN_CENTER);
  format_set_align(f.head, LXW_ALIGN_VERTICAL_CENTER);
  format_set_text_wrap(f.head);
  format_set_text_wrap(f.label);
  format_set_align(f.number, LXW_ALIGN_CENTER);
  return f;
}

void Table3(lxw_worksheet* sheet, const AnnualReport& r, const Formats& f) {
  worksheet_merge_range(sheet, 2, 0, 2, 7, "三、收到和处理政府信息公开申请情况", f.title);
  worksheet_merge_range(sheet, 3, 0, 5, 0,
                        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                        f.head);
  worksheet_merge_range(sheet, 3, 1, 3, 7, "申请人情况", f.head);
  worksheet_merge_range(sheet, 4, 1, 5, 1, "自然人", f.head);
  worksheet_merge_range(sheet, 4, 2, 4, 6, "法人或其他组织", f.head);
  worksheet_merge_range(sheet, 4, 7, 5, 7, "总计", f.head);
  const char* kinds[] = {"商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"};
  for (lxw_col_t c = 0; c < 5; ++c)
    worksheet_write_string(sheet, 5, lxw_col_t(2 + c), kinds[c], f.head);
  lxw_row_t row = kTable3FirstRow;
  for (const auto& line : r.table3) {
    worksheet_write_string(sheet, row, 0, line.label.c_str(), line.header ? f.head : f.label);
    for (lxw_col_t c = 0; c < lxw_col_t(line.counts.size()); ++c) {
      if (line.header) {
        worksheet_write_blank(sheet, row, lxw_col_t(1 + c), f.number);
      } else {
        worksheet_write_number(sheet, row, lxw_col_t(1 + c), double(line.counts[c]), f.number);
      }
    }
    ++row;
  }
}

void Table4(lxw_worksheet* sheet, lxw_row_t top, const AnnualReport& r, const Formats& f) {
  worksheet_merge_range(sheet, top, 0, top, 7, "四、政府信息公开行政复议、行政诉讼情况", f.title);
  const lxw_row_t head = top + 1;
  worksheet_merge_range(sheet, head, 0, head, 4, "行政复议", f.head);
  worksheet_merge_range(sheet, head, 5, head, 14, "行政诉讼", f.head);
  worksheet_merge_range(sheet, head + 1, 5, head + 1, 9, "未经复议直接起诉", f.head);
  worksheet_merge_range(sheet, head + 1, 10, head + 1, 14, "复议后起诉", f.head);
  const char* results[] = {"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"};
  for (lxw_col_t c = 0; c < 5; ++c) {
    worksheet_merge_range(sheet, head + 1, c, head + 2, c, results[c], f.head);
    worksheet_write_string(sheet, head + 2, lxw_col_t(5 + c), results[c], f.head);
    worksheet_write_string(sheet, head + 2, lxw_col_t(10 + c), results[c], f.head);
  }
  const AppealCounts* groups[] = {&r.reconsideration, &r.litigation_direct,
                                  &r.litigation_after_reconsideration};
  lxw_col_t col = 0;
  for (const AppealCounts* a : groups) {
    for (int64_t value : {a->upheld, a->corrected, a->other, a->pending, a->total}) {
      worksheet_write_number(sheet, head + 3, col++, double(value), f.number);
    }
  }
}

}  // namespace

Status WriteReportXlsx(const AnnualReport& report, const std::string& title,
                       const std::string& path) {
  lxw_workbook* book = workbook_new(path.c_str());
  if (book == nullptr) {
    return UnavailableError(
        StrCat({"cannot create ", path, ": check the folder exists and is yours"}));
  }
  lxw_worksheet* sheet = workbook_add_worksheet(book, "统计表");
  const Formats f = MakeFormats(book);
  worksheet_set_column(sheet, 0, 0, 58, nullptr);
  worksheet_set_column(sheet, 1, 14, 11, nullptr);
  worksheet_merge_range(sheet, 0, 0, 0, 7, title.c_str(), f.title);
  Table3(sheet, report, f);
  Table4(sheet, lxw_row_t(kTable3FirstRow + report.table3.size() + 1), report, f);
  const lxw_error closed = workbook_close(book);
  if (closed != LXW_NO_ERROR) {
    return UnavailableError(StrCat({"cannot write ", path, ": ", lxw_strerror(closed)}));
  }
  return OkStatus();
}

ReportScope ScopeOfReport(const v1::Reply& reply, const std::string& agency) {
  ReportScope scope;
  for (const auto& info : reply.agencies()) {
    scope.names[info.code()] = info.name();
    if (info.code() != agency) continue;
    scope.name = info.name() + "（" + info.code() + "）及所属机关";
    scope.area = info.tier() == "city"     ? "全市"
                 : info.tier() == "county" ? "全县（市、区）"
                                           : info.name();
  }
  return scope;
}

std::string ReportXlsxTitle(const ReportScope& scope, int year) {
  return StrCat({scope.name, " ", std::to_string(year), "年度政府信息公开工作年度报告 统计表"});
}

StatusOr<std::string> ReportXlsxBytes(const AnnualReport& report, const std::string& title) {
  const char* tmp = std::getenv("TMPDIR");
  std::string path =
      StrCat({tmp != nullptr && *tmp != '\0' ? tmp : "/tmp", "/gongkai-report-XXXXXX"});
  const int fd = ::mkstemp(path.data());  // Mode 0600: only this account reads it.
  if (fd < 0) return UnavailableError("cannot make a temporary file for the workbook");
  ::close(fd);
  const Status written = WriteReportXlsx(report, title, path);
  std::ostringstream bytes;
  if (written.ok()) {
    std::ifstream in(path, std::ios::binary);
    bytes << in.rdbuf();
  }
  ::unlink(path.c_str());
  if (!written.ok()) return written;
  return bytes.str();
}

}  // namespace gongkai::client
