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


# WHO AUDIT manual (Babor et al. 2001): item 6 asks "How often during the last year have you needed a first drink
# in the morning to get yourself going after a heavy drinking session?" (0 Never, 1 Less than monthly, 2 Monthly,
# 3 Weekly, 4 Daily or almost daily); points on items 4-6 imply the presence or incipient presence of dependence.
# A morning drink is drinking to relieve withdrawal. ASAM 2020 alcohol withdrawal guideline (Rec II.1, II.5, III.3):
# assess withdrawal risk (CIWA-Ar for current signs; PAWSS, Maldonado et al. 2014, and a history of withdrawal
# seizures or delirium tremens for complicated withdrawal) before deciding the setting. ASAM Criteria 3rd ed.
# (Mee-Lee et al. 2013): dimension 1 is acute intoxication and/or withdrawal potential; rated 0, no withdrawal
# need; all six dimensions at 0-1 is Level 1 (outpatient).
WITHDRAWAL_FIRST = (
    "First: assess withdrawal risk today (CIWA-Ar for alcohol, COWS for opioids, PAWSS for the risk of "
    "complicated alcohol withdrawal) before planning ambulatory care"
)
REST_MILD = {2: 0, 3: 0, 4: 1, 5: 1, 6: 1}


def _audit(item6):
    # items 1-3 "monthly or less", "1 or 2", "less than monthly" (total 4 with item 6 at 1: zone I, no D5 suggestion)
    return iopkit.score("audit", [1, 0, 1, 0, 0, item6, 0, 0, 0, 0])


@pytest.mark.parametrize("item6", [1, 2, 3, 4])
def test_a_morning_drink_with_dimension_1_rated_0_leads_with_the_withdrawal_assessment(item6):
    r = recommend({1: 0, **REST_MILD}, suggested=suggest_dimensions([_audit(item6)]))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    assert r.headline.startswith(WITHDRAWAL_FIRST)
    assert "dimension 1 rated 0, below the 1" in r.headline  # why: the rating does not account for the sign
    assert r.headline.endswith(
        "Then, unless the review finds more: Level 1 (Outpatient), under 9 h/week of clinical services."
    )
    assert r.level.code == "1" and r.withdrawal_management is None  # the level stays the rule table's
    below = next(f for f in r.flags if f.code == "rated_below_suggestion_d1")
    assert below.severity == "warning" and below.calls_for == "medical_review"
    assert below.action.startswith("Assess withdrawal risk today (CIWA-Ar for alcohol")
    assert "emergency" not in r.headline  # a warning: a review today, not an emergency


def test_no_morning_drink_no_withdrawal_first_step():
    r = recommend({1: 0, **REST_MILD}, suggested=suggest_dimensions([_audit(0)]))
    assert r.first_step is None
    assert r.headline == "Recommended: Level 1 (Outpatient), under 9 h/week of clinical services"


def test_a_morning_drink_the_dimension_1_rating_accounts_for_needs_no_first_step():
    # dimension 1 rated 1 (mild withdrawal potential): ambulatory withdrawal management 1-WM alongside Level 1
    r = recommend({1: 1, **REST_MILD}, suggested=suggest_dimensions([_audit(1)]))
    assert r.first_step is None
    assert r.headline.startswith("Recommended: Level 1 (Outpatient)") and "1-WM" in r.headline
    assert "withdrawal_risk" in {f.code for f in r.flags}  # the sign itself still shows with its call


def test_high_pawss_rated_below_leads_with_the_medical_review_unless_mitigated():
    # PAWSS 4 or more: high risk of complicated alcohol withdrawal (Maldonado et al. 2014): 3.7-WM, dimension 1
    # rated 3 (ASAM 2020 Rec II.5 with the ASAM Criteria); rated 1 instead, the review comes first.
    r = recommend({1: 1, **REST_MILD}, suggested=suggest_dimensions([], pawss=5))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    assert r.headline.startswith("First: medical review before deciding the setting")
    assert "dimension 1 rated 1, below the 3" in r.headline and r.level.code == "1"
    mitigated = suggest_dimensions([], pawss=5, withdrawal_risk_mitigated="sober partner at home 24 h")
    assert recommend({1: 1, **REST_MILD}, suggested=mitigated).first_step is None


def test_a_suicide_risk_assessment_still_leads_and_the_withdrawal_assessment_is_named_with_it():
    item9 = iopkit.score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 1])  # item 9 "several days"
    r = recommend({1: 0, 2: 0, 3: 2, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions([item9, _audit(1)]))
    assert r.first_step is FirstStep.RISK_ASSESSMENT
    assert r.headline.startswith(RISK_FIRST + ", and assess withdrawal risk today (CIWA-Ar for alcohol")
    assert "dimension 1 rated 0, below the 1" in r.headline


def test_complicated_withdrawal_rated_low_is_still_an_emergency_medical_evaluation():
    ciwa = iopkit.score("ciwa_ar", [0, 0, 0, 0, 0, 4, 0, 0, 0, 0])  # tactile hallucinations: complicated withdrawal
    r = recommend({1: 0, **REST_MILD}, suggested=suggest_dimensions([ciwa, _audit(1)]))
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION and r.headline.startswith(MEDICAL_FIRST)


def test_a_blank_withdrawal_item_sets_no_review_first():
    # CIWA-Ar items 6-8 and 10 not yet asked: the worst case of a blank question prompts it, it is no finding
    with pytest.raises(iopkit.errors.IncompleteResponseError) as refused:
        iopkit.score("ciwa_ar", [1, 1, 1, 1, 1, None, None, None, None, None])
    r = recommend({1: 0, **REST_MILD}, suggested=suggest_dimensions([refused.value]))
    assert r.first_step is not FirstStep.MEDICAL_REVIEW


def test_the_withdrawal_first_step_is_in_the_stored_record():
    r = recommend({1: 0, **REST_MILD}, suggested=suggest_dimensions([_audit(2)]))
    data = json.loads(json.dumps(r.to_dict()))
    assert data["first_step"] == "medical_review" and data["headline"].startswith(WITHDRAWAL_FIRST)
    assert Recommendation.from_dict(data) == r


def test_a_morning_drink_on_an_unfinished_audit_leads_at_once():
    # items 7-10 not asked yet: item 6 answered "less than monthly" is already certain (a lower bound)
    with pytest.raises(iopkit.errors.IncompleteResponseError) as refused:
        iopkit.score("audit", [1, 0, 1, 0, 0, 1, None, None, None, None])
    r = recommend({1: 0, **REST_MILD}, suggested=suggest_dimensions([refused.value]))
    assert r.first_step is FirstStep.MEDICAL_REVIEW and r.headline.startswith(WITHDRAWAL_FIRST)
    assert r.level.code == "1"
