"""Minor safety wording: withdrawal management named first, legacy high-risk records, one key per source.

Typed from the sources, not from iopkit:
- ASAM Criteria 3rd ed. (Mee-Lee et al. 2013): dimension 1 rated 3 routes to 3.7-WM (medically monitored
  inpatient withdrawal management), which comes before the treatment level; reassess when it ends.
- Columbia C-SSRS screener triage: Q4 (intent) "yes" is high risk: immediate emergency evaluation with
  safety precautions, also for a record saved when iopkit called it a risk assessment.
"""

import iopkit
from iopkit.flags import CallsFor
from iopkit.placement import FirstStep, Placement, Recommendation, recommend, suggest_dimensions
from iopkit.placement.continued_stay import calls_for, open_safety_flags
from iopkit.sources import resolve, sources

WM_FIRST = {1: 3, 2: 1, 3: 2, 4: 1, 5: 1, 6: 1}


def test_a_24_hour_withdrawal_management_is_named_first():
    r = recommend(WM_FIRST)
    for text in (Placement(r).describe(), r.describe()):
        assert text.startswith("First Level 3.7-WM")
        assert text.index("3.7-WM") < text.index("Level 2.1")


def _legacy_high_risk_recommendation():
    cssrs = iopkit.score("cssrs_screen", ["yes", "yes", "no", "yes", "no", "no", None])
    data = recommend({1: 0, 2: 0, 3: 2, 4: 0, 5: 0, 6: 0}, suggested=suggest_dimensions([cssrs])).to_dict()
    for place in [data["flags"]] + [s["flags"] for s in data["suggested"]]:
        for f in place:
            if f["code"] == "suicide_risk_high":
                f["calls_for"] = "risk_assessment"  # as saved before the emergency-evaluation change
    return Recommendation.from_dict(data), cssrs


def test_a_legacy_high_risk_record_reads_as_an_emergency_evaluation():
    rec, cssrs = _legacy_high_risk_recommendation()
    assert any(f.code == "suicide_risk_high" and f.calls_for is CallsFor.RISK_ASSESSMENT for f in rec.flags)
    assert rec.first_step is FirstStep.EMERGENCY_EVALUATION
    assert rec.headline.startswith("First: emergency evaluation for suicide risk")
    old = next(f for f in rec.flags if f.code == "suicide_risk_high")
    assert calls_for(old) is CallsFor.EMERGENCY_EVALUATION
    assert [f.code for _, _, f in open_safety_flags([(0, cssrs)])] == ["suicide_risk_high"]


def test_the_cssrs_triage_source_has_one_key_and_the_old_key_still_reads():
    assert "columbia_triage" not in sources()
    assert [s.key for s in resolve("columbia_triage")] == ["cssrs_screener_triage"]  # records saved before
