"""Physician review R16 (session 15): a box that gives a dose says the headline's screen for that withdrawal before its
first dose verb (must-fix M2; M1 and its extension: the delirium screen; M3: the medical review before the first dose;
should-fix S7: the screen opens the box, before its dose verb; the R15 acceptance remarks (ii) and (iii)).

A box is read alone on the chart: the nurse acts on the flag she opened. Sources the reviewer names: ASAM 2020 alcohol
withdrawal guideline (assess intoxication; thiamine; withdrawal delirium a medical emergency); CAM (Inouye et al.
1990); 4AT (Bellelli et al. 2014); buprenorphine and methadone labels (CNS depressants incl. alcohol: respiratory
depression); FDA Drug Safety Communication, 20 Sep 2017 (opioids with CNS depressants).

Every expected text below is typed from /work/reviews/r16.md, never built from iopkit's constants; the grid checks are
the reviewer's own (R16-M2: "for every case of the r13_screen grid and the case table, for every flag f with
_first_dose(f.action, BOX_DOSE) >= 0: 0 <= _at(f.action, "screen for") < _first_dose(f.action, BOX_DOSE) and
_at(f.action, "no dose here") >= 0").
"""

from __future__ import annotations

import itertools

import pytest

from .intoxication_screens import (
    INSISTS,
    NEXT_CIWA,
    NEXT_TRANSFER,
    NOT_CLEARED_CIWA,
    SCREEN_ALCOHOL_AMB,
    SCREEN_ALCOHOL_OVERDOSE,
    SCREEN_OPIOID_AMB,
    SCREEN_OPIOID_OVERDOSE,
    SUICIDE_WAIT,
    TOLD,
)
from .test_placement_headline_review_r7_old_scores import recommended
from .test_placement_headline_review_r13_screen import CIWA as R13_CIWA
from .test_placement_headline_review_r13_screen import COWS as R13_COWS
from .test_placement_headline_review_r13_screen import CSSRS_HIGH
from .test_placement_headline_review_r13_screen import GRID as R13_SCREEN_GRID
from .test_placement_physician_cases import (
    BOX_DOSE,
    CASES,
    CIWA_CMP15,
    CIWA_HAL10,
    CIWA_MOD13,
    CIWA_SEV21,
    COWS_19,
    COWS_30,
    COWS_48,
    _at,
    _first_dose,
)
from .test_placement_review_r70_d3 import FINDINGS

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

#: R16-M3's array: CIWA-Ar 14, item 10 at 1 (cannot do serial additions or uncertain about date).
CIWA_MOD13_I1 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 1]
#: R16-S5's words: the screen's question beside a C-SSRS high or moderate risk.
OVERDOSE_ASKED = "ask about any overdose or ingestion today"
COWS_CODES = ("moderate_opioid_withdrawal", "moderately_severe_opioid_withdrawal", "severe_opioid_withdrawal")

