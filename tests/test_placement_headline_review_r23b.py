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
from tests.intoxication_screens import r32a
from tests.test_placement_headline_review_r7_old_scores import recommended
from tests.test_placement_headline_review_r18_m3 import B_BOX, THEN_B, _cows_boxes
from tests.test_placement_headline_review_r18_oldciwa import CIWAS, COWSES, DOSE_VERB, RESCORE, _case
from tests.test_placement_headline_review_r19_n2 import (
    CIWA_MOD13_I1,
    COWS_48,
    CSSRS_MOD_TODAY,
    PHQ_TODAY,
    _never,
)
from tests.test_placement_headline_review_r20c import TOLD, told_box

# R31 M4 (physician review R31, must-fix M4, and S5): an overdose or ingestion held at the screen before a dose:
# call emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose
# (re-typed by /work/scripts/ovd_ed_retype.py).

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

#: CIWA-Ar item 10's hold in a step that may transfer (if delirium, or at a COWS still 37 or more): the receiving team
#: told of the intoxication if transferred (physician review R35 S2, the reviewer's words)
ITEM10_HOLD_TOLD = (
    "no buprenorphine, methadone or benzodiazepine until it clears and the review is repeated (the patient must not "
    # R38 item 6 (b): every B1 case has a same-day suicide risk assessment due (a C-SSRS moderate risk or a positive
    # PHQ-9 item 9 today) and no transfer now (the old COWS's transfer only on its re-score): staff stay
    "drive today; if the patient tries to leave before it clears: staff stay with the patient and arrange an "
    "emergency evaluation for suicide risk; if transferred: tell the receiving team at handover the breath alcohol "
    "reading or the signs, with the time)"
)

