"""Withdrawal management is never weaker than the 24-hour setting the patient is placed in.

Typed from the ASAM Criteria, 3rd ed. (Mee-Lee et al. 2013): 1-WM and 2-WM are ambulatory (the
patient goes home); residential levels 3.1-3.5 pair with clinically managed residential WM (3.2-WM),
Level 3.7 with medically monitored inpatient WM (3.7-WM) and Level 4 with medically managed intensive
inpatient WM (4-WM). Ambulatory WM inside a 24-hour setting is incoherent.
"""

import pytest

from iopkit.placement import recommend

from .rating_profiles import every_profile

WM_RANK = {"1-WM": 1, "2-WM": 2, "3.2-WM": 3, "3.7-WM": 4, "4-WM": 5}  # typed from the source
SETTING_WM = {"3.1": "3.2-WM", "3.3": "3.2-WM", "3.5": "3.2-WM", "3.7": "3.7-WM", "4": "4-WM"}


@pytest.mark.parametrize(
    "ratings, level, wm",
    [
        ({1: 2, 2: 0, 3: 4, 4: 0, 5: 0, 6: 0}, "4", "4-WM"),
        # physician review R16 (session 15), must-fix 5: dimension 1 rated 1 has none of its own there (below);
        # rated 2, the setting's own alongside the level (was dimension 1 rated 1 here)
        ({1: 2, 2: 0, 3: 3, 4: 0, 5: 0, 6: 0}, "3.5", "3.2-WM"),
        ({1: 2, 2: 3, 3: 0, 4: 0, 5: 0, 6: 0}, "3.7", "3.7-WM"),
        ({1: 2, 2: 0, 3: 0, 4: 0, 5: 0, 6: 3}, "3.1", "3.2-WM"),
    ],
)
def test_withdrawal_management_is_raised_to_the_setting(ratings, level, wm):
    r = recommend(ratings)
    assert (r.level.code, r.withdrawal_management.code) == (level, wm)
    d1 = r.basis[0]
    assert d1.withdrawal_management.code == wm
    assert "24-hour" in d1.rule and wm in d1.rule  # the basis says why


@pytest.mark.parametrize(
    "ratings, described",
    [
        ({1: 1, 2: 0, 3: 3, 4: 0, 5: 0, 6: 0}, "Level 3.5 (Clinically managed high-intensity residential)"),
        ({1: 1, 2: 3, 3: 0, 4: 0, 5: 0, 6: 0}, "Level 3.7 (Medically monitored intensive inpatient)"),
    ],
)
def test_dimension_1_rated_1_has_no_withdrawal_management_of_its_own_in_a_24_hour_level(ratings, described):
    """Physician review R16 (session 15), must-fix 5 (supersedes this file's raise for dimension 1 rated 1): mild
    withdrawal is managed in the 24-hour level another dimension gives, never "First 3.2-WM" (ASAM Criteria, 3rd ed.,
    2013: dimension 1 risk 0-1 is none or 1-WM)."""
    r = recommend(ratings)
    assert r.withdrawal_management is None and r.first_step is None
    assert r.describe() == described


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
    for _, r in every_profile():
        if r.withdrawal_management is not None and r.level.code in SETTING_WM:
            assert WM_RANK[r.withdrawal_management.code] >= WM_RANK[SETTING_WM[r.level.code]]


# Physician re-review (must-fix 1): a decided 24-hour level (the clinician overrides the recommended 2.1 to
# residential) never keeps the recommendation's ambulatory WM: WM is re-derived for the decided setting, at least the
# setting's own (3.1-3.5: 3.2-WM clinically managed residential WM; 3.7: 3.7-WM; 4: 4-WM) and under a high risk of
# complicated withdrawal at least 3.7-WM medically monitored inpatient WM, mitigated or not (a home mitigation such as
# "partner 24h" does not apply in a residential setting). Expected texts typed from the finding.
SEIZURE_MITIGATED = {"prior_withdrawal_seizure_or_dt": True, "withdrawal_risk_mitigated": "partner 24h"}
OUTPATIENT = {1: 2, 2: 1, 3: 2, 4: 1, 5: 2, 6: 1}


def _decided(level, facts=None, ratings=OUTPATIENT):
    from iopkit.placement import LevelOfCare, Placement, suggest_dimensions

    facts = facts or {}
    rec = recommend(ratings, suggested=suggest_dimensions([], **facts))
    return rec, Placement(rec, LevelOfCare.from_code(level), "no safe home", facts)


@pytest.mark.parametrize("level, wm", [("3.1", "3.7-WM"), ("3.5", "3.7-WM"), ("3.7", "3.7-WM"), ("4", "4-WM")])
def test_a_decided_24_hour_level_under_a_mitigated_high_risk_gets_at_least_3_7_wm(level, wm):
    rec, p = _decided(level, SEIZURE_MITIGATED)
    assert (rec.level.code, rec.withdrawal_management.code) == ("2.1", "2-WM")  # the recommendation, kept whole
    assert p.withdrawal_management.code == wm
    assert p.withdrawal_management_rated_below is None


