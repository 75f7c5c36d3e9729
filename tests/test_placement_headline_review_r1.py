"""Physician review R1 (session 11) of the withdrawn C-SSRS flag's headline forms: texts typed from the review's wording
(never computed from the code), one test per finding, on the reviewer's cases (A, B, E, I, M, N, P, R and the re-score
of another day).

MUST-FIX 1: the fallback after a medical review now: the receiving team told in plain words at handover and asked to
repeat the screen; a patient who left contacted now, never "once able to answer"; no driving.
MUST-FIX 2: the on-site form only after a step due now of a score taken today (a re-score now of another day's score
keeps the late correction's "contact the patient now (welfare check if unreachable)" first).
MUST-FIX 3: an emergency leading: the receiving team told at handover (a medical emergency), or the evaluating team told
and their evaluation closing the flag (an emergency evaluation for suicide risk).
MUST-FIX 4: the flag box says no order of its own.
SHOULD-FIX 5: the late correction's date in the reason. 6: "after the first dose" (COWS above 36); "once the medical
review finds the patient able to answer (not delirious or intoxicated)" (CIWA-Ar item 10). 7: the repeated screen and a
same-day suicide risk assessment (PHQ-9 item 9) as one step. 8: safety precautions by phone.

The lowered flag (high risk never closed, lowered by a correction) takes the same forms with "lowered by a correction"
(iopkit's extension of the reviewer's wording, listed for the next review).
"""

from __future__ import annotations

from iopkit.placement import FirstStep
from tests.overdose_words import R32_BRACKET_ESCORTED

from .intoxication_screens import INSISTS_ON_RESCREEN, NOT_CLEARED_COWS, SCREEN_OPIOID_OVERDOSE, STAY, TOLD
from .withdrawn_cases import (
    CIWA_21,
    CIWA_ITEM_10_AT_1,
    CIWA_ITEM_10_AT_2,
    COWS_46,
    LATE,
    NONE,
    PHQ9_ALL_1,
    ROUTINE,
    TAKEN,
    D,
    withdrawn_case,
)

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

LOW = ["yes", "yes", "no", "no", "no", "no", None]  # questions 1-2 yes only: low risk

# --- the reviewer's texts --------------------------------------------------------------------------------------------
WITHDRAWN_SAME_DAY = "(high suicide risk of the C-SSRS screen of 02 Mar 2026 withdrawn by a correction, never closed)"
# should-fix 5
WITHDRAWN_LATE = (
    "(high suicide risk of the C-SSRS screen of 02 Mar 2026 withdrawn by a correction entered on 05 Mar 2026, never "
    "closed)"
)
# must-fix 1
FALLBACK = (
    "if the patient is transferred before able to answer: at handover tell the receiving team that the C-SSRS screen "
    "of 02 Mar 2026 was high risk, was withdrawn by a correction and was never assessed, ask them to repeat it once "
    "the patient is able to answer, and record their result here; if the patient has left or leaves before able to "
    "answer (the patient must not drive): contact the patient now (welfare check if unreachable) and repeat the "
    "screen by phone once the patient is able to answer"
)
# should-fix 8
# physician review R18 (session 16), open question Q1 ruled: the staff clause named (r18.md, its words)
IF_POSITIVE = (
    "if question 4 or 5 is yes, or behaviour was in the past 3 months: safety precautions (a member of staff stays "
    "with the patient; by phone: stay on the line and call emergency services) and an immediate emergency evaluation"
)
# should-fix 6, in physician review R2's word order (R2 should-fix 10)
AFTER_MEDICAL_REVIEW = (
    "; then, once the medical review finds the patient able to answer (not delirious or intoxicated) and before the "
    "patient leaves, repeat the C-SSRS screen "
)
AFTER_FIRST_DOSE = "; then, after the first dose and before the patient leaves, repeat the C-SSRS screen "
# must-fix 3, a medical emergency; the patient who declines transfer in physician review R2's words (R2 should-fix 5),
# with capacity to decline in every lead that arranges a transfer (physician review R4, session 11, must-fix 1)
AT_HANDOVER = (
    "; then, at handover, tell the receiving team that the C-SSRS screen of 02 Mar 2026 was high risk, was withdrawn "
    "by a correction and was never assessed, and ask them to repeat it once the patient is able to answer (do not "
    "delay the transfer for it); record their result here; if the patient declines transfer and the prescriber finds "
    "and records capacity to decline (without capacity: transfer by emergency services; with capacity: record the "
    "advice given and the risks explained; arrange the highest level of care the patient accepts; any dose as the "
    "prescriber decides; tell the patient and any supportive person to call emergency services for a seizure, "
    "confusion, hallucinations or any worsening): repeat the screen with the "
    "patient before the patient leaves if able to answer; if not able to answer or already gone (the patient must not "
    "drive): contact the patient now (welfare check if unreachable) and repeat the screen by phone once able to answer"
)
# must-fix 3, an emergency evaluation for suicide risk
EVALUATING_TEAM = (
    "; then tell the evaluating team that the C-SSRS screen of 02 Mar 2026 was high risk, was withdrawn by a "
    "correction and was never assessed; close this flag with their evaluation."
)
# must-fix 4
BOX_ACTION = "repeat the C-SSRS screen at the step the headline gives it (the corrected screen raises no flag)"
# physician review R2, should-fix 11
INATTENTION_STEP_END = (
    "the patient must not drive until the medical review finds the patient not delirious or intoxicated"
)


