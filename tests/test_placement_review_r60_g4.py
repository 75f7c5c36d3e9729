"""Physician review R60, Q5 S3a (should-fix), builder g4 (placement day 02 Dec 2026). Expectations typed from the
ruling's words.

Where the headline's first step already orders a transfer now and an old severe COWS (48 on 20 Nov 2026) is re-scored,
the re-score's branch below 37 said "if below 37: treat on the current score" (physician review R53 D). The ruling: "the
transfer is the action; the dose is only a bridge", so that branch now reads "if below 37: a first dose before transfer
only if it does not delay the transfer (buprenorphine or methadone only on a COWS re-scored today)", in the headline
and every box carrying the step (in the 800 cases only the boxes carry it: the severe_opioid_withdrawal,
buprenorphine_induction_threshold and rated_below_suggestion_d1 boxes of cases 154, 419, 488, 499, 526, 685, 716, 732
and 775). Case 564 (named in the ruling) orders a transfer only on a condition (its CIWA-Ar re-score), its COWS's
other branch doses "before the patient leaves" and its plan may stay ambulatory: its branch below 37 is left (reported).
"""

from __future__ import annotations

import pytest

from .random_placements import cases, texts

#: The branch as R53 D said it (typed).
OLD = "if below 37: treat on the current score"
#: The branch beside a transfer already ordered (typed from the ruling).
NEW = (
    "if below 37: a first dose before transfer only if it does not delay the transfer (buprenorphine or methadone "
    "only on a COWS re-scored today)"
)
#: The step's opening in every box carrying it (typed).
STEP = "e-score the COWS now (last 48 on 20 Nov 2026, severe)"
#: The cases whose headline orders a transfer now and whose boxes carry the step (typed from the 800-case dump).
TRANSFER_CASES = (154, 419, 488, 499, 526, 685, 716, 732, 775)
#: Cases that carry the step with no transfer ordered: the branch stays "treat on the current score" (typed).
NO_TRANSFER_CASES = (35, 71, 125, 470, 564)
#: Case 154's severe COWS box from its dose's re-score to the end, in full (typed).
TAIL_154 = (
    "re-score the COWS after dosing; at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose "
    "with its time, and any complicating condition (vomiting or diarrhoea with fluids not kept down, unstable vital "
    "signs, other medical or psychiatric instability, pregnancy, alcohol or benzodiazepine withdrawal alongside, "
    "precipitated withdrawal that does not settle, delirium); if a benzodiazepine is given with buprenorphine or "
    "methadone: monitor sedation and breathing until handover; if below 37: a first dose before transfer only if it "
    "does not delay the transfer (buprenorphine or methadone only on a COWS re-scored today); if any dose is given (a "
    "benzodiazepine, buprenorphine or methadone): the patient must not drive today"
)
#: Case 716's dimension-1 box (beside a high C-SSRS screen) after its complicating conditions, in full (typed).
TAIL_716 = (
    "staff with the patient until handover; if below 37: a first dose before transfer only if it does not delay the "
    "transfer (buprenorphine or methadone only on a COWS re-scored today); record the reason for the lower rating "
    "with the placement decision"
)


@pytest.mark.parametrize("number", TRANSFER_CASES)
def test_every_box_carrying_the_step_bridges_to_the_transfer(number: int) -> None:
    carrying = [(code, text) for code, text in texts(number) if STEP in text]
    assert len(carrying) >= 2
    for code, text in carrying:
        assert NEW in text, code
        assert OLD not in text, code


@pytest.mark.parametrize("number", NO_TRANSFER_CASES)
def test_no_transfer_ordered_keeps_the_current_score(number: int) -> None:
    carrying = [text for _code, text in texts(number) if STEP in text]
    assert carrying
    for text in carrying:
        assert OLD in text
        assert NEW not in text


def test_case_154_severe_box_in_full() -> None:
    (box,) = [text for code, text in texts(154) if code == "severe_opioid_withdrawal"]
    assert box.endswith(TAIL_154)


def test_case_716_dimension_1_box_in_full() -> None:
    (box,) = [text for code, text in texts(716) if code == "rated_below_suggestion_d1"]
    assert box.endswith(TAIL_716)


def test_sweep_the_bridge_only_beside_a_transfer_ordered() -> None:
    """In the 800 cases the new branch is said in exactly the typed cases, never beside the old one, never twice in a
    text, and never followed by a second "a first dose before transfer" of its own; every case carrying the step with
    no transfer ordered keeps "if below 37: treat on the current score"."""
    said, old_left, twice = set(), set(), []
    for case in cases(800):
        for code, text in texts(case.number):
            if NEW in text:
                said.add(case.number)
                if text.count(NEW) != 1 or OLD in text:
                    twice.append((case.number, code))
                after = text[text.index(NEW) + len(NEW) :]
                if after.startswith("; a first dose before transfer") or after.startswith(" (a first dose"):
                    twice.append((case.number, code))
            elif OLD in text:
                old_left.add(case.number)
    assert said == set(TRANSFER_CASES)
    assert not twice
    assert not old_left & set(TRANSFER_CASES)
    assert set(NO_TRANSFER_CASES) <= old_left
    # every case left says no transfer now unconditionally first: its headline's first words are no transfer
    for number in old_left:
        headline = dict(texts(number))["headline"]
        assert not headline.startswith("First: emergency medical evaluation: arrange transfer now"), number
