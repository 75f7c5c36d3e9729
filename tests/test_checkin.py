"""Patient check-ins: one-time codes, answers kept per check-in, patient-reported records through the same scorer,
flags and store, the safety message, the wrong-code throttle, and the server's check-in rules."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import struct

import pytest

from iopkit import score
from iopkit.checkin import (
    DEFAULT_EXPIRY,
    CheckinBook,
    CheckinRefused,
    Status,
    Throttle,
    needs_staff_now,
    next_question,
    this_weeks_set,
)
from iopkit.errors import InvalidAnswerError, StoreError

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


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
    corrected = store.save(patient, score("gad7", [1] * 6 + [0]), by="KM", amends=saved,
                           reason="patient meant 'not at all' on item 7")
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
    row = sqlite3.connect(store.path).execute(
        f"SELECT hash, {', '.join(RECORD_FIELDS)} FROM records WHERE id = ?", (first,)).fetchone()
    assert row_hash("records", dict(zip(RECORD_FIELDS, row[1:])), GENESIS) == row[0]
    with pytest.raises(StoreError):
        store.save(patient, score("phq2", [0, 1]), by="KM", source="robot")


# --- the safety message ----------------------------------------------------------------------------
@pytest.mark.parametrize(("instrument", "given", "expected"), [
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
])
def test_only_a_safety_answer_sends_the_patient_to_staff(instrument, given, expected):
    assert needs_staff_now(instrument, given) is expected


def test_a_safety_answer_marks_the_check_in_before_the_questionnaire_is_complete(store, patient, book):
    ticket = book.start(store, patient, ["cssrs_screen"], by="KM", now=T0)
    session = book.redeem(ticket.code, now=T0)
    checkin = book.answer(session.checkin.id, "cssrs_screen", 1, 1, now=T0)
    assert checkin.staff_now and checkin.pending == ("cssrs_screen",)
    assert session.checkin.id in [c.id for c in book.live(now=T0 + dt.timedelta(hours=2))]  # still shown, expired
    assert session.checkin.id not in [c.id for c in book.live(now=T0 + dt.timedelta(days=2))]


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


# --- the server's rules -----------------------------------------------------------------------------
def _v1(msg_type: str, channel: str = "shell") -> bytes:
    parts = [channel.encode(), json.dumps({"msg_type": msg_type}).encode(), b"{}", b"{}", b"{}"]
    offsets, position = [], 8 * (len(parts) + 2)
    for part in parts:
        offsets.append(position)
        position += len(part)
    offsets.append(position)
    head = len(offsets).to_bytes(8, "little") + b"".join(o.to_bytes(8, "little") for o in offsets)
    return head + b"".join(parts)


def _legacy_binary(msg_type: str) -> bytes:
    body = json.dumps({"header": {"msg_type": msg_type}, "parent_header": {}, "content": {}}).encode()
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
    assert not {"execute_request", "inspect_request", "complete_request", "history_request", "shutdown_request",
                "input_reply", "interrupt_request"} & PATIENT_MESSAGES


def test_translations_ship_english_only_with_source_and_licence():
    from iopkit.errors import UnknownInstrumentError
    from iopkit.instruments.translations import languages, translation

    for code in ("phq9", "gad7", "phq2", "gad2", "cssrs_screen"):
        t = translation(code)
        assert languages(code) == ("en",) and t.source and t.licence and t.lead_in
    assert translation("phq9").answer_labels(9) == ((0, "Not at all"), (1, "Several days"),
                                                    (2, "More than half the days"), (3, "Nearly every day"))
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
    assert [b.description for b in page.answers.children] == ["Not at all", "Several days",
                                                              "More than half the days", "Nearly every day"]
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
        "check-in by KM) (patient-reported)", "")
