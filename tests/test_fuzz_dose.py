"""Fuzz the dose entry points with anything outside data can hold: an iopkit error or a correct result, nothing else.

"Correct" is checked against facts independent of the code: a week has 168 h, a schedule of n weekdays for w weeks
holds n x w sessions less the skipped ones, the calendar ends on 31 Dec 9999, Medicare's IOP minimum is 9 h a week.
"""

from __future__ import annotations

import math
from datetime import date, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iopkit.dose import (
    Attendance,
    DosePlan,
    Group,
    cms_view,
    delivered_hours,
    intensity_level,
    progress,
    schedule,
    take_attendance,
    taper,
)
from iopkit.dose.bounds import MAX_HOURS_PER_WEEK, MAX_SESSION_HOURS, MAX_WEEKS, MIN_SESSION_MINUTES
from iopkit.errors import IopkitError

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

numbers = st.one_of(
    st.integers(-10, 200),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(0.001, 100),
    st.booleans(),
    st.fractions(),
    st.decimals(allow_nan=True),
)
scalars = st.one_of(
    st.none(),
    numbers,
    st.text(max_size=12),
    st.dates(),
    st.binary(max_size=4),
    st.sampled_from(["mon", "tue", "friday", "9", "2025-01-06", "9999-12-31", "morning", "18:00"]),
)
anything = st.one_of(
    scalars,
    st.lists(scalars, max_size=5),
    st.tuples(scalars, scalars),
    st.dictionaries(st.text(max_size=5), scalars, max_size=3),
)


def _outcome(call):
    """The result, or None when an iopkit error was raised; any other exception fails the test."""
    try:
        return call()
    except IopkitError:
        return None


def _corrupt(draw, fields: dict) -> dict:
    """The fields, with none, one or two replaced by anything (so both valid and invalid calls are common)."""
    names = draw(st.permutations(sorted(fields)))[: draw(st.integers(0, 2))]
    return {**fields, **{name: draw(anything) for name in names}}


@st.composite
def plan_calls(draw):
    return _corrupt(
        draw,
        {
            "hours_per_week": draw(st.one_of(st.integers(1, 75), st.floats(0.25, 75), numbers)),
            "weeks": draw(st.one_of(st.integers(1, 56), st.floats(1, 56), numbers)),
            **draw(
                st.sampled_from(
                    [
                        {},
                        {"sessions_per_week": draw(st.integers(0, 16))},
                        {"session_hours": draw(st.one_of(st.integers(1, 13), st.floats(0.1, 13)))},
                    ]
                )
            ),
        },
    )


@FUZZ
@given(plan_calls(), anything)
def test_dose_plan(call, services):
    plan = _outcome(lambda: DosePlan(**call))
    if plan is not None:
        assert 0 < plan.hours_per_week <= MAX_HOURS_PER_WEEK < 168
        assert 1 <= plan.weeks <= MAX_WEEKS
        assert math.isclose(plan.total_hours, plan.hours_per_week * plan.weeks)
        if plan.sessions_per_week is not None:
            assert 1 <= plan.sessions_per_week <= 14
            assert MIN_SESSION_MINUTES / 60 <= plan.session_hours <= MAX_SESSION_HOURS
            assert math.isclose(plan.sessions_per_week * plan.session_hours, plan.hours_per_week)
        assert DosePlan.from_dict(plan.to_dict()) == plan
    _outcome(lambda: DosePlan(9, 12, services=services))
    _outcome(lambda: DosePlan.from_dict(services))


@st.composite
def schedule_calls(draw):
    return _corrupt(
        draw,
        {
            "start": draw(st.one_of(st.dates(date(2020, 1, 1), date(2030, 1, 1)), st.dates())),
            "weekdays": draw(st.lists(st.integers(0, 6), min_size=1, max_size=7, unique=True)),
            "session_hours": draw(st.integers(5, 13 * 60).map(lambda m: m / 60)),
            "weeks": draw(st.integers(0, 60)),
            "track": draw(st.sampled_from(["morning", "evening", "06:00", time(7), "13:30"])),
            "skip_dates": draw(st.lists(st.dates(date(2020, 1, 1), date(2030, 1, 1)), max_size=5)),
        },
    )


@FUZZ
@given(schedule_calls())
def test_schedule(call):
    sched = _outcome(lambda: schedule(**call))
    if sched is None:
        return
    days = {s.date.weekday() for s in sched.sessions} | {d.weekday() for d in sched.skipped}
    assert 1 <= sched.weeks <= MAX_WEEKS and sched.end <= date.max
    assert sched.end == sched.start + timedelta(days=7 * sched.weeks - 1)
    assert len(sched.sessions) + len(sched.skipped) == len(days) * sched.weeks
    assert all(sched.start <= s.date <= sched.end and s.end > s.start for s in sched.sessions)
    assert all(MIN_SESSION_MINUTES / 60 <= s.hours <= MAX_SESSION_HOURS for s in sched.sessions)
    assert len({round(s.hours, 9) for s in sched.sessions}) <= 1
    assert not {s.date for s in sched.sessions} & set(sched.skipped)
    assert math.isclose(sum(sched.hours_by_week()), sched.total_hours, abs_tol=1e-9)


