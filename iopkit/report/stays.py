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
    _read_only,
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
    return _census(_stay_arrays(stays), t0, t1)


def _stay_arrays(stays) -> dict:
    """What :func:`census` and :func:`dose` read of ``stays`` whatever the range, as numpy arrays, one per stay
    (:func:`~iopkit.report.programme.programme_report` computes them once per :class:`~iopkit.report.ProgrammeData`).

    Parameters
    ----------
    stays : pandas.DataFrame
        The ``stays`` table of :class:`~iopkit.report.ProgrammeData`.

    Returns
    -------
    dict of str to numpy.ndarray
        Read-only: ``patient``, ``level``, ``track``; ``start`` and ``end`` (datetime64[ns], NaT while in treatment),
        ``open_end`` (``end``, the last representable day while in treatment); ``opens`` and ``closes`` (the stay
        opens, closes its episode: :func:`_first_and_last`); ``leaves`` (the stay ended without a placement at a
        programme level); ``step`` (the rank of the next level minus that of the stay's, NaN without a next level);
        ``minimum`` (the level's weekly minimum hours, NaN without one).
    """
    import pandas as pd

    opens, closes = _first_and_last(stays)
    start = stays["start"].to_numpy("datetime64[ns]")
    end = stays["end"].to_numpy("datetime64[ns]")
    out = {
        "patient": stays["patient"].to_numpy(),
        "level": stays["level"].to_numpy(object),
        "track": stays["track"].to_numpy(object),
        "start": start,
        "end": end,
        "open_end": np.where(np.isnat(end), pd.Timestamp.max.normalize().to_datetime64(), end),
        "opens": opens.to_numpy(bool),
        "closes": closes.to_numpy(bool),
        "leaves": ~stays["next_level"].isin(PROGRAMME_LEVELS).to_numpy(bool),
        "step": _rank(stays["next_level"].tolist()) - _rank(stays["level"].tolist()),
        "minimum": stays["level"].map(MINIMUM_HOURS).to_numpy(float),
    }
    return _read_only(out)


def _census(s: dict, t0, t1):
    """The census and level-changes tables of :func:`census` for ``t0`` to ``t1`` from the stays' arrays ``s``
    (:func:`_stay_arrays`)."""

    d0, d1 = np.datetime64(t0.to_datetime64(), "ns"), np.datetime64(t1.to_datetime64(), "ns")
    served = (s["start"] <= d1) & (s["open_end"] >= d0)  # the stays in the range
    start, end, open_end = s["start"][served], s["end"][served], s["open_end"][served]
    first_day, last_day = np.where(start > d0, start, d0), np.where(open_end < d1, open_end, d1)
    ends_in_range = (end >= d0) & (end <= d1)  # NaT: never
    step = s["step"][served]
    frame = {
        "level": s["level"][served],
        "track": s["track"][served],
        "patient": s["patient"][served],
        "census_start": (start <= d0) & (open_end >= d0),
        "census_end": (start <= d1) & (open_end >= d1),
        "patient_days": (last_day - first_day) / _DAY + 1,
        "admissions": s["opens"][served] & (start >= d0) & (start <= d1),
        "discharges": s["closes"][served] & ends_in_range & s["leaves"][served],
        "step_downs": ends_in_range & (step < 0),
        "step_ups": ends_in_range & (step > 0),
    }
    counts = {c: (c, "sum") for c in ("census_start", "census_end", "admissions", "discharges")}
    flow = {"stays": ("patient_days", "size"), "step_downs": ("step_downs", "sum"), "step_ups": ("step_ups", "sum")}
    both = _rollup(
        frame, {**counts, "patient_days": ("patient_days", "sum"), "patients_served": ("patient", "nunique"), **flow}
    )
    table = both[["level", "track", *counts, "patient_days", "patients_served"]]
    days = (t1 - t0).days + 1
    table.insert(table.columns.get_loc("census_end") + 1, "average_daily_census", table.pop("patient_days") / days)
    changes = both[["level", "track", *flow]]
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
    return _length_of_stay(_episode_arrays(eps), t0, t1)


def _episode_arrays(eps) -> dict:
    """The episodes (:func:`episodes`) as read-only numpy arrays, one per episode: ``patient``, ``level``,
    ``track``, ``admitted`` and ``discharged`` (datetime64[ns], NaT while in treatment); what the tables of episodes
    read whatever the range (:func:`~iopkit.report.programme.programme_report` computes them once per
    :class:`~iopkit.report.ProgrammeData`)."""
    out = {
        "patient": eps["patient"].to_numpy(),
        "level": eps["level"].to_numpy(object),
        "track": eps["track"].to_numpy(object),
        "admitted": eps["admitted"].to_numpy("datetime64[ns]"),
        "discharged": eps["discharged"].to_numpy("datetime64[ns]"),
    }
    return _read_only(out)


