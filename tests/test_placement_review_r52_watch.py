"""Physician review R52 (session 30), rulings 1 and 2, built by c1. Words typed from the physician's rulings and the
dump of the 800 random cases (FDA Drug Safety Communication, 20 Sep 2017, ``fda_bup_benzo2017``: buprenorphine or
methadone with a benzodiazepine, monitor sedation and breathing).

- Ruling 1 (must-fix): beside two withdrawals, where the headline says no watch (it gives no dose step of its own; the
  headline is left), a box ending "if a dose is given: the patient must not drive today" says the watch right before
  it with the tail its sibling boxes' watch says: 419 and 646 (buprenorphine_induction_threshold and
  moderate_alcohol_withdrawal) "until the evaluation or handover", 450 (the same two boxes) "until handover", 700
  (buprenorphine_induction_threshold only; its alcohol box gives no dose) "while the patient is on site (if
  transferred: until handover)".
- Ruling 2 (should-fix): in the headline's "Otherwise a prescriber treats withdrawal now, before the patient leaves"
  sentence (the path without transfer after an old CIWA-Ar's re-score branch: 88, 249, 657), "re-score the COWS after
  dosing; after a first dose of buprenorphine or methadone the patient must not drive today;" reads "re-score the COWS
  after dosing; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the
  patient is on site; if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive
  today;".
"""

from __future__ import annotations

import functools

import pytest

from .random_placements import built, cases

#: The watch, typed (R2 should-fix 12; R46).
WATCH = "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing"
IF_DOSED = "if a dose is given: the patient must not drive today"
NOTE = (
    "Fentanyl-era protocols differ (low-dose or micro-induction needs no withdrawal; high-dose induction starts "
    "higher): follow the local protocol"
)


@functools.cache
def _built():  # type: ignore[no-untyped-def]
    return {c.number: (c, built(c)) for c in cases(800)}


def _box(number: int, code: str) -> str:
    (action,) = [f.action for f in _built()[number][1].flags if f.code == code]
    return action


# --- ruling 1: the boxes take their siblings' watch ------------------------------------------------------------------

CASE_450_THRESHOLD = (
    "If starting buprenorphine by standard induction, the first dose may be given once the screen before any dose "
    "finds no delirium, no overdose or ingestion and no intoxication, before transfer only if it does not delay the "
    # R66 should-fix (was: "...the last CIWA-Ar and COWS scores and any dose with its time"): the screen before any
    # dose finds no delirium, so the handover tells the delirium screen
    "transfer; at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and any dose "
    "with its time; re-score the COWS after dosing; if a benzodiazepine is given with buprenorphine or methadone: "
    f"monitor sedation and breathing until handover; if a dose is given: the patient must not drive today. {NOTE}"
)
#: The moderate CIWA-Ar box's end in 419, 450 and 646 (its tail apart).
ALCOHOL_END = (
    # R65 F2 (was: "...ndover give the receiving team the last score and any dose with its time")
    "at a CIWA-Ar of 10 or more treat withdrawal with medication (ASAM 2020: moderate withdrawal, 10-18, should "
    "receive medication); at 8-9 consider it; re-score the CIWA-Ar within 1 hour of a dose if the patient is still "
    "here; at handover give the receiving team the last score, the delirium screen and any dose with its time; if a "
    "benzodiazepine is given "
    "with buprenorphine or methadone: monitor sedation and breathing {tail}; if a dose is given: the patient must not "
    "drive today"
)
CASE_419_THRESHOLD_END = (
    "emergency evaluation for suicide risk and emergency medical evaluation in one setting that can manage both: "
    # R53 D: the treatment of a re-score below 37 said as that branch
    # R60 Q5 S3a: beside the transfer ordered, a first dose before it only (was: "if below 37: treat on the current
    # score; ")
    "arrange transfer now (ED); staff with the patient until handover; if below 37: a first dose before transfer only "
    "if it does not delay the transfer (buprenorphine or methadone only on a COWS re-scored today); if a "
    "benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until the evaluation or "
    "handover; if a dose is given: the patient must not drive today"
)
CASE_646_THRESHOLD_END = (
    "otherwise treat on the current score (a first dose before transfer only if it does not delay the transfer); at "
    "handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time; if a benzodiazepine "
    "is given with buprenorphine or methadone: monitor sedation and breathing until the evaluation or handover; if a "
    "dose is given: the patient must not drive today"
)
CASE_700_THRESHOLD_END = (
    # R65 SF2 (was: "...eceiving team the last CIWA-Ar and COWS scores and any dose with its time")
    "otherwise treat on the current score (a first dose before transfer only if it does not delay the transfer and "
    "the reason for rating 4 allows it); at handover tell the receiving team the last CIWA-Ar and COWS scores, the "
    "delirium screen and any "
    "dose with its time; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing "
    "while the patient is on site (if transferred: until handover); if a dose is given: the patient must not drive "
    "today"
)


