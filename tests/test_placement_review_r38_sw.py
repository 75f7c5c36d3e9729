"""Physician review R38, items 1, 2, 3 and 5: the suicide screens told at a transfer's handover.

- Item 1: no bracket closes inside another in the suicide boxes' handover ("...for it))", cases 532 and 780): "; if
  transferred: at handover ..." as a clause, the boxes keeping "(do not delay the transfer for it)".
- Item 2: one wording for the headline's "if transferred" handover that tells the screens, case 61's: "..., and ask
  them for a suicide risk assessment (do not delay the transfer for it);" (cases 5, 133, 291, 532, 780).
- Item 3: a C-SSRS low risk told at a dimension-3-rated-4 transfer, in the words cases 250 and 551 use, and named among
  the reasons (cases 23, 384, 454, 417, 792).
- Item 5: case 5's C-SSRS low of today told beside its PHQ-9 item 9 in both headline handovers and its COWS boxes.

Cases of tests/random_placements.py (800, the same seed); every expected text typed from the review's words, never
computed by iopkit.
"""

from __future__ import annotations

import re

import pytest

from tests.random_placements import built, cases

#: The finding of a C-SSRS low risk, as the receiving team is told it (both days' forms open with it).
LOW_FOUND = "found a wish to be dead or non-specific suicidal thoughts"


def _box(number: int, code: str) -> str:
    (action,) = [f.action for f in built(cases(800)[number]).flags if f.code == code]
    return action


def _texts(number: int) -> list[str]:
    r = built(cases(800)[number])
    return [r.headline, *(f.action for f in r.flags if f.action)]


def _handovers(text: str) -> list[str]:
    """Each "at handover tell the receiving team ..." clause of ``text``, to its "; ", ". " or closing bracket."""
    out = []
    for m in re.finditer(r"at handover tell the receiving team ", text):
        depth, j = 0, m.end()
        while j < len(text):
            c = text[j]
            if c == "(":
                depth += 1
            elif c == ")":
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and (text.startswith("; ", j) or text.startswith(". ", j)):
                break
            j += 1
        out.append(text[m.start() : j])
    return out


# --- item 1 -------------------------------------------------------------------------------------------------------

MODERATE_STEP = (
    "Suicide risk assessment by a qualified clinician and safety planning before the patient leaves; consider safety "
    "precautions (do not leave the patient alone) until it is done"
)
# R50 b6 Q1: the moderate-risk handover asks with safety planning
TOLD_780 = (
    "; if transferred: at handover tell the receiving team that the C-SSRS screen of 20 Nov 2026 was moderate risk, "
    "and ask them for a suicide risk assessment with safety planning (do not delay the transfer for it)"
)
TOLD_532 = (
    "; if transferred: at handover tell the receiving team that the C-SSRS screen of 20 Nov 2026 was moderate risk and "
    "that today's PHQ-9 item 9 was positive, and ask them for a suicide risk assessment with safety planning (do not "
    "delay the transfer for it)"
)


@pytest.mark.parametrize(
    ("number", "code", "words"),
    [
        (780, "suicide_risk_moderate", MODERATE_STEP + TOLD_780),
        (532, "suicide_risk_moderate", MODERATE_STEP + TOLD_532),
        (
            532,
            "suicidal_ideation",
            "Ask about suicidal thoughts today and complete a suicide risk assessment (e.g. C-SSRS) before the patient "
            "leaves" + TOLD_532,
        ),
        (
            532,
            "rated_below_suggestion_d3",
            MODERATE_STEP + TOLD_532 + "; record the reason for the lower rating with the placement decision",
        ),
    ],
)
def test_item1_the_suicide_boxes_say_the_handover_as_a_clause(number: int, code: str, words: str) -> None:
    assert _box(number, code).endswith(words), _box(number, code)


@pytest.mark.parametrize("number", [532, 780])
def test_item1_the_headline_keeps_its_own_end(number: int) -> None:
    h = built(cases(800)[number]).headline
    # R50 b6 Q1: the moderate-risk handover asks with safety planning
    assert "and ask them for a suicide risk assessment with safety planning, without delaying the transfer;" in h, h


def test_item1_sweep_no_bracket_closes_inside_another_after_the_request() -> None:
    wrong = [f"{c.number}: {t}" for c in cases(800) for t in _texts(c.number) if "for it))" in t]
    assert not wrong, "\n\n".join(wrong)


# --- item 2 -------------------------------------------------------------------------------------------------------

