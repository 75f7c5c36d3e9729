"""Physician review R42, items 5 and 7: the buprenorphine induction threshold's box says what the screen must find, and
an old complicated CIWA-Ar's "treat on the current score" follows the screen it depends on.

Item 5 (R31 should-fix S6, R42 ruled: build it): the buprenorphine_induction_threshold box said "the first dose may be
given once the first step's screen before any dose allows it"; a box is read alone on its card, and "allows it" does
not say what the screen must find. It now names the screen's items, as the medical review's words do ("after the first
step's medical review finds no delirium and no intoxication"): "... finds no overdose or ingestion and no intoxication"
(physician review R46, Q6, its words for cases 2, 11, 17, 88 and 34; thiamine and blood glucose are actions, not bars).

Item 7 (R30b should-fix S8, low): in 11 headlines of the 800 (an old complicated CIWA-Ar re-scored with a delirium
screen, beside today's COWS) "treat on the current score (a first dose before transfer ...)" came before the screen
before any dose that the COWS step says after it; it now follows that screen's "otherwise ".

Cases: ``tests.random_placements.cases(800)[N]``; every expected text typed by hand from the reviewers' words and the
dump, never computed by iopkit.
"""

from __future__ import annotations

import re

import pytest

from tests.random_placements import built, cases
from tests.test_placement_review_r70_d3 import SCREENS_432, standard_induction_said

THRESHOLD = "buprenorphine_induction_threshold"
#: The box's fixed ending after its first-dose condition (unchanged by item 5).
NOTE_END = (
    "Fentanyl-era protocols differ (low-dose or micro-induction needs no withdrawal; high-dose induction starts "
    "higher): follow the local protocol"
)


def _box(number: int, code: str = THRESHOLD) -> str:
    return next(f.action for f in built(cases(800)[number]).flags if f.code == code)


# --- item 5: the reviewer's cases (R46 Q6, its words) ---------------------------------------------------------------

#: Case 2 (today's COWS 48, a low C-SSRS screen of 20 Nov, PHQ-9 item 9 positive today): its screen asks about an
#: overdose or ingestion and screens for intoxication (R46 Q6, case 2).
CASE_2 = (
    "If starting buprenorphine by standard induction, the first dose may be given once the first step's screen before "
    "any dose finds no overdose or ingestion and no intoxication; re-score the COWS after dosing; if a dose is given: "
    f"the patient must not drive today. {NOTE_END}"
)
#: Case 88 (an old moderate CIWA-Ar re-scored before any dose, today's COWS 48, a moderate C-SSRS screen): the re-score
#: done first (a re-score of 8 or more sends the patient to transfer), then the screen (R46 Q6, case 88).
CASE_88 = (
    "If starting buprenorphine by standard induction, the first dose may be given once the first step's CIWA-Ar "
    # R69 must-fix 2, the depth mend (was: "...its screen before any dose finds no overdose or ingestion and no
    # intoxication"): the first step's screen holds any dose in delirium, as the headline finally says it
    "re-score is done and its screen before any dose finds no delirium, no overdose or ingestion and no intoxication; "
    "re-score the COWS after dosing; "
    # R69 Q2 handover (was: without "if transferred: at handover tell ..."): the box waits for "no delirium" now, so
    # it hands the screen over (R69 hand's rule)
    "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen and "
    # R70 S (was: "any dose with its time; if a benzodiazepine ...")
    "any dose with its time, that today's C-SSRS screen was moderate risk, and ask them for a suicide risk "
    "assessment with safety planning, without delaying the transfer; "
    "if a benzodiazepine is given with buprenorphine or methadone: monitor sedation "
    "and breathing "
    # R47: the headline transfers only at a re-score of 8 or more, otherwise doses before the patient leaves
    "until handover or while the patient is on site; if any dose is given (a benzodiazepine, buprenorphine or "
    f"methadone): the patient must not drive today. {NOTE_END}"
)
#: Case 34 (the delirium screen, CAM or 4AT, in the first step): delirium first (R46 Q6, case 34).
CASE_34 = (
    "If starting buprenorphine by standard induction, the first dose may be given once the first step's screen before "
    "any dose finds no delirium, no overdose or ingestion and no intoxication, before transfer only if it does not "
    "delay the transfer; at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen "
    # R66 should-fix (was: "...the last CIWA-Ar and COWS scores and any dose with its time"): the screen before any
    # dose finds no delirium, so the handover tells the delirium screen
    "and any dose with its time"
    # R70 S (was: "and any dose with its time; re-score the COWS after dosing; ...")
    ", that today's PHQ-9 item 9 was positive, and ask them for a suicide risk assessment once the patient is able "
    "to answer, without delaying the transfer; "
    "re-score the COWS after dosing; if a benzodiazepine is given with buprenorphine or "
    "methadone: monitor "
    # R50 S2: two withdrawals, the headline's watch before the driving clause
    "sedation and breathing until handover; if a dose is given: the patient must not drive today. "
    f"{NOTE_END}"
)


