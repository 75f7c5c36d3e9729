"""Security review F2, the last hole: a check-in book that holds check-ins but no chain of states is never chained by
the next page or server that opens it.

Someone with the file alters a safety review and drops ``checkin_states``; had the next writable open chained the
rows afresh (as it once did, for books written before the chain existed), the altered review would have been sealed
and ``iopkit verify`` would pass.  Every writable open refuses such a book (a :class:`~iopkit.errors.StoreError`
saying what is wrong and what to do) and leaves the file byte for byte as it was; only ``iopkit chain``, run by
an operator who has checked the book, chains it, and prints the head to keep.  A new, empty book is created and
chained as before.  Real SQLite files, rewritten with plain :mod:`sqlite3` as someone with the file and no iopkit
would; the commands and the server run as child processes (their real exit codes and words).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from iopkit.audit import verify_store_and_book
from iopkit.checkin import CheckinBook, RiskLevel, book_of, chain_book, with_open_checkins
from iopkit.episode import Episode
from iopkit.errors import StoreError
from iopkit.store import Store
from iopkit.store.chain import Break

from .conftest import ROOT, clinic_time, free_port, voila_command

T0 = clinic_time(dt.date(2026, 3, 2), 9)
ACTION = "sent to emergency department with escort"
HEAD = re.compile(r"head \(keep it elsewhere, pass it back as an anchor\): (checkin_states:\d+:[0-9a-f]{64})")


@pytest.fixture(autouse=True)
def _book_next_to_the_store(monkeypatch):
    monkeypatch.delenv("IOPKIT_CHECKINS", raising=False)


@pytest.fixture
def clinic(tmp_path) -> Path:
    """A store of one patient and, beside it, a book holding one withdrawn check-in (PHQ-9 item 9 answered 3)
    reviewed as high risk; the store's path."""
    path = tmp_path / "clinic.sqlite"
    with Store(path) as store, CheckinBook(book_of(store)) as book:
        patient = store.add_patient("IOP-0042")
        ticket = book.start(store, patient, ["phq9"], by="KM", now=T0)
        book.redeem(ticket.code, now=T0)
        book.answer(ticket.checkin.id, "phq9", 9, 3, now=T0)
        book.cancel(ticket.checkin.id, now=T0, by="KM")
        book.review(ticket.checkin.id, "Dr B", now=T0, risk_level="high", action=ACTION)
        assert book.verify() == ()
    return path


def sql(book: Path, *statements: str) -> None:
    """Statements run on the book with plain sqlite3 (no iopkit), committed one by one."""
    conn = sqlite3.connect(book, isolation_level=None)
    try:
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


def files(folder: Path) -> dict[str, bytes]:
    """Every file of the folder and its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def the_book(book: Path, found: dict[str, bytes] | None = None) -> dict[str, bytes]:
    """The book's files (itself, any -wal and -shm) and their bytes, from ``found`` or read now."""
    found = files(book.parent) if found is None else found
    return {name: data for name, data in found.items() if name.startswith(book.name)}


def env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "IOPKIT_CHECKINS"}


def iopkit(*arguments: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "iopkit", *arguments], capture_output=True, text=True, timeout=timeout, env=env()
    )


def refused(error: StoreError, book: Path, held: int) -> None:
    """The refusal says what is wrong and what to do, with structured fields."""
    said = str(error)
    assert f"the check-in book {book} holds {held} check-in(s) but no chain of states" in said
    assert "written before iopkit chained check-ins, or its chain was removed" in said
    assert "Nothing was opened or changed" in said
    assert f"`iopkit chain {book}`" in said and "restore the book from a backup" in said
    assert (error.item, error.value) == ("checkin_states", str(book))
    assert "chain of states" in error.allowed


# --- the attack ------------------------------------------------------------------------------------------------------


def test_an_altered_book_whose_chain_was_dropped_is_refused_unchanged_and_verify_still_says_so(clinic):
    book = clinic.with_name("clinic.checkins.sqlite")
    sql(book, "UPDATE checkins SET risk_level = 'low', action = 'no concerns'", "DROP TABLE checkin_states")
    before = files(book.parent)
    for _ in range(2):  # the first refusal must not seal the book for the second
        with pytest.raises(StoreError) as caught:
            CheckinBook(book)
        refused(caught.value, book, 1)
        assert files(book.parent) == before  # byte for byte, and no -wal or -shm left behind
    report = verify_store_and_book(clinic)
    assert not report.ok and "the book has no chain of states" in str(report)
    assert f"`iopkit chain {book}`" in str(report)
    run = iopkit("verify", "--db", str(clinic))
    assert run.returncode == 1 and "the book has no chain of states" in run.stdout, run.stdout + run.stderr
    assert book.read_bytes() == before[book.name]  # (a read-only check may leave its -shm behind; it writes nothing)