def _case(store, clock, saved, as_of, scores=(), ratings=ROUTINE, corrected=NONE, before=()):
    """The reviewer's case (:func:`withdrawn_case`): the placement inputs and the recommendation."""
    episode, rec = withdrawn_case(
        store, clock, saved, as_of, scores, corrected=corrected, before=before, ratings=ratings
    )
    return episode.placement_inputs, rec


def test_must_fix_1_the_fallback_after_a_medical_review_now_case_a_and_b(store, clock):
    for saved, reason in ((TAKEN, WITHDRAWN_SAME_DAY), (LATE, WITHDRAWN_LATE)):
        _, r = _case(store, clock, saved, saved, [("ciwa_ar", CIWA_ITEM_10_AT_1)])
        assert r.first_step is FirstStep.MEDICAL_REVIEW
        assert f"{INATTENTION_STEP_END} (CIWA-Ar item 10 at 1 " in r.headline
        assert f"{AFTER_MEDICAL_REVIEW}{reason}; {FALLBACK}; {IF_POSITIVE}. " in r.headline
        assert "flag is open" not in r.headline and "contact the patient once able" not in r.headline


def test_must_fix_2_a_re_score_of_another_day_keeps_the_late_contact_first(store, clock):
    # the reviewer's case: screen on 02 Mar, CIWA-Ar item 10 at 1 on 04 Mar, late correction entered and read on 05 Mar
    _, r = _case(store, clock, LATE, LATE, before=[(D(2026, 3, 4), "ciwa_ar", CIWA_ITEM_10_AT_1)])
    assert r.headline.startswith(
        f"First: contact the patient now (welfare check if unreachable) and repeat the C-SSRS screen {WITHDRAWN_LATE}; "
        f"{IF_POSITIVE}; then re-score the CIWA-Ar now (last 1 on 04 Mar 2026)"
    )
    assert "once the medical review finds" not in r.headline
    assert r.first_step is FirstStep.RISK_ASSESSMENT  # as the headline says first


def test_must_fix_3_a_medical_emergency_leading_tells_the_receiving_team_at_handover_case_i_m_n(store, clock):
    for saved in (TAKEN, LATE):  # case I (same day), case M (late)
        _, r = _case(store, clock, saved, saved, [("ciwa_ar", CIWA_21)])
        assert r.first_step is FirstStep.EMERGENCY_EVALUATION
        assert r.headline.startswith("First: emergency medical evaluation: arrange transfer now to medically managed")
        assert f"{AT_HANDOVER}; {IF_POSITIVE}. Then, after medically managed withdrawal" in r.headline
        assert "repeat the C-SSRS screen with the patient" not in r.headline
    _, n = _case(store, clock, LATE, LATE, [("ciwa_ar", CIWA_ITEM_10_AT_2)])  # case N
    # physician review R2 (session 11), must-fix 1: case N's lead arranges the transfer (the reviewer's words)
    assert n.headline.startswith(
        # R75 3a (was: "arrange transfer now to medically managed withdrawal")
        "First: emergency medical evaluation: arrange transfer now by emergency services to medically managed "
        "withdrawal (ED, or 4-WM); staff with the patient until handover; "
        # physician review R16 (session 15): the ruling on C06 (the delirium screen and first dose after the lead, the
        # re-assessment after "the patient must not drive"), with should-fix S5's overdose question and hold beside
        # the C-SSRS high (withdrawn by a correction, never assessed: still asked, the conservative reading)
        "before any dose: ask about any overdose or ingestion today and screen for delirium (CAM or 4AT) and "
        "intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood "
        "glucose; if delirium, an overdose or ingestion, or intoxication: no dose here "
        + R32_BRACKET_ESCORTED
        # R65 F2 (was: "...ell the receiving team the last CIWA-Ar score and any dose with its time")
        + "; otherwise a "
        "prescriber gives a first dose before transfer if it "
        "does not delay the transfer; at handover tell the receiving team the last CIWA-Ar score, the delirium screen "
        "and any dose with "
        "its time; the patient must not drive; re-assess for seizures or delirium until handover "
        "(complicated withdrawal: dimension 1 rated 1, "
    )
    # physician review R3 (session 11), must-fix 7: after the complicated-withdrawal lead a refusal counts only with
    # capacity to decline (the reviewer's words; R4, must-fix 1: in every lead, AT_HANDOVER)
    assert f"{AT_HANDOVER}; {IF_POSITIVE}. Then, after medically managed withdrawal" in n.headline


