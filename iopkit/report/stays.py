"""Programme flow from stays: census, level changes, length of stay, retention and weekly dose (vectorised)."""

from __future__ import annotations

import numpy as np

from .tables import (
    ALL,
    MINIMUM_HOURS,
    PROGRAMME_LEVELS,
    RETENTION_DAYS,
    _rank,
    _rate,
    _rollup,
)

__all__ = ["census", "compare_retention", "dose", "episodes", "length_of_stay", "retention"]

_DAY = np.timedelta64(1, "D")
_EPOCH = np.datetime64("1970-01-01", "ns")


def _days(delta) -> np.ndarray:
    return (delta / _DAY).to_numpy(float) if hasattr(delta, "to_numpy") else delta / _DAY


def episodes(stays):
    """One row per episode: admission level and track, admitted, discharged (NaT while in treatment).

    An episode is the run of stays from admission to discharge (:class:`~iopkit.report.ProgrammeData`): its level,
    track and admission are those of its first stay, and it was discharged on its last stay's end when that stay
    ended without a placement at a programme level (1, 2.1, 2.5), as the census counts discharges.  The last stay
    is the episode's last row, blanks included (an episode that stepped down and then ended is discharged).

    Parameters
    ----------
    stays : pandas.DataFrame
        The ``stays`` table of :class:`~iopkit.report.ProgrammeData`.

    Returns
    -------
    pandas.DataFrame
        ``patient``, ``episode``, ``level``, ``track``, ``admitted``, ``discharged`` and ``last_level``.
    """
    import pandas as pd

    if stays.empty:
        return pd.DataFrame(
            {
                c: pd.Series(dtype=t)
                for c, t in (
                    ("patient", object),
                    ("episode", object),
                    ("level", object),
                    ("track", object),
                    ("admitted", "datetime64[ns]"),
                    ("discharged", "datetime64[ns]"),
                    ("last_level", object),
                )
            }
        )
    keys = ["patient", "episode"]
    opens, closes = _first_and_last(stays)
    first = stays[opens].set_index(keys)
    last = stays[closes].set_index(keys).reindex(first.index)  # the stay in the table's last row, blanks and all
    out = pd.DataFrame(
        {
            "level": first["level"],
            "track": first["track"],
            "admitted": first["start"],
            "last_level": last["level"],
        }
    )
    ended = last["end"].notna() & ~last["next_level"].isin(PROGRAMME_LEVELS)
    out["discharged"] = last["end"].where(ended)
    return out.reset_index()


def _first_and_last(stays):
    """Which stays open and which close their episode: the first and the last row of each (patient, episode).

    By position in the table (:meth:`~iopkit.report.ProgrammeData.from_frames` sorts an episode's stays by
    start), never by the first or last *filled* value: an episode whose last stay has no ``end`` is still in
    treatment, and one whose last stay has no ``next_level`` was discharged, whatever an earlier stay says
    (pandas' ``GroupBy.first`` and ``GroupBy.last`` skip blanks and would borrow them from an earlier stay).

    Parameters
    ----------
    stays : pandas.DataFrame
        The ``stays`` table of :class:`~iopkit.report.ProgrammeData`.

    Returns
    -------
    tuple of pandas.Series
        Two boolean Series on ``stays``' index: the episode's first stay, its last stay.
    """
    g = stays.groupby(["patient", "episode"], sort=False)
    position = g.cumcount()
    return position == 0, position == g["level"].transform("size") - 1


