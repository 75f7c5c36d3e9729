"""Certain flags of unfinished forms: what the answers given so far already establish.

A refused (incomplete) row is never scored, yet its safety flags must show at once.  Each
unanswered item can only take one of its allowed answers, so every subscore and the
aggregate lie between a lowest and a highest *reachable* value (answered points plus each
gap's fewest, or most, points; excluded items score nothing).  One generic rule, driven by
each flag condition's ``unknown`` (see :data:`iopkit.instruments._model.UNKNOWN_RULES`):

- a **band** condition holds when the band of the lowest reachable aggregate carries the
  flag: a certain lower bound ("at least moderate"), which the missing answers can only raise;
- an **item, subscore or total** condition with ``unknown="certain"`` holds when every
  reachable value satisfies it (an answered item: its own answer);
- an **item** condition with ``unknown="worst_case"`` holds when its item is unanswered but
  certainly asked next (no skip rule can leave it unasked) and some allowed answer would
  satisfy it: the worst case, until the item is asked (C-SSRS question 6 "yes" with its
  recency not yet asked is treated as recent).  The worst case reaches through the form's skip
  rules: on a started form, a blank question that decides whether a safety question is asked
  counts as the answer that asks it (C-SSRS question 6 blank: its recency is asked next), and the
  prompt names it with the safety question.

The bounds are computed with numpy over the refused rows only; :meth:`Bounds.flags` words
each raised flag for one row (``Flag(partial=True)``).
"""

from __future__ import annotations

import numpy as np

from .flags import Flag

__all__ = ["Bounds", "band_lookup"]


def _items_text(numbers) -> str:
    return f"item {numbers[0]}" if len(numbers) == 1 else "items " + ", ".join(map(str, numbers))


