"""Small inline SVG graphics: the level-of-care ladder and line charts.

SVG as text (no matplotlib: importing pyplot costs ~0.5 s per kernel start);
colours come from CSS classes in ``iopkit.css`` (JupyterLab variables), so the charts follow
the page theme. Every chart has a text alternative (``role="img"`` + ``aria-label``) and the
dashboards print the same numbers as text next to it.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..flags import week_named
from ..placement.levels import LevelOfCare

__all__ = ["TREATMENT_LADDER", "WEEK_OF", "WM_LADDER", "Chart", "Series", "ladder_svg", "line_chart_svg", "week_ticks"]

#: The x axis's name under ticks that name weeks by their first day (:func:`week_ticks`).
WEEK_OF = "week of"


def week_ticks(first: dt.date, weeks: int, unit: float = 1.0) -> list[tuple[float, str]]:
    """Ticks for an axis of whole weeks, each named by its first day as the dose page and the review name a week
    (:func:`iopkit.flags.week_named`: "16 Nov", under the axis name :data:`WEEK_OF`), never a week number one page
    counts from 0 and another from 1, nor a fraction (walk24 finding 9); at most 13 labels.

    Parameters
    ----------
    first : datetime.date
        The first week's first day.
    weeks : int
        The weeks drawn: a tick at the first day of each (at least one), the axis reaching the end of the last.
    unit : float
        The x units of one week (1 for an axis in weeks, 7 for one in days).

    Returns
    -------
    list of (float, str)

    Examples
    --------
    >>> week_ticks(dt.date(2026, 11, 2), 2)
    [(0.0, '2 Nov'), (1.0, '9 Nov')]
    """
    step = max(1, math.ceil(weeks / 12))
    return [(k * unit, week_named(first + dt.timedelta(days=7 * k))) for k in range(0, max(weeks, 1), step)]


TREATMENT_LADDER = tuple(level for level in LevelOfCare if not level.is_withdrawal_management)
WM_LADDER = tuple(level for level in LevelOfCare if level.is_withdrawal_management)


def _rungs(levels, chosen, x: int, width: int, top: int, step: int) -> list[str]:
    out, room = [], (width - 120) // 7  # characters that fit beside the marker at 11 px (bold)
    for k, level in enumerate(reversed(levels)):  # most intensive at the top
        y = top + k * step
        here = level is chosen
        label = f"{level.code} {level.label}"
        label = label if len(label) <= room else label[: room - 1] + "…"
        marker = (
            (
                f'<text class="iop-rung-marker" x="{x + width - 6}" y="{y + step / 2 + 2}" text-anchor="end">'
                "◀ recommended</text>"
            )
            if here
            else ""
        )
        out.append(
            f'<g class="iop-rung{" iop-rung-current" if here else ""}"><title>{html.escape(str(level))}</title>'
            f'<rect x="{x}" y="{y}" width="{width}" height="{step - 4}" rx="3"/>'
            f'<text x="{x + 6}" y="{y + step / 2 + 2}">{html.escape(label)}</text>{marker}</g>'
        )
    return out


def ladder_svg(level: LevelOfCare, withdrawal_management: LevelOfCare | None = None, below: str = "") -> str:
    """The continuum of care as a ladder, the recommended level (and WM level) highlighted.

    Parameters
    ----------
    level : LevelOfCare
        The recommended level.
    withdrawal_management : LevelOfCare, optional
        The withdrawal-management level, highlighted too.
    below : str, optional
        Where dimension 1 is rated below the withdrawal management its suggestion called for, the warning
        (:func:`~iopkit.placement.recommendation.below_suggested_withdrawal_management`): the label names it beside the
        withdrawal-management level, and it is written under the ladder, so a highlighted rung never reads as the
        setting the history calls for.

    Returns
    -------
    str
        The ladder as inline SVG with a text alternative.

    Examples
    --------
    >>> svg = ladder_svg(LevelOfCare.IOP, LevelOfCare.WM_AMBULATORY_EXTENDED)
    >>> "iop-rung-current" in svg and svg.count("iop-rung-current") == 2
    True
    """
    step, top = 26, 24
    height = top + step * len(TREATMENT_LADDER) + 8 + (18 if below else 0)
    label = f"Level-of-care ladder: recommended {level}" + (
        f"; withdrawal management {withdrawal_management or 'none'}, {below}"
        if below
        else f"; withdrawal management {withdrawal_management}"
        if withdrawal_management
        else ""
    )
    parts = [
        (
            f'<svg class="iop-ladder" role="img" aria-label="{html.escape(label)}" viewBox="0 0 1000 {height}" '
            f'width="1000" height="{height}" xmlns="http://www.w3.org/2000/svg">'
        ),
        '<text class="iop-chart-title" x="4" y="14">Treatment levels (more intensive at the top)</text>',
        '<text class="iop-chart-title" x="474" y="14">Withdrawal management (routed separately)</text>',
        *_rungs(TREATMENT_LADDER, level, 4, 450, top, step),
        *_rungs(
            WM_LADDER, withdrawal_management, 474, 520, top + step * (len(TREATMENT_LADDER) - len(WM_LADDER)), step
        ),
        *(
            [
                f'<text class="iop-chart-warning" x="4" y="{height - 6}">Withdrawal management '
                f"{html.escape(withdrawal_management.code if withdrawal_management else 'none')}, "
                f"{html.escape(below)}</text>"
            ]
            if below
            else []
        ),
        "</svg>",
    ]
    return "".join(parts)


@dataclass(frozen=True)
class Series:
    """One line of a chart.

    Parameters
    ----------
    name : str
        The line's name in the legend.
    points : sequence of (float, float)
        The (x, y) points in data units.
    cls : str
        The line's CSS class (colour, dash).
    step : bool
        Draw the line as steps (the value holds until the next point).
    markers : bool
        Circle each point (measurements, so that a single score still shows).
    """

    name: str
    points: Sequence[tuple[float, float]]
    cls: str = "iop-line"
    step: bool = False
    markers: bool = False


@dataclass(frozen=True)
class Chart:
    """Axes and decorations of a line chart (data units).

    Parameters
    ----------
    x_ticks : sequence of (float, str)
        Ticks on the x axis: position and label.
    y_label : str
        The name of the y axis.
    hlines, vlines : sequence of (float, str)
        Horizontal and vertical reference lines: position and label.
    bands : sequence of (float, float, str)
        Shaded horizontal bands: low, high and label.
    y_max : float, optional
        The top of the y axis (default: above the data, rounded).
    extra_x : sequence of float
        x values the axis must reach besides those of the data.
    x_label : str
        The name of the x axis, under its ticks at the left (e.g. "week of", for ticks naming weeks by their first
        day).
    """

    x_ticks: Sequence[tuple[float, str]] = ()
    y_label: str = ""
    hlines: Sequence[tuple[float, str]] = ()
    vlines: Sequence[tuple[float, str]] = ()
    bands: Sequence[tuple[float, float, str]] = ()
    y_max: float | None = None
    extra_x: Sequence[float] = field(default=())
    x_label: str = ""


def _nice(high: float) -> float:
    """The top of an axis with four round ticks, at or above ``high``.

    >>> _nice(113), _nice(27), _nice(9)
    (120.0, 32.0, 10.0)
    """
    import math

    raw = high / 4
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    step = next(m * power for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10) if m * power >= raw)
    return float(step * 4)


def _path(points, sx, sy, step: bool) -> str:
    out = []
    for k, (x, y) in enumerate(points):
        if k and step:
            out.append(f"L{sx(x):.1f},{sy(points[k - 1][1]):.1f}")
        out.append(f"{'L' if k else 'M'}{sx(x):.1f},{sy(y):.1f}")
    return "".join(out)


def line_chart_svg(series: Sequence[Series], chart: Chart, *, label: str, width: int = 760, height: int = 300) -> str:
    """A line chart with optional shaded bands, horizontal and vertical reference lines.

    The axis name and the legend sit in a row above the plot, so that they never overlap a tick or
    the band names in the right margin; a series with ``markers`` circles each point, so that a
    single score is visible too.

    Parameters
    ----------
    series : sequence of Series
        The lines.
    chart : Chart
        The axes and decorations.
    label : str
        The chart's text alternative (``aria-label``).
    width, height : int
        The size of the drawing.

    Returns
    -------
    str
        The chart as inline SVG.

    Examples
    --------
    >>> svg = line_chart_svg([Series("planned", [(0, 0), (7, 9)])], Chart(hlines=[(9, "minimum")]), label="dose")
    >>> svg.startswith('<svg class="iop-chart"') and "minimum" in svg
    True
    """
    left, right, top, bottom = 56, 200, 30, 34
    xs = [x for s in series for x, _ in s.points] + [x for x, _ in chart.vlines] + list(chart.extra_x) or [0.0]
    ys = [y for s in series for _, y in s.points] + [y for y, _ in chart.hlines] + [0.0]
    x0, x1 = min(xs), max(xs)
    y1 = chart.y_max if chart.y_max is not None else _nice(max(ys) or 1.0)
    x1 = x1 if x1 > x0 else x0 + 1

    def sx(x: float) -> float:
        return left + (x - x0) / (x1 - x0) * (width - left - right)

    def sy(y: float) -> float:
        return top + (1 - min(y, y1) / y1) * (height - top - bottom)

    esc = html.escape
    parts = [
        (
            f'<svg class="iop-chart" role="img" aria-label="{esc(label)}" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
        )
    ]
    for low, high, name in chart.bands:
        parts.append(
            f'<g class="iop-band-shade"><rect x="{left}" y="{sy(high):.1f}" width="{width - left - right}" '
            f'height="{max(sy(low) - sy(high), 0):.1f}"/><text x="{width - right + 4}" '
            f'y="{(sy(low) + sy(high)) / 2 + 4:.1f}">{esc(name)}</text></g>'
        )
    parts.append(
        f'<line class="iop-axis" x1="{left}" y1="{sy(0):.1f}" x2="{width - right}" y2="{sy(0):.1f}"/>'
        f'<line class="iop-axis" x1="{left}" y1="{top}" x2="{left}" y2="{sy(0):.1f}"/>'
    )
    for k in range(5):
        value = y1 * k / 4
        parts.append(
            f'<text class="iop-tick" x="{left - 4}" y="{sy(value) + 4:.1f}" text-anchor="end">{value:.0f}</text>'
        )
    if chart.y_label:
        parts.append(f'<text class="iop-tick" x="4" y="14">{esc(chart.y_label)}</text>')
    for x, text in chart.x_ticks:
        parts.append(
            f'<text class="iop-tick" x="{sx(x):.1f}" y="{height - 16}" text-anchor="middle">{esc(text)}</text>'
        )
    if chart.x_label:
        parts.append(f'<text class="iop-tick" x="{left}" y="{height - 3}">{esc(chart.x_label)}</text>')
    for y, text in chart.hlines:
        parts.append(
            f'<g class="iop-ref"><line x1="{left}" y1="{sy(y):.1f}" x2="{width - right}" y2="{sy(y):.1f}"/>'
            f'<text x="{width - right + 4}" y="{sy(y) + 4:.1f}">{esc(text)}</text></g>'
        )
    for x, text in chart.vlines:
        parts.append(
            f'<g class="iop-ref iop-ref-v"><line x1="{sx(x):.1f}" y1="{top}" x2="{sx(x):.1f}" '
            f'y2="{sy(0):.1f}"/><text x="{sx(x) + 3:.1f}" y="{top + 10}">{esc(text)}</text></g>'
        )
    legend_x = 4 + 7 * len(chart.y_label) + 24  # ~7 px per character at 11 px
    for s in series:
        if not s.points:
            continue
        parts.append(f'<path class="{esc(s.cls)}" d="{_path(list(s.points), sx, sy, s.step)}"/>')
        if s.markers:
            parts += [f'<circle class="{esc(s.cls)}" cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="3"/>' for x, y in s.points]
        parts.append(f'<text class="{esc(s.cls)}-label" x="{legend_x:.0f}" y="14">— {esc(s.name)}</text>')
        legend_x += 7 * len(s.name) + 30
    parts.append("</svg>")
    return "".join(parts)
