"""Physician review R17a (session 15): the dose plan against a 24-hour placement, services alongside Level 3.1,
withdrawal management following dimension 1 rated 0, and the condition of ambulatory withdrawal management.

The oracle is the reviewer's written words and cases, typed here verbatim (/work/reviews/r17a.md), never the
functions under test.
"""

import pytest

from iopkit.dose import DosePlan, against_placement
from iopkit.flags import Severity
from iopkit.placement import LevelOfCare, Placement, recommend
from iopkit.widgets.render import recommendation_html
from tests.test_placement_headline_review_r7_old_scores import OLD_CIWA_24, recommended

NINE = DosePlan(9, 12, sessions_per_week=3)
SIX = DosePlan(6, 12, sessions_per_week=3)


# --- R17a-M2: Level 3.1 with 2.1-level clinical services alongside ------------------------------------------------
def test_m2_the_recommended_iop_plan_is_not_critical_against_3_1_with_services_alongside():
    rec = recommend({1: 0, 2: 0, 3: 2, 4: 1, 5: 1, 6: 3})
    assert rec.level is LevelOfCare.RESIDENTIAL_LOW and rec.clinical_services is LevelOfCare.IOP
    f = against_placement(NINE, LevelOfCare.RESIDENTIAL_LOW, clinical_services=LevelOfCare.IOP)
    assert f is None or f.severity is Severity.INFO
    assert f.message == (
        "Placed at Level 3.1 with 2.1-level clinical services alongside: this plan is those services; confirm the "
        "patient lives in the 3.1 setting"
    )


def test_m2_below_the_services_minimum_is_a_warning_never_critical():
    f = against_placement(SIX, LevelOfCare.RESIDENTIAL_LOW, clinical_services=LevelOfCare.IOP)
    assert f.severity is Severity.WARNING and f.code == "plan_below_placed_minimum"
    assert "below the minimum of the 2.1-level clinical services placed alongside Level 3.1 (9 h/week)" in f.message


def test_m2_the_placement_passes_its_services_alongside():
    p = Placement(recommend({1: 0, 2: 0, 3: 2, 4: 1, 5: 1, 6: 3}))
    assert p.clinical_services is LevelOfCare.IOP


# --- R17a-S5: Levels 3.3 to 4 -------------------------------------------------------------------------------------
def test_s5_level_3_5_gets_no_services_alongside():
    r = recommend({1: 0, 2: 0, 3: 3, 4: 1, 5: 1, 6: 2})
    assert r.clinical_services is None and "alongside" not in recommendation_html(r)
    assert "clinical_hours_from_dimension" not in [f.code for f in r.flags]
    assert (
        "Level 3.5 (Clinically managed high-intensity residential) is a 24-hour setting with daily clinical services "
        "within it (the ASAM Criteria set no weekly hours for it; not counted in weekly outpatient hours)"
    ) in recommendation_html(r)


def test_s5_level_3_5_with_dimensions_5_and_6_rated_3_gets_no_2_5_services():
    r = recommend({1: 0, 2: 0, 3: 3, 4: 1, 5: 3, 6: 3})
    assert r.level.code == "3.5" and r.clinical_services is None
    assert "20 or more" not in recommendation_html(r) and "from the residence" not in recommendation_html(r)


def test_s5_level_3_1_says_alongside_not_within():
    html = recommendation_html(recommend({1: 0, 2: 0, 3: 2, 4: 1, 5: 1, 6: 3}))
    assert (
        "Level 3.1 (Clinically managed low-intensity residential) is a 24-hour setting (residential, not counted in "
        "weekly outpatient hours). Clinical services per week (adults): 9 or more: its own (at least 5) with "
        "2.1-level clinical services alongside it"
    ) in html
    assert "within it" not in html


