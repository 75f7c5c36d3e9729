"""Physician review R28 (addiction medicine / emergency medicine), must-fix M2: an OLD moderate CIWA-Ar (13, or 14 with
item 10 at 1; "CIWA-Ar of 20 Nov 2026, not re-scored today") beside TODAY's COWS of 13 or more (cases 312, 563, 33,
135 of the 800), the expected words typed from the ruling.

Before, the headline said "re-score the CIWA-Ar now (last 13 ...); treat on the current score; ... a prescriber's
review ...: before any dose: [ask about overdose and] screen for intoxication (...); if ...: no dose here; otherwise
treat withdrawal ...; arrange medically managed withdrawal or a higher level of care only for a complicating condition
(medical or psychiatric instability, co-occurring alcohol or benzodiazepine withdrawal, pregnancy)", and the plan
could close with 1-WM (135, 312). Ruled:

(a) alcohol withdrawal is possible, so the screen before any dose gives thiamine and checks blood glucose, in the
    words used elsewhere ("screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give
    thiamine and check blood glucose"), the overdose question first beside a C-SSRS high or moderate risk (R16 S5),
    and it guards any dose, the re-score's "treat on the current score" too;
(b) the escalation said as the CIWA-Ar re-score decides it, R27 M2's words as case 39 says them beside an old severe
    CIWA-Ar ("at a CIWA-Ar re-score of 8 or more (alcohol withdrawal alongside): arrange medically managed withdrawal or
    a higher level of care"; the COWS box with "or another complicating condition (...)"), never the generic "only for
    a complicating condition (... co-occurring alcohol ...)"; told at handover if transferred as R27 M1 tells every
    such escalation;
(c) never 1-WM: 2-WM as R27 M3 says it for the mirror case, "(not 1-WM: alcohol withdrawal on 20 Nov 2026 (CIWA-Ar)
    and opioid withdrawal today (COWS 19); 2-WM only if the review and the prescriber find it safe; otherwise as
    arranged above)".

Sources the reviewer cites: ASAM Alcohol Withdrawal Management Guideline 2020 (thiamine, blood glucose and
intoxication assessed before medication; ambulatory management only at low risk, with monitoring); ASAM Criteria 2013,
dimension 1 (withdrawal from more than one substance); R27 M2 and M3 (the mirror case's words).

Cases: ``tests.random_placements.cases(800)[N]``; every expected text typed from the ruling, never computed by iopkit.
"""

from __future__ import annotations

import itertools
import re

import pytest

from tests.intoxication_screens import r32a, without_holds
from tests.random_placements import Case, built, cases

# R31 M4 (physician review R31, must-fix M4, and S5): an overdose or ingestion held at the screen before a dose:
# call emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose
# (re-typed by /work/scripts/ovd_ed_retype.py).

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