# --- the reviewer's words (r16.md), typed -----------------------------------------------------------------------
#: R16-M2: "CIWA-Ar dose (alcohol)", its hold at a transfer now telling the receiving team (physician review R32 (a),
#: its four settings; was: "if intoxicated: no dose here (the patient must not drive today)").
ALCOHOL_SCREEN = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    f"thiamine and check blood glucose; if intoxicated: no dose here ({NEXT_TRANSFER}); otherwise "
)
#: The same where the transfer waits on a re-score ("if still 15 or more, ...: arrange transfer now"): both branches
#: (physician review R32 (a), its four settings; R33 S1).
ALCOHOL_SCREEN_IF_TRANSFERRED = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    # R67 F1 (was: "give thiamine and check blood glucose; if intoxicated: no dose now (...)"): the old severe
    # CIWA-Ar's hold for delirium right after its screen (ALCOHOL_SCREEN_IF_TRANSFERRED is the old score's alone)
    "thiamine and check blood glucose; if delirium: no dose here; call emergency services for the ED; staff with the "
    f"patient until handover; if intoxicated: no dose now (if transferred, {TOLD}; if not: {NEXT_CIWA}); "
    "otherwise "
)
#: R16-S5's screen beside a C-SSRS high, its hold while the patient waits for the suicide evaluation: staff stay with
#: the patient, the screen repeated or the receiving team told, never the lift home (physician review R32 (a), its
#: four settings; R34 must-fix).
SUICIDE_HOLD_OLD = "intoxicated: the patient must not drive today)"
SCREEN_ALCOHOL_OVERDOSE_SUICIDE = SCREEN_ALCOHOL_OVERDOSE.replace(SUICIDE_HOLD_OLD, f"intoxicated: {SUICIDE_WAIT})")
SCREEN_OPIOID_OVERDOSE_SUICIDE = SCREEN_OPIOID_OVERDOSE.replace(SUICIDE_HOLD_OLD, f"intoxicated: {SUICIDE_WAIT})")
#: R16-M2: "COWS dose (opioid) with no CIWA-Ar".
OPIOID_SCREEN = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication); if "
    "intoxicated: no dose here (the patient must not drive today); otherwise "
)
#: R16-M1: the opening of every COWS box of 13 or more beside an old complicated CIWA-Ar without a C-SSRS high.
#: Physician review R32 (a) (its four settings) and R33 S1: the transfer waits on the first step's re-score ("if
#: transferred" later in the sentence), so the intoxication hold says both branches; R34 S1: "the scores" (the COWS
#: and the CIWA-Ar) (was: "intoxication: the patient must not drive today)").
M1_OPENING = (
    "After the first step's CIWA-Ar re-score and delirium screen (CAM or 4AT), before any dose: screen for "
    "intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood "
    "glucose; if delirium or intoxication: no dose here (delirium: to the ED by emergency services; intoxication: if "
    f"transferred, {TOLD}; if not: ask the patient to stay on site and repeat the screen and the scores when it "
    f"clears; {NOT_CLEARED_CIWA}; the patient must not drive today; {INSISTS}); otherwise "
)
#: R70 D3, R71 must-fix 1 (was: M1_OPENING, "After the first step's CIWA-Ar re-score and delirium screen (CAM or 4AT),
#: before any dose: ..."): the COWS box says what the CIWA-Ar re-score's findings call for (dimension 1's rated-below
#: box keeps M1_OPENING: the ruling's change is the COWS and threshold boxes').
M1_BOX_OPENING = M1_OPENING.replace(", before any dose: ", ": " + FINDINGS, 1)
#: R16-M1 (extension): the severe_alcohol_withdrawal box at a rating of 4 with today's complicated CIWA-Ar (its hold
#: at a transfer now tells the receiving team: physician review R32 (a), its four settings).
M1_EXTENSION = (
    "before any dose: screen for delirium (CAM or 4AT) and intoxication (breath alcohol above zero, or signs of "
    "sedative intoxication), give thiamine and check blood glucose; if delirium or intoxication: no dose here "
    f"(delirium: to the ED by emergency services; intoxication: {NEXT_TRANSFER}); otherwise a "
    "prescriber gives a first dose before transfer only if it "
    "does not delay the transfer and the reason for rating 4 allows it"
)
#: R16-M3: the buprenorphine box and the prescriber's review beside a CIWA-Ar item 10 at 1 medical review.
M3_BUPRENORPHINE = (
    "If starting buprenorphine by standard induction, the first dose may be given once the first step's medical review "
    # physician review R31 M5: a box that may give a dose says its driving advice (before: none); it gives only
    # buprenorphine, so no benzodiazepine is named (R22 S1)
    # R50 S2: both withdrawals: the headline's sedation watch ({watch}) before the driving clause (was none)
    # R69 hand, R67 Q2 ruled "build": the handover the box said none of, before its watch (was: "re-score the COWS
    # after dosing; if a benzodiazepine is given with ...")
    "finds no delirium and no intoxication; re-score the COWS after dosing; if transferred: at handover tell the "
    "receiving team the last CIWA-Ar and COWS scores, the delirium screen and any dose with its time; if a "
    "benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing {watch}; if a dose is "
    "given: the patient must not drive today. Fentanyl-era protocols differ ("
)
M3_REVIEW = (
    "Prescriber's review before the patient leaves, after the first step's medical review finds no delirium and no "
    "intoxication: "
)


