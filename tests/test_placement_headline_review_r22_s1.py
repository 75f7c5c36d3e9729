"""Physician review R22 (session 19), should-fix S1: the driving advice where a step gives a benzodiazepine and
buprenorphine or methadone.

Before: a step that treats alcohol withdrawal with medication (CIWA-Ar, commonly a benzodiazepine) and gives
buprenorphine or methadone (COWS) said "after a first dose of buprenorphine or methadone the patient should not drive
today" (R13 S5, kept by R21 S2) or R18 M3's "if a dose is given: the patient must not drive today". The physician's
words: "if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today", once
a sentence; the benzodiazepine named only where it is given on site. Where only one kind of dose is given the words
stay, "must" for "should" ("after a first dose of buprenorphine or methadone the patient must not drive today").

Basis (as iopkit's earlier driving rulings cite it): benzodiazepine, buprenorphine and methadone labels (impaired
driving); FDA Drug Safety Communication, 20 Sep 2017. Cases built as the physician reviewers' Method builds them
(``recommended``); every expected text below is typed by hand from the ruling, never computed by iopkit.
"""

from __future__ import annotations

import re

import pytest

from tests.intoxication_screens import without_holds
from tests.random_placements import built, cases
from tests.test_placement_headline_review_r7_old_scores import recommended
from tests.test_placement_physician_cases import CIWA_MOD13, COWS_19, COWS_30, COWS_48

# --- the physician's words, typed ------------------------------------------------------------------------------------
#: Physician review R22 S1: "if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not
#: drive today".
ANY_DOSE = "if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today"
#: Only buprenorphine or methadone given: R13 S5's words, "must" for "should" (R22 S1).
FIRST_DOSE = "after a first dose of buprenorphine or methadone the patient must not drive today"
#: Only a benzodiazepine given: the moderate CIWA-Ar's own words (R16, the ruling on C03 and C33), kept.
IF_DOSED = "if a dose is given: the patient must not drive today"
SHOULD = "should not drive"

#: Where a sentence ends (tests/test_placement_headline_no_driving_once.py).
_SENTENCE = re.compile(r"\. (?=[A-Z])")
#: A CIWA-Ar dose (alcohol withdrawal treated with medication, commonly a benzodiazepine), as the headline and
#: boxes say it ("treat withdrawal with medication", "medication for alcohol withdrawal", and so on).
_BENZODIAZEPINE_DOSE = re.compile(
    r"treat withdrawal with medication|medication for alcohol withdrawal|for alcohol withdrawal, medication"
)
#: An old CIWA-Ar re-scored now and treated on its current score: a benzodiazepine may be given.
_MAY_GIVE_BENZODIAZEPINE = re.compile(r"re-score the CIWA-Ar now\b[^.]*?treat on the current score")
#: Physician review R25b (driving): a COWS box beside an old CIWA-Ar's re-score (the first step's, treated on the
#: current score: a benzodiazepine may be given) says the physician's words for any dose, not the benzodiazepine's.
_BESIDE_CIWA_RESCORE = re.compile(r"(?i)CIWA-Ar re-score|re-score the CIWA-Ar")
#: Physician review R31 S1: the boxes beside two old withdrawals say the sedation watch, whose words name both doses
#: as given together (each re-score treated on its current score); the physician's words for any dose follow it there.
_WATCH_BOTH = "if a benzodiazepine is given with buprenorphine or methadone"
#: A COWS dose (buprenorphine or methadone), its re-score after dosing.
_OPIOID_DOSE = re.compile(r"re-score the COWS (?:1-2 hours )?after dosing")
#: CIWA-Ar item 10 at 1's clause that covers a dose too (R19-N2 (c3), the reviewer's words): its own driving advice.
_ITEM10_COVERS = (
    "the patient must not drive until the medical review finds the patient not delirious or intoxicated, nor "
)
#: Physician review R44, Q2: the severe-COWS box (and the d1 box that opens with it) whose R42 (b) prefix says "the
#: patient must not drive" outright after the refusal (R43 should-fix 3) says no dose's driving clause (R31 M5).
_R44_OUTRIGHT = (
    "(without capacity: transfer by emergency services; with capacity: record the advice given and the risks "
    "explained; arrange the highest level of care the patient accepts; any dose as the prescriber decides; tell the "
    "patient and any supportive person to call emergency services for a seizure, confusion, hallucinations or any "
    "worsening); the patient must not drive; before any dose: "
)
#: R75c 1: a headline that says the driving rule outright after the emergency mental-health assessment says no dose's
#: driving clause after it (the physician's words, typed).
_R75C_OUTRIGHT = "(local involuntary-assessment procedure); the patient must not drive"


