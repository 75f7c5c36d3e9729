"""Physician review R30b, must-fix M3 (open since R28 M3): two OLD withdrawals, a moderate CIWA-Ar (13, or 14 with item
10 at 1) and a COWS of 13 or more, both of 20 Nov 2026 (placement day 02 Dec 2026), neither re-scored today (cases
377, 406, 585, 639, 120, 781 of the 800; thiamine missing in 240, 273, 525, 608), the expected words typed from the
reviewer's.

Before, the headline said each re-score with its own bare "treat on the current score": no screen before any dose, no
thiamine, no escalation for two withdrawals, no sedation watch in some, and the plan closed with 1-WM. Ruled (case 377,
the reviewer's words): one re-score of both, one screen before any dose with thiamine and blood glucose (the overdose
question first beside a C-SSRS high or moderate risk, R16 S5), "otherwise treat on the current scores", the escalation
"at a CIWA-Ar re-score of 8 or more with a COWS re-score of 13 or more (two withdrawals)", the benzodiazepine's
sedation watch, no driving after any dose; the plan "with 1-WM only if the re-scores do not find both withdrawals; if
both: 2-WM at least (not 1-WM: alcohol and opioid withdrawal on 20 Nov 2026)". Same shape as R28 M2 (the old moderate
CIWA-Ar beside today's COWS: tests/test_placement_headline_review_r28_m2.py).

Sources the reviewer cites: ASAM Alcohol Withdrawal Management Guideline 2020 (thiamine, blood glucose and
intoxication assessed before medication; ambulatory management only at low risk of complicated withdrawal); ASAM
Criteria 2013, dimension 1 (withdrawal from more than one substance at once); FDA Drug Safety Communication, 20 Sep
2017 (benzodiazepines with buprenorphine or methadone).

Cases: ``tests.random_placements.cases(800)[N]``; every expected text typed from the ruling, never computed by iopkit.
"""

from __future__ import annotations

import itertools
import re

import pytest

from tests.intoxication_screens import (
    INSISTS,
    INSISTS_ON_LEAVING,
    NEXT_TRANSFER,
    NOT_CLEARED_CIWA,
    NOT_CLEARED_COWS,
    STAY,
    SUICIDE_WAIT,
    r32a,
)
from tests.intoxication_screens import TOLD as TOLD_INTOXICATION
from tests.random_placements import Case, built, cases

# R31 M4 (physician review R31, must-fix M4, and S5) and R30b M4: the screens' holds re-typed in R28 M2's file, read
# here (the same words, typed once).
# The screen (no C-SSRS high or moderate risk) and the same beside one (the overdose question first, its hold to the
# ED: R16 S5), typed once, in R28 M2's ruling: the reviewer types the same words
from tests.test_placement_headline_review_r28_m2 import SCREEN, SCREEN_ASKED

#: The escalation both re-scores found call for, the reviewer's words.
TWO_WITHDRAWALS = (
    "at a CIWA-Ar re-score of 8 or more with a COWS re-score of 13 or more (two withdrawals): arrange medically "
    "managed withdrawal or a higher level of care"
)
#: R27 M1's handover after an escalation that may follow a dose (every such step tells the receiving team the last
#: scores and any dose with its time): kept, though the reviewer's words for case 377 omit it (the brief: no step the
#: headline must keep is lost).
TOLD = "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time"
#: R64 S3: where the re-score screens for delirium (R60 Q4: 377 and 781, item 10 at 1) the handover tells the screen
#: (was: TOLD)
TOLD_S3 = (
    "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and any "
    "dose with its time"
)
#: The sedation watch and the driving advice, the reviewer's words.
WATCH = (
    "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient is "
    "on site"
)
NO_DRIVING = "if any dose is given: the patient must not drive today"
#: The plan's closing, the reviewer's words; "1-WM" named in full as every plan names it (adapted: the reviewer
#: abbreviates "with 1-WM only if ..."). R31 M1: "if both: 2-WM at least (not 1-WM: ...)" contradicted the escalation;
#: now "if both: as arranged above (medically managed withdrawal), 2-WM only if the review and the prescriber record why
#: ambulatory care is safe (...)", the R31 reviewer's words.
ONE_WM_UNLESS_BOTH = (
    "with 1-WM ambulatory withdrawal management without extended on-site monitoring only if the re-scores do not find "
    "both withdrawals; if both: as arranged above (medically managed withdrawal), 2-WM only if the review and the "
    "prescriber record why ambulatory care is safe (alcohol and opioid withdrawal on 20 Nov 2026)."
)
UNLESS_BOTH = "only if the re-scores do not find both withdrawals"

