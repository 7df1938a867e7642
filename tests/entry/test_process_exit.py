"""`python -m functions` leaves at once: exit handlers still run, buffered output still arrives, the code is kept."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_exit_at_once_runs_handlers_flushes_streams_and_keeps_the_code(tmp_path):
    marker = tmp_path / "handler-ran"
    script = textwrap.dedent(
        f"""
        import atexit, pathlib, sys
        from functions.entry.process_exit import exit_at_once
        atexit.register(lambda: pathlib.Path({str(marker)!r}).write_text("ok"))
        sys.stdout.write("已写入：提醒")  # no newline: still in the pipe's buffer
        sys.stderr.write("警告 1 个")
        exit_at_once(3)
        print("never")
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 3
    assert done.stdout == "已写入：提醒"
    assert done.stderr == "警告 1 个"
    assert marker.read_text() == "ok"


def test_cli_exit_codes_survive_the_fast_exit(tmp_path):
    missing = tmp_path / "没有这个文件.xlsx"
    done = subprocess.run(
        [sys.executable, "-m", "functions", "validate", "--workbook", str(missing)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "找不到工作簿文件" in done.stderr
    usage = subprocess.run([sys.executable, "-m", "functions", "nightly", "--today", "昨天"], capture_output=True)
    assert usage.returncode == 2
