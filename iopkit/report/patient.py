"""The one-page patient summary for the chart: where the patient stands today, printable on one page.

Header (patient, level of care and since when, dates, open flags: those of saved records and those of the
patient's check-in answers not saved yet), the latest score of each instrument
with its trend, the placement decision (the clinician's level first, the recommendation beside it), the
dose planned against delivered, the drug screens and the continued-stay review, then a signature line.
Every time is on one clock, the clinic's (this server's local zone, :func:`local_time`): the header names the
zone once, each full time carries its abbreviation, and a flag's "at 09:00" is on the same clock.  Every version
of every record follows on further pages only when asked (``history=True``).  Pure HTML with print CSS
(``@page`` Letter or A4), no scripts, nothing fetched.

Examples
--------
>>> import tempfile, pathlib
>>> from iopkit import score
>>> from iopkit.store import Store
>>> store = Store(pathlib.Path(tempfile.mkdtemp()) / "s.sqlite")
>>> pid = store.add_patient("IOP-1")
>>> _ = store.save(pid, score("phq9", [1] * 9), by="KM")
>>> page = patient_summary_html(store, pid, generated="2026-03-02 10:00 UTC")
>>> "PHQ-9" in page and "Signature" in page and "@page" in page
True
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..entry import clinic_clock, clinical_day, local_time, zone_note  # the summary's clock (re-exported)
from ..flags import CallsFor
from ..markup import Raw, esc, flags_html, headline_html, references_html, source_html, table_html, words

if TYPE_CHECKING:
    from ..episode import Episode, LatestScore
    from ..instruments import Instrument
    from ..records import DrugScreen


__all__ = ["PAPER", "local_time", "patient_summary_html", "screen_text", "zone_note"]

#: Paper sizes the summary's ``@page`` rule knows.
PAPER = ("Letter", "A4")
DISCLAIMER = (
    "iopkit supports clinical decisions; it does not diagnose. Every score and recommendation shows its "
    "basis and source so that you can check it. Use your clinical judgement and your programme's policies. "
    "Sources are named by short citation; their full citations are listed on screen, and printed when asked."
)

_CSS = """
@page { size: %(paper)s; margin: 8mm 8mm 10mm;
        @bottom-left { content: "Patient summary: %(pseudonym)s"; font: 7pt system-ui, sans-serif; color: #333; }
        @bottom-right { content: "page " counter(page) " of " counter(pages); font: 7pt system-ui, sans-serif;
                        color: #333; } }
* { box-sizing: border-box; }
body { font: 8.5pt/1.15 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111; margin: 0 auto;
       max-width: 56em; padding: 8px; }
h1 { font-size: 13pt; margin: 0 0 1px; } h2 { font-size: 10pt; margin: 4px 0 1px; border-bottom: 1px solid #777; }
p { margin: 1px 0; } .meta { color: #333; font-size: 7.5pt; }
table { border-collapse: collapse; width: 100%%; font-size: 8pt; margin: 1px 0 3px; }
th, td { border: 1px solid #999; padding: 0 3px; text-align: left; vertical-align: top; }
th { background: #eef1f5; }
.iop-flag { padding: 0 4px; margin: 1px 0; font-size: 7.5pt; line-height: 1.1; } .iop-flag strong { display: block; }
.iop-flag-critical { border: 2px solid #a00; background: #fee; } .iop-flag-warning { border: 1px solid #850; }
.iop-flag strong { color: #111; } .iop-flag-critical strong { color: #900; } .iop-open { color: #b00000; }
.iop-source, .iop-citation, .iop-supports { color: #333; font-size: 7.5pt; }
.iop-cite, .iop-source div { display: inline; } .iop-cite summary { display: inline; list-style: none; }
.iop-cite summary::-webkit-details-marker { display: none; } .iop-cite+.iop-cite::before { content: "; "; }
.iop-cite .iop-citation, .iop-cite .iop-supports { display: none; }
.decision { font-size: 10pt; font-weight: 700; } .beside { font-weight: 400; color: #333; font-size: 8.5pt; }
.decision :is(.iop-steps, .iop-then) { font-weight: 400; margin: 1px 0; } ol.iop-steps { padding-left: 18px; }
.iop-suicide-screens { font-size: 7pt; } .iop-suicide-screens td:first-child { white-space: nowrap; }
.iop-flag:has(.iop-next-step) .iop-calls-for { display: none; }
.signature-block { break-inside: avoid; page-break-inside: avoid; }
.iop-prompt { white-space: normal; }
.signature { margin-top: 10px; display: flex; gap: 18px; font-size: 8.5pt; }
.signature span { flex: 1; border-top: 1px solid #111; padding-top: 2px; }
.iop-references { font-size: 6.5pt; line-height: 1.2; color: #333; margin: 2px 0; padding-left: 16px;
                   columns: 2; column-gap: 14px; }
.iop-references li { break-inside: avoid; } td:nth-child(2) { white-space: nowrap; }
.iop-calls-for, .iop-next-step { display: inline; } .iop-next-step::before { content: " "; }
ul { margin: 1px 0; padding-left: 18px; }
.history, .references-printed { break-before: page; page-break-before: always; }
@media print { body { padding: 0; max-width: none; line-height: 1.12; } h2 { break-after: avoid; margin-top: 3px; }
               table { break-inside: avoid; } a { color: #111; } .references-on-screen { display: none; }
               .iop-flag { line-height: 1.05; } .iop-flag > div:has(> .iop-source) { display: inline; }
               .iop-flag > div:has(> .iop-source)::before { content: " "; }
               /* one Letter page for a patient with three open flags and nine screens (walk24 finding 11) */
               body { font-size: 8pt; } .decision { font-size: 9pt; } table { font-size: 7.5pt; }
               .iop-flag { font-size: 7pt; } .iop-flag strong { font-size: 7.5pt; }
               .iop-flag .iop-source, .signature-block .meta { font-size: 6.5pt; }
               h2 { margin-top: 2px; } .signature { margin-top: 8px; } .beside { font-size: 7.5pt; }
               .iop-suicide-screens :is(td, th):nth-child(4) { width: 62%%; } }
"""


#: What a CSS string may not hold of a pseudonym (the page foot names the patient): quotes, backslashes, markup.
_CSS_TEXT = re.compile(r"[^\w .,:()-]")


#: What a flag under the summary's "Open flags" calls for: danger signs only (physician review R23c D1).
OPEN_FLAG_CALLS = frozenset(
    {
        CallsFor.EMERGENCY_EVALUATION,
        CallsFor.RISK_ASSESSMENT,
        CallsFor.MEDICAL_REVIEW,
        CallsFor.LEVEL_REVIEW,
        CallsFor.COMPLETE_FORM,
    }
)


def _when(when: dt.datetime | dt.date | str) -> str:
    """A time or day as the summary prints it, one style (walk24 finding 11: it mixed "2026-11-30 09:15 UTC",
    "2026-12-04" and "04 Dec"): "30 Nov 2026 09:15 UTC" on the clinic's clock with its zone (:func:`local_time`'s
    zone), "04 Dec 2026" for a day; text as it is."""
    if isinstance(when, dt.datetime):
        shown = local_time(when)  # "YYYY-MM-DD HH:MM ZONE" on the clinic's clock (no zone for a naive time)
        zone = shown.split(" ", 2)[2] if shown.count(" ") >= 2 else ""
        return f"{clinic_clock(when):%d %b %Y %H:%M}" + (f" {zone}" if zone else "")
    if isinstance(when, dt.date):
        return f"{when:%d %b %Y}"
    return str(when)


_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _days_said(text: str) -> str:
    """The library's ISO days in a sentence ("open since 2026-11-30", "(demo.clinician, 2026-10-12)") in the summary's
    one style ("30 Nov 2026")."""
    return _ISO_DAY.sub(lambda m: _when(dt.date(int(m[1]), int(m[2]), int(m[3]))), text)


def _printed_sources(body: str) -> str:
    """Sources as plain inline text on paper: the pages' ``<details>`` (a citation on demand) become spans,
    since the full citations are listed under References (``data-source-key`` is kept)."""
    return (
        body.replace("<details ", "<span ")
        .replace("</details>", "</span>")
        .replace("<summary>", '<span class="short">')
        .replace("</summary>", "</span>")
    )


def _short_name(code: str) -> str:
    """What a score or flag comes from, as the clinic names it (:func:`iopkit.records.short_name`)."""
    from ..records import short_name as said

    return said(code)


def _instrument(code: str) -> Instrument | None:
    from .. import instrument
    from ..errors import UnknownInstrumentError

    try:
        return instrument(code)
    except UnknownInstrumentError:  # retired since the record was saved: shown by its code
        return None


def _instrument_name(code: str) -> str:
    found = _instrument(code)
    return found.name if found else code


def _of(code: str) -> str:
    found = _instrument(code)
    return f" of {found.total_range[1]:g}" if found and found.total_range else ""


def _trend(x: LatestScore) -> str:
    """First -> latest total and, where the instrument has change criteria, whether the change is reliable."""
    first, latest = x.first, x.score
    if first is None or first is latest or first.total is None or latest.total is None:
        return "first score"
    text = f"{first.total:g} → {latest.total:g} ({latest.total - first.total:+g})"
    change = x.change
    if change is None:
        return text
    verdict = (
        "reliably better"
        if change["reliable_improvement"]
        else "reliably worse"
        if change["reliable_deterioration"]
        else "no reliable change"
    )
    extra = ", remission" if change["remission"] else ", response" if change["response"] else ""
    return f"{text}: {verdict}{extra}"


def _measures(episode: Episode) -> str:
    rows = []
    for x in episode.latest:
        latest = x.score
        value = (
            f"{latest.total:g}{_of(x.instrument)}"
            if latest.total is not None
            else ", ".join(f"{words(k)} {v}" for k, v in latest.subscores.items())
        )
        when = _when(x.at if x.at is not None else x.day) + (" (corrected)" if x.corrected else "")
        band = words(latest.band) + (f"; {x.covered}" if x.covered else "")  # a level an earlier version recorded
        rows.append((_short_name(x.instrument), when, value, band, _trend(x)))
    return (
        table_html(["Instrument", "Latest", "Score", "Band", "Trend (first → latest)"], rows)
        if rows
        else "<p>No scores saved yet.</p>"
    )


def _suicide_screens(episode: Episode) -> str:
    """Every positive suicide-risk screen of the episode (PHQ-9 item 9 with its answer, the C-SSRS screener) and
    prompt for one (PCL-5 item 16, said to be a prompt, not a screen) with its closing: the overall risk level, what
    was done, by whom and when, and how many days after the screen; or "open since" its day in red (the
    documentation NPSG 15.01.01 asks for after a positive screen, :class:`iopkit.episode.SuicideRiskScreen`;
    physician review R17a-S9, S10)."""
    if not episode.suicide_screens:
        return "<p>No positive suicide-risk screen in this episode.</p>"
    rows, meant = [], set()
    for x in episode.suicide_screens:
        # what an item means is said on its first row, not again on each later one (walk24 finding 11: one page)
        finding, _, meaning = x.finding.partition(": ")
        finding = x.finding if not meaning or meaning not in meant else finding
        meant.add(meaning)
        name = _short_name(x.instrument)  # in the Screen column already: "item 9 'Several days' (1 of 3)"
        finding = finding.removeprefix(f"{name} ").replace(" answered ", " ", 1) if not x.prompt else finding
        rows.append(
            (
                _when(clinical_day(x.taken_at)),  # its day: the closing beside it gets the line's width (walk24 11)
                Raw(f'<span class="iop-prompt">{esc(x.prompt)}</span>') if x.prompt else _short_name(x.instrument),
                finding,
                Raw(
                    f'<strong class="iop-open">{esc(_days_said(x.open_since(episode.as_of)))}</strong>: '
                    f"{esc(x.still_to_record)}"
                )
                if x.open
                # its level under the heading's "overall risk level", not "overall risk" again (walk24 11)
                else _days_said(x.closed_as if x.prompt else x.closed_as.removeprefix("overall risk ")),
            )
        )
    return table_html(
        ["Screened", "Screen", "Finding", "Closing: overall risk level; what was done (by, on)"],
        rows,
        cls="iop-table iop-suicide-screens",
    )


def _older_note(open_flag, as_of: dt.date, taken: dt.date | None) -> str:
    """Where an open flag of an older score came from, for the summary: "<instrument name>, 2026-09-01"; of an
    earlier score of the summary's own day, with its time and that it is not history: "CIWA-Ar of 2026-12-02 at
    09:00, not resolved: an earlier score of that day, not history" (the placement page's note, in the summary's
    dates)."""
    from ..placement.suggest import _clock  # " at 09:00" on the local clock
    from ..records import DRUG_SCREEN

    if open_flag.day != as_of or open_flag.instrument == DRUG_SCREEN:  # a screen's flag names its day itself
        return f"{_instrument_name(open_flag.instrument).replace('_', ' ')}, {_when(open_flag.day)}"
    at = _clock(taken)
    return (
        f"{_short_name(open_flag.instrument)} of {_when(open_flag.day)}{at}, not resolved: an earlier score of that "
        "day, not history"
    )


def _placement(episode: Episode) -> str:
    p = episode.placement
    when = _when(episode.level_at) if episode.level_at is not None else ""
    if p is not None:
        suggested = p.recommendation.level
        # a rating below the suggestion (e.g. dimension 1 below what a PAWSS of 4 or more calls for) is an
        # override with its reason even where the level is the recommendation's: never hidden behind "the
        # recommendation" (Placement.overrides names every one)
        # the level of ratings below a suggested withdrawal-management setting (a 24-hour one, or the 2-WM floor of a
        # high risk recorded as mitigated) is not "the recommendation" of the scores: it is named as the ratings'
        # level, and the withdrawal management it routes to with the warning and the reason (Placement.describe,
        # below_suggested_withdrawal_management), so 1-WM never reads as what the history calls for
        # the withdrawal management is always named with the level (Placement.describe): a decided 24-hour level
        # re-derives it (e.g. 3.7-WM first for a past withdrawal seizure, its home mitigation moot there), never hidden
        below = p.withdrawal_management_rated_below is not None
        placed = p.describe()
        why = "" if below else f"; reason: {esc(p.reason)}"  # else the reason is in the warning
        override = f"override: {esc('; '.join(p.overrides))}{why}" if p.overrides else ""
        ours = "the level of the clinician's ratings" if below else "the recommendation"
        beside = (
            "; ".join(filter(None, (ours, override)))
            if p.level == suggested
            else f"recommended {esc(suggested)}; {override}"
        )
        return (
            f'<p class="decision">Placed at {esc(placed)} <span class="beside">({beside}) by '
            f"{esc(episode.level_by)}, {esc(when)}</span></p>"
        )
    if episode.level_from == "recommendation":
        return (
            f'<p>No placement decision saved. <span class="beside">Recommended {esc(episode.level)} '
            f"({esc(when)}).</span></p>"
        )
    return "<p>No placement saved yet.</p>"


def _dose(episode: Episode) -> str:
    plan, done = episode.plan, episode.dose
    if plan is None:
        return "<p>No dose plan saved yet.</p>"
    text = (
        f"Planned {plan.hours_per_week:g} h/week for {plan.weeks:g} weeks = {plan.total_hours:g} h ({esc(plan.level)})."
    )
    against = episode.plan_against_placement(plan)  # a 24-hour placement this outpatient plan is not, a minimum
    if against is not None and str(against.severity) == "info":  # e.g. the plan is the services placed alongside
        text += f" {esc(against.message)}."
    elif against is not None:
        text += f' <strong class="iop-open">{esc(against.message)}.</strong>'

    if episode.attendance is None:
        return f"<p>{text} No attendance saved yet.</p>"
    if done is None:
        return f"<p>{text} Sessions start on {_when(episode.attendance.schedule.start)}.</p>"
    # attendance as the continued-stay review weighs it (the dose page's words): over the sessions recorded, and
    # where it reads otherwise with the unrecorded ones counted as missed; planned to date counts the sessions held
    held = done.attendance
    share = "" if held is None or held.recorded is None else f": {esc(held.said)}"
    return (
        f"<p>{text} Delivered {done.delivered:g} h of {done.planned_to_date:g} h planned to "
        f"{_when(done.as_of)}{share}.</p>" + flags_html(f for f in done.flags if str(f.severity) != "info")
    )


def screen_text(screen: DrugScreen) -> str:
    """One drug screen in a line: date, panel, specimen, expected medications and the result.

    An unexpected positive is in bold; a positive for an expected medication only is not counted positive.

    Parameters
    ----------
    screen : DrugScreen
        The drug screen.

    Returns
    -------
    str
        An HTML fragment (text escaped; the unexpected positives in ``<strong>``).

    Examples
    --------
    >>> from iopkit.records import DrugScreen
    >>> screen_text(DrugScreen(dt.date(2026, 3, 2), "urine 12-panel", positive=["buprenorphine"],
    ...                        negative=["fentanyl"], expected=["buprenorphine"]))
    '02 Mar 2026 urine 12-panel (urine; expected buprenorphine): positive for buprenorphine (expected medication)'
    """
    expected = f"; expected {', '.join(screen.expected)}" if screen.expected else ""
    if screen.counts_as_positive:
        result = f"<strong>positive for {esc(', '.join(screen.unexpected_positive))}</strong>"
        also = screen.expected_positive
        result += f" (also {esc(', '.join(also))}, expected)" if also else ""
    elif screen.positive:
        result = f"positive for {esc(', '.join(screen.positive))} (expected medication)"
    else:
        result = "negative"
    if screen.expected_missing:
        result += f"; expected {esc(', '.join(screen.expected_missing))} not detected"
    return f"{screen.collected:%d %b %Y} {esc(screen.panel)} ({esc(screen.specimen)}{esc(expected)}): {result}"


def _screens(episode: Episode) -> str:
    shown = [screen_text(s) for s in episode.screens[-4:]]
    return (
        f"<p>{len(episode.screens)} screen(s) in all; the latest {len(shown)}: {'; '.join(shown)}.</p>"
        if shown
        else "<p>No drug screens saved yet.</p>"
    )


def _folded() -> frozenset[str]:
    """The codes of a continued-stay review's reasons naming unresolved safety flags of a box of
    :data:`~iopkit.placement.continued_stay.SAFETY_CALLS` ("unresolved_risk_assessment": iopkit's own rule, a
    step-down waits until each is resolved); each such flag is a box under "Open flags" (the opioid overdose risk's
    reason, with its results and sources, is said whole)."""
    from ..placement.continued_stay import SAFETY_CALLS

    return frozenset(f"unresolved_{calls.value}" for calls in SAFETY_CALLS)


def _review(episode: Episode) -> str:
    r = episode.review
    if r is None:
        return "<p>The review needs a placement or a dose plan at a treatment level.</p>"
    # Each distinct source is cited once, after the list, and each reason points to its own by number ("[1]"): on one
    # printed page the same "iopkit's own rule" said after each of five reasons took the lines the page lacked
    # (WALK-01's month); one source for every reason needs no number.
    # The reasons naming unresolved safety flags are said once, by their number: the flags themselves, each with its
    # record, are the boxes under "Open flags" on the same page (walk24 finding 11: the page said each flag twice)
    boxed = [x for x in r.reasons if x.code in _folded()]
    shown = [x for x in r.reasons if x not in boxed]
    if boxed:
        kinds = "; ".join(x.finding.partition(" in this episode: ")[0] for x in boxed)
        said = f"{kinds}, each under Open flags above: a step-down waits until each is resolved"
        shown.insert(0, replace(boxed[0], finding=said))  # their one source: iopkit's own rule
    numbers = {src: n for n, src in enumerate(dict.fromkeys(x.source for x in shown), 1)}
    one = len(numbers) == 1
    marks = {src: "" if one else f' <span class="meta">[{n}]</span>' for src, n in numbers.items()}
    reasons = "".join(f"<li>{esc(x.finding)}{marks[x.source]}</li>" for x in shown)
    cited = (
        ""
        if not numbers
        else f"<p class='meta'>{source_html(shown[0].source, label='Source of each')}</p>"
        if one
        else "<p class='meta'>Sources: "
        + "; ".join(f"[{n}] {source_html(src, label='')}" for src, n in numbers.items())
        + "</p>"
    )
    used = episode.attendance_used
    counted = sum(s.counts_as_positive for s in episode.screens)
    headline = headline_html(r.headline)  # an unresolved safety flag's call first, as on the progress page
    return (
        f'<div class="decision">{headline}</div>'
        f"<p class='meta'>Attendance used: {used}; {len(episode.screens)} drug screen(s), {counted} counted "
        f"positive (expected medications are not).</p><ul>{reasons}</ul>{cited}"
    )


def _checkin_flags(store: Any, episode: Episode) -> tuple[Episode, list[Any], str]:
    """The episode with the safety flags of the patient's check-in answers not saved yet (no record holds them: read
    now from the check-in book, :func:`iopkit.checkin.with_open_checkins`; its continued-stay review holds a
    step-down for them, :meth:`iopkit.episode.Episode.with_checkin_flags`), and those flags, each named with its
    questionnaire, the time the check-in started and the answer behind it (up to the summary's day); or, when the
    book cannot be read, ``episode`` as it is, no flags, and why, to print in their place.

    Each says it is patient-entered and not yet reviewed by staff (it stays open until a clinician reviews the
    check-in), and prints the answer given to each item its flag rule reads, e.g. ``item 9 "Nearly every day"
    (3)``, or, for a check-in that ended with a safety question unanswered (``worst_case``), that the item was
    not answered so its worst answer is assumed.
    """
    import sqlite3

    from ..checkin import CheckinBook, book_of, with_open_checkins
    from ..errors import StoreError

    try:
        episode = with_open_checkins(store, episode)
        read = [o for o in episode.checkin_flags if o.day <= episode.as_of]
        with CheckinBook(book_of(store)) as book:
            ids = {getattr(o, "checkin_id", 0) for o in read}  # CheckinFlag values (Episode types them OpenFlag)
            checkins = {i: book.get(i) for i in ids if i}
    except (OSError, sqlite3.Error, StoreError) as error:  # a book refused too (a folder, loose): never "no flags"
        return (
            episode,
            [],
            (
                f"The patient check-ins could not be read ({error}): a safety answer given on a check-in may not "
                "show here; see the Caseload page or ask the patient."
            ),
        )
    out = []
    for o in read:
        checkin = checkins.get(getattr(o, "checkin_id", 0))
        answers = checkin.answers.get(o.instrument, {}) if checkin else {}
        given = _answers_given(o.instrument, o.flag, answers, getattr(o, "worst_case", False))
        base = _CHECKIN_NOTE.sub("", o.flag.message)
        started = f" started {_when(checkin.created_at)}" if checkin else f" of {_when(o.day)}"
        where = f"{_instrument_name(o.instrument)} check-in{started}"
        out.append(
            replace(
                o.flag,
                message=f"{base} ({where}{': ' + given if given else ''}). Patient-entered, not yet reviewed by staff.",
            )
        )
    return episode, out, ""


#: The note a check-in adds to its flags' messages (:meth:`iopkit.checkin.CheckinFlag.of`); the summary says it
#: in its own words, with the answer and the time.
_CHECKIN_NOTE = re.compile(r" \(patient check-in[^()]*\)")


def _answers_given(code: str, flag: Any, given: Any, worst_case: bool) -> str:
    """The answers behind a check-in flag, in the form's words: each item its flag rule reads that was answered
    (``item 9 "Nearly every day" (3)``), and, where the check-in ended with it blank (``worst_case``), that its
    worst answer is assumed; ``""`` for a flag on no item (a band)."""
    inst = _instrument(code)
    rule = next((r for r in inst.flags if r.code == flag.code), None) if inst else None
    if inst is None or rule is None:
        return ""
    parts = []
    for number in rule.items:
        item = inst.items[number - 1]
        answer = given.get(number, given.get(str(number)))
        if answer is not None:
            label = next((opt.label for opt in item.options if opt.code == answer), "")
            parts.append(f'item {number} "{label}" ({answer})' if label else f"item {number} ({answer})")
        elif worst_case:
            parts.append(f"item {number} not answered yet, so its worst answer is assumed")
    return "; ".join(parts)


def _history(store: Any, pid: int) -> str:
    rows = []
    for r in store.history(pid):
        item = r.item
        if r.kind == "assessment":
            what = (
                f"{_instrument_name(item.instrument)} {item.total if item.total is not None else ''} "
                f"{words(item.band) if item.band else ''}"
            ).strip()
        elif r.kind == "drug_screen":
            what = Raw(screen_text(item))
        else:
            what = str(getattr(item, "level", None) or getattr(item, "name", None) or "").strip()
        note = (f"corrects record {r.amends}: {r.reason}" if r.amends else "") + (
            f" (corrected by record {r.superseded_by})" if r.superseded_by else ""
        )
        by = f"{r.by} (patient-reported)" if r.source == "patient" else r.by
        rows.append((_when(r.taken_at), words(r.kind), what, by, r.version, note))
    table = table_html(["When", "What", "Detail", "By", "Version", "Correction"], rows)
    return f'<section class="history"><h2>History: every saved version</h2>{table}</section>'


def patient_summary_html(
    store: Any,
    patient_id: int,
    *,
    generated: dt.datetime | str | None = None,
    history: bool = False,
    paper: str = "Letter",
    today: dt.date | None = None,
    episode: Episode | None = None,
    references: bool = False,
) -> str:
    """The patient's one-page summary as a standalone printable HTML page.

    Everything on it is the patient's current status as :class:`iopkit.episode.Episode` reads it.

    Parameters
    ----------
    store : iopkit.store.Store
        Where the patient's records are.
    patient_id : int
        The patient.
    generated : datetime.datetime or str, optional
        When it was made: a time (printed on the clinic's clock, :func:`local_time`) or the words to print
        (default: now).
    history : bool, default False
        Add every saved version of every record on further pages (and print the full references, as ``references``).
    paper : {'Letter', 'A4'}
        The ``@page`` size.
    today : date, optional
        The day the summary is as of (default today): records dated later are left out.
    episode : Episode, optional
        The patient's episode as of ``today`` when the caller has just read it (a page showing the chart):
        it is not read again.
    references : bool, default False
        Print the full citation of every source on a further page. By default the page names each source by its
        short citation and the full citations show on screen only, so that the summary stays on one page; a
        summary that still needs more pages says "page 1 of N" at the foot of each.

    Returns
    -------
    str
        The whole HTML document (``<!DOCTYPE html>``), its own styles inline, sources listed under References.

    Raises
    ------
    ReportInputError
        ``paper`` is not one of ``'Letter'``, ``'A4'``.
    RecordNotFoundError
        ``store`` holds no patient with that id (or none this role may see).
    StoreError
        The store cannot be read, or a saved record cannot be read by this iopkit.
    """
    from ..episode import Episode
    from ..flags import by_urgency
    from .data import ReportInputError

    if paper not in PAPER:
        raise ReportInputError(
            f"paper must be one of {', '.join(PAPER)} (got {paper!r})", item="paper", value=paper, allowed=PAPER
        )
    as_of = today or clinical_day()
    if episode is None or episode.patient.id != patient_id or episode.as_of != as_of:
        episode = Episode.from_store(store, patient_id, as_of=as_of)
    # the patient's own check-in answers not saved yet: always shown (no record, so no resolution covers them), and
    # read by the review (a safety answer holds its step-down: NPSG 15.01.01; audit, session 17)
    episode, checkin_flags, unread = _checkin_flags(store, episode)
    patient = episode.patient
    now = dt.datetime.now(dt.UTC)
    generated = _when(generated or now)
    # a CIWA-Ar or COWS flag of another day: its re-score; each unresolved safety flag once, in its review box
    from ..placement.continued_stay import SAFETY_CALLS, calls_for, each_once

    review_flags = each_once(episode.review_flags)
    from ..records import DRUG_SCREEN

    # a safety flag of a latest score shows while it is open: a resolution covers its own record (and earlier
    # ones), never a later alert of the same flag (Episode.open_flags, keyed by record id)
    still_open = {f.flag for f in episode.open_flags}
    said = {(o.instrument, o.day, o.flag): o.said for o in episode.open_flags}  # a reopened one says why (OpenFlag)
    covered = {str(f.calls_for) for f in review_flags}  # the review's flag already names the same danger
    shown = {id(f) for f in (episode.review.flags if episode.review is not None else ())}  # as saved
    latest_of = [
        (x, f)
        for x in episode.latest
        for f in x.score.flags
        if str(f.severity) != "info"
        and (calls_for(f) not in SAFETY_CALLS or f in still_open)
        and str(f.calls_for) not in covered
        and id(f) not in shown
    ]
    latest_flags = [f for _, f in latest_of]
    # an open safety flag on an older score shows too (named with its day) when no review flag names its danger
    # (a patient not placed yet, or in withdrawal management, has no review): never "No open flags" over it
    latest_ids = {id(f) for f in latest_flags}
    # a CIWA-Ar or COWS flag of a score not of the summary's day prints its re-score now, never treatment on the
    # old signs, its dose behind the screen before any dose (Episode.flag_shown); one of an earlier score of the
    # summary's day names its time and that it is no history, with what its finding calls for today (as the placement
    # page passes it: earlier_score, the time of the record), so a reader can tell it from the later score under
    # "Latest scores"; the filters above and below compare the flags as saved
    taken = {r.id: r.taken_at for r in episode.score_records}
    older_open = [
        episode.flag_shown(
            replace(o.flag, message=f"{o.said} ({_older_note(o, as_of, taken.get(o.record_id))})"),
            o.instrument,
            taken.get(o.record_id, o.day) if o.day == as_of else o.day,
            earlier_score=True,
        )
        for o in episode.open_flags
        if (str(calls_for(o.flag)) not in covered or o.instrument == DRUG_SCREEN)  # no review flag names overdose
        and id(o.flag) not in shown
        and id(o.flag) not in latest_ids
        and o.flag not in latest_flags
    ]
    latest_today = [
        episode.flag_shown(replace(f, message=said.get((x.instrument, x.day, f), f.message)), x.instrument, x.day)
        for x, f in latest_of
    ]
    # "Open flags" holds danger signs only: what calls for an emergency evaluation, a suicide risk assessment, a medical
    # review or a level review, and a safety question left unanswered; counselling prompts and notes for the record
    # are said where they belong (scores, dose), each fact once (physician review R23c D1, D2)
    flags = tuple(
        f
        for f in by_urgency([*review_flags, *latest_today, *older_open, *checkin_flags])
        if f.worst_case or calls_for(f) in OPEN_FLAG_CALLS
    )
    level = episode.level
    since = (
        f" since {_when(clinical_day(episode.level_at))}" if episode.level_at is not None else ""
    )  # its time: under Placement
    who = "adolescent" if patient.adolescent else "adult"
    dates = (
        f" · in the programme since {_when(episode.started)} (day {episode.day_of_episode})"
        + (f", last seen {_when(episode.last_seen)}" if episode.last_seen else "")
        if episode.started is not None
        else " · no records yet"
    )
    header = (
        f"<h1>Patient summary: {esc(patient.pseudonym)} ({who})</h1>"
        f"<p><strong>Level of care: {esc(level) if level is not None else 'not placed yet'}</strong>{esc(since)}"
        f"{esc(dates)}</p>"
        f"<p class='meta'>Generated {esc(generated)} by iopkit, as of {_when(episode.as_of)}. {esc(zone_note(now))}</p>"
    )
    open_flags = (f'<p class="iop-flag iop-flag-critical">{esc(unread)}</p>' if unread else "") + (
        flags_html(flags) if flags else "" if unread else "<p>No open flags.</p>"
    )
    body = (
        f"{header}<section><h2>Open flags</h2>{open_flags}</section>"
        f"<section><h2>Latest scores</h2>{_measures(episode)}</section>"
        "<section><h2>Suicide-risk screens (and prompts for one) this episode</h2>"
        f"{_suicide_screens(episode)}</section>"
        f"<section><h2>Placement</h2>{_placement(episode)}</section>"
        f"<section><h2>Dose: planned and delivered</h2>{_dose(episode)}</section>"
        f"<section><h2>Drug screens</h2>{_screens(episode)}</section>"
        f"<section><h2>Continued-stay review</h2>{_review(episode)}</section>"
        '<div class="signature-block"><div class="signature"><span>Clinician (print)</span><span>Signature</span>'
        f"<span>Date</span></div><p class='meta'>{esc(DISCLAIMER)}</p></div>"
    )
    cited = references_html(body)
    if cited:  # on paper only when asked: the short citations above name every source
        printed = "references-printed" if references or history else "references-on-screen"
        body += f'<section class="{printed}"><h2>References</h2>{cited}</section>'
    if history:
        body += _history(store, patient.id)
    title = f"Patient summary: {patient.pseudonym}"
    body = _printed_sources(body)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>'
        f"<style>{_CSS % {'paper': paper, 'pseudonym': _CSS_TEXT.sub('', patient.pseudonym)}}</style></head>"
        f"<body>{body}</body></html>"
    )
