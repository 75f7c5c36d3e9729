"""Physician review R21 (session 19), should-fixes S2 and S3, in the headline.

S2: the headline said "after a first dose of buprenorphine or methadone the patient should not drive today" and, in the
same sentence, a benzodiazepine's "..., and the patient must not drive" (today's moderate CIWA-Ar beside a COWS of
13-36: the benzodiazepine's monitoring added by R18 S9). The driving advice is said once a sentence, in any phrasing
(R16 S11's rule, :func:`~iopkit.placement.recommendation._no_driving_until_said_once`, extended): the first dose's
clause stays, as it carries the condition that covers the benzodiazepine's (a benzodiazepine given with buprenorphine
or methadone follows their dose), and the benzodiazepine's monitoring reads in R2 should-fix 12's on-site form, as it
does beside R19-N2 (c3)'s combined clause (tests/test_placement_headline_no_driving_once.py).

S3: 18 of 800 random headlines said "before any dose:" twice within one step. The boxes' rule (R18 S2, a joined box
says "before any dose:" once, the union of its screens, then the doses; a first screen under a condition opens its
clause, R17b M1) now applies to the headline, step by step (a step runs to its "Also ..." or "Then ..." sentence, as
the handover sweep splits it): one screen, where the first stood, saying what each said (thiamine and blood glucose,
the overdose question), the doses after it reading on from their own clauses.

Cases built as the physician reviewers' Method builds them (``recommended``: old = 20 Nov 2026, today = 02 Dec 2026,
routine ratings). Every expected text below is typed by hand from the rulings, never computed by iopkit.
"""

from __future__ import annotations

import re

import pytest

from tests.intoxication_screens import NEXT_TRANSFER, r32a, without_holds
from tests.placement_screens import kept_apart
from tests.random_placements import built, cases
from tests.test_placement_headline_no_driving_once import _BRANCH_OWN, _SENTENCE
from tests.test_placement_headline_review_r7_old_scores import recommended
from tests.test_placement_physician_cases import CIWA_MOD13, CIWA_SEV21, COWS_19

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

