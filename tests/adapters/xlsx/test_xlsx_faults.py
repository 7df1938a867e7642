"""Faults around the local file: a save in the write window, symbolic links, strict OOXML, killed writes."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import sys
import time
import zipfile

import pytest

from functions.adapters.xlsx import system_parts
from functions.domain.workbook import WorkbookError
from functions.jobs.run import run_nightly
from tests.support import TODAY
from tests.support.backends import make_xlsx
from tests.support.job_community import community
from tests.support.mail import outbox_delivery

NEW_CONTACT = [TODAY, "E0001", "V001", "电话问候", 5, None, None, None, "刚打过电话", "否"]


def _digest(path) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def _contacts(workbook) -> list:
    return [r["老人编号"] for r in workbook.read().tables["走访记录"].rows]


def test_a_save_landing_while_the_package_is_built_is_kept(tmp_path, monkeypatch):
    """The volunteer saves 15-150 ms after 正在写入系统表: the run re-reads and their row survives."""
    monkeypatch.delenv("SMTP_HOST", raising=False)
    workbook = make_xlsx(tmp_path, community())
    rows = community()
    rows["走访记录"] = rows["走访记录"] + [NEW_CONTACT]
    (tmp_path / "saved").mkdir()
    saved = make_xlsx(tmp_path / "saved", rows)
    splice, landed = system_parts.splice_sheet_data, []

    def splice_while_someone_saves(*args, **kwargs):
        if not landed:  # the person's save lands once, during the first build
            landed.append(True)
            time.sleep(0.02)
            shutil.copyfile(saved.location, workbook.location)
        return splice(*args, **kwargs)

    monkeypatch.setattr(system_parts, "splice_sheet_data", splice_while_someone_saves)
    before = len(_contacts(workbook))
    run_nightly(workbook, TODAY, delivery=outbox_delivery(str(tmp_path / "outbox")))
    assert landed
    after = workbook.read()
    assert len(after.tables["走访记录"].rows) == before + 1  # the save was not overwritten
    assert any(r["摘要"] and "每晚任务" in str(r["任务"]) for r in after.tables["运行记录"].rows)


def test_a_workbook_reached_through_a_symbolic_link_is_written_through(tmp_path, monkeypatch):
    monkeypatch.delenv("SMTP_HOST", raising=False)
    target = make_xlsx(tmp_path, community())
    (tmp_path / "synced").mkdir()
    link = tmp_path / "synced" / "三有.xlsx"
    os.symlink(target.location, link)
    from functions.adapters.xlsx.backend import XlsxWorkbook

    run_nightly(XlsxWorkbook(str(link)), TODAY, delivery=outbox_delivery(str(tmp_path / "outbox")))
    assert os.path.islink(link)
    assert target.read().tables["运行记录"].rows  # the target itself got 运行记录
    assert not [n for n in os.listdir(tmp_path / "synced") if n != "三有.xlsx"]


def _strict(data: bytes) -> bytes:
    """The same package with the Strict Open XML namespaces, as Excel's 'Strict Open XML' save writes them."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename.endswith((".xml", ".rels")):
                body = body.replace(
                    b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                    b"http://purl.oclc.org/ooxml/spreadsheetml/main",
                ).replace(
                    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                    b"http://purl.oclc.org/ooxml/officeDocument/relationships",
                )
            dst.writestr(info.filename, body)
    return out.getvalue()


def test_a_strict_ooxml_workbook_is_refused_clearly_and_left_alone(tmp_path):
    rows = community()
    workbook = make_xlsx(tmp_path, rows)
    path = workbook.location
    strict = _strict(open(path, "rb").read())
    open(path, "wb").write(strict)
    before = _digest(path)
    with pytest.raises(WorkbookError, match="Strict Open XML"):
        run_nightly(workbook, TODAY, delivery=outbox_delivery(str(tmp_path / "outbox")))
    assert _digest(path) == before
    done = subprocess.run(
        [sys.executable, "-m", "functions", "nightly", "--workbook", path, "--today", "2026-11-29"],
        capture_output=True,
        text=True,
        env={**os.environ, "MAIL_OUTBOX": str(tmp_path / "outbox2"), "SMTP_HOST": ""},
    )
    assert done.returncode == 1 and "另存为" in done.stderr and "Traceback" not in done.stderr


def test_temp_files_left_by_a_killed_write_are_removed_by_the_next_run(tmp_path):
    workbook = make_xlsx(tmp_path, community())
    stale = tmp_path / ".~sanyou-abc123.xlsx.tmp"
    stale.write_bytes(b"PK half a package")
    os.chmod(stale, 0o600)
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    fresh = tmp_path / ".~sanyou-def456.xlsx.tmp"  # another run writing right now: not touched
    fresh.write_bytes(b"PK")
    someone_elses = tmp_path / "notes.tmp"
    someone_elses.write_text("keep")
    os.utime(someone_elses, (old, old))
    workbook.read()
    workbook.write({"问题清单": []})
    assert not stale.exists() and fresh.exists() and someone_elses.exists()
