"""Physician review R40, should-fix S1 (noted last session, left): a box that tells the receiving team a positive
PHQ-9 item 9 of another day says "(never assessed)" right after "was positive", as its headline does.

About 35 of the 800 random cases had a headline whose transfer handover says "that the PHQ-9 item 9 of 20 Nov 2026 was
positive (never assessed)" while the same case's boxes (suicidal_ideation, rated_below_suggestion_d3) told the dated
PHQ-9 alone without it: case 17's box "At handover tell the receiving team that the PHQ-9 item 9 of 20 Nov 2026 was
positive and ask them for a suicide risk assessment (do not delay the transfer for it)". R40 S1 fixed the joined box
handover last session (case 115: tests/test_placement_review_r39_screens.py); this is the dated PHQ-9 told alone.

The words are the headline's, one rule for both (a finding of another day than the placement's, never assessed since:
the resolution's SCREENED_TOLD_EARLIER); today's PHQ-9 item 9 is told as it was, "today's PHQ-9 item 9 was positive",
without "(never assessed)".

Cases: ``tests.random_placements.cases(800)[N]`` (the same seed); every expected text typed from the review's words,
never computed by iopkit.
"""

from __future__ import annotations

import re

import pytest

from tests.random_placements import built, cases
from tests.test_placement_headline_review_r7_old_scores import recommended
from tests.test_placement_physician_cases import PHQ_I9POS

#: The PHQ-9's own box beside a transfer now (cases 17, 46, 89: a rating of 4), R40 S1's words.
# R51: the request says the headline's "once the patient is able to answer" (cases 17, 46, 89, 99)
IDEATION_OLD = (
    "At handover tell the receiving team that the PHQ-9 item 9 of 20 Nov 2026 was positive (never assessed) and ask "
    "them for a suicide risk assessment once the patient is able to answer (do not delay the transfer for it)"
)
#: Dimension 3's rating-below box that carries the PHQ-9's step (dimension 3 rated 1, below the 2 it calls for).
D3_OLD = (
    "At handover tell the receiving team that the PHQ-9 item 9 of 20 Nov 2026 was positive (never assessed) and ask "
    "them for a suicide risk assessment once the patient is able to answer (do not delay the transfer for it); record "
    "the reason for the lower rating with the placement decision"  # R51
)
#: The same boxes for today's positive PHQ-9 item 9: asked today, so no "(never assessed)" (R13 S2's words, kept).
IDEATION_TODAY = (
    "At handover tell the receiving team that today's PHQ-9 item 9 was positive and ask them for a suicide risk "
    "assessment (do not delay the transfer for it)"
)
#: R51: beside dimension 2 rated 4, whose headline asks "once the patient is able to answer", the boxes ask so too.
IDEATION_TODAY_ONCE = (
    "At handover tell the receiving team that today's PHQ-9 item 9 was positive and ask them for a suicide risk "
    "assessment once the patient is able to answer (do not delay the transfer for it)"
)
D3_TODAY_ONCE = (
    "At handover tell the receiving team that today's PHQ-9 item 9 was positive and ask them for a suicide risk "
    "assessment once the patient is able to answer (do not delay the transfer for it); record the reason for the lower "
    "rating with the placement decision"
)
#: What the headlines of cases 17, 46 and 89 tell the receiving team of the old PHQ-9 item 9 (R40 S1's words).
HEADLINE_OLD = "that the PHQ-9 item 9 of 20 Nov 2026 was positive (never assessed), and ask them"


def _box(number: int, code: str) -> str:
    (action,) = [f.action for f in built(cases(800)[number]).flags if f.code == code]
    return action


@pytest.mark.parametrize("number", [17, 46, 89])
@pytest.mark.parametrize(
    ("code", "words"), [("suicidal_ideation", IDEATION_OLD), ("rated_below_suggestion_d3", D3_OLD)]
)
def test_r40_s1_the_old_phq9_told_alone_never_assessed(number: int, code: str, words: str) -> None:
    assert _box(number, code) == words
    assert HEADLINE_OLD in built(cases(800)[number]).headline


def test_r40_s1_case_99_the_phq9_box_beside_the_c_ssrs_moderate() -> None:
    """Case 99 (an old PHQ-9 item 9 and today's C-SSRS moderate risk, dimension 2 rated 4): the PHQ-9's own box too."""
    assert _box(99, "suicidal_ideation") == IDEATION_OLD


@pytest.mark.parametrize(
    # R51: once the patient is able to answer (was: IDEATION_TODAY and its rating-below box)
    ("code", "words"),
    [("suicidal_ideation", IDEATION_TODAY_ONCE), ("rated_below_suggestion_d3", D3_TODAY_ONCE)],
)
def test_r40_s1_todays_phq9_is_not_never_assessed(code: str, words: str) -> None:
    """Case 46's ratings with the PHQ-9 scored today: asked today, so the box says no "(never assessed)"."""
    r = recommended({2: 4, 4: 0, 5: 1}, today=[("phq9", PHQ_I9POS)])
    (action,) = [f.action for f in r.flags if f.code == code]
    assert action == words
    assert "never assessed" not in r.headline


def test_r40_s1_case_6_todays_phq9_box() -> None:
    """Case 6 (dimension 3 rated 4, today's positive PHQ-9 item 9): the box as it was."""
    assert _box(6, "suicidal_ideation") == IDEATION_TODAY


#: A handover to the receiving team that tells the PHQ-9 item 9 of 20 Nov 2026 (its clause, to the next "; ").
_TOLD_OLD = re.compile(r"receiving team [^;]*?PHQ-9 item 9 of 20 Nov 2026 was positive(?P<after> \([^()]*\))?")


@pytest.mark.parametrize("chunk", range(4))
def test_r40_s1_sweep_every_box_telling_the_old_phq9_says_never_assessed(chunk: int) -> None:
    """Sweep over the 800 cases: every box that tells the receiving team the PHQ-9 item 9 of 20 Nov 2026 says
    "(never assessed)" right after "was positive", and only where its headline says it too."""
    for case in cases(800)[chunk * 200 : (chunk + 1) * 200]:
        r = built(case)
        for f in r.flags:
            for m in _TOLD_OLD.finditer(f.action or ""):
                assert m["after"] == " (never assessed)", (case.number, f.code, f.action)
                # R60 Q2(b): a suicide box's "if transferred before it is done: at handover tell the receiving team
                # that ..." stands beside the headline's "(if transferred: ask the receiving team for it at handover)",
                # the ruling's words, which tell no screen (R61 3: lands; cases 101 220 418) (was: every such box's
                # headline told the old PHQ-9 too)
                if "; if transferred before it is done: at handover tell the receiving team that " in f.action:
                    assert "(if transferred: ask the receiving team for it at handover)" in r.headline, case.number
                    continue
                assert "PHQ-9 item 9 of 20 Nov 2026 was positive (never assessed)" in r.headline, case.number
