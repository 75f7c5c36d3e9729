"""Physician reviews R18-R20 (session 16), the box findings left open: R18 should-fix S2 (a joined box says "before any
dose:" once, the union of its screens, then the doses), R19 N4 (a COWS dose box's screen gives thiamine and checks
blood glucose where the headline's screen does) and R20c should-fix S6 (every box that hands the patient over names the
suicide screens the headline names at handover, as ``assessment_handover`` names them: the C-SSRS first, one of another
day dated, a PHQ-9 of another day "(not re-asked today)").

The expected words are typed (the headline's own words for the screens and the request, as R19-N2 and R20-M1 typed
them), never built by iopkit. The sweeps run over 400 random cases of the reviewers' arrays (ratings over ROUTINE with
4s, CIWA-Ar and COWS of today or of 20 Nov 2026, C-SSRS high, moderate or withdrawn, PHQ-9 item 9), seeded.

Basis: ASAM 2020 alcohol withdrawal guideline (assess intoxication; thiamine for all in withdrawal, before glucose);
R17b-M1 (a screen inside another clause's condition covers no later dose); Posner et al. 2011 (C-SSRS screener
triage); Joint Commission NPSG 15.01.01 (the handover is where a screen is lost, R19-N2 (ii)).
"""

from __future__ import annotations

import random
import re

import pytest

import iopkit
from iopkit.placement import recommend, suggest_dimensions
from tests.placement_screens import kept_apart
from tests.test_placement_headline_review_r7_old_scores import OLD, PLACED, ROUTINE, recommended
from tests.test_placement_headline_review_r18_m3 import B_BOX_R32, COWS_48, CSSRS_MODERATE, PHQ_I9POS
from tests.test_placement_headline_review_r18_oldciwa import _withdrawn_high
from tests.test_placement_physician_cases import (
    BOX_DOSE,
    CIWA_CMP15,
    CIWA_HAL10,
    CIWA_MILD6,
    CIWA_MOD13,
    CIWA_SEV21,
    COWS_8,
    COWS_19,
    COWS_30,
    CSSRS_HIGH,
    _first_dose,
)

# R31 M4 (physician review R31, must-fix M4, and S5): an overdose or ingestion held at the screen before a dose:
# call emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose
# (re-typed by /work/scripts/ovd_ed_retype.py).

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

CIWA_I1_14 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 1]  # r18.md: "item-10-at-1 14"

# --- the words, typed ---------------------------------------------------------------------------------------------
#: R20c S6: what a box's handover adds after "any complicating condition (...)", the headline's words for the screens
#: and its request (R19-N2, R20-M1's "at handover tell the receiving team that ... and ask them for a suicide risk
#: assessment (do not delay the transfer for it)").
# R23a finding 7 (c), (d): a comma before the request and ", without delaying the transfer" (the boxes say the
# headline's words)
ASK = ", and ask them for a suicide risk assessment, without delaying the transfer"
HEADLINE_ASK = ASK
# R50 b6 Q1: a handover that tells a C-SSRS moderate risk asks with safety planning
ASK_PLANNED = ", and ask them for a suicide risk assessment with safety planning, without delaying the transfer"
TOLD = {
    "C-SSRS moderate today": ", and that today's C-SSRS screen was moderate risk" + ASK_PLANNED,  # R50 b6 Q1
    "C-SSRS moderate of 20 Nov 2026": ", and that the C-SSRS screen of 20 Nov 2026 was moderate risk" + ASK_PLANNED,
    "PHQ-9 item 9 today": ", and that today's PHQ-9 item 9 was positive" + ASK,
    # physician review R30a (cases 291, 532): the screens joined as the headline joins them (R23a, finding 7)
    # R50 b6 Q1: with safety planning (a C-SSRS moderate risk told)
    "both today": (
        ", and that today's C-SSRS screen was moderate risk and that today's PHQ-9 item 9 was positive" + ASK_PLANNED
    ),
    "PHQ-9 item 9 of 20 Nov 2026": ", and that the PHQ-9 item 9 of 20 Nov 2026 was positive (not re-asked today)" + ASK,
}
#: where B_BOX's handover list ends (r18_m3.md's words)
COMPLICATING_END = "precipitated withdrawal that does not settle, delirium)"
#: R18 S2: the union of a joined box's screens, said once (its screens' words, the headline's: R16-M2, R16-S5)
UNION_OVERDOSE_THIAMINE = (
    "before any dose: ask about any overdose or ingestion today and screen for intoxication (breath alcohol above "
    "zero, or signs of sedative intoxication), give thiamine and check blood glucose; if an overdose or ingestion, or "
    "intoxicated: no dose here (an overdose or ingestion: call emergency services for the ED, staff with the patient "
    "until handover, naloxone if signs of opioid overdose; intoxicated: the patient "
    "must not drive today); otherwise "
)
#: physician review R35 M3/S3 (R32 (a), R33 S1): the union screen beside the CIWA-Ar's and the COWS's conditional
#: transfers ("if still 15 or more ...: arrange transfer now", "at a COWS re-score of 37 or more ...: arrange transfer
#: now"): both branches, "the scores" (a CIWA-Ar and a COWS flag stand), the same-day suicide risk assessment first (a
#: C-SSRS moderate risk stands) (was: "intoxicated: the patient must not drive today)")
UNION_OVERDOSE_THIAMINE_IF_TRANSFERRED = UNION_OVERDOSE_THIAMINE.replace(
    "intoxicated: the patient must not drive today)",
    "intoxicated: if transferred, tell the receiving team at handover the breath alcohol reading or the signs, with "
    "the time; if not: ask the patient to stay on site and repeat the screen and the scores when it clears; if it has "
    "not cleared by the end of the session, or withdrawal worsens: arrange a higher level of care; the patient must "
    # R38 item 6 (a): a patient too intoxicated to take part in the assessment: an emergency evaluation for suicide risk
    "not drive today; if the patient insists on leaving: the same-day suicide risk assessment first (if too "
    "intoxicated to take part in it: staff stay with the patient and arrange an emergency evaluation for suicide "
    "risk); offer a lift or a taxi, and follow local policy)",
)
THIAMINE = "give thiamine and check blood glucose"