#: (a) The screen, as the ruling types it (no C-SSRS high or moderate risk).
SCREEN = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    "thiamine and check blood glucose; if intoxicated: no dose here (the patient must not drive today); otherwise "
)
#: (a) The same beside a C-SSRS high or moderate risk: the overdose question first, its hold to the ED (R16 S5).
SCREEN_ASKED = (
    "before any dose: ask about any overdose or ingestion today and screen for intoxication (breath alcohol above "
    "zero, or signs of sedative intoxication), give thiamine and check blood glucose; if an overdose or ingestion, or "
    "intoxicated: no dose here (an overdose or ingestion: call emergency services for the ED, staff with the patient "
    "until handover, naloxone if signs of opioid overdose; intoxicated: the patient "
    "must not drive today); otherwise "
)
#: (b) The headline's escalation, and the COWS box's (R27 M2's words).
#: R60 Q3 (iii): the complications the re-score's escalation at 8 or more now names, typed from the ruling.
R60_Q3_III = (
    "(or, intoxicated or not, a seizure since the last score, hallucinations, or disorientation (item 10 at 2 or more))"
)
# R61 (h1's words for R60 Q3 (iii)): the complications no longer inside the escalation at 8 or more but in their own
# transfer now after it (was: "at a CIWA-Ar re-score of 8 or more (or, intoxicated or not, a seizure since the last
# score, ...) (alcohol withdrawal alongside): arrange ...")
AT_8 = (
    "at a CIWA-Ar re-score of 8 or more (alcohol withdrawal alongside): arrange medically managed withdrawal or a "
    "higher level of care"
)
AT_8_BOX = (
    "at a CIWA-Ar re-score of 8 or more (alcohol withdrawal alongside), or another complicating condition (medical or "
    "psychiatric instability, benzodiazepine withdrawal, pregnancy): arrange medically managed withdrawal or a higher "
    "level of care"
)
#: R61: the (iii) transfer now at 15 or more or a complication, intoxicated or not
AT_15 = (
    "intoxicated or not, at a CIWA-Ar re-score of 15 or more, or a seizure since the last score, or hallucinations, or "
    # R76 (was: "...(item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM)...")
    "disorientation (item 10 at 2 or more): arrange transfer now by emergency services to medically managed "
    "withdrawal (ED, or 4-WM); staff "
    "with the patient until handover; "
)
#: R63 MF2 (R62 S4), typed from the ruling: beside a C-SSRS high (33, 135) the same trigger's one destination is the
#: emergency evaluation in an ED that can also manage withdrawal (the text still says "arrange transfer now to
#: medically managed withdrawal (ED, or 4-WM)": red until MF2 is built)
AT_15_HIGH = AT_15.replace(
    # R76 (was: "arrange transfer now to medically managed withdrawal (ED, or 4-WM)", "... (arrange transfer now)")
    "arrange transfer now by emergency services to medically managed withdrawal (ED, or 4-WM)",
    "the emergency evaluation in an ED that can also manage withdrawal (arrange transfer now by emergency services)",
)
#: R61/R62: the decline clause (capacity; beside a C-SSRS high R62 M3's involuntary assessment)
DECLINE = (
    "if the patient declines transfer: the prescriber assesses and records capacity to decline (without capacity: "
    "transfer by emergency services; with capacity: record the advice given and the risks explained; arrange the "
    "highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and any "
    "supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening)"
)
DECLINE_HIGH = (
    "if the patient declines transfer or tries to leave: staff stay with the patient and call emergency services for "
    # R75 2 (was: "...(local involuntary-assessment procedure)" alone)
    "an emergency mental-health assessment (local involuntary-assessment procedure); the patient must not drive"
)
#: R62 S1: the first dose before transfer, guarded
FIRST_DOSE = "if not intoxicated: a first dose before transfer only if it does not delay the transfer"
AT_RESCORE = f"{AT_8}; {AT_15}{DECLINE}; {FIRST_DOSE}"
AT_RESCORE_BOX = f"{AT_8_BOX}; {AT_15}{DECLINE}"
AT_RESCORE_HIGH = f"{AT_8}; {AT_15_HIGH}{DECLINE_HIGH}"
AT_RESCORE_BOX_HIGH = f"{AT_8_BOX}, through the same emergency evaluation; {AT_15_HIGH}{DECLINE_HIGH}"
#: R62 S3 (accepted by R63): the interval history after the re-score
SINCE = "; ask what happened since (a seizure, confusion, a hospital visit, the last drink)"
#: R60 Q3 (ii): beside an emergency evaluation first (33, 135), the severe branch before "otherwise treat on the
#: current score", and the first dose before transfer after it (was: "otherwise treat on the current score").
R60_Q3_II = (
    "on the re-score, intoxicated or not: if 15 or more, or a seizure since the last score, or hallucinations, or "
    "disorientation (item 10 at 2 or more): the emergency evaluation in an ED that can also manage withdrawal "
    # R76 (was: "...manage withdrawal (arrange transfer now), staff with...")
    "(arrange transfer now by emergency services), staff with the patient until handover; otherwise, if not "
    "intoxicated: treat on the "
    # R65 F3 (was: "current score: a first dose before transfer only if it does not delay the transfer")
    "current score (if transferred for the suicide evaluation: a first dose before transfer only if it does not delay "
    "the transfer)"
)
# R62 M1: "otherwise, if not intoxicated:" (was: "otherwise treat on the current score: a first dose ...")
#: R60 Q4: case 563's last CIWA-Ar had item 10 at 1: the re-score screens for delirium, its hold before the others.
R60_Q4_SCREEN = " and screen for delirium (CAM or 4AT)"
R60_Q4_HOLD = "if delirium: no dose here; call emergency services for the ED; staff with the patient until handover; "


def _q4_563(text: str) -> str:
    """Case 563's words with R60 Q4's delirium screen and its hold (was: "(last 14 on 20 Nov 2026); before any
    dose: ..." and "check blood glucose; if an overdose ...")."""
    return text.replace("(last 14 on 20 Nov 2026)", f"(last 14 on 20 Nov 2026){R60_Q4_SCREEN}").replace(
        "check blood glucose; if an overdose", f"check blood glucose; {R60_Q4_HOLD}if an overdose"
    )


def _q3ii(text: str) -> str:
    """R60 Q3 (ii)'s words where 33's and 135's re-score said "otherwise treat on the current score"."""
    return text.replace("otherwise treat on the current score", R60_Q3_II, 1)


#: R63 SF2 (312 563) and R64 S1 (33 135, the emergency-evaluation form): the CIWA-Ar 15+ transfer said right after
#: the hold, before the plain treatment, which is now guarded (was: the hold's "...); otherwise treat ..." and the
#: transfer after "re-score the COWS 1-2 hours after dosing; at a CIWA-Ar re-score of 8 or more ...")
# R73 1a (was: f"{AT_15}{DECLINE}; {FIRST_DOSE}; ...")
SF2_TRANSFER = f"{AT_15}{DECLINE}; the patient must not drive; {FIRST_DOSE}; otherwise, if not intoxicated: "
S1_TRANSFER_HIGH = f"{AT_15_HIGH}{DECLINE_HIGH}; otherwise, if not intoxicated: "


def _sf2(text: str, high: bool = False) -> str:
    """R63 SF2 / R64 S1: the transfer moved to right after the hold (typed above), the escalation at 8 or more left
    where it was."""
    moved = S1_TRANSFER_HIGH if high else SF2_TRANSFER
    return (
        text.replace("must not drive today); otherwise treat", f"must not drive today); {moved}treat", 1)
        .replace(f"; {AT_RESCORE};", f"; {AT_8};", 1)
        .replace(f"{AT_RESCORE_BOX_HIGH}", f"{AT_8_BOX}, through the same emergency evaluation", 1)
        .replace(f"{AT_RESCORE_BOX}; ", f"{AT_8_BOX}; ", 1)
    )


