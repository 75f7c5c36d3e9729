"""The placement headline after the addiction-medicine physician's fifth review (h-head5).

Every expected headline below is typed by hand from the reviewer's wanted wording and the rules it names, never read
from the code under test:

- M1: an old flag whose step is only a record (an open severe CIWA-Ar flag of 20 Nov 2026, the CIWA-Ar scored again
  today) never hides a finding of today: a past withdrawal seizure or delirium tremens, or a PAWSS of 4 or more, keeps
  its own step ("medical review before deciding the setting: ... (3.7-WM) unless ...") and "only if the review records
  why ambulatory care is safe"; a "below" clause names the finding that calls for the rating and is never moved into
  the record sentence (ASAM 2020 alcohol withdrawal guideline, Rec II.1, II.5, III.1; Maldonado et al. 2014, PAWSS).
- S1: a step that only records is the last sentence, alone too ("Recommended: ... Also record ...").
- S2: dimension 1 rated 0 with withdrawal in a treatment band today: "withdrawal management today: 3.7-WM ... unless a
  mitigation is recorded and medically reviewed; never 1-WM" (the rule is fixed, one "never", the "below" clause said
  once).
- S3: signs below the treatment band today (CIWA-Ar 3 or 5) beside a high risk: "no withdrawal medication at today's
  CIWA-Ar of 5; re-score before the patient leaves; if signs increase or use resumes: never 1-WM; 3.7-WM ..." (ASAM
  2020, Rec III.3: serial CIWA-Ar ratings, treatment on the current score; Sullivan et al. 1989).

Physician review 6 changed two of these texts (tests/test_placement_headline_review7.py): S2 says the rule as the
rated-1 plan does ("3.7-WM ..., or 2-WM once a mitigation is recorded and medically reviewed; never 1-WM"), and S3,
under a high risk, says preventive withdrawal medication as the medical review decides, never "no withdrawal
medication" (ASAM 2020, Rec IV.13-IV.14); the expected strings below follow.

The reviewer's S3 text shortens the rule to "3.7-WM unless ..."; the headline names the level in full, as S2's wanted
text and every other plan clause do ("3.7-WM medically monitored inpatient withdrawal management").
"""

import datetime as dt
from dataclasses import replace

import pytest

import iopkit
from iopkit.placement import FirstStep, recommend, suggest_dimensions
from iopkit.placement.recommendation import below_suggested_withdrawal_management
from iopkit.placement.suggest import total_today

from .intoxication_screens import INSISTS, NOT_CLEARED_CIWA, SCREEN_ALCOHOL, SCREEN_OPIOID, STAY, r32a
from .test_placement_review_r38_home import HOME_ALCOHOL, HOME_OPIOIDS

PLACED = dt.date(2026, 12, 2)
REST = {2: 0, 3: 1, 4: 1, 5: 1, 6: 1}
SEIZURE = {"prior_withdrawal_seizure_or_dt": True}
LOW_RISK = {"pawss": 2, "prior_withdrawal_seizure_or_dt": False}

CIWA_24 = [4, 3, 3, 3, 2, 2, 2, 2, 3, 0]  # 24: severe (Sullivan et al. 1989: 15 or more), no hallucination at 4
CIWA_13 = [2, 2, 2, 2, 1, 1, 1, 1, 1, 0]  # 13: moderate (ASAM 2020: 10-18)
CIWA_5 = [1, 1, 1, 1, 0, 0, 0, 0, 1, 0]  # 5: mild, no treatment band
CIWA_3 = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0]  # 3: mild, no treatment band
COWS_19 = [2, 2, 3, 2, 2, 2, 2, 2, 2, 0, 0]  # 19: moderate (Wesson & Ling 2003: 13-24)
COWS_44 = [4, 4, 5, 5, 4, 4, 5, 4, 4, 2, 3]  # 44: severe (above 36)

