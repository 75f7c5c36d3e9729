"""What every table of the programme report shares: the levels, minimums, windows, definitions, Wilson
intervals and the roll-up from (level, track) to level and programme.

:mod:`iopkit.report.programme`, :mod:`~iopkit.report.stays` and :mod:`~iopkit.report.outcomes` all build on
it, so the dependencies point one way.
"""

from __future__ import annotations

from types import MappingProxyType

import numpy as np

from ..dose.medicare import CMS_IOP_MINIMUM, CMS_PHP_MINIMUM, CMS_WEEKLY_SOURCE
from ..in_programme import PROGRAMME_LEVELS
from ..placement.levels import LevelOfCare
from ..sources import in_words

__all__ = ["ALL", "DEFINITIONS", "MEASURES", "MINIMUM_HOURS", "PROGRAMME_LEVELS", "TABLES", "TITLES", "wilson_interval"]

#: Weekly minimum hours per level: Medicare's IOP certification (9 h) and PHP minimum (20 h), from
#: :mod:`iopkit.dose.medicare`; Level 1 has none.
MINIMUM_HOURS = {"2.1": CMS_IOP_MINIMUM, "2.5": CMS_PHP_MINIMUM}
#: Instruments whose measurement-based care rates are reported (weekly in IOPs).
MEASURES = ("phq9", "gad7")
ALL = "all"
RETENTION_DAYS = 90
BASELINE_WINDOW = (-14, 7)  # days from admission
FOLLOW_UP_DAY, FOLLOW_UP_WINDOW = 28, (21, 35)  # days from the baseline measure
TABLES = (
    "census",
    "level_changes",
    "length_of_stay",
    "retention",
    "retention_comparison",
    "dose",
    "measurement",
    "outcomes",
    "drug_screens",
    "safety_flags",
)
#: Each table's heading in the report and the words of its download link (walk24 finding 14: never its code).
TITLES = MappingProxyType(
    {
        "census": "Census, admissions and discharges",
        "level_changes": "Step-down and step-up",
        "length_of_stay": "Length of stay",
        "retention": "Retention",
        "retention_comparison": "Retention compared between levels of admission",
        "dose": "Planned and delivered hours",
        "measurement": "Measurement-based care",
        "outcomes": "Response and remission",
        "drug_screens": "Drug screens",
        "safety_flags": "Safety flags",
    }
)