#: (b) What the ruling removes.
GENERIC = "only for a complicating condition (medical or psychiatric instability, co-occurring alcohol"
#: (b) R27 M1's handover after the escalation.
TOLD = "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time"
#: R64 S3: where the re-score screens for delirium (R60 Q4: 563) the handover tells the screen (was: TOLD)
TOLD_S3 = (
    "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and any "
    "dose with its time"
)


def _s3(text: str) -> str:
    """R64 S3: case 563's handover of both scores tells its delirium screen (was: "the last CIWA-Ar and COWS scores
    and any dose with its time")."""
    return text.replace(
        "the last CIWA-Ar and COWS scores and any dose with its time",
        "the last CIWA-Ar and COWS scores, the delirium screen and any dose with its time",
    )


#: (c) The plan, R27 M3's mirror (COWS 19 today).
TWO_WM_19 = (
    "with 2-WM ambulatory withdrawal management with extended on-site monitoring (not 1-WM: alcohol withdrawal on 20 "
    "Nov 2026 (CIWA-Ar) and opioid withdrawal today (COWS 19); 2-WM only if the review and the prescriber find it "
    "safe; otherwise as arranged above)."
)
ONE_WM = "with 1-WM"
#: The 72-hour rule as the COWS box says it in full.
METHADONE_BOX = (
    "with buprenorphine, or methadone only in an opioid treatment programme or under the 72-hour rule (given or "
    "dispensed on site, at most a 3-day supply while referral is arranged, not renewed or extended; never prescribed)"
)
COWS_CODES = ("moderate_opioid_withdrawal", "moderately_severe_opioid_withdrawal", "severe_opioid_withdrawal")

# --- the named cases, their words typed -----------------------------------------------------------------------------

#: Case 563 (old CIWA-Ar 14 with item 10 at 1, today's COWS 19, today's PHQ-9 item 9 positive): its first step.
FIRST_563 = (
    # R62 S3: the interval history after the re-score (SINCE)
    f"First: re-score the CIWA-Ar now (last 14 on 20 Nov 2026){SINCE}; "
    f"{SCREEN}treat on the current score; then, before the "
    "patient leaves, a same-day suicide risk assessment (if transferred: at handover tell the receiving team the last "
    "CIWA-Ar and COWS scores and any dose with its time, that today's PHQ-9 item 9 was positive, and ask them for a "
    "suicide risk assessment once the patient is able to answer; do not delay the transfer for it), and a "
    "prescriber's review: treat withdrawal as the prescriber decides, with buprenorphine, or methadone as the COWS "
    "flag says; re-score the COWS 1-2 hours after dosing; if any dose is given (a benzodiazepine, buprenorphine or "
    f"methadone): the patient must not drive today; {AT_RESCORE}; if a benzodiazepine is given with buprenorphine or "
    "methadone: monitor sedation and breathing while the patient is on site ("
)
#: Case 312 (old CIWA-Ar 13, today's COWS 19, today's C-SSRS moderate, an old PHQ-9 item 9): its first step.
FIRST_312 = (
    # R62 S3: the interval history after the re-score (SINCE)
    f"First: re-score the CIWA-Ar now (last 13 on 20 Nov 2026){SINCE}; {SCREEN_ASKED}treat on the current score; then, "
    "before the patient leaves, a same-day suicide risk assessment with safety planning (if transferred: at handover "
    "tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time, that today's C-SSRS screen "
    "was moderate risk (method considered, or suicidal behaviour over 3 months ago) and that the PHQ-9 item 9 of 20 "
    "Nov 2026 was positive (never assessed), and ask them for a suicide risk assessment with safety planning once the "
    "patient is able to answer; do not delay the transfer for it), and a prescriber's review: treat withdrawal as the "
    "prescriber decides, with buprenorphine, or methadone as the COWS flag says; re-score the COWS 1-2 hours after "
    "dosing; if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today; "
    f"{AT_RESCORE}; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while "
    # R62 S2: the watch until handover if transferred (was: "while the patient is on site; ")
    "the patient is on site (if transferred: until handover); "
    # R46 Q5: the going-home sentence's CIWA-Ar condition needs the re-score after a dose, said right before it
    "re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit; "
    "after a dose given on site"
)
#: Physician review R32 M1: what the "if transferred" handover tells beside the C-SSRS high (the reviewer's words).
R32_M1_TOLD = {
    33: (
        ", that the C-SSRS screen of 20 Nov 2026 was high risk and that today's PHQ-9 item 9 was positive, and whether "
        "the emergency evaluation for suicide risk was completed here (if so, its findings); safety precautions, staff "
        "with the patient, until handover"
    ),
    135: (
        ", that the C-SSRS screen of 20 Nov 2026 was high risk and that the PHQ-9 item 9 of 20 Nov 2026 was positive "
        "(never assessed), and whether the emergency evaluation for suicide risk was completed here (if so, its "
        "findings); safety precautions, staff with the patient, until handover"
    ),
}
#: Cases 33 and 135 (old CIWA-Ar 13, today's COWS 19, an old C-SSRS high): the re-score after the suicide lead.
STEP_HIGH = (
    # R62 S3: SINCE; R62 M3 and R63 MF2: the high form of the escalation (AT_RESCORE_HIGH; was: AT_RESCORE)
    f"; the patient must not drive; and re-score the CIWA-Ar now (last 13 on 20 Nov 2026){SINCE}; "
    f"{SCREEN_ASKED}treat on the "
    "current score; a prescriber's review now, while the patient waits for the suicide evaluation: treat withdrawal as "
    "the prescriber decides, with buprenorphine, or methadone as the COWS flag says; re-score the COWS 1-2 hours after "
    f"dosing; {AT_RESCORE_HIGH}; {TOLD}; "
    "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and "
    "breathing until the evaluation or handover ("
)

