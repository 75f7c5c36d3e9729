"""Physician review R14 (3 Dec 2026), must-fix 2: dimension 4, 5 or 6 rated 4 with dimension 1 at 0, 1 or 2, the saved
placement must not say "First 3.2-WM". Each expected text is typed by hand from the reviewer's words (r14.md), never
computed by iopkit.

Ruling: with a dimension 4, 5 or 6 rated 4 and no dimension 1-3 rated 4 the headline arranges a 24-hour structured
setting today, "at least Level 3.5 (...), with withdrawal management there as dimension 1 needs". The saved decision
says the same: dimension 1 at 0 or 1: no withdrawal management, describe "Level 3.5 (Clinically managed high-intensity
residential)", no reassess_after_withdrawal_management box; at 2: "Level 3.5 (Clinically managed high-intensity
residential) with 3.2-WM clinically managed residential withdrawal management" (alongside, never "First ... then ...
after a reassessment"), its box's action "Re-rate all six dimensions when the imminent danger has been managed and
re-run placement before the next level starts"; at 3 still "First Level 3.7-WM". Why (the reviewer): ASAM Criteria,
3rd ed., 2013: 3.2-WM is for withdrawal needing 24-hour support, not for dimension 1 at 0-1; a referral reading "First
3.2-WM" for a patient without withdrawal is declined by a withdrawal unit and delays the 24-hour setting the headline
orders today; dimensions 4-6 rated 4 -> Level 3.5 is iopkit's own rule on the ASAM Criteria.
"""

import pytest

from iopkit.placement import FirstStep, Placement, Recommendation, rules

from .test_placement_headline_review_r7_old_scores import recommended

LEVEL_35 = "Level 3.5 (Clinically managed high-intensity residential)"
WITH_32 = f"{LEVEL_35} with 3.2-WM clinically managed residential withdrawal management"
FIRST_37 = (
    "First Level 3.7-WM (Medically monitored inpatient withdrawal management), then Level 3.5 (Clinically managed "
    "high-intensity residential) after a reassessment"
)
AFTER_DANGER = (
    "Re-rate all six dimensions when the imminent danger has been managed and re-run placement before the next level "
    "starts"
)
REASSESS = "reassess_after_withdrawal_management"
THERE = "with withdrawal management there as dimension 1 needs"

# dimension 1's rating -> (withdrawal management, describe(), the reassess box's action or None), the reviewer's words
RULING = {
    0: (None, LEVEL_35, None),
    1: (None, LEVEL_35, None),
    2: ("3.2-WM", WITH_32, AFTER_DANGER),
    3: (
        "3.7-WM",
        FIRST_37,
        "Re-rate all six dimensions when withdrawal management ends and re-run placement before "
        "the treatment level starts",
    ),
}


def _reassess(r: Recommendation) -> list[str]:
    return [f.action for f in r.flags if f.code == REASSESS]


def test_the_reviewer_s_test_dimension_1_at_1():
    r = recommended({5: 4})
    assert r.withdrawal_management is None
    assert "3.2-WM" not in Placement(r, r.level).describe()
    assert not any(f.code == REASSESS for f in r.flags)
    assert "First" not in Placement(recommended({5: 4, 1: 2})).describe()


@pytest.mark.parametrize("d1", [0, 1, 2, 3])
@pytest.mark.parametrize("dimension", [4, 5, 6])
def test_the_saved_decision_agrees_with_the_headline(dimension, d1):
    wm, described, action = RULING[d1]
    r = recommended({dimension: 4, 1: d1})
    assert r.first_step is FirstStep.ARRANGE_24_HOUR_SETTING
    assert (r.withdrawal_management.code if r.withdrawal_management else None) == wm
    assert Placement(r).describe() == described
    assert _reassess(r) == ([action] if action else [])
    assert r.withdrawal_first is (d1 == 3)
    # the headline, unchanged by the ruling: withdrawal management there at 1-2, none named at 0, 3.7-WM first at 3
    if d1 in (1, 2):
        assert f"at least {LEVEL_35}, {THERE}; until admission" in r.headline
    if d1 == 0:
        assert "withdrawal management" not in r.headline
    if d1 < 3:
        assert "First" not in Placement(r).describe() and "after a reassessment" not in Placement(r).describe()
        assert "3.2-WM" not in r.headline and "withdrawal management ends" not in " ".join(_reassess(r))
    else:
        assert "3.7-WM medically monitored inpatient withdrawal management first" in r.headline
    # the placement page and the dose planner read withdrawal_first ("after withdrawal management", red styling)
    assert r.to_dict()["withdrawal_first"] is (d1 == 3)


@pytest.mark.parametrize("d1", [0, 1, 2, 3])
def test_saved_and_reloaded_the_same(store, patient, d1):
    r = recommended({5: 4, 1: d1})
    decision = Placement(r)
    back = store.record(store.save(patient, decision, by="k"))
    assert back.item == decision and not back.rescored_differs and back.warnings == ()
    assert back.item.describe() == RULING[d1][1]
    assert (back.item.withdrawal_management.code if back.item.withdrawal_management else None) == RULING[d1][0]
    assert Placement.from_dict(decision.to_dict()).describe() == RULING[d1][1]
    assert Recommendation.from_dict(r.to_dict()).withdrawal_first is (d1 == 3)


def test_dimension_1_rated_1_keeps_the_headline_s_withdrawal_clause():
    # the headline's words did not change: "withdrawal management there as dimension 1 needs" (R13-S6, R14 "right")
    r = recommended({5: 4})
    assert r.headline == (
        f"First: arrange a 24-hour structured setting today (dimension 5 rated 4, imminent danger): on today's ratings "
        f"at least {LEVEL_35}, {THERE}; until admission: a safety plan with the patient, and naloxone if the patient "
        "uses opioids."
    )


def test_a_dimension_1_2_or_3_rated_4_is_not_this_rule():
    # dimension 3 rated 4: Level 4, its own 4-WM within it (physician review 8), unchanged
    r = recommended({5: 4, 3: 4})
    assert r.withdrawal_management.code == "4-WM"
    assert _reassess(r) == [AFTER_DANGER]


def test_the_rule_table_says_it():
    text = rules()
    # superseded by physician review R16 (session 15), must-fix 5: the rule holds for every 24-hour level below Level 4
    # another dimension gives, not only dimensions 4-6 rated 4
    assert "where another dimension gives a 24-hour level below Level 4 withdrawal is managed in that setting" in text
    assert "rated 0 or 1 no WM of its own, rated 2 the setting's own WM alongside the level" in text
    assert "3.7-WM first" in text
    assert "3.7 first" in rules(edition="4th")