LEVEL_1 = "Level 1 (Outpatient), under 9 h/week of clinical services"
RISK_REVIEW = (
    "medical review before deciding the setting: residential or inpatient withdrawal management (3.7-WM) unless the "
    "risk is mitigated and the reason recorded"
)
ONLY_IF_SAFE = "Then, only if the review records why ambulatory care is safe: "
RULE_37WM = (
    "3.7-WM medically monitored inpatient withdrawal management unless a mitigation is recorded and medically reviewed"
)
# S2 as physician review 6 (should-fix 4) words it, as the rated-1 plan says the rule
TODAY_37WM = (
    "3.7-WM medically monitored inpatient withdrawal management, or 2-WM once a mitigation is recorded and medically "
    "reviewed"
)
RECORD = (
    "Also record what was done about the CIWA-Ar flag of 20 Nov 2026 (today's CIWA-Ar, {total}, is the current score)"
)
ASKS = " and ask whether a seizure or confusion followed it (it counts in the withdrawal risk)"
TREAT_CIWA = (
    "a prescriber's review before the patient leaves: "
    + SCREEN_ALCOHOL
    + "treat withdrawal with medication (CIWA-Ar 10 or more; consider "
    "at 8-9); re-score the CIWA-Ar "
    "within 1 hour of a dose and at the end of the visit"
    # physician review R16 (session 15), the ruling on C03 and C33: after the re-score clause, its words
    "; if a dose is given: the patient must not drive today"
)


def _ciwa(answers):
    return iopkit.score("ciwa_ar", answers)


def _old_flag_and_today(today, *cows, **facts):
    """An open severe CIWA-Ar flag of 20 Nov 2026 (as the placement page passes it) and today's scores."""
    flag = next(f for f in _ciwa(CIWA_24).flags if f.code == "severe_alcohol_withdrawal")
    old = replace(flag, message=f"{flag.message} (CIWA-Ar of 20 Nov 2026, not resolved)")
    scores = [_ciwa(today), *(iopkit.score("cows", c) for c in cows)]
    return suggest_dimensions(
        scores,
        scored_on={s.instrument: PLACED for s in scores},
        today=PLACED,
        older_open_flags=[old],
        **facts,
    )


def _no_signs_clause(total):
    # S3: signs below the treatment band today (ASAM 2020, Rec III.3: serial ratings, treat on the current score); under
    # a high risk, preventive medication as the medical review decides (Rec IV.13-IV.14; physician review 6, must-fix 1)
    return (
        f"CIWA-Ar of {total} today: preventive withdrawal medication as the medical review decides (a high risk of "
        "complicated withdrawal calls for it while withdrawal may still develop); re-score before the patient leaves; "
        f"if signs increase or use resumes: never 1-WM; {RULE_37WM}"
    )


# --- M1: an old flag's record never hides the risk of complicated withdrawal ---------------------------------------


def test_m1_an_old_flag_with_a_past_seizure_rated_0_leads_with_the_risk_review_not_the_record():
    # M1 rule: the past withdrawal seizure calls for the 3 (3.7-WM unless mitigated: ASAM 2020, Rec II.5, III.1), not
    # today's CIWA-Ar of 3; the record is the last sentence, without the rating clause (physician review 5)
    r = recommend({1: 0, **REST}, suggested=_old_flag_and_today(CIWA_3, **SEIZURE))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    assert r.headline == (
        "First: medical review before deciding the setting: residential or inpatient withdrawal management (3.7-WM) "
        "unless the risk is mitigated and the reason recorded (Past withdrawal seizure or delirium tremens: dimension "
        "1 rated 0, below the 3 it calls for). Then, only if the review records why ambulatory care is safe: Level 1 "
        "(Outpatient), under 9 h/week of clinical services; CIWA-Ar of 3 today: preventive withdrawal medication as "
        "the medical review decides (a high risk of complicated withdrawal calls for it while withdrawal may still "
        "develop); re-score before the patient leaves; if signs increase or use resumes: never 1-WM; 3.7-WM medically "
        "monitored inpatient withdrawal management unless a mitigation is recorded and medically reviewed. Also record "
        "what was done about the CIWA-Ar flag of 20 Nov 2026 (today's CIWA-Ar, 3, is the current score)."
    )


@pytest.mark.parametrize(
    "d1, plan",
    [
        (
            1,
            "; with 2-WM ambulatory withdrawal management with extended on-site monitoring (not 1-WM: past withdrawal "
            "seizure or delirium tremens); otherwise 3.7-WM medically monitored inpatient withdrawal management",
        ),
        (
            2,
            "; with 2-WM ambulatory withdrawal management with extended on-site monitoring; otherwise 3.7-WM medically "
            "monitored inpatient withdrawal management",
        ),
    ],
)
def test_m1_an_old_flag_with_a_past_seizure_rated_1_or_2_keeps_the_condition_and_the_default(d1, plan):
    # M1 rule: below the 3 a past seizure calls for, the plan follows only if the review records why ambulatory care is
    # safe, 3.7-WM otherwise, never 1-WM (ASAM 2020, Rec II.5, III.1; iopkit's rule for a high risk)
    r = recommend({1: d1, **REST}, suggested=_old_flag_and_today(CIWA_3, **SEIZURE))
    assert r.headline == (
        f"First: {RISK_REVIEW} (Past withdrawal seizure or delirium tremens: dimension 1 rated {d1}, below the 3 it "
        f"calls for). {ONLY_IF_SAFE}{LEVEL_1}{plan}. {RECORD.format(total=3)}."
    )


