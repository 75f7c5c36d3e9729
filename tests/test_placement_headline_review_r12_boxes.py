"""Physician review R12 (session 13), should-fix 5 (R11 should-fix 3 (b)): beside a C-SSRS high risk (no rating of 4)
and beside dimension 1, 2 or 3 rated 4 (a transfer now), the COWS flag's box, and the COWS part of dimension 1's
rating-below box, never say "before the patient leaves" (Joint Commission NPSG 15.01.01: do not leave a patient at
high suicide risk alone; ASAM Criteria 2013: rating 4, imminent danger). Only the step's opening is said again; the
rest of the box (the only home of the 72-hour rule, 21 CFR 1306.07(b)) is kept. Every text is typed by hand from the
reviewer's words (/work/reviews/r12.md item 5), never computed by iopkit. The reviewer quoted the 13-36 opening as
"Prescriber's review before the patient leaves:" and the above-36 one as "Treat withdrawal now, before the patient
leaves, as the prescriber decides:", which is how the boxes say them.
"""

import dataclasses
import itertools

import pytest

from .intoxication_screens import SCREEN_ALCOHOL_OVERDOSE, SCREEN_OPIOID_OVERDOSE, r32a
from .test_placement_headline_review_r7_old_scores import built, given, rated_4
from .test_placement_headline_review_r7_old_scores import recommended as H  # the reviewer's repro helper

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

CSSRS = {
    "none": None,
    "low": ["yes", "no", None, None, None, "no", None],
    "moderate": ["yes", "yes", "yes", "no", "no", "no", None],
    "high": ["yes", "yes", "no", "yes", "no", "no", None],
}
CIWA = {
    "mild": [1, 1, 1, 1, 1, 0, 0, 0, 1, 0],
    "moderate": [2, 2, 2, 2, 2, 1, 0, 0, 1, 0],
    "severe": [4, 3, 3, 3, 3, 2, 0, 0, 3, 0],
    "complicated": [1, 1, 1, 1, 1, 0, 4, 0, 1, 0],
}
COWS_19 = [2, 2, 3, 2, 2, 2, 2, 2, 1, 1, 0]
COWS_48 = [4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 5]
COWS_CODES = {"moderate_opioid_withdrawal", "moderately_severe_opioid_withdrawal", "severe_opioid_withdrawal"}

