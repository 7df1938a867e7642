"""The six 三升三降 figures: which way is good, how they are shown, and month-over-month arrows."""

from __future__ import annotations

from dataclasses import dataclass

UP, DOWN = 1, -1


@dataclass(frozen=True)
class Figure:
    """One 三升三降 figure: MonthMetrics attribute, 月度指标 columns, good direction, display."""

    attr: str
    name: str  # for people, e.g. 党群活动参与率
    header: str  # the number column of 月度指标
    change_header: str  # its 变化 column
    good: int  # UP or DOWN
    decimals: int
    unit: str  # shown after the number in mail


FIGURES: tuple[Figure, ...] = (
    Figure("participation_rate", "党群活动参与率", "党群活动参与率(%)", "参与率变化", UP, 1, "%"),
    Figure("disputes", "矛盾纠纷", "矛盾纠纷(件)", "纠纷变化", DOWN, 0, "件"),
    Figure("fee_rate", "物业缴费率", "物业缴费率(%)", "缴费率变化", UP, 1, "%"),
    Figure("complaints", "投诉量", "投诉量(件)", "投诉变化", DOWN, 0, "件"),
    Figure("volunteers", "参与服务的志愿者", "参与服务的志愿者(人)", "志愿者变化", UP, 0, "人"),
    Figure("loneliness_mean", "独居老人孤独感", "孤独感均分", "孤独感变化", DOWN, 2, "分"),
)
RISING = tuple(f for f in FIGURES if f.good == UP)
FALLING = tuple(f for f in FIGURES if f.good == DOWN)
NO_DATA = "—"
UNCHANGED = "→ 持平"  # "—" alone means: nothing to compare with


def number_text(value: float, decimals: int) -> str:
    """A figure for people: rounded to its decimals, no trailing zeros (12.50 -> 12.5, 3.0 -> 3)."""
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def delta(current: float | None, previous: float | None, figure: Figure) -> float | None:
    """current - previous at the figure's precision; None when either month has no value."""
    if current is None or previous is None:
        return None
    return round(round(current, figure.decimals) - round(previous, figure.decimals), figure.decimals)


def change_text(current: float | None, previous: float | None, figure: Figure) -> str:
    """“↑ 0.8 好”, “↓ 2 好”, “↑ 3 差”, “→ 持平”, or “—” when there is nothing to compare."""
    change = delta(current, previous, figure)
    if change is None:
        return NO_DATA
    if change == 0:
        return UNCHANGED
    arrow = "↑" if change > 0 else "↓"
    verdict = "好" if (change > 0) == (figure.good == UP) else "差"
    return f"{arrow} {number_text(abs(change), figure.decimals)} {verdict}"
