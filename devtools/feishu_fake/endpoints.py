"""The Feishu Sheets endpoints the fake serves: each takes the book, query params and body, returns `data`."""

from __future__ import annotations

import copy
import json
import uuid
from typing import Any

from .store import MAX_CELL_CHARS, MAX_COLS, MAX_SHEET_CELLS, Book, bad

WRITE_ROWS, WRITE_COLS = 5000, 100  # per range written (values, dropdowns, styles)
DROPDOWN_VALUES, DROPDOWN_CHARS = 500, 100


def sheets_query(book: Book, params: dict, body: Any) -> dict:
    """GET v3 …/sheets/query: every sheet with its grid properties."""
    return {
        "sheets": [
            {
                "sheet_id": s.sheet_id,
                "title": s.title,
                "index": i,
                "hidden": False,
                "resource_type": "sheet",
                "grid_properties": {
                    "frozen_row_count": s.frozen,
                    "frozen_column_count": 0,
                    "row_count": s.rows,
                    "column_count": s.cols,
                },
            }
            for i, s in enumerate(book.sheets)
        ]
    }


def _render(value: Any, option: str) -> Any:
    if option == "ToString" and value is not None and not isinstance(value, str):
        return str(value)
    return value


def values_batch_get(book: Book, params: dict, body: Any, state: Any) -> dict:
    """GET v2 …/values_batch_get?ranges=a,b: each range's rows, padded with null, trailing empty rows dropped."""
    ranges = [r for r in (params.get("ranges") or "").split(",") if r]
    if not ranges:
        raise bad(90229, "WrongURLParam: ranges is required")
    option = params.get("valueRenderOption", "")
    out, total = [], 0
    for a1 in ranges:
        sheet, r0, c0, r1, c1 = book.span(a1)
        rows = [[_render(sheet.cells.get((r, c)), option) for c in range(c0, c1)] for r in range(r0, r1)]
        while rows and all(v is None for v in rows[-1]):
            rows.pop()
        total += (r1 - r0) * (c1 - c0)
        out.append({"majorDimension": "ROWS", "range": a1 if rows else "", "revision": book.revision, "values": rows})
    data = {"revision": book.revision, "spreadsheetToken": book.token, "totalCells": total, "valueRanges": out}
    size = len(json.dumps(data, ensure_ascii=False).encode())
    if size > state.max_response_bytes:
        raise bad(90221, "TooLargeResponse")
    state.largest_reply = max(state.largest_reply, size)
    return data


def _check_values(book: Book, a1: str, values: Any) -> tuple:
    sheet, r0, c0, r1, c1 = book.span(a1)
    if not isinstance(values, list) or not all(isinstance(r, list) for r in values):
        raise bad(90204, "WrongRequestBody: values must be an array of arrays")
    width = max((len(r) for r in values), default=0)
    if len(values) > WRITE_ROWS or width > WRITE_COLS:
        raise bad(90227, f"TooLargeRequest: at most {WRITE_ROWS} rows and {WRITE_COLS} columns a write")
    if len(values) > r1 - r0 or width > c1 - c0:
        raise bad(90204, f"WrongRequestBody: the values do not fit in {a1}")
    for row in values:
        for v in row:
            if isinstance(v, str) and len(v) > MAX_CELL_CHARS:
                raise bad(90222, "TooLargeCell")
            if not (v is None or isinstance(v, (str, int, float, bool, dict))):
                raise bad(90204, "WrongRequestBody: unsupported value")
    return sheet, r0, c0, values


def values_batch_update(book: Book, params: dict, body: Any) -> dict:
    """POST v2 …/values_batch_update: every range checked first, then all written (one revision)."""
    ranges = (body or {}).get("valueRanges")
    if not isinstance(ranges, list) or not ranges:
        raise bad(90204, "WrongRequestBody: valueRanges")
    checked = [_check_values(book, r.get("range", ""), r.get("values")) for r in ranges]
    responses = []
    for (sheet, r0, c0, values), r in zip(checked, ranges, strict=True):
        for i, row in enumerate(values):
            for j, v in enumerate(row):
                sheet.put(r0 + i, c0 + j, v)
        cells = sum(len(row) for row in values)
        responses.append(
            {
                "spreadsheetToken": book.token,
                "updatedRange": r["range"],
                "updatedRows": len(values),
                "updatedColumns": max((len(x) for x in values), default=0),
                "updatedCells": cells,
            }
        )
    book.revision += 1
    return {"responses": responses, "revision": book.revision, "spreadsheetToken": book.token}


