"""A database written by the old roster bug (walk23 finding 13): a roster session for a patient whose plan had ended
wrote a second attendance record, on the group's calendar, that amends nothing and hid every earlier delivered
session (code-read follow-up 4).  Saving such a session is refused since; a database that holds one is not repaired.

Reading cannot merge the two logs into one honestly: one log holds one schedule of at most 52 weeks, and the union of
a plan ended 29 Mar 2026 and a group calendar from 25 Nov 2026 spans the eight months without a plan, which the dose
reading would count as weeks below the level's minimum; and a newer plan's first session legitimately starts a second
log (:func:`iopkit.dose.groups.roster_log`), so "every current attendance record" is not one log either.  These tests
keep the database's shape and what it reads as today.

The repair (:mod:`iopkit.dose.off_plan`): the stray log is found as a log off the plans (a session on a day no saved
plan has, a plan having been saved by then), left out of the chart's attendance so that it no longer hides the plan's
own log, said on the Dose page with what to do, and corrected only by an amendment with the clinician's reason: moved
onto a plan saved since that covers it (the patient was in care), or withdrawn (recorded in error).  The chart never
reads the two logs as one (21 h): see the docstring above.
"""

from __future__ import annotations

import datetime as dt
import html

import pytest

from iopkit.dose import Attendance, DosePlan, Group, schedule
from iopkit.dose.groups import roster_log
from iopkit.dose.off_plan import correct_off_plan, off_plan_logs
from iopkit.episode import Episode
from iopkit.errors import DosePlanError, StoreError
from iopkit.report import programme_data
from iopkit.store import Store

TODAY = dt.date(2026, 12, 4)
STRAY_DAY = dt.date(2026, 11, 25)  # a Wednesday, eight months after the plan ended


@pytest.fixture(autouse=True)
def clinic_day(monkeypatch):
    """The clinic's today is TODAY, never the machine's clock (correct_off_plan's default day and its refusal)."""
    import iopkit.entry as entry

    real = entry.clinical_day
    monkeypatch.setattr(entry, "clinical_day", lambda when=None: TODAY if when is None else real(when))


@pytest.fixture
def stray(tmp_path):
    """A patient with a 12-week IOP plan from Mon 5 Jan 2026 (Mon/Wed/Fri, 3 h), its first six sessions attended,
    then the old roster's second log: the group's calendar from 25 Nov 2026 with that session attended."""
    store = Store(tmp_path / "stray.sqlite")
    pid = store.add_patient("DEMO-01")
    plan = DosePlan(9, 12, sessions_per_week=3)
    sessions = schedule("2026-01-05", ["mon", "wed", "fri"], 3, 12, track="evening")
    store.save(pid, plan, by="KM", when=dt.date(2026, 1, 5))
    store.save(pid, sessions, by="KM", when=dt.date(2026, 1, 5))
    log = Attendance(sessions)
    for s in sessions.sessions[:6]:
        log = log.record(s.date, "attended")
    earlier = store.save(pid, log, by="KM", when=dt.date(2026, 1, 16))
    group = Group("Early recovery PM", "evening", ["mon", "wed", "fri"], 3, "KM", members=(pid,))
    calendar = roster_log(group, STRAY_DAY).log  # the log the old roster wrote: no plan was asked for
    stray_id = store.save(pid, calendar.record(STRAY_DAY, "attended"), by="KM", when=STRAY_DAY)
    return store, pid, earlier, stray_id


def test_the_stray_log_is_a_second_current_record_amending_nothing(stray):
    store, pid, earlier, stray_id = stray
    current = [r.id for r in store.current(pid, "attendance")]
    assert current == [earlier, stray_id] and store.latest(pid, "attendance").amends is None


