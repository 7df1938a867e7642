"""The table-driven corpus: each messy cell or row raises exactly the problem a volunteer should see."""

from __future__ import annotations

import pytest

from functions.domain.schema import default_schema
from functions.validation.validate import validate
from tests.support import TODAY
from tests.support.validation_corpus import BASE, CASES, TEMPLATE, Case, base_grids, snapshot_of

SCHEMA = default_schema()


def run_case(case: Case):
    """Validate the clean workbook plus the case's row; return (validation, the case's row number)."""
    row = {**TEMPLATE[case.tab], **case.cells}
    grids = base_grids(SCHEMA, {case.tab: [row]}, {case.tab: case.rename} if case.rename else None)
    return validate(snapshot_of(grids, SCHEMA), TODAY), len(BASE[case.tab]) + 2


def test_the_clean_workbook_has_no_problem_at_all():
    result = validate(snapshot_of(base_grids(SCHEMA), SCHEMA), TODAY)
    assert result.problems == []
    assert [r.number for r in result.parsed["老人档案"]] == [2, 3, 4, 5]
    assert set(result.parsed) == {t.title for t in SCHEMA.volunteer_tabs}


def test_the_corpus_is_big_enough_and_names_are_unique():
    assert len(CASES) >= 60
    assert sum(1 for c in CASES if c.expect) >= 60
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Case):
    result, number = run_case(case)
    where = 1 if case.rename else number
    found = [p for p in result.problems if p.tab == case.tab and p.row == where]
    summary = [(p.level, p.column, p.message, p.suggestion) for p in found]
    assert len(found) == len(case.expect), summary
    for expected in case.expect:
        assert any(
            p.level == expected.level
            and p.column == expected.column
            and expected.message in p.message
            and expected.suggestion in p.suggestion
            for p in found
        ), (expected, summary)
    record = next(r for r in result.parsed[case.tab] if r.number == number)
    for column, value in case.parsed.items():
        assert record[column] == value, (column, record.values)
        if value is None and case.expect:
            assert column in record.bad
