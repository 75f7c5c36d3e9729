"""The placement headline after the physician's re-review of its order (typed by hand from the sources, never from
iopkit's output):

1. A blank CIWA-Ar item 10 (Sullivan et al. 1989, "Orientation and clouding of sensorium") counts as its worst answer
   until asked (iopkit's rule of a blank safety question): disorientation, complicated withdrawal. A blank is no
   finding: the headline asks it now, then the flag's own step until it is answered (a medical review now; "do not
   manage as ambulatory withdrawal"), and the plan holds only once the answer rules complicated withdrawal out, as for
   a blank PHQ-9 item 9; never an emergency evaluation on a blank. Dimension 1 rated 4 still leads with one.
2. A re-score of a withdrawal score of another day says "now" (the instruments rate signs now: Sullivan 1989, Wesson &
   Ling 2003): it comes with the reviews now, before "then, before the patient leaves, a same-day suicide risk
   assessment".
3. When a review now and a suicide risk assessment both lead, either may find more.
4. After a blank PHQ-9 item 9, the withdrawal assessment is a step of its own, not conditional on the answer.
5. The reasons follow the steps' order; "a prescriber's review"; "before the patient leaves" said once.
"""

import datetime as dt

import pytest

import iopkit
from iopkit.placement import FirstStep, recommend, suggest_dimensions

from .intoxication_screens import NEXT_TRANSFER, SCREEN_ALCOHOL, SCREEN_OPIOID, TOLD, r32a, tries_to_leave
from .overdose_words import asked, asked_r32a, starts_asked_r32a
from .refusal_branches import AT_4_STAFF_D1, MEDICAL_DECLINES
from .test_placement_review_r60_g4 import held_apart

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

REST_MILD = {2: 0, 3: 0, 4: 1, 5: 1, 6: 1}
PLACED = dt.date(2026, 12, 2)