def _dose_boxes(r):
    return [f for f in r.flags if f.action and _first_dose(f.action, BOX_DOSE) >= 0]


def _unscreened(r) -> list[tuple[str, str]]:
    """R16-M2's check: the dose boxes with no "screen for" before their first dose verb, or no "no dose here"."""
    return [
        (f.code, f.action)
        for f in _dose_boxes(r)
        if not (
            0 <= _at(f.action, "screen for") < _first_dose(f.action, BOX_DOSE)
            # physician review R32 (a): an ambulatory step's hold says "no dose now" (was: "no dose here")
            and max(_at(f.action, "no dose here"), _at(f.action, "no dose now")) >= 0
        )
    ]


# --- R16-M2: the reviewer's grid (the r13_screen grid and the case table) -----------------------------------------
def _built(ratings, ciwa, cows, high, ciwas=R13_CIWA, cowss=R13_COWS):
    """A grid case: ``ciwa``, ``cows`` as (day, key of ``ciwas``, ``cowss``) or None; ``high``: the high's day."""
    scores = {"old": [], "today": []}
    for instrument, pick, table in (("ciwa_ar", ciwa, ciwas), ("cows", cows, cowss)):
        if pick:
            scores[pick[0]].append((instrument, table[pick[1]]))
    if high:
        scores[high].append(("cssrs_screen", CSSRS_HIGH))
    return recommended(dict(ratings), old=scores["old"], today=scores["today"])


@pytest.mark.parametrize(("d1", "ciwa", "cows", "high"), R13_SCREEN_GRID)
def test_m2_every_dose_box_of_the_r13_screen_grid_screens_before_its_first_dose(d1, ciwa, cows, high):
    r = _built({1: d1}, ciwa, cows, high)
    assert not _unscreened(r)


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_m2_every_dose_box_of_the_case_table_screens_before_its_first_dose(c):
    assert not _unscreened(c.build())


# --- a wider grid: ratings of 4, hallucinations, COWS 25-36 (R16-M2, R16-M1 extension) ----------------------------
CIWAS = {"mod13": CIWA_MOD13, "sev21": CIWA_SEV21, "cmp15": CIWA_CMP15, "hal10": CIWA_HAL10}
COWSS = {"19": COWS_19, "30": COWS_30, "48": COWS_48}
WIDE = [
    (ratings, ciwa, cows, high)
    for ratings, ciwa, cows, high in itertools.product(
        ({}, {1: 4}, {2: 4}, {3: 4}),
        (None, *itertools.product(("old", "today"), CIWAS)),
        (None, *itertools.product(("old", "today"), COWSS)),
        (None, "old", "today"),
    )
    if ciwa or cows
]


