"""Dose plans: intensity bands at their boundaries, the CMS view, service mix, fidelity, tapers, progress."""

from __future__ import annotations

import json
import math
from datetime import date

import pytest

from iopkit import DosePlanError, LevelOfCare
from iopkit.dose import (
    Attendance,
    DosePlan,
    Service,
    ServiceLine,
    cms_view,
    fidelity_check,
    intensity_level,
    progress,
    schedule,
    taper,
)
from iopkit.markup import flags_html
from iopkit.sources import resolve, source


class TestIntensityLevel:
    @pytest.mark.parametrize(
        "hours, expected",
        [
            (5.99, LevelOfCare.OP),
            (6, LevelOfCare.OP),
            (8.99, LevelOfCare.OP),
            (9, LevelOfCare.IOP),
            (19.99, LevelOfCare.IOP),
            (20, LevelOfCare.PHP),
            (40, LevelOfCare.PHP),
        ],
    )
    def test_adult_bands_switch_at_9_and_20_hours(self, hours, expected):
        assert expected is intensity_level(hours)

    @pytest.mark.parametrize(
        "hours, expected",
        [
            (5.99, LevelOfCare.OP),
            (6, LevelOfCare.IOP),
            (9, LevelOfCare.IOP),
            (19.99, LevelOfCare.IOP),
            (20, LevelOfCare.PHP),
        ],
    )
    def test_adolescent_iop_starts_at_6_hours(self, hours, expected):
        assert expected is intensity_level(hours, adolescent=True)

    @pytest.mark.parametrize("bad", [0, -1, math.nan, math.inf, "9", None, True])
    def test_rejects_hours_that_are_not_positive_finite_numbers(self, bad):
        with pytest.raises(DosePlanError, match="hours per week must be a finite number > 0"):
            intensity_level(bad)


class TestCmsView:
    def test_iop_certification_needs_9_hours_even_for_adolescents(self):
        assert (False, True) == (cms_view(8.5).meets_iop_certification, cms_view(9).meets_iop_certification)

    def test_php_minimum_is_20_hours(self):
        assert (False, True) == (cms_view(19.5).meets_php_minimum, cms_view(20).meets_php_minimum)

    def test_days_are_tiered_by_3_or_at_least_4_services(self):
        assert ("<3", "3", "4+", "4+") == cms_view(12, [2, 3, 4, 6]).day_tiers

    def test_cites_the_2024_rule(self):
        # typed from the Federal Register: the CY 2024 OPPS/ASC final rule with comment period (CMS-1786-FC) of
        # 22 Nov 2023, "... Payment for Intensive Outpatient Services ..."; PHP 20 h from 42 CFR 410.43(c)(1)
        cited = {s.key: s for s in resolve(cms_view(9).source)}
        assert ["cms_opps2024", "cfr_410_43"] == list(cited)
        rule = cited["cms_opps2024"].citation
        assert (
            "Payment for Intensive Outpatient Services" in rule and "CMS-1786-FC" in rule and "22 November 2023" in rule
        )

    def test_rejects_a_fractional_service_count(self):
        with pytest.raises(DosePlanError, match="whole number"):
            cms_view(9, [2.5])


