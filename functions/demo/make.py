"""The demo community 芙蓉里小区: deterministic, realistic rows for every volunteer tab, and its workbook."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from functions.demo.activity import activity_rows
from functions.demo.base import Rec, Scale, at_least, demo_span, festival_dates, get_scale
from functions.demo.civic import complaint_rows, dispute_rows, fee_rows, patrol_rows
from functions.demo.contacts import contact_rows, festival_rows
from functions.demo.elders import LONELY_TARGET, make_elders
from functions.demo.messy import Planted, plant_messy
from functions.demo.requests import request_rows
from functions.demo.stories import Stories, cataract_story, old_rota, plant_birthdays
from functions.demo.visit_care import visit_care_story
from functions.demo.volunteers import MAIL_DOMAIN, make_volunteers
from functions.domain.clock import community_today
from functions.domain.schema import Schema, default_schema
from functions.domain.settings import SETTINGS_TAB, setting_specs
from functions.domain.sheets_url import parse_sheets_spec
from functions.domain.tabs import (
    ACTIVITIES,
    CAMPAIGNS,
    COMPLAINTS,
    CONTACTS,
    ELDERS,
    FEES,
    MEALS,
    MEDIATION,
    PATROLS,
    REQUESTS,
    SIGNINS,
    VOLUNTEERS,
)
from functions.domain.workbook import WorkbookError

COMMUNITY = "芙蓉里小区"
SECRETARY = f"shuji@{MAIL_DOMAIN}"
SECRETARY_PHONE, SERVICE_PHONE = "139 0731 6688", "0731-8456 1200"  # printed on the demo's contact cards

Rows = dict[str, list[list[Any]]]


def _settings(scale: Scale) -> list[Rec]:
    """设置 with the schema's defaults, this community's name and secretary, and its size."""
    own = {"社区名称": COMMUNITY, "书记邮箱": SECRETARY, "常住人口": scale.residents, "总户数": scale.households}
    own |= {"书记电话": SECRETARY_PHONE, "社区服务电话": SERVICE_PHONE}
    return [{"项目": s["key"], "值": own.get(s["key"], s["default"]), "说明": s["help"]} for s in setting_specs()]


def demo_records(
    seed: int = 7, scale: str = "small", today: dt.date | None = None
) -> tuple[dict[str, list[Rec]], list[Planted], Stories]:
    """Every volunteer tab as rows keyed by header, the planted messy cells, and the stories told."""
    size = get_scale(scale)
    span = demo_span(today or community_today(), size.months)

    def rng(part: str) -> random.Random:  # one stream per part: changing one part leaves the others alone
        return random.Random(f"{seed}:{scale}:{span.today.isoformat()}:{part}")

    festivals = festival_dates(span.start, span.today + dt.timedelta(days=60))
    crew = make_volunteers(rng("volunteers"), size, span)
    folk = make_elders(rng("elders"), size, span, crew)
    stories = Stories()
    plant_birthdays(rng("birthdays"), folk, span.today, stories, at_least(2 * size.factor, 1) + (size.name != "small"))
    cataract_story(rng("cataract"), folk, crew, span, stories)
    old_rota(rng("rota"), folk, crew, span, stories)
    contacts = contact_rows(rng("contacts"), folk, crew, span)
    crew.fill_buildings()
    contacts += festival_rows(rng("festivals"), folk, crew, span, festivals, LONELY_TARGET) + stories.contacts
    campaigns = visit_care_story(rng("visit_care"), folk, crew, span, contacts, stories, size.factor)
    contacts.sort(key=lambda r: r["日期"])
    activities, signins = activity_rows(rng("activities"), size, folk, crew, span, festivals)
    f = size.factor
    tabs = {
        ELDERS: folk.rows,
        VOLUNTEERS: crew.rows,
        CONTACTS: contacts,
        REQUESTS: request_rows(rng("requests"), folk, crew, span, at_least(600 * f, 40), stories.requests),
        MEALS: sorted(stories.meals, key=lambda r: (r["日期"], r["餐次"] == "晚餐")),
        ACTIVITIES: activities,
        SIGNINS: signins,
        MEDIATION: dispute_rows(rng("disputes"), crew, span, at_least(110 * f, 14)),
        PATROLS: patrol_rows(rng("patrols"), crew, span, at_least(190 * f, 24)),
        COMPLAINTS: complaint_rows(rng("complaints"), span, at_least(300 * f, 36)),
        FEES: fee_rows(rng("fees"), size, span),
        CAMPAIGNS: campaigns,
        SETTINGS_TAB: _settings(size),
    }
    planted = plant_messy(rng("messy"), tabs, span.today, folk.featured)
    return tabs, planted, stories


def as_lists(tabs: dict[str, list[Rec]], schema: Schema | None = None) -> Rows:
    """Rows keyed by header → lists in the schema's header order."""
    schema = schema or default_schema()
    out: Rows = {}
    for title, records in tabs.items():
        headers = schema[title].headers
        out[title] = [[r.get(h) for h in headers] for r in records]
    return out


def demo_rows(seed: int = 7, scale: str = "small", today: dt.date | None = None) -> Rows:
    """Tab title → data rows in the schema's header order. Same seed, scale and today → the same rows."""
    return as_lists(demo_records(seed, scale, today)[0])


def sensitive_values(tabs: dict[str, list[Rec]], schema: Schema | None = None) -> set[str]:
    """Every text in a sensitive column: what must never appear in mail or logs."""
    schema = schema or default_schema()
    found: set[str] = set()
    for title, records in tabs.items():
        for field in schema[title].fields:
            if field.sensitive:
                found.update(r[field.name] for r in records if isinstance(r.get(field.name), str))
    return found


def make_demo(
    path: str | Path,
    seed: int = 7,
    scale: str = "small",
    today: dt.date | None = None,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
) -> None:
    """Generate the demo community and write it as a new workbook at path."""
    say = progress or (lambda _message: None)
    if parse_sheets_spec(str(path)) is not None or not str(path).lower().endswith(".xlsx"):
        raise WorkbookError(
            f"示范社区只能生成为本地 .xlsx 文件（收到 {path}）；要用 Google 表格，"
            "请把生成的 .xlsx 上传到云端硬盘，再用 init 补齐格式"
        )
    target = Path(path)
    if target.exists() and not force:
        raise WorkbookError(f"文件 {target} 已经存在，为免覆盖别人的数据没有生成；要覆盖请加 --force")
    try:
        get_scale(scale)
    except ValueError as exc:
        raise WorkbookError(str(exc)) from None
    say(f"正在生成示范社区“{COMMUNITY}”（规模 {scale}，种子 {seed}）……")
    rows = demo_rows(seed, scale, today)
    say("数据已生成：" + "，".join(f"{title} {len(r)} 行" for title, r in rows.items()))
    say(f"正在写入 {target} ……")
    target.parent.mkdir(parents=True, exist_ok=True)
    from functions.adapters.xlsx.layout import create_workbook  # written by the workbook backend

    create_workbook(target, rows)
