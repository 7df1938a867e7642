"""spreadsheets.batchUpdate in the fake: the request kinds our backend sends, applied all-or-nothing."""

from __future__ import annotations

from typing import Any

from functions.adapters.gsheets.a1 import split_range

from .discovery import Unimplemented
from .rules import check_request
from .shapes import BadRequest, check
from .store import DateNum, Formula, Sheet, Spreadsheet, check_length, parse_input


def _mask(fields: str | None, where: str) -> list[str]:
    if not fields:
        raise BadRequest(f"Invalid {where}: At least one field must be updated, but 'fields' is empty.")
    return [f.strip() for f in fields.split(",") if f.strip()]


def _check_box(sheet: Sheet, box: dict, where: str) -> tuple[int, int, int, int]:
    rows, cols = sheet.size
    r0, r1 = box.get("startRowIndex", 0), box.get("endRowIndex", rows)
    c0, c1 = box.get("startColumnIndex", 0), box.get("endColumnIndex", cols)
    if r1 > rows or c1 > cols or r0 > r1 or c0 > c1:
        raise BadRequest(f"Invalid {where}: Range exceeds grid limits. Max rows: {rows}, max columns: {cols}")
    return r0, r1, c0, c1


def _grid(book: Spreadsheet, box: dict, where: str) -> Sheet:
    sheet = book.by_id(box.get("sheetId", 0))
    _check_box(sheet, box, where)
    return sheet


def _cell_value(data: dict) -> Any:
    value = data.get("userEnteredValue")
    if not value:
        return None
    if "formulaValue" in value:
        return Formula(check_length(value["formulaValue"]))
    if "stringValue" in value:
        return check_length(value["stringValue"])
    if "boolValue" in value:
        return value["boolValue"]
    number = float(value.get("numberValue", 0))
    fmt = data.get("userEnteredFormat", {}).get("numberFormat", {}).get("type")
    return DateNum(number) if fmt in ("DATE", "DATE_TIME") else number


def _write_rows(sheet: Sheet, r0: int, c0: int, rows: list[dict], fields: list[str], where: str) -> None:
    n_rows, n_cols = sheet.size
    everything = "*" in fields
    for i, row in enumerate(rows):
        for j, data in enumerate(row.get("values", [])):
            r, c = r0 + i, c0 + j
            if r >= n_rows or c >= n_cols:
                raise BadRequest(
                    f"Invalid {where}: Range exceeds grid limits. Max rows: {n_rows}, max columns: {n_cols}"
                )
            if everything or "userEnteredValue" in fields:
                sheet.put(r, c, _cell_value(data))
            if everything or any(f.startswith("userEnteredFormat") for f in fields):
                link = ((data.get("userEnteredFormat") or {}).get("textFormat") or {}).get("link") or {}
                if link.get("uri"):
                    sheet.links[(r, c)] = link["uri"]
                else:
                    sheet.links.pop((r, c), None)
            if everything or "note" in fields:
                if data.get("note"):
                    sheet.notes[(r, c)] = data["note"]
                else:
                    sheet.notes.pop((r, c), None)


def _set_props(target: dict, source: dict, path: str) -> None:
    if path == "*":
        target.update({k: v for k, v in source.items() if k != "sheetId"})
        return
    head, _, rest = path.partition(".")
    if "(" in head:  # gridProperties(frozenRowCount,rowCount)
        name, inner = head.split("(", 1)
        for sub in inner.rstrip(")").split(";"):
            _set_props(target.setdefault(name, {}), source.get(name, {}), sub)
        return
    if rest:
        _set_props(target.setdefault(head, {}), source.get(head, {}), rest)
    elif head in source:
        target[head] = source[head]
    else:
        target.pop(head, None)


