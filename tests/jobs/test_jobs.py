"""The jobs end to end on both backends: tabs written, mail sent once over real SMTP, notes kept."""

from __future__ import annotations

import pytest

from functions.domain.schema import default_schema
from functions.domain.workbook import WorkbookChanged
from functions.jobs.run import run_monthly, run_nightly, run_validate
from tests.support import TODAY
from tests.support.backends import FAKE_FIXTURES
from tests.support.job_community import CONTACT_NOTE, HEALTH_NOTE, SECRETARY, community
from tests.support.mail import outbox_delivery, smtp_delivery
from tests.support.smtp_server import free_port, start_server


@pytest.fixture
def smtp():
    """A local SMTP server; its recorder, with .delivery: the jobs' delivery to it."""
    controller, recorder, _ = start_server()
    recorder.delivery = smtp_delivery(controller.port)
    yield recorder
    controller.stop()


def tab(workbook, title):
    """A system tab as read back: list of {header: value}."""
    return [r.values for r in workbook.read().tables[title].rows]


def test_nightly_writes_problems_and_alerts_and_mails_each_person_once(workbook_factory, smtp):
    workbook = workbook_factory(community())
    result = run_nightly(workbook, TODAY, delivery=smtp.delivery)
    assert result.counts["问题"]["错误"] >= 2
    problems = tab(workbook, "问题清单")
    bad_date = [p for p in problems if p["工作表"] == "走访记录" and p["列"] == "日期"]
    assert bad_date and bad_date[0]["当前值"] == "2026-13-01" and int(bad_date[0]["行号"]) == 7
    assert any(p["列"] == "结对志愿者" and "退出" in p["问题"] for p in problems)
    alerts = {(a["对象编号"], a["类型"]): a for a in tab(workbook, "提醒")}
    assert alerts[("E0001", "问候逾期")]["级别"] == "红"  # 9 days without a greeting, interval 2
    assert alerts[("E0003", "从未联系")]["级别"] == "红"  # its only contact has an impossible date
    assert not any(obj == "E0004" for obj, _ in alerts)  # 已故
    assert tab(workbook, "提醒")[0]["级别"] == "红"
    recipients = sorted(r for m in smtp.received for r in m.recipients)
    assert SECRETARY in recipients and "wangfang@example.cn" in recipients
    assert len(recipients) == len(set(recipients))
    for received in smtp.received:
        raw = received.message.as_string()
        for secret in (HEALTH_NOTE, CONTACT_NOTE):
            assert secret not in raw and secret not in str(received.message.get_body(("html",)).get_content())
    runlog = tab(workbook, "运行记录")
    assert {r["发送状态"] for r in runlog if r["邮件标识"]} == {"已发送"}

    again = run_nightly(workbook, TODAY, delivery=smtp.delivery)
    assert again.counts["邮件"]["待发"] == 0 and len(smtp.received) == len(recipients)


def test_people_notes_in_alerts_survive_the_next_night(workbook_factory, request, tmp_path):
    workbook = workbook_factory(community())
    run_nightly(workbook, TODAY, delivery=outbox_delivery(tmp_path / "outbox"))
    write_note(request, workbook, "E0001", "已电话联系，明天上门")
    run_nightly(workbook, TODAY.replace(day=30), delivery=outbox_delivery(tmp_path / "outbox"))
    alerts = {a["对象编号"]: a for a in tab(workbook, "提醒") if a["类型"] == "问候逾期"}
    assert alerts["E0001"]["处理情况"] == "已电话联系，明天上门"
    assert str(alerts["E0001"]["首次提醒"]).startswith("2026-11-29")


def write_note(request, workbook, elder: str, note: str) -> None:
    """A person types into 提醒's 处理情况 column, in their own spreadsheet program."""
    headers = default_schema()["提醒"].headers
    if request.node.callspec.params["workbook_factory"] == "xlsx":
        import openpyxl

        book = openpyxl.load_workbook(workbook.location)
        sheet = book["提醒"]
        for row in sheet.iter_rows(min_row=2):
            if row[headers.index("对象编号")].value == elder and row[headers.index("类型")].value == "问候逾期":
                row[headers.index("处理情况")].value = note
        book.save(workbook.location)
        return
    fake = request.getfixturevalue(FAKE_FIXTURES[request.node.callspec.params["workbook_factory"]])
    grid = fake.values(workbook.spreadsheet_id, "提醒")
    for i, line in enumerate(grid[1:], start=1):
        if line[headers.index("对象编号")] == elder and line[headers.index("类型")] == "问候逾期":
            line = line + [""] * (len(headers) - len(line))
            line[headers.index("处理情况")] = note
            fake.load_rows(workbook.spreadsheet_id, "提醒", [line], start_row=i)


def test_mail_server_down_keeps_mail_pending_then_next_run_delivers_once(workbook_factory):
    workbook = workbook_factory(community())
    down = run_nightly(workbook, TODAY, delivery=smtp_delivery(free_port()))  # nobody listens there
    assert down.counts["邮件"]["发送失败"] == down.counts["邮件"]["待发"] > 0
    assert tab(workbook, "提醒")  # the night's results were written before any mail was tried
    assert {r["发送状态"] for r in tab(workbook, "运行记录") if r["邮件标识"]} == {"发送失败"}
    controller, recorder, _ = start_server()
    try:
        run_nightly(workbook, TODAY, delivery=smtp_delivery(controller.port))
        run_nightly(workbook, TODAY, delivery=smtp_delivery(controller.port))
    finally:
        controller.stop()
    assert len(recorder.received) == down.counts["邮件"]["待发"]
    assert {r["发送状态"] for r in tab(workbook, "运行记录") if r["邮件标识"]} == {"已发送"}


