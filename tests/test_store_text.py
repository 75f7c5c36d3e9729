"""No two patients look alike in a list, and no free-text field carries hidden or unbounded text."""

from __future__ import annotations

import warnings

import pytest

import iopkit
from iopkit.errors import StoreError
from iopkit.store import LIMITS, PossibleRealNameWarning
from iopkit.store.text import _CONFUSABLES, skeleton

from .store_backends import use_both_backends

use_both_backends(globals())  # the store fixture runs each test on SQLite and on PostgreSQL


def screen():
    return iopkit.score("phq2", [1, 1])


# --- lookalikes of a registered pseudonym are refused ----------------------------------------------------------
@pytest.mark.parametrize(
    "lookalike",
    [
        "p-0042",  # case
        "Р-0042",  # Cyrillic capital Er
        "P-ОО42",  # Cyrillic capital O twice
        "Ρ-0042",  # Greek capital Rho
        "P-O042",  # letter O for zero
        "P‐0042",  # U+2010 hyphen
        "P−0042",  # U+2212 minus sign
        "Ｐ-００４２",  # full-width forms (NFKC)
        "P - 0042",  # spaces
    ],
)
def test_a_pseudonym_that_looks_like_a_registered_one_is_refused(store, lookalike):
    store.add_patient("P-0042")
    with pytest.raises(StoreError, match="looks like the registered 'P-0042'|already exists") as refused:
        store.add_patient(lookalike)
    assert "pseudonym" == refused.value.item
    assert 1 == len(store.patients())


@pytest.mark.parametrize(
    "hidden",
    [
        "P-0042\u200b",  # zero-width space
        "P-\u202e2400",  # right-to-left override: shows as P-0042
        "P-\u2066x\u2069",  # isolates
        "P-0042\x00",  # NUL
        "P-00\n42",  # newline
        "P-00\u2028",  # line separator
        "\u200b\u200c",  # invisible only
        "\u3164",  # Hangul filler: a "letter" that shows nothing
        "\u2800\u2800",  # braille blank
        "\u0301",  # a combining mark alone
        "\ud800",  # a lone surrogate (cannot even be stored as UTF-8)
    ],
)
def test_hidden_control_and_invisible_characters_are_refused_naming_them(store, hidden):
    with pytest.raises(StoreError, match="pseudonym") as refused:
        store.add_patient(hidden)
    assert refused.value.item == "pseudonym" and refused.value.allowed
    assert () == store.patients()


def test_the_message_names_the_character_and_its_position(store):
    with pytest.raises(StoreError, match=r"character 3 is U\+202E \(RIGHT-TO-LEFT OVERRIDE\)"):
        store.add_patient("P-\u202e2400")


def test_distinct_pseudonyms_are_kept_and_read_back_normalised(store):
    for pseudonym in ("IOP-1", "IOP-2", "IOP-12", "Kwame-3", "Zoë-4", "Иван-5", "ТЕСТ-6"):
        store.add_patient(pseudonym)
    store.add_patient("ＩＯＰ-７")  # full width: kept as the plain letters it stands for
    assert "IOP-7" == store.patients()[-1].pseudonym


def test_the_confusable_table_maps_each_lookalike_to_one_latin_letter():
    assert all(len(target) == 1 and target.isascii() for target in _CONFUSABLES.values() if isinstance(target, str))
    cyrillic_to_latin = "АВЕКМНОРСТХ"
    assert skeleton(cyrillic_to_latin) == skeleton("ABEKMHOPCTX")
    assert skeleton("IOP-1") != skeleton("IOP-7") and skeleton("pid") != skeleton("pld")


# --- lengths ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "field, call",
    [
        ("pseudonym", lambda s, p, text: s.add_patient(text)),
        ("display_name", lambda s, p, text: s.add_patient("IOP-9", display_name=text)),
        ("by", lambda s, p, text: s.save(p, screen(), by=text)),
        ("reason", lambda s, p, text: s.save(p, screen(), by="k", amends=s.save(p, screen(), by="k"), reason=text)),
    ],
)
def test_every_free_text_field_is_bounded(store, patient, field, call):
    limit = LIMITS[field]
    call(store, patient, "x" * limit)  # the bound itself is accepted
    for too_long in ("y" * (limit + 1), "z" * 10_000_000):
        with pytest.raises(StoreError, match=f"{field}.*1-{limit} characters") as refused:
            call(store, patient, too_long)
        assert field == refused.value.item and len(str(refused.value)) < 600


def test_a_reason_may_span_lines_but_holds_no_other_control_characters(store, patient):
    first = store.save(patient, screen(), by="k")
    second = store.save(patient, screen(), by="k", amends=first, reason="lab called back:\n\tresult corrected")
    assert "lab called back:\n\tresult corrected" == store.record(second).reason
    with pytest.raises(StoreError, match="reason"):
        store.save(patient, screen(), by="k", amends=second, reason="fixed\x1b[2J")


# --- real names ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "identifying",
    ["John Smith", "Mary-Jane O'Neil", "Smith, John", "john.smith@example.org", "IOP 1985-03-12", "JS 12/03/1985"],
)
def test_a_pseudonym_that_looks_identifying_is_kept_with_a_warning(store, identifying):
    with pytest.warns(PossibleRealNameWarning, match="should not identify"):
        store.add_patient(identifying)


@pytest.mark.parametrize("pseudonym", ["IOP-0042", "DEMO-01", "P 42", "CLIENT ALPHA", "cohort b"])
def test_an_ordinary_pseudonym_gives_no_warning(store, pseudonym):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        store.add_patient(pseudonym)


def test_a_record_hiding_megabytes_of_text_is_refused(store, patient):
    import datetime as dt

    from iopkit.records import DrugScreen

    huge = DrugScreen(dt.date(2026, 3, 2), "urine " + "x" * LIMITS["item"], positive=("cannabis",))
    with pytest.raises(StoreError, match="drug_screen is .* characters as saved") as refused:
        store.save(patient, huge, by="k")
    assert "item" == refused.value.item
    assert () == store.history(patient)