# --- B1: the first step where the leads meet (r23b.md, B1, "full strings in /tmp/r23b/want_b.out"), typed ------------
#: (i) beside today's C-SSRS moderate risk, the reviewer's wanted first step, to the reasons' "("
B1_FIRST_CSSRS = (
    "First: medical review now: ask about any overdose or ingestion today and screen for delirium (CAM or 4AT) and "
    "consider its other causes: Wernicke encephalopathy (give thiamine), low blood glucose (check it; treat a low one "
    "at once, thiamine with it), intoxication (breath alcohol), hepatic encephalopathy; re-score the CIWA-Ar within 1 "
    "hour; disorientation (item 10 at 2 or more) is complicated withdrawal; if delirium: emergency evaluation: arrange "
    # R76b A (was: "if delirium: emergency evaluation: arrange transfer now (ED, or 4-WM); staff with the ...")
    "transfer now by emergency services (ED, or 4-WM); staff with the patient until handover; at handover tell the "
    "receiving team "
    # R26b M1 (b): the delirium branch gives no withdrawal dose; thiamine and glucose may (the reviewer's words)
    "the delirium screen, the last CIWA-Ar score and any thiamine or glucose given with its time, that "
    # R23a finding 7 (c), (d): the ruling's words, re-typed; R53 finding A: the delirium branch asks "once the patient
    # is able to answer" (a delirious patient can neither answer nor plan)
    "today's C-SSRS screen was moderate risk, and ask them for a suicide risk assessment once the patient is able to "
    "answer, without delaying the transfer"
    "; if the patient declines transfer: the prescriber assesses and records capacity to decline (without "
    "capacity: transfer by emergency services; with capacity: record the advice given and the risks explained; "
    "arrange the highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and "
    "any supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening); if "
    "an overdose or ingestion: no dose here (call emergency services "
    "for the ED, staff with the patient until handover, naloxone if signs of opioid overdose"
    "); if intoxicated (breath alcohol above zero, or signs of sedative intoxication): "
    # physician review R35 S2: CIWA-Ar item 10's hold beside a step that may transfer tells the receiving team (was:
    # "(the patient must not drive today)")
    f"{ITEM10_HOLD_TOLD}; the patient must not "
    "drive until the medical review finds the patient not delirious or intoxicated; and re-score the COWS now (last "
    "48 on 20 Nov 2026, severe), with alcohol withdrawal alongside (CIWA-Ar 13 today): if still 37 or more: emergency "
    "evaluation now: severe opioid withdrawal with alcohol withdrawal alongside, a complicating condition on the COWS "
    # R48 item 2: staff with the patient until handover straight after the transfer
    "flag: arrange transfer now (ED, or 3.7-WM/4-WM); "
    "staff with the patient until handover; if the patient declines transfer: the prescriber assesses and "
    "records capacity to decline (without capacity: transfer by emergency services; with capacity: record the advice "
    "given and the risks explained; arrange the highest level of care the patient accepts; any dose as the prescriber "
    "decides; tell the patient and any supportive person to call emergency services for a seizure, confusion, "
    "hallucinations or any worsening); the patient must not drive; at "
    # R23a finding 7 (c), (d): the ruling's words, re-typed; R26b M1 (b): the scores and any dose first
    # R65 F2 (was: "...COWS scores and any dose with its time")
    "handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and any dose with its "
    "time, that today's C-SSRS "
    "screen was moderate risk, and ask them for a suicide risk "
    "assessment, without delaying the transfer; if 13-36: a prescriber's review before the patient leaves, and "
    "arrange medically managed withdrawal or a higher level of care: co-occurring alcohol withdrawal (CIWA-Ar 13 "
    "today); if below 13: a prescriber's review before the patient leaves. After the medical review finds no delirium "
    "and no intoxication and no overdose or ingestion, a prescriber treats withdrawal (before a transfer only if it "
    "does not delay the transfer): at a COWS of 13 or more, buprenorphine, or methadone as the COWS flag says; "
    "re-score the COWS after dosing; at a CIWA-Ar of 10 or more, medication for alcohol withdrawal (consider at 8-9); "
    "re-score the CIWA-Ar within 1 hour of a dose and before the patient leaves or at handover; "
    # R26b M1 (b): the dose sentence's own handover ("if 13-36: ... a higher level of care"); physician review R31,
    # should-fix S3: it tells the screen and asks the assessment as the 37-or-more branch's does (before: the scores
    # and any dose alone)
    # R65 F2 (was: "...COWS scores and any dose with its time")
    "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and "
    "any dose with its time, "
    # R38 item 2: one wording for both handover passes, case 61's (was: "... a suicide risk assessment; ")
    "that today's C-SSRS screen was moderate risk, and ask them for a suicide risk assessment (do not delay the "
    "transfer for it); "
    "if a benzodiazepine is "
    "given with buprenorphine or methadone: monitor sedation and breathing until handover or while the patient is on "
    "site; the patient must not drive until the medical review finds the patient not delirious or intoxicated, nor "
    "today if a dose is given; before the patient leaves, a same-day suicide risk assessment"
    # R21 S5: the plan offers ambulatory WM: how the patient given a dose on site goes home, at the end of the dose's
    # sentence
    # R26a S1 as ruled in session 22: the going-home clause re-typed in observable words (POSS levels
    # 1-2; naloxone in hand, the supportive person shown how to use it)
    "; after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    "roused"
    # physician review R29 (should-fix): the benzodiazepine's going-home conditions (was: "roused, with naloxone")
    # R32 S3: a COWS re-score after the last buprenorphine dose no higher than before it (the going-home clause)
    ", walks steadily, has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, and has a COWS "
    "re-score after the last buprenorphine dose no higher than before it (no precipitated withdrawal), with a "
    "supportive person to stay overnight"
    ", with naloxone in hand and the supportive person shown how to use it, and the "
    # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
    # R43 M1: 'until they are met' -> 'until these conditions are met' ('they' misread as the patient)
    "patient and the supportive person told not to add alcohol or other sedatives; otherwise the patient stays on "
    "site until these conditions are met, or a higher level of care is arranged ("
)
#: SAID, the reviewer's words for each: (i), (ii), both today (R20b: the C-SSRS first)
SAID_CSSRS = "today's C-SSRS screen was moderate risk"
SAID = {
    "item10+cssrs-moderate": SAID_CSSRS,
    "item10+phq9-item9": "today's PHQ-9 item 9 was positive",
    # physician review R30a (case 532): the screens joined as the headline joins them (R23a, finding 7)
    "item10+both": "today's C-SSRS screen was moderate risk and that today's PHQ-9 item 9 was positive",
}
B1_CASES = {
    "item10+cssrs-moderate": [("ciwa_ar", CIWA_MOD13_I1), CSSRS_MOD_TODAY],
    "item10+phq9-item9": [("ciwa_ar", CIWA_MOD13_I1), PHQ_TODAY],
    "item10+both": [("ciwa_ar", CIWA_MOD13_I1), CSSRS_MOD_TODAY, PHQ_TODAY],
}
#: the COWS boxes: "take the c3 box (test_c3_cows_boxes_after_the_medical_review). Change C3_BOX_AFTER to ..."
C3_SCREEN = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    "thiamine and check blood glucose; if intoxicated: no dose here (the patient must not drive today); otherwise at "
    "a COWS"
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
    # R23a finding 7 (c), (d): the ruling's words, re-typed; physician review R27, should-fix S2: the delirium screen
    # first in the delirium branch's handover
    "staff with the patient until handover; at handover tell the receiving team the delirium screen, the last CIWA-Ar "
    "score and any thiamine or glucose given with its time, that {said}, and ask them for a "
    "suicide "
    # R53 finding A: the delirium branch asks "once the patient is able to answer"
    "risk assessment once the patient is able to answer, without delaying the transfer; if the patient declines "
    "transfer",
    "(without capacity: transfer by emergency services; with capacity: record the advice given and the risks "
    "explained; arrange the highest level of care the patient accepts; any dose as the prescriber decides; tell the "
    "patient and any supportive person to call emergency services for a seizure, confusion, hallucinations or any "
    "worsening); if an overdose or ingestion: no dose here (call emergency "
    "services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose"
    "); ",
)
#: B2 (should-fix): the suicidal_ideation box names the handover
# physician review R30a (case 532): a comma before the request, as the headline says it (R23a, finding 7)
B2_IDEATION = (
    "Ask about suicidal thoughts today and complete a suicide risk assessment (e.g. C-SSRS) before the patient leaves"
    # R38 item 1: a clause after "; ", no bracket closing inside another (was: " (if transferred: ... for it))")
    "; if transferred: at handover tell the receiving team that today's PHQ-9 item 9 was positive, and ask them for a "
    "suicide risk assessment (do not delay the transfer for it)"
)


