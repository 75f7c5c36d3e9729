"""Physician review R31 (/work/reviews/r31.md) on R30b M3's two old withdrawals (a CIWA-Ar of 20 Nov 2026 and a COWS of
20 Nov 2026 of 13 or more, neither re-scored today; placement day 02 Dec 2026): the expected words typed from the
reviewer's, never computed by iopkit.

- M1 (cases 377, 406, 585, 639, 781, 120): the plan's closing said "if both: 2-WM at least" while the escalation
  arranged medically managed withdrawal. Wanted: "...only if the re-scores do not find both withdrawals; if both: as
  arranged above (medically managed withdrawal), 2-WM only if the review and the prescriber record why ambulatory care
  is safe (alcohol and opioid withdrawal on 20 Nov 2026)", the recorded-reason gate of a same-day pair (case 5).
- M5 (headline 120, high C-SSRS beside the two old withdrawals): the driving advice was tied to the benzodiazepine pair
  ("..., and the patient must not drive"); wanted as 377: "...while the patient is on site; if any dose is given: the
  patient must not drive today".
- M2 (639, 273: old COWS 48 with an old moderate CIWA-Ar): the COWS branch treats and sends the patient home while the
  two-withdrawals step arranges medically managed withdrawal. Wanted in the headline and the COWS/CIWA-Ar boxes: "at a
  COWS re-score of 37 or more with a CIWA-Ar re-score of 8 or more: emergency evaluation now: arrange transfer now (ED,
  or 3.7-WM/4-WM); the patient must not drive"; 273's level "with 3.2-WM only if the re-scores do not find both
  withdrawals; if both: as arranged above".
- M3 (an old SEVERE or complicated CIWA-Ar with an old COWS of 13 or more: 119, 125, 470, 604, 723, 799; 55, 96, 343,
  439, 564, 699): the escalation "(two withdrawals)" said where the CIWA-Ar re-score may come back 8-14 (below the
  transfer) and the COWS still 13 or more; no plan without withdrawal management or with a bare level below what both
  call for: 125 "...; with 2-WM only if the review and the prescriber record why ambulatory care is safe; otherwise as
  arranged above", 470's 3.2-WM as M2's 273. Follow-up: the 2-WM closings (119, 604, 723, 799) in the same-day pair's
  form, "Then, only if the review and the prescriber record why ambulatory care is safe: ...; otherwise as arranged
  above"; the CIWA-Ar's and COWS's boxes say the two-withdrawals step as 377's do; the two screens of 125, 470, 273,
  639 each in its own branch, kept (R22 M1, R30a M1).
- S1 (377, 406, 585, 639, 781, 120, 273, 525, 608): the sedation watch in the headline only; wanted in the
  moderate_alcohol_withdrawal, *_opioid_withdrawal and buprenorphine_induction_threshold boxes: "if a benzodiazepine is
  given with buprenorphine or methadone: monitor sedation and breathing while the patient is on site (if transferred:
  until handover)", as 240's boxes say it.

Sources the reviewer cites: ASAM 2020 alcohol withdrawal management guideline, Rec II.6 and section III; ASAM Criteria
3rd ed. (withdrawal management level names); FDA labels and FDA 2016 boxed warning (benzodiazepines with opioids).
"""

from __future__ import annotations

import re

import pytest

from tests.random_placements import built, cases

#: R31 M1's closing, the reviewer's words ("1-WM" named in full as every plan names it).
CLOSING_M1 = (
    "with 1-WM ambulatory withdrawal management without extended on-site monitoring only if the re-scores do not find "
    "both withdrawals; if both: as arranged above (medically managed withdrawal), 2-WM only if the review and the "
    "prescriber record why ambulatory care is safe (alcohol and opioid withdrawal on 20 Nov 2026)."
)
#: The words R31 M1 retires.
AT_LEAST = "2-WM at least"


def _headline(number: int) -> str:
    return built(cases(800)[number]).headline


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=\.) (?=[A-Z])", text)


@pytest.mark.parametrize("number", [377, 406, 585, 639, 781, 120])
def test_m1_closing_as_arranged_above(number: int) -> None:
    h = _headline(number)
    assert h.endswith(CLOSING_M1), h
    assert AT_LEAST not in h, h


