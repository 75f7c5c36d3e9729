"""The printable summary of one patient for the chart: the download of the library's one-page summary."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .render import (
    esc,
    flags_html,
    recommendation_html,
    score_html,
)

__all__ = ["describe_item", "patient_summary"]


def _instrument(code: str):
    from .. import instrument
    from ..errors import UnknownInstrumentError

    try:
        return instrument(code)
    except UnknownInstrumentError:  # retired since the record was saved: show its code
        return None


def when_text(when) -> str:
    """A record's clinical time as a clinician writes it: local time, with the zone, as the pages show it."""
    if isinstance(when, dt.datetime):
        local = when.astimezone() if when.tzinfo else when
        return f"{local:%Y-%m-%d %H:%M} {local.tzname() or ''}".strip()
    return str(when)


def describe_item(item: Any) -> str:
    """One stored item as HTML, chosen by what it is (a Score, a Recommendation, a plan ...)."""
    kind = type(item).__name__
    if kind == "Score":
        inst = _instrument(item.instrument)
        return flags_html(item.flags) + score_html(item, inst.name if inst else item.instrument,
                                                   inst.total_range if inst else None)
    if kind == "Recommendation":
        return flags_html(item.flags) + recommendation_html(item)
    if kind == "DosePlan":
        return (f"<p>{item.hours_per_week:g} h/week for {item.weeks:g} weeks = {item.total_hours:g} h planned "
                f"({esc(item.level)})</p>")
    if kind == "Schedule":
        return (f"<p>{len(item.sessions)} sessions, {item.total_hours:g} h, {item.start} to {item.end}</p>"
                + item.weekly_grid_html())
    if kind == "Attendance":
        counts = {}
        for record in item.records:
            counts[record.status] = counts.get(record.status, 0) + 1
        recorded = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "none recorded"
        return f"<p>Sessions: {esc(recorded)}; {item.delivered():g} h delivered.</p>"
    if kind == "DrugScreen":
        return (f"<p>{esc(item.collected)} {esc(item.panel)} ({esc(item.specimen)}): positive "
                f"{esc(', '.join(item.positive) or 'none')}; negative {esc(', '.join(item.negative) or 'none')}</p>")
    if hasattr(item, "recommendation"):  # a clinician's placement decision wrapping a recommendation
        overrides = "; ".join(getattr(item, "overrides", ()) or ())
        decision = (f'<p class="iop-decision-line"><strong>Clinician\'s decision: placed at {esc(item.level)}</strong>'
                    + (f" (override: {esc(overrides)}; reason: {esc(item.reason)})" if overrides else "") + "</p>")
        return decision + describe_item(item.recommendation)
    return f"<p>{esc(item)}</p>"


def patient_summary(store, patient, *, generated: str, history: bool = False) -> str:
    """The patient's one-page printable summary (:func:`iopkit.report.patient.patient_summary_html`);
    every saved version follows on further pages when ``history`` is true."""
    from ..report.patient import patient_summary_html

    return patient_summary_html(store, patient.id, generated=generated, history=history)