@pytest.mark.parametrize(("number", "want"), [(2, CASE_2), (88, CASE_88), (34, CASE_34)], ids=["2", "88", "34"])
def test_item5_the_reviewers_whole_boxes(number: int, want: str) -> None:
    assert _box(number) == want


@pytest.mark.parametrize(
    ("number", "said"),
    [
        # R46 Q6, case 11: today's severe CIWA-Ar's transfer, its screen for intoxication with thiamine and glucose
        (
            11,
            "the first dose may be given once the first step's screen before any dose finds no intoxication, before "
            "transfer only if it does not delay the transfer; at handover",
        ),
        # R46 Q6, case 17: the overdose question and the delirium screen (CAM or 4AT) with the intoxication screen
        (
            17,
            "the first dose may be given once the first step's screen before any dose finds no delirium, no overdose "
            "or ingestion and no intoxication",
        ),
        # an old severe CIWA-Ar's re-score (no delirium screen in its lead): the intoxication screen alone
        # R67 F1 (was: "once the first step's screen before any dose finds no intoxication; re-score"): its lead now
        # screens for delirium with the re-score (R65 F1), so the box names that screen first (R47 S1's words)
        (
            39,
            "the first dose may be given once the first step's delirium screen finds no delirium and its screen before "
            "any dose finds no intoxication; re-score",
        ),
        # an old complicated CIWA-Ar's re-score and delirium screen (CAM or 4AT) before any dose: the COWS box holds
        # the dose on delirium too ("if delirium or intoxication: no dose here"), so the threshold's box names it
        # R47 S1: as the first step's delirium screen's, not its screen before any dose's (was "once the first step's
        # screen before any dose finds no delirium and no intoxication")
        (
            69,
            "the first dose may be given once the first step's delirium screen finds no delirium and its screen "
            "before any dose finds no intoxication; re-score",
        ),
        # case 281: today's complicated CIWA-Ar's transfer, its delirium screen (CAM or 4AT) and intoxication screen
        (
            281,
            "the first dose may be given once the first step's screen before any dose finds no delirium and no "
            "intoxication, before transfer only if it does not delay the transfer; at handover",
        ),
        # case 450: no screen in the headline (a C-SSRS high's transfer now with complicated withdrawal): the boxes'
        # screen (R15 M1's "the screen before any dose"), delirium and the overdose question as the COWS boxes say them
        (
            450,
            "the first dose may be given once the screen before any dose finds no delirium, no overdose or ingestion "
            "and no intoxication, before transfer only if it does not delay the transfer; at handover",
        ),
    ],
    ids=["11", "17", "39", "69", "281", "450"],
)
def test_item5_what_the_screen_must_find(number: int, said: str) -> None:
    box = _box(number)
    assert said in box, box


#: What a box's condition on the screen said, before R42 item 5 (either form) and after it.
_ALLOWS = re.compile(r"screen before any dose allows? it")
_FINDS = re.compile(r"screen before any dose finds (?P<found>no [a-z ]+(?:, no [a-z ]+)*)(?=[,;])")
#: R47 S1: the first step's delirium screen (its re-score's) named with its own finding.
_DELIRIUM_SCREEN_FINDS = "the first step's delirium screen finds no delirium and its screen before any dose finds "
#: A COWS box's hold, and what it holds the dose on.
_COWS_HOLD = re.compile(r"\bif (?P<hold>[^;:()]*): no dose (?:here|now)\b")
_COWS_CODES = ("moderate_opioid_withdrawal", "moderately_severe_opioid_withdrawal", "severe_opioid_withdrawal")


