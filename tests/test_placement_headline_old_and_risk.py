"""Rules of the placement headline for severe withdrawal and an unassessed withdrawal risk, typed by hand from the
sources (never from iopkit's output).

1. A severe CIWA-Ar or COWS of another day. Both scales rate the signs present at the moment of rating, repeated as
   serial ratings (CIWA-Ar: Sullivan et al. 1989; COWS: Wesson & Ling 2003), and treatment follows the current score
   (ASAM 2020 alcohol withdrawal guideline, Rec III.3). A score in the severe band (COWS above 36, "severe
   withdrawal", Wesson & Ling 2003; CIWA-Ar 15 or more on the Sullivan-derived bands iopkit uses by default, 19 or more
   on the ASAM 2020 bands) taken on another day is no sign of today: the headline leads with a re-score now, and only
   if the re-score is still at the band's cut-off what a severe score of today calls for (below); never that step on
   the old signs. It still comes before a same-day suicide risk assessment, as every step due now does. Possible
   delirium (hallucinations or disorientation, which has its own rules) and dimension 1 rated 4 (imminent danger, ASAM
   Criteria 2013) still lead with an emergency evaluation. The old score still suggests its band's rating (COWS 13 or
   more: 2; CIWA-Ar severe: 3), as a moderate band of another day does, and a rating below it leads with the same
   re-score. An old severe CIWA-Ar asks what happened since (a seizure, confusion, a hospital visit, the last drink):
   complicated alcohol withdrawal (seizures, delirium tremens) comes days after the last drink (ASAM 2020 alcohol
   withdrawal guideline, Rec II.5); below 24-hour withdrawal management the plan follows only if the review records why
   ambulatory care is safe, for an open flag of it as for its score (physician review).
2. A severe score of today. COWS above 36: ASAM 2020 National Practice Guideline for OUD: opioid withdrawal is managed
   with buprenorphine or methadone; the setting escalates for complicating conditions, not the score; a patient sent
   away in withdrawal is likely to use. So a prescriber treats withdrawal now, before the patient leaves (a medical
   review now), and an emergency evaluation only for a complicating condition (physician review); the flag stays
   critical. CIWA-Ar severe band: ambulatory withdrawal management only for mild or moderate withdrawal without
   complicating factors (ASAM 2020 alcohol withdrawal guideline, Rec VII.8), medication at once for severe withdrawal
   (Rec VII.5): an emergency evaluation, said as what it is, a transfer to medically managed withdrawal.
3. Withdrawal risk not assessed. ASAM 2020 alcohol withdrawal guideline, Rec II.1 and II.5: assess the risk of
   complicated withdrawal (past withdrawal seizures or delirium tremens; the PAWSS, Maldonado et al. 2014) before
   deciding the setting; Rec III.3: the CIWA-Ar reflects current signs and does not decide the setting alone. With a
   CIWA-Ar and neither fact given, under a plan below medically monitored 24-hour withdrawal management (none, 1-WM,
   2-WM, 3.2-WM), the headline names that assessment before the level, with what a positive result calls for (a past
   seizure or delirium tremens, or a PAWSS of 4 or more: 3.7-WM unless the reason is recorded), a review today (as
   AUDIT item 6's "assess withdrawal risk today"), after the steps due now and a same-day suicide risk assessment; the
   plan follows "unless the assessment finds more" ("the assessments" beside a suicide risk assessment, which
   "find"); beside any other step it is a sentence of its own, "Also before deciding the setting: ..." after the
   first, so no first sentence runs on (physician re-review). With no past
   seizure or delirium tremens reported, the PAWSS is still asked for (the history is one of its items, not all of it).
   A 3.7-WM or 4-WM plan is already the setting a high risk calls for, so it adds nothing. The prescriber's review a
   withdrawal sign of today calls for before the patient leaves (CIWA-Ar moderate band: treat with medication, ASAM
   2020; COWS 13-36: buprenorphine or methadone) is named ahead of it, whatever dimension 1 is rated: a less urgent
   step is never the only one shown (physician review).
4. An old severe flag left open, its instrument scored again today: paperwork; today's score decides (Rec III.3).
5. A moderate withdrawal score of today is never silent: its prescriber's review is named whatever the rating and
   beside a suicide risk assessment; under a 3.7-WM plan, a first dose before the transfer (physician re-review).
"""

import datetime as dt
import json
from dataclasses import replace

import pytest

import iopkit
from iopkit.flags import Severity
from iopkit.placement import FirstStep, Recommendation, recommend, suggest_dimensions

from .intoxication_screens import (
    ED_EVALUATES_BOTH_IF_CONFUSED,
    SCREEN_ALCOHOL,
    SCREEN_DELIRIUM_ALCOHOL,
    SCREEN_OPIOID,
    r32a,
    tries_to_leave,
)
from .overdose_words import asked, asked_r32a, starts_asked_r32a
from .refusal_branches import AT_4_STAFF_D1, CIWA_TOLD, COWS_TOLD, MEDICAL_DECLINES, STAFF_UNTIL_HANDOVER
from .test_placement_review_r60_g4 import held_apart

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

PLACED = dt.date(2026, 12, 2)
OLD = dt.date(2026, 11, 20)
REST = {2: 0, 3: 1, 4: 1, 5: 1, 6: 1}
REST_RISK = {2: 0, 3: 2, 4: 1, 5: 1, 6: 1}  # dimension 3 at 2 beside a PHQ-9 item 9

LEVEL_1 = "Level 1 (Outpatient), under 9 h/week of clinical services"
LEVEL_2_1 = "Level 2.1 (Intensive outpatient), 9 to under 20 h/week of clinical services"
WITH_1WM = "; with 1-WM ambulatory withdrawal management without extended on-site monitoring"
WITH_2WM = "; with 2-WM ambulatory withdrawal management with extended on-site monitoring"
THEN_37WM = (
    "3.7-WM medically monitored inpatient withdrawal management, then a reassessment of all six dimensions for "
    "treatment (on today's ratings at least Level 1 (Outpatient))"
)

# --- 1. severe withdrawal signs of another day ---------------------------------------------------------------------

COWS_44 = [4, 4, 5, 5, 4, 4, 5, 4, 4, 2, 3]  # 44: above 36, severe (Wesson & Ling 2003)
COWS_13 = [1, 2, 3, 1, 1, 1, 1, 1, 1, 1, 0]  # 13: 13-24, moderate
CIWA_24 = [4, 4, 4, 4, 4, 0, 0, 0, 4, 0]  # 24: severe on every scheme; no hallucinations, oriented
CIWA_24_HALLUCINATING = [4, 4, 4, 4, 4, 4, 0, 0, 4, 0]  # item 6 at 4: moderately severe hallucinations

# a severe COWS of today: a prescriber treats withdrawal now (ASAM 2020 OUD guideline), an emergency evaluation only
# for a complicating condition
# R11 should-fix 3 (c), exactly: the intoxication screen in front of a first dose beside a rating of 4
SCREEN_AT_4 = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication); "
    "if intoxicated: no dose here (the patient must not drive today); otherwise "
)
COWS_STEP = (
    SCREEN_OPIOID
    + "a prescriber treats withdrawal now, before the patient leaves: buprenorphine, or methadone as the COWS flag "
    "says; re-score the COWS after dosing; after a first dose of buprenorphine or methadone the patient must not "
    "drive today; emergency evaluation only for a complicating condition (listed on the COWS flag)"
)  # physician review R13, should-fix S5: the driving advice after the COWS dose step, its words
# physician review R22 S1: "must not drive today" (was "should")
# the same step in the box of an old severe COWS flag, which keeps the full text (physician review 7: the headline
# shortens it, the box does not)
COWS_STEP_BOX = (
    "a prescriber treats withdrawal now, before the patient leaves: buprenorphine, or methadone only in an opioid "
    "treatment programme or under the 72-hour rule (given or dispensed on site, at most a 3-day supply while "
    "referral is arranged, not renewed or extended; never prescribed); re-score the COWS after dosing; emergency "
    "evaluation only for a complicating condition (vomiting or diarrhoea with fluids not kept down, unstable vital "
    "signs, other medical or psychiatric instability, pregnancy, alcohol or benzodiazepine withdrawal alongside, "
    "precipitated withdrawal that does not settle, delirium)"
)
# a severe CIWA-Ar of today: transfer to medically managed withdrawal (ASAM 2020 alcohol withdrawal guideline, Rec
# VII.5, VII.8)
# the severe band named with today's total and its scheme, iopkit's default (15 or more severe: Sullivan-derived
# protocol pages, not the 1989 form), beside ASAM 2020's (19 or more severe), so it does not read as contradicting the
# moderate step's ASAM 2020 range 10-18 (physician review 6, S4)
SEVERE_24 = "CIWA-Ar 24 today: severe (15 or more on iopkit's default bands; 19 or more on ASAM 2020's)"
CIWA_TRANSFER_NOW = "arrange transfer now to medically managed withdrawal (ED, or 3.7-WM/4-WM)"
CIWA_TRANSFER_REST = (
    "; "
    + SCREEN_ALCOHOL
    # R23a finding 2: the first dose before transfer, the last CIWA-Ar score and any dose told at handover
    + "a prescriber gives a first dose before transfer if it does not delay the transfer; at handover tell the "
    "receiving team the last CIWA-Ar score and any dose with its time; the patient must not drive; "
    "re-assess for seizures or delirium until handover"
)

