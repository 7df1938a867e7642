"""Hand-made records shaped as parse_table shapes them: every header of the tab, the tab named."""

from __future__ import annotations

from functions.domain.model import Parsed, Record
from functions.domain.schema import default_schema


def complete(parsed: Parsed) -> Parsed:
    """Each record with every schema header of its tab (None where not given); a header the tab lacks fails."""
    schema = default_schema()
    out: Parsed = {}
    for title, records in parsed.items():
        headers = schema[title].headers
        rows = []
        for r in records:
            unknown = set(dict(r)) - set(headers)
            assert not unknown, f"{title} has no column {sorted(unknown)}"
            rows.append(Record(r.number, {h: dict.get(r, h) for h in headers}, r.bad, title))
        out[title] = rows
    return out


def record(tab: str, values: dict, number: int = 2) -> Record:
    """One parsed row of tab with every schema header (None where not given); a header the tab lacks fails."""
    headers = default_schema()[tab].headers
    unknown = set(values) - set(headers)
    assert not unknown, f"{tab} has no column {sorted(unknown)}"
    return Record(number, {h: values.get(h) for h in headers}, tab=tab)
