"""Every page of a patient's chart shows the safety flags of the patient's check-in answers not saved yet (a
check-in in progress, or one that ended unfinished), not only the caseload: read once per patient in the library
(:func:`iopkit.checkin.with_open_checkins`), drawn by the chart header."""

from __future__ import annotations

import datetime as dt

import pytest

from iopkit.checkin import CheckinBook, book_of, with_open_checkins
from iopkit.episode import Episode
from iopkit.widgets import dose_app, intake_app, placement_app, progress_app

from .conftest import DASHBOARDS, assert_no_callback_failures, open_dashboard

# PHQ-9's own flag rule (Kroenke et al. 2001, iopkit/instruments/phq9.py) typed here as the page must say it.
ITEM_9_ACTION = "Ask about suicidal thoughts today and complete a suicide risk assessment"


@pytest.fixture(autouse=True)
def _book_next_to_the_store(monkeypatch):
    monkeypatch.delenv("IOPKIT_CHECKINS", raising=False)


def _item_9_answered(store, patient, *, started: dt.datetime | None = None, item: int = 9, value: int = 1) -> int:
    """A check-in whose patient answered one PHQ-9 question and went no further."""
    with CheckinBook(book_of(store)) as book:
        ticket = book.start(store, patient, ["phq9"], by="KM", now=started)
        session = book.redeem(ticket.code, now=started)
        book.answer(session.checkin.id, "phq9", item, value, now=started)
        return session.checkin.id


def _opened(app, patient):
    app.start()
    app.picker.select(patient)
    return app


@pytest.mark.parametrize("app", [intake_app, placement_app, dose_app, progress_app])
def test_every_chart_page_shows_a_safety_answer_of_a_check_in_in_progress(store, patient, app):
    _item_9_answered(store, patient)
    assert store.current(patient, "assessment") == ()  # nothing saved: the flag lives in the check-in book only
    header = _opened(app(store), patient).chart_header.value
    assert 'class="iop-flag-critical iop-checkin-flag"' in header and 'role="alert"' in header
    assert "Possible suicidal ideation" in header and "patient check-in, questionnaire not finished yet" in header
    assert ITEM_9_ACTION in header and "PHQ-9" in header


def test_a_check_in_that_ended_unfinished_shows_its_unanswered_safety_question_until_reviewed(store, patient):
    started = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)  # expired 30 minutes after it started
    checkin = _item_9_answered(store, patient, started=started, item=1, value=0)  # stopped before item 9
    page = _opened(intake_app(store), patient)
    assert "patient check-in stopped before the end" in page.chart_header.value
    assert ITEM_9_ACTION in page.chart_header.value
    with CheckinBook(book_of(store)) as book:
        book.review(checkin, "KM", risk_level="low", action="C-SSRS full assessment: low risk; safety plan agreed")
    page.refresh_chart()
    assert "iop-checkin-flag" not in page.chart_header.value


def test_only_the_patients_own_check_in_flags_and_never_as_a_record_to_resolve(store, patient):
    other = store.add_patient("IOP-0043")
    _item_9_answered(store, patient)
    assert "iop-checkin-flag" not in _opened(intake_app(store), other).chart_header.value
    page = _opened(progress_app(store), patient)
    assert "iop-checkin-flag" in page.chart_header.value
    # no record holds it yet: the resolution form does not offer it, it says where it is closed instead
    assert page.resolve.save.disabled and "mark the check-in reviewed" in page.resolve.checkins.value
    with CheckinBook(book_of(store)) as book:
        assert book.open_flags(patient_id=other) == () and len(book.open_flags(patient_id=patient)) == 1
        assert Episode.from_store(store, other).with_checkin_flags(book.open_flags()).checkin_flags == ()
    episode = with_open_checkins(store, Episode.from_store(store, patient))
    assert episode.open_flags == () and [f.flag.code for f in episode.checkin_flags] == ["suicidal_ideation"]


def test_no_check_in_book_no_file_made_and_no_flags(store, patient):
    episode = with_open_checkins(store, Episode.from_store(store, patient))
    assert episode.checkin_flags == () and not book_of(store).exists()


@pytest.mark.browser
def test_the_intake_pages_chart_header_shows_an_unfinished_check_ins_safety_answer(voila, page, demo_db):
    from iopkit.store import Store

    with Store(demo_db) as store:
        patient = store.add_patient("BT-CHARTFLAG-1")
        checkin = _item_9_answered(store, patient)  # PHQ-9 item 9 = 1 on the tablet, the questionnaire not finished
        book = book_of(store)
    try:
        server = voila(DASHBOARDS)
        open_dashboard(server, page, "01_intake.ipynb?patient=BT-CHARTFLAG-1", ".iop-chart-header")
        flag = page.locator(".iop-chart-header .iop-checkin-flag")
        flag.wait_for(state="visible")
        text = flag.inner_text()
        assert "Possible suicidal ideation" in text and "questionnaire not finished yet" in text
        assert ITEM_9_ACTION in text
        # red: the critical flag's border (the page's CSS), reddest of its three channels
        colour = flag.evaluate("e => getComputedStyle(e).borderTopColor")
        red, green, blue = (int(x) for x in colour[colour.index("(") + 1 : -1].split(",")[:3])
        assert red > 120 and red > 2 * max(green, blue), colour
        assert_no_callback_failures(server)
    finally:  # the demo store is the session's: the caseload of later browser tests is not flagged by this one
        with CheckinBook(book) as opened:
            opened.cancel(checkin)
            opened.review(checkin, "KM", risk_level="low", action="Browser test cleanup: no patient")


def test_a_check_in_book_that_cannot_be_read_is_said_in_red_and_the_chart_still_shows(store, patient):
    book_of(store).mkdir()  # not a SQLite file: sqlite3 cannot open it
    page = _opened(intake_app(store), patient)
    assert "IOP-0042" in page.chart_header.value
    assert "iop-status-error" in page.status.value and "check-ins could not be read" in page.status.value