# the boxes' openings as raised, and the reviewer's words for them; physician review R16 (session 15), must-fix M2 and
# should-fix S7, retyped: every box that doses says the headline's screen before its first dose verb, after its lead
# ("Prescriber's review ...: before any dose: ...; otherwise treat withdrawal"), opening the box where the dose verb
# does ("Before any dose: ...; otherwise treat withdrawal ...")
SCREEN_OPIOID = (  # R16-M2: "COWS dose (opioid) with no CIWA-Ar"
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication); if "
    "intoxicated: no dose here (the patient must not drive today); otherwise"
)
#: the COWS step without its own screen, as dimension 1's rating-below box carries it after the CIWA-Ar step's screen
#: (one screen per box, before its first dose: R16-M2)
ABOVE_36_WAITS_BARE = (
    "treat withdrawal now, while the patient waits for the suicide evaluation (if transferred: a first dose before "
    "transfer only if it does not delay the transfer), as the prescriber decides:"
)
ABOVE_36_LEAVES_RAISED = "Treat withdrawal now, before the patient leaves, as the prescriber decides:"
ABOVE_36_LEAVES = f"B{SCREEN_OPIOID[1:]} treat withdrawal now, before the patient leaves, as the prescriber decides:"
ABOVE_36_WAITS = (
    f"B{SCREEN_OPIOID[1:]} treat withdrawal now, while the patient waits for the suicide evaluation (if transferred: a "
    "first dose before transfer only if it does not delay the transfer), as the prescriber decides:"
)
# R14-S2 retyped (r14.md, its words), then R16-S7's: "Before any dose: <screen>; if <...>: no dose here; otherwise
# treat withdrawal as the prescriber decides (a first dose before transfer only if it does not delay the transfer and
# the reason for rating 4 allows it): buprenorphine, ..."
ABOVE_36_AT_4 = (
    f"B{SCREEN_OPIOID[1:]} treat withdrawal as the prescriber decides (a first dose before transfer only if it does "
    "not delay the transfer and the reason for rating 4 allows it):"
)
# physician review R16 (session 15), should-fix S5, the reviewer's words: beside a C-SSRS high or moderate risk every
# dose box's screen asks about an overdose or ingestion first ("before any dose: ask about any overdose or ingestion
# today and screen for intoxication (...); if an overdose or ingestion, or intoxicated: no dose here (an overdose or
# ingestion: to the ED by emergency services); otherwise "), typed in tests/intoxication_screens.py
OVERDOSE_OPIOID = SCREEN_OPIOID_OVERDOSE.rstrip()
OVERDOSE_ALCOHOL = SCREEN_ALCOHOL_OVERDOSE.rstrip()
#: R67 F1 (d): the same screen after the old severe CIWA-Ar's re-score screened for delirium (R65 F1), beside the C-SSRS
#: high's emergency evaluation: any dose held in delirium, merged with the overdose's hold (R60 Q2 (a)'s words), then
#: intoxication's own hold while the patient waits (R32 (a): "no dose now", staff stay; "the scores": both withdrawals).
OVERDOSE_ALCOHOL_F1 = (
    "before any dose: ask about any overdose or ingestion today and screen for intoxication (breath alcohol above "
    "zero, or signs of sedative intoxication), give thiamine and check blood glucose; if delirium, or an overdose or "
    "ingestion: no dose here; call emergency services for the ED; staff with the patient until handover (naloxone if "
    "signs of opioid overdose); if intoxicated: no dose now (staff stay with the patient; repeat the screen and the "
    "scores when it clears, or tell the receiving team at handover; the patient must not drive today); otherwise"
)
ABOVE_36_LEAVES_S5 = ABOVE_36_LEAVES.replace(SCREEN_OPIOID[1:], OVERDOSE_OPIOID[1:])
ABOVE_36_WAITS_S5 = ABOVE_36_WAITS.replace(SCREEN_OPIOID[1:], OVERDOSE_OPIOID[1:])
ABOVE_36_AT_4_S5 = ABOVE_36_AT_4.replace(SCREEN_OPIOID[1:], OVERDOSE_OPIOID[1:])
REVIEW_LEAVES_RAISED = "Prescriber's review before the patient leaves:"
REVIEW_LEAVES = f"Prescriber's review before the patient leaves: {SCREEN_OPIOID}"
REVIEW_WAITS = (
    "Prescriber's review now, while the patient waits for the suicide evaluation (if transferred: a first dose before "
    f"transfer only if it does not delay the transfer): {SCREEN_OPIOID}"
)
REVIEW_AT_4 = (  # R14-S2 retyped: "same screen in the moderate box's parenthesis"; R16-M2: after the lead, its hold
    "Prescriber's review (a first dose before transfer only if it does not delay the transfer and the reason for "
    f"rating 4 allows it): {SCREEN_OPIOID}"
)
REVIEW_WAITS_S5 = REVIEW_WAITS.replace(SCREEN_OPIOID, OVERDOSE_OPIOID)  # R16-S5
REVIEW_AT_4_S5 = REVIEW_AT_4.replace(SCREEN_OPIOID, OVERDOSE_OPIOID)  # R16-S5, beside a C-SSRS moderate or high
SEVERE_REST = (
    " buprenorphine, or methadone only in an opioid treatment programme or under the 72-hour rule (given or dispensed "
    "on site, at most a 3-day supply while referral is arranged, not renewed or extended; never prescribed); re-score "
    "the COWS after dosing"
)
MODERATE_REST = (
    " treat withdrawal as the prescriber decides, with buprenorphine, or methadone only in an opioid treatment "
    "programme or under the 72-hour rule (given or dispensed on site, at most a 3-day supply while referral is "
    "arranged, not renewed or extended; never prescribed); re-score the COWS 1-2 hours after dosing"
)
NEVER = ("before the patient leaves", "now, now", "now, (")


