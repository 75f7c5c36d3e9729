"""Physician review R16 (session 15, /work/reviews/r16.md): the headline's words. Every expected text is typed from the
reviewer's "Want" or ruling (never built from iopkit's constants).

S1. Thiamine and blood glucose in the screen before every dose that treats alcohol withdrawal, rating 4 or not (ASAM
    2020 alcohol withdrawal guideline: thiamine for all patients in alcohol withdrawal).
S2. An old moderate CIWA-Ar beside a rating of 4: its re-score before transfer only if it does not delay it, in the
    headline and in its box (ASAM Criteria 2013, rating 4; ASAM 2020 alcohol withdrawal guideline).
S5. Beside a C-SSRS high or moderate risk the screen asks about an overdose or ingestion first (C-SSRS screener triage,
    Posner et al. 2011; FDA Drug Safety Communication, 20 Sep 2017; buprenorphine and methadone labels).
S8. Staff with the patient until handover beside a transfer now for severe alcohol withdrawal (ASAM 2020 alcohol
    withdrawal guideline: seizure risk).
S11. The screen and "the patient must not drive" said once.
Rulings on the case table: C03/C33 (benzodiazepine labels: impaired driving), C06 (C05's screen and dose), C16
(C-SSRS screener triage; Stanley & Brown 2012, safety planning), C22/C23/C30 (ASAM Criteria 2013, rating 4: no patient
waits alone).
"""

import re

import pytest

from tests.intoxication_screens import NEXT_TRANSFER, r32a, without_holds

from .test_placement_headline_review_r7_old_scores import recommended
from .test_placement_physician_cases import (  # the reviewer's answer arrays (r16.md: as in the case table)
    CIWA_CMP15,
    CIWA_HAL10,
    CIWA_MOD13,
    CIWA_SEV21,
    COWS_19,
    COWS_48,
    CSSRS_HIGH,
    CSSRS_MOD,
)

# R31 M4 (physician review R31, must-fix M4, and S5): an overdose or ingestion held at the screen before a dose:
# call emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose
# (re-typed by /work/scripts/ovd_ed_retype.py).

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

# the reviewer's words, typed
SCREEN_ALCOHOL = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    "thiamine and check blood glucose; if intoxicated: no dose here (the patient must not drive today); otherwise "
)
S2_WANT = (
    # R49 (M1's CIWA-Ar twin): the bracket says no dose without today's re-score
    "re-score the CIWA-Ar before transfer only if it does not delay it (last 13 on 20 Nov 2026; no dose here without "
    "today's re-score); at 10 or more, before "
    "any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine "
    "and check blood glucose; if intoxicated: no dose here (the patient must not drive today); otherwise a prescriber "
    "gives a first dose before transfer "
    "only if it does not delay the transfer and the reason for rating 4 allows it; at handover give the receiving team "
    "the last score and any dose with its time"
)
OVERDOSE_OPIOID = (
    "before any dose: ask about any overdose or ingestion today and screen for intoxication (breath alcohol above "
    "zero, or signs of sedative intoxication); if an overdose or ingestion, or intoxicated: no dose here (an overdose "
    "or ingestion: call emergency services for the ED, staff with the patient until handover, naloxone if signs of "
    "opioid overdose; intoxicated: the patient must not drive today); otherwise "
)
OVERDOSE_ALCOHOL = (
    "before any dose: ask about any overdose or ingestion today and screen for intoxication (breath alcohol above "
    "zero, or signs of sedative intoxication), give thiamine and check blood glucose; if an overdose or ingestion, or "
    "intoxicated: no dose here (an overdose or ingestion: call emergency services for the ED, staff with the patient "
    "until handover, naloxone if signs of opioid overdose; intoxicated: the patient "
    "must not drive today); otherwise "
)
C06_DOSE = (
    "(without capacity: transfer by emergency services; with capacity: record the advice given and the risks "
    "explained; arrange the highest level of care the patient accepts; any dose as the prescriber decides; tell the "
    "patient and any supportive person to call emergency services for a seizure, confusion, hallucinations or any "
    "worsening); before any dose: screen for delirium (CAM or 4AT) and "
    "intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood "
    "glucose; if delirium or intoxication: no dose here (delirium: to the ED by emergency services; intoxication: the "
    "patient must not drive today); otherwise a "
    "prescriber gives a first dose before transfer if it does not delay the transfer; at handover tell the "
    # R23a finding 2: the ruling's words, re-typed
    # R65 F2 (was: "the last CIWA-Ar score and any dose with its time"): C06 screens for delirium (CAM or 4AT)
    "receiving team the last CIWA-Ar score, the delirium screen and any dose with its time; the patient must not "
    "drive; re-assess for seizures or delirium until handover"
)
NOT_DRIVE_IF_DOSED = "; if a dose is given: the patient must not drive today"
# physician review R32 (a) (its four settings): beside a transfer now (a rating of 4, C06's emergency evaluation) the
# hold tells the receiving team (was: "(the patient must not drive today)", "intoxication: the patient must not drive
# today)"; r32a reads "before transfer" in the hold's sentence)
SCREEN_ALCOHOL_TRANSFER = SCREEN_ALCOHOL.replace(
    "(the patient must not drive today)",
    "(tell the receiving team at handover the breath alcohol reading or the signs, with the time; the patient must not "
    "drive today)",
)
# physician review R35 S1/M2, R36 N1: the box says only "before transfer", but the case's headline arranges the
# transfer now (a rating of 4, C06's emergency evaluation), so the hold tells the receiving team (typed; was r32a(...),
# which now reads "before transfer" alone as a conditional transfer)
S2_WANT_TRANSFER = S2_WANT.replace("(the patient must not drive today)", f"({NEXT_TRANSFER})")
C06_DOSE_TRANSFER = C06_DOSE.replace(
    "intoxication: the patient must not drive today)", f"intoxication: {NEXT_TRANSFER})"
)


