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
    _read_only,
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
    from .stays import _episode_arrays

    return _measurement(_episode_arrays(eps), _measured(eps, measures), t0, t1)


def _measured(eps, measures) -> dict:
    """What :func:`measurement` reads of the measures whatever the range: per instrument of :data:`MEASURES`, each
    (episode, measure of the episode's patient) pair as read-only arrays ``row`` (the episode's row in ``eps``),
    ``day`` and ``total``, the pairs of an episode in the measures' order (computed once per
    :class:`~iopkit.report.ProgrammeData`)."""
    import pandas as pd

    out = {}
    for instrument in MEASURES:
        m = measures.loc[measures["instrument"] == instrument, ["patient", "date", "total"]]
        pairs = pd.DataFrame({"patient": eps["patient"].to_numpy(), "row": np.arange(len(eps))}).merge(m, on="patient")
        order = np.argsort(pairs["row"].to_numpy(), kind="stable")  # each episode's in the measures' order
        out[instrument] = {
            "row": pairs["row"].to_numpy(np.int64)[order],
            "day": pairs["date"].to_numpy("datetime64[ns]")[order],
            "total": pairs["total"].to_numpy(float)[order],
        }
        _read_only(out[instrument])
    return out


def _measurement(e: dict, measured: dict, t0, t1):
    """The rates and outcomes tables of :func:`measurement` for ``t0`` to ``t1`` from the episodes' arrays ``e``
    (:func:`~iopkit.report.stays._episode_arrays`) and their measures (:func:`_measured`).

    The episodes admitted in the range are numbered in order (their row of the cohort), each pair read and written
    by that number, never joined.
    """

    from ..progress import change, criteria

    d0, d1 = np.datetime64(t0.to_datetime64(), "ns"), np.datetime64(t1.to_datetime64(), "ns")
    admitted = (e["admitted"] >= d0) & (e["admitted"] <= d1)
    number = np.cumsum(admitted) - 1  # each episode's row of the cohort
    n = int(admitted.sum())
    since_admission = e["admitted"][admitted]
    discharged = e["discharged"][admitted]
    stop = np.where(discharged <= d1, discharged, d1)  # NaT: in treatment at the end of the range
    level, track = e["level"][admitted], e["track"][admitted]
    earliest = d0 + np.timedelta64(BASELINE_WINDOW[0], "D")  # no measure before this can be a baseline
    rates: dict = {k: [] for k in ("instrument", "level", "track", "with_baseline", "due", "on_schedule")}
    outcomes: dict = {k: [] for k in ("instrument", "level", "track", "response_eligible", "responded")}
    outcomes |= {"remission_eligible": [], "remitted": []}
    for instrument in MEASURES:
        pairs = measured[instrument]
        kept = admitted[pairs["row"]] & (pairs["day"] <= d1) & (pairs["day"] >= earliest)
        episode, day, total = number[pairs["row"][kept]], pairs["day"][kept], pairs["total"][kept]
        stops = stop[episode]
        offset = (day - since_admission[episode]) / _D
        base = _first_per_episode((offset >= BASELINE_WINDOW[0]) & (offset <= BASELINE_WINDOW[1]), episode, day)
        baseline_day = np.full(n, np.datetime64("NaT"), day.dtype)
        baseline = np.full(n, np.nan)
        baseline_day[episode[base]], baseline[episode[base]] = day[base], total[base]
        with_baseline = ~np.isnat(baseline_day)
        due = with_baseline & (baseline_day + np.timedelta64(FOLLOW_UP_DAY, "D") <= stop)
        since = (day - baseline_day[episode]) / _D
        in_window = np.zeros(n, bool)
        in_window[episode[(since >= FOLLOW_UP_WINDOW[0]) & (since <= FOLLOW_UP_WINDOW[1])]] = True
        last = _first_per_episode((since >= FOLLOW_UP_WINDOW[0]) & (day <= stops), episode, day, last=True)
        latest = np.full(n, np.nan)
        latest[episode[last]] = total[last]
        for name, values in zip(
            rates, (np.full(n, instrument, object), level, track, with_baseline, due, due & in_window)
        ):
            rates[name].append(values)
        paired = ~np.isnan(latest)
        c = change(instrument, baseline[paired], latest[paired])
        remission_eligible = c["response_eligible"] & (baseline[paired] >= criteria(instrument).remission_below)
        said = (c["response_eligible"], c["response"], remission_eligible, remission_eligible & c["remission"])
        for name, values in zip(
            outcomes, (np.full(int(paired.sum()), instrument, object), level[paired], track[paired], *said)
        ):
            outcomes[name].append(values)
    rate_table = _rollup(
        {name: np.concatenate(parts) for name, parts in rates.items()},
        {
            "admissions": ("with_baseline", "size"),
            "with_baseline": ("with_baseline", "sum"),
            "follow_up_due": ("due", "sum"),
            "follow_up_on_schedule": ("on_schedule", "sum"),
        },
        by=["instrument"],
    )
    _ints(rate_table, ("admissions", "with_baseline", "follow_up_due", "follow_up_on_schedule"))
    _rate(rate_table, "baseline_rate", "with_baseline", "admissions")
    _rate(rate_table, "follow_up_rate", "follow_up_on_schedule", "follow_up_due")
    out_table = _rollup(
        {name: np.concatenate(parts) for name, parts in outcomes.items()},
        {
            "with_follow_up": ("responded", "size"),
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
        if table[col].dtype != np.int64:  # a sum of flags is one already
            table[col] = table[col].astype(int)


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
    return _screens(_screens_at_stay(stays, data), t0, t1)


def _screens_at_stay(stays, data) -> dict:
    """Every drug screen collected during a stay, with its level and track (:func:`~iopkit.report.tables._at_stay`),
    as read-only numpy arrays by column (``patient``, ``date``, ``positive``, ``level``, ``track``): what
    :func:`screens` reads whatever the range (computed once per :class:`~iopkit.report.ProgrammeData`)."""
    s = _at_stay(data[["patient", "date", "positive"]], stays)
    out = {column: s[column].to_numpy(object if column in ("level", "track") else None) for column in s.columns}
    return _read_only(out)


def _screens(at_stay: dict, t0, t1):
    """The drug-screen table of :func:`screens` for ``t0`` to ``t1`` from the screens at their stay (``at_stay``).

    A screen's stay depends on its own day alone, so the screens of the range placed at their stays are those of all
    screens placed at theirs that fall in the range, in the same order.
    """
    d0, d1 = np.datetime64(t0.to_datetime64(), "ns"), np.datetime64(t1.to_datetime64(), "ns")
    held = (at_stay["date"] >= d0) & (at_stay["date"] <= d1)
    s = {column: values[held] for column, values in at_stay.items()}
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
    return _safety(_critical(stays, flags, reopenings), t0, t1)


def _critical(stays, flags, reopenings=None) -> dict:
    """What :func:`safety` reads whatever the range: the critical flags at the level and track of their stay, and every
    reopening of each (:func:`~iopkit.report.programme.programme_report` computes it once per
    :class:`~iopkit.report.ProgrammeData`).

    Parameters
    ----------
    stays, flags : pandas.DataFrame
        The ``stays`` and ``flags`` tables of :class:`~iopkit.report.ProgrammeData`.
    reopenings : pandas.DataFrame, optional
        Its ``reopenings`` table (None: none).

    Returns
    -------
    dict of str to numpy.ndarray
        Read-only arrays.  Per critical flag inside a stay (in :func:`~iopkit.report.tables._at_stay`'s order):
        ``level``, ``track``, ``patient`` (a number per patient, -1 blank), ``flag`` (a number per row label of
        ``flags``), its ``date``, its ``raised`` day (``raised_by_correction``, else ``date``) and each day of
        :data:`_FLAG_DAYS` (datetime64[ns], NaT blank).  Per reopening of a flag (its row's, then each later one):
        ``reopening_flag`` (the flag's number), ``reopening_on`` and ``reopening_until`` (NaT while open again).  Per
        later reopening: ``later_flag``, ``later_reopened`` and ``later_reclosed``.  Per (later reopening, row of its
        flag) pair, in the order of a merge of the later reopenings with the flags: ``pair_later`` and ``pair_row``
        (positions).
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
    number, labels = pd.factorize(f["flag"].to_numpy(), use_na_sentinel=False)  # labels as a merge matches them
    labels = pd.Index(labels)
    later_flag = labels.get_indexer(later["flag"].to_numpy())
    pairs = pd.DataFrame({"n": later_flag, "pair_later": np.arange(len(later))}).merge(
        pd.DataFrame({"n": number, "pair_row": np.arange(len(f))}), on="n"
    )

    def days(values):
        return np.asarray(values, dtype="datetime64[ns]")

    out = {
        "level": f["level"].to_numpy(object),
        "track": f["track"].to_numpy(object),
        "patient": pd.factorize(f["patient"].to_numpy())[0],
        "flag": number,
        "date": days(f["date"]),
        "raised": days(f["raised_by_correction"].fillna(f["date"])),  # when it first appeared in the chart
        **{column: days(f[column]) for column in _FLAG_DAYS},
        "reopening_flag": labels.get_indexer(reopened_at["flag"].to_numpy()),
        "reopening_on": days(reopened_at["reopened"]),
        "reopening_until": days(reopened_at["reclosed"]),
        "later_flag": later_flag,
        "later_reopened": days(later["reopened"]),
        "later_reclosed": days(later["reclosed"]),
        "pair_later": pairs["pair_later"].to_numpy(np.int64),
        "pair_row": pairs["pair_row"].to_numpy(np.int64),
    }
    return _read_only(out)


def _safety(c: dict, t0, t1):
    """The safety table of :func:`safety` for ``t0`` to ``t1`` from the flags :func:`_critical` prepared (``c``)."""

    d0, d1 = np.datetime64(t0.to_datetime64(), "ns"), np.datetime64(t1.to_datetime64(), "ns")
    date, raised, rbc, resolved = c["date"], c["raised"], c["raised_by_correction"], c["resolved"]
    reopened, reclosed_on, withdrawn_on, raised_again = c["reopened"], c["reclosed"], c["withdrawn"], c["raised_again"]
    nat = np.iinfo(np.int64).min  # NaT as an integer: below every day

    # comparisons with NaT are False: a blank day is no event
    def within(days):  # the event happened in the range
        return (days >= d0) & (days <= d1)

    def open_again_since(day):  # of each flag, the day the reopening still open on ``day`` began (NaT: none)
        on = (c["reopening_on"] <= day) & ~(c["reopening_until"] <= day)
        began = np.full(int(c["flag"].max(initial=-1)) + 1, nat)
        np.maximum.at(began, c["reopening_flag"][on], c["reopening_on"][on].view(np.int64))
        return began[c["flag"]].view("datetime64[ns]")

    def state(day):  # open never closed, open again (since when), withdrawn, on ``day``
        withdrawn = (withdrawn_on <= day) & ~(raised_again <= day)
        since = open_again_since(day)
        again = ~np.isnat(since) & ~withdrawn
        never = (raised <= day) & ~(resolved <= day) & ~withdrawn
        return never, again, withdrawn, since

    never_before, again_before, _, _ = state(d0 - _D)
    events = within(reopened) | within(reclosed_on) | within(withdrawn_on) | within(raised_again)
    events |= np.isin(c["flag"], c["later_flag"][within(c["later_reopened"]) | within(c["later_reclosed"])])
    new = within(raised)
    carried = (raised < d0) & (never_before | again_before | events)
    never, again, withdrawn, since = state(d1)
    followed = new | carried
    is_open = never | again
    first = new & (resolved <= d1)
    late = new & (rbc > date)  # a later clinic day than the questionnaire's
    reclosed = within(reclosed_on)
    days = np.where(first, (resolved - raised) / _D, np.nan)
    began = np.where(again, since, np.where(raised_again <= d1, raised_again, raised))
    rows = {
        "is_raised": new,
        "is_late": late,
        "days_late": np.where(late, (rbc - date) / _D, np.nan),
        "is_first_closed": first,
        "days": days,
        "is_reopened": within(reopened),
        "is_reclosed": reclosed,
        "days_to_reclosing": np.where(reclosed, (reclosed_on - reopened) / _D, np.nan),
        "is_withdrawn": within(withdrawn_on),
        "is_raised_again": within(raised_again),
        "is_carried": carried,
        "is_closed_at_end": followed & ~is_open & ~withdrawn,
        "is_never_closed": followed & never,
        "is_open_again": followed & again,
        "age": np.where(followed & is_open, (d1 - began) / _D, np.nan),
        "flagged": np.where(new & (c["patient"] >= 0), c["patient"], np.nan),
        "within_1_day": days <= 1,
    }
    # each later reopening of a flag followed: a row of its own counting that reopening and re-closing, nothing else
    kept = followed[c["pair_row"]]
    row, later = c["pair_row"][kept], c["pair_later"][kept]
    again_on, again_off = c["later_reopened"][later], c["later_reclosed"][later]
    extra = {
        "is_reopened": within(again_on),
        "is_reclosed": within(again_off),
        "days_to_reclosing": np.where(within(again_off), (again_off - again_on) / _D, np.nan),
    }
    frame = {k: np.concatenate([c[k][followed], c[k][row]]) for k in ("level", "track")}
    for name, values in rows.items():
        blank = np.nan if values.dtype.kind == "f" else False  # a later reopening's row: none of the flag's own counts
        frame[name] = np.concatenate([values[followed], extra.get(name, np.full(len(row), blank))])
    table = _rollup(
        frame,
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
    again_counts_and_carried = (*again_counts, "carried_in")
    ends = ("closed_at_end", "open_never_closed_at_end", "open_again_at_end")
    _ints(table, (*counts, "first_closed_within_1_day", *again_counts_and_carried, *ends))
    return _rate(table, "share_first_closed_within_1_day", "first_closed_within_1_day", "flags_raised")
