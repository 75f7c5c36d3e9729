"""Physician review R31, must-fix M5: every box that may give a dose says its driving advice.

A box (a flag's next step) is read alone. One that may give a benzodiazepine, buprenorphine or methadone tells the
clinician the dosed patient must not drive today: "if a dose is given: the patient must not drive today", or, where
the box itself may give both kinds, "if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient
must not drive today" (R22 S1's words; the benzodiazepine named only where it is given), once, after the box's steps,
before a rating-below box's "; record the reason for the lower rating with the placement decision" and before the
induction threshold's ". Fentanyl-era protocols" note. A box that says a dose's driving clause already, or "the patient
must not drive" outright, says no second one; an intoxicated patient's "(the patient must not drive today)" inside a
hold is not a dose's (R30b M4: :func:`tests.intoxication_screens.without_holds`).

Basis: benzodiazepine, buprenorphine and methadone labels (impaired driving); FDA Drug Safety Communication, 20 Sep
2017. Every expected text below is typed by hand from the ruling, never computed by iopkit.
"""

from __future__ import annotations

import json
import re

import pytest

from iopkit.placement import Placement
from tests.intoxication_screens import r32a, without_holds
from tests.random_placements import built, cases
from tests.test_placement_headline_review_r7_old_scores import recommended
from tests.test_placement_physician_cases import CIWA_MOD13, COWS_19

