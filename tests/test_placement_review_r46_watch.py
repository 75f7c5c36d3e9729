"""Physician review R46 (session 29), Q1 and Q2: the benzodiazepine's sedation watch ("if a benzodiazepine is given
with buprenorphine or methadone: monitor sedation and breathing ...") beside an old COWS's re-score and on every box
whose driving advice names every dose (FDA Drug Safety Communication, 20 Sep 2017: buprenorphine and methadone with
benzodiazepines, monitor, do not withhold). Words typed from the reviewer's ruling (/work/reviews/r46.md) and the
dump of the 800 random cases.

- Q1 (must-fix, and its should-fix extra): today's CIWA-Ar 14 with item 10 at 1, an old COWS of 19 and a C-SSRS low
  screen (old or today) says its no-screen sibling's step (the two-withdrawal branches, the watch "until handover or
  while the patient is on site"), the same-day assessment last; the moderate_alcohol_withdrawal box the watch before
  "if a dose is given: the patient must not drive today". R18 S9's sweep runs without its R44 skip.
- Q2 (must-fix): every box with "if any dose is given (a benzodiazepine, buprenorphine or methadone)" says the watch
  right before it, its tail as the headline's watch, else "while the patient is on site (if transferred: until
  handover)"; the transfer-now headlines that give a first dose before transfer beside both withdrawals say the watch
  until handover right after that dose (109, 167, 286, 318, 560, 674, 716, 778).
"""

from __future__ import annotations

import functools
import re

import pytest

from .random_placements import built, cases
from .test_placement_headline_review_r18_s9 import _case

#: The watch, typed (R2 should-fix 12; R46).
WATCH = "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing"
#: The driving advice that names every dose (R22 S1).
ANY_DOSE = "if any dose is given (a benzodiazepine, buprenorphine or methadone)"
#: R46 Q2's tails, and its default where the headline says no watch.
TAILS = (
    "until handover",
    "while the patient is on site",
    "while the patient is on site (if transferred: until handover)",
    "until handover or while the patient is on site",
    "until the evaluation or handover",
)
DEFAULT_TAIL = "while the patient is on site (if transferred: until handover)"
#: R46 Q2's headline gap: transfer-now headlines with a first dose before transfer, both withdrawals, no watch.
HEADLINE_GAP = (109, 167, 286, 318, 560, 674, 716, 778)

# --- Q1 -----------------------------------------------------------------------------------------------------------

#: R46 Q1: the no-screen sibling's two-withdrawal branch (r46's proposed words differ; the sibling's are reused).
Q1_TWO_WITHDRAWALS = (
    "re-score the COWS now (last 19 on 20 Nov 2026), with alcohol withdrawal alongside (CIWA-Ar 14 today): if 37 or "
    "more: emergency evaluation now: severe opioid withdrawal with alcohol withdrawal alongside, a complicating "
    # R48 item 2 (b10): staff with the patient until handover on the transfer a re-score leads to
    "condition on the COWS flag: arrange transfer now (ED, or 3.7-WM/4-WM); staff with the patient until handover; if "
    "the patient declines transfer: the "
    "prescriber assesses and records capacity to decline (without capacity: transfer by emergency services; with "
    "capacity: record the advice given and the risks explained; arrange the highest level of care the patient "
    "accepts; any dose as the prescriber decides; tell the patient and any supportive person to call emergency "
    "services for a seizure, confusion, hallucinations or any worsening); the "
    "patient must not drive; if 13-36: a prescriber's review before the patient leaves, and arrange medically managed "
    "withdrawal or a higher level of care: co-occurring alcohol withdrawal (CIWA-Ar 14 today); if below 13: a "
    "prescriber's review before the patient leaves."
)