@FUZZ
@given(
    st.one_of(st.lists(st.integers(1, 80), max_size=8), anything),
    st.one_of(st.integers(-1, 30), st.lists(st.integers(0, 30), max_size=8), anything),
    st.booleans(),
)
def test_taper(hours, weeks, adolescent):
    result = _outcome(lambda: taper(hours, weeks, adolescent=adolescent))
    if result is not None:
        steps = [p.hours_per_week for p in result.phases]
        assert steps == sorted(steps, reverse=True) and result.weeks <= MAX_WEEKS
        assert math.isclose(result.total_hours, sum(p.hours_per_week * p.weeks for p in result.phases))


@FUZZ
@given(numbers, st.one_of(st.lists(numbers, max_size=6), anything), st.one_of(st.lists(numbers, max_size=6), anything))
def test_cms_view_and_intensity(hours, per_day, weekly):
    view = _outcome(lambda: cms_view(hours, per_day, weekly_hours=weekly))
    if view is not None:
        assert 0 < view.hours_per_week <= 168
        assert view.meets_iop_certification == (
            view.hours_per_week >= 9 and all(h >= 9 - 1e-9 for h in view.weekly_hours)
        )
        assert view.meets_php_minimum == (view.hours_per_week >= 20 and all(h >= 20 - 1e-9 for h in view.weekly_hours))
        assert ("not met" in view.summary()) != (
            view.meets_iop_certification if view.hours_per_week < 20 else view.meets_php_minimum
        )
    level = _outcome(lambda: intensity_level(hours))
    if level is not None:
        assert level.code == ("1" if hours < 9 else "2.1" if hours < 20 else "2.5")


LOG = Attendance(schedule("2025-01-06", ["mon", "wed", "fri"], 3, 4))


@FUZZ
@given(
    st.one_of(st.dates(date(2025, 1, 1), date(2025, 2, 15)), anything),
    st.one_of(st.sampled_from(["attended", "missed", "partial"]), anything),
    st.one_of(st.none(), numbers),
    st.one_of(st.dates(date(2024, 12, 1), date(2025, 3, 1)), anything),
)
def test_attendance_and_progress(day, status, hours, as_of):
    log = _outcome(lambda: LOG.record(day, status, hours, today=date(2025, 2, 1)))
    if log is not None:
        (record,) = log.records
        assert record.date <= date(2025, 2, 1) and 0 <= record.hours <= 3
        assert (record.hours == 3) == (record.status == "attended")
        report = _outcome(lambda: progress(DosePlan(9, 4, sessions_per_week=3), log, as_of))
        if report is not None:
            assert 0 <= report.delivered <= report.planned_to_date + 1e-9
    _outcome(lambda: Attendance.from_dict(day))
    _outcome(lambda: delivered_hours(day, status))


GROUP = Group("Early recovery", "morning", ["mon", "wed", "fri"], 3, "KM", members=(1, 2))
MARKS = st.one_of(
    st.sampled_from(["present", "late", "left_early", "absent_excused", "absent_unexcused"]),
    st.sampled_from(["present", "absent_excused"]),
    st.sampled_from(["present", "absent_unexcused"]),
    st.tuples(st.sampled_from(["late", "left_early", "present"]), st.floats(0.1, 3.5)),
    st.tuples(st.sampled_from(["late", "left_early", "present"]), numbers),
    anything,
)


SESSION_DAYS = [date(2025, 1, 6) + timedelta(days=7 * w + d) for w in range(6) for d in (0, 2, 4)]


@FUZZ
@given(
    st.one_of(st.sampled_from(SESSION_DAYS), st.sampled_from(SESSION_DAYS), anything),
    st.one_of(st.fixed_dictionaries({1: MARKS, 2: MARKS}), st.fixed_dictionaries({1: MARKS, 2: MARKS}), anything),
    anything,
)
def test_group_roster(day, marks, fields):
    entries = _outcome(lambda: take_attendance(GROUP, day, marks, today=date(2025, 2, 1)))
    if entries is not None:
        assert [e.patient for e in entries] == [1, 2]
        for entry in entries:
            assert 0 <= entry.record.hours <= 3 and entry.record.date <= date(2025, 2, 1)
            assert (entry.record.hours == 3) == (entry.mark == "present")
    _outcome(lambda: Group.from_dict(fields))
    _outcome(lambda: Group("G", "morning", fields, 3, "KM"))
