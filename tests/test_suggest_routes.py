"""Every safety flag reaches the dimension it concerns, and a refused form's certain flags count.

Typed from the sources: the WHO AUDIT manual (Babor et al. 2001) -- item 6, a morning drink to get going
after heavy drinking, is one of the dependence items (4-6) whose points imply the presence or incipient
presence of dependence; withdrawal potential is ASAM dimension 1 (Mee-Lee et al. 2013). CIWA-Ar anchors
(Sullivan et al. 1989): items 6-8 at 4 or more are hallucinations, complicated withdrawal (ASAM 2020).
"""

import pytest

import iopkit
from iopkit.errors import IncompleteResponseError, InvalidAnswerError, PlacementInputError
from iopkit.flags import Flag
from iopkit.placement import recommend, suggest_dimensions


def refused(code, answers):
    with pytest.raises((IncompleteResponseError, InvalidAnswerError)) as err:
        iopkit.score(code, answers)
    return err.value


@pytest.mark.parametrize(
    "code, answers",
    [
        ("audit", [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]),  # total 4: below every AUDIT suggestion rule
        ("dast10", ["no", "no", "yes", "no", "no", "no", "no", "no", "yes", "no"]),
        ("cage_aid", ["no", "no", "no", "yes"]),
        ("dsm5_sud", ["no"] * 10 + ["yes"]),
    ],
)
def test_a_withdrawal_sign_on_any_instrument_reaches_dimension_1(code, answers):
    s = suggest_dimensions([iopkit.score(code, answers)])
    d1 = s[1]
    assert d1.rating == 1 and d1.from_score == code and "withdrawal_risk" in {f.code for f in d1.flags}
    r = recommend({1: 0, 2: 0, 3: 0, 4: 1, 5: 1, 6: 1}, suggested=s)
    assert "withdrawal_risk" in {f.code for f in r.flags}
    assert "rated_below_suggestion_d1" in {f.code for f in r.flags}  # rating it 0 needs a reason


def test_the_audit_flag_goes_with_dimension_1_not_with_dimension_5_where_the_total_suggests_it():
    # walk24 finding 6 changed this (was: the flag also stays with dimension 5's suggestion): the total, not item 6,
    # suggests dimension 5's rating, so a rating of dimension 5 below it is never said to be below the sign; the sign
    # reaches dimension 1 and the recommendation
    s = suggest_dimensions([iopkit.score("audit", [4, 4, 4, 2, 2, 4, 0, 0, 0, 0])])  # 24: zone IV
    assert "withdrawal_risk" in {f.code for f in s[1].flags} and "withdrawal_risk" not in {f.code for f in s[5].flags}
    r = recommend({1: 1, 2: 0, 3: 0, 4: 1, 5: 1, 6: 1}, suggested=s)
    assert "withdrawal_risk" in {f.code for f in r.flags}


def test_a_refused_phq9_is_accepted_and_its_item_9_flag_reaches_dimension_3():
    err = refused("phq9", [3] * 8 + [None])  # item 9 blank: asked now, worst case until then
    s = suggest_dimensions([err])
    # the flag travels (ask item 9 now) but a blank is no finding: it sets no floor, only the route's 1
    assert s[3].rating == 1 and "suicidal_ideation" in {f.code for f in s[3].flags}


def test_a_certain_flag_of_a_refused_ciwa_sets_its_floor_but_a_blank_safety_item_does_not():
    certain = refused("ciwa_ar", [None] * 6 + [6] + [None] * 3)  # item 7 at 6: hallucinations, certain
    assert suggest_dimensions([certain])[1].rating == 4
    blank = refused("ciwa_ar", [1, 1, 1, 1, 1, None, None, None, None, None])  # items 6-8, 10 not yet asked
    d1 = suggest_dimensions([blank])[1]
    assert d1.rating == 1 and {f.code for f in d1.flags} == {"complicated_withdrawal"}
    assert d1.flags[0].worst_case


def test_anything_else_is_still_refused():
    from iopkit.errors import PlacementInputError

    with pytest.raises(PlacementInputError):
        suggest_dimensions([ValueError("x")])


def test_an_older_unresolved_high_risk_reaches_the_first_step_without_changing_todays_rating():
    """Columbia C-SSRS screener triage: Q4 (intent) "yes" is high risk, calling for an immediate emergency
    evaluation with safety precautions. Unresolved, last week's high risk still leads today's headline."""
    from iopkit.placement import FirstStep, recommend

    last_week = iopkit.score("cssrs_screen", ["yes", "yes", "no", "yes", "no", "no", None]).flags
    today = iopkit.score("cssrs_screen", ["no", "no", None, None, None, "no", None])
    ratings = {1: 1, 2: 1, 3: 0, 4: 1, 5: 1, 6: 1}
    alone = recommend(ratings, suggested=suggest_dimensions([today]))
    assert alone.first_step is None
    s = suggest_dimensions([today], older_open_flags=last_week)
    assert s[3].rating == 0 and "suicide_risk_high" in {f.code for f in s[3].flags}
    r = recommend(ratings, suggested=s)
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    assert r.headline.startswith("First: emergency evaluation for suicide risk")
    # with no score of its dimension today, the flag's route suggests a rating to assess first
    assert suggest_dimensions([], older_open_flags=last_week)[3].rating == 2
    with pytest.raises(PlacementInputError):
        suggest_dimensions([], older_open_flags=["suicide_risk_high"])


@pytest.mark.parametrize(
    "saved, rating",
    [
        (Flag("suicidal_ideation", "PHQ-9 item 9 (saved before flags said what they call for)", "critical"), 1),
        (Flag("suicide_risk_high", "C-SSRS high risk (saved before flags said what they call for)", "critical"), 2),
        (
            Flag(
                "suicide_risk_high",
                "C-SSRS high risk (saved calling for a risk assessment)",
                "critical",
                calls_for="risk_assessment",
            ),
            2,
        ),
    ],
)
def test_an_older_open_flag_saved_with_an_older_call_still_reaches_the_headline(saved, rating):
    # The episode's open flags are the review's reading (continued_stay.calls_for: a legacy suicide-risk flag
    # calls for a risk assessment, C-SSRS high risk for an emergency evaluation, Columbia triage); placement
    # reads them the same way, so a flag saved before flags named their call is never left out of the headline.
    ratings = {1: 1, 2: 1, 3: 0, 4: 1, 5: 1, 6: 1}
    s = suggest_dimensions([], older_open_flags=[saved])
    assert s[3].rating == rating and saved in s[3].flags
    calm = suggest_dimensions([iopkit.score("phq9", [0] * 9)], older_open_flags=[saved])
    assert saved in calm[3].flags
    first = "First: emergency evaluation" if rating == 2 else "First: a same-day suicide risk"
    assert recommend(ratings, suggested=calm).headline.startswith(first)
    below = recommend(ratings, suggested=s)  # rated under the flag's route: never an emergency *medical* evaluation
    assert below.headline.startswith(first) and "medical" not in below.headline.split(")")[0]
