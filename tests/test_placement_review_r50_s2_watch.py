"""Physician review R50 (session 29), should-fix S2, and R47 (cases 249 and 657), built by b1. Words typed from the
reviewers' rulings and the dump of the 800 random cases (FDA Drug Safety Communication, 20 Sep 2017,
``fda_bup_benzo2017``: buprenorphine or methadone with a benzodiazepine, monitor sedation and breathing).

- S2: beside two withdrawals (a step may give buprenorphine or methadone and a step a benzodiazepine, the test R46 Q2's
  "if any dose is given (...)" clause is said by), a box ending "if a dose is given: the patient must not drive today"
  says "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing <the headline's
  tail>; " right before it: 87 buprenorphine_induction_threshold boxes (11, 109, 167, 318, 560, 674, 716, 778 ...), the
  moderate_alcohol_withdrawal boxes of 33, 135, 312 and 563, and 563's possible_inattention box. One withdrawal only: no
  watch. The headlines of 419, 450, 646 and 700 say no watch (they give no dose): their boxes were left, reported;
  R52 ruling 1 gives them their sibling boxes' watch (tests/test_placement_review_r52_watch.py).
- R47: where the headline's watch "until handover" is said inside a transfer arranged only at a re-score ("At a CIWA-Ar
  re-score of 8 or more ...") and its next sentence doses without transfer, before the patient leaves, a box's own
  watch says "until handover or while the patient is on site" (the buprenorphine induction threshold's box of 249 and
  657, and of 88, the only other such case of the 800).
"""

from __future__ import annotations

import functools
import re

import pytest

from iopkit.placement.recommendation import alcohol_dose_step, opioid_dose_step

from .random_placements import built, cases

#: The watch, typed (R2 should-fix 12; R46).
WATCH = "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing"
#: The driving clause of one dose (R33 S4), and of every dose (R22 S1).
IF_DOSED = "if a dose is given: the patient must not drive today"
ANY_DOSE = "if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today"
#: The induction threshold's note, after its driving clause.
NOTE = (
    "Fentanyl-era protocols differ (low-dose or micro-induction needs no withdrawal; high-dose induction starts "
    "higher): follow the local protocol"
)
#: Two withdrawals in play, no watch in the headline (no dose there): reported by b1; R52 ruling 1: the headline left,
#: the boxes take the tail of their sibling boxes' watch (tests/test_placement_review_r52_watch.py).
NO_HEADLINE_WATCH = (419, 450, 646, 700)
#: R47: the transfer only at a re-score, a dose before the patient leaves otherwise.
R47_CASES = (88, 249, 657)


@functools.cache
def _built():  # type: ignore[no-untyped-def]
    return {c.number: (c, built(c)) for c in cases(800)}


def _box(number: int, code: str) -> str:
    (action,) = [f.action for f in _built()[number][1].flags if f.code == code]
    return action


def _both(rec) -> bool:  # type: ignore[no-untyped-def]
    """Both withdrawals in play, as R46 Q2's clause reads it (dose_driving_in_boxes)."""
    return opioid_dose_step(rec) and alcohol_dose_step(rec)


# --- S2: typed boxes ------------------------------------------------------------------------------------------------

