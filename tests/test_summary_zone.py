"""Every time on the one-page summary is on one clock, the clinic's (this server's local zone), named in the header.

Issue 12 ("local times with the zone"): on a server whose clock is not UTC, a flag's note must not name one clock
while "Latest scores" names another. The store keeps UTC; here the process runs in America/Chicago and every
expected local time is typed by hand from the UTC time saved (December 2026: CST, UTC-06:00; until 1 Nov 2026:
CDT, UTC-05:00), never computed with the conversion under test.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from iopkit import score
from iopkit.dose import Attendance, DosePlan, schedule
from iopkit.placement import Placement, recommend
from iopkit.records import DrugScreen
from iopkit.report.patient import local_time, patient_summary_html
from iopkit.store import Store

from .conftest import in_zone

UTC = dt.UTC
TODAY = dt.date(2026, 12, 2)
GENERATED = dt.datetime(2026, 12, 2, 18, 5, tzinfo=UTC)  # 12:05 CST
CHICAGO = "Times are this server's local time, CST (UTC-06:00), or CDT (UTC-05:00) in daylight-saving time"
CIWA_DISORIENTED = [0, 0, 0, 0, 0, 0, 0, 0, 0, 2]  # CIWA-Ar item 10 at 2 (Sullivan et al. 1989): complicated withdrawal
COWS_13 = [1, 2, 3, 1, 1, 1, 1, 1, 1, 1, 0]  # 13: moderate (Wesson & Ling 2003)


@pytest.fixture
def chicago():
    """The process's local zone is America/Chicago for the test."""
    with in_zone("America/Chicago"):
        yield


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.delenv("IOPKIT_CHECKINS", raising=False)
    return Store(tmp_path / "s.sqlite")


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page.split("<body>")[1])))


def _clock_times(text: str) -> set[str]:
    """Every clock time printed (``09:23``), not the offsets the header names (``UTC-06:00``)."""
    return set(re.findall(r"(?<![-+\d:])\d{2}:\d{2}(?!\d)", text))


def _unplaced(store) -> int:
    """A patient not placed yet: a COWS in October, two CIWA-Ar of the summary's day (the earlier one's delirium
    flag open) and a PHQ-9 check-in answered on the tablet, item 9 "Nearly every day"."""
    from iopkit.checkin import CheckinBook, book_of

    pid = store.add_patient("IOP-Z1")
    store.save(pid, score("cows", COWS_13), by="KM", when=dt.datetime(2026, 10, 20, 15, 3, tzinfo=UTC))  # 10:03 CDT
    store.save(pid, score("ciwa_ar", CIWA_DISORIENTED), by="KM", when=dt.datetime(2026, 12, 2, 15, 23, tzinfo=UTC))
    store.save(pid, score("ciwa_ar", [0] * 10), by="KM", when=dt.datetime(2026, 12, 2, 17, 41, tzinfo=UTC))
    started = dt.datetime(2026, 12, 2, 14, 47, tzinfo=UTC)  # 08:47 CST
    with CheckinBook(book_of(store)) as book:
        ticket = book.start(store, pid, ["phq9"], by="KM", now=started)
        checkin = book.redeem(ticket.code, now=started).checkin
        book.answer(checkin.id, "phq9", 9, 3, now=started)
    return pid


def _placed(store) -> int:
    """A patient placed at 2.1 on 16 Nov 2026, with a PHQ-9 late on 1 Dec (local; 2 Dec in UTC), a drug screen, a
    dose plan and attendance."""
    pid = store.add_patient("IOP-Z2")
    at = dt.datetime(2026, 11, 16, 14, 7, tzinfo=UTC)  # 08:07 CST
    store.save(pid, Placement(recommend({1: 0, 2: 1, 3: 2, 4: 1, 5: 1, 6: 1})), by="KM", when=at)
    store.save(pid, score("phq9", [2] * 9), by="KM", when=dt.datetime(2026, 11, 16, 14, 11, tzinfo=UTC))
    store.save(pid, score("phq9", [1] * 9), by="KM", when=dt.datetime(2026, 12, 2, 4, 30, tzinfo=UTC))  # 1 Dec 22:30
    screen = DrugScreen(dt.date(2026, 11, 23), "urine 5-panel", negative=["opioids"])
    store.save(pid, screen, by="KM", when=dt.datetime(2026, 11, 23, 16, 2, tzinfo=UTC))
    log = Attendance(schedule(dt.date(2026, 11, 16), ["mon", "wed", "fri"], 3, 3))
    for s in log.schedule.sessions:
        if s.date <= TODAY:
            log = log.record(s.date, "attended", today=TODAY)
    store.save(pid, DosePlan(9, 3, sessions_per_week=3), by="KM", when=dt.datetime(2026, 11, 16, 14, 19, tzinfo=UTC))
    store.save(pid, log, by="KM", when=dt.datetime(2026, 12, 2, 16, 29, tzinfo=UTC))
    return pid


