"""Groups: a track's sessions for a roster of patients, attendance taken for the whole roster at once, make-ups.

IOP attendance is taken per group session, for the whole group.  A :class:`Group` names its track,
days, start time, session length, facilitator and members; its calendar is made by
:func:`~iopkit.dose.schedule` (one calendar in iopkit).  :func:`take_attendance` turns one session's
roster marks (present, late, left early, absent excused or unexcused) into per-patient
:class:`~iopkit.dose.AttendanceRecord` values that :class:`~iopkit.dose.Attendance` and
:func:`~iopkit.dose.progress` already understand, so each patient's delivered dose follows;
:func:`roster_log` chooses the log each member's session goes into (refusing a session no saved plan covers, or a
member's own session at another time or length than the group's: :func:`roster_problems`), and
:func:`record_roster` adds them to each patient's log.  :func:`make_up_sessions` proposes make-up
sessions when a holiday drops a week below the plan's weekly minimum.

Examples
--------
>>> group = Group("Early recovery", "morning", ["mon", "wed", "fri"], 3, "KM", members=(1, 2))
>>> sched = group.schedule("2025-01-06", 4)
>>> marks = {1: "present", 2: ("left_early", 2)}
>>> [(e.patient, str(e.record.status), e.record.hours) for e in take_attendance(group, "2025-01-06", marks)]
[(1, 'attended', 3.0), (2, 'partial', 2.0)]
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, time, timedelta

from .._validate import whole_number
from ..errors import DosePlanError
from .attendance import Attendance, AttendanceRecord, RosterMark, _checked, _not_future, _roster_mark
from .bounds import _text, bounded_items
from .logs import carried
from .plan import ASAM_SOURCE, DosePlan, minimum_hours
from .schedule import WEEKDAYS, Schedule, Session, Track, _as_date, _as_time, schedule

__all__ = [
    "Group",
    "RosterMark",
    "RosterEntry",
    "MemberLog",
    "MakeUpSession",
    "take_attendance",
    "record_roster",
    "roster_log",
    "roster_logs",
    "make_up_sessions",
    "hours_refusal",
    "roster_problems",
    "age_mix",
    "roster_day",
    "GROUP_LOG_WEEKS",
    "MAX_GROUP_MEMBERS",
    "MAX_NAME_LENGTH",
]

#: Most members a group may list (iopkit's own limit: a therapy group is far smaller; the limit keeps a
#: mistyped roster from running away).
MAX_GROUP_MEMBERS = 60
#: Longest group name or facilitator text, in characters.
MAX_NAME_LENGTH = 120
#: Weeks of the group's calendar a member's attendance log covers when they have no plan saved (extended when a
#: roster falls outside it).
GROUP_LOG_WEEKS = 12
_EPS = 1e-9


def _text_field(name: str, value) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_NAME_LENGTH:
        raise DosePlanError(
            f"{name} must be text of 1 to {MAX_NAME_LENGTH} characters (got {_text(value)})",
            item=name,
            value=value,
            allowed=f"text of 1 to {MAX_NAME_LENGTH} characters",
        )
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        raise DosePlanError(
            f"{name} must not contain control characters (got {_text(value)})",
            item=name,
            value=value,
            allowed="printable text",
        )
    return value.strip()


def _member(value):
    """A patient: the store's patient id (a whole number >= 1) or a pseudonym (text)."""
    if isinstance(value, str):
        return _text_field("member", value)
    if (whole := whole_number(value)) is not None and whole >= 1:
        return whole
    raise DosePlanError(
        f"a member must be a patient id (a whole number >= 1) or a pseudonym (got {_text(value)})",
        item="members",
        value=value,
        allowed="patient ids or pseudonyms",
    )


