"""Physician review R65, should-fix SF3, rebuilt with the reviewing physician's (R66) required words, ruled R67.

R65 SF3: the rating-4 forms of an old severe CIWA-Ar (scored 20 Nov 2026, not re-scored today) take the non-rating-4
form's condition (R63 section 5): "if still 15 or more, or a seizure since the last score, or hallucinations, or
disorientation (item 10 at 2 or more), the ED evaluates both". R66 rejected a build of exactly that as unsafe; its
must-fixes, built here:

1. With disorientation in the condition, no first dose without a delirium screen (cases 12 74 160 237 254 337 461 510
   567): the screen before any dose becomes case 565's words, "before any dose: screen for delirium (CAM or 4AT) and
   intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood glucose;
   if delirium or intoxication: no dose here (delirium: to the ED by emergency services; intoxication: tell the
   receiving team at handover the breath alcohol reading or the signs, with the time; the patient must not drive
   today); otherwise a prescriber gives a first dose ...", and where the screen asks about an overdose or ingestion,
   case 6's: "if delirium, an overdose or ingestion, or intoxication: no dose here (delirium, or an overdose or
   ingestion: call emergency services for the ED, [staff with the patient until handover, ]naloxone if signs of opioid
   overdose; intoxication: ...)" (the escort said once in a text, as case 6's headline and box say it).
2. No text reordered: cases 74 and 160 keep their headlines' order (the screen, then the first dose, then "if still
   ..., the ED evaluates both;"), and 337 and the dimension-1 boxes of 74 and 160 keep the screen before "otherwise if
   still ..." that also guards their later buprenorphine dose.

Every text that now screens for delirium tells the screen at handover ("the last CIWA-Ar score, the delirium screen and
any dose with its time", physician review R64 S3, R65 SF2/F2). Knock-ons of older rules, typed too: the COWS boxes
say the headline's delirium screen (physician review R30b, S5: 74's moderate, 160's moderately severe, 337's severe
COWS box and its buprenorphine threshold), and the buprenorphine threshold's first dose waits for "no delirium" where
the first step's screen now asks it (physician review R46, Q6's words: 74, 160). Case 565 (already disoriented) keeps
its screen; only its condition is said. Hallucinations, disorientation, seizures and delirium call for inpatient or
emergency care (ASAM 2020 alcohol withdrawal guideline, section VI.A); CAM: Inouye et al. 1990; 4AT: Bellelli et al.
2014. Expectations typed from the ruling's words and the texts they rule (never computed by iopkit).
"""

from __future__ import annotations

import re

import pytest

from iopkit.placement.boxes import ed_evaluates_both_if_confused_in_boxes
from iopkit.placement.recommendation import ed_evaluates_both_if_confused

from .random_placements import all_built, only_box, texts

#: R65 SF3's condition (typed from the ruling).
CONDITION = (
    "if still 15 or more, or a seizure since the last score, or hallucinations, or disorientation (item 10 at 2 or "
    "more), the ED evaluates both"
)
#: The condition R65 SF3 replaces (typed).
OLD_CONDITION = "if still 15 or more, the ED evaluates both"
#: Case 565's screen, hold and bracket beside a transfer now (R66 must-fix 1, typed).
SCREEN_565 = (
    "before any dose: screen for delirium (CAM or 4AT) and intoxication (breath alcohol above zero, or signs of "
    "sedative intoxication), give thiamine and check blood glucose; if delirium or intoxication: no dose here "
    "(delirium: to the ED by emergency services; intoxication: tell the receiving team at handover the breath alcohol "
    "reading or the signs, with the time; the patient must not drive today); otherwise "
)
#: Case 6's overdose form in a headline (its escort said there already), to the intoxication's next step (typed).
HELD_6_HEADLINE = (
    "before any dose: ask about any overdose or ingestion today and screen for delirium (CAM or 4AT) and intoxication "
    "(breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood glucose; if "
    "delirium, an overdose or ingestion, or intoxication: no dose here (delirium, or an overdose or ingestion: call "
    "emergency services for the ED, naloxone if signs of opioid overdose; intoxication: "
)
#: The same in a box that says no escort before it (case 6's moderate_alcohol_withdrawal box), typed.
HELD_6_BOX = (
    "before any dose: ask about any overdose or ingestion today and screen for delirium (CAM or 4AT) and intoxication "
    "(breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood glucose; if "
    "delirium, an overdose or ingestion, or intoxication: no dose here (delirium, or an overdose or ingestion: call "
    "emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose; "
    "intoxication: "
)
#: The intoxication's next step beside a transfer now (case 6's), typed.
TOLD_AT_HANDOVER = (
    "tell the receiving team at handover the breath alcohol reading or the signs, with the time; the patient must not "
    "drive today); otherwise "
)
SCREEN_6_HEADLINE = HELD_6_HEADLINE + TOLD_AT_HANDOVER
SCREEN_6_BOX = HELD_6_BOX + TOLD_AT_HANDOVER
#: The hold's first words before and after R67 (typed).
HELD_565 = "if delirium or intoxication: no dose here (delirium: to the ED by emergency services; intoxication: "
HELD_6 = "if delirium, an overdose or ingestion, or intoxication: no dose here (delirium, or an overdose or ingestion: "
OLD_HOLDS = ("; if intoxicated: no dose", "; if an overdose or ingestion, or intoxicated: no dose")
#: An intoxication screen that names no delirium (typed).
INTOXICATION_ONLY = "screen for intoxication ("
#: The delirium screen before a dose (typed).
DELIRIUM_SCREENED = "screen for delirium (CAM or 4AT) and intoxication"
#: A first dose (the rating-4 forms' and the COWS re-score's, typed).
FIRST_DOSE = re.compile(r"a prescriber gives|treat withdrawal as the prescriber decides")
#: A rating-4 old severe CIWA-Ar's re-score (typed from the texts' words).
RATING_4_OLD_SEVERE = re.compile(
    r"[Rr]e-score the CIWA-Ar before transfer only if it does not delay it \(last \d+ on 20 Nov 2026, severe"
)
#: A handover of the scores and any dose without the delirium screen (typed).
UNTOLD = re.compile(r" scores? and any dose with its time")