def _b1(case: str):  # type: ignore[no-untyped-def]
    return recommended({}, old=[("cows", COWS_48)], today=B1_CASES[case])


@pytest.mark.parametrize("case", list(B1_CASES))
def test_b1_first_step_where_the_leads_meet(case: str) -> None:
    r = _b1(case)
    wanted = B1_FIRST_CSSRS.replace(SAID_CSSRS, SAID[case])
    if "C-SSRS" in SAID[case]:  # physician review R28, M5: a C-SSRS moderate risk's assessment with safety planning
        wanted = wanted.replace("suicide risk assessment; after", "suicide risk assessment with safety planning; after")
        # R50 b6 Q1: each handover that tells the moderate risk asks with safety planning
        wanted = wanted.replace(
            "ask them for a suicide risk assessment", "ask them for a suicide risk assessment with safety planning"
        )
    assert r.headline.startswith(wanted), r.headline
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    assert "no buprenorphine, methadone or benzodiazepine until it clears" in r.headline
    assert "no benzodiazepine until it clears" not in r.headline  # the headline's hold never drops the agonists
    assert f". {THEN_B}: " in r.headline
    _never(r)


#: The joined box's driving advice, its moderate CIWA-Ar part's (physician review R22, should-fix S1's words).
DRIVING = "if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today"


@pytest.mark.parametrize("case", list(B1_CASES))
def test_b1_cows_boxes_are_the_c3_box_after_a_review_that_finds_no_overdose(case: str) -> None:
    r = _b1(case)
    assert C3_SCREEN in B_BOX
    box = told_box(B_BOX.replace(C3_SCREEN, B1_BOX_AFTER), B1_TOLD[case])
    # R66 should-fix (was: "...the last CIWA-Ar and COWS scores and any dose with its time"): after the first step's
    # medical review finds no delirium, the COWS boxes tell the delirium screen at handover
    cows = box.replace(
        "the last CIWA-Ar and COWS scores and any dose with its time",
        "the last CIWA-Ar and COWS scores, the delirium screen and any dose with its time",
    )
    assert cows.count("the delirium screen") == 1
    assert _cows_boxes(r) and all(a == cows for a in _cows_boxes(r)), _cows_boxes(r)
    (d1,) = [f.action for f in r.flags if f.code == "rated_below_suggestion_d1"]
    # R30b S6 (one clause a box) supersedes R26b/R27's one handover a branch in boxes; R31 accepted:
    # the joined box's one clause tells the delirium branch's screen and thiamine or glucose after the scores and dose
    # physician review R31 M5: the COWS box's driving advice (before: none) is said once, at the joined box's end
    joined = box.removesuffix(f"; {DRIVING}").replace(
        "any dose with its time, and any complicating",
        "any dose with its time, the delirium screen and any thiamine or glucose given with its time, and any "
        "complicating",
    )
    assert d1.startswith(joined), d1  # the COWS part of the joined box
    assert d1.endswith(f"{DRIVING}; record the reason for the lower rating with the placement decision"), d1


