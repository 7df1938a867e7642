"""What a 爱心联系卡 says: pure, from the parsed tabs and 设置. No health, case or elder's own phone."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from functions.domain.glyphs import missing_characters, printable_text
from functions.domain.model import Parsed, Record
from functions.domain.parse_cells import parse_phone
from functions.domain.settings import Settings
from functions.domain.tabs import ELDERS, VOLUNTEERS
from functions.domain.vocabulary import GONE, ON_DUTY  # no card for an elder who died or moved away

EMERGENCY = (("急救", "120"), ("报警", "110"), ("火警", "119"))
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 令狐 长孙 宇文 夏侯 司徒 端木 南宫 独孤 西门 轩辕".split()
)
_LIST_SEPARATORS = re.compile(r"[,，、;；/\s]+")
_BUILDING_NUMBER = re.compile(r"(\d+)\s*(?:号楼|号|栋|幢|座|楼)?")


@dataclass(frozen=True)
class Contact:
    """A person on the card: role, name as printed (with 编号 when a character cannot print), phone."""

    role: str
    name: str
    phone: str


@dataclass(frozen=True)
class Card:
    """One elder's card, every text as it will be printed."""

    elder_id: str
    building: str
    addressed: str  # 刘奶奶, or the 称呼; "＿奶奶（E0001）" when a character is not in the font
    community: str
    contacts: tuple[Contact, ...]  # 结对志愿者, 楼栋网格员, 书记, 社区服务中心
    printed_on: dt.date
    flagged: bool  # some name had a character the font lacks

    @property
    def date_text(self) -> str:
        """'2026年11月29日'."""
        return f"{self.printed_on.year}年{self.printed_on.month}月{self.printed_on.day}日"


def phone_text(raw: object) -> str:
    """'138 1234 5678' for a mobile (easy to read and dial); other numbers as parsed, or as written."""
    if raw is None or str(raw).strip() == "":
        return ""
    value, issue = parse_phone(raw)
    text = str(value) if value and issue is None else printable_text(unicodedata.normalize("NFKC", str(raw)).strip())
    if re.fullmatch(r"1\d{10}", text):
        return f"{text[:3]} {text[3:7]} {text[7:]}"
    landline = re.fullmatch(r"(0\d{2,3})-(\d{3,4})(\d{4})", text)
    return f"{landline[1]}-{landline[2]} {landline[3]}" if landline else text


def surname(name: str) -> str:
    """The family name: a known two-character one (欧阳) or the first character."""
    return name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]


def addressed_as(elder: Record) -> str:
    """The 称呼 when given, else 刘奶奶 / 刘爷爷 by 性别, else the full name."""
    given = str(elder.get("称呼") or "").strip()
    if given:
        return given
    name = str(elder.get("姓名") or "").strip()
    kin = {"女": "奶奶", "男": "爷爷"}.get(str(elder.get("性别") or ""))
    return f"{surname(name)}{kin}" if kin and name else name


def with_id_if_unprintable(text: str, own_id: str) -> tuple[str, bool]:
    """The text as printed: a missing character becomes a blank to write in, and the 编号 goes beside it."""
    if not missing_characters(text):
        return text, False
    return f"{printable_text(text)}（{own_id}）", True


def building_key(text: str) -> str:
    """'3栋', '3号楼', '３幢' and '3' are the same building; other names compare as written."""
    compact = unicodedata.normalize("NFKC", text).strip()
    m = _BUILDING_NUMBER.fullmatch(compact)
    return (m[1].lstrip("0") or "0") if m else compact


def building_volunteer(volunteers: list[Record], building: str) -> Record | None:
    """The first 在岗 volunteer (by 编号) whose 负责楼栋 lists the building: the card's 楼栋网格员."""
    key = building_key(building)
    if not key:
        return None
    on_duty = sorted((v for v in volunteers if v.get("状态") == ON_DUTY and v.get("编号")), key=lambda v: v["编号"])
    for volunteer in on_duty:
        listed = _LIST_SEPARATORS.split(str(volunteer.get("负责楼栋") or ""))
        if key in {building_key(b) for b in listed if b}:
            return volunteer
    return None


def _contact(role: str, volunteer: Record | None) -> tuple[Contact, bool]:
    if volunteer is None:
        return Contact(role, "暂未安排", ""), False
    name, flagged = with_id_if_unprintable(str(volunteer.get("姓名") or ""), str(volunteer.get("编号")))
    return Contact(role, name, phone_text(volunteer.get("联系电话"))), flagged


def make_card(elder: Record, parsed: Parsed, settings: Settings, today: dt.date) -> Card:
    """The card of one elder."""
    elder_id = str(elder.get("编号"))
    volunteers = parsed.get(VOLUNTEERS, [])
    by_id = {str(v.get("编号")): v for v in volunteers if v.get("编号")}
    buddy = by_id.get(str(elder.get("结对志愿者"))) if elder.get("结对志愿者") else None
    building = str(elder.get("楼栋") or "")
    addressed, elder_flagged = with_id_if_unprintable(addressed_as(elder), elder_id)
    buddy_contact, buddy_flagged = _contact("结对志愿者", buddy)
    grid_contact, grid_flagged = _contact("楼栋网格员", building_volunteer(volunteers, building))
    contacts = (
        buddy_contact,
        grid_contact,
        Contact("支部书记（24小时开机）", "", phone_text(settings["书记电话"])),
        Contact("社区服务中心", "", phone_text(settings["社区服务电话"])),
    )
    return Card(
        elder_id=elder_id,
        building=printable_text(building),
        addressed=addressed,
        community=printable_text(str(settings["社区名称"] or "")),
        contacts=contacts,
        printed_on=today,
        flagged=elder_flagged or buddy_flagged or grid_flagged,
    )


def elders_in_care(parsed: Parsed) -> list[Record]:
    """Elders who get a card: a 编号, not 已故 or 迁出; the first row of a repeated 编号."""
    seen: set[str] = set()
    result = []
    for elder in parsed.get(ELDERS, []):
        eid = elder.get("编号")
        if eid and eid not in seen and elder.get("状态") not in GONE:
            seen.add(eid)
            result.append(elder)
    return result


def make_cards(parsed: Parsed, settings: Settings, today: dt.date, elder_ids: list[str] | None = None) -> list[Card]:
    """Cards for the given 编号 (in that order), or for every elder in care."""
    elders = {str(e["编号"]): e for e in elders_in_care(parsed)}
    ids = elder_ids if elder_ids is not None else list(elders)
    return [make_card(elders[i], parsed, settings, today) for i in ids if i in elders]
