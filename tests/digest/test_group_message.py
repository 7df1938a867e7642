"""The group message in pieces: names and 家庭暴力 in a group, splitting within limits, the client, GROUP_BOTS."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys

import pytest

from functions.adapters.bots.client import BotClient
from functions.digest.group import GroupDigest, Person, elder_short_name, group_digest, red_line, show_full_names
from functions.digest.group_render import dingtalk_bodies, feishu_bodies, plain_text, platform_bodies, wecom_bodies
from functions.domain.bots import DINGTALK, FEISHU, WECOM, GroupPost, parse_bot_address
from functions.domain.model import Alert, Record
from functions.domain.settings import parse_settings
from functions.domain.table import Row
from functions.entry.config import ConfigError, group_bots_from_env, load_config
from functions.entry.group_bots import group_delivery
from tests.support.records import record
from tests.support.smtp_server import free_port
from tests.support.webhook_server import start_bot


def elder(name: str, sex: str | None) -> Record:
    return record("老人档案", {"编号": "E0001", "姓名": name, "性别": sex})


def test_elders_are_named_by_surname_and_a_respectful_word_unless_settings_say_otherwise():
    assert elder_short_name(elder("张桂兰", "女")) == "张奶奶"
    assert elder_short_name(elder("李建国", "男")) == "李爷爷"
    assert elder_short_name(elder("欧阳秀英", "女")) == "欧阳奶奶"
    assert elder_short_name(elder("陈德", None)) == "陈老人"
    assert not show_full_names(parse_settings([]))  # default 否
    assert show_full_names(parse_settings([Row(2, {"项目": "群消息显示老人全名", "值": "是"})]))


def test_a_domestic_violence_case_appears_by_its_number_only():
    alert = Alert("红", "家庭暴力", "M0007", "家庭暴力案件", "", "书记", "家庭暴力案件还在调解中", 0)
    assert red_line(alert, {}) == "M0007：请书记到表中查看"
    late = Alert("红", "问候逾期", "E0001", "张桂兰", "3栋", "王芳(V001)", "9 天没有问候", 7)
    assert red_line(late, {"张桂兰": "张奶奶"}) == "张奶奶（3栋）：问候逾期，逾期 7 天"


def big_digest(reds: int = 300, people: int = 150) -> GroupDigest:
    """A bad night in a big community: more reds than one WeCom message holds."""
    return GroupDigest(
        title="【三有】芙蓉里小区 11月29日 周日",
        counts={"红": reds, "橙": 50, "黄": 20},
        reds=[f"{'王李张刘陈'[i % 5]}奶奶（{i % 40 + 1}栋）：问候逾期，逾期 {i + 3} 天 #{i}" for i in range(reds)],
        people=[Person(f"志愿者{i}", f"139{i:08d}", i % 7 + 1) for i in range(people)],
        secretary_mobiles=["13700001234"],
        file_name="三有.xlsx",
    )


def test_wecom_splits_at_4096_bytes_and_never_loses_a_red():
    digest = big_digest()
    bodies = wecom_bodies(digest)
    markdowns = [b["markdown"]["content"] for b in bodies if b["msgtype"] == "markdown"]
    assert len(markdowns) > 1 and all(len(m.encode()) <= 4096 for m in markdowns)
    assert markdowns[1].startswith("## 【三有】芙蓉里小区 11月29日 周日（续 2）\n")
    lines = "\n".join(markdowns).splitlines()
    assert [line for line in lines if "#" in line and "奶奶" in line] == [
        f"- {r}" for r in digest.reds
    ]  # all, in order
    assert bodies[-1]["msgtype"] == "text" and len(bodies[-1]["text"]["content"].encode()) <= 2048
    assert bodies[-1]["text"]["mentioned_mobile_list"] == [p.mobile for p in digest.people] + ["13700001234"]
    bot, server = start_bot("wecom")  # the fake refuses markdown over 4,096 bytes, like WeCom (errcode 40058)
    try:
        channel = parse_bot_address(bot.url)
        posts = [GroupPost(f"d|group|{channel.key}|{n}", "group", channel, b) for n, b in enumerate(bodies)]
        outcomes = BotClient(pace=0).send(posts)
        assert all(o.sent for o in outcomes.values()) and len(bot.posts) == len(bodies)
    finally:
        server.shutdown()


def test_dingtalk_and_feishu_parts_fit_and_each_dingtalk_part_mentions_only_whom_it_names():
    digest = big_digest(reds=600, people=400)
    ding = dingtalk_bodies(digest)
    assert len(ding) > 1
    for body in ding:
        text = body["markdown"]["text"]
        assert len(json.dumps(body, ensure_ascii=False).encode()) < 20000
        assert body["at"]["atMobiles"] == [m for m in body["at"]["atMobiles"] if f"@{m}" in text]
        assert body["at"]["atMobiles"] == list(dict.fromkeys(re.findall(r"@(1\d{10})", text)))
    mentioned = [m for b in ding for m in b["at"]["atMobiles"]]
    assert sorted(mentioned) == sorted([p.mobile for p in digest.people] + ["13700001234"])
    cards = feishu_bodies(digest)
    assert all(len(json.dumps(c, ensure_ascii=False).encode()) < 20000 for c in cards)
    every = "\n".join(plain_text(c) for c in cards)
    assert all(f"- {r}" in every for r in digest.reds) and "@" not in every  # Feishu: names, no mobiles


def fake_clock():
    """A clock that advances only when the client sleeps."""
    now = [0.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    return (lambda: now[0]), sleep, waits


def post_to(url: str, platform_body: dict | None = None) -> GroupPost:
    channel = parse_bot_address(url)
    return GroupPost(f"2026-11-29|group|{channel.key}|1", "group", channel, platform_body or {"msgtype": "text"})


def test_429_and_5xx_are_retried_with_backoff_until_they_pass():
    bot, server = start_bot("dingtalk")
    bot.script = [(429, {"errcode": 130101}), (502, {}), (500, {})]
    clock, sleep, waits = fake_clock()
    try:
        outcome = BotClient(sleep=sleep, clock=clock, backoff=1, deadline=60).post(post_to(bot.url))
    finally:
        server.shutdown()
    assert outcome.sent and bot.attempts == 4 and waits == [1, 2, 4]


def test_a_dead_address_fails_at_the_deadline_with_a_plain_note():
    clock, sleep, waits = fake_clock()
    url = f"http://127.0.0.1:{free_port()}/cgi-bin/webhook/send?key=k"
    outcome = BotClient(sleep=sleep, clock=clock, backoff=1, deadline=20, timeout=1).post(post_to(url))
    assert not outcome.sent and "连接失败" in outcome.note and "key=k" not in outcome.note
    assert sum(waits) <= 20 and len(waits) == 4  # 1 + 2 + 4 + 8, the next 16 would pass the deadline


def test_http_200_with_errcode_is_a_failure_with_its_code():
    bot, server = start_bot("wecom")
    bot.script = [(200, {"errcode": 93000, "errmsg": "invalid webhook url"})]
    try:
        outcome = BotClient().post(post_to(bot.url))
    finally:
        server.shutdown()
    assert not outcome.sent and "93000" in outcome.note and bot.attempts == 1


def test_an_apprise_channel_carries_the_message_for_communities_elsewhere():
    bot, server = start_bot("wecom")  # any local JSON endpoint: apprise's json:// posts there
    try:
        url = f"json://127.0.0.1:{bot.port}/"
        post = post_to(url, {"msgtype": "markdown"})
        post = GroupPost(post.identity, "group", post.channel, post.body, "## 【三有】测试\n- 王芳：2 项")
        outcomes = BotClient(pace=0).send([post])
    finally:
        server.shutdown()
    assert outcomes[post.identity].sent
    assert bot.posts[0].body["title"] == "【三有】测试" and "王芳：2 项" in bot.posts[0].body["message"]


def test_group_bots_are_read_by_path_per_workbook_with_their_secrets():
    text = (
        "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc\n"
        "[https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/edit] "
        "https://oapi.dingtalk.com/robot/send?access_token=t1#secret=SECx , "
        "https://open.larksuite.com/open-apis/bot/v2/hook/uuid-1#secret=fs\n"
        "[/srv/三有.xlsx] http://127.0.0.1:8080/open-apis/bot/v2/hook/local"
    )
    config = load_config({"GROUP_BOTS": text})
    own = config.bots_for("gsheets:1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789")
    assert [(b.platform, b.secret) for b in own] == [(DINGTALK, "SECx"), (FEISHU, "fs")]
    assert "#secret" not in own[0].url and "SECx" not in own[0].label and "t1" not in own[0].label
    assert [b.platform for b in config.bots_for("/srv/三有.xlsx")] == [FEISHU]
    assert [b.platform for b in config.bots_for("gsheets:another0000000000000000000000")] == [WECOM]
    assert load_config({}).group_bots == {} and group_delivery({}, "/srv/三有.xlsx") is None


@pytest.mark.parametrize(
    "bad", ["https://example.org/hook?key=secretkey123", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send", "key=xyz"]
)
def test_a_bad_group_bot_address_is_a_clear_error_that_does_not_echo_it(bad):
    with pytest.raises(ConfigError) as caught:
        group_bots_from_env({"GROUP_BOTS": bad})
    assert "GROUP_BOTS" in str(caught.value) and "第 1 行" in str(caught.value)
    assert "secretkey123" not in str(caught.value) and "xyz" not in str(caught.value)


def test_without_group_bots_the_cli_writes_the_three_previews_beside_the_mail(tmp_path):
    env = {k: v for k, v in __import__("os").environ.items() if k not in ("GROUP_BOTS", "SMTP_HOST")}
    demo = tmp_path / "demo.xlsx"
    cli = [sys.executable, "-m", "functions"]
    common = ["--workbook", str(demo), "--today", "2026-11-29"]
    subprocess.run([*cli, "demo", *common, "--scale", "small"], env=env, check=True, capture_output=True)
    done = subprocess.run([*cli, "nightly", *common, "--outbox", str(tmp_path / "out")], env=env, capture_output=True)
    assert done.returncode == 0, done.stderr.decode()
    names = sorted(p.name for p in (tmp_path / "out").glob("*.json"))
    assert names == [f"群消息-{p}-2026-11-29.json" for p in ("dingtalk", "feishu", "wecom")]
    wecom = json.loads((tmp_path / "out" / "群消息-wecom-2026-11-29.json").read_text(encoding="utf-8"))
    assert wecom[0]["msgtype"] == "markdown" and wecom[-1]["msgtype"] == "text"
    assert all(len(b["markdown"]["content"].encode()) <= 4096 for b in wecom if b["msgtype"] == "markdown")
    assert list((tmp_path / "out").glob("*.eml"))
    assert "群消息：" not in done.stdout.decode()  # previews are not deliveries: nothing posted, no ledger rows


def test_apprise_channels_get_plain_markdown_without_platform_markup():
    bodies = platform_bodies(big_digest(reds=5, people=3), "apprise")
    text = "\n".join(plain_text(b) for b in bodies)
    assert "<font" not in text and "@1" not in text and "- 志愿者0：1 项" in text


def test_two_volunteers_of_the_same_name_are_told_apart_by_their_number():
    def volunteer(vid: str, name: str, phone: str) -> Record:
        return record("志愿者", {"编号": vid, "姓名": name, "联系电话": phone, "状态": "在岗"})

    parsed = {
        "志愿者": [volunteer("V001", "赵海燕", "13800000001"), volunteer("V002", "赵海燕", "13800000002")],
        "老人档案": [],
        "需求登记": [
            record("需求登记", {"编号": "R1", "老人编号": None, "负责人": "V001", "状态": "待处理"}, 2),
            record("需求登记", {"编号": "R2", "老人编号": None, "负责人": "V002", "状态": "待处理"}, 3),
        ],
    }
    digest = group_digest([], parsed, parse_settings([]), dt.date(2026, 11, 29), None, "三有.xlsx")
    assert [p.name for p in digest.people] == ["赵海燕(V001)", "赵海燕(V002)"]
