"""Builders for the spreadsheets.batchUpdate requests that init sends (pure: dicts in API shape)."""

from __future__ import annotations

from typing import Any

from functions.domain.schema import Field
from functions.metrics.arrows import FIGURES

RGB = dict[str, float]
COUNT_HEADERS = frozenset(f.header for f in FIGURES if f.decimals == 0)
VOLUNTEER_COLOR: RGB = {"red": 0.42, "green": 0.66, "blue": 0.31}
SYSTEM_COLOR: RGB = {"red": 0.4, "green": 0.5, "blue": 0.65}
SETTINGS_COLOR: RGB = {"red": 0.95, "green": 0.6, "blue": 0.2}
HEADER_FILL: RGB = {"red": 0.92, "green": 0.94, "blue": 0.97}
LEVEL_FILLS: dict[str, RGB] = {
    "红": {"red": 0.96, "green": 0.72, "blue": 0.72},
    "橙": {"red": 0.99, "green": 0.84, "blue": 0.62},
    "黄": {"red": 1.0, "green": 0.95, "blue": 0.65},
}


def style(color: RGB) -> dict[str, Any]:
    """A ColorStyle (tabColorStyle, backgroundColorStyle): the deprecated plain Color fields are not sent."""
    return {"rgbColor": color}


def add_sheet(sheet_id: int, title: str, rows: int, cols: int, color: RGB) -> dict[str, Any]:
    """addSheet with a frozen header row and a tab colour."""
    return {
        "addSheet": {
            "properties": {
                "sheetId": sheet_id,
                "title": title,
                "gridProperties": {"rowCount": rows, "columnCount": cols, "frozenRowCount": 1},
                "tabColorStyle": style(color),
            }
        }
    }


def frozen_rows(sheet_id: int, count: int) -> dict[str, Any]:
    """Freeze the header row(s)."""
    return {
        "updateSheetProperties": {
            "properties": {"sheetId": sheet_id, "gridProperties": {"frozenRowCount": count}},
            "fields": "gridProperties.frozenRowCount",
        }
    }


def tab_color(sheet_id: int, color: RGB) -> dict[str, Any]:
    """Colour a tab."""
    return {
        "updateSheetProperties": {
            "properties": {"sheetId": sheet_id, "tabColorStyle": style(color)},
            "fields": "tabColorStyle",
        }
    }


def grow(sheet_id: int, dimension: str, length: int) -> dict[str, Any]:
    """Add rows or columns at the end."""
    return {"appendDimension": {"sheetId": sheet_id, "dimension": dimension, "length": length}}


def header_cells(sheet_id: int, row: int, placed: list[tuple[int, Field]]) -> list[dict[str, Any]]:
    """Header texts (bold, shaded) with the field help as the cell note, and column widths."""
    out = []
    for col, field in placed:
        cell = {
            "userEnteredValue": {"stringValue": field.name},
            "note": field.help,
            "userEnteredFormat": {"backgroundColorStyle": style(HEADER_FILL), "textFormat": {"bold": True}},
        }
        out.append(
            {
                "updateCells": {
                    "start": {"sheetId": sheet_id, "rowIndex": row, "columnIndex": col},
                    "rows": [{"values": [cell]}],
                    "fields": "userEnteredValue,note,userEnteredFormat",
                }
            }
        )
        out.append(
            {
                "updateDimensionProperties": {
                    "range": {"sheetId": sheet_id, "dimension": "COLUMNS", "startIndex": col, "endIndex": col + 1},
                    "properties": {"pixelSize": field.width * 9 + 10},
                    "fields": "pixelSize",
                }
            }
        )
    return out