@pytest.mark.parametrize(("ratings", "ciwa", "cows", "high"), WIDE, ids=str)
def test_m2_m1_wider_grid_every_dose_box_screens_and_says_cam_where_the_headline_does(ratings, ciwa, cows, high):
    r = _built(ratings, ciwa, cows, high, CIWAS, COWSS)
    assert not _unscreened(r)
    if "CAM" in r.headline:  # R16-M1 (extension): the reviewer's test
        for f in _dose_boxes(r):
            assert 0 <= _at(f.action, "CAM") < _first_dose(f.action, BOX_DOSE), (f.code, f.action)
    if ", severe) and screen for delirium (CAM or 4AT)" in r.headline:
        # R67 F1 (a): beside the old severe CIWA-Ar's re-score screened for delirium (R65 F1) every dose box holds any
        # dose in delirium before its first dose, as the first step does
        for f in _dose_boxes(r):
            assert 0 <= _at(f.action, "if delirium") < _first_dose(f.action, BOX_DOSE), (f.code, f.action)
    if high:  # R16-S5: beside a C-SSRS high every dose box asks about an overdose or ingestion before its dose
        for f in _dose_boxes(r):
            assert 0 <= _at(f.action, OVERDOSE_ASKED) < _first_dose(f.action, BOX_DOSE), (f.code, f.action)


# --- R16-M2: the reviewer's cases, their words ----------------------------------------------------------------
def _box(r, code: str) -> str:
    return next(f.action for f in r.flags if f.code == code)


def test_m2_c03_the_moderate_ciwa_ar_review_screens_after_its_lead():
    r = recommended({}, today=[("ciwa_ar", CIWA_MOD13)])
    for code in ("moderate_alcohol_withdrawal", "rated_below_suggestion_d1"):
        # physician review R32 (a): the ambulatory hold gives its next step
        assert _box(r, code).startswith(f"Prescriber's review before the patient leaves: {SCREEN_ALCOHOL_AMB}"), _box(
            r, code
        )


def test_m2_c33_the_review_while_the_patient_waits_screens_after_its_lead():
    r = recommended({}, today=[("ciwa_ar", CIWA_MOD13), ("cssrs_screen", CSSRS_HIGH)])
    box = _box(r, "moderate_alcohol_withdrawal")
    assert box.startswith("Prescriber's review now, while the patient waits for the suicide evaluation ("), box
    # R16-S5 (the headline branch): beside the C-SSRS high the screen asks about an overdose or ingestion first
    # physician review R32 (a) (its four settings): while the patient waits for the suicide evaluation staff stay
    assert f"): {SCREEN_ALCOHOL_OVERDOSE_SUICIDE}at a CIWA-Ar of 10 or more treat withdrawal" in box, box
    assert "offer a lift" not in box


@pytest.mark.parametrize("day", ["today", "old"], ids=["C04", "C08"])
def test_m2_c04_c08_the_severe_ciwa_ar_first_dose_follows_the_alcohol_screen(day):
    r = recommended({}, **{day: [("ciwa_ar", CIWA_SEV21)]})
    # physician review R32 (a) (its four settings), R33 S1: today's (C04) transfer is now; the old score's (C08) waits
    # on its re-score ("if still 15 or more, ...: arrange transfer now"), so both branches
    screen = ALCOHOL_SCREEN if day == "today" else ALCOHOL_SCREEN_IF_TRANSFERRED
    for code in ("severe_alcohol_withdrawal", "rated_below_suggestion_d1"):
        box = _box(r, code)
        assert f"; {screen}a prescriber gives a first dose before transfer" in box, box


@pytest.mark.parametrize(
    ("cows", "code", "high"),
    [
        (COWS_19, "moderate_opioid_withdrawal", False),
        (COWS_30, "moderately_severe_opioid_withdrawal", False),
        (COWS_30, "moderately_severe_opioid_withdrawal", True),
    ],
    ids=["C11", "C12", "C12-high"],
)
def test_m2_c11_c12_the_cows_review_screens_after_its_lead(cows, code, high):
    today = [("cows", cows)] + ([("cssrs_screen", CSSRS_HIGH)] if high else [])
    box = _box(recommended({}, today=today), code)
    lead = (
        # physician review R26b, should-fix S9: the dose's handover in its "(if transferred: ...)"
        "Prescriber's review now, while the patient waits for the suicide evaluation (if transferred: a first dose "
        "before transfer only if it does not delay the transfer; at handover tell the receiving team the last COWS "
        "score and any dose with its time): "
        if high
        else "Prescriber's review before the patient leaves: "
    )
    # R16-S5 (the headline branch): beside the C-SSRS high the screen asks about an overdose or ingestion first
    # physician review R32 (a): the ambulatory hold (a COWS dose alone) gives its next step
    # physician review R32 (a) (its four settings): beside the C-SSRS high, staff stay while the patient waits
    screen = SCREEN_OPIOID_OVERDOSE_SUICIDE if high else SCREEN_OPIOID_AMB
    assert box.startswith(f"{lead}{screen}treat withdrawal as the prescriber decides"), box
    assert "thiamine" not in box  # opioid withdrawal alone: the COWS screen


