"""Naming a Feishu workbook: feishu:TOKEN and pasted Feishu / Lark URLs everywhere, credentials from the env."""

from __future__ import annotations

import pytest

from functions.domain.feishu_url import FeishuSpecError, parse_feishu_spec
from functions.entry.cli import main
from functions.entry.config import ConfigError, feishu_app, load_config, normalise_workbook_spec
from tests.support import TODAY
from tests.support.backends import make_feishu
from tests.support.job_community import community

TOKEN = "shtcnmBA6lPAp9ie3hHFl7k5dxd"


@pytest.mark.parametrize(
    "spec",
    [
        f"feishu:{TOKEN}",
        f"https://sample.feishu.cn/sheets/{TOKEN}",
        f"https://sample.feishu.cn/sheets/{TOKEN}?sheet=0b6377",
        f"https://example.larksuite.com/sheets/{TOKEN}?sheet=Q7PlXT&range=QTE3",
        f"https://x3d9.larkoffice.com/sheets/{TOKEN}#abc",
        f"  feishu:https://sample.feishu.cn/sheets/{TOKEN}  ",
    ],
)
def test_every_feishu_form_names_the_spreadsheet_token(spec):
    assert parse_feishu_spec(spec) == TOKEN
    assert normalise_workbook_spec(spec) == f"feishu:{TOKEN}"


def test_other_addresses_are_not_taken_for_feishu():
    assert (
        parse_feishu_spec("https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/edit") is None
    )
    assert parse_feishu_spec("/home/shuji/三有.xlsx") is None
    assert parse_feishu_spec("https://sample.feishu.cn/docx/AbCdEfGhIjKlMnOp") is None


def test_a_wiki_link_says_to_copy_the_sheet_link_instead():
    with pytest.raises(FeishuSpecError, match="知识库"):
        parse_feishu_spec(f"https://sample.feishu.cn/wiki/{TOKEN}")
    with pytest.raises(ValueError, match="token"):
        normalise_workbook_spec("feishu:abc")


def test_communities_on_feishu_need_the_app_credentials():
    env = {"COMMUNITIES": f"https://sample.feishu.cn/sheets/{TOKEN},gsheets:1AbCdEfGhIjKlMnOpQrStUvWxYz0"}
    with pytest.raises(ConfigError, match="FEISHU_APP_ID"):
        load_config(env)
    config = load_config(dict(env, FEISHU_APP_ID="cli_a1", FEISHU_APP_SECRET="s3cret", FEISHU_BASE_URL="lark"))
    assert config.communities[0] == f"feishu:{TOKEN}"
    assert config.feishu.base_url == "https://open.larksuite.com" and config.feishu.app_id == "cli_a1"
    with pytest.raises(ConfigError, match="FEISHU_BASE_URL"):
        load_config({"FEISHU_BASE_URL": "open.feishu.cn/api"})
    assert feishu_app({"FEISHU_APP_ID": "cli_a1"}) is None
    assert feishu_app({"FEISHU_APP_ID": "a", "FEISHU_APP_SECRET": "b"}).base_url == "https://open.feishu.cn"


def test_the_command_line_runs_a_night_on_a_pasted_feishu_url(
    feishu_fake, _feishu_template, tmp_path, capsys, monkeypatch
):
    monkeypatch.delenv("SMTP_HOST", raising=False)
    workbook = make_feishu(feishu_fake, _feishu_template, community())
    url = f"https://sanyou.feishu.cn/sheets/{workbook.spreadsheet_id}?sheet=abc"
    code = main(["nightly", "--workbook", url, "--today", TODAY.isoformat(), "--outbox", str(tmp_path)])
    assert code == 0
    assert any(r and r[0] == "红" for r in feishu_fake.values(workbook.spreadsheet_id, "提醒"))
    feishu_fake.forbid(workbook.spreadsheet_id)
    assert main(["validate", "--workbook", url]) == 1
    err = capsys.readouterr().err
    assert "添加文档应用" in err and len([line for line in err.splitlines() if "协作者" in line]) == 1