#: Case 377 (ratings {5: 2}; CIWA-Ar 14 with item 10 at 1 old, COWS 19 old): the whole headline. The first step is the
#: reviewer's words; the reasons in brackets, the withdrawal risk assessment (PAWSS) and the plan's level are kept as
#: the headline said them before (the reviewer's "..."; the brief: no step the headline had is lost), the closing in
#: the reviewer's words (:data:`ONE_WM_UNLESS_BOTH`). Item 10 at 1 of another day: its step was a re-score with no
#: delirium screen of its own, so none is added or lost.
#: R39 C10: the going-home sentence where a CIWA-Ar and a COWS are re-scored (case 204's form), the physician's words.
HOME_204 = (
    "after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    # R32 S3/S4 with R39 C10: 377's step names buprenorphine as a dose ("if a benzodiazepine is given with
    # buprenorphine or methadone"): S3's condition last of the patient's, "and" moved before it
    "roused, walks steadily, has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, and has a COWS "
    "re-score after the last buprenorphine dose no higher than before it (no precipitated withdrawal), with a "
    "supportive person to stay overnight, with naloxone in hand and the supportive person shown how to use it, and the "
    "patient and the supportive person told not to add alcohol or other sedatives"
    # R32 S3/S4 with R39 C10: the plain going-home sentence ends with S4's words
    # R43 M1: 'until they are met' -> 'until these conditions are met' ('they' misread as the patient)
    "; otherwise the patient stays on site until these conditions are met, or a higher level of care is arranged"
)
HEADLINE_377 = (
    "First: re-score the CIWA-Ar and the COWS now (last 14 and 19 on 20 Nov 2026); before any dose: screen for "
    "intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood "
    "glucose; if intoxicated: no dose here (the patient must not drive today); otherwise treat on the current scores; "
    "at a CIWA-Ar re-score of 8 or more "
    "with a COWS re-score of 13 or more (two withdrawals): arrange medically managed withdrawal or a higher level of "
    "care; " + TOLD + "; "  # R27 M1's handover (:data:`TOLD`), not in the reviewer's words
    "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the "
    # R65 SF1 (was: "patient is on site; if any dose is given: ...")
    "patient is on site (if transferred: until handover); if any dose is given: the patient must not drive today"
    # R39 C10: at Level 2.1 the old scores' re-score is a dose given on site: the CIWA-Ar's re-score after it and the
    # going-home sentence (case 204's form, naloxone outright)
    "; re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit; "
    + HOME_204
    + " (CIWA-Ar item 10 at 1 (cannot do "
    "serial additions or uncertain about date) (CIWA-Ar of 20 Nov 2026, not re-scored today), CIWA-Ar in the moderate "
    "withdrawal band (CIWA-Ar of 20 Nov 2026, not re-scored today), COWS 13-24 (moderate withdrawal) (COWS of 20 Nov "
    "2026, not re-scored today): dimension 1 rated 1, below the 2 they call for). Also before deciding the setting: "
    "assess withdrawal risk today (ask about past withdrawal seizures or delirium tremens; score the PAWSS); if a past "
    "seizure or delirium tremens, or a PAWSS of 4 or more: 3.7-WM unless the reason is recorded (withdrawal risk not "
    "assessed). Then, unless the review or the assessment finds more: Level 2.1 (Intensive outpatient), 9 to under "
    "20 h/week of clinical services; " + ONE_WM_UNLESS_BOTH
)
#: The first step beside a C-SSRS high or moderate risk (781 moderate, old; 120 high, today): the overdose form.
FIRST_ASKED = (
    "re-score the CIWA-Ar and the COWS now (last {ciwa} and {cows} on 20 Nov 2026); " + SCREEN_ASKED + "treat on the "
    "current scores; " + TWO_WITHDRAWALS + "; " + TOLD + "; " + WATCH
)
#: Physician review R32 M1: what the "if transferred" handover tells of the screens (781: an old C-SSRS moderate; 120:
#: today's C-SSRS high and PHQ-9 item 9), the reviewer's words.
R32_M1_TOLD = {
    781: (
        ", that the C-SSRS screen of 20 Nov 2026 was moderate risk (method considered, or suicidal behaviour over 3 "
        "months ago; never assessed), and ask them for a suicide risk assessment with safety planning (do not delay "
        "the transfer for it)"
    ),
    120: (
        ", that today's C-SSRS screen was high risk and that today's PHQ-9 item 9 was positive, and whether the "
        "emergency evaluation for suicide risk was completed here (if so, its findings); safety precautions, staff "
        "with the patient, until handover"
    ),
}
#: Case 639 (COWS 48 old): R18 M3's branch kept, its screen with thiamine; then the CIWA-Ar re-score behind the screen,
#: treating on both current scores, the escalation and the watch.
#: R53 ruling 4: the screen before "if still 37 or more", covering the COWS re-score's 13-36 dose too.
BRANCH_639 = (
    "First: re-score the COWS now (last 48 on 20 Nov 2026, severe): " + SCREEN + "if still 37 or more, a prescriber "
    "treats withdrawal now, before the patient leaves: buprenorphine, or methadone as the COWS flag says; re-score the "
    "COWS after dosing"
)
RESCORE_639 = (
    "re-score the CIWA-Ar now (last 13 on 20 Nov 2026); " + SCREEN + "treat on the current scores; " + TWO_WITHDRAWALS
)
#: The boxes of 377, each re-score screened the same way (R30a S4: a box's own earlier screen guards its re-score).
CIWA_BOX_377 = "Re-score the CIWA-Ar now (last 14 on 20 Nov 2026); " + SCREEN + "treat on the current score"
COWS_BOX_377 = "Re-score the COWS now (last 19 on 20 Nov 2026); " + SCREEN + "treat on the current score"
#: R69 D 1 (was: COWS_BOX_377, "Re-score the COWS now (last 19 on 20 Nov 2026); before any dose: screen for
#: intoxication ...; if intoxicated: ..."): the COWS boxes' screen after the first step's CIWA-Ar re-score and delirium
#: screen, delirium's hold before intoxication's
COWS_BOX_377_R69D = COWS_BOX_377.replace(
    "(last 19 on 20 Nov 2026); before any dose: ",
    "(last 19 on 20 Nov 2026); after the first step's CIWA-Ar re-score and delirium screen (CAM or 4AT), before any "
    "dose: ",
).replace(
    "; if intoxicated: ",
    "; if delirium: no dose here; call emergency services for the ED; staff with the "
    "patient until handover; if intoxicated: ",
    1,
)

