"""Load-time checks of an instrument definition: a typo in the data fails every import, not a patient."""

from __future__ import annotations

import math

from ..errors import InstrumentDefinitionError

__all__ = ["check"]


def _fail(inst, what: str) -> None:
    raise InstrumentDefinitionError(f"instrument {inst.code!r}: {what}")


def check(inst) -> None:
    """Load-time checks: numbering, answer sets, bands contiguous and covering the range, references.

    Parameters
    ----------
    inst : Instrument
        The definition to check (called by :class:`~iopkit.instruments.Instrument` when it is made).

    Raises
    ------
    InstrumentDefinitionError
        The first check the definition fails, naming the instrument: items not numbered 1..n in form order,
        an answer set without distinct codes (yes/no items need codes 0 and 1, count items a range), an item
        instruction that is not text as printed (or given for an item recorded elsewhere), a
        subscale, criterion, skip rule, exclusion or flag naming an unknown item, subscore, band or context key,
        a skip rule filling an item with a code it does not allow, bands without an aggregate or an aggregate
        without bands, bands that are empty, not contiguous, not covering the possible range or not snake_case,
        sex-specific bands without a ``sex`` context, more sensitive than the unknown-sex bands or labelled
        otherwise than them, or a flag code used twice, without a condition, with a condition on other than one
        target, asking for the worst case of an unknown answer off an item condition, or naming a finding after
        the answers that raise it without an item condition.
    """
    numbers_ = [i.number for i in inst.items]
    if numbers_ != list(range(1, len(numbers_) + 1)):
        _fail(inst, f"items must be numbered 1..n in form order (got {numbers_})")
    for i in inst.items:
        if (
            i.kind in ("choice", "yes_no")
            and len(set(i.codes)) != len(i.options)
            or (i.kind in ("choice", "yes_no") and not i.options)
        ):
            _fail(inst, f"item {i.number} needs distinct answer codes")
        if i.kind == "yes_no" and sorted(i.codes) != [0, 1]:
            _fail(inst, f"yes/no item {i.number} must have codes 0 and 1")
        if i.kind == "count" and not i.count_range:
            _fail(inst, f"count item {i.number} needs a count_range")
        if not isinstance(i.instruction, str) or i.instruction != i.instruction.strip():
            _fail(inst, f"item {i.number}: its instruction must be text as printed, without surrounding spaces")
        if i.instruction and i.kind == "not_recorded":
            _fail(inst, f"item {i.number} is recorded elsewhere: no instruction is shown for it")
    known = set(numbers_)
    subscores = {s.name for s in inst.subscales} | {c.name for c in inst.criteria}
    for s in inst.subscales:
        if not set(s.items) <= known:
            _fail(inst, f"subscale {s.name!r} names unknown items {s.items}")
    for c in inst.criteria:
        if not {name for name, _ in c.requires} <= subscores:
            _fail(inst, f"criterion {c.name!r} names unknown subscales")
    for rule in inst.skip_rules:
        if not {n for n, _ in rule.when} | set(rule.unasked) <= known:
            _fail(inst, f"skip rule names unknown items {rule}")
        for n in rule.unasked:
            if rule.fill not in inst.item(n).codes:
                _fail(inst, f"skip rule fills item {n} with {rule.fill}, not an allowed code")
    for e in inst.exclusions:
        if e.context not in inst.context or not set(e.items) <= known:
            _fail(inst, f"exclusion {e} names an unknown context key or item")
    if inst.aggregate is None and inst.schemes:
        _fail(inst, "an instrument without an aggregate cannot have bands")
    if inst.aggregate is not None and not inst.schemes:
        _fail(inst, "an instrument with an aggregate needs at least one banding scheme")
    labels = set()
    for scheme in inst.schemes:
        for bands in (scheme.bands, *scheme.by_sex.values()):
            _check_bands(inst, scheme.id, bands, inst.total_range)
            labels |= {b.label for b in bands}
        if scheme.by_sex and "sex" not in inst.context:
            _fail(inst, f"scheme {scheme.id!r} is sex-specific but the instrument takes no sex")
        for bands in scheme.by_sex.values():  # unknown sex must use the most sensitive cut-offs
            if _first_positive(bands) < _first_positive(scheme.bands):
                _fail(inst, f"scheme {scheme.id!r}: unknown-sex bands are not the most sensitive")
            if [b.label for b in bands] != [b.label for b in scheme.bands]:  # a mixed cohort: one band column
                _fail(inst, f"scheme {scheme.id!r}: sex-specific bands must be labelled as the unknown-sex bands")

    for rule in inst.flags:
        if [r.code for r in inst.flags].count(rule.code) != 1:
            _fail(inst, f"flag code {rule.code!r} is used twice")
        if not rule.when:
            _fail(inst, f"flag {rule.code!r} has no condition")
        for w in rule.when:
            if sum((bool(w.item), bool(w.subscore), w.total, bool(w.bands))) != 1:
                _fail(inst, f"flag {rule.code!r}: each condition needs exactly one target")
            if (
                (w.item and w.item not in known)
                or (w.subscore and w.subscore not in subscores)
                or not set(w.bands) <= labels
            ):
                _fail(inst, f"flag {rule.code!r} names an unknown item, subscore or band")
            if w.unknown == "worst_case" and not w.item:  # the values themselves are checked by When
                _fail(inst, f"flag {rule.code!r}: unknown may be worst_case only on an item condition")
        if rule.finding and not any(w.item for w in rule.when):
            _fail(inst, f"flag {rule.code!r} names the answers that raise it but has no item condition")


def _first_positive(bands) -> float:
    return bands[1].low if len(bands) > 1 else math.inf


def _check_bands(inst, scheme_id, bands, total_range) -> None:
    low, high = total_range
    if bands[0].low != low or bands[-1].high != high:
        _fail(inst, f"scheme {scheme_id!r} bands must cover {low}..{high} (got {bands[0].low}..{bands[-1].high})")
    for a, b in zip(bands, bands[1:]):
        if b.low != a.high + 1:
            _fail(inst, f"scheme {scheme_id!r} bands {a.label!r} and {b.label!r} are not contiguous")
    for b in bands:
        if b.low > b.high or b.label != b.label.lower().replace(" ", "_"):
            _fail(inst, f"scheme {scheme_id!r} band {b!r} is empty or not snake_case")