def test_a_decided_residential_level_names_its_withdrawal_management_first():
    _, p = _decided("3.5", SEIZURE_MITIGATED)
    text = p.describe()
    assert text.startswith("First Level 3.7-WM (Medically monitored inpatient withdrawal management)")
    assert text.endswith("then Level 3.5 (Clinically managed high-intensity residential) after a reassessment")
    assert "raised for the decided 24-hour level" in text
    assert "2-WM" not in text and "Ambulatory withdrawal management with extended" not in text
    fourth = p.describe(edition="4th")
    assert fourth.startswith("First withdrawal management in Level 3.7 (Medically managed residential)")
    assert "Level 2.7" not in fourth


def test_a_decided_residential_level_without_high_risk_gets_the_settings_own():
    rec, p = _decided("3.5", ratings={1: 1, 2: 1, 3: 2, 4: 1, 5: 2, 6: 1})
    assert rec.withdrawal_management.code == "1-WM"
    # superseded by physician review R16 (session 15), must-fix 5 and should-fix 9: dimension 1 rated 1 in a 24-hour
    # level the clinician chooses has no withdrawal management of its own (was "First Level 3.2-WM (...)")
    assert p.withdrawal_management is None
    assert p.describe() == "Level 3.5 (Clinically managed high-intensity residential)"
    assert "1-WM" not in p.describe()


def test_a_decided_residential_level_under_pawss_5_is_not_below_3_7_wm():
    rec, p = _decided("3.5", {"pawss": 5}, ratings={1: 1, 2: 1, 3: 2, 4: 1, 5: 2, 6: 1})
    assert p.withdrawal_management.code == "3.7-WM"
    assert "below" not in p.describe()
    assert p.describe().startswith("First Level 3.7-WM")


def test_a_decided_residential_level_with_dimension_1_rated_0_keeps_no_withdrawal_management():
    _, p = _decided("3.5", ratings={1: 0, 2: 1, 3: 2, 4: 1, 5: 2, 6: 1})
    assert p.withdrawal_management is None
    assert p.describe() == "Level 3.5 (Clinically managed high-intensity residential)"


def test_a_decided_outpatient_level_keeps_the_recommendations_withdrawal_management():
    rec, p = _decided("2.5", SEIZURE_MITIGATED)
    assert p.withdrawal_management is rec.withdrawal_management


# Physician check (should-fix 2): a recommended 24-hour level with dimension 1 rated 0 under a high risk recorded as
# mitigated (past withdrawal seizure, "partner 24h") names the medical review of that mitigation once in the headline,
# and the finding once in its reasons, never twice. Phrases typed from the finding.
@pytest.mark.parametrize(
    "ratings, level",
    [({1: 0, 2: 0, 3: 3, 4: 0, 5: 0, 6: 0}, "3.5"), ({1: 0, 2: 3, 3: 0, 4: 0, 5: 0, 6: 0}, "3.7")],
)
def test_a_recommended_24_hour_level_names_the_mitigation_review_once(ratings, level):
    from iopkit.placement import suggest_dimensions

    rec = recommend(ratings, suggested=suggest_dimensions([], **SEIZURE_MITIGATED))
    assert rec.level.code == level
    head = rec.headline
    assert head.startswith("First: medical review before withdrawal management")
    assert head.count("medical review before withdrawal management") == 1
    assert head.count("the recorded mitigation (partner 24h) is for ambulatory care") == 1
    assert head.count("a home mitigation does not apply in a 24-hour setting") == 2  # the step, and if it returns
    assert head.count("Past withdrawal seizure or delirium tremens") == 1


# Physician check (should-fix 3): 2-WM (ambulatory, with on-site nursing or medical monitoring during the day) to 3.2-WM
# (clinically managed residential withdrawal management, no medical monitoring: ASAM Criteria, 3rd ed.) is a trade-off,
# never "raised": the line names the 2-WM recommended and says when 3.7-WM is needed instead. 3.7-WM and above is
# raised. Phrases typed from the finding.
CAVEAT_3_2 = (
    "3.2-WM (clinically managed; 3.7-WM if the withdrawal needs on-site nursing or medical monitoring or more than "
    "protocol medication)"
)


def test_2_wm_to_3_2_wm_for_a_decided_residential_level_names_the_trade_off():
    rec, p = _decided("3.5")
    assert (rec.withdrawal_management.code, p.withdrawal_management.code) == ("2-WM", "3.2-WM")
    text = p.describe()
    # physician review R16 (session 15), must-fix 5: dimension 1 rated 2 in a 24-hour level, the setting's own
    # alongside it, "Level 3.5 (...) with 3.2-WM clinically managed residential withdrawal management" (was "First
    # Level 3.2-WM (...)")
    assert text.startswith(
        "Level 3.5 (Clinically managed high-intensity residential) with 3.2-WM clinically managed residential "
        "withdrawal management"
    )
    assert "2-WM recommended" in text
    assert CAVEAT_3_2 in text
    assert "raised" not in text


def test_a_decided_level_3_7_keeps_raised_for_3_7_wm():
    _, p = _decided("3.7")
    text = p.describe()
    # physician review R16 (session 15), must-fix 5: dimension 1 rated 2, the setting's own alongside (was "First
    # Level 3.7-WM")
    assert text.startswith("Level 3.7 (Medically monitored intensive inpatient) with 3.7-WM medically monitored")
    assert "raised for the decided 24-hour level" in text
    assert CAVEAT_3_2 not in text
