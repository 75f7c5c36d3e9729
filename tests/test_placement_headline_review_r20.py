"""Physician review R20 (session 16), must-fix M1 (/work/reviews/r20.md): R19-N1's first step for an old CIWA-Ar 13
(20 Nov 2026, not re-scored) beside today's COWS above 36, beside a C-SSRS moderate risk (today's or of another day)
or today's positive PHQ-9 item 9. The suicide step stood only in the "Otherwise" (treat and send home) branch: on the
8-or-more transfer path the receiving team was never told and a capacitous refuser left without an assessment. The
reviewer's words typed as the oracle (never computed by iopkit), for the headline and the COWS/joined boxes.

Basis the reviewer names: Posner et al. 2011 (C-SSRS screener triage; the handover is where a screen is lost, as
R19-N2 (ii) ruled); Joint Commission NPSG 15.01.01 (suicide risk: screen, assess, and act on the result). Cases built
as R19's Method builds them (tests/test_placement_headline_review_r7_old_scores.py's ``recommended``; old = 20 Nov
2026, today = 02 Dec 2026).
"""

from __future__ import annotations

import pytest

from tests.intoxication_screens import INSISTS_ON_LEAVING, NOT_CLEARED_CIWA, TOLD
from tests.test_placement_headline_review_r7_old_scores import recommended
from tests.test_placement_headline_review_r18_m3 import CIWA_MOD13, COWS_48, CSSRS_MODERATE, PHQ_I9POS

# --- the reviewer's words (r20.md, M1), typed -------------------------------------------------------------------------
# R76 ruling 2 (was: "arrange transfer now (ED, or 3.7-WM/4-WM)")
TRANSFER = (
    "arrange transfer now (a seizure, hallucinations, disorientation or a total of 15 or more: by emergency services, "
    "to the ED or 4-WM; otherwise: ED, or 3.7-WM/4-WM)"
)
M1_WORDS = (
    "the patient must not drive; at handover tell the receiving team that today's C-SSRS screen was moderate risk, and "
    # R23a finding 7 (c), (d): the ruling's words, re-typed; R50 b6 Q1: the moderate risk's with safety planning
    "ask them for a suicide risk assessment with safety planning, without delaying the transfer; if the patient "
    "declines transfer: a same-day suicide risk assessment before the patient leaves. Otherwise"
)
#: R50 b6 Q1: a handover that tells no C-SSRS moderate risk asks without safety planning
UNPLANNED = ("assessment with safety planning, without", "assessment, without")
#: R23a finding 2: the headline's step may give a first dose before the transfer (an old CIWA-Ar of 13, today's COWS
#: of 48): its one handover tells the last CIWA-Ar and COWS scores and any dose with its time first
SCORES_TOLD = "the last CIWA-Ar and COWS scores and any dose with its time, that "
M1_OLD = M1_WORDS.replace(
    "that today's C-SSRS screen was moderate risk", "that the C-SSRS screen of 20 Nov 2026 was moderate risk"
)
M1_PHQ9 = M1_WORDS.replace(
    "that today's C-SSRS screen was moderate risk", "that today's PHQ-9 item 9 was positive"
).replace(*UNPLANNED)
# physician ruling R20b (session 16), its words: both screens named, the C-SSRS first; a PHQ-9 item 9 of another day
# with its date and "(not re-asked today)" (Posner et al. 2011; Kroenke et al. 2001; Simon et al. 2013)
# physician review R30a (cases 291, 532): the screens joined as the headline joins them, " and that " (R23a, finding 7)
M1_BOTH = M1_WORDS.replace(
    "that today's C-SSRS screen was moderate risk",
    "that today's C-SSRS screen was moderate risk and that today's PHQ-9 item 9 was positive",
)
M1_OLD_PHQ9 = M1_WORDS.replace(
    "that today's C-SSRS screen was moderate risk",
    "that the PHQ-9 item 9 of 20 Nov 2026 was positive (not re-asked today)",
).replace(*UNPLANNED)
SAME_DAY = "a same-day suicide risk assessment"
KEPT = "then, before the patient leaves, a same-day suicide risk assessment"
# R42 item 2 (R30b should-fix S2): the branch named by the re-score it reads (was "At 8 or more, alcohol withdrawal
# alongside, a complicating condition")
# R60 Q3 (iii): the complications after "8 or more" (was: "At a CIWA-Ar re-score of 8 or more (alcohol withdrawal
# alongside, a complicating condition")
AT_8 = (
    "At a CIWA-Ar re-score of 8 or more (or, intoxicated or not, a seizure since the last score, hallucinations, or "
    "disorientation (item 10 at 2 or more)) (alcohol withdrawal alongside, a complicating condition"
)

