"""A new community's first hour: init says what to fill first, validate says what is missing, hints on typos."""

from __future__ import annotations

import pytest

from functions.adapters.gsheets.errors import refusal
from functions.digest.monthly_report import compose_monthly_report
from functions.entry.cli import main
from functions.metrics.compute import metrics_for_months
from tests.support import TODAY
from tests.support.metrics_world import settings, workbook


def test_init_then_validate_on_a_new_workbook_say_what_to_do_next(tmp_path, capsys):
    path = tmp_path / "新社区.xlsx"
    assert main(["init", "--workbook", str(path)]) == 0
    out = capsys.readouterr().out
    assert "下一步：" in out and "社区名称、常住人口、总户数、书记邮箱" in out
    assert f"validate --workbook {path}" in out and f"nightly --workbook {path}" in out
    assert main(["validate", "--workbook", str(path), "--today", TODAY.isoformat()]) == 0
    out = capsys.readouterr().out
    assert "各表都填得很好" not in out and "工作簿里还没有任何记录" in out
    assert "错误 0 个，警告 4 个" in out and "还没有填写常住人口，党群活动参与率无法计算（显示“—”）" in out


def test_a_filled_in_settings_tab_leaves_only_the_data_steps(tmp_path, capsys):
    from functions.adapters.xlsx.layout import create_workbook, settings_rows

    path = tmp_path / "填好了.xlsx"
    own = {"社区名称": "桂花苑", "常住人口": 5200, "总户数": 1900, "书记邮箱": "shuji@guihua.cn"}
    create_workbook(path, {"设置": [[k, own.get(k, v), h] for k, v, h in settings_rows()]})
    assert main(["init", "--workbook", str(path)]) == 0
    out = capsys.readouterr().out
    assert "下一步：" in out and "“设置”表" not in out and "“志愿者”和“老人档案”里填上几行" in out


@pytest.mark.parametrize(("typed", "meant"), [("nighty", "nightly"), ("monthy", "monthly"), ("valdate", "validate")])
def test_a_mistyped_command_gets_a_did_you_mean(typed, meant, capsys):
    with pytest.raises(SystemExit) as done:
        main([typed, "--workbook", "x.xlsx"])
    assert done.value.code == 2
    assert f"您是不是要输入 {meant}？" in capsys.readouterr().err


def test_a_far_off_command_gets_no_guess(capsys):
    with pytest.raises(SystemExit):
        main(["launch"])
    assert "您是不是要输入" not in capsys.readouterr().err


def test_a_csv_file_is_told_to_be_saved_as_xlsx(tmp_path, capsys):
    csv = tmp_path / "老人名单.csv"
    csv.write_text("编号,姓名\nE0001,张桂英\n", encoding="utf-8")
    assert main(["validate", "--workbook", str(csv)]) == 1
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert "这是 CSV 文件，不是 xlsx 工作簿" in err and "请用 Excel 或 WPS 打开它，“另存为” .xlsx" in err


def test_sheets_not_found_message_reads_right():
    message = str(refusal("1AbC", 404, {"status": "NOT_FOUND"}, lambda: None))
    assert "as as" not in message and "share it with the service account this program uses as an editor" in message


def test_participation_is_a_dash_with_its_reason_without_population():
    no_population = settings(常住人口="")
    months = metrics_for_months(workbook(), no_population, ["2026-10"])
    assert months["2026-10"].participation_rate is None and months["2026-10"].participants > 0
    (mail, _) = compose_monthly_report(months["2026-10"], None, b"\x89PNG", no_population, "2026-10", TODAY)
    assert "党群活动参与率：—（“设置”里还没有填常住人口，无法计算）" in mail.text
    assert "—（“设置”里还没有填常住人口，无法计算）" in mail.html and "13000" not in mail.text
