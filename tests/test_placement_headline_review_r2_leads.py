"""Physician review R2 (session 11): the emergency leads that arranged no transfer, the medical review before the first
dose, the benzodiazepine note. Texts typed by hand from the reviewer's wording, never computed by
iopkit.

Rules and sources: alcohol withdrawal alongside a COWS above 36 is a complicating condition on the COWS flag (ASAM 2020
OUD guideline; ASAM 2020 alcohol withdrawal guideline, Rec VII.5, VII.8) and complicated withdrawal is delirium until
shown otherwise (Rec VI.7: a medical emergency): both arrange the transfer now, and all six dimensions are reassessed
after medically managed withdrawal (must-fix 1); inattention beside a COWS above 36 may be intoxication or early
delirium, so the medical review comes before the first dose (must-fix 4); buprenorphine or methadone beside a
benzodiazepine: monitor sedation and breathing, no driving (FDA Drug Safety Communication, 20 Sep 2017; should-fix 12).
"""

from __future__ import annotations

import datetime as dt

import iopkit
from iopkit.flags import Flag, Withdrawn
from iopkit.placement import FirstStep, recommend, suggest_dimensions
from tests.overdose_words import R32_BRACKET_ESCORTED

from .intoxication_screens import NEXT_TRANSFER, SCREEN_ALCOHOL, SCREEN_ALCOHOL_OVERDOSE, TOLD, r32a
from .refusal_branches import MEDICAL_DECLINES

# R31 M4 (physician review R31, must-fix M4, and S5): an overdose or ingestion held at the screen before a dose:
# call emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose
# (re-typed by /work/scripts/ovd_ed_retype.py).

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

ROUTINE = {1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}
# COWS (Wesson & Ling 2003): 46, above 36 (severe); 19, 13-24 (moderate)
COWS_46 = [4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 3]
COWS_19 = [2, 2, 3, 2, 2, 2, 2, 2, 1, 1, 0]
# CIWA-Ar (Sullivan 1989): 13, moderate; item 10 at 1 (inattention); item 10 at 2 (disoriented: complicated)
CIWA_13 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 0]
CIWA_ITEM_10_AT_1 = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
CIWA_ITEM_10_AT_2 = [0, 0, 0, 0, 0, 0, 0, 0, 0, 2]
CIWA_24 = [4, 4, 4, 4, 4, 0, 0, 0, 4, 0]

