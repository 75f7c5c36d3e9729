"""Physician review R29 (session 22's re-check of R28 as built), must-fixes N1 and N2: a re-score's "treat on the
current score" said behind the screen before any dose.

- **N1.** Beside a C-SSRS screen at moderate risk (of any day), a re-score's dose is screened as every other dose there
  is: the overdose question first, then the intoxication screen (thiamine and blood glucose where the CIWA-Ar is
  re-scored), then the treatment: case 80's words, "before any dose: ask about any overdose or ingestion today and
  screen for intoxication (...); if an overdose or ingestion, or intoxicated: no dose here (...); otherwise treat on the
  current score". The reviewer's cases: 13, 51, 180, 202, 218, 271, 312, 338, 343, 418, 430, 502, 544, 570, 590, 597,
  624, 636, 644, 659, 666, 706, 765, 772, 781 (headlines), 88, 449, 604 (boxes only). Case 312 is R28 M2's (the screen
  said after the re-score, in the prescriber's review): not asked here.
- **N2.** Whatever the suicide screen, the re-score of an old complicated or severe CIWA-Ar that may give "a first
  dose before transfer" says the screen first, thiamine and blood glucose with it (case 7's screen): 30 of 47 such
  headlines did not. The reviewer's cases: 13, 32, 55, 64, 65, 96, 137, 162, 172, 202, 215, 271, 338, 343, 375, 393,
  403, 414, 423, 439, 443, 485, 511, 587, 593, 690, 699, 751, 763 (headlines), 564 (its box).

Where the transfer is arranged only if the re-score finds it (these cases), the screen is said before the treatment
and the treatment keeps its own words, "otherwise treat on the current score (a first dose before transfer only if it
does not delay the transfer)" (the lead engineer's ruling, session 23: "otherwise a first dose before transfer", case
7's close, would read as a transfer always made). Sources the reviewer cites: R16 S5 (the overdose question beside a
C-SSRS high or moderate risk); Columbia C-SSRS Screener triage; ASAM 2020 alcohol withdrawal guideline (thiamine, blood
glucose and intoxication assessed before medication); FDA Drug Safety Communication, 20 Sep 2017 (buprenorphine with
benzodiazepines or other sedatives).

The expected words are typed here from the ruling; the cases' inputs are read from the case, never from iopkit.
"""

from __future__ import annotations

import html
import re

import pytest

from .intoxication_screens import (
    INSISTS,
    INSISTS_ON_LEAVING,
    NOT_CLEARED_CIWA,
    NOT_CLEARED_COWS,
    STAY,
    TOLD,
)
from .random_placements import Case, built, cases

# R31 M4 (physician review R31, must-fix M4, and S5): an overdose or ingestion held at the screen before a dose:
# call emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose
# (re-typed by /work/scripts/ovd_ed_retype.py).

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

#: The screen beside a C-SSRS moderate risk, for opioid withdrawal (the COWS re-scored): case 80's words.
SCREEN_ASKED = (
    "before any dose: ask about any overdose or ingestion today and screen for intoxication (breath alcohol above "
    "zero, or signs of sedative intoxication); if an overdose or ingestion, or intoxicated: no dose here (an overdose "
    "or ingestion: call emergency services for the ED, staff with the patient until handover, naloxone if signs of "
    "opioid overdose; intoxicated: the patient must not drive today); otherwise treat "
    "on the current score"
)
#: The same, the CIWA-Ar re-scored: thiamine and blood glucose.
SCREEN_ASKED_ALCOHOL = (
    "before any dose: ask about any overdose or ingestion today and screen for intoxication (breath alcohol above "
    "zero, or signs of sedative intoxication), give thiamine and check blood glucose; if an overdose or ingestion, or "
    "intoxicated: no dose here (an overdose or ingestion: call emergency services for the ED, staff with the patient "
    "until handover, naloxone if signs of opioid overdose; intoxicated: the patient "
    "must not drive today); otherwise treat on the "
    "current score"
)
#: N2 with no overdose risk: the intoxication screen, thiamine and blood glucose, then the treatment in its words.
SCREEN_ALCOHOL = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    "thiamine and check blood glucose; if intoxicated: no dose here (the patient must not drive today); otherwise "
    "treat on the current score"
)
#: The old complicated or severe CIWA-Ar's re-score's own timing of its dose, kept after the screen.
BEFORE_TRANSFER = " (a first dose before transfer only if it does not delay the transfer)"