#: Each named case's COWS box, whole: the re-score first, the review with the headline's screen, then the escalation
#: as the re-score decides it (R27 M2's box words), told at handover if transferred (R27 M1).
COWS_BOX_563 = (
    # R62 S3: SINCE
    f"Re-score the CIWA-Ar first (last 14 on 20 Nov 2026){SINCE}; "
    f"prescriber's review before the patient leaves: {SCREEN}"
    f"treat withdrawal as the prescriber decides, {METHADONE_BOX}; re-score the COWS 1-2 hours after dosing; "
    f"{AT_RESCORE_BOX}; {TOLD}"
)
#: R70 S (R20c S6 held for every handover): 563's COWS box tells at its handover the screen its headline tells, and
#: asks as the headline asks (was: the handover ending "...the delirium screen and any dose with its time")
R70_S_563 = (
    ", that today's PHQ-9 item 9 was positive, and ask them for a suicide risk assessment once the patient is able "
    "to answer"
)
COWS_BOX_312 = COWS_BOX_563.replace("last 14", "last 13").replace(SCREEN, SCREEN_ASKED)
COWS_BOX_HIGH = (
    # R62 S3: SINCE; R62 M3 and R63 MF2: AT_RESCORE_BOX_HIGH (was: AT_RESCORE_BOX, ", through the same ...")
    f"Re-score the CIWA-Ar first (last 13 on 20 Nov 2026){SINCE}; "
    "prescriber's review now, while the patient waits for the "
    "suicide evaluation (if transferred: a first dose before transfer only if it does not delay the transfer; at "
    f"handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time): {SCREEN_ASKED}"
    f"treat withdrawal as the prescriber decides, {METHADONE_BOX}; re-score the COWS 1-2 hours after dosing; "
    f"{AT_RESCORE_BOX_HIGH}"
)
#: The alcohol boxes' re-score, behind the same screen (as the headline says it).
#: R61 (g3/h1 for R60 Q3 (iii)), R62 M2/S1/S3: 563's and 312's alcohol boxes, typed whole from the new words (was:
#: "Re-score the CIWA-Ar now (last 14 ...); before any dose: ...; if an overdose or ingestion, or intoxicated: no dose
#: here (...); otherwise treat on the current score; ..."): the re-score's transfer at 15 or more or a complication,
#: the guarded first dose, the hold with its handover, "if below 15 and not intoxicated: a prescriber treats ..."
ALCOHOL_BOX_563 = (
    "Re-score the CIWA-Ar now (last 14 on 20 Nov 2026) and screen for delirium (CAM or 4AT); ask what happened "
    "since (a seizure, confusion, a hospital visit, the last drink); before any dose: ask about any overdose or "
    "ingestion today and screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), "
    "give thiamine and check blood glucose; if delirium, or an overdose or ingestion: no dose here; call emergency "
    "services for the ED; staff with the patient until handover (naloxone if signs of opioid overdose); on the re-"
    "score, intoxicated or not: if 15 or more, or a seizure since the last score, or hallucinations, or "
    # R76 (was: "...(item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM)...")
    "disorientation (item 10 at 2 or more): arrange transfer now by emergency services to medically managed "
    "withdrawal (ED, or 4-WM); "
    "staff with the patient until handover; if the patient declines transfer: the prescriber assesses and records "
    "capacity to decline (without capacity: transfer by emergency services; with capacity: record the advice given "
    "and the risks explained; arrange the highest level of care the patient accepts; any dose as the prescriber "
    "decides; tell the patient and any supportive person to call emergency services for a seizure, confusion, "
    # R73 1a (was: "...any worsening); if not intoxicated")
    "hallucinations or any worsening); the patient must not drive; if not intoxicated: a first dose "
    "before transfer only if it does not delay the transfer; if intoxicated: no dose here (the patient must not "
    # R63 SF1: the driving clause back in the hold (was: "...; if intoxicated: no dose here; at handover ... with the
    # time (the patient must not drive today); otherwise, ...")
    "drive today); at handover tell the receiving team the CIWA-Ar re-score, the delirium screen and any dose with its "
    # R70 S, must-fix 1 (was: "time, and, if intoxicated, the breath alcohol reading or the signs, with the time;
    # otherwise, ..."): the headline's screen and request, then the intoxication reading apart
    "time, that today's PHQ-9 item 9 was positive, and ask them for a suicide risk assessment once the patient is able "
    "to answer; if intoxicated, also tell them the breath alcohol reading or the signs, with the time; otherwise, if "
    "intoxicated: no dose until it clears (ask the patient to stay on site and repeat the screen and the scores "
    "when it clears; if it has not cleared by the end of the session, or withdrawal worsens: arrange a higher level"
    " of care; the patient must not drive today; if the patient insists on leaving: the same-day suicide risk "
    "assessment first (if too intoxicated to take part in it: staff stay with the patient and arrange an emergency "
    "evaluation for suicide risk); offer a lift or a taxi, and follow local policy); if below 15 and not "
    "intoxicated: a prescriber treats on today's score (medication at 10 or more; consider at 8-9); if a "
    "benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient is "
    # R62 S2: the watch until handover if transferred (was: "while the patient is on site; if a dose ...")
    "on site (if transferred: until handover); if a dose is given: the patient must not drive today"
)
ALCOHOL_BOX_312 = (
    "Re-score the CIWA-Ar now (last 13 on 20 Nov 2026); ask what happened since (a seizure, confusion, a hospital "
    "visit, the last drink); before any dose: ask about any overdose or ingestion today and screen for intoxication"
    " (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood glucose; if "
    "delirium, or an overdose or ingestion: no dose here; call emergency services for the ED; staff with the "
    "patient until handover (naloxone if signs of opioid overdose); on the re-score, intoxicated or not: if 15 or "
    "more, or a seizure since the last score, or hallucinations, or disorientation (item 10 at 2 or more): arrange "
    # R76 (was: "...: arrange transfer now to medically managed withdrawal (ED, or 4-WM)...")
    "transfer now by emergency services to medically managed withdrawal (ED, or 4-WM); staff with the patient until "
    "handover; if the "
    "patient declines transfer: the prescriber assesses and records capacity to decline (without capacity: transfer"
    " by emergency services; with capacity: record the advice given and the risks explained; arrange the highest "
    "level of care the patient accepts; any dose as the prescriber decides; tell the patient and any supportive "
    # R73 1a (was: "...any worsening); if not intoxicated")
    "person to call emergency services for a seizure, confusion, hallucinations or any worsening); the patient must "
    "not drive; if not intoxicated: a first dose before transfer only if it does not delay the "
    # R63 SF1: the driving clause back in the hold (was: "...; if intoxicated: no dose here; at handover ... with the
    # time (the patient must not drive today); otherwise, ...")
    "transfer; if intoxicated: no dose here (the patient must not drive today); at handover tell the receiving team "
    "the CIWA-Ar re-score and any dose with its time, and, if intoxicated, the breath alcohol reading or the signs, "
    "with the time; otherwise, if intoxicated: no dose until it clears (ask the patient to stay on site and "
    "repeat the screen and the scores when it clears; if it has not cleared by the end of the session, or "
    "withdrawal worsens: arrange a higher level of care; the patient must not drive today; if the patient insists "
    "on leaving: the same-day suicide risk assessment first (if too intoxicated to take part in it: staff stay with"
    " the patient and arrange an emergency evaluation for suicide risk); offer a lift or a taxi, and follow local "
    "policy); if below 15 and not intoxicated: a prescriber treats on today's score (medication at 10 or more; "
    "consider at 8-9); if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing"
    # R62 S2: the watch until handover if transferred (was: "while the patient is on site; if a dose ...")
    " while the patient is on site (if transferred: until handover); if a dose is given: the patient must not drive "
    "today"
)
# R62 S3: SINCE
RESCORE_BOX_563 = f"Re-score the CIWA-Ar now (last 14 on 20 Nov 2026){SINCE}; {SCREEN}treat on the current score"
RESCORE_BOX_ASKED = (
    f"Re-score the CIWA-Ar now (last 13 on 20 Nov 2026){SINCE}; {SCREEN_ASKED}treat on the current score"
)
from .evaluation_home_words import C9_HOME
from .overdose_words import asked

