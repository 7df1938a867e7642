"""Made-up Chinese names and mainland phone numbers for the demo community (all fictional)."""

from __future__ import annotations

import random

# Common surnames, most frequent first; weight falls with rank like the real distribution.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
SURNAME_WEIGHTS = [1 / (rank + 6) for rank in range(len(SURNAMES))]

# Given names by generation: two-character names composed from a first and a second character.
OLD_MALE = ("建国志德永文振树长金宝学光庆", "国华明生林山福军东平成才民强")
OLD_FEMALE = ("秀桂玉凤淑素翠美兰春冬金惠月爱", "英兰珍芳梅花云华娥琴芬凤莲香")
MID_MALE = ("伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "辉", "鹏", "海波", "建军", "志强", "晓东", "宏伟", "俊峰")
MID_FEMALE = ("敏", "静", "丽", "艳", "娟", "霞", "芳", "燕", "红", "玲", "晓燕", "丽娟", "海燕", "婷", "慧", "雪梅")
KIDS = (
    "子涵",
    "梓萱",
    "一诺",
    "欣怡",
    "浩宇",
    "宇轩",
    "子轩",
    "梓涵",
    "诗涵",
    "俊熙",
    "雨泽",
    "思远",
    "沐阳",
    "依诺",
    "语桐",
    "博文",
    "若曦",
    "嘉怡",
    "皓轩",
    "可馨",
    "天佑",
    "明哲",
    "安然",
    "乐瑶",
)

MOBILE_PREFIXES = (
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "153",
    "155",
    "156",
    "157",
    "158",
    "159",
    "177",
    "180",
    "181",
    "182",
    "183",
    "186",
    "187",
    "188",
    "189",
    "199",
)
AREA_CODE = "0731"  # 长沙; the demo community is fictional


def surname(rng: random.Random) -> str:
    """A common surname."""
    return rng.choices(SURNAMES, weights=SURNAME_WEIGHTS)[0]


def elder_name(rng: random.Random, sex: str, family: str | None = None) -> str:
    """A name of someone born 1925-1966."""
    first, second = OLD_MALE if sex == "男" else OLD_FEMALE
    return (family or surname(rng)) + rng.choice(first) + rng.choice(second)


def adult_name(rng: random.Random, sex: str, family: str | None = None) -> str:
    """A name of someone born 1960-2000."""
    return (family or surname(rng)) + rng.choice(MID_MALE if sex == "男" else MID_FEMALE)


def kid_name(rng: random.Random) -> str:
    """A child's name."""
    return surname(rng) + rng.choice(KIDS)


def mobile(rng: random.Random) -> str:
    """An 11-digit mainland mobile number."""
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def landline(rng: random.Random) -> str:
    """A local landline with its area code, as people write it: 0731-84123456."""
    return f"{AREA_CODE}-8{rng.randrange(10**7):07d}"


RELATIONS = {"儿子": "男", "女儿": "女", "侄子": "男", "外甥女": "女", "邻居": None}


def emergency_contact(rng: random.Random, family: str, category: str) -> str:
    """紧急联系人 as volunteers write it: name and relation, e.g. 王丽（女儿）."""
    if category in ("孤寡", "失独"):
        relation = rng.choice(("侄子", "外甥女", "邻居"))
    else:
        relation = rng.choice(("儿子", "女儿", "女儿", "儿子", "邻居"))
    sex = RELATIONS[relation] or rng.choice("男女")
    name = adult_name(rng, sex, family if relation in ("儿子", "女儿", "侄子") else None)
    return f"{name}（{relation}）"
