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
    ``patient``, ``date``, ``instrument`` (``"phq9"``, ``"gad7"`` ...; any name :func:`iopkit.instrument` matches,
    such as ``"PHQ-9"``, kept as its code) and ``total``.
``screens``
    ``patient``, ``date``, ``positive`` (True when any substance not prescribed was detected).
``flags``
    ``patient``, ``date`` (the flagged record's clinical date), ``code``, ``severity`` and ``resolved`` (the day it
    was first closed, empty while open), and optionally (:data:`CORRECTED`; a table without them: no correction
    bore on a flag) ``raised_by_correction`` (the day a correction that raised the flag for the first time was
    saved: the flag counts from that day; empty for a flag the record raised when first saved, and for one a
    correction raised in place of a higher finding of the record as first saved, which it lowered: physician review
    R25a 5), ``reopened`` (the
    day a correction reopened the closed flag), ``reclosed`` (the day it was closed again) and ``withdrawn`` (the day
    a correction that removed the flag was saved) and ``raised_again`` (the day a later correction raised the withdrawn
    flag again: it is back in the chart from that day, open again as after a reopening unless its earlier closing
    still answers the finding; one open again when withdrawn keeps its ``reopened`` day); ``resolution`` says in
    words what "resolved" means for these data (from a store: :data:`RECORDED`).  A flag's row holds its first
    reopening; each later one is a row of ``reopenings``.
