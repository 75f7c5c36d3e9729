"""Physician ruling R11 (session 13) on R10 as landed: the placement headline's chart boxes beside a CIWA-Ar of
another day. Texts typed by hand from the reviewer's words in /work/reviews/r11.md (never computed by iopkit), each
with the reviewer's repro case or a sweep like the reviewer's; old scores dated 20 Nov 2026, the placement on 02 Dec
2026, ratings over ROUTINE.

N8 must-fix. Beside an old complicated or severe CIWA-Ar with a COWS of 13 or more, the COWS flag's box and dimension
    1's rating-below box say the headline's clause (R10 2d (d)) but, in those boxes only, with the methadone
    restriction and the complicating conditions in full: (i) the 72-hour rule, (ii) above 36 the complicating
    conditions and "arrange transfer now (ED, or 4-WM)", (iii) at 13-36 ", or another complicating condition (...)";
    the headline keeps its words. No page that says "as the COWS flag says" or "listed on the COWS flag" lacks
    "72-hour rule" and "pregnancy" in its boxes (21 CFR 1306.07(b); 42 CFR 8.12; ASAM 2020 OUD guideline; ASAM 2020
    alcohol withdrawal guideline, Rec VII.8).
2d (a) must-fix. An old severe or complicated CIWA-Ar, a COWS of 13 or more and a C-SSRS high: a benzodiazepine given
    with buprenorphine or methadone is monitored "until the evaluation or handover", never "while the patient is on
    site (if transferred: until handover)" (R5 must-fix 3; Joint Commission NPSG 15.01.01; FDA Drug Safety
    Communication, 20 Sep 2017).
3 (a) should-fix. Dimension 3 rated 4: the patient leaves only by emergency transfer, so the suicide boxes end with
    N6's suffix, one rule with R10 2d (e) (Joint Commission NPSG 15.01.01).
3 (c) should-fix. Beside a rating of 4 (dimension 1, 2 or 3), "a prescriber gives a first dose for today's withdrawal
    before transfer" follows "before any dose: screen for intoxication (...); if intoxicated: no dose here; otherwise "
    (buprenorphine and methadone labels: alcohol and CNS depressants; FDA Drug Safety Communication, 20 Sep 2017).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest

from .evaluation_home_words import C9_HOME

#: R39 C10, the physician's words: the CIWA-Ar's re-score after a dose.
C10_RESCORE = "re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit"
from .intoxication_screens import NEXT_TRANSFER
from .test_placement_headline_review_r7_old_scores import recommended

# R30b M4 (physician review R30b, must-fix M4): every hold naming intoxication says the patient must not drive today
# inside the hold (re-typed by /work/scripts/drv_retype.py).

PLACED = dt.date(2026, 12, 2)
OLD = dt.date(2026, 11, 20)
ROUTINE = {1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}
# CIWA-Ar (Sullivan et al. 1989): 10 items
OLD_MODERATE_13 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 0]  # moderate band (8-14), no complicated sign
OLD_SEVERE_21 = [4, 3, 3, 3, 3, 2, 0, 0, 3, 0]  # severe band, no sign of complicated withdrawal
OLD_DISORIENTED_26 = [4, 4, 4, 4, 4, 0, 0, 0, 4, 2]  # severe, item 10 at 2
OLD_HALLUCINATING = [1, 1, 1, 1, 1, 0, 4, 0, 1, 0]  # item 7 at 4 (hallucinations), total 10
# COWS (Wesson & Ling 2003): 11 items
COWS_8 = [1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0]  # 5-12, mild
COWS_19 = [2, 2, 3, 2, 2, 2, 2, 2, 1, 1, 0]  # 13-24, moderate
COWS_30 = [4, 2, 3, 5, 2, 2, 3, 2, 2, 2, 3]  # 25-36, moderately severe
COWS_48 = [4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 5]  # above 36, severe
# C-SSRS screen (Posner et al. 2011): items 1-6 and item 6's past-3-months follow-up
HIGH = ["yes", "yes", "no", "yes", "no", "no", None]
MODERATE = ["yes", "yes", "yes", "no", "no", "no", None]
LOW = ["yes", "no", None, None, None, "no", None]
PHQ9_ITEM_9 = [1] * 9
COWS_CODES = {"moderate_opioid_withdrawal", "moderately_severe_opioid_withdrawal", "severe_opioid_withdrawal"}


_headline = recommended  # the reviewer's H (tests/test_placement_headline_review_r7_old_scores.py)


def _first(r):
    return r.headline.split(". Also")[0].split(". Then")[0]


def _boxes(r):
    return " ".join(f.action for f in r.flags if f.action)


# --- N8 (must-fix): the boxes beside the old CIWA-Ar's transfer keep the 72-hour rule and the conditions ---------

# r11.md N8, exactly
METHADONE_72H = (
    "methadone only in an opioid treatment programme or under the 72-hour rule (given or dispensed on site, at most a "
    "3-day supply while referral is arranged, not renewed or extended; never prescribed)"
)
# R27 M2's ruling as applied in session 22: "a CIWA-Ar re-score" after the COWS's re-score (was "(a re-score of 8"),
# in the box and the headline alike
COMPLICATING_ABOVE_36 = (
    "a complicating condition (vomiting or diarrhoea with fluids not kept down, unstable vital signs, other medical or "
    "psychiatric instability, pregnancy, alcohol withdrawal alongside (a CIWA-Ar re-score of 8 or more) or "
    "benzodiazepine withdrawal alongside, precipitated withdrawal that does not settle, delirium): arrange transfer "
    # R76b B3 (was: "now (ED, or 4-WM)")
    "now (ED, or 4-WM; by emergency services if delirium)"
)
# R27 M2: after the old CIWA-Ar's re-score, the box says the escalation as that re-score decides, as the headline does
# (was "arrange medically managed withdrawal or a higher level of care: co-occurring alcohol withdrawal (CIWA-Ar of 20
# Nov 2026, not re-scored today), or another complicating condition (...)")
ALONGSIDE_13_36 = (
    "at a CIWA-Ar re-score of 8 or more (alcohol withdrawal alongside), or another complicating condition (medical or "
    "psychiatric instability, benzodiazepine withdrawal, pregnancy): arrange medically managed withdrawal or a higher "
    "level of care"
)
# the headline's words, kept (R10 2b (ii), accepted in R11 1.)
HEADLINE_METHADONE = "buprenorphine, or methadone as the COWS flag says"
HEADLINE_SAME_TRANSFER = (
    "a complicating condition listed on the COWS flag, alcohol withdrawal alongside among them (a CIWA-Ar re-score of "
    "8 or more): arrange the same transfer now"
)


def test_n8_the_reviewer_s_repro():
    r = _headline(old=[("ciwa_ar", OLD_SEVERE_21)], today=[("cows", COWS_48)])
    (box,) = [f for f in r.flags if f.code == "severe_opioid_withdrawal"]
    (below,) = [f for f in r.flags if f.code == "rated_below_suggestion_d1"]
    for text in (box.action, below.action):
        assert f"buprenorphine, or {METHADONE_72H}; re-score the COWS after dosing; {COMPLICATING_ABOVE_36}; " in text
        assert "as the COWS flag says" not in text and "listed on the COWS flag" not in text
    # the headline keeps its words
    first = _first(r)
    assert f"{HEADLINE_METHADONE}; re-score the COWS after dosing; {HEADLINE_SAME_TRANSFER}; " in first, first
    assert "72-hour" not in r.headline
    assert "72-hour rule" in _boxes(r) and "pregnancy" in _boxes(r)


@pytest.mark.parametrize(
    "old", [OLD_SEVERE_21, OLD_DISORIENTED_26, OLD_HALLUCINATING], ids=["old severe", "old 26", "old 10 halluc"]
)
@pytest.mark.parametrize("cows", [COWS_19, COWS_30], ids=["COWS 19", "COWS 30"])
def test_n8_13_36_the_box_names_the_other_complicating_conditions(old, cows):
    r = _headline(old=[("ciwa_ar", old)], today=[("cows", cows)])
    (box,) = [f for f in r.flags if f.code in COWS_CODES]
    assert f"with buprenorphine, or {METHADONE_72H}; re-score the COWS" in box.action, box.action
    assert f"; {ALONGSIDE_13_36}; " in box.action
    # the headline keeps its words: the alcohol withdrawal alongside, nothing added
    # R26a S2: after the old CIWA-Ar's re-score, the escalation follows it (was "higher level of care: co-occurring
    # alcohol withdrawal (CIWA-Ar of 20 Nov 2026, not re-scored today); if a benzodiazepine")
    # R27 M2: "at a CIWA-Ar re-score" (was "at a re-score", read as the COWS re-score)
    assert (
        "at a CIWA-Ar re-score of 8 or more (alcohol withdrawal alongside): arrange medically managed withdrawal or a "
        "higher level of care; if a benzodiazepine"
    ) in r.headline, r.headline
    assert "or another complicating condition" not in r.headline


OLD_CIWA = {
    "none": None,
    "moderate": OLD_MODERATE_13,
    "severe": OLD_SEVERE_21,
    "26": OLD_DISORIENTED_26,
    "hallucinations": OLD_HALLUCINATING,
}
COWS = {"none": None, "8": COWS_8, "19": COWS_19, "30": COWS_30, "48": COWS_48}
SUICIDE = {
    "none": None,
    "C-SSRS high": ("cssrs_screen", HIGH),
    "C-SSRS moderate": ("cssrs_screen", MODERATE),
    "C-SSRS low": ("cssrs_screen", LOW),
    "PHQ-9 item 9": ("phq9", PHQ9_ITEM_9),
}
RATINGS = {
    "routine": {},
    "d1 0": {1: 0},
    "d1 3": {1: 3},
    "d1 4": {1: 4},
    "d2 4": {2: 4},
    "d3 3": {3: 3},
    "d3 4": {3: 4},
}


def _sweep():
    for (c, ciwa), (w, cows), (s, suicide), (k, ratings) in itertools.product(
        OLD_CIWA.items(), COWS.items(), SUICIDE.items(), RATINGS.items()
    ):
        old = [("ciwa_ar", ciwa)] if ciwa else []
        today = ([("cows", cows)] if cows else []) + ([suicide] if suicide else [])
        yield f"old CIWA-Ar {c}, COWS {w}, {s}, {k}", _headline(ratings, old=old, today=today)


def test_n8_no_page_points_to_a_cows_flag_that_does_not_say_it():
    # the reviewer's test: no recommendation whose headline or boxes say "as the COWS flag says" or "listed on the
    # COWS flag" lacks "72-hour rule" and "pregnancy" somewhere in its boxes
    pointed = 0
    for case, r in _sweep():
        page = f"{r.headline} {_boxes(r)}"
        if "as the COWS flag says" in page or "listed on the COWS flag" in page:
            pointed += 1
            assert "72-hour rule" in _boxes(r) and "pregnancy" in _boxes(r), case
    assert pointed > 100  # the sweep reaches the pages that point to the COWS flag


# --- 2d (a) (must-fix): beside a C-SSRS high, a benzodiazepine monitored until the evaluation or handover ---------

UNTIL_EVALUATION = "monitor sedation and breathing until the evaluation or handover"  # r11.md 2d (a), exactly


@pytest.mark.parametrize("ratings", [{}, {1: 0}, {1: 3}, {3: 3}], ids=["routine", "d1 0", "d1 3", "d3 3"])
@pytest.mark.parametrize("cows", [COWS_19, COWS_30, COWS_48], ids=["COWS 19", "COWS 30", "COWS 48"])
@pytest.mark.parametrize(
    "old", [OLD_SEVERE_21, OLD_DISORIENTED_26, OLD_HALLUCINATING], ids=["old severe", "old 26", "old 10 halluc"]
)
def test_2d_a_beside_a_c_ssrs_high_monitor_until_the_evaluation_or_handover(old, cows, ratings):
    r = _headline(ratings, old=[("ciwa_ar", old)], today=[("cows", cows), ("cssrs_screen", HIGH)])
    page = f"{r.headline} {_boxes(r)}"
    assert "while the patient is on site (if transferred: until handover)" not in page, page
    assert "while the patient is on site" not in _first(r)
    if "monitor sedation and breathing" in _first(r):  # the old severe lead says the COWS step (complicated: not)
        # R39 C9: where the evaluation may send the patient home (Level 0.5-2.5), the reviewer's sentence follows
        home = re.search(r"Then, as the evaluation decides: Level (?:0\.5|1|2\.1|2\.5) \(", r.headline)
        # R39 C10: the old CIWA-Ar's re-score after a dose before it (the severe lead's re-score treats on its score)
        after = f"; {C10_RESCORE}; {C9_HOME} (" if home else " ("
        assert f"; if a benzodiazepine is given with buprenorphine or methadone: {UNTIL_EVALUATION}{after}" in _first(r)


def test_2d_a_the_reviewer_s_case_says_it():
    first = _first(_headline(old=[("ciwa_ar", OLD_SEVERE_21)], today=[("cows", COWS_19), ("cssrs_screen", HIGH)]))
    # physician review R24b 3 (supersedes R11 2d(a)'s 'only for a complicating condition'): its words
    assert (
        "another complicating condition (medical instability, benzodiazepine withdrawal, pregnancy) goes to the same "
        f"emergency evaluation; if a benzodiazepine is given with buprenorphine or methadone: {UNTIL_EVALUATION}; "
        # R39 C9: the plan as the evaluation decides is Level 1: the reviewer's going-home sentence after the monitoring
        # (R39 C10: the old CIWA-Ar's re-score after a dose before it)
        f"{C10_RESCORE}; {C9_HOME} ("
    ) in first, first
    assert "only for a complicating condition" not in first, first


# --- 3 (a) (should-fix): dimension 3 rated 4, the suicide boxes ask the receiving team (N6's suffix) ---------------

IF_TRANSFERRED_ASK = "; if transferred: at handover ask the receiving team for it (do not delay the transfer for it)"
# physician review R31, should-fix S2: the C-SSRS low box read alone names the finding and the request it hands over
# (before: IF_TRANSFERRED_ASK, "ask the receiving team for it")
TOLD_LOW = (
    "; if transferred: at handover tell the receiving team that today's C-SSRS screen found a wish to be dead or "
    "non-specific suicidal thoughts, and ask them for a suicide risk assessment (do not delay the transfer for it)"
)
SUICIDE_BOXES = {"suicidal_ideation", "suicide_risk_moderate", "suicide_risk_low"}
# physician review R13 (session 14), should-fix S2, the reviewer's words: beside a certain transfer (a rating of 4, a
# transfer now) the PHQ-9 item 9 and C-SSRS moderate boxes say the handover itself, never "before the patient leaves"
R13_S2 = {
    "suicidal_ideation": (
        "At handover tell the receiving team that today's PHQ-9 item 9 was positive and ask them for a suicide risk "
        "assessment (do not delay the transfer for it)"
    ),
    "suicide_risk_moderate": (
        "Behavioural-health evaluation and safety planning: at handover tell the receiving team that today's C-SSRS "
        "screen was moderate risk and ask them for it (do not delay the transfer for it)"
    ),
}


@pytest.mark.parametrize(
    "screen", [("phq9", PHQ9_ITEM_9), ("cssrs_screen", MODERATE), ("cssrs_screen", LOW)], ids=["PHQ-9", "mod", "low"]
)
@pytest.mark.parametrize("old", [[], [("ciwa_ar", OLD_MODERATE_13)]], ids=["no old CIWA-Ar", "old CIWA-Ar 13"])
def test_3_a_dimension_3_rated_4_the_suicide_boxes_end_with_n6_s_suffix(screen, old):
    r = _headline({3: 4}, old=old, today=[screen])
    boxes = [f for f in r.flags if f.code in SUICIDE_BOXES]
    assert boxes, [f.code for f in r.flags]
    for f in boxes:
        if f.code in R13_S2:  # R13 S2's words (was: the box's step and IF_TRANSFERRED_ASK)
            assert f.action == R13_S2[f.code], f.action
            continue
        assert f.action.endswith(TOLD_LOW), f.action
        assert f.action.count("if transferred") == 1


@pytest.mark.parametrize("d3", [1, 2, 3])
def test_3_a_dimension_3_below_4_no_handover_in_the_boxes(d3):
    r = _headline({3: d3}, today=[("phq9", PHQ9_ITEM_9)])
    assert not any("if transferred" in f.action for f in r.flags)


# --- 3 (c) (should-fix): beside a rating of 4, the intoxication screen before the first dose -----------------------

# physician review R32 (a) (its four settings): beside a rating of 4 the transfer is now, so the hold tells the
# receiving team (was: "if intoxicated: no dose here (the patient must not drive today)")
HOLD_AT_4 = f"if intoxicated: no dose here ({NEXT_TRANSFER})"
SCREEN_AT_4 = (  # r11.md 3 (c), its hold re-typed by R32 (a)
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication); "
    f"{HOLD_AT_4}; otherwise "
)
# the alcohol screen (R16 S1) at a transfer now, its hold re-typed by R32 (a) (its four settings)
SCREEN_ALCOHOL_AT_4 = (
    "before any dose: screen for intoxication (breath alcohol above zero, or signs of sedative intoxication), give "
    f"thiamine and check blood glucose; {HOLD_AT_4}; otherwise "
)
# R67 SF3 (physician review R65 SF3 with R66 must-fix 1): beside an old severe CIWA-Ar's re-score, whose "the ED
# evaluates both" now turns on disorientation too, the screen before the first dose is case 565's, the delirium screen
# with the intoxication screen (was: SCREEN_ALCOHOL_AT_4)
SCREEN_DELIRIUM_AT_4 = (
    "before any dose: screen for delirium (CAM or 4AT) and intoxication (breath alcohol above zero, or signs of "
    "sedative intoxication), give thiamine and check blood glucose; if delirium or intoxication: no dose here "
    f"(delirium: to the ED by emergency services; intoxication: {NEXT_TRANSFER}); otherwise "
)
FIRST_DOSE_AT_4 = "a prescriber gives a first dose for today's withdrawal before transfer"
CIWA_13_TODAY = [2, 2, 2, 2, 2, 1, 0, 0, 2, 0]  # moderate band today


@pytest.mark.parametrize("ratings", [{1: 4}, {2: 4}, {3: 4}], ids=["d1 4", "d2 4", "d3 4"])
@pytest.mark.parametrize(
    ("old", "today"),
    [
        ([("ciwa_ar", OLD_SEVERE_21)], []),
        ([("ciwa_ar", OLD_SEVERE_21)], [("cows", COWS_19)]),
        ([], [("ciwa_ar", CIWA_13_TODAY)]),
        ([], [("ciwa_ar", OLD_SEVERE_21)]),
        ([], [("cows", COWS_19)]),
    ],
    ids=["old severe", "old severe + COWS 19", "CIWA-Ar 13 today", "CIWA-Ar 21 today", "COWS 19 today"],
)
def test_3_c_every_first_dose_beside_a_rating_of_4_follows_the_screen(ratings, old, today):
    h = _headline(ratings, old=old, today=today).headline
    assert FIRST_DOSE_AT_4 in h, h
    at = 0
    # physician review R16 (session 15), should-fix S1: a dose that treats alcohol withdrawal (a CIWA-Ar of today, or
    # after an old CIWA-Ar's re-score: "the ED evaluates both") has thiamine and blood glucose in its screen
    alcohol = any(i == "ciwa_ar" for i, _ in today)
    # R21 S3: "before any dose:" once a step, the union of its screens where the first stood: beside an old severe
    # CIWA-Ar's re-score ("the ED evaluates both") the first dose's screen gives thiamine and glucose, and the
    # re-score's dose reads on without a second screen (before: its own "both: {SCREEN_ALCOHOL}")
    union = bool(old and today)
    # R67 SF3: beside the old severe CIWA-Ar (old), the delirium screen (was: SCREEN_ALCOHOL_AT_4 there too)
    screen = SCREEN_DELIRIUM_AT_4 if old else SCREEN_ALCOHOL_AT_4 if alcohol or union else SCREEN_AT_4
    while (at := h.find(FIRST_DOSE_AT_4, at + 1)) >= 0:
        # physician review R32 (a) (its four settings): the transfer now's hold (SCREEN_ALCOHOL_AT_4, SCREEN_AT_4)
        assert h[:at].endswith(f"; {screen}") or h[:at].endswith(
            "both: " if union and h[:at].count("before any dose: ") == 1 else f"both: {screen}"
        ), h
    assert "otherwise before any dose" not in h


def test_3_c_the_old_severe_re_score_at_4():
    h = _headline({1: 4}, old=[("ciwa_ar", OLD_SEVERE_21)]).headline
    assert (
        # (thiamine and blood glucose before a dose for alcohol withdrawal: physician review R16, should-fix S1)
        # R67 SF3 (was: "; if still 15 or more, the ED evaluates both: before any dose: screen for intoxication
        # (breath alcohol above zero, or signs of sedative intoxication), give thiamine and check blood glucose;
        # {HOLD_AT_4}; otherwise a prescriber gives a first ")
        "; if still 15 or more, or a seizure since the last score, or hallucinations, or disorientation (item 10 at 2 "
        f"or more), the ED evaluates both: {SCREEN_DELIRIUM_AT_4}a prescriber gives a first "
        "dose for today's withdrawal before transfer only if it does not delay the transfer and the reason for rating "
        "4 allows it; re-assess for seizures or delirium until handover ("
    ) in h, h


def test_3_c_a_delirium_screen_already_before_the_dose_is_not_said_twice():
    h = _headline({1: 4}, old=[("ciwa_ar", OLD_DISORIENTED_26)]).headline
    assert "before any dose: screen for delirium" in h
    assert (
        "screen for intoxication (breath alcohol above zero, or signs of sedative intoxication); if intoxicated"
        not in h
    )
    assert "otherwise before any dose" not in h
