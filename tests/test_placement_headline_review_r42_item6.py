"""Physician review R42, item 6 (R32 should-fix S2, wider: "build it"), and physician review R45's should-fix (low):
the expected words typed from the reviewers' and from case 429's box, never computed by iopkit.

- Item 6. Where the headline arranges a transfer, or may ("if ...: arrange transfer now", "if transferred", an
  escalation to medically managed withdrawal or a higher level of care), a suicide box that asks for the suicide risk
  assessment before the patient leaves (suicide_risk_low, suicide_risk_moderate, suicidal_ideation and dimension 3's
  rating-below box) and hands over to no one said only "... before the patient leaves" (61 boxes in 29 of the 800
  random cases: 5, 29, 61, 88, 115, 133, 157, 159, 204, 252, 268, 273, 291, 312, 380, 491, 498, 525, 563, 585, 589,
  608, 616, 620, 660, 687, 740, 747, 781). Case 429's suicide_risk_low box says the right thing: after its step, "; if
  transferred: at handover tell the receiving team that today's C-SSRS screen found a wish to be dead or non-specific
  suicidal thoughts and that today's PHQ-9 item 9 was positive, and ask them for a suicide risk assessment (do not
  delay the transfer for it)": the same words, the screens each case's headline tells, in every such box (the
  rating-below box before its "; record the reason ..."). Boxes in cases without any transfer path are untouched
  (a COWS's "arrange medically managed withdrawal or a higher level of care only for a complicating condition" is no
  transfer: the physician case table, C11 and C12).
- R45 (low). Case 88's possible_inattention box ended "; otherwise treat on the current score; if a dose is given: the
  patient must not drive today": read alone, it treated beside COWS 48 without the transfer at a CIWA-Ar re-score of 8
  or more and without the sedation watch. It says its sibling moderate_alcohol_withdrawal box's own words (same case).
  Cases 249 and 657 (the same class: an old moderate CIWA-Ar beside today's COWS 48) have no possible_inattention box.

Sources the reviewers cite: Joint Commission NPSG 15.01.01 (the handover is where a screen is lost); C-SSRS screener
triage (Posner et al. 2011); ASAM 2020 alcohol withdrawal guideline; FDA Drug Safety Communication 20 Sep 2017
(benzodiazepines with buprenorphine or methadone).
"""

from __future__ import annotations

import re

import pytest

from iopkit.placement import Recommendation
from tests.random_placements import built, cases

# --- item 6: the boxes' steps and case 429's handover, typed ---------------------------------------------------------
LOW = (
    "Suicide risk assessment by a qualified clinician today, before the patient leaves; review the safety plan and "
    "give the 988 Lifeline number"
)
MODERATE = (
    "Suicide risk assessment by a qualified clinician and safety planning before the patient leaves; consider safety "
    "precautions (do not leave the patient alone) until it is done"
)
IDEATION = (
    "Ask about suicidal thoughts today and complete a suicide risk assessment (e.g. C-SSRS) before the patient leaves"
)
RECORD = "; record the reason for the lower rating with the placement decision"
TOLD = "; if transferred: at handover tell the receiving team that "
ASKED = ", and ask them for a suicide risk assessment (do not delay the transfer for it)"
ASKED_PLANNED = ", and ask them for a suicide risk assessment with safety planning (do not delay the transfer for it)"
# R50 item S1: the box's ask copies the headline's "once the patient is able to answer" (cases 115 204 380 491 740)
ASKED_ONCE = (
    ", and ask them for a suicide risk assessment once the patient is able to answer (do not delay the transfer for it)"
)
ASKED_PLANNED_ONCE = (
    ", and ask them for a suicide risk assessment with safety planning once the patient is able to answer (do not "
    "delay the transfer for it)"
)
#: the screens each case's headline tells at handover
LOW_TODAY = "today's C-SSRS screen found a wish to be dead or non-specific suicidal thoughts"
LOW_OLD = "the C-SSRS screen of 20 Nov 2026 found a wish to be dead or non-specific suicidal thoughts (never assessed)"
PHQ9_TODAY = "today's PHQ-9 item 9 was positive"
PHQ9_OLD = "the PHQ-9 item 9 of 20 Nov 2026 was positive (never assessed)"
#: a C-SSRS moderate risk as the headline tells it at the handover of its transfer branch ("..., and ask them for a
#: suicide risk assessment, without delaying the transfer": cases 88 and 291)
HEADLINE_MODERATE_TODAY = "today's C-SSRS screen was moderate risk"
HEADLINE_MODERATE_OLD = "the C-SSRS screen of 20 Nov 2026 was moderate risk"
MODERATE_OLD = (
    "the C-SSRS screen of 20 Nov 2026 was moderate risk (method considered, or suicidal behaviour over 3 months ago; "
    "never assessed)"
)

