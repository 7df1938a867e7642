"""init on Feishu: add tabs, size grids, write headers / 设置 / 说明, freeze, dropdowns, protect, in few requests."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from functions.adapters.feishu.backend import TabInfo
from functions.adapters.feishu.ranges import WRITE_ROWS, write_batches, write_ranges
from functions.adapters.gsheets.a1 import column_letter
from functions.adapters.gsheets.init import BIG_TABS, DEFAULT_TAB, _guide_grid
from functions.domain.settings import SETTINGS_TAB, setting_specs
from functions.domain.table import build_table, header_key
from functions.validation.tab_renames import rename_line, renamed_tabs

if TYPE_CHECKING:
    from functions.adapters.feishu.backend import FeishuWorkbook

NEW_ROWS, NEW_COLS = 200, 20  # the grid Feishu gives a sheet added by addSheet
GUIDE_TAB = "说明"
HEADER_STYLE = {"font": {"bold": True}, "backColor": "#EBF0F7"}


def _add_tabs(wb: FeishuWorkbook, titles: list[str]) -> None:
    """addSheet for every title in one sheets_batch_update; remembers the new sheet ids."""
    if not titles:
        return
    base = len(wb.tabs)
    requests = [{"addSheet": {"properties": {"title": t, "index": base + i}}} for i, t in enumerate(titles)]
    reply = wb.call("POST", "sheets_batch_update", body={"requests": requests}, unsafe=True)
    for answer in reply.get("replies", []):
        props = answer.get("addSheet", {}).get("properties", {})
        wb.tabs[props.get("title", "")] = TabInfo(str(props.get("sheetId", "")), NEW_ROWS, NEW_COLS, 0, 0, 0)
    missing = [t for t in titles if t not in wb.tabs]
    if missing:
        raise ValueError(f"addSheet reply lacks {missing}")


def _grow(wb: FeishuWorkbook, title: str, rows: int, cols: int) -> None:
    """Add rows / columns at the end (dimension_range takes at most 5,000 a call)."""
    info = wb.tabs[title]
    for dimension, have, want in (("ROWS", info.rows, rows), ("COLUMNS", info.cols, cols)):
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
    _add_tabs(wb, [t for t in needs if t not in wb.tabs])
    for title, (rows, cols) in needs.items():
        info = wb.tabs[title]
        if rows > info.rows or cols > info.cols:
            _grow(
                wb,
                title,
                max(info.rows, rows * 2 if rows > info.rows else 0, BIG_TABS.get(title, 0)),
                max(info.cols, cols),
            )


def _cells(wb: FeishuWorkbook, title: str, row: int, cells: dict[int, Any]) -> list:
    """One row's cells {col: value} from column A (gaps left empty) as write ranges."""
    width = max(cells) + 1
    line = [cells.get(c, "") for c in range(width)]
    return write_ranges(wb.tabs[title].sheet_id, title, [line]) if row == 1 else _shift(wb, title, row, [line])


def _shift(wb: FeishuWorkbook, title: str, row: int, grid: list[list[Any]]) -> list:
    from functions.adapters.feishu.ranges import Span

    width = max(len(r) for r in grid)
    grid = [r + [""] * (width - len(r)) for r in grid]
    return [(Span(title, wb.tabs[title].sheet_id, row, row + len(grid) - 1, width), grid)]


