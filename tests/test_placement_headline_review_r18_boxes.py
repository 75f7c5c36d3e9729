"""Physician review R18 (session 16): the boxes beside the headline, the reviewer's cases and words typed as the oracle.

M4: a C-SSRS high withdrawn by a correction, never assessed, is no positive screen (Posner et al. 2011: a positive
screen triggers the evaluation; a withdrawn answer is not one; R1-R4 rulings): the headline repeats the screen, so the
boxes keep their no-C-SSRS words (the transfer's destination, the capacity clause), keep the overdose question
(buprenorphine and methadone labels; FDA Drug Safety Communication 20 Sep 2017) and say a dose's timing "now, before the
patient leaves (the C-SSRS screen is repeated as the first step says)".
M5: a severe CIWA-Ar's dose boxes beside a rating of 4 carry the headline's screen whole, "give thiamine and check
blood glucose" with it (R16-M2, R16-S1; ASAM 2020 alcohol withdrawal guideline: thiamine for all in withdrawal).
M6: CIWA-Ar item 10 at 1 beside a COWS of 13 or more: "no buprenorphine, methadone or benzodiazepine until it clears"
in every box, and each dose clause of a joined box keeps "after the first step's medical review finds no delirium and
no intoxication" (R16-M3; buprenorphine and methadone labels: CNS depressants, respiratory depression; FDA Drug Safety
Communication 20 Sep 2017). S7: beside a C-SSRS high or moderate, "and no overdose or ingestion" (R16-S5). Q1 ruled:
the withdrawn high's repeated screen names the staff clause in its positive branch (Posner et al. 2011).

Every expected text is typed from /work/reviews/r18.md, never computed by iopkit.

Cases built as the reviewer built them (/tmp/r18/gen.py: old = 20 Nov 2026, today = 02 Dec 2026, ratings over
ROUTINE; a C-SSRS high withdrawn by a correction passed as ``older_open_flags``, as
tests/test_placement_headline_review_r2_leads.py builds it); arrays as in tests/test_placement_physician_cases.py.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest

import iopkit
from iopkit.flags import Flag, Withdrawn
from iopkit.placement import recommend, suggest_dimensions
from iopkit.placement.steps import headline_steps
from tests.intoxication_screens import NEXT_TRANSFER
from tests.test_placement_headline_review_r7_old_scores import OLD, PLACED, ROUTINE, recommended
from tests.test_placement_physician_cases import (
    CIWA_CMP15,
    CIWA_MOD13,
    CIWA_SEV21,
    COWS_8,
    COWS_30,
    COWS_48,
    CSSRS_HIGH,
)

# R31 M4 (physician review R31, must-fix M4, and S5): an overdose or ingestion held at the screen before a dose:
# call emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose
# (re-typed by /work/scripts/ovd_ed_retype.py).

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

# the reviewer's "item-10-at-1 14"
CIWA_I10_14 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 1]
_ARRAYS = {
    "ciwa": {"13": CIWA_MOD13, "21": CIWA_SEV21, "c15": CIWA_CMP15, "i1_14": CIWA_I10_14},
    "cows": {"8": COWS_8, "30": COWS_30, "48": COWS_48},
    "cssrs": {"high": CSSRS_HIGH},
}
_INSTRUMENT = {"ciwa": "ciwa_ar", "cows": "cows", "cssrs": "cssrs_screen"}


def _withdrawn_high() -> Flag:
    """A C-SSRS high-risk flag a correction withdrew, never closed (the reviewer's gen.withdrawn_high)."""
    withdrawn = Withdrawn(dt.date(2026, 11, 20), dt.date(2026, 11, 20), "2", False)
    return Flag(
        "suicide_risk_high", "C-SSRS high risk", "critical", calls_for="emergency_evaluation", withdrawn=withdrawn
    )


def case(ratings=None, withdrawn=False, **scores):  # type: ignore[no-untyped-def]
    """The reviewer's case notation: ``case({5: 4}, withdrawn=True, ciwa=("old", "13"), cows=("today", "48"))``."""
    old = [(_INSTRUMENT[k], _ARRAYS[k][v]) for k, (when, v) in scores.items() if when == "old"]
    today = [(_INSTRUMENT[k], _ARRAYS[k][v]) for k, (when, v) in scores.items() if when == "today"]
    if not withdrawn:
        return recommended(ratings or {}, old=old, today=today)
    given = [iopkit.score(i, a) for i, a in old] + [iopkit.score(i, a) for i, a in today]
    scored_on = {i: OLD for i, _ in old} | {i: PLACED for i, _ in today}
    suggested = suggest_dimensions(given, scored_on=scored_on, today=PLACED, older_open_flags=[_withdrawn_high()])
    return recommend({**ROUTINE, **(ratings or {})}, suggested=suggested)


def box(r, code):  # type: ignore[no-untyped-def]
    (action,) = [f.action for f in r.flags if f.code == code]
    return action


def boxes(r):  # type: ignore[no-untyped-def]
    return {f.code: f.action for f in r.flags if f.action}


_DOSE_VERBS = ("a prescriber gives", "a prescriber treats", "treat withdrawal", "treats withdrawal")


def doses(action: str) -> bool:
    return any(v in action.lower() for v in _DOSE_VERBS)


# --- M4: a withdrawn C-SSRS high ---------------------------------------------------------------------------------

# the reviewer's M4 cases (gen.build's dicts), each with the withdrawn C-SSRS high
M4_CASES = {
    "42": ({}, {"ciwa": ("today", "c15")}),
    "91": ({}, {"ciwa": ("old", "c15"), "cows": ("old", "30")}),
    "190": ({}, {"ciwa": ("old", "21"), "cows": ("old", "8")}),
    "330": ({5: 4}, {"ciwa": ("old", "c15"), "cows": ("today", "30")}),
    "59": ({5: 4}, {"ciwa": ("old", "13"), "cows": ("today", "48")}),
    "33": ({4: 4}, {"ciwa": ("old", "i1_14"), "cows": ("old", "48")}),
    "369": ({}, {"cows": ("today", "30")}),
}
# M4: what no box says beside a withdrawn C-SSRS high (the reviewer's test)
NOT_BESIDE_WITHDRAWN = (
    "waits for the suicide evaluation",
    "emergency evaluation for suicide risk and emergency medical evaluation",
    "involuntary",
)
# M4: the dose's timing beside a withdrawn C-SSRS high, the reviewer's words
REPEATED_TIMING = "now, before the patient leaves (the C-SSRS screen is repeated as the first step says)"
OVERDOSE_QUESTION = "ask about any overdose or ingestion"


@pytest.mark.parametrize("name", list(M4_CASES))
def test_m4_no_box_treats_a_withdrawn_high_as_confirmed(name: str) -> None:
    ratings, scores = M4_CASES[name]
    r = case(ratings, withdrawn=True, **scores)
    for code, action in boxes(r).items():
        for words in NOT_BESIDE_WITHDRAWN:
            assert words not in action, (code, words)


@pytest.mark.parametrize("name", [n for n in M4_CASES if n != "91"])  # 91: no box doses (an old complicated CIWA-Ar)
def test_m4_every_dose_box_keeps_the_overdose_question(name: str) -> None:
    ratings, scores = M4_CASES[name]
    r = case(ratings, withdrawn=True, **scores)
    dosing = {code: a for code, a in boxes(r).items() if doses(a) and code != "possible_inattention"}
    assert dosing
    for code, action in dosing.items():
        assert OVERDOSE_QUESTION in action, code


def test_m4_case_190_the_no_cssrs_transfer_and_capacity_clause() -> None:
    r = case(withdrawn=True, ciwa=("old", "21"), cows=("old", "8"))
    action = box(r, "severe_alcohol_withdrawal")
    assert "capacity to decline" in action
    # R76 (was: "arrange transfer now to medically managed withdrawal (ED, or 4-WM)")
    assert "arrange transfer now by emergency services to medically managed withdrawal (ED, or 4-WM)" in action


def test_m4_case_59_the_no_cssrs_transfer_and_timing() -> None:
    r = case({5: 4}, withdrawn=True, ciwa=("old", "13"), cows=("today", "48"))
    action = box(r, "severe_opioid_withdrawal")
    # R76 ruling 2 (was: "(ED, or 3.7-WM/4-WM)")
    assert (
        "arrange transfer now (a seizure, hallucinations, disorientation or a total of 15 or more: by emergency "
        "services, to the ED or 4-WM; otherwise: ED, or 3.7-WM/4-WM)" in action
    )
    assert f"treat withdrawal {REPEATED_TIMING}, as the prescriber decides:" in action


def test_m4_a_cows_box_says_the_repeated_screen_s_timing() -> None:
    r = case(withdrawn=True, cows=("today", "30"))
    action = box(r, "moderately_severe_opioid_withdrawal")
    assert action.startswith(f"Prescriber's review {REPEATED_TIMING}: before any dose: {OVERDOSE_QUESTION}")
    assert "waits for" not in action


def test_m4_an_old_cows_above_36_says_the_repeated_screen_s_timing_case_33() -> None:
    r = case({4: 4}, withdrawn=True, ciwa=("old", "i1_14"), cows=("old", "48"))
    # R73 item 2 (was: f"a prescriber treats withdrawal {REPEATED_TIMING}: buprenorphine"): this box arranges a transfer
    # too ("at a COWS re-score of 37 or more with a CIWA-Ar re-score of 8 or more: ... arrange transfer now")
    assert (
        "a prescriber treats withdrawal now, before the patient leaves (if transferred: a first dose before transfer "
        "only if it does not delay the transfer) (the C-SSRS screen is repeated as the first step says): buprenorphine"
    ) in box(r, "severe_opioid_withdrawal")


def test_m4_a_confirmed_high_of_today_still_waits_for_the_suicide_evaluation() -> None:
    """The contrast: today's C-SSRS high (not withdrawn) keeps R13's words."""
    r = case(cows=("today", "30"), cssrs=("today", "high"))
    action = box(r, "moderately_severe_opioid_withdrawal")
    assert "while the patient waits for the suicide evaluation" in action
    assert "C-SSRS screen is repeated" not in action


# --- M5: a severe CIWA-Ar beside a rating of 4 in dimension 2 or 3: thiamine and blood glucose -------------------

# M5 "Want" in both boxes, the reviewer's words
M5_WANT = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    "thiamine and check blood glucose; if intoxicated: no dose here (the patient must not drive today); otherwise a "
    "prescriber gives a first dose before "
    "transfer only if it does not delay the transfer and the reason for rating 4 allows it"
)
M5_CASES = {
    "today 21, d3 at 4": ({3: 4}, {"ciwa": ("today", "21")}),
    "today 21, d2 at 4": ({2: 4}, {"ciwa": ("today", "21")}),
    "old 21, d2 at 4": ({2: 4}, {"ciwa": ("old", "21")}),
    "old 21, d3 at 4": ({3: 4}, {"ciwa": ("old", "21")}),
    "67": ({3: 4}, {"ciwa": ("today", "21"), "cows": ("today", "30"), "cssrs": ("today", "high")}),
}