def test_validate_job_rewrites_only_problems_and_the_run_log(workbook_factory):
    workbook = workbook_factory(community())
    result = run_validate(workbook, TODAY)
    assert result.written == ["问题清单", "运行记录"]
    assert any("2026-13-01" == p["当前值"] for p in tab(workbook, "问题清单"))
    assert tab(workbook, "提醒") == []
    assert "检查完成" in tab(workbook, "运行记录")[0]["摘要"]


def test_monthly_upserts_the_month_and_mails_the_report_with_its_chart_once(workbook_factory, smtp):
    workbook = workbook_factory(community())
    first = run_monthly(workbook, TODAY, delivery=smtp.delivery)  # default: the previous month, 2026-10
    assert first.counts["报告月份"] == "2026-10"
    rows = tab(workbook, "月度指标")
    assert [r["月份"] for r in rows] == ["2026-10"]
    assert rows[0]["参与服务的志愿者(人)"] == 2  # V001 and V002 logged contacts in October
    again = run_monthly(workbook, TODAY, all_months=True, delivery=smtp.delivery)
    assert [r["月份"] for r in tab(workbook, "月度指标")] == ["2026-10"]  # no duplicate; November is not over
    assert "本月（2026-11）还没有结束" in again.messages[0]
    run_monthly(
        workbook, TODAY.replace(month=12, day=1), all_months=True, delivery=smtp.delivery
    )  # on 1 December, November is whole
    assert [r["月份"] for r in tab(workbook, "月度指标")] == ["2026-11", "2026-10"]  # newest first
    assert [str(r.message["Subject"]) for r in smtp.received] == [  # each month's report once, never again
        "测试小区2026年10月“三升三降”月报",
        "测试小区2026年11月“三升三降”月报",
    ]
    message = smtp.received[0].message
    assert smtp.received[0].recipients == [SECRETARY]
    images = [p for p in message.walk() if p.get_content_type() == "image/png"]
    assert images and images[0].get_content()[:8] == b"\x89PNG\r\n\x1a\n"
    cid = images[0]["Content-ID"].strip("<>")
    assert f"cid:{cid}" in message.get_body(("html",)).get_content()
    # October is the first month with data: the report compares with nothing, like the sheet's "—"
    assert "2026年10月是第一个有统计的月份" in message.get_body(("plain",)).get_content()
    november = smtp.received[1].message.get_body(("plain",)).get_content()
    sheet = {r["月份"]: r for r in tab(workbook, "月度指标")}
    volunteers_change = sheet["2026-11"]["志愿者变化"]  # the sheet's arrow for November …
    assert (
        volunteers_change != "—"
        and f"参与服务的志愿者：{sheet['2026-11']['参与服务的志愿者(人)']}人，{volunteers_change}" in november
    )


def test_a_volunteer_saving_meanwhile_makes_the_job_reread_not_clobber(tmp_path, monkeypatch):
    from tests.support.backends import make_xlsx

    workbook = make_xlsx(tmp_path, community())
    real_write, calls = workbook.write, []

    def write_once_changed(tabs):
        calls.append(sorted(tabs))
        if len(calls) == 1:
            raise WorkbookChanged("工作簿在读取后被修改过")
        real_write(tabs)

    monkeypatch.setattr(workbook, "write", write_once_changed)
    run_validate(workbook, TODAY)
    assert len(calls) == 2 and tab(workbook, "问题清单")


def test_a_nightly_run_makes_at_most_four_sheets_requests(sheets_fake, _gsheets_template, smtp):
    from tests.support.backends import make_gsheets

    fake = sheets_fake
    workbook = make_gsheets(fake, _gsheets_template, community())
    run_nightly(workbook, TODAY, delivery=smtp.delivery)
    assert fake.total <= 4, fake.counts()
    assert fake.counts().get("values.batchUpdate") == 2  # the results, then the mail receipts
    fake.reset()
    run_nightly(workbook, TODAY, delivery=smtp.delivery)  # nothing to mail: no receipts write
    assert fake.total <= 3, fake.counts()


def test_a_save_while_mail_is_being_sent_does_not_make_the_mail_go_twice(tmp_path, smtp):
    import openpyxl

    from tests.support.backends import make_xlsx

    workbook = make_xlsx(tmp_path, community())

    class SaveWhileSending:
        """The SMTP delivery, with a volunteer saving the workbook while the mail goes out."""

        def send(self, mails, now=None, before=None, after=None):
            outcomes = smtp.delivery.send(mails, now, before, after)
            book = openpyxl.load_workbook(workbook.location)  # a person adds a contact and saves
            book["走访记录"].append([TODAY, "E0003", "V001", "电话问候", 5])
            book.save(workbook.location)
            return outcomes

        to_outbox = False

        def describe(self):
            return smtp.delivery.describe()

    first = run_nightly(workbook, TODAY, delivery=SaveWhileSending())
    assert first.counts["邮件"]["已发送"] == len(smtp.received) > 0
    assert {r["发送状态"] for r in tab(workbook, "运行记录") if r["邮件标识"]} == {"已发送"}
    run_nightly(workbook, TODAY, delivery=smtp.delivery)
    assert len(smtp.received) == first.counts["邮件"]["已发送"]
    assert len(workbook.read().tables["走访记录"].rows) == 7  # the volunteer's row is kept