def _dose_at(text: str) -> int:
    found = [text.find(d) for d in ("a prescriber gives", "a prescriber treats", "treat withdrawal")]
    return min((i for i in found if i >= 0), default=-1)


@pytest.mark.parametrize(
    "ratings, today",
    [({1: 4}, [("ciwa_ar", CIWA_MOD13), ("cows", COWS_48)]), ({3: 4}, [("ciwa_ar", CIWA_SEV21)])],
    ids=["C28", "d3-4-severe"],
)
def test_s1_the_rating_4_dose_for_alcohol_withdrawal_follows_thiamine_and_glucose(ratings, today):
    r = recommended(ratings, today=today)
    assert SCREEN_ALCOHOL_TRANSFER in r.headline
    assert 0 <= r.headline.index("give thiamine and check blood glucose") < _dose_at(r.headline)


@pytest.mark.parametrize("ratings", [{3: 4}, {1: 4}])
def test_s2_an_old_moderate_ciwa_ar_beside_a_rating_of_4_in_headline_and_box(ratings):
    r = recommended(ratings, old=[("ciwa_ar", CIWA_MOD13)])
    # R23a findings 2, 4: the headline's one handover clause a step, "the last CIWA-Ar score and any dose with its
    # time", said with why dimension 1 was rated 4 where that is told (the box keeps S2's words)
    given = "; at handover give the receiving team the last score and any dose with its time"
    told = "at handover tell the receiving team"
    if 1 in ratings:
        assert S2_WANT_TRANSFER.removesuffix(given) in r.headline
        assert (
            # R23a finding 2: the ruling's words, re-typed; R26b S5 (case 17's form): a comma after why
            f"{told} why dimension 1 was rated 4, the last CIWA-Ar score and any dose with its time; " in r.headline
        )
    else:
        # R26b M2: why dimension 3 was rated 4 (what the patient said or did), first in the clause
        why = "why dimension 3 was rated 4 (what the patient said or did), "
        assert (
            f"{S2_WANT_TRANSFER.removesuffix(given)}; {told} {why}the last CIWA-Ar score and any dose with its time"
            in r.headline
        )
    assert "re-score the ciwa-ar now" not in r.headline.lower()
    box = next(f.action for f in r.flags if f.code == "moderate_alcohol_withdrawal")
    # physician review R31 M5: a box that may give a dose says its driving advice (before: none), after its steps
    assert (
        box == "R" + S2_WANT_TRANSFER[1:] + "; if a dose is given: the patient must not drive today"
    )  # capitalised "Re-score"


