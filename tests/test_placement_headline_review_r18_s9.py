"""Physician review R18 (session 16), should-fix S9: wherever the headline's first step gives buprenorphine or
methadone and treats alcohol withdrawal with medication (commonly a benzodiazepine), it says the monitoring (FDA Drug
Safety Communication, 31 Aug 2016, boxed warning on opioids with benzodiazepines; 20 Sep 2017, buprenorphine and
methadone with benzodiazepines: monitor, do not withhold). Words typed from R9/R2's monitoring text; a sweep over
dimensions 1-3, CIWA-Ar and COWS of either day and a C-SSRS screen.
"""

from __future__ import annotations

import itertools
import re

import pytest

from .test_placement_headline_review_r7_old_scores import recommended

CIWA = {
    "9": [1, 1, 1, 1, 1, 1, 1, 1, 1, 0],
    "13": [2, 2, 2, 2, 2, 1, 0, 0, 2, 0],
    "13i1": [2, 2, 2, 2, 2, 1, 0, 0, 2, 1],
    "22": [4, 3, 3, 3, 3, 2, 0, 0, 3, 0],
}
COWS = {"14": [2, 2, 3, 2, 2, 2, 2, 2, 1, 1, 0], "46": [4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 3]}
CSSRS = {"high": ["yes", "yes", "no", "yes", "no", "no", None], "mod": ["yes", "yes", "no", "no", "no", "no", None]}
#: The monitoring, typed (R2 should-fix 12; R3 should-fix 10).
MONITORED = "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing"
ALCOHOL_TREATED = re.compile(
    r"medication for alcohol withdrawal|treat withdrawal with medication \(CIWA-Ar|alcohol and opioid withdrawal"
)


def _case(ratings, ciwa, cows, cssrs):
    scores = {"old": [], "today": []}
    for instrument, pick, table in (("ciwa_ar", ciwa, CIWA), ("cows", cows, COWS), ("cssrs_screen", cssrs, CSSRS)):
        if pick:
            scores[pick[0]].append((instrument, table[pick[1]]))
    return recommended(ratings, old=scores["old"], today=scores["today"])


def test_s9_old_severe_cows_beside_todays_ciwa_and_a_moderate_screen_monitors():
    r = _case({1: 0}, ("today", "9"), ("old", "46"), ("old", "mod"))
    first = r.headline.split(". Then")[0]
    # physician review R28, M1: beside an old screen that hands nothing over, the step is the old COWS-with-alcohol
    # step word for word (case 278's), its re-score, handover and monitoring in that step's words (was: "... and at
    # the end of the visit; if a benzodiazepine ...: monitor sedation and breathing while the patient is on site")
    assert (
        "re-score the CIWA-Ar within 1 hour of a dose and before the patient leaves or at handover; if transferred: at "
        "handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time"
        # physician review R32 M1: the handover tells the old screen (was: the scores and any dose alone)
        ", that the C-SSRS screen of 20 Nov 2026 found a wish to be dead or non-specific suicidal thoughts (never "
        "assessed), and ask them for a suicide risk assessment (do not delay the transfer for it); if a "
        "benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until handover or "
        "while the patient is on site" in first
    ), first


def test_s9_old_severe_cows_beside_a_high_screen_monitors_until_the_evaluation():
    r = _case({1: 0}, ("today", "13i1"), ("old", "46"), ("old", "high"))
    first = r.headline.split(". Then")[0]
    assert f"{MONITORED} until the evaluation or handover" in first, first


@pytest.mark.parametrize("cssrs", [None, *itertools.product(("old", "today"), CSSRS)], ids=str)
def test_s9_sweep_every_first_step_dosing_both_monitors(cssrs):
    checked = 0
    for d1, d2, d3, ciwa, cows in itertools.product(
        range(5), (0, 4), (0, 4), itertools.product(("old", "today"), CIWA), itertools.product(("old", "today"), COWS)
    ):
        h = _case({1: d1, 2: d2, 3: d3}, ciwa, cows, cssrs).headline
        first = h.split(". Then")[0]
        # R46 Q1: no skip of R44 Q1's "if buprenorphine is given" clause: beside a C-SSRS low the old COWS's re-score
        # with today's CIWA-Ar item 10 at 1 says its no-screen sibling's step, the sedation watch with it
        if ALCOHOL_TREATED.search(first) and "buprenorphine" in first:
            checked += 1
            assert MONITORED in first, (d1, d2, d3, ciwa, cows, cssrs, h)
    assert checked > 50
