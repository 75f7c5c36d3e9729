"""Physician review R65: should-fix SF1 and follow-up F3, typed from the ruling's words.

- SF1 (the R64 S4 gap in another form): the joined re-scores' branch "otherwise, if not intoxicated: a prescriber
  treats on today's score[s]; at a CIWA-Ar re-score of 8 or more with a COWS re-score of 13 or more (two
  withdrawals): arrange medically managed withdrawal or a higher level of care; if transferred: at handover tell ...;
  ... monitor sedation and breathing while the patient is on site;" can transfer the patient; R65's words: "...
  monitor sedation and breathing while the patient is on site (if transferred: until handover);". 13 texts in the 800:
  case 525's headline, and the headlines and rated_below_suggestion_d1 boxes of cases 120 377 406 585 608 781. Not
  changed: the "Otherwise, ... before the patient leaves ... while the patient is on site" headlines of 88 and 249
  (non-transfer branches), and the three headlines of cases with no transfer anywhere (447 691 795).
- F3: "otherwise, if not intoxicated: treat on the current score: a first dose before transfer only if it does not
  delay the transfer" read oddly in the branch that does not transfer; R65's words: "otherwise, if not intoxicated:
  treat on the current score (if transferred for the suicide evaluation: a first dose before transfer only if it does
  not delay the transfer)". The 36 texts of the 800 that said it (cases 33 135 199 247 293 321 370 458 580 724 766),
  every one in a case whose headline orders the emergency evaluation for suicide risk first.
"""

from __future__ import annotations

import pytest

from .random_placements import all_built, only_box, texts

#: SF1's words (typed from R65 SF1).
SF1_WATCH = (
    "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient "
    "is on site (if transferred: until handover);"
)
#: The words they replace (typed).
SF1_OLD = (
    "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient "
    "is on site;"
)
#: SF1's 13 texts (R65 SF1).
SF1_TEXTS = (
    (525, "headline"),
    *((n, code) for n in (120, 377, 406, 585, 608, 781) for code in ("headline", "rated_below_suggestion_d1")),
)
#: The branch's opening (typed from R65 SF1).
SF1_BRANCH = (
    "at a CIWA-Ar re-score of 8 or more with a COWS re-score of 13 or more (two withdrawals): arrange medically "
    "managed withdrawal or a higher level of care; if transferred: at handover tell the receiving team"
)
#: Case 120's headline, its branch to the watch in full (typed).
CASE_120_HEADLINE_BRANCH = (
    "otherwise, if not intoxicated: a prescriber treats on today's scores; at a CIWA-Ar re-score of 8 or more with a "
    "COWS re-score of 13 or more (two withdrawals): arrange medically managed withdrawal or a higher level of care; "
    "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time, "
    "that today's C-SSRS screen was high risk and that today's PHQ-9 item 9 was positive, and whether the emergency "
    "evaluation for suicide risk was completed here (if so, its findings); safety precautions, staff with the patient, "
    "until handover; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing "
    # R75c 1 (was: "...until handover); if any dose is given: the patient must not drive today"): the headline's lead
    # says "(local involuntary-assessment procedure); the patient must not drive"
    "while the patient is on site (if transferred: until handover); re-score the CIWA-Ar within 1 hour of a dose"
)
#: Case 120's rated_below_suggestion_d1 box, its branch to the end of the watch (typed).
CASE_120_D1_BRANCH = (
    "otherwise, if not intoxicated: a prescriber treats on today's score; re-score the COWS now (last 30 on 20 Nov "
    "2026); treat on the current score; at a CIWA-Ar re-score of 8 or more with a COWS re-score of 13 or more (two "
    "withdrawals): arrange medically managed withdrawal or a higher level of care; if transferred: at handover tell "
    "the receiving team the last CIWA-Ar and COWS scores and any dose with its time; if a benzodiazepine is given with "
    "buprenorphine or methadone: monitor sedation and breathing while the patient is on site (if transferred: until "
    "handover); if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today"
)
#: Case 525's headline, its branch to the watch (typed).
CASE_525_HEADLINE_BRANCH = (
    "otherwise, if not intoxicated: a prescriber treats on today's scores; at a CIWA-Ar re-score of 8 or more with a "
    "COWS re-score of 13 or more (two withdrawals): arrange medically managed withdrawal or a higher level of care; "
    "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and any "
    "dose with its time, that today's C-SSRS screen found a wish to be dead or non-specific suicidal thoughts, and ask "
    "them for a suicide risk assessment (do not delay the transfer for it); if a benzodiazepine is given with "
    "buprenorphine or methadone: monitor sedation and breathing while the patient is on site (if transferred: until "
    "handover); if any dose is given: the patient must not drive today"
)
#: The watch of the transfer branch before it, kept (typed).
UNTIL_HANDOVER = (
    "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until handover; "
    "otherwise, if not intoxicated: a prescriber treats on today's score"
)
#: The texts left saying the branch's old words (typed): 88's and 249's non-transfer branches (R65 SF1: correct as they
#: stand).
LEFT = frozenset({(88, "headline"), (249, "headline")})
#: 88's and 249's branch (typed from R65 SF1: "Otherwise, ... before the patient leaves ... while the patient is on
#: site").
NON_TRANSFER_BRANCH = (
    "Otherwise, if not intoxicated, a prescriber treats withdrawal now, before the patient leaves: buprenorphine, or "
    "methadone as the COWS flag says; re-score the COWS after dosing; if a benzodiazepine is given with buprenorphine "
    "or methadone: monitor sedation and breathing while the patient is on site; if any dose is given"
)


