"""An elder whose 编号 repeats another's cannot be checked: say so rather than drop them silently."""
from __future__ import annotations

from .care_common import ELDERS, CareContext, elder_building, elder_id, elder_state, owner_of
from .model import Alert


def duplicate_elder_alerts(ctx: CareContext) -> list[Alert]:
    """红 编号重复 for each later row that repeats an elder's 编号 (its contacts go to the first row)."""
    alerts = []
    for record in ctx.duplicates:
        if elder_state(record, ctx.today) == "gone":
            continue
        eid = elder_id(record)
        first = ctx.elders[eid]
        owner, owner_id = owner_of(ctx, record["结对志愿者"])
        reason = (f"编号 {eid} 和第 {first.number} 行的{first['姓名'] or '老人'}重复，"
                  "这位老人的走访记录无法核对，请给其中一位改成新编号")
        alerts.append(Alert(level="红", kind="编号重复", object_id=eid, object_name=record["姓名"] or "",
                            building=elder_building(record), owner=owner, reason=reason, days_late=0,
                            due=f"第{record.number}行", owner_id=owner_id, source_tab=ELDERS,
                            source_row=record.number))
    return alerts
