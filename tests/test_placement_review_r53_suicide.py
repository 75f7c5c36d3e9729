"""Physician review R53 (/work/reviews/r53.md), rulings 1 and 3 and finding A, built by c2. Words typed from the
rulings and the dump of the 800 random cases (/work/dumps/s30base.txt, /work/dumps/c2.txt).

- Ruling 1 (must-fix): the suicide_risk_moderate box beside a headline that asks "once the patient is able to answer"
  asks "and ask them for it once the patient is able to answer (do not delay the transfer for it)": 44 boxes (e.g. case
  82); the 11 whose headline has no "once" are left.
- Finding A (must-fix): the delirium branch ("if delirium: emergency evaluation: arrange transfer now ...") asks "and
  ask them for a suicide risk assessment with safety planning once the patient is able to answer, without delaying the
  transfer" (cases 532 and 780, the headline and the possible_inattention box); its "once" spreads to no other request.
- Ruling 3 (should-fix): a box's copy of the headline's declines-transfer step says the headline's "if the patient
  declines transfer: a same-day suicide risk assessment with safety planning before the patient leaves" (case 88's
  severe_opioid_withdrawal and rated_below_suggestion_d1 boxes).
"""

from __future__ import annotations

import functools
import re

import pytest

from .random_placements import built, cases

ONCE = " once the patient is able to answer"
HEADLINE_ONCE = re.compile(
    r"ask them for a suicide risk assessment(?: with safety planning)? once the patient is able to answer"
)
#: The delirium branch's request (finding A), with or without "once".
# R76b A (was: r"...arrange transfer now \([^()]*\)..."): "by emergency services" read too
DELIRIUM_ASKED = re.compile(
    r"if delirium: emergency evaluation: arrange transfer now(?: by emergency services)? \([^()]*\); staff with the "
    r"patient until handover"
    r"(?:; | \(if transferred: )at handover tell the receiving team [^;]*?and ask them for a suicide risk assessment"
    r"(?: with safety planning)?(?P<once> once the patient is able to answer)?"
)

# --- typed words ------------------------------------------------------------------------------------------------------

MODERATE_ONCE = (
    "Behavioural-health evaluation and safety planning: at handover tell the receiving team that today's C-SSRS screen "
    "was moderate risk and ask them for it once the patient is able to answer (do not delay the transfer for it)"
)
MODERATE_LEFT = "moderate risk and ask them for it (do not delay the transfer for it)"
RULING_1_CASES = [
    82, 95, 99, 130, 141, 142, 154, 166, 168, 201, 243, 255, 262, 323, 337, 349, 372, 389, 426, 444, 449, 465, 477, 480,
    494, 496, 537, 606, 613, 648, 673, 696, 707, 713, 732, 733, 736, 745, 755, 762, 768, 769, 774, 789,
]  # fmt: skip
RULING_1_LEFT = [160, 240, 257, 411, 464, 572, 583, 600, 609, 658, 680]

DELIRIUM_BRANCH_780 = (
    # R76b A (was: "if delirium: emergency evaluation: arrange transfer now (ED, or 4-WM); staff with the ...")
    "if delirium: emergency evaluation: arrange transfer now by emergency services (ED, or 4-WM); staff with the "
    "patient until handover; at handover tell the receiving team the delirium screen, the last CIWA-Ar score and any "
    "thiamine or glucose given with its time, that the C-SSRS screen of 20 Nov 2026 was moderate risk, and ask them "
    "for a suicide risk assessment with safety planning once the patient is able to answer, without delaying the "
    "transfer; if the patient declines transfer: the prescriber assesses and records capacity to decline (without "
    "capacity: transfer by emergency services; with capacity: record the advice given and the risks explained; arrange "
    "the highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and any "
    "supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening); "
)
DELIRIUM_BRANCH_532 = DELIRIUM_BRANCH_780.replace(
    "was moderate risk, and", "was moderate risk and that today's PHQ-9 item 9 was positive, and"
)
INATTENTION_780 = (
    "Medical review now: ask about any overdose or ingestion today and screen for delirium (CAM or 4AT) and consider "
    "its other causes: Wernicke encephalopathy (give thiamine), low blood glucose (check it; treat a low one at once, "
    "thiamine with it), intoxication (breath alcohol), hepatic encephalopathy; re-score the CIWA-Ar within 1 hour; "
    "disorientation (item 10 at 2 or more) is complicated withdrawal; "
    + DELIRIUM_BRANCH_780
    + "if an overdose or ingestion: no dose here (call emergency services for the ED, staff with the patient until "
    "handover, naloxone if signs of opioid overdose); if intoxicated (breath alcohol above zero, or signs of sedative "
    "intoxication): no buprenorphine, methadone or benzodiazepine until it clears and the review is repeated (the "
    "patient must not drive today; if the patient tries to leave before it clears: staff stay with the patient and "
    "arrange an emergency evaluation for suicide risk; if transferred: tell the receiving team at handover the breath "
    "alcohol reading or the signs, with the time); the patient must not drive until the medical review finds the "
    "patient not delirious or intoxicated"
)
#: The other requests of 532 and 780 stay without "once" (finding A: the COWS 37-or-more and after-dosing asks).
KEPT_37 = (
    "and ask them for a suicide risk assessment with safety planning, without delaying the transfer; if 13-36: a "
    "prescriber's review"
)
KEPT_AFTER_DOSING = (
    "ask them for a suicide risk assessment with safety planning (do not delay the transfer for it); if a "
    "benzodiazepine is given"
)
# R70 S: 34's possible_inattention box's own delirium branch now tells the headline's suicide screens with "once"
# (was: 14 entries, without (34, "possible_inattention"))
DELIRIUM_SAID = [
    (29, "possible_inattention"), (34, "possible_inattention"), (157, "possible_inattention"),
    (159, "possible_inattention"), (159, "rated_below_suggestion_d1"), (204, "possible_inattention"),
    (204, "rated_below_suggestion_d1"),
    (498, "possible_inattention"), (498, "rated_below_suggestion_d1"), (532, "HEADLINE"), (532, "possible_inattention"),
    (620, "possible_inattention"), (620, "rated_below_suggestion_d1"), (780, "HEADLINE"), (780, "possible_inattention"),
]  # fmt: skip