# physician review R32 (a) (its four settings), R33 S1, R34 S1/S2: the holds of these steps (the re-scores' transfer
# "if transferred"; beside an emergency evaluation for suicide risk, staff stay; "the scores" beside both withdrawals;
# beside a same-day suicide risk assessment, that assessment first), r32a over the typed step
#: R60 Q4 (item 10 at 1) and S3 (R62; R63 2): the re-score screens for delirium and asks what happened since.
Q4 = " and screen for delirium (CAM or 4AT)"
SINCE = "; ask what happened since (a seizure, confusion, a hospital visit, the last drink)"
#: R60 Q4: delirium's hold before the intoxication hold.
DELIRIUM_HOLD = "if delirium: no dose here; call emergency services for the ED; staff with the patient until handover; "
#: R60 Q3 (joined) with R61 and R62 M1/M3 (g3, h1, h2): the joined re-scores' severe branch, then the treatment only if
#: not intoxicated (was: "otherwise treat on the current scores"); its destination (DEST) and decline clause apart.
JOINED_HEAD = (
    "on the re-scores, intoxicated or not: if a CIWA-Ar of 15 or more, or a seizure since the last score, or "
    "hallucinations, or disorientation (item 10 at 2 or more): "
)
# R76 (was: "arrange transfer now to medically managed withdrawal (ED, or 4-WM)")
DEST = "arrange transfer now by emergency services to medically managed withdrawal (ED, or 4-WM)"
JOINED_TAIL = (
    "if not intoxicated: a first dose before transfer only if it does not delay the transfer; if a benzodiazepine is "
    "given with buprenorphine or methadone: monitor sedation and breathing until handover; otherwise, if not "
    "intoxicated: a prescriber treats on today's scores"
)
CAPACITY = (
    "if the patient declines transfer: the prescriber assesses and records capacity to decline (without capacity: "
    "transfer by emergency services; with capacity: record the advice given and the risks explained; arrange the "
    "highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and any "
    "supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening)"
)
LEAVES = (
    "if the patient declines transfer or tries to leave: staff stay with the patient and call emergency services for "
    # R75 2 (was: "...(local involuntary-assessment procedure)" without the driving rule)
    "an emergency mental-health assessment (local involuntary-assessment procedure); the patient must not drive"
)
# R73 1a (was: "{CAPACITY}; {JOINED_TAIL}"): the branch's driving rule straight after the capacity bracket
CAPACITY_1A = f"{CAPACITY}; the patient must not drive"
JOINED = f"{JOINED_HEAD}{DEST}; staff with the patient until handover; {CAPACITY_1A}; {JOINED_TAIL}"
HEADLINE_377_R60 = (
    HEADLINE_377.replace("(last 14 and 19 on 20 Nov 2026); ", f"(last 14 and 19 on 20 Nov 2026){Q4}{SINCE}; ")
    .replace("check blood glucose; if intoxicated", f"check blood glucose; {DELIRIUM_HOLD}if intoxicated")
    .replace("otherwise treat on the current scores", JOINED)
    # R64 S3: the delirium screen told at handover (was: TOLD)
    .replace(TOLD, TOLD_S3)
)
#: The same in 377's CIWA-Ar boxes ("today's score"; was: CIWA_BOX_377).
CIWA_BOX_377_R60 = (
    CIWA_BOX_377.replace("(last 14 on 20 Nov 2026); ", f"(last 14 on 20 Nov 2026){Q4}{SINCE}; ")
    .replace("check blood glucose; if intoxicated", f"check blood glucose; {DELIRIUM_HOLD}if intoxicated")
    .replace("otherwise treat on the current score", JOINED.replace("today's scores", "today's score"))
)
# R60 Q3/Q4, R61, R62 M1 and S3: HEADLINE_377_R60 (was: r32a(HEADLINE_377))
HEADLINE_377_R32 = r32a(HEADLINE_377_R60)
#: where a headline later says the same-day suicide risk assessment (781's words, test_781_no_driving_after_any_dose)
SAME_DAY_781 = "; then, before the patient leaves, a same-day suicide risk assessment"
_WHOLE_639 = f"{BRANCH_639}; {RESCORE_639}; {TOLD}"
SCREEN_639_R32 = r32a(SCREEN, _WHOLE_639)
#: The typed next steps of R32 (a)'s four settings (tests/intoxication_screens.py's words), for the sweep's oracle.
_HOMES = [
    f"{stay}; {cleared}; the patient must not drive today; {insists}"
    for stay in (STAY, STAY.replace("the score ", "the scores "))
    for cleared in (NOT_CLEARED_CIWA, NOT_CLEARED_COWS)
    for insists in (INSISTS, INSISTS_ON_LEAVING)
]
NEXT_STEPS = [
    NEXT_TRANSFER,
    SUICIDE_WAIT,
    SUICIDE_WAIT.replace("the score ", "the scores "),
    *_HOMES,
    *(f"if transferred, {TOLD_INTOXICATION}; if not: {home}" for home in _HOMES),
]