def test_m1_an_old_flag_with_a_pawss_of_5_rated_0_names_the_pawss_as_what_calls_for_the_3():
    # M1 rule: a PAWSS of 4 or more is a high risk of complicated withdrawal (Maldonado et al. 2014; ASAM 2020, Rec
    # II.5): it, not today's CIWA-Ar of 3, calls for the 3
    r = recommend({1: 0, **REST}, suggested=_old_flag_and_today(CIWA_3, pawss=5, prior_withdrawal_seizure_or_dt=False))
    assert r.headline == (
        f"First: {RISK_REVIEW} (PAWSS 5 (4 or more): dimension 1 rated 0, below the 3 it calls for). {ONLY_IF_SAFE}"
        f"{LEVEL_1}; {_no_signs_clause(3)}. {RECORD.format(total=3)}."
    )


def test_m1_an_old_flag_with_a_moderate_cows_the_cows_step_keeps_its_below_clause():
    # M1 rule: the 2 comes from the COWS of 19 (moderate, Wesson & Ling 2003; ASAM 2020 OUD guideline: treat it), so
    # its step's brackets say it; the record sentence says no rating (physician review 5)
    r = recommend({1: 0, **REST}, suggested=_old_flag_and_today(CIWA_3, COWS_19, **LOW_RISK))
    # physician review R32 (a): an ambulatory step's hold gives its next step; R35 S3: "the scores", the case standing
    # a CIWA-Ar flag (the severe one of 20 Nov 2026) and a COWS flag (was: "the score", read from the text's words)
    home = (
        f"{STAY.replace('the score ', 'the scores ')}; {NOT_CLEARED_CIWA}; the patient must not drive today; {INSISTS}"
    )
    assert r.headline.startswith(
        "First: a prescriber's review before the patient leaves: "
        + SCREEN_OPIOID.replace("no dose here (the patient must not drive today)", f"no dose now ({home})")
        + "treat withdrawal as the prescriber decides, with "
    ), r.headline
    # R38 M2: rated 0, how the patient dosed on site goes home, as a routine rating says it (was: none)
    assert r.headline.endswith(
        f"pregnancy){HOME_OPIOIDS} (COWS 13-24 (moderate withdrawal): dimension 1 rated 0, below the 2 it calls for). "
        "Then, unless "
        "the review finds more: Level 1 (Outpatient), under 9 h/week of clinical services. Also record what was done "
        "about the CIWA-Ar flag of 20 Nov 2026 (today's CIWA-Ar, 3, is the current score) and ask whether a seizure or "
        "confusion followed it (it counts in the withdrawal risk)."
    )
    assert "today's CIWA-Ar calls for" not in r.headline


def test_m1_an_old_flag_with_a_moderate_ciwa_ar_and_a_past_seizure_keeps_the_risk_review():
    # M1 rule: a moderate CIWA-Ar of today gets its prescriber's review (ASAM 2020: 10 or more should receive
    # medication) and the past seizure its medical review before deciding the setting (Rec II.5, III.1)
    r = recommend({1: 0, **REST}, suggested=_old_flag_and_today(CIWA_13, **SEIZURE))
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline == r32a(
        # R38 M2: rated 0, how the patient dosed on site goes home, as a routine rating says it (was: none)
        f"First: {TREAT_CIWA}; {RISK_REVIEW}{HOME_ALCOHOL} (dimension 1 rated 0, below the 3 that a past withdrawal "
        "seizure or "
        "delirium tremens calls for and the 2 that a CIWA-Ar in the moderate withdrawal band calls for). "
        f"{ONLY_IF_SAFE}{LEVEL_1}; withdrawal "
        f"management today: {TODAY_37WM}; never 1-WM. {RECORD.format(total=13)}."
    )