#: What every number of the report means (printed with it).
DEFINITIONS = MappingProxyType(
    {
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
        "adequate length of treatment, generally at least 3 months), log-log 95 % interval (at 0 % or "
        f"100 %, where that interval collapses to a point, the Wilson 95 % interval over the episodes followed "
        f"{RETENTION_DAYS} days or ended before); episodes still in treatment are censored at the end of the range; "
        f"blank when no episode was followed {RETENTION_DAYS} days.",
        "retention_comparison": "Log-rank test (Mantel N. Cancer Chemother Rep 1966;50:163-170; Peto R, Peto J. "
        "J R Stat Soc A 1972;135:185-207) of whether retention differs between the levels of "
        "admission, all tracks together, over the episodes of the retention table: ended = "
        "episodes that ended in the range; expected = those expected to end if every level "
        "had the pooled retention; chi-square on (levels - 1) df and its p-value. Not made "
        "when fewer than two levels have an ended episode. An observational comparison: "
        "levels differ in who is placed there (severity, needs, choice), so a difference is "
        "not evidence that one level makes stays longer or shorter.",
        "dose": "Complete weeks (Monday to Sunday) a patient spent at the level inside the range; planned and "
        "delivered hours of the sessions in those weeks (a week without sessions counts as 0 h); a week "
        "meets the minimum when the hours delivered reach the level's weekly minimum (Medicare's: "
        f"{CMS_IOP_MINIMUM:g} h for IOP, {CMS_PHP_MINIMUM:g} h for PHP; {in_words(CMS_WEEKLY_SOURCE)}).",
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
        "safety_flags": "Critical safety flags, each counted on the day it happened, at the level and track of the "
        "stay its questionnaire was taken in. Raised = flags that appeared in the chart in the range: on the "
        "questionnaire's date, or, for a flag a later correction raised for the first time, on the day the correction "
        "was saved; when that day is a later clinic day than the questionnaire's, they are also counted as raised by a "
        "late correction, with the days from the questionnaire to the correction (a safety event to follow up and "
        "review, not a slow response; a keying fix saved the same day is an ordinary flag of that day). A flag a "
        "correction raised in place of a higher finding it lowered counts from when that finding was known (the "
        "questionnaire's date when the questionnaire raised it), never as raised by the correction. First closed = of "
        "the flags raised, those first closed by the last day of the range, with the days from raised to that first "
        "closing (0 = the same day) and the share of flags raised first closed within 1 day; a closing recorded before "
        "a flag was raised never counts. Reopened by a correction = a correction made a closed flag's answers more "
        "serious: open again from the day it was saved until the flag is closed on the corrected questionnaire "
        "(re-closed, with the days from reopening to re-closing). Withdrawn by a correction = no longer a critical "
        "flag on the corrected questionnaire (e.g. item 9 corrected to 0, or C-SSRS high corrected to moderate or low "
        "risk, whose own critical flag counts from the questionnaire's date: a correction that lowers the level "
        "changes the level, not when the danger sign was known). Raised again by a correction = a later correction "
        "brought a withdrawn flag back: the same flag, not a new one, open again from the day that correction was "
        "saved (also counted as reopened) unless its earlier closing still answers the finding. A flag reopened again "
        "after it was closed again counts each reopening and re-closing on its own day. These count the corrections "
        "and closings that happened in the range, whenever the flag was raised; a correction never changes a report of "
        "a range that ended before the correction was saved. On the last day of the range, every flag raised in it or "
        "carried in (raised earlier and open when the range began, or reopened, re-closed, withdrawn or raised again "
        "in it) is in exactly one of: closed, open and never closed, open again after a correction, or withdrawn; the "
        "age of an open flag runs from the day it was raised (open again: from the reopening; raised again and never "
        "closed: from that day), median and oldest.",
        "intervals": "Every rate has a Wilson 95 % score interval (Wilson EB. Probable inference, the law of "
        "succession, and statistical inference. J Am Stat Assoc 1927;22:209-212).",
    }
)


