"""The secretary's list is capped for a phone; what is urgent is never cut, and every red is listed or counted."""

from __future__ import annotations

from functions.digest.secretary import secretary_context
from functions.digest.secretary_lists import LIST_LIMIT
from functions.domain.model import Alert
from tests.support.digest_sample import SAMPLE_TODAY as TODAY
from tests.support.digest_sample import sample_link, sample_night


def _late(n: int, kind: str = "问候逾期") -> Alert:
    return Alert(
        "红",
        kind,
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


URGENT = [
    Alert("红", "家庭暴力", "M0016", "家庭暴力案件", "", "书记", "家庭暴力案件仍在调解中，请书记亲自跟进", 0),
    Alert("红", "从未联系", "E0777", "周玉兰", "2栋", "书记", "还没有任何联系记录", 0),
    Alert("红", "送餐缺人", "E0001", "张桂兰", "3栋", "书记", "今天午餐还没有人认领", 0, TODAY.isoformat()),
]


def _shown(context) -> list[str]:
    return [item["object_id"] for section in context["sections"] for item in section["items"]]


def test_domestic_violence_meal_gaps_and_never_contacted_stay_above_the_cut():
    night = sample_night()
    alerts = [_late(n) for n in range(LIST_LIMIT + 10)] + URGENT
    context = secretary_context(alerts, [], night.parsed, night.settings, TODAY, sample_link, None)
    shown = _shown(context)
    assert len(shown) == LIST_LIMIT and context["left_count"] == len(alerts) - LIST_LIMIT
    assert {"M0016", "E0001", "E0777", "E9017"} <= set(shown)  # the urgent three, then the longest late
    titles = [s["title"] for s in context["sections"]]
    assert titles == ["已经逾期", "即将到期（今天和这几天）", "需要关注"]  # headings match their content
    assert context["sections"][1]["items"][0]["object_id"] == "E0001"  # today's meal gap is due, not late


def test_every_red_is_listed_or_counted_by_type():
    night = sample_night()
    alerts = (
        [_late(n) for n in range(12)]
        + [_late(n, "走访逾期") for n in range(12)]
        + [_late(50 + n, "需跟进") for n in range(3)]
    )
    context = secretary_context(alerts, [], night.parsed, night.settings, TODAY, sample_link, None)
    shown = _shown(context)
    assert len(set(shown)) == len(shown)  # one entry per elder: the late greeting and visit of E9000 together
    first = context["sections"][0]["items"][0]
    assert first["kinds"] in ("需跟进", "问候逾期、走访逾期") and context["counts"]["红"] == 15
    assert len(shown) + context["left_count"] == 15
    assert context["left_by_kind"].startswith(f"红 {15 - len(shown)}（")
