"""Physician review R13 (3 Dec 2026), should-fix 6: dimension 4, 5 or 6 rated 4 (cases C25-C27, C40 of the R13 case
table). Each expected text is typed by hand from the reviewer's words, never computed by iopkit.

Ruling: the rating-4 rules (ED transfer, the capacity clause, "before transfer only if ... the reason for rating 4
allows it", the rating-4 screen form) stay for dimensions 1-3 only. Imminent danger in dimension 4, 5 or 6 (ASAM
Criteria, 3rd ed., 2013: readiness to change, relapse or continued-use potential, recovery environment) is met by a
24-hour structured setting arranged today, not an emergency department. With no dimension 1-3 at 4 and no C-SSRS high
the headline says: "First: arrange a 24-hour structured setting today (dimension N rated 4, imminent danger): on
today's ratings at least Level 3.5 (Clinically managed high-intensity residential), with withdrawal management there
as dimension 1 needs; until admission: a safety plan with the patient, and naloxone if the patient uses opioids"
(naloxone: ASAM 2020 National Practice Guideline for OUD). Doses: the ordinary (non-4) forms, "before the patient
leaves" correct; no driving clause from dimensions 4-6 alone.

The level named is the rule table's (iopkit's open ASAM-informed table: dimension 4, 5 or 6 rated 4 -> Level 3.5,
clinically managed high-intensity residential, 24-hour structure), "at least" that level, or a higher one where
another dimension needs more (dimension 2 rated 3 -> Level 3.7). Dimension 1 rated 3 calls for 3.7-WM, medically
monitored inpatient withdrawal management (ASAM Criteria 2013), which the recommendation puts first.
"""

import re

import pytest

from iopkit.placement import FirstStep, Recommendation, headline_steps

from .intoxication_screens import SCREEN_OPIOID, r32a
from .test_placement_headline_review_r7_old_scores import recommended
from .test_placement_headline_review_r13_boxes import (  # the reviewer's answers arrays (R13)
    CIWA_MOD13,
    CIWA_SEV21,
    COWS_19,
    COWS_48,
    CSSRS_HIGH,
    CSSRS_MOD,
)

LEVEL_35 = "Level 3.5 (Clinically managed high-intensity residential)"
LEVEL_37 = "Level 3.7 (Medically monitored intensive inpatient)"
UNTIL_ADMISSION = "until admission: a safety plan with the patient, and naloxone if the patient uses opioids"


def setting_today(dimension: int) -> str:
    """The reviewer's first words, dimension N filled in."""
    return f"arrange a 24-hour structured setting today (dimension {dimension} rated 4, imminent danger)"


def reviewer_headline(dimension: int) -> str:
    """The reviewer's whole headline for dimension N rated 4 over the routine ratings (dimension 1 rated 1)."""
    return (
        f"First: {setting_today(dimension)}: on today's ratings at least {LEVEL_35}, with withdrawal management there "
        f"as dimension 1 needs; {UNTIL_ADMISSION}."
    )


# what the case table (C25-C27) says must not appear
MUST_NOT = ("ED", "capacity", "reason for rating 4")


def _none_of_the_rating_4_rules(r: Recommendation) -> None:
    for words in MUST_NOT:
        assert words not in r.headline, words
    assert not re.search(r"\bED\b", r.headline)
    assert not r.headline.startswith("First: 3.2-WM")


@pytest.mark.parametrize("dimension", [4, 5, 6])
def test_c25_c27_dimension_4_5_or_6_rated_4_arranges_a_24_hour_setting_today(dimension):
    r = recommended({dimension: 4})
    assert r.first_step is not FirstStep.EMERGENCY_EVALUATION
    assert r.first_step is FirstStep.ARRANGE_24_HOUR_SETTING
    _none_of_the_rating_4_rules(r)
    assert r.headline.startswith(f"First: {setting_today(dimension)}")
    assert r.headline == reviewer_headline(dimension)
    assert "must not drive" not in r.headline  # no driving clause from dimensions 4-6 alone
    assert r.level.code == "3.5"  # the rule table: dimension 4, 5 or 6 rated 4 -> Level 3.5


