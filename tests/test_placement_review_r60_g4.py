"""Physician review R60, Q5: S3a and R59 item 2 (should-fixes), builder g4 (placement day 02 Dec 2026). Expectations
typed from the ruling's words.

Where the headline's first step already orders a transfer now and an old severe COWS (48 on 20 Nov 2026) is re-scored,
the re-score's branch below 37 said "if below 37: treat on the current score" (physician review R53 D). The ruling: "the
transfer is the action; the dose is only a bridge", so that branch now reads "if below 37: a first dose before transfer
only if it does not delay the transfer (buprenorphine or methadone only on a COWS re-scored today)", in the headline
and every box carrying the step (in the 800 cases only the boxes carry it: the severe_opioid_withdrawal,
buprenorphine_induction_threshold and rated_below_suggestion_d1 boxes of cases 154, 419, 488, 499, 526, 685, 716, 732
and 775). Case 564 (named in the ruling) orders a transfer only on a condition (its CIWA-Ar re-score), its COWS's
other branch doses "before the patient leaves" and its plan may stay ambulatory: its branch below 37 is left (reported).

R59 item 2 (ruled in R60 Q5): "no dose here" where a transfer is ordered, or for delirium, an overdose or an ingestion;
"no dose until it clears" for intoxication alone with no transfer ordered. Built for a bounded part: an old COWS
re-score's hold in an ambulatory text (114 lines of 32 cases); the rest is reported (see the section below).
"""

from __future__ import annotations

import re

import pytest

from .random_placements import cases, texts
from .test_placement_review_r70_d3 import FINDINGS

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
    # R65 F2 (was: "scores and any dose with its time"): the box screens for delirium (CAM or 4AT) before any dose
    "re-score the COWS after dosing; at handover tell the receiving team the last CIWA-Ar and COWS scores, the "
    "delirium screen and any dose with its time, and any complicating condition (vomiting or diarrhoea with fluids "
    "not kept down, unstable vital "
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


# --- R59 item 2, ruled R60 Q5 (should-fix): "no dose here" vs "no dose until it clears" ------------------------------
# Built part (bounded): an old COWS re-score's hold in an ambulatory text (its intoxicated words "ask the patient
# to stay on site ...", no transfer ordered), split: "if an overdose or ingestion: no dose here (...); if intoxicated:
# no dose until it clears (...)". Left (reported): today's scores' holds, the holds of texts that may transfer, and
# every old CIWA-Ar re-score step (builders g1 and g3).

#: The joined hold as it was, with its ambulatory intoxicated words (typed).
JOINED = (
    "if an overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call emergency services for "
    "the ED, staff with the patient until handover, naloxone if signs of opioid overdose; intoxicated: ask the patient "
    "to stay on site"
)
#: The two holds (typed from the ruling's form).
SPLIT = (
    "if an overdose or ingestion: no dose here (call emergency services for the ED, staff with the patient until "
    "handover, naloxone if signs of opioid overdose); if intoxicated: no dose until it clears (ask the patient to stay "
    "on site and repeat the screen and the score"
)
#: The 32 cases whose old COWS re-score holds are split (typed from the 800-case dump).
SPLIT_CASES = (
    51, 53, 79, 90, 97, 128, 136, 138, 173, 179, 180, 203, 276, 330, 342, 343,
    359, 430, 502, 544, 550, 558, 570, 597, 604, 636, 644, 659, 699, 706, 772, 799,
)  # fmt: skip
#: Case 51's moderate_opioid_withdrawal box, in full (typed).
BOX_51 = (
    "Re-score the COWS now (last 19 on 20 Nov 2026); before any dose: ask about any overdose or ingestion today and "
    "screen for intoxication (breath alcohol above zero, or signs of sedative intoxication); if an overdose or "
    "ingestion: no dose here (call emergency services for the ED, staff with the patient until handover, naloxone if "
    "signs of opioid overdose); if intoxicated: no dose until it clears (ask the patient to stay on site and repeat "
    "the screen and the score when it clears; if it has not cleared by the end of the session: the prescriber "
    "arranges a higher level of care or the first dose on another day, with naloxone in hand; the patient must not "
    "drive today; if the patient insists on leaving: the same-day suicide risk assessment first (if too intoxicated "
    "to take part in it: staff stay with the patient and arrange an emergency evaluation for suicide risk); offer a "
    "lift or a taxi, and follow local policy); otherwise treat on the current score; if a dose is given: the patient "
    "must not drive today"
)
#: Case 128's headline: the old severe COWS's re-score, its two holds, then its branch at 37 or more (typed).
HEADLINE_128 = (
    "First: re-score the COWS now (last 48 on 20 Nov 2026, severe): before any dose: ask about any overdose or "
    "ingestion today and screen for intoxication (breath alcohol above zero, or signs of sedative intoxication); if an "
    "overdose or ingestion: no dose here (call emergency services for the ED, staff with the patient until handover, "
    "naloxone if signs of opioid overdose); if intoxicated: no dose until it clears (ask the patient to stay on site "
    "and repeat the screen and the score when it clears; if it has not cleared by the end of the session: the "
    "prescriber arranges a higher level of care or the first dose on another day, with naloxone in hand; the patient "
    "must not drive today; if the patient insists on leaving: the same-day suicide risk assessment first (if too "
    "intoxicated to take part in it: staff stay with the patient and arrange an emergency evaluation for suicide "
    "risk); offer a lift or a taxi, and follow local policy); otherwise if still 37 or more, a prescriber treats "
    "withdrawal now, before the patient leaves: "
)
#: A re-score now of an old score (typed), the last before a hold naming its step.
RESCORE_NOW = re.compile(r"[Rr]e-score the (CIWA-Ar and the COWS|CIWA-Ar|COWS) now\b")


