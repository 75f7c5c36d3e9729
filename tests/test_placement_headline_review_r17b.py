"""Physician review R17b (session 15): the R16 box fixes as landed, the reviewer's cases and words typed as the oracle.

R17b-M2 (R16-M6 extended): an old CIWA-Ar beside today's COWS of 13 or more: "the COWS box re-scores the CIWA-Ar
first" (R13-M3 / R16-M6 basis: Wesson & Ling 2003; Sullivan et al. 1989; ASAM 2020 alcohol withdrawal guideline; FDA
Drug Safety Communication 20 Sep 2017). Cases built as the reviewer built them (old = 20 Nov 2026, today = 02 Dec 2026).
"""

from __future__ import annotations

import pytest

from tests.intoxication_screens import INSISTS, NOT_CLEARED_CIWA, TOLD
from tests.placement_screens import kept_apart
from tests.test_placement_headline_review_r7_old_scores import recommended
from tests.test_placement_review_r70_d3 import FINDINGS

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

# arrays as in tests/test_placement_physician_cases.py (the reviewer's)
CIWA_MOD13 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 0]
CIWA_SEV21 = [4, 3, 3, 3, 3, 2, 0, 0, 3, 0]
COWS_19 = [2, 2, 3, 2, 2, 2, 2, 2, 1, 1, 0]
COWS_30 = [4, 2, 3, 5, 2, 2, 3, 2, 2, 2, 3]
COWS_48 = [4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 5]

COWS_CODES = ("moderate_opioid_withdrawal", "moderately_severe_opioid_withdrawal", "severe_opioid_withdrawal")


def _cows_box(r) -> str:  # type: ignore[no-untyped-def]
    (action,) = [f.action for f in r.flags if f.code in COWS_CODES]
    return action


# physician review R17b (session 15), must-fix M2, "Want" for the old moderate CIWA-Ar, its words, as physician review
# R28, M2 changed them: the screen with thiamine and blood glucose, and the branch at 8 or more said as the escalation
# the re-score decides, at the box's end (was "Re-score the CIWA-Ar first, before any dose (last 13 on 20 Nov 2026): at
# 8 or more, alcohol withdrawal alongside: arrange medically managed withdrawal or a higher level of care; otherwise
# prescriber's review before the patient leaves: before any dose: screen for intoxication (...); if intoxicated: ...")
# Physician review R32 (a) (its four settings), R33 S1 and R34 S1: the box's transfer is conditional (at a CIWA-Ar
# re-score of 8 or more; "if transferred: at handover ..."), so its hold says both branches, the receiving team told if
# transferred, else the ambulatory next step, "the scores" beside the CIWA-Ar and the COWS (was: "if intoxicated: no
# dose here (the patient must not drive today)")
HOLD_IF_TRANSFERRED = (
    f"if intoxicated: no dose now (if transferred, {TOLD}; if not: ask the patient to stay on site and repeat the "
    f"screen and the scores when it clears; {NOT_CLEARED_CIWA}; the patient must not drive today; {INSISTS})"
)
# R62 S3: the interval history after the re-score (was: "(last 13 on 20 Nov 2026); prescriber's review ...")
OLD_MODERATE_OPENING = (
    "Re-score the CIWA-Ar first (last 13 on 20 Nov 2026); ask what happened since (a seizure, confusion, a hospital "
    "visit, the last drink); prescriber's review before the patient leaves: before any "
    "dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and "
    f"check blood glucose; {HOLD_IF_TRANSFERRED}; "
    # R63 SF2: the CIWA-Ar 15+ transfer right after the hold, before the plain treatment, which is now guarded (was:
    # "...; the patient must not drive today; ...); otherwise treat withdrawal as the prescriber decides, ")
    "intoxicated or not, at a CIWA-Ar re-score of 15 or more, or a seizure since the last score, or hallucinations, "
    # R76 (was: "...(item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM); ...")
    "or disorientation (item 10 at 2 or more): arrange transfer now by emergency services to medically managed "
    "withdrawal (ED, or 4-WM); staff with the patient until handover; if the patient declines transfer: the "
    "prescriber assesses and records capacity to decline (without capacity: transfer by emergency services; with "
    "capacity: record the advice given and the risks explained; arrange the highest level of care the patient "
    "accepts; any dose as the prescriber decides; tell the patient and any supportive person to call emergency "
    "services for a seizure, confusion, "
    # R73 1a (was: "...any worsening); if not intoxicated")
    "hallucinations or any worsening); the patient must not drive; if not intoxicated: a first dose before "
    "transfer only if it does not delay the transfer; otherwise, if not intoxicated: treat withdrawal as the "
    "prescriber decides, "
)
# the same for the old severe CIWA-Ar, its words ("R16-M1's form without the delirium screen")
# R67 F1 (a) (was: "After the first step's CIWA-Ar re-score (last 21 on 20 Nov 2026, severe), before any dose: "): the
# first step's re-score screens for delirium (R65 F1), so the box names the screen (R24b 3's box words)
# R70 D3, R71 must-fix 1 (was: "... (CAM or 4AT) (last 21 on 20 Nov 2026, severe), before any dose: "): the box says
# what the CIWA-Ar re-score's findings call for (the ruling's FINDINGS, which ends with "before any dose: ")
OLD_SEVERE_OPENING = (
    "After the first step's CIWA-Ar re-score and delirium screen (CAM or 4AT) (last 21 on 20 Nov 2026, severe): "
    f"{FINDINGS}"
)
OLD_SEVERE_SCREEN = (  # its hold beside the box's conditional transfer: R32 (a), R33 S1, R34 S1 (as above)
    "screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check "
    # R67 F1 (a) (was: "blood glucose; {HOLD_IF_TRANSFERRED}; ..."): any dose held in delirium first, as the step's
    "blood glucose; if delirium: no dose here; call emergency services for the ED; staff with the patient until "
    f"handover; {HOLD_IF_TRANSFERRED}; otherwise "
)


