"""Physician review R7 (3 Dec 2026): a severe or complicated CIWA-Ar, or a severe COWS, scored on another day than
the placement's. Each test's texts are typed by hand from the reviewer's "Want" (never computed by iopkit).

M1. An old severe CIWA-Ar's conditional transfer beside a C-SSRS high of today: the combined "(ED)" form, no capacity
    test and no 3.7-WM inside a suicide emergency (C-SSRS screener triage, Posner et al. 2011: question 4/5 yes,
    immediate evaluation, do not leave alone; not subject to capacity); the driving clause said once, first.
M2. An old severe CIWA-Ar with item 10 at 1, dimension 3 rated 4: the rating-4 re-score once (ASAM Criteria 2013,
    rating 4: imminent danger), never a second destination nor a second refusal test.
M3. An old COWS above 36 beside a C-SSRS high (treated while the patient waits for the suicide evaluation) or
    dimension 3 rated 4 (the rating-4 form): never "before the patient leaves" (ASAM 2020 OUD guideline).
M4. Complicated withdrawal of another day (CIWA-Ar item 10 at 2): the emergency medical evaluation names its step,
    re-score and screen for delirium now (CAM, Inouye 1990; 4AT, Bellelli et al. 2014), transfer if found (withdrawal
    delirium can come days after the last drink and is a medical emergency: ASAM 2020 alcohol withdrawal guideline);
    beside a COWS of 13 or more today, its own step too.
A sweep over the reviewer's grid of old scores (/tmp/r7/oldsweep.py) checks the rules on a few hundred cases.
"""

import datetime as dt
import functools
import itertools

import pytest

import iopkit
from iopkit.placement import FirstStep, recommend, suggest_dimensions

from .intoxication_screens import (
    INSISTS,
    INSISTS_ON_LEAVING,
    NEXT_TRANSFER,
    NOT_CLEARED_CIWA,
    SCREEN_ALCOHOL,
    SCREEN_ALCOHOL_OVERDOSE,
    SCREEN_OPIOID_OVERDOSE,
    SUICIDE_WAIT,
    TOLD,
    without_holds,
)
from .suicide_handover_words import M2_TOLD_TODAY

# R31 M4 (physician review R31, must-fix M4, and S5): an overdose or ingestion held at the screen before a dose:
# call emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose
# (re-typed by /work/scripts/ovd_ed_retype.py).

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

PLACED = dt.date(2026, 12, 2)
OLD = dt.date(2026, 11, 20)
ROUTINE = {1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}
OLD_CIWA_24 = [4, 4, 4, 4, 4, 0, 0, 0, 4, 0]
OLD_CIWA_25_I1 = [4, 4, 4, 4, 4, 0, 0, 0, 4, 1]
OLD_CIWA_26_I2 = [4, 4, 4, 4, 4, 0, 0, 0, 4, 2]
COWS_46 = [4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 3]
COWS_14 = [2, 2, 3, 2, 2, 2, 2, 2, 1, 1, 0]
CIWA_13 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 0]
CIWA_22 = [4, 3, 3, 3, 3, 2, 0, 0, 3, 0]
CIWA_13_I1 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 1]
HIGH = ["yes", "yes", "no", "yes", "no", "no", None]
MODERATE = ["yes", "yes", "yes", "no", "no", "no", None]

SUICIDE_LEAD = (
    "First: emergency evaluation for suicide risk, with safety precautions, staff with the patient, until it is done; "
    "if the patient declines it or tries to leave: staff stay with the patient and call emergency services for an "
    "emergency mental-health assessment (local involuntary-assessment procedure); "
)
D3_LEAD = (
    "First: emergency psychiatric evaluation now: arrange transfer now (ED); safety precautions, staff with the "
    "patient, until handover; if the patient declines transfer or tries to leave: staff stay with the patient (at a "
    "safe distance if there is a risk of violence) and call emergency services for an emergency mental-health "
    "assessment (local involuntary-assessment procedure); the patient must not drive; "
)
CAPACITY = (
    "if the patient declines transfer: the prescriber assesses and records capacity to decline (without capacity: "
    "transfer by emergency services; with capacity: record the advice given and the risks explained; arrange the "
    "highest level of care the patient accepts; any dose as the prescriber decides; tell the patient and any "
    "supportive person to call emergency services for a seizure, confusion, hallucinations or any worsening)"
)


