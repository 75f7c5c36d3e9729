"""Physician review R42 (/work/reviews/r42.md), items 2 and 3, both must-fix: the expected words typed from the
reviewer's, never computed by iopkit.

- Item 2 (R30b should-fix S2; cases 88, 249 and 657 of the 800: an old CIWA-Ar 13 or 14 of 20 Nov 2026, not re-scored,
  beside today's COWS 48). The headline's conditional thiamine ("and at a CIWA-Ar of 8 or more give thiamine and check
  blood glucose") contradicted its own boxes and a recent drinker gets thiamine whatever the re-score: "..., give
  thiamine and check blood glucose" (headline, the severe_opioid_withdrawal and rated_below_suggestion_d1 boxes). The
  branch "At 8 or more, alcohol withdrawal alongside, a complicating condition on the COWS flag:" is named by the
  re-score it reads: "At a CIWA-Ar re-score of 8 or more (alcohol withdrawal alongside, a complicating condition on the
  COWS flag):" (boxes: without "on the COWS flag"). The moderate_alcohol_withdrawal box (and dimension 1's box's
  trailing CIWA-Ar part) let a benzodiazepine be given unscreened beside severe opioid withdrawal about to get
  buprenorphine and left out the transfer a re-score of 8 or more calls for: "Re-score the CIWA-Ar now (last 13 on 20
  Nov 2026); before any dose: {screen}, give thiamine and check blood glucose; if {...}: no dose here ({hold}); at a
  CIWA-Ar re-score of 8 or more (alcohol withdrawal alongside, a complicating condition on the COWS flag): arrange
  transfer now (ED, or 3.7-WM/4-WM), a first dose before transfer only if it does not delay the transfer; otherwise
  treat on the current score; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and
  breathing while the patient is on site (if transferred: until handover); if a dose is given: the patient must not
  drive today" (88's box has the screen already: only from "at a CIWA-Ar re-score of 8 or more"). The
  severe_opioid_withdrawal box's home branch ends "; after a first dose of buprenorphine or methadone the patient must
  not drive today" (the headline's words).
- Item 3 (R32 should-fix S1; reachable, not in the 800): two old withdrawals' branch "at a COWS re-score of 37 or more
  with a CIWA-Ar re-score of 8 or more: emergency evaluation for suicide risk and emergency medical evaluation in one
  setting that can manage both: arrange transfer now (ED); the patient must not drive" beside a C-SSRS high of today
  sent a high-risk patient to the ED with no word of it: after "arrange transfer now (ED)" the sibling branch's bracket
  verbatim, in the headline and the severe_opioid_withdrawal, rated_below_suggestion_d1 and moderate_alcohol_withdrawal
  boxes. The reviewer's case: an old CIWA-Ar 13 and an old COWS 48 of 20 Nov 2026, a C-SSRS high today.

Sources the reviewer cites: ASAM 2020 alcohol withdrawal guideline (thiamine, intoxication and co-occurring withdrawal
before medication); FDA Drug Safety Communication 20 Sep 2017 (benzodiazepines with buprenorphine or methadone); C-SSRS
screener triage (Posner et al. 2011); Joint Commission NPSG 15.01.01 (the handover is where a screen is lost).
"""

from __future__ import annotations

import pytest

from iopkit.placement import Recommendation
from tests.random_placements import built, cases
from tests.test_placement_headline_review_r7_old_scores import recommended
from tests.test_placement_physician_cases import CIWA_MOD13, COWS_48, CSSRS_HIGH

