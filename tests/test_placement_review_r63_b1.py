"""Physician review R63 (review of s36; placement day 02 Dec 2026), items MF2 (= R62 S4) and SF3, built by b1.
Expectations typed from the ruling's words.

- MF2 (must-fix): beside a high C-SSRS, an old CIWA-Ar re-score's "arrange transfer now to medically managed withdrawal
  (ED, or 4-WM)" reads "the emergency evaluation in an ED that can also manage withdrawal (arrange transfer now)", the
  decline clause after it kept (cases 33 135: headline, COWS box, 135's d1 box; 120: headline, alcohol box, d1 box).
  The rule, generally: no text of a case with a high C-SSRS that re-scores an old CIWA-Ar sends its transfer to
  medically managed withdrawal (a high-risk C-SSRS patient must not be routed to a withdrawal unit that bypasses the
  emergency suicide evaluation).
- SF3 (should-fix): the (ii) boxes' handover (old moderate CIWA-Ar re-score beside the emergency evaluation; cases 199
  247 293 321 370 458 580 724 766: alcohol, d1 and inattention boxes) tells "the CIWA-Ar re-score[, the delirium
  screen]" (the delirium screen where the box screens for it), not "the last CIWA-Ar score"; 33 135: "the CIWA-Ar
  re-score and the COWS score".
"""

from __future__ import annotations

import re

import pytest

from .random_placements import cases, only_box, texts

#: R63 MF2's words (typed) and the words they replace.
# R76 (was: "...manage withdrawal (arrange transfer now)")
EVALUATION_ED = (
    "the emergency evaluation in an ED that can also manage withdrawal (arrange transfer now by emergency services)"
)
# R76 (was: "arrange transfer now to medically managed withdrawal (ED, or 4-WM)")
WITHDRAWAL_UNIT = "arrange transfer now by emergency services to medically managed withdrawal (ED, or 4-WM)"
#: The decline clause kept after the transfer (R62 M3 / R61 section 4's words, typed).
DECLINES_OR_LEAVES = (
    "if the patient declines transfer or tries to leave: staff stay with the patient and call emergency services for "
    # R75 2 (was: "...(local involuntary-assessment procedure)" without the driving rule)
    "an emergency mental-health assessment (local involuntary-assessment procedure); the patient must not drive"
)
#: The (iii) transfer now of 33 135, as MF2 says it (typed).
MF2_III = (
    "intoxicated or not, at a CIWA-Ar re-score of 15 or more, or a seizure since the last score, or hallucinations, or "
    f"disorientation (item 10 at 2 or more): {EVALUATION_ED}; staff with the patient until handover; "
    f"{DECLINES_OR_LEAVES}"
)
#: The joined re-scores' transfer of 120, as MF2 says it (typed).
MF2_JOINED = (
    "on the re-scores, intoxicated or not: if a CIWA-Ar of 15 or more, or a seizure since the last score, or "
    f"hallucinations, or disorientation (item 10 at 2 or more): {EVALUATION_ED}; staff with the patient until "
    f"handover; {DECLINES_OR_LEAVES}; if not intoxicated: a first dose before transfer only if it does not delay the "
    "transfer"
)
#: MF2's texts, typed from R63 section 4: (case, box, the words it says).
MF2_TEXTS = (
    (33, "headline", MF2_III),
    (33, "moderate_opioid_withdrawal", MF2_III),
    (135, "headline", MF2_III),
    (135, "moderate_opioid_withdrawal", MF2_III),
    (135, "rated_below_suggestion_d1", MF2_III),
    (120, "headline", MF2_JOINED),
    (120, "moderate_alcohol_withdrawal", MF2_JOINED),
    (120, "rated_below_suggestion_d1", MF2_JOINED),
)


@pytest.mark.parametrize(("number", "code", "words"), MF2_TEXTS)
def test_mf2_transfer_beside_a_high_cssrs_goes_to_the_evaluations_ed(number: int, code: str, words: str) -> None:
    text = only_box(number, code)
    assert words in text
    assert WITHDRAWAL_UNIT not in text


@pytest.mark.parametrize("number", (33, 135))
def test_mf2_one_destination_for_one_trigger(number: int) -> None:
    """33 135's headline: (ii)'s branch and (iii)'s transfer now both send the patient to the evaluation's ED."""
    headline = only_box(number, "headline")
    assert headline.count(EVALUATION_ED) == 2
    assert "medically managed withdrawal (ED" not in headline


def test_mf2_case_135_d1_box_in_full_around_the_transfer() -> None:
    assert (
        "arrange medically managed withdrawal or a higher level of care, through the same emergency evaluation; "
        f"{MF2_III}; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing "
        "until the evaluation or handover"
    ) in only_box(135, "rated_below_suggestion_d1")


def test_mf2_without_a_high_cssrs_the_transfer_is_kept() -> None:
    """The rule is beside a high C-SSRS only: 312 (moderate C-SSRS) and 377 (no C-SSRS) keep R60's words."""
    assert WITHDRAWAL_UNIT in only_box(312, "headline")
    assert WITHDRAWAL_UNIT in only_box(377, "headline")
    assert EVALUATION_ED not in only_box(377, "headline")


