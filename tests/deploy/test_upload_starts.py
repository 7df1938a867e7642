"""What .gcloudignore uploads is enough: main.py imports, the jobs run and functions-framework starts there,
with only the packages requirements.txt brings, without devtools/, tests/ or the demo generator."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import requests
from packaging.markers import Marker
from packaging.requirements import Requirement

from tests.support import TODAY
from tests.support.backends import make_xlsx
from tests.support.ff_process import running
from tests.support.job_community import community
from tests.support.upload import REPO, uploaded

# Imports main, runs each job on the workbook, prints the top-level modules it loaded and any of ours.
RUN_JOBS = """
import datetime, json, sys
at_start = set(sys.modules)
import main
from functions.entry.events import JobRequest
config = main.require_for("nightly", {"MAIL_OUTBOX": sys.argv[2]})
request = JobRequest(workbook=sys.argv[1], today=datetime.date.fromisoformat(sys.argv[3]), all_months=True)
for job in ("validate", "nightly", "monthly"):
    main.run_job(job, request, config)
print(json.dumps(sorted(set(sys.modules) - at_start)))
"""
OPTIONAL = {"defusedxml"}  # openpyxl uses it when it is installed and works without it


def _deployed_copy(target: Path) -> Path:
    for path in sorted(uploaded(REPO)):
        (target / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / path, target / path)
    return target


def _requirement_closure() -> set[str]:
    """requirements.txt's distributions and everything they need (normalised names)."""
    wanted = [
        Requirement(line) for line in (REPO / "requirements.txt").read_text().splitlines() if re.match(r"\w", line)
    ]
    found: set[str] = set()
    while wanted:
        req = wanted.pop()
        name = re.sub(r"[-_.]+", "-", req.name).lower()
        if name in found:
            continue
        found.add(name)
        for child in metadata.requires(req.name) or []:
            sub = Requirement(child)
            if sub.marker is None or Marker(str(sub.marker)).evaluate({"extra": ""}):
                wanted.append(sub)
    return found


def test_the_uploaded_files_import_and_run_every_job_with_the_runtime_requirements_only(tmp_path):
    source = _deployed_copy(tmp_path / "source")
    assert not (source / "devtools").exists() and not (source / "tests").exists()
    assert not (source / "functions" / "demo").exists()
    book = make_xlsx(tmp_path, community()).location
    done = subprocess.run(
        [sys.executable, "-c", RUN_JOBS, book, str(tmp_path / "outbox"), TODAY.isoformat()],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=180,
        env={"PATH": str(Path(sys.executable).parent), "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    modules = json.loads(done.stdout.strip().splitlines()[-1])
    ours = [m for m in modules if m.split(".")[0] in ("functions", "devtools", "tests", "main")]
    assert "functions.jobs.run" in ours and not [
        m for m in ours if m.startswith(("devtools", "tests", "functions.demo"))
    ]
    top = {m.split(".")[0] for m in modules} - set(sys.stdlib_module_names) - {"functions", "main"} - OPTIONAL
    dists = {re.sub(r"[-_.]+", "-", d).lower() for t in top for d in metadata.packages_distributions().get(t, [])}
    assert dists <= _requirement_closure(), sorted(dists - _requirement_closure())
    assert list((tmp_path / "outbox").glob("*.eml"))


def test_functions_framework_starts_from_the_uploaded_files(tmp_path):
    source = _deployed_copy(tmp_path / "source")
    book = make_xlsx(tmp_path, community()).location
    with running("validate", {"MAIL_OUTBOX": str(tmp_path / "outbox")}, source_dir=source) as fn:
        answer = requests.post(fn.url, json={"workbook": book, "today": TODAY.isoformat()}, timeout=60)
    assert answer.status_code == 200 and answer.json()["ok"]
