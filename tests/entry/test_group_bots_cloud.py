"""GROUP_BOTS in a real functions-framework process: the nightly function posts to the group once."""

from __future__ import annotations

import datetime as dt

import requests

from tests.support.ff_process import HEALTH_NOTE, make_community, running
from tests.support.webhook_server import start_bot


def test_the_nightly_function_posts_to_the_configured_group_once(tmp_path):
    book = make_community(tmp_path / "芙蓉小区.xlsx", "芙蓉小区", dt.date(2026, 11, 29))
    bot, server = start_bot("dingtalk", "SEC-cloud-secret")
    env = {"SANYOU_WORKBOOK": str(book), "MAIL_OUTBOX": str(tmp_path / "out"), "GROUP_BOTS": bot.address}
    try:
        with running("nightly", env) as fn:
            for _ in range(2):  # a scheduler retry of the same night posts nothing new
                answer = requests.post(fn.url, json={"today": "2026-11-29"}, timeout=120)
                assert answer.status_code == 200, answer.text
    finally:
        server.shutdown()
    assert len(bot.posts) == 1 and bot.attempts == 1  # signed correctly at the first try (the fake checks)
    body = bot.posts[0].body
    assert body["msgtype"] == "markdown" and body["markdown"]["title"].startswith("【三有】芙蓉小区")
    assert HEALTH_NOTE not in bot.posts[0].raw.decode()
    assert not list((tmp_path / "out").glob("*.json"))  # in the cloud: posted, never previews
