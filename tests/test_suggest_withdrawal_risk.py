"""Alcohol withdrawal setting is not decided by the CIWA-Ar total alone.

Typed from the ASAM Clinical Practice Guideline on Alcohol Withdrawal Management (2020):
- Rec II.1/II.5: assess risk factors for severe or complicated withdrawal (history of withdrawal
  seizures or delirium tremens among them); the PAWSS (Maldonado et al. 2014) helps, a score of 4 or
  more marks high risk of complicated withdrawal;
- Rec III.3: severity scales (CIWA-Ar) reflect current signs and symptoms and should not be used alone
  to determine the level of care;
- patients at risk of complicated withdrawal are managed in a 24-hour setting: 3.7-WM (medically
  monitored inpatient) is dimension 1 rated 3 in the ASAM Criteria 3rd ed. (Mee-Lee et al. 2013).
"""

import pytest

import iopkit
from iopkit.errors import PlacementInputError
from iopkit.placement import recommend, suggest_dimensions

MILD_CIWA = [1, 1, 1, 1, 0, 0, 0, 0, 1, 0]  # total 5: the reviewer's case, mild band
REST = {2: 0, 3: 0, 4: 0, 5: 0, 6: 0}


def mild():
    return iopkit.score("ciwa_ar", MILD_CIWA)


def test_ciwa_suggestion_is_worded_as_severity_not_setting():
    s = suggest_dimensions([mild()])[1]
    assert s.rating == 1
    assert "ambulatory" not in s.reason  # the total alone must not name a setting
    assert "risk not assessed" in s.reason and "PAWSS" in s.reason and "seizure" in s.reason


@pytest.mark.parametrize("facts", [{"prior_withdrawal_seizure_or_dt": True}, {"pawss": 4}, {"pawss": 10}])
def test_high_risk_raises_dimension_1_to_3_with_a_medical_review_flag(facts):
    s = suggest_dimensions([mild()], **facts)[1]
    assert s.rating == 3
    risk = next(f for f in s.flags if f.code == "complicated_withdrawal_risk")
    assert risk.severity == "warning" and risk.calls_for == "medical_review"
    r = recommend({1: s.rating, **REST}, suggested=[s])
    assert r.withdrawal_management.code == "3.7-WM"


def test_high_risk_without_a_ciwa_score_still_suggests():
    s = suggest_dimensions([], pawss=5)[1]
    assert s.rating == 3


def test_pawss_under_4_and_no_history_keep_the_severity_suggestion():
    s = suggest_dimensions([mild()], pawss=3, prior_withdrawal_seizure_or_dt=False)[1]
    assert s.rating == 1 and "risk not assessed" not in s.reason
    assert not any(f.code == "complicated_withdrawal_risk" for f in s.flags)


def test_mitigated_risk_keeps_the_flag_and_an_ambulatory_floor_with_extended_monitoring():
    # Rec III.1: ambulatory management only for limited or mitigated risk; Rec VII.8: a history of complicated
    # withdrawal needs close monitoring: 2-WM (extended on-site monitoring) is dimension 1 rated 2 (ASAM 2013)
    why = "sober partner at home 24 h, daily nurse visits, no benzodiazepine use"
    s = suggest_dimensions([mild()], pawss=5, withdrawal_risk_mitigated=why)[1]
    assert s.rating == 2
    risk = next(f for f in s.flags if f.code == "complicated_withdrawal_risk")
    assert why in risk.message


@pytest.mark.parametrize(
    "facts",
    [
        {"pawss": 11},
        {"pawss": -1},
        {"pawss": 2.5},
        {"pawss": "4"},
        {"prior_withdrawal_seizure_or_dt": "no"},
        {"withdrawal_risk_mitigated": ""},
        {"withdrawal_risk_mitigated": 1},
    ],
)
def test_bad_facts_are_refused(facts):
    with pytest.raises(PlacementInputError):
        suggest_dimensions([mild()], **facts)


def test_seizure_or_delirium_now_still_rates_4():
    s = suggest_dimensions([mild()], seizure_or_delirium=True, pawss=2)[1]
    assert s.rating == 4
