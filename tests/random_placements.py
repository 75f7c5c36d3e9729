"""Random placement cases for the headline sweeps (physician rulings R16 S11 and R20b): a seeded generator, so every run
reads the same 400 cases and a failing case is named by its number. Each case rates the six dimensions (0-4, about
half of them as the physician reviewers' routine ratings) and gives some of the scores the physician-review tests
type (tests/test_placement_physician_cases.py), each scored today or on 20 Nov 2026 (another day than the
placement's, 02 Dec 2026), built as the reviewers' Method builds a case (``recommended`` of
tests/test_placement_headline_review_r7_old_scores.py)."""

from __future__ import annotations

import functools
import random
from typing import NamedTuple

from .test_placement_headline_review_r7_old_scores import ROUTINE, built_afresh
from .test_placement_physician_cases import (
    CIWA_CMP15,
    CIWA_HAL10,
    CIWA_MILD6,
    CIWA_MOD13,
    CIWA_SEV21,
    COWS_8,
    COWS_19,
    COWS_30,
    COWS_48,
    CSSRS_HIGH,
    CSSRS_LOW,
    CSSRS_MOD,
    PHQ_I9POS,
)

#: CIWA-Ar 14 with item 10 at 1 (physician review R16, M3's array).
CIWA_MOD13_I1 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 1]
#: PHQ-9 17 with item 9 at 0 (no suicidal ideation).
PHQ_I9NEG = [2, 2, 2, 2, 2, 2, 2, 2, 0]
#: The scores a case may give, by instrument: its answer arrays, keyed by the name a case prints.
SCORES = {
    "ciwa_ar": {
        "mild6": CIWA_MILD6,
        "mod13": CIWA_MOD13,
        "mod13_i1": CIWA_MOD13_I1,
        "sev21": CIWA_SEV21,
        "cmp15": CIWA_CMP15,
        "hal10": CIWA_HAL10,
    },
    "cows": {"8": COWS_8, "19": COWS_19, "30": COWS_30, "48": COWS_48},
    "cssrs_screen": {"low": CSSRS_LOW, "moderate": CSSRS_MOD, "high": CSSRS_HIGH},
    "phq9": {"i9pos": PHQ_I9POS, "i9neg": PHQ_I9NEG},
}
SEED = 20261202
COUNT = 400


class Case(NamedTuple):
    """One random case: its number, the ratings given over the routine ones, and each score as ``(instrument, key of
    :data:`SCORES`, "old" or "today")``."""

    number: int
    ratings: tuple[tuple[int, int], ...]
    scores: tuple[tuple[str, str, str], ...]

    def build(self):  # type: ignore[no-untyped-def]
        old = [(i, SCORES[i][k]) for i, k, when in self.scores if when == "old"]
        today = [(i, SCORES[i][k]) for i, k, when in self.scores if when == "today"]
        return built_afresh(dict(self.ratings), old=old, today=today)  # never a kept one: tests patch the build

    def __str__(self) -> str:
        scores = ", ".join(f"{i} {k} {when}" for i, k, when in self.scores)
        return f"case {self.number}: ratings {dict(self.ratings) or 'routine'}; {scores or 'no scores'}"


@functools.cache
def cases(count: int = COUNT, seed: int = SEED) -> tuple[Case, ...]:
    """``count`` random cases, the same for the same ``seed``; each gives at least one score."""
    rng = random.Random(seed)
    out = []
    while len(out) < count:
        ratings = tuple((d, rng.randint(0, 4)) for d in ROUTINE if rng.random() < 0.3)
        scores = tuple(
            (instrument, rng.choice(sorted(table)), rng.choice(("old", "today")))
            for instrument, table in SCORES.items()
            if rng.random() < 0.5
        )
        if scores:
            out.append(Case(len(out), ratings, scores))
    return tuple(out)


@functools.cache
def built(case: Case):  # type: ignore[no-untyped-def]
    """The recommendation of ``case``, built once per test session."""
    return case.build()


def numbered(number: int):  # type: ignore[no-untyped-def]
    """The recommendation of case ``number`` of the 800 (its number checked), built once per test session."""
    case = cases(800)[number]
    assert case.number == number
    return built(case)


def action_of(rec, code: str) -> str:  # type: ignore[no-untyped-def]
    """The action of ``rec``'s first box of ``code``."""
    return next(f.action for f in rec.flags if f.code == code)


@functools.cache
def all_built() -> dict[int, object]:
    """The 800 cases' recommendations by case number."""
    return {c.number: built(c) for c in cases(800)}


def texts(number: int) -> list[tuple[str, str]]:
    """Case ``number``'s headline (as ``"headline"``) and each box's action, by its code, in order."""
    rec = all_built()[number]
    return [("headline", rec.headline), *((f.code, f.action) for f in rec.flags)]  # type: ignore[attr-defined]


def only_box(number: int, code: str) -> str:
    """Case ``number``'s one text of ``code`` (``"headline"`` or a box's code): exactly one, else the test fails."""
    (action,) = [text for c, text in texts(number) if c == code]
    return action