def told_box(box: str, told: str) -> str:
    """``box`` (a COWS box in r18_m3's words) with R20c S6's handover words ``told`` after its handover list."""
    assert box.count(COMPLICATING_END) == 1
    return box.replace(COMPLICATING_END, COMPLICATING_END + told)


# --- R20c S6: the old COWS's boxes beside a same-day suicide risk assessment ---------------------------------------
S6_CASES = {
    "C-SSRS moderate today": ([("cows", COWS_48)], [("ciwa_ar", CIWA_MOD13), ("cssrs_screen", CSSRS_MODERATE)]),
    "C-SSRS moderate of 20 Nov 2026": (
        [("cows", COWS_48), ("cssrs_screen", CSSRS_MODERATE)],
        [("ciwa_ar", CIWA_MOD13)],
    ),
    "PHQ-9 item 9 today": ([("cows", COWS_48)], [("ciwa_ar", CIWA_MOD13), ("phq9", PHQ_I9POS)]),
    "both today": (
        [("cows", COWS_48)],
        [("ciwa_ar", CIWA_MOD13), ("cssrs_screen", CSSRS_MODERATE), ("phq9", PHQ_I9POS)],
    ),
    "PHQ-9 item 9 of 20 Nov 2026": ([("cows", COWS_48), ("phq9", PHQ_I9POS)], [("ciwa_ar", CIWA_MOD13)]),
}
BOX_CODES = ("moderate_opioid_withdrawal", "moderately_severe_opioid_withdrawal", "severe_opioid_withdrawal")
HANDED_OVER = re.compile(r"at handover (?:tell|give) the receiving team")


@pytest.mark.parametrize("name", S6_CASES)
def test_s6_old_cows_boxes_name_the_screens_the_headline_names(name: str) -> None:
    old, today = S6_CASES[name]
    r = recommended({}, old=old, today=today)
    ask = ASK_PLANNED if "moderate" in TOLD[name] else ASK  # R50 b6 Q1
    said = TOLD[name].removeprefix(", and ").removesuffix(ask)
    # R26b M1 (b): "a prescriber treats withdrawal (before a transfer only if ...)" is a dose before the "if still 37
    # or more" transfer: its handover tells the last CIWA-Ar and COWS scores and any dose with its time first
    dosed = "the last CIWA-Ar and COWS scores and any dose with its time, "
    assert f"at handover tell the receiving team {dosed}{said}{ask}" in r.headline, (
        r.headline
    )  # the headline names them
    boxes = [f.action for f in r.flags if f.code in BOX_CODES]
    assert boxes
    for box in boxes:
        assert (
            # physician review R26b, should-fix S9: the ruling's words, both scales (was "of the COWS score, ...")
            f"at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time, and any "
            f"complicating condition (vomiting or diarrhoea with fluids not kept down, unstable vital signs, other "
            f"medical or psychiatric instability, pregnancy, alcohol or benzodiazepine withdrawal alongside, "
            f"{COMPLICATING_END}"
            f"{TOLD[name]}; if a benzodiazepine" in box
        ), box
    for f in r.flags:  # every box that hands over names them, once
        if f.action and HANDED_OVER.search(f.action):
            assert f.action.count(said) == 1, (f.code, f.action)