def test_must_fix_3_an_emergency_evaluation_for_suicide_risk_tells_the_evaluating_team_case_r(store, clock):
    _, r = _case(store, clock, LATE, LATE, [("ciwa_ar", CIWA_ITEM_10_AT_1)], {**ROUTINE, 3: 4})
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    assert r.headline.startswith("First: emergency evaluation for suicide risk now: arrange transfer now (ED); ")
    assert f"below the 2 it calls for){EVALUATING_TEAM} Then, as the evaluation decides: Level 4" in r.headline
    assert "contact the patient now" not in r.headline and "by phone" not in r.headline


def test_must_fix_4_the_flag_box_says_no_order_of_its_own_case_a(store, clock):
    inputs, r = _case(store, clock, TAKEN, TAKEN, [("ciwa_ar", CIWA_ITEM_10_AT_1)])
    (box,) = inputs.older_open_flags
    assert box.action == BOX_ACTION
    assert r.headline.startswith("First: medical review now")  # the box no longer says "first"


def test_should_fix_5_the_late_correction_s_date_after_a_medical_review_case_b(store, clock):
    _, r = _case(store, clock, LATE, LATE, [("ciwa_ar", CIWA_ITEM_10_AT_1)])
    assert f"repeat the C-SSRS screen {WITHDRAWN_LATE}; " in r.headline


#: Physician review R36 N3 (with R32 (a) and R33 S1), the reviewer's words: the hold of a COWS dose alone beside a
#: C-SSRS high risk withdrawn by a correction, in a step that names a transfer that may come ("if the patient is
#: transferred before the screen is repeated"): both branches, the repeated C-SSRS screen first before a lift or a taxi
#: (was: "intoxicated: the patient must not drive today)").
OLD_HOLD = "intoxicated: the patient must not drive today)"
RESCREEN_HOLD = (
    f"intoxicated: if transferred, {TOLD}; if not: {STAY}; {NOT_CLEARED_COWS}; the patient must not drive today; "
    f"{INSISTS_ON_RESCREEN})"
)


def test_should_fix_6_after_a_cows_above_36_the_screen_follows_the_first_dose_case_e(store, clock):
    _, r = _case(store, clock, TAKEN, TAKEN, [("cows", COWS_46)])
    assert r.headline.startswith(
        # physician review R16 (session 15), should-fix S5: beside the withdrawn, never-assessed C-SSRS high the
        # screen asks about an overdose or ingestion first (the conservative reading)
        # physician review R36 N3 (with R32 (a), R33 S1): its hold says both branches ("if the patient is transferred
        # before the screen is repeated"), the repeated C-SSRS screen first before a lift or a taxi (RESCREEN_HOLD)
        "First: "
        + SCREEN_OPIOID_OVERDOSE.replace(OLD_HOLD, RESCREEN_HOLD)
        + "a prescriber treats withdrawal now, before the patient leaves: buprenorphine"
    )
    # the fallback after a dose waits for the screen, not for the patient to be able to answer (R2 should-fix 9)
    after_dose = FALLBACK.replace("before able to answer", "before the screen is repeated")
    after_dose = after_dose.replace(" once the patient is able to answer", "")
    # R21 S5: how the patient given a dose on site goes home, before the branches that end the sentence
    home = (
        # R26a S1 as ruled in session 22: the going-home clause re-typed in observable words (POSS levels
        # 1-2; naloxone in hand, the supportive person shown how to use it)
        "; after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
        # R39 S3: the opioid clause introduces no supportive person: "(and any supportive person ...)"
        # R32 S3: a COWS re-score after the last buprenorphine dose no higher than before it (the going-home clause)
        "roused, and has a COWS re-score after the last buprenorphine dose no higher than before it (no precipitated "
        "withdrawal), with naloxone in hand (and any supportive person shown how to use it), and "
        # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
        "the patient and any supportive person told not to add alcohol or other sedatives; otherwise the patient "
        # R43 M1: 'until they are met' -> 'until these conditions are met' ('they' misread as the patient)
        "stays on site until these conditions are met, or a higher level of care is arranged"
    )
    assert f"{AFTER_FIRST_DOSE}{WITHDRAWN_SAME_DAY}{home}; {after_dose}; {IF_POSITIVE}. " in r.headline
    assert "review finds the patient able" not in r.headline


