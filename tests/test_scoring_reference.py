"""Cut-offs, bands and flags checked against tables typed from the published sources.

The expected values come from ``tests/reference/*.toml`` (each table names its source), never from
the definitions under test: scores just below and at every cut-off must land in the published band.
"""

import tomllib
from pathlib import Path

import pytest

import iopkit
from tests.test_scoring import answers_for_total

REFERENCE = {
    p.stem: tomllib.loads(p.read_text(encoding="utf-8"))
    for p in sorted((Path(__file__).parent / "reference").glob("*.toml"))
}
score = iopkit.score


def test_every_instrument_has_a_reference_table():
    assert set(REFERENCE) == set(iopkit.instruments())


@pytest.mark.parametrize("code", sorted(REFERENCE))
def test_items_and_total_range(code):
    ref, inst = REFERENCE[code], iopkit.instrument(code)
    assert ref["instrument"] == code and len(inst.items) == ref["items"]
    if "total" in ref:
        assert inst.total_range == tuple(ref["total"])


def _boundaries():
    for code, ref in sorted(REFERENCE.items()):
        for scheme in ref.get("scheme", []):
            for sex, key in ((None, "bands"), ("female", "female"), ("male", "male")):
                if key not in scheme:
                    continue
                bands = scheme[key]
                for (low, high, label), nxt in zip(bands, [*bands[1:], None]):
                    cases = [(low, label), (high, label)]
                    if nxt is not None:
                        cases.append((nxt[0], nxt[2]))
                    for total, expected in cases:
                        yield pytest.param(
                            code, scheme["id"], sex, total, expected, id=f"{code}-{scheme['id']}-{sex}-{total}"
                        )


@pytest.mark.parametrize("code, scheme, sex, total, expected", list(_boundaries()))
def test_band_at_and_around_each_published_cut_off(code, scheme, sex, total, expected):
    context = {"scheme": scheme}
    if "sex" in iopkit.instrument(code).context:
        context["sex"] = sex
    s = score(code, answers_for_total(code, total), **context)
    assert s.total == total and s.band == expected


def _base(inst) -> dict:
    """Every item at its lowest-scoring answer (unrecorded items blank)."""
    return {
        i.number: None
        if i.kind == "not_recorded"
        else (0 if i.kind == "count" else i.canonical(min(i.options, key=lambda o: o.points).code))
        for i in inst.items
    }


def _codes(ref_flag):
    return [f.code for f in ref_flag]


def _flag_cases():
    for code, ref in sorted(REFERENCE.items()):
        for flag in ref.get("flag", []):
            yield pytest.param(code, flag, id=f"{code}-{flag['code']}-{flag.get('item', 'total')}")


@pytest.mark.parametrize("code, flag", list(_flag_cases()))
def test_flag_just_below_and_at_its_published_threshold(code, flag):
    inst = iopkit.instrument(code)
    if "total_from" in flag:
        below = answers_for_total(code, flag["total_from"] - 1)
        at = answers_for_total(code, flag["total_from"])
    else:
        item = inst.item(flag["item"])
        below, at = _base(inst), _base(inst)
        for rule in inst.skip_rules:  # a form that asks the item (WHO AUDIT: Q1 not "never", Q2+Q3 > 0)
            if item.number in rule.unasked:
                first, allowed = rule.when[0]
                asks = inst.item(first).canonical(min(c for c in inst.item(first).codes if c not in allowed))
                below[first] = at[first] = asks
        lower = [c for c in item.codes if c < flag["from"]]
        below[item.number] = item.canonical(max(lower))
        at[item.number] = item.canonical(flag["from"])
    assert flag["code"] not in _codes(score(code, below).flags)
    assert flag["code"] in _codes(score(code, at).flags)


@pytest.mark.parametrize("case", REFERENCE["cssrs_screen"]["case"], ids=lambda c: c["band"])
def test_cssrs_triage(case):
    answers = [a or None for a in case["answers"]]  # "" = not asked
    assert score("cssrs_screen", answers).band == case["band"]


def _spread(items, total):
    """Values 0-4 over ``items`` adding up to ``total``."""
    out = {}
    for n in items:
        out[n] = min(4, total)
        total -= out[n]
    assert total == 0
    return out


@pytest.mark.parametrize("sub", REFERENCE["bam"]["subscale"], ids=lambda s: s["name"])
def test_bam_subscale_thresholds(sub):
    inst = iopkit.instrument("bam")
    base = _base(inst)
    if "from" in sub:
        below, at = sub["from"] - 1, sub["from"]
    else:  # a low protective score: flagged at or below the threshold
        below, at = sub["up_to"] + 1, sub["up_to"]
    s_below = score("bam", {**base, **_spread(sub["items"], below)})
    s_at = score("bam", {**base, **_spread(sub["items"], at)})
    assert (s_below.subscores[sub["name"]], s_at.subscores[sub["name"]]) == (below, at)
    assert sub["flag"] not in _codes(s_below.flags) and sub["flag"] in _codes(s_at.flags)