# --- R17a-S6: severity and action -----------------------------------------------------------------------------------
# Changed by physician review R18 (session 16), S10: naloxone is offered "if the patient uses opioids", as the placement
# headline says it (it read "offer naloxone and review the safety plan", whatever the substance).
INTERIM = (
    "Arrange the 24-hour setting as placed; until it is available these sessions are interim care, not the placed "
    "level: say so in the plan, offer naloxone if the patient uses opioids, and review the safety plan; or place the "
    "patient again if the team decides otherwise"
)


@pytest.mark.parametrize(
    "level", [LevelOfCare.RESIDENTIAL_LOW, LevelOfCare.RESIDENTIAL_POPULATION_SPECIFIC, LevelOfCare.RESIDENTIAL_HIGH]
)
def test_s6_clinically_managed_residential_is_a_warning_with_interim_care_words(level):
    f = against_placement(NINE, level)
    assert f.severity is Severity.WARNING and f.action == INTERIM


@pytest.mark.parametrize("level", [LevelOfCare.INPATIENT_MONITORED, LevelOfCare.INPATIENT_MANAGED])
def test_s6_levels_3_7_and_4_stay_critical_with_today(level):
    f = against_placement(NINE, level)
    assert f.severity is Severity.CRITICAL
    assert f.action.startswith(
        "Arrange the 24-hour setting today as placed; plan outpatient hours only once a step-down"
    )


def test_s6_24_hour_withdrawal_management_stays_critical():
    f = against_placement(NINE, LevelOfCare.RESIDENTIAL_HIGH, withdrawal_management=LevelOfCare.WM_RESIDENTIAL)
    assert f.severity is Severity.CRITICAL


# --- R17a-S11: withdrawal management first ------------------------------------------------------------------------
def test_s11_the_24_hour_setting_is_the_withdrawal_management():
    f = against_placement(NINE, LevelOfCare.IOP, withdrawal_management=LevelOfCare.WM_RESIDENTIAL)
    assert f.severity is Severity.CRITICAL
    assert f.message == (
        "Placed at Level 3.2-WM (Clinically managed residential withdrawal management), a 24-hour setting, first, then "
        "Level 2.1 (Intensive outpatient): this plan (9 h/week) is for after withdrawal management, not instead of it"
    )
    assert "a 24-hour setting, first, then Level 2.1" in f.message and "for after withdrawal management" in f.message
    assert (
        f.action
        == "Arrange the withdrawal management today; start this plan when it ends and every dimension is re-rated"
    )


# --- R17a-S7: dimension 1 rated 0 below a severe suggestion --------------------------------------------------------
def test_s7_rated_0_below_a_severe_old_ciwa_keeps_the_setting_s_own():
    r = recommended({1: 0, 3: 3}, [("ciwa_ar", OLD_CIWA_24)])
    assert r.withdrawal_management.code == "3.2-WM"
    assert "the setting's own 3.2-WM kept alongside: rated below the 3" in r.basis[0].rule
    assert r.basis[0].rule.startswith("no withdrawal risk on the rating; ") and "(re-score it)" in r.basis[0].rule
    assert recommended({1: 0, 5: 4}, [("ciwa_ar", OLD_CIWA_24)]).withdrawal_management.code == "3.2-WM"


def test_s7_rated_0_without_an_old_score_unchanged():
    assert recommended({1: 0, 3: 3}).withdrawal_management is None


# --- R17a-S8: the condition of ambulatory withdrawal management ----------------------------------------------------
S8 = (
    "; ambulatory withdrawal management only with a safe place to stay overnight and a supportive person who can call "
    "for help (dimension 5 rated 4); otherwise 3.2-WM"
)


def test_s8_ambulatory_wm_chosen_under_dimension_5_rated_4_says_its_condition():
    text = Placement(recommended({1: 2, 5: 4}), LevelOfCare.IOP, "declines residential").describe()
    assert "safe place to stay overnight" in text and text.endswith(S8)


def test_s8_absent_without_dimension_5_or_6_rated_3_or_more():
    assert "safe place to stay overnight" not in Placement(recommended({1: 2}), LevelOfCare.IOP, "x").describe()
