"""Physician review R39, C2 and C6: the suicide screens told at a transfer's handover, and the withdrawn C-SSRS high's
hold for a patient too intoxicated to take part in the repeated screen.

- C2 (answer 2, as R38 item 5 did for case 5): where the headline tells the receiving team of a C-SSRS low beside a
  positive PHQ-9 item 9, the boxes that told only the PHQ-9 at handover tell the C-SSRS low too (cases 380 and 687:
  dimension 3's rating-below box and the withdrawal boxes); the PHQ-9's own box (suicidal_ideation) is left.
- C6 (answer 6): beside a C-SSRS high withdrawn by a correction, "if the patient insists on leaving: the repeated
  C-SSRS screen first (if too intoxicated to take part in it: staff stay with the patient and arrange an emergency
  evaluation for suicide risk); offer a lift or a taxi, and follow local policy".

Cases of tests/random_placements.py (800, the same seed) and the reviewers' withdrawn-high notation
(tests/test_placement_headline_review_r18_boxes.py); every expected text typed from the review's words, never computed
by iopkit.
"""

from __future__ import annotations

import re

import pytest

from iopkit.placement.recommendation import no_driving_while_intoxicated
from tests.random_placements import built, cases

#: What a C-SSRS low risk found, as the receiving team is told it (both days' forms say it).
LOW_FOUND = "found a wish to be dead or non-specific suicidal thoughts"

# --- C2 -----------------------------------------------------------------------------------------------------------

# R39 C2, the reviewer's words for each case
BOTH_380 = (
    "that the C-SSRS screen of 20 Nov 2026 found a wish to be dead or non-specific suicidal thoughts (never assessed) "
    "and that today's PHQ-9 item 9 was positive"
)
BOTH_687 = (
    "that today's C-SSRS screen found a wish to be dead or non-specific suicidal thoughts and that today's PHQ-9 item "
    "9 was positive"
)
#: Each box's handover as it read before R39 with "that today's PHQ-9 item 9 was positive" replaced by the review's
#: words (``{both}``); dimension 3's box with a comma before the request after the two joined screens, as case 532's
#: box says it (physician review R23a, finding 7; R30a; R38 item 1's words for 532).
# R51: each request says the headline's "once the patient is able to answer" (cases 380 and 687)
D3_TOLD = (
    "; at handover tell the receiving team {both}, and ask them for a suicide risk assessment once the patient is able "
    "to answer (do not delay the transfer for it); record the reason for the lower rating with the placement decision"
)
ALCOHOL_TOLD = (
    "at handover give the receiving team the last score and any dose with its time, tell them {both}, and ask them for "
    "a suicide risk assessment once the patient is able to answer, without delaying the transfer; if a dose is given: "
    "the patient must not drive today"
)
#: R65 F2: ALCOHOL_TOLD in a box that screens for delirium (CAM or 4AT), case 380's (was: "the last score and any dose
#: with its time"); ALCOHOL_TOLD itself stays for the box that names no delirium screen (687's)
ALCOHOL_TOLD_SCREENED = (
    "at handover give the receiving team the last score, the delirium screen and any dose with its time, tell them "
    "{both}, and ask them for a suicide risk assessment once the patient is able to answer, without delaying the "
    "transfer; if a dose is given: the patient must not drive today"
)
COWS_TOLD = (
    "at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time, and any "
    "complicating condition (vomiting or diarrhoea with fluids not kept down, unstable vital signs, other medical or "
    "psychiatric instability, pregnancy, alcohol or benzodiazepine withdrawal alongside, precipitated withdrawal that "
    "does not settle, delirium), and {both}, and ask them for a suicide risk assessment once the patient is able to "
    "answer, without delaying the transfer"  # R51
)
#: The PHQ-9's own box beside the transfer now, left as it was (R39 C2: "leave it").
IDEATION_BOX = (  # R51: "once the patient is able to answer", as the headline asks it
    "At handover tell the receiving team that today's PHQ-9 item 9 was positive and ask them for a suicide risk "
    "assessment once the patient is able to answer (do not delay the transfer for it)"
)


