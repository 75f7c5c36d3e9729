"""Physician re-review R39 (/work/reviews/r39.md) of R38's changes: the items of branch gohome.

- C4 (must-fix, answer 4): cases 119, 604, 723 and 799 (an old CIWA-Ar of 21 beside an old COWS: "re-score the COWS
  now (last N on 20 Nov 2026); treat on the current score;") may give a dose on the not-transferred path and had no
  driving clause after it: R38 M3's any-dose clause goes right after that step.
- S3 (should-fix): the opioid going-home clause that never introduces a supportive person (the routine opioid clause,
  e.g. cases 2, 30, 138, 347, 373, 505, 750) says "with naloxone in hand (and any supportive person shown how to use
  it), and the patient and any supportive person told not to add alcohol or other sedatives"; the benzodiazepine's
  clause ("with a supportive person to stay overnight") keeps "the supportive person".
- C9 (should-fix, answer 9): beside a C-SSRS high, a benzodiazepine given with buprenorphine or methadone while the
  patient waits for the evaluation (K9 of review R5: CIWA-Ar 14 with item 10 at 1 and COWS 14, both today; cases 120
  and 135: an old CIWA-Ar of 13 re-scored, opioids, "as the evaluation decides: Level 1/2.1"): after the monitoring
  "if the evaluation lets the patient go home after a dose given on site: only if ...", in the reviewer's words.

Every expected text is typed from the review; the sweeps read the case's inputs and the typed words, never iopkit's
rule.
"""

from __future__ import annotations

import re

import pytest

import iopkit
from iopkit.placement import recommend, suggest_dimensions

from .evaluation_home_words import C9_HOME
from .random_placements import built, cases

#: R39 C4: the reviewer's words, said after the old COWS's treatment.
ANY_DOSE = "if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today;"


def _headline(number: int) -> str:
    return built(cases(800)[number]).headline


# --- C4 ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("number", "last"), [(119, 19), (604, 30), (723, 30), (799, 19)])
def test_c4_after_the_old_cows_treated_on_its_current_score_any_dose_means_no_driving(number, last):
    h = _headline(number)
    assert "re-score the CIWA-Ar now (last 21 on 20 Nov 2026, severe)" in h
    assert f"re-score the COWS now (last {last} on 20 Nov 2026); treat on the current score; {ANY_DOSE} " in h
    assert h.count(ANY_DOSE) == 1


#: An old COWS re-scored and treated on its current score in the headline's first step.
OLD_COWS_TREATED = re.compile(r"re-score the COWS now \(last \d+ on [^)]*\); treat on the current score")


def test_sweep_c4_an_old_severe_ciwa_ar_beside_an_old_cows_treated_says_no_driving_after_any_dose():
    """Every first step that re-scores an old CIWA-Ar of 15 or more (a conditional transfer: a benzodiazepine may be
    given) and treats an old COWS on its current score tells the patient not to drive after any dose."""
    said = 0
    for case in cases(800):
        first = _headline(case.number).split(". Then")[0]
        old_severe = re.search(r"re-score the CIWA-Ar (?:now|and screen for delirium)[^;]*?\(last (\d+) on", first)
        if not (old_severe and int(old_severe.group(1)) >= 15 and OLD_COWS_TREATED.search(first)):
            continue
        assert ANY_DOSE in first or "no dose of a benzodiazepine, buprenorphine or methadone is given today" in first, (
            str(case),
            first,
        )
        said += 1
    assert said >= 7, said  # 7 of the 800 when written (the 4 of C4 and 3 whose evaluation gate names any dose)


# --- S3 ---------------------------------------------------------------------------------------------------------------

#: R39 S3: the reviewer's words for the routine opioid clause.
S3_OPIOIDS = (
    "after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    # R32 S3: a COWS re-score after the last buprenorphine dose no higher than before it (the going-home clause)
    "roused, and has a COWS re-score after the last buprenorphine dose no higher than before it (no precipitated "
    "withdrawal), with naloxone in hand (and any supportive person shown how to use it), and the patient and any "
    # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
    # R43 M1: 'until they are met' -> 'until these conditions are met' ('they' misread as the patient)
    "supportive person told not to add alcohol or other sedatives; otherwise the patient stays on site until these "
    "conditions "
    "are met, or a higher level of care is arranged"
)
#: The benzodiazepine's clause introduces the supportive person and keeps "the supportive person" (R38 M2, case 204).
OVERNIGHT_OPIOIDS = (
    "with a supportive person to stay overnight, with naloxone in hand and the supportive person shown how to use it, "
    # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
    "and the patient and the supportive person told not to add alcohol or other sedatives; otherwise the patient "
    "stays on site until these conditions are met, or a higher level of care is arranged"
)


@pytest.mark.parametrize("number", [2, 30, 138, 347, 373, 505, 750])
def test_s3_the_routine_opioid_clause_says_any_supportive_person(number):
    h = _headline(number)
    assert h.count(S3_OPIOIDS) == 1, h
    assert "the supportive person" not in h, h


