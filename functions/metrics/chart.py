"""PNG chart of the last 12 months of the six 三升三降 figures and 月探访率, with a shipped CJK font."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from matplotlib import font_manager, rc_context
from matplotlib.figure import Figure as MplFigure
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator

from functions.domain.glyphs import missing_characters
from functions.domain.months import month_label
from functions.domain.paths import FONT_FILE
from functions.domain.schema import default_schema
from functions.domain.tabs import METRICS as METRICS_TAB
from functions.metrics.arrows import FIGURES, UP, Figure, delta, number_text
from functions.metrics.compute import MonthMetrics
from functions.metrics.rows import MONTH

FONT_FAMILY = "Sanyou Sans SC"  # a subset of Noto Sans CJK SC (OFL), see functions/fonts/README.md
CHART_MONTHS = 12
# One panel per row, 600 px wide: a phone shows the picture about 360 px wide, so its text stays about 10 px
# high; six panels side by side were squeezed into the same width, their text unreadable.
PANEL_INCHES, TITLE_INCHES, DPI = (6.0, 3.0), 0.9, 100
TONES = {"good": "#2e7d32", "bad": "#c62828", "flat": "#546e7a"}  # by whether the latest change is good


@lru_cache(maxsize=1)
def register_font() -> str:
    """Add the shipped font to matplotlib once; return its family name."""
    font_manager.fontManager.addfont(str(FONT_FILE))
    return FONT_FAMILY


# The six 三升三降 panels, then 月探访率 (the guidance's monthly visit rate, goal 100 %).
PANELS: tuple[Figure, ...] = (*FIGURES, Figure("monthly_visit_rate", "月探访率", "月探访率", "探访率变化", UP, 1, "%"))


def _series(data: Sequence[MonthMetrics] | Sequence[Sequence[Any]]) -> dict[str, dict[str, float | None]]:
    """month -> figure header -> value, from MonthMetrics or from 月度指标 rows in schema order."""
    headers = default_schema()[METRICS_TAB].headers
    series: dict[str, dict[str, float | None]] = {}
    for item in data:
        if isinstance(item, MonthMetrics):
            series[item.month] = {f.header: getattr(item, f.attr) for f in PANELS}
            continue
        values = dict(zip(headers, item, strict=False))
        month = values.get(MONTH)
        if month:
            series[str(month)] = {
                f.header: float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None
                for f in PANELS
                for v in [values.get(f.header)]
            }
    return series


def _tick(month: str, first: bool) -> str:
    """'12月', with the year under the first month and under each January."""
    return f"{int(month[5:])}月\n{int(month[:4])}年" if first or month.endswith("-01") else f"{int(month[5:])}月"


def latest_tone(values: list[float | None], figure: Figure) -> str:
    """good / bad / flat: whether the last change between the two latest known months is good for this figure
    (a fall in complaints is good, drawn green; a rise in them bad, red)."""
    known = [v for v in values if v is not None]
    change = delta(known[-1], known[-2], figure) if len(known) >= 2 else None
    if not change:
        return "flat"
    return "good" if (change > 0) == (figure.good == UP) else "bad"


def _panel(ax: Any, months: list[str], values: list[float | None], figure: Figure) -> None:
    direction = "↑ 升为好" if figure.good == UP else "↓ 降为好"
    tone = latest_tone(values, figure)
    verdict = {"good": "本月变好", "bad": "本月变差", "flat": "本月持平"}[tone]
    ax.set_title(f"{figure.name}（{figure.unit}） {direction} · {verdict}", fontsize=14, color=TONES[tone])
    xs = list(range(len(months)))
    ys = [math.nan if v is None else v for v in values]
    ax.plot(xs, ys, marker="o", color=TONES[tone], linewidth=2.5)
    ax.set_xticks(xs, [_tick(m, i == 0) for i, m in enumerate(months)], fontsize=10)
    ax.tick_params(axis="y", labelsize=11)
    ax.grid(True, alpha=0.3)
    if figure.decimals == 0:  # counts of people and cases: from zero, no 27.25 volunteers on the axis
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylim(bottom=0, top=max([v for v in values if v is not None] + [1]) * 1.2)
    known = [(x, v) for x, v in zip(xs, values, strict=True) if v is not None]
    if not known:
        ax.text(0.5, 0.5, "暂无数据", transform=ax.transAxes, ha="center", va="center", fontsize=14, color="#888")
        return
    x, v = known[-1]
    ax.annotate(
        number_text(v, figure.decimals), (x, v), textcoords="offset points", xytext=(0, 8), ha="center", fontsize=13
    )


def check_printable(fig: MplFigure) -> None:
    """Every text on the chart is in the shipped font (the contact cards' check): never a box for a character."""
    missing = missing_characters("".join(t.get_text() for t in fig.findobj(Text)))
    if missing:
        raise ValueError(f"chart text uses characters the shipped font lacks: {missing!r} (functions/fonts/README.md)")


def render_chart(
    rows_or_metrics: Sequence[MonthMetrics] | Sequence[Sequence[Any]], last_month: str | None = None
) -> bytes:
    """The 12 months up to last_month (default: the latest) as a PNG (see draw_chart)."""
    with rc_context({"font.family": [register_font()], "axes.unicode_minus": False}):
        fig = draw_chart(rows_or_metrics, last_month)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def draw_chart(
    rows_or_metrics: Sequence[MonthMetrics] | Sequence[Sequence[Any]], last_month: str | None = None
) -> MplFigure:
    """Six panels, one under the other: the three 升, then the three 降; each coloured by whether its latest
    change is good. Call inside the font's rc_context (render_chart does)."""
    series = _series(rows_or_metrics)
    months = sorted(m for m in series if last_month is None or m <= last_month)[-CHART_MONTHS:]
    width, height = PANEL_INCHES
    fig = MplFigure(figsize=(width, height * len(PANELS) + TITLE_INCHES), dpi=DPI, layout="constrained")
    fig.get_layout_engine().set(h_pad=0.12)
    axes = fig.subplots(len(PANELS), 1)
    ordered = [f for f in PANELS if f.good == UP] + [f for f in PANELS if f.good != UP]
    for ax, figure in zip(axes.flat, ordered, strict=True):
        _panel(ax, months, [series[m][figure.header] for m in months], figure)
    span = f"{month_label(months[0])}—{month_label(months[-1])}" if months else "暂无数据"
    fig.suptitle(f"三升三降 · 近{CHART_MONTHS}个月\n（{span}）", fontsize=17)
    check_printable(fig)
    return fig