# --- item 2: the reviewer's words, typed ------------------------------------------------------------------------------
SIGNS = "(breath alcohol above zero, or signs of sedative intoxication)"
#: the headline's and the COWS boxes' screen, thiamine whatever the re-score (88 asks about an overdose first: its
#: C-SSRS moderate risk)
# S3 (R62 should-fix, built by h2; R63 2 accepted it in these boxes): the question after the re-score (was: none)
ASK_SINCE = "ask what happened since (a seizure, confusion, a hospital visit, the last drink)"
SCREEN_PLAIN = (
    f"Before any dose: screen for intoxication {SIGNS}, give thiamine and check blood glucose; if intoxicated: "
)
# R60 Q4 (88: item 10 at 1): delirium's branch before the hold (was: "... and check blood glucose; if an overdose ...")
DELIRIUM_BRANCH = (
    "if delirium: no dose here; call emergency services for the ED; staff with the patient until handover; "
)
SCREEN_ASKED = (
    f"Before any dose: ask about any overdose or ingestion today and screen for intoxication {SIGNS}, give thiamine "
    f"and check blood glucose; {DELIRIUM_BRANCH}if an overdose or ingestion, or intoxicated: "
)
# R60 Q3 (iii): the complications after "8 or more" in every branch below (was: "At a CIWA-Ar re-score of 8 or more
# (alcohol withdrawal alongside, ...")
AT_8 = (
    "t a CIWA-Ar re-score of 8 or more (or, intoxicated or not, a seizure since the last score, hallucinations, or "
    "disorientation (item 10 at 2 or more)) "
)
HEADLINE_BRANCH = (
    f"A{AT_8}(alcohol withdrawal alongside, a complicating condition on the COWS flag): "
    # R76 ruling 2 (was: "arrange transfer now (ED, or 3.7-WM/4-WM); ")
    "arrange transfer now (a seizure, hallucinations, disorientation or a total of 15 or more: by emergency services, "
    "to the ED or 4-WM; otherwise: ED, or 3.7-WM/4-WM); "
)
BOX_BRANCH = (
    # R76 ruling 2 (was: "...(alcohol withdrawal alongside, a complicating condition): arrange transfer now (ED, or
    # 3.7-WM/4-WM); ")
    f"A{AT_8}(alcohol withdrawal alongside, a complicating condition): arrange transfer now (a seizure, "
    "hallucinations, disorientation or a total of 15 or more: by emergency services, to the ED or 4-WM; otherwise: "
    "ED, or 3.7-WM/4-WM); "
)
#: the words item 2 retires
RETIRED = ("and at a CIWA-Ar of 8 or more give thiamine", "At 8 or more, alcohol withdrawal alongside")
#: the CIWA-Ar box's branch, sedation watch and driving, from "at a CIWA-Ar re-score of 8 or more"; its first dose
#: before transfer told at handover as every box's that may dose before a transfer (physician review R26b, should-fix
#: S9, R23a finding 2: the standing rule's words, "if transferred: at handover tell the receiving team the last CIWA-Ar
#: and COWS scores and any dose with its time", which R42's quoted words leave out)
RESCORE_BRANCH = (
    f"a{AT_8}(alcohol withdrawal alongside, a complicating condition on the COWS flag): "
    # R50 item S3: the transfer's staff clause (was: "(ED, or 3.7-WM/4-WM), a first dose")
    # R76 ruling 2 (was: "arrange transfer now (ED, or 3.7-WM/4-WM); staff ...")
    "arrange transfer now (a seizure, hallucinations, disorientation or a total of 15 or more: by emergency services, "
    "to the ED or 4-WM; otherwise: ED, or 3.7-WM/4-WM); staff with the patient until handover; "
    # R53 B: the capacity to decline, as the headline's branch
    "if the patient declines transfer: the prescriber assesses and records capacity to decline (without capacity: "
    # R62 M1: the first dose before transfer guarded (was: "(without capacity: ...); a first dose before transfer")
    "transfer by emergency services; with capacity: record the advice given and the risks explained; arrange the "
    "highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and any "
    "supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening); "
    # R74 must-fix 1 (R73 1a's words; was: "...any worsening); if not intoxicated")
    "the patient must not drive; if not intoxicated: a first dose before transfer "
    "only if it does not delay the transfer; "
    "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time; "
    # R62 M1: the "otherwise" after a guarded dose says its guard (was: "otherwise treat on the current score")
    "otherwise, if not intoxicated: treat on the current score; if a benzodiazepine is given with buprenorphine or "
    "methadone: monitor "
    "sedation and breathing while the patient is on site (if transferred: until handover); if a dose is given: the "
    "patient must not drive today"
)
#: the same in dimension 1's rating-below box, which carries the COWS's words: its driving advice names every dose
#: (physician review R38, S2's rule for a box with the COWS's words beside a CIWA-Ar of 8 or more)
D1_RESCORE_BRANCH = (
    f"a{AT_8}(alcohol withdrawal alongside, a complicating condition on the COWS flag): "
    # R50 item S3: the transfer's staff clause (was: "(ED, or 3.7-WM/4-WM), a first dose")
    # R76 ruling 2 (was: "arrange transfer now (ED, or 3.7-WM/4-WM); staff ...")
    "arrange transfer now (a seizure, hallucinations, disorientation or a total of 15 or more: by emergency services, "
    "to the ED or 4-WM; otherwise: ED, or 3.7-WM/4-WM); staff with the patient until handover; "
    # R53 B: the capacity to decline, as the headline's branch
    "if the patient declines transfer: the prescriber assesses and records capacity to decline (without capacity: "
    # R62 M1: the first dose before transfer guarded (was: "(without capacity: ...); a first dose before transfer")
    "transfer by emergency services; with capacity: record the advice given and the risks explained; arrange the "
    "highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and any "
    "supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening); if not "
    "intoxicated: a first dose before transfer "
    "only if it does not delay the transfer; "
    # R62 M1: the "otherwise" after a guarded dose says its guard (was: "otherwise treat on the current score")
    "otherwise, if not intoxicated: treat on the current score; if a benzodiazepine is given with buprenorphine or "
    "methadone: monitor "
    "sedation and breathing while the patient is on site (if transferred: until handover); if any dose is given (a "
    "benzodiazepine, buprenorphine or methadone): the patient must not drive today"
)
#: 249's and 657's screen and hold before it (no overdose risk: the plain hold, as every box's; its "no dose now (...)"
#: the hold's own words, physician review R30b M4 and R35)
PLAIN_SCREEN_HOLD = (
    f"before any dose: screen for intoxication {SIGNS}, give thiamine and check blood glucose; if intoxicated: no dose "
    # R51 1: told at handover if transferred (the box's branch at 8 or more transfers), as the headline says it
    "now (if transferred, tell the receiving team at handover the breath alcohol reading or the signs, with the "
    "time; if not: ask the patient to stay on site and repeat the screen and the scores when it clears; if it has not "
    "cleared by the end of the session, or withdrawal worsens: arrange a higher level of care; the patient must not "
    "drive today; if the patient insists: offer a lift or a taxi, and follow local policy); "
)
#: 88's screen and hold, as its box said them already (C-SSRS moderate: the overdose question first)
ASKED_SCREEN_HOLD = (
    f"before any dose: ask about any overdose or ingestion today and screen for intoxication {SIGNS}, give thiamine "
    # R60 Q4: delirium's branch before the hold (was: "... and check blood glucose; if an overdose ...")
    f"and check blood glucose; {DELIRIUM_BRANCH}if an overdose or ingestion, or intoxicated: no dose here (an "
    "overdose or ingestion: "
    "call emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose; "
    # R51 1: told at handover if transferred (the box's branch at 8 or more transfers), as the headline says it
    "intoxicated: if transferred, tell the receiving team at handover the breath alcohol reading or the signs, with "
    "the time; if not: ask the patient to stay on site and repeat the screen and the scores when it clears; if it has "
    "not cleared by the end of the session, or withdrawal worsens: arrange a higher level of care; the patient must "
    "not drive today; if the patient insists on leaving: the same-day suicide risk assessment first (if too "
    "intoxicated to take part in it: staff stay with the patient and arrange an emergency evaluation for suicide "
    "risk); offer a lift or a taxi, and follow local policy); "
)
CIWA_BOX: dict[int, str] = {
    # R60 Q4: 88's re-score screens for delirium (was: "(last 14 on 20 Nov 2026); ")
    # S3: ASK_SINCE after the re-score (was: "...; before any dose: ...")
    # R64 S3: 88's handover tells its delirium screen (was: "the last CIWA-Ar and COWS scores and any dose with its
    # time")
    88: f"Re-score the CIWA-Ar now (last 14 on 20 Nov 2026) and screen for delirium (CAM or 4AT); {ASK_SINCE}; "
    f"{ASKED_SCREEN_HOLD}"
    + RESCORE_BRANCH.replace(
        "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its "
        "time; ",
        "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and "
        # R70 S (was: "any dose with its time; ")
        "any dose with its time, that today's C-SSRS screen was moderate risk, and ask them for a suicide risk "
        "assessment with safety planning, without delaying the transfer; ",
    ),
    249: f"Re-score the CIWA-Ar now (last 13 on 20 Nov 2026); {ASK_SINCE}; {PLAIN_SCREEN_HOLD}{RESCORE_BRANCH}",
    657: f"Re-score the CIWA-Ar now (last 13 on 20 Nov 2026); {ASK_SINCE}; {PLAIN_SCREEN_HOLD}{RESCORE_BRANCH}",
}
#: dimension 1's rating-below box's tail (88 and 249; 657 has no such box)
#: R69, ruling R67 must-fix 1 (was, 88: "delirium); re-score the CIWA-Ar now (last 14 on 20 Nov 2026) and screen for
#: delirium (CAM or 4AT); {ASK_SINCE}; {ASKED_SCREEN_HOLD}{D1_RESCORE_BRANCH}; record the reason ..."; 249: "delirium);
#: re-score the CIWA-Ar now (last 13 on 20 Nov 2026); {ASK_SINCE}; {PLAIN_SCREEN_HOLD}{D1_RESCORE_BRANCH}; record the
#: reason ..."): the second copy of the re-score step dropped altogether (the box's first part re-scores the old
#: CIWA-Ar), the sedation watch and the driving advice after it kept.
_D1_TAIL_R69 = (
    "delirium); if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the "
    "patient is on site (if transferred: until handover); if any dose is given (a benzodiazepine, buprenorphine or "
    "methadone): the patient must not drive today; record the reason for the lower rating with the placement decision"
)
D1_TAIL: dict[int, str] = {88: _D1_TAIL_R69, 249: _D1_TAIL_R69}
#: the COWS box's home branch, its end
HOME_END = (
    # R62 M1: the "otherwise" after the guarded first dose says its own guard (was: "Otherwise treat withdrawal now")
    "Otherwise, if not intoxicated, treat withdrawal now, before the patient leaves, as the prescriber decides: "
    "buprenorphine, or methadone "
    "only in an opioid treatment programme or under the 72-hour rule (given or dispensed on site, at most a 3-day "
    "supply while referral is arranged, not renewed or extended; never prescribed); re-score the COWS after dosing; "
    "emergency evaluation only for a complicating condition (vomiting or diarrhoea with fluids not kept down, unstable "
    "vital signs, other medical or psychiatric instability, pregnancy, alcohol or benzodiazepine withdrawal alongside, "
    "precipitated withdrawal that does not settle, delirium); after a first dose of buprenorphine or methadone the "
    "patient must not drive today"
)
SCREEN_OF = {88: SCREEN_ASKED, 249: SCREEN_PLAIN, 657: SCREEN_PLAIN}
CLASS = (88, 249, 657)


