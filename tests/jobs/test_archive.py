"""archive --before on the small demo: every alert, the group message and 月度指标 stay the same; nothing twice."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from functions.adapters.xlsx import archive as xlsx_archive
from functions.adapters.xlsx.backend import XlsxWorkbook
from functions.care.alerts import compute_alerts
from functions.demo.make import make_demo
from functions.domain.schema import default_schema
from functions.entry.cli import main
from functions.jobs.archive import ArchiveRefused, run_archive
from functions.jobs.archive_facts import merge_archived
from functions.validation.validate import validate
from tests.support import TODAY

NAME = "芙蓉里.xlsx"
BEFORE = dt.date(2026, 10, 1)  # the latest date allowed on TODAY: the summary carries the most
ENV = {"SMTP_HOST": "", "LOG_LEVEL": "ERROR"}


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / NAME
    make_demo(path, today=TODAY)
    return path


def copy_of(demo_file: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy2(demo_file, folder / NAME))


def grid(path: Path, title: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(title).to_python()


def data_rows(path: Path, title: str) -> int:
    return sum(1 for row in grid(path, title)[1:] if any(v != "" for v in row))


def cli(*args: str) -> int:
    return main(list(args), environ=ENV)


def nightly(path: Path) -> tuple[list[list], dict[str, bytes]]:
    """The 提醒 tab and the group-message previews of a nightly run the day after TODAY."""
    outbox = path.parent / "outbox"
    assert cli("nightly", "--workbook", str(path), "--today", "2026-11-30", "--outbox", str(outbox)) == 0
    previews = {p.name: p.read_bytes() for p in outbox.glob("群消息-*.json")}
    return grid(path, "提醒"), previews


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def archived(path: Path, year: int) -> Path:
    return path.with_name(f"{path.stem}-归档-{year}.xlsx")


def test_the_archive_keeps_every_alert_and_group_message_of_the_night(demo_file, tmp_path, capsys):
    before_path, after_path = copy_of(demo_file, tmp_path / "before"), copy_of(demo_file, tmp_path / "after")
    contacts, signins = data_rows(after_path, "走访记录"), data_rows(after_path, "活动签到")
    assert cli("archive", "--workbook", str(after_path), "--today", "2026-11-30", "--before", str(BEFORE), "--yes") == 0
    said = capsys.readouterr().out
    assert "删除志愿者填写的行" in said and "已备份到" in said and str(archived(after_path, 2026)) in said
    left = data_rows(after_path, "走访记录")
    moved = sum(data_rows(archived(after_path, y), "走访记录") for y in (2025, 2026))
    assert left + moved == contacts and moved > contacts // 2
    moved_signins = sum(data_rows(archived(after_path, y), "活动签到") for y in (2025, 2026))
    assert data_rows(after_path, "活动签到") + moved_signins == signins and moved_signins > 0
    assert all(row[0] >= BEFORE for row in grid(after_path, "走访记录")[1:] if isinstance(row[0], dt.date))
    assert list(after_path.parent.glob(f"{after_path.stem}.bak-*.xlsx"))
    assert nightly(after_path) == nightly(before_path)


def test_without_the_summary_the_alerts_would_change(demo_file, tmp_path):
    path = copy_of(demo_file, tmp_path)
    workbook = XlsxWorkbook(str(path))
    run_archive(workbook, BEFORE, TODAY, apply=True)
    snapshot = workbook.read()
    bare = validate(snapshot, TODAY)
    merged = validate(snapshot, TODAY)
    merge_archived(merged, snapshot, TODAY)
    without = compute_alerts(bare.parsed, bare.settings, TODAY)
    with_summary = compute_alerts(merged.parsed, merged.settings, TODAY)
    assert {a.identity for a in without} != {a.identity for a in with_summary}
    assert any(a.kind == "从未联系" for a in without if a.identity not in {b.identity for b in with_summary})


def test_a_second_run_archives_nothing_and_a_later_date_appends_without_repeats(demo_file, tmp_path, capsys):
    path = copy_of(demo_file, tmp_path)
    contacts = data_rows(path, "走访记录")
    assert cli("archive", "--workbook", str(path), "--today", "2026-11-29", "--before", "2026-06-01", "--yes") == 0
    files = {y: sha(archived(path, y)) for y in (2025, 2026)}
    workbook = sha(path)
    capsys.readouterr()
    assert cli("archive", "--workbook", str(path), "--today", "2026-11-29", "--before", "2026-06-01", "--yes") == 0
    assert "没有 2026-06-01 以前的走访记录或活动签到要归档" in capsys.readouterr().out
    assert sha(path) == workbook and {y: sha(archived(path, y)) for y in files} == files
    assert cli("archive", "--workbook", str(path), "--today", "2026-11-29", "--before", "2026-09-01", "--yes") == 0
    assert sha(archived(path, 2025)) == files[2025]  # nothing of 2025 was left to move
    in_archives = sum(data_rows(archived(path, y), "走访记录") for y in files)
    assert in_archives + data_rows(path, "走访记录") == contacts
    notes = [r for r in grid(path, "归档摘要")[1:] if r[3] == ""]
    assert [n[0] for n in notes] == [dt.date(2026, 9, 1), dt.date(2026, 6, 1)]


@pytest.mark.parametrize("step", ["archive 2025", "archive 2026", "workbook"])
def test_a_crash_between_steps_leaves_both_files_whole_and_a_rerun_completes(demo_file, tmp_path, monkeypatch, step):
    reference, path = copy_of(demo_file, tmp_path / "reference"), copy_of(demo_file, tmp_path / "crash")
    original, contacts = sha(path), data_rows(path, "走访记录")

    def crash(at: str) -> None:
        if at == step:
            raise KeyboardInterrupt(at)  # like a kill: not an error the code could handle

    monkeypatch.setattr(xlsx_archive, "STEP_HOOK", crash)
    with pytest.raises(KeyboardInterrupt):
        run_archive(XlsxWorkbook(str(path)), BEFORE, TODAY, apply=True)
    assert sha(path) == original  # the workbook is untouched until its one rename
    for year in (2025, 2026):
        if archived(path, year).exists():
            assert data_rows(archived(path, year), "走访记录") > 0  # a whole file, readable
    monkeypatch.setattr(xlsx_archive, "STEP_HOOK", lambda at: None)
    result = run_archive(XlsxWorkbook(str(path)), BEFORE, TODAY, apply=True)
    if step == "workbook":
        assert any("上次中断时已放进归档，这次没有重复放" in line for line in result.messages)
    in_archives = sum(data_rows(archived(path, y), "走访记录") for y in (2025, 2026))
    assert in_archives + data_rows(path, "走访记录") == contacts
    run_archive(XlsxWorkbook(str(reference)), BEFORE, TODAY, apply=True)
    assert grid(path, "走访记录") == grid(reference, "走访记录")
    assert grid(path, "归档摘要")[1:] == grid(reference, "归档摘要")[1:]


def test_without_yes_it_only_previews_and_says_it_deletes_volunteer_rows(demo_file, tmp_path, capsys):
    path = copy_of(demo_file, tmp_path)
    original = sha(path)
    assert cli("archive", "--workbook", str(path), "--today", "2026-11-29", "--before", "2026-06-01") == 0
    said = capsys.readouterr().out
    assert "这是系统唯一会删除志愿者记录的命令" in said and "这只是预览" in said and "--yes" in said
    assert "走访记录" in said and str(archived(path, 2025)) in said and ".bak-" in said
    assert sha(path) == original and not archived(path, 2025).exists()
    assert not list(tmp_path.glob("*.bak-*"))


@pytest.mark.parametrize("before", ["2026-10-02", "2026-11-29"])
def test_a_date_too_recent_is_refused_as_a_usage_error(demo_file, tmp_path, capsys, before):
    path = copy_of(demo_file, tmp_path)
    assert cli("archive", "--workbook", str(path), "--today", "2026-11-29", "--before", before, "--yes") == 2
    assert "最晚只能写 2026-10-01" in capsys.readouterr().err
    with pytest.raises(ArchiveRefused):
        run_archive(XlsxWorkbook(str(path)), dt.date.fromisoformat(before), TODAY)


def test_monthly_all_after_an_archive_keeps_every_month_and_the_report(demo_file, tmp_path):
    path = copy_of(demo_file, tmp_path)
    outbox = tmp_path / "outbox"
    assert cli("monthly", "--all", "--workbook", str(path), "--today", "2026-11-29", "--outbox", str(outbox)) == 0
    metrics = grid(path, "月度指标")
    report = {p.name: p.read_bytes() for p in outbox.glob("群消息月报-*.json")}
    assert cli("archive", "--workbook", str(path), "--today", "2026-11-29", "--before", str(BEFORE), "--yes") == 0
    shutil.rmtree(outbox)
    assert cli("monthly", "--all", "--workbook", str(path), "--today", "2026-11-29", "--outbox", str(outbox)) == 0
    updated = metrics[0].index("更新时间")

    def figures(rows):
        return [[v for i, v in enumerate(r) if i != updated] for r in rows]

    assert figures(grid(path, "月度指标")) == figures(metrics) and len(metrics) > 10
    assert {p.name: p.read_bytes() for p in outbox.glob("群消息月报-*.json")} == report


def test_monthly_for_an_archived_month_says_its_figures_are_kept(demo_file, tmp_path, capsys):
    path = copy_of(demo_file, tmp_path)
    assert cli("archive", "--workbook", str(path), "--today", "2026-11-29", "--before", "2026-06-01", "--yes") == 0
    capsys.readouterr()
    assert cli("monthly", "--month", "2026-03", "--workbook", str(path), "--today", "2026-11-29") == 2
    assert "2026-03 的记录已归档" in capsys.readouterr().err


def test_the_archive_is_a_plain_workbook_with_the_tabs_headers_and_real_dates(demo_file, tmp_path):
    path = copy_of(demo_file, tmp_path)
    run_archive(XlsxWorkbook(str(path)), dt.date(2026, 6, 1), TODAY, apply=True)
    book = CalamineWorkbook.from_path(str(archived(path, 2026)))
    assert book.sheet_names == ["走访记录", "活动签到"]
    contacts = book.get_sheet_by_name("走访记录").to_python()
    assert contacts[0] == default_schema()["走访记录"].headers
    days = [r[0] for r in contacts[1:]]
    typed = [d for d in days if not isinstance(d, dt.date)]  # text a volunteer typed (2026/01/04) stays as typed
    assert all(dt.date(2026, 1, 1) <= d < dt.date(2026, 6, 1) for d in days if isinstance(d, dt.date))
    assert len(typed) < len(days) // 20 and all(isinstance(d, str) and d.startswith("2026") for d in typed)


def test_the_archive_and_the_workbook_open_in_libreoffice(demo_file, tmp_path):
    path = copy_of(demo_file, tmp_path)
    run_archive(XlsxWorkbook(str(path)), dt.date(2026, 6, 1), TODAY, apply=True)
    out = tmp_path / "csv"
    utf8_all_sheets = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    for source in (archived(path, 2025), path):
        subprocess.run(
            ["soffice", "--headless", "--convert-to", utf8_all_sheets, "--outdir", str(out), str(source)],
            check=True,
            capture_output=True,
            timeout=180,
            env={**os.environ, "HOME": str(tmp_path), "LANG": "C.UTF-8"},  # its own profile; Chinese file names
        )
    archive_csv = (out / f"{path.stem}-归档-2025-走访记录.csv").read_text(encoding="utf-8").splitlines()
    assert archive_csv[0].startswith("日期,老人编号,志愿者编号,方式")
    assert len(archive_csv) - 1 == data_rows(archived(path, 2025), "走访记录")
    summary = (out / f"{path.stem}-归档摘要.csv").read_text(encoding="utf-8").splitlines()
    assert summary[0].startswith("归档截止,保留原因,日期,老人编号") and "最近一次联系" in "".join(summary)


@pytest.mark.parametrize("delay", [0.0, 0.6, 1.2])
def test_a_process_killed_while_archiving_leaves_whole_files_and_a_rerun_completes(demo_file, tmp_path, delay):
    import signal
    import sys
    import time

    path = copy_of(demo_file, tmp_path)
    contacts = data_rows(path, "走访记录")
    argv = ["archive", "--workbook", str(path), "--today", "2026-11-29", "--before", str(BEFORE), "--yes"]
    process = subprocess.Popen(
        [sys.executable, "-m", "functions", *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, **ENV},
    )
    for line in process.stderr:  # kill once it has started writing: backup, archives or the workbook
        if "正在备份并写入" in line.decode():
            break
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    for target in [path] + [archived(path, y) for y in (2025, 2026) if archived(path, y).exists()]:
        assert data_rows(target, "走访记录") > 0  # every file there is whole and readable
    assert cli(*argv) == 0
    in_archives = sum(data_rows(archived(path, y), "走访记录") for y in (2025, 2026))
    assert in_archives + data_rows(path, "走访记录") == contacts