@pytest.mark.parametrize(("number", "code"), SF1_TEXTS)
def test_sf1_watch_until_handover_if_transferred(number: int, code: str) -> None:
    text = only_box(number, code)
    assert SF1_WATCH in text
    assert SF1_OLD not in text
    assert SF1_BRANCH in text
    assert text.index(SF1_BRANCH) < text.index(SF1_WATCH)


@pytest.mark.parametrize(("number", "code"), [t for t in SF1_TEXTS if t[0] != 525])
def test_sf1_transfer_branch_watch_kept(number: int, code: str) -> None:
    text = only_box(number, code)
    assert text.count(UNTIL_HANDOVER) == 1
    assert text.index(UNTIL_HANDOVER) < text.index(SF1_WATCH)


def test_sf1_case_120_headline_branch() -> None:
    assert CASE_120_HEADLINE_BRANCH in only_box(120, "headline")


def test_sf1_case_120_d1_branch() -> None:
    assert CASE_120_D1_BRANCH in only_box(120, "rated_below_suggestion_d1")


def test_sf1_case_525_headline_branch() -> None:
    assert CASE_525_HEADLINE_BRANCH in only_box(525, "headline")


@pytest.mark.parametrize("number", [88, 249])
def test_sf1_non_transfer_branches_left(number: int) -> None:
    headline = only_box(number, "headline")
    assert NON_TRANSFER_BRANCH in headline
    assert "while the patient is on site (if transferred" not in headline


def test_sf1_sweep_exact_set() -> None:
    """Across the 800, every text with the joined re-scores' two watches says SF1's words after the transfer branch's
    watch (SF1's 13 texts among them, and the boxes that said them before SF1), and the old words are said by 88's and
    249's headlines only."""
    joined, old = set(), set()
    for number in all_built():
        for code, text in texts(number):
            if UNTIL_HANDOVER in text:
                assert SF1_WATCH in text[text.index(UNTIL_HANDOVER) :], (number, code)
                joined.add((number, code))
            if SF1_OLD in text:
                old.add((number, code))
    assert set(SF1_TEXTS) <= joined
    assert len(joined) == 28
    assert old == LEFT


#: F3's words (typed from R65 F3).
F3_WORDS = (
    "otherwise, if not intoxicated: treat on the current score (if transferred for the suicide evaluation: a first "
    "dose before transfer only if it does not delay the transfer)"
)
#: The words they replace (typed).
F3_OLD = (
    "otherwise, if not intoxicated: treat on the current score: a first dose before transfer only if it does not "
    "delay the transfer"
)
#: F3's cases: every case of the 800 that said the old words (all with the suicide evaluation first).
F3_CASES = (33, 135, 199, 247, 293, 321, 370, 458, 580, 724, 766)
#: F3's 36 texts (typed from the grep of the 800 before the build).
F3_TEXTS = frozenset(
    {
        (33, "headline"),
        (33, "moderate_alcohol_withdrawal"),
        *((135, c) for c in ("headline", "moderate_alcohol_withdrawal", "rated_below_suggestion_d1")),
        *((199, c) for c in ("headline", "possible_inattention", "moderate_alcohol_withdrawal")),
        *(
            (n, c)
            for n in (247, 321, 370, 580)
            for c in ("headline", "possible_inattention", "rated_below_suggestion_d1", "moderate_alcohol_withdrawal")
        ),
        *(
            (n, c)
            for n in (293, 458, 724, 766)
            for c in ("headline", "moderate_alcohol_withdrawal", "rated_below_suggestion_d1")
        ),
    }
)
#: Case 33's headline around F3's words (typed).
CASE_33_HEADLINE = (
    "staff with the patient until handover; otherwise, if not intoxicated: treat on the current score (if transferred "
    "for the suicide evaluation: a first dose before transfer only if it does not delay the transfer); a prescriber's "
    "review now, while the patient waits for the suicide evaluation: treat withdrawal as the prescriber decides"
)
#: Case 33's and 135's moderate_alcohol_withdrawal box around F3's words (typed; its handover after the bracket).
ALCOHOL_BOX_33_135 = (
    "otherwise, if not intoxicated: treat on the current score (if transferred for the suicide evaluation: a first "
    "dose before transfer only if it does not delay the transfer); at handover tell the receiving team the CIWA-Ar "
    "re-score, the COWS score and any dose with its time; if a benzodiazepine is given with buprenorphine or "
    "methadone: monitor sedation and breathing until the evaluation or handover; if a dose is given: the patient must "
    "not drive today"
)


@pytest.mark.parametrize(("number", "code"), sorted(F3_TEXTS))
def test_f3_words(number: int, code: str) -> None:
    text = only_box(number, code)
    assert text.count(F3_WORDS) == 1
    assert F3_OLD not in text
    assert only_box(number, "headline").startswith("First: emergency evaluation for suicide risk")


def test_f3_case_33_headline() -> None:
    assert CASE_33_HEADLINE in only_box(33, "headline")


@pytest.mark.parametrize("number", [33, 135])
def test_f3_cases_33_135_alcohol_box(number: int) -> None:
    assert only_box(number, "moderate_alcohol_withdrawal").endswith(ALCOHOL_BOX_33_135)


def test_f3_sweep_exact_set() -> None:
    """The 800: F3's words in exactly its 36 texts; the old words and "treat on the current score: a first dose"
    nowhere."""
    new = {(n, c) for n in all_built() for c, t in texts(n) if F3_WORDS in t}
    assert new == F3_TEXTS
    assert {n for n, _ in new} == set(F3_CASES)
    old = [(n, c) for n in all_built() for c, t in texts(n) if "treat on the current score: a first dose" in t]
    assert old == []
