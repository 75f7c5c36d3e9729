"""Physician review R2 (session 11) of the C-SSRS/PHQ-9 steps beside a transfer or a step due now, the lowered flag's
forms and the CIWA-Ar item 10 driving advice: texts typed from the review's wording (never computed from the code), one
test per finding, on the reviewer's cases (Z1, Z2, W2, W3, P, 8, 9, V, 1, 3, A, I).

MUST-FIX 2: a PHQ-9 item 9 same-day suicide risk assessment beside a transfer is handed over: alone, "; at handover tell
the receiving team that today's PHQ-9 item 9 was positive ..."; beside a withdrawn C-SSRS flag, in that flag's handover.
MUST-FIX 3: the fallback when the repeated screen is joined to the assessment keeps the assessment.
SHOULD-FIX 5: the patient who declines transfer. 6: who does the lowered flag's least step. 7: the lowered reason
bracket. 8: the lowered flag's box and chart agree with the headline. 9: after a dose, "before the screen is repeated".
10: one word order. 11: no driving until the medical review finds the patient not delirious or intoxicated.

Where two findings meet (must-fix 2 with should-fix 5: a patient declining transfer with a PHQ-9 item 9 to hand over;
must-fix 3 with should-fix 9: the joined fallback after a dose) the texts combine both findings' words; these
combinations are iopkit's, listed for the next review.
"""

from __future__ import annotations

from iopkit import score
from iopkit.placement import FirstStep

from .withdrawn_cases import (
    CIWA_21,
    CIWA_ITEM_10_AT_1,
    CIWA_ITEM_10_AT_2,
    COWS_46,
    LATE,
    NONE,
    PHQ9_ALL_1,
    TAKEN,
    withdrawn_case,
)

LOW = ["yes", "yes", "no", "no", "no", "no", None]  # questions 1-2 yes only: low risk

# --- the reviewer's texts --------------------------------------------------------------------------------------------
# must-fix 2, without a withdrawn flag
PHQ9_AT_HANDOVER = (
    # R23a finding 7 (c), (d): the ruling's words, re-typed
    "; at handover tell the receiving team that today's PHQ-9 item 9 was positive, and ask them for a suicide risk "
    "assessment once the patient is able to answer, without delaying the transfer"
)
# must-fix 2, with a withdrawn flag (its first part), then should-fix 5 with the assessment (iopkit's combination)
MERGED_HANDOVER = (
    "; then, at handover, tell the receiving team that the C-SSRS screen of 02 Mar 2026 was high risk, was withdrawn "
    "by a correction and was never assessed, and that today's PHQ-9 item 9 was positive, and ask them to repeat the "
    "screen and assess suicide risk once the patient is able to answer (do not delay the transfer for it); record "
    "their result here; "
)
# (with capacity to decline in every lead that arranges a transfer: physician review R4, session 11, must-fix 1)
MERGED_DECLINES = (
    "if the patient declines transfer and the prescriber finds and records capacity to decline (without capacity: "
    "transfer by emergency services; with capacity: record the advice given and the risks explained; arrange the "
    "highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and any "
    "supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening): repeat "
    "the screen and the suicide risk assessment with the patient before the "
    "patient leaves if able to answer; if not able to answer or already gone (the patient must not drive): contact the "
    "patient now (welfare check if unreachable) and repeat the screen and the suicide risk assessment by phone once "
    "able to answer"
)
# must-fix 3 ({told}: the withdrawn flag's words, R1 must-fix 1)
TOLD = "the C-SSRS screen of 02 Mar 2026 was high risk, was withdrawn by a correction and was never assessed"
JOINED_FALLBACK = (
    f"if the patient is transferred before able to answer: at handover tell the receiving team that {TOLD} and that "
    "today's PHQ-9 item 9 was positive, ask them to repeat the screen and assess suicide risk once the patient is able "
    "to answer, and record their result here; if the patient has left or leaves before able to answer (the patient "
    "must not drive): contact the patient now (welfare check if unreachable) and repeat the screen and the suicide "
    "risk assessment by phone once the patient is able to answer"
)
# must-fix 3 after a dose, with should-fix 9's replacements made (iopkit's combination)
JOINED_FALLBACK_AFTER_DOSE = (
    f"if the patient is transferred before the screen is repeated: at handover tell the receiving team that {TOLD} and "
    "that today's PHQ-9 item 9 was positive, ask them to repeat the screen and assess suicide risk, and record their "
    "result here; if the patient has left or leaves before the screen is repeated (the patient must not drive): "
    "contact the patient now (welfare check if unreachable) and repeat the screen and the suicide risk assessment by "
    "phone"
)
# should-fix 5, with capacity to decline in every lead that arranges a transfer (physician review R4, session 11,
# must-fix 1, its words)
DECLINES = (
    "if the patient declines transfer and the prescriber finds and records capacity to decline (without capacity: "
    "transfer by emergency services; with capacity: record the advice given and the risks explained; arrange the "
    "highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and any "
    "supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening): repeat "
    "the screen with the patient before the patient leaves if able to answer; "
    "if not able to answer or already gone (the patient must not drive): contact the patient now (welfare check if "
    "unreachable) and repeat the screen by phone once able to answer"
)
# should-fix 6
AT_LEAST = (
    "otherwise at least a same-day suicide risk assessment (with the patient, by phone, or by the receiving team at "
    "handover)"
)
# should-fix 7
LOWERED_SAME_DAY = "C-SSRS screen of 02 Mar 2026: high risk, never closed, lowered to low suicide risk by a correction"
LOWERED_LATE = f"{LOWERED_SAME_DAY} entered on 05 Mar 2026"
# should-fix 8
LOWERED_BOX_NOTE = (
    "(C-SSRS screen of 02 Mar 2026, lowered by a correction entered on 05 Mar 2026 from high risk, never closed)"
)
BOX_ACTION = "repeat the C-SSRS screen at the step the headline gives it (the corrected screen raises no flag)"
LOWERED_CHART = "and at least a same-day suicide risk assessment (the screen it replaced was high risk, never assessed)"
# should-fix 9 (R1 must-fix 1's fallback with "before the screen is repeated", no "once the patient is able to answer")
AFTER_DOSE_FALLBACK = (
    f"if the patient is transferred before the screen is repeated: at handover tell the receiving team that {TOLD}, "
    "ask them to repeat it, and record their result here; if the patient has left or leaves before the screen is "
    "repeated (the patient must not drive): contact the patient now (welfare check if unreachable) and repeat the "
    "screen by phone"
)
# should-fix 10
ONCE_ABLE = (
    "then, once the medical review finds the patient able to answer (not delirious or intoxicated) and before the "
    "patient leaves, repeat the C-SSRS screen"
)
# should-fix 11
NO_DRIVING = "the patient must not drive until the medical review finds the patient not delirious or intoxicated"
# physician review R18 (session 16), open question Q1 ruled: the staff clause named (r18.md, its words)
IF_POSITIVE = (
    "if question 4 or 5 is yes, or behaviour was in the past 3 months: safety precautions (a member of staff stays "
    "with the patient; by phone: stay on the line and call emergency services) and an immediate emergency evaluation"
)


