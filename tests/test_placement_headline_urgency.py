"""The placement headline names the steps of signs calling for a medical review most urgent first: a review now first,
then every other review step in the order given, then a step that only records what was done about an old flag.

Each sign's step and urgency are typed from the sources, not from iopkit (:class:`iopkit.flags.MedicalReview`):
- CIWA-Ar item 10 at 1 (Sullivan et al. 1989: "cannot do serial additions or is uncertain about date") is
  inattention, an early sign of delirium: a prescriber's (medical) review now, screening for delirium with a clinic's
  bedside tool (CAM, Inouye et al. 1990; 4AT) and its other causes (ASAM 2020 alcohol withdrawal guideline, sections
  I.C and VI.B; a low glucose treated at once, Schabelman & Kuo 2012): iopkit's rule that it cannot wait.
- COWS 13-24 is moderate opioid withdrawal (Wesson & Ling 2003), to treat with buprenorphine or methadone (ASAM 2020
  OUD guideline): the prescriber's decision, before the patient leaves.
- AUDIT item 6 (WHO AUDIT manual, Babor et al. 2001), a morning drink at any frequency, is a sign of dependence:
  assess withdrawal risk today (ASAM 2020 alcohol withdrawal guideline, Rec I.3, II.1, II.5).
- DAST-10 item 9, withdrawal symptoms when stopping drugs: assess withdrawal risk today, as for item 6.
The first step a clinician reads must be the most urgent one (physician review): a review now cannot wait; a
prescriber's review before the patient leaves and a review today are both due before the patient leaves, so which is
named first says who, not how soon: they keep the order they were given in, as two of one urgency do; a step that only
asks to record what was done about an old flag is paperwork, named last; the step printed decides, not the flag's code
(iopkit's own rule). A review now is named whatever dimension 1 is rated, and before a same-day suicide risk
assessment (delirium makes a risk assessment unreliable), after any emergency evaluation.
"""

import datetime as dt
from dataclasses import replace

import pytest

import iopkit
from iopkit.placement import FirstStep, recommend, suggest_dimensions

from .intoxication_screens import SCREEN_OPIOID, TOLD, r32a
from .overdose_words import asked, starts_asked
from .refusal_branches import MENTAL_HEALTH_DECLINES
from .test_placement_review_r38_home import HOME_OPIOIDS

# R31 M4 (physician review R31, must-fix M4, and S5): an overdose or ingestion held at the screen before a dose:
# call emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose
# (re-typed by /work/scripts/ovd_ed_retype.py).

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

REST_MILD = {2: 0, 3: 0, 4: 1, 5: 1, 6: 1}

#: Physician review R35 S2 (R36 S1): CIWA-Ar item 10's own hold where the step may transfer (here the delirium
#: branch's "if delirium: ... arrange transfer now") tells the receiving team if transferred (the reviewer's words).
ITEM10_HOLD = f"(the patient must not drive today; if transferred: {TOLD})"

