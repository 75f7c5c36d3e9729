"""Physician review R15 (session 14), must-fix M1: the COWS boxes beside a transfer now for complicated alcohol
withdrawal (CIWA-Ar hallucinations or disorientation, today or of another day, with or without a C-SSRS high):
before any dose a screen for delirium (CAM or 4AT) and intoxication; never "only for a complicating condition" (it
is why the patient leaves); the buprenorphine induction box never "may be given now". The reviewer's words, typed
from the review (ASAM 2020 alcohol withdrawal guideline: withdrawal delirium is a medical emergency; FDA boxed
warning 2016, 20 Sep 2017: opioids with CNS depressants).
"""

from __future__ import annotations

import itertools

import pytest

from iopkit.placement import FirstStep
from tests.intoxication_screens import NEXT_TRANSFER, SUICIDE_WAIT
from tests.overdose_words import R32_BRACKET

from .test_placement_headline_review_r7_old_scores import recommended

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

CIWA_HAL10 = [1, 1, 1, 1, 1, 0, 4, 0, 1, 0]  # 10, item 7 (auditory disturbances) at 4: hallucinations
CIWA_CMP15 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 2]  # 15, item 10 at 2: disoriented
COWS_19 = [2, 2, 3, 2, 2, 2, 2, 2, 1, 1, 0]  # 13-24, moderate
COWS_30 = [4, 2, 3, 5, 2, 2, 3, 2, 2, 2, 3]  # 25-36, moderately severe
COWS_48 = [4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 5]  # above 36, severe
CSSRS_HIGH = ["yes", "yes", "no", "yes", "no", "no", None]
#: The treating verbs of a box (the physician case table's BOX_DOSE).
BOX_DOSE = ("a prescriber gives", "a prescriber treats", "treat withdrawal", "treats withdrawal")

CASES = [
    pytest.param(ciwa_old, ciwa, cows, high)
    for ciwa_old, ciwa, cows, high in itertools.product(
        (False, True), (CIWA_HAL10, CIWA_CMP15), (COWS_19, COWS_30, COWS_48), (False, True)
    )
]


def _case(ciwa_old: bool, ciwa: list[int], cows: list[int], high: bool):
    old = [("ciwa_ar", ciwa)] if ciwa_old else []
    today = ([] if ciwa_old else [("ciwa_ar", ciwa)]) + [("cows", cows)]
    if high:
        today.append(("cssrs_screen", CSSRS_HIGH))
    return recommended({2: 3, 5: 1} if high else {}, old=old, today=today)


@pytest.mark.parametrize(("ciwa_old", "ciwa", "cows", "high"), CASES)
def test_every_box_dose_screens_for_delirium_and_intoxication(ciwa_old, ciwa, cows, high):
    r = _case(ciwa_old, ciwa, cows, high)
    for f in r.flags:
        if f.action and any(v in f.action.lower() for v in BOX_DOSE):
            assert "CAM" in f.action and "intoxication" in f.action, (f.code, f.action)
    if r.first_step is FirstStep.EMERGENCY_EVALUATION:
        for f in r.flags:
            assert "may be given now" not in (f.action or ""), (f.code, f.action)
            assert "only for a complicating condition" not in (f.action or ""), (f.code, f.action)