#: Physician review R31 M5: a box that may give a dose says its driving advice (before: none), after its steps; each
#: named case's COWS box, after the CIWA-Ar's re-score, may give a benzodiazepine beside buprenorphine or methadone
#: (every dose named, R22 S1 and R25b); the alcohol box's re-score gives only a benzodiazepine (none named).
DRIVING = "; if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today"
IF_DOSED = "; if a dose is given: the patient must not drive today"
#: R30b S3: the COWS box and dimension 1's rating-below box say the headline's sedation watch before their driving
#: clause (was: DRIVING alone), the headline's words for each case: 563 and 312 "while the patient is on site", 33 and
#: 135 (beside the C-SSRS high's evaluation) "until the evaluation or handover"
WATCH_ON_SITE = (
    "; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient "
    "is on site"
)
#: R62 S2: a text that allows a first dose before transfer watches until handover if transferred (was: WATCH_ON_SITE)
UNTIL_HANDOVER = " (if transferred: until handover)"
WATCH_EVALUATION = (
    "; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until the "
    "evaluation or handover"
)


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=\.) (?=[A-Z])", text)


def _boxes(number: int, codes: tuple[str, ...]) -> list[str]:
    return [f.action for f in built(cases(800)[number]).flags if f.code in codes]


def test_case_563_headline() -> None:
    # R30b S7: beside a positive PHQ-9 item 9 each screen asks about an overdose or ingestion first (overdose_words)
    h = built(cases(800)[563]).headline
    # before: "re-score the CIWA-Ar now (last 14 on 20 Nov 2026); treat on the current score; ... before any dose:
    # screen for intoxication (...); if intoxicated: ...; arrange medically managed withdrawal ... only for a
    # complicating condition (...)"
    # physician review R32 (a) (its four settings), R33 S1, R34 S1/S2: the hold in the sentence of the escalation's
    # conditional transfer says both branches, "the scores", the same-day suicide risk assessment first (r32a)
    # R60 Q4: the delirium screen and its hold (_q4_563)
    # R63 SF2: the transfer right after the hold (_sf2)
    # R64 S3: the handover tells the delirium screen (_s3; was: "the last CIWA-Ar and COWS scores and any dose ...")
    assert h.startswith(_s3(_q4_563(r32a(_sf2(asked(FIRST_563)), h)))), h
    assert GENERIC not in h, h
    # its plan a 24-hour setting (dimension 6 rated 4), never ambulatory withdrawal management
    assert ONE_WM not in _sentences(h)[-1], h


