"""Physician review R64 (ruled "build now"): should-fix S4 and item 2b, typed from the ruling's words.

- S4: the moderate_alcohol_withdrawal boxes of cases 29 157 252 509 589 616 667 of the 800 said "if a benzodiazepine
  is given with buprenorphine or methadone: monitor sedation and breathing while the patient is on site; if a dose is
  given: the patient must not drive today" in a case that can transfer the patient (its headline or another box
  arranges a transfer, or says what is told "if transferred"); R64's words: "monitor sedation and breathing while the
  patient is on site (if transferred: until handover); if a dose is given: ...". The rule reaches exactly these seven
  boxes in the 800: the other texts that still say the on-site watch alone are three headlines of cases with no
  transfer anywhere (447 691 795), and texts that say a second watch beside it ("until handover", physician review
  R61's joined texts, left by R62 S2 / R63 section 5).
- 2b: cases 33 and 135 handed over "the CIWA-Ar re-score and the COWS score and any dose with its time" (3 texts in
  the 800: 33's moderate_alcohol_withdrawal box, 135's moderate_alcohol_withdrawal and rated_below_suggestion_d1
  boxes); R64's words: "the CIWA-Ar re-score, the COWS score and any dose with its time" (a list).
"""

from __future__ import annotations

import re

import pytest

from .random_placements import all_built, only_box, texts

#: S4's words (typed from R64 S4).
S4_WATCH = (
    "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient "
    "is on site (if transferred: until handover); if a dose is given: the patient must not drive today"
)
#: The words they replace (typed from the boxes before R64 S4).
S4_OLD = (
    "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient "
    "is on site; if a dose is given: the patient must not drive today"
)
#: S4's seven cases (R64 S4).
S4_CASES = (29, 157, 252, 509, 589, 616, 667)
#: Case 29's moderate_alcohol_withdrawal box in full, R64 S4's words at its end (typed).
CASE_29_ALCOHOL_BOX = (
    "Prescriber's review before the patient leaves, after the first step's medical review finds no delirium and no "
    "intoxication and no overdose or ingestion: at a CIWA-Ar of 10 or more treat withdrawal with medication (ASAM "
    "2020: moderate withdrawal, 10-18, should receive medication); at 8-9 consider it; re-score the CIWA-Ar within 1 "
    "hour of a dose and before the patient leaves; "
    # R69 Q2 handover (was: without "if transferred: at handover tell ...")
    "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and "
    # R70 S (was: "any dose with its time; "): the headline's PHQ-9 screen and its request told at handover
    "any dose with its time, that today's PHQ-9 item 9 was positive, and ask them for a suicide risk assessment once "
    "the patient is able to answer; "
    "if a benzodiazepine is given with buprenorphine or methadone: "
    "monitor sedation and breathing while the patient is on site (if transferred: until handover); if a dose is "
    "given: the patient must not drive today"
)
#: Case 252's, whose transfer is the headline's and the COWS box's escalation "arrange medically managed withdrawal
#: or a higher level of care: co-occurring alcohol withdrawal (...)" and their "if transferred" (typed: its end).
CASE_252_ALCOHOL_END = (
    "otherwise at a CIWA-Ar of 10 or more treat withdrawal with medication (ASAM 2020: moderate withdrawal, 10-18, "
    "should receive medication); at 8-9 consider it; re-score the CIWA-Ar within 1 hour of a dose and before the "
    "patient leaves; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing "
    "while the patient is on site (if transferred: until handover); if a dose is given: the patient must not drive "
    "today"
)


@pytest.mark.parametrize("number", S4_CASES)
def test_s4_alcohol_box_watch_until_handover_if_transferred(number: int) -> None:
    text = only_box(number, "moderate_alcohol_withdrawal")
    assert text.endswith(S4_WATCH)
    assert S4_OLD not in text
    assert text.count("monitor sedation and breathing") == 1


def test_s4_case_29_alcohol_box_in_full() -> None:
    assert only_box(29, "moderate_alcohol_withdrawal") == CASE_29_ALCOHOL_BOX


def test_s4_case_252_alcohol_box_end() -> None:
    assert only_box(252, "moderate_alcohol_withdrawal").endswith(CASE_252_ALCOHOL_END)