# R11 should-fix 3 (c), exactly: the intoxication screen in front of a first dose beside a rating of 4; physician
# review R32 (a) (its four settings): a transfer now's hold tells the receiving team at handover (was: "(the patient
# must not drive today)")
SCREEN_AT_4 = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication); "
    f"if intoxicated: no dose here ({NEXT_TRANSFER}); otherwise "
)
#: Physician review R32 (a) (its four settings): the old-form holds of the shared screens (intoxication_screens), and
#: the typed next step each of this file's settings gives instead.
_OLD_HOLD = "if intoxicated: no dose here (the patient must not drive today)"
_OLD_OVERDOSE_HOLD = "intoxicated: the patient must not drive today)"
#: beside the emergency evaluation for suicide risk (R32 (a), R34 must-fix): staff stay, repeat or tell
SCREEN_ALCOHOL_OVERDOSE_WAIT = SCREEN_ALCOHOL_OVERDOSE.replace(_OLD_OVERDOSE_HOLD, f"intoxicated: {SUICIDE_WAIT})")
SCREEN_OPIOID_OVERDOSE_WAIT = SCREEN_OPIOID_OVERDOSE.replace(_OLD_OVERDOSE_HOLD, f"intoxicated: {SUICIDE_WAIT})")
#: at a transfer now (dimension 3 rated 4): the receiving team told
SCREEN_ALCOHOL_TRANSFER = SCREEN_ALCOHOL.replace(_OLD_HOLD, f"if intoxicated: no dose here ({NEXT_TRANSFER})")
#: beside a conditional transfer ("if delirium, ...: arrange transfer now"): both branches (R33 S1), "the scores" where
#: the COWS is scored too (R34 S1), the same-day suicide risk assessment first where one is still to do (R34 S2)
IF_TRANSFERRED_NEXT = (
    f"if transferred, {TOLD}; if not: ask the patient to stay on site and repeat the screen and the score when it "
    f"clears; {NOT_CLEARED_CIWA}; the patient must not drive today; {INSISTS}"
)
IF_TRANSFERRED_NEXT_SCORES = IF_TRANSFERRED_NEXT.replace(
    "the screen and the score when", "the screen and the scores when"
)
IF_TRANSFERRED_NEXT_LEAVING = IF_TRANSFERRED_NEXT.replace(INSISTS, INSISTS_ON_LEAVING)


def _score(instrument, answers):
    """``iopkit.score`` of one case's answers: a list of answers scored once per test session (:func:`_scored`)."""
    return (
        _scored(instrument, tuple(answers)) if isinstance(answers, list | tuple) else iopkit.score(instrument, answers)
    )


@functools.cache
def _scored(instrument, answers):
    """``iopkit.score`` of one case's answers, scored once per test session (a score is frozen; the grids give the
    same few answer arrays thousands of times)."""
    return iopkit.score(instrument, list(answers))


def recommended(ratings=None, old=(), today=()):
    """The recommendation with ``old`` scored on 20 Nov 2026 and ``today`` on 02 Dec 2026, the placement's day, the
    ``ratings`` given over :data:`ROUTINE` (the physician reviewers' ``H``; the later rounds' tests import it).

    Built once per test worker for the same case (a recommendation is frozen; the reviewers' grids in several files
    ask for the same cases): a test that patches the build, or counts what it does, calls :func:`built_afresh`."""
    try:
        key = (_frozen(ratings or {}), _frozen(old), _frozen(today))
        hash(key)
    except TypeError:  # an answer the key cannot hold: built as given
        return built_afresh(ratings, old, today)
    rec = _KEPT.get(key)
    if rec is None:
        if len(_KEPT) >= KEPT_AT_MOST:
            del _KEPT[next(iter(_KEPT))]  # the first kept goes first
        rec = _KEPT[key] = built_afresh(ratings, old, today)
    return rec


#: The recommendations :func:`recommended` keeps, by case (about 30 kB each).
_KEPT: dict = {}
KEPT_AT_MOST = 16384


def _frozen(value):
    """``value`` as a key: a mapping as its sorted items, a list or tuple as a tuple, each part likewise, and every
    other value with its type (an answer ``True`` is not the answer ``1``, nor ``1.0``)."""
    if isinstance(value, dict):
        return ("dict", tuple(sorted((_frozen(k), _frozen(v)) for k, v in value.items())))
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    return type(value), value


def built_afresh(ratings=None, old=(), today=()):
    """:func:`recommended` built now, never the one kept for the same case (a test that patches the build)."""
    ratings = {**ROUTINE, **(ratings or {})}
    scores = [_score(i, a) for i, a in (*old, *today)]
    scored_on = {i: OLD for i, _ in old} | {i: PLACED for i, _ in today}
    return recommend(ratings, suggested=suggest_dimensions(scores, scored_on=scored_on, today=PLACED))


_headline = recommended  # this file's ratings are given whole


# --- one case of a physician reviewer's grid: the later rounds' box tests (R12-R14) build their grids' cases here,
# each file keeping its own axes and its own oracle (its reviewer's words) ----------------------------------------

DAYS = ("old", "today")  # scored on 20 Nov 2026, or on the placement's day


def rated_4(dimension=None):
    """The ratings of a grid's "rated 4" axis: ``dimension`` rated 4 over :data:`ROUTINE`, or none (``None``)."""
    return {dimension: 4} if dimension else {}


def either_day(table):
    """A grid's axis for one score: none (``None``), then each key of ``table`` of 20 Nov 2026 and of today."""
    return [None] + [(key, when) for key in table for when in DAYS]


def given(instrument, table, choice):
    """One score of a grid's case, ``(instrument, answers, when)``: ``choice`` a key of ``table`` and its day
    (:data:`DAYS`), or ``None`` (or ``(None, None)``) where the case gives none."""
    if not choice or choice[0] is None:
        return None
    key, when = choice
    return instrument, table[key], when