def _screens_r32(screen: str) -> list[str]:
    """``screen`` (typed before R32 (a)) with its hold in each of R32 (a)'s settings' typed words."""
    if "intoxicated: the patient must not drive today)" in screen:
        return [
            screen.replace("intoxicated: the patient must not drive today)", f"intoxicated: {n})") for n in NEXT_STEPS
        ]
    old = "if intoxicated: no dose here (the patient must not drive today)"
    return [
        screen.replace(old, f"if intoxicated: no dose {'here' if n == NEXT_TRANSFER else 'now'} ({n})")
        for n in NEXT_STEPS
    ]


def _case(number: int):  # type: ignore[no-untyped-def]
    return built(cases(800)[number])


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=\.) (?=[A-Z])", text)


def test_377_the_reviewers_headline() -> None:
    assert _case(377).headline == HEADLINE_377_R32


@pytest.mark.parametrize(("number", "ciwa", "cows"), [(781, 14, 19), (120, 13, 30)])
def test_beside_a_cssrs_high_or_moderate_the_overdose_question_first(number: int, ciwa: int, cows: int) -> None:
    h = _case(number).headline
    # physician review R32 M1: the "if transferred" handover tells the screens that stand (was: scores and dose alone)
    wanted = FIRST_ASKED.format(ciwa=ciwa, cows=cows).replace(f"{TOLD};", f"{TOLD}{R32_M1_TOLD[number]};", 1)
    # physician review R32 (a) (its four settings), R33 S1, R34 S1/S2: 120 beside the emergency evaluation for suicide
    # risk (staff stay), 781 the conditional transfer with the same-day suicide risk assessment first
    wanted = r32a(wanted, wanted + (SAME_DAY_781 if number == 781 else ""))
    # R60 Q4 (781: item 10 at 1), S3, and the joined re-scores' branch (R60 Q3, R61, R62 M1; 120 beside a high C-SSRS:
    # R62 M3's decline clause) (was: "(last N and M on 20 Nov 2026); ...; otherwise treat on the current scores; ...")
    q4 = Q4 if number == 781 else ""
    wanted = wanted.replace(" on 20 Nov 2026); ", f" on 20 Nov 2026){q4}{SINCE}; ", 1)
    if number == 781:
        wanted = wanted.replace(
            "check blood glucose; if an overdose", f"check blood glucose; {DELIRIUM_HOLD}if an overdose"
        )
    if number == 781:  # R64 S3: the delirium screen told at handover (was: TOLD)
        wanted = wanted.replace(TOLD, TOLD_S3)
    declines = LEAVES if number == 120 else CAPACITY_1A  # R73 1a (was: CAPACITY)
    # the destination left apart: beside a high C-SSRS (120) R63 MF2 rules it changes (open, not typed here)
    before, after = wanted.split("otherwise treat on the current scores", 1)
    first = _sentences(h)[0]
    assert f"{before}{JOINED_HEAD}" in first, h
    assert f"; staff with the patient until handover; {declines}; {JOINED_TAIL}{after}" in first, h
    if number == 781:
        assert f"{before}{JOINED_HEAD}{DEST}; " in first, h
    assert _sentences(h)[0].count("before any dose:") == 1, h
    assert h.endswith(ONE_WM_UNLESS_BOTH), h