@pytest.mark.parametrize("name", list(M5_CASES))
def test_m5_the_severe_ciwa_ar_boxes_give_thiamine_and_check_blood_glucose(name: str) -> None:
    ratings, scores = M5_CASES[name]
    r = case(ratings, **scores)
    assert "give thiamine and check blood glucose" in r.headline
    # physician review R32 (a) (its four settings): a rating of 4's transfer now tells the receiving team; R35 M2, R36
    # N1: the case transfers now (its headline, the box's "Arrange transfer now"), so "before transfer" in the hold's
    # sentence no longer makes it conditional (was, by r32a: "if transferred, ...; if not: ...")
    want = M5_WANT.replace("no dose here (the patient must not drive today)", f"no dose here ({NEXT_TRANSFER})")
    if scores["ciwa"][0] == "old":
        # R67 SF3 (physician review R65 SF3 with R66 must-fix 1): the old severe CIWA-Ar's re-score beside a rating
        # of 4 turns on disorientation too, and its screen names delirium, case 565's words (was: M5_WANT, the
        # intoxication screen alone, "if intoxicated: no dose here (...)")
        want = (
            "before any dose: screen for delirium (CAM or 4AT) and intoxication (breath alcohol above zero, or signs "
            "of sedative intoxication), give thiamine and check blood glucose; if delirium or intoxication: no dose "
            f"here (delirium: to the ED by emergency services; intoxication: {NEXT_TRANSFER}); otherwise a prescriber "
            "gives a first dose before transfer only if it does not delay the transfer and the reason for rating 4 "
            "allows it"
        )
    if "cssrs" in scores:  # beside a C-SSRS high the overdose question opens the screen (R16 should-fix S5's words)
        want = M5_WANT.replace("screen for", "ask about any overdose or ingestion today and screen for").replace(
            "if intoxicated: no dose here (the patient must not drive today)",
            "if an overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call emergency "
            "services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose"
            # physician review R32 (a) (its four settings), R34 S1: beside the emergency evaluation for suicide risk
            # staff stay with the patient; "the scores" beside both withdrawals (was: "the patient must not drive
            # today")
            "; intoxicated: staff stay with the patient; repeat the screen and the scores when it clears, or tell the "
            "receiving team at handover; the patient must not drive today)",
        )
    for code in ("severe_alcohol_withdrawal", "rated_below_suggestion_d1"):
        assert want in box(r, code), code


