"""Physician review R4 (session 11) of the C-SSRS handover texts: must-fix 1 and its should-fix, should-fix 6, the
texts typed from the review's wording (never computed from the code), one test per finding, on the reviewer's cases
(A1, J3, P4, F2, Q1, E2, P2, P1).

MUST-FIX 1: a refusal of an emergency transfer needs capacity in every lead, not only after complicated withdrawal.
Its SHOULD-FIX: the complicated-withdrawal lead with no withdrawn flag (no refusal branch at all) says one after
"staff with the patient until handover". SHOULD-FIX 6: the dated C-SSRS handover forms say "never assessed" of the
screen, and the dated fallback says it too; the undated forms stay.
"""

from __future__ import annotations

from iopkit import score
from iopkit.flags import Flag
from iopkit.placement import FirstStep, recommend, suggest_dimensions

from .withdrawn_cases import (
    CIWA_13,
    CIWA_21,
    CIWA_ITEM_10_AT_2,
    COWS_46,
    LATE,
    MODERATE,
    NONE,
    PHQ9_ALL_1,
    ROUTINE,
    TAKEN,
    withdrawn_case,
)

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

LOW = ["yes", "no", "no", "no", "no", "no", None]  # question 1 yes only: low risk
CIWA_14_ITEM_10_AT_1 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 1]  # moderate band, inattention (item 10 at 1)

# --- the reviewer's texts --------------------------------------------------------------------------------------------
# must-fix 1
WITH_CAPACITY = (
    "if the patient declines transfer and the prescriber finds and records capacity to decline (without capacity: "
    "transfer by emergency services; with capacity: record the advice given and the risks explained; arrange the "
    "highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and any "
    "supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening): repeat "
    "the screen "
)
PLAIN = "if the patient declines transfer: repeat the screen"
# must-fix 1, its should-fix
NO_REFUSAL_BRANCH = (
    "staff with the patient until handover; if the patient declines transfer: the prescriber assesses and records "
    "capacity to decline (without capacity: transfer by emergency services; with capacity: record the advice given "
    "and the risks explained; arrange the highest level of care the patient accepts; any dose as the prescriber "
    "decides; tell the patient and any supportive person to call emergency services for a seizure, confusion, "
    "hallucinations or any worsening)"
)
# should-fix 6; physician review R23a, finding 7: "never assessed" in the screen's own bracket (before: "... and was
# never assessed")
MODERATE_OF_02_MAR = (
    "the C-SSRS screen of 02 Mar 2026 was moderate risk (method considered, or suicidal behaviour over 3 months ago; "
    "never assessed)"
)
LOW_OF_02_MAR = (
    "the C-SSRS screen of 02 Mar 2026 found a wish to be dead or non-specific suicidal thoughts (never assessed)"
)
OTHER_MESSAGE = "Self-harm disclosed in session (session note of 02 Mar 2026, not resolved)"
OTHER_OF_02_MAR = f"the record shows a suicide-risk finding of 02 Mar 2026 ({OTHER_MESSAGE}), never assessed"
OTHER_UNDATED = "the record shows a suicide-risk finding (Self-harm disclosed in session)"


def _case(store, clock, saved, as_of, scores=(), corrected=NONE, cssrs=True, older=(), ratings=ROUTINE):
    """The reviewer's case (:func:`withdrawn_case`): the recommendation."""
    return withdrawn_case(
        store, clock, saved, as_of, scores, corrected=corrected, cssrs=cssrs, older=older, ratings=ratings
    )[1]


def test_must_fix_1_a_refusal_of_any_transfer_needs_capacity_case_a1_j3_p4_f2_q1(store, clock):
    cases = {
        "A1": _case(store, clock, TAKEN, TAKEN, [("cows", COWS_46), ("ciwa_ar", CIWA_13), ("phq9", PHQ9_ALL_1)]),
        "J3": _case(store, clock, TAKEN, TAKEN, [("cows", COWS_46), ("ciwa_ar", CIWA_14_ITEM_10_AT_1)]),
        "P4": _case(store, clock, TAKEN, TAKEN, [("ciwa_ar", CIWA_21)], ratings={**ROUTINE, 1: 4}),
        "F2": _case(store, clock, TAKEN, TAKEN, [("ciwa_ar", CIWA_21)], corrected=MODERATE),
        "Q1": _case(store, clock, TAKEN, TAKEN, [("ciwa_ar", CIWA_21), ("phq9", PHQ9_ALL_1)], corrected=MODERATE),
    }
    for name, r in cases.items():
        assert r.first_step is FirstStep.EMERGENCY_EVALUATION, name
        assert WITH_CAPACITY in r.headline, name
        assert PLAIN not in r.headline, name