def _boxes(rec: Recommendation) -> dict[str, str]:
    return {f.code: f.action for f in rec.flags}


@pytest.fixture(scope="module")
def placed() -> dict[int, Recommendation]:
    return {n: built(cases(800)[n]) for n in CLASS}


@pytest.mark.parametrize("number", CLASS)
def test_item2_headline_thiamine_whatever_the_rescore(placed: dict[int, Recommendation], number: int) -> None:
    headline = placed[number].headline
    assert SCREEN_OF[number] in headline
    assert f"). {HEADLINE_BRANCH}" in headline
    assert headline.index(SCREEN_OF[number]) < headline.index(HEADLINE_BRANCH)
    for retired in RETIRED:
        assert retired not in headline


@pytest.mark.parametrize("number", CLASS)
def test_item2_cows_boxes_say_it_as_the_headline(placed: dict[int, Recommendation], number: int) -> None:
    boxes = _boxes(placed[number])
    codes = ["severe_opioid_withdrawal"] + (["rated_below_suggestion_d1"] if number in D1_TAIL else [])
    for code in codes:
        box = boxes[code]
        # R60 Q4: 88's re-score screens for delirium (was: "... on 20 Nov 2026). " for all three)
        screen = " and screen for delirium (CAM or 4AT)" if number == 88 else ""
        # S3: ASK_SINCE before the full stop (was: "... on 20 Nov 2026){screen}. ")
        assert box.startswith(
            f"Re-score the CIWA-Ar first (last {14 if number == 88 else 13} on 20 Nov 2026){screen}; {ASK_SINCE}. "
        )
        assert SCREEN_OF[number] in box
        assert f"). {BOX_BRANCH}" in box
        for retired in RETIRED:
            assert retired not in box


