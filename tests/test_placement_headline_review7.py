"""The placement headline's withdrawal-management clause after the addiction-medicine physician's sixth review.

Every expected text below is typed by hand from the reviewer's wanted wording and the rule it names, never read from
the code under test. Dimension 1 rated 0 (no withdrawal management in the plan) under a high risk of complicated
withdrawal (a past withdrawal seizure or delirium tremens, a PAWSS of 4 or more), the plan ambulatory "only if the
review records why ambulatory care is safe":

- MUST-FIX 1 (ASAM 2020 alcohol withdrawal guideline, Rec IV.13-IV.14: patients at risk of severe or complicated
  withdrawal treated as outpatients should be provided with preventive pharmacotherapy): never "no withdrawal
  medication" nor "no withdrawal management needed now"; preventive withdrawal medication as the medical review
  decides.
- SHOULD-FIX 4: "withdrawal management today: 3.7-WM ..., or 2-WM once a mitigation is recorded and medically
  reviewed; never 1-WM", as the rated-1 plan says the rule.
- 2a: a mild COWS (5-12, Wesson & Ling 2003) of today beside a past withdrawal seizure: its treatment, and a CIWA-Ar
  screen (the past seizure is an alcohol or sedative risk).

Without a high risk, the texts of review 5 stay (possible withdrawal delirium scored earlier today only).
"""

import datetime as dt
from dataclasses import replace

import iopkit
from iopkit.placement import FirstStep, recommend, suggest_dimensions
from iopkit.placement.suggest import total_today

REST = {2: 0, 3: 1, 4: 1, 5: 1, 6: 1}
SEIZURE = {"prior_withdrawal_seizure_or_dt": True}
LOW_RISK = {"pawss": 2, "prior_withdrawal_seizure_or_dt": False}

CIWA_5 = [1, 1, 1, 1, 0, 0, 0, 0, 1, 0]  # 5: below the 10 that calls for medication (ASAM 2020, Rec III.3)
CIWA_3 = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0]  # 3
CIWA_0 = [0] * 10
CIWA_13 = [2, 2, 2, 2, 1, 1, 1, 1, 1, 0]  # 13: moderate (ASAM 2020: 10-18, should receive medication)
COWS_7 = [1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]  # 7: mild (Wesson & Ling 2003: 5-12)
COWS_3 = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]  # 3: under 5
COWS_19 = [2, 2, 3, 2, 2, 2, 2, 2, 2, 0, 0]  # 19: moderate (13-24)

SEIZURE_REVIEW = (
    "First: medical review before deciding the setting: residential or inpatient withdrawal management (3.7-WM) unless "
    "the risk is mitigated and the reason recorded (Past withdrawal seizure or delirium tremens: dimension 1 rated 0, "
    "below the 3 it calls for). Then, only if the review records why ambulatory care is safe: Level 1 (Outpatient), "
    "under 9 h/week of clinical services; "
)


def _rated_0(scores, **facts):
    return recommend({1: 0, **REST}, suggested=suggest_dimensions(scores, **facts))


def _ciwa(answers):
    return iopkit.score("ciwa_ar", answers)


def _cows(answers):
    return iopkit.score("cows", answers)


# --- MUST-FIX 1: preventive withdrawal medication under a high risk ---------------------------------------------


def test_must_fix_1_a_ciwa_ar_of_5_with_a_past_seizure_says_preventive_medication_as_the_review_decides():
    # ASAM 2020 alcohol withdrawal guideline, Rec IV.13-IV.14 (at risk of complicated withdrawal, an outpatient should
    # be given preventive pharmacotherapy); Rec III.3 (serial CIWA-Ar ratings: re-score before the patient leaves)
    r = _rated_0([_ciwa(CIWA_5)], **SEIZURE)
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    assert r.headline == (
        "First: medical review before deciding the setting: residential or inpatient withdrawal management (3.7-WM) "
        "unless the risk is mitigated and the reason recorded (Past withdrawal seizure or delirium tremens: dimension "
        "1 rated 0, below the 3 it calls for). Then, only if the review records why ambulatory care is safe: Level 1 "
        "(Outpatient), under 9 h/week of clinical services; CIWA-Ar of 5 today: preventive withdrawal medication as "
        "the medical review decides (a high risk of complicated withdrawal calls for it while withdrawal may still "
        "develop); re-score before the patient leaves; if signs increase or use resumes: never 1-WM; 3.7-WM medically "
        "monitored inpatient withdrawal management unless a mitigation is recorded and medically reviewed."
    )
    assert "no withdrawal medication" not in r.headline