#: Each affected text whole, typed from the ruled words (R65 SF3's condition; R66 must-fix 1's screens, case 565's
#: and case 6's; must-fix 2: no text reordered) and the texts' own words around them: the old severe CIWA-Ar's forms
#: (12, 74, 160, 237, 337; 565 its condition only) and the knock-ons (74's, 160's and 337's COWS and threshold boxes).
TEXTS: dict[tuple[int, str], str] = {
    (12, "headline"): (
        "First: emergency medical evaluation: arrange transfer now (ED, or 4-WM); staff with the patient until "
        "handover; at handover tell the receiving team why dimension 1 was rated 4, the last CIWA-Ar score, the "
        "delirium screen and any dose with its time; if the patient declines transfer: the prescriber assesses and "
        "records capacity to decline (without capacity: transfer by emergency services; with capacity: record the "
        "advice given and the risks explained; arrange the highest level of care the patient accepts; any dose as the "
        "prescriber decides; tell the patient and any supportive person to call emergency services for a seizure, "
        "confusion, hallucinations or any worsening); the patient must not drive; "
        "re-score the CIWA-Ar before transfer only if it does not delay it (last 21 on 20 Nov 2026, severe; no dose "
        "here without today's re-score); if still 15 or more, or a seizure since the last score, or hallucinations, "
        "or disorientation (item 10 at 2 or more), the ED evaluates both: before any dose: screen for delirium (CAM "
        "or 4AT) and intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and "
        "check blood glucose; if delirium or intoxication: no dose here (delirium: to the ED by emergency services; "
        "intoxication: tell the receiving team at handover the breath alcohol reading or the signs, with the time; "
        "the patient must not drive today); otherwise a prescriber gives a first dose for today's withdrawal before "
        "transfer only if it does not delay the transfer and the reason for rating 4 allows it; re-assess for "
        "seizures or delirium until handover (dimension 1 rated 4, imminent danger; CIWA-Ar in the severe withdrawal "
        "band (CIWA-Ar of 20 Nov 2026, not re-scored today)). Then, as the evaluation decides: 4-WM medically "
        "managed intensive inpatient withdrawal management, then a reassessment of all six dimensions for treatment "
        "(on today's ratings at least Level 4 (Medically managed intensive inpatient))."
    ),
    (12, "severe_alcohol_withdrawal"): (
        "Re-score the CIWA-Ar before transfer only if it does not delay it (last 21 on 20 Nov 2026, severe; no dose "
        "here without today's re-score); if still 15 or more, or a seizure since the last score, or hallucinations, "
        "or disorientation (item 10 at 2 or more), the ED evaluates both: before any dose: screen for delirium (CAM "
        "or 4AT) and intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and "
        "check blood glucose; if delirium or intoxication: no dose here (delirium: to the ED by emergency services; "
        "intoxication: tell the receiving team at handover the breath alcohol reading or the signs, with the time; "
        "the patient must not drive today); otherwise a prescriber gives a first dose before transfer only if it "
        "does not delay the transfer and the reason for rating 4 allows it; at handover tell the receiving team the "
        "last CIWA-Ar score, the delirium screen and any dose with its time; re-assess for seizures or delirium "
        "until handover; if a dose is given: the patient must not drive today"
    ),
    (74, "headline"): (
        "First: emergency medical evaluation: arrange transfer now (ED); staff with the patient until handover; at "
        "handover tell the receiving team why dimension 2 was rated 4, the last CIWA-Ar and COWS scores, the "
        "delirium screen and any dose with its time; if the patient declines transfer: the prescriber assesses and "
        "records capacity to decline (without capacity: transfer by emergency services; with capacity: record the "
        "advice given and the risks explained; arrange the highest level of care the patient accepts; any dose as the "
        "prescriber decides; tell the patient and any supportive person to call emergency services for a seizure, "
        "confusion, hallucinations or any worsening); the patient must not drive; "
        "before any dose: screen for delirium (CAM or 4AT) and intoxication (breath alcohol above zero, or signs of "
        "sedative intoxication), give thiamine and check blood glucose; if delirium or intoxication: no dose here "
        "(delirium: to the ED by emergency services; intoxication: tell the receiving team at handover the breath "
        "alcohol reading or the signs, with the time; the patient must not drive today); otherwise a prescriber "
        "gives a first dose for today's withdrawal before transfer only if it does not delay the transfer and the "
        "reason for rating 4 allows it; if a benzodiazepine is given with buprenorphine or methadone: monitor "
        "sedation and breathing until handover; re-score the CIWA-Ar before transfer only if it does not delay it "
        "(last 21 on 20 Nov 2026, severe; no dose for alcohol withdrawal here without today's re-score); if still 15 "
        "or more, or a seizure since the last score, or hallucinations, or disorientation (item 10 at 2 or more), "
        "the ED evaluates both; re-assess for seizures or delirium until handover (dimension 2 rated 4, imminent "
        "danger; CIWA-Ar in the severe withdrawal band (CIWA-Ar of 20 Nov 2026, not re-scored today); COWS 13-24 "
        "(moderate withdrawal): dimension 1 rated 0, below the 3 they call for). Then, as the evaluation decides: "
        "Level 4 (Medically managed intensive inpatient)."
    ),
    (74, "severe_alcohol_withdrawal"): (
        "Re-score the CIWA-Ar before transfer only if it does not delay it (last 21 on 20 Nov 2026, severe; no dose "
        "for alcohol withdrawal here without today's re-score); if still 15 or more, or a seizure since the last "
        "score, or hallucinations, or disorientation (item 10 at 2 or more), the ED evaluates both: before any dose: "
        "screen for delirium (CAM or 4AT) and intoxication (breath alcohol above zero, or signs of sedative "
        "intoxication), give thiamine and check blood glucose; if delirium or intoxication: no dose here (delirium: "
        "to the ED by emergency services; intoxication: tell the receiving team at handover the breath alcohol "
        "reading or the signs, with the time; the patient must not drive today); otherwise a prescriber gives a "
        "first dose before transfer only if it does not delay the transfer and the reason for rating 4 allows it; at "
        "handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and any dose with "
        "its time; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing "
        "until handover; re-assess for seizures or delirium until handover; if any dose is given (a benzodiazepine, "
        "buprenorphine or methadone): the patient must not drive today"
    ),
    (74, "rated_below_suggestion_d1"): (
        "Re-score the CIWA-Ar before transfer only if it does not delay it (last 21 on 20 Nov 2026, severe; no dose "
        "for alcohol withdrawal here without today's re-score); before any dose: screen for delirium (CAM or 4AT) "
        "and intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check "
        "blood glucose; if delirium or intoxication: no dose here (delirium: to the ED by emergency services; "
        "intoxication: tell the receiving team at handover the breath alcohol reading or the signs, with the time; "
        "the patient must not drive today); otherwise if still 15 or more, or a seizure since the last score, or "
        "hallucinations, or disorientation (item 10 at 2 or more), the ED evaluates both: a prescriber gives a first "
        "dose before transfer only if it does not delay the transfer and the reason for rating 4 allows it; if a "
        "benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until handover; "
        "re-assess for seizures or delirium until handover; prescriber's review (a first dose before transfer only "
        "if it does not delay the transfer and the reason for rating 4 allows it): treat withdrawal as the "
        "prescriber decides, with buprenorphine, or methadone only in an opioid treatment programme or under the "
        "72-hour rule (given or dispensed on site, at most a 3-day supply while referral is arranged, not renewed or "
        "extended; never prescribed); re-score the COWS 1-2 hours after dosing; at handover tell the receiving team "
        "the last CIWA-Ar and COWS scores, the delirium screen and any dose with its time, and any complicating "
        "condition (medical or psychiatric instability, co-occurring alcohol or benzodiazepine withdrawal, "
        "pregnancy); if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive "
        "today; record the reason for the lower rating with the placement decision"
    ),
    (74, "moderate_opioid_withdrawal"): (
        "Prescriber's review (a first dose before transfer only if it does not delay the transfer and the reason for "
        "rating 4 allows it): before any dose: screen for delirium (CAM or 4AT) and intoxication (breath alcohol "
        "above zero, or signs of sedative intoxication), give thiamine and check blood glucose; if delirium or "
        "intoxication: no dose here (delirium: to the ED by emergency services; intoxication: tell the receiving "
        "team at handover the breath alcohol reading or the signs, with the time; the patient must not drive today); "
        "otherwise treat withdrawal as the prescriber decides, with buprenorphine, or methadone only in an opioid "
        "treatment programme or under the 72-hour rule (given or dispensed on site, at most a 3-day supply while "
        "referral is arranged, not renewed or extended; never prescribed); re-score the COWS 1-2 hours after dosing; "
        "at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and any dose with "
        "its time, and any complicating condition (medical or psychiatric instability, co-occurring alcohol or "
        "benzodiazepine withdrawal, pregnancy); if a benzodiazepine is given with buprenorphine or methadone: "
        "monitor sedation and breathing until handover; if any dose is given (a benzodiazepine, buprenorphine or "
        "methadone): the patient must not drive today"
    ),
    (74, "buprenorphine_induction_threshold"): (
        "If starting buprenorphine by standard induction, the first dose may be given once the first step's screen "
        "before any dose finds no delirium and no intoxication; re-score the COWS after dosing; "
        # R69 Q2 handover (was: without "if transferred: at handover tell ...")
        "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen "
        "and any dose with its time; "
        "if a benzodiazepine "
        "is given with buprenorphine or methadone: monitor sedation and breathing until handover; if a dose is "
        "given: the patient must not drive today. Fentanyl-era protocols differ (low-dose or micro-induction needs "
        "no withdrawal; high-dose induction starts higher): follow the local protocol"
    ),
    (160, "headline"): (
        "First: emergency psychiatric evaluation now, including suicide risk: arrange transfer now (ED); safety "
        "precautions, staff with the patient, until handover; if the patient declines transfer or tries to leave: "
        "staff stay with the patient (at a safe distance if there is a risk of violence) and call emergency services "
        "for an emergency mental-health assessment (local involuntary-assessment procedure); the patient must not "
        "drive; before any dose: ask about any overdose or ingestion today and screen for delirium (CAM or 4AT) and "
        "intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood "
        "glucose; if delirium, an overdose or ingestion, or intoxication: no dose here (delirium, or an overdose or "
        "ingestion: call emergency services for the ED, naloxone if signs of opioid overdose; intoxication: tell the "
        "receiving team at handover the breath alcohol reading or the signs, with the time; the patient must not "
        "drive today); otherwise a prescriber gives a first dose for today's withdrawal before transfer only if it "
        "does not delay the transfer and the reason for rating 4 allows it; if a benzodiazepine is given with "
        "buprenorphine or methadone: monitor sedation and breathing until handover; re-score the CIWA-Ar before "
        "transfer only if it does not delay it (last 21 on 20 Nov 2026, severe; no dose for alcohol withdrawal here "
        "without today's re-score); if still 15 or more, or a seizure since the last score, or hallucinations, or "
        "disorientation (item 10 at 2 or more), the ED evaluates both; re-assess for seizures or delirium until "
        "handover; at handover tell the receiving team why dimension 3 was rated 4 (what the patient said or did), "
        "the last CIWA-Ar and COWS scores, the delirium screen and any dose with its time, that the C-SSRS screen of "
        "20 Nov 2026 was moderate risk (method considered, or suicidal behaviour over 3 months ago; never assessed), "
        "without delaying the transfer (dimension 3 rated 4, imminent danger; moderate suicide risk (C-SSRS screen "
        "of 20 Nov 2026, not re-screened today); CIWA-Ar in the severe withdrawal band (CIWA-Ar of 20 Nov 2026, not "
        "re-scored today); COWS 25-36 (moderately severe withdrawal): dimension 1 rated 1, below the 3 they call "
        "for). Then, as the evaluation decides: 4-WM medically managed intensive inpatient withdrawal management, "
        "then a reassessment of all six dimensions for treatment (on today's ratings at least Level 4 (Medically "
        "managed intensive inpatient))."
    ),
    (160, "severe_alcohol_withdrawal"): (
        "Re-score the CIWA-Ar before transfer only if it does not delay it (last 21 on 20 Nov 2026, severe; no dose "
        "for alcohol withdrawal here without today's re-score); if still 15 or more, or a seizure since the last "
        "score, or hallucinations, or disorientation (item 10 at 2 or more), the ED evaluates both: before any dose: "
        "ask about any overdose or ingestion today and screen for delirium (CAM or 4AT) and intoxication (breath "
        "alcohol above zero, or signs of sedative intoxication), give thiamine and check blood glucose; if delirium, "
        "an overdose or ingestion, or intoxication: no dose here (delirium, or an overdose or ingestion: call "
        "emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose; "
        "intoxication: tell the receiving team at handover the breath alcohol reading or the signs, with the time; "
        "the patient must not drive today); otherwise a prescriber gives a first dose before transfer only if it "
        "does not delay the transfer and the reason for rating 4 allows it; at handover tell the receiving team the "
        "last CIWA-Ar and COWS scores, the delirium screen and any dose with its time; if a benzodiazepine is given "
        "with buprenorphine or methadone: monitor sedation and breathing until handover; re-assess for seizures or "
        "delirium until handover; if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient "
        "must not drive today"
    ),
    (160, "rated_below_suggestion_d1"): (
        "Re-score the CIWA-Ar before transfer only if it does not delay it (last 21 on 20 Nov 2026, severe; no dose "
        "for alcohol withdrawal here without today's re-score); before any dose: ask about any overdose or ingestion "
        "today and screen for delirium (CAM or 4AT) and intoxication (breath alcohol above zero, or signs of "
        "sedative intoxication), give thiamine and check blood glucose; if delirium, an overdose or ingestion, or "
        "intoxication: no dose here (delirium, or an overdose or ingestion: call emergency services for the ED, "
        "staff with the patient until handover, naloxone if signs of opioid overdose; intoxication: tell the "
        "receiving team at handover the breath alcohol reading or the signs, with the time; the patient must not "
        "drive today); otherwise if still 15 or more, or a seizure since the last score, or hallucinations, or "
        "disorientation (item 10 at 2 or more), the ED evaluates both: a prescriber gives a first dose before "
        "transfer only if it does not delay the transfer and the reason for rating 4 allows it; if a benzodiazepine "
        "is given with buprenorphine or methadone: monitor sedation and breathing until handover; re-assess for "
        "seizures or delirium until handover; prescriber's review (a first dose before transfer only if it does not "
        "delay the transfer and the reason for rating 4 allows it): treat withdrawal as the prescriber decides, with "
        "buprenorphine, or methadone only in an opioid treatment programme or under the 72-hour rule (given or "
        "dispensed on site, at most a 3-day supply while referral is arranged, not renewed or extended; never "
        "prescribed); re-score the COWS 1-2 hours after dosing; at handover tell the receiving team the last CIWA-Ar "
        "and COWS scores, the delirium screen and any dose with its time, and any complicating condition (medical or "
        "psychiatric instability, co-occurring alcohol or benzodiazepine withdrawal, pregnancy); if any dose is "
        "given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today; record the reason "
        "for the lower rating with the placement decision"
    ),
    (160, "buprenorphine_induction_threshold"): (
        "If starting buprenorphine by standard induction, the first dose may be given once the first step's screen "
        "before any dose finds no delirium, no overdose or ingestion and no intoxication; re-score the COWS after "
        "dosing; "
        # R69 Q2 handover (was: without "if transferred: at handover tell ...")
        "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen "
        "and any dose with its time; "
        "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until "
        "handover; if a dose is given: the patient must not drive today. Fentanyl-era protocols differ (low-dose or "
        "micro-induction needs no withdrawal; high-dose induction starts higher): follow the local protocol"
    ),
    (237, "headline"): (
        "First: emergency evaluation for suicide risk and emergency medical evaluation in one setting that can "
        "manage both: arrange transfer now (ED); safety precautions, staff with the patient, until handover; if the "
        "patient declines transfer or tries to leave: staff stay with the patient and call emergency services for an "
        "emergency mental-health assessment (local involuntary-assessment procedure); the patient must not drive; "
        "re-score the CIWA-Ar before transfer only if it does not delay it (last 21 on 20 Nov 2026, severe; no dose "
        "here without today's re-score); if still 15 or more, or a seizure since the last score, or hallucinations, "
        "or disorientation (item 10 at 2 or more), the ED evaluates both: before any dose: ask about any overdose or "
        "ingestion today and screen for delirium (CAM or 4AT) and intoxication (breath alcohol above zero, or signs "
        "of sedative intoxication), give thiamine and check blood glucose; if delirium, an overdose or ingestion, or "
        "intoxication: no dose here (delirium, or an overdose or ingestion: call emergency services for the ED, "
        "naloxone if signs of opioid overdose; intoxication: staff stay with the patient; repeat the screen and the "
        "score when it clears, or tell the receiving team at handover; the patient must not drive today); otherwise "
        "a prescriber gives a first dose for today's withdrawal before transfer only if it does not delay the "
        "transfer and the reason for rating 4 allows it; re-assess for seizures or delirium until handover; at "
        "handover tell the receiving team why dimension 2 was rated 4, the last CIWA-Ar score, the delirium screen "
        "and any dose with its time, that today's C-SSRS screen was high risk and that today's PHQ-9 item 9 was "
        "positive, without delaying the transfer (high suicide risk (C-SSRS screen): dimension 3 rated 1, below the "
        "4 it calls for; dimension 2 rated 4, imminent danger; CIWA-Ar in the severe withdrawal band (CIWA-Ar of 20 "
        "Nov 2026, not re-scored today): dimension 1 rated 1, below the 3 it calls for). Then, as the evaluation "
        "decides: 4-WM medically managed intensive inpatient withdrawal management, then a reassessment of all six "
        "dimensions for treatment (on today's ratings at least Level 4 (Medically managed intensive inpatient))."
    ),
    (237, "severe_alcohol_withdrawal"): (
        "Re-score the CIWA-Ar before transfer only if it does not delay it (last 21 on 20 Nov 2026, severe; no dose "
        "here without today's re-score); if still 15 or more, or a seizure since the last score, or hallucinations, "
        "or disorientation (item 10 at 2 or more), the ED evaluates both: before any dose: ask about any overdose or "
        "ingestion today and screen for delirium (CAM or 4AT) and intoxication (breath alcohol above zero, or signs "
        "of sedative intoxication), give thiamine and check blood glucose; if delirium, an overdose or ingestion, or "
        "intoxication: no dose here (delirium, or an overdose or ingestion: call emergency services for the ED, "
        "staff with the patient until handover, naloxone if signs of opioid overdose; intoxication: staff stay with "
        "the patient; repeat the screen and the score when it clears, or tell the receiving team at handover; the "
        "patient must not drive today); otherwise a prescriber gives a first dose before transfer only if it does "
        "not delay the transfer and the reason for rating 4 allows it; at handover tell the receiving team the last "
        "CIWA-Ar score, the delirium screen and any dose with its time; re-assess for seizures or delirium until "
        "handover; if a dose is given: the patient must not drive today"
    ),
    (237, "rated_below_suggestion_d1"): (
        "Re-score the CIWA-Ar before transfer only if it does not delay it (last 21 on 20 Nov 2026, severe; no dose "
        "here without today's re-score); if still 15 or more, or a seizure since the last score, or hallucinations, "
        "or disorientation (item 10 at 2 or more), the ED evaluates both: before any dose: ask about any overdose or "
        "ingestion today and screen for delirium (CAM or 4AT) and intoxication (breath alcohol above zero, or signs "
        "of sedative intoxication), give thiamine and check blood glucose; if delirium, an overdose or ingestion, or "
        "intoxication: no dose here (delirium, or an overdose or ingestion: call emergency services for the ED, "
        "staff with the patient until handover, naloxone if signs of opioid overdose; intoxication: staff stay with "
        "the patient; repeat the screen and the score when it clears, or tell the receiving team at handover; the "
        "patient must not drive today); otherwise a prescriber gives a first dose before transfer only if it does "
        "not delay the transfer and the reason for rating 4 allows it; at handover tell the receiving team the last "
        "CIWA-Ar score, the delirium screen and any dose with its time; re-assess for seizures or delirium until "
        "handover; if a dose is given: the patient must not drive today; record the reason for the lower rating with "
        "the placement decision"
    ),
    (337, "headline"): (
        "First: emergency medical evaluation: arrange transfer now (ED); staff with the patient until handover; if "
        "the patient declines transfer: the prescriber assesses and records capacity to decline (without capacity: "
        "transfer by emergency services; with capacity: record the advice given and the risks explained; arrange the "
        "highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and any "
        "supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening); the "
        "patient must not drive; re-score the CIWA-Ar before transfer only if "
        "it does not delay it (last 21 on 20 Nov 2026, severe; no dose here without today's re-score); before any "
        "dose: ask about any overdose or ingestion today and screen for delirium (CAM or 4AT) and intoxication "
        "(breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood glucose; if "
        "delirium, an overdose or ingestion, or intoxication: no dose here (delirium, or an overdose or ingestion: "
        "call emergency services for the ED, naloxone if signs of opioid overdose; intoxication: tell the receiving "
        "team at handover the breath alcohol reading or the signs, with the time; the patient must not drive today); "
        "otherwise if still 15 or more, or a seizure since the last score, or hallucinations, or disorientation "
        "(item 10 at 2 or more), the ED evaluates both: a prescriber gives a first dose for today's withdrawal "
        "before transfer only if it does not delay the transfer and the reason for rating 4 allows it; re-assess for "
        "seizures or delirium until handover; re-score the COWS before transfer only if it does not delay it (last "
        "48 on 20 Nov 2026, severe); if still 37 or more, a prescriber gives buprenorphine for today's withdrawal "
        "before transfer only if it does not delay the transfer and the reason for rating 4 allows it; if a "
        "benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient "
        "is on site (if transferred: until handover); at handover tell the receiving team why dimension 2 was rated "
        "4, the last CIWA-Ar and COWS scores, the delirium screen and any dose with its time, that today's C-SSRS "
        "screen was moderate risk (method considered, or suicidal behaviour over 3 months ago), and ask them for a "
        "suicide risk assessment with safety planning once the patient is able to answer, without delaying the "
        "transfer (dimension 2 rated 4, imminent danger; moderate suicide risk (C-SSRS screen): dimension 3 rated 1, "
        "below the 2 it calls for; CIWA-Ar in the severe withdrawal band (CIWA-Ar of 20 Nov 2026, not re-scored "
        "today), COWS above 36 (severe opioid withdrawal) (COWS of 20 Nov 2026, not re-scored today): dimension 1 "
        "rated 1, below the 3 they call for). Then, as the evaluation decides: 4-WM medically managed intensive "
        "inpatient withdrawal management, then a reassessment of all six dimensions for treatment (on today's "
        "ratings at least Level 4 (Medically managed intensive inpatient))."
    ),
    (337, "severe_alcohol_withdrawal"): (
        "Re-score the CIWA-Ar before transfer only if it does not delay it (last 21 on 20 Nov 2026, severe; no dose "
        "here without today's re-score); if still 15 or more, or a seizure since the last score, or hallucinations, "
        "or disorientation (item 10 at 2 or more), the ED evaluates both: before any dose: ask about any overdose or "
        "ingestion today and screen for delirium (CAM or 4AT) and intoxication (breath alcohol above zero, or signs "
        "of sedative intoxication), give thiamine and check blood glucose; if delirium, an overdose or ingestion, or "
        "intoxication: no dose here (delirium, or an overdose or ingestion: call emergency services for the ED, "
        "staff with the patient until handover, naloxone if signs of opioid overdose; intoxication: tell the "
        "receiving team at handover the breath alcohol reading or the signs, with the time; the patient must not "
        "drive today); otherwise a prescriber gives a first dose before transfer only if it does not delay the "
        "transfer and the reason for rating 4 allows it; at handover tell the receiving team the last CIWA-Ar and "
        "COWS scores, the delirium screen and any dose with its time; if a benzodiazepine is given with "
        "buprenorphine or methadone: monitor sedation and breathing while the patient is on site (if transferred: "
        "until handover); re-assess for seizures or delirium until handover; if any dose is given (a benzodiazepine, "
        "buprenorphine or methadone): the patient must not drive today"
    ),
    (337, "rated_below_suggestion_d1"): (
        "Re-score the CIWA-Ar before transfer only if it does not delay it (last 21 on 20 Nov 2026, severe; no dose "
        "here without today's re-score); before any dose: ask about any overdose or ingestion today and screen for "
        "delirium (CAM or 4AT) and intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
        "thiamine and check blood glucose; if delirium, an overdose or ingestion, or intoxication: no dose here "
        "(delirium, or an overdose or ingestion: call emergency services for the ED, staff with the patient until "
        "handover, naloxone if signs of opioid overdose; intoxication: tell the receiving team at handover the "
        "breath alcohol reading or the signs, with the time; the patient must not drive today); otherwise if still "
        "15 or more, or a seizure since the last score, or hallucinations, or disorientation (item 10 at 2 or more), "
        "the ED evaluates both: a prescriber gives a first dose before transfer only if it does not delay the "
        "transfer and the reason for rating 4 allows it; at handover tell the receiving team the last CIWA-Ar and "
        "COWS scores, the delirium screen and any dose with its time; if a benzodiazepine is given with "
        "buprenorphine or methadone: monitor sedation and breathing while the patient is on site (if transferred: "
        "until handover); re-assess for seizures or delirium until handover; re-score the COWS before transfer only "
        "if it does not delay it (last 48 on 20 Nov 2026, severe); if still 37 or more, a prescriber gives "
        "buprenorphine, or methadone only in an opioid treatment programme or under the 72-hour rule (given or "
        "dispensed on site, at most a 3-day supply while referral is arranged, not renewed or extended; never "
        "prescribed), before transfer only if it does not delay the transfer and the reason for rating 4 allows it; "
        "re-score the COWS after dosing if the patient is still here; if any dose is given (a benzodiazepine, "
        "buprenorphine or methadone): the patient must not drive today; record the reason for the lower rating with "
        "the placement decision"
    ),
    (337, "severe_opioid_withdrawal"): (
        "Re-score the COWS before transfer only if it does not delay it (last 48 on 20 Nov 2026, severe); if still "
        "37 or more, before any dose: ask about any overdose or ingestion today and screen for delirium (CAM or 4AT) "
        "and intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check "
        "blood glucose; if delirium, an overdose or ingestion, or intoxication: no dose here (delirium, or an "
        "overdose or ingestion: call emergency services for the ED, staff with the patient until handover, naloxone "
        "if signs of opioid overdose; intoxication: tell the receiving team at handover the breath alcohol reading "
        "or the signs, with the time; the patient must not drive today); otherwise a prescriber gives buprenorphine, "
        "or methadone only in an opioid treatment programme or under the 72-hour rule (given or dispensed on site, "
        "at most a 3-day supply while referral is arranged, not renewed or extended; never prescribed), before "
        "transfer only if it does not delay the transfer and the reason for rating 4 allows it; at handover tell the "
        "receiving team the last CIWA-Ar and COWS scores, the delirium screen and any dose with its time; re-score "
        "the COWS after dosing if the patient is still here; if a benzodiazepine is given with buprenorphine or "
        "methadone: monitor sedation and breathing while the patient is on site (if transferred: until handover); if "
        "any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today"
    ),
    (337, "buprenorphine_induction_threshold"): (
        "Re-score the COWS before transfer only if it does not delay it (last 48 on 20 Nov 2026, severe); if still "
        "37 or more, before any dose: ask about any overdose or ingestion today and screen for delirium (CAM or 4AT) "
        "and intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check "
        "blood glucose; if delirium, an overdose or ingestion, or intoxication: no dose here (delirium, or an "
        "overdose or ingestion: call emergency services for the ED, staff with the patient until handover, naloxone "
        "if signs of opioid overdose; intoxication: tell the receiving team at handover the breath alcohol reading "
        "or the signs, with the time; the patient must not drive today); otherwise a prescriber gives buprenorphine, "
        "or methadone only in an opioid treatment programme or under the 72-hour rule (given or dispensed on site, "
        "at most a 3-day supply while referral is arranged, not renewed or extended; never prescribed), before "
        "transfer only if it does not delay the transfer and the reason for rating 4 allows it; at handover tell the "
        "receiving team the last CIWA-Ar and COWS scores, the delirium screen and any dose with its time; re-score "
        "the COWS after dosing if the patient is still here; if a benzodiazepine is given with buprenorphine or "
        "methadone: monitor sedation and breathing while the patient is on site (if transferred: until handover); if "
        "a dose is given: the patient must not drive today"
    ),
    (565, "headline"): (
        "First: emergency medical evaluation: arrange transfer now (ED); staff with the patient until handover; at "
        "handover tell the receiving team why dimension 2 was rated 4, the last CIWA-Ar score, the delirium screen "
        "and any dose with its time; if the patient declines transfer: the prescriber assesses and records capacity "
        "to decline (without capacity: transfer by emergency services; with capacity: record the advice given and the "
        "risks explained; arrange the highest level of care the patient accepts; any dose as the prescriber decides; "
        "tell the patient and any supportive person to call emergency services for a seizure, confusion, "
        "hallucinations or any worsening); the patient must not drive; re-score the "
        "CIWA-Ar before transfer only if it does not delay it (last 15 on 20 Nov 2026, severe; no dose here without "
        "today's re-score); if still 15 or more, or a seizure since the last score, or hallucinations, or "
        "disorientation (item 10 at 2 or more), the ED evaluates both: before any dose: screen for delirium (CAM or "
        "4AT) and intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and "
        "check blood glucose; if delirium or intoxication: no dose here (delirium: to the ED by emergency services; "
        "intoxication: tell the receiving team at handover the breath alcohol reading or the signs, with the time; "
        "the patient must not drive today); otherwise a prescriber gives a first dose for today's withdrawal before "
        "transfer only if it does not delay the transfer and the reason for rating 4 allows it; re-assess for "
        "seizures or delirium until handover (dimension 2 rated 4, imminent danger; complicated withdrawal (CIWA-Ar "
        "of 20 Nov 2026, not re-scored today): dimension 1 rated 1, below the 4 it calls for; CIWA-Ar in the severe "
        "withdrawal band (CIWA-Ar of 20 Nov 2026, not re-scored today)). Then, as the evaluation decides: 4-WM "
        "medically managed intensive inpatient withdrawal management, then a reassessment of all six dimensions for "
        "treatment (on today's ratings at least Level 4 (Medically managed intensive inpatient))."
    ),
    (565, "complicated_withdrawal"): (
        "Re-score the CIWA-Ar before transfer only if it does not delay it (last 15 on 20 Nov 2026, severe, "
        "disoriented; no dose here without today's re-score); if still 15 or more, or a seizure since the last "
        "score, or hallucinations, or disorientation (item 10 at 2 or more), the ED evaluates both: before any dose: "
        "screen for delirium (CAM or 4AT) and intoxication (breath alcohol above zero, or signs of sedative "
        "intoxication), give thiamine and check blood glucose; if delirium or intoxication: no dose here (delirium: "
        "to the ED by emergency services; intoxication: tell the receiving team at handover the breath alcohol "
        "reading or the signs, with the time; the patient must not drive today); otherwise a prescriber gives a "
        "first dose before transfer only if it does not delay the transfer and the reason for rating 4 allows it; at "
        "handover tell the receiving team the last CIWA-Ar score, the delirium screen and any dose with its time; "
        "re-assess for seizures or delirium until handover; no ambulatory withdrawal management without extended "
        "on-site monitoring (1-WM); 24-hour withdrawal management unless a medical review records a mitigation "
        "(possible withdrawal delirium on 20 Nov 2026 (CIWA-Ar): if confirmed, a history of complicated withdrawal); "
        "if a dose is given: the patient must not drive today"
    ),
    (565, "severe_alcohol_withdrawal"): (
        "Re-score the CIWA-Ar before transfer only if it does not delay it (last 15 on 20 Nov 2026, severe, "
        "disoriented; no dose here without today's re-score); if still 15 or more, or a seizure since the last "
        "score, or hallucinations, or disorientation (item 10 at 2 or more), the ED evaluates both: before any dose: "
        "screen for delirium (CAM or 4AT) and intoxication (breath alcohol above zero, or signs of sedative "
        "intoxication), give thiamine and check blood glucose; if delirium or intoxication: no dose here (delirium: "
        "to the ED by emergency services; intoxication: tell the receiving team at handover the breath alcohol "
        "reading or the signs, with the time; the patient must not drive today); otherwise a prescriber gives a "
        "first dose before transfer only if it does not delay the transfer and the reason for rating 4 allows it; at "
        "handover tell the receiving team the last CIWA-Ar score, the delirium screen and any dose with its time; "
        "re-assess for seizures or delirium until handover; if a dose is given: the patient must not drive today"
    ),
    (565, "rated_below_suggestion_d1"): (
        "Re-score the CIWA-Ar before transfer only if it does not delay it (last 15 on 20 Nov 2026, severe, "
        "disoriented; no dose here without today's re-score); if still 15 or more, or a seizure since the last "
        "score, or hallucinations, or disorientation (item 10 at 2 or more), the ED evaluates both: before any dose: "
        "screen for delirium (CAM or 4AT) and intoxication (breath alcohol above zero, or signs of sedative "
        "intoxication), give thiamine and check blood glucose; if delirium or intoxication: no dose here (delirium: "
        "to the ED by emergency services; intoxication: tell the receiving team at handover the breath alcohol "
        "reading or the signs, with the time; the patient must not drive today); otherwise a prescriber gives a "
        "first dose before transfer only if it does not delay the transfer and the reason for rating 4 allows it; at "
        "handover tell the receiving team the last CIWA-Ar score, the delirium screen and any dose with its time; "
        "re-assess for seizures or delirium until handover; no ambulatory withdrawal management without extended "
        "on-site monitoring (1-WM); 24-hour withdrawal management unless a medical review records a mitigation "
        "(possible withdrawal delirium on 20 Nov 2026 (CIWA-Ar): if confirmed, a history of complicated withdrawal); "
        "if a dose is given: the patient must not drive today; record the reason for the lower rating with the "
        "placement decision"
    ),
}

