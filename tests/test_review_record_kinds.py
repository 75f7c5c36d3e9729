"""Every kind of record that reaches the chart as a danger sign reaches the continued-stay review too (audit, session
17): a patient's own check-in answers (saved, or not saved yet), attendance and missed sessions, a corrected
(amended) record, a finding a correction withdrew, and an assessment of an earlier week.

Each case is read through the real store (SQLite), as the progress page reads it (:meth:`Episode.from_store`, then
the check-in book: :func:`iopkit.checkin.with_open_checkins`), from a patient otherwise ready to step down from
IOP: PHQ-9 16 -> 3 (response and remission, Kroenke et al. 2001), three negative drug screens, every session
attended. The review's words are typed here, as the review has said them since the physician reviews of its
safety hold (a step-down waits for each unresolved safety flag; ASAM Criteria 3rd ed. 2013, continued-stay and
transfer/discharge criteria; a positive suicide screen gets a risk assessment before the patient leaves, Joint
Commission NPSG 15.01.01), never read from iopkit.
"""

from __future__ import annotations

import datetime as dt
import html

import pytest

from iopkit import score
from iopkit.checkin import CheckinBook, book_of, with_open_checkins
from iopkit.dose import Attendance, DosePlan, schedule
from iopkit.episode import Episode
from iopkit.placement import LevelOfCare, Placement, recommend
from iopkit.records import DrugScreen
from iopkit.store import Source

from .conftest import clinic_time

MON = dt.date(2026, 3, 2)  # a Monday: week 0
TODAY = MON + dt.timedelta(days=14)  # week 2
# PHQ-9 answers, totals added by hand; item 9 (last) above 0 is the suicidal-ideation flag (Kroenke et al. 2001)
INTAKE = [2, 2, 2, 2, 2, 2, 2, 2, 0]  # 16: the clinical range
WEEK_1 = [1, 1, 1, 1, 1, 1, 1, 1, 0]  # 8
WEEK_2 = [1, 1, 1, 0, 0, 0, 0, 0, 0]  # 3: response and remission (< 5)
WEEK_2_ITEM_9 = [1, 1, 0, 0, 0, 0, 0, 0, 1]  # 3, item 9 at 1

#: The review's words, typed: the step-down of a patient ready for it (IOP -> Level 1).
STEP_DOWN = "Step down: Level 2.1 (Intensive outpatient) → Level 1 (Outpatient)"
#: ... and its hold while a suicide-risk flag is unresolved (NPSG 15.01.01: assessed the same day).
HOLD = (
    "First: a same-day suicide risk assessment (unresolved suicide-risk flag). "
    "Then: continue at Level 2.1 (Intensive outpatient)"
)
WAITS = "a step-down waits until each is resolved"


def _ready(store, patient, *, attended=None, screens=(False, False, False)):
    """A placed IOP patient, PHQ-9 16 -> 8 -> 3, a 9 h/week plan (3 x 3 h), a drug screen each week and every
    session held by TODAY attended (``attended``: the dates attended instead)."""
    for week, answers in enumerate((INTAKE, WEEK_1)):
        store.save(patient, score("phq9", answers), by="KM", when=MON + dt.timedelta(days=7 * week))
    last = store.save(patient, score("phq9", WEEK_2), by="KM", when=TODAY)
    rec = recommend({1: 0, 2: 0, 3: 2, 4: 2, 5: 3, 6: 2})
    store.save(patient, Placement(rec, LevelOfCare.IOP, "clinical judgement"), by="KM", when=MON)
    ids = []
    for week, positive in enumerate(screens):
        day = MON + dt.timedelta(days=7 * week)
        found = dict(positive=["cocaine"], negative=["opioids"]) if positive else dict(negative=["opioids", "cocaine"])
        ids.append(store.save(patient, DrugScreen(day, "urine 5-panel", **found), by="KM", when=day))
    log = Attendance(schedule(MON, ["mon", "wed", "fri"], 3, 3))
    for s in log.schedule.sessions:
        if s.date <= TODAY:
            status = "attended" if attended is None or s.date in attended else "missed"
            log = log.record(s.date, status, today=TODAY)
    store.save(patient, DosePlan(9, 3, sessions_per_week=3), by="KM", when=MON)
    store.save(patient, log, by="KM", when=TODAY)
    return last, ids