def test_ruling_1_case_450_threshold_box() -> None:
    assert _box(450, "buprenorphine_induction_threshold") == CASE_450_THRESHOLD


def test_ruling_1_case_419_threshold_box() -> None:
    action = _box(419, "buprenorphine_induction_threshold")
    assert action.endswith(CASE_419_THRESHOLD_END), action
    assert action.count(WATCH) == 1


def test_ruling_1_case_646_threshold_box() -> None:
    assert _box(646, "buprenorphine_induction_threshold").endswith(CASE_646_THRESHOLD_END)


def test_ruling_1_case_700_threshold_box() -> None:
    action = _box(700, "buprenorphine_induction_threshold")
    assert action.endswith(CASE_700_THRESHOLD_END), action
    assert action.count(WATCH) == 1


@pytest.mark.parametrize(
    ("number", "tail"),
    [(419, "until the evaluation or handover"), (450, "until handover"), (646, "until the evaluation or handover")],
)
def test_ruling_1_alcohol_box(number: int, tail: str) -> None:
    action = _box(number, "moderate_alcohol_withdrawal")
    assert action.endswith(ALCOHOL_END.format(tail=tail)), action
    assert action.count(WATCH) == 1


def test_ruling_1_case_700_alcohol_box_gives_no_dose() -> None:
    action = _box(700, "moderate_alcohol_withdrawal")
    assert WATCH not in action and IF_DOSED not in action, action


@pytest.mark.parametrize(
    ("number", "sibling", "tail"),
    [
        (419, "severe_opioid_withdrawal", "until the evaluation or handover"),
        (419, "rated_below_suggestion_d1", "until the evaluation or handover"),
        (450, "moderate_opioid_withdrawal", "until handover"),
        (646, "moderate_opioid_withdrawal", "until the evaluation or handover"),
        (700, "moderate_opioid_withdrawal", "while the patient is on site (if transferred: until handover)"),
    ],
)
def test_ruling_1_sibling_says_the_same_watch(number: int, sibling: str, tail: str) -> None:
    # the tail copied is the one the sibling box already says; the headline says none (left)
    assert f"{WATCH} {tail};" in _box(number, sibling)
    assert WATCH not in _built()[number][1].headline


def test_ruling_1_sweep_changed_boxes() -> None:
    # every box in the 800 whose watch is said right before "if a dose is given" where the headline says no watch
    found = []
    for n, (_case, rec) in _built().items():
        if WATCH in rec.headline:
            continue
        for f in rec.flags:
            action = f.action or ""
            if IF_DOSED in action and WATCH in action[: action.index(IF_DOSED)].rsplit("; ", 2)[-2]:
                found.append((n, f.code))
    assert found == [
        (419, "moderate_alcohol_withdrawal"),
        (419, "buprenorphine_induction_threshold"),
        (450, "moderate_alcohol_withdrawal"),
        (450, "buprenorphine_induction_threshold"),
        (646, "moderate_alcohol_withdrawal"),
        (646, "buprenorphine_induction_threshold"),
        (700, "buprenorphine_induction_threshold"),
    ], found


# --- ruling 2: the headline's on-site path -------------------------------------------------------------------------

