"""Attendance against a schedule, progress towards the planned dose, and delivered dose for cohorts."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import cast

from .._frozen import freeze
from ..entry import clinic_time, clinical_day, day_said
from ..errors import DosePlanError
from ..flags import Flag, sessions_unrecorded, unrecorded_were, weeks_of
from .bounds import _text, bounded_items
from .plan import ASAM_SOURCE, DosePlan, _positive, minimum_hours
from .schedule import Schedule, _as_date

__all__ = [
    "STATUSES",
    "AttendanceStatus",
    "AttendanceRecord",
    "RosterMark",
    "Attendance",
    "AttendanceFractions",
    "DoseProgress",
    "progress",
    "delivered_hours",
    "WeeklyDose",
    "weekly_dose",
]


class AttendanceStatus(StrEnum):
    """What happened at a scheduled session (compares equal to its text, ``"attended"``)."""

    ATTENDED = "attended"
    MISSED = "missed"
    PARTIAL = "partial"


#: What happened at a scheduled session, as text (the values of :class:`AttendanceStatus`).
STATUSES = tuple(status.value for status in AttendanceStatus)


class RosterMark(StrEnum):
    """How one member was at one group session (compares equal to its text, ``"present"``)."""

    PRESENT = "present"
    LATE = "late"
    LEFT_EARLY = "left_early"
    ABSENT_EXCUSED = "absent_excused"
    ABSENT_UNEXCUSED = "absent_unexcused"

    @property
    def status(self) -> AttendanceStatus:
        """The attendance status it is recorded as: late and left early are part of a session."""
        return {
            RosterMark.PRESENT: AttendanceStatus.ATTENDED,
            RosterMark.LATE: AttendanceStatus.PARTIAL,
            RosterMark.LEFT_EARLY: AttendanceStatus.PARTIAL,
        }.get(self, AttendanceStatus.MISSED)

    @property
    def needs_hours(self) -> bool:
        """Whether the hours actually attended must be given (late, left early)."""
        return self.status is AttendanceStatus.PARTIAL

    @property
    def excused(self) -> bool | None:
        """True / False for an absence, None for a member who came."""
        return {RosterMark.ABSENT_EXCUSED: True, RosterMark.ABSENT_UNEXCUSED: False}.get(self)

    @property
    def label(self) -> str:
        """The mark in the clinic's words ("left early", "absent, unexcused")."""
        return self.value.replace("_", " ").replace("absent ", "absent, ")


def _roster_mark(value, whose: str) -> RosterMark:
    """``value`` as a RosterMark (its text is accepted), or a DosePlanError naming ``whose`` mark it is."""
    try:
        return RosterMark(value)
    except (ValueError, TypeError):
        raise DosePlanError(
            f"the mark {whose} must be one of {', '.join(RosterMark)} (got {_text(value)})",
            item="mark",
            value=value,
            allowed=tuple(RosterMark),
        ) from None


#: Each status by its text, read without the enum's own (slower) lookup.
_BY_TEXT = {status.value: status for status in AttendanceStatus}


def _status(value, day) -> AttendanceStatus:
    """``value`` as an AttendanceStatus (text such as ``"attended"`` is accepted), or a DosePlanError."""
    if type(value) is AttendanceStatus:
        return value
    if type(value) is str and value in _BY_TEXT:
        return _BY_TEXT[value]
    try:
        return AttendanceStatus(value)
    except (ValueError, TypeError):
        raise DosePlanError(
            f"attendance status on {day} must be one of {STATUSES} (got {_text(value)})",
            item="status",
            value=value,
            allowed=STATUSES,
        ) from None


def _not_future(day: date, today) -> date:
    """``day``, or a DosePlanError if it is after ``today`` (attendance is recorded once a session is held)."""
    today = clinical_day() if today is None else _as_date(today, "today")
    if day > today:
        raise DosePlanError(
            f"attendance on {day} is in the future (today is {today}); record a session once it has been held",
            item="date",
            value=day,
            allowed=f"up to {today}",
        )
    return day


_EPS = 1e-9  # hours: sums of session lengths such as 3 x 10/3 h are compared with this tolerance