# the r13_screen grid (tests/test_placement_headline_review_r13_screen.py), with dimension 2 or 3 rated 4 as M5's axis
_R13_CIWA = {"moderate": CIWA_MOD13, "severe": CIWA_SEV21, "complicated": CIWA_CMP15}
_R13_COWS = {"19": [2, 2, 3, 2, 2, 2, 2, 2, 1, 1, 0], "48": COWS_48}
M5_GRID = [
    (d1, ciwa, cows, high, at_4)
    for d1, ciwa, cows, high, at_4 in itertools.product(
        (1, 2, 3),
        (None, *itertools.product(("old", "today"), _R13_CIWA)),
        (None, *itertools.product(("old", "today"), _R13_COWS)),
        (None, "old", "today"),
        (None, 2, 3),
    )
    if ciwa or cows
]
_ALCOHOL_BOXES = ("severe_alcohol_withdrawal", "moderate_alcohol_withdrawal")


@pytest.mark.parametrize(("d1", "ciwa", "cows", "high", "at_4"), M5_GRID)
def test_m5_every_alcohol_dose_box_carries_thiamine_where_the_headline_s_first_step_does(d1, ciwa, cows, high, at_4):  # type: ignore[no-untyped-def]
    """M5's grid test, for the boxes that dose for alcohol withdrawal (a CIWA-Ar box, and the rating-below box that
    carries one): "every box with a dose verb carries 'thiamine' where the headline's first step does"."""
    scores: dict[str, list[tuple[str, list]]] = {"old": [], "today": []}  # type: ignore[type-arg]
    if ciwa:
        scores[ciwa[0]].append(("ciwa_ar", _R13_CIWA[ciwa[1]]))
    if cows:
        scores[cows[0]].append(("cows", _R13_COWS[cows[1]]))
    if high:
        scores[high].append(("cssrs_screen", CSSRS_HIGH))
    r = recommended({1: d1} | ({at_4: 4} if at_4 else {}), old=scores["old"], today=scores["today"])
    first = "".join(s.text + s.separator for s in headline_steps(r.headline) if s.sentence == 0)
    if "thiamine" not in first:
        return
    alcohol = [f.code for f in r.flags if f.code in _ALCOHOL_BOXES and doses(f.action or "")]
    joined = [f.code for f in r.flags if f.code == "rated_below_suggestion_d1"] if alcohol else []
    for code in alcohol + joined:
        action = box(r, code)
        if doses(action):
            assert "thiamine" in action, (code, action)


