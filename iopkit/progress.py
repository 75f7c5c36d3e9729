"""Measurement-based care: reliable change, response, remission, trajectories.

The continued-stay review built on them is :func:`iopkit.placement.review`.

Change criteria are data (:data:`CHANGE_CRITERIA`), one row per instrument with the
sources of its numbers (bibliography keys, :mod:`iopkit.sources`). The reliable change
index follows Jacobson & Truax (1991)::

    SEM = SD * sqrt(1 - r);   S_diff = sqrt(2) * SEM;   RC = (x2 - x1) / S_diff

``|RC|`` >= 1.96 is a reliable change (95 %). Scores here fall as patients improve, so a
negative RC is improvement. Response and remission apply only from a baseline in the
clinical range (PHQ-9 10 or more, as in NCQA's HEDIS depression remission or response
measure): a patient who starts below it cannot "remit". A reliable deterioration that
stays below the clinical range is reported as such (a warning, not a step up). Where SD
and r are not both published for an instrument, the published reliable-change threshold
in points is used instead and labelled so.

Single-patient helpers take plain numbers; cohort helpers take numpy arrays or a long
pandas DataFrame (imported lazily) and share the same rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from ._frozen import freeze
from .entry import clinic_zone
from .errors import PlacementInputError
from .instruments import CATALOGUE
from .markup import answer_said, words
from .scoring.dask import by_partition, is_dask_collection

__all__ = [
    "ChangeCriteria",
    "CHANGE_CRITERIA",
    "criteria",
    "reliable_change_index",
    "change",
    "Trajectory",
    "trajectory",
    "cohort_trajectories",
    "result_said",
    "course_said",
]

Z95 = 1.96  # two-sided 95 % criterion (Jacobson & Truax 1991)
_TINY = float(np.finfo(float).tiny)  # a baseline of 0 is never in the clinical range, whatever the criteria say
#: The longest series :func:`trajectory` reads in plain Python (numpy's pairwise sums, reproduced in
#: :func:`_sum`, change their order past this many values); longer ones go to numpy.
_PLAIN_MAX = 128
#: Numbers :func:`trajectory` reads in plain Python lie inside +-this (weeks and totals are far smaller).
_PLAIN_LARGEST = 1e100


@dataclass(frozen=True)
class ChangeCriteria:
    """What counts as change for one instrument, every number with its source.

    ``sd``/``reliability`` give the RCI threshold; ``reliable_change`` (points) is the
    published threshold used when they are not both known. ``response_min_baseline`` is the
    clinical baseline (also :attr:`clinical_baseline`): response and remission are only
    defined from this baseline up (PHQ-9: 10, HEDIS). ``source`` holds bibliography keys.

    Parameters
    ----------
    instrument : str
        The instrument's code (``"phq9"``); its highest possible total bounds the totals :func:`change` accepts.
    sd : float or None
        Standard deviation of the total in the reference sample, or ``None`` where not published.
    reliability : float or None
        Reliability (internal consistency or test-retest) of the total, or ``None`` where not published.
    reliable_change : float or None
        The published reliable-change threshold in points, used when ``sd`` and ``reliability`` are not both
        given.
    mcid : float
        The minimal important change, in points.
    remission_below : float
        A latest total below this is remission (from a clinical baseline).
    response_drop : float
        The fraction of the baseline a total must fall by to be a response (0.5: a 50 % drop).
    response_min_baseline : float
        The lowest baseline in the clinical range (response and remission apply only from here up).
    source : str
        Bibliography keys of the numbers, separated by ``"; "``.
    """

    instrument: str
    sd: float | None
    reliability: float | None
    reliable_change: float | None
    mcid: float
    remission_below: float
    response_drop: float
    response_min_baseline: float
    source: str

    @cached_property
    def s_diff(self) -> float | None:
        """Standard error of the difference, or None where SD and r are not both known."""
        if self.sd is None or self.reliability is None:
            return None
        return float(np.sqrt(2.0) * self.sd * np.sqrt(1.0 - self.reliability))

    @property
    def clinical_baseline(self) -> float:
        """The lowest total in the clinical range: response and remission apply only from here up."""
        return self.response_min_baseline

    @cached_property
    def threshold(self) -> float:
        """The smallest change in points that is reliable at 95 %."""
        if self.s_diff is not None:
            return Z95 * self.s_diff
        assert self.reliable_change is not None  # a criterion gives SD and r, or the change itself
        return float(self.reliable_change)


#: Change criteria per instrument. Clinical baselines: PHQ-9 10 (HEDIS denominator), GAD-7 10 (the
#: cut-off for probable GAD, Spitzer et al. 2006), PCL-5 33 (the provisional-PTSD cut-point the suggestion
#: table uses). PCL-5 remission is below 31, the low end of the published 31-33 cut-points, so a latest
#: score that any published cut-point still reads as provisional PTSD is never called remission; GAD-7
#: and PCL-5 response (>= 50 % drop) is by analogy with PHQ-9 (iopkit's own rule).
CHANGE_CRITERIA: dict[str, ChangeCriteria] = {
    "phq9": ChangeCriteria(
        "phq9",
        sd=None,
        reliability=None,
        reliable_change=6,
        mcid=5,
        remission_below=5,
        response_drop=0.5,
        response_min_baseline=10,
        source="nhs_talking_therapies; lowe2004; ncqa_hedis_drr",
    ),
    "gad7": ChangeCriteria(
        "gad7",
        sd=5.59,
        reliability=0.87,
        reliable_change=6,
        mcid=4,
        remission_below=5,
        response_drop=0.5,
        response_min_baseline=10,
        source="bischoff2020; toussaint2020; spitzer2006_cutoff; jacobson1991; iopkit",
    ),
    "pcl5": ChangeCriteria(
        "pcl5",
        sd=None,
        reliability=None,
        reliable_change=5,
        mcid=10,
        remission_below=31,
        response_drop=0.5,
        response_min_baseline=33,
        source="ncptsd_using_pcl5; iopkit",
    ),
}


def criteria(instrument: str) -> ChangeCriteria:
    """The change criteria of ``instrument`` (raises for instruments without criteria).

    Parameters
    ----------
    instrument : str
        The instrument's code, a key of :data:`CHANGE_CRITERIA` (``"phq9"``, ``"gad7"``, ``"pcl5"``).

    Returns
    -------
    ChangeCriteria
        What counts as change for it.

    Raises
    ------
    PlacementInputError
        An instrument without change criteria; the message lists those that have them.

    Examples
    --------
    >>> c = criteria("phq9")
    >>> c.reliable_change, c.mcid, c.remission_below
    (6, 5, 5)
    """
    try:
        return CHANGE_CRITERIA[instrument]
    except KeyError:
        raise PlacementInputError(
            f"No change criteria for {instrument!r}; available: {', '.join(CHANGE_CRITERIA)}"
        ) from None


def reliable_change_index(before, after, *, sd: float, reliability: float):
    """Jacobson & Truax RC = (after - before) / S_diff; works on numbers and arrays.

    Parameters
    ----------
    before, after : float or array_like of float
        Totals at the first and the later measurement (arrays of the same shape, or broadcastable).
    sd : float
        Standard deviation of the total in the reference sample (above 0).
    reliability : float
        Reliability of the total, at least 0 and under 1.

    Returns
    -------
    numpy.ndarray of float
        The reliable change index, of the shape of ``after - before`` (a 0-dimensional array for two numbers);
        ``|RC| >= 1.96`` is a reliable change at 95 %, negative when the total fell.

    Raises
    ------
    PlacementInputError
        ``sd`` not above 0, or ``reliability`` outside 0 (included) to 1 (excluded).

    Examples
    --------
    Published worked example (CDRS-R: SD 7.30, alpha .79 -> S_diff 4.73; Jacobson & Truax method):

    >>> round(float(reliable_change_index(0, 9.27, sd=7.30, reliability=0.79)), 2)
    1.96
    """
    if not (sd > 0 and 0 <= reliability < 1):
        raise PlacementInputError(f"need sd > 0 and 0 <= reliability < 1 (got sd={sd!r}, reliability={reliability!r})")
    s_diff = np.sqrt(2.0) * sd * np.sqrt(1.0 - reliability)
    return (np.asarray(after, dtype=float) - np.asarray(before, dtype=float)) / s_diff


def _highest(crit: ChangeCriteria) -> float:
    """The highest possible total, from the instrument's definition (one source of truth); inf without one."""
    total_range = CATALOGUE[crit.instrument].total_range if crit.instrument in CATALOGUE else None
    return total_range[1] if total_range is not None else np.inf


