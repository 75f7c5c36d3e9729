"""Physician review R66, should-fix (the handover names the delirium screen in 36 more boxes) and its follow-up (case
88's dimension-1 box said "if delirium: no dose here" twice), typed from the ruling.

R64 S3 and R65 SF2/F2 made every text that names a delirium screen ("screen for delirium (CAM or 4AT)", "delirium
screen (CAM or 4AT)") hand it over: "at handover tell the receiving team the last CIWA-Ar score, the delirium screen and
any dose with its time" (beside a COWS: "the last CIWA-Ar and COWS scores, the delirium screen and any dose with its
time"). R66: 36 box texts take the screen as their condition in other words and handed over without it:

- "after the first step's medical review finds no delirium": cases 29 126 157 214 360 532 533 616 641 667 676 731 780
  794 (21 texts: the COWS, alcohol and buprenorphine boxes);
- "once the (first step's) screen before any dose finds no delirium": 15 buprenorphine_induction_threshold boxes
  (cases 34 72 281 304 335 364 386 413 450 491 552 606 633 689 743).

Each says the screen there too, in the same words. Follow-up: case 88's rated_below_suggestion_d1 box re-scores the old
CIWA-Ar twice (the COWS box's "Re-score the CIWA-Ar first" and the alcohol box's "re-score the CIWA-Ar now") and holds
the dose in delirium after each. Saying the hold once (after the first) was built and NOT landed: physician review
R67, must-fix 1, rules the second copy of the re-score step dropped altogether (a screen left without its hold opened
two doses); until then it is the one text of the 800 that says the hold twice, and every other text says it once.
R69 drops it so (tests/test_placement_review_r69_depth.py): no text of the 800 says the hold twice but F1's six.
"""

from __future__ import annotations

import re

import pytest

from iopkit.placement.recommendation import delirium_screen_told

from .random_placements import all_built, only_box, texts

#: R66's words (typed): the handover telling the screen, one score or two.
CIWA_TOLD = "at handover tell the receiving team the last CIWA-Ar score, the delirium screen and any dose with its time"
BOTH_TOLD = (
    "at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and any dose with its "
    "time"
)
#: The words R66 replaces (typed).
CIWA_UNTOLD = "the last CIWA-Ar score and any dose with its time"
BOTH_UNTOLD = "the last CIWA-Ar and COWS scores and any dose with its time"
#: The screen in other words (typed): a condition that the first step's review or screen "finds no delirium".
MEDICAL_REVIEW = "after the first step's medical review finds no delirium and no intoxication"
SCREEN_BEFORE_ANY_DOSE = "the first dose may be given once the first step's screen before any dose finds no delirium"
#: ... case 450's, whose screen before any dose is no first step's (typed).
THE_SCREEN_BEFORE_ANY_DOSE = "the first dose may be given once the screen before any dose finds no delirium"
#: A text that names the screen in the pass's earlier words (typed), and one that takes it in other words (typed).
NAMES_SCREEN = re.compile(r"(?:screen for delirium|delirium screen) \(CAM or 4AT\)")
OTHER_WORDS = re.compile(r"\b(?:medical review|screen before any dose|delirium screen) finds no delirium\b")
#: A handover of a score (or scores) and any dose, with or without the screen (typed).
SCORE_AND_DOSE = re.compile(r" scores? and any dose with its time")
SCORE_SCREEN_AND_DOSE = re.compile(r" scores?, the delirium screen and any dose with its time")

