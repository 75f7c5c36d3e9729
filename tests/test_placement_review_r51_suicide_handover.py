"""Physician review R51 (widening R50 S1) and R50 b6 Q1 (should-fix), built by b2. Words typed from the findings and
the dump of the 800 random cases (/work/dumps/base.txt, /work/dumps/b2.txt).

- R51: wherever a box asks the receiving team for a suicide risk assessment and the case's headline asks it "once the
  patient is able to answer", the box asks so too, the headline's words: "... ask them for a suicide risk assessment
  once the patient is able to answer (do not delay the transfer for it)" (217 such boxes in 125 cases said it without,
  e.g. case 10, plus 14 boxes in 8 of them that copy the headline's ", without delaying the transfer"); where the
  headline does not say it, the box is left.
- R50 b6 Q1: the moderate-risk handover of the headline's re-score branch (cases 88, 133, 291, 532, 780) asks "for a
  suicide risk assessment with safety planning, without delaying the transfer", as the other moderate-risk headlines
  ask; the boxes "... with safety planning (do not delay the transfer for it)".
"""

from __future__ import annotations

import functools
import re

import pytest

from .random_placements import built, cases

#: The headline's request with "once the patient is able to answer" (R50 S1's words).
HEADLINE_ONCE = re.compile(
    r"ask them for a suicide risk assessment(?: with safety planning)? once the patient is able to answer"
)
#: A request said without it (either form, planned or not).
ASKED = re.compile(r"ask them for a suicide risk assessment(?: with safety planning)?(?! with safety planning)")
ONCE = " once the patient is able to answer"
#: R53 finding A: the delirium branch's own request, which says "once" whatever the headline and spreads it to no other
#: request (cases 532 and 780); the sweeps below read the requests outside it.
DELIRIUM_ASKED = re.compile(
    # R76b A: the transfer by emergency services read too (was: "arrange transfer now \([^()]*\)")
    r"if delirium: emergency evaluation: arrange transfer now(?: by emergency services)? \([^()]*\); staff with the "
    r"patient until handover"
    r"(?:; | \(if transferred: )at handover tell the receiving team [^;]*?and ask them for a suicide risk assessment"
    r"(?: with safety planning)?(?: once the patient is able to answer)?"
)


def _beyond_delirium(text: str) -> str:
    return DELIRIUM_ASKED.sub("", text)


#: A handover that tells a C-SSRS moderate risk and asks for the assessment (a bracket in the told part read whole).
MODERATE_ASKED = re.compile(
    r"tell the receiving team (?:[^;()]|\([^()]*\))*?moderate risk(?:[^;()]|\([^()]*\))*?,? and ask them for a "
    r"suicide risk assessment(?P<planned> with safety planning)?"
)

# --- typed boxes and headlines --------------------------------------------------------------------------------------

LOW_TODAY = "that today's C-SSRS screen found a wish to be dead or non-specific suicidal thoughts"
LOW_STEP = (
    "Suicide risk assessment by a qualified clinician today, before the patient leaves; review the safety plan and "
    "give the 988 Lifeline number"
)
MODERATE_STEP = (
    "Suicide risk assessment by a qualified clinician and safety planning before the patient leaves; consider safety "
    "precautions (do not leave the patient alone) until it is done"
)


@functools.cache
def _all() -> dict[int, object]:
    return {c.number: built(c) for c in cases(800)}


def _box(number: int, code: str) -> str:
    rec = _all()[number]
    (action,) = [f.action for f in rec.flags if f.code == code]  # type: ignore[attr-defined]
    return action


def _headline(number: int) -> str:
    return _all()[number].headline  # type: ignore[attr-defined,no-any-return]


def test_r51_case_10_headline_typed() -> None:
    assert (
        "at handover tell the receiving team the last CIWA-Ar score and any dose with its time, that today's C-SSRS "
        "screen found a wish to be dead or non-specific suicidal thoughts, and ask them for a suicide risk assessment "
        "once the patient is able to answer, without delaying the transfer (CIWA-Ar 21 today"
    ) in _headline(10)


