"""Physician review 6 of the placement headline and the COWS flags: expected texts typed by hand, never copied from
iopkit's output.

M2, S5. Dimension 1 rated 4 is imminent danger (ASAM Criteria 2013): medically managed intensive inpatient services,
reached by a transfer now. The headline says the transfer and that the patient must not drive, whatever else is
found today. Beside a moderate withdrawal sign of today (CIWA-Ar moderate band: ASAM 2020 alcohol withdrawal
guideline, 10-18 moderate, should receive medication; COWS 13-24, Wesson & Ling 2003, treated with an opioid agonist,
ASAM 2020 OUD guideline) a first dose comes before the transfer only if it does not delay it and the reason for the
rating allows it; beside a COWS above 36 (severe, Wesson & Ling 2003) withdrawal is treated before the transfer if that
does not delay it (buprenorphine); with no withdrawal sign of today, no dose wording at all (iopkit's own wording,
physician review).

S4. iopkit's default CIWA-Ar bands (under 8 mild, 8-14 moderate, 15 or more severe) are Sullivan-DERIVED: the 1989 form
(Sullivan et al. 1989) says only that scores under 10 usually need no additional medication; the cut-offs come from
later protocol pages quoting it. So the severe band is never attributed to Sullivan et al. 1989: it is named with
today's total, "iopkit's default bands", and ASAM 2020's band of the same total (under 10 mild, 10-18 moderate, 19 or
more severe: ASAM 2020 alcohol withdrawal guideline); on ASAM 2020's scheme only its band.

S6. Methadone for opioid withdrawal outside an opioid treatment programme: administered or dispensed, never
prescribed, at most a three-day supply at one time, while referral for treatment is arranged (21 CFR 1306.07(b), the
"72-hour rule", as amended by the final rule of 8 August 2023, 88 FR 53377). One wording (iopkit.flags.OPIOID_AGONISTS),
read by the COWS flags and the headline, with no brackets nested inside brackets.
"""

import iopkit
from iopkit.flags import OPIOID_AGONISTS
from iopkit.placement import FirstStep, recommend, suggest_dimensions
from iopkit.placement.suggest import severe_band_words

from .intoxication_screens import NEXT_TRANSFER, SCREEN_ALCOHOL, SCREEN_OPIOID, r32a
from .overdose_words import starts_asked_r32a
from .refusal_branches import AT_4_STAFF_D1, CIWA_TOLD, COWS_TOLD, MEDICAL_DECLINES, STAFF_UNTIL_HANDOVER

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

REST = {2: 0, 3: 1, 4: 1, 5: 1, 6: 1}
LOW_RISK = {"pawss": 2, "prior_withdrawal_seizure_or_dt": False}

CIWA_13 = [2, 2, 2, 2, 1, 1, 1, 1, 1, 0]  # 13: moderate on both schemes; items 6-8 below 4, oriented
CIWA_16 = [2, 2, 2, 2, 2, 2, 2, 1, 1, 0]  # 16: severe on iopkit's default bands (15+), moderate on ASAM 2020's
CIWA_24 = [4, 4, 4, 4, 4, 0, 0, 0, 4, 0]  # 24: severe on both schemes
CIWA_28_HALLUCINATING = [4, 4, 4, 4, 4, 4, 0, 0, 4, 0]  # 28; item 6 at 4: moderately severe hallucinations
CIWA_5 = [1, 1, 1, 1, 0, 0, 0, 0, 1, 0]  # 5: mild
COWS_19 = [2, 2, 3, 2, 2, 2, 2, 2, 2, 0, 0]  # 19: 13-24, moderate (Wesson & Ling 2003)
COWS_44 = [4, 4, 5, 5, 4, 4, 5, 4, 4, 2, 3]  # 44: above 36, severe