# --- the reviewer's texts --------------------------------------------------------------------------------------------
COWS_TRANSFER = (
    "First: emergency evaluation now: severe opioid withdrawal with alcohol withdrawal alongside (CIWA-Ar 13 today), a "
    "complicating condition on the COWS flag: arrange transfer now (ED, or 3.7-WM/4-WM)"
    # R46 Q4: staff with the patient until handover on every path, straight after the transfer
    "; staff with the patient until handover"
)
COWS_DOSE = (
    "; "
    + SCREEN_ALCOHOL
    + "a prescriber gives a first dose before transfer if it does not delay the transfer (buprenorphine, or methadone "
    "as the COWS flag says; for alcohol withdrawal, medication at a CIWA-Ar of 10 or more); at handover tell the "
    # R23a finding 2: the ruling's words, re-typed
    "receiving team the last CIWA-Ar and COWS scores and any dose with its time; if a benzodiazepine is "
    "given with buprenorphine or methadone: monitor sedation and breathing until handover; the patient must not drive"
)
# beside a withdrawn flag, whose handover step says the refusal branch (not said twice)
COWS_LEAD = COWS_TRANSFER + COWS_DOSE
# physician review R16 (session 15), should-fix S5: beside the withdrawn, never-assessed C-SSRS high (case K) the
# screen asks about an overdose or ingestion first (the conservative reading)
COWS_LEAD_S5 = COWS_LEAD.replace(SCREEN_ALCOHOL, SCREEN_ALCOHOL_OVERDOSE)
# case N3, no withdrawn flag: the refusal branch after the transfer (physician review R5, session 11, must-fix 1 (a))
# physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team
COWS_LEAD_N3 = r32a(COWS_TRANSFER + MEDICAL_DECLINES + COWS_DOSE)
# physician review R16 (session 15): the ruling on C06 (the delirium screen and first dose after the lead, the
# re-assessment after "the patient must not drive", the reviewer's words), with should-fix S5's overdose question and
# hold beside the C-SSRS high (withdrawn by a correction, never assessed: still asked, the conservative reading)
COMPLICATED_LEAD = (
    # R75 3a (was: "arrange transfer now to medically managed withdrawal")
    "First: emergency medical evaluation: arrange transfer now by emergency services to medically managed withdrawal "
    "(ED, or 4-WM); staff with the patient until handover; before any dose: ask about any overdose or ingestion "
    "today and screen for "
    "delirium (CAM or 4AT) and intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    "thiamine and check blood glucose; if delirium, an overdose or ingestion, or intoxication: no dose here "
    + R32_BRACKET_ESCORTED
    + "; "
    "otherwise a prescriber gives a first dose before "
    # R65 F2 (was: "the last CIWA-Ar score and any dose with its time"): the step screens for delirium (CAM or 4AT)
    "transfer if it does not delay the transfer; at handover tell the receiving team the last CIWA-Ar score, the "
    "delirium screen and any dose with its time; the patient must not drive; re-assess for seizures or delirium until "
    "handover"
)
# physician review R4 (session 11), should-fix of must-fix 1: with no withdrawn flag (no refusal branch of its own),
# the refusal branch after "staff with the patient until handover" (the reviewer's words)
COMPLICATED_LEAD_ALONE = (
    # R75 3a (was: "arrange transfer now to medically managed withdrawal")
    "First: emergency medical evaluation: arrange transfer now by emergency services to medically managed withdrawal "
    "(ED, or 4-WM); staff with the patient until handover; if the patient declines transfer: the prescriber "
    "assesses and records capacity "
    "to decline (without capacity: transfer by emergency services; with capacity: record the advice given and the "
    "risks explained; arrange the highest level of care the patient accepts; any dose as the prescriber decides; tell "
    "the patient and any supportive person to call emergency services for a seizure, confusion, hallucinations or any "
    "worsening); "
    # physician review R16 (session 15), the ruling on C06, the reviewer's words
    "before any dose: screen for delirium (CAM or 4AT) and intoxication (breath alcohol above zero, or signs of "
    "sedative intoxication), give thiamine and check blood glucose; if delirium or intoxication: no dose here "
    # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team
    f"(delirium: to the ED by emergency services; intoxication: {NEXT_TRANSFER}); otherwise a "
    "prescriber gives a first dose before transfer if it does "
    # R23a finding 2: the ruling's words, re-typed
    # R65 F2 (was: "the last CIWA-Ar score and any dose with its time"): the step screens for delirium (CAM or 4AT)
    "not delay the transfer; at handover tell the receiving team the last CIWA-Ar score, the delirium screen and any "
    "dose with its time; the patient must not drive; re-assess for seizures or delirium until handover"
)
AFTER = (
    "Then, after medically managed withdrawal, reassess all six dimensions for treatment (on today's ratings at least "
    "Level 1 (Outpatient))."
)
DROPPED = "Also before deciding the setting: assess withdrawal risk today ("
REVIEW_FIRST = (
    "First: medical review now, before the first dose: screen for delirium (CAM or 4AT) and intoxication (breath "
    "alcohol)"
)
# physician review R3 (session 11), must-fix 4: the delirium branch arranges the transfer, intoxication is acted on
# (the reviewer's words)
# (R6, must-fix 6: "if delirium (a complicating condition on the COWS flag): ...", with its refusal branch)
THEN_DOSE = (
    # R76b A (was: "...on the COWS flag): emergency evaluation: arrange transfer now (ED); staff with ...")
    "; if delirium (a complicating condition on the COWS flag): emergency evaluation: arrange transfer now by "
    "emergency services (ED); staff with the patient until handover; if the patient declines transfer: the prescriber "
    "assesses and records capacity to decline (without capacity: transfer by emergency services; with capacity: record "
    "the advice given and the risks explained; arrange the highest level of care the patient accepts; any dose as the "
    "prescriber decides; tell the patient and any supportive person to call emergency services for a seizure, "
    "confusion, hallucinations or any worsening); if intoxicated (breath alcohol above zero, or signs of sedative "
    "intoxication): no buprenorphine, methadone or benzodiazepine until it clears and the "
    # physician review R35 S2: item 10's hold beside the delirium's (conditional) transfer tells the receiving team if
    # transferred (was: "(the patient must not drive today)")
    f"review is repeated (the patient must not drive today; if transferred: {TOLD}); "
    "otherwise a prescriber treats withdrawal now, before the patient leaves: buprenorphine, or methadone as the COWS "
    "flag says; "
)
BENZODIAZEPINE = (
    "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient is "
    "on site, and the patient must not drive"
)


def _rec(ratings, *scores, **facts):
    return recommend(ratings, suggested=suggest_dimensions([iopkit.score(i, a) for i, a in scores], **facts))


def _withdrawn_high() -> Flag:
    """A C-SSRS high-risk flag a correction withdrew, never closed (the reviewer's cases 6, K)."""
    withdrawn = Withdrawn(dt.date(2026, 3, 2), dt.date(2026, 3, 2), "2", False)
    return Flag(
        "suicide_risk_high", "C-SSRS high risk", "critical", calls_for="emergency_evaluation", withdrawn=withdrawn
    )


