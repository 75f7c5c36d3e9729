"""Physician review R3 (session 11) of the C-SSRS/PHQ-9 handover texts: must-fix 1, 5, 6, 7 and should-fix 8, 12, the
texts typed from the review's wording (never computed from the code), one test per finding, on the reviewer's cases
(A1, M2, G1, G2, G3, F1, F3, E1, E2, M1, Z2, 7).

MUST-FIX 1: the PHQ-9 item 9 is handed over after the COWS-above-36-with-alcohol-alongside lead beside a withdrawn or
lowered C-SSRS flag. 5: a PHQ-9 of another day is named by its day, never "today's". 6: a flag lowered to moderate,
and today's C-SSRS moderate at handover: "with safety planning". 7: after the complicated-withdrawal lead a refusal of
the transfer counts only with capacity to decline. SHOULD-FIX 8: each C-SSRS code its own handover words. 12: no
second "otherwise at least a same-day suicide risk assessment" where the assessment is joined to the screen.
"""

from __future__ import annotations

import json

from iopkit import score
from iopkit.flags import Flag
from iopkit.placement import FirstStep, Recommendation, recommend, suggest_dimensions

from .withdrawn_cases import (
    CIWA_13,
    CIWA_21,
    CIWA_ITEM_10_AT_1,
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

LOW = ["yes", "yes", "no", "no", "no", "no", None]  # questions 1-2 yes only: low risk

# --- the reviewer's texts --------------------------------------------------------------------------------------------
# must-fix 1 (R2 must-fix 2's merged form, and text b's "declines transfer" form with the assessment)
MERGED = (
    "was never assessed, and that today's PHQ-9 item 9 was positive, and ask them to repeat the screen and assess "
    "suicide risk once the patient is able to answer"
)
# (with capacity to decline in every lead that arranges a transfer: physician review R4, session 11, must-fix 1)
DECLINES_WITH_ASSESSMENT = (
    "if the patient declines transfer and the prescriber finds and records capacity to decline (without capacity: "
    "transfer by emergency services; with capacity: record the advice given and the risks explained; arrange the "
    "highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and any "
    "supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening): repeat "
    "the screen and the suicide risk assessment with the patient before the "
    "patient leaves if able to answer"
)
# must-fix 5
PHQ9_OF_02_MAR = "the PHQ-9 item 9 of 02 Mar 2026 was positive (never assessed)"
# must-fix 6
AT_LEAST_PLANNED = (
    "otherwise at least a same-day suicide risk assessment with safety planning (with the patient, by phone, or by the "
    "receiving team at handover)"
)
CHART_PLANNED = (
    "and at least a same-day suicide risk assessment with safety planning (the screen it replaced was high risk, never "
    "assessed)"
)
# must-fix 7
WITH_CAPACITY = (
    "if the patient declines transfer and the prescriber finds and records capacity to decline (without capacity: "
    "transfer by emergency services; with capacity: record the advice given and the risks explained; arrange the "
    "highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and any "
    "supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening): repeat "
    "the screen and the suicide risk assessment with the patient before the "
    "patient leaves if able to answer; "
)
# should-fix 8
TOLD_MODERATE = "today's C-SSRS screen was moderate risk (method considered, or suicidal behaviour over 3 months ago)"
TOLD_LOW = "today's C-SSRS screen found a wish to be dead or non-specific suicidal thoughts"
TOLD_OTHER = "the record shows a suicide-risk finding (Self-harm disclosed in session)"
# should-fix 12
ABOVE = "otherwise the same-day suicide risk assessment above"


def _case(store, clock, saved, as_of, scores=(), corrected=NONE, cssrs=True, older=()):
    """The reviewer's case (:func:`withdrawn_case`): the episode and the recommendation."""
    return withdrawn_case(store, clock, saved, as_of, scores, corrected=corrected, cssrs=cssrs, older=older)


def test_must_fix_1_the_phq9_is_handed_over_after_the_cows_alongside_lead_case_a1_a2_m2(store, clock):
    for saved, corrected in ((TAKEN, NONE), (LATE, NONE), (TAKEN, LOW)):  # case A1, A2 (withdrawn), M2 (lowered)
        _, r = _case(
            store, clock, saved, saved, [("cows", COWS_46), ("ciwa_ar", CIWA_13), ("phq9", PHQ9_ALL_1)], corrected
        )
        assert r.first_step is FirstStep.EMERGENCY_EVALUATION
        assert r.headline.startswith(
            "First: emergency evaluation now: severe opioid withdrawal with alcohol withdrawal"
        )
        assert MERGED in r.headline
        assert DECLINES_WITH_ASSESSMENT in r.headline


CIWA_TOLD = "at handover tell the receiving team the last CIWA-Ar score and any dose with its time, that "
#: R65 F2: a text that screens for delirium (CIWA-Ar item 10 at 2 today) tells the screen at handover (was: CIWA_TOLD)
CIWA_TOLD_SCREENED = (
    "at handover tell the receiving team the last CIWA-Ar score, the delirium screen and any dose with its time, that "
)


def test_must_fix_5_a_phq9_of_another_day_is_named_by_its_day_case_g1_g2_g3(store, clock):
    phq9 = [("phq9", PHQ9_ALL_1)]
    _, g1 = _case(store, clock, LATE, LATE, [("ciwa_ar", CIWA_21)], cssrs=False, older=phq9)
    # R23a findings 2, 7 (c): the severe CIWA-Ar's first dose before the transfer: the last CIWA-Ar score and any dose
    # first in the handover; the comma before the request
    assert f"{CIWA_TOLD}{PHQ9_OF_02_MAR}, and ask them" in g1.headline
    _, g2 = _case(store, clock, LATE, LATE, [("ciwa_ar", CIWA_ITEM_10_AT_2)], older=phq9)
    assert f"and that {PHQ9_OF_02_MAR}, and ask them to repeat the screen" in g2.headline
    _, g3 = _case(store, clock, LATE, LATE, [("cows", COWS_46)], older=phq9)
    assert f"and that {PHQ9_OF_02_MAR}, ask them to repeat the screen" in g3.headline
    # an open flag of an earlier PHQ-9 (02 Mar 2026), today's PHQ-9 negative: its day too
    _, opened = _case(store, clock, LATE, LATE, [("phq9", [0] * 9), ("ciwa_ar", CIWA_21)], cssrs=False, older=phq9)
    assert f"{CIWA_TOLD}{PHQ9_OF_02_MAR}, and ask them" in opened.headline  # R23a findings 2, 7 (c)
    for r in (g1, g2, g3, opened):
        assert "today's PHQ-9" not in r.headline
    # the day is kept when the decision is saved and read back
    assert Recommendation.from_dict(json.loads(json.dumps(g1.to_dict()))).headline == g1.headline
    # on the day itself: "today's" (the reviewer's words)
    _, w3 = _case(store, clock, TAKEN, TAKEN, [("ciwa_ar", CIWA_21), ("phq9", PHQ9_ALL_1)], cssrs=False)
    assert f"{CIWA_TOLD}today's PHQ-9 item 9 was positive, and ask them" in w3.headline  # R23a findings 2, 7 (c)


def test_must_fix_6_lowered_to_moderate_and_moderate_at_handover_keep_safety_planning_case_f1_f3_e1_m1(store, clock):
    for saved in (LATE, TAKEN):  # case F1 (late), F3 (same day)
        episode, r = _case(store, clock, saved, saved, corrected=MODERATE)
        assert f"; {AT_LEAST_PLANNED}. Then, as the repeated screen decides" in r.headline
        (lowered,) = (f for f in episode.open_flags if f.flag.code == "suicide_risk_moderate")
        assert CHART_PLANNED in lowered.said
    _, f2 = _case(store, clock, TAKEN, TAKEN, [("ciwa_ar", CIWA_21)], corrected=MODERATE)  # case F2
    assert f"; {AT_LEAST_PLANNED}. Then, after medically managed withdrawal" in f2.headline
    for cows in ((), (("cows", COWS_46),)):  # case E1, case M1: today's C-SSRS moderate at handover
        ciwa = ("ciwa_ar", CIWA_13 if cows else CIWA_21)
        _, r = _case(store, clock, TAKEN, TAKEN, [*cows, ciwa, ("cssrs_screen", MODERATE)], cssrs=False)
        assert "ask them for a suicide risk assessment with safety planning once the patient is able to answer" in (
            r.headline
        )
    # lowered to low keeps R2's words, no safety planning
    _, low = _case(store, clock, LATE, LATE, corrected=LOW)
    assert "safety planning" not in low.headline


def test_must_fix_7_after_complicated_withdrawal_a_refusal_needs_capacity_case_z2_g2(store, clock):
    _, z2 = _case(store, clock, TAKEN, TAKEN, [("ciwa_ar", CIWA_ITEM_10_AT_2), ("phq9", PHQ9_ALL_1)])
    # R75 3a (was: "arrange transfer now to medically managed")
    assert z2.headline.startswith(
        "First: emergency medical evaluation: arrange transfer now by emergency services to medically managed"
    )
    assert WITH_CAPACITY in z2.headline
    # a severe CIWA-Ar's transfer too, since physician review R4 (session 11), must-fix 1: in every lead
    _, z1 = _case(store, clock, LATE, LATE, [("ciwa_ar", CIWA_21), ("phq9", PHQ9_ALL_1)])
    assert f"{DECLINES_WITH_ASSESSMENT}; " in z1.headline and "if the patient declines transfer: " not in z1.headline


def test_should_fix_8_each_code_its_own_handover_words_case_e1_e2(store, clock):
    _, e1 = _case(store, clock, TAKEN, TAKEN, [("ciwa_ar", CIWA_21), ("cssrs_screen", MODERATE)], cssrs=False)
    assert f"{CIWA_TOLD}{TOLD_MODERATE}, and ask them" in e1.headline  # R23a findings 2, 7 (c)
    _, e2 = _case(store, clock, TAKEN, TAKEN, [("ciwa_ar", CIWA_ITEM_10_AT_2), ("cssrs_screen", LOW)], cssrs=False)
    assert f"{CIWA_TOLD_SCREENED}{TOLD_LOW}, and ask them" in e2.headline  # R23a findings 2, 7 (c); R65 F2
    for r in (e1, e2):
        assert "the record shows:" not in r.headline
    # a finding without its own words (an open flag calling for a risk assessment)
    other = Flag("self_harm_disclosed", "Self-harm disclosed in session", "critical", calls_for="risk_assessment")
    ciwa = score("ciwa_ar", CIWA_21)
    r = recommend(ROUTINE, suggested=suggest_dimensions([ciwa], older_open_flags=[other]))
    assert f"{CIWA_TOLD}{TOLD_OTHER}, and ask them" in r.headline  # R23a findings 2, 7 (c)


def test_should_fix_12_no_second_assessment_where_it_is_joined_case_7(store, clock):
    _, r = _case(store, clock, LATE, LATE, [("ciwa_ar", CIWA_ITEM_10_AT_1), ("phq9", PHQ9_ALL_1)], corrected=LOW)
    assert "and a same-day suicide risk assessment (suicidal ideation" in r.headline
    assert f"; {ABOVE}. " in r.headline
    assert "otherwise at least a same-day suicide risk assessment" not in r.headline