#: R57 M1: an old moderate re-score's screen before any dose and its hold (the COWS alone, ambulatory), as the old
#: severe COWS re-score's.
R57_COWS = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication); if "
    "intoxicated: no dose now (ask the patient to stay on site and repeat the screen and the score when it clears; if "
    "it has not cleared by the end of the session: the prescriber arranges a higher level of care or the first dose on "
    "another day, with naloxone in hand; the patient must not drive today; if the patient insists: offer a lift or a "
    "taxi, and follow local policy); otherwise "
)
# the lead's own transfer, with its refusal branch (physician review R5, session 11, must-fix 1 (a))
# (physician review R16, session 15, should-fix S8: staff with the patient until handover, before the refusal branch)
CIWA_TRANSFER_LEAD = CIWA_TRANSFER_NOW + STAFF_UNTIL_HANDOVER + MEDICAL_DECLINES + CIWA_TRANSFER_REST
CIWA_TOLD_AT = "; at handover tell the receiving team the last CIWA-Ar score and any dose with its time"
#: the lead where the step's one handover clause is said after it, with the suicide screens (R23a finding 4)
CIWA_TRANSFER_LEAD_UNTOLD = CIWA_TRANSFER_LEAD.replace(CIWA_TOLD_AT, "")
# the re-score's conditional transfer ("if still 15 or more, or a seizure since the last score, arrange transfer now
# ..."): the severe CIWA-Ar box's text, with its refusal branch (physician review R6, should-fix 4; must-fix 6: a
# conditional transfer too); a seizure since the last score transfers too, to medically managed withdrawal (ED, or
# 4-WM) (physician review R9, session 13, must-fix N2, the reviewer's words); hallucinations or disorientation too
# (physician review R63, section 5, its words)
# R63 S5 (was: ", or a seizure since the last score")
OR_SEIZURE = ", or a seizure since the last score, or hallucinations, or disorientation (item 10 at 2 or more)"
# (in the headline; R16 should-fix S8, as above)
CIWA_TRANSFER = (
    "arrange transfer now to medically managed withdrawal (ED, or 4-WM)"
    + STAFF_UNTIL_HANDOVER
    + MEDICAL_DECLINES
    + CIWA_TRANSFER_REST
)
#: R76: the headline's (and the placement's boxes') conditional transfer on what the re-score finds, by emergency
#: services (the score's own box above, CIWA_TRANSFER, keeps its words).
CIWA_TRANSFER_BY_EMERGENCY_SERVICES = (
    # R76 (was: "arrange transfer now to medically managed withdrawal (ED, or 4-WM)", CIWA_TRANSFER)
    "arrange transfer now by emergency services to medically managed withdrawal (ED, or 4-WM)"
    + STAFF_UNTIL_HANDOVER
    + MEDICAL_DECLINES
    + CIWA_TRANSFER_REST
)
SINCE = "ask what happened since (a seizure, confusion, a hospital visit, the last drink)"
#: The old severe COWS flag's own re-score (its box, as suggest_dimensions says it: no screen of its own).
RESCORE_COWS_44_BOX = (
    # R53 D: the treatment of a re-score below 37 said as that branch
    f"re-score the COWS now (last 44 on 20 Nov 2026, severe): if still 37 or more, {COWS_STEP_BOX}; if below 37: "
    "treat on the current score"
)
#: R53 ruling 4: the headline's screen before "if still 37 or more", covering the 13-36 dose too (the boxes' form).
COWS_STEP_AFTER_SCREEN = COWS_STEP.removeprefix(SCREEN_OPIOID)
RESCORE_COWS_44 = (
    f"re-score the COWS now (last 44 on 20 Nov 2026, severe): {SCREEN_OPIOID}if still 37 or more, "
    f"{COWS_STEP_AFTER_SCREEN}; if below 37: treat on the current score"  # R53 D
)
#: R21 S5 as ruled again: how the patient given a dose on site goes home under ambulatory withdrawal management, at the
#: end of the dose's sentence (naloxone outright beside an opioid dose; "if the patient also uses opioids" for alcohol
#: alone), typed.
HOME_OPIOIDS = (
    # R26a S1 as ruled in session 22: the going-home clause re-typed in observable words (POSS levels
    # 1-2; naloxone in hand, the supportive person shown how to use it)
    "; after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    # R39 S3: the opioid clause introduces no supportive person: "(and any supportive person ...)"
    # R32 S3: a COWS re-score after the last buprenorphine dose no higher than before it (the going-home clause)
    "roused, and has a COWS re-score after the last buprenorphine dose no higher than before it (no precipitated "
    "withdrawal), with naloxone in hand (and any supportive person shown how to use it), and the "
    # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
    # R43 M1: 'until they are met' -> 'until these conditions are met' ('they' misread as the patient)
    "patient and any supportive person told not to add alcohol or other sedatives; otherwise the patient stays on "
    "site until these conditions are met, or a higher level of care is arranged"
)
HOME_ALCOHOL = (
    "; after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    "roused"
    # physician review R29 (should-fix): the benzodiazepine's going-home conditions (was: "roused (and, if ...")
    ", walks steadily, and has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, with a "
    "supportive person to stay overnight"
    " (and, if the patient also uses opioids, with naloxone in hand and the supportive person shown how to "
    # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
    "use it), and the patient and the supportive person told not to add alcohol or other sedatives; otherwise the "
    "patient stays on site until these conditions are met, or a higher level of care is arranged"
)
RESCORE_COWS_44_HOME = RESCORE_COWS_44 + HOME_OPIOIDS  # R21 S5
OLD_COWS_44 = "COWS above 36 (severe opioid withdrawal) (COWS of 20 Nov 2026, not re-scored today)"
#: R65 F1: the old severe CIWA-Ar's conditional transfer (the headline's) holds any dose in delirium right after its
#: screen before any dose.
# R76 (was: CIWA_TRANSFER.replace(...), "arrange transfer now to medically managed withdrawal (ED, or 4-WM)")
CIWA_TRANSFER_HELD = CIWA_TRANSFER_BY_EMERGENCY_SERVICES.replace(
    SCREEN_ALCOHOL,
    # R67 F1 (was: SCREEN_ALCOHOL, no hold for delirium after "give thiamine and check blood glucose; ")
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    "thiamine and check blood glucose; if delirium: no dose here; call emergency services for the ED; staff with the "
    "patient until handover; if intoxicated: no dose here (the patient must not drive today); otherwise ",
).replace(
    CIWA_TOLD_AT,
    # R67 F1 (was: CIWA_TOLD_AT, "the last CIWA-Ar score and any dose with its time"): the re-score screens for
    # delirium, so the handover tells the screen (R64 S3, R65 F2)
    "; at handover tell the receiving team the last CIWA-Ar score, the delirium screen and any dose with its time",
)
RESCORE_CIWA_24 = (
    # R67 F1 (was: "re-score the CIWA-Ar now (last 24 on 20 Nov 2026, severe): {SINCE}; ...{CIWA_TRANSFER}; ...")
    "re-score the CIWA-Ar now (last 24 on 20 Nov 2026, severe) and screen for delirium (CAM or 4AT): "
    f"{SINCE}; if still 15 or more{OR_SEIZURE}, {CIWA_TRANSFER_HELD}; treat on the current score"
)
OLD_CIWA_24 = "CIWA-Ar in the severe withdrawal band (CIWA-Ar of 20 Nov 2026, not re-scored today)"
#: R39 C10: at Level 0.5-2.5 an old CIWA-Ar's re-score is a dose given on site: the driving clause, its re-score after
#: a dose and the going-home sentence for alcohol alone (case 170's), the physician's words.
C10_ALCOHOL = (
    "; if a dose is given: the patient must not drive today; re-score the CIWA-Ar within 1 hour of a dose and at the "
    "end of the visit; after a dose given on site, the patient goes home only if awake or no more than slightly drowsy "
    "and easily roused, walks steadily, and has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, "
    "with a supportive person to stay overnight (and, if the patient also uses opioids, with naloxone in hand and the "
    "supportive person shown how to use it), and the patient and the supportive person told not to add alcohol or "
    "other sedatives"
    # R32 S3/S4 with R39 C10: the plain going-home sentence ends with S4's words
    "; otherwise the patient stays on site until these conditions are met, or a higher level of care is arranged"
)
ASSESS_RISK = (
    "assess withdrawal risk today (ask about past withdrawal seizures or delirium tremens; score the PAWSS) before "
    "deciding the setting; if a past seizure or delirium tremens, or a PAWSS of 4 or more: 3.7-WM unless the reason "
    "is recorded"
)
NOT_ASSESSED = "withdrawal risk not assessed"
ALSO_RISK = (  # the withdrawal-risk assessment beside other steps: a sentence of its own (physician re-review)
    " Also before deciding the setting: assess withdrawal risk today (ask about past withdrawal seizures or delirium "
    "tremens; score the PAWSS); if a past seizure or delirium tremens, or a PAWSS of 4 or more: 3.7-WM unless the "
    "reason is recorded (withdrawal risk not assessed)."
)


def _old(instrument, answers, **facts):
    return suggest_dimensions([iopkit.score(instrument, answers)], scored_on={instrument: OLD}, today=PLACED, **facts)


def _open(answers, instrument, code, note):
    """A score's flag as the placement page passes an unresolved one of an older score (its day in the note)."""
    flag = next(f for f in iopkit.score(instrument, answers).flags if f.code == code)
    return replace(flag, message=f"{flag.message} ({note})")


def test_the_reported_case_leads_with_a_re_score_now_not_an_emergency_evaluation():
    r = recommend({1: 2, **REST}, suggested=_old("cows", COWS_44))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline == (  # R21 S5: the going-home clause after the dose's sentence
        r32a(f"First: {RESCORE_COWS_44_HOME} ({OLD_COWS_44}). Then, unless the review finds more: {LEVEL_1}{WITH_2WM}.")
    )
    assert "First: emergency" not in r.headline
    assert Recommendation.from_dict(json.loads(json.dumps(r.to_dict()))).headline == r.headline


def test_the_old_severe_flag_stays_critical_and_says_its_re_score():
    s = _old("cows", COWS_44)
    (severe,) = (f for f in s[1].flags if f.code == "severe_opioid_withdrawal")
    assert severe.severity is Severity.CRITICAL  # a danger sign is never silent
    assert severe.action == f"R{RESCORE_COWS_44_BOX[1:]}"
    # every flag of that score says the one re-score (the induction threshold's note too): no dose on old signs
    assert {f.action for f in s[1].flags} == {severe.action}
    # the old score still suggests its band's rating, as a moderate band of another day does: COWS 13 or more, 2
    assert s[1].rating == 2


@pytest.mark.parametrize("d1", [0, 1])
def test_a_rating_below_the_old_severe_cows_leads_with_the_same_re_score(d1):
    r = recommend({1: d1, **REST}, suggested=_old("cows", COWS_44))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    plan = LEVEL_1 + (WITH_1WM if d1 == 1 else "")
    # R38 M2: how the patient dosed on site goes home, rated 0 as rated 1 (a lower rating never removes it; was: "R21
    # S5: said only where the plan offers 1-WM", RESCORE_COWS_44 rated 0)
    rescore = RESCORE_COWS_44_HOME
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline == r32a(
        f"First: {rescore} ({OLD_COWS_44}: dimension 1 rated {d1}, below the 2 it calls for). Then, unless "
        f"the review finds more: {plan}."
    )


def test_an_old_severe_ciwa_ar_rated_3_leads_with_its_re_score_before_the_24_hour_setting():
    r = recommend({1: 3, **REST}, suggested=_old("ciwa_ar", CIWA_24, pawss=1))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # physician review R32 (a) (its four settings), R33 S1: each hold by its setting (r32a): a transfer now tells the
    # receiving team; a conditional transfer says both branches
    assert r.headline == r32a(
        f"First: {RESCORE_CIWA_24} ({OLD_CIWA_24}). Then, unless the review finds more: {THEN_37WM}."
    )