@pytest.mark.parametrize("chunk", range(4))
def test_item5_sweep_no_threshold_box_says_allows_it(chunk: int) -> None:
    """Sweep: no buprenorphine_induction_threshold box of the 800 says the screen "allows it" (nor any "allows it" but
    the rating-4 rule's own "the reason for rating 4 allows it", a condition of its own, not the screen's); where it
    says what the screen finds, it names delirium and the overdose question exactly where the case's COWS box holds its
    dose on them, and always intoxication."""
    wrong = []
    for case in cases(800)[chunk::4]:
        flags = built(case).flags
        for f in flags:
            if f.code != THRESHOLD:
                continue
            if _ALLOWS.search(f.action) or "allows it" in f.action.replace("the reason for rating 4 allows it", ""):
                wrong.append(f"{case.number}: {f.action}")
            found = _FINDS.search(f.action)
            if found is None:
                continue
            if not found["found"].endswith("no intoxication"):
                wrong.append(f"{case.number} (intoxication): {f.action}")
            # R69 must-fix 2 (was: one tuple per hold, ``named not in holds``): a COWS box may hold the dose on
            # delirium and on an overdose in two holds ("if delirium: no dose here; ...; if an overdose or ingestion,
            # or intoxicated: no dose here": cases 88 and 563), and the box names all that its holds hold on
            said = [m["hold"] for g in flags if g.code in _COWS_CODES for m in _COWS_HOLD.finditer(g.action)]
            holds = {(any("delirium" in h for h in said), any("overdose" in h for h in said))} if said else set()
            # R47 S1: delirium named as the first step's delirium screen's finding in the 11 item-7 cases
            delirium = "delirium" in found["found"] or _DELIRIUM_SCREEN_FINDS in f.action
            named = (delirium, "overdose" in found["found"])
            if holds and named not in holds:
                wrong.append(f"{case.number} (as the COWS box holds: {holds}): {f.action}")
    assert not wrong, "\n".join(wrong)


def test_item5_how_many_boxes_say_what_the_screen_finds() -> None:
    """The 800 cases' count, from the dump before and after R42 item 5: 150 boxes said "allows it" (149 "the first
    step's screen", case 450's "the screen"); each now says what it finds."""
    said = [
        case.number
        for case in cases(800)
        for f in built(case).flags
        if f.code == THRESHOLD and _FINDS.search(f.action) and "medical review" not in f.action
    ]
    assert len(said) == 150
    assert {2, 11, 17, 34, 88, 450} <= set(said)


# --- item 7: "treat on the current score" after the screen it depends on --------------------------------------------

#: The 11 headlines of the 800 it moved in (R30b S8's list).
ITEM_7 = (58, 69, 144, 189, 224, 264, 266, 420, 422, 715, 770)
TREAT = "treat on the current score (a first dose before transfer only if it does not delay the transfer)"
#: R47 M1: the prescriber's step only once the delirium screen (the re-score's, CAM or 4AT) finds none.
NO_DELIRIUM = "if the delirium screen finds no delirium, "

#: Case 58 (an old complicated CIWA-Ar, today's COWS 30, old C-SSRS low and PHQ-9 item 9): from the lead's driving
#: words to the COWS review, the screen first, then the re-score's dose, then the prescriber's review.
CASE_58 = (
    "and no dose of a benzodiazepine, buprenorphine or methadone is given today; after the re-score and the screen, "
    "before any dose: ask about any overdose or ingestion today and screen for intoxication (breath alcohol above "
    "zero, or signs of sedative intoxication), give thiamine and check blood glucose; if an overdose or ingestion, or "
    "intoxicated: no dose here (an overdose or ingestion: call emergency services for the ED, staff with the patient "
    "until handover, naloxone if signs of opioid overdose; intoxicated: if transferred, tell the receiving team at "
    "handover the breath alcohol reading or the signs, with the time; if not: ask the patient to stay on site and "
    "repeat the screen and the scores when it clears; if it has not cleared by the end of the session, or withdrawal "
    "worsens: arrange a higher level of care; the patient must not drive today; if the patient insists on leaving: the "
    "same-day suicide risk assessment first (if too intoxicated to take part in it: staff stay with the patient and "
    "arrange an emergency evaluation for suicide risk); offer a lift or a taxi, and follow local policy); otherwise "
    # R47 M1: the prescriber's review joined into the screen's otherwise, after the delirium screen finds none
    "treat on the current score (a first dose before transfer only if it does not delay the transfer), and, if the "
    "delirium screen finds no delirium, a prescriber's review (if transferred: a first dose before transfer only if it "
    "does not delay the transfer; if not: before the patient leaves): treat withdrawal as the prescriber decides"
)
#: Case 69 (an old complicated CIWA-Ar, today's COWS above 36, no suicide screen): the intoxication screen alone.
CASE_69 = (
    "is given today; after the re-score and the screen, before any dose: screen for intoxication (breath alcohol above "
    "zero, or signs of sedative intoxication), give thiamine and check blood glucose; "
    # R57 M2: after the delirium screen the hold bars a dose in delirium too (was: "if intoxicated: no dose now (")
    "if delirium or intoxication: no dose here (delirium: to the ED by emergency services; intoxication: if "
    "transferred, tell the receiving team at handover the breath alcohol reading or the signs, with the time; if not: "
    "ask the patient to stay on site and repeat the screen and the scores when it clears; if it has not cleared by the "
    "end of the session, or withdrawal worsens: arrange a higher level of care; the patient must not drive today; if "
    "the patient insists: offer a lift or a taxi, and follow local policy); otherwise treat on the current score (a "
    # R47 M1: the prescriber's step joined into the screen's otherwise, after the delirium screen finds none
    "first dose before transfer only if it does not delay the transfer), and, if the delirium screen finds no "
    "delirium, a prescriber treats withdrawal (if transferred: a first dose before transfer only if it does not delay "
    "the transfer; at handover tell the receiving team the CIW"
)


