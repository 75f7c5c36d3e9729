"""Physician review R52, noticed outside the changed lines (should-fix), built by f1. Words typed from the reviewer's
text (/work/reviews/r52.md) and the ruling, and the dump of the 800 random cases.

An old COWS flag standing (scored on 20 Nov 2026, not today) with no re-score of the COWS in the headline: the
headline's first dose before transfer says that buprenorphine or methadone needs a COWS re-scored today. Boxes are
unchanged.
"""

from __future__ import annotations

import functools

import pytest

from .random_placements import built, cases

#: The ruling's words.
NEW = (
    "otherwise a prescriber gives a first dose for today's withdrawal before transfer only if it does not delay the "
    "transfer (buprenorphine or methadone only on a COWS re-scored today)"
)
#: The words it replaces.
OLD = "otherwise a prescriber gives a first dose before transfer if it does not delay the transfer"
#: The 13 headlines the reviewer named.
EXPECTED = (109, 154, 167, 286, 488, 499, 526, 674, 685, 716, 732, 775, 778)

#: Case 109's sentence in its place (typed from the dump).
SAID_109 = (
    "repeat the screen and the scores when it clears, or tell the receiving team at handover; the patient must not "
    "drive today); otherwise a prescriber gives a first dose for today's withdrawal before transfer only if it does "
    "not delay the transfer (buprenorphine or methadone only on a COWS re-scored today); if a benzodiazepine is given "
    "with buprenorphine or methadone: monitor sedation and breathing until handover; re-assess for seizures or "
    "delirium until handover;"
)
#: Case 499's sentence in its place (typed from the dump).
SAID_499 = (
    # R65 F2 (was: "...eceiving team the last CIWA-Ar and COWS scores and any dose with its time")
    "intoxication: tell the receiving team at handover the breath alcohol reading or the signs, with the time; the "
    "patient must not drive today); otherwise a prescriber gives a first dose for today's withdrawal before transfer "
    "only if it does not delay the transfer (buprenorphine or methadone only on a COWS re-scored today); if a "
    "benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until handover; at "
    "handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and any dose with its time;"
)


@functools.cache
def _all() -> dict[int, object]:
    return {c.number: built(c) for c in cases(800)}


@pytest.mark.parametrize(("number", "said"), [(109, SAID_109), (499, SAID_499)])
def test_headline_says_cows_rescored_today(number: int, said: str) -> None:
    headline = _all()[number].headline  # type: ignore[attr-defined]
    assert said in headline
    assert OLD not in headline
    assert "re-score the cows" not in headline.lower()


def test_sweep_800_exactly_the_13() -> None:
    said = tuple(n for n, rec in _all().items() if NEW in rec.headline)  # type: ignore[attr-defined]
    assert said == EXPECTED


def test_sweep_800_boxes_unchanged() -> None:
    boxed = [
        (n, f.code)
        for n, rec in _all().items()
        for f in rec.flags  # type: ignore[attr-defined]
        if NEW in (f.action or "")
    ]
    assert boxed == []