@pytest.mark.parametrize("dimension", [4, 5, 6])
@pytest.mark.parametrize("d1", [0, 1, 2, 3])
def test_the_level_named_is_the_recommended_level_whatever_dimension_1_is_rated(dimension, d1):
    r = recommended({dimension: 4, 1: d1})
    assert r.first_step is FirstStep.ARRANGE_24_HOUR_SETTING
    assert r.level.code == "3.5"
    _none_of_the_rating_4_rules(r)
    assert r.headline.startswith(f"First: {setting_today(dimension)}: on today's ratings ")
    assert r.headline.endswith(f"; {UNTIL_ADMISSION}.")
    if d1 == 0:  # no withdrawal management on these ratings: none named
        assert r.headline == (
            f"First: {setting_today(dimension)}: on today's ratings at least {LEVEL_35}; {UNTIL_ADMISSION}."
        )
    elif d1 in (1, 2):  # ambulatory WM by dimension 1 itself: managed there, never a first step of its own
        assert r.headline == reviewer_headline(dimension)
        assert "3.2-WM" not in r.headline
    else:  # dimension 1 rated 3: 3.7-WM (ASAM Criteria 2013), first, then at least Level 3.5
        assert (
            f"on today's ratings 3.7-WM medically monitored inpatient withdrawal management first, then at least "
            f"{LEVEL_35} after a reassessment of all six dimensions; {UNTIL_ADMISSION}."
        ) in r.headline
        assert "3.2-WM" not in r.headline


def test_a_higher_level_another_dimension_needs_is_named_never_3_5():
    # dimension 2 rated 3: 24-hour medical monitoring, Level 3.7 (the rule table)
    r = recommended({5: 4, 2: 3})
    assert r.level.code == "3.7"
    assert r.first_step is FirstStep.ARRANGE_24_HOUR_SETTING
    assert f"on today's ratings at least {LEVEL_37}, with withdrawal management there as dimension 1 needs" in (
        r.headline
    )
    assert "3.5" not in r.headline


def test_two_or_three_dimensions_rated_4_are_named_together():
    r = recommended({4: 4, 5: 4})
    assert r.headline.startswith(
        "First: arrange a 24-hour structured setting today (dimensions 4 and 5 rated 4, imminent danger): "
    )
    r = recommended({4: 4, 5: 4, 6: 4})
    assert r.headline.startswith(
        "First: arrange a 24-hour structured setting today (dimensions 4, 5 and 6 rated 4, imminent danger): "
    )


@pytest.mark.parametrize(
    "rated_4, lead",
    [
        (1, "First: emergency medical evaluation: arrange transfer now (ED, or 4-WM)"),
        (2, "First: emergency medical evaluation: arrange transfer now (ED)"),
        (3, "First: emergency psychiatric evaluation now: arrange transfer now (ED)"),
    ],
)
@pytest.mark.parametrize("dimension", [4, 5, 6])
def test_a_dimension_1_2_or_3_rated_4_wins(rated_4, lead, dimension):
    r = recommended({dimension: 4, rated_4: 4})
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    assert r.headline.startswith(lead)
    assert "24-hour structured setting" not in r.headline
    assert r.level.code == "4"


def test_c40_a_c_ssrs_high_leads_the_setting_after_the_evaluation():
    r = recommended({4: 4}, today=[("cssrs_screen", CSSRS_HIGH)])
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    assert r.headline.startswith("First: emergency evaluation for suicide risk")
    assert "capacity" not in r.headline and "reason for rating 4" not in r.headline
    assert f"Then, as the evaluation decides: {setting_today(4)}: on today's ratings at least {LEVEL_35}" in r.headline


@pytest.mark.parametrize("d1", [1, 2])
def test_withdrawal_management_needed_today_the_ordinary_review_first_then_the_setting(d1):
    # dimension 1 rated 1 or 2 and a CIWA-Ar of 13 today: the prescriber's review in its ordinary form, before the
    # patient leaves (the reviewer: "'before the patient leaves' correct"), never the rating-4 dose form
    r = recommended({5: 4, 1: d1}, today=[("ciwa_ar", CIWA_MOD13)])
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    assert r.headline.startswith("First: a prescriber's review before the patient leaves: ")
    _none_of_the_rating_4_rules(r)
    assert r.headline.index("a prescriber's review") < r.headline.index(setting_today(5))
    assert f"{setting_today(5)}: on today's ratings at least {LEVEL_35}" in r.headline
    assert r.headline.endswith(f"; {UNTIL_ADMISSION}.")


