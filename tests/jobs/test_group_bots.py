"""Group bots end to end on both backends: local fake 企业微信 / 钉钉 / 飞书 webhooks, exact bodies, exactly once."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import logging
import re
from email import message_from_bytes
from email.policy import default

import pytest

from functions.adapters.bots.client import BotClient
from functions.domain.bots import parse_bot_address
from functions.jobs.group_delivery import GroupDelivery
from functions.jobs.run import run_monthly, run_nightly
from tests.support import TODAY
from tests.support.job_community import CONTACT_NOTE, HEALTH_NOTE, community
from tests.support.mail import outbox_delivery
from tests.support.webhook_server import start_bot

SECRETARY_MOBILE = "13700001234"
WANG_FANG, LI_QIANG = "13812345678", "13912345678"  # V001, V002 (在岗); V003 赵敏 has left
DV_PARTY, DV_DETAIL = "刘某某与其丈夫", "丈夫酒后动手，邻居报警"
REQUEST_DETAIL = "老人腿脚不便需要陪同去医院复查眼睛"
ELDER_PHONES = ("13800001111", "13900002222", "13800004444", "13900005555", "13800003333")
ROOMS = ("1-201", "2-502", "1-301")
FULL_NAMES = ("张桂兰", "李建国", "王秀英", "张明", "王刚")


def rows():
    """The job community plus a 家庭暴力 case and a help request for 李强, and the secretary's mobile."""
    data = community()
    data["设置"].append(["书记电话", SECRETARY_MOBILE, ""])
    data["纠纷调解"] = [
        ["M0001", dt.date(2026, 11, 20), "家庭暴力", "3栋", DV_PARTY, "V001", "调解中", None, None, DV_DETAIL]
    ]
    data["需求登记"] = [
        ["R0001", dt.date(2026, 11, 20), "E0002", "李建国", "就医", REQUEST_DETAIL, "V002", "待处理", None]
    ]
    return data


@pytest.fixture
def bots():
    started = [start_bot("wecom"), start_bot("dingtalk", "SEC0123456789abcdef"), start_bot("feishu", "fs-secret")]
    yield {bot.platform: bot for bot, _ in started}
    for _, server in started:
        server.shutdown()


def delivery(bots) -> GroupDelivery:
    """GROUP_BOTS as the config reads it, with a fast client (no pacing, short backoff)."""
    channels = tuple(parse_bot_address(bot.address) for bot in bots.values())
    return GroupDelivery(channels, BotClient(pace=0, backoff=0.01, deadline=2))


def texts(bot) -> list[str]:
    """Every text a group would read from this bot (bodies without the signature fields)."""
    return [json.dumps({k: v for k, v in p.body.items() if k not in ("sign",)}, ensure_ascii=False) for p in bot.posts]


def mailed_counts(outbox) -> dict[str, int]:
    """Volunteer → item count, from the subjects of their own mails in the outbox."""
    counts = {}
    for path in outbox.glob("*.eml"):
        subject = str(message_from_bytes(path.read_bytes(), policy=default)["Subject"])
        found = re.match(r"【三有】(.+)，您\d+月\d+日的待办：(\d+) 项", subject)
        if found:
            counts[found.group(1)] = int(found.group(2))
    return counts


def by_platform(identity: str) -> str:
    """'2026-11-29|group|wecom-1a2b3c4d|2' → 'wecom|2'."""
    _, _, channel, part = identity.split("|")
    return f"{channel.split('-')[0]}|{part}"


def runlog_group_rows(workbook):
    return [r.values for r in workbook.read().tables["运行记录"].rows if "|group" in str(r.values.get("邮件标识"))]


