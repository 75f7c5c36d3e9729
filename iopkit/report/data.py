"""A programme as tables: stays at a level of care, sessions, measures, drug screens and safety flags.

:class:`ProgrammeData` is what :func:`~iopkit.report.programme_report` reads.  Build it from a store with
:func:`programme_data`, or from a researcher's own DataFrames with :meth:`ProgrammeData.from_frames`; the
same report follows from both.  Columns (dates as anything :func:`pandas.to_datetime` reads, kept as days):

``stays``
    ``patient``, ``episode``, ``level`` (a level-of-care code, ``"2.1"``), ``track``, ``start``, ``end``
    (last day at that level; empty while the patient is still there) and optionally ``next_level`` (the
    level the patient was placed at when the stay ended; derived from the next stay of the episode when
    absent).  An episode is the run of stays from admission to discharge.
``attendance``
    One row per scheduled session: ``patient``, ``date``, ``planned_hours``, ``hours`` (delivered; 0 when
    missed).
``measures``
    ``patient``, ``date``, ``instrument`` (``"phq9"``, ``"gad7"`` ...) and ``total``.
``screens``
    ``patient``, ``date``, ``positive`` (True when any substance not prescribed was detected).
``flags``
    ``patient``, ``date``, ``code``, ``severity`` and ``resolved`` (the day it was resolved, empty while open);
    ``resolution`` says in words what "resolved" means for these data (from a store: :data:`RECORDED`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..entry import clinical_day
from ..errors import IopkitError
from ..placement.levels import LevelOfCare

__all__ = ["COLUMNS", "INACTIVE_DAYS", "RECORDED", "ProgrammeData", "ReportInputError", "programme_data"]

#: Required columns of each table.
COLUMNS = {
    "stays": ("patient", "episode", "level", "track", "start", "end"),
    "attendance": ("patient", "date", "planned_hours", "hours"),
    "measures": ("patient", "date", "instrument", "total"),
    "screens": ("patient", "date", "positive"),
    "flags": ("patient", "date", "code", "severity", "resolved"),
}
#: Days without an attended session after which an episode with no discharge placement counts as ended on the
#: last attended day (iopkit convention, after the common administrative-discharge rule of 30 days without
#: contact; change it with ``inactive_days``).
INACTIVE_DAYS = 30
#: What "resolved" means for flags read from a store: the day of the flag's closing as the patient's chart reads it
#: (:func:`~iopkit.placement.resolution.closing_of`), corrections of the flagged record included.
RECORDED = (
    "the date of the first recorded flag resolution (what was done, by whom, when) that closes the flag as the "
    "patient's chart reads it: one on that record, or on a later record of the same instrument; a correction of "
    "the record that raises or otherwise changes the finding the flag's rule reads reopens the flag, open until a "
    "resolution recorded on the corrected record closes it (resolved on that later date), while a correction that "
    "keeps or lowers the finding keeps its closing; a flag no resolution closes is open"
)


class ReportInputError(IopkitError, ValueError):
    """Programme data that a report cannot read: a missing column, an unknown level, a bad date or hours."""


def _frame(name: str, table) -> Any:
    import pandas as pd

    if table is None:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS[name]})
    if not isinstance(table, pd.DataFrame):
        raise ReportInputError(
            f"{name} must be a pandas DataFrame (got {type(table).__name__})",
            item=name,
            value=type(table).__name__,
            allowed="a DataFrame",
        )
    missing = [c for c in COLUMNS[name] if c not in table.columns]
    if missing:
        raise ReportInputError(
            f"{name} lacks column(s) {missing}; it needs {list(COLUMNS[name])}",
            item=name,
            value=sorted(map(str, table.columns)),
            allowed=COLUMNS[name],
        )
    return table.copy()


def _days(frame, name: str, column: str, *, empty_ok: bool = False) -> None:
    import pandas as pd

    try:
        values = pd.to_datetime(frame[column]).dt.normalize()
    except (ValueError, TypeError) as error:
        raise ReportInputError(
            f"{name}.{column} must hold dates: {error}", item=f"{name}.{column}", allowed="dates"
        ) from None
    if values.dt.tz is not None:
        values = values.dt.tz_localize(None)
    if not empty_ok and values.isna().any():
        rows = frame.index[values.isna()].tolist()[:5]
        raise ReportInputError(
            f"{name}.{column} is empty in row(s) {rows}",
            item=f"{name}.{column}",
            value=None,
            allowed="a date in every row",
        )
    frame[column] = values.astype("datetime64[ns]")


def _numbers(frame, name: str, column: str) -> None:
    import numpy as np
    import pandas as pd

    values = pd.to_numeric(frame[column], errors="coerce").astype(float)
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        shown = frame.loc[bad, column].tolist()[:5]
        raise ReportInputError(
            f"{name}.{column} must be numbers >= 0 without gaps (got {shown})",
            item=f"{name}.{column}",
            value=shown,
            allowed="numbers >= 0",
        )
    frame[column] = values


def _levels(frame, name: str, column: str) -> None:
    codes = frame[column].dropna().astype(str).unique()
    for code in codes:
        try:
            LevelOfCare.from_code(code)
        except (ValueError, KeyError, IopkitError):
            raise ReportInputError(
                f"{name}.{column}: {code!r} is not a level-of-care code",
                item=f"{name}.{column}",
                value=code,
                allowed=tuple(lv.code for lv in LevelOfCare),
            ) from None
    frame[column] = frame[column].where(frame[column].isna(), frame[column].astype(str))


@dataclass(frozen=True)
class ProgrammeData:
    """The programme's records as five tables (see the module documentation for their columns).

    Build it with :meth:`from_frames` (checks and normalises every column) or :func:`programme_data`.

    Parameters
    ----------
    stays, attendance, measures, screens, flags : pandas.DataFrame
        The five tables, already checked and normalised (the constructor itself checks nothing).
    resolution : str
        In words, what "resolved" means for the flags of these data.
    """

    stays: Any
    attendance: Any
    measures: Any
    screens: Any
    flags: Any
    resolution: str = "the day the flag was resolved, as recorded"

    @classmethod
    def from_frames(
        cls,
        stays,
        attendance=None,
        measures=None,
        screens=None,
        flags=None,
        *,
        resolution: str = "the day the flag was resolved, as recorded",
    ) -> ProgrammeData:
        """Check and normalise a researcher's tables (dates as days, levels as codes, hours as numbers).

        Parameters
        ----------
        stays : pandas.DataFrame
            One row per stay at a level of care (columns in the module documentation).
        attendance, measures, screens, flags : pandas.DataFrame, optional
            The other tables; each absent one is taken as empty.
        resolution : str
            In words, what "resolved" means for these flags.

        Returns
        -------
        ProgrammeData
            Copies of the tables with dates as days, levels as codes and hours as numbers; stays sorted by
            patient, episode and start, with ``next_level`` derived when absent.

        Raises
        ------
        ReportInputError
            A missing column, an unknown level code, a date that is not a date, a stay that ends before it
            starts, hours that are negative or missing, a table that is not a DataFrame, a drug screen
            not True or False, or an empty ``resolution``.

        Examples
        --------
        >>> import pandas as pd
        >>> stays = pd.DataFrame({"patient": [1], "episode": [1], "level": ["2.1"], "track": ["morning"],
        ...                       "start": ["2026-01-05"], "end": [None]})
        >>> ProgrammeData.from_frames(stays).stays["start"].dt.date.tolist()
        [datetime.date(2026, 1, 5)]
        """

        stays = _frame("stays", stays)
        _days(stays, "stays", "start")
        _days(stays, "stays", "end", empty_ok=True)
        _levels(stays, "stays", "level")
        backwards = stays["end"].notna() & (stays["end"] < stays["start"])
        if backwards.any():
            rows = stays.index[backwards].tolist()[:5]
            raise ReportInputError(
                f"stays end before they start in row(s) {rows}",
                item="stays.end",
                allowed="an end on or after the start",
            )
        stays["track"] = stays["track"].fillna("unknown").astype(str)
        stays = stays.sort_values(["patient", "episode", "start"], kind="stable").reset_index(drop=True)
        if "next_level" not in stays.columns:
            following = stays.groupby(["patient", "episode"], sort=False)["level"].shift(-1)
            stays["next_level"] = following
        _levels(stays, "stays", "next_level")
        attendance = _frame("attendance", attendance)
        _days(attendance, "attendance", "date")
        for column in ("planned_hours", "hours"):
            _numbers(attendance, "attendance", column)
        measures = _frame("measures", measures)
        _days(measures, "measures", "date")
        _numbers(measures, "measures", "total")
        measures["instrument"] = measures["instrument"].astype(str)
        screens = _frame("screens", screens)
        _days(screens, "screens", "date")
        if not screens["positive"].isin([True, False]).all():
            raise ReportInputError(
                "screens.positive must be True or False in every row", item="screens.positive", allowed=(True, False)
            )
        screens["positive"] = screens["positive"].astype(bool)
        flags = _frame("flags", flags)
        _days(flags, "flags", "date")
        _days(flags, "flags", "resolved", empty_ok=True)
        flags["severity"] = flags["severity"].astype(str)
        if not isinstance(resolution, str) or not resolution.strip():
            raise ReportInputError(
                "resolution must say in words what 'resolved' means",
                item="resolution",
                value=resolution,
                allowed="text",
            )
        return cls(stays, attendance, measures, screens, flags, resolution.strip())

    def latest_day(self) -> dt.date:
        """The last day anything happened in these data (a stay began or ended, a session, measure or screen).

        Returns
        -------
        datetime.date
            That day; today when the tables are empty.

        Examples
        --------
        >>> import pandas as pd
        >>> stays = pd.DataFrame({"patient": [1], "episode": [1], "level": ["1"], "track": ["evening"],
        ...                       "start": ["2026-01-05"], "end": ["2026-02-27"]})
        >>> ProgrammeData.from_frames(stays).latest_day()
        datetime.date(2026, 2, 27)
        """
        import pandas as pd

        days = [
            self.stays["start"].max(),
            self.stays["end"].max(),
            self.attendance["date"].max(),
            self.measures["date"].max(),
            self.screens["date"].max(),
        ]
        days = [d for d in days if not pd.isna(d)]
        return max(days).date() if days else dt.date.today()


def _track(start: dt.time) -> str:
    """The programme track whose default start time is nearest a session's start (iopkit convention)."""
    from ..dose.schedule import TRACKS

    minutes = start.hour * 60 + start.minute
    return str(min(TRACKS, key=lambda t: abs(TRACKS[t].hour * 60 + TRACKS[t].minute - minutes)))