@pytest.mark.parametrize(
    "today, screen",
    [
        ([("cssrs_screen", CSSRS_HIGH), ("cows", COWS_48)], OVERDOSE_OPIOID),  # the reviewer's case
        ([("cssrs_screen", CSSRS_HIGH), ("ciwa_ar", CIWA_SEV21)], OVERDOSE_ALCOHOL),  # C32
        ([("cssrs_screen", CSSRS_HIGH), ("ciwa_ar", CIWA_MOD13)], OVERDOSE_ALCOHOL),  # C33
        ([("cssrs_screen", CSSRS_MOD), ("cows", COWS_48)], OVERDOSE_OPIOID),  # moderate risk
    ],
    ids=["high-cows48", "C32", "C33", "moderate-cows48"],
)
def test_s5_beside_a_c_ssrs_high_or_moderate_the_screen_asks_about_an_overdose_first(today, screen):
    r = recommended({}, today=today)
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r32a(screen, r.headline) in r.headline
    assert 0 <= r.headline.index("overdose or ingestion today") < _dose_at(r.headline)


def test_s5_c35_the_old_ciwa_ar_re_score_then_the_overdose_question():
    r = recommended({}, old=[("ciwa_ar", CIWA_MOD13)], today=[("cows", COWS_48), ("cssrs_screen", CSSRS_HIGH)])
    # physician review R19 (session 16), must-fix N1: the screen (with the overdose question) said once, first,
    # before the branch at 8 or more; the dose "Otherwise ..." after it (the reviewer's words)
    h = r.headline
    # R62 S3: the interval history after the re-score; R62 M1: the otherwise's own guard (was: "(last 13 on 20 Nov
    # 2026). Before any dose: ..." and "Otherwise a prescriber treats withdrawal now")
    assert (
        "re-score the CIWA-Ar now, before any dose (last 13 on 20 Nov 2026); ask what happened since (a seizure, "
        "confusion, a hospital visit, the last drink). Before any dose: ask about any overdose or ingestion today and "
        "screen for intoxication " in h
    )
    assert h.index("overdose or ingestion today") < h.index(
        "Otherwise, if not intoxicated, a prescriber treats withdrawal now"
    )


def test_s5_without_a_c_ssrs_risk_the_screen_is_unchanged():
    r = recommended({}, today=[("cows", COWS_48)])
    assert "overdose" not in r.headline


@pytest.mark.parametrize(
    "old, today",
    [([], [("ciwa_ar", CIWA_SEV21)]), ([("ciwa_ar", CIWA_SEV21)], [])],
    ids=["C04", "C08"],
)
def test_s8_staff_with_the_patient_until_handover_beside_a_severe_ciwa_ar_s_transfer(old, today):
    r = recommended({}, old=old, today=today)
    # R76 (was: "arrange transfer now to medically managed withdrawal (ED, or 4-WM)" for C08): the old severe
    # CIWA-Ar's transfer on what its re-score finds is by emergency services
    transfer = (
        "arrange transfer now to medically managed withdrawal (ED, or 3.7-WM/4-WM)"
        if today
        else "arrange transfer now by emergency services to medically managed withdrawal (ED, or 4-WM)"
    )
    assert f"{transfer}; staff with the patient until handover; if the patient declines transfer: " in r.headline


def test_s11_the_screen_and_no_driving_said_once():
    r = recommended({1: 3}, old=[("ciwa_ar", CIWA_SEV21)], today=[("cows", COWS_48)])
    assert r.headline.count("screen for intoxication") == 1
    # R30b M4: the holds' own left out; R38 M3: the transfer's bare "the patient must not drive" once, and the dose
    # given before the patient leaves (not transferred) its own clause once, after the COWS's re-score after dosing
    said = without_holds(r.headline)
    assert said.count("the patient must not drive") == 2, said
    assert said.count("; the patient must not drive;") == 1, said
    assert (
        "re-score the COWS after dosing; if any dose is given (a benzodiazepine, buprenorphine or methadone): the "
        "patient must not drive today; "
    ) in said, said
    assert said.count("if any dose is given (a benzodiazepine, buprenorphine or methadone)") == 1, said
    # R47 (for the lead): the prescriber's step on that screen's finding (was "that screen, a prescriber treats")
    assert (
        # R68 M1 (was: "after the re-score and that screen, if it finds no intoxication, a prescriber treats ...")
        "after the re-score and these screens, if they find no delirium and no intoxication, a prescriber treats "
        "withdrawal (" in r.headline
    )


