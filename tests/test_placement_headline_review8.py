"""Physician review 6 (round 2) of the emergency and transfer texts of the placement headline and its flags: expected
texts typed by hand from the reviewer's wording, never copied from iopkit's output.

Rules and sources, one comment per test:

- A rating of 4 in dimensions 1-3 is imminent danger (ASAM Criteria 2013): a transfer now, the patient must not drive;
  dimension 1 to an emergency department or 4-WM, dimension 2 to an emergency department, dimension 3 an emergency
  psychiatric evaluation (no suicide-risk finding beside it: R5 should-fix 10) with staff beside the patient until
  handover (Joint Commission NPSG 15.01.01). The
  imminent-danger boxes say what the headline says.
- Beside a rating of 4 a dose before the transfer only if it does not delay the transfer and the reason for the rating
  allows it; buprenorphine only beside a COWS above 36 (the 72-hour rule, 21 CFR 1306.07(b), covers arranging a
  referral, not a transfer); no dose words with no withdrawal sign today (ASAM 2020 OUD and alcohol withdrawal
  guidelines).
- A severe CIWA-Ar (dimension 1 below 4): a first dose before the transfer if it does not delay it (ASAM 2020 alcohol
  withdrawal guideline, Rec VII.5: treat severe withdrawal immediately).
- A rating below a suggestion names each finding that calls for the rating ("it" for one, "they" for several); the
  rating-below flag names each finding with the rating it calls for, "critical" only on a critical flag, and its next
  step carries every step behind it (iopkit's own rule, physician review).
- Methadone outside an opioid treatment programme: given or dispensed on site, at most a 3-day supply while referral
  is arranged, not renewed or extended, never prescribed (21 CFR 1306.07(b) as amended 2023, 88 FR 53377).
"""

import iopkit
from iopkit.flags import OPIOID_AGONISTS
from iopkit.placement import FirstStep, recommend, suggest_dimensions

from .intoxication_screens import NEXT_TRANSFER, r32a
from .refusal_branches import (
    AT_4_STAFF_D1,
    AT_4_STAFF_D2,
    CIWA_TOLD,
    COWS_TOLD,
    MEDICAL_DECLINES,
    PSYCHIATRIC_DECLINES,
    STAFF_UNTIL_HANDOVER,
)

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

REST = {2: 0, 3: 1, 4: 1, 5: 1, 6: 1}
LOW_RISK = {"pawss": 2, "prior_withdrawal_seizure_or_dt": False}
SEIZURE = {"prior_withdrawal_seizure_or_dt": True}

CIWA_16 = [2, 2, 2, 2, 2, 2, 2, 1, 1, 0]  # 16: severe on iopkit's default bands (15+), moderate on ASAM 2020's (10-18)
CIWA_24 = [4, 4, 4, 4, 4, 0, 0, 0, 4, 0]  # 24: severe on both schemes
COWS_19 = [2, 2, 3, 2, 2, 2, 2, 2, 2, 0, 0]  # 19: 13-24, moderate (Wesson & Ling 2003)
COWS_44 = [4, 4, 5, 5, 4, 4, 5, 4, 4, 2, 3]  # 44: above 36, severe