# --- the ruling's words, typed ---------------------------------------------------------------------------------------
IF_DOSED = "if a dose is given: the patient must not drive today"
ANY_DOSE = "if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today"
#: A dose's driving clause as a box may already say it: the two above, the headline's first dose's (R13 S5, R22 S1),
#: CIWA-Ar item 10 at 1's "..., nor today if a dose is given" (R19-N2), and the old complicated CIWA-Ar's "... unless
#: ... no benzodiazepine is given today" naming the doses the visit may give (R30b S9 (a)).
CLAUSES = (
    IF_DOSED,
    ANY_DOSE,
    "after a first dose of buprenorphine or methadone the patient must not drive today",
    "nor today if a dose is given",
    "no benzodiazepine is given today",
    "no dose of a benzodiazepine, buprenorphine or methadone is given today",
)
#: "the patient must not drive" said outright (not "... until the medical review finds ...", not "... unless ...",
#: not a clause above).
OUTRIGHT = re.compile(r"the patient must not drive(?! until| unless| today)")
#: A box that may give a dose: the dose verbs the boxes say (the physician's reading of R31 M5: "a box that may give
#: a benzodiazepine, buprenorphine or methadone").
MAY_DOSE = re.compile(
    r"treat withdrawal with medication|treat withdrawal as the prescriber decides|treats? withdrawal\b|"
    r"a prescriber treats withdrawal|a prescriber gives a first dose|a prescriber gives buprenorphine|"
    r"buprenorphine, or methadone|medication for alcohol withdrawal|treat on the current scores?\b|"
    r"the first dose may be given"
)
#: R31 M2: two old withdrawals' emergency branch (a COWS re-score of 37 or more with a CIWA-Ar re-score of 8 or more)
#: keeps its own "the patient must not drive" (the branches exclude each other; R16's driving-once sweep reads it so).
TWO_SEVERE_OWN = re.compile(
    r"at a COWS re-score of 37 or more with a CIWA-Ar re-score of 8 or more: [^;]*; "
    # R48 item 2: staff with the patient until handover straight after the branch's transfer
    r"(?:staff with the patient until handover; )?"
    # R51 3: the capacity to decline and the first dose's timing after the staff clause
    # R73 item 1: the capacity bracket now has its own semicolons (was: "[^;]*; ")
    r"(?:if the patient declines transfer: [^;(]*\([^)]*\); "
    # R64 S2: the first dose guarded in 16 of the 24 texts (was: "...; a first dose before transfer")
    r"(?:if not intoxicated: )?a first dose before transfer only if it does not delay the transfer; )?"
    r"the patient must not drive(?=[;.]|$)"
)
#: R26a M1: an old severe CIWA-Ar's conditional transfer keeps its own "the patient must not drive" beside the
#: going-home branch's driving words (the two branches exclude each other; R16's sweep reads it so). A box whose only
#: driving words are these says "the patient must not drive" outright (R31 M5: nothing added there).
OLD_SEVERE_TRANSFER_OWN = re.compile(r"if still 15 or more(?:[^.]|\.(?! ))*?the patient must not drive(?=[;.]|$)")
#: R42 item 2 (R30b should-fix S2): an old moderate CIWA-Ar's re-score before today's COWS above 36, its branch at 8
#: or more ("At a CIWA-Ar re-score of 8 or more (...): arrange transfer now ...; the patient must not drive.") keeps
#: its own "the patient must not drive" beside the home branch's "after a first dose of buprenorphine or methadone the
#: patient must not drive today" and the CIWA-Ar part's dose clause (the branches exclude each other).
CIWA_AT_8_OWN = re.compile(
    # R62 (B): its bracket may hold one nested bracket, R60 Q3 (iii)'s "(or, ... (item 10 at 2 or more))" (was:
    # "\([^()]*\)", which cannot span it)
    r"At a CIWA-Ar re-score of 8 or more \((?:[^()]|\([^()]*\))*\)(?: \([^()]*\))?: (?:[^.]|\.(?! ))*?the patient must "
    r"not drive(?=[;.])"
    # R74 must-fix 1 (R73 1a's words): the boxes' branch (lower case) says its own after its capacity clause
    r"|at a CIWA-Ar re-score of 8 or more \((?:[^()]|\([^()]*\))*\)(?: \([^()]*\))?: (?:[^.()]|\.(?! )|\([^()]*\))*?"
    r"\(without capacity: [^()]*\); the patient must not drive(?=[;.])"
)
#: Physician review R70 D3 with R71 must-fix 1 (its words) and R72: a COWS or threshold box's transfer on the CIWA-Ar
#: re-score's findings ("if [the first step's] the CIWA-Ar re-score or the history since finds a seizure ...: arrange
#: transfer now (ED, or 4-WM); ...; the patient must not drive; a first dose before transfer ...") keeps its own
#: "the patient must not drive" beside the box's later dose clause: the branch excludes the dose's (as R26a M1's).
R70_D3_OWN = re.compile(
    r"if (?:the first step's )?(?:the )?CIWA-Ar re-score or the history since finds a seizure since the last score"
    r"[^.]*?; the patient must "
    r"not drive(?=; a first dose before transfer)"
)
#: Physician review R43, should-fix 3 (3(b-1)): the severe-COWS box's transfer prefix (R42 item 1 (b); cases 34, 85,
#: 115, 491, 568, 687, 707, 779) says "the patient must not drive" after the refusal, for the patient who declines the
#: transfer with capacity and takes no dose. R44 Q2: said outright there, it is the box's one driving rule (the
#: box's later "if any dose is given ...: the patient must not drive today" dropped under R31 M5's "no second one"),
#: so the sweep counts it; the pattern names where it stands.
R43_PREFIX_OWN = re.compile(
    r"^Emergency evaluation now: alcohol withdrawal alongside \(CIWA-Ar \d+ today\), a complicating condition: "
    # R73 item 1: the capacity bracket's "with capacity: ..." (was: "...emergency services\); the patient ...")
    r".*?\(without capacity: transfer by emergency services[^()]*\); the patient must not drive(?=; before any dose)"
)
#: R73 1a: the CIWA-Ar re-score's transfer branch "intoxicated or not" ("on the re-score, intoxicated or not: if 15 or
#: more, ...", "on the re-scores, intoxicated or not: if a CIWA-Ar of 15 or more, ...", "intoxicated or not, at a
#: CIWA-Ar re-score of 15 or more, ...") keeps its own "the patient must not drive" straight after the capacity
#: bracket, beside the box's dose clause (the branches exclude each other, as R26a M1's).
R73_RESCORE_OWN = re.compile(
    r"intoxicated or not(?::|,) (?:if|at) [^().]*15 or more[^().]*(?:\([^().]*\)[^().]*)*?"
    r"\(without capacity: [^()]*\); the patient must not drive(?=[;.])"
)
#: R73 1a: a COWS box's emergency branch ("if [still] 37 or more: emergency evaluation now: arrange transfer now ...")
#: keeps its own "the patient must not drive" straight after the capacity bracket, before "; if 13-36", beside the
#: box's later "if any dose is given ...: the patient must not drive today" (the branches exclude each other).
R73_COWS_37_OWN = re.compile(
    r"if (?:still )?37 or more: emergency evaluation now: arrange transfer now \([^()]*\); [^().]*"
    r"\(without capacity: [^()]*\); the patient must not drive(?=; if 13-36)"
)
#: R75 item 2, ruled for these boxes in R75c rule 2: beside a C-SSRS high that branch's refusal is the mental-health
#: hold, and its own "the patient must not drive" follows the hold, beside the box's dose clause (cases 33, 120, 135).
R75_HOLD_OWN = re.compile(
    r"intoxicated or not(?::|,) (?:if|at) [^().]*15 or more[^().]*(?:\([^().]*\)[^().]*)*?"
    r"\(local involuntary-assessment procedure\); the patient must not drive(?=[;.])"
)

