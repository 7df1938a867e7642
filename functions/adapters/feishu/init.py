"""init on Feishu: add tabs, size grids, write headers / 设置 / 说明, freeze, dropdowns, protect, in few requests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from functions.adapters.feishu.ranges import WRITE_ROWS, Span, write_batches
from functions.adapters.feishu.tab_info import TabInfo
from functions.adapters.gsheets.batch_requests import LEVEL_FILLS
from functions.adapters.gsheets.init import BIG_TABS, DEFAULT_TAB, _guide_grid
from functions.domain.cell_address import column_letter
from functions.domain.schema import TabSchema
from functions.domain.settings import SETTINGS_TAB, setting_specs
from functions.domain.table import Table, build_table, header_key
from functions.validation.tab_renames import rename_line, renamed_tabs

FeishuWorkbook = Any  # the workbook calling run_init (backend.py imports this module: no import back)

NEW_ROWS, NEW_COLS = 200, 20  # the grid Feishu gives a sheet added by addSheet
from functions.domain.tabs import ALERTS  # noqa: E402
from functions.domain.tabs import GUIDE as GUIDE_TAB  # noqa: E402

HEADER_STYLE = {"font": {"bold": True}, "backColor": "#EBF0F7"}


@dataclass
class Plan:
    """What init will send after the tabs exist, and a Chinese line per change."""

    lines: list[str] = field(default_factory=list)
    writes: list[tuple[Span, list[list[Any]]]] = field(default_factory=list)
    header_ranges: list[str] = field(default_factory=list)
    freeze: list[dict[str, Any]] = field(default_factory=list)
    dropdowns: list[dict[str, Any]] = field(default_factory=list)
    protect: list[dict[str, Any]] = field(default_factory=list)
    colors: list[dict[str, Any]] = field(default_factory=list)

    def put(self, info: TabInfo, title: str, row: int, grid: list[list[Any]]) -> None:
        """Cells from column A of `row` (1-based) down, rows padded to one width."""
        width = max(len(r) for r in grid)
        grid = [r + [""] * (width - len(r)) for r in grid]
        for start in range(0, len(grid), WRITE_ROWS):
            part = grid[start : start + WRITE_ROWS]
            self.writes.append((Span(title, info.sheet_id, row + start, row + start + len(part) - 1, width), part))


def add_tabs(wb: FeishuWorkbook, titles: list[str]) -> None:
    """addSheet for every title in one sheets_batch_update; remembers the new sheet ids."""
    if not titles:
        return
    base = len(wb.tabs)
    requests = [{"addSheet": {"properties": {"title": t, "index": base + i}}} for i, t in enumerate(titles)]
    reply = wb.call("POST", "sheets_batch_update", body={"requests": requests}, unsafe=True)
    for answer in reply.get("replies", []):
        props = answer.get("addSheet", {}).get("properties", {})
        wb.tabs[props.get("title", "")] = TabInfo(str(props.get("sheetId", "")), NEW_ROWS, NEW_COLS, 0, 0, 0)


def grow(wb: FeishuWorkbook, title: str, rows: int, cols: int) -> None:
    """Add rows / columns at the end until the grid is at least rows × cols (at most 5,000 a call)."""
    info = wb.tabs[title]
    for dimension, want in (("ROWS", rows), ("COLUMNS", cols)):
        have = info.rows if dimension == "ROWS" else info.cols
        while have < want:
            step = min(want - have, WRITE_ROWS)
            body = {"dimension": {"sheetId": info.sheet_id, "majorDimension": dimension, "length": step}}
            wb.call("POST", "dimension_range", body=body, unsafe=True)
            have += step
        if dimension == "ROWS":
            info.rows = have
        else:
            info.cols = have


def make_room(wb: FeishuWorkbook, needs: dict[str, tuple[int, int]]) -> None:
    """Before a write: add missing system tabs and grow grids too small for the new content (doubling)."""
    add_tabs(wb, [t for t in needs if t not in wb.tabs])
    for title, (rows, cols) in needs.items():
        info = wb.tabs[title]
        if rows > info.rows or cols > info.cols:
            grow(wb, title, max(info.rows, rows * 2 if rows > info.rows else 0, BIG_TABS.get(title, 0)), cols)


def _dropdown(info: TabInfo, header_row: int, col: int, values: list[str]) -> dict[str, Any]:
    letter = column_letter(col)
    last = min(info.rows, header_row + WRITE_ROWS)  # one call covers at most 5,000 rows
    return {
        "range": f"{info.sheet_id}!{letter}{header_row + 1}:{letter}{last}",
        "dataValidationType": "list",
        "dataValidation": {"conditionValues": list(values), "options": {"multipleValues": False}},
    }


def _protections(info: TabInfo, tab: TabSchema, columns: dict[str, int]) -> list[dict[str, Any]]:
    """Protected column runs of a new system tab (1-based, inclusive), leaving editable columns free."""
    editable = {columns[f.name] for f in tab.fields if f.editable}
    runs, start = [], None
    for col in range(len(tab.fields) + 1):
        if col < len(tab.fields) and col not in editable:
            start = col if start is None else start
        elif start is not None:
            runs.append((start + 1, col))
            start = None
    dimension = {"sheetId": info.sheet_id, "majorDimension": "COLUMNS"}
    lock = f"“{tab.title}”由系统自动生成，请不要修改"
    return [{"dimension": dict(dimension, startIndex=a, endIndex=b), "lockInfo": lock} for a, b in runs]


def _hex(rgb: dict[str, float]) -> str:
    return "#" + "".join(f"{round(rgb.get(c, 0.0) * 255):02X}" for c in ("red", "green", "blue"))


def _level_colors(info: TabInfo, header_row: int, col: int) -> list[dict[str, Any]]:
    """红 / 橙 / 黄 fills on 提醒's 级别 column (condition_formats: text is …)."""
    letter = column_letter(col)
    cells = f"{info.sheet_id}!{letter}{header_row + 1}:{letter}{info.rows}"
    return [
        {
            "sheet_id": info.sheet_id,
            "condition_format": {
                "ranges": [cells],
                "rule_type": "containsText",
                "attrs": [{"operator": "is", "text": level}],
                "style": {"back_color": _hex(fill)},
            },
        }
        for level, fill in LEVEL_FILLS.items()
    ]


