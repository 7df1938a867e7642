"""专项走访 (cold wave, heat wave, typhoon, epidemic): every target elder visited from 开始日期 to 截止日期."""

from __future__ import annotations

from functions.domain.care_context import (
    CareContext,
    elder_alert,
    elder_id,
    elder_state,
    md,
)
from functions.domain.model import Alert
from functions.domain.tabs import CAMPAIGNS
from functions.domain.visits import campaigns, is_target, reached_since

KIND = CAMPAIGNS  # the alert is named after its tab
AFTER_DEADLINE_DAYS = 7  # a missed target stays 红 this many days past 截止日期, then the campaign is over


def campaign_alerts(ctx: CareContext) -> list[Alert]:
    """黄 from 开始日期, 橙 the day before 截止日期, 红 on it and for 7 days after, for each target not yet reached."""
    alerts: list[Alert] = []
    for campaign in campaigns(ctx.rows(CAMPAIGNS), ctx.settings):
        left = (campaign.deadline - ctx.today).days
        if ctx.today < campaign.start or left < -AFTER_DEADLINE_DAYS:
            continue
        level = "红" if left <= 0 else "橙" if left == 1 else "黄"
        when = (
            f"截止日期{md(campaign.deadline, ctx.today)}已过 {-left} 天"
            if left < 0
            else "今天截止"
            if left == 0
            else f"{md(campaign.deadline, ctx.today)}截止，还有 {left} 天"
        )
        for elder in ctx.elders.values():
            if elder_state(elder, ctx.today) != "active" or not is_target(campaign, elder):
                continue
            if reached_since(ctx.contacts.get(elder_id(elder), []), campaign, ctx.today):
                continue
            reason = f"{campaign.name}（{md(campaign.start, ctx.today)}起）：还没有探访（{when}）"
            alerts.append(elder_alert(ctx, elder, level, KIND, reason, max(-left, 0), campaign.cid))
    return alerts