@dataclass(frozen=True)
class AttendanceRecord:
    """What happened at one scheduled session; ``hours`` delivered (filled in by :class:`Attendance`).

    Parameters
    ----------
    date : datetime.date or 'YYYY-MM-DD'
        The session's date (read as a date by :class:`Attendance`).
    status : AttendanceStatus or str
        ``attended``, ``missed`` or ``partial``.
    hours : float, optional
        Hours delivered; needed for ``partial``, filled in for the others.
    excused : bool, optional
        For a missed session, whether the absence was excused (``None``: not said, as in records made
        before it could be; a group roster always says it).
    mark : RosterMark or str, optional
        The group roster's mark it was taken as (``None``: not taken on a roster, or taken before the roster's
        mark was kept); it must agree with ``status`` and ``excused``.
    group : str, optional
        The name of the group on whose roster it was taken (only with ``mark``).

    Raises
    ------
    DosePlanError
        A status outside :class:`AttendanceStatus`, or a mark outside :class:`RosterMark`.
    """

    date: date
    status: AttendanceStatus | str  # a str is read as its AttendanceStatus
    hours: float | None = None
    excused: bool | None = None
    mark: RosterMark | None = None  # text such as "left_early" is read as its RosterMark
    group: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", _status(self.status, self.date))
        if self.mark is not None and type(self.mark) is not RosterMark:
            object.__setattr__(self, "mark", _roster_mark(self.mark, f"on {self.date}"))

    @property
    def said(self) -> str:
        """What was recorded, in the clinic's words: the roster's mark when it was taken on one ("left early,
        2 h"), else the status ("missed, excused or not: not said")."""
        if self.mark is not None:
            name = self.mark.label
        elif self.status == "missed" and self.excused is None:
            name = "missed, excused or not: not said"
        elif self.status == "missed":
            name = "missed, excused" if self.excused else "missed, unexcused"
        else:
            name = str(self.status)
        return name if self.hours is None or self.status == "missed" else f"{name}, {self.hours:g} h"

    def to_dict(self) -> dict:
        """This record as a JSON-able dict (read back by ``from_dict``); ``excused``, ``mark`` and ``group`` only
        when they were said."""
        data: dict = {"date": self.date.isoformat(), "status": str(self.status), "hours": self.hours}
        if self.excused is not None:
            data["excused"] = self.excused
        if self.mark is not None:
            data["mark"] = self.mark.value
        if self.group is not None:
            data["group"] = self.group
        return data


def _checked(record: AttendanceRecord, session_hours: float, day: date | None = None) -> AttendanceRecord:
    """The record with its delivered hours filled in (and dated ``day``, its date read as a date, when given), or
    a DosePlanError saying what is wrong."""
    if day is not None and day != record.date:
        record = replace(record, date=day)
    status = _status(record.status, record.date)
    hours = record.hours
    if record.mark is not None and (
        record.mark.status != status or (status == "missed" and record.mark.excused is not record.excused)
    ):
        raise DosePlanError(
            f"the roster mark on {record.date} ({record.mark.label}) does not agree with the record ('{status}', "
            f"excused {_text(record.excused)})",
            item="mark",
            value=record.mark,
            allowed=f"a mark recorded as '{status}'",
        )
    if record.group is not None and (record.mark is None or not isinstance(record.group, str)):
        raise DosePlanError(
            f"the group on {record.date} is said of a record taken on a roster, as its name "
            f"(got {_text(record.group)})",
            item="group",
            value=record.group,
            allowed="a group name with a roster mark",
        )
    if record.excused is not None and (status != "missed" or not isinstance(record.excused, bool)):
        raise DosePlanError(
            f"excused on {record.date} is said of a missed session, as True or False (got "
            f"{_text(record.excused)} for '{status}')",
            item="excused",
            value=record.excused,
            allowed="True or False for a missed session",
        )
    if status == "partial":
        if not (type(hours) is float and 0.0 < hours < math.inf):  # a plain positive float is taken as it is
            hours = _positive(f"partial attendance hours on {record.date}", hours)
        if hours >= session_hours:
            raise DosePlanError(
                f"partial attendance on {record.date} must be under the session's "
                f"{session_hours:g} h (got {hours:g}); record it as 'attended'",
                item="hours",
                value=hours,
                allowed=f"> 0 and under {session_hours:g}",
            )
    else:
        full = session_hours if status == "attended" else 0.0
        given = (
            hours
            if hours is None or type(hours) is float and 0.0 <= hours < math.inf  # taken as it is
            else _positive(f"'{status}' hours on {record.date}", hours, allow_zero=True)
        )
        if given is not None and not math.isclose(given, full):
            raise DosePlanError(
                f"'{status}' on {record.date} means {full:g} h (got {hours!r}); use 'partial' for part of a session",
                item="hours",
                value=hours,
                allowed=full,
            )
        hours = full
    if status is record.status and type(hours) is type(record.hours) and repr(hours) == repr(record.hours):
        return record  # already as checked (a log read back from the store): the same values, -0.0 kept apart
    return replace(record, status=status, hours=hours)


def _hours(record: AttendanceRecord) -> float:
    """The hours of a record in a log: always filled in, by :func:`_checked`, when the log is made."""
    assert record.hours is not None
    return record.hours