def test_flags_notes_check_ins_and_latest_scores_are_on_one_clock_named_once(chicago, store):
    pid = _unplaced(store)
    page = patient_summary_html(store, pid, generated=GENERATED, today=TODAY)
    text = _text(page)
    # every clock time printed, typed from the UTC time saved: none on the UTC clock
    assert _clock_times(text) == {"12:05", "10:03", "09:23", "11:41", "08:47"}, _clock_times(text)
    assert text.count(CHICAGO) == 1
    # walk24 11: the summary prints one date style, "30 Nov 2026 09:15 UTC" / "04 Dec 2026" (was ISO)
    assert "Generated 02 Dec 2026 12:05 CST by iopkit" in text
    flags = text.split(" Open flags ")[1].split(" Latest scores ")[0]
    # the open flag of the earlier CIWA-Ar names 09:23, the time "Latest scores" would show for it
    assert "(CIWA-Ar of 02 Dec 2026 at 09:23, not resolved: an earlier score of that day, not history)" in flags
    assert "the finding on 02 Dec 2026 (CIWA-Ar at 09:23 CST)" in flags  # saved words name their zone
    assert '(PHQ-9) check-in started 02 Dec 2026 08:47 CST: item 9 "Nearly every day" (3))' in flags
    latest = text.split(" Latest scores ")[1].split(" Placement ")[0]
    assert "02 Dec 2026 11:41 CST" in latest
    assert "20 Oct 2026 10:03 CDT" in latest  # a time of the summer is on the summer clock, named so


def test_placement_history_and_dates_are_on_the_clinic_s_clock(chicago, store):
    pid = _placed(store)
    text = _text(patient_summary_html(store, pid, generated=GENERATED, today=TODAY, history=True))
    assert _clock_times(text) == {"12:05", "08:07", "08:11", "22:30", "10:02", "08:19", "10:29"}, _clock_times(text)
    assert text.count(CHICAGO) == 1
    # walk24 11: the summary prints one date style, "30 Nov 2026 09:15 UTC" / "04 Dec 2026" (was ISO)
    # walk24 11 (one Letter page): the header says the level's day, its time under Placement (was "since 16 Nov 2026
    # 08:07 CST" in the header too)
    assert "since 16 Nov 2026 · in the programme" in text and "by KM, 16 Nov 2026 08:07 CST" in text
    # the PHQ-9 of 22:30 on 1 Dec (04:30 UTC on 2 Dec) is of 1 Dec; dates stay dates (the screen's, the dose's)
    assert "01 Dec 2026 22:30 CST" in text.split(" Latest scores ")[1].split(" Placement ")[0]
    assert "23 Nov 2026 urine 5-panel" in text and "planned to 02 Dec 2026" in text
    history = text.split("History: every saved version")[1]
    for when in ("16 Nov 2026 08:11 CST", "23 Nov 2026 10:02 CST", "16 Nov 2026 08:19 CST", "02 Dec 2026 10:29 CST"):
        assert when in history, when


def test_every_full_time_names_its_zone(chicago, store):
    pids = _unplaced(store), _placed(store)
    for pid in pids:
        text = _text(patient_summary_html(store, pid, generated=GENERATED, today=TODAY, history=True))
        # walk24 11: the summary's one style, "02 Dec 2026 10:29 CST"; no ISO time left
        assert not re.findall(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", text)
        stamps = re.findall(r"\d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}(?: [A-Z]+)?", text)
        assert stamps and all(s.endswith((" CST", " CDT")) for s in stamps), stamps


def test_the_page_s_summary_is_generated_on_the_clinic_s_clock(chicago, store):
    from iopkit.widgets.summary import patient_summary

    pid = _placed(store)
    text = _text(patient_summary(store, store.patient(pid)))
    assert re.search(r"Generated \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2} C[SD]T by iopkit", text), text[:300]  # walk24 11


def test_the_chart_header_shows_the_clinic_s_days(chicago, store):
    from iopkit.episode import Episode
    from iopkit.widgets.page import chart_header_html

    pid = _placed(store)
    header = html.unescape(chart_header_html(Episode.from_store(store, pid, as_of=TODAY)))
    assert "PHQ-9 9 ↓ (was 18), 01 Dec" in header  # 04:30 UTC on 2 Dec is 22:30 on 1 Dec in Chicago
    assert "since 16 Nov 2026 (16 d ago)" in header


@pytest.mark.parametrize(
    ("zone", "when", "shown"),
    [
        ("America/Sao_Paulo", dt.datetime(2026, 7, 1, 12, tzinfo=UTC), "2026-07-01 09:00 UTC-03:00"),  # no abbreviation
        ("Asia/Kolkata", dt.datetime(2026, 7, 1, 12, tzinfo=UTC), "2026-07-01 17:30 IST"),
        ("UTC", dt.datetime(2026, 7, 1, 12, tzinfo=UTC), "2026-07-01 12:00 UTC"),
    ],
)
def test_local_time_names_a_zone_a_reader_can_place(zone, when, shown):
    with in_zone(zone):
        assert local_time(when) == shown


def test_the_progress_page_s_printout_and_review_are_on_the_clinic_s_clock(chicago, store):
    # the chart pages' summary download (widgets/page.py) is made on the library's clock with the zone, never a
    # naive time; the progress page's review names days and weeks, no clock time
    import base64

    from iopkit.widgets import progress_app

    pid = _placed(store)
    app = progress_app(store)
    app.start()
    app.picker.choose.value = pid
    document = base64.b64decode(app.summary.value.split("base64,", 1)[1].split('"')[0]).decode()
    text = _text(document)
    assert re.search(r"Generated \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2} C[SD]T by iopkit", text), text[:300]  # walk24 11
    assert text.count(CHICAGO) == 1
    review = _text(f"<body>{app.review_view.value}")
    assert "Possible suicidal ideation" in review and _clock_times(review) == set()