#: R66's 21 texts after the first step's medical review, by case and box (typed): the one-score form (alcohol boxes).
MEDICAL_REVIEW_CIWA = [
    (126, "moderate_alcohol_withdrawal"),
    (533, "moderate_alcohol_withdrawal"),
    (641, "moderate_alcohol_withdrawal"),
    (794, "moderate_alcohol_withdrawal"),
]
#: ... and the two-score form.
MEDICAL_REVIEW_BOTH = [
    (29, "moderate_opioid_withdrawal"),
    (157, "moderate_opioid_withdrawal"),
    (214, "severe_opioid_withdrawal"),
    (214, "buprenorphine_induction_threshold"),
    (360, "moderately_severe_opioid_withdrawal"),
    (360, "moderate_alcohol_withdrawal"),
    (360, "buprenorphine_induction_threshold"),
    (532, "moderately_severe_opioid_withdrawal"),
    (532, "buprenorphine_induction_threshold"),
    (616, "moderately_severe_opioid_withdrawal"),
    (667, "moderately_severe_opioid_withdrawal"),
    (676, "moderate_opioid_withdrawal"),
    (676, "buprenorphine_induction_threshold"),
    (731, "moderate_opioid_withdrawal"),
    (731, "buprenorphine_induction_threshold"),
    (780, "moderate_opioid_withdrawal"),
    (780, "buprenorphine_induction_threshold"),
]
#: R66's 15 buprenorphine_induction_threshold boxes after the screen before any dose (typed), all two-score.
SCREEN_BEFORE_ANY_DOSE_CASES = [34, 72, 281, 304, 335, 364, 386, 413, 450, 491, 552, 606, 633, 689, 743]

#: The follow-up's phrase (typed).
NO_DOSE_IF_DELIRIUM = "if delirium: no dose here"


def _clause(text: str, at: int) -> str:
    """The clause of ``text`` around ``at``, from the ";" before it to the ";" after it."""
    end = text.find(";", at)
    return text[text.rfind(";", 0, at) + 1 : end if end >= 0 else len(text)]


@pytest.mark.parametrize(("number", "code"), MEDICAL_REVIEW_CIWA)
def test_medical_review_alcohol_boxes_tell_the_screen(number: int, code: str) -> None:
    text = only_box(number, code)
    assert MEDICAL_REVIEW in text
    assert CIWA_TOLD in text
    assert CIWA_UNTOLD not in text


@pytest.mark.parametrize(("number", "code"), MEDICAL_REVIEW_BOTH)
def test_medical_review_boxes_tell_the_screen_with_both_scores(number: int, code: str) -> None:
    text = only_box(number, code)
    assert MEDICAL_REVIEW in text
    assert BOTH_TOLD in text
    assert BOTH_UNTOLD not in text


@pytest.mark.parametrize("number", SCREEN_BEFORE_ANY_DOSE_CASES)
def test_buprenorphine_threshold_after_the_screen_before_any_dose_tells_it(number: int) -> None:
    text = only_box(number, "buprenorphine_induction_threshold")
    condition = THE_SCREEN_BEFORE_ANY_DOSE if number == 450 else SCREEN_BEFORE_ANY_DOSE
    assert text.startswith(f"If starting buprenorphine by standard induction, {condition}")
    assert BOTH_TOLD in text
    assert BOTH_UNTOLD not in text


def test_case_29_cows_box_whole() -> None:
    assert only_box(29, "moderate_opioid_withdrawal") == (
        "Prescriber's review before the patient leaves, after the first step's medical review finds no delirium and "
        "no intoxication and no overdose or ingestion: treat withdrawal as the prescriber decides, with buprenorphine, "
        "or methadone only in an opioid treatment programme or under the 72-hour rule (given or dispensed on site, at "
        "most a 3-day supply while referral is arranged, not renewed or extended; never prescribed); re-score the "
        "COWS 1-2 hours after dosing; arrange medically managed withdrawal or a higher level of care: co-occurring "
        "alcohol withdrawal (CIWA-Ar 14 today); if transferred: at handover tell the receiving team the last CIWA-Ar "
        # R69 (R20c S6 for every handover): the headline's PHQ-9 told and the assessment asked for in its words (was:
        # "... any dose with its time; if a benzodiazepine")
        "and COWS scores, the delirium screen and any dose with its time, that today's PHQ-9 item 9 was positive, and "
        "ask them for a suicide risk assessment once the patient is able to answer; if a benzodiazepine is given with "
        "buprenorphine or methadone: monitor sedation and breathing while the patient is on site (if transferred: "
        "until handover); if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not "
        "drive today"
    )