def run_init(wb: FeishuWorkbook) -> list[str]:
    """Bring the spreadsheet up to the schema; a Chinese line per change, [] (and no write) when nothing to do."""
    schema = wb.schema
    wb.metadata()
    renamed = renamed_tabs(schema, list(wb.tabs))
    lines = [rename_line(title, near) for title, near in renamed.items()]
    defaults = [t for t in wb.tabs if DEFAULT_TAB.match(t) and t not in schema.tabs]
    grids = wb.batch_get([t.title for t in schema if t.title in wb.tabs] + defaults)
    new = [tab.title for tab in schema if tab.title not in wb.tabs and tab.title not in renamed]
    _add_tabs(wb, new)
    lines += [f"新建工作表“{t}”（{len(schema[t].fields)} 列）" for t in new]
    writes: list = []
    freeze, dropdowns, protect = [], [], []
    for tab in schema:
        if tab.title not in wb.tabs:
            continue
        info, is_new = wb.tabs[tab.title], tab.title in new
        table = build_table(tab.title, grids.get(tab.title, []), tab)
        header_row = 1 if is_new or not table.header_row else table.header_row
        columns = {f.name: i for i, f in enumerate(tab.fields)} if is_new else dict(table.columns)
        added = tab.headers if is_new else list(table.missing_headers)
        width = len(table.headers) if not is_new else 0
        for name in added if not is_new else []:
            columns[name] = width
            width += 1
        _grow(wb, tab.title, max(info.rows, BIG_TABS.get(tab.title, 0)), max(info.cols, max(columns.values()) + 1))
        if added:
            writes += _cells(wb, tab.title, header_row, {columns[n]: n for n in added})
            if not is_new:
                lines.append(f"“{tab.title}”补上缺少的列：{'、'.join(added)}")
        if info.frozen < header_row:
            freeze.append({"updateSheet": {"properties": {"sheetId": info.sheet_id, "frozenRowCount": header_row}}})
            if not is_new:
                lines.append(f"冻结“{tab.title}”的表头行")
        for name in added:
            field = tab.field(name)
            if field.type == "enum" and not tab.system_owned:
                letter = column_letter(columns[name])
                last = min(info.rows, header_row + WRITE_ROWS)
                dropdowns.append(
                    {
                        "range": f"{info.sheet_id}!{letter}{header_row + 1}:{letter}{last}",
                        "dataValidationType": "list",
                        "dataValidation": {"conditionValues": list(field.enum), "options": {"multipleValues": False}},
                    }
                )
        if tab.system_owned and is_new:
            protect += _protections(info.sheet_id, tab, columns)
        if tab.title == SETTINGS_TAB:
            writes += _settings(wb, table, columns, is_new, lines)
        if tab.title == GUIDE_TAB:
            want = _guide_grid(schema)
            have = [[str(v) for v in r] for r in grids.get(GUIDE_TAB, [])]
            if is_new or have != want:
                width = max([len(r) for r in have] + [len(want[0])])
                padded = [r + [""] * (width - len(r)) for r in want] + [
                    [""] * width for _ in range(len(have) - len(want))
                ]
                writes += write_ranges(info.sheet_id, GUIDE_TAB, padded)
                if not is_new:
                    lines.append("更新“说明”")
    for batch in write_batches(writes):
        wb.call("POST", "values_batch_update", body={"valueRanges": [{"range": s.a1, "values": v} for s, v in batch]})
    header_ranges = [f"{wb.tabs[t].sheet_id}!A1:{column_letter(len(schema[t].fields) - 1)}1" for t in new]
    if header_ranges:
        wb.call("PUT", "styles_batch_update", body={"data": [{"ranges": header_ranges, "style": HEADER_STYLE}]})
    if freeze:
        wb.call("POST", "sheets_batch_update", body={"requests": freeze})
    for rule in dropdowns:  # the API takes one range per call
        wb.call("POST", "dataValidation", body=rule, unsafe=True)
    if protect:
        wb.call("POST", "protected_dimension", body={"addProtectedDimension": protect}, unsafe=True)
    blank = [
        t for t in defaults if new and not any(str(v).strip() for r in grids.get(t, []) for v in r if v is not None)
    ]
    if blank:
        wb.call(
            "POST",
            "sheets_batch_update",
            body={"requests": [{"deleteSheet": {"sheetId": wb.tabs[t].sheet_id}} for t in blank]},
        )
        lines += [f"删除了空白的默认工作表“{t}”" for t in blank]
        for t in blank:
            del wb.tabs[t]
    return lines


def _protections(sheet_id: str, tab: Any, columns: dict[str, int]) -> list[dict[str, Any]]:
    """Protected column runs of a new system tab, leaving its editable columns (提醒's 处理情况) free."""
    editable = {columns[f.name] for f in tab.fields if f.editable}
    runs, start = [], None
    for col in range(len(tab.fields) + 1):
        if col < len(tab.fields) and col not in editable:
            start = col if start is None else start
        elif start is not None:
            runs.append((start, col - 1))
            start = None
    info = f"“{tab.title}”由系统自动生成，请不要修改"
    return [
        {
            "dimension": {"sheetId": sheet_id, "majorDimension": "COLUMNS", "startIndex": a + 1, "endIndex": b + 1},
            "lockInfo": info,
        }
        for a, b in runs
    ]


def _settings(wb: FeishuWorkbook, table: Any, columns: dict[str, int], is_new: bool, lines: list[str]) -> list:
    """The 设置 rows a new community lacks, after the last one (keys compared loosely)."""
    have = {header_key(r.get("项目")) for r in table.rows}
    missing = [s for s in setting_specs(wb.schema) if header_key(s["key"]) not in have]
    if not missing:
        return []
    start = (table.rows[-1].number + 1) if table.rows else (table.header_row or 1) + 1
    width = max(columns.values()) + 1
    grid = []
    for s in missing:
        line = [""] * width
        line[columns["项目"]], line[columns["值"]], line[columns["说明"]] = s["key"], s["default"], s["help"]
        grid.append(line)
    _grow(wb, SETTINGS_TAB, max(wb.tabs[SETTINGS_TAB].rows, start + len(grid)), wb.tabs[SETTINGS_TAB].cols)
    if not is_new:
        lines.append(f"“设置”补上 {len(missing)} 项默认设置")
    return _shift(wb, SETTINGS_TAB, start, grid)
