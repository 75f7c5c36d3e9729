"""Physician review 7 of the emergency texts of the placement headline and the flag boxes: expected texts typed by
hand from the reviewer's wording, never copied from iopkit's output.

Rules and sources, one comment per test:

- Dimension 3 rated 4 is imminent danger (ASAM Criteria 2013): the emergency evaluation now (psychiatric with no
  suicide-risk finding beside it: physician review R5, should-fix 10), the transfer to an emergency department,
  safety precautions with staff beside the patient until handover (Joint Commission NPSG 15.01.01; C-SSRS screener
  triage, high risk: immediate safety action), no driving; the headline and the imminent-danger box say one text.
- Dimension 2 rated 4 is imminent biomedical danger (ASAM Criteria 2013): the transfer to an emergency department,
  never 3.7-WM, even beside a severe CIWA-Ar, whose seizure and delirium check stays (ASAM 2020 alcohol withdrawal
  guideline, Rec II.5).
- Beside a rating of 4 a dose before the transfer only if it does not delay the transfer and the reason for the rating
  allows it; buprenorphine for a COWS above 36 (the 72-hour rule, 21 CFR 1306.07(b), covers arranging a referral, not
  a transfer); a severe CIWA-Ar beside it names both withdrawals (ASAM 2020 OUD and alcohol withdrawal guidelines,
  Rec VII.5).
- A CIWA-Ar in its severe band: transfer now to medically managed withdrawal, a first dose before it if it does not
  delay it, no driving, seizures and delirium re-assessed (ASAM 2020 alcohol withdrawal guideline, Rec VII.5, VII.8).
- The headline names the COWS flag's methadone conditions and complicating conditions by pointing to the flag, whose
  box keeps the full text (iopkit's own wording, physician review 7: a headline is read in full only if it is short).
"""

import iopkit
from iopkit.placement import FirstStep, recommend, suggest_dimensions

from .intoxication_screens import NEXT_TRANSFER, SCREEN_ALCOHOL, SCREEN_OPIOID, r32a
from .refusal_branches import AT_4_STAFF_D2, CIWA_TOLD, MEDICAL_DECLINES, PSYCHIATRIC_DECLINES

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

LOW_RISK = {"pawss": 2, "prior_withdrawal_seizure_or_dt": False}

CIWA_24 = [4, 4, 4, 4, 4, 0, 0, 0, 4, 0]  # 24: severe on both schemes (Sullivan 1989 15+; ASAM 2020 19+)
COWS_19 = [2, 2, 3, 2, 2, 2, 2, 2, 2, 0, 0]  # 19: 13-24, moderate (Wesson & Ling 2003)
COWS_44 = [4, 4, 5, 5, 4, 4, 5, 4, 4, 2, 3]  # 44: above 36, severe (Wesson & Ling 2003)

D3_4 = {1: 2, 2: 0, 3: 4, 4: 1, 5: 1, 6: 1}
# R11 should-fix 3 (c), exactly: the intoxication screen in front of a first dose beside a rating of 4
SCREEN_AT_4 = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication); "
    "if intoxicated: no dose here (the patient must not drive today); otherwise "
)
# physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team (was: "(the patient must
# not drive today)")
SCREEN_AT_4_TRANSFER = SCREEN_AT_4.replace("(the patient must not drive today)", f"({NEXT_TRANSFER})")
SCREEN_ALCOHOL_TRANSFER = SCREEN_ALCOHOL.replace("(the patient must not drive today)", f"({NEXT_TRANSFER})")
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


def _headline(dimensions, *scores):
    return recommend(
        dimensions, suggested=suggest_dimensions([iopkit.score(n, a) for n, a in scores], **LOW_RISK)
    ).headline


def test_must1_dimension_3_rated_4_beside_a_severe_cows():
    # rule: dimension 3 rated 4 (ASAM Criteria 2013; Joint Commission NPSG 15.01.01): transfer now (ED), staff until
    # handover, no driving; a COWS above 36 (Wesson & Ling 2003): buprenorphine before the transfer only as a rating
    # of 4 allows (ASAM 2020 OUD guideline; 21 CFR 1306.07(b)); never "only for a complicating condition"
    r = recommend(D3_4, suggested=suggest_dimensions([iopkit.score("cows", COWS_44)], **LOW_RISK))
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    assert r.headline == (
        "First: emergency psychiatric evaluation now: arrange transfer now (ED); safety precautions, staff with "
        "the patient, until handover"
        + PSYCHIATRIC_DECLINES
        + f"; the patient must not drive; {SCREEN_AT_4_TRANSFER}a prescriber gives buprenorphine for today's "
        "withdrawal before transfer only if it does not delay the transfer and the reason for rating 4 allows it"
        # R26b M1 (a), M2 (b): buprenorphine before transfer tells the score and dose, and why dimension 3 was rated 4
        "; at handover tell the receiving team why dimension 3 was rated 4 (what the patient said or did), the last "
        "COWS score and any dose with its time "
        "(dimension 3 rated 4, imminent danger; COWS above 36 (severe opioid withdrawal)). " + WITHIN_4_PLAN
    )
    assert "72-hour" not in r.headline and "complicating condition" not in r.headline


