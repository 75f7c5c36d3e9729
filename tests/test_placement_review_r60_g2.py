"""Physician review R60, Q2(b) (must-fix): suicide boxes where the text holds a conditional transfer. Expectations
typed from the ruling's words (placement day 02 Dec 2026), never computed by iopkit.

In a case whose withdrawal step can end in a transfer ("arrange transfer now" or "if transferred" inside a condition:
R58 M1a's "otherwise, on the re-score: if 15 or more, ...: arrange transfer now to medically managed withdrawal (ED,
or 4-WM)", R60 Q2(a)'s "on the re-score, intoxicated or not: if 15 or more, ...", Q3's joined "on the re-scores,
intoxicated or not: if a CIWA-Ar of 15 or more, ...") and which has a suicide box asking for the assessment "before the
patient leaves" (suicide_risk_low, suicide_risk_moderate, PHQ-9 item 9 positive, and their rated_below_suggestion_d3
twin), that box's action says, before "; record the reason ..." where present:

    ; if transferred before it is done: at handover tell the receiving team that {screen}, and ask them for a suicide
    risk assessment with safety planning, without delaying the transfer

and the headline, after "then, before the patient leaves, a same-day suicide risk assessment", says "(if transferred:
ask the receiving team for it at handover)". Cases 223 352 506 652 of the 800 random cases now.

{screen} is the phrase the tool already prints at every other handover of that screen (R42 item 6's boxes, case 429):
a C-SSRS low risk "today's C-SSRS screen found a wish to be dead or non-specific suicidal thoughts", or of another day
"the C-SSRS screen of 20 Nov 2026 found a wish to be dead or non-specific suicidal thoughts (never assessed)" (the
ruling's example "was low risk" is not a phrase the tool prints: "use the same screen/date phrase the tool already
prints").

Reason (the ruling's): a positive screen needs a same-day assessment wherever the patient goes (C-SSRS, Posner et al.
2011); Joint Commission NPSG 15.01.01 (the handover is where a screen is lost).
"""

from __future__ import annotations

import re

import pytest

from iopkit.placement.recommendation import assessment_asked_at_handover, transfer_on_condition

from .random_placements import all_built, only_box

