"""The headline leads with imminent danger: emergency evaluation before anything else.

Typed from the sources, not from iopkit:
- ASAM Criteria 3rd ed. (Mee-Lee et al. 2013): a rating of 4 in dimensions 1-3 is imminent danger.
- ASAM Clinical Practice Guideline on Alcohol Withdrawal Management (2020), Rec III.2: a patient at
  active risk of suicide needs a setting equipped to manage it (often inpatient psychiatry with
  withdrawal management), so imminent psychiatric danger comes before a withdrawal unit.
- Columbia C-SSRS screener triage (Posner et al. 2011): a "yes" to Q4 (intent) is high risk,
  immediate emergency evaluation with patient safety precautions until a mental-health
  professional evaluates (Columbia clinical triage guidelines).
- CIWA-Ar (Sullivan 1989) with ASAM 2020 Table 1: hallucinations mean complicated withdrawal.
"""

import json

import pytest

import iopkit
from iopkit.errors import PlacementInputError
from iopkit.placement import (
    FirstStep,
    Placement,
    Recommendation,
    recommend,
    suggest_dimensions,
)

SUICIDE_FIRST = "First: emergency evaluation for suicide risk, with safety precautions until it is done"
MEDICAL_FIRST = "First: emergency medical evaluation"


def test_active_suicide_risk_leads_before_withdrawal_management():
    # the reviewer's case: D1 = 3 (inpatient WM) and D3 = 4 (actively suicidal)
    r = recommend({1: 3, 2: 0, 3: 4, 4: 0, 5: 0, 6: 0})
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    assert r.headline.startswith(SUICIDE_FIRST)
    # withdrawal management is still named, after the evaluation
    assert r.headline.index("-WM") > r.headline.index("suicide")


@pytest.mark.parametrize("dimension", [1, 2])
def test_imminent_medical_danger_leads(dimension):
    ratings = {d: 0 for d in range(1, 7)} | {dimension: 4}
    r = recommend(ratings)
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    assert r.headline.startswith(MEDICAL_FIRST)


def test_withdrawal_first_is_the_first_step_without_danger():
    r = recommend({1: 3, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1})
    assert r.first_step is FirstStep.WITHDRAWAL_MANAGEMENT
    assert r.headline.startswith("First: 3.7-WM")


def test_no_first_step_for_ordinary_outpatient_care():
    r = recommend({1: 0, 2: 1, 3: 2, 4: 1, 5: 1, 6: 1})
    assert r.first_step is None
    assert r.headline.startswith("Recommended: Level 2.1")


def test_cssrs_intent_rated_low_still_leads_with_suicide_risk():
    # C-SSRS Q1, Q2 and Q4 "yes": high risk. The clinician rates D3 = 1.
    cssrs = iopkit.score("cssrs_screen", [1, 1, 0, 1, 0, 0, None])
    s = suggest_dimensions([cssrs])
    r = recommend({1: 0, 2: 0, 3: 1, 4: 0, 5: 0, 6: 0}, suggested=s)
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    assert r.headline.startswith(SUICIDE_FIRST)
    below = next(f for f in r.flags if f.code == "rated_below_suggestion_d3")
    assert below.severity == "critical"  # a rating under a critical flag's floor is itself critical


def test_ciwa_hallucinations_rated_low_lead_with_medical_evaluation():
    ciwa = iopkit.score("ciwa_ar", [0, 0, 0, 0, 0, 4, 0, 0, 0, 0])  # item 6 tactile hallucinations at 4
    s = suggest_dimensions([ciwa])
    r = recommend({1: 1, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0}, suggested=s)
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    assert r.headline.startswith(MEDICAL_FIRST)
    below = next(f for f in r.flags if f.code == "rated_below_suggestion_d1")
    assert below.severity == "critical" and below.calls_for == "medical_review"


def test_psychiatric_danger_takes_precedence_over_medical_and_both_are_named():
    r = recommend({1: 4, 2: 0, 3: 4, 4: 0, 5: 0, 6: 0})
    assert r.headline.startswith(SUICIDE_FIRST)
    assert "medical" in r.headline.split(";")[0]


