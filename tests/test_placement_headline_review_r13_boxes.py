"""Physician review R13 (session 14), the chart boxes beside the headline: must-fix M1, M2; should-fix S10, S1, S3, S2.

The common rule: a box (any flag's next step) never says "before the patient leaves" where the headline has ordered an
emergency evaluation for suicide risk (C-SSRS screener high risk; Posner et al. 2011: do not leave the patient alone),
a transfer now, or a transfer for dimension 1, 2 or 3 rated 4 (ASAM Criteria 2013: imminent danger); beside a C-SSRS
high it offers neither "capacity to decline" nor 3.7-WM; beside a rating of 4 no dose without the intoxication screen
and no 3.7-WM. Every expected text is typed by hand from the reviewer's words (/work/reviews/r13.md), never computed by
iopkit; where the reviewer wrote "(...)" or "..." for a part of a box left as it is, the test reads any bracket or any
words there (:func:`_reviewers`). The answers arrays are the reviewer's (totals checked there with iopkit.score).
"""

import itertools
import re

import pytest

from iopkit.placement import Recommendation, headline_steps

from .intoxication_screens import NEXT_TRANSFER, SUICIDE_WAIT
from .test_placement_headline_review_r7_old_scores import built, either_day, given, grid_id, rated_4, recommended

# R31 M4 (physician review R31, must-fix M4, and S5): an overdose or ingestion held at the screen before a dose:
# call emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose
# (re-typed by /work/scripts/ovd_ed_retype.py).

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

CIWA_MOD13 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 0]
CIWA_SEV21 = [4, 3, 3, 3, 3, 2, 0, 0, 3, 0]
CIWA_CMP15 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 2]
CIWA_HAL10 = [1, 1, 1, 1, 1, 0, 4, 0, 1, 0]
COWS_19 = [2, 2, 3, 2, 2, 2, 2, 2, 1, 1, 0]
COWS_48 = [4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 5]
CSSRS_HIGH = ["yes", "yes", "no", "yes", "no", "no", None]
CSSRS_MOD = ["yes", "yes", "yes", "no", "no", "no", None]
PHQ_I9POS = [2, 2, 2, 2, 2, 2, 2, 2, 1]

LEAVES = "before the patient leaves"
COWS_CODES = {"moderate_opioid_withdrawal", "moderately_severe_opioid_withdrawal", "severe_opioid_withdrawal"}


def _reviewers(text):
    """The reviewer's words as a pattern: "(...)" any bracket, "..." any words, the rest exactly."""
    out = re.escape(text).replace(re.escape("(...)"), r"\([^()]*\)").replace(re.escape("..."), ".*?")
    return re.compile(out)


def _box(rec, code):
    (action,) = (f.action for f in rec.flags if f.code == code)
    return action


def _boxes(rec):
    return [f.action for f in rec.flags if f.action]