# physician review R32 (a) (its four settings), R33 S1, R34 S1/S2: the holds of these re-scores, by their setting
#: The old forms of the hold (R30b M4), as the screens above say them.
OLD_HOLD = "if intoxicated: no dose here (the patient must not drive today)"
OLD_HOLD_ASKED = "intoxicated: the patient must not drive today)"
#: R34 S1: where the step scores both withdrawals (the COWS and the CIWA-Ar), "the scores".
STAY_SCORES = "ask the patient to stay on site and repeat the screen and the scores when it clears"
#: R32 (a), R34 S2: an ambulatory COWS re-score beside a C-SSRS moderate risk (its same-day suicide risk assessment
#: due): the assessment first for a patient who insists on leaving.
NEXT_COWS_LEAVING = f"{STAY}; {NOT_CLEARED_COWS}; the patient must not drive today; {INSISTS_ON_LEAVING}"
SCREEN_ASKED_LEAVING = SCREEN_ASKED.replace(OLD_HOLD_ASKED, f"intoxicated: {NEXT_COWS_LEAVING})")
#: R60 Q5 (R59 2): an ambulatory old COWS re-score's hold said apart, "no dose here" for an overdose or ingestion, "no
#: dose until it clears" for intoxication (was: SCREEN_ASKED_LEAVING, one hold "if an overdose or ingestion, or
#: intoxicated: no dose here (an overdose or ingestion: ...; intoxicated: ...)")
SCREEN_SPLIT_LEAVING = (
    "before any dose: ask about any overdose or ingestion today and screen for intoxication (breath alcohol above "
    "zero, or signs of sedative intoxication); if an overdose or ingestion: no dose here (call emergency services for "
    "the ED, staff with the patient until handover, naloxone if signs of opioid overdose); if intoxicated: no dose "
    f"until it clears ({NEXT_COWS_LEAVING}); otherwise treat on the current score"
)
#: R33 S1: a transfer arranged only if the re-score finds it: both branches.
IF_TRANSFERRED = f"if transferred, {TOLD}; if not: "

