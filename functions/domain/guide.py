"""The rows of the 说明 and 设置 tabs a new workbook starts with, the same on every backend."""

from __future__ import annotations

from typing import Any

from functions.domain.schema import Schema, TabSchema, default_schema
from functions.domain.tabs import CARDS, GUIDE, METRICS, SETTINGS

GUIDE_INTRO = (
    "这个工作簿是“三有”关爱工作的共用台账，大家一起填，系统每天夜里自动检查、提醒。\n"
    "1. 标签是白色的表由志愿者填写；标签是灰色的表（问题清单、提醒、月度指标、运行记录、说明、联系卡记录）"
    "由系统自动生成，每天夜里整张重写，请不要在里面改内容。\n"
    "2. 把鼠标停在表头上，能看到这一列怎么填；带下拉箭头的列，请从下拉框里选。\n"
    "3. 每天看一眼“问题清单”：按“建议”把原表改好，第二天这条问题会自动消失。\n"
    "4. “提醒”的颜色：红色＝已严重逾期，已报告书记；橙色＝请尽快处理；黄色＝请按时处理。"
    "处理以后在“处理情况”一列写上做了什么——这是系统表里唯一可以填写的一列，会一直保留。\n"
    "5. “月度指标”每月一行，最新的月份在最上面，折线图在表格右边。\n"
    "6. “设置”里的值可以改；某一项删掉或空着，就按默认值。\n"
    "7. 健康备注、纠纷当事人和情况等敏感信息只留在表里，不会出现在邮件里。"
)


def guide_how(tab: TabSchema) -> str:
    """The 怎么用 text of one tab in the 说明 tab."""
    if tab.title == GUIDE:
        return GUIDE_INTRO
    if not tab.system_owned:
        return f"{tab.description}\n志愿者直接在表里填写、修改。列：{'、'.join(tab.headers)}"
    keep = "（只有“处理情况”一列可以填写）" if any(f.editable for f in tab.fields) else "，请不要在这里改内容"
    when = {METRICS: "每月初", CARDS: "每月初", GUIDE: "新建工作簿时"}.get(tab.title, "每天")
    return f"{tab.description}\n系统{when}自动重写这张表{keep}。"


def guide_rows(schema: Schema | None = None) -> list[list[str]]:
    """The 说明 tab: one row per tab (工作表 · 谁来填 · 怎么用)."""
    schema = schema or default_schema()
    return [[tab.title, "系统自动" if tab.system_owned else "志愿者", guide_how(tab)] for tab in schema]


def settings_rows(schema: Schema | None = None) -> list[list[Any]]:
    """The 设置 tab's default rows (项目 · 值 · 说明) from the schema."""
    schema = schema or default_schema()
    return [[s["key"], s["default"], s["help"]] for s in schema[SETTINGS].settings]