def test_case_126_alcohol_box_whole() -> None:
    assert only_box(126, "moderate_alcohol_withdrawal") == (
        "Prescriber's review now, while the patient waits for the suicide evaluation (if transferred: a first dose "
        "before transfer only if it does not delay the transfer; at handover tell the receiving team the last CIWA-Ar "
        "score, the delirium screen and any dose with its time), after the first step's medical review finds no "
        "delirium and no intoxication and no overdose or ingestion: at a CIWA-Ar of 10 or more treat withdrawal with "
        "medication (ASAM 2020: moderate withdrawal, 10-18, should receive medication); at 8-9 consider it; re-score "
        "the CIWA-Ar within 1 hour of a dose and before the evaluation ends or at handover; if a dose is given: the "
        "patient must not drive today"
    )


def test_case_34_buprenorphine_threshold_whole() -> None:
    assert only_box(34, "buprenorphine_induction_threshold") == (
        "If starting buprenorphine by standard induction, the first dose may be given once the first step's screen "
        "before any dose finds no delirium, no overdose or ingestion and no intoxication, before transfer only if it "
        "does not delay the transfer; at handover tell the receiving team the last CIWA-Ar and COWS scores, the "
        # R69 (R20c S6 for every handover): as case 29's (was: "... any dose with its time; re-score the COWS")
        "delirium screen and any dose with its time, that today's PHQ-9 item 9 was positive, and ask them for a "
        "suicide risk assessment once the patient is able to answer, without delaying the transfer; re-score the "
        "COWS after dosing; if a benzodiazepine is given with "
        "buprenorphine or methadone: monitor sedation and breathing until handover; if a dose is given: the patient "
        "must not drive today. Fentanyl-era protocols differ (low-dose or micro-induction needs no withdrawal; "
        "high-dose induction starts higher): follow the local protocol"
    )


def test_case_214_buprenorphine_threshold_after_the_medical_review() -> None:
    text = only_box(214, "buprenorphine_induction_threshold")
    assert (
        "; after the first step's medical review finds no delirium and no intoxication, at a COWS of 13 or more a "
        "prescriber treats withdrawal now (a first dose before transfer only if it does not delay the transfer): "
    ) in text
    assert (
        "; re-score the COWS after dosing; at handover tell the receiving team the last CIWA-Ar and COWS scores, the "
        "delirium screen and any dose with its time, and any complicating condition (vomiting or diarrhoea with "
    ) in text


@pytest.mark.parametrize("number", [159, 170, 193, 204, 424, 498, 507, 620, 660, 664, 740])
def test_alcohol_boxes_without_a_handover_left(number: int) -> None:
    """The medical review's alcohol boxes of cases whose only transfer is the review's own delirium branch hand over
    nothing (the review's box tells the screen): left as they were."""
    text = only_box(number, "moderate_alcohol_withdrawal")
    assert text.startswith(f"Prescriber's review before the patient leaves, {MEDICAL_REVIEW}")
    assert "handover" not in text


def test_the_pass_is_idempotent_on_the_36() -> None:
    for number, code in [*MEDICAL_REVIEW_CIWA, *MEDICAL_REVIEW_BOTH]:
        text = only_box(number, code)
        assert delirium_screen_told(text) == text
    for number in SCREEN_BEFORE_ANY_DOSE_CASES:
        text = only_box(number, "buprenorphine_induction_threshold")
        assert delirium_screen_told(text) == text


