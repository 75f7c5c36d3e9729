"""Physician review R4 (session 11): the emergency leads' dose gate, the suicide lead beside a COWS above 36, the
intoxication hold, the no-driving clause, "staff with the patient" once, and 1-WM after an arranged escalation
(must-fix 2, 3, 4; should-fix 5, 7, 8). Texts typed by hand from the reviewer's wording, never
computed by iopkit; the reviewer's cases in brackets (K1-K9: the engineers' extra.py; Q2: the reviewer's).

Rules and sources: inattention (CIWA-Ar item 10 at 1) may be early delirium or intoxication, so beside a rating of 4
the screen, thiamine and glucose come before any dose (CAM, Inouye 1990; 4AT, Bellelli et al. 2014; Schabelman & Kuo
2012; must-fix 2); an intoxicated patient gets no agonist or benzodiazepine (FDA Drug Safety Communication, 20 Sep
2017: respiratory depression; must-fix 4); beside high suicide risk (Columbia triage: an immediate emergency
evaluation) withdrawal is treated while the patient waits, a complicating condition goes to the same evaluation
(ASAM 2020 OUD guideline; must-fix 3) and the patient must not drive, without condition (should-fix 5); ambulatory
withdrawal management only without complicating factors (ASAM 2020 alcohol withdrawal guideline, Rec VII.8;
should-fix 8).
"""

from __future__ import annotations

import datetime as dt

import pytest

import iopkit
from iopkit import score
from iopkit.episode import Episode
from iopkit.placement import FirstStep, recommend, suggest_dimensions
from tests.intoxication_screens import r32a
from tests.overdose_words import R32_BRACKET_ESCORTED

from .conftest import clinic_time
from .intoxication_screens import NEXT_TRANSFER, SCREEN_OPIOID_OVERDOSE, TOLD, without_holds
from .refusal_branches import AT_4_STAFF_D1, MEDICAL_DECLINES, PSYCHIATRIC_DECLINES
from .suicide_handover_words import M2_TOLD_TODAY

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

ROUTINE = {1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}
# COWS (Wesson & Ling 2003): 46, above 36 (severe); 14, 13-24 (moderate)
COWS_46 = [4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 3]
COWS_14 = [2, 2, 3, 2, 2, 2, 2, 2, 1, 1, 0]
# CIWA-Ar (Sullivan 1989): 14 with item 10 at 1 (inattention)
CIWA_14_ITEM_10_AT_1 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 1]
# C-SSRS screener (Posner et al. 2011): questions 1, 2 and 4 yes, high risk; 1-3 yes, moderate; all no
CSSRS_HIGH = ["yes", "yes", "no", "yes", "no", "no", None]
CSSRS_MODERATE = ["yes", "yes", "yes", "no", "no", "no", None]
TAKEN = dt.date(2026, 3, 2)

