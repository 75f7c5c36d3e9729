"""Entered by staff, not the patient's own check-in (iopkit.store.entered_by_staff): the one rule the chart's last
seen, the worklist's days on site and a reopened C-SSRS flag's repeated screen read.  Expectations typed from the
rule's wording: a check-in may be answered on the patient's own phone, so it never shows the patient was seen."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from iopkit import score
from iopkit.store import Source, entered_by_staff

# typed, one per Source value: a new value must be added here on purpose
EXPECTED = {"staff": True, "patient": False}


def test_every_source_value_has_a_typed_expectation():
    assert sorted(s.value for s in Source) == sorted(EXPECTED)


@pytest.mark.parametrize("source", list(Source))
def test_each_source_value(source):
    assert entered_by_staff(SimpleNamespace(source=source)) is EXPECTED[source.value]


@pytest.mark.parametrize(("raw", "expected"), [("staff", True), ("patient", False)])
def test_a_source_read_back_as_its_text(raw, expected):
    assert entered_by_staff(SimpleNamespace(source=raw)) is expected


def test_a_record_like_without_a_source_is_staff_entered():
    # every record saved before sources were kept is staff-entered (Source's docstring)
    assert entered_by_staff(SimpleNamespace(id=1, item=None)) is True


def test_records_read_back_from_the_store(store):
    pid = store.add_patient("IOP-0001")
    when = dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)
    staff = store.save(pid, score("gad7", [1] * 7), by="KM", when=when)
    checkin = store.save(pid, score("gad7", [2] * 7), by="patient", when=when, source=Source.PATIENT)
    assert entered_by_staff(store.record(staff)) is True
    assert entered_by_staff(store.record(checkin)) is False
