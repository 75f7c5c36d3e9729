"""Physician review R23b (session 20, /work/reviews/r23b.md): the rulings on R19-N3 (an old complicated CIWA-Ar beside
today's COWS and a C-SSRS high, part A) and on R19-N2 where its leads meet (an old COWS 48 beside today's CIWA-Ar 13
with item 10 at 1 and a same-day suicide risk assessment, part B). The reviewer's words typed as the oracle (never
computed by iopkit); where the reviewer gave a replacement list, the list is applied here to words typed before.

Sources the reviewer names: Wesson & Ling 2003 (COWS items overlap alcohol withdrawal); Sullivan et al. 1989
(CIWA-Ar); ASAM Alcohol Withdrawal Management Guideline 2020; ASAM National Practice Guideline for OUD 2020; ASAM
Criteria 2013 (dimension 1 concurrent withdrawals; dimensions 1 and 3 at level 4: one setting); FDA Drug Safety
Communication 20 Sep 2017; Posner et al. 2011 (C-SSRS screener triage); Kroenke et al. 2001 and Simon et al. 2013
(PHQ-9 item 9); Joint Commission NPSG 15.01.01 (risk information handed over at transfer).

Cases built as the reviewer built them (old = 20 Nov 2026, today = 02 Dec 2026, ratings ROUTINE).
"""

from __future__ import annotations

import pytest

from iopkit.placement import FirstStep
from tests.test_placement_headline_review_r7_old_scores import recommended
from tests.test_placement_headline_review_r18_m3 import B_BOX, THEN_B, _cows_boxes
from tests.test_placement_headline_review_r19_n2 import (
    CIWA_MOD13_I1,
    COWS_48,
    CSSRS_MOD_TODAY,
    PHQ_TODAY,
    _never,
)
from tests.test_placement_headline_review_r20c import TOLD, told_box

# --- B1: the first step where the leads meet (r23b.md, B1, "full strings in /tmp/r23b/want_b.out"), typed ------------
#: (i) beside today's C-SSRS moderate risk, the reviewer's wanted first step, to the reasons' "("
B1_FIRST_CSSRS = (
    "First: medical review now: ask about any overdose or ingestion today and screen for delirium (CAM or 4AT) and "
    "consider its other causes: Wernicke encephalopathy (give thiamine), low blood glucose (check it; treat a low one "
    "at once, thiamine with it), intoxication (breath alcohol), hepatic encephalopathy; re-score the CIWA-Ar within 1 "
    "hour; disorientation (item 10 at 2 or more) is complicated withdrawal; if delirium: emergency evaluation: arrange "
    "transfer now (ED, or 4-WM); staff with the patient until handover; at handover tell the receiving team that "
    "today's C-SSRS screen was moderate risk and ask them for a suicide risk assessment (do not delay the transfer for "
    "it); if the patient declines transfer: the prescriber assesses and records capacity to decline (without "
    "capacity: transfer by emergency services); if an overdose or ingestion: no dose here (an overdose or ingestion: "
    "to the ED by emergency services); if intoxicated (breath alcohol above zero, or signs of sedative intoxication): "
    "no buprenorphine, methadone or benzodiazepine until it clears and the review is repeated; the patient must not "
    "drive until the medical review finds the patient not delirious or intoxicated; and re-score the COWS now (last "
    "48 on 20 Nov 2026, severe), with alcohol withdrawal alongside (CIWA-Ar 13 today): if still 37 or more: emergency "
    "evaluation now: severe opioid withdrawal with alcohol withdrawal alongside, a complicating condition on the COWS "
    "flag: arrange transfer now (ED, or 3.7-WM/4-WM); if the patient declines transfer: the prescriber assesses and "
    "records capacity to decline (without capacity: transfer by emergency services); the patient must not drive; at "
    "handover tell the receiving team that today's C-SSRS screen was moderate risk and ask them for a suicide risk "
    "assessment (do not delay the transfer for it); if 13-36: a prescriber's review before the patient leaves, and "
    "arrange medically managed withdrawal or a higher level of care: co-occurring alcohol withdrawal (CIWA-Ar 13 "
    "today); if below 13: a prescriber's review before the patient leaves. After the medical review finds no delirium "
    "and no intoxication and no overdose or ingestion, a prescriber treats withdrawal (before a transfer only if it "
    "does not delay the transfer): at a COWS of 13 or more, buprenorphine, or methadone as the COWS flag says; "
    "re-score the COWS after dosing; at a CIWA-Ar of 10 or more, medication for alcohol withdrawal (consider at 8-9); "
    "re-score the CIWA-Ar within 1 hour of a dose and before the patient leaves or at handover; if a benzodiazepine is "
    "given with buprenorphine or methadone: monitor sedation and breathing until handover or while the patient is on "
    "site; the patient must not drive until the medical review finds the patient not delirious or intoxicated, nor "
    "today if a dose is given; before the patient leaves, a same-day suicide risk assessment ("
)
#: SAID, the reviewer's words for each: (i), (ii), both today (R20b: the C-SSRS first)
SAID_CSSRS = "today's C-SSRS screen was moderate risk"
SAID = {
    "item10+cssrs-moderate": SAID_CSSRS,
    "item10+phq9-item9": "today's PHQ-9 item 9 was positive",
    "item10+both": "today's C-SSRS screen was moderate risk and today's PHQ-9 item 9 was positive",
}
B1_CASES = {
    "item10+cssrs-moderate": [("ciwa_ar", CIWA_MOD13_I1), CSSRS_MOD_TODAY],
    "item10+phq9-item9": [("ciwa_ar", CIWA_MOD13_I1), PHQ_TODAY],
    "item10+both": [("ciwa_ar", CIWA_MOD13_I1), CSSRS_MOD_TODAY, PHQ_TODAY],
}
#: the COWS boxes: "take the c3 box (test_c3_cows_boxes_after_the_medical_review). Change C3_BOX_AFTER to ..."
C3_SCREEN = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    "thiamine and check blood glucose; if intoxicated: no dose here; otherwise at a COWS"
)
B1_BOX_AFTER = (
    "after the first step's medical review finds no delirium and no intoxication and no overdose or ingestion, at a "
    "COWS"
)
#: "Then apply told_box(box, TOLD[...])" (R20c S6)
B1_TOLD = {
    "item10+cssrs-moderate": TOLD["C-SSRS moderate today"],
    "item10+phq9-item9": TOLD["PHQ-9 item 9 today"],
    "item10+both": TOLD["both today"],
}
#: the possible_inattention box and the d1 medical-review part: "the headline's items 1-3"
B1_REVIEW_ITEMS = (
    "edical review now: ask about any overdose or ingestion today and screen for delirium",
    "staff with the patient until handover; at handover tell the receiving team that {said} and ask them for a suicide "
    "risk assessment (do not delay the transfer for it); if the patient declines transfer",
    "(without capacity: transfer by emergency services); if an overdose or ingestion: no dose here (an overdose or "
    "ingestion: to the ED by emergency services); ",
)
#: B2 (should-fix): the suicidal_ideation box names the handover
B2_IDEATION = (
    "Ask about suicidal thoughts today and complete a suicide risk assessment (e.g. C-SSRS) before the patient leaves "
    "(if transferred: at handover tell the receiving team that today's PHQ-9 item 9 was positive and ask them for a "
    "suicide risk assessment (do not delay the transfer for it))"
)


