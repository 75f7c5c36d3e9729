"""Physician review R21 (session 19, addiction medicine): the suicide screens told where the headline's first step may
transfer the patient, and an old C-SSRS moderate risk dated. The expected words are typed from the ruling, never
computed by iopkit.

- M2 (must-fix): today's CIWA-Ar item 10 at 1 gives a conditional delirium transfer ("if delirium: emergency
  evaluation: arrange transfer now (ED, or 4-WM)") beside a positive PHQ-9 item 9: the same-day suicide risk
  assessment says "(if transferred: at handover tell the receiving team that today's PHQ-9 item 9 was positive and ask
  them for a suicide risk assessment once the patient is able to answer; do not delay the transfer for it)", as an old
  CIWA-Ar's conditional transfer says it (R8 must-fix 3, R9 must-fix N3), and the box that carries the transfer the
  same words right after it.
- S6: dimension 3 rated 4 beside a standing screen: "; at handover tell the receiving team that today's PHQ-9 item 9 was
  positive (do not delay the transfer for it)", the screen among the reasons.
- S7: a C-SSRS high leading with a transfer: "; at handover tell the receiving team that today's C-SSRS screen was high
  risk and that today's PHQ-9 item 9 was positive (do not delay the transfer for it)".
- S1: an old C-SSRS moderate risk dated as the old PHQ-9 item 9 is, "moderate suicide risk (C-SSRS screen of 20 Nov
  2026, not re-screened today)"; swept over the 400 random cases (tests/random_placements.py).
"""

from __future__ import annotations

import re

import pytest

from tests.random_placements import CIWA_MOD13_I1, built, cases
from tests.test_placement_headline_review_r7_old_scores import recommended
from tests.test_placement_physician_cases import CSSRS_HIGH, CSSRS_MOD, PHQ_I9POS

# ---- M2 -------------------------------------------------------------------------------------------------------------
M2_TOLD = (
    # R23a finding 7 (c), (d): the ruling's words, re-typed
    "(if transferred: at handover tell the receiving team that today's PHQ-9 item 9 was positive, and ask them for a "
    "suicide risk assessment once the patient is able to answer; do not delay the transfer for it)"
)
#: R26b M2 (b): the ruling's words for why dimension 3 was rated 4.
WHY_3 = "why dimension 3 was rated 4 (what the patient said or did), "
M2_TRANSFER = (
    # R76b A (was: "if delirium: emergency evaluation: arrange transfer now (ED, or 4-WM); ...")
    "if delirium: emergency evaluation: arrange transfer now by emergency services (ED, or 4-WM); staff with the "
    "patient until handover"
)
#: CIWA-Ar item 10's hold beside the conditional delirium transfer: the receiving team told of the intoxication if
#: transferred (physician review R35 S2, the reviewer's words)
M2_ITEM10_HOLD = (
    "no benzodiazepine until it clears and the review is repeated (the patient must not drive today; "
    # R38 item 6 (b): the m2 case's positive PHQ-9 item 9 today, no transfer now: staff stay
    "if the patient tries to leave before it clears: staff stay with the patient and arrange an emergency evaluation "
    "for suicide risk; if transferred: "
    "tell the receiving team at handover the breath alcohol reading or the signs, with the time)"
)


@pytest.fixture(scope="module")
def m2():  # type: ignore[no-untyped-def]
    return recommended({1: 2}, today=[("phq9", PHQ_I9POS), ("ciwa_ar", CIWA_MOD13_I1)])


def test_m2_the_conditional_delirium_transfer_tells_the_receiving_team_if_transferred(m2) -> None:  # type: ignore[no-untyped-def]
    h = m2.headline
    assert M2_TRANSFER in h
    # R26b M1 (d): the step treats withdrawal: the headline's handover tells the last CIWA-Ar score and any dose first
    # (the box, the boxes' known gap S9, unchanged)
    # R65 F2 (was: "the last CIWA-Ar score and any dose with its time"): the medical review screens for delirium
    told = M2_TOLD.replace(
        "team that", "team the last CIWA-Ar score, the delirium screen and any dose with its time, that"
    )
    assert f"then, before the patient leaves, a same-day suicide risk assessment {told}, and a prescriber's" in h, h
    # physician review R35 S2: item 10's hold tells the receiving team of the intoxication if transferred (was: "(the
    # patient must not drive today)"); the suicide screen's handover said once beside it
    assert h.count(M2_ITEM10_HOLD) == 1, h
    assert h.count("receiving team") == 2