def test_sweep_the_texts_telling_the_screen_in_other_words() -> None:
    """All 800: every text that takes the screen as its condition in other words (and names it in no earlier words)
    tells it in each handover of a score (or scores) and any dose; 68 such texts of 48 cases, none a headline: R66's 36
    and, since R69 (R67 Q2), the 32 boxes that handed over nothing."""
    told, wrong = [], []
    for number in all_built():
        for code, text in texts(number):
            if NAMES_SCREEN.search(text) or not OTHER_WORDS.search(text):
                continue
            for m in SCORE_AND_DOSE.finditer(text):
                if "the delirium screen" not in _clause(text, m.start()):
                    wrong.append(f"{number} {code}: ...{text[max(0, m.start() - 200) : m.end()]}")
            if SCORE_SCREEN_AND_DOSE.search(text):
                told.append((number, code))
    assert not wrong, "\n\n".join(wrong)
    # R69 hand, R67 Q2 ruled "build" (was: 36 texts of 29 cases, exactly R66's): the 32 boxes that took the screen as
    # their condition in other words and handed over nothing now say "if transferred: at handover tell the receiving
    # team the last CIWA-Ar and COWS scores, the delirium screen and any dose with its time"
    # R69 depth (must-fix 2): the threshold boxes of 88 and 563 wait for "no delirium" and hand the screen over too
    assert len(told) == 70  # (was: 68)
    assert len({n for n, _ in told}) == 50  # (was: 48)
    assert "headline" not in {c for _, c in told}
    expected = {*MEDICAL_REVIEW_CIWA, *MEDICAL_REVIEW_BOTH}
    expected |= {(n, "buprenorphine_induction_threshold") for n in SCREEN_BEFORE_ANY_DOSE_CASES}
    expected |= {(n, "moderate_alcohol_withdrawal") for n in [29, 157, 616, 667, 214, 532, 676, 731, 780]}
    expected |= {
        (n, "buprenorphine_induction_threshold")
        for n in [29, 157, 616, 667, 17, 326, 572, 58, 69, 144, 189, 224, 264, 266, 420, 422, 715, 770]
        + [39, 74, 160, 432, 698]
        + [88, 563]  # R69 depth (must-fix 2)
    }
    assert set(told) == expected


@pytest.mark.parametrize("code", ["headline", "severe_opioid_withdrawal", "possible_inattention"])
def test_follow_up_case_88_other_texts_keep_their_one_hold(code: str) -> None:
    text = only_box(88, code)
    assert text.count(NO_DOSE_IF_DELIRIUM) == 1
    assert "give thiamine and check blood glucose; if delirium: no dose here; call emergency services for the ED; " in (
        text
    )


def test_follow_up_sweep_no_text_holds_the_dose_in_delirium_twice() -> None:
    """All 800: no text but F1's six texts holding at two screens says "if delirium: no dose here" twice (R69, ruling
    R67 must-fix 1: case 88's dimension-1 box's second re-score step dropped altogether; was: "no text but case 88's
    dimension-1 box ... and F1's six texts"); 360 texts of 97 cases say it."""
    holding = [
        (number, code, text.count(NO_DOSE_IF_DELIRIUM))
        for number in all_built()
        for code, text in texts(number)
        if NO_DOSE_IF_DELIRIUM in text
    ]
    # R67 F1 (was: only 88's): F1's hold at each of two screens of one sentence, once a screen (R18 S2, R22 M1; its
    # own test types them: tests/test_placement_review_r65_f1.py)
    assert sorted(h for h in holding if h[2] > 1) == [
        (39, "rated_below_suggestion_d1", 2),
        # R69 (R67 must-fix 1) (was: (88, "rated_below_suggestion_d1", 2)): its second re-score step dropped, the
        # hold said once
        (125, "headline", 2),
        (125, "rated_below_suggestion_d1", 2),
        (470, "headline", 2),
        (470, "rated_below_suggestion_d1", 2),
        (698, "rated_below_suggestion_d1", 2),
    ]
    # R67 F1 (was: 302 texts of 81 cases): the old severe CIWA-Ar's conditional transfer holds in delirium too
    # R69 D (was: 360): the COWS and threshold boxes of cases 377, 525 and 585 hold in delirium after the first step's
    # screen
    assert len(holding) == 366
    assert len({n for n, _, _ in holding}) == 97