def test_781_no_driving_after_any_dose() -> None:
    first = _sentences(_case(781).headline)[0]
    # R39 C10: the old CIWA-Ar's re-score after a dose before the same-day assessment
    rescore = "re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit"
    assert (
        # R65 SF1 (was: f"{WATCH}; {NO_DRIVING}; ...")
        f"{WATCH} (if transferred: until handover); {NO_DRIVING}; {rescore}; then, before the patient leaves, a "
        "same-day suicide risk assessment" in first
    )


#: R55 C: 639's first step re-scores both before any dose with one screen (tests/test_placement_review_r55c.py types
#: it in full); its screen then the two re-scores' branches, the escalation said without "re-score".
# R63 MF1 (a): the question after "both before any dose" (was: "..., both " then the screen's "before any dose: ")
R55C_BOTH_639 = (
    "First: re-score the COWS now (last 48 on 20 Nov 2026, severe) and the CIWA-Ar (last 13 on 20 Nov 2026), both "
    "before any dose; ask what happened since (a seizure, confusion, a hospital visit, the last drink); "
)
# R63 MF1 (c): the CIWA-Ar's transfer before the two re-scores (was: "; otherwise, on the two re-scores: ")
R55C_OTHERWISE = (
    "; on the re-scores, intoxicated or not: if a CIWA-Ar of 15 or more, or a seizure since the last score, or "
    # R76 (was: "...(item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM); ...")
    "hallucinations, or disorientation (item 10 at 2 or more): arrange transfer now by emergency services to "
    "medically managed withdrawal (ED, or 4-WM); staff with the patient until handover; if the patient declines "
    "transfer: the prescriber assesses and records capacity to decline (without capacity: transfer by emergency "
    "services; with capacity: record the advice given and the risks explained; arrange the highest level of care the "
    "patient accepts; any dose as the prescriber decides; tell the patient and any supportive person to call "
    "emergency services for a seizure, "
    # R73 1a (was: "...any worsening); if not intoxicated")
    "confusion, hallucinations or any worsening); the patient must not drive; if not intoxicated: a first "
    "dose before transfer only if it does not delay the transfer; otherwise, if not intoxicated, on the two re-scores: "
)
# R58 S2b: the escalation names the re-scores (ruling (c)), at a COWS re-score of 13 to 36
TWO_WITHDRAWALS_R55C = (
    "at a CIWA-Ar re-score of 8 or more with a COWS re-score of 13 to 36 (two withdrawals): arrange medically managed "
    "withdrawal or a higher level of care"
)