# Rule M2/S5 (ASAM Criteria 2013, dimension 1 rated 4; physician review): the transfer and no driving
# (staff with the patient until handover and the receiving team told why: physician review R16, session 15, the
# ruling on C22, C30; beside a COWS, its score and any dose too)
TRANSFER = (
    "First: emergency medical evaluation: arrange transfer now (ED, or 4-WM)"
    + AT_4_STAFF_D1
    + MEDICAL_DECLINES
    + "; the patient must not drive"
)
TRANSFER_COWS = TRANSFER.replace(AT_4_STAFF_D1, AT_4_STAFF_D1 + COWS_TOLD)
# R23a finding 2: beside a first dose for alcohol withdrawal, the last CIWA-Ar score and any dose told
TRANSFER_CIWA = TRANSFER.replace(AT_4_STAFF_D1, AT_4_STAFF_D1 + CIWA_TOLD)
#: R65 F2: refusal_branches.CIWA_TOLD where the text screens for delirium (CAM or 4AT) (was: ", the last CIWA-Ar score
#: and any dose with its time"); CIWA_TOLD itself stays for the texts that name no delirium screen
CIWA_TOLD_SCREENED = ", the last CIWA-Ar score, the delirium screen and any dose with its time"
TRANSFER_UNTOLD = TRANSFER.replace("; at handover tell the receiving team why dimension 1 was rated 4", "")
# R11 should-fix 3 (c), exactly: the intoxication screen in front of a first dose beside a rating of 4; physician
# review R32 (a) (its four settings): a transfer now's hold tells the receiving team at handover (was: "(the patient
# must not drive today)")
SCREEN_AT_4_TRANSFER = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication); "
    f"if intoxicated: no dose here ({NEXT_TRANSFER}); otherwise "
)
# the same before a dose for alcohol withdrawal (thiamine and glucose: R16 should-fix S1), in a transfer now (R32 (a))
SCREEN_ALCOHOL_TRANSFER = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    f"thiamine and check blood glucose; if intoxicated: no dose here ({NEXT_TRANSFER}); otherwise "
)
FIRST_DOSE_AT_4 = (
    "a prescriber gives a first dose for today's withdrawal before transfer only if it does not delay the transfer "
    "and the reason for rating 4 allows it"
)
RATED_4_PLAN = (
    "Then, as the evaluation decides: 4-WM medically managed intensive inpatient withdrawal management, then a "
    "reassessment of all six dimensions for treatment (on today's ratings at least Level 4 (Medically managed "
    "intensive inpatient))."
)
# Rule: a severe CIWA-Ar of today is a transfer to medically managed withdrawal (ASAM 2020 alcohol withdrawal
# guideline, Rec VII.5, VII.8); unchanged by this review
CIWA_TRANSFER = (
    "First: emergency medical evaluation: arrange transfer now to medically managed withdrawal (ED, or 3.7-WM/4-WM)"
    + STAFF_UNTIL_HANDOVER  # physician review R16 (session 15), should-fix S8
    + MEDICAL_DECLINES
    + "; "
    + SCREEN_ALCOHOL_TRANSFER  # physician review R32 (a) (its four settings): the receiving team told at handover
    + "a "
    "prescriber gives a first dose before transfer if it does not delay the transfer; at handover tell the "
    # R23a finding 2: the ruling's words, re-typed
    "receiving team the last CIWA-Ar score and any dose with its time; the patient must not drive; "
    "re-assess for seizures or delirium until handover"
)
AFTER_TRANSFER = (
    "Then, after medically managed withdrawal, reassess all six dimensions for treatment (on today's ratings at least "
    "Level 1 (Outpatient))."
)
# Rule S6 (21 CFR 1306.07(b) as amended 2023, 88 FR 53377)
AGONISTS = (
    "buprenorphine, or methadone only in an opioid treatment programme or under the 72-hour rule (given or dispensed "
    "on site, at most a 3-day supply while referral is arranged, not renewed or extended; never prescribed)"
)
# the headline says it shorter, beside the COWS flag whose box keeps it (physician review 7)
AGONISTS_HEADLINE = "buprenorphine, or methadone as the COWS flag says"
ESCALATE = (
    "arrange medically managed withdrawal or a higher level of care only for a complicating condition (medical or "
    "psychiatric instability, co-occurring alcohol or benzodiazepine withdrawal, pregnancy)"
)
ESCALATE_SEVERE = (  # the severe COWS flag lists every complicating condition (physician review 7)
    "arrange medically managed withdrawal or a higher level of care only for a complicating condition (vomiting or "
    "diarrhoea with fluids not kept down, unstable vital signs, other medical or psychiatric instability, pregnancy, "
    "alcohol or benzodiazepine withdrawal alongside, precipitated withdrawal that does not settle, delirium)"
)


