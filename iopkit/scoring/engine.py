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
from ..instruments import Band, IfAnswered, Instrument, Scheme
from ..sources import in_words

__all__ = ["evaluate", "flags_of", "item_name", "raised_by", "rating", "sex_note"]


def flags_of(inst: Instrument, result, row: int = 0) -> tuple[Flag, ...]:
    """The flags raised on ``row`` of ``result``, in the instrument's rule order.

    Parameters
    ----------
    inst : Instrument
        The instrument whose flag rules were evaluated.
    result : object
        What :func:`evaluate` gave for ``inst``.
    row : int, optional
        The row (position, 0-based) to read (default the first, as :func:`iopkit.score` uses).

    Returns
    -------
    tuple of Flag
        One :class:`~iopkit.flags.Flag` per rule that fired on the row, with the rule's message (the answers
        that raised it and the rule's finding where it names one, :func:`raised_by`), severity, action, source
        and what it calls for.
    """
    fired = [r for r in inst.flags if result.flags[r.code][row]]
    codes = result.row_codes(row) if any(r.finding for r in fired) else None
    return tuple(
        _named(inst, r, Flag(r.code, r.message, r.severity, r.action, r.source, r.calls_for), codes) for r in fired
    )


def item_name(item) -> str:
    """An item's name in words (a flag's message, a correction's change): its label where the form has one, else
    its stem without a gloss in brackets after it (COWS item 8 "Tremor (outstretched hands)": "Tremor").  The
    form's instruction for the item (:attr:`~iopkit.instruments.Item.instruction`) is never part of it.

    Parameters
    ----------
    item : Item
        An item of an instrument's definition (:class:`~iopkit.instruments.Item`).

    Returns
    -------
    str
        Its name in words.

    Examples
    --------
    >>> from iopkit.instruments import get
    >>> item_name(get("ciwa_ar").item(6))
    'Tactile disturbances'
    >>> item_name(get("cows").item(8))
    'Tremor'
    """
    return item.label or item.stem.split(" (", 1)[0]


def rating(item, code) -> tuple[str, str]:
    """An answer ``code`` of a choice or yes/no item: its rating out of the item's highest and its printed label
    ("" where the form prints only the number).

    Parameters
    ----------
    item : Item
        A choice or yes/no item of an instrument's definition (:class:`~iopkit.instruments.Item`).
    code : int or str
        One of its answer codes.

    Returns
    -------
    tuple of (str, str)
        "rated N of M", and the answer's printed label or "".

    Examples
    --------
    >>> from iopkit.instruments import get
    >>> rating(get("ciwa_ar").item(7), 5), rating(get("ciwa_ar").item(1), 2)
    (('rated 5 of 7', 'Severe hallucinations'), ('rated 2 of 7', ''))
    """
    label = next((o.label for o in item.options if o.code == code), "")
    return f"rated {int(code)} of {max(int(o.code) for o in item.options)}", label


def raised_by(inst: Instrument, rule, codes) -> str:
    """The answered items that raise ``rule`` on one row and their ratings, in words, where the rule names its
    finding after them (:attr:`~iopkit.instruments.FlagRule.finding`): the instrument's short name, then each item
    condition that holds on an answer given, the item's number and name, its rating out of the item's highest and
    its printed label; ``""`` for a rule that names no finding or when no answered item raises it (a band, or a
    blank safety question's worst case).

    Parameters
    ----------
    inst : Instrument
        The instrument of the rule.
    rule : FlagRule
        One of its flag rules.
    codes : sequence of float
        The row's codes in form order, after skip rules (NaN where unanswered).

    Returns
    -------
    str
        E.g. ``CIWA-Ar item 10 (Orientation and clouding of sensorium) rated 3 of 4, "Disoriented for date by
        more than 2 calendar days"``; ``""`` as above.

    Examples
    --------
    >>> from iopkit.instruments import get
    >>> ciwa = get("ciwa_ar")
    >>> rule = next(r for r in ciwa.flags if r.code == "complicated_withdrawal")
    >>> raised_by(ciwa, rule, [0, 0, 0, 0, 0, 4, 0, 0, 0, 1])
    'CIWA-Ar item 6 (Tactile disturbances) rated 4 of 7, "Moderately severe hallucinations"'
    >>> raised_by(ciwa, rule, [0] * 10)
    ''
    """
    if not rule.finding:
        return ""
    parts = []
    for w in rule.when:
        code = codes[w.item - 1] if w.item else np.nan
        if np.isnan(code) or not w.at_least <= code <= w.at_most:
            continue
        item = inst.item(w.item)
        rated, label = rating(item, code)
        said = f'answered "{label}"' if item.kind == "yes_no" else f'{rated}, "{label}"' if label else rated
        parts.append(f"item {item.number} ({item_name(item)}) {said}")
    return f"{inst.short_name} {'; '.join(dict.fromkeys(parts))}" if parts else ""