ASK_ITEM_10 = (
    "First: ask CIWA-Ar item 10 now (Orientation and clouding of sensorium); until it is answered: medical review now: "
    "assess for alcohol withdrawal delirium and arrange medically managed (inpatient) withdrawal management; do not "
    "manage as ambulatory withdrawal (complicated withdrawal (a blank CIWA-Ar item, its worst answer until asked)). "
)
# A CIWA-Ar with neither a past withdrawal seizure or delirium tremens asked nor a PAWSS scored: under a plan below
# 3.7-WM, the risk of complicated withdrawal is assessed before the setting is decided (ASAM 2020 alcohol withdrawal
# guideline, Rec II.1, II.5; Rec III.3: the CIWA-Ar alone does not decide it), a review today after the steps now.
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
ASK_ITEM_10_UNASSESSED = (
    "First: ask CIWA-Ar item 10 now (Orientation and clouding of sensorium); until it is answered: medical review now: "
    "assess for alcohol withdrawal delirium and arrange medically managed (inpatient) withdrawal management; do not "
    f"manage as ambulatory withdrawal (complicated withdrawal (a blank CIWA-Ar item, its worst answer "
    f"until asked)).{ALSO_RISK} "
)
ONLY_ONCE_ANSWERED = (
    "Then, only if CIWA-Ar item 10, once answered, rules out complicated withdrawal, and unless the review finds more: "
)
# the same after the withdrawal-risk assessment, which may find more too
ONLY_ONCE_ANSWERED_ASSESSED = ONLY_ONCE_ANSWERED.replace("the review finds", "the review or the assessment finds")
INATTENTION_NOW = (
    "medical review now: screen for delirium (CAM or 4AT) and consider its other causes: Wernicke encephalopathy "
    "(give thiamine), low blood glucose (check it; treat a low one at once, thiamine with it), intoxication (breath "
    "alcohol), hepatic encephalopathy; re-score the CIWA-Ar within 1 hour; disorientation (item 10 at 2 or more) is "
    # R76b A (was: "if delirium: emergency evaluation: arrange transfer now (ED, or 4-WM); ...")
    "complicated withdrawal; if delirium: emergency evaluation: arrange transfer now by emergency services (ED, or "
    "4-WM); staff with the "
    "patient until handover; if the patient declines transfer: the prescriber assesses and records capacity to "
    "decline (without capacity: transfer by emergency services; with capacity: record the advice given and the risks "
    "explained; arrange the highest level of care the patient accepts; any dose as the prescriber decides; tell the "
    "patient and any supportive person to call emergency services for a seizure, confusion, hallucinations or any "
    "worsening); if intoxicated (breath alcohol above zero, or signs "
    "of sedative intoxication): no "
    "benzodiazepine until it clears and the review is repeated (the patient must not drive today; "
    # physician review R35 S2: item 10's hold beside the delirium's transfer tells the receiving team if transferred
    f"if transferred: {TOLD}); the patient must not drive until the medical review "
    "finds the patient not delirious or intoxicated"
)  # physician review R5 (session 11), must-fix 2: the hold, typed; R6 must-fix 5: what a positive delirium screen
# calls for, inserted after "disorientation (item 10 at 2 or more) is complicated withdrawal; " (typed)
# beside a COWS of 13-36, the intoxication hold after the re-score (physician review R4, session 11, must-fix 4, the
# reviewer's words, typed)
INATTENTION_NOW_HELD = (
    "medical review now: screen for delirium (CAM or 4AT) and consider its other causes: Wernicke encephalopathy "
    "(give thiamine), low blood glucose (check it; treat a low one at once, thiamine with it), intoxication (breath "
    "alcohol), hepatic encephalopathy; re-score the CIWA-Ar within 1 hour; disorientation (item 10 at 2 or more) is "
    # R76b A (was: "if delirium: emergency evaluation: arrange transfer now (ED, or 4-WM); ...")
    "complicated withdrawal; if delirium: emergency evaluation: arrange transfer now by emergency services (ED, or "
    "4-WM); staff with the "
    "patient until handover; if the patient declines transfer: the prescriber assesses and records capacity to "
    "decline (without capacity: transfer by emergency services; with capacity: record the advice given and the risks "
    "explained; arrange the highest level of care the patient accepts; any dose as the prescriber decides; tell the "
    "patient and any supportive person to call emergency services for a seizure, confusion, hallucinations or any "
    "worsening); if intoxicated (breath alcohol above zero, or signs "
    "of sedative intoxication): no "
    "buprenorphine, methadone or benzodiazepine until it clears and the review is repeated (the patient must not "
    # physician review R35 S2: item 10's hold beside the delirium's transfer tells the receiving team if transferred
    f"drive today; if transferred: {TOLD}); the patient must not "
    "drive until the medical review finds the patient not delirious or intoxicated"
)
INATTENTION = "CIWA-Ar item 10 at 1 (cannot do serial additions or uncertain about date)"
LEVEL_2_1 = "Level 2.1 (Intensive outpatient), 9 to under 20 h/week of clinical services"


def _blank_item_10():
    # items 1-9 answered (1 each: total 9 so far), item 10 not asked yet
    with pytest.raises(iopkit.errors.IncompleteResponseError) as refused:
        iopkit.score("ciwa_ar", [1, 1, 1, 1, 1, 0, 0, 0, 1, None])
    return refused.value


def _item9():
    return iopkit.score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 1])  # item 9 "several days"


def _ciwa_item10_at_1():
    return iopkit.score("ciwa_ar", [0, 0, 0, 0, 0, 0, 0, 0, 0, 1])


def _cows_13():
    cows = iopkit.score("cows", [1, 2, 3, 1, 1, 1, 1, 1, 1, 1, 0])
    assert cows.total == 13  # 13-24: moderate (Wesson & Ling 2003)
    return cows