#: R31 M5's words for headline 120, as 377 says them.
# R65 SF1 (was: "... while the patient is on site; if any dose is given: ...")
# R75c 1 (was: "...(if transferred: until handover); if any dose is given: the patient must not drive today"): the
# headline's lead says the outright driving rule (LEAD_NO_DRIVING), the dose's conditional one dropped
WATCH_THEN_DRIVING = (
    "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient is "
    "on site (if transferred: until handover); re-score the CIWA-Ar within 1 hour of a dose"
)
#: R75 2: the lead's involuntary assessment followed by the outright driving rule
LEAD_NO_DRIVING = "(local involuntary-assessment procedure); the patient must not drive; and re-score the CIWA-Ar"


def test_m5_120_no_driving_after_any_dose() -> None:
    first = _sentences(_headline(120))[0]
    assert first.startswith("First: emergency evaluation for suicide risk"), first
    assert LEAD_NO_DRIVING in first, first
    assert WATCH_THEN_DRIVING in first, first
    assert "on site, and the patient must not drive" not in first, first


#: R31 M2's words, after the two-withdrawals escalation (R30b M3's words, kept).
SEVERE_BOTH = (
    "at a COWS re-score of 37 or more with a CIWA-Ar re-score of 8 or more: emergency evaluation now: arrange transfer "
    # R48 item 2: staff with the patient until handover straight after the transfer
    "now (ED, or 3.7-WM/4-WM); staff with the patient until handover; "
    # R51 3: the capacity to decline and the first dose's timing, as every other transfer-now branch says them
    "if the patient declines transfer: the prescriber assesses and records capacity to decline (without capacity: "
    "transfer by emergency services; with capacity: record the advice given and the risks explained; arrange the "
    "highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and any "
    "supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening); a first "
    "dose before transfer only if it does not delay the transfer; the "
    "patient must not drive"
)
# R64 S2: the branch read on its own guards its first dose before transfer (125 470 564, the alcohol and inattention
# boxes of 273, the alcohol box of 639); the 8 texts of 273 639 under R63 MF1 (c)'s guarded "otherwise, if not
# intoxicated, on the two re-scores:" keep SEVERE_BOTH (R64 S2: LEAVE) (was: "(without capacity: transfer by emergency
# services); a first dose before transfer")
SEVERE_BOTH_GUARDED = (
    "at a COWS re-score of 37 or more with a CIWA-Ar re-score of 8 or more: emergency evaluation now: arrange transfer "
    "now (ED, or 3.7-WM/4-WM); staff with the patient until handover; "
    "if the patient declines transfer: the prescriber assesses and records capacity to decline (without capacity: "
    "transfer by emergency services; with capacity: record the advice given and the risks explained; arrange the "
    "highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and any "
    "supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening); if not "
    "intoxicated: a first dose before transfer only if it does not delay the "
    "transfer; the patient must not drive"
)
TWO_WITHDRAWALS = (
    "at a CIWA-Ar re-score of 8 or more with a COWS re-score of 13 or more (two withdrawals): arrange medically "
    "managed withdrawal or a higher level of care"
)
#: 273's level closing, the reviewer's words (3.2-WM named in full as every plan names it).
CLOSING_273 = (
    "with 3.2-WM clinically managed residential withdrawal management only if the re-scores do not find both "
    "withdrawals; if both: as arranged above."
)
GOES_HOME = "after a dose given on site, the patient goes home only if"
ANY_DOSE = "if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today"


# R55 C: on the two re-scores made first, both before any dose, the emergency branch first and the escalation after
# the COWS's own dose
# R58 S2b: each branch names the re-score again (ruling (c)), the escalation at a COWS re-score of 13 to 36
SEVERE_BOTH_R55C = SEVERE_BOTH
TWO_WITHDRAWALS_R55C = (
    "at a CIWA-Ar re-score of 8 or more with a COWS re-score of 13 to 36 (two withdrawals): arrange medically managed "
    "withdrawal or a higher level of care"
)


@pytest.mark.parametrize("number", [639, 273])
def test_m2_severe_cows_with_ciwa_ar_an_emergency_evaluation(number: int) -> None:
    h = _headline(number)
    first = _sentences(h)[0]
    # R55 C: "otherwise, on the two re-scores: <the emergency branch>; ..." (was the escalation, then the branch)
    # R63 MF1 (c): "otherwise, if not intoxicated, on the two re-scores: " after the CIWA-Ar's transfer (was:
    # "otherwise, on the two re-scores: ")
    assert f"otherwise, if not intoxicated, on the two re-scores: {SEVERE_BOTH_R55C}; " in first, first
    assert first.count(SEVERE_BOTH_R55C) == 1, first
    assert first.index(SEVERE_BOTH_R55C) < first.index(TWO_WITHDRAWALS_R55C), first  # R55 C
    assert ANY_DOSE in first, first  # the dose's driving advice kept (no step lost)
    if GOES_HOME in first:  # the going-home words only after the emergency evaluation's condition
        assert first.index(SEVERE_BOTH_R55C) < first.index(GOES_HOME), first  # R55 C


