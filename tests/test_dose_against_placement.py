"""The dose plan against the placed level of care (walk review F3; issue 12: "the dose plan starts from the placed
level's hours and warns when a plan is below the placed level's minimum").

Clinical facts typed from the source, not read from iopkit: the ASAM Criteria, 3rd ed. (Mee-Lee et al. 2013) define
Level 3.1 to 4 by a 24-hour setting (3.5 "clinically managed high-intensity residential": 24-hour care), not by
weekly outpatient hours; Level 2.1 (intensive outpatient) is at least 9 h/week for adults, Level 2.5 (partial
hospitalization) at least 20 h/week. Dimension 5 rated 4 (imminent danger) calls for a 24-hour structured setting,
at least Level 3.5 (the walk's case: D1=1, D2=0, D3=2, D4=2, D5=4, D6=1).
"""

from __future__ import annotations

import datetime as dt

import pytest

from iopkit.dose import DosePlan, against_placement
from iopkit.entry import clinical_day
from iopkit.episode import Episode
from iopkit.placement import LevelOfCare, Placement, recommend
from iopkit.widgets import dose_app
from iopkit.widgets.render import recommendation_html

WALK = {1: 1, 2: 0, 3: 2, 4: 2, 5: 4, 6: 1}  # the walk's ratings: dimension 5 rated 4, a 24-hour setting today
IOP = {1: 0, 2: 0, 3: 1, 4: 2, 5: 2, 6: 1}  # Level 2.1 by the rule table
PHP = {1: 0, 2: 0, 3: 2, 4: 3, 5: 3, 6: 2}  # dimension 4 at 3: Level 2.5
RESIDENTIAL_HIGH = "Level 3.5 (Clinically managed high-intensity residential)"
NINE_HOURS_IOP = DosePlan(9, 12, sessions_per_week=3)  # the planner's default: 9 h/week, Level 2.1


def _placed(store, patient, ratings, by="QA, LCSW"):
    """A placement saved as the placement page saves it (the recommendation, then the decision)."""
    rec = recommend(ratings)
    with store.batch():
        store.save(patient, rec, by=by)
        return store.save(patient, Placement(rec, rec.level), by=by)


def _today() -> str:
    return f"{clinical_day():%d %b %Y}"


class TestEpisodePlanAgainstPlacement:
    def test_a_24_hour_placement_is_said_with_what_when_and_who(self, store, patient):
        """An outpatient plan for a patient placed at 3.5 names the placement and says it is not that setting."""
        _placed(store, patient, WALK)
        flag = Episode.from_store(store, patient).plan_against_placement(NINE_HOURS_IOP)
        assert flag is not None
        assert flag.code == "plan_not_the_placed_24_hour_setting" and flag.severity == "critical"
        assert flag.message == (
            f"Placed on {_today()} by QA, LCSW at {RESIDENTIAL_HIGH}, a 24-hour setting: this plan (9 h/week, "
            "Level 2.1 (Intensive outpatient)) schedules outpatient sessions and is not that setting"
        )
        assert flag.action.startswith("Arrange the 24-hour setting as placed")

    def test_a_plan_below_the_placed_outpatient_minimum_is_said(self, store, patient):
        _placed(store, patient, PHP, by="RN")
        flag = Episode.from_store(store, patient).plan_against_placement(DosePlan(10, 12, sessions_per_week=2))
        assert flag is not None and flag.code == "plan_below_placed_minimum"
        assert flag.message == (
            "This plan (10 h/week) is below the minimum of the placed Level 2.5 (Partial hospitalization) "
            f"(20 h/week), placed on {_today()} by RN"
        )

    def test_a_plan_at_the_placed_level_carries_no_warning(self, store, patient):
        _placed(store, patient, IOP)
        assert Episode.from_store(store, patient).plan_against_placement(NINE_HOURS_IOP) is None

    def test_no_placement_no_warning(self, store, patient):
        assert Episode.from_store(store, patient).plan_against_placement(NINE_HOURS_IOP) is None


