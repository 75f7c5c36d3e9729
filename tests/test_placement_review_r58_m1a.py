"""Physician review R58, must-fix M1a (/work/reviews/r58.md, finding 1): an old moderate CIWA-Ar re-scored today
(R57 M1: screened before any dose, its hold) closed with "otherwise treat on the current score" (cases 139, 156, 348,
3, 709 and every other): a re-score of 15 or more, a seizure since the last score, hallucinations or disorientation
in a patient going home got no transfer, though the old severe CIWA-Ar step transfers at that level (case 125).

The rule: that closing, CIWA-Ar only, says the re-score's two branches in R58's words, the transfer in the old severe
CIWA-Ar step's own words. The old moderate COWS re-score (R58 S1b, for later) and the joined re-score of the CIWA-Ar
and the COWS ("otherwise treat on the current scores") are left as they were. Words typed from R58 and the dump of
the 800 random cases.
"""

from __future__ import annotations

import re

import pytest

from .random_placements import all_built, numbered, only_box, texts
from .test_placement_review_r60_g1 import STEP_104, STEP_139

#: R60 Q2(a): the step from the re-score's bracket to its treatment, the severe branch before the intoxication hold
#: (was: HOLD, "before any dose: ...; if intoxicated: no dose now (...); ", then BRANCH, "otherwise, on the re-score:
#: if 15 or more, ...; if delirium: no dose here; call emergency services for the ED; if below 15: a prescriber treats
#: on today's score (medication at 10 or more; consider at 8-9)"); "last 13", as case 139 (mod13 cases)
STEP = STEP_139
#: Case 139's headline, its first step in full (up to its reasons).
# R60 Q2(a): the severe branch before the intoxication hold (was: "...(last 13 on 20 Nov 2026): before any dose: ...;
# if intoxicated: no dose now (...); otherwise, on the re-score: if 15 or more, ...; if below 15: a prescriber treats
# ...")
HEADLINE_139 = (
    f"First: re-score the CIWA-Ar now {STEP_139}; if a dose is given: the patient must not drive today; re-score "
    "the CIWA-Ar within 1 hour of a dose and at the end of the visit; after a dose given on site, the patient goes "
    "home only if awake or no more than slightly drowsy and easily roused, walks steadily, and has a CIWA-Ar below 10 "
    "at least 1 hour after the last benzodiazepine dose, with a supportive person to stay overnight (and, if the "
    "patient also uses opioids, with naloxone in hand and the supportive person shown how to use it), and the patient "
    "and the supportive person told not to add alcohol or other sedatives; otherwise the patient stays on site until "
    "these conditions are met, or a higher level of care is arranged (CIWA-Ar in the moderate withdrawal band "
    "(CIWA-Ar of 20 Nov 2026, not re-scored today): "
)
#: Case 139's moderate_alcohol_withdrawal box, in full.
# R60 Q2(a): as the headline (was: R58 M1a's order, the hold before "otherwise, on the re-score: ...")
BOX_139 = f"Re-score the CIWA-Ar now {STEP_139}; if a dose is given: the patient must not drive today"
#: Case 104 (CIWA-Ar item 10 at 1 on 20 Nov): its possible_inattention box, in full ("last 14").
# R60 Q4: the delirium screen with the re-score, item 10 at 1 (was: BOX_139.replace("last 13", "last 14"))
BOX_104 = f"Re-score the CIWA-Ar now {STEP_104}; if a dose is given: the patient must not drive today"
#: Case 104's headline, its first step up to the dose's watch.
# R60 Q2(a), Q4 (was: R58 M1a's order, "(last 14 on 20 Nov 2026): before any dose: ...", no delirium screen)
HEADLINE_104 = f"First: re-score the CIWA-Ar now {STEP_104}; if a dose is given: the patient must not drive today; "
#: Case 402's COWS box: the old moderate COWS re-score keeps its closing (R58 S1b is for later).
COWS_CLOSING_402 = "follow local policy); otherwise treat on the current score; if a dose is given"
#: Case 377's headline: the joined re-score of both scores keeps its closing.
# R60 Q4: the joined re-score screens for delirium where item 10 was 1 (was: "... on 20 Nov 2026); before any dose: ")
# S3 (R62; R63 2): the question after the re-score (was: "...(CAM or 4AT); before any dose: ")
JOINED_377 = (
    "re-score the CIWA-Ar and the COWS now (last 14 and 19 on 20 Nov 2026) and screen for delirium (CAM or 4AT); "
    "ask what happened since (a seizure, confusion, a hospital visit, the last drink); before any dose: "
)
#: R60 Q3 (iii), its 15-or-more clause where the branch only arranges care, and the joined re-scores (g3, R61): their
#: own severe branch, said where S3's question now lets SCREENED reach them (88 249 657; 312 563; 120 273 377 406 525
#: 585 608 639 781).
Q3_SEVERE = (
    "a CIWA-Ar re-score of 8 or more (or, intoxicated or not, a seizure since the last score, hallucinations, or "
    "disorientation (item 10 at 2 or more))",
    "intoxicated or not, at a CIWA-Ar re-score of 15 or more, or a seizure since the last score, or hallucinations, or "
    "disorientation (item 10 at 2 or more)",
    "on the re-scores, intoxicated or not: if a CIWA-Ar of 15 or more, or a seizure since the last score, or "
    "hallucinations, or disorientation (item 10 at 2 or more)",
)
Q3_CASES = (88, 249, 657, 312, 563, 120, 273, 377, 406, 525, 585, 608, 639, 781)

