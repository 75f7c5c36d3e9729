"""Reopening a patient's dose plan: the saved plan, schedule and attendance come back when the patient is chosen.

A counsellor plans the dose in week 1 and comes back the next week to record attendance: choosing the
patient loads the newest saved plan, schedule and attendance log, shows the progress as of today, and saving
the attendance again makes the next version of that log (the store's append-only amendment), not a duplicate.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import uuid

import pytest

from iopkit.demo import build_demo_db
from iopkit.dose import Attendance, DosePlan, progress, schedule
from iopkit.entry import clinical_day
from iopkit.store import Store
from iopkit.widgets import dose_app
from iopkit.widgets.dose import ATTENDANCE_UPDATED, next_monday

from .conftest import DASHBOARDS, assert_no_callback_failures, open_dashboard

TODAY = dt.date.today()
START = TODAY - dt.timedelta(days=TODAY.weekday() + 14)  # Monday two weeks ago: this is week 3 of the plan
TUE, THU = START + dt.timedelta(days=1), START + dt.timedelta(days=3)
WEEK = dt.timedelta(weeks=1)
SKIP = TUE + 2 * WEEK  # a holiday on the Tuesday of week 3


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "clinic.sqlite") as opened:
        yield opened


@pytest.fixture
def patient(store):
    return store.add_patient("IOP-0042")


def _open(store, patient, initials="KM"):
    app = dose_app(store)
    app.start()
    app.picker.choose.value = patient
    app.picker.clinician.value = initials
    return app


def _record(app, day, outcome="attended", hours=0.0):
    app.session.value = day.isoformat()
    app.outcome.value = outcome
    app.partial.value = hours
    app.record.click()


def _status(app) -> str:
    """The status area's text, as the counsellor reads it."""
    return html.unescape(re.sub(r"<[^>]+>", "", app.status.value))


@pytest.fixture
def week_one(store, patient):
    """Week 1 through the page: 10 h/week x 8 weeks, Tue/Thu evenings, a holiday; three sessions recorded."""
    app = _open(store, patient)
    app.hours.value, app.weeks.value = 10, 8
    for name, button in app.days.items():
        button.value = name in ("Tue", "Thu")
    app.track.value = "evening"
    app.first_day.value = START
    app.skip.value = SKIP.isoformat()
    app.save_plan.click()
    _record(app, TUE)
    _record(app, THU, "partial", 2.5)
    _record(app, TUE + WEEK, "missed")
    app.save_attendance.click()
    assert "Saved attendance, version 1 (7.5 h delivered)" in _status(app)
    return app


def test_choosing_the_patient_restores_the_saved_plan_fields_attendance_and_progress_as_of_today(
    store, patient, week_one
):
    app = _open(store, patient)
    assert (10.0, 8, ["Tue", "Thu"], "evening", START, SKIP.isoformat()) == (
        app.hours.value,
        app.weeks.value,
        app.chosen_days(),
        app.track.value,
        app.first_day.value,
        app.skip.value,
    )
    assert (app.plan, app.schedule, app.attendance) == (week_one.plan, week_one.schedule, week_one.attendance)
    assert "80 h planned" in app.plan_view.value and "15 sessions" in app.plan_view.value  # 16 less the holiday
    status = _status(app)
    assert status.startswith("Loaded the plan saved on ") and "by KM" in status and "for IOP-0042" in status
    assert "the attendance saved on" in status and "(version 1, 3 sessions recorded)" in status
    # today read as the test runs, not when it was collected (a run crossing midnight): the plan's dates above hold
    # on either day
    assert clinical_day() == app.as_of.value
    expected = progress(app.plan, app.attendance, app.as_of.value)
    view = app.progress_view.value
    assert "7.5 h" in view and "1 attended, 1 missed, 1 partial" in view
    assert expected.projected_completion.isoformat() in view
    assert "delivered 7.5 h" in app.chart.value


def test_saving_attendance_again_amends_the_loaded_log_as_its_next_version(store, patient, week_one):
    app = _open(store, patient, initials="RD")
    _record(app, THU + WEEK)
    app.save_attendance.click()
    first, second = store.history(patient, "attendance")
    assert (1, 2) == (first.version, second.version)
    assert (first.id, ATTENDANCE_UPDATED, "RD") == (second.amends, second.reason, second.by)
    assert second.id == store.latest(patient, "attendance").id and first.superseded_by == second.id
    assert 12.5 == second.item.delivered() and 4 == len(second.item.records)
    assert "Saved attendance, version 2 (12.5 h delivered)" in _status(app)
    _record(app, TUE + WEEK)  # corrected: attended, not missed (a session in the future cannot be recorded)
    app.save_attendance.click()
    assert [1, 2, 3] == [r.version for r in store.history(patient, "attendance")]
    assert second.id == store.latest(patient, "attendance").amends


def test_attendance_for_a_session_in_the_future_is_refused_with_the_reason(store, patient, week_one):
    app = _open(store, patient)
    future = TUE + 3 * WEEK  # always after today: week 4 of a plan that started two weeks ago
    _record(app, future)
    assert "is in the future" in _status(app)
    assert future not in [r.date for r in app.attendance.records]


def test_saving_unchanged_attendance_writes_nothing(store, patient, week_one):
    app = _open(store, patient)
    app.save_attendance.click()
    assert "Nothing to save" in _status(app)
    assert 1 == len(store.history(patient, "attendance"))