@pytest.mark.parametrize(("number", "said"), [(58, CASE_58), (69, CASE_69)], ids=["58", "69"])
def test_item7_the_screen_first_then_treat_on_the_current_score(number: int, said: str) -> None:
    headline = built(cases(800)[number]).headline
    assert said in headline, headline


@pytest.mark.parametrize("number", ITEM_7)
def test_item7_each_of_the_eleven(number: int) -> None:
    headline = built(cases(800)[number]).headline
    assert f"; {TREAT}; after the re-score and the screen, before any dose: " not in headline, headline
    assert headline.count(TREAT) == 1, headline
    screen = headline.index("; after the re-score and the screen, before any dose: ")
    # R47 M1: the prescriber's step joined into the screen's otherwise (was "); otherwise {TREAT}; a prescriber")
    assert screen < headline.index(f"); otherwise {TREAT}, and, {NO_DELIRIUM}a prescriber"), headline


def test_item7_sweep_no_headline_treats_before_the_screen_after_it() -> None:
    """Sweep: no headline of the 800 says a re-score's "treat on the current score" right before a screen before any
    dose it depends on ("...; treat on the current score (...); [after the re-score and the screen, ]before any
    dose: ..."); the 11 say it after that screen's "otherwise "."""
    before = re.compile(
        r"treat on the current score(?: \([^()]*\))?; (?:after the re-score and the screen, )?before any dose:"
    )
    wrong = [case.number for case in cases(800) if before.search(built(case).headline)]
    assert not wrong, wrong
    # R47 M1: the prescriber's step joined into the screen's otherwise (was "); otherwise {TREAT}; a prescriber")
    moved = [
        case.number
        for case in cases(800)
        if f"); otherwise {TREAT}, and, {NO_DELIRIUM}a prescriber" in built(case).headline
    ]
    assert tuple(moved) == ITEM_7


# --- physician review R47, must-fix M1: the prescriber's opioid step inside the screen's "otherwise" ----------------

#: R47 M1, its words (the 10 cases with "a prescriber's review (", and case 69's "a prescriber treats withdrawal (").
R47_REVIEW = (
    "(a first dose before transfer only if it does not delay the transfer), and, if the delirium screen finds no "
    "delirium, a prescriber's review ("
)
R47_TREATS = (
    "(a first dose before transfer only if it does not delay the transfer), and, if the delirium screen finds no "
    "delirium, a prescriber treats withdrawal ("
)
#: The words R47 M1 rejects: an unconditional opioid step after the screen's hold.
OTHERWISE_TREAT = "otherwise treat on the current score ("
SPLIT_STEPS = ("; a prescriber's review (", "; a prescriber treats withdrawal (")


@pytest.mark.parametrize("number", ITEM_7)
def test_r47_m1_the_prescriber_step_inside_the_otherwise(number: int) -> None:
    """R47 M1: in each of the 11, "; a prescriber's review (" / "; a prescriber treats withdrawal (" never follows
    "otherwise treat on the current score ("; the step is joined into it, after the delirium screen finds none."""
    headline = built(cases(800)[number]).headline
    after = headline[headline.index(OTHERWISE_TREAT) :]
    for split in SPLIT_STEPS:
        assert split not in after, headline
    assert (R47_TREATS if number == 69 else R47_REVIEW) in headline, headline
    assert headline.count(OTHERWISE_TREAT) == 1, headline