def _told(opening, scores="the last COWS score"):
    """``opening`` with the dose's handover in its "(if transferred: ...)": physician review R26b, should-fix S9 (R23a
    finding 2's words in every box that may dose before a transfer)."""
    return opening.replace(
        "delay the transfer)",
        f"delay the transfer; at handover tell the receiving team {scores} and any dose with its time)",
        1,
    )


def _box(rec, codes):
    (flag,) = (f for f in rec.flags if f.code in codes)
    return flag.action


@pytest.mark.parametrize(
    ("cows", "cssrs", "ratings", "opening", "rest"),
    [
        # beside a C-SSRS high or moderate the screen asks about an overdose or ingestion (R16-S5)
        (COWS_48, "high", {}, _told(ABOVE_36_WAITS_S5), SEVERE_REST),
        (COWS_48, "none", {1: 4}, ABOVE_36_AT_4, SEVERE_REST),
        (COWS_48, "high", {3: 4}, ABOVE_36_AT_4_S5, SEVERE_REST),
        (COWS_48, "low", {2: 4}, ABOVE_36_AT_4, SEVERE_REST),
        (COWS_19, "high", {}, _told(REVIEW_WAITS_S5), MODERATE_REST),
        (COWS_19, "moderate", {1: 4}, REVIEW_AT_4_S5, MODERATE_REST),
        (COWS_19, "high", {2: 4}, REVIEW_AT_4_S5, MODERATE_REST),
        (COWS_48, "moderate", {}, ABOVE_36_LEAVES_S5, SEVERE_REST),  # no high, no 4: the box as raised
        (COWS_19, "none", {}, REVIEW_LEAVES, MODERATE_REST),
    ],
)
def test_cows_box_opening_in_the_reviewers_words_and_the_rest_kept(cows, cssrs, ratings, opening, rest):
    rec = built(ratings, today=[("cows", cows), ("cssrs_screen", CSSRS[cssrs])])
    box = _box(rec, COWS_CODES)
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a); physician review R35 M1/M2/M3,
    # R36 N1: its setting read from the case (a C-SSRS high risk: the suicide wait; a rating of 4: the transfer now;
    # a C-SSRS moderate risk: the same-day suicide risk assessment first)
    assert box.startswith(r32a(opening + rest, case=rec))


def test_rated_below_d1_box_carries_the_same_words():
    rec = H({1: 0}, old=[("ciwa_ar", CIWA["severe"])], today=[("cows", COWS_48), ("cssrs_screen", CSSRS["high"])])
    d1 = _box(rec, {"rated_below_suggestion_d1"})
    assert ABOVE_36_WAITS_BARE + SEVERE_REST in d1
    assert "treat withdrawal now, before the patient leaves" not in d1