def _chart(store, patient, now=None):
    """The chart as the progress page reads it: the store, then the check-in book."""
    return with_open_checkins(store, Episode.from_store(store, patient, as_of=TODAY), now)


def test_the_ready_patient_steps_down(store, patient):
    _ready(store, patient)
    assert _chart(store, patient).review.headline == STEP_DOWN


# --- a patient's own check-in ---------------------------------------------------------------------------------------


@pytest.fixture
def book(store):
    with CheckinBook(book_of(store)) as opened:
        yield opened


def _checkin(store, patient, book, answers, now):
    ticket = book.start(store, patient, ["phq9"], by="KM", now=now)
    checkin = book.redeem(ticket.code, now=now).checkin.id
    for number, value in answers.items():
        book.answer(checkin, "phq9", number, value, now=now)
    return checkin


def test_a_saved_check_in_with_a_safety_answer_holds_the_step_down(store, patient, book):
    # the patient's own PHQ-9 of this week, item 9 at 1, saved to the store (patient-reported): as a clinician's
    _ready(store, patient)
    now = clinic_time(TODAY, 10)
    checkin = _checkin(store, patient, book, dict(enumerate(WEEK_2_ITEM_9, start=1)), now)
    (record,) = book.save_complete(store, checkin, now=now)
    assert store.record(record).source is Source.PATIENT
    r = _chart(store, patient, now).review
    assert r.headline == HOLD
    (held,) = [x.finding for x in r.reasons if x.code == "unresolved_risk_assessment"]
    assert "(PHQ-9, 16 Mar)" in held and held.endswith(WAITS)  # R25a 4: TODAY (week 2), was "(phq9, week 2)"


def test_a_safety_answer_on_a_check_in_not_saved_yet_holds_the_step_down(store, patient, book):
    # Gap found by this audit: PHQ-9 item 9 answered "more than half the days" on the tablet, the questionnaire not
    # finished. The caseload and the chart show its flag at once (checkin_flags) but the review still offered the
    # step-down beside it. A positive suicide screen is assessed the same day (NPSG 15.01.01); a step-down waits.
    _ready(store, patient)
    now = clinic_time(TODAY, 10)
    _checkin(store, patient, book, {9: 2}, now)
    chart = _chart(store, patient, now)
    assert [f.flag.code for f in chart.checkin_flags] == ["suicidal_ideation"]  # on the chart
    r = chart.review
    assert r.decision == "continue" and r.headline == HOLD
    (held,) = [x.finding for x in r.reasons if x.code == "unresolved_risk_assessment"]
    assert held == (
        "unresolved suicide-risk flag(s) in this episode: Possible suicidal ideation (PHQ-9 item 9, thoughts of "
        # R25a 4: the check-in of TODAY (16 Mar 2026, week 2) by its name and day, was "(phq9, week 2)"
        "being better off dead or of self-harm) (patient check-in, questionnaire not finished yet) (PHQ-9, 16 Mar); "
        "a step-down waits until each is resolved"
    )
    assert "risk_assessment_due" in {f.code for f in r.flags}


def test_a_check_in_that_ended_with_item_9_unanswered_holds_the_step_down(store, patient, book):
    # the check-in expired after item 8: its unanswered safety question counts at its worst answer until a clinician
    # reviews it (the chart says "ask the patient"), and the review waits for it too
    _ready(store, patient)
    now = clinic_time(TODAY, 10)
    _checkin(store, patient, book, dict(enumerate(WEEK_2[:8], start=1)), now)
    later = now + dt.timedelta(hours=1)
    chart = _chart(store, patient, later)
    assert [f.worst_case for f in chart.checkin_flags] == [True]
    assert chart.review.headline == HOLD


def test_the_check_in_reviewed_the_step_down_is_offered_again(store, patient, book):
    _ready(store, patient)
    now = clinic_time(TODAY, 10)
    checkin = _checkin(store, patient, book, {9: 2}, now)
    later = now + dt.timedelta(hours=1)  # the check-in has expired: the clinician reviews it
    book.review(checkin, "KM", now=later, risk_level="low", action="C-SSRS full assessment: low risk; safety plan")
    assert _chart(store, patient, later).review.headline == STEP_DOWN