def test_m2_c13_the_screen_opens_the_box_capitalised():
    r = recommended({}, today=[("cows", COWS_48)])
    for code in ("severe_opioid_withdrawal", "rated_below_suggestion_d1"):
        assert _box(r, code).startswith(
            # physician review R32 (a): the ambulatory hold (a COWS dose alone) gives its next step
            SCREEN_OPIOID_AMB.replace("before", "Before", 1)
            + "treat withdrawal now, before the patient leaves, as the "
            "prescriber decides: "
        ), _box(r, code)


def test_m2_c14_the_screen_after_the_re_score_lead():
    r = recommended({}, old=[("cows", COWS_48)])
    assert _box(r, "rated_below_suggestion_d1").startswith(
        # physician review R32 (a): the ambulatory hold (a COWS dose alone) gives its next step
        # R53 ruling 4: dimension 1's box says the screen before "if still 37 or more" too, as the boxes below
        f"Re-score the COWS now (last 48 on 20 Nov 2026, severe): {SCREEN_OPIOID_AMB}if still 37 or more, a "
        "prescriber "
        "treats withdrawal now"
    ), _box(r, "rated_below_suggestion_d1")
    for code in ("severe_opioid_withdrawal", "buprenorphine_induction_threshold"):
        assert _box(r, code).startswith(
            # R51 2: the screen before "if still 37 or more", covering the box's later "treat on the current score"
            f"Re-score the COWS now (last 48 on 20 Nov 2026, severe): {SCREEN_OPIOID_AMB}if still 37 or more, a "
            "prescriber treats withdrawal now"
        ), _box(r, code)


def test_m2_c28_the_ciwa_ar_box_at_a_rating_of_4_says_its_hold():
    r = recommended({1: 4}, today=[("ciwa_ar", CIWA_MOD13), ("cows", COWS_48)])
    box = _box(r, "moderate_alcohol_withdrawal")
    # physician review R32 (a) (its four settings): a rating of 4 is a transfer now, the hold tells the receiving team
    assert f"if intoxicated: no dose here ({NEXT_TRANSFER})" in box, box
    assert 0 <= box.find("screen for intoxication") < box.find("treat withdrawal"), box
    assert "thiamine" in box[: box.find("treat withdrawal")]  # a CIWA-Ar dose: the alcohol screen (R16-M2)


# --- R16-S7: the box opens with its screen ----------------------------------------------------------------------
def test_s7_c28_the_severe_cows_box_opens_with_its_screen():
    box = _box(recommended({1: 4}, today=[("ciwa_ar", CIWA_MOD13), ("cows", COWS_48)]), "severe_opioid_withdrawal")
    # the headline's screen, with thiamine and glucose since R16-S1 (the dose treats today's alcohol withdrawal too;
    # R16-M4: "Its dose carries M2's screen with thiamine and glucose (alcohol withdrawal alongside)")
    assert box.startswith(
        "Before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
        # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team
        f"thiamine and check blood glucose; if intoxicated: no dose here ({NEXT_TRANSFER}); otherwise "
        "treat withdrawal as the prescriber "
        "decides (a first dose before transfer only if it does not delay the transfer and the reason for rating 4 "
        "allows it): buprenorphine, or methadone only in "
    ), box