def built(ratings=None, *scores, today=()):
    """:func:`recommended` for one case of a reviewer's grid: each of ``scores`` ``(instrument, answers, when)``
    (:func:`given`), ``today`` today's ``(instrument, answers)`` given before them; a score that is ``None``, or whose
    answers are ``None``, is one the case does not give."""
    scores = [*((i, a, "today") for i, a in today), *filter(None, scores)]
    scores = [(i, a, when) for i, a, when in scores if a is not None]
    assert all(when in DAYS for _, _, when in scores), scores
    return recommended(
        ratings,
        old=[(i, a) for i, a, when in scores if when == "old"],
        today=[(i, a) for i, a, when in scores if when == "today"],
    )


def grid_id(case):
    """A grid case's test id: its axes joined by "-", a score's key and day run together (``sevold``), no spaces."""
    return "-".join(str(p if not isinstance(p, tuple) else "".join(p)) for p in case).replace(" ", "")


# R67 F1 (was: "team the last CIWA-Ar score and any dose with its time, that"): the old severe re-score screens for
# delirium (R65 F1), so the handover tells the screen (R64 S3, R65 F2)
TOLD_CIWA = "team the last CIWA-Ar score, the delirium screen and any dose with its time, that"


def _outright_count(headline: str) -> int:
    """How often ``headline`` says "the patient must not drive", the holds' own driving rule left out (R30b M4: said
    inside each hold naming intoxication, for the patient given no dose; :func:`.intoxication_screens.without_holds`).
    """
    return without_holds(headline).count("the patient must not drive")


def test_m1_old_severe_ciwa_ar_beside_a_c_ssrs_high_transfers_to_the_ed_without_a_capacity_test():
    # R9 (session 13), must-fix N2: "if still 15 or more, or a seizure since the last score" (the reviewer's words)
    r = _headline(ROUTINE, [("ciwa_ar", OLD_CIWA_24)], [("cssrs_screen", HIGH)])
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    assert r.headline.startswith(
        SUICIDE_LEAD + "the patient must not drive; and re-score the CIWA-Ar now (last 24 on 20 Nov 2026, severe) "
        # R67 F1 (was: "(last 24 on 20 Nov 2026, severe): ask what happened since ...")
        "and screen for delirium (CAM or 4AT): ask what happened since (a seizure, confusion, a hospital visit, the "
        "last drink); if still 15 or more, or a "
        # R63 S5 (was: "if still 15 or more, or a seizure since the last score, emergency evaluation ...")
        "seizure since the last score, or hallucinations, or disorientation (item 10 at 2 or more), emergency "
        "evaluation for suicide risk and emergency medical evaluation in one "
        # R22 M2: the C-SSRS high told after the conditional transfer, if transferred
        # R23a finding 2: the re-score's first dose before the transfer: the last CIWA-Ar score and any dose first
        # R76 (was: "...that can manage both: arrange transfer now (ED) (if transferred: ...")
        "setting that can manage both: arrange transfer now by emergency services (ED) "
        f"{M2_TOLD_TODAY.replace('team that', TOLD_CIWA)}; "
        # physician review R16 (session 15), should-fix S5: beside the C-SSRS high the overdose question first
        # physician review R32 (a) (its four settings): staff stay, repeat or tell
        + SCREEN_ALCOHOL_OVERDOSE_WAIT.replace(
            "give thiamine and check blood glucose; if an overdose or ingestion, or intoxicated: no dose here (an "
            "overdose or ingestion: call emergency services for the ED, staff with the patient until handover, "
            "naloxone if signs of opioid overdose; intoxicated: ",
            # R67 F1 (was: SCREEN_ALCOHOL_OVERDOSE_WAIT, its overdose in the intoxication hold's bracket, no hold for
            # delirium): the screen holds any dose in delirium, merged with the overdose's hold (R65 F1; R60 Q2 (a)'s
            # words)
            "give thiamine and check blood glucose; if delirium, or an overdose or ingestion: no dose here; call "
            "emergency services for the ED; staff with the patient until handover (naloxone if signs of opioid "
            "overdose); if intoxicated: no dose now (",
        )
        + "a prescriber gives a first dose before transfer if "
        "it does not delay the transfer; re-assess for seizures or delirium until handover; treat on the current "
        # R39 C10: as the evaluation decides, Level 1: the old CIWA-Ar's re-score after a dose, then going home
        "score; re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit; if the evaluation lets the "
        "patient go home after a dose given on site: only if awake or no more than slightly drowsy and easily roused, "
        "walks steadily, and has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, with a "
        "supportive person to stay overnight (and, if the patient also uses opioids, with naloxone in hand and the "
        "supportive person shown how to use it), and the patient and the supportive person told not to add alcohol "
        # R43 should-fix 2 (4(b)): the evaluation form's own end, the reviewer's words
        "or other sedatives; if the evaluation lets the patient go home but these conditions are not met: the "
        "patient stays on site until they are met, or a higher level of care is arranged ("
    )
    first = r.headline.split(". Then")[0]
    assert "capacity" not in first and "3.7-WM/4-WM" not in first
    assert _outright_count(r.headline) == 1