IF_TRANSFERRED = "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose "
# R65 F2 (was: IF_TRANSFERRED's "...COWS scores and any dose " in 532 and 780 too): their headlines screen for delirium
IF_TRANSFERRED_SCREENED = (
    "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and any "
    "dose "
)
ITEM2_SCREENED = {532, 780}
ITEM2 = {
    5: (
        "with its time, that today's C-SSRS screen found a wish to be dead or non-specific suicidal thoughts and that "
        "today's PHQ-9 item 9 was positive, and ask them for a suicide risk assessment (do not delay the transfer for "
        "it);"
    ),
    # R50 b6 Q1: 133, 291, 532 and 780's moderate-risk handover asks with safety planning
    133: (
        "with its time, that the C-SSRS screen of 20 Nov 2026 was moderate risk, and ask them for a suicide risk "
        "assessment with safety planning (do not delay the transfer for it);"
    ),
    291: (
        "with its time, that the C-SSRS screen of 20 Nov 2026 was moderate risk and that today's PHQ-9 item 9 was "
        "positive, and ask them for a suicide risk assessment with safety planning (do not delay the transfer for it);"
    ),
    532: (
        "with its time, that the C-SSRS screen of 20 Nov 2026 was moderate risk and that today's PHQ-9 item 9 was "
        "positive, and ask them for a suicide risk assessment with safety planning (do not delay the transfer for it);"
    ),
    780: (
        "with its time, that the C-SSRS screen of 20 Nov 2026 was moderate risk, and ask them for a suicide risk "
        "assessment with safety planning (do not delay the transfer for it);"
    ),
}
#: the 37-or-more branch's request, case 5's (a C-SSRS low risk) without safety planning (R50 b6 Q1: the others with)
ITEM2_BRANCH = {
    5: "and ask them for a suicide risk assessment, without delaying the transfer; if 13-36",
    133: "and ask them for a suicide risk assessment with safety planning, without delaying the transfer; if 13-36",
    291: "and ask them for a suicide risk assessment with safety planning, without delaying the transfer; if 13-36",
    532: "and ask them for a suicide risk assessment with safety planning, without delaying the transfer; if 13-36",
    780: "and ask them for a suicide risk assessment with safety planning, without delaying the transfer; if 13-36",
}


@pytest.mark.parametrize("number", sorted(ITEM2))
def test_item2_the_if_transferred_handover_in_case_61s_words(number: int) -> None:
    h = built(cases(800)[number]).headline
    told = IF_TRANSFERRED_SCREENED if number in ITEM2_SCREENED else IF_TRANSFERRED  # R65 F2
    assert told + ITEM2[number] in h, h
    # the 37-or-more branch keeps its own end (a transfer-now sentence, settled)
    assert ITEM2_BRANCH[number] in h, h


def test_item2_case_61_as_it_was() -> None:
    h = built(cases(800)[61]).headline
    assert (
        "that the C-SSRS screen of 20 Nov 2026 found a wish to be dead or non-specific suicidal thoughts (never "
        "assessed), and ask them for a suicide risk assessment (do not delay the transfer for it);"
    ) in h, h


def test_item2_sweep_no_handover_asks_without_its_end() -> None:
    """Over the 800 headlines: a request for a suicide risk assessment at handover always says how it stands to the
    transfer (", without delaying the transfer", "(do not delay the transfer for it)", "once the patient is able to
    answer ..."): never a bare "... a suicide risk assessment;" or "... assessment." ."""
    wrong = []
    for case in cases(800):
        h = built(case).headline
        if re.search(r"ask them for a suicide risk assessment(?: with safety planning)?[;.]", h):
            wrong.append(f"{case}: {h}")
    assert not wrong, "\n\n".join(wrong)


# --- item 3 -------------------------------------------------------------------------------------------------------

WHY_3 = "at handover tell the receiving team why dimension 3 was rated 4 (what the patient said or did)"
OLD_LOW = (
    ", that the C-SSRS screen of 20 Nov 2026 found a wish to be dead or non-specific suicidal thoughts (never "
    "assessed), without delaying the transfer"
)
TODAY_LOW = (
    ", that today's C-SSRS screen found a wish to be dead or non-specific suicidal thoughts, without delaying the "
    "transfer"
)
ITEM3 = {
    23: (WHY_3 + ", the last COWS score and any dose with its time" + OLD_LOW, "of 20 Nov 2026, not re-screened today"),
    384: (WHY_3 + OLD_LOW, "of 20 Nov 2026, not re-screened today"),
    454: (WHY_3 + OLD_LOW, "of 20 Nov 2026, not re-screened today"),
    # R65 F2 (was: ", the last CIWA-Ar score and any dose with its time")
    417: (WHY_3 + ", the last CIWA-Ar score, the delirium screen and any dose with its time" + TODAY_LOW, None),
    792: (WHY_3 + TODAY_LOW, None),
}