def test_must_fix_1_a_ciwa_ar_of_3_with_a_pawss_of_5_says_preventive_medication_as_the_review_decides():
    # same rule; a PAWSS of 4 or more is a high risk of complicated withdrawal (Maldonado et al. 2014; ASAM 2020, Rec
    # II.5), so it, not the CIWA-Ar of 3, calls for the 3
    r = _rated_0([_ciwa(CIWA_3)], pawss=5, prior_withdrawal_seizure_or_dt=False)
    assert r.headline == (
        "First: medical review before deciding the setting: residential or inpatient withdrawal management (3.7-WM) "
        "unless the risk is mitigated and the reason recorded (PAWSS 5 (4 or more): dimension 1 rated 0, below the 3 "
        "it calls for). Then, only if the review records why ambulatory care is safe: Level 1 (Outpatient), under 9 "
        "h/week of clinical services; CIWA-Ar of 3 today: preventive withdrawal medication as the medical review "
        "decides (a high risk of complicated withdrawal calls for it while withdrawal may still develop); re-score "
        "before the patient leaves; if signs increase or use resumes: never 1-WM; 3.7-WM medically monitored inpatient "
        "withdrawal management unless a mitigation is recorded and medically reviewed."
    )


def test_must_fix_1_a_ciwa_ar_of_0_with_a_past_seizure_asks_about_the_last_drink_or_sedative_dose():
    # ASAM 2020, Rec IV.13-IV.14: no sign scored today, but withdrawal may still develop after a recent last drink or
    # sedative dose: preventive medication as the medical review decides, never "no withdrawal management needed now"
    r = _rated_0([_ciwa(CIWA_0)], **SEIZURE)
    assert r.headline == (
        f"{SEIZURE_REVIEW}CIWA-Ar of 0 today: preventive withdrawal medication as the medical review "
        "decides if the last drink or sedative dose was recent; if substance use resumes or withdrawal returns: never "
        "1-WM; 3.7-WM medically monitored inpatient withdrawal management unless a mitigation is recorded and "
        "medically reviewed."
    )
    assert "no withdrawal management needed" not in r.headline


def test_must_fix_1_no_score_today_with_a_pawss_of_5_asks_about_the_last_drink_or_sedative_dose():
    # same rule with no withdrawal score at all today (Maldonado et al. 2014: PAWSS 4 or more)
    r = _rated_0([], pawss=5, prior_withdrawal_seizure_or_dt=False)
    assert r.headline.endswith(
        "under 9 h/week of clinical services; no CIWA-Ar today: score one before the patient leaves; preventive "
        "withdrawal medication as the medical review decides if the last drink or sedative dose was recent; if "
        "substance use resumes or "
        "withdrawal returns: never 1-WM; 3.7-WM medically monitored inpatient withdrawal management unless a "
        "mitigation is recorded and medically reviewed."
    )


def test_must_fix_1_a_mitigated_risk_still_says_preventive_medication_with_the_2_wm_rule():
    # ASAM 2020, Rec IV.13: a recorded mitigation lets the patient be treated as an outpatient (Rec III.1), which is
    # where preventive pharmacotherapy is recommended; iopkit's rule after the review of the mitigation: 2-WM
    r = _rated_0([_ciwa(CIWA_5)], withdrawal_risk_mitigated="partner 24h", **SEIZURE)
    assert r.headline.endswith(
        "under 9 h/week of clinical services; CIWA-Ar of 5 today: preventive withdrawal medication as the medical "
        "review decides (a high risk of complicated withdrawal calls for it while withdrawal may still develop); "
        "re-score before the patient leaves; if signs increase or use resumes: never 1-WM; 2-WM ambulatory withdrawal "
        "management with extended on-site monitoring once the recorded mitigation is medically reviewed."
    )


def test_without_a_high_risk_the_texts_of_review_5_stay():
    # "Without a high risk of complicated withdrawal, keep today's texts" (physician review 6): possible delirium
    # earlier today, not excluded, and no past seizure nor PAWSS known; a CIWA-Ar of 0 at 11:00 (ASAM 2020, Rec VI.7,
    # VI.9: 4-WM while delirium is not excluded)
    placed = dt.date(2026, 12, 2)
    at_9, at_11 = dt.datetime(2026, 12, 2, 9, 0), dt.datetime(2026, 12, 2, 11, 0)
    disoriented = _ciwa([1, 1, 1, 1, 1, 1, 1, 1, 1, 3])
    old = next(f for f in disoriented.flags if f.code == "complicated_withdrawal")
    old = replace(old, message=f"{old.message} (CIWA-Ar of 02 Dec 2026 at 09:00, not resolved)")
    s = suggest_dimensions(
        [_ciwa(CIWA_0)],
        scored_on={"ciwa_ar": at_11},
        withdrawal_delirium_on=[at_9],
        today=placed,
        older_open_flags=[old],
    )
    headline = recommend({1: 0, **REST}, suggested=s).headline
    assert (
        "; no withdrawal management needed now (dimension 1 rated 0); if substance use resumes or withdrawal returns: "
        "never 1-WM; 3.7-WM medically monitored inpatient withdrawal management unless a mitigation is recorded and "
        "medically reviewed. Otherwise: 4-WM medically managed intensive inpatient withdrawal management while "
        "delirium is not excluded, 3.7-WM medically monitored inpatient withdrawal management once it is."
    ) in headline
    assert "preventive" not in headline