@pytest.mark.parametrize(
    "today, headline_says",
    [
        (
            [("ciwa_ar", CIWA_MOD13)],
            ["re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit" + NOT_DRIVE_IF_DOSED],
        ),
        (
            [("cssrs_screen", CSSRS_HIGH), ("ciwa_ar", CIWA_MOD13)],
            # R75 2 and R75c 1 (was: f"...end of the visit{NOT_DRIVE_IF_DOSED}"): the lead's outright driving rule
            # after the emergency mental-health assessment; the dose's conditional driving clause dropped
            [
                "(local involuntary-assessment procedure); the patient must not drive; and a prescriber's review now",
                "re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit; if the evaluation lets the "
                "patient go home after a dose given on site",
            ],
        ),
    ],
    ids=["C03", "C33"],
)
def test_c03_c33_no_driving_if_a_dose_is_given(today, headline_says):
    r = recommended({}, today=today)
    for words in headline_says:
        assert words in r.headline
    box = next(f.action for f in r.flags if f.code == "moderate_alcohol_withdrawal")
    box_after = "before the patient leaves" if len(today) == 1 else "at handover"
    assert f"{box_after}{NOT_DRIVE_IF_DOSED}" in box


def test_c06_says_c05_s_screen_and_first_dose():
    r = recommended({}, today=[("ciwa_ar", CIWA_HAL10)])
    assert C06_DOSE_TRANSFER in r.headline
    assert r.headline.startswith(
        # R75 3a (was: "arrange transfer now to medically managed withdrawal")
        "First: emergency medical evaluation: arrange transfer now by emergency services to medically managed "
        "withdrawal (ED, or 4-WM); "
        "staff with the patient until handover; if the patient declines transfer: the prescriber assesses and records "
        "capacity to decline (without capacity: transfer by emergency services; with capacity: record the advice "
        "given and the risks explained; arrange the highest level of care the patient accepts; any dose as the "
        "prescriber decides; tell the patient and any supportive person to call emergency services for a seizure, "
        "confusion, hallucinations or any worsening); before any dose: "
    )


def test_c16_the_first_step_names_safety_planning():
    r = recommended({}, today=[("cssrs_screen", CSSRS_MOD)])
    # physician review R23c A1: C-SSRS moderate is critical now, so a rating below its suggestion is named as for
    # PHQ-9 item 9 (a critical suicide-risk flag); R16's words ("and safety planning") stand
    assert r.headline.startswith(
        "First: a same-day suicide risk assessment and safety planning before the patient leaves (moderate suicide "
        "risk (C-SSRS screen): dimension 3 rated "
    )


@pytest.mark.parametrize(
    "ratings, old, transfer, told",
    [
        ({1: 4}, [], "(ED, or 4-WM)", "why dimension 1 was rated 4"),  # C22
        ({2: 4}, [], "(ED)", "why dimension 2 was rated 4"),  # C23
        (
            {2: 4},
            [("cows", COWS_48)],
            "(ED)",
            # R23a finding 2: "the last COWS score and any dose with its time"; R26b S5: a comma after why
            "why dimension 2 was rated 4, the last COWS score and any dose with its time",
        ),  # C30
    ],
    ids=["C22", "C23", "C30"],
)
def test_c22_c23_c30_staff_until_handover_and_the_receiving_team_told_why(ratings, old, transfer, told):
    r = recommended(ratings, old=old)
    assert (
        f"First: emergency medical evaluation: arrange transfer now {transfer}; staff with the patient until handover; "
        f"at handover tell the receiving team {told}; if the patient declines transfer: " in r.headline
    )


