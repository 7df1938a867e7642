"""The job-test community with what the contact cards need: phones in 设置, a 网格员, cards not yet issued."""

from __future__ import annotations

from typing import Any

from functions.domain.schema import default_schema
from tests.support.job_community import community

SECRETARY_PHONE, SERVICE_PHONE = "13907316688", "0731-84561200"
RARE_VOLUNTEER = "张龑"  # 龑 (yǎn) is in neither GB 2312 nor 通用规范汉字表: the font lacks it
COMMON_RARE_ELDER = "喆"  # outside GB 2312, inside 通用规范汉字表: it prints


def _set(rows: list[list[Any]], title: str, key: str, header: str, value: Any) -> None:
    headers = default_schema()[title].headers
    for row in rows:
        if row[0] == key:
            row[headers.index(header)] = value


def card_community() -> dict[str, list[list[Any]]]:
    """E0001 card issued (buddy V001); E0002 未发放; E0003 blank, addressed as 秀英阿姨; V002 looks after 3栋."""
    rows = community()
    rows["设置"] += [["书记电话", "139 0731 6688", ""], ["社区服务电话", SERVICE_PHONE, ""]]
    _set(rows["老人档案"], "老人档案", "E0002", "联系卡", "未发放")
    _set(rows["老人档案"], "老人档案", "E0003", "联系卡", None)
    _set(rows["老人档案"], "老人档案", "E0003", "称呼", "秀英阿姨")
    _set(rows["老人档案"], "老人档案", "E0003", "结对志愿者", "V004")
    _set(rows["志愿者"], "志愿者", "V002", "负责楼栋", "3栋，9栋")
    headers = default_schema()["志愿者"].headers
    v004 = {"编号": "V004", "姓名": RARE_VOLUNTEER, "联系电话": "13612345678", "状态": "在岗"}
    rows["志愿者"].append([v004.get(h) for h in headers])
    _set(rows["老人档案"], "老人档案", "E0002", "姓名", f"李{COMMON_RARE_ELDER}")
    return rows