#: R57 M1: an old moderate re-score's screen before any dose and its hold (the COWS alone, ambulatory), as the old
#: severe COWS re-score's.
R57_COWS = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication); if "
    "intoxicated: no dose now (ask the patient to stay on site and repeat the screen and the score when it clears; if "
    "it has not cleared by the end of the session: the prescriber arranges a higher level of care or the first dose on "
    "another day, with naloxone in hand; the patient must not drive today; if the patient insists: offer a lift or a "
    "taxi, and follow local policy); otherwise "
)
RECORD = "; record the reason for the lower rating with the placement decision"
FENTANYL = ". Fentanyl-era protocols"


def _said(action: str, branches: bool = False) -> int:
    """How many times ``action`` says a dose's driving advice, or "the patient must not drive" outright, outside the
    holds and R31 M2's emergency branch; ``branches``: outside R26a M1's transfer branch too."""
    text = TWO_SEVERE_OWN.sub("", without_holds(action))
    if branches:
        text = OLD_SEVERE_TRANSFER_OWN.sub("", text)
        text = CIWA_AT_8_OWN.sub("", text)  # R42 item 2: the branch's own, beside the home branch's
        text = R70_D3_OWN.sub("", text)  # R70 D3, R71 must-fix 1: the re-score's transfer branch's own
        text = R73_RESCORE_OWN.sub("", text)  # R73 1a: the CIWA-Ar re-score's transfer branch's own
        text = R73_COWS_37_OWN.sub("", text)  # R73 1a: the COWS box's emergency branch's own
        text = R75_HOLD_OWN.sub("", text)  # R75c rule 2: that branch's own beside a C-SSRS high
        # an old complicated CIWA-Ar's re-score clause ("... unless the re-score and the screens find none of these,
        # ...") in a rating-below box joined with a COWS box keeps the COWS part's own clause beside it (R10 2d (d)'s
        # typed box)
        text = re.sub(
            r"the patient must not drive unless the re-score and the screens find none of these[^;]*", "", text
        )
    return sum(text.count(c) for c in CLAUSES) + len(OUTRIGHT.findall(text))


# --- the sweep (tests/random_placements.py: 800 cases of the same seed) -----------------------------------------------


def _wrong(case) -> list[str]:  # type: ignore[no-untyped-def]
    wrong = []
    for f in built(case).flags:
        if not f.action or not MAY_DOSE.search(f.action):
            continue
        # said, and said once outside the branches that exclude each other
        if _said(f.action) < 1 or _said(f.action, branches=True) > 1:
            wrong.append(f"{case}: {f.code}: driving advice not said once: {f.action}")
        for clause in (IF_DOSED, ANY_DOSE):  # after the steps: before the record and the fentanyl note
            at = f.action.find(clause)
            for after in (RECORD, FENTANYL):
                if at >= 0 and 0 <= f.action.find(after) < at:
                    wrong.append(f"{case}: {f.code}: driving advice after {after!r}: {f.action}")
    return wrong