@dataclass(frozen=True)
class Attendance:
    """Attendance records for the sessions of one :class:`~iopkit.dose.Schedule`.

    Every record must fall on a scheduled session; delivered hours are capped at the session's
    length (``partial`` is strictly less). Records are kept in date order.

    Parameters
    ----------
    schedule : Schedule
        The sessions attendance is recorded against.
    records : tuple of AttendanceRecord or of (date, status[, hours])
        What happened at sessions held so far.

    Raises
    ------
    DosePlanError
        Not a Schedule, a record that is not one, falls outside the schedule or is recorded twice, an unknown
        status, or hours that do not fit the status and the session's length.

    Examples
    --------
    >>> from iopkit.dose import schedule
    >>> log = Attendance(schedule("2025-01-06", ["mon", "wed", "fri"], 3, 4))
    >>> log = log.record("2025-01-06", "attended").record("2025-01-08", "partial", 1.5)
    >>> log.delivered(), log.record("2025-01-10", "missed").delivered()
    (4.5, 4.5)
    """

    schedule: Schedule
    records: tuple[AttendanceRecord, ...] = field(default=())

    def __post_init__(self) -> None:
        if not isinstance(self.schedule, Schedule):
            raise DosePlanError(
                f"attendance needs a Schedule (got {_text(self.schedule)})",
                item="schedule",
                value=self.schedule,
                allowed="a Schedule",
            )
        lengths = {session.date: session.hours for session in self.schedule.sessions}
        checked = {}
        for record in bounded_items(self.records, "records", limit=len(lengths)):
            if not isinstance(record, AttendanceRecord):
                try:
                    record = AttendanceRecord(*record)
                except TypeError:
                    raise DosePlanError(
                        f"an attendance record is (date, status) or (date, status, hours) (got {_text(record)})",
                        item="records",
                        value=record,
                        allowed="(date, status[, hours])",
                    ) from None
            day = _as_date(record.date, "attendance date")
            if day not in lengths:
                where = "skipped" if day in self.schedule.skipped else "not a session day"
                raise DosePlanError(
                    f"attendance on {day} is outside the plan ({where}; sessions run "
                    f"{self.schedule.start} to {self.schedule.end})"
                )
            if day in checked:
                raise DosePlanError(f"attendance on {day} is recorded twice")
            checked[day] = _checked(record, lengths[day], day)
        object.__setattr__(self, "records", tuple(checked[d] for d in sorted(checked)))

    def record(
        self,
        day,
        status: str,
        hours: float | None = None,
        *,
        today=None,
        excused: bool | None = None,
        mark: RosterMark | str | None = None,
        group: str | None = None,
    ) -> Attendance:
        """A new log with this session recorded (replacing an earlier record of the same date).

        A session after ``today`` (default: today's date) is refused: attendance is recorded once a
        session has been held. ``excused`` says whether a missed session's absence was excused; ``mark`` and
        ``group`` the roster mark and group when it was taken on a group's roster.
        """
        day = _not_future(_as_date(day, "attendance date"), today)
        kept = tuple(r for r in self.records if r.date != day)
        marked = cast("RosterMark | None", mark)  # text is read as its RosterMark (or refused) by AttendanceRecord
        return Attendance(self.schedule, kept + (AttendanceRecord(day, status, hours, excused, marked, group),))

    def on(self, day) -> AttendanceRecord | None:
        """The record of the session on ``day``, or None when nothing is recorded for it."""
        day = _as_date(day, "attendance date")
        return next((r for r in self.records if r.date == day), None)

    def delivered(self, as_of=None) -> float:
        """Hours delivered up to and including ``as_of`` (all records by default)."""
        last = _as_date(as_of, "as_of") if as_of is not None else date.max
        return sum(_hours(r) for r in self.records if r.date <= last)

    def recorded_hours(self, as_of=None) -> float:
        """Hours of the sessions recorded up to and including ``as_of`` (all records by default), as scheduled:
        what the recorded sessions offered, attended or not; a session not recorded yet is not among them."""
        last = _as_date(as_of, "as_of") if as_of is not None else date.max
        lengths = {s.date: s.hours for s in self.schedule.sessions}
        return sum(lengths[r.date] for r in self.records if r.date <= last)

    def unrecorded(self, as_of, now: datetime | None = None) -> tuple[date, ...]:
        """The days of the sessions up to ``as_of`` that have ended by ``now`` with no attendance recorded.

        A session of ``as_of`` still running at ``now``, or not begun, is not among them: its roster is not due yet
        (a session before ``as_of`` has ended). The continued-stay review names them to be recorded and the dose page
        counts them apart from the sessions missed (:meth:`fractions`).

        Parameters
        ----------
        as_of : datetime.date or 'YYYY-MM-DD'
            The day read.
        now : datetime.datetime, optional
            The moment it is read (default the clock's; aware): whether a session of ``as_of`` has ended.

        Returns
        -------
        tuple of datetime.date
            In date order.
        """
        as_of = _as_date(as_of, "as_of")
        now = datetime.now(UTC) if now is None else now
        recorded = {r.date for r in self.records}
        return tuple(
            s.date
            for s in self.schedule.sessions
            if s.date not in recorded and (s.date < as_of or (s.date == as_of and clinic_time(s.date, s.end) <= now))
        )

    def fractions(self, as_of, now: datetime | None = None) -> AttendanceFractions:
        """Attendance up to ``as_of``: hours attended over the hours of the sessions recorded, and the same with every
        session that has ended unrecorded (:meth:`unrecorded`) counted as missed.

        The continued-stay review weighs both (:meth:`iopkit.episode.Episode.from_store`) and the dose page shows
        both (:func:`progress`): one reading of the log.

        Parameters
        ----------
        as_of : datetime.date or 'YYYY-MM-DD'
            The day read.
        now : datetime.datetime, optional
            The moment it is read (default the clock's; aware): whether a session of ``as_of`` has ended.

        Returns
        -------
        AttendanceFractions

        Examples
        --------
        >>> from iopkit.dose import schedule
        >>> log = Attendance(schedule("2025-01-06", ["mon", "wed", "fri"], 3, 4))
        >>> log = log.record("2025-01-06", "attended", today="2025-01-10").record("2025-01-08", "partial", 1.5)
        >>> f = log.fractions("2025-01-13")  # Friday 10 Jan not recorded; Monday 13 Jan has ended since
        >>> f.delivered, f.recorded_hours, f.unrecorded, f.unrecorded_hours
        (4.5, 6.0, (datetime.date(2025, 1, 10), datetime.date(2025, 1, 13)), 6.0)
        >>> f.recorded, f.if_missed
        (0.75, 0.375)
        >>> f.said
        '75% of the session hours recorded (38% if the 2 sessions with no attendance recorded were missed)'
        """
        as_of = _as_date(as_of, "as_of")
        lengths = {s.date: s.hours for s in self.schedule.sessions}
        unrecorded = self.unrecorded(as_of, now)
        return AttendanceFractions(
            as_of,
            self.delivered(as_of),
            self.recorded_hours(as_of),
            unrecorded,
            sum(lengths[day] for day in unrecorded),
        )

    def to_dict(self) -> dict:
        """This record as a JSON-able dict (read back by ``from_dict``)."""
        return {"schedule": self.schedule.to_dict(), "records": [r.to_dict() for r in self.records]}

    @classmethod
    def from_dict(cls, data: dict) -> Attendance:
        """Rebuild what :meth:`to_dict` wrote (also after a JSON round trip)."""
        try:
            return cls(
                Schedule.from_dict(data["schedule"]),
                tuple(
                    AttendanceRecord(
                        _date_if_one(r["date"]),
                        r["status"],
                        r.get("hours"),
                        r.get("excused"),
                        r.get("mark"),
                        r.get("group"),
                    )
                    for r in bounded_items(data["records"], "records")
                ),
            )
        except (KeyError, TypeError, AttributeError):
            raise DosePlanError(
                f"attendance must be read from a dict with schedule and records (got {_text(data)})",
                value=data,
                allowed="a dict with schedule and records",
            ) from None


