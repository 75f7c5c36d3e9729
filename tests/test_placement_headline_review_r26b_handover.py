"""Physician review R26b (addiction medicine / emergency medicine), M1 and M2: the handover of a step that may give a
dose before a transfer under any wording, and why a dimension was rated 4.

M1 (must-fix): R23a finding 2 ("the last CIWA-Ar score and any dose with its time") was keyed to three phrasings of
"a first dose ... before transfer"; 72 of the 800 first steps arrange a transfer (or say "if transferred"), may give a
dose under other words, and never tell the score or the dose: "a prescriber gives buprenorphine for today's withdrawal
before transfer only if ...", "a prescriber treats withdrawal (before a transfer only if it does not delay the
transfer)" (ruled: a dose before a transfer), "treat on the current score", "treat withdrawal" with only an "(if
transferred: ...)" handover. "An ED that is not told can stack doses or misread the next score." An old complicated
CIWA-Ar's re-score tells "the CIWA-Ar re-score, the delirium screen and any dose with its time" (the boxes' words,
R23b A1). Each conditional branch keeps its own complete clause (cases 532 and 780, "OK as two").
M2: "why dimension N was rated 4" kept in the combined suicide-plus-medical transfer (case 43) and told at the
psychiatric transfer for dimension 3 ("why dimension 3 was rated 4 (what the patient said or did)", case 151).

Sources the reviewer cites: ASAM Alcohol Withdrawal Management Guideline 2020 (symptom-triggered dosing by CIWA-Ar;
delirium and seizures as complicated withdrawal); ASAM National Practice Guideline for OUD 2020 (COWS-guided dosing);
Joint Commission Sentinel Event Alert 58 (hand-off: illness severity, medications); I-PASS; NPSG 15.01.01.

Cases: ``tests.random_placements.cases(800)[N]``; every expected text typed from the ruling, never computed by iopkit.
"""

from __future__ import annotations

import re

import pytest

from tests.random_placements import built, cases

#: A step: the headline up to its "Also ..." or "Then ..." sentence.
STEP_END = re.compile(r"(?<=\.) (?=(?:Also|Then)\b)")
#: The reviewer's sweep, typed: a step that arranges a transfer (or says "if transferred") ...
#: R27 M1: "arrange medically managed withdrawal or a higher level of care" is a transfer too (cases 252, 509, 589);
#: "... only for a complicating condition (...)" is not (a COWS alone: no handover, C11, C12 of the case table).
TRANSFERS = re.compile(
    r"arrange transfer|if transferred|medically managed withdrawal or a higher level of care"
    r"(?! only for a complicating condition)"
)
#: ... and may give buprenorphine, methadone or a benzodiazepine, in any of the wordings the reviewer lists ...
MAY_DOSE = re.compile(r"first dose|gives buprenorphine|treats withdrawal|treat withdrawal|treat on the current score")
#: ... must say, in its handover, the ruling's words.
ANY_DOSE = "and any dose with its time"


def _steps(headline: str) -> list[str]:
    return STEP_END.split(headline)


# --- M1: the sweep ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("chunk", range(4))
def test_m1_every_step_that_may_dose_before_a_transfer_tells_the_dose(chunk: int) -> None:
    wrong = [
        f"{case}: {step}"
        for case in cases(800)[chunk::4]
        for step in _steps(built(case).headline)
        if TRANSFERS.search(step) and MAY_DOSE.search(step) and ANY_DOSE not in step
    ]
    assert not wrong, "\n\n".join(wrong)


def test_m1_the_sweep_reaches_the_other_wordings() -> None:
    """The reviewer's 72 first steps are in the sweep: 5 + 9 + 39 + 19 (groups (a)-(d))."""
    reached = {
        case.number
        for case in cases(800)
        for step in _steps(built(case).headline)[:1]
        if TRANSFERS.search(step)
        and re.search(r"gives buprenorphine|treats withdrawal|treat withdrawal|treat on the current score", step)
    }
    named = {23, 122, 143, 658, 742, 5, 133, 214, 278, 291, 532, 676, 731, 780, 13, 31, 86, 29, 126, 794}
    assert named <= reached, sorted(named - reached)


