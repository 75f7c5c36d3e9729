"""Physician review R69: R67's answer to question Q2 (the boxes with nothing to tell the delirium screen in), ruled
"build", typed from the ruling.

Since R64 S3, R65 SF2/F2 and R66, every box that names a delirium screen, or takes it as its condition, and hands over
the scores says "at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and any dose
with its time" ("the last CIWA-Ar score, the delirium screen and any dose with its time" where no COWS is in the case).
But some boxes that screen for delirium (or wait for the screen) and may dose before a transfer said NO handover clause
at all, so there was nothing to tell the screen in. R67 Q2, ruled: such a box gets one, in these words: "if
transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and any dose
with its time" (without COWS in the case: "the last CIWA-Ar score, the delirium screen and any dose with its time"),
where the box's own dose/transfer step ends, before its sedation watch and driving advice, as the boxes that say the
clause order it.

R67 listed: the alcohol withdrawal boxes of cases 29 157 616 667 214 532 676 731 780; the
buprenorphine_induction_threshold boxes of cases 29 157 616 667; those beside a rating of 4 of cases 17 326 572; and one
box each (the threshold's) in cases 58 69 144 189 224 264 266 420 422 715 770. Built as a rule, its reach is 9 boxes
wider, all of the same kind (buprenorphine_induction_threshold boxes whose delirium screen later passes named: cases 39
74 125 160 432 470 604 698 799); no box that names the screen, may dose before a transfer and hands over nothing is
left. Every one of the 800 cases has a COWS where these boxes stand: none takes the one-score form.
"""

from __future__ import annotations

import re

import pytest

from .random_placements import all_built, only_box, texts
from .test_placement_review_r70_d3 import HOLD_IF_TRANSFERRED, SCREENS_432, standard_induction_said

#: The ruling's words (typed): the new step, and its clause with the screen.
NEW_STEP = (
    "; if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and "
    "any dose with its time; "
)
#: R69 C-fix (R20c S6: every handover names the suicide screens the headline names): where the headline tells the
#: receiving team suicide screens at its handover, the step tells them and asks for the assessment in the headline's
#: words after the dose (typed from each headline): 7 boxes of 6 cases.
SCREENS_TOLD = {
    29: "that today's PHQ-9 item 9 was positive, and ask them for a suicide risk assessment once the patient is able "
    "to answer",
    88: "that today's C-SSRS screen was moderate risk, and ask them for a suicide risk assessment with safety "
    "planning, without delaying the transfer",
    189: "that today's PHQ-9 item 9 was positive, and ask them for a suicide risk assessment once the patient is able "
    "to answer",
    # R53 finding A: the headline's "once the patient is able to answer" is its delirium branch's, not copied here
    532: "that the C-SSRS screen of 20 Nov 2026 was moderate risk and that today's PHQ-9 item 9 was positive, and ask "
    "them for a suicide risk assessment with safety planning, without delaying the transfer",
    563: "that today's PHQ-9 item 9 was positive, and ask them for a suicide risk assessment once the patient is able "
    "to answer",
    780: "that the C-SSRS screen of 20 Nov 2026 was moderate risk, and ask them for a suicide risk assessment with "
    "safety planning, without delaying the transfer",
}


def step_of(number: int) -> str:
    """The new step as case ``number``'s boxes say it: with the headline's suicide screens where it tells them."""
    told = SCREENS_TOLD.get(number)
    return f"{NEW_STEP[:-2]}, {told}; " if told else NEW_STEP


