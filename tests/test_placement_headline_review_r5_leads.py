"""Physician review R5 (session 11): the suicide lead's prescriber's review while the patient waits for the
evaluation, and no driving beside a COWS above 36 treated now (must-fix 3; should-fix 5). Texts typed by hand from the
reviewer's wording (/work/reviews/r5.md), never computed by iopkit; the reviewer's cases in brackets (K8, K9: the
engineers' extra.py).

Rules and sources: beside high suicide risk (Columbia triage: an immediate emergency evaluation) nothing may imply
that the patient leaves before the evaluation (ruling 3d; R4 must-fix 3); a benzodiazepine given with buprenorphine
or methadone is monitored for sedation and breathing (FDA Drug Safety Communication, 20 Sep 2017) until the
evaluation or handover; a high-risk patient given buprenorphine must not drive (should-fix 5).
"""

from __future__ import annotations

import iopkit
from iopkit.placement import FirstStep, recommend, suggest_dimensions

ROUTINE = {1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}
# COWS (Wesson & Ling 2003): 46, above 36 (severe); 14, 13-24 (moderate)
COWS_46 = [4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 3]
COWS_14 = [2, 2, 3, 2, 2, 2, 2, 2, 1, 1, 0]
# CIWA-Ar (Sullivan 1989): 14 with item 10 at 1 (inattention)
CIWA_14_ITEM_10_AT_1 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 1]
# C-SSRS screener (Posner et al. 2011): questions 1, 2 and 4 yes, high risk
CSSRS_HIGH = ["yes", "yes", "no", "yes", "no", "no", None]

# --- the reviewer's texts --------------------------------------------------------------------------------------------
# must-fix 3 (case K9), the suicide form
K9_REVIEW = (
    "a prescriber's review now, while the patient waits for the suicide evaluation: treat withdrawal as the prescriber "
    "decides, "
)
K9_MONITORING = "monitor sedation and breathing until the evaluation or handover"
# should-fix 5 (case K8), the same order as K9
K8_START = (
    "First: emergency evaluation for suicide risk, with safety precautions until it is done; the patient must not "
    "drive; and a prescriber treats withdrawal now, "
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
    assert k8.headline.startswith(K8_START)
    assert k8.headline.count("must not drive") == 1
