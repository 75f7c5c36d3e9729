"""The one-page patient summary for the chart: where the patient stands today, printable on one page.

Header (patient, level of care and since when, dates, open flags), the latest score of each instrument
with its trend, the placement decision (the clinician's level first, the recommendation beside it), the
dose planned against delivered, the drug screens and the continued-stay review, then a signature line.
Times are the clinic's local time with the zone.  Every version of every record follows on further
pages only when asked (``history=True``).  Pure HTML with print CSS (``@page`` Letter or A4), no scripts,
nothing fetched.

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

from ..markup import esc, flags_html, references_html, source_html, table_html, words

__all__ = ["PAPER", "local_time", "patient_summary_html"]

#: Paper sizes the summary's ``@page`` rule knows.
PAPER = ("Letter", "A4")
DISCLAIMER = ("iopkit supports clinical decisions; it does not diagnose. Every score and recommendation shows its "
              "basis and source so that you can check it. Use your clinical judgement and your programme's policies.")

_CSS = """
@page { size: %(paper)s; margin: 12mm 12mm 14mm; }
* { box-sizing: border-box; }
body { font: 9pt/1.25 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111; margin: 0 auto;
       max-width: 52em; padding: 8px; }
h1 { font-size: 15pt; margin: 0 0 2px; } h2 { font-size: 11pt; margin: 8px 0 2px; border-bottom: 1px solid #777; }
p { margin: 2px 0; } .meta { color: #333; font-size: 8.5pt; }
table { border-collapse: collapse; width: 100%%; font-size: 8.5pt; margin: 2px 0 4px; }
th, td { border: 1px solid #999; padding: 1px 4px; text-align: left; vertical-align: top; }
th { background: #eef1f5; }
.iop-flag { padding: 1px 5px; margin: 2px 0; font-size: 8pt; } .iop-flag strong { display: block; }
.iop-flag-critical { border: 2px solid #a00; background: #fee; } .iop-flag-warning { border: 1px solid #850; }
.iop-flag strong { color: #111; } .iop-flag-critical strong { color: #900; }
.iop-source, .iop-citation, .iop-supports { color: #333; font-size: 8pt; }
.iop-cite, .iop-source div { display: inline; } .iop-cite summary { display: inline; list-style: none; }
.iop-cite summary::-webkit-details-marker { display: none; } .iop-cite+.iop-cite::before { content: "; "; }
.iop-cite .iop-citation, .iop-cite .iop-supports { display: none; }
.decision { font-size: 11pt; font-weight: 700; } .beside { font-weight: 400; color: #333; font-size: 9pt; }
.signature { margin-top: 14px; display: flex; gap: 18px; font-size: 9pt; }
.signature span { flex: 1; border-top: 1px solid #111; padding-top: 2px; }
.iop-references { font-size: 6.5pt; line-height: 1.2; color: #333; margin: 2px 0; padding-left: 16px;
                   columns: 2; column-gap: 14px; }
.iop-references li { break-inside: avoid; } td:nth-child(2) { white-space: nowrap; }
.iop-calls-for, .iop-next-step { display: inline; } .iop-next-step::before { content: " "; }
ul { margin: 2px 0; padding-left: 18px; }
.history { break-before: page; page-break-before: always; }
@media print { body { padding: 0; max-width: none; } h2 { break-after: avoid; } table { break-inside: avoid; }
               a { color: #111; } }
"""


def local_time(when) -> str:
    """A record's time as the pages show it: local time with the zone (a date stays a date).

    >>> local_time(dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.timezone.utc)).endswith(("UTC", "GMT")) or True
    True
    >>> local_time(dt.date(2026, 3, 2))
    '2026-03-02'
    """
    if isinstance(when, dt.datetime):
        local = when.astimezone() if when.tzinfo else when
        return f"{local:%Y-%m-%d %H:%M} {local.tzname() or ''}".strip()
    return str(when)


def _printed_sources(body: str) -> str:
    """Sources as plain inline text on paper: the pages' ``<details>`` (a citation on demand) become spans,
    since the full citations are listed under References (``data-source-key`` is kept)."""
    return (body.replace("<details ", "<span ").replace("</details>", "</span>")
            .replace("<summary>", '<span class="short">').replace("</summary>", "</span>"))


def _day(when) -> dt.date:
    return when.date() if isinstance(when, dt.datetime) else when


def _instrument(code: str):
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


def _trend(code: str, points) -> str:
    """First -> latest total and, where the instrument has change criteria, whether the change is reliable."""
    from ..progress import CHANGE_CRITERIA, trajectory

    totals = [(w, s.total) for w, s in points if s.total is not None]
    if len(totals) < 2:
        return "first score"
    text = f"{totals[0][1]:g} → {totals[-1][1]:g} ({totals[-1][1] - totals[0][1]:+g})"
    if code not in CHANGE_CRITERIA:
        return text
    change = trajectory(code, [w for w, _ in totals], [t for _, t in totals]).change
    verdict = ("reliably better" if change["reliable_improvement"] else "reliably worse"
               if change["reliable_deterioration"] else "no reliable change")
    extra = ", remission" if change["remission"] else ", response" if change["response"] else ""
    return f"{text}: {verdict}{extra}"


def _measures(records) -> tuple[str, list, dict]:
    scores = [(r.taken_at, r.item, str(r.id)) for r in records if r.kind == "assessment"]
    first = min((_day(w) for w, _, _ in scores), default=None)
    series: dict = {}
    for when, s, rid in scores:  # rid: the record id a flag resolution names
        series.setdefault(s.instrument, []).append((round((_day(when) - first).days / 7, 1), s, when, rid))
    rows = []
    for code, points in series.items():
        _w, latest, when, _rid = points[-1]
        value = f"{latest.total:g}{_of(code)}" if latest.total is not None else ", ".join(
            f"{words(k)} {v}" for k, v in latest.subscores.items())
        rows.append((_instrument_name(code), local_time(when), value, words(latest.band),
                     _trend(code, [(w, s) for w, s, _, _ in points])))
    html = table_html(["Instrument", "Latest", "Score", "Band", "Trend (first → latest)"], rows) if rows else \
        "<p>No scores saved yet.</p>"
    return html, [(w, s, rid) for pts in series.values() for w, s, _, rid in pts], series


def _placement(store, pid) -> tuple[str, object]:
    rec = store.latest(pid, "placement")
    if rec is not None:
        p = rec.item
        suggested = p.recommendation.level
        beside = ("the recommendation" if p.level == suggested else f"recommended {esc(suggested)}; override: "
                  f"{esc('; '.join(p.overrides))}; reason: {esc(p.reason)}")
        return ((f'<p class="decision">Placed at {esc(p.level)} <span class="beside">({beside}) by {esc(rec.by)}, '
                f"{esc(local_time(rec.taken_at))}</span></p>"), p.level)
    rec = store.latest(pid, "recommendation")
    if rec is not None:
        return ((f'<p>No placement decision saved. <span class="beside">Recommended {esc(rec.item.level)} '
                f"({esc(local_time(rec.taken_at))}).</span></p>"), rec.item.level)
    return "<p>No placement saved yet.</p>", None


def _dose(store, pid, today) -> tuple[str, object]:
    from ..dose import progress

    plan, log = store.latest(pid, "dose_plan"), store.latest(pid, "attendance")
    if plan is None:
        return "<p>No dose plan saved yet.</p>", None
    plan = plan.item
    text = (f"<p>Planned {plan.hours_per_week:g} h/week for {plan.weeks:g} weeks = {plan.total_hours:g} h "
            f"({esc(plan.level)}).</p>")
    if log is None:
        return text + "<p>No attendance saved yet.</p>", None
    sched = log.item.schedule
    done = progress(plan, log.item, min(max(today, sched.start), sched.end))
    share = "" if done.percent is None else f" ({done.percent:.0f} % of planned)"
    return (text[:-4] + f" Delivered {done.delivered:g} h of {done.planned_to_date:g} h planned to "
            f"{done.as_of}{share}.</p>" + flags_html(f for f in done.flags if str(f.severity) != "info")), done


def _screens(records) -> tuple[str, tuple]:
    screens = [r for r in records if r.kind == "drug_screen"]
    shown = [f"{r.item.collected} {esc(r.item.panel)} ({esc(r.item.specimen)}): "
             + (f"<strong>positive for {esc(', '.join(r.item.positive))}</strong>" if r.item.positive else "negative")
             for r in screens[-4:]]
    html = (f"<p>{len(screens)} screen(s) in all; the latest {len(shown)}: {'; '.join(shown)}.</p>" if shown
            else "<p>No drug screens saved yet.</p>")
    return html, tuple(r.item.any_positive for r in screens)


def _review(level, dose, screens, scores, adolescent, resolutions):
    from ..placement import EpisodeHistory, review

    if level is None:
        return "<p>The review needs a placement or a dose plan.</p>", ()
    attendance = None if dose is None or not dose.planned_to_date else min(dose.delivered / dose.planned_to_date, 1.0)
    r = review(EpisodeHistory(level, attendance, screens, tuple((w, s) for w, s, _ in scores), adolescent, resolutions,
                              records=tuple(rid for _, _, rid in scores)))
    reasons = "".join(f"<li>{esc(x.finding)} {source_html(x.source)}</li>" for x in r.reasons)
    used = "unknown" if attendance is None else f"{attendance:.0%} of planned hours"
    headline = esc(r.headline)  # an unresolved safety flag's call first, as on the progress page
    return (f'<p class="decision">{headline}</p>'
            f"<p class='meta'>Attendance used: {used}; {len(screens)} drug screen(s).</p><ul>{reasons}</ul>"), r.flags


def _history(store, pid) -> str:
    rows = []
    for r in store.history(pid):
        item = r.item
        what = (f"{_instrument_name(item.instrument)} {item.total if item.total is not None else ''} "
                f"{words(item.band) if item.band else ''}" if r.kind == "assessment" else
                getattr(item, "level", None) or getattr(item, "name", None) or "")
        note = (f"corrects record {r.amends}: {r.reason}" if r.amends else "") + \
            (f" (corrected by record {r.superseded_by})" if r.superseded_by else "")
        rows.append((local_time(r.taken_at), words(r.kind), str(what).strip(), r.by, r.version, note))
    table = table_html(["When", "What", "Detail", "By", "Version", "Correction"], rows)
    return f'<section class="history"><h2>History: every saved version</h2>{table}</section>'


def patient_summary_html(store, patient_id: int, *, generated: str | None = None, history: bool = False,
                         paper: str = "Letter", today: dt.date | None = None) -> str:
    """The patient's one-page summary as a standalone printable HTML page.

    Parameters
    ----------
    store : iopkit.store.Store
        Where the patient's records are.
    patient_id : int
        The patient.
    generated : str, optional
        When it was made, as printed (default: now, local time with the zone).
    history : bool, default False
        Add every saved version of every record on further pages.
    paper : {'Letter', 'A4'}
        The ``@page`` size.
    today : date, optional
        The day the dose delivered is counted to (default today).
    """
    from ..flags import by_urgency
    from .data import ReportInputError

    if paper not in PAPER:
        raise ReportInputError(f"paper must be one of {', '.join(PAPER)} (got {paper!r})", item="paper", value=paper,
                          allowed=PAPER)
    patient = store.patient(patient_id)
    today = today or dt.date.today()
    generated = generated or local_time(dt.datetime.now(dt.UTC))
    records = store.current(patient.id)
    measures, scores, series = _measures(records)
    placement, level = _placement(store, patient.id)
    placed = store.latest(patient.id, "placement")
    if level is None and (plan := store.latest(patient.id, "dose_plan")) is not None:
        level = plan.item.level
    dose_text, dose = _dose(store, patient.id, today)
    screens_text, screens = _screens(records)
    resolutions = tuple(r.item for r in records if r.kind == "flag_resolution")
    review_text, review_flags = _review(level, dose, screens, scores, patient.adolescent, resolutions)
    from ..placement import safety_flags

    # resolved: flags a resolution covers on their own record (keyed by record id, never by instrument alone)
    resolved = {(x.record, x.flag) for x in safety_flags([(w, s) for w, s, _ in scores], resolutions,
                                                         [rid for _, _, rid in scores]) if not x.open}
    covered = {str(f.calls_for) for f in review_flags}  # the review's flag already names the same danger
    latest_flags = [f for pts in series.values() for f in pts[-1][1].flags
                    if str(f.severity) != "info" and (pts[-1][3], f) not in resolved
                    and str(f.calls_for) not in covered]
    flags = by_urgency([*review_flags, *latest_flags])
    days = sorted(_day(r.taken_at) for r in records)
    since = f" since {local_time(placed.taken_at)}" if placed is not None else ""
    who = "adolescent" if patient.adolescent else "adult"
    header = (f"<h1>Patient summary: {esc(patient.pseudonym)} ({who})</h1>"
              f"<p><strong>Level of care: {esc(level) if level is not None else 'not placed yet'}</strong>{esc(since)}"
              + (f" · records {days[0]} to {days[-1]}" if days else " · no records yet") + "</p>"
              f"<p class='meta'>Generated {esc(generated)} by iopkit. Times are local, with the zone.</p>")
    open_flags = flags_html(flags) if flags else "<p>No open flags.</p>"
    body = (f"{header}<section><h2>Open flags</h2>{open_flags}</section>"
            f"<section><h2>Latest scores</h2>{measures}</section>"
            f"<section><h2>Placement</h2>{placement}</section>"
            f"<section><h2>Dose: planned and delivered</h2>{dose_text}</section>"
            f"<section><h2>Drug screens</h2>{screens_text}</section>"
            f"<section><h2>Continued-stay review</h2>{review_text}</section>"
            '<div class="signature"><span>Clinician (print)</span><span>Signature</span><span>Date</span></div>'
            f"<p class='meta'>{esc(DISCLAIMER)}</p>")
    references = references_html(body)
    if references:
        body += f"<section><h2>References</h2>{references}</section>"
    if history:
        body += _history(store, patient.id)
    title = f"Patient summary: {patient.pseudonym}"
    body = _printed_sources(body)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>'
            f"<style>{_CSS % {'paper': paper}}</style></head><body>{body}</body></html>")

