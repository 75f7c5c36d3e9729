"""Absurd doses are refused with the limit and why; bad input never escapes the iopkit error family.

The limits are iopkit's (see ``iopkit.dose.bounds``); the physical ones are checked against facts no one
here chose: a week has 168 hours, a calendar ends on 31 Dec 9999, and Medicare's IOP minimum is 9 h a week
(CMS CY 2024 OPPS final rule) and its PHP minimum 20 h a week (42 CFR 410.43(c)(1)).
"""

from __future__ import annotations

import time as clock
from datetime import date

import numpy as np
import pandas as pd
import pytest

from iopkit.dose import (
    Attendance,
    DosePlan,
    Service,
    ServiceLine,
    cms_view,
    delivered_hours,
    intensity_level,
    progress,
    schedule,
    taper,
)
from iopkit.dose.bounds import MAX_HOURS_PER_WEEK, MAX_SESSION_HOURS, MAX_WEEKS, MIN_SESSION_MINUTES
from iopkit.dose.schedule import Schedule
from iopkit.errors import DosePlanError, IopkitError
from iopkit.sources import resolve


class TestAbsurdPlansAreRefused:
    @pytest.mark.parametrize("hours", [169, 1e9, 71])
    def test_hours_a_week_beyond_any_programme(self, hours):
        with pytest.raises(DosePlanError, match=r"hours per week must be at most 70 h/week.*24-hour care") as err:
            DosePlan(hours, 12)
        assert (err.value.item, err.value.value) == ("hours_per_week", hours)
        assert "at most 70" in err.value.allowed

    def test_the_most_intensive_real_programme_is_still_accepted(self):
        assert DosePlan(MAX_HOURS_PER_WEEK, 4, sessions_per_week=7).session_hours == 10

    def test_a_500_hour_session(self):
        with pytest.raises(DosePlanError, match=r"session hours must be at most 12 h \(got 500\)") as err:
            DosePlan(9, 12, session_hours=500)
        assert err.value.item == "session_hours"

    def test_one_session_a_week_that_would_last_longer_than_half_a_day(self):
        with pytest.raises(DosePlanError, match=r"session hours \(20 h/week in 1 sessions\) must be at most 12 h"):
            DosePlan(20, 12, sessions_per_week=1)

    @pytest.mark.parametrize(
        "weeks, message",
        [
            (1e-9, r"weeks must be a finite number >= 1.*at least one week"),
            (1e308, r"weeks must be at most 52 weeks.*not an IOP plan"),
            (20_000, r"weeks must be at most 52 weeks"),
        ],
    )
    def test_programme_lengths_that_are_not_an_iop_plan(self, weeks, message):
        with pytest.raises(DosePlanError, match=message) as err:
            DosePlan(9, weeks)
        assert (err.value.item, err.value.value) == ("weeks", weeks)

    def test_a_thousand_sessions_of_32_seconds(self):
        with pytest.raises(DosePlanError, match=r"sessions per week must be at most 14"):
            DosePlan(1000 * 32 / 3600, 12, sessions_per_week=1000)
        with pytest.raises(
            DosePlanError,
            match=rf"session hours must be a finite number >= 0.25.*"
            rf"{MIN_SESSION_MINUTES} minutes.*H0004",
        ):
            DosePlan(9, 12, session_hours=32 / 3600)

    def test_a_service_mix_beyond_a_week_of_services(self):
        with pytest.raises(DosePlanError, match=r"group_therapy hours must be at most 70"):
            ServiceLine(Service.GROUP_THERAPY, hours=500)
        with pytest.raises(DosePlanError, match=r"drug_screening count must be at most 14"):
            ServiceLine(Service.DRUG_SCREENING, count=10**6)

    def test_a_taper_longer_than_a_year(self):
        with pytest.raises(DosePlanError, match=r"taper weeks \(all steps\) must be at most 52"):
            taper((12, 9, 6), 20)

    def test_a_taper_with_a_million_steps_is_refused_without_building_them(self):
        started = clock.perf_counter()
        with pytest.raises(DosePlanError, match="more than 52 entries"):
            taper(iter(range(10**9, 0, -1)), 1)
        assert clock.perf_counter() - started < 0.5


