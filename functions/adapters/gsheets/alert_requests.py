"""The look of 提醒 (level colours, row tints, a header filter, the key hidden) and 说明's links, on Google Sheets."""

from __future__ import annotations

from typing import Any

from functions.adapters.gsheets.batch_requests import RGB, level_colors, style
from functions.domain.cell_address import column_letter

ROW_TINTS: dict[str, RGB] = {
    "红": {"red": 0.99, "green": 0.93, "blue": 0.93},
    "橙": {"red": 1.0, "green": 0.95, "blue": 0.91},
    "黄": {"red": 1.0, "green": 0.98, "blue": 0.88},
}


def row_tints(sheet_id: int, header_row: int, level_col: int, width: int, first_index: int) -> list[dict[str, Any]]:
    """A light fill across each row by its 级别 (after the level cell's own strong colour, which wins)."""
    box = {"sheetId": sheet_id, "startRowIndex": header_row + 1, "startColumnIndex": 0, "endColumnIndex": width}
    cell = f"${column_letter(level_col)}{header_row + 2}"
    return [
        {
            "addConditionalFormatRule": {
                "index": first_index + i,
                "rule": {
                    "ranges": [box],
                    "booleanRule": {
                        "condition": {"type": "CUSTOM_FORMULA", "values": [{"userEnteredValue": f'={cell}="{level}"'}]},
                        "format": {"backgroundColorStyle": style(tint)},
                    },
                },
            }
        }
        for i, (level, tint) in enumerate(ROW_TINTS.items())
    ]


def basic_filter(sheet_id: int, header_row: int, width: int) -> dict[str, Any]:
    """A filter on the header row over every row below it (rows a nightly run writes later included)."""
    box = {"sheetId": sheet_id, "startRowIndex": header_row, "startColumnIndex": 0, "endColumnIndex": width}
    return {"setBasicFilter": {"filter": {"range": box}}}


def hide_column(sheet_id: int, col: int) -> dict[str, Any]:
    """Hide one column (it keeps its values: the system still reads it)."""
    return {
        "updateDimensionProperties": {
            "range": {"sheetId": sheet_id, "dimension": "COLUMNS", "startIndex": col, "endIndex": col + 1},
            "properties": {"hiddenByUser": True},
            "fields": "hiddenByUser",
        }
    }


def alerts_look(sheet_id: int, header_row: int, columns: dict[str, int], hidden: tuple[str, ...]) -> list[dict]:
    """Every request that gives 提醒 its look."""
    width = max(columns.values()) + 1
    requests = level_colors(sheet_id, header_row, columns["级别"])
    requests += row_tints(sheet_id, header_row, columns["级别"], width, len(requests))
    requests.append(basic_filter(sheet_id, header_row, width))
    requests += [hide_column(sheet_id, columns[name]) for name in hidden if name in columns]
    return requests


def guide_link_requests(sheet_id: int, targets: dict[int, int]) -> list[dict[str, Any]]:
    """说明: each 工作表 cell (0-based data row → target sheetId) links to its tab (#gid=…)."""
    return [
        {
            "updateCells": {
                "start": {"sheetId": sheet_id, "rowIndex": row + 1, "columnIndex": 0},
                "rows": [{"values": [{"userEnteredFormat": {"textFormat": {"link": {"uri": f"#gid={gid}"}}}}]}],
                "fields": "userEnteredFormat.textFormat.link",
            }
        }
        for row, gid in targets.items()
    ]