CASE_11_THRESHOLD = (
    "If starting buprenorphine by standard induction, the first dose may be given once the first step's screen before "
    "any dose finds no intoxication, before transfer only if it does not delay the transfer; at handover tell the "
    "receiving team the last CIWA-Ar and COWS scores and any dose with its time; re-score the COWS after dosing; if a "
    "benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until handover; if a dose "
    f"is given: the patient must not drive today. {NOTE}"
)
CASE_33_THRESHOLD = (
    "If starting buprenorphine by standard induction, the first dose may be given once the first step's screen before "
    "any dose finds no overdose or ingestion and no intoxication; re-score the COWS after dosing; if a benzodiazepine "
    "is given with buprenorphine or methadone: monitor sedation and breathing until the evaluation or handover; if a "
    f"dose is given: the patient must not drive today. {NOTE}"
)
# R60 Q3 (ii): the closing says the first dose before transfer, and the box hands over the scores and the dose
# (R26b S9) (was: "otherwise treat on the current score; if a benzodiazepine ...")
# R62 M1: the "otherwise" guarded (was: "otherwise treat on the current score: a first dose ...")
CASE_33_ALCOHOL_END = (
    # R65 F3 (was: "treat on the current score: a first dose before transfer only if it does not delay the transfer")
    "otherwise, if not intoxicated: treat on the current score (if transferred for the suicide evaluation: a first "
    "dose before transfer only if it does not delay "
    "the transfer); "
    # R63 SF3: the (ii) box hands over the re-score (was: "the last CIWA-Ar and COWS scores")
    # R64 2b: a list (was: "the CIWA-Ar re-score and the COWS score and any dose with its time")
    "at handover tell the receiving team the CIWA-Ar re-score, the COWS score and any dose with its time; if a "
    "benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until the "
    "evaluation or handover; if a dose is given: the patient must not drive today"
)
CASE_563_THRESHOLD = (
    "If starting buprenorphine by standard induction, the first dose may be given once the first step's screen before "
    # R69 (R67 must-fix 2) (was: "...any dose finds no overdose or ingestion and no intoxication; ..."): the first
    # step's screen holds any dose in delirium
    "any dose finds no delirium, no overdose or ingestion and no intoxication; re-score the COWS after dosing; "
    # R69 Q2 handover (was: without "if transferred: at handover tell ..."): the box waits for "no delirium" now
    "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and "
    # R70 S (was: "any dose with its time; if a benzodiazepine ")
    "any dose with its time, that today's PHQ-9 item 9 was positive, and ask them for a suicide risk assessment "
    "once the patient is able to answer; if a benzodiazepine "
    # R62 S2 (ruled R63): the headline's watch, "(if transferred: until handover)" (was: "... on site; if a dose")
    "is given with buprenorphine or methadone: monitor sedation and breathing while the patient is on site (if "
    f"transferred: until handover); if a dose is given: the patient must not drive today. {NOTE}"
)
#: 563's moderate_alcohol_withdrawal and possible_inattention boxes end alike.
# R60 Q2(a) with R61/R62 M2: the below-15 branch after the intoxication hold (was: "...policy); otherwise treat on
# the current score; if a benzodiazepine ...")
CASE_563_ALCOHOL_END = (
    "offer a lift or a taxi, and follow local policy); if below 15 and not intoxicated: a prescriber treats on today's "
    "score (medication at 10 or more; consider at 8-9); if a benzodiazepine is given with buprenorphine or methadone: "
    # R63 (R62 S2): "(if transferred: until handover)" after the on-site watch (was: "... on site; if a dose")
    "monitor sedation and breathing while the patient is on site (if transferred: until handover); if a dose is "
    "given: the patient must not drive today"
)
CASE_29_THRESHOLD_END = (
    "re-score the COWS after dosing; "
    # R69 Q2 handover (was: without "if transferred: at handover tell ...")
    "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and "
    # R70 S (was: "any dose with its time; ")
    "any dose with its time, that today's PHQ-9 item 9 was positive, and ask them for a suicide risk assessment "
    "once the patient is able to answer; "
    "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation "
    # R62 S2 (ruled R63): the headline's watch, "(if transferred: until handover)" (was: "... on site; if a dose")
    "and breathing while the patient is on site (if transferred: until handover); if a dose is given: the patient "
    f"must not drive today. {NOTE}"
)


def test_s2_case_11_threshold_box() -> None:
    assert _box(11, "buprenorphine_induction_threshold") == CASE_11_THRESHOLD
    # the headline's watch, the tail copied
    assert f"{WATCH} until handover" in _built()[11][1].headline


def test_s2_case_33_boxes() -> None:
    assert _box(33, "buprenorphine_induction_threshold") == CASE_33_THRESHOLD
    assert _box(33, "moderate_alcohol_withdrawal").endswith(CASE_33_ALCOHOL_END)


@pytest.mark.parametrize("code", ["moderate_alcohol_withdrawal", "possible_inattention"])
def test_s2_case_563_alcohol_boxes(code: str) -> None:
    action = _box(563, code)
    assert action.endswith(CASE_563_ALCOHOL_END), action
    assert action.count(WATCH) == 1


def test_s2_case_563_threshold_box() -> None:
    assert _box(563, "buprenorphine_induction_threshold") == CASE_563_THRESHOLD


