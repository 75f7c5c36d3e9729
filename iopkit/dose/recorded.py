"""Attendance already recorded: who recorded a session and when, and what saving a roster again would change.

A patient's attendance log is one store record, amended each time a session is added or changed, so who recorded a
session is the author of the oldest version in the log's chain that already held the session as it is now
(:func:`recorded_session`).  A group session taken again on the roster (:func:`roster_to_save`) is compared with what
each member's log holds: the same marks are not saved again (nothing to save, said plainly); different marks amend the
recorded attendance, and only with the clinician's reason; members not recorded yet are simply recorded.

Examples
--------
>>> from iopkit.dose import Group, take_attendance
>>> g = Group("Early recovery", "morning", ["mon"], 3, "KM", members=(1, 2))
>>> entries = take_attendance(g, "2025-01-06", {1: "present", 2: "absent_unexcused"}, today="2025-01-06")
>>> recorded = {e.patient: RecordedSession(e.patient, e.record, "QA", dt.datetime(2025, 1, 6, 15)) for e in entries}
>>> print(recorded[2])
recorded on Early recovery's roster by QA on 6 Jan 2025 as absent, unexcused
>>> try:
...     roster_to_save(g, "2025-01-06", {1: "present", 2: "present"}, recorded, today="2025-01-06")
... except DosePlanError as refused:
...     print(refused)  # doctest: +NORMALIZE_WHITESPACE
Early recovery on 2025-01-06 was already recorded (recorded by QA on 6 Jan 2025); saving changes 1 member
(2: absent, unexcused -> present, 3 h): give the reason for this amendment, then save again
>>> changes = roster_to_save(g, "2025-01-06", {1: "present", 2: "present"}, recorded, reason="came late to sign in",
...                          today="2025-01-06")
>>> [(c.entry.patient, c.amends) for c in changes.to_save]
[(2, True)]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..entry import clinical_day
from ..errors import DosePlanError
from .attendance import AttendanceRecord, RosterMark
from .groups import Group, RosterEntry, take_attendance
from .schedule import _as_date

__all__ = ["RecordedSession", "RosterChange", "RosterChanges", "recorded_session", "roster_to_save"]


@dataclass(frozen=True)
class RecordedSession:
    """One patient's session as their attendance log holds it, and who recorded it, when.

    Parameters
    ----------
    patient : int or str
        The patient (store id or pseudonym).
    record : AttendanceRecord
        What the log holds for the session.
    by : str
        Who saved the version of the log that first held it as it is.
    saved_at : datetime.datetime
        When that version was saved.
    """

    patient: int | str
    record: AttendanceRecord
    by: str
    saved_at: dt.datetime

    @property
    def day(self) -> dt.date:
        """The clinic's day it was recorded on."""
        return clinical_day(self.saved_at)

    @property
    def mark(self) -> RosterMark | None:
        """The roster mark it stands for: the one it was taken as on a roster, else the only one it can be
        (attended: present; missed, excused or unexcused); None when no one mark says it (a partial session
        recorded on the dose page, late or left early not said; a missed session, excused or not not said)."""
        r = self.record
        if r.mark is not None:
            return r.mark
        if r.status == "attended":
            return RosterMark.PRESENT
        if r.status == "missed" and r.excused is not None:
            return RosterMark.ABSENT_EXCUSED if r.excused else RosterMark.ABSENT_UNEXCUSED
        return None

    @property
    def when(self) -> str:
        """By whom and when, in words ("by QA on 3 Dec 2026")."""
        return f"by {self.by} on {self.day.day} {self.day:%b %Y}"

    def __str__(self) -> str:
        where = f" on {self.record.group}'s roster" if self.record.group else ""
        return f"recorded{where} {self.when} as {self.record.said}"


def recorded_session(current: Any, day, versions: Sequence[Any] = ()) -> RecordedSession | None:
    """The session on ``day`` as the attendance log ``current`` holds it, with who recorded it and when.

    Parameters
    ----------
    current : Record
        The store record of the patient's attendance log (``item`` an :class:`~iopkit.dose.Attendance`, with
        ``patient_id``, ``by``, ``saved_at`` and ``amends``).
    day : date or 'YYYY-MM-DD'
        The session's date.
    versions : sequence of Record
        The patient's attendance records, every version (``Store.history(patient, "attendance")``): the log's
        earlier versions are followed back (``amends``) to the first that held the session as it is now.

    Returns
    -------
    RecordedSession or None
        None when the log holds nothing for ``day``.
    """
    day = _as_date(day, "session date")
    record = current.item.on(day)
    if record is None:
        return None
    by_id = {v.id: v for v in versions}
    first = current
    while (
        first.amends is not None and (earlier := by_id.get(first.amends)) is not None and earlier.item.on(day) == record
    ):
        first = earlier
    return RecordedSession(current.patient_id, record, first.by, first.saved_at)


