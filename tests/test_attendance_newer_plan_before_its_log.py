"""A newer plan saved with no attendance recorded on it yet is the current plan from the first session on its schedule
(the lead engineer's ruling: "a newer plan takes over from the first session on its schedule"), and a log that is no
plan (a stray log off the plans, corrected or not) never changes what the current plan plans.

Finding 1 (reproduced here first): saving a plan writes no attendance log; the Dose page and the roster start one at
the plan's first recorded session.  Until then every reader went on reading the replaced plan.  Mon/Wed/Fri 3 h
evening from Mon 5 Jan 2026 (5, 7, 12 Jan attended), replaced on Tue 13 Jan by Tue/Thu 3 h morning from that day,
read on Sun 18 Jan: the chart showed the new plan (6 h/week) over the old calendar (Mon/Wed/Fri from 5 Jan), planned
to date 18 h and delivered 9 h, "3 sessions with no attendance recorded (Fri 9 Jan, Wed 14 Jan, Fri 16 Jan)", this
week 3 sessions of 9 h; the programme report planned 14 and 16 Jan (3 h each, 0 delivered) and had no 13 or 15 Jan;
a patient placed with a plan and nothing recorded yet was on the census's "unknown" track, with 0 h planned.

Finding 2: a stray log withdrawn (recorded in error) by :func:`iopkit.dose.off_plan.correct_off_plan` is the newest
record; read as the newest plan, it took over from its own first session, so the current plan's unrecorded sessions
were replaced by the group calendar's.

Every expected day and hour below is typed from the fixtures (sessions x 3 h), never computed by iopkit.
"""

from __future__ import annotations

import datetime as dt

import pytest

from iopkit.dose import Attendance, DosePlan, Group, schedule
from iopkit.dose.groups import roster_log
from iopkit.dose.off_plan import correct_off_plan
from iopkit.episode import Episode
from iopkit.placement import Placement, recommend
from iopkit.report import programme_data, programme_report
from iopkit.store import Store

D = dt.date
IOP = {1: 0, 2: 0, 3: 1, 4: 1, 5: 2, 6: 1}  # the dimensions that place Level 2.1 (tests/test_programme_store.py)
NOW = dt.datetime(2026, 1, 18, 20, 0, tzinfo=dt.UTC)  # the chart's clock: Sunday evening, every session ended


@pytest.fixture(autouse=True)
def clinic_day(monkeypatch):
    """The clinic's today is Fri 11 Dec 2026 (the latest day read here), never the machine's clock: the day
    correct_off_plan's amendments are checked against."""
    import iopkit.entry as entry

    real = entry.clinical_day
    monkeypatch.setattr(entry, "clinical_day", lambda when=None: D(2026, 12, 11) if when is None else real(when))


def _log(sessions, days):
    log = Attendance(sessions)
    for day in days:
        log = log.record(day, "attended", today=D(2026, 12, 31))  # never the wall clock
    return log


def _old_plan(tmp_path, name="replaced.sqlite"):
    """Level 2.1 placed Mon 5 Jan 2026; Mon/Wed/Fri 3 h evening for 4 weeks from that day, its log (saved Mon 12 Jan)
    holding 5, 7 and 12 Jan attended, 9 Jan not recorded."""
    store = Store(tmp_path / name)
    pid = store.add_patient("DEMO-20")
    store.save(pid, Placement(recommend(IOP)), by="KM", when=D(2026, 1, 5))
    store.save(pid, DosePlan(9, 4, sessions_per_week=3), by="KM", when=D(2026, 1, 5))
    old = schedule("2026-01-05", ["mon", "wed", "fri"], 3, 4, track="evening")
    store.save(pid, old, by="KM", when=D(2026, 1, 5))
    store.save(pid, _log(old, ["2026-01-05", "2026-01-07", "2026-01-12"]), by="KM", when=D(2026, 1, 12))
    return store, pid


@pytest.fixture
def replaced(tmp_path):
    """The old plan replaced on Tue 13 Jan 2026 by Tue/Thu 3 h morning from that day; nothing recorded on it yet."""
    store, pid = _old_plan(tmp_path)
    store.save(pid, DosePlan(6, 4, sessions_per_week=2), by="KM", when=D(2026, 1, 13))
    store.save(pid, schedule("2026-01-13", ["tue", "thu"], 3, 4, track="morning"), by="KM", when=D(2026, 1, 13))
    return store, pid


