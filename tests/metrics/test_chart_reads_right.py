"""The monthly chart reads right: colour by whether the latest change is good, counts from zero, legible text."""

from __future__ import annotations

from dataclasses import replace

from matplotlib.colors import to_hex

from functions.metrics.chart import PANELS, TONES, draw_chart, latest_tone
from functions.metrics.compute import metrics_for_months
from tests.support.metrics_world import settings, workbook

BY_NAME = {f.name: f for f in PANELS}  # the six 三升三降 figures and 月探访率


def _panels(metrics):
    fig = draw_chart(metrics)
    return {next(n for n in BY_NAME if ax.get_title().startswith(n)): ax for ax in fig.axes}


def test_a_fall_in_complaints_is_green_and_a_rise_red():
    base = metrics_for_months(workbook(), settings(), ["2026-09", "2026-10"])
    sep, oct_ = base["2026-09"], base["2026-10"]
    fewer = [replace(sep, complaints=5, volunteers=29), replace(oct_, complaints=2, volunteers=27)]
    panels = _panels(fewer)
    assert to_hex(panels["投诉量"].lines[0].get_color()) == TONES["good"]  # 5 → 2 complaints: good news
    assert "本月变好" in panels["投诉量"].get_title()
    assert to_hex(panels["参与服务的志愿者"].lines[0].get_color()) == TONES["bad"]  # 29 → 27 volunteers: bad news
    more = [replace(sep, complaints=2), replace(oct_, complaints=5)]
    assert to_hex(_panels(more)["投诉量"].lines[0].get_color()) == TONES["bad"]


def test_counts_start_at_zero_so_small_changes_look_small():
    base = metrics_for_months(workbook(), settings(), ["2026-09", "2026-10"])
    months = [replace(base["2026-09"], volunteers=27), replace(base["2026-10"], volunteers=29)]
    panels = _panels(months)
    for name in ("参与服务的志愿者", "投诉量", "矛盾纠纷"):
        assert panels[name].get_ylim()[0] == 0, name
    assert panels["参与服务的志愿者"].get_ylim()[1] >= 29


def test_no_change_or_one_month_is_neutral():
    figure = BY_NAME["投诉量"]
    assert latest_tone([3, 3], figure) == "flat" and latest_tone([None, 4], figure) == "flat"
    assert latest_tone([4, None, 2], figure) == "good"  # a month without figures is skipped


def test_text_is_large_enough_to_read_on_a_phone():
    fig = draw_chart(list(metrics_for_months(workbook(), settings(), ["2026-09", "2026-10"]).values()))
    shown = 360 / (fig.get_figwidth() * fig.dpi)  # the picture's scale in a 390 px wide mail view
    for ax in fig.axes:
        for label in ax.get_xticklabels() + ax.get_yticklabels():
            assert label.get_fontsize() * fig.dpi / 72 * shown >= 8  # px on the phone
        assert ax.title.get_fontsize() * fig.dpi / 72 * shown >= 11