# R13-M1, the reviewer's words; physician review R16 (session 15), must-fix M2: the headline's screen after the
# box's lead "Re-score the COWS now (...): if still 37 or more, ", before its dose verb; R16's should-fix S5: beside
# the C-SSRS high that screen asks about an overdose or ingestion first
M1_HIGH = (
    "Re-score the COWS now (last 48 on 20 Nov 2026, severe): if still 37 or more, before any dose: ask about any "
    "overdose or ingestion today and screen for intoxication (breath alcohol above zero, or signs of sedative "
    "intoxication); if an overdose or ingestion, or intoxicated: no dose here (an overdose or ingestion: call "
    "emergency services for the ED, staff with the patient until handover, naloxone if signs of opioid overdose"
    # physician review R32 (a) (its four settings): while the patient waits for the suicide evaluation, staff stay
    f"; intoxicated: {SUICIDE_WAIT}); otherwise a prescriber treats withdrawal "
    "now, while the patient waits for the suicide "
    # physician review R26b, should-fix S9: the dose's handover in its "(if transferred: ...)"
    "evaluation (if transferred: a first dose before transfer only if it does not delay the transfer; at handover tell "
    "the receiving team the last COWS score and any dose with its time): buprenorphine, "
    "or methadone only in an opioid treatment programme or under the 72-hour "
    "rule (...); re-score the COWS after dosing; a complicating condition (...): emergency evaluation for suicide risk "
    # R48 item 2 (lower priority): staff with the patient until handover straight after the transfer
    "and emergency medical evaluation in one setting that can manage both: arrange transfer now (ED); "
    "staff with the patient until handover; treat on the "
    "current score"
    # physician review R31 M5: a box that may give a dose says its driving advice (before: none)
    "; if a dose is given: the patient must not drive today"
)
# R51 2: the severe COWS and buprenorphine boxes say the screen before "if still 37 or more" (it covers the later
# "treat on the current score" too); dimension 1's box kept M1_HIGH's order until R53 ruling 4
M1_HIGH_BOX = (
    M1_HIGH.replace("severe): if still 37 or more, before any dose: ", "severe): before any dose: ")
    .replace(
        "; otherwise a prescriber treats withdrawal now",
        "; otherwise if still 37 or more, a prescriber treats withdrawal now",
    )
    # R53 D: the treatment of a re-score below 37 said as that branch
    .replace("until handover; treat on the current score", "until handover; if below 37: treat on the current score")
)
M1_AT_4 = (
    "Re-score the COWS before transfer only if it does not delay it (last 48 on 20 Nov 2026, severe); if still 37 or "
    "more, before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication); if "
    # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team
    f"intoxicated: no dose here ({NEXT_TRANSFER}); otherwise a prescriber gives buprenorphine, or "
    "methadone only in an opioid treatment "
    "programme or under the 72-hour rule (...), before transfer only if it does not delay the transfer and the reason "
    # physician review R26b, should-fix S9: the last score and any dose told at handover, after its dose
    "for rating 4 allows it; at handover tell the receiving team the last COWS score and any dose with its time; "
    "re-score the COWS after dosing if the patient is still here"
    # physician review R31 M5: a box that may give a dose says its driving advice (before: none)
    "; if a dose is given: the patient must not drive today"
)


@pytest.mark.parametrize("ratings", [{1: 4}, {2: 4}, {3: 4}, {}])
def test_m1_old_cows_48_beside_a_high_or_a_4_never_says_leaves(ratings):
    # the reviewer's one-line test: for each of {1:4},{2:4},{3:4},{} + CSSRS_HIGH with old COWS_48
    today = [("cssrs_screen", CSSRS_HIGH)] if not ratings else []
    r = recommended(ratings, old=[("cows", COWS_48)], today=today)
    assert not any("before the patient leaves" in f.action for f in r.flags)
    assert "72-hour rule" in _box(r, "severe_opioid_withdrawal")


@pytest.mark.parametrize("ratings", [{1: 4}, {2: 4}, {3: 4}, {}])
def test_m1_old_cows_48_with_a_high_too_never_says_leaves(ratings):
    r = recommended(ratings, old=[("cows", COWS_48)], today=[("cssrs_screen", CSSRS_HIGH)])
    assert not any(LEAVES in f.action for f in r.flags)
    assert "72-hour rule" in _box(r, "severe_opioid_withdrawal")


@pytest.mark.parametrize("code", ["severe_opioid_withdrawal", "buprenorphine_induction_threshold"])
def test_m1_beside_a_high_the_reviewers_words(code):
    r = recommended(old=[("cows", COWS_48)], today=[("cssrs_screen", CSSRS_HIGH)])
    assert _reviewers(M1_HIGH_BOX).fullmatch(_box(r, code)), _box(r, code)  # R51 2
    d1 = _box(r, "rated_below_suggestion_d1")
    # R53 ruling 4: dimension 1's box says the screen before "if still 37 or more" too (M1_HIGH_BOX's order)
    assert _reviewers(M1_HIGH_BOX[:1].lower() + M1_HIGH_BOX[1:]).search(d1) or _reviewers(M1_HIGH_BOX).search(d1), d1