def census(stays, t0, t1):
    """The census table and the level-changes table for ``t0`` to ``t1``.

    Parameters
    ----------
    stays : pandas.DataFrame
        The ``stays`` table of :class:`~iopkit.report.ProgrammeData`.
    t0, t1 : pandas.Timestamp
        The first and last day of the range (both included).

    Returns
    -------
    tuple of pandas.DataFrame
        The census (at start and end, average daily census, admissions, discharges, patients served) and the
        level changes (step-downs and step-ups with their rates), per level and track.
    """
    import pandas as pd

    days = (t1 - t0).days + 1
    far = pd.Timestamp.max.normalize()
    opens, closes = _first_and_last(stays)
    s = stays.assign(_opens=opens, _closes=closes)
    s = s[(s["start"] <= t1) & (s["end"].fillna(far) >= t0)].copy()  # stays in the range
    end = s["end"].fillna(far)
    served = (s["start"] <= t1) & (end >= t0)
    s["census_start"] = (s["start"] <= t0) & (end >= t0)
    s["census_end"] = (s["start"] <= t1) & (end >= t1)
    first_day, last_day = s["start"].where(s["start"] > t0, t0), end.where(end < t1, t1)
    s["patient_days"] = np.where(served, _days(last_day - first_day) + 1, 0.0)
    ends_in_range = s["end"].notna() & (s["end"] >= t0) & (s["end"] <= t1)
    s["admissions"] = s["_opens"] & (s["start"] >= t0) & (s["start"] <= t1)
    s["discharges"] = s["_closes"] & ends_in_range & ~s["next_level"].isin(PROGRAMME_LEVELS)
    step = _rank(s["next_level"].tolist()) - _rank(s["level"].tolist())
    s["step_downs"] = ends_in_range & (step < 0)
    s["step_ups"] = ends_in_range & (step > 0)
    s["served"] = served
    s["patient"] = s["patient"].where(served)
    counts = {c: (c, "sum") for c in ("census_start", "census_end", "admissions", "discharges")}
    table = _rollup(s, {**counts, "patient_days": ("patient_days", "sum"), "patients_served": ("patient", "nunique")})
    table.insert(table.columns.get_loc("census_end") + 1, "average_daily_census", table.pop("patient_days") / days)
    changes = _rollup(
        s, {"stays": ("served", "sum"), "step_downs": ("step_downs", "sum"), "step_ups": ("step_ups", "sum")}
    )
    _rate(changes, "step_down_rate", "step_downs", "stays")
    _rate(changes, "step_up_rate", "step_ups", "stays")
    return _ints(table), _ints(changes)


def _ints(table):
    for col in table.columns:
        if table[col].dtype == bool or (
            table[col].dtype.kind == "f"
            and col in ("census_start", "census_end", "admissions", "discharges", "stays", "step_downs", "step_ups")
        ):
            table[col] = table[col].astype(int)
    return table


def length_of_stay(eps, t0, t1):
    """Days from admission to discharge of episodes discharged in the range, per admission level and track.

    Parameters
    ----------
    eps : pandas.DataFrame
        The episodes, from :func:`episodes`.
    t0, t1 : pandas.Timestamp
        The first and last day of the range (both included).

    Returns
    -------
    pandas.DataFrame
        Episodes discharged and the mean, median and quartiles of their days.
    """
    done = eps[eps["discharged"].notna() & (eps["discharged"] >= t0) & (eps["discharged"] <= t1)].copy()
    done["days"] = _days(done["discharged"] - done["admitted"])
    table = _rollup(
        done,
        {
            "discharged": ("days", "size"),
            "mean_days": ("days", "mean"),
            "median_days": ("days", "median"),
            "q1_days": ("days", ("quantile", 0.25)),
            "q3_days": ("days", ("quantile", 0.75)),
        },
    )
    table["discharged"] = table["discharged"].astype(int)
    return table


def _curve(t: np.ndarray, ended: np.ndarray):
    """(n, ended, share retained at RETENTION_DAYS, low, high, median, curve) of one group of episodes."""
    from ..dose.response import kaplan_meier

    n, events = int(t.size), int(ended.sum())
    if n == 0 or t.max() < RETENTION_DAYS and not (ended & (t <= RETENTION_DAYS)).all():
        return n, events, np.nan, np.nan, np.nan, np.nan, None
    if events == 0:
        low, high = _wilson_followed(t, ended)
        return n, events, 1.0, low, high, np.nan, None
    curve = kaplan_meier(t, ended)
    i = np.searchsorted(curve.times, RETENTION_DAYS, side="right")
    low, high = (1.0, 1.0) if i == 0 else (float(curve.lower[i - 1]), float(curve.upper[i - 1]))
    share = curve.share_retained(RETENTION_DAYS)
    if share in (0.0, 1.0):  # the log-log interval collapses to a point there (walk24 finding 14: "0 % (0-0)")
        low, high = _wilson_followed(t, ended)
    median = curve.median if curve.median is not None else np.nan
    return n, events, share, low, high, median, curve


def _wilson_followed(t: np.ndarray, ended: np.ndarray) -> tuple[float, float]:
    """The Wilson 95 % interval of the share retained at RETENTION_DAYS among the episodes followed that long (ended
    by then, or still in treatment after it); where the Kaplan-Meier share is 0 or 1 it is that share."""
    from .tables import wilson_interval

    by_then = ended & (t <= RETENTION_DAYS)
    low, high = wilson_interval([int((t > RETENTION_DAYS).sum())], [int(by_then.sum() + (t > RETENTION_DAYS).sum())])
    return float(low[0]), float(high[0])