def _totals(instrument: str, name: str, values, crit: ChangeCriteria) -> np.ndarray:
    """Totals as a float array, or a PlacementInputError: a missing (NaN) or impossible total
    would otherwise read as "no response, no remission" without saying why."""
    try:
        x = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise PlacementInputError(f"{instrument} {name} totals must be numbers (got {values!r})") from None
    high = _highest(crit)
    bad = ~np.isfinite(x) | (x < 0) | (x > high)
    if bad.any():
        raise PlacementInputError(
            f"{instrument} {name} totals must be numbers in 0..{high:g}, without missing "
            f"values (got {np.atleast_1d(x)[np.atleast_1d(bad)][:5].tolist()})"
        )
    return x


def change(instrument: str, before, after, *, criteria_: ChangeCriteria | None = None) -> dict[str, np.ndarray]:
    """Classify change from ``before`` to ``after`` (numbers or equal-length arrays).

    Parameters
    ----------
    instrument : str
        The instrument's code (``"phq9"``), for its criteria and in messages.
    before, after : float or array_like of float
        Totals at baseline and at the latest measurement, of the same shape; each a number from 0 to the
        instrument's highest possible total, none missing.
    criteria_ : ChangeCriteria, optional
        Criteria to use instead of the instrument's own (:func:`criteria`).

    Returns
    -------
    dict of str to numpy.ndarray
        ``difference``, ``rci`` (NaN where the instrument has
        no SD/r), ``reliable_improvement``, ``reliable_deterioration``, ``mcid`` (improved by
        at least the minimal important change), ``clinical_baseline`` (the baseline is in the
        clinical range), ``response`` (>= 50 % drop) and ``remission`` (latest below the
        remission threshold), both only from a clinical baseline, ``response_eligible`` (the
        same as ``clinical_baseline``, kept for older callers) and
        ``deterioration_below_clinical_range`` (a reliable deterioration that stays below the
        clinical range: a warning, not a reason to step up). Each of the shape of ``before``.

    Raises
    ------
    PlacementInputError
        An instrument without change criteria (and no ``criteria_``), totals that are not numbers, missing
        (NaN), negative or above the highest possible total, or ``before`` and ``after`` of different shapes.

    Examples
    --------
    >>> c = change("phq9", [18, 12, 9, 3], [8, 11, 4, 2])
    >>> c["response"].tolist(), c["remission"].tolist(), c["reliable_improvement"].tolist()
    ([True, False, False, False], [False, False, False, False], [True, False, False, False])
    >>> c["clinical_baseline"].tolist()  # 9 and 3 start below the clinical range: no "remission"
    [True, True, False, False]
    """
    crit = criteria_ or criteria(instrument)
    x1, x2 = _totals(instrument, "before", before, crit), _totals(instrument, "after", after, crit)
    if x1.shape != x2.shape:
        raise PlacementInputError(f"before and after must have the same shape ({x1.shape} vs {x2.shape})")
    diff = x2 - x1
    with np.errstate(divide="ignore", invalid="ignore"):
        drop = np.where(x1 > 0, -diff / x1, 0.0)
    rci = diff / crit.s_diff if crit.s_diff is not None else np.full_like(diff, np.nan)
    return _classify(crit, x1, x2, diff, rci, drop)


