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

import datetime as dt
import html
import json
from dataclasses import replace

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
from iopkit.placement.suggest import delirium_history

from .conftest import GHB_WITHDRAWAL, SEDATIVE_TAPER, clinic_time
from .intoxication_screens import SCREEN_ALCOHOL, SCREEN_OPIOID, r32a
from .refusal_branches import EVALUATION_DECLINES_OR_LEAVES, PSYCHIATRIC_DECLINES

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

SUICIDE_FIRST = (  # physician review R6, must-fix 4, its words
    "First: emergency evaluation for suicide risk, with safety precautions, staff with the patient, until it is done"
    + EVALUATION_DECLINES_OR_LEAVES
)
# dimension 3 rated 4: the box's words, the transfer now (physician review 7, MUST 3); no suicide-risk finding beside
# it: the emergency psychiatric evaluation (physician review R5, should-fix 10)
D3_FIRST = (
    "First: emergency psychiatric evaluation now: arrange transfer now (ED); safety precautions, staff with the "
    "patient, until handover" + PSYCHIATRIC_DECLINES + "; the patient must not drive"
)

#: R57 M1: an old moderate re-score's screen before any dose and its hold (the CIWA-Ar, ambulatory), with thiamine and
#: blood glucose, as the old severe re-score's.
R57_CIWA = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    "thiamine and check blood glucose; if intoxicated: no dose now (ask the patient to stay on site and repeat the "
    "screen and the score when it clears; if it has not cleared by the end of the session, or withdrawal worsens: "
    "arrange a higher level of care; the patient must not drive today; if the patient insists: offer a lift or a "
    "taxi, and follow local policy); otherwise "
)

#: R58 M1a: an old moderate CIWA-Ar re-score's closing after its hold (physician review R58, must-fix M1a, its words).
R58_M1A = (
    "otherwise, on the re-score: if 15 or more, or a seizure since the last score, or hallucinations, or "
    "disorientation (item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM); staff "
    "with the patient until handover; if the patient declines transfer: the prescriber assesses and records capacity "
    "to decline (without capacity: transfer by emergency services; with capacity: record the advice given and the "
    "risks explained; arrange the highest level of care the patient accepts; any dose as the prescriber decides; tell "
    "the patient and any supportive person to call emergency services for a seizure, confusion, hallucinations or any "
    "worsening); if delirium: no dose here; call emergency services "
    "for the ED; if below 15: a prescriber treats on today's score (medication at 10 or more; consider at 8-9)"
)

#: R60 Q2(a): an old moderate CIWA-Ar re-score's step after its bracket, the severe branch before the intoxication
#: hold, whether or not the patient is intoxicated (physician review R60, Q2 (a), its words; no suicide screen
#: standing).
R60_Q2A = (
    "; ask what happened since (a seizure, confusion, a hospital visit, the last drink); before any dose: screen for "
    "intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood "
    "glucose; if delirium: no dose here; call emergency services for the ED; staff with the patient until handover; on "
    "the re-score, intoxicated or not: if 15 or more, or a seizure since the last score, or hallucinations, or "
    # R76 (was: "...(item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM); ...")
    "disorientation (item 10 at 2 or more): arrange transfer now by emergency services to medically managed "
    "withdrawal (ED, or 4-WM); staff with the patient until handover; if the patient declines transfer: the "
    "prescriber assesses and records capacity "
    # R62 M2: the bridging dose, guarded, and its handover (was: "; if intoxicated: no dose here, and at handover tell
    # the receiving team the breath alcohol reading or the signs, with the time (...)")
    "to decline (without capacity: transfer by emergency services; with capacity: record the advice given and the "
    "risks explained; arrange the highest level of care the patient accepts; any dose as the prescriber decides; tell "
    "the patient and any supportive person to call emergency services for a seizure, confusion, hallucinations or any "
    # R73 1a (was: "...any worsening); if not intoxicated")
    "worsening); the patient must not drive; if not intoxicated: a first dose before transfer "
    # R63 SF1: the driving rule in the hold (was: "no dose here; at handover ... with the time (the patient must not
    # drive today); otherwise")
    "only if it does not delay the transfer; if intoxicated: no dose here (the patient must not drive today); at "
    "handover tell the receiving team the CIWA-Ar re-score and any dose with its time, and, if intoxicated, the breath "
    "alcohol reading or the signs, with the time; "
    "otherwise, if intoxicated: no dose "
    "until it clears (ask the patient to stay on site and repeat the screen and the score when it clears; if it has "
    "not cleared by the end of the session, or withdrawal worsens: arrange a higher level of care; the patient must "
    "not drive today; if the patient insists: offer a lift or a taxi, and follow local policy); if below 15 and not "
    # R63 SF1: the Q2(a) headline's own driving clause after its treatment (was: ending "consider at 8-9)")
    "intoxicated: a prescriber treats on today's score (medication at 10 or more; consider at 8-9); if a dose is "
    "given: the patient must not drive today"
)

#: R57 M1: an old moderate re-score's screen before any dose and its hold (the COWS alone, ambulatory), as the old
#: severe COWS re-score's.
R57_COWS = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication); if "
    "intoxicated: no dose now (ask the patient to stay on site and repeat the screen and the score when it clears; if "
    "it has not cleared by the end of the session: the prescriber arranges a higher level of care or the first dose on "
    "another day, with naloxone in hand; the patient must not drive today; if the patient insists: offer a lift or a "
    "taxi, and follow local policy); otherwise "
)
MEDICAL_FIRST = "First: emergency medical evaluation"


def test_active_suicide_risk_leads_before_withdrawal_management():
    # the reviewer's case: D1 = 3 (inpatient WM) and D3 = 4 (imminent danger; with no C-SSRS or PHQ-9 result, the
    # psychiatric evaluation: R5 should-fix 10)
    r = recommend({1: 3, 2: 0, 3: 4, 4: 0, 5: 0, 6: 0})
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    assert r.headline.startswith(D3_FIRST)
    # withdrawal management is still named, after the evaluation
    assert r.headline.index("-WM") > r.headline.index("psychiatric evaluation")


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
    # both evaluations in one setting, the suicide-risk evaluation named first (physician review 6, 2b)
    assert r.headline.startswith(
        "First: emergency psychiatric evaluation and emergency medical evaluation in one setting that can manage "
        "both: arrange transfer now (ED); safety precautions, staff with the patient, until handover"
        + PSYCHIATRIC_DECLINES
        + "; the patient must "
        # R26b M2: why dimensions 1 and 3 were rated 4 told at the transfer (the reviewer's words for case 658)
        "not drive; at handover tell the receiving team why dimensions 1 and 3 were rated 4 "
        "(dimension 3 rated 4, imminent danger; dimension 1 rated 4, imminent danger). "
    )


def test_an_override_of_a_critical_floor_needs_a_reason():
    cssrs = iopkit.score("cssrs_screen", [1, 1, 0, 1, 0, 0, None])
    r = recommend({1: 0, 2: 0, 3: 1, 4: 0, 5: 0, 6: 0}, suggested=suggest_dimensions([cssrs]))
    with pytest.raises(PlacementInputError):
        Placement(r)


def test_first_step_is_in_the_stored_record():
    r = recommend({1: 3, 2: 0, 3: 4, 4: 0, 5: 0, 6: 0})
    data = json.loads(json.dumps(r.to_dict()))
    assert data["first_step"] == "emergency_evaluation"
    assert data["headline"].startswith(D3_FIRST)
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
    # physician review R16 (session 15), the ruling on C16 (C-SSRS moderate), the reviewer's words
    # physician review R23c A1: C-SSRS moderate is critical now, so a rating below its suggestion is named as for
    # PHQ-9 item 9 (a critical suicide-risk flag); R16's words ("and safety planning") stand
    assert r.headline.startswith(
        "First: a same-day suicide risk assessment and safety planning before the patient leaves (moderate suicide "
        "risk (C-SSRS screen): dimension 3 rated 0, below the 2 it calls for)."
    )