# --- the ruling's words, typed ----------------------------------------------------------------------------------------
#: the headline's addition
ASKED = "(if transferred: ask the receiving team for it at handover)"
#: the box's addition, its screen apart
BEFORE_DONE = "; if transferred before it is done: at handover tell the receiving team that "
ASK_PLANNED = ", and ask them for a suicide risk assessment with safety planning, without delaying the transfer"
RECORD = "; record the reason for the lower rating with the placement decision"
#: the screens as the tool prints them at a handover (R42 item 6's typed words)
LOW_TODAY = "today's C-SSRS screen found a wish to be dead or non-specific suicidal thoughts"
LOW_OLD = "the C-SSRS screen of 20 Nov 2026 found a wish to be dead or non-specific suicidal thoughts (never assessed)"
SCREENS = (
    LOW_TODAY,
    LOW_OLD,
    # after the merge with R60 Q2(a)/Q3(i): the moderate-risk screens as the tool prints them (was: without the
    # brackets, which no handover of the four cases said)
    "today's C-SSRS screen was moderate risk (method considered, or suicidal behaviour over 3 months ago)",
    "the C-SSRS screen of 20 Nov 2026 was moderate risk (method considered, or suicidal behaviour over 3 months ago; "
    "never assessed)",
    "today's PHQ-9 item 9 was positive",
    "the PHQ-9 item 9 of 20 Nov 2026 was positive (never assessed)",
)
#: the low-risk box's step, and the rating-below box that joins it
LOW = (
    "Suicide risk assessment by a qualified clinician today, before the patient leaves; review the safety plan and "
    "give the 988 Lifeline number"
)
#: the boxes of the four cases, whole
BOXES: dict[int, dict[str, str]] = {
    n: {
        "suicide_risk_low": f"{LOW}{BEFORE_DONE}{screen}{ASK_PLANNED}",
        "rated_below_suggestion_d3": f"{LOW}{BEFORE_DONE}{screen}{ASK_PLANNED}{RECORD}",
    }
    for n, screen in ((223, LOW_TODAY), (352, LOW_TODAY), (506, LOW_OLD), (652, LOW_TODAY))
}
CASES = (223, 352, 506, 652)
#: R60 Q2(a)'s branch, as the four headlines say it before the assessment since the merge with builder g1 (typed; was
#: R58 M1a's "otherwise, on the re-score: if 15 or more, ...; if delirium: no dose here; call emergency services for
#: the ED; if below 15: a prescriber treats on today's score ...")
R58_BRANCH = (
    "on the re-score, intoxicated or not: if 15 or more, or a seizure since the last score, or hallucinations, or "
    # R76 (was: "...(item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM)")
    "disorientation (item 10 at 2 or more): arrange transfer now by emergency services to medically managed "
    "withdrawal (ED, or 4-WM); "
    "staff with the patient until handover; if the patient declines transfer: the prescriber assesses and records "
    # R61 section 2 / R62 M2: the bridging dose of a patient not intoxicated, and the handover of the re-score and any
    # dose (was: "...services); if intoxicated: no dose here, and at handover tell the receiving team the breath ...")
    "capacity to decline (without capacity: transfer by emergency services; with capacity: record the advice given "
    "and the risks explained; arrange the highest level of care the patient accepts; any dose as the prescriber "
    "decides; tell the patient and any supportive person to call emergency services for a seizure, confusion, "
    # R73 1a (was: "...any worsening); if not intoxicated")
    "hallucinations or any worsening); the patient must not drive; if not intoxicated: a first dose before "
    # R63 SF1: the driving rule in the hold (was: "no dose here; at handover ... with the time (the patient must not
    # drive today); otherwise")
    "transfer only if it does not delay the transfer; if intoxicated: no dose here (the patient must not drive "
    "today); at handover tell the receiving team the CIWA-Ar re-score and any dose with its time, and, if "
    "intoxicated, the breath alcohol reading or the signs, with the time; otherwise, if intoxicated: no dose until it "
    "clears ("
)
#: case 223's headline from the branch's last words to its reasons (typed)
HEADLINE_223 = (
    # R60 Q2(a) (builder g1's, merged): "and not intoxicated" (was: "if below 15: a prescriber treats")
    "if below 15 and not intoxicated: a prescriber treats on today's score (medication at 10 or more; consider at "
    # R63 SF1: the Q2(a) headline's own driving clause after its treatment (was: "8-9); then, before")
    "8-9); if a dose is given: the patient must not drive today; then, before the patient leaves, a same-day suicide "
    "risk assessment (if transferred: ask the receiving team for it at handover) "
    "(CIWA-Ar in the moderate withdrawal band (CIWA-Ar of 20 Nov 2026, not re-scored today): dimension 1 rated 1, "
    "below the 2 it calls for; low suicide risk (C-SSRS screen): dimension 3 rated 1, below the 2 it calls for). "
    "Then, unless the review or the assessment finds more: Level 3.7"
)
#: cases 352 506 652's headline around the assessment (typed)
HEADLINE_AMBULATORY = (
    "re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit; then, before the patient leaves, a "
    "same-day suicide risk assessment (if transferred: ask the receiving team for it at handover); after a dose given "
    "on site, the patient goes home only if awake"
)


@pytest.mark.parametrize(("number", "code"), [(n, c) for n in CASES for c in BOXES[n]])
def test_the_four_cases_suicide_boxes_in_full(number: int, code: str) -> None:
    assert only_box(number, code) == BOXES[number][code]


def test_case_223_headline_asks_at_handover() -> None:
    headline = only_box(223, "headline")
    assert R58_BRANCH in headline
    assert HEADLINE_223 in headline


@pytest.mark.parametrize("number", (352, 506, 652))
def test_ambulatory_headlines_ask_at_handover(number: int) -> None:
    headline = only_box(number, "headline")
    assert R58_BRANCH in headline
    assert HEADLINE_AMBULATORY in headline
    assert headline.count(ASKED) == 1