def _deepest_bracket(text: str) -> int:
    depth = deepest = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        deepest = max(deepest, depth)
    return deepest


# --- M2: dimension 1 rated 4 beside a moderate sign of today ---------------------------------------------------------


def test_rated_4_beside_a_moderate_ciwa_ar_says_the_transfer_no_driving_and_the_conditional_first_dose():
    r = recommend({1: 4, **REST}, suggested=suggest_dimensions([iopkit.score("ciwa_ar", CIWA_13)], **LOW_RISK))
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    # thiamine and glucose before a dose for alcohol withdrawal (R16 should-fix S1); physician review R32 (a) (its
    # four settings): a transfer now's hold tells the receiving team at handover
    assert r.headline == (
        f"{TRANSFER_CIWA}; {SCREEN_ALCOHOL_TRANSFER}a prescriber gives a first dose for today's withdrawal before "
        "transfer only if it does not delay the transfer and the reason for rating 4 allows it (dimension 1 rated 4, "
        f"imminent danger; CIWA-Ar in the moderate withdrawal band). {RATED_4_PLAN}"
    )


def test_rated_4_beside_a_moderate_cows_says_the_same():
    r = recommend({1: 4, **REST}, suggested=suggest_dimensions([iopkit.score("cows", COWS_19)]))
    # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team at handover
    assert r.headline == (
        f"{TRANSFER_COWS}; {SCREEN_AT_4_TRANSFER}{FIRST_DOSE_AT_4} (dimension 1 rated 4, imminent danger; COWS 13-24 "
        "(moderate withdrawal)). "
        f"{RATED_4_PLAN}"
    )


def test_rated_4_beside_a_moderate_ciwa_ar_and_a_suicide_risk_names_both_after_the_transfer():
    # R30b S7: beside a positive PHQ-9 item 9 each screen asks about an overdose or ingestion first (overdose_words)
    phq9 = iopkit.score("phq9", [1] * 9)  # item 9 at 1: a same-day suicide risk assessment
    s = suggest_dimensions([iopkit.score("ciwa_ar", CIWA_13), phq9], **LOW_RISK)
    r = recommend({1: 4, 2: 0, 3: 2, 4: 1, 5: 1, 6: 1}, suggested=s)
    # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team at handover
    assert starts_asked_r32a(
        r.headline,
        # thiamine and glucose before a dose for alcohol withdrawal (R16 should-fix S1)
        # R23a findings 2, 4, 7 (c), (d): one handover clause, why dimension 1 was rated 4 and the last CIWA-Ar score
        # and any dose in it before the screen
        f"{TRANSFER_UNTOLD}; {SCREEN_ALCOHOL}{FIRST_DOSE_AT_4}; at handover tell the receiving team why dimension 1 "
        "was "
        "rated 4, the last CIWA-Ar score and any dose with its time, that today's PHQ-9 item 9 was positive, and ask "
        # R23a finding 7 (c), (d): the ruling's words, re-typed
        "them for a suicide risk assessment once the patient is able to answer, without delaying the transfer "
        "(dimension 1 rated 4, imminent danger; "
        "CIWA-Ar in the moderate withdrawal band; suicidal ideation). ",
    )


# --- S5: dimension 1 rated 4 beside a COWS above 36, or no sign of today ---------------------------------------------