#: An old CIWA-Ar's re-score, in the tool's forms (typed: "re-score the CIWA-Ar [and the COWS] now|first ... (last N
#: [and M] on 20 Nov 2026[, severe])").
_OLD_CIWA_RESCORE = re.compile(
    r"[Rr]e-score the CIWA-Ar (?:and the COWS )?(?:now|first)(?:, before any dose)? \(last \d+(?: and \d+)? on 20 Nov "
    r"2026"
)


def test_mf2_sweep_no_old_ciwa_transfer_to_a_withdrawal_unit_beside_a_high_cssrs() -> None:
    """In the 800, no text of a case with a C-SSRS high risk (its suicide_risk_high box) and an old CIWA-Ar (of 20 Nov
    2026, re-scored today) sends a transfer to medically managed withdrawal; every such transfer of a re-score names
    the evaluation's ED. Read over every text of those cases (a COWS or buprenorphine box that says the CIWA-Ar
    re-score's transfer too), not only the texts that say the re-score."""
    wrong, seen = [], set()
    for case in cases(800):
        said = texts(case.number)
        if not any(code == "suicide_risk_high" for code, _ in said) or not re.search(r"ciwa_ar \w+ old", str(case)):
            continue
        for code, text in said:
            # R76 (was: "transfer now to medically managed withdrawal" in text): with or without "by emergency services"
            if re.search(r"transfer now(?: by emergency services)? to medically managed withdrawal", text):
                wrong.append((case.number, code))
            if _OLD_CIWA_RESCORE.search(text) and f"(item 10 at 2 or more): {EVALUATION_ED}; " in text:
                seen.add(case.number)
    assert wrong == []
    assert seen == {33, 120, 135}


#: R63 SF3's words (typed).
TOLD = "at handover tell the receiving team the CIWA-Ar re-score and any dose with its time"
TOLD_DELIRIUM = (
    "at handover tell the receiving team the CIWA-Ar re-score, the delirium screen and any dose with its time"
)
# R64 2b: a list (was: "at handover tell the receiving team the CIWA-Ar re-score and the COWS score and any dose with
# its time")
TOLD_COWS = "at handover tell the receiving team the CIWA-Ar re-score, the COWS score and any dose with its time"
#: The words SF3 replaces (typed from R63).
LAST_TOLD = ("the last CIWA-Ar score", "the last CIWA-Ar and COWS scores")
ALCOHOL, D1, INATTENTION = "moderate_alcohol_withdrawal", "rated_below_suggestion_d1", "possible_inattention"
#: SF3's boxes, typed from R63 section 4 (item 10 at 1, the delirium screen: 199 247 321 370 580).
SF3_TEXTS = (
    *((n, c, TOLD_DELIRIUM) for n in (247, 321, 370, 580) for c in (ALCOHOL, D1, INATTENTION)),
    (199, ALCOHOL, TOLD_DELIRIUM),
    (199, INATTENTION, TOLD_DELIRIUM),
    *((n, c, TOLD) for n in (293, 458, 724, 766) for c in (ALCOHOL, D1)),
    (33, ALCOHOL, TOLD_COWS),
    (135, ALCOHOL, TOLD_COWS),
    (135, D1, TOLD_COWS),
)


@pytest.mark.parametrize(("number", "code", "words"), SF3_TEXTS)
def test_sf3_ii_boxes_hand_over_the_rescore(number: int, code: str, words: str) -> None:
    text = only_box(number, code)
    assert words in text
    assert not any(last in text for last in LAST_TOLD)


#: R60 Q3 (ii)'s branch (typed from R60/R61's words).
BRANCH_II = (
    "on the re-score, intoxicated or not: if 15 or more, or a seizure since the last score, or hallucinations, or "
    f"disorientation (item 10 at 2 or more): {EVALUATION_ED}, staff with the patient until handover"
)


def test_sf3_sweep_every_ii_box_hands_over_the_rescore() -> None:
    """In the 800, every box (not the headline) saying (ii)'s branch tells the receiving team the CIWA-Ar re-score,
    never "the last CIWA-Ar score", and names the delirium screen exactly where the box screens for delirium."""
    wrong, seen = [], set()
    for case in cases(800):
        for code, text in texts(case.number):
            if code == "headline" or BRANCH_II not in text:
                continue
            seen.add(case.number)
            screens = "and screen for delirium (CAM or 4AT)" in text
            told = re.findall(r"at handover tell the receiving team the ([^;]*?) and any dose", text)
            if any(last in text for last in LAST_TOLD) or not told:
                wrong.append((case.number, code, told))
            elif any(t.startswith("CIWA-Ar re-score, the delirium screen") != screens for t in told):
                wrong.append((case.number, code, told))
            elif not all(t.startswith("CIWA-Ar re-score") for t in told):
                wrong.append((case.number, code, told))
    assert wrong == []
    assert seen == {33, 135, 199, 247, 293, 321, 370, 458, 580, 724, 766}