def test_an_old_severe_ciwa_ar_rated_below_it_leads_with_the_re_score_and_keeps_the_24_hour_default():
    s = _old("ciwa_ar", CIWA_24, pawss=1)
    assert s[1].rating == 3  # CIWA-Ar severe band: 3.7-WM, the band's rating (not 4-WM)
    r = recommend({1: 1, **REST}, suggested=s)
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # physician review R32 (a) (its four settings), R33 S1: each hold by its setting (r32a): a transfer now tells the
    # receiving team; a conditional transfer says both branches
    assert r.headline == r32a(
        # R39 C10: the plan is Level 1: the driving clause, the re-score after a dose, then going home
        f"First: {RESCORE_CIWA_24}{C10_ALCOHOL} ({OLD_CIWA_24}: dimension 1 rated 1, below the 3 it calls for). Then, "
        "only if the "
        f"review records why ambulatory care is safe: {LEVEL_1}{WITH_1WM}."
    )


def test_the_ciwa_ar_threshold_is_that_of_the_scores_own_scheme():
    # ASAM 2020 alcohol withdrawal guideline bands: 19 or more severe
    ciwa = iopkit.score("ciwa_ar", CIWA_24, scheme="asam_2020")
    s = suggest_dimensions([ciwa], scored_on={"ciwa_ar": OLD}, today=PLACED, pawss=1)
    (severe,) = (f for f in s[1].flags if f.code == "severe_alcohol_withdrawal")
    assert severe.action == (
        f"Re-score the CIWA-Ar now (last 24 on 20 Nov 2026, severe): {SINCE}; if still 19 or more{OR_SEIZURE}, "
        # the box keeps its step without the headline's screen (physician review R13, should-fix S4: the headline's)
        # (and without the headline's staff clause, physician review R16, should-fix S8: the headline's)
        # (and without the headline's handover of the last score and any dose, R23a finding 2: the headline's)
        f"{CIWA_TRANSFER.replace(SCREEN_ALCOHOL, '').replace(STAFF_UNTIL_HANDOVER, '').replace(CIWA_TOLD_AT, '')}; "
        "treat on the current score"
    )


def test_an_old_severe_ciwa_ar_without_the_risk_assessed_names_both_steps_now_first():
    r = recommend({1: 2, **REST}, suggested=_old("ciwa_ar", CIWA_24))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # physician review R32 (a) (its four settings), R33 S1: each hold by its setting (r32a): a transfer now tells the
    # receiving team; a conditional transfer says both branches
    assert r.headline == r32a(
        # R39 C10: the plan is Level 1: the driving clause, the re-score after a dose, then going home
        f"First: {RESCORE_CIWA_24}{C10_ALCOHOL} ({OLD_CIWA_24}: dimension 1 rated 2, below the 3 it calls for)."
        f"{ALSO_RISK} "
        f"Then, only if the review records why ambulatory care is safe: {LEVEL_1}{WITH_2WM}."
    )


@pytest.mark.parametrize("d1", [0, 2])
def test_an_open_severe_cows_flag_of_another_day_leads_with_its_re_score(d1):
    old = _open(COWS_44, "cows", "severe_opioid_withdrawal", "COWS of 20 Nov 2026, not resolved")
    r = recommend({1: d1, **REST}, suggested=suggest_dimensions([], older_open_flags=[old], today=PLACED))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    below = ": dimension 1 rated 0, below the 1 it calls for" if d1 == 0 else ""
    plan = LEVEL_1 + (WITH_2WM if d1 == 2 else "")
    # R38 M2: rated 0 as rated 2 (a lower rating never removes it; was: "" rated 0, "R21 S5: said only where the plan
    # offers ambulatory WM")
    home = HOME_OPIOIDS
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline == r32a(
        # R53 ruling 4: the screen before "if still 37 or more"
        f"First: re-score the COWS now (flag of 20 Nov 2026, severe): {SCREEN_OPIOID}if still 37 or more, "
        # R53 D: the treatment of a re-score below 37 said as that branch
        f"{COWS_STEP_AFTER_SCREEN}; if below 37: treat on the current score{home} (COWS above 36 (severe opioid "
        "withdrawal) (COWS "
        f"of 20 Nov 2026, not resolved, not re-scored today){below}). Then, unless the review finds more: {plan}."
    )


@pytest.mark.parametrize("d1, plan", [(0, LEVEL_1), (1, LEVEL_1 + WITH_1WM), (2, LEVEL_1 + WITH_2WM)])
def test_an_open_severe_ciwa_ar_flag_of_another_day_leads_with_its_re_score(d1, plan):
    # the flag's banding scheme is not known (no score): both schemes' cut-offs, the default's first (Sullivan-derived
    # 15 or more; ASAM 2020 19 or more); a risk of complicated withdrawal: the plan only if the review records why
    old = _open(CIWA_24, "ciwa_ar", "severe_alcohol_withdrawal", "CIWA-Ar of 20 Nov 2026, not resolved")
    s = suggest_dimensions([], older_open_flags=[old], today=PLACED, pawss=1)
    r = recommend({1: d1, **REST}, suggested=s)
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    below = ": dimension 1 rated 0, below the 1 it calls for" if d1 == 0 else ""
    # physician review R32 (a) (its four settings), R33 S1: each hold by its setting (r32a): a transfer now tells the
    # receiving team; a conditional transfer says both branches
    assert r.headline == r32a(
        # R67 F1 (was: "(flag of 20 Nov 2026, severe): {SINCE}; ...{CIWA_TRANSFER}; ...")
        "First: re-score the CIWA-Ar now (flag of 20 Nov 2026, severe) and screen for delirium (CAM or 4AT): "
        f"{SINCE}; if still 15 or more (19 or more on "
        f"the ASAM 2020 alcohol withdrawal guideline's bands){OR_SEIZURE}, {CIWA_TRANSFER_HELD}; treat on the current "
        "score (CIWA-Ar in the severe withdrawal band (CIWA-Ar of 20 Nov 2026, not resolved, not re-scored "
        f"today){below}). Then, only if the review records why ambulatory care is safe: {plan}."
    )


def test_an_open_severe_ciwa_ar_flag_under_a_24_hour_plan_adds_nothing_to_it():
    old = _open(CIWA_24, "ciwa_ar", "severe_alcohol_withdrawal", "CIWA-Ar of 20 Nov 2026, not resolved")
    r = recommend({1: 3, **REST}, suggested=suggest_dimensions([], older_open_flags=[old], today=PLACED, pawss=1))
    assert r.headline.endswith(f"Then, unless the review finds more: {THEN_37WM}.")


def test_an_open_severe_cows_flag_is_no_risk_of_complicated_alcohol_withdrawal():
    # the rule is alcohol withdrawal's (delirium tremens): a COWS flag keeps "unless the review finds more"
    old = _open(COWS_44, "cows", "severe_opioid_withdrawal", "COWS of 20 Nov 2026, not resolved")
    r = recommend({1: 1, **REST}, suggested=suggest_dimensions([], older_open_flags=[old], today=PLACED))
    assert "only if the review records why ambulatory care is safe" not in r.headline
    assert "ask what happened since" not in r.headline


def test_an_open_severe_flag_and_a_later_severe_score_of_another_day_say_one_re_score():
    # COWS 13 of 01 Sep 2026 still open, COWS 44 of 20 Nov 2026: one re-score, the latest's, severe
    old = _open(COWS_13, "cows", "moderate_opioid_withdrawal", "COWS of 01 Sep 2026, not resolved")
    s = suggest_dimensions(
        [iopkit.score("cows", COWS_44)], scored_on={"cows": OLD}, today=PLACED, older_open_flags=[old]
    )
    r = recommend({1: 2, **REST}, suggested=s)
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline.startswith(r32a(f"First: {RESCORE_COWS_44_HOME} ("))  # R21 S5
    assert r.headline.lower().count("re-score the cows now") == 1


def test_an_open_severe_flag_before_a_later_moderate_score_of_another_day_says_one_re_score():
    # COWS 44 of 20 Nov 2026 still open, COWS 13 of 25 Nov 2026: the latest score is re-scored, once; the severe
    # flag still leads as a step now (not an emergency evaluation)
    old = _open(COWS_44, "cows", "severe_opioid_withdrawal", "COWS of 20 Nov 2026, not resolved")
    s = suggest_dimensions(
        [iopkit.score("cows", COWS_13)],
        scored_on={"cows": dt.date(2026, 11, 25)},
        today=PLACED,
        older_open_flags=[old],
    )
    r = recommend({1: 2, **REST}, suggested=s)
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # R39 C10: the plan is ambulatory: the driving clause, then the routine opioid going-home clause
    assert r.headline.startswith(
        # R57 M1: the screen before any dose and its hold
        "First: re-score the COWS now (last 13 on 25 Nov 2026): "
        + R57_COWS
        + "treat on the current score; if a dose is given: the "
        "patient must not drive today; after a dose given on site, the patient goes home only if awake or no more than "
        # R44 Q1: an old COWS's re-score that names no buprenorphine: R32 S3 "if buprenorphine is given"
        "slightly drowsy and easily roused, and, if buprenorphine is given, has a COWS re-score after the last "
        "buprenorphine dose no higher than before it (no precipitated withdrawal), with naloxone in hand (and any "
        "supportive person shown how to use it), and "
        # R32 S3/S4 with R39 C10: the plain going-home sentence ends with S4's words (no buprenorphine named: no S3)
        "the patient and any supportive person told not to add alcohol or other sedatives; otherwise the patient "
        "stays on site until these conditions are met, or a higher level of care is arranged ("
    )
    assert r.headline.lower().count("re-score the cows now") == 1
    assert "emergency" not in r.headline


def test_the_re_score_now_comes_before_a_same_day_suicide_risk_assessment():
    # R30b S7: beside a positive PHQ-9 item 9 each screen asks about an overdose or ingestion first (overdose_words)
    item9 = iopkit.score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 1])  # item 9 "several days"
    s = suggest_dimensions(
        [iopkit.score("cows", COWS_44), item9], scored_on={"cows": OLD, "phq9": PLACED}, today=PLACED
    )
    r = recommend({1: 2, **REST_RISK}, suggested=s)
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    expected = asked_r32a(
        # R21 S5: the going-home clause at the end of the sentence, before its reasons
        f"First: {RESCORE_COWS_44}; then, before the patient leaves, a same-day suicide risk assessment{HOME_OPIOIDS} "
        f"({OLD_COWS_44}; suicidal ideation). Then, unless the review or the assessment finds more: "
        f"{LEVEL_2_1}{WITH_2WM}."
    )
    # R60 Q5 (R59 2): the old COWS re-score's hold said apart, "no dose until it clears" for intoxication (was: the
    # joined hold "... or intoxicated: no dose here (...)", or "if intoxicated: no dose here (...)")
    assert r.headline == held_apart(expected)


