"""Physician review R3 (session 11): the emergency leads, the dose and delirium texts, "until handover" and the
no-driving clause (must-fix 2, 3, 4; should-fix 9, 10, 11). Texts typed by hand from the reviewer's wording,
never computed by iopkit; the reviewer's cases in brackets (the reviewer's case names).

Rules and sources: alcohol withdrawal alongside a COWS above 36 is a complicating condition on the COWS flag (ASAM
2020 OUD guideline; ASAM 2020 alcohol withdrawal guideline, Rec VII.5, VII.8), and beside today's C-SSRS high risk
(Columbia triage: an immediate emergency evaluation) the two emergencies are one evaluation with a transfer, never
two without one (must-fix 2); inattention (CIWA-Ar item 10 at 1) may be early delirium or intoxication, so the screen,
thiamine and glucose come before any dose (CAM, Inouye 1990; 4AT, Bellelli et al. 2014; Schabelman & Kuo 2012;
must-fix 3), delirium is an emergency with a transfer and an intoxicated patient gets no agonist or benzodiazepine
(FDA Drug Safety Communication, 20 Sep 2017: respiratory depression; must-fix 4); a transfer keeps watch until
handover (should-fix 9, 10); "the patient must not drive" is never followed by a weaker conditional (should-fix 11).
"""

from __future__ import annotations

import pytest

import iopkit
from iopkit.placement import FirstStep, recommend, suggest_dimensions
from tests.overdose_words import R32_BRACKET_ESCORTED

from .intoxication_screens import NEXT_TRANSFER, SCREEN_ALCOHOL_OVERDOSE, SUICIDE_WAIT, TOLD, r32a
from .refusal_branches import MEDICAL_DECLINES, MENTAL_HEALTH_DECLINES

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

ROUTINE = {1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}
# COWS (Wesson & Ling 2003): 46, above 36 (severe)
COWS_46 = [4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 3]
# CIWA-Ar (Sullivan 1989): 13, moderate; 14 with item 10 at 1 (inattention); item 10 at 1 alone; 21, severe; 22,
# severe with item 10 at 1
CIWA_13 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 0]
CIWA_14_ITEM_10_AT_1 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 1]
CIWA_ITEM_10_AT_1 = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
CIWA_21 = [4, 3, 3, 3, 3, 2, 0, 0, 3, 0]
CIWA_22_ITEM_10_AT_1 = [4, 3, 3, 3, 3, 2, 0, 0, 3, 1]
# C-SSRS screener (Posner et al. 2011): questions 1, 2 and 4 yes, high risk
CSSRS_HIGH = ["yes", "yes", "no", "yes", "no", "no", None]

