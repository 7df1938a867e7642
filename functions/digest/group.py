"""The night's group message as plain data: counts, every red, one line per volunteer with work. Pure.

A group is seen by all its members: no elder's or family's phone, no room, no sensitive column, a 家庭暴力
case only by its 编号, elders as 姓 + 奶奶/爷爷/老人 unless 设置 群消息显示老人全名 is 是.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePath

from functions.care.contacts import contacts_due
from functions.digest.entries import red_order
from functions.digest.secretary import by_id, day_label
from functions.digest.volunteer import group_items, volunteer_context
from functions.domain.model import LEVEL_ORDER, Alert, Parsed, Record
from functions.domain.privacy import is_domestic_violence
from functions.domain.settings import Settings
from functions.domain.tabs import ELDERS, VOLUNTEERS

FULL_NAMES_SETTING = "群消息显示老人全名"
SECRETARY_MOBILE_SETTING = "书记电话"  # the same 24-hour phone the contact cards print
COMPOUND_SURNAMES = tuple("欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 令狐 宇文 司徒 夏侯 端木 澹台".split())
MOBILE = re.compile(r"^1[3-9]\d{9}$")


@dataclass(frozen=True)
class Person:
    """A volunteer with work today: name, mobile for an @-mention (None when not a mobile), item count."""

    name: str
    mobile: str | None
    count: int


@dataclass
class GroupDigest:
    """Everything a group message says, privacy already applied."""

    title: str
    counts: dict[str, int]
    reds: list[str] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    secretary_mobiles: list[str] = field(default_factory=list)
    link: str | None = None  # the sheet's web address
    file_name: str | None = None  # or the workbook file's name


def mobile(value: object) -> str | None:
    """The 11-digit mainland mobile in a phone cell, None for a landline or blank."""
    digits = re.sub(r"\D", "", str(value or ""))
    return digits if MOBILE.match(digits) else None


def elder_short_name(elder: Record) -> str:
    """'王奶奶', '欧阳爷爷', '李老人': the surname and a respectful word, never the given name."""
    name = str(elder["姓名"] or "").strip()
    surname = next((s for s in COMPOUND_SURNAMES if name.startswith(s)), name[:1])
    word = {"女": "奶奶", "男": "爷爷"}.get(str(elder["性别"] or ""), "老人")
    return f"{surname}{word}" if surname else "一位老人"


def show_full_names(settings: Settings) -> bool:
    """设置 群消息显示老人全名 is 是."""
    return str(settings.values.get(FULL_NAMES_SETTING, "否")).strip() == "是"


def red_line(alert: Alert, names: dict[str, str]) -> str:
    """One red as the group reads it: who (short name), building, what is late, days; 家庭暴力 by 编号 only."""
    if alert.kind == "家庭暴力" or is_domestic_violence(alert.kind):
        return f"{alert.object_id}：请书记到表中查看"
    who = names.get(alert.object_name, alert.object_name)
    place = f"（{alert.building}）" if alert.building else ""
    late = f"，逾期 {alert.days_late} 天" if alert.days_late > 0 else ""
    return f"{who}{place}：{alert.kind}{late}"


def _people(parsed: Parsed, alerts: list[Alert], settings: Settings, today: dt.date) -> list[Person]:
    """Every 在岗 volunteer with something to do today, most items first."""
    items = group_items(parsed, alerts, contacts_due(parsed, settings, today), today)
    people = []
    for v in parsed.get(VOLUNTEERS, []):
        if v["状态"] != "在岗" or not v["编号"]:
            continue
        count = volunteer_context(v["编号"], items, today, lambda tab, row: None)["count"]
        if count:
            people.append((v["编号"], Person(str(v["姓名"] or v["编号"]), mobile(v["联系电话"]), count)))
    people.sort(key=lambda p: (-p[1].count, p[0]))
    twice = {name for name, n in Counter(p.name for _, p in people).items() if n > 1}
    return [Person(f"{p.name}({vid})", p.mobile, p.count) if p.name in twice else p for vid, p in people]


def group_digest(
    alerts: list[Alert],
    parsed: Parsed,
    settings: Settings,
    today: dt.date,
    link: str | None,
    file_name: str | None,
) -> GroupDigest:
    """The night's group message as data: counts by level, every red, each volunteer's count."""
    elders = by_id(parsed.get(ELDERS, []))
    full = show_full_names(settings)
    levels = Counter(a.level for a in alerts)
    reds = sorted((a for a in alerts if a.level == "红"), key=red_order)
    named = {a.object_name for a in reds}  # only a red line shows a name: 4,000 elders, a few hundred reds
    names = {
        str(e["姓名"]): (str(e["姓名"]) if full else elder_short_name(e))
        for e in elders.values()
        if e["姓名"] and str(e["姓名"]) in named
    }
    phones = re.split(r"[,，、;；/\s]+", str(settings.values.get(SECRETARY_MOBILE_SETTING) or ""))
    secretary = [m for m in (mobile(p) for p in phones) if m]
    return GroupDigest(
        title=f"【三有】{settings['社区名称']} {day_label(today)}",
        counts={lv: levels.get(lv, 0) for lv in LEVEL_ORDER},
        reds=[red_line(a, names) for a in reds],
        people=_people(parsed, alerts, settings, today),
        secretary_mobiles=secretary if reds else [],
        link=link,
        file_name=file_name,
    )


def sheet_place(workbook_link: str | None) -> tuple[str | None, str | None]:
    """(the sheet's web address, None) for Google Sheets, (None, the file's name) for an .xlsx file."""
    text = str(workbook_link or "")
    if text.startswith(("https://", "http://")):
        return text, None
    return None, (PurePath(text).name if text else None)