@dataclass(frozen=True)
class Group:
    """A therapy group: its track, days, start time, session length, facilitator and members.

    Parameters
    ----------
    name : str
        The group's name ("Early recovery, morning").
    track : Track or {'morning', 'evening'}
        The track; its default start time is used unless ``start`` is given.
    weekdays : iterable of int or str
        Session days, 0 = Monday ... 6 = Sunday, or day names ('mon').
    session_hours : float
        Length of each session (15 minutes to 12 hours, a whole number of minutes, ending the same day).
    facilitator : str
        Who runs the group (initials or name of staff).
    members : iterable of int or str
        The patients: store patient ids or pseudonyms, each once.
    start : time or 'HH:MM', optional
        Start time when it is not the track's.

    Raises
    ------
    DosePlanError
        An empty or over-long name or facilitator, an unknown track, days, session length or start out of range,
        or members that are not patient ids or pseudonyms, or repeat.

    Examples
    --------
    >>> g = Group("Evening skills", "evening", ["tue", "thu"], 2.5, "RD", members=(7, 9), start="17:30")
    >>> g.track, g.weekdays, g.start, g.end
    (<Track.EVENING: 'evening'>, (1, 3), datetime.time(17, 30), datetime.time(20, 0))
    >>> Group.from_dict(g.to_dict()) == g
    True
    """

    name: str
    track: Track
    weekdays: tuple[int, ...]
    session_hours: float
    facilitator: str
    members: tuple = ()
    start: time | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", _text_field("name", self.name))
        try:
            track = Track(self.track)
        except (ValueError, TypeError):
            raise DosePlanError(
                f"track must be one of {', '.join(Track)} (got {_text(self.track)})",
                item="track",
                value=self.track,
                allowed=tuple(Track),
            ) from None
        object.__setattr__(self, "track", track)
        begins = track.start if self.start is None else _as_time(self.start, "start")
        days = (self.weekdays,) if isinstance(self.weekdays, (str, int)) else self.weekdays
        # The calendar code checks days, session length and the end of the day: one week of it is the check.
        week = schedule(date(2024, 1, 1), days, self.session_hours, 1, track=begins)
        object.__setattr__(self, "weekdays", tuple(s.date.weekday() for s in week.sessions))
        object.__setattr__(self, "session_hours", week.sessions[0].hours)
        object.__setattr__(self, "start", begins)
        object.__setattr__(self, "facilitator", _text_field("facilitator", self.facilitator))
        members = tuple(_member(m) for m in bounded_items(self.members, "members", limit=MAX_GROUP_MEMBERS))
        if len(set(members)) != len(members):
            twice = sorted({str(m) for m in members if members.count(m) > 1})
            raise DosePlanError(
                f"members must be listed once each ({', '.join(twice)} listed twice)",
                item="members",
                value=twice,
                allowed="each patient once",
            )
        object.__setattr__(self, "members", members)

    @property
    def end(self) -> time:
        """When each session ends."""
        return self.session(date(2024, 1, 1) + timedelta(days=self.weekdays[0])).end

    @property
    def days(self) -> tuple[str, ...]:
        """The session days by name ("monday", ...)."""
        return tuple(WEEKDAYS[d] for d in self.weekdays)

    def session(self, day) -> Session:
        """The group's session on ``day``, or a DosePlanError if the group does not meet that weekday."""
        day = _as_date(day, "session date")
        if day.weekday() not in self.weekdays:
            raise DosePlanError(
                f"{self.name} does not meet on {WEEKDAYS[day.weekday()].title()} {day} (it meets on "
                f"{', '.join(d.title() for d in self.days)})",
                item="date",
                value=day,
                allowed=self.days,
            )
        return schedule(day, [day.weekday()], self.session_hours, 1, track=self.start).sessions[0]

    def schedule(self, first_day, weeks: int, *, skip_dates=()) -> Schedule:
        """The group's sessions for ``weeks`` weeks from ``first_day`` (see :func:`~iopkit.dose.schedule`)."""
        return schedule(first_day, self.weekdays, self.session_hours, weeks, track=self.start, skip_dates=skip_dates)

    def sessions(self, first_day, last_day, *, skip_dates=()) -> tuple[Session, ...]:
        """The group's sessions from ``first_day`` to ``last_day`` (both included; holidays left out).

        >>> g = Group("Early recovery", "morning", ["mon", "wed"], 3, "KM")
        >>> [str(s.date) for s in g.sessions("2025-01-06", "2025-01-13", skip_dates=["2025-01-08"])]
        ['2025-01-06', '2025-01-13']
        """
        first, last = _as_date(first_day, "first day"), _as_date(last_day, "last day")
        if last < first:
            raise DosePlanError(
                f"last day {last} is before first day {first}", item="last_day", value=last, allowed=f"{first} or later"
            )
        weeks = ((last - first).days // 7) + 1
        return tuple(s for s in self.schedule(first, weeks, skip_dates=skip_dates).sessions if s.date <= last)

    def make_up_sessions(self, first_day, weeks: int, plan: DosePlan, *, skip_dates=()) -> tuple[MakeUpSession, ...]:
        """Make-up sessions for the weeks the holidays in ``skip_dates`` drop below the plan's minimum.

        Every date in ``skip_dates`` is closed, also on days the group does not meet (a make-up is never
        proposed on a holiday).
        """
        skip_dates = bounded_items([skip_dates] if isinstance(skip_dates, (str, date)) else skip_dates, "skip_dates")
        return make_up_sessions(self.schedule(first_day, weeks, skip_dates=skip_dates), plan, closed=skip_dates)

    def to_dict(self) -> dict:
        """This group as a JSON-able dict (read back by :meth:`from_dict`)."""
        assert self.start is not None  # the track's start is filled in on creation
        return {
            "name": self.name,
            "track": self.track.value,
            "weekdays": [WEEKDAYS[d] for d in self.weekdays],
            "session_hours": self.session_hours,
            "facilitator": self.facilitator,
            "members": list(self.members),
            "start": self.start.isoformat("minutes"),
        }

    @classmethod
    def from_dict(cls, data: dict) -> Group:
        """Rebuild what :meth:`to_dict` wrote (also after a JSON round trip)."""
        if not isinstance(data, Mapping):
            raise DosePlanError(f"a group must be read from a dict (got {_text(data)})", value=data, allowed="a dict")
        try:
            return cls(
                data["name"],
                data["track"],
                data["weekdays"],
                data["session_hours"],
                data["facilitator"],
                data.get("members", ()),
                data.get("start"),
            )
        except KeyError as missing:
            raise DosePlanError(
                f"a group dict needs {missing}",
                item=str(missing),
                allowed="name, track, weekdays, session_hours, facilitator",
            ) from None


@dataclass(frozen=True)
class RosterEntry:
    """One member's mark at one group session, and the attendance record it becomes.

    Parameters
    ----------
    patient : int or str
        The member: a store patient id or a pseudonym.
    mark : RosterMark
        The mark the clinician gave.
    record : AttendanceRecord
        The attendance record the mark becomes.
    """

    patient: int | str
    mark: RosterMark
    record: AttendanceRecord

    @property
    def excused(self) -> bool | None:
        """True / False for an absence, None for a member who came."""
        return self.mark.excused

    def to_dict(self) -> dict:
        """This entry as a JSON-able dict."""
        return {"patient": self.patient, "mark": self.mark.value, **self.record.to_dict()}


def _mark(patient, value) -> tuple[RosterMark, float | None]:
    mark, hours = (value[0], value[1]) if isinstance(value, (tuple, list)) and len(value) == 2 else (value, None)
    mark = _roster_mark(mark, f"for {patient}")
    if mark.needs_hours and hours is None:
        raise DosePlanError(
            f"{patient} was marked {mark.value.replace('_', ' ')}: give the hours attended, e.g. ({mark.value!r}, 2.5)",
            item="hours",
            value=None,
            allowed="hours attended",
        )
    if not mark.needs_hours and hours is not None:
        raise DosePlanError(
            f"{patient} was marked {mark.value.replace('_', ' ')}, which takes no hours (got "
            f"{_text(hours)}); mark late or left_early for part of a session",
            item="hours",
            value=hours,
            allowed=None,
        )
    return mark, hours


def hours_refusal(name: str, mark: RosterMark | str, hours, session_hours: float) -> str | None:
    """Why the hours given with a late or left-early mark do not fit the session, in the roster's words; None when
    they fit (or the mark takes no hours).

    Late and left early are part of a session: the hours attended are more than 0 and fewer than the session's
    (a member there the whole session is marked Present; walk24 finding 13).  Hours are said as "given", never as
    "typed": the roster's box may hold a value the clinician did not type.

    Parameters
    ----------
    name : str
        The member, as the roster names them.
    mark : RosterMark or str
        The mark given.
    hours : float
        The hours given with it (0 when none were given yet).
    session_hours : float
        The session's length.

    Returns
    -------
    str or None
        The refusal, or None.

    Examples
    --------
    >>> print(hours_refusal("DEMO-02", "late", 3, 3))  # doctest: +NORMALIZE_WHITESPACE
    Late means part of the 3 h session: give the hours DEMO-02 attended, more than 0 and under 3 h (3 h given);
    if DEMO-02 was there the whole session, mark Present.
    >>> hours_refusal("DEMO-02", "left_early", 2, 3) is None
    True
    """
    mark = _roster_mark(mark, f"for {name}")
    if not mark.needs_hours or not isinstance(hours, (int, float)) or isinstance(hours, bool):
        return None
    if 0 < hours < session_hours:
        return None
    given = "" if hours == 0 else f" ({hours:g} h given)"
    whole = f"; if {name} was there the whole session, mark Present" if hours >= session_hours else ""
    return (
        f"{mark.label.capitalize()} means part of the {session_hours:g} h session: give the hours {name} attended, "
        f"more than 0 and under {session_hours:g} h{given}{whole}."
    )


def take_attendance(group: Group, day, marks: Mapping, *, today=None, names=None) -> tuple[RosterEntry, ...]:
    """One group session's attendance for the whole roster, as per-patient attendance records.

    Parameters
    ----------
    group : Group
        The group that met.
    day : date or 'YYYY-MM-DD'
        The session's date: a day the group meets, not after ``today``.
    marks : mapping
        One mark for every member: ``patient -> mark`` or ``patient -> (mark, hours attended)``.  Marks are
        :class:`RosterMark` values or their text: ``present`` (the whole session), ``late`` and
        ``left_early`` (give the hours attended, less than the session), ``absent_excused`` and
        ``absent_unexcused`` (0 h).  A member left unmarked, or a mark for someone not in the group, is
        refused: a roster is taken whole, so no one's dose is silently left out.
    today : date, optional
        Today's date (default: the clock's); a session after it cannot have been attended.
    names : mapping, optional
        Member -> the name the refusals use (default the member's id).

    Returns
    -------
    tuple of RosterEntry
        In roster order; each ``record`` is an :class:`~iopkit.dose.AttendanceRecord` (attended,
        partial or missed, with the hours delivered) for :func:`record_roster`.

    Raises
    ------
    DosePlanError
        Not a Group or marks not a mapping, a day the group does not meet or after ``today``, a member unmarked
        or a mark for someone not in the group, an unknown mark, or hours that do not fit the mark.

    Examples
    --------
    >>> g = Group("Early recovery", "morning", ["mon", "wed"], 3, "KM", members=("P-1", "P-2", "P-3"))
    >>> entries = take_attendance(g, "2025-01-08", {"P-1": "present", "P-2": ("late", 2.5),
    ...                                            "P-3": "absent_excused"}, today="2025-01-08")
    >>> [(e.patient, str(e.record.status), e.record.hours, e.excused) for e in entries]
    [('P-1', 'attended', 3.0, None), ('P-2', 'partial', 2.5, None), ('P-3', 'missed', 0.0, True)]
    """
    if not isinstance(group, Group):
        raise DosePlanError(
            f"attendance is taken for a Group (got {_text(group)})", item="group", value=group, allowed="a Group"
        )
    if not isinstance(marks, Mapping):
        raise DosePlanError(
            f"marks must map each member to a mark (got {_text(marks)})",
            item="marks",
            value=marks,
            allowed="a mapping of member -> mark",
        )
    session = group.session(day)
    _not_future(session.date, today)
    strangers = [p for p in marks if p not in group.members]
    if strangers:
        raise DosePlanError(
            f"{', '.join(map(str, strangers))} {'is' if len(strangers) == 1 else 'are'} not in "
            f"{group.name}; add them to the group first",
            item="marks",
            value=strangers,
            allowed=group.members,
        )
    unmarked = [p for p in group.members if p not in marks]
    if unmarked:
        raise DosePlanError(
            f"mark every member of {group.name}: no mark for {', '.join(map(str, unmarked))}",
            item="marks",
            value=unmarked,
            allowed="a mark for every member",
        )
    names = names if isinstance(names, Mapping) else {}
    entries = []
    for patient in group.members:
        mark, hours = _mark(patient, marks[patient])
        try:
            record = _checked(
                AttendanceRecord(session.date, mark.status, hours, mark.excused, mark, group.name), session.hours
            )
        except DosePlanError:
            # the mark agrees with the record by construction: only its hours can be refused; a number typed is
            # answered in the roster's words (text that is not a number keeps the library's own)
            said = hours_refusal(str(names.get(patient, patient)), mark, hours, session.hours)
            if said is not None:
                raise DosePlanError(
                    said, item="hours", value=hours, allowed=f"more than 0 and under {session.hours:g} h"
                ) from None
            raise
        entries.append(RosterEntry(patient, mark, record))
    return tuple(entries)


@dataclass(frozen=True)
class MemberLog:
    """The attendance log one member's roster entry goes into (:func:`roster_log`).

    Parameters
    ----------
    log : Attendance
        The log that holds the session, without the roster's entry yet.
    continues : bool
        True when it is the member's saved log (or that log extended to the session, its sessions carried): saving
        amends it.  False when it is a new log: none saved yet, or the first session of a newer saved plan.
    """

    log: Attendance
    continues: bool


def _day(day: date) -> str:
    return f"{day:%d %b %Y}"


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _plan_gap(day: date, plan: Schedule) -> str:
    """Why the saved plan ``plan`` has no session on ``day``, in words ("the plan ended 29 Mar 2026")."""
    if day < plan.start:
        return f"the plan starts {_day(plan.start)}"
    if day > plan.end:
        return f"the plan ended {_day(plan.end)}"
    if day in plan.skipped:
        return f"the plan skips {_day(day)} (a closed day)"
    days = sorted({s.date.weekday() for s in plan.sessions})
    if day.weekday() not in days:
        meets = _and([WEEKDAYS[d].title() for d in days])
        return f"the plan has no session on {WEEKDAYS[day.weekday()].title()}s (it meets {meets})"
    return f"the plan has no session on {_day(day)}"


@dataclass(frozen=True)
class _Clash:
    """A member's own session on the group's day at another time or length than the group's (walk24 finding 5)."""

    own: Session
    met: Session
    planned: bool  # the saved plan's session; else the saved attendance log's (no plan saved)

    def said(self, name: str, group: str) -> str:
        own, met = self.own, self.met
        whose = "plan" if self.planned else "attendance log"
        other = own.start != met.start
        longer = not math.isclose(own.hours, met.hours, abs_tol=_EPS)
        differs = "at another time and length" if other and longer else "at another time" if other else "longer"
        if longer and not other and own.hours < met.hours:
            differs = "shorter"
        return (
            f"{name}'s {whose} has {own.start:%H:%M}-{own.end:%H:%M} ({own.hours:g} h) on {own.date:%a %d %b %Y}; "
            f"{group} meets {met.start:%H:%M}-{met.end:%H:%M} ({met.hours:g} h): a roster records attendance on the "
            f"member's own session, and {name}'s is {differs}. Save a plan with this group's times "
            f"for {name} on the Dose page, or take {name} out of {group} (Save group), then save this roster again."
        )


def _clash(group: Group, day: date, found: MemberLog, planned: bool) -> MemberLog | _Clash:
    """``found``, or the clash of its session on ``day`` with the group's (another start or length)."""
    own = next(s for s in found.log.schedule.sessions if s.date == day)
    met = group.session(day)
    if own.start == met.start and math.isclose(own.hours, met.hours, abs_tol=_EPS):
        return found
    return _Clash(own, met, planned)


def _member_log(
    group: Group, day: date, attendance: Attendance | None, plan: Schedule | None
) -> MemberLog | _Clash | str:
    """The log for one member (:func:`roster_log`), or why it cannot take the session: no saved plan covers it
    (in words), or the member's own session that day is at another time or length (:class:`_Clash`)."""
    if attendance is not None and plan is not None and attendance.schedule != plan and _taken_over(plan, day):
        # the newer plan has taken over: the session is its own, in a new log with the earlier log's sessions that
        # fall on it carried (as the chart reads it), never in the replaced log
        if any(s.date == day for s in plan.sessions):
            return _clash(group, day, MemberLog(Attendance(plan, carried(attendance.records, plan)), False), True)
        return _plan_gap(day, plan)
    if attendance is not None and any(s.date == day for s in attendance.schedule.sessions):
        return _clash(group, day, MemberLog(attendance, True), plan is not None)
    if plan is not None:
        if any(s.date == day for s in plan.sessions):
            return _clash(group, day, MemberLog(Attendance(plan), False), True)
        return _plan_gap(day, plan)
    if attendance is None:
        return MemberLog(Attendance(group.schedule(day, GROUP_LOG_WEEKS)), False)
    held = attendance.schedule
    first = min(held.start, day)
    last = max(held.end, day + timedelta(days=7 * GROUP_LOG_WEEKS - 1))
    try:
        return MemberLog(Attendance(group.schedule(first, (last - first).days // 7 + 1), attendance.records), True)
    except DosePlanError:
        return (
            f"the attendance saved so far ({_day(held.start)} to {_day(held.end)}) is on another calendar than "
            f"{group.name}'s"
        )


def _taken_over(plan: Schedule, day: date) -> bool:
    """Whether ``plan`` has taken over by ``day``: a plan takes over from the first session on its schedule (the lead
    engineer's ruling, :mod:`iopkit.dose.logs`)."""
    return bool(plan.sessions) and plan.sessions[0].date <= day


def _uncovered(day: date, gaps: list[tuple[str, str]]) -> DosePlanError:
    """The refusal of a roster session no saved plan covers for the members in ``gaps`` ((name, why) each)."""
    return DosePlanError(
        _uncovered_said(day, gaps),
        item="date",
        value=day,
        allowed="a session every member's saved plan covers",
    )


_PLAN_NEEDED = "save a plan that covers it on the Dose page, then save this roster again"


def _uncovered_said(day: date, gaps: list[tuple[str, str]]) -> str:
    if len(gaps) == 1:
        ((name, why),) = gaps
        return f"{name} has no plan covering {_day(day)}: {why}; {_PLAN_NEEDED}"
    named = "; ".join(f"{name} ({why})" for name, why in gaps)
    return f"{len(gaps)} members have no plan covering {_day(day)}: {named}; for each, {_PLAN_NEEDED}"


def roster_problems(group: Group, day, saved: Mapping, *, names=None) -> dict:
    """Why each member's attendance at a session of ``group`` cannot be recorded on its roster, in the roster's
    words, member by member (for each roster row, before Save): no saved plan covers the session, or the member's
    own session that day is at another time or length than the group's.

    A member's attendance is recorded on their own (planned) session: a group meeting 09:00-12:00 recorded on a
    plan session of 18:00-22:00 would show the member at a time they were not there, and a 3 h group as a 4 h
    session (walk24 finding 5); the roster refuses it and says what to do.

    Parameters
    ----------
    group : Group
        The group that met.
    day : date or 'YYYY-MM-DD'
        The session's date (a day the group meets).
    saved : mapping
        Member -> (their saved attendance log or None, their saved plan's schedule or None).
    names : mapping, optional
        Member -> the name the words use (default the member's id).

    Returns
    -------
    dict
        Member -> the refusal in words, for the members whose attendance cannot be recorded (empty: none).

    Raises
    ------
    DosePlanError
        A day the group does not meet, or ``saved`` not a mapping.

    Examples
    --------
    >>> from iopkit.dose import schedule
    >>> g = Group("Early recovery AM", "morning", ["mon", "wed", "fri"], 3, "KM", members=(5,))
    >>> evening = schedule("2026-11-30", ["mon", "tue", "wed", "thu", "fri"], 4, 12, track="evening")
    >>> print(roster_problems(g, "2026-12-04", {5: (None, evening)}, names={5: "DEMO-05"})[5])
    ... # doctest: +NORMALIZE_WHITESPACE
    DEMO-05's plan has 18:00-22:00 (4 h) on Fri 04 Dec 2026; Early recovery AM meets 09:00-12:00 (3 h): a roster
    records attendance on the member's own session, and DEMO-05's is at another time and length. Save a plan with
    this group's times for DEMO-05 on the Dose page, or take DEMO-05 out of Early recovery AM (Save group), then
    save this roster again.
    """
    day = group.session(day).date
    found = _found(group, day, saved)
    names = names if isinstance(names, Mapping) else {}
    said = {}
    for p, why in found.items():
        name = str(names.get(p, p))
        if isinstance(why, str):
            said[p] = _uncovered_said(day, [(name, why)])
        elif isinstance(why, _Clash):
            said[p] = why.said(name, group.name)
    return said


def _found(group: Group, day: date, saved) -> dict:
    if not isinstance(saved, Mapping):
        raise DosePlanError(
            f"saved must map each member to their saved log and plan (got {_text(saved)})",
            item="saved",
            value=saved,
            allowed="a mapping of member -> (Attendance or None, Schedule or None)",
        )
    return {p: _member_log(group, day, *saved.get(p, (None, None))) for p in group.members}


def roster_log(
    group: Group, day, attendance: Attendance | None = None, plan: Schedule | None = None, *, name=None
) -> MemberLog:
    """The attendance log a member's session on ``group``'s roster goes into, or a refusal when no saved plan
    covers it.

    A roster adds to the member's attendance and never hides sessions already delivered (walk23 finding 13: a
    roster after the plan's end wrote a new log that hid every earlier session).  In order:

    * from the first session of the saved plan's schedule ``plan`` on, when ``attendance`` is on another schedule
      (a replaced plan's log, or the group's before any plan): a new log for ``plan``, with the sessions of
      ``attendance`` that fall on it carried (:func:`iopkit.dose.logs.carried`, as the chart reads a newer plan
      before its first attendance), or the session refused when ``plan`` has none that day; never appended to the
      replaced log, whose sessions from that day on are no longer planned (a newer plan takes over from the first
      session on its schedule, the lead engineer's ruling, :mod:`iopkit.dose.logs`);
    * else the saved log ``attendance`` when it has a session that day: it is amended (a session before a newer
      plan's first stays on the log of the plan it replaces);
    * else the saved plan's schedule ``plan`` when it has a session that day: a new log for it (the earlier plan's
      log stays as it is);
    * else, with a plan saved, the session is refused, naming where the plan stands ("the plan ended 29 Mar
      2026"): attendance is recorded against a plan, and a member in care past their plan needs a new one
      (ASAM continued-service review), which the Dose page saves;
    * with no plan saved: a log on the group's calendar (:data:`GROUP_LOG_WEEKS` weeks from the session), or the
      saved one extended to the session with its sessions carried (amended); refused when they do not fit the
      group's calendar (taken on another group's).

    A log's session that day at another start or length than the group's is refused (walk24 finding 5: a morning
    group's 3 h were written onto an 18:00-22:00 plan session, shown at a time the member was not there); the
    refusal names both times and what to do (:func:`roster_problems`).

    Parameters
    ----------
    group : Group
        The group that met.
    day : date or 'YYYY-MM-DD'
        The session's date (a day the group meets).
    attendance : Attendance, optional
        The member's saved attendance log, if any: the chart's, or, for a session before the newest plan's first,
        the log holding that session (:func:`iopkit.dose.off_plan.roster_saved` chooses it from the store's).
    plan : Schedule, optional
        The member's saved plan's schedule, if any: the newest, or the plan holding a session before the newest's
        first (:func:`iopkit.dose.off_plan.roster_saved`).
    name : str, optional
        The member's name for the refusal.

    Returns
    -------
    MemberLog
        The log, and whether saving it amends the saved one.

    Raises
    ------
    DosePlanError
        A day the group does not meet, a session no saved plan covers, or the member's own session that day at
        another time or length than the group's.

    Examples
    --------
    >>> from iopkit.dose import schedule
    >>> g = Group("Early recovery AM", "morning", ["mon", "wed", "fri"], 3, "KM", members=(1,))
    >>> ended = schedule("2026-01-05", ["mon", "wed", "fri"], 3, 12, track="evening")
    >>> try:
    ...     roster_log(g, "2026-11-25", Attendance(ended), ended, name="DEMO-01")
    ... except DosePlanError as refused:
    ...     print(refused)  # doctest: +NORMALIZE_WHITESPACE
    DEMO-01 has no plan covering 25 Nov 2026: the plan ended 29 Mar 2026; save a plan that covers it on the Dose
    page, then save this roster again
    >>> found = roster_log(g, "2026-11-25")
    >>> found.continues, str(found.log.schedule.start), found.log.schedule.weeks
    (False, '2026-11-25', 12)

    A newer plan from Mon 12 Jan 2026: the replaced log's Wed 14 Jan is the newer plan's, in a new log.

    >>> old = Attendance(schedule("2026-01-05", ["mon", "wed", "fri"], 3, 4)).record("2026-01-05", "attended")
    >>> newer = schedule("2026-01-12", ["mon", "wed", "fri"], 3, 4)
    >>> found = roster_log(g, "2026-01-14", old, newer)
    >>> found.continues, str(found.log.schedule.start), found.log.records
    (False, '2026-01-12', ())
    """
    day = group.session(day).date
    found = _member_log(group, day, attendance, plan)
    name = "this member" if name is None else str(name)
    if isinstance(found, str):
        raise _uncovered(day, [(name, found)])
    if isinstance(found, _Clash):
        raise _clash_refusal(day, found.said(name, group.name))
    return found


def roster_logs(group: Group, day, saved: Mapping, *, names=None) -> dict:
    """Each member's log for a session of ``group`` (:func:`roster_log`), or one refusal naming every member no
    saved plan covers the session for, with where each one's plan stands.

    Parameters
    ----------
    group : Group
        The group that met.
    day : date or 'YYYY-MM-DD'
        The session's date (a day the group meets).
    saved : mapping
        Member -> (their saved attendance log or None, their saved plan's schedule or None); a member left out has
        neither.
    names : mapping, optional
        Member -> the name the refusal uses (default the member's id).

    Returns
    -------
    dict
        Member -> :class:`MemberLog`, in roster order.

    Raises
    ------
    DosePlanError
        A day the group does not meet, a session no saved plan covers for one member or more, or a member's own
        session that day at another time or length than the group's (each named, with both times).

    Examples
    --------
    >>> from iopkit.dose import schedule
    >>> g = Group("Early recovery AM", "morning", ["mon", "wed", "fri"], 3, "KM", members=(1, 2, 3))
    >>> ended = schedule("2026-01-05", ["mon", "wed", "fri"], 3, 12, track="evening")
    >>> later = schedule("2026-12-07", ["mon", "wed", "fri"], 3, 12)
    >>> try:
    ...     roster_logs(g, "2026-11-25", {1: (None, ended), 2: (None, later)}, names={1: "DEMO-01", 2: "DEMO-02"})
    ... except DosePlanError as refused:
    ...     print(refused)  # doctest: +NORMALIZE_WHITESPACE
    2 members have no plan covering 25 Nov 2026: DEMO-01 (the plan ended 29 Mar 2026); DEMO-02 (the plan starts
    07 Dec 2026); for each, save a plan that covers it on the Dose page, then save this roster again
    """
    day = group.session(day).date
    names = names if isinstance(names, Mapping) else {}
    found = _found(group, day, saved)
    gaps = [(str(names.get(p, p)), why) for p, why in found.items() if isinstance(why, str)]
    if gaps:
        raise _uncovered(day, gaps)
    clashes = [why.said(str(names.get(p, p)), group.name) for p, why in found.items() if isinstance(why, _Clash)]
    if clashes:
        raise _clash_refusal(day, " ".join(clashes))
    return {p: log for p, log in found.items() if isinstance(log, MemberLog)}


def _clash_refusal(day: date, said: str) -> DosePlanError:
    return DosePlanError(said, item="date", value=day, allowed="a member's own session at the group's time and length")


def record_roster(logs: Mapping, entries) -> dict:
    """Each patient's attendance log with their roster entry added (a new log; the old ones are unchanged).

    ``logs`` maps each patient to their :class:`~iopkit.dose.Attendance`; the session must be one of the
    patient's scheduled sessions (the group's schedule, or a plan that includes the group).  A patient
    already recorded for that date is recorded again (the roster replaces the earlier mark).

    Parameters
    ----------
    logs : mapping
        Each patient's :class:`~iopkit.dose.Attendance`.
    entries : iterable of RosterEntry
        From :func:`take_attendance`.

    Returns
    -------
    dict
        Patient to their new log (patients without an entry keep theirs).

    Raises
    ------
    DosePlanError
        Logs not a mapping, an entry not from :func:`take_attendance`, a patient with no log, or a session that
        is not in the patient's schedule.

    Examples
    --------
    >>> g = Group("Early recovery", "morning", ["mon", "wed"], 3, "KM", members=(1, 2))
    >>> logs = {p: Attendance(g.schedule("2025-01-06", 2)) for p in g.members}
    >>> entries = take_attendance(g, "2025-01-06", {1: "present", 2: ("left_early", 1)}, today="2025-01-06")
    >>> {p: log.delivered() for p, log in record_roster(logs, entries).items()}
    {1: 3.0, 2: 1.0}
    """
    if not isinstance(logs, Mapping):
        raise DosePlanError(
            f"logs must map each patient to their Attendance (got {_text(logs)})",
            item="logs",
            value=logs,
            allowed="a mapping of patient -> Attendance",
        )
    updated = dict(logs)
    for entry in bounded_items(entries, "entries", limit=MAX_GROUP_MEMBERS):
        if not isinstance(entry, RosterEntry):
            raise DosePlanError(
                f"entries must come from take_attendance (got {_text(entry)})",
                item="entries",
                value=entry,
                allowed="RosterEntry values",
            )
        log = updated.get(entry.patient)
        if not isinstance(log, Attendance):
            raise DosePlanError(
                f"no attendance log for {entry.patient}: make their schedule first",
                item="logs",
                value=entry.patient,
                allowed="an Attendance for every member",
            )
        day = entry.record.date
        r = entry.record
        updated[entry.patient] = log.record(
            day, r.status, r.hours, today=day, excused=r.excused, mark=r.mark, group=r.group
        )
    return updated


@dataclass(frozen=True)
class MakeUpSession:
    """A proposed make-up session, the week it makes up and why.

    Parameters
    ----------
    session : Session
        The proposed session.
    week : int
        The week (from 1) it makes up.
    reason : str
        Why, in words: the week's hours, the holiday and the minimum.
    source : str
        The source of the minimum (bibliography keys, :mod:`iopkit.sources`).
    """

    session: Session
    week: int
    reason: str
    source: str = ASAM_SOURCE

    def to_dict(self) -> dict:
        """This proposal as a JSON-able dict."""
        return {**self.session.to_dict(), "week": self.week, "reason": self.reason, "source": self.source}


def make_up_sessions(
    sched: Schedule, plan: DosePlan, *, weekends: bool = False, closed=()
) -> tuple[MakeUpSession, ...]:
    """Make-up sessions for each week a holiday (a skipped date) drops below the plan's weekly minimum.

    The minimum is that of the plan's level (adults: 9 h/week for Level 2.1 IOP, 20 h/week for 2.5 PHP;
    adolescents 6 h/week for IOP; ASAM Criteria 3rd ed., Mee-Lee et al. 2013).  For each week with a
    skipped date whose scheduled hours fall below it, enough sessions of the schedule's usual length
    and start time are proposed on free days of that week (no session, not skipped, not ``closed``;
    Monday to Friday unless ``weekends``), the days after the holiday first, to reach the minimum.
    Give the clinic's other closures (e.g. a holiday on a day with no session) as ``closed``.
    A week with no free day gets no proposal: :func:`~iopkit.dose.progress` keeps flagging it.

    Parameters
    ----------
    sched : Schedule
        The schedule with its skipped dates.
    plan : DosePlan
        The plan whose level sets the weekly minimum.
    weekends : bool
        Whether Saturday and Sunday may hold a make-up session.
    closed : iterable of dates
        Other days the clinic is closed.

    Returns
    -------
    tuple of MakeUpSession
        In date order; empty when no week needs one.

    Raises
    ------
    DosePlanError
        Not a Schedule and a DosePlan, a schedule with no session, or a closed date that is not a date.

    Examples
    --------
    >>> sched = schedule("2025-12-22", ["mon", "wed", "thu"], 3, 2, skip_dates=["2025-12-25"])
    >>> (m,) = make_up_sessions(sched, DosePlan(9, 2, sessions_per_week=3))
    >>> str(m.session.date), m.session.start, m.week
    ('2025-12-26', datetime.time(9, 0), 1)
    >>> print(m.reason)  # doctest: +NORMALIZE_WHITESPACE
    Week 1 has 6 h scheduled because 2025-12-25 is skipped, below the Level 2.1 minimum of 9 h/week:
    a 3 h make-up session brings it to 9 h.
    """
    if not isinstance(sched, Schedule) or not isinstance(plan, DosePlan):
        raise DosePlanError(
            f"make-up sessions need a Schedule and a DosePlan (got {type(sched).__name__} and {type(plan).__name__})",
            allowed="a Schedule and a DosePlan",
        )
    if not sched.sessions:
        raise DosePlanError(
            "the schedule has no sessions, so a make-up session has no time or length to copy",
            item="schedule",
            allowed="a schedule with at least one session",
        )
    closed = {_as_date(d, "closed date") for d in bounded_items(closed, "closed")}
    floor = minimum_hours(plan.level, adolescent=plan.adolescent)
    model = sched.sessions[0]
    taken = {s.date for s in sched.sessions} | set(sched.skipped) | closed
    proposals = []
    for week, hours in enumerate(sched.hours_by_week(), start=1):
        holidays = [d for d in sched.skipped if sched.week_of(d) == week]
        if not holidays or hours >= floor - _EPS:
            continue
        needed = math.ceil((floor - hours) / model.hours - _EPS)
        first = sched.start + timedelta(days=7 * (week - 1))
        free = [first + timedelta(days=k) for k in range(7)]
        free = [d for d in free if d not in taken and (weekends or d.weekday() < 5)]
        free.sort(key=lambda d: (d < holidays[0], abs((d - holidays[0]).days)))
        chosen = sorted(free[:needed])
        reach = hours + len(chosen) * model.hours
        for day in chosen:
            text = (
                f"Week {week} has {hours:g} h scheduled because {', '.join(map(str, holidays))} "
                f"{'is' if len(holidays) == 1 else 'are'} skipped, below the Level {plan.level.code} minimum of "
                f"{floor:g} h/week: {'a' if len(chosen) == 1 else len(chosen)} {model.hours:g} h make-up "
                f"session{'s' if len(chosen) > 1 else ''} bring{'s' if len(chosen) == 1 else ''} it to {reach:g} h"
                + (
                    f", still below the minimum: no other free {'day' if weekends else 'weekday'} that week."
                    if reach < floor - _EPS
                    else "."
                )
            )
            proposals.append(MakeUpSession(replace(model, date=day), week, text))
    return tuple(proposals)


def age_mix(members, adolescents, *, names=None) -> str:
    """A warning when a group mixes adolescents (under 18) and adults, naming the members of the smaller part; ""
    when it does not.

    The ASAM Criteria (3rd ed., Mee-Lee et al. 2013) have separate adolescent criteria and place adolescents in
    adolescent programmes: a group is for adults or for adolescents (walk24 finding 12).  The group is said to be
    for the larger part (adults when as many); the others are named.  It is a warning, not a refusal: the programme
    may have decided otherwise.

    Parameters
    ----------
    members : iterable
        The group's members.
    adolescents : collection
        The members registered as adolescents.
    names : mapping, optional
        Member -> the name the warning uses (default the member's id).

    Returns
    -------
    str
        The warning, or "".

    Examples
    --------
    >>> print(age_mix([1, 2, 3, 5], {3}, names={3: "DEMO-03"}))  # doctest: +NORMALIZE_WHITESPACE
    DEMO-03 is an adolescent (under 18): this group is for adults. Adolescents are placed in adolescent
    programmes (ASAM Criteria): move DEMO-03 to an adolescent group unless the programme has decided otherwise.
    >>> age_mix([1, 2], set())
    ''
    """
    members = tuple(bounded_items(members, "members", limit=MAX_GROUP_MEMBERS))
    names = names if isinstance(names, Mapping) else {}
    young = [m for m in members if m in adolescents]
    adult = [m for m in members if m not in adolescents]
    if not young or not adult:
        return ""
    odd, word, group_for = (
        (young, "an adolescent (under 18)", "adults")
        if len(adult) >= len(young)
        else (adult, "an adult", "adolescents (under 18)")
    )
    named = _and([str(names.get(m, m)) for m in odd])
    are = f"is {word}" if len(odd) == 1 else ("are adolescents (under 18)" if odd is young else "are adults")
    them = named if len(odd) == 1 else "them"
    where = "an adolescent group" if odd is young else "an adult group"
    return (
        f"{named} {are}: this group is for {group_for}. Adolescents are placed in adolescent programmes (ASAM "
        f"Criteria): move {them} to {where} unless the programme has decided otherwise."
    )


def roster_day(group: Group, day) -> str:
    """Which session the roster on screen is for, said above it: the group, the date and the times; that the group
    does not meet that day (the words Save would refuse it with, said at once); or that no date is chosen yet.

    A page shows these words once it has drawn the roster for ``day`` (its marks, notes and problems): the date
    field shows what was typed at once, the roster only once the page has read the session, so the clinician sees
    which date the marks on screen belong to before marking or saving them.

    Parameters
    ----------
    group : Group
        The group whose roster it is.
    day : date or None
        The session date chosen (None: none yet).

    Returns
    -------
    str
        The words.

    Examples
    --------
    >>> g = Group("Early recovery", "morning", ["mon", "wed", "fri"], 3, "KM", members=(1, 2))
    >>> roster_day(g, date(2026, 11, 18))
    'Roster of Early recovery on Wed 18 Nov 2026, 09:00-12:00.'
    >>> print(roster_day(g, date(2026, 11, 17)))  # doctest: +NORMALIZE_WHITESPACE
    Early recovery does not meet on Tuesday 2026-11-17 (it meets on Monday, Wednesday, Friday): choose one of its
    days.
    >>> roster_day(g, None)
    'Roster of Early recovery: choose the session date.'
    """
    if day is None:
        return f"Roster of {group.name}: choose the session date."
    try:
        session = group.session(day)
    except DosePlanError as refused:
        return f"{refused}: choose one of its days."
    return f"Roster of {group.name} on {session.date:%a %d %b %Y}, {session.start:%H:%M}-{session.end:%H:%M}."
