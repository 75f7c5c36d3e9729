"""The episode view: what every page reads about one patient, checked against hand-worked values."""

from __future__ import annotations

import datetime as dt

import pytest

from iopkit import score
from iopkit.dose import Attendance, DosePlan, schedule
from iopkit.entry import local_time
from iopkit.episode import Episode
from iopkit.placement import FlagResolution, LevelOfCare, Placement, recommend
from iopkit.records import DrugScreen
from iopkit.store import Store

from .conftest import clinic_time

MON = dt.date(2026, 3, 2)  # a Monday
# PHQ-9 answers and their totals added by hand; item 9 (last) > 0 raises the suicide-risk flag.
INTAKE = [2, 2, 2, 2, 2, 2, 2, 2, 1]  # 17, item 9 = 1
WEEK_1 = [1, 1, 1, 1, 1, 1, 1, 1, 0]  # 8
WEEK_2 = [1, 1, 1, 0, 0, 0, 0, 0, 0]  # 3


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "clinic.sqlite") as s:
        yield s


def _placed(store, pid, when, level_code="2.1"):
    rec = recommend({1: 0, 2: 0, 3: 2, 4: 2, 5: 3, 6: 2})
    level = LevelOfCare.from_code(level_code)
    placement = Placement(rec, level, None if level is rec.level else "clinical judgement")
    return store.save(pid, placement, by="KM", when=when), rec


def test_empty_patient(store):
    pid = store.add_patient("IOP-0001")
    e = Episode.from_store(store, pid, as_of=MON)
    assert (e.level, e.started, e.last_seen, e.open_flags, e.latest, e.review) == (None, None, None, (), (), None)
    # No PHQ-9 ever: the weekly measure is due today.
    assert [(d.instrument, d.last, d.due_on, d.overdue_days) for d in e.due] == [("phq9", None, MON, 0)]


def test_level_since_and_by_come_from_the_latest_placement(store):
    pid = store.add_patient("IOP-0002")
    store.save(pid, score("phq9", INTAKE), by="KM", when=MON)
    _placed(store, pid, MON, "2.1")
    _placed(store, pid, MON + dt.timedelta(days=9), "1")
    e = Episode.from_store(store, pid, as_of=MON + dt.timedelta(days=10))
    assert (e.level.code, e.level_since, e.level_by, e.level_from) == ("1", dt.date(2026, 3, 11), "KM", "placement")
    assert e.days_in_programme == 10
    # As of the day before the second decision, the first one still stands.
    assert Episode.from_store(store, pid, as_of=MON + dt.timedelta(days=8)).level.code == "2.1"


def test_latest_score_trend_and_due(store):
    pid = store.add_patient("IOP-0003")
    store.save(pid, score("phq9", INTAKE), by="KM", when=MON)
    store.save(pid, score("phq9", WEEK_1), by="KM", when=MON + dt.timedelta(days=7))
    e = Episode.from_store(store, pid, as_of=MON + dt.timedelta(days=14))
    (latest,) = e.latest
    assert (latest.instrument, latest.score.total, latest.previous.total, latest.trend) == ("phq9", 8, 17, "down")
    # 17 -> 8 is a 9-point drop: beyond PHQ-9's reliable-change threshold (about 6 points).
    assert latest.reliable == "improved"
    # Last PHQ-9 on 9 March: due 16 March, overdue 0 days on 16 March; not due on 15 March.
    assert [(d.due_on, d.overdue_days) for d in e.due] == [(dt.date(2026, 3, 16), 0)]
    assert Episode.from_store(store, pid, as_of=dt.date(2026, 3, 15)).due == ()
    assert [d.overdue_days for d in Episode.from_store(store, pid, as_of=dt.date(2026, 3, 19)).due] == [3]


def test_last_seen_is_a_visit_not_the_patients_own_check_in(store):
    # a check-in is the patient's own answers (Source.PATIENT), maybe on their own phone: the chart's "last seen"
    # stays the last day staff saw the patient, as the late-flag worklist's "on site since" reads it
    from iopkit.store import Source

    pid = store.add_patient("IOP-0009")
    store.save(pid, score("phq9", WEEK_1), by="KM", when=MON)  # seen on Monday 2 Mar
    store.save(pid, score("gad7", [1] * 7), by="patient", when=MON + dt.timedelta(days=3), source=Source.PATIENT)
    e = Episode.from_store(store, pid, as_of=MON + dt.timedelta(days=4))
    assert e.last_seen == MON and [x.instrument for x in e.latest] == ["phq9", "gad7"]  # the check-in still counts


