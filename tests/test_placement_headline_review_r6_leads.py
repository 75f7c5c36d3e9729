"""Physician review R6 (3 Dec 2026): the C-SSRS high-risk lead and box say staff with the patient and what to do if
the patient declines the evaluation or tries to leave (must-fix 4); a conditional transfer has its refusal branch
(must-fix 6); C-SSRS high risk with complicated withdrawal never returns to ambulatory withdrawal management
(must-fix 7); the boxes of dimension 1 or 2 rated 4 and of a severe CIWA-Ar say the refusal branch (should-fix 4); a
severe CIWA-Ar beside a COWS above 36 names the drugs and the benzodiazepine monitoring (should-fix 5). Texts typed
by hand from the reviewer's wording, never computed by iopkit; the reviewer's cases in brackets (K8, X14).

Rules and sources: C-SSRS screener triage (Posner et al. 2011): yes to question 4 or 5, or behaviour within 3 months,
is an immediate evaluation, the patient not left alone; a refused medical transfer counts only with capacity to
decline (R4/R5), the emergency mental-health assessment governs beside suicide risk (R5 must-fix 1 (b)); complicated
withdrawal (CIWA-Ar item 10 at 2 or more) is not managed as ambulatory withdrawal, and alcohol withdrawal delirium is a
medical emergency (ASAM 2020 Alcohol Withdrawal Management guideline); buprenorphine or methadone with a
benzodiazepine: do not withhold, monitor sedation and breathing (FDA Drug Safety Communication, 20 Sep 2017).
"""

from __future__ import annotations

import itertools

import pytest

import iopkit
from iopkit.placement import FirstStep, recommend, suggest_dimensions

from .intoxication_screens import NEXT_TRANSFER, SCREEN_ALCOHOL, SCREEN_OPIOID_OVERDOSE, r32a
from .refusal_branches import AT_4_STAFF_D1, AT_4_STAFF_D2, STAFF_UNTIL_HANDOVER
from .suicide_handover_words import M2_TOLD_TODAY

# R31 M4 (physician review R31, must-fix M4, and S5): an overdose or ingestion held at the screen before a dose:
# call emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose
# (re-typed by /work/scripts/ovd_ed_retype.py).

ROUTINE = {1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}
# COWS (Wesson & Ling 2003): 46, above 36 (severe); 14, 13-24 (moderate)
COWS_46 = [4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 3]
COWS_14 = [2, 2, 3, 2, 2, 2, 2, 2, 1, 1, 0]
# CIWA-Ar (Sullivan et al. 1989), the reviewer's cases: item 10 at 1 (inattention) or 2 (disorientation)
CIWA_21 = [4, 3, 3, 3, 3, 2, 0, 0, 3, 0]
CIWA_22_I1 = [4, 3, 3, 3, 3, 2, 0, 0, 3, 1]
CIWA_14_I1 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 1]
CIWA_13 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 0]
CIWA_I1 = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
CIWA_I2 = [0, 0, 0, 0, 0, 0, 0, 0, 0, 2]
CIWA_5_I2 = [1, 1, 1, 1, 1, 0, 0, 0, 0, 2]
# C-SSRS screener (Posner et al. 2011): questions 1, 2 and 4 yes, high risk; 1, 2 and 3 yes, moderate
HIGH = ["yes", "yes", "no", "yes", "no", "no", None]
MODERATE = ["yes", "yes", "yes", "no", "no", "no", None]