def test_dimension_1_rated_3_with_withdrawal_today_3_7_wm_first_a_first_dose_before_transfer():
    r = recommended({5: 4, 1: 3}, today=[("ciwa_ar", CIWA_MOD13)])
    assert r.first_step is FirstStep.ARRANGE_24_HOUR_SETTING
    _none_of_the_rating_4_rules(r)
    assert r.headline.startswith(
        f"First: {setting_today(5)}: on today's ratings 3.7-WM medically monitored inpatient withdrawal management "
        "first"
    )
    assert "a prescriber gives a first dose before transfer if able (CIWA-Ar in the moderate withdrawal band)" in (
        r.headline
    )


def test_a_severe_ciwa_ar_of_today_its_emergency_transfer_first():
    # an emergency withdrawal transfer comes first (ASAM 2020 alcohol withdrawal guideline: medically managed
    # withdrawal); its own words, not a rating-4 form; the level after it at least Level 3.5
    r = recommended({5: 4}, today=[("ciwa_ar", CIWA_SEV21)])
    assert r.first_step is FirstStep.EMERGENCY_EVALUATION
    assert r.headline.startswith("First: emergency medical evaluation: arrange transfer now to medically managed")
    assert "reason for rating 4" not in r.headline
    assert f"at least {LEVEL_35}" in r.headline


@pytest.mark.parametrize("d1", [1, 2])  # 2: rated as the COWS suggests, no rating-below flag leading
@pytest.mark.parametrize(
    "cows, step",
    [(COWS_19, "a prescriber's review before the patient leaves"), (COWS_48, SCREEN_OPIOID + "a prescriber treats")],
)
def test_a_cows_of_today_its_step_first_in_its_ordinary_form_then_the_setting(cows, step, d1):
    r = recommended({6: 4, 1: d1}, today=[("cows", cows)])
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    # physician review R32 (a): an ambulatory step's hold gives its next step (r32a)
    assert r.headline.startswith(r32a(f"First: {step}", r.headline))
    assert "before the patient leaves" in r.headline
    _none_of_the_rating_4_rules(r)
    assert r.headline.index(r32a(step, r.headline)) < r.headline.index(setting_today(6))  # R32 (a)


def test_an_old_severe_ciwa_ar_its_re_score_first_then_the_setting():
    r = recommended({4: 4}, old=[("ciwa_ar", CIWA_SEV21)])
    assert r.first_step is FirstStep.MEDICAL_REVIEW
    assert r.headline.startswith("First: re-score the CIWA-Ar now (last 21 on 20 Nov 2026, severe)")
    assert "reason for rating 4" not in r.headline
    assert r.headline.index("re-score the CIWA-Ar") < r.headline.index(setting_today(4))


def test_a_c_ssrs_moderate_its_same_day_assessment_first_then_the_setting():
    r = recommended({5: 4}, today=[("cssrs_screen", CSSRS_MOD)])
    assert r.first_step is FirstStep.RISK_ASSESSMENT
    # physician review R16 (session 15), the ruling on C16 (C-SSRS moderate): "and safety planning", its words
    # physician review R23c A1: C-SSRS moderate is critical now, so a rating below its suggestion is named as for
    # PHQ-9 item 9 (a critical suicide-risk flag); R16's words ("and safety planning") stand
    assert r.headline.startswith(
        "First: a same-day suicide risk assessment and safety planning before the patient leaves (moderate suicide "
        "risk (C-SSRS screen): dimension 3 rated "
    )
    assert f"Then, unless the assessment finds more: {setting_today(5)}: on today's ratings at least {LEVEL_35}" in (
        r.headline
    )


def test_headline_steps_show_the_setting_and_what_holds_until_admission():
    r = recommended({5: 4})
    steps = headline_steps(r.headline)
    assert [s.text for s in steps] == [
        f"First: {setting_today(5)}: on today's ratings at least {LEVEL_35}, with withdrawal management there as "
        "dimension 1 needs",
        f"{UNTIL_ADMISSION}.",
    ]
    assert steps[0].first and "".join(s.text + s.separator for s in steps) == r.headline


def test_the_first_step_is_saved_and_reads_back():
    r = recommended({5: 4})
    data = r.to_dict()
    assert data["first_step"] == "arrange_24_hour_setting"
    assert Recommendation.from_dict(data) == r
    assert Recommendation.from_dict(data).first_step is FirstStep.ARRANGE_24_HOUR_SETTING