def _settings_rows(wb: FeishuWorkbook, table: Table, columns: dict[str, int]) -> list[list[Any]]:
    """The 设置 rows the sheet lacks (keys compared loosely), in its column order."""
    have = {header_key(r.get("项目")) for r in table.rows}
    width = max(columns.values()) + 1
    rows = []
    for spec in setting_specs(wb.schema):
        if header_key(spec["key"]) not in have:
            line = [""] * width
            line[columns["项目"]], line[columns["值"]], line[columns["说明"]] = (
                spec["key"],
                spec["default"],
                spec["help"],
            )
            rows.append(line)
    return rows


def _plan_tab(wb: FeishuWorkbook, tab: TabSchema, grid: list[list[Any]], is_new: bool, plan: Plan) -> None:
    """Headers, grid size, frozen rows, dropdowns, protection, 设置 and 说明 for one tab."""
    info, title = wb.tabs[tab.title], tab.title
    table = build_table(title, grid, tab)
    header_row = 1 if is_new or not table.header_row else table.header_row
    if is_new:
        columns, added = {f.name: i for i, f in enumerate(tab.fields)}, list(tab.headers)
    else:
        columns, added = dict(table.columns), list(table.missing_headers)
        for i, name in enumerate(added):
            columns[name] = len(table.headers) + i
    grow(wb, title, max(info.rows, BIG_TABS.get(title, 0)), max(info.cols, max(columns.values()) + 1))
    if added:
        cells = {columns[n]: n for n in added}
        plan.put(info, title, header_row, [[cells.get(c, "") for c in range(max(cells) + 1)]])
        if is_new:
            plan.header_ranges.append(f"{info.sheet_id}!A1:{column_letter(len(tab.fields) - 1)}1")
        else:
            plan.lines.append(f"“{title}”补上缺少的列：{'、'.join(added)}")
    if info.frozen < header_row:
        plan.freeze.append({"updateSheet": {"properties": {"sheetId": info.sheet_id, "frozenRowCount": header_row}}})
        if not is_new:
            plan.lines.append(f"冻结“{title}”的表头行")
    if not tab.system_owned:
        plan.dropdowns += [
            _dropdown(info, header_row, columns[n], tab.field(n).enum) for n in added if tab.field(n).type == "enum"
        ]
    if tab.system_owned and is_new:
        plan.protect += _protections(info, tab, columns)
        if "级别" in columns and tab.title == ALERTS:
            plan.colors += _level_colors(info, header_row, columns["级别"])
    if title == SETTINGS_TAB:
        missing = _settings_rows(wb, table, columns)
        if missing:
            start = (table.rows[-1].number + 1) if table.rows else header_row + 1
            grow(wb, title, start + len(missing), info.cols)
            plan.put(info, title, start, missing)
            if not is_new:
                plan.lines.append(f"“设置”补上 {len(missing)} 项默认设置")
    if title == GUIDE_TAB:
        want, have = _guide_grid(wb.schema), [[str(v) for v in r] for r in grid]
        if is_new or have != want:
            width = max([len(r) for r in have] + [len(want[0])])
            plan.put(info, title, 1, want + [[""] * width for _ in range(len(have) - len(want))])
            if not is_new:
                plan.lines.append("更新“说明”")


