"""Rules of spreadsheets.batchUpdate beyond the message shapes, as the v4 reference states them.

Sources (the discovery document's descriptions, see devtools/sheets_fake/reference/README.md): Request is a oneof
'kind'; UpdateCellsRequest's start/range and ConditionalFormatRule's booleanRule/gradientRule are oneofs;
a fields mask names fields of its message; ONE_OF_RANGE "requires a single ConditionValue", ONE_OF_LIST
"supports any number of condition values … Formulas are not supported"; TEXT_EQ in a conditional format
"requires a single ConditionValue"; a BooleanRule's format "can only apply … bold, italic, strikethrough,
foreground color and background color"; appendDimension needs a dimension and a positive length.
"""

from __future__ import annotations

from typing import Any

from .shapes import BadRequest, check_mask

MASKED = {
    "updateSheetProperties": "SheetProperties",
    "updateCells": "CellData",
    "appendCells": "CellData",
    "updateDimensionProperties": "DimensionProperties",
}
ONEOFS = {"updateCells": ("start", "range")}
RULE_FORMAT = {"backgroundColor", "backgroundColorStyle", "textFormat"}
RULE_TEXT = {"bold", "italic", "strikethrough", "foregroundColor", "foregroundColorStyle"}
SINGLE_VALUE = {
    "ONE_OF_RANGE",
    "TEXT_EQ",
    "TEXT_NOT_EQ",
    "TEXT_CONTAINS",
    "TEXT_NOT_CONTAINS",
    "TEXT_STARTS_WITH",
    "TEXT_ENDS_WITH",
    "NUMBER_GREATER",
    "NUMBER_LESS",
    "NUMBER_EQ",
    "NUMBER_NOT_EQ",
    "CUSTOM_FORMULA",
}


def _set(body: dict, key: str) -> bool:
    return body.get(key) is not None


def _one_of(body: dict, names: tuple[str, ...], where: str, oneof: str) -> None:
    chosen = [n for n in names if _set(body, n)]
    if len(chosen) > 1:
        raise BadRequest(
            f"Invalid JSON payload received. Oneof field '{oneof}' is already set. Cannot set '{chosen[1]}'",
            [(where, f"oneof {oneof}")],
        )


def _condition(condition: dict, where: str, context: str) -> None:
    kind = condition.get("type")
    values = condition.get("values") or []
    if kind in SINGLE_VALUE and len(values) != 1:
        raise BadRequest(f"Invalid {where}: {context} condition {kind} requires exactly one ConditionValue.")
    if kind == "ONE_OF_LIST":
        if not values:
            raise BadRequest(f"Invalid {where}: {context} condition ONE_OF_LIST requires at least one ConditionValue.")
        if any(str(v.get("userEnteredValue", "")).startswith(("=", "+")) for v in values):
            raise BadRequest(f"Invalid {where}: formulas are not supported in ONE_OF_LIST values.")
    if kind == "ONE_OF_RANGE" and not str(values[0].get("userEnteredValue", "")).lstrip("=+"):
        raise BadRequest(f"Invalid {where}: ONE_OF_RANGE needs a range in A1 notation.")


def _format_rule(rule: dict, where: str) -> None:
    _one_of(rule, ("booleanRule", "gradientRule"), where, "rule")
    if not rule.get("ranges"):
        raise BadRequest(f"Invalid {where}: A conditional format rule must have at least one range.")
    boolean = rule.get("booleanRule")
    if boolean:
        _condition(boolean.get("condition") or {}, where, "conditional format")
        fmt = boolean.get("format") or {}
        text = fmt.get("textFormat") or {}
        if set(fmt) - RULE_FORMAT or set(text) - RULE_TEXT:
            raise BadRequest(
                f"Invalid {where}: Conditional formats can only set bold, italic, strikethrough, "
                "foreground color and background color."
            )


def check_request(index: int, request: Any) -> tuple[str, dict, str]:
    """(kind, body, error path) of one Request, or BadRequest when a rule of the reference is broken."""
    where = f"requests[{index}]"
    kinds = [k for k, v in request.items() if v is not None]
    if not kinds:
        raise BadRequest(f"Invalid {where}: No request set.")
    _one_of(request, tuple(kinds), where, "kind")
    kind = kinds[0]
    body = request[kind]
    where = f"{where}.{kind}"
    if kind in ONEOFS:
        _one_of(body, ONEOFS[kind], where, "area")
    if kind in MASKED and body.get("fields"):
        check_mask(body["fields"], MASKED[kind], where)
    if kind == "setDataValidation" and (body.get("rule") or {}).get("condition"):
        _condition(body["rule"]["condition"], where, "data validation")
    if kind == "addConditionalFormatRule":
        _format_rule(body.get("rule") or {}, where)
    if kind == "appendDimension" and (
        body.get("dimension") in (None, "DIMENSION_UNSPECIFIED", 0) or int(body.get("length") or 0) < 1
    ):
        raise BadRequest(f"Invalid {where}: dimension must be ROWS or COLUMNS and length at least 1.")
    if kind == "addProtectedRange":
        spec = body.get("protectedRange") or {}
        if sum(_set(spec, k) for k in ("range", "namedRangeId", "tableId")) != 1:
            raise BadRequest(f"Invalid {where}: exactly one of range, namedRangeId or tableId must be set.")
    return kind, body, where
