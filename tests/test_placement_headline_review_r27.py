"""Physician review R27 (addiction medicine / emergency medicine), must-fixes M1-M3, and R26b must-fix M3: the
placement headline, the expected words typed from the rulings.

M1: a step that gives a benzodiazepine and buprenorphine, then "arrange medically managed withdrawal or a higher level
of care: co-occurring alcohol withdrawal (CIWA-Ar 13 today)", tells the receiving team the last CIWA-Ar and COWS
scores and any dose with its time, if transferred (cases 252, 509, 589; 29 and 616 told it already); the R26b sweep's
transfers widened to that wording. Ruled words: "...; if transferred: at handover tell the receiving team the last
CIWA-Ar and COWS scores and any dose with its time"; a suicide finding of the step told in the same clause, as cases
29 and 616 tell it (case 252: the C-SSRS moderate finding).
M2: R26a S2's "at a re-score of 8 or more (alcohol withdrawal alongside)" reads as the COWS re-score; ruled "at a
CIWA-Ar re-score of 8 or more" (cases 39, 58, 144, 189, 224, 264, 266, 420, 422, 698, 715, 770), the COWS box saying
the same as the headline.
M3: R26a's 2-WM (not 1-WM) beside a COWS of 13 or more of another day not re-scored today, with alcohol withdrawal
(CIWA-Ar of 8 or more today, or an old severe CIWA-Ar), its reason symmetrical to the old CIWA-Ar's (cases 5, 61, 119,
210, 268, 278, 723, 799); one bracket, never "(not 1-WM: ...) (2-WM only if ...)" (should-fix).
R26b M3: a C-SSRS high-risk screen beside an old complicated CIWA-Ar (cases 7, 318, 560, 670, 688, 759): the headline
says what its boxes say, re-score the CIWA-Ar and screen for delirium without delaying the transfer, a dose before
transfer only as the boxes allow it, and its one handover tells "the CIWA-Ar re-score, the delirium screen and any
dose with its time" with the suicide findings.

Sources the reviewers cite: ASAM Alcohol Withdrawal Management Guideline 2020 (symptom-triggered dosing by CIWA-Ar;
delirium and seizures as complicated withdrawal); ASAM National Practice Guideline for OUD 2020 (COWS-guided dosing);
ASAM Criteria 2013, dimension 1 (withdrawal from more than one substance); Joint Commission Sentinel Event Alert 58
(hand-off communication: illness severity, medications given).

Cases: ``tests.random_placements.cases(800)[N]``; every expected text typed from the ruling, never computed by iopkit.
"""

from __future__ import annotations

import re

import pytest

from tests.random_placements import built, cases

from .intoxication_screens import SUICIDE_WAIT
from .test_placement_headline_review_r4_leads import _k9
from .test_placement_headline_review_r26b_handover import ANY_DOSE, MAY_DOSE, TRANSFERS, _steps
from .test_placement_headline_review_r28 import M4_ALCOHOL

# --- M1: the handover after an escalation to medically managed withdrawal ---------------------------------------------

#: The ruling's words, case 509 (no suicide finding): after the escalation, its own conditional handover.
CASE_509 = (
    "; arrange medically managed withdrawal or a higher level of care: co-occurring alcohol withdrawal (CIWA-Ar 13 "
    "today); if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with "
    "its time; if a benzodiazepine is given"
)
#: Case 252: the C-SSRS moderate finding (and the old PHQ-9 item 9) told as cases 29 and 616 tell theirs.
CASE_252 = (
    # physician review R28, M5: the C-SSRS moderate risk's assessment with its safety planning
    "First: before the patient leaves, a same-day suicide risk assessment with safety planning (if transferred: at "
    "handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time, that today's "
    "C-SSRS screen was "
    "moderate risk (method considered, or suicidal behaviour over 3 months ago) and that the PHQ-9 item 9 of 20 Nov "
    "2026 was positive (never assessed), and ask them for a suicide risk assessment with safety planning once the "
    "patient is able to answer; do not delay the transfer for it), and a prescriber's review: "
)
#: Case 589: today's PHQ-9 item 9, as case 29 tells it.
CASE_589 = (
    "First: before the patient leaves, a same-day suicide risk assessment (if transferred: at handover tell the "
    "receiving team the last CIWA-Ar and COWS scores and any dose with its time, that today's PHQ-9 item 9 was "
    "positive, and ask them for a suicide risk assessment once the patient is able to answer; do not delay the "
    "transfer for it), and a prescriber's review: "
)
#: The reviewer's widened sweep: the escalation called for is a transfer; "... only for a complicating condition (...)"
#: is not (a COWS alone has no handover: the physician case table's C11 and C12, case 41 below).
ESCALATES = re.compile(r"medically managed withdrawal or a higher level of care(?! only for a complicating condition)")


