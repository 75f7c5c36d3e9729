"""Physician review R38 (addiction medicine / emergency medicine), must-fixes M1 and M3 and should-fix S2: the
placement headline and the COWS boxes, the expected words typed from the review (/work/reviews/r38.md).

M1: a benzodiazepine with buprenorphine before a transfer now, beside a CIWA-Ar of 8 or more today and a COWS of 13 or
more of 20 Nov 2026, said no monitoring (cases 241, 334, 754: after the old COWS's "if still 37 or more, a prescriber
gives buprenorphine ..."; 394, 603, 649, 760: after "otherwise a prescriber gives a first dose for today's withdrawal
..."); the physician's words "; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and
breathing until handover", right after that clause (after the buprenorphine clause when there is one).
M3: cases 470 and 698 (CIWA-Ar 21 of 20 Nov 2026 beside a COWS): the headline's not-transferred path gives a dose and
the patient leaves, with no driving clause; after "re-score the COWS after dosing;" (470) and "re-score the COWS 1-2
hours after dosing;" (698): "if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not
drive today;".
S2 (item 4's rule): a COWS box (severe, moderately severe or moderate opioid withdrawal; dimension 1's rating-below box
where it carries the COWS's words) says "if any dose is given (a benzodiazepine, buprenorphine or methadone): the
patient must not drive today" when the case has a CIWA-Ar (today or dated) last scored 8 or more, or complicated
(cmp15) or with hallucinations (hal10); otherwise "if a dose is given: the patient must not drive today" (R33 S4).
Cases 33, 135, 312 and 563 stay as they are.

Sources the reviewer cites: FDA Drug Safety Communication, 20 Sep 2017 (buprenorphine or methadone with
benzodiazepines: monitor sedation and breathing); benzodiazepine, buprenorphine and methadone labels (impaired driving).

Cases: ``tests.random_placements.cases(800)[N]``; every expected text typed from the review, and the sweeps read each
case's inputs (:class:`tests.random_placements.Case`), never iopkit's rule.
"""

from __future__ import annotations

import re

import pytest

from tests.random_placements import Case, built, cases

#: The physician's words (M1), typed.
MONITORED = (
    "; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until handover"
)
#: The rating-4 dose clauses the monitoring follows (M1), typed from the review.
BUPRENORPHINE_AT_4 = (
    "if still 37 or more, a prescriber gives buprenorphine for today's withdrawal before transfer only if it does not "
    "delay the transfer and the reason for rating 4 allows it"
)
FIRST_DOSE_AT_4 = (
    "otherwise a prescriber gives a first dose for today's withdrawal before transfer only if it does not delay the "
    "transfer and the reason for rating 4 allows it"
)
#: The driving clause for any dose (M3, S2), typed.
ANY_DOSE = "if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today"
#: The COWS box's driving clause without a benzodiazepine (R33 S4), typed.
A_DOSE = "if a dose is given: the patient must not drive today"
#: The CIWA-Ar keys of :data:`tests.random_placements.SCORES` scored 8 or more, or complicated, or with hallucinations
#: (every key but ``mild6``: 13, 14, 21, complicated 15, hallucinations 10).
CIWA_8_OR_MORE = frozenset({"mod13", "mod13_i1", "sev21", "cmp15", "hal10"})
#: The COWS keys of 13 or more (19, 30, 48; not 8).
COWS_13_OR_MORE = frozenset({"19", "30", "48"})
#: The COWS band boxes (S2); dimension 1's rating-below box counts where it carries the COWS's words.
COWS_BOXES = frozenset(
    {"severe_opioid_withdrawal", "moderately_severe_opioid_withdrawal", "moderate_opioid_withdrawal"}
)


def _score(case: Case, instrument: str) -> tuple[str, str] | None:
    """The case's ``(key, "old" or "today")`` for ``instrument``, else ``None``."""
    return next(((k, when) for i, k, when in case.scores if i == instrument), None)


def _first(headline: str) -> str:
    """The headline's first sentence (its "First: ..." step, up to ". Also" or ". Then")."""
    return re.split(r"\. (?=Also |Then)", headline, maxsplit=1)[0]


# --- M1 -------------------------------------------------------------------------------------------------------------

M1_AFTER_BUPRENORPHINE = [241, 334, 754]
M1_AFTER_FIRST_DOSE = [394, 603, 649, 760]


@pytest.mark.parametrize("number", M1_AFTER_BUPRENORPHINE)
def test_m1_monitoring_after_the_old_cows_buprenorphine(number: int) -> None:
    h = built(cases(800)[number]).headline
    assert f"{BUPRENORPHINE_AT_4}{MONITORED}" in h, h
    assert h.count("monitor sedation and breathing") == 1, h


@pytest.mark.parametrize("number", M1_AFTER_FIRST_DOSE)
def test_m1_monitoring_after_the_first_dose(number: int) -> None:
    h = built(cases(800)[number]).headline
    assert f"{FIRST_DOSE_AT_4}{MONITORED}" in h, h
    assert h.count("monitor sedation and breathing") == 1, h


@pytest.mark.parametrize("number", [337, 491, 687])
def test_m1_the_cases_that_had_it_keep_it(number: int) -> None:
    assert "monitor sedation and breathing" in built(cases(800)[number]).headline


