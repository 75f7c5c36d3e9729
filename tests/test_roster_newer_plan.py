"""The group roster records a session on the plan that holds it: a newer plan takes over from the first session on its
schedule (the lead engineer's ruling, :mod:`iopkit.dose.logs`), so a roster session on or after that day is recorded
on the newer plan, in its log (started, if none yet, with the replaced log's sessions that fall on it carried, as the
chart reads it), never appended to the replaced plan's log; a session before that day stays on the replaced plan's
log, also once the newer plan's log has been started.

Reproduced first: the roster read the chart's log (the replaced plan's while nothing was recorded on the newer plan)
and amended it whenever it had a session that day, so Wed 14 Jan was written into the replaced Mon/Wed/Fri log after
the newer plan had taken over on Mon 12 Jan; once the newer plan's log was started, a late roster of Fri 9 Jan (the
replaced plan's session) was refused ("the plan starts 12 Jan 2026").

Every expected day, hour and word below is typed from the fixtures (sessions x 3 h), never computed by iopkit.
"""

from __future__ import annotations

import datetime as dt

import pytest

from iopkit.dose import Attendance, DosePlan, Group, schedule
from iopkit.dose.groups import roster_log
from iopkit.episode import Episode
from iopkit.errors import DosePlanError
from iopkit.report import programme_data
from iopkit.store import Store
from iopkit.widgets.groups import row_problems, save_group, save_roster

D = dt.date
TODAY = D(2026, 1, 16)  # Fri 16 Jan 2026: every roster below is of a session held by then
OLD = schedule("2026-01-05", ["mon", "wed", "fri"], 3, 4, track="morning")  # Mon 5 Jan to Sun 1 Feb
NEW = schedule("2026-01-12", ["mon", "wed", "fri"], 3, 6, track="morning")  # from Mon 12 Jan
GROUP = "Early recovery AM"  # Mon/Wed/Fri 09:00-12:00, the plans' times


def _group(pid):
    return Group(GROUP, "morning", ["mon", "wed", "fri"], 3, "KM", members=(pid,))


def _patient(tmp_path, name="newer.sqlite"):
    """DEMO-30: the old plan saved Mon 5 Jan, its log (saved Wed 7 Jan) holding 5 and 7 Jan attended; in the group."""
    store = Store(tmp_path / name)
    pid = store.add_patient("DEMO-30")
    store.save(pid, DosePlan(9, 4, sessions_per_week=3), by="KM", when=D(2026, 1, 5))
    store.save(pid, OLD, by="KM", when=D(2026, 1, 5))
    log = Attendance(OLD).record("2026-01-05", "attended", today=TODAY).record("2026-01-07", "attended", today=TODAY)
    old_log = store.save(pid, log, by="KM", when=D(2026, 1, 7))
    save_group(store, _group(pid), by="KM")
    return store, pid, old_log


@pytest.fixture
def replaced(tmp_path):
    """The newer plan saved Fri 9 Jan, from Mon 12 Jan; nothing recorded on it yet."""
    store, pid, old_log = _patient(tmp_path)
    store.save(pid, DosePlan(9, 6, sessions_per_week=3), by="KM", when=D(2026, 1, 9))
    store.save(pid, NEW, by="KM", when=D(2026, 1, 9))
    return store, pid, old_log


def _days(record):
    return [(str(a.date), a.hours) for a in record.item.records]


def _roster(store, pid, day, mark="present", reason=None):
    """The roster of ``day`` as the groups page saves it: dated the session's day, never the machine's clock."""
    return save_roster(store, _group(pid), day, {pid: mark}, by="JL", today=TODAY, reason=reason, when=day)


def test_a_session_after_the_newer_plan_took_over_starts_its_log_and_leaves_the_replaced_log_alone(replaced):
    store, pid, old_log = replaced
    _roster(store, pid, D(2026, 1, 14))
    assert store.record(old_log).superseded_by is None  # was amended with Wed 14 Jan (the bug)
    assert _days(store.record(old_log)) == [("2026-01-05", 3), ("2026-01-07", 3)]  # typed: as saved
    new = store.latest(pid, "attendance")
    assert new.id != old_log and new.amends is None  # a new log
    assert new.item.schedule == NEW
    assert _days(new) == [("2026-01-14", 3)]  # typed: nothing of the replaced log falls on the newer plan


def test_a_session_before_the_newer_plan_s_first_stays_on_the_replaced_log_after_its_log_is_started(replaced):
    store, pid, old_log = replaced
    _roster(store, pid, D(2026, 1, 14))
    newer = store.latest(pid, "attendance").id
    _roster(store, pid, D(2026, 1, 9))  # entered late: was refused, "the plan starts 12 Jan 2026"
    amended = store.record(store.record(old_log).superseded_by)
    assert _days(amended) == [("2026-01-05", 3), ("2026-01-07", 3), ("2026-01-09", 3)]  # typed
    assert amended.item.schedule == OLD and store.record(newer).superseded_by is None
    _roster(store, pid, D(2026, 1, 12))  # the newer plan's first session: its own log, amended
    assert _days(store.record(store.record(newer).superseded_by)) == [("2026-01-12", 3), ("2026-01-14", 3)]


