"""Session calendars: which days, what time, for how many weeks; iCalendar export and a printable grid.

Times are clinic-local ("floating" in iCalendar terms, RFC 5545 §3.3.5): a patient's calendar shows
09:00 as 09:00 wherever it is opened. Track start times are iopkit defaults, not clinical rules.
"""

from __future__ import annotations

import html
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache

from .. import __version__
from .._validate import whole_number
from ..errors import DosePlanError
from .bounds import LAST_DAY, MAX_LIST_ITEMS, SCHEDULE_WEEKS, SESSION_HOURS, _text, bounded_items

__all__ = ["Session", "Schedule", "schedule", "Track", "TRACKS", "WEEKDAYS"]


class Track(StrEnum):
    """A programme track: when in the day its sessions start (compares equal to its name, ``"morning"``)."""

    MORNING = "morning"
    EVENING = "evening"

    @property
    def start(self) -> time:
        """The track's default start time (iopkit convention)."""
        return TRACKS[self]


#: Default start time of each track (iopkit convention; pass a time for any other).
TRACKS = {Track.MORNING: time(9, 0), Track.EVENING: time(18, 0)}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
PRODID = f"-//iopkit//iopkit {__version__}//EN"


def _as_date(value, name: str) -> date:
    if type(value) is date:  # the common cases first: a date, and ISO text (as stored)
        return value
    if type(value) is str and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass  # worded below
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    given = value
    if not isinstance(value, str) and type(value).__name__ == "datetime64":  # numpy's day, e.g. from a data frame
        value = str(value)
    if isinstance(value, str):  # date.fromisoformat(str(20250106)) would read a number as a date
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise DosePlanError(  # worded only when refused: a stored schedule reads thousands of dates
        f"{name} must be a date or an ISO date 'YYYY-MM-DD' (got {_text(given)})",
        item=name,
        value=given,
        allowed="a date or 'YYYY-MM-DD'",
    )


def _as_time(value, name: str) -> time:
    if type(value) is str and len(value) == 5:  # the common case first: 'HH:MM' (as stored)
        try:
            begins = time.fromisoformat(value)
        except ValueError:
            begins = None  # worded below
        if begins is not None and begins.tzinfo is None:
            return begins
    if isinstance(value, time):
        if value.tzinfo is not None:
            raise DosePlanError(
                f"{name} must be a clinic-local time without a time zone (got {value!r})",
                item=name,
                value=value,
                allowed="a time without a time zone",
            )
        return value
    try:
        begins = time.fromisoformat(value.strip()) if isinstance(value, str) else None
    except ValueError:
        begins = None
    if begins is None:  # worded only when refused
        raise DosePlanError(
            f"{name} must be a time or 'HH:MM' (got {_text(value)})",
            item=name,
            value=value,
            allowed="a time or 'HH:MM'",
        )
    if begins.tzinfo is not None:
        raise DosePlanError(
            f"{name} must be a clinic-local time without a time zone (got {value!r})",
            item=name,
            value=value,
            allowed="a time without a time zone",
        )
    return begins


def _weekday(value) -> int:
    """0 = Monday ... 6 = Sunday, from an int or a (prefix of a) day name."""
    if (whole := whole_number(value)) is not None and 0 <= whole <= 6:
        return whole
    if isinstance(value, str) and len(value.strip()) >= 2:
        matches = [i for i, name in enumerate(WEEKDAYS) if name.startswith(value.strip().lower())]
        if len(matches) == 1:
            return matches[0]
    raise DosePlanError(
        f"weekday must be 0-6 (Monday = 0) or a day name such as 'mon' (got {_text(value)})",
        item="weekdays",
        value=value,
        allowed=WEEKDAYS,
    )