def _length_of_stay(e: dict, t0, t1):
    """The length-of-stay table of :func:`length_of_stay` for ``t0`` to ``t1`` from the episodes' arrays ``e``
    (:func:`_episode_arrays`)."""

    d0, d1 = np.datetime64(t0.to_datetime64(), "ns"), np.datetime64(t1.to_datetime64(), "ns")
    done = (e["discharged"] >= d0) & (e["discharged"] <= d1)  # NaT: not discharged
    days = (e["discharged"][done] - e["admitted"][done]) / _DAY
    table = _rollup(
        {"level": e["level"][done], "track": e["track"][done], "days": days},
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


def _cohort(e: dict, t0, t1):
    """The episodes admitted in the range (a mask on the episodes' arrays ``e``, :func:`_episode_arrays`), with their
    days in treatment ``t`` and whether each ``ended`` in the range (else censored at t1), in the episodes' order."""
    d0, d1 = np.datetime64(t0.to_datetime64(), "ns"), np.datetime64(t1.to_datetime64(), "ns")
    admitted = (e["admitted"] >= d0) & (e["admitted"] <= d1)
    discharged = e["discharged"][admitted]
    ended = discharged <= d1  # NaT: in treatment
    return admitted, (np.where(ended, discharged, d1) - e["admitted"][admitted]) / _DAY, ended


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
    return _retention(_episode_arrays(eps), t0, t1)


def _retention(e: dict, t0, t1):
    """The retention table and curves of :func:`retention` for ``t0`` to ``t1`` from the episodes' arrays ``e``
    (:func:`_episode_arrays`); groups in the order they first appear among the episodes, as pandas' groupby."""
    import pandas as pd

    from .tables import _groups, _order

    admitted, t, ended = _cohort(e, t0, t1)
    level, track = e["level"][admitted], e["track"][admitted]
    rows, curves = [], []

    def add(level, track, at):  # one row of the table (and a curve per level and for the programme)
        n, events, share, low, high, median, curve = _curve(t[at], ended[at])
        rows.append((level, track, n, events, share, low, high, median))
        if track == ALL and curve is not None:
            label = f"Level {level}" if level != ALL else "Programme"
            curves.append((label, tuple([0.0] + curve.times.tolist()), tuple([1.0] + curve.survival.tolist())))

    for keys in ((level, track), (level,)):
        group, first = _groups([pd.factorize(k)[0] for k in keys], len(t))  # a blank key in no group
        for g, at in enumerate(first):
            add(keys[0][at], keys[1][at] if len(keys) > 1 else ALL, group == g)
    add(ALL, ALL, np.ones(len(t), bool))
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
    return _compare_retention(_episode_arrays(eps), t0, t1)


def _compare_retention(e: dict, t0, t1):
    """The table and summary of :func:`compare_retention` for ``t0`` to ``t1`` from the episodes' arrays ``e``
    (:func:`_episode_arrays`); levels in the order they first appear among the episodes, as pandas' groupby."""
    import pandas as pd

    from ..dose.response import log_rank
    from ..errors import FitError
    from .tables import _order

    admitted, t, ended = _cohort(e, t0, t1)
    level = e["level"][admitted]
    codes, levels = pd.factorize(level)  # a blank level is in no group
    counted = codes >= 0
    per_level = (
        np.bincount(codes[counted], minlength=len(levels)),
        np.bincount(codes[counted], weights=ended[counted], minlength=len(levels)).astype(np.int64),
    )
    rows = len(levels) + 1  # each level, then the programme's row
    columns = {
        "level": pd.Series([*levels, ALL], dtype=object),  # text as object, as the tables of _rollup
        "admitted": np.r_[per_level[0], len(t)].astype(np.int64),
        "ended": np.r_[per_level[1], int(ended.sum())].astype(np.int64),
        "expected_ended": np.full(rows, np.nan),
        "chi_square": np.full(rows, np.nan),
        "df": pd.array([pd.NA] * rows, dtype="Int64"),
        "p_value": np.full(rows, np.nan),
    }

    def table():
        return _order(pd.DataFrame({**columns, "track": ALL})).drop(columns="track")

    compared = sorted(str(code) for code, n in zip(levels, per_level[1]) if n > 0)
    if len(compared) < 2:
        which = f" (only Level {compared[0]})" if compared else ""
        summary = (
            "Retention is not compared between levels: fewer than two admission levels have an episode "
            f"that ended in the range{which}."
        )
        return table(), summary
    try:
        test = log_rank(t, ended, groups=level.astype(str).astype(object))
    except FitError as error:
        return table(), f"Retention is not compared: {error}."
    expected = dict(zip(test.groups, test.expected))
    columns["expected_ended"] = np.array([expected.get(code, np.nan) for code in levels] + [float(sum(test.expected))])
    columns["chi_square"][-1], columns["p_value"][-1] = test.statistic, test.p_value
    columns["df"] = pd.array([pd.NA] * (rows - 1) + [test.df], dtype="Int64")
    levels_said = ", ".join(test.groups)
    summary = (
        f"Log-rank test of retention between the admission levels {levels_said} (all tracks): chi-square "
        f"{test.statistic:.2f} on {test.df} df, p = {_p(test.p_value)}."
    )
    return table(), summary


def _p(p: float) -> str:
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def _full_weeks(s: dict, t0, t1):
    """Each complete Monday-to-Sunday week a patient spent at a level inside the range: the position of its stay in
    the stays' arrays ``s`` (:func:`_stay_arrays`) and its Monday (datetime64[ns]), stay by stay, week by week."""
    d0, d1 = np.datetime64(t0.to_datetime64(), "ns"), np.datetime64(t1.to_datetime64(), "ns")
    end = np.where(np.isnat(s["end"]), d1, s["end"])
    first = (np.where(s["start"] > d0, s["start"], d0) - _EPOCH) // _DAY  # days since Thursday 1 January 1970
    last = (np.where(end < d1, end, d1) - _EPOCH) // _DAY
    monday = first + (7 - (first + 3) % 7) % 7  # (day + 3) % 7: 0 on a Monday
    last_monday = last - 6 - (last - 6 + 3) % 7
    count = np.where(s["start"] <= d1, np.maximum((last_monday - monday) // 7 + 1, 0), 0)
    stay = np.repeat(np.arange(len(count)), count)
    offsets = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    return stay, _EPOCH + (monday[stay] + 7 * offsets) * _DAY


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
    return _dose(_stay_arrays(stays), _attended_weeks(attendance), t0, t1)


def _attended_weeks(attendance) -> dict:
    """What :func:`dose` reads of ``attendance`` whatever the range, as read-only numpy arrays, one per session:
    ``patient``, ``date`` (datetime64[ns]), ``week`` (its Monday-to-Sunday week as a number: 1 January 1970 was a
    Thursday, so (days + 3) // 7 counts weeks), ``planned_hours`` and ``hours``."""
    date = attendance["date"].to_numpy("datetime64[ns]")
    out = {
        "patient": attendance["patient"].to_numpy(),
        "date": date,
        "week": ((date - _EPOCH) // _DAY + 3) // 7,
        "planned_hours": attendance["planned_hours"].to_numpy(float),
        "hours": attendance["hours"].to_numpy(float),
    }
    return _read_only(out)


def _dose(s: dict, a: dict, t0, t1):
    """The dose table of :func:`dose` for ``t0`` to ``t1`` from the stays' arrays ``s`` (:func:`_stay_arrays`) and
    the sessions' ``a`` (:func:`_attended_weeks`)."""
    import pandas as pd

    stay, monday = _full_weeks(s, t0, t1)
    d0, d1 = np.datetime64(t0.to_datetime64(), "ns"), np.datetime64(t1.to_datetime64(), "ns")
    held = (a["date"] >= d0) & (a["date"] <= d1)
    people = pd.Index(pd.unique(s["patient"][stay]))

    # one integer per (patient, Monday-to-Sunday week)
    def key(patients, weeks):
        return people.get_indexer(patients).astype(np.int64) * 100_000 + weeks

    attended = key(a["patient"][held], a["week"][held])
    hours = pd.DataFrame({"planned_hours": a["planned_hours"][held], "hours": a["hours"][held]})
    found = (
        hours.groupby(attended, sort=False).sum().reindex(key(s["patient"][stay], ((monday - _EPOCH) // _DAY + 3) // 7))
    )
    delivered = found["hours"].fillna(0.0).to_numpy()
    minimum = s["minimum"][stay]
    weeks = {
        "level": s["level"][stay],
        "track": s["track"][stay],
        "week": monday,
        "planned_hours": found["planned_hours"].fillna(0.0).to_numpy(),
        "hours": delivered,
        "judged": ~np.isnan(minimum),
        "meets": delivered >= minimum - 1e-9,
    }
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
