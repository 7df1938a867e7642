"""The digests as people read them: what the secretary and each volunteer see, and what they never see."""

from __future__ import annotations

from functions.digest.render import compose_digests
from functions.domain.privacy import mask_phone, sensitive_texts
from tests.support.digest_sample import SAMPLE_TODAY as TODAY
from tests.support.digest_sample import SCRIPT, sample_link, sample_night, sample_settings

WORKBOOK = "https://docs.google.com/spreadsheets/d/TESTID/edit"


def _compose(night=None):
    night = night or sample_night()
    return night, compose_digests(
        night.alerts, night.problem_rows, night.parsed, night.settings, night.today, sample_link, WORKBOOK
    )


def _by_to(mails):
    return {m.to: m for m in mails}


def test_secretary_subject_counts_and_red_alerts_first():
    _, mails = _compose()
    sec = _by_to(mails)["shuji@example.cn"]
    assert sec.subject == "【三有】芙蓉里小区 10月14日：红 2 · 橙 2 · 黄 2"
    text = sec.text
    late = text.index("== 已经逾期 ==")
    assert late < text.index("纠纷 M0001 调解已超过 30 天") < text.index("全部提醒")
    assert "负责人 刘芳(V001)" in text
    assert sample_link("老人档案", 3) in text and 'href="' + sample_link("老人档案", 3) in sec.html.replace(
        "&amp;", "&"
    )
    assert "重阳慰问" in text and "已慰问 1 位" in text  # only E0001 had a 节日慰问 since 10-11
    assert "10月15日 周四 午餐 · 王秀英" in text  # the unclaimed meal of tomorrow
    assert "记录联系 2 次，2 位志愿者联系了 2 位老人" in text
    assert "张桂兰（E0003 · 3栋）10月13日" in text  # yesterday's 需跟进


def test_quiet_day_still_sends_the_secretary_a_digest():
    night = sample_night("shuji@example.cn, fuze@example.cn")
    night.alerts, night.problem_rows = [], []
    _, mails = _compose(night)
    secretaries = [m for m in mails if m.kind == "secretary"]
    assert {m.to for m in secretaries} == {"shuji@example.cn", "fuze@example.cn"}
    assert all("今天没有要书记处理的事项" in m.text and "今天没有要书记处理的事项" in m.html for m in secretaries)
    assert secretaries[0].subject.endswith("红 0 · 橙 0 · 黄 0")


def test_problems_errors_first_ten_shown_and_sensitive_cells_hidden():
    _, mails = _compose()
    text = _by_to(mails)["shuji@example.cn"].text
    assert "表格问题 15 个（错误 1 个）" in text and "走访记录 12 · 老人档案 2 · 活动签到 1" in text
    assert text.index("[错误] 老人档案 第 5 行") < text.index("[警告]")
    assert "已存在 13 天" in text and "另有 12 个问题" in text  # the worst three; volunteers hear of their own
    assert "白内障" not in text  # a problem in 健康备注 does not quote the cell


def test_no_sensitive_text_in_any_mail_and_phones_masked_for_the_secretary():
    night, mails = _compose()
    secrets = sensitive_texts(night.parsed)
    assert "丈夫酒后动手已报警" in secrets and "需要陪同去眼科医院复查白内障" in secrets
    for mail in mails:
        for part in (mail.subject, mail.text, mail.html):
            assert not [s for s in secrets if s in part], mail.identity
            assert "家庭暴力" not in part and "赵某" not in part
    sec = _by_to(mails)["shuji@example.cn"]
    assert mask_phone("13987654321") == "139****4321" and "139****4321" in sec.text
    assert "13987654321" not in sec.text + sec.html


def test_html_escapes_cells_and_text_part_keeps_them_readable():
    _, mails = _compose()
    for mail in mails:
        assert "<script>" not in mail.html
    sec, vol = _by_to(mails)["shuji@example.cn"], _by_to(mails)["liufang@example.cn"]
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in sec.html
    assert "12栋&lt;script&gt;" in vol.html and "12栋" + SCRIPT in vol.text


def test_volunteers_get_only_their_own_elders_with_full_phone_and_address():
    _, mails = _compose()
    by_to = _by_to(mails)
    assert set(by_to) == {"shuji@example.cn", "liufang@example.cn", "chenwei@example.cn"}  # 孙丽 has no 邮箱, 吴强 暂停
    liu = by_to["liufang@example.cn"]
    assert "5栋 1-102 · 电话 13987654321" in liu.text and "3栋 2-301 · 电话 13812345678" in liu.text
    assert "张桂兰" not in liu.text and "13700001111" not in liu.text  # 陈伟's elder
    assert "10月15日 周四 晚餐 · 王秀英" in liu.text and "10月14日 周三 午餐" in liu.text
    assert "R0001 就医 · 处理中" in liu.text and "R0002" not in liu.text
    assert "M0002 噪音扰民 · 5栋 · 已化解，待回访" in liu.text
    chen = by_to["chenwei@example.cn"]
    assert "3栋 1-501 · 电话 13700001111" in chen.text and "王秀英" not in chen.text
    assert "- M0001 · 请到表中查看" in chen.text  # a 家庭暴力 case: its 编号 only
    assert "周福生" not in chen.text  # in hospital until 10-20: nothing due


def test_volunteer_without_anything_due_gets_no_mail():
    night = sample_night()
    night.alerts = [a for a in night.alerts if a.owner_id != "V002"]
    night.parsed["纠纷调解"] = [m for m in night.parsed["纠纷调解"] if m["调解人"] != "V002"]
    night.parsed["老人档案"] = [e for e in night.parsed["老人档案"] if e["结对志愿者"] != "V002"]
    _, mails = _compose(night)
    assert "chenwei@example.cn" not in _by_to(mails)


def test_identity_is_date_kind_recipient():
    _, mails = _compose()
    assert {m.identity for m in mails} == {
        f"{TODAY.isoformat()}|secretary|shuji@example.cn",
        f"{TODAY.isoformat()}|volunteer|liufang@example.cn",
        f"{TODAY.isoformat()}|volunteer|chenwei@example.cn",
    }
    assert sample_settings().secretary_emails == ["shuji@example.cn"]


def test_mask_phone_handles_landlines_and_messy_input():
    assert mask_phone("138 1234 5678") == "138****5678"
    assert mask_phone("028-85551234") == "028****1234"
    assert mask_phone(None) == "" and mask_phone("") == ""
    assert "1234" not in mask_phone("123456")


def test_many_red_alerts_show_the_worst_and_count_the_rest_by_type():
    from functions.domain.model import Alert

    night = sample_night()
    night.alerts = [
        Alert("红", "问候逾期", f"E{i:04d}", f"老人{i}", "3栋", "刘芳(V001)", "很久没有问候", i, owner_id="V001")
        for i in range(1, 41)
    ]
    _, mails = _compose(night)
    text = _by_to(mails)["shuji@example.cn"].text
    assert "老人40（E0040）" in text and "老人33（E0033）" in text and "老人32（E0032）" not in text
    assert "另有 32 件没有列出：红 32（问候逾期 32）" in text