class TestDosePlan:
    def test_total_hours_is_weekly_hours_times_weeks(self):
        assert 180.0 == DosePlan(15, 12).total_hours

    def test_session_hours_are_derived_from_sessions_per_week(self):
        assert (3, 3.0) == (
            DosePlan(9, 12, sessions_per_week=3).sessions_per_week,
            DosePlan(9, 12, sessions_per_week=3).session_hours,
        )

    def test_sessions_per_week_are_derived_from_session_hours(self):
        assert 5 == DosePlan(15, 8, session_hours=3).sessions_per_week

    def test_inconsistent_sessions_and_session_hours_are_refused(self):
        with pytest.raises(DosePlanError, match=r"3 sessions x 2 h = 6 h/week.*9"):
            DosePlan(9, 12, sessions_per_week=3, session_hours=2)

    @pytest.mark.parametrize(
        "field, value",
        [("hours_per_week", -3), ("hours_per_week", 0), ("weeks", 0), ("weeks", math.nan), ("weeks", math.inf)],
    )
    def test_non_positive_or_non_finite_values_are_refused(self, field, value):
        kwargs = {"hours_per_week": 9, "weeks": 12, field: value}
        with pytest.raises(DosePlanError, match=field.replace("_", " ")):
            DosePlan(**kwargs)

    def test_level_follows_the_adolescent_threshold(self):
        assert (LevelOfCare.OP, LevelOfCare.IOP) == (DosePlan(6, 8).level, DosePlan(6, 8, adolescent=True).level)

    def test_round_trips_through_a_dict(self):
        plan = DosePlan.from_services(
            [
                ServiceLine(Service.GROUP_THERAPY, hours=9, mode="telehealth"),
                ServiceLine(Service.DRUG_SCREENING, count=2),
            ],
            12,
            sessions_per_week=3,
        )
        assert plan == DosePlan.from_dict(plan.to_dict())

    def test_from_dict_derives_level_and_total_from_the_hours_not_from_stored_values(self):
        data = {**DosePlan(9, 12).to_dict(), "level": "2.5", "total_hours": 1.0}
        plan = DosePlan.from_dict(data)
        assert (plan.level.code, plan.total_hours) == ("2.1", 108.0)


class TestServiceMix:
    MIX = [
        ServiceLine(Service.GROUP_THERAPY, hours=6),
        ServiceLine(Service.INDIVIDUAL_THERAPY, hours=1),
        ServiceLine(Service.FAMILY_THERAPY, hours=1, mode="telehealth"),
        ServiceLine("medication_management", hours=1),
        ServiceLine(Service.DRUG_SCREENING, count=2),
    ]

    def test_hours_per_week_is_the_sum_of_the_services(self):
        assert 9.0 == DosePlan.from_services(self.MIX, 12).hours_per_week

    def test_reports_in_person_and_telehealth_hours(self):
        assert {"in_person": 8.0, "telehealth": 1.0} == DosePlan.from_services(self.MIX, 12).hours_by_mode

    def test_services_that_do_not_add_up_to_the_weekly_hours_are_refused(self):
        with pytest.raises(DosePlanError, match="services add up to 9 h/week"):
            DosePlan(12, 12, services=tuple(self.MIX))

    def test_a_service_needs_hours_or_a_count(self):
        with pytest.raises(DosePlanError, match="group_therapy needs hours > 0 or a count > 0"):
            ServiceLine(Service.GROUP_THERAPY)

    def test_unknown_service_and_mode_are_refused(self):
        with pytest.raises(DosePlanError, match="service must be one of"):
            ServiceLine("yoga", hours=1)
        with pytest.raises(DosePlanError, match="mode must be one of"):
            ServiceLine(Service.GROUP_THERAPY, hours=1, mode="virtual")

    def test_a_complete_mix_raises_no_fidelity_flag(self):
        assert () == fidelity_check(DosePlan.from_services(self.MIX, 12))

    def test_missing_family_therapy_is_flagged_with_its_source(self):
        plan = DosePlan.from_services([line for line in self.MIX if line.service is not Service.FAMILY_THERAPY], 12)
        (flag,) = fidelity_check(plan)
        assert ("missing_core_component_family_therapy", "warning") == (flag.code, flag.severity)
        # TIP 47 / the SAMHSA Advisory name the core services; medication management is iopkit's own addition
        assert ["samhsa_iop_advisory2021", "tip47", "iopkit"] == [s.key for s in resolve(flag.source)]
        assert "Treatment Improvement Protocol (TIP) Series 47" in source("tip47").citation

    def test_a_plan_without_a_mix_gets_an_info_flag(self):
        assert ["no_service_mix"] == [f.code for f in fidelity_check(DosePlan(9, 12))]