@pytest.mark.parametrize("number", CLASS)
def test_item2_cows_box_home_branch_no_driving(placed: dict[int, Recommendation], number: int) -> None:
    assert _boxes(placed[number])["severe_opioid_withdrawal"].endswith(HOME_END)


@pytest.mark.parametrize("number", CLASS)
def test_item2_ciwa_box_screen_hold_transfer_watch_driving(placed: dict[int, Recommendation], number: int) -> None:
    assert _boxes(placed[number])["moderate_alcohol_withdrawal"] == CIWA_BOX[number]


@pytest.mark.parametrize("number", sorted(D1_TAIL))
def test_item2_d1_box_trailing_ciwa_part(placed: dict[int, Recommendation], number: int) -> None:
    assert _boxes(placed[number])["rated_below_suggestion_d1"].endswith(D1_TAIL[number])


# --- item 3: the reviewer's case and words, typed ---------------------------------------------------------------------
ONE_SETTING_BRANCH = (
    "at a COWS re-score of 37 or more with a CIWA-Ar re-score of 8 or more: emergency evaluation for suicide risk and "
    "emergency medical evaluation in one setting that can manage both: arrange transfer now (ED)"
)
SIBLING_BRACKET = (
    " (if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its "
    "time, that today's C-SSRS screen was high risk, and whether the emergency evaluation for suicide risk was "
    "completed here (if so, its findings); safety precautions until handover; do not delay the transfer for it)"
)
TOLD_BRANCH = f"{ONE_SETTING_BRANCH}{SIBLING_BRACKET}; the patient must not drive"
#: the handovers each box said before, kept (the bracket is added, nothing dropped)
KEPT = {
    "severe_opioid_withdrawal": (
        "(if transferred: a first dose before transfer only if it does not delay the transfer; at handover tell the "
        "receiving team the last CIWA-Ar and COWS scores and any dose with its time)"
    ),
    "rated_below_suggestion_d1": (
        "(if transferred: a first dose before transfer only if it does not delay the transfer; at handover tell the "
        "receiving team the last CIWA-Ar and COWS scores and any dose with its time)"
    ),
    "moderate_alcohol_withdrawal": (
        "(two withdrawals): arrange medically managed withdrawal or a higher level of care; if transferred: at "
        f"handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time; {TOLD_BRANCH};"
    ),
}