def _today(instrument, answers, **facts):
    return suggest_dimensions(
        [iopkit.score(instrument, answers)], scored_on={instrument: PLACED}, today=PLACED, **facts
    )


def test_a_severe_cows_of_today_leads_with_the_prescribers_treatment_now_not_an_emergency_evaluation():
    r = recommend({1: 2, **REST}, suggested=_today("cows", COWS_44))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline == (
        # R21 S5: after a dose given on site, how the patient goes home (re-typed)
        r32a(
            f"First: {COWS_STEP}; after a dose given on site, the patient goes home only if awake or no more than "
            # R39 S3: the opioid clause introduces no supportive person: "(and any supportive person ...)"
            # R32 S3: a COWS re-score after the last buprenorphine dose no higher than before it (the going-home clause)
            "slightly drowsy and easily roused, and has a COWS re-score after the last buprenorphine dose no higher "
            "than before it (no precipitated withdrawal), with naloxone in hand (and any supportive person shown how "
            "to "
            # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
            "use it), and the patient and any supportive person told not to add alcohol or other sedatives; "
            "otherwise the patient stays on site until these conditions are met, or a higher level of care is arranged "
            "(COWS "
            "above 36 (severe opioid withdrawal)). Then, unless the prescriber's review finds "
            f"more: {LEVEL_1}{WITH_2WM}."
        )
    )
    assert "First: emergency" not in r.headline
    # the flag stays critical: a danger sign is never silent
    (severe,) = (f for f in r.flags if f.code == "severe_opioid_withdrawal")
    assert severe.severity is Severity.CRITICAL
    assert Recommendation.from_dict(json.loads(json.dumps(r.to_dict()))).headline == r.headline


def test_an_unfinished_cows_already_above_36_keeps_asking_its_blank_item():
    # items 1-10 sum to 41 (above 36 whatever item 11 is): the step keeps the form's "ask item 11 now"
    with pytest.raises(iopkit.IopkitError) as refused:
        iopkit.score("cows", [4, 4, 5, 5, 4, 4, 5, 4, 4, 2, None])
    r = recommend({1: 2, **REST}, suggested=suggest_dimensions([refused.value], today=PLACED))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # R21 S5: the going-home clause at the end of the sentence
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline.startswith(
        r32a(f"First: {COWS_STEP}; ask item 11 now (not answered, or not a valid answer){HOME_OPIOIDS} (")
    )


def test_a_rating_below_a_severe_cows_of_today_leads_with_the_same_step_and_still_needs_a_reason():
    from iopkit.errors import PlacementInputError
    from iopkit.placement import Placement

    r = recommend({1: 1, **REST}, suggested=_today("cows", COWS_44))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline == (
        # R21 S5: after a dose given on site, how the patient goes home (re-typed)
        r32a(
            f"First: {COWS_STEP}; after a dose given on site, the patient goes home only if awake or no more than "
            # R39 S3: the opioid clause introduces no supportive person: "(and any supportive person ...)"
            # R32 S3: a COWS re-score after the last buprenorphine dose no higher than before it (the going-home clause)
            "slightly drowsy and easily roused, and has a COWS re-score after the last buprenorphine dose no higher "
            "than before it (no precipitated withdrawal), with naloxone in hand (and any supportive person shown how "
            "to "
            # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
            "use it), and the patient and any supportive person told not to add alcohol or other sedatives; "
            "otherwise the patient stays on site until these conditions are met, or a higher level of care is arranged "
            "(COWS "
            "above 36 (severe opioid withdrawal): dimension 1 rated 1, below the 2 it calls "
            f"for). Then, unless the prescriber's review finds more: {LEVEL_1}{WITH_1WM}."
        )
    )
    (below,) = (f for f in r.flags if f.code == "rated_below_suggestion_d1")
    assert below.severity is Severity.CRITICAL
    with pytest.raises(PlacementInputError, match="give the reason"):
        Placement(r)


def test_a_severe_cows_of_today_comes_before_a_same_day_suicide_risk_assessment():
    # R30b S7: beside a positive PHQ-9 item 9 each screen asks about an overdose or ingestion first (overdose_words)
    item9 = iopkit.score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 1])
    s = suggest_dimensions([iopkit.score("cows", COWS_44), item9], today=PLACED)
    r = recommend({1: 2, **REST_RISK}, suggested=s)
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline == asked_r32a(
        # R21 S5: after a dose given on site, how the patient goes home (re-typed)
        f"First: {COWS_STEP}; then, before the patient leaves, a same-day suicide risk assessment; after a dose given "
        # R39 S3: the opioid clause introduces no supportive person: "(and any supportive person ...)"
        # R32 S3: a COWS re-score after the last buprenorphine dose no higher than before it (the going-home clause)
        "on site, the patient goes home only if awake or no more than slightly drowsy and easily roused, and has a "
        "COWS re-score after the last buprenorphine dose no higher than before it (no precipitated withdrawal), with "
        "naloxone in hand (and any supportive person shown how to use it), and the patient and any "
        # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
        "supportive person told not to add alcohol or other sedatives; otherwise the patient stays on site until "
        "these conditions are met, or a higher level of care is arranged (COWS above 36 "
        "(severe opioid withdrawal); suicidal ideation). Then, unless the prescriber's review or the assessment finds "
        f"more: {LEVEL_2_1}{WITH_2WM}."
    )


def test_a_severe_ciwa_ar_of_today_leads_with_an_emergency_evaluation_saying_the_transfer():
    # today's severe CIWA-Ar suggests 3 (3.7-WM): dimension 1 rated 2 is below it, a critical flag's floor, the
    # rating clause naming the finding (physician review 6, SF1)
    r = recommend({1: 2, **REST}, suggested=_today("ciwa_ar", CIWA_24, pawss=1))
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    # physician review R32 (a) (its four settings), R33 S1: each hold by its setting (r32a): a transfer now tells the
    # receiving team; a conditional transfer says both branches
    assert r.headline == r32a(
        f"First: emergency medical evaluation: {CIWA_TRANSFER_LEAD} ({SEVERE_24}: dimension 1 rated 2, below "
        "the 3 it calls for). Then, after medically managed withdrawal, reassess all six dimensions for "
        "treatment (on today's ratings at least Level 1 (Outpatient))."
    )
    # never an ambulatory plan beside the transfer (physician re-review)
    assert "2-WM" not in r.headline and "as the evaluation decides" not in r.headline


def test_a_severe_ciwa_ar_of_today_beside_a_suicide_risk_says_both():
    # R30b S7: beside a positive PHQ-9 item 9 each screen asks about an overdose or ingestion first (overdose_words)
    item9 = iopkit.score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 1])
    s = suggest_dimensions([iopkit.score("ciwa_ar", CIWA_24), item9], today=PLACED, pawss=1)
    r = recommend({1: 3, **REST_RISK}, suggested=s)
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    # physician review R32 (a) (its four settings), R33 S1: each hold by its setting (r32a): a transfer now tells the
    # receiving team; a conditional transfer says both branches
    assert r.headline == asked_r32a(
        # R23a findings 2, 4 and 7 (c), (d): one handover clause, the last CIWA-Ar score and any dose first
        f"First: emergency medical evaluation: {CIWA_TRANSFER_LEAD_UNTOLD}; at handover tell the receiving team the "
        "last "
        "CIWA-Ar score and any dose with its time, that today's PHQ-9 item 9 was positive, and ask them for a suicide "
        "risk assessment once the patient is able to answer, without delaying the transfer "
        f"({SEVERE_24}; suicidal ideation). Then, after medically managed withdrawal, "
        "reassess all six dimensions for treatment (on today's ratings at least Level 2.1 (Intensive outpatient))."
    )


def test_an_open_severe_cows_flag_of_today_leads_with_the_prescribers_treatment_now():
    today = _open(COWS_44, "cows", "severe_opioid_withdrawal", "COWS of 02 Dec 2026, not resolved")
    r = recommend({1: 2, **REST}, suggested=suggest_dimensions([], older_open_flags=[today], today=PLACED))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline == (
        # R21 S5: after a dose given on site, how the patient goes home (re-typed)
        r32a(
            f"First: {COWS_STEP}; after a dose given on site, the patient goes home only if awake or no more than "
            # R39 S3: the opioid clause introduces no supportive person: "(and any supportive person ...)"
            # R32 S3: a COWS re-score after the last buprenorphine dose no higher than before it (the going-home clause)
            "slightly drowsy and easily roused, and has a COWS re-score after the last buprenorphine dose no higher "
            "than before it (no precipitated withdrawal), with naloxone in hand (and any supportive person shown how "
            "to "
            # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
            "use it), and the patient and any supportive person told not to add alcohol or other sedatives; "
            "otherwise the patient stays on site until these conditions are met, or a higher level of care is arranged "
            "(COWS "
            "above 36 (severe opioid withdrawal) (COWS of 02 Dec 2026, not resolved)). Then, "
            f"unless the prescriber's review finds more: {LEVEL_1}{WITH_2WM}."
        )
    )


@pytest.mark.parametrize("instrument, answers", [("cows", COWS_44), ("ciwa_ar", CIWA_24)])
def test_dimension_1_rated_4_still_leads_with_an_emergency_evaluation(instrument, answers):
    r = recommend({1: 4, **REST}, suggested=_old(instrument, answers, pawss=1))
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    # a severe CIWA-Ar of another day: its re-score before transfer, the ED evaluating both (physician review 8)
    rescore = (
        # R52 ruling 5: the old severe CIWA-Ar's bracket says no dose without today's re-score
        "; re-score the CIWA-Ar before transfer only if it does not delay it (last 24 on 20 Nov 2026, severe; no dose "
        # R67 SF3 (was: "if still 15 or more, the ED evaluates both: " + SCREEN_ALCOHOL): the condition names a
        # seizure, hallucinations and disorientation, the screen delirium (case 565's words)
        "here without today's re-score); if still 15 or more"
        + ED_EVALUATES_BOTH_IF_CONFUSED
        + ": "
        + SCREEN_DELIRIUM_ALCOHOL  # thiamine and glucose before a dose for alcohol withdrawal (R16 should-fix S1)
        + "a prescriber gives a first dose for today's withdrawal before "
        "transfer only if it does not delay the transfer and the reason for rating 4 allows it; re-assess for "
        "seizures or delirium until handover"
        if instrument == "ciwa_ar"
        # an old COWS above 36: the re-score step dimension 3 rated 4 carries (physician review R13, should-fix S8)
        else "; re-score the COWS before transfer only if it does not delay it (last 44 on 20 Nov 2026, severe); if "
        "still 37 or more, " + SCREEN_AT_4 + "a prescriber gives buprenorphine for today's withdrawal before transfer "
        "only if it does not delay the transfer and the reason for rating 4 allows it"
    )
    # physician review R32 (a) (its four settings), R33 S1: each hold by its setting (r32a): a transfer now tells the
    # receiving team; a conditional transfer says both branches
    assert r.headline.startswith(
        r32a(
            "First: emergency medical evaluation: arrange transfer now (ED, or 4-WM)"
            + AT_4_STAFF_D1  # physician review R16 (session 15), the ruling on C22, C30
            # R23a finding 2; R67 SF3: beside the CIWA-Ar's re-score the delirium screen told (was: CIWA_TOLD)
            + (
                COWS_TOLD
                if instrument == "cows"
                else ", the last CIWA-Ar score, the delirium screen and any dose with its time"
            )
            + MEDICAL_DECLINES
            + "; the patient must not drive"
            f"{rescore} (dimension 1 rated 4, imminent danger; ",
            r.headline,
        )
    )
    assert "Then, as the evaluation decides: 4-WM" in r.headline


