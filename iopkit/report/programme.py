"""The director's programme report: census, flow, retention, dose, measurement-based care, screens, safety.

:func:`programme_report` turns :class:`~iopkit.report.ProgrammeData` (from a store or a researcher's tables)
into a frozen :class:`ProgrammeReport` for a date range, per level of care and track, with a row per level
for all tracks and one for the whole programme (``"all"``).  Every rate carries its counts and a Wilson 95 %
interval (Wilson 1927); retention is a Kaplan-Meier estimate (:func:`iopkit.dose.kaplan_meier`) with its
log-log interval.  Every definition the report uses is in :data:`DEFINITIONS`, printed with the report.

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

import numpy as np

from ..dose.medicare import CMS_IOP_MINIMUM, CMS_PHP_MINIMUM, CMS_WEEKLY_SOURCE
from ..levels import LevelOfCare
from .data import ProgrammeData, ReportInputError

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

#: The levels of care an outpatient programme runs: Level 1 (OP), 2.1 (IOP) and 2.5 (PHP).
PROGRAMME_LEVELS = ("1", "2.1", "2.5")
#: Weekly minimum hours per level: Medicare's IOP certification (9 h) and PHP minimum (20 h), from
#: :mod:`iopkit.dose.medicare`; Level 1 has none.
MINIMUM_HOURS = {"2.1": CMS_IOP_MINIMUM, "2.5": CMS_PHP_MINIMUM}
#: Instruments whose measurement-based care rates are reported (weekly in IOPs).
MEASURES = ("phq9", "gad7")
ALL = "all"
RETENTION_DAYS = 90
BASELINE_WINDOW = (-14, 7)  # days from admission
FOLLOW_UP_DAY, FOLLOW_UP_WINDOW = 28, (21, 35)  # days from the baseline measure
TABLES = ("census", "level_changes", "length_of_stay", "retention", "dose", "measurement", "outcomes",
          "drug_screens", "safety_flags")

#: What every number of the report means (printed with it).
DEFINITIONS = MappingProxyType({
    "census": "Patients at the level on the first and last day of the range; average daily census = patient-days "
              "in the range / days in the range; admissions = episodes starting at the level in the range; "
              "discharges = episodes ending at the level in the range.",
    "level_changes": "Stays at the level in the range that ended in the range with a placement at a lower level "
                     "(step-down, including continuing care recorded as 0.5) or a higher one (step-up, including "
                     "residential); rate = changes / stays at the level in the range.",
    "length_of_stay": "Days from admission to discharge of the episodes discharged in the range, by the level "
                      "of admission.",
    "retention": f"Kaplan-Meier share of episodes admitted in the range still in treatment {RETENTION_DAYS} days "
                 "after admission (NIDA, Principles of Drug Addiction Treatment, 3rd ed., 2018: outcomes depend on "
                 "adequate length of treatment, generally at least 3 months), log-log 95 % interval; episodes "
                 "still in treatment are censored at the end of the range; blank when no episode was followed "
                 f"{RETENTION_DAYS} days.",
    "dose": "Complete weeks (Monday to Sunday) a patient spent at the level inside the range; planned and "
            "delivered hours of the sessions in those weeks (a week without sessions counts as 0 h); a week "
            f"meets the minimum when the hours delivered reach the level's weekly minimum ({CMS_WEEKLY_SOURCE}).",
    "measurement": f"Episodes admitted in the range: baseline = a measure from {-BASELINE_WINDOW[0]} days "
                   f"before to {BASELINE_WINDOW[1]} days after admission; a follow-up is due when the patient is "
                   f"still in treatment {FOLLOW_UP_DAY} days after the baseline (inside the range), and on "
                   f"schedule when a measure falls {FOLLOW_UP_WINDOW[0]}-{FOLLOW_UP_WINDOW[1]} days after the "
                   "baseline (iopkit convention for weekly measurement).",
    "outcomes": "Baseline against the last measure of the episode at least "
                f"{FOLLOW_UP_WINDOW[0]} days later, with iopkit.progress's criteria: response = a drop of at least "
                "50 % from an eligible baseline (PHQ-9 from 10, NCQA HEDIS); remission = below the instrument's "
                "remission cut-off (PHQ-9 and GAD-7 below 5), among eligible baselines not already in remission.",
    "drug_screens": "Screens collected in the range during a stay; positive = any substance detected that was "
                    "not prescribed.",
    "safety_flags": "Critical flags raised in the range during a stay, and the days until resolved.",
    "intervals": "Every rate has a Wilson 95 % score interval (Wilson EB. Probable inference, the law of "
                 "succession, and statistical inference. J Am Stat Assoc 1927;22:209-212).",
})


def wilson_interval(successes, totals, *, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score intervals for ``successes`` out of ``totals`` (NaN where a total is 0).

    Uses the Wilson interval of :mod:`iopkit.dose.response` for each count.

    Examples
    --------
    >>> low, high = wilson_interval([8, 0], [10, 0])
    >>> round(float(low[0]), 4), round(float(high[0]), 4), bool(np.isnan(low[1]))
    (0.4902, 0.9433, True)
    """
    from ..dose.response import _wilson, _z

    k, n = np.asarray(successes, float), np.asarray(totals, float)
    low, high = np.full(k.shape, np.nan), np.full(k.shape, np.nan)
    z = _z(confidence)
    for i in np.flatnonzero(n > 0):
        low[i], high[i] = _wilson(k[i], n[i], z)
    return np.clip(low, 0, 1), np.clip(high, 0, 1)


