"""The printable programme report: self-contained HTML with print CSS and inline SVG charts (no scripts).

Each chart has a text alternative and its numbers are in the tables beside it.  Rates print as
``62 % (55-69)``: the share and its 95 % interval.
"""

from __future__ import annotations

import datetime as dt
import html
import math

from ..records import short_name
from .tables import TITLES

__all__ = ["CSS", "bars_svg", "body_html", "late_flags_html", "render", "retention_svg", "table_html"]

_PAGE_CSS = """
@page { size: Letter; margin: 14mm 12mm; }
body { margin: 0 auto; max-width: 1000px; padding: 12px; }
.page { break-after: page; page-break-after: always; } .page:last-child { break-after: auto; }
@media print { body { padding: 0; max-width: none; } }
"""
#: The report's own look, scoped to ``.iop-programme`` so a dashboard can show the same HTML inside its page.
CSS = """
.iop-programme { font: 10pt/1.35 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b; }
.iop-programme h1 { font-size: 18pt; margin: 0 0 4px; }
.iop-programme h2 { font-size: 13pt; margin: 14px 0 4px; border-bottom: 1px solid #999; }
.iop-programme h3 { font-size: 11pt; margin: 10px 0 3px; }
.iop-programme p.meta, .iop-programme p.note { color: #444; font-size: 9pt; margin: 2px 0 6px; }
.iop-programme table { border-collapse: collapse; width: 100%; font-size: 8pt; margin: 3px 0 6px; }
.iop-programme th, .iop-programme td { border: 1px solid #bbb; padding: 1px 4px; text-align: right; }
.iop-programme th { background: #eef1f5; } .iop-programme td.key, .iop-programme th.key { text-align: left; }
.iop-programme tr.total td { font-weight: 600; background: #f7f7f7; }
.iop-programme svg.chart { width: 100%; max-width: 680px; height: auto; display: block; margin: 4px 0; }
.iop-programme svg.chart .axis { stroke: #555; stroke-width: 1; }
.iop-programme svg.chart .grid { stroke: #ddd; stroke-width: 1; }
.iop-programme svg.chart text { font-size: 11px; fill: #222; }
.iop-programme svg.chart .ref { stroke: #b00; stroke-dasharray: 4 3; }
@media print { .iop-programme h2 { break-after: avoid; }
               .iop-programme table, .iop-programme svg { break-inside: avoid; } }
"""
_COLOURS = ("#1f5fa8", "#c2571a", "#2a8a4a", "#7a3fa0", "#555555")
_RATE_SUFFIXES = ("_low", "_high")
#: Columns of words, aligned left (the others are numbers and days).
_TEXT = (
    "level",
    "track",
    "instrument",
    "patient",
    "flag",
    "earlier_flag",
    "reason",
    "on_site_as",
    "step",
    "corrected_by",
)


