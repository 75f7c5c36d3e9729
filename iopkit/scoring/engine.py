"""The vectorised core that :func:`~iopkit.scoring.score` and :func:`~iopkit.scoring.score_many` share.

:func:`evaluate` applies every rule of an instrument's definition (skip rules, points, aggregate,
bands, subscales, criteria, flags) to a (rows x items) array of valid codes, NaN marking an
unanswered item, and has no branch per instrument.  Refused (incomplete) rows still get the flags
their answers make certain (:class:`iopkit._partial.Bounds`).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .._partial import Bounds, band_lookup
from ..flags import Flag
from ..instruments import Band, Instrument, Scheme
from ..sources import resolve

__all__ = ["evaluate", "flags_of"]


def flags_of(inst: Instrument, result, row: int = 0) -> tuple[Flag, ...]:
    return tuple(Flag(r.code, r.message, r.severity, r.action, r.source, r.calls_for)
                 for r in inst.flags if result.flags[r.code][row])


def _columns(arr: np.ndarray, idx: list[int]) -> np.ndarray:
    """``arr[:, idx]``, a view (no copy) when ``idx`` is a run of consecutive columns."""
    if idx == list(range(arr.shape[1])):
        return arr
    if idx and idx == list(range(idx[0], idx[-1] + 1)):
        return arr[:, idx[0]:idx[-1] + 1]
    return arr[:, idx]


def _row_sum(values: np.ndarray) -> np.ndarray:
    """Row sums; a matrix-vector product is several times faster than ``sum(axis=1)`` on
    narrow tables.  NaN (unanswered) propagates."""
    if values.dtype in (np.int64, np.float64, np.float32):  # float32: exact for these small sums
        return values @ np.ones(values.shape[1], dtype=values.dtype)
    if values.dtype.kind in "iub" and values.dtype.itemsize <= 2:  # compact codes: column adds
        out = values[:, 0].astype(np.int32)
        for j in range(1, values.shape[1]):
            out += values[:, j]
        return out
    return values.sum(axis=1, dtype=np.float64 if values.dtype.kind == "f" else np.int64)


def _row_max(values: np.ndarray) -> np.ndarray:
    """Row maxima, column by column (``max(axis=1)`` is slow on narrow tables); NaN propagates."""
    out = values[:, 0].copy()
    for j in range(1, values.shape[1]):
        np.maximum(out, values[:, j], out=out)
    return out


def _points(inst: Instrument, codes: np.ndarray, ctx: dict) -> np.ndarray:
    """Points per cell: the option's points (reverse keys, weights); unscored items 0."""
    excluded = {n for e in inst.exclusions if ctx.get(e.context) is True for n in e.items}
    identity = [i.scored and i.number not in excluded and all(o.points == o.code for o in i.options)
                for i in inst.items]
    if all(identity):
        return codes
    points = np.empty(codes.shape, dtype=np.float32)  # exact for these small whole points
    for j, item in enumerate(inst.items):
        col, out = codes[:, j], points[:, j]
        if identity[j]:
            out[:] = col
        elif not item.scored or item.number in excluded:
            out[:] = 0.0
        else:
            pairs = [(o.code, o.points) for o in item.options]
            (c0, p0), (c1, p1) = pairs[0], pairs[-1]
            slope = (p1 - p0) / (c1 - c0) if c1 != c0 else 0.0
            if all(p == p0 + slope * (c - c0) for c, p in pairs):  # yes/no weights, reverse keys
                np.multiply(col, slope, out=out)  # NaN (unanswered) stays NaN
                out += p0 - slope * c0
            else:
                lut = np.full(max(item.codes) + 2, np.nan, dtype=np.float32)  # last slot: NaN
                lut[list(item.codes)] = [p for _, p in pairs]
                blank = np.isnan(col) if col.dtype.kind == "f" else False
                out[:] = lut[np.where(blank, len(lut) - 1, col).astype(np.intp)]
    return points


