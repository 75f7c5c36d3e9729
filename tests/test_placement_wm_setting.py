"""Withdrawal management is never weaker than the 24-hour setting the patient is placed in.

Typed from the ASAM Criteria, 3rd ed. (Mee-Lee et al. 2013): 1-WM and 2-WM are ambulatory (the
patient goes home); residential levels 3.1-3.5 pair with clinically managed residential WM (3.2-WM),
Level 3.7 with medically monitored inpatient WM (3.7-WM) and Level 4 with medically managed intensive
inpatient WM (4-WM). Ambulatory WM inside a 24-hour setting is incoherent.
"""

import itertools

import pytest

from iopkit.placement import recommend

WM_RANK = {"1-WM": 1, "2-WM": 2, "3.2-WM": 3, "3.7-WM": 4, "4-WM": 5}  # typed from the source
SETTING_WM = {"3.1": "3.2-WM", "3.3": "3.2-WM", "3.5": "3.2-WM", "3.7": "3.7-WM", "4": "4-WM"}


@pytest.mark.parametrize(
    "ratings, level, wm",
    [
        ({1: 2, 2: 0, 3: 4, 4: 0, 5: 0, 6: 0}, "4", "4-WM"),
        ({1: 1, 2: 0, 3: 3, 4: 0, 5: 0, 6: 0}, "3.5", "3.2-WM"),
        ({1: 1, 2: 3, 3: 0, 4: 0, 5: 0, 6: 0}, "3.7", "3.7-WM"),
        ({1: 2, 2: 0, 3: 0, 4: 0, 5: 0, 6: 3}, "3.1", "3.2-WM"),
    ],
)
def test_withdrawal_management_is_raised_to_the_setting(ratings, level, wm):
    r = recommend(ratings)
    assert (r.level.code, r.withdrawal_management.code) == (level, wm)
    d1 = r.basis[0]
    assert d1.withdrawal_management.code == wm
    assert "24-hour" in d1.rule and wm in d1.rule  # the basis says why


def test_more_intensive_withdrawal_management_is_kept():
    r = recommend({1: 3, 2: 0, 3: 3, 4: 0, 5: 0, 6: 0})  # 3.7-WM need, 3.5 setting
    assert r.withdrawal_management.code == "3.7-WM"


def test_outpatient_settings_keep_ambulatory_withdrawal_management():
    r = recommend({1: 2, 2: 1, 3: 2, 4: 1, 5: 2, 6: 1})
    assert (r.level.code, r.withdrawal_management.code) == ("2.1", "2-WM")


def test_no_withdrawal_management_is_invented():
    r = recommend({1: 0, 2: 0, 3: 3, 4: 0, 5: 0, 6: 0})
    assert r.withdrawal_management is None


def test_every_profile_wm_at_least_the_setting():
    for ratings in itertools.product(range(5), repeat=6):
        r = recommend(dict(zip(range(1, 7), ratings)))
        if r.withdrawal_management is not None and r.level.code in SETTING_WM:
            assert WM_RANK[r.withdrawal_management.code] >= WM_RANK[SETTING_WM[r.level.code]]