# --- the rule on the text: typed headlines in the forms other builders write ------------------------------------------
#: R60 Q2(a)'s step (builder g1's form), typed from the ruling, with a same-day assessment after it
Q2A_HEADLINE = (
    "First: re-score the CIWA-Ar now (last 13 on 20 Nov 2026); ask what happened since (a seizure, confusion, a "
    "hospital visit, the last drink); before any dose: ask about any overdose or ingestion today and screen for "
    "intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood "
    "glucose; if delirium, or an overdose or ingestion: no dose here; call emergency services for the ED; staff with "
    "the patient until handover (naloxone if signs of opioid overdose); on the re-score, intoxicated or not: if 15 or "
    "more, or a seizure since the last score, or hallucinations, or disorientation (item 10 at 2 or more): arrange "
    "transfer now to medically managed withdrawal (ED, or 4-WM); staff with the patient until handover; if the "
    "patient declines transfer: the prescriber assesses and records capacity to decline (without capacity: transfer "
    "by emergency services; with capacity: record the advice given and the risks explained; arrange the highest level "
    "of care the patient accepts; any dose as the prescriber decides; tell the patient and any supportive person to "
    "call emergency services for a seizure, confusion, hallucinations or any worsening); if intoxicated: no dose "
    "here, and at handover tell the receiving team the breath alcohol "
    "reading or the signs, with the time; otherwise, if intoxicated: no dose until it clears (ask the patient to stay "
    "on site); if below 15 and not intoxicated: a prescriber treats on today's score (medication at 10 or more; "
    "consider at 8-9); then, before the patient leaves, a same-day suicide risk assessment; after a dose given on "
    "site, the patient goes home only if awake (low suicide risk (C-SSRS screen): dimension 3 rated 1). Then: Level 1."
)
#: R60 Q3's joined re-scores (builder g3's form), typed from the ruling, with safety planning
Q3_HEADLINE = (
    "First: re-score the CIWA-Ar and the COWS now (last 13 and 19 on 20 Nov 2026): before any dose: screen for "
    "intoxication; on the re-scores, intoxicated or not: if a CIWA-Ar of 15 or more, or a seizure since the last "
    "score, or hallucinations, or disorientation (item 10 at 2 or more): arrange transfer now to medically managed "
    "withdrawal (ED, or 4-WM); staff with the patient until handover; a first dose before transfer only if it does "
    "not delay the transfer; otherwise, if not intoxicated: a prescriber treats on today's scores; then, before the "
    "patient leaves, a same-day suicide risk assessment with safety planning; after a dose (moderate suicide risk). "
    "Then: Level 2.1."
)
#: a transfer ordered outright: its own words (typed)
OUTRIGHT = (
    "First: emergency medical evaluation: arrange transfer now (ED, or 4-WM); staff with the patient until handover; "
    "then, before the patient leaves, a same-day suicide risk assessment (x)."
)
#: a re-score with no transfer anywhere (typed)
NO_TRANSFER = (
    "First: re-score the CIWA-Ar now (last 6 on 20 Nov 2026); treat on the current score; then, before the patient "
    "leaves, a same-day suicide risk assessment (x)."
)
#: a branch whose handover asks for the assessment already (case 88's kind, typed)
ASKED_ALREADY = (
    "First: re-score the COWS now (last 48 on 20 Nov 2026); at a CIWA-Ar re-score of 8 or more: arrange transfer "
    "now (ED, or 3.7-WM/4-WM); at handover tell the receiving team that today's C-SSRS screen was moderate risk, and "
    "ask them for a suicide risk assessment with safety planning, without delaying the transfer; then, before the "
    "patient leaves, a same-day suicide risk assessment with safety planning; after a dose (x)."
)


@pytest.mark.parametrize("headline", (Q2A_HEADLINE, Q3_HEADLINE, ASKED_ALREADY))
def test_a_conditional_transfer_is_read_from_the_words(headline: str) -> None:
    assert transfer_on_condition(headline)


@pytest.mark.parametrize("headline", (OUTRIGHT, NO_TRANSFER))
def test_no_conditional_transfer(headline: str) -> None:
    assert not transfer_on_condition(headline)