# R62 M1: the "otherwise" after a guarded first dose says its own guard (was: "Otherwise a prescriber treats ...")
CASE_88_OTHERWISE = (
    "Otherwise, if not intoxicated, a prescriber treats withdrawal now, before the patient leaves: buprenorphine, or "
    "methadone as the COWS flag says; re-score the COWS after dosing; if a benzodiazepine is given with buprenorphine "
    "or methadone: monitor "
    "sedation and breathing while the patient is on site; if any dose is given (a benzodiazepine, buprenorphine or "
    "methadone): the patient must not drive today; emergency evaluation only for a complicating condition (listed on "
    "the COWS flag); re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit; then, before the "
    "patient leaves, a same-day suicide risk assessment with safety planning; after a dose given on site, the patient "
    "goes home only if awake or no more than slightly drowsy and easily roused, walks steadily, has a CIWA-Ar below 10 "
    "at least 1 hour after the last benzodiazepine dose, and has a COWS re-score after the last buprenorphine dose no "
    "higher than before it (no precipitated withdrawal), with a supportive person to stay overnight, with naloxone in "
    "hand and the supportive person shown how to use it, and the patient and the supportive person told not to add "
    "alcohol or other sedatives; otherwise the patient stays on site until these conditions are met, or a higher level "
    "of care is arranged (CIWA-Ar item 10 at 1 (cannot do serial additions or uncertain about date) (CIWA-Ar of 20 Nov "
    "2026, not re-scored today), CIWA-Ar in the moderate withdrawal band (CIWA-Ar of 20 Nov 2026, not re-scored "
    "today); COWS above 36 (severe opioid withdrawal): dimension 1 rated 1, below the 2 it calls for; moderate suicide "
    "risk (C-SSRS screen): dimension 3 rated 1, below the 2 it calls for). "
)
# R62 M1: as above (was: ". Otherwise a prescriber treats withdrawal now, ...")
ON_SITE_PATH = (
    ". Otherwise, if not intoxicated, a prescriber treats withdrawal now, before the patient leaves: buprenorphine, or "
    "methadone as the COWS flag says; re-score the COWS after dosing; if a benzodiazepine is given with buprenorphine "
    "or methadone: "
    "monitor sedation and breathing while the patient is on site; if any dose is given (a benzodiazepine, "
    "buprenorphine or methadone): the patient must not drive today; emergency evaluation only for a complicating "
    "condition (listed on the COWS flag)"
)
FIRST_DOSE_ONLY = "after a first dose of buprenorphine or methadone the patient must not drive today"


def test_ruling_2_case_88_headline_sentence() -> None:
    assert CASE_88_OTHERWISE in _built()[88][1].headline


@pytest.mark.parametrize("number", [88, 249])  # R54 1: not 657 (its sentence names no benzodiazepine dose)
def test_ruling_2_on_site_path(number: int) -> None:
    headline = _built()[number][1].headline
    assert ON_SITE_PATH in headline, headline
    assert FIRST_DOSE_ONLY not in headline
    # the transfer branch before it keeps its own watch and driving clause
    assert f"{WATCH} until handover; the patient must not drive" in headline


def test_ruling_2_sweep() -> None:
    # the on-site path after the CIWA-Ar re-score branch: exactly 88, 249, 657 of the 800; no box copies the sentence
    found = []
    for n, (_case, rec) in _built().items():
        # R62 M1: the anchor in the guarded words (was: ". Otherwise a prescriber treats withdrawal now, ...")
        if ". Otherwise, if not intoxicated, a prescriber treats withdrawal now, before the patient leaves" in (
            rec.headline
        ) or ". Otherwise a prescriber treats withdrawal now, before the patient leaves" in (rec.headline):
            found.append(n)
            # R54 1: the watch only where the sentence names a benzodiazepine dose (88, 249), not in 657
            assert (ON_SITE_PATH in rec.headline) is (n != 657), n
        assert not any(ON_SITE_PATH.removeprefix(". ") in (f.action or "") for f in rec.flags), n
    assert found == [88, 249, 657], found


@pytest.mark.parametrize("number", [88, 249, 657])
def test_ruling_2_threshold_box_reads_the_same(number: int) -> None:
    # the box (R47) says the watch on both paths and every dose's driving clause, as the headline's on-site path now
    # R69 Q2 handover (was: without it for 88): 88's box waits for "no delirium" now (R69 depth) and hands it over
    told = (
        "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen "
        # R70 S (was: "and any dose with its time; ")
        "and any dose with its time, that today's C-SSRS screen was moderate risk, and ask them for a suicide risk "
        "assessment with safety planning, without delaying the transfer; "
        if number == 88
        else ""
    )
    assert _box(number, "buprenorphine_induction_threshold").endswith(
        f"re-score the COWS after dosing; {told}{WATCH} until handover or while the patient is on site; if any dose is "
        f"given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today. {NOTE}"
    )