#: case 429's suicide_risk_low box, which said it already (the words the other boxes now say)
CASE_429_LOW = (
    "Suicide risk assessment by a qualified clinician today, before the patient leaves; review the safety plan and "
    "give the 988 Lifeline number; if transferred: at handover tell the receiving team that today's C-SSRS screen "
    "found a wish to be dead or non-specific suicidal thoughts and that today's PHQ-9 item 9 was positive, and ask "
    "them for a suicide risk assessment once the patient is able to answer (do not delay the transfer for it)"  # R51
)
#: the boxes item 6 changes, by case and code, whole
BOXES: dict[int, dict[str, str]] = {
    5: {  # an old COWS 19's re-score with today's CIWA-Ar 13 alongside: "if 37 or more: ... arrange transfer now"
        "suicide_risk_low": f"{LOW}{TOLD}{LOW_TODAY} and that {PHQ9_TODAY}{ASKED}",
        "suicidal_ideation": f"{IDEATION}{TOLD}{LOW_TODAY} and that {PHQ9_TODAY}{ASKED}",
        "rated_below_suggestion_d3": f"{LOW}{TOLD}{LOW_TODAY} and that {PHQ9_TODAY}{ASKED}{RECORD}",
    },
    88: {  # an old CIWA-Ar 14 beside today's COWS 48: "at a CIWA-Ar re-score of 8 or more ...: arrange transfer now";
        # the screen and the request in the headline's words at its handover (physician review R20c, S6)
        # R50 b6 Q1: the moderate-risk handover asks with safety planning (was: ASKED)
        "suicide_risk_moderate": f"{MODERATE}{TOLD}{HEADLINE_MODERATE_TODAY}{ASKED_PLANNED}",
        "rated_below_suggestion_d3": f"{MODERATE}{TOLD}{HEADLINE_MODERATE_TODAY}{ASKED_PLANNED}{RECORD}",
    },
    115: {  # today's COWS 48 with today's CIWA-Ar 13 alongside: a transfer now; the other boxes handed over already
        "suicide_risk_low": f"{LOW}{TOLD}{LOW_OLD} and that {PHQ9_OLD}{ASKED_ONCE}",
    },
    204: {  # today's CIWA-Ar item 10 at 1: "if delirium: emergency evaluation: arrange transfer now"
        "suicidal_ideation": f"{IDEATION}{TOLD}{PHQ9_TODAY}{ASKED_ONCE}",
        "rated_below_suggestion_d3": f"{IDEATION}{TOLD}{PHQ9_TODAY}{ASKED_ONCE}{RECORD}",
    },
    291: {  # an old COWS 19's re-score with today's CIWA-Ar 13 alongside; the headline's words at its handover
        # R50 b6 Q1: the moderate-risk handover asks with safety planning (was: ASKED)
        "suicide_risk_moderate": f"{MODERATE}{TOLD}{HEADLINE_MODERATE_OLD} and that {PHQ9_TODAY}{ASKED_PLANNED}",
        "suicidal_ideation": f"{IDEATION}{TOLD}{HEADLINE_MODERATE_OLD} and that {PHQ9_TODAY}{ASKED_PLANNED}",
        "rated_below_suggestion_d3": (
            f"{MODERATE}{TOLD}{HEADLINE_MODERATE_OLD} and that {PHQ9_TODAY}{ASKED_PLANNED}{RECORD}"
        ),
    },
    380: {  # today's CIWA-Ar with hallucinations: the emergency medical evaluation's transfer now, as case 429's
        "suicide_risk_low": f"{LOW}{TOLD}{LOW_OLD} and that {PHQ9_TODAY}{ASKED_ONCE}",
    },
    491: {  # today's COWS 48 with today's CIWA-Ar 14 alongside
        "suicide_risk_low": f"{LOW}{TOLD}{LOW_TODAY}{ASKED_ONCE}",
        "rated_below_suggestion_d3": f"{LOW}{TOLD}{LOW_TODAY}{ASKED_ONCE}{RECORD}",
    },
    740: {  # today's CIWA-Ar item 10 at 1, an old C-SSRS moderate
        "suicide_risk_moderate": f"{MODERATE}{TOLD}{MODERATE_OLD}{ASKED_PLANNED_ONCE}",
        "rated_below_suggestion_d3": f"{MODERATE}{TOLD}{MODERATE_OLD}{ASKED_PLANNED_ONCE}{RECORD}",
    },
}
#: boxes in cases without any transfer path, as they were (case 0: no withdrawal score; case 30: a COWS 30's
#: "... only for a complicating condition", no transfer)
UNTOUCHED: dict[int, dict[str, str]] = {
    0: {"suicide_risk_moderate": MODERATE, "rated_below_suggestion_d3": f"{MODERATE}{RECORD}"},
    30: {"suicide_risk_low": LOW, "rated_below_suggestion_d3": f"{LOW}{RECORD}"},
}
#: a PHQ-9 box an emergency evaluation for suicide risk covers (a C-SSRS high), beside a transfer: its own words, as
#: they were (it asks for no assessment before the patient leaves)
COVERED: dict[int, str] = {
    33: (
        "The C-SSRS screen of 20 Nov 2026 is high risk: the emergency evaluation for suicide risk covers this; tell "
        "the evaluator that PHQ-9 item 9 was positive"
    ),
    63: (
        "Today's C-SSRS screen is high risk: the emergency evaluation for suicide risk covers this; tell the evaluator "
        "that the PHQ-9 item 9 of 20 Nov 2026 was positive"
    ),
}
#: the 29 cases item 6 reaches among the 800
REACHED = (
    5, 29, 61, 88, 115, 133, 157, 159, 204, 252, 268, 273, 291, 312, 380, 491, 498, 525, 563, 585, 589, 608, 616, 620,
    660, 687, 740, 747, 781,
)  # fmt: skip
SUICIDE_BOXES = ("suicide_risk_low", "suicide_risk_moderate", "suicidal_ideation", "rated_below_suggestion_d3")
#: a headline that arranges a transfer, or may: never the COWS's "... only for a complicating condition"
TRANSFER = re.compile(
    r"\barrange transfer\b|\bif transferred\b|\barrange medically managed withdrawal or a higher level of care\b"
    r"(?! only for a complicating condition)"
)
ON_SITE = "before the patient leaves"
# R60 Q2(b): R58 M1a's skip of an old moderate CIWA-Ar re-score's branch (cases 223, 352, 506, 652) undone: their
# suicide boxes are told at handover now (was: R58_M1A_BRANCH, a pattern the sweep cut from the headline)
HANDED_OVER = "at handover tell the receiving team that "
IF_TRANSFERRED = "if transferred: at handover tell the receiving team that "
#: physician review R60, Q2(b): a withdrawal step's transfer said after this item's pass read the headline (an old
#: CIWA-Ar re-score's "if 15 or more, ...: arrange transfer now"), the suicide box in the ruling's own words
IF_TRANSFERRED_BEFORE_DONE = "if transferred before it is done: at handover tell the receiving team that "