def test_m2_273_level_closing() -> None:
    assert _headline(273).endswith(CLOSING_273), _headline(273)


@pytest.mark.parametrize("number", [639, 273])
@pytest.mark.parametrize("code", ["severe_opioid_withdrawal", "moderate_alcohol_withdrawal"])
def test_m2_boxes(number: int, code: str) -> None:
    boxes = {f.code: f.action for f in built(cases(800)[number]).flags}
    # R58 M2a: the severe COWS box says the headline's branches, its escalation at a COWS re-score of 13 to 36
    two = TWO_WITHDRAWALS_R55C if code == "severe_opioid_withdrawal" else TWO_WITHDRAWALS
    assert two in boxes[code], boxes[code]
    # R64 S2: the alcohol boxes of 273 639 guard the branch's first dose (was: SEVERE_BOTH in every box)
    severe_both = SEVERE_BOTH_GUARDED if code == "moderate_alcohol_withdrawal" else SEVERE_BOTH
    assert severe_both in boxes[code], boxes[code]


M3_CASES = [119, 125, 470, 604, 723, 799, 55, 96, 343, 439, 564, 699]
#: Of these, the old COWS above 36 (48): R31 M2's emergency evaluation too.
M3_SEVERE_COWS = {125, 470, 564}
#: 125's closing, the reviewer's words (2-WM named in full as every plan names it).
CLOSING_125 = (
    "Then, only if the review records why ambulatory care is safe: Level 1 (Outpatient), under 9 h/week of clinical "
    "services; with 2-WM ambulatory withdrawal management with extended on-site monitoring only if the review and the "
    "prescriber record why ambulatory care is safe; otherwise as arranged above."
)


@pytest.mark.parametrize("number", M3_CASES)
def test_m3_two_withdrawals_escalation_after_the_cows_rescore(number: int) -> None:
    first = _sentences(_headline(number))[0]
    cows = first.index("re-score the COWS now (last ")
    assert TWO_WITHDRAWALS in first[cows:], first
    assert first.count(TWO_WITHDRAWALS) == 1, first
    # R64 S2: 125 470 564 guard the branch's first dose (was: SEVERE_BOTH)
    assert SEVERE_BOTH not in first, first
    assert (SEVERE_BOTH_GUARDED in first) is (number in M3_SEVERE_COWS), first


@pytest.mark.parametrize("number", M3_CASES)
def test_m3_plan_names_withdrawal_management(number: int) -> None:
    closing = _sentences(_headline(number))[-1]
    assert closing.startswith("Then"), closing
    assert "-WM" in closing, closing


def test_m3_125_closing() -> None:
    assert _sentences(_headline(125))[-1] == CLOSING_125


def test_m3_470_closing() -> None:
    assert _headline(470).endswith(CLOSING_273), _headline(470)


S1_CASES = [377, 406, 585, 639, 781, 120, 273, 525, 608]
S1_CODES = frozenset(
    {
        "moderate_alcohol_withdrawal",
        "moderate_opioid_withdrawal",
        "moderately_severe_opioid_withdrawal",
        "severe_opioid_withdrawal",
        "buprenorphine_induction_threshold",
    }
)
#: R31 S1's words.
WATCH_S1 = (
    "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient is "
    "on site (if transferred: until handover)"
)


#: R60 Q3 joined / R61: the joined re-scores' transfer clause carries its own watch (typed from case 377's alcohol box).
JOINED_WATCH = (
    "if not intoxicated: a first dose before transfer only if it does not delay the transfer; if a benzodiazepine is "
    "given with buprenorphine or methadone: monitor sedation and breathing until handover; otherwise, if not "
    "intoxicated: a prescriber treats on today's score"
)