# --- pages and the check-in server -----------------------------------------------------------------------------------


def _refused_book(clinic: Path) -> Path:
    book = clinic.with_name("clinic.checkins.sqlite")
    sql(book, "UPDATE checkins SET risk_level = 'low', action = 'no concerns'", "DROP TABLE checkin_states")
    return book


def test_the_chart_pages_and_the_summary_say_the_refusal_and_chain_nothing(clinic):
    from iopkit.report.patient import patient_summary_html
    from iopkit.widgets import intake_app

    book = _refused_book(clinic)
    with Store(clinic) as store:
        patient = store.patients()[0]
        with pytest.raises(StoreError, match="no chain of states"):  # what every page reads the flags through
            with_open_checkins(store, Episode.from_store(store, patient.id))
        before = files(book.parent)  # the store's files may change as pages read it; the book's may not
        page = intake_app(store)
        page.start()
        page.picker.select(patient.id)
        assert "IOP-0042" in page.chart_header.value  # the chart still shows ...
        status = page.status.value
        assert "iop-status-error" in status and "check-ins could not be read" in status  # ... and says why not all
        assert "no chain of states" in status and "iopkit chain" in status
        summary = patient_summary_html(store, patient.id, generated="now")
        assert "check-ins could not be read" in summary and "no chain of states" in summary
    assert the_book(book) == the_book(book, before)


def test_the_caseload_still_lists_the_store_s_patients_under_a_red_notice_and_nothing_from_the_book(clinic):
    from iopkit.widgets.home import home

    book = _refused_book(clinic)
    sql(book, "UPDATE checkins SET reviewed_at = NULL, reviewed_by = NULL")  # item 9 = 3, unreviewed, in the book
    before = files(book.parent)
    with Store(clinic) as store:
        page = home(store=store)
        page.start()
    # the caseload, from the store
    assert "IOP-0042" in page.patients.value and "Loading" not in page.patients.value
    assert [e.patient.pseudonym for e in page.episodes] == ["IOP-0042"]
    # nothing from the refused book: no check-in flag on the row, no check-in listed, nothing to start or review
    assert page.episodes[0].open_flags == () and "check-in" not in page.patients.value
    assert page.checkin.children == (page.checkin.closed_note,)
    assert page.checkin.closed_note.value == (
        "<p>No check-in can be started or reviewed while the check-in book is closed.</p>"
    )
    # a red notice above the caseload: the book is closed, what the caseload lacks, what the operator must do
    notice = page.book_closed.value
    assert notice.startswith('<div class="iop-flag-critical" role="alert">The check-in book is closed: this caseload')
    assert "a safety answer a patient gave on a check-in is missing here (ask the patient)" in notice
    assert "no chain of states" in notice and f"`iopkit chain {book}`" in notice and "from a backup" in notice
    patients = next(i for i, part in enumerate(page.children) if page.patients in getattr(part, "children", ()))
    assert page.children.index(page.book_closed) < patients  # above the patient list
    assert "iop-status-error" not in page.status.value  # nothing failed: the page did what it could
    assert the_book(book) == the_book(book, before)


def test_the_patients_page_asks_the_patient_to_see_staff_and_logs_the_reason(clinic, monkeypatch, caplog):
    from iopkit.widgets.checkin import patient_checkin

    book = _refused_book(clinic)
    before = files(book.parent)
    monkeypatch.setenv("QUERY_STRING", "checkin=1")
    with Store(clinic) as store, caplog.at_level("ERROR", logger="iopkit.widgets"):
        page = patient_checkin(store)
        page.start()
    shown = page.question.value + page.status.value + page.progress.value
    assert "Please ask a member of staff." in shown and "chain" not in shown and page.answers.children == ()
    assert "the check-in book was refused" in caplog.text and "iopkit chain" in caplog.text
    assert the_book(book) == the_book(book, before)


def _no_traceback(text: str) -> None:
    assert "Traceback" not in text, text


def test_iopkit_serve_refuses_to_start_on_a_refused_book_and_says_why(clinic):
    book = _refused_book(clinic)
    before = files(book.parent)
    try:
        run = iopkit("serve", "--db", str(clinic), "--port", str(free_port()), timeout=90)
    except subprocess.TimeoutExpired:  # it served: the book was opened (and chained) instead of refused
        pytest.fail("iopkit serve started on a book that holds check-ins but no chain of states")
    assert run.returncode == 2, run.stdout + run.stderr
    assert "iopkit serve: error: the check-in book" in run.stderr and "iopkit chain" in run.stderr
    _no_traceback(run.stderr)
    assert the_book(book) == the_book(book, before)


