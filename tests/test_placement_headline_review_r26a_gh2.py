"""Physician review R26a (session 23), the placement headline after R21 S5 / R25b, the expected words typed from the
ruling.

- M2 and M3, one rule: a CIWA-Ar of 8 or more today, or an old severe CIWA-Ar not re-scored, beside a COWS of 13 or more
  of the placement's day never closes below 2-WM (ASAM Criteria 2013, dimension 1: withdrawal from more than one
  substance at once; ASAM Alcohol Withdrawal Management Guideline 2020, Rec II and III.1). S3: the old severe
  CIWA-Ar's reason says "opioid withdrawal today and severe alcohol withdrawal on 20 Nov 2026 (CIWA-Ar)".
"""

from __future__ import annotations

import re

import pytest

from iopkit.placement import LevelOfCare

from .intoxication_screens import without_holds
from .random_placements import built, cases
from .test_placement_headline_review_r7_old_scores import recommended
from .test_placement_physician_cases import CIWA_SEV21, COWS_48, CSSRS_HIGH

ONE_WM = "with 1-WM ambulatory withdrawal management without extended on-site monitoring"
TWO_WM = "with 2-WM ambulatory withdrawal management with extended on-site monitoring"

# --- M2 / M3 / S3: 2-WM beside two withdrawals --------------------------------------------------------------------

#: M3, both withdrawals scored today (cases 252, 589, 509), the reviewer's words typed.
BOTH_TODAY_CLOSING = (
    "; with 2-WM ambulatory withdrawal management with extended on-site monitoring (not 1-WM: alcohol and opioid "
    "withdrawal together, CIWA-Ar 13 today); otherwise as arranged above."
)
#: M3, case 616 (item 10 at 1 today beside a COWS of 30 today).
ITEM10_TODAY_CLOSING = (
    "; with 2-WM ambulatory withdrawal management with extended on-site monitoring (not 1-WM: alcohol and opioid "
    "withdrawal together, CIWA-Ar item 10 at 1 today); otherwise as arranged above."
)
#: M2 with S3's reason: an old severe CIWA-Ar (21 on 20 Nov 2026) beside today's COWS of 48 (case 432, neighbour D).
OLD_SEVERE_CLOSING = (
    "Then, only if the review records why ambulatory care is safe: Level 1 (Outpatient), under 9 h/week of clinical "
    "services; with 2-WM ambulatory withdrawal management with extended on-site monitoring (not 1-WM: opioid "
    "withdrawal today and severe alcohol withdrawal on 20 Nov 2026 (CIWA-Ar))."
)
#: M2, neighbour B (the same beside a C-SSRS high today).
OLD_SEVERE_EVALUATION_CLOSING = (
    "Then, as the evaluation decides: Level 1 (Outpatient), under 9 h/week of clinical services; with 2-WM ambulatory "
    "withdrawal management with extended on-site monitoring (not 1-WM: opioid withdrawal today and severe alcohol "
    "withdrawal on 20 Nov 2026 (CIWA-Ar))."
)


@pytest.mark.parametrize("number", [252, 589, 509])
def test_m3_both_withdrawals_today_close_with_2_wm(number):
    headline = built(cases(800)[number]).headline
    # before: "...; with 1-WM ambulatory withdrawal management without extended on-site monitoring; otherwise as
    # arranged above."
    assert headline.endswith(BOTH_TODAY_CLOSING), headline
    assert ONE_WM not in headline


def test_m3_case_616_item_10_today_closes_with_2_wm():
    headline = built(cases(800)[616]).headline
    assert headline.endswith(ITEM10_TODAY_CLOSING), headline
    assert ONE_WM not in headline


def test_m2_case_432_closes_with_2_wm():
    headline = built(cases(800)[432]).headline
    assert headline.endswith(f". {OLD_SEVERE_CLOSING}"), headline
    assert ONE_WM not in headline


def test_m2_neighbour_d_closes_with_2_wm():
    r = recommended(old=[("ciwa_ar", CIWA_SEV21)], today=[("cows", COWS_48)])
    assert r.headline.endswith(f". {OLD_SEVERE_CLOSING}"), r.headline


def test_m2_neighbour_b_closes_with_2_wm_as_the_evaluation_decides():
    r = recommended(old=[("ciwa_ar", CIWA_SEV21)], today=[("cows", COWS_48), ("cssrs_screen", CSSRS_HIGH)])
    assert r.headline.endswith(f". {OLD_SEVERE_EVALUATION_CLOSING}"), r.headline


def _closing(headline: str) -> str:
    return re.split(r"\. (?=[A-Z])", headline)[-1]