def _classify(crit: ChangeCriteria, x1, x2, diff, rci, drop) -> dict[str, Any]:
    """The readings of :func:`change` from the totals, their difference, the RCI and the fraction fallen: numpy
    arrays there, two plain floats for one patient's series (:func:`trajectory`), the same comparisons on both."""
    clinical = x1 >= max(crit.clinical_baseline, _TINY)
    deteriorated = diff >= crit.threshold
    return {
        "difference": diff,
        "rci": rci,
        "reliable_improvement": -diff >= crit.threshold,
        "reliable_deterioration": deteriorated,
        "mcid": -diff >= crit.mcid,
        "clinical_baseline": clinical,
        "response": clinical & (drop >= crit.response_drop),
        "response_eligible": clinical,
        "remission": clinical & (x2 < crit.remission_below),
        "deterioration_below_clinical_range": deteriorated & (x2 < crit.clinical_baseline),
    }


@dataclass(frozen=True)
class Trajectory:
    """Repeated totals of one instrument for one patient, with change from baseline.

    Made by :func:`trajectory`.

    Attributes
    ----------
    instrument : str
        The instrument's code.
    weeks : tuple of float
        The weeks of the measurements, in order.
    totals : tuple of float
        The totals, in the order of ``weeks``.
    slope_per_week : float or None
        Least-squares change of the total per week; ``None`` with fewer than two distinct weeks.
    change : Mapping
        :func:`change` from the first to the latest total, as plain values (``bool`` or ``float``); read-only.
    """

    instrument: str
    weeks: tuple[float, ...]
    totals: tuple[float, ...]
    slope_per_week: float | None
    change: Mapping[str, Any]

    def __post_init__(self) -> None:
        object.__setattr__(self, "change", freeze(self.change))

    @property
    def baseline(self) -> float:
        """The first total (the baseline of every change)."""
        return self.totals[0]

    @property
    def latest(self) -> float:
        """The most recent total."""
        return self.totals[-1]