@pytest.mark.parametrize(
    "d1, first, plan",
    [
        (
            1,
            ASK_ITEM_10_UNASSESSED,
            "Level 1 (Outpatient), under 9 h/week of clinical services; with 1-WM ambulatory withdrawal management "
            "without extended on-site monitoring.",
        ),
        (
            2,
            ASK_ITEM_10_UNASSESSED,
            "Level 1 (Outpatient), under 9 h/week of clinical services; with 2-WM ambulatory withdrawal management "
            "with extended on-site monitoring.",
        ),
        (
            3,
            ASK_ITEM_10,  # 3.7-WM: the risk assessment adds nothing
            "3.7-WM medically monitored inpatient withdrawal management, then a reassessment of all six dimensions for "
            "treatment (on today's ratings at least Level 1 (Outpatient)).",
        ),
    ],
)
def test_a_blank_ciwa_item_10_is_asked_first_not_an_emergency_evaluation(d1, first, plan):
    r = recommend({1: d1, **REST_MILD}, suggested=suggest_dimensions([_blank_item_10()]))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    assert (
        r.headline
        == first + (ONLY_ONCE_ANSWERED_ASSESSED if first == ASK_ITEM_10_UNASSESSED else ONLY_ONCE_ANSWERED) + plan
    )
    assert "safety question" not in r.headline and "emergency" not in r.headline


def test_a_blank_ciwa_item_10_with_dimension_1_rated_4_still_leads_with_an_emergency_evaluation():
    r = recommend({1: 4, **REST_MILD}, suggested=suggest_dimensions([_blank_item_10()]))
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    assert r.headline.startswith(
        "First: emergency medical evaluation: arrange transfer now (ED, or 4-WM)"
        # physician review R16 (session 15), the rulings on C22, C23, C30: staff until handover, the reason told there
        + AT_4_STAFF_D1
        + MEDICAL_DECLINES
        + "; the patient must not drive "
        "(dimension 1 rated 4, imminent danger; complicated withdrawal (a blank CIWA-Ar item, its worst answer until "
        "asked)). Then, as the evaluation decides: 4-WM"
    )


def test_an_answered_ciwa_item_10_at_2_is_still_an_emergency_evaluation():
    # "Disoriented for date by no more than 2 calendar days" (Sullivan 1989): complicated withdrawal, not a blank
    ciwa = iopkit.score("ciwa_ar", [1, 1, 1, 1, 1, 0, 0, 0, 1, 2])
    r = recommend({1: 1, **REST_MILD}, suggested=suggest_dimensions([ciwa]))
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    # physician review R2 (session 11), must-fix 1: the evaluation arranges the transfer (the reviewer's words); R4,
    # should-fix of must-fix 1: the refusal branch after "staff with the patient until handover" (its words)
    assert r.headline.startswith(
        # R75 3a (was: "arrange transfer now to medically managed withdrawal")
        "First: emergency medical evaluation: arrange transfer now by emergency services to medically managed "
        "withdrawal (ED, or 4-WM); "
        "staff with the patient until handover; if the patient declines transfer: the prescriber assesses and records "
        "capacity to decline (without capacity: transfer by emergency services; with capacity: record the advice "
        "given and the risks explained; arrange the highest level of care the patient accepts; any dose as the "
        "prescriber decides; tell the patient and any supportive person to call emergency services for a seizure, "
        "confusion, hallucinations or any worsening); "
        # physician review R16 (session 15), the ruling on C06 (complicated withdrawal today), the reviewer's words: the
        # screen and first dose after the capacity clause, and the re-assessment after "the patient must not drive"
        "before any dose: screen for delirium (CAM or 4AT) and intoxication (breath alcohol above zero, or signs of "
        "sedative intoxication), give thiamine and check blood glucose; if delirium or intoxication: no dose here "
        # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team (was:
        # "intoxication: the patient must not drive today)")
        f"(delirium: to the ED by emergency services; intoxication: {NEXT_TRANSFER}); otherwise a "
        "prescriber gives a first dose before transfer if it "
        # R65 F2 (was: "the last CIWA-Ar score and any dose with its time"): the step screens for delirium (CAM or 4AT)
        "does not delay the transfer; at handover tell the receiving team the last CIWA-Ar score, the delirium screen "
        "and any dose with its time; the patient must not drive; re-assess for seizures or delirium until handover ("
    )