def test_a_late_session_already_recorded_on_the_replaced_log_is_changed_only_with_a_reason(replaced):
    store, pid, old_log = replaced
    _roster(store, pid, D(2026, 1, 14))
    with pytest.raises(DosePlanError):  # 7 Jan is recorded (attended) on the replaced log: a change needs a reason
        _roster(store, pid, D(2026, 1, 7), "absent_excused")
    assert store.record(old_log).superseded_by is None
    _roster(store, pid, D(2026, 1, 7), "absent_excused", reason="marked on the wrong row")
    amended = store.record(store.record(old_log).superseded_by)
    assert _days(amended) == [("2026-01-05", 3), ("2026-01-07", 0)]  # typed: 7 Jan missed now
    assert amended.reason is not None and amended.reason.endswith("marked on the wrong row")


def test_the_chart_and_the_report_read_the_roster_s_sessions_on_the_plans_that_hold_them(replaced):
    store, pid, _old = replaced
    for day in (D(2026, 1, 9), D(2026, 1, 12), D(2026, 1, 14)):
        _roster(store, pid, day)
    now = dt.datetime(2026, 1, 16, 23, tzinfo=dt.UTC)
    episode = Episode.from_store(store, pid, as_of=TODAY, now=now)
    assert episode.attendance is not None and episode.attendance.schedule == NEW
    assert [str(r.date) for r in episode.attendance.records] == ["2026-01-12", "2026-01-14"]  # typed
    sessions = programme_data(store, as_of=TODAY).attendance
    sessions = sessions[sessions["date"].dt.date >= D(2026, 1, 5)]
    # typed: the replaced plan's 5, 7, 9 Jan, the newer plan's 12, 14, 16 Jan (16 Jan not recorded)
    assert [(str(d.date()), h) for d, h in zip(sessions["date"], sessions["hours"])] == [
        ("2026-01-05", 3),
        ("2026-01-07", 3),
        ("2026-01-09", 3),
        ("2026-01-12", 3),
        ("2026-01-14", 3),
        ("2026-01-16", 0),
    ]


def test_a_newer_plan_on_other_days_refuses_the_replaced_plan_s_day_after_it_took_over(tmp_path):
    """Tue/Thu from Tue 13 Jan: the group's Wed 14 Jan is no session of the newer plan; the replaced log's Wed is no
    longer planned, so nothing is written into it."""
    store, pid, old_log = _patient(tmp_path, "other_days.sqlite")
    store.save(pid, DosePlan(6, 4, sessions_per_week=2), by="KM", when=D(2026, 1, 12))
    store.save(pid, schedule("2026-01-13", ["tue", "thu"], 3, 4, track="morning"), by="KM", when=D(2026, 1, 12))
    said = row_problems(store, _group(pid), D(2026, 1, 14), {pid: "DEMO-30"})
    assert said == {  # typed
        pid: "DEMO-30 has no plan covering 14 Jan 2026: the plan has no session on Wednesdays (it meets Tuesday and "
        "Thursday); save a plan that covers it on the Dose page, then save this roster again"
    }
    with pytest.raises(DosePlanError, match="^DEMO-30 has no plan covering 14 Jan 2026"):
        save_roster(
            store,
            _group(pid),
            D(2026, 1, 14),
            {pid: "present"},
            by="JL",
            today=TODAY,
            names={pid: "DEMO-30"},
            when=D(2026, 1, 14),
        )
    assert store.record(old_log).superseded_by is None and len(store.history(pid, "attendance")) == 1
    _roster(store, pid, D(2026, 1, 12))  # Mon 12 Jan, before the newer plan's first session: the replaced log
    assert _days(store.latest(pid, "attendance")) == [("2026-01-05", 3), ("2026-01-07", 3), ("2026-01-12", 3)]


