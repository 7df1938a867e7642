"""`cards`: the 爱心联系卡 PDF for chosen elders, read from the workbook (which is not written)."""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from functions.cards.content import elders_in_care, make_cards
from functions.cards.due import ISSUED
from functions.domain.errors import SanyouError
from functions.domain.workbook import Workbook
from functions.jobs.runner import Progress, quiet, resolve_today
from functions.validation.validate import validate


class UnknownElders(SanyouError, ValueError):
    """--elders names a 编号 that is not in 老人档案 (or an elder who died or moved away)."""


@dataclass
class CardsPrinted:
    """What `cards` made: how many cards, which elders' names needed their 编号, notes for the person."""

    count: int
    flagged: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def parse_elder_ids(text: str) -> list[str]:
    """'E0001, e0002，E0003' → ['E0001', 'E0002', 'E0003'] (each once, in order)."""
    parts = re.split(r"[,，、;；\s]+", unicodedata.normalize("NFKC", text).upper())
    return list(dict.fromkeys(p for p in parts if p))


def print_cards(
    workbook: Workbook,
    out: str,
    today: dt.date | None = None,
    elder_ids: list[str] | None = None,
    not_issued: bool = False,
    progress: Progress = quiet,
) -> CardsPrinted:
    """Write the cards of the given elders (default: every elder in care; or only 未发放/blank) to out."""
    progress("正在读取工作簿……")
    snapshot = workbook.read()
    day = resolve_today(snapshot, today)
    validation = validate(snapshot, day)
    elders = elders_in_care(validation.parsed)
    if elder_ids:
        known = {str(e["编号"]) for e in elders}
        unknown = [i for i in elder_ids if i not in known]
        if unknown:
            raise UnknownElders(f"“老人档案”里没有这些编号（或老人已故、迁出）：{'、'.join(unknown)}")
        ids = elder_ids
    else:
        ids = [str(e["编号"]) for e in elders if not not_issued or e.get("联系卡") != ISSUED]
    if not ids:
        return CardsPrinted(0, messages=["没有需要打印的联系卡，没有生成文件。"])
    from functions.cards.pdf import render_cards

    progress(f"正在生成 {len(ids)} 张联系卡……")
    cards = make_cards(validation.parsed, validation.settings, day, ids)
    target = Path(out)
    partial = target.with_name(f".{target.name}.partial")
    partial.write_bytes(render_cards(cards, day))
    os.replace(partial, target)  # never a half-written PDF under the real name
    printed = CardsPrinted(len(cards), [c.elder_id for c in cards if c.flagged])
    printed.messages.append(f"已生成 {len(cards)} 张爱心联系卡（{(len(cards) + 3) // 4} 页 A4）：{out}")
    blank = [key for key in ("书记电话", "社区服务电话") if not validation.settings[key]]
    if blank:
        printed.messages.append(f"“设置”里还没有填写{'、'.join(blank)}，卡上这一栏留了一条横线，可以手写。")
    if printed.flagged:
        printed.messages.append(
            f"这些老人的卡上有字体印不出的字，已留空并在旁边印上编号：{'、'.join(printed.flagged)}（详见“问题清单”）"
        )
    return printed