def test_case_312_headline() -> None:
    h = built(cases(800)[312]).headline
    # physician review R32 (a) (its four settings), R33 S1, R34 S1/S2: as 563's (r32a)
    assert h.startswith(r32a(_sf2(FIRST_312), h)), h  # R63 SF2 (_sf2)
    assert GENERIC not in h, h
    # before: "...; with 1-WM ambulatory withdrawal management without extended on-site monitoring."
    assert h.endswith(
        "Then, unless the review or the assessments find more: Level 1 (Outpatient), under 9 h/week of clinical "
        f"services; {TWO_WM_19}"
    ), h


@pytest.mark.parametrize("number", [33, 135])
def test_cases_33_135_headline(number: int) -> None:
    h = built(cases(800)[number]).headline
    assert h.startswith("First: emergency evaluation for suicide risk, with safety precautions"), h
    # physician review R32 M1: the "if transferred" handover tells the high risk and whether the evaluation was done
    # physician review R32 (a) (its four settings), R34 S1: while the patient waits for the suicide evaluation the
    # intoxicated patient waits with staff, screened and scored again or handed over (r32a)
    step = STEP_HIGH.replace(f"{TOLD};", f"{TOLD}{R32_M1_TOLD[number]};", 1)
    if number == 135:  # R39 C9: 135 goes home as the evaluation decides (Level 1): the reviewer's sentence follows
        # R39 C10: the old CIWA-Ar's re-score after a dose before it
        rescore = "re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit"
        step = step.replace(
            "until the evaluation or handover (", f"until the evaluation or handover; {rescore}; {C9_HOME} ("
        )
    # R60 Q3 (ii): the severe branch and the first dose before transfer (_q3ii; was: "otherwise treat on the current
    # score; a prescriber's review now")
    assert _q3ii(r32a(step, h)) in _sentences(h)[0], h
    assert _sentences(h)[0].count("before any dose:") == 1, h
    assert GENERIC not in h, h


def test_case_135_closes_with_2_wm_and_33_with_its_3_7_wm() -> None:
    h135, h33 = built(cases(800)[135]).headline, built(cases(800)[33]).headline
    # before (135): "Then, as the evaluation decides: Level 1 (Outpatient), ...; with 1-WM ambulatory ..."
    assert h135.endswith(
        f"Then, as the evaluation decides: Level 1 (Outpatient), under 9 h/week of clinical services; {TWO_WM_19}"
    ), h135
    assert h33.endswith(
        "Then, as the evaluation decides: 3.7-WM medically monitored inpatient withdrawal management, then a "
        "reassessment of all six dimensions for treatment (on today's ratings at least Level 3.7 (Medically monitored "
        "intensive inpatient))."
    ), h33


@pytest.mark.parametrize(
    # R30b S7: case 563 has a positive PHQ-9 item 9 of today: its boxes ask about an overdose or ingestion first
    ("number", "box"),
    [
        # R30b S3: the headline's sedation watch before the driving clause (was: box + DRIVING)
        # R62 S2: UNTIL_HANDOVER (was: WATCH_ON_SITE + DRIVING)
        # R70 S: the headline's screen and request after the handover's scores (R70_S_563; was: asked(COWS_BOX_563)
        # + WATCH_ON_SITE, the handover ending "any dose with its time; if a benzodiazepine ...")
        (563, asked(COWS_BOX_563) + R70_S_563 + WATCH_ON_SITE + UNTIL_HANDOVER + DRIVING),
        (312, COWS_BOX_312 + WATCH_ON_SITE + UNTIL_HANDOVER + DRIVING),
        (33, COWS_BOX_HIGH + WATCH_EVALUATION + DRIVING),
        (135, COWS_BOX_HIGH + WATCH_EVALUATION + DRIVING),
    ],
)
def test_named_cases_cows_box(number: int, box: str) -> None:
    # before: "Re-score the CIWA-Ar first, before any dose (last 13 ...): at 8 or more, alcohol withdrawal alongside:
    # arrange ...; otherwise prescriber's review ...: before any dose: screen for intoxication (...) [no thiamine]; ...;
    # arrange ... only for a complicating condition (...)" (R17b M2, R18 M2)
    # physician review R32 (a) (its four settings), R33 S1, R34 S1/S2: each box's hold by its own setting (r32a);
    # physician review R35 M3, S3: the setting read from the case (563's PHQ-9 item 9 and 312's C-SSRS moderate risk:
    # the same-day suicide risk assessment first; 33's and 135's C-SSRS high risk: the suicide wait)
    # R63 SF2 (563 312), R64 S1 (33 135): the transfer right after the hold (_sf2; was: r32a(box, ...))
    want = r32a(_sf2(box, high=number in (33, 135)), case=built(cases(800)[number]))
    # R60 Q4: 563's delirium screen and its hold (was: "(last 14 on 20 Nov 2026); prescriber's review ...")
    # R64 S3: 563's handover tells the delirium screen (_s3; was: "the last CIWA-Ar and COWS scores and any dose ...")
    assert _boxes(number, COWS_CODES) == [_s3(_q4_563(want)) if number == 563 else want]