def _apply_skip_rules(rules, codes: np.ndarray):
    """Fill the unasked items a skip rule leaves blank with the form's value.

    Only the rows a rule holds on are gathered and written.  Returns the codes (the caller's
    array when nothing is filled; else a float32 copy, exact for these small codes: the
    caller's array is never written, it may be read-only) and, per rule, the rows it holds on
    and which of their unasked cells it filled.  Rules apply in form order, so a later rule
    sees an earlier one's fills (AUDIT: item 1 "never" fills items 2-3, which then leave items
    4-8 unasked too).
    """
    out, skipped = codes, []
    for rule in rules:
        holds = None
        for number, allowed in rule.when:
            col = out[:, number - 1]
            hit = col == allowed[0] if len(allowed) == 1 else np.isin(col, allowed)
            holds = hit if holds is None else holds & hit
        assert holds is not None  # a skip rule always names the answer it depends on
        rows = np.flatnonzero(holds)
        cols = [u - 1 for u in rule.unasked]
        run = cols == list(range(cols[0], cols[-1] + 1))
        where = (rows, slice(cols[0], cols[-1] + 1)) if run else np.ix_(rows, cols)
        sub = out[where]
        blank = np.isnan(sub)
        if blank.any():
            if out is codes:
                out = codes.astype(np.float32)
            np.copyto(sub, rule.fill, where=blank)
            out[where] = sub
        skipped.append((rows, blank))
    return out, skipped


