"""The placement headline: residential or inpatient withdrawal management comes first.

Typed from the ASAM Criteria, 3rd ed. (Mee-Lee et al. 2013): of the five adult withdrawal-management
levels, 1-WM and 2-WM are ambulatory and 3.2-WM (clinically managed residential), 3.7-WM (medically
monitored inpatient) and 4-WM (medically managed intensive inpatient) are 24-hour settings.
"""

import dataclasses
import json

import pytest

from iopkit.placement import Recommendation, recommend
from iopkit.placement.levels import LevelOfCare as L

from .rating_profiles import with_dimension_1

TWENTY_FOUR_HOUR_WM = {"3.2-WM", "3.7-WM", "4-WM"}  # typed from the source, not from iopkit
AMBULATORY_WM = {"1-WM", "2-WM"}


def test_withdrawal_rating_3_puts_inpatient_withdrawal_management_first():
    # the case from the clinical review: D1 = 3, everything else mild
    r = recommend({1: 3, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1})
    assert r.withdrawal_first
    assert r.headline.startswith("First: 3.7-WM medically monitored inpatient withdrawal management")
    assert "then reassess" in r.headline
    assert "under 9" not in r.headline  # the Level 1 hours must not read as the plan


def test_withdrawal_rating_4_puts_4_wm_first():
    # imminent danger (rating 4) leads with emergency medical evaluation; 4-WM follows it
    r = recommend({1: 4, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0})
    assert r.headline.startswith("First: emergency medical evaluation")
    assert "Then, as the evaluation decides: 4-WM" in r.headline


def test_ambulatory_withdrawal_management_follows_the_treatment_level():
    r = recommend({1: 2, 2: 1, 3: 2, 4: 1, 5: 2, 6: 1})
    assert not r.withdrawal_first
    assert r.headline.startswith("Recommended: Level 2.1 (Intensive outpatient)")
    assert "2-WM" in r.headline


@pytest.mark.parametrize("d1", range(5))
def test_every_profile_leads_with_24_hour_withdrawal_management(d1):
    for ratings, r in with_dimension_1(d1):
        rest = tuple(ratings[d] for d in range(2, 7))
        wm = r.withdrawal_management.code if r.withdrawal_management else None
        # Level 4 for dimension 2 or 3 rated 4 manages the ambulatory withdrawal management dimension 1 (rated 1 or 2)
        # calls for within it: its 4-WM is the level's own, never first (physician review 8; ASAM Criteria 2013: the
        # withdrawal-management level follows dimension 1)
        within = d1 in (1, 2) and 4 in rest[:2]
        # dimension 4, 5 or 6 rated 4 with none of 1-3 and dimension 1 rated 2: the 24-hour setting's own withdrawal
        # management alongside the level, never first (physician review R14, must-fix 2; rated 1: none of its own)
        within = within or (d1 == 2 and 4 not in rest[:2] and 4 in rest[2:])
        # physician review R16 (session 15), must-fix 5 (supersedes the R14 scope above): any 24-hour level below
        # Level 4 another dimension gives, dimension 1 rated 2: the setting's own alongside the level, never first
        alongside = d1 == 2 and r.level.code in ("3.1", "3.3", "3.5", "3.7")
        within = within or alongside
        assert r.withdrawal_first == (wm in TWENTY_FOUR_HOUR_WM and not within)
        # imminent danger in dimensions 1-3 leads (ASAM 2013); no screen here, so no suicide wording (R5 should-fix 10)
        if 4 in (d1, rest[0], rest[1]):
            assert r.headline.startswith(
                ("First: emergency psychiatric evaluation", "First: emergency medical evaluation")
            )
        # dimension 4, 5 or 6 rated 4, none of 1-3 (physician review R13, should-fix 6, the reviewer's words): a 24-hour
        # structured setting arranged today, at least the level on today's ratings, never an ED; 3.7-WM for dimension 1
        # rated 3 first in Level 3.5 (ASAM 2013), the withdrawal management Level 3.7 provides there
        elif 4 in rest[2:]:
            assert r.headline.startswith("First: arrange a 24-hour structured setting today (dimension")
            assert "ED" not in r.headline and "capacity" not in r.headline
            own = f"at least Level {r.level.code} "
            assert f"on today's ratings {'3.7-WM ' if d1 == 3 and r.level.code == '3.5' else own}" in r.headline
        elif alongside:  # R16 must-fix 5: "Level 3.5 (...) with 3.2-WM clinically managed residential ..."
            assert r.headline.startswith(f"Recommended: Level {r.level.code} ")
            assert f"; with {wm} " in r.headline and r.first_step is None
        elif wm in TWENTY_FOUR_HOUR_WM:
            assert r.headline.startswith(f"First: {wm} ")
        else:
            assert r.headline.startswith(f"Recommended: Level {r.level.code} ")
            assert wm is None or wm in AMBULATORY_WM and wm in r.headline


def test_withdrawal_first_covers_residential_withdrawal_management():
    r = recommend({1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1})
    # a copy with one field changed (vars() would carry the hash a lookup cached on the instance, not a field)
    alt = dataclasses.replace(r, withdrawal_management=L.WM_RESIDENTIAL)
    assert alt.withdrawal_first and alt.headline.startswith("First: 3.2-WM clinically managed residential")


def test_headline_is_in_the_stored_record_and_reads_back():
    r = recommend({1: 3, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1})
    data = json.loads(json.dumps(r.to_dict()))
    assert data["headline"] == r.headline and data["withdrawal_first"] is True
    assert Recommendation.from_dict(data) == r
