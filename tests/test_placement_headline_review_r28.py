"""Physician review R28 (addiction medicine / emergency medicine), must-fixes M5 and M4: the placement headline and
its boxes, the expected words typed from the ruling.

M5: "safety planning" was dropped from a C-SSRS moderate risk's same-day suicide risk assessment when a prescriber's
review or a re-score was joined to it (34 of 104 moderate-risk headlines: 51, 88, 133, 134, 138, 164, 179, 252, 263,
309, 312, 373, 408, 418, 428, 430, 466, 484, 502, 532, 558, 590, 596, 597, 624, 636, 644, 659, 706, 749, 761, 772, 780,
781), while the box and the other headlines (591, 616) said it. Ruled words: "before the patient leaves, a same-day
suicide risk assessment with safety planning, and a prescriber's review: ...".

M4: beside a C-SSRS high or dimension 3 rated 4, a re-score's "treat on the current score" gave a dose with no overdose
or intoxication screen (31 cases, among them 7, 318, 560, 670, 688, 759, 42, 80, 112, 120, 234, 629, 630), the box
saying the same; cases 237 and 635 (same lead) carried the screen. Ruled words: "treat on the current score: before
any dose: ask about any overdose or ingestion today and screen for intoxication (breath alcohol above zero, or signs of
sedative intoxication), give thiamine and check blood glucose; if an overdose or ingestion, or intoxicated: no dose
here; otherwise a first dose before transfer only if it does not delay the transfer", the same words in the box;
thiamine and glucose where alcohol withdrawal is scored (as 237 and 635 say), and the hold's "(an overdose or
ingestion: to the ED by emergency services)" as every other screen beside a C-SSRS high says it (R16 S5).

Sources the reviewer cites: physician case table C16 (first_has "safety planning"); Columbia C-SSRS Screener triage
(moderate: behavioural-health evaluation and safety planning); Stanley & Brown 2012, Safety Planning Intervention;
Joint Commission NPSG 15.01.01 (2019 revision, EP 5-6); for M4, earlier ruling R16 S5 (the overdose question
first beside a C-SSRS high or moderate), Columbia C-SSRS Screener triage, ASAM Alcohol Withdrawal Management Guideline
2020 (thiamine, blood glucose, intoxication before medication), FDA Drug Safety Communication, 20 Sep 2017
(buprenorphine or methadone with a benzodiazepine or other CNS depressants).

Cases: ``tests.random_placements.cases(800)[N]``; every expected text typed from the ruling, never computed by iopkit.
"""

from __future__ import annotations

import re

import pytest

from tests.random_placements import Case, built, cases

# --- M5: safety planning with a C-SSRS moderate risk's same-day assessment ------------------------------------------

#: The ruling's words: the assessment with its safety planning, the prescriber's review joined after it.
M5_WANTED = (
    "before the patient leaves, a same-day suicide risk assessment with safety planning, and a prescriber's review: "
)
#: The reviewer's 34 cases.
M5_CASES = [
    51, 88, 133, 134, 138, 164, 179, 252, 263, 309, 312, 373, 408, 418, 428, 430, 466, 484, 502, 532, 558, 590, 596,
    597, 624, 636, 644, 659, 706, 749, 761, 772, 780, 781,
]  # fmt: skip
#: Cases whose first step joins the prescriber's review to the assessment (the ruling's own form, typed above).
M5_REVIEW_JOINED = [134, 164, 263, 312, 373, 408, 428, 596, 749]
#: A same-day suicide risk assessment said without safety planning.
UNPLANNED = re.compile(r"a same-day suicide risk assessment(?! (?:with|and) safety planning)")


def _moderate(case: Case) -> bool:
    """Whether ``case`` gives a C-SSRS screen at moderate risk (of any day): read from the case, not from iopkit."""
    return any(instrument == "cssrs_screen" and key == "moderate" for instrument, key, _ in case.scores)


@pytest.mark.parametrize("number", M5_REVIEW_JOINED)
def test_m5_the_review_joined_keeps_safety_planning(number: int) -> None:
    h = built(cases(800)[number]).headline
    # before: "before the patient leaves, a same-day suicide risk assessment, and a prescriber's review: ..."
    assert M5_WANTED in h, h


@pytest.mark.parametrize("number", M5_CASES)
def test_m5_the_named_cases_say_safety_planning(number: int) -> None:
    case = cases(800)[number]
    assert _moderate(case), case
    h = built(case).headline
    # before: "a same-day suicide risk assessment" with no safety planning
    assert "a same-day suicide risk assessment with safety planning" in h, h
    assert not UNPLANNED.search(h), h


@pytest.mark.parametrize("chunk", range(4))
def test_m5_every_moderate_risk_assessment_says_safety_planning(chunk: int) -> None:
    wrong = [
        f"{case}: {built(case).headline}"
        for case in cases(800)[chunk::4]
        if _moderate(case) and UNPLANNED.search(built(case).headline)
    ]
    assert not wrong, "\n\n".join(wrong)


def test_m5_the_sweep_reaches_the_moderate_risk_cases() -> None:
    """The sweep reads the reviewer's cases, and the ones that said it already (591, 616)."""
    reached = {case.number for case in cases(800) if _moderate(case)}
    assert set(M5_CASES) | {591, 616} <= reached, sorted(set(M5_CASES) - reached)


# --- M4: the screen before a re-score's dose beside a transfer for suicide risk ---------------------------------------

