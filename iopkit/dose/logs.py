"""A patient's attendance logs read together: each scheduled session counted once.

A patient can hold more than one current attendance log: when a newer plan is saved, the Dose page starts a new log
for it and carries the earlier log's sessions that fall on the new plan into it, and the roster starts one at a newer
plan's first session (:func:`iopkit.dose.groups.roster_log`); the earlier log stays as it was saved.  A reader that
sums over every log (the programme report's planned and delivered hours and its weeks meeting the level's minimum,
the attended days the census and the caseload read) counted each carried session twice.

One rule, read by each of them (:func:`sessions_once`): a session day is read from one log only, the newest one
recording it (a newer plan's log carries, or corrects, what the earlier one said), or, when none records it, the
newest one scheduling it.  A session an earlier log recorded and a newer log only schedules (a partial session longer
than the newer plan's sessions is not carried) is read from the earlier log: attendance recorded is never dropped.

A newer plan takes over from the first session on its schedule (ruling of the lead engineer, follow-up of the rule
above): a replaced plan's sessions on or after that day are no longer planned, unless a log recorded attendance at
them (a recorded session is never dropped: it counts with what was recorded); its sessions before that day stay as
they were.  Without it, a newer plan on other weekdays (Tue/Thu from 13 Jan replacing Mon/Wed/Fri from 5 Jan) left
the replaced plan's unrecorded 14 and 16 Jan counted as planned, 0 h delivered, lowering the programme report's
delivered share.

A log that is no plan plans nothing (:func:`iopkit.dose.off_plan.counted_sessions` names them): a log off the plans
or one whose sessions off the plans were withdrawn (recorded in error) is read for what it recorded and nothing else.
Its unrecorded sessions (a group's calendar) are not planned, and it never takes over from a plan: without it, a stray
log withdrawn after the current plan was saved, being the newest record, replaced the current plan's unrecorded
sessions with its group calendar's from 25 Nov on.

Nothing stored is rewritten: a store already holding overlapping logs reads the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .attendance import Attendance, AttendanceRecord
from .schedule import Schedule, Session

__all__ = ["CountedSession", "carried", "sessions_once"]


@dataclass(frozen=True)
class CountedSession:
    """One scheduled session as counted over a patient's logs (:func:`sessions_once`).

    Parameters
    ----------
    session : Session
        The scheduled session (its day, times and planned hours), from the log it is read from.
    record : AttendanceRecord or None
        What that log recorded at it; None when no log recorded it.
    """

    session: Session
    record: AttendanceRecord | None

    @property
    def delivered(self) -> float:
        """The hours attended (0 when missed or not recorded)."""
        return float(self.record.hours or 0.0) if self.record is not None else 0.0


def sessions_once(logs: Iterable[Attendance], *, aside: Iterable[Attendance] = ()) -> tuple[CountedSession, ...]:
    """Each scheduled session of a patient's attendance logs, counted once: read from the newest log recording it,
    or the newest log scheduling it when none records it.

    A newer plan takes over from the first session on its schedule (the lead engineer's ruling): an earlier log's
    sessions on or after that day that no log recorded are no longer planned; one recorded is kept, with what was
    recorded; its sessions before that day stay as they were.

    Parameters
    ----------
    logs : iterable of Attendance
        The patient's current attendance logs, oldest first (the order of :meth:`iopkit.store.Store.current`, the
        one :func:`iopkit.dose.off_plan.chart_log` reads as newest last).
    aside : iterable of Attendance, optional
        Logs that are no plan (off the plans, or withdrawn: :func:`iopkit.dose.off_plan.counted_sessions`): each
        session they recorded is counted unless a log of ``logs`` recorded that day too; their unrecorded sessions
        are not planned and they take over from no plan.

    Returns
    -------
    tuple of CountedSession
        One per session day, in date order.

    Examples
    --------
    >>> from iopkit.dose import Attendance, schedule
    >>> first = schedule("2026-01-05", ["mon", "wed", "fri"], 3, 12)
    >>> later = schedule("2026-01-05", ["mon", "wed", "fri"], 3, 14)
    >>> carried = Attendance(first).record("2026-01-05", "attended")
    >>> newer = Attendance(later, carried.records).record("2026-01-07", "attended")
    >>> held = [s for s in sessions_once([carried, newer]) if s.session.date <= dt.date(2026, 1, 9)]
    >>> [(str(s.session.date), s.delivered) for s in held]
    [('2026-01-05', 3.0), ('2026-01-07', 3.0), ('2026-01-09', 0.0)]

    A newer plan on other weekdays: the replaced plan's Wednesday of the week it starts is kept as recorded, its
    Friday, not recorded, is no longer planned.

    >>> old = Attendance(schedule("2026-01-05", ["mon", "wed", "fri"], 3, 4)).record("2026-01-14", "attended")
    >>> new = Attendance(schedule("2026-01-13", ["tue", "thu"], 3, 4))
    >>> week = [s for s in sessions_once([old, new]) if dt.date(2026, 1, 12) <= s.session.date <= dt.date(2026, 1, 18)]
    >>> [(str(s.session.date), s.session.hours, s.delivered) for s in week]
    [('2026-01-12', 3.0, 0.0), ('2026-01-13', 3.0, 0.0), ('2026-01-14', 3.0, 3.0), ('2026-01-15', 3.0, 0.0)]

    A log set aside plans nothing: the group calendar's Tuesday 13 Jan, not recorded, is not planned, and the plan's
    Wednesday 14 Jan stays planned.

    >>> group = Attendance(schedule("2026-01-12", ["mon", "tue"], 3, 2)).record("2026-01-12", "attended")
    >>> read = sessions_once([old], aside=[group])
    >>> days = [dt.date(2026, 1, d) for d in (12, 13, 14)]
    >>> [(str(s.session.date), s.delivered) for s in read if s.session.date in days]
    [('2026-01-12', 3.0), ('2026-01-14', 3.0)]
    """
    logs = list(logs)
    starts = [log.schedule.sessions[0].date if log.schedule.sessions else None for log in logs]
    read: dict[dt.date, CountedSession] = {}
    for log in aside:  # read first: what a plan's log recorded that day is read instead
        held = {s.date: s for s in log.schedule.sessions}
        read.update({r.date: CountedSession(held[r.date], r) for r in log.records})
    for i, log in enumerate(logs):  # oldest first: a newer log's session replaces an earlier one's, unless only the
        # earlier one recorded it; from a newer plan's first session on, this log's unrecorded ones are not planned
        done = {r.date: r for r in log.records}
        replaced = min((day for day in starts[i + 1 :] if day is not None), default=None)
        for s in log.schedule.sessions:
            record = done.get(s.date)
            if record is None and replaced is not None and s.date >= replaced:
                continue
            before = read.get(s.date)
            if record is not None or before is None or before.record is None:
                read[s.date] = CountedSession(s, record)
    return tuple(read[day] for day in sorted(read))


def carried(records: Iterable[AttendanceRecord], onto: Schedule) -> tuple[AttendanceRecord, ...]:
    """The recorded sessions a log for a newer plan starts with: each of ``records`` on a session of ``onto``, as
    entered (its hours read again from the new session, a partial session's kept), a partial session only when
    shorter than the new session (a longer one stays on the log that recorded it, where :func:`sessions_once` reads
    it).  The Dose page carries these when a newer plan is loaded, and the chart reads a newer plan with no log yet
    with them (:func:`iopkit.dose.off_plan.chart_attendance`).

    Parameters
    ----------
    records : iterable of AttendanceRecord
        The sessions recorded so far (an earlier plan's log).
    onto : Schedule
        The newer plan's schedule.

    Returns
    -------
    tuple of AttendanceRecord
        The records that fit ``onto``, in the order given.

    Examples
    --------
    >>> from iopkit.dose import schedule
    >>> first = Attendance(schedule("2026-01-05", ["mon", "wed"], 3, 2)).record("2026-01-05", "attended")
    >>> first = first.record("2026-01-07", "partial", 2.5)
    >>> shorter = schedule("2026-01-05", ["mon", "wed"], 2, 2)
    >>> [(str(r.date), str(r.status), r.hours) for r in carried(first.records, shorter)]
    [('2026-01-05', 'attended', None)]
    """
    from dataclasses import replace

    lengths = {s.date: s.hours for s in onto.sessions}
    return tuple(
        replace(r, hours=r.hours if r.status == "partial" else None)
        for r in records
        if r.date in lengths and (r.status != "partial" or (r.hours or 0.0) < lengths[r.date])
    )
