"""Properties of the scorer over every instrument (Hypothesis)."""

import math

import numpy as np
import pandas as pd
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import iopkit
from iopkit.errors import InvalidAnswerError

CODES = list(iopkit.instruments())
SETTINGS = settings(max_examples=150, deadline=None)


def item_answer(item):
    """Any valid answer to one item, in any accepted spelling."""
    if item.kind == "yes_no":
        return st.sampled_from(["yes", "no", "YES", "No", True, False, 1, 0, 1.0, 0.0])
    if item.kind == "count":
        return st.integers(0, 365)
    if item.kind == "not_recorded":
        return st.none()
    return st.sampled_from(item.codes)


@st.composite
def valid_response(draw, codes=CODES):
    inst = iopkit.instrument(draw(st.sampled_from(codes)))
    answers = [draw(item_answer(item)) for item in inst.items]
    for rule in inst.skip_rules:  # valid: what the form skips is not asked (answered only with its fill)
        if rule.if_answered == "refuse" and all(
            inst.item(n).code_of(answers[n - 1]) in allowed for n, allowed in rule.when
        ):
            for n in rule.unasked:
                if inst.item(n).code_of(answers[n - 1]) != rule.fill:
                    answers[n - 1] = None
    return inst, answers


@st.composite
def invalid_value(draw, item):
    """A value the item does not allow."""
    if item.kind == "not_recorded":
        return draw(st.integers(0, 30))
    choices = [
        st.floats(allow_nan=False, allow_infinity=False).filter(lambda v: not v.is_integer()),
        st.just(float("nan")),
        st.just(float("inf")),
        st.text(min_size=1).filter(lambda t: t.strip().lower() not in ("yes", "no", "y", "n", "true", "false")),
        st.lists(st.integers(), max_size=2),
    ]
    if item.kind == "count":
        choices.append(st.one_of(st.integers(max_value=-1), st.integers(min_value=366)))
    else:
        choices.append(st.integers(-50, 400).filter(lambda v: v not in item.codes))
    if item.kind != "yes_no":
        choices.append(st.booleans())
    return draw(st.one_of(choices))


@SETTINGS
@given(valid_response())
def test_every_valid_answer_set_scores_within_the_instruments_range(response):
    inst, answers = response
    s = iopkit.score(inst.code, answers)
    if inst.reports_total:
        low, high = inst.total_range
        assert low <= s.total <= high
        assert s.band is not None
    assert s == iopkit.score(s.instrument, s.answers, **s.context)


@SETTINGS
@given(valid_response(), st.data())
def test_any_invalid_value_raises_an_error_naming_the_item(response, data):
    inst, answers = response
    number = data.draw(st.integers(1, len(inst.items)))
    bad = data.draw(invalid_value(inst.item(number)))
    answers[number - 1] = bad
    try:
        iopkit.score(inst.code, answers)
    except InvalidAnswerError as err:
        assert str(err).startswith(f"{inst.code} item {number} must be")
    else:
        raise AssertionError(f"{bad!r} accepted for {inst.code} item {number}")


@st.composite
def cohort(draw):
    """Rows of numeric codes for one instrument, some with an invalid value or a gap."""
    inst = iopkit.instrument(draw(st.sampled_from(CODES)))
    rows = []
    for _ in range(draw(st.integers(1, 12))):
        row = [
            np.nan
            if item.kind == "not_recorded"
            else float(draw(st.integers(0, 365)) if item.kind == "count" else draw(st.sampled_from(item.codes)))
            for item in inst.items
        ]
        spoil = draw(st.sampled_from(["none", "none", "gap", "bad"]))
        j = draw(st.integers(0, len(row) - 1))
        if spoil == "gap":
            row[j] = np.nan
        elif spoil == "bad":
            row[j] = draw(st.sampled_from([-1.0, 0.5, 6.0, 400.0]))
        rows.append(row)
    return inst, np.array(rows)


@SETTINGS
@given(cohort())
def test_score_many_equals_score_row_by_row(data):
    inst, rows = data
    df = iopkit.score_many(inst.code, rows)
    for r, row in enumerate(rows):
        answers = [None if math.isnan(v) else v for v in row]
        try:
            s = iopkit.score(inst.code, answers)
        except (InvalidAnswerError, iopkit.IncompleteResponseError) as err:
            assert str(err) == df["error"].iloc[r]  # the same message, with the same certain flags
            assert {f.code for f in err.flags} == {
                c[5:] for c in df.columns if c.startswith("flag_") and df[c].fillna(False).iloc[r]
            }
            assert pd.isna(df["total"].iloc[r]) and pd.isna(df["band"].iloc[r])
            continue
        got = df.iloc[r]
        assert got["error"] is None
        assert (s.total, s.band) == (
            None if pd.isna(got["total"]) else got["total"],
            None if pd.isna(got["band"]) else got["band"],
        )
        assert {f.code for f in s.flags} == {c[5:] for c in df.columns if c.startswith("flag_") and got[c]}
        assert s.subscores == {k: got[k] for k in s.subscores}


# Flags on incomplete forms are certain lower bounds ("at least low risk"), which a completion can
# replace by a more serious flag of a higher band: the property is in tests/test_safety_flags.py.


@SETTINGS
@given(valid_response([c for c, i in iopkit.instruments().items() if i.aggregate]), st.data())
def test_raising_an_item_never_lowers_the_total_except_reverse_keys(response, data):
    inst, answers = response
    number = data.draw(st.integers(1, len(inst.items)))
    item = inst.item(number)
    code = item.code_of(answers[number - 1])
    higher = [c for c in item.codes if code is not None and c > code]
    if not higher:
        return
    before = iopkit.score(inst.code, answers)
    answers[number - 1] = data.draw(st.sampled_from(higher))
    try:
        after = iopkit.score(inst.code, answers)
    except (iopkit.errors.IncompleteResponseError, iopkit.errors.InvalidAnswerError):
        # raising it made the form ask a question it skipped (AUDIT item 2 above 0 asks item 3), or answer one
        # it skips (item 2 after "never" on item 1): no longer a complete, consistent response to compare
        assume(False)
    key = (
        (lambda s: s.total)
        if inst.reports_total
        else (lambda s: [b.label for b in inst.schemes[0].bands].index(s.band))
    )
    if item.reverse:
        assert key(after) <= key(before)
    else:
        assert key(after) >= key(before)
