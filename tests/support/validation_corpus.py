"""A realistic small workbook that validates clean, and messy cells and rows with the exact problem expected."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

V_HEAD = ["编号", "姓名", "联系电话", "邮箱", "党员", "服务队", "状态", "加入日期"]
E_HEAD = [
    "编号",
    "姓名",
    "性别",
    "出生日期",
    "楼栋",
    "房号",
    "联系电话",
    "紧急联系人",
    "紧急联系电话",
    "类别",
    "关爱等级",
    "走访间隔(天)",
    "结对志愿者",
    "联系卡",
    "状态",
    "暂停至",
    "健康备注",
    "备注",
]

# Rows a careful volunteer would type: the base workbook must validate without a single problem.
BASE: dict[str, list[dict[str, Any]]] = {
    "志愿者": [
        {
            "编号": "V001",
            "姓名": "张秀英",
            "联系电话": "13812345678",
            "邮箱": "zhangxy@example.cn",
            "党员": "是",
            "服务队": "金芙蓉志愿队",
            "状态": "在岗",
            "加入日期": "2021-03-05",
        },
        {
            "编号": "V002",
            "姓名": "李建国",
            "联系电话": "139 0000 1111",
            "邮箱": "",
            "党员": "否",
            "服务队": "网格微家",
            "状态": "在岗",
            "加入日期": dt.datetime(2022, 6, 1),
        },
        {"编号": "V003", "姓名": "王桂兰", "联系电话": "13700001111", "状态": "退出", "加入日期": "2019/9/9"},
        {"编号": "V004", "姓名": "刘伟", "联系电话": "13600001111", "状态": "暂停", "加入日期": "2020年1月2日"},
    ],
    "老人档案": [
        {
            "编号": "E0001",
            "姓名": "陈阿婆",
            "性别": "女",
            "出生日期": "1941-05-06",
            "楼栋": "12栋",
            "房号": "1-302",
            "联系电话": "010-62345678",
            "紧急联系人": "陈小明",
            "紧急联系电话": "13712345678",
            "类别": "独居",
            "关爱等级": "高",
            "结对志愿者": "V001",
            "联系卡": "已发放",
            "状态": "在家",
            "健康备注": "白内障术后",
        },
        {
            "编号": "E0002",
            "姓名": "周大爷",
            "性别": "男",
            "出生日期": 15600,
            "楼栋": "3栋",
            "类别": "空巢",
            "关爱等级": "中",
            "结对志愿者": "V002",
            "状态": "住院",
            "暂停至": "2026-12-10",
        },
        {
            "编号": "E0012",
            "姓名": "吴奶奶",
            "性别": "女",
            "楼栋": "5栋",
            "类别": "高龄",
            "关爱等级": "低",
            "状态": "在家",
        },
        {
            "编号": "E0100",
            "姓名": "郑爷爷",
            "性别": "男",
            "楼栋": "7栋",
            "类别": "其他",
            "关爱等级": "低",
            "状态": "已故",
        },
    ],
    "走访记录": [
        {
            "日期": "2026-11-27",
            "老人编号": "E0001",
            "志愿者编号": "V001",
            "方式": "上门走访",
            "时长(分钟)": 40,
            "缺少陪伴": "有时",
            "被冷落": "几乎没有",
            "与人隔绝": "有时",
            "情况记录": "精神不错，想念女儿",
            "需跟进": "否",
        },
        {
            "日期": dt.date(2026, 11, 28),
            "老人编号": "E0002",
            "志愿者编号": "V002",
            "方式": "电话问候",
            "时长(分钟)": "10",
        },
        {"日期": "2026-06-01", "老人编号": "E0100", "志愿者编号": "V002", "方式": "节日慰问"},
    ],
    "需求登记": [
        {
            "编号": "R0001",
            "登记日期": "2026-11-20",
            "老人编号": "E0002",
            "求助人": "女儿",
            "类型": "送餐",
            "描述": "出院后行动不便",
            "负责人": "V002",
            "状态": "处理中",
        },
        {
            "编号": "R0002",
            "登记日期": "2026-10-08",
            "老人编号": "E0001",
            "类型": "就医",
            "负责人": "V001",
            "状态": "已解决",
            "解决日期": "2026-10-09",
        },
    ],
    "送餐排班": [
        {"日期": "2026-11-30", "老人编号": "E0002", "志愿者编号": "V002", "餐次": "午餐", "已送达": "否"},
        {"日期": "2026-12-01", "老人编号": "E0002", "餐次": "晚餐"},
    ],
    "活动": [
        {
            "编号": "A0001",
            "日期": "2026-11-15",
            "名称": "老年合唱班",
            "类别": "老年课堂",
            "对象": "老年",
            "组织者": "V001",
            "参与人数": 25,
        },
    ],
    "活动签到": [
        {"活动编号": "A0001", "姓名": "周大爷", "联系电话": "13612345678", "身份": "居民"},
        {"活动编号": "A0001", "姓名": "张秀英", "身份": "志愿者", "志愿者编号": "V001", "服务时长(小时)": 1.5},
    ],
    "纠纷调解": [
        {
            "编号": "M0001",
            "登记日期": "2026-10-01",
            "类型": "噪音扰民",
            "楼栋": "3栋",
            "当事人": "张某与李某",
            "调解人": "V002",
            "状态": "已化解",
            "化解日期": "2026-10-10",
            "回访日期": "2026-10-20",
            "情况": "楼上装修噪音",
        },
    ],
    "安全巡查": [
        {
            "编号": "P0001",
            "发现日期": "2026-11-10",
            "类型": "飞线充电",
            "位置": "5栋2单元",
            "发现人": "V001",
            "通知物业日期": "2026-11-11",
            "状态": "待整改",
        },
    ],
    "投诉": [
        {
            "编号": "C0001",
            "日期": "2026-11-02",
            "渠道": "12345热线",
            "类别": "噪音",
            "摘要": "夜间施工噪音",
            "状态": "已办结",
            "办结日期": "2026-11-05",
        },
    ],
    "物业缴费": [
        {"月份": "2026-09", "应缴户数": 4860, "已缴户数": 4210},
        {"月份": dt.datetime(2026, 8, 1), "应缴户数": "4860", "已缴户数": 4100},
    ],
    "专项走访": [
        {
            "编号": "ZX001",
            "名称": "寒潮走访",
            "开始日期": "2026-11-20",
            "截止日期": "2026-11-23",
            "对象类别": "独居，孤寡",
        },
    ],
    "设置": [
        {"项目": "社区名称", "值": "芙蓉小区"},
        {"项目": "书记邮箱", "值": "shuji@example.cn"},
        {"项目": "常住人口", "值": 13000},
        {"项目": "总户数", "值": 4860},
    ],
}

# A valid new row per tab; each case overrides a few cells of it.
TEMPLATE: dict[str, dict[str, Any]] = {
    "志愿者": {
        "编号": "V050",
        "姓名": "赵敏",
        "联系电话": "13912345678",
        "邮箱": "zhaomin@example.cn",
        "党员": "是",
        "服务队": "金芙蓉志愿队",
        "状态": "在岗",
        "加入日期": "2023-04-01",
    },
    "老人档案": {
        "编号": "E0050",
        "姓名": "孙阿姨",
        "性别": "女",
        "出生日期": "1945-02-03",
        "楼栋": "9栋",
        "房号": "2-501",
        "联系电话": "13512345678",
        "紧急联系人": "孙强",
        "紧急联系电话": "13412345678",
        "类别": "独居",
        "关爱等级": "中",
        "结对志愿者": "V001",
        "联系卡": "未发放",
        "状态": "在家",
        "健康备注": "糖尿病",
        "备注": "",
    },
    "走访记录": {
        "日期": "2026-11-26",
        "老人编号": "E0001",
        "志愿者编号": "V001",
        "方式": "上门走访",
        "时长(分钟)": 30,
        "缺少陪伴": "几乎没有",
        "被冷落": "几乎没有",
        "与人隔绝": "有时",
        "情况记录": "聊了聊天",
        "需跟进": "否",
    },
    "需求登记": {
        "编号": "R0050",
        "登记日期": "2026-11-01",
        "老人编号": "E0001",
        "求助人": "本人",
        "类型": "维修",
        "描述": "水管漏水",
        "负责人": "V001",
        "状态": "已解决",
        "解决日期": "2026-11-03",
    },
    "送餐排班": {"日期": "2026-12-02", "老人编号": "E0002", "志愿者编号": "V001", "餐次": "午餐", "已送达": "否"},
    "活动": {
        "编号": "A0050",
        "日期": "2026-11-20",
        "名称": "书法班",
        "类别": "青少年课堂",
        "对象": "青少年",
        "组织者": "V002",
        "参与人数": 18,
    },
    "活动签到": {"活动编号": "A0001", "姓名": "钱小红", "联系电话": "13312345678", "身份": "青少年"},
    "纠纷调解": {
        "编号": "M0050",
        "登记日期": "2026-11-01",
        "类型": "家庭矛盾",
        "楼栋": "8栋",
        "当事人": "某夫妇",
        "调解人": "V001",
        "状态": "调解中",
        "情况": "赡养问题",
    },
    "安全巡查": {
        "编号": "P0050",
        "发现日期": "2026-11-20",
        "类型": "消防通道堵塞",
        "位置": "2栋东侧",
        "发现人": "V002",
        "通知物业日期": "2026-11-21",
        "整改日期": "2026-11-24",
        "状态": "已整改",
    },
    "投诉": {
        "编号": "C0050",
        "日期": "2026-11-12",
        "渠道": "物业",
        "类别": "卫生",
        "摘要": "垃圾清运不及时",
        "状态": "处理中",
    },
    "物业缴费": {"月份": "2026-10", "应缴户数": 4860, "已缴户数": 4300},
    "设置": {"项目": "孤独感阈值", "值": "6"},
    "专项走访": {
        "编号": "ZX050",
        "名称": "高温慰问",
        "开始日期": "2026-7-20",
        "截止日期": "2026-7-22",
        "对象类别": "独居、高龄",
        "对象等级": "高,中",
        "计入方式": "上门走访,电话问候",
    },
}


@dataclass(frozen=True)
class Expect:
    """One problem expected on the case's row (or header row): level, column and key phrases."""

    level: str
    column: str
    message: str
    suggestion: str = ""