#: The sedation watch and driving advice the new step stands before (typed).
WATCH = "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing"
#: R67's 27 boxes (typed).
R67_ALCOHOL = [29, 157, 616, 667, 214, 532, 676, 731, 780]
R67_THRESHOLD = [29, 157, 616, 667, 17, 326, 572, 58, 69, 144, 189, 224, 264, 266, 420, 422, 715, 770]
#: The rule's reach beyond R67's list (typed): threshold boxes of the same kind.
WIDER_THRESHOLD = [39, 74, 125, 160, 432, 470, 604, 698, 799]
#: R69 depth (must-fix 2): the threshold boxes of cases 88 and 563 wait for "no delirium" now, so they take the
#: screen as their condition and hand it over too (typed).
DEPTH_THRESHOLD = [88, 563]
#: R71 must-fix 2: the threshold boxes whose intoxication hold says its "if transferred" branch first (typed).
HOLD_TRANSFERRED_FIRST = {125, 470, 604, 799}
CHANGED = sorted(
    [(n, "moderate_alcohol_withdrawal") for n in R67_ALCOHOL]
    + [(n, "buprenorphine_induction_threshold") for n in R67_THRESHOLD + WIDER_THRESHOLD + DEPTH_THRESHOLD]
)

#: A text that names the delirium screen, or waits for it in other words (typed, R64-R66's readings).
SCREEN_NAMED = re.compile(
    r"(?:screen for delirium|delirium screen) \(CAM or 4AT\)"
    r"|\b(?:medical review|screen before any dose|delirium screen) finds no delirium\b"
)
#: A box that may dose (typed): a first dose, a prescriber's treatment, a treatment on the current score, medication.
MAY_DOSE = re.compile(
    r"\b(?:first dose|treats? withdrawal|treat on the current scores?|a prescriber gives|treat withdrawal with "
    r"medication)\b"
)
#: ... before a transfer (typed): its sedation watch lasts until handover, or it transfers or escalates after the dose.
WATCH_TO_HANDOVER = re.compile(
    r"monitor sedation and breathing (?:until handover|while the patient is on site \(if transferred: until handover\))"
)
TRANSFERS = re.compile(
    r"\b(?:arrange transfer now|if transferred|before transfer|medically managed withdrawal or a higher level of care|"
    r"emergency evaluation)\b"
)
#: Any handover clause a box says (typed).
HANDOVER = re.compile(r"\b[Aa]t handover (?:tell|give|ask) the receiving team\b")


def test_case_58_threshold_whole() -> None:
    """The threshold after the first step's delirium screen (R67's "one box each" kind)."""
    # R71 should-fix 1, R72 must-fix (was: "If starting buprenorphine by standard induction, the first dose may be given
    # once the first step's <screens>; re-score ..."): the first step's transfer said first, its first dose before
    # transfer after the same screens
    assert only_box(58, "buprenorphine_induction_threshold") == standard_induction_said(SCREENS_432) + (
        "re-score the COWS after dosing; if transferred: at handover tell the receiving team the last CIWA-Ar and COWS "
        "scores, the delirium screen and any dose with its time; if a benzodiazepine is given with buprenorphine or "
        "methadone: monitor sedation and breathing while the patient is on site (if transferred: until handover); if a "
        "dose is given: the patient must not drive today. Fentanyl-era protocols differ (low-dose or micro-induction "
        "needs no withdrawal; high-dose induction starts higher): follow the local protocol"
    )


def test_case_29_alcohol_box_whole() -> None:
    """The alcohol box after the first step's medical review, its watch on site (if transferred: until handover)."""
    assert only_box(29, "moderate_alcohol_withdrawal") == (
        "Prescriber's review before the patient leaves, after the first step's medical review finds no delirium and "
        "no intoxication and no overdose or ingestion: at a CIWA-Ar of 10 or more treat withdrawal with medication "
        "(ASAM 2020: moderate withdrawal, 10-18, should receive medication); at 8-9 consider it; re-score the CIWA-Ar "
        "within 1 hour of a dose and before the patient leaves; if transferred: at handover tell the receiving team "
        # R69 C-fix: the headline's PHQ-9 handover (was: "... any dose with its time; if a benzodiazepine")
        "the last CIWA-Ar and COWS scores, the delirium screen and any dose with its time, that today's PHQ-9 item 9 "
        "was positive, and ask them for a suicide risk assessment once the patient is able to answer; if a "
        "benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient is "
        "on site (if "
        "transferred: until handover); if a dose is given: the patient must not drive today"
    )


