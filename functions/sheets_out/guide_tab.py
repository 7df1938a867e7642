"""The 说明 tab (the first tab a newcomer sees): the steps, one per row, then one row per tab."""

from __future__ import annotations

from functions.domain.schema import Schema, TabSchema, default_schema
from functions.domain.tabs import ALERTS, CARDS, ELDERS, GUIDE, METRICS, PROBLEMS, RUNLOG, SETTINGS, VISIT_LEDGER
from functions.sheets_out.wrap import wrap_after_punctuation

GUIDE_TAB = GUIDE
# (the tab a step is about, shown as a link to it; the step). One short step per row: nothing to clip.
GUIDE_STEPS: tuple[tuple[str, str], ...] = (
    (GUIDE, "这是“三有”关爱工作的共用台账：大家一起填，系统每天夜里自动检查、提醒。"),
    (SETTINGS, "新社区先在“设置”里填：社区名称、常住人口、总户数、书记邮箱。其他各项有默认值，可以以后再改。"),
    (
        ELDERS,
        "白色标签的表由志愿者填写。鼠标停在表头上能看到这一列怎么填，有下拉箭头的请从中选。",
    ),
    (PROBLEMS, "每天看一眼“问题清单”：按“建议”把原表改好，第二天这条问题会自动消失。"),
    (ALERTS, "“提醒”的颜色：红色＝已严重逾期，已报告书记；橙色＝请尽快处理；黄色＝请按时处理。"),
    (ALERTS, "点“提醒”表头的筛选按钮，可以只看自己负责的、或只看红色的。"),
    (ALERTS, "处理以后在“处理情况”一列写上做了什么——这是系统表里唯一可以填写的一列，会一直保留。"),
    (METRICS, "“月度指标”每月一行，最新的月份在最上面，折线图在表格右边。"),
    (RUNLOG, "灰色标签的表由系统每天夜里整张重写，请不要在里面改内容；“运行记录”记着每次运行和发信。"),
    (ELDERS, "健康备注、纠纷当事人和情况等敏感信息只留在表里，不会出现在邮件里。"),
)


def guide_how(tab: TabSchema) -> str:
    """The 怎么用 text of one tab."""
    if not tab.system_owned:
        return f"{tab.description}\n志愿者直接在表里填写、修改。列：{'、'.join(tab.headers)}"
    keep = "（只有“处理情况”一列可以填写）" if any(f.editable for f in tab.fields) else "，请不要在这里改内容"
    when = {METRICS: "每月初", CARDS: "每月初", VISIT_LEDGER: "每月初", GUIDE: "新建工作簿时"}.get(tab.title, "每天")
    return f"{tab.description}\n系统{when}自动重写这张表{keep}。"


def guide_rows(schema: Schema | None = None) -> list[list[str]]:
    """The 说明 rows (工作表 · 谁来填 · 怎么用): the numbered steps, then one row per tab (说明 itself left out)."""
    schema = schema or default_schema()
    steps = [[tab, f"第 {n} 步", text] for n, (tab, text) in enumerate(GUIDE_STEPS, 1)]
    width = schema[GUIDE_TAB].field("怎么用").width
    tabs = [
        [
            tab.title,
            "系统自动" if tab.system_owned else "志愿者",
            "\n".join(wrap_after_punctuation(line, width) for line in guide_how(tab).split("\n")),
        ]
        for tab in schema
        if tab.title != GUIDE_TAB
    ]
    return steps + tabs


def guide_links(schema: Schema | None = None) -> dict[int, str]:
    """0-based data row → the tab its 工作表 cell links to (every row naming a tab other than 说明)."""
    titles = set((schema or default_schema()).tabs) - {GUIDE_TAB}
    return {i: row[0] for i, row in enumerate(guide_rows(schema)) if row[0] in titles}