def _same(recorded: AttendanceRecord, new: AttendanceRecord) -> bool:
    """The same attendance: status, hours, excused, and the mark when the recorded one said it."""
    return (recorded.status, recorded.hours, recorded.excused) == (new.status, new.hours, new.excused) and (
        recorded.mark is None or recorded.mark == new.mark
    )


@dataclass(frozen=True)
class RosterChange:
    """One member's roster entry and what their log already holds for the session.

    Parameters
    ----------
    entry : RosterEntry
        The mark given now (from :func:`~iopkit.dose.take_attendance`).
    recorded : RecordedSession, optional
        What was recorded before (None: the session is not recorded for this member yet).
    """

    entry: RosterEntry
    recorded: RecordedSession | None = None

    @property
    def amends(self) -> bool:
        """True when it changes attendance already recorded."""
        return self.recorded is not None and not _same(self.recorded.record, self.entry.record)

    @property
    def unchanged(self) -> bool:
        """True when the log already holds this very attendance (nothing to save for this member)."""
        return self.recorded is not None and not self.amends

    def said(self, name: str | None = None) -> str:
        """The change in words ("DEMO-02: absent, unexcused -> present, 3 h")."""
        was = "not recorded" if self.recorded is None else self.recorded.record.said
        return f"{name or self.entry.patient}: {was} -> {self.entry.record.said}"


@dataclass(frozen=True)
class RosterChanges:
    """A roster taken for a session, member by member against what was recorded (:func:`roster_to_save`).

    Parameters
    ----------
    changes : tuple of RosterChange
        One per member, in roster order.
    reason : str, optional
        The clinician's reason, when recorded attendance is amended.
    """

    changes: tuple[RosterChange, ...]
    reason: str | None = None

    @property
    def to_save(self) -> tuple[RosterChange, ...]:
        """The members whose log changes: not recorded yet, or amended."""
        return tuple(c for c in self.changes if not c.unchanged)

    @property
    def amended(self) -> tuple[RosterChange, ...]:
        """The members whose recorded attendance changes."""
        return tuple(c for c in self.changes if c.amends)


def _who(recorded: list[RecordedSession]) -> str:
    """Who recorded a session, in words: each author and day once ("recorded by QA on 3 Dec 2026")."""
    said = list(dict.fromkeys(r.when for r in recorded))
    return "recorded " + " and ".join(said)


def roster_to_save(
    group: Group,
    day,
    marks: Mapping,
    recorded: Mapping,
    *,
    reason: str | None = None,
    today=None,
    names: Mapping | None = None,
) -> RosterChanges:
    """A session's roster against what the members' logs already hold: what to save, refused when nothing changes or
    when recorded attendance would change without a reason.

    Parameters
    ----------
    group : Group
        The group that met.
    day : date or 'YYYY-MM-DD'
        The session's date.
    marks : mapping
        One mark per member, as :func:`~iopkit.dose.take_attendance` takes them.
    recorded : mapping
        Member -> :class:`RecordedSession` for each member whose log already holds the session.
    reason : str, optional
        Why recorded attendance is changed (needed when it is; a blank reason is none).
    today : date, optional
        Today (a session after it cannot be marked; default the clock's).
    names : mapping, optional
        Member -> the name the messages use (default the member's id).

    Returns
    -------
    RosterChanges
        Each member's entry against what was recorded; ``to_save`` is never empty.

    Raises
    ------
    DosePlanError
        What :func:`~iopkit.dose.take_attendance` refuses; every member already recorded with these very marks
        (nothing to save); or recorded attendance changed without a reason.
    """
    entries = take_attendance(group, day, marks, today=today, names=names)
    reason = reason.strip() if isinstance(reason, str) and reason.strip() else None
    changes = RosterChanges(tuple(RosterChange(e, recorded.get(e.patient)) for e in entries), reason)
    day = entries[0].record.date if entries else _as_date(day, "session date")
    held = [c.recorded for c in changes.changes if c.recorded is not None]
    if not changes.to_save:
        raise DosePlanError(
            f"Nothing saved: {group.name} on {day} is already recorded with these marks ({_who(held)}). To amend it, "
            "change the marks and give the reason",
            item="marks",
            value=day,
            allowed="a changed mark, with a reason",
        )
    if changes.amended and reason is None:
        names = names or {}
        amended = changes.amended
        raise DosePlanError(
            f"{group.name} on {day} was already recorded ({_who(held)}); saving changes {len(amended)} member"
            f"{'s' if len(amended) > 1 else ''} ({'; '.join(c.said(names.get(c.entry.patient)) for c in amended)}): "
            "give the reason for this amendment, then save again",
            item="reason",
            value=None,
            allowed="the reason recorded attendance is changed",
        )
    return changes