@pytest.mark.parametrize(("number", "words"), [(509, CASE_509), (252, CASE_252), (589, CASE_589)])
def test_m1_the_named_cases(number: int, words: str) -> None:
    h = built(cases(800)[number]).headline
    # before: "...; arrange medically managed withdrawal or a higher level of care: co-occurring alcohol withdrawal
    # (CIWA-Ar 13 today); if a benzodiazepine is given ..." with no handover in the step
    assert words in h, h
    assert h.count("at handover tell the receiving team") == 1, h


@pytest.mark.parametrize("chunk", range(4))
def test_m1_every_step_that_escalates_and_may_dose_tells_the_dose(chunk: int) -> None:
    wrong = [
        f"{case}: {step}"
        for case in cases(800)[chunk::4]
        for step in _steps(built(case).headline)
        if (TRANSFERS.search(step) or ESCALATES.search(step)) and MAY_DOSE.search(step) and ANY_DOSE not in step
    ]
    assert not wrong, "\n\n".join(wrong)


def test_m1_the_sweep_reaches_the_escalations() -> None:
    """The widened sweep reads the steps the R26b sweep missed (cases 252, 509, 589) and those that told it already (29,
    616); a COWS alone, its escalation only for a complicating condition, keeps no handover (case 41, C11's rule)."""
    reached = {
        case.number for case in cases(800) for step in _steps(built(case).headline)[:1] if ESCALATES.search(step)
    }
    assert {252, 509, 589, 29, 616} <= reached, sorted(reached)
    assert "handover" not in built(cases(800)[41]).headline


# --- M2: the CIWA-Ar re-score named --------------------------------------------------------------------------------

#: The ruling's words (case 39's headline, R26a S2's with "CIWA-Ar"), typed.
M2_WANTED = (
    "; re-score the COWS 1-2 hours after dosing; at a CIWA-Ar re-score of 8 or more (alcohol withdrawal alongside): "
    "arrange medically managed withdrawal or a higher level of care; "
)
#: The COWS box's words after the first step's CIWA-Ar re-score: the same, its other complicating conditions with it.
M2_BOX = (
    "; re-score the COWS 1-2 hours after dosing; at a CIWA-Ar re-score of 8 or more (alcohol withdrawal alongside), "
    "or another complicating condition (medical or psychiatric instability, benzodiazepine withdrawal, pregnancy): "
    "arrange medically managed withdrawal or a higher level of care; "
)
AMBIGUOUS = "at a re-score of 8 or more"
M2_CASES = [39, 58, 144, 189, 224, 264, 266, 420, 422, 698, 715, 770]
#: R38 M3: case 698's not-transferred path says the any-dose driving clause right after the COWS's re-score after
#: dosing, before the same CIWA-Ar re-score words (the physician's words, typed).
M2_WANTED_698 = (
    "; re-score the COWS 1-2 hours after dosing; if any dose is given (a benzodiazepine, buprenorphine or methadone): "
    "the patient must not drive today; at a CIWA-Ar re-score of 8 or more (alcohol withdrawal alongside): arrange "
    "medically managed withdrawal or a higher level of care; "
)


@pytest.mark.parametrize("number", M2_CASES)
def test_m2_the_headline_names_the_ciwa_ar_re_score(number: int) -> None:
    h = built(cases(800)[number]).headline
    # before: "...; re-score the COWS 1-2 hours after dosing; at a re-score of 8 or more (alcohol withdrawal
    # alongside): arrange ..."
    # R38 M3: 698 says the any-dose driving clause between the two
    assert (M2_WANTED_698 if number == 698 else M2_WANTED) in h, h
    assert AMBIGUOUS not in h, h


@pytest.mark.parametrize("number", M2_CASES)
def test_m2_the_cows_box_says_the_same(number: int) -> None:
    r = built(cases(800)[number])
    boxes = [f.action for f in r.flags if f.code.endswith("opioid_withdrawal")]
    assert boxes and all(M2_BOX in b for b in boxes), boxes
    assert not any("not re-scored today), or another" in f.action for f in r.flags)


@pytest.mark.parametrize("chunk", range(4))
def test_m2_sweep_no_headline_or_box_says_an_unnamed_re_score(chunk: int) -> None:
    wrong = [
        f"{case}: {text}"
        for case in cases(800)[chunk::4]
        for text in [built(case).headline, *(f.action for f in built(case).flags)]
        if AMBIGUOUS in text
    ]
    assert not wrong, "\n\n".join(wrong)