@pytest.mark.parametrize("ratings", [{1: 4}, {2: 4}, {3: 4}])
@pytest.mark.parametrize("code", ["severe_opioid_withdrawal", "buprenorphine_induction_threshold"])
def test_m1_beside_a_rating_of_4_the_reviewers_words(ratings, code):
    r = recommended(ratings, old=[("cows", COWS_48)])
    assert _reviewers(M1_AT_4).fullmatch(_box(r, code)), _box(r, code)
    # the 72-hour clause in full (21 CFR 1306.07(b)), as the R12 test typed it
    assert (
        "under the 72-hour rule (given or dispensed on site, at most a 3-day supply while referral is arranged, not "
        "renewed or extended; never prescribed)" in _box(r, code)
    )


# R13-M2
M2_HIGH = (
    "Arrange transfer now (ED: emergency evaluation for suicide risk and emergency medical evaluation in one "
    "setting); if the patient declines transfer or tries to leave: staff stay with the patient and call emergency "
    "services for an emergency mental-health assessment (local involuntary-assessment procedure); ..."
)


CIWA = {"mod": CIWA_MOD13, "sev": CIWA_SEV21, "cmp": CIWA_CMP15, "hal": CIWA_HAL10}


def _m2_grid():
    return list(itertools.product(either_day(CIWA), [None, 1, 2, 3]))


@pytest.mark.parametrize(("ciwa", "at_4"), _m2_grid())
def test_m2_beside_todays_high_no_capacity_nor_3_7_wm(ciwa, at_4):
    r = built(rated_4(at_4), given("ciwa_ar", CIWA, ciwa), today=[("cssrs_screen", CSSRS_HIGH)])
    # the reviewer's one-line test, verbatim
    assert not any(
        "capacity to decline" in f.action or "3.7-WM/4-WM" in f.action
        for f in r.flags
        if f.code != "complicated_withdrawal_risk"
    )


@pytest.mark.parametrize("code", ["severe_alcohol_withdrawal", "rated_below_suggestion_d1"])
def test_m2_severe_ciwa_ar_beside_a_high_the_reviewers_words(code):
    r = recommended(today=[("ciwa_ar", CIWA_SEV21), ("cssrs_screen", CSSRS_HIGH)])
    assert _reviewers(M2_HIGH).match(_box(r, code)), _box(r, code)


def test_m2_imminent_danger_boxes_beside_a_high_the_reviewers_words():
    for ratings, code in (({1: 4}, "imminent_danger_d1"), ({2: 4}, "imminent_danger_d2")):
        r = recommended(ratings, today=[("cssrs_screen", CSSRS_HIGH)])
        assert _reviewers(M2_HIGH).match(_box(r, code)), _box(r, code)


# R13-S10; physician review R16 (session 15), must-fix M2 and should-fix S7: the box opens with the headline's screen
# (here its alcohol screen: CIWA-Ar 13 alongside, one step for both withdrawals)
S10_COWS = (
    # R42 item 1 (R31 should-fix S8) (b): the headline's transfer is the COWS flag's own complicating condition
    # (alcohol withdrawal alongside): the box opens with that transfer, its "before any dose" then lower-cased
    "Emergency evaluation now: alcohol withdrawal alongside (CIWA-Ar 13 today), a complicating condition: arrange "
    "transfer now (ED, or 3.7-WM/4-WM); "
    # R46 Q4: staff with the patient until handover on every path, straight after the transfer
    "staff with the patient until handover; "
    "if the patient declines transfer: the prescriber assesses and records "
    "capacity to decline (without capacity: transfer by emergency services; with capacity: record the advice given "
    "and the risks explained; arrange the highest level of care the patient accepts; any dose as the prescriber "
    "decides; tell the patient and any supportive person to call emergency services for a seizure, confusion, "
    "hallucinations or any worsening); "
    # R43 should-fix 3 (3(b-1)): the driving rule after the refusal, the reviewer's words
    "the patient must not drive; "
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team
    f"thiamine and check blood glucose; if intoxicated: no dose here ({NEXT_TRANSFER}); otherwise "
    "treat withdrawal now (a first dose "
    "before transfer only if it does not delay the transfer), as the prescriber decides: ..."
)
S10_CIWA = (
    "Prescriber's review now (a first dose before transfer only if it does not delay the transfer): ...; re-score the "
    "CIWA-Ar within 1 hour of a dose if the patient is still here; at handover give the receiving team the last score "
    "and any dose with its time"
    # physician review R16 (session 15), the ruling on C03 and C33: the box says it after "at handover", its words
    "; if a dose is given: the patient must not drive today"
)


