"""``iopkit verify`` and ``python -m iopkit.store verify`` check the same things (iopkit.audit.verify_store_and_book).

Both commands run as child processes (their real exit codes) on a real SQLite store and its check-in book, rewritten
with plain :mod:`sqlite3` as someone with the files and no iopkit would: an altered check-in row is reported by both
(exit 1), with the same words.  The book's newest state is printed as a head; passed back with ``--anchor`` it shows
the removal of the book's newest check-in, which the chain alone cannot (both exit 0 without the anchor).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import subprocess
import sys

import pytest

from iopkit.audit import verify_store_and_book
from iopkit.checkin import CheckinBook, book_of
from iopkit.store import Store

from .conftest import clinic_time

T0 = clinic_time(dt.date(2026, 3, 2), 9)
COMMANDS = (("-m", "iopkit", "verify", "--db"), ("-m", "iopkit.store", "verify"))


@pytest.fixture
def clinic(tmp_path, monkeypatch):
    """A store of one patient and, beside it, a book holding one reviewed check-in (PHQ-9 item 9 answered 3)."""
    monkeypatch.delenv("IOPKIT_CHECKINS", raising=False)
    path = tmp_path / "clinic.sqlite"
    with Store(path) as store, CheckinBook(book_of(store)) as book:
        patient = store.add_patient("IOP-0042")
        ticket = book.start(store, patient, ["phq9"], by="KM", now=T0)
        book.redeem(ticket.code, now=T0)
        book.answer(ticket.checkin.id, "phq9", 9, 3, now=T0)
        book.cancel(ticket.checkin.id, now=T0, by="KM")
        book.review(ticket.checkin.id, "Dr B", now=T0, risk_level="high", action="sent to emergency department")
    return path


def both(path, *anchors: str) -> list[subprocess.CompletedProcess]:
    """``iopkit verify --db PATH`` and ``python -m iopkit.store verify PATH``, with the same anchors."""
    extra = [part for anchor in anchors for part in ("--anchor", anchor)]
    env = {k: v for k, v in os.environ.items() if k != "IOPKIT_CHECKINS"}
    return [
        subprocess.run(
            [sys.executable, *command, str(path), *extra], capture_output=True, text=True, timeout=120, env=env
        )
        for command in COMMANDS
    ]


def tamper(book, *statements: str) -> None:
    conn = sqlite3.connect(book, isolation_level=None)
    try:
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


def test_an_altered_check_in_row_is_reported_by_both_commands_in_the_same_words(clinic):
    whole = both(clinic)
    assert [run.returncode for run in whole] == [0, 0], [run.stdout + run.stderr for run in whole]
    assert whole[0].stdout == whole[1].stdout
    assert "check-in book" in whole[1].stdout and "1 check-ins, as iopkit saved them" in whole[1].stdout
    tamper(clinic.with_name("clinic.checkins.sqlite"), "UPDATE checkins SET risk_level = 'low', action = 'no concerns'")
    broken = both(clinic)
    assert [run.returncode for run in broken] == [1, 1], [run.stdout + run.stderr for run in broken]
    assert broken[0].stdout == broken[1].stdout
    assert "check-in 1: altered: changed around iopkit since it was last saved (risk_level, action)" in broken[1].stdout
    assert "1 check-ins, 1 problem(s) found" in broken[1].stdout


def test_the_books_head_anchors_its_newest_states_against_removal(clinic):
    with Store(clinic) as store, CheckinBook(book_of(store)) as book:  # a second check-in, the book's newest
        book.start(store, store.patients()[0].id, ["gad7"], by="KM", now=T0)
        head = book.head()
    printed = both(clinic)[1].stdout
    assert f"head (keep it elsewhere, pass it back as an anchor): {head}" in printed
    assert re.fullmatch(r"checkin_states:\d+:[0-9a-f]{64}", head)
    store_heads = re.findall(r"anchor: ((?:patients|records):\d+:[0-9a-f]{64})", printed)
    assert [run.returncode for run in both(clinic, head, *store_heads)] == [0, 0]

    tamper(  # the newest check-in and every state of it removed: the chain that is left is whole
        clinic.with_name("clinic.checkins.sqlite"),
        "DROP TRIGGER checkin_states_no_delete",
        "DELETE FROM checkin_states WHERE checkin_id = 2",
        "DELETE FROM checkins WHERE id = 2",
    )
    unanchored = both(clinic)
    assert [run.returncode for run in unanchored] == [0, 0]  # what no chain can see
    anchored = both(clinic, head, *store_heads)
    assert [run.returncode for run in anchored] == [1, 1], [run.stdout + run.stderr for run in anchored]
    assert anchored[0].stdout == anchored[1].stdout
    row = head.split(":")[1]
    assert f"checkin_state {row}: anchor: the anchored row is missing: rewritten or removed" in anchored[1].stdout


def test_a_removed_book_is_reported_against_its_anchor(clinic):
    head = verify_store_and_book(clinic).chains.head[-1]
    assert head.startswith("checkin_states:")
    clinic.with_name("clinic.checkins.sqlite").unlink()
    assert verify_store_and_book(clinic).ok  # no book is no problem ...
    report = verify_store_and_book(clinic, (head,))
    assert not report.ok and report.checkins is None  # ... unless one was anchored
    assert f"the anchored check-in book {clinic.with_name('clinic.checkins.sqlite')} is missing" in str(report)
    assert [run.returncode for run in both(clinic, head)] == [1, 1]


def test_a_book_whose_chain_was_removed_is_reported_never_chained_again_by_the_check(clinic):
    # someone with the files alters a review and drops the chain: had verify opened the book for writing, it would
    # have chained the altered rows afresh and passed; it opens it read-only and says the chain is gone
    book = clinic.with_name("clinic.checkins.sqlite")
    tamper(
        book,
        "UPDATE checkins SET risk_level = 'low', action = 'no concerns'",
        "DROP TABLE checkin_states",
    )
    for _ in range(2):  # the first check must not seal the book for the second
        runs = both(clinic)
        assert [run.returncode for run in runs] == [1, 1], [run.stdout + run.stderr for run in runs]
        assert runs[0].stdout == runs[1].stdout
        assert "the book has no chain of states" in runs[1].stdout
    conn = sqlite3.connect(book)
    try:
        assert conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'checkin_states'").fetchone() is None
    finally:
        conn.close()
    assert not verify_store_and_book(clinic).ok


def test_verify_opens_no_book_that_is_not_there(tmp_path, monkeypatch):
    monkeypatch.delenv("IOPKIT_CHECKINS", raising=False)
    path = tmp_path / "clinic.sqlite"
    with Store(path) as store:
        store.add_patient("IOP-1")
    report = verify_store_and_book(path)
    assert report.ok and report.checkins is None and not path.with_name("clinic.checkins.sqlite").exists()
