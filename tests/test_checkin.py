"""Patient check-ins: one-time codes, answers kept per check-in, patient-reported records through the same scorer,
flags and store, the safety message, the wrong-code throttle, and the server's check-in rules."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import os
import re
import sqlite3
import stat
import struct

import pytest

from iopkit import score
from iopkit.checkin import (
    DEFAULT_EXPIRY,
    CheckinAnswersChanged,
    CheckinBook,
    CheckinRefused,
    RiskLevel,
    Status,
    Throttle,
    chain_book,
    needs_staff_now,
    next_question,
    this_weeks_set,
)
from iopkit.entry import local_time
from iopkit.errors import InvalidAnswerError, StoreError

from .conftest import clinic_time

T0 = clinic_time(dt.date(2026, 3, 2), 9)  # 09:00 on the clinic's clock: of 2 Mar 2026 (T0.date()) in any zone


@pytest.fixture
def book(tmp_path):
    with CheckinBook(tmp_path / "clinic.checkins.sqlite") as opened:
        yield opened


def _answer_all(book, checkin_id, instrument, answers, now=T0):
    for number, value in answers.items():
        book.answer(checkin_id, instrument, number, value, now=now)


# --- the code ---------------------------------------------------------------------------------------
def test_only_a_hash_of_the_code_is_kept_and_it_opens_its_check_in_once(store, patient, book):
    ticket = book.start(store, patient, ["phq9", "gad7"], by="KM", now=T0)
    raw = sqlite3.connect(book.path).execute("SELECT * FROM checkins").fetchall()
    assert ticket.code not in json.dumps(raw) and ticket.shown not in json.dumps(raw)
    assert ticket.checkin.status_at(T0) is Status.WAITING
    session = book.redeem(ticket.shown.lower(), now=T0 + dt.timedelta(minutes=5))
    assert session.checkin.id == ticket.checkin.id and session.checkin.patient_id == patient
    assert session.secret not in json.dumps(sqlite3.connect(book.path).execute("SELECT * FROM checkins").fetchall())
    assert book.by_session(session.secret, now=T0 + dt.timedelta(minutes=6)).id == ticket.checkin.id
    with pytest.raises(CheckinRefused):  # single use
        book.redeem(ticket.code, now=T0 + dt.timedelta(minutes=6))


def test_a_code_expires_after_30_minutes_and_so_does_its_session(store, patient, book):
    assert DEFAULT_EXPIRY == dt.timedelta(minutes=30)
    late = book.start(store, patient, ["phq9"], by="KM", now=T0)
    with pytest.raises(CheckinRefused):
        book.redeem(late.code, now=T0 + dt.timedelta(minutes=30))
    used = book.start(store, patient, ["phq9"], by="KM", now=T0)
    session = book.redeem(used.code, now=T0 + dt.timedelta(minutes=29))
    assert book.by_session(session.secret, now=T0 + dt.timedelta(minutes=29, seconds=59)) is not None
    assert book.by_session(session.secret, now=T0 + dt.timedelta(minutes=30)) is None
    with pytest.raises(CheckinRefused):
        book.answer(session.checkin.id, "phq9", 1, 0, now=T0 + dt.timedelta(minutes=31))


def test_wrong_withdrawn_and_malformed_codes_open_nothing(store, patient, book):
    ticket = book.start(store, patient, ["phq9"], by="KM", now=T0)
    for wrong in ("", "ZZZZ-ZZZZ", ticket.code[:-1], ticket.code + "2", None, 12345678):
        with pytest.raises(CheckinRefused):
            book.redeem(wrong, now=T0)
    book.cancel(ticket.checkin.id, now=T0)
    with pytest.raises(CheckinRefused):
        book.redeem(ticket.code, now=T0)
    assert book.by_session("not a secret") is None and book.by_session(None) is None


def test_a_check_in_takes_only_self_report_measures_a_named_clinician_and_a_sane_expiry(store, patient, book):
    with pytest.raises(StoreError):
        book.start(store, patient, ["ciwa_ar"], by="KM", now=T0)
    with pytest.raises(StoreError):
        book.start(store, patient, [], by="KM", now=T0)
    with pytest.raises(StoreError):
        book.start(store, patient, ["phq9"], by=" ", now=T0)
    with pytest.raises(StoreError):
        book.start(store, patient, ["phq9"], by="KM", now=T0, expires_in=dt.timedelta(days=2))
    assert book.start(store, patient, ["PHQ-9", "phq9"], by="KM", now=T0).checkin.measures == ("phq9",)


# --- answers, resuming, saving --------------------------------------------------------------------
def test_answers_are_checked_kept_and_resume_at_the_next_question(store, patient, book):
    ticket = book.start(store, patient, ["phq9", "gad7"], by="KM", now=T0)
    with pytest.raises(CheckinRefused):  # not open before the code is used
        book.answer(ticket.checkin.id, "phq9", 1, 0, now=T0)
    session = book.redeem(ticket.code, now=T0)
    with pytest.raises(InvalidAnswerError):
        book.answer(session.checkin.id, "phq9", 1, 4, now=T0)
    with pytest.raises(InvalidAnswerError):
        book.answer(session.checkin.id, "phq9", 10, 0, now=T0)
    with pytest.raises(CheckinRefused):
        book.answer(session.checkin.id, "audit", 1, 0, now=T0)
    _answer_all(book, session.checkin.id, "phq9", {1: 1, 2: 2, 3: 0})
    # An interrupted page (a new CheckinBook, as another process) comes back to question 4 of 16.
    again = CheckinBook(book.path)
    question = next_question(again.get(session.checkin.id))
    assert (question.instrument, question.item, question.index, question.total) == ("phq9", 4, 4, 16)


def test_a_completed_questionnaire_is_saved_patient_reported_through_the_same_scorer(store, patient, book):
    ticket = book.start(store, patient, ["phq9", "gad7"], by="KM", now=T0)
    session = book.redeem(ticket.code, now=T0)
    phq9 = [2, 2, 1, 1, 0, 1, 0, 0, 1]
    _answer_all(book, session.checkin.id, "phq9", dict(enumerate(phq9, start=1)))
    (saved,) = book.save_complete(store, session.checkin.id, now=T0)
    record = store.record(saved)
    assert record.source == "patient" and record.by == "patient (check-in by KM)"
    assert record.item == score("phq9", phq9)  # the clinician's scorer, same flags
    assert record.item.total == 8 and [f.code for f in record.item.flags] == ["suicidal_ideation"]
    assert book.get(session.checkin.id).status_at(T0) is Status.OPEN and book.get(session.checkin.id).answers == {}
    _answer_all(book, session.checkin.id, "gad7", {n: 0 for n in range(1, 8)})
    book.save_complete(store, session.checkin.id, now=T0)
    assert book.get(session.checkin.id).status_at(T0) is Status.DONE
    assert book.by_session(session.secret, now=T0) is None  # the page closes with the last answer
    assert store.verify().ok


def test_the_clinician_amends_a_self_report_with_a_reason_and_the_chain_covers_the_source(store, patient, book):
    ticket = book.start(store, patient, ["gad7"], by="KM", now=T0)
    session = book.redeem(ticket.code, now=T0)
    _answer_all(book, session.checkin.id, "gad7", {n: 1 for n in range(1, 8)})
    (saved,) = book.save_complete(store, session.checkin.id, now=T0)
    with pytest.raises(StoreError):
        store.save(patient, score("gad7", [1] * 6 + [0]), by="KM", amends=saved)  # no reason
    corrected = store.save(
        patient, score("gad7", [1] * 6 + [0]), by="KM", amends=saved, reason="patient meant 'not at all' on item 7"
    )
    assert store.record(corrected).source == "staff" and store.record(saved).superseded_by == corrected
    assert store.verify().ok
    conn = sqlite3.connect(store.path)
    conn.execute("DROP TRIGGER records_no_update")
    conn.execute("UPDATE records SET source = NULL WHERE id = ?", (saved,))  # pass a self-report off as staff's
    conn.commit()
    report = store.verify()
    assert not report.ok and saved in report.affected


def test_rows_without_a_source_hash_as_before_sources_existed(store, patient):
    from iopkit.store.chain import GENESIS, RECORD_FIELDS, row_hash

    first = store.save(patient, score("phq2", [0, 1]), by="KM")
    row = (
        sqlite3.connect(store.path)
        .execute(f"SELECT hash, {', '.join(RECORD_FIELDS)} FROM records WHERE id = ?", (first,))
        .fetchone()
    )
    assert row_hash("records", dict(zip(RECORD_FIELDS, row[1:])), GENESIS) == row[0]
    with pytest.raises(StoreError):
        store.save(patient, score("phq2", [0, 1]), by="KM", source="robot")


# --- the safety message ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("instrument", "given", "expected"),
    [
        ("phq9", {9: 1}, True),  # PHQ-9 item 9 "several days" (Kroenke et al. 2001: any answer above 0)
        ("phq9", {9: 0}, False),
        ("phq9", {1: 3, 2: 3, 3: 3, 4: 3, 5: 3, 6: 3, 7: 3, 8: 3}, False),  # item 9 not yet answered: no alarm yet
        ("cssrs_screen", {1: 1}, True),  # C-SSRS: "yes" to wish to be dead
        ("cssrs_screen", {1: 0, 2: 0, 6: 1, 7: 0}, True),  # suicidal behaviour, lifetime
        ("cssrs_screen", {1: 0, 2: 0, 6: 0}, False),
        # Columbia triage high risk (intent; behaviour in the past 3 months): an emergency evaluation, staff now
        ("cssrs_screen", {1: 1, 2: 1, 3: 0, 4: 1}, True),
        ("cssrs_screen", {1: 0, 2: 0, 6: 1, 7: 1}, True),
        ("gad7", {n: 3 for n in range(1, 8)}, False),
    ],
)
def test_only_a_safety_answer_sends_the_patient_to_staff(instrument, given, expected):
    assert needs_staff_now(instrument, given) is expected


def test_a_safety_answer_marks_the_check_in_before_the_questionnaire_is_complete(store, patient, book):
    ticket = book.start(store, patient, ["phq9"], by="KM", now=T0)
    session = book.redeem(ticket.code, now=T0)
    checkin = book.answer(session.checkin.id, "phq9", 9, 1, now=T0)  # item 9 first: the form is not complete
    assert checkin.staff_now and checkin.pending == ("phq9",)
    assert session.checkin.id in [c.id for c in book.live(now=T0 + dt.timedelta(hours=2))]  # still shown, expired
    assert session.checkin.id not in [c.id for c in book.live(now=T0 + dt.timedelta(days=2))]


def test_the_c_ssrs_is_not_offered_to_patients_because_its_wording_here_is_a_paraphrase(store, patient, book):
    from iopkit.checkin import SELF_REPORT
    from iopkit.errors import UnknownInstrumentError
    from iopkit.instruments import get
    from iopkit.instruments.translations import translation

    assert "paraphrased" in get("cssrs_screen").licence  # the reason: not the Columbia text
    assert "cssrs_screen" not in SELF_REPORT
    with pytest.raises(StoreError):
        book.start(store, patient, ["cssrs_screen"], by="KM", now=T0)
    with pytest.raises(UnknownInstrumentError):
        translation("cssrs_screen")


#: The PHQ-9 patient form (Pfizer; Kroenke, Spitzer & Williams), its instruction and nine items, typed from the form.
PHQ9_FORM = (
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?",
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself \u2014 or that you are a failure or have let yourself or your family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite \u2014 being so fidgety or "
    "restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
)
#: The GAD-7 patient form (Pfizer; Spitzer et al. 2006), its instruction and seven items, typed from the form.
GAD7_FORM = (
    "Over the last 2 weeks, how often have you been bothered by the following problems?",
    "Feeling nervous, anxious, or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid, as if something awful might happen",
)


@pytest.mark.parametrize(
    ("instrument", "form"), [("phq9", PHQ9_FORM), ("phq2", PHQ9_FORM[:3]), ("gad7", GAD7_FORM), ("gad2", GAD7_FORM[:3])]
)
def test_the_patient_reads_the_published_forms_own_words(instrument, form):
    from iopkit.instruments.translations import translation

    t = translation(instrument)
    assert (t.lead_in, *(t.items[n] for n in sorted(t.items))) == form
    assert {t.answers[n][c] for n in t.items for c in range(4)} == {
        "Not at all",
        "Several days",
        "More than half the days",
        "Nearly every day",
    }


def test_a_safety_answer_on_an_unfinished_questionnaire_reaches_the_caseload_at_once(store, patient, book):
    from iopkit.checkin import with_checkin_flags
    from iopkit.episode import Episode
    from iopkit.widgets.home import caseload_html

    ticket = book.start(store, patient, ["phq9"], by="KM", now=T0)
    session = book.redeem(ticket.code, now=T0)
    book.answer(session.checkin.id, "phq9", 9, 2, now=T0)
    (flag,) = book.open_flags(now=T0)
    assert (flag.patient_id, flag.checkin_id, flag.instrument, flag.flag.code, flag.worst_case) == (
        patient,
        session.checkin.id,
        "phq9",
        "suicidal_ideation",
        False,
    )
    (episode,) = with_checkin_flags([Episode.from_store(store, patient, as_of=T0.date())], book.open_flags(now=T0))
    assert [f.flag.code for f in episode.open_flags] == ["suicidal_ideation"]
    assert "suicidal ideation" in caseload_html([episode]).lower()


def test_an_unanswered_safety_question_is_not_silent_for_the_clinician_once_the_check_in_is_over(store, patient, book):
    ticket = book.start(store, patient, ["phq9"], by="KM", now=T0)
    session = book.redeem(ticket.code, now=T0)
    _answer_all(book, session.checkin.id, "phq9", {n: 0 for n in range(1, 9)})  # stops before item 9
    assert not book.get(session.checkin.id).staff_now  # the patient is not alarmed by a question not asked
    assert book.open_flags(now=T0 + dt.timedelta(minutes=10)) == ()  # still answering: nothing yet
    later = T0 + dt.timedelta(minutes=31)
    (flag,) = book.open_flags(now=later)
    assert flag.flag.code == "suicidal_ideation" and flag.worst_case and flag.flag.partial
    assert "item 9" in flag.flag.message
    with pytest.raises(CheckinRefused):
        book.review(session.checkin.id, "", now=later, risk_level="low", action=ASSESSED)
    book.review(session.checkin.id, "KM", now=later, risk_level="low", action=ASSESSED)
    assert book.open_flags(now=later) == () and book.get(session.checkin.id).reviewed_by == "KM"


# A positive suicide screen gets a risk assessment whose overall level of risk and plan are documented
# (The Joint Commission, NPSG.15.01.01, R3 Report issue 18, 2018, in effect from July 2019).
ASSESSED = "C-SSRS full assessment: low risk; safety plan agreed"


def _over_with_item_9(store, patient, book, value=1):
    """A withdrawn check-in whose PHQ-9 item 9 was answered ``value`` (None: stopped before item 9)."""
    ticket = book.start(store, patient, ["phq9"], by="KM", now=T0)
    session = book.redeem(ticket.code, now=T0)
    book.answer(session.checkin.id, "phq9", 1, 0, now=T0)
    if value is not None:
        book.answer(session.checkin.id, "phq9", 9, value, now=T0)
    book.cancel(session.checkin.id, now=T0)
    return session.checkin.id


@pytest.mark.parametrize("item_9", [1, None], ids=["answered above 0", "unanswered, counted at its worst"])
def test_closing_a_safety_flag_needs_the_risk_level_and_what_was_done(store, patient, book, item_9):
    checkin = _over_with_item_9(store, patient, book, item_9)
    later = T0 + dt.timedelta(minutes=5)
    (open_flag,) = book.safety_flags(checkin, now=later)
    assert open_flag.flag.code == "suicidal_ideation"
    for risk_level, action, missing in (
        (None, None, "risk_level"),
        (None, ASSESSED, "risk_level"),
        ("low", None, "action"),
        ("low", "   ", "action"),
        ("moderate", "", "action"),
    ):
        with pytest.raises(CheckinRefused, match="open safety flag .PHQ-9: suicidal ideation.") as refused:
            book.review(checkin, "KM", now=later, risk_level=risk_level, action=action)
        assert refused.value.item == missing and [f.code for f in refused.value.flags] == ["suicidal_ideation"]
        if missing == "risk_level":
            assert refused.value.allowed == ("low", "moderate", "high")
        else:
            assert refused.value.allowed.startswith("text with at least 3 letters saying what was done")
    for said_nothing in (".", "-", "ok", " 1. ", "..."):  # what was done is said in words: at least 3 letters
        with pytest.raises(CheckinRefused, match="at least 3 letters") as refused:
            book.review(checkin, "KM", now=later, risk_level="low", action=said_nothing)
        assert refused.value.item == "action" and refused.value.value == said_nothing.strip()
    for wrong in ("severe", "Low", "", 2, True):  # a closed set: low, moderate, high
        with pytest.raises(CheckinRefused, match="one of low, moderate, high") as refused:
            book.review(checkin, "KM", now=later, risk_level=wrong, action=ASSESSED)
        assert refused.value.item == "risk_level" and refused.value.allowed == ("low", "moderate", "high")
    with pytest.raises(CheckinRefused, match="action"):
        book.review(checkin, "KM", now=later, risk_level="low", action=["safety plan"])  # type: ignore[arg-type]
    assert book.get(checkin).reviewed_at is None and len(book.safety_flags(checkin, now=later)) == 1  # still open
    done = book.review(checkin, " KM ", now=later, risk_level=RiskLevel.MODERATE, action=f"  {ASSESSED} ")
    assert (done.reviewed_by, done.risk_level, done.action) == ("KM", RiskLevel.MODERATE, ASSESSED)
    assert book.safety_flags(checkin, now=later) == () and book.open_flags(now=later) == ()


def test_a_check_in_without_an_open_safety_flag_is_closed_with_a_name_only(store, patient, book):
    ticket = book.start(store, patient, ["phq9"], by="KM", now=T0)
    session = book.redeem(ticket.code, now=T0)
    _answer_all(book, session.checkin.id, "phq9", {n: 0 for n in range(1, 10)})  # item 9 answered 0
    book.save_complete(store, session.checkin.id, now=T0)  # done: nothing left in the book
    blank = book.start(store, patient, ["gad7"], by="KM", now=T0).checkin.id  # expired, never opened
    later = T0 + dt.timedelta(hours=1)
    for checkin in (session.checkin.id, blank):
        assert book.safety_flags(checkin, now=later) == ()
        done = book.review(checkin, "KM", now=later)
        assert (done.reviewed_by, done.risk_level, done.action) == ("KM", None, None)


def test_the_risk_level_and_action_are_kept_and_a_second_review_keeps_the_first(store, patient, book, tmp_path):
    checkin = _over_with_item_9(store, patient, book)
    book.review(checkin, "KM", now=T0 + dt.timedelta(minutes=5), risk_level="high", action="Emergency evaluation")
    again = book.review(checkin, "JB", now=T0 + dt.timedelta(minutes=9))  # nothing open now: a name is enough
    assert (again.reviewed_by, again.risk_level, again.action) == ("KM", RiskLevel.HIGH, "Emergency evaluation")
    assert again.reviewed_at == T0 + dt.timedelta(minutes=5)
    with CheckinBook(book.path) as reopened:  # read back from the file, not from memory
        kept = reopened.get(checkin)
        assert (kept.risk_level, kept.action) == (RiskLevel.HIGH, "Emergency evaluation")
        assert reopened.of_patient(patient)[0].risk_level is RiskLevel.HIGH
    assert sqlite3.connect(book.path).execute("SELECT risk_level, action FROM checkins").fetchall() == [
        ("high", "Emergency evaluation")
    ]


def test_a_second_review_with_another_risk_level_or_action_is_refused_and_names_the_first(store, patient, book):
    # the reviewer's case: KM records low, then Dr B reviews the same check-in with high and an ED transfer
    checkin = _over_with_item_9(store, patient, book)
    first_at = T0 + dt.timedelta(minutes=5)
    book.review(checkin, "KM", now=first_at, risk_level="low", action=ASSESSED)
    later = T0 + dt.timedelta(minutes=20)
    first_review = local_time(first_at)  # the clinic's clock, its zone named ("2026-03-02 09:05 UTC" on a UTC server)
    assert first_review.startswith("2026-03-02 09:05 ")
    for risk_level, action, item in (
        ("high", "ED transfer", "risk_level"),
        ("high", None, "risk_level"),
        (RiskLevel.MODERATE, ASSESSED, "risk_level"),
        ("low", "Safety plan reviewed again", "action"),
        (None, "ED transfer", "action"),
    ):
        with pytest.raises(CheckinRefused, match=re.escape(f"already reviewed by KM at {first_review}")) as refused:
            book.review(checkin, "Dr B", now=later, risk_level=risk_level, action=action)
        said = str(refused.value)
        assert f"risk level low, what was done {ASSESSED!r}" in said and "is not recorded" in said
        # the later assessment goes in the chart as a new assessment, never as a second closing of the flag
        # (changed with the reviewer's finding 4: the C-SSRS screener is a screen, not the later risk assessment)
        # changed with the re-review's finding 7: iopkit has no since-last-contact screener nor full C-SSRS form
        assert (
            "Record the later assessment as a new one: in iopkit, a new C-SSRS screener (Intake & measures) with its "
            "own overall risk level and what was done; a full suicide risk assessment (e.g. the C-SSRS risk "
            "assessment) goes in your clinic's record" in said
        )
        assert refused.value.item == item
    kept = book.get(checkin)
    assert (kept.reviewed_by, kept.reviewed_at, kept.risk_level, kept.action) == (
        "KM",
        first_at,
        RiskLevel.LOW,
        ASSESSED,
    )
    for risk_level, action in (("low", ASSESSED), ("low", None), (None, f" {ASSESSED} "), (None, None)):
        again = book.review(checkin, "Dr B", now=later, risk_level=risk_level, action=action)  # the same: the first
        assert (again.reviewed_by, again.reviewed_at, again.risk_level, again.action) == (
            "KM",
            first_at,
            RiskLevel.LOW,
            ASSESSED,
        )
    # a check-in closed with a name only (no safety flag): a risk level given later is refused too
    blank = book.start(store, patient, ["gad7"], by="KM", now=T0).checkin.id
    expired = T0 + dt.timedelta(hours=1)
    book.review(blank, "KM", now=expired)
    with pytest.raises(CheckinRefused, match="risk level not recorded, what was done not recorded"):
        book.review(blank, "Dr B", now=expired, risk_level="high", action="ED transfer")
    assert book.get(blank).risk_level is None


def test_a_review_made_meanwhile_by_another_clinician_is_never_overwritten_nor_the_later_one_dropped(
    store, patient, book
):
    # Dr B's page read the check-in unreviewed; KM's review (another dashboard, another connection) lands before Dr B
    # clicks Reviewed (a review sent while another is being written waits for it: test_checkin_review_race.py)
    checkin = _over_with_item_9(store, patient, book)
    later = T0 + dt.timedelta(minutes=5)
    with CheckinBook(book.path) as dr_b:
        shown = dr_b.get(checkin)
        with CheckinBook(book.path) as km:
            km.review(checkin, "KM", now=later, risk_level="low", action=ASSESSED)
        with pytest.raises(CheckinRefused, match="already reviewed by KM") as refused:
            dr_b.review(checkin, "Dr B", now=later, risk_level="high", action="ED transfer", seen=shown)
        assert refused.value.item == "risk_level"
        same = dr_b.review(checkin, "Dr B", now=later, risk_level="low", action=ASSESSED, seen=shown)  # the same
    assert (same.reviewed_by, same.risk_level) == ("KM", RiskLevel.LOW)  # the first review stands and is returned


def test_an_open_check_in_is_not_reviewed_away_and_saved_answers_flag_from_the_store_only(store, patient, book):
    ticket = book.start(store, patient, ["phq9", "gad7"], by="KM", now=T0)
    session = book.redeem(ticket.code, now=T0)
    with pytest.raises(CheckinRefused):
        book.review(session.checkin.id, "KM", now=T0)
    _answer_all(book, session.checkin.id, "phq9", {n: (1 if n == 9 else 0) for n in range(1, 10)})
    book.save_complete(store, session.checkin.id, now=T0)
    assert book.open_flags(now=T0 + dt.timedelta(hours=1)) == ()  # the flag is the saved record's, not twice
    assert [f.code for r in store.current(patient, "assessment") for f in r.item.flags] == ["suicidal_ideation"]


def _saved_item_9_then_unfinished(store, patient, book, phq2, started=T0, item_9=2):
    """The reviewer's case: PHQ-9 finished with item 9 = ``item_9`` (saved to the store), PHQ-2 answered ``phq2``
    and left unfinished; returns (check-in id, record id)."""
    ticket = book.start(store, patient, ["phq9", "phq2"], by="KM", now=started)
    checkin = book.redeem(ticket.code, now=started).checkin.id
    _answer_all(book, checkin, "phq9", {n: (item_9 if n == 9 else 0) for n in range(1, 10)}, now=started)
    (record,) = book.save_complete(store, checkin, now=started)
    _answer_all(book, checkin, "phq2", phq2, now=started)
    return checkin, record


@pytest.mark.parametrize("phq2", [{}, {1: 0}], ids=["PHQ-2 not begun", "PHQ-2 begun"])
def test_a_saved_safety_answer_is_closed_with_the_risk_level_and_what_was_done(store, patient, book, phq2):
    checkin, record = _saved_item_9_then_unfinished(store, patient, book, phq2)
    book.cancel(checkin, now=T0)  # withdrawn with the PHQ-2 unfinished
    later = T0 + dt.timedelta(minutes=5)
    assert "phq9" not in book.get(checkin).answers  # its answers left the book with the save
    assert book.open_flags(now=later) == ()  # the caseload reads the saved flag from the store, never twice
    (flag,) = book.safety_flags(checkin, now=later)
    assert (flag.instrument, flag.record_id, flag.flag.code) == ("phq9", record, "suicidal_ideation")
    assert "(patient check-in, questionnaire saved)" in flag.flag.message and not flag.worst_case
    ((listed, flags),) = book.to_review(now=later)
    assert listed.id == checkin and flags[0] == flag
    for risk_level, action, missing in (
        (None, None, "risk_level"),
        ("low", None, "action"),
        (None, ASSESSED, "risk_level"),
    ):
        with pytest.raises(CheckinRefused, match="open safety flag .PHQ-9: suicidal ideation.") as refused:
            book.review(checkin, "KM", now=later, risk_level=risk_level, action=action, store=store)
        assert refused.value.item == missing
    # the review closes the saved record's flag in the chart too: it needs the store
    with pytest.raises(CheckinRefused, match="closes that flag in the patient's chart too") as refused:
        book.review(checkin, "KM", now=later, risk_level="moderate", action=ASSESSED)
    assert refused.value.item == "store"
    assert book.get(checkin).reviewed_at is None and store.current(patient, "flag_resolution") == ()
    with CheckinBook(book.path) as reopened:  # the saved safety flag is read back from the file
        assert reopened.safety_flags(checkin, now=later) == (flag,)
    done = book.review(checkin, "KM", now=later, risk_level="moderate", action=ASSESSED, store=store)
    assert (done.reviewed_by, done.risk_level, done.action) == ("KM", RiskLevel.MODERATE, ASSESSED)
    assert book.safety_flags(checkin, now=later) == () and book.to_review(now=later) == ()
    (closed,) = [r.item for r in store.current(patient, "flag_resolution")]  # the chart's closing: the same
    assert (closed.record, closed.flag_code, closed.risk_level, closed.action, closed.by, closed.on) == (
        str(record),
        "suicidal_ideation",
        RiskLevel.MODERATE,
        ASSESSED,
        "KM",
        T0.date(),
    )


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_new_check_in_book_is_private_to_its_owner_whatever_the_umask(tmp_path):
    old = os.umask(0)
    try:
        CheckinBook(tmp_path / "new" / "clinic.checkins.sqlite").close()
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o700
    for name in ("clinic.checkins.sqlite", "clinic.checkins.sqlite-wal", "clinic.checkins.sqlite-shm"):
        path = tmp_path / "new" / name
        assert not path.exists() or stat.S_IMODE(path.stat().st_mode) == 0o600, name


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
@pytest.mark.parametrize("mode", [0o666, 0o644, 0o660, 0o604])
def test_a_check_in_book_others_may_read_or_write_is_refused_as_the_store_is(tmp_path, mode):
    path = tmp_path / "clinic.checkins.sqlite"
    CheckinBook(path).close()
    path.chmod(mode)
    # the store's own words (iopkit.store.files.refuse_loose): the same rule, the same fix
    with pytest.raises(StoreError, match="holds health data but others may read it") as refused:
        CheckinBook(path)
    assert f"chmod 600 {path}" in str(refused.value)
    path.chmod(0o600)
    CheckinBook(path).close()


def test_an_older_check_in_book_gains_the_review_columns(tmp_path, store, patient):
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE TABLE checkins (id INTEGER PRIMARY KEY, patient_id INTEGER NOT NULL, measures TEXT NOT NULL, "
        "started_by TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL, code_hash TEXT NOT "
        "NULL UNIQUE, session_hash TEXT UNIQUE, redeemed_at TEXT, finished_at TEXT, cancelled_at TEXT, "
        "answers TEXT NOT NULL DEFAULT '{}', saved TEXT NOT NULL DEFAULT '{}', staff_now INTEGER NOT NULL "
        "DEFAULT 0)"
    )
    conn.commit()
    conn.close()
    path.chmod(0o600)  # owner-only, as iopkit created every book
    with CheckinBook(path) as old:
        assert old.start(store, patient, ["gad7"], by="KM", now=T0).checkin.reviewed_at is None


def test_a_book_with_the_review_columns_of_before_gains_the_risk_level_and_keeps_its_rows(tmp_path, store, patient):
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(  # the schema of the books written before the risk level was recorded
        "CREATE TABLE checkins (id INTEGER PRIMARY KEY, patient_id INTEGER NOT NULL, measures TEXT NOT NULL, "
        "started_by TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL, code_hash TEXT NOT "
        "NULL UNIQUE, session_hash TEXT UNIQUE, redeemed_at TEXT, finished_at TEXT, cancelled_at TEXT, "
        "answers TEXT NOT NULL DEFAULT '{}', saved TEXT NOT NULL DEFAULT '{}', staff_now INTEGER NOT NULL "
        "DEFAULT 0, reviewed_at TEXT, reviewed_by TEXT)"
    )
    started = (patient, '["phq9"]', "KM", T0.isoformat(), (T0 + DEFAULT_EXPIRY).isoformat())
    rows = [  # one reviewed before, one over with item 9 answered 2 and not reviewed yet
        (1, *started, "a" * 64, "{}", "{}", 0, (T0 + dt.timedelta(hours=1)).isoformat(), "JB"),
        (2, *started, "b" * 64, '{"phq9": {"9": 2}}', "{}", 1, None, None),
    ]
    # and one whose PHQ-9 with a safety answer was saved (its answers gone), its PHQ-2 left unfinished, withdrawn
    both = (patient, '["phq9", "phq2"]', "KM", T0.isoformat(), (T0 + DEFAULT_EXPIRY).isoformat())
    rows.append((3, *both, "c" * 64, "{}", '{"phq9": 17}', 1, None, None))
    conn.executemany(
        "INSERT INTO checkins (id, patient_id, measures, started_by, created_at, expires_at, code_hash, answers, "
        "saved, staff_now, reviewed_at, reviewed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    conn.commit()
    conn.close()
    path.chmod(0o600)  # owner-only, as iopkit created every book
    later = T0 + dt.timedelta(hours=2)
    with pytest.raises(StoreError, match="holds 3 check-in\\(s\\) but no chain of states"):
        CheckinBook(path)  # written before the chain too: refused until an operator chains it (iopkit chain)
    assert chain_book(path).chained
    with CheckinBook(path) as old:
        before = old.get(1)
        assert (before.reviewed_by, before.reviewed_at, before.risk_level, before.action) == (
            "JB",
            T0 + dt.timedelta(hours=1),
            None,
            None,
        )
        assert [c.id for c in old.of_patient(patient)] == [3, 2, 1] and old.get(2).answers == {"phq9": {9: 2}}
        (flag,) = old.open_flags(now=later)
        assert (flag.checkin_id, flag.flag.code) == (2, "suicidal_ideation")
        with pytest.raises(CheckinRefused):
            old.review(2, "KM", now=later)
        old.review(2, "KM", now=later, risk_level="moderate", action=ASSESSED)
        # the book knows a safety answer was given (staff_now) but not the flag it raised: never closed by a name
        assert old.open_flags(now=later) == () and old.get(3).saved_safety == {}
        (given,) = old.safety_flags(3, now=later)
        assert (given.instrument, given.record_id, given.flag.code) == ("phq9", 17, "safety_answer_given")
        with pytest.raises(CheckinRefused, match="safety answer given"):
            old.review(3, "KM", now=later)
        assert [c.id for c, _flags in old.to_review(now=later)] == [3]
        old.review(3, "KM", now=later, risk_level="low", action=ASSESSED)
    with CheckinBook(path) as reopened:  # opened again: the columns are there once, the values kept
        assert (reopened.get(2).risk_level, reopened.get(2).action) == (RiskLevel.MODERATE, ASSESSED)
        assert reopened.get(3).risk_level is RiskLevel.LOW
    columns = [row[1] for row in sqlite3.connect(path).execute("PRAGMA table_info(checkins)")]
    assert columns[-6:] == ["reviewed_at", "reviewed_by", "risk_level", "action", "saved_safety", "cancelled_by"]


# --- this week's set --------------------------------------------------------------------------------
def test_this_weeks_set_is_what_the_schedule_makes_due(store, patient):
    assert this_weeks_set(store, patient, as_of=dt.date(2026, 3, 2)) == ("phq9", "gad7")
    store.save(patient, score("phq9", [0] * 9), by="KM", when=dt.date(2026, 3, 2))
    assert this_weeks_set(store, patient, as_of=dt.date(2026, 3, 8)) == ("gad7",)
    assert this_weeks_set(store, patient, as_of=dt.date(2026, 3, 9)) == ("phq9", "gad7")


# --- the throttle -----------------------------------------------------------------------------------
def test_repeated_wrong_codes_are_slowed_per_client_doubling_and_forgiven_after_the_window():
    t = Throttle(free=3, global_free=100, delay=2.0, window=600.0)
    for _ in range(3):
        assert t.wait("10.0.0.1", 0.0) == 0.0
        t.failed("10.0.0.1", 0.0)
    assert t.wait("10.0.0.1", 0.0) == 2.0 and t.wait("10.0.0.2", 0.0) == 0.0
    t.failed("10.0.0.1", 2.0)
    assert t.wait("10.0.0.1", 2.0) == 4.0
    assert t.wait("10.0.0.1", 601.0) == 0.0  # the first three are older than the window


def test_wrong_codes_from_many_clients_slow_everyone():
    t = Throttle(free=5, global_free=10, delay=1.0)
    for k in range(10):
        t.failed(f"10.0.0.{k}", 0.0)
    assert t.wait("10.9.9.9", 0.0) == 1.0  # a client never seen before waits too
    t.succeeded("10.9.9.9")
    assert t.wait("10.9.9.9", 0.0) == 1.0  # a right code does not reset the global count


def test_a_client_is_an_ipv4_address_or_an_ipv6_slash_64_network():
    from iopkit.checkin import client_key

    t = Throttle(free=2, global_free=100, delay=1.0)
    for host in range(1, 3):  # two addresses of one IPv6 subscriber's /64 are one client
        t.failed(client_key(f"2001:db8:5:6::{host:x}"), 0.0)
    assert t.wait(client_key("2001:db8:5:6:ffff::1"), 0.0) == 1.0
    assert t.wait(client_key("2001:db8:5:7::1"), 0.0) == 0.0
    assert client_key("198.51.100.4") == "198.51.100.4" != client_key("198.51.100.5")
    assert client_key("::ffff:198.51.100.4") == "198.51.100.4"


# --- the server's rules -----------------------------------------------------------------------------
def _v1(msg_type: str, channel: str = "shell", content: dict | None = None) -> bytes:
    parts = [
        channel.encode(),
        json.dumps({"msg_type": msg_type}).encode(),
        b"{}",
        b"{}",
        json.dumps(content or {}).encode(),
    ]
    offsets, position = [], 8 * (len(parts) + 2)
    for part in parts:
        offsets.append(position)
        position += len(part)
    offsets.append(position)
    head = len(offsets).to_bytes(8, "little") + b"".join(o.to_bytes(8, "little") for o in offsets)
    return head + b"".join(parts)


def _legacy_binary(msg_type: str, content: dict | None = None) -> bytes:
    body = json.dumps({"header": {"msg_type": msg_type}, "parent_header": {}, "content": content or {}}).encode()
    return struct.pack("!i", 2) + struct.pack("!II", 12, 12 + len(body)) + body + b"buffer"


@pytest.mark.parametrize("kind", ["execute_request", "comm_msg", "shutdown_request", "complete_request"])
def test_the_server_reads_the_type_of_a_browser_message_in_every_protocol(kind):
    from iopkit.serving import _incoming_msg_type

    assert _incoming_msg_type(_v1(kind), "v1.kernel.websocket.jupyter.org") == kind
    assert _incoming_msg_type(json.dumps({"header": {"msg_type": kind}, "channel": "shell"}), None) == kind
    assert _incoming_msg_type(_legacy_binary(kind), None) == kind
    assert _incoming_msg_type(b"\x00garbage", "v1.kernel.websocket.jupyter.org") is None


def test_a_patients_page_may_send_widget_messages_only():
    from iopkit.serving import PATIENT_MESSAGES

    assert "comm_msg" in PATIENT_MESSAGES
    assert (
        not {
            "execute_request",
            "inspect_request",
            "complete_request",
            "history_request",
            "shutdown_request",
            "input_reply",
            "interrupt_request",
        }
        & PATIENT_MESSAGES
    )


@pytest.mark.parametrize(
    ("kind", "target", "allowed"),
    [
        ("comm_open", "jupyter.widget.control", True),  # the widget manager reads the page's widgets
        ("comm_open", "jupyter.widget", False),  # creating a widget in the kernel from the browser
        ("comm_open", "some.other.target", False),
        ("comm_open", None, False),
        ("comm_msg", None, True),
        ("execute_request", None, False),
    ],
)
def test_a_patients_page_opens_only_the_widget_managers_comm(kind, target, allowed):
    from iopkit.serving import patient_message_allowed

    content = {"comm_id": "c1", "target_name": target, "data": {}} if target else {"comm_id": "c1", "data": {}}
    legacy = json.dumps({"header": {"msg_type": kind}, "channel": "shell", "content": content})
    assert patient_message_allowed(_v1(kind, content=content), "v1.kernel.websocket.jupyter.org") is allowed
    assert patient_message_allowed(legacy, None) is allowed
    assert patient_message_allowed(_legacy_binary(kind, content), None) is allowed
    assert not patient_message_allowed(b"\x00garbage", "v1.kernel.websocket.jupyter.org")


def test_translations_ship_english_only_with_source_and_licence():
    from iopkit.errors import UnknownInstrumentError
    from iopkit.instruments.translations import languages, translation

    for code in ("phq9", "gad7", "phq2", "gad2"):
        t = translation(code)
        assert languages(code) == ("en",) and t.source and t.licence and t.lead_in
    assert translation("phq9").answer_labels(9) == (
        (0, "Not at all"),
        (1, "Several days"),
        (2, "More than half the days"),
        (3, "Nearly every day"),
    )
    with pytest.raises(UnknownInstrumentError):
        translation("phq9", "es")


# --- the widgets --------------------------------------------------------------------------------------
def _click(page, label: str) -> None:
    (button,) = [b for b in page.answers.children if b.description == label]
    button.click()


def test_the_patient_page_asks_one_question_at_a_time_and_never_shows_a_score(store, patient, book, monkeypatch):
    from iopkit.widgets.checkin import CheckinStarter, patient_checkin

    starter = CheckinStarter()
    starter.start(store, "KM", book=book)
    starter.patient.value = patient
    starter.which.value = "Choose measures"
    starter.measures.value = ("phq9",)
    starter.go.click()
    code = re.search(r"[2-9A-Z]{4}-[2-9A-Z]{4}", starter.ticket.value).group(0)
    session = book.redeem(code)
    monkeypatch.setenv("QUERY_STRING", f"checkin={session.checkin.id}")
    page = patient_checkin(store, book)
    page.start()
    assert "Question 1 of 9" in page.progress.value and "Little interest" in page.question.value
    assert [b.description for b in page.answers.children] == [
        "Not at all",
        "Several days",
        "More than half the days",
        "Nearly every day",
    ]
    _click(page, "Nearly every day")
    page.back.click()  # the previous answer can be changed until the questionnaire is saved
    assert "Little interest" in page.question.value
    _click(page, "Not at all")
    for _ in range(7):
        _click(page, "Not at all")
    _click(page, "Several days")  # item 9
    assert "988" in page.staff.value and "staff now" in page.staff.value
    page.answers.children[0].click() if page.answers.children else None
    shown = page.progress.value + page.question.value + page.staff.value
    assert "Thank you" in shown and not re.search(r"\b(score|total|mild|minimal|moderate|severe)\b", shown, re.I)
    (record,) = store.current(patient, "assessment")
    assert record.item.total == 1 and record.source == "patient"
    assert "speak with the patient now" in (starter.refresh() or starter.live.value)


def test_the_patient_page_without_an_open_check_in_shows_nothing_of_anyone(store, book, monkeypatch):
    from iopkit.widgets.checkin import patient_checkin

    monkeypatch.setenv("QUERY_STRING", "")
    page = patient_checkin(store, book)
    page.start()
    assert "closed" in page.question.value and page.answers.children == ()


def test_the_history_shows_which_entries_the_patient_reported(store, patient):
    from iopkit.report.patient import patient_summary_html
    from iopkit.store import Source

    store.save(patient, score("gad7", [1] * 7), by="patient (check-in by KM)", source=Source.PATIENT)
    store.save(patient, score("phq9", [0] * 9), by="KM")
    page = patient_summary_html(store, patient, history=True)
    assert "patient (check-in by KM) (patient-reported)" in page and "KM (patient-reported)" not in page.replace(
        "check-in by KM) (patient-reported)", ""
    )


# --- the QR code of the check-in link --------------------------------------------------------------------
def _drawn_modules(svg: str) -> set[tuple[int, int]]:
    (path,) = re.findall(r'<path fill="#000" d="([^"]*)"', svg)
    return {(int(x), int(y)) for x, y in re.findall(r"M(\d+) (\d+)h1v1h-1z", path)}


def test_the_qr_code_drawn_is_segnos_matrix_of_the_link_with_its_quiet_zone():
    import segno

    from iopkit.widgets.checkin import QR_QUIET_ZONE, qr_svg

    link = "http://clinic.example:8866/checkin?code=ABCD-EFGH"
    svg = qr_svg(link)
    matrix = segno.make(link, error="m", micro=False, boost_error=False).matrix
    side = len(matrix) + 2 * QR_QUIET_ZONE
    assert QR_QUIET_ZONE == 4 and f'viewBox="0 0 {side} {side}"' in svg
    assert _drawn_modules(svg) == {(x + 4, y + 4) for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark}
    assert _drawn_modules(qr_svg(link.replace("ABCD", "WXYZ"))) != _drawn_modules(svg)
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")  # nothing fetched, nothing linked


def test_the_clinician_gets_the_links_qr_code_when_the_servers_address_is_known(store, patient, book, monkeypatch):
    from iopkit.widgets.checkin import CheckinStarter, qr_svg

    monkeypatch.setenv("SERVER_NAME", "clinic.example")
    monkeypatch.setenv("SERVER_PORT", "8866")
    starter = CheckinStarter()
    starter.start(store, "KM", book=book)
    starter.patient.value, starter.which.value, starter.measures.value = patient, "Choose measures", ("gad7",)
    starter.go.click()
    code = re.search(r"[2-9A-Z]{4}-[2-9A-Z]{4}", starter.ticket.value).group(0)
    assert qr_svg(f"http://clinic.example:8866/checkin?code={code}") in starter.ticket.value
    monkeypatch.delenv("SERVER_NAME")
    starter.go.click()
    assert "<svg" not in starter.ticket.value  # no address to put in it: no code that would mislead


def test_the_clinician_marks_an_unfinished_check_in_reviewed_on_the_caseload(store, patient, book):
    from iopkit.episode import Episode
    from iopkit.widgets.checkin import CheckinStarter

    ticket = book.start(store, patient, ["phq9"], by="KM", now=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
    session = book.redeem(ticket.code, now=ticket.checkin.created_at)
    book.answer(session.checkin.id, "phq9", 1, 0, now=ticket.checkin.created_at)
    starter = CheckinStarter()
    starter.start(store, "KM", book=book)
    (flagged,) = starter.with_flags([Episode.from_store(store, patient)])
    assert [f.flag.code for f in flagged.open_flags] == ["suicidal_ideation"]
    assert starter.review_box.layout.display == "" and starter.to_review.value == session.checkin.id
    # the open safety flag, the risk level and what was done are asked for; the button refuses without them
    assert starter.safety_box.layout.display == "" and "Possible suicidal ideation" in starter.review_flags.value
    assert "Joint Commission NPSG 15.01.01" in starter.review_flags.value
    assert [v for _label, v in starter.risk_level.options] == ["", "low", "moderate", "high"]
    starter.reviewed.click()
    assert "iop-status-error" in starter.review_status.value and "missing: risk_level and action" in (
        starter.review_status.value
    )
    starter.risk_level.value = "moderate"
    starter.reviewed.click()
    assert "missing: action" in starter.review_status.value and starter.review_box.layout.display == ""
    assert starter.with_flags([Episode.from_store(store, patient)])[0].open_flags != ()  # still open
    done = "C-SSRS full assessment: moderate risk; safety plan agreed, seen again tomorrow"
    starter.action.value = done
    starter.reviewed.click()
    assert "iop-status-info" in starter.review_status.value
    assert "by KM: moderate risk; C-SSRS full assessment" in starter.review_status.value
    assert starter.with_flags([Episode.from_store(store, patient)])[0].open_flags == ()
    assert starter.review_box.layout.display == "none" and starter.safety_box.layout.display == "none"
    assert (starter.risk_level.value, starter.action.value) == ("", "")
    kept = book.get(session.checkin.id)
    assert (kept.reviewed_by, kept.risk_level, kept.action) == ("KM", RiskLevel.MODERATE, done)


def test_a_reviewed_safety_answer_shows_its_risk_level_and_action_in_the_list(store, patient, book):
    from iopkit.widgets.checkin import CheckinStarter

    ticket = book.start(store, patient, ["phq9"], by="KM", now=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
    session = book.redeem(ticket.code, now=ticket.checkin.created_at)
    book.answer(session.checkin.id, "phq9", 9, 2, now=ticket.checkin.created_at)  # staff now
    starter = CheckinStarter()
    starter.start(store, "KM", book=book)
    assert "speak with the patient now" in starter.live.value
    starter.risk_level.value, starter.action.value = "high", "Emergency evaluation; not left alone"
    starter.reviewed.click()
    assert "speak with the patient now" not in starter.live.value
    assert "A safety answer was given. Reviewed at" in starter.live.value
    assert "by KM: high risk; Emergency evaluation; not left alone." in starter.live.value


def test_an_unfinished_check_in_without_a_safety_flag_is_reviewed_with_a_name(store, patient, book):
    from iopkit.widgets.checkin import CheckinStarter

    ticket = book.start(store, patient, ["phq2"], by="KM", now=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
    session = book.redeem(ticket.code, now=ticket.checkin.created_at)
    book.answer(session.checkin.id, "phq2", 1, 3, now=ticket.checkin.created_at)  # screen positive, not finished
    (flag,) = book.open_flags()
    assert flag.flag.code == "positive_screen" and book.safety_flags(session.checkin.id) == ()
    starter = CheckinStarter()
    starter.start(store, "KM", book=book)
    assert starter.to_review.value == session.checkin.id and starter.safety_box.layout.display == "none"
    starter.reviewed.click()
    assert "iop-status-info" in starter.review_status.value and book.open_flags() == ()
    assert book.get(session.checkin.id).risk_level is None


def _two_patients_item_9(store, book, started):
    """Patients IOP-A (item 9 answered 1) and IOP-B (item 9 answered 3), each with a check-in over; their ids."""
    out = {}
    for pseudonym, item_9 in (("IOP-A", 1), ("IOP-B", 3)):
        pid = store.add_patient(pseudonym)
        ticket = book.start(store, pid, ["phq9"], by="KM", now=started)
        session = book.redeem(ticket.code, now=started)
        book.answer(session.checkin.id, "phq9", 1, 0, now=started)
        book.answer(session.checkin.id, "phq9", 9, item_9, now=started)
        out[pseudonym] = session.checkin.id
    return out


def test_choosing_another_check_in_to_review_never_carries_the_risk_level_and_action_over(store, book):
    # the reviewer's steps: the risk level and action typed for patient A, patient B (item 9 = 3) chosen, Reviewed
    from iopkit.widgets.checkin import CheckinStarter

    started = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    ids = _two_patients_item_9(store, book, started)
    starter = CheckinStarter()
    starter.start(store, "KM", book=book)
    labels = {value: label for label, value in starter.to_review.options}
    when = f"started {started.astimezone():%d %b %H:%M}"
    for pseudonym in ("IOP-A", "IOP-B"):  # each choice names its patient and its flag
        assert labels[ids[pseudonym]] == f"{pseudonym}: safety flag PHQ-9: suicidal ideation, {when}"
    starter.to_review.value = ids["IOP-A"]
    starter.risk_level.value, starter.action.value = "low", "C-SSRS low; safety plan"
    starter.to_review.value = ids["IOP-B"]
    assert (starter.risk_level.value, starter.action.value) == ("", "")
    assert "IOP-B" in starter.review_flags.value and starter.safety_box.layout.display == ""
    starter.reviewed.click()
    assert "iop-status-error" in starter.review_status.value
    assert "missing: risk_level and action" in starter.review_status.value
    assert (book.get(ids["IOP-B"]).reviewed_at, book.get(ids["IOP-B"]).risk_level) == (None, None)
    # reading the check-ins again keeps the choice and what is typed for it
    starter.risk_level.value, starter.action.value = "high", "Emergency evaluation; not left alone"
    starter.reread.click()
    assert starter.to_review.value == ids["IOP-B"]
    assert (starter.risk_level.value, starter.action.value) == ("high", "Emergency evaluation; not left alone")
    starter.reviewed.click()
    assert (book.get(ids["IOP-B"]).risk_level, book.get(ids["IOP-A"]).reviewed_at) == (RiskLevel.HIGH, None)
    assert starter.to_review.value == ids["IOP-A"] and (starter.risk_level.value, starter.action.value) == ("", "")


def test_a_risk_level_chosen_before_a_safety_answer_changed_is_cleared_on_refresh_and_said(store, book):
    # physician review R14, S4: "low" chosen on item 9 = 1, then item 9 = 3 reaches the book, then "Refresh check-ins"
    from iopkit.checkin import NEW_ANSWERS
    from iopkit.widgets.checkin import CheckinStarter

    started = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    ids = _two_patients_item_9(store, book, started)
    starter = CheckinStarter()
    starter.start(store, "KM", book=book)
    starter.to_review.value = ids["IOP-A"]
    starter.risk_level.value, starter.action.value = "low", "C-SSRS low; safety plan"
    book.answer(ids["IOP-A"], "phq9", 2, 3, now=started)  # not a safety answer: the level stays
    starter.reread.click()
    assert (starter.risk_level.value, starter.action.value) == ("low", "C-SSRS low; safety plan")
    assert "New answers arrived" not in starter.review_status.value
    book.answer(ids["IOP-A"], "phq9", 9, 3, now=started)  # the safety answer changed
    starter.reread.click()
    assert starter.to_review.value == ids["IOP-A"] and starter.safety_box.layout.display == ""
    assert (starter.risk_level.value, starter.action.value) == ("", "C-SSRS low; safety plan")
    assert NEW_ANSWERS == "New answers arrived on this check-in: read them, then choose the overall risk level again."
    shown = starter.review_status.value
    assert html.escape(NEW_ANSWERS) in shown and "iop-status-warning" in shown
    starter.reviewed.click()  # nothing is saved on the level judged before
    assert "missing: risk_level" in starter.review_status.value and book.get(ids["IOP-A"]).reviewed_at is None
    starter.risk_level.value = "high"  # chosen again on what is shown now; nothing changed since: kept
    starter.reread.click()
    assert starter.risk_level.value == "high"
    starter.reviewed.click()
    assert (book.get(ids["IOP-A"]).risk_level, book.get(ids["IOP-A"]).action) == (
        RiskLevel.HIGH,
        "C-SSRS low; safety plan",
    )


def test_a_safety_answer_given_after_the_risk_level_was_chosen_clears_it_on_refresh(store, patient, book):
    # item 9 left blank (counted at its worst once the check-in is over), "low" chosen, then item 9 = 2 arrives
    from iopkit.checkin import NEW_ANSWERS
    from iopkit.widgets.checkin import CheckinStarter

    started = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    ticket = book.start(store, patient, ["phq9"], by="KM", now=started)
    checkin = book.redeem(ticket.code, now=started).checkin.id
    _answer_all(book, checkin, "phq9", {n: 0 for n in range(1, 9)}, now=started)
    starter = CheckinStarter()
    starter.start(store, "KM", book=book)
    assert starter.to_review.value == checkin and starter.safety_box.layout.display == ""
    starter.risk_level.value, starter.action.value = "low", ASSESSED
    book.answer(checkin, "phq9", 9, 2, now=started)
    starter.refresh()
    assert (starter.risk_level.value, starter.action.value) == ("", ASSESSED)
    assert html.escape(NEW_ANSWERS) in starter.review_status.value


def test_reviewed_without_a_refresh_saves_nothing_on_a_risk_level_chosen_before_a_safety_answer(store, book):
    # physician review R15, M2: "low" chosen on item 9 = 1, item 9 = 3 reaches the book, "Reviewed" clicked at once
    from iopkit.checkin import NEW_ANSWERS
    from iopkit.widgets.checkin import CheckinStarter

    started = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    ids = _two_patients_item_9(store, book, started)
    starter = CheckinStarter()
    starter.start(store, "KM", book=book)
    starter.to_review.value = ids["IOP-A"]
    starter.risk_level.value, starter.action.value = "low", ASSESSED
    book.answer(ids["IOP-A"], "phq9", 9, 3, now=started)  # the safety answer changed after the choice
    starter.reviewed.click()
    assert book.get(ids["IOP-A"]).reviewed_at is None and book.get(ids["IOP-A"]).risk_level is None
    assert (starter.risk_level.value, starter.action.value) == ("", ASSESSED)
    shown = starter.review_status.value
    assert html.escape(NEW_ANSWERS) in shown and "iop-status-warning" in shown
    assert starter.to_review.value == ids["IOP-A"] and starter.safety_box.layout.display == ""
    assert "IOP-A" in starter.review_flags.value
    assert {f.checkin_id for f in book.open_flags()} == set(ids.values())  # the flag is still open
    starter.risk_level.value = "high"  # chosen again on the answers shown now
    starter.reviewed.click()
    assert (book.get(ids["IOP-A"]).risk_level, book.get(ids["IOP-A"]).action) == (RiskLevel.HIGH, ASSESSED)


def test_review_refuses_a_risk_level_chosen_on_a_reading_before_a_new_safety_answer(store, patient, book):
    # physician review R15, M2, in the library: the level's reading (seen) is compared with the check-in now
    from iopkit.checkin import NEW_ANSWERS
    from iopkit.flags import RISK_LEVELS

    started = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    ticket = book.start(store, patient, ["phq9"], by="KM", now=started)
    checkin = book.redeem(ticket.code, now=started).checkin.id
    book.answer(checkin, "phq9", 9, 1, now=started)
    old_reading = book.get(checkin)
    book.answer(checkin, "phq9", 9, 3, now=started)
    with pytest.raises(CheckinAnswersChanged) as refused:  # a CheckinRefused, told apart by its type
        book.review(checkin, "KM", risk_level="low", action=ASSESSED, store=store, seen=old_reading)
    assert str(refused.value) == NEW_ANSWERS and isinstance(refused.value, CheckinRefused)
    assert (refused.value.checkin_id, refused.value.changed) == (checkin, (("phq9", 9),))
    assert (refused.value.item, refused.value.value, refused.value.allowed) == ("risk_level", "low", RISK_LEVELS)
    assert book.get(checkin).reviewed_at is None and len(book.open_flags()) == 1
    reading = book.get(checkin)  # the level chosen again on item 9 = 3
    book.answer(checkin, "phq9", 2, 3, now=started)  # not a safety answer: that reading still stands
    done = book.review(checkin, "KM", risk_level="high", action=ASSESSED, store=store, seen=reading)
    assert (done.risk_level, done.reviewed_by) == (RiskLevel.HIGH, "KM") and book.open_flags() == ()


def test_only_a_new_or_changed_safety_answer_changes_a_check_in_s_safety_answers(store, patient, book):
    started = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    ticket = book.start(store, patient, ["phq9", "gad7"], by="KM", now=started)
    checkin = book.redeem(ticket.code, now=started).checkin.id
    first = book.get(checkin)
    assert not first.safety_answers_changed(since=first)
    book.answer(checkin, "phq9", 1, 3)
    book.answer(checkin, "gad7", 1, 3)
    assert not book.get(checkin).safety_answers_changed(since=first)  # other questions: no safety answer
    book.answer(checkin, "phq9", 9, 0)
    with_item_9 = book.get(checkin)
    assert with_item_9.safety_answers_changed(since=first)  # a new safety answer, even "not at all"
    book.answer(checkin, "phq9", 9, 0)
    assert not book.get(checkin).safety_answers_changed(since=with_item_9)  # the same answer again
    book.answer(checkin, "phq9", 9, 1)
    assert book.get(checkin).safety_answers_changed(since=with_item_9)  # a changed one
    _answer_all(book, checkin, "phq9", {n: 1 for n in range(1, 10)}, now=None)
    before_saving = book.get(checkin)
    book.save_complete(store, checkin)
    saved = book.get(checkin)
    assert "phq9" in saved.saved and saved.safety_answers_changed(since=before_saving)  # now read from its record
    assert saved.changed_safety_answers(since=first) == (("phq9", 9),)  # the one safety question, GAD-7 has none
    book.cancel(checkin, by="KM")
    assert not book.get(checkin).safety_answers_changed(since=saved)  # withdrawn: no answer changed
    other = book.start(store, patient, ["phq9"], by="KM").checkin
    with pytest.raises(CheckinRefused) as refused:
        other.safety_answers_changed(since=first)
    assert (refused.value.item, refused.value.value, refused.value.allowed) == ("since", checkin, (other.id,))


def test_a_high_risk_level_shows_the_c_ssrs_triage_reminder_beside_it(store, book):
    from iopkit.widgets.checkin import CheckinStarter

    _two_patients_item_9(store, book, dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
    starter = CheckinStarter()
    starter.start(store, "KM", book=book)
    assert starter.triage.value == ""
    starter.risk_level.value = "high"
    # Columbia's screener triage: high risk calls for safety precautions and an immediate emergency evaluation
    # (the C-SSRS screener's own high-risk action in iopkit)
    assert (
        "C-SSRS screener triage, high risk: Safety precautions now: do not leave the patient alone; arrange an "
        "immediate emergency mental-health evaluation, which decides any hospitalisation"
    ) in starter.triage.value
    assert "Columbia C-SSRS Screener with triage" in starter.triage.value
    for other in ("moderate", "low", ""):
        starter.risk_level.value = other
        assert starter.triage.value == ""


def test_a_saved_safety_answer_on_an_unfinished_check_in_is_reviewed_with_the_risk_level_on_screen(
    store, patient, book
):
    # the reviewer's case on the caseload: PHQ-9 saved with item 9 = 2, PHQ-2 left unfinished, the check-in over
    from iopkit.widgets.checkin import CheckinStarter

    started = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    checkin, _record = _saved_item_9_then_unfinished(store, patient, book, {}, started=started)
    starter = CheckinStarter()
    starter.start(store, "KM", book=book)
    assert starter.review_box.layout.display == "" and starter.to_review.value == checkin
    assert starter.to_review.label.startswith("IOP-0042: safety flag PHQ-9: suicidal ideation (saved), started")
    assert starter.safety_box.layout.display == "" and "Possible suicidal ideation" in starter.review_flags.value
    assert "speak with the patient now" in starter.live.value
    starter.reviewed.click()
    assert "missing: risk_level and action" in starter.review_status.value and "Reviewed" not in starter.live.value
    starter.risk_level.value, starter.action.value = "moderate", ASSESSED
    starter.reviewed.click()
    assert "iop-status-info" in starter.review_status.value and starter.review_box.layout.display == "none"
    assert "A safety answer was given. Reviewed at" in starter.live.value
    assert f"by KM: moderate risk; {ASSESSED}." in starter.live.value


def test_a_safety_answer_closed_without_a_risk_level_is_never_said_reviewed(store, patient, book):
    # a check-in closed with a name only by an iopkit that did not ask for the risk level
    from iopkit.widgets.checkin import CheckinStarter

    started = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    checkin, _record = _saved_item_9_then_unfinished(store, patient, book, {}, started=started)
    with sqlite3.connect(book.path) as conn:
        conn.execute(
            "UPDATE checkins SET reviewed_at = ?, reviewed_by = 'KM' WHERE id = ?", (started.isoformat(), checkin)
        )
    starter = CheckinStarter()
    starter.start(store, "KM", book=book)
    assert "Reviewed" not in starter.live.value and "iop-flag-critical" in starter.live.value
    assert "with no risk level recorded: record the suicide risk assessment" in starter.live.value


def test_a_second_review_on_a_dashboard_not_yet_refreshed_shows_the_refusal_beside_the_button(store, patient, book):
    # Dr B's caseload still lists the check-in KM has just reviewed (low); Dr B records high and an ED transfer
    from iopkit.widgets.checkin import CheckinStarter

    started = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    ticket = book.start(store, patient, ["phq9"], by="KM", now=started)
    checkin = book.redeem(ticket.code, now=started).checkin.id
    book.answer(checkin, "phq9", 9, 2, now=started)
    starter = CheckinStarter()
    starter.start(store, "Dr B", book=book)
    assert starter.to_review.value == checkin
    book.review(checkin, "KM", risk_level="low", action=ASSESSED)
    starter.risk_level.value, starter.action.value = "high", "ED transfer"
    starter.reviewed.click()
    shown = starter.review_status.value
    assert "iop-status-error" in shown and "already reviewed by KM" in shown and "risk level low" in shown
    assert "a new C-SSRS screener (Intake &amp; measures)" in shown  # changed with the re-review's finding 7
    assert "Check-in reviewed" not in shown
    (beside,) = [box for box in starter.review_box.children if starter.reviewed in getattr(box, "children", ())]
    assert starter.review_status in beside.children  # next to the Reviewed button
    assert (book.get(checkin).risk_level, book.get(checkin).action) == (RiskLevel.LOW, ASSESSED)


def test_an_unanswered_safety_question_closed_without_a_risk_level_is_never_said_reviewed(store, patient, book):
    # PHQ-9 stopped before item 9, the check-in expired (item 9 counts at its worst), closed with a name only by an
    # iopkit that did not ask for the risk level
    from iopkit.widgets.checkin import CheckinStarter

    started = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    ticket = book.start(store, patient, ["phq9"], by="KM", now=started)
    checkin = book.redeem(ticket.code, now=started).checkin.id
    _answer_all(book, checkin, "phq9", {n: 0 for n in range(1, 9)}, now=started)
    assert not book.get(checkin).staff_now
    starter = CheckinStarter()
    starter.start(store, "KM", book=book)
    assert "A safety question was left unanswered" in starter.live.value  # before the review: never silent
    with sqlite3.connect(book.path) as conn:
        conn.execute(
            "UPDATE checkins SET reviewed_at = ?, reviewed_by = 'KM' WHERE id = ?", (started.isoformat(), checkin)
        )
    (flag,) = book.get(checkin).raised_safety_flags()
    assert flag.flag.code == "suicidal_ideation" and flag.worst_case and book.safety_flags(checkin) == ()
    starter.refresh()
    assert "Reviewed" not in starter.live.value and "iop-flag-critical" in starter.live.value
    assert "counts at its worst answer (PHQ-9: suicidal ideation)" in starter.live.value
    assert "with no risk level recorded: record the suicide risk assessment" in starter.live.value


def test_the_home_pages_caseload_shows_a_check_in_safety_answer_before_anything_is_saved(store, patient):
    from iopkit.checkin import book_of
    from iopkit.widgets.home import home

    with CheckinBook(book_of(store)) as book:
        ticket = book.start(store, patient, ["phq9"], by="KM")
        session = book.redeem(ticket.code)
        book.answer(session.checkin.id, "phq9", 9, 1)
    assert store.current(patient, "assessment") == ()
    page = home(store=store)
    page.start()
    assert "iop-flag-critical" in page.patients.value and "questionnaire not finished yet" in page.patients.value


def test_refresh_check_ins_brings_a_finished_check_ins_safety_answer_to_the_caseloads_red_column(store, patient):
    # walk review F9: the caseload open, the patient finishes a PHQ-9 with item 9 answered (saved to the store), then
    # "Refresh check-ins": the flag column, the count and the order follow without a reload
    from iopkit.checkin import book_of
    from iopkit.widgets.home import home

    quiet = store.add_patient("IOP-0001")  # listed first by pseudonym while nobody has a flag
    page = home(store=store)
    page.start()
    assert "open safety flag" not in page.patients.value and page.episodes[0].patient.id == quiet
    with CheckinBook(book_of(store)) as book:
        ticket = book.start(store, patient, ["phq9"], by="KM")
        checkin = book.redeem(ticket.code).checkin.id
        _answer_all(book, checkin, "phq9", {n: (2 if n == 9 else 0) for n in range(1, 10)}, now=None)
        book.save_complete(store, checkin)
    page.checkin.reread.click()
    assert "speak with the patient now" in page.checkin.live.value
    assert "1 with an open safety flag</span>, listed first" in page.patients.value
    cell = page.patients.value.split('class="iop-open-flags-cell">')[1]
    # walk23 finding 3: the instrument by its name
    assert "PHQ-9 item 9" in cell and "(PHQ-9, " in cell and "questionnaire not finished yet" not in cell
    assert page.episodes[0].patient.id == patient


def test_the_safety_message_is_calm_sends_to_staff_now_names_988_and_911_and_carries_no_score():
    from iopkit.checkin import STAFF_NOW_MESSAGE

    assert "speak with a member of staff now" in STAFF_NOW_MESSAGE
    assert "call or text 988 (the Suicide & Crisis Lifeline)" in STAFF_NOW_MESSAGE
    assert "If you are in immediate danger, call 911." in STAFF_NOW_MESSAGE
    assert not re.search(r"\b(score|total|risk|severe|moderate|mild|band|points?)\b", STAFF_NOW_MESSAGE, re.I)
    assert re.findall(r"\d+", STAFF_NOW_MESSAGE) == ["988", "911"]


def test_the_clinician_withdraws_a_check_in_and_its_code_stops_working(store, patient, book):
    from iopkit.widgets.checkin import CheckinStarter

    starter = CheckinStarter()
    starter.start(store, "KM", book=book)
    assert starter.withdraw_box.layout.display == "none"
    starter.patient.value, starter.which.value, starter.measures.value = patient, "Choose measures", ("gad7",)
    starter.go.click()
    code = re.search(r"[2-9A-Z]{4}-[2-9A-Z]{4}", starter.ticket.value).group(0)
    assert starter.withdraw_box.layout.display == "" and starter.to_withdraw.value is not None
    starter.withdraw.click()
    with pytest.raises(CheckinRefused):
        book.redeem(code)
    assert starter.withdraw_box.layout.display == "none"


def test_a_withdrawn_check_in_with_a_safety_answer_stays_in_the_list_and_to_review_until_reviewed(store, patient, book):
    # the reviewer's case: item 9 answered on the tablet, then the clinician withdraws the check-in from the caseload
    from iopkit.widgets.checkin import CheckinStarter

    started = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    ticket = book.start(store, patient, ["phq9"], by="KM", now=started)
    safety = book.redeem(ticket.code, now=started).checkin.id
    book.answer(safety, "phq9", 9, 1, now=started)
    saved, _record = _saved_item_9_then_unfinished(store, patient, book, {}, started=started)
    quiet = book.redeem(book.start(store, patient, ["gad7"], by="KM", now=started).code, now=started).checkin.id
    book.answer(quiet, "gad7", 1, 0, now=started)  # no safety answer: may drop off once withdrawn
    starter = CheckinStarter()
    starter.start(store, "KM", book=book)
    assert sorted(starter.to_withdraw.options, key=lambda o: o[1])[0][1] == safety
    for checkin in (safety, saved, quiet):
        starter.to_withdraw.value = checkin
        starter.withdraw.click()
    assert book.get(safety).status is Status.CANCELLED and starter.withdraw_box.layout.display == "none"
    listed = starter.live.value.split("<li>")[1:]
    assert len(listed) == 2 and all(": withdrawn, " in row for row in listed)  # the quiet one dropped off
    # changed with the reviewer's finding 6: a withdrawn row says when it was withdrawn and by whom, never its
    # expiry, and the patient may have left
    for row, checkin in zip(listed, (safety, saved)):
        at = f"{book.get(checkin).cancelled_at.astimezone():%H:%M}"
        assert f"answered, withdrawn at {at} by KM" in row and "until" not in row
        # changed with the re-review's note 9: and what to do when they cannot be reached
        assert (
            "A safety answer was given: contact the patient now (they may have left); if you cannot reach them, "
            "follow your clinic's protocol for an at-risk patient who cannot be reached." in row
        )
    assert "speak with the patient now" not in starter.live.value
    assert [i for _label, i in starter.to_review.options] == [safety, saved]
    assert all(", withdrawn at " in label for label, _i in starter.to_review.options)
    starter.risk_level.value, starter.action.value = "low", ASSESSED
    starter.reviewed.click()
    assert [i for _label, i in starter.to_review.options] == [saved]  # the other stays until reviewed
    assert starter.live.value.count("A safety answer was given. Reviewed at") == 1
    assert starter.live.value.count("contact the patient now (they may have left)") == 1


# --- a safety flag is closed once: the check-in's review and the chart's flag resolution ---------------------
def _flag_resolved(store, patient, day):
    """What the continued-stay review (the progress page and the summary) says about the closed flags."""
    from iopkit.episode import Episode

    episode = Episode.from_store(store, patient, as_of=day)
    return episode.open_flags, [x.finding for x in episode.review.findings if x.code == "flag_resolved"]


def _placed(store, patient):
    """A placement at IOP, so the episode has a continued-stay review."""
    from iopkit.placement import Placement, recommend

    rec = recommend({1: 0, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1})
    store.save(patient, Placement(rec, rec.level, "KM"), by="KM", when=T0.date())


def test_a_check_in_review_closes_the_saved_flag_in_the_chart_and_a_higher_level_later_is_a_re_assessment(
    store, patient, book
):
    # the reviewer's case: KM reviews the check-in (low); Dr B then records high for the same flag on the progress page.
    # Changed with the reviewer's finding 1: Dr B's high was refused; now it is recorded after KM's closing
    from iopkit.errors import FlagAlreadyClosedError
    from iopkit.placement import FlagResolution

    _placed(store, patient)
    checkin, record = _saved_item_9_then_unfinished(store, patient, book, {})
    book.cancel(checkin, now=T0)
    later = T0 + dt.timedelta(minutes=5)
    (open_flag,), before = _flag_resolved(store, patient, T0.date())
    assert open_flag.record_id == record and before == []
    book.review(checkin, "KM", now=later, risk_level="low", action=ASSESSED, store=store)
    still_open, said = _flag_resolved(store, patient, T0.date())
    assert still_open == () and len(said) == 1  # one closing, at the review's level
    assert f"overall risk low; {ASSESSED} (KM, 2026-03-02)" in said[0]

    def closing(level, action="ED transfer", by="Dr B"):
        return FlagResolution(
            "suicidal_ideation", "phq9", open_flag.week, action, by, T0.date(), record=str(record), risk_level=level
        )

    store.save(patient, closing("high"), by="Dr B", when=T0.date())  # never refused
    _open, (now_said,) = _flag_resolved(store, patient, T0.date())
    assert now_said.endswith(
        f"overall risk low; {ASSESSED} (KM, 2026-03-02); re-assessed higher: high, by Dr B on 2026-03-02, "
        "what was done: 'ED transfer'"
    )
    for level in ("moderate", "high"):  # levels only go up after a closing
        with pytest.raises(FlagAlreadyClosedError) as refused:
            store.save(patient, closing(level, "Seen again; plan kept", "AR"), by="AR", when=T0.date())
        message = str(refused.value)
        assert "already closed by KM on 2026-03-02 at overall risk low" in message and ASSESSED in message
        assert "re-assessed higher: high, by Dr B on 2026-03-02" in message
        assert "closed once" in message and "in iopkit, a new C-SSRS screener" in message  # re-review's finding 7
        assert (refused.value.item, refused.value.value, refused.value.allowed) == ("risk_level", level, ())
        assert refused.value.first.by == "KM" and refused.value.instrument == "phq9"
        assert isinstance(refused.value, StoreError)
    assert len(store.current(patient, "flag_resolution")) == 2


def test_a_check_in_review_at_a_higher_level_than_the_charts_closing_is_recorded_as_a_re_assessment(
    store, patient, book
):
    # the reviewer's case (finding 1): KM closes the chart flag at low; Dr B reviews the check-in and finds high
    from iopkit.placement import FlagResolution

    _placed(store, patient)
    checkin, record = _saved_item_9_then_unfinished(store, patient, book, {})
    book.cancel(checkin, now=T0)
    (open_flag,), _said = _flag_resolved(store, patient, T0.date())
    first = FlagResolution(
        "suicidal_ideation", "phq9", open_flag.week, ASSESSED, "KM", T0.date(), record=str(record), risk_level="low"
    )
    store.save(patient, first, by="KM", when=T0.date())
    later = T0 + dt.timedelta(minutes=5)
    with pytest.raises(CheckinRefused) as refused:  # no level yet: told about the chart's closing, not to restate it
        book.review(checkin, "Dr B", now=later, store=store)
    assert "closed in the patient's chart by KM on 2026-03-02 at overall risk low" in str(refused.value)
    assert "this review records that level" not in str(refused.value)
    done = book.review(checkin, "Dr B", now=later, risk_level="high", action="ED evaluation arranged", store=store)
    assert (done.reviewed_by, done.risk_level) == ("Dr B", RiskLevel.HIGH)
    kept = [r.item for r in store.current(patient, "flag_resolution")]
    assert kept[0] == first and (kept[1].by, kept[1].risk_level) == ("Dr B", RiskLevel.HIGH)
    _open, (said,) = _flag_resolved(store, patient, T0.date())
    assert said.endswith(
        f"overall risk low; {ASSESSED} (KM, 2026-03-02); re-assessed higher: high, by Dr B on 2026-03-02, "
        "what was done: 'ED evaluation arranged'"
    )


def test_a_lower_check_in_review_reviews_the_check_in_only_and_never_lowers_the_charts_level(store, patient, book):
    # Dr B records high on the progress page first; KM then reviews the check-in with low.  Changed with the
    # re-review's finding 2: the lower review was refused (the check-in stayed red); now it reviews the check-in only,
    # is noted in the chart after the closing, and the chart's level stays high
    from iopkit.placement import FlagResolution

    _placed(store, patient)
    checkin, record = _saved_item_9_then_unfinished(store, patient, book, {})
    book.cancel(checkin, now=T0)
    (open_flag,), _said = _flag_resolved(store, patient, T0.date())
    first = FlagResolution(
        "suicidal_ideation",
        "phq9",
        open_flag.week,
        "ED transfer",
        "Dr B",
        T0.date(),
        record=str(record),
        risk_level="high",
    )
    store.save(patient, first, by="Dr B", when=T0.date())
    later = T0 + dt.timedelta(minutes=5)
    with pytest.raises(
        CheckinRefused, match="closed in the patient's chart by Dr B on 2026-03-02 at overall risk high"
    ) as refused:
        book.review(checkin, "KM", now=later, store=store)  # no level: told about the chart's closing
    assert "this review records that level" not in str(refused.value)  # changed with the reviewer's finding 1
    assert "at the same or a lower level it reviews this check-in only" in str(refused.value)
    assert book.get(checkin).reviewed_at is None and len(store.current(patient, "flag_resolution")) == 1
    ((chart_flag, closings),) = book.in_the_chart(checkin, store, now=later)
    assert chart_flag.record_id == record and closings == (first,)
    done = book.review(checkin, "KM", now=later, risk_level="low", action=ASSESSED, store=store)
    assert (done.reviewed_by, done.risk_level) == ("KM", RiskLevel.LOW)  # the check-in's review: low
    kept = [r.item for r in store.current(patient, "flag_resolution")]
    assert kept[0] == first and len(kept) == 2 and kept[1].reviewed_again and kept[1].risk_level is RiskLevel.LOW
    still_open, (said,) = _flag_resolved(store, patient, T0.date())
    assert still_open == ()
    assert said.endswith(
        "overall risk high; ED transfer (Dr B, 2026-03-02); reviewed again: low (the flag's level is high), by KM on "
        f"2026-03-02, what was done: {ASSESSED!r}"
    )
    from iopkit.placement.resolution import closings_of, current_level

    chart = closings_of(
        "phq9", "suicidal_ideation", str(record), open_flag.week, kept, store.history(patient, "assessment")
    )
    assert chart == (first,) and current_level(chart) is RiskLevel.HIGH  # never a closing; the level stays high


def test_a_same_level_check_in_review_shows_the_clinicians_note_in_the_chart_never_as_a_closing(store, patient, book):
    # the re-review's finding 1 (must-fix): the chart closed at moderate by Dr B; KM reviews the check-in at moderate
    # with what was done: the chart shows KM's note after the closing; it never closes nor changes the level
    from iopkit.errors import FlagAlreadyClosedError
    from iopkit.placement import FlagResolution

    _placed(store, patient)
    checkin, record = _saved_item_9_then_unfinished(store, patient, book, {})
    book.cancel(checkin, now=T0)
    (open_flag,), _said = _flag_resolved(store, patient, T0.date())

    def closing(level, action, by):
        return FlagResolution(
            "suicidal_ideation", "phq9", open_flag.week, action, by, T0.date(), record=str(record), risk_level=level
        )

    store.save(patient, closing("moderate", "Safety plan reviewed; family informed", "Dr B"), by="Dr B", when=T0.date())
    note = "Called 988 with patient; means restriction done"
    book.review(checkin, "KM", now=T0 + dt.timedelta(minutes=5), risk_level="moderate", action=note, store=store)
    still_open, (said,) = _flag_resolved(store, patient, T0.date())
    assert still_open == ()
    assert said.endswith(
        "overall risk moderate; Safety plan reviewed; family informed (Dr B, 2026-03-02); reviewed again: moderate, "
        "by KM on 2026-03-02, what was done: 'Called 988 with patient; means restriction done'"
    )
    # never a closing: moderate is still refused as a second closing, and high is still a re-assessment
    with pytest.raises(FlagAlreadyClosedError, match="already closed by Dr B on 2026-03-02 at overall risk moderate"):
        store.save(patient, closing("moderate", "Seen again; plan kept", "AR"), by="AR", when=T0.date())
    store.save(patient, closing("high", "ED evaluation arranged", "AR"), by="AR", when=T0.date())
    _open, (said,) = _flag_resolved(store, patient, T0.date())
    assert "re-assessed higher: high, by AR on 2026-03-02" in said
    assert "reviewed again: moderate (the flag's level is high), by KM on 2026-03-02" in said


def test_a_check_in_review_never_closes_an_earlier_open_flag_it_did_not_show(store, patient, book):
    # the reviewer's case (finding 2): Monday in clinic PHQ-9 item 9 = 3 left open; Tuesday's check-in item 9 = 1
    # reviewed "low": Monday's flag stays open (the review panel listed only Tuesday's)
    _placed(store, patient)
    monday = store.save(patient, score("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 3]), by="KM", when=T0.date())
    tuesday = T0 + dt.timedelta(days=1)
    checkin, record = _saved_item_9_then_unfinished(store, patient, book, {}, started=tuesday, item_9=1)
    book.cancel(checkin, now=tuesday)
    assert [f.record_id for f in book.safety_flags(checkin, now=tuesday)] == [record]  # what the panel shows
    opened, _said = _flag_resolved(store, patient, tuesday.date())
    assert sorted(f.record_id for f in opened) == sorted([monday, record])
    book.review(checkin, "KM", now=tuesday, risk_level="low", action=ASSESSED, store=store)
    still_open, said = _flag_resolved(store, patient, tuesday.date())
    assert [f.record_id for f in still_open] == [monday] and len(said) == 1


def test_a_review_closing_two_saved_flags_in_the_chart_closes_both_or_neither(store, patient, book):
    # finding 7a: the second closing fails (here: refused, the flag given twice): the first is not kept either.  Only
    # the PHQ-9 raises a saved safety flag among today's check-in forms, so the chart's closing is called directly
    from iopkit.checkin import _close_in_the_chart
    from iopkit.errors import FlagAlreadyClosedError

    checkin, _record = _saved_item_9_then_unfinished(store, patient, book, {})
    book.cancel(checkin, now=T0)
    (flag,) = book.safety_flags(checkin, now=T0)
    reviewed = dataclasses.replace(
        book.get(checkin), reviewed_at=T0, reviewed_by="KM", risk_level=RiskLevel.LOW, action=ASSESSED
    )
    with pytest.raises(FlagAlreadyClosedError):
        _close_in_the_chart(store, reviewed, [(flag, 0, False), (flag, 0, False)])
    assert store.current(patient, "flag_resolution") == ()


def test_a_check_in_review_refused_by_the_store_is_not_recorded(store, patient, book):
    # the chart closes the flag between the review's reading and its save (another dashboard): nothing is recorded
    from iopkit.errors import FlagAlreadyClosedError
    from iopkit.placement import FlagResolution

    checkin, record = _saved_item_9_then_unfinished(store, patient, book, {})
    book.cancel(checkin, now=T0)
    meanwhile = FlagResolution(
        "suicidal_ideation", "phq9", 0, "ED transfer", "Dr B", T0.date(), record=str(record), risk_level="high"
    )

    class Racing:
        def __getattr__(self, name):
            return getattr(store, name)

        def save(self, *args, **kwargs):
            store.save(patient, meanwhile, by="Dr B", when=T0.date())
            return store.save(*args, **kwargs)

    with pytest.raises(FlagAlreadyClosedError, match="already closed by Dr B"):
        book.review(checkin, "KM", now=T0, risk_level="low", action=ASSESSED, store=Racing())
    kept = book.get(checkin)
    assert (kept.reviewed_at, kept.risk_level, kept.action) == (None, None, None)  # still to review
    assert [c.id for c, _flags in book.to_review(now=T0)] == [checkin]


def test_the_caseload_review_closes_the_saved_flag_on_the_progress_page_too(store, patient, book):
    from iopkit.widgets.checkin import CheckinStarter
    from iopkit.widgets.progress import progress_app

    done = "C-SSRS full assessment; safety plan agreed"
    _placed(store, patient)
    started = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    checkin, _record = _saved_item_9_then_unfinished(store, patient, book, {}, started=started)
    starter = CheckinStarter()
    starter.start(store, "KM", book=book)
    page = progress_app(store=store)
    page.start()
    page.picker.select(patient)
    assert page.resolve.flag.options[0][1] == 0  # open in the chart
    starter.risk_level.value, starter.action.value = "moderate", done
    starter.reviewed.click()
    assert "iop-status-info" in starter.review_status.value
    again = progress_app(store=store)  # the progress page opened again
    again.start()
    again.picker.select(patient)
    assert again.resolve.save.disabled  # closed by the review: offered to no second closing
    assert f"overall risk moderate; {done} (KM, " in again.review_view.value  # the continued-stay review
    (closed,) = [r.item for r in store.current(patient, "flag_resolution")]
    assert (closed.risk_level, closed.action, closed.by) == (RiskLevel.MODERATE, done, "KM")


def test_the_review_says_it_closes_the_flag_on_the_progress_page_and_a_high_review_keeps_the_triage_reminder(
    store, patient, book
):
    # findings 7b and 1 (the C-SSRS high-risk action shown when high): Dr B reviews the check-in at high after KM
    # closed the chart flag at low
    from iopkit.placement import FlagResolution
    from iopkit.widgets.checkin import CheckinStarter

    _placed(store, patient)
    started = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    checkin, record = _saved_item_9_then_unfinished(store, patient, book, {}, started=started)
    store.save(
        patient,
        FlagResolution("suicidal_ideation", "phq9", 0, ASSESSED, "KM", started.date(), str(record), "low"),
        by="KM",
        when=started.date(),
    )
    starter = CheckinStarter()
    starter.start(store, "Dr B", book=book)
    assert "closed on the patient's progress page too" in starter.reviewed.tooltip
    assert "also closes the saved questionnaire's flag (PHQ-9: suicidal ideation) on the patient's progress page" in (
        starter.review_flags.value
    )
    starter.risk_level.value, starter.action.value = "high", "ED evaluation arranged"
    starter.reviewed.click()
    shown = starter.review_status.value
    assert "Check-in reviewed by Dr B: high risk; ED evaluation arranged" in shown
    assert "C-SSRS screener triage, high risk: Safety precautions now: do not leave the patient alone" in shown
    assert [r.item.risk_level for r in store.current(patient, "flag_resolution")] == [RiskLevel.LOW, RiskLevel.HIGH]


def test_a_lower_review_in_the_caseload_says_the_charts_level_stays_and_where_the_assessment_goes(store, patient, book):
    # the re-review's finding 2: Dr B closed the chart flag at moderate; KM finds low on the check-in
    from iopkit.placement import FlagResolution
    from iopkit.widgets.checkin import CheckinStarter

    _placed(store, patient)
    started = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    checkin, record = _saved_item_9_then_unfinished(store, patient, book, {}, started=started)
    day = started.date()
    store.save(
        patient,
        FlagResolution("suicidal_ideation", "phq9", 0, "Safety plan reviewed", "Dr B", day, str(record), "moderate"),
        by="Dr B",
        when=day,
    )
    starter = CheckinStarter()
    starter.start(store, "KM", book=book)
    assert (  # the re-review's note 9: the chart's closing said up front
        f"closed on the progress page already at moderate by Dr B on {day:%d %b}: a higher level is recorded there as "
        "a re-assessment; the same or a lower level reviews this check-in only"
    ) in html.unescape(starter.review_flags.value)
    starter.risk_level.value, starter.action.value = "low", ASSESSED
    starter.reviewed.click()
    shown = html.unescape(starter.review_status.value)
    assert (
        f"Check-in reviewed by KM: low risk; {ASSESSED}; the chart's level stays moderate (Dr B, {day:%d %b}); "
        "if you gave a new C-SSRS screener, enter it on Intake & measures; a full suicide risk assessment goes in "
        "your clinic's record" in shown  # the second re-review: never a clinician's assessment entered as a screener
    )
    assert book.get(checkin).risk_level is RiskLevel.LOW
    assert [(r.item.risk_level, r.item.reviewed_again) for r in store.current(patient, "flag_resolution")] == [
        (RiskLevel.MODERATE, False),
        (RiskLevel.LOW, True),
    ]


def test_the_review_says_an_earlier_open_flag_stays_open_on_the_progress_page(store, patient, book):
    # the re-review's note 9: "reload the caseload to see its flags go" misled with an earlier open flag
    from iopkit.widgets.checkin import CheckinStarter

    _placed(store, patient)
    started = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    earlier = started.date() - dt.timedelta(days=1)
    store.save(patient, score("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 3]), by="KM", when=earlier)  # left open
    _saved_item_9_then_unfinished(store, patient, book, {}, started=started, item_9=1)
    starter = CheckinStarter()
    starter.start(store, "KM", book=book)
    starter.risk_level.value, starter.action.value = "low", ASSESSED
    starter.reviewed.click()
    shown = html.unescape(starter.review_status.value)
    assert (
        f"reload the caseload to see this check-in's flags go; the PHQ-9 flag of {earlier:%d %b} stays open on the "
        "progress page until closed there."
    ) in shown


def test_a_check_in_withdrawn_on_an_earlier_day_says_the_day(store, patient, book):
    # the re-review's note 9: a withdrawn row shows the date when not today
    from iopkit.widgets.checkin import CheckinStarter

    started = dt.datetime.now(dt.UTC) - dt.timedelta(hours=23, minutes=50)  # still listed (started in the last day)
    ticket = book.start(store, patient, ["phq9"], by="KM", now=started)
    safety = book.redeem(ticket.code, now=started).checkin.id
    book.answer(safety, "phq9", 9, 1, now=started)
    book.cancel(safety, by="KM", now=started)
    starter = CheckinStarter()
    starter.start(store, "KM", book=book)
    at = book.get(safety).cancelled_at.astimezone()
    today = at.date() == dt.datetime.now().astimezone().date()  # late in the day, 23 h 50 ago is still today
    on = "" if today else f" on {at:%d %b}"
    assert f"answered, withdrawn{on} at {at:%H:%M} by KM" in starter.live.value


# --- walk review F10: staff withdraw a check-in while the patient's page is asking ---------------------------------
# The reviewer's expected words (walk.md F10, the lead's brief), typed here, never read from the library.
ENDED_WORDS = ("This check-in has ended.", "Please speak with a member of staff.")


def _asking_page(store, patient, book, monkeypatch, measures=("phq9",)):
    from iopkit.widgets.checkin import patient_checkin

    checkin = book.start(store, patient, measures, by="KM")
    session = book.redeem(checkin.code)
    monkeypatch.setenv("QUERY_STRING", f"checkin={session.checkin.id}")
    page = patient_checkin(store, book)
    page.start()
    return page, session.checkin.id


def _says_it_ended(page) -> None:
    shown = html.unescape(page.question.value)
    assert all(words in shown for words in ENDED_WORDS), shown
    assert page.answers.children == () and page.back.layout.display == "none" and page.progress.value == ""
    assert "Question" not in shown


def test_a_tap_after_staff_withdraw_the_check_in_says_it_has_ended_and_asks_nothing_more(
    store, patient, book, monkeypatch
):
    page, checkin_id = _asking_page(store, patient, book, monkeypatch)
    for label in ("Not at all", "Several days", "Not at all"):
        _click(page, label)
    assert "Question 4 of 9" in page.progress.value
    book.cancel(checkin_id, by="QA")  # the caseload's "Withdraw"
    _click(page, "Several days")  # the patient's next tap
    _says_it_ended(page)
    assert len(book.get(checkin_id).answers["phq9"]) == 3  # the tap after the withdrawal saved nothing


def test_the_patient_page_says_the_check_in_ended_without_a_tap_while_its_kernel_still_runs(
    store, patient, book, monkeypatch
):
    import iopkit.widgets.page as page_module

    later: list = []

    class Loop:  # the kernel's loop: the test runs what the page scheduled
        def call_later(self, _delay, callback):
            later.append(callback)

    monkeypatch.setattr(page_module, "_kernel_loop", lambda: Loop())
    page, checkin_id = _asking_page(store, patient, book, monkeypatch)
    assert len(later) == 1
    later.pop()()  # still open: the page looks again later and keeps asking
    assert "Question 1 of 9" in page.progress.value and len(later) == 1
    book.cancel(checkin_id, by="QA")
    later.pop()()
    _says_it_ended(page)
    assert later == []  # nothing more to watch


def test_the_server_keeps_a_withdrawn_check_ins_page_long_enough_to_say_so(store, patient, book):
    from iopkit.serving import CheckinDesk
    from iopkit.widgets.checkin import WATCH_S

    checkin = book.start(store, patient, ("gad7",), by="KM")
    session = book.redeem(checkin.code)
    desk = CheckinDesk(8899)
    desk._book = book
    desk.checkins["key"] = session.checkin.id
    assert not desk.ended("key")
    book.cancel(session.checkin.id, by="QA")
    withdrawn = book.get(session.checkin.id).cancelled_at
    # the page looks every WATCH_S seconds; the server's sweep runs every 5 s: the kernel lives through both
    assert not desk.ended("key", now=withdrawn + dt.timedelta(seconds=WATCH_S + 5))
    assert desk.ended("key", now=withdrawn + dt.timedelta(minutes=1))


def test_a_safety_answer_s_message_stays_when_the_check_in_then_ends(store, patient, book, monkeypatch):
    """The 988 / staff-now message a safety answer showed is never taken away by the withdrawal's words."""
    page, checkin_id = _asking_page(store, patient, book, monkeypatch, ("phq9", "gad7"))
    for _ in range(8):
        _click(page, "Not at all")
    _click(page, "Several days")  # item 9
    assert "988" in page.staff.value
    book.cancel(checkin_id, by="QA")
    _click(page, "Continue with the questions")  # GAD-7 is still to come
    _says_it_ended(page)
    assert "988" in page.staff.value