def test_nightly_posts_each_platform_its_documented_body_signed_mentioning_exactly_who_has_work(
    workbook_factory, bots, tmp_path, monkeypatch
):
    monkeypatch.delenv("SMTP_HOST", raising=False)
    workbook = workbook_factory(rows())
    result = run_nightly(workbook, TODAY, delivery=outbox_delivery(str(tmp_path / "out")), group=delivery(bots))
    assert result.counts["群消息"] == {"待发": 4, "已发送": 4, "发送失败": 0}
    wecom, ding, feishu = bots["wecom"], bots["dingtalk"], bots["feishu"]
    # 企业微信: markdown (no mentions there), then a text message whose mentioned_mobile_list rings the phones
    assert [p.body["msgtype"] for p in wecom.posts] == ["markdown", "text"]
    assert wecom.posts[0].query == {"key": "test-key-1"}
    markdown = wecom.posts[0].body["markdown"]["content"]
    assert markdown.startswith("## 【三有】测试小区 11月29日 周日\n今日提醒：<font")
    assert set(wecom.posts[1].body["text"]) == {"content", "mentioned_mobile_list"}
    assert wecom.posts[1].body["text"]["mentioned_mobile_list"] == [WANG_FANG, LI_QIANG, SECRETARY_MOBILE]
    # 钉钉: markdown + at.atMobiles, @mobile in the text, signed in the query (the fake checks the HMAC)
    body = ding.posts[0].body
    assert set(body) == {"msgtype", "markdown", "at"} and body["msgtype"] == "markdown"
    assert body["at"] == {"atMobiles": [WANG_FANG, LI_QIANG, SECRETARY_MOBILE], "isAtAll": False}
    counts = mailed_counts(tmp_path / "out")  # the same count as each volunteer's own mail
    assert counts == {"王芳": 2, "李强": 1}  # one entry per elder (issue 13)
    for name, phone in (("王芳", WANG_FANG), ("李强", LI_QIANG)):
        assert f"- {name}：{counts[name]} 项 @{phone}" in body["markdown"]["text"]
    assert f"**红色提醒**（请书记跟进 @{SECRETARY_MOBILE}）" in body["markdown"]["text"]
    assert set(ding.posts[0].query) == {"access_token", "timestamp", "sign"}
    assert abs(int(ding.posts[0].query["timestamp"]) / 1000 - dt.datetime.now().timestamp()) < 60
    # 飞书: msg_type interactive with a markdown element, timestamp and sign in the body (checked by the fake)
    body = feishu.posts[0].body
    assert set(body) == {"timestamp", "sign", "msg_type", "card"} and body["msg_type"] == "interactive"
    assert body["card"]["elements"][0]["tag"] == "markdown"
    assert "- 王芳：2 项\n- 李强：1 项\n" in body["card"]["elements"][0]["content"]
    # the reds, by short name, and the 家庭暴力 case by its 编号 only
    for text in (markdown, ding.posts[0].body["markdown"]["text"], body["card"]["elements"][0]["content"]):
        assert "- 张奶奶（3栋）：问候逾期" in text and "- 王奶奶（3栋）：从未联系" in text
        assert "- M0001：请书记到表中查看" in text
        assert "表格文件：三有.xlsx" in text or "[打开表格](http" in text  # a Sheets or Feishu link
    # nothing private in any of them
    everything = "".join(texts(wecom) + texts(ding) + texts(feishu))
    for marker in (HEALTH_NOTE, CONTACT_NOTE, DV_PARTY, DV_DETAIL, REQUEST_DETAIL, "家庭暴力", *ELDER_PHONES, *ROOMS):
        assert marker not in everything, marker
    for name in FULL_NAMES:
        assert name not in everything, name
    assert "13712345678" not in everything  # 赵敏 has left: not mentioned
    # the ledger: every post 已发送, the channel named without its key
    logged = runlog_group_rows(workbook)
    assert len(logged) == 4 and {r["发送状态"] for r in logged} == {"已发送"}
    assert {r["收件人"].split("(")[0] for r in logged} == {"企业微信群", "钉钉群", "飞书群"}
    assert not any(
        "test-key-1" in json.dumps(r, default=str) or "SEC0123" in json.dumps(r, default=str) for r in logged
    )
    # the same night again: nothing posted twice
    again = run_nightly(workbook, TODAY, delivery=outbox_delivery(str(tmp_path / "out")), group=delivery(bots))
    assert "群消息" not in again.counts
    assert (len(wecom.posts), len(ding.posts), len(feishu.posts)) == (2, 1, 1)