def test_must1_dimension_3_rated_4_beside_a_moderate_cows():
    # rule: as above; a COWS of 13-36 (Wesson & Ling 2003): a first dose before the transfer only as a rating of 4
    # allows (ASAM 2020 OUD guideline), never the ambulatory prescriber's review
    headline = _headline(D3_4, ("cows", COWS_19))
    assert headline.startswith(
        "First: emergency psychiatric evaluation now: arrange transfer now (ED); safety precautions, staff with "
        "the patient, until handover"
        + PSYCHIATRIC_DECLINES
        + "; the patient must not drive; "
        + SCREEN_AT_4_TRANSFER  # R32 (a): transfer now
        + "a prescriber gives a first dose for today's "
        "withdrawal before transfer only if it does not delay the transfer and the reason for rating 4 allows it"
        # R23a finding 2: the last COWS score and any dose told at handover; R26b M2 (b): why dimension 3 first
        "; at handover tell the receiving team why dimension 3 was rated 4 (what the patient said or did), the last "
        "COWS score and any dose with its time ("
    )
    assert "prescriber's review" not in headline and "72-hour" not in headline


def test_must2_dimension_2_rated_4_beside_a_severe_ciwa_ar():
    # rule: dimension 2 rated 4 (ASAM Criteria 2013): transfer now to an emergency department, never 3.7-WM; a severe
    # CIWA-Ar keeps its seizure and delirium check (ASAM 2020 alcohol withdrawal guideline, Rec II.5, VII.5)
    r = recommend(
        {1: 2, 2: 4, 3: 1, 4: 1, 5: 1, 6: 1},
        suggested=suggest_dimensions([iopkit.score("ciwa_ar", CIWA_24)], **LOW_RISK),
    )
    assert (
        r.headline
        == (
            "First: emergency medical evaluation: arrange transfer now (ED)"
            # physician review R16 (session 15): the rulings on C22, C23, C30 (staff until handover, the reason told
            # there); should-fix S1 (the dose treats alcohol withdrawal: thiamine and glucose)
            + AT_4_STAFF_D2
            + CIWA_TOLD  # R23a finding 2
            + MEDICAL_DECLINES
            + "; the patient must not drive; "
            + SCREEN_ALCOHOL_TRANSFER  # R32 (a): transfer now
            + "a prescriber "
            "gives a first dose for today's withdrawal before transfer only if it does not delay the transfer and the "
            "reason for rating 4 allows it; re-assess for seizures or delirium until handover (dimension 2 "
            "rated 4, imminent danger; CIWA-Ar 24 today: severe (15 or more on iopkit's default bands; 19 or more on "
            "ASAM 2020's): dimension 1 rated 2, below the 3 it calls for). " + RATED_4_PLAN
        )
    )
    assert "3.7-WM" not in r.headline


def test_must3_dimension_3_rated_4_alone_headline_and_box_say_one_text():
    # rule: dimension 3 rated 4 (ASAM Criteria 2013; Joint Commission NPSG 15.01.01): the box and the headline agree
    r = recommend({1: 1, 2: 0, 3: 4, 4: 1, 5: 1, 6: 1})
    assert r.headline == (
        "First: emergency psychiatric evaluation now: arrange transfer now (ED); safety precautions, staff with "
        "the patient, until handover" + PSYCHIATRIC_DECLINES + "; the patient must not drive"
        # R26b M2 (b): the psychiatric transfer tells why dimension 3 was rated 4 (the headline; the box unchanged)
        "; at handover tell the receiving team why dimension 3 was rated 4 (what the patient said or did) "
        "(dimension 3 rated 4, imminent danger). " + WITHIN_4_PLAN
    )
    (box,) = (f for f in r.flags if f.code == "imminent_danger_d3")
    assert box.action == (
        "Emergency psychiatric evaluation now: arrange transfer now (ED); safety precautions, staff with the "
        "patient, until handover" + PSYCHIATRIC_DECLINES + "; the patient must not drive"
    )


