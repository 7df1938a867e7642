"""The one-tap confirmation page and the 走访记录 row it records: pure, from a claim, the sheet and the form."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from functions.domain.confirm_token import KINDS, Claim
from functions.domain.errors import SanyouError
from functions.domain.model import Record
from functions.domain.vocabulary import UCLA_ITEMS, UCLA_SCORES

UCLA_QUESTIONS = {
    "缺少陪伴": "您是否经常觉得缺少陪伴？",
    "被冷落": "您是否经常觉得被冷落？",
    "与人隔绝": "您是否经常觉得与别人隔绝？",
}
UCLA_ANSWERS = tuple(UCLA_SCORES)  # 几乎没有 / 有时 / 经常
FOLLOW_MODES = ("上门走访", "电话问候")
MAX_MINUTES = 600
CONFIRM_TASK = "一键确认"
RESULT_RECORDED, RESULT_MISSED = "已记录", "未联系上"


class FormError(SanyouError, ValueError):
    """The submitted form is not usable; the message says what to change, in Chinese."""


@dataclass(frozen=True)
class Confirmation:
    """A checked submission: the contact date, the 方式 recorded (None for 没联系上) and the row's cells."""

    claim: Claim
    day: dt.date
    mode: str | None
    cells: dict[str, Any]

    @property
    def identity(self) -> str:
        """The key that makes a second tap a no-op: date, elder, volunteer, kind."""
        c = self.claim
        return f"confirm:{self.day.isoformat()}:{c.elder}:{c.volunteer}:{c.kind}"


def elder_greeting(elder: Record | None, elder_id: str) -> str:
    """How the page names the elder: 姓名 and nothing more personal; the 编号 when the row is gone."""
    return (elder and elder.get("姓名")) or elder_id


def page_context(claim: Claim, elder: Record | None, volunteer: Record | None, today: dt.date) -> dict[str, Any]:
    """What the phone page shows: the elder's name and building, the kind, the dates, the questions."""
    label, mode = KINDS[claim.kind]
    return {
        "elder_name": elder_greeting(elder, claim.elder),
        "building": (elder and elder.get("楼栋")) or "",
        "volunteer_name": (volunteer and volunteer.get("姓名")) or claim.volunteer,
        "label": label,
        "kind": claim.kind,
        "mode": mode,
        "days": [(today.isoformat(), f"今天 {today.month}月{today.day}日"), _yesterday(today)],
        "asks_minutes": mode is not None,
        "asks_loneliness": claim.kind in ("visit", "follow"),
        "follow_modes": FOLLOW_MODES if claim.kind == "follow" else (),
        "questions": [(item, UCLA_QUESTIONS[item]) for item in UCLA_ITEMS],
        "answers": UCLA_ANSWERS,
        "max_minutes": MAX_MINUTES,
    }


def _yesterday(today: dt.date) -> tuple[str, str]:
    day = today - dt.timedelta(days=1)
    return day.isoformat(), f"昨天 {day.month}月{day.day}日"


def _day(form: dict[str, str], claim: Claim, today: dt.date) -> dt.date:
    try:
        day = dt.date.fromisoformat(form.get("date", "").strip() or today.isoformat())
    except ValueError:
        raise FormError("日期看不懂，请选今天或昨天") from None
    if day not in (today, today - dt.timedelta(days=1)) or day < claim.issued - dt.timedelta(days=1):
        raise FormError("只能记今天或昨天的联系")
    return day


def _minutes(form: dict[str, str]) -> int | None:
    text = form.get("minutes", "").strip()
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= MAX_MINUTES:
        raise FormError(f"时长请填 1 到 {MAX_MINUTES} 之间的分钟数，或者空着")
    return int(text)


def read_form(claim: Claim, form: dict[str, str], today: dt.date) -> Confirmation:
    """Check the submitted fields; FormError says which one is wrong."""
    day = _day(form, claim, today)
    mode = KINDS[claim.kind][1]
    if claim.kind == "follow":
        mode = form.get("mode", mode)
        if mode not in FOLLOW_MODES:
            raise FormError("请选择上门还是电话")
    if mode is None:
        return Confirmation(claim, day, None, {})
    cells: dict[str, Any] = {"日期": day, "老人编号": claim.elder, "志愿者编号": claim.volunteer, "方式": mode}
    minutes = _minutes(form)
    if minutes is not None:
        cells["时长(分钟)"] = minutes
    if claim.kind in ("visit", "follow"):
        for item in UCLA_ITEMS:
            answer = form.get(item, "").strip()
            if answer and answer not in UCLA_ANSWERS:
                raise FormError("孤独感的回答请从选项里选")
            if answer:
                cells[item] = answer
    cells["需跟进"] = "是" if claim.kind == "follow" else "否"
    return Confirmation(claim, day, mode, cells)


def missed_attempt(identity: object) -> tuple[dt.date, str, str] | None:
    """(day, elder, volunteer) of a 没联系上 confirmation's identity in 运行记录, else None."""
    parts = str(identity or "").strip().split(":")
    if len(parts) != 5 or parts[0] != "confirm" or parts[4] != "missed":
        return None
    try:
        return dt.date.fromisoformat(parts[1]), parts[2], parts[3]
    except ValueError:
        return None


def runlog_line(confirmation: Confirmation, stamp: str) -> list[Any]:
    """The audit line in 运行记录: who confirmed which elder, how (codes only, no names)."""
    c = confirmation.claim
    result = RESULT_RECORDED if confirmation.mode else RESULT_MISSED
    what = confirmation.mode or "没联系上"
    summary = f"{c.volunteer} 确认 {c.elder}：{what}（{confirmation.day.month}月{confirmation.day.day}日）"
    return [stamp, CONFIRM_TASK, result, summary, confirmation.identity, "", ""]
