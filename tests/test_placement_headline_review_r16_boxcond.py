"""Physician review R16 (session 15), must-fix M4, M6 and should-fix S6 (with M3's COWS escalation): a COWS box's
"only for a complicating condition" beside a headline that has already arranged what it would call for, or found the
condition present, and a COWS box that doses before the headline's CIWA-Ar re-score.

- M4: beside a transfer now (the headline's first step arranges it with no condition before it) no box says "only
  for a complicating condition": the rating-4 form's words, "at handover tell the receiving team of the COWS score,
  any dose with its time, and any complicating condition (...)", then "; if a benzodiazepine is given with
  buprenorphine or methadone: monitor sedation and breathing until handover" (ASAM 2020 alcohol withdrawal guideline:
  severe withdrawal is treated inpatient; FDA Drug Safety Communication 20 Sep 2017: opioids with benzodiazepines).
- M3 (its COWS escalation only): beside today's CIWA-Ar alongside a COWS of 13-36 the COWS box says the headline's
  "arrange medically managed withdrawal or a higher level of care: co-occurring alcohol withdrawal (CIWA-Ar 14 today)"
  (the condition is present; ASAM 2020 alcohol withdrawal guideline).
- S6: beside a C-SSRS high's emergency evaluation, "a complicating condition (<the box's list, unchanged>) goes to
  the same emergency evaluation" (C-SSRS screener triage, Posner et al. 2011).
- M6: C34's COWS box opens with the headline's re-score first: "Re-score the CIWA-Ar first, before any dose (last 13
  on 20 Nov 2026): at 8 or more, ..." (R13-M3's basis: COWS items are also alcohol-withdrawal signs, Wesson & Ling
  2003; Sullivan et al. 1989; FDA DSC 20 Sep 2017).

The reviewer's words are typed here from the review, never built from iopkit's constants. The screen before a box's
dose the reviewer writes into M4 and M6 ("Its dose carries M2's screen"; "otherwise before any dose: screen ...") is
R16-M2's general rule (:func:`iopkit.placement.boxes.screens_before_box_doses`), checked here in these boxes too.
"""

from __future__ import annotations

import itertools

import pytest

from iopkit.placement import FirstStep
from iopkit.placement.steps import headline_steps

from .intoxication_screens import r32a
from .test_placement_headline_review_r7_old_scores import recommended
from .test_placement_headline_review_r18_oldciwa import M3_WANT
from .test_placement_physician_cases import BOX_DOSE, _at, _first_dose, _unconditional

# R31 M4 (physician review R31, must-fix M4, and S5): an overdose or ingestion held at the screen before a dose:
# call emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose
# (re-typed by /work/scripts/ovd_ed_retype.py).

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

CIWA_MILD6 = [1, 1, 1, 1, 1, 0, 0, 0, 1, 0]
CIWA_MOD13 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 0]
CIWA_MOD13_I1 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 1]  # 14, item 10 at 1
CIWA_SEV21 = [4, 3, 3, 3, 3, 2, 0, 0, 3, 0]
CIWA_CMP15 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 2]  # 15, item 10 at 2: disoriented
CIWA_HAL10 = [1, 1, 1, 1, 1, 0, 4, 0, 1, 0]  # 10, item 7 (auditory disturbances) at 4
COWS_19 = [2, 2, 3, 2, 2, 2, 2, 2, 1, 1, 0]  # 13-24, moderate
COWS_30 = [4, 2, 3, 5, 2, 2, 3, 2, 2, 2, 3]  # 25-36, moderately severe
COWS_48 = [4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 5]  # above 36, severe
CSSRS_MOD = ["yes", "yes", "yes", "no", "no", "no", None]
CSSRS_HIGH = ["yes", "yes", "no", "yes", "no", "no", None]


ONLY_FOR = "only for a complicating condition"
COWS_CODES = ("moderate_opioid_withdrawal", "moderately_severe_opioid_withdrawal", "severe_opioid_withdrawal")

