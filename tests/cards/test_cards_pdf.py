"""爱心联系卡 as printed: the PDF rendered by poppler, its text read back by pypdf, checked against the sheet."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from functions.domain.schema import default_schema
from functions.entry.cli import main
from functions.jobs.run import run_validate
from tests.support import TODAY
from tests.support.backends import make_xlsx
from tests.support.card_community import RARE_VOLUNTEER, SERVICE_PHONE, card_community
from tests.support.job_community import HEALTH_NOTE

A4_POINTS = (595.28, 841.89)
DPI = 50
MM = DPI / 25.4
CARD_CELLS = [(15 + col * 90, 18.5 + row * 130) for row in range(2) for col in range(2)]  # mm, left-top


def poppler(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        pytest.fail(f"{tool} is missing: apt-get install -y poppler-utils (.ci/run installs it)")
    return found


@pytest.fixture
def cards_pdf(tmp_path) -> Path:
    """The cards of every elder in care (E0001–E0003; E0004 has died), made by the CLI."""
    workbook = make_xlsx(tmp_path, card_community())
    out = tmp_path / "联系卡.pdf"
    assert main(["cards", "--workbook", workbook.location, "--today", TODAY.isoformat(), "--out", str(out)]) == 0
    return out


def page_texts(pdf: Path) -> list[str]:
    """Each page's text as poppler's pdftotext reads it (through the font's ToUnicode map), without white space."""
    text = subprocess.run([poppler("pdftotext"), pdf, "-"], capture_output=True, text=True, check=True).stdout
    return [re.sub(r"\s+", "", page) for page in text.split("\f")[: len(PdfReader(pdf).pages)]]


def card_texts(pdf: Path, page: int = 1) -> list[str]:
    """The text inside each of the page's four card cells (pdftotext cropped to the cell), without white space."""
    texts = []
    for left, top in CARD_CELLS:
        x, y, w, h = (str(round(v * 72 / 25.4)) for v in (left, top, 90, 130))
        args = [poppler("pdftotext"), "-f", str(page), "-l", str(page), "-x", x, "-y", y, "-W", w, "-H", h, pdf, "-"]
        texts.append(re.sub(r"\s+", "", subprocess.run(args, capture_output=True, text=True, check=True).stdout))
    return texts


def inked_cells(png: Path) -> list[bool]:
    """For each of the four 90 × 130 mm cells of a rendered page: is there a card in it?"""
    image = Image.open(png).convert("L")
    result = []
    for left, top in CARD_CELLS:
        box = (int((left + 5) * MM), int((top + 5) * MM), int((left + 85) * MM), int((top + 125) * MM))
        dark = sum(1 for value in image.crop(box).tobytes() if value < 128)
        result.append(dark > 500)
    return result


def test_three_cards_fill_one_a4_page_with_cut_marks_and_the_rendered_cells_hold_them(cards_pdf, tmp_path):
    reader = PdfReader(cards_pdf)
    assert len(reader.pages) == 1
    assert tuple(round(float(v), 2) for v in reader.pages[0].mediabox[2:]) == A4_POINTS
    subprocess.run([poppler("pdftoppm"), "-r", str(DPI), "-gray", "-png", cards_pdf, tmp_path / "page"], check=True)
    assert inked_cells(tmp_path / "page-1.png") == [True, True, True, False]


def test_four_cards_a_page_the_fifth_starts_a_new_page(tmp_path):
    rows = card_community()
    headers = default_schema()["老人档案"].headers
    for n in (5, 6):
        extra = {
            "编号": f"E000{n}",
            "姓名": f"刘桂{n}",
            "性别": "女",
            "楼栋": "9栋",
            "类别": "独居",
            "关爱等级": "中",
            "状态": "在家",
        }
        rows["老人档案"].append([extra.get(h) for h in headers])
    workbook = make_xlsx(tmp_path, rows)
    out = tmp_path / "cards.pdf"
    assert main(["cards", "--workbook", workbook.location, "--today", "2026-11-29", "--out", str(out)]) == 0
    subprocess.run([poppler("pdftoppm"), "-r", str(DPI), "-gray", "-png", out, tmp_path / "p"], check=True)
    assert inked_cells(tmp_path / "p-1.png") == [True, True, True, True]
    assert inked_cells(tmp_path / "p-2.png") == [True, False, False, False]
    texts = page_texts(out)
    assert "E0006" in texts[1] and "E0006" not in texts[0]


def test_the_text_on_each_card_is_the_sheet_and_nothing_private(cards_pdf):
    (text,) = page_texts(cards_pdf)
    first, second, third, empty = card_texts(cards_pdf)
    assert empty == ""
    assert first.startswith("爱心联系卡测试小区张奶奶：")  # 张桂兰, 女: as she is addressed
    assert "结对志愿者：王芳13812345678" in first
    assert "楼栋网格员：李强13912345678" in first  # V002 looks after 3栋
    assert "支部书记（24小时开机）：13907316688" in first
    assert f"社区服务中心：{SERVICE_PHONE}" in first
    assert "急救120报警110火警119" in first
    assert "E0001·3栋·2026年11月29日印制" in first
    assert "李爷爷：" in second and "楼栋网格员：暂未安排" in second  # nobody looks after 5栋
    assert third.startswith("爱心联系卡测试小区秀英阿姨：")  # the 称呼 the secretary wrote
    for private in ("13800001111", "13900002222", "1-201", HEALTH_NOTE, "张桂兰", "紧急"):
        assert private not in text  # no elder's own phone, room, health note or relatives


def test_fonts_are_embedded_and_the_phones_are_at_least_16_points(cards_pdf):
    listing = subprocess.run([poppler("pdffonts"), cards_pdf], capture_output=True, text=True, check=True).stdout
    fonts = listing.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # the emb column
    sizes: dict[str, float] = {}

    def visit(text, cm, tm, font, size):
        digits = re.sub(r"\D", "", text)
        if len(digits) >= 3:
            sizes[digits] = min(sizes.get(digits, 99.0), size * tm[0])

    PdfReader(cards_pdf).pages[0].extract_text(visitor_text=visit)
    for number in ("13812345678", "13907316688", "073184561200", "120110119"):  # the last: 急救 · 报警 · 火警
        assert sizes[number] >= 16, (number, sizes)


def test_a_name_the_font_lacks_is_flagged_and_printed_with_its_id_and_a_rarer_one_just_prints(cards_pdf, tmp_path):
    (text,) = page_texts(cards_pdf)
    assert "结对志愿者：张＿（V004）13612345678" in text  # a blank to write 龑 in, and the 编号 beside it
    assert "龑" not in text
    (tmp_path / "v").mkdir()
    workbook = make_xlsx(tmp_path / "v", card_community())
    run_validate(workbook, TODAY)
    problems = [r.values for r in workbook.read().tables["问题清单"].rows]
    flagged = [p for p in problems if "字体" in str(p["问题"])]
    assert [(p["级别"], p["工作表"], p["列"], p["当前值"]) for p in flagged] == [
        ("警告", "志愿者", "姓名", RARE_VOLUNTEER)
    ]
    assert "V004" in flagged[0]["建议"]  # 李喆 (E0002: 喆 is outside GB 2312) prints and is not flagged


def test_cards_for_chosen_elders_or_those_not_issued_and_an_unknown_id_is_a_usage_error(tmp_path, capsys):
    workbook = make_xlsx(tmp_path, card_community())
    out = tmp_path / "c.pdf"
    base = ["cards", "--workbook", workbook.location, "--today", "2026-11-29", "--out", str(out)]
    assert main([*base, "--elders", "e0003，E0001"]) == 0
    assert [t.index("E0003") < t.index("E0001") for t in page_texts(out)] == [True]  # in the order asked
    assert main([*base, "--not-issued"]) == 0
    (text,) = page_texts(out)
    assert "E0002" in text and "E0003" in text and "E0001" not in text
    out.unlink()
    assert main([*base, "--elders", "E0001,E0004,E9999"]) == 2  # E0004 has died
    assert "E0004、E9999" in capsys.readouterr().err and not out.exists()
