"""Plan init on Google Sheets: one spreadsheets.batchUpdate that adds only what is missing (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from functions.adapters.gsheets import batch_requests as rq
from functions.adapters.gsheets.a1 import quote_title
from functions.adapters.gsheets.alert_requests import alerts_look, guide_link_requests
from functions.adapters.gsheets.tab_layout import TabLayout
from functions.domain.cell_address import column_letter
from functions.domain.schema import Schema, TabSchema
from functions.domain.settings import SETTINGS_TAB, setting_specs
from functions.domain.table import build_table, header_key
from functions.domain.tabs import ALERTS as ALERTS_TAB
from functions.domain.tabs import CONTACTS, PROBLEMS, RUNLOG
from functions.domain.tabs import GUIDE as GUIDE_TAB
from functions.domain.tabs import METRICS as METRICS_TAB
from functions.sheets_out.guide_tab import guide_links, guide_rows
from functions.validation.tab_renames import rename_line, renamed_tabs

INIT_FIELDS = (
    "spreadsheetId,properties.title,sheets(properties,protectedRanges.protectedRangeId,conditionalFormats.ranges)"
)
# Rows a new tab gets. System tabs are sized so a nightly write never has to grow them first (that would be
# a 5th request): 运行记录 keeps up to runlog.MAX_ROWS = 2,000 rows; 问题清单 and 提醒 are rewritten whole.
BIG_TABS = {CONTACTS: 5000, PROBLEMS: 5000, ALERTS_TAB: 5000, RUNLOG: 2500}
SYSTEM_MIN_ROWS = {PROBLEMS: 5000, ALERTS_TAB: 5000, RUNLOG: 2500}
METRICS_SPARE_COLS = 12  # room right of the figures for the chart, whose anchor must lie inside the grid


@dataclass
class Place:
    """Where a tab's columns are (or will be) after init."""

    tab: TabSchema
    sheet_id: int
    header_row: int  # 0-based
    columns: dict[str, int]
    new: bool
    added: list[str] = field(default_factory=list)  # fields whose header init writes
    props: dict[str, Any] = field(default_factory=dict)
    sheet: dict[str, Any] = field(default_factory=dict)
    table: Any = None


def _places(
    schema: Schema, meta: dict[str, Any], grids: dict[str, list[list[Any]]], renamed: dict[str, str]
) -> dict[str, Place]:
    sheets = {s["properties"]["title"]: s for s in meta.get("sheets", [])}
    next_id = max((s["properties"].get("sheetId", 0) for s in sheets.values()), default=0) + 1
    places = {}
    for tab in schema:
        sheet = sheets.get(tab.title)
        if tab.title in renamed:
            continue
        if sheet is None:
            places[tab.title] = Place(tab, next_id, 0, {f.name: i for i, f in enumerate(tab.fields)}, True, tab.headers)
            next_id += 1
            continue
        table = build_table(tab.title, grids.get(tab.title, []), tab)
        header_row = max(table.header_row - 1, 0)
        columns = dict(table.columns)
        width = len(table.headers)
        for name in table.missing_headers:
            columns[name] = width
            width += 1
        places[tab.title] = Place(
            tab,
            sheet["properties"].get("sheetId", 0),
            header_row,
            columns,
            False,
            list(table.missing_headers),
            sheet["properties"],
            sheet,
            table,
        )
    return places


def _ref_range(places: dict[str, Place], target: tuple[str, str]) -> str | None:
    p = places.get(target[0])
    if p is None:  # the target tab waits for its rename: a dropdown on a missing tab is refused by the API
        return None
    letter = column_letter(p.columns[target[1]])
    return f"{quote_title(p.tab.title)}!{letter}{p.header_row + 2}:{letter}"


def _settings_rows(p: Place) -> list[dict[int, Any]]:
    have = {header_key(r.get("项目")) for r in p.table.rows} if p.table else set()
    cols = p.columns
    return [
        {cols["项目"]: s["key"], cols["值"]: s["default"], cols["说明"]: s["help"]}
        for s in setting_specs()
        if header_key(s["key"]) not in have
    ]


def _guide_grid(schema: Schema) -> list[list[str]]:
    return [schema[GUIDE_TAB].headers] + [[str(v) for v in r] for r in guide_rows(schema)]