def test_the_programme_report_reads_both_logs(stray):
    store, pid, _earlier, _stray = stray
    attended = programme_data(store).attendance
    attended = attended[attended["hours"] > 0]
    # typed: six sessions of 5-16 Jan 2026 and the roster's of 25 Nov 2026, 3 h each
    assert sorted(attended["date"].dt.date.astype(str)) == [
        "2026-01-05",
        "2026-01-07",
        "2026-01-09",
        "2026-01-12",
        "2026-01-14",
        "2026-01-16",
        "2026-11-25",
    ]


JAN = [
    "2026-01-05",
    "2026-01-07",
    "2026-01-09",
    "2026-01-12",
    "2026-01-14",
    "2026-01-16",
]


def _attended_days(store):
    attended = programme_data(store).attendance
    return sorted(attended[attended["hours"] > 0]["date"].dt.date.astype(str))


# Changed from a strict xfail expecting 21 h (7 sessions) on the chart (032f3c7): the chart cannot read the two logs
# as one (this module's docstring, code-read follow-up 4); it reads the plan's own log again and names the stray
# session apart, to be corrected by an amendment (the repair of walk23 finding 13).
def test_the_chart_shows_the_sessions_the_stray_log_hides_and_names_the_stray_session(stray):
    store, pid, earlier, stray_id = stray
    episode = Episode.from_store(store, pid, as_of=TODAY)
    assert episode.attendance is not None and episode.attendance.delivered() == 18  # typed: 6 sessions x 3 h
    assert [str(r.date) for r in episode.attendance.records] == JAN
    (off,) = episode.off_plan
    # typed: the plan's 12 weeks from Mon 5 Jan 2026 end Sun 29 Mar 2026; the stray session 25 Nov 2026, 3 h
    assert (off.record_id, off.days, off.hours, off.where) == (
        stray_id,
        (STRAY_DAY,),
        3,
        "the plan ended 29 Mar 2026",
    )
    assert off.said.startswith(
        f"Attendance record {stray_id} (saved by KM) holds the session of 25 Nov 2026, 3 h delivered, on no saved "
        "plan: the plan ended 29 Mar 2026. It is left out of the chart's attendance and dose"
    )
    assert "save a plan that covers it" in off.said and "withdraw it" in off.said and "your reason" in off.said
    assert episode.last_seen == STRAY_DAY  # the patient was on site that day: never dropped from "last seen"
    assert episode.dose is not None and episode.dose.delivered == 18


def test_withdrawn_as_recorded_in_error_by_an_amendment_with_a_reason(stray):
    store, pid, earlier, stray_id = stray
    with pytest.raises(StoreError, match="needs a reason"):
        correct_off_plan(store, pid, stray_id, by="KM", reason=" ", when=TODAY)
    new = correct_off_plan(store, pid, stray_id, by="KM", reason="DEMO-01 was not in the group that day", when=TODAY)
    amended = store.record(new)
    assert (amended.amends, amended.reason, amended.item.records) == (
        stray_id,
        "DEMO-01 was not in the group that day",
        (),
    )
    assert store.record(stray_id).superseded_by == new  # the stray log kept in the history, never rewritten
    episode = Episode.from_store(store, pid, as_of=TODAY)
    assert episode.off_plan == () and episode.attendance is not None and episode.attendance.delivered() == 18
    assert _attended_days(store) == JAN  # the withdrawn session no longer counted by the programme report


def test_the_correction_is_dated_the_day_given_or_the_clinic_s_today_never_a_later_day(stray):
    store, pid, _earlier, stray_id = stray
    with pytest.raises(DosePlanError, match=r"05 Dec 2026 is after today \(04 Dec 2026\)"):  # typed: TODAY + 1
        correct_off_plan(store, pid, stray_id, by="KM", reason="not in the group", when=dt.date(2026, 12, 5))
    with pytest.raises(DosePlanError, match="when must be a date"):
        correct_off_plan(store, pid, stray_id, by="KM", reason="not in the group", when="2026-12-01")
    assert store.record(stray_id).superseded_by is None  # nothing saved
    dated = correct_off_plan(store, pid, stray_id, by="KM", reason="not in the group", when=dt.date(2026, 11, 30))
    assert store.record(dated).taken_at == dt.date(2026, 11, 30)  # the day given, not the machine's clock