def _slope(x: np.ndarray, y: np.ndarray) -> float | None:
    """Least-squares slope of y on x (None with fewer than two distinct weeks)."""
    if len(x) < 2 or np.ptp(x) == 0:
        return None
    xc = x - x.mean()
    return float((xc * (y - y.mean())).sum() / (xc * xc).sum())


def _floats(values) -> list[float] | None:
    """A list or tuple of plain numbers (``int`` or ``float``) as floats; None for anything else, and for a number
    that is missing (NaN), infinite or so large that numpy's arithmetic on it would warn of an overflow (numpy then
    reads it, warns and words what is wrong as it always has)."""
    if type(values) is not list and type(values) is not tuple:
        return None
    out = []
    for value in values:
        if type(value) is not float and type(value) is not int:
            return None
        if not -_PLAIN_LARGEST < value < _PLAIN_LARGEST:  # also NaN and infinities
            return None
        out.append(float(value))
    return out


def _sum(values: list[float]) -> float:
    """The sum numpy's ``add.reduce`` gives for these float64 values, bit for bit (up to :data:`_PLAIN_MAX`).

    numpy starts from 0.0 and adds a pairwise sum: fewer than 8 values one after the other, else 8 running
    sums (value i into sum i mod 8) combined as ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)), then the
    values past the last multiple of 8 one after the other.
    """
    n = len(values)
    if n < 8:
        total = 0.0
        for value in values:
            total += value
        return total
    sums = values[:8]
    whole = n - n % 8
    for i in range(8, whole, 8):
        for j in range(8):
            sums[j] += values[i + j]
    total = ((sums[0] + sums[1]) + (sums[2] + sums[3])) + ((sums[4] + sums[5]) + (sums[6] + sums[7]))
    for value in values[whole:]:
        total += value
    return 0.0 + total


def _plain_series(instrument: str, weeks, totals) -> Trajectory | None:
    """:func:`trajectory` of a short series of plain numbers in plain Python, the same numbers as numpy gives
    (one patient's series is a few values, where numpy's per-call cost is most of the time); None for anything
    else (numpy then reads it, or words what is wrong with it)."""
    w, y = _floats(weeks), _floats(totals)
    if w is None or y is None or len(w) != len(y) or not 0 < len(w) <= _PLAIN_MAX:
        return None
    crit = criteria(instrument)
    high = _highest(crit)
    order = sorted(range(len(w)), key=w.__getitem__)  # stable, as numpy's stable argsort
    w, y = [w[i] for i in order], [y[i] for i in order]
    x1, x2 = y[0], y[-1]
    if not (0 <= x1 <= high and 0 <= x2 <= high and x1 != np.inf and x2 != np.inf):
        return None  # worded by change()
    if crit.s_diff == 0:
        return None  # a reliability of 1: numpy's division by zero
    diff = x2 - x1
    rci = diff / crit.s_diff if crit.s_diff is not None else float("nan")
    drop = -diff / x1 if x1 > 0 else 0.0
    slope = None
    if len(w) >= 2 and max(w) - min(w) != 0:
        n = len(w)
        mean_w, mean_y = _sum(w) / n, _sum(y) / n
        xc = [v - mean_w for v in w]
        spread = _sum([a * a for a in xc])
        if spread == 0:
            return None  # weeks so close that their spread underflows: numpy's division by zero
        slope = _sum([a * (b - mean_y) for a, b in zip(xc, y)]) / spread
    return Trajectory(instrument, tuple(w), tuple(y), slope, _classify(crit, x1, x2, diff, rci, drop))