def _cohort(eps, t0, t1):
    """The episodes admitted in the range with their days in treatment ``t`` and ``ended`` (else censored at t1)."""
    cohort = eps[(eps["admitted"] >= t0) & (eps["admitted"] <= t1)].copy()
    ended = cohort["discharged"].notna() & (cohort["discharged"] <= t1)
    stop = cohort["discharged"].where(ended, t1)
    cohort["t"], cohort["ended"] = _days(stop - cohort["admitted"]), ended.to_numpy()
    return cohort


def retention(eps, t0, t1):
    """Kaplan-Meier retention of the episodes admitted in the range, per admission level and track.

    Parameters
    ----------
    eps : pandas.DataFrame
        The episodes, from :func:`episodes`.
    t0, t1 : pandas.Timestamp
        The first and last day of the range (both included).

    Returns
    -------
    table : pandas.DataFrame
        Admitted, ended, the share retained at 90 days with its log-log interval, and the median days.
    curves : tuple
        Per admission level (all tracks) and for the programme, the curve as ``(label, times, survival)``
        for a chart.
    """
    import pandas as pd

    cohort = _cohort(eps, t0, t1)
    rows, curves = [], []
    groupings = (["level", "track"], ["level"], [])
    for keys in groupings:
        groups = cohort.groupby(keys, sort=False) if keys else [((), cohort)]
        for name, part in groups:
            name = name if isinstance(name, tuple) else (name,)
            label = dict(zip(keys, name))
            level, track = label.get("level", ALL), label.get("track", ALL)
            n, events, share, low, high, median, curve = _curve(part["t"].to_numpy(float), part["ended"].to_numpy())
            rows.append((level, track, n, events, share, low, high, median))
            if track == ALL and curve is not None:
                curves.append(
                    (
                        f"Level {level}" if level != ALL else "Programme",
                        tuple([0.0] + curve.times.tolist()),
                        tuple([1.0] + curve.survival.tolist()),
                    )
                )
    from .tables import _order

    columns = [
        "level",
        "track",
        "admitted",
        "ended",
        f"retained_{RETENTION_DAYS}d",
        f"retained_{RETENTION_DAYS}d_low",
        f"retained_{RETENTION_DAYS}d_high",
        "median_days",
    ]
    table = _order(pd.DataFrame(rows, columns=columns))
    table[["admitted", "ended"]] = table[["admitted", "ended"]].astype(int)
    return table, tuple(curves)


def compare_retention(eps, t0, t1):
    """Log-rank comparison of retention between admission levels of care (all tracks), and what it says.

    The episodes are those of :func:`retention` (admitted in the range, censored at its end), grouped by the
    level of admission; the test is :func:`iopkit.dose.log_rank` (Mantel 1966; Peto & Peto 1972).  When the
    test cannot be fitted (:class:`~iopkit.errors.FitError`), the summary says why instead of raising.

    Parameters
    ----------
    eps : pandas.DataFrame
        The episodes, from :func:`episodes`.
    t0, t1 : pandas.Timestamp
        The first and last day of the range (both included).

    Returns
    -------
    table : DataFrame
        One row per admission level (``level``, ``admitted``, ``ended``, ``expected_ended``) and a row ``all``
        with the test (``chi_square``, ``df``, ``p_value``); the test's columns are blank when it is not made.
    summary : str
        The test in words, or why it was not made (fewer than two levels with an ended episode).
    """
    import pandas as pd

    from ..dose.response import log_rank
    from ..errors import FitError
    from .tables import _order

    cohort = _cohort(eps, t0, t1)
    counts = cohort.groupby("level", sort=False).agg(admitted=("t", "size"), ended=("ended", "sum"))
    table = pd.DataFrame(
        {
            "level": counts.index.astype(object),
            "admitted": counts["admitted"].to_numpy(int),
            "ended": counts["ended"].to_numpy(int),
            "expected_ended": np.nan,
        }
    )
    table = pd.concat(
        [
            table,
            pd.DataFrame(
                {
                    "level": [ALL],
                    "admitted": [len(cohort)],
                    "ended": [int(cohort["ended"].sum())],
                    "expected_ended": [np.nan],
                }
            ),
        ],
        ignore_index=True,
    )
    table = table.assign(chi_square=np.nan, df=pd.array([pd.NA] * len(table), dtype="Int64"), p_value=np.nan)
    compared = sorted(counts.index[counts["ended"] > 0].astype(str))
    if len(compared) < 2:
        which = f" (only Level {compared[0]})" if compared else ""
        summary = (
            "Retention is not compared between levels: fewer than two admission levels have an episode "
            f"that ended in the range{which}."
        )
        return _order(table.assign(track=ALL)).drop(columns="track"), summary
    try:
        test = log_rank(
            cohort["t"].to_numpy(float),
            cohort["ended"].to_numpy(bool),
            groups=cohort["level"].astype(str).to_numpy(object),
        )
    except FitError as error:
        return _order(table.assign(track=ALL)).drop(columns="track"), f"Retention is not compared: {error}."
    expected = dict(zip(test.groups, test.expected))
    table["expected_ended"] = table["level"].map(expected)
    table.loc[table["level"] == ALL, "expected_ended"] = float(sum(test.expected))
    everyone = table["level"] == ALL
    table.loc[everyone, "chi_square"], table.loc[everyone, "p_value"] = test.statistic, test.p_value
    table.loc[everyone, "df"] = test.df
    levels = ", ".join(test.groups)
    summary = (
        f"Log-rank test of retention between the admission levels {levels} (all tracks): chi-square "
        f"{test.statistic:.2f} on {test.df} df, p = {_p(test.p_value)}."
    )
    return _order(table.assign(track=ALL)).drop(columns="track"), summary