INATTENTION_NOW = (
    "medical review now: screen for delirium (CAM or 4AT) and consider its other causes: Wernicke encephalopathy "
    "(give thiamine), low blood glucose (check it; treat a low one at once, thiamine with it), intoxication (breath "
    "alcohol), hepatic encephalopathy; re-score the CIWA-Ar within 1 hour; disorientation (item 10 at 2 or more) is "
    # R76b A (was: "...if delirium: emergency evaluation: arrange transfer now (ED, or 4-WM); staff with the ...")
    "complicated withdrawal; if delirium: emergency evaluation: arrange transfer now by emergency services (ED, or "
    "4-WM); staff with the patient until handover; if the patient declines transfer: the prescriber assesses and "
    "records capacity to "
    "decline (without capacity: transfer by emergency services; with capacity: record the advice given and the risks "
    "explained; arrange the highest level of care the patient accepts; any dose as the prescriber decides; tell the "
    "patient and any supportive person to call emergency services for a seizure, confusion, hallucinations or any "
    "worsening); if intoxicated (breath alcohol above zero, or signs "
    "of sedative intoxication): no "
    "benzodiazepine until it clears and the review is repeated "
    f"{ITEM10_HOLD}; the patient must "  # physician review R35 S2: the handover if transferred
    "not drive until the medical review "
    "finds the patient not delirious or intoxicated"
)  # physician review R5 (session 11), must-fix 2: the hold, typed; R6 must-fix 5: what a positive delirium screen
# calls for, inserted after "disorientation (item 10 at 2 or more) is complicated withdrawal; " (typed)
#: R38 item 6 (b), the reviewer's words: CIWA-Ar item 10's hold beside a same-day suicide risk assessment due (no
#: transfer now, no C-SSRS high risk standing): staff stay with a patient who tries to leave before it clears
TRIES_TO_LEAVE = (
    "; if the patient tries to leave before it clears: staff stay with the patient and arrange an emergency evaluation "
    "for suicide risk"
)
INATTENTION_NOW_DUE = INATTENTION_NOW.replace(
    "(the patient must not drive today; if transferred: ",
    f"(the patient must not drive today{TRIES_TO_LEAVE}; if transferred: ",
)
# beside a lead that already arranges a transfer to the ED (dimension 3 rated 4), no insert (physician review R6,
# session 11, must-fix 5, typed)
DELIRIUM_TRANSFER = (
    # R76b A (was: "if delirium: emergency evaluation: arrange transfer now (ED, or 4-WM); staff with the ...")
    "if delirium: emergency evaluation: arrange transfer now by emergency services (ED, or 4-WM); staff with the "
    "patient until handover; if the patient declines transfer: the prescriber assesses and records capacity to "
    "decline (without capacity: transfer by emergency services; with capacity: record the advice given and the risks "
    "explained; arrange the highest level of care the patient accepts; any dose as the prescriber decides; tell the "
    "patient and any supportive person to call emergency services for a seizure, confusion, hallucinations or any "
    "worsening); "
)
# beside a COWS of 13-36, the intoxication hold after the re-score (physician review R4, session 11, must-fix 4, the
# reviewer's words, typed)
INATTENTION_NOW_HELD = (
    "medical review now: screen for delirium (CAM or 4AT) and consider its other causes: Wernicke encephalopathy "
    "(give thiamine), low blood glucose (check it; treat a low one at once, thiamine with it), intoxication (breath "
    "alcohol), hepatic encephalopathy; re-score the CIWA-Ar within 1 hour; disorientation (item 10 at 2 or more) is "
    # R76b A (was: "...if delirium: emergency evaluation: arrange transfer now (ED, or 4-WM); staff with the ...")
    "complicated withdrawal; if delirium: emergency evaluation: arrange transfer now by emergency services (ED, or "
    "4-WM); staff with the patient until handover; if the patient declines transfer: the prescriber assesses and "
    "records capacity to "
    "decline (without capacity: transfer by emergency services; with capacity: record the advice given and the risks "
    "explained; arrange the highest level of care the patient accepts; any dose as the prescriber decides; tell the "
    "patient and any supportive person to call emergency services for a seizure, confusion, hallucinations or any "
    "worsening); if intoxicated (breath alcohol above zero, or signs "
    "of sedative intoxication): no "
    "buprenorphine, methadone or benzodiazepine until it clears and the review is repeated "
    f"{ITEM10_HOLD}; the patient must not "
    "drive until the medical review finds the patient not delirious or intoxicated"
)
COWS_BEFORE_LEAVING = (
    "a prescriber's review before the patient leaves: "
    + SCREEN_OPIOID
    + "treat withdrawal as the prescriber decides, with "
    "buprenorphine, or methadone as the COWS flag says; re-score the COWS 1-2 hours after dosing; after a first dose "
    "of buprenorphine or methadone the patient must not drive today; arrange medically managed withdrawal or a "
    "higher level of care only for a complicating condition (medical or psychiatric instability, co-occurring alcohol "
    "or benzodiazepine withdrawal, pregnancy)"
)  # physician review R13, should-fix S5: the driving advice after the COWS dose step, its words
# physician review R22 S1: "must not drive today" (was "should"), here and in TREAT_COWS above
COWS_DOSE_NO_DRIVING = "after a first dose of buprenorphine or methadone the patient must not drive today"
MORNING_DRINK_TODAY = (
    "assess withdrawal risk today (ask when and how much the last drink was; CIWA-Ar for current signs; PAWSS or a "
    "past withdrawal seizure or delirium tremens for the risk of complicated alcohol withdrawal) before planning "
    "ambulatory care"
)
DRUG_WITHDRAWAL_TODAY = "assess withdrawal risk today (ask which drugs and when last used; "