# WHO AUDIT manual (Babor et al. 2001): item 6 asks "How often during the last year have you needed a first drink
# in the morning to get yourself going after a heavy drinking session?" (0 Never, 1 Less than monthly, 2 Monthly,
# 3 Weekly, 4 Daily or almost daily); points on items 4-6 imply the presence or incipient presence of dependence.
# A morning drink is drinking to relieve withdrawal. ASAM 2020 alcohol withdrawal guideline (Rec II.1, II.5, III.3):
# assess withdrawal risk (CIWA-Ar for current signs; PAWSS, Maldonado et al. 2014, and a history of withdrawal
# seizures or delirium tremens for complicated withdrawal) before deciding the setting. ASAM Criteria 3rd ed.
# (Mee-Lee et al. 2013): dimension 1 is acute intoxication and/or withdrawal potential; rated 0, no withdrawal
# need; all six dimensions at 0-1 is Level 1 (outpatient).
# ASAM 2020 Rec I.3: "assess the quantity, frequency, and time of day when alcohol was last consumed"; Rec II.1,
# II.5: a history of withdrawal seizures or delirium tremens, and the PAWSS, for complicated withdrawal; the
# CIWA-Ar for current signs. An alcohol item names no opioid scale.
WITHDRAWAL_FIRST = (
    "First: assess withdrawal risk today (ask when and how much the last drink was; CIWA-Ar for current signs; "
    "PAWSS or a past withdrawal seizure or delirium tremens for the risk of complicated alcohol withdrawal) "
    "before planning ambulatory care"
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
    # why: the finding, named with where it came from, and that the rating does not account for it
    assert (
        "(AUDIT item 6, morning drink (needed after heavy drinking, any frequency): dimension 1 rated 0, below the 1"
        in r.headline
    )
    assert "COWS" not in r.headline  # an alcohol item: no opioid scale
    assert r.headline.endswith(
        "Then, unless the review finds more: Level 1 (Outpatient), under 9 h/week of clinical services."
    )
    assert r.level.code == "1" and r.withdrawal_management is None  # the level stays the rule table's
    below = next(f for f in r.flags if f.code == "rated_below_suggestion_d1")
    assert below.severity == "warning" and below.calls_for == "medical_review"
    assert below.action.startswith("Assess withdrawal risk today (ask when and how much the last drink was")
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


def test_high_pawss_rated_below_leads_with_the_medical_review_also_when_mitigated():
    # PAWSS 4 or more: high risk of complicated alcohol withdrawal (Maldonado et al. 2014): 3.7-WM, dimension 1
    # rated 3 (ASAM 2020 Rec II.5 with the ASAM Criteria); rated 1 instead, the review comes first.
    r = recommend({1: 1, **REST_MILD}, suggested=suggest_dimensions([], pawss=5))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    assert r.headline.startswith("First: medical review before deciding the setting")
    assert "dimension 1 rated 1, below the 3" in r.headline and r.level.code == "1"
    mitigated = suggest_dimensions([], pawss=5, withdrawal_risk_mitigated="sober partner at home 24 h")
    # a recorded mitigation is reviewed first too (Rec III.1, VII.8; see the mitigation tests below)
    assert recommend({1: 1, **REST_MILD}, suggested=mitigated).first_step is FirstStep.MEDICAL_REVIEW


def test_a_suicide_risk_assessment_still_leads_and_the_withdrawal_assessment_is_named_with_it():
    item9 = iopkit.score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 1])  # item 9 "several days"
    r = recommend({1: 0, 2: 0, 3: 2, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions([item9, _audit(1)]))
    assert r.first_step is FirstStep.RISK_ASSESSMENT
    # "before the patient leaves" said once, for the assessment and the review after it (physician re-review)
    assert r.headline.startswith(
        "First: before the patient leaves, a same-day suicide risk assessment, and assess withdrawal risk today (ask "
        "when and how much the last"
    )
    assert "dimension 1 rated 0, below the 1" in r.headline


def test_complicated_withdrawal_rated_low_is_still_an_emergency_medical_evaluation():
    ciwa = iopkit.score("ciwa_ar", [0, 0, 0, 0, 0, 4, 0, 0, 0, 0])  # tactile hallucinations: complicated withdrawal
    r = recommend({1: 0, **REST_MILD}, suggested=suggest_dimensions([ciwa, _audit(1)]))
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION and r.headline.startswith(MEDICAL_FIRST)


def test_blank_withdrawal_items_lead_with_asking_them_not_an_emergency():
    # CIWA-Ar items 6-8 and 10 not yet asked: the worst case of a blank question prompts it, it is no finding: ask
    # them now, until answered the flag's own step (a medical review now), never an emergency evaluation on a blank
    # (physician re-review, must-fix 1; the rating-below flag does not follow a blank either)
    with pytest.raises(iopkit.errors.IncompleteResponseError) as refused:
        iopkit.score("ciwa_ar", [1, 1, 1, 1, 1, None, None, None, None, None])
    r = recommend({1: 0, **REST_MILD}, suggested=suggest_dimensions([refused.value]))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    assert r.headline.startswith("First: ask CIWA-Ar items 6, 7, 8, 10 now (Tactile disturbances")
    # no PAWSS nor past seizure or delirium tremens asked: the risk assessment follows, a sentence of its own (ASAM
    # 2020, Rec II.1, III.3)
    assert (
        "(complicated withdrawal (blank CIWA-Ar items, their worst answers until asked)). Also before deciding the "
        "setting: assess withdrawal risk today (ask about past withdrawal seizures or delirium tremens; score the "
        "PAWSS); "
    ) in r.headline
    assert "emergency" not in r.headline


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


# ASAM 2020 alcohol withdrawal guideline, Rec II.5 (with the ASAM Criteria): a history of withdrawal seizures or
# delirium tremens, or a PAWSS of 4 or more (Maldonado et al. 2014: high risk of complicated withdrawal), calls
# for 24-hour withdrawal management (3.7-WM) unless the risk is mitigated: ambulatory care is the exception a
# review must justify, never the default ("unless the review finds more" would make it the default).
AMBULATORY_ONLY_IF = "Then, only if the review records why ambulatory care is safe: Level 1 (Outpatient)"


@pytest.mark.parametrize(
    "facts, named",
    [
        ({"pawss": 5}, "(PAWSS 5 (4 or more): dimension 1 rated 1, below the 3 it calls for)"),
        (
            {"prior_withdrawal_seizure_or_dt": True},
            "(Past withdrawal seizure or delirium tremens: dimension 1 rated 1, below the 3 it calls for)",
        ),
    ],
)
def test_high_withdrawal_risk_rated_1_makes_ambulatory_care_the_exception_not_the_default(facts, named):
    r = recommend({1: 1, **REST_MILD}, suggested=suggest_dimensions([], **facts))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    assert named in r.headline  # the finding and where it came from
    assert AMBULATORY_ONLY_IF in r.headline
    assert "unless the review finds more" not in r.headline
    assert r.level.code == "1"  # the rating still gives the level; the headline says it is the exception


def test_a_recorded_mitigation_is_not_spoken_of_as_missing():
    # dimension 1 rated 0 below the 2 the mitigated risk still suggests: the review of the mitigation leads, and
    # nothing says "unless the risk is mitigated" once the clinician has recorded that it is
    s = suggest_dimensions([], pawss=5, withdrawal_risk_mitigated="partner at home 24 h")
    r = recommend({1: 0, **REST_MILD}, suggested=s)
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    assert "unless the risk is mitigated" not in r.headline
    assert "recorded mitigation (partner at home 24 h)" in r.headline
    assert "Then, unless the review finds more: Level 1 (Outpatient)" in r.headline  # mitigated: no 24-h default
    sign = next(f for f in r.flags if f.code == "complicated_withdrawal_risk")
    assert "unless the risk is mitigated" not in sign.action


# CIWA-Ar (Sullivan 1989): total 12 = items 1-5 and 9 at 2. ASAM 2020, the ambulatory recommendations, section
# IV.D(2) (Rec V.16 is the inpatient one): moderate withdrawal (CIWA-Ar 10-18) should receive pharmacotherapy (not
# "consider"); symptom-triggered protocols re-score within the hour after a dose, and an outpatient clinic does so
# before the patient leaves.
def test_ciwa_moderate_at_10_or_more_calls_for_medication_and_a_rescore_within_1_hour():
    ciwa = iopkit.score("ciwa_ar", [2, 2, 2, 2, 2, 0, 0, 0, 2, 0])
    assert ciwa.total == 12
    r = recommend({1: 1, **REST_MILD}, suggested=suggest_dimensions([ciwa]))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # the headline's short words for it (physician review 7, length); the flag keeps ASAM 2020's
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r32a(SCREEN_ALCOHOL + "treat withdrawal with medication (CIWA-Ar 10 or more; consider at 8-9)") in r.headline
    # "before the patient leaves" said once (the prescriber's review): the re-score then "at the end of the visit"
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline.startswith(
        r32a(
            "First: a prescriber's review before the patient leaves: " + SCREEN_ALCOHOL + "treat withdrawal with",
            r.headline,
        )
    )
    assert "re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit" in r.headline
    assert r.headline.count("before the patient leaves") == 1
    assert "within hours" not in r.headline and "Consider medication" not in r.headline
    # no PAWSS nor past seizure or delirium tremens asked: the risk assessment is named after it, a sentence of its
    # own (ASAM 2020, Rec II.1)
    assert (
        "(CIWA-Ar in the moderate withdrawal band: dimension 1 rated 1, below the 2 it calls for). Also before "
        "deciding the setting: assess withdrawal risk today"
    ) in r.headline
    assert r.headline.count("(withdrawal risk not assessed). Then, ") == 1


# The sign leads, not only a rating below the band: CIWA-Ar item 10 at 1 ("cannot do serial additions or is
# uncertain about date", Sullivan 1989) is inattention, an early sign of delirium, whatever the total (1 here,
# the mild band). COWS 13-24 is moderate opioid withdrawal (Wesson & Ling 2003), to treat (ASAM 2020 OUD
# guideline), as CIWA-Ar moderate is.
def test_ciwa_item_10_at_1_with_dimension_1_rated_1_leads():
    ciwa = iopkit.score("ciwa_ar", [0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
    r = recommend({1: 1, **REST_MILD}, suggested=suggest_dimensions([ciwa]))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    assert r.headline.startswith("First: medical review now: screen for delirium")
    assert "(CIWA-Ar item 10 at 1 (cannot do serial additions or uncertain about date): dimension 1 rated 1" in (
        r.headline
    )


@pytest.mark.parametrize("d1", [0, 1])
def test_cows_moderate_rated_below_leads_with_treating_withdrawal(d1):
    cows = iopkit.score("cows", [1, 2, 3, 1, 1, 1, 1, 1, 1, 1, 0])  # 13: moderate
    assert cows.total == 13 and cows.band == "moderate"
    r = recommend({1: d1, **REST_MILD}, suggested=suggest_dimensions([cows]))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline.startswith(
        r32a(
            "First: a prescriber's review before the patient leaves: "
            + SCREEN_OPIOID
            + "treat withdrawal as the prescriber decides, with "
            "buprenorphine, or methadone as the COWS flag says"
        )
    )
    assert f"(COWS 13-24 (moderate withdrawal): dimension 1 rated {d1}, below the 2 it calls for)" in r.headline


def test_cows_moderate_the_rating_accounts_for_still_names_the_prescribers_review():
    # moderate opioid withdrawal is treated before the patient leaves (ASAM 2020 OUD guideline), whatever the rating
    cows = iopkit.score("cows", [1, 2, 3, 1, 1, 1, 1, 1, 1, 1, 0])
    r = recommend({1: 2, **REST_MILD}, suggested=suggest_dimensions([cows]))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline.startswith(
        r32a(
            "First: a prescriber's review before the patient leaves: "
            + SCREEN_OPIOID
            + "treat withdrawal as the prescriber decides, with "
            "buprenorphine, or methadone as the COWS flag says"
        )
    )
    assert "(COWS 13-24 (moderate withdrawal)). Then, unless the review finds more: " in r.headline


# DAST-10 item 9 asks about drugs: sedative-hypnotic (benzodiazepine) withdrawal can cause seizures (Joint
# guideline on benzodiazepine tapering, 2025, which covers prescribed benzodiazepines, not a non-prescribed
# supply: 3.7-WM considered); GHB/GBL withdrawal starts within hours and turns quickly into delirium (McDonough
# et al. 2004: no seizures recorded); opioid withdrawal is rated with the COWS (Wesson & Ling 2003); no alcohol
# scale. CAGE-AID item 4 asks about a drink or drugs: both.
def test_a_drug_withdrawal_sign_names_sedative_hypnotic_withdrawal_and_no_alcohol_scale():
    dast = iopkit.score("dast10", [1, 0, 0, 0, 0, 0, 0, 0, 1, 0])
    r = recommend({1: 0, **REST_MILD}, suggested=suggest_dimensions([dast]))
    first = r.headline.split(" (DAST-10")[0]
    assert SEDATIVE_TAPER in first and GHB_WITHDRAWAL in first and "COWS for opioids" in first
    assert not any(name in first for name in ("CIWA-Ar", "PAWSS", "drink"))
    assert "(DAST-10 item 9, withdrawal symptoms when stopping drugs: dimension 1 rated 0" in r.headline


def test_an_eye_opener_on_the_cage_aid_names_alcohol_and_drug_assessments():
    cage = iopkit.score("cage_aid", [0, 0, 0, 1])
    r = recommend({1: 0, **REST_MILD}, suggested=suggest_dimensions([cage]))
    assert all(name in r.headline for name in ("last drink", "CIWA-Ar", "PAWSS", "benzodiazepine", "COWS"))
    assert "(CAGE-AID item 4, eye-opener (a drink or drug first thing in the morning): dimension 1" in r.headline


def test_a_sign_not_on_todays_scores_is_named_with_where_it_came_from():
    # a check-in answer not saved yet, as the placement page passes it: the headline tells it from a saved score
    morning = next(f for f in _audit(1).flags if f.code == "withdrawal_risk")
    from dataclasses import replace

    tablet = replace(morning, message=f"{morning.message} (AUDIT check-in of 02 Dec 2026, not saved yet)")
    r = recommend({1: 0, **REST_MILD}, suggested=suggest_dimensions([], older_open_flags=[tablet]))
    assert (
        "(AUDIT item 6, morning drink (needed after heavy drinking, any frequency) (AUDIT check-in of 02 Dec 2026, "
        "not saved yet): dimension 1 rated 0" in r.headline
    )
    item9 = next(f for f in iopkit.score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 3]).flags if f.code == "suicidal_ideation")
    tablet9 = replace(item9, message=f"{item9.message} (PHQ-9 check-in of 02 Dec 2026, not saved yet)")
    r9 = recommend({1: 0, 2: 0, 3: 2, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions([], older_open_flags=[tablet9]))
    assert r9.headline.startswith(RISK_FIRST + " (suicidal ideation (PHQ-9 check-in of 02 Dec 2026, not saved yet))")


# CIWA-Ar and COWS rate the signs present when they are scored, repeated as serial ratings (Sullivan et al. 1989;
# Wesson & Ling 2003); treatment follows the current score (ASAM 2020 alcohol withdrawal guideline, Rec III.3),
# and a buprenorphine dose given without current opioid withdrawal risks precipitated withdrawal (ASAM 2020 OUD
# guideline). A score of another day is history: re-score now, never "treat now" on it.
COWS_13 = [1, 2, 3, 1, 1, 1, 1, 1, 1, 1, 0]
#: Physician review R44, Q1, the reviewer's words: after an old COWS's re-score treated on the current score whose
#: step names no buprenorphine, R32 S3's condition "if buprenorphine is given".
R44_IF_GIVEN = (
    "and, if buprenorphine is given, has a COWS re-score after the last buprenorphine dose no higher than before it "
    "(no precipitated withdrawal)"
)
PLACED = dt.date(2026, 12, 2)


def test_a_cows_of_another_day_leads_with_a_re_score_not_treatment():
    # the reviewer's case: the patient's only COWS, 13 on 1 Sep 2026; placed on 2 Dec 2026 with dimension 1 at 0
    cows = iopkit.score("cows", COWS_13)
    s = suggest_dimensions([cows], scored_on={"cows": dt.date(2026, 9, 1)}, today=PLACED)
    r = recommend({1: 0, **REST_MILD}, suggested=s)
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # R39 C10: at Level 1 the old score's re-score is a dose given on site: the driving clause, then going home
    assert r.headline.startswith(
        # R57 M1: the screen before any dose and its hold
        "First: re-score the COWS now (last 13 on 01 Sep 2026): " + R57_COWS + "treat on the current score; "
        "if a dose is given: the patient must not drive today; after a dose given on site, the patient goes home "
        "only if awake or no more than slightly drowsy and easily roused, "
        # R44 Q1: an old COWS's re-score names no buprenorphine: R32 S3 "if buprenorphine is given"
        f"{R44_IF_GIVEN}, with naloxone in hand (and any supportive "
        "person shown how to use it), and the patient and any supportive person told not to add alcohol or other "
        # R32 S3/S4 with R39 C10: the plain going-home sentence ends with S4's words (no buprenorphine named: no S3)
        # R43 M1: 'until they are met' -> 'until these conditions are met' ('they' misread as the patient)
        "sedatives; otherwise the patient stays on site until these conditions are met, or a higher level of care is "
        "arranged "
        "(COWS 13-24 (moderate "
        "withdrawal) (COWS of 01 Sep 2026, not re-scored today): dimension 1 rated 0, below the 2 it calls for). "
    )
    # R44 Q1: no buprenorphine named as a dose (the going-home condition "if buprenorphine is given" aside)
    assert "treat withdrawal" not in r.headline.lower() and "buprenorphine" not in r.headline.replace(R44_IF_GIVEN, "")
    # no flag of that COWS orders a dose today, not even the induction threshold's note
    assert not any("now" in f.action and "Re-score" not in f.action for f in r.flags)
    assert Recommendation.from_dict(json.loads(json.dumps(r.to_dict()))).headline == r.headline


def test_a_cows_of_another_day_leads_even_when_dimension_1_is_rated_on_it():
    cows = iopkit.score("cows", COWS_13)
    s = suggest_dimensions([cows], scored_on={"cows": clinic_time(dt.date(2026, 9, 1), 9)}, today=PLACED)
    r = recommend({1: 2, **REST_MILD}, suggested=s)
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # R57 M1: the screen before any dose and its hold
    assert r.headline.startswith(
        "First: re-score the COWS now (last 13 on 01 Sep 2026): " + R57_COWS + "treat on the current score"
    )
    assert "(01 Sep 2026, not re-scored today: re-score now)" in s[1].reason


def test_a_ciwa_ar_of_another_day_leads_with_a_re_score_not_medication():
    ciwa = iopkit.score("ciwa_ar", [2, 2, 2, 2, 2, 0, 0, 0, 2, 0])  # 12: moderate (ASAM 2020: 10-18)
    s = suggest_dimensions([ciwa], scored_on={"ciwa_ar": dt.date(2026, 11, 30)}, today=PLACED, pawss=1)
    r = recommend({1: 1, **REST_MILD}, suggested=s)
    # R57 M1: the screen before any dose and its hold
    assert r.headline.startswith(
        # R58 M1a: the closing, was "treat on the current score"
        # R60 Q2(a): the severe branch before the hold (was: "(last 12 on 30 Nov 2026): " + R57_CIWA's hold + R58_M1A)
        "First: re-score the CIWA-Ar now (last 12 on 30 Nov 2026)" + R60_Q2A
    )
    assert "with medication" not in r.headline


def test_a_same_day_cows_keeps_todays_treatment():
    cows = iopkit.score("cows", COWS_13)
    s = suggest_dimensions([cows], scored_on={"cows": PLACED}, today=PLACED)
    r = recommend({1: 0, **REST_MILD}, suggested=s)
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline.startswith(
        r32a(
            "First: a prescriber's review before the patient leaves: "
            + SCREEN_OPIOID
            + "treat withdrawal as the prescriber decides, with "
            "buprenorphine, or methadone as the COWS flag says"
        )
    )
    assert "re-score the COWS now" not in r.headline


def _open(score, note):
    """A score's moderate-withdrawal flag as the placement page passes an unresolved one (its day in the note)."""
    from dataclasses import replace

    flag = next(f for f in score.flags if f.code in ("moderate_opioid_withdrawal", "moderate_alcohol_withdrawal"))
    return replace(flag, message=f"{flag.message} ({note})")


def test_an_unresolved_cows_flag_of_an_earlier_score_asks_for_the_same_re_score():
    # the reviewer's case: COWS 13 saved on 1 Sep and again on 15 Sep 2026, the 1 Sep flag unresolved; placed on
    # 2 Dec 2026 with dimension 1 rated 0: one re-score, no treatment on either day's signs
    cows = iopkit.score("cows", COWS_13)
    s = suggest_dimensions(
        [cows],
        scored_on={"cows": dt.date(2026, 9, 15)},
        today=PLACED,
        older_open_flags=[_open(cows, "COWS of 01 Sep 2026, not resolved")],
    )
    r = recommend({1: 0, **REST_MILD}, suggested=s)
    # R39 C10: at Level 1 the old score's re-score is a dose given on site: the driving clause, then going home
    assert r.headline.startswith(
        # R57 M1: the screen before any dose and its hold
        "First: re-score the COWS now (last 13 on 15 Sep 2026): " + R57_COWS + "treat on the current score; "
        "if a dose is given: the patient must not drive today; after a dose given on site, the patient goes home "
        "only if awake or no more than slightly drowsy and easily roused, "
        # R44 Q1: an old COWS's re-score names no buprenorphine: R32 S3 "if buprenorphine is given"
        f"{R44_IF_GIVEN}, with naloxone in hand (and any supportive "
        "person shown how to use it), and the patient and any supportive person told not to add alcohol or other "
        # R32 S3/S4 with R39 C10: the plain going-home sentence ends with S4's words (no buprenorphine named: no S3)
        "sedatives; otherwise the patient stays on site until these conditions are met, or a higher level of care is "
        "arranged "
        "(COWS 13-24 (moderate "
        "withdrawal) (COWS of 15 Sep 2026, not re-scored today), COWS 13-24 (moderate withdrawal) (COWS of 01 Sep "
        "2026, not resolved, not re-scored today): dimension 1 rated 0, below the 2 they call for). Then, "
    )
    # R44 Q1: no buprenorphine named as a dose (the going-home condition "if buprenorphine is given" aside)
    assert "treat withdrawal" not in r.headline.lower() and "buprenorphine" not in r.headline.replace(R44_IF_GIVEN, "")
    assert not any("now" in f.action and "Re-score" not in f.action for f in r.flags)


@pytest.mark.parametrize("d1", [0, 1, 2])
def test_an_unresolved_cows_flag_alone_leads_with_its_re_score(d1):
    # the library alone: no score, only the open flag of 1 Sep 2026
    old = _open(iopkit.score("cows", COWS_13), "COWS of 01 Sep 2026, not resolved")
    r = recommend({1: d1, **REST_MILD}, suggested=suggest_dimensions([], older_open_flags=[old], today=PLACED))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    assert r.headline.startswith(
        "First: re-score the COWS now (flag of 01 Sep 2026); treat on the current score (COWS 13-24 (moderate "
        "withdrawal) (COWS of 01 Sep 2026, not resolved, not re-scored today)"
    )
    assert "buprenorphine" not in r.headline


def test_the_placement_page_passes_the_unresolved_cows_flag_with_its_day(store, patient):
    # the same case through the placement page (real SQLite store): its note of the flag's day is what the
    # suggestion reads, so the page's headline asks for one re-score and no dose
    from iopkit.widgets.placement import placement_app

    for day in (1, 15):
        store.save(patient, iopkit.score("cows", COWS_13), by="KM", when=clinic_time(dt.date(2026, 9, day), 9))
    app = placement_app(store)
    app.start()
    app.picker.choose.value = patient
    for dimension, rating in {1: 0, **REST_MILD}.items():
        app.ratings[dimension].value = rating
    headline = app.recommendation.headline
    # R39 C10: at Level 1 the old score's re-score is a dose given on site: the driving clause, then going home
    assert headline.startswith(
        # R57 M1: the screen before any dose and its hold
        "First: re-score the COWS now (last 13 on 15 Sep 2026): "
        + R57_COWS
        + "treat on the current score; if a dose is given: the "
        "patient must not drive today; after a dose given on site, the patient goes home only if"
    )
    assert "(COWS of 01 Sep 2026, not resolved, not re-scored today)" in headline
    # R44 Q1: no buprenorphine named as a dose (the going-home condition "if buprenorphine is given" aside)
    assert "buprenorphine" not in headline.replace(R44_IF_GIVEN, "") and "treat withdrawal" not in headline.lower()
    # nor anywhere else a clinician reads on the page: the older flags' block and the chart header
    for shown in (app.history.value, app.chart_header.value):
        assert "Re-score the COWS now (last 13 on 15 Sep 2026)" in shown, shown
        assert "treat withdrawal" not in shown.lower() and "first dose may be given now" not in shown.lower()


def test_an_unresolved_ciwa_ar_check_in_of_another_day_asks_for_a_re_score():
    ciwa = iopkit.score("ciwa_ar", [2, 2, 2, 2, 2, 0, 0, 0, 2, 0])  # 12: moderate (ASAM 2020: 10-18)
    old = _open(ciwa, "CIWA-Ar check-in of 30 Nov 2026, not saved yet")
    s = suggest_dimensions([], older_open_flags=[old], today=PLACED, pawss=1)
    r = recommend({1: 1, **REST_MILD}, suggested=s)
    assert r.headline.startswith("First: re-score the CIWA-Ar now (flag of 30 Nov 2026); treat on the current score")


def test_an_unresolved_cows_flag_of_today_keeps_its_treatment():
    old = _open(iopkit.score("cows", COWS_13), "COWS of 02 Dec 2026, not resolved")
    r = recommend({1: 0, **REST_MILD}, suggested=suggest_dimensions([], older_open_flags=[old], today=PLACED))
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline.startswith(
        r32a(
            "First: a prescriber's review before the patient leaves: "
            + SCREEN_OPIOID
            + "treat withdrawal as the prescriber decides, with "
            "buprenorphine, or methadone as the COWS flag says"
        )
    )


def test_an_unresolved_cows_flag_of_another_day_gives_way_to_todays_cows():
    cows_3 = iopkit.score("cows", [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0])
    old = _open(iopkit.score("cows", COWS_13), "COWS of 01 Sep 2026, not resolved")
    s = suggest_dimensions([cows_3], scored_on={"cows": PLACED}, today=PLACED, older_open_flags=[old])
    (stale,) = (f for f in s[1].flags if f.code == "moderate_opioid_withdrawal")
    assert stale.action == (
        "Today's COWS (3) is the current score; the signs of 01 Sep 2026 are past: record what was done about this flag"
    )


def test_only_withdrawal_sign_scores_are_dated_out():
    # the PHQ-9 asks about the past 2 weeks (Kroenke et al. 2001): a score of another day keeps its own call
    phq9 = iopkit.score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 1])
    s = suggest_dimensions([phq9], scored_on={"phq9": dt.date(2026, 11, 30)}, today=PLACED)
    assert all("Re-score" not in f.action for f in s[3].flags)


