"""A tiny community over three months (2026-09 … 2026-11) whose metrics the tests work out by hand."""

from __future__ import annotations

import datetime as dt

from functions.domain.model import Record
from functions.domain.settings import parse_settings
from functions.domain.table import Row
from tests.support.records import complete

D = dt.date.fromisoformat
NOW = dt.datetime(2026, 12, 1, 6, 0)
ITEMS = ("缺少陪伴", "被冷落", "与人隔绝")


def _records(rows: list[dict]) -> list[Record]:
    return [Record(number=i + 2, values=v) for i, v in enumerate(rows)]


def _contact(day, elder, volunteer, way, minutes=None, items=(None, None, None), note=None):
    return {
        "日期": D(day),
        "老人编号": elder,
        "志愿者编号": volunteer,
        "方式": way,
        "时长(分钟)": minutes,
        **dict(zip(ITEMS, items, strict=True)),
        "情况记录": note,
    }


def settings(**over):
    given = {
        "常住人口": 1000,
        "纠纷超期天数": 30,
        "孤独感阈值": 6,
        "社区名称": "芙蓉小区",
        "书记邮箱": "shuji@example.cn, fuzhuren@example.cn",
    } | over
    return parse_settings([Row(i + 2, {"项目": k, "值": v}) for i, (k, v) in enumerate(given.items())])


