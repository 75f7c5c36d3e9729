"""Physician review R54, ruling 1 and finding A, the reviewer's words typed.

Ruling 1: R52 ruling 2's sedation watch on site and any-dose driving clause stand only where the same "Otherwise ..."
sentence names a benzodiazepine dose (88 and 249); case 657's sentence names none and says its earlier words again.

Finding A: the old complicated CIWA-Ar bracket of the re-score and delirium screen while the transfer is arranged (do
not delay the transfer for it), followed by a dose on the current score, says "; no dose here without today's
re-score" inside the bracket: 20 lines in cases 7, 318, 560, 670, 688, 759 (headline; complicated_withdrawal and
rated_below_suggestion_d1; severe_alcohol_withdrawal of 318 and 670). The brackets whose boxes give no dose (132, 416,
588, 600, 700: R54 ruling 2) are left.
"""

from __future__ import annotations

import functools
import re

from tests.random_placements import built, cases

#: Ruling 1: case 657's "Otherwise" sentence, its s30 words (the physician's).
# R62 M1: the "otherwise" after a guarded first dose says its own guard (was: "Otherwise a prescriber treats ...")
OTHERWISE_657 = (
    "Otherwise, if not intoxicated, a prescriber treats withdrawal now, before the patient leaves: buprenorphine, or "
    "methadone as the COWS flag says; re-score the COWS after dosing; after a first dose of buprenorphine or methadone "
    "the patient must not "
    "drive today; emergency evaluation only for a complicating condition (listed on the COWS flag)"
)
#: R52 ruling 2's words, which 657 no longer says (88 and 249 still do).
WATCHED = (
    "re-score the COWS after dosing; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation "
    "and breathing while the patient is on site; if any dose is given (a benzodiazepine, buprenorphine or methadone): "
    "the patient must not drive today; "
)
#: Finding A: case 7's headline bracket and its dose after it.
HEADLINE_7 = (
    "while the transfer is arranged (do not delay the transfer for it): re-score the CIWA-Ar and screen for delirium "
    "(CAM or 4AT) (last 10 on 20 Nov 2026, hallucinations; no dose here without today's re-score); treat on the "
    "current score: before any dose: "
)
#: Case 7's complicated_withdrawal box (rated_below_suggestion_d1 says the same).
BOX_7 = (
    "while the transfer is arranged (do not delay the transfer for it): re-score the CIWA-Ar and screen for delirium "
    "(CAM or 4AT) (last 10 on 20 Nov 2026, hallucinations; no dose here without today's re-score), ask what happened "
    "since (a seizure, confusion, a hospital visit, the last drink); "
)
#: Case 318's headline, and its boxes' bracket.
HEADLINE_318 = (
    "re-score the CIWA-Ar and screen for delirium (CAM or 4AT) (last 15 on 20 Nov 2026, severe, disoriented; no dose "
    "here without today's re-score); treat on the current score"
)
BOX_318 = (
    "re-score the CIWA-Ar and screen for delirium (CAM or 4AT) (last 15 on 20 Nov 2026, severe, disoriented; no dose "
    "here without today's re-score), ask what happened since"
)
#: The old complicated bracket while the transfer is arranged (any ending).
ARRANGED_BRACKET = re.compile(
    r"while the transfer is arranged \(do not delay the transfer for it\): re-score the CIWA-Ar and screen for "
    r"delirium \(CAM or 4AT\) \(last \d+ on [^()]*\)"
)
NO_DOSE = "; no dose here without today's re-score)"
#: The 20 lines the finding names.
FINDING_A = {
    (n, code)
    for n in (7, 318, 560, 670, 688, 759)
    for code in ("HEADLINE", "complicated_withdrawal", "rated_below_suggestion_d1")
} | {(318, "severe_alcohol_withdrawal"), (670, "severe_alcohol_withdrawal")}


@functools.cache
def _built() -> dict:  # type: ignore[type-arg]
    return {c.number: built(c) for c in cases(800)}


def _box(number: int, code: str) -> str:
    (action,) = [f.action for f in _built()[number].flags if f.code == code]
    return action


def test_ruling_1_case_657_says_its_earlier_words() -> None:
    headline = _built()[657].headline
    assert OTHERWISE_657 in headline, headline
    assert WATCHED not in headline


def test_ruling_1_cases_88_and_249_stay_as_built() -> None:
    for number in (88, 249):
        assert WATCHED in _built()[number].headline, number


def test_finding_a_case_7() -> None:
    assert HEADLINE_7 in _built()[7].headline
    assert BOX_7 in _box(7, "complicated_withdrawal")
    assert BOX_7 in _box(7, "rated_below_suggestion_d1")


def test_finding_a_case_318() -> None:
    assert HEADLINE_318 in _built()[318].headline
    for code in ("complicated_withdrawal", "severe_alcohol_withdrawal", "rated_below_suggestion_d1"):
        assert BOX_318 in _box(318, code), code


def test_finding_a_sweep() -> None:
    """All 800: the bracket says no dose without today's re-score exactly where its sentence doses on the current
    score, the 20 lines of the finding; each line says it once."""
    said = set()
    for number, r in _built().items():
        for code, text in [("HEADLINE", r.headline)] + [(f.code, f.action or "") for f in r.flags]:
            for m in ARRANGED_BRACKET.finditer(text):
                sentence = text[m.end() :].split(". ", 1)[0]
                doses = "treat on the current score" in sentence
                assert m[0].endswith(NO_DOSE) is doses, (number, code, m[0])
                if doses:
                    said.add((number, code))
    assert said == FINDING_A, sorted(said ^ FINDING_A)


def test_finding_a_left_where_no_dose_is_given() -> None:
    """R54 ruling 2: the complicated brackets whose boxes give no dose say no "no dose here" (132, 416, 588, 600,
    700)."""
    for number in (132, 416, 588, 600, 700):
        r = _built()[number]
        for text in [r.headline] + [f.action or "" for f in r.flags]:
            assert not re.search(r"(hallucinations|disoriented); no dose here", text), (number, text)
