"""walk24 finding 12: the continued-stay review of a patient who has not attended for 30 days or more said "continue at
the current level". The ruling (typed from the brief of the walk's fixes): a patient gone 30 days without attending is
not "continue"; the review says the absence (days since last attended, from the attendance records) and calls for
outreach (a re-engagement contact) and a re-assessment of the level of care or discharge per programme policy. 30 days
without attendance: the words; 29 days: no such words.  Sources named by the ruling: ASAM Criteria 3rd ed.
continued-stay and transfer/discharge criteria; SAMHSA TIP 47 (IOP re-engagement of clients who miss sessions).
"""

from __future__ import annotations

import datetime as dt

import pytest

from iopkit.placement import EpisodeHistory, LevelOfCare, review

TODAY = dt.date(2026, 12, 4)


def _review(days_since: int | None, *, level=LevelOfCare.IOP, since=None, attendance=0.9):
    last = None if days_since is None else TODAY - dt.timedelta(days=days_since)
    history = EpisodeHistory(
        level, attendance=attendance, drug_screens=(False,) * 3, as_of=TODAY, last_attended=last, level_since=since
    )
    return review(history)


def _said(r) -> str:
    return " ".join([r.headline, *(x.finding for x in r.reasons), *(f"{f.message} {f.action}" for f in r.flags)])


def test_30_days_without_attendance_is_not_continue():
    r = _review(30)
    text = _said(r)
    assert str(r.decision) != "continue"
    assert r.headline.startswith("No session attended for 30 days (last attended 04 Nov 2026): contact the patient now")
    assert "no session attended for 30 days (last attended 04 Nov 2026)" in text
    assert "outreach" in text and "re-engagement contact" in text
    assert "re-assess the level of care, or discharge as the programme's policy says" in text


def test_29_days_without_attendance_says_no_such_words():
    r = _review(29)
    text = _said(r)
    assert str(r.decision) == "continue" and r.headline.startswith("Continue at Level 2.1")
    assert "no session attended" not in text.lower() and "re-engagement" not in text and "outreach" not in text


def test_the_absence_is_its_first_reason_and_a_flag_calling_for_a_level_review():
    r = _review(44)
    assert r.reasons[0].code == "no_attendance" and "44 days" in r.reasons[0].finding
    (flag,) = [f for f in r.flags if f.code == "no_attendance"]
    assert str(flag.calls_for) == "level_review" and "asam2013" in flag.source and "tip47" in flag.source


def test_never_attended_since_placed_30_days_ago():
    r = _review(None, since=TODAY - dt.timedelta(days=30), attendance=0.0)  # every session recorded absent
    assert "no session attended in the 30 days since the placement at this level on 04 Nov 2026" in _said(r)
    assert "no session attended" not in _said(_review(None, since=TODAY - dt.timedelta(days=29))).lower()


def test_without_any_attendance_recorded_the_absence_is_not_known():
    # placed 90 days ago, no schedule or attendance recorded: attendance unknown, as before (not said absent)
    r = _review(None, since=TODAY - dt.timedelta(days=90), attendance=None)
    assert "no session attended" not in _said(r).lower() and str(r.decision) == "continue"


def test_an_attendance_before_the_placement_counts_from_the_placement():
    # placed at this level 10 days ago after a stay whose last session was 60 days ago: not 60 days gone
    assert "no session attended" not in _said(_review(60, since=TODAY - dt.timedelta(days=10))).lower()


@pytest.mark.parametrize("level", [LevelOfCare.RESIDENTIAL_HIGH, LevelOfCare.INPATIENT_MANAGED])
def test_a_24_hour_setting_has_no_sessions_to_miss(level):
    assert "no session attended" not in _said(_review(90, level=level)).lower()


# --- through the store, as the progress page reads it: the last session attended from the attendance records --------


@pytest.mark.parametrize(("as_of", "said"), [(dt.date(2026, 12, 4), True), (dt.date(2026, 12, 3), False)])
def test_the_chart_s_review_counts_from_the_last_session_attended(store, patient, as_of, said):
    """IOP Mon and Wed from Mon 2 Nov 2026, 3 h; attended 2 and 4 Nov, every later session recorded absent: on Fri 4
    Dec 30 days since the last session attended (the words), on Thu 3 Dec 29 (none)."""
    from iopkit import score
    from iopkit.dose import Attendance, DosePlan, schedule
    from iopkit.episode import Episode
    from iopkit.placement import Placement, recommend

    from .conftest import clinic_time

    mon = dt.date(2026, 11, 2)
    sched = schedule(mon, ["mon", "wed"], 3, 6)
    log = Attendance(sched)
    for s in sched.sessions:
        if s.date <= as_of - dt.timedelta(days=1):
            log = log.record(s.date, "attended" if s.date <= dt.date(2026, 11, 4) else "missed", today=as_of)
    store.save(patient, score("phq9", [1] * 9), by="KM", when=mon)
    store.save(
        patient, Placement(recommend({1: 0, 2: 0, 3: 2, 4: 2, 5: 3, 6: 2}), LevelOfCare.IOP, "x"), by="KM", when=mon
    )
    store.save(patient, DosePlan(6, 3, sessions_per_week=2), by="KM", when=mon)
    store.save(patient, log, by="KM", when=as_of)
    r = Episode.from_store(store, patient, as_of=as_of, now=clinic_time(as_of, 15)).review
    text = _said(r)
    assert ("no session attended for 30 days (last attended 04 Nov 2026)" in text) is said
    assert (str(r.decision) == "reassess") is said
