"""The sheet schema: every tab of the contract, exact headers, and clear errors for malformed files."""

import subprocess
import sys
from pathlib import Path

import pytest

from functions.domain.schema import SCHEMA_DIR, SchemaError, compile_schema, load_schema
from functions.domain.schema_files import COMPILED

CONTRACT = {
    "老人档案": (
        "编号 姓名 性别 出生日期 楼栋 房号 联系电话 紧急联系人 紧急联系电话 类别 关爱等级 走访间隔(天) 结对志愿者 "
        "联系卡 状态 暂停至 健康备注 备注"
    ),
    "志愿者": "编号 姓名 联系电话 邮箱 党员 服务队 状态 加入日期",
    "走访记录": "日期 老人编号 志愿者编号 方式 时长(分钟) 缺少陪伴 被冷落 与人隔绝 情况记录 需跟进",
    "需求登记": "编号 登记日期 老人编号 求助人 类型 描述 负责人 状态 解决日期",
    "送餐排班": "日期 老人编号 志愿者编号 餐次 已送达",
    "活动": "编号 日期 名称 类别 对象 组织者 参与人数",
    "活动签到": "活动编号 姓名 联系电话 身份 志愿者编号 服务时长(小时)",
    "纠纷调解": "编号 登记日期 类型 楼栋 当事人 调解人 状态 化解日期 回访日期 情况",
    "安全巡查": "编号 发现日期 类型 位置 发现人 通知物业日期 整改日期 状态",
    "投诉": "编号 日期 渠道 类别 摘要 状态 办结日期",
    "物业缴费": "月份 应缴户数 已缴户数",
    "设置": "项目 值 说明",
    "问题清单": "级别 工作表 行号 列 当前值 问题 建议 首次发现",
}


def test_every_contract_tab_has_exactly_its_headers():
    schema = load_schema()
    for title, headers in CONTRACT.items():
        assert schema[title].headers[: len(headers.split())] == headers.split(), title
    assert {t.title for t in schema.system_tabs} == {
        "问题清单",
        "提醒",
        "月度指标",
        "探访台账",
        "运行记录",
        "说明",
        "联系卡记录",
        "归档摘要",
    }
    assert schema["提醒"].headers[:10] == "级别 类型 对象编号 对象 楼栋 负责人 原因 逾期天数 首次提醒 处理情况".split()
    assert schema["运行记录"].headers[:4] == ["时间", "任务", "结果", "摘要"]


def test_enums_refs_and_sensitive_fields_follow_the_contract():
    schema = load_schema()
    assert schema["走访记录"].field("方式").enum == ("上门走访", "电话问候", "节日慰问", "困难帮扶", "送餐", "陪同就医")
    assert schema["老人档案"].field("结对志愿者").ref == ("志愿者", "编号")
    assert schema["活动签到"].field("活动编号").ref == ("活动", "编号")
    sensitive = {(t.title, f.name) for t in schema for f in t.fields if f.sensitive}
    assert sensitive == {
        ("老人档案", "健康备注"),
        ("走访记录", "情况记录"),
        ("需求登记", "描述"),
        ("纠纷调解", "当事人"),
        ("纠纷调解", "情况"),
    }
    for tab in schema:
        for f in tab.fields:
            assert f.help and 2 <= f.width <= 120