# --- M3: 2-WM beside an old COWS not re-scored today ----------------------------------------------------------------

ONE_WM = "with 1-WM ambulatory withdrawal management without extended on-site monitoring"
TWO_WM = "with 2-WM ambulatory withdrawal management with extended on-site monitoring"
#: The ruling's words: an old COWS with today's CIWA-Ar of 13 (cases 5, 61, 210, 268, 278).
OLD_COWS_TODAY_CIWA = (
    f"{TWO_WM} (not 1-WM: opioid withdrawal on 20 Nov 2026 (COWS) and alcohol withdrawal today (CIWA-Ar 13))"
)
#: Its symmetrical form beside an old severe CIWA-Ar (cases 119, 723, 799), after R26a's "(not 1-WM: opioid withdrawal
#: today and severe alcohol withdrawal on 20 Nov 2026 (CIWA-Ar))".
OLD_COWS_OLD_SEVERE = (
    f"{TWO_WM} (not 1-WM: opioid withdrawal on 20 Nov 2026 (COWS) and severe alcohol withdrawal on 20 Nov 2026 "
    "(CIWA-Ar))"
)


def _closing(headline: str) -> str:
    return re.split(r"\. (?=[A-Z])", headline)[-1]


@pytest.mark.parametrize(
    ("number", "words"),
    [(n, OLD_COWS_TODAY_CIWA) for n in (5, 61, 210, 268, 278)] + [(n, OLD_COWS_OLD_SEVERE) for n in (119, 723, 799)],
)
def test_m3_the_named_cases_close_with_2_wm(number: int, words: str) -> None:
    closing = _closing(built(cases(800)[number]).headline)
    # before: "...; with 1-WM ambulatory withdrawal management without extended on-site monitoring[; otherwise as
    # arranged above]."
    assert words in closing, closing
    assert ONE_WM not in closing, closing


#: A COWS of 13 or more (19, 30, 48), today's or an old one, as a case prints it.
_COWS_13 = re.compile(r"cows (?:19|30|48) (?:today|old)")
#: Alcohol withdrawal: a CIWA-Ar of 8 or more today, or an old severe one.
_ALCOHOL = re.compile(r"ciwa_ar mod13(?:_i1)? today|ciwa_ar sev21 old")


@pytest.mark.parametrize("chunk", range(4))
def test_m3_sweep_two_withdrawals_never_close_with_1_wm(chunk: int) -> None:
    """All 800: a COWS of 13 or more (today's or an old one) beside alcohol withdrawal never closes with 1-WM."""
    wrong = []
    for case in cases(800)[chunk::4]:
        text = str(case)
        if _COWS_13.search(text) and _ALCOHOL.search(text):
            closing = _closing(built(case).headline)
            if ONE_WM in closing:
                wrong.append(f"{text}: {closing}")
    assert not wrong, "\n\n".join(wrong)


def test_m3_sweep_reaches_the_old_cows() -> None:
    """The sweep reads the old COWS beside alcohol withdrawal that close with ambulatory WM (the 8 named at least)."""
    reached = [
        case.number
        for case in cases(800)
        if re.search(r"cows (?:19|30|48) old", str(case))
        and _ALCOHOL.search(str(case))
        and TWO_WM in _closing(built(case).headline)
    ]
    assert {5, 61, 119, 210, 268, 278, 723, 799} <= set(reached), reached


#: The should-fix's words, case K9 of R4 (CIWA-Ar item 10 at 1 and a COWS of 14, both today): one bracket.
K9_ENDING = (
    f"{TWO_WM} (not 1-WM: alcohol and opioid withdrawal together, CIWA-Ar item 10 at 1 today; 2-WM only if the review "
    "and the prescriber find it safe; otherwise as arranged above)."
)
TWO_BRACKETS = re.compile(r"\) \([12]-WM only if")


def test_m3_should_fix_one_bracket_k9() -> None:
    h = _k9().headline
    # before: "... CIWA-Ar item 10 at 1 today) (2-WM only if the review and the prescriber find it safe; ..."
    assert h.endswith(K9_ENDING), h
    assert not TWO_BRACKETS.search(h), h


@pytest.mark.parametrize("chunk", range(4))
def test_m3_should_fix_sweep_never_two_brackets_in_a_row(chunk: int) -> None:
    wrong = [f"{case}: {h}" for case in cases(800)[chunk::4] for h in [built(case).headline] if TWO_BRACKETS.search(h)]
    assert not wrong, "\n\n".join(wrong)