def _transfer_now_first(rec):
    """The reviewer's "the headline's first step is 'arrange transfer now'": its first step arranges one, no
    condition before it ("if ...", a re-score that decides it, "at 8 or more": R13-M3's conditional transfer)."""
    first = headline_steps(rec.headline)[0].text
    at = first.find("arrange transfer now")
    return at >= 0 and not re.search(r"\bif\b|\bre-score\b|\bat \d+ or more\b", first[:at])


def test_s10_ciwa_ar_13_and_cows_48_today_the_reviewers_words():
    r = recommended(today=[("ciwa_ar", CIWA_MOD13), ("cows", COWS_48)])
    assert _transfer_now_first(r)
    assert _reviewers(S10_COWS).match(_box(r, "severe_opioid_withdrawal"))
    # R21 S4: beside the COWS box's buprenorphine the benzodiazepine's monitoring as the headline says it, after the
    # CIWA-Ar re-score that ends the dose step
    s4 = S10_CIWA.replace(
        "if the patient is still here; at handover",
        "if the patient is still here; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation "
        "and breathing until handover; at handover",
    )
    assert _reviewers(s4).fullmatch(_box(r, "moderate_alcohol_withdrawal"))
    assert not any(LEAVES in a for a in _boxes(r))


def test_s10_ciwa_ar_10_with_hallucinations_the_reviewers_words():
    r = recommended(today=[("ciwa_ar", CIWA_HAL10)])
    assert _transfer_now_first(r)
    # R14-S5 retyped (r14.md, its words): beside complicated withdrawal the delirium and intoxication screen first
    s5 = S10_CIWA.replace(
        "Prescriber's review now (",
        "Prescriber's review now (before any dose: screen for delirium (CAM or 4AT) and intoxication (breath alcohol "
        "above zero, or signs of sedative intoxication), give thiamine and check blood glucose; if delirium or "
        # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team
        f"intoxication: no dose here (delirium: to the ED by emergency services; intoxication: {NEXT_TRANSFER}); ",
    )
    # R65 F2 (was: "the last score and any dose with its time"): this box screens for delirium (CAM or 4AT), so its
    # handover tells the screen (S10_CIWA kept for s4's box, which names no delirium screen)
    s5 = s5.replace(
        "at handover give the receiving team the last score and any dose with its time",
        "at handover give the receiving team the last score, the delirium screen and any dose with its time",
    )
    assert "the last score, the delirium screen and any dose" in s5  # the replacement took
    assert _reviewers(s5).fullmatch(_box(r, "moderate_alcohol_withdrawal"))
    assert not any(LEAVES in a for a in _boxes(r))


# R13-S1
S1_HIGH = (
    "Prescriber's review now, while the patient waits for the suicide evaluation (if transferred: a first dose before "
    # physician review R26b, should-fix S9: the dose's handover in its "(if transferred: ...)"
    "transfer only if it does not delay the transfer; at handover tell the receiving team the last CIWA-Ar score and "
    "any dose with its time): ...; re-score the CIWA-Ar within 1 hour of a dose and before "
    "the evaluation ends or at handover"
    "; if a dose is given: the patient must not drive today"  # R16, the ruling on C03 and C33
)
S1_AT_4 = (  # physician review R16 (session 15), must-fix M2: the CIWA-Ar screen with its hold, after the lead
    "Prescriber's review (a first dose before transfer only if it does not delay the transfer and the reason for "
    "rating 4 allows it): before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative "
    # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team
    f"intoxication), give thiamine and check blood glucose; if intoxicated: no dose here ({NEXT_TRANSFER}); "
    "otherwise ...; re-score the "
    "CIWA-Ar within 1 hour of a dose if the patient is still here; at handover give the receiving team the last score "
    "and any dose with its time"
    "; if a dose is given: the patient must not drive today"  # R16, the ruling on C03 and C33
)