def values_append(book: Book, params: dict, body: Any) -> dict:
    """POST v2 …/values_append: the rows after the last used row of the range's columns (OVERWRITE)."""
    value_range = (body or {}).get("valueRange") or {}
    sheet, r0, c0, values = _check_values(book, value_range.get("range", ""), value_range.get("values"))
    used = max((r for (r, c) in sheet.cells if c >= c0), default=r0 - 1)
    start = max(used + 1, r0)
    if start + len(values) > sheet.rows:
        if params.get("insertDataOption") != "INSERT_ROWS":
            raise bad(90202, "WrongRange: no room to append")
        sheet.rows = start + len(values)
    for i, row in enumerate(values):
        for j, v in enumerate(row):
            sheet.put(start + i, c0 + j, v)
    book.revision += 1
    return {
        "revision": book.revision,
        "spreadsheetToken": book.token,
        "tableRange": value_range.get("range", ""),
        "updates": {"updatedRows": len(values), "revision": book.revision},
    }


def sheets_batch_update(book: Book, params: dict, body: Any) -> dict:
    """POST v2 …/sheets_batch_update: addSheet / updateSheet / deleteSheet, all or nothing."""
    requests = (body or {}).get("requests")
    if not isinstance(requests, list) or not requests:
        raise bad(90204, "WrongRequestBody: requests")
    # apply to copies of the sheets' properties first (cells shared, never touched here): one bad request
    # changes nothing
    trial = Book(book.token, book.title, sheets=[copy.copy(s) for s in book.sheets])
    replies = [_sheet_op(trial, op) for op in requests]
    book.sheets, book.revision = trial.sheets, book.revision + 1
    return {"replies": replies}


def _sheet_op(book: Book, op: dict) -> dict:
    if "addSheet" in op:
        props = op["addSheet"].get("properties") or {}
        sheet = book.add_sheet(props.get("title", ""), props.get("index"))
        return {
            "addSheet": {
                "properties": {"sheetId": sheet.sheet_id, "title": sheet.title, "index": book.sheets.index(sheet)}
            }
        }
    if "updateSheet" in op:
        props = op["updateSheet"].get("properties") or {}
        sheet = book.by_id(str(props.get("sheetId", "")))
        if "frozenRowCount" in props:
            count = int(props["frozenRowCount"])
            if not 0 <= count <= min(sheet.rows, 200):
                raise bad(90212, "WrongRowOrCol: frozenRowCount")
            sheet.frozen = count
        if "title" in props:
            sheet.title = props["title"]
        return {"updateSheet": {"properties": {"sheetId": sheet.sheet_id, "title": sheet.title}}}
    if "deleteSheet" in op:
        sheet = book.by_id(str(op["deleteSheet"].get("sheetId", "")))
        if len(book.sheets) == 1:
            raise bad(90226, "ExcessLimit: a spreadsheet keeps at least one sheet")
        book.sheets.remove(sheet)
        return {"deleteSheet": {"result": True, "sheetId": sheet.sheet_id}}
    raise bad(90204, f"WrongRequestBody: unsupported request {sorted(op)}")


def dimension_range(book: Book, params: dict, body: Any) -> dict:
    """POST v2 …/dimension_range: add up to 5,000 rows or columns at the end."""
    dim = (body or {}).get("dimension") or {}
    sheet = book.by_id(str(dim.get("sheetId", "")))
    length, major = dim.get("length"), dim.get("majorDimension")
    if not isinstance(length, int) or not 0 < length <= 5000 or major not in ("ROWS", "COLUMNS"):
        raise bad(90204, "WrongRequestBody: length must be 1-5000, majorDimension ROWS or COLUMNS")
    rows, cols = (sheet.rows + length, sheet.cols) if major == "ROWS" else (sheet.rows, sheet.cols + length)
    if cols > MAX_COLS or rows * cols > MAX_SHEET_CELLS:
        raise bad(90219, "CellExcess: a sheet holds at most 5,000,000 cells")
    sheet.rows, sheet.cols = rows, cols
    book.revision += 1
    return {"addCount": length, "majorDimension": major}