def test_headline_the_same_as_with_the_boxes_as_raised():
    # the headline reads the boxes as raised: typed back by hand, it is byte for byte the same
    # beside the old severe CIWA-Ar the COWS boxes say the headline's alcohol screen (R16-M2), beside the C-SSRS high
    # with its overdose question (R16-S5)
    # physician review R18 (session 16), must-fix M2: beside the C-SSRS high too the COWS box's screen follows the
    # first step's re-score of the old CIWA-Ar (R17b-M2's words: "After the first step's CIWA-Ar re-score (last 21 on
    # 20 Nov 2026, severe), before any dose: ")
    after_delirium = (
        "fter the first step's CIWA-Ar re-score and delirium screen (CAM or 4AT) (last 21 on 20 Nov 2026, severe), "
    )
    for cows, opening, raised in (
        # physician review R26b, should-fix S9: the dose's handover in its "(if transferred: ...)"
        # R67 F1 (a) (was: f"A{after}b{OVERDOSE_ALCOHOL[1:]} {_told(ABOVE_36_WAITS_BARE, 'the last CIWA-Ar and COWS
        # scores')}", after = "fter the first step's CIWA-Ar re-score (last 21 on 20 Nov 2026, severe), "): the first
        # step's re-score screens for delirium (R65 F1), so the box names the screen
        # (after_delirium, R24b 3's words), holds any dose in delirium merged with the overdose's hold (R60 Q2 (a)'s
        # words) and tells the screen at handover (R64 S3, R65 F2)
        (
            COWS_48,
            f"A{after_delirium}b{OVERDOSE_ALCOHOL_F1[1:]} "
            f"{_told(ABOVE_36_WAITS_BARE, 'the last CIWA-Ar and COWS scores, the delirium screen')}",
            ABOVE_36_LEAVES_RAISED,
        ),
        # physician review R24b 3 (with R16-M1; R25b 2: OK): at COWS 13-36 the re-score comes with the delirium screen
        # physician review R68 M2 (was: OVERDOSE_ALCOHOL, the overdose's hold without delirium): its screen holds any
        # dose in delirium merged with the overdose's hold, in the ruling's words (OVERDOSE_ALCOHOL_F1)
        (
            COWS_19,
            _told(
                REVIEW_WAITS.replace(SCREEN_OPIOID, f"a{after_delirium}{OVERDOSE_ALCOHOL_F1}"),
                "the CIWA-Ar re-score, the delirium screen, the last COWS score",
            ),
            REVIEW_LEAVES_RAISED,
        ),
    ):
        rec = H(old=[("ciwa_ar", CIWA["severe"])], today=[("cows", cows), ("cssrs_screen", CSSRS["high"])])
        back = tuple(
            # physician review R32 (a) (its four settings), R34 S1: the opening's hold as its setting words it (r32a);
            # physician review R35 M2, R36 N1: the setting read from the case (a rating of 4: the transfer now)
            dataclasses.replace(f, action=f.action.replace(r32a(opening, case=rec), raised))
            if f.code in COWS_CODES
            else f
            for f in rec.flags
        )
        assert back != rec.flags
        assert dataclasses.replace(rec, flags=back).headline == rec.headline
    for cows, opening, raised in (
        (COWS_48, ABOVE_36_AT_4, ABOVE_36_LEAVES_RAISED),
        (COWS_19, REVIEW_AT_4, REVIEW_LEAVES_RAISED),
    ):
        rec = H({2: 4}, today=[("cows", cows)])
        back = tuple(
            # physician review R32 (a) (its four settings), R34 S1: the opening's hold as its setting words it (r32a);
            # physician review R35 M2, R36 N1: the setting read from the case (a rating of 4: the transfer now)
            dataclasses.replace(f, action=f.action.replace(r32a(opening, case=rec), raised))
            if f.code in COWS_CODES
            else f
            for f in rec.flags
        )
        assert back != rec.flags
        assert dataclasses.replace(rec, flags=back).headline == rec.headline


def _grid():
    ciwa = [(None, None)] + [(k, when) for k in CIWA for when in ("today", "old")]
    grid = itertools.product(ciwa, (COWS_19, COWS_48), ("none", "low", "moderate", "high"), (None, 1, 2, 3))
    return [(c, cows, cssrs, at_4) for c, cows, cssrs, at_4 in grid if cssrs == "high" or at_4]


@pytest.mark.parametrize(("ciwa", "cows", "cssrs", "at_4"), _grid())
def test_no_cows_box_beside_high_or_4_says_leaves(ciwa, cows, cssrs, at_4):
    rec = built(
        rated_4(at_4), given("ciwa_ar", CIWA, ciwa), ("cssrs_screen", CSSRS[cssrs], "today"), today=[("cows", cows)]
    )
    box = _box(rec, COWS_CODES)
    assert not [p for p in NEVER if p in box]
    # the rest of the box, the 72-hour rule's only home, is kept
    assert "72-hour rule" in box