def test_639_keeps_r18_m3s_branch_with_the_screen_and_the_watch() -> None:
    h = _case(639).headline
    first = _sentences(h)[0]
    # physician review R32 (a) (its four settings), R33 S1, R34 S1: the holds' conditional-transfer words (*_R32)
    # R55 C: both re-scored first, one screen (was: BRANCH_639, then "; RESCORE_639; ", each screened)
    screen = SCREEN_639_R32.replace("; otherwise ", R55C_OTHERWISE)
    assert first.startswith(f"{R55C_BOTH_639}{screen}"), first
    assert first.count("before any dose: ") == 1, first
    assert TWO_WITHDRAWALS_R55C in first, first
    assert WATCH in first[first.index(TWO_WITHDRAWALS_R55C) :], first
    assert "give thiamine" not in first.replace(screen, ""), first  # every screen gives thiamine
    assert h.endswith(ONE_WM_UNLESS_BOTH), h


@pytest.mark.parametrize("number", [377, 406, 585, 639, 120, 781])
def test_the_wm_closing(number: int) -> None:
    assert _case(number).headline.endswith(ONE_WM_UNLESS_BOTH)


#: R63 SF4: 377's joined COWS and buprenorphine boxes carry the joined re-scores' clause, then the treatment only if not
#: intoxicated (was: "...policy); otherwise treat on the current score; ").
SF4_377 = (
    "policy); otherwise treat on the current score; ",
    "policy); on the re-scores, intoxicated or not: if a CIWA-Ar of 15 or more, or a seizure since the last score, "
    # R76 (was: "...(item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM); ...")
    "or hallucinations, or disorientation (item 10 at 2 or more): arrange transfer now by emergency services to "
    "medically managed withdrawal (ED, or 4-WM); staff with the patient until handover; if the patient declines "
    "transfer: the "
    "prescriber assesses and records capacity to decline (without capacity: transfer by emergency services; with "
    "capacity: record the advice given and the risks explained; arrange the highest level of care the patient "
    "accepts; any dose as the prescriber decides; tell the patient and any supportive person to call emergency "
    # R73 1a (was: "...any worsening); if not intoxicated")
    "services for a seizure, confusion, hallucinations or any worsening); the patient must not drive; if "
    "not intoxicated: a first dose before transfer only if it does not delay the transfer; otherwise, if not "
    "intoxicated: treat on the current score; ",
)