def _named(inst: Instrument, rule, flag: Flag, codes) -> Flag:
    """``flag`` (raised by ``rule``) with its message the answers that raised it (:func:`raised_by`) and the rule's
    finding in place of the rule's message, whatever followed the rule's message kept (an unfinished form's note)
    where the rule names a finding and an answered item raised it; the flag itself otherwise."""
    lead = raised_by(inst, rule, codes) if codes is not None else ""
    if not lead or not flag.message.startswith(rule.message):  # every message of a rule begins with the rule's
        return flag
    return replace(flag, message=f"{lead}: {rule.finding}{flag.message.removeprefix(rule.message)}")


def _rows(cells: np.ndarray, idx: list[int]) -> np.ndarray:
    """``cells[idx]``, a view (no copy) when ``idx`` is a run of consecutive items."""
    if idx and idx == list(range(idx[0], idx[-1] + 1)):
        return cells[idx[0] : idx[-1] + 1]
    return cells[idx]


def _sum_rows(cells: np.ndarray, idx: list[int]) -> np.ndarray:
    """Per answer row, the sum over items ``idx`` of item-major ``cells`` (items x rows): whole
    contiguous rows added, so it is fast whatever the number of items.  NaN propagates."""
    if idx and idx == list(range(idx[0], idx[-1] + 1)):
        return np.add.reduce(_rows(cells, idx), axis=0)
    out = cells[idx[0]].copy()
    for j in idx[1:]:
        out += cells[j]
    return out


def _max_rows(cells: np.ndarray, idx: list[int]) -> np.ndarray:
    """Per answer row, the highest of items ``idx`` of item-major ``cells``; NaN propagates."""
    out = cells[idx[0]].copy()
    for j in idx[1:]:
        np.maximum(out, cells[j], out=out)
    return out


def _point_maker(inst: Instrument, ctx: dict):
    """A function from item-major codes (items x rows) to points (the option's points: reverse
    keys, weights; unscored or excluded items 0), planned once per call, applied per block."""
    excluded = {n for e in inst.exclusions if ctx.get(e.context) is True for n in e.items}
    identity = [
        i.scored and i.number not in excluded and all(o.points == o.code for o in i.options) for i in inst.items
    ]
    if all(identity):
        return lambda codes: codes
    plan: list[tuple] = []
    for item, same in zip(inst.items, identity):
        if same:
            plan.append(("same",))
        elif not item.scored or item.number in excluded:
            plan.append(("zero",))
        else:
            pairs = [(o.code, o.points) for o in item.options]
            (c0, p0), (c1, p1) = pairs[0], pairs[-1]
            slope = (p1 - p0) / (c1 - c0) if c1 != c0 else 0.0
            if all(p == p0 + slope * (c - c0) for c, p in pairs):  # yes/no weights, reverse keys
                plan.append(("line", slope, p0 - slope * c0))
            else:
                lut = np.full(max(item.codes) + 2, np.nan, dtype=np.float32)  # last slot: NaN
                lut[list(item.codes)] = [p for _, p in pairs]
                plan.append(("table", lut))

    def points_of(codes: np.ndarray) -> np.ndarray:
        points = np.empty(codes.shape, dtype=np.float32)  # exact for these small whole points
        for step, col, out in zip(plan, codes, points):
            if step[0] == "same":
                out[:] = col
            elif step[0] == "zero":
                out[:] = 0.0
            elif step[0] == "line":
                np.multiply(col, step[1], out=out)  # NaN (unanswered) stays NaN
                if step[2]:
                    out += step[2]
            else:
                lut = step[1]
                out[:] = lut[np.where(np.isnan(col), len(lut) - 1, col).astype(np.intp)]
        return points

    return points_of


