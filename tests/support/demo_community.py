"""The small demo community, read and validated like a real workbook, once per test session."""

from __future__ import annotations

from functools import lru_cache

from functions.demo.make import as_lists, demo_records, sensitive_values
from functions.domain.schema import default_schema
from functions.domain.table import build_table
from functions.domain.workbook import Snapshot
from functions.validation.validate import validate
from tests.support import TODAY


@lru_cache(maxsize=1)
def demo():
    """(validation, stories, sensitive texts) for the small demo as of TODAY."""
    tabs, _planted, stories = demo_records(seed=7, scale="small", today=TODAY)
    schema = default_schema()
    tables = {t: build_table(t, [schema[t].headers] + rows, schema[t]) for t, rows in as_lists(tabs).items()}
    return validate(Snapshot(tables=tables), TODAY), stories, sensitive_values(tabs)