#: A text that can transfer the patient (typed: arranges a transfer, says what is told "if transferred", or arranges
#: medically managed withdrawal or a higher level of care, R27 M1's reading).
CAN_TRANSFER = re.compile(
    r"\barrange transfer\b|\bif transferred\b|"
    r"\barrange medically managed withdrawal or a higher level of care\b(?! only for a complicating condition)"
)
#: The on-site watch with nothing said of a transfer after it (typed).
BARE_WATCH = re.compile(r"monitor sedation and breathing while the patient is on site(?! \(if transferred)")
#: The texts of the 800 left saying the on-site watch alone, and why (typed from the sweep of the R64 S4 build):
#: headlines of cases with no transfer anywhere, and texts saying a second watch beside it (R61's joined texts).
NO_TRANSFER_LEFT = frozenset({(447, "headline"), (691, "headline"), (795, "headline")})
# R65 SF1 (was: the headlines of 88 120 249 377 406 525 585 608 781 and the rated_below_suggestion_d1 boxes of 120 377
# 406 585 608 781: R65 SF1 gave the 13 of 120 377 406 525 585 608 781 "(if transferred: until handover)")
SECOND_WATCH_LEFT = frozenset({(88, "headline"), (249, "headline")})


def test_s4_sweep_no_sole_on_site_watch_in_a_case_that_can_transfer() -> None:
    """Across the 800, no text whose only watch is the on-site one, in a case another text of which can transfer the
    patient, leaves out "(if transferred: until handover)" (R64 S4: any text of the same shape)."""
    wrong = []
    left = set()
    for number in all_built():
        said = texts(number)
        for i, (code, text) in enumerate(said):
            if not BARE_WATCH.search(text):
                continue
            left.add((number, code))
            sole = text.count("monitor sedation and breathing") == len(BARE_WATCH.findall(text))
            beside = any(CAN_TRANSFER.search(t) for j, (_, t) in enumerate(said) if j != i)
            if sole and beside:
                wrong.append((number, code))
    assert wrong == []
    assert left == NO_TRANSFER_LEFT | SECOND_WATCH_LEFT
    for number, code in NO_TRANSFER_LEFT:
        assert not any(CAN_TRANSFER.search(t) for _, t in texts(number)), (number, code)
    for number, code in SECOND_WATCH_LEFT:
        assert "monitor sedation and breathing until handover" in only_box(number, code), (number, code)


def test_s4_sweep_old_words_nowhere() -> None:
    """The seven boxes' old words are said by no text of the 800."""
    said = [(n, c) for n in all_built() for c, t in texts(n) if S4_OLD in t]
    assert said == []


#: 2b's words (typed from R64 2b).
TOLD_LIST = "at handover tell the receiving team the CIWA-Ar re-score, the COWS score and any dose with its time"
#: The words they replace (typed).
TOLD_AND_AND = "the CIWA-Ar re-score and the COWS score and any dose with its time"
#: 2b's texts (the 3 that said the old words in the 800).
B2_TEXTS = (
    (33, "moderate_alcohol_withdrawal"),
    (135, "moderate_alcohol_withdrawal"),
    (135, "rated_below_suggestion_d1"),
)
#: The clause around it in the alcohol boxes (typed).
B2_ALCOHOL_CLAUSE = (
    # R65 F3 (was: "treat on the current score: a first dose before transfer only if it does not delay the transfer")
    "otherwise, if not intoxicated: treat on the current score (if transferred for the suicide evaluation: a first "
    "dose before transfer only if it does not "
    "delay the transfer); at handover tell the receiving team the CIWA-Ar re-score, the COWS score and any dose with "
    "its time; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until the "
    "evaluation or handover; if a dose is given: the patient must not drive today"
)
#: The clause in 135's rated_below_suggestion_d1 box (typed).
B2_D1_CLAUSE = (
    "prescriber's review now, while the patient waits for the suicide evaluation (if transferred: a first dose before "
    "transfer only if it does not delay the transfer; at handover tell the receiving team the CIWA-Ar re-score, the "
    "COWS score and any dose with its time): treat withdrawal as the prescriber decides, with buprenorphine"
)


@pytest.mark.parametrize(("number", "code"), B2_TEXTS)
def test_2b_rescore_and_cows_told_as_a_list(number: int, code: str) -> None:
    text = only_box(number, code)
    assert text.count(TOLD_LIST) == 1
    assert TOLD_AND_AND not in text
    clause = B2_D1_CLAUSE if code == "rated_below_suggestion_d1" else B2_ALCOHOL_CLAUSE
    assert clause in text


def test_2b_sweep() -> None:
    """No text of the 800 says the re-score and the COWS score with "and ... and"; the list is said by 2b's three
    texts only."""
    old = [(n, c) for n in all_built() for c, t in texts(n) if "re-score and the COWS score and any dose" in t]
    assert old == []
    new = sorted((n, c) for n in all_built() for c, t in texts(n) if TOLD_LIST in t)
    assert new == sorted(B2_TEXTS)