INATTENTION = "CIWA-Ar item 10 at 1 (cannot do serial additions or uncertain about date)"
COWS_MODERATE = "COWS 13-24 (moderate withdrawal)"
MORNING_DRINK = "AUDIT item 6, morning drink (needed after heavy drinking, any frequency)"
DRUG_WITHDRAWAL = "DAST-10 item 9, withdrawal symptoms when stopping drugs"
LEVEL_1 = "Then, unless the review finds more: Level 1 (Outpatient), under 9 h/week of clinical services."
# the same after the withdrawal-risk assessment, which may find more too
LEVEL_1_ASSESSED = (
    "Then, unless the review or the assessment finds more: Level 1 (Outpatient), under 9 h/week of clinical services."
)
# A CIWA-Ar with neither a past withdrawal seizure or delirium tremens asked nor a PAWSS scored, under a plan below
# 3.7-WM: assess the risk of complicated withdrawal before deciding the setting (ASAM 2020 alcohol withdrawal
# guideline, Rec II.1, II.5; Rec III.3: the CIWA-Ar alone does not decide it), a review today like AUDIT item 6's.
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

#: Physician review R21 (session 19), must-fix M2: beside today's CIWA-Ar item 10 at 1's conditional delirium transfer,
#: a positive PHQ-9 item 9 told at handover if transferred (the reviewer's words).
IF_TRANSFERRED = (
    # R23a finding 7 (c), (d): the ruling's words, re-typed
    "(if transferred: at handover tell the receiving team that today's PHQ-9 item 9 was positive, and ask them for a "
    "suicide risk assessment once the patient is able to answer; do not delay the transfer for it)"
)


def _audit_item6():
    # items 1-3 "monthly or less", "1 or 2", "less than monthly"; item 6 "less than monthly": total 4, zone I
    return iopkit.score("audit", [1, 0, 1, 0, 0, 1, 0, 0, 0, 0])


def _ciwa_item10_at_1():
    return iopkit.score("ciwa_ar", [0, 0, 0, 0, 0, 0, 0, 0, 0, 1])  # total 1: only item 10 at 1


def _cows_13():
    cows = iopkit.score("cows", [1, 2, 3, 1, 1, 1, 1, 1, 1, 1, 0])
    assert cows.total == 13  # 13-24: moderate (Wesson & Ling 2003)
    return cows