def test_sweep_two_withdrawals_never_close_with_1_wm():
    """All 800: a CIWA-Ar of 8 or more today (moderate, or with item 10 at 1), or an old severe one, beside a COWS of 13
    or more today, never closes with 1-WM; where the closing raises 1-WM, it offers 2-WM with the reviewer's reason."""
    checked = 0
    for case in cases(800):
        text = str(case)
        cows = re.search(r"cows (19|30|48) today", text)
        today = re.search(r"ciwa_ar mod13(_i1)? today", text)
        old = "ciwa_ar sev21 old" in text
        if not cows or not (today or old):
            continue
        r = built(case)
        closing = _closing(r.headline)
        assert ONE_WM not in closing, (text, closing)
        # raised from 1-WM (a dimension 1 rated 2 or more calls for 2-WM itself, without a reason)
        raised = r.withdrawal_management is LevelOfCare.WM_AMBULATORY
        if "ambulatory withdrawal management" not in closing or not raised:
            continue
        checked += 1
        if today and today.group(1):
            want = "(not 1-WM: alcohol and opioid withdrawal together, CIWA-Ar item 10 at 1 today)"
        elif today:
            want = "(not 1-WM: alcohol and opioid withdrawal together, CIWA-Ar 13 today)"
        else:
            want = "(not 1-WM: opioid withdrawal today and severe alcohol withdrawal on 20 Nov 2026 (CIWA-Ar))"
        assert f"{TWO_WM} {want}" in closing, (text, closing)
    assert checked >= 6


# --- M1: driving on the going-home branch ----------------------------------------------------------------------------

#: The box's driving words, then the going-home clause (R26a M1, the reviewer's words typed; case 39, neighbour D).
DRIVING_THEN_HOME = (
    "; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient "
    "is on site (if transferred: until handover); if any dose is given (a benzodiazepine, buprenorphine or methadone): "
    "the patient must not drive today; "
    # R46 Q5: the old CIWA-Ar's re-score after a dose, right before the going-home clause that names its condition
    "re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit; "
    "after a dose given on site, the patient goes home only "
)
#: Case 432: the same clause before the same-day suicide risk assessment.
DRIVING_THEN_ASSESSMENT = (
    "; if a benzodiazepine is given with buprenorphine or methadone: monitor sedation and breathing while the patient "
    "is on site (if transferred: until handover); if any dose is given (a benzodiazepine, buprenorphine or methadone): "
    "the patient must not drive today; "
    # R48 item 1: the CIWA-Ar's re-score after a dose before the assessment's "then" (R46 Q5 had it before going home)
    "re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit; "
    "then, before the patient leaves, a same-day suicide risk assessment "
)
ANY_DOSE = "if any dose is given (a benzodiazepine, buprenorphine or methadone): the patient must not drive today"
#: The transfer branch keeps its own words (R26a M1: the two branches exclude each other).
TRANSFER_DRIVING = "; the patient must not drive; re-assess for seizures or delirium until handover; "


def test_m1_case_39_driving_before_going_home():
    headline = built(cases(800)[39]).headline
    # before: "...(if transferred: until handover); after a dose given on site, the patient goes home only ..."
    assert DRIVING_THEN_HOME in headline, headline
    assert headline.count(ANY_DOSE) == 1
    assert TRANSFER_DRIVING in headline


def test_m1_neighbour_d_driving_before_going_home():
    r = recommended(old=[("ciwa_ar", CIWA_SEV21)], today=[("cows", COWS_48)])
    assert DRIVING_THEN_HOME in r.headline, r.headline
    assert r.headline.count(ANY_DOSE) == 1
    assert TRANSFER_DRIVING in r.headline


def test_m1_case_432_driving_before_the_assessment_and_going_home():
    headline = built(cases(800)[432]).headline
    assert DRIVING_THEN_ASSESSMENT in headline, headline
    assert headline.count(ANY_DOSE) == 1
    assert TRANSFER_DRIVING in headline
    assert headline.index(ANY_DOSE) < headline.index("after a dose given on site, the patient goes home only")


def test_sweep_going_home_sentence_says_the_dose_driving_advice_once_before_it():
    """All 800: the sentence that sends the patient home after a dose says driving advice for today before the
    going-home clause, once (a transfer branch's bare "the patient must not drive" is not it)."""
    checked = 0
    for case in cases(800):
        headline = built(case).headline
        if "goes home only" not in headline:
            continue
        sentence = next(s for s in re.split(r"\. (?=[A-Z])", headline) if "goes home only" in s)
        before = sentence[: sentence.index("after a dose given on site, the patient goes home only")]
        # physician review R30b S9 (a): the dose the step may give named, a benzodiazepine, or beside an opioid
        # withdrawal step every dose the visit may give (was: "no sedating dose"); R30b M4: the holds' own "the patient
        # must not drive today" (for the patient given no dose) left out
        said = re.findall(
            r"drive today|nor today if a dose is given|no (?:benzodiazepine|dose of a benzodiazepine, buprenorphine "
            r"or methadone) is given today",
            without_holds(before),
        )
        assert len(said) == 1, (str(case), before)
        checked += 1
    assert checked >= 90


# --- M4: a benzodiazepine beside a COWS recorded today ----------------------------------------------------------------