class TestTaper:
    def test_12_9_6_3_taper_steps_down_through_the_bands(self):
        plan = taper((12, 9, 6, 3), 2)
        assert ["2.1", "2.1", "1", "1"] == [p.level.code for p in plan.phases]
        assert (8, 60) == (plan.weeks, plan.total_hours)
        # the phased taper is iopkit's own arrangement; its weeks below IOP follow the ASAM Criteria, 3rd ed.
        assert ["iopkit", "asam2013"] == [s.key for s in resolve(plan.source)]
        assert source("asam2013").citation.startswith("Mee-Lee D, Shulman GD, Fishman MJ, Gastfriend DR, Miller MM")

    def test_a_step_below_iop_longer_than_two_weeks_is_a_warning(self):
        assert ["warning"] == [f.severity for f in taper((9, 6), (4, 3)).flags]

    def test_adolescent_taper_stays_iop_at_6_hours(self):
        assert () == taper((9, 6), 2, adolescent=True).flags

    def test_a_rising_step_is_refused(self):
        with pytest.raises(DosePlanError, match="may not rise: 9 -> 12"):
            taper((9, 12, 6), 2)


class TestProgress:
    @pytest.fixture
    def log(self):
        return Attendance(schedule(date(2025, 1, 6), ["mon", "wed", "fri"], 3, 4))

    def test_counts_planned_delivered_and_percent_to_date(self, log):
        log = log.record("2025-01-06", "attended").record("2025-01-08", "partial", 1.5).record("2025-01-10", "missed")
        p = progress(DosePlan(9, 4), log, "2025-01-10")
        assert (9.0, 4.5, 50.0) == (p.planned_to_date, p.delivered, p.percent)
        assert {"attended": 1, "partial": 1, "missed": 1, "unrecorded": 0} == p.counts

    def test_a_completed_week_below_the_iop_minimum_is_listed_and_flagged(self, log):
        for day in ("2025-01-06", "2025-01-08", "2025-01-13", "2025-01-15", "2025-01-17"):
            log = log.record(day, "attended")
        p = progress(DosePlan(9, 4), log.record("2025-01-10", "missed"), "2025-01-19")
        assert (1,) == p.weeks_below_minimum
        assert ["dose_below_level_minimum"] == [f.code for f in p.flags]

    def test_full_attendance_projects_completion_at_the_plan_end(self, log):
        for session in log.schedule.sessions[:6]:
            log = log.record(session.date, "attended")
        p = progress(DosePlan(9, 4), log, "2025-01-19")
        assert (2.0, date(2025, 2, 2)) == (p.weeks_needed, p.projected_completion)

    def test_half_attendance_delivers_the_rest_at_half_the_weekly_hours(self, log):
        for session in log.schedule.sessions[:6]:
            log = log.record(session.date, "partial", 1.5)
        # 36 h planned, 9 delivered: 27 h left at 4.5 h/week.
        assert 6.0 == progress(DosePlan(9, 4), log, "2025-01-19").weeks_needed

    def test_no_delivered_hours_means_no_projected_completion(self, log):
        p = progress(DosePlan(9, 4), log.record("2025-01-06", "missed"), "2025-01-06")
        assert (math.inf, None) == (p.weeks_needed, p.projected_completion)
        assert None is p.to_dict()["weeks_needed"]
        json.dumps(p.to_dict())  # JSON-able, the week lists included

    def test_as_of_before_the_start_is_refused(self, log):
        with pytest.raises(DosePlanError, match="before the schedule starts"):
            progress(DosePlan(9, 4), log, "2025-01-05")


class TestAttendance:
    @pytest.fixture
    def log(self):
        return Attendance(schedule("2025-01-06", ["mon", "wed", "fri"], 3, 2, skip_dates=["2025-01-08"]))

    @pytest.mark.parametrize(
        "day, where",
        [
            ("2025-01-07", "not a session day"),
            ("2025-01-08", "skipped"),
            ("2025-01-20", "not a session day"),
            ("2024-12-30", "not a session day"),
        ],
    )
    def test_attendance_outside_the_plan_is_refused(self, log, day, where):
        with pytest.raises(DosePlanError, match=f"outside the plan \\({where}"):
            log.record(day, "attended")

    def test_partial_must_be_less_than_the_session(self, log):
        with pytest.raises(DosePlanError, match="must be under the session's 3 h"):
            log.record("2025-01-06", "partial", 3)

    def test_negative_hours_name_the_session_and_the_value(self, log):
        """A negative hours entry is refused with its status, its date and the value given."""
        with pytest.raises(DosePlanError) as e:
            log.record("2025-01-06", "attended", -1)
        assert "'attended' hours on 2025-01-06 must be a finite number >= 0 (got -1)" == str(e.value)

    def test_attended_with_other_hours_is_refused(self, log):
        with pytest.raises(DosePlanError, match="use 'partial'"):
            log.record("2025-01-06", "attended", 2)

    def test_unknown_status_is_refused(self, log):
        with pytest.raises(DosePlanError, match="must be one of"):
            log.record("2025-01-06", "late")

    def test_recording_a_date_again_replaces_it(self, log):
        log = log.record("2025-01-06", "missed").record("2025-01-06", "attended")
        assert [("attended", 3.0)] == [(r.status, r.hours) for r in log.records]

    def test_duplicate_records_in_the_constructor_are_refused(self, log):
        with pytest.raises(DosePlanError, match="recorded twice"):
            Attendance(log.schedule, (("2025-01-06", "missed"), ("2025-01-06", "attended")))

    def test_round_trips_through_a_dict(self, log):
        log = log.record("2025-01-06", "partial", 2).record("2025-01-10", "attended")
        assert log == Attendance.from_dict(log.to_dict())