def validation(sheet_id: int, header_row: int, col: int, field: Field, ref_range: str | None) -> dict[str, Any] | None:
    """A strict dropdown: ONE_OF_LIST for an enum, ONE_OF_RANGE (the other tab's 编号 column) for a ref."""
    if field.type == "enum":
        condition = {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": v} for v in field.enum]}
        strict = True
    elif field.type == "ref" and ref_range:
        condition = {"type": "ONE_OF_RANGE", "values": [{"userEnteredValue": "=" + ref_range}]}
        strict = True
    else:
        return None
    box = {"sheetId": sheet_id, "startRowIndex": header_row + 1, "startColumnIndex": col, "endColumnIndex": col + 1}
    return {
        "setDataValidation": {
            "range": box,
            "rule": {"condition": condition, "strict": strict, "showCustomUi": True, "inputMessage": field.help},
        }
    }


def protection(sheet_id: int, title: str, editable_cols: list[int]) -> dict[str, Any]:
    """A warning-only protection on a system tab, leaving its editable columns free."""
    spec: dict[str, Any] = {
        "range": {"sheetId": sheet_id},
        "warningOnly": True,
        "description": f"“{title}”由系统自动生成，修改前会提醒",
    }
    if editable_cols:
        spec["unprotectedRanges"] = [
            {"sheetId": sheet_id, "startColumnIndex": c, "endColumnIndex": c + 1} for c in editable_cols
        ]
    return {"addProtectedRange": {"protectedRange": spec}}


def level_colors(sheet_id: int, header_row: int, col: int) -> list[dict[str, Any]]:
    """Red / orange / yellow fills on 提醒's 级别 column."""
    box = {"sheetId": sheet_id, "startRowIndex": header_row + 1, "startColumnIndex": col, "endColumnIndex": col + 1}
    return [
        {
            "addConditionalFormatRule": {
                "index": i,
                "rule": {
                    "ranges": [box],
                    "booleanRule": {
                        "condition": {"type": "TEXT_EQ", "values": [{"userEnteredValue": level}]},
                        "format": {"backgroundColorStyle": style(fill)},
                    },
                },
            }
        }
        for i, (level, fill) in enumerate(LEVEL_FILLS.items())
    ]


def text_rows(sheet_id: int, row: int, rows: list[dict[int, Any]]) -> dict[str, Any]:
    """Cell values from row on, each row given as {column: value} (gaps left empty)."""
    body = []
    for cells in rows:
        width = max(cells, default=-1) + 1
        values = []
        for c in range(width):
            v = cells.get(c)
            values.append({} if v is None else {"userEnteredValue": {"stringValue": str(v)}})
        body.append({"values": values})
    return {
        "updateCells": {
            "start": {"sheetId": sheet_id, "rowIndex": row, "columnIndex": 0},
            "rows": body,
            "fields": "userEnteredValue",
        }
    }


def trend_charts(
    sheet_id: int, domain_col: int, series: list[tuple[int, str]], anchor_col: int
) -> list[dict[str, Any]]:
    """One small LINE chart per figure (rows 2-13, newest first, so the domain is reversed), 3 × 2 beside
    the table: one shared axis would flatten the counts (0–5) under the fee rate (~90)."""

    def source(col: int) -> dict[str, Any]:
        return {
            "sourceRange": {
                "sources": [
                    {
                        "sheetId": sheet_id,
                        "startRowIndex": 0,
                        "endRowIndex": 13,
                        "startColumnIndex": col,
                        "endColumnIndex": col + 1,
                    }
                ]
            }
        }

    charts = []
    for n, (col, title) in enumerate(series):
        spec = {
            "title": title,
            "basicChart": {
                "chartType": "LINE",
                "legendPosition": "NO_LEGEND",
                "headerCount": 1,
                "domains": [{"domain": source(domain_col), "reversed": True}],
                "series": [{"series": source(col), "targetAxis": "LEFT_AXIS"}],
            },
        }
        if title in COUNT_HEADERS:  # counts start at zero: 27 → 29 volunteers is a small change
            spec["basicChart"]["axis"] = [{"position": "LEFT_AXIS", "viewWindowOptions": {"viewWindowMin": 0}}]
        position = {
            "overlayPosition": {
                "anchorCell": {"sheetId": sheet_id, "rowIndex": 1, "columnIndex": anchor_col},
                "offsetXPixels": 380 * (n % 3),
                "offsetYPixels": 250 * (n // 3),
                "widthPixels": 370,
                "heightPixels": 240,
            }
        }
        charts.append({"addChart": {"chart": {"spec": spec, "position": position}}})
    return charts