@pytest.mark.parametrize(
    ("number", "said"),
    [
        (
            58,
            "; otherwise treat on the current score (a first dose before transfer only if it does not delay the "
            "transfer), and, if the delirium screen finds no delirium, a prescriber's review (if transferred: a first "
            "dose before transfer only if it does not delay the transfer; if not: before the patient leaves): treat "
            "withdrawal as the prescriber decides, with buprenorphine, or methadone as the COWS flag says; ",
        ),
        (
            69,
            "; otherwise treat on the current score (a first dose before transfer only if it does not delay the "
            "transfer), and, if the delirium screen finds no delirium, a prescriber treats withdrawal (if transferred: "
            "a first dose before transfer only if it does not delay the transfer; at handover tell the receiving team "
            "the CIWA-Ar re-score, the delirium screen, the last COWS score and any dose with its time; if not: before "
            "the patient leaves): buprenorphine, or methadone as the COWS flag says; ",
        ),
    ],
    ids=["58", "69"],
)
def test_r47_m1_the_reviewers_cases(number: int, said: str) -> None:
    headline = built(cases(800)[number]).headline
    assert said in headline, headline


def test_r47_m1_sweep_no_prescriber_step_after_the_otherwise_unjoined() -> None:
    """Sweep over the 800: no headline says the re-score's "otherwise treat on the current score (...)" and then the
    prescriber's step after a "; " (outside that otherwise); the 11 join it."""
    split = re.compile(
        r"otherwise treat on the current score \([^()]*\); a prescriber(?:'s review| treats withdrawal) \("
    )
    joined = (R47_REVIEW, R47_TREATS)
    wrong, said = [], []
    for case in cases(800):
        headline = built(case).headline
        if split.search(headline):
            wrong.append(case.number)
        if any(j in headline for j in joined):
            said.append(case.number)
    assert not wrong, wrong
    assert tuple(said) == ITEM_7


# --- physician review R47, should-fix S1: the delirium screen named as the first step's re-score's -----------------

#: R47 S1, its words: 69 144 224 264 266 420 422 715 (the intoxication screen alone), 58 189 770 (the overdose
#: question too).
R47_S1 = (
    "once the first step's delirium screen finds no delirium and its screen before any dose finds no intoxication; "
)
R47_S1_OVERDOSE = (
    "once the first step's delirium screen finds no delirium and its screen before any dose finds no overdose or "
    "ingestion and no intoxication; "
)
#: The 17 boxes whose screen before any dose asks about delirium itself (CAM or 4AT): left as they are (R47 S1).
R47_S1_LEFT = (17, 34, 72, 281, 304, 326, 335, 364, 386, 413, 491, 552, 572, 606, 633, 689, 743)


@pytest.mark.parametrize("number", ITEM_7)
def test_r47_s1_the_elevens_threshold_boxes(number: int) -> None:
    box = _box(number)
    want = R47_S1_OVERDOSE if number in (58, 189, 770) else R47_S1
    assert f"the first dose may be given {want}re-score the COWS after dosing" in box, box
    assert "screen before any dose finds no delirium" not in box, box


def test_r47_s1_case_58_whole_box() -> None:
    # R71 should-fix 1, R72 must-fix (was: "If starting buprenorphine by standard induction, the first dose may be
    # given once the first step's delirium screen finds ...; re-score"): beside a first step that transfers on the
    # CIWA-Ar re-score's findings, the transfer first, its first dose before transfer after the same screens
    assert _box(58) == standard_induction_said(SCREENS_432) + (
        "re-score the COWS after dosing; "
        # R69 Q2 handover (was: without "if transferred: at handover tell ...")
        "if transferred: at handover tell the receiving team the last CIWA-Ar and COWS scores, the delirium screen "
        "and any dose with its time; "
        "if a benzodiazepine is given with buprenorphine or methadone: monitor "
        # R50 S2: two withdrawals, the headline's watch before the driving clause
        "sedation and breathing while the patient is on site (if transferred: until handover); if a dose is given: "
        "the patient must not drive today. Fentanyl-era protocols differ (low-dose or micro-induction needs no "
        "withdrawal; high-dose induction starts higher): follow the local protocol"
    )


