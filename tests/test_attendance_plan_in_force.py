"""A session is judged against the plan in force on the session's day, and a chart of day D reads no plan saved after D.

Fault 1 (a false "Attendance recorded off the plan"): :func:`iopkit.dose.off_plan.off_plan_logs` judged each recorded
session against every plan saved before the record, from the day the first of them was saved.  A member with no plan
of their own is on the group's calendar (the roster's own log); a plan saved on Mon 12 Jan 2026 from Wed 14 Jan made
the late roster of that Monday's group session (recorded on Tue 13 Jan, the session's day or the day it was taken)
"recorded off the plan on 12 Jan 2026", in amber on every page, and set the roster's own log aside: the chart of 13 Jan
had no attendance at all.  The plan in force on a session's day is a plan saved by that day whose first session is on
or before it (a newer plan takes over from the first session on its schedule, the lead engineer's ruling,
:mod:`iopkit.dose.logs`); a session before any plan is in force is the roster's own, as one before any plan was saved.

Fault 2 (the chart reading the past with a later plan): the chart of an earlier day read the attendance log of a plan
saved after it (Tue/Thu saved Wed 14 Jan, read on Tue 13 Jan), and paired the log it read with the dose plan of a
schedule re-saved after that day (Mon/Wed/Fri re-saved Wed 14 Jan: the chart of Mon 12 Jan judged the Mon/Wed/Fri log,
9 h a week, by the 6 h/week plan saved on Fri 9 Jan for Tue/Thu from 20 Jan).  A view of day D never uses a plan saved
after D.

Every day, hour and word below is typed from the fixtures (sessions x 3 h) and the flag's words (OffPlanLog.flag),
never computed by iopkit; the clinic's today is given (``today=``, ``as_of=``), never the machine's clock.
"""

from __future__ import annotations

import datetime as dt

import pytest

from iopkit.dose import Attendance, DosePlan, Group, schedule
from iopkit.dose.groups import roster_log
from iopkit.dose.off_plan import off_plan_logs
from iopkit.episode import Episode
from iopkit.store import Store
from iopkit.widgets.groups import save_group, save_roster
from iopkit.widgets.page import chart_header_html

D = dt.date
GROUP = "Early recovery AM"  # Mon/Wed/Fri 09:00-12:00, 3 h


def _evening(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 23, 0, tzinfo=dt.UTC)  # every session of the day ended


# --- fault 1: a late roster of a session before the plan saved that day had started ----------------------------------
@pytest.fixture
def member(tmp_path):
    """DEMO-50, no plan of their own, in the group; Fri 9 Jan 2026 taken on the roster that day (the roster's own log,
    on the group's calendar); on Mon 12 Jan a plan saved: 9 h/week, Mon/Wed/Fri 3 h morning for 4 weeks from Wed 14
    Jan."""
    store = Store(tmp_path / "in_force.sqlite")
    pid = store.add_patient("DEMO-50")
    group = Group(GROUP, "morning", ["mon", "wed", "fri"], 3, "KM", members=(pid,))
    save_group(store, group, by="KM")
    save_roster(store, group, D(2026, 1, 9), {pid: "present"}, by="JL", today=D(2026, 1, 9), when=D(2026, 1, 9))
    store.save(pid, DosePlan(9, 4, sessions_per_week=3), by="KM", when=D(2026, 1, 12))
    store.save(pid, schedule("2026-01-14", ["mon", "wed", "fri"], 3, 4, track="morning"), by="KM", when=D(2026, 1, 12))
    return store, pid, group


@pytest.mark.parametrize("when", [D(2026, 1, 12), None], ids=["dated the session's day", "dated the day taken"])
def test_a_late_roster_of_a_session_before_the_plan_starts_is_not_off_the_plan(member, when):
    store, pid, group = member
    save_roster(store, group, D(2026, 1, 12), {pid: "present"}, by="JL", today=D(2026, 1, 13), when=when)
    assert off_plan_logs(store.current(pid, "attendance"), store.history(pid, "schedule")) == ()
    episode = Episode.from_store(store, pid, as_of=D(2026, 1, 13), now=_evening(D(2026, 1, 13)))
    assert episode.off_plan_flags == ()
    assert "recorded off the plan" not in chart_header_html(episode)
    # the roster's own log is read, not set aside: Fri 9 and Mon 12 Jan, 3 h each
    assert episode.attendance is not None
    assert [str(r.date) for r in episode.attendance.records] == ["2026-01-09", "2026-01-12"]  # typed
    assert episode.attendance.delivered() == 6  # typed: 2 x 3 h