def _p(p: float) -> str:
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def _full_weeks(stays, t0, t1):
    """One row per complete Monday-to-Sunday week a patient spent at a level inside the range."""
    import pandas as pd

    end = stays["end"].fillna(t1)
    first = stays["start"].where(stays["start"] > t0, t0)
    last = end.where(end < t1, t1)
    monday = first + pd.to_timedelta((7 - first.dt.day_of_week) % 7, unit="D")
    last_monday = last - pd.to_timedelta(6, unit="D")
    last_monday = last_monday - pd.to_timedelta(last_monday.dt.day_of_week, unit="D")
    count = np.maximum(_days(last_monday - monday) // 7 + 1, 0).astype(int)
    count = np.where(stays["start"] <= t1, count, 0)
    index = np.repeat(np.arange(len(stays)), count)
    offsets = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    weeks = pd.DataFrame(
        {
            "patient": stays["patient"].to_numpy()[index],
            "level": stays["level"].to_numpy()[index],
            "track": stays["track"].to_numpy()[index],
            "week": monday.to_numpy()[index] + offsets * np.timedelta64(7, "D"),
        }
    )
    return weeks


def dose(stays, attendance, t0, t1):
    """Planned and delivered hours over complete weeks at a level, and the weeks meeting its minimum.

    Parameters
    ----------
    stays : pandas.DataFrame
        The ``stays`` table of :class:`~iopkit.report.ProgrammeData`.
    attendance : pandas.DataFrame
        The ``attendance`` table of :class:`~iopkit.report.ProgrammeData`.
    t0, t1 : pandas.Timestamp
        The first and last day of the range (both included).

    Returns
    -------
    pandas.DataFrame
        Patient-weeks, planned and delivered hours, the share delivered, the weekly minimum and the weeks
        meeting it (with a Wilson interval), per level and track.
    """
    import pandas as pd

    weeks = _full_weeks(stays, t0, t1)
    a = attendance[(attendance["date"] >= t0) & (attendance["date"] <= t1)]
    people = pd.Index(pd.unique(weeks["patient"]))

    # one integer per (patient, Monday-to-Sunday week): 1 Jan 1970 was a Thursday, so (days + 3) // 7 counts weeks
    def key(patients, days):
        return people.get_indexer(patients).astype(np.int64) * 100_000 + (_days(days - _EPOCH) + 3) // 7

    attended = key(a["patient"], a["date"])
    hours = a[["planned_hours", "hours"]].groupby(attended, sort=False).sum()
    found = hours.reindex(key(weeks["patient"], weeks["week"]))
    weeks["planned_hours"] = found["planned_hours"].fillna(0.0).to_numpy()
    weeks["hours"] = found["hours"].fillna(0.0).to_numpy()
    minimum = weeks["level"].map(MINIMUM_HOURS).astype(float)
    weeks["judged"] = minimum.notna()
    weeks["meets"] = weeks["hours"] >= minimum - 1e-9
    table = _rollup(
        weeks,
        {
            "patient_weeks": ("week", "size"),
            "planned_hours": ("planned_hours", "sum"),
            "delivered_hours": ("hours", "sum"),
            "weeks_judged": ("judged", "sum"),
            "weeks_meeting_minimum": ("meets", "sum"),
        },
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        share = table["delivered_hours"] / table["planned_hours"].where(table["planned_hours"] > 0)
    table.insert(table.columns.get_loc("delivered_hours") + 1, "delivered_share", share)
    table.insert(table.columns.get_loc("weeks_judged"), "minimum_hours", table["level"].map(MINIMUM_HOURS))
    for col in ("patient_weeks", "weeks_judged", "weeks_meeting_minimum"):
        table[col] = table[col].astype(int)
    return _rate(table, "share_meeting_minimum", "weeks_meeting_minimum", "weeks_judged")