def _apply_skip_rules(rules, cells: np.ndarray, blank: np.ndarray, record: bool = True) -> list:
    """Fill, in place, the unasked items a skip rule leaves blank with the form's value.

    ``cells`` are item-major codes (items x rows, the evaluation's own float32 copy) and ``blank``
    their NaN cells, updated as cells are filled.  Rules apply in form order, so a later rule sees
    an earlier one's fills (AUDIT: item 1 "never" fills items 2-3, which then leave items 4-8
    unasked too).  Returns, with ``record``, per rule the rows it holds on and which of their
    unasked cells it filled (what :meth:`_Result.notes` words).
    """
    skipped = []
    for rule in rules:
        holds = None
        for number, allowed in rule.when:
            col = cells[number - 1]
            hit = col == allowed[0] if len(allowed) == 1 else np.isin(col, allowed)
            holds = hit if holds is None else holds & hit
        assert holds is not None  # a skip rule always names the answer it depends on
        filled = np.zeros((len(rule.unasked), cells.shape[1]), dtype=bool) if record else None
        for k, number in enumerate(rule.unasked):
            fill = blank[number - 1] & holds
            if fill.any():
                cells[number - 1] = np.where(fill, rule.fill, cells[number - 1])
                blank[number - 1] &= ~fill  # filled: a later rule sees the answer, not a gap
                if filled is not None:
                    filled[k] = fill
        if filled is not None:
            rows = np.flatnonzero(holds)
            skipped.append((rows, filled[:, rows].T))
    return skipped


def skip_conflicts(inst: Instrument, codes: np.ndarray, keep: bool = False) -> list:
    """Answers given to items a holding skip rule leaves unasked, with anything but the rule's fill.

    ``codes`` are row-major (rows x items, NaN = not answered), as answered (before any fill).
    Returns ``(rule, item number, rows, values)`` per conflicting unasked item of the rules whose
    :class:`~iopkit.instruments.IfAnswered` is ``keep`` (``keep=True``) or ``refuse`` (default).
    Vectorised: a few comparisons per rule over the whole table, nothing for a clean one.
    """
    want = IfAnswered.KEEP if keep else IfAnswered.REFUSE
    out = []
    for rule in inst.skip_rules:
        if rule.if_answered is not want:
            continue
        holds = None
        for number, allowed in rule.when:
            col = codes[:, number - 1]
            hit = col == allowed[0] if len(allowed) == 1 else np.isin(col, allowed)
            holds = hit if holds is None else holds & hit
        if holds is None or not holds.any():
            continue
        for number in rule.unasked:
            col = codes[:, number - 1]
            bad = holds & (col != rule.fill) & ~np.isnan(col)
            if bad.any():
                rows = np.flatnonzero(bad)
                out.append((rule, number, rows, col[rows]))
    return out


