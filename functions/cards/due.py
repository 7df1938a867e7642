"""Which cards go with the monthly report: not issued yet, or the buddy changed since; each card once.

联系卡记录 (system tab) keeps, per elder, the buddy on the card as the system last knew it and the report
month the card went with. The first time an elder is seen with 联系卡 = 已发放 the current buddy is taken as
the one on the card (a baseline, no month). A re-run for the same report month gives the same cards.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from functions.domain.model import Record
from functions.domain.schema import default_schema
from functions.domain.serial_dates import read_back_date
from functions.domain.table import Table, is_blank
from functions.domain.tabs import CARDS as CARDS_TAB

ISSUED = "已发放"
ELDER, BUDDY, MONTH, RECORDED = "老人编号", "卡上结对志愿者", "出卡月份", "记录日期"


@dataclass(frozen=True)
class CardRecord:
    """One row of 联系卡记录."""

    buddy: str  # the buddy's 编号 on the card, "" for none
    month: str  # the report month the card went with, "" for a baseline
    recorded: dt.date


def _text(value: object) -> str:
    return "" if is_blank(value) else str(value).strip()


def previous_records(previous: Table | None) -> dict[str, CardRecord]:
    """老人编号 → its record, from the tab as last written."""
    records: dict[str, CardRecord] = {}
    for row in previous.rows if previous else []:
        elder = _text(row.get(ELDER))
        recorded = read_back_date(row.get(RECORDED))
        if elder and elder not in records and recorded is not None:
            records[elder] = CardRecord(_text(row.get(BUDDY)), _text(row.get(MONTH)), recorded)
    return records


def cards_due(
    elders: list[Record], previous: Table | None, report_month: str, today: dt.date
) -> tuple[list[str], dict[str, CardRecord]]:
    """The 编号 whose card goes with this month's report, and every elder's record once it goes."""
    old = previous_records(previous)
    due: list[str] = []
    records: dict[str, CardRecord] = {}
    for elder in elders:
        eid, buddy = str(elder["编号"]), _text(elder.get("结对志愿者"))
        record = old.get(eid)
        sent_now = CardRecord(buddy, report_month, today)
        if record is not None and record.month == report_month:  # the same report again: the same card
            due.append(eid)
            records[eid] = CardRecord(buddy, report_month, record.recorded)
        elif elder.get("联系卡") == ISSUED:
            if record is None:
                records[eid] = CardRecord(buddy, "", today)  # baseline: the card on the wall shows today's buddy
            elif record.buddy != buddy:
                due.append(eid)  # the buddy changed since the card was issued
                records[eid] = sent_now
            else:
                records[eid] = record
        elif record is not None and record.month and record.buddy == buddy:
            records[eid] = record  # not handed out yet, but this very card already went once
        else:
            due.append(eid)
            records[eid] = sent_now
    return due, records


def baseline_only(records: dict[str, CardRecord], previous: Table | None) -> dict[str, CardRecord]:
    """The records when no card goes this time: the old ones plus new baselines, nothing marked as sent."""
    old = previous_records(previous)
    return {eid: old.get(eid, r) for eid, r in records.items() if eid in old or not r.month}


def card_rows(records: dict[str, CardRecord]) -> list[list]:
    """联系卡记录 rows in the schema's column order, by 老人编号."""
    headers = default_schema()[CARDS_TAB].headers
    rows = []
    for eid in sorted(records):
        r = records[eid]
        values = {ELDER: eid, BUDDY: r.buddy, MONTH: r.month, RECORDED: r.recorded}
        rows.append([values.get(h) for h in headers])
    return rows