@pytest.mark.parametrize("number", S1_CASES)
def test_s1_boxes_say_the_sedation_watch(number: int) -> None:
    boxes = {f.code: f.action for f in built(cases(800)[number]).flags if f.code in S1_CODES}
    assert len(boxes) >= 2, boxes  # an alcohol box and an opioid box at least
    for code, box in boxes.items():
        assert WATCH_S1 in box, (code, box)
        # R61: "the sedation watch said twice in joined CIWA-Ar+COWS re-score texts: LEAVE" -- a box holding the joined
        # re-scores' transfer clause says its own watch once more (was: said once in every box).
        joined = JOINED_WATCH in box
        assert box.count("monitor sedation and breathing") == (2 if joined else 1), (code, box)
        if joined:
            assert box.count(JOINED_WATCH) == 1, (code, box)
        assert "(if transferred: until handover;" not in box, (code, box)  # no clause inside its bracket


#: R31 M3 follow-up: a 2-WM closing beside the old severe CIWA-Ar and the old COWS says the two-withdrawals gate, the
#: prescriber's record in it, and what follows otherwise, as a same-day pair (case 5) and 125 say it (the reviewer's
#: words: "2-WM only if the review and the prescriber record why ambulatory care is safe; otherwise as arranged above").
GATE_2WM = "Then, only if the review and the prescriber record why ambulatory care is safe: "
NOT_1WM_OLD = (
    "with 2-WM ambulatory withdrawal management with extended on-site monitoring (not 1-WM: opioid withdrawal on 20 "
    "Nov 2026 (COWS) and severe alcohol withdrawal on 20 Nov 2026 (CIWA-Ar)); otherwise as arranged above."
)
CLOSING_2WM = {
    119: f"{GATE_2WM}Level 2.1 (Intensive outpatient), 9 to under 20 h/week of clinical services; {NOT_1WM_OLD}",
    604: (
        f"{GATE_2WM}Level 1 (Outpatient), under 9 h/week of clinical services; with 2-WM ambulatory withdrawal "
        "management with extended on-site monitoring; otherwise as arranged above."
    ),
    723: f"{GATE_2WM}Level 1 (Outpatient), under 9 h/week of clinical services; {NOT_1WM_OLD}",
    799: f"{GATE_2WM}Level 2.1 (Intensive outpatient), 9 to under 20 h/week of clinical services; {NOT_1WM_OLD}",
}


@pytest.mark.parametrize("number", sorted(CLOSING_2WM))
def test_m3_2wm_closing_review_and_prescriber(number: int) -> None:
    closing = _sentences(_headline(number))[-1]
    assert closing == CLOSING_2WM[number], closing


#: R31 M3 follow-up: the CIWA-Ar's and the COWS's boxes beside the old severe or complicated CIWA-Ar and the old COWS
#: say the headline's two-withdrawals step, as 377's boxes do (and beside an old COWS above 36, R31 M2's evaluation).
CIWA_BOXES = frozenset({"severe_alcohol_withdrawal", "complicated_withdrawal", "moderate_alcohol_withdrawal"})
COWS_BOXES = frozenset(
    {"moderate_opioid_withdrawal", "moderately_severe_opioid_withdrawal", "severe_opioid_withdrawal"}
)


@pytest.mark.parametrize("number", M3_CASES)
def test_m3_boxes_say_the_two_withdrawals_step(number: int) -> None:
    boxes = {f.code: f.action for f in built(cases(800)[number]).flags if f.code in CIWA_BOXES | COWS_BOXES}
    assert boxes.keys() & CIWA_BOXES and boxes.keys() & COWS_BOXES, boxes
    for code, box in boxes.items():
        assert box.count(TWO_WITHDRAWALS) == 1, (code, box)
        # R64 S2: 125 470 564 guard the branch's first dose in every box (was: SEVERE_BOTH)
        assert SEVERE_BOTH not in box, (code, box)
        assert (SEVERE_BOTH_GUARDED in box) is (number in M3_SEVERE_COWS), (code, box)


#: R31 M3's "the screen is also said twice (125, 470, 273, 639)": each of the two screens sits in its own branch, the
#: COWS's "if still 37 or more, before any dose:" and, before it, the old severe CIWA-Ar's "if still 15 or more, ..."
#: transfer (125, 470) or, after it, the CIWA-Ar re-score's own dose (273, 639); a later dose keeps its own screen there
#: (R22 M1, R30a M1's ruling), so both stay.
#: R53 ruling 4: the COWS part's screen before its condition ("re-score the COWS now (...): before any dose: ...;
#: otherwise if still 37 or more, ..."), its own part's, covering the 13-36 dose too.
COWS_BRANCH_SCREEN = "re-score the COWS now (last 48 on 20 Nov 2026, severe): before any dose: "
# R63 S5 (was: "if still 15 or more, or a seizure since the last score, arrange transfer now")
CIWA_TRANSFER_BRANCH = (
    "if still 15 or more, or a seizure since the last score, or hallucinations, or disorientation (item 10 at 2 or "
    "more), arrange transfer now"
)


