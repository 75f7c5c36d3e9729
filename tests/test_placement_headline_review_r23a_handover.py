"""Physician review R23a, finding 7: the ruling on R22 S3 (old screens joined at a handover), the reviewer's words.

Before (efa5426): "that the C-SSRS screen of 20 Nov 2026 was moderate risk (method considered, or suicidal behaviour
over 3 months ago) and was never assessed and that the PHQ-9 item 9 of 20 Nov 2026 was positive (never assessed) and
ask them for ...". The ruling, "the proposed form, exactly": (a) an old screen not assessed since carries "never
assessed" in its own bracket, "(<gloss>; never assessed)" where the result has a gloss, else " (never assessed)";
never "and was never assessed"; (b) screens joined by " and that ", no comma; (c) a comma before the request that
follows the last screen (", and ask them for ..." / ", and whether the emergency evaluation ..."); (d) the end ",
without delaying the transfer" (unconditional) or "; do not delay the transfer for it)" (inside "(if transferred:
...)"). Basis the reviewer cites: Joint Commission NPSG 15.01.01; Posner et al. 2011.

Cases: ``tests.random_placements.cases(800)[N]`` as the reviewer names them; every expected text typed from the
review (/work/reviews/r23a.md, finding 7), never computed by iopkit.
"""

from __future__ import annotations

import pytest

from tests.random_placements import built, cases

# --- the reviewer's words, typed (r23a.md, finding 7) ----------------------------------------------------------------
CASE_13 = (
    # R26b M1 (c): an old complicated CIWA-Ar re-scored, treated on the current score: the re-score, the delirium
    # screen and any dose with its time first in the clause
    "(if transferred: at handover tell the receiving team the CIWA-Ar re-score, the delirium screen and any dose with "
    "its time, that the C-SSRS screen of 20 Nov 2026 was moderate risk "
    "(method considered, or suicidal behaviour over 3 months ago; never assessed) and that the PHQ-9 item 9 of 20 Nov "
    "2026 was positive (never assessed), and ask them for a suicide risk assessment with safety planning once the "
    "patient is able to answer; do not delay the transfer for it)"
)
# R23a finding 2 (must-fix) and 4 over finding 7's words: a step that may give a first dose before the transfer tells
# the last withdrawal scores and any dose with its time first in its one handover clause (case 168: CIWA-Ar 21 and COWS
# 30 today; case 789: an old CIWA-Ar of 14 and dimension 1 rated 4, R16's "why" first)
CASE_168 = (
    "at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time, that the C-SSRS "
    "screen of 20 Nov 2026 was moderate risk (method considered, or suicidal behaviour over 3 months ago; never "
    "assessed) and that the PHQ-9 item 9 of 20 Nov 2026 was positive (never assessed), and ask them for a suicide risk "
    "assessment with safety planning once the patient is able to answer, without delaying the transfer ("
)
CASE_789 = (
    "at handover tell the receiving team why dimension 1 was rated 4, the last CIWA-Ar score and any dose with its "
    "time, that the C-SSRS screen of 20 Nov 2026 was moderate risk (method considered, or suicidal behaviour over 3 "
    "months ago; never assessed) and that the PHQ-9 item 9 of 20 Nov 2026 was positive (never assessed), and ask them "
    "for a suicide risk assessment with safety planning once the patient is able to answer, without delaying the "
    "transfer ("
)
CASE_58_157 = (
    "that the C-SSRS screen of 20 Nov 2026 found a wish to be dead or non-specific suicidal thoughts (never assessed) "
    "and that the PHQ-9 item 9 of 20 Nov 2026 was positive (never assessed), and ask them for a suicide risk "
    "assessment once the patient is able to answer; do not delay the transfer for it)"
)
CASE_63_210 = (
    "that today's C-SSRS screen was high risk and that the PHQ-9 item 9 of 20 Nov 2026 was positive (never assessed), "
    "and whether the emergency evaluation for suicide risk was completed here (if so, its findings); "
)
CASE_99 = (
    "that today's C-SSRS screen was moderate risk (method considered, or suicidal behaviour over 3 months ago) and "
    "that the PHQ-9 item 9 of 20 Nov 2026 was positive (never assessed), and ask them for a suicide risk assessment "
    "with safety planning once the patient is able to answer, without delaying the transfer ("
)
CASE_600 = (
    " moderate risk (method considered, or suicidal behaviour over 3 months ago; never assessed) and that the PHQ-9 "
    "item 9 of 20 Nov 2026 was positive (never assessed), without delaying the transfer ("
)
#: The reviewer's test: "no headline has ..."
NEVER = ("and was never assessed and", "(never assessed) and ask", "(never assessed) and whether")
#: (a) alone, each old screen in its own bracket, typed from the quotations above.
MODERATE_OLD = (
    "the C-SSRS screen of 20 Nov 2026 was moderate risk (method considered, or suicidal behaviour over 3 months ago; "
    "never assessed) and that the PHQ-9 item 9 of 20 Nov 2026 was positive (never assessed)"
)
LOW_OLD = (
    "the C-SSRS screen of 20 Nov 2026 found a wish to be dead or non-specific suicidal thoughts (never assessed) and "
    "that the PHQ-9 item 9 of 20 Nov 2026 was positive (never assessed)"
)


@pytest.mark.parametrize(
    ("number", "words"), [(13, MODERATE_OLD), (168, MODERATE_OLD), (789, MODERATE_OLD), (600, MODERATE_OLD),
                          (58, LOW_OLD), (157, LOW_OLD)]
)  # fmt: skip
def test_finding_7a_each_old_screen_never_assessed_in_its_own_bracket(number: int, words: str) -> None:
    h = built(cases(800)[number]).headline
    assert words in h, h


def test_finding_7_case_600_the_reviewers_words() -> None:
    """Case 600: the evaluation's own handover (R22 S2's ", without delaying the transfer"), no request after it."""
    h = built(cases(800)[600]).headline
    assert CASE_600 in h, h


@pytest.mark.parametrize("chunk", range(4))
def test_finding_7a_sweep_never_and_was_never_assessed(chunk: int) -> None:
    wrong = [f"{c}: {h}" for c in cases(800)[chunk::4] for h in [built(c).headline] if "and was never assessed" in h]
    assert not wrong, "\n\n".join(wrong)


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (13, CASE_13),
        (168, CASE_168),
        (789, CASE_789),
        (58, CASE_58_157),
        (157, CASE_58_157),
        (63, CASE_63_210),
        (210, CASE_63_210),
        (99, CASE_99),
    ],
)
def test_finding_7_the_reviewers_words(number: int, words: str) -> None:
    h = built(cases(800)[number]).headline
    assert words in h, h


@pytest.mark.parametrize("chunk", range(4))
def test_finding_7_sweep_no_old_join(chunk: int) -> None:
    wrong = [
        f"{c}: {said!r}: {h}" for c in cases(800)[chunk::4] for h in [built(c).headline] for said in NEVER if said in h
    ]
    assert not wrong, "\n\n".join(wrong)


def test_finding_7_sweep_reaches_the_old_screens() -> None:
    """The sweep reads the headlines that tell an old screen "never assessed" (49 of the 800, the reviewer's count)."""
    told = sum("never assessed)" in built(c).headline for c in cases(800))
    assert told >= 40, told