@pytest.fixture(scope="module")
def high_beside_two_old() -> Recommendation:
    """The reviewer's hand-built case (/tmp/r42/s1.txt): old CIWA-Ar 13 and old COWS 48, C-SSRS high today."""
    return recommended(old=[("ciwa_ar", CIWA_MOD13), ("cows", COWS_48)], today=[("cssrs_screen", CSSRS_HIGH)])


def test_item3_headline_tells_the_high_risk_on_that_branch(high_beside_two_old: Recommendation) -> None:
    headline = high_beside_two_old.headline
    assert f"; {TOLD_BRANCH}; " in headline
    assert headline.count(ONE_SETTING_BRANCH) == 1
    # the sibling branch's bracket stands before it, as it did
    sibling = "a complicating condition listed on the COWS flag: emergency evaluation for suicide risk and emergency "
    assert (
        f"{sibling}medical evaluation in one setting that can manage both: arrange transfer now (ED){SIBLING_BRACKET}"
        in (headline)
    )


@pytest.mark.parametrize("code", sorted(KEPT))
def test_item3_boxes_tell_it_and_keep_their_handovers(high_beside_two_old: Recommendation, code: str) -> None:
    box = _boxes(high_beside_two_old)[code]
    assert TOLD_BRANCH in box
    assert box.count(ONE_SETTING_BRANCH) == 1
    assert KEPT[code] in box


