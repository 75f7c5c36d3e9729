"""Where each scheduled session stands: attended, late or left early, missed (excused or not), not recorded, upcoming.

The dose calendar marks every session of a patient's schedule from the attendance recorded for it, whether
entered one session at a time or taken for a whole group roster (:func:`iopkit.dose.groups.record_roster`
writes the roster's marks, with whether an absence was excused, into each member's log). A past session
with nothing recorded is said to be *not recorded*, never counted as missed: the calendar does not guess.

Examples
--------
>>> from iopkit.dose import Attendance, schedule
>>> log = Attendance(schedule("2025-01-06", ["mon", "wed", "fri"], 3, 1))
>>> log = log.record("2025-01-06", "attended").record("2025-01-08", "missed", excused=True)
>>> [(str(s.session.date), s.mark.value) for s in session_marks(log.schedule, log, today="2025-01-09")]
[('2025-01-06', 'attended'), ('2025-01-08', 'missed_excused'), ('2025-01-10', 'upcoming')]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from ..entry import clinical_day
from ..errors import DosePlanError
from .attendance import Attendance, AttendanceRecord, RosterMark
from .bounds import _text
from .schedule import Schedule, Session, _as_date

__all__ = ["SessionMark", "SessionStatus", "session_marks"]


class SessionMark(StrEnum):
    """How a scheduled session stands on the calendar (compares equal to its text)."""

    ATTENDED = "attended"
    LATE = "late"  # part of a session, taken on a roster as late
    LEFT_EARLY = "left_early"  # part of a session, taken on a roster as left early
    LATE_OR_LEFT_EARLY = "late_or_left_early"  # part of a session, which part not said (entered on the dose page)
    MISSED_EXCUSED = "missed_excused"
    MISSED_UNEXCUSED = "missed_unexcused"
    MISSED = "missed"  # a missed session recorded without saying whether it was excused
    NOT_RECORDED = "not_recorded"
    UPCOMING = "upcoming"

    @property
    def label(self) -> str:
        """The mark in the clinic's words."""
        return {
            SessionMark.LEFT_EARLY: "left early",
            SessionMark.LATE_OR_LEFT_EARLY: "late / left early",
            SessionMark.MISSED_EXCUSED: "missed, excused",
            SessionMark.MISSED_UNEXCUSED: "missed, unexcused",
            SessionMark.MISSED: "missed (excused or not: not said)",
            SessionMark.NOT_RECORDED: "not recorded",
        }.get(self, self.value)


@dataclass(frozen=True)
class SessionStatus:
    """One scheduled session, its mark and the hours delivered at it.

    Parameters
    ----------
    session : Session
        The scheduled session.
    mark : SessionMark
        How it stands: attended, late, left early (or either, when not said), missed (excused or not), not recorded
        or upcoming.
    delivered : float, optional
        Hours delivered at it (``None`` when nothing is recorded).
    """

    session: Session
    mark: SessionMark
    delivered: float | None = None


def _mark(record: AttendanceRecord) -> SessionMark:
    if record.status == "attended":
        return SessionMark.ATTENDED
    if record.status == "partial":  # the roster's mark says which part was missed (walk23 finding 6)
        if record.mark is RosterMark.LATE:
            return SessionMark.LATE
        return SessionMark.LEFT_EARLY if record.mark is RosterMark.LEFT_EARLY else SessionMark.LATE_OR_LEFT_EARLY
    if record.excused is None:
        return SessionMark.MISSED
    return SessionMark.MISSED_EXCUSED if record.excused else SessionMark.MISSED_UNEXCUSED


def session_marks(
    schedule: Schedule, attendance: Attendance | None = None, *, today: dt.date | str | None = None
) -> tuple[SessionStatus, ...]:
    """Every session of ``schedule`` with how it stands as of ``today`` (default: the clock's date).

    Parameters
    ----------
    schedule : Schedule
        The patient's sessions.
    attendance : Attendance, optional
        What was recorded (a log on this schedule); none recorded yet when omitted.
    today : date or 'YYYY-MM-DD', optional
        Sessions after it are upcoming; a session on or before it with nothing recorded is not recorded.

    Returns
    -------
    tuple of SessionStatus
        In date order, one per scheduled session.

    Raises
    ------
    DosePlanError
        ``attendance`` is for another schedule.
    """
    if not isinstance(schedule, Schedule):
        raise DosePlanError(
            f"session marks need a Schedule (got {_text(schedule)})",
            item="schedule",
            value=schedule,
            allowed="a Schedule",
        )
    if attendance is not None and attendance.schedule != schedule:
        raise DosePlanError(
            "the attendance given is for another schedule",
            item="attendance",
            allowed="the attendance log of this schedule",
        )
    day = clinical_day() if today is None else _as_date(today, "today")
    recorded = {r.date: r for r in (attendance.records if attendance is not None else ())}
    marks = []
    for session in schedule.sessions:
        record = recorded.get(session.date)
        if record is not None:
            marks.append(SessionStatus(session, _mark(record), record.hours))
        else:
            marks.append(
                SessionStatus(session, SessionMark.UPCOMING if session.date > day else SessionMark.NOT_RECORDED)
            )
    return tuple(marks)
