"""Session 31's note, item 1, ruled by physician review R60, Q1 (placement day 02 Dec 2026). Expectations typed from
the ruling's words.

Beside a high C-SSRS screen and a transfer already ordered (cases 7, 318, 560, 670, 688 and 759), the headline
re-scored an old complicated CIWA-Ar and screened for delirium, then held a dose only "if an overdose or ingestion, or
intoxicated" and went on "otherwise a first dose before transfer", while every box said "if delirium: no dose here".
The hold now names delirium, in the words an earlier review (R55, ruling 2) gave the COWS part's hold beside a
delirium screen.
"""

from __future__ import annotations

import re

import pytest

from .random_placements import cases, only_box, texts

#: The delirium screen's bracket (typed).
BRACKET = "re-score the CIWA-Ar and screen for delirium (CAM or 4AT) (last "
#: The hold as it was (gone after the bracket wherever no "if delirium" comes before it).
OLD_HOLD = (
    "if an overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call emergency services"
)
#: The hold naming delirium, in full up to the intoxication branch (typed from the ruling).
NEW_HOLD = (
    "if delirium, an overdose or ingestion, or intoxicated: no dose here (delirium, or an overdose or ingestion: call "
    "emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose; "
    "intoxicated: staff stay with the patient; "
)
#: Case 7's headline from the delirium screen to the first dose, in full (typed).
STEP_7 = (
    "re-score the CIWA-Ar and screen for delirium (CAM or 4AT) (last 10 on 20 Nov 2026, hallucinations; no dose here "
    "without today's re-score); treat on the current score: before any dose: ask about any overdose or ingestion today "
    "and screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and "
    "check blood glucose; if delirium, an overdose or ingestion, or intoxicated: no dose here (delirium, or an "
    "overdose or ingestion: call emergency services for the ED, staff with the patient until handover, naloxone if "
    "signs of opioid overdose; intoxicated: staff stay with the patient; repeat the screen and the score when it "
    "clears, or tell the receiving team at handover; the patient must not drive today); otherwise a first dose before "
    "transfer only if it does not delay the transfer"
)
#: The six headlines (typed from the session note).
CASES = (7, 318, 560, 670, 688, 759)


@pytest.mark.parametrize("number", CASES)
def test_the_headline_holds_a_dose_in_delirium(number: int) -> None:
    headline = only_box(number, "headline")
    after = headline[headline.index(BRACKET) :]
    assert NEW_HOLD in after
    assert OLD_HOLD not in after


def test_case_7_step_in_full() -> None:
    assert STEP_7 in only_box(7, "headline")


def test_the_boxes_of_case_7_keep_delirium_first_and_alone() -> None:
    box = only_box(7, "complicated_withdrawal")
    assert (
        "if delirium: no dose here; call emergency services for the ED; staff with the patient until handover; " in box
    )
    assert "if delirium, an overdose" not in box


def test_sweep_no_hold_after_a_delirium_screen_leaves_delirium_out() -> None:
    """In the 800 cases, every text whose delirium screen is followed by the overdose hold says delirium between
    the screen and the hold's end ("if delirium: no dose here; ..." first and alone, or the hold naming it)."""
    missing = []
    for case in cases(800):
        for code, text in texts(case.number):
            at = text.find(BRACKET)
            if at < 0:
                continue
            for hold in re.finditer(re.escape("no dose here ("), text[at:]):
                if "if delirium" not in text[at : at + hold.end()]:
                    missing.append((case.number, code))
    assert not missing