# --- M1: named cases, the words typed from the ruling -----------------------------------------------------------
#: (a) case 23: buprenorphine for today's withdrawal before transfer, no handover clause at all before.
CASE_23 = (
    "otherwise a prescriber gives buprenorphine for today's withdrawal before transfer only if it does not delay the "
    "transfer and the reason for rating 4 allows it; at handover tell the receiving team "
)
# R38 item 3: the C-SSRS low of 20 Nov told after the score and dose (was: "... its time (dimension 3 rated 4, ...")
CASE_23_SCORES = (
    "the last COWS score and any dose with its time, that the C-SSRS screen of 20 Nov 2026 found a wish to be dead or "
    "non-specific suicidal thoughts (never assessed), without delaying the transfer (dimension 3 rated 4, imminent "
    "danger"
)
#: (a) case 122: the score and dose before today's C-SSRS screen.
CASE_122 = (
    "the last COWS score and any dose with its time, that today's C-SSRS screen was high risk, without delaying the "
    "transfer"
)
#: (b) case 214: two transfers and no handover before; the delirium branch tells the delirium screen and any thiamine
#: or glucose, the dose sentence its own conditional handover ("if 13-36: ... a higher level of care").
CASE_214_DELIRIUM = (
    # R76b A (was: "if delirium: emergency evaluation: arrange transfer now (ED, or 4-WM); staff with the ...")
    "if delirium: emergency evaluation: arrange transfer now by emergency services (ED, or 4-WM); staff with the "
    "patient until handover; at handover tell the receiving team the delirium screen, the last CIWA-Ar score and any "
    "thiamine or glucose given with its time;"
)
CASE_214_DOSE = (
    "re-score the CIWA-Ar within 1 hour of a dose and before the patient leaves or at handover; if transferred: at "
    # R65 F2 (was: "...COWS scores and any dose with its time")
    "handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and any dose with its "
    "time;"
)
#: (b) case 532, the "if 37 or more" branch (the reviewer's wanted words; physician review R30a: the screens joined as
#: the headline joins them elsewhere, " and that ", R23a finding 7).
CASE_532 = (
    # R65 F2 (was: "...COWS scores and any dose with its time")
    "at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and any dose with its "
    "time, that the C-SSRS "
    # R50 b6 Q1: the moderate-risk handover asks with safety planning
    "screen of 20 Nov 2026 was moderate risk and that today's PHQ-9 item 9 was positive, and ask them for a suicide "
    "risk assessment with safety planning, without delaying the transfer"
)
#: (c) case 13: an old complicated CIWA-Ar re-scored; the boxes' words (R23b A1).
CASE_13_DOSE = "treat on the current score (a first dose before transfer only if it does not delay the transfer);"
CASE_13_TOLD = (
    "(if transferred: at handover tell the receiving team the CIWA-Ar re-score, the delirium screen and any dose with "
    "its time, that the C-SSRS screen of 20 Nov 2026 was moderate risk"
)
#: (c) case 31: a dose while the patient waits for the suicide evaluation.
CASE_31 = (
    "(if transferred: at handover tell the receiving team the last COWS score and any dose with its time, that today's "
    "C-SSRS screen was high risk, and whether"
)
#: (d) case 29: "treat withdrawal" with only an "(if transferred: ...)" handover.
CASE_29 = (
    # R65 F2 (was: "...COWS scores and any dose with its time")
    "(if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and "
    "any dose with its time, "
    "that today's PHQ-9 item 9 was positive, and ask them"
)


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (23, CASE_23),
        (23, CASE_23_SCORES),
        (122, CASE_122),
        (214, CASE_214_DELIRIUM),
        (214, CASE_214_DOSE),
        (532, CASE_532),
        (13, CASE_13_DOSE),
        (13, CASE_13_TOLD),
        (31, CASE_31),
        (29, CASE_29),
    ],
)
def test_m1_the_named_cases(number: int, words: str) -> None:
    h = built(cases(800)[number]).headline
    assert words in h, h