def test_m2_old_severe_ciwa_ar_with_item_10_at_1_beside_d3_rated_4_says_the_re_score_once():
    r = _headline({**ROUTINE, 3: 4}, [("ciwa_ar", OLD_CIWA_25_I1)])
    assert r.headline.startswith(
        # R52 ruling 5: the old severe CIWA-Ar's bracket says no dose without today's re-score
        D3_LEAD + "re-score the CIWA-Ar before transfer only if it does not delay it (last 25 on 20 Nov 2026, severe; "
        "no dose here without today's re-score); "
        # R67 SF3 (physician review R65 SF3 with R66 must-fix 1): the condition names a seizure, hallucinations and
        # disorientation, the screen delirium, case 565's words (was: "if still 15 or more, the ED evaluates both: "
        # + SCREEN_ALCOHOL_TRANSFER)
        "if still 15 or more, or a seizure since the last score, or hallucinations, or disorientation (item 10 at 2 or "
        "more), the ED evaluates both: "
        # physician review R16 (session 15), should-fix S1: the dose treats alcohol withdrawal, thiamine and glucose
        "before any dose: screen for delirium (CAM or 4AT) and intoxication (breath alcohol above zero, or signs of "
        "sedative intoxication), give thiamine and check blood glucose; if delirium or intoxication: no dose here "
        # physician review R32 (a) (its four settings): the receiving team told
        f"(delirium: to the ED by emergency services; intoxication: {NEXT_TRANSFER}); otherwise "
        "a prescriber gives a first dose for today's withdrawal before "
        "transfer only if it does not delay the transfer and the reason for rating 4 allows it; at handover tell the "
        # R23a finding 2: the ruling's words, re-typed; R26b M2 (b): why dimension 3 was rated 4 first; R67 SF3: the
        # delirium screen told (was: "the last CIWA-Ar score and any dose with its time")
        "receiving team why dimension 3 was rated 4 (what the patient said or did), the last CIWA-Ar score, the "
        "delirium screen and any dose with its time; re-assess for seizures "
        "or delirium until handover (dimension 3 rated 4, imminent danger; "
    )
    assert r.headline.count("declines transfer") == 1
    assert r.headline.count("re-score the CIWA-Ar") == 1
    assert _outright_count(r.headline) == 1
    assert "3.7-WM" not in r.headline and "capacity" not in r.headline


#: R26b M1 (c): the ruling's words for a COWS dose.
COWS_TOLD = "the last COWS score and any dose with its time"


def test_m3a_old_severe_cows_beside_a_c_ssrs_high_is_treated_while_the_patient_waits():
    r = _headline(ROUTINE, [("cows", COWS_46)], [("cssrs_screen", HIGH)])
    assert r.headline.startswith(
        SUICIDE_LEAD
        # R75 2 (was: "...(local involuntary-assessment procedure); and re-score")
        + "the patient must not drive; and re-score the COWS now (last 46 on 20 Nov 2026, severe): "
        # physician review R16 (session 15), should-fix S5: beside the C-SSRS high the overdose question first
        + SCREEN_OPIOID_OVERDOSE_WAIT  # physician review R32 (a) (its four settings): staff stay, repeat or tell
        # R53 ruling 4: the screen before "if still 37 or more", covering the 13-36 dose too
        + "if still 37 or more, a prescriber "
        "treats withdrawal now, while the patient waits for the suicide evaluation: buprenorphine, or methadone as the "
        # R75c 1 (was: "...after dosing; after a first dose of buprenorphine or methadone the patient must not drive
        # today; ", physician review R13 S5, R22 S1): the lead's "the patient must not drive" covers it
        "COWS flag says; re-score the COWS after dosing; "
        # physician review R13, case C31 (and must-fix M1's words for its box): one setting that can manage both
        "a complicating condition listed on the COWS flag: emergency evaluation for suicide risk and emergency medical "
        # R22 M2: the C-SSRS high told after the conditional transfer, if transferred
        # R26b M1 (c): the dose while the patient waits: the last COWS score and any dose with its time first
        "evaluation in one setting that can manage both: arrange transfer now (ED) "
        # R53 D: the treatment of a re-score below 37 said as that branch
        f"{M2_TOLD_TODAY.replace('team that', f'team {COWS_TOLD}, that')}; if below 37: treat on the "
        # R39 C10: as the evaluation decides, Level 1: the routine opioid going-home clause (its driving clause said)
        "current score; if the evaluation lets the patient go home after a dose given on site: only if awake or no "
        # R32 S3/S4 with R39 C10: the step names buprenorphine as a dose: S3's condition (no S4 in the evaluation form)
        "more than slightly drowsy and easily roused, and has a COWS re-score after the last buprenorphine dose no "
        "higher than before it (no precipitated withdrawal), with naloxone in hand (and any supportive person shown "
        "how to use it), and the patient and any supportive person told not to add alcohol or other sedatives"
        # R43 should-fix 2 (4(b)): the evaluation form's own end, the reviewer's words
        "; if the evaluation lets the patient go home but these conditions are not met: the patient stays on site "
        "until they are met, or a higher level of care is arranged ("
    )
    assert "before the patient leaves" not in r.headline