# --- the reviewer's texts --------------------------------------------------------------------------------------------
# must-fix 2 (case K1): dimension 3 rated 4, its transfer (R3's words; no suicide-risk finding: "emergency psychiatric
# evaluation", R5 should-fix 10), then the reviewer's gate
K1_LEAD = (
    "First: emergency psychiatric evaluation now: arrange transfer now (ED); safety precautions, staff with the "
    "patient, until handover"
    + PSYCHIATRIC_DECLINES
    + "; the patient must not drive; before any dose: screen for delirium (CAM or 4AT) and "
    "intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood "
    "glucose; if delirium or intoxication: no dose here (delirium: to the ED by emergency services; intoxication: "
    # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team
    f"{NEXT_TRANSFER}); "
    "otherwise a prescriber gives a first dose for today's alcohol and opioid withdrawal (buprenorphine for the opioid "
    "withdrawal) before transfer only if it does not delay the transfer and the reason for rating 4 allows it; "
    # R23a finding 2: the last CIWA-Ar and COWS scores and any dose told at handover; R26b M2 (b): why dimension 3
    # was rated 4 first
    # R65 F2 (was: "and COWS scores and any dose with its time"): the lead screens for delirium (CAM or 4AT)
    "at handover tell the receiving team why dimension 3 was rated 4 (what the patient said or did), the last CIWA-Ar "
    "and COWS scores, the delirium screen and any dose with its time; "
    "re-score the CIWA-Ar within 1 hour; disorientation (item 10 at 2 or more) is complicated withdrawal; if a "
    "benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until handover"
)
#: R65 F2: refusal_branches.BOTH_TOLD where the text screens for delirium (CAM or 4AT) (was: ", the last CIWA-Ar and
#: COWS scores and any dose with its time"); BOTH_TOLD itself stays for the texts that name no delirium screen
BOTH_TOLD_SCREENED = ", the last CIWA-Ar and COWS scores, the delirium screen and any dose with its time"
# must-fix 2 (case K7): dimension 1 rated 4, the same with "no dose here, staff with the patient until handover"
K7_LEAD = (
    "First: emergency medical evaluation: arrange transfer now (ED, or 4-WM)"
    # physician review R16 (session 15), the rulings on C22, C23, C30: staff until handover and the receiving team told
    # why (and, beside the COWS, its score and any dose), said after the transfer, so once (R16-S8): the screen's
    # "no dose here" no longer repeats "staff with the patient until handover"
    + AT_4_STAFF_D1
    + BOTH_TOLD_SCREENED  # R23a finding 2: the last CIWA-Ar and COWS scores and any dose (R65 F2: the screen too)
    + MEDICAL_DECLINES
    + "; the patient must not drive; before any "
    "dose: screen for delirium (CAM or 4AT) and intoxication (breath alcohol above zero, or signs of sedative "
    "intoxication), give thiamine and check blood glucose; if delirium or intoxication: no dose here (delirium: to the "
    # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team
    f"ED by emergency services; intoxication: {NEXT_TRANSFER}); otherwise a prescriber gives a "
    "first dose for today's alcohol and opioid withdrawal (buprenorphine for the opioid withdrawal) before transfer "
    "only if it does not delay the transfer and the reason for rating 4 allows it; re-score the CIWA-Ar within 1 hour; "
    "disorientation (item 10 at 2 or more) is complicated withdrawal; if a benzodiazepine is given with buprenorphine "
    "or methadone: monitor sedation and breathing until handover"
)
DROPPED_REVIEW = "medical review now: screen for delirium"
# must-fix 3 (case K8), the reviewer's replacement, with R5's should-fix 5 (no driving, in K9's order)
K8_LEAD = (  # physician review R6, must-fix 4: its K8 text
    "First: emergency evaluation for suicide risk, with safety precautions, staff with the patient, until it is "
    "done; if the patient declines it or tries to leave: staff stay with the patient and call emergency services for "
    "an emergency mental-health assessment (local involuntary-assessment procedure); the patient must not drive; and "
    # physician review R16 (session 15), should-fix S5: beside the C-SSRS high the overdose question first
    + SCREEN_OPIOID_OVERDOSE
    + "a prescriber treats withdrawal now, while the patient waits for it: buprenorphine, or methadone as the "
    "COWS flag says; re-score the COWS after dosing; a complicating condition listed on the COWS flag goes to the same "
    "emergency evaluation"
)
# must-fix 4 (cases K9, Q2): inserted after "disorientation (item 10 at 2 or more) is complicated withdrawal;", and
# after it physician review R6 (session 11), must-fix 5: what a positive delirium screen calls for, then the hold
HOLD = (
    "if intoxicated (breath alcohol above zero, or signs of sedative intoxication): no buprenorphine, methadone or "
    "benzodiazepine until it clears and the review is repeated (the patient must not drive today; if transferred: "
    # physician review R35 S2 (K9 beside the C-SSRS high: R36 S1): item 10's hold beside the delirium branch's
    # transfer tells the receiving team if transferred (was: "(the patient must not drive today);")
    f"{TOLD});"
)
#: R38 item 6 (b): Q2's C-SSRS moderate risk stands (a same-day suicide risk assessment due), no transfer now and no
#: C-SSRS high risk standing (K9's waits for its emergency evaluation): staff stay with a patient who tries to leave
HOLD_Q2 = HOLD.replace(
    "(the patient must not drive today; if transferred: ",
    "(the patient must not drive today; if the patient tries to leave before it clears: staff stay with the patient "
    "and arrange an emergency evaluation for suicide risk; if transferred: ",
)
DELIRIUM_THEN = (
    "disorientation (item 10 at 2 or more) is complicated withdrawal; if delirium: emergency evaluation: arrange "
    # R76b A (was: "if delirium: emergency evaluation: arrange transfer now (ED, or 4-WM); staff with the ...")
    "transfer now by emergency services (ED, or 4-WM); staff with the patient until handover; "
)
# beside a C-SSRS high (K9): one setting, the ED (physician review R7, should-fix 6, its words)
# R22 M2: the ED named as the box names it, the C-SSRS high told after it, if transferred
# R26b M1, typed; R65 F2 (was: "the last CIWA-Ar and COWS scores and any dose with its time"): K9's step screens for
# delirium (CAM or 4AT)
BOTH_DOSED = "the last CIWA-Ar and COWS scores, the delirium screen and any dose with its time"
DELIRIUM_THEN_ED = (
    "disorientation (item 10 at 2 or more) is complicated withdrawal; if delirium: emergency evaluation: arrange "
    # R76b A (was: "if delirium: emergency evaluation: arrange transfer now (ED: emergency evaluation for ...")
    "transfer now by emergency services (ED: emergency evaluation for suicide risk and emergency medical evaluation "
    "in one setting); staff "
    # R26b M1 (d): the step treats withdrawal (CIWA-Ar 14 and COWS 14 today): the scores and any dose first
    f"with the patient until handover {M2_TOLD_TODAY.replace('team that', f'team {BOTH_DOSED}, that')}; "
)
# should-fix 5 (case K9)
K9_START = (  # physician review R6, must-fix 4 (K9 with item 10)
    "First: emergency evaluation for suicide risk, with safety precautions, staff with the patient, until it is "
    "done; if the patient declines it or tries to leave: staff stay with the patient and call emergency services for "
    "an emergency mental-health assessment (local involuntary-assessment procedure); the patient must not drive; and "
    "medical review now: "
)
NO_DRIVING_UNTIL = "the patient must not drive until the medical review finds the patient not delirious or intoxicated"
# should-fix 7 (case K2): the suicide form; J2 (no suicide risk) keeps the staff clause
# (physician review R6, session 11, must-fix 3: each form sends delirium to the ED by emergency services)
SUICIDE_FORM = (
    "if delirium or intoxication: no dose here (delirium: to the ED by emergency services; intoxication: "
    # physician review R32 (a) (its four settings): dimension 2 rated 4 is a transfer now, the receiving team told
    f"{NEXT_TRANSFER}); otherwise "
)
# physician review R16 (session 15), should-fix S5: beside the C-SSRS high the delirium screen's hold holds an overdose
# or ingestion too (as tests/test_placement_headline_review_r6_screens.py types it)
SUICIDE_FORM_S5 = (
    "if delirium, an overdose or ingestion, or intoxication: no dose here " + R32_BRACKET_ESCORTED + "; otherwise "
)
STAFF_FORM = (
    "if delirium or intoxication: no dose here, staff with the patient until handover (delirium: to the ED by "
    # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team
    f"emergency services; intoxication: {NEXT_TRANSFER}); otherwise "
)
# physician review R32 (a) (its four settings), R34 S1: beside the C-SSRS high and dimension 1 rated 4 the lead names
# an "emergency evaluation for suicide risk": the intoxicated patient waits with staff, screened and scored again
# ("the scores": COWS and CIWA-Ar both) or handed over (was: R32_BRACKET_ESCORTED's "intoxication: tell the receiving
# team ...; the patient must not drive today")
SUICIDE_FORM_S5_WAIT = (
    "if delirium, an overdose or ingestion, or intoxication: no dose here (delirium, or an overdose or ingestion: call "
    "emergency services for the ED, naloxone if signs of opioid overdose; intoxication: staff stay with the patient; "
    "repeat the screen and the scores when it clears, or tell the receiving team at handover; the patient must not "
    "drive today); otherwise "
)
# should-fix 8 (cases K9, Q2)
# R26a M3: CIWA-Ar item 10 at 1 and a COWS of 14, both today (K9, Q2): never below 2-WM; the note follows the level
# R27 should-fix (beside M3): one bracket, "; " between the reason and the note (was "... 1 today) (2-WM only if ...")
ONE_WM_ENDING = (
    "with 2-WM ambulatory withdrawal management with extended on-site monitoring (not 1-WM: alcohol and opioid "
    "withdrawal together, CIWA-Ar item 10 at 1 today; 2-WM only if the review and the prescriber find it safe; "
    "otherwise as arranged above)."
)