def workbook() -> dict[str, list[Record]]:
    """Three months (2026-09 … 2026-11) of a tiny community; expected figures are worked out in the tests."""

    def elder(i, cat, level, status, until=None):
        return {
            "编号": i,
            "姓名": f"老人{i}",
            "类别": cat,
            "关爱等级": level,
            "状态": status,
            "暂停至": until,
            "健康备注": "高血压，独自在家",
        }

    return complete(
        {
            "老人档案": _records(
                [
                    elder("E0001", "独居", "高", "在家"),
                    elder("E0002", "孤寡", "中", "住院", D("2026-09-20")),  # back from hospital since 09-21
                    elder("E0003", "空巢", "低", "在家"),
                    elder("E0004", "失独", "中", "已故"),
                    elder("E0005", "独居", None, "在家"),  # 关爱等级 blank or bad: the strictest (高), as in the alerts
                ]
            ),
            "走访记录": _records(
                [
                    _contact("2026-09-28", "E0002", "V001", "电话问候", 10),
                    _contact("2026-09-30", "E0001", "V001", "上门走访", 30),  # last day of September
                    _contact("2026-09-30", "E0003", "V002", "上门走访", 40),
                    _contact("2026-10-01", "E0001", "V001", "电话问候", 10),  # first day of October
                    _contact("2026-10-03", "E0001", "V002", "上门走访", 60, ("经常", "经常", "有时")),  # 8
                    _contact(
                        "2026-10-03", "E0001", "V001", "电话问候", 5, ("有时", "有时", "几乎没有")
                    ),  # 5, lower row: latest
                    _contact("2026-10-31", "E0001", "V003", "上门走访", 20),
                    _contact("2026-10-05", "E0002", "V002", "送餐", 30),
                    _contact(
                        "2026-10-12", "E0002", "V002", "电话问候", None, ("几乎没有", "几乎没有", "几乎没有")
                    ),  # 3
                    _contact("2026-10-19", "E0002", "V002", "电话问候", 15),
                    _contact("2026-10-26", "E0002", "V002", "电话问候", 15, ("有时", "经常", "经常")),  # 8
                    _contact(
                        "2026-10-28", "E0002", "V002", "电话问候", 10, ("经常", None, None)
                    ),  # incomplete: ignored
                    _contact(
                        "2026-10-10", "E0003", "V002", "电话问候", 20, ("经常", "经常", "经常"), "老人说很想女儿"
                    ),  # 空巢
                    _contact("2026-10-20", "E0003", "V002", "电话问候", 20),
                    _contact("2026-10-31", "E0005", "V003", "上门走访", 40, ("有时", "有时", "有时")),  # 6
                    _contact("2026-11-01", "E0005", "V001", "电话问候", 10),
                ]
            ),
            "活动": _records(
                [
                    {"编号": "A1", "日期": D("2026-10-08"), "名称": "老年合唱班", "参与人数": 50},
                    {"编号": "A2", "日期": D("2026-10-20"), "名称": "主题党日", "参与人数": 30},  # no sign-ins: 30
                    {"编号": "A3", "日期": D("2026-10-25"), "名称": "学雷锋", "参与人数": None},
                    {"编号": "A4", "日期": D("2026-09-15"), "名称": "中秋联欢", "参与人数": 20},
                    {"编号": "A5", "日期": D("2026-11-02"), "名称": "安全讲座", "参与人数": None},
                ]
            ),
            "活动签到": _records(
                [
                    {"活动编号": "A1", "姓名": "张三", "联系电话": "13800138000", "身份": "居民"},
                    {"活动编号": "A1", "姓名": "张三", "联系电话": "13800138000", "身份": "居民"},  # same person twice
                    {"活动编号": "A1", "姓名": "张三", "联系电话": "13900139000", "身份": "居民"},  # another 张三
                    {"活动编号": "A1", "姓名": "李四", "联系电话": None, "身份": "居民"},
                    {
                        "活动编号": "A1",
                        "姓名": "王五",
                        "联系电话": "13700137000",
                        "身份": "志愿者",
                        "志愿者编号": "V004",
                        "服务时长(小时)": 2.5,
                    },
                    {
                        "活动编号": "A3",
                        "姓名": "张 三",
                        "联系电话": "13800138000",
                        "身份": "居民",
                    },  # seen at A1 already
                    {
                        "活动编号": "A3",
                        "姓名": "赵六",
                        "联系电话": "13600136000",
                        "身份": "志愿者",
                        "志愿者编号": "V001",
                        "服务时长(小时)": 1.5,
                    },
                ]
            ),
            "纠纷调解": _records(
                [
                    {
                        "编号": "M1",
                        "登记日期": D("2026-10-02"),
                        "状态": "已化解",
                        "化解日期": D("2026-10-20"),
                        "当事人": "钱七",
                    },
                    {
                        "编号": "M2",
                        "登记日期": D("2026-10-15"),
                        "状态": "已化解",
                        "化解日期": D("2026-11-20"),
                    },  # 36 days
                    {"编号": "M3", "登记日期": D("2026-10-31"), "状态": "调解中"},
                    {"编号": "M4", "登记日期": D("2026-09-10"), "状态": "已化解", "化解日期": D("2026-09-12")},
                ]
            ),
            "物业缴费": _records(
                [
                    {"月份": "2026-09", "应缴户数": 4800, "已缴户数": 4320},
                    {"月份": "2026-10", "应缴户数": 4800, "已缴户数": 4416},
                ]
            ),
            "投诉": _records(
                [
                    {"编号": f"C{i}", "日期": D(d)}
                    for i, d in enumerate(["2026-09-30", "2026-10-01", "2026-10-15", "2026-10-31", "2026-11-01"])
                ]
            ),
            "需求登记": _records(
                [
                    {"编号": "R1", "登记日期": D("2026-09-28"), "状态": "已解决", "解决日期": D("2026-10-02")},
                    {"编号": "R2", "登记日期": D("2026-10-10"), "状态": "已解决", "解决日期": D("2026-10-12")},
                    {"编号": "R3", "登记日期": D("2026-10-20"), "状态": "处理中"},
                ]
            ),
            "安全巡查": _records(
                [
                    {"编号": "P1", "发现日期": D("2026-10-01"), "整改日期": D("2026-10-08"), "状态": "已整改"},
                    {"编号": "P2", "发现日期": D("2026-10-05"), "整改日期": D("2026-10-06"), "状态": "已整改"},
                    {"编号": "P3", "发现日期": D("2026-10-30"), "状态": "待整改"},
                ]
            ),
        }
    )