@pytest.mark.parametrize("ciwa", [CIWA_HAL10, CIWA_CMP15], ids=["hal10", "cmp15"])
def test_s7_beside_todays_complicated_ciwa_ar_the_severe_cows_box_opens_with_the_delirium_screen(ciwa):
    box = _box(recommended({}, today=[("ciwa_ar", ciwa), ("cows", COWS_48)]), "severe_opioid_withdrawal")
    assert box.startswith(
        "Before any dose: screen for delirium (CAM or 4AT) and intoxication (breath alcohol above zero, or signs of "
        "sedative intoxication), give thiamine and check blood glucose; if delirium or intoxication: no dose here "
        # physician review R32 (a) (its four settings): today's complicated CIWA-Ar is a transfer now, its hold tells
        # the receiving team
        f"(delirium: to the ED by emergency services; intoxication: {NEXT_TRANSFER}); otherwise treat "
        "withdrawal as the prescriber decides (a first "
        "dose before transfer only if it does not delay the transfer): buprenorphine, or methadone only in "
    ), box


# --- R16-M1: an old complicated CIWA-Ar without a C-SSRS high -----------------------------------------------------
@pytest.mark.parametrize("ciwa", [CIWA_HAL10, CIWA_CMP15], ids=["hal10", "cmp15"])
@pytest.mark.parametrize("cows", [COWS_19, COWS_30, COWS_48], ids=["19", "30", "48"])
def test_m1_every_cows_box_opens_after_the_re_score_and_delirium_screen(ciwa, cows):
    r = recommended({}, old=[("ciwa_ar", ciwa)], today=[("cows", cows)])
    boxes = [f.action for f in r.flags if f.code in COWS_CODES]
    assert boxes
    for box in boxes:
        assert box.startswith(M1_BOX_OPENING), box  # R70 D3, R71 must-fix 1 (was: M1_OPENING)
        assert box[len(M1_BOX_OPENING) :].startswith(
            ("a prescriber's review (if transferred: ", "a prescriber treats")
        ), box
    below = _box(r, "rated_below_suggestion_d1")
    if _first_dose(below, BOX_DOSE) >= 0:  # its COWS part, where it says one (at 13-36 it carries the re-score alone)
        assert M1_OPENING[:1].lower() + M1_OPENING[1:] in below, below


# --- R16-M1 (extension): rating 4 with today's complicated CIWA-Ar -------------------------------------------------
@pytest.mark.parametrize("rated", [{1: 4}, {2: 4}, {3: 4}], ids=["d1", "d2", "d3"])
def test_m1_extension_the_severe_ciwa_ar_box_says_the_headlines_delirium_screen(rated):
    r = recommended(rated, today=[("ciwa_ar", CIWA_CMP15)])
    assert "screen for delirium (CAM or 4AT)" in r.headline
    assert M1_EXTENSION in _box(r, "severe_alcohol_withdrawal"), _box(r, "severe_alcohol_withdrawal")