@pytest.mark.parametrize("cows", [COWS_19, COWS_30], ids=["cows19", "cows30"])
def test_old_moderate_ciwa_rescored_first_in_cows_box(cows: list[int]) -> None:
    """R17b-M2: old CIWA-Ar 13 beside today's COWS 19/30: the box opens with the CIWA-Ar re-score."""
    r = recommended({}, old=[("ciwa_ar", CIWA_MOD13)], today=[("cows", cows)])
    assert _cows_box(r).startswith(OLD_MODERATE_OPENING)


@pytest.mark.parametrize("cows", [COWS_19, COWS_30, COWS_48], ids=["cows19", "cows30", "cows48"])
def test_old_severe_ciwa_rescore_before_cows_screen(cows: list[int]) -> None:
    """R17b-M2: old CIWA-Ar 21 beside today's COWS 19/30/48: the screen after the first step's re-score."""
    r = recommended({}, old=[("ciwa_ar", CIWA_SEV21)], today=[("cows", cows)])
    assert _cows_box(r).startswith(OLD_SEVERE_OPENING + OLD_SEVERE_SCREEN)


@pytest.mark.parametrize(
    ("ciwa", "cows"),
    [(CIWA_MOD13, COWS_19), (CIWA_MOD13, COWS_30), (CIWA_MOD13, COWS_48), (CIWA_SEV21, COWS_19), (CIWA_SEV21, COWS_48)],
)
def test_cows_box_says_ciwa_rescore_before_first_dose(ciwa: list[int], cows: list[int]) -> None:
    """R17b-M2's grid form: every COWS box beside an old CIWA-Ar of 8 or more says "CIWA-Ar re-score"/"Re-score the
    CIWA-Ar" before its first dose verb."""
    a = _cows_box(recommended({}, old=[("ciwa_ar", ciwa)], today=[("cows", cows)]))
    dose = min(a.find(v) for v in ("treat withdrawal", "treats withdrawal", "a prescriber gives") if v in a)
    said = [a.find(w) for w in ("CIWA-Ar re-score", "Re-score the CIWA-Ar") if w in a]
    assert said and min(said) < dose, a