def _q1_dose(that: str) -> str:
    """The screened step's doses, the watch, the same-day assessment last with its handover (``that``: the screen)."""
    return (
        # R65 F2 (was: "...eceiving team the last CIWA-Ar and COWS scores and any dose with its time"; "...eceiving team
        # the last CIWA-Ar and COWS scores and any dose with its time")
        "re-score the CIWA-Ar within 1 hour of a dose and before the patient leaves or at handover; if transferred: at "
        "handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and any dose with its "
        "time; if a "
        "benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until handover or "
        "while the patient is on site; the patient must not drive until the medical review finds the patient not "
        "delirious or intoxicated, nor today if a dose is given; before the patient leaves, a same-day suicide risk "
        "assessment (if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the "
        "delirium screen and any dose "
        f"with its time, that {that}, and ask them for a suicide risk assessment once the patient is able to answer; "
        "do not delay the transfer for it); after a dose given on site, the patient goes home only if"
    )


Q1_SCREENS = {
    "old": (
        "the C-SSRS screen of 20 Nov 2026 found a wish to be dead or non-specific suicidal thoughts (never assessed)"
    ),
    "today": "today's C-SSRS screen found a wish to be dead or non-specific suicidal thoughts",
}
Q1_ALCOHOL_BOX = (
    "Prescriber's review before the patient leaves, after the first step's medical review finds no delirium and no "
    "intoxication: at a CIWA-Ar of 10 or more treat withdrawal with medication (ASAM 2020: moderate withdrawal, 10-18, "
    "should receive medication); at 8-9 consider it; re-score the CIWA-Ar within 1 hour of a dose and before the "
    "patient leaves; "
    # R69 Q2 handover (was: without "if transferred: at handover tell ...")
    "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and "
    "any dose with its time; "
    "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing "
    "until handover or while the patient is on site; if a dose is given: the patient must not drive today"
)


@pytest.mark.parametrize("day", ["old", "today"])
@pytest.mark.parametrize("d1", [0, 1, 2])
def test_q1_screened_item10_beside_old_cows_says_the_siblings_step_and_the_watch(day, d1):
    r = _case({1: d1, 2: 0, 3: 0}, ("today", "13i1"), ("old", "14"), (day, "mod"))
    first = r.headline.split(". Then")[0]
    assert Q1_TWO_WITHDRAWALS in first, first
    assert _q1_dose(Q1_SCREENS[day]) in first, first
    # r46's scratch words, typed where the step said none: the watch is there now
    assert "treat on the current score; then, before the patient leaves" not in first, first
    boxes = {f.code: f.action for f in r.flags}
    assert boxes["moderate_alcohol_withdrawal"] == Q1_ALCOHOL_BOX
    # the delirium transfer's box still tells the screen at handover (R21 M2)
    assert (
        "staff with the patient until handover (if transferred: at handover tell the receiving team the delirium "
        f"screen, the last CIWA-Ar score and any thiamine or glucose given with its time, that {Q1_SCREENS[day]}, and "
        "ask them for a suicide risk assessment once the patient is able to answer; do not delay the transfer for it)"
    ) in boxes["possible_inattention"]


def test_q1_the_plan_after_the_escalation_is_the_siblings():
    r = _case({1: 1, 2: 0, 3: 0}, ("today", "13i1"), ("old", "14"), ("today", "mod"))
    assert r.headline.endswith(
        "Then, only if the review and the prescriber record why ambulatory care is safe: Level 1 (Outpatient), under "
        "9 h/week of clinical services; with 2-WM ambulatory withdrawal management with extended on-site monitoring "
        "(not 1-WM: alcohol and opioid withdrawal together, CIWA-Ar item 10 at 1 today); otherwise as arranged above."
    ), r.headline


# --- Q2 -----------------------------------------------------------------------------------------------------------


@functools.cache
def _built():
    return {c.number: built(c) for c in cases(800)}


def _headline_tail(headline: str) -> str | None:
    found = re.search(rf"{re.escape(WATCH)} ((?:until|while)[^;.(]*(?: \(if transferred: until handover\))?)", headline)
    return found[1].removesuffix(", and the patient must not drive").strip() if found else None