def test_a_check_in_of_a_later_day_is_not_in_a_review_of_today(store, patient, book):
    # the chart looked at as of TODAY leaves out what came after it, as it leaves out later records
    _ready(store, patient)
    later = clinic_time(TODAY + dt.timedelta(days=1), 10)
    _checkin(store, patient, book, {9: 2}, later)
    assert _chart(store, patient, later).review.headline == STEP_DOWN


# --- attendance ------------------------------------------------------------------------------------------------------


def test_missed_sessions_below_80_percent_hold_the_step_down(store, patient):
    # 7 sessions of 3 h held by TODAY (Mon/Wed/Fri x 2 and Monday), 5 attended: 15 of 21 h, 71 %
    held = [MON + dt.timedelta(days=d) for d in (0, 2, 4, 7, 9, 11, 14)]
    _ready(store, patient, attended=held[:2] + held[4:])
    r = _chart(store, patient).review
    assert r.headline == "Continue at Level 2.1 (Intensive outpatient)"
    # session 19: unrecorded sessions: attendance is weighed over the session hours recorded (here every session
    # is recorded: 15 of 21 h); each week of 6 h is said below the IOP minimum of 9 h/week too
    # session 19 review S2: "(a step-down needs >= 80%)"
    assert "attended 71% of the session hours recorded (a step-down needs >= 80%)" in [x.finding for x in r.reasons]


# --- corrected (amended) records --------------------------------------------------------------------------------------


def test_the_review_reads_a_corrected_assessment_not_the_original(store, patient):
    last, _ = _ready(store, patient)
    # this week's PHQ-9 corrected: 3 was mis-entered, 14 was given (16 -> 14: neither remission nor response)
    store.save(patient, score("phq9", [2, 2, 2, 2, 2, 2, 1, 1, 0]), by="KM", when=TODAY, amends=last, reason="typo")
    r = _chart(store, patient).review
    assert r.headline == "Continue at Level 2.1 (Intensive outpatient)"
    assert "PHQ-9 16 -> 14: neither remission nor response" in [x.finding for x in r.reasons]


def test_the_review_reads_a_corrected_drug_screen_not_the_original(store, patient):
    _, screens = _ready(store, patient)
    # the latest screen corrected: fentanyl was found (not an expected medication), entered as negative
    day = MON + dt.timedelta(days=14)
    found = DrugScreen(day, "urine 5-panel", positive=["fentanyl"], negative=["cocaine"])
    store.save(patient, found, by="KM", when=day, amends=screens[-1], reason="result mis-entered")
    r = _chart(store, patient).review
    assert r.decision == "continue"
    assert "fewer than 3 consecutive negative screens" in [x.finding for x in r.reasons]
    # its opioid flag holds the step-down too (R18-S3), in a box of its own (physician review R23c B3)
    assert "overdose_risk_due" in {f.code for f in r.flags}


def test_a_screen_corrected_to_negative_no_longer_holds(store, patient):
    _, screens = _ready(store, patient, screens=(False, False, True))
    day = MON + dt.timedelta(days=14)
    clean = DrugScreen(day, "urine 5-panel", negative=["opioids", "cocaine"])
    store.save(patient, clean, by="KM", when=day, amends=screens[-1], reason="another patient's result")
    assert _chart(store, patient).review.headline == STEP_DOWN


# --- a finding a correction withdrew; an assessment of an earlier week --------------------------------------------


def test_a_cssrs_high_risk_corrected_to_low_but_never_closed_still_holds(store, patient):
    # C-SSRS screener Q4 "yes" is high risk (Posner et al. 2011); corrected the same day to low, it was never
    # assessed: the chart keeps the lowered finding open (physician reviews R1-R2, session 11) and so does the review
    _ready(store, patient)
    high = store.save(
        patient, score("cssrs_screen", ["yes", "yes", "no", "yes", "no", "no", None]), by="KM", when=TODAY
    )
    low = score("cssrs_screen", ["yes", "yes", "no", "no", "no", "no", None])
    store.save(patient, low, by="KM", when=TODAY, amends=high, reason="Q4 mis-entered")
    chart = _chart(store, patient)
    assert [(f.instrument, f.flag.code) for f in chart.open_flags] == [("cssrs_screen", "suicide_risk_low")]
    assert chart.review.headline == HOLD
    (held,) = [x.finding for x in chart.review.reasons if x.code == "unresolved_risk_assessment"]
    assert "Lowered by a correction" in held
    assert "from 'C-SSRS high risk: intent, plan, or suicidal behaviour in the past 3 months' (never closed)" in held


