"""Results and flags as escaped HTML text: shared by the pages (:mod:`iopkit.widgets.render`) and the
printable reports (:mod:`iopkit.report.patient`), so a flag reads the same on screen and on paper.

Plain functions, no ipywidgets and nothing heavy at import.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from typing import Any

from .flags import SCREEN_READ_CALLS_FOR

__all__ = [
    "CALLS_FOR_CODE_TEXT",
    "CALLS_FOR_TEXT",
    "MEDICAL_REVIEW_TEXT",
    "PARTIAL_TEXT",
    "SEVERITY_TITLE",
    "Raw",
    "answer_said",
    "clipped",
    "esc",
    "flag_class",
    "flags_class",
    "flags_html",
    "headline_html",
    "references_html",
    "source_html",
    "table_html",
    "words",
]

SEVERITY_TITLE = {"critical": "Act now", "warning": "Check", "info": "Note"}

#: What each kind of response a flag calls for means, in the clinic's words (keys: ``iopkit.flags.CallsFor``).
CALLS_FOR_TEXT = {
    "emergency_evaluation": "Calls for safety precautions now (do not leave the patient alone) and an immediate "
    "emergency mental-health evaluation, which decides any hospitalisation.",
    "risk_assessment": "Calls for a suicide risk assessment by a qualified clinician today, before the patient "
    "leaves (a risk assessment, not by itself a change of level of care).",
    "medical_review": "Calls for a prescriber's or nurse's review today, before the patient leaves.",
    "level_review": "Calls for a review of the level of care with the team.",
    "counselling": "Calls for counselling or a brief intervention at this visit.",
    # a short screen's positive result (AUDIT-C, PHQ-2, GAD-2): the full questionnaire its next step names, never
    # "missing answers" of a complete form (walk24 finding 8)
    "complete_form": "Calls for the full questionnaire at this visit.",
    "note": "For the record.",
}
#: A flag's "calls for" line where its rule's code says more than what it calls for: PCL-5 item 16 (risky or harmful
#: behaviour) is no suicide screen, so it calls for one, and a positive screen then for the risk assessment (physician
#: review R23c A4, its words; its routing stays ``risk_assessment``).
#: The continued-stay review's suicide box (``risk_assessment_due``) has none: its next step names the suicide risk
#: assessment, once, with who does it and by when (physician review R25a 3: the box named it three times).
CALLS_FOR_CODE_TEXT = {
    "possible_self_harm": "Calls for a suicide screen today (C-SSRS screener, Intake & measures); a positive screen "
    "then calls for a suicide risk assessment before the patient leaves.",
    "risk_assessment_due": "",
}
#: What a flag calling for a medical review calls for, by how soon and by whom (keys: ``iopkit.flags.MedicalReview``,
#: as :func:`iopkit.flags.medical_review_of` reads the flag): a critical withdrawal flag (e.g. CIWA-Ar hallucinations
#: or disorientation: possible withdrawal delirium, ASAM 2020 alcohol withdrawal guideline, Rec VI.7) or inattention
#: (CIWA-Ar item 10 at 1) a prescriber's medical review now, never a nurse's review later the same day; withdrawal to
#: treat (CIWA-Ar or COWS moderate) a prescriber's decision before the patient leaves; any other the day's review; a
#: drug screen's (an opioid positive, read after the visit) the day the result is read, never "before the patient
#: leaves" (physician reviews R17a-S4 and R18-S3: :data:`iopkit.flags.SCREEN_READ_CALLS_FOR`).
MEDICAL_REVIEW_TEXT = {
    "now": "Calls for a prescriber's (medical) review now.",
    "prescriber": "Calls for a prescriber's review (or a nurse under the prescriber's withdrawal protocol) before "
    "the patient leaves; if the patient has left, today.",
    "today": CALLS_FOR_TEXT["medical_review"],
    "screen_read": SCREEN_READ_CALLS_FOR,
}


#: How a flag raised on an unfinished form (``Flag.partial``) reads: a certain lower bound.
PARTIAL_TEXT = "Unfinished form: a lower bound; the remaining questions could raise it: ask them now."


def esc(value: Any) -> str:
    """``value`` as escaped text (``None`` as an em dash).

    Parameters
    ----------
    value : object
        Any value; shown as its ``str``.

    Returns
    -------
    str
        HTML-escaped text.
    """
    return "—" if value is None else html.escape(str(value))


def words(label: str | None) -> str:
    """A snake_case band or code in plain words: ``moderately_severe`` -> ``moderately severe``.

    Parameters
    ----------
    label : str or None
        A snake_case label.

    Returns
    -------
    str
        The label with spaces (``None`` as an em dash).
    """
    return "—" if label is None else str(label).replace("_", " ")


def answer_said(value: Any) -> str:
    """An answer or part score as the clinic reads it: a yes/no item "Yes" or "No" (never Python's True/False, walk23
    finding 3), a number without a trailing ".0", none as a dash, anything else as it is.

    Parameters
    ----------
    value : Any
        The answer (an item's input of :attr:`iopkit.scoring.Basis.inputs`, a subscore, a total).

    Returns
    -------
    str
        The value in words.

    Examples
    --------
    >>> answer_said(True), answer_said(False), answer_said(2), answer_said(1.5), answer_said(3.0), answer_said(None)
    ('Yes', 'No', '2', '1.5', '3', '—')
    """
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return "—" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def clipped(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word's end, with an ellipsis when cut (a list's option,
    never "... better off dead or o"; walk review F13 b).

    Parameters
    ----------
    text : str
        The words.
    limit : int
        The most characters kept, the ellipsis included.

    Returns
    -------
    str
        ``text`` when it fits; else its longest run of whole words that fits, then "…".

    Examples
    --------
    >>> clipped("thoughts of being better off dead or of self-harm", 38)
    'thoughts of being better off dead or…'
    >>> clipped("short", 40)
    'short'
    """
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if not text[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return cut.rstrip(" ,;:(") + "…"


class Raw(str):
    """HTML built by these functions (already escaped): a table cell holding it is not escaped again."""


def _cell(value: Any) -> str:
    return value if isinstance(value, Raw) else esc(value)


def table_html(
    header: Sequence[str], rows: Iterable[Sequence[Any]], *, cls: str = "iop-table", caption: str = ""
) -> str:
    """One escaped HTML table (cells that are :class:`Raw` are inserted as they are).

    Parameters
    ----------
    header : sequence of str
        The column headings.
    rows : iterable of sequences
        The cells of each row; escaped unless :class:`Raw`.
    cls : str
        The table's CSS class.
    caption : str
        The table's caption (none if empty).

    Returns
    -------
    str
        The ``<table>`` element.

    Examples
    --------
    >>> out = table_html(["Item", "Answer"], [[9, "<1>"]], cls="iop-x")
    >>> out.startswith('<table class="iop-x"><thead><tr><th scope="col">Item</th>')
    True
    >>> out.endswith('<tbody><tr><td>9</td><td>&lt;1&gt;</td></tr></tbody></table>')
    True
    """
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_cell(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def source_html(text: str | None, *, label: str = "Source") -> Raw:
    """A rule's ``source`` field as a clinician reads it: each source's short form inline, its full
    citation on demand (a ``<details>`` element), via :func:`iopkit.sources.resolve`.

    iopkit's own rules read as such, in plain words. Each source carries ``data-source-key`` so the
    printable summary can list the references it cites (:func:`references_html`). Text that is not a
    bibliography key (records saved before the bibliography) is shown as it is.

    Parameters
    ----------
    text : str or None
        A rule's ``source`` field: bibliography keys separated by ``;``, or older free text.
    label : str
        The word before the sources (none if empty).

    Returns
    -------
    Raw
        The HTML (empty for no source).

    Examples
    --------
    >>> out = source_html("iopkit")
    >>> "own rule, not from a published source" in out and 'data-source-key="iopkit"' in out
    True
    >>> source_html("")
    ''
    """
    from .sources import UnknownSourceError, resolve

    if not text or not str(text).strip():
        return Raw("")
    prefix = f"{esc(label)}: " if label else ""
    try:
        found = resolve(str(text))
    except UnknownSourceError:
        return Raw(f'<span class="iop-source">{prefix}{esc(text)}</span>')
    parts = []
    for s in found:
        link = f' <a href="{esc(s.url)}" rel="noopener noreferrer" target="_blank">{esc(s.url)}</a>' if s.url else ""
        supports = f'<span class="iop-supports"> Supports: {esc(s.supports.rstrip("."))}.</span>' if s.supports else ""
        own = " iop-own-rule" if s.own_rule else ""
        parts.append(
            f'<details class="iop-cite{own}" data-source-key="{esc(s.key)}"><summary>{esc(s.short)}'
            f'</summary><span class="iop-citation">{esc(s.citation)}{link}</span>{supports}</details>'
        )
    return Raw(f'<span class="iop-source">{prefix}{"".join(parts)}</span>')


def _source_keys(document: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r'data-source-key="([^"]+)"', document)))


def references_html(document: str) -> str:
    """The full citation of every source cited in ``document`` (HTML from these functions), in order of
    first citation, as an ordered list; empty if it cites none.

    Parameters
    ----------
    document : str
        HTML made with :func:`source_html` (escaped or not).

    Returns
    -------
    str
        An ``<ol class="iop-references">``, or ``""`` if the document cites no known source.

    Examples
    --------
    >>> "iopkit design choice" in references_html(source_html("iopkit"))
    True
    """
    from .sources import UnknownSourceError, source

    items = []
    for key in _source_keys(html.unescape(document)):
        try:
            s = source(key)
        except UnknownSourceError:
            continue
        items.append(
            f'<li data-source-key="{esc(s.key)}"><strong>{esc(s.short)}</strong>. {esc(s.citation)}'
            + (f" {esc(s.url)}" if s.url else "")
            + "</li>"
        )
    return f'<ol class="iop-references">{"".join(items)}</ol>' if items else ""


def headline_html(headline: str) -> str:
    """A headline (a placement's or a continued-stay review's) as the pages and the summary show it: its first
    sentence one step per line, the first step in bold, each later sentence a paragraph of its own (physician review
    R6, should-fix 6: "display: the first step bold, one step per line"; iopkit's own display rule).

    The pieces are :func:`iopkit.placement.steps.headline_steps`'s, every word the headline's own: the steps are an
    ordered list (``<ol class="iop-steps">``, one ``<li>`` each, the "; " between them kept as ";" at a line's end),
    a first sentence of one step a ``<p class="iop-steps">``; the first step is ``<strong>``, in the item (or
    paragraph) of class ``iop-first-step``; each later sentence is a ``<p class="iop-then">``.

    Parameters
    ----------
    headline : str
        The headline (:attr:`iopkit.placement.Recommendation.headline`, :attr:`iopkit.placement.Review.headline`).

    Returns
    -------
    str
        The escaped HTML, ``""`` for an empty headline.

    Examples
    --------
    >>> for line in headline_html("First: call; if it fails: stay; review <now>. Then: continue.").split("><"):
    ...     print(line)
    <ol class="iop-steps"
    li class="iop-step iop-first-step"
    strong>First: call; if it fails: stay</strong>;</li
    li class="iop-step">review &lt;now&gt;.</li
    /ol
    p class="iop-then">Then: continue.</p>
    >>> headline_html("Continue at Level 2.1 (Intensive outpatient)")
    '<p class="iop-steps iop-first-step"><strong>Continue at Level 2.1 (Intensive outpatient)</strong></p>'
    """
    from .placement.steps import headline_steps

    pieces = headline_steps(headline)
    steps = [s for s in pieces if s.sentence == 0]

    def text(step: Any) -> str:
        words = f"<strong>{esc(step.text)}</strong>" if step.first else esc(step.text)
        return words + esc(step.separator.rstrip())  # "; " as ";" at the line's end; " " before a sentence: none

    if len(steps) == 1:
        lead = f'<p class="iop-steps iop-first-step">{text(steps[0])}</p>'
    else:
        lead = (
            '<ol class="iop-steps">'
            + "".join(f'<li class="iop-step{" iop-first-step" if s.first else ""}">{text(s)}</li>' for s in steps)
            + "</ol>"
        )
    return (lead if steps else "") + "".join(f'<p class="iop-then">{esc(s.text)}</p>' for s in pieces if s.sentence > 0)


def flag_class(flag: Any) -> str:
    """The CSS class a flag is painted with wherever it is listed: ``iop-flag-`` and its severity at its rule's
    severity (:func:`iopkit.flags.at_rule_severity`), as :func:`flags_html` paints it: a critical flag red, a warning
    amber (e.g. AUDIT item 6), a note for the record blue (physician review R25a: the chart header and the caseload
    painted every open flag red).

    Parameters
    ----------
    flag : Flag
        The flag (:class:`iopkit.flags.Flag`).

    Returns
    -------
    str
        ``"iop-flag-critical"``, ``"iop-flag-warning"`` or ``"iop-flag-info"``.

    Examples
    --------
    >>> from iopkit.flags import Flag
    >>> flag_class(Flag("withdrawal_risk", "AUDIT item 6", "warning"))
    'iop-flag-warning'
    >>> flag_class(Flag("suicide_risk_moderate", "C-SSRS moderate risk", "warning"))  # saved before R23c A1
    'iop-flag-critical'
    """
    from .flags import severity_shown

    return f"iop-flag-{severity_shown(flag)}"


def flags_class(flags: Iterable[Any]) -> str:
    """The CSS class of a mark standing for several flags (a roster row's marker, the caseload's count): as
    :func:`flag_class` paints the most severe of them (:func:`iopkit.flags.most_severe`), red only when one of them is
    critical, amber when the worst is a warning (e.g. AUDIT item 6 alone); ``""`` for no flag.

    Parameters
    ----------
    flags : iterable of Flag
        The flags (:class:`iopkit.flags.Flag`).

    Returns
    -------
    str
        ``"iop-flag-critical"``, ``"iop-flag-warning"``, ``"iop-flag-info"`` or ``""``.

    Examples
    --------
    >>> from iopkit.flags import Flag
    >>> flags_class([Flag("withdrawal_risk", "AUDIT item 6", "warning")])
    'iop-flag-warning'
    >>> flags_class([Flag("withdrawal_risk", "AUDIT item 6", "warning"), Flag("si", "PHQ-9 item 9", "critical")])
    'iop-flag-critical'
    >>> flags_class([])
    ''
    """
    from .flags import most_severe

    worst = most_severe(flags)
    return "" if worst is None else f"iop-flag-{worst}"


def flags_html(flags: Iterable[Any]) -> str:
    """Flags, most urgent first (:func:`iopkit.flags.by_urgency`), each with what it calls for, its next step
    and its source; a critical flag is a prominent ``iop-flag-critical`` alert. A flag raised on an unfinished
    form (``partial``) says it is a lower bound and that the remaining questions must be asked now; not one raised
    only as a blank safety question's worst case (``worst_case``): that is no lower bound, and its message says
    the question is to be asked. A flag of an assessment of another day says that day (:attr:`iopkit.flags.Flag.said`:
    "... (flag of 20 Nov 2026)"), never reading as today's.

    Parameters
    ----------
    flags : iterable of Flag
        The flags to show.

    Returns
    -------
    str
        A ``<div class="iop-flags">``, or ``""`` for no flag.

    Examples
    --------
    >>> from iopkit.flags import Flag
    >>> out = flags_html([Flag("si", "Item 9 endorsed", "critical", "Assess risk today", "iopkit",
    ...                        calls_for="risk_assessment", partial=True)])
    >>> 'class="iop-flag iop-flag-critical iop-flag-partial" role="alert"' in out
    True
    >>> "Next step: Assess risk today" in out
    True
    >>> "suicide risk assessment" in out and "the remaining questions could raise it: ask them now" in out
    True
    >>> import datetime as dt
    >>> old = Flag("si", "Item 9 endorsed", "critical", day=dt.date(2026, 11, 20))
    >>> "<strong>Act now: Item 9 endorsed (flag of 20 Nov 2026)</strong>" in flags_html([old])
    True
    """
    from .flags import CallsFor, by_urgency, medical_review_of, severity_shown

    parts = []
    for flag in by_urgency(flags):
        severity = str(severity_shown(flag))
        role = ' role="alert"' if severity == "critical" else ""
        partial = (
            (" iop-flag-partial", "" if flag.worst_case else f'<div class="iop-partial">{esc(PARTIAL_TEXT)}</div>')
            if flag.partial  # a blank safety question's worst case is no lower bound: its message says to ask it
            else ("", "")
        )
        calls = (
            CALLS_FOR_CODE_TEXT[flag.code]
            if flag.code in CALLS_FOR_CODE_TEXT
            else (
                MEDICAL_REVIEW_TEXT[medical_review_of(flag).value]
                if str(flag.calls_for) == CallsFor.MEDICAL_REVIEW
                else CALLS_FOR_TEXT.get(str(flag.calls_for), "")
            )
        )
        calls_for = (
            f'<div class="iop-calls-for" data-calls-for="{esc(flag.calls_for)}">{esc(calls)}</div>' if calls else ""
        )
        step = f'<div class="iop-next-step">Next step: {esc(flag.action)}</div>' if flag.action else ""
        parts.append(
            f'<div class="iop-flag {flag_class(flag)}{partial[0]}"{role} data-code="{esc(flag.code)}">'
            f"<strong>{SEVERITY_TITLE.get(severity, 'Note')}: {esc(flag.said)}</strong>{partial[1]}{calls_for}"
            f"{step}<div>{source_html(flag.source)}</div></div>"
        )
    return f'<div class="iop-flags">{"".join(parts)}</div>' if parts else ""