#: The reviewer's words (cases 447, 795, 691), typed.
M4_WANTED = (
    "; if a dose is given: the patient must not drive today; a benzodiazepine beside opioid use (COWS 8 today): "
    "monitor sedation and breathing while the patient is on site; after a dose given on site, the patient goes home "
    # R26a S1 as ruled in session 22: the going-home clause re-typed in observable words (POSS levels
    # 1-2; naloxone in hand, the supportive person shown how to use it)
    "only if awake or no more than slightly drowsy and easily roused"
    # physician review R29 (should-fix): the benzodiazepine's going-home conditions (was: "roused, with naloxone")
    ", walks steadily, and has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, with a "
    "supportive person to stay overnight"
    ", with naloxone in hand and the supportive person "
    "shown how to use it, and "
)
#: Case 507 (item 10 at 1: its driving advice is the medical review's, said earlier in the sentence).
M4_WANTED_507 = (
    "; re-score the CIWA-Ar within 1 hour of a dose and at the end of the visit; a benzodiazepine beside opioid use "
    # R62 S2 (ruled R63): 507 may transfer after a dose (was: "while the patient is on site; after a dose")
    "(COWS 8 today): monitor sedation and breathing while the patient is on site (if transferred: until handover); "
    "after a dose given on site, the patient goes home only if awake or no more than slightly drowsy and easily roused"
    # physician review R29 (should-fix): the benzodiazepine's going-home conditions (was: "roused, with naloxone")
    ", walks steadily, and has a CIWA-Ar below 10 at least 1 hour after the last benzodiazepine dose, with a "
    "supportive person to stay overnight"
    ", with naloxone in hand and the "
    "supportive person shown how to use it, and "
)
HEDGED = "(and, if the patient also uses opioids, with naloxone"


@pytest.mark.parametrize("number", [447, 795, 691])
def test_m4_benzodiazepine_beside_cows_8_today(number):
    headline = built(cases(800)[number]).headline
    # before: "...; if a dose is given: the patient must not drive today; after a dose given on site, the patient goes
    # home only with no more than mild sedation, with naloxone if the patient also uses opioids, and ..."
    assert M4_WANTED in headline, headline
    assert HEDGED not in headline


def test_m4_case_507():
    headline = built(cases(800)[507]).headline
    assert M4_WANTED_507 in headline, headline
    assert HEDGED not in headline


def test_sweep_a_cows_today_never_hedges_naloxone_and_a_benzodiazepine_is_monitored():
    """All 800: beside a COWS scored today, the going-home clause never hedges naloxone, and its sentence, where it
    treats alcohol withdrawal with medication, says the benzodiazepine's monitoring once."""
    checked = 0
    for case in cases(800):
        if not re.search(r"cows \d+ today", str(case)):
            continue
        headline = built(case).headline
        assert HEDGED not in headline, (str(case), headline)
        if "goes home only" not in headline:
            continue
        sentence = next(s for s in re.split(r"\. (?=[A-Z])", headline) if "goes home only" in s)
        before = sentence[: sentence.index("after a dose given on site, the patient goes home only")]
        if "treat withdrawal with medication" in before:
            checked += 1
            assert before.count("monitor sedation and breathing") == 1, (str(case), before)
    assert checked >= 8


# --- S2: the old CIWA-Ar's escalation follows its re-score -----------------------------------------------------------

#: The reviewer's words (case 39's headline), typed.
S2_WANTED = (
    # R27 M2: "at a CIWA-Ar re-score" (was "at a re-score", read as the COWS re-score)
    "; re-score the COWS 1-2 hours after dosing; at a CIWA-Ar re-score of 8 or more (alcohol withdrawal alongside): "
    "arrange medically managed withdrawal or a higher level of care; if a benzodiazepine is given with buprenorphine "
    "or methadone: "
)
UNCONDITIONAL = "care: co-occurring alcohol withdrawal (CIWA-Ar of 20 Nov 2026, not re-scored today)"


def test_s2_case_39_the_escalation_at_a_re_score_of_8_or_more():
    headline = built(cases(800)[39]).headline
    # before: "...; arrange medically managed withdrawal or a higher level of care: co-occurring alcohol withdrawal
    # (CIWA-Ar of 20 Nov 2026, not re-scored today); ..."
    assert S2_WANTED in headline, headline
    assert UNCONDITIONAL not in headline


def test_sweep_no_unconditional_escalation_after_the_old_ciwa_ar_s_re_score():
    checked = 0
    for case in cases(800):
        for sentence in re.split(r"\. (?=[A-Z])", built(case).headline):
            rescored = re.search(r"[Rr]e-score the CIWA-Ar (?:now|and screen)", sentence)
            if rescored and "at a CIWA-Ar re-score of 8 or more (alcohol withdrawal alongside)" in sentence:  # R27 M2
                checked += 1
            if rescored and UNCONDITIONAL in sentence[rescored.end() :]:
                raise AssertionError((str(case), sentence))
    assert checked >= 12
