"""The continued-stay review weighs attendance over the sessions recorded, names the sessions no roster was taken for,
and says each completed week below the placed level's weekly minimum (session 19).

IOP rosters record present, late, left early or absent explicitly: a planned session with no record is the roster not
taken (today's, or one forgotten), not an absence. Counted as missed it lowered the attendance and could hold a
step-down or raise ``low_attendance`` (finding A). An overall 80 % could hide a week of 6 h, below the IOP minimum of
9 h a week (ASAM Criteria 3rd ed. 2013; finding B). Each case is read through the real store (SQLite), as the progress
page reads it (:meth:`Episode.from_store`), from a patient otherwise ready to step down from IOP: PHQ-9 16 -> 0
(remission, Kroenke et al. 2001), three negative drug screens. Every number and sentence is typed here by hand.
"""

from __future__ import annotations

import datetime as dt

import pytest

from iopkit import score
from iopkit.dose import Attendance, DosePlan, schedule
from iopkit.episode import Episode
from iopkit.errors import PlacementInputError
from iopkit.placement import EpisodeHistory, LevelOfCare, Placement, recommend, review
from iopkit.records import DrugScreen

from .conftest import clinic_time

MON = dt.date(2026, 11, 2)  # a Monday
INTAKE = [2, 2, 2, 2, 2, 2, 2, 2, 0]  # PHQ-9 16: the clinical range
REMITTED = [0] * 9  # PHQ-9 0: remission (< 5)
STEP_DOWN = "Step down: Level 2.1 (Intensive outpatient) → Level 1 (Outpatient)"
CONTINUE = "Continue at Level 2.1 (Intensive outpatient)"
#: The source of a week judged against the IOP minimum: the level table (asam2013; tip47; cfr_410_43) defines the
#: hours; judging each week's hours attended, and holding a step-down on it, is iopkit's own rule (session 19
#: review S1).
IOP_HOURS_SOURCE = "asam2013; tip47; cfr_410_43; iopkit"


def _ready(store, patient, plan, log, as_of):
    """A placed IOP patient, PHQ-9 16 -> 0, three negative drug screens (``as_of`` and 2 and 4 days before) and
    ``plan`` with ``log`` saved."""
    store.save(patient, score("phq9", INTAKE), by="KM", when=MON)
    store.save(patient, score("phq9", REMITTED), by="KM", when=as_of)
    rec = recommend({1: 0, 2: 0, 3: 2, 4: 2, 5: 3, 6: 2})
    store.save(patient, Placement(rec, LevelOfCare.IOP, "clinical judgement"), by="KM", when=MON)
    for n in (4, 2, 0):
        day = as_of - dt.timedelta(days=n)
        store.save(patient, DrugScreen(day, "urine 5-panel", negative=["opioids", "cocaine"]), by="KM", when=day)
    store.save(patient, plan, by="KM", when=MON)
    store.save(patient, log, by="KM", when=as_of)


def _log(sched, marks, today):
    log = Attendance(sched)
    for day, status in marks.items():
        log = log.record(day, status, today=today)
    return log


def _day(n):
    return MON + dt.timedelta(days=n)


# --- A: a planned session with no attendance recorded ----------------------------------------------------------------

# 12 h a week: Monday to Thursday, 3 h from 09:00 (the morning track). By Tuesday 10 Nov: 6 sessions planned.
PLAN_12 = DosePlan(12, 3, sessions_per_week=4)
SCHED_12 = schedule(MON, ["mon", "tue", "wed", "thu"], 3, 3)
TUE = _day(8)  # Tuesday 10 Nov 2026
# 4 present, 1 absent, Tuesday's session not recorded
MARKS = {_day(0): "attended", _day(1): "attended", _day(2): "attended", _day(3): "missed", _day(7): "attended"}


