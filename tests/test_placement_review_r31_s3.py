"""Physician review R31, should-fix S3: a headline with two handover clauses, the second dropping the suicide screens.

An old COWS of 13 or more beside today's moderate CIWA-Ar and a suicide screen that asks a same-day suicide risk
assessment (a C-SSRS moderate risk, a positive PHQ-9 item 9): the "if 37 or more" branch tells the receiving team the
scores, the screen and asks for the assessment; the "if 13-36" branch's escalation ("arrange medically managed
withdrawal or a higher level of care") told only "if transferred: at handover tell the receiving team the last CIWA-Ar
and COWS scores and any dose with its time", so a patient transferred on that branch arrived with the suicide screen
unsaid. Wanted: that handover tells the same screen and asks the same assessment. Cases of tests/random_placements.py
(800, the same seed); every expected text typed by hand, never computed by iopkit.
"""

from __future__ import annotations

import re

import pytest

from tests.random_placements import built, cases

#: The "if 13-36" branch's handover as wanted, by case (typed from the screens each case gives).
WANTED = {
    # R38 item 5: today's C-SSRS low told beside the PHQ-9; R38 item 2: the end in case 61's words (was: "time, that
    # today's PHQ-9 item 9 was positive, and ask them for a suicide risk assessment;")
    5: (
        "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its "
        "time, that today's C-SSRS screen found a wish to be dead or non-specific suicidal thoughts and that today's "
        "PHQ-9 item 9 was positive, and ask them for a suicide risk assessment (do not delay the transfer for it);"
    ),
    # R38 item 2: the end in case 61's words (was: "... and ask them for a suicide risk assessment;")
    # R50 b6 Q1: the moderate-risk handover asks with safety planning
    133: (
        "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its "
        "time, that the C-SSRS screen of 20 Nov 2026 was moderate risk, and ask them for a suicide risk assessment "
        "with safety planning (do not delay the transfer for it);"
    ),
    291: (
        "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its "
        "time, that the C-SSRS screen of 20 Nov 2026 was moderate risk"
    ),
}
#: The handover that dropped them.
DROPPED = (
    "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time;"
)


@pytest.mark.parametrize("number", sorted(WANTED))
def test_s3_the_second_handover_tells_the_screens(number: int) -> None:
    h = built(cases(800)[number]).headline
    assert WANTED[number] in h, h
    assert DROPPED not in h, h


def test_s3_sweep_no_handover_drops_a_screen_another_tells() -> None:
    """Over the 800 cases: where one handover clause of the first step (up to its "Also ..." or "Then ...") tells a
    suicide screen, every other handover clause of that step does too (a handover that tells none beside one that
    does is the finding)."""
    wrong = []
    for case in cases(800):
        step = re.split(r"\. (?:Also|Then)\b", built(case).headline)[0]
        clauses = [c for c in re.split(r"; |\. ", step) if "at handover tell the receiving team the last" in c]
        told = [c for c in clauses if " was positive" in c or " risk" in c.split("team", 1)[1]]
        if told and len(told) < len(clauses):
            wrong.append(f"{case}: {step}")
    assert not wrong, "\n\n".join(wrong[:5]) + f"\n\n({len(wrong)} in all)"