# ASAM 2020 alcohol withdrawal guideline, Table 1: hallucinations or disorientation are complicated withdrawal; Rec
# II.5: a "history of alcohol withdrawal delirium or alcohol withdrawal seizure" is a risk factor for complicated
# withdrawal; Rec III.1: withdrawal "can typically be safely managed in an ambulatory setting for those patients with
# limited or mitigated risk factors" (Rec VII.8's "no history of complicated alcohol withdrawal" is the criterion for
# discharge from the emergency department to ambulatory withdrawal management). One CIWA-Ar item of hallucinations or
# item 10 at 2 (date off by up to 2 days, Sullivan 1989) is possible delirium, not a confirmed one. Signs of another
# day are re-scored (the CIWA-Ar rates the signs now); the possible delirium stays, if confirmed a history of
# complicated withdrawal, under iopkit's rule for a high risk: never 1-WM, 24-hour withdrawal management (3.7-WM)
# unless a medical review records a mitigation (then 2-WM).
NOT_1WM = (
    "no ambulatory withdrawal management without extended on-site monitoring (1-WM); 24-hour withdrawal management "
    "unless a medical review records a mitigation"
)
IF_CONFIRMED = "if confirmed, a history of complicated withdrawal"
CIWA_DISORIENTED = [0, 0, 0, 0, 0, 0, 0, 0, 0, 2]  # item 10 at 2: date off by up to 2 days (Sullivan 1989), total 2
CIWA_HALLUCINATING = [1, 1, 1, 1, 1, 4, 0, 0, 0, 0]  # item 6 at 4: moderately severe hallucinations, total 9


