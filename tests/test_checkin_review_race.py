"""A check-in review writes on the very reading it compared with the one its risk level was chosen on: a patient's
answer sent while the review is saved waits for it and is then refused (the check-in is closed), never kept unseen
behind the review (physician review R15, M2: a level chosen before a safety answer was read is never saved for it).

Two connections to one real SQLite file, as the dashboard and the check-in server hold it; the other write is sent
from another thread at the moment the review's write begins (SQLite's own statement trace, no mock)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

import pytest

from iopkit.checkin import CheckinBook, CheckinRefused, RiskLevel

ASSESSED = "C-SSRS full assessment: low risk; safety plan agreed"


@pytest.fixture
def book(tmp_path):
    with CheckinBook(tmp_path / "clinic.checkins.sqlite") as opened:
        yield opened


def _check_in_with_item_9(store, patient, book, started, answer=1):
    """A PHQ-9 check-in started at ``started`` (so over 30 minutes later) whose patient answered item 9."""
    ticket = book.start(store, patient, ["phq9"], by="KM", now=started)
    checkin = book.redeem(ticket.code, now=started).checkin.id
    book.answer(checkin, "phq9", 9, answer, now=started)
    return checkin


def _sent_at_the_review_s_write(dashboard: CheckinBook, review: Callable, send: Callable) -> tuple:
    """Run ``review()`` on ``dashboard``; the moment its write begins (after its reading of the check-in), ``send()``
    runs in another thread, given time enough to land there were nothing holding it back.

    Returns (what ``review()`` returned, what ``send()`` returned or raised as CheckinRefused)."""
    go, landed, outcome = threading.Event(), threading.Event(), []

    def other_side() -> None:
        go.wait(30)
        try:
            outcome.append(send())
        except CheckinRefused as refused:
            outcome.append(refused)
        landed.set()

    def between_read_and_write(statement: str) -> None:
        if statement.startswith("UPDATE checkins SET reviewed_at"):
            go.set()
            landed.wait(2.0)

    sender = threading.Thread(target=other_side)
    sender.start()
    dashboard._conn.set_trace_callback(between_read_and_write)
    try:
        done = review()
    finally:
        dashboard._conn.set_trace_callback(None)
        go.set()
        sender.join(30)
    assert not sender.is_alive()
    [sent] = outcome
    return done, sent


def test_a_safety_answer_sent_while_a_review_is_saved_never_lands_unseen_behind_it(store, patient, tmp_path):
    """The answer waits for the review's write, then is refused; the review stands on the answers it read."""
    path = tmp_path / "clinic.checkins.sqlite"
    # the check-in expired half an hour ago (it may be reviewed); the patient's page checked it open just before
    started = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    with CheckinBook(path) as dashboard, CheckinBook(path) as server:
        checkin = _check_in_with_item_9(store, patient, server, started)
        seen = dashboard.get(checkin)  # the reading "low" is chosen on: item 9 "several days"
        done, answered = _sent_at_the_review_s_write(
            dashboard,
            lambda: dashboard.review(checkin, "KM", risk_level="low", action=ASSESSED, store=store, seen=seen),
            lambda: server.answer(checkin, "phq9", 9, 3, now=started),  # item 9 changed to "nearly every day"
        )
        assert (done.reviewed_by, done.risk_level) == ("KM", RiskLevel.LOW)
        assert isinstance(answered, CheckinRefused), "the answer landed between the review's reading and its write"
        assert str(answered) == f"check-in {checkin} was reviewed by staff; no answer is taken"
        assert dashboard.get(checkin).answers == {"phq9": {9: 1}}  # what the level was chosen on, and reviewed
        assert dashboard.verify() == () and server.verify() == ()  # every state chained, in order


def test_a_review_sent_while_another_is_saved_waits_and_finds_it_there(store, patient, tmp_path):
    """Two clinicians at two dashboards: the second review is refused with the first, never written over it."""
    path = tmp_path / "clinic.checkins.sqlite"
    started = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    with CheckinBook(path) as km, CheckinBook(path) as dr_b:
        checkin = _check_in_with_item_9(store, patient, km, started)
        seen = dr_b.get(checkin)
        done, other = _sent_at_the_review_s_write(
            km,
            lambda: km.review(checkin, "KM", risk_level="low", action=ASSESSED, store=store),
            lambda: dr_b.review(checkin, "Dr B", risk_level="high", action="ED transfer", store=store, seen=seen),
        )
        assert (done.reviewed_by, done.risk_level) == ("KM", RiskLevel.LOW)
        assert isinstance(other, CheckinRefused) and "already reviewed by KM" in str(other)
        assert (km.get(checkin).reviewed_by, km.get(checkin).risk_level) == ("KM", RiskLevel.LOW)
        assert km.verify() == ()


def test_a_reviewed_check_in_takes_no_answer(store, patient, book):
    started = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    checkin = _check_in_with_item_9(store, patient, book, started)
    book.review(checkin, "KM", risk_level="low", action=ASSESSED, store=store)
    with pytest.raises(CheckinRefused, match="was reviewed by staff; no answer is taken") as refused:
        book.answer(checkin, "phq9", 9, 3, now=started)
    assert (refused.value.item, refused.value.value) == ("checkin", checkin)
    assert book.get(checkin).answers == {"phq9": {9: 1}} and book.verify() == ()