def test_should_fix_of_must_fix_1_the_complicated_withdrawal_lead_says_a_refusal_branch_case_e2_p2(store, clock):
    e2 = _case(store, clock, TAKEN, TAKEN, [("ciwa_ar", CIWA_ITEM_10_AT_2), ("cssrs_screen", LOW)], cssrs=False)
    p2 = _case(store, clock, LATE, LATE, [("ciwa_ar", CIWA_ITEM_10_AT_2)], cssrs=False, older=[("cssrs_screen", LOW)])
    for r in (e2, p2):
        assert r.headline.startswith(
            # R75 3a (was: "arrange transfer now to medically managed withdrawal")
            "First: emergency medical evaluation: arrange transfer now by emergency services to medically managed "
            f"withdrawal (ED, or 4-WM); {NO_REFUSAL_BRANCH}; "
            # physician review R16 (session 15), the ruling on C06 (complicated withdrawal today), the reviewer's words
            "before any dose: screen for delirium (CAM or 4AT) and intoxication (breath alcohol above zero, or signs "
            "of sedative intoxication), give thiamine and check blood glucose; if delirium or intoxication: no dose "
            "here (delirium: to the ED by emergency services; intoxication: "
            # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team (was:
            # "the patient must not drive today)")
            "tell the receiving team at handover the breath alcohol reading or the signs, with the time; the patient "
            "must not drive today); otherwise a prescriber gives a first dose before "
            "transfer if it does not delay the transfer; the patient must not drive; re-assess for seizures or "
            "delirium until handover"
        )
    # with a withdrawn flag (case G2), its handover step says the refusal branch: said once
    g2 = _case(store, clock, LATE, LATE, [("ciwa_ar", CIWA_ITEM_10_AT_2)], older=[("phq9", PHQ9_ALL_1)])
    assert WITH_CAPACITY in g2.headline and NO_REFUSAL_BRANCH not in g2.headline
    assert g2.headline.count("if the patient declines transfer") == 1


def test_should_fix_6_the_dated_cssrs_handover_forms_case_p1_p2(store, clock):
    p1 = _case(store, clock, LATE, LATE, [("ciwa_ar", CIWA_21)], cssrs=False, older=[("cssrs_screen", MODERATE)])
    # R23a findings 2, 7 (c): the first dose before the transfer, the last CIWA-Ar score and any dose first; the comma
    told = "at handover tell the receiving team the last CIWA-Ar score and any dose with its time, that "
    assert f"{told}{MODERATE_OF_02_MAR}, and ask them" in p1.headline
    p2 = _case(store, clock, LATE, LATE, [("ciwa_ar", CIWA_ITEM_10_AT_2)], cssrs=False, older=[("cssrs_screen", LOW)])
    # R65 F2 (was: told, "the last CIWA-Ar score and any dose with its time"): P2's complicated withdrawal screens for
    # delirium (CAM or 4AT); P1's severe CIWA-Ar names no delirium screen and keeps told
    told_screened = (
        "at handover tell the receiving team the last CIWA-Ar score, the delirium screen and any dose with its time, "
        "that "
    )
    assert f"{told_screened}{LOW_OF_02_MAR}, and ask them" in p2.headline
    # physician review R23a, finding 7: "never assessed" in the screen's own bracket now, "(<gloss>; never assessed)"
    # or " (never assessed)", never "and was never assessed" (before: no such bracket at all)
    for r in (p1, p2):
        assert "and was never assessed" not in r.headline
    # the fallback, when dated: "never assessed" too; undated it stays as it is
    ciwa = score("ciwa_ar", CIWA_21)
    dated = Flag("self_harm_disclosed", OTHER_MESSAGE, "critical", calls_for="risk_assessment")
    r = recommend(ROUTINE, suggested=suggest_dimensions([ciwa], today=LATE, older_open_flags=[dated]))
    assert f"{told}{OTHER_OF_02_MAR}, and ask them" in r.headline  # R23a findings 2, 7 (c)
    undated = Flag("self_harm_disclosed", "Self-harm disclosed in session", "critical", calls_for="risk_assessment")
    r = recommend(ROUTINE, suggested=suggest_dimensions([ciwa], older_open_flags=[undated]))
    assert f"{told}{OTHER_UNDATED}, and ask them" in r.headline  # R23a findings 2, 7 (c)