CASES = {
    "C-SSRS moderate today": (
        [("ciwa_ar", CIWA_MOD13)],
        [("cows", COWS_48), ("cssrs_screen", CSSRS_MODERATE)],
        M1_WORDS,
    ),
    "C-SSRS moderate of 20 Nov 2026": (
        [("ciwa_ar", CIWA_MOD13), ("cssrs_screen", CSSRS_MODERATE)],
        [("cows", COWS_48)],
        M1_OLD,
    ),
    "PHQ-9 item 9 today": (
        [("ciwa_ar", CIWA_MOD13)],
        [("cows", COWS_48), ("phq9", PHQ_I9POS)],
        M1_PHQ9,
    ),
    "C-SSRS moderate and PHQ-9 item 9 today (R20b)": (
        [("ciwa_ar", CIWA_MOD13)],
        [("cows", COWS_48), ("cssrs_screen", CSSRS_MODERATE), ("phq9", PHQ_I9POS)],
        M1_BOTH,
    ),
    "PHQ-9 item 9 of 20 Nov 2026 (R20b)": (
        [("ciwa_ar", CIWA_MOD13), ("phq9", PHQ_I9POS)],
        [("cows", COWS_48)],
        M1_OLD_PHQ9,
    ),
}
BOX_CODES = ("severe_opioid_withdrawal", "rated_below_suggestion_d1")
#: The screen's hold before any dose, beside the 8-or-more conditional transfer: both branches, "the scores" (a
#: CIWA-Ar and a COWS flag stand) and the same-day suicide risk assessment first (a C-SSRS moderate or a positive PHQ-9
#: item 9 stands) (physician review R32 (a), R33 S1, R35 M3/S3: the setting read from the case and to the text's end)
HOLD_IF_TRANSFERRED = (
    f"intoxicated: if transferred, {TOLD}; if not: ask the patient to stay on site and repeat the screen and the "
    f"scores when it clears; {NOT_CLEARED_CIWA}; the patient must not drive today; {INSISTS_ON_LEAVING})"
)


def _built(name: str):  # type: ignore[no-untyped-def]
    old, today, _ = CASES[name]
    return recommended({}, old=old, today=today)


def _first_step(headline: str) -> str:
    """The headline's first step: its sentences up to the withdrawal-risk assessment's ("Also before deciding ...")."""
    assert " Also before deciding the setting" in headline
    return headline.split(" Also before deciding the setting", 1)[0]


@pytest.mark.parametrize("name", CASES)
def test_m1_headline_says_the_handover_in_the_reviewers_words(name: str) -> None:
    """r20.md M1's test: the handover words lie between the 8-or-more transfer and " Otherwise "; the Otherwise
    branch keeps its same-day suicide risk assessment."""
    first = _first_step(_built(name).headline)
    words = CASES[name][2].replace("receiving team that ", f"receiving team {SCORES_TOLD}")  # R23a finding 2
    if "C-SSRS" in name:  # physician review R28, M5: a C-SSRS moderate risk's assessment with its safety planning
        words = words.replace(f"{SAME_DAY} before", f"{SAME_DAY} with safety planning before")
    assert first.count(words) == 1, first
    at = first.index(words)
    transfer = first.index(TRANSFER, first.index(AT_8))
    otherwise = first.index(" Otherwise, if not intoxicated, ")  # R62 M1: its own guard (was: " Otherwise ")
    assert transfer < at < otherwise
    assert at + len(words) == otherwise + len(" Otherwise")
    assert SAME_DAY in first[otherwise:]
    assert KEPT in first[otherwise:]


@pytest.mark.parametrize("name", CASES)
def test_m1_boxes_say_the_handover_in_the_reviewers_words(name: str) -> None:
    """r20.md M1: the COWS and joined boxes carry the same sentence after the box's "the patient must not drive" in
    the 8-or-more branch (before its "Otherwise")."""
    r = _built(name)
    # physician review R26b, should-fix S9: the boxes' one handover clause tells the scores and dose first too
    words = CASES[name][2].replace("receiving team that ", f"receiving team {SCORES_TOLD}")
    if "C-SSRS" in name:  # R53 ruling 3: the boxes' copy of the declines-transfer step in the headline's words
        words = words.replace(f"{SAME_DAY} before", f"{SAME_DAY} with safety planning before")
    boxes = {f.code: f.action for f in r.flags if f.code in BOX_CODES}
    assert set(boxes) == set(BOX_CODES)
    for code, box in boxes.items():
        assert box.count(words) == 1, (code, box)
        branch = box.index(f"{AT_8}): ")  # R42 item 2: its words
        assert branch < box.index(TRANSFER) < box.index(words), code


@pytest.mark.parametrize("name", CASES)
def test_m1_the_told_screen_is_the_one_that_stands(name: str) -> None:
    """Only the screen that stands is told: no other screen's words, and "receiving team" said once in the first step
    and once per box (r20.md: before M1, none in any headline or box of these cases)."""
    r = _built(name)
    first = _first_step(r.headline)
    # physician review R35 M3/S3 (R32 (a), R33 S1): the screen's hold tells the receiving team of the intoxication if
    # transferred, its own words; the told screen's handover said once beside it
    assert first.count(HOLD_IF_TRANSFERRED) == 1, first
    assert first.count("receiving team") == 2
    for f in r.flags:
        if f.code in BOX_CODES:
            # R51 1: dimension 1's box's CIWA-Ar tail (its branch at 8 or more transfers) tells the receiving team of
            # the intoxication if transferred too, as its head's hold and the headline
            # R69 B, R67 must-fix 1 (was: "holds = 2 if f.code == 'rated_below_suggestion_d1' else 1"): dimension
            # 1's joined box re-scores the old CIWA-Ar once, its second copy (the CIWA-Ar tail with its hold) dropped
            holds = 1
            assert f.action.count(HOLD_IF_TRANSFERRED) == holds, (f.code, f.action)
            assert f.action.count("receiving team") == 1 + holds, f.code
    others = {M1_WORDS, M1_OLD, M1_PHQ9} - {CASES[name][2]}
    assert not any(o in r.headline or any(o in f.action for f in r.flags) for o in others)