def test_an_unrecorded_session_is_not_counted_as_missed_and_waits_for_the_roster(store, patient):
    _ready(store, patient, PLAN_12, _log(SCHED_12, MARKS, TUE), TUE)
    e = Episode.from_store(store, patient, as_of=TUE, now=clinic_time(TUE, 15))  # Tuesday's session ended at 12:00
    # 4 present x 3 h = 12 h of the 5 sessions recorded x 3 h = 15 h: 80 % (counted as missed it was 12 of 18: 67 %)
    assert e.review_attendance == pytest.approx(0.8)
    # the review's "Attendance used" says the range where it differs (session 19 review M1, follow-up 3)
    assert e.attendance_used == (
        "80% of the session hours recorded (67% if the session with no attendance recorded was missed)"
    )
    r = e.review
    assert r.headline == CONTINUE
    findings = {x.code: x.finding for x in r.findings}
    # session 19 review M1: counted as missed, 12 of 18 h is 67 % (< 80 %): the step-down waits for it too
    assert findings["attendance"] == (
        "attended 80% of the session hours recorded, 67% of the planned hours if the session with no attendance "
        "recorded was missed: a step-down waits until it is recorded (>= 80% needed)"
    )
    # session 19 review S2: the clinicians' words
    assert [x.finding for x in r.reasons if x.code == "attendance_unrecorded"] == [
        "1 planned session (Tue 10 Nov) has no attendance recorded: record it (present, late, left early or absent); "
        "left out of the attendance figure until then; a step-down waits until every session of the last two weeks "
        "is recorded"
    ]
    (flag,) = [f for f in r.flags if f.code == "attendance_unrecorded"]
    assert (flag.message, str(flag.severity), flag.action) == (
        "1 planned session (Tue 10 Nov) has no attendance recorded; attendance is 67-80% until it is",
        "warning",
        "Record it from the sign-in sheet or group note (present, late, left early or absent); a step-down waits for "
        "the last two weeks' sessions",
    )
    assert "low_attendance" not in {f.code for f in r.flags}
    # week 1 (2-8 Nov): 3 present of 4 x 3 h = 9 h: the IOP minimum, reached
    assert "week_below_minimum" not in findings


def test_the_roster_taken_the_step_down_is_offered(store, patient):
    _ready(store, patient, PLAN_12, _log(SCHED_12, {**MARKS, TUE: "attended"}, TUE), TUE)
    r = Episode.from_store(store, patient, as_of=TUE, now=clinic_time(TUE, 15)).review
    # 5 present x 3 h = 15 h of 6 x 3 h = 18 h: 83 %
    assert r.headline == STEP_DOWN
    assert "attended 83% of the session hours recorded" in next(x.finding for x in r.reasons if x.code == "attendance")


def test_today_s_session_before_its_end_is_never_counted(store, patient):
    _ready(store, patient, PLAN_12, _log(SCHED_12, MARKS, TUE), TUE)
    e = Episode.from_store(store, patient, as_of=TUE, now=clinic_time(TUE, 10))  # 10:00: the session runs to 12:00
    assert e.review_attendance == pytest.approx(0.8)  # 12 of 15 h, as before
    assert "attendance_unrecorded" not in {x.code for x in e.review.findings}
    assert e.review.headline == STEP_DOWN
    # at 12:00 the session has ended: its roster is due
    at_end = Episode.from_store(store, patient, as_of=TUE, now=clinic_time(TUE, 12))
    assert "attendance_unrecorded" in {x.code for x in at_end.review.reasons}


def test_an_unrecorded_session_older_than_two_weeks_is_said_but_does_not_hold(store, patient):
    # Monday 2 Nov never recorded; every other session of 2-19 Nov attended; the review on Thursday 19 Nov:
    # 17 days after it. Week 1: 3 x 3 h = 9 h attended, the 4th not recorded: the minimum reached anyway.
    thu = _day(17)
    marks = {s.date: "attended" for s in SCHED_12.sessions if _day(0) < s.date <= thu}
    _ready(store, patient, PLAN_12, _log(SCHED_12, marks, thu), thu)
    r = Episode.from_store(store, patient, as_of=thu, now=clinic_time(thu, 15)).review
    assert r.headline == STEP_DOWN
    # session 19 review S2; counted as missed, 33 of 36 h is 92 % (>= 80 %): it does not hold (M1)
    assert [x.finding for x in r.findings if x.code == "attendance_unrecorded"] == [
        "1 planned session (Mon 2 Nov) has no attendance recorded: record it (present, late, left early or absent); "
        "left out of the attendance figure until then"
    ]
    assert [str(f.severity) for f in r.flags if f.code == "attendance_unrecorded"] == ["info"]