class TestSchedulesNeverDoUnboundedWork:
    def test_a_20000_week_schedule_is_refused_at_once(self):
        started = clock.perf_counter()
        with pytest.raises(DosePlanError, match="weeks must be at most 52 weeks"):
            schedule("2025-01-06", ["mon", "wed", "fri"], 3, 20_000)
        assert clock.perf_counter() - started < 0.1

    def test_a_million_weeks_is_refused_at_once(self):
        started = clock.perf_counter()
        with pytest.raises(DosePlanError, match="weeks must be at most 52 weeks"):
            schedule("2025-01-06", ["mon"], 3, 10**6)
        assert clock.perf_counter() - started < 0.1

    @pytest.mark.parametrize("start", ["9999-12-27", date(9999, 6, 1)])
    def test_a_schedule_past_year_9999_is_refused(self, start):
        with pytest.raises(DosePlanError, match="would run past 9999-12-31"):
            schedule(start, ["mon"], 3, 52)

    def test_a_schedule_ending_on_the_last_calendar_day_is_accepted(self):
        sched = schedule("9999-12-25", list(range(7)), 3, 1)
        assert sched.end == date(9999, 12, 31) == sched.sessions[-1].date

    @pytest.mark.parametrize("minutes", [0.5, 14])
    def test_sessions_shorter_than_15_minutes(self, minutes):
        with pytest.raises(DosePlanError, match=r"session hours must be a finite number >= 0.25"):
            schedule("2025-01-06", ["mon"], minutes / 60, 1)

    def test_a_session_longer_than_half_a_day(self):
        with pytest.raises(DosePlanError, match=f"at most {MAX_SESSION_HOURS:g} h"):
            schedule("2025-01-06", ["mon"], 13, 1, track="06:00")

    def test_a_schedule_built_by_hand_is_bounded_too(self):
        with pytest.raises(DosePlanError, match="weeks must be at most 52"):
            Schedule(date(2025, 1, 6), 10**9, ())

    def test_an_endless_holiday_list_is_refused(self):
        def forever():
            while True:
                yield "2025-01-06"

        with pytest.raises(DosePlanError, match="skip_dates has more than"):
            schedule("2025-01-06", ["mon"], 3, 1, skip_dates=forever())

    def test_the_longest_plan_still_renders_a_small_calendar(self):
        sched = schedule("2025-01-06", list(range(7)), 3, MAX_WEEKS)
        assert len(sched.sessions) == 7 * 52 and len(sched.to_ics().encode()) < 200_000


# Each input below raised a bare Python exception (TypeError, OverflowError, AttributeError...) on main.
CRASHERS = {
    "huge int hours": lambda: DosePlan(10**400, 12),
    "huge int session hours": lambda: DosePlan(9, 12, session_hours=10**400),
    "tiny session hours": lambda: DosePlan(9, 12, session_hours=1e-300),
    "huge sessions": lambda: DosePlan(9, 12, sessions_per_week=10**400),
    "non-iterable services": lambda: DosePlan(9, 12, services=5),
    "services that are not lines": lambda: DosePlan(9, 12, services=[1, 2]),
    "string hours": lambda: DosePlan("9", 12),
    "nan weeks": lambda: DosePlan(9, float("nan")),
    "inf hours": lambda: DosePlan(float("inf"), 12),
    "bool hours": lambda: DosePlan(True, 12),
    "bool sessions": lambda: DosePlan(9, 12, sessions_per_week=True),
    "plan from a list": lambda: DosePlan.from_dict([1, 2]),
    "plan from a dict with bad services": lambda: DosePlan.from_dict(
        {"hours_per_week": 9, "weeks": 12, "services": [1]}
    ),
    "plan from a dict without hours": lambda: DosePlan.from_dict({"weeks": 12}),
    "non-iterable weekdays": lambda: schedule("2025-01-06", 5.0, 3, 1),
    "bool weekdays": lambda: schedule("2025-01-06", True, 3, 1),
    "non-iterable skip dates": lambda: schedule("2025-01-06", ["mon"], 3, 1, skip_dates=3),
    "list track": lambda: schedule("2025-01-06", ["mon"], 3, 1, track=["morning"]),
    "number start": lambda: schedule(2025.5, ["mon"], 3, 1),
    "huge weeks": lambda: schedule("2025-01-06", ["mon"], 3, 10**400),
    "schedule past 9999": lambda: schedule("9999-12-31", ["mon"], 3, 2),
    "schedule from a bad dict": lambda: Schedule.from_dict({"start": "2025-01-06"}),
    "schedule from a list": lambda: Schedule.from_dict([]),
    "non-iterable taper": lambda: taper(5),
    "taper of text": lambda: taper("12,9"),
    "cms view of a number of days": lambda: cms_view(9, 4),
    "cms view of 1e9 hours": lambda: cms_view(1e9),
    "intensity of a huge int": lambda: intensity_level(10**400),
    "attendance of a non-schedule": lambda: Attendance("2025-01-06"),
    "attendance records of the wrong shape": lambda: Attendance(schedule("2025-01-06", ["mon"], 3, 1), ((1,),)),
    "attendance status that is a list": lambda: Attendance(schedule("2025-01-06", ["mon"], 3, 1)).record(
        "2025-01-06", ["attended"]
    ),
    "attendance from a list": lambda: Attendance.from_dict([]),
    "progress of text": lambda: progress("plan", "log", "2025-01-06"),
    "delivered hours of text": lambda: delivered_hours([1, 2], ["a", "b"]),
    "delivered hours of mixed ids": lambda: delivered_hours(np.array([1, "a"], dtype=object), [1.0, 2.0]),
}


@pytest.mark.parametrize("case", CRASHERS)
def test_bad_input_raises_a_dose_plan_error_not_a_python_error(case):
    with pytest.raises(DosePlanError):
        CRASHERS[case]()


