"""Attendance recorded off the plans: a log holding sessions no saved plan has, found, said and corrected.

Attendance is recorded against a plan (:func:`iopkit.dose.groups.roster_log`).  Before walk23 finding 13 the groups
roster did not refuse a session no saved plan covered: for a member whose plan had ended it wrote a second attendance
log, on the group's calendar, amending nothing; being the newest, it was the log the chart and the Dose page read, and
every session of the plan's own log was hidden from them (code-read follow-up 4).  Such a log cannot be merged into the
plan's log on reading: one log is one schedule of at most 52 weeks, and a schedule spanning the months without a plan
would read as weeks below the level's minimum.

So: :func:`off_plan_logs` finds each current log holding a session on a day no saved plan has, while a plan was in
force that day: saved by then and begun (a session on a group's calendar before any plan is in force is the roster's
own, kept, also when a plan saved that day starts later, and however late the roster is taken); :func:`chart_log` is
the log the chart reads, the newest one not off the plans, so the plan's sessions show again; each log off the plans
is said on the Dose page with what to do (:attr:`OffPlanLog.said`); and :func:`correct_off_plan` corrects it by an
amendment with the clinician's reason, never silently: moved onto a plan saved since that covers its sessions, or its
sessions off the plans withdrawn (recorded in error).  The programme report reads every current log, each session
once (:func:`counted_sessions`, by :func:`iopkit.dose.logs.sessions_once`).

A log set aside is no plan: the sessions it recorded are counted, but its calendar plans nothing and it never takes
over from the current plan, however late it was saved or corrected (a withdrawal is the newest record).  The logs on
plans are read in the order their plans were saved, so a log corrected later, or moved onto a plan later, takes over
from nothing newer than its plan.  And the newest saved plan is the current one before any attendance is recorded on
it (:func:`chart_attendance`, :func:`counted_sessions`): it takes over from the first session on its schedule, as a
newer plan's log does (the lead engineer's ruling, :mod:`iopkit.dose.logs`).  The chart judges its attendance by
the dose plan saved with that attendance's schedule (:func:`chart_plan`), and the roster records a session against
the log and plan holding it that day (:func:`roster_saved`): a newer plan's from its first session on, never the
replaced plan's log.  The chart of an earlier day reads no plan saved after that day, nor the log of one, nor pairs
its log with a plan by a schedule saved after it (:func:`chart_attendance`, :func:`chart_plan`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import DosePlanError
from ..flags import Flag
from .attendance import Attendance
from .groups import _day  # the roster's own way of saying a day: "25 Nov 2026"
from .logs import CountedSession, carried, sessions_once
from .plan import ASAM_SOURCE
from .schedule import Schedule, _as_date

__all__ = [
    "OffPlanLog",
    "chart_attendance",
    "chart_log",
    "chart_plan",
    "correct_off_plan",
    "counted_sessions",
    "off_plan_logs",
    "record_day",
    "roster_saved",
]


@dataclass(frozen=True)
class OffPlanLog:
    """A current attendance log holding sessions no saved plan has (:func:`off_plan_logs`).

    Parameters
    ----------
    record_id : int
        The log's record.
    by : str
        Who saved it.
    days : tuple of date
        Its recorded sessions no saved plan has, oldest first.
    hours : float
        The hours delivered at them.
    where : str
        Where the plans stood on the first of them, in words ("the plan ended 29 Mar 2026").
    """

    record_id: int
    by: str
    days: tuple[dt.date, ...]
    hours: float
    where: str

    @property
    def flag(self) -> Flag:
        """The log in brief, as a warning the chart header shows on every page (amber, as the Dose page's notice,
        :attr:`said`, which says what to do): "Attendance recorded off the plan on 25 Nov 2026", or "on 3 days
        (25 Nov 2026 to 30 Nov 2026)"; its action "see Dose & attendance" (the page's name)."""
        n, first = len(self.days), _day(self.days[0])
        return Flag(
            "attendance_off_plan",
            "Attendance recorded off the plan on "
            + (first if n == 1 else f"{n} days ({first} to {_day(self.days[-1])})"),
            "warning",
            "see Dose & attendance",
            ASAM_SOURCE,  # attendance is recorded against the patient's plan of care
        )

    @property
    def said(self) -> str:
        """What it is and what to do, in the clinic's words (shown on the Dose page)."""
        n = len(self.days)
        sessions = f"the session of {_day(self.days[0])}" if n == 1 else f"{n} sessions ({_day(self.days[0])} to "
        sessions += "" if n == 1 else f"{_day(self.days[-1])})"
        return (
            f"Attendance record {self.record_id} (saved by {self.by}) holds {sessions}, {self.hours:g} h delivered, on "
            f"no saved plan: {self.where}. It is left out of the chart's attendance and dose, which read the plan's "
            "own attendance, until it is corrected. If the patient was in care then, save a plan that covers it "
            "here, then move the attendance onto that plan; if it was recorded in error, withdraw it. Either is an "
            "amendment of the record, with your reason."
        )


