"""运行记录: newest first, one row per mail updated in place, old history trimmed."""

from __future__ import annotations

import datetime as dt

from functions.domain.schema import default_schema
from functions.domain.table import build_table
from functions.domain.tabs import RUNLOG as RUNLOG_TAB
from functions.sheets_out.runlog import HEADERS, RunEntry, mail_status, runlog_rows

NOW = dt.datetime(2026, 11, 29, 6, 0)


def _table(rows):
    return build_table(RUNLOG_TAB, [list(HEADERS)] + rows, default_schema()[RUNLOG_TAB])


def test_headers_match_the_schema():
    assert list(HEADERS) == default_schema()[RUNLOG_TAB].headers


def test_new_run_on_top_and_mail_rows_updated_in_place():
    old = [
        [
            "2026-11-28 06:00",
            "邮件",
            "失败",
            "书记每日摘要：无法连接邮件服务器",
            "2026-11-28|secretary|a@x.cn",
            "a@x.cn",
            "发送失败",
        ],
        ["2026-11-28 06:00", "nightly", "成功", "3 封邮件", "", "", ""],
    ]
    states = {
        "2026-11-28|secretary|a@x.cn": ("a@x.cn", "已发送", "书记每日摘要"),
        "2026-11-29|secretary|a@x.cn": ("a@x.cn", "待发送", "书记每日摘要，等待发送"),
    }
    rows = runlog_rows(_table(old), NOW, [RunEntry("nightly", "成功", "1 封邮件")], states)
    assert [r[1] for r in rows] == ["nightly", "邮件", "邮件", "nightly"]
    assert rows[1][4] == "2026-11-29|secretary|a@x.cn" and rows[1][6] == "待发送"
    assert rows[2][4] == "2026-11-28|secretary|a@x.cn" and rows[2][6] == "已发送" and rows[2][0] == "2026-11-29 06:00"
    assert mail_status(_table(rows)) == {
        "2026-11-29|secretary|a@x.cn": "待发送",
        "2026-11-28|secretary|a@x.cn": "已发送",
    }


def test_history_older_than_90_days_or_beyond_the_cap_is_dropped():
    old = [
        [dt.datetime(2026, 11, 1, 6, 0), "nightly", "成功", "x", "", "", ""],
        ["2026-08-01 06:00", "nightly", "成功", "too old", "", "", ""],
    ]
    rows = runlog_rows(_table(old), NOW, [RunEntry("monthly", "成功", "y")], {})
    assert [r[3] for r in rows] == ["y", "x"] and rows[1][0] == "2026-11-01 06:00"
    many = [[f"2026-11-{d:02d} 06:00", "nightly", "成功", str(d), "", "", ""] for d in range(28, 0, -1)]
    capped = runlog_rows(_table(many), NOW, [RunEntry("nightly", "成功", "new")], {}, max_rows=10)
    assert len(capped) == 10 and capped[0][3] == "new" and capped[-1][3] == "20"