def test_r51_case_10_low_box_typed() -> None:
    assert _box(10, "suicide_risk_low") == (
        f"{LOW_STEP}; if transferred: at handover tell the receiving team {LOW_TODAY}, and ask them for a suicide risk "
        "assessment once the patient is able to answer (do not delay the transfer for it)"
    )


def test_r51_case_10_d3_box_typed() -> None:
    assert _box(10, "rated_below_suggestion_d3") == (
        f"{LOW_STEP}; if transferred: at handover tell the receiving team {LOW_TODAY}, and ask them for a suicide risk "
        "assessment once the patient is able to answer (do not delay the transfer for it); record the reason for the "
        "lower rating with the placement decision"
    )


def test_r51_case_34_boxes_typed() -> None:
    """Case 34: the PHQ-9 box, and the COWS box that copies the headline's handover (its ", without delaying the
    transfer" kept, the headline's words)."""
    assert _box(34, "suicidal_ideation") == (
        "At handover tell the receiving team that today's PHQ-9 item 9 was positive and ask them for a suicide risk "
        "assessment once the patient is able to answer (do not delay the transfer for it)"
    )
    assert (
        "delirium), and that today's PHQ-9 item 9 was positive, and ask them for a suicide risk assessment once the "
        "patient is able to answer, without delaying the transfer; if a benzodiazepine"
    ) in _box(34, "severe_opioid_withdrawal")
    assert (
        "that today's PHQ-9 item 9 was positive, and ask them for a suicide risk assessment once the patient is able "
        "to answer, without delaying the transfer (COWS above 36"
    ) in _headline(34)


def test_r51_case_82_both_said_typed() -> None:
    """Case 82: a headline that asks with safety planning and once the patient is able to answer; the box says both."""
    assert (
        "and ask them for a suicide risk assessment with safety planning once the patient is able to answer, without "
        "delaying the transfer (CIWA-Ar 15 today"
    ) in _headline(82)
    assert _box(82, "rated_below_suggestion_d3") == (
        "Behavioural-health evaluation and safety planning: at handover tell the receiving team that today's C-SSRS "
        "screen was moderate risk and ask them for a suicide risk assessment with safety planning once the patient is "
        "able to answer (do not delay the transfer for it); record the reason for the lower rating with the placement "
        "decision"
    )


def test_b6_q1_case_88_headline_and_boxes_typed() -> None:
    handover = (
        # R64 S3 (was: "the last CIWA-Ar and COWS scores and any dose with its time"): 88 screens for delirium
        "at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and any dose with "
        "its time, that today's C-SSRS screen was moderate risk, and ask them for a suicide risk assessment with "
        "safety planning, without delaying the transfer; if the patient declines transfer:"
    )
    assert handover in _headline(88)
    assert handover in _box(88, "severe_opioid_withdrawal")
    assert _box(88, "suicide_risk_moderate") == (
        f"{MODERATE_STEP}; if transferred: at handover tell the receiving team that today's C-SSRS screen was moderate "
        "risk, and ask them for a suicide risk assessment with safety planning (do not delay the transfer for it)"
    )
    assert _box(88, "rated_below_suggestion_d3") == (
        f"{MODERATE_STEP}; if transferred: at handover tell the receiving team that today's C-SSRS screen was moderate "
        "risk, and ask them for a suicide risk assessment with safety planning (do not delay the transfer for it); "
        "record the reason for the lower rating with the placement decision"
    )


