"""Result objects to HTML, for the dashboards and the printable summary.

Plain functions from iopkit results (Score, Recommendation, DosePlan, ...) to escaped HTML
strings; no ipywidgets here, so they are tested as text. A result table is one HTML string,
shown by one ``HTML`` widget (few widgets render fast in Voila).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..markup import (  # shared with the printable reports
    CALLS_FOR_TEXT,
    PARTIAL_TEXT,
    SEVERITY_TITLE,
    Raw,
    answer_said,
    esc,
    flags_html,
    headline_html,
    references_html,
    source_html,
    table_html,
    words,
)

__all__ = [
    "CALLS_FOR_TEXT",
    "PARTIAL_TEXT",
    "SEVERITY_TITLE",
    "Raw",
    "answer_said",
    "answer_words",
    "basis_html",
    "download_link",
    "esc",
    "flags_html",
    "headline_html",
    "hours_text",
    "recommendation_html",
    "references_html",
    "score_html",
    "source_html",
    "suggestion_said",
    "summary_document",
    "table_html",
    "words",
]


def answer_words(instrument: str | None, number: int, value: Any) -> str:
    """An item's answer in its form's words: its printed label with the points after it ("Nearly every day (3)" for
    PHQ-9 item 9 at 3, walk24 finding 6: never the bare value), a yes/no item "Yes" or "No"; where the form prints only
    the number, or the instrument or item is not known, the value as it is (:func:`~iopkit.markup.answer_said`).

    Parameters
    ----------
    instrument : str or None
        The instrument's code (``None``: not known).
    number : int
        The item's number on the form.
    value : Any
        The answer (an item's input of :attr:`iopkit.scoring.Basis.inputs`).

    Returns
    -------
    str
        The answer in words (not escaped).

    Examples
    --------
    >>> answer_words("phq9", 9, 2), answer_words("cssrs_screen", 3, True), answer_words("ciwa_ar", 1, 2)
    ('More than half the days (2)', 'Yes', '2')
    """
    from ..errors import IopkitError

    said = answer_said(value)
    if instrument is None or isinstance(value, bool) or not isinstance(value, int):
        return said
    from ..instruments import get
    from ..scoring.engine import rating  # an answer's printed label, as a correction names it

    try:
        item = get(instrument).item(number)
    except IopkitError:  # an instrument retired, or an item it no longer has, since the score was saved
        return said
    label = rating(item, value)[1] if item.options else ""
    return f"{label} ({said})" if label else said


def basis_html(basis: Any, instrument: str | None = None) -> str:
    """A score's basis in plain words: the rule (its band's cut-offs named by their source's short citation), the
    inputs that drove it, each in its form's words (:func:`answer_words`: "item 9 = More than half the days (2)", a
    yes/no item "Yes" or "No"), and its source; never a scheme's or band's code (walk23 finding 3: the scheme's id,
    e.g. "kroenke_2001", is data for exports, not text for a clinician).

    Parameters
    ----------
    basis : Basis
        The score's basis (:class:`iopkit.scoring.Basis`: rule, inputs, scheme, source, notes).
    instrument : str, optional
        The score's instrument, whose form's words the answers are said in (default: the values as they are).

    Returns
    -------
    str
        The basis as an HTML block (``iop-basis``), every value escaped.
    """
    inputs = ", ".join(
        f"item {item} = {esc(answer_words(instrument, item, value))}"
        for item, value in getattr(basis, "inputs", ()) or ()
    )
    notes = "".join(f"<li>{esc(n)}</li>" for n in getattr(basis, "notes", ()) or ())
    return (
        f'<div class="iop-basis"><p><strong>How this was worked out:</strong> {esc(basis.rule)}</p>'
        + (f"<p>Answers that drove it: {inputs}</p>" if inputs else "")
        + f"<div>{source_html(basis.source)}</div>"
        + (f"<ul>{notes}</ul>" if notes else "")
        + "</div>"
    )


def score_html(score: Any, name: str = "", total_range: tuple | None = None) -> str:
    """Headline (total and band), subscores and basis of one Score, as one HTML block (``iop-score``).

    Parameters
    ----------
    score : Score
        The score (:class:`iopkit.scoring.Score`).
    name : str
        The instrument's name in the headline (default the score's instrument code).
    total_range : tuple, optional
        The instrument's (lowest, highest) total; the headline then says "of" the highest.

    Returns
    -------
    str
        The score as an HTML block.
    """
    title = esc(name or score.instrument)
    if score.total is not None:
        of = f" of {total_range[1]}" if total_range else ""
        total = f'<span class="iop-total">Total {esc(answer_said(score.total))}{of}</span>'
    else:
        total = '<span class="iop-total">No total (this instrument is read by its parts)</span>'
    band = f' <span class="iop-band">{esc(words(score.band))}</span>' if score.band else ""
    subs = ""
    if score.subscores:
        subs = table_html(
            ["Part", "Value"],
            [(words(k), answer_said(v)) for k, v in score.subscores.items()],
            cls="iop-table iop-subscores",
        )
    return (
        f'<div class="iop-score" data-instrument="{esc(score.instrument)}">'
        f'<div class="iop-headline">{title}: {total}{band}</div>{subs}{basis_html(score.basis, score.instrument)}</div>'
    )


def hours_text(low: float, high: float | None) -> str:
    """A weekly-hours range ``[low, high)`` in words.

    Parameters
    ----------
    low : float
        The lowest hours (included).
    high : float, optional
        The upper bound (excluded); ``None`` when there is none.

    Returns
    -------
    str
        The range in words.

    Examples
    --------
    >>> hours_text(0, 9), hours_text(9, 20), hours_text(20, None)
    ('under 9', '9 to under 20', '20 or more')
    """
    if high is None:
        return f"{low:g} or more"
    return f"under {high:g}" if low == 0 else f"{low:g} to under {high:g}"


def _code(level: Any) -> str:
    return "—" if level is None else level.code


def suggestion_said(suggestion: Any) -> str:
    """A dimension's suggestion as every page says it, escaped for HTML: its rating, what it came from by the clinic's
    name for it (:func:`iopkit.records.short_name`: "DAST-10", never ``dast10``) and why: "2 from DAST-10: DAST-10 6-10:
    substantial or severe problems, intensive assessment (total 6)" (walk23 finding 3, walk24 finding 6).

    Parameters
    ----------
    suggestion : Suggestion
        The suggestion (:class:`iopkit.placement.suggest.Suggestion`).

    Returns
    -------
    str
        Its words, HTML-escaped.
    """
    from ..records import short_name

    return f"{suggestion.rating} from {esc(short_name(suggestion.from_score))}: {esc(suggestion.reason)}"


def _suggested(rec: Any, basis: Any) -> Any:
    """What the scores suggested for one dimension, its source cited like every other."""
    if basis.suggested_rating is None:
        return "—"
    for s in rec.suggested:
        if s.dimension == basis.dimension and s.rating == basis.suggested_rating:
            return Raw(f"{suggestion_said(s)} {source_html(s.source, label='')}")
    from ..records import short_name

    # a suggestion saved before it named its source ("dast10: ..."): the name, never the code (walk24 finding 6)
    source, sep, why = str(basis.suggested_from).partition(": ")
    return f"{basis.suggested_rating} ({short_name(source)}{sep}{why})"


def recommendation_html(rec: Any) -> str:
    """A Recommendation: its headline (the withdrawal level first where withdrawal management is residential
    or inpatient), withdrawal management, hours/week, the per-dimension basis with sources, alternatives.

    Parameters
    ----------
    rec : Recommendation
        The placement recommendation (:class:`iopkit.placement.Recommendation`).

    Returns
    -------
    str
        The recommendation as an HTML block, every value escaped.
    """
    from ..placement.levels import LevelOfCare, minimum_clinical_hours
    from ..placement.recommendation import below_suggested_withdrawal_management
    from ..placement.rule_table import SETTING_WM

    hours = ""
    who = "adolescents" if rec.adolescent else "adults"
    if rec.level in SETTING_WM and rec.level is not LevelOfCare.RESIDENTIAL_LOW:
        # Levels 3.3 to 4: daily clinical services within the setting, no weekly hours (physician review R17a
        # (session 15), should-fix S5, its words)
        hours = (
            f'<p class="iop-hours">{esc(rec.level)} is a 24-hour setting with daily clinical services within it (the '
            "ASAM Criteria set no weekly hours for it; not counted in weekly outpatient hours)</p>"
        )
    elif rec.hours_per_week:
        # 24-hour withdrawal management first, never Level 4's own (managed within it, as the headline says)
        after = " after withdrawal management" if rec.withdrawal_first else ""
        if rec.level in SETTING_WM and rec.clinical_services is not None:
            # Level 3.1's own hours with an outpatient level's services alongside it, never "within it" (R17a S5)
            own = minimum_clinical_hours(rec.level, adolescent=rec.adolescent)
            hours = (
                f'<p class="iop-hours">{esc(rec.level)} is a 24-hour setting (residential, not counted in weekly '
                f"outpatient hours). Clinical services per week ({who}): {hours_text(*rec.hours_per_week)}: its own "
                f"(at least {own:g}) with {esc(rec.clinical_services.code)}-level clinical services alongside it</p>"
            )
        elif rec.level in SETTING_WM:  # Level 3.1: its weekly hours are clinical services in it
            hours = (
                f'<p class="iop-hours">{esc(rec.level)} is a 24-hour setting (residential or inpatient, not counted in '
                f"weekly outpatient hours). Clinical services within it per week ({who}): "
                f"{hours_text(*rec.hours_per_week)}</p>"
            )
        else:
            hours = (
                f'<p class="iop-hours">Hours of service per week at {esc(rec.level)}{after} ({who}): '
                f"{hours_text(*rec.hours_per_week)}</p>"
            )
    # rated below what the withdrawal history or flags call for: never shown as if it were that setting
    below = below_suggested_withdrawal_management(rec)
    wm = (
        f"<p>Withdrawal management: <strong>{esc(rec.withdrawal_management)}</strong>"
        if rec.withdrawal_management
        else f"<p>Withdrawal management: {'none on these ratings' if below else 'not needed on these ratings'}"
    ) + (f' <span class="iop-wm-below">({esc(below)})</span></p>' if below else "</p>")
    rows = [
        (
            f"{b.dimension}. {b.name}",
            b.rating,
            _suggested(rec, b),
            _code(b.level_required) if b.level_required else f"WM {_code(b.withdrawal_management)}",
            b.rule,
            source_html(b.source, label=""),
        )
        for b in rec.basis
    ]
    basis = table_html(
        ["Dimension", "Rating", "Suggested from scores", "Needs level", "Rule", "Source"],
        rows,
        cls="iop-table iop-placement-basis",
    )
    alts = "".join(
        f"<li>{esc(a.describe())} — when {esc(a.when)} {source_html(a.source)}</li>" for a in rec.alternatives
    )
    first = " iop-withdrawal-first" if rec.withdrawal_first else ""
    return (
        # the headline one step per line, the first in bold (headline_html); .iop-level holds it, as before
        f'<div class="iop-recommendation{first}"><div class="iop-headline">'
        f'<div class="iop-level">{headline_html(rec.headline)}</div></div>{wm}{hours}'
        f"<p>The level is the most intensive level any one dimension needs (never an average).</p>{basis}"
        + (f"<p>Other safe options:</p><ul class='iop-alternatives'>{alts}</ul>" if alts else "")
        + "</div>"
    )


def download_link(filename: str, content: str, mime: str, label: str, *, cls: str = "iop-download") -> str:
    """An ``<a download>`` link carrying ``content`` in a data URI (works offline, no server route).

    Parameters
    ----------
    filename : str
        The name the browser saves the file under.
    content : str
        The file's text (sent as UTF-8, base64-encoded).
    mime : str
        The file's media type, e.g. ``text/csv``.
    label : str
        The link's text (escaped).
    cls : str
        The link's CSS class.

    Returns
    -------
    str
        The ``<a>`` element as HTML.

    Examples
    --------
    >>> download_link("a.ics", "X", "text/calendar", "Download")
    '<a class="iop-download" download="a.ics" href="data:text/calendar;charset=utf-8;base64,WA==">Download</a>'
    """
    import base64

    data = base64.b64encode(content.encode("utf-8")).decode("ascii")
    return (
        f'<a class="{cls}" download="{esc(filename)}" href="data:{mime};charset=utf-8;base64,{data}">{esc(label)}</a>'
    )


_PRINT_CSS = """body{font-family:system-ui,sans-serif;max-width:52em;margin:1.5em auto;color:#111}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #999;padding:.2em .5em;text-align:left}
.iop-flag-critical{border:2px solid #b00;background:#fee;padding:.4em;font-weight:600}
.iop-flag-warning{border:1px solid #a60;background:#ffe;padding:.3em}.iop-source{color:#444;font-size:.9em}
.iop-cite{display:inline-block}.iop-cite summary{display:inline;cursor:pointer}.iop-cite+.iop-cite::before{content:"; "}
.iop-partial,.iop-calls-for,.iop-next-step{margin-top:.2em}.iop-headline{font-size:1.15em;font-weight:700;margin:.3em 0}
.iop-headline :is(.iop-steps,.iop-then){font-weight:400;margin:.2em 0}.iop-steps>li{margin:.15em 0}
.iop-withdrawal-first{border:2px solid #b00;padding:.4em}.iop-decision-line{font-size:1.1em}
@media print{a{color:#111}.iop-cite summary{list-style:none}.iop-cite summary::-webkit-details-marker{display:none}}"""


def summary_document(title: str, sections: Iterable[tuple[str, str]], disclaimer: str, generated: str) -> str:
    """A standalone printable HTML page: ``sections`` are (heading, HTML body) pairs, already escaped.

    The page ends with the full citation of every source it cites (:func:`references_html`).

    Parameters
    ----------
    title : str
        The page's title and heading (escaped).
    sections : iterable of (str, str)
        (heading, HTML body) pairs; the headings are escaped, the bodies must be already.
    disclaimer : str
        The disclaimer at the foot of the page (escaped).
    generated : str
        When the page was made, in words.

    Returns
    -------
    str
        The whole HTML document (``<!DOCTYPE html>``), print styles inline.
    """
    body = "".join(f"<section><h2>{esc(h)}</h2>{content}</section>" for h, content in sections)
    references = references_html(body)
    if references:
        body += f'<section class="iop-references-section"><h2>References</h2>{references}</section>'
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>'
        f"<style>{_PRINT_CSS}</style></head><body><h1>{esc(title)}</h1>"
        f"<p class='iop-source'>Generated {esc(generated)} by iopkit.</p>{body}"
        f"<p class='iop-source'>{esc(disclaimer)}</p></body></html>"
    )


def triage_html(level: object) -> str:
    """Beside an overall risk level chosen (a :class:`~iopkit.flags.RiskLevel` value, or nothing chosen): at high,
    what the C-SSRS screener's triage calls for, with its source (:func:`iopkit.flags.triage_reminder`); else "".

    Parameters
    ----------
    level : object
        The dropdown's value.

    Returns
    -------
    str
    """
    from ..flags import triage_reminder

    text, source = triage_reminder(level)  # type: ignore[arg-type]  # anything but high is no reminder
    return f'<div class="iop-flag-critical" role="alert">{esc(text)} {source_html(source)}</div>' if text else ""