def test_m3b_old_severe_cows_beside_d3_rated_4_reads_the_rating_4_form():
    r = _headline({**ROUTINE, 3: 4}, [("cows", COWS_46)])
    assert r.headline.startswith(
        D3_LEAD + "re-score the COWS before transfer only if it does not delay it (last 46 on 20 Nov 2026, severe); if "
        f"still 37 or more, {SCREEN_AT_4}a prescriber gives buprenorphine for today's withdrawal before transfer "
        "only if it does not "
        "delay the transfer and the reason for rating 4 allows it"
        # R26b M1 (a), M2 (b): the score and dose told, and why dimension 3 was rated 4
        "; at handover tell the receiving team why dimension 3 was rated 4 (what the patient said or did), the last "
        "COWS score and any dose with its time (dimension 3 rated 4, imminent danger; "
    )
    assert "before the patient leaves" not in r.headline
    assert "emergency evaluation only for a complicating condition" not in r.headline


# physician review R8 (session 12), must-fix 1 and 2: every sign of complicated withdrawal and a severe total in the
# condition, whatever sign the old score showed; no driving unless none of these is found (the reviewer's words);
# R9 (session 13), must-fix N2 (a seizure since the last score) and should-fix N7 (no sedating dose), its words
# R59 1: delirium said first and alone, to the ED by emergency services with no dose here
CONDITION = (
    "if delirium: no dose here; call emergency services for the ED; staff with the patient until handover; "
    "if a seizure since the last score, hallucinations, disorientation (item 10 at 2 or more) or a total of 15 or "
    # R76 (was: "...or a total of 15 or more: arrange transfer now (ED, or 4-WM); staff with ...")
    "more: arrange transfer now by emergency services "
    "(ED, or 4-WM); staff with the patient until handover; "
)
M4_STEP = (
    f"ask what happened since (a seizure, confusion, a hospital visit, the last drink); {CONDITION}{CAPACITY}; the "
    # physician review R30a, M2: nor while intoxicated (was: "the screen find none of these and no sedating dose")
    "patient must not drive unless the re-score and the screens find none of these, the patient is not intoxicated, "
    # physician review R30b S9 (a): the dose the step may give named, a benzodiazepine (no opioid withdrawal
    # step here; was: "no sedating dose")
    "and no benzodiazepine is given today; "
    # physician review R29, N2: the re-score's dose behind the intoxication screen (was: "today; treat on the ...")
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    # physician review R32 (a) (its four settings), R33 S1: the conditional transfer's hold says both branches
    # R57 M2: after the delirium screen the hold bars a dose in delirium too (was: "if intoxicated: no dose now (")
    "thiamine and check blood glucose; if delirium or intoxication: no dose here (delirium: to the ED by emergency "
    f"services; intoxication: {IF_TRANSFERRED_NEXT}); otherwise "
    "treat on the current score"
    # R26b M1 (c): the re-score's dose before the transfer (the boxes' words, R23b A1)
    " (a first dose before transfer only if it does not delay the transfer)"
)
#: R29 N2's screen in :data:`M4_STEP`; beside a COWS of today the COWS step's "after the re-score and the screen,
#: before any dose: ..." follows in the same sentence and guards every dose (R21 S3: "before any dose:" once a step).
M4_SCREEN = (  # physician review R32 (a) (its four settings), R33 S1: as in M4_STEP
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    # R57 M2: the hold bars a dose in delirium too, as in M4_STEP (was: "if intoxicated: no dose now (")
    "thiamine and check blood glucose; if delirium or intoxication: no dose here (delirium: to the ED by emergency "
    f"services; intoxication: {IF_TRANSFERRED_NEXT}); otherwise "
)
#: R26b M1 (c): what the receiving team is told of an old complicated CIWA-Ar's re-score (the reviewer's words).
#: R39 C10: the CIWA-Ar's re-score after a dose and the going-home sentence for alcohol alone (case 170's), the
#: physician's words.
RESCORE_AFTER_DOSE = "re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit"
HOME_ALCOHOL = (
    "after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily "
    "roused, walks steadily, and has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, with a "
    "supportive person to stay overnight (and, if the patient also uses opioids, with naloxone in hand and the "
    "supportive person shown how to use it), and the patient and the supportive person told not to add alcohol or "
    "other sedatives"
    # R32 S3/S4 with R39 C10: the plain going-home sentence ends with S4's words
    # R43 M1: 'until they are met' -> 'until these conditions are met' ('they' misread as the patient)
    "; otherwise the patient stays on site until these conditions are met, or a higher level of care is arranged"
)
RESCORE_TOLD = (
    "at handover tell the receiving team the CIWA-Ar re-score, the delirium screen and any dose with its time"
)
M4_LEAD = (
    "First: emergency medical evaluation now: re-score the CIWA-Ar and screen for delirium (CAM or 4AT) (last 26 on 20 "
    f"Nov 2026, severe, disoriented): {M4_STEP}"
)