@dataclass(frozen=True)
class Case:
    """A messy row added to the clean workbook, and exactly the problems it must raise on its own row."""

    name: str
    tab: str
    cells: dict[str, Any]
    expect: tuple[Expect, ...] = ()
    parsed: dict[str, Any] = field(default_factory=dict)  # expected parsed values on the case's row
    rename: dict[str, str] = field(default_factory=dict)  # header renames: problems on the header row


def E(level: str, column: str, message: str, suggestion: str = "") -> Expect:  # noqa: N802
    """Shorthand for an expected problem."""
    return Expect(level, column, message, suggestion)


ERR, WARN = "错误", "警告"
D = dt.date

CASES: list[Case] = [
    # --- 探访关爱: visit findings, 建档日期, 专项走访 ---------------------------------------------------
    Case("finding enum fine", "走访记录", {"居住安全": "有隐患", "身体状况": "较差"}, parsed={"居住安全": "有隐患"}),
    Case("finding enum near", "走访记录", {"居住安全": "隐患"}, (E(ERR, "居住安全", "不是", "有隐患"),)),
    Case("referral yes-word", "走访记录", {"需求转介": "有的"}, (E(ERR, "需求转介", "不是", "有"),)),
    Case("registered in the future", "老人档案", {"建档日期": "2027-01-05"}, (E(ERR, "建档日期", "还没到"),)),
    Case("campaign lists parsed", "专项走访", {}, parsed={"对象类别": "独居、高龄", "截止日期": D(2026, 7, 22)}),
    Case(
        "campaign unknown category", "专项走访", {"对象类别": "独居,残疾"}, (E(ERR, "对象类别", "“残疾”不是", "独居"),)
    ),
    Case("campaign level typo", "专项走访", {"对象等级": "高级"}, (E(ERR, "对象等级", "“高级”不是", "是不是“高”"),)),
    Case("campaign way typo", "专项走访", {"计入方式": "电话"}, (E(ERR, "计入方式", "“电话”不是", "电话问候"),)),
    Case(
        "campaign deadline before start",
        "专项走访",
        {"截止日期": "2026-7-10"},
        (E(ERR, "截止日期", "比开始日期还早", "2026-07-20"),),
    ),
    Case("campaign without dates", "专项走访", {"开始日期": None}, (E(ERR, "开始日期", "必须填写"),)),
    # --- dates -------------------------------------------------------------------------------------
    Case("date dashes no padding", "走访记录", {"日期": "2026-8-3"}, parsed={"日期": D(2026, 8, 3)}),
    Case("date slashes", "走访记录", {"日期": "2026/08/03"}, parsed={"日期": D(2026, 8, 3)}),
    Case("date dots", "走访记录", {"日期": "2026.8.3"}, parsed={"日期": D(2026, 8, 3)}),
    Case("date chinese", "走访记录", {"日期": "2026年8月3日"}, parsed={"日期": D(2026, 8, 3)}),
    Case("date full-width digits", "走访记录", {"日期": "２０２６年８月３日"}, parsed={"日期": D(2026, 8, 3)}),
    Case("date serial int", "走访记录", {"日期": 46237}, parsed={"日期": D(2026, 8, 3)}),
    Case("date serial float with time", "走访记录", {"日期": 46237.75}, parsed={"日期": D(2026, 8, 3)}),
    Case(
        "date real datetime 23:30",
        "走访记录",
        {"日期": dt.datetime(2026, 11, 28, 23, 30)},
        parsed={"日期": D(2026, 11, 28)},
    ),
    Case("date with spaces around", "走访记录", {"日期": "  2026 - 11 - 20 "}, parsed={"日期": D(2026, 11, 20)}),
    Case(
        "date without year, this year",
        "走访记录",
        {"日期": "8月3日"},
        (E(WARN, "日期", "没有写年份", "2026-08-03"),),
        parsed={"日期": D(2026, 8, 3)},
    ),
    Case(
        "date without year, last year",
        "走访记录",
        {"日期": "12月25日"},
        (E(WARN, "日期", "没有写年份", "2025-12-25"),),
        parsed={"日期": D(2025, 12, 25)},
    ),
    Case(
        "date month 13",
        "走访记录",
        {"日期": "2026-13-01"},
        (E(ERR, "日期", "没有 13 月", "2025-08-03 这样"),),
        parsed={"日期": None},
    ),
    Case(
        "date feb 30",
        "走访记录",
        {"日期": "2026-2-30"},
        (E(ERR, "日期", "2026年2月没有30日", "核对日子"),),
        parsed={"日期": None},
    ),
    Case(
        "date feb 29 non-leap",
        "需求登记",
        {"登记日期": "2025年2月29日", "状态": "处理中", "解决日期": ""},
        (E(ERR, "登记日期", "没有29日"),),
        parsed={"登记日期": None},
    ),
    Case(
        "date in the future for a contact",
        "走访记录",
        {"日期": "2026-12-05"},
        (E(ERR, "日期", "还没到", "已经发生"),),
        parsed={"日期": None},
    ),
    Case("birth date in the future", "老人档案", {"出生日期": "2045-02-03"}, (E(ERR, "出生日期", "还没到"),)),
    Case(
        "in hospital with no end date",
        "老人档案",
        {"状态": "住院"},
        (E(WARN, "暂停至", "状态是住院，但没有填暂停至", "请填上预计回来的日期"),),
    ),
    Case(
        "away with a return date",
        "老人档案",
        {"状态": "外出", "暂停至": "2026-12-20"},
        parsed={"暂停至": D(2026, 12, 20)},
    ),
    Case("future meal date is fine", "送餐排班", {"日期": "2026-12-20"}, parsed={"日期": D(2026, 12, 20)}),
    Case("date gibberish", "走访记录", {"日期": "上周三"}, (E(ERR, "日期", "看不懂", "2025-08-03"),)),
    Case("date two-digit year", "走访记录", {"日期": "26-8-3"}, (E(ERR, "日期", "两位", "四位年份"),)),
    Case(
        "date compact digits",
        "走访记录",
        {"日期": "20260803"},
        (E(WARN, "日期", "分隔符", "2026-08-03"),),
        parsed={"日期": D(2026, 8, 3)},
    ),
    Case("date year 1800", "老人档案", {"出生日期": "1800-01-01"}, (E(ERR, "出生日期", "年份不对"),)),
    Case("date bool", "走访记录", {"日期": True}, (E(ERR, "日期", "不是日期"),)),
    Case("required date blank", "走访记录", {"日期": "  "}, (E(ERR, "日期", "必须填写", "联系老人的日期"),)),
    # --- phones ------------------------------------------------------------------------------------
    Case(
        "phone full-width with spaces",
        "志愿者",
        {"联系电话": "１３８ １２３４ ５６７８"},
        parsed={"联系电话": "13812345678"},
    ),
    Case("phone dashes", "志愿者", {"联系电话": "138-1234-5678"}, parsed={"联系电话": "13812345678"}),
    Case("phone +86", "志愿者", {"联系电话": "+86 138 1234 5678"}, parsed={"联系电话": "13812345678"}),
    Case("phone as a number cell", "志愿者", {"联系电话": 13812345678}, parsed={"联系电话": "13812345678"}),
    Case("phone as a float cell", "志愿者", {"联系电话": 13812345678.0}, parsed={"联系电话": "13812345678"}),
    Case("landline beijing", "老人档案", {"联系电话": "(010)62345678"}, parsed={"联系电话": "010-62345678"}),
    Case("landline shenzhen spaces", "老人档案", {"联系电话": "0755 8765 4321"}, parsed={"联系电话": "0755-87654321"}),
    Case(
        "landline without area code",
        "老人档案",
        {"联系电话": "62345678"},
        (E(ERR, "联系电话", "缺少区号", "010-12345678"),),
        parsed={"联系电话": None},
    ),
    Case("mobile too short", "志愿者", {"联系电话": "1381234567"}, (E(ERR, "联系电话", "位数不对", "11 位"),)),
    Case("mobile unallocated prefix", "志愿者", {"联系电话": "14012345678"}, (E(ERR, "联系电话", "号码不存在"),)),
    Case(
        "two phones in a cell",
        "老人档案",
        {"紧急联系电话": "13712345678/13612345678"},
        (E(ERR, "紧急联系电话", "不止一个", "备注"),),
    ),
    Case("phone words", "志愿者", {"联系电话": "没有"}, (E(ERR, "联系电话", "不是电话号码"),)),
    # --- emails ------------------------------------------------------------------------------------
    Case(
        "email uppercase full-width @",
        "志愿者",
        {"邮箱": " ZhaoMin＠Example.CN "},
        parsed={"邮箱": "zhaomin@example.cn"},
    ),
    Case("email .con typo", "志愿者", {"邮箱": "zhaomin@qq.con"}, (E(ERR, "邮箱", "结尾写错", "zhaomin@qq.com"),)),
    Case("email without @", "志愿者", {"邮箱": "zhaomin.qq.com"}, (E(ERR, "邮箱", "格式不对", "name@example.com"),)),
    # --- ints and ranges -----------------------------------------------------------------------------
    Case("duration text digits", "走访记录", {"时长(分钟)": "45"}, parsed={"时长(分钟)": 45}),
    Case("duration full-width", "走访记录", {"时长(分钟)": "４５"}, parsed={"时长(分钟)": 45}),
    Case(
        "duration with unit",
        "走访记录",
        {"时长(分钟)": "30分钟"},
        (E(WARN, "时长(分钟)", "单位", "30"),),
        parsed={"时长(分钟)": 30},
    ),
    Case(
        "duration too long",
        "走访记录",
        {"时长(分钟)": 700},
        (E(ERR, "时长(分钟)", "1 到 600", "1 到 600"),),
        parsed={"时长(分钟)": None},
    ),
    Case("duration zero", "走访记录", {"时长(分钟)": 0}, (E(ERR, "时长(分钟)", "超出范围"),)),
    Case("duration fraction", "走访记录", {"时长(分钟)": 12.7}, (E(ERR, "时长(分钟)", "整数", "13"),)),
    Case("duration words", "走访记录", {"时长(分钟)": "半小时"}, (E(ERR, "时长(分钟)", "不是数字", "阿拉伯数字"),)),
    Case("duration nan", "走访记录", {"时长(分钟)": float("nan")}, (E(ERR, "时长(分钟)", "不是数字"),)),
    Case(
        "visit interval out of range",
        "老人档案",
        {"走访间隔(天)": 1000},
        (E(ERR, "走访间隔(天)", "超出范围"),),
        parsed={"走访间隔(天)": None},
    ),
    Case(
        "hours decimal",
        "活动签到",
        {"服务时长(小时)": "1.5", "身份": "志愿者", "志愿者编号": "V002"},
        parsed={"服务时长(小时)": 1.5},
    ),
    Case("hours negative", "活动签到", {"服务时长(小时)": -2}, (E(ERR, "服务时长(小时)", "超出范围"),)),
    Case("fees paid more than due", "物业缴费", {"已缴户数": 4900}, (E(ERR, "已缴户数", "比应缴户数还多", "4860"),)),
    Case("fees thousands separator", "物业缴费", {"应缴户数": "4,860"}, parsed={"应缴户数": 4860}),
    # --- months ------------------------------------------------------------------------------------
    Case("month chinese", "物业缴费", {"月份": "2026年10月"}, parsed={"月份": "2026-10"}),
    Case("month slash", "物业缴费", {"月份": "2026/10"}, parsed={"月份": "2026-10"}),
    Case("month 13", "物业缴费", {"月份": "2026-13"}, (E(ERR, "月份", "没有 13 月", "2026-11"),)),
    Case("month ambiguous float", "物业缴费", {"月份": 2026.1}, (E(ERR, "月份", "1 月还是 10 月"),)),
    Case("month duplicated", "物业缴费", {"月份": "2026年9月"}, (E(ERR, "月份", "重复", "同一个月份"),)),
    # --- enums -------------------------------------------------------------------------------------
    Case(
        "enum typo 问侯",
        "走访记录",
        {"方式": "电话问侯"},
        (E(ERR, "方式", "不是“方式”的选项", "电话问候"),),
        parsed={"方式": None},
    ),
    Case("enum inner space", "走访记录", {"方式": "上门 走访"}, (E(ERR, "方式", "选项", "上门走访"),)),
    Case("enum outer space is fine", "走访记录", {"方式": " 上门走访 "}, parsed={"方式": "上门走访"}),
    Case("enum full-width digits", "投诉", {"渠道": "１２３４５热线"}, parsed={"渠道": "12345热线"}),
    Case("enum yes as Y", "走访记录", {"需跟进": "Y"}, (E(ERR, "需跟进", "选项", "“是”"),)),
    Case("enum no match lists options", "老人档案", {"性别": "未知"}, (E(ERR, "性别", "选项", "男、女"),)),
    Case("enum status typo", "需求登记", {"状态": "已解诀"}, (E(ERR, "状态", "选项", "已解决"),)),
    Case("required enum blank", "老人档案", {"关爱等级": None}, (E(ERR, "关爱等级", "必须填写"),)),
    # --- refs and ids ------------------------------------------------------------------------------
    Case(
        "ref short id",
        "走访记录",
        {"老人编号": "E12"},
        (E(ERR, "老人编号", "没有编号 E12", "E0012"),),
        parsed={"老人编号": None},
    ),
    Case("ref lower case", "走访记录", {"志愿者编号": "v001"}, (E(ERR, "志愿者编号", "没有编号", "V001"),)),
    Case("ref inner space", "走访记录", {"老人编号": "E 0012"}, (E(ERR, "老人编号", "没有编号", "E0012"),)),
    Case("ref stray outer space is trimmed", "走访记录", {"老人编号": " E0012 "}, parsed={"老人编号": "E0012"}),
    Case("ref unknown", "送餐排班", {"志愿者编号": "V999"}, (E(ERR, "志愿者编号", "没有编号 V999", "V001"),)),
    Case("ref activity", "活动签到", {"活动编号": "A1"}, (E(ERR, "活动编号", "没有编号", "A0001"),)),
    Case("id pattern", "老人档案", {"编号": "e50"}, (E(ERR, "编号", "格式不对", "E0001"),), parsed={"编号": "e50"}),
    Case("id duplicated", "志愿者", {"编号": "V002"}, (E(ERR, "编号", "重复", "换新编号"),)),
    Case("required name blank", "老人档案", {"姓名": ""}, (E(ERR, "姓名", "必须填写"),)),
    # --- rows and across tabs ------------------------------------------------------------------------
    Case(
        "closed request without date",
        "需求登记",
        {"解决日期": ""},
        (E(ERR, "解决日期", "没有填解决日期", "2026-11-29"),),
    ),
    Case("solved before registered", "需求登记", {"解决日期": "2026-10-30"}, (E(ERR, "解决日期", "比登记日期还早"),)),
    Case(
        "date filled but still open",
        "投诉",
        {"办结日期": "2026-11-20"},
        (E(WARN, "状态", "状态还是“处理中”", "已办结"),),
    ),
    Case("mediation closed without date", "纠纷调解", {"状态": "已化解"}, (E(ERR, "化解日期", "没有填化解日期"),)),
    Case(
        "follow-up before resolution",
        "纠纷调解",
        {"状态": "已化解", "化解日期": "2026-11-10", "回访日期": "2026-11-05"},
        (E(ERR, "回访日期", "比化解日期还早"),),
    ),
    Case("patrol fixed without date", "安全巡查", {"整改日期": None}, (E(ERR, "整改日期", "没有填整改日期"),)),
    Case(
        "living alone without emergency contact",
        "老人档案",
        {"紧急联系人": "", "紧急联系电话": ""},
        (E(ERR, "紧急联系人", "独居老人必须有紧急联系人"),),
    ),
    Case(
        "emergency contact without phone",
        "老人档案",
        {"类别": "失独", "紧急联系电话": None},
        (E(WARN, "紧急联系电话", "没有填他的电话"),),
    ),
    Case("empty-nest needs no emergency contact", "老人档案", {"类别": "空巢", "紧急联系人": "", "紧急联系电话": ""}),
    Case(
        "high care without buddy",
        "老人档案",
        {"关爱等级": "高", "结对志愿者": ""},
        (E(ERR, "结对志愿者", "必须有结对志愿者", "V001"),),
    ),
    Case("buddy has left", "老人档案", {"结对志愿者": "V003"}, (E(ERR, "结对志愿者", "V003 已经退出", "在岗"),)),
    Case("buddy paused", "老人档案", {"结对志愿者": "V004"}, (E(WARN, "结对志愿者", "暂停"),)),
    Case("contact for deceased elder", "走访记录", {"老人编号": "E0100"}, (E(WARN, "老人编号", "已故", "状态填错"),)),
    Case("old contact for deceased elder is fine", "走访记录", {"老人编号": "E0100", "日期": "2026-05-01"}),
    Case(
        "meal without open meal request",
        "送餐排班",
        {"老人编号": "E0001"},
        (E(WARN, "老人编号", "没有未完成的送餐需求", "需求登记"),),
    ),
    Case("past meal not checked", "送餐排班", {"老人编号": "E0001", "日期": "2026-11-01"}),
    Case("meal for deceased elder", "送餐排班", {"老人编号": "E0100"}, (E(WARN, "老人编号", "已故"),)),
    Case("loneliness partly answered", "走访记录", {"被冷落": ""}, (E(WARN, "被冷落", "只填了一部分"),)),
    # --- content / vandalism -------------------------------------------------------------------------
    Case(
        "casino advert",
        "老人档案",
        {"备注": "威尼斯赌场_澳门威尼斯赌场-【app*官网】"},
        (E(WARN, "备注", "赌博或广告", "删掉"),),
    ),
    Case("link", "投诉", {"摘要": "详情见 http://bad.example.top/x"}, (E(WARN, "摘要", "网址", "删掉"),)),
    Case("bare domain", "活动", {"名称": "扫码进 abc123.vip 领奖"}, (E(WARN, "名称", "网址"),)),
    Case(
        "advert with wechat number",
        "投诉",
        {"摘要": "专业疏通下水道 微信 13800001111"},
        (E(WARN, "摘要", "带电话的广告"),),
    ),
    Case("formula", "投诉", {"摘要": '=HYPERLINK("http://x")'}, (E(WARN, "摘要", "网址"),)),
    Case("formula plain", "老人档案", {"备注": "=SUM(A1:A3)"}, (E(WARN, "备注", "像公式", "开头的符号"),)),
    Case("at sign start", "老人档案", {"房号": "@3-201"}, (E(WARN, "房号", "像公式"),)),
    Case("html script", "活动", {"名称": "<script>alert(1)</script>"}, (E(WARN, "名称", "网页代码"),)),
    Case(
        "sensitive field vandalised",
        "走访记录",
        {"情况记录": "<img src=x onerror=alert(1)>"},
        (E(WARN, "情况记录", "网页代码"),),
    ),
    Case(
        "room auto-converted to a date",
        "老人档案",
        {"房号": dt.datetime(2026, 3, 2)},
        (E(WARN, "房号", "自动变成了日期"),),
    ),
    Case("email address in a note is not a link", "老人档案", {"备注": "女儿邮箱 chen@163.com"}),
    Case("chess room is a normal activity", "活动", {"名称": "棋牌室象棋比赛"}),
    Case("negative number text is not a formula", "老人档案", {"房号": "-1"}),
    # --- settings ----------------------------------------------------------------------------------
    Case(
        "setting not a number",
        "设置",
        {"项目": "孤独感阈值", "值": "六分"},
        (E(WARN, "值", "不是有效的孤独感阈值", "默认值"),),
    ),
    # --- headers (problems on the header row) ------------------------------------------------------
    Case(
        "header renamed 电话",
        "志愿者",
        {},
        (E(WARN, "联系电话", "找不到“联系电话”", "表头“电话”是不是“联系电话”"),),
        rename={"联系电话": "电话"},
    ),
    Case(
        "required header renamed",
        "老人档案",
        {},
        (E(ERR, "编号", "找不到“编号”", "老人编号"),),
        rename={"编号": "老人编号"},
    ),
    Case("header full-width and spaces still found", "走访记录", {}, rename={"时长(分钟)": " 时长（分钟） "}),
]