def test_must_fix_1_a_cows_above_36_with_alcohol_withdrawal_alongside_arranges_the_transfer_case_n3():
    r = _rec(ROUTINE, ("cows", COWS_46), ("ciwa_ar", CIWA_13))
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    assert r.headline.startswith(f"{COWS_LEAD_N3} (COWS above 36 (severe opioid withdrawal), ")
    assert r.headline.endswith(f"). {AFTER}")
    assert DROPPED not in r.headline
    assert "as the evaluation decides" not in r.headline and "before the patient leaves: treat" not in r.headline


def test_must_fix_1_complicated_withdrawal_arranges_the_transfer_case_w1():
    r = _rec(ROUTINE, ("ciwa_ar", CIWA_ITEM_10_AT_2))
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    assert r.headline == (
        f"{COMPLICATED_LEAD_ALONE} (complicated withdrawal: dimension 1 rated 1, below the 4 it calls for). {AFTER}"
    )


def test_must_fix_1_the_handover_form_now_follows_a_lead_that_arranges_a_transfer_cases_6_and_k():
    for scores in ((("cows", COWS_46), ("ciwa_ar", CIWA_13)), (("ciwa_ar", CIWA_ITEM_10_AT_2),)):
        r = recommend(
            ROUTINE,
            suggested=suggest_dimensions([iopkit.score(i, a) for i, a in scores], older_open_flags=[_withdrawn_high()]),
        )
        assert r.first_step is FirstStep.EMERGENCY_EVALUATION
        assert COWS_LEAD_S5 != COWS_LEAD
        # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team
        assert r.headline.startswith(r32a(COWS_LEAD_S5) if len(scores) == 2 else COMPLICATED_LEAD)
        assert "arrange transfer now" in r.headline.split("; then, at handover, tell the receiving team")[0]
        assert r.headline.endswith(AFTER) and DROPPED not in r.headline


def test_must_fix_4_beside_ciwa_ar_item_10_at_1_the_medical_review_comes_before_the_first_dose_case_n8():
    r = _rec(ROUTINE, ("cows", COWS_46), ("ciwa_ar", CIWA_ITEM_10_AT_1))
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    assert r.headline.startswith(REVIEW_FIRST)
    assert THEN_DOSE in r.headline
    assert r.headline.index("screen for delirium") < r.headline.index("buprenorphine")
    assert r.headline.count("a prescriber treats withdrawal now") == 1


def test_must_fix_4_the_withdrawn_flag_s_repeat_follows_the_review_case_b4():
    r = recommend(
        ROUTINE,
        suggested=suggest_dimensions(
            [iopkit.score("cows", COWS_46), iopkit.score("ciwa_ar", CIWA_ITEM_10_AT_1)],
            older_open_flags=[_withdrawn_high()],
        ),
    )
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # physician review R16 (session 15), should-fix S5: beside the withdrawn, never-assessed C-SSRS high an overdose
    # or ingestion holds the dose too (the conservative reading)
    then_dose = THEN_DOSE.replace(
        "; if intoxicated (",
        "; if an overdose or ingestion: no dose here (call emergency services for the ED, staff with the patient "
        "until handover, naloxone if signs of opioid overdose); if "
        "intoxicated (",
    )
    assert then_dose != THEN_DOSE
    review_first = (  # and the review asks it first (R16-S5)
        "First: medical review now, before the first dose: ask about any overdose or ingestion today and screen for "
        "delirium (CAM or 4AT) and intoxication (breath alcohol)"
    )
    assert r.headline.startswith(review_first) and then_dose in r.headline
    assert "once the medical review finds the patient able to answer (not delirious or intoxicated)" in r.headline
    assert "after the first dose and before the patient leaves" not in r.headline


def test_should_fix_12_the_benzodiazepine_note_covers_methadone_and_driving_case_n2():
    r = _rec(ROUTINE, ("cows", COWS_19), ("ciwa_ar", CIWA_13))
    # R21 S2: the sentence says the COWS dose's "after a first dose ... should not drive today" (R13 S5): the note in
    # its on-site form, the driving advice once a sentence (before: f"; {BENZODIAZEPINE} (")
    # R21 S5: the plan offers ambulatory WM: how the patient given a dose on site goes home, at the end of the sentence
    home = (
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
        "stays on site until these conditions are met, or a higher level of care is arranged"
    )
    # R62 S2 (ruled R63): the step arranges medically managed withdrawal after a dose: the watch until handover if
    # transferred (was: f"; {BENZODIAZEPINE.removesuffix(...)}{home} (")
    watch = BENZODIAZEPINE.removesuffix(", and the patient must not drive")
    assert f"; {watch} (if transferred: until handover){home} (" in r.headline


def test_should_fix_12_where_the_headline_already_says_not_to_drive_the_note_does_not_repeat_it():
    r = _rec({1: 4, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}, ("cows", COWS_46), ("ciwa_ar", CIWA_24))
    assert "the patient must not drive" in r.headline
    # physician review R3 (session 11), should-fix 10: dimension 1 rated 4 is a transfer, "until handover"
    assert (
        "; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until "
        "handover ("
    ) in r.headline
    assert BENZODIAZEPINE not in r.headline