# --- the reviewer's texts --------------------------------------------------------------------------------------------
# must-fix 2 (case B1), the reviewer's replacement, n = 13
BOTH_LEAD = (
    "First: emergency evaluation now, for suicide risk and for severe opioid withdrawal with alcohol withdrawal "
    "alongside (CIWA-Ar 13 today), a complicating condition on the COWS flag: arrange transfer now (ED); safety "
    "precautions, staff with the patient, until handover"
    + MENTAL_HEALTH_DECLINES
    + "; the patient must not drive; "
    # physician review R16 (session 15), should-fix S5: beside the C-SSRS high the overdose question first
    + SCREEN_ALCOHOL_OVERDOSE
    + "a prescriber gives a first dose "
    "before transfer if it does not delay the transfer (buprenorphine, or methadone as the COWS flag says; for alcohol "
    "withdrawal, medication at a CIWA-Ar of 10 or more); if a benzodiazepine is given with buprenorphine or methadone: "
    "monitor sedation and breathing until handover"
)
BOTH_THEN = (
    "Then, as the evaluation decides, and after medically managed withdrawal, reassess all six dimensions for "
    "treatment (on today's ratings at least Level 1 (Outpatient))."
)
# physician review R21 (session 19), should-fix S7: the C-SSRS high told to the receiving team at handover (its words)
# R22 S2: ", without delaying the transfer", never two brackets in a row
S7_TOLD = (
    # R23a finding 2: the step's first dose before the transfer (COWS 46, CIWA-Ar 13): the last scores and dose first
    "; at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time, that today's "
    "C-SSRS screen was high risk, without delaying the transfer"
)
# the basis every headline carries (the reasons bracket), between the reviewer's lead and its "Then"
B1_REASONS = (
    " (high suicide risk (C-SSRS screen): dimension 3 rated 1, below the 4 it calls for; COWS above 36 (severe opioid "
    "withdrawal), CIWA-Ar in the moderate withdrawal band: dimension 1 rated 1, below the 2 they call for). "
)
OLD_FORM = "emergency evaluation: alcohol withdrawal alongside"
# must-fix 3 (case J2): "before any dose" put before the dose of the COWS-alongside lead
J2_LEAD = (
    "First: emergency evaluation now: severe opioid withdrawal with alcohol withdrawal alongside (CIWA-Ar 14 today), a "
    "complicating condition on the COWS flag: arrange transfer now (ED, or 3.7-WM/4-WM)"
    + "; staff with the patient until handover"  # R46 Q4: staff with the patient on every path, straight after it
    + MEDICAL_DECLINES
    + "; before any dose: screen for "
    "delirium (CAM or 4AT) and intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    "thiamine and check blood glucose; if delirium or intoxication: no dose here, staff with the patient until "
    "handover (delirium: to the ED by emergency services; intoxication: the patient must not drive today); otherwise "
    "a prescriber gives a first dose "
    "before transfer if it does not delay the transfer (buprenorphine, or methadone as the COWS flag says; for alcohol "
    "withdrawal, medication at a CIWA-Ar of 10 or more)"
)
# physician review R32 (a) (its four settings): beside a transfer now the hold tells the receiving team (r32a reads
# "arrange transfer now" in the hold's sentence; was: "intoxicated: the patient must not drive today)")
BOTH_LEAD_R32 = r32a(BOTH_LEAD)
J2_LEAD_R32 = r32a(J2_LEAD)
#: Physician review R35 M1: beside a C-SSRS high risk (standing among the case's flags) every hold waits with staff,
#: transfer arranged or not (R34 S1: "the scores" beside both withdrawals, here COWS 46 and a CIWA-Ar flag).
SUICIDE_WAIT_BOTH = SUICIDE_WAIT.replace("the score ", "the scores ")
#: Physician review R35 S2: CIWA-Ar item 10's own hold where its step may transfer (the delirium branch) tells the
#: receiving team if transferred (the reviewer's words).
ITEM10_HOLD = f"(the patient must not drive today; if transferred: {TOLD})"
# must-fix 4 (text a, cases B4, N8): the branch that replaces "if delirium: emergency evaluation (...); otherwise ..."
# (physician review R6, must-fix 6: "if delirium (a complicating condition on the COWS flag): ...", refusal branch)
TEXT_A_BRANCH = (
    # R76b A (was: "...emergency evaluation: arrange transfer now (ED); staff ...")
    "; if delirium (a complicating condition on the COWS flag): emergency evaluation: arrange transfer now by "
    "emergency services (ED); staff with the patient until handover; if the patient declines transfer: the "
    "prescriber assesses and records capacity to decline (without capacity: transfer by emergency services; with "
    "capacity: record the advice given and the risks explained; arrange the highest level of care the patient "
    "accepts; any dose as the prescriber decides; tell the patient and any supportive person to call emergency "
    "services for a seizure, confusion, hallucinations or any worsening); if intoxicated (breath alcohol above "
    "zero, or signs of sedative intoxication): no buprenorphine, methadone or benzodiazepine until it clears and the "
    "review is repeated (the patient must not drive today); "
    "otherwise a prescriber treats withdrawal now, "
)
# physician review R35 S2: item 10's hold beside the delirium branch's transfer tells the receiving team if transferred
TEXT_A_BRANCH_R35 = TEXT_A_BRANCH.replace("(the patient must not drive today)", ITEM10_HOLD)
# should-fix 9, 10, 11
SEIZURES_UNTIL_HANDOVER = "re-assess for seizures or delirium until handover"
SEIZURES_BEFORE_LEAVING = "re-assess for seizures or delirium before the patient leaves"
SEDATION_UNTIL_HANDOVER = "monitor sedation and breathing until handover"
SEDATION_ON_SITE = "monitor sedation and breathing while the patient is on site"
NO_DRIVING = "the patient must not drive"
NO_DRIVING_UNTIL = "the patient must not drive until the medical review finds"


