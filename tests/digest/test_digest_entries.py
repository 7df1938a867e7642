"""One entry per elder, under a heading that matches it; 处理情况 kept short and private."""

from __future__ import annotations

import datetime as dt

from functions.digest.entries import LATE, SOON, WATCH, group_entries, level_counts, short_note
from functions.domain.model import Alert, Note


def alert(kind: str, level: str, days: int, reason: str, eid: str = "E0001", due: str = "") -> Alert:
    return Alert(level, kind, eid, "王秀英", "3栋", "刘芳(V001)", reason, days, due, "V001", "老人档案", 3)


def test_a_late_greeting_and_a_late_visit_of_one_elder_are_one_entry_with_both_facts():
    greeting = alert(
        "问候逾期", "红", 7, "已 9 天没有问候（高等级要求每 2 天一次）；结对志愿者 V012 已暂停，由 3栋 网格员 张红 负责"
    )
    visit = alert("走访逾期", "黄", 2, "已 9 天没有上门走访（高等级要求每 7 天一次）")
    (entry,) = group_entries([visit, greeting], {})
    assert (entry.level, entry.section) == ("红", LATE)
    item = entry.as_item(lambda tab, row: None)
    assert item["kinds"] == "问候逾期、走访逾期"
    assert item["facts"] == ["已 9 天没有问候（高等级要求每 2 天一次）", "已 9 天没有上门走访（高等级要求每 7 天一次）"]
    assert level_counts(group_entries([visit, greeting], {})) == {"红": 1, "橙": 0, "黄": 0}  # unique items


def test_a_birthday_in_four_days_is_due_soon_not_late_and_loneliness_is_to_watch():
    birthday = alert("寿辰", "黄", 0, "12月3日是 90 岁寿辰（还有 4 天），请安排寿辰探望", due="90岁")
    lonely = alert("孤独感", "橙", 0, "孤独感评分 7 分", eid="E0002")
    sections = {e.object_id: e.section for e in group_entries([birthday, lonely], {})}
    assert sections == {"E0001": SOON, "E0002": WATCH}


def test_a_noted_alert_is_its_own_entry_after_the_open_ones_of_the_same_elder():
    greeting = alert("问候逾期", "红", 7, "已 9 天没有问候")
    worry = alert("需跟进", "红", 1, "11月28日的上门走访记录标了需要跟进", due="2026-11-28")
    notes = {greeting.identity: Note("已电话联系女儿，明天上门", dt.date(2026, 11, 28))}
    entries = group_entries([greeting, worry], notes)
    assert [(e.handled, [a.kind for a in e.alerts]) for e in entries] == [(False, ["需跟进"]), (True, ["问候逾期"])]
    assert entries[1].as_item(lambda tab, row: None)["noted"] == "11月28日"


def test_a_note_is_cut_to_a_line_with_phones_masked_and_secrets_withheld():
    long = Note("已联系女儿 138 1234 5678，她说周末回来，另外物业答应下周修好楼道灯，我们会继续跟进回访")
    shown = short_note(long, set(), private=False)
    assert len(shown) <= 30 and shown.endswith("…") and "5678" not in shown
    assert short_note(Note("白内障术后要陪同"), {"白内障术后"}, private=False) == "已填写处理情况（内容请到表中查看）"
    assert short_note(Note("已报警"), set(), private=True) == "已填写处理情况（内容请到表中查看）"