# --- M6: CIWA-Ar item 10 at 1 beside a COWS of 13 or more ---------------------------------------------------------

# M6, the reviewer's words: the headline's hold, and each dose clause's own condition
AGONISTS_HELD = "no buprenorphine, methadone or benzodiazepine until it clears"
AFTER_MEDICAL_REVIEW = "after the first step's medical review finds no delirium and no intoxication"
M6_CASES = {
    "3": ({5: 3}, {"ciwa": ("today", "i1_14"), "cows": ("today", "30")}),
    "28": ({4: 4}, {"ciwa": ("today", "i1_14"), "cows": ("today", "30")}),
    "285": ({}, {"ciwa": ("today", "i1_14"), "cows": ("today", "30"), "cssrs": ("today", "high")}),
}


@pytest.mark.parametrize("name", list(M6_CASES))
def test_m6_the_item_10_hold_names_buprenorphine_and_methadone(name: str) -> None:
    ratings, scores = M6_CASES[name]
    r = case(ratings, **scores)
    assert AGONISTS_HELD in box(r, "possible_inattention")
    assert AGONISTS_HELD in box(r, "rated_below_suggestion_d1")  # the joined box's copy
    assert "no benzodiazepine until" not in box(r, "rated_below_suggestion_d1")


@pytest.mark.parametrize("name", list(M6_CASES))
def test_m6_the_joined_box_s_cows_clause_keeps_its_own_condition(name: str) -> None:
    ratings, scores = M6_CASES[name]
    r = case(ratings, **scores)
    action = box(r, "rated_below_suggestion_d1")
    dose = re.search("(?<!no )buprenorphine,", action).start()  # the dose's, not the hold's  # type: ignore[union-attr]
    lead = action.lower().rindex("prescriber's review", 0, dose)
    assert AFTER_MEDICAL_REVIEW in action[lead:dose], action[lead:dose]