def test_b6_q1_case_133_headline_and_boxes_typed() -> None:
    told = (
        "at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time, that the "
        "C-SSRS screen of 20 Nov 2026 was moderate risk, and ask them for a suicide risk assessment with safety "
        "planning"
    )
    headline = _headline(133)
    assert f"{told}, without delaying the transfer; if 13-36:" in headline
    assert f"{told} (do not delay the transfer for it)" in headline
    assert _box(133, "suicide_risk_moderate") == (
        f"{MODERATE_STEP}; if transferred: at handover tell the receiving team that the C-SSRS screen of 20 Nov 2026 "
        "was moderate risk, and ask them for a suicide risk assessment with safety planning (do not delay the transfer "
        "for it)"
    )
    assert (
        "and that the C-SSRS screen of 20 Nov 2026 was moderate risk, and ask them for a suicide risk assessment with "
        "safety planning, without delaying the transfer"
    ) in _box(133, "moderate_opioid_withdrawal")


@pytest.mark.parametrize("number", [88, 133, 291, 532, 780])
def test_b6_q1_rescore_branch_headline_asks_with_safety_planning(number: int) -> None:
    headline = _headline(number)
    assert "ask them for a suicide risk assessment with safety planning, without delaying the transfer" in headline
    assert "ask them for a suicide risk assessment, without delaying the transfer" not in headline
    # the re-score branch's transfer: the patient can answer (R53 finding A: the delirium branch's own "once", 532 780)
    assert ONCE not in _beyond_delirium(headline)


# --- sweeps over the 800 random cases --------------------------------------------------------------------------------


def _asked_without_once(text: str) -> bool:
    return any(not text.startswith(ONCE, m.end()) for m in ASKED.finditer(text))


def test_r51_no_box_asks_without_once_where_headline_asks_once() -> None:
    said = [
        (n, f.code)
        for n, rec in _all().items()
        if HEADLINE_ONCE.search(_beyond_delirium(rec.headline))  # type: ignore[attr-defined]  # R53 finding A
        for f in rec.flags  # type: ignore[attr-defined]
        if _asked_without_once(f.action)
    ]
    assert said == []


def test_r51_boxes_left_where_headline_does_not_ask_once() -> None:
    """Where the headline does not ask "once the patient is able to answer", no box says it: 71 boxes in 33 cases ask
    for the assessment without it (63 in 29 as they did, and R60 Q2(b)'s 8 in cases 223 352 506 652)."""
    once = [
        (n, f.code)
        for n, rec in _all().items()
        if not HEADLINE_ONCE.search(_beyond_delirium(rec.headline))  # type: ignore[attr-defined]  # R53 finding A
        for f in rec.flags  # type: ignore[attr-defined]
        if ONCE in _beyond_delirium(f.action)  # R53 finding A: the delirium branch's own "once" (532, 780)
    ]
    assert once == []
    left = [
        (n, f.code)
        for n, rec in _all().items()
        if not HEADLINE_ONCE.search(_beyond_delirium(rec.headline))  # type: ignore[attr-defined]  # R53 finding A
        for f in rec.flags  # type: ignore[attr-defined]
        if ASKED.search(f.action)
    ]
    # R60 Q2(b): the 8 suicide boxes of cases 223 352 506 652 ask the receiving team now (was: (63, 29)); and, merged
    # with R60 Q2(a)/Q3(i), the 34 suicide boxes of 16 more cases beside its new conditional transfers (101 131 218 220
    # 285 298 345 418 579 590 599 615 624 666 765 784) (was: (71, 33))
    # R70 S: 5 more boxes hand the headline's suicide screens over, in cases already counted (88's
    # possible_inattention, moderate_alcohol_withdrawal and buprenorphine_induction_threshold; 532's and 780's
    # moderate_alcohol_withdrawal) (was: (105, 49))
    assert (len(left), len({n for n, _ in left})) == (110, 49)


def test_b6_q1_every_moderate_handover_asks_with_safety_planning() -> None:
    unplanned = [
        (n, code)
        for n, rec in _all().items()
        for code, text in [("HEADLINE", rec.headline), *((f.code, f.action) for f in rec.flags)]  # type: ignore[attr-defined]
        for m in MODERATE_ASKED.finditer(text)
        if not m["planned"]
    ]
    assert unplanned == []
