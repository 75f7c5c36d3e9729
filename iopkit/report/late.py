"""The programme director's worklist: the safety flags a late correction left open.

A correction of a scored record saved on a later clinic day than the record's clinical day, that opens a closed flag
again, raises a new flag where the earlier version's was closed, raises a flag the record never raised (also one
lowered from a higher flag of the record's first version: when that flag was never closed, the worklist names it and
the step ends with checking in the chart whether its evaluation was done, :data:`~iopkit.placement.resolution.
EARLIER_UNACTED`), raises again a flag of the record never closed that an earlier correction withdrew (off the list
while withdrawn), or withdraws a C-SSRS screen's high-risk flag never closed, which stays open on the corrected record
(:attr:`~iopkit.placement.resolution.AfterCorrection.WITHDRAWN`) (:func:`~iopkit.placement.resolution.
reopened_by_corrections`, :class:`~iopkit.placement.resolution.Reopened`), finds a patient who may have left since: the
chart then says to reach the patient first (:attr:`~iopkit.placement.resolution.Reopened.welfare`), then what the flag
calls for.  For a suicide-risk flag, the Joint Commission's NPSG 15.01.01 asks that a patient who screens positive
gets a documented suicide risk assessment by a clinician, with safety planning and monitoring (bibliography key
``joint_commission_npsg15``): a positive screen that reached the chart only after the visit had none at the visit.
This worklist lists every such flag still open on a report's last day, most urgent first; the list, what counts as
late and the order are iopkit's own rule.

:func:`late_flags` reads them from a patient's records (:func:`~iopkit.report.programme_data` gathers them into the
``late_flags`` table of :class:`~iopkit.report.ProgrammeData`); :func:`open_late_flags` is the worklist of a report
(:attr:`~iopkit.report.ProgrammeReport.late_flags`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..entry import clinical_day
from ..flags import CallsFor

__all__ = [
    "HEADING",
    "LATE_COLUMNS",
    "NONE_OPEN",
    "SAID",
    "WORKLIST",
    "CONCERNS",
    "NEWEST_FIRST",
    "ON_SITE_AS",
    "concern",
    "late_flags",
    "on_site_after",
    "open_late_flags",
    "urgency",
]

#: Columns of the ``late_flags`` table of :class:`~iopkit.report.ProgrammeData`: one row per flag a late correction
#: opened again, made new or raised, as each version of its record read while it was the current one.  ``patient``
#: (the pseudonym), ``instrument``, ``code``, ``flag`` (the flag's message, as the chart shows it), ``earlier_flag``
#: (for a flag a correction lowered from a higher flag never closed, :attr:`~iopkit.placement.resolution.Reopened.
#: never_acted_on`: "earlier flag (never closed): " and that flag's message; for a C-SSRS high-risk flag never
#: closed that a correction withdrew, kept open, :data:`WITHDRAWN_EARLIER`; empty otherwise), ``date`` (the record's
#: clinical day), ``corrected`` (the clinic day the correction was saved), ``corrected_by`` (who saved it; empty when
#: the store does not say), ``reason`` (the correction's reason, as saved; empty when none), ``step`` (what acting on
#: it starts with), ``urgency`` (:func:`urgency`), ``concern`` (:func:`concern`), ``closed`` (the day it was closed on
#: the corrected record; empty while open), ``superseded`` (the day a later correction of the record was saved, or
#: the screen a C-SSRS flag repeats was, ``since``, from which the row no longer reads the chart; empty for the
#: current version's last reading), ``on_site`` (the first day after the
#: correction's on which the patient was on site, :func:`on_site_after`; empty when not yet), ``on_site_as`` (what
#: for that day, :data:`ON_SITE_AS`; empty when not yet) and ``since`` (the day from which the row reads the chart:
#: a C-SSRS flag whose screen was repeated, :attr:`~iopkit.placement.resolution.Reopened.screen_repeated`, reads one
#: row until that screen's day and another from it; empty: from the correction; optional, :data:`LATE_OPTIONAL`).
LATE_COLUMNS = (
    "patient",
    "instrument",
    "code",
    "flag",
    "earlier_flag",
    "date",
    "corrected",
    "corrected_by",
    "reason",
    "step",
    "urgency",
    "concern",
    "closed",
    "superseded",
    "on_site",
    "on_site_as",
    "since",
)
#: The columns of :data:`LATE_COLUMNS` a ``late_flags`` table given to :class:`~iopkit.report.ProgrammeData` may lack
#: (empty throughout).
LATE_OPTIONAL = ("since",)
#: The worklist's columns (:func:`open_late_flags`): those of :data:`LATE_COLUMNS` of the same names, the record's
#: clinical day as ``record_day``, the day the correction was saved as ``corrected_on``, ``days_late`` (the days from
#: the one to the other), ``days_open`` (from the correction's day to the report's last day), ``on_site_since`` (the
#: first day after the correction's on which the patient was on site, up to the report's last day; empty: not on site
#: since) and ``on_site_as`` (what for, :data:`ON_SITE_AS`; empty: not on site since).  On site is not contact: no
#: record says anyone reached the patient about the flag.
WORKLIST = (
    "patient",
    "instrument",
    "flag",
    "earlier_flag",
    "record_day",
    "corrected_on",
    "days_late",
    "days_open",
    "reason",
    "on_site_since",
    "on_site_as",
    "step",
    "corrected_by",
)
#: The ``earlier_flag`` of a C-SSRS high-risk flag never closed that a correction withdrew, kept open
#: (:attr:`~iopkit.placement.resolution.AfterCorrection.WITHDRAWN`): the row's flag is the record's own, never one
#: the correction raised.  iopkit's own rule (physician review).
WITHDRAWN_EARLIER = "withdrawn by the correction (never closed); the corrected screen raises no flag"
#: The worklist's heading in the report.
HEADING = "Flags raised by a late correction, still open"
#: What the worklist lists, in a plain sentence under its heading.
SAID = (
    "Each safety flag that a correction opened again, made new, raised, raised again or lowered when it was saved on "
    "a later day than the questionnaire's, and that was still open on the last day of the range: the patient may have "
    "left before anyone saw the flag, so the step starts with reaching the patient. A flag a correction lowered from "
    "a higher flag never closed names that earlier flag, and its step ends with checking in the chart whether the "
    "evaluation the earlier flag called for was done. A C-SSRS high-risk flag never closed that a correction withdrew "
    "stays listed as it was (earlier flag: withdrawn by the correction), until closed on the corrected record. "
    "Ordered by the step: contact the patient now first, then today, then the rest; within each, suicide-risk flags "
    "first, the oldest questionnaire first (the longest without an assessment), then withdrawal-sign flags (CIWA-Ar, "
    "COWS), the newest questionnaire first (the newest signs matter most), then the rest, the oldest first. Days "
    "open: from the correction to the last day of the range. On site since: the first day after the correction the "
    "patient was on site (attended a session, an assessment entered by staff or a drug screen; a check-in the patient "
    "answers is not counted: it may be answered away from the clinic); not a record that anyone reached the patient "
    "about this flag; '-' when not on site since. On site as: what for that day (attended, assessment, drug screen)."
)
#: What the report says when the worklist is empty.
NONE_OPEN = "No flag raised by a late correction is open."

#: The kinds of correction a flag on the worklist comes from: opened again, new, raised (also in place of a higher
#: finding), raised again (never closed, withdrawn by an earlier correction), withdrawn and kept open (a C-SSRS
#: screen's high risk never closed); a flag covered by an earlier closing is closed.
_KINDS = ("open_again", "new", "raised", "lowered", "raised_again", "withdrawn")
#: What a row is about (:func:`concern`), in the order of the rows within an urgency: suicide risk, withdrawal signs,
#: anything else.
CONCERNS = ("suicide risk", "withdrawal signs", "")
#: The concern whose rows within an urgency come newest record first (the others: oldest first).
NEWEST_FIRST = "withdrawal signs"
#: What a patient can be on site for, as ``on_site_as`` says it (:func:`on_site_after`), in this order when several
#: fall on one day: a session attended (in full, late or leaving early), an assessment scored (its clinical day), a
#: drug screen collected; never a patient's check-in (:func:`~iopkit.store.entered_by_staff`: it may be answered on
#: the patient's own phone).  The chart's "last seen" reads the same days (:attr:`~iopkit.episode.Episode.last_seen`).
ON_SITE_AS = ("attended", "assessment", "drug screen")


def _step_rank(step: str) -> int:
    """0 for the step "contact the patient now" (an emergency evaluation's, :data:`~iopkit.placement.resolution.
    WELFARE`), 1 for any other contact step (all say "today"), 2 for none."""
    from ..placement.resolution import WELFARE

    if step == WELFARE[CallsFor.EMERGENCY_EVALUATION]:
        return 0
    return 1 if step else 2


def urgency(reopened) -> int:
    """How urgent a flag a late correction left open is on the worklist, 0 most urgent: by the step it says first
    (:attr:`~iopkit.placement.resolution.Reopened.welfare`), as printed, the chart's own.

    0: "contact the patient now; welfare check if unreachable" (an emergency evaluation; a medical review due now,
    :attr:`~iopkit.flags.MedicalReview.NOW`, corrected within :data:`~iopkit.placement.resolution.
    WITHDRAWAL_WELFARE_DAYS` of its record's day; a flag lowered from one never closed whose step was that,
    :attr:`~iopkit.placement.resolution.Reopened.earlier_welfare`: complicated withdrawal corrected to moderate a few
    days later, never acted on); 1: "contact the patient today" (a suicide risk assessment; a medical review due now
    corrected later than that, :data:`~iopkit.placement.resolution.WITHDRAWAL_CONTACT_LATER`; any other flag lowered
    from one never closed, :data:`~iopkit.placement.resolution.LOWERED_UNACTED`); 2: no contact step.  The order of
    :data:`~iopkit.placement.resolution.WELFARE`'s steps (now before today); iopkit's own rule (physician review).

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
    >>> from dataclasses import replace
    >>> from iopkit.flags import MedicalReview
    >>> from iopkit.placement.resolution import AfterCorrection, Reopened
    >>> late = Reopened("2", "phq9", "suicidal_ideation", (), "1", (), "AB", datetime.date(2026, 3, 5),
    ...                 kind=AfterCorrection.RAISED, calls_for=CallsFor.RISK_ASSESSMENT, day=datetime.date(2026, 3, 2))
    >>> urgency(late)
    1
    >>> now = replace(late, instrument="ciwa_ar", calls_for=CallsFor.MEDICAL_REVIEW, medical_review=MedicalReview.NOW)
    >>> urgency(now), urgency(replace(now, corrected_on=datetime.date(2026, 3, 20)))  # 18 days late: today
    (0, 1)
    """
    if reopened.screen_repeated:  # the screen repeated: close the flag, no contact step
        return 2
    return _step_rank(reopened.welfare)


def concern(reopened) -> str:
    """What a flag on the worklist is about, for its order within an urgency (:data:`CONCERNS`): "suicide risk" for a
    flag calling for a suicide risk assessment or an emergency evaluation (:data:`~iopkit.flags.SUICIDE_RISK_CALLS`;
    a lowered flag: its own or the earlier flag's), "withdrawal signs" for a CIWA-Ar or COWS flag
    (:func:`~iopkit.placement.suggest.rates_signs_now`), "" otherwise.  iopkit's own rule.

    Parameters
    ----------
    reopened : Reopened
        The flag, as :func:`~iopkit.placement.resolution.reopened_by_corrections` gives it.

    Returns
    -------
    str

    Examples
    --------
    >>> import datetime
    >>> from iopkit.placement.resolution import AfterCorrection, Reopened
    >>> late = Reopened("2", "ciwa_ar", "complicated_withdrawal", (), "1", (), "AB", datetime.date(2026, 3, 5),
    ...                 kind=AfterCorrection.RAISED, calls_for=CallsFor.MEDICAL_REVIEW)
    >>> concern(late)
    'withdrawal signs'
    """
    from ..flags import SUICIDE_RISK_CALLS
    from ..placement.suggest import rates_signs_now

    if reopened.calls_for in SUICIDE_RISK_CALLS or (
        reopened.never_acted_on and reopened.closed_calls_for in SUICIDE_RISK_CALLS
    ):
        return CONCERNS[0]
    return CONCERNS[1] if rates_signs_now(reopened.instrument) else CONCERNS[2]


def on_site_after(on_site, day: dt.date) -> tuple[dt.date | None, str]:
    """The first of the days the patient was on site after ``day``, and what for (:data:`ON_SITE_AS`, several on that
    day in that order, joined by ", "); (None, "") when none.  Being on site is not a contact about a flag: nothing
    here says anyone reached the patient about it.

    Parameters
    ----------
    on_site : iterable of (datetime.date, str)
        Each day the patient was on site and what for (one of :data:`ON_SITE_AS`): a session attended in full or in
        part (late, left early), an assessment's clinical day, a drug screen's collection day.
    day : datetime.date
        The correction's day.

    Returns
    -------
    tuple of (datetime.date or None, str)

    Examples
    --------
    >>> import datetime
    >>> days = [(datetime.date(2026, 3, 2), "attended"), (datetime.date(2026, 3, 9), "drug screen"),
    ...         (datetime.date(2026, 3, 9), "attended"), (datetime.date(2026, 3, 12), "assessment")]
    >>> on_site_after(days, datetime.date(2026, 3, 5))
    (datetime.date(2026, 3, 9), 'attended, drug screen')
    >>> on_site_after([(datetime.date(2026, 3, 5), "attended")], datetime.date(2026, 3, 5))  # the correction's day
    (None, '')
    """
    after = [(d, what) for d, what in on_site if d > day]
    first = min((d for d, _ in after), default=None)
    if first is None:
        return None, ""
    done = {what for d, what in after if d == first}
    return first, ", ".join(what for what in (*ON_SITE_AS, *sorted(done - set(ON_SITE_AS))) if what in done)


def late_flags(patient, versions, resolutions, weeks, reopenings, on_site=()) -> list[tuple]:
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
    on_site : iterable of (datetime.date, str), optional
        The days the patient was on site and what for (:func:`on_site_after`); none given: not on site since any
        correction.

    Returns
    -------
    list of tuple
        The rows, in the order of :data:`LATE_COLUMNS`.
    """
    from dataclasses import replace

    from ..placement.resolution import AfterCorrection, closing_of, correction_chain

    by_id = {str(v.id): v for v in versions}
    amends = {rid: getattr(v, "amends", None) for rid, v in by_id.items()}
    corrected = {str(a) for a in amends.values() if a is not None}
    on_site = tuple(on_site)
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
                earlier = f"earlier flag (never closed): {why.closed_flag}" if why.never_acted_on else ""
                if why.kind is AfterCorrection.WITHDRAWN:  # its own flag, kept open: never one the correction raised
                    earlier = WITHDRAWN_EARLIER
                # a repeated screen: the row until that screen's day, and the row from it (no contact step)
                again = None if why.repeated is None or not why.asks_again else why.repeated[1]
                before = min((d for d in (superseded, again) if d is not None), default=None)
                reads = [(replace(why, repeated=None), None, before)]
                if again is not None and (superseded is None or again < superseded):
                    reads.append((why, again, superseded))
                for read, since, until in reads:
                    rows.append(
                        (
                            patient,
                            read.instrument,
                            code,
                            (flags[code] if code in flags else read.kept).message,  # kept: the record raises none
                            earlier,
                            read.day,
                            read.corrected_on,
                            read.corrected_by,
                            read.reason,
                            "; ".join(read.steps),
                            urgency(read),
                            concern(read),
                            closed,
                            until,
                            *on_site_after(on_site, read.corrected_on),
                            since,
                        )
                    )
    return rows


def open_late_flags(late, end) -> Any:
    """The worklist of a report ending on ``end``: the flags of ``late`` still open that day, most urgent first.

    A row counts when its correction was saved on or before ``end``, no later correction had replaced its version by
    then (``superseded``) and it was not closed by then.  Ordered by the step printed first (:func:`urgency`: contact
    the patient now, then today, then no contact step); within each, by :func:`concern`: suicide-risk flags first, the
    oldest record first (its clinical day: the longest a positive screen has gone without an assessment, NPSG
    15.01.01 asking for one after every positive screen; a suicide risk, unlike withdrawal signs, does not run a
    course that makes an older finding moot, and newest first would leave an old unreached patient behind each new
    one), then withdrawal-sign flags (CIWA-Ar, COWS), the newest record first (the scales rate the signs at the time
    of rating, Sullivan et al. 1989, Wesson & Ling 2003: the newest signs are the likeliest still developing), then
    the rest, the oldest first; then the earliest correction, then by patient.  iopkit's own rule (physician review).
    ``days_open`` counts from the correction's day to ``end``; ``on_site_since`` is the first day after the
    correction's the patient was on site (``on_site``), when on or before ``end``, and ``on_site_as`` what for
    (``on_site_as``; missing with it): not a record that anyone reached the patient about the flag.

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
    >>> late = pd.DataFrame([["IOP-1", "phq9", "suicidal_ideation", "Possible suicidal ideation", "", pd.Timestamp(
    ...     "2026-03-02"), pd.Timestamp("2026-03-05"), "AB", "mis-keyed", "contact the patient today", 1,
    ...     "suicide risk", pd.NaT, pd.NaT, pd.Timestamp("2026-03-09"), "drug screen", pd.NaT]], columns=LATE_COLUMNS)
    >>> open_late_flags(late, pd.Timestamp("2026-03-31"))[["patient", "days_late", "days_open"]].values.tolist()
    [['IOP-1', 3, 26]]
    >>> open_late_flags(late, pd.Timestamp("2026-03-31"))[["on_site_since", "on_site_as"]].values.tolist()
    [[Timestamp('2026-03-09 00:00:00'), 'drug screen']]
    >>> open_late_flags(late, pd.Timestamp("2026-03-06"))[["on_site_since", "on_site_as"]].isna().values.tolist()
    [[True, True]]
    >>> open_late_flags(late, pd.Timestamp("2026-03-04")).empty  # not yet corrected then
    True
    """
    return _open_late_flags(_late_in_order(late), end)


def _late_in_order(late) -> Any:
    """The ``late_flags`` table in the worklist's order (:func:`open_late_flags`), with the day each row reads the
    chart from (``_since``): what the worklist reads whatever the report's last day (computed once per
    :class:`~iopkit.report.ProgrammeData`).  A stable sort: the rows still open on a day are in the order a sort of
    those rows alone gives them."""
    import pandas as pd

    late = late.reindex(columns=LATE_COLUMNS)
    days = (late["date"] - pd.Timestamp(0)) / dt.timedelta(days=1)
    newest = late["concern"].eq(NEWEST_FIRST)
    rows = late.assign(
        _concern=late["concern"].fillna("").map({c: i for i, c in enumerate(CONCERNS)}).fillna(len(CONCERNS)),
        _day=days.where(~newest, -days),
        _since=pd.to_datetime(late["since"]),
    )
    return rows.sort_values(
        ["urgency", "_concern", "_day", "corrected", "patient", "instrument", "flag"], kind="stable"
    )


def _open_late_flags(ordered, end) -> Any:
    """The worklist of :func:`open_late_flags` on ``end`` from the table in its order (:func:`_late_in_order`)."""
    import pandas as pd

    end = pd.Timestamp(end).normalize()
    since = ordered["_since"]
    still = (
        (ordered["corrected"] <= end)
        & (since.isna() | (since <= end))
        & (ordered["superseded"].isna() | (ordered["superseded"] > end))
        & (ordered["closed"].isna() | (ordered["closed"] > end))
    )
    rows = ordered[still]
    on_site = pd.to_datetime(rows["on_site"]).where(lambda day: day <= end)
    rows = rows.assign(
        earlier_flag=rows["earlier_flag"].fillna(""),
        record_day=rows["date"],
        corrected_on=rows["corrected"],
        days_late=((rows["corrected"] - rows["date"]) / dt.timedelta(days=1)).astype(int),
        days_open=((end - rows["corrected"]) / dt.timedelta(days=1)).astype(int),
        reason=rows["reason"].fillna(""),
        on_site_since=on_site,
        on_site_as=rows["on_site_as"].where(on_site.notna() & rows["on_site_as"].fillna("").astype(bool)),
    )
    return rows[list(WORKLIST)].reset_index(drop=True)