def _saved_before(log: Any, schedules: Sequence[Any]) -> list[Any]:
    """The plan schedules saved before the log's record (record ids grow with every save): those the roster that wrote
    it could have read.  A plan saved since does not make an old log's session one taken on a plan."""
    return [r for r in schedules if r.id < log.id]


def _in_force(plan: Any) -> dt.date | None:
    """The day a saved plan schedule is in force from: the later of the day it was saved and its first session (a
    newer plan takes over from the first session on its schedule, the lead engineer's ruling, :mod:`.logs`); None
    for a schedule with no session."""
    from ..entry import clinical_day

    sessions = plan.item.sessions
    return max(clinical_day(plan.taken_at), sessions[0].date) if sessions else None


def _off_days(log: Any, schedules: Sequence[Any]) -> tuple[dt.date, ...]:
    """The log's recorded sessions on a day none of the plans saved before it has, a plan being in force that day
    (:func:`_in_force`): a session is judged against the plan in force on its own day, so a session before any plan
    is in force (the roster's own, on the group's calendar) is kept, a plan saved that day or before but starting
    later notwithstanding."""
    plans = _saved_before(log, schedules)
    first = min((day for day in map(_in_force, plans) if day is not None), default=None)
    if first is None:
        return ()
    days = {s.date for r in plans for s in r.item.sessions}
    return tuple(a.date for a in log.item.records if a.date >= first and a.date not in days)


def _where(day: dt.date, schedules: Sequence[Any]) -> str:
    """Where the plans stood on ``day``: the newest plan saved by then, as the roster's refusal words it."""
    from ..entry import clinical_day
    from .groups import _plan_gap

    by_then = [r for r in schedules if clinical_day(r.taken_at) <= day]
    newest = max(by_then, key=lambda r: (clinical_day(r.taken_at), r.id))
    return _plan_gap(day, newest.item)


def off_plan_logs(logs: Sequence[Any], schedules: Sequence[Any]) -> tuple[OffPlanLog, ...]:
    """The current attendance logs holding a recorded session on a day no plan saved before the log has, while a plan
    was in force that day (the roster refuses such a session since walk23 finding 13).  A session is judged against
    the plan in force on its own day (:func:`_in_force`: saved by then, its first session on or before it), never
    against every plan saved before the log: the late roster of a group session before a plan saved that day starts
    is the roster's own.  A plan saved since does not correct the log: it is corrected by an amendment
    (:func:`correct_off_plan`).

    Parameters
    ----------
    logs : sequence of Record
        The patient's current attendance records (:meth:`iopkit.store.Store.current`).
    schedules : sequence of Record
        Every saved version of the patient's plan schedules (:meth:`iopkit.store.Store.history`).

    Returns
    -------
    tuple of OffPlanLog
        In the order given; empty when every log is on a plan.
    """
    found = []
    for r in logs:
        off = _off_days(r, schedules)
        if off:
            hours = sum(a.hours for a in r.item.records if a.date in off)
            found.append(OffPlanLog(r.id, r.by, off, hours, _where(off[0], _saved_before(r, schedules))))
    return tuple(found)


