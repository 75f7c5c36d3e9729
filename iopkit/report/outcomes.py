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
        # each episode's row of cohort is its number (_episode): read and written by position, not joined
        episode, day = pairs["_episode"].to_numpy(), pairs["date"].to_numpy()
        total, stops = pairs["total"].to_numpy(float), pairs["_stop"].to_numpy()
        offset = (day - pairs["admitted"].to_numpy()) / _D
        base = _first_per_episode((offset >= BASELINE_WINDOW[0]) & (offset <= BASELINE_WINDOW[1]), episode, day)
        baseline_day = np.full(len(cohort), np.datetime64("NaT"), day.dtype)
        baseline = np.full(len(cohort), np.nan)
        baseline_day[episode[base]], baseline[episode[base]] = day[base], total[base]
        e = cohort.assign(baseline_day=baseline_day, baseline=baseline)
        e["with_baseline"] = e["baseline_day"].notna()
        due_day = e["baseline_day"] + np.timedelta64(FOLLOW_UP_DAY, "D")
        e["due"] = e["with_baseline"] & (due_day <= e["_stop"])
        since = (day - baseline_day[episode]) / _D
        in_window = np.zeros(len(cohort), bool)
        in_window[episode[(since >= FOLLOW_UP_WINDOW[0]) & (since <= FOLLOW_UP_WINDOW[1])]] = True
        e["on_schedule"] = e["due"] & in_window
        last = _first_per_episode((since >= FOLLOW_UP_WINDOW[0]) & (day <= stops), episode, day, last=True)
        latest = np.full(len(cohort), np.nan)
        latest[episode[last]] = total[last]
        e["last"] = latest
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


def _first_per_episode(rows, episode, day, *, last: bool = False):
    """The positions of the rows (a boolean mask) that come first (``last``: last) by day in their episode, ties in
    the order of the rows, as a stable sort by (episode, day) and ``drop_duplicates`` keeps them."""
    at = np.flatnonzero(rows)
    at = at[np.lexsort((day[at], episode[at]))]
    ours = episode[at]
    keep = np.r_[ours[1:] != ours[:-1], True] if last else np.r_[True, ours[1:] != ours[:-1]]
    return at[keep] if at.size else at


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


#: The days a flag's life is read from (a flags table without one: no correction bore on a flag).
_FLAG_DAYS = ("resolved", "raised_by_correction", "reopened", "reclosed", "withdrawn", "raised_again")