def _number(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if isinstance(value, (bool,)):
        return "yes" if value else "no"
    if isinstance(value, dt.date):  # a day (a pandas Timestamp too; NaT, never equal to itself, is none)
        return "-" if value != value else f"{value:%d %b %Y}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"
    return html.escape(str(value))


#: Statistics printed with more decimals than counts and days (a p-value below 0.001 as "< 0.001").
_DECIMALS = {"chi_square": 2, "p_value": 3, "expected_ended": 1}


def _decimals(value: float, places: int) -> str:
    return "&lt; 0.001" if places == 3 and value < 0.001 else f"{value:,.{places}f}"


def _percent(share, low, high) -> str:
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "-"
    text = f"{100 * share:.0f} %"
    if not (isinstance(low, float) and math.isnan(low)):
        text += f" ({100 * low:.0f}-{100 * high:.0f})"
    return text


def table_html(table, *, caption: str = "") -> str:
    """One report table as HTML: a rate and its interval in one cell, the all-tracks rows in bold.

    A column ``x`` with ``x_low`` and ``x_high`` beside it is a rate, printed ``62 % (55-69)``; a column ending
    ``_share`` is printed as a percentage; missing values print as ``-``.

    Parameters
    ----------
    table : pandas.DataFrame
        One of the report's tables (``tables`` of :class:`~iopkit.report.programme.ProgrammeReport`).
    caption : str, default ""
        A caption for the table; none when empty.

    Returns
    -------
    str
        The ``<table>`` element, its text escaped.
    """
    cols = [c for c in table.columns if not c.endswith(_RATE_SUFFIXES)]
    rates = {c for c in cols if f"{c}_low" in table.columns}
    head = "".join(
        f'<th class="{"key" if c in _TEXT else ""}">'
        f"{html.escape(c.replace('_', ' '))}{' (95 % CI)' if c in rates else ''}</th>"
        for c in cols
    )
    rows = []
    values = table.to_dict("list")  # read by column (natives, NA as None): as to_dict("records"), a tenth of its time
    for record in ({c: values[c][i] for c in values} for i in range(len(table))):
        cells = []
        for c in cols:
            if c in rates:
                cells.append(f"<td>{_percent(record[c], record[f'{c}_low'], record[f'{c}_high'])}</td>")
            elif c in _DECIMALS and isinstance(record[c], float) and not math.isnan(record[c]):
                cells.append(f"<td>{_decimals(record[c], _DECIMALS[c])}</td>")
            elif c.endswith("_share"):
                cells.append(f"<td>{_percent(record[c], float('nan'), float('nan'))}</td>")
            elif c in _TEXT:
                missing = record[c] is None or (isinstance(record[c], float) and math.isnan(record[c]))
                said = str(record[c]) if c != "instrument" or missing else short_name(str(record[c]))  # walk24 14
                cells.append(f'<td class="key">{"-" if missing else html.escape(said)}</td>')
            else:
                cells.append(f"<td>{_number(record[c])}</td>")
        total = ' class="total"' if record.get("track") == "all" else ""
        rows.append(f"<tr{total}>{''.join(cells)}</tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def retention_svg(curves, *, days: int = 90, width: int = 680, height: int = 220) -> str:
    """Kaplan-Meier retention curves (step lines) with a reference line at ``days``.

    Parameters
    ----------
    curves : sequence of (str, sequence of float, sequence of float)
        One curve per group: its name, the days since admission at which the curve steps (starting at 0), and
        the share still retained from each of those days.
    days : int, default 90
        Where the dashed reference line stands; the text alternative gives each curve's retention there.
    width, height : int, default 680, 220
        The chart's size in SVG units (it scales to the page).

    Returns
    -------
    str
        The ``<svg>`` element, with a text alternative (``aria-label``).

    Examples
    --------
    >>> svg = retention_svg([("Level 2.1", (0.0, 30.0, 60.0), (1.0, 0.8, 0.5))])
    >>> svg.startswith('<svg class="chart"') and "Level 2.1" in svg
    True
    """
    left, right, top, bottom = 44, 150, 12, 40
    x_max = max([days * 2] + [t[-1] for _, t, _ in curves])
    sx = lambda x: left + (width - left - right) * x / x_max
    sy = lambda y: top + (height - top - bottom) * (1 - y)
    label = "; ".join(f"{name}: {100 * _at(t, s, days):.0f} % at {days} days" for name, t, s in curves)
    parts = [
        (
            f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="Retention (Kaplan-Meier). {html.escape(label)}">'
        )
    ]
    for y in (0, 0.25, 0.5, 0.75, 1):
        parts.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{sy(y):.1f}" y2="{sy(y):.1f}"/>'
            f'<text x="{left - 6}" y="{sy(y) + 4:.1f}" text-anchor="end">{100 * y:.0f} %</text>'
        )
    step = 30 if x_max <= 240 else 60 if x_max <= 480 else 90
    for x in range(0, int(x_max) + 1, step):
        parts.append(f'<text x="{sx(x):.1f}" y="{height - 24}" text-anchor="middle">{x}</text>')
    parts.append(
        f'<line class="axis" x1="{left}" x2="{width - right}" y1="{sy(0):.1f}" y2="{sy(0):.1f}"/>'
        f'<line class="ref" x1="{sx(days):.1f}" x2="{sx(days):.1f}" y1="{top}" y2="{sy(0):.1f}"/>'
        f'<text x="{(left + width - right) / 2:.0f}" y="{height - 6}" text-anchor="middle">'
        f"days since admission (dashed: {days} days)</text>"
    )
    for i, (name, times, surv) in enumerate(curves):
        colour = _COLOURS[i % len(_COLOURS)]
        points = [f"{sx(times[0]):.1f},{sy(surv[0]):.1f}"]
        for j in range(1, len(times)):
            points += [f"{sx(times[j]):.1f},{sy(surv[j - 1]):.1f}", f"{sx(times[j]):.1f},{sy(surv[j]):.1f}"]
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{" ".join(points)}"/>'
            f'<text x="{width - right + 8}" y="{top + 14 + 16 * i}" style="fill:{colour}">'
            f"{html.escape(name)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _at(times, survival, days) -> float:
    i = sum(1 for t in times if t <= days)
    return survival[i - 1] if i else 1.0


def bars_svg(bars, *, label: str, width: int = 680, reference: float | None = None) -> str:
    """Horizontal bars of shares (0..1) with their intervals: ``bars`` are (name, share, low, high).

    Parameters
    ----------
    bars : sequence of (str, float, float, float)
        One bar each: its name, the share and its 95 % interval's low and high ends (NaN share: "no data";
        NaN low: no interval drawn).
    label : str
        What the bars show, read out first by the text alternative.
    width : int, default 680
        The chart's width in SVG units (it scales to the page).
    reference : float, optional
        A share at which to draw a dashed reference line; none by default.

    Returns
    -------
    str
        The ``<svg>`` element, with a text alternative (``aria-label``).

    Examples
    --------
    >>> bars_svg([("Level 2.1", 0.8, 0.7, 0.9)], label="weeks meeting the minimum").count("<rect")
    1
    """
    left, right, row = 120, 70, 24
    height = 20 + row * max(len(bars), 1)
    sx = lambda x: left + (width - left - right) * x
    text = "; ".join(f"{n}: {100 * s:.0f} %" for n, s, _, _ in bars if not math.isnan(s))
    parts = [
        (
            f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="{html.escape(label)}. {html.escape(text)}">'
        )
    ]
    for i, (name, share, low, high) in enumerate(bars):
        y = 8 + row * i
        parts.append(f'<text x="{left - 6}" y="{y + 13}" text-anchor="end">{html.escape(name)}</text>')
        if math.isnan(share):
            parts.append(f'<text x="{left + 4}" y="{y + 13}">no data</text>')
            continue
        parts.append(
            f'<rect x="{left}" y="{y}" width="{sx(share) - left:.1f}" height="16" '
            f'fill="{_COLOURS[i % len(_COLOURS)]}"/>'
            f'<text x="{width - right + 6}" y="{y + 13}">{100 * share:.0f} %</text>'
        )
        if not math.isnan(low):
            parts.append(f'<line stroke="#111" x1="{sx(low):.1f}" x2="{sx(high):.1f}" y1="{y + 8}" y2="{y + 8}"/>')
    if reference is not None:
        parts.append(f'<line class="ref" x1="{sx(reference):.1f}" x2="{sx(reference):.1f}" y1="4" y2="{height - 4}"/>')
    parts.append("</svg>")
    return "".join(parts)


def _level_bars(table, rate: str, *, where=None):
    rows = table[table["track"] == "all"]
    if where is not None:
        rows = rows[where(rows)]
    return [
        (
            f"Level {r['level']}" if r["level"] != "all" else "Programme",
            float(r[rate]),
            float(r[f"{rate}_low"]),
            float(r[f"{rate}_high"]),
        )
        for r in rows.to_dict("records")
    ]


def late_flags_html(report) -> str:
    """The director's worklist (:attr:`~iopkit.report.programme.ProgrammeReport.late_flags`): its heading, the sentence
    of what it lists (:data:`~iopkit.report.late.SAID`) and its table, or :data:`~iopkit.report.late.NONE_OPEN`.

    Parameters
    ----------
    report : ProgrammeReport
        The programme report (:func:`iopkit.report.programme_report`).

    Returns
    -------
    str
        The HTML, text escaped.
    """
    from .late import HEADING, NONE_OPEN, SAID

    late = report.late_flags
    shown = table_html(late) if not late.empty else f'<p class="note">{html.escape(NONE_OPEN)}</p>'
    return f'<h2>{html.escape(HEADING)}</h2><p class="meta">{html.escape(SAID)}</p>{shown}'


def body_html(report, *, title: str = "Programme report") -> str:
    """The report's pages (``<section class="page">`` each) without the document around them.

    A dashboard shows them inside its own page under ``<style>`` :data:`CSS` in a ``<div class="iop-programme">``.

    Parameters
    ----------
    report : ProgrammeReport
        The programme report (:func:`iopkit.report.programme_report`).
    title : str, default "Programme report"
        The heading of the first page.

    Returns
    -------
    str
        The four ``<section class="page">`` elements, text escaped.
    """
    t, d = report.tables, report.definitions
    esc = html.escape
    note = lambda key: f'<p class="note">{esc(d[key])}</p>'
    page1 = (
        f'<h1>{esc(title)}</h1><p class="meta">{report.start:%d %b %Y} to {report.end:%d %b %Y} '
        "(both days included); per level of care and track, with all tracks of a level in bold. "
        f"{esc(d['intervals'])}</p>"
        + late_flags_html(report)
        + f"<h2>{esc(TITLES['census'])}</h2>"
        + table_html(t["census"])
        + note("census")
        + f"<h2>{esc(TITLES['level_changes'])}</h2>"
        + table_html(t["level_changes"])
        + note("level_changes")
    )
    page2 = (
        f"<h2>{esc(TITLES['retention'])}</h2>"
        + retention_svg(report.curves)
        + table_html(t["retention"])
        + note("retention")
        + f"<h3>{esc(TITLES['retention_comparison'])}</h3>"
        + f'<p class="meta">{esc(report.retention_comparison)}</p>'
        + table_html(t["retention_comparison"])
        + note("retention_comparison")
        + f"<h2>{esc(TITLES['length_of_stay'])}</h2>"
        + table_html(t["length_of_stay"])
        + note("length_of_stay")
    )
    judged = lambda rows: rows["minimum_hours"].notna()
    page3 = (
        f"<h2>{esc(TITLES['dose'])}</h2>"
        + '<p class="note">Share of complete patient-weeks that delivered the level\'s weekly minimum, with '
        "its 95 % interval:</p>"
        + bars_svg(
            _level_bars(t["dose"], "share_meeting_minimum", where=judged),
            label="Share of patient-weeks meeting the level's weekly minimum",
        )
        + table_html(t["dose"])
        + note("dose")
        + f"<h2>{esc(TITLES['drug_screens'])}</h2>"
        + table_html(t["drug_screens"])
        + note("drug_screens")
    )
    page4 = (
        f"<h2>{esc(TITLES['measurement'])}</h2>"
        + table_html(t["measurement"])
        + note("measurement")
        + f"<h2>{esc(TITLES['outcomes'])}</h2>"
        + table_html(t["outcomes"])
        + note("outcomes")
        + f"<h2>{esc(TITLES['safety_flags'])}</h2>"
        + table_html(t["safety_flags"])
        + note("safety_flags")
        + f'<p class="note">First closed means: {esc(report.resolution.rstrip("."))}.</p>'
        + '<p class="note">iopkit supports decisions; it does not diagnose. Check these numbers against the '
        "records before reporting them to a payer or accreditor.</p>"
    )
    return "".join(f'<section class="page">{p}</section>' for p in (page1, page2, page3, page4))


def render(report, *, title: str = "Programme report") -> str:
    """The whole report as one HTML document (four printed pages for a programme of three levels).

    Parameters
    ----------
    report : ProgrammeReport
        The programme report (:func:`iopkit.report.programme_report`).
    title : str, default "Programme report"
        The document's title and the heading of its first page.

    Returns
    -------
    str
        A standalone HTML document (``<!DOCTYPE html>``): styles inline, charts as inline SVG, no scripts.
    """
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f'<style>{_PAGE_CSS}{CSS}</style></head><body class="iop-programme">{body_html(report, title=title)}'
        "</body></html>"
    )