def _rec(ratings, *scores):
    return recommend(ratings, suggested=suggest_dimensions([iopkit.score(i, a) for i, a in scores]))


def _q2(store, clock):
    """Case Q2: a C-SSRS screen of 02 Mar 2026 at high risk, lowered the same day by a correction to moderate, never
    closed; COWS 14 and CIWA-Ar 14 with item 10 at 1 that day."""
    pid = store.add_patient("IOP-Q2")
    clock.day = TAKEN
    original = store.save(pid, score("cssrs_screen", CSSRS_HIGH), by="KM", when=clinic_time(TAKEN, 9))
    store.save(
        pid, score("cssrs_screen", CSSRS_MODERATE), by="AB", when=clinic_time(TAKEN, 9), amends=original, reason="fix"
    )
    for hour, (instrument, items) in enumerate([("cows", COWS_14), ("ciwa_ar", CIWA_14_ITEM_10_AT_1)], start=10):
        store.save(pid, score(instrument, items), by="KM", when=clinic_time(TAKEN, hour))
    inputs = Episode.from_store(store, pid, as_of=TAKEN).placement_inputs
    suggested = suggest_dimensions(
        inputs.scores, scored_on=inputs.scored_on, today=inputs.today, older_open_flags=inputs.older_open_flags
    )
    return recommend(ROUTINE, suggested=suggested)