def skip_conflict_text(inst: Instrument, rule, number: int, value: float, keep: bool = False) -> str:
    """A skip-rule conflict in words: instrument, item, value, the rule and its source, and why."""

    def said_as(n: int, codes) -> str:  # a code with its printed label ("0 (Never)") where the item has one
        labels = {o.code: o.label for o in inst.item(n).options}
        return " or ".join(f"{c} ({labels[c]})" if c in labels else str(c) for c in codes)

    when = " and ".join(f"item {n} is {said_as(n, a)}" for n, a in rule.when)
    unasked = ", ".join(map(str, rule.unasked))
    items = "items" if len(rule.unasked) > 1 else "item"
    said = (
        f"{inst.code} item {number} answered {said_as(number, [int(value)])}, but {when}, which leaves "
        f"{items} {unasked} unasked on the form ({in_words(rule.source)})"
    )
    if keep:
        return (
            f"{said}: the answer is kept and scored (an answer given is never dropped, so the higher "
            f"result stands); clarify items {', '.join(str(n) for n, _ in rule.when)} and {number} with the "
            "patient"
        )
    return (
        f"{said}, so they score {rule.fill} and the answers contradict each other: correct item "
        f"{rule.when[0][0]} or clear {items} {unasked}; not scored"
    )


def _fill_plan(inst: Instrument):
    """What :func:`_fill_block` needs to apply ``inst``'s skip rules to a whole block at once, or
    ``None`` where that shortcut does not hold (then :func:`_apply_skip_rules` runs).

    The shortcut gives *every* blank the rules' one fill value (``fmax``: the fill is no higher
    than any item's lowest code, so no answer changes) and then finds the rows with a blank that
    no holding rule leaves unasked: those rows are refused (and evaluated again alone, the slow
    way), and every other row is filled exactly as the rules fill it.  It needs one fill value,
    no code below it, and rules that depend only on required items (a blank there refuses the
    row).  Returns the fill and, per combination of holding rules, the required items it leaves.
    """
    rules = inst.skip_rules
    fills = {rule.fill for rule in rules}
    if not rules or len(rules) > 4 or len(fills) != 1:
        return None
    fill = fills.pop()
    lowest = [min(i.codes) if i.codes else i.count_range[0] if i.count_range else fill for i in inst.items]
    if min(lowest) < fill or not all(inst.item(n).required for rule in rules for n, _ in rule.when):
        return None
    still_required = []
    for combo in range(1 << len(rules)):
        unasked = {u for r, rule in enumerate(rules) if combo >> r & 1 for u in rule.unasked}
        still_required.append([i.number - 1 for i in inst.items if i.required and i.number not in unasked])
    return fill, still_required


def _fill_block(rules, plan, cells: np.ndarray, blank: np.ndarray) -> np.ndarray:
    """Apply the skip rules to item-major ``cells`` in place with the :func:`_fill_plan` shortcut;
    return, per row, whether a required item is blank that no holding rule leaves unasked."""
    fill, still_required = plan
    np.fmax(cells, fill, out=cells)  # blanks (NaN) take the fill; answers stay
    combo = np.zeros(cells.shape[1], dtype=np.int8)
    for r, rule in enumerate(rules):  # in form order: a rule reads the fills before it
        holds = None
        for number, allowed in rule.when:
            col = cells[number - 1]
            hit = col == allowed[0] if len(allowed) == 1 else np.isin(col, allowed)
            holds = hit if holds is None else holds & hit
        assert holds is not None  # a skip rule always names the answer it depends on
        combo |= holds.view(np.int8) << r
    missing = np.zeros(cells.shape[1], dtype=bool)
    for c, idx in enumerate(still_required):
        rows = combo == c
        if idx and rows.any():
            missing |= rows & np.logical_or.reduce(_rows(blank, idx), axis=0)
    return missing


#: Rows per block of a cohort: a block's cells and every temporary stay in cache.
_BLOCK = 1 << 14