# R55 C: 273 and 639 re-score both first with one screen (tests/test_placement_review_r55c.py), no longer two
@pytest.mark.parametrize("number", [125, 470])
def test_m3_two_screens_each_in_its_own_branch(number: int) -> None:
    first = _sentences(_headline(number))[0]
    assert first.count("before any dose: ") == 2, first
    assert first.count(COWS_BRANCH_SCREEN) == 1, first
    screens = [m.start() for m in re.finditer("before any dose: ", first)]
    cows = first.index(COWS_BRANCH_SCREEN) + len(COWS_BRANCH_SCREEN) - len("before any dose: ")  # R53 ruling 4
    if number in (125, 470):  # the CIWA-Ar transfer's branch first, its screen in it
        assert screens[1] == cows, first
        assert first.index(CIWA_TRANSFER_BRANCH) < screens[0], first
    else:  # the COWS's branch first; the CIWA-Ar re-score's dose after it with its own screen
        assert screens[0] == cows, first
        assert re.search(r"re-score the CIWA-Ar now \(last \d+ on 20 Nov 2026\); before any dose: ", first), first


#: R31 M2's emergency evaluation beside a C-SSRS screen of high risk: R13 must-fix M3's common rule (no 3.7-WM beside
#: a suicide emergency; one setting that can manage both, as the COWS flag's own complicating condition says there).
SEVERE_BOTH_SUICIDE_AT = (
    "at a COWS re-score of 37 or more with a CIWA-Ar re-score of 8 or more: emergency evaluation for suicide risk and "
    "emergency medical evaluation in one setting that can manage both: arrange transfer now (ED)"
)
# R42 item 3 (R32 should-fix S1): beside the C-SSRS high the transfer is followed by its sibling branch's handover
# bracket, verbatim, the screen named by its day (was: "arrange transfer now (ED); the patient must not drive")
TOLD_IF_TRANSFERRED = (
    " (if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its "
    "time, that {screen} was high risk, and whether the emergency evaluation for suicide risk was completed here (if "
    "so, its findings); safety precautions until handover; do not delay the transfer for it)"
)
SCREEN_NAMED = {"today": "today's C-SSRS screen", "old": "the C-SSRS screen of 20 Nov 2026"}


@pytest.mark.parametrize("cssrs", ["old", "today"])
@pytest.mark.parametrize("ciwa", ["mod13", "sev21"])
def test_m2_beside_a_suicide_emergency_one_setting(cssrs: str, ciwa: str) -> None:
    from tests.random_placements import SCORES
    from tests.test_placement_headline_review_r7_old_scores import recommended

    old = [("ciwa_ar", SCORES["ciwa_ar"][ciwa]), ("cows", SCORES["cows"]["48"])]
    screen = [("cssrs_screen", SCORES["cssrs_screen"]["high"])]
    r = recommended({}, old=old + (screen if cssrs == "old" else []), today=screen if cssrs == "today" else [])
    told = TOLD_IF_TRANSFERRED.format(screen=SCREEN_NAMED[cssrs])
    if ciwa == "sev21":
        # R67 F1 (was: "the last CIWA-Ar and COWS scores and any dose with its time"): the old severe re-score screens
        # for delirium (R65 F1), so the handover tells the screen (R64 S3, R65 F2)
        told = told.replace(
            "the last CIWA-Ar and COWS scores and any dose",
            "the last CIWA-Ar and COWS scores, the delirium screen and any dose",
        )
    severe_both_suicide = f"{SEVERE_BOTH_SUICIDE_AT}{told}; the patient must not drive"
    said = [r.headline] + [f.action for f in r.flags if severe_both_suicide[:60] in f.action]
    assert severe_both_suicide in r.headline, r.headline
    assert len(said) >= 3, said  # the headline and at least the COWS and CIWA-Ar boxes
    for text in said:
        assert severe_both_suicide in text, text  # R42 item 3: the boxes that repeat the branch tell it too
        assert SEVERE_BOTH not in text, text
        assert SEVERE_BOTH_GUARDED not in text, text  # R64 S2: nor the guarded form
        assert "3.7-WM/4-WM" not in text.split(severe_both_suicide[:60])[1].split(";")[0], text