def test_rated_4_beside_a_severe_cows_treats_withdrawal_before_the_transfer():
    r = recommend({1: 4, **REST}, suggested=suggest_dimensions([iopkit.score("cows", COWS_44)]))
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team at handover
    assert r.headline == (
        f"{TRANSFER_COWS}; {SCREEN_AT_4_TRANSFER}a "
        "prescriber gives buprenorphine for today's withdrawal before transfer only if it does not delay the transfer "
        "and the reason for rating 4 allows it (dimension 1 rated 4, imminent danger; COWS above 36 (severe opioid "
        f"withdrawal)). {RATED_4_PLAN}"
    )


def test_rated_4_with_no_withdrawal_sign_today_still_says_the_transfer_and_no_driving_and_no_dose():
    for scores in ([], [iopkit.score("ciwa_ar", CIWA_5)]):
        r = recommend({1: 4, **REST}, suggested=suggest_dimensions(scores, **LOW_RISK))
        assert r.headline == f"{TRANSFER} (dimension 1 rated 4, imminent danger). {RATED_4_PLAN}"
        # R73 item 1: the capacity clause's own "any dose as the prescriber decides" left out
        headline = r.headline.replace("; any dose as the prescriber decides", "")
        assert "dose" not in headline and "treats withdrawal" not in headline


def test_rated_4_beside_complicated_withdrawal_and_a_severe_ciwa_ar_keeps_the_severe_transfer_and_names_the_band():
    # physician review 6 round 2 (2d): a rating of 4 rules out 3.7-WM as the target; the rated-4 wording and plan
    r = recommend({1: 4, **REST}, suggested=suggest_dimensions([iopkit.score("ciwa_ar", CIWA_28_HALLUCINATING)]))
    # physician review R6 (session 11), must-fix 2: complicated withdrawal beside a rating of 4 keeps staff with the
    # patient and puts the dose behind the screen before any dose (the reviewer's words, typed)
    assert r.headline == (
        # R75 3a (was: "arrange transfer now (ED, or 4-WM)")
        "First: emergency medical evaluation: arrange transfer now by emergency services (ED, or 4-WM); staff with the "
        "patient until "
        # (the receiving team told why: physician review R16, session 15, the ruling on C22)
        "handover; at handover tell the receiving team why dimension 1 was rated 4"
        f"{CIWA_TOLD_SCREENED}"  # R23a finding 2; R65 F2: the delirium screen too
        f"{MEDICAL_DECLINES}; the patient must not drive; before any dose: screen for delirium (CAM or 4AT) "
        "and intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check "
        "blood glucose; if delirium or intoxication: no dose here (delirium: to the ED by emergency services; "
        # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team at handover
        f"intoxication: {NEXT_TRANSFER}); "
        f"otherwise {FIRST_DOSE_AT_4}; re-assess for seizures or delirium until handover (dimension 1 "
        "rated 4, imminent danger; complicated withdrawal; CIWA-Ar 28 today: severe (15 or more on iopkit's default "
        f"bands; 19 or more on ASAM 2020's)). {RATED_4_PLAN}"
    )
    assert "severe alcohol withdrawal" not in r.headline


# --- S4: the severe CIWA-Ar band named with its total and iopkit's default bands -------------------------------------


def test_a_severe_ciwa_ar_on_both_schemes_names_its_total_and_both_bands():
    r = recommend({1: 2, **REST}, suggested=suggest_dimensions([iopkit.score("ciwa_ar", CIWA_24)], **LOW_RISK))
    assert r.headline == (
        f"{CIWA_TRANSFER} (CIWA-Ar 24 today: severe (15 or more on iopkit's default bands; 19 or more on ASAM 2020's): "
        f"dimension 1 rated 2, below the 3 it calls for). {AFTER_TRANSFER}"
    )
    assert "Sullivan" not in r.headline


def test_a_ciwa_ar_of_16_is_severe_on_the_default_bands_and_moderate_on_asams():
    c = iopkit.score("ciwa_ar", CIWA_16)
    assert c.total == 16 and c.band == "severe"
    r = recommend({1: 3, **REST}, suggested=suggest_dimensions([c], **LOW_RISK))
    assert r.headline == (
        f"{CIWA_TRANSFER} (CIWA-Ar 16 today: severe on iopkit's default bands (15 or more), moderate on ASAM 2020's "
        f"(10-18)). {AFTER_TRANSFER}"
    )