def _k9():
    return _rec(ROUTINE, ("cows", COWS_14), ("ciwa_ar", CIWA_14_ITEM_10_AT_1), ("cssrs_screen", CSSRS_HIGH))


def test_must_fix_2_the_rating_4_leads_screen_before_any_dose_k1_k7():
    k1 = _rec({**ROUTINE, 3: 4}, ("cows", COWS_46), ("ciwa_ar", CIWA_14_ITEM_10_AT_1))
    k7 = _rec({**ROUTINE, 1: 4}, ("cows", COWS_46), ("ciwa_ar", CIWA_14_ITEM_10_AT_1))
    for r, lead in ((k1, K1_LEAD), (k7, K7_LEAD)):
        assert r.first_step is FirstStep.EMERGENCY_EVALUATION
        assert r.headline.startswith(f"{lead} (")
        assert r.headline.index("before any dose") < r.headline.index("a prescriber gives a first dose")
    # K1's later medical review list is dropped
    assert DROPPED_REVIEW not in k1.headline and "hepatic encephalopathy" not in k1.headline


# physician review R16 (session 15): dimension 2 rated 4 says staff with the patient until handover after its
# transfer (the rulings on C22, C23, C30), so its screen's hold no longer says it again (S8: said once); beside the
# C-SSRS high the hold holds an overdose or ingestion too (S5)
@pytest.mark.parametrize(
    "ratings, cssrs, form",
    [({**ROUTINE, 2: 4}, None, SUICIDE_FORM), ({**ROUTINE, 1: 4}, CSSRS_HIGH, SUICIDE_FORM_S5_WAIT)],
    ids=["d2 rated 4", "C-SSRS high and d1 rated 4"],
)
def test_must_fix_2_every_rating_4_lead_screens_before_its_dose(ratings, cssrs, form):
    scores = [("cows", COWS_46), ("ciwa_ar", CIWA_14_ITEM_10_AT_1)] + ([("cssrs_screen", cssrs)] if cssrs else [])
    r = _rec(ratings, *scores)
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    assert r.headline.index("before any dose") < r.headline.index("a prescriber gives a first dose")
    assert form in r.headline
    assert STAFF_FORM not in r.headline