#: R26a M1: an old severe CIWA-Ar's conditional transfer branch, up to its own "the patient must not drive".
_OLD_SEVERE_TRANSFER_OWN = re.compile(r"if still 15 or more(?:[^.]|\.(?! ))*?the patient must not drive(?=[;.])")
#: R31 M2: two old withdrawals' emergency branch (a COWS re-score of 37 or more with a CIWA-Ar re-score of 8 or more),
#: up to its own "the patient must not drive", the reviewer's words; it excludes the COWS branch's dose and its driving
#: advice, as R26a M1's transfer does.
_TWO_SEVERE_OWN = re.compile(
    # R55 C: or said without "re-score" on the two re-scores made first (273, 639)
    r"at a COWS (?:re-score )?of 37 or more with a CIWA-Ar (?:re-score )?of 8 or more: [^;]*; "
    # R48 item 2: staff with the patient until handover straight after the branch's transfer
    r"(?:staff with the patient until handover; )?"
    # R51 3: the capacity to decline and the first dose's timing after the staff clause
    # R73 item 1: the capacity bracket now has its own semicolons (was: "[^;]*; ")
    r"(?:if the patient declines transfer: [^;(]*\([^)]*\); "
    # R64 S2: the first dose before transfer guarded (was: "a first dose before transfer only if ...")
    r"(?:if not intoxicated: )?"
    r"a first dose before transfer only if it does not delay the transfer; )?"
    r"the patient must not drive(?=[;.])"
)
#: R73 1a: the CIWA-Ar re-score's transfer branch "intoxicated or not", up to its own "the patient must not drive"
#: straight after the capacity bracket (it excludes the going-home branch's driving words, as R26a M1's transfer does).
_RESCORE_TRANSFER_OWN = re.compile(
    r"intoxicated or not(?::|,) (?:if|at) [^().]*15 or more[^().]*(?:\([^().]*\)[^().]*)*?"
    r"\(without capacity: [^()]*\); the patient must not drive(?=[;.])"
)


def test_over_a_sweep_no_headline_says_no_driving_twice_and_c_ssrs_doses_ask_first():
    """The reviewer's grid kinds (R16 sweep): "the patient must not drive" said twice in one headline (S11, e.g.
    today's CIWA-Ar 14 with item 10 at 1 beside a COWS of 19), and the overdose question before the first dose beside
    a C-SSRS high (S5)."""
    i1 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 1]
    for ratings in ({}, {1: 3}, {1: 4}, {3: 4}, {2: 4}):
        for ciwa in (CIWA_MOD13, i1, CIWA_SEV21, CIWA_CMP15, CIWA_HAL10):
            for cows in (COWS_19, COWS_48):
                for day in ("old", "today"):
                    scores = [("ciwa_ar", ciwa), ("cows", cows)]
                    old, today = (scores, []) if day == "old" else ([], scores)
                    r = recommended(ratings, old=old, today=today)
                    # R26a M1: an old severe CIWA-Ar's conditional transfer keeps its own "the patient must not drive"
                    # beside the going-home branch's driving words (the two branches exclude each other)
                    # R30b M4: the holds' own "(... the patient must not drive today)" left out
                    headline = _OLD_SEVERE_TRANSFER_OWN.sub("", without_holds(r.headline))
                    headline = _TWO_SEVERE_OWN.sub("", headline)
                    headline = _RESCORE_TRANSFER_OWN.sub("", headline)  # R73 1a: the branch's own driving rule
                    outright = headline.count("the patient must not drive") - r.headline.count(
                        "given: the patient must not drive"
                    )
                    assert outright - r.headline.count("the patient must not drive until") <= 1, r.headline
                    h = recommended(ratings, old=old, today=[*today, ("cssrs_screen", CSSRS_HIGH)]).headline
                    dose = _dose_at(h)
                    assert dose < 0 or 0 <= h.find("overdose or ingestion today") < dose, h


def test_s5_the_boxes_overdose_question_leaves_the_headline_as_built():
    """The boxes' overdose question is their own words: the headline reads the flags as raised, so CIWA-Ar item 10 at
    1's medical review keeps its delirium transfer and is said once (R16-S5 beside a C-SSRS moderate risk)."""
    i1 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 1]
    r = recommended({}, old=[("cssrs_screen", CSSRS_MOD)], today=[("ciwa_ar", i1)])
    assert r.headline.count("medical review now") == 1, r.headline
    # R76b A (was: "if delirium: emergency evaluation: arrange transfer now (ED, or 4-WM)")
    assert "if delirium: emergency evaluation: arrange transfer now by emergency services (ED, or 4-WM)" in r.headline
    assert r.headline.startswith("First: medical review now: ask about any overdose or ingestion today and screen")
