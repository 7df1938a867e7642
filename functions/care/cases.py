"""Care rules about community cases: mediation, safety-patrol findings and complaints."""

from __future__ import annotations

import datetime as dt

from functions.domain.care_context import CareContext, md, route_item, with_note
from functions.domain.model import Alert, Record
from functions.domain.privacy import DOMESTIC_VIOLENCE, DV_LABEL, case_type_name
from functions.domain.routing import SECRETARY
from functions.domain.tabs import COMPLAINTS, MEDIATION, PATROLS
from functions.domain.vocabulary import CASE_SETTLED, COMPLAINT_CLOSED, FINDING_FIXED


def _age(record: Record, header: str, today: dt.date) -> int | None:
    """Days since a date cell, None when it is missing or bad."""
    day = record[header]
    return (today - day).days if isinstance(day, dt.date) else None


def _case_alert(ctx: CareContext, case: Record, level: str, kind: str, reason: str, days: int) -> Alert:
    """An alert on a mediation case, named neutrally; a 家庭暴力 (or unknown-type) case by its 编号 only."""
    case_type = case["类型"]
    private = case_type in (DOMESTIC_VIOLENCE, None)
    building = "" if private else str(case.get("楼栋", ""))
    route = route_item(ctx, [("调解人", case["调解人"])], "" if case_type == DOMESTIC_VIOLENCE else building)
    return Alert(
        level=level,
        kind=kind,
        object_id=case["编号"] or f"纠纷调解第{case.number}行",
        object_name=DV_LABEL if case_type == DOMESTIC_VIOLENCE else case_type_name(case_type),
        building=building,
        owner=route.owner,
        reason=with_note(reason, route),
        days_late=0 if private else days,
        owner_id=route.owner_id,
        source_tab=MEDIATION,
        source_row=case.number,
    )


def mediation_alerts(ctx: CareContext) -> list[Alert]:
    """家庭暴力 (open: 红), 纠纷超期 (调解中 > 纠纷超期天数: 橙), 待回访 (已化解, no 回访 past 回访期限: 黄)."""
    # a 家庭暴力 alert carries no dates, days or building: the case is named only by its 编号
    limit, follow_up = int(ctx.settings["纠纷超期天数"]), int(ctx.settings["回访期限(天)"])
    alerts: list[Alert] = []
    for case in ctx.rows(MEDIATION):
        status, dv = case["状态"], case["类型"] == DOMESTIC_VIOLENCE
        if status not in (CASE_SETTLED, "已转介"):  # 调解中, or a missing/bad 状态
            age = _age(case, "登记日期", ctx.today)
            if dv:
                alerts.append(_case_alert(ctx, case, "红", "家庭暴力", "家庭暴力案件还在调解中，请书记亲自跟进", 0))
            elif age is not None and age > limit:
                reason = f"调解已 {age} 天还没有化解（超过 {limit} 天）"
                alerts.append(_case_alert(ctx, case, "橙", "纠纷超期", reason, age - limit))
            elif age is None and "登记日期" in case.bad:  # an unreadable date never hides a late case
                reason = "登记日期没填好，算不出调解是否超期，请核对日期"
                alerts.append(_case_alert(ctx, case, "橙", "纠纷超期", reason, 0))
        elif status == CASE_SETTLED and case["回访日期"] is None:
            resolved = case["化解日期"]
            if not isinstance(resolved, dt.date):  # a forgotten 化解日期 (an error in 问题清单) hides nothing:
                resolved = case["登记日期"]  # the follow-up is counted from registration instead
            if not isinstance(resolved, dt.date):
                continue
            late = (ctx.today - resolved).days - follow_up
            if late > 0:
                when = "化解后" if dv else f"{md(resolved, ctx.today)}化解，"
                reason = f"{when}已超过 {follow_up} 天回访期限，还没有回访记录"
                alerts.append(_case_alert(ctx, case, "黄", "待回访", reason, late))
    return alerts