@pytest.mark.parametrize(
    ("number", "tail"),
    [(135, "until the evaluation or handover"), (312, "while the patient is on site")],
)
def test_s2_cases_135_312_alcohol_box(number: int, tail: str) -> None:
    # R60 Q3 (ii), 135 only (an emergency evaluation first): the closing says the first dose before transfer and the
    # box hands over (R26b S9) (was: "otherwise treat on the current score; {WATCH} ...")
    # R62 M1 (135): the "otherwise" guarded (was: "otherwise treat on the current score: a first dose ...");
    # R60 Q2(a) with R62 M2 (312): the below-15 branch after the hold (was: "otherwise treat on the current score")
    closing = (
        # R63 SF3: the re-score handed over (was: "the last CIWA-Ar and COWS scores")
        # R64 2b: a list (was: "the CIWA-Ar re-score and the COWS score and any dose with its time")
        # R65 F3 (was: "treat on the current score: a first dose before transfer only if it does not delay the
        # transfer")
        "otherwise, if not intoxicated: treat on the current score (if transferred for the suicide evaluation: a "
        "first dose before transfer only if it does not "
        "delay the transfer); at handover tell the receiving team the CIWA-Ar re-score, the COWS score and any dose "
        "with its time"
        if number == 135
        else "if below 15 and not intoxicated: a prescriber treats on today's score (medication at 10 or more; "
        "consider "
        "at 8-9)"
    )
    if number == 312:  # R63 (R62 S2): the on-site watch "(if transferred: until handover)" (was: "... on site; if")
        tail = "while the patient is on site (if transferred: until handover)"
    assert _box(number, "moderate_alcohol_withdrawal").endswith(f"{closing}; {WATCH} {tail}; {IF_DOSED}")


def test_s2_case_29_threshold_box() -> None:
    assert _box(29, "buprenorphine_induction_threshold").endswith(CASE_29_THRESHOLD_END)


# --- S2: sweeps -----------------------------------------------------------------------------------------------------


def test_s2_sweep_two_withdrawals_watch_before_if_a_dose() -> None:
    checked: dict[str, list[int]] = {}
    for n, (case, rec) in _built().items():
        if not _both(rec):  # R52 1: 419, 450, 646 and 700 too
            continue
        # both in play: the case scores the CIWA-Ar beyond its mild band and the COWS
        said = str(case)
        assert "ciwa_ar" in said and "cows" in said and "mild6" not in said, (n, said)
        for f in rec.flags:
            if IF_DOSED not in (f.action or ""):
                continue
            before = f.action[: f.action.index(IF_DOSED)]
            assert WATCH in before, (n, f.code, f.action)
            # where the watch is the clause right before it (every box R50 S2 adds it to), its tail the headline's;
            # 88, 249 and 657's alcohol boxes say R42 item 2's own after their re-score branch (unchanged)
            if WATCH in before.rsplit("; ", 2)[-2] and n not in R47_CASES:
                tail = before.rsplit("; ", 2)[-2].removeprefix(f"{WATCH} ")
                # R52 1: where the headline says no watch, the tail a sibling box's watch says
                said = [g.action for g in rec.flags if g is not f] if n in NO_HEADLINE_WATCH else [rec.headline]
                assert any(f"{WATCH} {tail}" in t for t in said), (n, f.code, tail)
            checked.setdefault(f.code, []).append(n)
    assert {code: len(ns) for code, ns in checked.items()} == {
        "buprenorphine_induction_threshold": 91,  # R52 1: 87 and 419, 450, 646, 700
        "moderate_alcohol_withdrawal": 55,  # R52 1: 52 and 419, 450, 646
        "possible_inattention": 2,
    }, checked


def test_s2_sweep_one_withdrawal_no_watch() -> None:
    # a benzodiazepine alone for alcohol withdrawal, or buprenorphine alone: no co-sedation watch
    checked = 0
    for n, (_case, rec) in _built().items():
        if _both(rec):
            continue
        for f in rec.flags:
            if IF_DOSED in (f.action or ""):
                checked += 1
                assert WATCH not in f.action, (n, f.code, f.action)
    assert checked > 600, checked


@pytest.mark.parametrize("number", NO_HEADLINE_WATCH)
def test_s2_headlines_without_a_watch_are_left(number: int) -> None:
    # both withdrawals in play, no watch in the headline (no dose there, R46 Q2): the headline left (R52 1)
    _case, rec = _built()[number]
    assert _both(rec)
    assert WATCH not in rec.headline
    threshold = _box(number, "buprenorphine_induction_threshold")
    # R52 1: the box says its sibling boxes' watch right before its driving clause
    assert f"; {IF_DOSED}" in threshold and threshold.count(WATCH) == 1, threshold
    assert threshold[: threshold.index(IF_DOSED)].rsplit("; ", 2)[-2].startswith(WATCH), threshold