def test_possible_delirium_of_another_day_still_leads_with_an_emergency_evaluation():
    r = recommend({1: 2, **REST}, suggested=_old("ciwa_ar", CIWA_24_HALLUCINATING, pawss=1))
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    # physician review R7, must-fix 4: the re-score and the screen now, the transfer if either finds it
    assert r.headline.startswith(
        "First: emergency medical evaluation now: re-score the CIWA-Ar and screen for delirium (CAM or 4AT) (last 28 "
        "on 20 Nov 2026, severe, hallucinations): ask what happened since"
    )
    # R26b M1 (c): the re-score's dose before the transfer and what the receiving team is told of it
    assert (
        "treat on the current score (a first dose before transfer only if it does not delay the transfer); at handover "
        "tell the receiving team the CIWA-Ar re-score, the delirium screen and any dose with its time; "
        # R39 C10: the plan is ambulatory: the re-score after a dose, then going home (its driving clause said)
        "re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit; after a dose given on site, the "
        "patient goes home only if awake or no more than slightly drowsy and easily roused, walks steadily, and has a "
        "CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, with a supportive person to stay "
        "overnight (and, if the patient also uses opioids, with naloxone in hand and the supportive person shown how "
        "to use it), and the patient and the supportive person told not to add alcohol or other sedatives"
        # R32 S3/S4 with R39 C10: the plain going-home sentence ends with S4's words
        "; otherwise the patient stays on site until these conditions are met, or a higher level of care is arranged "
        "(complicated "
        "withdrawal (CIWA-Ar of 20 Nov 2026, not re-scored today)"
    ) in r.headline


# --- 2. withdrawal risk not assessed -------------------------------------------------------------------------------

CIWA_13 = [2, 2, 2, 2, 2, 0, 0, 0, 3, 0]  # 13: moderate (Sullivan bands 8-14; ASAM 2020 10-18)
CIWA_MILD = [1, 1, 1, 1, 0, 0, 0, 0, 1, 0]  # 5: mild
SCORE_PAWSS = "score the PAWSS today before deciding the setting; if 4 or more: 3.7-WM unless the reason is recorded"
PAWSS_NOT_SCORED = "PAWSS not scored"
TREAT_CIWA = (
    "a prescriber's review before the patient leaves: "
    + SCREEN_ALCOHOL
    + "treat withdrawal with medication (CIWA-Ar 10 or more; consider "
    "at 8-9); re-score the CIWA-Ar "
    "within 1 hour of a dose and at the end of the visit"
    # physician review R16 (session 15), the ruling on C03: no driving if a dose is given (the reviewer's words)
    "; if a dose is given: the patient must not drive today"
)
IF_DOSED = "; if a dose is given: the patient must not drive today"
#: The moderate CIWA-Ar's first step as rated (its treatment, then how the patient dosed on site goes home), to its
#: reasons: one typed text for the tests that read it.
MODERATE_CIWA_FIRST = (
    # R21 S5: after a dose given on site, how the patient goes home (re-typed)
    f"First: {TREAT_CIWA}; after a dose given on site, the patient goes home only if awake or no more than "
    "slightly drowsy and easily roused"
    # physician review R29 (should-fix): the benzodiazepine's going-home conditions (was: "roused (and, if ...")
    ", walks steadily, and has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, with a "
    "supportive person to stay overnight"
    " (and, if the patient also uses opioids, with naloxone in hand and the "
    "supportive person shown how to use it), and the patient and the supportive person told not to add "
    # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
    "alcohol or other sedatives; otherwise the patient stays on site until these conditions are met, or a higher level "
    "of care "
    "is arranged (CIWA-Ar in the moderate withdrawal band)."
)
INATTENTION_NOW = (
    "medical review now: screen for delirium (CAM or 4AT) and consider its other causes: Wernicke encephalopathy "
    "(give thiamine), low blood glucose (check it; treat a low one at once, thiamine with it), intoxication (breath "
    "alcohol), hepatic encephalopathy; re-score the CIWA-Ar within 1 hour; disorientation (item 10 at 2 or more) is "
    # R76b A (was: "...if delirium: emergency evaluation: arrange transfer now (ED, or 4-WM); staff ...")
    "complicated withdrawal; if delirium: emergency evaluation: arrange transfer now by emergency services (ED, or "
    "4-WM); staff with the patient until handover; if the patient declines transfer: the prescriber assesses and "
    "records capacity to decline (without capacity: transfer by emergency services; with capacity: record the advice "
    "given and the risks explained; arrange the highest level of care the patient accepts; any dose as the prescriber "
    "decides; tell the patient and any supportive person to call emergency services for a seizure, confusion, "
    "hallucinations or any worsening); if intoxicated (breath alcohol above zero, or signs "
    "of sedative intoxication): no "
    "benzodiazepine until it clears and the review is repeated (the patient must not drive today; if transferred: "
    "tell the receiving team at handover the breath alcohol reading or the signs, with the time); the patient must "
    "not drive until the medical review "
    "finds the patient not delirious or intoxicated"
)  # physician review R5 (session 11), must-fix 2: the hold, typed; R6 must-fix 5: what a positive delirium screen
# calls for, inserted after "disorientation (item 10 at 2 or more) is complicated withdrawal; " (typed); physician
# review R35 S2: beside the conditional delirium transfer the hold tells the receiving team if transferred (was: "(the
# patient must not drive today)")
INATTENTION = "CIWA-Ar item 10 at 1 (cannot do serial additions or uncertain about date)"
# COWS 13-24, moderate (Wesson & Ling 2003): buprenorphine or methadone, the prescriber's decision (ASAM 2020 OUD)
TREAT_COWS = (
    "a prescriber's review before the patient leaves: "
    + SCREEN_OPIOID
    + "treat withdrawal as the prescriber decides, with "
    "buprenorphine, or methadone as the COWS flag says; re-score the COWS 1-2 hours after dosing; after a first dose "
    "of buprenorphine or methadone the patient must not drive today; arrange medically managed withdrawal or a "
    "higher level of care only for a complicating condition (medical or psychiatric instability, co-occurring alcohol "
    "or benzodiazepine withdrawal, pregnancy)"
)  # physician review R13, should-fix S5: the driving advice after the COWS dose step, its words
# physician review R22 S1: "must not drive today" (was "should")


def _ciwa(answers=CIWA_13):
    return iopkit.score("ciwa_ar", answers)


@pytest.mark.parametrize("d1, plan", [(0, LEVEL_1), (1, LEVEL_1 + WITH_1WM)])
def test_rated_below_the_ciwa_ar_the_risk_assessment_follows_the_prescribers_review(d1, plan):
    r = recommend({1: d1, **REST}, suggested=suggest_dimensions([_ciwa()]))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # R38 M2: rated 0 as rated 1 (a lower rating never removes it; was: "" rated 0, "R21 S5: said only where the plan
    # offers ambulatory WM")
    home = HOME_ALCOHOL
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline == r32a(
        f"First: {TREAT_CIWA}{home} (CIWA-Ar in the moderate withdrawal band: dimension 1 rated {d1}, below "
        f"the 2 it calls for).{ALSO_RISK} Then, unless the review or the assessment finds more: {plan}."
    )
    assert r.headline.count("score the PAWSS") == 1


def test_the_reported_case_names_the_prescribers_review_ahead_of_the_risk_assessment():
    # CIWA-Ar 13, dimension 1 rated 2 as suggested: the moderate band's treatment before the patient leaves is named
    # ahead of the assessment due today (a less urgent step is never the only one shown)
    r = recommend({1: 2, **REST}, suggested=suggest_dimensions([_ciwa()]))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline == r32a(
        f"{MODERATE_CIWA_FIRST}{ALSO_RISK} Then, unless the review or the assessment finds more: {LEVEL_1}{WITH_2WM}."
    )
    assert Recommendation.from_dict(json.loads(json.dumps(r.to_dict()))).headline == r.headline


def test_a_24_hour_withdrawal_plan_adds_no_risk_step_but_the_first_dose():
    # reaching 3.7-WM takes hours: the moderate band's medication starts before the transfer (ASAM 2020: CIWA-Ar 10
    # or more should receive medication), as the severe band's transfer says
    r = recommend({1: 3, **REST}, suggested=suggest_dimensions([_ciwa()]))
    assert r.first_step is FirstStep.WITHDRAWAL_MANAGEMENT
    # physician review R32 (a) (its four settings), R33 S1: each hold by its setting (r32a): a transfer now tells the
    # receiving team; a conditional transfer says both branches
    assert r.headline == r32a(
        "First: 3.7-WM medically monitored inpatient withdrawal management; "
        + SCREEN_ALCOHOL
        + "a prescriber gives a first dose before "
        "transfer if able (CIWA-Ar in the moderate withdrawal band); at handover tell the receiving team the last "
        # R23a finding 2: the ruling's words, re-typed
        "CIWA-Ar score and any dose with its time; then reassess all six dimensions for treatment "
        "(on today's ratings at least Level 1 (Outpatient))."
    )
    four = recommend({1: 4, **REST}, suggested=suggest_dimensions([_ciwa()]))
    assert four.first_step is FirstStep.EMERGENCY_EVALUATION and "PAWSS" not in four.headline


