"""The boxes' handover clauses, said once and whole (physician review R23a, findings 2-4; R26b, should-fix S9; R27 S2).

A box (each flag's next step, or a rating-below box that joins several) says one handover clause, as the headline says
one a step (R23a finding 4: "one handover clause a step: the withdrawal scores and any dose with its time, then the
suicide screens, then the requests"; R26b S9: the same for every box). A delirium branch keeps its own (R26b M1 (b):
one handover a branch; R27 S2: it tells "the delirium screen, the last CIWA-Ar score and any thiamine or glucose given
with its time"), said where it stands in the box, whole.

Cases: ``tests.random_placements.cases(800)[N]``; every expected text typed by hand from the rulings and the words the
other boxes say, never computed by iopkit.
"""

from __future__ import annotations

import re

import pytest

from tests.random_placements import built, cases

#: The delirium branch of a box, and its own handover (R27 S2, the headline's words).
DELIRIUM_BRANCH = "if delirium: emergency evaluation: arrange transfer now"
DELIRIUM_TOLD = "the delirium screen, the last CIWA-Ar score and any thiamine or glucose given with its time"


def _box(number: int, code: str) -> str:
    return next(f.action for f in built(cases(800)[number]).flags if f.code == code)


# --- the delirium branch said whole, where it stands ----------------------------------------------------------------
#: Case 34 (an old COWS of 19, today's CIWA-Ar of 13 with item 10 at 1, PHQ-9 item 9 positive today): dimension 1's
#: rating-below box joins the COWS step, whose handover is told first, and the medical review with its delirium branch;
#: the branch read "is compliif delirium: ... with its timecated withdrawal; ;" (put back at its index from before the
#: COWS part's handover grew).
CASE_34 = (
    "re-score the CIWA-Ar within 1 hour; disorientation (item 10 at 2 or more) is complicated withdrawal; if delirium: "
    "emergency evaluation: arrange transfer now (ED, or 4-WM); staff with the patient until handover; at handover tell "
    "the receiving team the delirium screen, the last CIWA-Ar score and any thiamine or glucose given with its time; "
    "if the patient declines transfer: the prescriber assesses"
)


def test_case_34_the_delirium_branch_said_whole_in_its_place() -> None:
    box = _box(34, "rated_below_suggestion_d1")
    assert CASE_34 in box, box
    assert "; ;" not in box, box


@pytest.mark.parametrize("chunk", range(4))
def test_every_delirium_branch_opens_a_clause_and_its_handover_ends_one(chunk: int) -> None:
    """Sweep: in every box of the 800 cases, a delirium branch starts a clause (the box's start, or after "; "), its
    handover ends at a clause's end (";", ",", ")" or the box's end), and no clause is empty."""
    opens = re.compile(rf"(?:^|; ){re.escape(DELIRIUM_BRANCH)}", re.IGNORECASE)
    ends = re.compile(rf"{re.escape(DELIRIUM_TOLD)}(?:[;,)]|$)")
    wrong = [
        f"{case} [{f.code}]: {f.action}"
        for case in cases(800)[chunk::4]
        for f in built(case).flags
        if f.action
        and (
            "; ;" in f.action
            or len(opens.findall(f.action)) != f.action.lower().count(DELIRIUM_BRANCH)
            or len(ends.findall(f.action)) != f.action.count(DELIRIUM_TOLD)
        )
    ]
    assert not wrong, "\n\n".join(wrong)


def test_the_delirium_sweep_reaches_joined_boxes() -> None:
    """The sweep reads rating-below boxes whose delirium branch follows another part (case 34 among them)."""
    reached = {
        case.number
        for case in cases(800)
        for f in built(case).flags
        if f.code == "rated_below_suggestion_d1" and f.action and f.action.find(DELIRIUM_BRANCH) > 0
    }
    assert len(reached) >= 10 and 34 in reached, sorted(reached)