# --- R26b M3: a C-SSRS high beside an old complicated CIWA-Ar, the headline says what the boxes say ----------------

#: The re-score, the delirium screen and the dose before transfer as the boxes allow it, then the step's one handover
#: (case 7: an old CIWA-Ar of 10 with hallucinations, today's C-SSRS high).
CASE_7 = (
    "the patient must not drive; at handover tell the receiving team the CIWA-Ar re-score, the delirium screen and any "
    "dose with its time, that today's C-SSRS screen was high risk, without delaying the transfer; while the transfer "
    "is arranged (do not delay the transfer for it): re-score the CIWA-Ar and screen for delirium (CAM or 4AT) (last "
    "10 on 20 Nov 2026, hallucinations); treat on the current score (a first dose before transfer only if it does not "
    "delay the transfer) (high suicide risk"
)
#: Case 318 (an old CIWA-Ar of 15, disoriented; an old COWS of 30 its box re-scores): the COWS told too.
CASE_318 = (
    "at handover tell the receiving team the CIWA-Ar re-score, the delirium screen, the last COWS score and any dose "
    "with its time, that today's C-SSRS screen was high risk, without delaying the transfer; while the transfer is "
    "arranged (do not delay the transfer for it): re-score the CIWA-Ar and screen for delirium (CAM or 4AT) (last 15 "
    "on 20 Nov 2026, severe, disoriented); treat on the current score (a first dose before transfer only if it does "
    "not delay the transfer) ("
)
#: Case 560 (old screens, R23a finding 7's join).
CASE_560 = (
    "at handover tell the receiving team the CIWA-Ar re-score, the delirium screen, the last COWS score and any dose "
    "with its time, that the C-SSRS screen of 20 Nov 2026 was high risk and that the PHQ-9 item 9 of 20 Nov 2026 was "
    "positive (never assessed), without delaying the transfer; while the transfer is arranged (do not delay the "
    "transfer for it): re-score the CIWA-Ar and screen for delirium (CAM or 4AT) (last 10 on 20 Nov 2026, "
    "hallucinations); treat on the current score (a first dose before transfer only if it does not delay the "
    "transfer) ("
)
#: Cases 670, 688, 759 (an old C-SSRS high, no COWS of 13 or more).
CASE_670 = (
    "at handover tell the receiving team the CIWA-Ar re-score, the delirium screen and any dose with its time, that "
    "the C-SSRS screen of 20 Nov 2026 was high risk, without delaying the transfer; while the transfer is arranged (do "
    "not delay the transfer for it): re-score the CIWA-Ar and screen for delirium (CAM or 4AT) (last 15 on 20 Nov "
    "2026, severe, disoriented); treat on the current score (a first dose before transfer only if it does not delay "
    "the transfer) ("
)
CASE_688_759 = (
    "at handover tell the receiving team the CIWA-Ar re-score, the delirium screen and any dose with its time, that "
    "the C-SSRS screen of 20 Nov 2026 was high risk, without delaying the transfer; while the transfer is arranged (do "
    "not delay the transfer for it): re-score the CIWA-Ar and screen for delirium (CAM or 4AT) (last 10 on 20 Nov "
    "2026, hallucinations); treat on the current score (a first dose before transfer only if it does not delay the "
    "transfer) ("
)
#: R26b M3's dose, as the cases above type it, which R28 M4 puts behind its screen.
R26B_DOSE = "treat on the current score (a first dose before transfer only if it does not delay the transfer)"
#: What the old complicated CIWA-Ar's box tells (R23b A1's words), and what the headline tells where the box does.
BOX_TOLD = "at handover tell the receiving team the CIWA-Ar re-score, the delirium screen and any dose with its time"
# R64 S3 (physician review R64, should-fix S3): a headline that re-scores an old CIWA-Ar whose item 10 was 1 and
# screens for delirium beside an old COWS tells "the last CIWA-Ar and COWS scores, the delirium screen and any dose with
# its time" (was, case 563: "the last CIWA-Ar and COWS scores and any dose with its time", the screen untold)
HEADLINE_TOLD = re.compile(
    r"at handover tell the receiving team (?:why [^,]*, )?(?:the CIWA-Ar re-score, the delirium screen(?:, the last "
    r"COWS score)?|the last CIWA-Ar and COWS scores, the delirium screen) and any dose with its time"
)