def _still(day):
    return f"{NOT_1WM} (possible withdrawal delirium on {day} (CIWA-Ar): {IF_CONFIRMED})"


# physician review R9 (session 13), must-fix N1, N2 and should-fix N7: the box of a complicated CIWA-Ar of another day
# says the headline's branch (the reviewer's words; ``last`` and ``named`` the score's, as the reviewer's repro names)
def _old_box(last, named):
    return (
        f"Emergency medical evaluation now: re-score the CIWA-Ar and screen for delirium (CAM or 4AT) ({last}, "
        f"{named}): ask what happened since (a seizure, confusion, a hospital visit, the last drink); if delirium, a "
        # R73 item 3 (was: "hallucinations (item 6, 7 or 8 at 'moderately severe hallucinations' or more)")
        "seizure since the last score, hallucinations, disorientation (item 10 at 2 or more) or a total of 15 or "
        "more: arrange transfer now (ED, or 4-WM); "
        "staff with the patient until handover; if the patient declines transfer: the prescriber assesses and records "
        "capacity to decline (without capacity: transfer by emergency services; with capacity: record the advice "
        "given and the risks explained; arrange the highest level of care the patient accepts; any dose as the "
        "prescriber decides; tell the patient and any supportive person to call emergency services for a seizure, "
        "confusion, hallucinations or any worsening); the patient must not drive unless "
        # physician review R30a, M2: nor while intoxicated (was: "the screen find none of these and no sedating dose")
        # physician review R30b S9 (a): the dose the step may give named, a benzodiazepine (no opioid withdrawal
        # step here; was: "no sedating dose")
        "the re-score and the screens find none of these, the patient is not intoxicated, and no benzodiazepine is "
        "given today; treat on the current score"
    )


def _complicated(flags):
    (flag,) = (f for f in flags if f.code == "complicated_withdrawal")
    return flag


@pytest.mark.parametrize("answers", [CIWA_DISORIENTED, CIWA_HALLUCINATING])
def test_complicated_withdrawal_of_another_day_is_re_scored_and_stays_possible_delirium(answers):
    total = sum(answers)
    ciwa = iopkit.score("ciwa_ar", answers)
    s = suggest_dimensions([ciwa], scored_on={"ciwa_ar": dt.date(2026, 11, 30)}, today=PLACED, pawss=1)
    named = "disoriented" if answers[9] >= 2 else "hallucinations"
    assert _complicated(s[1].flags).action == (
        f"{_old_box(f'last {total} on 30 Nov 2026', named)}; {_still('30 Nov 2026')}"
    )
    # the possible delirium is a high risk of complicated withdrawal, named as possible
    (risk,) = (f for f in s[1].flags if f.code == "complicated_withdrawal_risk")
    assert risk.message.startswith(
        "Possible withdrawal delirium on 30 Nov 2026 (CIWA-Ar): if confirmed, a history of complicated withdrawal"
    )
    # the moderate band's flag of the same score, and any COWS flag, have only their re-score
    assert all(NOT_1WM not in f.action for f in s[1].flags if f.code != "complicated_withdrawal")
    cows = suggest_dimensions([iopkit.score("cows", COWS_13)], scored_on={"cows": dt.date(2026, 9, 1)}, today=PLACED)
    assert all("ambulatory" not in f.action for f in cows[1].flags)
    assert all(f.code != "complicated_withdrawal_risk" for f in cows[1].flags)
    # the headline still leads with the emergency evaluation
    assert recommend({1: 1, **REST_MILD}, suggested=s).headline.startswith(MEDICAL_FIRST)


def test_an_open_complicated_withdrawal_flag_of_another_day_keeps_its_history_beside_its_re_score():
    old = _unresolved(_complicated(iopkit.score("ciwa_ar", CIWA_DISORIENTED).flags), "CIWA-Ar of 01 Sep 2026")
    s = suggest_dimensions([], older_open_flags=[old], today=PLACED, pawss=1)
    flag = _complicated(s[1].flags)
    assert flag.action == f"{_old_box('flag of 01 Sep 2026', 'disoriented')}; {_still('01 Sep 2026')}"
    # today's CIWA-Ar is the current score, but the signs of 1 Sep are still possible withdrawal delirium
    today = suggest_dimensions(
        [iopkit.score("ciwa_ar", [0] * 10)], scored_on={"ciwa_ar": PLACED}, today=PLACED, older_open_flags=[old]
    )
    assert _complicated(today[1].flags).action.startswith("Today's CIWA-Ar (0) is the current score")
    assert _still("01 Sep 2026") in _complicated(today[1].flags).action
    assert today[1].rating == 3  # 3.7-WM by default (dimension 1 rated 3, ASAM Criteria 2013)


# The reviewer's case: the old complicated-withdrawal flag, dimension 1 rated 1 or 2. The emergency evaluation leads;
# after it, ambulatory care only if the evaluation records why it is safe, never 1-WM (2-WM, ambulatory withdrawal
# management with extended on-site monitoring), and otherwise 3.7-WM (medically monitored inpatient withdrawal
# management), as for a past withdrawal seizure or delirium tremens.
AFTER_EVALUATION = "Then, only if the evaluation records why ambulatory care is safe: Level 1 (Outpatient)"
TWO_WM = "with 2-WM ambulatory withdrawal management with extended on-site monitoring"
OTHERWISE_37 = "; otherwise 3.7-WM medically monitored inpatient withdrawal management."


def _old_signs(way):
    """Suggestions with the CIWA-Ar disorientation of 1 Sep 2026: the latest score of another day, or an open flag
    of an older score beside today's CIWA-Ar of 0."""
    if way == "score":
        ciwa = iopkit.score("ciwa_ar", CIWA_DISORIENTED)
        return suggest_dimensions([ciwa], scored_on={"ciwa_ar": dt.date(2026, 9, 1)}, today=PLACED, pawss=1)
    old = _unresolved(_complicated(iopkit.score("ciwa_ar", CIWA_DISORIENTED).flags), "CIWA-Ar of 01 Sep 2026")
    zero = iopkit.score("ciwa_ar", [0] * 10)
    return suggest_dimensions([zero], scored_on={"ciwa_ar": PLACED}, today=PLACED, older_open_flags=[old], pawss=1)


@pytest.mark.parametrize("way", ["score", "open flag"])
@pytest.mark.parametrize("d1", [1, 2])
def test_old_complicated_withdrawal_rated_1_or_2_never_offers_1_wm_and_keeps_24_hour_care_the_default(way, d1):
    r = recommend({1: d1, **REST_MILD}, suggested=_old_signs(way))
    assert r.headline.startswith(MEDICAL_FIRST)
    assert AFTER_EVALUATION in r.headline and "as the evaluation decides" not in r.headline
    assert TWO_WM in r.headline and r.headline.endswith(OTHERWISE_37)
    assert "1-WM ambulatory" not in r.headline and "without extended on-site monitoring" not in r.headline
    if d1 == 1:
        assert "(not 1-WM: possible withdrawal delirium on 01 Sep 2026 (CIWA-Ar))" in r.headline


@pytest.mark.parametrize("d1", [1, 2])
def test_old_complicated_withdrawal_with_a_recorded_mitigation_offers_2_wm_after_its_review(d1):
    old = _unresolved(_complicated(iopkit.score("ciwa_ar", CIWA_DISORIENTED).flags), "CIWA-Ar of 01 Sep 2026")
    s = suggest_dimensions([], older_open_flags=[old], today=PLACED, withdrawal_risk_mitigated="partner 24h")
    assert s[1].rating == 2  # 2-WM once a mitigation is recorded
    r = recommend({1: d1, **REST_MILD}, suggested=s)
    (risk,) = (f for f in r.flags if f.code == "complicated_withdrawal_risk")
    assert risk.action.startswith("Medical review of the recorded mitigation (partner 24h)")
    assert TWO_WM in r.headline and "1-WM ambulatory" not in r.headline
    assert "otherwise 3.7-WM" not in r.headline


# Resolving the flag records what was done; it does not undo the history (P3): the episode's saved CIWA-Ar days
# with hallucinations or disorientation reach the suggestion as a high risk, with no flag open.
@pytest.mark.parametrize("d1", [1, 2])
def test_a_resolved_complicated_withdrawal_flag_still_counts_as_a_history(d1):
    s = suggest_dimensions(
        [iopkit.score("ciwa_ar", [0] * 10)],
        scored_on={"ciwa_ar": dt.date(2026, 9, 15)},
        withdrawal_delirium_on=[dt.date(2026, 9, 1)],
        today=PLACED,
    )
    assert s[1].rating == 3 and s[1].from_score == "withdrawal risk"
    r = recommend({1: d1, **REST_MILD}, suggested=s)
    assert (
        "(Possible withdrawal delirium on 01 Sep 2026 (CIWA-Ar): dimension 1 rated "
        f"{d1}, below the 3 it calls for)" in r.headline
    )
    assert "Then, only if the review records why ambulatory care is safe: Level 1 (Outpatient)" in r.headline
    assert TWO_WM in r.headline and r.headline.endswith(OTHERWISE_37)
    assert "1-WM ambulatory" not in r.headline


# The reviewer's case (patient safety): a CIWA-Ar at 09:00 shows hallucinations (item 6 at 4, moderately severe,
# Sullivan 1989), its flag is resolved (e.g. after lorazepam), and the CIWA-Ar at 15:00 is 0. The 15:00 score is the
# current one; the 09:00 finding is still possible withdrawal delirium (ASAM 2020 alcohol withdrawal guideline, Rec
# II.5), so dimension 1 stays at 3 (3.7-WM by default, ASAM Criteria 2013), named by its day and time (the words
# are saved with the decision, so never "today").
AT_9, AT_15 = dt.datetime(2026, 12, 2, 9, 0), dt.datetime(2026, 12, 2, 15, 0)


def test_a_finding_earlier_the_same_day_still_counts_once_its_flag_is_resolved():
    s = suggest_dimensions(
        [iopkit.score("ciwa_ar", [0] * 10)], scored_on={"ciwa_ar": AT_15}, withdrawal_delirium_on=[AT_9], today=PLACED
    )
    assert s[1].rating == 3 and s[1].from_score == "withdrawal risk"
    (risk,) = (f for f in s[1].flags if f.code == "complicated_withdrawal_risk")
    assert risk.message.startswith(
        "Possible withdrawal delirium on 02 Dec 2026 (CIWA-Ar at 09:00): if confirmed, a history of "
        "complicated withdrawal"
    )
    r = recommend({1: 0, **REST_MILD}, suggested=s)
    assert "Possible withdrawal delirium on 02 Dec 2026 (CIWA-Ar at 09:00)" in r.headline
    # the page's note says it too, and names where it came from
    note = delirium_history([AT_9], PLACED, [iopkit.score("ciwa_ar", [0] * 10)], {"ciwa_ar": AT_15})
    assert note.startswith(
        "From the saved CIWA-Ar of today at 09:00: possible withdrawal delirium on 02 Dec 2026 "
        f"(CIWA-Ar at 09:00), {IF_CONFIRMED}"
    )


# The addiction-medicine review (must-fix): CIWA-Ar item 10 at 2 at 09:00, then a CIWA-Ar of 0 at 11:00, the 09:00 flag
# still open. A finding of today is current, not history: confirmed, it is withdrawal delirium (ASAM 2020 alcohol
# withdrawal guideline, Rec VI.7: close nursing observation, often intensive care), and the 11:00 score does not
# exclude it (Rec VI.9: the CIWA-Ar is not used in delirium; delirium fluctuates, DSM-5). The expected words are the
# reviewer's (the day and time named, as the words are saved); the suggestion stays 4 (4-WM, medically managed
# intensive inpatient, ASAM Criteria 2013) until a clinician resolves the flag.
SAME_DAY_ACTION_TAIL = (
    "arrange medically managed (inpatient) withdrawal management; do not manage as ambulatory withdrawal until the "
    "medical review. The later CIWA-Ar does not exclude delirium: screen with CAM or 4AT. If withdrawal delirium is "
    "confirmed or not excluded: medically managed inpatient withdrawal management now (4-WM). Once delirium is "
    "excluded (or, if confirmed, has resolved): the finding on 02 Dec 2026 (CIWA-Ar at 09:00) still counts as a high "
    "risk of complicated withdrawal in this episode: never 1-WM; 3.7-WM unless a medical review records a mitigation "
    "(then 2-WM)."
)
AT_11 = dt.datetime(2026, 12, 2, 11, 0)
PAGE_NOTE_9 = "CIWA-Ar of 02 Dec 2026 at 09:00, not resolved: an earlier score of the placement's day, not history"