@pytest.mark.parametrize("chunk", range(4))
def test_sweep_every_box_that_may_dose_says_its_driving_advice_once(chunk: int) -> None:
    wrong = [w for case in cases(800)[chunk::4] for w in _wrong(case)]
    assert not wrong, "\n\n".join(wrong)


def test_the_sweep_reaches_the_boxes_it_rules() -> None:
    """The sweep reads many boxes that may dose, each kind of clause, and rating-below and threshold boxes."""
    seen = {"may dose": 0, "if dosed": 0, "any dose": 0, "record": 0, "fentanyl": 0}
    for case in cases(800):
        for f in built(case).flags:
            if f.action and MAY_DOSE.search(f.action):
                seen["may dose"] += 1
                seen["if dosed"] += IF_DOSED in f.action
                seen["any dose"] += ANY_DOSE in f.action
                seen["record"] += f"{IF_DOSED}{RECORD}" in f.action or f"{ANY_DOSE}{RECORD}" in f.action
                seen["fentanyl"] += f"{IF_DOSED}{FENTANYL}" in f.action or f"{ANY_DOSE}{FENTANYL}" in f.action
    assert seen["may dose"] >= 1000 and min(seen.values()) >= 50, seen


# --- concrete boxes, whole, typed -------------------------------------------------------------------------------------


def _box(r, code: str) -> str:  # type: ignore[no-untyped-def]
    (action,) = [f.action for f in r.flags if f.code == code]
    return action


#: Today's COWS 19 (tests/test_placement_physician_cases.py): the prescriber's review box.
COWS_19_BOX = (
    "Prescriber's review before the patient leaves: before any dose: screen for intoxication (breath alcohol above "
    "zero, or signs of sedative intoxication); if intoxicated: no dose here (the patient must not drive today); "
    "otherwise treat withdrawal as the prescriber decides, with buprenorphine, or methadone only in an opioid "
    "treatment programme or under the 72-hour rule (given or dispensed on site, at most a 3-day supply while referral "
    "is arranged, not renewed or extended; never prescribed); re-score the COWS 1-2 hours after dosing; arrange "
    "medically managed withdrawal or a higher level of care only for a complicating condition (medical or psychiatric "
    "instability, co-occurring alcohol or benzodiazepine withdrawal, pregnancy); if a dose is given: the patient must "
    "not drive today"
)


def test_todays_cows_19_boxes() -> None:
    r = recommended({}, today=[("cows", COWS_19)])
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert _box(r, "moderate_opioid_withdrawal") == r32a(COWS_19_BOX)
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert _box(r, "rated_below_suggestion_d1") == r32a(
        f"{COWS_19_BOX}; record the reason for the lower rating with the placement decision"
    )
    # R42 item 5 (R31 S6; R46 Q6's words): what the screen must find (was "... before any dose allows it; ...")
    assert _box(r, "buprenorphine_induction_threshold") == (
        "If starting buprenorphine by standard induction, the first dose may be given once the first step's screen "
        "before any dose finds no intoxication; re-score the COWS after dosing; if a dose is given: the patient must "
        "not drive today. Fentanyl-era protocols differ (low-dose or micro-induction needs no withdrawal; high-dose "
        "induction starts higher): follow the local protocol"
    )


def test_an_old_cows_19_re_score_box() -> None:
    r = recommended({}, old=[("cows", COWS_19)])
    assert _box(r, "moderate_opioid_withdrawal") == (
        # R57 M1: the screen before any dose and its hold
        "Re-score the COWS now (last 19 on 20 Nov 2026): "
        + R57_COWS
        + "treat on the current score; if a dose is given: the patient "
        "must not drive today"
    )