def test_must4_a_severe_cows_and_a_severe_ciwa_ar_at_a_rating_of_4_name_both_withdrawals():
    # rule: dimension 1 rated 4 (ASAM Criteria 2013); severe alcohol withdrawal treated at once (ASAM 2020 alcohol
    # withdrawal guideline, Rec VII.5), buprenorphine for the opioid withdrawal (ASAM 2020 OUD guideline)
    headline = _headline({1: 4, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}, ("cows", COWS_44), ("ciwa_ar", CIWA_24))
    assert (
        # physician review R16 (session 15), should-fix S1: the dose treats alcohol withdrawal: thiamine and glucose
        f"; {SCREEN_ALCOHOL_TRANSFER}a prescriber gives a first dose for today's alcohol and opioid withdrawal "
        "(buprenorphine for the opioid "
        "withdrawal) before transfer only if it does not delay the transfer and the reason for rating 4 allows it; "
        "re-assess for seizures or delirium until handover; if a benzodiazepine is given with "
        "buprenorphine or methadone: monitor sedation and breathing until handover ("
        # physician check of review 9 (FDA 2017); physician review R2 (session 11), should-fix 12: the headline
        # already says "the patient must not drive", so the note does not say it again; physician review R3
        # (session 11), should-fix 10: beside the transfer, "until handover"
    ) in headline
    assert "gives buprenorphine for today's withdrawal" not in headline


def test_should2_the_severe_ciwa_ar_box_and_the_rated_below_box():
    # rule: a CIWA-Ar in its severe band (Sullivan 1989; ASAM 2020 alcohol withdrawal guideline, Rec VII.5, VII.8)
    r = recommend(
        {1: 2, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1},
        suggested=suggest_dimensions([iopkit.score("ciwa_ar", CIWA_24)], **LOW_RISK),
    )
    step = (
        "Arrange transfer now to medically managed withdrawal (ED, or 3.7-WM/4-WM); if the patient declines transfer: "
        "the prescriber assesses and records capacity to decline (without capacity: transfer by emergency services; "
        "with capacity: record the advice given and the risks explained; arrange the highest level of care the "
        "patient accepts; any dose as the prescriber decides; tell the patient and any supportive person to call "
        "emergency services for a seizure, confusion, hallucinations or any worsening); "
        "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
        "thiamine and check blood glucose; if intoxicated: no dose here ("
        # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team
        f"{NEXT_TRANSFER}); otherwise a prescriber gives a first dose "
        "before transfer if it does not delay the transfer; at handover tell the receiving team the last CIWA-Ar score "
        "and any dose with its time; the patient must not drive; re-assess for seizures or delirium until handover"
    )  # the capacity test after the transfer's bracket: physician review R6, should-fix 4; the screen before the
    # dose: physician review R16 (session 15), must-fix M2; the last score and any dose told at handover: physician
    # review R26b, should-fix S9 (R23a finding 2's words in every box)
    (severe,) = (f for f in r.flags if f.code == "severe_alcohol_withdrawal")
    assert severe.action == step
    (below,) = (f for f in r.flags if f.code == "rated_below_suggestion_d1")
    assert below.action == step + "; record the reason for the lower rating with the placement decision"
    assert "consider transfer" not in severe.action


def test_length_the_headline_points_to_the_cows_flag_whose_box_keeps_the_full_text():
    # rule: 21 CFR 1306.07(b) (the 72-hour rule) and the complicating conditions of a COWS above 36 said in full in
    # the COWS flag's box; the headline points to it (iopkit's own wording, physician review 7)
    r = recommend(
        {1: 2, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1},
        suggested=suggest_dimensions([iopkit.score("cows", COWS_44)], **LOW_RISK),
    )
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline.startswith(
        r32a(
            "First: "
            + SCREEN_OPIOID
            + "a prescriber treats withdrawal now, before the patient leaves: buprenorphine, or methadone as the COWS "
            "flag says; re-score the COWS after dosing; after a first dose of buprenorphine or methadone the patient "
            "must not drive today; "  # physician review R13, should-fix S5; physician review R22 S1: "must"
            "emergency evaluation only for a complicating condition (listed on the COWS flag)"
            # R21 S5: how the patient given a dose on site goes home, at the end of the dose's sentence
            # R26a S1 as ruled in session 22: the going-home clause re-typed in observable words (POSS levels
            # 1-2; naloxone in hand, the supportive person shown how to use it)
            "; after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and "
            "easily "
            # R39 S3: the opioid clause introduces no supportive person: "(and any supportive person ...)"
            # R32 S3: a COWS re-score after the last buprenorphine dose no higher than before it (the going-home clause)
            "roused, and has a COWS re-score after the last buprenorphine dose no higher than before it (no "
            "precipitated withdrawal), with naloxone in hand (and any supportive person shown how to use it), and "
            # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
            "the patient and any supportive person told not to add alcohol or other sedatives; otherwise the patient "
            # R43 M1: 'until they are met' -> 'until these conditions are met' ('they' misread as the patient)
            "stays on site until these conditions are met, or a higher level of care is arranged ("
        )
    )
    (box,) = (f for f in r.flags if f.code == "severe_opioid_withdrawal")
    assert (
        "methadone only in an opioid treatment programme or under the 72-hour rule (given or dispensed on site, at "
        "most a 3-day supply while referral is arranged, not renewed or extended; never prescribed)"
    ) in box.action
