"""The dose calendar's marks: each scheduled session attended, late, left early, missed (excused or not),
not recorded or upcoming, from attendance entered one session at a time and from group rosters."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from iopkit.dose import Attendance, Group, SessionMark, record_roster, schedule, session_marks, take_attendance
from iopkit.errors import DosePlanError
from iopkit.widgets.dose import marked_calendar_html

MON = dt.date(2025, 1, 6)  # a Monday


def test_a_roster_s_marks_reach_each_member_s_calendar():
    group = Group("Early recovery", "morning", ["mon", "wed", "fri"], 3, "KM", members=(1, 2, 3))
    logs = {p: Attendance(group.schedule(MON, 2)) for p in group.members}
    marks = [
        {1: "present", 2: ("late", 2), 3: "absent_excused"},
        {1: ("left_early", 1.5), 2: "absent_unexcused", 3: "present"},
    ]
    for day, roster in zip((MON, MON + dt.timedelta(days=2)), marks):
        logs = record_roster(logs, take_attendance(group, day, roster, today=day))
    today = MON + dt.timedelta(days=4)  # Friday: its session held, nothing recorded yet
    seen = {
        p: [(s.mark.value, s.delivered) for s in session_marks(log.schedule, log, today=today)][:4]
        for p, log in logs.items()
    }
    assert seen == {  # walk23 finding 6: the roster's late or left early is kept on the calendar
        1: [("attended", 3.0), ("left_early", 1.5), ("not_recorded", None), ("upcoming", None)],
        2: [("late", 2.0), ("missed_unexcused", 0.0), ("not_recorded", None), ("upcoming", None)],
        3: [("missed_excused", 0.0), ("attended", 3.0), ("not_recorded", None), ("upcoming", None)],
    }


def test_whether_an_absence_was_excused_is_kept_and_old_logs_read_unchanged():
    log = Attendance(schedule(MON, ["mon", "wed"], 3, 1)).record(MON, "missed", today=MON, excused=True)
    data = json.loads(json.dumps(log.to_dict()))
    assert data["records"][0]["excused"] is True and Attendance.from_dict(data) == log
    # A log saved before absences said excused or not: no key written, read back as "not said".
    old = Attendance(schedule(MON, ["mon", "wed"], 3, 1)).record(MON, "missed", today=MON)
    assert "excused" not in old.to_dict()["records"][0]
    (first, _second) = session_marks(old.schedule, old, today=MON)
    assert first.mark is SessionMark.MISSED and first.mark.label.startswith("missed (excused or not")


@pytest.mark.parametrize("status, hours", [("attended", None), ("partial", 1.0)])
def test_excused_is_said_only_of_a_missed_session(status, hours):
    with pytest.raises(DosePlanError, match="excused"):
        Attendance(schedule(MON, ["mon"], 3, 1)).record(MON, status, hours, today=MON, excused=False)


def test_the_calendar_page_shows_each_mark_in_words():
    log = Attendance(schedule(MON, ["mon", "wed", "fri"], 3, 2))
    wed = MON + dt.timedelta(days=2)
    log = log.record(MON, "partial", 2, today=wed).record(wed, "missed", today=wed, excused=False)
    page = marked_calendar_html(log.schedule, log, today=MON + dt.timedelta(days=4))
    assert page.count("<tr>") == 3  # header + 2 weeks
    for words in ("late / left early, 2 h", "missed, unexcused", "not recorded", "upcoming"):
        assert words in page
    with pytest.raises(DosePlanError, match="another schedule"):
        session_marks(schedule(MON, ["tue"], 3, 1), log)


def test_the_calendar_says_left_early_or_late_as_the_roster_took_it():
    """Walk23 finding 6: "Left early" on the roster reads "left early, 1.5 h" on the dose calendar, "Late" reads
    "late, 2 h"; a part session entered on the dose page (which part not said) still reads "late / left early"."""
    group = Group("Early recovery AM", "morning", ["mon", "wed", "fri"], 3, "KM", members=(1, 2))
    monday, wednesday = dt.date(2026, 11, 30), dt.date(2026, 12, 2)
    logs = {p: Attendance(group.schedule(monday, 1)) for p in group.members}
    logs = record_roster(logs, take_attendance(group, monday, {1: ("left_early", 1.5), 2: ("late", 2)}, today=monday))
    page = {p: marked_calendar_html(log.schedule, log, today=dt.date(2026, 12, 4)) for p, log in logs.items()}
    assert "Mon 30 Nov 09:00-12:00</span> <strong>left early, 1.5 h</strong>" in page[1], page[1]
    assert "Mon 30 Nov 09:00-12:00</span> <strong>late, 2 h</strong>" in page[2], page[2]
    typed = logs[1].record(wednesday, "partial", 2, today=wednesday)  # on the dose page: no roster mark
    said = marked_calendar_html(typed.schedule, typed, today=dt.date(2026, 12, 4))
    assert "Wed 02 Dec 09:00-12:00</span> <strong>late / left early, 2 h</strong>" in said, said