def test_a_re_score_now_comes_before_then_and_the_assessment():
    # R30b S7: beside a positive PHQ-9 item 9 each screen asks about an overdose or ingestion first (overdose_words)
    s = suggest_dimensions(
        [_item9(), _cows_13()], scored_on={"phq9": PLACED, "cows": dt.date(2026, 9, 1)}, today=PLACED
    )
    r = recommend({1: 2, 2: 0, 3: 2, 4: 1, 5: 1, 6: 1}, suggested=s)
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    expected = asked_r32a(
        # R30b S7 (R29 N1's rule): the re-score's dose behind the screen, the overdose question first
        "First: re-score the COWS now (last 13 on 01 Sep 2026); before any dose: screen for intoxication (breath "
        "alcohol above zero, or signs of sedative intoxication); if intoxicated: no dose here (the patient must not "
        "drive today); otherwise treat on the "
        # R39 C10: at Level 2.1 the old COWS's re-score is a dose given on site: its driving clause, then going home
        "current score; if a dose is given: the patient must not drive today; then, before the patient leaves, a "
        "same-day suicide risk assessment; after a dose given on site, the patient goes home only if awake or no more "
        # R44 Q1: an old COWS's re-score that names no buprenorphine: R32 S3 "if buprenorphine is given"
        "than slightly drowsy and easily roused, and, if buprenorphine is given, has a COWS re-score after the last "
        "buprenorphine dose no higher than before it (no precipitated withdrawal), with naloxone in hand (and any "
        "supportive person shown how to use "
        "it), and the patient and any supportive person told not to add alcohol or other sedatives"
        # R32 S3/S4 with R39 C10: the plain going-home sentence ends with S4's words (no buprenorphine named: no S3)
        # R43 M1: 'until they are met' -> 'until these conditions are met' ('they' misread as the patient)
        "; otherwise the patient stays on site until these conditions are met, or a higher level of care is arranged "
        "(COWS 13-24 "
        "(moderate "
        "withdrawal) (COWS of 01 Sep 2026, not "
        "re-scored today); suicidal ideation). Then, unless the review or the assessment finds more: "
        f"{LEVEL_2_1}; with 2-WM ambulatory withdrawal management with extended on-site monitoring."
    )
    # R60 Q5 (R59 2): the old COWS re-score's hold said apart, "no dose until it clears" for intoxication (was: the
    # joined hold "... or intoxicated: no dose here (...)", or "if intoxicated: no dose here (...)")
    assert r.headline == held_apart(expected)