def _write(tmp_path: Path, name: str, text: str) -> Path:
    for source in SCHEMA_DIR.glob("*.yaml"):
        (tmp_path / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: x\ntitle: X\nowner: nobody\ndescription: d\nfields: [{name: a, type: text, help: h}]", "owner"),
        ("name: x\ntitle: X\nowner: system\ndescription: d\nfields: [{name: a, type: txt, help: h}]", "field 'a'.type"),
        (
            "name: x\ntitle: X\nowner: system\ndescription: d\nfields: [{name: a, type: enum, help: h}]",
            "constraints.enum",
        ),
        ("name: x\ntitle: X\nowner: system\ndescription: d\nfields: [{name: a, type: text}]", "field 'a'.help"),
        ("name: x\ntitle: X\nowner: system\ndescription: d\nfields: [{name: a, type: ref, help: h}]", "foreignKeys"),
        (
            "name: x\ntitle: X\nowner: system\ndescription: d\nfields:\n - {name: a, type: text, help: h}\n"
            " - {name: a, type: text, help: h}",
            "duplicated header",
        ),
        (
            "name: x\ntitle: X\nowner: system\ndescription: d\nfields: [{name: a, type: text, help: h, "
            "constraints: {pattern: '(['}}]",
            "pattern",
        ),
        ("name: x\ntitle: X\nowner: system\nfields: [{name: a, type: text, help: h}]", "description"),
        ("name: [unclosed", "not valid YAML"),
    ],
)
def test_a_malformed_schema_file_names_the_file_and_the_field(tmp_path, text, expected):
    directory = _write(tmp_path, "zz_broken.yaml", text)
    with pytest.raises(SchemaError) as info:
        load_schema(directory)
    assert str(info.value).startswith("zz_broken.yaml")
    assert expected in str(info.value)


def test_a_reference_to_an_unknown_tab_is_an_error(tmp_path):
    text = (
        "name: x\ntitle: X\nowner: volunteers\ndescription: d\nforeignKeys:\n"
        "  - {fields: a, reference: {resource: 不存在, fields: 编号}}\nfields: [{name: a, type: ref, help: h}]"
    )
    with pytest.raises(SchemaError, match="unknown tab '不存在'"):
        load_schema(_write(tmp_path, "zz_ref.yaml", text))


def _copy_of_the_schema(tmp_path: Path) -> Path:
    for source in SCHEMA_DIR.glob("*.yaml"):
        (tmp_path / source.name).write_bytes(source.read_bytes())
    return tmp_path


def test_the_compiled_copy_loads_the_same_schema_without_yaml(tmp_path):
    directory = _copy_of_the_schema(tmp_path)
    from_yaml = load_schema(directory)
    assert compile_schema(directory)
    assert oct((directory / COMPILED).stat().st_mode & 0o777) == "0o644"
    script = (
        "import sys; from pathlib import Path; from functions.domain.schema import load_schema; "
        f"schema = load_schema(Path({str(directory)!r})); print('yaml' in sys.modules, repr(schema))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == f"False {from_yaml!r}"


def test_an_edited_schema_file_is_read_again_not_taken_from_an_older_copy(tmp_path):
    directory = _copy_of_the_schema(tmp_path)
    assert compile_schema(directory)
    elders = directory / "elders.yaml"
    text = elders.read_text(encoding="utf-8")
    elders.write_text(text.replace("name: 出生日期", "name: 生日"), encoding="utf-8")
    assert "生日" in load_schema(directory)["老人档案"].headers
    elders.write_text("name: [unclosed", encoding="utf-8")
    with pytest.raises(SchemaError, match="elders.yaml: not valid YAML"):
        load_schema(directory)


def test_a_damaged_or_foreign_copy_is_ignored(tmp_path):
    directory = _copy_of_the_schema(tmp_path)
    expected = repr(load_schema(directory))
    for junk in ("{not json", '{"sources": "0", "files": []}', "[]", '{"sources": null}'):
        (directory / COMPILED).write_text(junk, encoding="utf-8")
        assert repr(load_schema(directory)) == expected


def test_contents_json_cannot_hold_exactly_are_not_compiled(tmp_path):
    directory = _copy_of_the_schema(tmp_path)
    signins = directory / "signins.yaml"
    signins.write_text(signins.read_text(encoding="utf-8") + "\nsince: 2026-01-01\n", encoding="utf-8")
    assert not compile_schema(directory)  # YAML reads a date there, which JSON would turn into text
    assert not (directory / COMPILED).exists()