def test_m4_old_complicated_withdrawal_leads_with_its_re_score_screen_and_transfer(store):
    # through the chart: a CIWA-Ar with item 10 at 2 saved on 20 Nov 2026, the placement on 02 Dec 2026
    from iopkit.episode import Episode

    pid = store.add_patient("IOP-0107")
    store.save(pid, iopkit.score("ciwa_ar", OLD_CIWA_26_I2), by="KM", when=OLD)
    inputs = Episode.from_store(store, pid, as_of=PLACED).placement_inputs
    s = suggest_dimensions(
        inputs.scores, older_open_flags=inputs.older_open_flags, scored_on=inputs.scored_on, today=PLACED
    )
    r = recommend(ROUTINE, suggested=s)
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    assert r.headline.startswith(
        # R39 C10: at Level 1 the old CIWA-Ar's re-score after a dose, then going home
        M4_LEAD + f"; {RESCORE_TOLD}; {RESCORE_AFTER_DOSE}; {HOME_ALCOHOL} (complicated withdrawal (CIWA-Ar of 20 Nov "
        "2026, not re-scored today): "
    )
    assert r.headline.count("declines transfer") == 1


def test_m4_old_item_10_at_2_alone_names_disorientation_only():
    r = _headline(ROUTINE, [("ciwa_ar", [0, 0, 0, 0, 0, 0, 0, 0, 0, 2])])
    assert r.headline.startswith(
        "First: emergency medical evaluation now: re-score the CIWA-Ar and screen for delirium (CAM or 4AT) (last 2 on "
        "20 Nov 2026, disoriented): ask what happened since (a seizure, confusion, a hospital visit, the last drink); "
        + CONDITION
    )


def test_r8_must_fix_1_an_old_score_with_both_signs_names_both_and_the_condition_every_sign():
    r = _headline(ROUTINE, [("ciwa_ar", [4, 4, 4, 4, 4, 4, 0, 0, 4, 2])])  # item 6 at 4 and item 10 at 2: total 30
    assert r.headline.startswith(
        "First: emergency medical evaluation now: re-score the CIWA-Ar and screen for delirium (CAM or 4AT) (last 30 "
        "on 20 Nov 2026, severe, hallucinations, disoriented): ask what happened since (a seizure, confusion, a "
        "hospital visit, the last drink); " + CONDITION
    )
    hallucinating = _headline(ROUTINE, [("ciwa_ar", [0, 0, 0, 0, 0, 4, 0, 0, 0, 0])])  # item 6 at 4 alone
    assert "(last 4 on 20 Nov 2026, hallucinations): ask what happened since" in hallucinating.headline
    assert CONDITION in hallucinating.headline


# the COWS step in physician review R9 (session 13), should-fix S1's words: the intoxication screen before any dose,
# the dose timed by the transfer (the reviewer's text replaces R7's "a prescriber's review before the patient leaves")
# physician review R32 (a) (its four settings), R33 S1, R34 S1: its hold beside the conditional transfer says both
# branches, "the scores" beside the CIWA-Ar and the COWS (was: "if intoxicated: no dose here (the patient must not
# drive today)")
S1_SCREEN = (
    "after the re-score and the screen, before any dose: screen for intoxication (breath alcohol above zero, or signs "
    # R57 M2: after the first step's delirium screen the hold bars a dose in delirium too (was: "if intoxicated: no
    # dose now (")
    "of sedative intoxication), give thiamine and check blood glucose; if delirium or intoxication: no dose here "
    f"(delirium: to the ED by emergency services; intoxication: {IF_TRANSFERRED_NEXT_SCORES}); otherwise "
)


@pytest.mark.parametrize(
    ("cows", "step", "band"),
    [
        (
            COWS_46,
            f"{S1_SCREEN}a prescriber treats withdrawal (if transferred: a first dose before transfer only if it does "
            "not delay the transfer; if not: before the patient leaves): buprenorphine, or methadone as the COWS flag "
            "says; re-score the COWS after dosing; ",
            "COWS above 36 (severe opioid withdrawal)",
        ),
        (
            COWS_14,
            f"{S1_SCREEN}a prescriber's review (if transferred: a first dose before transfer only if it does not delay "
            "the transfer; if not: before the patient leaves): treat withdrawal as the prescriber decides, with "
            "buprenorphine, or methadone as the COWS flag says; re-score the COWS 1-2 hours after dosing; ",
            "COWS 13-24 (moderate withdrawal)",
        ),
    ],
)
def test_m4_old_complicated_withdrawal_beside_a_cows_of_today_keeps_the_cows_step(cows, step, band):
    r = _headline(ROUTINE, [("ciwa_ar", OLD_CIWA_26_I2)], [("cows", cows)])
    first = r.headline.split(". Then")[0]
    # R23a finding 2: the step's one handover after its first dose before the transfer
    step = step.replace(
        "the transfer; if not:",
        # R26b M1 (c): the re-score, the delirium screen, the last COWS score and any dose
        "the transfer; at handover tell the receiving team the CIWA-Ar re-score, the delirium screen, the last COWS "
        "score and any dose with its time; if not:",
    )
    # physician review R30b S9 (a): beside today's COWS every dose the visit may give named
    lead = M4_LEAD.replace(M4_SCREEN, "").replace(
        "no benzodiazepine is given today", "no dose of a benzodiazepine, buprenorphine or methadone is given today"
    )
    # R42 item 7 (R30b S8): the re-score's "treat on the current score (...)" after the COWS step's screen it depends
    # on, not before it (was "...; treat on the current score (a first dose before transfer only if it does not delay
    # the transfer); after the re-score and the screen, before any dose: ...")
    treat = "treat on the current score (a first dose before transfer only if it does not delay the transfer)"
    assert lead.endswith(f"; {treat}")
    lead = lead.removesuffix(f"; {treat}")
    # R47 M1: the prescriber's step joined into the screen's otherwise, after the delirium screen finds none
    step = step.replace(
        "; otherwise a prescriber",
        f"; otherwise {treat}, and, if the delirium screen finds no delirium, a prescriber",
        1,
    )
    assert first.startswith(f"{lead}; {step}"), first
    assert band in first and first.count(band) == 1


