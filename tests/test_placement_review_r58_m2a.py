"""Physician review R58 (placement day 02 Dec 2026), section 2: R55 C's one first step (cases 273 and 639 of the 800)
landed in the headline, but the severe_opioid_withdrawal, rated_below_suggestion_d1 and
buprenorphine_induction_threshold boxes still dosed first ("otherwise if still 37 or more, a prescriber treats
withdrawal now, before the patient leaves: ...") and said the emergency branch of two withdrawals later (the threshold
box not at all): at a COWS re-score of 37 or more with a CIWA-Ar re-score of 8 or more the same box said both "before
the patient leaves" and "transfer now".

- Must-fix M2a: the three boxes say the headline's sequence, each box's long forms kept (its methadone rule and its
  complicating conditions), and no later copy of the escalation or of the emergency branch.
- Should-fix S2b with ruling (c): the headline's branches name the re-scores; the two withdrawals' escalation (COWS
  re-score 13 to 36) comes before "otherwise: treat on the current scores", and "at a COWS below 37" is gone.

Expectations typed from the ruling (R58's words), never computed by iopkit."""

from __future__ import annotations

import pytest

from .random_placements import all_built, only_box, texts

#: The three boxes, as R58 M2a names them.
BOXES = ("severe_opioid_withdrawal", "rated_below_suggestion_d1", "buprenorphine_induction_threshold")

#: R63 MF1 (c): the CIWA-Ar's transfer before the two re-scores' branches (typed from R63).
R63_MF1_C = (
    "on the re-scores, intoxicated or not: if a CIWA-Ar of 15 or more, or a seizure since the last score, or "
    # R76 (was: "...(item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM)...")
    "hallucinations, or disorientation (item 10 at 2 or more): arrange transfer now by emergency services to "
    "medically managed withdrawal "
    "(ED, or 4-WM); staff with the patient until handover; if the patient declines transfer: the prescriber assesses "
    "and records capacity to decline (without capacity: transfer by emergency services; with capacity: record the "
    "advice given and the risks explained; arrange the highest level of care the patient accepts; any dose as the "
    "prescriber decides; tell the patient and any supportive person to call emergency services for a seizure, "
    # R73 1a (was: "...any worsening); if not intoxicated")
    "confusion, hallucinations or any worsening); the patient must not drive; if not intoxicated: a first "
    "dose before transfer only if it does not delay the transfer; otherwise, if not intoxicated, on the two re-scores: "
)
#: R63 MF1 (c)'s "otherwise" (was: "otherwise, on the two re-scores: ").
TWO_RESCORES = "otherwise, if not intoxicated, on the two re-scores: "

#: The boxes' sequence (R58 M2a), each box's methadone rule and complicating conditions in their long forms.
# R63 MF1 (c): the CIWA-Ar's transfer first (was: "otherwise, on the two re-scores: at a COWS ...")
BOX_SEQUENCE = (
    f"{R63_MF1_C}at a COWS re-score of 37 or more with a CIWA-Ar re-score of 8 or more: "
    "emergency evaluation now: arrange transfer now (ED, or 3.7-WM/4-WM); staff with the patient until handover; if "
    "the patient declines transfer: the prescriber assesses and records capacity to decline (without capacity: "
    "transfer by emergency services; with capacity: record the advice given and the risks explained; arrange the "
    "highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and any "
    "supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening); a first "
    "dose before transfer only if it does not delay the transfer; the "
    "patient must not drive; at a COWS re-score of 37 or more with a CIWA-Ar re-score below 8: a prescriber treats "
    "withdrawal now, before the patient leaves: buprenorphine, or methadone only in an opioid treatment programme or "
    "under the 72-hour rule (given or dispensed on site, at most a 3-day supply while referral is arranged, not "
    "renewed or extended; never prescribed); re-score the COWS after dosing; emergency evaluation only for a "
    "complicating condition (vomiting or diarrhoea with fluids not kept down, unstable vital signs, other medical or "
    "psychiatric instability, pregnancy, alcohol or benzodiazepine withdrawal alongside, precipitated withdrawal that "
    "does not settle, delirium); at a CIWA-Ar re-score of 8 or more with a COWS re-score of 13 to 36 (two "
    "withdrawals): arrange medically managed withdrawal or a higher level of care; otherwise: treat on the current "
    "scores; "
)
#: Case 273's hold before it (as before the ruling), ending each box's screen.
HOLD_END_273 = "if the patient insists on leaving: the same-day suicide risk assessment first (if too intoxicated to "
HOLD_END_273 += (
    "take part in it: staff stay with the patient and arrange an emergency evaluation for suicide risk); offer a lift "
    "or a taxi, and follow local policy); "
)
#: What follows the sequence in each of 273's boxes: the rest of the box as before the ruling.
REST_273 = {
    "severe_opioid_withdrawal": (
        "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its "
        "time; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the "
        "patient is on site (if transferred: until handover); if any dose is given (a benzodiazepine, buprenorphine or "
        "methadone): the patient must not drive today"
    ),
    "rated_below_suggestion_d1": (
        "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its "
        "time; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the "
        # R62 S2 (ruled R63): beside the first dose before transfer (was: "patient is on site; if any dose")
        "patient is on site (if transferred: until handover); if any dose is given (a benzodiazepine, buprenorphine or "
        "methadone): the patient must not drive today; record the reason for the lower rating with the placement "
        "decision"
    ),
    "buprenorphine_induction_threshold": (
        "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the "
        "patient is on site (if transferred: until handover); if transferred: at handover tell the receiving team the "
        "last CIWA-Ar and COWS scores and any dose with its time; if any dose is given (a benzodiazepine, "
        "buprenorphine or methadone): the patient must not drive today"
    ),
}