def test_s1_moderate_ciwa_ar_beside_a_high_the_reviewers_words():
    r = recommended(today=[("ciwa_ar", CIWA_MOD13), ("cssrs_screen", CSSRS_HIGH)])
    assert _reviewers(S1_HIGH).fullmatch(_box(r, "moderate_alcohol_withdrawal"))
    assert LEAVES not in _box(r, "rated_below_suggestion_d1")


@pytest.mark.parametrize("ratings", [{1: 4}, {2: 4}, {3: 4}])
def test_s1_moderate_ciwa_ar_beside_a_rating_of_4_the_reviewers_words(ratings):
    r = recommended(ratings, today=[("ciwa_ar", CIWA_MOD13)])
    assert _reviewers(S1_AT_4).fullmatch(_box(r, "moderate_alcohol_withdrawal"))


def _s1_grid():
    grid = itertools.product((None, COWS_19, COWS_48), ("none", "moderate", "high"), (None, 1, 2, 3))
    return [(cows, cssrs, at_4) for cows, cssrs, at_4 in grid if cssrs == "high" or at_4]


@pytest.mark.parametrize(("cows", "cssrs", "at_4"), _s1_grid())
def test_s1_no_moderate_ciwa_ar_box_beside_high_or_4_says_leaves(cows, cssrs, at_4):
    # as R12's test_no_cows_box_beside_high_or_4_says_leaves, with moderate_alcohol_withdrawal and CIWA_MOD13 today
    cssrs = {"none": None, "moderate": CSSRS_MOD, "high": CSSRS_HIGH}[cssrs]
    r = built(rated_4(at_4), today=[("ciwa_ar", CIWA_MOD13), ("cows", cows), ("cssrs_screen", cssrs)])
    assert LEAVES not in _box(r, "moderate_alcohol_withdrawal")


# R13-S3; physician review R18 (session 16), must-fix M5 retyped: with the headline's "give thiamine and check blood
# glucose" (r18.md, its words)
S3_DOSE = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    # physician review R32 (a) (its four settings): a transfer now's hold tells the receiving team
    f"thiamine and check blood glucose; if intoxicated: no dose here ({NEXT_TRANSFER}); otherwise a "
    "prescriber gives a first dose before "
    "transfer only if it does not delay the transfer and the reason for rating 4 allows it"
)
# R67 SF3 (physician review R65, should-fix SF3, with R66's must-fix 1): the old severe CIWA-Ar's re-score beside a
# rating of 4 sends the patient to the ED's evaluation on a seizure, hallucinations or disorientation too, and its
# screen before the first dose is case 565's, naming delirium (was: S3_DOSE for the old one too)
S3_DOSE_OLD = (
    "the ED evaluates both: before any dose: screen for delirium (CAM or 4AT) and intoxication (breath alcohol above "
    "zero, or signs of sedative intoxication), give thiamine and check blood glucose; if delirium or intoxication: no "
    f"dose here (delirium: to the ED by emergency services; intoxication: {NEXT_TRANSFER}); otherwise a prescriber "
    "gives a first dose before transfer only if it does not delay the transfer and the reason for rating 4 allows it"
)


@pytest.mark.parametrize("d", [1, 2, 3])
@pytest.mark.parametrize("when", ["today", "old"])
def test_s3_severe_ciwa_ar_beside_a_rating_of_4(d, when):
    r = recommended({d: 4}, **{when: [("ciwa_ar", CIWA_SEV21)]})
    box = _box(r, "severe_alcohol_withdrawal")
    assert (S3_DOSE_OLD if when == "old" else S3_DOSE) in box  # R67 SF3 (was: S3_DOSE in box, either day)
    # R14-M1 retyped: beside dimension 3 rated 4, the destination "(ED: emergency psychiatric evaluation and emergency
    # medical evaluation in one setting)" (r14.md, its words)
    d3 = "(ED: emergency psychiatric evaluation and emergency medical evaluation in one setting)"
    # R14-S3 retyped: an old severe CIWA-Ar's box beside a rating of 4 says the headline's re-score, no destination
    # of its own ("Re-score the CIWA-Ar before transfer only if it does not delay it ...", r14.md, its words)
    if when == "old":
        assert box.startswith("Re-score the CIWA-Ar before transfer only if it does not delay it (")
        assert "(ED" not in box
    else:
        assert {1: "(ED, or 4-WM)", 2: "(ED)", 3: d3}[d] in box
    # the reviewer's test: any box containing "a prescriber gives" contains "screen for" before it; no 3.7-WM
    for a in _boxes(r):
        if "a prescriber gives" in a:
            assert "screen for" in a[: a.index("a prescriber gives")], a
    assert not any("3.7-WM" in f.action for f in r.flags if f.code != "complicated_withdrawal_risk")