def test_the_correction_is_never_dated_before_the_session_it_corrects(stray):
    """Attendance cannot be recorded before the session took place: nor corrected (the stray session is Wed 25 Nov)."""
    store, pid, _earlier, stray_id = stray
    with pytest.raises(DosePlanError) as refused:
        correct_off_plan(store, pid, stray_id, by="KM", reason="not in the group", when=dt.date(2026, 11, 24))
    assert str(refused.value) == (  # typed from record_day's words
        "24 Nov 2026 is before the session (25 Nov 2026): enter the day it was recorded, the session's day or later."
    )
    assert (refused.value.item, refused.value.allowed) == ("when", "from 2026-11-25 up to 2026-12-04")  # typed
    assert store.record(stray_id).superseded_by is None  # nothing saved
    dated = correct_off_plan(store, pid, stray_id, by="KM", reason="not in the group", when=STRAY_DAY)
    assert store.record(dated).taken_at == dt.date(2026, 11, 25)  # typed: the session's own day is taken


def test_the_correction_defaults_to_the_clinic_s_today(stray):
    store, pid, _earlier, stray_id = stray
    new = correct_off_plan(store, pid, stray_id, by="KM", reason="DEMO-01 was not in the group that day")
    assert store.record(new).taken_at == dt.date(2026, 12, 4)  # typed: the clinic's today (TODAY), a day


def test_moved_onto_a_plan_saved_since_that_covers_it(stray):
    store, pid, earlier, stray_id = stray
    with pytest.raises(DosePlanError, match="has no session on 25 Nov 2026"):  # the ended plan does not cover it
        correct_off_plan(
            store, pid, stray_id, by="KM", reason="in care", plan=store.latest(pid, "schedule").id, when=TODAY
        )
    # a continued-service plan from Mon 23 Nov 2026, evening, Mon/Wed/Fri 3 h: Wed 25 Nov is its session
    store.save(pid, DosePlan(9, 12, sessions_per_week=3), by="KM", when=dt.date(2026, 11, 23))
    later = store.save(
        pid, schedule("2026-11-23", ["mon", "wed", "fri"], 3, 12, track="evening"), by="KM", when=dt.date(2026, 11, 23)
    )
    # a plan saved since does not correct the stray log: an amendment does
    (off,) = off_plan_logs(store.current(pid, "attendance"), store.history(pid, "schedule"))
    assert off.record_id == stray_id
    new = correct_off_plan(
        store, pid, stray_id, by="KM", reason="readmitted 23 Nov; plan saved late", plan=later, when=TODAY
    )
    moved = store.record(new)
    assert moved.amends == stray_id and moved.item.schedule == store.record(later).item
    assert [(str(r.date), r.hours) for r in moved.item.records] == [("2026-11-25", 3)]
    episode = Episode.from_store(store, pid, as_of=TODAY)
    assert episode.attendance is not None and episode.attendance.delivered() == 3  # the newer plan's own log
    assert store.record(earlier).superseded_by is None  # the earlier plan's log as it was
    assert _attended_days(store) == [*JAN, "2026-11-25"]


def test_only_a_log_off_the_plans_can_be_corrected(stray):
    store, pid, earlier, _stray = stray
    with pytest.raises(DosePlanError, match="nothing to correct"):
        correct_off_plan(store, pid, earlier, by="KM", reason="wrong log", when=TODAY)


