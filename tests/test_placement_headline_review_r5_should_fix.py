"""Physician review R5 (session 11): should-fix 9 (each finding named once in the headline's bracket of reasons) and
should-fix 10 (dimension 3 rated 4 with no suicide-risk finding: an emergency psychiatric evaluation). Texts typed by
hand from the reviewer's wording, never computed by iopkit; the reviewer's cases in brackets (the reviewer's names).

Rules and sources: dimension 3 rated 4 is imminent danger (ASAM Criteria 2013), which may be psychosis, violence or
another psychiatric emergency, not only suicide risk: the reviewer's words, "emergency psychiatric evaluation
(dimension 3 rated 4)"; a C-SSRS screener high risk (Posner et al. 2011, triage: immediate safety action) or a
positive PHQ-9 item 9 (Kroenke et al. 2001; Joint Commission NPSG 15.01.01: a positive screen is followed by a suicide
risk assessment) keeps "emergency evaluation for suicide risk" (should-fix 10). A finding is named once among the
reasons, whatever clause names it (should-fix 9, case X1).
"""

from __future__ import annotations

import itertools
import re

import pytest

import iopkit
from iopkit.placement import recommend, suggest_dimensions

ROUTINE = {1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}
# CIWA-Ar (Sullivan 1989): 13, moderate band (the reviewer's 10-18 band); 14 with item 10 at 1 (inattention)
CIWA_13 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 0]
CIWA_14_ITEM_10_AT_1 = [2, 2, 2, 2, 2, 1, 0, 0, 2, 1]
# COWS (Wesson & Ling 2003): 14, 13-24 (moderate); 46, above 36 (severe)
COWS_14 = [2, 2, 3, 2, 2, 2, 2, 2, 1, 1, 0]
COWS_46 = [4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 3]
# C-SSRS screener (Posner et al. 2011): questions 1, 2 and 4 yes, high risk
CSSRS_HIGH = ["yes", "yes", "no", "yes", "no", "no", None]
# PHQ-9 (Kroenke et al. 2001): item 9 at 1 (thoughts of being better off dead, several days), total 9
PHQ9_ITEM_9 = [1, 1, 1, 1, 1, 1, 1, 1, 1]

# --- the reviewer's texts --------------------------------------------------------------------------------------------
# should-fix 10: dimension 3 rated 4, no C-SSRS or PHQ-9 result behind it
PSYCHIATRIC_LEAD = (
    "First: emergency psychiatric evaluation now: arrange transfer now (ED); safety precautions, staff with the "
    "patient, until handover; if the patient declines transfer or tries to leave: staff stay with the patient (at a "
    "safe distance if there is a risk of violence) and call "  # R6 should-fix 2
    "emergency services for an emergency mental-health assessment (local involuntary-assessment procedure); the "
    # R26b M2 (b): the transfer tells why dimension 3 was rated 4
    "patient must not drive; at handover tell the receiving team why dimension 3 was rated 4 (what the patient said "
    "or did) (dimension 3 rated 4, imminent danger). "
)
PSYCHIATRIC_THEN = "Then, as the evaluation decides: Level 4 (Medically managed intensive inpatient), any withdrawal "
PSYCHIATRIC_BOX = (
    "Emergency psychiatric evaluation now: arrange transfer now (ED); safety precautions, staff with the patient, "
    "until handover; if the patient declines transfer or tries to leave: staff stay with the patient (at a safe "
    "distance if there is a risk of violence) and call "  # R6 should-fix 2
    "emergency services for an emergency mental-health assessment (local involuntary-assessment procedure); the "
    "patient must not drive"
)
# with a C-SSRS high risk or a positive PHQ-9 item 9 behind it: the suicide wording kept (R3's words)
SUICIDE_LEAD = (
    "First: emergency evaluation for suicide risk now: arrange transfer now (ED); safety precautions, staff with the "
    "patient, until handover; if the patient declines transfer or tries to leave: staff stay with the patient and call "
    "emergency services for an emergency mental-health assessment (local involuntary-assessment procedure); the "
    "patient must not drive"
    # R21 S7: the C-SSRS high told to the receiving team at handover (the reviewer's words); R22 S2: ", without
    # delaying the transfer"
    # R26b M2 (b): why dimension 3 was rated 4, first in the clause
    "; at handover tell the receiving team why dimension 3 was rated 4 (what the patient said or did), that today's "
    "C-SSRS screen was high risk, without delaying the transfer "
    "(dimension 3 rated 4, imminent danger"
)
SUICIDE_BOX = "Emergency evaluation for suicide risk now: arrange transfer now (ED); safety precautions, staff with "
# should-fix 9: the findings the sweep's headlines may name, each once
FINDINGS = (
    "CIWA-Ar in the moderate withdrawal band",
    "CIWA-Ar item 10 at 1 (cannot do serial additions or uncertain about date)",
    "COWS 13-24 (moderate withdrawal)",
    "COWS above 36 (severe opioid withdrawal)",
    "high suicide risk",
    "dimension 1 rated 4, imminent danger",
    "dimension 2 rated 4, imminent danger",
    "dimension 3 rated 4, imminent danger",
)
# the reviewer's X1 family: dimension 2 rated 4, dimension 1 rated below the 2 a moderate band calls for
X1 = (
    "(dimension 2 rated 4, imminent danger; CIWA-Ar in the moderate withdrawal band: dimension 1 rated 0, below the 2 "
    "it calls for)"
)