def test_m1_the_withdrawal_management_warning_and_the_rating_below_flag_name_the_past_seizure():
    # M1 rule on the other texts naming the plan's withdrawal management (the page, the summary) and on the
    # rating-below flag: the past seizure calls for the 3.7-WM, and its medical review is the flag's step
    r = recommend({1: 0, **REST}, suggested=_old_flag_and_today(CIWA_3, **SEIZURE))
    assert below_suggested_withdrawal_management(r) == (
        "below the 3.7-WM that past withdrawal seizure or delirium tremens calls for"
    )
    (below,) = (f for f in r.flags if f.code == "rated_below_suggestion_d1")
    assert below.action == (
        "Medical review before deciding the setting: residential or inpatient withdrawal management (3.7-WM) unless "
        "the risk is mitigated and the reason recorded; record the reason for the lower rating with the placement "
        "decision"
    )


def test_m1_a_severe_cows_and_a_past_seizure_the_3_is_said_of_both_not_of_the_cows_alone():
    # M1 rule: a COWS above 36 calls for a 2 (a prescriber treats withdrawal now: ASAM 2020 OUD guideline), the past
    # seizure for the 3; both steps are named, and the 3 is never said of the COWS alone
    r = recommend({1: 0, **REST}, suggested=suggest_dimensions([iopkit.score("cows", COWS_44)], **SEIZURE))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline.startswith(
        r32a("First: " + SCREEN_OPIOID + "a prescriber treats withdrawal now, before the patient leaves: ")
    )
    assert r.headline.endswith(
        "flag); medical review before deciding the setting: residential or inpatient withdrawal management "
        "(3.7-WM) unless the risk is mitigated and the reason recorded"
        # R38 M2: rated 0, how the patient dosed on site goes home, as a routine rating says it (was: none)
        f"{HOME_OPIOIDS} (dimension 1 rated 0, below the 3 that a past "
        "withdrawal seizure or delirium tremens calls for and the 2 that a COWS above 36 (severe opioid withdrawal) "
        "calls for). Then, only if the "
        "review records why ambulatory care is safe: Level 1 (Outpatient), under 9 h/week of clinical services; "
        "withdrawal management today: 3.7-WM medically monitored inpatient withdrawal management, or 2-WM once a "
        "mitigation is recorded and medically reviewed; never 1-WM; score a CIWA-Ar before the patient leaves "
        "(tremor, sweating and anxiety may also be alcohol or sedative withdrawal)."
    )
    assert "withdrawal): dimension 1 rated 0, below the 3 it calls for" not in r.headline


# --- S1: a record-only step is the last sentence, alone too --------------------------------------------------------


def test_s1_alone_the_record_follows_the_plan_and_asks_what_followed_the_old_severe_score():
    # S1 rule: a record is paperwork, never the first step (physician review 5); the rating below names today's score
    # (both scales rate the signs at the time of rating: Sullivan et al. 1989; ASAM 2020, Rec III.3) with the plan; with
    # no high risk known, a seizure or confusion after the severe CIWA-Ar is asked (ASAM 2020, Rec II.5)
    r = recommend({1: 0, **REST}, suggested=_old_flag_and_today(CIWA_3, **LOW_RISK))
    assert r.first_step is None
    assert r.headline == (
        "Recommended: Level 1 (Outpatient), under 9 h/week of clinical services (dimension 1 rated 0, below the 1 "
        "today's CIWA-Ar of 3 calls for). Also record what was done about the CIWA-Ar flag of 20 Nov 2026 (today's "
        "CIWA-Ar, 3, is the current score) and ask whether a seizure or confusion followed it (it counts in the "
        "withdrawal risk)."
    )


# --- S2: withdrawal in a treatment band today, dimension 1 rated 0 --------------------------------------------------