class _Result:
    """Per-row arrays for a cohort: aggregate, band index, subscores and flags (and, for a
    result that keeps its cells, the codes after skip rules and the points).

    A cohort is evaluated block by block (:data:`_BLOCK` rows) into preallocated per-row arrays.
    Each block is copied once, transposed, to item-major float32 cells (items x rows, exact for
    these small whole numbers), so every per-item step (a skip rule, points, a flag, a sum) runs
    over contiguous memory in cache; nothing of the size of the input is allocated.  Refused
    (incomplete) rows are few: they alone are evaluated again, keeping their cells, for the flags
    their answers make certain (:attr:`bounds`), so only the affected rows pay for a gap.
    """

    def __init__(self, inst: Instrument, codes: np.ndarray, ctx: dict, cells: bool = True):
        self.inst, self.ctx = inst, ctx
        self._answers = codes  # not copied: a row is read again only to word a flag (row_codes)
        n = codes.shape[0]
        self.required = [i.number - 1 for i in inst.items if i.required]
        self._scored = [i.number - 1 for i in inst.items if i.scored]
        self._points_of = _point_maker(inst, ctx)
        self._fill_plan = _fill_plan(inst)
        self.scheme: Scheme | None = None
        self.bands: tuple[Band, ...] = ()
        self.aggregate: np.ndarray | None = None
        if inst.aggregate:
            self.scheme = inst.scheme(ctx["scheme"])
            self.bands = self.scheme.bands_for(ctx.get("sex"))
            self.aggregate = np.empty(n, dtype=np.int64)  # 0 on refused rows
            assert len(self.bands) < 127  # band indexes fit int8, -1 for none
            self._band_of = band_lookup(self.bands).astype(np.int8)
            self._band_hits = {
                id(w): np.array([b.label in w.bands for b in self.bands] + [False])
                for r in inst.flags
                for w in r.when
                if w.bands
            }
        self.source = self.scheme.source if self.scheme else inst.citation
        self.band_index = np.full(n, -1, dtype=np.int8)
        self.missing_rows = np.zeros(n, dtype=bool)
        self.subscores: dict[str, np.ndarray] = {s.name: np.empty(n, dtype=np.int64) for s in inst.subscales}
        self.subscores.update({c.name: np.empty(n, dtype=bool) for c in inst.criteria})
        self.flags = {rule.code: np.empty(n, dtype=bool) for rule in inst.flags}
        self.skipped: list = []  # per skip rule: the rows it holds on, and which unasked cells it filled
        self._cells = cells
        if cells:  # one block, its cells kept (row-major views): the codes after skip rules, the points
            filled, points, self.skipped = self._block(codes, slice(0, n), record=True)
            self.codes, self.points = filled.T, points.T
        else:
            buffer = np.empty((codes.shape[1], min(n, _BLOCK)), dtype=np.float32)
            for start in range(0, n, _BLOCK):
                block = codes[start : start + _BLOCK]
                self._block(block, slice(start, start + _BLOCK), record=False, out=buffer[:, : len(block)])
        self.refused_rows = np.flatnonzero(self.missing_rows)
        self.bounds = None
        if len(self.refused_rows):  # refused rows: the flags their answers already make certain
            rows = self.refused_rows
            if cells:
                self.bounds = Bounds(self, rows)
            else:  # the refused rows alone, their cells kept (row by row the same evaluation)
                alone = _Result(inst, codes[rows], ctx, cells=True)
                assert alone.missing_rows.all()
                self.bounds = alone.bounds
            assert self.bounds is not None
            for rule in inst.flags:
                self.flags[rule.code][rows] = self.bounds.fired(rule.code)

    def _block(self, codes: np.ndarray, at: slice, record: bool, out: np.ndarray | None = None):
        """Evaluate one block of answer rows into the per-row arrays at ``at``; return its
        item-major cells (after skip rules), points and skip record."""
        inst = self.inst
        cells = np.empty((codes.shape[1], codes.shape[0]), dtype=np.float32) if out is None else out
        np.copyto(cells, codes.T)  # one strided pass; every later step reads contiguous rows
        missing = None
        skipped: list = []
        if codes.dtype.kind == "f":  # integer input cannot hold an unanswered item
            blank = np.isnan(cells)
            if record or blank.any():
                if inst.skip_rules and self._fill_plan is not None and not record:
                    missing = _fill_block(inst.skip_rules, self._fill_plan, cells, blank)
                else:
                    if inst.skip_rules:
                        skipped = _apply_skip_rules(inst.skip_rules, cells, blank, record)
                    missing = np.logical_or.reduce(_rows(blank, self.required), axis=0)
                if missing.any():
                    self.missing_rows[at] = missing
                else:
                    missing = None
        points = self._points_of(cells)
        agg = band = None
        if inst.aggregate:
            assert self.aggregate is not None
            agg = (_max_rows if inst.aggregate == "max" else _sum_rows)(points, self._scored)
            if missing is not None:
                agg = np.where(missing, self.bands[0].low, agg)  # a band index; the row is refused
            band = self._band_of[(agg - self.bands[0].low).astype(np.intp)]
            if missing is not None:
                band[missing] = -1
                self.aggregate[at] = np.where(missing, 0, agg)
            else:
                self.aggregate[at] = agg
            self.band_index[at] = band
        subscores = {}
        for s in inst.subscales:
            idx = [n - 1 for n in s.items]
            sub = (
                _sum_rows(points, idx)
                if s.count_at_least is None
                else np.add.reduce(points[idx] >= s.count_at_least, axis=0)
            )
            if missing is not None:
                sub = np.where(missing, 0, sub)
            subscores[s.name] = sub
            self.subscores[s.name][at] = sub
        for c in inst.criteria:
            subscores[c.name] = np.logical_and.reduce([subscores[name] >= need for name, need in c.requires])
            self.subscores[c.name][at] = subscores[c.name]
        for rule in inst.flags:  # refused rows are set from the bounds afterwards
            fired = None
            for w in rule.when:
                if w.bands:
                    hit = self._band_hits[id(w)][band]
                else:
                    target = cells[w.item - 1] if w.item else agg if w.total else subscores[w.subscore]
                    assert target is not None  # a rule on the total exists only where there is one
                    value: np.ndarray = target
                    hit = (
                        value >= w.at_least
                        if w.at_most == np.inf
                        else (
                            value <= w.at_most
                            if w.at_least == -np.inf
                            else (value >= w.at_least) & (value <= w.at_most)
                        )
                    )
                fired = hit if fired is None else fired | hit
            self.flags[rule.code][at] = fired
        return cells, points, skipped

    def _in_bounds(self, row: int) -> int | None:
        """``row``'s number in :attr:`bounds`, or ``None`` when the row was not refused."""
        rows = self.refused_rows
        k = int(np.searchsorted(rows, row))
        if k == len(rows) or rows[k] != row:
            return None
        return row if self._cells else k

    def row_codes(self, row: int) -> np.ndarray:
        """The codes of ``row`` in form order after skip rules (NaN where unanswered): kept cells where the result
        keeps them, else that row evaluated again on its own (a cohort's, read only to word a flag)."""
        if self._cells:
            return self.codes[row]
        return _Result(self.inst, self._answers[row : row + 1], self.ctx).codes[0]

    def gaps(self, row: int) -> list[int]:
        """The required items unanswered on ``row``."""
        k = self._in_bounds(row)
        if self.bounds is not None and k is not None:
            blank = self.bounds.gaps[self.bounds.position[k]]
        else:
            blank = np.isnan(self.codes[row])
        return [j + 1 for j in self.required if blank[j]]

    def refusal(self, row: int, why: str) -> tuple[str, tuple[Flag, ...]]:
        """The message and flags for a refused row: why, then every flag its answers make
        certain (``partial=True``), so a gap or typo never hides a safety answer."""
        k = self._in_bounds(row)
        if self.bounds is not None and k is not None:
            codes = self.bounds.codes[self.bounds.position[k]]  # the answers given, NaN where blank
            rules = {r.code: r for r in self.inst.flags}
            flags = tuple(_named(self.inst, rules[f.code], f, codes) for f in self.bounds.flags(k))
        else:  # complete but refused (a value given for an item recorded elsewhere)
            flags = tuple(replace(f, partial=True) for f in flags_of(self.inst, self, row))
        notes = "".join(f"; note: {f.code} raised ({f.message}): {f.action}" for f in flags)
        return why + notes, flags

    def refusal_messages(self) -> tuple[np.ndarray, np.ndarray]:
        """The refused (incomplete) rows and their messages, worded once per distinct key
        (the same text :meth:`refusal` gives row by row)."""
        assert self.bounds is not None  # called only when some rows were refused
        rows = self.refused_rows
        keys = self.bounds.keys()
        named = sorted({w.item for r in self.inst.flags if r.finding for w in r.when if w.item})
        if named:  # a flag naming its answers (raised_by) words each distinct answer to those items apart
            answers = self.bounds.codes[:, [n - 1 for n in named]]
            keys = np.hstack([keys, np.where(np.isnan(answers), -1, answers).astype(np.int64)])
        _, first, inverse = np.unique(_one_key_per_row(keys), return_index=True, return_inverse=True)
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
        return (
            f"{self.inst.code} {items} not answered; no skip rule leaves {them} unasked and "
            f"{self.inst.code} has no published pro-rating rule, so it is not scored"
        )

    def rule_text(self, row: int) -> str:
        inst = self.inst
        scored = [i.number for i in inst.items if i.scored]
        items = (
            f"items {scored[0]}-{scored[-1]}"
            if scored == list(range(scored[0], scored[-1] + 1))
            else "items " + ", ".join(map(str, scored))
        )
        if inst.aggregate is None:
            parts = "; ".join(f"{s.name} = items {'+'.join(map(str, s.items))}" for s in inst.subscales)
            return f"no validated total; item-level review with subscales {parts}"
        assert self.band_index is not None and self.aggregate is not None and self.scheme is not None
        band = self.bands[self.band_index[row]]
        what = (
            "total = sum of points of "
            if inst.aggregate == "sum"
            else "level = highest level reached by any 'yes' among "
        )
        # the band and its source in the clinic's words, never their codes (walk23 finding 3)
        span = f"{band.low}" if band.low == band.high else f"{band.low}-{band.high}"
        return (
            f"{what}{items} = {int(self.aggregate[row])}; band {band.label.replace('_', ' ')} ({span}), "
            f"cut-offs of {in_words(self.scheme.source)}"
        )

    def notes(self, row: int, ctx: dict) -> tuple[str, ...]:
        inst, notes = self.inst, []
        if self._cells and inst.skip_rules:  # a kept answer to a skipped safety question (C-SSRS Q7)
            for rule, number, _, values in skip_conflicts(inst, self.codes[row : row + 1], keep=True):
                notes.append(skip_conflict_text(inst, rule, number, float(values[0]), keep=True))
        for rule, (rows, blank) in zip(inst.skip_rules, self.skipped):
            at = np.searchsorted(rows, row)
            held = at < len(rows) and rows[at] == row
            skipped = [u for u, gap in zip(rule.unasked, blank[at]) if gap] if held else []
            if skipped:
                notes.append(f"{_unasked_said(inst, skipped)} not asked ({in_words(rule.source)}); scored {rule.fill}")
        for e in inst.exclusions:
            if ctx.get(e.context) is True:
                notes.append(f"{e.context}: items {', '.join(map(str, e.items))} not counted ({in_words(e.source)})")
        if "sex" in inst.context and self.scheme is not None and (note := sex_note(self.scheme, ctx["sex"])):
            notes.append(note)
        return tuple(notes)


