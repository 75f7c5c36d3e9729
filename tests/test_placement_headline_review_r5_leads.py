"""Physician review R5 (session 11): every transfer lead's refusal branch (must-fix 1), the suicide lead's
prescriber's review while the patient waits for the evaluation, and no driving beside a COWS above 36 treated now
(must-fix 1, 3; should-fix 5). Texts typed by hand from the reviewer's wording, never computed
by iopkit; the reviewer's cases in brackets (K1, K8, K9: the engineers' extra.py; X2: the reviewer's).

Rules and sources: a medical transfer refused counts only with capacity to decline; for an emergency evaluation of
suicide risk or dimension 3 rated 4 (ASAM Criteria 2013: imminent danger) the test is the emergency mental-health
hold, not capacity, and it governs where both apply (must-fix 1); beside high suicide risk (Columbia triage: an
immediate emergency evaluation) nothing may imply that the patient leaves before the evaluation (ruling 3d; R4
must-fix 3); a benzodiazepine given with buprenorphine or methadone is monitored for sedation and breathing (FDA Drug
Safety Communication, 20 Sep 2017) until the evaluation or handover; a high-risk patient given buprenorphine must not
drive (should-fix 5).
"""

from __future__ import annotations

import iopkit
from iopkit.placement import FirstStep, recommend, suggest_dimensions

from .intoxication_screens import SCREEN_OPIOID_OVERDOSE, r32a, without_holds
from .refusal_branches import AT_4_STAFF_D2

ROUTINE = {1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}
# COWS (Wesson & Ling 2003): 46, above 36 (severe); 14, 13-24 (moderate)
COWS_46 = [4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 3]
COWS_14 = [2, 2, 3, 2, 2, 2, 2, 2, 1, 1, 0]
# CIWA-Ar (Sullivan 1989): 14 with item 10 at 1 (inattention)
CIWA_14_ITEM_10_AT_1 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 1]
# C-SSRS screener (Posner et al. 2011): questions 1, 2 and 4 yes, high risk
CSSRS_HIGH = ["yes", "yes", "no", "yes", "no", "no", None]

# --- the reviewer's texts --------------------------------------------------------------------------------------------
# must-fix 1 (a), E2's accepted text, right after "arrange transfer now (...)"
D2_LEAD = (
    "First: emergency medical evaluation: arrange transfer now (ED)"
    # physician review R16 (session 15), the rulings on C22, C23, C30: staff until handover, the reason told there
    + AT_4_STAFF_D2
    + "; if the patient declines transfer: the prescriber "
    "assesses and records capacity to decline (without capacity: transfer by emergency services; with capacity: "
    "record the advice given and the risks explained; arrange the highest level of care the patient accepts; any dose "
    "as the prescriber decides; tell the patient and any supportive person to call emergency services for a seizure, "
    "confusion, hallucinations or any worsening); the patient must not "
    "drive"
)
# must-fix 1 (b), after "until handover" (case K1: dimension 3 rated 4, no suicide-risk finding: the psychiatric
# evaluation, R5 should-fix 10; case X2: both, (b) governs, the C-SSRS high risk keeping the suicide evaluation)
K1_LEAD = (
    "First: emergency psychiatric evaluation now: arrange transfer now (ED); safety precautions, staff with the "
    "patient, until handover; if the patient declines transfer or tries to leave: staff stay with the patient (at a "
    "safe distance if there is a risk of violence) and call emergency services for an emergency mental-health "
    "assessment (local involuntary-assessment procedure); the patient must not drive; "  # R6 should-fix 2
)
X2_LEAD = (
    "First: emergency evaluation for suicide risk and emergency medical evaluation in one setting that can manage "
    "both: arrange transfer now (ED); safety precautions, staff with the patient, until handover; if the patient "
    "declines transfer or tries to leave: staff stay with the patient and call emergency services for an emergency "
    "mental-health assessment (local involuntary-assessment procedure); the patient must not drive; "
)
# must-fix 3 (case K9), the suicide form
K9_REVIEW = (
    "a prescriber's review now, while the patient waits for the suicide evaluation: treat withdrawal as the prescriber "
    "decides, "
)
K9_MONITORING = "monitor sedation and breathing until the evaluation or handover"
# should-fix 5 (case K8), the same order as K9
K8_START = (  # physician review R6, must-fix 4: its K8 text
    "First: emergency evaluation for suicide risk, with safety precautions, staff with the patient, until it is "
    "done; if the patient declines it or tries to leave: staff stay with the patient and call emergency services for "
    "an emergency mental-health assessment (local involuntary-assessment procedure); the patient must not drive; and "
    # physician review R16 (session 15), should-fix S5: beside the C-SSRS high the overdose question first
    + SCREEN_OPIOID_OVERDOSE
    + "a prescriber treats withdrawal now, "
)


