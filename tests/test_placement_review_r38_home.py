"""Physician review R38 (/work/reviews/r38.md), items M2 and S1: how a patient given a benzodiazepine on site goes home.

- M2 (must-fix): cases 204 and 740 of the 800 (CIWA-Ar 14 today, item 10 at 1; dimension 1 rated 0) lost the going-home
  conditions after a benzodiazepine dose, and 204 (COWS 8 today: opioid use) the sedation monitoring too; the same
  cases rated routine (170, 507) have both. A lower rating never removes them: the rule holds for every rating.
- S1 (should-fix): cases 126, 501, 533, 641, 794 (C-SSRS high, CIWA-Ar 13-14 today, treated while the patient waits for
  the suicide evaluation; then "as the evaluation decides"): "if the evaluation lets the patient go home after a dose
  given on site: only if ..." in the reviewer's words, naloxone "if the patient also uses opioids" as the review words
  it (533 and 794 have a COWS of 8 of 20 Nov 2026).

Every expected text is typed from the review; the sweeps read the case's inputs and the typed words, never iopkit's
rule.
"""

from __future__ import annotations

import re

import pytest

from .random_placements import Case, built, cases

#: The conditions after "only if", as the review types them for 740 and S1 (alcohol withdrawal treated alone).
CONDITIONS_ALCOHOL = (
    "awake or no more than slightly drowsy and easily roused, walks steadily, and has a CIWA-Ar below 10 at least 1 "
    "hour after the last benzodiazepine dose, with a supportive person to stay overnight (and, if the patient also "
    "uses opioids, with naloxone in hand and the supportive person shown how to use it), and the patient and the "
    "supportive person told not to add alcohol or other sedatives"
)
#: The conditions as the review types them for 204 (a COWS of today: naloxone outright).
CONDITIONS_OPIOIDS = (
    "awake or no more than slightly drowsy and easily roused, walks steadily, and has a CIWA-Ar below 10 at least 1 "
    "hour after the last benzodiazepine dose, with a supportive person to stay overnight, with naloxone in hand and "
    "the supportive person shown how to use it, and the patient and the supportive person told not to add alcohol or "
    "other sedatives"
)
#: R32 S4: how the going-home sentence ends (not after "if the evaluation lets the patient go home ...: only if").
# R43 M1: 'until they are met' -> 'until these conditions are met' ('they' misread as the patient)
OTHERWISE = (
    "; otherwise the patient stays on site until these conditions are met, or a higher level of care is arranged"
)
RESCORE = "re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit"
GOES_HOME = "after a dose given on site, the patient goes home only if "
EVALUATION_LETS = "if the evaluation lets the patient go home after a dose given on site: only if "
#: R43 should-fix 2 (4(b)), the reviewer's words: the evaluation form's own end after "... told not to add alcohol or
#: other sedatives" (its branch, not R32 S4's bare "; otherwise").
EVALUATION_END = (
    "; if the evaluation lets the patient go home but these conditions are not met: the patient stays on site until "
    "they are met, or a higher level of care is arranged"
)
#: R38 M2, case 204: the reviewer's words after the re-score.
M2_204 = (
    f"{RESCORE}; a benzodiazepine beside opioid use (COWS 8 today): monitor sedation and breathing while the patient "
    # R62 S2 (ruled R63): 204 and 507 may transfer after a dose (was: "is on site; ")
    f"is on site (if transferred: until handover); {GOES_HOME}{CONDITIONS_OPIOIDS}{OTHERWISE}"  # R32 S4
)
#: R38 M2, case 740: 170's sentence after the re-score.
M2_740 = f"{RESCORE}; {GOES_HOME}{CONDITIONS_ALCOHOL}{OTHERWISE}"  # R32 S4
#: R38 S1: the reviewer's sentence after the re-score.
S1 = f"{RESCORE}; {EVALUATION_LETS}{CONDITIONS_ALCOHOL}{EVALUATION_END}"  # R43 should-fix 2