def programme_data(store, *, as_of: dt.date | None = None, inactive_days: int = INACTIVE_DAYS) -> ProgrammeData:
    """Read a store into :class:`ProgrammeData`.

    Stays come from placement decisions: a placement at Level 1, 2.1 or 2.5 starts a stay, the next placement
    ends it (a placement elsewhere, e.g. continuing care or residential, ends the episode at that level).  An
    episode that no placement ends is taken as ended on its last attended session when ``inactive_days`` have
    passed since then by ``as_of`` (default: the last day anything was recorded, so the same store always
    gives the same tables).  Each stay's track is that of the first scheduled session
    on or after its start (the nearest default track start time).  Critical flags of assessments are the
    safety flags; ``resolved`` is the date of the flag's closing as the patient's chart reads it, corrections of the
    flagged record included (:func:`~iopkit.placement.resolution.closing_of`, :data:`RECORDED`).

    Parameters
    ----------
    store : Store or store-like
        A :class:`~iopkit.store.Store` (read at once with :meth:`~iopkit.store.Store.snapshot`, every score
        re-derived vectorised) or anything that reads like one (``patients()`` and ``current(id)``; with
        ``history(id, kind)``, the corrections of the scored records are read too, otherwise none is assumed).
    as_of : datetime.date, optional
        The day the data are read as of (default: the last day anything was recorded); sessions after it
        are left out.
    inactive_days : int
        Days without an attended session after which an episode no placement ends counts as ended
        (default :data:`INACTIVE_DAYS`).

    Returns
    -------
    ProgrammeData
        The stays, sessions, measures, drug screens and critical flags of every patient in the store.

    Raises
    ------
    ReportInputError
        When the records read give a table :meth:`ProgrammeData.from_frames` refuses (e.g. a placement at a
        level that is not a level-of-care code).
    """
    import pandas as pd

    if callable(getattr(store, "snapshot", None)):
        store = store.snapshot()
    stays, sessions, measures, screens, flags, people = [], [], [], [], [], []
    last_day = dt.date.min
    for patient in store.patients():
        pid = patient.id
        placements, attended, raised, resolutions, assessed = [], [], [], [], []
        first = None  # the clinic's day of the first assessment: week 0, as the episode counts weeks
        for record in store.current(pid):
            item, day = record.item, clinical_day(record.taken_at)  # the clinic's day, as the chart's
            last_day = max(last_day, day)
            if record.kind == "placement":
                placements.append((day, item.level.code))
            elif record.kind == "attendance":
                done = {r.date: r.hours for r in item.records}
                last_day = max([last_day, *done])
                for s in item.schedule.sessions:
                    hours = float(done.get(s.date) or 0.0)
                    sessions.append((pid, s.date, s.hours, hours, _track(s.start)))
                    if hours > 0:
                        attended.append(s.date)
            elif record.kind == "assessment":  # flags of every form, also of one without a total (e.g. the BAM)
                assessed.append(record)
                if item.total is not None:
                    measures.append((pid, day, item.instrument, float(item.total)))
                first = day if first is None else first  # records come in the order they happened
                week = round((day - first).days / 7, 1)  # as Episode.week_of
                raised += [
                    (day, week, item.instrument, flag.code, str(record.id))
                    for flag in item.flags
                    if str(flag.severity) == "critical"
                ]
            elif record.kind == "flag_resolution":
                resolutions.append(item)
            elif record.kind == "drug_screen":
                screens.append((pid, item.collected, item.counts_as_positive))  # a prescribed medication is not
        people.append((pid, placements, sorted(attended)))
        versions = _versions(store, pid, assessed) if raised else ()
        for day, week, instrument, code, record_id in raised:
            flags.append(
                (pid, day, code, "critical", _resolved(day, week, instrument, code, record_id, resolutions, versions))
            )
    as_of = as_of if as_of is not None else (last_day if last_day > dt.date.min else dt.date.today())
    for pid, placements, attended in people:
        stays += _stays(pid, placements, attended, as_of, inactive_days)
    tracks = pd.DataFrame(
        [s for s in sessions if s[1] <= as_of], columns=["patient", "date", "planned_hours", "hours", "track"]
    )
    stay_frame = pd.DataFrame(stays, columns=["patient", "episode", "level", "start", "end", "next_level"])
    stay_frame["track"] = _stay_tracks(stay_frame, tracks)
    return ProgrammeData.from_frames(
        stay_frame,
        tracks.drop(columns="track"),
        pd.DataFrame(measures, columns=COLUMNS["measures"]),
        pd.DataFrame(screens, columns=COLUMNS["screens"]),
        pd.DataFrame(flags, columns=COLUMNS["flags"]),
        resolution=RECORDED,
    )


