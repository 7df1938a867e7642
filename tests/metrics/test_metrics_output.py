"""The monthly chart (PNG, Chinese text with the shipped font) and the monthly report mail."""

from __future__ import annotations

import datetime as dt
import io
import struct
import warnings

import pytest
from matplotlib import font_manager

from functions.digest.monthly_report import compose_monthly_report, headline
from functions.metrics.chart import FONT_FAMILY, render_chart
from functions.metrics.compute import metrics_for_months
from functions.metrics.rows import metrics_rows
from tests.support.metrics_world import settings, workbook

REPORT_DAY = dt.date(2026, 12, 1)  # the monthly job runs on the 1st for the month before


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


def _glyph_warnings(render) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        render()
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


@pytest.fixture(scope="module")
def months():
    return metrics_for_months(workbook(), settings(), ["2026-09", "2026-10", "2026-11"])


@pytest.fixture(scope="module")
def chart(months):
    return render_chart(list(months.values()))


def test_chart_is_one_panel_per_row_600_px_wide_for_a_phone(chart):
    assert _png_size(chart) == (600, 2190)  # seven 600 x 300 panels under a title: about 360 px wide on a phone
    assert len(chart) > 20_000  # six drawn panels, not a blank image


def test_chart_chinese_text_uses_the_shipped_font_with_no_missing_glyph(months):
    found = font_manager.findfont(font_manager.FontProperties(family=FONT_FAMILY), fallback_to_default=False)
    assert found.endswith("SanyouSansSC-Regular.otf")
    assert _glyph_warnings(lambda: render_chart(list(months.values()))) == []


def test_the_glyph_check_does_catch_a_missing_character():
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    def draw_rare():
        with rc_context({"font.family": [FONT_FAMILY]}):
            fig = Figure()
            fig.suptitle("龘")  # not among the shipped common characters
            fig.savefig(io.BytesIO(), format="png")

    assert _glyph_warnings(draw_rare)


def test_chart_draws_from_the_metrics_rows_too_and_keeps_the_last_12_months(months):
    rows = metrics_rows(None, months, dt.datetime(2026, 12, 1, 6, 0))
    assert _png_size(render_chart(rows)) == (600, 2190)
    assert _png_size(render_chart([])) == (600, 2190)  # no data at all: still a chart saying so


def test_headline_names_what_rose_and_what_fell(months):
    oct_, sep, nov = months["2026-10"], months["2026-09"], months["2026-11"]
    assert headline(oct_, sep) == (
        "和上个月相比，该升的三项全部上升了；该降的指标中，矛盾纠纷、投诉量没有下降，独居老人孤独感缺少数据，无法比较。"
    )
    assert headline(nov, oct_) == (
        "和上个月相比，该升的指标中，党群活动参与率、参与服务的志愿者没有上升，物业缴费率缺少数据，无法比较；"
        "该降的指标中，矛盾纠纷、投诉量下降了，独居老人孤独感缺少数据，无法比较。"
    )
    assert "第一个有统计的月份" in headline(sep, None)


def test_report_mail_goes_to_each_secretary_with_the_chart_inline(months, chart):
    mails = compose_monthly_report(months["2026-10"], months["2026-09"], chart, settings(), "2026-10", REPORT_DAY)
    assert [m.to for m in mails] == ["shuji@example.cn", "fuzhuren@example.cn"]
    assert [m.identity for m in mails] == ["2026-10|monthly|shuji@example.cn", "2026-10|monthly|fuzhuren@example.cn"]
    mail = mails[0]
    assert mail.kind == "monthly" and mail.subject == "芙蓉小区2026年10月“三升三降”月报"
    (image,) = mail.images
    assert image.data == chart and image.subtype == "png"
    assert f'src="cid:{image.cid}"' in mail.html
    for text in (mail.html, mail.text):
        assert "该升的三项全部上升了" in text
        assert "党群活动参与率" in text and "3.5%" in text and "↑ 1.5 好" in text
        assert "矛盾纠纷" in text and "↑ 2 差" in text
        assert "上门覆盖率：75%" in text
        assert "求助平均解决天数：3 天" in text


def test_report_mail_carries_no_personal_data_and_escapes_sheet_text(months, chart):
    hostile = settings(社区名称="<script>芙蓉</script>")
    (mail, _) = compose_monthly_report(months["2026-10"], None, chart, hostile, "2026-10", REPORT_DAY)
    assert "<script>" not in mail.html and "&lt;script&gt;" in mail.html
    for secret in ("高血压", "很想女儿", "钱七", "张三", "13800138000", "老人E0001", "E0001"):
        assert secret not in mail.html and secret not in mail.text


def test_no_secretary_address_means_no_mail(months, chart):
    assert compose_monthly_report(months["2026-10"], None, chart, settings(书记邮箱=""), "2026-10", REPORT_DAY) == []