def _set_aside(log: Any, schedules: Sequence[Any]) -> bool:
    """A log the chart does not read: one off the plans, or one emptied of them (withdrawn, :func:`correct_off_plan`):
    nothing recorded, on a calendar sharing no session with the plans saved before it, one of them by its start."""
    from ..entry import clinical_day

    if _off_days(log, schedules):
        return True
    plans, sched = _saved_before(log, schedules), log.item.schedule
    days = {s.date for r in plans for s in r.item.sessions}
    return (
        not log.item.records
        and any(clinical_day(r.taken_at) <= sched.start for r in plans)
        and not any(s.date in days for s in sched.sessions)
    )


def chart_log(logs: Sequence[Any], schedules: Sequence[Any]) -> Any | None:
    """The attendance log the chart and the Dose page read: the current log on the newest plan (:func:`_by_plan`: a
    log moved onto an older plan later is not it) not set aside (a log off the plans, :func:`off_plan_logs`, or one
    whose sessions off the plans were withdrawn), so a log off the plans never hides the plan's own; None when there
    is none.

    Parameters
    ----------
    logs : sequence of Record
        The patient's current attendance records, oldest first (:meth:`iopkit.store.Store.current`).
    schedules : sequence of Record
        Every saved version of the patient's plan schedules (:meth:`iopkit.store.Store.history`).

    Returns
    -------
    Record or None
    """
    return next((r for r in reversed(_by_plan(logs, schedules)) if not _set_aside(r, schedules)), None)


def _when(record: Any) -> tuple[str, int]:
    """A record's place in time as the store orders its current records: when it happened (the store's own text, a
    day before any time of it), then save order."""
    from ..store.text import utc_text

    return utc_text(record.taken_at), record.id


def _saved_by(records: Sequence[Any], as_of: dt.date) -> list[Any]:
    """The records dated (``taken_at``, the clinic's day) on or before ``as_of``: all a view of that day may read, never
    a plan saved after it."""
    from ..entry import clinical_day

    return [r for r in records if clinical_day(r.taken_at) <= as_of]


def _on_later_plan(log: Any, schedules: Sequence[Any], known: Sequence[Any]) -> bool:
    """True when ``log`` is on a saved plan schedule (one of ``schedules``) none of whose saves is among ``known``
    (those a view of a day may read, :func:`_saved_by`): the log of a plan saved after that day."""
    on = log.item.schedule
    return any(r.item == on for r in schedules) and not any(r.item == on for r in known)


def _newest_plan(schedules: Sequence[Any], as_of: dt.date | None = None) -> Any | None:
    """The newest saved plan schedule current among ``schedules`` (as :meth:`iopkit.store.Store.latest` orders: when it
    happened, then save order), saved by ``as_of`` when given (:func:`_saved_by`); None when there is none.  A version
    is current as of a day when no version read that day supersedes it: one amended after ``as_of`` (or after the
    schedules given were saved) is still the plan that day had."""
    known = schedules if as_of is None else _saved_by(schedules, as_of)
    ids = {r.id for r in known}
    held = [r for r in known if r.superseded_by is None or r.superseded_by not in ids]
    return max(held, key=_when, default=None)


def _pending(logs: Sequence[Any], schedules: Sequence[Any], as_of: dt.date | None = None) -> Schedule | None:
    """The newest saved plan's schedule while no current log is on it (no attendance recorded on it yet), else None."""
    newest = _newest_plan(schedules, as_of)
    if newest is None or any(r.item.schedule == newest.item for r in logs):
        return None
    return newest.item


