"""Measurement-based care, drug-screen positivity and safety flags of a programme (vectorised)."""

from __future__ import annotations

import numpy as np

from .tables import (
    BASELINE_WINDOW,
    FOLLOW_UP_DAY,
    FOLLOW_UP_WINDOW,
    MEASURES,
    _at_stay,
    _rate,
    _rollup,
)

__all__ = ["measurement", "safety", "screens"]

_D = np.timedelta64(1, "D")


def measurement(eps, measures, t0, t1):
    """Measurement-based care rates and response/remission, per instrument, admission level and track.

    Parameters
    ----------
    eps : pandas.DataFrame
        The episodes, from :func:`iopkit.report.stays.episodes`.
    measures : pandas.DataFrame
        The ``measures`` table of :class:`~iopkit.report.ProgrammeData`.
    t0, t1 : pandas.Timestamp
        The first and last day of the range (both included).

    Returns
    -------
    tuple of pandas.DataFrame
        The rates table (baseline and on-schedule follow-up, with Wilson intervals) and the outcomes table
        (response and remission among eligible baselines), each per instrument, level and track.
    """
    import pandas as pd

    from ..progress import change, criteria

    cohort = eps[(eps["admitted"] >= t0) & (eps["admitted"] <= t1)].reset_index(drop=True)
    cohort["_episode"] = np.arange(len(cohort))
    stop = cohort["discharged"].where(cohort["discharged"].notna() & (cohort["discharged"] <= t1), t1)
    cohort["_stop"] = stop
    rates, outcomes = [], []
    for instrument in MEASURES:
        earliest = t0 + np.timedelta64(BASELINE_WINDOW[0], "D")  # no measure before this can be a baseline
        m = measures[(measures["instrument"] == instrument) & (measures["date"] <= t1) & (measures["date"] >= earliest)]
        pairs = cohort[["patient", "_episode", "admitted", "_stop"]].merge(
            m[["patient", "date", "total"]], on="patient"
        )
        offset = (pairs["date"] - pairs["admitted"]) / _D
        base = pairs[(offset >= BASELINE_WINDOW[0]) & (offset <= BASELINE_WINDOW[1])]
        base = base.sort_values(["_episode", "date"], kind="stable").drop_duplicates("_episode")
        e = cohort.join(
            base.set_index("_episode")[["date", "total"]].rename(columns={"date": "baseline_day", "total": "baseline"}),
            on="_episode",
        )
        e["with_baseline"] = e["baseline_day"].notna()
        due_day = e["baseline_day"] + np.timedelta64(FOLLOW_UP_DAY, "D")
        e["due"] = e["with_baseline"] & (due_day <= e["_stop"])
        after = pairs.join(e.set_index("_episode")["baseline_day"], on="_episode")
        since = (after["date"] - after["baseline_day"]) / _D
        in_window = after[(since >= FOLLOW_UP_WINDOW[0]) & (since <= FOLLOW_UP_WINDOW[1])]["_episode"].unique()
        e["on_schedule"] = e["due"] & e["_episode"].isin(in_window)
        late = after[(since >= FOLLOW_UP_WINDOW[0]) & (after["date"] <= after["_stop"])]
        last = late.sort_values(["_episode", "date"], kind="stable").drop_duplicates("_episode", keep="last")
        e = e.join(last.set_index("_episode")["total"].rename("last"), on="_episode")
        e["instrument"] = instrument
        rates.append(e)
        paired = e[e["last"].notna()].copy()
        c = change(instrument, paired["baseline"].to_numpy(float), paired["last"].to_numpy(float))
        crit = criteria(instrument)
        paired["response_eligible"] = c["response_eligible"]
        paired["responded"] = c["response"]
        paired["remission_eligible"] = c["response_eligible"] & (paired["baseline"].to_numpy() >= crit.remission_below)
        paired["remitted"] = paired["remission_eligible"] & c["remission"]
        outcomes.append(paired)
    r = pd.concat(rates, ignore_index=True)
    rate_table = _rollup(
        r,
        {
            "admissions": ("_episode", "size"),
            "with_baseline": ("with_baseline", "sum"),
            "follow_up_due": ("due", "sum"),
            "follow_up_on_schedule": ("on_schedule", "sum"),
        },
        by=["instrument"],
    )
    _ints(rate_table, ("admissions", "with_baseline", "follow_up_due", "follow_up_on_schedule"))
    _rate(rate_table, "baseline_rate", "with_baseline", "admissions")
    _rate(rate_table, "follow_up_rate", "follow_up_on_schedule", "follow_up_due")
    o = pd.concat(outcomes, ignore_index=True)
    out_table = _rollup(
        o,
        {
            "with_follow_up": ("_episode", "size"),
            "response_eligible": ("response_eligible", "sum"),
            "responded": ("responded", "sum"),
            "remission_eligible": ("remission_eligible", "sum"),
            "remitted": ("remitted", "sum"),
        },
        by=["instrument"],
    )
    _ints(out_table, ("with_follow_up", "response_eligible", "responded", "remission_eligible", "remitted"))
    _rate(out_table, "response_rate", "responded", "response_eligible")
    _rate(out_table, "remission_rate", "remitted", "remission_eligible")
    return rate_table, out_table