def test_case_51_box_in_full() -> None:
    (box,) = [text for code, text in texts(51) if code == "moderate_opioid_withdrawal"]
    assert box == BOX_51


def test_case_128_headline_holds_apart() -> None:
    headline = dict(texts(128))["headline"]
    assert headline.startswith(HEADLINE_128)


#: R67 F1 (was: SPLIT, in cases 604 and 799): beside the old severe CIWA-Ar's re-score screened for delirium (R65 F1)
#: the buprenorphine threshold's split hold holds any dose in delirium too, merged with the overdose's (R60 Q2 (a)'s
#: words), intoxication's hold still apart.
SPLIT_F1 = (
    "if delirium, or an overdose or ingestion: no dose here; call emergency services for the ED; staff with the "
    "patient until handover (naloxone if signs of opioid overdose); if intoxicated: no dose until it clears (ask the "
    "patient to stay on site and repeat the screen and the score"
)


#: R69 D (was: SPLIT, in cases 343 and 699): beside the first step's old CIWA-Ar re-score and delirium screen, the
#: threshold's split hold holds any dose in delirium too, merged with the overdose's, and intoxication's hold says the
#: conditional transfer's handover first, as the case's COWS box.
SPLIT_D = (
    "if delirium, or an overdose or ingestion: no dose here; call emergency services for the ED; staff with the "
    "patient until handover (naloxone if signs of opioid overdose); if intoxicated: no dose until it clears (if "
    "transferred, tell the receiving team at handover the breath alcohol reading or the signs, with the time; if not: "
    "ask the patient to stay on site and repeat the screen and the scores"
)
#: Where intoxication's hold starts (typed), and in R69 D's cases 343 and 699.
UNTIL_CLEARS = "no dose until it clears (ask the patient to stay on site"
UNTIL_CLEARS_D = (
    "no dose until it clears (if transferred, tell the receiving team at handover the breath alcohol reading or the "
    "signs, with the time; if not: ask the patient to stay on site"
)


#: R71 must-fix 2 (was: SPLIT_F1, in cases 604 and 799): their threshold box now transfers on the CIWA-Ar re-score's
#: findings (R70 D3), so intoxication's hold says the transfer's handover first, as R69 D's (its words).
SPLIT_F1_D3 = SPLIT_F1.replace(
    "no dose until it clears (ask the patient",
    "no dose until it clears (if transferred, tell the receiving team at handover the breath alcohol reading or the "
    "signs, with the time; if not: ask the patient",
)