def trajectory(instrument: str, weeks, totals) -> Trajectory:
    """One patient's repeated scores: slope, and change from the first to the latest score.

    Parameters
    ----------
    instrument : str
        The instrument's code, one with change criteria (:data:`CHANGE_CRITERIA`).
    weeks : array_like of float
        When each total was measured, as week numbers (not dates); sorted here, so any order will do.
    totals : array_like of float
        The totals, one per week.

    Returns
    -------
    Trajectory
        The totals in week order, the slope per week and the change from the first to the latest total.

    Raises
    ------
    PlacementInputError
        Weeks or totals that are not numbers or are missing, of different lengths, empty or not one-dimensional,
        an instrument without change criteria, or a total outside the instrument's range.

    Examples
    --------
    >>> t = trajectory("phq9", [0, 2, 4, 6], [16, 12, 9, 6])
    >>> t.slope_per_week, t.change["response"], t.change["remission"]
    (-1.65, True, False)
    """
    plain = _plain_series(instrument, weeks, totals)
    if plain is not None:
        return plain
    try:
        w, y = np.asarray(weeks, dtype=float), np.asarray(totals, dtype=float)
    except (TypeError, ValueError):
        raise PlacementInputError(
            f"weeks and totals must be numbers (week numbers, not dates; got weeks {weeks!r}, totals {totals!r})"
        ) from None
    if w.shape != y.shape or w.ndim != 1 or len(w) == 0 or np.isnan(y).any() or np.isnan(w).any():
        raise PlacementInputError(
            f"weeks and totals must be equal-length, non-empty, without missing values "
            f"(got {len(w)} weeks, {len(y)} totals)"
        )
    order = np.argsort(w, kind="stable")
    w, y = w[order], y[order]
    first = change(instrument, y[0], y[-1])
    summary = {k: (bool(v) if v.dtype == bool else float(v)) for k, v in first.items()}
    return Trajectory(instrument, tuple(w.tolist()), tuple(y.tolist()), _slope(w, y), summary)