#: The ten cases (typed from the 800's dump before the change).
CASES = (12, 74, 160, 237, 254, 337, 461, 510, 565, 567)


@pytest.mark.parametrize(("number", "code"), sorted(TEXTS))
def test_whole_text(number: int, code: str) -> None:
    assert only_box(number, code) == TEXTS[(number, code)]


@pytest.mark.parametrize(("number", "code"), [k for k in sorted(TEXTS) if k[0] != 565 and CONDITION in TEXTS[k]])
def test_no_old_condition_nor_hold(number: int, code: str) -> None:
    text = only_box(number, code)
    assert OLD_CONDITION not in text
    assert INTOXICATION_ONLY not in text
    assert not any(old in text for old in OLD_HOLDS)


def test_the_words_are_case_565s_and_case_6s() -> None:
    """R66 must-fix 1: the screen is case 565's (the disoriented rating-4 form), and case 6's with the overdose question
    (6 is no old severe form: the words it says for the same screen beside a transfer now)."""
    assert CONDITION + ": " + SCREEN_565 in only_box(565, "headline")
    assert SCREEN_6_HEADLINE in only_box(6, "headline")
    assert SCREEN_6_BOX.removeprefix("before") in only_box(6, "moderate_alcohol_withdrawal")
    assert CONDITION + ": " + SCREEN_565 in only_box(12, "headline")
    assert CONDITION + ": " + SCREEN_565 in only_box(12, "severe_alcohol_withdrawal")
    assert CONDITION + ": " + SCREEN_6_BOX in only_box(160, "severe_alcohol_withdrawal")
    # 160's and 337's headlines: case 6's headline words (the escort said before), the screen before the condition
    assert "the patient must not drive; " + SCREEN_6_HEADLINE + "a prescriber gives" in only_box(160, "headline")
    assert "today's re-score); " + SCREEN_6_HEADLINE + CONDITION + ": a prescriber" in only_box(337, "headline")