def tab_grid(title: str, headers: list[str], rows: list[dict[str, Any]]) -> list[list[Any]]:
    """A sheet grid: header row then rows in that header order; a volunteer's own extra column kept."""
    head = [*headers, "我的备注列"]
    return [head] + [[r.get(h) for h in headers] + ["随便写"] for r in rows]


def base_grids(
    schema: Any, extra: dict[str, list[dict[str, Any]]] | None = None, rename: dict[str, dict[str, str]] | None = None
) -> dict[str, list[list[Any]]]:
    """Every volunteer tab of the clean workbook as grids; columns of 老人档案 reversed (found by text)."""
    grids = {}
    for tab in schema.volunteer_tabs:
        headers = list(reversed(tab.headers)) if tab.title == "老人档案" else tab.headers
        grid = tab_grid(tab.title, headers, BASE[tab.title] + (extra or {}).get(tab.title, []))
        names = (rename or {}).get(tab.title, {})
        grid[0] = [names.get(h, h) for h in grid[0]]
        grids[tab.title] = grid
    return grids


def snapshot_of(grids: dict[str, list[list[Any]]], schema: Any) -> Any:
    """A Snapshot exactly as a backend builds it."""
    from functions.domain.table import build_table
    from functions.domain.workbook import Snapshot

    tables = {title: build_table(title, grid, schema[title]) for title, grid in grids.items()}
    return Snapshot(tables=tables, missing_tabs=[t.title for t in schema.volunteer_tabs if t.title not in tables])