#: N1's opioid cases (the COWS re-scored, no CIWA-Ar in the step): the screen, then the treatment.
N1_OPIOID = [51, 180, 430, 502, 544, 570, 597, 636, 644, 659, 706, 772]
#: N1's alcohol cases (an old complicated or severe CIWA-Ar re-scored, a transfer only if the re-score finds it).
N1_ALCOHOL = [13, 202, 271, 338, 343]
#: N1's old moderate CIWA-Ar (13, or 14 with item 10 at 1) re-scored: the screen, thiamine, then the treatment.
N1_ALCOHOL_MODERATE = {218: 13, 418: 13, 590: 13, 624: 14, 666: 14, 765: 14, 781: 14}
#: R30b M3: of these, the one whose COWS (of 13 or more) is old too, its last COWS.
N1_OLD_COWS = {781: 19}
#: N2's cases beside no C-SSRS moderate or high risk.
N2_ALCOHOL = [
    32, 55, 64, 65, 96, 137, 162, 172, 215, 375, 393, 403, 414, 423, 439, 443, 485, 511, 587, 593, 690, 699, 751, 763
]  # fmt: skip
#: The cases the reviewer found only a box unscreened in: the box's flag code and the screen it must say.
BOXES_ONLY = {
    # R32 (a): an ambulatory box (no transfer named). Physician review R35 M3: the case's C-SSRS moderate risk
    # stands, so the same-day suicide risk assessment first for a patient who insists on leaving; R35 S3: "the
    # scores", the case scoring both withdrawals (its COWS 48 flag beside the CIWA-Ar's) (was: "the score", "if the
    # patient insists: offer a lift or a taxi, ...")
    # R42 item 2 (R30b should-fix S2): case 88's box says the transfer at a CIWA-Ar re-score of 8 or more between its
    # hold and its treatment (was: "...); otherwise treat on the current score")
    88: (
        "moderate_alcohol_withdrawal",
        SCREEN_ASKED_ALCOHOL.replace(
            OLD_HOLD_ASKED,
            # R51 1: told at handover if transferred (the box's branch at 8 or more transfers), as the headline says it
            f"intoxicated: {IF_TRANSFERRED}{STAY_SCORES}; {NOT_CLEARED_CIWA}; the patient must not drive today; "
            f"{INSISTS_ON_LEAVING})",
        )
        .replace(
            "); otherwise treat on the current score",
            "); at a CIWA-Ar re-score of 8 or more (alcohol withdrawal alongside, a complicating condition on the COWS "
            # R50 item S3: the transfer's staff clause (was: "(ED, or 3.7-WM/4-WM), a first dose")
            # R76 ruling 2 (was: "flag): arrange transfer now (ED, or 3.7-WM/4-WM); staff ...")
            "flag): arrange transfer now (a seizure, hallucinations, disorientation or a total of 15 or more: by "
            "emergency services, to the ED or 4-WM; otherwise: ED, or 3.7-WM/4-WM); staff with the patient until "
            "handover; "
            # R53 B: the capacity to decline, as the headline's branch
            "if the patient declines transfer: the prescriber assesses and records capacity to decline (without "
            # R62 M1/S1: the first dose and the otherwise guarded (was: "; a first dose ..." and "; otherwise treat
            # on the current score")
            "capacity: transfer by emergency services; with capacity: record the advice given and the risks explained; "
            "arrange the highest level of care the patient accepts; any dose as the prescriber decides; tell the "
            "patient and any supportive person to call emergency services for a seizure, confusion, hallucinations or "
            # R74 must-fix 1 (R73 1a's words; was: "...any worsening); if not intoxicated")
            "any worsening); the patient must not drive; if not intoxicated: a first dose "
            "before transfer only if it does not delay "
            # R26b S9: the first dose before that transfer told at handover, as every box's
            # R64 S3 (was: "the last CIWA-Ar and COWS scores and any dose with its time"): the delirium screen told
            "the transfer; if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the "
            # R70 S (was: "...any dose with its time; otherwise, if not intoxicated: ...")
            "delirium screen and any dose with its time, that today's C-SSRS screen was moderate risk, and ask them "
            "for a suicide risk assessment with safety planning, without delaying the transfer; otherwise, if not "
            "intoxicated: treat on the current score",
        )
        # R60 Q4 (88's last CIWA-Ar had item 10 at 1): the delirium hold first (was: "check blood glucose; if an
        # overdose ..."); R60 Q3 (iii): the complications after "8 or more" (was: "re-score of 8 or more (alcohol ...")
        .replace(
            "check blood glucose; ",
            "check blood glucose; if delirium: no dose here; call emergency services for the ED; staff with the "
            "patient until handover; ",
            1,
        )
        .replace(
            "re-score of 8 or more (alcohol",
            "re-score of 8 or more (or, intoxicated or not, a seizure since the last score, hallucinations, or "
            "disorientation (item 10 at 2 or more)) (alcohol",
            1,
        ),
    ),
    # R30b S7: PHQ-9 item 9 positive today. Physician review R32 (a) (its four settings), R33 S1: the transfer only if
    # the re-score finds it, both branches; R34 S1: "the scores" (the COWS 48 re-scored too). R34 S2: beside today's
    # positive PHQ-9 item 9 the patient who insists on leaving gets the same-day suicide risk assessment first, as the
    # headline of this case says; the box (read alone on the chart, and asking about an overdose for that same item
    # 9) said "if the patient insists: offer a lift or a taxi" instead: reported, and ruled by physician review R35
    # M3 (the case's flags read: the assessment first in every box where one is due).
    564: (
        "complicated_withdrawal",
        SCREEN_ASKED_ALCOHOL.replace(
            OLD_HOLD_ASKED,
            f"intoxicated: {IF_TRANSFERRED}{STAY_SCORES}; {NOT_CLEARED_CIWA}; the patient must not drive today; "
            f"{INSISTS_ON_LEAVING})",
        )
        + BEFORE_TRANSFER,
    ),
}

TREAT = "treat on the current score"
#: A screen before a dose, as the sweeps read it: the intoxication screen or its hold, or a box's "after the first
#: step's medical review finds no delirium and no intoxication and no overdose or ingestion" (physician review R23b,
#: B1).
SCREENED = re.compile(r"screen for\b[^;]*?\bintoxication|\bif intoxicated\b|finds no delirium and no intoxication")


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=\.) (?=[A-Z])", text)


def _has(case: Case, instrument: str, keys: tuple[str, ...], when: tuple[str, ...] = ("old", "today")) -> bool:
    """Whether ``case`` gives ``instrument`` at one of ``keys`` on one of ``when``: read from the case."""
    return any(i == instrument and k in keys and w in when for i, k, w in case.scores)