RATED_4_PLAN = (
    "Then, as the evaluation decides: 4-WM medically managed intensive inpatient withdrawal management, then a "
    "reassessment of all six dimensions for treatment (on today's ratings at least Level 4 (Medically managed "
    "intensive inpatient))."
)
# dimension 1 below 3, no sign calling for 24-hour withdrawal management: any withdrawal managed within Level 4
# (physician review 8, MUST 3; ASAM Criteria 2013: the withdrawal-management level follows dimension 1)
WITHIN_4_PLAN = (
    "Then, as the evaluation decides: Level 4 (Medically managed intensive inpatient), any withdrawal managed within "
    "it."
)
# R11 should-fix 3 (c), exactly: the intoxication screen in front of a first dose beside a rating of 4; physician
# review R32 (a) (its four settings): a transfer now's hold tells the receiving team at handover (was: "(the patient
# must not drive today)")
SCREEN_AT_4 = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication); "
    f"if intoxicated: no dose here ({NEXT_TRANSFER}); otherwise "
)
# the same before a dose for alcohol withdrawal (thiamine and glucose: R16 should-fix S1), in a transfer now (R32 (a))
SCREEN_ALCOHOL_TRANSFER = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    f"thiamine and check blood glucose; if intoxicated: no dose here ({NEXT_TRANSFER}); otherwise "
)
AFTER_TRANSFER = (
    "Then, after medically managed withdrawal, reassess all six dimensions for treatment (on today's ratings at least "
    "Level 1 (Outpatient))."
)
SEVERE_CIWA_TRANSFER = (
    "First: emergency medical evaluation: arrange transfer now to medically managed withdrawal (ED, or 3.7-WM/4-WM)"
    + STAFF_UNTIL_HANDOVER  # physician review R16 (session 15), should-fix S8
    + MEDICAL_DECLINES
    + "; "
    + SCREEN_ALCOHOL_TRANSFER  # physician review R32 (a) (its four settings)
    + "a "
    "prescriber gives a first dose before transfer if it does not delay the transfer; at handover tell the "
    # R23a finding 2: the ruling's words, re-typed
    "receiving team the last CIWA-Ar score and any dose with its time; the patient must not drive; "
    "re-assess for seizures or delirium until handover"
)


def _cows(answers, dimensions, **facts):
    return recommend(dimensions, suggested=suggest_dimensions([iopkit.score("cows", answers)], **facts))


def _ciwa(answers, dimensions, **facts):
    return recommend(dimensions, suggested=suggest_dimensions([iopkit.score("ciwa_ar", answers)], **facts))


# --- SF1: the below clause of the severe transfer names each finding that calls for the rating ------------------------


def test_sf1_a_severe_ciwa_ar_and_a_past_seizure_both_call_for_3():
    # rule: a below clause names each finding calling for the rating, "they" for several (physician review);
    # CIWA-Ar severe band and a past withdrawal seizure both call for 3 (ASAM 2020 alcohol withdrawal guideline II.5)
    r = _ciwa(CIWA_24, {1: 0, **REST}, **SEIZURE)
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    assert r.headline == (
        f"{SEVERE_CIWA_TRANSFER} (CIWA-Ar 24 today: severe (15 or more on iopkit's default bands; 19 or more on ASAM "
        "2020's), past withdrawal seizure or delirium tremens: dimension 1 rated 0, below the 3 they call for). "
        f"{AFTER_TRANSFER}"
    )
    assert "a critical flag" not in r.headline


def test_sf1_a_ciwa_ar_of_16_alone_is_it():
    # rule: one finding, "it"; CIWA-Ar 16 severe on iopkit's default bands, moderate on ASAM 2020's (10-18)
    r = _ciwa(CIWA_16, {1: 2, **REST}, **LOW_RISK)
    assert r.headline == (
        f"{SEVERE_CIWA_TRANSFER} (CIWA-Ar 16 today: severe on iopkit's default bands (15 or more), moderate on ASAM "
        f"2020's (10-18): dimension 1 rated 2, below the 3 it calls for). {AFTER_TRANSFER}"
    )


# --- SF2: the imminent-danger boxes agree with the rated-4 headline --------------------------------------------------


def test_sf2_the_imminent_danger_boxes():
    # rule: ASAM Criteria 2013, a rating of 4 in dimensions 1-3 is imminent danger; Joint Commission NPSG 15.01.01
    wanted = {
        # physician review R6, should-fix 4: the capacity test in the boxes of dimensions 1 and 2 too
        1: "Arrange transfer now (ED, or 4-WM)" + MEDICAL_DECLINES + "; the patient must not drive",
        2: "Arrange transfer now (ED)" + MEDICAL_DECLINES + "; the patient must not drive",
        3: (
            "Emergency psychiatric evaluation now: arrange transfer now (ED); safety precautions, staff with the "
            "patient, until handover" + PSYCHIATRIC_DECLINES + "; the patient must not drive"
        ),
    }
    for dimension, action in wanted.items():
        r = recommend({**{d: 0 for d in range(1, 7)}, dimension: 4})
        (box,) = (f for f in r.flags if f.code == f"imminent_danger_d{dimension}")
        assert box.action == action
        assert box.severity == "critical"


