"""Check requests against Google's own description of Sheets v4: the discovery document's schemas and parameters.

The excerpt (devtools/sheets_fake/reference/discovery_excerpt.json, cut from the published discovery document) is
read once; a body is walked the way Google's proto3 JSON parser does: unknown names, wrong JSON types, int32
range, enum names (or numbers), lists for repeated fields only, null as unset. Hand-written because no
installed library validates proto3 JSON against a discovery document (jsonschema does not read that format).
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from pathlib import Path
from typing import Any

EXCERPT = Path(__file__).resolve().parent / "reference" / "discovery_excerpt.json"
PROTO = "type.googleapis.com/google.apps.sheets.v4."
# The proto enum names Google prints in errors where they differ from the one derived from X_UNSPECIFIED.
ENUM_NAMES = {
    "valueInputOption": "ValueInputOption",
    "valueRenderOption": "ValueRenderOption",
    "responseValueRenderOption": "ValueRenderOption",
    "dateTimeRenderOption": "DateTimeRenderOption",
    "responseDateTimeRenderOption": "DateTimeRenderOption",
    "horizontalAlignment": "HorizontalAlign",
    "verticalAlignment": "VerticalAlign",
    "themeColor": "ThemeColorType",
}
SCALAR_NAMES = {"integer": "TYPE_INT32", "number": "TYPE_DOUBLE", "boolean": "TYPE_BOOL", "string": "TYPE_STRING"}
INT32 = (-(2**31), 2**31 - 1)


class BadRequest(ValueError):
    """A request the real API answers with 400 INVALID_ARGUMENT; violations are (field, description) pairs."""

    def __init__(self, message: str, violations: list[tuple[str, str]] | None = None):
        super().__init__(message)
        self.violations = violations or []


class Unimplemented(Exception):
    """A valid request the fake does not carry out (answered 501, never mistaken for Google's 400)."""


@cache
def document() -> dict[str, Any]:
    """The discovery excerpt (parsed once)."""
    return json.loads(EXCERPT.read_text(encoding="utf-8"))


def schema(name: str) -> dict[str, Any]:
    """One message schema by name."""
    return document()["schemas"][name]


def snake(name: str) -> str:
    """sheetId -> sheet_id: the proto field name Google uses in error paths."""
    return re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), name)


@cache
def _fields(name: str) -> dict[str, dict[str, Any]]:
    """A message's fields by JSON name and by proto (snake_case) name: proto3 JSON parsers accept both."""
    props = schema(name).get("properties", {})
    return {**{snake(k): v for k, v in props.items()}, **props}


def enum_name(field: str, spec: dict[str, Any]) -> str:
    """The proto enum type of a field, as Google names it in an 'Invalid value' error."""
    if field in ENUM_NAMES:
        return ENUM_NAMES[field]
    first = spec["enum"][0]
    if first.endswith("_UNSPECIFIED"):
        return "".join(w.capitalize() for w in first[: -len("_UNSPECIFIED")].split("_"))
    return field[:1].upper() + field[1:]


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _scalar_ok(spec: dict[str, Any], value: Any) -> bool:
    kind = spec.get("type")
    if kind == "any":
        return True
    if "enum" in spec:
        if isinstance(value, int) and not isinstance(value, bool):
            return 0 <= value < len(spec["enum"])  # proto3 JSON also takes an enum's number
        return isinstance(value, str) and value in spec["enum"]
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "string":
        if spec.get("format") in ("int64", "uint64"):
            return (isinstance(value, int) and not isinstance(value, bool)) or bool(re.fullmatch(r"-?\d+", str(value)))
        return isinstance(value, str)
    if kind == "integer":
        if isinstance(value, str) and re.fullmatch(r"-?\d+", value):
            value = int(value)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return isinstance(value, int) and not isinstance(value, bool) and INT32[0] <= value <= INT32[1]
    if kind == "number":
        if isinstance(value, str):
            try:
                return not math.isnan(float(value)) or value == "NaN"
            except ValueError:
                return False
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return True


