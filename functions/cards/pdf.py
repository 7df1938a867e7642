"""爱心联系卡 as a print-ready A4 PDF: four 90 × 130 mm cards a page, cut marks, the shipped font embedded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from fpdf import FPDF
from fpdf.enums import TextMode

from functions.cards.content import EMERGENCY, Card, Contact
from functions.domain.paths import FONT_FILE

FONT = "SanyouSans"  # the shipped subset of Noto Sans CJK SC (OFL): every card's text is checked against it
PAGE_W, PAGE_H = 210.0, 297.0  # A4, mm
CARD_W, CARD_H = 90.0, 130.0
LEFT, TOP = (PAGE_W - 2 * CARD_W) / 2, (PAGE_H - 2 * CARD_H) / 2
INSET = 4.0  # the frame inside each card
MARK, MARK_GAP = 6.0, 2.0  # cut-mark length and its gap from the card's corner
PHONE_PT, EMERGENCY_PT, PHONE_MIN_PT = 22, 16, 16  # the numbers an elder dials: large, never under 16 pt


class CardSheet(FPDF):
    """An A4 document with the card font registered, black on white."""

    def __init__(self, printed_on: dt.date) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_auto_page_break(False)
        self.set_margin(0)
        self.add_font(FONT, fname=str(FONT_FILE))
        self.set_title("爱心联系卡")
        self.set_creator("三有 (Sanyou)")
        self.set_creation_date(dt.datetime.combine(printed_on, dt.time(), dt.UTC))

    def write_text(
        self, x: float, baseline: float, text: str, size: float, width: float, bold: bool = False, center: bool = False
    ) -> None:
        """Text at a baseline, shrunk until it fits the width (numbers never below 16 pt), maybe centred, maybe bold."""
        smallest = min(size, PHONE_MIN_PT) if bold else 8  # bold = a number to dial or a heading
        while size > smallest and self._width(text, size) > width:
            size -= 0.5
        self.set_font(FONT, size=size)
        left = x + (width - self.get_string_width(text)) / 2 if center else x
        if not bold:
            self.text(left, baseline, text)
            return
        with self.local_context(text_mode=TextMode.FILL_STROKE, line_width=size * 0.012):  # q … Q: nothing leaks
            self.text(left, baseline, text)

    def _width(self, text: str, size: float) -> float:
        self.set_font(FONT, size=size)
        return self.get_string_width(text)


def _cut_marks(pdf: CardSheet) -> None:
    """Short hairlines outside the cards at every cut, in the page margins."""
    pdf.set_line_width(0.2)
    xs = [LEFT + i * CARD_W for i in range(3)]
    ys = [TOP + i * CARD_H for i in range(3)]
    for x in xs:
        pdf.line(x, TOP - MARK_GAP - MARK, x, TOP - MARK_GAP)
        pdf.line(x, ys[-1] + MARK_GAP, x, ys[-1] + MARK_GAP + MARK)
    for y in ys:
        pdf.line(LEFT - MARK_GAP - MARK, y, LEFT - MARK_GAP, y)
        pdf.line(xs[-1] + MARK_GAP, y, xs[-1] + MARK_GAP + MARK, y)


def _contact(pdf: CardSheet, x: float, y: float, width: float, contact: Contact) -> None:
    """Role and name on one line, the phone large below it (a line to write on when there is none)."""
    label = f"{contact.role}：{contact.name}" if contact.name else f"{contact.role}："
    pdf.write_text(x, y + 5, label, 13, width)
    if contact.phone:
        pdf.write_text(x, y + 14, contact.phone, PHONE_PT, width, bold=True, center=True)
    elif contact.name != "暂未安排":
        pdf.set_line_width(0.3)
        pdf.line(x + 2, y + 14, x + width - 6, y + 14)


def _card(pdf: CardSheet, left: float, top: float, card: Card) -> None:
    """One card inside its 90 × 130 mm cell."""
    x, width = left + INSET + 3, CARD_W - 2 * INSET - 6
    pdf.set_line_width(0.8)
    pdf.rect(left + INSET, top + INSET, CARD_W - 2 * INSET, CARD_H - 2 * INSET)
    pdf.write_text(x, top + 16, "爱心联系卡", 26, width, bold=True, center=True)
    pdf.write_text(x, top + 23, card.community, 12, width, center=True)
    pdf.set_line_width(0.4)
    pdf.line(x, top + 26, x + width, top + 26)
    pdf.write_text(x, top + 35, f"{card.addressed}：", 20, width, bold=True)
    pdf.write_text(x, top + 41.5, "有任何需要，随时打电话给我们。", 12, width)
    for i, contact in enumerate(card.contacts):
        _contact(pdf, x, top + 44 + i * 16, width, contact)
    pdf.set_line_width(0.8)
    pdf.rect(x - 1, top + 109, width + 2, 10)
    pdf.write_text(
        x,
        top + 116.5,
        "  ".join(f"{what} {number}" for what, number in EMERGENCY),
        EMERGENCY_PT,
        width,
        bold=True,
        center=True,
    )
    pdf.write_text(x, top + 124, f"{card.elder_id} · {card.building} · {card.date_text}印制", 8, width, center=True)


def render_cards(cards: Sequence[Card], printed_on: dt.date) -> bytes:
    """The PDF: four cards a page (left to right, top to bottom), cut marks on every page."""
    pdf = CardSheet(printed_on)
    for start in range(0, max(len(cards), 1), 4):
        pdf.add_page()
        _cut_marks(pdf)
        for slot, card in enumerate(cards[start : start + 4]):
            _card(pdf, LEFT + (slot % 2) * CARD_W, TOP + (slot // 2) * CARD_H, card)
    return bytes(pdf.output())