def test_an_override_of_a_critical_floor_needs_a_reason():
    cssrs = iopkit.score("cssrs_screen", [1, 1, 0, 1, 0, 0, None])
    r = recommend({1: 0, 2: 0, 3: 1, 4: 0, 5: 0, 6: 0}, suggested=suggest_dimensions([cssrs]))
    with pytest.raises(PlacementInputError):
        Placement(r)


def test_first_step_is_in_the_stored_record():
    r = recommend({1: 3, 2: 0, 3: 4, 4: 0, 5: 0, 6: 0})
    data = json.loads(json.dumps(r.to_dict()))
    assert data["first_step"] == "emergency_evaluation"
    assert data["headline"].startswith(SUICIDE_FIRST)
    assert Recommendation.from_dict(data) == r


def test_a_suicide_screening_flag_alone_calls_for_a_same_day_risk_assessment_not_an_emergency():
    """PHQ-9 item 9 endorsed with dimension 3 below 4: a same-day risk assessment leads the headline
    (Joint Commission NPSG 15.01.01); the level is unchanged by it."""
    import iopkit
    from iopkit.placement import FirstStep, recommend, suggest_dimensions

    item9 = iopkit.score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 1])
    rec = recommend({1: 0, 2: 0, 3: 2, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions([item9]))
    assert rec.first_step is FirstStep.RISK_ASSESSMENT
    assert rec.headline.startswith("First: a same-day suicide risk assessment before the patient leaves")
    assert rec.level.code == "2.1"


# Columbia C-SSRS screener triage (Posner et al. 2011): only high risk (Q4/Q5 or recent behaviour) calls for
# an immediate emergency evaluation with safety precautions; suicidal ideation without that (PHQ-9 item 9, C-SSRS
# low or moderate risk) calls for a risk assessment. ASAM Criteria 3rd ed. (Mee-Lee et al. 2013): only a
# dimension 3 rating of 4 is imminent danger. So a rating below a risk-assessment flag's floor leads with a
# same-day risk assessment, not an emergency evaluation.
RISK_FIRST = "First: a same-day suicide risk assessment before the patient leaves"


def test_phq9_item9_with_dimension3_rated_1_leads_with_a_risk_assessment_not_an_emergency():
    item9 = iopkit.score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 1])  # item 9 "several days"
    r = recommend({1: 0, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions([item9]))
    assert r.first_step is FirstStep.RISK_ASSESSMENT
    assert r.headline.startswith(RISK_FIRST)
    assert "emergency" not in r.headline
    below = next(f for f in r.flags if f.code == "rated_below_suggestion_d3")
    assert below.severity == "critical" and below.calls_for == "risk_assessment"  # still a reason to record


def test_a_blank_phq9_item9_sets_no_floor_and_asks_the_question_first():
    with pytest.raises(iopkit.errors.IncompleteResponseError) as refused:
        iopkit.score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, None])
    s = suggest_dimensions([refused.value])
    assert s[3].rating <= 1  # a blank is no finding: nothing to rate dimension 3 up on
    r = recommend({1: 0, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}, suggested=s)
    assert "rated_below_suggestion_d3" not in {f.code for f in r.flags}
    assert r.first_step is FirstStep.RISK_ASSESSMENT
    assert r.headline.startswith("First: ask the blank suicide-risk question now")
    assert "emergency" not in r.headline
    Placement(r)  # no reason to record: the clinician's rating is not below a finding


def test_cssrs_moderate_risk_rated_below_leads_with_a_risk_assessment():
    # C-SSRS Q1, Q2, Q3 "yes" (method, no intent, no plan, no behaviour): moderate risk
    cssrs = iopkit.score("cssrs_screen", [1, 1, 1, 0, 0, 0, None])
    r = recommend({1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0}, suggested=suggest_dimensions([cssrs]))
    assert r.dimensions[3] < r.basis[2].suggested_rating
    assert r.first_step is FirstStep.RISK_ASSESSMENT
    assert r.headline.startswith(RISK_FIRST)