def test_a_3_2_wm_plan_still_names_it():
    # 3.2-WM is clinically managed, without medical monitoring: a high risk would call for 3.7-WM
    r = recommend({1: 2, 2: 0, 3: 3, 4: 3, 5: 3, 6: 3}, suggested=suggest_dimensions([_ciwa()]))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # physician review R16 (session 15), must-fix 5: dimension 1 rated 2 in a 24-hour level other dimensions give,
    # the setting's own 3.2-WM alongside the level ("Level 3.5 (...) with 3.2-WM clinically managed residential
    # withdrawal management"), never first (was "3.2-WM ..., then a reassessment ... at least Level 3.5 (...)")
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline == r32a(
        f"First: {TREAT_CIWA} (CIWA-Ar in the moderate withdrawal band).{ALSO_RISK} Then, unless "
        "the review or the assessment finds more: Level 3.5 (Clinically managed high-intensity residential); with "
        "3.2-WM clinically managed residential withdrawal management."  # no services alongside 3.5 (R17a S5)
    )


@pytest.mark.parametrize(
    "facts",
    [
        {"pawss": 2},
        {"pawss": 0},
        {"prior_withdrawal_seizure_or_dt": False, "pawss": 3},
    ],
)
def test_with_the_risk_assessed_low_no_step(facts):
    # a mild CIWA-Ar: no withdrawal sign of its own to treat, so nothing leads
    r = recommend({1: 1, **REST}, suggested=suggest_dimensions([_ciwa(CIWA_MILD)], **facts))
    assert r.first_step is None
    assert r.headline == f"Recommended: {LEVEL_1}{WITH_1WM}"
    # the moderate band as rated: its prescriber's review still leads (treatment before the patient leaves)
    moderate = recommend({1: 2, **REST}, suggested=suggest_dimensions([_ciwa()], **facts))
    assert moderate.first_step is FirstStep.MEDICAL_REVIEW
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert moderate.headline == (
        r32a(f"{MODERATE_CIWA_FIRST} Then, unless the review finds more: {LEVEL_1}{WITH_2WM}.")
    )


def test_no_past_seizure_reported_still_asks_for_the_pawss():
    # the history is one PAWSS item (Maldonado et al. 2014), not the whole risk assessment
    r = recommend(
        {1: 1, **REST}, suggested=suggest_dimensions([_ciwa(CIWA_MILD)], prior_withdrawal_seizure_or_dt=False)
    )
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    assert r.headline == (
        f"First: {SCORE_PAWSS} ({PAWSS_NOT_SCORED}). Then, unless the assessment finds more: {LEVEL_1}{WITH_1WM}."
    )
    assert "delirium tremens" not in r.headline  # asked already


def test_the_risk_assessment_alone_finds_more_itself():
    r = recommend({1: 1, **REST}, suggested=suggest_dimensions([_ciwa(CIWA_MILD)]))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    assert r.headline == (
        f"First: {ASSESS_RISK} ({NOT_ASSESSED}). Then, unless the assessment finds more: {LEVEL_1}{WITH_1WM}."
    )


def test_rated_below_with_the_risk_unassessed_the_assessment_leads_and_the_record_comes_last():
    # physician final review: a record-only step never leads alone; the rating below names today's score
    r = recommend({1: 0, **REST}, suggested=_old_flag_and_today(CIWA_3))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # physician review (h-head5): the rating clause stays with the plan it rates, never in the record sentence; no high
    # risk known, so the record asks what followed the old severe CIWA-Ar (ASAM 2020, Rec II.5)
    assert r.headline == (
        f"First: {ASSESS_RISK} ({NOT_ASSESSED}). Then, unless the assessment finds more: {LEVEL_1} (dimension 1 rated "
        "0, below the 1 today's CIWA-Ar of 3 calls for). Also record what was done about the CIWA-Ar flag of 20 Nov "
        "2026 (today's CIWA-Ar, 3, is the current score) and ask whether a seizure or confusion followed it (it counts "
        "in the withdrawal risk)."
    )


def test_beside_a_suicide_risk_assessment_the_record_is_its_own_sentence_last():
    item9 = iopkit.score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 1])
    old = _open(CIWA_24, "ciwa_ar", "severe_alcohol_withdrawal", "CIWA-Ar of 20 Nov 2026, not resolved")
    s = suggest_dimensions(
        [iopkit.score("ciwa_ar", CIWA_3), item9],
        scored_on={"ciwa_ar": PLACED, "phq9": PLACED},
        today=PLACED,
        older_open_flags=[old],
        pawss=1,
        prior_withdrawal_seizure_or_dt=False,
    )
    r = recommend({1: 0, **REST}, suggested=s)
    assert r.headline == (
        "First: a same-day suicide risk assessment before the patient leaves (suicidal ideation (PHQ-9 item 9): "
        f"dimension 3 rated 1, below the 2 it calls for). Then, unless the assessment finds more: {LEVEL_1} "
        "(dimension 1 rated "
        "0, below the 1 today's CIWA-Ar of 3 calls for). Also record what was done about the CIWA-Ar flag of 20 Nov "
        "2026 (today's CIWA-Ar, 3, is the current score) and ask whether a seizure or confusion followed it (it counts "
        "in the withdrawal risk)."
    )


def test_beside_a_suicide_risk_assessment_the_assessments_find_more():
    item9 = iopkit.score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 1])
    r = recommend({1: 1, **REST_RISK}, suggested=suggest_dimensions([_ciwa(CIWA_MILD), item9]))
    assert r.first_step is FirstStep.RISK_ASSESSMENT
    assert r.headline == (
        f"First: a same-day suicide risk assessment before the patient leaves (suicidal ideation).{ALSO_RISK} "
        f"Then, unless the assessments find more: {LEVEL_2_1}{WITH_1WM}."
    )


def test_a_mitigated_high_risk_leads_with_its_own_review_not_the_assessment():
    s = suggest_dimensions([_ciwa()], pawss=5, withdrawal_risk_mitigated="sober partner at home 24 h")
    r = recommend({1: 2, **REST}, suggested=s)
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline == r32a(
        "First: medical review of the recorded mitigation (sober partner at home 24 h) before ambulatory withdrawal "
        # R21 S5: after a dose given on site, how the patient goes home (re-typed)
        f"management; residential or inpatient withdrawal management (3.7-WM) if it does not hold; {TREAT_CIWA}; after "
        "a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily roused"
        # physician review R29 (should-fix): the benzodiazepine's going-home conditions (was: "roused (and, if ...")
        ", walks steadily, and has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, with a "
        "supportive person to stay overnight "
        "(and, if the patient also uses opioids, with naloxone in hand and the supportive person shown how to "
        "use it), and the patient and the supportive person told not to add alcohol or other "
        # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
        "sedatives; otherwise the patient stays on site until these conditions are met, or a higher level of care is "
        "arranged "
        "(PAWSS "
        f"5 (4 or more); CIWA-Ar in the moderate withdrawal band). Then, unless the review finds more: "
        f"{LEVEL_1}{WITH_2WM}."
    )


def test_after_a_same_day_suicide_risk_assessment():
    # R30b S7: beside a positive PHQ-9 item 9 each screen asks about an overdose or ingestion first (overdose_words)
    item9 = iopkit.score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 1])
    r = recommend({1: 2, **REST_RISK}, suggested=suggest_dimensions([_ciwa(), item9]))
    assert r.first_step is FirstStep.RISK_ASSESSMENT
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline == asked_r32a(
        f"First: before the patient leaves, a same-day suicide risk assessment, and a prescriber's review: "
        # R21 S5: after a dose given on site, how the patient goes home (re-typed)
        f"{TREAT_CIWA.split(': ', 1)[1]}; after a dose given on site, the patient goes home only if awake or no more "
        "than slightly drowsy and easily roused"
        # physician review R29 (should-fix): the benzodiazepine's going-home conditions (was: "roused (and, if ...")
        ", walks steadily, and has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, with a "
        "supportive person to stay overnight"
        " (and, if the patient also uses opioids, with naloxone in hand and the "
        "supportive person shown how to use it), and the patient and the supportive person "
        # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
        "told not to add alcohol or other sedatives; otherwise the patient stays on site until these conditions are "
        "met, or a "
        "higher level of care is arranged (suicidal ideation; CIWA-Ar in the moderate withdrawal "
        f"band).{ALSO_RISK} "
        f"Then, unless the assessments or the review find more: {LEVEL_2_1}{WITH_2WM}."
    )


def test_after_a_review_now_and_a_same_day_suicide_risk_assessment():
    # R30b S7: beside a positive PHQ-9 item 9 each screen asks about an overdose or ingestion first (overdose_words)
    item9 = iopkit.score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 1])
    inattentive = _ciwa([2, 2, 2, 2, 2, 0, 0, 0, 3, 1])  # item 10 at 1: inattention, a review now
    r = recommend({1: 2, **REST_RISK}, suggested=suggest_dimensions([inattentive, item9]))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # the driving advice said once in the sentence (physician review R16 S11, found by the random sweep of
    # tests/test_placement_headline_no_driving_once.py): the medical review's clause says the dose's too, in R19-N2
    # (c3)'s words, and the prescriber's review drops its "if a dose is given: the patient must not drive today"
    assert r.headline == asked(
        # R38 item 6 (b): a positive PHQ-9 item 9 (a same-day suicide risk assessment due): staff stay
        # R65 F2 (was: "...ell the receiving team the last CIWA-Ar score and any dose with its time")
        f"First: {tries_to_leave(INATTENTION_NOW)}, nor today if a dose is given; "
        "then, before the patient leaves, a same-day suicide "
        # the review now holds every dose while intoxicated: no second screen (R13-S4's screen goes after it)
        # R21 M2: beside item 10's conditional delirium transfer, the PHQ-9 item 9 told at handover if transferred
        # R23a finding 7 (c): the comma before the request
        # R26b M1 (d): the step treats withdrawal: the last CIWA-Ar score and any dose with its time first
        "risk assessment (if transferred: at handover tell the receiving team the last CIWA-Ar score, the delirium "
        "screen and any dose with "
        "its time, that today's PHQ-9 item 9 was positive, "
        "and ask them for a suicide risk assessment once the patient is able to answer; do not delay the transfer for "
        "it), and a prescriber's review: "
        # R21 S5: the going-home clause at the end of the dose's sentence
        f"{TREAT_CIWA.split(': ', 1)[1].replace(SCREEN_ALCOHOL, '').removesuffix(IF_DOSED)}{HOME_ALCOHOL} "
        f"({INATTENTION}; suicidal ideation; "
        f"CIWA-Ar in the moderate withdrawal band).{ALSO_RISK} Then, unless the review or the assessments find "
        f"more: {LEVEL_2_1}{WITH_2WM}."
    )


