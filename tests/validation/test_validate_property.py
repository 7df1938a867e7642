"""Property: no cell content whatever crashes the validator, parsed values are typed, nothing sensitive leaks."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from functions.domain.schema import default_schema
from functions.sheets_out.problems_tab import problem_rows, summary_lines
from functions.validation.validate import validate
from tests.support import TODAY
from tests.support.validation_corpus import base_grids, snapshot_of

SCHEMA = default_schema()
TYPES = {
    "date": dt.date,
    "int": int,
    "number": float,
    "phone": str,
    "email": str,
    "enum": str,
    "ref": str,
    "month": str,
    "text": str,
}
SECRET = "秘密病情XYZ"

cells = st.one_of(
    st.none(),
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Zl"]), max_size=20),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.sampled_from(
        [
            "2026-13-01",
            "8月3日",
            "2月29日",
            "E12",
            "=1+1",
            "@x",
            "１３８ １２３４ ５６７８",
            "<script>",
            "威尼斯赌场_澳门威尼斯赌场-【app*官网】",
            "2026年",
            "0",
            "-0",
            "1e400",
            "NaN",
            "inf",
            " ",
        ]
    ),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=3), st.integers(1000, 40000)),
)
tabs = st.sampled_from([t.title for t in SCHEMA.volunteer_tabs])


# derandomize: CI sees the same 150 examples every run (a red CI must be reproducible); explore more by
# removing it and running with --hypothesis-seed=N (31 seeds were clean when this was set).
@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    title=tabs,
    rows=st.lists(st.lists(cells, min_size=0, max_size=22), min_size=1, max_size=4),
    header_noise=st.lists(cells, max_size=3),
)
@example(title="志愿者", rows=[["1" * 5000]], header_noise=[])  # found by hypothesis: int() of a 5,000-digit 编号
def test_no_cell_content_crashes_the_validator(title, rows, header_noise):
    grids = base_grids(SCHEMA)
    grid = grids[title]
    width = len(grid[0])
    sensitive_cols = [
        i for i, h in enumerate(grid[0]) if h in SCHEMA[title].headers and SCHEMA[title].field(h).sensitive
    ]
    for raw in rows:
        line = (raw + [None] * width)[:width]
        for i in sensitive_cols:
            line[i] = SECRET
        grid.append(line)
    grid[0] = grid[0] + header_noise
    result = validate(snapshot_of(grids, SCHEMA), TODAY)
    for tab in SCHEMA.volunteer_tabs:
        for record in result.parsed[tab.title]:
            for f in tab.fields:
                value = record[f.name]
                assert value is None or isinstance(value, TYPES[f.type]), (tab.title, f.name, value)
                assert not (f.type == "date" and isinstance(value, dt.datetime))
                assert f.name not in record.bad or value is None
    shown = problem_rows(result.problems, None, TODAY) + [[line] for line in summary_lines(result.problems)]
    for row in shown:
        assert not any(SECRET in str(cell) for cell in row)
    for p in result.problems:
        assert p.level in ("错误", "警告") and p.message and p.suggestion