def test_m2_the_box_that_carries_the_transfer_says_the_same_words_right_after_it(m2) -> None:  # type: ignore[no-untyped-def]
    (box,) = (f.action for f in m2.flags if f.code == "possible_inattention")
    # physician review R27, should-fix S2: the delirium screen first in the delirium branch's handover
    told = M2_TOLD.replace(
        "team that",
        "team the delirium screen, the last CIWA-Ar score and any thiamine or glucose given with its time, that",
    )
    assert f"{M2_TRANSFER} {told}; if the patient declines transfer" in box, box


# ---- S6 -------------------------------------------------------------------------------------------------------------
def test_s6_dimension_3_rated_4_tells_the_receiving_team_of_the_phq_9_item_9() -> None:
    h = recommended({3: 4}, today=[("phq9", PHQ_I9POS)]).headline
    assert h.startswith(
        "First: emergency psychiatric evaluation now, including suicide risk: arrange transfer now (ED)"
    )
    assert (
        # R22 S2: ", without delaying the transfer", never two brackets in a row
        # R26b M2 (b): why dimension 3 was rated 4, first in the clause
        f"; the patient must not drive; at handover tell the receiving team {WHY_3}that today's PHQ-9 item 9 was "
        "positive, "
        "without delaying the transfer (dimension 3 rated 4, imminent danger; suicidal ideation). "
    ) in h, h
    assert "ask them for a suicide risk assessment" not in h


# ---- S7 -------------------------------------------------------------------------------------------------------------
def test_s7_a_c_ssrs_high_with_its_transfer_tells_the_receiving_team_of_each_screen_c_ssrs_first() -> None:
    h = recommended({3: 4}, today=[("cssrs_screen", CSSRS_HIGH), ("phq9", PHQ_I9POS)]).headline
    assert h.startswith("First: emergency evaluation for suicide risk now: arrange transfer now (ED)")
    assert (
        # R22 S2: ", without delaying the transfer"
        # R26b M2 (b): why dimension 3 was rated 4, first in the clause
        f"; at handover tell the receiving team {WHY_3}that today's C-SSRS screen was high risk and that today's PHQ-9 "
        "item 9 was positive, without delaying the transfer ("
    ) in h, h


def test_s7_an_old_c_ssrs_high_is_told_with_its_day() -> None:
    h = recommended({3: 4}, old=[("cssrs_screen", CSSRS_HIGH)]).headline
    assert (
        # R22 S2: ", without delaying the transfer"
        # R26b M2 (b): why dimension 3 was rated 4, first in the clause
        f"; at handover tell the receiving team {WHY_3}that the C-SSRS screen of 20 Nov 2026 was high risk, without "
        "delaying the transfer ("
    ) in h, h


# ---- S1 -------------------------------------------------------------------------------------------------------------
S1_DATED = " (C-SSRS screen of 20 Nov 2026, not re-screened today)"


def test_s1_an_old_c_ssrs_moderate_risk_is_dated() -> None:
    h = recommended(old=[("cssrs_screen", CSSRS_MOD)]).headline
    # physician review R23c A1: C-SSRS moderate is critical now, so a rating below its suggestion is named as for
    # PHQ-9 item 9 (a critical suicide-risk flag), after its day
    assert h.startswith(
        "First: a same-day suicide risk assessment and safety planning before the patient leaves (moderate suicide "
        "risk (C-SSRS screen of 20 Nov 2026, not re-screened today): dimension 3 rated "
    ), h


_GRADED = re.compile(r"\b(?:moderate|high) suicide risk\b")


@pytest.mark.parametrize("chunk", range(4))
def test_s1_sweep_no_old_c_ssrs_is_said_undated(chunk: int) -> None:
    found = []
    for case in cases()[chunk::4]:
        old = {k for i, k, when in case.scores if i == "cssrs_screen" and when == "old"}
        if not old & {"moderate", "high"}:
            continue
        h = built(case).headline
        undated = [h[m.start() : m.end() + 60] for m in _GRADED.finditer(h) if not h.startswith(S1_DATED, m.end())]
        if undated:
            found.append(f"{case}: {undated}")
    assert not found, "\n".join(found)
