"""Issue 13 on both backends over real SMTP: who hears of each reminder, own data problems, 处理情况 in the mail."""

from __future__ import annotations

import datetime as dt

from functions.domain.schema import default_schema
from functions.jobs.run import run_nightly
from tests.jobs.test_jobs import write_note
from tests.support import TODAY
from tests.support.job_community import HEALTH_NOTE, SECRETARY, community
from tests.support.mail import tab

VOLUNTEER_HEADERS = default_schema()["志愿者"].headers
CONTACT_HEADERS = default_schema()["走访记录"].headers


def received(recorder, address: str):
    """(subject, text, html) of the one mail that reached an address, parsed as received."""
    (mail,) = [r.message for r in recorder.received if r.recipients == [address]]
    return str(mail["Subject"]), mail.get_body(("plain",)).get_content(), mail.get_body(("html",)).get_content()


def with_grid(rows, vid: str, buildings: str):
    """The community with a volunteer's 负责楼栋 filled in."""
    for row in rows["志愿者"]:
        if row[VOLUNTEER_HEADERS.index("编号")] == vid:
            row[VOLUNTEER_HEADERS.index("负责楼栋")] = buildings
    return rows


def test_an_elder_whose_buddy_left_reaches_the_building_volunteer(workbook_factory, smtp):
    workbook = workbook_factory(with_grid(community(), "V002", "3栋,5栋"))
    run_nightly(workbook, TODAY, delivery=smtp.delivery)
    alerts = tab(workbook, "提醒")
    assert alerts and all(a["负责人"] and a["负责人"] != "未指定" for a in alerts)
    never = next(a for a in alerts if a["对象编号"] == "E0003")
    assert never["负责人"] == "李强(V002)"
    assert "结对志愿者 赵敏(V003) 已退出，由 3栋 网格员 李强(V002) 负责" in never["原因"].replace("\n", "")
    _, text, _ = received(smtp, "liqiang@example.cn")
    assert "王秀英" in text and "3栋 1-301 · 电话 13800004444" in text  # his now: full phone and address


def test_a_volunteer_hears_of_the_cells_they_typed_wrong(workbook_factory, smtp):
    rows = community()
    rows["志愿者"].append(
        [{"编号": "V004", "姓名": "孙丽", "邮箱": "sunli@example.cn", "状态": "在岗"}.get(h) for h in VOLUNTEER_HEADERS]
    )
    rows["走访记录"].append(
        [
            {
                "日期": dt.date(2026, 11, 28),
                "老人编号": "E0002",
                "志愿者编号": "V004",
                "方式": "电话问候",
                "时长(分钟)": "九十",
            }.get(h)
            for h in CONTACT_HEADERS
        ]
    )
    workbook = workbook_factory(rows)
    run_nightly(workbook, TODAY, delivery=smtp.delivery)
    subject, text, html = received(smtp, "wangfang@example.cn")  # she logged the contact dated 2026-13-01
    assert "您填的这几处需要改一下" in text and "走访记录 第 7 行 “日期”：2026-13-01" in text
    assert "不是有效日期" in text or "没有 13 月" in text
    assert "处要改" in subject
    link = workbook.link("走访记录", 7)
    if link and link.startswith("http"):
        assert link in text and "去改这一行" in html
    subject, text, _ = received(smtp, "sunli@example.cn")  # nothing due, but a cell to fix: she still hears
    assert subject.endswith("待办：0 项，1 处要改")
    assert "走访记录 第 8 行 “时长(分钟)”：九十" in text
    assert "2026-13-01" not in text  # not hers


def test_what_people_wrote_in_处理情况_shows_in_the_next_digests(workbook_factory, request, smtp):
    workbook = workbook_factory(community())
    run_nightly(workbook, TODAY, delivery=smtp.delivery)
    first_subject, _, _ = received(smtp, SECRETARY)
    write_note(request, workbook, "E0001", "王芳 11月29日 已电话联系，明天上门")
    smtp.received.clear()
    day2 = TODAY + dt.timedelta(days=1)
    run_nightly(workbook, day2, delivery=smtp.delivery)
    subject, text, html = received(smtp, SECRETARY)
    assert "已有人在处理 1 件" in text and "“王芳 11月29日 已电话联系，明天上门” 11月30日" in text
    assert text.index("已有人在处理") > text.index("== 已经逾期 ==")  # handled after the open ones
    rows = tab(workbook, "提醒")
    noted = [r for r in rows if r["处理情况"]]
    assert len(noted) == 1 and str(noted[0]["处理情况日期"]).startswith("2026-11-30")
    open_red = {r["对象编号"] for r in rows if r["级别"] == "红" and not r["处理情况"]}
    assert f"红 {len(open_red)} ·" in subject  # the subject counts only unique unhandled items
    _, mine, _ = received(smtp, "wangfang@example.cn")
    assert "已有人在处理" in mine and "已电话联系，明天上门" in mine


def test_a_note_that_quotes_a_health_detail_never_leaves_the_sheet(workbook_factory, request, smtp):
    workbook = workbook_factory(community())
    run_nightly(workbook, TODAY, delivery=smtp.delivery)
    write_note(request, workbook, "E0001", f"{HEALTH_NOTE}，电话 13800001111")
    smtp.received.clear()
    run_nightly(workbook, TODAY + dt.timedelta(days=1), delivery=smtp.delivery)
    for r in smtp.received:
        raw = r.message.get_body(("plain",)).get_content() + r.message.get_body(("html",)).get_content()
        assert HEALTH_NOTE not in raw
    _, text, html = received(smtp, SECRETARY)
    assert "已填写处理情况（内容请到表中查看）" in text and "13800001111" not in text + html
    header_help = next(f.help for f in default_schema()["提醒"].fields if f.name == "处理情况")
    assert "请不要写健康状况" in header_help