def _dates(sessions, since=D(2026, 1, 1)):
    return sorted(str(d) for d in sessions["date"].dt.date if d >= since)


def test_the_chart_reads_the_newer_plan_from_its_first_session_before_any_attendance_on_it(replaced):
    store, pid = replaced
    episode = Episode.from_store(store, pid, as_of=D(2026, 1, 18), now=NOW)
    assert episode.plan is not None and episode.plan.hours_per_week == 6  # typed: the newer plan (as before)
    assert episode.schedule is not None and str(episode.schedule.start) == "2026-01-13"  # was 2026-01-05
    assert episode.attendance is not None and episode.attendance.records == ()  # nothing recorded on it yet
    assert episode.dose is not None
    # typed: Tue 13 and Thu 15 Jan x 3 h (was 18 h planned, 9 delivered: the replaced Mon/Wed/Fri calendar)
    assert (episode.dose.planned_to_date, episode.dose.delivered) == (6, 0)
    assert episode.dose.sessions_said.endswith("2 sessions with no attendance recorded (Tue 13 Jan, Thu 15 Jan)")
    # typed: this week's Tue and Thu, 3 h each (was 3 sessions, 9 h: Mon 12, Wed 14, Fri 16)
    assert episode.this_week is not None
    assert (episode.this_week.scheduled_sessions, episode.this_week.scheduled_hours) == (2, 6)


def test_the_report_plans_the_newer_plan_s_sessions_and_not_the_replaced_plan_s_after_it_starts(replaced):
    store, _pid = replaced
    sessions = programme_data(store, as_of=D(2026, 1, 18)).attendance
    # typed: 5, 7, 9, 12 Jan of the replaced plan (before 13 Jan), 13 and 15 Jan of the newer (was 14 and 16 Jan of
    # the replaced plan instead)
    assert _dates(sessions) == ["2026-01-05", "2026-01-07", "2026-01-09", "2026-01-12", "2026-01-13", "2026-01-15"]
    assert (sessions["planned_hours"].sum(), sessions["hours"].sum()) == (18, 9)  # typed: 6 x 3 h; 3 attended x 3 h


def test_the_same_planned_hours_on_the_chart_and_in_the_report_before_and_after_the_first_attendance(replaced):
    store, pid = replaced
    from_13 = programme_data(store, as_of=D(2026, 1, 18)).attendance
    from_13 = from_13[from_13["date"].dt.date >= D(2026, 1, 13)]
    assert _dates(from_13) == ["2026-01-13", "2026-01-15"]  # typed (was 14 and 16 Jan, the replaced plan's)
    assert from_13["planned_hours"].sum() == 6  # typed: 13 and 15 Jan x 3 h, as the chart's planned to date above
    new = schedule("2026-01-13", ["tue", "thu"], 3, 4, track="morning")
    store.save(pid, _log(new, ["2026-01-13", "2026-01-15"]), by="KM", when=D(2026, 1, 15))  # its first attendance
    after = programme_data(store, as_of=D(2026, 1, 18)).attendance
    assert _dates(after) == ["2026-01-05", "2026-01-07", "2026-01-09", "2026-01-12", "2026-01-13", "2026-01-15"]
    assert (after["planned_hours"].sum(), after["hours"].sum()) == (18, 15)  # typed: 6 x 3 h; 5 attended x 3 h
    episode = Episode.from_store(store, pid, as_of=D(2026, 1, 18), now=NOW)
    assert episode.dose is not None and (episode.dose.planned_to_date, episode.dose.delivered) == (6, 6)  # typed


def test_before_the_newer_plan_s_first_session_the_chart_reads_the_plan_it_replaces(tmp_path):
    """Saved Fri 9 Jan, from Tue 13 Jan: read on Mon 12 Jan, the replaced plan's sessions still run."""
    store, pid = _old_plan(tmp_path, "early.sqlite")
    store.save(pid, DosePlan(6, 4, sessions_per_week=2), by="KM", when=D(2026, 1, 9))
    store.save(pid, schedule("2026-01-13", ["tue", "thu"], 3, 4, track="morning"), by="KM", when=D(2026, 1, 9))
    episode = Episode.from_store(store, pid, as_of=D(2026, 1, 12), now=NOW)
    assert episode.attendance is not None and str(episode.attendance.schedule.start) == "2026-01-05"  # typed
    assert [str(r.date) for r in episode.attendance.records] == ["2026-01-05", "2026-01-07", "2026-01-12"]