def test_a_session_after_the_plan_started_on_a_day_it_does_not_have_is_still_off_the_plan(tmp_path):
    """The plan in force (Mon/Wed from Wed 14 Jan, saved Mon 12 Jan) has no Friday: the old roster's log holding Fri 16
    Jan (written as the roster wrote it before walk23 finding 13) is off the plan, as before."""
    store = Store(tmp_path / "off.sqlite")
    pid = store.add_patient("DEMO-51")
    group = Group(GROUP, "morning", ["mon", "wed", "fri"], 3, "KM", members=(pid,))
    store.save(pid, DosePlan(6, 4, sessions_per_week=2), by="KM", when=D(2026, 1, 12))
    store.save(pid, schedule("2026-01-14", ["mon", "wed"], 3, 4, track="morning"), by="KM", when=D(2026, 1, 12))
    calendar = roster_log(group, D(2026, 1, 16)).log
    store.save(pid, calendar.record(D(2026, 1, 16), "attended", today=D(2026, 1, 16)), by="JL", when=D(2026, 1, 16))
    episode = Episode.from_store(store, pid, as_of=D(2026, 1, 16), now=_evening(D(2026, 1, 16)))
    assert [f.message for f in episode.off_plan_flags] == ["Attendance recorded off the plan on 16 Jan 2026"]  # typed


def test_a_session_before_a_plan_saved_later_but_starting_earlier_is_judged_as_before(tmp_path):
    """A plan is in force from the day it is saved, even when its schedule starts earlier: the roster's own Mon 12 Jan
    (recorded that day) against a Mon/Wed plan from Mon 5 Jan saved on Tue 13 Jan, a log amended on Wed 14 Jan."""
    store = Store(tmp_path / "backdated.sqlite")
    pid = store.add_patient("DEMO-52")
    group = Group(GROUP, "morning", ["mon", "wed", "fri"], 3, "KM", members=(pid,))
    first = roster_log(group, D(2026, 1, 9)).log.record(D(2026, 1, 9), "attended", today=D(2026, 1, 9))
    saved = store.save(pid, first, by="JL", when=D(2026, 1, 9))
    store.save(pid, DosePlan(6, 4, sessions_per_week=2), by="KM", when=D(2026, 1, 13))
    store.save(pid, schedule("2026-01-05", ["mon", "wed"], 3, 4, track="morning"), by="KM", when=D(2026, 1, 13))
    later = first.record(D(2026, 1, 12), "attended", today=D(2026, 1, 14))
    store.save(pid, later, by="JL", amends=saved, reason="Mon 12 Jan", when=D(2026, 1, 14))
    assert off_plan_logs(store.current(pid, "attendance"), store.history(pid, "schedule")) == ()


# --- fault 2: the chart of an earlier day reads no plan saved after it -----------------------------------------------
def _log(sessions, days):
    log = Attendance(sessions)
    for day in days:
        log = log.record(day, "attended", today=D(2026, 12, 31))  # never the wall clock
    return log


def _mon_wed_fri(tmp_path, name):
    """DEMO-20: 9 h/week, Mon/Wed/Fri 3 h evening for 4 weeks from Mon 5 Jan 2026, saved that day."""
    store = Store(tmp_path / name)
    pid = store.add_patient("DEMO-20")
    store.save(pid, DosePlan(9, 4, sessions_per_week=3), by="KM", when=D(2026, 1, 5))
    store.save(pid, schedule("2026-01-05", ["mon", "wed", "fri"], 3, 4, track="evening"), by="KM", when=D(2026, 1, 5))
    return store, pid


@pytest.mark.parametrize(
    ("later", "first", "plan"),
    [
        (
            schedule("2026-01-15", ["tue", "thu"], 3, 4, track="morning"),
            "2026-01-15",
            DosePlan(6, 4, sessions_per_week=2),
        ),
        (
            schedule("2026-01-14", ["mon", "wed", "fri"], 4, 4, track="evening"),
            "2026-01-14",
            DosePlan(12, 4, sessions_per_week=3),
        ),
    ],
    ids=["Tue/Thu from Thu 15 Jan", "Mon/Wed/Fri 4 h from Wed 14 Jan"],
)
def test_the_chart_of_a_day_reads_no_log_of_a_plan_saved_after_it(tmp_path, later, first, plan):
    """The Mon/Wed/Fri log (5, 7 and 12 Jan attended) saved Mon 12 Jan; on Wed 14 Jan a newer plan saved (Tue/Thu 3 h,
    6 h/week, from Thu 15 Jan; or Mon/Wed/Fri 4 h, 12 h/week, from that day), its log holding its first session saved
    that day.  Read on Tue 13 Jan: the Mon/Wed/Fri plan and log, as that day saw them (was: the newer schedule, saved
    the day after, with no dose read at all)."""
    store, pid = _mon_wed_fri(tmp_path, "later_log.sqlite")
    old = store.latest(pid, "schedule").item
    store.save(pid, _log(old, ["2026-01-05", "2026-01-07", "2026-01-12"]), by="KM", when=D(2026, 1, 12))
    store.save(pid, plan, by="KM", when=D(2026, 1, 14))
    store.save(pid, later, by="KM", when=D(2026, 1, 14))
    store.save(pid, _log(later, [first]), by="KM", when=D(2026, 1, 14))
    episode = Episode.from_store(store, pid, as_of=D(2026, 1, 13), now=_evening(D(2026, 1, 13)))
    assert episode.attendance is not None and str(episode.attendance.schedule.start) == "2026-01-05"  # typed
    assert [str(r.date) for r in episode.attendance.records] == ["2026-01-05", "2026-01-07", "2026-01-12"]  # typed
    assert episode.schedule is not None and str(episode.schedule.start) == "2026-01-05"  # typed
    assert episode.plan is not None and episode.plan.hours_per_week == 9  # typed
    # Mon 5, Wed 7, Fri 9 and Mon 12 Jan planned by 13 Jan (4 x 3 h), 5, 7 and 12 Jan attended (3 x 3 h)
    assert episode.dose is not None and (episode.dose.planned_to_date, episode.dose.delivered) == (12, 9)  # typed
    # read on Fri 16 Jan, after the newer plan's first session: its plan and log, as before
    on = Episode.from_store(store, pid, as_of=D(2026, 1, 16), now=_evening(D(2026, 1, 16)))
    assert on.attendance is not None and str(on.attendance.schedule.start) == first
    assert on.plan == plan