def test_q2_sweep_every_any_dose_box_says_the_watch_before_it():
    checked = 0
    for n, r in _built().items():
        tail = _headline_tail(r.headline) or DEFAULT_TAIL
        assert tail in TAILS, (n, tail)
        for f in r.flags:
            if ANY_DOSE not in (f.action or ""):
                continue
            checked += 1
            before = f.action[: f.action.index(ANY_DOSE)]
            assert WATCH in before, (n, f.code, f.action)
            # where the watch is the clause right before it, its tail is one R46 names
            if before.endswith("; ") and WATCH in before.rsplit("; ", 2)[-2]:
                assert before.rsplit("; ", 2)[-2].split(f"{WATCH} ", 1)[1] in TAILS, (n, f.code, f.action)
    assert checked > 200


@pytest.mark.parametrize(
    ("number", "code", "said"),
    [
        # no watch in the headline at 05f3193; its own now (Q2's headline gap), "until handover"
        (
            109,
            "moderate_opioid_withdrawal",
            "at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time; if a "
            "benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until handover; "
            "if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today",
        ),
        # no dose in the headline, no C-SSRS high: R46's default tail
        (
            700,
            "moderate_opioid_withdrawal",
            # R42 item 4 (b4): its re-score before transfer only if it does not delay it, the first dose as rating 4
            # allows, told at handover; R49 M1 and Q1 (b11): no dose without today's re-score, and the screen before
            # any dose beside a rating of 4; R57 M3: no dose before both re-scores and the delirium screen, thiamine
            # and glucose in the screen
            "Re-score the COWS before transfer only if it does not delay it (last 19 on 20 Nov 2026; no dose here "
            "without today's re-score); no dose here unless today's COWS and CIWA-Ar re-scores are done and a "
            "delirium screen (CAM or 4AT) finds no delirium; before any dose: ask about any overdose or ingestion "
            "today and screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
            "thiamine and check blood glucose; if an overdose or "
            "ingestion, or intoxicated: no dose here (an overdose or ingestion: call emergency services for the ED, "
            "staff with the patient until handover, naloxone if signs of opioid overdose; intoxicated: tell the "
            "receiving team at handover the breath alcohol reading or the signs, with the time; the patient must not "
            "drive today); otherwise treat on the "
            "current score (a first dose before transfer only if it does not delay the transfer and the reason for "
            # R65 SF2 (was: "...the last CIWA-Ar and COWS scores and any dose with its time")
            "rating 4 allows it); at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium "
            "screen and any dose "
            "with its time; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and "
            "breathing while the patient is on site (if transferred: until handover); if any dose is given (a "
            "benzodiazepine, buprenorphine or methadone): the patient must not drive today",
        ),
        # no dose in the headline beside a C-SSRS high of today: R11 2d (a)'s tail, never "while the patient is on
        # site" (R46's default would say it: reported)
        (
            419,
            "severe_opioid_withdrawal",
            # R48 item 2, lower priority (b10): staff with the patient until handover
            # R53 D: the treatment of a re-score below 37 said as that branch
            # R60 Q5 S3a: beside the transfer ordered, a first dose before it only (was: "if below 37: treat on the
            # current score")
            "arrange transfer now (ED); staff with the patient until handover; if below 37: a first dose before "
            "transfer only if it does not delay the transfer (buprenorphine or methadone only on a COWS re-scored "
            "today); if a "
            "benzodiazepine is given with buprenorphine or "
            "methadone: monitor sedation and breathing until the evaluation or handover; if any dose is given (a "
            "benzodiazepine, buprenorphine or methadone): the patient must not drive today",
        ),
        (
            419,
            "rated_below_suggestion_d1",
            # R60 Q5 S3a: beside the transfer ordered (was: "treat on the current score; if a benzodiazepine ...")
            "only on a COWS re-scored today); if a benzodiazepine is given with buprenorphine or methadone: monitor "
            # R75d (was: "...or handover; if any dose is given (a benzodiazepine, buprenorphine or methadone): the
            # patient must not drive today; record the reason"): the box's complicated step says the rule outright
            "sedation and breathing until the evaluation or handover; record the reason",
        ),
        (
            646,
            "moderate_opioid_withdrawal",
            "at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with its time; if a "
            "benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing until the "
            "evaluation or handover; if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient "
            "must not drive today",
        ),
        # the headline's tail copied
        (
            564,
            "buprenorphine_induction_threshold",
            # R53 D: the treatment of a re-score below 37 said as that branch
            "goes to the same emergency evaluation; if below 37: treat on the current score; if a benzodiazepine is "
            "given with "
            "buprenorphine or methadone: monitor sedation and breathing while the patient is on site (if transferred: "
            "until handover); if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must "
            "not drive today",
        ),
        (
            120,
            "rated_below_suggestion_d1",
            "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores and any dose with "
            "its time; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing "
            # R65 SF1 (was: "while the patient is on site; if any dose is given ...")
            "while the patient is on site (if transferred: until handover); if any dose is given (a benzodiazepine, "
            "buprenorphine or methadone): the patient must not drive today; record the reason",
        ),
    ],
)
def test_q2_typed_boxes(number, code, said):
    boxes = {f.code: f.action for f in _built()[number].flags}
    assert said in boxes[code], boxes[code]