def test_s6_case_b_box_without_a_screen_unchanged() -> None:
    """Without a suicide screen standing, r18_m3's box form is the same (no handover words added)."""
    r = recommended({}, old=[("cows", COWS_48)], today=[("ciwa_ar", CIWA_MOD13)])
    # physician review R32 (a) (its four settings), R33 S1, R34 S1: r18_m3's box as R32 (a) words its hold (B_BOX_R32)
    assert [f.action for f in r.flags if f.code in BOX_CODES] == [B_BOX_R32]


# --- R18 S2: a joined box says "before any dose:" once -------------------------------------------------------------
def test_s2_joined_box_one_screen_the_union_then_the_doses() -> None:
    """Old CIWA-Ar 21 and old COWS 48 beside today's C-SSRS moderate: the joined box said "before any dose:" before
    the alcohol dose (with thiamine) and again inside the COWS part's "if still 37 or more" (without): now once, the
    union, before the first dose, and the COWS part's dose under its own condition."""
    r = recommended({}, old=[("ciwa_ar", CIWA_SEV21), ("cows", COWS_48)], today=[("cssrs_screen", CSSRS_MODERATE)])
    (box,) = [f.action for f in r.flags if f.code == "rated_below_suggestion_d1"]
    # physician review R22 (session 19), must-fix M1: the first screen stands inside the CIWA-Ar's conditional
    # transfer ("if still 15 or more, ... arrange transfer now ...; before any dose: ..."), so the COWS part keeps its
    # own screen, the union (its buprenorphine is given with no transfer)
    assert box.lower().count("before any dose:") == 2, box
    # R67 F1 (was: UNION_OVERDOSE_THIAMINE_IF_TRANSFERRED, "if an overdose or ingestion, or intoxicated: no dose here
    # (an overdose or ingestion: call emergency services for the ED, staff with the patient until handover, naloxone
    # if signs of opioid overdose; intoxicated: ..."): the old severe CIWA-Ar's re-score screens for delirium and its
    # screen holds any dose in delirium, merged with the overdose's hold (R65 F1; R60 Q2 (a)'s words), in both parts
    # (R22 M1: each the union)
    union = UNION_OVERDOSE_THIAMINE_IF_TRANSFERRED.replace(
        "if an overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call emergency services "
        "for the ED, staff with the patient until handover, naloxone if signs of opioid overdose; intoxicated: ",
        "if delirium, or an overdose or ingestion: no dose here; call emergency services for the ED; staff with the "
        "patient until handover (naloxone if signs of opioid overdose); if intoxicated: no dose now (",
    )
    assert union != UNION_OVERDOSE_THIAMINE_IF_TRANSFERRED
    # physician review R35 M3/S3: each union screen's hold in both branches (UNION_OVERDOSE_THIAMINE_IF_TRANSFERRED)
    assert f"{union}a prescriber gives a first dose before transfer if it does not delay" in (box), box
    # R53 ruling 4: the COWS part's screen before "if still 37 or more", covering its 13-36 dose too
    assert (
        "re-score the COWS now (last 48 on 20 Nov 2026, severe): "
        f"{union}if still 37 or more, a prescriber treats withdrawal now, before the "
        # R73 item 2 (was: "patient leaves: buprenorphine"): the CIWA-Ar part arranges a transfer
        "patient leaves (if transferred: a first dose before transfer only if it does not delay the transfer): "
        "buprenorphine" in box
    ), box
    assert box.index("no dose here") < box.index("a prescriber treats withdrawal now")


def test_s2_a_first_screen_under_a_condition_opens_its_clause() -> None:
    """Old CIWA-Ar 13 (item 10 at 1) beside today's COWS 19, dimensions 3 and 4 rated 4: the joined box's first screen
    stood after "at 10 or more, "; said once, it opens that clause, the condition after its "otherwise " (R17b-M1: a
    screen inside a condition covers no later dose)."""
    r = recommended({3: 4, 4: 4}, old=[("ciwa_ar", CIWA_I1_14)], today=[("cows", COWS_19)])
    (box,) = [f.action for f in r.flags if f.code == "rated_below_suggestion_d1"]
    assert box.lower().count("before any dose:") == 1, box
    assert (
        # R49 (M1's CIWA-Ar twin): the bracket says no dose without today's re-score; R52 5 (its exception): for
        # alcohol withdrawal, beside today's COWS treated in the same box
        "(last 14 on 20 Nov 2026; no dose for alcohol withdrawal here without today's re-score); before any dose: "
        "screen for intoxication "
        "(breath alcohol above zero, or signs of "
        "sedative intoxication), give thiamine and check blood glucose; if intoxicated: no dose here ("
        # physician review R32 (a) (its four settings): dimension 3 rated 4's transfer now tells the receiving team
        "tell the receiving team at handover the breath alcohol reading or the signs, with the time; the patient "
        "must not drive today); otherwise at 10 "
        "or more, a prescriber gives a first dose before transfer only if it does not delay the transfer" in box
    ), box
    assert (
        "prescriber's review (a first dose before transfer only if it does not delay the transfer and the reason "
        "for rating 4 allows it): treat withdrawal as the prescriber decides" in box
    ), box


