"""Physician review R50 (session 29), should-fixes built by b12. Words typed from the reviewer's text
(/work/reviews/r50.md) and the dump of the 800 random cases.

- S3: the comma form "arrange transfer now (ED, or 3.7-WM/4-WM), a first dose before transfer only if it does not
  delay the transfer;" (cases 88, 249, 657) says the staff clause, as R48 item 2's rule and 88's headline say it.
"""

from __future__ import annotations

import functools

import pytest

from .random_placements import built, cases

# --- S3 -----------------------------------------------------------------------------------------------------------

#: R50 S3: the reviewer's words.
S3_SAID = (
    "arrange transfer now (ED, or 3.7-WM/4-WM); staff with the patient until handover; a first dose before transfer "
    "only if it does not delay the transfer;"
)
#: R50 S3: the comma form, said nowhere in the 800.
S3_COMMA = "(ED, or 3.7-WM/4-WM), a first dose"
#: R50 S3: the six boxes the reviewer named.
S3_BOXES = (
    (88, "possible_inattention"),
    (88, "moderate_alcohol_withdrawal"),
    (88, "rated_below_suggestion_d1"),
    (249, "moderate_alcohol_withdrawal"),
    (249, "rated_below_suggestion_d1"),
    (657, "moderate_alcohol_withdrawal"),
)


@functools.cache
def _all() -> dict[int, object]:
    return {c.number: built(c) for c in cases(800)}


def _box(number: int, code: str) -> str:
    rec = _all()[number]
    (action,) = [f.action for f in rec.flags if f.code == code]  # type: ignore[attr-defined]
    return action


@pytest.mark.parametrize(("number", "code"), S3_BOXES)
def test_s3_comma_form_says_staff(number: int, code: str) -> None:
    action = _box(number, code)
    assert S3_SAID in action
    assert S3_COMMA not in action


def test_s3_no_comma_form_in_800() -> None:
    said = [
        (n, f.code)
        for n, rec in _all().items()
        for f in [*rec.flags]  # type: ignore[attr-defined]
        if S3_COMMA in f.action or S3_COMMA in rec.headline  # type: ignore[attr-defined]
    ]
    assert said == []
