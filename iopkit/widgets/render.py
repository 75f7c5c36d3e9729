"""Result objects to HTML, for the dashboards and the printable summary.

Plain functions from iopkit results (Score, Recommendation, DosePlan, ...) to escaped HTML
strings; no ipywidgets here, so they are tested as text. A result table is one HTML string,
shown by one ``HTML`` widget (few widgets render fast in Voila).
"""

from __future__ import annotations

import html
from typing import Any, Iterable, Sequence

__all__ = [
    "esc", "words", "table_html", "flags_html", "basis_html", "score_html",
    "recommendation_html", "download_link", "summary_document", "hours_text",
]

SEVERITY_TITLE = {"critical": "Act now", "warning": "Check", "info": "Note"}


def esc(value: Any) -> str:
    """``value`` as escaped text (``None`` as an em dash)."""
    return "—" if value is None else html.escape(str(value))


def words(label: str | None) -> str:
    """A snake_case band or code in plain words: ``moderately_severe`` -> ``moderately severe``."""
    return "—" if label is None else str(label).replace("_", " ")


def table_html(header: Sequence[str], rows: Iterable[Sequence[Any]], *, cls: str = "iop-table",
               caption: str = "") -> str:
    """One escaped HTML table.

    >>> table_html(["Item", "Answer"], [[9, "<1>"]], cls="iop-x")
    '<table class="iop-x"><thead><tr><th scope="col">Item</th><th scope="col">Answer</th></tr></thead><tbody><tr><td>9</td><td>&lt;1&gt;</td></tr></tbody></table>'
    """
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in header)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def flags_html(flags: Iterable[Any]) -> str:
    """Flags, most urgent first; a critical flag is a prominent ``iop-flag-critical`` alert with its next step.

    >>> from iopkit.flags import Flag
    >>> out = flags_html([Flag("si", "Item 9 endorsed", "critical", "Assess risk today", "Kroenke 2001")])
    >>> 'class="iop-flag iop-flag-critical" role="alert"' in out and "Next step: Assess risk today" in out
    True
    """
    order = ("critical", "warning", "info")
    parts = []
    for flag in sorted(flags, key=lambda f: order.index(f.severity) if f.severity in order else 3):
        role = ' role="alert"' if flag.severity == "critical" else ""
        step = f'<div class="iop-next-step">Next step: {esc(flag.action)}</div>' if flag.action else ""
        source = f'<div class="iop-source">Source: {esc(flag.source)}</div>' if flag.source else ""
        parts.append(
            f'<div class="iop-flag iop-flag-{esc(flag.severity)}"{role} data-code="{esc(flag.code)}">'
            f'<strong>{SEVERITY_TITLE.get(flag.severity, "Note")}: {esc(flag.message)}</strong>{step}{source}</div>')
    return f'<div class="iop-flags">{"".join(parts)}</div>' if parts else ""


def basis_html(basis: Any) -> str:
    """A score's basis in plain words: the rule, the inputs that drove it, the scheme and its source."""
    inputs = ", ".join(f"item {item} = {esc(value)}" for item, value in getattr(basis, "inputs", ()) or ())
    notes = "".join(f"<li>{esc(n)}</li>" for n in getattr(basis, "notes", ()) or ())
    return (f'<div class="iop-basis"><p><strong>How this was worked out:</strong> {esc(basis.rule)}</p>'
            + (f"<p>Answers that drove it: {inputs}</p>" if inputs else "")
            + f'<p class="iop-source">Banding scheme: {esc(basis.scheme)}. Source: {esc(basis.source)}</p>'
            + (f"<ul>{notes}</ul>" if notes else "") + "</div>")


def _subscore_value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "—" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def score_html(score: Any, name: str = "", total_range: tuple | None = None) -> str:
    """Headline (total and band), subscores and basis of one Score, as one HTML block (``iop-score``)."""
    title = esc(name or score.instrument)
    if score.total is not None:
        of = f" of {total_range[1]}" if total_range else ""
        total = f'<span class="iop-total">Total {esc(_subscore_value(score.total))}{of}</span>'
    else:
        total = '<span class="iop-total">No total (this instrument is read by its parts)</span>'
    band = f' <span class="iop-band">{esc(words(score.band))}</span>' if score.band else ""
    subs = ""
    if score.subscores:
        subs = table_html(["Part", "Value"], [(words(k), _subscore_value(v)) for k, v in score.subscores.items()],
                          cls="iop-table iop-subscores")
    return (f'<div class="iop-score" data-instrument="{esc(score.instrument)}">'
            f'<div class="iop-headline">{title}: {total}{band}</div>{subs}{basis_html(score.basis)}</div>')