def test_nothing_recorded_is_unknown_attendance_and_every_session_is_named():
    h = EpisodeHistory(
        LevelOfCare.IOP,
        None,
        (False,) * 3,
        unrecorded_sessions=(_day(0), _day(2)),
        as_of=_day(3),
    )
    r = review(h)
    codes = [x.code for x in r.reasons]
    assert "attendance_unknown" in codes and "attendance_unrecorded" in codes
    # session 19 review S2
    assert "2 planned sessions (Mon 2 Nov, Wed 4 Nov) have no attendance recorded" in [f.message for f in r.flags]


# --- B: a completed week below the placed level's weekly minimum ------------------------------------------------------

# 9 h a week: Monday, Wednesday, Friday, 3 h. Week 2 (9-15 Nov): Friday missed, 6 h. By Sunday 22 Nov: 8 of 9
# sessions, 24 of 27 h: 89 % overall.
PLAN_9 = DosePlan(9, 3, sessions_per_week=3)
SCHED_9 = schedule(MON, ["mon", "wed", "fri"], 3, 3)
SUN = _day(20)  # Sunday 22 Nov 2026


def test_a_week_of_6_h_is_said_and_holds_the_step_down_not_a_step_up(store, patient):
    marks = {s.date: "attended" for s in SCHED_9.sessions}
    marks[_day(11)] = "missed"  # Friday 13 Nov
    _ready(store, patient, PLAN_9, _log(SCHED_9, marks, SUN), SUN)
    r = Episode.from_store(store, patient, as_of=SUN, now=clinic_time(SUN, 15)).review
    assert r.decision == "continue" and r.headline == CONTINUE  # held, not a step up
    (week,) = [x for x in r.reasons if x.code == "week_below_minimum"]
    assert (week.finding, week.source) == (  # session 19 review S1, S2
        "week of Mon 9 Nov: 6 h attended of 9 h scheduled, below the IOP minimum of 9 h/week",
        IOP_HOURS_SOURCE,
    )
    (flag,) = [f for f in r.flags if f.code == "week_below_minimum"]
    assert (flag.message, str(flag.severity), flag.source) == (
        "Week of Mon 9 Nov: 6 h attended of 9 h scheduled, below the IOP minimum of 9 h/week",
        "warning",
        IOP_HOURS_SOURCE,
    )
    assert "attended 89% of the session hours recorded" in next(x.finding for x in r.findings if x.code == "attendance")


def test_a_week_below_the_minimum_before_the_last_two_weeks_is_said_not_weighed(store, patient):
    # the same week of 6 h (9-15 Nov), the review on Sunday 29 Nov: it ended 14 days before; 4 weeks planned
    sched = schedule(MON, ["mon", "wed", "fri"], 3, 4)
    sun = _day(27)
    marks = {s.date: "attended" for s in sched.sessions}
    marks[_day(11)] = "missed"
    _ready(store, patient, DosePlan(9, 4, sessions_per_week=3), _log(sched, marks, sun), sun)
    r = Episode.from_store(store, patient, as_of=sun, now=clinic_time(sun, 15)).review
    assert r.headline == STEP_DOWN
    assert [x.finding for x in r.findings if x.code == "week_below_minimum"] == [
        # session 19 review S2, S3
        "week of Mon 9 Nov: 6 h attended of 9 h scheduled, below the IOP minimum of 9 h/week (before the last two "
        "weeks: not weighed for the step-down)"
    ]
    assert not {"week_below_minimum", "weeks_below_minimum_earlier"} & {f.code for f in r.flags}  # 1 week: no pattern


def test_a_planned_taper_week_is_not_a_shortfall(store, patient):
    # after a step-down decision the patient stays placed at IOP on a taper of 6 h a week (Monday and Wednesday,
    # 3 h), every session attended: below the 9 h of IOP by plan (ASAM's 1-2 week IOP step-down), not by attendance
    sched = schedule(MON, ["mon", "wed"], 3, 2)
    sun = _day(13)
    marks = {s.date: "attended" for s in sched.sessions}
    _ready(store, patient, DosePlan(6, 2, sessions_per_week=2), _log(sched, marks, sun), sun)
    r = Episode.from_store(store, patient, as_of=sun, now=clinic_time(sun, 15)).review
    assert "week_below_minimum" not in {x.code for x in r.findings}
    assert r.headline == STEP_DOWN


