"""The command line as a person uses it: help, exit codes, one-line reasons, progress."""

from __future__ import annotations

import hashlib

import pytest

from functions.entry.cli import main
from tests.support import TODAY
from tests.support.backends import make_xlsx
from tests.support.job_community import community

COMMANDS = ["init", "demo", "validate", "nightly", "monthly", "archive"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_chinese_help(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "--workbook" in out and any("\u4e00" <= ch <= "\u9fff" for ch in out)


@pytest.mark.parametrize(
    "argv",
    [
        ["nightly"],
        ["nightly", "--workbook", "x.xlsx", "--today", "2026-13-01"],
        ["monthly", "--workbook", "x.xlsx", "--month", "2026/10"],
        ["launch"],
    ],
)
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as done:
        main(argv, {})
    assert done.value.code == 2
    assert "用法：" in capsys.readouterr().err


def test_an_unreadable_workbook_is_one_line_and_exit_1(tmp_path, capsys):
    assert main(["nightly", "--workbook", str(tmp_path / "没有这个文件.xlsx")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("错误：找不到工作簿文件")
    old_excel = tmp_path / "老表格.xlsx"
    old_excel.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)  # an .xls (OLE2) renamed
    assert main(["validate", "--workbook", str(old_excel)]) == 1
    assert "不是 xlsx 工作簿" in capsys.readouterr().err.strip().splitlines()[-1]


def test_init_creates_then_changes_nothing(tmp_path, capsys):
    path = tmp_path / "新社区.xlsx"
    assert main(["init", "--workbook", str(path)]) == 0
    assert path.exists()
    capsys.readouterr()
    assert main(["init", "--workbook", str(path)]) == 0
    assert "没有改动" in capsys.readouterr().out


def test_nightly_prints_what_it_did_and_progress(tmp_path, capsys):
    book = make_xlsx(tmp_path, community()).location
    outbox = tmp_path / "outbox"
    assert main(["nightly", "--workbook", book, "--today", TODAY.isoformat(), "--outbox", str(outbox)], {}) == 0
    captured = capsys.readouterr()
    assert "正在读取工作簿" in captured.err and "正在写入系统表" in captured.err
    assert "提醒：红" in captured.out and str(outbox) in captured.out
    assert sorted(p.name for p in outbox.iterdir())  # the .eml files are where it says


def test_bad_smtp_settings_stop_before_anything_is_written(tmp_path, capsys):
    book = make_xlsx(tmp_path, community()).location
    before = hashlib.sha256(open(book, "rb").read()).hexdigest()
    env = {"SMTP_HOST": "smtp.example.cn", "SMTP_PORT": "twenty-five"}
    assert main(["nightly", "--workbook", book, "--today", TODAY.isoformat()], env) == 1
    assert capsys.readouterr().err.strip().splitlines()[-1].startswith("- SMTP_PORT：")
    assert hashlib.sha256(open(book, "rb").read()).hexdigest() == before


def test_a_file_system_error_is_one_line_not_a_traceback(capsys):
    assert main(["demo", "--workbook", "/proc/三有/demo.xlsx", "--today", TODAY.isoformat()]) == 1
    assert capsys.readouterr().err.strip().splitlines()[-1].startswith("错误：无法读写文件")


@pytest.mark.parametrize("spec", ["gsheets:1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789", "芙蓉里.csv"])
def test_demo_only_makes_local_xlsx_files(spec, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["demo", "--workbook", spec, "--today", TODAY.isoformat()]) == 1
    assert "只能生成为本地 .xlsx 文件" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_monthly_refuses_a_month_not_over_or_without_records_and_writes_nothing(tmp_path, capsys):
    book = make_xlsx(tmp_path, community()).location
    before = hashlib.sha256(open(book, "rb").read()).hexdigest()
    for month, why in (("2026-11", "还没有结束"), ("2027-05", "还没有结束"), ("2020-01", "没有任何记录")):
        assert main(["monthly", "--workbook", book, "--today", TODAY.isoformat(), "--month", month]) == 2
        assert why in capsys.readouterr().err
    with pytest.raises(SystemExit) as done:
        main(["monthly", "--workbook", book, "--month", "2026-10", "--all"])
    assert done.value.code == 2 and "不能和这个参数同时使用" in capsys.readouterr().err
    assert hashlib.sha256(open(book, "rb").read()).hexdigest() == before


def test_mail_that_could_not_go_out_makes_the_command_fail_after_writing(tmp_path, capsys):
    from tests.support.smtp_server import free_port

    book = make_xlsx(tmp_path, community()).location
    env = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(free_port()), "SMTP_TLS": "none"}
    assert main(["nightly", "--workbook", book, "--today", TODAY.isoformat()], env) == 1  # cron notices
    out = capsys.readouterr().out
    assert "没有发出（无法连接邮件服务器" in out and "今天内再运行一次会只补发这些" in out
    assert "邮件经" not in out  # nothing went out through that server


def test_the_workbook_and_the_outbox_come_from_the_configuration(tmp_path, capsys):
    book = make_xlsx(tmp_path, community()).location
    outbox = tmp_path / "从环境变量来的发件箱"
    env = {"SANYOU_WORKBOOK": book, "MAIL_OUTBOX": str(outbox)}
    assert main(["nightly", "--today", TODAY.isoformat()], env) == 0
    assert str(outbox) in capsys.readouterr().out and list(outbox.glob("*.eml"))
