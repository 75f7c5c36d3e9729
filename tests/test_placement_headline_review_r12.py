"""Physician review R12 (session 13), must-fix: beside a rating of 4, every first dose follows the intoxication screen.

R11 put "before any dose: screen for intoxication (...); if intoxicated: no dose here; otherwise " in front of "a
prescriber gives a first dose for today's withdrawal before transfer"; the reviewer ruled the two other rating-4 doses
must follow it too ("a prescriber gives buprenorphine for today's withdrawal before transfer ...", a COWS above 36; "a
prescriber gives a first dose for today's alcohol and opioid withdrawal ...", both of today), or the more severe
cases read as needing no screen and the buprenorphine induction box's "once the first step's screen before any dose
allows it" points at nothing. Basis: buprenorphine and methadone labels (alcohol and other CNS depressants:
respiratory depression); FDA Drug Safety Communication, 20 Sep 2017; ASAM 2020 OUD guideline (assess for intoxication
before induction). The reviewer's test: on any page whose induction box says that, "screen for" comes before the
first "a prescriber gives" in the headline.
"""

from __future__ import annotations

import itertools
import re

import pytest

from .test_placement_headline_review_r7_old_scores import COWS_46, recommended

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

SCREEN = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication); if "
    "intoxicated: no dose here (the patient must not drive today); otherwise "
)
# physician review R16 (session 15), should-fix S1: wherever the dose treats alcohol withdrawal, rating 4 or not, the
# screen gives thiamine and checks blood glucose (the reviewer's words)
SCREEN_ALCOHOL = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    "thiamine and check blood glucose; if intoxicated: no dose here (the patient must not drive today); otherwise "
)
# physician review R32 (a) (its four settings): a transfer now's hold (a rating of 4) tells the receiving team (was:
# "(the patient must not drive today)")
SCREEN_ALCOHOL_TRANSFER = SCREEN_ALCOHOL.replace(
    "(the patient must not drive today)",
    "(tell the receiving team at handover the breath alcohol reading or the signs, with the time; the patient must not "
    "drive today)",
)
# R42 item 5 (R31 S6; R46 Q6's words): the pointer says what the screen must find (was "once the first step's screen
# before any dose allows it"), with the re-score first where the first step re-scores an old CIWA-Ar before any dose
POINTER = re.compile(
    r"once the first step's (?:screen|CIWA-Ar re-score is done and its screen) before any dose finds no "
)
OLD_SEVERE = [4, 3, 3, 3, 3, 2, 0, 0, 3, 0]
CIWA = {
    "moderate": [2, 2, 2, 2, 2, 1, 0, 0, 2, 0],
    "severe": OLD_SEVERE,
    "complicated": [2, 2, 2, 2, 2, 1, 0, 0, 2, 2],
}
COWS = {"19": [2, 2, 3, 2, 2, 2, 2, 2, 1, 1, 0], "46": COWS_46}


def test_the_reviewers_case_buprenorphine_beside_dimension_3_at_4_follows_the_screen():
    r = recommended({3: 4}, old=[("ciwa_ar", OLD_SEVERE)], today=[("cows", COWS_46)])
    # R21 S3: the step's one screen is the union of its screens: the old severe CIWA-Ar's re-score's said thiamine and
    # glucose, so the buprenorphine's says them too (before: {SCREEN})
    # R67 SF3 (physician review R65 SF3 with R66 must-fix 1): beside the old severe CIWA-Ar's re-score, whose "the ED
    # evaluates both" turns on disorientation too, the screen names delirium, case 565's words (was:
    # f"{SCREEN_ALCOHOL_TRANSFER}a prescriber gives buprenorphine ...")
    said = (
        "before any dose: screen for delirium (CAM or 4AT) and intoxication (breath alcohol above zero, or signs of "
        "sedative intoxication), give thiamine and check blood glucose; if delirium or intoxication: no dose here "
        "(delirium: to the ED by emergency services; intoxication: tell the receiving team at handover the breath "
        "alcohol reading or the signs, with the time; the patient must not drive today); otherwise a prescriber gives "
        "buprenorphine for today's withdrawal before transfer only if it does not "
    )
    assert said in r.headline


def test_the_dose_for_both_withdrawals_follows_the_screen():
    r = recommended({1: 4}, today=[("ciwa_ar", CIWA["moderate"]), ("cows", COWS_46)])
    assert (
        f"{SCREEN_ALCOHOL_TRANSFER}a prescriber gives a first dose for today's alcohol and opioid withdrawal"
        in r.headline
    )


CASES = [
    (dimension, old, today, cows)
    for dimension, old, today, cows in itertools.product(
        (1, 2, 3), (None, "severe", "complicated", "moderate"), (None, "moderate", "severe"), (None, "19", "46")
    )
    if old or today or cows
]


@pytest.mark.parametrize(("dimension", "old", "today", "cows"), CASES)
def test_beside_a_rating_of_4_no_first_dose_comes_before_a_screen(dimension, old, today, cows):
    r = recommended(
        {dimension: 4},
        old=[("ciwa_ar", CIWA[old])] if old else [],
        today=([("ciwa_ar", CIWA[today])] if today else []) + ([("cows", COWS[cows])] if cows else []),
    )
    first_dose = r.headline.find("a prescriber gives")
    if first_dose >= 0:
        assert "screen for" in r.headline[:first_dose], r.headline
    if any(POINTER.search(f.action) for f in r.flags):
        assert first_dose >= 0 and "screen for" in r.headline[:first_dose], r.headline
