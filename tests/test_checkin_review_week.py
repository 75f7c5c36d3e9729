"""A check-in's review closes its saved questionnaire's safety flag in the chart at that record's week of the episode
(week 0 = the first assessment), the week the progress page and the continued-stay review read it at.

PHQ-9 item 9 above 0 raises the suicidal-ideation flag (Kroenke et al. 2001).
"""

from __future__ import annotations

import datetime as dt

import pytest

from iopkit import score
from iopkit.checkin import CheckinBook
from iopkit.episode import Episode

T0 = dt.datetime(2026, 3, 16, 9, 0, tzinfo=dt.UTC)
INTAKE = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)  # 14 days before T0: week 2.0
NO_ITEM_9 = [1, 1, 1, 1, 1, 1, 1, 1, 0]


@pytest.fixture
def book(tmp_path):
    with CheckinBook(tmp_path / "clinic.checkins.sqlite") as opened:
        yield opened


def test_a_review_closes_the_saved_flag_at_its_records_week(store, patient, book):
    store.save(patient, score("phq9", NO_ITEM_9), by="KM", when=INTAKE)  # the first assessment: week 0
    ticket = book.start(store, patient, ["phq9"], by="KM", now=T0)
    checkin = book.redeem(ticket.code, now=T0).checkin.id
    for number in range(1, 10):
        book.answer(checkin, "phq9", number, 2 if number == 9 else 0, now=T0)
    (record,) = book.save_complete(store, checkin, now=T0)
    (open_flag,) = Episode.from_store(store, patient, as_of=T0.date()).open_flags
    assert (open_flag.record_id, open_flag.week) == (record, 2.0)
    later = T0 + dt.timedelta(minutes=5)
    assert book.in_the_chart(checkin, store, now=later) == ()  # not closed in the chart yet
    book.review(checkin, "KM", now=later, risk_level="low", action="C-SSRS full assessment: low risk", store=store)
    (closing,) = [r.item for r in store.current(patient, "flag_resolution")]
    assert (closing.record, closing.week) == (str(record), 2.0)
    assert Episode.from_store(store, patient, as_of=T0.date()).open_flags == ()
