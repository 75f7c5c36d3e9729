"""Physician review R28 (addiction medicine / emergency medicine), must-fix M5: the placement headline, the expected
words typed from the ruling.

M5: "safety planning" was dropped from a C-SSRS moderate risk's same-day suicide risk assessment when a prescriber's
review or a re-score was joined to it (34 of 104 moderate-risk headlines: 51, 88, 133, 134, 138, 164, 179, 252, 263,
309, 312, 373, 408, 418, 428, 430, 466, 484, 502, 532, 558, 590, 596, 597, 624, 636, 644, 659, 706, 749, 761, 772, 780,
781), while the box and the other headlines (591, 616) said it. Ruled words: "before the patient leaves, a same-day
suicide risk assessment with safety planning, and a prescriber's review: ...".

Sources the reviewer cites: physician case table C16 (first_has "safety planning"); Columbia C-SSRS Screener triage
(moderate: behavioural-health evaluation and safety planning); Stanley & Brown 2012, Safety Planning Intervention;
Joint Commission NPSG 15.01.01 (2019 revision, EP 5-6).

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