def test_the_chart_of_a_day_pairs_its_log_with_no_schedule_saved_after_it(tmp_path):
    """A Tue/Thu plan (6 h/week) from Tue 20 Jan saved Fri 9 Jan; the Mon/Wed/Fri log (5, 7, 9 and 12 Jan attended)
    saved Mon 12 Jan; on Wed 14 Jan the Mon/Wed/Fri plan saved again (9 h/week, the same schedule).  Read on Mon 12
    Jan, the log is judged by the plan saved with its schedule by that day, 9 h/week (was: the Tue/Thu plan's 6 h/week
    and the warning 'The schedule gives 9 h in weeks 1, 2, 3, 4 but the plan is 6 h/week.')."""
    store, pid = _mon_wed_fri(tmp_path, "resaved.sqlite")
    old = store.latest(pid, "schedule").item
    store.save(pid, DosePlan(6, 4, sessions_per_week=2), by="KM", when=D(2026, 1, 9))
    store.save(pid, schedule("2026-01-20", ["tue", "thu"], 3, 4, track="morning"), by="KM", when=D(2026, 1, 9))
    store.save(pid, _log(old, ["2026-01-05", "2026-01-07", "2026-01-09", "2026-01-12"]), by="KM", when=D(2026, 1, 12))
    store.save(pid, DosePlan(9, 4, sessions_per_week=3), by="KM", when=D(2026, 1, 14))
    store.save(pid, schedule("2026-01-05", ["mon", "wed", "fri"], 3, 4, track="evening"), by="KM", when=D(2026, 1, 14))
    episode = Episode.from_store(store, pid, as_of=D(2026, 1, 12), now=_evening(D(2026, 1, 12)))
    assert episode.attendance is not None and str(episode.attendance.schedule.start) == "2026-01-05"  # typed
    assert episode.plan is not None and episode.plan.hours_per_week == 9  # typed: the plan saved with Mon/Wed/Fri
    assert episode.dose is not None
    assert [f.message for f in episode.dose.flags if f.code == "schedule_hours_differ_from_plan"] == []
    assert (episode.dose.planned_to_date, episode.dose.delivered) == (12, 12)  # typed: 4 sessions x 3 h, all attended


def test_the_chart_of_a_day_reads_the_plan_of_that_day_even_when_it_was_amended_later(tmp_path):
    """The Mon/Wed/Fri log (5 and 7 Jan attended) saved Wed 7 Jan; on Fri 9 Jan a newer plan saved, Tue/Thu 3 h from
    Tue 13 Jan, no attendance recorded on it yet; on Tue 20 Jan its schedule corrected (4 h sessions).  Read on Wed 14
    Jan, after the newer plan's first session: the Tue/Thu plan of that day, its log as its first attendance would start
    it (was: its version superseded after that day was dropped, and the chart read the replaced Mon/Wed/Fri plan)."""
    store, pid = _mon_wed_fri(tmp_path, "amended_later.sqlite")
    old = store.latest(pid, "schedule").item
    store.save(pid, _log(old, ["2026-01-05", "2026-01-07"]), by="KM", when=D(2026, 1, 7))
    store.save(pid, DosePlan(6, 4, sessions_per_week=2), by="KM", when=D(2026, 1, 9))
    tue_thu = store.save(
        pid, schedule("2026-01-13", ["tue", "thu"], 3, 4, track="morning"), by="KM", when=D(2026, 1, 9)
    )
    corrected = schedule("2026-01-13", ["tue", "thu"], 4, 4, track="morning")
    store.save(pid, corrected, by="KM", amends=tue_thu, reason="4 h sessions", when=D(2026, 1, 20))
    episode = Episode.from_store(store, pid, as_of=D(2026, 1, 14), now=_evening(D(2026, 1, 14)))
    assert episode.attendance is not None and str(episode.attendance.schedule.start) == "2026-01-13"  # typed
    assert episode.attendance.records == ()  # typed: no session of the old log falls on the Tue/Thu plan
    assert episode.plan is not None and episode.plan.hours_per_week == 6  # typed