def test_must_fix_3_the_suicide_lead_treats_withdrawal_while_the_patient_waits_k8():
    r = _rec(ROUTINE, ("cows", COWS_46), ("cssrs_screen", CSSRS_HIGH))
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline.startswith(r32a(f"{K8_LEAD} ("))
    assert "only for a complicating condition" not in r.headline
    assert "before the patient leaves" not in r.headline


def test_must_fix_4_the_medical_review_holds_doses_while_intoxicated_k9_q2(store, clock):
    for r, step, delirium, hold in (
        (_k9(), FirstStep.EMERGENCY_EVALUATION, DELIRIUM_THEN_ED, HOLD),
        (_q2(store, clock), FirstStep.MEDICAL_REVIEW, DELIRIUM_THEN, HOLD_Q2),  # R38 item 6 (b): Q2's own hold
    ):
        assert r.first_step is step
        assert hold in r.headline
        assert r.headline.index(delirium) < r.headline.index(hold)  # R6 must-fix 5 before it
        # the prescriber's review after it (K9: "now, while the patient waits ...", R5 must-fix 3)
        assert r.headline.index(hold) < r.headline.index("a prescriber's review ")


def test_should_fix_5_beside_a_pending_suicide_evaluation_no_driving_has_no_condition_k9(store, clock):
    k9 = _k9()
    assert k9.headline.startswith(K9_START)
    assert NO_DRIVING_UNTIL not in k9.headline
    assert "on site, and the patient must not drive" not in k9.headline
    # R30b M4: the hold's own "(the patient must not drive today)" left out of the count
    assert without_holds(k9.headline).count("must not drive") == 1
    # Q2, the non-suicide form: the order as it stands; the clause says a dose's too, the driving advice said once in
    # the sentence (physician review R16 S11, found by the random sweep of tests/test_placement_headline_no_driving_
    # once.py; R19-N2 (c3)'s words)
    assert (
        # R38 item 6 (b): Q2's own hold
        f"{HOLD_Q2} {NO_DRIVING_UNTIL}, nor today if a dose is given; a prescriber's review"
        in _q2(store, clock).headline
    )


def test_should_fix_7_the_suicide_form_of_the_gate_says_staff_with_the_patient_once_k2():
    k2 = _rec(ROUTINE, ("cows", COWS_46), ("ciwa_ar", CIWA_14_ITEM_10_AT_1), ("cssrs_screen", CSSRS_HIGH))
    # physician review R16 (session 15), should-fix S5: the suicide form's hold holds an overdose or ingestion too
    # physician review R35 M1: the C-SSRS high risk standing, the intoxicated patient waits with staff (was: "tell the
    # receiving team at handover ...; the patient must not drive today", the lead's transfer now)
    assert SUICIDE_FORM_S5_WAIT in k2.headline and STAFF_FORM not in k2.headline
    assert SUICIDE_FORM_S5 not in k2.headline
    assert k2.headline.count("staff with the patient") == 1
    j2 = _rec(ROUTINE, ("cows", COWS_46), ("ciwa_ar", CIWA_14_ITEM_10_AT_1))
    assert STAFF_FORM in j2.headline


def test_should_fix_8_1wm_after_an_arranged_escalation_only_if_found_safe_k9_q2(store, clock):
    for r in (_k9(), _q2(store, clock)):
        assert "arrange medically managed withdrawal or a higher level of care: co-occurring alcohol" in r.headline
        assert r.headline.endswith(ONE_WM_ENDING)
    # no escalation arranged (K8): the plan as it was
    k8 = _rec(ROUTINE, ("cows", COWS_46), ("cssrs_screen", CSSRS_HIGH))
    assert k8.headline.endswith("without extended on-site monitoring.")