def wilson_interval(successes, totals, *, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score intervals for ``successes`` out of ``totals`` (NaN where a total is 0).

    Uses :func:`iopkit.psychometrics.wilson_ci` where a total is positive.

    Parameters
    ----------
    successes, totals : array-like of numbers
        The counts, element by element.
    confidence : float
        The coverage of the interval (default 95 %).

    Returns
    -------
    tuple of numpy.ndarray
        The lower and upper bounds, clipped to 0..1.

    Examples
    --------
    >>> low, high = wilson_interval([8, 0], [10, 0])
    >>> round(float(low[0]), 4), round(float(high[0]), 4), bool(np.isnan(low[1]))
    (0.4902, 0.9433, True)
    """
    from ..psychometrics import wilson_ci

    k, n = np.asarray(successes, float), np.asarray(totals, float)
    low, high = np.full(k.shape, np.nan), np.full(k.shape, np.nan)
    some = n > 0
    if some.any():
        low[some], high[some] = wilson_ci(k[some], n[some], confidence)
    return np.clip(low, 0, 1), np.clip(high, 0, 1)


def _read_only(arrays: dict) -> dict:
    """``arrays`` (name -> numpy array) each made read-only and returned: kept per
    :class:`~iopkit.report.ProgrammeData` (:meth:`~iopkit.report.ProgrammeData._derived`), they are shared by every
    report of the data."""
    for values in arrays.values():
        values.flags.writeable = False
    return arrays


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


def _codes(values) -> np.ndarray:
    """Each value's rank among the distinct values, in sorted order (a blank last)."""
    import pandas as pd

    codes, uniques = pd.factorize(np.asarray(values, dtype=object), sort=True)
    return np.where(codes < 0, len(uniques), codes)


def _order(table, keys=("level", "track")):
    """``table``'s rows by the extra keys, then level (the programme's levels in order, any other, ``all``), then
    track (``all`` last) and level code: the order every table of the report is printed in (:func:`_sorting`)."""
    level, track = table["level"].to_numpy(object), table["track"].to_numpy(object)
    extra = [table[k].to_numpy(object) for k in keys if k not in ("level", "track")]
    return table.take(_sorting(level, track, extra)).reset_index(drop=True)


def _sorting(level: np.ndarray, track: np.ndarray, extra=()) -> np.ndarray:
    """The positions of the rows in the report's order (:func:`_order`), from their ``level``, ``track`` and any
    ``extra`` keys (object arrays)."""
    rank = np.full(len(level), len(PROGRAMME_LEVELS))
    for i, code in enumerate(PROGRAMME_LEVELS):
        rank[level == code] = i
    rank[level == ALL] = len(PROGRAMME_LEVELS) + 1
    # np.lexsort sorts by its last key first, and keeps ties in their order (as a sort on several columns does)
    return np.lexsort((_codes(level), _codes(track), track == ALL, rank, *(_codes(e) for e in reversed(extra))))


def _groups(codes: list, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The group of each row (-1: a blank key, in no group), groups numbered in the order they first appear, and the
    first row of each group, from the codes of each key (none: one group of every row)."""
    import pandas as pd

    if not codes:
        return np.zeros(n, np.int64), np.zeros(min(n, 1), np.int64)
    combined, valid = np.zeros(n, np.int64), np.ones(n, bool)
    for code in codes:
        combined = combined * (int(code.max(initial=0)) + 1) + code
        valid &= code >= 0
    group = np.full(n, -1, np.int64)
    group[valid] = pd.factorize(combined[valid])[0]
    first = np.unique(group[valid], return_index=True)[1]
    return group, np.flatnonzero(valid)[first]


def _median(values: np.ndarray, group: np.ndarray, count: int, q: float | None = None) -> np.ndarray:
    """Per group, the median of the non-blank ``values`` (the midpoint of the middle two when even, as pandas' groupby
    median) or, given ``q``, their quantile ``q`` interpolated linearly as :func:`numpy.percentile` does (what
    ``Series.quantile`` gives); NaN for a group without values."""
    some = (group >= 0) & ~np.isnan(values)
    x, g = values[some], group[some]
    order = np.lexsort((x, g))
    x = x[order]
    size = np.bincount(g, minlength=count)
    starts = np.cumsum(size) - size
    out = np.full(count, np.nan)
    has = size > 0
    if q is None:
        upper = starts + size // 2
        lower = np.where(size % 2 == 1, upper, upper - 1)
        out[has] = (x[upper[has]] + x[lower[has]]) / 2
        odd = has & (size % 2 == 1)
        out[odd] = x[upper[odd]]
        return out
    virtual = (size[has] - 1) * q
    previous = np.floor(virtual)
    gamma = virtual - previous
    a = x[starts[has] + previous.astype(np.int64)]
    b = x[starts[has] + np.minimum(previous.astype(np.int64) + 1, size[has] - 1)]
    diff = b - a
    out[has] = np.where(gamma >= 0.5, b - diff * (1 - gamma), a + diff * gamma)
    return out


def _exact_sums(values: np.ndarray) -> bool:
    """Whether every sum of ``values`` (float, blanks aside) is exact whatever the order: all multiples of 1/1024 whose
    total stays far below 2**53 (hours, days), so a plain sum equals pandas' compensated one to the last bit."""
    scaled = values[~np.isnan(values)] * 1024.0
    return bool(np.all(scaled == np.floor(scaled)) and np.abs(scaled).sum() < 2.0**50)


def _aggregate(frame, arrays: dict, group: np.ndarray, count: int, agg: dict) -> dict:
    """Each aggregate of ``agg`` (name -> (column, how)) per group of ``group`` (``arrays``: each column of ``frame``
    as numpy): ``size``, ``sum``, ``max``, ``mean``, ``median``, ``nunique`` or ``("quantile", q)``; the same numbers
    and dtypes as pandas' groupby (blanks skipped; a sum of nothing 0, any other aggregate of nothing NaN)."""
    import pandas as pd

    valid = group >= 0
    kept = group[valid]
    out: dict = {}
    by_pandas: dict = {}
    for name, (column, how) in agg.items():
        values = arrays[column]
        floats = values.dtype == np.float64
        if how == "size":
            out[name] = np.bincount(kept, minlength=count).astype(np.int64)
        elif how == "sum" and values.dtype.kind in "bi":
            out[name] = np.zeros(count, np.int64)
            np.add.at(out[name], kept, values[valid].astype(np.int64))
        elif how in ("sum", "mean") and floats and _exact_sums(values[valid]):
            some = ~np.isnan(values[valid])
            # numpy's bincount of nothing is int64, whatever the weights
            total = np.bincount(kept[some], weights=values[valid][some], minlength=count).astype(np.float64)
            if how == "mean":
                with np.errstate(invalid="ignore", divide="ignore"):
                    total = total / np.bincount(kept[some], minlength=count)
            out[name] = total
        elif how == "median" and floats:
            out[name] = _median(values, group, count)
        elif how == "max" and floats:
            out[name] = np.full(count, np.nan)
            np.fmax.at(out[name], kept, values[valid])
        elif isinstance(how, tuple) and how[0] == "quantile" and floats:
            out[name] = _median(values, group, count, how[1])
        elif how == "nunique":  # the distinct (group, value) pairs, blanks left out
            codes = pd.factorize(values)[0][valid]
            width, filled = int(codes.max(initial=0)) + 1, codes >= 0
            pairs = np.unique(kept[filled] * width + codes[filled])
            out[name] = np.bincount(pairs // width, minlength=count).astype(np.int64)
        else:  # a float sum or mean that rounds (pandas' compensated summation), or another dtype: pandas' own kernel
            by_pandas.setdefault(how, []).append((name, column))
    for how, columns in by_pandas.items():
        if hasattr(frame, "columns"):
            part = frame[[column for _, column in columns]]
        else:  # numpy arrays by column name: a frame of them, by position
            part = pd.DataFrame({i: arrays[column] for i, (_, column) in enumerate(columns)})
        result = getattr((part if valid.all() else part.iloc[valid]).groupby(kept, sort=True), how)()
        result = result.reindex(range(count))
        for i, (name, _) in enumerate(columns):
            out[name] = result.iloc[:, i].to_numpy()
    return {name: out[name] for name in agg}


def _rollup(frame, agg: dict, by=()):
    """``frame`` aggregated per (level, track), per level over all tracks, and over the whole programme.

    ``frame`` is a DataFrame or a dict of equal-length numpy arrays by column name (a report's own rows: no
    DataFrame built only to be read back).  ``agg`` maps each column of the result to (column of ``frame``, how):
    ``size``, ``sum``, ``max``, ``mean``, ``median``, ``nunique`` (each as pandas' groupby computes it, blanks
    skipped) or ``("quantile", q)`` (as ``Series.quantile``).  A row whose key is blank is in no group of that key (as
    in a pandas groupby).  Computed on integer group numbers with numpy (pandas' named aggregation costs ~20 ms a call
    even on a few rows); the table is built once, in the report's order (:func:`_sorting`), text as object.
    """
    import pandas as pd

    def column(name, dtype=None) -> np.ndarray:
        values = frame[name]
        return values.to_numpy(dtype) if hasattr(values, "to_numpy") else np.asarray(values, dtype)

    by = list(by)
    keys = by + ["level", "track"]
    n = len(column(keys[-1]))
    labels, codes = {}, {}
    for k in keys:  # each key as text (str of each distinct value, as astype(str) reads it); blanks in no group
        raw, uniques = pd.factorize(column(k, object))
        merged, labels[k] = pd.factorize(np.array([str(u) for u in uniques], dtype=object))
        codes[k] = np.where(raw < 0, -1, merged[np.maximum(raw, 0)]) if len(uniques) else raw
    arrays = {name: column(name) for name, _ in agg.values()}
    columns: dict = {k: [] for k in keys}
    values: dict = {name: [] for name in agg}
    for grouped in (keys, by + ["level"], by):
        group, first = _groups([codes[k] for k in grouped], n)
        for k in keys:
            columns[k].append(labels[k][codes[k][first]] if k in grouped else np.full(len(first), ALL, object))
        for name, result in _aggregate(frame, arrays, group, len(first), agg).items():
            values[name].append(result)
    text = {k: np.concatenate(parts) for k, parts in columns.items()}
    order = _sorting(text["level"], text["track"], [text[k] for k in by])
    table = {k: pd.Series(parts[order], dtype=object) for k, parts in text.items()}  # text as object
    table |= {name: np.concatenate(parts)[order] for name, parts in values.items()}
    return pd.DataFrame(table)


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
