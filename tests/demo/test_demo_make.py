"""make_demo: writes a new workbook from the demo rows, never overwrites one without --force."""

from __future__ import annotations

import pytest

from functions.adapters.opener import open_workbook
from functions.demo.make import demo_rows, make_demo
from functions.domain.workbook import WorkbookError
from tests.support import TODAY


def test_refuses_to_overwrite_an_existing_file(tmp_path):
    path = tmp_path / "社区.xlsx"
    path.write_bytes(b"a volunteer's own file")
    with pytest.raises(WorkbookError, match="已经存在"):
        make_demo(path, today=TODAY)
    assert path.read_bytes() == b"a volunteer's own file"


def test_unknown_scale_is_a_clear_error(tmp_path):
    with pytest.raises(WorkbookError, match="small、full 或 huge"):
        make_demo(tmp_path / "demo.xlsx", scale="giant", today=TODAY)


def test_writes_every_tab_and_reads_back_the_same_rows(tmp_path):
    path = tmp_path / "demo.xlsx"
    path.write_bytes(b"old")
    messages: list[str] = []
    make_demo(path, seed=3, today=TODAY, force=True, progress=messages.append)
    assert messages and all(isinstance(m, str) for m in messages)
    expected = demo_rows(3, "small", TODAY)
    snapshot = open_workbook(str(path)).read()
    for title, rows in expected.items():
        assert len(snapshot.rows(title)) == len(rows), title
    first = snapshot.rows("老人档案")[0]
    assert first.get("编号") == "E0001" and first.number == 2
    formula = next(r for r in snapshot.rows("投诉") if str(r.get("摘要")).startswith("="))
    assert formula.get("摘要").startswith("=HYPERLINK(")  # stored as text, not as a live formula
