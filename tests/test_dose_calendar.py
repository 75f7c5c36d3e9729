"""The dose calendar's marks: each scheduled session attended, late / left early, missed (excused or not),
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
    assert seen == {
        1: [("attended", 3.0), ("late_or_left_early", 1.5), ("not_recorded", None), ("upcoming", None)],
        2: [("late_or_left_early", 2.0), ("missed_unexcused", 0.0), ("not_recorded", None), ("upcoming", None)],
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