def _walk(value: Any, spec: dict[str, Any], where: str, field: str, errors: list[tuple[str, str]]) -> None:
    if value is None:
        return  # JSON null means "not set" in proto3 JSON
    if "$ref" in spec:
        if not isinstance(value, dict):
            errors.append((where, f"Invalid value at '{where}' ({PROTO}{spec['$ref']}), {_show(value)}"))
            return
        fields = _fields(spec["$ref"])
        for key, item in value.items():
            sub = fields.get(key)
            if sub is None:
                at = f" at '{where}'" if where else ""
                errors.append((where, f'Unknown name "{key}"{at}: Cannot find field.'))
                continue
            path = f"{where}.{snake(key)}" if where else snake(key)
            if isinstance(item, list) and sub.get("type") != "array":
                errors.append((path, f"Invalid value at '{path}': Proto field is not repeating, cannot start list."))
                continue
            _walk(item, sub, path, key, errors)
        return
    if spec.get("type") == "array":
        if not isinstance(value, list):
            errors.append((where, f"Invalid value at '{where}' ({_type_label(spec['items'], field)}), {_show(value)}"))
            return
        items = spec["items"]
        if items.get("type") == "any":
            return
        if items.get("type") == "array" and items["items"].get("type") == "any":  # ValueRange.values: rows
            for i, row in enumerate(value):
                if not isinstance(row, list) and row is not None:
                    errors.append(
                        (
                            f"{where}[{i}]",
                            f"Invalid value at '{where}[{i}]' "
                            f"(type.googleapis.com/google.protobuf.ListValue), {_show(row)}",
                        )
                    )
            return
        for i, item in enumerate(value):
            _walk(item, items, f"{where}[{i}]", field, errors)
        return
    if spec.get("type") == "object" and "additionalProperties" in spec:
        if not isinstance(value, dict):
            errors.append((where, f"Invalid value at '{where}', {_show(value)}"))
            return
        for key, item in value.items():
            _walk(item, spec["additionalProperties"], f"{where}[{key}]", field, errors)
        return
    if not _scalar_ok(spec, value):
        errors.append((where, f"Invalid value at '{where}' ({_type_label(spec, field)}), {_show(value)}"))


def _type_label(spec: dict[str, Any], field: str) -> str:
    if "$ref" in spec:
        return PROTO + spec["$ref"]
    if "enum" in spec:
        return PROTO + enum_name(field, spec)
    if spec.get("type") == "number" and spec.get("format") == "float":
        return "TYPE_FLOAT"
    if spec.get("type") == "string" and spec.get("format") == "int64":
        return "TYPE_INT64"
    return SCALAR_NAMES.get(spec.get("type", ""), "TYPE_MESSAGE")


def check_body(body: Any, message: str) -> None:
    """Raise BadRequest (every problem, one per line, like Google) when body does not parse as message."""
    errors: list[tuple[str, str]] = []
    _walk(body, {"$ref": message}, "", "", errors)
    if errors:
        violations = [(where, f"Invalid JSON payload received. {text}") for where, text in errors]
        raise BadRequest("\n".join(text for _where, text in violations), violations)


def check_params(method: str, params: dict[str, list[str]]) -> None:
    """Query parameters: known to the method or standard, enum values listed, booleans true/false."""
    doc = document()
    known = {
        **doc["parameters"],
        **{k: v for k, v in doc["methods"][method]["parameters"].items() if v.get("location") == "query"},
    }
    for name, values in params.items():
        spec = known.get(name)
        if spec is None:
            raise BadRequest(
                f'Invalid JSON payload received. Unknown name "{name}": Cannot bind query parameter. '
                f"Field '{name}' could not be found in request message."
            )
        for value in values:
            if "enum" in spec and value not in spec["enum"]:
                raise BadRequest(f"Invalid value at '{snake(name)}' ({PROTO}{enum_name(name, spec)}), \"{value}\"")
            if spec.get("type") == "boolean" and value not in ("true", "false", "1", "0"):
                raise BadRequest(f"Invalid value at '{snake(name)}' (TYPE_BOOL), \"{value}\"")


def mask_paths(mask: str) -> list[list[str]]:
    """A FieldMask ('a.b,c') as lists of names; the partial-response form 'a(b,c)' is expanded too."""
    out: list[list[str]] = []
    stack: list[list[str]] = [[]]
    token = ""
    for ch in mask + ",":
        if ch == "(":
            stack.append(stack[-1] + [p for p in token.strip().split(".") if p])
            token = ""
        elif ch in ",)":
            if token.strip():
                out.append(stack[-1] + token.strip().split("."))
            token = ""
            if ch == ")" and len(stack) > 1:
                stack.pop()
        else:
            token += ch
    return out


def bad_mask_path(mask: str, message: str) -> str | None:
    """The first path of a field mask that names no field of message (None when all are fine; '*' is all)."""
    for path in mask_paths(mask):
        spec: dict[str, Any] = {"$ref": message}
        for name in path:
            if name == "*":
                break
            ref = spec.get("$ref") or spec.get("items", {}).get("$ref")
            spec = _fields(ref).get(name) if ref else None  # type: ignore[assignment]
            if spec is None:
                return ".".join(path)
    return None