def _date_if_one(value):
    """``value`` read as a date when it is one (ISO text), else as it is: the log then refuses it, in its order."""
    try:
        return _as_date(value, "attendance date")
    except DosePlanError:
        return value


@dataclass(frozen=True)
class AttendanceFractions:
    """Attendance to a day over the sessions recorded, and with every unrecorded session counted as missed
    (:meth:`Attendance.fractions`).

    A planned session that has ended with no attendance recorded is the roster not taken (IOP rosters record present,
    late, left early or absent), not an absence: it is left out of the attendance figure (:attr:`recorded`) and named
    to be recorded; counted as missed it gives the lower end of what attendance may be (:attr:`if_missed`; clinician
    review of session 19, M1). A session of the day read that has not ended is in neither.

    Parameters
    ----------
    as_of : datetime.date
        The day read.
    delivered : float
        Hours attended at the sessions recorded up to ``as_of``.
    recorded_hours : float
        Hours of those sessions, as scheduled (attended or not).
    unrecorded : tuple of datetime.date
        The sessions that have ended with no attendance recorded.
    unrecorded_hours : float
        Their hours, as scheduled.
    """

    as_of: date
    delivered: float
    recorded_hours: float
    unrecorded: tuple[date, ...]
    unrecorded_hours: float

    @property
    def planned_hours(self) -> float:
        """Hours of the sessions held to date: those recorded and those that have ended unrecorded."""
        return self.recorded_hours + self.unrecorded_hours

    @property
    def recorded(self) -> float | None:
        """Hours attended over the hours of the sessions recorded, at most 1 (``None`` before any is recorded)."""
        return min(self.delivered / self.recorded_hours, 1.0) if self.recorded_hours else None

    @property
    def if_missed(self) -> float | None:
        """Hours attended over the hours of the sessions held to date, every unrecorded one counted as missed, at
        most 1 (``None`` before any session has ended or is recorded)."""
        return min(self.delivered / self.planned_hours, 1.0) if self.planned_hours else None

    @property
    def said(self) -> str:
        """The attendance in words: "80% of the session hours recorded", and where counting the unrecorded sessions as
        missed reads otherwise, that figure after it: "(67% if the session with no attendance recorded was missed)";
        "unknown" before any session is recorded."""
        a, low = self.recorded, self.if_missed
        if a is None:
            return "unknown"
        said = f"{a:.0%} of the session hours recorded"
        if low is not None and f"{low:.0%}" != f"{a:.0%}":
            said += f" ({low:.0%} if {unrecorded_were(len(self.unrecorded))} missed)"
        return said

    @property
    def unrecorded_said(self) -> str:
        """The unrecorded sessions counted and named: "1 session with no attendance recorded (Tue 10 Nov)"; "" for
        none."""
        days = self.unrecorded
        return f"{sessions_unrecorded(len(days))} ({', '.join(map(day_said, days))})" if days else ""

    def to_dict(self) -> dict:
        """These fractions as a JSON-able dict (dates as ISO text), the two fractions with them."""
        return {
            "as_of": self.as_of.isoformat(),
            "delivered": self.delivered,
            "recorded_hours": self.recorded_hours,
            "unrecorded": [day.isoformat() for day in self.unrecorded],
            "unrecorded_hours": self.unrecorded_hours,
            "recorded": self.recorded,
            "if_missed": self.if_missed,
        }


