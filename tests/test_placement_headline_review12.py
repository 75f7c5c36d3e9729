"""Physician review 9 of the placement headline: two safety fixes, texts typed from the review.

- A medical review due now (CIWA-Ar item 10 at 1, "cannot do serial additions or uncertain about date": possible
  delirium, Sullivan et al. 1989 anchors; an emergency to act on at once, ASAM 2020 alcohol withdrawal guideline)
  leads a withdrawn C-SSRS high flag's repeated screen: the screen follows, before the patient leaves and once the
  medical review finds the patient able to answer (a delirious patient's answers are not valid), with the Columbia
  triage of a positive screen (questions 4 or 5, or behaviour in the past 3 months: Posner et al. 2011); if the patient
  is transferred before able to answer, the receiving team is told at handover; if the patient leaves, the patient is
  contacted now (wording of physician review R1, session 11, must-fix 1).
- An emergency evaluation for alcohol withdrawal alongside opioid withdrawal says the patient must not drive, as every
  other emergency evaluation of the headline does.
"""

from __future__ import annotations

import datetime as dt

import pytest

import iopkit
from iopkit.flags import Flag, Withdrawn
from iopkit.placement import FirstStep, recommend, suggest_dimensions

TAKEN = dt.date(2026, 3, 2)
CIWA_ITEM_10_AT_1 = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]  # total 1; item 10 (orientation) at 1
WITHDRAWN_SAME_DAY = "withdrawn by a correction, never closed"
# a late correction's day is named (physician check of review 9)
WITHDRAWN_LATE = "withdrawn by a correction entered on 05 Mar 2026, never closed"
# physician review R1 (session 11): must-fix 1 (the fallback, {day} the screen's day), should-fix 6 (CIWA-Ar item 10:
# the medical review, "not delirious or intoxicated") and 8 (by phone); physician review R2, should-fix 10 (word order)
REPEAT_AFTER_REVIEW = (
    "; then, once the medical review finds the patient able to answer (not delirious or intoxicated) and before the "
    "patient leaves, repeat the C-SSRS screen (high suicide risk of the C-SSRS screen of 02 Mar 2026 {withdrawn}); if "
    "the patient is transferred before able to answer: at handover tell the receiving team that the C-SSRS screen of "
    "02 Mar 2026 was high risk, was withdrawn by a correction and was never assessed, ask them to repeat it once the "
    "patient is able to answer, and record their result here; if the patient has left or leaves before able to answer "
    "(the patient must not drive): contact the patient now (welfare check if unreachable) and repeat the screen by "
    "phone once the patient is able to answer; if question 4 or 5 is yes, or behaviour was in the past 3 months: "
    # physician review R18 (session 16), open question Q1 ruled: the staff clause named (r18.md, its words)
    "safety precautions (a member of staff stays with the patient; by phone: stay on the line and call emergency "
    "services) and an immediate emergency evaluation."
)


@pytest.mark.parametrize("corrected_on", [TAKEN, dt.date(2026, 3, 5)], ids=["same day", "late"])
def test_a_medical_review_now_leads_the_repeated_screen_of_a_withdrawn_flag(corrected_on):
    withdrawn = Withdrawn(TAKEN, corrected_on, "2", corrected_on != TAKEN)
    kept = Flag(
        "suicide_risk_high", "C-SSRS high risk", "critical", calls_for="emergency_evaluation", withdrawn=withdrawn
    )
    ciwa = iopkit.score("ciwa_ar", CIWA_ITEM_10_AT_1)
    r = recommend({1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions([ciwa], older_open_flags=[kept]))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # physician review R16 (session 15), should-fix S5: beside the C-SSRS high (withdrawn by a correction, never
    # assessed: still asked, the conservative reading) the review asks about an overdose or ingestion first
    assert r.headline.startswith(
        "First: medical review now: ask about any overdose or ingestion today and screen for delirium (CAM or 4AT)"
    )
    said = WITHDRAWN_LATE if corrected_on != TAKEN else WITHDRAWN_SAME_DAY
    assert REPEAT_AFTER_REVIEW.format(withdrawn=said) in r.headline
    assert "once the review finds" not in r.headline  # the medical review named (should-fix 6)
    assert "Then, as the repeated screen decides, and unless the review or the assessment finds more: Level 1" in (
        r.headline
    )


def test_an_emergency_evaluation_for_alcohol_withdrawal_alongside_says_not_to_drive():
    cows = iopkit.score("cows", [4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 3])  # 46, above 36 (Wesson & Ling 2003)
    ciwa = iopkit.score("ciwa_ar", [2, 2, 2, 2, 2, 1, 0, 0, 2, 0])  # 13, moderate (ASAM 2020: 10-18)
    r = recommend({1: 2, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions([cows, ciwa]))
    # physician review R2 (session 11), must-fix 1: the evaluation arranges the transfer (the reviewer's words)
    assert r.headline.startswith(
        "First: emergency evaluation now: severe opioid withdrawal with alcohol withdrawal alongside (CIWA-Ar 13 "
        "today), a complicating condition on the COWS flag: arrange transfer now (ED, or 3.7-WM/4-WM); "
    )
    assert "monitor sedation and breathing until handover; the patient must not drive (" in r.headline