def _rec(ratings, *scores):
    return recommend(ratings, suggested=suggest_dimensions([iopkit.score(i, a) for i, a in scores]))


def test_must_fix_2_suicide_risk_and_a_cows_above_36_with_alcohol_alongside_are_one_evaluation_with_transfer_b1():
    r = _rec(ROUTINE, ("cows", COWS_46), ("ciwa_ar", CIWA_13), ("cssrs_screen", CSSRS_HIGH))
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    # physician review R35 M1: the C-SSRS high risk standing, the hold waits with staff (was, by r32a of the lead's
    # "arrange transfer now": "intoxicated: tell the receiving team at handover ...; the patient must not drive today")
    lead = BOTH_LEAD_R32.replace(f"intoxicated: {NEXT_TRANSFER})", f"intoxicated: {SUICIDE_WAIT_BOTH})")
    assert lead != BOTH_LEAD_R32
    assert r.headline == f"{lead}{S7_TOLD}{B1_REASONS}{BOTH_THEN}"  # R21 S7
    # the old lead with no transfer: gone, with its PAWSS line and ambulatory plan
    assert OLD_FORM not in r.headline
    assert "PAWSS" not in r.headline and "1-WM" not in r.headline


@pytest.mark.parametrize(
    "ratings",
    [ROUTINE, {**ROUTINE, 1: 2, 3: 3}, {**ROUTINE, 3: 4}, {**ROUTINE, 1: 4}, {**ROUTINE, 2: 4}, {**ROUTINE, 1: 0}],
    ids=["rated 1", "rated 2 and 3", "d3 rated 4", "d1 rated 4", "d2 rated 4", "d1 rated 0"],
)
@pytest.mark.parametrize("ciwa", [CIWA_13, CIWA_14_ITEM_10_AT_1], ids=["CIWA-Ar 13", "CIWA-Ar 14, item 10 at 1"])
@pytest.mark.parametrize("cssrs", [None, CSSRS_HIGH], ids=["no C-SSRS", "C-SSRS high"])
def test_must_fix_2_the_old_emergency_form_with_no_transfer_is_reached_by_no_path(ratings, ciwa, cssrs):
    scores = [("cows", COWS_46), ("ciwa_ar", ciwa)] + ([("cssrs_screen", cssrs)] if cssrs else [])
    r = _rec(ratings, *scores)
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    assert OLD_FORM not in r.headline
    assert "arrange transfer now" in r.headline.split(". Then")[0]


def test_must_fix_3_beside_item_10_at_1_the_cows_alongside_lead_screens_before_any_dose_j2():
    r = _rec(ROUTINE, ("cows", COWS_46), ("ciwa_ar", CIWA_14_ITEM_10_AT_1))
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    assert r.headline.startswith(f"{J2_LEAD_R32}; ")
    assert r.headline.index("before any dose") < r.headline.index("a prescriber gives a first dose")


def test_must_fix_3_the_combined_lead_screens_before_any_dose_too():
    r = _rec(ROUTINE, ("cows", COWS_46), ("ciwa_ar", CIWA_14_ITEM_10_AT_1), ("cssrs_screen", CSSRS_HIGH))
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    # physician review R4 (session 11), should-fix 7: the suicide form says "staff with the patient" once, in its
    # transfer, so its screen reads "if delirium or intoxication: no dose here; otherwise ..." (typed)
    # physician review R16 (session 15), should-fix S5: beside the C-SSRS high the overdose question and its hold
    before_any_dose = (
        "before any dose: ask about any overdose or ingestion today and screen for delirium (CAM or 4AT) and "
        "intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood "
        "glucose; if delirium, an overdose or ingestion, or intoxication: no dose here "
        # physician review R35 M1: beside the C-SSRS high risk the intoxicated patient waits with staff (was: "tell the
        # receiving team at handover ...; the patient must not drive today")
        + R32_BRACKET_ESCORTED.replace(NEXT_TRANSFER, SUICIDE_WAIT_BOTH)
        + "; "
    )
    assert f"the patient must not drive; {before_any_dose}otherwise a prescriber gives a first dose" in r.headline