def _check_range_rule(book: Spreadsheet, rule: dict, where: str) -> None:
    """ONE_OF_RANGE must name a tab that exists (at this point of the batch: requests apply in order)."""
    condition = rule.get("condition") or {}
    if condition.get("type") != "ONE_OF_RANGE":
        return
    formula = str(condition["values"][0].get("userEnteredValue", ""))
    try:
        title, _cells = split_range(formula.lstrip("=+"))
    except ValueError:
        title = None
    if title is not None and not any(s.title == title for s in book.sheets):
        raise BadRequest(f"Invalid {where}: Invalid ConditionValue.userEnteredValue: {formula}")


def _check_anchor(book: Spreadsheet, position: dict, where: str) -> Sheet:
    """An overlay chart's anchor cell must lie inside its sheet's grid."""
    anchor = position.get("overlayPosition", {}).get("anchorCell", {})
    sheet = book.by_id(position.get("sheetId", anchor.get("sheetId", 0)))
    rows, cols = sheet.size
    if anchor and (anchor.get("rowIndex", 0) >= rows or anchor.get("columnIndex", 0) >= cols):
        raise BadRequest(
            f"Invalid {where}: GridCoordinate (row {anchor.get('rowIndex', 0)}, column "
            f"{anchor.get('columnIndex', 0)}) is outside the grid. Max rows: {rows}, max columns: {cols}"
        )
    return sheet