def run_init(wb: FeishuWorkbook) -> list[str]:
    """Bring the spreadsheet up to the schema; a Chinese line per change, [] (and no write) when nothing to do."""
    schema = wb.schema
    wb.metadata()
    renamed = renamed_tabs(schema, list(wb.tabs))
    plan = Plan([rename_line(title, near) for title, near in renamed.items()])
    defaults = [t for t in wb.tabs if DEFAULT_TAB.match(t) and t not in schema.tabs]
    grids = wb.batch_get([t.title for t in schema if t.title in wb.tabs] + defaults)
    new = [tab.title for tab in schema if tab.title not in wb.tabs and tab.title not in renamed]
    add_tabs(wb, new)
    plan.lines += [f"新建工作表“{t}”（{len(schema[t].fields)} 列）" for t in new]
    for tab in schema:
        if tab.title in wb.tabs:
            _plan_tab(wb, tab, grids.get(tab.title, []), tab.title in new, plan)
    for batch in write_batches(plan.writes):
        wb.call("POST", "values_batch_update", body={"valueRanges": [{"range": s.a1, "values": v} for s, v in batch]})
    if plan.header_ranges:
        wb.call("PUT", "styles_batch_update", body={"data": [{"ranges": plan.header_ranges, "style": HEADER_STYLE}]})
    if plan.freeze:
        wb.call("POST", "sheets_batch_update", body={"requests": plan.freeze})
    for rule in plan.dropdowns:  # the API takes one range per call
        wb.call("POST", "dataValidation", body=rule, unsafe=True)
    if plan.protect:
        wb.call("POST", "protected_dimension", body={"addProtectedDimension": plan.protect}, unsafe=True)
    if plan.colors:  # at most 10 a call, 20 a sheet
        wb.call("POST", "condition_formats/batch_create", body={"sheet_condition_formats": plan.colors}, unsafe=True)
    _drop_blank_defaults(wb, [t for t in defaults if new and not _has_content(grids.get(t, []))], plan.lines)
    return plan.lines


def _has_content(grid: list[list[Any]]) -> bool:
    return any(v is not None and str(v).strip() for row in grid for v in row)


def _drop_blank_defaults(wb: FeishuWorkbook, blank: list[str], lines: list[str]) -> None:
    """Remove an empty Sheet1 left from creating the spreadsheet, once our tabs exist."""
    if not blank:
        return
    requests = [{"deleteSheet": {"sheetId": wb.tabs[t].sheet_id}} for t in blank]
    wb.call("POST", "sheets_batch_update", body={"requests": requests})
    for title in blank:
        lines.append(f"删除了空白的默认工作表“{title}”")
        del wb.tabs[title]