def test_a_huge_episode_id_does_not_allocate_a_huge_array():
    ids, totals = delivered_hours(np.array([10**15, 3]), [2.0, 1.0])
    assert (ids.tolist(), totals.tolist()) == ([3, 10**15], [1.0, 2.0])


MISSING_IDS = {
    "float NaN": (np.array([1.0, np.nan, np.nan, 2.0]), [1, 2]),
    "pandas NA in Int64": (pd.array([1, pd.NA, 2], dtype="Int64"), [1]),
    "None among text": (np.array(["a", None, "b"], dtype=object), [1]),
    "pandas NA among text": (pd.Series(["a", "b", pd.NA], dtype="string"), [2]),
}


@pytest.mark.parametrize("case", MISSING_IDS)
def test_delivered_hours_refuses_records_without_an_episode_id_naming_their_rows(case):
    """Research review: NaN ids were pooled into one pseudo-episode ``nan`` (3 + 3 h of two unidentified records
    summed to 6 h); refused like missing hours, naming the rows."""
    episode, rows = MISSING_IDS[case]
    named = ", ".join(map(str, rows))
    with pytest.raises(
        DosePlanError, match=rf"{len(rows)} attendance record\(s\) have no episode id \(rows {named},"
    ) as err:
        delivered_hours(episode, [3.0] * len(episode))
    assert (err.value.item, err.value.value) == ("episode", rows)


def test_delivered_hours_names_the_first_five_rows_without_an_episode_id():
    episode = np.array([np.nan] * 7 + [4.0])
    with pytest.raises(
        DosePlanError, match=r"7 attendance record\(s\) have no episode id \(rows 0, 1, 2, 3, 4 and 2 more,"
    ):
        delivered_hours(episode, [3.0] * 8)


def test_every_dose_error_is_an_iopkit_error_with_its_field():
    with pytest.raises(IopkitError) as err:
        DosePlan(9, 12, sessions_per_week=0)
    assert (err.value.item, err.value.value) == ("sessions_per_week", 0)


def test_attendance_for_a_future_date_is_refused_but_today_is_accepted():
    log = Attendance(schedule("2025-01-06", ["mon", "wed"], 3, 2))
    with pytest.raises(DosePlanError, match="2025-01-13 is in the future \\(today is 2025-01-08\\)") as err:
        log.record("2025-01-13", "attended", today="2025-01-08")
    assert err.value.item == "date"
    assert log.record("2025-01-08", "attended", today="2025-01-08").delivered() == 3


class TestMedicareViewJudgesEveryWeek:
    """CMS: IOP certification needs >= 9 h of services a week; PHP >= 20 h (42 CFR 410.43(c)(1))."""

    def test_a_holiday_week_below_9_hours_is_not_met(self):
        sched = schedule("2025-12-22", ["mon", "wed", "thu"], 3, 2, skip_dates=["2025-12-25"])
        view = cms_view(9, weekly_hours=sched)
        assert view.weekly_hours == (6.0, 9.0)
        assert view.meets_iop_certification is False and view.weeks_below_iop == (1,)
        (flag,) = view.flags
        assert flag.code == "cms_week_below_iop_minimum" and str(flag.severity) == "warning"
        assert "week 1 (6 h)" in flag.message and "9 h/week" in flag.message
        assert ["cms_opps2024", "cfr_410_43", "iopkit"] == [s.key for s in resolve(flag.source)]  # each week: iopkit's
        assert view.summary() == "Medicare IOP certification (at least 9 h/week): not met in week 1 (6 h)."

    def test_every_week_at_9_hours_is_met(self):
        view = cms_view(9, weekly_hours=schedule("2025-01-06", ["mon", "wed", "fri"], 3, 4))
        assert view.meets_iop_certification and view.weeks_below_iop == () and view.flags == ()
        assert view.summary() == "Medicare IOP certification (at least 9 h/week): met in every week."

    def test_an_average_above_9_does_not_hide_a_week_below(self):
        view = cms_view(10, weekly_hours=[12, 12, 8.5, 12])  # mean 11.1 h
        assert not view.meets_iop_certification and view.weeks_below_iop == (3,)

    def test_a_php_week_below_20_hours_is_visible(self):
        view = cms_view(20, weekly_hours=[20, 16, 20])
        assert view.meets_iop_certification and not view.meets_php_minimum and view.weeks_below_php == (2,)
        assert [f.code for f in view.flags] == ["cms_week_below_php_minimum"]
        assert "not met in week 2 (16 h)" in view.summary()

    def test_a_plan_below_9_hours_is_not_met_whatever_the_weeks(self):
        view = cms_view(8.5)
        assert not view.meets_iop_certification
        assert view.summary() == "Medicare IOP certification (at least 9 h/week): not met: the plan gives 8.5 h/week."

    def test_without_weeks_the_plan_alone_is_judged_as_before(self):
        assert cms_view(9).meets_iop_certification and cms_view(9).summary().endswith("met by the plan.")

    def test_bad_weekly_hours_are_refused(self):
        with pytest.raises(DosePlanError, match="hours in week 2"):
            cms_view(9, weekly_hours=[9, -1])