def apply(book: Spreadsheet, index: int, request: dict) -> dict:
    """Apply one request to book; return its reply."""
    kind, body, where = check_request(index, request)
    if kind == "addSheet":
        props = body.get("properties", {})
        grid = props.get("gridProperties", {})
        sheet = book.add_sheet(
            props.get("title") or f"Sheet{len(book.sheets) + 1}",
            props.get("sheetId"),
            grid.get("rowCount", 1000),
            grid.get("columnCount", 26),
            props.get("index"),
        )
        for key, value in props.items():
            if key not in ("sheetId", "title", "index", "gridProperties"):
                sheet.props[key] = value
        sheet.props["gridProperties"].update({k: v for k, v in grid.items() if k not in ("rowCount", "columnCount")})
        return {"addSheet": {"properties": dict(sheet.props)}}
    if kind == "deleteSheet":
        book.sheets.remove(book.by_id(body.get("sheetId", 0)))
        book.reindex()
        return {}
    if kind == "updateSheetProperties":
        props = body.get("properties", {})
        sheet = book.by_id(props.get("sheetId", 0))
        for path in _mask(body.get("fields"), where):
            _set_props(sheet.props, props, path.replace(",", ";"))
        if "index" in props:
            book.sheets.remove(sheet)
            book.sheets.insert(props["index"], sheet)
            book.reindex()
        return {}
    if kind == "updateCells":
        fields = _mask(body.get("fields"), where)
        if "start" in body:
            start = body["start"]
            sheet = book.by_id(start.get("sheetId", 0))
            _write_rows(
                sheet, start.get("rowIndex", 0), start.get("columnIndex", 0), body.get("rows", []), fields, where
            )
        else:
            box = body.get("range", {})
            sheet = _grid(book, box, where)
            _write_rows(
                sheet, box.get("startRowIndex", 0), box.get("startColumnIndex", 0), body.get("rows", []), fields, where
            )
        return {}
    if kind == "appendCells":
        sheet = book.by_id(body.get("sheetId", 0))
        rows = body.get("rows", [])
        start = sheet.used_rows()
        needed = start + len(rows) - sheet.size[0]
        if needed > 0:
            sheet.props["gridProperties"]["rowCount"] += needed
        _write_rows(sheet, start, 0, rows, _mask(body.get("fields"), where), where)
        return {}
    if kind == "appendDimension":
        sheet = book.by_id(body.get("sheetId", 0))
        key = "rowCount" if body["dimension"] in ("ROWS", 1) else "columnCount"
        sheet.props["gridProperties"][key] += int(body["length"])
        return {}
    if kind == "deleteDimension":
        box = body.get("range", {})
        sheet = book.by_id(box.get("sheetId", 0))
        rows = box.get("dimension") in ("ROWS", 1)
        limit = sheet.size[0 if rows else 1]
        start, end = box.get("startIndex", 0), box.get("endIndex", limit)
        if not 0 <= start < end <= limit:
            raise BadRequest(f"Invalid {where}: Range ({start}, {end}) is out of the grid's {limit}.")
        if not rows:
            raise Unimplemented(f"{where}: deleting columns (Sanyou deletes rows only).")
        if end - start >= limit:
            raise BadRequest(f"Invalid {where}: You can't delete all the rows on the sheet.")
        del sheet.rows[start:end]
        sheet.props["gridProperties"]["rowCount"] -= end - start
        for cells in (sheet.notes, sheet.links):
            moved = {
                (r - (end - start) if r >= end else r, c): v for (r, c), v in cells.items() if not start <= r < end
            }
            cells.clear()
            cells.update(moved)
        return {}
    if kind == "updateDimensionProperties":
        box = body.get("range", {})
        sheet = book.by_id(box.get("sheetId", 0))
        _mask(body.get("fields"), where)
        if box.get("dimension") in ("COLUMNS", 2):
            limit = sheet.size[1]
            if box.get("endIndex", limit) > limit:
                raise BadRequest(f"Invalid {where}: Range exceeds grid limits. Max columns: {limit}")
            props = body.get("properties", {})
            for c in range(box.get("startIndex", 0), box.get("endIndex", limit)):
                if "pixelSize" in props:
                    sheet.widths[c] = props["pixelSize"]
                if "hiddenByUser" in props:
                    (sheet.hidden_columns.add if props["hiddenByUser"] else sheet.hidden_columns.discard)(c)
        return {}
    if kind == "setBasicFilter":
        spec = dict(body.get("filter") or {})
        sheet = _grid(book, spec.get("range") or {}, where)
        sheet.basic_filter = spec
        return {}
    if kind == "setDataValidation":
        box = body.get("range", {})
        sheet = _grid(book, box, where)
        rule = body.get("rule")
        if rule:
            _check_range_rule(book, rule, where)
        sheet.validations = [(b, r) for b, r in sheet.validations if b != box]
        if rule is not None:
            sheet.validations.append((dict(box), rule))
        return {}
    if kind == "addProtectedRange":
        spec = dict(body.get("protectedRange", {}))
        sheet = _grid(book, spec.get("range", {}), where)
        spec["protectedRangeId"] = spec.get("protectedRangeId") or 1000 + sum(len(s.protected) for s in book.sheets)
        sheet.protected.append(spec)
        return {"addProtectedRange": {"protectedRange": spec}}
    if kind == "addConditionalFormatRule":
        rule = body.get("rule", {})
        sheet = _grid(book, rule["ranges"][0], where)
        sheet.conditional.insert(body.get("index", len(sheet.conditional)), rule)
        return {}
    if kind == "addChart":
        chart = dict(body.get("chart", {}))
        sheet = _check_anchor(book, chart.get("position", {}), where)
        chart["chartId"] = chart.get("chartId") or 5000 + sum(len(s.charts) for s in book.sheets)
        sheet.charts.append(chart)
        return {"addChart": {"chart": chart}}
    raise Unimplemented(f"{where}: a valid request the fake does not carry out (only the kinds Sanyou sends).")


def batch_update(book: Spreadsheet, body: dict) -> tuple[Spreadsheet, dict]:
    """Check and apply a whole batchUpdate on a copy; the caller swaps it in only when all succeeded."""
    check(body, "BatchUpdateSpreadsheetRequest")
    requests = body.get("requests") or []
    if not requests:
        raise BadRequest("Must specify at least one request.")
    draft = book.clone()
    replies = [apply(draft, i, r) for i, r in enumerate(requests)]
    return draft, {"spreadsheetId": book.spreadsheet_id, "replies": replies}


__all__ = ["apply", "batch_update", "parse_input"]