def test_a_review_now_and_an_assessment_both_lead_so_either_may_find_more():
    # R30b S7: beside a positive PHQ-9 item 9 each screen asks about an overdose or ingestion first (overdose_words)
    r = recommend({1: 3, 2: 0, 3: 2, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions([_item9(), _ciwa_item10_at_1()]))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    assert r.headline == asked(
        # R21 M2: beside item 10's conditional delirium transfer, the PHQ-9 item 9 told at handover if transferred
        # R38 item 6 (b): a positive PHQ-9 item 9 (a same-day suicide risk assessment due): staff stay
        f"First: {tries_to_leave(INATTENTION_NOW)}; then, before the patient leaves, a same-day suicide risk "
        "assessment (if "
        # R23a finding 7 (c): the comma before the request
        "transferred: at handover tell the receiving team that today's PHQ-9 item 9 was positive, and ask them for a "
        "suicide risk assessment once the patient is able to answer; do not delay the transfer for it) "
        f"({INATTENTION}; suicidal ideation). Then, unless the review or the assessment finds more: 3.7-WM medically "
        "monitored inpatient withdrawal management, then a reassessment of all six dimensions for treatment (on "
        "today's ratings at least Level 2.1 (Intensive outpatient))."
    )


def test_after_a_blank_phq9_item_9_the_withdrawal_assessment_is_its_own_step():
    with pytest.raises(iopkit.errors.IncompleteResponseError) as refused:
        iopkit.score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, None])
    audit = iopkit.score("audit", [1, 0, 1, 0, 0, 1, 0, 0, 0, 0])  # item 6 "less than monthly": a morning drink
    r = recommend({1: 0, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions([refused.value, audit]))
    assert r.first_step is FirstStep.RISK_ASSESSMENT
    assert r.headline == (
        "First: ask the blank suicide-risk question now, and if it is endorsed a same-day suicide risk assessment "
        "before the patient leaves; assess withdrawal risk today (ask when and how much the last drink was; CIWA-Ar "
        "for current signs; PAWSS or a past withdrawal seizure or delirium tremens for the risk of complicated alcohol "
        "withdrawal) before planning ambulatory care (suicidal ideation (a blank safety question, its worst answer "
        "until asked); AUDIT item 6, morning drink (needed after heavy drinking, any frequency): dimension 1 rated 0, "
        "below the 1 it calls for). Then, unless the assessment or the review finds more: Level 1 (Outpatient), under "
        "9 h/week of clinical services."
    )


def test_the_reasons_follow_the_steps_and_before_the_patient_leaves_is_said_once():
    # R30b S7: beside a positive PHQ-9 item 9 each screen asks about an overdose or ingestion first (overdose_words)
    r = recommend(
        {1: 0, 2: 0, 3: 2, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions([_item9(), _cows_13(), _ciwa_item10_at_1()])
    )
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # the driving advice said once in the sentence (physician review R16 S11, found by the random sweep of
    # tests/test_placement_headline_no_driving_once.py): the medical review's clause says the COWS dose's too, in
    # R19-N2 (c3)'s words, in place of R13 S5's "after a first dose of buprenorphine or methadone the patient should
    # not drive today" after the COWS re-score
    assert r.headline == asked(
        # R21 M2: beside item 10's conditional delirium transfer, the PHQ-9 item 9 told at handover if transferred
        # R38 item 6 (b): a positive PHQ-9 item 9 (a same-day suicide risk assessment due): staff stay
        f"First: {tries_to_leave(INATTENTION_NOW_HELD)}, nor today if a dose is given; "
        "then, before the patient leaves, a same-day "
        # R23a finding 7 (c): the comma before the request
        # R26b M1 (d): the step treats withdrawal (COWS 13 today): the last COWS score and any dose with its time first
        # R65 F2 (was: "the last COWS score and any dose with its time"): the medical review screens for delirium
        "suicide risk assessment (if transferred: at handover tell the receiving team the last COWS score, the "
        "delirium screen and any dose with its time, that today's PHQ-9 item 9 was "
        "positive, and ask them for a suicide risk assessment once the patient is able to answer; do not delay the "
        "transfer for it), and a prescriber's review: treat withdrawal as the prescriber decides, with "
        "buprenorphine, or methadone as the COWS flag says; re-score the COWS 1-2 hours after dosing; "
        "arrange medically "
        "managed withdrawal or a higher level of care only for a "
        "complicating condition (medical or psychiatric instability, co-occurring alcohol or benzodiazepine "
        "withdrawal, pregnancy)"
        # R38 M2: rated 0 as rated 1, how the patient dosed on site goes home (was: none rated 0)
        f"{HOME_OPIOIDS} ({INATTENTION}; suicidal ideation; COWS 13-24 (moderate withdrawal): "
        # R25b: one reason left with its rating says "it calls for" (before: "they call for")
        f"dimension 1 rated 0, below the 2 it calls for).{ALSO_RISK} Then, unless the review or the assessments "
        f"find more: {LEVEL_2_1}."
    )
    assert r.headline.count("before the patient leaves") == 1


def test_without_a_review_now_the_assessment_and_the_prescribers_review_share_before_the_patient_leaves():
    # R30b S7: beside a positive PHQ-9 item 9 each screen asks about an overdose or ingestion first (overdose_words)
    r = recommend({1: 0, 2: 0, 3: 2, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions([_item9(), _cows_13()]))
    assert r.first_step is FirstStep.RISK_ASSESSMENT
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert starts_asked_r32a(
        r.headline,
        "First: before the patient leaves, a same-day suicide risk assessment, and a prescriber's review: "
        + SCREEN_OPIOID
        + "treat "
        "withdrawal as the prescriber decides, with buprenorphine",
    )
    assert r.headline.count("before the patient leaves") == 1
    assert (
        "(suicidal ideation; COWS 13-24 (moderate withdrawal): dimension 1 rated 0, below the 2 it calls for). "
        in r.headline
    )
    assert "Then, unless the assessment or the review finds more: " in r.headline


# Physician final review (should-fix 4 and 5), typed by hand from the sources (C-SSRS screen: Columbia triage; CIWA-Ar:
# Sullivan et al. 1989; ASAM 2020 alcohol withdrawal guideline), never from iopkit's output.
# 4. A suicide evaluation does not decide the withdrawal setting: a blank CIWA-Ar item 10 keeps its condition.
# 5. "Ask item 10 now" and "before the patient leaves" are each said once, and the prescriber's step has its article.
ASK_ITEM_10_NOW = (
    "ask CIWA-Ar item 10 now (Orientation and clouding of sensorium); until it is answered: medical review now: assess "
    "for alcohol withdrawal delirium and arrange medically managed (inpatient) withdrawal management; do not manage as "
    "ambulatory withdrawal"
)
BLANK_10 = "complicated withdrawal (a blank CIWA-Ar item, its worst answer until asked)"
# the moderate band on the answers given (Sullivan 1989: 8-14 moderate), its step said after item 10 is asked
TREAT_MODERATE = (
    "a prescriber's review before the patient leaves: "
    + SCREEN_ALCOHOL
    + "treat withdrawal with medication (CIWA-Ar 10 or more; consider "
    "at 8-9); re-score the CIWA-Ar "
    "within 1 hour of a dose and at the end of the visit"
    # physician review R16 (session 15), the ruling on C03 and C33: after the re-score clause, its words
    "; if a dose is given: the patient must not drive today"
    "; item 10, once answered, can only make this more serious"
)
MODERATE_BELOW = "CIWA-Ar in the moderate withdrawal band: dimension 1 rated 0, below the 1 it calls for"
#: R38 M2: how the patient given a dose on site goes home, said rated 0 as rated 1 (a lower rating never removes it),
#: in R29's and R26a S1's typed words: after a benzodiazepine (alcohol withdrawal alone), and after buprenorphine or
#: methadone (naloxone outright).
HOME_ALCOHOL = (
    "; after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    "roused, walks steadily, and has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, with a "
    "supportive person to stay overnight (and, if the patient also uses opioids, with naloxone in hand and the "
    "supportive person shown how to use it), and the patient and the supportive person told not to add alcohol or "
    # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
    "other sedatives; otherwise the patient stays on site until these conditions are met, or a higher level of care is "
    "arranged"
)
HOME_OPIOIDS = (
    "; after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    # R39 S3: the opioid clause introduces no supportive person: "(and any supportive person ...)"
    # R32 S3: a COWS re-score after the last buprenorphine dose no higher than before it (the going-home clause)
    "roused, and has a COWS re-score after the last buprenorphine dose no higher than before it (no precipitated "
    "withdrawal), with naloxone in hand (and any supportive person shown how to use it), and the patient and any "
    "supportive "
    # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
    "person told not to add alcohol or other sedatives; otherwise the patient stays on site until these conditions are "
    "met, or a "
    "higher level of care is arranged"
)


def _cssrs_high():
    # C-SSRS screen Q1, Q2 and Q4 "yes": high risk, an immediate emergency evaluation (Columbia triage)
    return iopkit.score("cssrs_screen", [1, 1, 0, 1, 0, 0, None])


def _blank_item_10_moderate():
    # items 1-9 total 12 so far (Sullivan 1989: 8-14 moderate; item 10, 0-4, can only raise it), item 10 not asked
    with pytest.raises(iopkit.errors.IncompleteResponseError) as refused:
        iopkit.score("ciwa_ar", [2, 2, 2, 1, 1, 1, 1, 1, 1, None])
    return refused.value


def test_a_blank_ciwa_item_10_beside_a_high_suicide_risk_keeps_its_condition():
    s = suggest_dimensions([_cssrs_high(), _blank_item_10()])
    r = recommend({1: 1, 2: 0, 3: 2, 4: 1, 5: 1, 6: 1}, suggested=s)
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    assert r.headline == (
        # physician review R6, must-fix 4: staff with the patient, the refusal or leaving branch, then "; and "
        "First: emergency evaluation for suicide risk, with safety precautions, staff with the patient, until it is "
        "done; if the patient declines it or tries to leave: staff stay with the patient and call emergency services "
        # R75 2 (was: "...(local involuntary-assessment procedure); and ")
        "for an emergency mental-health assessment (local involuntary-assessment procedure); the patient must not "
        f"drive; and {ASK_ITEM_10_NOW} (high suicide risk (C-SSRS screen): dimension 3 rated 2, below the 4 it calls "
        f"for; {BLANK_10}).{ALSO_RISK} "
        "Then, as the evaluation decides, and only if CIWA-Ar item 10, once answered, rules out complicated "
        f"withdrawal: {LEVEL_2_1}; with 1-WM ambulatory withdrawal management without extended on-site monitoring."
    )


def test_a_blank_ciwa_item_10_beside_a_high_suicide_risk_and_a_pawss_of_5_keeps_its_condition():
    s = suggest_dimensions([_cssrs_high(), _blank_item_10()], pawss=5)
    r = recommend({1: 1, 2: 0, 3: 2, 4: 1, 5: 1, 6: 1}, suggested=s)
    assert (
        "Then, only if CIWA-Ar item 10, once answered, rules out complicated withdrawal and the evaluation records why "
        f"ambulatory care is safe: {LEVEL_2_1}; with 2-WM ambulatory withdrawal management with extended on-site "
        "monitoring (not 1-WM: PAWSS 5 (4 or more)); otherwise 3.7-WM medically monitored inpatient withdrawal "
        "management."
    ) in r.headline


def test_an_emergency_medical_evaluation_still_decides_the_withdrawal_setting():
    r = recommend({1: 4, 2: 0, 3: 2, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions([_cssrs_high(), _blank_item_10()]))
    assert "Then, as the evaluation decides: 4-WM" in r.headline
    assert "once answered" not in r.headline


def test_a_blank_item_10_in_the_moderate_band_asks_it_once_with_the_prescribers_article():
    r = recommend({1: 0, **REST_MILD}, suggested=suggest_dimensions([_blank_item_10_moderate()]))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline == r32a(
        # R38 M2: rated 0 as rated 1, how the patient dosed on site goes home (was: none rated 0)
        f"First: {ASK_ITEM_10_NOW}; {TREAT_MODERATE}{HOME_ALCOHOL} ({BLANK_10}; {MODERATE_BELOW}).{ALSO_RISK} "
        f"{ONLY_ONCE_ANSWERED_ASSESSED}"
        "Level 1 (Outpatient), under 9 h/week of clinical services."
    )
    assert r.headline.lower().count("ask ciwa-ar item 10 now") == 1 and "ask item 10" not in r.headline.lower()
    assert r.headline.count("before the patient leaves") == 1


def test_a_blank_item_10_in_the_moderate_band_and_phq9_item_9_say_before_the_patient_leaves_once():
    # R30b S7: beside a positive PHQ-9 item 9 each screen asks about an overdose or ingestion first (overdose_words)
    s = suggest_dimensions([_blank_item_10_moderate(), _item9()])
    r = recommend({1: 0, 2: 0, 3: 2, 4: 1, 5: 1, 6: 1}, suggested=s)
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline == asked_r32a(
        f"First: {ASK_ITEM_10_NOW}; then, before the patient leaves, a same-day suicide risk assessment, and a "
        "prescriber's review: "
        + SCREEN_ALCOHOL
        + "treat withdrawal with medication (CIWA-Ar 10 or more; consider at 8-9); re-score the "
        "CIWA-Ar within 1 hour of a "
        "dose and at the end of the visit"
        # physician review R16 (session 15), the ruling on C03 and C33: after the re-score clause, its words
        "; if a dose is given: the patient must not drive today"
        "; item 10, once answered, can only make this more serious"
        # R38 M2: rated 0 as rated 1, how the patient dosed on site goes home (was: none rated 0)
        f"{HOME_ALCOHOL} "
        f"({BLANK_10}; suicidal ideation; {MODERATE_BELOW}).{ALSO_RISK} Then, only if CIWA-Ar item 10, once "
        "answered, rules out "
        f"complicated withdrawal, and unless the review or the assessments find more: {LEVEL_2_1}."
    )
    assert r.headline.count("before the patient leaves") == 1
    assert "ask item 10" not in r.headline.lower()