# --- the chart's plan is the one saved with the schedule of the log it reads (colleague's note 2) ---------------------
def _read_early(tmp_path, name):
    """The newer plan (6 h/week, Tue/Thu from 13 Jan) saved Fri 9 Jan; Fri 9 Jan recorded missed; read Mon 12 Jan, so
    the chart reads the replaced Mon/Wed/Fri log (9 h/week): week of 5 Jan 6 h delivered of 9 h."""
    store, pid = _old_plan(tmp_path, name)
    store.save(pid, DosePlan(6, 4, sessions_per_week=2), by="KM", when=D(2026, 1, 9))
    store.save(pid, schedule("2026-01-13", ["tue", "thu"], 3, 4, track="morning"), by="KM", when=D(2026, 1, 9))
    log = store.latest(pid, "attendance")
    store.save(
        pid, log.item.record("2026-01-09", "missed", today=D(2026, 1, 12)), by="KM", amends=log.id, reason="Fri 9 Jan"
    )
    return Episode.from_store(store, pid, as_of=D(2026, 1, 12), now=dt.datetime(2026, 1, 12, 23, tzinfo=dt.UTC))


def test_before_the_newer_plan_s_first_session_the_chart_judges_the_log_by_the_plan_saved_with_it(tmp_path):
    """Was: the newest DosePlan (6 h/week, adult: Level 1, no weekly minimum) over the Mon/Wed/Fri log: a false
    warning 'The schedule gives 9 h in weeks 1, 2, 3, 4 but the plan is 6 h/week.', and the week of 5 Jan (6 h of
    9 h) never judged against the Level 2.1 minimum of 9 h/week."""
    episode = _read_early(tmp_path, "paired.sqlite")
    assert episode.attendance is not None and str(episode.attendance.schedule.start) == "2026-01-05"
    assert episode.plan is not None and episode.plan.hours_per_week == 9  # typed: the plan saved with Mon/Wed/Fri
    assert episode.dose is not None
    codes = [f.code for f in episode.dose.flags]
    assert "schedule_hours_differ_from_plan" not in codes
    (below,) = [f for f in episode.dose.flags if f.code == "dose_below_level_minimum"]
    assert below.message == (  # typed: the week of Mon 5 Jan, 6 h of the 9 h minimum
        "Attended hours were below the 2.1 minimum of 9 h/week in the week of 5 Jan."
    )


def test_from_the_newer_plan_s_first_session_the_chart_reads_the_newer_plan_with_its_schedule(replaced):
    store, pid = replaced
    episode = Episode.from_store(store, pid, as_of=D(2026, 1, 18), now=NOW)
    assert episode.plan is not None and episode.plan.hours_per_week == 6  # typed: the newer plan, as before
    assert episode.dose is not None and [f.code for f in episode.dose.flags if f.severity == "warning"] == []


def test_a_newer_plan_on_the_same_days_carries_the_sessions_recorded_on_it(tmp_path):
    """Lengthened to 6 weeks on Wed 14 Jan, from the same Monday: the chart reads the newer plan with 5, 7 and 12 Jan
    carried, as the Dose page shows it (dose.logs.carried) and its first saved attendance would hold."""
    store, pid = _old_plan(tmp_path, "longer.sqlite")
    longer = schedule("2026-01-05", ["mon", "wed", "fri"], 3, 6, track="evening")
    store.save(pid, DosePlan(9, 6, sessions_per_week=3), by="KM", when=D(2026, 1, 14))
    store.save(pid, longer, by="KM", when=D(2026, 1, 14))
    episode = Episode.from_store(store, pid, as_of=D(2026, 1, 18), now=NOW)
    assert episode.attendance is not None and episode.attendance.schedule == longer
    assert [str(r.date) for r in episode.attendance.records] == ["2026-01-05", "2026-01-07", "2026-01-12"]  # typed
    assert episode.dose is not None and (episode.dose.planned_to_date, episode.dose.delivered) == (18, 9)  # typed