def test_must_fix_1_beside_possible_delirium_earlier_today_never_says_no_signs_scored_today():
    # a past seizure (ASAM 2020, Rec IV.13-IV.14: preventive medication as the review decides) with possible delirium
    # on a CIWA-Ar at 09:00 today (signs were scored today: never "no withdrawal signs scored today")
    disoriented = _ciwa([1, 1, 1, 1, 1, 1, 1, 1, 1, 3])
    old = next(f for f in disoriented.flags if f.code == "complicated_withdrawal")
    old = replace(old, message=f"{old.message} (CIWA-Ar of 02 Dec 2026 at 09:00, not resolved)")
    s = suggest_dimensions(
        [_ciwa(CIWA_0)],
        scored_on={"ciwa_ar": dt.datetime(2026, 12, 2, 11, 0)},
        withdrawal_delirium_on=[dt.datetime(2026, 12, 2, 9, 0)],
        today=dt.date(2026, 12, 2),
        older_open_flags=[old],
        **SEIZURE,
    )
    headline = recommend({1: 0, **REST}, suggested=s).headline
    assert (
        "under 9 h/week of clinical services; preventive withdrawal medication as the evaluation decides; if substance "
        "use resumes or withdrawal returns: never 1-WM; 3.7-WM "
        "medically monitored inpatient withdrawal management unless a mitigation is recorded and medically reviewed. "
        "Otherwise: 4-WM medically managed intensive inpatient withdrawal management while delirium is not excluded, "
        "3.7-WM medically monitored inpatient withdrawal management once it is."
    ) in headline
    assert "no withdrawal signs scored today" not in headline and "no withdrawal management needed" not in headline


# --- SHOULD-FIX 4: withdrawal management today, the rule as the rated-1 plan says it -----------------------------


def test_should_fix_4_a_moderate_ciwa_ar_with_a_past_seizure_says_3_7_wm_or_2_wm_once_mitigated():
    # iopkit's high-risk rule (ASAM 2020, Rec II.5, III.1): 3.7-WM, 2-WM once a mitigation is recorded and medically
    # reviewed, never 1-WM; withdrawal in a treatment band today (Rec III.3: 10 or more should receive medication)
    r = _rated_0([_ciwa(CIWA_13)], **SEIZURE)
    assert r.headline.endswith(
        "Then, only if the review records why ambulatory care is safe: Level 1 (Outpatient), under 9 h/week of "
        "clinical services; withdrawal management today: 3.7-WM medically monitored inpatient withdrawal management, "
        "or 2-WM once a mitigation is recorded and medically reviewed; never 1-WM."
    )
    assert "unless a mitigation" not in r.headline


def test_should_fix_4_a_moderate_cows_with_a_past_seizure_says_the_same_rule():
    # same rule beside a COWS of 19 (moderate opioid withdrawal, Wesson & Ling 2003, treated today: ASAM 2020 OUD
    # guideline)
    r = _rated_0([_cows(COWS_19)], **SEIZURE)
    assert r.headline.endswith(
        "clinical services; withdrawal management today: 3.7-WM medically monitored inpatient withdrawal management, "
        "or 2-WM once a mitigation is recorded and medically reviewed; never 1-WM; score a CIWA-Ar before the patient "
        "leaves (tremor, sweating and anxiety may also be alcohol or sedative withdrawal)."
    )


# --- 2a: a mild COWS of today beside a past withdrawal seizure -------------------------------------------------------


def test_2a_a_mild_cows_with_a_past_seizure_names_its_treatment_and_a_ciwa_ar_screen():
    # Wesson & Ling 2003 (COWS 5-12 mild); ASAM 2020 OUD guideline (buprenorphine or symptom relief for mild opioid
    # withdrawal); the past seizure is an alcohol or sedative risk (ASAM 2020 alcohol withdrawal guideline, Rec II.5):
    # screen for that withdrawal today (a CIWA-Ar), never "no withdrawal management needed now"
    r = _rated_0([_cows(COWS_7)], **SEIZURE)
    assert r.headline == (
        f"{SEIZURE_REVIEW}COWS of 7 today (mild, 5-12): buprenorphine or symptom relief as the prescriber decides; "
        "re-score the COWS and score a CIWA-Ar before the patient leaves (tremor, sweating and anxiety may also be "
        "alcohol or sedative withdrawal); if signs increase or use resumes: never 1-WM; 3.7-WM medically monitored "
        "inpatient withdrawal management unless a mitigation is recorded and medically reviewed."
    )


