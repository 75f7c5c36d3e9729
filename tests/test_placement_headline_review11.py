"""Physician review 8 (round 11 of the headline): texts typed by hand from the reviewer's wording.

Each test names the rule it checks and its source. Rules: alcohol withdrawal alongside opioid withdrawal is the
complicating condition the COWS flags name, said with today's CIWA-Ar (MUST 1); a rating of 4 leads, an old
severe CIWA-Ar re-scored before transfer only if that does not delay it, the ED evaluating both (MUST 2).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

import iopkit
from iopkit.placement import recommend, suggest_dimensions

from .intoxication_screens import (
    ED_EVALUATES_BOTH_IF_CONFUSED,
    NEXT_TRANSFER,
    SCREEN_ALCOHOL,
    SCREEN_DELIRIUM_ALCOHOL,
    r32a,
    without_holds,
)
from .refusal_branches import AT_4_STAFF_D1, AT_4_STAFF_D2, MEDICAL_DECLINES, PSYCHIATRIC_DECLINES

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

PLACED = dt.date(2026, 12, 2)
REST = {2: 0, 3: 1, 4: 1, 5: 1, 6: 1}
LOW_RISK = {"pawss": 2, "prior_withdrawal_seizure_or_dt": False}
SEIZURE = {"prior_withdrawal_seizure_or_dt": True}
# COWS (Wesson & Ling 2003): 11 items; 44 above 36 (severe), 19 in 13-24 (moderate)
COWS_44 = [4, 4, 5, 5, 4, 4, 5, 4, 4, 2, 3]
COWS_19 = [2, 2, 3, 2, 2, 2, 2, 2, 2, 0, 0]
# CIWA-Ar (Sullivan 1989): 10 items; 13 moderate (items 6-8 at 1: no hallucination flag)
CIWA_13 = [2, 2, 2, 2, 1, 1, 1, 1, 1, 0]


def _with_ciwa_13(cows, d1=2, **facts):
    scores = [iopkit.score("ciwa_ar", CIWA_13), iopkit.score("cows", cows)]
    return recommend({1: d1, **REST}, suggested=suggest_dimensions(scores, **(facts or LOW_RISK)))


# MUST 1 rule (physician review 8): a COWS above 36 beside a CIWA-Ar of today in a treatment band names alcohol
# withdrawal alongside as the complicating condition its flag lists, and the evaluation decides the setting. Sources:
# the COWS flag's complicating conditions ("alcohol or benzodiazepine withdrawal alongside", iopkit.flags.
# COWS_COMPLICATING); ASAM 2020 alcohol withdrawal guideline, Rec VII.8: ambulatory withdrawal management only without
# complicating factors.
def test_must1_a_cows_above_36_beside_a_moderate_ciwa_ar_calls_for_the_emergency_evaluation():
    r = _with_ciwa_13(COWS_44)
    # physician review R2 (session 11), must-fix 1 and should-fix 12, the reviewer's words: the evaluation arranges
    # the transfer, and after it all six dimensions are reassessed
    # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team (r32a)
    wanted = r32a(
        "First: emergency evaluation now: severe opioid withdrawal with alcohol withdrawal alongside (CIWA-Ar 13 "
        "today), a complicating condition on the COWS flag: arrange transfer now (ED, or 3.7-WM/4-WM)"
        + "; staff with the patient until handover"  # R46 Q4: on every path, straight after the transfer
        + MEDICAL_DECLINES
        + "; "
        + SCREEN_ALCOHOL
        + "a prescriber "
        "gives a first dose before transfer if it does not delay the transfer (buprenorphine, or methadone as the "
        "COWS flag says; for alcohol withdrawal, medication at a CIWA-Ar of 10 or more); at handover tell the "
        # R23a finding 2: the ruling's words, re-typed
        "receiving team the last CIWA-Ar and COWS scores and any dose with its time; if a benzodiazepine is given "
        "with buprenorphine or methadone: monitor sedation and breathing until handover; the patient must not drive ("
    )
    assert r.headline.startswith(wanted)
    assert "only for a complicating condition" not in r.headline
    assert r.headline.endswith(
        "Then, after medically managed withdrawal, reassess all six dimensions for treatment (on today's ratings at "
        "least Level 1 (Outpatient))."
    )
    assert "unless the review finds more" not in r.headline
    assert "Also before deciding the setting" not in r.headline


# MUST 1 rule (physician review 8): a COWS of 13-24 beside a CIWA-Ar of today in a treatment band: its box's
# escalation is called for ("arrange medically managed withdrawal or a higher level of care: co-occurring alcohol
# withdrawal"), the ambulatory plan only if the review records why it is safe. Sources: the moderate COWS flag's
# step (co-occurring alcohol or benzodiazepine withdrawal, ASAM 2020 OUD guideline); ASAM 2020 alcohol withdrawal
# guideline, Rec VII.8.
def test_must1_a_moderate_cows_beside_a_moderate_ciwa_ar_calls_for_medically_managed_withdrawal():
    r = _with_ciwa_13(COWS_19)
    assert (
        "re-score the COWS 1-2 hours after dosing; "
        # physician review R22 S1: a benzodiazepine given too (before: R13 S5's "after a first dose of buprenorphine or
        # methadone the patient should not drive today; ")
        "if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today; "
        "arrange medically managed withdrawal or a higher level of care: "
        "co-occurring alcohol withdrawal (CIWA-Ar 13 today); "
        # physician review R27 M1: the escalation is a transfer; its handover, if transferred (before: none)
        "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its "
        "time; "
        "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the "
        # R62 S2 (ruled R63): beside the escalation, a transfer (was: "patient is on site")
        "patient is on site (if transferred: until handover)"
        # R21 S5: how the patient given a dose on site goes home, at the end of the dose's sentence
        # R26a S1 as ruled in session 22: the going-home clause re-typed in observable words (POSS levels
        # 1-2; naloxone in hand, the supportive person shown how to use it)
        "; after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
        "roused"
        # physician review R29 (should-fix): the benzodiazepine's going-home conditions (was: "roused, with naloxone")
        # R32 S3: a COWS re-score after the last buprenorphine dose no higher than before it (the going-home clause)
        ", walks steadily, has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, and has a COWS "
        "re-score after the last buprenorphine dose no higher than before it (no precipitated withdrawal), with a "
        "supportive person to stay overnight"
        ", with naloxone in hand and the supportive person shown how to use it, and "
        # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
        "the patient and the supportive person told not to add alcohol or other sedatives; otherwise the patient "
        # R43 M1: 'until they are met' -> 'until these conditions are met' ('they' misread as the patient)
        "stays on site until these conditions are met, or a higher level of care is arranged ("
        # physician check of review 9 (FDA 2017); physician review R2 (session 11), should-fix 12; R21 S2: no second
        # driving clause in the sentence (before: "on site, and the patient must not drive (")
    ) in r.headline
    assert "only for a complicating condition" not in r.headline
    assert (
        # physician review R5 (session 11), should-fix 7: the condition said once, the note's prescriber in it
        "Then, only if the review and the prescriber record why ambulatory care is safe: Level 1 (Outpatient), under "
        "9 h/week of clinical services; with 2-WM"
    ) in r.headline


# MUST 1 rule (physician review 8): dimension 1 rated 0 under a past withdrawal seizure beside both withdrawals: no
# 2-WM once a mitigation is recorded (the complicating condition stands whatever the mitigation). Sources: ASAM 2020
# alcohol withdrawal guideline, Rec II.5, VII.8.
def test_must1_rated_0_beside_both_withdrawals_offers_no_mitigated_2_wm():
    r = _with_ciwa_13(COWS_19, d1=0, **SEIZURE)
    assert "2-WM once a mitigation is recorded" not in r.headline
    assert r.headline.endswith(
        "withdrawal management today: 3.7-WM medically monitored inpatient withdrawal management; never 1-WM."
    )


# MUST 1 rule, its limit: a COWS above 36 alone keeps the flag's conditional escalation (no alcohol withdrawal known).
# Source: ASAM 2020 OUD guideline (withdrawal managed where the patient is unless a complicating condition).
def test_must1_a_cows_above_36_alone_keeps_its_conditional_escalation():
    r = recommend({1: 2, **REST}, suggested=suggest_dimensions([iopkit.score("cows", COWS_44)], **LOW_RISK))
    assert "emergency evaluation only for a complicating condition (listed on the COWS flag)" in r.headline
    assert "alongside (CIWA-Ar" not in r.headline


def _old_ciwa_24():
    """The severe CIWA-Ar flag of 20 Nov 2026 as the placement page passes an unresolved one of an older score."""
    flag = next(f for f in iopkit.score("ciwa_ar", [4, 4, 4, 4, 4, 0, 0, 0, 4, 0]).flags if f.code == SEVERE_CIWA)
    return replace(flag, message=f"{flag.message} (CIWA-Ar of 20 Nov 2026, not resolved)")


SEVERE_CIWA = "severe_alcohol_withdrawal"
# R11 should-fix 3 (c), exactly: the intoxication screen in front of a first dose beside a rating of 4
SCREEN_AT_4 = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication); "
    "if intoxicated: no dose here (the patient must not drive today); otherwise "
)
RESCORE_AT_4 = (
    # R52 ruling 5: the old severe CIWA-Ar's bracket says no dose without today's re-score
    "re-score the CIWA-Ar before transfer only if it does not delay it (flag of 20 Nov 2026, severe; no dose here "
    # R67 SF3 (was: "if still 15 or more (19 or more on ASAM 2020's), the ED evaluates both: " + SCREEN_ALCOHOL): the
    # condition names a seizure, hallucinations and disorientation, the screen delirium (case 565's words)
    "without today's re-score); if still 15 or more (19 or more on ASAM 2020's)"
    + ED_EVALUATES_BOTH_IF_CONFUSED
    + ": "
    # physician review R16 (session 15), should-fix S1: the dose treats alcohol withdrawal: thiamine and glucose
    + SCREEN_DELIRIUM_ALCOHOL
    + "a prescriber gives a first dose for today's withdrawal "
    "before transfer only if it does not delay the transfer and the reason for rating 4 allows it; re-assess for "
    "seizures or delirium until handover"
)


def _at_4_with_old_ciwa(dims, scores=(), **facts):
    s = suggest_dimensions(
        list(scores),
        scored_on={"cows": PLACED} if scores else {},
        today=PLACED,
        older_open_flags=[_old_ciwa_24()],
        **(facts or LOW_RISK),
    )
    return recommend(dims, suggested=s)


# MUST 2 rule (physician review 8): a rating of 4 leads with its transfer to the ED; an open severe CIWA-Ar of another
# day is re-scored before transfer only if that does not delay it, and the ED evaluates both: never a second transfer,
# never 3.7-WM, "must not drive" once. Sources: ASAM Criteria 2013 (rating 4: imminent danger, medically managed
# intensive inpatient care); ASAM 2020 alcohol withdrawal guideline, Rec VII.5 (treat severe withdrawal at once), Rec
# II.5 (seizures, delirium); CIWA-Ar rates the signs now (Sullivan 1989): bands 15 or more (iopkit default), 19 or more
# (ASAM 2020).
def test_must2_dimension_3_rated_4_re_scores_an_old_severe_ciwa_ar_before_transfer():
    r = _at_4_with_old_ciwa({1: 1, 2: 0, 3: 4, 4: 1, 5: 1, 6: 1})
    # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team (r32a)
    wanted = r32a(
        "First: emergency psychiatric evaluation now: arrange transfer now (ED); safety precautions, staff with "
        "the patient, until handover"
        + PSYCHIATRIC_DECLINES
        + "; the patient must not drive; "
        # R23a finding 2: the re-score's first dose before the transfer, the last CIWA-Ar score and any dose told
        + RESCORE_AT_4.replace(
            "allows it; re-assess",
            # R26b M2 (b): why dimension 3 was rated 4, first in the clause
            "allows it; at handover tell the receiving team why dimension 3 was rated 4 (what the patient said or "
            # R67 SF3: the delirium screen told (was: "the last CIWA-Ar score and any dose with its time")
            "did), the last CIWA-Ar score, the delirium screen and any dose "
            "with its time; re-assess",
        )
        + " ("
    )
    assert r.headline.startswith(wanted)
    assert "3.7-WM" not in r.headline
    assert r.headline.count("arrange transfer") == 1
    # R30b M4: the hold's own "(the patient must not drive today)" left out of the count
    assert without_holds(r.headline).count("must not drive") == 1


# physician review R16 (session 15), the rulings on C22, C23, C30: staff until handover and the reason told at handover
@pytest.mark.parametrize(
    ("dims", "transfer"),
    [
        (
            {1: 1, 2: 4, 3: 1, 4: 1, 5: 1, 6: 1},
            "First: emergency medical evaluation: arrange transfer now (ED)" + AT_4_STAFF_D2,
        ),
        (
            {1: 4, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1},
            "First: emergency medical evaluation: arrange transfer now (ED, or 4-WM)" + AT_4_STAFF_D1,
        ),
    ],
)
def test_must2_dimension_1_or_2_rated_4_re_scores_an_old_severe_ciwa_ar_before_transfer(dims, transfer):
    r = _at_4_with_old_ciwa(dims)
    # R23a finding 2: the re-score's first dose before the transfer, the last CIWA-Ar score and any dose told with why
    # R26b M2 (S5's first half): a comma after why; R67 SF3: the delirium screen told (was: ", the last CIWA-Ar score
    # and any dose with its time")
    told = ", the last CIWA-Ar score, the delirium screen and any dose with its time"
    # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team (r32a)
    assert r.headline.startswith(
        r32a(f"{transfer}{told}{MEDICAL_DECLINES}; the patient must not drive; {RESCORE_AT_4} (")
    )
    assert "3.7-WM" not in r.headline
    assert r.headline.count("arrange transfer") == 1


# MUST 2 rule, with a COWS above 36 of today and a past withdrawal seizure (dimension 1 rated 0): the buprenorphine
# dose of a rating of 4, then the old CIWA-Ar's re-score before transfer; no 3.7-WM in the plan either (a rating of 4
# leads: 4-WM within Level 4, physician review 8, MUST 3). Sources as above; ASAM 2020 OUD guideline.
def test_must2_beside_a_cows_above_36_and_a_past_seizure():
    r = _at_4_with_old_ciwa({1: 0, 2: 0, 3: 4, 4: 1, 5: 1, 6: 1}, [iopkit.score("cows", COWS_44)], **SEIZURE)
    # physician review R9 (session 13), should-fix N5: alcohol withdrawal of another day beside a COWS of 13 or more
    # today, a benzodiazepine with buprenorphine monitored after the rating-4 dose (the reviewer's words)
    # R21 S3: "before any dose:" once a step, the union of its screens where the first stood (the re-score's screen
    # gave thiamine and glucose), the re-score's dose without a second screen (before: {SCREEN_AT_4} here, and
    # {RESCORE_AT_4} with its own SCREEN_ALCOHOL)
    # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team (r32a); R35 M2:
    # the lead's unconditional "arrange transfer now" read from the whole headline and the case (whole=, case=), so
    # "before transfer" in the part no longer makes it conditional (was, read from the part alone: "if transferred,
    # ...; if not: ...")
    wanted = r32a(
        # R67 SF3 (was: {SCREEN_ALCOHOL}): the first step's screen names delirium beside the re-score's condition
        f"the patient must not drive; {SCREEN_DELIRIUM_ALCOHOL}a prescriber gives buprenorphine for today's "
        "withdrawal before transfer only if "
        "it does not delay the transfer and the reason for rating 4 allows it; "
        # R26b M1 (a), M2 (b): buprenorphine before transfer: why dimension 3 was rated 4, the scores and any dose
        # R67 SF3: the delirium screen told (was: "the last CIWA-Ar and COWS scores and any dose with its time")
        "at handover tell the receiving team why dimension 3 was rated 4 (what the patient said or did), the last "
        "CIWA-Ar and COWS scores, the delirium screen and any dose with its time; if a benzodiazepine is given with "
        "buprenorphine or methadone: monitor sedation and breathing until handover; "
        # R22 S5: the re-score's first dose deleted where the step has given one ("the ED evaluates both;
        # re-assess")
        # R52 ruling 5: beside today's COWS the bracket names the dose it holds, alcohol withdrawal's
        "re-score the CIWA-Ar before transfer only if it does not delay it (flag of 20 Nov 2026, severe; no dose for "
        # R67 SF3 (was: "if still 15 or more (19 or more on ASAM 2020's), the ED evaluates both; re-assess")
        "alcohol withdrawal here without today's re-score); if still 15 or more (19 or more on ASAM 2020's)"
        f"{ED_EVALUATES_BOTH_IF_CONFUSED}; re-assess for seizures or delirium until "
        "handover (",
        r.headline,
        case=r,
    )
    # R35 M2, typed; R67 SF3: the hold names delirium first (was: f"if intoxicated: no dose here ({NEXT_TRANSFER})")
    assert f"; intoxication: {NEXT_TRANSFER}); otherwise" in wanted
    assert wanted in r.headline
    assert r.headline.count("arrange transfer") == 1
    assert "3.7-WM" not in r.headline


# MUST 3 rule (physician review 8): dimension 2 or 3 rated 4 with dimension 1 at 1 or 2 and no sign calling for
# 24-hour withdrawal management: Level 4, any withdrawal managed within it, never "withdrawal management first" (the
# 4-WM is only Level 4's own, rule_table.SETTING_WM). Source: ASAM Criteria 2013 (the withdrawal-management level
# follows dimension 1; rating 4 in dimension 2 or 3: medically managed intensive inpatient care).
@pytest.mark.parametrize("d1", [1, 2])
@pytest.mark.parametrize("at_4", [2, 3])
def test_must3_a_rating_of_4_elsewhere_manages_withdrawal_within_level_4(d1, at_4):
    dims = {1: d1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1, at_4: 4}
    r = recommend(dims, suggested=suggest_dimensions([], **LOW_RISK))
    assert r.headline.endswith(
        "Then, as the evaluation decides: Level 4 (Medically managed intensive inpatient), any withdrawal managed "
        "within it."
    )
    assert "4-WM medically managed intensive inpatient withdrawal management, then" not in r.headline
    flag = next(f for f in r.flags if f.code == "reassess_after_withdrawal_management")
    assert flag.message == (
        "Any withdrawal managed within Level 4 (4-WM), not first: the level is for the rating of 4, dimension 1 calls "
        "for no 24-hour withdrawal management"
    )


# MUST 3 rule, its limit: dimension 1 rated 3 calls for 24-hour withdrawal management itself: withdrawal management
# first. Source: ASAM Criteria 2013 (dimension 1 rated 3: medically monitored inpatient withdrawal management).
def test_must3_dimension_1_rated_3_keeps_withdrawal_management_first():
    r = recommend({1: 3, 2: 0, 3: 4, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions([], **LOW_RISK))
    assert "Then, as the evaluation decides: 4-WM medically managed intensive inpatient withdrawal management" in (
        r.headline
    )
    flag = next(f for f in r.flags if f.code == "reassess_after_withdrawal_management")
    assert flag.message.startswith("Withdrawal management first, in a 24-hour setting (4-WM)")


# MUST 3, related (physician review 8): dimension 2 rated 4, dimension 1 rated 0 beside a past seizure and a severe
# CIWA-Ar of today: within Level 4 the withdrawal management of today is 4-WM, never 3.7-WM. Sources: ASAM Criteria
# 2013 (Level 4 with 4-WM); ASAM 2020 alcohol withdrawal guideline, Rec II.5, VII.8.
def test_must3_rated_0_within_level_4_says_4_wm():
    ciwa_24 = iopkit.score("ciwa_ar", [4, 4, 4, 4, 4, 0, 0, 0, 4, 0])
    r = recommend({1: 0, 2: 4, 3: 1, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions([ciwa_24], **SEIZURE))
    assert r.headline.endswith(
        "Then, as the evaluation decides: Level 4 (Medically managed intensive inpatient); withdrawal management "
        "today: 4-WM medically managed intensive inpatient withdrawal management (within Level 4); never 1-WM."
    )
    assert "3.7-WM" not in r.headline


# Minor rule (physician review 8): possible withdrawal delirium earlier today leads with an emergency medical
# evaluation, and the patient must not drive to it. Source: ASAM 2020 alcohol withdrawal guideline, Rec VI.7 (withdrawal
# delirium: a medical emergency); CIWA-Ar item 10 at 3 (Sullivan 1989: disorientation for date by more than 2 days).
def test_minor_possible_delirium_earlier_today_says_the_patient_must_not_drive():
    scored = iopkit.score("ciwa_ar", [1, 1, 1, 1, 1, 1, 1, 1, 1, 3])
    earlier = next(f for f in scored.flags if f.code == "complicated_withdrawal")
    earlier = replace(earlier, message=f"{earlier.message} (CIWA-Ar of 02 Dec 2026 at 09:00, not resolved)")
    s = suggest_dimensions(
        [iopkit.score("ciwa_ar", [0] * 10)],
        scored_on={"ciwa_ar": dt.datetime(2026, 12, 2, 11, 0)},
        withdrawal_delirium_on=[dt.datetime(2026, 12, 2, 9, 0)],
        today=PLACED,
        older_open_flags=[earlier],
        **SEIZURE,
    )
    r = recommend({1: 0, **REST}, suggested=s)
    assert r.headline.startswith(
        "First: emergency medical evaluation; the patient must not drive (complicated withdrawal (CIWA-Ar of 02 Dec "
        "2026 at 09:00, not resolved: an earlier score of the placement's day, not history): dimension 1 rated 0, "
        "below the 4 it calls for). Then, only if the evaluation excludes delirium"
    )


# MUST 3 rule, the one-line description says what the headline says (physician review 8): Level 4, any withdrawal
# managed within it, not "First Level 4-WM"; the 4th edition without a 3rd-edition code. Source: ASAM Criteria 2013.
def test_must3_the_description_says_withdrawal_is_managed_within_level_4():
    r = recommend({1: 1, 2: 0, 3: 4, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions([], **LOW_RISK))
    assert r.describe() == "Level 4 (Medically managed intensive inpatient), any withdrawal managed within it (4-WM)"
    assert r.describe(edition="4th").endswith(", any withdrawal managed within it")
