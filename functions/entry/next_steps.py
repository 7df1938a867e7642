"""What `init` tells a new community to do next: the 设置 rows to fill first, then data, then the daily run."""

from __future__ import annotations

from functions.domain.settings import SETTINGS_TAB, parse_settings, unfilled
from functions.domain.tabs import ELDERS, VOLUNTEERS
from functions.domain.workbook import Workbook


def next_steps(workbook: Workbook) -> list[str]:
    """Numbered Chinese lines for after init; the 设置 step names only what is still empty."""
    snapshot = workbook.read()
    empty = unfilled(parse_settings(snapshot.rows(SETTINGS_TAB)))
    where = workbook.location
    steps = []
    if empty:
        steps.append(
            f"打开工作簿，先在“设置”表的“值”一列填上：{'、'.join(empty)}（社区名称、常住人口和书记邮箱最要紧）。"
        )
    if not any(snapshot.rows(t) for t in (VOLUNTEERS, ELDERS)):
        steps.append("在“志愿者”和“老人档案”里填上几行（把鼠标停在表头上能看到每一列怎么填）。")
    steps.append(f"检查填得对不对：python -m functions validate --workbook {where}，然后看“问题清单”。")
    steps.append(
        f"每天早上自动运行：python -m functions nightly --workbook {where}（cron 或 systemd 定时，见 README 开头）。"
    )
    steps.append("第一次打开工作簿时先看“说明”表。")
    return ["", "下一步："] + [f"  {n}. {line}" for n, line in enumerate(steps, 1)]