@pytest.mark.parametrize(
    ("number", "words"),
    [(7, CASE_7), (318, CASE_318), (560, CASE_560), (670, CASE_670), (688, CASE_688_759), (759, CASE_688_759)],
)
def test_r26b_m3_the_named_cases(number: int, words: str) -> None:
    r = built(cases(800)[number])
    first = _steps(r.headline)[0]
    # before: "...; the patient must not drive; at handover tell the receiving team that today's C-SSRS screen was high
    # risk, without delaying the transfer (high suicide risk ..." (no re-score, no screen, no dose, none told)
    # physician review R28, M4: the re-score's dose behind the overdose and intoxication screen (was: "treat on the
    # current score (a first dose before transfer only if it does not delay the transfer)")
    words = words.replace(R26B_DOSE, M4_ALCOHOL)
    # R54 A (physician review R54, finding A): the old complicated bracket, its re-score never delaying the transfer,
    # says no dose without today's re-score before the dose on the current score (was "(last 10 on 20 Nov 2026,
    # hallucinations); treat", "(last 15 on 20 Nov 2026, severe, disoriented); treat")
    for signs in ("hallucinations", "severe, disoriented"):
        words = words.replace(f"{signs}); treat", f"{signs}; no dose here without today's re-score); treat")
    # physician review R32 (a) (its four settings), R34 S1: beside the emergency evaluation for suicide risk (each
    # case's first step) staff stay with the patient held; "the scores" where the step names both withdrawals (was:
    # "intoxicated: the patient must not drive today)")
    wait = SUICIDE_WAIT.replace("the score ", "the scores ") if "COWS" in words else SUICIDE_WAIT
    words = words.replace("intoxicated: the patient must not drive today)", f"intoxicated: {wait})")
    if number in (318, 560):  # R46 Q2: both withdrawals, the sedation watch until handover after the first dose
        words = words.removesuffix(" (") + (
            "; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until "
            "handover ("
        )
    # R60 Q1 item (physician review R60, Q1): the hold after the delirium screen bars a dose in delirium too (was "if
    # an overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call")
    words = words.replace(
        "if an overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call",
        "if delirium, an overdose or ingestion, or intoxicated: no dose here (delirium, or an overdose or ingestion: "
        "call",
    )
    assert words in first, first
    assert first.count("at handover tell the receiving team") == 1, first
    assert any(BOX_TOLD in f.action for f in r.flags)  # the boxes say it too


@pytest.mark.parametrize("chunk", range(4))
def test_r26b_m3_sweep_the_headline_tells_what_the_boxes_tell(chunk: int) -> None:
    """All 800: where a box re-scores an old complicated CIWA-Ar and tells the re-score, the delirium screen and any
    dose at handover, the headline re-scores it, screens for delirium and tells the same."""
    wrong = []
    for case in cases(800)[chunk::4]:
        r = built(case)
        if any(BOX_TOLD in f.action for f in r.flags):
            h = r.headline
            # R62 M2 (R60 Q4): an old moderate CIWA-Ar with item 10 at 1 tells the same at handover; its headline
            # re-scores it "now (last 14 on 20 Nov 2026) and screen[s] for delirium (CAM or 4AT)" (was: only "re-score
            # the CIWA-Ar and screen for delirium", the old complicated form's)
            rescored = r"[Rr]e-score the CIWA-Ar(?: now \(last \d+ on \d+ \w+ \d{4}\))? and screen for delirium"
            if not (HEADLINE_TOLD.search(h) and re.search(rescored, h)):
                wrong.append(f"{case}: {h}")
    assert not wrong, "\n\n".join(wrong)


def test_r26b_m3_sweep_reaches_the_named_cases() -> None:
    reached = {c.number for c in cases(800) if any(BOX_TOLD in f.action for f in built(c).flags)}
    assert {7, 318, 560, 670, 688, 759} <= reached, sorted(reached)


#: Physician review R64, S3 (ruled "build now"): case 563's boxes tell "the CIWA-Ar re-score, the delirium screen and
#: any dose with its time" (R62 M2), its headline screens for delirium and handed over only "the last CIWA-Ar and COWS
#: scores and any dose with its time" (the headline's words as landed before R62 too). R64's words: "the last CIWA-Ar
#: and COWS scores, the delirium screen and any dose with its time" (built: tests/test_placement_review_r65_s3.py).
def test_r64_s3_case_563_headline_tells_the_delirium_screen() -> None:
    h = built(cases(800)[563]).headline
    assert "screen for delirium (CAM or 4AT)" in h
    assert "the last CIWA-Ar and COWS scores, the delirium screen and any dose with its time" in h