def _rec(ratings, *scores):
    return recommend(ratings, suggested=suggest_dimensions([iopkit.score(i, a) for i, a in scores]))


def _bracket(headline: str) -> str:
    """The headline's bracket of reasons: the parenthesised group the first sentence ends with (before "." or a
    withdrawn flag's "; then ..."); none where nothing comes first ("Recommended: ...")."""
    found = re.search(r"\((?:[^()]|\([^()]*\))*\)(?=\.|; then)", headline)
    assert found or not headline.startswith("First:"), headline
    return found.group(0) if found else ""


def _box(rec) -> str:
    (flag,) = [f for f in rec.flags if f.code == "imminent_danger_d3"]
    return flag.action


# --- should-fix 10 ---------------------------------------------------------------------------------------------------
def test_should_fix_10_dimension_3_rated_4_alone_is_an_emergency_psychiatric_evaluation():
    rec = _rec({**ROUTINE, 3: 4})
    assert rec.headline.startswith(PSYCHIATRIC_LEAD + PSYCHIATRIC_THEN), rec.headline
    assert "suicide" not in rec.headline
    assert _box(rec) == PSYCHIATRIC_BOX


@pytest.mark.parametrize(
    "scores",
    [
        (("ciwa_ar", CIWA_13),),
        (("ciwa_ar", CIWA_14_ITEM_10_AT_1),),
        (("cows", COWS_14),),
        (("cows", COWS_46),),
        (("ciwa_ar", CIWA_14_ITEM_10_AT_1), ("cows", COWS_46)),
    ],
)
@pytest.mark.parametrize("d1", [0, 1, 2, 4])
@pytest.mark.parametrize("d2", [0, 4])
def test_should_fix_10_no_suicide_words_without_a_suicide_finding(scores, d1, d2):
    rec = _rec({**ROUTINE, 1: d1, 2: d2, 3: 4}, *scores)
    assert "suicide" not in rec.headline, rec.headline
    assert "emergency psychiatric evaluation" in rec.headline
    assert _box(rec) == PSYCHIATRIC_BOX


def test_should_fix_10_a_high_suicide_risk_keeps_the_suicide_evaluation():
    rec = _rec({**ROUTINE, 3: 4}, ("cssrs_screen", CSSRS_HIGH))
    assert rec.headline.startswith(SUICIDE_LEAD), rec.headline
    assert "psychiatric evaluation" not in rec.headline
    assert _box(rec).startswith(SUICIDE_BOX)