def test_case_214_alcohol_box_span() -> None:
    """The alcohol box beside a rating of 4, its watch "until handover or while the patient is on site"."""
    assert (
        "; re-score the CIWA-Ar within 1 hour of a dose and before the patient leaves; if transferred: at handover "
        "tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and any dose with its time; if "
        "a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until handover or "
        "while the patient is on site; if a dose is given: the patient must not drive today"
    ) in only_box(214, "moderate_alcohol_withdrawal")


def test_case_29_threshold_span() -> None:
    """The threshold after the first step's medical review."""
    assert only_box(29, "buprenorphine_induction_threshold").startswith(
        "If starting buprenorphine by standard induction, the first dose may be given once the first step's medical "
        "review finds no delirium and no intoxication and no overdose or ingestion; re-score the COWS after dosing; if "
        "transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and "
        # R69 C-fix: as the alcohol box (was: "... any dose with its time; if a benzodiazepine")
        "any dose with its time, that today's PHQ-9 item 9 was positive, and ask them for a suicide risk assessment "
        "once the patient is able to answer; if a benzodiazepine is given with buprenorphine or methadone: monitor "
        "sedation and breathing while the patient is on site (if transferred: until handover); if a dose is given: "
    )


def test_case_17_threshold_beside_rating_4_span() -> None:
    """The threshold beside a rating of 4, after the screen before any dose, its watch "until handover"."""
    assert only_box(17, "buprenorphine_induction_threshold").startswith(
        "If starting buprenorphine by standard induction, the first dose may be given once the first step's screen "
        "before any dose finds no delirium, no overdose or ingestion and no intoxication; re-score the COWS after "
        "dosing; if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium "
        "screen and any dose with its time; if a benzodiazepine is given with buprenorphine or methadone: monitor "
        "sedation and breathing until handover; if a dose is given: the patient must not drive today. "
    )


def test_case_125_threshold_span() -> None:
    """The rule's wider reach: a threshold re-scoring an old COWS after the first step's CIWA-Ar re-score and delirium
    screen, its step told after its last branch, as the case's COWS box tells it."""
    assert (
        "precipitated withdrawal that does not settle, delirium); if below 37: treat on the current score; if "
        "transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and "
        "any dose with its time; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and "
        "breathing while the patient is on site (if transferred: until handover); if a dose is given: the patient must "
        "not drive today"
    ) in only_box(125, "buprenorphine_induction_threshold")


def test_case_799_threshold_span() -> None:
    assert (
        "offer a lift or a taxi, and follow local policy); otherwise treat on the current score; if transferred: at "
        "handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and any dose with its "
        "time; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the "
        "patient is on site (if transferred: until handover); if a dose is given: the patient must not drive today"
    ) in only_box(799, "buprenorphine_induction_threshold")


@pytest.mark.parametrize(("number", "code"), CHANGED)
def test_each_box_says_the_step_once_before_its_watch(number: int, code: str) -> None:
    text = only_box(number, code)
    step = step_of(number)  # R69 C-fix (was: NEW_STEP for every case)
    assert text.count(step) == 1
    clauses = text
    if number in HOLD_TRANSFERRED_FIRST and code == "buprenorphine_induction_threshold":
        # R71 must-fix 2 (was: "text.count("at handover") == 1" alone): the intoxication hold's "if transferred" branch
        # (typed) tells the reading at handover too; its one handover clause counted apart from that reading
        assert text.count(HOLD_IF_TRANSFERRED) == 1
        clauses = text.replace(HOLD_IF_TRANSFERRED, "")
    assert clauses.count("at handover") == 1  # its one handover clause
    assert f"{step}{WATCH}" in text


