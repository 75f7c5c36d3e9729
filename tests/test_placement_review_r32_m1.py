"""Physician review R32, must-fix M1: a first step's only handover, said if transferred ("if transferred: at handover
tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time"), never told the suicide screens
that stand. Beside an emergency evaluation for suicide risk on site (a C-SSRS high: cases 33, 120, 135 of
tests/random_placements.py's 800) a high-risk patient transferred on the escalation's branch arrived without the
finding; the same beside a moderate or low screen (781; 61, 268, 273, 525, 585, 608: its should-fix). Every expected
text typed by hand from the reviewer's words, never computed by iopkit.
"""

from __future__ import annotations

import re

import pytest

from tests.random_placements import built, cases

SCORES = (
    "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time"
)
#: R64 S3: 781 and 608 re-score an old CIWA-Ar whose item 10 was 1 with a delirium screen: the screen told (was: SCORES)
SCORES_S3 = (
    "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and any "
    "dose with its time"
)
WANTED = {
    33: (
        f"{SCORES}, that the C-SSRS screen of 20 Nov 2026 was high risk and that today's PHQ-9 item 9 was positive, "
        "and whether the emergency evaluation for suicide risk was completed here (if so, its findings); safety "
        "precautions, staff with the patient, until handover"
    ),
    120: (
        f"{SCORES}, that today's C-SSRS screen was high risk and that today's PHQ-9 item 9 was positive, and whether "
        "the emergency evaluation for suicide risk was completed here (if so, its findings); safety precautions, staff "
        "with the patient, until handover"
    ),
    781: (
        f"{SCORES_S3}, that the C-SSRS screen of 20 Nov 2026 was moderate risk (method considered, or suicidal "
        "behaviour over 3 months ago; never assessed), and ask them for a suicide risk assessment with safety "
        "planning (do not delay the transfer for it)"
    ),
    608: (
        f"{SCORES_S3}, that today's C-SSRS screen found a wish to be dead or non-specific suicidal thoughts and that "
        "the PHQ-9 item 9 of 20 Nov 2026 was positive (never assessed), and ask them for a suicide risk assessment "
        "(do not delay the transfer for it)"
    ),
}


@pytest.mark.parametrize("number", sorted(WANTED))
def test_m1_the_only_handover_tells_the_screens(number: int) -> None:
    h = built(cases(800)[number]).headline
    assert WANTED[number] in h, h


def test_m1_sweep_every_first_step_handover_tells_a_standing_screen() -> None:
    """Over the 800 cases: a first step whose handovers, said if transferred, tell no suicide screen while a screen
    stands (a C-SSRS high, moderate or low, a positive PHQ-9 item 9 not asked blank) is the finding. (A rating of 4's
    psychiatric transfer "including suicide risk" beside an old screen is left to its own review: 8 cases.)"""
    wrong = []
    for case in cases(800):
        r = built(case)
        screens = {f.code for f in r.flags if f.code.startswith("suicide_risk_") or f.code == "suicidal_ideation"}
        screens -= {f.code for f in r.flags if f.worst_case}
        first = r.headline.split(". Then")[0].split(". Also")[0]
        clauses = [c for c in re.split(r"; |\. ", first) if "at handover tell the receiving team" in c]
        if not screens or not any(c.startswith("if transferred: ") for c in clauses):
            continue
        if not any(" that " in c for c in clauses):
            wrong.append(f"{case}: {first}")
    assert not wrong, "\n\n".join(wrong[:3]) + f"\n\n({len(wrong)} in all)"
