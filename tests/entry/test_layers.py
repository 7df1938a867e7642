"""What the import contracts (pyproject.toml, `lint-imports`) cannot see: main.py, and who reads the environment."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MAIN_MAY_IMPORT = ("functions.entry", "functions.jobs", "functions.adapters.opener", "functions.adapters.mail")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
    return names


def test_main_py_is_thin_glue_over_entry_jobs_and_the_adapter_factories():
    ours = [name for name in _imports(REPO / "main.py") if name.startswith("functions.")]
    assert ours and all(name.startswith(MAIN_MAY_IMPORT) or name == "functions.domain.workbook" for name in ours)


def test_only_the_configuration_module_reads_the_environment():
    readers = []
    for path in [REPO / "main.py", *sorted((REPO / "functions").rglob("*.py"))]:
        text = path.read_text(encoding="utf-8")
        if "os.environ" in text or "getenv(" in text:
            readers.append(path.relative_to(REPO).as_posix())
    assert readers == ["functions/entry/config.py"]