# --- the expected words, typed -------------------------------------------------------------------------------------
#: Today's CIWA-Ar 13 beside today's COWS 19 (routine ratings): the first sentence, one screen before any dose (the
#: alcohol screen, thiamine and blood glucose, R13 S4), both doses after it, the driving advice once (the first
#: dose's), the benzodiazepine monitored on site. Before (R21's finding): "...; re-score the CIWA-Ar within 1 hour of
#: a dose and at the end of the visit; before any dose: screen for intoxication (breath alcohol above zero, or signs of
#: sedative intoxication); if intoxicated: no dose here; otherwise treat withdrawal as the prescriber decides, ...;
#: if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient is
#: on site, and the patient must not drive (...".
CIWA_13_COWS_19_FIRST = (
    "First: a prescriber's review before the patient leaves: before any dose: screen for intoxication (breath alcohol "
    "above zero, or signs of sedative intoxication), give thiamine and check blood glucose; if intoxicated: no dose "
    "here (the patient must not drive today); otherwise treat withdrawal with medication (CIWA-Ar 10 or more; "
    "consider at 8-9); re-score the CIWA-Ar "
    "within 1 hour of a dose and at the end of the visit; treat withdrawal as the prescriber decides, with "
    "buprenorphine, or methadone as the COWS flag says; re-score the COWS 1-2 hours after dosing; "
    # physician review R22 S1: a benzodiazepine given too, the physician's words (before: "after a first dose of
    # buprenorphine or methadone the patient should not drive today; ")
    "if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today; "
    "arrange medically managed withdrawal or a "
    "higher level of care: co-occurring alcohol withdrawal (CIWA-Ar 13 today); "
    # physician review R27 M1: the escalation is a transfer; its handover, if transferred (before: none)
    "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time; "
    "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient is "
    # R62 S2 (ruled R63): beside the escalation, a transfer (was: "on site")
    "on site (if transferred: until handover)"
    # R21 S5: the plan offers ambulatory WM: how the patient given a dose on site goes home, at the end of the dose's
    # sentence
    # R26a S1 as ruled in session 22: the going-home clause re-typed in observable words (POSS levels
    # 1-2; naloxone in hand, the supportive person shown how to use it)
    "; after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    "roused"
    # physician review R29 (should-fix): the benzodiazepine's going-home conditions (was: "roused, with naloxone")
    # R32 S3: a COWS re-score after the last buprenorphine dose no higher than before it (the going-home clause)
    ", walks steadily, has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, and has a COWS "
    "re-score after the last buprenorphine dose no higher than before it (no precipitated withdrawal), with a "
    "supportive person to stay overnight"
    ", with naloxone in hand and the supportive person shown how to use it, and the "
    # R32 S4: '; otherwise the patient stays on site until they are met, ...' (the going-home clause)
    # R43 M1: 'until they are met' -> 'until these conditions are met' ('they' misread as the patient)
    "patient and the supportive person told not to add alcohol or other sedatives; otherwise the patient stays on "
    "site until these conditions are met, or a higher level of care is arranged (CIWA-Ar in the moderate "
    "withdrawal band, COWS 13-24 (moderate withdrawal): dimension 1 rated 1, below the 2 they call for)."
)
#: Dimension 2 rated 4 beside an old severe CIWA-Ar and today's COWS 19: the transfer's screen says thiamine and blood
#: glucose (the union: the re-score's screen said them), the re-score's branch says its dose without a second screen.
#: Before: "...; the patient must not drive; before any dose: screen for intoxication (breath alcohol above zero, or
#: signs of sedative intoxication); if intoxicated: ...; if still 15 or more, the ED evaluates both: before any dose:
#: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check
#: blood glucose; if intoxicated: no dose here; otherwise a prescriber gives a first dose ...".
RATED_4_SCREEN = (
    # R67 SF3 (physician review R65 SF3 with R66 must-fixes 1 and 2): the screen, where it stood, names delirium, case
    # 565's words, and the re-score's condition a seizure, hallucinations and disorientation (was: "before any dose:
    # screen for intoxication (...), give thiamine and check blood glucose; if intoxicated: no dose here (" and "if
    # still 15 or more, the ED evaluates both; ")
    "the patient must not drive; before any dose: screen for delirium (CAM or 4AT) and intoxication (breath alcohol "
    "above zero, or signs of sedative intoxication), give thiamine and check blood glucose; if delirium or "
    "intoxication: no dose here (delirium: to the ED by emergency services; intoxication: "
    # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team
    f"{NEXT_TRANSFER}); otherwise a "
    "prescriber gives a first dose for today's withdrawal before transfer only if it does not delay the transfer and "
    "the reason for rating 4 allows it; if a benzodiazepine is given with buprenorphine or methadone: monitor "
    "sedation and breathing until handover; re-score the CIWA-Ar before transfer only if it does not delay it (last "
    # R22 S5: "the ED evaluates both; re-assess ...", the repeated first dose deleted; R52 ruling 5: beside today's
    # COWS the bracket names the dose it holds, alcohol withdrawal's
    "21 on 20 Nov 2026, severe; no dose for alcohol withdrawal here without today's re-score); if still 15 or more, "
    "or a seizure since the last score, or hallucinations, or disorientation (item 10 at 2 or more), the ED evaluates "
    "both; re-assess for seizures or delirium until handover ("
)
# physician review R22 S1: where a benzodiazepine is given too, the physician's words stand for the first dose's
FIRST_DOSE = "if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today"
BENZODIAZEPINE_DRIVING = "while the patient is on site, and the patient must not drive"
SCREEN = "before any dose:"

#: Any phrasing of the driving advice.
_DRIVING = re.compile(r"\b(?:must|should) not drive\b")
#: Where a step ends: before its "Also ..." or "Then ..." sentence (tests/test_placement_headline_handover_sweep.py).
_STEP = re.compile(r"\. (?=(?:Also|Then)\b)")


def driving_said(headline: str) -> list[int]:
    """How often each sentence of ``headline`` gives the driving advice in any phrasing, a transfer branch's own "the
    patient must not drive" and the holds' own bracket apart (tests/test_placement_headline_no_driving_once.py's
    docstring; R30b M4: each hold naming intoxication says "the patient must not drive today" inside it, for the patient
    given no dose, not the step's driving advice)."""
    return [len(_DRIVING.findall(s)) for s in _SENTENCE.split(_BRANCH_OWN.sub("", without_holds(headline)))]


def screens_said(headline: str) -> list[int]:
    """How often each step of ``headline`` says "before any dose:" (either case), a step whose first screen may sit
    inside an earlier clause's condition counted once where its screens are one text (R22 M1)."""
    return [1 if kept_apart(s) else s.lower().count(SCREEN) for s in _STEP.split(headline)]