def _rate(table, name: str, k: str, n: str):
    """Add ``name`` (k / n) and its Wilson interval ``name_low`` / ``name_high`` after column ``k``."""
    kk, nn = table[k].to_numpy(float), table[n].to_numpy(float)
    low, high = wilson_interval(kk, nn)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(nn > 0, kk / np.where(nn > 0, nn, 1), np.nan)
    at = table.columns.get_loc(k) + 1
    for offset, (col, values) in enumerate(((name, share), (f"{name}_low", low), (f"{name}_high", high))):
        table.insert(at + offset, col, values)
    return table


def _order(table, keys=("level", "track")):
    rank = {code: i for i, code in enumerate(PROGRAMME_LEVELS)}
    sort = table.assign(_l=table["level"].map(lambda c: len(rank) + 1 if c == ALL else rank.get(c, len(rank))),
                        _t=table["track"].map(lambda t: (t == ALL, t)))
    extra = [k for k in keys if k not in ("level", "track")]
    return sort.sort_values(extra + ["_l", "_t", "level"]).drop(columns=["_l", "_t"]).reset_index(drop=True)


def _rollup(frame, agg: dict, by=()):
    """``frame`` aggregated per (level, track), per level over all tracks, and over the whole programme."""
    import pandas as pd

    by = list(by)
    keys = by + ["level", "track"]
    used = {column for column, _ in agg.values()}
    # grouping on categories is several times faster than on text, and the keys are a handful of values
    slim = frame[sorted(used - set(keys))].assign(**{k: pd.Categorical(frame[k].astype(str)) for k in keys},
                                                  _all=np.zeros(len(frame), np.int8))
    slim = slim.assign(**{f"_{k}": frame[k] for k in keys if k in used})  # a key that is also aggregated
    agg = {name: ((f"_{col}" if col in keys else col), how) for name, (col, how) in agg.items()}
    parts = [slim.groupby(keys, sort=False, observed=True).agg(**agg).reset_index(),
             slim.groupby(by + ["level"], sort=False, observed=True).agg(**agg).reset_index().assign(track=ALL),
             slim.groupby(by + ["_all"], sort=False, observed=True).agg(**agg).reset_index().drop(columns="_all")
             .assign(level=ALL, track=ALL)]
    parts = [p.astype({k: object for k in keys}) for p in parts]
    table = pd.concat(parts, ignore_index=True)
    return _order(table[keys + list(agg)], tuple(keys))


def _rank(codes):
    """The rank of each level code on the ladder (NaN where there is none), looked up once per distinct code."""
    import pandas as pd

    codes = pd.Series(codes, dtype=object)
    ranks = {c: float(LevelOfCare.from_code(c).rank) for c in codes.dropna().unique()}
    return codes.map(ranks).to_numpy(float)


