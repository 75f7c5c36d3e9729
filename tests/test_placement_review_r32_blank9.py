"""Physician review R32, should-fixes S7 and S8 (session 24's words): "a blank item 9 told as 'that PHQ-9 item 9 was not
asked'; its box's request named". A triage (session 28) found it still reproduced: today's CIWA-Ar 21 with a blank
PHQ-9 item 9 had a box saying "tell the receiving team that today's PHQ-9 item 9 was positive" (item 9 was never
answered), the headline pasting the flag's message ("the record shows a suicide-risk finding (...)"), and beside an old
severe CIWA-Ar the box said "ask the receiving team for it". Wanted: every handover of a blank item 9 (headline and
boxes) says "that today's PHQ-9 item 9 was not asked" (of another day: "that the PHQ-9 item 9 of 20 Nov 2026 was not
asked", the dated form the other findings use) and names its request as a positive item 9's box does ("and ask them
for a suicide risk assessment"); never "positive" for a blank item (Joint Commission NPSG 15.01.01; Kroenke et al.
2001). Expected texts typed by hand from the reviewer's words, never computed by iopkit; cases built by r10's
``_with_blank`` (old scores of 20 Nov 2026, the placement on 02 Dec 2026, ratings over ROUTINE). None of the 800
random cases has a blank PHQ-9 item 9.
"""

from __future__ import annotations

import pytest

from .test_placement_headline_review_r10 import OLD_SEVERE_21, PHQ9_BLANK, _with_blank

CIWA_21 = [4, 3, 3, 3, 3, 2, 0, 0, 3, 0]  # CIWA-Ar (Sullivan et al. 1989) 21: severe, no sign of complicated withdrawal
HIGH = ["yes", "yes", "no", "yes", "no", "no", None]  # C-SSRS screener: high risk
LOW = ["yes", "no", None, None, None, None, "no"]  # C-SSRS screener: a wish to be dead only

ASK_ITEM_9 = (
    "Ask item 9 now (Thoughts that you would be better off dead or of hurting yourself); until it is answered: "
)

# --- beside a transfer now: today's CIWA-Ar 21 ---------------------------------------------------------------------

TODAY_HEADLINE = (
    "at handover tell the receiving team the last CIWA-Ar score and any dose with its time, that today's PHQ-9 item 9 "
    "was not asked, and ask them for a suicide risk assessment once the patient is able to answer, without delaying "
    "the transfer"
)
# R51: each box's request says the headline's "once the patient is able to answer"
TODAY_BOX = (
    f"{ASK_ITEM_9}At handover tell the receiving team that today's PHQ-9 item 9 was not asked and ask them for a "
    "suicide risk assessment once the patient is able to answer (do not delay the transfer for it)"
)
OLD_HEADLINE = (
    "at handover tell the receiving team the last CIWA-Ar score and any dose with its time, that the PHQ-9 item 9 of "
    "20 Nov 2026 was not asked, and ask them for a suicide risk assessment once the patient is able to answer, without "
    "delaying the transfer"
)
OLD_BOX = (
    f"{ASK_ITEM_9}At handover tell the receiving team that the PHQ-9 item 9 of 20 Nov 2026 was not asked and ask them "
    "for a suicide risk assessment once the patient is able to answer (do not delay the transfer for it)"  # R51
)

# --- beside an old severe CIWA-Ar (its re-score decides the transfer) ----------------------------------------------

BESIDE_OLD_TODAY_HEADLINE = (
    # R67 F1 (was: "the last CIWA-Ar score and any dose with its time"): the old severe re-score screens for delirium
    # (R65 F1), so the handover tells the screen (R64 S3, R65 F2)
    "(if transferred: at handover tell the receiving team the last CIWA-Ar score, the delirium screen and any dose "
    "with its time, that today's PHQ-9 item 9 was not asked, and ask them for a suicide risk assessment once the "
    "patient is able to answer; do not delay the transfer for it)"
)
BESIDE_OLD_TODAY_BOX = (
    f"{ASK_ITEM_9}Ask about suicidal thoughts today and complete a suicide risk assessment (e.g. C-SSRS) before the "
    "patient leaves; if transferred: at handover tell the receiving team that today's PHQ-9 item 9 was not asked, and "
    # R51: "once the patient is able to answer", as the headline asks it
    "ask them for a suicide risk assessment once the patient is able to answer (do not delay the transfer for it)"
)
BESIDE_OLD_OLD_HEADLINE = (
    # R67 F1 (was: "the last CIWA-Ar score and any dose with its time"): as BESIDE_OLD_TODAY_HEADLINE
    "(if transferred: at handover tell the receiving team the last CIWA-Ar score, the delirium screen and any dose "
    "with its time, that the PHQ-9 item 9 of 20 Nov 2026 was not asked, and ask them for a suicide risk assessment "
    "once the patient is able to answer; do not delay the transfer for it)"
)
BESIDE_OLD_OLD_BOX = (
    f"{ASK_ITEM_9}Ask about suicidal thoughts today and complete a suicide risk assessment (e.g. C-SSRS) before the "
    "patient leaves; if transferred: at handover tell the receiving team that the PHQ-9 item 9 of 20 Nov 2026 was not "
    "asked, and ask them for a suicide risk assessment once the patient is able to answer (do not delay the transfer "
    "for it)"  # R51
)