# --- SF3: the rated-below flag names each finding with its rating -----------------------------------------------------


def test_sf3_the_rated_below_flag_names_each_finding_with_the_rating_it_calls_for_and_both_steps():
    # rule: name each finding with the rating it calls for, "critical" only on critical flags (physician review); a
    # past withdrawal seizure calls for 3 (ASAM 2020 alcohol withdrawal guideline II.5), a COWS above 36 for 2 (ASAM
    # 2020 OUD guideline: ambulatory with an opioid agonist); the box stays critical
    r = _cows(COWS_44, {1: 0, **REST}, **SEIZURE)
    (below,) = (f for f in r.flags if f.code == "rated_below_suggestion_d1")
    assert below.severity == "critical"
    assert below.message.startswith("Dimension 1 rated 0; scores suggest 3 (")
    # walk24 finding 6: each finding in its words, never its flag's code (was "calls for (complicated_withdrawal_risk)
    # and ... (severe_opioid_withdrawal, critical)"); "critical" still only on the critical finding
    assert below.message.endswith(
        "): below the 3 that a past withdrawal seizure or delirium tremens calls for and the 2 that a COWS above 36 "
        "calls for (critical)"
    )
    assert below.action.endswith(
        "; medical review before deciding the setting: residential or inpatient withdrawal management (3.7-WM) unless "
        "the risk is mitigated and the reason recorded"
        # physician review R31 M5: a box that may give a dose says its driving advice (before: none), after its steps
        "; if a dose is given: the patient must not drive today"
        "; record the reason for the lower rating with the placement decision"
    )
    # physician review R16 (session 15), must-fix M2: the headline's screen opens the box, before its dose verb
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert below.action.startswith(
        r32a(
            "Before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication); "
            "if "
            "intoxicated: no dose here (the patient must not drive today); otherwise treat withdrawal now, before the "
            "patient leaves, as the prescriber "
            "decides: ",
            below.action,
        )
    )


def test_sf3_a_warning_alone_is_not_called_critical():
    # rule: "critical" only on critical flags; a past seizure alone is a warning calling for 3
    r = _ciwa([1, 1, 1, 1, 0, 0, 0, 0, 1, 0], {1: 0, **REST}, **SEIZURE)
    (below,) = (f for f in r.flags if f.code == "rated_below_suggestion_d1")
    assert below.severity == "warning"
    # walk24 finding 6: no flag code after the finding (was "(complicated_withdrawal_risk)")
    assert below.message.endswith(": below the 3 that a past withdrawal seizure or delirium tremens calls for")
    assert "critical" not in below.message


# --- SF5: the severe CIWA-Ar step's first dose -----------------------------------------------------------------------


def test_sf5_the_severe_ciwa_ar_first_dose_does_not_delay_the_transfer():
    # rule: ASAM 2020 alcohol withdrawal guideline, Rec VII.5: treat severe withdrawal immediately, not holding the
    # transfer
    r = _ciwa(CIWA_24, {1: 3, **REST}, **LOW_RISK)
    assert r.headline.startswith(
        "First: emergency medical evaluation: arrange transfer now to medically managed withdrawal (ED, or "
        "3.7-WM/4-WM)"
        + STAFF_UNTIL_HANDOVER  # physician review R16 (session 15), should-fix S8
        + MEDICAL_DECLINES
        + "; "
        + SCREEN_ALCOHOL_TRANSFER  # physician review R32 (a) (its four settings)
        + "a prescriber gives a first dose before transfer if it does not delay the transfer; at handover tell the "
        # R23a finding 2: the ruling's words, re-typed
        "receiving team the last CIWA-Ar score and any dose with its time; "
        "the patient must not drive; "
    )
    assert "if able" not in r.headline