@dataclass(frozen=True)
class Session:
    """One programme session on one day, clinic-local time.

    Parameters
    ----------
    date : datetime.date or 'YYYY-MM-DD'
        The day.
    start, end : datetime.time or 'HH:MM'
        When the session starts and ends, clinic-local time.

    Raises
    ------
    DosePlanError
        A date or time that is not one, or an end not after the start.

    Examples
    --------
    >>> s = Session(date(2025, 1, 6), time(9), time(12))
    >>> s.hours
    3.0
    """

    date: date
    start: time
    end: time

    def __post_init__(self) -> None:
        day, start, end = self.date, self.start, self.end
        if type(day) is not date or type(start) is not time or type(end) is not time or start.tzinfo or end.tzinfo:
            object.__setattr__(self, "date", _as_date(day, "session date"))  # read as a date and times (or refused)
            object.__setattr__(self, "start", _as_time(start, "session start"))
            object.__setattr__(self, "end", _as_time(end, "session end"))
        if self.end <= self.start:
            raise DosePlanError(
                f"session on {self.date} ends at {self.end:%H:%M}, not after its start {self.start:%H:%M}"
            )

    @property
    def hours(self) -> float:
        """Length of the session in hours."""
        hours = self.__dict__.get("_hours")  # worked out once: a caseload reads it for every session
        if hours is None:
            start = datetime.combine(self.date, self.start)
            hours = (datetime.combine(self.date, self.end) - start).total_seconds() / 3600
            self.__dict__["_hours"] = hours  # not a field: equality, hashing and repr leave it out
        return hours

    def to_dict(self) -> dict:
        """This record as a JSON-able dict (read back by ``from_dict``)."""
        written = self.__dict__.get("_written")  # worked out once (a caseload checks every stored session), copied
        if written is None:
            written = {
                "date": self.date.isoformat(),
                "start": self.start.isoformat("minutes"),
                "end": self.end.isoformat("minutes"),
                "hours": self.hours,
            }
            self.__dict__["_written"] = written  # not a field: equality, hashing and repr leave it out
        return dict(written)

    @classmethod
    def from_dict(cls, data: dict) -> Session:
        """Rebuild what :meth:`to_dict` wrote (also after a JSON round trip)."""
        try:
            day, start, end = data["date"], data["start"], data["end"]
            if type(day) is str and type(start) is str and type(end) is str:  # as stored
                return _stored_session(day, start, end) if cls is Session else cls(*_read_session(day, start, end))
            return cls(day, start, end)
        except (KeyError, TypeError, IndexError):
            raise DosePlanError(
                f"a session must be read from a dict with date, start and end (got {_text(data)})",
                value=data,
                allowed="a dict with date, start and end",
            ) from None


def _read_session(day: str, start: str, end: str) -> tuple[date, time, time]:
    """A stored session's date and times read from their text (or refused, worded)."""
    return _as_date(day, "session date"), _as_time(start, "session start"), _as_time(end, "session end")


@lru_cache(maxsize=4096)
def _stored_session(day: str, start: str, end: str) -> Session:
    """The session stored as this text, read once: a programme's patients share the days of its calendar, and a
    running attendance log is stored again with its schedule at each update (a Session is frozen, so the records
    that store the same one share it; a text that is refused is worded again each time)."""
    return Session(*_read_session(day, start, end))


def _escape(text: str, name: str = "text") -> str:
    """TEXT escaping, RFC 5545 §3.3.11: backslash, semicolon, comma, newline (a colon is not escaped).

    Any line break (CRLF, CR, LF) becomes ``\\n``; other control characters are not allowed in TEXT
    (§3.3.11, TSAFE-CHAR excludes CONTROL except HTAB), so they raise a DosePlanError naming the field.
    """
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    bad = sorted({hex(ord(c)) for c in text if (ord(c) < 0x20 and c not in "\t\n") or ord(c) == 0x7F})
    if bad:
        raise DosePlanError(
            f"{name} contains control character(s) {', '.join(bad)}, which iCalendar text "
            "does not allow (RFC 5545 §3.3.11); remove them"
        )
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\n", "\\n")


def _fold(line: str, limit: int = 75) -> str:
    """Fold a content line at ``limit`` octets with CRLF + space, never inside a UTF-8 character (§3.1)."""
    parts, current = [], b""
    for char in line:
        octets = char.encode("utf-8")
        if len(current) + len(octets) > limit:
            parts.append(current.decode("utf-8"))
            current = b" "
        current += octets
    parts.append(current.decode("utf-8"))
    return "\r\n".join(parts)