class _Result:
    """Arrays for a cohort: codes after skip rules, points, aggregate, band index, subscores, flags."""

    def __init__(self, inst: Instrument, codes: np.ndarray, ctx: dict):
        self.inst, self.ctx = inst, ctx
        n = codes.shape[0]
        self.skipped = []  # per skip rule: the rows it holds on, and which of their unasked cells it filled
        self.required = [i.number - 1 for i in inst.items if i.required]
        self.missing_rows = np.zeros(n, dtype=bool)
        if codes.dtype.kind == "f":  # integer input cannot hold an unanswered item
            codes, self.skipped = _apply_skip_rules(inst.skip_rules, codes)
            required_sum = _row_sum(_columns(codes, self.required))
            self.missing_rows = np.isnan(required_sum)
        self.codes = codes
        self.points = _points(inst, codes, ctx)
        scored = [i.number - 1 for i in inst.items if i.scored]
        self.aggregate: np.ndarray | None = None
        self.scheme: Scheme | None = None
        self.bands: tuple[Band, ...] = ()
        self.band_index = np.full(n, -1) if not inst.aggregate else None
        if inst.aggregate:
            self.scheme = inst.scheme(ctx["scheme"])
            self.bands = self.scheme.bands_for(ctx.get("sex"))
            values = _columns(self.points, scored)
            if inst.aggregate == "max":
                agg = _row_max(values)
            elif values is codes and scored == self.required and codes.dtype.kind == "f":
                agg = required_sum  # the same sum, already computed for the missing check
            else:
                agg = _row_sum(values)
            if self.missing_rows.any():
                agg = np.where(self.missing_rows, np.nan, agg)
            self.aggregate = agg
            self.band_index = band_lookup(self.bands)[
                (np.where(self.missing_rows, self.bands[0].low, agg) - self.bands[0].low)
                .astype(np.intp)]
            self.band_index[self.missing_rows] = -1
        self.source = self.scheme.source if self.scheme else inst.citation
        self.subscores = {}
        for s in inst.subscales:
            vals = _columns(self.points, [n - 1 for n in s.items])
            if s.count_at_least is not None:
                vals = (vals >= s.count_at_least).astype(np.float32)
            self.subscores[s.name] = _row_sum(vals)
        for c in inst.criteria:
            self.subscores[c.name] = np.logical_and.reduce(
                [self.subscores[name] >= need for name, need in c.requires])
        self.flags = {rule.code: self._flag(rule) for rule in inst.flags}
        self.bounds = None
        if self.missing_rows.any():  # refused rows: the flags their answers already make certain
            rows = np.flatnonzero(self.missing_rows)
            self.bounds = Bounds(self, rows)
            for rule in inst.flags:
                self.flags[rule.code][rows] = self.bounds.fired(rule.code)

    def _flag(self, rule) -> np.ndarray:
        """Whether ``rule`` fires on each complete row (refused rows are set from the bounds)."""
        fired = None
        for w in rule.when:
            if w.bands:
                hit = np.array([b.label in w.bands for b in self.bands])[self.band_index]
            else:
                if w.item:
                    value = self.codes[:, w.item - 1]
                elif w.total:
                    assert self.aggregate is not None  # a rule on the total exists only where there is one
                    value = self.aggregate
                else:
                    value = self.subscores[w.subscore]
                hit = value >= w.at_least if w.at_most == np.inf else (
                    value <= w.at_most if w.at_least == -np.inf else
                    (value >= w.at_least) & (value <= w.at_most))
            fired = hit if fired is None else fired | hit
        return np.array(fired, dtype=bool)  # an array of its own: refused rows are written into it

    def gaps(self, row: int) -> list[int]:
        """The required items unanswered on ``row``."""
        if self.bounds is not None and row in self.bounds.position:
            blank = self.bounds.gaps[self.bounds.position[row]]
        else:
            blank = np.isnan(self.codes[row])
        return [j + 1 for j in self.required if blank[j]]

    def release(self) -> None:
        """Drop the per-cell arrays (codes, points) once every per-row result is computed; the
        refused rows keep theirs in :attr:`bounds`."""
        del self.codes, self.points

    def refusal(self, row: int, why: str) -> tuple[str, tuple[Flag, ...]]:
        """The message and flags for a refused row: why, then every flag its answers make
        certain (``partial=True``), so a gap or typo never hides a safety answer."""
        if self.bounds is not None and row in self.bounds.position:
            flags = self.bounds.flags(row)
        else:  # complete but refused (a value given for an item recorded elsewhere)
            flags = tuple(replace(f, partial=True) for f in flags_of(self.inst, self, row))
        notes = "".join(f"; note: {f.code} raised ({f.message}): {f.action}" for f in flags)
        return why + notes, flags

    def refusal_messages(self) -> tuple[np.ndarray, np.ndarray]:
        """The refused (incomplete) rows and their messages, worded once per distinct key
        (the same text :meth:`refusal` gives row by row)."""
        assert self.bounds is not None  # called only when some rows were refused
        rows = self.bounds.rows
        _, first, inverse = np.unique(self.bounds.keys(), axis=0, return_index=True,
                                      return_inverse=True)
        texts = np.empty(len(first), dtype=object)
        for k, i in enumerate(first):
            row = int(rows[i])
            texts[k] = self.refusal(row, self.incomplete_message(row))[0]
        return rows, texts[inverse.reshape(-1)]

    def band_label(self, row: int) -> str | None:
        assert self.band_index is not None  # set in __init__ for every instrument
        k = self.band_index[row]
        return self.bands[k].label if k >= 0 else None

    def incomplete_message(self, row: int) -> str:
        gaps = self.gaps(row)
        items = f"item {gaps[0]} is" if len(gaps) == 1 else f"items {', '.join(map(str, gaps))} are"
        them = "it" if len(gaps) == 1 else "them"
        return (f"{self.inst.code} {items} not answered; no skip rule leaves {them} unasked and "
                f"{self.inst.code} has no published pro-rating rule, so it is not scored")

    def rule_text(self, row: int) -> str:
        inst = self.inst
        scored = [i.number for i in inst.items if i.scored]
        items = f"items {scored[0]}-{scored[-1]}" if scored == list(
            range(scored[0], scored[-1] + 1)) else "items " + ", ".join(map(str, scored))
        if inst.aggregate is None:
            parts = "; ".join(f"{s.name} = items {'+'.join(map(str, s.items))}"
                              for s in inst.subscales)
            return f"no validated total; item-level review with subscales {parts}"
        assert self.band_index is not None and self.aggregate is not None and self.scheme is not None
        band = self.bands[self.band_index[row]]
        what = ("total = sum of points of " if inst.aggregate == "sum"
                else "level = highest level reached by any 'yes' among ")
        return (f"{what}{items} = {int(self.aggregate[row])}; band {band.label} "
                f"({band.low}-{band.high}) under scheme {self.scheme.id}")

    def notes(self, row: int, ctx: dict) -> tuple[str, ...]:
        inst, notes = self.inst, []
        for rule, (rows, blank) in zip(inst.skip_rules, self.skipped):
            at = np.searchsorted(rows, row)
            held = at < len(rows) and rows[at] == row
            skipped = [u for u, gap in zip(rule.unasked, blank[at]) if gap] if held else []
            if skipped:
                notes.append(f"items {', '.join(map(str, skipped))} not asked ({_short(rule.source)}); "
                             f"scored {rule.fill}")
        for e in inst.exclusions:
            if ctx.get(e.context) is True:
                notes.append(f"{e.context}: items {', '.join(map(str, e.items))} not counted "
                             f"({_short(e.source)})")
        if "sex" in inst.context and self.scheme is not None:
            if not self.scheme.by_sex:
                if ctx["sex"] is not None:
                    notes.append(f"scheme {self.scheme.id} cut-offs are not sex-specific")
            elif ctx["sex"] is None:
                notes.append("sex not given: the more sensitive cut-offs are used")
        return tuple(notes)


def _short(keys: str) -> str:
    """The inline form of a rule's sources ("Babor et al. 2001 (WHO AUDIT manual)")."""
    return "; ".join(s.short for s in resolve(keys))


def evaluate(inst: Instrument, codes: np.ndarray, ctx: dict) -> _Result:
    """Apply every rule of ``inst`` to a (rows x items) array of valid codes (NaN = unanswered)."""
    return _Result(inst, codes, ctx)
