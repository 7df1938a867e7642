"""The secretary's red list is capped for a phone; what is urgent without being 'days late' is never cut."""

from __future__ import annotations

from functions.digest.secretary import TOP_RED, secretary_context
from functions.domain.model import Alert
from tests.support.digest_sample import SAMPLE_TODAY as TODAY
from tests.support.digest_sample import sample_link, sample_night


def _late(n: int) -> Alert:
    return Alert(
        "红",
        "问候逾期",
        f"E9{n:03d}",
        f"老人{n}",
        "9栋",
        "王芳(V001)",
        f"已 {n + 10} 天没有问候",
        n + 10,
        "",
        "V001",
        "老人档案",
        n + 2,
    )


def test_domestic_violence_meal_gaps_and_never_contacted_stay_above_the_cut():
    night = sample_night()
    urgent = [
        Alert("红", "家庭暴力", "M0016", "家庭暴力案件", "", "书记", "家庭暴力案件仍在调解中，请书记亲自跟进", 0),
        Alert("红", "从未联系", "E0777", "周玉兰", "2栋", "未指定", "还没有任何联系记录", 0),
        Alert("红", "送餐缺人", "E0001", "张桂兰", "3栋", "未指定", "今天午餐还没有人认领", 0, TODAY.isoformat()),
    ]
    alerts = [_late(n) for n in range(TOP_RED + 10)] + urgent
    context = secretary_context(alerts, [], night.parsed, night.settings, TODAY, sample_link, None)
    shown = [item["object_id"] for item in context["red"]]
    assert len(shown) == TOP_RED and context["red_more"] == len(alerts) - TOP_RED
    assert shown[:3] == ["M0016", "E0001", "E0777"]  # 家庭暴力, then today's meal gap, then never contacted
    assert shown[3] == "E9039"  # then the longest late
