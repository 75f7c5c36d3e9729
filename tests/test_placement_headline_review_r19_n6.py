"""Physician review R19 (session 16), N6: beside a C-SSRS screener high (or moderate) risk, CIWA-Ar item 10 at 1's
medical review (``possible_inattention``) holds the dose "if an overdose or ingestion" only after asking about one,
as the headline and every dose box ask it (physician review R16, should-fix S5; Posner et al. 2011, C-SSRS screener
triage: a patient with suicidal intent may have taken an overdose not yet visible). Words typed from R16-S5's text.
"""

from __future__ import annotations

import itertools

import pytest

from .test_placement_headline_review_r7_old_scores import recommended

# R31 M4 (physician review R31, must-fix M4, and S5): an overdose or ingestion held at the screen before a dose:
# call emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose
# (re-typed by /work/scripts/ovd_ed_retype.py).

HIGH = ["yes", "yes", "no", "yes", "no", "no", None]
MODERATE = ["yes", "yes", "no", "no", "no", "no", None]
CIWA_I1 = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
CIWA_13_I1 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 1]
COWS_14 = [2, 2, 3, 2, 2, 2, 2, 2, 1, 1, 0]
#: R16-S5's words, typed.
ASKED = "ask about any overdose or ingestion today"
HELD = (
    "if an overdose or ingestion: no dose here (call emergency services for the ED, staff with the patient until "
    "handover, naloxone if signs of opioid overdose)"
)


def test_n6_the_possible_inattention_box_asks_before_it_holds_for_an_overdose():
    r = recommended(old=[("cssrs_screen", HIGH)], today=[("ciwa_ar", CIWA_I1)])
    for code in ("possible_inattention", "rated_below_suggestion_d1"):
        box = next(f.action for f in r.flags if f.code == code)
        assert box.startswith(f"Medical review now: {ASKED} and screen for delirium (CAM or 4AT)"), box
        assert 0 <= box.index(ASKED) < box.index(HELD), box


GRID = list(
    itertools.product(
        (0, 1, 4),
        ("old", "today"),
        (CIWA_I1, CIWA_13_I1),
        (None, "old", "today"),
        itertools.product(("old", "today"), (HIGH, MODERATE)),
    )
)


@pytest.mark.parametrize(("d1", "ciwa_day", "ciwa", "cows_day", "screen"), GRID)
def test_n6_no_overdose_hold_without_its_question(d1, ciwa_day, ciwa, cows_day, screen):
    scores = {"old": [], "today": []}
    scores[ciwa_day].append(("ciwa_ar", ciwa))
    if cows_day:
        scores[cows_day].append(("cows", COWS_14))
    scores[screen[0]].append(("cssrs_screen", screen[1]))
    r = recommended({1: d1}, old=scores["old"], today=scores["today"])
    for text in (r.headline, *(f.action or "" for f in r.flags)):
        at = text.find("if an overdose or ingestion")
        if at < 0:
            at = text.find("if delirium, an overdose or ingestion")
        if at >= 0:
            assert 0 <= text.find(ASKED) < at, text