def test_on_asams_scheme_only_its_band_is_named():
    c = iopkit.score("ciwa_ar", CIWA_24, scheme="asam_2020")
    r = recommend({1: 3, **REST}, suggested=suggest_dimensions([c], **LOW_RISK))
    asam = "CIWA-Ar 24 today: severe on ASAM 2020's bands (19 or more)"
    assert r.headline == f"{CIWA_TRANSFER} ({asam}). {AFTER_TRANSFER}"
    assert "default" not in r.headline


def test_the_band_words_where_the_scheme_or_the_total_is_not_known():
    assert severe_band_words("severe_alcohol_withdrawal", None, 24) == (
        "CIWA-Ar in its severe band today (15 or more on iopkit's default bands; 19 or more on ASAM 2020's)"
    )
    assert severe_band_words("severe_alcohol_withdrawal", "sullivan_1989") == (
        "CIWA-Ar today: severe on iopkit's default bands (15 or more)"
    )
    # the encyclopaedia-summary scheme (16 or more severe) is kept for old records only; said by its name, never its
    # id (was "on the severe_16 scheme's bands": the retired scheme's id in words users read, session 22 finding 2)
    assert severe_band_words("severe_alcohol_withdrawal", "severe_16", 17) == (
        "CIWA-Ar 17 today: severe on a secondary summary's bands (16 or more), not for clinical use"
    )
    assert severe_band_words("moderate_alcohol_withdrawal", "sullivan_1989", 12) == ""


# --- S6: the 72-hour rule, one wording, no nested brackets -----------------------------------------------------------


def test_the_shared_opioid_agonist_wording():
    assert OPIOID_AGONISTS == AGONISTS


def test_a_severe_cows_of_today_leads_with_the_treatment_now_in_the_new_words():
    r = recommend({1: 2, **REST}, suggested=suggest_dimensions([iopkit.score("cows", COWS_44)]))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline.startswith(
        r32a(
            "First: "
            + SCREEN_OPIOID
            + "a prescriber treats withdrawal now, before the patient leaves: buprenorphine, or methadone as the "
            "COWS flag says; re-score the COWS after dosing; after a first dose of buprenorphine or methadone the "
            "patient "
            "must not drive today; "  # physician review R13, should-fix S5; physician review R22 S1: "must"
            "emergency evaluation only for a complicating condition ("
        )
    )


def test_the_cows_flags_say_it_after_a_colon_or_with_never_in_nested_brackets():
    severe = {f.code: f for f in iopkit.score("cows", COWS_44).flags}["severe_opioid_withdrawal"]
    assert severe.action == (
        f"Treat withdrawal now, before the patient leaves, as the prescriber decides: {AGONISTS}; re-score the COWS "
        f"after dosing; {ESCALATE_SEVERE}"
    )
    moderate = {f.code: f for f in iopkit.score("cows", COWS_19).flags}["moderate_opioid_withdrawal"]
    assert moderate.action == (
        f"Prescriber's review before the patient leaves: treat withdrawal as the prescriber decides, with {AGONISTS}; "
        f"re-score the COWS 1-2 hours after dosing; {ESCALATE}"
    )
    for flag in (severe, moderate):
        assert "cfr_1306_07" in flag.source
        assert _deepest_bracket(flag.action) == 1


def test_no_headline_step_nests_the_agonists_in_brackets():
    for answers, d1 in ((COWS_44, 2), (COWS_19, 0)):
        r = recommend({1: d1, **REST}, suggested=suggest_dimensions([iopkit.score("cows", answers)]))
        first = r.headline.split(" (COWS")[0]  # the steps, before the reasons' bracket
        assert AGONISTS_HEADLINE in first and _deepest_bracket(first) == 1
