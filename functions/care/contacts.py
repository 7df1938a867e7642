"""Care rules about contacts: late greetings and visits, concerns, pairing and loneliness."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import compress, repeat
from operator import or_

from functions.domain.care_context import (
    CareContext,
    available_volunteer,
    back_since,
    build_context,
    care_level,
    elder_alert,
    elder_id,
    elder_route,
    elder_state,
    level_words,
    md,
    shared_value,
)
from functions.domain.model import Alert, Parsed, Record, with_bad_cells
from functions.domain.settings import Settings
from functions.domain.vocabulary import CARE_LEVELS, PHONE_GREETING, UCLA_ITEMS, UCLA_SCORES


def late_level(days: int, interval: int, multiplier: float) -> str | None:
    """None while days ≤ interval (due, not late), 黄 beyond it, 红 beyond 升级倍数 × interval."""
    if days > multiplier * interval:
        return "红"
    if days > interval:
        return "黄"
    return None


def visit_interval(ctx: CareContext, elder: Record) -> tuple[int, str]:
    """(走访 interval, where it comes from): the elder's own 走访间隔(天), else their level's."""
    own = elder["走访间隔(天)"]
    if isinstance(own, int) and own > 0:
        return own, "本人设定"
    return ctx.settings.interval(care_level(elder), "走访"), level_words(elder)


def last_visit(contacts: list[Record]) -> dt.date | None:
    """The latest in-person contact: every 方式 but 电话问候 (an unknown 方式 is not a visit)."""
    for contact in reversed(contacts):
        if contact["方式"] is not None and contact["方式"] != PHONE_GREETING:
            return contact["日期"]
    return None


def contact_alerts(ctx: CareContext) -> list[Alert]:
    """问候逾期 / 走访逾期 / 从未联系 for every active elder."""
    alerts: list[Alert] = []
    multiplier = float(ctx.settings["升级倍数"])
    escalated = f"，已超过间隔的 {multiplier:g} 倍，请书记关注"
    for elder in ctx.elders.values():
        if elder_state(elder, ctx.today) != "active":
            continue
        contacts = ctx.contacts.get(elder_id(elder), [])
        level = care_level(elder)
        greet = ctx.settings.interval(level, "问候")
        if not contacts:
            reason = f"还没有任何联系记录（{level_words(elder)}每 {greet} 天问候一次）"
            alerts.append(elder_alert(ctx, elder, "红", "从未联系", reason, 0))
            continue
        back = back_since(elder, ctx.today)  # back from hospital or a trip: the clocks start again then
        since_back = f"{md(back, ctx.today)}回来后" if back else ""
        last = contacts[-1]["日期"]
        days = (ctx.today - max(last, back) if back else ctx.today - last).days
        color = late_level(days, greet, multiplier)
        if color:
            said = f"{since_back}已 {days} 天没有问候" if back and back > last else f"已 {days} 天没有问候"
            reason = f"{said}（{level_words(elder)}每 {greet} 天一次）" + (escalated if color == "红" else "")
            alerts.append(elder_alert(ctx, elder, color, "问候逾期", reason, days - greet))
        interval, source = visit_interval(ctx, elder)
        visited = last_visit(contacts)
        # never visited in person: the clock starts at the first contact of any kind
        start = visited or contacts[0]["日期"]
        if back and back > start:
            start, what = back, f"{since_back}已 {{days}} 天没有上门走访"
        else:
            what = "已 {days} 天没有上门走访" if visited else "{days} 天前开始联系，还没有上门走访过"
        days = (ctx.today - start).days
        color = late_level(days, interval, multiplier)
        if color:
            reason = f"{what.format(days=days)}（{source}每 {interval} 天一次）" + (escalated if color == "红" else "")
            alerts.append(elder_alert(ctx, elder, color, "走访逾期", reason, days - interval))
    return alerts


def contacts_due(
    parsed: Parsed, settings: Settings, today: dt.date, within_days: int = 2
) -> list[tuple[str, str | None, str, dt.date]]:
    """(elder 编号, responsible 编号 or None, '问候'/'走访', due date) for contacts due today..today+within_days."""
    ctx = build_context(parsed, settings, today)  # one per block, held by it: its id names it there
    kind = f"contacts_due|{id(ctx)}|{within_days}"  # the digests and the group message both ask
    return shared_value(kind, parsed, lambda: due_contacts(ctx, within_days))


def due_contacts(ctx: CareContext, within_days: int = 2) -> list[tuple[str, str | None, str, dt.date]]:
    """contacts_due on an already built context."""
    due: list[tuple[str, str | None, str, dt.date]] = []
    horizon = ctx.today + dt.timedelta(days=within_days)
    for elder in ctx.elders.values():
        contacts = ctx.contacts.get(elder_id(elder), [])
        if not contacts or elder_state(elder, ctx.today) != "active":
            continue
        buddy = elder_route(ctx, elder).owner_id  # the buddy, else the building's volunteer
        greet = contacts[-1]["日期"] + dt.timedelta(days=ctx.settings.interval(care_level(elder), "问候"))
        visit = (last_visit(contacts) or contacts[0]["日期"]) + dt.timedelta(days=visit_interval(ctx, elder)[0])
        for kind, when in (("问候", greet), ("走访", visit)):
            if ctx.today <= when <= horizon:
                due.append((elder_id(elder), buddy, kind, when))
    return sorted(due, key=lambda d: (d[3], d[0], d[2]))


def _on_day(contacts: list[Record], day: dt.date) -> Iterator[Record]:
    """The contacts of that day, latest row first, from the end of a list in date order."""
    for contact in reversed(contacts):
        if contact["日期"] != day:
            return
        yield contact


def concern_alerts(ctx: CareContext) -> list[Alert]:
    """需跟进: the latest contact marked 需跟进=是 with no contact on a later day: 红."""
    alerts: list[Alert] = []
    for elder in ctx.elders.values():
        contacts = ctx.contacts.get(elder_id(elder), [])
        if not contacts or elder_state(elder, ctx.today) == "gone":
            continue
        # an unreadable 需跟进 counts as 是: a bad cell never hides a worry
        # a follow-up is a contact on a LATER day (same-day rows have no reliable order): only a concern on
        # the latest contact's day can still be open, so only that day's rows are looked at
        last_day = contacts[-1]["日期"]
        concern = next(
            (c for c in _on_day(contacts, last_day) if c["需跟进"] == "是" or "需跟进" in c.bad),
            None,
        )
        if concern is None:
            continue
        days = (ctx.today - concern["日期"]).days
        marked = "的“需跟进”没填好（按需要跟进处理）" if "需跟进" in concern.bad else "标了需要跟进"
        reason = f"{md(concern['日期'], ctx.today)}的{concern.get('方式', '联系')}记录{marked}，之后还没有人再联系"
        recorder = [("记录的志愿者", concern["志愿者编号"])]  # who saw the worry follows it up first
        alerts.append(elder_alert(ctx, elder, "红", "需跟进", reason, days, concern["日期"].isoformat(), recorder))
    return alerts


def pairing_alerts(ctx: CareContext) -> list[Alert]:
    """未结对: a 高/中 elder with no buddy, an unknown buddy, or a buddy who is 暂停/退出: 橙."""
    alerts: list[Alert] = []
    for elder in ctx.elders.values():
        level = care_level(elder)
        if level not in CARE_LEVELS[:2] or elder_state(elder, ctx.today) == "gone":
            continue
        vid = elder["结对志愿者"]
        if available_volunteer(ctx, vid) is not None:
            continue
        reason = f"关爱等级为{level}，请安排结对"
        alerts.append(elder_alert(ctx, elder, "橙", "未结对", reason, 0))
    return alerts


def alert_score(contact: Record) -> int | None:
    """The score the loneliness alert reads: an unreadable answer counts as 经常 (3), so it never hides an alert."""
    total = 0
    for item in UCLA_ITEMS:  # a loop that stops at the first blank answer: most contacts have none
        score = 3 if item in contact.bad else UCLA_SCORES.get(dict.get(contact, item))
        if score is None:
            return None
        total += score
    return total


def _last_assessed(contacts: list[Record], count: int = 3) -> list[tuple[Record, int]]:
    """The last `count` contacts with a score and their scores, oldest first (contacts in date order: the
    scan stops at the third from the end, not at an elder's first contact years back)."""
    found: list[tuple[Record, int]] = []
    # Only a contact with the first answer filled in (or unreadable) can have a score; C-level iterators skip
    # the rest, most of an elder's contacts (a blank answer is absent from its record).
    answered = map(dict.__contains__, reversed(contacts), repeat(UCLA_ITEMS[0]))
    unreadable = with_bad_cells(reversed(contacts))
    for contact in compress(reversed(contacts), map(or_, answered, unreadable)):
        score = alert_score(contact)
        if score is not None:
            found.append((contact, score))
            if len(found) == count:
                break
    found.reverse()
    return found


def loneliness_alerts(ctx: CareContext) -> list[Alert]:
    """孤独感: latest UCLA-3 score ≥ 孤独感阈值: 橙; the reason says when the last three kept rising."""
    alerts: list[Alert] = []
    threshold = int(ctx.settings["孤独感阈值"])
    for elder in ctx.elders.values():
        if elder_state(elder, ctx.today) == "gone":
            continue
        assessed = _last_assessed(ctx.contacts.get(elder_id(elder), []))
        if not assessed or assessed[-1][1] < threshold:
            continue
        latest, score = assessed[-1]
        reason = f"{md(latest['日期'], ctx.today)}孤独感评分 {score} 分（3–9 分，{threshold} 分及以上算孤独）"
        if latest.bad & set(UCLA_ITEMS):
            reason += "，其中没填好的一项按“经常”计"
        last3 = [s for _, s in assessed[-3:]]
        if len(last3) == 3 and last3[0] < last3[1] < last3[2]:
            reason += f"，最近三次评分持续上升（{'→'.join(map(str, last3))}）"
        alerts.append(elder_alert(ctx, elder, "橙", "孤独感", reason + "，请多陪伴", 0))
    return alerts
