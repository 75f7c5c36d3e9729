"""Overlapping attendance logs: each session counted once (code-read follow-up of walk23 finding 13).

When a newer plan is saved, the Dose page starts a new attendance log for it and carries the earlier log's sessions
that fall on the new plan into it; the earlier log stays as it was saved.  Both are current records, so a reader
summing over every log (the programme report's planned and delivered hours, its weeks meeting the level's minimum, the
attended days the census and the caseload read) counted the carried sessions twice.  The rule
(:func:`iopkit.dose.logs.sessions_once`): each session day is read from one log, the newest one recording it, or the
newest one scheduling it when none records it.

Every expected figure below is typed from the fixture (sessions x 3 h), never computed by iopkit.
"""

from __future__ import annotations

import datetime as dt

import pytest

from iopkit.dose import Attendance, DosePlan, schedule
from iopkit.episode import Episode
from iopkit.in_programme import attended_days
from iopkit.placement import Placement, recommend
from iopkit.report import programme_data, programme_report
from iopkit.store import Store

D = dt.date
IOP = {1: 0, 2: 0, 3: 1, 4: 1, 5: 2, 6: 1}  # the dimensions that place Level 2.1 (tests/test_programme_store.py)
FIRST_LOG = [  # 5-16 Jan 2026, Mon/Wed/Fri, 3 h: the Friday of week 1 missed
    ("2026-01-05", "attended"),
    ("2026-01-07", "attended"),
    ("2026-01-09", "missed"),
    ("2026-01-12", "attended"),
    ("2026-01-14", "attended"),
    ("2026-01-16", "attended"),
]
WEEK_3 = ["2026-01-19", "2026-01-21", "2026-01-23"]


def _log(sessions, marks):
    log = Attendance(sessions)
    for day, mark in marks:
        log = log.record(day, mark)
    return log


@pytest.fixture
def overlapping(tmp_path):
    """Two overlapping logs written directly to the store, as the Dose page writes them: a 12-week IOP plan from
    Mon 5 Jan 2026 (Mon/Wed/Fri, 3 h) with its log of weeks 1-2 (saved 16 Jan); a 14-week plan from the same day
    saved 19 Jan, whose log carries the six sessions of weeks 1-2 and records the three of week 3 (saved 23 Jan)."""
    store = Store(tmp_path / "overlap.sqlite")
    pid = store.add_patient("DEMO-07")
    store.save(pid, Placement(recommend(IOP)), by="KM", when=D(2026, 1, 5))
    store.save(pid, DosePlan(9, 12, sessions_per_week=3), by="KM", when=D(2026, 1, 5))
    first = schedule("2026-01-05", ["mon", "wed", "fri"], 3, 12, track="evening")
    store.save(pid, first, by="KM", when=D(2026, 1, 5))
    earlier = store.save(pid, _log(first, FIRST_LOG), by="KM", when=D(2026, 1, 16))
    store.save(pid, DosePlan(9, 14, sessions_per_week=3), by="KM", when=D(2026, 1, 19))
    later = schedule("2026-01-05", ["mon", "wed", "fri"], 3, 14, track="evening")
    store.save(pid, later, by="KM", when=D(2026, 1, 19))
    newer = store.save(pid, _log(later, FIRST_LOG + [(d, "attended") for d in WEEK_3]), by="KM", when=D(2026, 1, 23))
    return store, pid, earlier, newer


def test_the_fixture_holds_two_current_logs_sharing_six_sessions(overlapping):
    store, pid, earlier, newer = overlapping
    assert [r.id for r in store.current(pid, "attendance")] == [earlier, newer]


def test_the_programme_report_counts_each_session_once(overlapping):
    store, _pid, _earlier, _newer = overlapping
    sessions = programme_data(store, as_of=D(2026, 1, 25)).attendance
    # typed: nine sessions 5-23 Jan, one row each
    assert sorted(sessions["date"].dt.date.astype(str)) == [d for d, _ in FIRST_LOG] + WEEK_3
    assert sessions["planned_hours"].sum() == 27  # typed: 9 sessions x 3 h (was 54: every shared session twice)
    assert sessions["hours"].sum() == 24  # typed: 8 sessions attended x 3 h (was 39)


def test_the_programme_report_s_weekly_dose_counts_each_session_once(overlapping):
    store, _pid, _earlier, _newer = overlapping
    report = programme_report(programme_data(store, as_of=D(2026, 1, 25)), "2026-01-05", "2026-01-25")
    row = report.tables["dose"].query("level == 'all'").iloc[0]
    assert (row["patient_weeks"], row["planned_hours"], row["delivered_hours"]) == (3, 27, 24)  # typed, as above
    # typed: the week of 5 Jan had 2 sessions attended, 6 h, under Level 2.1's 9 h/week; the weeks of 12 and 19 Jan
    # had 3 each, 9 h (was 3 of 3 weeks: the week of 5 Jan read as 12 h)
    assert (row["weeks_judged"], row["weeks_meeting_minimum"]) == (3, 2)