# --- R16-M3: CIWA-Ar item 10 at 1 beside a COWS of 13 or more -----------------------------------------------------
@pytest.mark.parametrize("cows", [COWS_19, COWS_30], ids=["19", "30"])
@pytest.mark.parametrize("high", [False, True], ids=["alone", "high"])
def test_m3_the_boxes_wait_for_the_first_steps_medical_review(cows, high):
    today = [("ciwa_ar", CIWA_MOD13_I1), ("cows", cows)] + ([("cssrs_screen", CSSRS_HIGH)] if high else [])
    r = recommended({}, today=today)
    assert all("may be given now" not in (f.action or "") for f in r.flags)
    # physician review R18 (session 16), should-fix S7: beside a C-SSRS high "and no overdose or ingestion" (its words)
    # R50 S2: the headline's watch, beside a C-SSRS high "until the evaluation or handover"
    said = M3_BUPRENORPHINE.replace("no intoxication", "no intoxication and no overdose or ingestion", 1).format(
        watch="until the evaluation or handover"
    )
    # R62 S2 (ruled R63): the headline's watch beside its escalation after a dose, until handover if transferred (was:
    # "while the patient is on site")
    alone = M3_BUPRENORPHINE.format(watch="while the patient is on site (if transferred: until handover)")
    assert _box(r, "buprenorphine_induction_threshold").startswith(said if high else alone)
    cows_box = next(f.action for f in r.flags if f.code in COWS_CODES)
    if high:  # the lead while the patient waits for the suicide evaluation, then the reviewer's words
        # physician review R18 (session 16), should-fix S7 retyped: beside a C-SSRS high "and no overdose or ingestion"
        # (r18.md, its words)
        assert (
            "after the first step's medical review finds no delirium and no intoxication and no overdose or ingestion: "
            "treat withdrawal" in cows_box
        ), cows_box
    else:
        assert cows_box.startswith(f"{M3_REVIEW}treat withdrawal "), cows_box
        assert _box(r, "moderate_alcohol_withdrawal").startswith(f"{M3_REVIEW}at a CIWA-Ar of 10 ")


M3_GRID = [
    (ratings, cows, day, high)
    for ratings, cows, day, high in itertools.product(
        ({}, {1: 2}, {1: 3}, {3: 3}, {5: 4}), (COWS_19, COWS_30, COWS_48), ("old", "today"), (None, "old", "today")
    )
]


@pytest.mark.parametrize(("ratings", "cows", "day", "high"), M3_GRID)
def test_m3_grid_no_box_says_may_be_given_now_beside_item_10_at_1(ratings, cows, day, high):
    scores = {"old": [], "today": [("ciwa_ar", CIWA_MOD13_I1)]}
    scores[day].append(("cows", cows))
    if high:
        scores[high].append(("cssrs_screen", CSSRS_HIGH))
    r = recommended(dict(ratings), old=scores["old"], today=scores["today"])
    assert all("may be given now" not in (f.action or "") for f in r.flags)


# --- the R15 acceptance remarks (ii) and (iii) -------------------------------------------------------------------
@pytest.mark.parametrize("ciwa", [CIWA_HAL10, CIWA_CMP15], ids=["hal10", "cmp15"])
@pytest.mark.parametrize("cows", [COWS_19, COWS_30, COWS_48], ids=["19", "30", "48"])
@pytest.mark.parametrize("high", [False, True], ids=["alone", "high"])
def test_r15_remark_ii_the_cows_box_beside_complicated_alcohol_withdrawal_gives_thiamine_and_glucose(ciwa, cows, high):
    today = [("ciwa_ar", ciwa), ("cows", cows)] + ([("cssrs_screen", CSSRS_HIGH)] if high else [])
    r = recommended({2: 3, 5: 1} if high else {}, today=today)
    for f in r.flags:
        if f.code in COWS_CODES:
            dose = _first_dose(f.action, BOX_DOSE)
            assert 0 <= _at(f.action, "give thiamine and check blood glucose") < dose, f.action


def test_r15_remark_iii_the_buprenorphine_box_beside_todays_cmp15_and_a_high_before_transfer_only_if_no_delay():
    r = recommended({}, today=[("ciwa_ar", CIWA_CMP15), ("cows", COWS_19), ("cssrs_screen", CSSRS_HIGH)])
    # R42 item 5 (R31 S6; R46 Q6's words, as its case 17): what the first step's screen must find (was "... before any
    # dose allows it, before transfer ..."): the delirium screen (CAM or 4AT), the overdose question beside the C-SSRS
    # high, intoxication
    assert (
        "the first dose may be given once the first step's screen before any dose finds no delirium, no overdose or "
        "ingestion and no intoxication, before transfer only if it does not delay the transfer"
    ) in _box(r, "buprenorphine_induction_threshold")