def _unasked_said(inst, numbers) -> str:
    """The items a skip rule left unasked, as a basis note names them: "items 2, 3, 4", or one item by its number and
    its question, "item 7 (Question 6 follow-up: was this within the past 3 months?)" (walk review F13 d)."""
    if len(numbers) > 1:
        return f"items {', '.join(map(str, numbers))}"
    (number,) = numbers
    stem = next((item.stem for item in inst.items if item.number == number), "")
    return f"item {number}" + (f" ({stem})" if stem else "")


def sex_note(scheme: Scheme, sex: str | None) -> str | None:
    """The basis note on sex for ``scheme`` scored with ``sex`` (``None``: not given), or ``None`` when there is none.

    A scheme with sex-specific cut-offs scored without a sex uses its common bands, which must be the more
    sensitive ones (checked when the instrument is made): AUDIT-C's US rule is positive at 4 or more for men and
    3 or more for women (Bradley et al. 2003; Bush et al. 1998), so an unknown sex is read at 3 and the note says
    so.  A scheme without sex-specific cut-offs says that the sex given changed nothing.  :func:`iopkit.score`
    puts the note in its basis, :func:`iopkit.score_many` with ``sex_column`` on each row.

    Parameters
    ----------
    scheme : Scheme
        The banding scheme used.
    sex : {"female", "male"} or None
        The sex scored with; ``None`` when not given.

    Returns
    -------
    str or None
        The note, or ``None``.

    Examples
    --------
    >>> from iopkit.instruments import get
    >>> sex_note(get("audit_c").scheme("us"), None)
    'sex not given: the more sensitive cut-offs are used'
    >>> sex_note(get("audit_c").scheme("us"), "male") is None
    True
    >>> sex_note(get("audit_c").scheme("uk"), "female")
    'scheme uk cut-offs are not sex-specific'
    """
    if not scheme.by_sex:
        return f"scheme {scheme.id} cut-offs are not sex-specific" if sex is not None else None
    return "sex not given: the more sensitive cut-offs are used" if sex is None else None