def test_s3_the_benzodiazepine_clause_that_introduces_the_supportive_person_keeps_it():
    assert OVERNIGHT_OPIOIDS in _headline(204)


#: A going-home clause, from "only if" to its warning.
GOING_HOME = re.compile(r"only if awake or no more than slightly drowsy.*?told not to add alcohol or other sedatives")


def test_sweep_s3_the_supportive_person_only_where_the_clause_introduces_one():
    plain = 0
    for case in cases(800):
        r = built(case)
        for text in [r.headline, *(f.action or "" for f in r.flags)]:
            for clause in GOING_HOME.findall(text):
                if "with a supportive person to stay overnight" in clause:
                    assert "any supportive person" not in clause, (str(case), clause)
                    continue
                assert "the supportive person" not in clause, (str(case), clause)
                assert (
                    "(and any supportive person shown how to use it), and the patient and any supportive person told"
                    in (clause)
                ), (str(case), clause)
                plain += 1
    assert plain >= 54, plain  # 54 of the 800 when written


# --- C9 ---------------------------------------------------------------------------------------------------------------

UNTIL_EVALUATION = (
    "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until the evaluation "
    "or handover"
)
# K9 of review R5 (tests/test_placement_headline_review_r5_leads.py), typed: COWS 14 (Wesson & Ling 2003), CIWA-Ar 14
# with item 10 at 1 (Sullivan 1989), C-SSRS screener questions 1, 2 and 4 yes (high risk), dimensions routine
ROUTINE = {1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}
COWS_14 = [2, 2, 3, 2, 2, 2, 2, 2, 1, 1, 0]
CIWA_14_ITEM_10_AT_1 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 1]
CSSRS_HIGH = ["yes", "yes", "no", "yes", "no", "no", None]


def test_c9_k9_after_the_monitoring_until_the_evaluation_the_going_home_sentence():
    scores = [("cows", COWS_14), ("ciwa_ar", CIWA_14_ITEM_10_AT_1), ("cssrs_screen", CSSRS_HIGH)]
    h = recommend(ROUTINE, suggested=suggest_dimensions([iopkit.score(i, a) for i, a in scores])).headline
    assert f"; {UNTIL_EVALUATION}; {C9_HOME} (high suicide risk (C-SSRS screen)" in h, h
    assert "Then, as the evaluation decides: Level 1 (Outpatient)" in h, h
    # R43 should-fix 2: "go home" once more in the evaluation form's own end ("... lets the patient go home but ...")
    assert h.count("goes home") == 0 and h.count("go home after") == 1 and h.count("go home but") == 1, h


def test_c9_case_135_after_the_monitoring_until_the_evaluation():
    h = _headline(135)
    # R39 C10: the old CIWA-Ar's re-score after a dose before the going-home sentence
    rescore = "re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit"
    assert f"; {UNTIL_EVALUATION}; {rescore}; {C9_HOME} (high suicide risk (C-SSRS screen of 20 Nov 2026" in h, h


def test_c9_case_120_after_its_driving_advice():
    h = _headline(120)
    assert (
        "; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the "
        # R39 C10: the old CIWA-Ar's re-score after a dose before the going-home sentence
        # R65 SF1 (was: "patient is on site; if any dose is given: ...")
        # R75c 1 (was: "...until handover); if any dose is given: the patient must not drive today; re-score"): the
        # headline's lead says "the patient must not drive" after its involuntary assessment (R75 2)
        "patient is on site (if transferred: until handover); re-score the CIWA-Ar within 1 "
        f"hour of a dose and at the end of the visit; {C9_HOME} (high suicide risk"
    ) in h, h


def test_sweep_c9_a_benzodiazepine_with_opioids_before_the_evaluation_and_home_says_the_conditions():
    """Every headline whose plan the suicide evaluation decides among Level 0.5-2.5 and whose steps monitor a
    benzodiazepine given with buprenorphine or methadone (while on site, or until the evaluation) says the going-home
    sentence once."""
    said = 0
    for case in cases(800):
        h = _headline(case.number)
        home = re.search(r"Then, as the evaluation decides: Level (?:0\.5|1|2\.1|2\.5) \(", h)
        if not home or not re.search(r"monitor sedation and breathing (?:until the evaluation|while the patient)", h):
            continue
        assert h.count("if the evaluation lets the patient go home after a dose given on site: only if") == 1, h
        # R32 S3/S4 with R39 C10: an old CIWA-Ar re-scored beside a COWS of 8 today (case 458) gives no buprenorphine
        # and names none: the sentence without S3's condition
        no_buprenorphine = C9_HOME.replace(
            ", and has a COWS re-score after the last buprenorphine dose no higher than before it (no precipitated "
            "withdrawal)",
            "",
        ).replace("walks steadily, has a CIWA-Ar", "walks steadily, and has a CIWA-Ar")
        assert (
            h.count(C9_HOME) == 1
            or "if the patient also uses opioids" in h
            or (h.count(no_buprenorphine) == 1 and "buprenorphine" not in h)
        ), (str(case), h)
        said += 1
    assert said >= 2, said  # 120 and 135 of the 800 when written