# --- the reviewer's texts --------------------------------------------------------------------------------------------
# must-fix 4
M4_LEAD = (
    "First: emergency evaluation for suicide risk, with safety precautions, staff with the patient, until it is done; "
    "if the patient declines it or tries to leave: staff stay with the patient and call emergency services for an "
    # R75 2 (was: "...(local involuntary-assessment procedure)" at its end)
    "emergency mental-health assessment (local involuntary-assessment procedure); the patient must not drive"
)
K8_LEAD = (
    "First: emergency evaluation for suicide risk, with safety precautions, staff with the patient, until it is done; "
    "if the patient declines it or tries to leave: staff stay with the patient and call emergency services for an "
    "emergency mental-health assessment (local involuntary-assessment procedure); the patient must not drive; and "
    # physician review R16 (session 15), should-fix S5: beside the C-SSRS high the overdose question first
    + SCREEN_OPIOID_OVERDOSE
    + "a "
    "prescriber treats withdrawal now, while the patient waits for it: "
)
CSSRS_HIGH_BOX = (
    "Safety precautions now: do not leave the patient alone; arrange an immediate emergency mental-health evaluation, "
    "which decides any hospitalisation; if the patient declines it or tries to leave: staff stay with the patient and "
    # R75 2 (was: "...(local involuntary-assessment procedure)" at its end)
    "call emergency services for an emergency mental-health assessment (local involuntary-assessment procedure); the "
    "patient must not drive"
)
# must-fix 6
M6_BRANCH = (
    # R76b A (was: "...emergency evaluation: arrange transfer now (ED); staff ...")
    "; if delirium (a complicating condition on the COWS flag): emergency evaluation: arrange transfer now by "
    "emergency services (ED); staff with the patient until handover; if the patient declines transfer: the "
    "prescriber assesses and records capacity to decline (without capacity: transfer by emergency services; with "
    "capacity: record the advice given and the risks explained; arrange the highest level of care the patient "
    "accepts; any dose as the prescriber decides; tell the patient and any supportive person to call emergency "
    "services for a seizure, confusion, hallucinations or any worsening); if intoxicated ("
)
# R26b M1, typed; R65 F2 (was: "the last COWS score and any dose with its time"): X14's step screens for delirium
# (CAM or 4AT)
COWS_DOSED = "the last COWS score, the delirium screen and any dose with its time"
X14_BRANCH = (
    # R22 M2: the C-SSRS high told after the conditional transfer, if transferred
    # R76b A (was: "...emergency evaluation: arrange transfer now (ED); staff ...")
    "; if delirium (a complicating condition on the COWS flag): emergency evaluation: arrange transfer now by "
    "emergency services (ED); staff "
    # R26b M1 (d): the step treats withdrawal (COWS 46 today): the last COWS score and any dose with its time first
    f"with the patient until handover {M2_TOLD_TODAY.replace('team that', f'team {COWS_DOSED}, that')}; "
    # physician review R16 (session 15), should-fix S5: beside the C-SSRS high an overdose holds the dose too
    "if an overdose or ingestion: no dose here (call emergency services for the ED, staff with the patient until "
    "handover, naloxone if signs of opioid overdose); "
    "if intoxicated ("
)
# must-fix 7 (R3's text for the combined lead), the level today's ratings give: Level 1 (Outpatient)
M7_THEN = (
    "Then, as the evaluation decides, and after medically managed withdrawal, reassess all six dimensions for "
    "treatment (on today's ratings at least Level 1 (Outpatient))."
)
# should-fix 4
D1_BOX = (
    "Arrange transfer now (ED, or 4-WM); if the patient declines transfer: the prescriber assesses and records "
    "capacity to decline (without capacity: transfer by emergency services; with capacity: record the advice given "
    "and the risks explained; arrange the highest level of care the patient accepts; any dose as the prescriber "
    "decides; tell the patient and any supportive person to call emergency services for a seizure, confusion, "
    "hallucinations or any worsening); the patient must not drive"
)
D2_BOX = (
    "Arrange transfer now (ED); if the patient declines transfer: the prescriber assesses and records capacity to "
    "decline (without capacity: transfer by emergency services; with capacity: record the advice given and the risks "
    "explained; arrange the highest level of care the patient accepts; any dose as the prescriber decides; tell the "
    "patient and any supportive person to call emergency services for a seizure, confusion, hallucinations or any "
    "worsening); the patient must not drive"
)
SEVERE_CIWA_BOX_START = (
    "Arrange transfer now to medically managed withdrawal (ED, or 3.7-WM/4-WM); if the patient declines transfer: the "
    "prescriber assesses and records capacity to decline (without capacity: transfer by emergency services; with "
    "capacity: record the advice given and the risks explained; arrange the highest level of care the patient "
    "accepts; any dose as the prescriber decides; tell the patient and any supportive person to call emergency "
    "services for a seizure, confusion, hallucinations or any worsening); "
)
# should-fix 5
S5_DOSE = (
    "; "
    + SCREEN_ALCOHOL
    + "a prescriber gives a first dose before transfer if it does not delay the transfer (for the opioid withdrawal: "
    "buprenorphine, or methadone as the COWS flag says); at handover tell the receiving team the last CIWA-Ar and "
    # R23a finding 2: the ruling's words, re-typed
    "COWS scores and any dose with its time; if a benzodiazepine is given with buprenorphine or methadone: "
    "monitor sedation and breathing until handover; the patient must not drive; "
)
DECLINES = "if the patient declines"


