"""The placement headline names the steps of signs calling for a medical review most urgent first.

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
The first step a clinician reads must be the most urgent one: now, then a prescriber's review before the patient
leaves, then today; two of one urgency keep the order they were given in (iopkit's own rule).
"""

import iopkit
from iopkit.placement import FirstStep, recommend, suggest_dimensions

REST_MILD = {2: 0, 3: 0, 4: 1, 5: 1, 6: 1}

INATTENTION_NOW = (
    "medical review now: screen for delirium (CAM or 4AT) and consider its other causes: Wernicke encephalopathy "
    "(give thiamine), low blood glucose (check it; treat a low one at once, thiamine with it), intoxication (breath "
    "alcohol), hepatic encephalopathy; re-score the CIWA-Ar within 1 hour; disorientation (item 10 at 2 or more) is "
    "complicated withdrawal"
)
COWS_BEFORE_LEAVING = (
    "prescriber's review before the patient leaves: treat withdrawal (buprenorphine or methadone, as the prescriber "
    "decides) and re-score the COWS 1-2 hours after dosing; arrange medically managed withdrawal or a higher level of "
    "care only for a complicating condition (medical or psychiatric instability, co-occurring alcohol or "
    "benzodiazepine withdrawal, pregnancy)"
)
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
        "(item 10 at 2 or more) is complicated withdrawal; assess withdrawal risk today (ask when and how much the "
        "last drink was; CIWA-Ar for current signs; PAWSS or a past withdrawal seizure or delirium tremens for the "
        "risk of complicated alcohol withdrawal) before planning ambulatory care (CIWA-Ar item 10 at 1 (cannot do "
        "serial additions or uncertain about date), AUDIT item 6, morning drink (needed after heavy drinking, any "
        "frequency): dimension 1 rated 0, below the 2 they call for). Then, unless the review finds more: Level 1 "
        "(Outpatient), under 9 h/week of clinical services."
    )


def test_the_same_signs_given_most_urgent_first_read_the_same():
    given = [_audit_item6(), _ciwa_item10_at_1()]
    forward = recommend({1: 0, **REST_MILD}, suggested=suggest_dimensions(given))
    backward = recommend({1: 0, **REST_MILD}, suggested=suggest_dimensions(given[::-1]))
    assert forward.headline == backward.headline


def test_a_prescribers_review_given_after_a_review_today_leads_the_headline():
    r = recommend({1: 0, **REST_MILD}, suggested=suggest_dimensions([_audit_item6(), _cows_13()]))
    assert r.headline == (
        f"First: {COWS_BEFORE_LEAVING}; {MORNING_DRINK_TODAY} ({COWS_MODERATE}, {MORNING_DRINK}: dimension 1 rated 0, "
        f"below the 2 they call for). {LEVEL_1}"
    )


def test_three_urgencies_given_least_urgent_first_read_now_then_before_leaving_then_today():
    scores = [_audit_item6(), _cows_13(), _ciwa_item10_at_1()]  # today, prescriber, now
    r = recommend({1: 0, **REST_MILD}, suggested=suggest_dimensions(scores))
    assert r.headline == (
        f"First: {INATTENTION_NOW}; {COWS_BEFORE_LEAVING}; {MORNING_DRINK_TODAY} ({INATTENTION}, {COWS_MODERATE}, "
        f"{MORNING_DRINK}: dimension 1 rated 0, below the 2 they call for). {LEVEL_1}"
    )


def test_after_a_suicide_risk_assessment_the_review_steps_are_most_urgent_first_too():
    # PHQ-9 item 9 "several days": a same-day suicide risk assessment leads (Joint Commission NPSG 15.01.01), and the
    # medical reviews named with it are most urgent first
    item9 = iopkit.score("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 1])
    scores = [item9, _audit_item6(), _ciwa_item10_at_1()]
    r = recommend({1: 0, 2: 0, 3: 2, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions(scores))
    assert r.first_step is FirstStep.RISK_ASSESSMENT
    assert r.headline == (
        f"First: a same-day suicide risk assessment before the patient leaves, and {INATTENTION_NOW}; "
        f"{MORNING_DRINK_TODAY} (suicidal ideation; {INATTENTION}, {MORNING_DRINK}: dimension 1 rated 0, below the 2 "
        "they call for). Then, unless the assessment finds more: Level 2.1 (Intensive outpatient), 9 to under 20 "
        "h/week of clinical services."
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
