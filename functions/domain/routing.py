"""Who hears of each reminder: the item's own person when 在岗, else the building's volunteer, else the secretary."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from functions.domain.model import Record

AVAILABLE = "在岗"  # only a readable 在岗 counts: a blank or unreadable 状态 never makes someone responsible
SECRETARY = "书记"
BUILDINGS = "负责楼栋"
GRID_ROLE = "网格员"
SEPARATORS = re.compile(r"[,，、;；/\s]+")
BUILDING_NUMBER = re.compile(r"(\d+)\s*(?:号楼|号|栋|幢|座|楼)?")  # as the contact cards (issue 19) match

Volunteers = Mapping[str, Record]


@dataclass(frozen=True)
class Route:
    """The person responsible for an item, as 提醒 shows them, and why it fell through (empty when it did not)."""

    owner: str  # '张红(V006)' or '书记'
    owner_id: str | None  # the volunteer's 编号; None for the secretary
    note: str = ""  # '结对志愿者 V012 已暂停，由 3栋 网格员 张红(V006) 负责'


def building_key(value: object) -> str:
    """'3栋', '3号楼', '３幢', '03' → '3'; other names compare as written: how 楼栋 meets 负责楼栋."""
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    found = BUILDING_NUMBER.fullmatch(text)
    return (found[1].lstrip("0") or "0") if found else text


def covered_buildings(volunteer: Record) -> list[str]:
    """The buildings a volunteer's 负责楼栋 lists, as typed ('3栋,5栋' → ['3栋', '5栋'])."""
    return [b for b in SEPARATORS.split(str(volunteer.get(BUILDINGS, "") or "")) if building_key(b)]


def is_available(volunteer: Record | None) -> bool:
    """True only when the volunteer exists and 状态 reads 在岗 (blank or unreadable counts as not available)."""
    return volunteer is not None and volunteer["状态"] == AVAILABLE


def shown(volunteer: Record, vid: str) -> str:
    """'张红(V006)'."""
    return f"{volunteer.get('姓名', '')}({vid})"


@dataclass(frozen=True)
class Routing:
    """The volunteers by 编号 and, per building, the 在岗 volunteers who cover it (in sheet order)."""

    volunteers: Volunteers
    by_building: dict[str, list[str]]

    def building_volunteer(self, building: object) -> tuple[str, Record] | None:
        """(编号, record) of the 在岗 volunteer (lowest 编号) whose 负责楼栋 covers the building; None when nobody."""
        for vid in self.by_building.get(building_key(building), []):
            volunteer = self.volunteers[vid]
            if is_available(volunteer):
                return vid, volunteer
        return None

    def why_not(self, vid: str | None, role: str) -> str:
        """'还没有结对志愿者' / '结对志愿者 V999 不在志愿者名单里' / '结对志愿者 张三(V001) 已暂停'."""
        if not vid:
            return f"还没有{role}"
        volunteer = self.volunteers.get(vid)
        if volunteer is None:
            return f"{role} {vid} 不在志愿者名单里"
        status = volunteer["状态"]
        state = f"已{status}" if status in ("暂停", "退出") else "的状态没有填好（不是“在岗”）"
        return f"{role} {shown(volunteer, vid)} {state}"

    def route(self, candidates: Iterable[tuple[str, str | None]], building: object = "") -> Route:
        """The first 在岗 candidate (role, 编号); else the building's volunteer; else the secretary, with why."""
        reasons = []
        for role, vid in candidates:
            volunteer = self.volunteers.get(vid) if vid else None
            if volunteer is not None and is_available(volunteer):
                name = shown(volunteer, vid)
                return Route(name, vid, f"{'；'.join(reasons)}，由{role} {name} 负责" if reasons else "")
            reasons.append(self.why_not(vid, role))
        why = "；".join(reasons)
        grid = self.building_volunteer(building) if building_key(building) else None
        if grid is not None:
            vid, volunteer = grid
            return Route(shown(volunteer, vid), vid, f"{why}，由 {building} {GRID_ROLE} {shown(volunteer, vid)} 负责")
        where = f"{building} 没有负责的志愿者，" if building_key(building) else ""
        return Route(SECRETARY, None, f"{why}，{where}由{SECRETARY}负责")


def build_routing(volunteers: Volunteers) -> Routing:
    """Index 负责楼栋 of every volunteer, lowest 编号 first (the contact cards name the same person)."""
    by_building: dict[str, list[str]] = {}
    for vid, volunteer in sorted(volunteers.items()):
        for building in covered_buildings(volunteer):
            by_building.setdefault(building_key(building), []).append(vid)
    return Routing(volunteers, by_building)


def volunteers_by_id(records: Iterable[Record]) -> dict[str, Record]:
    """Volunteer records by 编号, the first row of a repeated 编号 winning."""
    found: dict[str, Record] = {}
    for record in records:
        if record["编号"] is not None:
            found.setdefault(record["编号"], record)
    return found


def building_volunteer(volunteer_records: Iterable[Record], building: object) -> tuple[str, Record] | None:
    """The 在岗 volunteer responsible for a building (e.g. for an elder's contact card), None when nobody is."""
    return build_routing(volunteers_by_id(volunteer_records)).building_volunteer(building)


def uncovered_buildings(elder_buildings: Iterable[object], routing: Routing) -> list[str]:
    """Buildings of elders that no 在岗 volunteer's 负责楼栋 covers, in first-seen order."""
    seen: dict[str, str] = {}
    for building in elder_buildings:
        key = building_key(building)
        if key and key not in seen and routing.building_volunteer(building) is None:
            seen[key] = str(building).strip()
    return list(seen.values())
