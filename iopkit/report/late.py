"""The programme director's worklist: the safety flags a late correction left open.

A correction of a scored record saved on a later clinic day than the record's clinical day, that opens a closed flag
again, raises a new flag where the earlier version's was closed, or raises a flag the record never raised
(:func:`~iopkit.placement.resolution.reopened_by_corrections`, :class:`~iopkit.placement.resolution.Reopened`), finds
a patient who may have left since: the chart then says to reach the patient first
(:attr:`~iopkit.placement.resolution.Reopened.welfare`), then what the flag calls for.  For a suicide-risk flag, the
Joint Commission's NPSG 15.01.01 asks that a patient who screens positive gets a documented suicide risk assessment
by a clinician, with safety planning and monitoring (bibliography key ``joint_commission_npsg15``): a positive screen
that reached the chart only after the visit had none at the visit.  This worklist lists every such flag still open on
a report's last day, most urgent first; the list, what counts as late and the order are iopkit's own rule.

:func:`late_flags` reads them from a patient's records (:func:`~iopkit.report.programme_data` gathers them into the
``late_flags`` table of :class:`~iopkit.report.ProgrammeData`); :func:`open_late_flags` is the worklist of a report
(:attr:`~iopkit.report.ProgrammeReport.late_flags`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..entry import clinical_day
from ..flags import CallsFor, MedicalReview

__all__ = [
    "HEADING",
    "LATE_COLUMNS",
    "NONE_OPEN",
    "SAID",
    "WORKLIST",
    "late_flags",
    "open_late_flags",
    "urgency",
]

#: Columns of the ``late_flags`` table of :class:`~iopkit.report.ProgrammeData`: one row per flag a late correction
#: opened again, made new or raised, as each version of its record read while it was the current one.  ``patient``
#: (the pseudonym), ``instrument``, ``code``, ``flag`` (the flag's message, as the chart shows it), ``date`` (the
#: record's clinical day), ``corrected`` (the clinic day the correction was saved), ``corrected_by`` (who saved it;
#: empty when the store does not say), ``step`` (what acting on it starts with), ``urgency`` (:func:`urgency`),
#: ``closed`` (the day it was closed on the corrected record; empty while open) and ``superseded`` (the day a later
#: correction of the record was saved, from which the row no longer reads the chart; empty for the current version).
LATE_COLUMNS = (
    "patient",
    "instrument",
    "code",
    "flag",
    "date",
    "corrected",
    "corrected_by",
    "step",
    "urgency",
    "closed",
    "superseded",
)
#: The worklist's columns (:func:`open_late_flags`): those of :data:`LATE_COLUMNS` of the same names, the record's
#: clinical day as ``record_day``, the day the correction was saved as ``corrected_on`` and ``days_late``, the days
#: from the one to the other.
WORKLIST = ("patient", "instrument", "flag", "record_day", "corrected_on", "days_late", "step", "corrected_by")
#: The worklist's heading in the report.
HEADING = "Flags raised by a late correction, still open"
#: What the worklist lists, in a plain sentence under its heading.
SAID = (
    "Each safety flag that a correction opened again, made new or raised when it was saved on a later day than the "
    "questionnaire's, and that was still open on the last day of the range: the patient may have left before anyone "
    "saw the flag, so the step starts with reaching the patient. Most urgent first (an emergency evaluation or a "
    "medical review due now, then a suicide risk assessment, then the rest), then the oldest questionnaire first."
)
#: What the report says when the worklist is empty.
NONE_OPEN = "No flag raised by a late correction is open."

#: The kinds of correction a flag on the worklist comes from: opened again, new, raised (also in place of a higher
#: finding); a flag covered by an earlier closing is closed.
_KINDS = ("open_again", "new", "raised", "lowered")


def urgency(reopened) -> int:
    """How urgent a flag a late correction left open is on the worklist, 0 most urgent.

    0: it calls for an emergency evaluation, or a medical review due now (:attr:`~iopkit.flags.MedicalReview.NOW`:
    a critical withdrawal flag, possible withdrawal delirium, CIWA-Ar item 10 at 1); 1: a suicide risk assessment;
    2: anything else.  The order of :data:`~iopkit.placement.resolution.WELFARE`'s steps (now before today); iopkit's
    own rule.

    Parameters
    ----------
    reopened : Reopened
        The flag, as :func:`~iopkit.placement.resolution.reopened_by_corrections` gives it.

    Returns
    -------
    int

    Examples
    --------
    >>> import datetime
    >>> from iopkit.placement.resolution import AfterCorrection, Reopened
    >>> late = Reopened("2", "phq9", "suicidal_ideation", (), "1", (), "AB", datetime.date(2026, 3, 5),
    ...                 kind=AfterCorrection.RAISED, calls_for=CallsFor.RISK_ASSESSMENT)
    >>> urgency(late)
    1
    """
    if reopened.calls_for is CallsFor.EMERGENCY_EVALUATION or reopened.medical_review is MedicalReview.NOW:
        return 0
    return 1 if reopened.calls_for is CallsFor.RISK_ASSESSMENT else 2


def late_flags(patient, versions, resolutions, weeks, reopenings) -> list[tuple]:
    """The flags late corrections of one patient's records opened again, made new or raised, one row per flag and
    version of its record (the columns of :data:`LATE_COLUMNS`).

    Each corrected version is read as the store held the records while it was the current one (its later corrections
    not yet saved), so a report that ended before a later correction reads the chart as it was then.  A correction
    is late when saved on a later clinic day than the record's clinical day (:attr:`~iopkit.placement.resolution.
    Reopened.welfare`); a flag closed on the corrected record is closed from the day of its closing
    (:func:`~iopkit.placement.resolution.closing_of`, the chart's reading), never before the correction.

    Parameters
    ----------
    patient : object
        The patient's pseudonym (or id) written in every row.
    versions : sequence of Record
        Every version of the patient's scored records (``store.history(patient_id, "assessment")``).
    resolutions : sequence of FlagResolution
        The patient's flag resolutions as stored.
    weeks : mapping of str to float
        Each current version's store id -> its week in the episode.
    reopenings : object
        ``of(versions)``: :func:`~iopkit.placement.resolution.reopened_by_corrections` of the patient's
        ``resolutions`` over those versions (worked out once per set of versions).

    Returns
    -------
    list of tuple
        The rows, in the order of :data:`LATE_COLUMNS`.
    """
    from ..placement.resolution import closing_of, correction_chain

    by_id = {str(v.id): v for v in versions}
    amends = {rid: getattr(v, "amends", None) for rid, v in by_id.items()}
    corrected = {str(a) for a in amends.values() if a is not None}
    rows = []
    for current in (rid for rid, a in amends.items() if a is not None and rid not in corrected):
        chain = correction_chain(current, versions)
        for at in range(1, len(chain)):
            record, later = chain[at], chain[at + 1 :]
            held = [v for v in versions if str(v.id) not in later]  # as the store held them while it was current
            superseded = clinical_day(by_id[later[0]].saved_at) if later else None
            flags = {f.code: f for f in getattr(by_id[record].item, "flags", ())}
            for (rid, code), why in reopenings.of(held).items():
                if rid != record or why.kind not in _KINDS or why.day is None or why.corrected_on <= why.day:
                    continue
                closing = closing_of(why.instrument, code, record, weeks.get(current, 0.0), resolutions, held)
                closed = None if closing is None else max(closing.on, why.corrected_on)
                rows.append(
                    (
                        patient,
                        why.instrument,
                        code,
                        flags[code].message,
                        why.day,
                        why.corrected_on,
                        why.corrected_by,
                        "; ".join(why.steps),
                        urgency(why),
                        closed,
                        superseded,
                    )
                )
    return rows


def open_late_flags(late, end) -> Any:
    """The worklist of a report ending on ``end``: the flags of ``late`` still open that day, most urgent first.

    A row counts when its correction was saved on or before ``end``, no later correction had replaced its version by
    then (``superseded``) and it was not closed by then.  Most urgent first (:func:`urgency`), then the oldest record
    first (its clinical day), then the earliest correction, then by patient.

    Parameters
    ----------
    late : pandas.DataFrame
        The ``late_flags`` table of :class:`~iopkit.report.ProgrammeData` (:data:`LATE_COLUMNS`, days as dates).
    end : pandas.Timestamp or datetime.date
        The report's last day.

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`WORKLIST`; empty when no such flag is open.

    Examples
    --------
    >>> import pandas as pd
    >>> late = pd.DataFrame([["IOP-1", "phq9", "suicidal_ideation", "Possible suicidal ideation", pd.Timestamp(
    ...     "2026-03-02"), pd.Timestamp("2026-03-05"), "AB", "contact the patient today", 1, pd.NaT, pd.NaT]],
    ...     columns=LATE_COLUMNS)
    >>> open_late_flags(late, pd.Timestamp("2026-03-31"))[["patient", "days_late"]].values.tolist()
    [['IOP-1', 3]]
    >>> open_late_flags(late, pd.Timestamp("2026-03-04")).empty  # not yet corrected then
    True
    """
    import pandas as pd

    end = pd.Timestamp(end).normalize()
    late = late.reindex(columns=LATE_COLUMNS)
    still = (
        (late["corrected"] <= end)
        & (late["superseded"].isna() | (late["superseded"] > end))
        & (late["closed"].isna() | (late["closed"] > end))
    )
    rows = late[still].sort_values(["urgency", "date", "corrected", "patient", "instrument", "flag"], kind="stable")
    rows = rows.assign(
        record_day=rows["date"],
        corrected_on=rows["corrected"],
        days_late=((rows["corrected"] - rows["date"]) / dt.timedelta(days=1)).astype(int),
    )
    return rows[list(WORKLIST)].reset_index(drop=True)