``reopenings`` (optional)
    Each reopening of a flag after the one in its row (closed again, then reopened by a later correction, or raised
    again above its last closing): ``flag`` (the label of the flag's row of ``flags``), ``reopened`` and ``reclosed``
    (empty while open again), in the order they happened; a researcher's data without it: no flag was reopened more
    than once.
``late_flags`` (optional)
    The flags a correction saved on a later day than its record's clinical day opened again, made new or raised,
    for the director's worklist (:data:`~iopkit.report.late.LATE_COLUMNS`, :mod:`~iopkit.report.late`); a researcher's
    data without it: none known.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..dose.off_plan import counted_sessions
from ..entry import clinical_day
from ..errors import IopkitError
from ..flags import Flag, Severity, at_rule_severity, urgency
from ..in_programme import INACTIVE_DAYS
from ..in_programme import attended_days as attended_days_of
from ..in_programme import stays as stays_of
from ..placement.levels import LevelOfCare
from ..store.kinds import entered_by_staff
from .late import LATE_COLUMNS, LATE_OPTIONAL, late_flags

__all__ = [
    "COLUMNS",
    "INACTIVE_DAYS",
    "CORRECTED",
    "RECORDED",
    "REOPENING",
    "ProgrammeData",
    "ReportInputError",
    "programme_data",
]

#: Required columns of each table.
COLUMNS = {
    "stays": ("patient", "episode", "level", "track", "start", "end"),
    "attendance": ("patient", "date", "planned_hours", "hours"),
    "measures": ("patient", "date", "instrument", "total"),
    "screens": ("patient", "date", "positive"),
    "flags": ("patient", "date", "code", "severity", "resolved"),
    "late_flags": tuple(c for c in LATE_COLUMNS if c not in LATE_OPTIONAL),
    "reopenings": ("flag", "reopened", "reclosed"),
}
#: Optional columns of ``flags``: the day a correction reopened a closed flag and the day it was closed again (a table
#: without them: no flag was reopened).
REOPENING = ("reopened", "reclosed")
#: Every optional column of ``flags``, each a day a correction of the flagged record bore on the flag (a table without
#: them: none did): the day a correction raised it for the first time, reopened it, it was closed again, the day a
#: correction withdrew it, and the day a later correction raised the withdrawn flag again.
CORRECTED = ("raised_by_correction", *REOPENING, "withdrawn", "raised_again")
#: What "closed" means for flags read from a store, in words a programme director reads under the safety table: the
#: first closing as the patient's chart showed it (:func:`~iopkit.placement.resolution.closing_of`), and how a later
#: correction of the flagged record is counted (:func:`programme_data`).
RECORDED = (
    "the day a clinician first recorded what was done about the flag (who assessed the patient, when, the risk "
    "found) on that questionnaire or a later one of the same kind, as the chart showed it then."
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


def _levels(frame, name: str, column: str, *, empty_ok: bool = False) -> None:
    """Level-of-care codes as text; a code no level has refused, and a blank one unless ``empty_ok`` (a stay's
    own level is required: a stay without one would count in the programme's rows and in no level's)."""
    given = frame[column]
    if not empty_ok and given.isna().any():
        rows = frame.index[given.isna()].tolist()[:5]
        raise ReportInputError(
            f"{name}.{column} is empty in row(s) {rows}: every stay is at a level of care",
            item=f"{name}.{column}",
            value=None,
            allowed="a level-of-care code in every row",
        )
    for code in given.dropna().astype(str).unique():
        try:
            LevelOfCare.from_code(code)
        except (ValueError, KeyError, IopkitError):
            hint = (
                f" (the column holds numbers, so '1' reads as '1.0': read it as text, e.g. "
                f"pandas.read_csv(..., dtype={{{column!r}: str}}))"
                if given.dtype.kind == "f"
                else ""
            )
            raise ReportInputError(
                f"{name}.{column}: {code!r} is not a level-of-care code{hint}",
                item=f"{name}.{column}",
                value=code,
                allowed=tuple(lv.code for lv in LevelOfCare),
            ) from None
    frame[column] = given.where(given.isna(), given.astype(str))


def _instruments(frame, name: str, column: str) -> None:
    """Each instrument name as its catalogue code, matched as scoring matches it (:func:`iopkit.instrument`:
    ``"PHQ-9"`` = ``"PHQ9"`` = ``"phq9"``), so the report counts every measure under one code; a blank name or one
    iopkit does not know is refused (never counted as no measure)."""
    from ..errors import UnknownInstrumentError
    from ..instruments import CATALOGUE, get

    given = frame[column]
    if given.isna().any():
        rows = frame.index[given.isna()].tolist()[:5]
        raise ReportInputError(
            f"{name}.{column} is empty in row(s) {rows}: every measure names its instrument",
            item=f"{name}.{column}",
            value=None,
            allowed=tuple(CATALOGUE),
        )
    text = given.astype(str)
    codes = {}
    for value in text.unique():
        try:
            codes[value] = get(value).code
        except UnknownInstrumentError:
            rows = frame.index[text == value].tolist()[:5]
            raise ReportInputError(
                f"{name}.{column}: {value!r} (row(s) {rows}) is not an instrument iopkit knows; allowed: "
                f"{', '.join(CATALOGUE)} (case, spaces, hyphens and underscores do not matter: 'PHQ-9' is 'phq9')",
                item=f"{name}.{column}",
                value=value,
                allowed=tuple(CATALOGUE),
            ) from None
    frame[column] = text.map(codes)


#: The order of a flag's days: (later, earlier, whether the later needs the earlier filled).
_ORDER = (
    ("reopened", "resolved", True),  # only a closed flag is reopened
    ("reclosed", "reopened", True),  # only a reopened flag is closed again
    ("raised_by_correction", "date", False),  # a correction is saved on or after the record's clinical date
    ("resolved", "raised_by_correction", False),  # never closed before it was raised
    ("withdrawn", "date", False),
    ("withdrawn", "raised_by_correction", False),
    ("raised_again", "withdrawn", True),  # only a withdrawn flag is raised again
)
#: The days nothing happens on while a flag is withdrawn: each before it was withdrawn or on or after it was raised
#: again.
_WHILE_WITHDRAWN = ("resolved", "reopened", "reclosed")


def _in_order(flags) -> None:
    """A flag's days in the order they can happen (:data:`_ORDER`): e.g. reopened only after it was resolved, closed
    again only after it was reopened, nothing after it was withdrawn."""
    for later, earlier, needed in _ORDER:
        after, before = flags[later], flags[earlier]
        wrong = after.notna() & ((before.isna() & needed) | (after < before))
        if wrong.any():
            rows = flags.index[wrong].tolist()[:5]
            must = f"on or after flags.{earlier}, which must be filled" if needed else f"on or after flags.{earlier}"
            raise ReportInputError(
                f"flags.{later} must be {must}: not so in row(s) {rows}",
                item=f"flags.{later}",
                value=after[wrong].dt.date.tolist()[:5],
                allowed=f"empty, or a day on or after {earlier}",
            )
    gone = flags["withdrawn"]
    for column in _WHILE_WITHDRAWN:
        day = flags[column]
        wrong = (
            day.notna()
            & gone.notna()
            & (day > gone)
            & ~(flags["raised_again"].notna() & (day >= flags["raised_again"]))
        )
        if wrong.any():
            rows = flags.index[wrong].tolist()[:5]
            raise ReportInputError(
                f"flags.{column} must be on or before flags.withdrawn, or on or after flags.raised_again: nothing "
                f"happens to a withdrawn flag: not so in row(s) {rows}",
                item=f"flags.{column}",
                value=day[wrong].dt.date.tolist()[:5],
                allowed="empty, a day on or before withdrawn, or one on or after raised_again",
            )


def _reopened_again(flags, later) -> None:
    """Each later reopening of a flag (``later``, the ``reopenings`` table) in the order it can happen: of a row of
    ``flags`` (its label), reopened on or after the day the flag's reopening before it was closed again (which must
    be filled), closed again on or after it was reopened, and nothing while the flag was withdrawn."""
    import pandas as pd

    if later.empty:
        return
    if not flags.index.is_unique:
        raise ReportInputError(
            "flags must have one row per label of its index when reopenings name its rows",
            item="flags",
            value=flags.index[flags.index.duplicated()].tolist()[:5],
            allowed="unique row labels",
        )
    unknown = ~later["flag"].isin(flags.index)
    if unknown.any():
        rows = later.index[unknown].tolist()[:5]
        raise ReportInputError(
            f"reopenings.flag must be the label of a row of flags: not so in row(s) {rows}",
            item="reopenings.flag",
            value=later.loc[unknown, "flag"].tolist()[:5],
            allowed="a label of flags' index",
        )
    later = later.sort_values(["flag", "reopened"], kind="stable")
    flag = flags.loc[later["flag"]].set_axis(later.index)
    before = later.groupby("flag", sort=False)["reclosed"].shift(1)
    first = ~later["flag"].duplicated()
    before = before.where(~first, flag["reclosed"])  # the first later one follows the row's own reopening
    gone, back = flag["withdrawn"], flag["raised_again"]
    wrong = pd.Series(False, index=later.index)
    for column in ("reopened", "reclosed"):
        day = later[column]
        wrong |= day.notna() & gone.notna() & (day > gone) & ~(back.notna() & (day >= back))
    wrong |= before.isna() | (later["reopened"] < before) | (later["reclosed"] < later["reopened"])
    if wrong.any():
        rows = later.index[wrong].tolist()[:5]
        raise ReportInputError(
            "reopenings.reopened must be on or after the day the flag's reopening before it was closed again (the "
            "row's own reclosed first, which must be filled), reclosed on or after reopened, and neither while the "
            f"flag was withdrawn: not so in row(s) {rows}",
            item="reopenings",
            value=later.loc[wrong, "reopened"].dt.date.tolist()[:5],
            allowed="a reopening after the one before it was closed again",
        )


@dataclass(frozen=True)
class ProgrammeData:
    """The programme's records: five required tables, two optional (their columns: the module documentation).

    Build it with :meth:`from_frames` (checks and normalises every column) or :func:`programme_data`.

    Parameters
    ----------
    stays, attendance, measures, screens, flags : pandas.DataFrame
        The five required tables, already checked and normalised (the constructor itself checks nothing).
    resolution : str
        In words, what "resolved" means for the flags of these data.
    late_flags : pandas.DataFrame, optional
        The flags late corrections opened again, made new or raised (:data:`~iopkit.report.late.LATE_COLUMNS`);
        None: none known.
    reopenings : pandas.DataFrame, optional
        Each reopening of a flag after its first (``flag``, the label of its row of ``flags``; ``reopened``,
        ``reclosed``); None: none.

    Notes
    -----
    The tables are read, never changed: a report computes what does not depend on its date range (the episodes,
    each event at its stay, the critical flags ...) once per ``ProgrammeData`` and keeps it on the object
    (:meth:`_derived`), so the next range reuses it (issue 12).  That is safe because the object is frozen (its tables
    cannot be replaced) and nothing in iopkit writes into its tables: a programme read again is a new
    ``ProgrammeData`` (the programme page builds one on each reading), with nothing kept.  Do not change a table in
    place after the first report (``data.stays.loc[...] = ...``): build new data with :meth:`from_frames` instead.
    """

    stays: Any
    attendance: Any
    measures: Any
    screens: Any
    flags: Any
    resolution: str = "the day the flag was resolved, as recorded"
    late_flags: Any = None
    reopenings: Any = None
    #: What the reports computed from these tables whatever their range, by name (:meth:`_derived`); never compared,
    #: printed or passed in (a copy made by :func:`dataclasses.replace` starts empty).
    _kept: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def _derived(self, name: str, build: Callable[[], Any]) -> Any:
        """What ``build()`` computes from these tables, computed on the first call for ``name`` and kept for the next.

        Only for what depends on the tables alone (never on a report's range), and read, never changed, by whoever
        receives it: a frame kept here is shared by every report of these data.

        Parameters
        ----------
        name : str
            What is kept (one name per function of the tables).
        build : callable
            Computes it from the tables (no argument).

        Returns
        -------
        object
            The value built for ``name``.
        """
        try:
            return self._kept[name]
        except KeyError:
            value = self._kept[name] = build()
            return value

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
        late_flags=None,
        reopenings=None,
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
        late_flags : pandas.DataFrame, optional
            The flags late corrections opened again, made new or raised, for the director's worklist
            (:data:`~iopkit.report.late.LATE_COLUMNS`; absent: none known).
        reopenings : pandas.DataFrame, optional
            Each reopening of a flag after its first, one row each (columns in the module documentation; absent:
            none).

        Returns
        -------
        ProgrammeData
            Copies of the tables with dates as days, levels and instruments as codes and hours as numbers; stays
            sorted by
            patient, episode and start, with ``next_level`` derived when absent.

        Raises
        ------
        ReportInputError
            A missing column, a stay without a level or with an unknown level code, a measure without an
            instrument or naming one iopkit does not know, a date that is not a date, a stay that ends before it
            starts, hours that are negative or missing, a table that is not a DataFrame, a drug screen
            not True or False, a flag's days out of order (reopened without being resolved first or before it,
            closed again without being reopened or before it, raised by a correction before its date, closed before
            it was raised, anything after it was withdrawn and before it was raised again, raised again without
            being withdrawn or before it), an empty ``resolution``, a ``late_flags`` table without the columns of
            :data:`~iopkit.report.late.LATE_COLUMNS` or with a day that is not a date, or a later reopening of no
            row of ``flags`` or out of order (before the reopening before it was closed again, while the flag was
            withdrawn).

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
        _levels(stays, "stays", "next_level", empty_ok=True)
        attendance = _frame("attendance", attendance)
        _days(attendance, "attendance", "date")
        for column in ("planned_hours", "hours"):
            _numbers(attendance, "attendance", column)
        measures = _frame("measures", measures)
        _days(measures, "measures", "date")
        _numbers(measures, "measures", "total")
        _instruments(measures, "measures", "instrument")
        screens = _frame("screens", screens)
        _days(screens, "screens", "date")
        if not screens["positive"].isin([True, False]).all():
            raise ReportInputError(
                "screens.positive must be True or False in every row", item="screens.positive", allowed=(True, False)
            )
        screens["positive"] = screens["positive"].astype(bool)
        flags = _frame("flags", flags)
        _days(flags, "flags", "date")
        for column in ("resolved", *CORRECTED):
            if column not in flags.columns:
                flags[column] = None  # an older table: no correction bore on a flag
            _days(flags, "flags", column, empty_ok=True)
        _in_order(flags)
        flags["severity"] = flags["severity"].astype(str)
        if not isinstance(resolution, str) or not resolution.strip():
            raise ReportInputError(
                "resolution must say in words what 'resolved' means",
                item="resolution",
                value=resolution,
                allowed="text",
            )
        late = _frame("late_flags", late_flags)
        for column in ("date", "corrected"):
            _days(late, "late_flags", column)
        for column in ("closed", "superseded", "on_site", *LATE_OPTIONAL):
            if column in late.columns:
                _days(late, "late_flags", column, empty_ok=True)
        _numbers(late, "late_flags", "urgency")
        later = _frame("reopenings", reopenings)
        _days(later, "reopenings", "reopened")
        _days(later, "reopenings", "reclosed", empty_ok=True)
        _reopened_again(flags, later)
        return cls(stays, attendance, measures, screens, flags, resolution.strip(), late, later)

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
        return max(days).date() if days else clinical_day()


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
    safety flags; ``resolved`` is the date of the flag's first closing as the patient's chart read it
    (:func:`~iopkit.placement.resolution.closing_of`), ``reopened`` the day a correction that raised its finding was
    saved (:func:`~iopkit.placement.resolution.reopened_by_corrections`) and ``reclosed`` the date of the closing on
    the corrected record (:data:`RECORDED`).  Every version of a corrected record is read: a flag its first version
    did not raise is ``raised_by_correction`` on the day the correction that raised it was saved (its ``date`` stays
    the record's clinical date), unless that correction lowered a higher finding (a C-SSRS screen's high risk
    corrected to moderate or low): it counts from when that finding was known, the record's clinical date when its
    first version raised it (physician review R25a 5: a correction changes the level, not when the danger sign was
    known), and a flag an earlier version raised that the current one does not is a row of its
    own, ``withdrawn`` on the day the correction that removed it was saved, with its days as the chart read them
    until then; a later correction raising it again brings that row back (``raised_again``), never a second flag.
    A flag reopened more than once keeps each reopening: the first in its row, each later one a row of
    ``reopenings``.

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
    stays, sessions, measures, screens, flags, people, late = [], [], [], [], [], [], []
    last_day = dt.date.min
    for patient in store.patients():
        pid = patient.id
        placements, logs, plans, raised, resolutions, assessed, collected = [], [], [], [], [], [], []
        weeks: dict[str, float] = {}
        first = None  # the clinic's day of the first assessment: week 0, as the episode counts weeks
        for record in store.current(pid):
            item, day = record.item, clinical_day(record.taken_at)  # the clinic's day, as the chart's
            last_day = max(last_day, day)
            if record.kind == "placement":
                placements.append((day, item.level.code))
            elif record.kind == "attendance":
                last_day = max([last_day, *(r.date for r in item.records)])
                logs.append(record)
            elif record.kind == "schedule":
                plans.append(record)
            elif record.kind == "assessment":  # flags of every form, also of one without a total (e.g. the BAM)
                assessed.append(record)
                if item.total is not None:
                    measures.append((pid, day, item.instrument, float(item.total)))
                first = day if first is None else first  # records come in the order they happened
                week = round((day - first).days / 7, 1)  # as Episode.week_of
                weeks[str(record.id)] = week
                if getattr(record, "amends", None) is not None:  # corrected: its flags are read from every version
                    raised.append((day, week, item.instrument, "", record))
                    continue
                raised += [
                    (day, week, item.instrument, flag.code, record)
                    for flag in item.flags
                    if at_rule_severity(flag).severity is Severity.CRITICAL  # an old record at its rule's (R23c A5)
                ]
            elif record.kind == "flag_resolution":
                resolutions.append(item)
            elif record.kind == "drug_screen":
                screens.append((pid, item.collected, item.counts_as_positive))  # a prescribed medication is not
                collected.append(item.collected)
        # each session once over the patient's logs: a newer plan's log carries the earlier one's sessions; the newest
        # plan read from its first session before any attendance on it; a log set aside plans nothing
        plans = list(store.history(pid, "schedule")) if callable(getattr(store, "history", None)) and plans else plans
        sessions += [
            (pid, s.session.date, s.session.hours, s.delivered, _track(s.session.start))
            for s in counted_sessions(logs, plans)
        ]
        attended = attended_days_of(r.item for r in logs)  # the caseload's reading too (iopkit.in_programme)
        people.append((pid, placements, attended))
        versions = _versions(store, pid, assessed) if raised else ()
        reopened = _Reopenings(resolutions, versions)  # each set of versions read once for every flag
        if any(getattr(v, "amends", None) is not None for v in versions):  # a correction, now or before
            on_site = [  # the days Episode.last_seen reads, each with what for (late.ON_SITE_AS)
                *((d, "attended") for d in attended),
                *((clinical_day(r.taken_at), "assessment") for r in assessed if entered_by_staff(r)),
                *((d, "drug screen") for d in collected),
            ]
            late += late_flags(getattr(patient, "pseudonym", pid), versions, resolutions, weeks, reopened, on_site)
        for day, week, instrument, code, record in raised:
            if not code:  # a corrected record: a row per flag any of its versions raised
                flags += [(pid, *row) for row in _corrected_flags(record, day, week, resolutions, versions, reopened)]
                continue
            closed, pairs = _resolved(day, week, instrument, code, str(record.id), resolutions, versions, reopened)
            flags.append((pid, day, code, "critical", closed, None, pairs, None, None))
    as_of = as_of if as_of is not None else (last_day if last_day > dt.date.min else clinical_day())
    for pid, placements, attended in people:
        stays += _stays(pid, placements, attended, as_of, inactive_days)
    tracks = pd.DataFrame(
        [s for s in sessions if s[1] <= as_of], columns=["patient", "date", "planned_hours", "hours", "track"]
    )
    stay_frame = pd.DataFrame(stays, columns=["patient", "episode", "level", "start", "end", "next_level"])
    stay_frame["track"] = _stay_tracks(stay_frame, tracks)
    rows, later = [], []  # a flag's first reopening in its row, each later one in reopenings (its row's label)
    for i, (*head, pairs, withdrawn, back) in enumerate(flags):
        rows.append((*head, *(pairs[0] if pairs else (None, None)), withdrawn, back))
        later += [(i, *p) for p in pairs[1:]]
    return ProgrammeData.from_frames(
        stay_frame,
        tracks.drop(columns="track"),
        pd.DataFrame(measures, columns=COLUMNS["measures"]),
        pd.DataFrame(screens, columns=COLUMNS["screens"]),
        pd.DataFrame(rows, columns=[*COLUMNS["flags"], *CORRECTED]),
        resolution=RECORDED,
        late_flags=pd.DataFrame(late, columns=LATE_COLUMNS),
        reopenings=pd.DataFrame(later, columns=COLUMNS["reopenings"]),
    )


def _versions(store, pid, current) -> tuple:
    """Every version of the patient's scored records, corrections included (``store.history``); a store-like without
    a history holds no correction: its ``current`` assessments are their own first versions."""
    if callable(getattr(store, "history", None)):
        return tuple(store.history(pid, "assessment"))
    return tuple(current)


class _Reopenings:
    """The flags a correction reopened (:func:`~iopkit.placement.resolution.reopened_by_corrections`) of one patient,
    whose ``resolutions`` are fixed, over the versions the store held at one moment or another (:meth:`of`): each set
    of versions is read once, however many flags and corrections ask for it; none without a correction.  ``now``:
    over every version (the chart as it stands)."""

    def __init__(self, resolutions, versions) -> None:
        self._resolutions = tuple(resolutions)
        self._read: dict[tuple[str, ...], dict] = {}
        self.now = self.of(versions)

    def of(self, versions) -> dict:
        """The patient's flags a correction reopened while the store held ``versions``."""
        key = tuple(str(v.id) for v in versions)
        if key not in self._read:
            if any(getattr(v, "amends", None) is not None for v in versions):
                from ..placement.resolution import reopened_by_corrections

                self._read[key] = reopened_by_corrections(self._resolutions, versions)
            else:
                self._read[key] = {}
        return self._read[key]


def _as_held(versions, chain: tuple[str, ...], at: int) -> list:
    """The versions of the scored records as the store held them while ``chain[at]`` was the current version of its
    record (its later corrections not yet saved)."""
    later = set(chain[at + 1 :])
    return [v for v in versions if str(v.id) not in later]


def _corrected_flags(record, day: dt.date, week: float, resolutions, versions, reopened) -> list[tuple]:
    """The critical flags of a corrected record, each as a row (date, code, severity, then :data:`CORRECTED`'s days
    in the order of the flags table).

    Every version of the record is read (:func:`~iopkit.placement.resolution.correction_chain`).  A flag's life is a run
    of versions raising it: one the record's first version raised dates from the record's clinical date; one a
    correction raised first dates from the day that correction was saved (``raised_by_correction``; ``date`` stays the
    record's clinical date, the flag's day in the chart), one it raised in place of a higher finding it lowered from
    when that finding was known (:func:`_known_from`, physician review R25a 5).  A run the current version ends is the
    flag the chart shows (its days: :func:`_resolved`); an earlier run was withdrawn on the day the correction that
    removed the flag was saved, its days read as the store held them until then and none after.  A closing carried to a
    flag from an earlier version's (a covered lower finding) dates from the day it was raised, so no day comes before
    another.
    A flag a correction withdrew and a later one raised again is one row, the withdrawn flag back (:func:`_back`):
    never a second flag whose closing would be one recorded before it was raised.  One the chart keeps open on the
    current version though withdrawn (:attr:`~iopkit.placement.resolution.AfterCorrection.WITHDRAWN`: a C-SSRS
    screen's high risk never closed) is never withdrawn: one life from its first raise to its closing on the current
    version, as the chart reads it.
    """
    from ..placement.resolution import AfterCorrection, correction_chain

    chain = correction_chain(str(record.id), versions)
    by_id = {str(v.id): v for v in versions}
    held = [by_id[rid] for rid in chain if rid in by_id]
    if [str(v.id) for v in held] != list(chain):  # a history without the record's versions: its current flags only
        held, chain = [record], (str(record.id),)

    def critical(v) -> list[str]:
        return [f.code for f in getattr(v.item, "flags", ()) if at_rule_severity(f).severity is Severity.CRITICAL]

    codes = list(dict.fromkeys(code for v in reversed(held) for code in critical(v)))  # the current version's first
    raised = [set(critical(v)) for v in held]
    out = []
    for code in codes:
        runs, at = [], 0
        while at < len(chain):
            if code not in raised[at]:
                at += 1
                continue
            end = at
            while end + 1 < len(chain) and code in raised[end + 1]:
                end += 1
            runs.append((at, end))
            at = end + 1
        args = (day, week, record, resolutions, versions, reopened, by_id)
        kept = reopened.of(versions).get((chain[-1], code))
        if kept is not None and kept.kind is AfterCorrection.WITHDRAWN:  # kept open by the chart: never withdrawn
            out.append((*_life(code, chain, runs[0][0], len(chain) - 1, *args), None))
        elif len(runs) == 1:
            out.append((*_life(code, chain, *runs[0], *args), None))
        elif runs[-1][1] < len(chain) - 1:  # withdrawn again at the end: one life from its first raise, gaps ignored
            out.append((*_life(code, chain, runs[0][0], runs[-1][1], *args), None))
        else:
            out.append(_back(code, chain, runs, *args))
    return out


def _back(code, chain, runs, day, week, record, resolutions, versions, reopened, by_id) -> tuple:
    """A flag withdrawn by a correction (its first run of versions, ``runs[0]``) and raised again by a later one (the
    run the current version ends, ``runs[-1]``): the withdrawn flag back in the chart from the day the correction that
    raised it again was saved (``raised_again``), never a new flag.

    Its earlier days stay as the chart read them until it was withdrawn.  If a closing on or before that day still
    answers the finding (the chart shows it closed: e.g. item 9 1 -> 0 -> 1, the risk assessment recorded for item 9 =
    1 covering it), it is back closed; otherwise a flag closed before is open again from that day, exactly as after a
    reopening, until the closing on the corrected questionnaire (a reopening of its own, after any it had before it
    was withdrawn), and one never closed is open until its first closing.  One open again when it was withdrawn
    (reopened by a correction, not closed again) keeps its reopening day: open again from then, withdrawn from
    ``withdrawn`` to ``raised_again``, until the closing on the corrected questionnaire, so a report ending before it
    was withdrawn reads it open again, as the chart did.
    Runs between the first and the last (withdrawn and raised again more than once) are read as withdrawn.
    """
    (at, end), args = runs[0], (day, week, record, resolutions, versions, reopened, by_id)
    first = _life(code, chain, at, end, *args)
    _, _, _, resolved, raised_on, pairs, withdrawn = first
    pairs = list(pairs)
    back = max(clinical_day(by_id[chain[runs[-1][0]]].saved_at), withdrawn)
    now_day = clinical_day(by_id[chain[-1]].taken_at)
    closing, now = _resolved(now_day, week, record.item.instrument, code, chain[-1], resolutions, versions, reopened)
    closed = now[-1][1] if now else closing  # as the chart reads it now (None: open)
    still_open = bool(pairs) and pairs[-1][1] is None  # open again when withdrawn
    if closed is not None and (closed <= withdrawn or closed < back):  # an earlier closing still answers: back closed
        if resolved is None:  # a closing recorded while it was withdrawn: closed the day it came back
            resolved = back
        elif still_open:  # open again when withdrawn, answered when back
            pairs[-1] = (pairs[-1][0], back)
    elif resolved is None:  # never closed: open from its first raise, until its first closing
        resolved = closed
    elif still_open:  # open again when withdrawn: its reopening stays, the gap withdrawn
        pairs[-1] = (pairs[-1][0], closed)
    else:  # closed before: open again from the day it came back until closed on the corrected questionnaire
        after = [p for p in now if p[0] >= back]  # as the chart read it since, each reopening its own
        pairs += after if after and after[0][0] == back else [(back, closed)]
    return (first[0], code, "critical", resolved, raised_on, tuple(pairs), withdrawn, back)


def _life(code, chain, at, end, day, week, record, resolutions, versions, reopened, by_id) -> tuple:
    """One flag of a corrected record raised by versions ``chain[at]`` to ``chain[end]`` (:func:`_corrected_flags`):
    (date, code, severity, resolved, raised_by_correction, its reopenings as (reopened, reclosed) pairs, withdrawn)."""
    instrument = record.item.instrument
    known = _known_from(code, chain, at, by_id)  # a lowered finding: the day the higher one was known (R25a 5)
    raised_on = None if known == 0 else clinical_day(by_id[chain[known]].saved_at)
    if end == len(chain) - 1:  # the flag the chart shows
        resolved, pairs = _resolved(day, week, instrument, code, chain[end], resolutions, versions, reopened)
        withdrawn = None
    else:  # removed by the next correction: as the store held it until then
        held = _as_held(versions, chain, end)
        day = clinical_day(by_id[chain[end]].taken_at)
        resolved, pairs = _resolved(day, week, instrument, code, chain[end], resolutions, held, reopened)
        withdrawn = clinical_day(by_id[chain[end + 1]].saved_at)
        resolved = None if resolved is None or resolved > withdrawn else resolved
        pairs = tuple((on, None if off is None or off > withdrawn else off) for on, off in pairs if on <= withdrawn)
        withdrawn = max(withdrawn, day, raised_on or day)
    if raised_on is not None:
        raised_on = max(raised_on, day)
        resolved = None if resolved is None else max(resolved, raised_on)
        pairs = tuple((max(on, raised_on), None if off is None else max(off, raised_on)) for on, off in pairs)
    return (day, code, "critical", resolved, raised_on, pairs, withdrawn)


def _known_from(code: str, chain, at: int, by_id) -> int:
    """The version of a corrected record (its index in ``chain``) from which the danger sign of flag ``code``, raised
    by ``chain[at]``, was known: ``at`` itself, unless the correction that raised it lowered a higher finding of the
    version before (that version's most urgent critical safety flag, which the correction removed, and of which this
    one is a lower finding: :func:`~iopkit.placement.resolution._lowered`, e.g. a C-SSRS screen entered as high risk,
    corrected to moderate or low risk); then from when that one was known (0: the record's first version, the flag
    counts from the record's clinical date). A correction changes the level, not when the danger sign was known
    (physician review R25a 5)."""
    from ..placement._calls import SAFETY_CALLS, calls_for
    from ..placement.resolution import _lowered

    def critical(v) -> list[Flag]:
        return [
            f
            for f in getattr(v.item, "flags", ())
            if at_rule_severity(f).severity is Severity.CRITICAL and calls_for(f) in SAFETY_CALLS
        ]

    while at > 0:
        before, now = by_id[chain[at - 1]], by_id[chain[at]]
        flag = next((f for f in critical(now) if f.code == code), None)
        was = min(critical(before), key=urgency, default=None)
        if flag is None or was is None or any(f.code == was.code for f in critical(now)):
            return at
        if not _lowered(was, before.item, now.item, flag):
            return at
        code, at = was.code, at - 1
        while at > 0 and any(f.code == code for f in critical(by_id[chain[at - 1]])):
            at -= 1  # back to the version that first raised the higher finding
    return at


def _resolved(
    day: dt.date, week: float, instrument: str, code: str, record_id: str, resolutions, versions, reopened
) -> tuple[dt.date | None, tuple[tuple[dt.date, dt.date | None], ...]]:
    """The day a flag was first closed (``None`` while it never was) and each time a correction reopened it: the day
    it was reopened and the day it was closed again (``None`` while open), in order; none when it never was.

    The closing is the resolution module's (:func:`~iopkit.placement.resolution.closing_of`), the one reading the
    chart, the continued-stay review and the store share: a resolution keyed to a record closes that record's flag
    and the same flag on its earlier records, one without a record its own week only.  A flag a correction reopened
    (:func:`~iopkit.placement.resolution.reopened_by_corrections`, read from ``reopened``, the patient's
    :class:`_Reopenings`: the same flag, its finding raised or otherwise changed) keeps its first closing, as the
    chart read it before the correction (the record's earlier versions, read without their later corrections); it is
    reopened on the day the first correction that reopened it was saved, and closed again by the closing on the
    corrected record.  Each version is read as the store held it while it was the current one: a closing on it dated
    by the day the next correction was saved closes the reopening; a later correction that reopened the flag closed
    again (its finding above what that closing answered) is a reopening of its own, from the day it was saved, as the
    chart read it.  A correction saved before the first closing reopened nothing: the flag was open then, and its
    closing is the one on the corrected record.  A day typed before the one it follows counts as that day (a closing
    before its flag as the flag's day, a re-closing before the correction as the correction's day), so the report
    never gives a negative number of days.
    """
    from ..placement.resolution import AfterCorrection, closing_of, correction_chain

    closing = closing_of(instrument, code, record_id, week, resolutions, versions)
    now = None if closing is None else max(day, closing.on)
    again = reopened.of(versions).get((record_id, code))
    if again is None or again.kind is not AfterCorrection.OPEN_AGAIN:
        return now, ()
    chain = correction_chain(record_id, versions)
    flagged = {str(v.id) for v in versions if any(f.code == code for f in getattr(v.item, "flags", ()))}
    saved = {str(v.id): clinical_day(v.saved_at) for v in versions}

    def then(i: int) -> list:  # the versions as the store held them while chain[i] was the current one
        return [v for v in versions if str(v.id) not in chain[i + 1 :]]

    def open_again(i: int):  # the flag reopened on chain[i] as the store held it then, or None
        r = reopened.of(then(i)).get((chain[i], code))
        return r if r is not None and r.kind is AfterCorrection.OPEN_AGAIN else None

    first = next(
        (
            c
            for i in range(len(chain) - 1)
            if chain[i] in flagged and (c := closing_of(instrument, code, chain[i], week, resolutions, then(i)))
        ),
        None,
    )
    at = next((j for j in range(1, len(chain)) if open_again(j) is not None), len(chain) - 1)
    corrected = (open_again(at) or again).corrected_on
    if first is None or first.on > corrected:  # open when corrected: nothing was reopened
        return now, ()
    resolved = max(day, first.on)
    pairs: list[tuple[dt.date, dt.date | None]] = []
    start: dt.date | None = max(resolved, corrected)
    shut = resolved  # the day it was last closed
    for j in range(at, len(chain)):
        last = j == len(chain) - 1
        c = closing if last else closing_of(instrument, code, chain[j], week, resolutions, then(j))
        if start is None:  # closed again: reopened by this correction unless a closing since answers it
            r = open_again(j)
            if r is None or (c is not None and c.on <= shut):
                continue
            start = max(shut, r.corrected_on)
        if c is not None and (last or c.on <= saved[chain[j + 1]]):  # closed before the next correction was saved
            shut = max(start, c.on)
            pairs.append((start, shut))
            start = None
    if start is not None:
        pairs.append((start, None))
    return resolved, tuple(pairs)


def _stays(pid, placements, attended, as_of, inactive_days) -> list[list]:
    """The stays of one patient from their placements (date order) and attended session days: the caseload's rule
    too (:func:`iopkit.in_programme.stays`)."""
    return stays_of(pid, placements, attended, as_of, inactive_days)


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
