"""The director's programme report: census, flow, retention, dose, measurement-based care, screens, safety.

:func:`programme_report` turns :class:`~iopkit.report.ProgrammeData` (from a store or a researcher's tables)
into a frozen :class:`ProgrammeReport` for a date range, per level of care and track, with a row per level
for all tracks and one for the whole programme (``"all"``).  Every rate carries its counts and a Wilson 95 %
interval (Wilson 1927); retention is a Kaplan-Meier estimate (:func:`iopkit.dose.kaplan_meier`) with its
log-log interval, compared between admission levels by a log-rank test (:func:`iopkit.dose.log_rank`).
Every definition the report uses is in :data:`DEFINITIONS`, printed with the report.

Examples
--------
>>> import pandas as pd
>>> from iopkit.report import ProgrammeData
>>> stays = pd.DataFrame({"patient": [1, 2], "episode": [1, 1], "level": ["2.1", "2.1"],
...                       "track": ["evening", "evening"], "start": ["2026-01-05", "2026-01-12"],
...                       "end": ["2026-02-13", None]})
>>> report = programme_report(ProgrammeData.from_frames(stays), "2026-01-01", "2026-03-31")
>>> report.tables["census"].set_index(["level", "track"]).loc[("2.1", "evening"),
...     ["admissions", "discharges", "census_end"]].tolist()
[2, 1, 1]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .data import ProgrammeData, ReportInputError
from .late import _late_in_order, _open_late_flags
from .tables import ALL, DEFINITIONS, MEASURES, MINIMUM_HOURS, PROGRAMME_LEVELS, wilson_interval

__all__ = [
    "ALL",
    "DEFINITIONS",
    "MEASURES",
    "MINIMUM_HOURS",
    "PROGRAMME_LEVELS",
    "ProgrammeReport",
    "programme_report",
    "wilson_interval",
]


def _as_day(value, name: str):
    import pandas as pd

    try:
        day = pd.Timestamp(value).normalize()
    except (ValueError, TypeError):
        raise ReportInputError(
            f"{name} must be a date (got {value!r})", item=name, value=value, allowed="a date"
        ) from None
    if day is pd.NaT:
        raise ReportInputError(f"{name} must be a date (got {value!r})", item=name, value=value, allowed="a date")
    return day.tz_localize(None) if day.tzinfo else day


@dataclass(frozen=True)
class ProgrammeReport:
    """The programme report for one date range: a table per topic, the retention curves and the definitions.

    ``tables`` gives fresh copies (name -> DataFrame), so the report itself never changes.

    Parameters
    ----------
    start, end : datetime.date
        The first and last day of the range.
    _tables : Mapping of str to pandas.DataFrame
        Every table by name (read through :attr:`tables`).
    curves : tuple
        The retention curves: (label, days, share still in treatment) per admission level.
    resolution : str
        In words, what "resolved" means for the safety flags.
    retention_comparison : str
        The log-rank comparison of retention between admission levels in words, or why it was not made.
    definitions : Mapping of str to str
        What every number means (default :data:`DEFINITIONS`).
    _late_flags : pandas.DataFrame, optional
        The director's worklist (read through :attr:`late_flags`).
    """

    start: dt.date
    end: dt.date
    _tables: Mapping[str, Any] = field(repr=False)
    curves: tuple[tuple[str, tuple[float, ...], tuple[float, ...]], ...] = ()
    resolution: str = ""
    #: The log-rank comparison of retention between admission levels in words, or why it was not made.
    retention_comparison: str = ""
    definitions: Mapping[str, str] = field(default_factory=lambda: DEFINITIONS)
    _late_flags: Any = field(default=None, repr=False)

    @property
    def tables(self) -> dict[str, Any]:
        """Every table by name, as copies (``census``, ``level_changes``, ``length_of_stay`` ...)."""
        return {name: table.copy() for name, table in self._tables.items()}

    @property
    def late_flags(self) -> Any:
        """The director's worklist: every safety flag a correction saved on a later day than its record's clinical day
        opened again, made new, raised, raised again or lowered, still open on the report's last day, by the step it
        says first (contact the patient now, then today, then the rest; :func:`~iopkit.report.late.open_late_flags`;
        iopkit's own rule).

        Returns
        -------
        pandas.DataFrame
            A copy, with the columns of :data:`~iopkit.report.late.WORKLIST`; empty when none is open.
        """
        import pandas as pd

        from .late import WORKLIST

        if self._late_flags is None:
            return pd.DataFrame(columns=list(WORKLIST))
        return self._late_flags.copy()

    def to_csv(self, folder) -> tuple:
        """Write one CSV per table into ``folder`` (created if needed), each readable by its owner only.

        The tables are totals, but a small programme's counts can still point at a patient, so they are
        kept as private as the store they come from (mode 0600, :func:`iopkit._files.private_output`).

        Parameters
        ----------
        folder : str or pathlib.Path
            Where the files ``programme_<table>.csv`` go.

        Returns
        -------
        tuple of pathlib.Path
            The paths written.
        """
        from pathlib import Path

        from .._files import private_output

        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, table in self._tables.items():
            path = folder / f"programme_{name}.csv"
            with private_output(path, encoding="utf-8", newline="") as handle:
                table.to_csv(handle, index=False, date_format="%Y-%m-%d")
            paths.append(path)
        return tuple(paths)

    def to_html(self, *, title: str = "Programme report") -> str:
        """A printable report (a few pages, print CSS, SVG charts) as one self-contained HTML text.

        Parameters
        ----------
        title : str
            The report's title.

        Returns
        -------
        str
            The HTML document.
        """
        from .html import render

        return render(self, title=title)


def programme_report(data: ProgrammeData, start, end) -> ProgrammeReport:
    """The programme report for ``start`` to ``end`` (both days included).

    Parameters
    ----------
    data : ProgrammeData
        From :func:`~iopkit.report.programme_data` (a store) or :meth:`ProgrammeData.from_frames`.
    start, end : date or text
        The first and last day of the range.

    Returns
    -------
    ProgrammeReport
        The tables for the range, the retention curves, the log-rank comparison, the definitions and the flags a late
        correction left open on ``end`` (:attr:`ProgrammeReport.late_flags`).

    Raises
    ------
    ReportInputError
        ``data`` is not ProgrammeData, a bound is not a date, or ``end`` is before ``start``.
    """
    if not isinstance(data, ProgrammeData):
        raise ReportInputError(
            f"programme_report needs ProgrammeData (got {type(data).__name__}); build it with "
            "programme_data(store) or ProgrammeData.from_frames(...)",
            value=type(data).__name__,
            allowed="ProgrammeData",
        )
    t0, t1 = _as_day(start, "start"), _as_day(end, "end")
    if t1 < t0:
        raise ReportInputError(
            f"end ({t1.date()}) is before start ({t0.date()})",
            item="end",
            value=t1.date(),
            allowed=f"{t0.date()} or later",
        )
    from . import outcomes
    from . import stays as flow

    tables, curves = {}, ()
    stays = data.stays
    # what does not depend on the range is computed once per data (ProgrammeData._derived: issue 12)
    episodes = data._derived("episodes", lambda: flow.episodes(stays))
    arrays = data._derived("stay_arrays", lambda: flow._stay_arrays(stays))
    tables["census"], tables["level_changes"] = flow._census(arrays, t0, t1)
    admissions = data._derived("episode_arrays", lambda: flow._episode_arrays(episodes))
    tables["length_of_stay"] = flow._length_of_stay(admissions, t0, t1)
    tables["retention"], curves = flow._retention(admissions, t0, t1)
    tables["retention_comparison"], comparison = flow._compare_retention(admissions, t0, t1)
    attended = data._derived("attended_weeks", lambda: flow._attended_weeks(data.attendance))
    tables["dose"] = flow._dose(arrays, attended, t0, t1)
    measured = data._derived("measured", lambda: outcomes._measured(episodes, data.measures))
    tables["measurement"], tables["outcomes"] = outcomes._measurement(admissions, measured, t0, t1)
    screened = data._derived("screens_at_stay", lambda: outcomes._screens_at_stay(stays, data.screens))
    tables["drug_screens"] = outcomes._screens(screened, t0, t1)
    critical = data._derived("critical_flags", lambda: outcomes._critical(stays, data.flags, data.reopenings))
    tables["safety_flags"] = outcomes._safety(critical, t0, t1)
    late = None
    if data.late_flags is not None:
        ordered = data._derived("late_in_order", lambda: _late_in_order(data.late_flags))
        late = _open_late_flags(ordered, t1)
    return ProgrammeReport(
        t0.date(), t1.date(), MappingProxyType(tables), curves, data.resolution, comparison, _late_flags=late
    )