def test_m1_sweep_every_rating_4_dose_beside_both_withdrawals_is_monitored() -> None:
    """Every case whose inputs give a CIWA-Ar of 8 or more (or complicated, or hallucinations) of any day and a COWS
    of 13 or more of any day, and whose headline's first step gives a dose "... and the reason for rating 4 allows
    it", says the monitoring of a benzodiazepine with buprenorphine or methadone in that step."""
    checked, missing = [], []
    for case in cases(800):
        ciwa, cows = _score(case, "ciwa_ar"), _score(case, "cows")
        if not (ciwa and cows and ciwa[0] in CIWA_8_OR_MORE and cows[0] in COWS_13_OR_MORE):
            continue
        first = _first(built(case).headline)
        if "the reason for rating 4 allows it" not in first:
            continue
        checked.append(case.number)
        if "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing" not in first:
            missing.append(case.number)
    assert not missing, missing
    assert set(M1_AFTER_BUPRENORPHINE + M1_AFTER_FIRST_DOSE + [337]) <= set(checked), checked


# --- M3 -------------------------------------------------------------------------------------------------------------

M3_WANTED = {
    470: f"re-score the COWS after dosing; {ANY_DOSE}; emergency evaluation only for a complicating condition",
    698: f"re-score the COWS 1-2 hours after dosing; {ANY_DOSE}; at a CIWA-Ar re-score of 8 or more",
}


@pytest.mark.parametrize("number", sorted(M3_WANTED))
def test_m3_the_not_transferred_path_says_no_driving_after_a_dose(number: int) -> None:
    h = built(cases(800)[number]).headline
    assert M3_WANTED[number] in h, h
    assert _first(h).count(ANY_DOSE) == 1, h


def test_m3_sweep_an_old_severe_ciwa_ar_beside_a_cows_dose_says_no_driving() -> None:
    """Every case whose inputs give a CIWA-Ar of 21 (severe) of 20 Nov 2026 and a COWS of 13 or more, and whose
    headline's first step doses for the COWS on site ("re-score the COWS ... after dosing"), says the any-dose driving
    clause in that step."""
    checked, missing = [], []
    for case in cases(800):
        ciwa, cows = _score(case, "ciwa_ar"), _score(case, "cows")
        if not (ciwa == ("sev21", "old") and cows and cows[0] in COWS_13_OR_MORE):
            continue
        first = _first(built(case).headline)
        if not re.search(r"re-score the COWS (?:1-2 hours )?after dosing", first):
            continue
        checked.append(case.number)
        if ANY_DOSE not in first:
            missing.append(case.number)
    assert not missing, missing
    assert {470, 698} <= set(checked), checked


# --- S2 -------------------------------------------------------------------------------------------------------------

S2_NAMED = [17, 29, 55, 127, 245, 252]


def _cows_boxes(case: Case) -> list[tuple[str, str]]:
    """The case's COWS boxes (S2): the COWS band boxes, and dimension 1's rating-below box carrying the COWS's words."""
    return [
        (f.code, f.action)
        for f in built(case).flags
        if f.code in COWS_BOXES or (f.code == "rated_below_suggestion_d1" and "COWS" in f.action)
    ]


@pytest.mark.parametrize("number", S2_NAMED)
def test_s2_the_named_cows_boxes_name_every_dose(number: int) -> None:
    # the boxes that say a dose's driving clause (an intoxication hold's "... must not drive today" is not one)
    boxes = [(c, a) for c, a in _cows_boxes(cases(800)[number]) if ANY_DOSE in a or A_DOSE in a]
    assert boxes, number
    for code, action in boxes:
        assert ANY_DOSE in action, (code, action)
        assert A_DOSE not in action, (code, action)


@pytest.mark.parametrize("number", [33, 135, 312, 563])
def test_s2_the_cases_ruled_as_is_keep_their_cows_band_box(number: int) -> None:
    """Cases 33, 135, 312 and 563 (an old CIWA-Ar of 13 or 14, R25b): their COWS band box names every dose, as
    before."""
    bands = [(c, a) for c, a in _cows_boxes(cases(800)[number]) if c in COWS_BOXES]
    assert bands, number
    for code, action in bands:
        assert ANY_DOSE in action, (code, action)


def test_s2_sweep_a_cows_box_names_every_dose_exactly_beside_a_ciwa_ar_of_8_or_more() -> None:
    """Over the 800 cases, read from each case's inputs: every COWS box (S2) of a case with a CIWA-Ar of 8 or more (or
    complicated, or hallucinations), of any day, never says "if a dose is given: the patient must not drive today";
    every COWS box of a case with no CIWA-Ar, or a mild one (6), never says the any-dose clause."""
    wrong, with_benzodiazepine, without = [], 0, 0
    for case in cases(800):
        ciwa = _score(case, "ciwa_ar")
        benzodiazepine = ciwa is not None and ciwa[0] in CIWA_8_OR_MORE
        for code, action in _cows_boxes(case):
            if benzodiazepine:
                with_benzodiazepine += ANY_DOSE in action
                if A_DOSE in action:
                    wrong.append((case.number, code, "if a dose is given"))
            else:
                without += A_DOSE in action
                if ANY_DOSE in action:
                    wrong.append((case.number, code, "if any dose is given"))
    assert not wrong, wrong
    # both sides are exercised: the ~130 boxes that named every dose plus the 51 aligned, and the ~330 without one
    assert with_benzodiazepine >= 150, with_benzodiazepine
    assert without >= 300, without
