"""Physician check of review 9: the should-fixes, texts typed from the physician's wording (never computed).

1. An emergency evaluation or transfer leading beside a withdrawn C-SSRS high flag: the patient is with staff, never
   "contact the patient now" first (its wording replaced by physician review R1, session 11, must-fix 3: the
   receiving team is told at handover; tests/test_placement_headline_review_r1.py).
2. CIWA-Ar item 10 at 1 (inattention, possible delirium): the patient must not drive until the medical review finds the
   patient not delirious or intoxicated (physician review R2, session 11, should-fix 11).
3. Buprenorphine now beside a moderate CIWA-Ar treated with medication: a benzodiazepine given with buprenorphine is
   not withheld, but sedation and breathing are monitored (FDA drug safety communication, 2017).
4. The withdrawn flag's repeat after a COWS treated now names the step it follows in the headline's words (physician
   review R1, should-fix 6: "after the first dose and before the patient leaves").
5. A C-SSRS high flag never closed, lowered to low by a late correction: the headline says what the chart says; the
   withdrawn flag's repeat after a medical review names the late correction's date.
6. Small texts: one wording ("never closed"); a capitalised finding after "; " inside a bracket starts in lower case.
"""

from __future__ import annotations

import datetime as dt

import iopkit
from iopkit.flags import Flag, Withdrawn
from iopkit.placement import FirstStep, recommend, suggest_dimensions

from .intoxication_screens import (
    INSISTS_ON_RESCREEN,
    NEXT_TRANSFER,
    NOT_CLEARED_COWS,
    SCREEN_ALCOHOL,
    SCREEN_OPIOID_OVERDOSE,
    STAY,
    TOLD,
    without_holds,
)
from .refusal_branches import MEDICAL_DECLINES

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

PHQ9_ITEM_9 = [1] * 9  # item 9 at 1: suicidal ideation


# --- 6. small texts ---------------------------------------------------------------------------------------------------


def test_a_capitalised_finding_after_a_semicolon_in_the_reasons_starts_in_lower_case():
    phq9 = iopkit.score("phq9", PHQ9_ITEM_9)
    r = recommend(
        {1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1},
        suggested=suggest_dimensions([phq9], prior_withdrawal_seizure_or_dt=True),
    )
    assert (
        "(suicidal ideation (PHQ-9 item 9): dimension 3 rated 1, below the 2 it calls for; past withdrawal seizure or "
        "delirium tremens: dimension 1 rated 1, below the 3 it calls for)" in r.headline
    )
    assert "; Past" not in r.headline


# --- 2. CIWA-Ar item 10 at 1: no driving until the delirium screen clears ---------------------------------------------

CIWA_ITEM_10_AT_1 = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]  # total 1; item 10 (orientation) at 1
INATTENTION_STEP = (
    "Medical review now: screen for delirium (CAM or 4AT) and consider its other causes: Wernicke encephalopathy (give "
    "thiamine), low blood glucose (check it; treat a low one at once, thiamine with it), intoxication (breath "
    "alcohol), hepatic encephalopathy; re-score the CIWA-Ar within 1 hour; disorientation (item 10 at 2 or more) is "
    # R76b A (was: "if delirium: emergency evaluation: arrange transfer now (ED, or 4-WM); staff with ...")
    "complicated withdrawal; if delirium: emergency evaluation: arrange transfer now by emergency services (ED, or "
    "4-WM); staff with the "
    "patient until handover; if the patient declines transfer: the prescriber assesses and records capacity to "
    "decline (without capacity: transfer by emergency services; with capacity: record the advice given and the risks "
    "explained; arrange the highest level of care the patient accepts; any dose as the prescriber decides; tell the "
    "patient and any supportive person to call emergency services for a seizure, confusion, hallucinations or any "
    "worsening); if intoxicated (breath alcohol above zero, or signs "
    "of sedative intoxication): no "
    "benzodiazepine until it clears and the review is repeated (the patient must not drive today); the patient must "
    "not drive until the medical review "
    "finds the patient not delirious or intoxicated"
)  # physician review R2 (session 11), should-fix 11; R5, must-fix 2 (the hold, typed); R6, must-fix 5 (typed)