def test_24h_level_keeps_setting_wm_beside_withdrawal_today() -> None:
    """R17b-S3: "Where an instrument shows withdrawal today above dimension 1's rating, at any suggested WM level, the
    24-hour setting's own withdrawal management stays too" (ASAM Criteria, 3rd ed., 2013: 3.2-WM residential)."""
    r = recommended({3: 3}, today=[("cows", COWS_48)])
    assert r.withdrawal_management is not None and r.withdrawal_management.code == "3.2-WM"
    assert r.headline.endswith(
        ": Level 3.5 (Clinically managed high-intensity residential); with 3.2-WM clinically managed residential "
        "withdrawal management."
    )
    r = recommended({6: 3}, today=[("ciwa_ar", CIWA_MOD13)])
    assert r.withdrawal_management is not None and r.withdrawal_management.code == "3.2-WM"


def test_24h_level_without_withdrawal_keeps_none() -> None:
    """R17b-S3: "Without any instrument above dimension 1's rating, R16-M5 stands (none)"."""
    assert recommended({3: 3, 1: 1}).withdrawal_management is None


# physician review R17b (session 15), must-fix M1: the screen the reviewer's "Want" says before the alcohol dose
# physician review R32 (a) (its four settings): the joined box's transfer now, its hold telling the receiving team
M1_SCREEN_BEFORE_DOSE = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    f"thiamine and check blood glucose; if intoxicated: no dose here ({TOLD}; the patient must not drive today); "
    "otherwise a prescriber gives a first dose before transfer if it does not delay the transfer"
)


def _m1_box() -> str:
    r = recommended({}, old=[("cows", COWS_48)], today=[("ciwa_ar", CIWA_SEV21)])
    (a,) = [f.action for f in r.flags if f.code == "rated_below_suggestion_d1"]
    return a


def test_joined_box_later_dose_has_its_own_screen() -> None:
    """R17b-M1's rule: "when boxes are joined, a screen covers a later dose only if it is not inside another clause's
    condition ("if still ...", "at 8 or more ..."); otherwise repeat the screen or say "after that screen"" (ASAM 2020
    alcohol withdrawal guideline; FDA Drug Safety Communication 20 Sep 2017)."""
    a = _m1_box()
    assert M1_SCREEN_BEFORE_DOSE in a
    # the grid form: the alcohol dose's screen outside the COWS part's "if still 37 or more" condition (from "re-score
    # the COWS now" to "treat on the current score", the COWS step's last words). Changed by R17b-M1's reorder (the
    # joined box in the headline's order, test_joined_box_in_headline_order): the alcohol part, its screen with it, now
    # comes before the COWS part; it came after it when this was written.
    cows = a.lower().index("re-score the cows now")
    # R60 Q5 S3a: beside the transfer ordered, the COWS step's last words are its branch below 37, a first dose before
    # transfer (was: a.index("treat on the current score"))
    condition, ends = a.index("if still 37 or more"), a.index("if below 37: a first dose before transfer")
    assert a.index(M1_SCREEN_BEFORE_DOSE) < cows < condition < ends


def test_joined_box_in_headline_order() -> None:
    """R17b-M1's test, its words: the joined box opens with the transfer, its screen before the first dose."""
    a = _m1_box()
    assert a.startswith("Arrange transfer now") and a.index("no dose here") < a.index("a prescriber gives a first dose")