def test_said_once_when_another_scale_sets_dimension_1():
    # CIWA-Ar 5 (mild: 1) beside COWS 13 (moderate: 2): the COWS sets dimension 1, the alcohol risk is still unassessed
    s = suggest_dimensions([_ciwa(CIWA_MILD), iopkit.score("cows", COWS_13)])
    assert s[1].from_score == "cows"
    r = recommend({1: 2, **REST}, suggested=s)
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline == (
        # R21 S5: after a dose given on site, how the patient goes home (re-typed)
        r32a(
            f"First: {TREAT_COWS}; after a dose given on site, the patient goes home only if awake or no more than "
            # R39 S3: the opioid clause introduces no supportive person: "(and any supportive person ...)"
            # R32 S3: a COWS re-score after the last buprenorphine dose no higher than before it (the going-home clause)
            "slightly drowsy and easily roused, and has a COWS re-score after the last buprenorphine dose no higher "
            "than before it (no precipitated withdrawal), with naloxone in hand (and any supportive person shown how "
            "to "
            # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
            "use it), and the patient and any supportive person told not to add alcohol or other sedatives; "
            "otherwise the patient stays on site until these conditions are met, or a higher level of care is arranged "
            "(COWS "
            f"13-24 (moderate withdrawal)).{ALSO_RISK} Then, unless the "
            f"review or the assessment finds more: {LEVEL_1}{WITH_2WM}."
        )
    )


def test_an_emergency_medical_evaluation_decides_the_setting_without_it():
    r = recommend({1: 2, **REST}, suggested=suggest_dimensions([_ciwa(CIWA_24)]))
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    # the rating-below clause names the finding that calls for the rating (physician review 6, SF1)
    # physician review R32 (a) (its four settings), R33 S1: each hold by its setting (r32a): a transfer now tells the
    # receiving team; a conditional transfer says both branches
    assert r.headline.startswith(
        r32a(f"First: emergency medical evaluation: {CIWA_TRANSFER_LEAD} ({SEVERE_24}: ", r.headline)
    )
    assert NOT_ASSESSED not in r.headline and "PAWSS" not in r.headline


def test_no_ciwa_ar_no_risk_step():
    # the rule is alcohol withdrawal's: a COWS alone asks nothing of seizures or the PAWSS (its treatment still leads)
    r = recommend({1: 2, **REST}, suggested=suggest_dimensions([iopkit.score("cows", COWS_13)]))
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline == (
        # R21 S5: after a dose given on site, how the patient goes home (re-typed)
        r32a(
            f"First: {TREAT_COWS}; after a dose given on site, the patient goes home only if awake or no more than "
            # R39 S3: the opioid clause introduces no supportive person: "(and any supportive person ...)"
            # R32 S3: a COWS re-score after the last buprenorphine dose no higher than before it (the going-home clause)
            "slightly drowsy and easily roused, and has a COWS re-score after the last buprenorphine dose no higher "
            "than before it (no precipitated withdrawal), with naloxone in hand (and any supportive person shown how "
            "to "
            # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
            "use it), and the patient and any supportive person told not to add alcohol or other sedatives; "
            "otherwise the patient stays on site until these conditions are met, or a higher level of care is arranged "
            "(COWS "
            "13-24 (moderate withdrawal)). Then, unless the review finds more: "
            f"{LEVEL_1}{WITH_2WM}."
        )
    )


def test_the_chart_reads_an_old_severe_cows_flag_with_the_same_re_score_as_the_headline(store):
    # the chart header and the summary read a flag through Episode.flag_today: the same step as the headline's
    from iopkit.episode import Episode

    pid = store.add_patient("IOP-0901")
    store.save(pid, iopkit.score("cows", COWS_44), by="KM", when=dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC))
    episode = Episode.from_store(store, pid, as_of=PLACED)
    (open_,) = episode.open_flags
    shown = episode.flag_today(open_.flag, "cows", open_.day)
    assert shown.action.startswith(f"R{RESCORE_COWS_44_BOX[1:]}")


# --- 3. an old severe flag left open, its instrument scored again today (physician re-review) -----------------------
# Today's score is the current one (both scales rate the signs at the time of rating; ASAM 2020 alcohol withdrawal
# guideline, Rec III.3: treat on the current signs): the old flag is paperwork, never a transfer on old signs.

CIWA_3 = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0]  # 3: mild
RECORD_OLD_CIWA = (
    "today's CIWA-Ar (3) is the current score; the signs of 20 Nov 2026 are past: record what was done about this flag"
)
# the headline's words (physician final review): last, a sentence of its own, whatever dimension 1 is rated; where no
# high risk of complicated withdrawal is known it asks what followed the old severe CIWA-Ar (physician review, h-head5:
# a seizure or delirium after it is a past withdrawal seizure or delirium tremens; ASAM 2020, Rec II.5)
ALSO_RECORD = (
    " Also record what was done about the CIWA-Ar flag of 20 Nov 2026 (today's CIWA-Ar, 3, is the current score) and "
    "ask whether a seizure or confusion followed it (it counts in the withdrawal risk)."
)
OLD_CIWA_OPEN = "CIWA-Ar in the severe withdrawal band (CIWA-Ar of 20 Nov 2026, not resolved)"


def _old_flag_and_today(today_answers, **facts):
    old = _open(CIWA_24, "ciwa_ar", "severe_alcohol_withdrawal", "CIWA-Ar of 20 Nov 2026, not resolved")
    return suggest_dimensions(
        [iopkit.score("ciwa_ar", today_answers)],
        scored_on={"ciwa_ar": PLACED},
        today=PLACED,
        older_open_flags=[old],
        **facts,
    )


def test_an_old_severe_ciwa_ar_flag_with_a_mild_score_of_today_is_no_emergency(store):
    # the reported case, through the chart's own placement inputs
    from iopkit.episode import Episode

    pid = store.add_patient("IOP-0099")
    store.save(pid, iopkit.score("ciwa_ar", CIWA_24), by="KM", when=OLD)
    store.save(pid, iopkit.score("ciwa_ar", CIWA_3), by="KM", when=PLACED)
    inputs = Episode.from_store(store, pid, as_of=PLACED).placement_inputs
    s = suggest_dimensions(
        inputs.scores,
        older_open_flags=inputs.older_open_flags,
        scored_on=inputs.scored_on,
        today=PLACED,
        pawss=1,
        prior_withdrawal_seizure_or_dt=False,
    )
    r = recommend({1: 1, **REST}, suggested=s)
    assert r.first_step is None
    assert r.headline == f"Recommended: {LEVEL_1}{WITH_1WM}.{ALSO_RECORD}"
    # the flag is still there, critical, its step the record (a danger sign is never silent in the flags)
    (old,) = (f for f in r.flags if f.code == "severe_alcohol_withdrawal")
    assert old.severity is Severity.CRITICAL and old.action == f"T{RECORD_OLD_CIWA[1:]}"
    assert "emergency" not in r.headline and "transfer" not in r.headline


def test_an_old_severe_ciwa_ar_flag_under_a_24_hour_plan_is_no_emergency_either():
    r = recommend({1: 3, **REST}, suggested=_old_flag_and_today(CIWA_3, pawss=1, prior_withdrawal_seizure_or_dt=False))
    assert r.first_step is FirstStep.WITHDRAWAL_MANAGEMENT
    assert r.headline.startswith("First: 3.7-WM medically monitored inpatient withdrawal management; then reassess")


def test_rated_below_today_the_old_severe_flag_is_named_as_its_record_only():
    r = recommend({1: 0, **REST}, suggested=_old_flag_and_today(CIWA_3, pawss=1, prior_withdrawal_seizure_or_dt=False))
    # physician review (h-head5): a record-only step never leads, even alone; the rating below names today's score
    # with the plan it rates, not the old flag; no review is named
    assert r.first_step is None
    assert r.headline == (
        f"Recommended: {LEVEL_1} (dimension 1 rated 0, below the 1 today's CIWA-Ar of 3 calls for).{ALSO_RECORD}"
    )
    assert OLD_CIWA_OPEN not in r.headline and "review" not in r.headline


def test_an_old_severe_ciwa_ar_flag_with_the_risk_unassessed_leads_with_the_assessment_not_a_transfer():
    r = recommend({1: 1, **REST}, suggested=_old_flag_and_today(CIWA_3))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    assert r.headline == (
        f"First: {ASSESS_RISK} ({NOT_ASSESSED}). Then, unless the assessment finds more: {LEVEL_1}{WITH_1WM}."
        f"{ALSO_RECORD}"
    )


# --- 4. a moderate withdrawal score of today is never silent (physician re-review) --------------------------------
# ASAM 2020 alcohol withdrawal guideline: a CIWA-Ar of 10 or more (moderate) should receive medication; ASAM 2020 OUD
# guideline: moderate opioid withdrawal is treated. Its prescriber's review is named whether or not dimension 1 is
# rated as suggested, after the steps now and a same-day suicide risk assessment.

CIWA_13_SPREAD = [2, 2, 2, 2, 1, 1, 1, 1, 1, 0]  # 13: moderate, item 6-8 at 1 (no hallucination flag below 4)
COWS_19 = [2, 2, 3, 2, 2, 2, 2, 2, 2, 0, 0]  # 19: moderate (13-24)
COWS_30 = [4, 3, 3, 5, 2, 2, 3, 2, 2, 1, 3]  # 30: moderately severe (25-36)
LOW_RISK = {"pawss": 2, "prior_withdrawal_seizure_or_dt": False}


def test_a_moderate_ciwa_ar_rated_as_suggested_names_its_treatment():
    r = recommend({1: 2, **REST}, suggested=suggest_dimensions([_ciwa(CIWA_13_SPREAD)], **LOW_RISK))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline == r32a(f"{MODERATE_CIWA_FIRST} Then, unless the review finds more: {LEVEL_1}{WITH_2WM}.")


@pytest.mark.parametrize(
    "answers, found",
    [(COWS_19, "COWS 13-24 (moderate withdrawal)"), (COWS_30, "COWS 25-36 (moderately severe withdrawal)")],
)
def test_a_moderate_or_moderately_severe_cows_rated_as_suggested_names_its_treatment(answers, found):
    cows = iopkit.score("cows", answers)
    assert cows.total == (19 if answers is COWS_19 else 30)
    r = recommend({1: 2, **REST}, suggested=suggest_dimensions([cows]))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # R21 S5: the going-home clause at the end of the dose's sentence
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline == r32a(
        f"First: {TREAT_COWS}{HOME_OPIOIDS} ({found}). Then, unless the review finds more: {LEVEL_1}{WITH_2WM}."
    )