def test_an_adolescent_week_is_judged_against_6_h():
    # adolescent IOP minimum 6 h/week (ASAM 2013): a week of 4 h is below it, one of 7 h is not
    h = EpisodeHistory(
        LevelOfCare.IOP,
        0.9,
        (False,) * 3,
        adolescent=True,
        weeks_below_minimum=((_day(7), 4.0), (_day(14), 7.0)),
        as_of=_day(20),
    )
    assert [x.finding for x in review(h).findings if x.code == "week_below_minimum"] == [
        "week of Mon 9 Nov: 4 h attended, below the IOP minimum of 6 h/week"  # session 19 review S2
    ]


@pytest.mark.parametrize(
    ("given", "match"),
    [
        ({"unrecorded_sessions": ("2026-11-02",)}, "unrecorded_sessions must be dates"),
        ({"unrecorded_sessions": (dt.datetime(2026, 11, 2, 9),)}, "unrecorded_sessions must be dates"),
        ({"weeks_below_minimum": ((MON, "6"),)}, r"\(date, hours\) pairs"),
        ({"weeks_below_minimum": (6.0,)}, r"\(date, hours\) pairs"),
        ({"as_of": "2026-11-22"}, "as_of must be a date"),
        ({"weeks_below_minimum": ((MON, 6.0, 9.0),)}, r"\(date, hours\) pairs"),
        ({"weeks_below_minimum": ((MON, 0.0, 6.0, "closed"),)}, r"'holiday' \| 'taper'"),
        ({"attendance_if_missed": 1.2}, "attendance_if_missed must be a fraction"),
        ({"attendance_if_missed": True}, "attendance_if_missed must be a fraction"),
        ({"weeks_completed": -1}, "weeks_completed must be a whole number"),
    ],
)
def test_malformed_attendance_evidence_is_refused(given, match):
    with pytest.raises(PlacementInputError, match=match):
        EpisodeHistory(LevelOfCare.IOP, 0.9, **given)


# --- session 19 clinician review (/work/reviews/rvw.md): its cases, the sentences typed from its words ---------------

SUN_29 = _day(27)  # Sunday 29 Nov 2026
NO_SESSION_ACTION = (
    "No session attended in the week of Mon 23 Nov: contact the patient (outreach) and review for relapse. After a "
    "lapse in opioid use, tolerance is lower and so is the overdose threshold"
)
# 12 h a week (Monday to Thursday, 3 h), 4 weeks. Weeks 1-2: the patient came once a week (Mon 2 and Mon 9 Nov), the
# absences never entered (a clinic that writes down only who came); weeks 3-4: every session attended.
SCHED_12_4 = schedule(MON, ["mon", "tue", "wed", "thu"], 3, 4)
C1_MARKS = {s.date: "attended" for s in SCHED_12_4.sessions if s.date >= _day(14)} | {
    _day(0): "attended",
    _day(7): "attended",
}


def test_c1_absences_never_entered_hold_the_step_down(store, patient):
    # review M1: 10 sessions attended x 3 h = 30 h of the 30 h recorded (100 %); of the 16 sessions planned, 48 h,
    # 30 h is 62.5 %: below 80 %, so the 6 sessions with no record hold the step-down, however old they are
    _ready(store, patient, DosePlan(12, 4, sessions_per_week=4), _log(SCHED_12_4, C1_MARKS, SUN_29), SUN_29)
    e = Episode.from_store(store, patient, as_of=SUN_29, now=clinic_time(SUN_29, 20))
    r = e.review
    assert (r.decision, r.headline) == ("continue", CONTINUE)
    # the review's "Attendance used" says the range where it differs (session 19 review M1, follow-up 3)
    assert e.attendance_used == (
        "100% of the session hours recorded (62% if the 6 sessions with no attendance recorded were missed)"
    )
    reasons = {x.code: x.finding for x in r.reasons}
    assert reasons["attendance"] == (
        "attended 100% of the session hours recorded, 62% of the planned hours if the 6 sessions with no attendance "
        "recorded were missed: a step-down waits until they are recorded (>= 80% needed)"
    )
    assert reasons["attendance_unrecorded"] == (
        "6 planned sessions (Tue 3 Nov, Wed 4 Nov, Thu 5 Nov, Tue 10 Nov, Wed 11 Nov, Thu 12 Nov) have no attendance "
        "recorded: record them (present, late, left early or absent); left out of the attendance figure until then; "
        "a step-down waits until they are recorded"
    )
    (flag,) = [f for f in r.flags if f.code == "attendance_unrecorded"]
    assert (flag.message, str(flag.severity), flag.action) == (
        "6 planned sessions (Tue 3 Nov, Wed 4 Nov, Thu 5 Nov, Tue 10 Nov, Wed 11 Nov, Thu 12 Nov) have no attendance "
        "recorded; attendance is 62-100% until they are",
        "warning",
        "Record each from the sign-in sheet or group note (present, late, left early or absent)",
    )
    assert "low_attendance" not in {f.code for f in r.flags}  # 62 % is not below 50 %