def _open_at_9(note=PAGE_NOTE_9, **facts):
    old = _complicated(iopkit.score("ciwa_ar", CIWA_DISORIENTED).flags)
    old = replace(old, message=f"{old.message} ({note})")
    zero = iopkit.score("ciwa_ar", [0] * 10)
    return suggest_dimensions(
        [zero],
        scored_on={"ciwa_ar": AT_11},
        withdrawal_delirium_on=[AT_9],
        today=PLACED,
        older_open_flags=[old],
        **facts,
    )


def test_an_open_same_day_delirium_flag_says_current_delirium_until_excluded_never_a_history_rule():
    s = _open_at_9()
    flag = _complicated(s[1].flags)
    assert flag.action.endswith(SAME_DAY_ACTION_TAIL)
    assert "Re-score" not in flag.action
    # excluded, it is no history of withdrawal delirium (re-review should-fix 4): never called one
    assert "a history of complicated withdrawal" not in flag.action and "Once excluded or resolved" not in flag.action
    # no "if confirmed, a history" risk flag while the finding of today is open
    assert all(f.code != "complicated_withdrawal_risk" for f in s[1].flags)
    assert all("if confirmed, a history" not in f.message + f.action for f in s[1].flags)


@pytest.mark.parametrize("note", [PAGE_NOTE_9, "CIWA-Ar of 02 Dec 2026, not resolved"])
def test_an_open_same_day_delirium_flag_keeps_dimension_1_at_4_until_resolved(note):
    s = _open_at_9(note)
    assert s[1].rating == 4 and s[1].from_score == "open flag"
    # a recorded mitigation does not lower it while delirium is not excluded
    assert _open_at_9(note, withdrawal_risk_mitigated="partner 24h")[1].rating == 4
    # resolved by a clinician (no open flag), the history rule: 3 (3.7-WM), 2 (2-WM) once mitigated
    resolved = suggest_dimensions(
        [iopkit.score("ciwa_ar", [0] * 10)], scored_on={"ciwa_ar": AT_11}, withdrawal_delirium_on=[AT_9], today=PLACED
    )
    assert resolved[1].rating == 3 and resolved[1].from_score == "withdrawal risk"


@pytest.mark.parametrize("d1", [1, 2])
def test_an_open_same_day_delirium_flag_rated_low_never_offers_1_wm_and_names_4_wm(d1):
    r = recommend({1: d1, **REST_MILD}, suggested=_open_at_9())
    assert r.headline.startswith(MEDICAL_FIRST)
    assert "1-WM ambulatory" not in r.headline and "if confirmed, a history" not in r.headline
    assert "4-WM medically managed intensive inpatient withdrawal management" in r.headline
    if d1 == 1:
        assert "(not 1-WM: possible withdrawal delirium on 02 Dec 2026 (CIWA-Ar at 09:00))" in r.headline


def test_an_open_flag_of_an_earlier_ciwa_ar_the_same_day_is_left_out_of_the_note():
    zero = iopkit.score("ciwa_ar", [0] * 10)
    # listed on the page as that open flag, the finding is not named again in the note
    assert delirium_history([AT_9], PLACED, [zero], {"ciwa_ar": AT_15}, [AT_9]) == ""
    # a resolved one (not listed) is still named there
    assert delirium_history([AT_9], PLACED, [zero], {"ciwa_ar": AT_15}).startswith("From the saved CIWA-Ar of today")


def test_the_finding_on_todays_latest_ciwa_ar_itself_is_the_current_score_not_a_history():
    hallucinating = iopkit.score("ciwa_ar", CIWA_HALLUCINATING)
    s = suggest_dimensions([hallucinating], scored_on={"ciwa_ar": AT_9}, withdrawal_delirium_on=[AT_9], today=PLACED)
    assert s[1].rating == 4 and all(f.code != "complicated_withdrawal_risk" for f in s[1].flags)
    assert delirium_history([AT_9], PLACED, [hallucinating], {"ciwa_ar": AT_9}) == ""
    # only the day known for either: the same day's finding is that score's
    assert 1 in s and all(
        f.code != "complicated_withdrawal_risk"
        for f in suggest_dimensions([hallucinating], withdrawal_delirium_on=[PLACED], today=PLACED)[1].flags
    )
    # a finding of today with no CIWA-Ar of today among the scores is not the current score: it counts
    alone = suggest_dimensions([], withdrawal_delirium_on=[PLACED], today=PLACED)
    assert (
        alone[1].rating == 3 and "Possible withdrawal delirium on 02 Dec 2026 (CIWA-Ar):" in alone[1].flags[0].message
    )
    with pytest.raises(PlacementInputError, match="withdrawal_delirium_on"):
        suggest_dimensions([], withdrawal_delirium_on=["1 Sep"], today=PLACED)


# the same rule for a past withdrawal seizure or delirium tremens: rated 1, 2-WM, never 1-WM
def test_a_past_seizure_rated_1_never_offers_1_wm():
    r = recommend({1: 1, **REST_MILD}, suggested=suggest_dimensions([], prior_withdrawal_seizure_or_dt=True))
    assert "1-WM ambulatory" not in r.headline and TWO_WM in r.headline and r.headline.endswith(OTHERWISE_37)


def _unresolved(flag, note):
    """A flag as the placement page passes an unresolved one of an older score (its day in the note)."""
    from dataclasses import replace

    return replace(flag, message=f"{flag.message} ({note}, not resolved)")


# ASAM 2020 alcohol withdrawal guideline: Rec III.1, ambulatory withdrawal management for limited or mitigated risk
# of complicated withdrawal; Rec VII.8, a history of complicated withdrawal is no case for ambulatory care without
# close monitoring. A recorded mitigation is the clinician's claim: its medical review comes first, and the floor is
# 2-WM (ambulatory with extended on-site monitoring, dimension 1 rated 2 in the ASAM Criteria 2013), not 1-WM.
MITIGATION_FIRST = (
    "First: medical review of the recorded mitigation (partner 24h) before ambulatory withdrawal management; "
    "residential or inpatient withdrawal management (3.7-WM) if it does not hold (PAWSS 5 (4 or more)"
)


@pytest.mark.parametrize("d1", [1, 2])
def test_a_recorded_mitigation_of_a_high_withdrawal_risk_leads_with_its_review(d1):
    s = suggest_dimensions([], pawss=5, withdrawal_risk_mitigated="partner 24h")
    assert s[1].rating == 2
    r = recommend({1: d1, **REST_MILD}, suggested=s)
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    assert r.headline.startswith(MITIGATION_FIRST)
    assert not r.headline.startswith("Recommended:")


def test_a_mitigated_risk_rated_for_24_hour_withdrawal_management_needs_no_review_of_the_mitigation():
    s = suggest_dimensions([], pawss=5, withdrawal_risk_mitigated="partner 24h")
    r = recommend({1: 3, **REST_MILD}, suggested=s)
    assert r.first_step is FirstStep.WITHDRAWAL_MANAGEMENT and r.headline.startswith("First: 3.7-WM")


# The dimension 1 suggestion a withdrawal sign makes names what to assess for the substance its item asks about:
# a drug item (DAST-10 item 9) sedative-hypnotic withdrawal and the COWS, never an alcohol scale; an alcohol item
# (AUDIT item 6) the CIWA-Ar and PAWSS, never the COWS (Wesson & Ling 2003 is an opioid scale; PAWSS, Maldonado et
# al. 2014, and CIWA-Ar, Sullivan 1989, are alcohol scales). Sedative-hypnotics are tapered, never stopped abruptly
# (Joint Clinical Practice Guideline on Benzodiazepine Tapering, 2025).
@pytest.mark.parametrize(
    "code, answers, named, not_named",
    [
        (
            "dast10",
            [1, 0, 0, 0, 0, 0, 0, 0, 1, 0],
            ("COWS", "Z-drugs", "barbiturates", "GHB/GBL", SEDATIVE_TAPER, GHB_WITHDRAWAL),
            ("CIWA-Ar", "PAWSS"),
        ),
        ("audit", [1, 0, 1, 0, 0, 1, 0, 0, 0, 0], ("CIWA-Ar", "PAWSS", "last drink"), ("COWS",)),
    ],
)
def test_a_withdrawal_sign_suggests_dimension_1_with_its_own_substances_assessment(code, answers, named, not_named):
    reason = suggest_dimensions([iopkit.score(code, answers)])[1].reason
    assert all(name in reason for name in named)
    assert not any(name in reason for name in not_named)