def plan_init(schema: Schema, meta: dict[str, Any], grids: dict[str, list[list[Any]]]) -> tuple[list[dict], list[str]]:
    """The requests that bring the spreadsheet up to the schema, and a Chinese line per change."""
    renamed = renamed_tabs(schema, [s["properties"]["title"] for s in meta.get("sheets", [])])
    places = _places(schema, meta, grids, renamed)
    links = guide_links(schema)
    adds: list[dict] = []  # every addSheet goes first: a dropdown may point at a tab added in this batch
    requests: list[dict] = []
    lines = [rename_line(title, near) for title, near in renamed.items()]
    for p in places.values():
        tab, sid = p.tab, p.sheet_id
        color = (
            rq.SETTINGS_COLOR
            if tab.title == SETTINGS_TAB
            else (rq.SYSTEM_COLOR if tab.system_owned else rq.VOLUNTEER_COLOR)
        )
        if p.new:
            rows = BIG_TABS.get(tab.title, 1000)
            cols = len(tab.fields) + (METRICS_SPARE_COLS if tab.title == METRICS_TAB else 0)
            adds.append(rq.add_sheet(sid, tab.title, rows, cols, color))
            lines.append(f"新建工作表“{tab.title}”（{len(tab.fields)} 列）")
        else:
            grid = p.props.get("gridProperties", {})
            need = max(p.columns.values()) + 1 - grid.get("columnCount", 0)
            if need > 0:
                requests.append(rq.grow(sid, "COLUMNS", need))
            short = SYSTEM_MIN_ROWS.get(tab.title, 0) - grid.get("rowCount", 0)
            if short > 0:
                requests.append(rq.grow(sid, "ROWS", short))
                lines.append(f"“{tab.title}”加到 {SYSTEM_MIN_ROWS[tab.title]} 行，够每晚写入")
            if p.added:
                lines.append(f"“{tab.title}”补上缺少的列：{'、'.join(p.added)}")
            if grid.get("frozenRowCount", 0) < p.header_row + 1:
                requests.append(rq.frozen_rows(sid, p.header_row + 1))
                lines.append(f"冻结“{tab.title}”的表头行")
            if "tabColor" not in p.props and "tabColorStyle" not in p.props:
                requests.append(rq.tab_color(sid, color))
                lines.append(f"给“{tab.title}”设置标签颜色")
        added = [(p.columns[n], tab.field(n)) for n in p.added]
        requests.extend(rq.header_cells(sid, p.header_row, added))
        for col, f in added:
            rule = rq.validation(sid, p.header_row, col, f, _ref_range(places, f.ref) if f.ref else None)
            if rule:
                requests.append(rule)
        if tab.system_owned and (p.new or not p.sheet.get("protectedRanges")):
            editable = [p.columns[f.name] for f in tab.fields if f.editable]
            requests.append(rq.protection(sid, tab.title, editable))
            if not p.new:
                lines.append(f"给“{tab.title}”加上保护（直接修改时会先提醒）")
        if tab.title == ALERTS_TAB and (p.new or not p.sheet.get("conditionalFormats")):
            requests.extend(alerts_look(sid, p.header_row, p.columns, tuple(f.name for f in tab.fields if f.hidden)))
            if not p.new:
                lines.append("给“提醒”加上红、橙、黄底色和表头筛选，隐藏“提醒标识”列")
        if tab.title == SETTINGS_TAB:
            missing = _settings_rows(p)
            if missing:
                start = p.table.rows[-1].number if p.table and p.table.rows else p.header_row + 1
                requests.append(rq.text_rows(sid, start, missing))
                extra = max(0, start + len(missing) - p.props.get("gridProperties", {}).get("rowCount", 10**6))
                if extra:
                    requests.insert(len(requests) - 1, rq.grow(sid, "ROWS", extra))
                lines.append(f"“设置”补上 {len(missing)} 项默认设置")
        if tab.title == GUIDE_TAB:
            want = _guide_grid(schema)
            have = grids.get(GUIDE_TAB, [])
            if p.new or [[str(v) for v in r] for r in have] != want:
                width = max([len(r) for r in have] + [len(want[0])])
                padded = [dict(enumerate(r + [""] * (width - len(r)))) for r in want]
                padded += [dict.fromkeys(range(width), "") for _ in range(len(have) - len(want))]
                requests.append(rq.text_rows(sid, 0, padded))
                requests.extend(
                    guide_link_requests(sid, {row: places[t].sheet_id for row, t in links.items() if t in places})
                )
                if not p.new:
                    lines.append("更新“说明”")
        if tab.title == METRICS_TAB and p.new:
            series = [(p.columns[f.name], f.name) for f in tab.fields if f.chart]
            requests.extend(rq.trend_charts(sid, p.columns["月份"], series, len(tab.fields) + 1))
    return adds + requests + _drop_blank_default_tabs(meta, grids, bool(adds), lines), lines


DEFAULT_TAB = re.compile(r"^(?:Sheet|工作表)\d+$")  # what Google names the tab of a new spreadsheet


def _drop_blank_default_tabs(
    meta: dict[str, Any], grids: dict[str, list[list[Any]]], adding: bool, lines: list[str]
) -> list[dict]:
    """deleteSheet for an empty Sheet1/工作表1 left from creating the spreadsheet, once our tabs are added
    (after the addSheets, so the spreadsheet always keeps a tab): volunteers should not meet a blank tab."""
    if not adding:
        return []
    drops = []
    for sheet in meta.get("sheets", []):
        title = sheet["properties"]["title"]
        if DEFAULT_TAB.match(title) and not any(str(v).strip() for row in grids.get(title, []) for v in row):
            drops.append({"deleteSheet": {"sheetId": sheet["properties"].get("sheetId", 0)}})
            lines.append(f"删除了空白的默认工作表“{title}”")
    return drops


def grow_requests(layouts: dict, needs: list[tuple[str, int, int]]) -> tuple[list[dict], dict]:
    """Before a write: add missing system tabs and grow grids too small for the new content (doubling)."""

    requests, new = [], {}
    next_id = max((lay.sheet_id for lay in layouts.values()), default=0) + 1
    for title, rows, cols in needs:
        lay = layouts.get(title)
        if lay is None:
            lay = TabLayout(next_id, max(BIG_TABS.get(title, 1000), rows * 2), cols, 0, 0)
            next_id += 1
            requests.append(rq.add_sheet(lay.sheet_id, title, lay.rows, lay.cols, rq.SYSTEM_COLOR))
            new[title] = lay
            continue
        if rows > lay.rows:
            requests.append(rq.grow(lay.sheet_id, "ROWS", rows * 2 - lay.rows))
            lay.rows = rows * 2
        if cols > lay.cols:
            requests.append(rq.grow(lay.sheet_id, "COLUMNS", cols - lay.cols))
            lay.cols = cols
    return requests, new
