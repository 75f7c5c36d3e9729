"""Fuzzing the Store's text fields and id arguments: an iopkit error or a correct result, never another exception.

Whatever is accepted reads back as its normalised form (:func:`iopkit.store.text.clean`), which is
the value itself when it was already normal (stripped, NFKC or NFC); nothing accepted is changed otherwise.
"""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import iopkit
from iopkit.errors import IopkitError, RecordNotFoundError
from iopkit.store import Store
from iopkit.store.text import clean

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Any text, weighted towards what breaks text handling: controls, format and bidi characters,
#: separators, lookalikes, surrogates, combining marks, very long strings.
tricky = st.sampled_from(
    list("\x00\n\r\t\u200b\u200c\u200d\u202e\u2066\u2028\u2029\ufeff\u3164\u0301АОРаорΑΟΡ0O1lI|-‐−ＰＩ ")
    + ["\ud800", "\udfff"]
)
texts = st.one_of(
    st.text(),
    st.text(alphabet=st.one_of(st.characters(codec="utf-8"), tricky), max_size=80),
    st.text(alphabet=st.sampled_from("ab -"), min_size=60, max_size=2100),
    st.builds(lambda n: "x" * n, st.integers(0, 300_000)),
)
anything = st.one_of(
    texts,
    st.none(),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.binary(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
ids = st.one_of(
    st.integers(),
    st.integers(-3, 5),
    st.floats(),
    st.text(max_size=5),
    st.none(),
    st.booleans(),
    st.binary(max_size=3),
    st.lists(st.integers(), max_size=2),
    st.just(2**70),
    st.just(2**63),
)


@pytest.fixture(scope="module")
def store():
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "fuzz.sqlite") as opened:
        yield opened


def accepted_or_iopkit_error(action):
    """Run ``action``; an iopkit error is a correct refusal and gives None."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return action()
    except IopkitError:
        return None


def normal(field, value, optional=False):
    """The value as the store keeps it, checked to be a fixed point of the normalisation."""
    kept = clean(field, value, optional=optional)
    assert kept == clean(field, kept, optional=optional)
    return kept


@FUZZ
@given(pseudonym=anything, display_name=anything)
def test_add_patient(store, pseudonym, display_name):
    pid = accepted_or_iopkit_error(lambda: store.add_patient(pseudonym, display_name=display_name))
    if pid is not None:
        patient = store.patient(pid)
        assert (normal("pseudonym", pseudonym), normal("display_name", display_name, True)) == (
            patient.pseudonym,
            patient.display_name,
        )
        if isinstance(pseudonym, str) and pseudonym == normal("pseudonym", pseudonym):
            assert pseudonym == patient.pseudonym
        assert store.verify().ok


@FUZZ
@given(by=anything, reason=anything)
def test_save_and_amend(store, by, reason):
    pid = store.patients()[0].id if store.patients() else store.add_patient("FUZZ-0")
    first = accepted_or_iopkit_error(lambda: store.save(pid, iopkit.score("phq2", [1, 2]), by=by))
    if first is None:
        return
    assert normal("by", by) == store.record(first).by
    second = accepted_or_iopkit_error(
        lambda: store.save(pid, iopkit.score("phq2", [1, 1]), by="k", amends=first, reason=reason)
    )
    if second is not None:
        assert normal("reason", reason) == store.record(second).reason
        assert first == store.record(second).amends


@FUZZ
@given(record_id=ids, patient_id=ids, kind=st.one_of(st.none(), st.sampled_from(["assessment", "x"]), anything))
def test_reading_by_any_id(store, record_id, patient_id, kind):
    for read in (
        lambda: store.record(record_id),
        lambda: store.patient(patient_id),
        lambda: store.history(patient_id, kind),
        lambda: store.current(patient_id, kind),
        lambda: store.latest(patient_id, kind),
    ):
        try:
            read()
        except RecordNotFoundError:
            pass
        except IopkitError:
            pass


@FUZZ
@given(key=anything, value=anything)
def test_metadata(store, key, value):
    if accepted_or_iopkit_error(lambda: store.set_meta(key, value) or True):
        assert normal("meta", str(value)) == store.meta(key)
    else:
        accepted_or_iopkit_error(lambda: store.meta(key))