def _moderate_only(case: Case) -> bool:
    """A C-SSRS moderate risk (any day), no C-SSRS high, dimension 3 not rated 4: N1's cases."""
    high = _has(case, "cssrs_screen", ("high",)) or dict(case.ratings).get(3) == 4
    return _has(case, "cssrs_screen", ("moderate",)) and not high


def _next_ciwa(case: Case) -> str:
    """The ambulatory next step of a CIWA-Ar re-score's hold (physician review R32 (a)), read from the case: "the
    scores" beside a COWS of 13 or more (R34 S1); the same-day suicide risk assessment first beside a C-SSRS low or
    moderate risk or a positive PHQ-9 item 9 (R34 S2)."""
    stay = STAY_SCORES if _has(case, "cows", ("19", "30", "48")) else STAY
    due = _has(case, "cssrs_screen", ("low", "moderate")) or _has(case, "phq9", ("i9pos",))
    return f"{stay}; {NOT_CLEARED_CIWA}; the patient must not drive today; {INSISTS_ON_LEAVING if due else INSISTS}"


def _asked_alcohol(next_step: str) -> str:
    """SCREEN_ASKED_ALCOHOL, its hold giving ``next_step`` (physician review R32 (a))."""
    return SCREEN_ASKED_ALCOHOL.replace(OLD_HOLD_ASKED, f"intoxicated: {next_step})")


def _old_complicated_or_severe(case: Case) -> bool:
    """An old CIWA-Ar of 15 or more, or with hallucinations or disorientation, and no CIWA-Ar today: N2's cases."""
    today = _has(case, "ciwa_ar", tuple(["mild6", "mod13", "mod13_i1", "sev21", "cmp15", "hal10"]), ("today",))
    return _has(case, "ciwa_ar", ("sev21", "cmp15", "hal10"), ("old",)) and not today


@pytest.mark.parametrize("number", N1_OPIOID)
def test_n1_opioid_re_score_asks_and_screens_before_any_dose(number: int) -> None:
    case = cases(800)[number]
    assert _moderate_only(case), case
    h = built(case).headline
    # physician review R32 (a) (ambulatory), R34 S2: the same-day suicide risk assessment first if the patient insists
    # R60 Q5 (R59 2): the hold said apart (was: SCREEN_ASKED_LEAVING)
    step = re.compile(rf"re-score the COWS now \(last \d\d on 20 Nov 2026\); {re.escape(SCREEN_SPLIT_LEAVING)};")
    assert step.search(h), f"{case}: {h}"


def test_n1_model_case_says_case_80s_words() -> None:
    """Case 51 (an old COWS of 19, today's C-SSRS moderate risk), its first step typed whole."""
    h = built(cases(800)[51]).headline
    assert h.startswith(
        # physician review R32 (a) (ambulatory), R34 S2: the same-day suicide risk assessment first if the patient
        # insists on leaving
        # R39 C10: at Level 1 the old COWS's re-score is a dose given on site: its driving clause after it
        # R60 Q5 (R59 2): the hold said apart (was: SCREEN_ASKED_LEAVING)
        f"First: re-score the COWS now (last 19 on 20 Nov 2026); {SCREEN_SPLIT_LEAVING}; if a dose is given: the "
        "patient must not drive today; then, before the patient "
        "leaves, a same-day suicide risk assessment with safety planning; after a dose given on site, the patient "
        # R44 Q1: an old COWS's re-score that names no buprenorphine: R32 S3 "if buprenorphine is given"
        "goes home only if awake or no more than slightly drowsy and easily roused, and, if buprenorphine is given, "
        "has a COWS re-score after the last buprenorphine dose no higher than before it (no precipitated "
        "withdrawal), with naloxone in hand (and any "
        "supportive person shown how to use it), and the patient and any supportive person told not to add alcohol or "
        # R32 S3/S4 with R39 C10: the plain going-home sentence ends with S4's words (no buprenorphine named: no S3)
        # R43 M1: 'until they are met' -> 'until these conditions are met' ('they' misread as the patient)
        "other sedatives; otherwise the patient stays on site until these conditions are met, or a higher level of "
        "care is "
        "arranged ("
    ), h