def test_the_census_reads_the_track_of_a_plan_with_nothing_recorded_yet(tmp_path):
    """Placed Mon 5 Jan 2026 at Level 2.1 with a morning Mon/Wed/Fri 3 h plan from that day, nothing recorded."""
    store = Store(tmp_path / "census.sqlite")
    pid = store.add_patient("DEMO-21")
    store.save(pid, Placement(recommend(IOP)), by="KM", when=D(2026, 1, 5))
    store.save(pid, DosePlan(9, 4, sessions_per_week=3), by="KM", when=D(2026, 1, 5))
    store.save(pid, schedule("2026-01-05", ["mon", "wed", "fri"], 3, 4, track="morning"), by="KM", when=D(2026, 1, 5))
    report = programme_report(programme_data(store, as_of=D(2026, 1, 18)), "2026-01-05", "2026-01-18")
    census = report.tables["census"].query("level == '2.1' and track != 'all'")
    assert census["track"].tolist() == ["morning"]  # typed: the plan's track (was "unknown")
    dose = report.tables["dose"].query("level == 'all'").iloc[0]
    # typed: 5-16 Jan, 6 sessions x 3 h planned, none recorded (was 0 h planned)
    assert (dose["planned_hours"], dose["delivered_hours"]) == (18, 0)


# --- a log that is no plan plans nothing (finding 2) -----------------------------------------------------------------
STRAY_DAY = D(2026, 11, 25)  # a Wednesday: the old roster's session on the group's calendar, no plan covering it
AFTER = ["2026-12-01", "2026-12-03", "2026-12-08", "2026-12-10"]  # typed: the current plan's Tue/Thu to Fri 11 Dec


@pytest.fixture
def stray_then_plan(tmp_path):
    """Mon/Wed/Fri 3 h evening for 12 weeks from Mon 5 Jan 2026 (ended 29 Mar), its first six sessions attended; the
    old roster's stray log on the group's Mon/Wed/Fri evening calendar from Wed 25 Nov 2026 with that session attended;
    then the current plan, Tue/Thu 3 h evening from Tue 1 Dec 2026 (saved that day), 1 and 3 Dec attended (saved
    Thu 3 Dec)."""
    store = Store(tmp_path / "stray.sqlite")
    pid = store.add_patient("DEMO-22")
    first = schedule("2026-01-05", ["mon", "wed", "fri"], 3, 12, track="evening")
    store.save(pid, DosePlan(9, 12, sessions_per_week=3), by="KM", when=D(2026, 1, 5))
    store.save(pid, first, by="KM", when=D(2026, 1, 5))
    store.save(pid, _log(first, [s.date for s in first.sessions[:6]]), by="KM", when=D(2026, 1, 16))
    group = Group("Early recovery PM", "evening", ["mon", "wed", "fri"], 3, "KM", members=(pid,))
    stray = store.save(pid, _log(roster_log(group, STRAY_DAY).log.schedule, [STRAY_DAY]), by="KM", when=STRAY_DAY)
    current = schedule("2026-12-01", ["tue", "thu"], 3, 12, track="evening")
    store.save(pid, DosePlan(6, 12, sessions_per_week=2), by="KM", when=D(2026, 12, 1))
    store.save(pid, current, by="KM", when=D(2026, 12, 1))
    store.save(pid, _log(current, ["2026-12-01", "2026-12-03"]), by="KM", when=D(2026, 12, 3))
    return store, pid, stray


def test_a_withdrawn_stray_log_changes_nothing_the_current_plan_plans(stray_then_plan):
    store, pid, stray = stray_then_plan
    correct_off_plan(store, pid, stray, by="KM", reason="DEMO-22 was not in the group that day", when=D(2026, 12, 4))
    sessions = programme_data(store, as_of=D(2026, 12, 11)).attendance
    late = sessions[sessions["date"].dt.date >= D(2026, 11, 23)]
    # typed: the current plan's four sessions (was 1 and 3 Dec, then the group calendar's 25, 27, 30 Nov, 2, 4, 7, 9,
    # 11 Dec: the withdrawn log, the newest record, took over from 25 Nov)
    assert _dates(late) == AFTER
    assert (late["planned_hours"].sum(), late["hours"].sum()) == (12, 6)  # typed: 4 x 3 h; 2 attended x 3 h
    episode = Episode.from_store(store, pid, as_of=D(2026, 12, 11), now=dt.datetime(2026, 12, 11, 23, tzinfo=dt.UTC))
    assert episode.dose is not None and (episode.dose.planned_to_date, episode.dose.delivered) == (12, 6)  # the same