# --- SF6: the 72-hour rule -------------------------------------------------------------------------------------------


def test_sf6_the_72_hour_rule_is_not_renewed_or_extended():
    # rule: 21 CFR 1306.07(b) as amended 2023 (88 FR 53377)
    assert OPIOID_AGONISTS == (
        "buprenorphine, or methadone only in an opioid treatment programme or under the 72-hour rule (given or "
        "dispensed on site, at most a 3-day supply while referral is arranged, not renewed or extended; never "
        "prescribed)"
    )


# --- 2b: dimensions 1 and 3 rated 4 ----------------------------------------------------------------------------------


def test_2b_dimensions_1_and_3_rated_4_both_evaluations_in_one_setting_with_the_dose_for_a_moderate_cows():
    # rule: ASAM Criteria 2013 (imminent danger), Joint Commission NPSG 15.01.01 (staff with the patient), ASAM 2020
    # OUD guideline (treat withdrawal), the dose only if it does not delay the transfer
    r = _cows(COWS_19, {1: 4, 2: 0, 3: 4, 4: 1, 5: 1, 6: 1})
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    assert r.headline == (
        "First: emergency psychiatric evaluation and emergency medical evaluation in one setting that can manage "
        "both: arrange transfer now (ED); safety precautions, staff with the patient, until handover"
        + PSYCHIATRIC_DECLINES
        + "; the patient must not drive; "
        + SCREEN_AT_4
        + "a prescriber gives a first dose for today's withdrawal before transfer only if it does not delay "
        "the transfer and the reason for rating 4 allows it"
        # R23a finding 2: the last COWS score and any dose told at handover
        # R26b M2: why dimensions 1 and 3 were rated 4, first in the clause (the reviewer's words for case 658)
        "; at handover tell the receiving team why dimensions 1 and 3 were rated 4, the last COWS score and any dose "
        "with its time"
        " (dimension 3 rated 4, imminent danger; dimension 1 rated "
        f"4, imminent danger; COWS 13-24 (moderate withdrawal)). {RATED_4_PLAN}"
    )


def test_2b_with_no_withdrawal_sign_today_no_dose_words():
    # rule: no dose words with no withdrawal sign of today (physician review)
    r = recommend({1: 4, 2: 0, 3: 4, 4: 1, 5: 1, 6: 1})
    assert r.headline.startswith(
        "First: emergency psychiatric evaluation and emergency medical evaluation in one setting that can manage "
        "both: arrange transfer now (ED); safety precautions, staff with the patient, until handover"
        + PSYCHIATRIC_DECLINES
        + "; the patient must "
        # R26b M2: why dimensions 1 and 3 were rated 4 told at the transfer
        "not drive; at handover tell the receiving team why dimensions 1 and 3 were rated 4 "
        "(dimension 3 rated 4, imminent danger; dimension 1 rated 4, imminent danger). "
    )
    assert "dose" not in r.headline


# --- 2c: dimension 2 rated 4 -----------------------------------------------------------------------------------------


def test_2c_dimension_2_rated_4_beside_a_severe_cows_buprenorphine_only():
    # rule: ASAM Criteria 2013 (dimension 2 rated 4: ED); buprenorphine only, the 72-hour rule covers a referral
    r = _cows(COWS_44, {1: 2, 2: 4, 3: 1, 4: 1, 5: 1, 6: 1})
    # physician review R16 (session 15), the ruling on C23, C30
    assert r.headline == (
        "First: emergency medical evaluation: arrange transfer now (ED)"
        + AT_4_STAFF_D2
        + COWS_TOLD
        + MEDICAL_DECLINES
        + "; the patient must not drive; "
        + SCREEN_AT_4
        + "a prescriber "
        "gives buprenorphine for today's withdrawal before transfer only if it does not delay the transfer and the "
        "reason for rating 4 allows it (dimension 2 rated 4, imminent danger; COWS above 36 (severe opioid "
        f"withdrawal)). {WITHIN_4_PLAN}"
    )