# R62 M1: the sentence after it opens with the dose's guard (was: "... before the patient leaves. Otherwise ")
DECLINES_PLANNED = (
    "; if the patient declines transfer: a same-day suicide risk assessment with safety planning before the patient "
    "leaves. Otherwise, if not intoxicated, "
)
DECLINES_UNPLANNED = "declines transfer: a same-day suicide risk assessment before the patient leaves"


@functools.cache
def _all() -> dict[int, object]:
    return {c.number: built(c) for c in cases(800)}


def _texts(number: int) -> list[tuple[str, str]]:
    rec = _all()[number]
    return [("HEADLINE", rec.headline), *((f.code, f.action) for f in rec.flags if f.action)]  # type: ignore[attr-defined]


def _box(number: int, code: str) -> str:
    (action,) = [a for c, a in _texts(number) if c == code]
    return action


def _beyond_delirium(text: str) -> str:
    return DELIRIUM_ASKED.sub("", text)


# --- ruling 1 ---------------------------------------------------------------------------------------------------------


def test_r53_1_case_82_moderate_box_asks_once() -> None:
    assert _box(82, "suicide_risk_moderate") == MODERATE_ONCE


def test_r53_1_sweep_moderate_boxes_ask_as_the_headline() -> None:
    once, left = [], []
    for n in _all():
        for code, text in _texts(n):
            if code == "suicide_risk_moderate" and "ask them for it" in text:
                asks_once = HEADLINE_ONCE.search(_beyond_delirium(_texts(n)[0][1])) is not None
                assert (f"ask them for it{ONCE} (do not delay" in text) is asks_once, (n, text)
                (once if asks_once else left).append(n)
    assert once == RULING_1_CASES
    assert left == RULING_1_LEFT
    assert all(MODERATE_LEFT in _box(n, "suicide_risk_moderate") for n in RULING_1_LEFT)


# --- finding A --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("number", "branch"), [(532, DELIRIUM_BRANCH_532), (780, DELIRIUM_BRANCH_780)])
def test_r53_a_delirium_branch_asks_once(number: int, branch: str) -> None:
    headline = _box(number, "HEADLINE")
    assert branch in headline
    assert branch in _box(number, "possible_inattention")
    # only that branch's request: the COWS 37-or-more and after-dosing requests stay as they were
    assert headline.count(ONCE) == 1
    assert KEPT_37 in headline and KEPT_AFTER_DOSING in headline
    assert [c for c, t in _texts(number) if ONCE in t] == ["HEADLINE", "possible_inattention"]


def test_r53_a_case_780_possible_inattention_box() -> None:
    assert _box(780, "possible_inattention") == INATTENTION_780


def test_r53_a_sweep_every_delirium_branch_asks_once() -> None:
    said = []
    for n in _all():
        for code, text in _texts(n):
            for m in DELIRIUM_ASKED.finditer(text):
                assert m["once"], (n, code)
                said.append((n, code))
    assert said == DELIRIUM_SAID


# --- ruling 3 ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["HEADLINE", "severe_opioid_withdrawal", "rated_below_suggestion_d1"])
def test_r53_3_case_88_declines_transfer_in_the_headlines_words(code: str) -> None:
    text = _box(88, code)
    assert text.count(DECLINES_PLANNED) == 1, text
    assert DECLINES_UNPLANNED not in text


def test_r53_3_sweep_box_copies_say_the_headlines_words() -> None:
    planned = "if the patient declines transfer: a same-day suicide risk assessment with safety planning"
    copies = []
    for n in _all():
        texts = _texts(n)
        for code, text in texts[1:]:
            if "if the patient declines transfer: a same-day suicide risk assessment" in text:
                assert planned in texts[0][1], (n, code)  # the headline says it with safety planning
                assert DECLINES_UNPLANNED not in text, (n, code)
                copies.append((n, code))
    assert copies == [(88, "severe_opioid_withdrawal"), (88, "rated_below_suggestion_d1")]