def _plan_saved(log: Any, schedules: Sequence[Any]) -> tuple[str, int]:
    """Where a log stands in the order plans were saved: the newest saved schedule it is on (:func:`_when`), or, on no
    saved schedule (the roster's own before any plan), where the log was saved."""
    return max((_when(s) for s in schedules if s.item == log.item.schedule), default=_when(log))


def _by_plan(logs: Sequence[Any], schedules: Sequence[Any]) -> list[Any]:
    """The logs in the order their plans were saved (:func:`_plan_saved`), so that a log amended or moved onto its plan
    later is never read as a newer plan than one saved after its own."""
    return sorted(logs, key=lambda r: _plan_saved(r, schedules))


def roster_saved(logs: Sequence[Any], schedules: Sequence[Any], day: dt.date) -> tuple[Any | None, Any | None]:
    """The saved attendance log and plan schedule a roster session on ``day`` is recorded against
    (:func:`iopkit.dose.groups.roster_log` takes their items): a session falls to the plan that holds it that day.

    A plan takes over from the first session on its schedule (the lead engineer's ruling, :mod:`iopkit.dose.logs`).
    So, of the current plans in the order they were saved, the newest one whose first session is on or before
    ``day``:

    * when it is the newest plan: the chart's log (:func:`chart_log`) and the newest plan, as the roster always read
      them; ``roster_log`` starts the newest plan's log from its first session on, carrying what the chart's log
      recorded on it, never appending to a replaced plan's log;
    * when none has begun by ``day``: the newest log holding a session that day (the roster's own on the group's
      calendar, taken before any plan was saved), else the chart's log, and the newest plan;
    * when a plan saved since has not begun by ``day``: the plan that has, with its own log, else the log it replaces
      (the newest on a plan saved before it, whose sessions on it ``roster_log`` carries): a session before a newer
      plan's first session stays with the plan it falls in, also once the newer plan's log is started.  When neither
      that plan nor that log has a session on ``day``, the chart's log and the newest plan (the refusal names where
      the newest plan stands, "the plan starts 12 Jan 2026").

    A log set aside (off the plans, or withdrawn: :func:`chart_log`) is never read.

    Parameters
    ----------
    logs : sequence of Record
        The patient's current attendance records (:meth:`iopkit.store.Store.current`).
    schedules : sequence of Record
        Every saved version of the patient's plan schedules (:meth:`iopkit.store.Store.history`).
    day : datetime.date
        The roster's session.

    Returns
    -------
    tuple of (Record or None, Record or None)
        The log (None: none to amend or carry) and the plan schedule (None: no plan saved).
    """
    on_plans = [r for r in _by_plan(logs, schedules) if not _set_aside(r, schedules)]
    chart = on_plans[-1] if on_plans else None
    plans = sorted((r for r in schedules if r.superseded_by is None), key=_when)
    newest = plans[-1] if plans else None

    def holds(sched: Schedule | None) -> bool:
        return sched is not None and any(s.date == day for s in sched.sessions)

    begun = [p for p in plans if p.item.sessions and p.item.sessions[0].date <= day]
    if not begun:  # before every plan's first session: the log holding it (the group's own, before any plan)
        held = next((r for r in reversed(on_plans) if holds(r.item.schedule)), chart)
        return held, newest
    if begun[-1] is newest:
        return chart, newest
    plan = begun[-1]
    own = [r for r in on_plans if r.item.schedule == plan.item]
    before = [r for r in on_plans if _plan_saved(r, schedules) < _when(plan)]
    log = own[-1] if own else before[-1] if before else None
    if holds(log.item.schedule if log is not None else None) or holds(plan.item):
        return log, plan
    return chart, newest


