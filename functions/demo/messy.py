"""Messy cells planted the way volunteers really type, each one recorded so tests know exactly where they are."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from functions.demo.base import Rec, at_least
from functions.domain.tabs import COMPLAINTS, CONTACTS, ELDERS, MEDIATION, REQUESTS, SIGNINS, VOLUNTEERS

VANDAL = "威尼斯赌场_澳门威尼斯赌场-【app*官网】"
FORMULA = '=HYPERLINK("http://hongbao.example.com/","点击领取红包")'
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
DATE_STYLES: tuple[Callable[[dt.date], str], ...] = (
    lambda d: f"{d.year}-{d.month}-{d.day}",
    lambda d: f"{d:%Y/%m/%d}",
    lambda d: f"{d.year}.{d.month}.{d.day}",
    lambda d: f"{d.year}年{d.month}月{d.day}日",
)


@dataclass(frozen=True)
class Planted:
    """One messy cell: where it is, what it now holds, what kind of mess, and the clean value it replaced."""

    tab: str
    row: int  # 0-based index into that tab's data rows
    column: str
    value: Any
    kind: str  # 日期格式 … 重复编号, 超出范围, 邮箱格式, 电话位数, 缺少日期, 日期颠倒 (see plant_messy, plant_slips)
    original: Any

    @property
    def sheet_row(self) -> int:
        """The row number a volunteer sees, with the header on row 1."""
        return self.row + 2


def spaced(phone: str, sep: str) -> str:
    """A mobile written in 3-4-4 groups, or a landline with its dash replaced."""
    if len(phone) == 11 and phone.isdigit():
        return sep.join((phone[:3], phone[3:7], phone[7:]))
    return phone.replace("-", sep)


class Planter:
    """Changes cells of the demo rows and remembers each change."""

    def __init__(self, rng: random.Random, tabs: dict[str, list[Rec]], protected: set[str]) -> None:
        self.rng, self.tabs, self.protected = rng, tabs, protected
        self.planted: list[Planted] = []
        self.used: set[tuple[str, int, str]] = set()

    def candidates(self, tab: str, column: str, test: Callable[[Any], bool]) -> list[int]:
        """Rows whose cell passes test, not yet planted and not about a featured elder."""
        rows = self.tabs[tab]
        return [
            i
            for i, r in enumerate(rows)
            if (tab, i, column) not in self.used
            and test(r.get(column))
            and r.get("老人编号", r.get("编号")) not in self.protected
        ]

    def put(self, tab: str, i: int, column: str, value: Any, kind: str) -> None:
        """Plant one cell."""
        row = self.tabs[tab][i]
        self.planted.append(Planted(tab, i, column, value, kind, row.get(column)))
        self.used.add((tab, i, column))
        row[column] = value

    def some(
        self,
        tab: str,
        column: str,
        share: float,
        floor: int,
        test: Callable[[Any], bool],
        change: Callable[[Any], Any],
        kind: str,
    ) -> None:
        """Plant a share of the cells that pass test (at least floor of them)."""
        pool = self.candidates(tab, column, test)
        for i in sorted(self.rng.sample(pool, min(len(pool), at_least(len(pool) * share, floor)))):
            self.put(tab, i, column, change(self.tabs[tab][i][column]), kind)


def plant_messy(rng: random.Random, tabs: dict[str, list[Rec]], today: dt.date, protected: set[str]) -> list[Planted]:
    """Plant a small minority of messy cells in the demo rows (in place) and return where they are."""
    p = Planter(rng, tabs, protected)
    is_date = lambda v: isinstance(v, dt.date)  # noqa: E731
    styled = lambda d: rng.choice(DATE_STYLES)(d)  # noqa: E731
    mobile = lambda v: isinstance(v, str) and len(v) == 11 and v.isdigit()  # noqa: E731
    p.some(CONTACTS, "日期", 0.01, 4, is_date, styled, "日期格式")
    p.some(ELDERS, "出生日期", 0.02, 3, is_date, styled, "日期格式")
    p.some(REQUESTS, "登记日期", 0.03, 2, is_date, styled, "日期格式")
    this_year = lambda v: is_date(v) and v.year == today.year and (today - v).days < 60  # noqa: E731
    p.some(CONTACTS, "日期", 0, 2, this_year, lambda d: f"{d.month}月{d.day}日", "无年份日期")
    p.some(CONTACTS, "日期", 0, 1, is_date, lambda d: f"{d.year}-13-01", "不存在的日期")
    p.some(ELDERS, "联系电话", 0.04, 3, mobile, lambda v: spaced(v, rng.choice(" -")), "电话格式")
    p.some(ELDERS, "联系电话", 0, 2, mobile, lambda v: spaced(v, " ").translate(FULL_WIDTH), "全角电话")
    p.some(VOLUNTEERS, "联系电话", 0.05, 2, mobile, lambda v: spaced(v, "-"), "电话格式")
    p.some(VOLUNTEERS, "联系电话", 0, 1, mobile, lambda v: v.translate(FULL_WIDTH), "全角电话")
    p.some(SIGNINS, "联系电话", 0.03, 2, mobile, lambda v: spaced(v, " "), "电话格式")
    short = lambda v: isinstance(v, str) and v.startswith("E00") and v != "E0000"  # noqa: E731
    p.some(CONTACTS, "老人编号", 0, 1, short, lambda v: "E" + v[1:].lstrip("0"), "悬空编号")
    p.some(CONTACTS, "志愿者编号", 0, 1, lambda v: isinstance(v, str), lambda v: " " + v, "多余空格")
    p.some(CONTACTS, "方式", 0, 2, lambda v: v == "电话问候", lambda v: "电话问侯", "近似选项")
    p.some(CONTACTS, "方式", 0, 1, lambda v: v == "上门走访", lambda v: "上门 走访", "近似选项")
    p.some(ELDERS, "备注", 0, 1, lambda v: v is None, lambda v: VANDAL, "广告")
    p.some(COMPLAINTS, "摘要", 0, 1, lambda v: isinstance(v, str), lambda v: FORMULA, "公式")
    requests = tabs[REQUESTS]
    i = rng.choice(p.candidates(REQUESTS, "编号", lambda v: True)[1:-1])
    p.put(REQUESTS, i, "编号", requests[i - 1]["编号"], "重复编号")
    plant_slips(p, tabs)
    return p.planted


def plant_slips(p: Planter, tabs: dict[str, list[Rec]]) -> None:
    """Mistakes of content rather than of writing style: numbers out of range, a digit missing, a
    closing date forgotten or put before the opening one."""
    minutes = lambda v: isinstance(v, int) and 21 <= v <= 60  # noqa: E731  (× 30 > 600)
    p.some(CONTACTS, "时长(分钟)", 0, 2, minutes, lambda v: v * 30, "超出范围")
    p.some(
        VOLUNTEERS,
        "邮箱",
        0,
        1,
        lambda v: isinstance(v, str) and v.endswith(".cn"),
        lambda v: v.rsplit(".", 2)[0],
        "邮箱格式",
    )
    p.some(
        ELDERS,
        "紧急联系电话",
        0,
        1,
        lambda v: isinstance(v, str) and len(v) == 11 and v.isdigit(),
        lambda v: v[:10],
        "电话位数",
    )
    solved = [
        i
        for i in p.candidates(REQUESTS, "解决日期", lambda v: isinstance(v, dt.date))
        if tabs[REQUESTS][i]["状态"] == "已解决"
    ]
    for i in solved[:1]:
        p.put(REQUESTS, i, "解决日期", None, "缺少日期")
    settled = [
        i
        for i in p.candidates(MEDIATION, "化解日期", lambda v: isinstance(v, dt.date))
        if isinstance(tabs[MEDIATION][i]["登记日期"], dt.date)
    ]
    for i in settled[:1]:
        p.put(MEDIATION, i, "化解日期", tabs[MEDIATION][i]["登记日期"] - dt.timedelta(days=5), "日期颠倒")