# --- the reviewer's sweep of old scores (/tmp/r7/oldsweep.py), every third case ------------------------------------

OLDS = {
    "ciwa24": ("ciwa_ar", OLD_CIWA_24),
    "ciwa25i1": ("ciwa_ar", OLD_CIWA_25_I1),
    "ciwa26i2": ("ciwa_ar", OLD_CIWA_26_I2),
    "cows46": ("cows", COWS_46),
}
TODAYS_OTHER = {
    "ciwa_ar": (None, ("ciwa_ar", CIWA_13), ("ciwa_ar", CIWA_22), ("ciwa_ar", CIWA_13_I1)),
    "cows": (None, ("cows", COWS_14), ("cows", COWS_46)),
}
GRID = [
    (name, other, cssrs, phq9, d1, d2, d3)
    for name, (instrument, _) in OLDS.items()
    for other, cssrs, phq9, d1, d2, d3 in itertools.product(
        TODAYS_OTHER["cows" if instrument == "ciwa_ar" else "ciwa_ar"],
        (None, HIGH, MODERATE),
        (None, 1),
        (1, 3, 4),
        (0, 4),
        (1, 4),
    )
][::3]


@pytest.mark.parametrize("case", GRID, ids=lambda c: "-".join(map(str, c[:1] + c[4:])))
def test_sweep_of_old_scores_keeps_the_rules(case):
    name, other, cssrs, phq9, d1, d2, d3 = case
    today = [other] if other else []
    today += [("cssrs_screen", cssrs)] if cssrs else []
    today += [("phq9", [1] * 8 + [phq9])] if phq9 else []
    r = _headline({**ROUTINE, 1: d1, 2: d2, 3: d3}, [OLDS[name]], today)
    h = r.headline
    first = h.split(". Then")[0]
    high = cssrs is HIGH or d3 == 4
    if high:
        assert "before the patient leaves" not in h
    if cssrs is HIGH:  # inside a suicide emergency: no 3.7-WM destination, no capacity test
        assert "3.7-WM/4-WM" not in first and "capacity" not in first
    assert not ("capacity" in first and "involuntary" in first)
    if first.startswith("First: emergency medical evaluation") and "arrange transfer now" not in first:
        pytest.fail(f"an emergency lead with no step: {first}")
    # physician review R19 (session 16), N2 (c3): beside today's CIWA-Ar item 10 at 1 the medical review's delirium
    # branch ("the medical review first, as now") and the old COWS's 37-or-more branch ("[case B's three branches]")
    # each carry their own refusal path, under different conditions: the reviewer's words, two
    item10 = first.startswith("First: medical review now: ") and "; and re-score the COWS now (last" in first
    assert h.count("declines transfer") <= (2 if item10 else 1)
    for scale in ("CIWA-Ar", "COWS"):  # the old score's re-score said once, in one of its forms
        said = (f"e-score the {scale} now (last", f"e-score the {scale} before transfer", f"e-score the {scale} and")
        assert sum(h.count(form) for form in said) <= 1, (scale, h)


# --- should-fix 6: the conditional delirium transfer beside a C-SSRS high: one setting, the ED -------------------