#: The reviewer's words for the COWS boxes beside such a transfer (R15-M1), the 72-hour rule's bracket elided; with
#: thiamine and blood glucose in the screen (physician review R16, session 15, R15 acceptance remark (ii): "the COWS
#: box beside complicated alcohol withdrawal lacks thiamine and glucose (add per R16-S1)").
REVIEW_START = (
    "Prescriber's review now (before any dose: screen for delirium (CAM or 4AT) and intoxication (breath alcohol above "
    "zero, or signs of sedative intoxication), give thiamine and check blood glucose; if delirium or intoxication: no "
    "dose here (delirium: to the ED by "
    "emergency services; intoxication: the patient must not drive today); a first dose before transfer only if it "
    "does not delay the transfer): treat withdrawal as "
    "the prescriber decides, with buprenorphine, or methadone only in an opioid treatment programme or under the "
    "72-hour rule ("
)
#: physician review R32 (a) (its four settings): beside a transfer now the hold tells the receiving team (was:
#: "intoxication: the patient must not drive today)")
REVIEW_START_TRANSFER = REVIEW_START.replace(
    "intoxication: the patient must not drive today)",
    "intoxication: tell the receiving team at handover the breath alcohol reading or the signs, with the time; the "
    "patient must not drive today)",
)
REVIEW_END = (
    # R65 F2 (was: "...ver tell the receiving team of the COWS score and any dose with its time")
    "); if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until handover; "
    "at handover tell the receiving team of the COWS score, the delirium screen and any dose with its time"
    # physician review R31 M5: a box that may give a dose says its driving advice (before: none); beside the
    # CIWA-Ar's benzodiazepine every dose named
    "; if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today"
)
#: beside a C-SSRS high the screen asks about an overdose or ingestion first and holds the dose after one (physician
#: review R16, session 15, should-fix S5, the reviewer's words, in the delirium screen: as
#: tests/test_placement_headline_review_r6_screens.py types it for the headline)
REVIEW_START_HIGH = (
    "Prescriber's review now (before any dose: ask about any overdose or ingestion today and screen for delirium (CAM "
    "or 4AT) and intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check "
    "blood glucose; if delirium, an overdose or ingestion, or intoxication: no dose here "
    + R32_BRACKET
    + "; a first dose before "
    "transfer only if it does not delay the "
    "transfer): treat withdrawal as the prescriber decides, with buprenorphine, or methadone only in an opioid "
    "treatment programme or under the 72-hour rule ("
)
#: physician review R35 M1 (R32 (a)'s suicide wait, R35 S3): beside the C-SSRS high risk standing the intoxicated
#: patient waits with staff in every box, "the scores" beside the CIWA-Ar and COWS flags (was: the transfer's "tell the
#: receiving team at handover ...")
REVIEW_START_HIGH_WAIT = REVIEW_START_HIGH.replace(
    f"intoxication: {NEXT_TRANSFER})",
    f"intoxication: {SUICIDE_WAIT.replace('the score ', 'the scores ')})",
)
BUPRENORPHINE = (
    "the first dose may be given once the screen before any dose allows it, before transfer only if it does not delay "
    "the transfer"
)
#: where the headline's first step says the screen before any dose (today's complicated CIWA-Ar: physician review
#: R16, session 15, the ruling on C06), the box points to it in the reviewer's words (R16, R15 acceptance remark
#: (iii): "once the first step's screen before any dose allows it", "before transfer only if it does not delay the
#: transfer")
# R42 item 5 (R31 S6; R46 Q6's words): what the first step's screen must find, not "allows it" (was "once the first
# step's screen before any dose allows it"); here its delirium screen (CAM or 4AT) with the intoxication screen
BUPRENORPHINE_FIRST_STEP = (
    "the first dose may be given once the first step's screen before any dose finds no delirium and no intoxication, "
    "before transfer only if it does not delay the transfer"
)


#: physician review R23b (session 20), must-fix A1 (supersedes R15-M1 beside a C-SSRS high): beside the C-SSRS high's
#: transfer now, an old complicated CIWA-Ar's re-score first, while the transfer is arranged, and its result told at
#: handover; should-fix A4: the buprenorphine induction's first dose after the re-score too (the reviewer's words)
R23B_PREFIX = (
    "Re-score the CIWA-Ar first, before any dose (last 15 on 20 Nov 2026, severe, disoriented), while the transfer is "
    "arranged (do not delay the transfer for it). "
)
# physician review R24b 2: "any pregnancy" added to R23b A1's end
R23B_END = REVIEW_END.replace(
    # R65 F2 (was: "...of the COWS score and any dose with its time")
    "of the COWS score, the delirium screen and any dose with its time",
    "of the COWS score, the CIWA-Ar re-score, any pregnancy and any dose with its time",
)
# R47 (b5 Q3): the re-score done and what the screen must find (was "once the CIWA-Ar re-score and the screen before
# any dose allow it")
R23B_BUPRENORPHINE = (
    "the first dose may be given once the CIWA-Ar re-score is done and the screen before any dose finds no delirium, "
    "no overdose or ingestion and no intoxication, before transfer only if it does not delay the transfer"
)


@pytest.mark.parametrize(
    ("r", "start", "end", "buprenorphine"),
    [
        pytest.param(
            lambda: recommended({}, today=[("ciwa_ar", CIWA_HAL10), ("cows", COWS_19)]),
            REVIEW_START_TRANSFER,  # physician review R32 (a) (its four settings): the transfer now's hold
            REVIEW_END,
            BUPRENORPHINE_FIRST_STEP,
            id="hal10-today",
        ),
        pytest.param(
            lambda: recommended(
                {2: 3, 5: 1}, old=[("ciwa_ar", CIWA_CMP15)], today=[("cows", COWS_19), ("cssrs_screen", CSSRS_HIGH)]
            ),
            # physician review R23b A1 (supersedes R15-M1 beside a C-SSRS high); R35 M1/S3: the suicide wait
            R23B_PREFIX + REVIEW_START_HIGH_WAIT,
            R23B_END,  # physician review R23b A1
            R23B_BUPRENORPHINE,  # physician review R23b A4
            id="cmp15-old-high",
        ),
    ],
)
def test_the_reviewers_words(r, start, end, buprenorphine):
    r = r()
    boxes = {f.code: f.action for f in r.flags if f.action}
    for code in ("moderate_opioid_withdrawal", "rated_below_suggestion_d1"):
        if code == "rated_below_suggestion_d1" and "COWS" not in boxes.get(code, ""):
            continue
        assert boxes[code].startswith(start), boxes[code]
        assert boxes[code].endswith(end), boxes[code]
    assert buprenorphine in boxes["buprenorphine_induction_threshold"]