# CIWA-Ar item 10 at 1 (inattention): screen for delirium with a clinic's bedside tool, the CAM (Inouye et al.
# 1990) or the 4AT, not the intensive-care CAM-ICU, and assess delirium for all its causes (ASAM 2020 alcohol
# withdrawal guideline, section I.C, differential diagnosis, and VI.B, alcohol withdrawal delirium): Wernicke
# encephalopathy (thiamine), low blood glucose (treated at once, never delayed for thiamine: Schabelman & Kuo
# 2012), intoxication, hepatic encephalopathy.
def test_inattention_names_a_clinic_delirium_screen_and_the_other_causes_of_delirium():
    ciwa = iopkit.score("ciwa_ar", [0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
    r = recommend({1: 1, **REST_MILD}, suggested=suggest_dimensions([ciwa]))
    assert r.headline.startswith("First: medical review now: screen for delirium (CAM or 4AT)")
    assert "CAM-ICU" not in r.headline
    for cause in (
        "Wernicke encephalopathy (give thiamine)",
        "low blood glucose (check it; treat a low one at once, thiamine with it)",
        "intoxication (breath alcohol)",
        "hepatic encephalopathy",
    ):
        assert cause in r.headline


def test_a_second_finding_in_the_list_is_not_capitalised_mid_sentence():
    ciwa = iopkit.score("ciwa_ar", [2, 2, 2, 2, 2, 0, 0, 0, 2, 0])  # 12: moderate (ASAM 2020)
    s = suggest_dimensions([ciwa], prior_withdrawal_seizure_or_dt=True, withdrawal_risk_mitigated="partner 24h")
    r = recommend({1: 1, **REST_MILD}, suggested=s)
    assert "(CIWA-Ar in the moderate withdrawal band, past withdrawal seizure or delirium tremens: " in r.headline


def test_the_placement_page_keeps_the_history_beside_the_re_score_of_old_complicated_withdrawal(store, patient):
    # a CIWA-Ar with disorientation saved on 1 Sep 2026, unresolved; a later CIWA-Ar of 15 Sep 2026 without it; the
    # page opened today: the headline leads with the emergency evaluation, and the older flags' block and the chart
    # header keep the 1 Sep signs as possible withdrawal delirium beside the re-score (ASAM 2020, Rec II.5, III.1)
    from iopkit.widgets.placement import placement_app

    for day, answers in ((1, CIWA_DISORIENTED), (15, [0] * 10)):
        store.save(patient, iopkit.score("ciwa_ar", answers), by="KM", when=clinic_time(dt.date(2026, 9, day), 9))
    app = placement_app(store)
    app.start()
    app.picker.choose.value = patient
    for dimension, rating in {1: 1, **REST_MILD}.items():
        app.ratings[dimension].value = rating
    assert app.recommendation.headline.startswith(MEDICAL_FIRST)
    assert AFTER_EVALUATION in app.recommendation.headline and "1-WM ambulatory" not in app.recommendation.headline
    # physician review R29, N2: the older flags' block and the chart header say the re-score's dose behind the screen
    # before any dose, as the placement's box does (Episode.flag_shown)
    # physician review R32 (a) (its four settings), R33 S1: the hold of a step that transfers only if the re-score
    # finds it gives both branches (r32a: was "no dose here (the patient must not drive today)")
    screen = (
        "; before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), "
        "give thiamine and check blood glucose; if intoxicated: no dose here (the patient must not drive today); "
        "otherwise treat on the current score"
    )
    screened = r32a(_old_box("last 0 on 15 Sep 2026", "disoriented").replace("; treat on the current score", screen))
    # R57 M2: after the delirium screen the hold bars a dose in delirium too (was: "if intoxicated: no dose now (")
    screened = screened.replace(
        "if intoxicated: no dose now (",
        "if delirium or intoxication: no dose here (delirium: to the ED by emergency services; intoxication: ",
    )
    # R59 1: the page says delirium first and alone, to the ED by emergency services with no dose here (was: "if
    # delirium, a seizure since the last score, ...: arrange transfer now (ED, or 4-WM)")
    screened = screened.replace(
        "if delirium, a seizure since the last score, ",
        "if delirium: no dose here; call emergency services for the ED; staff with the patient until handover; "
        "if a seizure since the last score, ",
    )
    # R76: the chart header and the older flags' block say the transfer by emergency services, as the placement (was:
    # "or a total of 15 or more: arrange transfer now (ED, or 4-WM)")
    screened = screened.replace(
        "or a total of 15 or more: arrange transfer now (ED, or 4-WM)",
        "or a total of 15 or more: arrange transfer now by emergency services (ED, or 4-WM)",
    )
    for shown in (app.history.value, app.chart_header.value):
        assert f"{screened}; {_still('01 Sep 2026')}" in html.unescape(shown)


# The clinician's rating stands (a Placement below its suggestion needs a reason), but a text that names the
# withdrawal management routed to below what possible withdrawal delirium calls for (3.7-WM: iopkit's high-risk rule
# after ASAM 2020 Rec II.5, III.1; 1-WM is ambulatory withdrawal management without extended on-site monitoring,
# ASAM Criteria 2013) names the 3.7-WM it is below, what calls for it, and the reason.
def _delirium_of_1_sep(d1):
    s = suggest_dimensions([], withdrawal_delirium_on=[dt.date(2026, 9, 1)], today=PLACED)
    return recommend({1: d1, **REST_MILD}, suggested=s)


BELOW_37 = "below the 3.7-WM that possible withdrawal delirium on 01 Sep 2026 (CIWA-Ar) calls for"


def test_describe_never_names_1_wm_below_a_delirium_history_without_the_warning():
    decision = Placement(_delirium_of_1_sep(1), reason="daily nurse visits")
    assert decision.describe() == (
        "Level 1 (Outpatient) with Level 1-WM (Ambulatory withdrawal management without extended on-site "
        f"monitoring), {BELOW_37} (reason: daily nurse visits)"
    )
    assert _delirium_of_1_sep(1).describe() == (
        "Level 1 (Outpatient); withdrawal management: Level 1-WM (Ambulatory withdrawal management without extended "
        f"on-site monitoring), {BELOW_37}"
    )
    # rated 0: no withdrawal management, below the 3.7-WM all the same
    assert Placement(_delirium_of_1_sep(0), reason="daily nurse visits").describe() == (
        f"Level 1 (Outpatient) with no withdrawal management, {BELOW_37} (reason: daily nurse visits)"
    )
    # rated at the suggestion: nothing below, nothing to warn of
    assert "below" not in Placement(_delirium_of_1_sep(3)).describe()


def test_the_ladder_never_names_1_wm_below_a_delirium_history_without_the_warning():
    from iopkit.placement.recommendation import below_suggested_withdrawal_management
    from iopkit.widgets.charts import ladder_svg

    rec = _delirium_of_1_sep(1)
    svg = html.unescape(ladder_svg(rec.level, rec.withdrawal_management, below_suggested_withdrawal_management(rec)))
    assert "; withdrawal management Level 1-WM (Ambulatory withdrawal management without extended on-site " in svg
    assert f"monitoring), {BELOW_37}" in svg and f">Withdrawal management 1-WM, {BELOW_37}</text>" in svg


# Dimension 1 rated 0 under possible withdrawal delirium: no signs scored today, preventive medication as the medical
# review decides if the last drink or sedative dose was recent (ASAM 2020 alcohol withdrawal guideline, Rec IV.13-IV.14;
# physician review 6), and the rule should drinking resume or withdrawal return, in words a counsellor can follow
# (never 1-WM; 3.7-WM unless a mitigation is recorded and medically reviewed), never "...; otherwise 3.7-WM" after a
# plan that has none.
def test_rated_0_under_a_delirium_history_says_no_withdrawal_management_now_and_the_rule_if_it_returns():
    headline = _delirium_of_1_sep(0).headline
    assert headline.endswith(
        "Level 1 (Outpatient), under 9 h/week of clinical services; no CIWA-Ar today: score one before the patient "
        "leaves; preventive "
        "withdrawal medication as the medical review decides if the last drink or sedative dose was recent; if "
        "substance use resumes or withdrawal returns: never 1-WM; 3.7-WM medically monitored inpatient withdrawal "
        "management unless a mitigation is recorded and medically reviewed."
    )
    assert "otherwise" not in headline


def test_the_result_panel_names_a_withdrawal_management_below_the_history_with_its_warning():
    """The page's result panel, like the headline, the ladder and the summary: 1-WM rated below the 3.7-WM that
    PAWSS 5 calls for (Maldonado 2014: 4 or more is a high risk of complicated withdrawal; iopkit's rule: never 1-WM)
    is never shown as if it were the setting called for."""
    from iopkit.widgets.render import recommendation_html

    rec = recommend({1: 1, **REST_MILD}, suggested=suggest_dimensions([], pawss=5))
    text = html.unescape(recommendation_html(rec))
    assert "Level 1-WM" in text and "below the 3.7-WM that PAWSS 5 (4 or more) calls for" in text
    # rated 0: no withdrawal management on these ratings, never "not needed" beside the warning
    none = html.unescape(recommendation_html(recommend({1: 0, **REST_MILD}, suggested=suggest_dimensions([], pawss=5))))
    assert "Withdrawal management: none on these ratings" in none and "(below the 3.7-WM that PAWSS 5" in none
    assert "not needed" not in none


def test_a_safe_alternative_is_never_below_the_withdrawal_management_the_history_calls_for():
    """PAWSS 5 (4 or more: high risk of complicated withdrawal, Maldonado 2014) calls for 3.7-WM, medically monitored
    (iopkit's rule: never 1-WM, 24-hour withdrawal management by default). With dimension 1 rated 1 (1-WM), the
    alternative for a patient who cannot be managed at home is 3.7-WM, not 3.2-WM (clinically managed residential
    withdrawal management, without medical monitoring: ASAM Criteria 2013)."""
    rec = recommend({1: 1, **REST_MILD}, suggested=suggest_dimensions([], pawss=5))
    assert [a.withdrawal_management.code for a in rec.alternatives] == ["3.7-WM"]
    assert "a high risk of complicated withdrawal calls for medical monitoring" in rec.alternatives[0].when
    # a recorded mitigation makes ambulatory care acceptable; a patient who cannot stay home is one whose mitigation
    # no longer holds: medical monitoring still, whether dimension 1 is rated at the mitigated 2 or below it
    mitigated = suggest_dimensions([], pawss=5, withdrawal_risk_mitigated="wife at home, daily nurse visits")
    for rating in (1, 2):
        alternatives = recommend({1: rating, **REST_MILD}, suggested=mitigated).alternatives
        assert [a.withdrawal_management.code for a in alternatives] == ["3.7-WM"], rating
        assert "the mitigation no longer holds" in alternatives[0].when
    # without a history calling for more, the alternative to ambulatory withdrawal management stays 3.2-WM
    plain = recommend({1: 1, **REST_MILD})
    assert [a.withdrawal_management.code for a in plain.alternatives] == ["3.2-WM"]


# iopkit's rule for a high risk of complicated withdrawal (PAWSS 4 or more: Maldonado 2014; ASAM 2020 alcohol withdrawal
# guideline, Rec II.5, III.1): 3.7-WM (medically monitored inpatient withdrawal management, ASAM Criteria 2013) by
# default, 2-WM once a mitigation is recorded and medically reviewed, never 1-WM. The safe alternative is 3.7-WM at
# every rating of dimension 1, also rated 0 (no withdrawal management now, should drinking resume); "the mitigation
# no longer holds" only where one is recorded.
def test_the_3_7_wm_alternative_under_a_high_risk_also_at_rating_0_and_a_mitigation_named_only_when_recorded():
    for rating in (0, 1, 2):
        rec = recommend({1: rating, **REST_MILD}, suggested=suggest_dimensions([], pawss=5))
        assert [a.withdrawal_management.code for a in rec.alternatives] == ["3.7-WM"], rating
        assert "a high risk of complicated withdrawal calls for medical monitoring" in rec.alternatives[0].when
        assert "the mitigation no longer holds" not in rec.alternatives[0].when, rating
    assert (
        "substance use resumes or withdrawal returns"
        in recommend({1: 0, **REST_MILD}, suggested=suggest_dimensions([], pawss=5)).alternatives[0].when
    )
    mitigated = suggest_dimensions([], pawss=5, withdrawal_risk_mitigated="wife at home, daily nurse visits")
    for rating in (0, 1, 2):
        (alternative,) = recommend({1: rating, **REST_MILD}, suggested=mitigated).alternatives
        assert alternative.withdrawal_management.code == "3.7-WM"
        assert "the mitigation no longer holds" in alternative.when, rating
    # rated 0 without any high risk: no withdrawal management, no withdrawal alternative
    assert recommend({1: 0, **REST_MILD}).alternatives == ()


# The addiction-medicine review (should-fix 3): under iopkit's rule 3.7-WM is the default until a mitigation is recorded
# and medically reviewed, so with none recorded (dimension 1 rated 1 or 2; a past seizure or DT, or PAWSS 4 or more:
# Maldonado 2014) the 3.7-WM alternative applies "when no mitigation is recorded and medically reviewed, or withdrawal
# cannot be managed safely at home (no support or transport)"; the risk may be of sedatives, so "substance use
# resumes", not "drinking resumes"; the level after the 24-hour withdrawal management is the least care ("then at
# least"). Expected words are the reviewer's.
NO_MITIGATION_WHEN = (
    "no mitigation is recorded and medically reviewed, or withdrawal cannot be managed safely at home (no support or "
    "transport)"
)


@pytest.mark.parametrize("facts", [{"pawss": 5}, {"prior_withdrawal_seizure_or_dt": True}])
@pytest.mark.parametrize("d1", [1, 2])
def test_the_3_7_wm_alternative_without_a_mitigation_says_it_is_the_default_until_one_is_reviewed(facts, d1):
    (alternative,) = recommend({1: d1, **REST_MILD}, suggested=suggest_dimensions([], **facts)).alternatives
    assert alternative.withdrawal_management.code == "3.7-WM"
    assert alternative.when.startswith(NO_MITIGATION_WHEN)
    assert alternative.describe() == (
        "First Level 3.7-WM (Medically monitored inpatient withdrawal management), then at least Level 1 (Outpatient) "
        "after a reassessment"
    )
    # with a mitigation recorded, only a home that cannot manage it (or the mitigation failing)
    mitigated = suggest_dimensions([], withdrawal_risk_mitigated="partner 24h", **facts)
    (alternative,) = recommend({1: d1, **REST_MILD}, suggested=mitigated).alternatives
    assert not alternative.when.startswith("no mitigation is recorded")


def test_rated_0_under_a_high_risk_the_alternative_says_substance_use_not_drinking():
    for facts in ({"pawss": 5}, {"pawss": 5, "withdrawal_risk_mitigated": "partner 24h"}):
        (alternative,) = recommend({1: 0, **REST_MILD}, suggested=suggest_dimensions([], **facts)).alternatives
        assert alternative.when.startswith("substance use resumes or withdrawal returns") and "drinking" not in (
            alternative.when
        )


# ASAM Criteria 2013 route withdrawal management separately from the treatment level; a 24-hour withdrawal management
# (3.2-WM, 3.7-WM) comes first and the level follows after a reassessment, as the plan itself names it. The
# alternative's Level 1 with 3.7-WM is never written as outpatient care alongside inpatient withdrawal management.
def test_a_24_hour_withdrawal_alternative_is_named_first_then_the_level_after_a_reassessment():
    from iopkit.widgets.render import recommendation_html

    rec = recommend({1: 1, **REST_MILD}, suggested=suggest_dimensions([], pawss=5))
    assert rec.alternatives[0].describe() == (
        "First Level 3.7-WM (Medically monitored inpatient withdrawal management), then at least Level 1 (Outpatient) "
        "after a reassessment"
    )
    text = html.unescape(recommendation_html(rec))
    assert "Level 1 (Outpatient) with Level 3.7-WM" not in text
    assert "<li>First Level 3.7-WM (Medically monitored inpatient withdrawal management), then at least Level 1" in text
    assert recommend({1: 1, **REST_MILD}).alternatives[0].describe().startswith("First Level 3.2-WM")


# ASAM Criteria, 4th ed. (2023, from secondary summaries): withdrawal management is integrated into the continuum, the
# separate -WM levels removed; Level 1.5 outpatient therapy, 1.7 medically managed outpatient, 3.7 medically managed
# residential. A 4th-edition text names every level in that scheme, never a 3rd-edition "3.7-WM" beside a "1.7".
def test_a_4th_edition_text_names_withdrawal_management_in_4th_edition_levels_only():
    import re

    for d1 in (0, 1, 3):
        rec = recommend({1: d1, **REST_MILD}, suggested=suggest_dimensions([], pawss=5))
        texts = [rec.describe(edition="4th"), Placement(rec, reason="daily nurse visits").describe(edition="4th")]
        texts += [a.describe(edition="4th") for a in rec.alternatives]
        for text in texts:  # a 3rd-edition code only where labelled so ("3rd ed. 1-WM", re-review should-fix 6)
            assert not re.search(r"(?<!3rd ed\. )\d-WM", text), text
            assert "withdrawal management in Level 3.7 (Medically managed residential)" in text, text
    below = recommend({1: 1, **REST_MILD}, suggested=suggest_dimensions([], pawss=5)).describe(edition="4th")
    # outpatient with withdrawal management is the one integrated Level 1.7 (review should-fix 5), never two levels
    assert below.startswith("Level 1.7 (Medically managed outpatient) [4th ed., inferred")
    assert "withdrawal management: Level 1.7" not in below
    assert ", below the withdrawal management in Level 3.7 (Medically managed residential)" in below
    assert below.endswith("that PAWSS 5 (4 or more) calls for")
    # so does the rule table in 4th-edition numbers; the 3rd edition's keeps "3.2-WM; 3.7: 3.7-WM"
    from iopkit.placement import rules

    assert not re.search(r"\d-WM", rules(edition="4th"))
    assert "(3.1-3.5: 3.2-WM; 3.7: 3.7-WM; 4: 4-WM)" in rules()
    # the 3rd edition keeps its own names
    assert (
        recommend({1: 1, **REST_MILD}, suggested=suggest_dimensions([], pawss=5))
        .describe()
        .endswith("below the 3.7-WM that PAWSS 5 (4 or more) calls for")
    )


def test_a_rating_below_a_flag_cites_the_flag_it_repeats():
    # The rated-below flag repeats the CIWA-Ar flag's step (screen for delirium, thiamine, glucose): its basis is that
    # flag's sources (Sullivan 1989, ASAM 2020, the CAM) as well as iopkit's own rule of documenting the lower rating.
    ciwa = iopkit.score("ciwa_ar", [0, 0, 0, 0, 0, 4, 0, 0, 0, 0])
    r = recommend({1: 1, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0}, suggested=suggest_dimensions([ciwa]))
    below = next(f for f in r.flags if f.code == "rated_below_suggestion_d1")
    keys = {k.strip() for k in below.source.split(";")}
    assert {"iopkit", "ciwa_sullivan1989"} <= keys


def test_the_cows_bands_cite_wesson_and_ling():
    from iopkit.placement.suggest import SUGGESTION_RULES

    cows = [rule for rule in SUGGESTION_RULES if rule.instrument == "cows"]
    assert cows and all("cows_wesson2003" in rule.source for rule in cows)
    none = next(r for r in SUGGESTION_RULES if r.instrument == "cssrs_screen" and r.high == 0)
    assert "cssrs_screener_triage" in none.source


# The addiction-medicine review (should-fix 5): the ASAM Criteria, 4th ed. (2023, from secondary summaries) build
# withdrawal management into the level, x.7 being the medically managed level: intensive outpatient with (medical)
# withdrawal management is Level 2.7 (Medically managed intensive outpatient), outpatient with withdrawal management
# Level 1.7 (Medically managed outpatient). A 4th-edition text names that one level, marked inferred, never the
# patient in two levels at once ("Level 2.1 ... with withdrawal management in Level 1.7").
ONE_LEVEL_CASES = [
    ({1: 1, 2: 0, 3: 2, 4: 1, 5: 1, 6: 1}, "Level 2.7 (Medically managed intensive outpatient)"),  # IOP + 1-WM
    ({1: 2, 2: 0, 3: 2, 4: 1, 5: 1, 6: 1}, "Level 2.7 (Medically managed intensive outpatient)"),  # IOP + 2-WM
    ({1: 1, 2: 0, 3: 0, 4: 1, 5: 1, 6: 1}, "Level 1.7 (Medically managed outpatient)"),  # OP + 1-WM
]


@pytest.mark.parametrize("ratings, level", ONE_LEVEL_CASES)
def test_a_4th_edition_ambulatory_pairing_is_named_as_one_integrated_level(ratings, level):
    rec = recommend(ratings)
    for text in (rec.describe(edition="4th"), Placement(rec).describe(edition="4th")):
        assert text.startswith(f"{level} [4th ed., inferred"), text
        assert "withdrawal management in Level" not in text and "Level 2.1" not in text.split("[")[0]
    # the 3rd edition keeps its separate WM levels
    assert "-WM" in Placement(rec).describe()


def test_a_4th_edition_pairing_below_the_history_is_one_level_with_the_warning():
    rec = recommend({1: 1, **REST_MILD}, suggested=suggest_dimensions([], pawss=5))
    text = Placement(rec, reason="daily nurse visits").describe(edition="4th")
    assert text.startswith("Level 1.7 (Medically managed outpatient) [4th ed., inferred")
    assert "with withdrawal management in Level 1.7" not in text
    assert "below the withdrawal management in Level 3.7" in text


# The physician re-review (must-fix 1): an open possible-delirium flag of an earlier CIWA-Ar of the placement's day
# (09:00; a CIWA-Ar of 0 at 11:00) is current withdrawal delirium until excluded (ASAM 2020 alcohol withdrawal
# guideline, Rec VI.7, VI.9): 4-WM, medically managed intensive inpatient withdrawal management (ASAM Criteria 2013),
# and once excluded a high risk of complicated withdrawal (Rec II.5): 3.7-WM, never 3.2-WM (clinically managed,
# without medical monitoring). A plan that starts with withdrawal management keeps both, whatever the residential
# setting (Level 3.5 from dimension 3 at 3 or dimension 5 at 4; Level 3.7 from dimension 2 at 3), and every text
# naming its withdrawal management keeps the warning that it is below the 4-WM the flag calls for.
DELIRIUM_THEN = (
    "Then, as the evaluation decides: 4-WM medically managed intensive inpatient withdrawal management while delirium "
    "is not excluded; once it is, 3.7-WM medically monitored inpatient withdrawal management (not 3.2-WM), then a "
    "reassessment of all six dimensions for treatment"
)
# the finding named by the item that raised it (physician review: the flag names its item and rating, Sullivan 1989
# anchor of item 10 at 2), no longer by the rule's "CIWA-Ar hallucinations ... or disorientation", nor by the finding
# alone (the headline names what precedes the message's first ": ")
BELOW_4WM = (
    "below the 4-WM that CIWA-Ar item 10 (Orientation and clouding of sensorium) rated 2 of 4, "
    '"Disoriented for date by no more than 2 calendar days" (CIWA-Ar of'
)


@pytest.mark.parametrize(
    "ratings, level",
    [
        # physician re-review 2 (note 6): "(not 3.2-WM)" only where 3.2-WM was an option (Level 3.5's own setting);
        # dimension 1 rated 3 (3.7-WM) or Level 3.7 (3.7-WM) never offered it
        ({1: 3, **REST_MILD}, "Level 1 (Outpatient)"),
        ({1: 1, **REST_MILD, 3: 3}, "Level 3.5 (Clinically managed high-intensity residential)"),
        ({1: 2, **REST_MILD, 5: 4}, "Level 3.5 (Clinically managed high-intensity residential)"),
        ({1: 1, **REST_MILD, 2: 3}, "Level 3.7 (Medically monitored intensive inpatient)"),
    ],
)
def test_an_open_same_day_delirium_flag_keeps_4_wm_when_the_plan_starts_with_withdrawal_management(ratings, level):
    r = recommend(ratings, suggested=_open_at_9())
    assert r.headline.startswith(MEDICAL_FIRST)
    then = DELIRIUM_THEN if "3.5" in level else DELIRIUM_THEN.replace(" (not 3.2-WM)", "")
    if ratings[5] == 4:  # dimension 5 rated 4: the 24-hour setting arranged today, its WM first (R13 should-fix 6)
        then = (
            "Then, as the evaluation decides: arrange a 24-hour structured setting today (dimension 5 rated 4, "
            "imminent danger): on today's ratings 4-WM medically managed intensive inpatient withdrawal management "
            "while delirium is not excluded; once it is, 3.7-WM medically monitored inpatient withdrawal management "
            f"(not 3.2-WM) first, then at least {level} after a reassessment of all six dimensions; until admission: a "
            "safety plan with the patient, and naloxone if the patient uses opioids."
        )
        assert then in r.headline
    else:
        assert f"{then} (on today's ratings at least {level})." in r.headline
    assert "3.2-WM clinically managed" not in r.headline and "ambulatory care" not in r.headline
    assert r.withdrawal_management.code == "3.7-WM"  # never 3.2-WM for delirium not excluded
    decision = Placement(r, reason="no 4-WM bed")
    assert decision.withdrawal_management_rated_below.code == "4-WM"
    for text in (r.describe(), decision.describe()):
        assert text.startswith(f"First Level 3.7-WM (Medically monitored inpatient withdrawal management), {BELOW_4WM}")
        assert text.endswith(f"then {level} after a reassessment")
    assert "(reason: no 4-WM bed)" in decision.describe()
    assert "below the withdrawal management in Level 4 (Medically managed inpatient)" in r.describe(edition="4th")


# The physician re-review (must-fix 2): under a high risk of complicated withdrawal (a resolved possible-delirium
# finding, a PAWSS of 5 with no flag: Maldonado 2014, 4 or more), withdrawal management in a 24-hour setting is at
# least 3.7-WM, medically monitored, never 3.2-WM (iopkit's rule after the ASAM 2020 alcohol withdrawal guideline, Rec
# II.5, III.1), and a residential plan is never called "ambulatory".
def _resolved_at_9():
    zero = iopkit.score("ciwa_ar", [0] * 10)
    return suggest_dimensions([zero], scored_on={"ciwa_ar": AT_11}, withdrawal_delirium_on=[AT_9], today=PLACED)


@pytest.mark.parametrize("risk", ["resolved delirium", "PAWSS 5", "PAWSS 5 mitigated"])
def test_a_high_withdrawal_risk_in_a_24_hour_setting_gets_3_7_wm_never_3_2_wm_nor_ambulatory_words(risk):
    s = (
        _resolved_at_9()
        if risk == "resolved delirium"
        else suggest_dimensions([], pawss=5, withdrawal_risk_mitigated="partner 24h" if "mitigated" in risk else None)
    )
    r = recommend({1: 2, **REST_MILD, 3: 3}, suggested=s)
    assert r.level.code == "3.5" and r.withdrawal_management.code == "3.7-WM"
    assert "3.7-WM medically monitored inpatient withdrawal management" in r.headline
    assert "3.2-WM" not in r.headline and "ambulatory" not in r.headline
    assert (
        Placement(r, reason="r")
        .describe()
        .startswith("First Level 3.7-WM (Medically monitored inpatient withdrawal management), then Level 3.5")
    )
    # without the risk, Level 3.5 keeps its own 3.2-WM (ASAM Criteria 2013)
    assert recommend({1: 2, **REST_MILD, 3: 3}).withdrawal_management.code == "3.2-WM"


# The physician re-review (should-fix 5): an open same-day delirium flag with dimension 1 rated 0 keeps both clauses:
# no withdrawal management needed now, and iopkit's high-risk rule should withdrawal return (never 1-WM; 3.7-WM unless
# a mitigation is recorded and medically reviewed: ASAM 2020 alcohol withdrawal guideline, Rec II.5, III.1), and the
# 4-WM while delirium is not excluded (Rec VI.7, VI.9), 3.7-WM once it is.
def test_an_open_same_day_delirium_flag_rated_0_keeps_the_no_withdrawal_management_clause_and_the_4_wm():
    headline = recommend({1: 0, **REST_MILD}, suggested=_open_at_9()).headline
    assert headline.endswith(
        "Then, only if the evaluation excludes delirium and records why ambulatory care is safe: Level 1 (Outpatient), "
        "under 9 h/week of clinical services; no withdrawal management needed now (dimension 1 rated 0); if substance "
        "use resumes or withdrawal returns: never 1-WM; 3.7-WM medically monitored inpatient withdrawal management "
        "unless a mitigation is recorded and medically reviewed. Otherwise: 4-WM medically managed intensive inpatient "
        "withdrawal management while delirium is not excluded, 3.7-WM medically monitored inpatient withdrawal "
        "management once it is."
    )


# The physician re-review (should-fix 6): in the 4th edition, which builds ambulatory withdrawal management into the
# level (Level 2.7, medically managed intensive outpatient; ASAM Criteria, 4th ed., 2023, from secondary summaries),
# the one-level name says which withdrawal management it stands for, and a plan whose level is the very level that
# provides the withdrawal management called for is not said to be "below" it. A resolved possible-delirium finding
# with a recorded mitigation calls for 2-WM (iopkit's high-risk rule after the ASAM 2020 alcohol withdrawal guideline,
# Rec III.1).
def _mitigated_history(d1, d3):
    s = suggest_dimensions(
        [], withdrawal_delirium_on=[dt.date(2026, 9, 1)], today=PLACED, withdrawal_risk_mitigated="partner 24h"
    )
    return recommend({1: d1, **REST_MILD, 3: d3}, suggested=s)


def test_a_4th_edition_level_with_withdrawal_management_names_it_and_is_never_below_itself():
    iop = Placement(_mitigated_history(1, 2), reason="x").describe(edition="4th")  # IOP (dimension 3 at 2), 1-WM
    assert iop.startswith(
        "Level 2.7 (Medically managed intensive outpatient) [4th ed., inferred by iopkit: Level 2.1 (Intensive "
        "outpatient) with ambulatory withdrawal management without extended on-site monitoring (3rd ed. 1-WM), one "
        "level], provides the extended on-site monitoring that possible withdrawal delirium on 01 Sep 2026 (CIWA-Ar) "
        "calls for (3rd ed. 2-WM) only if the programme does; as rated, 1-WM (reason: x)"
    )
    # physician re-review 2 (should-fix 3): the shortfall as rated is never hidden behind "this level's own"
    assert "is this level's own" not in iop
    assert "below the withdrawal management in Level 2.7" not in iop
    outpatient = _mitigated_history(2, 0).describe(edition="4th")  # Outpatient with 2-WM: named 2.7
    # superseded by physician review R16 (session 15), should-fix 10: 2.7 is for the withdrawal period, then 1.5
    assert outpatient == (
        "Level 2.7 (Medically managed intensive outpatient) while withdrawal is managed, then Level 1.5 (Outpatient "
        "therapy) [4th ed., inferred by iopkit: Level 1.5 (Outpatient "
        "therapy) with ambulatory withdrawal management with extended on-site monitoring (3rd ed. 2-WM), one level]"
    )
    # Outpatient with 1-WM is Level 1.7: still below the 2.7 the 2-WM calls for
    assert ", below the withdrawal management in Level 2.7" in _mitigated_history(1, 0).describe(edition="4th")


# The physician re-review (note 7): the 4th-edition rule table names the outpatient level by its 4th-edition number,
# 1.5 (Outpatient therapy; ASAM Criteria, 4th ed., 2023, from secondary summaries), never the 3rd edition's Level 1.
def test_the_4th_edition_rule_table_says_at_least_level_1_5_after_withdrawal_management():
    import re

    from iopkit.placement import rules

    fourth = rules(edition="4th")
    assert fourth.count("then at least Level 1.5") == 3
    assert "at least Level 1.5 treatment after WM" in fourth
    assert not re.search(r"at least Level 1(?!\.5)", fourth)
    assert rules().count("then at least Level 1 (") == 3  # the 3rd edition keeps its own name


def test_the_rule_table_states_the_3_7_wm_floor_of_a_high_withdrawal_risk_in_a_24_hour_setting():
    from iopkit.placement import rules

    assert "WM in a 24-hour setting is at least 3.7-WM, medically monitored" in rules()
    # physician re-review 2 (note 6): 4th-edition 3.7 is medically managed residential
    assert "WM in a 24-hour setting is at least 3.7, medically managed residential" in rules(edition="4th")


# Physician re-review (should-fix 2): dimension 1 rated 0 in a 24-hour (residential or inpatient) level is no
# ambulatory plan: its headline never says "ambulatory" of Level 3.5 or 3.7. Expected texts typed from the finding.
def test_an_open_same_day_delirium_flag_in_a_24_hour_level_never_calls_it_ambulatory():
    r = recommend({1: 0, 2: 3, 3: 1, 4: 1, 5: 1, 6: 1}, suggested=_open_at_9())
    assert r.level.code == "3.7" and r.withdrawal_management is None
    assert "ambulatory" not in r.headline
    assert "Then, only if the evaluation excludes delirium: Level 3.7 (Medically monitored intensive inpatient)" in (
        r.headline
    )
    # the 4-WM while delirium is not excluded is still named
    assert "4-WM medically managed intensive inpatient withdrawal management while delirium is not excluded" in (
        r.headline
    )


@pytest.mark.parametrize("facts", [{"pawss": 5}, {"withdrawal_delirium_on": [AT_9]}])
def test_a_high_risk_with_dimension_1_rated_0_in_a_residential_level_never_calls_it_ambulatory(facts):
    zero = [iopkit.score("ciwa_ar", [0] * 10)]
    s = suggest_dimensions(zero, scored_on={"ciwa_ar": AT_11}, today=PLACED, **facts)
    r = recommend({1: 0, 2: 1, 3: 3, 4: 1, 5: 1, 6: 1}, suggested=s)
    assert r.level.code == "3.5" and r.withdrawal_management is None
    assert "ambulatory" not in r.headline
    assert "Then, unless the review finds more: Level 3.5 (Clinically managed high-intensity residential)" in (
        r.headline
    )


# Physician re-review 2 (should-fix 3): dimension 1 rated 0 at Level 3.7 under PAWSS 5, which calls for 3.7-WM: in the
# 4th edition Level 3.7 (medically managed residential) is itself the setting of that withdrawal management, so the
# text never says the level is "below" a withdrawal management "in Level 3.7"; the rating is. Typed from the finding.
def test_a_4th_edition_level_3_7_rated_0_names_the_shortfall_of_the_rating_not_of_the_level():
    rec = recommend({1: 0, 2: 3, 3: 0, 4: 1, 5: 2, 6: 1}, suggested=suggest_dimensions([], pawss=5))
    assert rec.level.code == "3.7" and rec.withdrawal_management is None
    text = Placement(rec, reason="x").describe(edition="4th")
    assert "below the withdrawal management in Level 3.7" not in text
    assert text.endswith(
        "with no withdrawal management, below the withdrawal management this level provides that PAWSS 5 (4 or "
        "more) calls for (3rd ed. 3.7-WM) (reason: x)"
    )
    assert (
        Placement(rec, reason="x")
        .describe()
        .endswith("with no withdrawal management, below the 3.7-WM that PAWSS 5 (4 or more) calls for (reason: x)")
    )


# Physician re-review 2 (should-fix 5): in a 24-hour (residential or inpatient) plan a home mitigation is moot:
# withdrawal management there is at least 3.7-WM (medically monitored inpatient WM), mitigated or not. Neither the
# headline nor the flags offer a medical review of the mitigation "before ambulatory withdrawal management", "unless the
# risk is mitigated", "unless a mitigation is recorded" or "(then 2-WM)"; they say a home mitigation does not apply in
# a 24-hour setting (3.7-WM). Typed from the finding.
HOME_MOOT = "a home mitigation does not apply in a 24-hour setting (3.7-WM)"
AMBULATORY_MITIGATION_WORDS = (
    "before ambulatory withdrawal management",
    "unless the risk is mitigated",
    "unless a mitigation is recorded",
    "unless a medical review records a mitigation",
    "then 2-WM",
)


def _texts(r):
    return [r.headline, *(f.action for f in r.flags)]


@pytest.mark.parametrize("mitigated", [{}, {"withdrawal_risk_mitigated": "partner 24h"}])
@pytest.mark.parametrize("d1", [0, 1])
def test_a_residential_plan_under_pawss_5_says_a_home_mitigation_does_not_apply(mitigated, d1):
    r = recommend({1: d1, 2: 1, 3: 3, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions([], pawss=5, **mitigated))
    assert r.level.code == "3.5"
    assert r.withdrawal_management is None if d1 == 0 else r.withdrawal_management.code == "3.7-WM"
    for text in _texts(r):
        assert not any(w in text for w in AMBULATORY_MITIGATION_WORDS), text
    assert HOME_MOOT in r.headline
    (risk,) = (f for f in r.flags if f.code == "complicated_withdrawal_risk")
    assert HOME_MOOT in risk.action


def test_an_open_same_day_delirium_flag_in_a_residential_plan_never_says_then_2_wm():
    r = recommend({1: 1, 2: 1, 3: 3, 4: 1, 5: 1, 6: 1}, suggested=_open_at_9())
    (flag,) = (f for f in r.flags if f.code == "complicated_withdrawal")
    assert flag.action.endswith(f"never 1-WM; {HOME_MOOT}.")
    below = next(f for f in r.flags if f.code == "rated_below_suggestion_d1")
    assert f"{HOME_MOOT}; record the reason" in below.action  # no ".;" (note 6)
    for text in _texts(r):
        assert not any(w in text for w in AMBULATORY_MITIGATION_WORDS), text


def test_an_ambulatory_plan_keeps_the_mitigation_review():
    s = suggest_dimensions([], pawss=5, withdrawal_risk_mitigated="partner 24h")
    r = recommend({1: 1, **REST_MILD}, suggested=s)
    assert r.level.code != "3.5" and not r.withdrawal_first
    (risk,) = (f for f in r.flags if f.code == "complicated_withdrawal_risk")
    assert risk.action.startswith("Medical review of the recorded mitigation (partner 24h)")


# Physician re-review 2 (notes 6): "(not 3.2-WM)" only where 3.2-WM (clinically managed residential WM) was an option:
# at Level 3.7 with dimension 1 rated 3 the setting and the rating both give 3.7-WM; at Level 3.5 (own setting 3.2-WM)
# it is said. The 4th-edition table calls 3.7 medically managed residential, never "medically monitored".
def test_not_3_2_wm_is_said_only_where_3_2_wm_was_an_option():
    at_37 = recommend({1: 3, 2: 3, 3: 1, 4: 1, 5: 1, 6: 1}, suggested=_open_at_9())
    assert at_37.level.code == "3.7" and "once it is, 3.7-WM" in at_37.headline
    assert "not 3.2-WM" not in at_37.headline
    at_35 = recommend({1: 1, 2: 1, 3: 3, 4: 1, 5: 1, 6: 1}, suggested=_open_at_9())
    assert at_35.level.code == "3.5" and "(not 3.2-WM)" in at_35.headline


def test_the_4th_edition_table_calls_the_high_risk_floor_medically_managed_residential():
    from iopkit.placement import rules

    fourth = rules(edition="4th")
    assert "at least 3.7, medically managed residential" in fourth
    assert "medically monitored" not in fourth
    assert "at least 3.7-WM, medically monitored" in rules()


def test_a_source_supports_text_ends_with_one_full_stop():
    from iopkit.markup import source_html

    assert "Rec III.2).." not in str(source_html("asam_awm2020"))