def test_a_log_updated_elsewhere_since_loading_is_not_overwritten(store, patient, week_one):
    mine, theirs = _open(store, patient), _open(store, patient, initials="RD")
    _record(theirs, THU + WEEK)
    theirs.save_attendance.click()
    _record(mine, THU + WEEK, "missed")
    mine.save_attendance.click()
    assert "Newer attendance for IOP-0042 was saved" in _status(mine)
    assert 2 == len(store.history(patient, "attendance"))
    assert "attended" == store.latest(patient, "attendance").item.records[-1].status


def test_a_patient_with_nothing_saved_gets_the_defaults_said_plainly(store, patient, week_one):
    other = store.add_patient("IOP-0043")
    app = _open(store, patient)
    app.picker.choose.value = other  # from a loaded plan to a patient with none: nothing carries over
    assert (9.0, 12, ["Mon", "Wed", "Fri"], "morning", next_monday(), "") == (
        app.hours.value,
        app.weeks.value,
        app.chosen_days(),
        app.track.value,
        app.first_day.value,
        app.skip.value,
    )
    assert "No dose plan saved for IOP-0043 yet: the page shows the default plan (9 h/week × 12 weeks" in _status(app)
    assert () == app.attendance.records and "108 h planned" in app.plan_view.value
    app.save_attendance.click()
    assert 1 == store.history(other, "attendance")[0].version  # its own log, not an amendment of IOP-0042's


def test_attendance_for_an_earlier_schedule_is_carried_over_and_saved_as_a_new_record(store, patient, week_one):
    week_one.weeks.value = 10  # a longer plan: a new schedule
    week_one.save_plan.click()
    app = _open(store, patient)
    assert 10 == app.weeks.value and app.attendance.records == week_one.attendance.records
    assert app.attendance.schedule == store.latest(patient, "schedule").item
    assert "is for an earlier schedule: its sessions that are in this plan are shown" in _status(app)
    _record(app, THU + WEEK)
    app.save_attendance.click()
    assert [(1, None), (1, None)] == [(r.version, r.amends) for r in store.history(patient, "attendance")]


def test_a_plan_the_fields_cannot_show_is_shown_as_saved_with_a_note(store, patient):
    sched = schedule(START, ["mon", "wed", "fri"], 3, 12, track="07:30")  # no such track on the page
    for item in (DosePlan(9, 12, sessions_per_week=3), sched, Attendance(sched).record(START, "attended")):
        store.save(patient, item, by="seed")
    app = _open(store, patient)
    assert app.schedule == sched and 3 == app.attendance.delivered()
    assert "07:30-10:30" in app.plan_view.value
    assert "some saved settings cannot be shown in the fields above" in _status(app)


def test_changing_a_field_keeps_the_attendance_that_still_fits_the_plan(store, patient, week_one):
    app = _open(store, patient)
    app.first_day.value = START + WEEK  # week 1's sessions fall before the plan now
    assert [TUE + WEEK] == [r.date for r in app.attendance.records]
    assert "2 recorded session(s) do not fit this plan" in app.plan_view.value
    app.first_day.value = START
    assert app.attendance == week_one.attendance


def test_widget_values_are_checked_by_the_library_after_loading(store, patient, week_one):
    app = _open(store, patient)
    _record(app, THU + WEEK, "partial", 99)
    assert "partial attendance on" in _status(app) and "must be under the session's 5 h (got 99)" in _status(app)
    assert app.attendance == week_one.attendance


def test_every_demo_patient_reopens_exactly_as_saved(tmp_path):
    with Store(build_demo_db(tmp_path / "demo.sqlite", programme=False)) as demo:
        app = dose_app(demo)
        app.start()
        for p in demo.patients():
            app.picker.choose.value = p.id
            assert "cannot be shown" not in _status(app) and _status(app).startswith("Loaded the plan")
            assert app.attendance == demo.latest(p.id, "attendance").item


# --- in the browser ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def session_store(demo_db):
    with Store(demo_db) as opened:
        yield opened


@pytest.mark.browser
def test_browser_reopened_plan_shows_its_total_hours_and_attendance_in_progress(voila, page, session_store):
    name = f"BT-REOPEN-{uuid.uuid4().hex[:6]}"
    pid = session_store.add_patient(name)
    sched = schedule(START, ["tue", "thu"], 5, 8, track="evening")
    log = Attendance(sched).record(TUE, "attended").record(THU, "missed").record(TUE + WEEK, "attended")
    for item in (DosePlan(10, 8, sessions_per_week=2), sched, log):
        session_store.save(pid, item, by="seed")
    server = voila(DASHBOARDS)
    open_dashboard(server, page, "03_dose_planner.ipynb", ".iop-dose .iop-plan-summary")
    page.locator(".iop-clinician input").fill("KM")
    page.locator(".iop-patient select").select_option(label=name)
    page.wait_for_selector(".iop-status-ok:has-text('Loaded the plan saved on')")
    assert "by seed" in page.inner_text(".iop-status") and "3 sessions recorded" in page.inner_text(".iop-status")
    assert "80 h planned" in page.inner_text(".iop-total-hours")
    assert "10" == page.locator(".iop-hours-per-week input").input_value()
    table = page.inner_text(".iop-progress-table")
    assert "2 attended, 1 missed" in table and "10 h" in table
    page.locator(".iop-session select").select_option(label=f"{THU + WEEK:%a %d %b %Y} 18:00")
    page.get_by_role("button", name="Record attendance").click()
    page.wait_for_selector(".iop-progress-table:has-text('3 attended, 1 missed')")
    page.get_by_role("button", name="Save attendance").click()
    page.wait_for_selector(".iop-status-ok:has-text('Saved attendance, version 2 (15 h delivered)')")
    assert "Traceback" not in page.content()
    assert_no_callback_failures(server)