def _case(store, clock, saved, as_of, scores=(), corrected=NONE, cssrs=True):
    """The reviewer's case (:func:`withdrawn_case`): the episode and the recommendation."""
    return withdrawn_case(store, clock, saved, as_of, scores, corrected=corrected, cssrs=cssrs)


def test_must_fix_2_a_phq9_item_9_beside_a_transfer_is_handed_over_case_w2_w3(store, clock):
    for ciwa in (CIWA_21, CIWA_ITEM_10_AT_2):  # case W3, case W2: no C-SSRS screen
        _, r = _case(store, clock, TAKEN, TAKEN, [("ciwa_ar", ciwa), ("phq9", PHQ9_ALL_1)], cssrs=False)
        assert r.first_step is FirstStep.EMERGENCY_EVALUATION
        # R23a finding 2: the first dose before the transfer, the last CIWA-Ar score and any dose told first
        told = PHQ9_AT_HANDOVER.replace("team that", "team the last CIWA-Ar score and any dose with its time, that")
        if ciwa is CIWA_ITEM_10_AT_2:
            # R65 F2 (was: "the last CIWA-Ar score and any dose with its time"): W2's complicated withdrawal screens
            # for delirium (CAM or 4AT); W3's severe CIWA-Ar names no delirium screen and keeps the words above
            told = PHQ9_AT_HANDOVER.replace(
                "team that", "team the last CIWA-Ar score, the delirium screen and any dose with its time, that"
            )
        assert f"{told} (" in r.headline
        assert "same-day suicide risk assessment" not in r.headline


def test_must_fix_2_beside_a_withdrawn_flag_the_phq9_joins_its_handover_case_z1_z2(store, clock):
    # physician review R3 (session 11), must-fix 7, and R4, must-fix 1: a refusal counts only with capacity to decline,
    # after the complicated-withdrawal lead (case Z2) and after a severe CIWA-Ar's (case Z1) alike (MERGED_DECLINES)
    for saved, ciwa in ((LATE, CIWA_21), (TAKEN, CIWA_ITEM_10_AT_2)):  # Z1, Z2
        _, r = _case(store, clock, saved, saved, [("ciwa_ar", ciwa), ("phq9", PHQ9_ALL_1)])
        assert r.first_step is FirstStep.EMERGENCY_EVALUATION
        assert f"{MERGED_HANDOVER}{MERGED_DECLINES}; {IF_POSITIVE}. Then, " in r.headline
        assert "same-day suicide risk assessment" not in r.headline
        assert "at handover tell the receiving team that today's" not in r.headline  # said once, in the flag's step


