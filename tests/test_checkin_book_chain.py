"""Security review F2: the check-in book's safety reviews and answers cannot be rewritten unnoticed.

Every state a check-in is saved in is chained in the book (iopkit.store.chain's hashing); ``iopkit verify`` checks
the book beside the store and names a check-in changed, added or removed around iopkit.  The rewrites are made
with plain :mod:`sqlite3`, as someone with the file and no iopkit would make them; the stores are real SQLite
files and real PostgreSQL databases (tests/store_backends.py).
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys

import pytest

from iopkit.checkin import CheckinBook, RiskLevel, book_of, chain_book
from iopkit.errors import StoreError
from iopkit.store.chain import Break

from .conftest import clinic_time
from .store_backends import use_both_backends

use_both_backends(globals())

T0 = clinic_time(dt.date(2026, 3, 2), 9)
# The reviewer's example (security review F2): a withdrawn PHQ-9 with item 9 answered 3, reviewed as high risk.
ACTION = "sent to emergency department with escort"


@pytest.fixture
def book_file(store, tmp_path, monkeypatch):
    """The book ``iopkit verify`` checks for ``store``: next to a SQLite file, ``$IOPKIT_CHECKINS`` for PostgreSQL."""
    monkeypatch.setenv("IOPKIT_CHECKINS", str(tmp_path / "pg.checkins.sqlite"))
    if not str(store.path).startswith("postgresql://"):
        monkeypatch.delenv("IOPKIT_CHECKINS")
    return book_of(store)


def reviewed(store, book_file) -> int:
    """A withdrawn check-in whose PHQ-9 item 9 was answered 3, reviewed as high risk; its id."""
    patient = store.add_patient("IOP-0042")
    with CheckinBook(book_file) as book:
        ticket = book.start(store, patient, ["phq9"], by="KM", now=T0)
        book.redeem(ticket.code, now=T0)
        book.answer(ticket.checkin.id, "phq9", 9, 3, now=T0)
        book.cancel(ticket.checkin.id, now=T0, by="KM")
        done = book.review(ticket.checkin.id, "Dr B", now=T0, risk_level="high", action=ACTION)
        assert (done.risk_level, done.action) == (RiskLevel.HIGH, ACTION)
        assert book.verify() == ()
    return ticket.checkin.id


def tamper(book_file, *statements: str) -> None:
    conn = sqlite3.connect(book_file, isolation_level=None)
    try:
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


def cli_verify(store) -> subprocess.CompletedProcess:
    url = str(store.path) if not str(store.path).startswith("postgresql://") else store.url
    return subprocess.run(
        [sys.executable, "-m", "iopkit", "verify", "--db", url],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ.copy(),
    )


def test_a_book_saved_through_iopkit_verifies_whole(store, book_file):
    reviewed(store, book_file)
    run = cli_verify(store)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 check-ins, as iopkit saved them" in run.stdout


def test_a_rewritten_safety_review_is_reported_by_verify(store, book_file):
    checkin = reviewed(store, book_file)
    tamper(
        book_file,
        "UPDATE checkins SET risk_level = 'low', action = 'talked with patient, no concerns', reviewed_by = 'KM'",
    )
    with CheckinBook(book_file) as book:
        assert book.get(checkin).risk_level is RiskLevel.LOW  # what iopkit now reads ...
        (problem,) = book.verify()  # ... is reported
    assert (problem.table, problem.ids, problem.kind) == ("check-ins", (checkin,), Break.ALTERED)
    assert "risk_level" in problem.detail and "action" in problem.detail
    run = cli_verify(store)
    assert run.returncode == 1, run.stdout + run.stderr
    assert f"check-in {checkin}: altered" in run.stdout


def test_cleared_answers_added_and_removed_check_ins_are_reported(store, book_file):
    checkin = reviewed(store, book_file)
    tamper(
        book_file,
        "UPDATE checkins SET answers = '{}', staff_now = 0",
        "INSERT INTO checkins (patient_id, measures, started_by, created_at, expires_at, code_hash) "
        "VALUES (1, '[\"phq9\"]', 'KM', '2026-03-02T09:00:00+00:00', '2026-03-02T10:00:00+00:00', 'chosen')",
    )
    with CheckinBook(book_file) as book:
        assert [(p.ids, p.kind) for p in book.verify()] == [((checkin,), Break.ALTERED), ((2,), Break.UNSEALED)]
    tamper(book_file, f"DELETE FROM checkins WHERE id = {checkin}")
    with CheckinBook(book_file) as book:
        assert [(p.ids, p.kind) for p in book.verify()] == [((2,), Break.UNSEALED), ((checkin,), Break.GAP)]


def test_a_rewritten_state_is_a_break_of_the_books_chain(store, book_file):
    reviewed(store, book_file)
    tamper(
        book_file,
        "DROP TRIGGER checkin_states_no_update",
        "UPDATE checkin_states SET state = replace(state, '\"high\"', '\"low\"') WHERE state LIKE '%\"high\"%'",
        "UPDATE checkins SET risk_level = 'low'",
    )
    with CheckinBook(book_file) as book:
        kinds = [(p.table, p.kind) for p in book.verify()]
    assert ("checkin_states", Break.ALTERED) in kinds


def test_a_book_written_before_the_chain_is_refused_until_chained_by_the_operator_then_guarded(store, book_file):
    checkin = reviewed(store, book_file)
    tamper(book_file, "DROP TABLE checkin_states")  # as an older iopkit left it (or someone removed its chain)
    with pytest.raises(StoreError, match="holds 1 check-in\\(s\\) but no chain of states"):
        CheckinBook(book_file)  # a page or the server: never chained silently (tests/test_checkin_book_unchained.py)
    assert chain_book(book_file).chained  # what `iopkit chain` runs, once an operator has checked the book
    with CheckinBook(book_file) as book:
        assert book.verify() == () and book.get(checkin).risk_level is RiskLevel.HIGH
    tamper(book_file, "UPDATE checkins SET action = 'no concerns'")
    with CheckinBook(book_file) as book:
        assert [(p.ids, p.kind) for p in book.verify()] == [((checkin,), Break.ALTERED)]
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        tamper(book_file, "DELETE FROM checkin_states")