def test_should_fix_7_the_screen_and_a_same_day_assessment_as_one_step_case_p(store, clock):
    _, r = _case(store, clock, TAKEN, TAKEN, [("ciwa_ar", CIWA_ITEM_10_AT_1), ("phq9", PHQ9_ALL_1)])
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    assert (
        f"{INATTENTION_STEP_END} (CIWA-Ar item 10 at 1 (cannot do serial additions or uncertain about date): dimension "
        "1 rated 1, below the 2 it calls for); then, once the medical review finds the patient able to answer (not "
        "delirious or intoxicated) and before the patient leaves, repeat the C-SSRS screen "
        f"{WITHDRAWN_SAME_DAY} and a same-day suicide risk assessment (suicidal ideation (PHQ-9 item 9): dimension 3 "
        "rated 1, below the 2 it calls for); "
    ) in r.headline
    assert f"; {IF_POSITIVE}. " in r.headline  # the fallback joined to the assessment: physician review R2, must-fix 3
    assert r.headline.count("same-day suicide risk assessment") == 1  # said once, with the screen


def test_should_fix_8_safety_precautions_by_phone_where_the_screen_leads(store, clock):
    _, r = _case(store, clock, LATE, LATE)
    assert r.headline.startswith(
        f"First: contact the patient now (welfare check if unreachable) and repeat the C-SSRS screen {WITHDRAWN_LATE}; "
        f"{IF_POSITIVE}. Then, as the repeated screen decides: "
    )


# --- the lowered flag (high risk never closed, lowered to low by a late correction): the same forms -----------------
LOWERED_TOLD = (
    "the C-SSRS screen of 02 Mar 2026 was high risk, was lowered by a correction to low suicide risk and was never "
    "assessed"
)
# physician review R2, should-fix 7 and 6
LOWERED_WHY = (
    "(C-SSRS screen of 02 Mar 2026: high risk, never closed, lowered to low suicide risk by a correction entered on 05 "
    "Mar 2026)"
)
AT_LEAST = (
    "otherwise at least a same-day suicide risk assessment (with the patient, by phone, or by the receiving team at "
    "handover)"
)


def test_a_lowered_flag_takes_the_same_forms(store, clock):
    _, review = _case(store, clock, LATE, LATE, [("ciwa_ar", CIWA_ITEM_10_AT_1)], corrected=LOW)
    fallback = FALLBACK.replace(
        "the C-SSRS screen of 02 Mar 2026 was high risk, was withdrawn by a correction and was never assessed",
        LOWERED_TOLD,
    )
    assert f"{AFTER_MEDICAL_REVIEW}{LOWERED_WHY}; {fallback}; {IF_POSITIVE}; {AT_LEAST}. " in review.headline
    _, transfer = _case(store, clock, LATE, LATE, [("ciwa_ar", CIWA_21)], corrected=LOW)
    at_handover = AT_HANDOVER.replace(
        "the C-SSRS screen of 02 Mar 2026 was high risk, was withdrawn by a correction and was never assessed",
        LOWERED_TOLD,
    )
    assert f"{at_handover}; {IF_POSITIVE}; {AT_LEAST}. " in transfer.headline
    _, evaluation = _case(store, clock, LATE, LATE, ratings={**ROUTINE, 3: 4}, corrected=LOW)
    assert (
        f"; then tell the evaluating team that {LOWERED_TOLD}; close this flag with their evaluation. Then, as the "
        "evaluation decides"
    ) in evaluation.headline