@pytest.mark.parametrize("case", list(B1_CASES))
def test_b1_the_medical_review_boxes_say_the_headlines_items_1_to_3(case: str) -> None:
    r = _b1(case)
    items = [w.format(said=SAID[case]) for w in B1_REVIEW_ITEMS]
    if "C-SSRS" in SAID[case]:  # R50 b6 Q1: the moderate-risk handover asks with safety planning
        items = [  # R53 finding A: "... assessment once the patient is able to answer" in the delirium branch
            w.replace("suicide risk assessment once", "suicide risk assessment with safety planning once")
            for w in items
        ]
    for code in ("possible_inattention", "rated_below_suggestion_d1"):
        (box,) = [f.action for f in r.flags if f.code == code]
        review = box[box.index("edical review now: ") :]
        # R30b S6 (one clause a box) supersedes R26b/R27's one handover a branch in boxes; R31 accepted:
        # the joined box says the delirium branch's handover in its one clause (the scores and dose, the delirium
        # screen and thiamine or glucose, the complicating conditions, the suicide screens, one request)
        joined = code == "rated_below_suggestion_d1"
        for words in items[::2] if joined else items:
            assert words in review, (code, words, box)
        if joined:
            assert "staff with the patient until handover; if the patient declines transfer" in review, box
            # physician review R35 S2: item 10's hold tells the receiving team of the intoxication if transferred (its
            # own words, typed); no other handover in the review part
            assert review.count(ITEM10_HOLD_TOLD) == 1, box
            assert review.replace(ITEM10_HOLD_TOLD, "").count("at handover") == 0, box
            assert box.count("at handover tell") == 1, box
            assert (
                "at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time, the "
                "delirium screen and any thiamine or glucose given with its time, and any complicating condition ("
            ) in box
            planned = " with safety planning" if "C-SSRS" in SAID[case] else ""  # R50 b6 Q1
            assert (
                f"), and that {SAID[case]}, and ask them for a suicide risk assessment{planned}, without delaying"
                in box
            )
        assert "(if transferred: at handover" not in review  # the present bracket, replaced
    (alcohol,) = [f.action for f in r.flags if f.code == "moderate_alcohol_withdrawal"]
    assert "after the first step's medical review finds no delirium and no intoxication and no overdose or " in alcohol


def test_b2_the_suicidal_ideation_box_names_the_handover() -> None:
    r = _b1("item10+phq9-item9")
    (box,) = [f.action for f in r.flags if f.code == "suicidal_ideation"]
    assert box == B2_IDEATION
    # B3 OK: suicide_risk_moderate as its rule says; physician review R23c A1 (later) gave that rule its new words;
    # physician review R30a (case 532): beside the first step's conditional transfer it names the headline's handover,
    # as the PHQ-9 box does (B2)
    r = _b1("item10+cssrs-moderate")
    (box,) = [f.action for f in r.flags if f.code == "suicide_risk_moderate"]
    assert box == (
        "Suicide risk assessment by a qualified clinician and safety planning before the patient leaves; consider "
        # R38 item 1: a clause after "; ", no bracket closing inside another (was: " (if transferred: ... for it))")
        "safety precautions (do not leave the patient alone) until it is done; if transferred: at handover tell the "
        # R50 b6 Q1: with safety planning
        "receiving team that today's C-SSRS screen was moderate risk, and ask them for a suicide risk assessment with "
        "safety planning (do not delay the transfer for it)"
    )


