#!/usr/bin/env python3
"""Reads back the workbook of `gongkai report annual --format xlsx` with
openpyxl (Debian's python3-openpyxl) and compares it cell by cell with the
CSV of the same report: table 三's rows (label and seven figures, headings
blank) and table 四's fifteen figures.

Usage: xlsx_check.py REPORT.xlsx REPORT.csv
Exit codes: 0 the same, 1 a difference (each printed), 2 usage, 77 openpyxl
is not installed (the caller reports the check as skipped).
"""
import csv
import sys

try:
    import openpyxl
except ImportError:
    print("python3-openpyxl is not installed", file=sys.stderr)
    sys.exit(77)

TABLE3_FIRST_ROW = 7  # 1-based, as cli/report_xlsx.h says.
TABLE4_TITLE = "四、政府信息公开行政复议、行政诉讼情况"


def csv_tables(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    blank = rows.index([])
    return rows[:blank], rows[blank + 1:]


def figure(cell):
    """A cell's figure as the CSV writes it: '' for a blank, digits else."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    table3, table4 = csv_tables(sys.argv[2])
    sheet = openpyxl.load_workbook(sys.argv[1])["统计表"]
    problems = []
    for i, expected in enumerate(table3[1:]):  # The CSV's header row is not a data row.
        row = TABLE3_FIRST_ROW + i
        got = [figure(sheet.cell(row=row, column=c).value) for c in range(1, 9)]
        if got != expected:
            problems.append(f"table 三 row {row}: xlsx {got} != csv {expected}")
    title_rows = [r for r in range(1, sheet.max_row + 1)
                  if sheet.cell(row=r, column=1).value == TABLE4_TITLE]
    if len(title_rows) != 1:
        problems.append(f"table 四's title found {len(title_rows)} times")
    else:
        data = title_rows[0] + 4
        got = [figure(sheet.cell(row=data, column=c).value) for c in range(1, 16)]
        expected = [value for row in table4[1:] for value in row[1:]]
        if got != expected:
            problems.append(f"table 四: xlsx {got} != csv {expected}")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
