"""The monthly report mail to the secretary: figures, arrows, care coverage and the chart inline. Aggregates only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from functions.digest.templates import environment
from functions.domain.model import Attachment, InlineImage, OutgoingMail
from functions.domain.months import month_label
from functions.domain.settings import Settings
from functions.metrics.arrows import (
    FALLING,
    FIGURES,
    NO_DATA,
    RISING,
    UP,
    Figure,
    change_text,
    delta,
    number_text,
)
from functions.metrics.compute import MonthMetrics

KIND = "monthly"


def _names(figures: list[Figure]) -> str:
    return "、".join(f.name for f in figures)


def _half(figures: tuple[Figure, ...], current: MonthMetrics, previous: MonthMetrics, verb: str, label: str) -> str:
    moved, stayed, unknown = [], [], []
    for f in figures:
        change = delta(getattr(current, f.attr), getattr(previous, f.attr), f)
        (unknown if change is None else moved if change * f.good > 0 else stayed).append(f)
    if len(moved) == len(figures):
        return f"该{label}的三项全部{verb}了"
    if len(stayed) == len(figures):
        return f"该{label}的三项都没有{verb}"
    parts = [f"{_names(moved)}{verb}了"] if moved else []
    parts += [f"{_names(stayed)}没有{verb}"] if stayed else []
    parts += [f"{_names(unknown)}缺少数据，无法比较"] if unknown else []
    return f"该{label}的指标中，" + "，".join(parts)


def headline(current: MonthMetrics, previous: MonthMetrics | None) -> str:
    """The plain sentence at the top: which of the three 升 rose and which of the three 降 fell."""
    if previous is None:
        return f"{month_label(current.month)}是第一个有统计的月份，还没有上个月的数字可以比较。"
    rising = _half(RISING, current, previous, "上升", "升")
    falling = _half(FALLING, current, previous, "下降", "降")
    return f"和上个月相比，{rising}；{falling}。"


def _value(value: float | None, decimals: int, unit: str) -> str:
    return NO_DATA if value is None else f"{number_text(value, decimals)}{unit}"


def _missing_denominators(settings: Settings) -> dict[str, str]:
    """Figure attribute → why it shows “—” when a 设置 value it divides by is missing."""
    return {} if settings["常住人口"] else {"participation_rate": "（“设置”里还没有填常住人口，无法计算）"}


def _figures(
    current: MonthMetrics, previous: MonthMetrics | None, why_missing: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    rows = []
    for f in FIGURES:
        change = change_text(getattr(current, f.attr), getattr(previous, f.attr) if previous else None, f)
        value = _value(getattr(current, f.attr), f.decimals, f.unit)
        rows.append(
            {
                "name": f.name,
                "value": value + (why_missing or {}).get(f.attr, "") if value == NO_DATA else value,
                "goal": "升为好" if f.good == UP else "降为好",
                "change": "上月没有数据可比" if change == NO_DATA else change,
                "tone": "good" if change.endswith("好") else "bad" if change.endswith("差") else "flat",
            }
        )
    return rows


def _care(m: MonthMetrics) -> list[tuple[str, str]]:
    return [
        (
            "月探访率",
            f"{_value(m.monthly_visit_rate, 1, '%')}（探访对象 {m.visit_scope} 位，已探访 {m.visit_reached} 位，"
            f"未探访 {m.visit_scope - m.visit_reached} 位，名单见“探访台账”；目标 100%）",
        ),
        *[(f"专项走访·{name}", f"应探访 {targets} 位，已探访 {reached} 位") for name, reached, targets in m.campaigns],
        (
            "上门覆盖率",
            f"{_value(m.visit_coverage, 1, '%')}（在册老人 {m.active_elders} 位中，本月至少有一次上门走访的比例；"
            "电话不算，一个月上门一次就算）",
        ),
        (
            "问候及时率",
            f"{_value(m.greeting_on_time, 1, '%')}（整月每两次联系之间都没有超过问候间隔的老人比例，电话也算；"
            "有一次晚了就不算，所以通常比上门覆盖率低得多）",
        ),
        ("参与服务的志愿者", f"{m.volunteers} 人（本月有走访记录或活动签到的志愿者）"),
        ("在岗志愿者", f"{m.on_duty_volunteers} 人（月底状态为“在岗”的志愿者，当月有没有记录都算）"),
        ("求助平均解决天数", _value(m.request_days, 1, " 天")),
        ("隐患平均整改天数", _value(m.patrol_days, 1, " 天")),
        ("纠纷按期化解率", _value(m.disputes_on_time_rate, 1, "%")),
        ("孤独老人占比", f"{_value(m.lonely_share, 1, '%')}（本月评估 {m.lonely_assessed} 位）"),
        ("志愿服务时长", _value(m.service_hours, 1, " 小时")),
        ("活动参与人数", f"{m.participants} 人"),
    ]


def report_identity(month: str, to: str) -> str:
    """The report mail's identity: 'YYYY-MM|monthly|address' (sent at most once)."""
    return f"{month}|{KIND}|{to}"


def cards_note(count: int) -> str:
    """The report's line about the attached contact cards ('' without any)."""
    if not count:
        return ""
    return (
        f"附件是 {count} 张需要发放的爱心联系卡（还没有发放的，或结对志愿者换了的），A4 纸打印，沿裁切线剪开。"
        "发到老人手里后，请在“老人档案”的“联系卡”一栏选“已发放”。"
    )


def compose_monthly_report(
    metrics_for_month: MonthMetrics,
    previous_month_metrics: MonthMetrics | None,
    chart_png: bytes,
    settings: Settings,
    month: str,
    today: dt.date,
    cards: Attachment | None = None,
    card_count: int = 0,
) -> list[OutgoingMail]:
    """One mail per 书记邮箱, HTML with the chart inline plus plain text, and the due contact cards' PDF."""
    community = settings.community_name
    cid = f"monthly-chart-{month}"
    context = {
        "community": community,
        "month": month_label(month),
        "today": f"{today.year}年{today.month}月{today.day}日",
        "headline": headline(metrics_for_month, previous_month_metrics),
        "figures": _figures(metrics_for_month, previous_month_metrics, _missing_denominators(settings)),
        "care": _care(metrics_for_month),
        "cid": cid,
        "cards_note": cards_note(card_count if cards else 0),
    }
    env = environment(keep_trailing_newline=False)
    html = env.get_template("monthly_report.html").render(context)
    text = env.get_template("monthly_report.txt").render(context)
    subject = f"{community}{month_label(month)}“三升三降”月报"
    image = InlineImage(cid=cid, data=chart_png, subtype="png")
    return [
        OutgoingMail(
            identity=report_identity(month, to),
            kind=KIND,
            to=to,
            subject=subject,
            text=text,
            html=html,
            images=(image,),
            attachments=(cards,) if cards else (),
        )
        for to in settings.secretary_emails
    ]