def _box(number: int, code: str) -> str:
    (action,) = [f.action for f in built(cases(800)[number]).flags if f.code == code]
    return action


@pytest.mark.parametrize(
    ("number", "code", "told"),
    [
        (380, "rated_below_suggestion_d3", D3_TOLD.format(both=BOTH_380)),
        (380, "moderate_alcohol_withdrawal", ALCOHOL_TOLD_SCREENED.format(both=BOTH_380)),  # R65 F2
        (687, "severe_opioid_withdrawal", COWS_TOLD.format(both=BOTH_687)),
        (687, "rated_below_suggestion_d1", COWS_TOLD.format(both=BOTH_687)),
        (687, "rated_below_suggestion_d3", D3_TOLD.format(both=BOTH_687)),
        (687, "moderate_alcohol_withdrawal", ALCOHOL_TOLD.format(both=BOTH_687)),
    ],
)
def test_c2_the_boxes_tell_the_c_ssrs_low_beside_the_phq9(number: int, code: str, told: str) -> None:
    box = _box(number, code)
    assert told in box, box
    # said once: one handover naming the screens, the PHQ-9 named once
    assert box.count("PHQ-9 item 9 was positive") == 1, box
    assert box.count(LOW_FOUND) == 1, box


@pytest.mark.parametrize("number", [380, 687])
def test_c2_the_phq9_s_own_box_is_left(number: int) -> None:
    assert _box(number, "suicidal_ideation") == IDEATION_BOX


@pytest.mark.parametrize(("number", "both"), [(380, BOTH_380), (687, BOTH_687)])
def test_c2_the_headline_tells_both_screens_as_before(number: int, both: str) -> None:
    h = built(cases(800)[number]).headline
    told = f"any dose with its time, {both}, and ask them for a suicide risk assessment once the patient is able to "
    assert f"{told}answer, without delaying the transfer (" in h, h


#: A handover clause of a box: "at handover tell/give the receiving team ..." (and its "tell them ..."), to the "; "
#: outside brackets or the text's end.
_HANDOVER = re.compile(r"at handover (?:tell|give) the receiving team ")


def _handover_clauses(text: str) -> list[str]:
    out = []
    for m in _HANDOVER.finditer(text):
        depth, j = 0, m.end()
        while j < len(text):
            c = text[j]
            depth += (c == "(") - (c == ")")
            if depth < 0 or (depth == 0 and (text.startswith("; ", j) or text.startswith(". ", j))):
                break
            j += 1
        out.append(text[m.start() : j])
    return out


def test_c2_sweep_every_box_handover_naming_the_phq9_names_the_c_ssrs_low() -> None:
    """Over the 800 cases: in a case whose headline names the C-SSRS low at a handover, every box's handover that names
    the PHQ-9 item 9 names the C-SSRS low too (except the PHQ-9's own box), and no box tells either screen twice."""
    wrong, seen, cases_seen = [], 0, 0
    for case in cases(800):
        r = built(case)
        if not any(LOW_FOUND in clause for clause in _handover_clauses(r.headline)):
            continue
        cases_seen += 1
        for f in r.flags:
            if not f.action or f.code == "suicidal_ideation":
                continue
            for clause in _handover_clauses(f.action):
                if "PHQ-9" in clause:
                    seen += 1
                    if LOW_FOUND not in clause:
                        wrong.append(f"{case.number} {f.code}: {clause}")
            if f.action.count("PHQ-9 item 9") > 1 or f.action.count(LOW_FOUND) > 1:
                wrong.append(f"{case.number} {f.code} twice: {f.action}")
    assert cases_seen >= 50  # 58 cases of the 800 when written
    assert seen >= 10  # 15 box handovers when written (cases 5, 115, 380, 687)
    assert not wrong, "\n\n".join(wrong)


# --- C6 -----------------------------------------------------------------------------------------------------------