# --- R47 ------------------------------------------------------------------------------------------------------------

R47_THRESHOLD_END = (
    "re-score the COWS after dosing; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation "
    "and breathing until handover or while the patient is on site; if any dose is given (a benzodiazepine, "
    f"buprenorphine or methadone): the patient must not drive today. {NOTE}"
)
#: R69 Q2 handover: case 88's box waits for "no delirium" now (R69 depth) and hands the screen over (typed).
R47_TOLD = {
    88: "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and "
    # R70 S (was: "any dose with its time; ")
    "any dose with its time, that today's C-SSRS screen was moderate risk, and ask them for a suicide risk assessment "
    "with safety planning, without delaying the transfer; "
}
CASE_249_THRESHOLD = (
    "If starting buprenorphine by standard induction, the first dose may be given once the first step's CIWA-Ar "
    "re-score is done and its screen before any dose finds no intoxication; " + R47_THRESHOLD_END
)


def test_r47_case_249_threshold_box() -> None:
    assert _box(249, "buprenorphine_induction_threshold") == CASE_249_THRESHOLD


@pytest.mark.parametrize("number", R47_CASES)
def test_r47_threshold_box_covers_both_paths(number: int) -> None:
    _case, rec = _built()[number]
    # R69 Q2 handover (was: R47_THRESHOLD_END for each): 88's step before the watch
    end = R47_THRESHOLD_END.replace("dosing; ", f"dosing; {R47_TOLD.get(number, '')}", 1)
    assert _box(number, "buprenorphine_induction_threshold").endswith(end)
    # the headline: the watch inside the transfer at a re-score of 8 or more, then the dose before the patient leaves
    # R60 Q3 (iii): the complications after "8 or more" (was: "At a CIWA-Ar re-score of 8 or more (alcohol ...")
    assert (
        "At a CIWA-Ar re-score of 8 or more (or, intoxicated or not, a seizure since the last score, hallucinations, "
        "or disorientation (item 10 at 2 or more)) (alcohol withdrawal alongside, a complicating condition on the "
        # R76 ruling 2 (was: "COWS flag): arrange transfer now (ED, or 3.7-WM/4-WM);")
        "COWS flag): arrange transfer now (a seizure, hallucinations, disorientation or a total of 15 or more: by "
        "emergency services, to the ED or 4-WM; otherwise: ED, or 3.7-WM/4-WM);"
    ) in rec.headline
    assert f"{WATCH} until handover; the patient must not drive" in rec.headline
    # R62 M1: the "otherwise" after the guarded first dose (was: ". Otherwise a prescriber treats withdrawal now, ...")
    assert ". Otherwise, if not intoxicated, a prescriber treats withdrawal now, before the patient leaves: " in (
        rec.headline
    )


def test_r47_sweep_no_own_watch_until_handover_beside_a_dose_before_leaving() -> None:
    # a box's own watch (right before its driving clause) never says only "until handover" where the headline doses
    # before the patient leaves on a path without transfer
    own = re.compile(rf"{re.escape(WATCH)} until handover; if (?:any )?(?:a )?dose is given")
    found = []
    anchored = []
    for n, (_case, rec) in _built().items():
        boxes = [f.code for f in rec.flags if own.search(f.action or "")]
        # R62 M1: the anchor widened to the guarded words (was: ". Otherwise a prescriber treats withdrawal now, ...")
        if re.search(
            r"\. Otherwise(?:, if not intoxicated,)? a prescriber treats withdrawal now, before the patient "
            "leaves",
            rec.headline,
        ):
            anchored.append(n)
            assert boxes == [], (n, boxes)
        if any(
            f"{WATCH} until handover or while the patient is on site; {ANY_DOSE}" in (f.action or "")
            and f.code == "buprenorphine_induction_threshold"
            for f in rec.flags
        ):
            found.append(n)
    # 360's headline says "until handover or while the patient is on site" itself (its box copies it, unchanged)
    assert found == [88, 249, 360, 657], found
    assert anchored == [88, 249, 657], anchored  # the anchor still found (R47's three cases)