# --- review fixes ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["no", "yes", 1, None])
def test_adolescent_must_be_a_bool_so_no_string_switches_the_thresholds(value):
    with pytest.raises(DosePlanError, match="adolescent"):
        intensity_level(7, adolescent=value)
    with pytest.raises(DosePlanError, match="adolescent"):
        DosePlan(7, 12, adolescent=value)


def test_numpy_numbers_are_accepted_for_hours_weeks_sessions_and_service_counts():
    np = pytest.importorskip("numpy")
    plan = DosePlan(np.int64(9), np.int64(12), sessions_per_week=np.int64(3), adolescent=np.bool_(False))
    assert (plan.total_hours, plan.sessions_per_week, plan.adolescent) == (108.0, 3, False)
    assert type(plan.sessions_per_week) is int and type(plan.adolescent) is bool
    assert intensity_level(np.int64(9)) is LevelOfCare.IOP
    assert cms_view(9, np.array([3, 4])).day_tiers == ("3", "4+")
    assert ServiceLine(Service.DRUG_SCREENING, count=np.int64(2)).count == 2


@pytest.mark.parametrize(
    "hours, adolescent, code",
    [
        (8.999, False, "1"),
        (9, False, "2.1"),
        (19.999, False, "2.1"),
        (20, False, "2.5"),
        (5.999, True, "1"),
        (6, True, "2.1"),
        (19.999, True, "2.1"),
        (20, True, "2.5"),
    ],
)
def test_intensity_band_edges(hours, adolescent, code):
    assert intensity_level(hours, adolescent=adolescent).code == code


# --- issue 5 review: tapers judged on the cumulative weeks below IOP ---------------------------


class TestTaperStepDown:
    def test_12_9_6_3_two_weeks_each_is_four_weeks_below_iop_and_a_warning(self):
        (flag,) = taper((12, 9, 6, 3), 2).flags
        assert ("taper_below_iop_minimum", "warning") == (flag.code, flag.severity)
        assert "Weeks 5-8 (6, 3 h/week) are 4 weeks below the IOP minimum of 9 h/week" in flag.message
        assert "from week 7 the plan is Level 1" in flag.message and "week 7" in flag.action
        # the step-down allowance is ASAM's own rule, cited to the Criteria (3rd ed., 2013), not a payer's page
        assert "asam2013" == flag.source
        shown = flags_html([flag])
        assert "The ASAM Criteria: Treatment Criteria for Addictive, Substance-Related, and Co-Occurring" in shown
        assert "3rd ed." in shown and "2013" in shown and "aetna" not in shown.lower()

    def test_two_one_week_steps_below_iop_add_up_to_two_weeks_and_stay_info(self):
        (flag,) = taper((12, 9, 6, 3), (4, 4, 1, 1)).flags
        assert "info" == flag.severity and "asam2013" == flag.source
        assert "Weeks 9-10 (6, 3 h/week) are 2 weeks below" in flag.message

    def test_adolescent_steps_below_6_hours_add_up_too(self):
        (flag,) = taper((9, 5, 4), 2, adolescent=True).flags
        assert "warning" == flag.severity and "minimum of 6 h/week" in flag.message
        assert "from week 5 the plan is Level 1" in flag.message

    def test_a_taper_that_stays_at_iop_has_no_flag(self):
        assert () == taper((15, 12, 9), 2).flags


