"""A realistic day in a small corner of the community, shared by the digest and mail tests (no tests here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from functions.domain.model import Alert, Parsed, Record
from functions.domain.settings import Settings, parse_settings
from functions.domain.table import Row
from tests.support.records import complete

SAMPLE_TODAY = dt.date(2026, 10, 14)  # four days before 重阳 (2026-10-18): the festival window is open
SCRIPT = '<script>alert("x")</script>'
D = dt.date


def records(headers: str, *lines: tuple) -> list[Record]:
    """Records numbered from sheet row 2, values keyed by the space-separated headers."""
    names = headers.split()
    return [Record(number=i + 2, values=dict(zip(names, line, strict=True))) for i, line in enumerate(lines)]


def sample_parsed() -> Parsed:
    """老人档案, 志愿者, 走访记录, 需求登记, 送餐排班, 纠纷调解, 安全巡查 with sensitive texts filled in."""
    eh = (
        "编号 姓名 性别 出生日期 楼栋 房号 联系电话 紧急联系人 紧急联系电话 类别 关爱等级 走访间隔(天) 结对志愿者 "
        "联系卡 状态 暂停至 健康备注 备注"
    )
    vh = "编号 姓名 联系电话 邮箱 党员 服务队 状态 加入日期"
    ch = "日期 老人编号 志愿者编号 方式 时长(分钟) 缺少陪伴 被冷落 与人隔绝 情况记录 需跟进"
    return complete(
        {
            "老人档案": records(
                eh,
                (
                    "E0001",
                    "王秀英",
                    "女",
                    D(1944, 3, 5),
                    "3栋",
                    "2-301",
                    "13812345678",
                    "王磊",
                    "13911112222",
                    "独居",
                    "高",
                    None,
                    "V001",
                    "已发放",
                    "在家",
                    None,
                    "白内障术后恢复中需陪同复查",
                    "喜欢听戏",
                ),
                (
                    "E0002",
                    "李建国",
                    "男",
                    D(1938, 7, 1),
                    "5栋",
                    "1-102",
                    "13987654321",
                    "邻居陈阿姨",
                    "13700002222",
                    "失独",
                    "高",
                    None,
                    "V001",
                    "已发放",
                    "在家",
                    None,
                    "高血压每日服药两次",
                    None,
                ),
                (
                    "E0003",
                    "张桂兰",
                    "女",
                    D(1945, 1, 9),
                    "3栋",
                    "1-501",
                    "13700001111",
                    "张敏",
                    "13600003333",
                    "孤寡",
                    "中",
                    None,
                    "V002",
                    "已发放",
                    "在家",
                    None,
                    "轻度认知障碍容易走失",
                    None,
                ),
                (
                    "E0004",
                    "陈玉珍",
                    "女",
                    D(1950, 6, 6),
                    "8栋",
                    "3-202",
                    "13500004444",
                    "陈涛",
                    "13500005555",
                    "空巢",
                    "低",
                    None,
                    "V003",
                    "未发放",
                    "在家",
                    None,
                    None,
                    None,
                ),
                (
                    "E0005",
                    "周福生",
                    "男",
                    D(1932, 2, 2),
                    "12栋",
                    "2-1101",
                    "13300006666",
                    "周红",
                    "13300007777",
                    "高龄",
                    "中",
                    None,
                    "V002",
                    "已发放",
                    "住院",
                    D(2026, 10, 20),
                    "股骨骨折住院治疗",
                    None,
                ),
            ),
            "志愿者": records(
                vh,
                ("V001", "刘芳", "13600001234", "liufang@example.cn", "是", "金芙蓉志愿队", "在岗", D(2021, 5, 1)),
                ("V002", "陈伟", "13600005678", "chenwei@example.cn", "是", "金芙蓉志愿队", "在岗", D(2022, 3, 1)),
                ("V003", "孙丽", "13600009999", None, "否", "网格微家", "在岗", D(2023, 9, 1)),
                ("V004", "吴强", "13600002468", "wuqiang@example.cn", "否", "网格微家", "暂停", D(2020, 1, 1)),
            ),
            "走访记录": records(
                ch,
                (D(2026, 10, 8), "E0002", "V001", "电话问候", 10, None, None, None, "老人说最近总是睡不着", "否"),
                (
                    D(2026, 10, 12),
                    "E0001",
                    "V001",
                    "节日慰问",
                    40,
                    "有时",
                    "几乎没有",
                    "有时",
                    "送了重阳糕老人很高兴",
                    "否",
                ),
                (
                    D(2026, 10, 13),
                    "E0003",
                    "V002",
                    "上门走访",
                    30,
                    "经常",
                    "经常",
                    "有时",
                    "子女很少来电情绪低落",
                    "是",
                ),
                (D(2026, 10, 13), "E0004", "V003", "电话问候", 5, None, None, None, "一切正常", "否"),
                (D(2026, 10, 1), "E0003", "V002", "电话问候", 5, None, None, None, "身体还行", "否"),
            ),
            "需求登记": records(
                "编号 登记日期 老人编号 求助人 类型 描述 负责人 状态 解决日期",
                (
                    "R0001",
                    D(2026, 10, 9),
                    "E0001",
                    "本人",
                    "就医",
                    "需要陪同去眼科医院复查白内障",
                    "V001",
                    "处理中",
                    None,
                ),
                ("R0002", D(2026, 10, 10), "E0004", "子女", "维修", "厨房水管漏水淹到楼下", "V003", "待处理", None),
                (
                    "R0003",
                    D(2026, 9, 1),
                    "E0002",
                    "本人",
                    "代办",
                    "代办医保卡补办手续",
                    "V001",
                    "已解决",
                    D(2026, 9, 5),
                ),
                (
                    "R0004",
                    D(2026, 10, 1),
                    "E0001",
                    "子女",
                    "送餐",
                    "白内障术后行动不便，需要送午餐和晚餐",
                    "V001",
                    "处理中",
                    None,
                ),
            ),
            "送餐排班": records(
                "日期 老人编号 志愿者编号 餐次 已送达",
                (D(2026, 10, 14), "E0001", "V001", "午餐", "否"),
                (D(2026, 10, 15), "E0001", None, "午餐", None),
                (D(2026, 10, 15), "E0001", "V001", "晚餐", None),
                (D(2026, 10, 20), "E0001", None, "午餐", None),
            ),
            "纠纷调解": records(
                "编号 登记日期 类型 楼栋 当事人 调解人 状态 化解日期 回访日期 情况",
                (
                    "M0001",
                    D(2026, 9, 1),
                    "家庭暴力",
                    "3栋",
                    "赵某与其丈夫",
                    "V002",
                    "调解中",
                    None,
                    None,
                    "丈夫酒后动手已报警",
                ),
                (
                    "M0002",
                    D(2026, 9, 20),
                    "噪音扰民",
                    "5栋",
                    "1-102与2-102住户",
                    "V001",
                    "已化解",
                    D(2026, 10, 1),
                    None,
                    "夜间装修噪音双方已和解",
                ),
            ),
            "安全巡查": records(
                "编号 发现日期 类型 位置 发现人 通知物业日期 整改日期 状态",
                ("P0001", D(2026, 10, 5), "飞线充电", "12栋" + SCRIPT, "V001", D(2026, 10, 6), None, "待整改"),
            ),
        }
    )


def sample_alerts() -> list[Alert]:
    """What the alerts step would produce for this day."""
    return [
        Alert(
            "红",
            "问候逾期",
            "E0002",
            "李建国",
            "5栋",
            "刘芳(V001)",
            "关爱等级高，已 6 天没有问候（要求 2 天一次）",
            4,
            owner_id="V001",
            source_tab="老人档案",
            source_row=3,
        ),
        Alert(
            "红",
            "纠纷超期",
            "M0001",
            "M0001",
            "",
            "陈伟(V002)",
            "纠纷 M0001 调解已超过 30 天",
            13,
            owner_id="V002",
            source_tab="纠纷调解",
            source_row=2,
        ),
        Alert(
            "橙",
            "走访逾期",
            "E0003",
            "张桂兰",
            "3栋",
            "陈伟(V002)",
            "已 13 天没有上门走访（要求 14 天一次）",
            1,
            owner_id="V002",
            source_tab="老人档案",
            source_row=4,
        ),
        Alert(
            "橙",
            "巡查整改超期",
            "P0001",
            "12栋" + SCRIPT,
            "12栋",
            "刘芳(V001)",
            "通知物业已 8 天仍未整改",
            1,
            owner_id="V001",
            source_tab="安全巡查",
            source_row=2,
        ),
        Alert(
            "黄",
            "需求超期",
            "R0002",
            "求助 R0002",
            "8栋",
            "孙丽(V003)",
            "求助 R0002（维修）待处理已 4 天",
            1,
            owner_id="V003",
            source_tab="需求登记",
            source_row=3,
        ),
        Alert(
            "黄",
            "送餐缺口",
            "E0001",
            "王秀英",
            "3栋",
            "书记",
            "10月15日午餐还没人认领",
            0,
            due="2026-10-15午餐",
            source_tab="送餐排班",
            source_row=3,
        ),
    ]


def sample_problem_rows() -> list[list]:
    """问题清单 as written: 级别 工作表 行号 列 当前值 问题 建议 首次发现."""
    rows = [
        [
            "错误",
            "老人档案",
            5,
            "出生日期",
            "2025-13-01",
            "“2025-13-01”不是有效日期：没有 13 月",
            "改成正确的日期，如 1942-03-05",
            D(2026, 10, 1),
        ],
        [
            "警告",
            "活动签到",
            12,
            "姓名",
            SCRIPT,
            f"“{SCRIPT}”看起来不是正常内容，可能被人乱填",
            "请核对后删除",
            D(2026, 10, 13),
        ],
        [
            "警告",
            "老人档案",
            2,
            "健康备注",
            "白内障术后恢复中需陪同复查 http://x.cn",
            "“白内障术后恢复中需陪同复查 http://x.cn”里有网址",
            "请删除网址",
            D(2026, 10, 10),
        ],
    ]
    rows += [
        ["警告", "走访记录", 20 + i, "时长(分钟)", "900", "“900”超过 600 分钟", "填 1 到 600", D(2026, 10, 14)]
        for i in range(12)
    ]
    return rows


def sample_settings(secretaries: str = "shuji@example.cn") -> Settings:
    """设置 with the community's name and the secretary's address."""
    return parse_settings(
        [Row(2, {"项目": "社区名称", "值": "芙蓉里小区"}), Row(3, {"项目": "书记邮箱", "值": secretaries})]
    )


def sample_link(title: str, row: int | None) -> str | None:
    """A Google Sheets style deep link."""
    return f"https://docs.google.com/spreadsheets/d/TESTID/edit#gid=0&range=A{row}" if row else None


@dataclass
class Night:
    """Everything compose_digests takes."""

    alerts: list[Alert]
    problem_rows: list[list]
    parsed: Parsed
    settings: Settings
    today: dt.date = SAMPLE_TODAY


def sample_night(secretaries: str = "shuji@example.cn") -> Night:
    """The sample day."""
    return Night(sample_alerts(), sample_problem_rows(), sample_parsed(), sample_settings(secretaries))