@dataclass(frozen=True)
class DoseProgress:
    """Planned versus delivered dose at a date, and where the observed attendance rate leads.

    Completed weeks are sorted three ways: ``weeks_below_minimum`` (attended below the level's
    minimum), ``weeks_scheduled_below_minimum`` (the schedule itself offered less, e.g. a holiday)
    and ``weeks_unrecorded`` (attendance not recorded yet, so not judged); see :func:`progress`.

    Parameters
    ----------
    as_of : datetime.date
        The day progress is judged on.
    planned_to_date, delivered : float
        Hours of the sessions held up to ``as_of`` (recorded, or ended with no attendance recorded: a session of
        ``as_of`` not ended yet is not planned to date until it ends or is recorded), and hours delivered.
    percent : float or None
        Delivered as a percentage of planned to date: every unrecorded session counted as missed, the lower end of
        what attendance may be (``None`` before the first session has ended).
    counts : mapping of str to int
        Sessions attended, missed, partial and unrecorded (ended with no attendance recorded; read-only once made).
    weeks_below_minimum : tuple of int
        Completed weeks attended below the level's minimum.
    weeks_needed : float
        More weeks to reach the plan's total at the observed rate (infinite if nothing was delivered).
    projected_completion : datetime.date or None
        When the plan's total would be reached at that rate.
    flags : tuple of Flag
        What needs attention.
    weeks_scheduled_below_minimum, weeks_unrecorded : tuple of int
        Weeks the schedule itself offered less, and weeks not judged until recorded.
    attendance : AttendanceFractions or None
        Attendance over the sessions recorded and with the unrecorded ones counted as missed, as the continued-stay
        review weighs it (:meth:`Attendance.fractions`; always given by :func:`progress`).
    """

    as_of: date
    planned_to_date: float
    delivered: float
    percent: float | None
    counts: Mapping[str, int]
    weeks_below_minimum: tuple[int, ...]
    weeks_needed: float
    projected_completion: date | None
    flags: tuple[Flag, ...]
    weeks_scheduled_below_minimum: tuple[int, ...] = ()
    weeks_unrecorded: tuple[int, ...] = ()
    attendance: AttendanceFractions | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "counts", freeze(self.counts))

    @property
    def sessions_said(self) -> str:
        """The sessions to date in words, the unrecorded ones counted and named apart from those missed: "4 attended,
        1 missed, 0 partial; 1 session with no attendance recorded (Tue 10 Nov)"."""
        said = ", ".join(f"{self.counts[status]} {status}" for status in STATUSES)
        unrecorded = self.attendance.unrecorded_said if self.attendance is not None else ""
        return f"{said}; {unrecorded}" if unrecorded else said

    def to_dict(self) -> dict:
        """This progress report as a JSON-able dict (dates as ISO text, no infinities)."""
        data = {
            **self.__dict__,
            "as_of": self.as_of.isoformat(),
            "flags": [f.to_dict() for f in self.flags],
            "counts": dict(self.counts),
            "attendance": self.attendance and self.attendance.to_dict(),
        }
        data.update(
            {
                name: list(getattr(self, name))
                for name in ("weeks_below_minimum", "weeks_scheduled_below_minimum", "weeks_unrecorded")
            }
        )
        data["weeks_needed"] = None if math.isinf(self.weeks_needed) else self.weeks_needed
        data["projected_completion"] = self.projected_completion and self.projected_completion.isoformat()
        return data


def _weeks(weeks) -> str:
    return f"week{'s' if len(weeks) > 1 else ''} {', '.join(map(str, weeks))}"


def _plan_matches_schedule(plan: DosePlan, sched: Schedule, scheduled: tuple[float, ...]) -> tuple[Flag, ...]:
    """Warnings where the plan and the schedule it is followed with disagree (hours per week, weeks).

    ``scheduled`` is the schedule's :meth:`~iopkit.dose.Schedule.hours_by_week`.  A week with skipped dates may
    have fewer hours than the plan; any other week must have the plan's.
    """
    flags = []
    skipped = {sched.week_of(day) for day in sched.skipped}
    differ = {
        w: hours
        for w, hours in enumerate(scheduled, start=1)
        if not math.isclose(hours, plan.hours_per_week, abs_tol=1e-6)
        and (w not in skipped or hours > plan.hours_per_week)
    }
    if differ:
        hours = " or ".join(f"{h:g}" for h in sorted(set(differ.values())))
        flags.append(
            Flag(
                "schedule_hours_differ_from_plan",
                f"The schedule gives {hours} h in {_weeks(sorted(differ))} but the plan is {plan.hours_per_week:g} "
                "h/week.",
                "warning",
                "Make the schedule again from the plan (or correct the plan) before judging the dose delivered.",
            )
        )
    if not math.isclose(sched.weeks, plan.weeks):
        flags.append(
            Flag(
                "schedule_weeks_differ_from_plan",
                f"The schedule runs {sched.weeks} weeks but the plan is {plan.weeks:g} weeks.",
                "warning",
                "Make the schedule again from the plan (or correct the plan) so that both have the same length.",
            )
        )
    return tuple(flags)


