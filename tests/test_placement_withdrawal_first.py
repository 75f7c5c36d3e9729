"""``Recommendation.withdrawal_first``: a 24-hour withdrawal management that comes first, never Level 4's own 4-WM.

Physician review 8 (MUST 3): dimension 2 or 3 rated 4 with dimension 1 at 1 or 2 and no sign calling for 24-hour
withdrawal management is Level 4, "any withdrawal managed within it", never "withdrawal management first" (ASAM
Criteria 2013: the withdrawal-management level follows dimension 1; rating 4 in dimension 2 or 3 is medically managed
intensive inpatient care). The property rules read says so too, and is saved with the decision; Level 4's own 4-WM
is still a 24-hour setting for the rules that ask whether the plan is below 24-hour withdrawal management (a recorded
home mitigation is moot there: ASAM 2020 alcohol withdrawal guideline, Rec III.1, VII.8). Texts typed from the review.

A decision saved under the older rule (``withdrawal_first`` true at Level 4's own 4-WM; ``first_step`` medical review
beside alcohol withdrawal alongside a COWS above 36) is history: the store keeps its payload as saved and reads it
back, the difference from today's rules reported on the record by the field's name ("recommendation.first_step:
stored 'medical_review', now 'emergency_evaluation'"), never rewritten.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pytest

import iopkit
from iopkit.placement import FirstStep, Placement, recommend, suggest_dimensions
from iopkit.widgets.render import recommendation_html

from .conftest import raw_record
from .refusal_branches import AT_4_STAFF_D2, MEDICAL_DECLINES, PSYCHIATRIC_DECLINES

LOW_RISK = {"pawss": 2, "prior_withdrawal_seizure_or_dt": False}
MITIGATED = {"pawss": 5, "withdrawal_risk_mitigated": "partner at home 24 h"}
WITHIN = "Level 4 (Medically managed intensive inpatient), any withdrawal managed within it"
D3_AT_4 = (
    "First: emergency psychiatric evaluation now: arrange transfer now (ED); safety precautions, staff with the "
    "patient, until handover"
    + PSYCHIATRIC_DECLINES
    # R26b M2 (b): the transfer tells why dimension 3 was rated 4
    + "; the patient must not drive; at handover tell the receiving team why dimension 3 was rated 4 (what the "
    "patient said or did) (dimension 3 rated 4, imminent danger). Then, as the "
    f"evaluation decides: {WITHIN}."
)
D2_AT_4 = (
    "First: emergency medical evaluation: arrange transfer now (ED)"
    # physician review R16 (session 15), the rulings on C22, C23, C30 (dimension 1 or 2 rated 4): staff until handover
    # and the reason told at handover, the reviewer's words typed in tests/refusal_branches.py
    + AT_4_STAFF_D2
    + MEDICAL_DECLINES
    + "; the patient must not drive (dimension 2 rated 4, "
    f"imminent danger). Then, as the evaluation decides: {WITHIN}."
)

# COWS 44 (above 36, Wesson & Ling 2003) and CIWA-Ar 13 (moderate, Sullivan 1989) of today: physician review 8's case
COWS_44 = [4, 4, 5, 5, 4, 4, 5, 4, 4, 2, 3]
CIWA_13 = [2, 2, 2, 2, 1, 1, 1, 1, 1, 0]


def _at_4(d1: int, at_4: int, **facts):
    dims = {1: d1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1, at_4: 4}
    return recommend(dims, suggested=suggest_dimensions([], **(facts or LOW_RISK)))


@pytest.mark.parametrize("d1", [1, 2])
@pytest.mark.parametrize(("at_4", "headline"), [(2, D2_AT_4), (3, D3_AT_4)], ids=["dimension 2", "dimension 3"])
def test_level_4s_own_4_wm_is_not_withdrawal_first(d1, at_4, headline):
    r = _at_4(d1, at_4)
    assert r.withdrawal_management.code == "4-WM"  # the level's own (rule_table.SETTING_WM)
    assert r.withdrawal_first is False
    assert r.to_dict()["withdrawal_first"] is False
    assert r.headline == headline
    assert r.describe() == f"{WITHIN} (4-WM)"
    out = recommendation_html(r)
    assert "iop-withdrawal-first" not in out and "after withdrawal management" not in out


@pytest.mark.parametrize("at_4", [2, 3])
def test_dimension_1_rated_3_beside_a_rating_of_4_keeps_withdrawal_management_first(at_4):
    r = _at_4(3, at_4)
    assert r.withdrawal_first is True and r.to_dict()["withdrawal_first"] is True
    assert (
        "Then, as the evaluation decides: 4-WM medically managed intensive inpatient withdrawal management, then"
        in r.headline
    )
    assert r.describe().startswith("First Level 4-WM")
    assert "iop-withdrawal-first" in recommendation_html(r)


@pytest.mark.parametrize(("at_4", "headline"), [(2, D2_AT_4), (3, D3_AT_4)], ids=["dimension 2", "dimension 3"])
def test_a_mitigation_within_level_4_stays_moot(at_4, headline):
    # a PAWSS of 5 recorded as mitigated at home (dimension 1 rated 2, as the mitigation suggests): Level 4 is a
    # 24-hour setting, so the mitigation's medical review neither leads nor is a reason of the emergency evaluation
    r = _at_4(2, at_4, **MITIGATED)
    assert r.withdrawal_first is False
    assert r.headline == headline


@pytest.mark.parametrize(
    ("dims", "field", "saved", "now"),
    [
        ({1: 1, 2: 0, 3: 4, 4: 1, 5: 1, 6: 1}, "withdrawal_first", True, False),
        ({1: 2, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}, "first_step", "medical_review", "emergency_evaluation"),
    ],
    ids=["withdrawal_first at Level 4's own 4-WM", "first_step beside alcohol withdrawal alongside"],
)
def test_a_decision_saved_under_the_older_rule_is_kept_as_saved(store, patient, dims, field, saved, now):
    scores = [iopkit.score("cows", COWS_44), iopkit.score("ciwa_ar", CIWA_13)] if field == "first_step" else []
    placement = Placement(recommend(dims, suggested=suggest_dimensions(scores, **LOW_RISK)))
    data = placement.to_dict()
    assert data["recommendation"][field] == now  # what is saved today
    data["recommendation"][field] = saved  # as the older rule saved it
    payload = json.dumps(data, sort_keys=True, separators=(",", ":"))
    rid = raw_record(
        store,
        patient,
        "placement",
        payload,
        taken_at="2026-12-02",
        saved_at="2026-12-02T09:00:00+00:00",
        saved_by="km",
    )
    record = store.record(rid)
    assert record.item == placement  # read back: the inputs as saved, the properties by today's rules
    assert getattr(record.item.recommendation, field) == (FirstStep(now) if field == "first_step" else now)
    # the difference named, not cut off behind the whole recommendation
    assert f"recommendation.{field}: stored {saved!r}, now {now!r}" in record.warnings[0]
    assert store.verify().ok  # the saved row is never rewritten
    with closing(sqlite3.connect(store.path)) as conn:  # the payload as the older rule saved it
        (kept,) = conn.execute("SELECT payload FROM records WHERE id = ?", (rid,)).fetchone()
    assert json.loads(kept)["recommendation"][field] == saved