def test_m6_an_old_cows_beside_item_10_at_1_holds_the_agonists_too() -> None:
    """M6: "wherever a COWS flag of 13 or more stands" (an old COWS of 30: re-scored, treated on the current score)."""
    r = case(ciwa=("today", "i1_14"), cows=("old", "30"))
    assert AGONISTS_HELD in box(r, "possible_inattention")


# --- S7: the medical review's finding beside a C-SSRS high or moderate -------------------------------------------

# S7, the reviewer's words added to M6's condition (R16 should-fix S5: the overdose question beside a C-SSRS screen)
AFTER_MEDICAL_REVIEW_OVERDOSE = f"{AFTER_MEDICAL_REVIEW} and no overdose or ingestion"
S7_CASES = {
    "14": ({2: 3, 1: 2}, False, {"ciwa": ("today", "i1_14"), "cows": ("today", "8"), "cssrs": ("today", "high")}),
    "55": ({}, False, {"ciwa": ("today", "i1_14"), "cows": ("old", "48"), "cssrs": ("old", "high")}),
    "285": ({}, False, {"ciwa": ("today", "i1_14"), "cows": ("today", "30"), "cssrs": ("today", "high")}),
    "withdrawn, 49": ({}, True, {"ciwa": ("today", "i1_14")}),
}


@pytest.mark.parametrize("name", list(S7_CASES))
def test_s7_beside_a_c_ssrs_high_the_dose_waits_for_no_overdose_or_ingestion(name: str) -> None:
    ratings, withdrawn, scores = S7_CASES[name]
    r = case(ratings, withdrawn=withdrawn, **scores)
    said = [a for a in boxes(r).values() if AFTER_MEDICAL_REVIEW in a]
    assert said
    for action in said:
        assert action.count(AFTER_MEDICAL_REVIEW) == action.count(AFTER_MEDICAL_REVIEW_OVERDOSE), action


def test_s7_no_c_ssrs_screen_no_overdose_words_case_3() -> None:
    r = case({5: 3}, ciwa=("today", "i1_14"), cows=("today", "30"))
    assert not any("no overdose or ingestion" in a for a in boxes(r).values())


# --- Q1 ruled: the withdrawn C-SSRS high's repeated screen, its positive branch names the staff clause -------------

Q1_POSITIVE = (
    "if question 4 or 5 is yes, or behaviour was in the past 3 months: safety precautions (a member of staff stays "
    "with the patient; by phone: stay on the line and call emergency services) and an immediate emergency evaluation"
)


@pytest.mark.parametrize("name", ["190", "369", "42"])
def test_q1_the_repeated_screen_s_positive_branch_names_the_staff_clause(name: str) -> None:
    ratings, scores = M4_CASES[name]
    r = case(ratings, withdrawn=True, **scores)
    assert Q1_POSITIVE in r.headline
    assert "safety precautions (by phone" not in r.headline