class TestAgainstPlacement:
    @pytest.mark.parametrize("code", ["3.1", "3.3", "3.5", "3.7", "4"])
    def test_every_24_hour_level_is_not_an_outpatient_plan(self, code):
        flag = against_placement(DosePlan(20, 12, sessions_per_week=5), LevelOfCare.from_code(code))
        assert flag is not None and flag.code == "plan_not_the_placed_24_hour_setting"
        assert f"at Level {code} (" in flag.message and "a 24-hour setting" in flag.message

    def test_inpatient_withdrawal_management_first_is_a_24_hour_setting(self):
        flag = against_placement(
            NINE_HOURS_IOP, LevelOfCare.IOP, withdrawal_management=LevelOfCare.WM_INPATIENT_MONITORED
        )
        assert flag is not None
        assert "at Level 3.7-WM (Medically monitored inpatient withdrawal management) first, then Level 2.1" in (
            flag.message
        )

    def test_ambulatory_withdrawal_management_is_no_24_hour_setting(self):
        assert (
            against_placement(NINE_HOURS_IOP, LevelOfCare.IOP, withdrawal_management=LevelOfCare.WM_AMBULATORY) is None
        )

    def test_adolescent_iop_starts_at_6_hours(self):
        six = DosePlan(6, 12, sessions_per_week=2, adolescent=True)
        assert against_placement(six, LevelOfCare.IOP) is None
        assert against_placement(DosePlan(6, 12, sessions_per_week=2), LevelOfCare.IOP).code == (
            "plan_below_placed_minimum"
        )

    def test_a_recommendation_without_a_decision_says_so(self):
        flag = against_placement(
            NINE_HOURS_IOP, LevelOfCare.PHP, placed_on=dt.date(2026, 3, 2), placed_by="KM", placed_from="recommendation"
        )
        assert flag.message.endswith("recommended on 02 Mar 2026 by KM (no placement decision saved)")

    def test_a_level_read_from_the_plan_itself_is_no_placement(self):
        assert against_placement(NINE_HOURS_IOP, LevelOfCare.PHP, placed_from="dose_plan") is None


class TestSavedPlanKeepsItsWarning:
    def test_the_warning_round_trips_and_does_not_change_the_dose(self):
        plan = DosePlan(9, 12, sessions_per_week=3, placement_warning="Placed at Level 3.5 ...")
        again = DosePlan.from_dict(plan.to_dict())
        assert again.placement_warning == "Placed at Level 3.5 ..." and again == NINE_HOURS_IOP

    def test_a_plan_without_a_warning_is_stored_as_before(self):
        assert "placement_warning" not in NINE_HOURS_IOP.to_dict()


class TestPlanner:
    def test_the_planner_warns_beside_the_plan_and_saves_the_warning(self, store, patient):
        """The walk's F3: placed at 3.5, the planner's 9 h/week plan says so beside the plan and on save."""
        _placed(store, patient, WALK)
        page = dose_app(store)
        page.start()
        page.picker.choose.value = patient
        page.picker.clinician.value = "KM"
        assert "iop-plan-level-conflict" in page.plan_view.value
        assert f"at {RESIDENTIAL_HIGH}, a 24-hour setting" in page.plan_view.value
        assert "is not that setting" in page.plan_view.value
        page.save_plan.click()
        saved = store.latest(patient, "dose_plan").item
        assert saved.placement_warning.startswith(f"Placed on {_today()} by QA, LCSW at {RESIDENTIAL_HIGH}")
        assert "with this warning: Placed on" in page.status.value and "is not that setting" in page.status.value


class TestPlacementHoursWords:
    def test_a_residential_level_is_not_quoted_as_iop_hours(self):
        """Level 3.5 is 24-hour care: its weekly 9 h are the 2.1-level clinical services within it, never "hours of
        service at Level 3.5"."""
        html = recommendation_html(recommend(WALK))
        assert "Hours of service per week at Level 3.5" not in html
        assert f"{RESIDENTIAL_HIGH} is a 24-hour setting" in html
        assert "2.1-level clinical services alongside the setting): 9 or more" in html

    def test_an_outpatient_level_keeps_its_hours(self):
        html = recommendation_html(recommend(PHP))
        assert "Hours of service per week at Level 2.5 (Partial hospitalization) (adults): 20 or more" in html