def _ints(table, columns):
    for col in columns:
        table[col] = table[col].astype(int)


def _in_range(frame, t0, t1):
    return frame[(frame["date"] >= t0) & (frame["date"] <= t1)]


def screens(stays, data, t0, t1):
    """Drug screens collected in the range during a stay: positivity per level and track.

    Parameters
    ----------
    stays : pandas.DataFrame
        The ``stays`` table of :class:`~iopkit.report.ProgrammeData`.
    data : pandas.DataFrame
        Its ``screens`` table.
    t0, t1 : pandas.Timestamp
        The first and last day of the range (both included).

    Returns
    -------
    pandas.DataFrame
        Screens, positives and patients screened per level and track, with the positivity and its Wilson
        interval.
    """
    s = _at_stay(_in_range(data, t0, t1)[["patient", "date", "positive"]], stays)
    table = _rollup(
        s,
        {"screens": ("positive", "size"), "positive": ("positive", "sum"), "patients_screened": ("patient", "nunique")},
    )
    _ints(table, ("screens", "positive", "patients_screened"))
    return _rate(table, "positivity", "positive", "screens")


def safety(stays, flags, t0, t1):
    """Critical safety flags raised in the range during a stay, how fast they were resolved, and those still open.

    A flag is resolved when its first closing is on or before the last day of the range (days from the flagged
    record to that closing).  A correction that raised its finding reopens it on the day the correction was saved
    (``reopened``) until a closing on the corrected record (``reclosed``): counted apart, with the days from the
    correction to the re-closing, and never moving the first closing.  A flag is open at the end of the range when
    it has no closing by then, or was reopened by then and not closed again; its age is the days from the flagged
    record (a reopened flag: from the correction) to that last day.  A reopened flag still open counts both as
    resolved (its first closing) and as open.

    Parameters
    ----------
    stays : pandas.DataFrame
        The ``stays`` table of :class:`~iopkit.report.ProgrammeData`.
    flags : pandas.DataFrame
        Its ``flags`` table (only critical flags are counted; without ``reopened`` and ``reclosed``, none was
        reopened).
    t0, t1 : pandas.Timestamp
        The first and last day of the range (both included).

    Returns
    -------
    pandas.DataFrame
        Flags raised, patients flagged, resolved (median days, within a day), open (median and oldest age),
        reopened by a correction and re-closed (median days from the correction) per level and track.
    """
    import pandas as pd

    critical = flags[flags["severity"].str.lower() == "critical"]
    columns = ["patient", "date", "code", "severity", "resolved", "reopened", "reclosed"]
    f = _at_stay(_in_range(critical, t0, t1).reindex(columns=columns), stays)
    for column in ("resolved", "reopened", "reclosed"):  # a table without them: never reopened
        f[column] = pd.to_datetime(f[column])
    done = f["resolved"].notna() & (f["resolved"] <= t1)
    reopened = f["reopened"].notna() & (f["reopened"] <= t1)
    reclosed = reopened & f["reclosed"].notna() & (f["reclosed"] <= t1)
    still = ~done | (reopened & ~reclosed)
    since = f["reopened"].where(reopened & ~reclosed, f["date"])
    f = f.assign(
        days=((f["resolved"] - f["date"]) / _D).where(done),
        is_resolved=done,
        is_open=still,
        age=((t1 - since) / _D).where(still),
        is_reopened=reopened,
        is_reclosed=reclosed,
        days_to_reclosing=((f["reclosed"] - f["reopened"]) / _D).where(reclosed),
    )
    f = f.assign(within_1_day=f["days"] <= 1)
    table = _rollup(
        f,
        {
            "flags_raised": ("code", "size"),
            "patients_flagged": ("patient", "nunique"),
            "resolved": ("is_resolved", "sum"),
            "median_days_to_resolution": ("days", "median"),
            "resolved_within_1_day": ("within_1_day", "sum"),
            "open": ("is_open", "sum"),
            "open_median_age_days": ("age", "median"),
            "open_oldest_age_days": ("age", "max"),
            "reopened_by_correction": ("is_reopened", "sum"),
            "reclosed": ("is_reclosed", "sum"),
            "median_days_correction_to_reclosing": ("days_to_reclosing", "median"),
        },
    )
    counts = ("flags_raised", "patients_flagged", "resolved", "resolved_within_1_day", "open")
    _ints(table, (*counts, "reopened_by_correction", "reclosed"))
    return _rate(table, "share_resolved_within_1_day", "resolved_within_1_day", "flags_raised")