def test_a_review_now_given_after_a_review_today_leads_the_headline():
    # the morning drink ("today") given first, the inattention ("now") second: the inattention's step leads
    r = recommend({1: 0, **REST_MILD}, suggested=suggest_dimensions([_audit_item6(), _ciwa_item10_at_1()]))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    assert r.headline == (
        "First: medical review now: screen for delirium (CAM or 4AT) and consider its other causes: Wernicke "
        "encephalopathy (give thiamine), low blood glucose (check it; treat a low one at once, thiamine with it), "
        "intoxication (breath alcohol), hepatic encephalopathy; re-score the CIWA-Ar within 1 hour; disorientation "
        f"(item 10 at 2 or more) is complicated withdrawal; {DELIRIUM_TRANSFER}if intoxicated (breath alcohol above "
        "zero, or signs of "
        # physician review R35 S2: item 10's hold beside the delirium branch's transfer tells the receiving team
        f"sedative intoxication): no benzodiazepine until it clears and the review is repeated {ITEM10_HOLD}; the "
        "patient must not "
        "drive until the medical review finds the patient not delirious or intoxicated; assess withdrawal risk today "
        "(ask when and how much the "
        "last drink was; CIWA-Ar for current signs; PAWSS or a past withdrawal seizure or delirium tremens for the "
        "risk of complicated alcohol withdrawal) before planning ambulatory care (CIWA-Ar item 10 at 1 (cannot do "
        "serial additions or uncertain about date), AUDIT item 6, morning drink (needed after heavy drinking, any "
        f"frequency): dimension 1 rated 0, below the 2 they call for).{ALSO_RISK} Then, unless the review or the "
        "assessment finds more: Level 1 (Outpatient), under 9 h/week of clinical services."
    )


def test_the_same_signs_given_most_urgent_first_read_the_same():
    given = [_audit_item6(), _ciwa_item10_at_1()]
    forward = recommend({1: 0, **REST_MILD}, suggested=suggest_dimensions(given))
    backward = recommend({1: 0, **REST_MILD}, suggested=suggest_dimensions(given[::-1]))
    assert forward.headline == backward.headline


@pytest.mark.parametrize("order", ["today_first", "prescriber_first"])
def test_a_prescribers_review_and_a_review_today_keep_the_order_given(order):
    # both are due before the patient leaves: which is named first says who, not how soon (physician review)
    scores = [_audit_item6(), _cows_13()] if order == "today_first" else [_cows_13(), _audit_item6()]
    r = recommend({1: 0, **REST_MILD}, suggested=suggest_dimensions(scores))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    if order == "today_first":
        # physician review R32 (a): an ambulatory step's hold gives its next step (r32a); R35 S3: "the score", read
        # from the case's flags (a COWS flag, no CIWA-Ar one), not from the headline naming the CIWA-Ar
        assert r.headline == r32a(
            # R38 M2: rated 0, how the patient dosed on site goes home, as a routine rating says it (was: none)
            f"First: {MORNING_DRINK_TODAY}; {COWS_BEFORE_LEAVING}{HOME_OPIOIDS} ({MORNING_DRINK}, {COWS_MODERATE}: "
            "dimension 1 rated "
            f"0, below the 2 they call for). {LEVEL_1}",
            case=r,
        )
    else:
        # physician review R32 (a): an ambulatory step's hold gives its next step (r32a); R35 S3: "the score" (the
        # case's flags read)
        assert r.headline == r32a(
            # R38 M2: rated 0, how the patient dosed on site goes home, as a routine rating says it (was: none)
            f"First: {COWS_BEFORE_LEAVING}; {MORNING_DRINK_TODAY}{HOME_OPIOIDS} ({COWS_MODERATE}, {MORNING_DRINK}: "
            "dimension 1 rated "
            f"0, below the 2 they call for). {LEVEL_1}",
            case=r,
        )


def test_three_urgencies_given_least_urgent_first_read_now_then_the_others_in_the_order_given():
    scores = [_audit_item6(), _cows_13(), _ciwa_item10_at_1()]  # today, prescriber, now
    r = recommend({1: 0, **REST_MILD}, suggested=suggest_dimensions(scores))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # the driving advice said once in the sentence (physician review R16 S11, found by the random sweep of
    # tests/test_placement_headline_no_driving_once.py): the medical review's clause says the COWS dose's too, in
    # R19-N2 (c3)'s words, in place of R13 S5's clause after the COWS re-score
    cows = COWS_BEFORE_LEAVING.replace(SCREEN_OPIOID, "").replace(f"; {COWS_DOSE_NO_DRIVING}", "")
    # R26b M1 (d): a dose beside the delirium branch's transfer: told if transferred
    cows = cows.replace("as the COWS flag says", f"as the COWS flag says; if transferred: {COWS_DOSED_TOLD}")
    assert r.headline == (
        # the review now holds every dose while intoxicated: no second screen (R13-S4's screen goes after it)
        # R38 M2: rated 0, how the patient dosed on site goes home, as a routine rating says it (was: none)
        f"First: {INATTENTION_NOW_HELD}, nor today if a dose is given; {MORNING_DRINK_TODAY}; {cows}{HOME_OPIOIDS} "
        f"({INATTENTION}, "
        f"{MORNING_DRINK}, {COWS_MODERATE}: dimension 1 rated 0, below the 2 they call for).{ALSO_RISK} "
        f"{LEVEL_1_ASSESSED}"
    )