def _rec(ratings, *scores):
    return recommend(ratings, suggested=suggest_dimensions([iopkit.score(i, a) for i, a in scores]))


def test_must_fix_3_the_suicide_form_reviews_while_the_patient_waits_for_the_evaluation_k9():
    k9 = _rec(ROUTINE, ("cows", COWS_14), ("ciwa_ar", CIWA_14_ITEM_10_AT_1), ("cssrs_screen", CSSRS_HIGH))
    assert k9.first_step is FirstStep.EMERGENCY_EVALUATION
    assert K9_REVIEW in k9.headline
    assert K9_MONITORING in k9.headline
    assert "before the patient leaves" not in k9.headline
    assert "while the patient is on site" not in k9.headline
    # the non-suicide form (case X9: no C-SSRS) keeps "before the patient leaves"
    x9 = _rec(ROUTINE, ("cows", COWS_14), ("ciwa_ar", CIWA_14_ITEM_10_AT_1))
    assert "a prescriber's review before the patient leaves: treat withdrawal" in x9.headline
    assert K9_REVIEW not in x9.headline


def test_should_fix_5_a_cows_above_36_treated_beside_the_suicide_evaluation_says_no_driving_k8():
    k8 = _rec(ROUTINE, ("cows", COWS_46), ("cssrs_screen", CSSRS_HIGH))
    assert k8.first_step is FirstStep.EMERGENCY_EVALUATION
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert k8.headline.startswith(r32a(K8_START, k8.headline))
    # R30b M4: the hold's own "(the patient must not drive today)" left out of the count
    assert without_holds(k8.headline).count("must not drive") == 1


def test_must_fix_1_every_transfer_lead_says_what_to_do_if_the_patient_declines_d2_k1_x2():
    d2 = recommend({1: 0, 2: 4, 3: 0, 4: 0, 5: 0, 6: 0})
    assert d2.headline.startswith(f"{D2_LEAD} (")
    k1 = _rec({**ROUTINE, 3: 4}, ("cows", COWS_46), ("ciwa_ar", CIWA_14_ITEM_10_AT_1))
    assert k1.headline.startswith(K1_LEAD)
    x2 = _rec({**ROUTINE, 1: 4}, ("cows", COWS_46), ("ciwa_ar", CIWA_14_ITEM_10_AT_1), ("cssrs_screen", CSSRS_HIGH))
    assert x2.headline.startswith(X2_LEAD)
    for r in (d2, k1, x2):
        assert r.first_step is FirstStep.EMERGENCY_EVALUATION
        assert r.headline.count("declines transfer") == 1  # said once
    assert "capacity" not in k1.headline and "capacity" not in x2.headline


# should-fix 4 (case X14): after the review before the first dose, the evaluation named; K8 keeps "for it"
CIWA_ITEM_10_AT_1_ONLY = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
X14_WAITS = "otherwise a prescriber treats withdrawal now, while the patient waits for the suicide evaluation: "


def test_should_fix_4_after_the_review_before_the_first_dose_the_wait_names_the_suicide_evaluation_x14():
    x14 = _rec(ROUTINE, ("cows", COWS_46), ("ciwa_ar", CIWA_ITEM_10_AT_1_ONLY), ("cssrs_screen", CSSRS_HIGH))
    assert "medical review now, before the first dose: " in x14.headline
    assert X14_WAITS in x14.headline
    k8 = _rec(ROUTINE, ("cows", COWS_46), ("cssrs_screen", CSSRS_HIGH))
    assert "a prescriber treats withdrawal now, while the patient waits for it: " in k8.headline


# should-fix 8 (case X3: dimension 3 rated 4, COWS 13-24, CIWA-Ar 14 with item 10 at 1), as K1 and X1 say it
X3_NOTE = (
    "disorientation (item 10 at 2 or more) is complicated withdrawal; if a benzodiazepine is given with buprenorphine "
    "or methadone: monitor sedation and breathing until handover ("
)


def test_should_fix_8_dimension_3_rated_4_beside_both_moderate_withdrawals_monitors_a_benzodiazepine_x3():
    x3 = _rec({**ROUTINE, 3: 4}, ("cows", COWS_14), ("ciwa_ar", CIWA_14_ITEM_10_AT_1))
    assert x3.first_step is FirstStep.EMERGENCY_EVALUATION
    assert X3_NOTE in x3.headline