@pytest.mark.parametrize("number", N1_ALCOHOL)
def test_n1_alcohol_re_score_asks_screens_and_gives_thiamine(number: int) -> None:
    case = cases(800)[number]
    assert _moderate_only(case) and _old_complicated_or_severe(case), case
    h = built(case).headline
    # physician review R32 (a) (its four settings), R33 S1: the transfer only if the re-score finds it, both branches;
    # R34 S1/S2 (the scores, the same-day suicide risk assessment first)
    screen = _asked_alcohol(f"{IF_TRANSFERRED}{_next_ciwa(case)}")
    assert f"; {screen}{BEFORE_TRANSFER};" in h, f"{case}: {h}"


@pytest.mark.parametrize(("number", "last"), list(N1_ALCOHOL_MODERATE.items()))
def test_n1_old_moderate_ciwa_ar_re_score_asks_screens_and_gives_thiamine(number: int, last: int) -> None:
    case = cases(800)[number]
    assert _moderate_only(case) and _has(case, "ciwa_ar", ("mod13", "mod13_i1"), ("old",)), case
    h = built(case).headline
    # R30b M3: beside an old COWS of 13 or more too (781) both re-scored as one, the same screen after them
    both = f"re-score the CIWA-Ar and the COWS now (last {last} and {N1_OLD_COWS.get(number)} on 20 Nov 2026); "
    rescore = both if number in N1_OLD_COWS else f"re-score the CIWA-Ar now (last {last} on 20 Nov 2026); "
    scores = "s" if number in N1_OLD_COWS else ""  # "otherwise treat on the current scores" (R30b M3)
    # physician review R32 (a) (its four settings): ambulatory, but 781's step names a transfer if the re-score finds
    # one (both branches, R33 S1); R34 S1/S2: the scores beside the COWS, the same-day suicide risk assessment first
    step = f"{IF_TRANSFERRED}{_next_ciwa(case)}" if number in N1_OLD_COWS else _next_ciwa(case)
    screen = _asked_alcohol(step)
    if number in N1_OLD_COWS:
        # R60 Q4 (781's last CIWA-Ar had item 10 at 1): the delirium screen and its hold; R60 Q3, the joined re-scores:
        # the severe branch, intoxicated or not, before the treatment (was: "...(last 14 and 19 on 20 Nov 2026);
        # before any dose: ...; otherwise treat on the current scores;")
        joined = (
            "on the re-scores, intoxicated or not: if a CIWA-Ar of 15 or more, or a seizure since the last score, or "
            # R76 (was: "...(item 10 at 2 or more): arrange transfer now to medically managed withdrawal ...")
            "hallucinations, or disorientation (item 10 at 2 or more): arrange transfer now by emergency services to "
            "medically managed withdrawal (ED, or 4-WM); staff with the patient until handover; if the patient "
            "declines transfer: the "
            # R62 M1/S1: the first dose before transfer guarded (was: "; a first dose before transfer ...")
            "prescriber assesses and records capacity to decline (without capacity: transfer by emergency services; "
            "with capacity: record the advice given and the risks explained; arrange the highest level of care the "
            "patient accepts; any dose as the prescriber decides; tell the patient and any supportive person to call "
            # R73 1a (was: "...any worsening); if not intoxicated")
            "emergency services for a seizure, confusion, hallucinations or any worsening); the patient must not "
            "drive; if not intoxicated: a first dose before transfer only if it does not delay the transfer; "
            "if a benzodiazepine is given with "
            "buprenorphine or methadone: monitor sedation and breathing until handover; otherwise, if not intoxicated: "
            "a prescriber treats on today's scores;"
        )
        want = (
            f"{rescore}{screen}{scores};".replace(
                # R62 S3: the interval history after the delirium screen
                "on 20 Nov 2026); ",
                "on 20 Nov 2026) and screen for delirium (CAM or 4AT); ask what happened since (a seizure, confusion, "
                "a hospital visit, the last drink); ",
                1,
            )
            .replace(
                "check blood glucose; ",
                "check blood glucose; if delirium: no dose here; call emergency services for the ED; staff with the "
                "patient until handover; ",
                1,
            )
            .replace("otherwise treat on the current scores;", joined, 1)
        )
        assert want in h, f"{case}: {h}"
        return
    # R60 Q2(a), Q3(i), Q4: the plain re-score's severe branch before the intoxication hold, intoxicated or not (was:
    # f"{rescore}{screen};", "...; if an overdose or ingestion, or intoxicated: no dose here (...); otherwise treat on
    # the current score;")
    q4 = " and screen for delirium (CAM or 4AT)" if _has(case, "ciwa_ar", ("mod13_i1",), ("old",)) else ""
    assert (
        f"re-score the CIWA-Ar now (last {last} on 20 Nov 2026){q4}; ask what happened since (a seizure, confusion, a "
        "hospital visit, the last drink); before any dose: ask about any overdose or ingestion today and screen for "
        "intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood "
        "glucose; if delirium, or an overdose or ingestion: no dose here; call emergency services for the ED; staff "
        "with the patient until handover (naloxone if signs of opioid overdose); on the re-score, intoxicated or not: "
        "if 15 or more, or a seizure since the last score, or hallucinations, or disorientation (item 10 at 2 or "
        # R76 (was: "...(item 10 at 2 or more): arrange transfer now to medically managed withdrawal (ED, or 4-WM)")
        "more): arrange transfer now by emergency services to medically managed withdrawal (ED, or 4-WM); staff with "
        "the patient until handover; if the patient declines transfer: the prescriber assesses and records capacity "
        "to decline (without "
        # R62 M2: the bridging dose, guarded, and its handover (was: "; if intoxicated: no dose here, and at handover
        # tell the receiving team the breath alcohol reading or the signs, with the time (...)")
        "capacity: transfer by emergency services; with capacity: record the advice given and the risks explained; "
        "arrange the highest level of care the patient accepts; any dose as the prescriber decides; tell the patient "
        "and any supportive person to call emergency services for a seizure, confusion, hallucinations or any "
        # R73 1a (was: "...any worsening); if not intoxicated")
        "worsening); the patient must not drive; if not intoxicated: a first dose before transfer only if it does "
        # R63 SF1: the driving clause back in the hold (was: "...; if intoxicated: no dose here; at handover ... with
        # the time (the patient must not drive today); otherwise, ...")
        "not delay the transfer; if intoxicated: no dose here (the patient must not drive today); at handover tell "
        f"the receiving team the CIWA-Ar re-score{', the delirium screen' if q4 else ''} and any dose with its time, "
        "and, if intoxicated, the breath alcohol reading or the signs, with the time; otherwise, if "
        "intoxicated: no dose until it clears "
        "(ask the patient to stay on site and repeat the screen and the score when it clears; "
    ) in h, f"{case}: {h}"
    assert (
        # R63 SF1: the Q2(a) headline adds the driving clause after the treatment (was: "...; consider at 8-9);")
        "; if below 15 and not intoxicated: a prescriber treats on today's score (medication at 10 or more; consider "
        "at 8-9); if a dose is given: the patient must not drive today;"
    ) in h, f"{case}: {h}"