def test_a_newer_plan_s_first_log_is_the_chart_s_and_is_not_off_the_plans(tmp_path):
    """The legitimate second log (:func:`iopkit.dose.groups.roster_log`: a newer plan's first session) is read as
    before."""
    store = Store(tmp_path / "newer.sqlite")
    pid = store.add_patient("DEMO-02")
    first = schedule("2026-01-05", ["mon", "wed", "fri"], 3, 12, track="evening")
    store.save(pid, DosePlan(9, 12, sessions_per_week=3), by="KM", when=dt.date(2026, 1, 5))
    store.save(pid, first, by="KM", when=dt.date(2026, 1, 5))
    store.save(pid, Attendance(first).record("2026-01-05", "attended"), by="KM", when=dt.date(2026, 1, 5))
    later = schedule("2026-11-23", ["mon", "wed", "fri"], 3, 12, track="evening")
    store.save(pid, DosePlan(9, 12, sessions_per_week=3), by="KM", when=dt.date(2026, 11, 23))
    store.save(pid, later, by="KM", when=dt.date(2026, 11, 23))
    group = Group("Early recovery PM", "evening", ["mon", "wed", "fri"], 3, "KM", members=(pid,))
    found = roster_log(group, STRAY_DAY, Attendance(first), later)
    assert not found.continues  # a new log for the newer plan
    store.save(pid, found.log.record(STRAY_DAY, "attended"), by="KM", when=STRAY_DAY)
    episode = Episode.from_store(store, pid, as_of=TODAY)
    assert episode.off_plan == () and episode.attendance is not None and episode.attendance.delivered() == 3


def test_a_group_log_saved_before_any_plan_is_not_off_the_plans(tmp_path):
    """A roster with no plan saved writes a log on the group's calendar (roster_log): kept and read, a plan saved
    later notwithstanding."""
    store = Store(tmp_path / "noplan.sqlite")
    pid = store.add_patient("DEMO-03")
    group = Group("Early recovery PM", "evening", ["mon", "wed", "fri"], 3, "KM", members=(pid,))
    calendar = roster_log(group, STRAY_DAY).log
    store.save(pid, calendar.record(STRAY_DAY, "attended"), by="KM", when=STRAY_DAY)
    store.save(pid, DosePlan(9, 12, sessions_per_week=3), by="KM", when=TODAY)
    store.save(pid, schedule("2026-12-07", ["mon", "wed", "fri"], 3, 12, track="evening"), by="KM", when=TODAY)
    episode = Episode.from_store(store, pid, as_of=TODAY)
    assert episode.off_plan == () and episode.attendance is not None and episode.attendance.delivered() == 3


def test_the_dose_page_reads_the_plan_s_log_says_the_stray_one_and_withdraws_it(stray):
    from iopkit.widgets import dose_app

    store, pid, _earlier, stray_id = stray
    app = dose_app(store)
    app.start()
    app.picker.choose.value = pid
    app.picker.clinician.value = "KM"
    assert app._log_record is not None and app._log_record.id == _earlier  # the plan's own log, not the stray
    assert app.off_plan_box.layout.display is None
    said = html.unescape(app.off_plan.value)
    assert f"Attendance record {stray_id} (saved by KM) holds the session of 25 Nov 2026" in said
    assert 'class="iop-flag-warning"' in app.off_plan.value
    app.withdraw_off_plan.click()  # no reason: nothing saved
    assert "Give the reason for the correction" in app.status.value
    assert store.record(stray_id).superseded_by is None
    app.off_plan_reason.value = "DEMO-01 was not in the group that day"
    app.withdraw_off_plan.click()
    assert store.record(stray_id).superseded_by is not None, app.status.value
    assert "Saved the correction of attendance record" in html.unescape(app.status.value)
    assert app.off_plan_box.layout.display == "none"


def test_the_roster_adds_nothing_to_the_stray_log(stray):
    """The roster read the newest log, the stray one, and went on adding the group's sessions to it (its calendar
    has them); it reads the chart's log now, so a session no plan covers is refused as for any member past their
    plan."""
    from iopkit.widgets.groups import uncovered

    store, pid, _earlier, _stray = stray
    group = Group("Early recovery PM", "evening", ["mon", "wed", "fri"], 3, "KM", members=(pid,))
    said = uncovered(store, group, dt.date(2026, 11, 27), {pid: "DEMO-01"})
    assert said.startswith("DEMO-01 has no plan covering 27 Nov 2026: the plan ended 29 Mar 2026"), said


