"""The dose page reads attendance as the continued-stay review does (session 19 and its clinician review, M1).

Planned to date counts the sessions held: recorded, or ended with no attendance recorded; today's session is not
counted before it ends (unless it is recorded). A session that has ended with no record is counted and named apart
from the sessions missed, never silently read as missed; the attendance is said over the session hours recorded and,
where it reads otherwise, with every unrecorded session counted as missed. The review's "Attendance used:" line says
the same words, on the progress page and on the printed summary. One reading of the log serves them all
(:meth:`iopkit.dose.Attendance.fractions`). Every number and sentence below is typed by hand.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from iopkit import score
from iopkit.dose import Attendance, DosePlan, progress, schedule
from iopkit.episode import Episode
from iopkit.placement import Placement, recommend
from iopkit.placement.levels import LevelOfCare
from iopkit.report.patient import patient_summary_html
from iopkit.widgets import dose_app, progress_app

from .conftest import clinic_time

MON = dt.date(2026, 11, 2)  # a Monday
TUE, WED = dt.date(2026, 11, 10), dt.date(2026, 11, 11)
# 12 h a week: Monday to Thursday, 3 h from 09:00 to 12:00 (the morning track), 3 weeks
PLAN = DosePlan(12, 3, sessions_per_week=4)
SCHED = schedule(MON, ["mon", "tue", "wed", "thu"], 3, 3)
# By Wednesday 11 Nov: Mon 2, Tue 3, Wed 4 and Mon 9 present, Thu 5 absent, Tue 10 never recorded, and Wednesday's
# own session (09:00-12:00) running at 10:00
MARKS = {
    dt.date(2026, 11, 2): "attended",
    dt.date(2026, 11, 3): "attended",
    dt.date(2026, 11, 4): "attended",
    dt.date(2026, 11, 5): "missed",
    dt.date(2026, 11, 9): "attended",
}
ONE_UNRECORDED = "80% of the session hours recorded (67% if the session with no attendance recorded was missed)"


def _log(marks, today=WED):
    log = Attendance(SCHED)
    for day, status in marks.items():
        log = log.record(day, status, today=today)
    return log


# --- the library: progress() and Attendance.fractions() ------------------------------------------------------------


def test_today_s_running_session_is_not_planned_to_date_and_the_unrecorded_one_is_counted_apart():
    p = progress(PLAN, _log(MARKS), WED, now=clinic_time(WED, 10))
    # 6 sessions held x 3 h = 18 h planned (Wednesday's, running, not counted: it was 21 h); 4 x 3 h = 12 h delivered
    assert (p.planned_to_date, p.delivered) == (18.0, 12.0)
    assert dict(p.counts) == {"attended": 4, "missed": 1, "partial": 0, "unrecorded": 1}  # it said 2 unrecorded
    a = p.attendance
    assert (a.recorded_hours, a.unrecorded, a.unrecorded_hours) == (15.0, (TUE,), 3.0)
    assert a.recorded == pytest.approx(0.8)  # 12 of the 15 h recorded
    assert a.if_missed == pytest.approx(0.6666667)  # 12 of 18 h
    assert p.percent == pytest.approx(66.66667)  # delivered / planned to date (it was 12 of 21 h: 57 %)
    assert a.said == ONE_UNRECORDED
    assert p.sessions_said == "4 attended, 1 missed, 0 partial; 1 session with no attendance recorded (Tue 10 Nov)"


def test_at_its_end_today_s_session_is_planned_and_unrecorded_until_its_roster_is_taken():
    p = progress(PLAN, _log(MARKS), WED, now=clinic_time(WED, 12))
    assert (p.planned_to_date, p.delivered, p.counts["unrecorded"]) == (21.0, 12.0, 2)
    assert p.attendance.if_missed == pytest.approx(0.5714286)  # 12 of 21 h
    assert p.attendance.said == (
        "80% of the session hours recorded (57% if the 2 sessions with no attendance recorded were missed)"
    )
    assert p.sessions_said == (
        "4 attended, 1 missed, 0 partial; 2 sessions with no attendance recorded (Tue 10 Nov, Wed 11 Nov)"
    )


def test_today_s_session_recorded_before_it_ends_is_held():
    p = progress(PLAN, _log({**MARKS, WED: "attended"}), WED, now=clinic_time(WED, 10))
    # 7 sessions held: 21 h planned, 15 h delivered of the 18 h recorded (83 %); 15 of 21 h if Tuesday was missed: 71 %
    assert (p.planned_to_date, p.delivered, p.counts["unrecorded"]) == (21.0, 15.0, 1)
    assert p.attendance.said == (
        "83% of the session hours recorded (71% if the session with no attendance recorded was missed)"
    )


def test_every_session_recorded_says_one_figure():
    p = progress(PLAN, _log({**MARKS, TUE: "attended"}), WED, now=clinic_time(WED, 10))
    # 5 present x 3 h = 15 h of 18 h: 83 %, nothing unrecorded
    assert (p.planned_to_date, p.delivered, p.percent) == (18.0, 15.0, pytest.approx(83.33333))
    assert p.attendance.said == "83% of the session hours recorded"
    assert p.sessions_said == "5 attended, 1 missed, 0 partial"


def test_nothing_recorded_is_unknown_and_every_ended_session_is_named():
    p = progress(PLAN, Attendance(SCHED), dt.date(2026, 11, 3), now=clinic_time(dt.date(2026, 11, 3), 12))
    assert (p.planned_to_date, p.percent, p.attendance.recorded) == (6.0, 0.0, None)
    assert p.attendance.said == "unknown"
    assert p.sessions_said == (
        "0 attended, 0 missed, 0 partial; 2 sessions with no attendance recorded (Mon 2 Nov, Tue 3 Nov)"
    )


def test_the_fractions_go_into_the_json():
    data = progress(PLAN, _log(MARKS), WED, now=clinic_time(WED, 10)).to_dict()
    assert data["attendance"]["unrecorded"] == ["2026-11-10"]
    assert (data["attendance"]["recorded_hours"], data["attendance"]["recorded"]) == (15.0, pytest.approx(0.8))


# --- the episode: the review and the dose read one log alike --------------------------------------------------------


def _saved(store, patient, log, as_of):
    """A placed IOP patient, PHQ-9 16 on the first day, ``PLAN`` and ``log`` saved."""
    store.save(patient, score("phq9", [2, 2, 2, 2, 2, 2, 2, 2, 0]), by="KM", when=MON)
    rec = recommend({1: 0, 2: 0, 3: 2, 4: 2, 5: 3, 6: 2})
    store.save(patient, Placement(rec, LevelOfCare.IOP, "clinical judgement"), by="KM", when=MON)
    store.save(patient, PLAN, by="KM", when=MON)
    store.save(patient, log, by="KM", when=as_of)


def test_the_review_and_the_dose_read_the_same_figures(store, patient):
    _saved(store, patient, _log(MARKS), WED)
    e = Episode.from_store(store, patient, as_of=WED, now=clinic_time(WED, 10))
    assert (e.dose.planned_to_date, e.dose.delivered, e.dose.counts["unrecorded"]) == (18.0, 12.0, 1)
    assert e.review_attendance == pytest.approx(0.8)
    history = e.review_read[0]
    assert history.attendance_if_missed == pytest.approx(0.6666667)
    assert history.unrecorded_sessions == (TUE,)
    assert e.attendance_used == ONE_UNRECORDED
    # this week: Mon 9 present, Tue 10 not recorded, Wednesday's session running (not held yet)
    w = e.this_week
    assert (w.scheduled_sessions, w.attended_sessions, w.scheduled_hours, w.delivered_hours) == (2, 1, 6.0, 3.0)
    assert w.unrecorded_sessions == 1  # it said 2, today's running session among them


def test_the_summary_says_the_dose_and_the_attendance_used_in_the_same_words(store, patient):
    _saved(store, patient, _log(MARKS, TUE), TUE)  # read on Tuesday 10 Nov, long after its session
    page = patient_summary_html(store, patient, generated="now", today=TUE)
    # walk24 11: the summary's one date style (was "2026-11-10")
    assert f"Delivered 12 h of 18 h planned to 10 Nov 2026: {ONE_UNRECORDED}." in page
    assert f"Attendance used: {ONE_UNRECORDED};" in page


# --- the pages: they show what the library says -------------------------------------------------------------------

TODAY = dt.date.today()
START = TODAY - dt.timedelta(days=TODAY.weekday() + 21)  # Monday three weeks ago: every session below has ended
PAGE_SCHED = schedule(START, ["mon", "tue", "wed"], 3, 2)
PAGE_PLAN = DosePlan(9, 2, sessions_per_week=3)


def _page_log():
    """Sessions 1-3 and 5 present, 4 absent, 6 never recorded."""
    days = [s.date for s in PAGE_SCHED.sessions]
    log = Attendance(PAGE_SCHED)
    for day, status in zip(days[:5], ("attended", "attended", "attended", "missed", "attended")):
        log = log.record(day, status, today=TODAY)
    return log, days[5]


def _text(value: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", value))


def test_the_dose_page_shows_planned_delivered_and_attendance_as_the_review(store, patient):
    log, unrecorded = _page_log()
    for item in (PAGE_PLAN, PAGE_SCHED, log):
        store.save(patient, item, by="seed")
    app = dose_app(store)
    app.start()
    app.picker.choose.value = patient
    app.picker.clinician.value = "KM"
    view = _text(app.progress_view.value)
    # 6 sessions x 3 h = 18 h planned, 12 h delivered of the 15 h recorded
    assert "18 h" in view and "12 h" in view
    assert ONE_UNRECORDED in view
    assert f"4 attended, 1 missed, 0 partial; 1 session with no attendance recorded ({unrecorded:%a} " in view
    assert "Delivered / planned" not in view and "1 unrecorded" not in view


def test_the_progress_page_shows_the_dose_and_the_review_s_attendance_in_the_same_words(store, patient):
    log, _ = _page_log()
    rec = recommend({1: 0, 2: 0, 3: 2, 4: 2, 5: 3, 6: 2})
    store.save(patient, score("phq9", [2, 2, 2, 2, 2, 2, 2, 2, 0]), by="KM", when=START)
    store.save(patient, Placement(rec, LevelOfCare.IOP, "clinical judgement"), by="KM", when=START)
    for item in (PAGE_PLAN, PAGE_SCHED, log):
        store.save(patient, item, by="seed")
    app = progress_app(store)
    app.start()
    app.picker.choose.value = patient
    app.picker.clinician.value = "KM"
    attendance = _text(app.attendance_view.value)
    assert "18 h" in attendance and ONE_UNRECORDED in attendance
    assert f"Attendance used: {ONE_UNRECORDED};" in _text(app.review_view.value)
