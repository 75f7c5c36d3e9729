"""Physician review R13 (session 14), should-fix S4: every dose of the headline follows the intoxication screen.

R12 put the screen before every dose beside a rating of 4; outside a rating of 4 the doses still had none (today's
severe CIWA-Ar: "a prescriber gives a first dose before transfer if it does not delay the transfer"; today's COWS above
36: "First: a prescriber treats withdrawal now, before the patient leaves: buprenorphine"). The reviewer's words: put
"before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine
and check blood glucose; if intoxicated: no dose here; otherwise " before every CIWA-Ar dose (severe and moderate: "a
prescriber's review ...: treat withdrawal with medication"), and "before any dose: screen for intoxication (breath
alcohol above zero, or signs of sedative intoxication); if intoxicated: no dose here; otherwise " before every COWS
dose. Basis: ASAM 2020 alcohol withdrawal guideline (thiamine; assess intoxication); buprenorphine and methadone labels
(alcohol and other CNS depressants: respiratory depression); FDA Drug Safety Communication, 20 Sep 2017. The
reviewer's test: R12's grid test run with no rating of 4, with old and today's scores.

Every text below is typed from /work/reviews/r13.md (the answers arrays from r13_cases.md), never computed by iopkit.
"""

from __future__ import annotations

import itertools
import re

import pytest

from iopkit.placement.steps import headline_steps

from .intoxication_screens import (
    NEXT_TRANSFER,
    SCREEN_ALCOHOL,
    SCREEN_ALCOHOL_OVERDOSE,
    SCREEN_OPIOID,
    SUICIDE_WAIT,
    r32a,
)
from .test_placement_headline_review_r7_old_scores import recommended

# r13.md / r13_cases.md answers arrays
CIWA_MOD13 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 0]
CIWA_SEV21 = [4, 3, 3, 3, 3, 2, 0, 0, 3, 0]
CIWA_CMP15 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 2]
COWS_19 = [2, 2, 3, 2, 2, 2, 2, 2, 1, 1, 0]
COWS_48 = [4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 5]
CSSRS_HIGH = ["yes", "yes", "no", "yes", "no", "no", None]

# physician review R32 (a) (its four settings): the alcohol screen's hold at a transfer now tells the receiving team;
# beside an emergency evaluation for suicide risk, staff stay and the screen is repeated or the receiving team told
SCREEN_ALCOHOL_TRANSFER = SCREEN_ALCOHOL.replace(
    "if intoxicated: no dose here (the patient must not drive today)", f"if intoxicated: no dose here ({NEXT_TRANSFER})"
)
SCREEN_ALCOHOL_OVERDOSE_SUICIDE = SCREEN_ALCOHOL_OVERDOSE.replace(
    "intoxicated: the patient must not drive today)", f"intoxicated: {SUICIDE_WAIT})"
)

#: The dose phrases (R13 item 1's, and the moderate CIWA-Ar and COWS 13-36 reviews' treating words).
DOSES = ("a prescriber gives", "a prescriber treats", "treat withdrawal with medication", "treat withdrawal as")


def _first_dose(text: str) -> int:
    return min((i for i in (text.find(d) for d in DOSES) if i >= 0), default=-1)


def _unscreened(headline: str) -> list[str]:
    """The headline's steps whose first dose has no "screen for" before it in the same step."""
    # (physician review R16, session 15, should-fix S11: a dose after the screen said before it in the same sentence
    # reads "after the re-score and that screen, ...", the reviewer's words)
    # (physician review R19, session 16, must-fix N1: an old moderate CIWA-Ar's re-score before a COWS above 36 says
    # its screen as a sentence of its own, "Before any dose: screen for ...", the branch "At 8 or more, ..." and the
    # dose "Otherwise ..." in the sentences after it: those read as screened by it, the reviewer's words)
    steps = headline_steps(headline)
    screened = [
        any(p.text.startswith("Before any dose: ") and "screen for" in p.text for p in steps[:i])
        # R42 item 2 (R30b should-fix S2): the branch named by the re-score it reads (was "At 8 or more, ...")
        and s.text.startswith(("At a CIWA-Ar re-score of 8 or more (alcohol withdrawal alongside", "Otherwise "))
        for i, s in enumerate(steps)
    ]
    # (physician review R21, session 19, should-fix S3: "before any dose:" once a step, to its "Also ..."/"Then ...",
    # the union of its screens where the first stood, R18 S2's rule for the boxes: a dose after that screen, the screen
    # not said under a condition ("if still 37 or more, ", "at 10 or more, "), reads as screened by it)
    once = False
    for i, s in enumerate(steps):
        once = once and not s.text.startswith(("Also ", "Then"))
        screened[i] = screened[i] or once
        said = s.text.lower().find("before any dose: ")
        once = once or (said >= 0 and not re.search(r"\bif still\b|\bat \d+ or more\b", s.text[:said]))
    return [
        s.text
        for s, said in zip(steps, screened, strict=True)
        if (at := _first_dose(s.text)) >= 0
        and "screen for" not in s.text[:at]
        and not s.text.startswith("after the re-score and that screen, ")
        and not said
    ]