def test_after_a_suicide_risk_assessment_the_review_steps_are_most_urgent_first_too():
    # R30b S7: beside a positive PHQ-9 item 9 each screen asks about an overdose or ingestion first (overdose_words)
    # physician review, must-fix 2: PHQ-9 item 9 "several days" calls for a same-day suicide risk assessment (Joint
    # Commission NPSG 15.01.01), but CIWA-Ar item 10 at 1 (possible early delirium) calls for a medical review now
    # (ASAM 2020 alcohol withdrawal guideline), and delirium makes a risk assessment unreliable: the review now leads,
    # the assessment follows before the patient leaves, then the review today
    item9 = iopkit.score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 1])
    scores = [item9, _audit_item6(), _ciwa_item10_at_1()]
    r = recommend({1: 0, 2: 0, 3: 2, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions(scores))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    assert r.headline == asked(
        # R21 M2: beside item 10's conditional delirium transfer, the PHQ-9 item 9 told at handover if transferred
        # R38 item 6 (b): a same-day suicide risk assessment due (suicidal ideation): staff stay
        f"First: {INATTENTION_NOW_DUE}; then, before the patient leaves, a same-day suicide risk assessment "
        f"{IF_TRANSFERRED}, and {MORNING_DRINK_TODAY} ({INATTENTION}; suicidal ideation; {MORNING_DRINK}: "
        # R25b: one reason left with its rating says "it calls for" (before: "they call for")
        f"dimension 1 rated 0, below the 2 it calls for).{ALSO_RISK} Then, unless the review or the assessments find "
        "more: Level 2.1 (Intensive outpatient), 9 to under 20 h/week of clinical services."
    )


def test_two_signs_of_one_urgency_keep_the_order_they_were_given_in():
    audit, dast = _audit_item6(), iopkit.score("dast10", [1, 0, 0, 0, 0, 0, 0, 0, 1, 0])  # both "today"
    for scores, first, second, named in (
        ([audit, dast], MORNING_DRINK_TODAY, DRUG_WITHDRAWAL_TODAY, f"({MORNING_DRINK}, {DRUG_WITHDRAWAL}: "),
        ([dast, audit], DRUG_WITHDRAWAL_TODAY, MORNING_DRINK_TODAY, f"({DRUG_WITHDRAWAL}, {MORNING_DRINK}: "),
    ):
        headline = recommend({1: 0, **REST_MILD}, suggested=suggest_dimensions(scores)).headline
        assert headline.startswith(f"First: {first}")
        assert headline.index(first) < headline.index(second)
        assert named + "dimension 1 rated 0, below the 1 they call for). " + LEVEL_1 in headline


# Physician review, must-fix 1: the step printed decides, not the flag's code. An open CIWA-Ar item 10 at 1 flag of
# 01 Sep 2026 beside today's CIWA-Ar of 0 only asks to record what was done about it (today's score is the current
# one, the old signs past): paperwork, named after treating moderate opioid withdrawal and assessing withdrawal risk.
PLACED = dt.date(2026, 12, 2)
# physician final review: the record is a trailing sentence of its own, whatever dimension 1 is rated
PAPERWORK = (
    " Also record what was done about the CIWA-Ar flag of 01 Sep 2026 (today's CIWA-Ar, 0, is the current score)."
)
OLD_INATTENTION = f"{INATTENTION} (CIWA-Ar of 01 Sep 2026, not resolved)"
#: R26b M1: the ruling's words for a COWS dose, typed.
# R65 F2 (was: "...COWS score and any dose with its time"): both its uses screen for delirium (the item 10 review)
SCREEN_DOSE_TOLD = "the delirium screen and any dose with its time"  # R65 F2
COWS_DOSED_TOLD = (
    "at handover tell the receiving team the last COWS score, the delirium screen and any dose with its time"
)
COWS_RESCORE_NOW = "re-score the COWS now (last 13 on 01 Sep 2026); treat on the current score"
#: R39 C10, the physician's words: the driving clause and the routine opioid going-home clause (R39 S3).
C10_IF_DOSED = "if a dose is given: the patient must not drive today"
C10_HOME_OPIOID = (
    "after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    # R44 Q1: the old COWS's re-score names no buprenorphine: R32 S3 "if buprenorphine is given", the reviewer's words
    "roused, and, if buprenorphine is given, has a COWS re-score after the last buprenorphine dose no higher than "
    "before it (no precipitated withdrawal), with naloxone in hand (and any supportive person shown how to use it), "
    "and the patient and any "
    "supportive person told not to add alcohol or other sedatives"
    # R32 S3/S4 with R39 C10: the plain going-home sentence ends with S4's words
    # R43 M1: 'until they are met' -> 'until these conditions are met' ('they' misread as the patient)
    "; otherwise the patient stays on site until these conditions are met, or a higher level of care is arranged"
)
OLD_COWS = f"{COWS_MODERATE} (COWS of 01 Sep 2026, not re-scored today)"
LEVEL_1_WITH_2WM = (
    "Level 1 (Outpatient), under 9 h/week of clinical services; with 2-WM ambulatory withdrawal management with "
    "extended on-site monitoring."
)


def _open_inattention_of_1_sep():
    """The 01 Sep 2026 CIWA-Ar item 10 at 1 flag, as the placement page passes an unresolved one (its day noted)."""
    (flag,) = _ciwa_item10_at_1().flags
    return replace(flag, message=f"{flag.message} (CIWA-Ar of 01 Sep 2026, not resolved)")


def test_a_step_that_only_records_what_was_done_about_an_old_flag_goes_last():
    today = {"ciwa_ar": PLACED, "cows": PLACED, "audit": PLACED}
    s = suggest_dimensions(
        [iopkit.score("ciwa_ar", [0] * 10), _cows_13(), _audit_item6()],
        scored_on=today,
        today=PLACED,
        older_open_flags=[_open_inattention_of_1_sep()],
    )
    r = recommend({1: 0, **REST_MILD}, suggested=s)
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline == r32a(
        # R38 M2: rated 0, how the patient dosed on site goes home, as a routine rating says it (was: none)
        f"First: {COWS_BEFORE_LEAVING}; {MORNING_DRINK_TODAY}{HOME_OPIOIDS} ({COWS_MODERATE}, "
        f"{MORNING_DRINK}: dimension 1 rated 0, below the 2 they call for).{ALSO_RISK} "
        f"{LEVEL_1_ASSESSED}{PAPERWORK}"
    )
    # the rating-below flag leads with the COWS's step and says its review is due before the patient leaves, not now
    (below,) = (f for f in r.flags if f.code == "rated_below_suggestion_d1")
    # physician review R16 (session 15), must-fix M2: the headline's screen after the lead, before the dose verb
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert below.action.startswith(
        r32a(
            "Prescriber's review before the patient leaves: before any dose: screen for intoxication (breath alcohol "
            "above "
            "zero, or signs of sedative intoxication); if intoxicated: no dose here (the patient must not drive "
            "today); "
            "otherwise treat withdrawal",
            below.action,
        )
    )
    assert below.medical_review == "prescriber"
    # the duty to record does not depend on the rating: rated as suggested, still last
    assert recommend({1: s[1].rating, **REST_MILD}, suggested=s).headline.endswith(PAPERWORK)


# Physician review, must-fix 3: a review now cannot wait, so its step is named whatever dimension 1 is rated (here 2, as
# suggested: the rating accounts for the sign, not for the delirium screen it calls for).
def test_a_review_now_is_named_when_dimension_1_is_rated_as_suggested():
    r = recommend({1: 2, **REST_MILD}, suggested=suggest_dimensions([_ciwa_item10_at_1()]))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    assert r.headline == (
        f"First: {INATTENTION_NOW} ({INATTENTION}).{ALSO_RISK} Then, unless the review or the "
        f"assessment finds more: {LEVEL_1_WITH_2WM}"
    )


def test_a_review_now_leads_before_the_re_score_of_an_old_cows():
    s = suggest_dimensions(
        [_cows_13(), _ciwa_item10_at_1()], scored_on={"cows": dt.date(2026, 9, 1), "ciwa_ar": PLACED}, today=PLACED
    )
    r = recommend({1: 2, **REST_MILD}, suggested=s)
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    assert r.headline == (
        # R26b M1 (c): the COWS re-score treated on the current score beside the delirium branch: told if transferred
        # R39 C10: at Level 1 the old COWS's re-score is a dose given on site: its driving clause, then going home
        f"First: {INATTENTION_NOW}; {COWS_RESCORE_NOW}; {C10_IF_DOSED}; {C10_HOME_OPIOID}; if transferred: "
        f"{COWS_DOSED_TOLD} ({INATTENTION}; "
        f"{OLD_COWS}).{ALSO_RISK} "
        f"Then, unless the review or the assessment finds more: {LEVEL_1_WITH_2WM}"
    )


def test_a_review_now_leads_before_the_review_of_a_recorded_mitigation():
    # PAWSS 5 (4 or more: high risk of complicated withdrawal, Maldonado 2014) recorded as mitigated
    s = suggest_dimensions(
        [_ciwa_item10_at_1()], pawss=5, withdrawal_risk_mitigated="spouse at home 24 h; daily nurse visits"
    )
    r = recommend({1: 2, **REST_MILD}, suggested=s)
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    assert r.headline == (
        f"First: {INATTENTION_NOW}; medical review of the recorded mitigation (spouse at home 24 h; daily nurse "
        "visits) before ambulatory withdrawal management; residential or inpatient withdrawal management (3.7-WM) if "
        f"it does not hold ({INATTENTION}; PAWSS 5 (4 or more)). Then, unless the review finds more: {LEVEL_1_WITH_2WM}"
    )


def test_a_review_now_leads_before_a_suicide_risk_assessment_and_an_old_cows():
    # R30b S7: beside a positive PHQ-9 item 9 each screen asks about an overdose or ingestion first (overdose_words)
    item9 = iopkit.score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 1])
    s = suggest_dimensions(
        [item9, _cows_13(), _ciwa_item10_at_1()],
        scored_on={"phq9": PLACED, "cows": dt.date(2026, 9, 1), "ciwa_ar": PLACED},
        today=PLACED,
    )
    r = recommend({1: 2, 2: 0, 3: 2, 4: 1, 5: 1, 6: 1}, suggested=s)
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    assert r.headline == asked(
        # R21 M2: beside item 10's conditional delirium transfer, the PHQ-9 item 9 told at handover if transferred
        # R38 item 6 (b): a same-day suicide risk assessment due (suicidal ideation): staff stay
        # R39 C10: at Level 2.1 the old COWS's re-score is a dose given on site: its driving clause, then going home
        f"First: {INATTENTION_NOW_DUE}; {COWS_RESCORE_NOW}; {C10_IF_DOSED}; then, before the patient leaves, a "
        # R26b M1 (c): the last COWS score and any dose with its time first in the clause
        "same-day suicide risk assessment "
        # R65 F2 (was: "...COWS score and any dose with its time")
        f"{IF_TRANSFERRED.replace('team that', f'team the last COWS score, {SCREEN_DOSE_TOLD}, that')}"
        f"; {C10_HOME_OPIOID} ({INATTENTION}; {OLD_COWS}; suicidal ideation).{ALSO_RISK} Then, unless "
        "the review or the assessments find more: Level 2.1 (Intensive outpatient), 9 to under 20 h/week of clinical "
        "services; with 2-WM ambulatory withdrawal management with extended on-site monitoring."
    )