def _headline(number: int) -> str:
    return built(cases(800)[number]).headline


# --- M2 ---------------------------------------------------------------------------------------------------------------


def test_m2_case_204_rated_0_monitors_sedation_and_says_the_going_home_conditions():
    h = _headline(204)
    assert "case 204: ratings {1: 0}; ciwa_ar mod13_i1 today, cows 8 today" in str(cases(800)[204])
    # at the end of the dose's sentence, before its reasons
    assert f"{M2_204} (CIWA-Ar item 10 at 1 (cannot do serial additions or uncertain about date);" in h, h
    assert h.count("goes home only if") == 1, h


def test_m2_case_740_rated_0_says_the_going_home_conditions():
    h = _headline(740)
    assert f"{M2_740} (CIWA-Ar item 10 at 1 (cannot do serial additions or uncertain about date);" in h, h
    assert "monitor sedation and breathing" not in h  # no opioid use recorded: no monitoring beside it
    assert h.count("goes home only if") == 1, h


@pytest.mark.parametrize("number, words", [(170, M2_740), (507, M2_204)])
def test_m2_the_same_cases_rated_routine_keep_them(number, words):
    # the review's reference cases: the words 204 and 740 now say
    assert f"{words} (CIWA-Ar item 10 at 1" in _headline(number)


# --- S1 ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("number", [126, 533, 641, 794])
def test_s1_after_the_re_score_the_evaluation_lets_the_patient_go_home_only_if(number):
    h = _headline(number)
    assert f"{S1} (high suicide risk (C-SSRS screen" in h, h
    assert h.count(EVALUATION_LETS) == 1 and GOES_HOME not in h, h
    assert "Then, as the evaluation decides: Level 1 (Outpatient)" in h


def test_s1_case_501_after_its_driving_advice():
    # 501's re-score was followed by its own driving advice: the going-home clause after it, as the routine cases of the
    # 800 that say both (e.g. 134, 332) order them; R75c 1: the headline's refusal now says "the patient must not
    # drive", so the dose's driving clause is dropped and the going-home clause follows the re-score
    h = _headline(501)
    assert (
        # R43 should-fix 2: the evaluation form's own end
        # R75c 1 (was: "...end of the visit; if a dose is given: the patient must not drive today; if the evaluation")
        f"{RESCORE}; {EVALUATION_LETS}{CONDITIONS_ALCOHOL}"
        f"{EVALUATION_END} (high "
        "suicide risk (C-SSRS screen): dimension 3 rated 2"
    ) in h, h


@pytest.mark.parametrize("number", [533, 794])
def test_s1_a_cows_of_another_day_keeps_the_naloxone_if_the_patient_also_uses_opioids(number):
    # the review's words for 533 and 794 (COWS 8 of 20 Nov 2026): naloxone "if the patient also uses opioids"
    assert "cows 8 old" in str(cases(800)[number])
    h = _headline(number)
    assert "(and, if the patient also uses opioids, with naloxone in hand" in h
    assert "person to stay overnight, with naloxone in hand" not in h


# --- sweeps -----------------------------------------------------------------------------------------------------------

#: The levels a patient goes home from, as a plan names them, typed.
HOME_LEVEL = re.compile(
    r"Level (?:0\.5 \(Early intervention\)|1 \(Outpatient\)|2\.1 \(Intensive outpatient\)|2\.5 \(Partial "
    r"hospitalization\))"
)
#: Today's alcohol withdrawal treated with medication (a benzodiazepine), in a headline or a box.
TREATS_ALCOHOL = re.compile(r"treat withdrawal with medication|medication for alcohol withdrawal")
SENTENCE_END = re.compile(r"\. (?=[A-Z])")
#: The benzodiazepine's conditions, typed (both naloxone forms share them).
BENZODIAZEPINE = (
    "walks steadily, and has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, with a supportive "
    "person to stay overnight"
)
#: R32 S3: the same where the step may give buprenorphine too, the COWS re-score the last condition, typed.
BENZODIAZEPINE_BUPRENORPHINE = (
    "walks steadily, has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, and has a COWS "
    "re-score after the last buprenorphine dose no higher than before it (no precipitated withdrawal), with a "
    "supportive person to stay overnight"
)


