"""在岗志愿者 and 参与服务的志愿者 are two figures, each defined where it is shown (sheet note and report)."""

from __future__ import annotations

import pytest

from functions.domain.schema import default_schema
from functions.jobs.run import run_monthly
from tests.support import TODAY
from tests.support.job_community import _rows, community
from tests.support.mail import outbox_delivery


@pytest.fixture
def outbox(tmp_path, monkeypatch):
    monkeypatch.delenv("SMTP_HOST", raising=False)
    return tmp_path / "outbox"


def test_three_volunteers_on_duty_two_of_whom_served(workbook_factory, outbox):
    rows = community()
    rows["志愿者"] += _rows(
        "志愿者",
        [
            {
                "编号": "V004",
                "姓名": "陈静",
                "联系电话": "13612345678",
                "状态": "在岗",
                "加入日期": TODAY.replace(month=1),
            },
            {"编号": "V005", "姓名": "刘洋", "联系电话": "13512345678", "状态": "在岗", "加入日期": TODAY},  # November
        ],
    )
    workbook = workbook_factory(rows)
    run_monthly(workbook, TODAY, delivery=outbox_delivery(str(outbox)))  # October
    (october,) = [r.values for r in workbook.read().tables["月度指标"].rows]
    assert october["参与服务的志愿者(人)"] == 2  # V001 and V002 logged contacts in October
    assert october["在岗志愿者(人)"] == 3  # V001, V002 and V004 (no contact); V003 left, V005 joined later


def test_report_defines_both_counts_and_both_care_rates(workbook_factory, outbox):
    from email import message_from_bytes, policy

    workbook = workbook_factory(community())
    run_monthly(workbook, TODAY, delivery=outbox_delivery(str(outbox)))
    (mail,) = list(outbox.glob("*.eml"))
    text = message_from_bytes(mail.read_bytes(), policy=policy.default).get_body(("plain",)).get_content()
    assert "参与服务的志愿者：2 人（本月有走访记录或活动签到的志愿者）" in text
    assert "在岗志愿者：2 人（月底状态为“在岗”的志愿者" in text
    assert "本月至少有一次上门走访的比例；电话不算，一个月上门一次就算" in text
    assert "整月每两次联系之间都没有超过问候间隔的老人比例" in text and "通常比上门覆盖率低得多" in text


def test_the_sheet_notes_define_each_figure():
    fields = {f.name: f.help for f in default_schema()["月度指标"].fields}
    assert "走访记录或活动签到" in fields["参与服务的志愿者(人)"] and "在岗志愿者(人)" in fields["参与服务的志愿者(人)"]
    assert "状态为“在岗”" in fields["在岗志愿者(人)"]
    assert "电话不算" in fields["上门覆盖率(%)"] and "上门一次就算" in fields["上门覆盖率(%)"]
    assert "电话也算" in fields["问候及时率(%)"] and "比上门覆盖率低得多" in fields["问候及时率(%)"]