@pytest.mark.parametrize("number", N2_ALCOHOL)
def test_n2_old_complicated_re_score_screens_and_gives_thiamine(number: int) -> None:
    case = cases(800)[number]
    assert _old_complicated_or_severe(case) and not _moderate_only(case), case
    h = built(case).headline
    # R30b S7: beside a positive PHQ-9 item 9 the screen asks about an overdose or ingestion first
    # physician review R32 (a) (its four settings), R33 S1: the transfer only if the re-score finds it, both branches
    # (a hold with no bracket: "no dose now"); R34 S1/S2 (the scores, the same-day suicide risk assessment first)
    step = f"{IF_TRANSFERRED}{_next_ciwa(case)}"
    if _has(case, "phq9", ("i9pos",)):
        screen = _asked_alcohol(step)
    else:
        # R57 M2: after the delirium screen the hold bars a dose in delirium too (was "if intoxicated: no dose now (")
        screen = SCREEN_ALCOHOL.replace(
            OLD_HOLD,
            "if delirium or intoxication: no dose here (delirium: to the ED by emergency services; intoxication: "
            f"{step})",
        )
    assert f"; {screen}{BEFORE_TRANSFER};" in h, f"{case}: {h}"
    assert "otherwise a first dose before transfer" not in h, h


@pytest.mark.parametrize(("number", "code", "screen"), [(n, c, s) for n, (c, s) in BOXES_ONLY.items()])
def test_the_boxes_the_reviewer_found_say_the_screen(number: int, code: str, screen: str) -> None:
    case = cases(800)[number]
    box = next(f.action for f in built(case).flags if f.code == code)
    assert screen in box, f"{case}: {box}"