@pytest.mark.parametrize(
    ("number", "code"),
    [(n, "moderate_alcohol_withdrawal") for n in [159, 170, 193, 204, 424, 498, 507, 620, 660, 664, 740]],
)
def test_alcohol_boxes_whose_dose_comes_before_no_transfer_left(number: int, code: str) -> None:
    """The medical review's alcohol boxes whose case transfers only in the review's delirium branch, before any dose
    (no watch, no transfer after the dose): no dose before a transfer, no handover (as R67's file types them)."""
    text = only_box(number, code)
    assert SCREEN_NAMED.search(text)
    assert MAY_DOSE.search(text)
    assert not WATCH_TO_HANDOVER.search(text) and not TRANSFERS.search(text)
    assert "handover" not in text


def test_sweep_the_new_step() -> None:
    """All 800: the step, with the watch after it, stands in 73 texts of 45 cases (was 35); in the alcohol and threshold
    boxes in 44 (was 6: the alcohol boxes of cases 377 525 585 608 781 and case 635's threshold, which said it
    before): the 38 boxes of 34 cases (R67's 27, 9 threshold boxes more and R69 depth's 88 and 563), every one
    naming the screen or waiting for it."""
    # R69 C-fix: each case's step as it says it, with the headline's suicide screens (was: NEW_STEP for every case)
    saying = [(n, code) for n in all_built() for code, text in texts(n) if f"{step_of(n)}{WATCH}" in text]
    # R69 D: cases 343 and 699's COWS and threshold boxes hold for delirium after the first step's screen, so they
    # wait for it and take the step; R69 C-fix: cases 29 and 563's COWS boxes and 563's dimension-1 box say it with
    # the screens (was: 73, before D: 71)
    assert len(saying) == 82
    assert len({n for n, _ in saying}) == 47  # R69 D: 343 and 699 (was: 45, before D: 44)
    boxes = [(n, c) for n, c in saying if c in {"moderate_alcohol_withdrawal", "buprenorphine_induction_threshold"}]
    before = [(n, "moderate_alcohol_withdrawal") for n in [377, 525, 585, 608, 781]]
    before += [(635, "buprenorphine_induction_threshold")]
    d_held = [(343, "buprenorphine_induction_threshold"), (699, "buprenorphine_induction_threshold")]  # R69 D
    assert sorted(boxes) == sorted([*CHANGED, *before, *d_held])
    assert len(CHANGED) == 38  # R69 depth: 88 and 563 (was: 36)
    assert len({n for n, _ in CHANGED}) == 34  # (was: 32)
    assert all(SCREEN_NAMED.search(only_box(n, c)) for n, c in CHANGED)


def test_sweep_no_screened_box_that_may_dose_before_a_transfer_hands_over_nothing() -> None:
    """All 800: every box that names the delirium screen (or waits for it), may dose, and may do so before a transfer
    (its watch lasts until handover, or it transfers after its dose) says a handover clause telling the screen; none
    hands over nothing (before R69: the 36)."""
    missing, told = [], []
    for number in all_built():
        for code, text in texts(number):
            if code == "headline" or not SCREEN_NAMED.search(text):
                continue
            dose = MAY_DOSE.search(text)
            if dose is None:
                continue
            if not (WATCH_TO_HANDOVER.search(text, dose.start()) or TRANSFERS.search(text, dose.end())):
                continue
            if not HANDOVER.search(text):
                missing.append((number, code))
            elif re.search(r"the delirium screen(?:, the last COWS score)? and any dose with its time", text):
                told.append((number, code))
    assert missing == []
    assert set(CHANGED) <= set(told)


def test_sweep_no_text_says_the_step_twice_nor_the_old_box() -> None:
    """All 800: no box says two handover clauses telling the scores and the screen; no changed box says its old words
    (the dose step running into the watch)."""
    for number in all_built():
        for code, text in texts(number)[1:]:  # the boxes (a headline may join two steps' handovers)
            assert text.count(", the delirium screen and any dose with its time") <= 1, (number, code)
    old = {
        "moderate_alcohol_withdrawal": f"within 1 hour of a dose and before the patient leaves; {WATCH}",
        "buprenorphine_induction_threshold": f"; re-score the COWS after dosing; {WATCH}",
    }
    for number, code in CHANGED:
        assert old[code] not in only_box(number, code)
