"""Hypothesis fuzzes placement's entry points with outside data: an iopkit error or a correct result, never
another exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import iopkit
from iopkit.placement import LevelOfCare, recommend, suggest_dimensions

anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 10),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=5),
    st.lists(st.integers(0, 4), max_size=3),
)
dimension_keys = st.one_of(st.integers(-2, 8), st.text(max_size=3), st.booleans())
ratings = st.one_of(
    st.dictionaries(dimension_keys, anything, max_size=8),
    st.fixed_dictionaries({d: st.integers(0, 4) for d in range(1, 7)}),
    anything,
)
contexts = st.one_of(st.none(), st.dictionaries(st.text(max_size=12), anything, max_size=4), anything)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(ratings, contexts, anything)
def test_recommend_gives_an_iopkit_error_or_a_sound_recommendation(dims, context, adolescent):
    try:
        rec = recommend(dims, context=context, adolescent=adolescent)
    except iopkit.IopkitError:
        return
    assert isinstance(rec.level, LevelOfCare)
    assert set(rec.dimensions) == set(range(1, 7))
    assert all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 4 for v in rec.dimensions.values())
    assert rec.headline


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(anything, max_size=3), anything, anything, anything)
def test_suggest_dimensions_gives_an_iopkit_error_or_suggestions(scores, readiness, prior, pawss):
    try:
        suggested = suggest_dimensions(scores, readiness=readiness, prior_withdrawal_seizure_or_dt=prior, pawss=pawss)
    except iopkit.IopkitError:
        return
    assert all(d == s.dimension and 1 <= d <= 6 and 0 <= s.rating <= 4 for d, s in suggested.items())