def _versions(store, pid, current) -> tuple:
    """Every version of the patient's scored records, corrections included (``store.history``); a store-like without
    a history holds no correction: its ``current`` assessments are their own first versions."""
    if callable(getattr(store, "history", None)):
        return tuple(store.history(pid, "assessment"))
    return tuple(current)


def _resolved(
    day: dt.date, week: float, instrument: str, code: str, record_id: str, resolutions, versions
) -> dt.date | None:
    """The day a flag was resolved: the day of its closing as the patient's chart reads it (``None`` while open).

    The closing is the resolution module's (:func:`~iopkit.placement.resolution.closing_of`), the one reading the
    chart, the continued-stay review and the store share: a resolution keyed to a record closes that record's flag
    and the same flag on its earlier records, one without a record its own week only, and a correction of the
    flagged record that raised or changed the finding reopens the flag until a closing on the corrected record.
    A closing dated before the flagged record (a date typed wrong) counts as resolved the same day, so the report
    never gives a negative time to resolution.
    """
    from ..placement.resolution import closing_of

    closing = closing_of(instrument, code, record_id, week, resolutions, versions)
    return None if closing is None else max(day, closing.on)


def _stays(pid, placements, attended, as_of, inactive_days) -> list[list]:
    """The stays of one patient from their placements (date order) and attended session days."""
    from .tables import PROGRAMME_LEVELS

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


def _stay_tracks(stays, sessions):
    """The track of each stay: that of the first session on or after its start (``unknown`` without one)."""
    import pandas as pd

    if stays.empty:
        return pd.Series([], dtype=object)
    if sessions.empty:  # no session scheduled yet (placed, not yet attending): no track to read, nothing to join
        return ["unknown"] * len(stays)
    left = stays.assign(_day=pd.to_datetime(stays["start"]), _row=range(len(stays))).sort_values("_day")
    right = sessions.assign(_day=pd.to_datetime(sessions["date"]))[["patient", "_day", "track"]].sort_values("_day")
    joined = pd.merge_asof(left, right, on="_day", by="patient", direction="forward")
    return joined.sort_values("_row")["track"].fillna("unknown").to_numpy()