#: The headline's branches (R58 S2b and ruling (c)), 273's and 639's alike, from "on the two re-scores" to the driving.
# R63 MF1 (c): the CIWA-Ar's transfer first (was: "; otherwise, on the two re-scores: at a COWS ...")
HEADLINE_BRANCHES = (
    f"; {R63_MF1_C}at a COWS re-score of 37 or more with a CIWA-Ar re-score of 8 or more: "
    "emergency evaluation now: arrange transfer now (ED, or 3.7-WM/4-WM); staff with the patient until handover; if "
    "the patient declines transfer: the prescriber assesses and records capacity to decline (without capacity: "
    "transfer by emergency services; with capacity: record the advice given and the risks explained; arrange the "
    "highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and any "
    "supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening); a first "
    "dose before transfer only if it does not delay the transfer; the "
    "patient must not drive; at a COWS re-score of 37 or more with a CIWA-Ar re-score below 8: a prescriber treats "
    "withdrawal now, before the patient leaves: buprenorphine, or methadone as the COWS flag says; re-score the COWS "
    "after dosing; emergency evaluation only for a complicating condition (listed on the COWS flag); at a CIWA-Ar "
    "re-score of 8 or more with a COWS re-score of 13 to 36 (two withdrawals): arrange medically managed withdrawal "
    "or a higher level of care; otherwise: treat on the current scores; if any dose is given (a benzodiazepine, "
    "buprenorphine or methadone): the patient must not drive today; "
)


@pytest.mark.parametrize("code", BOXES)
def test_m2a_273_boxes_typed(code: str) -> None:
    box = only_box(273, code)
    assert HOLD_END_273 + BOX_SEQUENCE + REST_273[code] in box
    assert box.endswith(BOX_SEQUENCE + REST_273[code])


@pytest.mark.parametrize("code", BOXES)
def test_m2a_639_boxes_say_the_sequence(code: str) -> None:
    box = only_box(639, code)
    assert "if the patient insists: offer a lift or a taxi, and follow local policy); " + BOX_SEQUENCE in box
    assert box.endswith(BOX_SEQUENCE + REST_273[code])  # the same rest as 273's boxes


@pytest.mark.parametrize("number", [273, 639])
@pytest.mark.parametrize("code", BOXES)
def test_m2a_emergency_before_the_patient_leaves(number: int, code: str) -> None:
    box = only_box(number, code)
    assert box.index("emergency evaluation now") < box.index("before the patient leaves")


@pytest.mark.parametrize("number", [273, 639])
@pytest.mark.parametrize("code", BOXES)
def test_m2a_no_old_order_and_no_duplicate(number: int, code: str) -> None:
    box = only_box(number, code)
    assert "otherwise if still 37 or more" not in box
    assert "if below 37" not in box
    assert "with a COWS re-score of 13 or more" not in box
    assert box.count("emergency evaluation now") == 1
    assert box.count("(two withdrawals)") == 1
    assert box.count(TWO_RESCORES) == 1  # R63 MF1 (c) (was: "otherwise, on the two re-scores: ")


@pytest.mark.parametrize("number", [273, 639])
def test_s2b_headline_branches_typed(number: int) -> None:
    head = only_box(number, "headline")
    assert HEADLINE_BRANCHES in head
    assert "at a COWS below 37" not in head
    assert "at a COWS of 37" not in head
    assert "at a CIWA-Ar of 8" not in head
    assert "with a COWS re-score of 13 or more" not in head


def test_m2a_sweep_800() -> None:
    """Over the 800: the boxes and headlines that say "otherwise, on the two re-scores: " are 273's and 639's (the
    headline and the three boxes each), and no text says "otherwise: treat on the current scores" elsewhere."""
    said, closing = [], []
    for n in all_built():
        for code, text in texts(n):
            if TWO_RESCORES in text:  # R63 MF1 (c) (was: "otherwise, on the two re-scores: ")
                said.append((n, code))
            if "otherwise: treat on the current scores" in text:
                closing.append((n, code))
    expected = sorted((n, c) for n in (273, 639) for c in ("headline", *BOXES))
    assert sorted(said) == expected
    assert sorted(closing) == expected