def counted_sessions(logs: Sequence[Any], schedules: Sequence[Any]) -> tuple[CountedSession, ...]:
    """Each scheduled session of a patient's attendance counted once, as the programme report (planned and delivered
    hours, the census's tracks) reads it: :func:`iopkit.dose.logs.sessions_once` over the logs on plans, in the order
    their plans were saved, then the newest saved plan with no attendance recorded on it yet, read as a log with
    nothing recorded (it takes over from the first session on its schedule, the lead engineer's ruling); a log set
    aside (off the plans, or withdrawn: :func:`chart_log`) is no plan: the sessions it recorded are counted, its
    calendar plans nothing and it takes over from no plan.

    Parameters
    ----------
    logs : sequence of Record
        The patient's current attendance records (:meth:`iopkit.store.Store.current`).
    schedules : sequence of Record
        Every saved version of the patient's plan schedules (:meth:`iopkit.store.Store.history`).

    Returns
    -------
    tuple of CountedSession
        One per session day, in date order.
    """
    aside = [r for r in logs if _set_aside(r, schedules)]
    set_aside = {r.id for r in aside}
    on_plans = [r.item for r in _by_plan([r for r in logs if r.id not in set_aside], schedules)]
    pending = _pending(logs, schedules)
    if pending is not None:
        on_plans.append(Attendance(pending))
    return sessions_once(on_plans, aside=[r.item for r in aside])


def chart_attendance(logs: Sequence[Any], schedules: Sequence[Any], as_of: dt.date) -> Attendance | None:
    """The attendance the chart reads as of ``as_of``: the chart's log (:func:`chart_log`), or, from the first session
    of a newer plan saved since with no attendance recorded on it yet, that plan's log as its first attendance would
    start it: the chart's log's sessions that fall on it carried (:func:`iopkit.dose.logs.carried`, as the Dose page
    shows them), nothing else recorded.  A newer plan takes over from the first session on its schedule (the lead
    engineer's ruling, :mod:`iopkit.dose.logs`), before any attendance is recorded on it as after.

    A view of a day reads no plan saved after it: only the plan schedules saved by ``as_of`` are read, and the log of
    a plan saved after it is not (a log is one running record, read whenever its version was saved, but never on a
    plan that day did not have).

    Parameters
    ----------
    logs : sequence of Record
        The patient's current attendance records, oldest first (:meth:`iopkit.store.Store.current`).
    schedules : sequence of Record
        Every saved version of the patient's plan schedules (:meth:`iopkit.store.Store.history`).
    as_of : datetime.date
        The chart's day: a plan saved later is not read, nor one whose first session is later.

    Returns
    -------
    Attendance or None
        None when there is no log (a plan with nothing recorded yet is read from its schedule alone).
    """
    known = _saved_by(schedules, as_of)
    logs = [r for r in logs if not _on_later_plan(r, schedules, known)]
    chosen = chart_log(logs, known)
    if chosen is None:
        return None
    pending = _pending(logs, known)
    if pending is None or not pending.sessions or pending.sessions[0].date > as_of:
        return chosen.item
    return Attendance(pending, carried(chosen.item.records, pending))