def test_c1b_the_same_absences_entered_continue_as_before(store, patient):
    # the same patient with the 6 absences entered as missed: 30 of 48 h, 62 %; weeks 1-2 of 3 h each, said
    marks = C1_MARKS | {s.date: "missed" for s in SCHED_12_4.sessions if s.date < _day(14) and s.date not in C1_MARKS}
    _ready(store, patient, DosePlan(12, 4, sessions_per_week=4), _log(SCHED_12_4, marks, SUN_29), SUN_29)
    r = Episode.from_store(store, patient, as_of=SUN_29, now=clinic_time(SUN_29, 20)).review
    assert (r.decision, r.headline) == ("continue", CONTINUE)
    assert "attended 62% of the session hours recorded (a step-down needs >= 80%)" in [x.finding for x in r.reasons]
    assert [x.finding for x in r.findings if x.code == "week_below_minimum"] == [
        "week of Mon 2 Nov: 3 h attended of 12 h scheduled, below the IOP minimum of 9 h/week (before the last two "
        "weeks: not weighed for the step-down)",
        "week of Mon 9 Nov: 3 h attended of 12 h scheduled, below the IOP minimum of 9 h/week (before the last two "
        "weeks: not weighed for the step-down)",
    ]
    assert "attendance_unrecorded" not in {x.code for x in r.findings}


def test_attendance_below_50_percent_if_the_unrecorded_sessions_were_missed_is_low_attendance():
    # review M1: 100 % of the hours recorded, 40 % if the 3 sessions with no record were missed
    h = EpisodeHistory(
        LevelOfCare.IOP,
        1.0,
        (False,) * 3,
        unrecorded_sessions=(_day(0), _day(2), _day(4)),
        as_of=_day(27),
        attendance_if_missed=0.4,
    )
    r = review(h)
    (flag,) = [f for f in r.flags if f.code == "low_attendance"]
    assert (flag.message, str(flag.severity)) == (
        "Attended 40-100% of the planned hours: 40% if the 3 sessions with no attendance recorded were missed",
        "warning",
    )
    assert r.decision == "continue"


# 9 h a week (Monday, Wednesday, Friday, 3 h), 4 weeks; Friday 27 Nov (the day after Thanksgiving) skipped: the week
# of 23 Nov offers 6 h. Both its sessions recorded missed; every other session attended.
SCHED_HOLIDAY = schedule(MON, ["mon", "wed", "fri"], 3, 4, skip_dates=[dt.date(2026, 11, 27)])


def test_c2_a_holiday_week_with_no_session_attended_is_said_and_holds(store, patient):
    # review M2 and S4: 27 of 33 h recorded, 82 %, hid a week of 0 h of the 6 h offered
    marks = {s.date: "attended" for s in SCHED_HOLIDAY.sessions} | {_day(21): "missed", _day(23): "missed"}
    _ready(store, patient, DosePlan(9, 4, sessions_per_week=3), _log(SCHED_HOLIDAY, marks, SUN_29), SUN_29)
    r = Episode.from_store(store, patient, as_of=SUN_29, now=clinic_time(SUN_29, 20)).review
    assert (r.decision, r.headline) == ("continue", CONTINUE)  # held, not a step up
    (week,) = [x for x in r.reasons if x.code == "week_below_minimum"]
    assert (week.finding, week.source) == (
        "week of Mon 23 Nov (6 h scheduled, holiday): 0 h attended, below the hours scheduled and the IOP minimum of "
        "9 h/week",
        IOP_HOURS_SOURCE,
    )
    (flag,) = [f for f in r.flags if f.code == "week_below_minimum"]
    assert (flag.message, str(flag.severity), flag.action) == (
        "Week of Mon 23 Nov (6 h scheduled, holiday): 0 h attended, below the hours scheduled and the IOP minimum of "
        "9 h/week",
        "warning",
        NO_SESSION_ACTION,
    )
    assert "attended 82% of the session hours recorded (a step-down needs >= 80%)" in [x.finding for x in r.findings]