def patrol_alerts(ctx: CareContext) -> list[Alert]:
    """巡查待通知 (beyond 巡查通知期限: 橙) and 巡查待整改 (beyond 巡查整改期限: 橙, beyond twice: 红)."""
    limit = int(ctx.settings["巡查整改期限(天)"])
    notify_within = int(ctx.settings["巡查通知期限(天)"])
    alerts: list[Alert] = []
    for finding in ctx.rows(PATROLS):
        status = finding["状态"]
        if status == FINDING_FIXED:
            continue
        label = finding.get("类型", "安全隐患")
        found_age = _age(finding, "发现日期", ctx.today)
        notified_age = _age(finding, "通知物业日期", ctx.today)
        # 待通知 with a 通知物业日期 filled in: the property company was told, so the repair clock runs
        if (status == "待通知" and notified_age is None) or (status != "待整改" and notified_age is None):
            if found_age is None and "发现日期" in finding.bad:  # an unreadable date never hides a finding
                level, kind, days = "橙", "巡查待通知", 0
                reason = f"发现{label}，发现日期没填好，算不出是否超期，请核对日期"
            elif found_age is None or found_age <= notify_within:
                continue
            else:
                level, kind, days = "橙", "巡查待通知", found_age - notify_within
                reason = f"发现{label} {found_age} 天了，还没有通知物业"
        else:
            # 待整改 without a 通知物业日期: counted from the finding, so the row still raises an alert
            age = notified_age if notified_age is not None else found_age
            if age is None and finding.bad & {"发现日期", "通知物业日期"}:  # unreadable dates hide nothing
                level, kind, days = "橙", "巡查待整改", 0
                reason = "日期没填好，算不出物业整改是否超期，请核对日期"
            elif age is None or age <= limit:
                continue
            else:
                level, kind, days = ("红" if age > 2 * limit else "橙"), "巡查待整改", age - limit
                since = "通知物业" if notified_age is not None else "发现（没有填写通知物业日期）"
                reason = f"{since}已 {age} 天，物业还没有整改（期限 {limit} 天）"
        route = route_item(ctx, [("发现人", finding["发现人"])])  # 位置 is free text, not a building
        alerts.append(
            Alert(
                level=level,
                kind=kind,
                object_id=finding["编号"] or f"安全巡查第{finding.number}行",
                object_name=label,
                building=str(finding.get("位置", "")),
                owner=route.owner,
                reason=with_note(reason, route),
                days_late=days,
                owner_id=route.owner_id,
                source_tab=PATROLS,
                source_row=finding.number,
            )
        )
    return alerts


def complaint_alerts(ctx: CareContext) -> list[Alert]:
    """投诉超期: a complaint still 处理中 beyond 投诉办结期限 (15 days by default): 黄, to the secretary."""
    limit = int(ctx.settings["投诉办结期限(天)"])
    alerts: list[Alert] = []
    for complaint in ctx.rows(COMPLAINTS):
        age = _age(complaint, "日期", ctx.today)
        unreadable = age is None and "日期" in complaint.bad  # an unreadable date never hides a complaint
        if complaint["状态"] == COMPLAINT_CLOSED or (not unreadable and (age is None or age <= limit)):
            continue
        topic = f"（{complaint['类别']}）" if complaint["类别"] else ""
        alerts.append(
            Alert(
                level="黄",
                kind="投诉超期",
                object_id=complaint["编号"] or f"投诉第{complaint.number}行",
                object_name=f"{complaint.get('渠道', '')}投诉{topic}",
                building="",
                owner=SECRETARY,
                reason=f"投诉已 {age} 天还在处理中（要求 {limit} 天内办结）"
                if age is not None
                else "投诉的日期没填好，算不出是否超期，请核对日期",
                days_late=age - limit if age is not None else 0,
                source_tab=COMPLAINTS,
                source_row=complaint.number,
            )
        )
    return alerts