# R39 C6, the reviewer's words
RESCREEN_FIRST = (
    "if the patient insists on leaving: the repeated C-SSRS screen first (if too intoxicated to take part in it: staff "
    "stay with the patient and arrange an emergency evaluation for suicide risk); offer a lift or a taxi, and follow "
    "local policy"
)
#: The hold's ambulatory branch before it (physician review R32 (a), R36 N3's case 190: a CIWA-Ar 21 and a COWS 8 of
#: 20 Nov beside a withdrawn C-SSRS high), said once, in its own bracket.
CASE_190_HOLD = (
    # R67 F1 (was: "intoxicated: if transferred, ...", the joined hold's bracket): the old severe re-score's screen
    # holds delirium and an overdose first, merged (R65 F1; R60 Q2 (a)'s words), then intoxication's own hold
    "if intoxicated: no dose now (if transferred, tell the receiving team at handover the breath alcohol reading or "
    "the signs, with "
    "the time; if not: ask the patient to stay on site and repeat the screen and the score when it clears; if it has "
    "not cleared by the end of the session, or withdrawal worsens: arrange a higher level of care; the patient must "
    f"not drive today; {RESCREEN_FIRST}); otherwise"
)


def _withdrawn_texts(**scores: tuple[str, str]) -> list[str]:
    from .test_placement_headline_review_r18_boxes import case

    r = case({}, withdrawn=True, **scores)
    return [r.headline, *(f.action for f in r.flags if f.action)]


def test_c6_case_190_the_repeated_screen_first_with_its_bracket() -> None:
    texts = _withdrawn_texts(ciwa=("old", "21"), cows=("old", "8"))
    said = [t for t in texts if "lift or a taxi" in t]
    assert said
    for text in said:
        assert RESCREEN_FIRST in text, text
        assert "the repeated C-SSRS screen first;" not in text, text
    assert CASE_190_HOLD in texts[0], texts[0]


@pytest.mark.parametrize(
    "scores",
    [
        {"ciwa": ("old", "21"), "cows": ("old", "8")},
        {"ciwa": ("today", "13")},
        {"cows": ("today", "30")},
        {"cows": ("old", "48")},
        {"ciwa": ("today", "i1_14"), "cows": ("today", "30")},
        {"ciwa": ("old", "13"), "cows": ("old", "30")},
    ],
)
def test_c6_sweep_the_rescreen_hold_says_the_bracket_once_and_keeps_its_setting(
    scores: dict[str, tuple[str, str]],
) -> None:
    """Beside a withdrawn C-SSRS high: each text whose hold says the repeated screen first says the reviewer's bracket
    right after it, once per hold; the hold's own "emergency evaluation for suicide risk" does not turn it into the
    wait for a suicide evaluation (physician review R32 (a): "staff stay with the patient; repeat the screen and the
    score when it clears, or tell the receiving team at handover" is that wait's, not a withdrawn screen's)."""
    for text in _withdrawn_texts(**scores):
        n = text.count("the repeated C-SSRS screen first")
        assert text.count(RESCREEN_FIRST) == n, text
        assert text.count("if too intoxicated to take part in it") == n, text
        if n:
            assert "repeat the screen and the score when it clears, or tell the receiving team" not in text, text
            # the hold's pattern reads the nested bracket as its own: said again, the text is left as it is
            assert no_driving_while_intoxicated(text) == text


# --- R40 S1 ---------------------------------------------------------------------------------------------------------

#: Physician review R40, S1, its exact words: case 115's dimension-3 box (an old C-SSRS low and an old positive PHQ-9
#: item 9) marks both screens of another day as never assessed, as its headline does.
BOX_115_D3_END = (
    "at handover tell the receiving team that the C-SSRS screen of 20 Nov 2026 found a wish to be dead or non-specific "
    "suicidal thoughts (never assessed) and that the PHQ-9 item 9 of 20 Nov 2026 was positive (never assessed), and "
    # R51: "once the patient is able to answer", as the headline asks it
    "ask them for a suicide risk assessment once the patient is able to answer (do not delay the transfer for it); "
    "record the reason for the lower rating with the placement decision"
)


def test_r40_s1_case_115_both_screens_of_another_day_never_assessed() -> None:
    (box,) = [f.action for f in built(cases()[115]).flags if f.code == "rated_below_suggestion_d3"]
    assert box.endswith(BOX_115_D3_END), box