def _one_key_per_row(keys: np.ndarray) -> np.ndarray:
    """Each row of small non-negative integers as one integer, equal exactly when the rows are
    equal (mixed radix; sorting whole rows with ``np.unique(axis=0)`` is far slower).  Keys too
    wide for 63 bits are numbered by ``np.unique(axis=0)`` instead."""
    if keys.size == 0:
        return np.zeros(len(keys), dtype=np.int64)
    keys = keys - keys.min(axis=0)
    radix = keys.max(axis=0) + 1
    if float(np.prod(radix.astype(float))) >= 2.0**62:
        return np.unique(keys, axis=0, return_inverse=True)[1].reshape(-1)
    weights = np.concatenate([[1], np.cumprod(radix[:0:-1])])[::-1].astype(np.int64)
    return keys.astype(np.int64) @ weights


def evaluate(inst: Instrument, codes: np.ndarray, ctx: dict, cells: bool = True) -> _Result:
    """Apply every rule of ``inst`` to a (rows x items) array of valid codes (NaN = unanswered).

    ``cells=False`` (a cohort) evaluates block by block and keeps only the per-row results;
    ``cells=True`` also keeps the codes after skip rules and the points, which :func:`score`
    words its basis from.

    Parameters
    ----------
    inst : Instrument
        The instrument whose rules apply.
    codes : numpy.ndarray
        Valid codes, one row per response and one column per item in form order; NaN marks an
        unanswered item.  Values are not checked here (:func:`iopkit.score` and
        :func:`iopkit.scoring.cohort.matrix_from_table` check them first).
    ctx : dict
        The full scoring context, already checked: ``scheme`` and the keys the instrument takes.
    cells : bool, optional
        Keep the codes after skip rules and the points (default ``True``: one response); ``False``
        keeps the per-row results only.

    Returns
    -------
    object
        Per-row arrays: ``aggregate``, ``band_index``, ``subscores``, ``flags`` (rule code to a
        boolean array), ``missing_rows`` (rows refused as incomplete) and ``bounds`` (the flags
        certain on those rows), with methods wording refusals, rules and notes.

    Raises
    ------
    UnknownSchemeError
        If ``ctx["scheme"]`` names no banding scheme of an instrument with a total (not reached
        with a context checked by :func:`iopkit.score`).
    """
    return _Result(inst, codes, ctx, cells)