CASES = {
    "today's CIWA-Ar 21, today's blank item 9": (
        {"today": [("ciwa_ar", CIWA_21), ("phq9", PHQ9_BLANK)]},
        TODAY_HEADLINE,
        TODAY_BOX,
    ),
    "today's CIWA-Ar 21, an old blank item 9": (
        {"old": [("phq9", PHQ9_BLANK)], "today": [("ciwa_ar", CIWA_21)]},
        OLD_HEADLINE,
        OLD_BOX,
    ),
    "an old severe CIWA-Ar, today's blank item 9": (
        {"old": [("ciwa_ar", OLD_SEVERE_21)], "today": [("phq9", PHQ9_BLANK)]},
        BESIDE_OLD_TODAY_HEADLINE,
        BESIDE_OLD_TODAY_BOX,
    ),
    "an old severe CIWA-Ar, an old blank item 9": (
        {"old": [("ciwa_ar", OLD_SEVERE_21), ("phq9", PHQ9_BLANK)]},
        BESIDE_OLD_OLD_HEADLINE,
        BESIDE_OLD_OLD_BOX,
    ),
}


def _said(r) -> list[str]:
    return [r.headline, *(f.action or "" for f in r.flags)]


@pytest.mark.parametrize("case", list(CASES))
def test_the_headline_tells_the_blank_item_not_asked_and_names_the_request(case: str) -> None:
    kwargs, headline, _box = CASES[case]
    r = _with_blank(**kwargs)
    assert headline in r.headline, r.headline
    assert "the record shows a suicide-risk finding" not in r.headline, r.headline  # the flag's message pasted


@pytest.mark.parametrize("case", list(CASES))
def test_the_blank_item_s_box_tells_it_not_asked_and_names_the_request(case: str) -> None:
    kwargs, _headline, box = CASES[case]
    r = _with_blank(**kwargs)
    (blank,) = [f for f in r.flags if f.code == "suicidal_ideation"]
    assert blank.worst_case
    assert blank.action == box, blank.action


@pytest.mark.parametrize("case", list(CASES))
def test_never_positive_for_a_blank_item_nor_it_unnamed(case: str) -> None:
    kwargs, _headline, _box = CASES[case]
    for said in _said(_with_blank(**kwargs)):
        assert "was positive" not in said, said
        assert "ask the receiving team for it" not in said, said


def test_beside_a_c_ssrs_high_the_evaluator_is_told_the_item_was_not_asked() -> None:
    r = _with_blank(today=[("cssrs_screen", HIGH), ("phq9", PHQ9_BLANK)])
    (blank,) = [f for f in r.flags if f.code == "suicidal_ideation"]
    assert blank.action == (
        f"{ASK_ITEM_9}Today's C-SSRS screen is high risk: the emergency evaluation for suicide risk covers this; tell "
        "the evaluator that PHQ-9 item 9 was not asked"
    ), blank.action
    assert not any("was positive" in said for said in _said(r))


def test_beside_a_c_ssrs_low_and_a_transfer_both_told_the_item_not_asked() -> None:
    r = _with_blank(today=[("cssrs_screen", LOW), ("phq9", PHQ9_BLANK), ("ciwa_ar", CIWA_21)])
    told = (
        "at handover tell the receiving team the last CIWA-Ar score and any dose with its time, that today's C-SSRS "
        "screen found a wish to be dead or non-specific suicidal thoughts and that today's PHQ-9 item 9 was not asked, "
        "and ask them for a suicide risk assessment once the patient is able to answer, without delaying the transfer"
    )
    assert told in r.headline, r.headline
    (low,) = [f for f in r.flags if f.code == "suicide_risk_low"]
    assert low.action.endswith(
        "if transferred: at handover tell the receiving team that today's C-SSRS screen found a wish to be dead or "
        "non-specific suicidal thoughts and that today's PHQ-9 item 9 was not asked, and ask them for a suicide risk "
        "assessment once the patient is able to answer (do not delay the transfer for it)"  # R51
    ), low.action
    assert not any("was positive" in said for said in _said(r))


def test_beside_a_rating_of_4_the_old_ciwa_ar_box_tells_the_item_not_asked_as_the_headline() -> None:
    """An old moderate CIWA-Ar and COWS beside dimension 1 rated 4: the re-score's box tells the blank item as the
    headline does (before, its words differed from the headline's and the box told nothing of it)."""
    old_ciwa_13 = [2, 2, 2, 2, 1, 1, 1, 0, 2, 0]
    old_cows_19 = [2, 2, 3, 2, 2, 2, 2, 2, 1, 1, 0]
    r = _with_blank({1: 4}, old=[("ciwa_ar", old_ciwa_13), ("cows", old_cows_19), ("phq9", PHQ9_BLANK)])
    assert (
        "at handover tell the receiving team why dimension 1 was rated 4, the last CIWA-Ar and COWS scores and any "
        "dose with its time, that the PHQ-9 item 9 of 20 Nov 2026 was not asked, and ask them for a suicide risk "
        "assessment once the patient is able to answer, without delaying the transfer"
    ) in r.headline, r.headline
    (ciwa,) = [f for f in r.flags if f.code == "moderate_alcohol_withdrawal"]
    assert (
        "; at handover give the receiving team the last score and any dose with its time, tell them that the PHQ-9 "
        "item 9 of 20 Nov 2026 was not asked, and ask them for a suicide risk assessment once the patient is able to "
        "answer, without delaying the transfer; "  # R51: the headline's words
    ) in ciwa.action, ciwa.action
    assert not any("was positive" in said for said in _said(r))