# --- A: an old complicated CIWA-Ar (15, item 10 at 2) beside today's COWS 19/30/48 and today's C-SSRS high ------------
#: A1: "put this prefix (exact words) before the box's present text and change the last clause"
A1_PREFIX = (
    "Re-score the CIWA-Ar first, before any dose (last 15 on 20 Nov 2026, severe, disoriented), while the transfer is "
    "arranged (do not delay the transfer for it). "
)
A1_STARTS = {
    "19": A1_PREFIX + "Prescriber's review now (before any dose: ask about any overdose or ingestion today and screen "
    "for delirium (CAM or 4AT) and intoxication",
    "30": A1_PREFIX + "Prescriber's review now (before any dose: ask about any overdose or ingestion today and screen "
    "for delirium (CAM or 4AT) and intoxication",
    "48": A1_PREFIX + "Before any dose: ask about any overdose or ingestion today",
}
# physician review R24b 2: "any pregnancy" added, so box and headline tell the same things
A1_END = (
    "at handover tell the receiving team of the COWS score, the CIWA-Ar re-score, any pregnancy and any dose with its "
    "time"
)
A1_JOINED = "; after the CIWA-Ar re-score, before any dose: ask about any overdose"
#: A2: severe_alcohol_withdrawal "in full"; complicated_withdrawal and the d1 alcohol part "followed by their present
#: tail"; "d1 then ends ..."
A2_SEVERE = (
    "Emergency medical evaluation now, in the same transfer as the suicide evaluation: arrange transfer now (ED: "
    "emergency evaluation for suicide risk and emergency medical evaluation in one setting); staff with the patient "
    "until handover; if the patient declines transfer or tries to leave: staff stay with the patient and call "
    "emergency services for an emergency mental-health assessment (local involuntary-assessment procedure); the "
    "patient must not drive; while the transfer is arranged (do not delay the transfer for it): re-score the CIWA-Ar "
    "and screen for delirium (CAM or 4AT) (last 15 on 20 Nov 2026, severe, disoriented), ask what happened since (a "
    # R59 1: delirium said first and alone
    "seizure, confusion, a hospital visit, the last drink); if delirium: no dose here; call emergency services for "
    "the ED; staff with the patient until handover; if a seizure since the last score, "
    "hallucinations, disorientation (item 10 at 2 or "
    "more) or a total of 15 or more: the transfer by emergency services; re-assess for seizures or delirium until "
    "handover; treat on the current score (a first dose before transfer only if it does not delay the transfer); at "
    "handover tell the receiving team the CIWA-Ar re-score, the delirium screen and any dose with its time"
)
A2_TAIL = (
    "; no ambulatory withdrawal management without extended on-site monitoring (1-WM); 24-hour withdrawal management "
    "unless a medical review records a mitigation (possible withdrawal delirium on 20 Nov 2026 (CIWA-Ar): if "
    "confirmed, a history of complicated withdrawal)"
)
A2_D1_END = "; record the reason for the lower rating with the placement decision"
A2_TRANSFER = (
    "arrange transfer now (ED: emergency evaluation for suicide risk and emergency medical evaluation in one setting)"
)
#: A4, A5 (should-fix), their words
# R47 (b5 Q3): the re-score done and what the screen must find, r47's words (was "the first dose may be given once
# the CIWA-Ar re-score and the screen before any dose allow it")
A4_THRESHOLD = (
    "the first dose may be given once the CIWA-Ar re-score is done and the screen before any dose finds no delirium, "
    "no overdose or ingestion and no intoxication"
)
A5_SAME_TRANSFER = (
    "arrange an immediate emergency mental-health evaluation, in the same ED transfer as the emergency medical "
    "evaluation (one setting that can manage both), which decides any hospitalisation"
)
ALCOHOL_CODES = ("complicated_withdrawal", "severe_alcohol_withdrawal", "rated_below_suggestion_d1")
COWS_CODES = ("moderate_opioid_withdrawal", "moderately_severe_opioid_withdrawal", "severe_opioid_withdrawal")
COWS_IDS = ("19", "30", "48")


def _a(cows: str):  # type: ignore[no-untyped-def]
    return _case(CIWAS["complicated"], COWSES[cows], "high")


def _box(r, code: str) -> str:  # type: ignore[no-untyped-def]
    (box,) = [f.action for f in r.flags if f.code == code]
    return box


@pytest.mark.parametrize("cows", COWS_IDS)
def test_a_the_headline_transfers_now_to_one_setting(cows: str) -> None:
    """The headline (all three, right, OK): the unconditional transfer, the emergency evaluation first."""
    r = _a(cows)
    assert r.headline.startswith(
        "First: emergency evaluation for suicide risk and emergency medical evaluation in one setting that can manage "
        "both: arrange transfer now (ED); safety precautions, staff with the patient, until handover; "
    ), r.headline
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION


