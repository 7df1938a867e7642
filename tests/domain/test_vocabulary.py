"""Tab titles have one home: sheets_schema/, read through functions/domain/tabs.py."""

from __future__ import annotations

import ast
from pathlib import Path

from functions.domain import tabs
from functions.domain.schema import default_schema

REPO = Path(__file__).resolve().parents[2]
# The same words used for something else than a tab: a column of 设置, and the people who fill a tab in.
NOT_A_TAB = {
    ("functions/adapters/gsheets/init.py", "说明"),  # 设置's 说明 column
    ("functions/adapters/feishu/init.py", "说明"),  # 设置's 说明 column
    ("functions/demo/make.py", "说明"),  # 设置's 说明 column
    ("functions/adapters/xlsx/settings_upgrade.py", "说明"),  # 设置's 说明 column
    ("functions/sheets_out/guide_tab.py", "志愿者"),  # 说明's 谁来填: the volunteers
    ("functions/demo/activity.py", "志愿者"),  # 活动签到's 身份
}


def test_every_schema_tab_has_its_constant():
    assert {getattr(tabs, name) for name in dir(tabs) if name.isupper()} == {t.title for t in default_schema()}


def test_no_module_spells_a_tab_title_itself():
    titles = {t.title for t in default_schema()}
    found = set()
    for path in sorted((REPO / "functions").rglob("*.py")):
        where = path.relative_to(REPO).as_posix()
        if where == "functions/domain/tabs.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        in_text = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and node.value in titles and id(node) not in in_text:
                found.add((where, node.value))
    assert found == NOT_A_TAB