def test_both_kinds_today_the_joined_box_names_every_dose_once() -> None:
    """Today's CIWA-Ar 13 and COWS 19: the COWS box gives only buprenorphine or methadone, and names every dose
    beside the CIWA-Ar of 8 or more (R38 S2; was R22 S1's no benzodiazepine named); the CIWA-Ar box keeps its own
    words; the joined rating-below box names every dose, once."""
    r = recommended({}, today=[("ciwa_ar", CIWA_MOD13), ("cows", COWS_19)])
    # R38 S2: the COWS box beside a CIWA-Ar of 8 or more names every dose (was "if a dose is given: ...")
    assert _box(r, "moderate_opioid_withdrawal").endswith(
        "re-score the COWS 1-2 hours after dosing; arrange medically managed withdrawal or a higher level of care: "
        "co-occurring alcohol withdrawal (CIWA-Ar 13 today); if transferred: at handover tell the receiving team the "
        "last CIWA-Ar and COWS scores and any dose with its time; "
        # R46 Q2: a box naming every dose says the sedation watch before it, the headline's tail
        "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the "
        # R62 S2 (ruled R63): beside the escalation, a transfer (was: "patient is on site; ")
        "patient is on site (if transferred: until handover); "
        "if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today"
    )
    assert _box(r, "moderate_alcohol_withdrawal").endswith(
        "re-score the CIWA-Ar within 1 hour of a dose and before the patient leaves; if a benzodiazepine is given with "
        # R64 S4: the case can transfer (the COWS box's escalation) (was: "... on site; if a dose is given: ...")
        "buprenorphine or methadone: monitor sedation and breathing while the patient is on site (if transferred: "
        "until handover); if a dose is given: the patient must not drive today"
    )
    below = _box(r, "rated_below_suggestion_d1")
    assert _said(below) == 1 and below.count(ANY_DOSE) == 1, below
    assert below.endswith(
        "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its "
        "time; record the reason for the lower rating with the placement decision"
    ), below


# --- a saved placement read back ------------------------------------------------------------------------------------


def test_a_rating_below_box_saved_before_m5_reads_back_with_its_driving_advice() -> None:
    """A placement saved before R31 M5 (its boxes said no driving advice) reads its rating-below box back said by
    today's rule, as recommend() says it now; every other box reads as stored. One made now reads back equal."""
    r = recommended({}, today=[("cows", COWS_19)])
    stored = Placement(r, reason="saved before R31 M5").to_dict()
    assert Placement.from_dict(json.loads(json.dumps(stored))).recommendation == r
    for f in stored["recommendation"]["flags"]:
        f["action"] = f["action"].replace("; if a dose is given: the patient must not drive today", "")
    back = Placement.from_dict(json.loads(json.dumps(stored))).recommendation
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert _box(back, "rated_below_suggestion_d1") == r32a(
        f"{COWS_19_BOX}; record the reason for the lower rating with the placement decision"
    )
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert _box(back, "moderate_opioid_withdrawal") == r32a(
        COWS_19_BOX.removesuffix("; if a dose is given: the patient must not drive today")
    )


@pytest.mark.parametrize("number", [125, 470])
def test_r33_the_d1_box_beside_an_old_severe_ciwa_ar_transfer_says_the_doses_driving_advice(number: int) -> None:
    # physician review R33 (must-fix): the dimension-1 box gives buprenorphine "before the patient leaves"; its only
    # "the patient must not drive" belonged to the old severe CIWA-Ar's transfer branch and R31 M2's emergency branch
    box = next(f.action for f in built(cases(800)[number]).flags if f.code == "rated_below_suggestion_d1")
    assert (
        "(two withdrawals): arrange medically managed withdrawal or a higher level of care; if any dose is given (a "
        "benzodiazepine, buprenorphine or methadone): the patient must not drive today; at a COWS re-score of 37 or "
        "more with a CIWA-Ar re-score of 8 or more"
    ) in box, box


@pytest.mark.parametrize("number", [34, 85, 115, 491, 568, 687, 707, 779])
def test_r44_q2_the_severe_cows_box_says_its_driving_rule_once_outright(number: int) -> None:
    # physician review R44, Q2: the R42 (b) prefix's "the patient must not drive" (R43 should-fix 3) is the box's one
    # driving rule; no later "if any dose is given ...: the patient must not drive today"
    box = next(f.action for f in built(cases(800)[number]).flags if f.code == "severe_opioid_withdrawal")
    assert R43_PREFIX_OWN.match(box), box
    assert ANY_DOSE not in box and IF_DOSED not in box, box
    assert _said(box) == 1 and _said(box, branches=True) == 1, box