def test_the_check_in_server_refuses_to_start_on_a_refused_book_and_says_why(clinic, tmp_path):
    book = _refused_book(clinic)
    before = files(book.parent)
    folder = tmp_path / "served"
    folder.mkdir()
    try:
        run = subprocess.run(
            voila_command(folder, free_port()),
            capture_output=True,
            text=True,
            timeout=90,
            cwd=ROOT,
            env={**env(), "IOPKIT_DB": str(clinic), "JUPYTER_PLATFORM_DIRS": "1"},
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the check-in server started on a book that holds check-ins but no chain of states")
    assert run.returncode == 1, run.stdout + run.stderr
    said = run.stdout + run.stderr
    assert "iopkit: the server was not started: the check-in book" in said and f"iopkit chain {book}" in said
    _no_traceback(said)
    assert the_book(book) == the_book(book, before)


@pytest.mark.browser
def test_a_book_refused_after_the_server_started_gives_the_patient_a_calm_page_and_the_log_the_reason(tmp_path):
    # the server started before the book existed (it is created on first use); the book it then finds holds
    # check-ins but no chain: a right code gets "ask a member of staff" (503), the operator's words go to the log
    from iopkit.serving import CHECKIN_UNAVAILABLE

    from .conftest import VoilaServer
    from .test_server_security import _notebook, request

    (tmp_path / "empty.ipynb").write_text(_notebook("1"))
    with Store(tmp_path / "clinic.sqlite") as store:
        patient = store.add_patient("IOP-0042")
    server = VoilaServer(
        tmp_path, {**env(), "IOPKIT_DB": str(tmp_path / "clinic.sqlite"), "JUPYTER_PLATFORM_DIRS": "1"}
    )
    try:
        book = tmp_path / "clinic.checkins.sqlite"
        assert not book.exists()
        with Store(tmp_path / "clinic.sqlite") as store, CheckinBook(book) as opened:
            ticket = opened.start(store, patient, ["phq9"], by="KM")
        sql(book, "DROP TABLE checkin_states")
        status, headers, form = request(server, "/checkin", token=False)
        assert status == 200  # the form needs no book
        xsrf = re.search(r'name="_xsrf" value="([^"]+)"', form).group(1)
        cookie = re.search(r"_xsrf=([^;]+)", " ".join(headers.get_all("Set-Cookie"))).group(1)
        from urllib.parse import urlencode

        status, headers, page = request(
            server,
            "/checkin",
            method="POST",
            token=False,
            body=urlencode({"code": ticket.code, "_xsrf": xsrf}),
            headers={"Cookie": f"_xsrf={cookie}", "Content-Type": "application/x-www-form-urlencoded"},
        )
        assert status == 503 and not headers.get_all("Set-Cookie")
        assert CHECKIN_UNAVAILABLE.split("\n")[0] in page and "chain" not in page
        log = server.log_text()
        assert "iopkit: the check-in book was refused: the check-in book" in log and "iopkit chain" in log
        _no_traceback(log)
    finally:
        server.stop()
    with sqlite3.connect(book) as conn:
        assert conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'checkin_states'").fetchone() is None


# --- an older book, and the operator's command ------------------------------------------------------------------------

#: The check-ins table as the first iopkit books held it (before reviews, withdrawals by name and the chain).
OLD_SCHEMA = """CREATE TABLE checkins (
    id INTEGER PRIMARY KEY,
    patient_id INTEGER NOT NULL,
    measures TEXT NOT NULL,
    started_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    code_hash TEXT NOT NULL UNIQUE,
    session_hash TEXT UNIQUE,
    redeemed_at TEXT,
    finished_at TEXT,
    cancelled_at TEXT,
    answers TEXT NOT NULL DEFAULT '{}',
    saved TEXT NOT NULL DEFAULT '{}',
    staff_now INTEGER NOT NULL DEFAULT 0)"""


def old_book(store_path: Path) -> Path:
    """A book beside the store as an iopkit before the chain wrote it: WAL, owner-only, two check-ins."""
    book = store_path.with_name("clinic.checkins.sqlite")
    book.touch(mode=0o600)
    os.chmod(book, 0o600)
    sql(
        book,
        "PRAGMA journal_mode = WAL",
        OLD_SCHEMA,
        "INSERT INTO checkins (patient_id, measures, started_by, created_at, expires_at, code_hash, answers) "
        "VALUES (1, '[\"phq9\"]', 'KM', '2026-03-02T09:00:00+00:00', '2026-03-02T09:30:00+00:00', 'a', "
        '\'{"phq9": {"1": 0}}\')',
        "INSERT INTO checkins (patient_id, measures, started_by, created_at, expires_at, code_hash, cancelled_at) "
        "VALUES (1, '[\"gad7\"]', 'KM', '2026-03-02T10:00:00+00:00', '2026-03-02T10:30:00+00:00', 'b', "
        "'2026-03-02T10:05:00+00:00')",
    )
    return book


def test_an_older_book_is_refused_then_chained_by_the_operator_and_verify_holds_it_to_the_printed_head(tmp_path):
    path = tmp_path / "clinic.sqlite"
    with Store(path) as store:
        store.add_patient("IOP-0042")
    book = old_book(path)
    before = files(tmp_path)
    with pytest.raises(StoreError) as caught:
        CheckinBook(book)
    refused(caught.value, book, 2)
    assert files(tmp_path) == before  # no column added, nothing chained

    run = iopkit("chain", str(book), "--by", "operator A")
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"{book}: 2 check-ins chained as they stand now, by operator A at " in run.stdout
    assert "not written to the store's audit trail" in run.stdout
    (head,) = HEAD.findall(run.stdout)
    with CheckinBook(book) as opened:  # opens now, as a page would; its check-ins read as they were
        assert opened.head() == head and opened.verify() == () and len(opened) == 2
        assert opened.get(1).answers == {"phq9": {1: 0}} and opened.get(2).cancelled_at is not None
    verified = iopkit("verify", "--db", str(path), "--anchor", head)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "2 check-ins, as iopkit saved them" in verified.stdout

    again = iopkit("chain", str(book))  # a chained book is left as it is
    assert again.returncode == 0 and "already chained; nothing was changed" in again.stdout
    assert HEAD.findall(again.stdout) == [head]

    sql(book, "UPDATE checkins SET answers = '{}' WHERE id = 1")  # and it is guarded from then on
    assert iopkit("verify", "--db", str(path), "--anchor", head).returncode == 1


def test_the_chain_command_refuses_what_is_not_a_check_in_book_and_changes_nothing(clinic):
    run = iopkit("chain", "/nonexistent/clinic.checkins.sqlite")
    assert run.returncode == 2 and "check-in book '/nonexistent/clinic.checkins.sqlite' does not exist" in run.stderr
    _no_traceback(run.stderr)
    before = files(clinic.parent)
    run = iopkit("chain", str(clinic))  # the store given for its book: no check-ins table is created in it
    assert run.returncode == 2 and f"{clinic} is not a check-in book" in run.stderr, run.stdout + run.stderr
    _no_traceback(run.stderr)
    assert clinic.read_bytes() == before[clinic.name]  # (its read-only look may leave an empty -wal and its -shm)


def test_chain_book_chains_an_altered_book_as_it_stands_which_only_an_anchor_kept_before_shows(clinic):
    # why the command is for an operator who has checked the book: what it chains is what the rows now say
    book = clinic.with_name("clinic.checkins.sqlite")
    with CheckinBook(book) as opened:
        kept = opened.head()
    sql(book, "UPDATE checkins SET risk_level = 'low', action = 'no concerns'", "DROP TABLE checkin_states")
    done = chain_book(book)
    assert done.chained and done.checkins == 1 and done.head != kept
    with CheckinBook(book) as opened:
        assert opened.get(1).risk_level is RiskLevel.LOW and opened.verify() == ()
        (problem,) = opened.verify((kept,))
    assert problem.kind is Break.ANCHOR


# --- a new book ------------------------------------------------------------------------------------------------------


def test_a_new_book_is_created_and_chained_as_before(store, patient, tmp_path):
    book = tmp_path / "new.checkins.sqlite"
    with CheckinBook(book) as opened:
        assert opened.head() is None and opened.verify() == () and len(opened) == 0
        opened.start(store, patient, ["phq9"], by="KM", now=T0)
        assert re.fullmatch(r"checkin_states:1:[0-9a-f]{64}", opened.head()) and opened.verify() == ()
    with CheckinBook(book) as opened:
        assert len(opened) == 1 and opened.verify() == ()


def test_a_book_with_the_table_but_no_check_ins_and_no_chain_is_chained_as_a_new_one(tmp_path):
    book = tmp_path / "empty.checkins.sqlite"
    book.touch(mode=0o600)
    os.chmod(book, 0o600)
    sql(book, OLD_SCHEMA)  # nothing in it to seal
    with CheckinBook(book) as opened:
        assert opened.head() is None and opened.verify() == ()
    with CheckinBook(book, read_only=True) as opened:
        assert opened._has_chain()
