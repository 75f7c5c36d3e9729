"""Physician review R49 (of R42 item 4, R30b S5): must-fixes M1, Q5b and Q1, the reviewer's words typed.

M1: beside a rating of 4, an old COWS re-scored "before transfer only if it does not delay it (last N on D)" says
"(last N on D; no dose here without today's re-score)": its last score is not today's, so no first dose on it.
"""

from __future__ import annotations

import re

from tests.random_placements import built, cases

#: M1: an old COWS's re-score before transfer, its bracket (any form).
RESCORE_BEFORE_TRANSFER = re.compile(
    r"e-score the COWS before transfer only if it does not delay it \((last \d+[^()]*)\)"
)
#: The reviewer's words, last in the bracket.
UNRESCORED = "; no dose here without today's re-score"
#: Case 42's box (r49's words).
BOX_42_M1 = (
    "Re-score the COWS before transfer only if it does not delay it (last 30 on 20 Nov 2026; no dose here without "
    "today's re-score); treat on the current score: before any dose: "
)
#: Case 635's headline (r49's words).
HEADLINE_635_M1 = "(last 30 on 20 Nov 2026; no dose here without today's re-score), with alcohol withdrawal alongside"
#: The 22 item-4 cases (dimension 1, 2 or 3 rated 4, an old COWS of 13-36 re-scored).
AT_4_OLD_COWS = (
    240, 42, 86, 277, 306, 346, 551,
    114, 265, 316, 376, 394, 445, 449, 524, 603, 635, 649, 700, 760, 767, 790,
)  # fmt: skip


def _case(number: int):  # type: ignore[no-untyped-def]
    case = cases(800)[number]
    assert case.number == number
    return built(case)


def _box(rec, code: str) -> str:  # type: ignore[no-untyped-def]
    return next(f.action for f in rec.flags if f.code == code)


def test_m1_case_42_boxes_say_no_dose_without_todays_rescore() -> None:
    rec = _case(42)
    for code in (
        "moderately_severe_opioid_withdrawal",
        "buprenorphine_induction_threshold",
        "rated_below_suggestion_d1",
    ):
        assert _box(rec, code).startswith(BOX_42_M1), code


def test_m1_case_635_headline() -> None:
    assert HEADLINE_635_M1 in _case(635).headline


def test_m1_sweep_every_old_cows_rescore_before_transfer_says_it() -> None:
    found = set()
    for case in cases(800):
        rec = built(case)
        for text in (rec.headline, *(f.action for f in rec.flags if f.action)):
            for m in RESCORE_BEFORE_TRANSFER.finditer(text):
                if ", severe" in m[1]:  # an old COWS above 36 (R13 M1), not the reviewer's clause
                    continue
                assert m[1].endswith(UNRESCORED), (case.number, m[0])
                found.add(case.number)
    assert found == set(AT_4_OLD_COWS)
