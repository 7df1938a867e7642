"""Cut discovery_excerpt.json out of Google's Sheets v4 discovery document (see README.md beside this file).

Usage: python devtools/sheets_fake/reference/extract.py PATH/TO/sheets.v4.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOTS = ["BatchUpdateSpreadsheetRequest", "BatchUpdateValuesRequest", "ValueRange", "Spreadsheet"]
METHODS = [
    "sheets.spreadsheets.get",
    "sheets.spreadsheets.batchUpdate",
    "sheets.spreadsheets.values.get",
    "sheets.spreadsheets.values.update",
    "sheets.spreadsheets.values.batchGet",
    "sheets.spreadsheets.values.batchUpdate",
    "sheets.spreadsheets.values.append",
]
MAPS = {"properties", "parameters", "schemas", "methods"}  # their keys are names, never prose
DROP = {"description", "enumDescriptions", "enumDeprecated"}  # prose only: the checks never read it
OUT = Path(__file__).with_name("discovery_excerpt.json")


def _strip(node: Any, names: bool = False) -> Any:
    """Drop prose keys; names=True: node maps names to specs (a field may be called "description")."""
    if isinstance(node, dict):
        return {k: _strip(v, k in MAPS and not names) for k, v in node.items() if names or k not in DROP}
    if isinstance(node, list):
        return [_strip(v) for v in node]
    return node


def _refs(node: Any, out: set[str]) -> None:
    if isinstance(node, dict):
        if "$ref" in node:
            out.add(node["$ref"])
        for value in node.values():
            _refs(value, out)
    elif isinstance(node, list):
        for value in node:
            _refs(value, out)


def _closure(schemas: dict[str, Any], roots: list[str]) -> list[str]:
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            found: set[str] = set()
            _refs(schemas[name], found)
            todo.extend(found)
    return sorted(seen)


def _methods(resource: dict[str, Any], out: dict[str, Any]) -> None:
    for method in resource.get("methods", {}).values():
        if method["id"] in METHODS:
            out[method["id"]] = {
                k: method[k] for k in ("httpMethod", "path", "parameters", "request", "response") if k in method
            }
    for child in resource.get("resources", {}).values():
        _methods(child, out)


def excerpt(doc: dict[str, Any]) -> dict[str, Any]:
    """The parts of the discovery document the fake checks requests against."""
    methods: dict[str, Any] = {}
    _methods(doc, methods)
    schemas = doc["schemas"]
    return _strip(
        {
            "id": doc["id"],
            "revision": doc["revision"],
            "parameters": doc["parameters"],
            "methods": dict(sorted(methods.items())),
            "schemas": {name: schemas[name] for name in _closure(schemas, ROOTS)},
        }
    )


if __name__ == "__main__":
    document = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    OUT.write_text(
        json.dumps(excerpt(document), ensure_ascii=False, indent=1, sort_keys=False) + "\n", encoding="utf-8"
    )
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")