def hours_text(low: float, high: float | None) -> str:
    """A weekly-hours range ``[low, high)`` in words.

    >>> hours_text(0, 9), hours_text(9, 20), hours_text(20, None)
    ('under 9', '9 to under 20', '20 or more')
    """
    if high is None:
        return f"{low:g} or more"
    return f"under {high:g}" if low == 0 else f"{low:g} to under {high:g}"


def _code(level: Any) -> str:
    return "—" if level is None else level.code


def recommendation_html(rec: Any) -> str:
    """A Recommendation: level, withdrawal management, hours/week, the per-dimension basis, alternatives."""
    hours = ""
    if rec.hours_per_week:
        who = "adolescents" if rec.adolescent else "adults"
        hours = (f'<p class="iop-hours">Hours of service per week at this level ({who}): '
                 f"{hours_text(*rec.hours_per_week)}</p>")
    wm = (f"<p>Withdrawal management: <strong>{esc(rec.withdrawal_management)}</strong></p>"
          if rec.withdrawal_management else "<p>Withdrawal management: not needed on these ratings</p>")
    rows = [(f"{b.dimension}. {b.name}", b.rating,
             "—" if b.suggested_rating is None else f"{b.suggested_rating} ({b.suggested_from})",
             _code(b.level_required) if b.level_required else f"WM {_code(b.withdrawal_management)}",
             b.rule, b.source) for b in rec.basis]
    basis = table_html(["Dimension", "Rating", "Suggested from scores", "Needs level", "Rule", "Source"], rows,
                       cls="iop-table iop-placement-basis")
    alts = "".join(f"<li>{esc(a.level)}" + (f" with {esc(a.withdrawal_management)}" if a.withdrawal_management else "")
                   + f" — when {esc(a.when)} <span class='iop-source'>[{esc(a.source)}]</span></li>"
                   for a in rec.alternatives)
    return (f'<div class="iop-recommendation"><div class="iop-headline">Recommended: '
            f'<span class="iop-level">{esc(rec.level)}</span></div>{wm}{hours}'
            f"<p>The level is the most intensive level any one dimension needs (never an average).</p>{basis}"
            + (f"<p>Other safe options:</p><ul class='iop-alternatives'>{alts}</ul>" if alts else "") + "</div>")


def download_link(filename: str, content: str, mime: str, label: str, *, cls: str = "iop-download") -> str:
    """An ``<a download>`` link carrying ``content`` in a data URI (works offline, no server route).

    >>> download_link("a.ics", "X", "text/calendar", "Download")
    '<a class="iop-download" download="a.ics" href="data:text/calendar;charset=utf-8;base64,WA==">Download</a>'
    """
    import base64

    data = base64.b64encode(content.encode("utf-8")).decode("ascii")
    return (f'<a class="{cls}" download="{esc(filename)}" '
            f'href="data:{mime};charset=utf-8;base64,{data}">{esc(label)}</a>')


_PRINT_CSS = """body{font-family:system-ui,sans-serif;max-width:52em;margin:1.5em auto;color:#111}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #999;padding:.2em .5em;text-align:left}
.iop-flag-critical{border:2px solid #b00;background:#fee;padding:.4em;font-weight:600}
.iop-flag-warning{border:1px solid #a60;background:#ffe;padding:.3em}.iop-source{color:#555;font-size:.85em}
@media print{a{color:#111}}"""


def summary_document(title: str, sections: Iterable[tuple[str, str]], disclaimer: str, generated: str) -> str:
    """A standalone printable HTML page: ``sections`` are (heading, HTML body) pairs, already escaped."""
    body = "".join(f"<section><h2>{esc(h)}</h2>{content}</section>" for h, content in sections)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>'
            f"<style>{_PRINT_CSS}</style></head><body><h1>{esc(title)}</h1>"
            f"<p class='iop-source'>Generated {esc(generated)} by iopkit.</p>{body}"
            f"<p class='iop-source'>{esc(disclaimer)}</p></body></html>")
