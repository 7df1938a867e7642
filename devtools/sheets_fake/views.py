"""What the fake answers for spreadsheets.get and the values endpoints (JSON in API shape)."""

from __future__ import annotations

from typing import Any

from .shapes import BadRequest, check, check_mask
from .store import Sheet, Spreadsheet, format_a1, read_values, resolve, write_values


def parse_mask(text: str) -> dict[str, dict]:
    """'a.b(c,d),e' → {'a': {'b': {'c': {}, 'd': {}}}, 'e': {}}; {} under a name means all of it."""
    tree: dict[str, dict] = {}
    i = 0

    def parse(level: dict[str, dict]) -> None:
        nonlocal i
        while i < len(text):
            j = i
            while j < len(text) and text[j] not in ",()":
                j += 1
            path = [p for p in text[i:j].strip().split(".") if p]
            node = level
            for name in path:
                node = node.setdefault(name, {})
            i = j
            if i < len(text) and text[i] == "(":
                i += 1
                parse(node)
                i += 1  # ')'
            if i < len(text) and text[i] == ",":
                i += 1
                continue
            if i < len(text) and text[i] == ")":
                return

    parse(tree)
    return tree


def apply_mask(value: Any, mask: dict[str, dict]) -> Any:
    """Keep only the masked fields (lists are masked element by element)."""
    if not mask:
        return value
    if isinstance(value, list):
        return [apply_mask(v, mask) for v in value]
    if not isinstance(value, dict):
        return value
    return {k: apply_mask(value[k], sub) for k, sub in mask.items() if k in value}


def _prune(value: Any) -> Any:
    """Proto3 JSON leaves out zero and false values (e.g. the first tab has no "index" nor "sheetId" 0)."""
    if isinstance(value, dict):
        return {k: _prune(v) for k, v in value.items() if v not in (0, False, "", None) or isinstance(v, float)}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


def _sheet_json(sheet: Sheet) -> dict[str, Any]:
    out: dict[str, Any] = {"properties": _prune(sheet.props)}
    if sheet.protected:
        out["protectedRanges"] = sheet.protected
    if sheet.conditional:
        out["conditionalFormats"] = sheet.conditional
    if sheet.charts:
        out["charts"] = sheet.charts
    if sheet.basic_filter is not None:
        out["basicFilter"] = sheet.basic_filter
    return out


def spreadsheet_json(book: Spreadsheet, fields: str | None) -> dict[str, Any]:
    """spreadsheets.get, filtered by the fields mask."""
    full = {
        "spreadsheetId": book.spreadsheet_id,
        "properties": {"title": book.title, "locale": "zh_CN", "timeZone": "Asia/Shanghai", "autoRecalc": "ON_CHANGE"},
        "sheets": [_sheet_json(s) for s in book.sheets],
        "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{book.spreadsheet_id}/edit",
    }
    if not fields:
        return full
    try:
        check_mask(fields, "Spreadsheet", "fields")
    except BadRequest as exc:
        raise BadRequest("Request contains an invalid argument.", [("fields", str(exc))]) from None
    return apply_mask(full, parse_mask(fields))


def _options(params: dict[str, list[str]]) -> tuple[str, str, str]:
    """Render options with the API's defaults (values are already checked against the discovery enums)."""
    value = params.get("valueRenderOption", ["FORMATTED_VALUE"])[-1]
    date = params.get("dateTimeRenderOption", ["SERIAL_NUMBER"])[-1]
    major = params.get("majorDimension", ["ROWS"])[-1]
    return value, date, major if major in ("ROWS", "COLUMNS") else "ROWS"  # DIMENSION_UNSPECIFIED means ROWS


def value_range(book: Spreadsheet, a1: str, params: dict[str, list[str]]) -> dict[str, Any]:
    """values.get: one ValueRange."""
    value_option, date_option, major = _options(params)
    sheet, r0, c0, r1, c1 = resolve(book, a1)
    values = read_values(sheet, r0, c0, r1, c1, value_option, date_option)
    if major == "COLUMNS":
        width = max((len(v) for v in values), default=0)
        values = [[row[j] if j < len(row) else "" for row in values] for j in range(width)]
    out: dict[str, Any] = {"range": format_a1(sheet.title, r0, c0, r1, c1), "majorDimension": major}
    if values:
        out["values"] = values
    return out


def batch_get(book: Spreadsheet, params: dict[str, list[str]]) -> dict[str, Any]:
    """values.batchGet."""
    ranges = params.get("ranges", [])
    return {"spreadsheetId": book.spreadsheet_id, "valueRanges": [value_range(book, r, params) for r in ranges]}


def batch_update_values(book: Spreadsheet, body: dict) -> dict[str, Any]:
    """values.batchUpdate: checked whole first (ranges, grid limits), then written."""
    check(body, "BatchUpdateValuesRequest")
    option = _input_option(body.get("valueInputOption"))
    data = body.get("data") or []
    trial = book.clone() if len(data) > 1 else book
    responses = [
        write_values(trial, _range(d, i), d.get("values") or [], option, _major(d)) for i, d in enumerate(data)
    ]
    if trial is not book:
        book.sheets = trial.sheets
    return {
        "spreadsheetId": book.spreadsheet_id,
        "totalUpdatedRows": sum(r["updatedRows"] for r in responses),
        "totalUpdatedColumns": sum(r["updatedColumns"] for r in responses),
        "totalUpdatedCells": sum(r["updatedCells"] for r in responses),
        "totalUpdatedSheets": len({r["updatedRange"].rsplit("!", 1)[0] for r in responses}),
        "responses": responses,
    }


def update_values(book: Spreadsheet, a1: str, params: dict[str, list[str]], body: dict) -> dict[str, Any]:
    """values.update (PUT)."""
    check(body, "ValueRange")
    option = _input_option(params.get("valueInputOption", [None])[-1])
    if body.get("range") and body["range"] != a1:
        raise BadRequest(f"Requested writing within range [{a1}], but the body names [{body['range']}]")
    return write_values(book, a1, body.get("values") or [], option, _major(body))


def _input_option(option: Any) -> str:
    """valueInputOption is required; its enum number or INPUT_VALUE_OPTION_UNSPECIFIED is not a choice."""
    names = {1: "RAW", 2: "USER_ENTERED"}
    option = names.get(option, option) if isinstance(option, int) else option
    if option not in ("RAW", "USER_ENTERED"):
        raise BadRequest(
            "'valueInputOption' is required but not specified" if not option else f"Invalid valueInputOption: {option}"
        )
    return option


def _major(value_range: dict) -> str:
    major = value_range.get("majorDimension")
    return "COLUMNS" if major in ("COLUMNS", 2) else "ROWS"  # unset or DIMENSION_UNSPECIFIED means ROWS


def _range(value_range: dict, index: int) -> str:
    a1 = value_range.get("range")
    if not a1:
        raise BadRequest(f"Invalid data[{index}]: Unable to parse range: ")
    return a1