def test_an_open_flag_of_an_earlier_week_holds_the_step_down(store, patient):
    # every unresolved safety flag of the episode holds it, not only those of the latest scores
    _ready(store, patient)
    store.save(patient, score("gad7", [1] * 7), by="KM", when=MON + dt.timedelta(days=7))
    store.save(patient, score("phq9", WEEK_2_ITEM_9), by="KM", when=MON + dt.timedelta(days=8))
    store.save(patient, score("phq9", WEEK_2), by="KM", when=TODAY)
    r = _chart(store, patient).review
    assert r.headline == HOLD
    (held,) = [x.finding for x in r.reasons if x.code == "unresolved_risk_assessment"]
    assert "(PHQ-9, 10 Mar)" in held  # R25a 4: MON + 8 days (10 Mar 2026, week 1.1), was "(phq9, week 1.1)"


def test_the_summary_s_review_holds_for_a_check_in_not_saved_yet(store, patient, book):
    # the one-page summary reads the check-in book for its open flags; its review section reads them too
    from iopkit.report.patient import patient_summary_html

    _ready(store, patient)
    _checkin(store, patient, book, {9: 2}, clinic_time(TODAY, 10))
    page = html.unescape(patient_summary_html(store, patient, today=TODAY, generated="today"))
    review = page[page.index("<h2>Continued-stay review</h2>") :]
    assert "a same-day suicide risk assessment (unresolved suicide-risk flag)" in review
    assert "Step down" not in review


def test_absences_taken_on_the_group_roster_reach_the_review(store, patient):
    # two sessions first marked present, corrected on the roster to absent (unexcused): the roster amends the
    # patient's attendance log, and the review reads the corrected log: 15 of 21 h, 71 %
    from iopkit.dose.groups import Group
    from iopkit.widgets.groups import save_roster

    _ready(store, patient)
    group = Group("Early recovery", "morning", ["mon", "wed", "fri"], 3, "KM", members=(patient,))
    for day in (MON + dt.timedelta(days=4), MON + dt.timedelta(days=7)):
        save_roster(
            store, group, day, {patient: "absent_unexcused"}, by="KM", today=TODAY, reason="marked wrongly", when=day
        )
    r = _chart(store, patient).review
    assert r.headline == "Continue at Level 2.1 (Intensive outpatient)"
    # session 19: unrecorded sessions: attendance is weighed over the session hours recorded (here every session
    # is recorded: 15 of 21 h); each week of 6 h is said below the IOP minimum of 9 h/week too
    # session 19 review S2: "(a step-down needs >= 80%)"
    assert "attended 71% of the session hours recorded (a step-down needs >= 80%)" in [x.finding for x in r.reasons]


def test_a_check_in_flag_in_the_history_holds_and_a_malformed_one_is_refused():
    from iopkit.errors import PlacementInputError
    from iopkit.flags import CallsFor, Flag
    from iopkit.placement import EpisodeHistory, review

    from .test_review_safety import REMITTED, STEP_DOWN_READY

    answer = Flag(
        "suicidal_ideation",
        "PHQ-9 item 9 (patient check-in)",
        "critical",
        "Assess today",
        "joint_commission_npsg15",
        calls_for=CallsFor.RISK_ASSESSMENT,
    )
    history = EpisodeHistory(LevelOfCare.IOP, scores=REMITTED, checkin_flags=((8, "phq9", answer),), **STEP_DOWN_READY)
    assert review(history).headline == HOLD
    with pytest.raises(PlacementInputError, match=r"checkin_flags must be \(week, instrument, Flag\) triples"):
        EpisodeHistory(LevelOfCare.IOP, 0.9, checkin_flags=((8, answer),))