def test_an_emergency_evaluation_still_leads_a_review_now():
    # C-SSRS Q1, Q2 and Q4 "yes": high risk, an immediate emergency evaluation (Columbia triage)
    cssrs = iopkit.score("cssrs_screen", [1, 1, 0, 1, 0, 0, None])
    r = recommend({1: 2, 2: 0, 3: 4, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions([cssrs, _ciwa_item10_at_1()]))
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    # dimension 3 rated 4: its box's transfer now, the review now still said after it (physician review 7); "the
    # patient must not drive" already said, so no weaker "... until the medical review finds ..." after it (physician
    # review R3, session 11, should-fix 11)
    no_driving_until = (
        "; the patient must not drive until the medical review finds the patient not delirious or intoxicated"
    )
    NO_INSERT = DELIRIUM_TRANSFER  # beside a lead that transfers (R6 must-fix 5)
    review = INATTENTION_NOW.replace(no_driving_until, "").replace(NO_INSERT, "")
    # physician review R16 (session 15), should-fix S5: beside the C-SSRS high the review asks about an overdose or
    # ingestion first, and an overdose holds the dose (the reviewer's words)
    review_s5 = review.replace(
        "medical review now: screen for delirium",
        "medical review now: ask about any overdose or ingestion today and screen for delirium",
    ).replace(
        "; if intoxicated (",
        "; if an overdose or ingestion: no dose here (call emergency services for the ED, staff with the patient "
        "until handover, naloxone if signs of opioid overdose); if "
        "intoxicated (",
    )
    # R31 S5: the overdose's own hold names it once (was 3: its bracket said "an overdose or ingestion: " again)
    assert review_s5.count("overdose or ingestion") == 2
    assert r.headline.startswith(
        "First: emergency evaluation for suicide risk now: arrange transfer now (ED); safety precautions, staff with "
        "the patient, until handover" + MENTAL_HEALTH_DECLINES + f"; the patient must not drive; {review_s5}; "
        # R21 S7: the receiving team told of the C-SSRS high at handover; R22 S2: ", without delaying the transfer"
        # R26b M2 (b): why dimension 3 was rated 4, first in the clause
        "at handover tell the receiving team why dimension 3 was rated 4 (what the patient said or did), that today's "
        "C-SSRS screen was high risk, without delaying the transfer ("
    )
    assert "must not drive until" not in r.headline


def test_a_blank_safety_question_is_asked_after_a_review_now():
    # R30b S7: beside a positive PHQ-9 item 9 each screen asks about an overdose or ingestion first (overdose_words)
    with pytest.raises(iopkit.errors.IncompleteResponseError) as refused:
        iopkit.score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, None])  # item 9 not asked yet
    r = recommend(
        {1: 2, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions([refused.value, _ciwa_item10_at_1()])
    )
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    assert starts_asked(
        r.headline,
        # R38 item 6 (b): a same-day suicide risk assessment due (suicidal ideation): staff stay
        f"First: {INATTENTION_NOW_DUE}; "
        "then ask the blank suicide-risk question, and if it is endorsed a same-day suicide "
        f"risk assessment before the patient leaves ({INATTENTION}; suicidal ideation (a blank safety "
        f"question, its worst answer until asked)).{ALSO_RISK} ",
    )