# --- the reviewer's words, typed from r16.md -------------------------------------------------------------------------
#: M4: the severe COWS box's complicating conditions, told at handover (the rating-4 form's words).
M4_HANDOVER = (  # physician review R26b, should-fix S9: the ruling's words, both scales (was "of the COWS score, ...")
    "at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time, and any "
    "complicating condition "
    "(vomiting or diarrhoea with fluids not kept down, unstable vital signs, other medical or psychiatric instability, "
    "pregnancy, alcohol or benzodiazepine withdrawal alongside, precipitated withdrawal that does not settle, delirium)"
)
M4_BENZODIAZEPINE = (
    "; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until handover"
)
#: S6: beside a C-SSRS high, the box's list unchanged (13-36: the moderate list; above 36: the full list, M4's).
S6_MODERATE = (
    "a complicating condition (medical or psychiatric instability, co-occurring alcohol or benzodiazepine withdrawal, "
    "pregnancy) goes to the same emergency evaluation"
)
S6_SEVERE = (
    "a complicating condition (vomiting or diarrhoea with fluids not kept down, unstable vital signs, other medical or "
    "psychiatric instability, pregnancy, alcohol or benzodiazepine withdrawal alongside, precipitated withdrawal that "
    "does not settle, delirium) goes to the same emergency evaluation"
)
#: M3: the COWS box's escalation where the condition is present (the headline's words).
M3_ESCALATION = (
    "arrange medically managed withdrawal or a higher level of care: co-occurring alcohol withdrawal (CIWA-Ar 14 today)"
)
#: M6: C34's COWS box, whole up to the 72-hour rule's bracket (the screen is M2's). Changed by physician review R18
#: (session 16), must-fix M3, the reviewer's words: one screen before any dose first (thiamine and blood glucose at a
#: CIWA-Ar of 8 or more), then the transfer at 8 or more with its refusal (capacity) clause and the benzodiazepine
#: monitoring, then the dose otherwise.
M6_FULL = M3_WANT  # the same words, typed once in the R18 test file
#: M6's words beside a C-SSRS moderate: R16-S5 (the headline branch), the screen asks about an overdose or ingestion
#: first ("before any dose: ask about any overdose or ingestion today and screen for intoxication (...); if an overdose
#: or ingestion, or intoxicated: no dose here (an overdose or ingestion: to the ED by emergency services); otherwise ");
#: R18-M3's order as above.
M6_FULL_S5 = (
    # physician review R26b, should-fix S9: one handover clause, the branch's suicide handover carrying the scores
    M6_FULL.replace(
        "; at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time", ""
    )
    .replace("Before any dose: screen", "Before any dose: ask about any overdose or ingestion today and screen")
    .replace(
        "if intoxicated: no dose here (the patient must not drive today).",
        "if an overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call emergency services "
        "for the ED, staff with the patient until handover, naloxone if signs of opioid overdose"
        "; intoxicated: the patient must not drive today).",
    )
    .replace(
        # physician review R20 (session 16), must-fix M1 changed this expectation: beside a C-SSRS moderate, the
        # 8-or-more branch tells the receiving team at handover and says the assessment if the patient declines
        # transfer (its words)
        "the patient must not drive. Otherwise",
        "the patient must not drive; at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose "
        "with its time, that today's C-SSRS screen was moderate "
        # R23a finding 7 (c), (d): the ruling's words, re-typed; R50 b6 Q1: with safety planning
        "risk, and ask them for a suicide risk assessment with safety planning, without delaying the transfer; if the "
        # R53 ruling 3: the box's copy of the headline's declines-transfer step says its safety planning
        "patient declines transfer: a same-day suicide risk assessment with safety planning before the patient leaves. "
        "Otherwise",
    )
)
#: R16-M6's opening; R18-M3: "Re-score the CIWA-Ar first (last 13 on 20 Nov 2026)."
M6_START = "Re-score the CIWA-Ar first (last 13 on 20 Nov 2026)"
#: M6's words before the screen (R16-M2's) and from its dose on, each typed from the same sentence; R18-M3: the screen
#: now comes first, the branch at 8 or more after it, the dose after "Otherwise ".
# R62 S3: the interval history after the re-score (was: "... (last 13 on 20 Nov 2026). Before any dose: ")
M6_BRANCH = (
    "Re-score the CIWA-Ar first (last 13 on 20 Nov 2026); ask what happened since (a seizure, confusion, a hospital "
    "visit, the last drink). Before any dose: "
)
M6_DOSE = (
    "treat withdrawal now, before the patient leaves, as the prescriber decides: buprenorphine, or methadone only in "
)


def _box(r, code: str) -> str:
    (action,) = [f.action for f in r.flags if f.code == code]
    return action


def _transfer_now(r) -> bool:
    """The headline's first step arranges a transfer now with no condition before it (the case table's
    ``_unconditional``, R16-M4's test)."""
    steps = headline_steps(r.headline)
    return r.headline.startswith("First:") and _unconditional(steps[0].text, "arrange transfer now")


# --- M4 ------------------------------------------------------------------------------------------------------------
M4_CASES = {
    "old COWS 48, today's CIWA-Ar 21": ({}, [("cows", COWS_48)], [("ciwa_ar", CIWA_SEV21)]),
    "today's CIWA-Ar 21 and COWS 48": ({}, [], [("ciwa_ar", CIWA_SEV21), ("cows", COWS_48)]),
    "C36: today's CIWA-Ar 13 and COWS 48": ({}, [], [("ciwa_ar", CIWA_MOD13), ("cows", COWS_48)]),
}