def safety(stays, flags, t0, t1, reopenings=None):
    """Critical safety flags: those raised in the range and how soon each was first closed; what corrections did in
    the range; and where every flag followed in the range stood on its last day.

    Every count is by the day of its event.  A flag is raised on its record's clinical date, or, when a later correction
    raised it for the first time (``raised_by_correction``), on the day that correction was saved (when it first
    appeared in the chart): its days to its first closing and its age count from then, and, when the correction was
    saved on a later clinic day than the record's clinical date, it is counted apart as raised by a late correction,
    with the days from the record's clinical date to the correction (a keying fix saved the same day is an ordinary flag
    of that day; one a correction raised in place of a higher finding it lowered is not raised by it: its data carry no
    ``raised_by_correction``, physician review R25a 5).  Reopened by a correction, re-closed (with the days from the
    reopening), withdrawn by a correction and raised again by a correction (``raised_again``: a withdrawn flag back in
    the chart, never a new flag) count the events that fell in the range, whenever the flag was raised: a flag reopened
    more than once (``reopenings``) counts each reopening and re-closing on its own day.  The flags followed are those
    raised in the range (``flags_raised``) and those raised before it that were open when it began or that a
    correction reopened, re-closed, withdrew or raised again in it (``carried_in``); on the last day each is in
    exactly one of: closed, open and never closed, open again after a correction, withdrawn by a correction (and not
    raised again by then).  An open flag's age runs from the day it was raised (open again: from the reopening; open
    since it was raised again: from that day).  A flag is placed at the level and track of the stay its clinical date
    falls in (one outside a stay is not counted).

    Parameters
    ----------
    stays : pandas.DataFrame
        The ``stays`` table of :class:`~iopkit.report.ProgrammeData`.
    flags : pandas.DataFrame
        Its ``flags`` table (only critical flags are counted; a table without the columns of
        :data:`~iopkit.report.data.CORRECTED`: no correction bore on a flag).
    t0, t1 : pandas.Timestamp
        The first and last day of the range (both included).
    reopenings : pandas.DataFrame, optional
        Its ``reopenings`` table: each reopening of a flag after the one in the flag's row (None: none).

    Returns
    -------
    pandas.DataFrame
        Per level and track: flags raised (by a late correction, with the median and longest days late), patients
        flagged, first closed (median days, within a day, and that share of the flags raised with its Wilson
        interval), reopened by a correction, re-closed (median days from the reopening), withdrawn by a correction,
        raised again by a correction, flags carried in, and the flags closed, open never closed and open again at the
        range's end (with the median and oldest age of those open).
    """
    import pandas as pd

    critical = flags[flags["severity"].str.lower() == "critical"]
    f = critical.reindex(columns=["patient", "date", "code", *_FLAG_DAYS]).assign(flag=critical.index)
    for column in _FLAG_DAYS:  # a table without them: no correction bore on a flag
        f[column] = pd.to_datetime(f[column])
    f = _at_stay(f, stays)  # the stay of the record's clinical date
    later = pd.DataFrame({"flag": [], "reopened": [], "reclosed": []}) if reopenings is None else reopenings
    later = later.loc[later["flag"].isin(f["flag"]), ["flag", "reopened", "reclosed"]]
    later = later.assign(**{c: pd.to_datetime(later[c]) for c in ("reopened", "reclosed")})
    # every reopening of each flag: the one in its row, then each later one
    reopened_at = pd.concat([f.loc[f["reopened"].notna(), ["flag", "reopened", "reclosed"]], later])

    def by(column, day):  # the event happened on or before ``day``
        return f[column].notna() & (f[column] <= day)

    def within(column, frame=None):  # the event happened in the range (of the flags, or of ``frame``'s rows)
        days = (f if frame is None else frame)[column]
        return days.notna() & (days >= t0) & (days <= t1)

    def open_again_since(day):  # of each flag, the day the reopening still open on ``day`` began (NaT: none)
        on = reopened_at[(reopened_at["reopened"] <= day) & ~(reopened_at["reclosed"] <= day)]
        began = on.groupby("flag")["reopened"].max()
        return pd.Series(pd.to_datetime(began.reindex(f["flag"]).to_numpy()), index=f.index)

    raised = f["raised_by_correction"].fillna(f["date"])  # when it first appeared in the chart
    f = f.assign(raised=raised)
    before = t0 - _D

    def state(day):  # open never closed, open again (since when), withdrawn, on ``day``
        withdrawn = by("withdrawn", day) & ~by("raised_again", day)
        since = open_again_since(day)
        again = since.notna() & ~withdrawn
        never = (raised <= day) & ~by("resolved", day) & ~withdrawn
        return never, again, withdrawn, since

    never_before, again_before, _, _ = state(before)
    events = within("reopened") | within("reclosed") | within("withdrawn") | within("raised_again")
    events |= f["flag"].isin(later.loc[within("reopened", later) | within("reclosed", later), "flag"])
    new = (raised >= t0) & (raised <= t1)
    carried = (raised < t0) & (never_before | again_before | events)
    never, again, withdrawn, since = state(t1)
    followed = new | carried
    is_open = never | again
    first = new & by("resolved", t1)
    late = new & (f["raised_by_correction"] > f["date"])  # a later clinic day than the questionnaire's
    reclosed = within("reclosed")
    f = f.assign(
        is_raised=new,
        is_late=late,
        days_late=((f["raised_by_correction"] - f["date"]) / _D).where(late),
        is_first_closed=first,
        days=((f["resolved"] - raised) / _D).where(first),
        is_reopened=within("reopened"),
        is_reclosed=reclosed,
        days_to_reclosing=((f["reclosed"] - f["reopened"]) / _D).where(reclosed),
        is_withdrawn=within("withdrawn"),
        is_raised_again=within("raised_again"),
        is_carried=carried,
        is_closed_at_end=followed & ~is_open & ~withdrawn,
        is_never_closed=followed & never,
        is_open_again=followed & again,
        age=((t1 - since.where(again, f["raised_again"].where(by("raised_again", t1), raised))) / _D).where(
            followed & is_open
        ),
        flagged=f["patient"].where(new),
    )
    f = f.assign(within_1_day=f["days"] <= 1)
    f = f[followed]
    # each later reopening of a flag followed: a row of its own counting that reopening and re-closing, nothing else
    extra = later.merge(f[["flag", "level", "track"]], on="flag")
    reclosed = within("reclosed", extra)
    extra = extra.assign(
        is_reopened=within("reopened", extra),
        is_reclosed=reclosed,
        days_to_reclosing=((extra["reclosed"] - extra["reopened"]) / _D).where(reclosed),
    )
    f = pd.concat([f, extra], ignore_index=True) if len(extra) else f
    for column in f.columns[f.columns.str.startswith("is_")].union(["within_1_day"]):
        f[column] = f[column].eq(True)  # a later reopening's row: none of the flag's own counts
    table = _rollup(
        f,
        {
            "flags_raised": ("is_raised", "sum"),
            "raised_by_late_correction": ("is_late", "sum"),
            "median_days_late": ("days_late", "median"),
            "longest_days_late": ("days_late", "max"),
            "patients_flagged": ("flagged", "nunique"),
            "first_closed": ("is_first_closed", "sum"),
            "median_days_to_first_closing": ("days", "median"),
            "first_closed_within_1_day": ("within_1_day", "sum"),
            "reopened_by_correction": ("is_reopened", "sum"),
            "reclosed": ("is_reclosed", "sum"),
            "median_days_reopening_to_reclosing": ("days_to_reclosing", "median"),
            "withdrawn_by_correction": ("is_withdrawn", "sum"),
            "raised_again_by_correction": ("is_raised_again", "sum"),
            "carried_in": ("is_carried", "sum"),
            "closed_at_end": ("is_closed_at_end", "sum"),
            "open_never_closed_at_end": ("is_never_closed", "sum"),
            "open_again_at_end": ("is_open_again", "sum"),
            "open_median_age_days": ("age", "median"),
            "open_oldest_age_days": ("age", "max"),
        },
    )
    counts = ("flags_raised", "raised_by_late_correction", "patients_flagged", "first_closed")
    again_counts = ("reopened_by_correction", "reclosed", "withdrawn_by_correction", "raised_again_by_correction")
    again_counts = (*again_counts, "carried_in")
    ends = ("closed_at_end", "open_never_closed_at_end", "open_again_at_end")
    _ints(table, (*counts, "first_closed_within_1_day", *again_counts, *ends))
    return _rate(table, "share_first_closed_within_1_day", "first_closed_within_1_day", "flags_raised")