def chart_plan(
    plans: Sequence[Any], schedules: Sequence[Any], attendance: Attendance | None, as_of: dt.date
) -> Any | None:
    """The dose plan the chart of ``as_of`` judges its attendance (:func:`chart_attendance`) by: the one saved with that
    attendance's schedule, so the plan and the log it reads always belong together; never a plan, nor a schedule,
    saved after ``as_of`` (a view of a day never uses a plan saved after it: the same schedule saved again later with
    another plan does not pair the log with the plan saved before that later save).

    A plan and its schedule are saved together, the plan first (the Dose page saves both in one transaction; the demo
    and the data sets save them one after the other): the plan of a schedule is the newest of ``plans`` saved before
    the schedule's record (record ids grow with every save).  Without it, the chart read the newest plan with the
    replaced plan's log before the newer plan's first session (the lead engineer's ruling, :mod:`iopkit.dose.logs`):
    Mon/Wed/Fri 3 h (9 h/week) judged by a newer Tue/Thu plan of 6 h/week, a false warning that the schedule gives
    9 h but the plan is 6 h/week, and its weeks never judged against the Level 2.1 minimum of 9 h/week (an adult's
    6 h/week plan is Level 1, with none).  With no attendance, or one on no saved schedule (the roster's own log on a
    group's calendar before any plan), or no plan saved before its schedule: the newest of ``plans`` saved by
    ``as_of``, as before.

    Parameters
    ----------
    plans : sequence of Record
        The patient's current dose plans, oldest first (the store's order: the last is the newest); those saved after
        ``as_of`` are not read.
    schedules : sequence of Record
        Every saved version of the patient's plan schedules (:meth:`iopkit.store.Store.history`).
    attendance : Attendance or None
        What the chart reads (:func:`chart_attendance`).
    as_of : datetime.date
        The chart's day: a plan or schedule saved later is not read.

    Returns
    -------
    Record or None
        None when no plan is saved by ``as_of``.
    """
    plans, schedules = _saved_by(plans, as_of), _saved_by(schedules, as_of)
    newest = plans[-1] if plans else None
    held = [s for s in schedules if attendance is not None and s.item == attendance.schedule]
    if not held:
        return newest
    sched = max(held, key=_when)
    return max((p for p in plans if p.id < sched.id), key=lambda p: p.id, default=newest)


def correct_off_plan(
    store,
    patient_id: int,
    record_id: int,
    *,
    by: str,
    reason: str,
    plan: int | None = None,
    when: dt.date | None = None,
) -> int:
    """Correct a log off the plans (:func:`off_plan_logs`) by an amendment of it with the clinician's reason.

    With ``plan`` (a saved schedule's record, one that covers the log's sessions: the patient was in care then) the
    log is moved onto that plan, its sessions carried; without it its sessions off the plans are withdrawn (recorded
    in error), those on a plan kept.  Nothing else is changed: the earlier log stays as it is.  The amendment is
    dated ``when``, the clinic's day it was made (default today, :func:`iopkit.entry.clinical_day`; never a day
    after today, refused in the words of :func:`iopkit.entry.past_day_refusal`, nor one before the latest session the
    log holds, :func:`record_day`), as any record the store saves with ``when=`` (:meth:`iopkit.store.Store.save`):
    it is read in the order of that day, not of the machine's clock.

    Parameters
    ----------
    store : Store
        The record store.
    patient_id : int
        The patient.
    record_id : int
        The log's record (:attr:`OffPlanLog.record_id`).
    by : str
        Who corrects it.
    reason : str
        Why (required: an amendment).
    plan : int, optional
        The record of the saved schedule to move the log onto.
    when : datetime.date, optional
        The clinic's day of the amendment (default today); today or earlier, the latest session the log holds or
        later.

    Returns
    -------
    int
        The amendment's record id.

    Raises
    ------
    DosePlanError
        ``when`` is no date, is after today or before the latest session the log holds, the record is no log off
        the plans of this patient, ``plan`` is no
        schedule of theirs or does not hold each of the log's sessions, or another current log is already on that
        plan.
    StoreError
        No reason given, or the record was amended since (the store's own refusals).
    """
    logs = store.current(patient_id, "attendance")
    schedules = store.history(patient_id, "schedule")
    found = next((o for o in off_plan_logs(logs, schedules) if o.record_id == record_id), None)
    if found is None:
        raise DosePlanError(
            f"record {record_id} is no current attendance log of this patient holding sessions off the plans: "
            "nothing to correct",
            item="record_id",
            value=record_id,
            allowed="a record of off_plan_logs",
        )
    log: Attendance = next(r for r in logs if r.id == record_id).item
    day = record_day(when, session=max(a.date for a in log.records))  # never before a session the log holds
    if plan is None:
        kept = tuple(a for a in log.records if a.date not in found.days)
        return store.save(patient_id, Attendance(log.schedule, kept), by=by, amends=record_id, reason=reason, when=day)
    sched = next((r.item for r in schedules if r.id == plan), None)
    if not isinstance(sched, Schedule):
        raise DosePlanError(
            f"record {plan} is no saved plan schedule of this patient", item="plan", value=plan, allowed="a schedule"
        )
    missing = [a.date for a in log.records if a.date not in {s.date for s in sched.sessions}]
    if missing:
        raise DosePlanError(
            f"the plan (record {plan}) has no session on {', '.join(map(_day, missing))}: save a plan that holds "
            "each of these sessions, or withdraw them",
            item="plan",
            value=plan,
            allowed="a plan holding each of the log's sessions",
        )
    other = next((r.id for r in logs if r.id != record_id and r.item.schedule == sched), None)
    if other is not None:
        raise DosePlanError(
            f"attendance record {other} is already on this plan: record these sessions there on the Dose page, then "
            f"withdraw record {record_id}",
            item="plan",
            value=plan,
            allowed="a plan with no attendance log yet",
        )
    return store.save(patient_id, Attendance(sched, log.records), by=by, amends=record_id, reason=reason, when=day)