def test_must_fix_3_the_fallback_joined_to_the_assessment_keeps_it_case_p_and_8(store, clock):
    _, p = _case(store, clock, TAKEN, TAKEN, [("ciwa_ar", CIWA_ITEM_10_AT_1), ("phq9", PHQ9_ALL_1)])  # case P
    assert p.first_step is FirstStep.MEDICAL_REVIEW
    assert f"; {JOINED_FALLBACK}; {IF_POSITIVE}. " in p.headline
    _, eight = _case(store, clock, TAKEN, TAKEN, [("cows", COWS_46), ("phq9", PHQ9_ALL_1)])  # case 8
    assert f"; {JOINED_FALLBACK_AFTER_DOSE}; {IF_POSITIVE}. " in eight.headline


def test_should_fix_5_a_patient_who_declines_transfer_is_screened_on_site_first_case_i(store, clock):
    _, r = _case(store, clock, TAKEN, TAKEN, [("ciwa_ar", CIWA_21)])
    assert f"record their result here; {DECLINES}; {IF_POSITIVE}. " in r.headline
    assert "leaves instead" not in r.headline


def test_should_fix_6_the_lowered_flag_s_least_step_has_an_owner_case_9_and_1(store, clock):
    _, nine = _case(store, clock, LATE, LATE, [("ciwa_ar", CIWA_21)], corrected=LOW)
    assert f"; {IF_POSITIVE}; {AT_LEAST}. Then, after medically managed withdrawal" in nine.headline
    _, one = _case(store, clock, TAKEN, TAKEN, [("ciwa_ar", CIWA_ITEM_10_AT_1)], corrected=LOW)
    assert f"; {IF_POSITIVE}; {AT_LEAST}. " in one.headline


def test_should_fix_7_the_lowered_reason_bracket_case_v_and_1(store, clock):
    _, v = _case(store, clock, LATE, LATE, corrected=LOW)
    assert v.headline.startswith(
        f"First: contact the patient now (welfare check if unreachable) and repeat the C-SSRS screen ({LOWERED_LATE}); "
    )
    _, one = _case(store, clock, TAKEN, TAKEN, [("ciwa_ar", CIWA_ITEM_10_AT_1)], corrected=LOW)
    assert f"{ONCE_ABLE} ({LOWERED_SAME_DAY}); " in one.headline


def test_should_fix_8_the_lowered_flag_s_box_and_chart_agree_with_the_headline_case_v(store, clock):
    episode, v = _case(store, clock, LATE, LATE, corrected=LOW)
    (box,) = [f for f in v.flags if f.code == "suicide_risk_low"]
    # physician review R23c A1, A2: the C-SSRS low/moderate flag's new words
    assert box.message == f"C-SSRS low risk: wish to be dead or non-specific suicidal thoughts {LOWERED_BOX_NOTE}"
    assert box.action == BOX_ACTION
    (chart,) = [f for f in episode.open_flags if f.flag.code == "suicide_risk_low"]
    assert f"otherwise act on the new screen's result, {LOWERED_CHART}; " in chart.said
    assert "as this flag calls for" not in chart.said


def test_should_fix_9_after_a_dose_the_fallback_waits_for_the_screen_case_3(store, clock):
    _, three = _case(store, clock, TAKEN, TAKEN, [("cows", COWS_46)])
    assert f"; {AFTER_DOSE_FALLBACK}; {IF_POSITIVE}. " in three.headline
    assert "able to answer" not in three.headline


def test_should_fix_10_one_word_order_case_a(store, clock):
    _, a = _case(store, clock, TAKEN, TAKEN, [("ciwa_ar", CIWA_ITEM_10_AT_1)])
    assert f"; {ONCE_ABLE} (high suicide risk" in a.headline
    assert "before the patient leaves and once" not in a.headline


def test_should_fix_11_no_driving_until_the_review_finds_the_patient_not_delirious_or_intoxicated(store, clock):
    (flag,) = [f for f in score("ciwa_ar", CIWA_ITEM_10_AT_1).flags if f.code == "possible_inattention"]
    assert flag.action.endswith(f"; {NO_DRIVING}")
    _, a = _case(store, clock, TAKEN, TAKEN, [("ciwa_ar", CIWA_ITEM_10_AT_1)])
    assert f"; {NO_DRIVING} (CIWA-Ar item 10 at 1 " in a.headline
    assert "delirium screen clears" not in a.headline