def _unscreened(text: str, ask: bool, later: bool, box: bool = False) -> list[str]:
    """The sentences of ``text`` whose first "treat on the current score" no screen guards: none before it in the
    sentence (nor, where ``later``, a "before any dose:" said after it, the prescriber's review's), or, where ``ask``,
    no overdose question; thiamine wherever the sentence re-scores the CIWA-Ar."""
    wrong: list[str] = []
    said = ""  # a box's sentences before (physician review R30a, S4: a box's own screen said once)
    for sentence in _sentences(text):
        at = sentence.find(TREAT)
        said, prior = f"{said} {sentence}", said
        if at < 0:
            continue
        before, after = f"{prior if box else ''} {sentence[:at]}", sentence[at:]
        # a screen said after it guards it only where no condition opens its clause (physician review R30a, M1: case
        # 564's "if still 37 or more, before any dose: ..." guards the COWS's branch alone)
        if later and any("if " not in c.rsplit(";", 1)[-1] for c in after.split("before any dose:")[:-1]):
            continue
        if SCREENED.search(before) is None:
            wrong.append(sentence)
        elif ask and "overdose or ingestion" not in before:
            wrong.append(sentence)
        elif re.search(r"[Rr]e-score the CIWA-Ar", before) and "thiamine" not in before:
            wrong.append(sentence)
    return wrong


@pytest.mark.parametrize("chunk", range(4))
def test_n1_every_re_score_beside_a_moderate_risk_is_screened(chunk: int) -> None:
    wrong = []
    for case in cases(800)[chunk::4]:
        if not _moderate_only(case) or case.number == 312:  # 312: R28 M2's
            continue
        r = built(case)
        wrong += [f"{case}: {s}" for s in _unscreened(r.headline, True, True)]
        wrong += [f"{case} box {f.code}: {s}" for f in r.flags for s in _unscreened(f.action, True, False, True)]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("chunk", range(4))
def test_n2_every_old_complicated_re_score_dosing_before_transfer_is_screened(chunk: int) -> None:
    wrong = []
    for case in cases(800)[chunk::4]:
        if not _old_complicated_or_severe(case):
            continue
        r = built(case)
        # a box says "before any dose:" once (R20c S2): a screen after the re-score in the box guards it too
        for text in [r.headline] + [f.action for f in r.flags]:
            for s in _sentences(text):
                if f"{TREAT}{BEFORE_TRANSFER}" in s:
                    wrong += [f"{case}: {w}" for w in _unscreened(s, False, True)]
    assert not wrong, "\n".join(wrong)


def test_the_sweeps_reach_the_named_cases() -> None:
    moderate = {c.number for c in cases(800) if _moderate_only(c)}
    old = {c.number for c in cases(800) if _old_complicated_or_severe(c)}
    assert set(N1_OPIOID) | set(N1_ALCOHOL) | set(N1_ALCOHOL_MODERATE) <= moderate
    assert set(N2_ALCOHOL) | set(N1_ALCOHOL) | {564} <= old


# --- the pages that show no placement: the chart header and the one-page summary (the same rule read alone) --------

#: A CIWA-Ar with item 10 at 2 (disorientation) and a total of 26, and a C-SSRS screen at moderate risk (Posner et al.
#: 2011: questions 1-3 yes, 4-5 no, behaviour no).
CIWA_26_DISORIENTED = [4, 4, 4, 4, 4, 0, 0, 0, 4, 2]
CSSRS_MODERATE = ["yes", "yes", "yes", "no", "no", "no", None]
#: The screen as a page that shows no placement says it: case 80's words, thiamine and blood glucose (R29 N1, N2).
HEADER_ALCOHOL = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    "thiamine and check blood glucose; if intoxicated: no dose here (the patient must not drive today); otherwise "
    "treat on the current score"
)


def _header_step(store, patient, as_of):  # type: ignore[no-untyped-def]
    import html as _html

    from iopkit.episode import Episode
    from iopkit.widgets.page import chart_header_html

    text = _html.unescape(re.sub(r"<[^>]+>", "\n", chart_header_html(Episode.from_store(store, patient, as_of=as_of))))
    return [x for x in text.splitlines() if "re-score the CIWA-Ar and screen for delirium" in x]