@dataclass(frozen=True)
class Schedule:
    """The sessions of a plan, in date order, over ``weeks`` 7-day blocks from ``start``.

    ``skipped`` holds the dates of sessions removed by ``skip_dates`` (holidays, closures).

    Parameters
    ----------
    start : datetime.date or 'YYYY-MM-DD'
        The first day of week 1.
    weeks : int
        Number of 7-day blocks.
    sessions : tuple of Session
        The sessions, within the weeks.
    skipped : tuple of datetime.date
        Dates of sessions removed (holidays, closures).

    Raises
    ------
    DosePlanError
        Weeks out of range, a schedule running past the last calendar day, sessions that are not
        :class:`Session` values, or a session or skipped date outside the weeks.
    """

    start: date
    weeks: int
    sessions: tuple[Session, ...]
    skipped: tuple[date, ...] = field(default=())

    def __post_init__(self) -> None:
        start = _as_date(self.start, "start")
        weeks = SCHEDULE_WEEKS.count(self.weeks)  # bounded, so hours_by_week and the grid stay small
        if (LAST_DAY - start).days < 7 * weeks - 1:
            raise DosePlanError(
                f"a {weeks}-week schedule from {start} would run past {LAST_DAY}, the last day a calendar can hold",
                item="start",
                value=start,
                allowed=f"up to {LAST_DAY}",
            )
        sessions = bounded_items(self.sessions, "sessions", limit=7 * weeks)
        if not set(map(type, sessions)) <= {Session} and not all(isinstance(s, Session) for s in sessions):
            raise DosePlanError(
                "a schedule's sessions must be Session values", item="sessions", allowed="Session values"
            )
        end = start + timedelta(days=7 * weeks - 1)
        skipped = tuple(_as_date(d, "skipped date") for d in bounded_items(self.skipped, "skipped", limit=7 * weeks))
        days = [s.date for s in sessions] + list(skipped)
        if days and not start <= min(days) <= max(days) <= end:  # the first day outside is worded
            day = next(day for day in days if not start <= day <= end)
            raise DosePlanError(
                f"{day} is outside the schedule ({start} to {end})",
                item="sessions",
                value=day,
                allowed=f"{start} to {end}",
            )
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "weeks", weeks)
        object.__setattr__(self, "sessions", tuple(sessions))
        object.__setattr__(self, "skipped", skipped)

    @property
    def end(self) -> date:
        """Last day of the last week."""
        return self.start + timedelta(days=7 * self.weeks - 1)

    @property
    def total_hours(self) -> float:
        """Hours of all scheduled sessions (skipped dates excluded)."""
        return sum(session.hours for session in self.sessions)

    def week_of(self, day) -> int:
        """Week number (1 = the week starting on ``start``) of a date inside the schedule."""
        day = _as_date(day, "date")
        if not self.start <= day <= self.end:
            raise DosePlanError(f"{day} is outside the schedule ({self.start} to {self.end})")
        return (day - self.start).days // 7 + 1

    def hours_by_week(self) -> tuple[float, ...]:
        """Scheduled hours in each week, week 1 first."""
        totals = [0.0] * self.weeks
        for session in self.sessions:  # each within the weeks (checked when the schedule was made)
            totals[(session.date - self.start).days // 7] += session.hours
        return tuple(totals)

    def to_ics(
        self,
        *,
        summary: str = "IOP session",
        location: str = "",
        description: str = "",
        dtstamp: datetime | None = None,
        uid_salt: str = "",
    ) -> str:
        """The schedule as an iCalendar (RFC 5545) text, one VEVENT per session, CRLF line ends.

        UIDs are stable for the same session, summary and ``uid_salt`` (so re-importing updates
        events rather than duplicating them); give each patient or group its own salt.

        >>> cal = schedule("2025-01-06", ["mon"], 3, 1).to_ics(dtstamp=datetime(2025, 1, 1, tzinfo=UTC))
        >>> [line for line in cal.split("\\r\\n") if line.startswith(("DTSTART", "DTSTAMP"))]
        ['DTSTAMP:20250101T000000Z', 'DTSTART:20250106T090000']
        """
        if not self.sessions:  # RFC 5545 §3.6: a calendar needs at least one component
            raise DosePlanError(
                f"the schedule from {self.start} has no sessions (all {len(self.skipped)} were "
                "skipped), so there is nothing to export to iCalendar"
            )
        stamp = (dtstamp or datetime.now(UTC)).astimezone(UTC)
        text = {
            name: _escape(value, name.lower())
            for name, value in (("SUMMARY", summary), ("LOCATION", location), ("DESCRIPTION", description))
            if value
        }
        lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
        for session in self.sessions:
            key = f"{uid_salt}|{summary}|{session.date.isoformat()}|{session.start.isoformat()}"
            lines += [
                "BEGIN:VEVENT",
                f"UID:{uuid.uuid5(uuid.NAMESPACE_URL, key)}@iopkit",
                f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
                f"DTSTART:{datetime.combine(session.date, session.start):%Y%m%dT%H%M%S}",
                f"DTEND:{datetime.combine(session.date, session.end):%Y%m%dT%H%M%S}",
            ]
            lines += [f"{name}:{value}" for name, value in text.items()]
            lines.append("END:VEVENT")
        lines.append("END:VCALENDAR")
        return "".join(_fold(line) + "\r\n" for line in lines)

    def _grid(self) -> tuple[list[str], list[list[str]]]:
        """Header (day names in the order they fall from ``start``) and one row of cells per week."""
        offsets = sorted({(d - self.start).days % 7 for d in [s.date for s in self.sessions] + list(self.skipped)})
        header = ["Week"] + [WEEKDAYS[(self.start.weekday() + k) % 7][:3].title() for k in offsets]
        by_date = {s.date: f"{s.date:%d %b} {s.start:%H:%M}-{s.end:%H:%M}" for s in self.sessions}
        by_date.update({d: f"{d:%d %b} no session" for d in self.skipped})
        rows = []
        for week in range(self.weeks):
            first = self.start + timedelta(days=7 * week)
            rows.append([str(week + 1)] + [by_date.get(first + timedelta(days=k), "") for k in offsets])
        return header, rows

    def weekly_grid(self) -> str:
        """A printable text grid: one row per week, one column per session weekday.

        >>> print(schedule("2025-12-29", ["mon", "wed"], 3, 2, skip_dates=["2026-01-01"]).weekly_grid())
        Week | Mon                | Wed
        1    | 29 Dec 09:00-12:00 | 31 Dec 09:00-12:00
        2    | 05 Jan 09:00-12:00 | 07 Jan 09:00-12:00
        """
        header, rows = self._grid()
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
        return "\n".join(" | ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in [header, *rows])

    def weekly_grid_html(self) -> str:
        """The weekly grid as an HTML table (class ``iop-schedule``), values escaped."""
        header, rows = self._grid()
        head = "".join(f"<th>{html.escape(cell)}</th>" for cell in header)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in rows)
        return f'<table class="iop-schedule"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'

    def to_dict(self) -> dict:
        """This record as a JSON-able dict (read back by ``from_dict``)."""
        return {
            "start": self.start.isoformat(),
            "weeks": self.weeks,
            "sessions": [s.to_dict() for s in self.sessions],
            "skipped": [d.isoformat() for d in self.skipped],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Schedule:
        """Rebuild what :meth:`to_dict` wrote (also after a JSON round trip)."""
        stored = _stored_text(data) if cls is Schedule else None
        if stored is not None:
            try:
                return _stored_schedule(stored)
            except DosePlanError:
                pass  # worded from the data as given, below
        return cls._read(data)

    @classmethod
    def _read(cls, data: dict) -> Schedule:
        """:meth:`from_dict`, read afresh."""
        try:
            weeks = SCHEDULE_WEEKS.count(data["weeks"])
            return cls(
                _as_date(data["start"], "start"),
                weeks,
                tuple(map(Session.from_dict, bounded_items(data["sessions"], "sessions", limit=7 * weeks))),
                tuple(_as_date(d, "skipped date") for d in bounded_items(data.get("skipped", ()), "skipped")),
            )
        except (KeyError, TypeError, AttributeError):
            raise DosePlanError(
                f"a schedule must be read from a dict with start, weeks and sessions (got {_text(data)})",
                value=data,
                allowed="a dict with start, weeks and sessions",
            ) from None


def _stored_text(data) -> tuple | None:
    """All that :meth:`Schedule.from_dict` reads of a schedule as JSON gives it (the start, the weeks, each
    session's date, start and end, the skipped dates), as one hashable value; None for anything else."""
    if type(data) is not dict:
        return None
    start, weeks, sessions = data.get("start"), data.get("weeks"), data.get("sessions")
    skipped = data.get("skipped", [])
    if type(start) is not str or type(weeks) is not int or type(sessions) is not list or type(skipped) is not list:
        return None
    if not {type(s) for s in sessions} <= {dict} or not {type(d) for d in skipped} <= {str}:
        return None
    try:
        texts = tuple([(s["date"], s["start"], s["end"]) for s in sessions])
    except KeyError:
        return None
    if not {type(t) for text in texts for t in text} <= {str}:
        return None
    return start, weeks, texts, tuple(skipped)


@lru_cache(maxsize=1024)
def _stored_schedule(stored: tuple) -> Schedule:
    """The schedule stored as this text (:func:`_stored_text`), read once: a running attendance log is stored again
    with its schedule at each update (a Schedule is frozen, so the records that store the same one share it)."""
    start, weeks, texts, skipped = stored
    sessions = [{"date": day, "start": begins, "end": ends} for day, begins, ends in texts]
    return Schedule._read({"start": start, "weeks": weeks, "sessions": sessions, "skipped": list(skipped)})


def schedule(start, weekdays, session_hours: float, weeks: int, *, track="morning", skip_dates=()) -> Schedule:
    """Sessions on the given weekdays for ``weeks`` 7-day blocks starting on ``start``.

    Parameters
    ----------
    start : date or 'YYYY-MM-DD'
        First day of week 1 (sessions before it are not scheduled). A datetime is taken as its date
        only at midnight (e.g. a pandas Timestamp of a date); one with a time of day is refused,
        since the start time comes from ``track``: pass ``track="15:00"`` for 15:00 sessions.
    weekdays : iterable of int or str
        0 = Monday ... 6 = Sunday, or day names ('mon', 'Tuesday').
    session_hours : float
        Length of each session, a whole number of minutes, ending the same day.
    weeks : int
        Number of weeks.
    track : {'morning', 'evening'} or time or 'HH:MM'
        Start time: morning 09:00, evening 18:00, or a custom time.
    skip_dates : iterable of dates
        Days with no session (holidays); dates with no session anyway are ignored.

    Returns
    -------
    Schedule
        The sessions in date order, with the dates skipped.

    Raises
    ------
    DosePlanError
        A start with a time of day or not a date, an unknown weekday, a session length or number of weeks out
        of range, an unknown track, or a skipped date that is not a date.

    Examples
    --------
    >>> plan = schedule("2025-12-29", ["mon", "wed", "fri"], 3, 2, track="evening", skip_dates=["2026-01-02"])
    >>> [str(s.date) for s in plan.sessions], plan.total_hours, [str(d) for d in plan.skipped]
    (['2025-12-29', '2025-12-31', '2026-01-05', '2026-01-07', '2026-01-09'], 15.0, ['2026-01-02'])
    >>> schedule(datetime(2025, 1, 6, 15), ["mon"], 3, 1)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    iopkit.errors.DosePlanError: start must be a date (got 2025-01-06 15:00, ...); pass ... track='15:00'
    """
    if isinstance(start, datetime) and start.time() != time(0):
        raise DosePlanError(
            f"start must be a date (got {start:%Y-%m-%d %H:%M}, a datetime with a time of day, "
            f"which would be dropped); pass the date as start and the time as track='{start:%H:%M}'"
        )
    start = _as_date(start, "start")
    one = isinstance(weekdays, str) or whole_number(weekdays) is not None
    weekdays = [weekdays] if one else bounded_items(weekdays, "weekdays", limit=7)  # one day given alone
    skip_dates = [skip_dates] if isinstance(skip_dates, (str, date)) else skip_dates
    days = [_weekday(day) for day in weekdays]
    if not days or len(set(days)) != len(days):
        raise DosePlanError(
            f"weekdays must list one or more different days (got {_text(list(weekdays))})",
            item="weekdays",
            value=weekdays,
            allowed="one or more different days",
        )
    hours = SESSION_HOURS.check(session_hours, "session hours")  # limits and why: iopkit.dose.bounds
    minutes = round(hours * 60)
    if abs(minutes - hours * 60) > 1e-6:
        raise DosePlanError(
            f"session hours must be a whole number of minutes (got {session_hours!r})",
            item="session_hours",
            value=session_hours,
            allowed="a whole number of minutes",
        )
    weeks = SCHEDULE_WEEKS.count(weeks)
    if (LAST_DAY - start).days < 7 * weeks - 1:  # refused before any work, not after an OverflowError
        raise DosePlanError(
            f"a {weeks}-week schedule from {start} would run past {LAST_DAY}, the last day a calendar can hold",
            item="start",
            value=start,
            allowed=f"up to {LAST_DAY}",
        )
    begins = (
        TRACKS[Track(track)]
        if isinstance(track, str) and track in TRACKS
        else _as_time(track, f"track (one of {', '.join(TRACKS)}) or start time")
    )
    finish = datetime.combine(start, begins) + timedelta(minutes=minutes)
    if finish.date() != start:
        raise DosePlanError(
            f"a {hours:g} h session starting at {begins:%H:%M} would end after midnight",
            item="session_hours",
            value=hours,
            allowed="a session ending by midnight",
        )
    skip = {_as_date(d, "skip date") for d in bounded_items(skip_dates, "skip_dates", limit=MAX_LIST_ITEMS)}
    sessions, skipped = [], []
    for offset in range(7 * weeks):
        day = start + timedelta(days=offset)
        if day.weekday() in days and day in skip:
            skipped.append(day)
        elif day.weekday() in days:
            sessions.append(Session(day, begins, finish.time()))
    return Schedule(start, weeks, tuple(sessions), tuple(skipped))