def test_m1_case_532_one_handover_a_branch() -> None:
    """Case 532: the delirium branch, the "if 37 or more" branch and the dose sentence each tell their own, once."""
    h = built(cases(800)[532]).headline
    assert h.count("at handover tell the receiving team") == 3, h
    assert h.count("and any thiamine or glucose given with its time") == 1, h


# --- M2: why a dimension was rated 4, at its transfer's handover ------------------------------------------------
#: A dimension rated 4 as the reasons say it (1 and 2: R16's "why"; 3: the psychiatric transfer's).
RATED_4 = re.compile(r"dimension ([123]) rated 4, imminent danger")
#: The ruling's words: "why dimension N was rated 4", "why dimensions N and M were rated 4".
WHY_TOLD = re.compile(
    r"at handover tell the receiving team why dimensions? (?P<rated>\d(?:,? (?:and )?\d)*) (?:was|were) rated 4"
)


@pytest.mark.parametrize("chunk", range(4))
def test_m2_every_dimension_rated_4_is_told_why(chunk: int) -> None:
    wrong = []
    for case in cases(800)[chunk::4]:
        for step in _steps(built(case).headline):
            rated = set(RATED_4.findall(step))
            told = WHY_TOLD.search(step)
            if rated and not rated <= set(re.findall(r"\d", told["rated"] if told else "")):
                wrong.append(f"{case} (rated 4: {sorted(rated)}): {step}")
    assert not wrong, "\n\n".join(wrong)


#: Case 43 (dimensions 1 and 2 rated 4, the combined suicide and medical transfer): the medical half is told why.
CASE_43 = (
    "at handover tell the receiving team why dimensions 1 and 2 were rated 4, that today's C-SSRS screen was high "
    "risk, without delaying the transfer"
)
#: Case 151 (dimension 3 rated 4, COWS 30 today): why, then the score and dose.
CASE_151 = (
    "at handover tell the receiving team why dimension 3 was rated 4 (what the patient said or did), the last COWS "
    "score and any dose with its time"
)
#: Case 122 (dimension 1 rated 4, COWS 48 today, C-SSRS high today): the reviewer's wanted clause in full (M1 and M2).
CASE_122_FULL = (
    "at handover tell the receiving team why dimension 1 was rated 4, the last COWS score and any dose with its time, "
    "that today's C-SSRS screen was high risk, without delaying the transfer"
)
#: Case 658 (dimensions 1 and 3 rated 4): "the same words, with 'why dimensions 1 and 3 were rated 4'".
CASE_658 = (
    "at handover tell the receiving team why dimensions 1 and 3 were rated 4, the last COWS score and any dose with "
    "its time, that the C-SSRS screen of 20 Nov 2026 was moderate risk"
)
#: Case 23 (dimension 3 rated 4, COWS 48 today, no handover before): why, then the score and dose.
CASE_23_WHY = (
    "at handover tell the receiving team why dimension 3 was rated 4 (what the patient said or did), the last COWS "
    # R38 item 3: the C-SSRS low of 20 Nov told too (was: "... with its time (dimension 3 rated 4, imminent danger")
    "score and any dose with its time, that the C-SSRS screen of 20 Nov 2026 found a wish to be dead or non-specific "
    "suicidal thoughts (never assessed), without delaying the transfer (dimension 3 rated 4, imminent danger"
)


@pytest.mark.parametrize(
    ("number", "words"),
    [(43, CASE_43), (151, CASE_151), (122, CASE_122_FULL), (658, CASE_658), (23, CASE_23_WHY)],
)
def test_m2_the_named_cases(number: int, words: str) -> None:
    h = built(cases(800)[number]).headline
    assert words in h, h
    assert h.count("at handover tell the receiving team") == 1, h