def test_377_boxes_say_the_headlines_screen() -> None:
    r = _case(377)
    boxes = {f.code: f.action for f in r.flags}
    # physician review R31 M5: a box that may give a dose says its driving advice (before: none); it re-scores the
    # CIWA-Ar alone, so no buprenorphine or methadone is named (R22 S1)
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a); R35 S3: "the scores", the case
    # scoring both withdrawals (its COWS flags beside the CIWA-Ar's), read from the case (case=r), not the box alone
    # R50 b6 Q2: the box says its sibling moderate_alcohol_withdrawal box's words, word for word (was: r32a(
    # f"{CIWA_BOX_377}; if a dose is given: the patient must not drive today", case=r))
    assert boxes["possible_inattention"] == boxes["moderate_alcohol_withdrawal"]
    # R60 Q3/Q4, R61, R62 M1, S3: CIWA_BOX_377_R60 (was: CIWA_BOX_377)
    assert boxes["possible_inattention"].startswith(
        r32a(f"{CIWA_BOX_377_R60}; {TWO_WITHDRAWALS}", f"{CIWA_BOX_377_R60}; {TWO_WITHDRAWALS}; {TOLD}")
    )
    assert "repeat the screen and the scores when it clears" in boxes["possible_inattention"]  # R35 S3, typed
    # R31 S1: the box read alone ends with the sedation watch, then (its "if transferred") the handover (R27 M1's words)
    # physician review R32 (a) (its four settings), R33 S1, R34 S1: the box's "if transferred": both branches (r32a)
    assert boxes["buprenorphine_induction_threshold"] == r32a(
        f"{COWS_BOX_377_R69D}; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and "
        "breathing while the patient is on site (if transferred: until handover); if transferred: at handover tell the "
        # R69 D 1 (was: "the last CIWA-Ar and COWS scores and any dose with its time")
        "receiving team the last CIWA-Ar and COWS scores, the delirium screen and any dose with its time; if any dose "
        "is given (a benzodiazepine, "
        "buprenorphine or methadone): the patient must not drive today"  # R31 M5: a box read alone says it
    ).replace(*SF4_377)
    for code, box in (
        ("moderate_alcohol_withdrawal", CIWA_BOX_377_R60),
        ("moderate_opioid_withdrawal", COWS_BOX_377_R69D),
    ):
        # physician review R32 (a), R33 S1, R34 S1: read in the box's sentence, which goes on to TOLD (r32a)
        expected = r32a(f"{box}; {TWO_WITHDRAWALS}", f"{box}; {TWO_WITHDRAWALS}; {TOLD}")
        if code == "moderate_opioid_withdrawal":
            expected = expected.replace(*SF4_377)  # R63 SF4 (was: "...policy); otherwise treat on the current score")
        assert boxes[code].startswith(expected), boxes[code]
    below = f"{CIWA_BOX_377_R60}; re-score the COWS now (last 19 on 20 Nov "
    assert boxes["rated_below_suggestion_d1"].startswith(r32a(below, f"{below}; {TWO_WITHDRAWALS}; {TOLD}"))
    assert TWO_WITHDRAWALS in boxes["rated_below_suggestion_d1"]


# --- the sweep: every old CIWA-Ar of 8 or more beside an old COWS of 13 or more --------------------------------------


def _two_old(case: Case) -> str | None:
    """The old CIWA-Ar's key where ``case`` gives a CIWA-Ar of 20 Nov 2026 of 8 or more and a COWS of 20 Nov 2026 of 13
    or more (neither of today: a case scores each instrument once), else ``None``: read from the case, not iopkit."""
    ciwa = [k for i, k, w in case.scores if i == "ciwa_ar" and k != "mild6" and w == "old"]
    cows = any(i == "cows" and k != "8" and w == "old" for i, k, w in case.scores)
    return ciwa[0] if ciwa and cows else None


