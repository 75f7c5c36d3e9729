"""Who is in the programme on a day: one rule for the caseload and the programme report's census.

A placement at a programme level (:data:`PROGRAMME_LEVELS`: Level 1, 2.1 or 2.5) starts a stay; the next placement
ends it (a placement elsewhere, e.g. Level 0.5 or residential, ends the episode: a discharge).  An episode no
placement ends counts as ended on its last attended session (its first day when none was attended) once more than
:data:`INACTIVE_DAYS` days have passed since then: the programme report's census counts it as a discharge
(:func:`iopkit.report.programme_data`) and the caseload lists the patient under "Show discharged"
(:func:`iopkit.episode.caseload`).  Both read :func:`stays` and nothing else, so they never disagree on a day.

Pure Python (no pandas): the caseload reads it for every patient.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["INACTIVE_DAYS", "PROGRAMME_LEVELS", "ProgrammeStatus", "attended_days", "programme_status", "stays"]

#: The levels of care an outpatient programme runs: Level 1 (OP), 2.1 (IOP) and 2.5 (PHP).
PROGRAMME_LEVELS = ("1", "2.1", "2.5")
#: Days without an attended session after which an episode with no discharge placement counts as ended on the
#: last attended day (iopkit convention, after the common administrative-discharge rule of 30 days without
#: contact; change it with ``inactive_days``).
INACTIVE_DAYS = 30


def attended_days(logs: Iterable[Any]) -> list[dt.date]:
    """The days of the scheduled sessions with hours attended, over attendance logs, in date order, each once.

    Parameters
    ----------
    logs : iterable of Attendance
        A patient's current attendance logs (:class:`iopkit.dose.Attendance`), oldest first: a session a newer
        plan's log carries from an earlier one is counted once (:func:`iopkit.dose.logs.sessions_once`).

    Returns
    -------
    list of datetime.date
        Each session day with more than 0 h attended, oldest first.
    """
    from .dose.logs import sessions_once

    return [s.session.date for s in sessions_once(logs) if s.delivered > 0]


def stays(
    pid: Any,
    placements: Iterable[tuple[dt.date, str]],
    attended: Sequence[dt.date],
    as_of: dt.date,
    inactive_days: int = INACTIVE_DAYS,
) -> list[list]:
    """The stays of one patient in the programme from their placements and attended session days.

    Parameters
    ----------
    pid : Any
        The patient, copied into each stay.
    placements : iterable of (datetime.date, str)
        Each placement's clinical day and level code.
    attended : sequence of datetime.date
        The attended session days, oldest first (:func:`attended_days`).
    as_of : datetime.date
        The day the stays are read as of: an open stay with no attended session for more than ``inactive_days``
        days by then ends on its last attended day.
    inactive_days : int
        Days without an attended session after which an open stay counts as ended (default :data:`INACTIVE_DAYS`).

    Returns
    -------
    list of list
        ``[patient, episode, level, start, end, next_level]`` per stay, in date order; ``end`` is ``None`` while
        the stay is open, ``next_level`` the level of the placement that ended it (``None`` otherwise).
    """
    out: list[list] = []
    episode, current = 0, None  # current: [pid, episode, level, start, end, next_level]
    for day, code in sorted(placements, key=lambda p: p[0]):
        if current is not None and code == current[2]:
            continue  # a placement confirming the level continues the stay
        if current is not None and day == current[3]:
            current[2] = code  # the same day's decision corrected: no stay of 0 days
            if code not in PROGRAMME_LEVELS:
                current = None  # placed elsewhere the same day: never a stay in the programme
            continue
        within = False
        if current is not None:
            within = code in PROGRAMME_LEVELS
            current[4] = max(current[3], day - dt.timedelta(days=1)) if within else day
            current[5] = code
            out.append(current)
            current = None
        if code in PROGRAMME_LEVELS:
            episode += 0 if within else 1
            current = [pid, episode, code, day, None, None]
    if current is not None:
        seen = [d for d in attended if d >= current[3]]
        last = seen[-1] if seen else current[3]
        if (as_of - last).days > inactive_days:
            current[4] = last
        out.append(current)
    return out


@dataclass(frozen=True)
class ProgrammeStatus:
    """Whether a patient is in the programme on a day, as the programme report's census counts (:func:`stays`).

    Parameters
    ----------
    in_programme : bool
        A stay at a programme level covers the day (the census counts the patient).
    placed : bool
        The patient has a placement at all (one not placed yet is being assessed: not in the census, still on the
        caseload).
    last_day : datetime.date or None
        The last day of the last stay when it has ended (``None`` while in the programme or never in it).
    why : str
        Why the patient is not in the programme, in the clinic's words, read after the last day ("placed at Level
        0.5"; "no attended session since then (more than 30 days ...)"; "" when in it or not placed yet).
    """

    in_programme: bool
    placed: bool
    last_day: dt.date | None = None
    why: str = ""

    @property
    def current(self) -> bool:
        """On the caseload's default list: in the programme, or not placed yet (being assessed)."""
        return self.in_programme or not self.placed


def programme_status(
    placements: Iterable[tuple[dt.date, str]],
    attended: Sequence[dt.date],
    as_of: dt.date,
    inactive_days: int = INACTIVE_DAYS,
) -> ProgrammeStatus:
    """Whether a patient is in the programme on ``as_of``: the census of that day (a stay started on or before it
    that has not ended before it, :func:`stays`).

    Parameters
    ----------
    placements : iterable of (datetime.date, str)
        Each placement's clinical day and level code, up to ``as_of``.
    attended : sequence of datetime.date
        The attended session days, oldest first (:func:`attended_days`).
    as_of : datetime.date
        The day.
    inactive_days : int
        As :func:`stays` (default :data:`INACTIVE_DAYS`).

    Returns
    -------
    ProgrammeStatus
        In the programme or not, and when and why not.
    """
    placements = [p for p in placements if p[0] <= as_of]
    if not placements:
        return ProgrammeStatus(False, False)
    held = stays(None, placements, [d for d in attended if d <= as_of], as_of, inactive_days)
    if any(s[3] <= as_of and (s[4] is None or s[4] >= as_of) for s in held):
        return ProgrammeStatus(True, True)
    if not held:
        day, code = max(placements, key=lambda p: p[0])
        return ProgrammeStatus(False, True, None, f"placed at Level {code} on {day:%d %b %Y}, never in the programme")
    last = held[-1]
    if last[5] is not None:
        why = f"placed at Level {last[5]}"
    else:
        then = "since then" if any(d >= last[3] for d in attended) else "since that placement"
        why = (
            f"no attended session {then} (more than {inactive_days} days without one count as discharged, as in "
            "the programme report)"
        )
    return ProgrammeStatus(False, True, last[4], why)