def test_item3_not_said_without_a_high_risk() -> None:
    rec = recommended(old=[("ciwa_ar", CIWA_MOD13), ("cows", COWS_48)])
    said = [rec.headline, *(f.action for f in rec.flags)]
    assert any(
        "at a COWS re-score of 37 or more with a CIWA-Ar re-score of 8 or more: emergency evaluation now" in s
        for s in said
    )
    assert not any("C-SSRS" in s for s in said)


# --- item 2 beyond the 800: the same re-score first beside a C-SSRS high of today (R19 N1's variant), the CIWA-Ar
# box's transfer as that case's COWS box and headline say it (one setting that can manage both, never 3.7-WM beside a
# suicide emergency: physician review R13, must-fix M3; R18, must-fix M2) -------------------------------------------
# R60 Q3 (iii): AT_8 (was: "; at a CIWA-Ar re-score of 8 or more (alcohol withdrawal alongside, ...")
HIGH_RESCORE_BRANCH = (
    f"; a{AT_8}(alcohol withdrawal alongside, a complicating condition on the COWS flag): "
    "emergency evaluation for suicide risk and emergency medical evaluation in one setting that can manage both: "
    # R62 M1: the first dose and the "otherwise" guarded (was: "(ED), a first dose ...; otherwise treat on the ...")
    # R76 (was: "arrange transfer now (ED), if not intoxicated: ...")
    "arrange transfer now by emergency services (ED), if not intoxicated: a first dose before transfer only if it "
    "does not delay the "
    "transfer; if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with "
    "its time; otherwise, if not intoxicated: treat on the current score; if a benzodiazepine is given with "
    "buprenorphine or methadone: monitor sedation and "
    "breathing while the patient is on site (if transferred: until handover); if a dose is given: the patient must not "
    "drive today"
)


def test_item2_beside_a_high_risk_the_ciwa_box_transfers_to_one_setting() -> None:
    from tests.test_placement_headline_review_r18_oldciwa import _case

    rec = _case(CIWA_MOD13, COWS_48, "high")
    box = _boxes(rec)["moderate_alcohol_withdrawal"]
    # S3: ASK_SINCE after the re-score (was: "(last 13 on 20 Nov 2026); before any dose: ...")
    assert box.startswith(
        f"Re-score the CIWA-Ar now (last 13 on 20 Nov 2026); {ASK_SINCE}; before any dose: ask about any overdose "
    )
    assert box.endswith(HIGH_RESCORE_BRANCH)
    assert "3.7-WM" not in box
    # R60 Q3 (iii): AT_8 (was: "At a CIWA-Ar re-score of 8 or more (alcohol withdrawal alongside, ...")
    assert f"A{AT_8}(alcohol withdrawal alongside, a complicating condition on the COWS flag)" in (rec.headline)