@pytest.mark.parametrize("number", [74, 160])
def test_headline_order_kept_screen_dose_condition(number: int) -> None:
    """R66 must-fix 2: 74's and 160's headlines say the screen, then the first dose, then the condition with no dose."""
    h = only_box(number, "headline")
    screen = h.index("before any dose: ")
    dose = h.index("otherwise a prescriber gives a first dose for today's withdrawal before transfer")
    condition = h.index(CONDITION + "; re-assess for seizures or delirium until handover")
    assert screen < dose < condition
    assert h.count("before any dose: ") == 1
    assert DELIRIUM_SCREENED in h[screen:dose]


@pytest.mark.parametrize(
    ("number", "code"),
    [(337, "headline"), (337, "rated_below_suggestion_d1")]
    + [(74, "rated_below_suggestion_d1"), (160, "rated_below_suggestion_d1")],
)
def test_screen_before_otherwise_if_still(number: int, code: str) -> None:
    """R66 must-fix 2: the screen stays before "otherwise if still ...", guarding the later buprenorphine dose too."""
    text = only_box(number, code)
    at = text.index("; otherwise " + CONDITION + ": a prescriber gives a first dose")
    assert text.rfind("before any dose: ", 0, at) >= 0
    assert DELIRIUM_SCREENED in text[text.rfind("before any dose: ", 0, at) : at]
    assert text.count("before any dose: ") == 1