def _goes_home(headline: str) -> bool:
    """The plan, the headline's last sentence, is a Level 0.5-2.5 the patient goes home from."""
    last = SENTENCE_END.split(headline)[-1]
    return last.startswith("Then, ") and HOME_LEVEL.match(last.partition(": ")[2]) is not None


def test_sweep_a_benzodiazepine_on_site_and_home_says_the_conditions_whatever_the_rating():
    said = 0
    for case in cases(800):
        # a CIWA-Ar of 13 or 14 today (ASAM 2020: 10 or more should receive medication)
        if not any(i == "ciwa_ar" and k in ("mod13", "mod13_i1") and when == "today" for i, k, when in case.scores):
            continue
        r = built(case)
        h = r.headline
        gives = TREATS_ALCOHOL.search(h) or any(TREATS_ALCOHOL.search(f.action or "") for f in r.flags)
        if not (gives and _goes_home(h)):
            assert BENZODIAZEPINE not in h and BENZODIAZEPINE_BUPRENORPHINE not in h, (str(case), h)
            continue
        evaluation = "Then, as the evaluation decides" in h
        opener = EVALUATION_LETS if evaluation else GOES_HOME
        # R32 S3: where the steps may give buprenorphine too, the COWS re-score after its dose is the last condition
        conditions = BENZODIAZEPINE_BUPRENORPHINE if "buprenorphine" in h.partition(opener)[0] else BENZODIAZEPINE
        assert h.count(f"{opener}awake or no more than slightly drowsy and easily roused, {conditions}") == 1, (
            str(case),
            h,
        )
        assert h.count(conditions) == 1, (str(case), h)
        # a COWS of today (opioid use): the sedation monitoring on site and naloxone outright
        if any(i == "cows" and when == "today" for i, _, when in case.scores):
            assert "monitor sedation and breathing" in h, (str(case), h)
            assert f"{conditions}, with naloxone in hand" in h, (str(case), h)
        said += 1
    assert said >= 35, said  # 40 of the 800 when written


def test_sweep_a_lower_dimension_1_rating_never_removes_the_going_home_clause():
    # every case rated 0 on dimension 1 against the same case at the routine 1: where the routine case says how the
    # patient goes home after a dose given on site and the rated-0 plan lets the patient go home, it says it too
    compared = 0
    for case in cases(800):
        ratings = dict(case.ratings)
        if ratings.get(1) != 0:
            continue
        lower = built(case).headline
        routine = Case(case.number, tuple({**ratings, 1: 1}.items()), case.scores).build().headline
        for words in (GOES_HOME, EVALUATION_LETS, BENZODIAZEPINE, "monitor sedation and breathing while"):
            if words in routine and _goes_home(lower):
                assert words in lower, (str(case), words, lower)
        compared += GOES_HOME in routine
    assert compared >= 5, compared


#: R38 M2 for the older tests' rated-0 expectations: the going-home clause as a routine rating says it, typed (after a
#: benzodiazepine, alcohol withdrawal alone; after buprenorphine or methadone alone, naloxone outright).
HOME_ALCOHOL = f"; {GOES_HOME}{CONDITIONS_ALCOHOL}{OTHERWISE}"  # R32 S4
HOME_OPIOIDS = (
    # R39 S3: the opioid clause introduces no supportive person: "(and any supportive person ...)"
    # R32 S3: a COWS re-score after the last buprenorphine dose no higher than before it; R32 S4: OTHERWISE
    f"; {GOES_HOME}awake or no more than slightly drowsy and easily roused, and has a COWS re-score after the last "
    "buprenorphine dose no higher than before it (no precipitated withdrawal), with naloxone in hand (and any "
    "supportive person shown how to use it), and the patient and any supportive person told not to add alcohol or "
    f"other sedatives{OTHERWISE}"
)