# --- issue 5 review: progress tells unrecorded, scheduled-short and attended-short weeks apart ----


class TestProgressWeeks:
    @pytest.fixture
    def sched(self):
        return schedule(date(2025, 1, 6), ["mon", "wed", "fri"], 3, 4, skip_dates=["2025-01-22"])

    def test_weeks_with_nothing_recorded_are_unrecorded_not_below_the_minimum(self, sched):
        p = progress(DosePlan(9, 4), Attendance(sched), "2025-01-19")
        assert ((), (1, 2)) == (p.weeks_below_minimum, p.weeks_unrecorded)
        assert ["attendance_not_recorded"] == [f.code for f in p.flags]
        # walk24 9: each week by its Monday's date (Mon 6 and 13 Jan 2025), as the review names it
        assert "the weeks of 6, 13 Jan (2 weeks)" in p.flags[0].message and "info" == p.flags[0].severity

    def test_a_partly_recorded_week_that_can_still_reach_the_minimum_is_unrecorded(self, sched):
        p = progress(DosePlan(9, 4), Attendance(sched).record("2025-01-06", "attended"), "2025-01-12")
        assert ((), (1,)) == (p.weeks_below_minimum, p.weeks_unrecorded)

    def test_a_partly_recorded_week_already_below_the_minimum_is_below(self, sched):
        p = progress(DosePlan(9, 4), Attendance(sched).record("2025-01-06", "missed"), "2025-01-12")
        assert ((1,), ()) == (p.weeks_below_minimum, p.weeks_unrecorded)
        assert "dose_below_level_minimum" in [f.code for f in p.flags]

    def test_a_fully_attended_holiday_week_is_scheduled_below_not_attended_below(self, sched):
        log = Attendance(sched)
        for day in ("2025-01-20", "2025-01-24"):
            log = log.record(day, "attended")
        p = progress(DosePlan(9, 4), log, "2025-01-26")
        assert 3 not in p.weeks_below_minimum and (3,) == p.weeks_scheduled_below_minimum
        (flag,) = [f for f in p.flags if f.code == "schedule_below_level_minimum"]
        # walk24 9: the holiday week by its Monday's date (Mon 20 Jan 2025, Wed 22 skipped)
        assert "info" == flag.severity and "in the week of 20 Jan (6 h)" in flag.message
        assert "barriers" not in " ".join(f.action for f in p.flags)

    def test_a_holiday_week_with_a_missed_session_is_both(self, sched):
        log = Attendance(sched).record("2025-01-20", "attended").record("2025-01-24", "missed")
        p = progress(DosePlan(9, 4), log, "2025-01-26")
        assert (3,) == p.weeks_scheduled_below_minimum and 3 in p.weeks_below_minimum

    def test_a_plan_and_schedule_that_agree_get_no_mismatch_flag_despite_a_skipped_date(self, sched):
        codes = [f.code for f in progress(DosePlan(9, 4), Attendance(sched), "2025-01-06").flags]
        assert not [code for code in codes if code.startswith("schedule_") and "differ" in code]

    def test_weekly_hours_that_differ_from_the_plan_are_a_warning_naming_both(self, sched):
        p = progress(DosePlan(12, 4), Attendance(sched).record("2025-01-06", "attended"), "2025-01-06")
        (flag,) = [f for f in p.flags if f.code == "schedule_hours_differ_from_plan"]
        assert "warning" == flag.severity
        assert "The schedule gives 9 h in weeks 1, 2, 4 but the plan is 12 h/week." == flag.message
        assert 3.0 == p.delivered  # progress is still reported

    def test_a_schedule_with_more_weeks_than_the_plan_is_a_warning_naming_both(self, sched):
        (flag,) = progress(DosePlan(9, 6), Attendance(sched), "2025-01-06").flags
        assert ("schedule_weeks_differ_from_plan", "warning") == (flag.code, flag.severity)
        assert "The schedule runs 4 weeks but the plan is 6 weeks." == flag.message