def test_sweep_every_rating_4_old_severe_form_has_the_condition() -> None:
    """All 800: each rating-4 old severe form says the condition, none the old one: 27 texts (10 headlines) of the ten
    cases."""
    forms, said = [], []
    for number in all_built():
        for code, text in texts(number):
            if not text:
                continue
            assert OLD_CONDITION not in text, (number, code)
            if RATING_4_OLD_SEVERE.search(text):
                forms.append((number, code))
            if CONDITION in text:
                said.append((number, code))
    assert forms == said
    assert len(said) == 27
    assert sum(code == "headline" for _, code in said) == 10
    assert tuple(sorted({n for n, _ in said})) == CASES


def test_sweep_no_condition_with_a_dose_unscreened_for_delirium() -> None:
    """All 800: no text with the condition gives a first dose without the delirium screen before it, holds for
    intoxication alone, or hands over the scores without the screen; 13 texts say case 565's screen (5 headlines), 14
    case 6's (5 headlines, their escort said before; 9 boxes with it), 6 of them with case 6's handover (160, 337)."""
    forms: dict[str, int] = {"565": 0, "6 headline": 0, "6 box": 0, "6 told": 0}
    for number in all_built():
        for code, text in texts(number):
            if not text or CONDITION not in text:
                continue
            for dose in FIRST_DOSE.finditer(text):
                assert DELIRIUM_SCREENED in text[: dose.start()], (number, code)
            assert INTOXICATION_ONLY not in text, (number, code)
            assert not any(old in text for old in OLD_HOLDS), (number, code)
            assert not UNTOLD.search(text), (number, code)
            assert (HELD_565 in text) != (HELD_6 in text), (number, code)
            forms["565"] += SCREEN_565 in text
            forms["6 headline"] += HELD_6_HEADLINE in text
            forms["6 box"] += HELD_6_BOX in text
            forms["6 told"] += SCREEN_6_HEADLINE in text or SCREEN_6_BOX in text
    # R32 (a): beside a C-SSRS high (237 254 567) the intoxication's next step waits for the suicide evaluation
    assert forms == {"565": 13, "6 headline": 5, "6 box": 9, "6 told": 6}


