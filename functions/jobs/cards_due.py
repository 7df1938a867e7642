"""The monthly job's part of 爱心联系卡: the PDF of due cards for the report mail, and 联系卡记录's rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from functions.cards.content import elders_in_care, make_cards
from functions.cards.due import CARDS_TAB, baseline_only, card_rows, cards_due
from functions.domain.model import Attachment
from functions.domain.settings import Settings
from functions.domain.tabs import RUNLOG as RUNLOG_TAB
from functions.domain.workbook import Snapshot, SystemRows
from functions.jobs.mail_ledger import SENT
from functions.sheets_out.runlog import mail_status
from functions.validation.validate import Validation

__all__ = ["CARDS_TAB", "DueCards", "due_cards"]


@dataclass
class DueCards:
    """The PDF to attach (None when no card goes), how many cards it holds, and the 联系卡记录 rows to write."""

    attachment: Attachment | None
    count: int
    rows: SystemRows
    flagged: list[str] = field(default_factory=list)  # elders whose card has a name the font lacks

    def messages(self, settings: Settings) -> list[str]:
        """What the secretary should know about this run's cards, for the command line and the HTTP answer."""
        if not self.count:
            return []
        lines = [f"爱心联系卡 {self.count} 张（PDF）附在月报邮件里。"]
        blank = [key for key in ("书记电话", "社区服务电话") if not settings[key]]
        if blank:
            lines.append(f"“设置”里还没有填写{'、'.join(blank)}，联系卡上这一栏留了一条横线，可以手写。")
        if self.flagged:
            lines.append(f"有 {len(self.flagged)} 张卡的姓名里有字体印不出的字，已在姓名旁印上编号，详见“问题清单”。")
        return lines


def due_cards(
    snapshot: Snapshot, validation: Validation, month: str, today: dt.date, identities: list[str]
) -> DueCards:
    """The cards due with this month's report; marked as sent only when some report mail (identities) will go."""
    previous = snapshot.tables.get(CARDS_TAB)
    due, records = cards_due(elders_in_care(validation.parsed), previous, month, today)
    sent = mail_status(snapshot.tables.get(RUNLOG_TAB))
    if not due or all(sent.get(identity) == SENT for identity in identities):
        return DueCards(None, 0, card_rows(baseline_only(records, previous)))
    from functions.cards.pdf import render_cards  # fpdf2 only when a card is due

    cards = make_cards(validation.parsed, validation.settings, today, due)
    attachment = Attachment(f"爱心联系卡-{month}.pdf", render_cards(cards, today))
    return DueCards(attachment, len(cards), card_rows(records), [c.elder_id for c in cards if c.flagged])