def test_beside_a_suicide_risk_assessment_the_moderate_ciwa_ar_treatment_is_not_dropped():
    # R30b S7: beside a positive PHQ-9 item 9 each screen asks about an overdose or ingestion first (overdose_words)
    item9 = iopkit.score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 1])
    r = recommend({1: 2, **REST_RISK}, suggested=suggest_dimensions([_ciwa(CIWA_13_SPREAD), item9], **LOW_RISK))
    assert r.first_step is FirstStep.RISK_ASSESSMENT
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline == asked_r32a(
        f"First: before the patient leaves, a same-day suicide risk assessment, and a prescriber's review: "
        # R21 S5: after a dose given on site, how the patient goes home (re-typed)
        f"{TREAT_CIWA.split(': ', 1)[1]}; after a dose given on site, the patient goes home only if awake or no more "
        "than slightly drowsy and easily roused"
        # physician review R29 (should-fix): the benzodiazepine's going-home conditions (was: "roused (and, if ...")
        ", walks steadily, and has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, with a "
        "supportive person to stay overnight"
        " (and, if the patient also uses opioids, with naloxone in hand and the "
        "supportive person shown how to use it), and the patient and the supportive person "
        # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
        "told not to add alcohol or other sedatives; otherwise the patient stays on site until these conditions are "
        "met, or a "
        "higher level of care is arranged (suicidal ideation; CIWA-Ar in the moderate withdrawal band). "
        "Then, unless "
        f"the assessment or the review finds more: {LEVEL_2_1}{WITH_2WM}."
    )


def test_beside_a_suicide_risk_assessment_the_moderate_cows_treatment_is_not_dropped():
    # R30b S7: beside a positive PHQ-9 item 9 each screen asks about an overdose or ingestion first (overdose_words)
    item9 = iopkit.score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 1])
    r = recommend({1: 2, **REST_RISK}, suggested=suggest_dimensions([iopkit.score("cows", COWS_19), item9]))
    assert r.first_step is FirstStep.RISK_ASSESSMENT
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert starts_asked_r32a(
        r.headline,
        f"First: before the patient leaves, a same-day suicide risk assessment, and a prescriber's review: "
        # R21 S5: after a dose given on site, how the patient goes home (re-typed)
        f"{TREAT_COWS.split(': ', 1)[1]}; after a dose given on site, the patient goes home only if awake or no more "
        # R39 S3: the opioid clause introduces no supportive person: "(and any supportive person ...)"
        # R32 S3: a COWS re-score after the last buprenorphine dose no higher than before it (the going-home clause)
        "than slightly drowsy and easily roused, and has a COWS re-score after the last buprenorphine dose no higher "
        "than before it (no precipitated withdrawal), with naloxone in hand (and any supportive person shown how to "
        "use it), and the patient and any supportive person told not to add alcohol or other "
        # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
        "sedatives; otherwise the patient stays on site until these conditions are met, or a higher level of care is "
        "arranged "
        "(suicidal ideation; COWS 13-24 (moderate withdrawal)). ",
    )


def test_a_moderate_cows_rated_3_gives_a_first_dose_before_the_transfer():
    r = recommend({1: 3, **REST}, suggested=suggest_dimensions([iopkit.score("cows", COWS_19)]))
    assert r.first_step is FirstStep.WITHDRAWAL_MANAGEMENT
    # physician review R32 (a) (its four settings), R33 S1: each hold by its setting (r32a): a transfer now tells the
    # receiving team; a conditional transfer says both branches
    assert r.headline == r32a(
        "First: 3.7-WM medically monitored inpatient withdrawal management; "
        + SCREEN_OPIOID
        + "a prescriber gives a first dose before "
        "transfer if able (COWS 13-24 (moderate withdrawal)); at handover tell the receiving team the last COWS "
        # R23a finding 2: the ruling's words, re-typed
        "score and any dose with its time; then reassess all six dimensions for treatment (on "
        "today's ratings at least Level 1 (Outpatient))."
    )


def test_an_old_severe_ciwa_ar_flag_beside_a_moderate_score_of_today_leads_with_todays_treatment():
    # today's band decides: its prescriber's review; the old flag is paperwork, not a transfer
    r = recommend({1: 2, **REST}, suggested=_old_flag_and_today(CIWA_13_SPREAD, **LOW_RISK))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline == r32a(
        f"{MODERATE_CIWA_FIRST} Then, unless the review finds more: "
        f"{LEVEL_1}{WITH_2WM}. Also record what was done about the CIWA-Ar flag of 20 Nov 2026 (today's CIWA-Ar, 13, "
        "is the current score) and ask whether a seizure or confusion followed it (it counts in the withdrawal risk)."
    )


def test_rated_below_a_moderate_score_of_today_beside_an_old_flag_the_rating_is_todays():
    r = recommend({1: 0, **REST}, suggested=_old_flag_and_today(CIWA_13_SPREAD, **LOW_RISK))
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    # R38 M2: how the patient dosed on site goes home, rated 0 as rated 1 and 2 (was: none rated 0)
    assert r.headline == r32a(
        f"First: {TREAT_CIWA}{HOME_ALCOHOL} (CIWA-Ar in the moderate withdrawal band: dimension 1 rated 0, below the 2 "
        f"it calls for). Then, unless the review finds more: {LEVEL_1}. Also record what was done about the CIWA-Ar "
        "flag of 20 Nov 2026 (today's CIWA-Ar, 13, is the current score) and ask whether a seizure or confusion "
        "followed it (it counts in the withdrawal risk)."
    )


# --- 5. withdrawal present today is never "no withdrawal management needed now" (physician final review) ----------
# A moderate CIWA-Ar of today is withdrawal present today (ASAM 2020: 10 or more should receive medication); with a
# past withdrawal seizure the suggestion is 3 (3.7-WM unless mitigated). Dimension 1 rated 0 says withdrawal management
# today by the high-risk rule, never "none needed now" (physician review, h-head5: the rule is fixed, not "as the
# review decides"; the rating below is said once, with the step that calls for it; one "never", for 1-WM).


def test_a_moderate_ciwa_ar_of_today_rated_0_never_says_no_withdrawal_management_needed():
    s = suggest_dimensions([_ciwa(CIWA_13_SPREAD)], prior_withdrawal_seizure_or_dt=True)
    r = recommend({1: 0, **REST}, suggested=s)
    assert "no withdrawal management needed" not in r.headline
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline == r32a(
        f"First: {TREAT_CIWA}; medical review before deciding the setting: residential or inpatient withdrawal "
        "management (3.7-WM) unless the risk is mitigated and the reason recorded"
        # R38 M2: how the patient dosed on site goes home, rated 0 as rated 1 and 2 (was: none rated 0)
        f"{HOME_ALCOHOL} (dimension 1 rated 0, below the 3 "
        "that a past withdrawal seizure or delirium tremens calls for and the 2 that a CIWA-Ar in the moderate "
        "withdrawal band calls for). Then, "
        f"only if the review records why ambulatory care is safe: {LEVEL_1}; withdrawal management today: 3.7-WM "
        "medically monitored inpatient withdrawal management, or 2-WM once a mitigation is recorded and medically "
        "reviewed; never 1-WM."
    )


def test_without_signs_today_rated_0_says_no_signs_scored_and_preventive_medication():
    # a past seizure alone (no withdrawal score of today): no signs scored, preventive medication as the medical review
    # decides if the last drink or sedative dose was recent (ASAM 2020, Rec IV.13-IV.14; physician review 6), the rule
    # should withdrawal return (a CIWA-Ar of 3 today is signs present: tests/test_placement_headline_review7.py)
    r = recommend({1: 0, **REST}, suggested=suggest_dimensions([], prior_withdrawal_seizure_or_dt=True))
    assert "no withdrawal management needed" not in r.headline
    assert r.headline.endswith(
        "no CIWA-Ar today: score one before the patient leaves; preventive withdrawal medication as the medical "
        "review decides if the last "
        "drink or sedative dose was recent; if substance use resumes or withdrawal returns: never 1-WM; 3.7-WM "
        "medically monitored inpatient withdrawal management unless a mitigation is recorded and medically reviewed."
    )


# SHOULD-FIX 4 (physician final review): dimension 1 rated 4 beside a moderate withdrawal score of today names the
# sign and its first dose before the transfer; physician review 6, M2: the transfer now and no driving first, the
# dose only if it does not delay the transfer and the reason for rating 4 allows it.
RATED_4_PLAN = (
    "Then, as the evaluation decides: 4-WM medically managed intensive inpatient withdrawal management, then a "
    "reassessment of all six dimensions for treatment (on today's ratings at least Level 4 (Medically managed "
    "intensive inpatient))."
)


@pytest.mark.parametrize(
    "instrument, answers, facts, found",
    [
        ("ciwa_ar", CIWA_13_SPREAD, LOW_RISK, "CIWA-Ar in the moderate withdrawal band"),
        ("cows", COWS_19, {}, "COWS 13-24 (moderate withdrawal)"),
    ],
)
def test_rated_4_beside_a_moderate_score_of_today_names_the_sign_and_its_first_dose(instrument, answers, facts, found):
    r = recommend({1: 4, **REST}, suggested=suggest_dimensions([iopkit.score(instrument, answers)], **facts))
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    # physician review R32 (a) (its four settings), R33 S1: each hold by its setting (r32a): a transfer now tells the
    # receiving team; a conditional transfer says both branches
    assert (
        r.headline
        == r32a(
            "First: emergency medical evaluation: arrange transfer now (ED, or 4-WM)"
            + AT_4_STAFF_D1  # physician review R16 (session 15), the ruling on C22, C30
            + (COWS_TOLD if instrument == "cows" else CIWA_TOLD)  # R23a finding 2
            + MEDICAL_DECLINES
            + "; the patient must not drive; "
            # thiamine and glucose before a dose for alcohol withdrawal (R16 should-fix S1)
            + (SCREEN_ALCOHOL if instrument == "ciwa_ar" else SCREEN_AT_4)
            + "a prescriber gives a first dose for today's withdrawal before transfer only if it does not delay the "
            "transfer "
            f"and the reason for rating 4 allows it (dimension 1 rated 4, imminent danger; {found}). {RATED_4_PLAN}"
        )
    )


def test_a_severe_ciwa_ar_on_the_asam_bands_names_them():
    c = iopkit.score("ciwa_ar", CIWA_24, scheme="asam_2020")
    r = recommend({1: 3, **REST}, suggested=suggest_dimensions([c], pawss=1, prior_withdrawal_seizure_or_dt=False))
    # physician review R32 (a) (its four settings), R33 S1: each hold by its setting (r32a): a transfer now tells the
    # receiving team; a conditional transfer says both branches
    assert (
        r32a(f"{CIWA_TRANSFER_LEAD} (CIWA-Ar 24 today: severe on ASAM 2020's bands (19 or more)). ", r.headline)
        in r.headline
    )
