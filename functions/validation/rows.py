"""Row checks within one tab: duplicate keys, closing status and dates, date order, fee figures."""

from __future__ import annotations

import datetime as dt
from itertools import compress, repeat
from operator import or_

from functions.domain.model import Parsed, Problem, Record, cells_of, with_bad_cells
from functions.domain.parse_cells import ERROR, WARNING
from functions.domain.schema import Schema
from functions.domain.tabs import COMPLAINTS, CONTACTS, FEES, MEDIATION, PATROLS, REQUESTS
from functions.domain.vocabulary import CASE_SETTLED, COMPLAINT_CLOSED, FINDING_FIXED, REQUEST_SOLVED, UCLA_ITEMS

# (tab, status column, closed status, closing date column)
PARTLY = frozenset(range(1, len(UCLA_ITEMS)))  # blank answers in a partly answered row
CLOSING = [
    (REQUESTS, "状态", REQUEST_SOLVED, "解决日期"),
    (MEDIATION, "状态", CASE_SETTLED, "化解日期"),
    (PATROLS, "状态", FINDING_FIXED, "整改日期"),
    (COMPLAINTS, "状态", COMPLAINT_CLOSED, "办结日期"),
]
# (tab, earlier date column, later date column)
DATE_ORDER = [
    (REQUESTS, "登记日期", "解决日期"),
    (MEDIATION, "登记日期", "化解日期"),
    (MEDIATION, "化解日期", "回访日期"),
    (PATROLS, "发现日期", "通知物业日期"),
    (PATROLS, "发现日期", "整改日期"),
    (COMPLAINTS, "日期", "办结日期"),
]
Present = dict[str, set[str]]  # tab title -> schema headers the sheet has


def really_blank(record: Record, column: str) -> bool:
    """Really empty: not a cell that failed to parse (that one already has its own problem)."""
    return record.values.get(column) is None and column not in record.bad


def duplicate_problems(parsed: Parsed, schema: Schema) -> list[Problem]:
    """Every row whose unique key (编号, 月份, 项目) another row also uses, naming all of them."""
    problems: list[Problem] = []
    for tab in schema.volunteer_tabs:
        for field in (f for f in tab.fields if f.unique):
            rows: dict[str, list[int]] = {}
            for record in parsed.get(tab.title, []):
                value = record.values.get(field.name)
                if value is not None:
                    rows.setdefault(str(value), []).append(record.number)
            for value, numbers in rows.items():
                if len(numbers) < 2:
                    continue
                listing = "、".join(str(n) for n in numbers)
                hint = (
                    "同一个月份只能有一行，请合并或删掉多余的行"
                    if field.type == "month"
                    else "每个编号只能用一次：同一条记录请删掉多余的行，不同的记录请给其中一行换新编号"
                )
                for number in numbers:
                    problems.append(
                        Problem(
                            ERROR,
                            tab.title,
                            number,
                            field.name,
                            value,
                            f"{field.name}“{value}”重复：第 {listing} 行都用了它",
                            hint,
                        )
                    )
    return problems


def closing_problems(parsed: Parsed, present: Present, today: dt.date) -> list[Problem]:
    """A closed case without its closing date, or a closing date on a case still open."""
    problems: list[Problem] = []
    for title, status_col, closed, date_col in CLOSING:
        if not {status_col, date_col} <= present.get(title, set()):
            continue
        for record in parsed.get(title, []):
            status = record.values.get(status_col)
            if status == closed and really_blank(record, date_col):
                problems.append(
                    Problem(
                        ERROR,
                        title,
                        record.number,
                        date_col,
                        "",
                        f"状态是“{closed}”，但没有填{date_col}",
                        f"请填上{date_col}，如 {today.isoformat()}",
                    )
                )
            elif status is not None and status != closed and record.values.get(date_col) is not None:
                problems.append(
                    Problem(
                        WARNING,
                        title,
                        record.number,
                        status_col,
                        status,
                        f"填了{date_col}，但状态还是“{status}”",
                        f"如果已经办完，请把状态改为“{closed}”",
                    )
                )
    return problems


def date_order_problems(parsed: Parsed) -> list[Problem]:
    """A later step dated before an earlier one (e.g. 解决日期 before 登记日期)."""
    problems: list[Problem] = []
    for title, earlier, later in DATE_ORDER:
        for record in parsed.get(title, []):
            first, second = record.values.get(earlier), record.values.get(later)
            if first is not None and second is not None and second < first:
                problems.append(
                    Problem(
                        ERROR,
                        title,
                        record.number,
                        later,
                        second.isoformat(),
                        f"{later}比{earlier}还早",
                        f"请核对两个日期：{later}应在{earlier}（{first.isoformat()}）之后",
                    )
                )
    return problems


def fee_problems(parsed: Parsed) -> list[Problem]:
    """已缴户数 more than 应缴户数."""
    problems: list[Problem] = []
    for record in parsed.get(FEES, []):
        due, paid = record.values.get("应缴户数"), record.values.get("已缴户数")
        if due is not None and paid is not None and paid > due:
            problems.append(
                Problem(
                    ERROR,
                    FEES,
                    record.number,
                    "已缴户数",
                    str(paid),
                    "已缴户数比应缴户数还多",
                    f"请核对：已缴户数不能多于应缴户数（{due}）",
                )
            )
    return problems


def loneliness_problems(parsed: Parsed, present: Present) -> list[Problem]:
    """Only part of the three loneliness questions answered: the score cannot count."""
    if not set(UCLA_ITEMS) <= present.get(CONTACTS, set()):
        return []
    problems: list[Problem] = []
    records = parsed.get(CONTACTS, [])
    # Only a row with some answers blank and some not, or with a bad cell, can be partial: the others (not
    # asked at all, or all answered) are skipped by C-level iterators, as this runs on 170,000 contacts.
    # Blank answers are absent from a record; the headers are the schema's.
    answers = zip(*(cells_of(records, item) for item in UCLA_ITEMS), strict=True)
    partly = map(PARTLY.__contains__, map(tuple.count, answers, repeat(None)))
    for record in compress(records, map(or_, partly, with_bad_cells(records))):
        empty = [item for item in UCLA_ITEMS if really_blank(record, item)]
        if 0 < len(empty) < len(UCLA_ITEMS):
            problems.append(
                Problem(
                    WARNING,
                    CONTACTS,
                    record.number,
                    empty[0],
                    "",
                    "孤独感三题只填了一部分",
                    "三题要么都填，要么都空着；只填一部分不计入孤独感统计",
                )
            )
    return problems