def _b1(case: str):  # type: ignore[no-untyped-def]
    return recommended({}, old=[("cows", COWS_48)], today=B1_CASES[case])


@pytest.mark.parametrize("case", list(B1_CASES))
def test_b1_first_step_where_the_leads_meet(case: str) -> None:
    r = _b1(case)
    assert r.headline.startswith(B1_FIRST_CSSRS.replace(SAID_CSSRS, SAID[case])), r.headline
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    assert "no buprenorphine, methadone or benzodiazepine until it clears" in r.headline
    assert "no benzodiazepine until it clears" not in r.headline  # the headline's hold never drops the agonists
    assert f". {THEN_B}: " in r.headline
    _never(r)


@pytest.mark.parametrize("case", list(B1_CASES))
def test_b1_cows_boxes_are_the_c3_box_after_a_review_that_finds_no_overdose(case: str) -> None:
    r = _b1(case)
    assert C3_SCREEN in B_BOX
    box = told_box(B_BOX.replace(C3_SCREEN, B1_BOX_AFTER), B1_TOLD[case])
    assert _cows_boxes(r) and all(a == box for a in _cows_boxes(r)), _cows_boxes(r)
    (d1,) = [f.action for f in r.flags if f.code == "rated_below_suggestion_d1"]
    assert d1.startswith(box), d1  # the COWS part of the joined box


@pytest.mark.parametrize("case", list(B1_CASES))
def test_b1_the_medical_review_boxes_say_the_headlines_items_1_to_3(case: str) -> None:
    r = _b1(case)
    items = [w.format(said=SAID[case]) for w in B1_REVIEW_ITEMS]
    for code in ("possible_inattention", "rated_below_suggestion_d1"):
        (box,) = [f.action for f in r.flags if f.code == code]
        review = box[box.index("edical review now: ") :]
        for words in items:
            assert words in review, (code, words, box)
        assert "(if transferred: at handover" not in review  # the present bracket, replaced
    (alcohol,) = [f.action for f in r.flags if f.code == "moderate_alcohol_withdrawal"]
    assert "after the first step's medical review finds no delirium and no intoxication and no overdose or " in alcohol


def test_b2_the_suicidal_ideation_box_names_the_handover() -> None:
    r = _b1("item10+phq9-item9")
    (box,) = [f.action for f in r.flags if f.code == "suicidal_ideation"]
    assert box == B2_IDEATION
    # B3 OK: suicide_risk_moderate as now
    r = _b1("item10+cssrs-moderate")
    (box,) = [f.action for f in r.flags if f.code == "suicide_risk_moderate"]
    assert box == "Behavioural-health evaluation and safety planning before the patient leaves"