def test_must_fix_4_the_review_before_the_first_dose_acts_on_delirium_and_intoxication_n8():
    r = _rec(ROUTINE, ("cows", COWS_46), ("ciwa_ar", CIWA_ITEM_10_AT_1))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    assert TEXT_A_BRANCH_R35 in r.headline  # physician review R35 S2
    assert "if delirium: emergency evaluation (a complicating condition on the COWS flag)" not in r.headline
    # the rest of text a is kept (the reviewer: fine): the causes, the re-score within 1 hour, the driving clause
    assert "re-score the CIWA-Ar within 1 hour" in r.headline and NO_DRIVING_UNTIL in r.headline


@pytest.mark.parametrize(
    "ratings, ciwa",
    [(ROUTINE, CIWA_21), ({**ROUTINE, 1: 4}, CIWA_21), ({**ROUTINE, 2: 4}, CIWA_21)],
    ids=["severe CIWA-Ar (case 4, W3)", "d1 rated 4", "d2 rated 4"],
)
def test_should_fix_9_a_transfer_re_assesses_seizures_or_delirium_until_handover(ratings, ciwa):
    r = _rec(ratings, ("ciwa_ar", ciwa))
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    assert SEIZURES_UNTIL_HANDOVER in r.headline
    assert SEIZURES_BEFORE_LEAVING not in r.headline
    (severe,) = (f for f in r.flags if f.code == "severe_alcohol_withdrawal")
    assert severe.action.endswith(f"; {SEIZURES_UNTIL_HANDOVER}")


@pytest.mark.parametrize(
    "ratings, cssrs",
    [({**ROUTINE, 3: 4}, CSSRS_HIGH), ({**ROUTINE, 3: 4}, None), ({**ROUTINE, 1: 4}, None)],
    ids=["B2: C-SSRS high, d3 rated 4", "B4: d3 rated 4", "B5: d1 rated 4"],
)
def test_should_fix_10_a_transfer_at_a_rating_of_4_monitors_sedation_until_handover(ratings, cssrs):
    scores = [("cows", COWS_46), ("ciwa_ar", CIWA_13)] + ([("cssrs_screen", cssrs)] if cssrs else [])
    r = _rec(ratings, *scores)
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    told = S7_TOLD if cssrs else ""  # R21 S7: beside the C-SSRS high its handover, last in the first step
    # R26b M2 (b): dimension 3 rated 4: why, first in the clause
    told = told.replace("team the last", "team why dimension 3 was rated 4 (what the patient said or did), the last")
    assert (
        f"; if a benzodiazepine is given with buprenorphine or methadone: {SEDATION_UNTIL_HANDOVER}{told} ("
        in r.headline
    )
    assert SEDATION_ON_SITE not in r.headline


@pytest.mark.parametrize(
    "ratings, ciwa",
    [({**ROUTINE, 3: 4}, CIWA_ITEM_10_AT_1), (ROUTINE, CIWA_22_ITEM_10_AT_1)],
    ids=["N4: d3 rated 4", "severe CIWA-Ar with item 10 at 1"],
)
def test_should_fix_11_no_weaker_second_no_driving_clause(ratings, ciwa):
    r = _rec(ratings, ("ciwa_ar", ciwa))
    first = r.headline.split(". Then")[0]
    assert f"; {NO_DRIVING};" in first
    assert NO_DRIVING_UNTIL not in r.headline
    # the item 10 review itself is still said or listed: its screen is not dropped with the clause
    assert "CIWA-Ar item 10 at 1" in r.headline