def cohort_trajectories(data, *, time: str = "week", shuffle: bool = True):
    """Trajectories of a whole cohort from a long DataFrame, vectorized.

    ``data`` has columns ``patient``, ``instrument``, ``total`` and ``time`` (a week
    number or a date). Returns one row per patient and instrument with ``n``,
    ``baseline``, ``latest``, ``slope_per_week`` and the columns of :func:`change`.
    Instruments without change criteria are skipped.

    Parameters
    ----------
    data : pandas.DataFrame or dask.dataframe.DataFrame
        One row per measurement, with columns ``patient``, ``instrument``, ``total`` and the ``time`` column.
        Rows without a total or a time are left out. One total per patient, instrument and time point (week, or
        calendar day for dates): an amended record counts once, with its current version (as the store gives it).
    time : str, default "week"
        The column saying when: week numbers, or dates and times. A date or time is read as its calendar day
        (the time of day is dropped; a time with a zone is read on the clinic's clock where ``$IOPKIT_TIMEZONE``
        names it, as the chart reads it, else in its own zone), and
        its week is the calendar days since the earliest day in ``data``, divided by 7: weekly measures on
        Mondays are 1 week apart whatever the hour they were taken at, and across a daylight-saving change.
    shuffle : bool, default True
        For a Dask DataFrame: bring each patient's rows into one partition first; ``False`` says they already
        are. Ignored for pandas.

    Returns
    -------
    pandas.DataFrame or dask.dataframe.DataFrame
        One row per patient and instrument (a Dask DataFrame, computed lazily and grouped by partition, for Dask
        input).

    Raises
    ------
    PlacementInputError
        A missing column, a total outside the instrument's range, or two totals of one instrument for one
        patient at the same time point, named (the baseline would otherwise depend on row order). On a
        Dask DataFrame these are raised when the result is computed, naming the repeats of the partition they were
        found in.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"patient": [1, 1, 2, 2], "week": [0, 4, 0, 4],
    ...                    "instrument": "phq9", "total": [18, 8, 12, 13]})
    >>> cohort_trajectories(df)[["patient", "latest", "response"]].to_dict("list")
    {'patient': [1, 2], 'latest': [8.0, 13.0], 'response': [True, False]}
    """
    if is_dask_collection(data):  # all of a patient's rows must share a partition
        return _trajectories_by_partition(data, time, shuffle)
    import pandas as pd

    missing = {"patient", "instrument", "total", time} - set(data.columns)
    if missing:
        raise PlacementInputError(f"cohort data lacks column(s) {sorted(missing)}")
    df = data[data["instrument"].isin(list(CHANGE_CRITERIA))].dropna(subset=["total", time]).copy()
    t = df[time] = _time_points(df[time], time)
    df["_week"] = _calendar_weeks(t) if pd.api.types.is_datetime64_any_dtype(t) else t.astype(float)
    df = df.sort_values(["patient", "instrument", "_week"], kind="stable")
    _refuse_repeated_time_points(df, time)
    g = df.groupby(["patient", "instrument"], sort=True)
    out = g.agg(n=("total", "size"), baseline=("total", "first"), latest=("total", "last")).reset_index()
    df["_xc"] = df["_week"] - g["_week"].transform("mean")
    df["_yc"] = df["total"] - g["total"].transform("mean")
    sums = (
        df.assign(_xy=df["_xc"] * df["_yc"], _xx=df["_xc"] ** 2)
        .groupby(["patient", "instrument"])[["_xy", "_xx"]]
        .sum()
    )
    slope = (sums["_xy"] / sums["_xx"].where(sums["_xx"] > 0)).to_numpy()
    out["slope_per_week"] = slope
    out[["baseline", "latest"]] = out[["baseline", "latest"]].astype(float)
    cols: dict[str, Any] = {}
    for instrument, idx in out.groupby("instrument").groups.items():
        part = change(instrument, out.loc[idx, "baseline"].to_numpy(), out.loc[idx, "latest"].to_numpy())
        for key, values in part.items():
            cols.setdefault(key, pd.Series(index=out.index, dtype=values.dtype))
            cols[key].loc[idx] = values
    for key, series in cols.items():
        out[key] = series
    return out


#: How many repeated (patient, time) pairs a refusal names per instrument.
_REPEATS_NAMED = 3


def _refuse_repeated_time_points(df, time: str) -> None:
    """A PlacementInputError if ``df`` (sorted by patient, instrument and ``_week``) has two totals of one
    instrument for one patient at the same time point (the same week, or the same calendar day for dates): the
    baseline and latest would depend on row order, and the cohort path cannot tell which total is the correction.
    """
    import pandas as pd

    repeated = df.duplicated(["patient", "instrument", "_week"], keep=False)
    if not repeated.any():
        return
    rows = df[repeated]
    when = rows[time]
    if pd.api.types.is_datetime64_any_dtype(when):
        when = _wall_days(when).dt.date  # a date or time is named by the calendar day it counts as
    rows = rows.assign(_when=when)
    parts = []
    for instrument, part in rows.groupby("instrument", sort=True):
        pairs = part.drop_duplicates(["patient", "_week"])
        named = [f"({p!r}, {w})" for p, w in zip(pairs["patient"].tolist(), pairs["_when"].tolist())]
        more = f" and {len(named) - _REPEATS_NAMED} more" if len(named) > _REPEATS_NAMED else ""
        parts.append(
            f"{instrument}: {len(part)} totals at {len(pairs)} (patient, {time}) pair(s), "
            f"{', '.join(named[:_REPEATS_NAMED])}{more}"
        )
    raise PlacementInputError(
        f"cohort data give more than one total at the same time point ({'; '.join(parts)}): one total per "
        "patient, instrument and time point is allowed (for an amended record, use the store's current version)",
        instrument=str(rows["instrument"].iloc[0]),
        item=time,
        allowed="one total per patient, instrument and time point",
    )