def test_a_platform_error_is_a_failure_with_its_code_and_a_rerun_sends_only_that(
    workbook_factory, bots, tmp_path, monkeypatch, caplog
):
    monkeypatch.delenv("SMTP_HOST", raising=False)
    workbook = workbook_factory(rows())
    bots["dingtalk"].script = [(200, {"errcode": 310000, "errmsg": "keywords not in content"})]  # HTTP 200!
    bots["wecom"].script = [(200, None)] + [
        (503, {})
    ] * 50  # the markdown goes, the mention meets a 503 till the deadline
    with caplog.at_level(logging.WARNING):
        first = run_nightly(workbook, TODAY, delivery=outbox_delivery(str(tmp_path / "out")), group=delivery(bots))
    assert first.counts["群消息"] == {"待发": 4, "已发送": 2, "发送失败": 2}
    assert any("310000" in m for m in first.messages)
    assert "310000" in caplog.text and "test-token-2" not in caplog.text and "SEC0123" not in caplog.text
    logged = {by_platform(r["邮件标识"]): r for r in runlog_group_rows(workbook)}
    assert logged["dingtalk|1"]["发送状态"] == "发送失败" and "310000" in logged["dingtalk|1"]["摘要"]
    assert logged["wecom|2"]["发送状态"] == "发送失败" and "HTTP 503" in logged["wecom|2"]["摘要"]
    assert logged["wecom|1"]["发送状态"] == logged["feishu|1"]["发送状态"] == "已发送"
    assert (len(bots["wecom"].posts), len(bots["dingtalk"].posts), len(bots["feishu"].posts)) == (1, 0, 1)

    bots["wecom"].script = []
    second = run_nightly(workbook, TODAY, delivery=outbox_delivery(str(tmp_path / "out")), group=delivery(bots))
    assert second.counts["群消息"] == {"待发": 2, "已发送": 2, "发送失败": 0}
    assert [p.body["msgtype"] for p in bots["wecom"].posts] == ["markdown", "text"]  # the markdown only once
    assert len(bots["dingtalk"].posts) == 1 and len(bots["feishu"].posts) == 1
    assert {r["发送状态"] for r in runlog_group_rows(workbook)} == {"已发送"}
    third = run_nightly(workbook, TODAY, delivery=outbox_delivery(str(tmp_path / "out")), group=delivery(bots))
    assert "群消息" not in third.counts and len(bots["wecom"].posts) == 2


@pytest.mark.parametrize("workbook_factory", ["xlsx"], indirect=True)
def test_monthly_posts_the_chart_to_wecom_and_the_figures_elsewhere_once(workbook_factory, bots, tmp_path, monkeypatch):
    monkeypatch.delenv("SMTP_HOST", raising=False)
    workbook = workbook_factory(rows())
    run_monthly(workbook, TODAY, delivery=outbox_delivery(str(tmp_path / "out")), group=delivery(bots))
    wecom = bots["wecom"].posts
    assert [p.body["msgtype"] for p in wecom] == ["markdown", "image"]
    assert "测试小区2026年10月“三升三降”月报" in wecom[0].body["markdown"]["content"]
    assert "- 参与服务的志愿者：2人" in wecom[0].body["markdown"]["content"]
    png = base64.b64decode(wecom[1].body["image"]["base64"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and hashlib.md5(png).hexdigest() == wecom[1].body["image"]["md5"]
    assert [p.body["msgtype"] for p in bots["dingtalk"].posts] == ["markdown"]
    assert "- 参与服务的志愿者：2人" in bots["dingtalk"].posts[0].body["markdown"]["text"]
    assert "- 月探访率：" in bots["dingtalk"].posts[0].body["markdown"]["text"]  # the guidance's figure too
    assert bots["feishu"].posts[0].body["msg_type"] == "interactive"
    run_monthly(workbook, TODAY, delivery=outbox_delivery(str(tmp_path / "out")), group=delivery(bots))
    assert (len(bots["wecom"].posts), len(bots["dingtalk"].posts), len(bots["feishu"].posts)) == (2, 1, 1)


@pytest.mark.parametrize("workbook_factory", ["xlsx"], indirect=True)
def test_full_elder_names_only_when_settings_say_so(workbook_factory, bots, tmp_path, monkeypatch):
    monkeypatch.delenv("SMTP_HOST", raising=False)
    data = rows()
    data["设置"].append(["群消息显示老人全名", "是", ""])
    run_nightly(workbook_factory(data), TODAY, delivery=outbox_delivery(str(tmp_path / "out")), group=delivery(bots))
    text = bots["feishu"].posts[0].body["card"]["elements"][0]["content"]
    assert "- 张桂兰（3栋）：问候逾期" in text and "张奶奶" not in text
    assert "13800001111" not in text and "1-201" not in text and "家庭暴力" not in text  # the rest still holds