def data_validation(book: Book, params: dict, body: Any) -> dict:
    """POST v2 …/dataValidation: a dropdown (list) on one range of at most 5,000 rows and 100 columns."""
    body = body or {}
    sheet, r0, c0, r1, c1 = book.span(body.get("range", ""))
    values = (body.get("dataValidation") or {}).get("conditionValues")
    if body.get("dataValidationType") != "list" or not isinstance(values, list) or not values:
        raise bad(90204, "WrongRequestBody: dataValidationType list with conditionValues")
    if r1 - r0 > WRITE_ROWS or c1 - c0 > WRITE_COLS or len(values) > DROPDOWN_VALUES:
        raise bad(90226, "ExcessLimit: 5,000 rows, 100 columns, 500 values")
    if any(not isinstance(v, str) or "," in v or len(v) > DROPDOWN_CHARS for v in values):
        raise bad(90204, "WrongRequestBody: values are strings without ',' of at most 100 characters")
    book.validations.append({"sheetId": sheet.sheet_id, "rows": (r0, r1), "cols": (c0, c1), "values": list(values)})
    return {}


def protected_dimension(book: Book, params: dict, body: Any) -> dict:
    """POST v2 …/protected_dimension: protect whole rows or columns (1-based, inclusive; at most 5,000)."""
    adds = (body or {}).get("addProtectedDimension")
    if not isinstance(adds, list) or not adds:
        raise bad(90204, "WrongRequestBody: addProtectedDimension")
    out = []
    for add in adds:
        dim = add.get("dimension") or {}
        sheet = book.by_id(str(dim.get("sheetId", "")))
        start, end = dim.get("startIndex"), dim.get("endIndex")
        limit = sheet.cols if dim.get("majorDimension") == "COLUMNS" else sheet.rows
        if not (isinstance(start, int) and isinstance(end, int) and 1 <= start <= end <= limit and end - start < 5000):
            raise bad(90212, "WrongRowOrCol")
        out.append(dict(add, protectId=uuid.uuid4().hex[:19]))
    book.protections.extend(out)
    return {"addProtectedDimension": out}


def styles_batch_update(book: Book, params: dict, body: Any) -> dict:
    """PUT v2 …/styles_batch_update: styles on ranges (recorded, not rendered)."""
    data = (body or {}).get("data")
    if not isinstance(data, list) or not data:
        raise bad(90204, "WrongRequestBody: data")
    for item in data:
        for a1 in item.get("ranges") or []:
            book.span(a1)
        book.styles.append(item)
    return {"totalUpdatedCells": 0}


RULE_TYPES = {
    "containsBlanks",
    "notContainsBlanks",
    "duplicateValues",
    "uniqueValues",
    "cellIs",
    "containsText",
    "timePeriod",
}


def condition_formats(book: Book, params: dict, body: Any) -> dict:
    """POST v2 …/condition_formats/batch_create: at most 10 a call and 20 a sheet; style and attrs checked."""
    items = (body or {}).get("sheet_condition_formats")
    if not isinstance(items, list) or not items:
        raise bad(90204, "WrongRequestBody: sheet_condition_formats")
    if len(items) > 10:
        raise bad(90226, "ExcessLimit: at most 10 condition formats a call")
    for item in items:
        sheet = book.by_id(str(item.get("sheet_id", "")))
        rule = item.get("condition_format") or {}
        if rule.get("rule_type") not in RULE_TYPES or not rule.get("style"):
            raise bad(90204, "WrongRequestBody: rule_type and style")
        if rule["rule_type"] in ("cellIs", "containsText", "timePeriod") and not rule.get("attrs"):
            raise bad(90204, "WrongRequestBody: attrs")
        for a1 in rule.get("ranges") or []:
            if book.span(a1)[0] is not sheet:
                raise bad(90202, "WrongRange: a range of another sheet")
        if sum(1 for f in book.condition_formats if f["sheet_id"] == sheet.sheet_id) >= 20:
            raise bad(90226, "ExcessLimit: at most 20 condition formats a sheet")
        book.condition_formats.append(dict(item, cf_id=uuid.uuid4().hex[:10]))
    return {"responses": [{"res_code": 0, "res_msg": "success"} for _ in items]}
