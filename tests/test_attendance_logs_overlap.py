"""Overlapping attendance logs: each session counted once (code-read follow-up of walk23 finding 13).

When a newer plan is saved, the Dose page starts a new attendance log for it and carries the earlier log's sessions
that fall on the new plan into it; the earlier log stays as it was saved.  Both are current records, so a reader
summing over every log (the programme report's planned and delivered hours, its weeks meeting the level's minimum, the
attended days the census and the caseload read) counted the carried sessions twice.  The rule
(:func:`iopkit.dose.logs.sessions_once`): each session day is read from one log, the newest one recording it, or the
newest one scheduling it when none records it; and a newer plan takes over from the first session on its schedule
(the lead engineer's ruling): a replaced plan's sessions from that day on are no longer planned unless a log recorded
them.

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


# --- a newer plan on other weekdays takes over from its first session (the lead engineer's ruling) -------------------
# Mon/Wed/Fri 3 h from Mon 5 Jan 2026 for 4 weeks, replaced by Tue/Thu 3 h from Tue 13 Jan 2026: the replaced plan's
# sessions from 13 Jan on are no longer planned unless a log recorded them; those before 13 Jan stay as they were.
OLD_MARKS = [("2026-01-05", "attended"), ("2026-01-07", "attended"), ("2026-01-12", "attended")]  # 9 Jan not recorded
NEW_MARKS = [("2026-01-13", "attended"), ("2026-01-15", "attended")]


def _replaced(tmp_path, old_marks):
    """The old plan's log saved 14 Jan with ``old_marks``, the newer plan's log saved 15 Jan with 13 and 15 Jan."""
    store = Store(tmp_path / "replaced.sqlite")
    pid = store.add_patient("DEMO-10")
    store.save(pid, Placement(recommend(IOP)), by="KM", when=D(2026, 1, 5))
    store.save(pid, DosePlan(9, 4, sessions_per_week=3), by="KM", when=D(2026, 1, 5))
    old = schedule("2026-01-05", ["mon", "wed", "fri"], 3, 4, track="evening")
    store.save(pid, old, by="KM", when=D(2026, 1, 5))
    store.save(pid, _log(old, old_marks), by="KM", when=D(2026, 1, 14))
    store.save(pid, DosePlan(6, 4, sessions_per_week=2), by="KM", when=D(2026, 1, 13))
    new = schedule("2026-01-13", ["tue", "thu"], 3, 4, track="evening")
    store.save(pid, new, by="KM", when=D(2026, 1, 13))
    store.save(pid, _log(new, NEW_MARKS), by="KM", when=D(2026, 1, 15))
    return store, pid


def _week(sessions, monday, column):
    days = sessions["date"].dt.date
    return sessions.loc[(days >= monday) & (days < monday + dt.timedelta(days=7)), column].sum()


def test_a_replaced_plan_s_unrecorded_sessions_after_the_newer_plan_starts_are_not_planned(tmp_path):
    store, _pid = _replaced(tmp_path, OLD_MARKS)
    sessions = programme_data(store, as_of=D(2026, 1, 18)).attendance
    # typed: 5, 7, 9 and 12 Jan from the old plan (before 13 Jan; 9 Jan still planned, not recorded), 13 and 15 Jan
    # from the newer one; no 14 or 16 Jan (were planned 3 h, delivered 0)
    assert sorted(sessions["date"].dt.date.astype(str)) == [
        "2026-01-05",
        "2026-01-07",
        "2026-01-09",
        "2026-01-12",
        "2026-01-13",
        "2026-01-15",
    ]
    assert _week(sessions, D(2026, 1, 5), "planned_hours") == 9  # typed: Mon/Wed/Fri x 3 h
    assert _week(sessions, D(2026, 1, 12), "planned_hours") == 9  # typed: Mon 12 + Tue 13 + Thu 15, 3 h each (was 15)
    assert _week(sessions, D(2026, 1, 12), "hours") == 9  # typed: the three attended


def test_the_programme_report_s_dose_reads_the_newer_plan_from_its_first_session(tmp_path):
    store, _pid = _replaced(tmp_path, OLD_MARKS)
    report = programme_report(programme_data(store, as_of=D(2026, 1, 18)), "2026-01-05", "2026-01-18")
    row = report.tables["dose"].query("level == 'all'").iloc[0]
    # typed: 6 sessions x 3 h planned (was 24: 14 and 16 Jan too), 5 attended x 3 h
    assert (row["patient_weeks"], row["planned_hours"], row["delivered_hours"]) == (2, 18, 15)
    # typed: week of 5 Jan 6 h (9 Jan not recorded), under Level 2.1's 9 h; week of 12 Jan 9 h
    assert (row["weeks_judged"], row["weeks_meeting_minimum"]) == (2, 1)


def test_a_replaced_plan_s_session_recorded_attended_after_the_newer_plan_starts_is_counted(tmp_path):
    store, pid = _replaced(tmp_path, [*OLD_MARKS, ("2026-01-14", "attended")])
    sessions = programme_data(store, as_of=D(2026, 1, 18)).attendance
    fourteenth = sessions[sessions["date"].dt.date == D(2026, 1, 14)]
    assert (len(fourteenth), fourteenth["planned_hours"].sum(), fourteenth["hours"].sum()) == (1, 3, 3)  # typed
    assert D(2026, 1, 16) not in set(sessions["date"].dt.date)  # typed: not recorded, no longer planned
    assert _week(sessions, D(2026, 1, 12), "planned_hours") == 12  # typed: 12, 13, 14, 15 Jan x 3 h
    assert _week(sessions, D(2026, 1, 12), "hours") == 12  # typed: the four attended
    logs = [r.item for r in store.current(pid, "attendance")]
    days = ["2026-01-05", "2026-01-07", "2026-01-12", "2026-01-13", "2026-01-14", "2026-01-15"]  # typed
    assert [str(d) for d in attended_days(logs)] == days  # the census and the caseload read these


def test_a_replaced_plan_s_session_recorded_missed_after_the_newer_plan_starts_is_counted(tmp_path):
    store, _pid = _replaced(tmp_path, [*OLD_MARKS, ("2026-01-16", "missed")])
    sessions = programme_data(store, as_of=D(2026, 1, 18)).attendance
    sixteenth = sessions[sessions["date"].dt.date == D(2026, 1, 16)]
    # typed: a recorded miss is never dropped: planned 3 h, 0 h delivered
    assert (len(sixteenth), sixteenth["planned_hours"].sum(), sixteenth["hours"].sum()) == (1, 3, 0)
    assert D(2026, 1, 14) not in set(sessions["date"].dt.date)  # typed: not recorded, no longer planned


def test_the_chart_and_the_report_say_the_same_planned_hours_of_the_newer_plan(tmp_path):
    store, pid = _replaced(tmp_path, OLD_MARKS)
    episode = Episode.from_store(store, pid, as_of=D(2026, 1, 18))
    assert episode.dose is not None and episode.dose.planned_to_date == 6  # typed: 13 and 15 Jan x 3 h
    sessions = programme_data(store, as_of=D(2026, 1, 18)).attendance
    from_13 = sessions[sessions["date"].dt.date >= D(2026, 1, 13)]
    assert from_13["planned_hours"].sum() == 6  # typed: the same (was 12: 14 and 16 Jan of the replaced plan)


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


def test_the_dose_page_s_newer_plan_on_other_weekdays_takes_over_from_its_first_session(tmp_path):
    """Through the page: Mon/Wed/Fri 3 h from Mon 5 Jan 2026 for 4 weeks, 5-12 Jan recorded; a Tue/Thu 3 h plan from
    Tue 13 Jan saved, 13 and 15 Jan recorded: the page saves a log for it, the old one kept as saved."""
    store = Store(tmp_path / "weekdays.sqlite")
    pid = store.add_patient("IOP-0043")
    app = _open(store, pid)
    app.hours.value, app.weeks.value = 9, 4
    for name, button in app.days.items():
        button.value = name in ("Mon", "Wed", "Fri")
    app.track.value = "evening"
    app.first_day.value = D(2026, 1, 5)
    app.save_plan.click()
    for day in (5, 7, 9, 12):
        _attend(app, D(2026, 1, day))
    app.save_attendance.click()
    app.hours.value = 6
    for name, button in app.days.items():
        button.value = name in ("Tue", "Thu")
    app.first_day.value = D(2026, 1, 13)
    app.save_plan.click()
    app = _open(store, pid)
    for day in (13, 15):
        _attend(app, D(2026, 1, day))
    app.save_attendance.click()
    assert len(store.current(pid, "attendance")) == 2, app.status.value
    sessions = programme_data(store, as_of=D(2026, 1, 18)).attendance
    # typed: 5, 7, 9, 12 Jan of the old plan and 13, 15 Jan of the newer, all attended, 3 h each (was 8 rows, 24 h
    # planned: 14 and 16 Jan of the old plan too)
    assert len(sessions) == 6 and sessions["planned_hours"].sum() == 18 and sessions["hours"].sum() == 18