# --- one concrete case of each ------------------------------------------------------------------------------------


def _ciwa_13_cows_19() -> str:
    return recommended({}, today=[("ciwa_ar", CIWA_MOD13), ("cows", COWS_19)]).headline


def test_s2_the_driving_advice_once_the_first_doses_clause_kept():  # R22 S1: the clause in the physician's words
    h = _ciwa_13_cows_19()
    assert h.count(FIRST_DOSE) == 1, h
    assert BENZODIAZEPINE_DRIVING not in h, h
    # R30b M4: the hold's own "(the patient must not drive today)" left out of the count
    assert without_holds(h).count("not drive") == 1, h


def test_s3_one_screen_before_any_dose_a_step():
    h = _ciwa_13_cows_19()
    # physician review R32 (a) (its four settings), R33 S1, R34 S1: the hold before the escalation's conditional
    # transfer ("if transferred: at handover ...") says both branches, "the scores" beside both withdrawals
    assert h.startswith(r32a(CIWA_13_COWS_19_FIRST, h) + " Also before deciding the setting: "), h
    assert h.count(SCREEN) == 1, h


def test_s3_the_union_of_the_screens_where_the_first_stood_beside_a_rating_of_4():
    h = recommended({2: 4}, old=[("ciwa_ar", CIWA_SEV21)], today=[("cows", COWS_19)]).headline
    assert RATED_4_SCREEN in h, h
    assert h.count(SCREEN) == 1, h


# --- the sweeps (tests/random_placements.py: the 400 cases, and 400 more of the same seed) ---------------------------


@pytest.mark.parametrize("chunk", range(4))
def test_sweep_the_driving_advice_once_a_sentence_in_any_phrasing(chunk: int) -> None:
    headlines = [(c, built(c).headline) for c in cases(800)[chunk::4]]
    twice = [f"{c}: {h}" for c, h in headlines if any(n > 1 for n in driving_said(h))]
    assert not twice, "\n\n".join(twice)


@pytest.mark.parametrize("chunk", range(4))
def test_sweep_before_any_dose_once_a_step(chunk: int) -> None:
    headlines = [(c, built(c).headline) for c in cases(800)[chunk::4]]
    twice = [f"{c}: {h}" for c, h in headlines if any(n > 1 for n in screens_said(h))]
    assert not twice, "\n\n".join(twice)


#: R22 M1 (cases 125 and 470 of the 800): old CIWA-Ar 21 and old COWS 48. The one screen left by S3 sat inside the
#: CIWA-Ar's conditional transfer ("if still 15 or more, or a seizure since the last score, arrange transfer now ...;
#: before any dose: ..."), and the COWS branch's buprenorphine, given with no transfer, had none. The reviewer's words:
#: R53 ruling 4: the screen before "if still 37 or more", covering the re-score's every branch (13-36 too).
R22_M1_COWS_BRANCH = (
    "re-score the COWS now (last 48 on 20 Nov 2026, severe): before any dose: screen for "
    "intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood "
    # R67 F1 (was: "glucose; if intoxicated: no dose here ..."): the first screen, the old severe CIWA-Ar's, now holds
    # any dose in delirium (R65 F1), and this screen kept apart says the same, the union (R18 S2, R22 M1)
    "glucose; if delirium: no dose here; call emergency services for the ED; staff with the patient until handover; "
    "if intoxicated: no dose here (the patient must not drive today); otherwise if still 37 or more, a "
    # R73 item 2 (was: "... before the patient leaves: ")
    "prescriber treats withdrawal now, before the patient leaves (if transferred: a first dose before transfer only "
    "if it does not delay the transfer): "
)


@pytest.mark.parametrize("number", [125, 470])
def test_r22_m1_a_screen_inside_an_earlier_condition_covers_no_later_dose(number: int) -> None:
    h = built(cases(800)[number]).headline
    # physician review R32 (a) (its four settings), R33 S1, R34 S1/S2: the hold in the sentence of a conditional
    # transfer says both branches ("the scores"; the same-day suicide risk assessment first where one is due)
    assert r32a(R22_M1_COWS_BRANCH, h) in h, h
    assert h.index("if still 15 or more") < h.lower().index(SCREEN)  # the first screen is in the transfer's branch