@pytest.mark.parametrize("number", SPLIT_CASES)
def test_old_cows_rescore_holds_split(number: int) -> None:
    # R67 F1 (was: SPLIT); R69 D (was: SPLIT); R71 must-fix 2 (was: SPLIT_F1 and UNTIL_CLEARS in 604 and 799)
    split = SPLIT_F1_D3 if number in (604, 799) else SPLIT_D if number in (343, 699) else SPLIT
    said = [text for _code, text in texts(number) if split in text]
    assert said
    for text in said:
        assert (UNTIL_CLEARS_D if number in (343, 699, 604, 799) else UNTIL_CLEARS) in text  # R69 D, R71 must-fix 2
        at = text.index(split)
        assert RESCORE_NOW.findall(text[:at])[-1] == "COWS"


def split_d(number: int, code: str) -> bool:
    """Whether ``code`` of case ``number`` is one of R69 D's threshold boxes, or R71 must-fix 2's (typed)."""
    return number in (343, 699, 604, 799) and code == "buprenorphine_induction_threshold"


def test_sweep_until_it_clears_only_for_intoxication_with_no_transfer() -> None:
    """In the 800: "no dose until it clears" is said only for intoxication ("if intoxicated: "), only with the
    ambulatory words, only in texts that arrange no transfer now, only after an old COWS re-score and only in the
    typed cases; no old COWS re-score's joined hold with the ambulatory words is left; the joined holds of today's
    scores (85) and of old CIWA-Ar re-score steps (61) are left as they were."""
    until, wrong, left_cows, left_other = set(), [], [], 0
    for case in cases(800):
        for code, text in texts(case.number):
            for at in [m.start() for m in re.finditer(re.escape("no dose until it clears"), text)]:
                # R60 Q2(a) (builder g1's, merged): an old CIWA-Ar re-score's own "otherwise, if intoxicated: no dose
                # until it clears (...)" after its severe branch, ruled by R60 Q2(a) and R61 2 (was: not said)
                if text[:at].endswith("otherwise, if intoxicated: ") and RESCORE_NOW.findall(text[:at])[-1:] != [
                    "COWS"
                ]:
                    continue
                until.add(case.number)
                ok = (
                    text[:at].endswith("if intoxicated: ")
                    # R69 D: cases 343 and 699's threshold boxes say the conditional transfer's handover first
                    and text[at:].startswith(UNTIL_CLEARS_D if split_d(case.number, code) else UNTIL_CLEARS)
                    # R70 D3, R71 must-fix 1: the transfer on the CIWA-Ar re-score's findings is no transfer ordered
                    and "arrange transfer now" not in text.replace(FINDINGS, "")
                    and RESCORE_NOW.findall(text[:at])[-1:] == ["COWS"]
                )
                if not ok:
                    wrong.append((case.number, code))
            for m in re.finditer(re.escape(JOINED), text):
                if RESCORE_NOW.findall(text[: m.start()])[-1:] == ["COWS"]:
                    left_cows.append((case.number, code))
                else:
                    left_other += 1
    assert not wrong, wrong
    assert until == set(SPLIT_CASES)
    assert not left_cows, left_cows
    # R60 Q2(a)/Q3(i) (builder g1's, merged): 58 of the old CIWA-Ar re-score steps' 61 joined holds are said apart by
    # its severe branch first; 3 are left (beside a transfer or a COWS: Q3 (ii), (iii)) (was: 85 + 61)
    # R61 must-fix (312/563's plain boxes, built by h1): those 3 are said apart by the severe branch first too (was:
    # 85 + 3)
    assert left_other == 85 + 0


def held_apart(text: str) -> str:
    """``text`` (an older test's expectation of an ambulatory old COWS re-score's hold) with the hold said apart as
    R60 Q5 (R59 2) rules (typed replacements, for the older oracles that read these words)."""
    joined = (
        "if an overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call emergency services "
        "for the ED, staff with the patient until handover, naloxone if signs of opioid overdose; intoxicated: ask the "
        "patient to stay on site"
    )
    split = (
        "if an overdose or ingestion: no dose here (call emergency services for the ED, staff with the patient until "
        "handover, naloxone if signs of opioid overdose); if intoxicated: no dose until it clears (ask the patient to "
        "stay on site"
    )
    alone = "if intoxicated: no dose here (ask the patient to stay on site"
    return text.replace(joined, split).replace(
        alone, "if intoxicated: no dose until it clears (ask the patient to stay on site"
    )