@pytest.mark.parametrize(
    ("number", "box"),
    [
        # R50 S2: both withdrawals, the headline's watch before the driving clause (was: IF_DOSED alone)
        # R61/R62: 563's and 312's typed whole (was: asked(RESCORE_BOX_563) + WATCH_ON_SITE + IF_DOSED, and 312's)
        (563, ALCOHOL_BOX_563),
        (312, ALCOHOL_BOX_312),
        (33, RESCORE_BOX_ASKED + WATCH_EVALUATION + IF_DOSED),
        (135, RESCORE_BOX_ASKED + WATCH_EVALUATION + IF_DOSED),
    ],
)
def test_named_cases_alcohol_box_screens_its_re_score(number: int, box: str) -> None:
    # before (563): "Re-score the CIWA-Ar now (last 14 on 20 Nov 2026); treat on the current score", no screen
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a); physician review R35 M1/M3/S3:
    # the setting read from the case (33's and 135's C-SSRS high risk: the suicide wait; 563's PHQ-9 item 9 and 312's
    # C-SSRS moderate risk: the same-day suicide risk assessment first; both withdrawals scored: "the scores")
    # R60 Q4: 563's delirium screen and its hold (read by r32a)
    want = box if number in (563, 312) else r32a(box, case=built(cases(800)[number]))
    if number in (33, 135):  # R60 Q3 (ii), and the scores and dose told at handover (R26b S9) after the first dose
        want = _q3ii(want).replace(
            # R65 F3 (was: "does not delay the transfer;", and the same in the replacement below)
            "does not delay the transfer);",
            # R63 SF3: 33 135 "the CIWA-Ar re-score and the COWS score" (was: "the last CIWA-Ar and COWS scores")
            # R64 2b: a list (was: "the CIWA-Ar re-score and the COWS score and any dose with its time")
            "does not delay the transfer); at handover tell the receiving team the CIWA-Ar re-score, the COWS score "
            "and any dose with its time;",
            1,
        )
    assert _boxes(number, ("moderate_alcohol_withdrawal",)) == [want]


@pytest.mark.parametrize("number", [563, 312, 135])
def test_named_cases_rating_below_box_says_the_same(number: int) -> None:
    # R30b S7: beside a positive PHQ-9 item 9 each screen asks about an overdose or ingestion first (overdose_words)
    (box,) = _boxes(number, ("rated_below_suggestion_d1",))
    rescore = RESCORE_BOX_563 if number == 563 else RESCORE_BOX_ASKED
    # physician review R32 (a) (its four settings), R33 S1, R34 S1/S2: the hold by its setting (r32a)
    # the case read too (physician review R35 M3: the same-day assessment first beside its C-SSRS moderate risk)
    # R60 Q4 (563): the delirium screen and its hold, read by r32a; R60 Q3 (ii) (135): the severe branch and the
    # first dose
    # R63 SF2: 563's and 312's transfer right after the hold (_sf2; 135's d1 box says R60 Q3 (ii)'s transfer first)
    prefix = asked(f"{rescore}; prescriber's review ")
    prefix = prefix if number == 135 else _sf2(prefix)
    want = r32a(_q4_563(prefix) if number == 563 else prefix, box, built(cases(800)[number]))
    want = _q3ii(want) if number == 135 else want
    assert box.startswith(want), box
    assert box.lower().count("before any dose:") == 1, box
    # R62 M3, R63 MF2: 135 (C-SSRS high) the high form
    # R63 SF2: 563 312 the escalation at 8 or more alone at the end (was: AT_RESCORE_BOX)
    # R64 S3: 563 tells its delirium screen (TOLD_S3; was: TOLD)
    told = TOLD_S3 if number == 563 else TOLD
    assert (AT_RESCORE_BOX_HIGH if number == 135 else f"{AT_8_BOX}; {told}") in box and GENERIC not in box, box
    # R31 M5: the joined box says the driving advice once, after its steps, before its record of the reason
    assert box.endswith(f"{DRIVING}; record the reason for the lower rating with the placement decision"), box
    # R30b S3: the headline's sedation watch before it (was: none)
    # R62 S2: 563 312 until handover if transferred (was: WATCH_ON_SITE)
    watch = WATCH_EVALUATION if number == 135 else WATCH_ON_SITE + UNTIL_HANDOVER
    assert f"{watch}{DRIVING}; record the reason" in box, box
    # (the holds' own driving rule left out of the count: R30b M4, R32 (a))
    assert without_holds(box).count("must not drive today") == 1, box


# --- the sweep: every old moderate CIWA-Ar beside today's COWS of 13 or more ---------------------------------------


def _old_moderate_beside_cows(case: Case) -> str | None:
    """Today's COWS (its key: "19", "30" or "48") where ``case`` gives a CIWA-Ar of 20 Nov 2026 in the moderate band
    (13, or 14 with item 10 at 1) and a COWS of today of 13 or more, else ``None``: read from the case, not from
    iopkit."""
    old = any(i == "ciwa_ar" and k in ("mod13", "mod13_i1") and w == "old" for i, k, w in case.scores)
    cows = [k for i, k, w in case.scores if i == "cows" and k != "8" and w == "today"]
    return cows[0] if old and cows else None


def _asked(case: Case) -> bool:
    """A C-SSRS high or moderate risk of any day: the overdose question first (R16 S5); R30b S7: a positive PHQ-9 item
    9 of any day too."""
    asks = {("cssrs_screen", "high"), ("cssrs_screen", "moderate"), ("phq9", "i9pos")}
    return any((i, k) in asks for i, k, _ in case.scores)