def test_the_attended_days_the_census_and_the_chart_read_hold_each_day_once(overlapping):
    store, pid, _earlier, _newer = overlapping
    logs = [r.item for r in store.current(pid, "attendance")]
    # typed: the 8 attended sessions of 5-23 Jan (9 Jan missed)
    days = ["2026-01-05", "2026-01-07", "2026-01-12", "2026-01-14", "2026-01-16", *WEEK_3]
    assert [str(d) for d in attended_days(logs)] == days  # was 13 days: the 5 attended in both logs twice
    episode = Episode.from_store(store, pid, as_of=D(2026, 1, 25))
    assert episode.last_seen == D(2026, 1, 23) and episode.programme is not None and episode.programme.in_programme
    assert episode.attendance is not None and episode.attendance.delivered() == 24  # typed: the newer plan's log
    assert episode.dose is not None and episode.dose.delivered == 24


def test_a_session_only_the_earlier_log_recorded_is_kept(tmp_path):
    """The newer log schedules 16 Jan but holds nothing for it (e.g. a partial session longer than the new plan's
    session, which the Dose page does not carry): the earlier log's record is read, never lost."""
    store = Store(tmp_path / "kept.sqlite")
    pid = store.add_patient("DEMO-08")
    first = schedule("2026-01-05", ["mon", "wed", "fri"], 3, 12, track="evening")
    later = schedule("2026-01-05", ["mon", "wed", "fri"], 3, 14, track="evening")
    store.save(pid, _log(first, FIRST_LOG), by="KM", when=D(2026, 1, 16))
    store.save(pid, _log(later, FIRST_LOG[:5]), by="KM", when=D(2026, 1, 19))
    sessions = programme_data(store, as_of=D(2026, 1, 16)).attendance
    assert len(sessions) == 6 and sessions["planned_hours"].sum() == 18  # typed: 6 sessions x 3 h
    assert sessions["hours"].sum() == 15  # typed: 5 attended x 3 h, 16 Jan's from the earlier log


def test_the_newer_log_s_record_of_a_shared_session_wins(tmp_path):
    """9 Jan corrected on the newer plan's log (attended, where the earlier log says missed): read once, as the newer
    log says."""
    store = Store(tmp_path / "newer.sqlite")
    pid = store.add_patient("DEMO-09")
    first = schedule("2026-01-05", ["mon", "wed", "fri"], 3, 12, track="evening")
    later = schedule("2026-01-05", ["mon", "wed", "fri"], 3, 14, track="evening")
    store.save(pid, _log(first, FIRST_LOG), by="KM", when=D(2026, 1, 16))
    corrected = [(d, "attended") for d, _ in FIRST_LOG]
    store.save(pid, _log(later, corrected), by="KM", when=D(2026, 1, 19))
    sessions = programme_data(store, as_of=D(2026, 1, 16)).attendance
    assert sessions["hours"].sum() == 18  # typed: 6 sessions x 3 h (was 33: 15 + 18)


# --- through the Dose page -------------------------------------------------------------------------------------------
TODAY = dt.date.today()
START = TODAY - dt.timedelta(days=TODAY.weekday() + 14)  # Monday two weeks ago
WEEK = dt.timedelta(weeks=1)


def _open(store, patient):
    from iopkit.widgets import dose_app

    app = dose_app(store)
    app.start()
    app.picker.choose.value = patient
    app.picker.clinician.value = "KM"
    return app


def _attend(app, day):
    app.session.value = day.isoformat()
    app.outcome.value = "attended"
    app.record.click()


def test_the_dose_page_s_log_for_a_newer_plan_is_counted_once(tmp_path):
    """Reproduced through the page: week 1 recorded on a 4-week plan (9 h/week, Mon/Wed/Fri, 3 h), the plan
    lengthened to 6 weeks, the Monday of week 2 recorded: the page saves a second log carrying week 1."""
    store = Store(tmp_path / "page.sqlite")
    pid = store.add_patient("IOP-0042")
    app = _open(store, pid)
    app.hours.value, app.weeks.value = 9, 4
    for name, button in app.days.items():
        button.value = name in ("Mon", "Wed", "Fri")
    app.track.value = "evening"
    app.first_day.value = START
    app.save_plan.click()
    for day in (START, START + dt.timedelta(days=2), START + dt.timedelta(days=4)):
        _attend(app, day)
    app.save_attendance.click()
    app.weeks.value = 6
    app.save_plan.click()
    app = _open(store, pid)
    _attend(app, START + WEEK)
    app.save_attendance.click()
    assert len(store.current(pid, "attendance")) == 2, app.status.value  # the earlier log kept as it was saved
    sessions = programme_data(store, as_of=START + WEEK).attendance
    assert len(sessions) == 4 and sessions["planned_hours"].sum() == 12  # typed: 4 sessions x 3 h (was 8 rows, 24 h)
    assert sessions["hours"].sum() == 12  # typed: 4 sessions attended x 3 h (was 21 h: week 1's 9 h twice)
