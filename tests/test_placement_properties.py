"""Properties every recommendation keeps, whatever the ratings, context and suggestions."""

import json
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

import iopkit
from iopkit.flags import Flag, at_rule_severity
from iopkit.placement import (
    CONTEXT_KEYS,
    RULES,
    Recommendation,
    Suggestion,
    recommend,
    suggest_dimensions,
)
from iopkit.placement.levels import LevelOfCare as L
from iopkit.placement.rule_table import SETTING_WM

SETTINGS = settings(max_examples=150, deadline=None)

ratings = st.fixed_dictionaries({d: st.integers(0, 4) for d in range(1, 7)})
contexts = st.dictionaries(st.sampled_from(sorted(CONTEXT_KEYS)), st.booleans())
flags = st.builds(
    Flag,
    code=st.sampled_from(["suicidal_ideation", "severe_alcohol_withdrawal", "x"]),
    message=st.text(max_size=10),
    severity=st.sampled_from(["critical", "warning", "info"]),
    action=st.just(""),
    source=st.just("test"),
)
suggestions = st.lists(
    st.builds(
        Suggestion,
        dimension=st.integers(1, 6),
        rating=st.integers(0, 4),
        reason=st.just("r"),
        source=st.just("s"),
        from_score=st.sampled_from(["phq9", "gad7", "ciwa_ar"]),
        flags=st.lists(flags, max_size=2).map(tuple),
    ),
    max_size=6,
    unique_by=lambda s: s.dimension,
)
phq9_answers = st.fixed_dictionaries({i: st.integers(0, 3) for i in range(1, 10)})


def rank(level):
    return -1 if level is None else level.rank


@SETTINGS
@given(ratings, st.integers(1, 6), st.booleans(), contexts)
def test_raising_any_one_dimension_never_lowers_the_level(dims, dimension, adolescent, context):
    before = recommend(dims, adolescent=adolescent, context=context)
    for higher in range(dims[dimension] + 1, 5):
        after = recommend({**dims, dimension: higher}, adolescent=adolescent, context=context)
        assert after.level.rank >= before.level.rank
        assert wm_rank(after) >= rank(before.withdrawal_management)


def wm_rank(r):
    """The rank of a plan's withdrawal care: dimension 1 rated 1 in a 24-hour level below Level 4 (3.1-3.7) another
    dimension gives has no withdrawal management of its own, its mild withdrawal managed in that setting: the setting's
    own withdrawal care (3.2-WM in Level 3.5, 3.7-WM in 3.7; ASAM Criteria 2013), no less than the ambulatory 1-WM or
    the residential level's own 3.2-WM before (physician review R14, must-fix 2: 3.2-WM is not a separate step for
    dimension 1 at 1 beside dimensions 4-6 rated 4; superseded by physician review R16 (session 15), must-fix 5: the
    same for every 24-hour level below Level 4 another dimension gives, not only the setting arranged today)."""
    if r.withdrawal_management is None and r.level in SETTING_WM and r.level.code != "4" and r.dimensions[1] == 1:
        return SETTING_WM[r.level].rank
    return rank(r.withdrawal_management)


@SETTINGS
@given(ratings, contexts, st.booleans(), suggestions)
def test_every_recommendation_has_one_basis_entry_per_dimension(dims, context, adolescent, sugg):
    r = recommend(dims, context=context, adolescent=adolescent, suggested=sugg)
    assert [(b.dimension, b.rating) for b in r.basis] == sorted(dims.items())
    assert all(b.rule and b.source for b in r.basis)


@SETTINGS
@given(ratings, st.booleans(), contexts)
def test_any_withdrawal_management_comes_with_at_least_outpatient_treatment(dims, adolescent, context):
    r = recommend(dims, adolescent=adolescent, context=context)
    if r.withdrawal_management is not None:
        assert r.level.rank >= L.OP.rank
    if r.withdrawal_management is not None and r.withdrawal_management.rank >= L.WM_RESIDENTIAL.rank:
        assert "reassess_after_withdrawal_management" in {f.code for f in r.flags}


@SETTINGS
@given(ratings)
def test_level_is_the_most_intensive_any_dimension_requires(dims):
    table = {(row.dimension, row.rating): row.level for row in RULES}
    required = [table[(d, r)] for d, r in dims.items() if table[(d, r)] is not None]
    assert recommend(dims).level.rank == max(lv.rank for lv in required)


def _reached(flags, r):
    """Each of ``flags`` is among the recommendation's, its step as given or, beside a transfer (dimension 1 or 2
    rated 4), a suicide risk assessment's step with the receiving team asked for it at handover (physician review R10,
    should-fix 2d (e), its words; Joint Commission NPSG 15.01.01); or, where its box says other words beside what the
    headline orders (physician review R13, should-fix S2: e.g. "At handover tell the receiving team that today's PHQ-9
    item 9 was positive ..." beside a rating of 4), as the headline reads it (``r.raised``), the flag itself in
    ``r.flags`` with its new words."""
    ask = "; if transferred: at handover ask the receiving team for it (do not delay the transfer for it)"
    kept = set(r.flags) | set(r.raised)
    found = {(g.code, g.message, g.severity) for g in r.flags}
    # physician review R23c A5: a flag below its rule's severity (e.g. a saved one) reaches it at its rule's severity
    for f in map(at_rule_severity, flags):
        told = replace(f, action=f.action.rstrip(". ") + ask) if f.action else f
        assert f in kept or told in kept, f
        assert (f.code, f.message, f.severity) in found, f


@SETTINGS
@given(ratings, contexts, suggestions)
def test_a_safety_flag_in_the_inputs_always_reaches_the_recommendation(dims, context, sugg):
    r = recommend(dims, context=context, suggested=sugg)
    _reached({f for s in sugg for f in s.flags}, r)
    for d in (1, 2, 3):
        if dims[d] == 4:
            assert r.level is L.INPATIENT_MANAGED
            assert any(f.code == f"imminent_danger_d{d}" and f.severity == "critical" for f in r.flags)


@settings(max_examples=60, deadline=None)
@given(phq9_answers, ratings)
def test_flags_of_real_scores_reach_the_recommendation(answers, dims):
    score = iopkit.score("phq9", answers)
    r = recommend(dims, suggested=suggest_dimensions([score]))
    _reached(score.flags, r)


@SETTINGS
@given(ratings, contexts)
def test_context_never_changes_the_level_or_withdrawal_route(dims, context):
    plain, with_context = recommend(dims), recommend(dims, context=context)
    assert (with_context.level, with_context.withdrawal_management) == (plain.level, plain.withdrawal_management)
    assert all(a.level.rank >= plain.level.rank for a in with_context.alternatives)


@SETTINGS
@given(ratings, contexts, st.booleans(), suggestions)
def test_recommendation_round_trips_and_rederives(dims, context, adolescent, sugg):
    r = recommend(dims, context=context, adolescent=adolescent, suggested=sugg)
    assert Recommendation.from_dict(json.loads(json.dumps(r.to_dict()))) == r
    assert recommend(**r.inputs()) == r


@SETTINGS
@given(ratings)
def test_critical_flags_come_first(dims):
    order = [("critical", "warning", "info").index(f.severity) for f in recommend(dims).flags]
    assert order == sorted(order)