@pytest.mark.parametrize("cows", COWS_IDS)
def test_a1_every_cows_box_rescores_the_ciwa_ar_first_while_the_transfer_is_arranged(cows: str) -> None:
    r = _a(cows)
    boxes = [f.action for f in r.flags if f.code in COWS_CODES]
    assert len(boxes) == 1, boxes
    for box in boxes:
        assert box.startswith(A1_STARTS[cows]), box
        # physician review R31 M5: a box that may give a dose says its driving advice (before: none), after its
        # steps; the old CIWA-Ar may give a benzodiazepine beside the COWS's dose, so every dose is named
        assert box.endswith(f"{A1_END}; {DRIVING}"), box
        rescore, dose = RESCORE.search(box), DOSE_VERB.search(box)
        assert rescore and dose and rescore.start() < dose.start(), box
    d1 = _box(r, "rated_below_suggestion_d1")
    if cows == "48":  # the joined box's COWS part: after the re-score its alcohol part says, said once
        # physician review R26b, should-fix S9: one handover clause a box, its alcohol part's, the COWS part's said in
        # it (was: the COWS part's own A1_END before A2_D1_END)
        assert A1_JOINED in d1 and d1.endswith(A2_D1_END) and A1_END not in d1, d1
        assert d1.count("at handover tell the receiving team") == 1, d1
        assert d1.count("re-score the CIWA-Ar and screen for delirium") == 1
    else:
        assert "COWS" not in d1


@pytest.mark.parametrize("cows", COWS_IDS)
def test_a2_the_alcohol_boxes_say_the_transfer_now_and_no_driving(cows: str) -> None:
    r = _a(cows)
    # physician review R28, M4: the re-score's dose behind the overdose and intoxication screen, the box as the
    # headline (was: "treat on the current score (a first dose before transfer only if it does not delay the
    # transfer)")
    severe_old = A2_SEVERE.replace(
        "treat on the current score (a first dose before transfer only if it does not delay the transfer)",
        "treat on the current score: before any dose: ask about any overdose or ingestion today and screen for "
        "intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood "
        "glucose; if an overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call emergency "
        "services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose"
        "; intoxicated: the patient must not drive today); otherwise a first dose before transfer "
        "only if it does not delay the transfer",
    )
    # R54 A (physician review R54, finding A; R52 ruling 5's exception beside today's COWS): the bracket says no dose
    # for alcohol withdrawal without today's re-score (was "(last 15 on 20 Nov 2026, severe, disoriented), ask")
    severe_old = severe_old.replace(
        "(last 15 on 20 Nov 2026, severe, disoriented), ask",
        "(last 15 on 20 Nov 2026, severe, disoriented; no dose for alcohol withdrawal here without today's re-score), "
        "ask",
    )
    # physician review R32 (a) (its four settings), R34 S1: beside the emergency evaluation for suicide risk staff stay
    # with the patient held ("the scores" where the box names both withdrawals) (r32a; was: "intoxicated: the patient
    # must not drive today)")
    # physician review R35 S3: "the scores" where the case stands a CIWA-Ar and a COWS flag (the case read: case=r)
    severe = r32a(severe_old, case=r)
    assert _box(r, "severe_alcohol_withdrawal") == severe
    assert _box(r, "complicated_withdrawal") == severe + A2_TAIL
    d1 = _box(r, "rated_below_suggestion_d1")
    # physician review R26b, should-fix S9: the joined box's one handover clause names its COWS part's score and
    # pregnancy (R24b 2's) too; with R28 M4's screen before the re-score's dose (above)
    told = "the delirium screen, the last COWS score and any dose with its time, and any pregnancy"
    severe = (
        r32a(severe_old.replace("the delirium screen and any dose with its time", told), case=r)
        if cows == "48"
        else severe
    )
    assert d1.startswith(severe + A2_TAIL), d1
    assert d1.endswith(A2_D1_END)
    for f in r.flags:  # the reviewer's tests
        assert "must not drive unless" not in (f.action or ""), (f.code, f.action)
    for code in ALCOHOL_CODES:
        box = _box(r, code)
        assert 0 <= box.find(A2_TRANSFER) < box.index("re-score the CIWA-Ar"), (code, box)
        assert box.index("a total of 15 or more") < box.index("the transfer by emergency services"), (code, box)


@pytest.mark.parametrize("cows", COWS_IDS)
def test_a4_a5_the_threshold_and_the_suicide_boxes(cows: str) -> None:
    r = _a(cows)
    assert A4_THRESHOLD in _box(r, "buprenorphine_induction_threshold")
    for code in ("suicide_risk_high", "rated_below_suggestion_d3"):
        assert A5_SAME_TRANSFER in _box(r, code), code