# physician review R6, should-fix 2: beside a finding calling for a risk assessment only (a PHQ-9 item 9 above 0, a
# C-SSRS low or moderate risk), "emergency psychiatric evaluation now, including suicide risk" (the reviewer's words)
INCLUDING_LEAD = (
    "First: emergency psychiatric evaluation now, including suicide risk: arrange transfer now (ED); safety "
    "precautions, staff with the patient, until handover; if the patient declines transfer or tries to leave: staff "
    "stay with the patient (at a safe distance if there is a risk of violence) and call emergency services for an "
    "emergency mental-health assessment (local involuntary-assessment procedure); the patient must not drive"
)
CSSRS_MODERATE = ["yes", "yes", "yes", "no", "no", "no", None]  # question 3 (method) yes: moderate (Posner 2011)


@pytest.mark.parametrize("screen", [("phq9", PHQ9_ITEM_9), ("cssrs_screen", CSSRS_MODERATE)])
def test_r6_should_fix_2_a_risk_assessment_finding_reads_including_suicide_risk(screen):
    rec = _rec({**ROUTINE, 3: 4}, screen)
    assert rec.headline.startswith(INCLUDING_LEAD), rec.headline
    assert _box(rec) == INCLUDING_LEAD.removeprefix("First: e").join(("E", ""))
    beside = _rec({**ROUTINE, 1: 4, 3: 4}, screen)
    assert beside.headline.startswith(
        "First: emergency psychiatric evaluation, including suicide risk, and emergency medical evaluation in one "
        "setting that can manage both: arrange transfer now (ED); safety precautions, staff with the patient, until "
        "handover; if the patient declines transfer or tries to leave: staff stay with the patient (at a safe "
        "distance if there is a risk of violence) and call emergency services"
    ), beside.headline


def test_should_fix_10_beside_imminent_medical_danger_one_setting_for_both():
    rec = _rec({**ROUTINE, 1: 4, 3: 4})
    assert rec.headline.startswith(
        "First: emergency psychiatric evaluation and emergency medical evaluation in one setting that can manage both: "
        "arrange transfer now (ED); safety precautions, staff with the patient, until handover; "
    ), rec.headline
    with_screen = _rec({**ROUTINE, 1: 4, 3: 4}, ("cssrs_screen", CSSRS_HIGH))
    assert with_screen.headline.startswith(
        "First: emergency evaluation for suicide risk and emergency medical evaluation in one setting that can manage "
        "both: "
    ), with_screen.headline


# --- should-fix 9 ----------------------------------------------------------------------------------------------------
def test_should_fix_9_x1_names_the_moderate_band_once():
    rec = _rec({**ROUTINE, 1: 0, 2: 4}, ("ciwa_ar", CIWA_13))
    assert _bracket(rec.headline) == X1, rec.headline


def test_should_fix_9_sweep_each_finding_named_once_in_the_bracket():
    ciwa = [(), (("ciwa_ar", CIWA_13),), (("ciwa_ar", CIWA_14_ITEM_10_AT_1),)]
    cows = [(), (("cows", COWS_14),), (("cows", COWS_46),)]
    cssrs = [(), (("cssrs_screen", CSSRS_HIGH),)]
    twice = []
    for d1, d2, d3 in itertools.product(range(5), repeat=3):
        for c, w, s in itertools.product(ciwa, cows, cssrs):
            headline = _rec({**ROUTINE, 1: d1, 2: d2, 3: d3}, *c, *w, *s).headline
            bracket = _bracket(headline)
            twice += [(d1, d2, d3, c, w, s, f) for f in FINDINGS if bracket.count(f) > 1]
            # none dropped: the moderate band, where the dose beside dimension 2 rated 4 treats it (X1's family)
            if d2 == 4 and d1 < 2 and c:
                assert "CIWA-Ar in the moderate withdrawal band" in bracket, headline
    assert not twice, twice[:5]