# physician review R17b (session 15), must-fix M1, as a rule over the neighbouring grid: old COWS 19/30/48 (20 Nov
# 2026) x today's CIWA-Ar 13/21/complicated (item 10 at 2). The headline's first step's lead and the words the joined
# box opens with for it (the reviewer's "Arrange transfer now"; beside complicated withdrawal, the emergency medical
# evaluation's own step, its delirium assessment, then that transfer).
CIWA_COMPLICATED = [2, 2, 2, 2, 2, 1, 0, 0, 2, 2]
LEADS = {
    "First: emergency medical evaluation: arrange transfer now": (
        "Arrange transfer now",
        # R42 item 1 (R31 should-fix S8) (a): the complicated withdrawal step says the headline's own transfer with
        # staff until handover, never "arrange medically managed (inpatient) withdrawal management" (a booking)
        # R75 3a (was: "arrange transfer now to medically managed withdrawal"); R75 3b, R75 1 (was: "...do not manage
        # as ambulatory withdrawal; arrange transfer now"): the severe box's opening transfer dropped, its refusal
        # follows
        "Medical review now: assess for alcohol withdrawal delirium; arrange transfer now by emergency services to "
        "medically managed withdrawal (ED, or 4-WM); staff with the patient until handover; do not manage as "
        "ambulatory withdrawal; if the patient declines transfer: the prescriber assesses",
    ),
    "First: re-score the COWS now (last ": ("Re-score the COWS now (last ",),
}
#: the dose verbs of the joined box, and the screen's hold every one of them comes after (physician review R32 (a), its
#: four settings: "no dose here" at a transfer now, "no dose now" in the other settings)
DOSE_VERBS = ("a prescriber treats withdrawal", "treat withdrawal", "a prescriber gives a first dose")
HOLDS = ("no dose here", "no dose now")


def _spans(a: str, word: str) -> list[int]:
    out, at = [], a.find(word)
    while at >= 0:
        out.append(at)
        at = a.find(word, at + 1)
    return out


@pytest.mark.parametrize("cows", [COWS_19, COWS_30, COWS_48], ids=["cows19", "cows30", "cows48"])
@pytest.mark.parametrize(
    "ciwa", [CIWA_MOD13, CIWA_SEV21, CIWA_COMPLICATED], ids=["ciwa13", "ciwa21", "ciwa-complicated"]
)
def test_joined_box_in_headline_order_grid(cows: list[int], ciwa: list[int]) -> None:
    """R17b-M1 over the grid: the joined rated-below box opens with the headline's first step's lead, and every dose
    verb in it comes after a screen's hold ("no dose here") that is not inside another part's condition (the COWS
    part, "re-score the COWS now ... if still 37 or more ... treat on the current score"; R17b-M1's rule: "a screen
    covers a later dose only if it is not inside another clause's condition"). Basis: ASAM 2020 alcohol withdrawal
    guideline (assess intoxication; thiamine); FDA Drug Safety Communication 20 Sep 2017. Since R18 S2, the one screen's
    hold before every dose (below)."""
    r = recommended({}, old=[("cows", cows)], today=[("ciwa_ar", ciwa)])
    (a,) = [f.action for f in r.flags if f.code == "rated_below_suggestion_d1"]
    (opening,) = [words for lead, words in LEADS.items() if r.headline.startswith(lead)]
    assert a.startswith(opening), (r.headline, a)
    low = a.lower()
    doses = sorted(at for verb in DOSE_VERBS for at in _spans(low, verb))
    assert doses, a
    # physician review R18 (session 16), should-fix S2: the joined box says "before any dose:" once, the union of its
    # screens, before its first dose (changed from R17b-M1's "repeat the screen" for a dose past another part's
    # condition: a hold outside each later part is no longer said); its one hold comes before every dose verb and, where
    # it stands inside the COWS part, in a clause of its own, under none of that part's conditions ("if still 37 or
    # more, ", "if 37 or more: ", "if 13-36: ")
    # physician review R22 (session 19), must-fix M1: where the first screen may sit inside an earlier condition
    # ("if still 37 or more: ...; if 13-36: ...; before any dose: ..."), every screen is kept, each the union, and each
    # dose verb comes after a hold in its own part
    if kept_apart(a):
        holds = sorted(at for hold in HOLDS for at in _spans(low, hold))
        assert len(holds) == low.count("before any dose:") >= 2, a
        assert all(holds[0] < dose for dose in doses), a
        return
    assert low.count("before any dose:") == 1, a
    (hold,) = sorted(at for word in HOLDS for at in _spans(low, word))
    assert all(hold < dose for dose in doses), a
    clause = low[: low.index("before any dose:")].rsplit("; ", 1)[-1]
    assert not clause or not clause.startswith("if "), a