@dataclass(frozen=True)
class WeeklyDose:
    """Each completed week of an attendance log judged against a weekly minimum (:func:`weekly_dose`).

    Parameters
    ----------
    minimum : float
        The weekly hours judged against (a level's minimum, :func:`~iopkit.dose.plan.minimum_hours`).
    starts : tuple of datetime.date
        The first day of each week of the schedule, week 1 first.
    scheduled, attended : tuple of float
        Hours scheduled, and hours recorded as delivered up to ``as_of``, in each week of the schedule.
    below : tuple of int
        Completed weeks (from 1) attended below the minimum: sessions were missed or cut short and the week
        cannot reach it, whatever its unrecorded sessions.
    scheduled_below : tuple of int
        Completed weeks whose schedule itself offered less than the minimum (skipped dates, a taper).
    unrecorded : tuple of int
        Completed weeks below the minimum so far only because sessions are not recorded yet: not judged.
    completed : int
        How many weeks of the schedule have ended by the day judged on (those judged).
    """

    minimum: float
    starts: tuple[date, ...]
    scheduled: tuple[float, ...]
    attended: tuple[float, ...]
    below: tuple[int, ...]
    scheduled_below: tuple[int, ...]
    unrecorded: tuple[int, ...]
    completed: int


def weekly_dose(attendance: Attendance, as_of, minimum: float) -> WeeklyDose:
    """Judge each completed week of ``attendance`` up to ``as_of`` against ``minimum`` hours a week, on its own.

    A week's average over the log would hide a short week (9 h planned, 6 h attended in one week): each completed
    week is judged alone, as :func:`progress` reports it against the plan's level and the continued-stay review
    against the placed level (:meth:`iopkit.episode.Episode.from_store`), with the minimum of the level's weekly
    hours (ASAM Criteria 3rd ed., Mee-Lee et al. 2013: 9 h adult IOP, 6 h adolescent IOP, 20 h PHP).

    Parameters
    ----------
    attendance : Attendance
        The attendance log, with its schedule.
    as_of : datetime.date or 'YYYY-MM-DD'
        The day to judge on: weeks that have ended by then are judged.
    minimum : float
        The weekly hours to reach.

    Returns
    -------
    WeeklyDose
        Each week's hours, and the completed weeks below the minimum, scheduled below it and not judged yet.

    Examples
    --------
    >>> from iopkit.dose import schedule
    >>> log = Attendance(schedule("2026-11-09", ["mon", "wed", "fri"], 3, 2))
    >>> for day in ("2026-11-09", "2026-11-11", "2026-11-13", "2026-11-16", "2026-11-18"):
    ...     log = log.record(day, "attended", today="2026-11-22")
    >>> w = weekly_dose(log.record("2026-11-20", "missed", today="2026-11-22"), "2026-11-22", 9)
    >>> w.attended, w.below, w.starts[1]
    ((9.0, 6.0), (2,), datetime.date(2026, 11, 16))
    """
    as_of = _as_date(as_of, "as_of")
    sched = attendance.schedule
    completed = max(0, min((as_of - sched.start).days + 1, 7 * sched.weeks) // 7)
    lengths = {s.date: s.hours for s in sched.sessions}
    scheduled = sched.hours_by_week()
    attended, pending = [0.0] * sched.weeks, list(scheduled)  # pending: not recorded yet
    for r in attendance.records:  # each on a session of the schedule (checked when the log was made)
        if r.date <= as_of:
            week = (r.date - sched.start).days // 7
            attended[week] += _hours(r)
            pending[week] -= lengths[r.date]
    below, short, unrecorded = [], [], []
    for w in range(completed):
        if scheduled[w] < minimum - _EPS:
            short.append(w + 1)
        if attended[w] + pending[w] < minimum - _EPS and attended[w] + pending[w] < scheduled[w] - _EPS:
            below.append(w + 1)  # below the minimum whatever the unrecorded sessions, and sessions were lost
        elif attended[w] < minimum - _EPS and pending[w] > _EPS:
            unrecorded.append(w + 1)
    return WeeklyDose(
        minimum,
        tuple(sched.start + timedelta(days=7 * w) for w in range(sched.weeks)),
        scheduled,
        tuple(attended),
        tuple(below),
        tuple(short),
        tuple(unrecorded),
        completed,
    )


def progress(plan: DosePlan, attendance: Attendance, as_of, *, now: datetime | None = None) -> DoseProgress:
    """Planned to date, delivered, percent, weeks below the level's minimum and a projected finish.

    ``planned_to_date`` counts the scheduled sessions up to ``as_of`` that have been held: recorded, or ended by
    ``now`` with no attendance recorded (a session of ``as_of`` still running is not counted until it ends);
    ``delivered`` the recorded hours. ``attendance`` reads them as the continued-stay review does
    (:meth:`Attendance.fractions`): hours attended over the hours of the sessions recorded, and the same with every
    unrecorded session counted as missed (``percent``, of ``planned_to_date``); the unrecorded sessions are counted
    apart from the sessions missed (``counts["unrecorded"]``). Each completed week is judged against the minimum of
    the plan's level (9 h/wk adult IOP, 6 h/wk adolescent IOP, 20 h/wk PHP; ASAM Criteria 3rd ed., Mee-Lee et al.
    2013):

    * ``weeks_below_minimum`` (``warning``): sessions were missed or cut short and the week cannot
      reach the minimum (its delivered hours plus any unrecorded sessions fall below it);
    * ``weeks_scheduled_below_minimum`` (``info``): the schedule itself had fewer hours than the
      minimum (skipped dates such as a holiday) -- the schedule, not attendance; a fully attended
      week of this kind is not below the minimum on attendance;
    * ``weeks_unrecorded`` (``info``): attendance is below the minimum so far only because sessions
      are not recorded yet (including weeks with nothing recorded); they are not judged until recorded.

    ``weeks_needed`` is how many more weeks reach ``plan.total_hours`` if the patient keeps attending
    at the observed rate (hours delivered / hours of the sessions recorded so far; unrecorded
    sessions are left out) of ``plan.hours_per_week``; it is infinite when nothing has been
    delivered. ``counts`` has the attended, missed, partial and unrecorded sessions up to ``as_of``.
    A plan and schedule that disagree (weekly hours outside skipped dates, number of weeks) get a
    ``warning`` naming both numbers; progress is still reported.

    Parameters
    ----------
    plan : DosePlan
        The planned dose.
    attendance : Attendance
        The attendance log, with its schedule.
    as_of : datetime.date or 'YYYY-MM-DD'
        The day to judge progress on.
    now : datetime.datetime, optional
        The moment it is read (default the clock's; aware): whether a session of ``as_of`` has ended.

    Returns
    -------
    DoseProgress
        Planned and delivered hours, the weeks below the minimum, the projection and the flags.

    Raises
    ------
    DosePlanError
        Not a DosePlan and an Attendance, or ``as_of`` not a date.

    Examples
    --------
    >>> from iopkit.dose import schedule
    >>> plan = DosePlan(9, 4, sessions_per_week=3)
    >>> log = Attendance(schedule("2025-01-06", ["mon", "wed", "fri"], 3, 4, skip_dates=["2025-01-24"]))
    >>> for day in ("2025-01-06", "2025-01-13", "2025-01-20", "2025-01-22"):
    ...     log = log.record(day, "attended")
    >>> log = log.record("2025-01-08", "partial", 1).record("2025-01-10", "missed")
    >>> p = progress(plan, log, "2025-01-26")  # week 2: only Monday recorded; week 3: Friday skipped
    >>> p.planned_to_date, p.delivered, round(p.percent, 1), p.weeks_below_minimum
    (24.0, 13.0, 54.2, (1,))
    >>> p.weeks_scheduled_below_minimum, p.weeks_unrecorded, p.counts["unrecorded"]
    ((3,), (2,), 2)
    >>> [(f.code, str(f.severity)) for f in p.flags]  # doctest: +NORMALIZE_WHITESPACE
    [('dose_below_level_minimum', 'warning'), ('attendance_not_recorded', 'info'),
     ('schedule_below_level_minimum', 'info')]
    >>> round(p.weeks_needed, 1), p.projected_completion
    (3.5, datetime.date(2025, 2, 20))
    """
    if not isinstance(plan, DosePlan) or not isinstance(attendance, Attendance):
        raise DosePlanError(
            f"progress needs a DosePlan and an Attendance (got {type(plan).__name__} and {type(attendance).__name__})",
            allowed="a DosePlan and an Attendance",
        )
    as_of = _as_date(as_of, "as_of")
    sched = attendance.schedule
    if as_of < sched.start:
        raise DosePlanError(f"as_of {as_of} is before the schedule starts ({sched.start})")
    held = attendance.fractions(as_of, now)  # the continued-stay review's reading of the log
    planned, delivered = held.planned_hours, held.delivered
    records = [r for r in attendance.records if r.date <= as_of]
    counts = {status: sum(r.status == status for r in records) for status in STATUSES}
    counts["unrecorded"] = len(held.unrecorded)

    floor = minimum_hours(plan.level, adolescent=plan.adolescent)
    weeks = weekly_dose(attendance, as_of, floor)
    scheduled, below, short, unrecorded = weeks.scheduled, weeks.below, weeks.scheduled_below, weeks.unrecorded
    flags = list(_plan_matches_schedule(plan, sched, scheduled))
    if below:
        flags.append(
            Flag(
                "dose_below_level_minimum",
                # each week by its Monday's date, as the continued-stay review names it (walk24 finding 9: the pages
                # numbered weeks from 0 and from 1)
                f"Attended hours were below the {plan.level.code} minimum of {floor:g} h/week in "
                f"{weeks_of([weeks.starts[w - 1] for w in below])}.",
                "warning",
                "Review barriers to attendance and whether the level of care still fits.",
                ASAM_SOURCE,
            )
        )
    if unrecorded:
        flags.append(
            Flag(
                "attendance_not_recorded",
                f"Attendance is not fully recorded for {weeks_of([weeks.starts[w - 1] for w in unrecorded])} "
                f"({len(unrecorded)} week"
                f"{'s' if len(unrecorded) > 1 else ''}), so {'they are' if len(unrecorded) > 1 else 'it is'} not "
                f"judged against the {floor:g} h/week minimum yet.",
                "info",
                "Record the attendance of those sessions.",
                ASAM_SOURCE,
            )
        )
    if short:
        flags.append(
            Flag(
                "schedule_below_level_minimum",
                f"The schedule offered less than the {plan.level.code} minimum of {floor:g} h/week in "
                f"{weeks_of([weeks.starts[w - 1] for w in short])} "
                f"({', '.join(f'{scheduled[w - 1]:g} h' for w in short)}): "
                "the schedule (e.g. skipped dates), not attendance.",
                "info",
                "Check that the schedule offers the planned hours, e.g. a make-up session after a holiday.",
                ASAM_SOURCE,
            )
        )

    rate = held.recorded or 0.0  # the observed rate: over the sessions recorded
    remaining = max(plan.total_hours - delivered, 0.0)
    weeks_needed = 0.0 if remaining == 0 else (remaining / (plan.hours_per_week * rate) if rate else math.inf)
    finish = None if math.isinf(weeks_needed) else as_of + timedelta(days=math.ceil(weeks_needed * 7))
    return DoseProgress(
        as_of,
        planned,
        delivered,
        None if held.if_missed is None else 100 * held.if_missed,
        counts,
        tuple(below),
        weeks_needed,
        finish,
        tuple(flags),
        tuple(short),
        tuple(unrecorded),
        held,
    )


def delivered_hours(episode, hours, *, cap=None):
    """Delivered hours per episode over many attendance records (vectorised, ``np.bincount``).

    Parameters
    ----------
    episode : array-like
        Episode id of each record: non-negative integers (fast path) or any sortable labels; never missing.
    hours : array-like of float
        Hours delivered at each record (finite, >= 0).
    cap : array-like of float, optional
        Scheduled hours of each record; delivered hours are capped at it.

    Returns
    -------
    ids, totals : ndarray, ndarray
        The episodes present (sorted) and their delivered hours. An episode with no attendance record is not
        among them: add it back with 0 h before a dose analysis (e.g. reindex on the cohort's episode ids with
        ``fill_value=0``), or it drops out of the analysis.

    Raises
    ------
    DosePlanError
        A record without an episode id (NaN, None, ``pd.NA``; its rows named), hours or cap that are not finite
        numbers >= 0, or arrays of different shapes or not 1-D.

    Examples
    --------
    >>> ids, totals = delivered_hours([3, 1, 3, 3], [3.0, 2.0, 1.5, 4.0], cap=[3, 3, 3, 3])
    >>> ids.tolist(), totals.tolist()
    ([1, 3], [2.0, 7.5])
    """
    import numpy as np  # the cohort path only: the dose planner page does not load numpy

    try:
        episode = np.asarray(episode)
        hours = np.asarray(hours, dtype=float)
        cap = None if cap is None else np.asarray(cap, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise DosePlanError(
            "hours and cap must be numbers (found text or another value that is not a number)",
            item="hours",
            allowed="finite numbers >= 0",
        ) from None
    if episode.shape != hours.shape or episode.ndim != 1:
        raise DosePlanError(
            f"episode and hours must be 1-D and the same length (got shapes {episode.shape} and {hours.shape})",
            item="episode",
            allowed="1-D arrays of the same length",
        )
    _refuse_missing_episodes(np, episode)
    if not np.isfinite(hours).all() or (hours < 0).any():
        raise DosePlanError(
            "attendance hours must be finite and >= 0 (found NaN, inf or a negative value)",
            item="hours",
            allowed="finite numbers >= 0",
        )
    if cap is not None:
        if cap.shape != hours.shape or not np.isfinite(cap).all() or (cap < 0).any():
            raise DosePlanError(
                "cap must give finite scheduled hours >= 0 for every record",
                item="cap",
                allowed="finite numbers >= 0, one per record",
            )
        hours = np.minimum(hours, cap)
    # Fast path for small non-negative ids; a huge id (e.g. 10**12) would make bincount allocate without bound.
    if episode.dtype.kind in "iu" and (
        episode.size == 0 or (episode.min() >= 0 and episode.max() <= 4 * episode.size + 1024)
    ):
        episode = episode.astype(np.int64)
        totals = np.bincount(episode, weights=hours)
        present = np.bincount(episode) > 0
        return np.flatnonzero(present), totals[present]
    try:
        ids, index = np.unique(episode, return_inverse=True)
    except TypeError:
        raise DosePlanError(
            "episode ids must be all numbers or all text (found a mix that cannot be sorted)",
            item="episode",
            allowed="sortable ids of one kind",
        ) from None
    return ids, np.bincount(index.ravel(), weights=hours, minlength=ids.size)


#: How many rows a refusal of records without an episode id names.
_ROWS_NAMED = 5


def _refuse_missing_episodes(np, episode) -> None:
    """A DosePlanError naming the rows of ``episode`` (a 1-D ndarray) without an id: their hours belong to no
    episode (numpy would pool every NaN id into one pseudo-episode)."""
    from ..scoring.cohort import _is_missing  # the cohort path only, as numpy

    if episode.dtype.kind in "fc":
        missing = np.isnan(episode)
    elif episode.dtype.kind in "mM":
        missing = np.isnat(episode)
    elif episode.dtype.kind == "O":
        missing = np.fromiter((_is_missing(value) for value in episode), dtype=bool, count=episode.size)
    else:
        return  # integers, text, booleans: never missing
    rows = np.flatnonzero(missing).tolist()
    if rows:
        more = f" and {len(rows) - _ROWS_NAMED} more" if len(rows) > _ROWS_NAMED else ""
        raise DosePlanError(
            f"{len(rows)} attendance record(s) have no episode id (rows {', '.join(map(str, rows[:_ROWS_NAMED]))}"
            f"{more}, counted from 0): give every record the id of its episode (its hours count towards no "
            "episode otherwise)",
            item="episode",
            value=rows,
            allowed="an episode id on every record",
        )