def test_q2a_form_asks_at_handover() -> None:
    said = assessment_asked_at_handover(Q2A_HEADLINE)
    assert said == Q2A_HEADLINE.replace(
        "a same-day suicide risk assessment; after a dose",
        "a same-day suicide risk assessment (if transferred: ask the receiving team for it at handover); after a dose",
    )
    assert assessment_asked_at_handover(said) == said  # said once


def test_q3_form_asks_at_handover_after_safety_planning() -> None:
    assert assessment_asked_at_handover(Q3_HEADLINE) == Q3_HEADLINE.replace(
        "a same-day suicide risk assessment with safety planning; after a dose",
        "a same-day suicide risk assessment with safety planning (if transferred: ask the receiving team for it at "
        "handover); after a dose",
    )


@pytest.mark.parametrize("headline", (OUTRIGHT, NO_TRANSFER, ASKED_ALREADY))
def test_left_as_it_was(headline: str) -> None:
    assert assessment_asked_at_handover(headline) == headline


# --- the sweep over the 800 random cases ------------------------------------------------------------------------------
SUICIDE_BOXES = ("suicide_risk_low", "suicide_risk_moderate", "suicidal_ideation", "rated_below_suggestion_d3")
ON_SITE = "before the patient leaves"
#: a transfer said in a headline (typed: R42 item 6's, without the COWS escalation)
TRANSFER = re.compile(r"\barrange transfer\b|\bif transferred\b")
#: any handover of a suicide box (R42 item 6's forms and R60's)
HANDOVER = re.compile(r"\b[Aa]t handover (?:tell|give) the receiving team |\bat handover ask the receiving team for ")
#: the box's addition, whole, its screens one or more of :data:`SCREENS` joined as every handover joins them
BOX_SAID = re.compile(re.escape(BEFORE_DONE) + rf"(?P<screens>.+?){re.escape(ASK_PLANNED)}(?:{re.escape(RECORD)})?$")
#: the headline's assessment before the patient leaves, in its forms
SAME_DAY = re.compile(r"before the patient leaves, a same-day suicide risk assessment(?: with safety planning)?")
#: a headline that asks the receiving team for the assessment somewhere (R60's bracket, or an earlier handover's)
HEADLINE_ASKS = re.compile(
    r"\(if transferred: ask the receiving team for it at handover\)|\(if transferred: at handover tell the receiving "
    r"team |ask them for a suicide risk assessment"
)


def test_sweep_every_suicide_box_beside_a_conditional_transfer_hands_over() -> None:
    """Over the 800 cases: where the headline says a transfer, every suicide box asking for the assessment before the
    patient leaves hands over (R42 item 6's words or R60's); R60's words appear only there, whole, with the tool's
    screen phrases, before "; record the reason ..." and at the end otherwise, and the headline of such a case asks the
    receiving team for the assessment after its own same-day assessment; where no transfer is said, no box and no
    headline says R60's words."""
    unsaid, malformed, stray, headline_unasked, reached = [], [], [], [], set()
    for number, rec in all_built().items():
        headline = rec.headline  # type: ignore[attr-defined]
        transfer = TRANSFER.search(headline.replace(ASKED, "")) is not None
        if not transfer and ASKED in headline:
            stray.append((number, "headline"))
        for f in rec.flags:  # type: ignore[attr-defined]
            box = f.action or ""
            if f.code not in SUICIDE_BOXES or ON_SITE not in box:
                continue
            if not transfer:
                if BEFORE_DONE in box:
                    stray.append((number, f.code))
                continue
            if HANDOVER.search(box) is None:
                unsaid.append((number, f.code))
            if BEFORE_DONE not in box:
                continue
            reached.add(number)
            m = BOX_SAID.search(box)
            if m is None or not all(s in SCREENS for s in m["screens"].split(" and that ")):
                malformed.append((number, f.code))
            if not any(f"{m0[0]} {ASKED}" in headline for m0 in SAME_DAY.finditer(headline)):
                headline_unasked.append(number)
        if transfer and SAME_DAY.search(headline) and HEADLINE_ASKS.search(headline) is None:
            headline_unasked.append(number)
    assert unsaid == []
    assert malformed == []
    assert stray == []
    assert headline_unasked == []
    assert set(CASES) <= reached