def test_sweep_the_knock_ons() -> None:
    """All 800: in the ten cases, every COWS box screens for delirium (R30b S5: 4 boxes of 74, 160, 337) and the
    buprenorphine threshold waits for no delirium (74, 160)."""
    cows = []
    for number in CASES:
        for code, text in texts(number):
            if code in (
                "moderate_opioid_withdrawal",
                "moderately_severe_opioid_withdrawal",
                "severe_opioid_withdrawal",
            ):
                assert INTOXICATION_ONLY not in text, (number, code)
                cows.append(number)
            if code == "buprenorphine_induction_threshold":
                assert INTOXICATION_ONLY not in text and "finds no intoxication" not in text, number
                assert "finds no overdose or ingestion and no intoxication" not in text, number
                cows.append(number)
    assert sorted(cows) == [74, 74, 160, 160, 337, 337]


def test_idempotent() -> None:
    """The passes applied again change nothing (a text, and a case's boxes)."""
    for number in CASES:
        rec = all_built()[number]
        for _, text in texts(number):
            if text:
                assert ed_evaluates_both_if_confused(text, rec.flags, rec.headline) == text  # type: ignore[attr-defined]
        assert ed_evaluates_both_if_confused_in_boxes(rec) is rec  # type: ignore[arg-type]