@pytest.mark.parametrize("name", M4_CASES)
def test_m4_the_severe_cows_box_tells_its_complicating_condition_at_handover(name):
    r = recommended(*M4_CASES[name])
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION and _transfer_now(r), r.headline
    box = _box(r, "severe_opioid_withdrawal")
    assert M4_HANDOVER + M4_BENZODIAZEPINE in box, box
    for f in r.flags:
        assert ONLY_FOR not in f.action, (f.code, f.action)


@pytest.mark.parametrize("name", M4_CASES)
def test_m4_the_severe_cows_box_doses_after_the_alcohol_screen(name):
    """R16-M4: "Its dose carries M2's screen with thiamine and glucose (alcohol withdrawal alongside)"."""
    r = recommended(*M4_CASES[name])
    box = _box(r, "severe_opioid_withdrawal")
    dose = _first_dose(box, BOX_DOSE)
    assert dose >= 0
    for said in ("screen for intoxication", "thiamine", "blood glucose", "no dose here"):
        assert 0 <= _at(box, said) < dose, (said, box)


# --- M3's COWS escalation ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("cows", "high"), list(itertools.product((COWS_19, COWS_30), (False, True))))
def test_m3_the_cows_box_says_alcohol_withdrawal_alongside_is_present(cows, high):
    today = [("ciwa_ar", CIWA_MOD13_I1), ("cows", cows)] + ([("cssrs_screen", CSSRS_HIGH)] if high else [])
    r = recommended({}, today=today)
    assert M3_ESCALATION in r.headline
    (box,) = [f.action for f in r.flags if f.code in COWS_CODES]
    assert M3_ESCALATION in box, box
    for f in r.flags:
        assert ONLY_FOR not in f.action, (f.code, f.action)


# --- S6 ------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("cows", "words"), [(COWS_19, S6_MODERATE), (COWS_30, S6_MODERATE), (COWS_48, S6_SEVERE)])
def test_s6_beside_a_cssrs_high_the_complicating_condition_goes_to_the_same_evaluation(cows, words):
    r = recommended({}, today=[("cows", cows), ("cssrs_screen", CSSRS_HIGH)])
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    (box,) = [f.action for f in r.flags if f.code in COWS_CODES]
    assert words in box, box
    for f in r.flags:
        assert ONLY_FOR not in f.action, (f.code, f.action)


def test_s6_c35_the_cows_box_sends_a_complicating_condition_to_the_headline_s_one_setting():
    """C35 (an old moderate CIWA-Ar, today's COWS 48, a C-SSRS high): the case table's ``nowhere("same emergency
    evaluation")`` (R13-M3: one setting that can manage both, never the suicide evaluation alone) and R16-S6's test;
    the words the headline says (R13-M3's, typed from r13.md) with the box's list."""
    r = recommended({}, old=[("ciwa_ar", CIWA_MOD13)], today=[("cows", COWS_48), ("cssrs_screen", CSSRS_HIGH)])
    box = _box(r, "severe_opioid_withdrawal")
    assert (
        "delirium): emergency evaluation for suicide risk and emergency medical evaluation in one setting that can "
        "manage both: arrange transfer now (ED)" in box
    ), box
    for f in r.flags:
        assert ONLY_FOR not in f.action and "same emergency evaluation" not in f.action, (f.code, f.action)


# --- M6 ------------------------------------------------------------------------------------------------------------
M6_CASES = {
    "C34": ({}, [("ciwa_ar", CIWA_MOD13)], [("cows", COWS_48)]),
    "C34 with d4 at 4 and a C-SSRS moderate": (
        {3: 2, 4: 4},
        [("ciwa_ar", CIWA_MOD13)],
        [("cows", COWS_48), ("cssrs_screen", CSSRS_MOD)],
    ),
}


@pytest.mark.parametrize("name", M6_CASES)
def test_m6_the_cows_box_re_scores_the_ciwa_ar_first(name):
    r = recommended(*M6_CASES[name])
    box = _box(r, "severe_opioid_withdrawal")
    assert box.startswith(M6_START), box
    assert box.startswith(M6_BRANCH), box
    # R18-M3; R42 item 2: the branch named by the re-score it reads (was "At 8 or more")
    assert box.find(M6_DOSE) > box.find("At a CIWA-Ar re-score of 8 or more") > box.find("screen for"), box
    for b in (f.action for f in r.flags):  # every box that doses re-scores the CIWA-Ar before it
        if _first_dose(b, BOX_DOSE) >= 0:
            assert 0 <= _at(b, "re-score the CIWA-Ar") < _first_dose(b, BOX_DOSE), b