def _boxes(rec: Recommendation) -> dict[str, str]:
    return {f.code: f.action for f in rec.flags}


@pytest.fixture(scope="module")
def all_built() -> dict[int, Recommendation]:
    return {c.number: built(c) for c in cases(800)}


def test_item6_case_429_says_it_as_before(all_built: dict[int, Recommendation]) -> None:
    assert _boxes(all_built[429])["suicide_risk_low"] == CASE_429_LOW


@pytest.mark.parametrize(("number", "code"), [(n, code) for n, said in BOXES.items() for code in said])
def test_item6_suicide_box_told_if_transferred(all_built: dict[int, Recommendation], number: int, code: str) -> None:
    assert TRANSFER.search(all_built[number].headline)
    assert _boxes(all_built[number])[code] == BOXES[number][code]


@pytest.mark.parametrize(("number", "code"), [(n, code) for n, said in UNTOUCHED.items() for code in said])
def test_item6_no_transfer_path_untouched(all_built: dict[int, Recommendation], number: int, code: str) -> None:
    assert TRANSFER.search(all_built[number].headline) is None
    assert _boxes(all_built[number])[code] == UNTOUCHED[number][code]


@pytest.mark.parametrize("number", sorted(COVERED))
def test_item6_box_an_emergency_evaluation_covers_untouched(all_built: dict[int, Recommendation], number: int) -> None:
    assert TRANSFER.search(all_built[number].headline)
    assert _boxes(all_built[number])["suicidal_ideation"] == COVERED[number]