def test_the_dose_page_moves_the_stray_log_onto_a_plan_saved_since(stray):
    from iopkit.widgets import dose_app

    store, pid, _earlier, stray_id = stray
    store.save(pid, DosePlan(9, 12, sessions_per_week=3), by="KM", when=dt.date(2026, 11, 23))
    later = store.save(
        pid, schedule("2026-11-23", ["mon", "wed", "fri"], 3, 12, track="evening"), by="KM", when=dt.date(2026, 11, 23)
    )
    app = dose_app(store)
    app.start()
    app.picker.choose.value = pid
    app.picker.clinician.value = "KM"
    assert app.off_plan_box.layout.display is None and not app.move_off_plan.disabled
    app.off_plan_reason.value = "readmitted 23 Nov; plan saved late"
    app.move_off_plan.click()
    moved = store.record(store.record(stray_id).superseded_by)
    assert moved.item.schedule == store.record(later).item and moved.reason == "readmitted 23 Nov; plan saved late"
    assert f"moved onto the plan of record {later}" in html.unescape(app.status.value)
    assert app._log_record is not None and app._log_record.id == moved.id  # the new plan's log, on its schedule


# --- the chart header on every page says a stray log, in amber (gap 3 of the follow-up) ------------------------------
def test_the_chart_header_says_attendance_recorded_off_the_plan_in_amber(stray):
    from iopkit.widgets.page import chart_header_html

    store, pid, _earlier, _stray = stray
    episode = Episode.from_store(store, pid, as_of=TODAY)
    header = chart_header_html(episode)
    # typed: the clinic's words, the session's day as the Dose page's notice says it, the page's name as the nav says
    said = "Attendance recorded off the plan on 25 Nov 2026: see Dose &amp; attendance"
    assert f'<span class="iop-chart-off-plan iop-flag-warning" role="status">{said}</span>' in header
    (flag,) = episode.off_plan_flags
    assert (flag.code, flag.severity.value) == ("attendance_off_plan", "warning")  # amber, never red


def test_the_chart_header_says_nothing_of_it_once_withdrawn(stray):
    from iopkit.widgets.page import chart_header_html

    store, pid, _earlier, stray_id = stray
    correct_off_plan(store, pid, stray_id, by="KM", reason="DEMO-01 was not in the group that day", when=TODAY)
    header = chart_header_html(Episode.from_store(store, pid, as_of=TODAY))
    assert "iop-chart-off-plan" not in header and "off the plan" not in header


def test_the_chart_header_names_every_session_of_a_stray_log(tmp_path):
    """Three roster sessions on the group's calendar, 25, 27 and 30 Nov 2026, a plan having ended 29 Mar 2026."""
    from iopkit.widgets.page import chart_header_html

    store = Store(tmp_path / "three.sqlite")
    pid = store.add_patient("DEMO-04")
    first = schedule("2026-01-05", ["mon", "wed", "fri"], 3, 12, track="evening")
    store.save(pid, DosePlan(9, 12, sessions_per_week=3), by="KM", when=dt.date(2026, 1, 5))
    store.save(pid, first, by="KM", when=dt.date(2026, 1, 5))
    group = Group("Early recovery PM", "evening", ["mon", "wed", "fri"], 3, "KM", members=(pid,))
    log = roster_log(group, STRAY_DAY).log
    for day in ("2026-11-25", "2026-11-27", "2026-11-30"):
        log = log.record(day, "attended", today=TODAY)
    store.save(pid, log, by="KM", when=dt.date(2026, 11, 30))
    header = html.unescape(chart_header_html(Episode.from_store(store, pid, as_of=TODAY)))
    assert (  # typed
        "Attendance recorded off the plan on 3 days (25 Nov 2026 to 30 Nov 2026): see Dose & attendance" in header
    )