def test_ciwa_item_10_at_1_says_no_driving_until_the_delirium_screen_clears_in_its_step_and_the_headline():
    ciwa = iopkit.score("ciwa_ar", CIWA_ITEM_10_AT_1)
    (flag,) = [f for f in ciwa.flags if f.code == "possible_inattention"]
    # R30b M4: the hold's "(the patient must not drive today)" is said where the flag is shown (the placement's last
    # rule, recommend() and Episode.flag_shown), not in the score's own flag
    assert flag.action == without_holds(INATTENTION_STEP)
    r = recommend({1: 0, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions([ciwa]))
    assert r.headline.startswith(
        "First: medical review now: screen for delirium (CAM or 4AT) and consider its other causes: "
    )
    assert (
        # R76b A (was: "if delirium: emergency evaluation: arrange transfer now (ED, or 4-WM); staff with ...")
        "is complicated withdrawal; if delirium: emergency evaluation: arrange transfer now by emergency services (ED, "
        "or 4-WM); staff with "
        "the patient until handover; if the patient declines transfer: the prescriber assesses and records capacity "
        "to decline (without capacity: transfer by emergency services; with capacity: record the advice given and the "
        "risks explained; arrange the highest level of care the patient accepts; any dose as the prescriber decides; "
        "tell the patient and any supportive person to call emergency services for a seizure, confusion, "
        "hallucinations or any worsening); if intoxicated (breath alcohol above zero, or "
        "signs of sedative intoxication): no "
        "benzodiazepine until it clears and the review is repeated (the patient must not drive today; "
        # physician review R35 S2: item 10's hold beside the delirium's (conditional) transfer tells the receiving
        # team if transferred (was: "(the patient must not drive today)")
        f"if transferred: {TOLD}); the patient "
        "must not drive until the medical "
        "review finds the patient not delirious or intoxicated (CIWA-Ar item 10 at 1 "
        "(cannot do serial additions or uncertain about date): dimension 1 rated 0, below the 2 it calls for)."
    ) in r.headline


def test_ciwa_item_10_at_1_listed_under_an_emergency_medical_evaluation_says_no_driving():
    from iopkit.flags import Flag

    ciwa = iopkit.score("ciwa_ar", CIWA_ITEM_10_AT_1)
    old = Flag(
        "complicated_withdrawal",
        "CIWA-Ar item 8 at 4: hallucinations (CIWA-Ar of 20 Nov 2026, not resolved)",
        "critical",
        "Emergency medical evaluation now",
        calls_for="medical_review",
    )
    r = recommend({1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions([ciwa], older_open_flags=[old]))
    assert r.headline.startswith(
        "First: emergency medical evaluation; the patient must not drive until the medical review finds the patient "
        "not delirious or intoxicated (complicated withdrawal (CIWA-Ar of 20 Nov 2026, not resolved); "
    )
    assert "CIWA-Ar item 10 at 1 (cannot do serial additions or uncertain about date))" in r.headline


# --- 1, 4, 5 (second part). A withdrawn C-SSRS high flag's repeat after what leads ------------------------------------

TAKEN = dt.date(2026, 3, 2)
LATE = dt.date(2026, 3, 5)
# physician review R1 (session 11), should-fix 8: what to do on the phone
# physician review R18 (session 16), open question Q1 ruled: the staff clause named (r18.md, its words)
IF_POSITIVE = (
    "if question 4 or 5 is yes, or behaviour was in the past 3 months: safety precautions (a member of staff stays "
    "with the patient; by phone: stay on the line and call emergency services) and an immediate emergency evaluation"
)
# physician review R1 (session 11), must-fix 3: a medical emergency leading, the receiving team told at handover;
# the patient who declines transfer: physician review R2 (session 11), should-fix 5, with capacity to decline in
# every lead that arranges a transfer (physician review R4, session 11, must-fix 1, its words)
AT_HANDOVER = (
    "; then, at handover, tell the receiving team that the C-SSRS screen of 02 Mar 2026 was high risk, was withdrawn "
    "by a correction and was never assessed, and ask them to repeat it once the patient is able to answer (do not "
    "delay the transfer for it); record their result here; if the patient declines transfer and the prescriber finds "
    "and records capacity to decline (without capacity: transfer by emergency services; with capacity: record the "
    "advice given and the risks explained; arrange the highest level of care the patient accepts; any dose as the "
    "prescriber decides; tell the patient and any supportive person to call emergency services for a seizure, "
    "confusion, hallucinations or any worsening): repeat the screen with the "
    "patient before the patient leaves if able to answer; if not able to answer or already gone (the patient must not "
    "drive): contact the patient now (welfare check if unreachable) and repeat the screen by phone once able to answer"
)
COWS_ABOVE_36 = [4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 3]  # 46 (Wesson & Ling 2003: more than 36, severe)
CIWA_MODERATE = [2, 2, 2, 2, 2, 1, 0, 0, 2, 0]  # 13 (ASAM 2020: 10-18, moderate)


def _kept(corrected_on=LATE):
    marker = Withdrawn(TAKEN, corrected_on, "2", corrected_on != TAKEN)
    return Flag("suicide_risk_high", "C-SSRS high risk", "critical", calls_for="emergency_evaluation", withdrawn=marker)


def test_a_transfer_leading_tells_the_receiving_team_at_handover():
    r = recommend({1: 4, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions([], older_open_flags=[_kept()]))
    assert r.headline.startswith(
        # the withdrawn flag's handover step says the refusal branch: not said twice (physician review R5, must-fix 1)
        # physician review R16 (session 15), the rulings on C22, C23, C30: staff until handover, the reason told there
        "First: emergency medical evaluation: arrange transfer now (ED, or 4-WM); staff with the patient until "
        "handover; at handover tell the receiving team why dimension 1 was rated 4; the patient must not drive "
        f"(dimension 1 rated 4, imminent danger){AT_HANDOVER}; {IF_POSITIVE}. Then, as the evaluation decides: "
    )
    assert "flag is open" not in r.headline  # physician review R1: jargon a receiving team does not know


def test_an_emergency_evaluation_of_a_cows_flag_leading_tells_the_receiving_team_too():
    cows = iopkit.score("cows", COWS_ABOVE_36)
    ciwa = iopkit.score("ciwa_ar", CIWA_MODERATE)
    r = recommend(
        {1: 2, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions([cows, ciwa], older_open_flags=[_kept()])
    )
    # an emergency evaluation of a COWS flag (alcohol withdrawal alongside) is a medical emergency: the receiving
    # team's form (physician review R1, session 11, must-fix 3, case O)
    assert f"{AT_HANDOVER}; {IF_POSITIVE}. " in r.headline
    assert "evaluating team" not in r.headline


#: Physician review R36 N3 (with R32 (a) and R33 S1), the reviewer's words: the hold of a COWS dose alone beside a
#: C-SSRS high risk withdrawn by a correction, in a step that names a transfer that may come ("if the patient is
#: transferred before the screen is repeated"): both branches, the repeated C-SSRS screen first before a lift or a taxi
#: (was: "intoxicated: the patient must not drive today)").
OLD_HOLD = "intoxicated: the patient must not drive today)"
RESCREEN_HOLD = (
    f"intoxicated: if transferred, {TOLD}; if not: {STAY}; {NOT_CLEARED_COWS}; the patient must not drive today; "
    f"{INSISTS_ON_RESCREEN})"
)


def test_after_a_cows_treated_now_the_repeat_follows_the_first_dose_and_names_the_late_correction_s_day():
    cows = iopkit.score("cows", COWS_ABOVE_36)
    suggested = suggest_dimensions([cows], older_open_flags=[_kept()])
    r = recommend({1: 2, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}, suggested=suggested)
    # physician review R16 (session 15), should-fix S5: beside a C-SSRS high (here withdrawn by a correction, never
    # assessed: still asked, the conservative reading) the screen asks about an overdose or ingestion first
    # physician review R36 N3 (with R32 (a), R33 S1): the hold beside the C-SSRS high withdrawn by a correction says
    # both branches ("if the patient is transferred before the screen is repeated"), the repeated C-SSRS screen
    # first before a lift or a taxi (typed: RESCREEN_HOLD)
    assert r.headline.startswith(
        "First: "
        + SCREEN_OPIOID_OVERDOSE.replace(OLD_HOLD, RESCREEN_HOLD)
        + "a prescriber treats withdrawal now, before the patient leaves: "
    )
    assert (
        "; then, after the first dose and before the patient leaves, repeat the C-SSRS screen (high suicide risk of "
        "the C-SSRS screen of 02 Mar 2026 withdrawn by a correction entered on 05 Mar 2026, never closed)"
        # R21 S5: how the patient given a dose on site goes home, before the branches that end the sentence
        # R26a S1 as ruled in session 22: the going-home clause re-typed in observable words (POSS levels
        # 1-2; naloxone in hand, the supportive person shown how to use it)
        "; after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
        # R39 S3: the opioid clause introduces no supportive person: "(and any supportive person ...)"
        # R32 S3: a COWS re-score after the last buprenorphine dose no higher than before it (the going-home clause)
        "roused, and has a COWS re-score after the last buprenorphine dose no higher than before it (no precipitated "
        "withdrawal), with naloxone in hand (and any supportive person shown how to use it), and "
        # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
        "the patient and any supportive person told not to add alcohol or other sedatives; otherwise the patient "
        # R43 M1: 'until they are met' -> 'until these conditions are met' ('they' misread as the patient)
        "stays on site until these conditions are met, or a higher level of care is arranged; if the "
        "patient is transferred before the screen is repeated: "
    ) in r.headline  # physician review R1 (session 11), should-fix 6; the reason's date: should-fix 5; R2 should-fix 9
    assert "review finds the patient able" not in r.headline


# physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team
SCREEN_ALCOHOL_TRANSFER = SCREEN_ALCOHOL.replace("(the patient must not drive today)", f"({NEXT_TRANSFER})")


# --- 3. buprenorphine now beside alcohol withdrawal treated with medication -------------------------------------------

COWS_MODERATE = [1, 2, 3, 1, 1, 1, 1, 1, 1, 1, 0]  # 13 (Wesson & Ling 2003: 13-24, moderate)
# physician review R2 (session 11), should-fix 12, the reviewer's words
#: R21 S2: beside a COWS dose's "after a first dose ... should not drive today" in the same sentence, the note in its
#: on-site form (the driving advice once a sentence); before: "..., and the patient must not drive"
BENZODIAZEPINE = (
    "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient is "
    "on site"
)


def test_buprenorphine_now_beside_a_moderate_ciwa_ar_treated_says_to_monitor_a_benzodiazepine_with_it():
    cows = iopkit.score("cows", COWS_ABOVE_36)
    ciwa = iopkit.score("ciwa_ar", CIWA_MODERATE)
    r = recommend({1: 2, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions([cows, ciwa]))
    # physician review R2 (session 11), must-fix 1 and should-fix 12, the reviewer's words: the COWS lead arranges
    # the transfer; its benzodiazepine note reads "until handover"
    expected = (
        "First: emergency evaluation now: severe opioid withdrawal with alcohol withdrawal alongside (CIWA-Ar 13 "
        "today), a complicating condition on the COWS flag: arrange transfer now (ED, or 3.7-WM/4-WM)"
        + "; staff with the patient until handover"  # R46 Q4: on every path, straight after the transfer
        + MEDICAL_DECLINES
        + "; "
        # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team (was: "(the
        # patient must not drive today)")
        + SCREEN_ALCOHOL_TRANSFER
        + "a prescriber "
        "gives a first dose before transfer if it does not delay the transfer (buprenorphine, or methadone as the "
        "COWS flag says; for alcohol withdrawal, medication at a CIWA-Ar of 10 or more); at handover tell the "
        # R23a finding 2: the ruling's words, re-typed
        "receiving team the last CIWA-Ar and COWS scores and any dose with its time; if a benzodiazepine is given "
        "with buprenorphine or methadone: monitor sedation and breathing until handover; the patient must not drive "
        "(COWS above 36 (severe opioid withdrawal); CIWA-Ar in the moderate withdrawal band). Then, after medically "
        "managed withdrawal, reassess all six dimensions for treatment (on today's ratings at least Level 1 "
        "(Outpatient))."
    )
    assert r.headline == expected


def test_a_moderate_cows_with_buprenorphine_beside_a_moderate_ciwa_ar_says_it_too_and_a_cows_alone_does_not():
    ciwa = iopkit.score("ciwa_ar", CIWA_MODERATE)
    both = recommend(
        {1: 2, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1},
        suggested=suggest_dimensions([iopkit.score("cows", COWS_MODERATE), ciwa]),
    )
    # R21 S5: how the patient given a dose on site goes home, at the end of the dose's sentence
    assert (
        # R62 S2 (ruled R63): the step arranges medically managed withdrawal after a dose (was: "{BENZODIAZEPINE};")
        f"at the end of the visit; {BENZODIAZEPINE} (if transferred: until handover); after a dose given on site, the "
        "patient goes home only if awake "
        "or no more than slightly drowsy and easily roused"
        # physician review R29 (should-fix): the benzodiazepine's going-home conditions (was: "roused, with naloxone")
        # R32 S3: a COWS re-score after the last buprenorphine dose no higher than before it (the going-home clause)
        ", walks steadily, has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, and has a COWS "
        "re-score after the last buprenorphine dose no higher than before it (no precipitated withdrawal), with a "
        "supportive person to stay overnight"
        ", with naloxone in hand and the supportive person shown how "
        "to use it, and the patient and the supportive person told not to add alcohol or "
        # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
        "other sedatives; otherwise the patient stays on site until these conditions are met, or a higher level of "
        "care is "
        "arranged (COWS 13-24 (moderate withdrawal); "
    ) in both.headline
    alone = recommend(
        {1: 2, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}, suggested=suggest_dimensions([iopkit.score("cows", COWS_ABOVE_36)])
    )
    assert "benzodiazepine" not in alone.headline


# --- 5. a C-SSRS high flag never closed, lowered to low by a correction: the headline says what the chart says --------

HIGH = ["yes", "yes", "no", "yes", "no", "no", None]  # question 4 (intent) yes: high risk
LOW = ["yes", "yes", "no", "no", "no", "no", None]  # questions 1-2 yes only: low risk
ROUTINE = {1: 0, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}


def _lowered(store, clock, saved):
    from iopkit import score

    from .conftest import clinic_time

    pid = store.add_patient("IOP-C1")
    clock.day = TAKEN
    original = store.save(pid, score("cssrs_screen", HIGH), by="KM", when=clinic_time(TAKEN, 12))
    clock.day = saved
    fixed = store.save(
        pid, score("cssrs_screen", LOW), by="AB", when=clinic_time(TAKEN, 12), amends=original, reason="Q4 was no"
    )
    return pid, fixed


def _placement(store, pid, as_of, ratings=ROUTINE):
    from iopkit.episode import Episode

    episode = Episode.from_store(store, pid, as_of=as_of)
    inputs = episode.placement_inputs
    suggested = suggest_dimensions(
        inputs.scores, scored_on=inputs.scored_on, today=inputs.today, older_open_flags=inputs.older_open_flags
    )
    return episode, recommend(ratings, suggested=suggested)


def test_a_high_flag_never_closed_lowered_late_reads_in_the_headline_as_on_the_chart(store, clock):
    pid, _ = _lowered(store, clock, LATE)
    episode, r = _placement(store, pid, LATE)
    (flag,) = episode.open_flags
    assert (
        "the patient may have left since: contact the patient now; welfare check if unreachable; when reached: repeat "
        "the C-SSRS screen"
    ) in flag.said  # the chart (typed in test_cssrs_ask_again)
    assert r.first_step is FirstStep.RISK_ASSESSMENT
    assert r.headline == (
        "First: contact the patient now (welfare check if unreachable) and repeat the C-SSRS screen (C-SSRS screen of "
        "02 Mar 2026: high risk, never closed, lowered to low suicide risk by a correction entered on 05 Mar 2026); "
        f"{IF_POSITIVE}; otherwise at least a same-day suicide risk assessment (with the patient, by phone, or by the "
        "receiving team at handover). Then, as the repeated screen decides: Level 1 (Outpatient), under 9 h/week of "
        "clinical services."
    )
    assert "a same-day suicide risk assessment before the patient leaves" not in r.headline
    from iopkit.placement import Recommendation

    assert Recommendation.from_dict(r.to_dict()).headline == r.headline  # a saved placement reads the same


def test_a_high_flag_never_closed_lowered_the_same_day_repeats_the_screen_before_the_patient_leaves(store, clock):
    pid, _ = _lowered(store, clock, TAKEN)
    _, r = _placement(store, pid, TAKEN)
    assert r.headline == (
        "First: repeat the C-SSRS screen with the patient before the patient leaves (C-SSRS screen of 02 Mar 2026: "
        "high risk, never closed, lowered to low suicide risk by a correction); if the patient has left: contact the "
        f"patient now and repeat the screen by phone; welfare check if unreachable; {IF_POSITIVE}; otherwise at least "
        "a same-day suicide risk assessment (with the patient, by phone, or by the receiving team at handover). Then, "
        "as the repeated screen decides: Level 1 (Outpatient), under 9 h/week of clinical services."
    )