def test_2a_a_mild_cows_and_a_ciwa_ar_of_5_drop_the_ciwa_ar_screen_and_say_the_ciwa_ar_text():
    # "If a CIWA-Ar of today is also present, the CIWA-Ar text (MUST-FIX 1) applies and the COWS part drops 'and score
    # a CIWA-Ar'" (physician review 6; ASAM 2020, Rec IV.13-IV.14)
    r = _rated_0([_cows(COWS_7), _ciwa(CIWA_5)], **SEIZURE)
    assert r.headline == (
        f"{SEIZURE_REVIEW}COWS of 7 today (mild, 5-12): buprenorphine or symptom relief as the prescriber decides; "
        "re-score the COWS before the patient leaves; CIWA-Ar of 5 today: preventive withdrawal medication as the "
        "medical review decides (a high risk of complicated withdrawal calls for it while withdrawal may still "
        "develop); re-score before the patient leaves; if signs increase or use resumes: never 1-WM; 3.7-WM medically "
        "monitored inpatient withdrawal management unless a mitigation is recorded and medically reviewed."
    )
    assert "score a CIWA-Ar" not in r.headline


def test_2a_a_mild_cows_and_a_ciwa_ar_of_0_ask_about_the_last_drink_or_sedative_dose():
    # same rules: the CIWA-Ar of 0 is scored (no screen asked), preventive medication if the last drink or sedative
    # dose was recent (ASAM 2020, Rec IV.13-IV.14); never "no withdrawal signs scored today" beside the COWS of 7
    r = _rated_0([_cows(COWS_7), _ciwa(CIWA_0)], **SEIZURE)
    assert r.headline.endswith(
        "clinical services; COWS of 7 today (mild, 5-12): buprenorphine or symptom relief as the prescriber decides; "
        "re-score the COWS before the patient leaves; CIWA-Ar of 0 today: preventive withdrawal medication as the "
        "medical review decides if the last drink or sedative dose was recent; if signs increase or use resumes: "
        "never 1-WM; 3.7-WM medically monitored inpatient withdrawal management unless a mitigation is recorded and "
        "medically reviewed."
    )
    assert "no withdrawal signs scored today" not in r.headline


def test_2a_a_cows_under_5_is_never_called_no_signs_scored():
    # a COWS of 3 is below Wesson & Ling's mild band (5-12) but it is a score above 0 of today: never "no withdrawal
    # signs scored today"; preventive medication as the medical review decides (ASAM 2020, Rec IV.13-IV.14)
    r = _rated_0([_cows(COWS_3)], **SEIZURE)
    assert r.headline == (
        f"{SEIZURE_REVIEW}COWS of 3 today; score a CIWA-Ar before the patient leaves; preventive withdrawal medication "
        "as the medical review decides if the last drink or sedative dose was recent; if substance use resumes or "
        "withdrawal returns: never 1-WM; 3.7-WM medically monitored "
        "inpatient withdrawal management unless a mitigation is recorded and medically reviewed."
    )


def test_2a_a_mild_cows_without_a_high_risk_says_no_clause():
    # no high risk (PAWSS 2, no past seizure: Maldonado et al. 2014) and the COWS suggestion (1) not below a 24-hour
    # setting: the plan alone, as before review 6
    r = _rated_0([_cows(COWS_7)], **LOW_RISK)
    assert r.headline == "Recommended: Level 1 (Outpatient), under 9 h/week of clinical services"


def test_2a_dimension_1_suggestion_carries_todays_cows_total_under_a_higher_rule():
    # the source of 2a's total: the past seizure's suggestion (3) is kept; today's COWS total travels with it (Wesson &
    # Ling 2003 rate the signs at the time of rating), beside today's CIWA-Ar total
    kept = suggest_dimensions([_cows(COWS_7), _ciwa(CIWA_5)], **SEIZURE)[1]
    assert kept.rating == 3
    assert kept.reason.endswith("; CIWA-Ar of today: total 5; COWS of today: total 7")
    assert total_today(kept, "cows") == 7 and total_today(kept, "ciwa_ar") == 5
    # a COWS of another day is never today's
    old = suggest_dimensions(
        [_cows(COWS_7)], scored_on={"cows": dt.date(2026, 11, 20)}, today=dt.date(2026, 12, 2), **SEIZURE
    )[1]
    assert total_today(old, "cows") is None