class Bounds:
    """Lowest and highest reachable values of every flag target, for the refused rows of a result.

    Parameters
    ----------
    result : iopkit.scoring.engine._Result
        A cohort result that keeps its cells: its instrument (``inst``), scoring context
        (``ctx``), codes after skip rules and points (rows x items, NaN where unanswered) and
        the bands of its scheme (``bands``, empty without an aggregate).
    rows : numpy.ndarray
        The indexes (in the whole result) of its refused rows, the only rows bounded.

    Notes
    -----
    Nothing is raised: the bounds are computed from an instrument that was already validated
    when it was built, and ``result`` comes from the scoring engine.
    """

    def __init__(self, result, rows: np.ndarray):
        inst, ctx = result.inst, result.ctx
        self.inst, self.rows = inst, rows
        self.position = {int(r): k for k, r in enumerate(rows)}
        codes = result.codes[rows]
        points = result.points[rows]
        self.codes = codes
        self.gaps = np.isnan(codes)
        self.started = ~self.gaps.all(axis=1)  # a form nobody has started raises no worst case
        self.worst_items = {w.item for rule in inst.flags for w in rule.when if w.unknown == "worst_case"}
        self.gates: dict[int, set[int]] = {}  # safety question -> the blank-able questions that decide it
        excluded = {n for e in inst.exclusions if ctx.get(e.context) is True for n in e.items}
        counted = [i.scored and i.number not in excluded for i in inst.items]
        least = np.array(
            [min(o.points for o in i.options) if c else 0 for i, c in zip(inst.items, counted)], dtype=float
        )
        most = np.array(
            [max(o.points for o in i.options) if c else 0 for i, c in zip(inst.items, counted)], dtype=float
        )
        low_pts = np.where(self.gaps, least, points)
        high_pts = np.where(self.gaps, most, points)
        self.subscores = {}
        for s in inst.subscales:
            cols = [n - 1 for n in s.items]
            if s.count_at_least is None:
                bounds = (low_pts[:, cols].sum(axis=1), high_pts[:, cols].sum(axis=1))
            else:
                bounds = (
                    (low_pts[:, cols] >= s.count_at_least).sum(axis=1),
                    (high_pts[:, cols] >= s.count_at_least).sum(axis=1),
                )
            self.subscores[s.name] = bounds
        for c in inst.criteria:
            self.subscores[c.name] = tuple(
                np.logical_and.reduce([self.subscores[name][k] >= need for name, need in c.requires]).astype(int)
                for k in (0, 1)
            )
        self.total: tuple[np.ndarray, np.ndarray] | None = None
        self.low_band: np.ndarray | None = None
        self.high_band: np.ndarray | None = None
        if inst.aggregate:
            scored = [i.number - 1 for i in inst.items if i.scored]
            reduce = np.max if inst.aggregate == "max" else np.sum
            self.total = (reduce(low_pts[:, scored], axis=1), reduce(high_pts[:, scored], axis=1))
            lookup, base = band_lookup(result.bands), result.bands[0].low
            self.low_band, self.high_band = (lookup[(t - base).astype(np.intp)] for t in self.total)
        self.bands = result.bands
        self.due = self._due()
        self.hits = {rule.code: [self._hit(w) for w in rule.when] for rule in inst.flags}
        self._worded: dict = {}

    def _due(self) -> np.ndarray:
        """Per row and item: unanswered, and no skip rule can leave it unasked.

        A skip rule that can leave a safety question unasked is decided by its questions' worst
        case: on a started form a blank deciding question that is itself asked counts as the
        answer that asks the safety question (it is not yet known that the form skips it).
        """
        due = self.gaps.copy()
        for rule in self.inst.skip_rules:
            guards = self.worst_items & set(rule.unasked)
            may_skip = np.ones(len(self.rows), dtype=bool)
            for number, allowed in rule.when:
                value = self.codes[:, number - 1]
                blank = np.isnan(value)
                if guards:
                    blank &= ~(self.started & due[:, number - 1])
                    for n in guards:
                        self.gates.setdefault(n, set()).add(number)
                may_skip &= blank | np.isin(value, allowed)
            for n in rule.unasked:
                due[:, n - 1] &= ~may_skip
        return due

    def _hit(self, w) -> np.ndarray:
        """Whether condition ``w`` holds, per refused row, under its rule for missing answers."""
        if w.bands:
            flagged = np.array([b.label in w.bands for b in self.bands])
            return flagged[self.low_band]
        if w.item:
            value = self.codes[:, w.item - 1]
            inside = [w.at_least <= c <= w.at_most for c in self.inst.item(w.item).codes]
            if w.unknown == "worst_case":  # only once the form is started: a blank form raises nothing
                blank = self.due[:, w.item - 1] & self.started & any(inside) | all(inside)
            else:
                blank = np.full(len(self.rows), all(inside))
            known = (value >= w.at_least) & (value <= w.at_most)
            return np.where(np.isnan(value), blank, known)
        if w.total:
            assert self.total is not None  # a rule on the total exists only where there is one
            low, high = self.total
        else:
            low, high = self.subscores[w.subscore]
        return (low >= w.at_least) & (high <= w.at_most)

    def fired(self, code: str) -> np.ndarray:
        """Per refused row: the flag ``code`` is raised (any of its conditions holds).

        Parameters
        ----------
        code : str
            The code of one of the instrument's flag rules.

        Returns
        -------
        numpy.ndarray
            One bool per refused row, in the order of ``rows``.

        Raises
        ------
        KeyError
            ``code`` is not a flag rule of the instrument (an internal caller's mistake).
        """
        return np.logical_or.reduce(self.hits[code])

    def keys(self) -> np.ndarray:
        """Per refused row, everything its worded flags and its refusal read (its gaps, its
        band bounds, every condition hit) as one integer row: rows with equal keys share
        their wording, so a cohort words each distinct key once.

        Returns
        -------
        numpy.ndarray
            One int64 row per refused row (gaps, then the lowest and highest band where the
            instrument has bands, then one column per flag condition).
        """
        parts = [self.gaps.astype(np.int8)]
        if self.low_band is not None and self.high_band is not None:
            parts += [self.low_band[:, None], self.high_band[:, None]]
        parts += [np.asarray(hit, dtype=np.int8)[:, None] for hits in self.hits.values() for hit in hits]
        return np.hstack([p.astype(np.int64) for p in parts])

    def flags(self, row: int, worst_case: bool = True) -> tuple[Flag, ...]:
        """The flags raised on refused row ``row`` (its index in the whole result), each
        ``partial=True`` and worded as what it is: certain, a lower bound or a worst case.

        ``worst_case=False`` leaves out the flags raised only by a worst-case condition (the
        flags certain whatever the missing answers are).

        Parameters
        ----------
        row : int
            The index of a refused row in the whole result.
        worst_case : bool
            Whether to include flags raised only by a worst-case condition (default True).

        Returns
        -------
        tuple of Flag
            The raised flags in the order of the instrument's flag rules, each ``partial=True``
            (and ``worst_case=True`` when no condition of it is certain).

        Raises
        ------
        KeyError
            ``row`` is not one of the refused rows these bounds cover (an internal caller's mistake).
        """
        k = self.position[row]
        key = (
            self.gaps[k].tobytes(),
            worst_case,
            None
            if self.low_band is None or self.high_band is None
            else (int(self.low_band[k]), int(self.high_band[k])),
            tuple(bool(hit[k]) for hits in self.hits.values() for hit in hits),
        )
        if key not in self._worded:  # rows that differ in nothing the wording reads share it
            self._worded[key] = self._flags(k, worst_case)
        return self._worded[key]

    def _flags(self, k: int, worst_case: bool) -> tuple[Flag, ...]:
        gaps = [j + 1 for j in np.flatnonzero(self.gaps[k]) if self.inst.items[j].required]
        ask = f"ask {_items_text(gaps)} now (not answered, or not a valid answer)"
        out = []
        for rule in self.inst.flags:
            held = [w for w, hit in zip(rule.when, self.hits[rule.code]) if hit[k]]
            certain = [
                w for w in held if w.unknown == "certain" or not (w.item and np.isnan(self.codes[k, w.item - 1]))
            ]
            if not held or (not worst_case and not certain):
                continue
            if certain:
                span: range | tuple[()] = ()
                if self.bands:  # bands and their bounds come together, from the instrument's total
                    assert self.low_band is not None and self.high_band is not None
                    span = range(self.low_band[k], self.high_band[k] + 1)
                at_least = all(
                    w.bands and not all(self.bands[b].label in w.bands for b in span) for w in certain
                )  # only a band lower bound holds, not the whole span
                if at_least:
                    assert self.low_band is not None  # a band condition held, so there are bands
                    low = self.bands[self.low_band[k]].label.replace("_", " ")
                    message = (
                        f"{rule.message}: at least {low} on the answers given; the remaining questions could raise it"
                    )
                    action = f"{rule.action}; {ask}: they can only make this more serious"
                else:
                    message = f"{rule.message} (certain from the answers given; the form is unfinished)"
                    action = f"{rule.action}; {ask}"
            else:
                held_items = {w.item for w in held}
                blank = sorted(
                    held_items
                    | {g for n in held_items for g in self.gates.get(n, ()) if np.isnan(self.codes[k, g - 1])}
                )
                stems = "; ".join(self.inst.item(n).stem for n in blank)
                one = len(blank) == 1
                message = (
                    f"{rule.message}: {_items_text(blank)} ({stems}) "
                    f"{'is' if one else 'are'} not answered yet, so "
                    f"{'its worst answer is' if one else 'their worst answers are'} assumed until "
                    f"{'it is' if one else 'they are'} asked"
                )
                action = (
                    f"Ask {_items_text(blank)} now ({stems}); until "
                    f"{'it is' if one else 'they are'} answered: {rule.action}"
                )
            out.append(
                Flag(
                    rule.code,
                    message,
                    rule.severity,
                    action,
                    rule.source,
                    rule.calls_for,
                    partial=True,
                    worst_case=not certain,
                )
            )
        return tuple(out)


def band_lookup(bands) -> np.ndarray:
    """Band index for every possible aggregate from the lowest band's low upwards.

    Parameters
    ----------
    bands : sequence of Band
        The bands of a scheme, in order, contiguous (each ``low`` is the previous ``high`` + 1).

    Returns
    -------
    numpy.ndarray
        Entry ``t - bands[0].low`` is the index of the band holding aggregate ``t``.

    Examples
    --------
    >>> from types import SimpleNamespace as B
    >>> band_lookup([B(low=0, high=2), B(low=3, high=4)]).tolist()
    [0, 0, 0, 1, 1]
    """
    return np.repeat(np.arange(len(bands)), [b.high - b.low + 1 for b in bands])