def _rec(ratings, *scores):
    return recommend(ratings, suggested=suggest_dimensions([iopkit.score(i, a) for i, a in scores]))


def _flag(rec, code):
    (found,) = (f for f in rec.flags if f.code == code)
    return found


def test_must_fix_4_the_c_ssrs_high_lead_keeps_staff_with_the_patient_and_says_what_to_do_if_the_patient_leaves():
    r = _rec(ROUTINE, ("cssrs_screen", HIGH))
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    assert r.headline.startswith(M4_LEAD + " (high suicide risk (C-SSRS screen)")
    # the chart box says the same branch, so box and headline agree
    assert _flag(r, "suicide_risk_high").action == CSSRS_HIGH_BOX


def test_must_fix_4_a_step_after_the_lead_follows_the_no_driving_clause_k8():
    k8 = _rec(ROUTINE, ("cows", COWS_46), ("cssrs_screen", HIGH))
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert k8.headline.startswith(r32a(K8_LEAD, k8.headline))
    assert k8.headline.count(DECLINES) == 1


def test_must_fix_6_the_conditional_transfer_of_the_review_before_the_first_dose_has_its_refusal_branch():
    r = _rec(ROUTINE, ("cows", COWS_46), ("ciwa_ar", CIWA_I1))
    assert M6_BRANCH in r.headline
    assert r.headline.count(DECLINES) == 1


def test_must_fix_6_beside_c_ssrs_high_the_mental_health_branch_governs_x14():
    x14 = _rec(ROUTINE, ("cows", COWS_46), ("ciwa_ar", CIWA_I1), ("cssrs_screen", HIGH))
    assert x14.headline.startswith(M4_LEAD)
    assert X14_BRANCH in x14.headline
    assert "capacity" not in x14.headline
    assert x14.headline.count(DECLINES) == 1


@pytest.mark.parametrize("d1,ciwa", [(2, CIWA_I2), (1, CIWA_I2), (3, CIWA_I2), (0, CIWA_I2), (2, CIWA_5_I2)], ids=str)
def test_must_fix_7_c_ssrs_high_and_complicated_withdrawal_never_return_to_ambulatory_withdrawal(d1, ciwa):
    r = _rec({**ROUTINE, 1: d1}, ("ciwa_ar", ciwa), ("cssrs_screen", HIGH))
    assert r.headline.endswith(M7_THEN)
    assert "ambulatory withdrawal management" not in r.headline


@pytest.mark.parametrize("dimension,box,staff", [(1, D1_BOX, AT_4_STAFF_D1), (2, D2_BOX, AT_4_STAFF_D2)])
def test_should_fix_4_the_rated_4_boxes_say_the_refusal_branch_as_the_headline_does(dimension, box, staff):
    r = recommend({**ROUTINE, dimension: 4})
    assert _flag(r, f"imminent_danger_d{dimension}").action == box
    # physician review R16 (session 15), the rulings on C22, C23, C30: the headline adds, after the transfer, staff
    # with the patient until handover and the reason told at handover (the box as it was: not asked by R16)
    transfer, branch = box.split("; if the patient declines", 1)
    headline_step = f"{transfer}{staff}; if the patient declines{branch}"
    assert f"First: emergency medical evaluation: {headline_step[:1].lower()}{headline_step[1:]} (" in r.headline


