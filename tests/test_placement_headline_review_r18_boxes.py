"""Physician review R18 (session 16): the boxes beside the headline, the reviewer's cases and words typed as the oracle.

M4: a C-SSRS high withdrawn by a correction, never assessed, is no positive screen (Posner et al. 2011: a positive
screen triggers the evaluation; a withdrawn answer is not one; R1-R4 rulings): the headline repeats the screen, so the
boxes keep their no-C-SSRS words (the transfer's destination, the capacity clause), keep the overdose question
(buprenorphine and methadone labels; FDA Drug Safety Communication 20 Sep 2017) and say a dose's timing "now, before the
patient leaves (the C-SSRS screen is repeated as the first step says)".

Cases built as the reviewer built them (/tmp/r18/gen.py: old = 20 Nov 2026, today = 02 Dec 2026, ratings over
ROUTINE; a C-SSRS high withdrawn by a correction passed as ``older_open_flags``, as
tests/test_placement_headline_review_r2_leads.py builds it); arrays as in tests/test_placement_physician_cases.py.
"""

from __future__ import annotations

import datetime as dt

import pytest

import iopkit
from iopkit.flags import Flag, Withdrawn
from iopkit.placement import recommend, suggest_dimensions
from tests.test_placement_headline_review_r7_old_scores import OLD, PLACED, ROUTINE, recommended
from tests.test_placement_physician_cases import (
    CIWA_CMP15,
    CIWA_MOD13,
    CIWA_SEV21,
    COWS_8,
    COWS_30,
    COWS_48,
    CSSRS_HIGH,
)

# the reviewer's "item-10-at-1 14"
CIWA_I10_14 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 1]
_ARRAYS = {
    "ciwa": {"13": CIWA_MOD13, "21": CIWA_SEV21, "c15": CIWA_CMP15, "i1_14": CIWA_I10_14},
    "cows": {"8": COWS_8, "30": COWS_30, "48": COWS_48},
    "cssrs": {"high": CSSRS_HIGH},
}
_INSTRUMENT = {"ciwa": "ciwa_ar", "cows": "cows", "cssrs": "cssrs_screen"}


def _withdrawn_high() -> Flag:
    """A C-SSRS high-risk flag a correction withdrew, never closed (the reviewer's gen.withdrawn_high)."""
    withdrawn = Withdrawn(dt.date(2026, 11, 20), dt.date(2026, 11, 20), "2", False)
    return Flag(
        "suicide_risk_high", "C-SSRS high risk", "critical", calls_for="emergency_evaluation", withdrawn=withdrawn
    )


def case(ratings=None, withdrawn=False, **scores):  # type: ignore[no-untyped-def]
    """The reviewer's case notation: ``case({5: 4}, withdrawn=True, ciwa=("old", "13"), cows=("today", "48"))``."""
    old = [(_INSTRUMENT[k], _ARRAYS[k][v]) for k, (when, v) in scores.items() if when == "old"]
    today = [(_INSTRUMENT[k], _ARRAYS[k][v]) for k, (when, v) in scores.items() if when == "today"]
    if not withdrawn:
        return recommended(ratings or {}, old=old, today=today)
    given = [iopkit.score(i, a) for i, a in old] + [iopkit.score(i, a) for i, a in today]
    scored_on = {i: OLD for i, _ in old} | {i: PLACED for i, _ in today}
    suggested = suggest_dimensions(given, scored_on=scored_on, today=PLACED, older_open_flags=[_withdrawn_high()])
    return recommend({**ROUTINE, **(ratings or {})}, suggested=suggested)


def box(r, code):  # type: ignore[no-untyped-def]
    (action,) = [f.action for f in r.flags if f.code == code]
    return action


def boxes(r):  # type: ignore[no-untyped-def]
    return {f.code: f.action for f in r.flags if f.action}


_DOSE_VERBS = ("a prescriber gives", "a prescriber treats", "treat withdrawal", "treats withdrawal")


def doses(action: str) -> bool:
    return any(v in action.lower() for v in _DOSE_VERBS)


# --- M4: a withdrawn C-SSRS high ---------------------------------------------------------------------------------

