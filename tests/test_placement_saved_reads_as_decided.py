"""A placement saved now reads back as it was decided (found by session 29's builder b6: reading a saved placement
ran the rating-below boxes' handover and driving passes again on words already final, and 10 of the 800 random cases'
dimension-1 boxes came back moved: case 170's told its delirium screen at its dose's handover instead of at its
transfer's). The oracle is the saved placement itself: what was shown when the clinician decided."""

from __future__ import annotations

import json

import pytest

from iopkit.placement import Placement

from .random_placements import built, cases

#: The cases whose boxes came back changed before the fix (session 29).
CHANGED_BEFORE = (159, 170, 193, 204, 424, 498, 507, 620, 660, 740)
#: Case 170's dimension-1 box, its delirium branch as decided (typed from the box shown on 5 Dec 2026).
DELIRIUM_BRANCH_170 = (
    # R76b A (was: "if delirium: emergency evaluation: arrange transfer now (ED, or 4-WM); staff ...")
    "if delirium: emergency evaluation: arrange transfer now by emergency services (ED, or 4-WM); staff with the "
    "patient until handover; at handover tell the receiving team the delirium screen, the last CIWA-Ar score and any "
    "thiamine or glucose given with its time; if the patient declines transfer"
)


def _read_back(rec):
    return Placement.from_dict(json.loads(json.dumps(Placement(rec, reason="saved now").to_dict()))).recommendation


@pytest.mark.parametrize("number", CHANGED_BEFORE)
def test_the_cases_that_changed_read_back_equal(number: int) -> None:
    rec = built(cases(800)[number])
    assert _read_back(rec) == rec


def test_case_170_keeps_its_delirium_branch_handover() -> None:
    back = {f.code: f.action for f in _read_back(built(cases(800)[170])).flags}
    assert DELIRIUM_BRANCH_170 in back["rated_below_suggestion_d1"]


def test_sweep_every_random_case_reads_back_equal() -> None:
    changed = [c.number for c in cases(800) if _read_back(built(c)) != built(c)]
    assert changed == []