def record_day(when: Any, today: Any = None, *, session: dt.date | None = None) -> dt.date:
    """The clinic's day an attendance record is dated (the store's ``when=``, :meth:`iopkit.store.Store.save`):
    ``when``, a date, today or earlier; default today.  A later day is refused in the words of
    :func:`iopkit.entry.past_day_refusal`, never replaced by today: only the clinician knows the day it happened (walk
    review F6).  A day before ``session`` (the session the record holds) is refused too: attendance cannot be
    recorded before the session took place.  A record dated so is read in the order of that day, not of the machine's
    clock.

    Parameters
    ----------
    when : datetime.date or None
        The clinic's day of the record (None: today).
    today : datetime.date or 'YYYY-MM-DD', optional
        The day taken as today (default the clinic's today, :func:`iopkit.entry.clinical_day`).
    session : datetime.date, optional
        The day of the session the record holds (the latest, when it holds several): the earliest day it can be
        dated.

    Returns
    -------
    datetime.date
        ``when``, or today.

    Raises
    ------
    DosePlanError
        ``when`` is no date (a datetime or text included), is after today, or is before ``session``.

    Examples
    --------
    >>> record_day(dt.date(2026, 1, 14), today=dt.date(2026, 1, 16)), record_day(None, today=dt.date(2026, 1, 16))
    (datetime.date(2026, 1, 14), datetime.date(2026, 1, 16))
    >>> record_day(dt.date(2026, 1, 17), today=dt.date(2026, 1, 16))
    Traceback (most recent call last):
    ...
    iopkit.errors.DosePlanError: 17 Jan 2026 is after today (16 Jan 2026): enter the day it happened, today or earlier.
    >>> wednesday = dt.date(2026, 1, 14)
    >>> record_day(dt.date(2026, 1, 13), today=dt.date(2026, 1, 16), session=wednesday)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    iopkit.errors.DosePlanError: 13 Jan 2026 is before the session (14 Jan 2026): enter the day it was recorded, ...
    """
    from ..entry import clinical_day, past_day_refusal

    today = clinical_day() if today is None else _as_date(today, "today")
    if when is None:
        when = today
    elif not isinstance(when, dt.date) or isinstance(when, dt.datetime):
        raise DosePlanError(
            f"when must be a date (got {when!r})", item="when", value=when, allowed="a date, today or earlier"
        )
    said = past_day_refusal(when, today)
    if said is not None:
        raise DosePlanError(said, item="when", value=when, allowed=f"up to {today}")
    if session is not None and when < session:
        raise DosePlanError(
            f"{when:%d %b %Y} is before the session ({session:%d %b %Y}): enter the day it was recorded, the "
            "session's day or later.",
            item="when",
            value=when,
            allowed=f"from {session} up to {today}",
        )
    return when