def _rated_4(case: Case) -> bool:
    """Dimension 1, 2 or 3 rated 4: a transfer now leads, its own words (not R28 M2's)."""
    return any(d in (1, 2, 3) and r == 4 for d, r in case.ratings)


def _wrong(case: Case) -> list[str]:
    cows = _old_moderate_beside_cows(case)
    if cows is None:
        return []
    r = built(case)
    h, first, closing = r.headline, _sentences(r.headline)[0], _sentences(r.headline)[-1]
    # the first step: its sentences up to "Also ..." or "Then ..." (above 36, R18 M3's screen opens the second)
    step = " ".join(itertools.takewhile(lambda s: not s.startswith(("Also ", "Then")), _sentences(h)))
    wrong = []
    # (a) thiamine and blood glucose, the overdose question beside a C-SSRS high or moderate, before the first dose
    doses = ("treat on the current score", "treat withdrawal", "treats withdrawal", "gives")
    dose = min(at for w in doses if (at := step.find(w)) >= 0)
    if "give thiamine and check blood glucose" not in step[:dose]:
        wrong.append("(a) no thiamine and blood glucose before the first dose")
    if _asked(case) and "ask about any overdose or ingestion today" not in step[:dose]:
        wrong.append("(a) no overdose question before the first dose")
    if cows in ("19", "30") and not _rated_4(case):
        said = f"{SCREEN_ASKED if _asked(case) else SCREEN}treat on the current score"
        # physician review R32 (a) (its four settings), R33 S1, R34 S1/S2: the hold by its setting (r32a)
        # R60 Q4: an old item 10 at 1 screens for delirium, its hold first; R60 Q3 (ii): beside an emergency
        # evaluation first, the severe branch before "otherwise treat on the current score" (was: `said` alone)
        q4 = said.replace("check blood glucose; ", f"check blood glucose; {R60_Q4_HOLD}", 1)
        # R63 SF2 / R64 S1: or the transfer right after the hold (_sf2; the plain form with no emergency evaluation)
        forms = [r32a(form, first) for form in (said, q4)] + [r32a(_sf2(form), first) for form in (said, q4)]
        if not any(form in first or _q3ii(form) in first for form in forms) or first.count("before any dose:") != 1:
            wrong.append("(a) the re-score's treatment not behind the one screen")
        # (b) the escalation as the re-score decides it, told if transferred, in the headline and every COWS box
        # R61/R62 M3, R63 MF2: beside a C-SSRS high the high form (AT_RESCORE_HIGH, AT_RESCORE_BOX_HIGH)
        high = "while the patient waits for the suicide evaluation" in first
        # R63 SF2 (plain form): the transfer (SF2_TRANSFER) right after the hold, the escalation at 8 or more after
        # the treatment (was: AT_RESCORE, AT_RESCORE_BOX); R64 S1 (high form, COWS boxes): S1_TRANSFER_HIGH after the
        # hold, the escalation "through the same emergency evaluation" (was: AT_RESCORE_BOX_HIGH)
        if high:
            said_at = f"{AT_RESCORE_HIGH}; " in first
            box_at = (f"{AT_8_BOX}, through the same emergency evaluation", S1_TRANSFER_HIGH)
        else:
            said_at = f"{AT_8}; " in first and SF2_TRANSFER in first
            box_at = (f"{AT_8_BOX}; ", SF2_TRANSFER)
        # R64 S3: where the re-score screens for delirium (R60 Q4) the handover tells the screen (was: TOLD alone)
        told = TOLD_S3 if f"{R60_Q4_SCREEN}; " in first else TOLD
        if not said_at or told not in first:
            wrong.append("(b) no escalation at the CIWA-Ar re-score, told if transferred")
        if not all(all(w in f.action for w in box_at) for f in r.flags if f.code in COWS_CODES):
            wrong.append("(b) a COWS box without the escalation at the CIWA-Ar re-score")
    # (b) never the generic escalation naming co-occurring alcohol withdrawal, headline or box
    if any(GENERIC in text for text in (h, *(f.action for f in r.flags))):
        wrong.append("(b) the generic escalation")
    # (c) never 1-WM; ambulatory withdrawal management is 2-WM with the mirror's reason
    if ONE_WM in closing:
        wrong.append("(c) 1-WM")
    reason = f"(not 1-WM: alcohol withdrawal on 20 Nov 2026 (CIWA-Ar) and opioid withdrawal today (COWS {cows})"
    if "ambulatory withdrawal management" in closing and reason not in closing:
        wrong.append("(c) ambulatory withdrawal management without R27 M3's mirror reason")
    return [f"{case}: {w}: {h}" for w in wrong]


@pytest.mark.parametrize("chunk", range(4))
def test_sweep_old_moderate_ciwa_beside_todays_cows(chunk: int) -> None:
    wrong = [w for case in cases(800)[chunk::4] for w in _wrong(case)]
    assert not wrong, "\n\n".join(wrong)


def test_the_sweep_reaches_the_named_cases_and_the_cows_above_36() -> None:
    """The sweep reads the reviewer's four cases, and the old moderate CIWA-Ar beside a COWS above 36 (88, 249, 657:
    R18 M3's branch, held to (a)'s thiamine and (c)) and beside a rating of 4 (245)."""
    reached = {case.number for case in cases(800) if _old_moderate_beside_cows(case)}
    assert {33, 135, 312, 563, 88, 249, 657, 245} <= reached, sorted(reached)