def _at_stay(events, stays):
    """Each event row (``patient``, ``date``) with the level and track of the stay it falls in (dropped outside)."""
    import pandas as pd

    if events.empty or stays.empty:
        return events.assign(level=pd.Series(dtype=object), track=pd.Series(dtype=object)).iloc[0:0]
    left = events.sort_values("date", kind="stable")
    right = stays[["patient", "start", "end", "level", "track"]].sort_values("start", kind="stable")
    joined = pd.merge_asof(left, right, left_on="date", right_on="start", by="patient", direction="backward")
    inside = joined["start"].notna() & (joined["end"].isna() | (joined["date"] <= joined["end"]))
    return joined[inside].drop(columns=["start", "end"])


def _as_day(value, name: str):
    import pandas as pd

    try:
        day = pd.Timestamp(value).normalize()
    except (ValueError, TypeError):
        raise ReportInputError(f"{name} must be a date (got {value!r})", item=name, value=value,
                               allowed="a date") from None
    if day is pd.NaT:
        raise ReportInputError(f"{name} must be a date (got {value!r})", item=name, value=value, allowed="a date")
    return day.tz_localize(None) if day.tzinfo else day


@dataclass(frozen=True)
class ProgrammeReport:
    """The programme report for one date range: a table per topic, the retention curves and the definitions.

    ``tables`` gives fresh copies (name -> DataFrame), so the report itself never changes.
    """

    start: dt.date
    end: dt.date
    _tables: Mapping[str, Any] = field(repr=False)
    curves: tuple[tuple[str, tuple[float, ...], tuple[float, ...]], ...] = ()
    resolution: str = ""
    definitions: Mapping[str, str] = field(default_factory=lambda: DEFINITIONS)

    @property
    def tables(self) -> dict[str, Any]:
        """Every table by name, as copies (``census``, ``level_changes``, ``length_of_stay`` ...)."""
        return {name: table.copy() for name, table in self._tables.items()}

    def to_csv(self, folder) -> tuple:
        """Write one CSV per table into ``folder`` (created if needed); return the paths."""
        from pathlib import Path

        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, table in self._tables.items():
            path = folder / f"programme_{name}.csv"
            table.to_csv(path, index=False, date_format="%Y-%m-%d")
            paths.append(path)
        return tuple(paths)

    def to_html(self, *, title: str = "Programme report") -> str:
        """A printable report (a few pages, print CSS, SVG charts) as one self-contained HTML text."""
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

    Raises
    ------
    ReportInputError
        ``data`` is not ProgrammeData, a bound is not a date, or ``end`` is before ``start``.
    """
    if not isinstance(data, ProgrammeData):
        raise ReportInputError(f"programme_report needs ProgrammeData (got {type(data).__name__}); build it with "
                               "programme_data(store) or ProgrammeData.from_frames(...)", value=type(data).__name__,
                               allowed="ProgrammeData")
    t0, t1 = _as_day(start, "start"), _as_day(end, "end")
    if t1 < t0:
        raise ReportInputError(f"end ({t1.date()}) is before start ({t0.date()})", item="end", value=t1.date(),
                               allowed=f"{t0.date()} or later")
    from . import outcomes
    from . import stays as flow

    tables, curves = {}, ()
    stays = data.stays
    episodes = flow.episodes(stays)
    tables["census"], tables["level_changes"] = flow.census(stays, t0, t1)
    tables["length_of_stay"] = flow.length_of_stay(episodes, t0, t1)
    tables["retention"], curves = flow.retention(episodes, t0, t1)
    tables["dose"] = flow.dose(stays, data.attendance, t0, t1)
    tables["measurement"], tables["outcomes"] = outcomes.measurement(episodes, data.measures, t0, t1)
    tables["drug_screens"] = outcomes.screens(stays, data.screens, t0, t1)
    tables["safety_flags"] = outcomes.safety(stays, data.flags, t0, t1)
    return ProgrammeReport(t0.date(), t1.date(), MappingProxyType(tables), curves, data.resolution)