@pytest.mark.parametrize("cows", [[("cows", COWS_14)], []], ids=["with COWS 14", "alone"])
def test_s6_delirium_transfer_beside_a_c_ssrs_high_is_to_the_ed(cows):
    scores = [
        iopkit.score(i, a) for i, a in [*cows, ("ciwa_ar", [2, 2, 2, 2, 2, 1, 0, 0, 2, 1]), ("cssrs_screen", HIGH)]
    ]
    h = recommend(ROUTINE, suggested=suggest_dimensions(scores)).headline
    told = (
        # R65 F2 (was: "...the last CIWA-Ar and COWS scores and any dose with its time")
        "the last CIWA-Ar and COWS scores, the delirium screen and any dose with its time"
        if cows
        # R65 F2 (was: "...the last CIWA-Ar score and any dose with its time")
        else "the last CIWA-Ar score, the delirium screen and any dose with its time"
    )
    assert (
        # R22 M2: the ED named as the box names it, the C-SSRS high told after it, if transferred
        # R76b A (was: "if delirium: emergency evaluation: arrange transfer now (ED: emergency evaluation ...")
        "if delirium: emergency evaluation: arrange transfer now by emergency services (ED: emergency evaluation for "
        "suicide risk and emergency medical evaluation in one setting); staff with the patient until handover "
        # R26b M1 (d): the step treats withdrawal: the last scores and any dose with its time first
        f"{M2_TOLD_TODAY.replace('team that', f'team {told}, that')}; "
        # physician review R16 (session 15), should-fix S5: beside the C-SSRS high an overdose holds the dose too
        "if an overdose or ingestion: no dose here (call emergency services for the ED, staff with the patient until "
        "handover, naloxone if signs of opioid overdose); if "
        "intoxicated "
    ) in h
    assert "4-WM" not in h.split(". Then")[0]


# physician review R8 (session 12), must-fix 3: beside the old complicated CIWA-Ar's conditional transfer, a positive
# PHQ-9 item 9 (Kroenke 2001) or a C-SSRS moderate risk (Posner 2011) of today has a step whether or not the patient is
# transferred (the reviewer's words)
PHQ9_ITEM_9 = [1, 1, 1, 1, 1, 1, 1, 1, 1]


def test_r8_must_fix_3_a_positive_screen_beside_a_conditional_transfer_is_assessed_before_the_patient_leaves():
    r = _headline(ROUTINE, [("ciwa_ar", OLD_CIWA_26_I2)], [("phq9", PHQ9_ITEM_9)])
    assert (
        # R26b M1 (c): the re-score's dose before transfer, and what is told of it; R29 N2: after the screen (was:
        # "; treat on the current score ...")
        "; otherwise treat on the current score (a first dose before transfer only if it does not delay the "
        # R39 C10: at Level 1 the old CIWA-Ar's re-score after a dose (and, after the assessment, going home)
        "transfer); re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit; then, "
        "before the patient leaves, a same-day suicide risk assessment (if "
        # R23a finding 7 (c), (d): the ruling's words, re-typed
        "transferred: at handover tell the receiving team the CIWA-Ar re-score, the delirium screen and any dose with "
        "its time, that today's PHQ-9 item 9 was positive, and ask them for a "
        "suicide risk assessment once the patient is able to answer; do not delay the transfer for it); "
        + HOME_ALCOHOL  # R39 C10: then going home
        + " ("
    ) in r.headline, r.headline
    moderate = _headline(ROUTINE, [("ciwa_ar", OLD_CIWA_26_I2)], [("cssrs_screen", MODERATE)])
    assert (
        # R26b M1 (c), as above; R29 N1: after the screen that asks about an overdose first (was: "; treat ...");
        # R30b M4: the hold's bracket says the intoxicated patient must not drive today; R31 M4: the overdose's care
        # (re-typed by hand: the fragment opens inside the bracket)
        "overdose or ingestion: call emergency services for the ED, staff with the patient until handover, naloxone "
        # physician review R32 (a) (its four settings), R33 S1, R34 S2: both branches of the conditional transfer, the
        # same-day suicide risk assessment first for a patient who insists on leaving
        f"if signs of opioid overdose; intoxicated: {IF_TRANSFERRED_NEXT_LEAVING}); "
        "otherwise treat on the current score (a first dose "
        # R39 C10: at Level 1 the old CIWA-Ar's re-score after a dose (and, after the assessment, going home)
        "before transfer only if it does not delay the transfer); re-score the CIWA-Ar within 1 hour of a dose and at "
        "the end of the visit; then, "
        "before the patient leaves, a same-day suicide risk assessment with safety "
        "planning (if transferred: at handover tell the receiving team the CIWA-Ar re-score, the delirium screen and "
        "any dose with its time, that today's C-SSRS screen was moderate risk "
        # R23a finding 7 (c), (d): the ruling's words, re-typed
        "(method considered, or suicidal behaviour over 3 months ago), and ask them for a suicide risk assessment with "
        "safety planning once the patient is able to answer; do not delay the transfer for it)"
    ) in moderate.headline, moderate.headline
    # an unconditional transfer keeps the handover form (dimension 1 rated 4)
    at_4 = _headline({**ROUTINE, 1: 4}, [("ciwa_ar", OLD_CIWA_26_I2)], [("phq9", PHQ9_ITEM_9)])
    # R23a findings 2, 4: one handover clause, why dimension 1 was rated 4 (R16) first, then the last score and dose
    assert (
        # R65 F2 (was: "...mension 1 was rated 4, the last CIWA-Ar score and any dose with its time")
        "at handover tell the receiving team why dimension 1 was rated 4, the last CIWA-Ar score, the delirium screen "
        "and any dose with its "
        "time, that today's PHQ-9 item 9 was positive" in at_4.headline
    ), at_4.headline
    assert "then, before the patient leaves, a same-day suicide risk assessment (if transferred" not in at_4.headline