def test_a_taper_week_with_a_session_lost_is_judged_against_what_it_offered(store, patient):
    # review M2: a taper of 6 h a week (Monday and Wednesday, 3 h); Wednesday 11 Nov missed: 3 h of the 6 h offered
    sched = schedule(MON, ["mon", "wed"], 3, 2)
    sun = _day(13)
    marks = {s.date: "attended" for s in sched.sessions} | {_day(9): "missed"}
    _ready(store, patient, DosePlan(6, 2, sessions_per_week=2), _log(sched, marks, sun), sun)
    r = Episode.from_store(store, patient, as_of=sun, now=clinic_time(sun, 20)).review
    assert [x.finding for x in r.reasons if x.code == "week_below_minimum"] == [
        "week of Mon 9 Nov (6 h scheduled, taper): 3 h attended, below the hours scheduled and the IOP minimum of "
        "9 h/week"
    ]
    assert r.decision == "continue"


def test_c4_earlier_short_weeks_are_a_pattern_said_not_a_hold(store, patient):
    # review S3: 6 weeks of 9 h; the Fridays of weeks 1-3 missed (6 h each); weeks 4-6 full; 45 of 54 h, 83 %
    sched = schedule(MON, ["mon", "wed", "fri"], 3, 6)
    sun = _day(41)  # Sunday 13 Dec 2026
    marks = {s.date: "attended" for s in sched.sessions} | {_day(4): "missed", _day(11): "missed", _day(18): "missed"}
    _ready(store, patient, DosePlan(9, 6, sessions_per_week=3), _log(sched, marks, sun), sun)
    r = Episode.from_store(store, patient, as_of=sun, now=clinic_time(sun, 20)).review
    assert (r.decision, r.headline) == ("step_down", STEP_DOWN)
    assert [x.finding for x in r.findings if x.code == "week_below_minimum"] == [
        f"week of Mon {day} Nov: 6 h attended of 9 h scheduled, below the IOP minimum of 9 h/week (before the last "
        "two weeks: not weighed for the step-down)"
        for day in (2, 9, 16)
    ]
    (flag,) = [f for f in r.flags if f.code == "weeks_below_minimum_earlier"]
    assert (flag.message, str(flag.severity)) == (
        "3 of 6 completed weeks below the IOP minimum of 9 h/week (weeks of 2, 9, 16 Nov): an earlier pattern; plan "
        "for it in the step-down (Dimension 4/5)",
        "info",
    )


def test_a_recent_week_with_no_session_attended_calls_for_outreach_not_a_step_up(store, patient):
    # review S4: 9 h a week, 4 weeks; every session of the week of 23 Nov recorded missed; 27 of 36 h, 75 %
    sched = schedule(MON, ["mon", "wed", "fri"], 3, 4)
    marks = {s.date: "attended" for s in sched.sessions} | {_day(d): "missed" for d in (21, 23, 25)}
    _ready(store, patient, DosePlan(9, 4, sessions_per_week=3), _log(sched, marks, SUN_29), SUN_29)
    r = Episode.from_store(store, patient, as_of=SUN_29, now=clinic_time(SUN_29, 20)).review
    assert (r.decision, r.headline) == ("continue", CONTINUE)
    (flag,) = [f for f in r.flags if f.code == "week_below_minimum"]
    assert (flag.message, str(flag.severity), flag.action) == (
        "Week of Mon 23 Nov: 0 h attended of 9 h scheduled, below the IOP minimum of 9 h/week",
        "warning",
        NO_SESSION_ACTION,
    )
    # the outreach's overdose warning carries its published source (Strang et al. 2003, loss of tolerance)
    assert flag.source.split("; ")[-1] == "strang2003"