def test_2c_dimension_2_rated_4_beside_a_moderate_cows_names_it_with_the_first_dose():
    # rule: COWS 13-24 moderate (Wesson & Ling 2003) treated with an opioid agonist (ASAM 2020 OUD guideline): named
    r = _cows(COWS_19, {1: 2, 2: 4, 3: 1, 4: 1, 5: 1, 6: 1})
    # physician review R16 (session 15), the ruling on C23, C30
    assert r.headline == (
        "First: emergency medical evaluation: arrange transfer now (ED)"
        + AT_4_STAFF_D2
        + COWS_TOLD
        + MEDICAL_DECLINES
        + "; the patient must not drive; "
        + SCREEN_AT_4
        + "a prescriber "
        "gives a first dose for today's withdrawal before transfer only if it does not delay the transfer and the "
        "reason for rating 4 allows it (dimension 2 rated 4, imminent danger; COWS 13-24 (moderate withdrawal)). "
        f"{WITHIN_4_PLAN}"
    )


def test_2c_dimension_2_rated_4_alone_says_the_transfer_and_no_dose():
    # rule: no dose words with no withdrawal sign of today
    r = recommend({1: 0, 2: 4, 3: 0, 4: 0, 5: 0, 6: 0})
    assert r.headline.startswith(
        "First: emergency medical evaluation: arrange transfer now (ED)"
        + AT_4_STAFF_D2  # physician review R16 (session 15), the ruling on C23
        + MEDICAL_DECLINES
        + "; the patient must not drive (dimension 2 rated "
        "4, imminent danger). "
    )


# --- 2d, 2e: dimension 1 rated 4 beside a severe sign of today -------------------------------------------------------


def test_2d_dimension_1_rated_4_beside_a_severe_ciwa_ar_reads_the_rated_4_transfer_and_plan():
    # rule: a rating of 4 rules out 3.7-WM as the target (ASAM Criteria 2013); Rec VII.5: treat severe withdrawal
    r = _ciwa(CIWA_24, {1: 4, **REST}, **LOW_RISK)
    # physician review R16 (session 15), the ruling on C22
    # thiamine and glucose before a dose for alcohol withdrawal (R16 should-fix S1)
    assert (
        r.headline
        == (
            "First: emergency medical evaluation: arrange transfer now (ED, or 4-WM)"
            + AT_4_STAFF_D1
            + CIWA_TOLD  # R23a finding 2
            + MEDICAL_DECLINES
            + "; the patient must not drive; "
            + SCREEN_ALCOHOL_TRANSFER  # physician review R32 (a) (its four settings)
            + "a prescriber gives a first dose for today's withdrawal before transfer only if it does not delay the "
            "transfer "
            "and the reason for rating 4 allows it; re-assess for seizures or delirium until handover "
            "(dimension 1 rated 4, imminent danger; CIWA-Ar 24 today: severe (15 or more on iopkit's default bands; "
            "19 or "
            f"more on ASAM 2020's)). {RATED_4_PLAN}"
        )
    )
    assert "3.7-WM" not in r.headline


def test_2e_dimension_1_rated_4_beside_a_severe_cows_buprenorphine_only():
    # rule: buprenorphine only (the 72-hour rule, 21 CFR 1306.07(b), covers arranging a referral, not a transfer)
    r = _cows(COWS_44, {1: 4, **REST})
    # physician review R16 (session 15), the ruling on C22, C30
    assert r.headline == (
        "First: emergency medical evaluation: arrange transfer now (ED, or 4-WM)"
        + AT_4_STAFF_D1
        + COWS_TOLD
        + MEDICAL_DECLINES
        + f"; the patient must not drive; {SCREEN_AT_4}a "
        "prescriber gives buprenorphine for today's withdrawal before transfer only if it does not delay the transfer "
        "and the reason for rating 4 allows it (dimension 1 rated 4, imminent danger; COWS above 36 (severe opioid "
        f"withdrawal)). {RATED_4_PLAN}"
    )
    assert "methadone" not in r.headline
