"""Names the contact cards' font cannot print (生僻字): a 警告 in 问题清单, so nobody is surprised by the card."""

from __future__ import annotations

from functions.domain.glyphs import missing_characters
from functions.domain.model import Parsed, Problem
from functions.domain.parse_cells import WARNING
from functions.domain.tabs import ELDERS as ELDERS_TAB
from functions.domain.tabs import VOLUNTEERS as VOLUNTEERS_TAB

CARD_NAMES = {ELDERS_TAB: ("姓名", "称呼"), VOLUNTEERS_TAB: ("姓名",)}  # what a 爱心联系卡 prints


def unprintable_name_problems(parsed: Parsed) -> list[Problem]:
    """One 警告 per name cell holding a character the shipped font lacks."""
    problems = []
    for tab, headers in CARD_NAMES.items():
        for record in parsed.get(tab, []):
            for header in headers:
                value = record.get(header)
                missing = missing_characters(str(value)) if value is not None else ""
                if not missing:
                    continue
                own_id = record.get("编号") or "编号"
                problems.append(
                    Problem(
                        WARNING,
                        tab,
                        record.number,
                        header,
                        str(value)[:100],
                        f"“{missing}”字在联系卡的字体里没有，印不出来",
                        f"先核对是否打错字；没错的话，联系卡上这个字留空（可以手写补上），名字旁边印上编号 {own_id}",
                    )
                )
    return problems