def test_a_newer_plan_from_an_earlier_day_carries_the_sessions_recorded_on_it(tmp_path):
    """Lengthened to 6 weeks on Thu 8 Jan from the same Monday: the roster of Fri 9 Jan starts the newer plan's log
    with 5 and 7 Jan carried, as the chart read it before the roster (dose.logs.carried)."""
    store, pid, old_log = _patient(tmp_path, "longer.sqlite")
    longer = schedule("2026-01-05", ["mon", "wed", "fri"], 3, 6, track="morning")
    store.save(pid, DosePlan(9, 6, sessions_per_week=3), by="KM", when=D(2026, 1, 8))
    store.save(pid, longer, by="KM", when=D(2026, 1, 8))
    now = dt.datetime(2026, 1, 9, 23, tzinfo=dt.UTC)
    before = Episode.from_store(store, pid, as_of=D(2026, 1, 9), now=now).attendance
    assert before is not None and [str(r.date) for r in before.records] == ["2026-01-05", "2026-01-07"]  # typed
    _roster(store, pid, D(2026, 1, 9))
    new = store.latest(pid, "attendance")
    assert new.amends is None and new.item.schedule == longer
    assert _days(new) == [("2026-01-05", 3), ("2026-01-07", 3), ("2026-01-09", 3)]  # typed
    assert store.record(old_log).superseded_by is None
    after = Episode.from_store(store, pid, as_of=D(2026, 1, 9), now=now).attendance
    assert after is not None and [str(r.date) for r in after.records] == ["2026-01-05", "2026-01-07", "2026-01-09"]


def test_a_plan_saved_after_a_newer_one_does_not_take_the_newer_one_s_days_before_its_own_first(tmp_path):
    """Plan B from Mon 12 Jan (saved Fri 9 Jan), plan C from Mon 26 Jan (saved Tue 13 Jan), nothing recorded on
    either: Wed 14 Jan is plan B's session, recorded on a new log for plan B."""
    store, pid, old_log = _patient(tmp_path, "three.sqlite")
    store.save(pid, DosePlan(9, 6, sessions_per_week=3), by="KM", when=D(2026, 1, 9))
    store.save(pid, NEW, by="KM", when=D(2026, 1, 9))
    later = schedule("2026-01-26", ["mon", "wed", "fri"], 3, 6, track="morning")
    store.save(pid, DosePlan(9, 6, sessions_per_week=3), by="KM", when=D(2026, 1, 13))
    store.save(pid, later, by="KM", when=D(2026, 1, 13))
    _roster(store, pid, D(2026, 1, 14))
    new = store.latest(pid, "attendance")
    assert new.amends is None and new.item.schedule == NEW and _days(new) == [("2026-01-14", 3)]
    assert store.record(old_log).superseded_by is None


def test_roster_log_takes_the_newer_plan_from_its_first_session():
    """The library's rule, given the replaced plan's log and the newer plan (the pure function the page calls)."""
    group = _group(1)
    log = Attendance(OLD).record("2026-01-05", "attended", today=TODAY)
    found = roster_log(group, "2026-01-14", log, NEW)
    assert not found.continues and found.log.schedule == NEW and found.log.records == ()
    found = roster_log(group, "2026-01-09", log, NEW)  # before its first session: the replaced log, amended
    assert found.continues and found.log == log


def test_a_plan_saved_after_the_group_s_own_log_takes_over_from_its_first_session(tmp_path):
    """No plan when the roster of Mon 5 Jan was taken (a log on the group's calendar); a plan from Mon 12 Jan saved
    Fri 9 Jan: the roster of Wed 14 Jan starts the plan's log, the group's log keeps 5 Jan only; the roster of Fri
    9 Jan, before the plan's first session, is still the group's log's.

    The group's log belongs to no plan, so it is read in the order of its record's day: it now goes through the
    roster, dated Mon 5 Jan (``save_roster(when=)``).  It was saved through the store before, since the roster stamped
    it with the machine's clock (a day after every plan here, so the chart read it as the newest log)."""
    store = Store(tmp_path / "group_first.sqlite")
    pid = store.add_patient("DEMO-31")
    save_group(store, _group(pid), by="KM")
    _roster(store, pid, D(2026, 1, 5))
    group_log = store.latest(pid, "attendance")
    assert group_log.taken_at == D(2026, 1, 5) and group_log.item.schedule.start == D(2026, 1, 5)  # typed: its day
    assert _days(group_log) == [("2026-01-05", 3)]
    store.save(pid, DosePlan(9, 6, sessions_per_week=3), by="KM", when=D(2026, 1, 9))
    store.save(pid, NEW, by="KM", when=D(2026, 1, 9))
    _roster(store, pid, D(2026, 1, 14))
    new = store.latest(pid, "attendance")
    assert new.amends is None and new.item.schedule == NEW and _days(new) == [("2026-01-14", 3)]  # typed
    assert new.taken_at == D(2026, 1, 14)
    assert store.record(group_log.id).superseded_by is None  # was amended with 14 Jan
    now = dt.datetime(2026, 1, 16, 23, tzinfo=dt.UTC)
    chart = Episode.from_store(store, pid, as_of=TODAY, now=now).attendance
    assert chart is not None and chart.schedule == NEW  # the plan's log, not the group's, read as saved after it
    assert [str(r.date) for r in chart.records] == ["2026-01-14"]  # typed
    _roster(store, pid, D(2026, 1, 9))
    amended = store.record(store.record(group_log.id).superseded_by)
    assert _days(amended) == [("2026-01-05", 3), ("2026-01-09", 3)]  # typed
