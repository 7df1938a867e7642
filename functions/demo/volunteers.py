"""The demo's 志愿者 tab, with when each volunteer joined, left and lapsed (not stored in the sheet)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from functions.demo.base import Rec, Scale, Span, at_least, day_between, shares, some
from functions.demo.names import adult_name, mobile

MAIL_DOMAIN = "furongli.example.cn"
TEAMS = {"金芙蓉志愿队": 50, "网格微家": 30, "银龄互助队": 15, "青少年志愿队": 5}


@dataclass
class Crew:
    """Volunteers as rows, plus the history behind them the demo needs to write the contact log."""

    rows: list[Rec]
    joined: dict[str, dt.date] = field(default_factory=dict)
    left: dict[str, dt.date] = field(default_factory=dict)  # 退出/暂停: last day of service
    lapses: dict[str, list[tuple[dt.date, dt.date]]] = field(default_factory=dict)  # weeks without contact
    grid: dict[str, str] = field(default_factory=dict)  # building → the volunteer who greets its unpaired elders

    def fill_buildings(self) -> None:
        """Write the grid into 负责楼栋 (one building left to nobody, so validation's warning shows)."""
        buildings = sorted(self.grid, key=lambda b: (len(b), b))[:-1]
        for row in self.rows:
            mine = [b for b in buildings if self.grid[b] == row["编号"]]
            row["负责楼栋"] = ",".join(mine) or None

    @property
    def ids(self) -> list[str]:
        """Every volunteer id."""
        return [r["编号"] for r in self.rows]

    def active(self, on: dt.date | None = None) -> list[str]:
        """Ids of volunteers in service (on a day, when given)."""
        return [r["编号"] for r in self.rows if self.serving(r["编号"], on)]

    def serving(self, vid: str, on: dt.date | None) -> bool:
        """True when the volunteer had joined and not left by that day (or is 在岗 now)."""
        if on is None:
            return vid not in self.left
        return self.joined[vid] <= on and (vid not in self.left or on <= self.left[vid])

    def lapsed(self, vid: str, on: dt.date) -> bool:
        """True on a day inside one of the volunteer's lapses."""
        return any(a <= on <= b for a, b in self.lapses.get(vid, ()))

    def party(self) -> list[Rec]:
        """Party members' rows."""
        return [r for r in self.rows if r["党员"] == "是"]


def make_volunteers(rng: random.Random, scale: Scale, span: Span) -> Crew:
    """About 300 volunteers (full): party members, teams, emails for most, a few paused or gone."""
    n = scale.volunteers
    party = set(rng.sample(range(n), scale.party_members))
    status = shares(n, {"在岗": 93, "暂停": 4, "退出": 3}, rng)
    for i, wanted in enumerate(("暂停", "退出")):  # every demo has at least one of each
        if wanted not in status:
            status[-1 - i] = wanted
    crew = Crew(rows=[])
    recent = span.today - dt.timedelta(days=30)
    for i in range(n):
        vid = f"V{i + 1:03d}"
        team = (
            rng.choice(("党员先锋队", "党员先锋队", "金芙蓉志愿队"))
            if i in party
            else rng.choices(list(TEAMS), weights=list(TEAMS.values()))[0]
        )
        sex = "女" if team == "网格微家" or rng.random() < 0.55 else "男"
        joined = (
            day_between(rng, span.start, recent)
            if rng.random() < 0.15
            else day_between(rng, dt.date(2015, 3, 1), span.start)
        )
        crew.joined[vid] = joined
        if status[i] != "在岗":
            crew.left[vid] = day_between(
                rng, max(joined, span.today - dt.timedelta(days=200)), span.today - dt.timedelta(days=40)
            )
        crew.rows.append(
            {
                "编号": vid,
                "姓名": adult_name(rng, sex),
                "联系电话": mobile(rng),
                "邮箱": f"v{i + 1:03d}@{MAIL_DOMAIN}" if rng.random() < 0.88 else None,
                "党员": "是" if i in party else "否",
                "服务队": team,
                "状态": status[i],
                "加入日期": joined,
            }
        )
    _plan_lapses(rng, crew, span)
    return crew


def _plan_lapses(rng: random.Random, crew: Crew, span: Span) -> None:
    """Most buddies keep their rhythm; some lapse for weeks; a few are lapsing right now."""
    active = crew.active()
    for vid in some(rng, active, at_least(len(active) * 0.15, 3)):
        windows = []
        for _ in range(rng.randint(1, 2)):
            a = day_between(rng, span.start, span.today - dt.timedelta(days=60))
            windows.append((a, a + dt.timedelta(days=rng.randint(14, 35))))
        crew.lapses[vid] = windows
    for vid in some(rng, [v for v in active if v not in crew.lapses], at_least(len(active) * 0.04, 2)):
        crew.lapses[vid] = [(span.today - dt.timedelta(days=rng.randint(12, 40)), span.today)]