def _box(r, code: str) -> str:  # type: ignore[no-untyped-def]
    return next(f.action for f in r.flags if f.code == code)


# --- one concrete case of each ---------------------------------------------------------------------------------------


def test_s1_both_doses_today_the_physicians_words_once():
    """Today's CIWA-Ar 13 beside today's COWS 19: the prescriber's review gives both."""
    h = recommended({}, today=[("ciwa_ar", CIWA_MOD13), ("cows", COWS_19)]).headline
    assert (
        "re-score the COWS 1-2 hours after dosing; if any dose is given (a benzodiazepine, buprenorphine or "
        "methadone): the patient must not drive today; arrange medically managed withdrawal or a higher level of "
        "care: co-occurring alcohol withdrawal (CIWA-Ar 13 today); "
        # physician review R27 M1: the escalation is a transfer; its handover, if transferred (before: none)
        "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its "
        "time; "
        "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the "
        # R62 S2 (ruled R63): beside the escalation, a transfer (was: "patient is on site")
        "patient is on site (if transferred: until handover)"
        # R21 S5: the plan offers ambulatory WM: how the patient given a dose on site goes home, at the end of the
        # dose's sentence
        # R26a S1 as ruled in session 22: the going-home clause re-typed in observable words (POSS levels
        # 1-2; naloxone in hand, the supportive person shown how to use it)
        "; after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
        "roused"
        # physician review R29 (should-fix): the benzodiazepine's going-home conditions (was: "roused, with naloxone")
        # R32 S3: a COWS re-score after the last buprenorphine dose no higher than before it (the going-home clause)
        ", walks steadily, has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, and has a COWS "
        "re-score after the last buprenorphine dose no higher than before it (no precipitated withdrawal), with a "
        "supportive person to stay overnight"
        ", with naloxone in hand and the supportive person shown how to use it, and "
        # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
        "the patient and the supportive person told not to add alcohol or other sedatives; otherwise the patient "
        # R43 M1: 'until they are met' -> 'until these conditions are met' ('they' misread as the patient)
        "stays on site until these conditions are met, or a higher level of care is arranged ("
    ) in h, h
    first = _SENTENCE.split(h)[0]
    # R30b M4: the hold's own "(the patient must not drive today)" left out of the count
    assert first.count(ANY_DOSE) == 1 and without_holds(first).count("not drive") == 1, first
    assert SHOULD not in h and FIRST_DOSE not in h and IF_DOSED not in h, h


def test_s1_a_joined_box_giving_both_says_the_physicians_words_once():
    """Dimension 1 rated 1 below today's CIWA-Ar 13 and COWS 30: the rating-below box joins both reviews."""
    box = _box(recommended({1: 1}, today=[("ciwa_ar", CIWA_MOD13), ("cows", COWS_30)]), "rated_below_suggestion_d1")
    # R30b M4: the hold's own "(the patient must not drive today)" left out of the count
    assert box.count(ANY_DOSE) == 1 and without_holds(box).count("not drive") == 1, box
    assert IF_DOSED not in box, box


def test_s1_a_box_giving_only_a_benzodiazepine_keeps_its_words():
    """The moderate CIWA-Ar's own box beside the same COWS: no buprenorphine or methadone given there."""
    box = _box(recommended({}, today=[("ciwa_ar", CIWA_MOD13), ("cows", COWS_19)]), "moderate_alcohol_withdrawal")
    assert box.endswith(IF_DOSED), box
    assert ANY_DOSE not in box, box


@pytest.mark.parametrize(("cows", "after"), [(COWS_19, "1-2 hours after dosing"), (COWS_48, "after dosing")])
def test_s1_only_buprenorphine_or_methadone_must_not_drive(cows, after):
    h = recommended({}, today=[("cows", cows)]).headline
    assert f"re-score the COWS {after}; {FIRST_DOSE}; " in h, h
    assert ANY_DOSE not in h and SHOULD not in h, h


def test_s1_the_branch_that_gives_no_benzodiazepine_names_none():
    """An old CIWA-Ar 13 beside today's COWS 48 (R19 N1): at 8 or more the transfer's own "the patient must not drive";
    otherwise (below 8, no medication for alcohol withdrawal) buprenorphine or methadone only."""
    h = recommended({}, old=[("ciwa_ar", CIWA_MOD13)], today=[("cows", COWS_48)]).headline
    # R62 M1: "Otherwise, if not intoxicated, " (was: "Otherwise ")
    otherwise = next(s for s in _SENTENCE.split(h) if s.startswith("Otherwise, if not intoxicated, "))
    # R52 2: the sedation watch on site and every dose's clause (was f"...; {FIRST_DOSE}; " and ANY_DOSE not in h)
    assert (
        "re-score the COWS after dosing; if a benzodiazepine is given with buprenorphine or methadone: monitor "
        f"sedation and breathing while the patient is on site; {ANY_DOSE}; "
    ) in otherwise, otherwise
    assert FIRST_DOSE not in h and h.count(ANY_DOSE) == 1, h  # R52 2


