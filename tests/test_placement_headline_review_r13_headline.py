"""Physician review R13 (session 14): the headline's withdrawal and suicide-risk leads. Every expected text is typed
by hand from the review (/work/reviews/r13.md, its case table r13_cases.md), never computed by iopkit.

M3 (must-fix). An old moderate CIWA-Ar (20 Nov 2026) beside today's COWS above 36: the CIWA-Ar re-score comes
    first, before any dose, with its branch (8 or more: alcohol withdrawal alongside, a complicating condition on the
    COWS flag, transfer now; otherwise the intoxication screen, then the COWS dose). Beside a C-SSRS high: one
    setting that can manage both, never "goes to the same emergency evaluation". Basis: COWS items are also
    alcohol-withdrawal signs (Wesson & Ling 2003; Sullivan et al. 1989); FDA Drug Safety Communication, 20 Sep 2017 (a
    benzodiazepine after buprenorphine or methadone); ASAM 2020 alcohol withdrawal guideline (severity and co-occurring
    withdrawal before setting and medication); C-SSRS screener triage (Posner et al. 2011).
S8. Dimension 1 or 2 rated 4 with an old COWS above 36 carries the COWS re-score step dimension 3 rated 4 carries
    (ASAM Criteria 2013: rating 4, imminent danger).
S9. An old C-SSRS high is dated, "(C-SSRS screen of 20 Nov 2026, not re-screened today)", as an old CIWA-Ar or COWS is;
    the first step stays the emergency evaluation (C-SSRS screener triage).
C31 (case table). An old COWS above 36 beside a C-SSRS high: its complicating condition to one setting that can manage
    both (the words M1 gives its box), never "same emergency evaluation"; beside an old severe CIWA-Ar's combined lead,
    which names that one setting, R10's "same emergency evaluation" stays.
S5. After the COWS dose step: "after a first dose of buprenorphine or methadone the patient should not drive today"
    (buprenorphine and methadone labels: impairment of the ability to drive), only where a COWS dose is given and no
    "the patient must not drive" is said outright already (R13-L1: no duplicate driving clause). Physician review R22
    S1: "must not drive today"; beside a benzodiazepine given too, "if any dose is given (a benzodiazepine,
    buprenorphine or methadone): the patient must not drive today".
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest

import iopkit
from iopkit.placement import FirstStep, headline_steps, recommend, suggest_dimensions

from .intoxication_screens import SCREEN_OPIOID_OVERDOSE, r32a, without_holds
from .test_placement_headline_review_r7_old_scores import PLACED, ROUTINE, recommended
from .test_placement_headline_review_r19_n1 import WANT_HIGH, WANT_NONE

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

# the review's answers arrays (r13.md, header; totals checked there with iopkit.score)
CIWA_MOD13 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 0]
CIWA_MOD13_I1 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 1]  # 14, item 10 at 1 (R7's CIWA_13_I1)
COWS_19 = [2, 2, 3, 2, 2, 2, 2, 2, 1, 1, 0]
COWS_30 = [4, 3, 3, 2, 4, 2, 3, 2, 2, 2, 3]
COWS_48 = [4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 5]
CSSRS_HIGH = ["yes", "yes", "no", "yes", "no", "no", None]
CSSRS_MOD = ["yes", "yes", "yes", "no", "no", "no", None]
CSSRS_B6 = ["no", "no", None, None, None, "yes", "yes"]
PHQ_I9POS = [2, 2, 2, 2, 2, 2, 2, 2, 1]

# ---- the reviewer's words (r13.md) --------------------------------------------------------------------------------
SCREEN = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication); if "
    "intoxicated: no dose here (the patient must not drive today); otherwise "
)
M3_FIRST = (
    "First: re-score the CIWA-Ar now, before any dose (last 13 on 20 Nov 2026): at 8 or more, alcohol withdrawal "
    # R48 item 2: staff with the patient until handover straight after the transfer
    "alongside, a complicating condition on the COWS flag: arrange transfer now (ED, or 3.7-WM/4-WM); "
    "staff with the patient until handover; otherwise "
    + SCREEN
    + "a prescriber treats withdrawal now, before the patient leaves: buprenorphine, or methadone as the COWS flag "
    "says; "
)
ONE_SETTING = (
    "emergency evaluation for suicide risk and emergency medical evaluation in one setting that can manage both: "
    "arrange transfer now (ED)"
)
#: The same after a condition naming what a CIWA-Ar re-score finds (a seizure, hallucinations, disorientation).
# R76 (was: ONE_SETTING, "...that can manage both: arrange transfer now (ED)")
ONE_SETTING_ON_FINDINGS = (
    "emergency evaluation for suicide risk and emergency medical evaluation in one setting that can manage both: "
    "arrange transfer now by emergency services (ED)"
)
# R42 item 2 (R30b should-fix S2): the branch named by the re-score it reads (was: "at 8 or more, alcohol withdrawal
# alongside, a complicating condition on the COWS flag: ")
#: R60 Q3 (iii): the complications the re-score's branch at 8 or more now names, typed from the ruling.
R60_Q3_III = (
    "(or, intoxicated or not, a seizure since the last score, hallucinations, or disorientation (item 10 at 2 or more))"
)
# R60 Q3 (iii): the complications after "8 or more" (was: "re-score of 8 or more (alcohol withdrawal alongside, ...")
M3_BRANCH_HIGH = (
    f"at a CIWA-Ar re-score of 8 or more {R60_Q3_III} (alcohol withdrawal alongside, a complicating condition on the "
    f"COWS flag): {ONE_SETTING_ON_FINDINGS}"  # R76 (was: {ONE_SETTING})
)
#: The same branch opening its sentence (R19-N1), in R42 item 2's words.
# R60 Q3 (iii): the complications after "8 or more" (was: "At a CIWA-Ar re-score of 8 or more (alcohol withdrawal
# alongside")
AT_8_SAID = f"At a CIWA-Ar re-score of 8 or more {R60_Q3_III} (alcohol withdrawal alongside"
S8_STEP = "re-score the COWS before transfer only if it does not delay it"
S8_FULL = (
    "re-score the COWS before transfer only if it does not delay it (last 48 on 20 Nov 2026, severe); if still 37 or "
    "more, " + SCREEN + "a prescriber gives buprenorphine"
)
S9_DATED = "(high suicide risk (C-SSRS screen of 20 Nov 2026, not re-screened today): "
DOSES = ("a prescriber treats", "a prescriber gives", "first dose")
# physician review R22 S1: "must not drive today" (was "should")
FIRST_DOSE_NO_DRIVING = "after a first dose of buprenorphine or methadone the patient must not drive today"
#: Physician review R22 S1, the physician's words, where the step gives a benzodiazepine too.
ANY_DOSE_NO_DRIVING = (
    "if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today"
)


def _outright(headline: str) -> bool:
    """Whether ``headline`` says "the patient must not drive" outright, not inside a dose's clause (the first dose's,
    the benzodiazepine's ", and the patient must not drive", R22 S1's "if any dose is given ...")."""
    # R30b M4: nor a hold's own "(the patient must not drive today)" (the intoxicated patient, given no dose)
    held = (" (the patient must not drive today)", "; intoxicated: the patient must not drive today")
    held += ("; intoxication: the patient must not drive today",)
    # physician review R32 (a): an ambulatory hold's own driving rule (its next step's), the patient given no dose
    headline = without_holds(headline)
    for clause in (*held, FIRST_DOSE_NO_DRIVING, ANY_DOSE_NO_DRIVING, "and the patient must not drive"):
        headline = headline.replace(clause, "")
    return "the patient must not drive" in headline


def _m3(extra=(), ratings=None, ciwa=CIWA_MOD13, cows=COWS_48):
    return recommended(ratings, old=[("ciwa_ar", ciwa)], today=[("cows", cows), *extra])


def _doses_screened(headline: str) -> bool:
    """Every dose phrase of the headline's first sentence has "screen for" before it in the same displayed step
    (R12 item 1's rule, the reviewer's grid)."""
    # physician review R19 (session 16), must-fix N1: the re-score's screen is a sentence of its own ("Before any
    # dose: screen for ..."), the branch "At 8 or more, ..." and the dose "Otherwise ..." the sentences after it, read
    # as screened by it (the reviewer's words)
    # physician review R21 (session 19), should-fix S3: "before any dose:" once a step (to its "Also ..."/"Then ..."),
    # the union of its screens where the first stood (R18 S2's rule for the boxes): a dose after that screen, not said
    # under a condition ("if still 37 or more, ", "at 10 or more, "), reads as screened by it
    screened = once = False
    for step in headline_steps(headline):
        if step.text.startswith(FIRST_DOSE_NO_DRIVING):  # the driving advice after a dose (S5), no dose itself
            continue
        once = once and not step.text.startswith(("Also ", "Then"))
        screened = screened or step.text.startswith("Before any dose: ") and "screen for" in step.text
        if screened and step.text.startswith((AT_8_SAID, "Otherwise ")):  # R42 item 2: its words
            continue
        if once:
            continue
        said = step.text.lower().find("before any dose: ")
        once = said >= 0 and not re.search(r"\bif still\b|\bat \d+ or more\b", step.text[:said])
        for dose in DOSES:
            at = step.text.find(dose)
            if at >= 0 and "screen for" not in step.text[:at]:
                return False
    return True


# ---- M3: the reviewer's tests -------------------------------------------------------------------------------------
def test_m3_the_reviewers_case_re_scores_the_ciwa_ar_before_the_prescriber_treats():
    h = _m3().headline
    assert h.find("re-score the CIWA-Ar") < h.find("a prescriber treats")
    assert h.find("re-score the CIWA-Ar") >= 0


def test_m3_the_reviewers_words_no_high_no_4():
    r = _m3()
    # physician review R19 (session 16), must-fix N1 changed R13-M3's words: one screen first, then the branch with its
    # capacity clause, then the dose otherwise (tests/test_placement_headline_review_r19_n1.py types them in full)
    assert not r.headline.startswith(M3_FIRST), r.headline
    # physician review R32 (a) (its four settings), R34 S1: the hold's next step by its setting (r32a)
    assert r.headline.startswith(r32a(WANT_NONE, r.headline)), r.headline


def test_m3_beside_a_c_ssrs_high_never_the_same_emergency_evaluation():
    r = _m3([("cssrs_screen", CSSRS_HIGH)])
    assert "same emergency evaluation" not in r.headline
    # beside the C-SSRS high, the screen asks about an overdose first (physician review R16, should-fix S5)
    # physician review R19 (session 16), must-fix N1: the screen first, then the branch, then the dose otherwise
    assert M3_BRANCH_HIGH + "; otherwise " + SCREEN_OPIOID_OVERDOSE not in r.headline, r.headline
    # physician review R32 (a) (its four settings), R34 S1: beside the emergency evaluation for suicide risk, staff
    # stay with the intoxicated patient (r32a)
    assert r.headline.startswith(r32a(WANT_HIGH, r.headline)), r.headline


def test_m3_c35_beside_a_c_ssrs_high_the_case_tables_facts():
    # C35: emergency evaluation for suicide risk first; re-score the CIWA-Ar now, before any dose; must not drive;
    # MUST NOT: "same emergency evaluation", "before the patient leaves", "capacity"
    r = _m3([("cssrs_screen", CSSRS_HIGH)])
    h = r.headline
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    assert h.startswith("First: emergency evaluation for suicide risk, with safety precautions, staff with the patient")
    assert "re-score the CIWA-Ar now, before any dose (last 13 on 20 Nov 2026)" in h
    assert h.find("re-score the CIWA-Ar") < h.find("a prescriber treats")
    assert "the patient must not drive" in h
    for absent in ("same emergency evaluation", "before the patient leaves", "capacity"):
        assert absent not in h, absent


def test_m3_c34_no_dose_before_the_re_score_and_the_transfer_only_at_8_or_more():
    # C34: CIWA-Ar >= 8: transfer now (ED, or 3.7-WM/4-WM); only after the re-score and Screen
    r = _m3()
    assert r.first_step is FirstStep.MEDICAL_REVIEW  # the transfer is the re-score's branch, not the lead's own
    # physician review R19 (session 16), must-fix N1: the first step is now sentences (the re-score, the screen, the
    # branch, the dose otherwise), the screen before the transfer, and the branch says its capacity clause (R18-M3)
    first = r.headline.split(" Also before deciding the setting", 1)[0]
    # R42 item 2; R76 ruling 2 (was: "arrange transfer now (ED, or 3.7-WM/4-WM)")
    assert first.index(AT_8_SAID) < first.index(
        "arrange transfer now (a seizure, hallucinations, disorientation or a total of 15 or more: by emergency "
        "services, to the ED or 4-WM; otherwise: ED, or 3.7-WM/4-WM)"
    )
    assert first.index("screen for") < first.index("arrange transfer now") < first.index("a prescriber treats")
    assert "capacity to decline" in first


# ---- M3: the grid (old/today, beside C-SSRS, beside ratings of 4) -------------------------------------------------
EXTRA = {
    "none": [],
    "high": [("cssrs_screen", CSSRS_HIGH)],
    "b6": [("cssrs_screen", CSSRS_B6)],
    "moderate": [("cssrs_screen", CSSRS_MOD)],
    "phq9": [("phq9", PHQ_I9POS)],
}
M3_GRID = list(itertools.product(("13", "14 item 10 at 1"), EXTRA))


@pytest.mark.parametrize(("ciwa", "extra"), M3_GRID)
def test_m3_grid_the_re_score_comes_first_and_every_dose_follows_a_screen(ciwa, extra):
    r = _m3(EXTRA[extra], ciwa=CIWA_MOD13 if ciwa == "13" else CIWA_MOD13_I1)
    h = r.headline
    rescore = h.find("re-score the CIWA-Ar now, before any dose (")
    assert 0 <= rescore < h.find("a prescriber treats"), h
    # R46 Q5: the re-score now said once, by its branch (an old item 10 at 1 prints the same); the going-home sentence's
    # CIWA-Ar condition now has its re-score after a dose, said once, right before it
    assert h.count("re-score the CIWA-Ar") == 2
    assert h.count("re-score the CIWA-Ar now, before any dose (") == 1
    assert h.count("re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit; ") == 1
    assert _doses_screened(h), h
    # the dose follows "screen for" after the re-score's branch
    assert rescore < h.find("screen for") < h.find("a prescriber treats")
    if extra in ("high", "b6"):
        assert "same emergency evaluation" not in h and "before the patient leaves" not in h and "capacity" not in h
        assert (
            M3_BRANCH_HIGH.replace("at a CIWA-Ar", "At a CIWA-Ar", 1) in h
        )  # R19-N1: the branch opens its own sentence
        assert "while the patient waits for the suicide evaluation: buprenorphine" in h
    else:
        # R19-N1: the branch opens its own sentence
        # R42 item 2: the branch named by the re-score it reads
        # R60 Q3 (iii): the complications after "8 or more" (was: "re-score of 8 or more (alcohol withdrawal ...")
        assert (
            f"At a CIWA-Ar re-score of 8 or more {R60_Q3_III} (alcohol withdrawal alongside, a complicating condition "
            "on the COWS flag): arrange " in h
        )
    assert "".join(s.text + s.separator for s in headline_steps(h)) == h


@pytest.mark.parametrize(("dimension", "extra"), list(itertools.product((1, 2, 3), ("none", "high"))))
def test_m3_beside_a_rating_of_4_the_transfer_leads_and_every_dose_follows_a_screen(dimension, extra):
    # the ED transfer is certain beside a rating of 4: no conditional transfer of the re-score there
    r = _m3(EXTRA[extra], ratings={dimension: 4})
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    assert "at 8 or more" not in r.headline
    assert "arrange transfer now (ED" in headline_steps(r.headline)[0].text
    assert _doses_screened(r.headline), r.headline
    assert "same emergency evaluation" not in r.headline


def test_m3_the_same_facts_of_today_keep_their_emergency_evaluation():
    r = recommended(today=[("ciwa_ar", CIWA_MOD13), ("cows", COWS_48)])
    assert r.headline.startswith(
        "First: emergency evaluation now: severe opioid withdrawal with alcohol withdrawal alongside (CIWA-Ar 13 "
        "today), a complicating condition on the COWS flag: arrange transfer now (ED, or 3.7-WM/4-WM)"
    )
    assert "at 8 or more" not in r.headline


@pytest.mark.parametrize("cows", [COWS_19, COWS_30], ids=["COWS 19", "COWS 30"])
@pytest.mark.parametrize("extra", ["none", "high"])
def test_m3_analogue_an_old_ciwa_ar_beside_todays_cows_13_36_already_re_scores_first(cows, extra):
    # "an old CIWA-Ar with today's COWS 19 already re-scores first": kept consistent, the re-score before the review
    h = _m3(EXTRA[extra], cows=cows).headline
    assert 0 <= h.find("re-score the CIWA-Ar now") < h.find("a prescriber's review"), h


# ---- S8 ------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("ratings", [{1: 4}, {2: 4}, {3: 4}], ids=["d1", "d2", "d3"])
def test_s8_the_reviewers_test_every_rating_of_4_carries_the_old_cows_re_score(ratings):
    r = recommended(ratings, old=[("cows", COWS_48)])
    assert "re-score the COWS before transfer only if it does not delay it" in r.headline


S8_GRID = list(
    itertools.product(({1: 4}, {2: 4}, {3: 4}, {1: 4, 3: 4}, {2: 4, 3: 4}), ("none", "high"), (None, "old", "today"))
)


@pytest.mark.parametrize(("ratings", "extra", "ciwa"), S8_GRID)
def test_s8_grid_the_step_said_once_behind_the_screen(ratings, extra, ciwa):
    ciwa_at = {"old": ([("ciwa_ar", CIWA_MOD13)], []), "today": ([], [("ciwa_ar", CIWA_MOD13)])}.get(ciwa, ([], []))
    r = recommended(ratings, old=[("cows", COWS_48), *ciwa_at[0]], today=[*ciwa_at[1], *EXTRA[extra]])
    h = r.headline
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    assert h.count(S8_STEP) == 1, h
    # beside the C-SSRS high, the screen asks about an overdose first (physician review R16, should-fix S5)
    full = S8_FULL if extra == "none" else S8_FULL.replace(SCREEN, SCREEN_OPIOID_OVERDOSE)
    # R21 S3: beside a CIWA-Ar, the step's screen is said once, before the first dose (the union of its screens): the
    # re-score's branch then reads "if still 37 or more, a prescriber gives buprenorphine" (before: its own screen);
    # where the re-score's screen came first, the union opens its clause, the condition after its "otherwise " (R17b M1)
    full = full.replace(SCREEN, "").replace(SCREEN_OPIOID_OVERDOSE, "") if ciwa else full
    opened = (
        "re-score the COWS before transfer only if it does not delay it (last 48 on 20 Nov 2026, severe); before any "
        "dose: ",
        "; otherwise if still 37 or more, a prescriber gives buprenorphine",
    )
    # physician review R32 (a) (its four settings), R34 S1: the hold's next step by its setting (r32a): a transfer now
    # tells the receiving team, beside the emergency evaluation for suicide risk staff stay
    assert r32a(full, h) in h or (ciwa and all(o in h for o in opened)), h
    assert h.lower().count("before any dose:") == 1, h
    assert _doses_screened(h), h
    assert "before the patient leaves" not in h
    assert "emergency evaluation only for a complicating condition" not in h  # C29/C30


@pytest.mark.parametrize("ratings", [{1: 4}, {2: 4}], ids=["d1", "d2"])
def test_s8_not_for_an_old_cows_of_13_36_nor_for_todays_cows(ratings):
    # R13-L2: an old COWS 13-36 beside a rating of 4, the ED treats (no step); today's COWS has its rating-4 dose
    assert S8_STEP not in recommended(ratings, old=[("cows", COWS_19)]).headline
    today = recommended(ratings, today=[("cows", COWS_48)]).headline
    assert S8_STEP not in today
    # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team (r32a)
    assert r32a(SCREEN + "a prescriber gives buprenorphine for today's withdrawal", today) in today


def test_s8_c30_dimension_2_at_4_with_an_old_cows_the_headline_carries_the_step():
    r = recommended({2: 4}, old=[("cows", COWS_48)])
    assert r.headline.startswith("First: emergency medical evaluation: arrange transfer now (ED)")
    assert "the patient must not drive" in r.headline
    steps = [s.text for s in headline_steps(r.headline)]
    step = next(s for s in steps if s.startswith(S8_STEP))
    assert "screen for" in step and "a prescriber gives buprenorphine" in step  # one displayed step with its branch


# ---- S9 ------------------------------------------------------------------------------------------------------------
def test_s9_the_reviewers_test_an_old_c_ssrs_high_is_dated():
    r = recommended(old=[("cssrs_screen", CSSRS_HIGH)])
    assert "C-SSRS screen of 20 Nov 2026" in r.headline


def test_s9_the_reviewers_words_and_the_first_step_stays_the_emergency_evaluation():
    r = recommended(old=[("cssrs_screen", CSSRS_HIGH)])
    assert S9_DATED in r.headline
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    assert r.headline.startswith("First: emergency evaluation for suicide risk, with safety precautions")
    assert "capacity" not in r.headline


def test_s9_the_real_day_of_the_screen():
    # the day the score was taken, whatever it is (as the CIWA-Ar and COWS leads say theirs)
    high = iopkit.score("cssrs_screen", CSSRS_HIGH)
    s = suggest_dimensions([high], scored_on={"cssrs_screen": dt.date(2026, 11, 27)}, today=PLACED)
    r = recommend(ROUTINE, suggested=s)
    assert "(high suicide risk (C-SSRS screen of 27 Nov 2026, not re-screened today): " in r.headline
    assert "20 Nov 2026" not in r.headline


S9_GRID = list(itertools.product(("high", "b6"), (None, {1: 4}, {3: 4}), (None, "old", "today")))


@pytest.mark.parametrize(("screen", "ratings", "cows"), S9_GRID)
def test_s9_grid_old_high_dated_todays_not(screen, ratings, cows):
    answers = CSSRS_HIGH if screen == "high" else CSSRS_B6
    cows_at = {"old": ([("cows", COWS_48)], []), "today": ([], [("cows", COWS_48)])}.get(cows, ([], []))
    old = recommended(ratings, old=[("cssrs_screen", answers), *cows_at[0]], today=cows_at[1])
    today = recommended(ratings, old=cows_at[0], today=[*cows_at[1], ("cssrs_screen", answers)])
    assert "high suicide risk (C-SSRS screen of 20 Nov 2026, not re-screened today)" in old.headline, old.headline
    assert old.first_step is FirstStep.EMERGENCY_EVALUATION
    assert "not re-screened today" not in today.headline
    assert old.first_step is today.first_step


def test_s9_an_old_moderate_screen_is_not_a_high_risk():
    # R21 S1: an old moderate screen is dated too now, "moderate suicide risk (C-SSRS screen of 20 Nov 2026, not
    # re-screened today)", but never as a high risk
    h = recommended(old=[("cssrs_screen", CSSRS_MOD)]).headline
    assert "moderate suicide risk (C-SSRS screen of 20 Nov 2026, not re-screened today)" in h
    assert "high suicide risk" not in h


# ---- S5 ------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("cows", [COWS_19, COWS_48], ids=["COWS 19", "COWS 48"])
def test_s5_the_reviewers_test_no_driving_after_a_first_dose(cows):
    r = recommended(today=[("cows", cows)])
    assert FIRST_DOSE_NO_DRIVING in r.headline  # physician review R22 S1: "must not drive today" (was "should")


@pytest.mark.parametrize(
    ("cows", "after"),
    [(COWS_19, "1-2 hours after dosing"), (COWS_30, "1-2 hours after dosing"), (COWS_48, "after dosing")],
    ids=["COWS 19", "COWS 30", "COWS 48"],
)
def test_s5_the_reviewers_words_after_the_cows_dose_step(cows, after):
    h = recommended(today=[("cows", cows)]).headline
    assert f"re-score the COWS {after}; {FIRST_DOSE_NO_DRIVING}; " in h, h
    assert FIRST_DOSE_NO_DRIVING in [s.text for s in headline_steps(h)]  # a step of its own on the page


def test_s5_c14_and_c34_an_old_cows_re_score_and_the_m3_lead_say_it_too():
    assert FIRST_DOSE_NO_DRIVING in recommended(old=[("cows", COWS_48)]).headline  # C14
    # R52 2: the M3 lead's dose otherwise (before the patient leaves) says every dose's clause after the sedation watch
    assert ANY_DOSE_NO_DRIVING in _m3().headline and FIRST_DOSE_NO_DRIVING not in _m3().headline  # C34


@pytest.mark.parametrize(
    "case",
    [
        dict(today=[("cows", COWS_48), ("cssrs_screen", CSSRS_HIGH)]),
        dict(ratings={1: 4}, today=[("cows", COWS_48)]),
        dict(ratings={3: 4}, today=[("cows", COWS_19)]),
        dict(today=[("ciwa_ar", CIWA_MOD13), ("cows", COWS_48)]),
        dict(old=[("ciwa_ar", CIWA_MOD13)], today=[("cows", COWS_48), ("cssrs_screen", CSSRS_HIGH)]),
        dict(old=[("ciwa_ar", [2, 2, 2, 2, 2, 1, 0, 0, 2, 2])], today=[("cows", COWS_19)]),  # R13-L1's case
    ],
    ids=["high", "d1 at 4", "d3 at 4", "both today, transfer", "M3 beside high", "old complicated (L1)"],
)
def test_s5_no_second_driving_clause_where_the_headline_already_says_it(case):
    h = recommended(case.get("ratings"), old=case.get("old", ()), today=case.get("today", ())).headline
    assert "the patient must not drive" in h
    assert "should not drive today" not in h
    # physician review R22 S1: the first dose's clause says "must" now; still no second driving clause
    assert FIRST_DOSE_NO_DRIVING not in h and ANY_DOSE_NO_DRIVING not in h, h


@pytest.mark.parametrize(
    "case",
    [dict(), dict(today=[("cows", [1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0])]), dict(old=[("cows", COWS_19)])],
    ids=["no COWS", "COWS 8 (C10)", "old COWS 19: re-score only"],
)
def test_s5_not_without_a_cows_dose(case):
    h = recommended(old=case.get("old", ()), today=case.get("today", ())).headline
    assert "should not drive" not in h
    assert FIRST_DOSE_NO_DRIVING not in h  # physician review R22 S1: "must" now


S5_GRID = list(
    itertools.product(
        (None, {1: 4}, {3: 4}),
        (None, "old", "today"),
        ("19", "30", "48"),
        ("old", "today"),
        ("none", "high", "moderate"),
    )
)


@pytest.mark.parametrize(("ratings", "ciwa", "cows", "cows_at", "extra"), S5_GRID)
def test_s5_grid_a_cows_dose_always_has_driving_advice_said_once(ratings, ciwa, cows, cows_at, extra):
    answers = {"19": COWS_19, "30": COWS_30, "48": COWS_48}[cows]
    old = [("cows", answers)] if cows_at == "old" else []
    today = [("cows", answers)] if cows_at == "today" else []
    (old if ciwa == "old" else today if ciwa == "today" else []).append(("ciwa_ar", CIWA_MOD13))
    h = recommended(ratings, old=old, today=[*today, *EXTRA[extra]]).headline
    dosed = "after dosing" in h or "a prescriber gives buprenorphine" in h
    said = _outright(h)  # physician review R22 S1: not the benzodiazepine's, nor a dose's "must not drive today"
    # physician review R19 (session 16), must-fix N1: the old moderate CIWA-Ar's branch at 8 or more (a transfer)
    # says its own "the patient must not drive"; the dose otherwise keeps its driving advice ("the rest as now")
    at8 = h.find(AT_8_SAID)  # R42 item 2: its words
    if at8 >= 0:
        # R62 M1: the otherwise may say its own guard (". Otherwise, if not intoxicated, "; was: ". Otherwise ")
        rest = h[:at8] + h[h.index(". Otherwise", at8) :]
        said = _outright(rest)
    if dosed:
        assert said or FIRST_DOSE_NO_DRIVING in h or ANY_DOSE_NO_DRIVING in h, h
    # physician review R22 S1: "must not drive today" (was "should"); the combined clause where a benzodiazepine too
    assert "should not drive" not in h, h
    assert h.count(FIRST_DOSE_NO_DRIVING) + h.count(ANY_DOSE_NO_DRIVING) <= 1, h
    assert not (said and FIRST_DOSE_NO_DRIVING in h), h
    if FIRST_DOSE_NO_DRIVING in h:
        assert h.find("after dosing") < h.find(FIRST_DOSE_NO_DRIVING)
    assert "".join(s.text + s.separator for s in headline_steps(h)) == h


# ---- C31 (case table): an old COWS above 36 beside a C-SSRS high ----------------------------------------------------
@pytest.mark.parametrize("screen", ["high", "b6"])
@pytest.mark.parametrize("ciwa", [None, "old", "today"])
def test_c31_old_cows_beside_a_c_ssrs_high_one_setting_never_the_same_emergency_evaluation(screen, ciwa):
    old = [("cows", COWS_48)] + ([("ciwa_ar", CIWA_MOD13)] if ciwa == "old" else [])
    today = [*EXTRA[screen]] + ([("ciwa_ar", CIWA_MOD13)] if ciwa == "today" else [])
    r = recommended(old=old, today=today)
    h = r.headline
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    assert "same emergency evaluation" not in h and "capacity" not in h and "before the patient leaves" not in h
    assert f"re-score the COWS after dosing; {FIRST_DOSE_NO_DRIVING}; " in h or "the patient must not drive" in h
    if ciwa == "today":
        # physician review R18 (session 16), phase 1 (R17b must-fix M3), case F, its words: today's alcohol
        # withdrawal is the complicating condition already present, so the re-score's 37-or-more branch is the one
        # setting itself, never "a complicating condition listed on the COWS flag: ..." (changed by R18/M3)
        assert f"a complicating condition listed on the COWS flag: {ONE_SETTING}" not in h, h
        assert (
            "if still 37 or more: emergency evaluation for suicide risk and emergency medical evaluation in one "
            "setting that can manage both (severe opioid withdrawal with alcohol withdrawal alongside, CIWA-Ar 13 "
            "today): arrange transfer now (ED); "
        ) in h, h
        return
    # R22 M2: the C-SSRS high told after the conditional transfer, if transferred
    assert f"a complicating condition listed on the COWS flag: {ONE_SETTING} (if transferred: at handover tell " in h, h


def test_c31_a_delirium_screens_transfer_still_said_beside_the_conditional_one():
    # today's CIWA-Ar item 10 at 1: "if delirium: ... arrange transfer now (ED)" is kept beside the COWS clause's
    r = recommended(old=[("cows", COWS_48)], today=[("ciwa_ar", CIWA_MOD13_I1), ("cssrs_screen", CSSRS_HIGH)])
    # R22 M2: the ED named as the box names it
    assert (
        # R76b A (was: "if delirium: emergency evaluation: arrange transfer now (ED: emergency evaluation ...")
        "if delirium: emergency evaluation: arrange transfer now by emergency services (ED: emergency evaluation for "
        "suicide risk and emergency medical evaluation in one setting)"
    ) in r.headline, r.headline
    assert f"a complicating condition listed on the COWS flag: {ONE_SETTING}" in r.headline


def test_c31_beside_an_old_severe_ciwa_ar_combined_lead_r10_keeps_its_one_evaluation():
    r = recommended(old=[("ciwa_ar", [4, 3, 3, 3, 3, 2, 0, 0, 3, 0]), ("cows", COWS_48)], today=EXTRA["high"])
    assert "goes to the same emergency evaluation" in r.headline
    # R63 S5 (was: f"if still 15 or more, or a seizure since the last score, {ONE_SETTING}")
    assert (
        "if still 15 or more, or a seizure since the last score, or hallucinations, or disorientation (item 10 at 2 or "
        f"more), {ONE_SETTING_ON_FINDINGS}"  # R76 (was: {ONE_SETTING}, "...arrange transfer now (ED)")
    ) in r.headline