@pytest.mark.parametrize("number", sorted(ITEM3))
def test_item3_the_low_screen_told_at_the_rated_4_transfer(number: int) -> None:
    h = built(cases(800)[number]).headline
    told, day = ITEM3[number]
    assert told in h, h
    # the reason bracket as in case 250 (of another day) and case 551 (of today)
    reason = f"; low suicide risk (C-SSRS screen {day})" if day else "imminent danger; low suicide risk"
    assert reason in h, h
    # no request for an assessment: the emergency psychiatric evaluation includes suicide risk
    assert "ask them for a suicide risk assessment" not in h, h


def test_items_3_and_5_sweep_every_handover_of_a_low_screen_tells_it() -> None:
    """Over the 800 cases given a C-SSRS screen at low risk: every "at handover tell the receiving team" clause of the
    headline names what the screen found (the reviewer's sweep: cases 5, 23, 384, 417, 454 and 792 omitted it)."""
    wrong, seen = [], 0
    for case in cases(800):
        if ("cssrs_screen", "low") not in {(i, k) for i, k, _ in case.scores}:
            continue
        for clause in _handovers(built(case).headline):
            # R60 Q2(a): an old CIWA-Ar re-score's severe branch tells the intoxicated patient's breath alcohol there
            # (its suicide screens' handover is R60 Q2(b)'s, another builder's; was: every clause read)
            # R62 M2: that handover now names the re-score and any dose before the breath alcohol ("...the CIWA-Ar
            # re-score[, the delirium screen] and any dose with its time, and, if intoxicated, the breath alcohol
            # reading"), read as the earlier Q2(a) handover was (was: only "...team the breath alcohol reading")
            if clause.startswith(
                (
                    "at handover tell the receiving team the breath alcohol reading",
                    "at handover tell the receiving team the CIWA-Ar re-score and any dose with its time, and, if "
                    "intoxicated, the breath alcohol reading",
                    "at handover tell the receiving team the CIWA-Ar re-score, the delirium screen and any dose with "
                    "its time, and, if intoxicated, the breath alcohol reading",
                )
            ):
                continue
            seen += 1
            if LOW_FOUND not in clause:
                wrong.append(f"{case}: {clause}")
    assert seen >= 50  # 58 clauses of the 800 when written
    assert not wrong, "\n\n".join(wrong)


# --- item 5 -------------------------------------------------------------------------------------------------------

BOTH_TODAY = (
    "that today's C-SSRS screen found a wish to be dead or non-specific suicidal thoughts and that today's PHQ-9 "
    "item 9 was positive"
)


def test_item5_case_5_headline_tells_both_screens_at_both_handovers() -> None:
    h = built(cases(800)[5]).headline
    assert h.count(BOTH_TODAY) == 2, h
    assert (
        "at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time, "
        + BOTH_TODAY
        + ", and ask them for a suicide risk assessment, without delaying the transfer; if 13-36"
    ) in h, h
    assert "time, that today's PHQ-9 item 9 was positive" not in h, h


@pytest.mark.parametrize(
    "code", ["moderate_opioid_withdrawal", "buprenorphine_induction_threshold", "rated_below_suggestion_d1"]
)
def test_item5_case_5_cows_boxes_tell_both_screens(code: str) -> None:
    box = _box(5, code)
    assert (
        "delirium), and " + BOTH_TODAY + ", and ask them for a suicide risk assessment, without delaying the transfer"
    ) in box, box


def test_item5_sweep_boxes_name_the_low_screen_where_the_37_or_more_branch_does() -> None:
    """Over the 800 cases: where the headline's 37-or-more branch names a C-SSRS low beside another screen, every box
    that hands over the other screen names the low one too."""
    seen = 0
    wrong = []
    for case in cases(800):
        r = built(case)
        branch = re.search(
            r"that ((?:today's C-SSRS screen|the C-SSRS screen of [^,;]*?) found a wish[^;]*?) and that ([^;]*?), and "
            r"ask them for a suicide risk assessment, without delaying the transfer; if 13-36",
            r.headline,
        )
        if branch is None:
            continue
        for f in r.flags:
            if f.action and f"and that {branch[2]}, and ask them" in f.action:
                seen += 1
                if f"{branch[1]} and that {branch[2]}" not in f.action:
                    wrong.append(f"{case} {f.code}: {f.action}")
    assert seen >= 3
    assert not wrong, "\n\n".join(wrong)