@pytest.mark.parametrize("high", [False, True], ids=["alone", "beside a C-SSRS high"])
def test_the_reviewers_case_todays_severe_ciwa_ar_first_dose_follows_the_alcohol_screen(high):
    today = [("ciwa_ar", CIWA_SEV21)] + ([("cssrs_screen", CSSRS_HIGH)] if high else [])
    r = recommended(today=today)
    # beside a C-SSRS high the screen asks about an overdose first (physician review R16, session 15, should-fix S5)
    # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team; beside the
    # emergency evaluation for suicide risk (C-SSRS high) staff stay with the patient
    screen = SCREEN_ALCOHOL_OVERDOSE_SUICIDE if high else SCREEN_ALCOHOL_TRANSFER
    assert screen not in (SCREEN_ALCOHOL_OVERDOSE, SCREEN_ALCOHOL)
    assert f"{screen}a prescriber gives a first dose before transfer if it does not delay the transfer" in (r.headline)
    assert r.headline.count("screen for") == 1
    assert not _unscreened(r.headline)


def test_the_reviewers_case_todays_cows_48_is_treated_after_the_opioid_screen():
    r = recommended(today=[("cows", COWS_48)])
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline.startswith(
        r32a(f"First: {SCREEN_OPIOID}a prescriber treats withdrawal now, before the patient leaves", r.headline)
    )
    assert "thiamine" not in r.headline  # opioid withdrawal alone: the COWS screen, no alcohol part
    assert not _unscreened(r.headline)


def test_cows_19_the_prescribers_review_treats_after_the_opioid_screen():
    r = recommended(today=[("cows", COWS_19)])
    first = headline_steps(r.headline)[0].text
    assert first.startswith("First: a prescriber's review")
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r32a(SCREEN_OPIOID, first) in first
    assert first.find("screen for") < first.find("treat withdrawal")
    assert "thiamine" not in r.headline


def test_ciwa_13_the_prescribers_review_gives_medication_after_the_alcohol_screen():
    r = recommended(today=[("ciwa_ar", CIWA_MOD13)])
    first = headline_steps(r.headline)[0].text
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r32a(f"{SCREEN_ALCOHOL}treat withdrawal with medication") in first


def test_ciwa_13_beside_a_c_ssrs_high_the_review_while_waiting_gives_medication_after_the_alcohol_screen():
    r = recommended(today=[("ciwa_ar", CIWA_MOD13), ("cssrs_screen", CSSRS_HIGH)])
    # beside a C-SSRS high the screen asks about an overdose first (physician review R16, session 15, should-fix S5)
    # physician review R32 (a) (its four settings): while the patient waits for the suicide evaluation, the hold keeps
    # staff with the patient and repeats the screen or tells the receiving team (never the lift home)
    assert f"{SCREEN_ALCOHOL_OVERDOSE_SUICIDE}treat withdrawal with medication" in r.headline
    assert "offer a lift" not in r.headline
    assert not _unscreened(r.headline)


def test_an_old_cows_48_is_treated_after_the_screen_if_still_37_or_more():
    r = recommended(old=[("cows", COWS_48)])
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    # R53 ruling 4: the screen before "if still 37 or more", so that it covers the 13-36 dose too
    said = f"(last 48 on 20 Nov 2026, severe): {SCREEN_OPIOID}if still 37 or more, a prescriber treats withdrawal now"
    assert r32a(said, r.headline) in r.headline


def test_a_step_already_screened_gets_no_second_screen():
    # today's complicated CIWA-Ar (its delirium and intoxication screen) and R13-M3's lead (the re-score first)
    for r in (
        recommended(today=[("ciwa_ar", CIWA_CMP15)]),
        recommended(old=[("ciwa_ar", CIWA_MOD13)], today=[("cows", COWS_48)]),
    ):
        assert all(s.text.count("no dose here") <= 1 for s in headline_steps(r.headline)), r.headline
        assert not _unscreened(r.headline)
    assert recommended(today=[("ciwa_ar", CIWA_CMP15)]).headline.count("screen for") == 1


CIWA = {"moderate": CIWA_MOD13, "severe": CIWA_SEV21, "complicated": CIWA_CMP15}
COWS = {"19": COWS_19, "48": COWS_48}
DAYS = ("old", "today")
GRID = [
    (d1, ciwa, cows, high)
    for d1, ciwa, cows, high in itertools.product(
        (1, 2, 3),
        (None, *itertools.product(DAYS, CIWA)),
        (None, *itertools.product(DAYS, COWS)),
        (None, "old", "today"),
    )
    if ciwa or cows
]


@pytest.mark.parametrize(("d1", "ciwa", "cows", "high"), GRID)
def test_with_no_rating_of_4_no_dose_comes_before_a_screen_in_its_step(d1, ciwa, cows, high):
    scores = {"old": [], "today": []}
    if ciwa:
        scores[ciwa[0]].append(("ciwa_ar", CIWA[ciwa[1]]))
    if cows:
        scores[cows[0]].append(("cows", COWS[cows[1]]))
    if high:
        scores[high].append(("cssrs_screen", CSSRS_HIGH))
    r = recommended({1: d1}, old=scores["old"], today=scores["today"])
    assert not _unscreened(r.headline), r.headline
    # R59 1: delirium's own "if delirium: no dose here; call emergency services for the ED" comes first, apart from the
    # hold; the hold itself is still said once a step
    delirium = "if delirium: no dose here"
    assert all(s.text.replace(delirium, "").count("no dose here") <= 1 for s in headline_steps(r.headline)), r.headline