def test_s1_an_old_ciwa_ar_treated_on_its_current_score_may_give_a_benzodiazepine():
    """An old CIWA-Ar 13 beside today's COWS 19: re-scored now, treated on the current score, then the COWS dose."""
    h = recommended({}, old=[("ciwa_ar", CIWA_MOD13)], today=[("cows", COWS_19)]).headline
    assert f"re-score the COWS 1-2 hours after dosing; {ANY_DOSE}; " in h, h
    # R30b M4: the hold's own "(the patient must not drive today)" left out of the count
    # R73 1a (was: == 1): the CIWA-Ar 15+ transfer's own rule after its capacity clause, then the dose's
    assert without_holds(h).count("not drive") == 2, h
    assert "any worsening); the patient must not drive; if not intoxicated: a first dose before transfer" in h, h


# --- the sweep (tests/random_placements.py: 800 cases of the same seed) -----------------------------------------------


def _texts(case) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    r = built(case)
    return [("headline", r.headline)] + [(f.code, f.action) for f in r.flags if f.action]


#: R38 S2: the COWS boxes that name every dose beside a CIWA-Ar of 8 or more, complicated or with hallucinations, of
#: any day (the case's CIWA-Ar keys other than ``mild6``), whether or not the box itself gives the benzodiazepine.
R38_S2_BOXES = frozenset(
    {"severe_opioid_withdrawal", "moderately_severe_opioid_withdrawal", "moderate_opioid_withdrawal"}
)
R38_S2_CIWA = frozenset({"mod13", "mod13_i1", "sev21", "cmp15", "hal10"})


def _r38_s2(case, where: str, text: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether ``text`` is a COWS box that R38 S2 has name every dose, read from the case's inputs."""
    cows_box = where in R38_S2_BOXES or (where == "rated_below_suggestion_d1" and "COWS" in text)
    return cows_box and any(i == "ciwa_ar" and k in R38_S2_CIWA for i, k, _ in case.scores)


@pytest.mark.parametrize("chunk", range(4))
def test_sweep_r22_s1(chunk: int) -> None:
    wrong = []
    for case in cases(800)[chunk::4]:
        for where, text in _texts(case):
            # R38 S2: a COWS box beside a CIWA-Ar of 8 or more names every dose (the benzodiazepine given beside it)
            r38_s2 = _r38_s2(case, where, text)
            if SHOULD in text:
                wrong.append(f"{case}: {where} says 'should not drive': {text}")
            for s in _SENTENCE.split(text):
                both = _BENZODIAZEPINE_DOSE.search(s) and _OPIOID_DOSE.search(s)
                # R44 Q2: not where the box says "the patient must not drive" outright (its dose clause dropped)
                # R75c 1 (was: without the headline's outright rule): nor in a headline whose lead says it
                outright = _R44_OUTRIGHT in s or (where == "headline" and _R75C_OUTRIGHT in text)
                if both and ANY_DOSE not in s and _ITEM10_COVERS not in s and not outright:
                    wrong.append(f"{case}: {where}: both doses, not the physician's words: {s}")
                may_give = (
                    _BENZODIAZEPINE_DOSE.search(s)
                    or _MAY_GIVE_BENZODIAZEPINE.search(s)
                    or (where != "headline" and _BESIDE_CIWA_RESCORE.search(s))  # R25b
                )
                if ANY_DOSE in s and not ((_OPIOID_DOSE.search(s) and may_give) or _WATCH_BOTH in s or r38_s2):
                    wrong.append(f"{case}: {where}: a benzodiazepine named where none is given: {s}")
                if ANY_DOSE in s and (s.count(ANY_DOSE) > 1 or FIRST_DOSE in s or IF_DOSED in s):
                    wrong.append(f"{case}: {where}: the driving advice twice: {s}")
    assert not wrong, "\n\n".join(wrong)


def test_sweep_r22_s1_reaches_the_cases_it_rules():
    """The sweep reads headlines and boxes that give both (the physician's words) and only one kind of dose."""
    said = {"headline": 0, "box": 0, "first dose": 0}
    for case in cases(800):
        for where, text in _texts(case):
            said["headline" if where == "headline" else "box"] += ANY_DOSE in text
            said["first dose"] += FIRST_DOSE in text
    assert said["headline"] >= 10 and said["box"] >= 10 and said["first dose"] >= 50, said
