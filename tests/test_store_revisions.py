"""Store.revisions on both backends: each patient's record count and last record id, what the roster's open flags are
kept for (issue 12); an amendment is a new record, so it changes the revision too."""

from __future__ import annotations

import datetime as dt

import pytest

from iopkit import score
from iopkit.errors import StoreError

from .store_backends import use_both_backends

use_both_backends(globals())  # the store fixture runs each test on SQLite and on PostgreSQL

DAY = dt.date(2026, 12, 4)


def test_revisions_count_each_patients_records_and_name_the_last(store):
    a, b = store.add_patient("REV-A"), store.add_patient("REV-B")
    assert store.revisions([a, b]) == {a: (0, 0), b: (0, 0)}
    first = store.save(a, score("phq2", [1, 2]), by="KM", when=DAY)
    other = store.save(b, score("phq2", [0, 0]), by="KM", when=DAY)
    fixed = store.save(a, score("phq2", [0, 1]), by="KM", when=DAY, amends=first, reason="entered wrong")
    assert (first, other, fixed) == (1, 2, 3)
    assert store.revisions([b, a, b]) == {b: (1, 2), a: (2, 3)}
    assert list(store.revisions([b, a])) == [b, a]
    with pytest.raises(StoreError):
        store.revisions([1.5])