#: The ruling's words, alcohol withdrawal scored (case 7: an old CIWA-Ar), the hold's bracket as R16 S5 says it.
M4_ALCOHOL = (
    "treat on the current score: before any dose: ask about any overdose or ingestion today and screen for "
    "intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood "
    "glucose; if an overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: to the ED by "
    "emergency services); otherwise a first dose before transfer only if it does not delay the transfer"
)
#: Opioid withdrawal alone (case 42: an old COWS): no thiamine or glucose.
M4_OPIOID = M4_ALCOHOL.replace(", give thiamine and check blood glucose", "")
#: The reviewer's named cases whose lead arranges the transfer now, and their words.
M4_TRANSFER_CASES = {7: M4_ALCOHOL, 318: M4_ALCOHOL, 560: M4_ALCOHOL, 670: M4_ALCOHOL, 688: M4_ALCOHOL, 759: M4_ALCOHOL}
M4_TRANSFER_CASES[42] = M4_OPIOID
#: The reviewer's named cases whose evaluation for suicide risk is done on site (no transfer arranged in the step): the
#: same screen, its "otherwise" the treatment ("before any dose: ...; otherwise treat on the current score").
M4_ON_SITE = {80: False, 112: False, 120: True, 234: False, 629: False, 630: False}
#: The screen's question, and the two leads: a C-SSRS high of any day, or dimension 3 rated 4.
ASKED = "ask about any overdose or ingestion today and screen for intoxication"
#: The question alone (a screen for delirium and intoxication asks it too: case 635's).
QUESTION = "ask about any overdose or ingestion today"
#: The ruling's form: the screen said after the re-score's "treat on the current score".
SCREENED_AFTER = "treat on the current score: before any dose: "


def _high_lead(case: Case) -> bool:
    """Whether ``case`` gives a C-SSRS screen at high risk or rates dimension 3 at 4: read from the case."""
    cssrs_high = any(instrument == "cssrs_screen" and key == "high" for instrument, key, _ in case.scores)
    return cssrs_high or dict(case.ratings).get(3) == 4


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=\.) (?=[A-Z])", text)


@pytest.mark.parametrize(("number", "words"), list(M4_TRANSFER_CASES.items()))
def test_m4_the_transfer_cases_screen_before_the_dose(number: int, words: str) -> None:
    r = built(cases(800)[number])
    # before: "treat on the current score (a first dose before transfer only if it does not delay the transfer)" (7), or
    # "treat on the current score; at handover ..." (42), with no screen
    assert words in r.headline, r.headline
    boxes = [f.action for f in r.flags if "treat on the current score" in f.action]
    # each box its own re-score's words: a COWS re-score's box (318, 560: beside the CIWA-Ar's) without thiamine
    assert boxes and all(M4_ALCOHOL in box or M4_OPIOID in box for box in boxes), boxes
    assert any(words in box for box in boxes), boxes


@pytest.mark.parametrize(("number", "alcohol"), list(M4_ON_SITE.items()))
def test_m4_the_on_site_cases_screen_before_the_dose(number: int, alcohol: bool) -> None:
    h = built(cases(800)[number]).headline
    first = _sentences(h)[0]
    at = first.index("treat on the current score")
    # before: "re-score the COWS now (...); treat on the current score" with no screen (80, 112, 234, 629, 630)
    assert ASKED in first[:at], h
    assert ("give thiamine and check blood glucose" in first[:at]) is alcohol, h
    assert "if an overdose or ingestion, or intoxicated: no dose here" in first[:at], h


#: R28 M2's cases beside a C-SSRS high (an old moderate CIWA-Ar, today's COWS of 13 or more): the step's prescriber's
#: review says its screen after the re-score, "before any dose:" once a step (R21 S3); M2's rework is still to do.
M2_BESIDE_HIGH = [33, 135]


@pytest.mark.xfail(strict=True, reason="R28 M2 not done: the re-score's dose beside the review's screen")
@pytest.mark.parametrize("number", M2_BESIDE_HIGH)
def test_m4_m2_cases_screen_the_re_score_dose(number: int) -> None:
    first = _sentences(built(cases(800)[number]).headline)[0]
    at = first.index("treat on the current score")
    assert QUESTION in first[:at] or first[at:].startswith(f"{SCREENED_AFTER}{QUESTION}"), first


@pytest.mark.parametrize("chunk", range(4))
def test_m4_every_re_score_beside_a_transfer_for_suicide_risk_is_screened(chunk: int) -> None:
    wrong = []
    for case in cases(800)[chunk::4]:
        if not _high_lead(case) or case.number in M2_BESIDE_HIGH:
            continue
        r = built(case)
        for text in (r.headline, *(f.action for f in r.flags)):
            for sentence in _sentences(text):
                at = sentence.find("treat on the current score")
                guarded = QUESTION in sentence[:at] or sentence[at:].startswith(f"{SCREENED_AFTER}{QUESTION}")
                if at >= 0 and not guarded:
                    wrong.append(f"{case}: {sentence}")
    assert not wrong, "\n\n".join(wrong)


def test_m4_the_sweep_reaches_the_named_cases() -> None:
    """The sweep reads the reviewer's named cases and the two that carried the screen already (237, 635)."""
    reached = {case.number for case in cases(800) if _high_lead(case)}
    assert set(M4_TRANSFER_CASES) | set(M4_ON_SITE) | {237, 635} <= reached