# R13-S2
S2_MODERATE_AT_4 = (
    "Behavioural-health evaluation and safety planning: at handover tell the receiving team that today's C-SSRS screen "
    "was moderate risk and ask them for it (do not delay the transfer for it)"
)
# R53 ruling 1: beside dimension 1 or 2 rated 4 the headline asks "once the patient is able to answer", and so does the
# moderate-risk box's "ask them for it" (dimension 3 rated 4: the headline does not, the box as it was)
S2_MODERATE_AT_4_ONCE = (
    "Behavioural-health evaluation and safety planning: at handover tell the receiving team that today's C-SSRS screen "
    "was moderate risk and ask them for it once the patient is able to answer (do not delay the transfer for it)"
)
S2_PHQ_HIGH = (
    "Today's C-SSRS screen is high risk: the emergency evaluation for suicide risk covers this; tell the evaluator "
    "that PHQ-9 item 9 was positive"
)
S2_PHQ_AT_4 = (
    "At handover tell the receiving team that today's PHQ-9 item 9 was positive and ask them for a suicide risk "
    "assessment (do not delay the transfer for it)"
)
# R51: beside dimension 1 or 2 rated 4 the headline asks "once the patient is able to answer", and so does the box
# (dimension 3 rated 4: the headline does not, the box as it was)
S2_PHQ_AT_4_ONCE = (
    "At handover tell the receiving team that today's PHQ-9 item 9 was positive and ask them for a suicide risk "
    "assessment once the patient is able to answer (do not delay the transfer for it)"
)


@pytest.mark.parametrize("d", [1, 2, 3])
def test_s2_cssrs_moderate_beside_a_rating_of_4(d):
    r = recommended({d: 4}, today=[("cssrs_screen", CSSRS_MOD)])
    assert _box(r, "suicide_risk_moderate") == (S2_MODERATE_AT_4 if d == 3 else S2_MODERATE_AT_4_ONCE)  # R53 ruling 1
    assert not any(LEAVES in a for a in _boxes(r))


def test_s2_phq9_item_9_beside_todays_high():
    r = recommended(today=[("phq9", PHQ_I9POS), ("cssrs_screen", CSSRS_HIGH)])
    assert _box(r, "suicidal_ideation") == S2_PHQ_HIGH
    assert not any(LEAVES in a for a in _boxes(r))  # also inside rated_below_suggestion_d3


@pytest.mark.parametrize("d", [1, 2, 3])
def test_s2_phq9_item_9_beside_a_rating_of_4(d):
    r = recommended({d: 4}, today=[("phq9", PHQ_I9POS)])
    assert _box(r, "suicidal_ideation") == (S2_PHQ_AT_4 if d == 3 else S2_PHQ_AT_4_ONCE)  # R51
    assert not any(LEAVES in a for a in _boxes(r))


# the common rule over a grid: old AND today COWS/CIWA-Ar, C-SSRS high/moderate, PHQ-9 item 9, ratings 1-3 at 4 and
# transfers now (a severe or complicated CIWA-Ar of today; a COWS above 36 with alcohol withdrawal alongside)
COWS = {"19": COWS_19, "48": COWS_48}
CSSRS = {"mod": CSSRS_MOD, "high": CSSRS_HIGH}


def _grid():
    return list(
        itertools.product((None, 1, 2, 3), either_day(CIWA), either_day(COWS), either_day(CSSRS), (False, True))
    )