def test_item6_sweep_every_suicide_box_beside_a_transfer_hands_over(all_built: dict[int, Recommendation]) -> None:
    """Over the 800 cases: in a case whose headline has a transfer, every suicide box that asks for the assessment
    before the patient leaves hands over at a transfer: "if transferred: at handover tell the receiving team that
    ..." (dimension 3's rating-below box may join a box that hands over unconditionally, "At handover tell the
    receiving team that ...", beside a transfer now: cases 115, 380, 429, 687 and 788), the screens it tells the
    headline's, in its words (physician review R20c, S6); in a case whose headline has none, no suicide box speaks of
    a handover or a transfer. Physician review R60, Q2(b): a transfer said after this item's pass read the headline
    (R58 M1a's re-score branch: cases 223, 352, 506, 652) is read too, its boxes in the ruling's words "if transferred
    before it is done: at handover tell the receiving team that ..." (the headline asks without naming the screens)."""
    unsaid, stray, unheadlined, reached = [], [], [], set()
    for number, rec in all_built.items():
        # R60 Q2(b): every transfer read (was: TRANSFER.search(R58_M1A_BRANCH.sub("", rec.headline)), R58 M1a's skip)
        transfer = TRANSFER.search(rec.headline) is not None
        for code, box in _boxes(rec).items():
            if code not in SUICIDE_BOXES or ON_SITE not in box:
                continue
            if transfer:
                told = IF_TRANSFERRED if code != "rated_below_suggestion_d3" else HANDED_OVER
                # R60 Q2(b): or the ruling's "if transferred before it is done: ..." (was: told alone)
                if told not in box.lower() and IF_TRANSFERRED_BEFORE_DONE not in box:
                    unsaid.append((number, code))
                elif IF_TRANSFERRED in box:
                    reached.add(number)
                    # the screens it tells are the headline's, in its words (physician review R20c, S6)
                    screens = box.split(IF_TRANSFERRED, 1)[1].split(", and ask them", 1)[0]
                    if f"that {screens}" not in rec.headline:
                        unheadlined.append((number, code))
            elif "handover" in box or "transfer" in box:
                stray.append((number, code))
    assert unsaid == []
    assert stray == []
    assert unheadlined == []
    assert set(REACHED) <= reached