# the reviewer's M4 cases (gen.build's dicts), each with the withdrawn C-SSRS high
M4_CASES = {
    "42": ({}, {"ciwa": ("today", "c15")}),
    "91": ({}, {"ciwa": ("old", "c15"), "cows": ("old", "30")}),
    "190": ({}, {"ciwa": ("old", "21"), "cows": ("old", "8")}),
    "330": ({5: 4}, {"ciwa": ("old", "c15"), "cows": ("today", "30")}),
    "59": ({5: 4}, {"ciwa": ("old", "13"), "cows": ("today", "48")}),
    "33": ({4: 4}, {"ciwa": ("old", "i1_14"), "cows": ("old", "48")}),
    "369": ({}, {"cows": ("today", "30")}),
}
# M4: what no box says beside a withdrawn C-SSRS high (the reviewer's test)
NOT_BESIDE_WITHDRAWN = (
    "waits for the suicide evaluation",
    "emergency evaluation for suicide risk and emergency medical evaluation",
    "involuntary",
)
# M4: the dose's timing beside a withdrawn C-SSRS high, the reviewer's words
REPEATED_TIMING = "now, before the patient leaves (the C-SSRS screen is repeated as the first step says)"
OVERDOSE_QUESTION = "ask about any overdose or ingestion"


@pytest.mark.parametrize("name", list(M4_CASES))
def test_m4_no_box_treats_a_withdrawn_high_as_confirmed(name: str) -> None:
    ratings, scores = M4_CASES[name]
    r = case(ratings, withdrawn=True, **scores)
    for code, action in boxes(r).items():
        for words in NOT_BESIDE_WITHDRAWN:
            assert words not in action, (code, words)


@pytest.mark.parametrize("name", [n for n in M4_CASES if n != "91"])  # 91: no box doses (an old complicated CIWA-Ar)
def test_m4_every_dose_box_keeps_the_overdose_question(name: str) -> None:
    ratings, scores = M4_CASES[name]
    r = case(ratings, withdrawn=True, **scores)
    dosing = {code: a for code, a in boxes(r).items() if doses(a) and code != "possible_inattention"}
    assert dosing
    for code, action in dosing.items():
        assert OVERDOSE_QUESTION in action, code


def test_m4_case_190_the_no_cssrs_transfer_and_capacity_clause() -> None:
    r = case(withdrawn=True, ciwa=("old", "21"), cows=("old", "8"))
    action = box(r, "severe_alcohol_withdrawal")
    assert "capacity to decline" in action
    assert "arrange transfer now to medically managed withdrawal (ED, or 4-WM)" in action


def test_m4_case_59_the_no_cssrs_transfer_and_timing() -> None:
    r = case({5: 4}, withdrawn=True, ciwa=("old", "13"), cows=("today", "48"))
    action = box(r, "severe_opioid_withdrawal")
    assert "(ED, or 3.7-WM/4-WM)" in action
    assert f"treat withdrawal {REPEATED_TIMING}, as the prescriber decides:" in action


def test_m4_a_cows_box_says_the_repeated_screen_s_timing() -> None:
    r = case(withdrawn=True, cows=("today", "30"))
    action = box(r, "moderately_severe_opioid_withdrawal")
    assert action.startswith(f"Prescriber's review {REPEATED_TIMING}: before any dose: {OVERDOSE_QUESTION}")
    assert "waits for" not in action


def test_m4_an_old_cows_above_36_says_the_repeated_screen_s_timing_case_33() -> None:
    r = case({4: 4}, withdrawn=True, ciwa=("old", "i1_14"), cows=("old", "48"))
    assert f"a prescriber treats withdrawal {REPEATED_TIMING}: buprenorphine" in box(r, "severe_opioid_withdrawal")


def test_m4_a_confirmed_high_of_today_still_waits_for_the_suicide_evaluation() -> None:
    """The contrast: today's C-SSRS high (not withdrawn) keeps R13's words."""
    r = case(cows=("today", "30"), cssrs=("today", "high"))
    action = box(r, "moderately_severe_opioid_withdrawal")
    assert "while the patient waits for the suicide evaluation" in action
    assert "C-SSRS screen is repeated" not in action