def test_a_stray_log_not_corrected_yet_counts_what_it_recorded_and_plans_nothing(stray_then_plan):
    store, _pid, _stray = stray_then_plan
    sessions = programme_data(store, as_of=D(2026, 12, 11)).attendance
    late = sessions[sessions["date"].dt.date >= D(2026, 11, 23)]
    # typed: 25 Nov as recorded (3 h: recorded attendance is never dropped), then the current plan's four (was 27 and
    # 30 Nov too, the group calendar's, planned 3 h each, 0 delivered)
    assert _dates(late) == ["2026-11-25", *AFTER]
    assert (late["planned_hours"].sum(), late["hours"].sum()) == (15, 9)  # typed: 5 x 3 h; 3 attended x 3 h


def test_a_stray_log_moved_later_onto_an_older_plan_does_not_take_over_from_the_newer_plan(tmp_path):
    """The stray session Wed 4 Nov 2026; plan B, Mon/Wed/Fri from Mon 2 Nov (covers 4 Nov), saved 2 Nov; plan C,
    Tue/Thu from Tue 17 Nov, saved 16 Nov, 17 and 19 Nov attended; then the stray log moved onto plan B (the newest
    record, saved now): plan C stays current from 17 Nov, on the chart and in the report."""
    store = Store(tmp_path / "moved.sqlite")
    pid = store.add_patient("DEMO-23")
    first = schedule("2026-01-05", ["mon", "wed", "fri"], 3, 12, track="evening")
    store.save(pid, DosePlan(9, 12, sessions_per_week=3), by="KM", when=D(2026, 1, 5))
    store.save(pid, first, by="KM", when=D(2026, 1, 5))
    group = Group("Early recovery PM", "evening", ["mon", "wed", "fri"], 3, "KM", members=(pid,))
    day = D(2026, 11, 4)
    stray = store.save(pid, _log(roster_log(group, day).log.schedule, [day]), by="KM", when=day)
    b = schedule("2026-11-02", ["mon", "wed", "fri"], 3, 12, track="evening")
    store.save(pid, DosePlan(9, 12, sessions_per_week=3), by="KM", when=D(2026, 11, 2))
    plan_b = store.save(pid, b, by="KM", when=D(2026, 11, 2))
    c = schedule("2026-11-17", ["tue", "thu"], 3, 12, track="evening")
    store.save(pid, DosePlan(6, 12, sessions_per_week=2), by="KM", when=D(2026, 11, 16))
    store.save(pid, c, by="KM", when=D(2026, 11, 16))
    store.save(pid, _log(c, ["2026-11-17", "2026-11-19"]), by="KM", when=D(2026, 11, 19))
    correct_off_plan(
        store, pid, stray, by="KM", reason="in care from 2 Nov; plan saved late", plan=plan_b, when=D(2026, 11, 27)
    )
    sessions = programme_data(store, as_of=D(2026, 11, 27)).attendance
    # typed: plan B's Mon/Wed/Fri 2 to 16 Nov (4 Nov attended), plan C's Tue/Thu from 17 Nov (was plan B's 18, 20,
    # 23, 25, 27 Nov instead of C's unrecorded 24 and 26 Nov: the moved log, the newest record, took over from 2 Nov)
    assert _dates(sessions, D(2026, 11, 1)) == [
        "2026-11-02",
        "2026-11-04",
        "2026-11-06",
        "2026-11-09",
        "2026-11-11",
        "2026-11-13",
        "2026-11-16",
        "2026-11-17",
        "2026-11-19",
        "2026-11-24",
        "2026-11-26",
    ]
    episode = Episode.from_store(store, pid, as_of=D(2026, 11, 27), now=dt.datetime(2026, 11, 27, 23, tzinfo=dt.UTC))
    assert episode.attendance is not None and episode.attendance.schedule == c  # plan C's log, not the moved one