# --- the sweeps: 400 random cases ----------------------------------------------------------------------------------
CIWAS = (CIWA_MILD6, CIWA_MOD13, CIWA_SEV21, CIWA_CMP15, CIWA_HAL10, CIWA_I1_14)
COWSS = (COWS_8, COWS_19, COWS_30, COWS_48)


def _random_case(rng: random.Random):  # type: ignore[no-untyped-def]
    ratings = {d: 4 if rng.random() < 0.12 else ROUTINE[d] for d in range(1, 7)}
    old: list = []
    today: list = []
    for instrument, arrays, p in (("ciwa_ar", CIWAS, 0.6), ("cows", COWSS, 0.67)):
        if rng.random() < p:
            rng.choice((old, today)).append((instrument, rng.choice(arrays)))
    cssrs = rng.choice((None, None, None, "high", "moderate", "withdrawn"))
    if cssrs in ("high", "moderate"):
        rng.choice((old, today)).append(("cssrs_screen", CSSRS_HIGH if cssrs == "high" else CSSRS_MODERATE))
    if rng.random() < 0.4:
        rng.choice((old, today)).append(("phq9", PHQ_I9POS))
    scores = [iopkit.score(i, a) for i, a in old + today]
    scored_on = {i: OLD for i, _ in old} | {i: PLACED for i, _ in today}
    more = {"older_open_flags": [_withdrawn_high()]} if cssrs == "withdrawn" else {}
    suggested = suggest_dimensions(scores, scored_on=scored_on, today=PLACED, **more)
    return recommend({**ROUTINE, **ratings}, suggested=suggested)


@pytest.fixture(scope="module")
def random_cases():  # type: ignore[no-untyped-def]
    rng = random.Random(18)
    return [_random_case(rng) for _ in range(400)]


def test_s2_sweep_each_box_says_before_any_dose_at_most_once(random_cases) -> None:  # type: ignore[no-untyped-def]
    joined = 0
    for r in random_cases:
        for f in r.flags:
            # R22 M1: screens kept apart (each the union) where the first may sit inside an earlier condition
            assert f.action.lower().count("before any dose:") <= 1 or kept_apart(f.action), (f.code, f.action)
            joined += f.code == "rated_below_suggestion_d1" and "before any dose:" in f.action.lower()
    assert joined >= 20  # the sweep reaches joined boxes that screen


def test_n4_sweep_thiamine_in_every_screening_dose_box_where_the_headline_has_it(random_cases) -> None:  # type: ignore[no-untyped-def]
    reached = 0
    for r in random_cases:
        if THIAMINE not in r.headline:
            continue
        for f in r.flags:
            if f.action and _first_dose(f.action, BOX_DOSE) >= 0 and "screen for" in f.action:
                assert THIAMINE in f.action, (f.code, f.action, r.headline)
                reached += f.code in BOX_CODES
    assert reached >= 20


# R26b M1: the last scores and any dose with its time may come first in the clause
# R65 F2 (was: "(?:the last [^,]*? and any dose with its time, )?"): a text that screens for delirium tells the
# delirium screen there too ("the last ... score(s), the delirium screen and any dose with its time, ")
HEADLINE_TOLD = re.compile(
    r"at handover tell the receiving team (?:the last [^,]*?(?:, the delirium screen)? and any dose with its time, )?"
    r"(that .*?)" + re.escape(HEADLINE_ASK)
)
SCREENS = re.compile(
    r"today's C-SSRS screen|the C-SSRS screen of \d\d \w\w\w \d{4}|today's PHQ-9 item 9|the PHQ-9 item 9 of"
)


def test_s6_sweep_every_handover_names_the_screens_the_headline_names(random_cases) -> None:  # type: ignore[no-untyped-def]
    reached = 0
    for r in random_cases:
        told = HEADLINE_TOLD.search(r.headline)
        if told is None:
            continue
        named = SCREENS.findall(told[1])
        for f in r.flags:
            if f.action and HANDED_OVER.search(f.action):
                reached += 1
                for screen in named:
                    assert screen in f.action, (f.code, f.action, told[1])
    assert reached >= 3  # seeded: the cases whose headline names the screens at handover in these words