@pytest.mark.parametrize("number", R47_S1_LEFT)
def test_r47_s1_the_other_seventeen_left(number: int) -> None:
    box = _box(number)
    assert "once the first step's screen before any dose finds no delirium" in box, box
    assert "delirium screen finds" not in box, box


def test_r47_s1_case_450_left() -> None:
    box = _box(450)
    assert "once the screen before any dose finds no delirium, no overdose or ingestion and no intoxication" in box, box


def test_r47_s1_sweep_only_the_eleven() -> None:
    said = [case.number for case in cases(800) if "delirium screen finds no delirium and its" in _box_of(case)]
    # R67 F1 (was: ITEM_7): and the three beside the old severe CIWA-Ar's re-score now screened for delirium (R65 F1)
    assert tuple(said) == tuple(sorted((*ITEM_7, 39, 432, 698)))


def _box_of(case) -> str:  # type: ignore[no-untyped-def]
    return " ".join(f.action for f in built(case).flags if f.code == THRESHOLD)


# --- physician review R47, b5 Q3: R23b A4's and R24b 3's "allow it" (grid cases, none of the 800) ------------------

#: R47 (b5 Q3), its words: R23b A4 (the COWS box's screen asks about delirium, an overdose or ingestion, and
#: intoxication) and R24b 3 (the re-score carries the delirium screen; the COWS box holds on an overdose or
#: intoxication).
R47_A4 = (
    "the first dose may be given once the CIWA-Ar re-score is done and the screen before any dose finds no delirium, "
    "no overdose or ingestion and no intoxication"
)
R47_R24B_3 = (
    "once the first step's CIWA-Ar re-score and delirium screen find no delirium and its screen before any dose finds "
    "no overdose or ingestion and no intoxication"
)


@pytest.mark.parametrize("cows", ["19", "30", "48"])
def test_r47_q3_r23b_a4(cows: str) -> None:
    from tests.test_placement_headline_review_r23b import _a

    (box,) = [f.action for f in _a(cows).flags if f.code == THRESHOLD]
    assert f"{R47_A4}, before transfer only if it does not delay the transfer; " in box, box
    assert "allow it" not in box, box


@pytest.mark.parametrize("cows", ["19", "30"])
def test_r47_q3_r24b_3(cows: str) -> None:
    from tests.test_placement_headline_review_r24b import _old21

    (box,) = [f.action for f in _old21(cows).flags if f.code == THRESHOLD]
    assert f"the first dose may be given {R47_R24B_3}; re-score the COWS after dosing" in box, box
    assert "allow it" not in box, box


# --- physician review R47, for the lead: 39, 432, 698's "after the re-score and that screen" ------------------------


@pytest.mark.parametrize(
    ("number", "said"),
    [
        (
            39,
            # R68 M1 (was: "...; after the re-score and that screen, if it finds no intoxication, a prescriber's ...")
            "; treat on the current score; after the re-score and these screens, if they find no delirium and no "
            "intoxication, a prescriber's review (if transferred: ",
        ),
        (
            432,
            # R68 M1 (was: "...; after the re-score and that screen, if it finds no overdose or ingestion and no
            # intoxication, a prescriber treats ...")
            "; treat on the current score; after the re-score and these screens, if they find no delirium, no "
            "overdose or ingestion and no intoxication, a prescriber treats withdrawal (if transferred: ",
        ),
        (
            698,
            # R68 M1 (was: "...; after the re-score and that screen, if it finds no intoxication, a prescriber's ...")
            "; treat on the current score; after the re-score and these screens, if they find no delirium and no "
            "intoxication, a prescriber's review (if transferred: ",
        ),
    ],
    ids=["39", "432", "698"],
)
def test_r47_lead_the_prescriber_step_on_that_screen_s_finding(number: int, said: str) -> None:
    headline = built(cases(800)[number]).headline
    assert said in headline, headline


def test_r47_lead_sweep_that_screen_always_says_its_finding() -> None:
    """Sweep over the 800: "after the re-score and that screen, " is never followed by the prescriber's step
    unconditionally; the 3 say it on the screen's finding."""
    wrong, said = [], []
    for case in cases(800):
        headline = built(case).headline
        if "after the re-score and that screen, a prescriber" in headline:
            wrong.append(case.number)
        # R68 M1 (was: "after the re-score and that screen, if it finds no "): the 3 wait for F1's delirium screen too
        if "after the re-score and these screens, if they find no delirium" in headline:
            said.append(case.number)
    assert not wrong, wrong
    assert said == [39, 432, 698]