def test_s2_a_moderate_ciwa_ar_and_a_past_seizure_rated_0_says_the_fixed_rule_once():
    # S2 rule: withdrawal present today under a high risk (ASAM 2020, Rec II.5, III.1): 3.7-WM unless a mitigation is
    # recorded and medically reviewed, never 1-WM; the "below" clause once, in the first step's brackets
    r = recommend({1: 0, **REST}, suggested=suggest_dimensions([_ciwa(CIWA_13)], **SEIZURE))
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline == r32a(
        "First: a prescriber's review before the patient leaves: "
        + SCREEN_ALCOHOL
        + "treat withdrawal with medication (CIWA-Ar 10 or "
        "more; consider at 8-9); re-score "
        "the CIWA-Ar within 1 hour of a dose and at the end of the visit"
        # physician review R16 (session 15), the ruling on C03 and C33: after the re-score clause, its words
        "; if a dose is given: the patient must not drive today"
        "; medical review before deciding the setting: "
        "residential or inpatient withdrawal management (3.7-WM) unless the risk is mitigated and the reason recorded"
        # R38 M2: rated 0, how the patient dosed on site goes home, as a routine rating says it (was: none)
        f"{HOME_ALCOHOL} "
        "(dimension 1 rated 0, below the 3 that a past withdrawal seizure or delirium tremens calls for and the 2 "
        "that a CIWA-Ar in the moderate withdrawal band calls for). Then, only if the review records why ambulatory "
        "care is safe: Level 1 "
        "(Outpatient), under 9 h/week of clinical services; withdrawal management today: 3.7-WM medically monitored "
        "inpatient withdrawal management, or 2-WM once a mitigation is recorded and medically reviewed; never 1-WM."
    )
    assert r.headline.count("below the 3") == 1 and "as the prescriber's review decides" not in r.headline


def test_s2_a_moderate_cows_and_a_past_seizure_rated_0_says_the_fixed_rule_once():
    # S2 rule, beside a COWS of 19 (moderate opioid withdrawal, treated: ASAM 2020 OUD guideline)
    r = recommend({1: 0, **REST}, suggested=suggest_dimensions([iopkit.score("cows", COWS_19)], **SEIZURE))
    assert r.headline.endswith(
        "(dimension 1 rated 0, below the 3 that a past withdrawal seizure or delirium tremens calls for and the 2 "
        "that a COWS 13-24 (moderate withdrawal) calls for). Then, only if the review records why ambulatory care is "
        "safe: Level 1 (Outpatient), "
        "under 9 h/week of clinical services; withdrawal management today: 3.7-WM medically monitored inpatient "
        "withdrawal management, or 2-WM once a mitigation is recorded and medically reviewed; never 1-WM; score a "
        "CIWA-Ar before the patient leaves (tremor, sweating and anxiety may also be alcohol or sedative withdrawal)."
    )


# --- S3: signs below the treatment band today beside a high risk ----------------------------------------------------


@pytest.mark.parametrize("answers, total", [(CIWA_5, 5), (CIWA_3, 3)])
def test_s3_a_mild_ciwa_ar_of_today_and_a_past_seizure_never_says_none_needed(answers, total):
    # S3 rule: signs are present today (CIWA-Ar above 0), below the band that calls for medication (ASAM 2020: 10 or
    # more should receive it): a re-score before the patient leaves, the high-risk rule if they increase; under the high
    # risk, preventive medication as the medical review decides (Rec IV.13-IV.14; physician review 6)
    r = recommend({1: 0, **REST}, suggested=suggest_dimensions([_ciwa(answers)], **SEIZURE))
    assert r.headline == (
        "First: medical review before deciding the setting: residential or inpatient withdrawal management (3.7-WM) "
        "unless the risk is mitigated and the reason recorded (Past withdrawal seizure or delirium tremens: dimension "
        "1 rated 0, below the 3 it calls for). Then, only if the review records why ambulatory care is safe: Level 1 "
        f"(Outpatient), under 9 h/week of clinical services; CIWA-Ar of {total} today: preventive withdrawal "
        "medication as the medical review decides (a high risk of complicated withdrawal calls for it while withdrawal "
        "may still develop); re-score before the patient leaves; if signs increase or use resumes: never 1-WM; 3.7-WM "
        "medically monitored inpatient withdrawal management unless a mitigation is recorded and medically reviewed."
    )
    assert "no withdrawal management needed" not in r.headline


def test_s3_dimension_1_suggestion_carries_todays_ciwa_ar_total_under_a_higher_rule():
    # S3's source: the past seizure's suggestion (3) is kept; today's CIWA-Ar total still travels with it, and a
    # CIWA-Ar of another day is never read as today's signs (Sullivan et al. 1989: signs at the time of rating)
    kept = suggest_dimensions([_ciwa(CIWA_5)], **SEIZURE)[1]
    assert kept.rating == 3 and kept.reason.endswith("; CIWA-Ar of today: total 5")
    assert total_today(kept, "ciwa_ar") == 5
    old = suggest_dimensions([_ciwa(CIWA_5)], scored_on={"ciwa_ar": dt.date(2026, 11, 20)}, today=PLACED, **SEIZURE)[1]
    assert total_today(old, "ciwa_ar") is None