def _asked(case: Case) -> bool:
    """A C-SSRS high or moderate risk, or a positive PHQ-9 item 9, of any day: the overdose question first (R16 S5;
    the PHQ-9 by physician review R30b, S7)."""
    return any(
        (i == "cssrs_screen" and k in ("high", "moderate")) or (i == "phq9" and k == "i9pos") for i, k, _ in case.scores
    )


def _rated_4(case: Case) -> bool:
    """Dimension 1, 2 or 3 rated 4: a transfer now leads, its own words."""
    return any(d in (1, 2, 3) and r == 4 for d, r in case.ratings)


def _wrong(case: Case) -> list[str]:
    ciwa = _two_old(case)
    if ciwa is None:
        return []
    h = built(case).headline
    step = " ".join(itertools.takewhile(lambda s: not s.startswith(("Also ", "Then")), _sentences(h)))
    closing = _sentences(h)[-1]
    wrong = []
    # no bare 1-WM, whatever the old CIWA-Ar's band
    if "with 1-WM" in closing and UNLESS_BOTH not in closing:
        wrong.append("a bare 1-WM")
    if ciwa in ("mod13", "mod13_i1"):  # the moderate band: the ruling's words (a severe or complicated one: its own)
        # R60 Q3 (joined), R61: the joined re-scores' first dose before transfer and "a prescriber treats on today's
        # score(s)" are doses too (was: the first four only)
        doses = ("treat on the current score", "treat withdrawal", "treats withdrawal", "gives", "a first dose")
        doses += ("treats on today's score",)
        dose = min(at for w in doses if (at := step.find(w)) >= 0)
        screen = SCREEN_ASKED if _asked(case) else SCREEN
        # physician review R32 (a) (its four settings), R33 S1, R34 S1/S2: the hold in any setting's typed words
        # R55 C: beside an old COWS above 36, both re-scored first, its one screen then "otherwise, on the two
        # re-scores: ..." and the escalation said without "re-score" (273, 639)
        screens = [*_screens_r32(screen), *(s.replace("; otherwise ", R55C_OTHERWISE) for s in _screens_r32(screen))]
        # R60 Q4: delirium's hold before the overdose/intoxication hold (item 10 at 1); R60 Q3 (joined), R61: the
        # hold is followed by the joined re-scores' severe branch, intoxicated or not (was: "; otherwise ")
        screens += [
            d.replace("; otherwise ", f"; {JOINED_HEAD}") if j else d
            for x in screens
            for d in (x, x.replace("check blood glucose; if ", f"check blood glucose; {DELIRIUM_HOLD}if ", 1))
            for j in (False, True)
        ]
        if not any(said in step[: dose + len("treat")] for said in screens):
            wrong.append("no screen with thiamine before the first dose")
        escalated = TWO_WITHDRAWALS in step or TWO_WITHDRAWALS_R55C in step  # R55 C
        if not _rated_4(case) and (not escalated or WATCH not in step):
            wrong.append("no two-withdrawals escalation or no sedation watch")
        if re.search(r"; treat on the current score(?!s)", step) and not _rated_4(case):
            wrong.append("a bare 'treat on the current score' left")
    return [f"{case}: {w}: {h}" for w in wrong]


@pytest.mark.parametrize("chunk", range(2))
def test_sweep_two_old_withdrawals(chunk: int) -> None:
    wrong = [w for case in cases(800)[chunk::2] for w in _wrong(case)]
    assert not wrong, "\n\n".join(wrong)


def test_the_sweep_reaches_the_named_cases() -> None:
    reached = {case.number for case in cases(800) if _two_old(case)}
    assert {377, 406, 585, 639, 120, 781, 240, 273, 525, 608} <= reached, sorted(reached)