def test_n2_the_chart_header_screens_an_old_complicated_ciwa_ars_dose(store, patient) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from iopkit import score

    store.save(patient, score("ciwa_ar", CIWA_26_DISORIENTED), by="KM", when=dt.date(2026, 11, 20))
    (line,) = _header_step(store, patient, dt.date(2026, 12, 2))
    # physician review R30b S9 (a): the dose the step may give named, a benzodiazepine (no opioid withdrawal
    # step here; was: "no sedating dose")
    # physician review R32 (a) (its four settings), R33 S1: the transfer only if the re-score finds it, both branches
    header = HEADER_ALCOHOL.replace(
        "if intoxicated: no dose here (the patient must not drive today)",
        # R57 M2: after the delirium screen the hold bars a dose in delirium too (was: "if intoxicated: no dose now (")
        "if delirium or intoxication: no dose here (delirium: to the ED by emergency services; intoxication: "
        f"{IF_TRANSFERRED}{STAY}; {NOT_CLEARED_CIWA}; the patient must not drive today; {INSISTS})",
    )
    assert "no benzodiazepine is given today; " + header in line, line


def test_n1_the_chart_header_asks_about_an_overdose_beside_an_open_moderate_risk(store, patient) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from iopkit import score

    store.save(patient, score("ciwa_ar", CIWA_26_DISORIENTED), by="KM", when=dt.date(2026, 11, 20))
    store.save(patient, score("cssrs_screen", CSSRS_MODERATE), by="KM", when=dt.date(2026, 12, 2))
    (line,) = _header_step(store, patient, dt.date(2026, 12, 2))
    assert (
        # physician review R30b S9 (a): the dose the step may give named, a benzodiazepine (no opioid withdrawal
        # step here; was: "no sedating dose")
        "no benzodiazepine is given today; before any dose: ask about any "
        "overdose or ingestion today and screen for "
        "intoxication (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood "
        "glucose; if an overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call emergency "
        "services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose"
        # physician review R32 (a) (its four settings), R33 S1: the transfer only if the re-score finds it, both
        # branches. R34 S2: beside the open C-SSRS moderate risk (its same-day suicide risk assessment due, and the
        # reason this line asks about an overdose) the patient who insists on leaving gets that assessment first; the
        # line says "if the patient insists: offer a lift or a taxi" instead: REPORTED to the lead, not accepted (this
        # expectation stays red until ruled)
        f"; intoxicated: {IF_TRANSFERRED}{STAY}; {NOT_CLEARED_CIWA}; the patient must not drive today; "
        f"{INSISTS_ON_LEAVING}); otherwise treat on the current score"
    ) in line, line


def test_r30b_m2_the_chart_header_screens_an_old_severe_ciwa_ars_first_dose(store, patient) -> None:  # type: ignore[no-untyped-def]
    """Physician review R30b, M2: an old severe CIWA-Ar (21) on the chart header gives "a prescriber gives a first
    dose before transfer" behind the screen, as the placement's headline says it (case 415's words)."""
    import datetime as dt

    from iopkit import score

    store.save(patient, score("ciwa_ar", [4, 3, 3, 3, 3, 2, 0, 0, 3, 0]), by="KM", when=dt.date(2026, 11, 20))
    from iopkit.episode import Episode
    from iopkit.widgets.page import chart_header_html

    header = chart_header_html(Episode.from_store(store, patient, as_of=dt.date(2026, 12, 2)))
    text = html.unescape(re.sub(r"<[^>]+>", "\n", header))
    assert (
        "(without capacity: transfer by emergency services; with capacity: record the advice given and the risks "
        "explained; arrange the highest level of care the patient accepts; any dose as the prescriber decides; tell "
        "the patient and any supportive person to call emergency services for a seizure, confusion, hallucinations or "
        "any worsening); before any dose: screen for intoxication (breath alcohol "
        "above zero, or signs of sedative intoxication), give thiamine and check blood glucose; if intoxicated: no "
        # physician review R32 (a) (its four settings), R33 S1: the transfer only if the re-score finds it ("if still
        # 15 or more, ...: arrange transfer now"), both branches
        f"dose now ({IF_TRANSFERRED}{STAY}; {NOT_CLEARED_CIWA}; the patient must not drive today; {INSISTS}); "
        "otherwise a prescriber gives a first dose before transfer if "
        "it does not delay the transfer; the "
        "patient must not drive"
    ) in text, text