@pytest.mark.parametrize(("at_4", "ciwa", "cows", "cssrs", "phq"), _grid(), ids=map(grid_id, _grid()))
def test_the_common_rule_over_the_grid(at_4, ciwa, cows, cssrs, phq):
    r = built(
        rated_4(at_4),
        given("ciwa_ar", CIWA, ciwa),
        given("cows", COWS, cows),
        given("cssrs_screen", CSSRS, cssrs),
        ("phq9", PHQ_I9POS if phq else None, "today"),
    )
    high = bool(cssrs) and cssrs[0] == "high"
    if not (high or at_4 or _transfer_now_first(r)):
        return
    boxes = [(f.code, f.action) for f in r.flags if f.action]
    assert not [a for _, a in boxes if LEAVES in a]
    if high:
        assert not [a for c, a in boxes if "capacity to decline" in a]
    if high or at_4:
        assert not [a for c, a in boxes if "3.7-WM" in a and c != "complicated_withdrawal_risk"]
    if at_4:
        for _, a in boxes:
            if "a prescriber gives" in a:
                assert "screen for" in a[: a.index("a prescriber gives")], a
    if cows and (cows[0] == "48" or cows[1] == "today"):  # the 72-hour rule's only home is kept (an old COWS 13-36
        # box re-scores only: R13-L2, acceptable)
        assert any("72-hour rule" in a for c, a in boxes if c in COWS_CODES)


def test_saved_and_read_back_the_headline_and_boxes_are_the_same():
    # a saved placement reads back with the same boxes and the same headline (the headline reads the flags as raised)
    for r in (
        recommended({2: 4}, old=[("cows", COWS_48)]),
        recommended(old=[("ciwa_ar", CIWA_CMP15)], today=[("cssrs_screen", CSSRS_HIGH)]),
    ):
        back = Recommendation.from_dict(r.to_dict())
        assert back.flags == r.flags and back.headline == r.headline and back.first_step == r.first_step


# the case table (/work/reviews/r13_cases.md): the "MUST NOT appear" words of each case about boxes ("in any box"),
# and, where the case's first step keeps the patient (a high, a 4, a transfer now), "before the patient leaves"
CASE_TABLE = {
    "C28": ({1: 4}, [], [("ciwa_ar", CIWA_MOD13), ("cows", COWS_48)], ["before the patient leaves", "3.7-WM"]),
    "C29": ({3: 4}, [("cows", COWS_48)], [], ["before the patient leaves"]),
    "C30": ({2: 4}, [("cows", COWS_48)], [], ["before the patient leaves"]),
    "C31": ({}, [("cows", COWS_48)], [("cssrs_screen", CSSRS_HIGH)], ["before the patient leaves", "capacity"]),
    "C32": ({}, [], [("cssrs_screen", CSSRS_HIGH), ("ciwa_ar", CIWA_SEV21)], ["capacity", "3.7-WM", LEAVES]),
    "C33": ({}, [], [("cssrs_screen", CSSRS_HIGH), ("ciwa_ar", CIWA_MOD13)], ["before the patient leaves"]),
    "C36": ({}, [], [("ciwa_ar", CIWA_MOD13), ("cows", COWS_48)], ["before the patient leaves"]),
    "C37": ({2: 4}, [], [("cssrs_screen", CSSRS_MOD)], ["before the patient leaves"]),
    "C38": (
        {},
        [],
        [("cssrs_screen", CSSRS_HIGH), ("phq9", PHQ_I9POS)],
        ["complete a suicide risk assessment (e.g. C-SSRS) before the patient leaves"],
    ),
    "C39": ({1: 4}, [], [("phq9", PHQ_I9POS)], ["before the patient leaves"]),
    "C40": ({4: 4}, [], [("cssrs_screen", CSSRS_HIGH)], ["capacity"]),
}


@pytest.mark.parametrize("case", sorted(CASE_TABLE))
def test_the_case_tables_boxes(case):
    ratings, old, today, never = CASE_TABLE[case]
    r = recommended(ratings, old=old, today=today)
    assert not [(words, f.code) for words in never for f in r.flags if words in f.action]