#: An old moderate CIWA-Ar re-score screened by R57 M1 (no ", severe)" in its bracket).
# R60 Q2(a), Q4: "; ask what happened since (...); " after the re-score, Q4's delirium screen where item 10 was 1
# (was: "\(last \d+ on 20 Nov 2026\): (?:after the first step's [^,]*, )?before any dose: ")
SCREENED = re.compile(
    r"[Rr]e-score the CIWA-Ar now \(last \d+ on 20 Nov 2026\)(?: and screen for delirium \(CAM or 4AT\))?; ask what "
    r"happened since \([^()]*\); (?:after the first step's [^,]*, )?before any dose: "
)


def test_139_headline_step_typed() -> None:
    assert numbered(139).headline.startswith(HEADLINE_139)


def test_139_boxes_typed() -> None:
    assert only_box(139, "moderate_alcohol_withdrawal") == BOX_139
    assert only_box(139, "rated_below_suggestion_d1") == (
        f"{BOX_139}; record the reason for the lower rating with the placement decision"
    )


def test_104_typed() -> None:
    assert numbered(104).headline.startswith(HEADLINE_104)
    assert only_box(104, "possible_inattention") == BOX_104
    assert only_box(104, "moderate_alcohol_withdrawal") == BOX_104


@pytest.mark.parametrize("number", [3, 156, 348, 709])
def test_named_cases_say_the_branch_after_the_hold(number: int) -> None:
    rescored = [(code, text) for code, text in texts(number) if SCREENED.search(text)]
    assert len(rescored) >= 2
    # R60 Q2(a): the severe branch before the hold (was: f"{HOLD}{BRANCH}"); Q4's screen in 3 and 709 (mod13_i1)
    step = STEP.replace("last 13", "last 14").replace("2026);", "2026) and screen for delirium (CAM or 4AT);")
    # R62 M2: where the re-score screens for delirium, the handover names it (was: "the CIWA-Ar re-score and any dose")
    step = step.replace("the CIWA-Ar re-score and any dose", "the CIWA-Ar re-score, the delirium screen and any dose")
    step = step if number in (3, 709) else STEP
    assert [code for code, text in rescored if step not in text] == []


def test_cows_and_joined_rescores_left() -> None:
    assert COWS_CLOSING_402 in only_box(402, "moderate_opioid_withdrawal")
    headline = numbered(377).headline
    assert JOINED_377 in headline
    # R60 Q3: the joined re-scores now say their own severe branch (was: "otherwise treat on the current scores" in
    # the headline, and no "disorientation (item 10 at 2 or more)"); R58 M1a's form is still not said there
    assert "otherwise, if not intoxicated: a prescriber treats on today's scores" in headline
    assert "otherwise, on the re-score: if 15 or more" not in headline


def test_sweep_every_screened_old_moderate_ciwa_says_the_branch() -> None:
    """In the 800 cases, every text with an old moderate CIWA-Ar re-score screened (R57 M1) says "if 15 or more, or a
    seizure since the last score" after its hold, and says it once."""
    found = [(number, code, text) for number in all_built() for code, text in texts(number) if SCREENED.search(text)]
    assert len(found) > 40
    missing = [
        (number, code)
        for number, code, text in found
        for m in SCREENED.finditer(text)
        # R60 Q2(a): after the delirium hold, before the intoxication hold (was: "otherwise, on the re-score: if 15 or
        # more, or a seizure since the last score", after the hold)
        if (
            "on the re-score, intoxicated or not: if 15 or more, or a seizure since the last score"
            not in text[m.end() :]
            or text.count("if 15 or more, or a seizure since the last score") != 1
        )
        # R60 Q3 (g3, R61): a Q3 shape says its own severe branch after the re-score instead (twice in the d1 boxes of
        # 88 249: their doubled text, R63 LEAVE) (was: Q2(a)'s only)
        and not (number in Q3_CASES and sum(text[m.end() :].count(w) for w in Q3_SEVERE) >= 1)
    ]
    assert missing == []
