"""What a card says and when it is due: the pure parts, on hand-made records."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from functions.cards.content import addressed_as, building_volunteer, phone_text
from functions.cards.due import card_rows, cards_due
from functions.domain.glyphs import font_characters, missing_characters
from functions.domain.model import Record
from functions.domain.schema import default_schema
from functions.domain.table import Row, Table
from tests.support.records import record

DAY = dt.date(2026, 11, 29)


def elder(eid: str, card: str | None, buddy: str | None, **more) -> Record:
    return record("老人档案", {"编号": eid, "联系卡": card, "结对志愿者": buddy, **more})


def ledger(rows: list[list]) -> Table:
    """联系卡记录 as the next run reads it back."""
    headers = default_schema()["联系卡记录"].headers
    return Table(
        "联系卡记录",
        headers=headers,
        columns={h: i for i, h in enumerate(headers)},
        rows=[Row(i + 2, dict(zip(headers, r, strict=True))) for i, r in enumerate(rows)],
    )


def test_the_font_covers_the_level_1_and_2_hanzi_and_names_outside_gb2312():
    hanzi = [c for c in font_characters() if unicodedata.name(c, "").startswith("CJK UNIFIED IDEOGRAPH")]
    assert len(hanzi) >= 8105  # 通用规范汉字表's 8,105 (levels 1–3) and GB 2312's 6,763: 8,230 together
    gb2312 = [bytes((r, c)).decode("gb2312", "ignore") for r in range(0xB0, 0xF8) for c in range(0xA1, 0xFF)]
    assert missing_characters("".join(gb2312)) == ""  # all 6,763 of GB 2312 levels 1 and 2
    assert missing_characters("李喆 王堃 张赟 陈玥 刘彧 䶮") == ""  # common in names, not in GB 2312
    assert missing_characters("张龑 王龘") == "龑龘"


def test_the_chart_is_held_to_the_same_font_check():
    from matplotlib.figure import Figure

    from functions.metrics.chart import check_printable, render_chart

    assert render_chart([])[:4] == b"\x89PNG"  # its own texts all print
    fig = Figure()
    fig.suptitle("孤独感 龑")
    with pytest.raises(ValueError, match="龑"):
        check_printable(fig)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"姓名": "刘桂英", "性别": "女"}, "刘奶奶"),
        ({"姓名": "刘德华", "性别": "男"}, "刘爷爷"),
        ({"姓名": "欧阳春", "性别": "女"}, "欧阳奶奶"),
        ({"姓名": "刘桂英", "性别": "女", "称呼": "刘老师"}, "刘老师"),
        ({"姓名": "刘桂英"}, "刘桂英"),
    ],
)
def test_elders_are_addressed_as_the_neighbours_address_them(values, expected):
    assert addressed_as(record("老人档案", values)) == expected


def test_phones_are_grouped_for_reading():
    assert phone_text("１３８ １２３４ ５６７８") == "138 1234 5678"
    assert phone_text("0731-84561200") == "0731-8456 1200"
    assert phone_text("") == "" and phone_text("找居委会") == "找居委会"


def test_the_building_volunteer_is_an_on_duty_one_whose_list_names_the_building():
    volunteers = [
        record("志愿者", {"编号": "V003", "姓名": "甲", "状态": "在岗", "负责楼栋": "5栋, 3号楼"}),
        record("志愿者", {"编号": "V001", "姓名": "乙", "状态": "退出", "负责楼栋": "3栋"}),
        record("志愿者", {"编号": "V002", "姓名": "丙", "状态": "在岗", "负责楼栋": "13栋、23栋"}),
    ]
    assert building_volunteer(volunteers, "3栋")["编号"] == "V003"  # V001 has left; 13栋 is not 3栋
    assert building_volunteer(volunteers, "２３栋")["编号"] == "V002"
    assert building_volunteer(volunteers, "7栋") is None and building_volunteer(volunteers, "") is None


def test_due_cards_each_once_again_on_a_buddy_change_or_when_marked_not_issued_again():
    elders = [
        elder("E0001", "已发放", "V001"),
        elder("E0002", "未发放", "V002"),
        elder("E0003", None, None),
    ]
    due, records = cards_due(elders, None, "2026-10", DAY)
    assert due == ["E0002", "E0003"]
    after = ledger(card_rows(records))
    assert cards_due(elders, after, "2026-10", DAY)[0] == ["E0002", "E0003"]  # the same report: the same PDF
    assert cards_due(elders, after, "2026-11", DAY)[0] == []  # each card once
    moved = [elder("E0001", "已发放", "V009"), elder("E0002", "未发放", "V002"), elder("E0003", None, "V001")]
    assert cards_due(moved, after, "2026-11", DAY)[0] == ["E0001", "E0003"]  # the buddy changed
    lost = [elder("E0001", "未发放", "V001")]  # the card was lost: marked 未发放 again
    assert cards_due(lost, after, "2026-11", DAY)[0] == ["E0001"]
    assert cards_due([], after, "2026-11", DAY)[1] == {}  # elders who left drop out of 联系卡记录