def test_should_fix_4_the_severe_ciwa_ar_box_says_the_refusal_branch_as_the_headline_does():
    r = _rec(ROUTINE, ("ciwa_ar", CIWA_21))
    assert _flag(r, "severe_alcohol_withdrawal").action.startswith(SEVERE_CIWA_BOX_START)
    lead = SEVERE_CIWA_BOX_START[:1].lower() + SEVERE_CIWA_BOX_START[1:]
    # physician review R16 (session 15), should-fix S8: the headline adds staff with the patient until handover after
    # the transfer (the box as it was: S8 asks it of the headline, C04's first step)
    lead = lead.replace("3.7-WM/4-WM); if", f"3.7-WM/4-WM){STAFF_UNTIL_HANDOVER}; if")
    assert r.headline.startswith(f"First: emergency medical evaluation: {lead}")
    assert r.headline.count(DECLINES) == 1


def test_should_fix_5_a_severe_ciwa_ar_beside_a_cows_above_36_names_the_drugs_and_the_monitoring():
    r = _rec(ROUTINE, ("cows", COWS_46), ("ciwa_ar", CIWA_21))
    # physician review R32 (a) (its four settings): the severe CIWA-Ar's transfer now: the hold tells the receiving team
    # (physician review R35 S1/M2, R36 N1: typed, the headline's unconditional transfer read, not "before transfer")
    held = S5_DOSE.replace("(the patient must not drive today)", f"({NEXT_TRANSFER})")
    assert held != S5_DOSE
    assert held in r.headline
    assert r.headline.count("monitor sedation and breathing") == 1


# --- the sweep (the reviewer's grid, point 5, thinned to keep the run short) ---------------------------------------
COWS_OPTIONS = (None, COWS_14, COWS_46)
CIWA_OPTIONS = (None, CIWA_I1, CIWA_I2, CIWA_13, CIWA_14_I1, CIWA_21, CIWA_22_I1, CIWA_5_I2)
CSSRS_OPTIONS = (None, HIGH, MODERATE)
GRID = list(itertools.product(range(5), (0, 4), (1, 2, 4), COWS_OPTIONS, CIWA_OPTIONS, CSSRS_OPTIONS))


def _sweep():
    cache: dict = {}

    def score(instrument, answers):
        key = (instrument, tuple(answers))
        if key not in cache:
            cache[key] = iopkit.score(instrument, answers)
        return cache[key]

    for d1, d2, d3, cows, ciwa, cssrs in GRID:
        scores = [score(i, a) for i, a in (("cows", cows), ("ciwa_ar", ciwa), ("cssrs_screen", cssrs)) if a]
        r = recommend({**ROUTINE, 1: d1, 2: d2, 3: d3}, suggested=suggest_dimensions(scores))
        yield (d1, d2, d3, cows, ciwa, cssrs), r.headline


@pytest.fixture(scope="module")
def swept():
    return list(_sweep())


def test_sweep_every_c_ssrs_high_lead_has_staff_with_the_patient_and_a_refusal_or_leaving_branch(swept):
    wrong = [
        case
        for case, headline in swept
        if case[5] is HIGH
        and not ("staff with the patient" in headline.split(". Then")[0] and "tries to leave" in headline)
    ]
    assert not wrong, wrong[:3]


def test_sweep_every_transfer_conditional_or_not_has_one_refusal_branch(swept):
    # a refusal branch: the capacity test, or the mental-health one ("tries to leave") where it covers the transfer
    wrong = [
        case
        for case, headline in swept
        if "arrange transfer now" in headline
        and (headline.count(DECLINES) != 1 or not ("declines transfer" in headline or "tries to leave" in headline))
    ]
    assert not wrong, wrong[:3]


def test_sweep_no_plan_after_complicated_withdrawal_returns_to_ambulatory_withdrawal_management(swept):
    wrong = [
        case
        for case, headline in swept
        if case[4] in (CIWA_I2, CIWA_5_I2) and "ambulatory withdrawal management" in headline.partition(". Then")[2]
    ]
    assert not wrong, wrong[:3]
