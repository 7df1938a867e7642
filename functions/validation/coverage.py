"""Buildings of 老人档案 that no 在岗 volunteer's 负责楼栋 covers: their unpaired elders reach only the secretary."""

from __future__ import annotations

from functions.domain.model import Parsed, Problem
from functions.domain.parse_cells import WARNING
from functions.domain.routing import BUILDINGS, build_routing, uncovered_buildings, volunteers_by_id
from functions.domain.tabs import ELDERS, VOLUNTEERS
from functions.domain.vocabulary import GONE
from functions.validation.rows import Present

ENDED = GONE


def coverage_problems(parsed: Parsed, present: Present) -> list[Problem]:
    """One warning per uncovered building, once the community has started filling 负责楼栋 at all."""
    volunteers = volunteers_by_id(parsed.get(VOLUNTEERS, []))
    if "楼栋" not in present.get(ELDERS, set()) or not any(v[BUILDINGS] for v in volunteers.values()):
        return []  # a community that does not use a building grid is not told of every building
    routing = build_routing(volunteers)
    elders = [e["楼栋"] for e in parsed.get(ELDERS, []) if e["状态"] not in ENDED and e["楼栋"] is not None]
    return [
        Problem(
            WARNING,
            ELDERS,
            None,
            "楼栋",
            str(building),
            f"{building} 没有在岗的志愿者负责：这栋楼没有结对的老人的提醒只会发给书记",
            f"请在“志愿者”表的“负责楼栋”里，给一位在岗志愿者（网格员、楼栋长）填上 {building}",
        )
        for building in uncovered_buildings(elders, routing)
    ]