@pytest.mark.parametrize("name", M6_CASES)
def test_m6_the_cows_box_screens_after_the_re_score(name):
    """The reviewer's whole words, and C34's ``box_doses_after("re-score the CIWA-Ar", *SCREEN)``."""
    r = recommended(*M6_CASES[name])
    # physician review R32 (a) (its four settings), R34 S1/S2: the hold of the dose's own sentence (no transfer) is
    # ambulatory, "the scores" beside both withdrawals, beside a same-day suicide risk assessment that assessment first
    # if the patient insists on leaving (r32a)
    full = r32a(M6_FULL_S5 if "C-SSRS moderate" in name else M6_FULL)
    assert _box(r, "severe_opioid_withdrawal").startswith(full), _box(r, "severe_opioid_withdrawal")
    for b in (f.action for f in r.flags):
        if _first_dose(b, BOX_DOSE) >= 0:
            for said in ("re-score the CIWA-Ar", "screen for", "intoxication"):
                assert 0 <= _at(b, said) < _first_dose(b, BOX_DOSE), (said, b)


# --- the grid (R16-M4's and S6's tests over every combination of one CIWA-Ar, one COWS, one C-SSRS) -------------------
_CIWAS = (CIWA_MILD6, CIWA_MOD13, CIWA_MOD13_I1, CIWA_SEV21, CIWA_CMP15, CIWA_HAL10)
_GRID = [
    (ratings, ciwa, cows, cssrs)
    for ratings in ({}, {1: 4})
    for ciwa in [None, *itertools.product(_CIWAS, ("old", "today"))]
    for cows in itertools.product((COWS_19, COWS_30, COWS_48), ("old", "today"))
    for cssrs in (None, (CSSRS_HIGH, "old"), (CSSRS_HIGH, "today"), (CSSRS_MOD, "today"))
]


def _grid_case(ratings, *picks):
    old, today = [], []
    for name, pick in zip(("ciwa_ar", "cows", "cssrs_screen"), picks, strict=True):
        if pick is not None:
            (old if pick[1] == "old" else today).append((name, pick[0]))
    return recommended(ratings, old=old, today=today)


#: R26a S2's headline words, typed; R27 M2: "at a CIWA-Ar re-score", said by the COWS box too.
R26A_S2 = (
    "at a CIWA-Ar re-score of 8 or more (alcohol withdrawal alongside): arrange medically managed withdrawal or a "
    "higher level of care"
)
#: R27 M2: the COWS box's words, its other complicating conditions with them (the headline cuts them), typed.
R27_M2_BOX = (
    "at a CIWA-Ar re-score of 8 or more (alcohol withdrawal alongside), or another complicating condition (medical or "
    "psychiatric instability, benzodiazepine withdrawal, pregnancy): arrange medically managed withdrawal or a higher "
    "level of care"
)


def test_the_grid_no_only_for_a_complicating_condition_beside_a_transfer_now_or_an_emergency_evaluation():
    """R16-M4: no box says "only for a complicating condition" where the headline's first step arranges a transfer now
    unconditionally; R16-S6: nor where the first step is the emergency evaluation; R16-M3: a box that says alcohol
    withdrawal alongside is present says what the headline says."""
    wrong, transfers, emergencies, ruled = [], 0, 0, 0
    for ratings, *picks in _GRID:
        r = _grid_case(ratings, *picks)
        transfer, emergency = _transfer_now(r), r.first_step is FirstStep.EMERGENCY_EVALUATION
        transfers += transfer
        emergencies += emergency
        for f in r.flags:
            if (transfer or emergency) and ONLY_FOR in f.action:
                wrong.append((ratings, picks, f.code, "only for"))
            at = f.action.find("co-occurring alcohol withdrawal (")
            said = f.action[at : f.action.index(")", at) + 1] if at >= 0 else ""
            # R27 M2 (tightened): the box and the headline agree, no difference accepted; an old CIWA-Ar not re-scored
            # today is said only as its re-score decides, in the box (R27_M2_BOX) as in the headline (R26A_S2)
            if at >= 0 and (said not in r.headline or "not re-scored today)" in said):
                wrong.append((ratings, picks, f.code, "alongside"))
            cows_box = f.code.endswith("opioid_withdrawal")
            if cows_box and (R27_M2_BOX in f.action) != (R26A_S2 in r.headline):
                wrong.append((ratings, picks, f.code, "at a CIWA-Ar re-score"))
            ruled += cows_box and R27_M2_BOX in f.action
    assert not wrong, (len(wrong), wrong[:5])
    assert transfers > 100 and emergencies > transfers  # the grid reaches both (counts on main: 1,092 cases)
    assert ruled >= 12, ruled  # R27 M2: the grid reaches the COWS boxes after an old CIWA-Ar's re-score