# --- R45: case 88's possible_inattention box in its sibling's words, typed -------------------------------------------
SIGNS = "(breath alcohol above zero, or signs of sedative intoxication)"
CASE_88_ITEM10 = (
    # R60 Q4 (item 10 at 1 on 20 Nov): the delirium screen and its hold (was: "(last 14 on 20 Nov 2026); before any
    # dose: ..." and "check blood glucose; if an overdose ...")
    # R62 S3: the interval history after the re-score; R62 M1/S1: the first dose and the otherwise guarded (was: "; a
    # first dose before transfer ..." and "; otherwise treat on the current score")
    "Re-score the CIWA-Ar now (last 14 on 20 Nov 2026) and screen for delirium (CAM or 4AT); ask what happened since "
    "(a seizure, confusion, a hospital visit, the last drink); before any dose: ask "
    f"about any overdose or ingestion today and screen for intoxication {SIGNS}, give thiamine and check blood "
    "glucose; if delirium: no dose here; call emergency services for the ED; staff with the patient until handover; "
    "if an overdose or ingestion, or "
    "intoxicated: no dose here (an overdose or ingestion: call emergency services for the ED, staff with the patient "
    # R51 1: told at handover if transferred (the box's branch at 8 or more transfers), as the headline says it
    "until handover, naloxone if signs of opioid overdose; intoxicated: if transferred, tell the receiving team at "
    "handover the breath alcohol reading or the signs, with the time; if not: ask the patient to stay on site and "
    "repeat the screen and the scores when it clears; if it has not cleared by the end of the session, or "
    "withdrawal worsens: arrange a higher level of care; the patient must not drive today; if the patient insists on "
    "leaving: the same-day suicide risk assessment first (if too intoxicated to take part in it: staff stay with the "
    "patient and arrange an emergency evaluation for suicide risk); offer a lift or a taxi, and follow local policy); "
    # R60 Q3 (iii): the complications after "8 or more" (was: "re-score of 8 or more (alcohol withdrawal ...")
    "at a CIWA-Ar re-score of 8 or more (or, intoxicated or not, a seizure since the last score, hallucinations, or "
    "disorientation (item 10 at 2 or more)) (alcohol withdrawal alongside, a complicating condition on the COWS "
    "flag): arrange transfer "
    # R50 item S3: the transfer's staff clause (was: "(ED, or 3.7-WM/4-WM), a first dose")
    # R76 ruling 2 (was: "now (ED, or 3.7-WM/4-WM); staff ...")
    "now (a seizure, hallucinations, disorientation or a total of 15 or more: by emergency services, to the ED or "
    "4-WM; otherwise: ED, or 3.7-WM/4-WM); staff with the patient until handover; "
    # R53 B: the capacity to decline, as the headline's branch
    "if the patient declines transfer: the prescriber assesses and records capacity to decline (without capacity: "
    "transfer by emergency services; with capacity: record the advice given and the risks explained; arrange the "
    "highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and any "
    "supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening); "
    # R74 must-fix 1 (R73 1a's words; was: "...any worsening); if not intoxicated")
    "the patient must not drive; if not intoxicated: a first dose before transfer only if it does not "
    "delay the transfer; if transferred: at "
    # R64 S3 (was: "the last CIWA-Ar and COWS scores and any dose with its time"): the delirium screen told
    "handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and any dose with its "
    # R70 S (was: "time; otherwise, if not ")
    "time, that today's C-SSRS screen was moderate risk, and ask them for a suicide risk assessment with safety "
    "planning, without delaying the transfer; otherwise, if not "
    "intoxicated: treat on "
    "the current score; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing "
    "while the patient is on site (if transferred: until handover); if a dose is given: the patient must not drive "
    "today"
)
#: the words R45 retires: the box treated on the current score straight after its hold
RETIRED = "follow local policy); otherwise treat on the current score; if a dose is given: the patient must not drive"


def test_r45_case_88_possible_inattention_in_its_siblings_words(all_built: dict[int, Recommendation]) -> None:
    boxes = _boxes(all_built[88])
    assert boxes["possible_inattention"] == CASE_88_ITEM10
    assert boxes["moderate_alcohol_withdrawal"] == CASE_88_ITEM10
    assert RETIRED not in boxes["possible_inattention"]


@pytest.mark.parametrize("number", (249, 657))
def test_r45_same_class_has_no_item10_box(all_built: dict[int, Recommendation], number: int) -> None:
    boxes = _boxes(all_built[number])
    assert "possible_inattention" not in boxes
    # R60 Q3 (iii): the complications after "8 or more" (was: "re-score of 8 or more (alcohol withdrawal ...")
    assert (
        "at a CIWA-Ar re-score of 8 or more (or, intoxicated or not, a seizure since the last score, hallucinations, "
        "or disorientation (item 10 at 2 or more)) (alcohol withdrawal alongside, a complicating condition on the "
        "COWS flag): arrange transfer now" in boxes["moderate_alcohol_withdrawal"]
    )


def test_r45_sweep_item10_box_beside_such_a_moderate_box(all_built: dict[int, Recommendation]) -> None:
    """Over the 800 cases: a possible_inattention box beside a moderate_alcohol_withdrawal box that says the transfer
    at a CIWA-Ar re-score of 8 or more (alcohol withdrawal alongside, a complicating condition on the COWS flag) says
    that transfer and the sedation watch too (case 88 alone among the 800)."""
    # R60 Q3 (iii): the complications after "8 or more" (was: "re-score of 8 or more (alcohol withdrawal ...")
    branch = (
        "at a CIWA-Ar re-score of 8 or more (or, intoxicated or not, a seizure since the last score, hallucinations, "
        "or disorientation (item 10 at 2 or more)) (alcohol withdrawal alongside, a complicating condition on the "
        "COWS flag)"
    )
    watch = "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing"
    seen = []
    for number, rec in all_built.items():
        boxes = _boxes(rec)
        if branch in boxes.get("moderate_alcohol_withdrawal", "") and "possible_inattention" in boxes:
            seen.append(number)
            assert branch in boxes["possible_inattention"], number
            assert watch in boxes["possible_inattention"], number
    assert seen == [88]