def _time_points(values, time: str):
    """The ``time`` column as numbers (weeks) or datetimes: text dates (``"2026-03-02"``) and ``datetime.date``
    values read as dates; anything else refused, naming the column (research review: a raw ``ValueError`` or
    ``TypeError`` before).

    Examples
    --------
    >>> import datetime as dt, pandas as pd
    >>> _time_points(pd.Series([dt.date(2026, 3, 2), "2026-03-09"]), "when").dt.day.tolist()
    [2, 9]
    """
    import pandas as pd

    if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_datetime64_any_dtype(values):
        return values
    try:
        return pd.to_datetime(values.map(str), format="ISO8601")
    except (ValueError, TypeError) as error:
        raise PlacementInputError(
            f"cohort data: column {time!r} holds neither week numbers nor dates ({error})",
            item=time,
            value=values.head(3).tolist(),
            allowed="week numbers, or dates and times (datetime values or ISO text such as 2026-03-02)",
        ) from None


def _wall_days(when):
    """The calendar day of each time in the datetime Series ``when``, as midnight without a zone: a zoned time on the
    clinic's clock where ``$IOPKIT_TIMEZONE`` names it (:func:`~iopkit.entry.clinic_zone`: the chart's day, even for
    times exported in UTC), else in its own zone (the clock on the wall); a time without a zone as it is."""
    if when.dt.tz is None:
        return when.dt.normalize()
    zone = clinic_zone()
    return (when if zone is None else when.dt.tz_convert(zone)).dt.tz_localize(None).dt.normalize()


def _calendar_weeks(when):
    """Weeks since the earliest day of the datetime Series ``when``: whole calendar days / 7.

    Each time is read as its calendar day (:func:`_wall_days`), so the time of day and a daylight-saving change
    (a 23- or 25-hour day) never shift a measure into another day.
    """
    days = _wall_days(when)
    return (days - days.min()).dt.days / 7.0


def _trajectories_by_partition(data, time: str, shuffle: bool):
    """:func:`cohort_trajectories` on a Dask DataFrame: shuffled by patient (unless ``shuffle=False``
    says the data are partitioned that way already), then partition by partition. Rows come out
    grouped by partition, not globally sorted."""
    if shuffle:
        data = data.shuffle("patient")
    # The pandas function adds its change columns only for rows it can classify: plan with a one-row
    # sample of the right dtypes whose instrument has change criteria (Dask's sample rows repeat one
    # patient and time point, which the pandas function refuses).
    sample = data._meta_nonempty.head(1).assign(instrument=next(iter(CHANGE_CRITERIA)))
    return by_partition(cohort_trajectories, data, sample=sample, time=time)


def result_said(score: Any) -> str:
    """The result of a score read without a total, in words: its band ("moderate risk", the C-SSRS screen), else
    its parts ("use 3, risk 10, protective 12", the BAM), else a dash.

    Parameters
    ----------
    score : Score
        A saved score (:class:`iopkit.scoring.Score`).

    Returns
    -------
    str
        The result as the clinic reads it, never a code.

    Examples
    --------
    >>> from iopkit import score
    >>> result_said(score("cssrs_screen", [True, True, True, False, False, False, None]))
    'moderate risk'
    """
    if score.band:
        return words(score.band)
    parts = ", ".join(f"{words(k)} {answer_said(v)}" for k, v in (score.subscores or {}).items())
    return parts or "—"


def course_said(points: Sequence[tuple[dt.date, Any]]) -> str:
    """First → latest of an instrument read without a total (a categorical screen), each result with its day:
    "moderate risk (24 Nov)" for one score, "moderate risk (24 Nov) → low risk (01 Dec)" for more (walk23
    finding 10: never an episode week, never an empty cell).

    Parameters
    ----------
    points : sequence of (date, Score)
        The instrument's saved scores with their clinical days, oldest first.

    Returns
    -------
    str
        The first and the latest result, each dated; "" without a score.

    Examples
    --------
    >>> import datetime as dt
    >>> from iopkit import score
    >>> first = score("cssrs_screen", [True, True, True, False, False, False, None])
    >>> later = score("cssrs_screen", [True, False, None, None, None, False, None])
    >>> course_said([(dt.date(2026, 11, 24), first)])
    'moderate risk (24 Nov)'
    >>> course_said([(dt.date(2026, 11, 24), first), (dt.date(2026, 12, 1), later)])
    'moderate risk (24 Nov) → low risk (01 Dec)'
    """
    ends = [points[0], points[-1]] if len(points) > 1 else list(points)
    return " → ".join(f"{result_said(s)} ({day:%d %b})" for day, s in ends)