def test_open_safety_flag_until_resolved_then_review_may_step_down(store):
    pid = store.add_patient("IOP-0004")
    store.save(pid, score("phq9", INTAKE), by="KM", when=MON)
    store.save(pid, score("phq9", WEEK_1), by="KM", when=MON + dt.timedelta(days=7))
    store.save(pid, score("phq9", WEEK_2), by="KM", when=MON + dt.timedelta(days=14))
    _placed(store, pid, MON)
    for week in range(3):
        store.save(
            pid,
            DrugScreen(MON + dt.timedelta(days=7 * week), "urine 5-panel", negative=["opioids"]),
            by="KM",
            when=MON + dt.timedelta(days=7 * week),
        )
    plan = DosePlan(9, 3, sessions_per_week=3)
    log = Attendance(schedule(MON, ["mon", "wed", "fri"], 3, 3))
    for s in log.schedule.sessions:
        if s.date <= MON + dt.timedelta(days=14):
            log = log.record(s.date, "attended", today=MON + dt.timedelta(days=14))
    store.save(pid, plan, by="KM", when=MON)
    store.save(pid, log, by="KM", when=MON + dt.timedelta(days=14))
    as_of = MON + dt.timedelta(days=14)
    e = Episode.from_store(store, pid, as_of=as_of)
    assert [(f.instrument, f.week, f.flag.code) for f in e.open_flags] == [("phq9", 0.0, "suicidal_ideation")]
    # 7 sessions of 3 h held by 16 March (Mon/Wed/Fri x 2 weeks + Monday), all attended: 21 of 21 h.
    assert (e.dose.planned_to_date, e.dose.delivered, e.review_attendance) == (21, 21, 1.0)
    # This week (16 March, Monday): one session held and attended, 3 h.
    assert (e.this_week.scheduled_sessions, e.this_week.attended_sessions, e.this_week.delivered_hours) == (1, 1, 3)
    assert e.review.decision == "continue"
    assert "unresolved_risk_assessment" in {r.code for r in e.review.reasons}
    store.save(
        pid,
        FlagResolution("suicidal_ideation", "phq9", 0, "C-SSRS screen; safety plan", "KM", MON, risk_level="low"),
        by="KM",
        when=MON,
    )
    e = Episode.from_store(store, pid, as_of=as_of)
    assert e.open_flags == ()
    # 17 -> 3: response and remission (< 5), 3 negative screens, 100 % attendance: step down.
    assert e.review.decision == "step_down"


def test_corrected_assessment_is_marked_and_replaces_the_original(store):
    pid = store.add_patient("IOP-0005")
    first = store.save(pid, score("phq9", WEEK_1), by="KM", when=MON)
    store.save(pid, score("phq9", WEEK_2), by="KM", when=MON, amends=first, reason="item 4 mis-entered")
    e = Episode.from_store(store, pid, as_of=MON)
    assert [(x.score.total, x.corrected) for x in e.latest] == [(3, True)]
    assert len(e.scores) == 1


# C-SSRS screener triage (Columbia): Q1 and Q2 "yes" without Q3-Q5 or behaviour is low risk; Q4 "yes" is high
# risk. PHQ-9 item 9 above 0 raises the suicidal-ideation flag (Kroenke et al. 2001).
LOW = ["yes", "yes", "no", "no", "no", "no", None]
HIGH = ["yes", "yes", "no", "yes", "no", "no", None]


def _resolved_then_corrected(store, first, corrected):
    pid = store.add_patient("IOP-0077")
    original = store.save(pid, score("cssrs_screen", first), by="KM", when=MON)
    store.save(
        pid,
        FlagResolution(
            "suicide_risk_low",
            "cssrs_screen",
            0,
            "risk assessment: low risk; safety plan",
            "KM",
            MON,
            record=str(original),
            risk_level="low",
        ),
        by="KM",
        when=MON,
    )
    assert Episode.from_store(store, pid, as_of=MON).open_flags == ()
    store.save(pid, score("cssrs_screen", corrected), by="KM", when=MON, amends=original, reason="Q6 mis-entered")
    return Episode.from_store(store, pid, as_of=MON)


def test_a_resolution_covers_the_correction_of_its_record(store):
    # a correction that keeps the same finding (low risk) does not re-open what was resolved
    e = _resolved_then_corrected(store, LOW, ["yes", "yes", "no", "no", "no", "no", "no"])
    assert e.open_flags == ()


def test_a_correction_that_raises_a_worse_flag_stays_open(store):
    e = _resolved_then_corrected(store, LOW, HIGH)
    assert [f.flag.code for f in e.open_flags] == ["suicide_risk_high"]


# The reviewer's case: a CIWA-Ar at 09:00 with hallucinations (item 6 at 4, moderately severe, Sullivan 1989), its
# flag resolved (e.g. after lorazepam), a CIWA-Ar of 0 at 15:00 the same day. The episode keeps when the finding was
# taken, time of day and all, so the placement tells the earlier CIWA-Ar from the latest one: the 09:00 finding is
# still possible withdrawal delirium (ASAM 2020 alcohol withdrawal guideline, Rec II.5): dimension 1 suggested 3.
def test_a_resolved_ciwa_ar_finding_earlier_the_same_day_keeps_its_time_and_counts(store):
    from iopkit.placement import suggest_dimensions

    pid = store.add_patient("IOP-0099")
    at9, at15 = (clinic_time(MON, h) for h in (9, 15))  # the clinic's clock: both of MON in any zone
    first = store.save(pid, score("ciwa_ar", [1, 1, 1, 1, 1, 4, 0, 0, 0, 0]), by="KM", when=at9)
    store.save(
        pid,
        FlagResolution("complicated_withdrawal", "ciwa_ar", 0, "lorazepam given", "KM", MON, str(first)),
        by="KM",
        when=at9,
    )
    store.save(pid, score("ciwa_ar", [0] * 10), by="KM", when=at15)
    e = Episode.from_store(store, pid, as_of=MON)
    assert e.withdrawal_delirium_at == (at9,)
    assert not [f for f in e.open_flags if f.flag.code == "complicated_withdrawal"]
    s = suggest_dimensions(
        [score("ciwa_ar", [0] * 10)],
        scored_on={"ciwa_ar": at15},
        withdrawal_delirium_on=e.withdrawal_delirium_at,
        today=MON,
    )
    assert s[1].rating == 3
    assert (
        f"Possible withdrawal delirium on {MON:%d %b %Y} (CIWA-Ar at {local_time(at9)[11:]})" in s[1].flags[0].message
    )