#: The first dose before transfer and the watch after it (R46 Q2), as 109's and 318's headlines say them.
GAP_SAID = (
    "otherwise a prescriber gives a first dose before transfer if it does not delay the transfer; if a benzodiazepine "
    "is given with buprenorphine or methadone: monitor sedation and breathing until handover;"
)
# R52 noticed: beside an old COWS not re-scored in the headline (109, 167, 286, 674, 716, 778), the ruling's words
GAP_SAID_OLD_COWS = (
    "otherwise a prescriber gives a first dose for today's withdrawal before transfer only if it does not delay the "
    "transfer (buprenorphine or methadone only on a COWS re-scored today); if a benzodiazepine is given with "
    "buprenorphine or methadone: monitor sedation and breathing until handover;"
)
GAP_SAID_RESCORE = (
    "otherwise a first dose before transfer only if it does not delay the transfer; if a benzodiazepine is given with "
    "buprenorphine or methadone: monitor sedation and breathing until handover ("
)


@pytest.mark.parametrize("number", HEADLINE_GAP)
def test_q2_headline_gap_says_the_watch_after_the_first_dose(number):
    headline = _built()[number].headline
    said = GAP_SAID_RESCORE if number in (318, 560) else GAP_SAID
    if number in (109, 167, 286, 674, 716, 778):  # R52 noticed
        said = GAP_SAID_OLD_COWS
    assert said in headline, headline
    assert headline.count(WATCH) == 1, headline


#: The two phrasings of a first dose before transfer in a first step (R46 Q2).
FIRST_DOSES = (
    "otherwise a prescriber gives a first dose before transfer if it does not delay the transfer",
    "otherwise a first dose before transfer only if it does not delay the transfer",
    # R52 noticed: the first dose before transfer beside an old COWS not re-scored in the headline
    "otherwise a prescriber gives a first dose for today's withdrawal before transfer only if it does not delay the "
    "transfer",
)


def test_q2_sweep_every_first_dose_before_transfer_beside_both_withdrawals_monitors():
    # beside both withdrawals (a box names every dose), a first step giving a first dose before transfer says the
    # watch: R46's eight, and 20 more of the 800 whose COWS box said it already (11, 72, 154, ...: reported)
    checked = []
    for n, r in _built().items():
        first = re.split(r"\. (?=Also |Then)", r.headline, maxsplit=1)[0]
        if any(d in first for d in FIRST_DOSES) and any(ANY_DOSE in (f.action or "") for f in r.flags):
            checked.append(n)
            assert WATCH in first, (n, first)
    assert set(HEADLINE_GAP) <= set(checked) and len(checked) >= 28, checked


def test_q2_headlines_with_no_dose_say_none():
    # 419, 646, 700: their headlines give no dose (R46 Q2: leave them)
    for number in (419, 646, 700):
        assert WATCH not in _built()[number].headline
