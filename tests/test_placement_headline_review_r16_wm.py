"""Physician review R16 (session 15, 3 Dec 2026): withdrawal management follows dimension 1 alone, whatever level the
other dimensions give or the clinician chooses. Each expected text is typed by hand from the reviewer's words in
/work/reviews/r16.md (never computed by iopkit).

M5. Dimension 1 rated 0 or 1 in a 24-hour level (3.1, 3.3, 3.5, 3.7) another dimension gives: no withdrawal management
    of its own, no "First 3.2-WM" (a withdrawal unit declines the referral and the setting the other dimension needs is
    delayed), no first step, no reassess_after_withdrawal_management box; rated 2: the setting's own alongside the
    level; rated 3: "First Level 3.7-WM ..." unchanged. Source: ASAM Criteria, 3rd ed. (2013), dimension 1 risk ratings
    and WM levels (risk 0-1: none or 1-WM; 3.2-WM is for withdrawal needing 24-hour support); R14-M2.
S9. A level the clinician chooses at dimension 1 rated 1: an ambulatory level (1, 2.1, 2.5) "with Level 1-WM (Ambulatory
    withdrawal management without extended on-site monitoring)", a 24-hour level none of its own. Source: ASAM
    Criteria, 3rd ed. (2013), dimension 1 risk 1 -> 1-WM.
S10. ``describe(edition="4th")`` at dimension 1 rated 2 (Level 1 with 2-WM): 2.7 is for the withdrawal period, then
    1.5 (the hours differ). Source: ASAM Criteria, 4th ed. (2023), from secondary summaries.
"""

import pytest

from iopkit.placement import FirstStep, LevelOfCare, Placement, recommend

from .rating_profiles import with_dimension_1
from .test_placement_headline_review_r7_old_scores import ROUTINE, recommended

L = LevelOfCare

# the reviewer's words (R16-M5, R16-S9), typed
LEVEL_3_5 = "Level 3.5 (Clinically managed high-intensity residential)"
LEVEL_3_1 = "Level 3.1 (Clinically managed low-intensity residential)"
LEVEL_3_7 = "Level 3.7 (Medically monitored intensive inpatient)"
WITH_1_WM = " with Level 1-WM (Ambulatory withdrawal management without extended on-site monitoring)"
ALONGSIDE_3_2 = "with 3.2-WM clinically managed residential withdrawal management"
# the 24-hour levels below Level 4 the rule is for (R16-M5: "3.1, 3.3, 3.5, 3.7"), and the ambulatory ones (R16-S9)
TWENTY_FOUR_HOUR = ("3.1", "3.3", "3.5", "3.7")
AMBULATORY = ("1", "2.1", "2.5")


def _no_withdrawal_management_of_its_own(r):
    assert r.withdrawal_management is None
    assert r.first_step is None
    assert not r.headline.startswith("First: 3.2-WM")
    assert "reassess_after_withdrawal_management" not in [f.code for f in r.flags]


@pytest.mark.parametrize(
    "ratings, described",
    [
        ({3: 3, 1: 1}, LEVEL_3_5),
        ({1: 0, 3: 3}, LEVEL_3_5),
        ({1: 1, 6: 3}, LEVEL_3_1),
        ({1: 1, 2: 3}, LEVEL_3_7),
    ],
)
def test_m5_dimension_1_at_0_or_1_has_no_withdrawal_management_of_its_own_in_a_24_hour_level(ratings, described):
    r = recommended(ratings)
    _no_withdrawal_management_of_its_own(r)
    assert r.describe() == described
    assert "3.2-WM" not in r.headline and "3.7-WM" not in r.headline


def test_m5_the_headline_is_exactly_the_one_dimension_1_at_0_gives():
    headline = "Recommended: Level 3.5 (Clinically managed high-intensity residential)"
    assert recommended({3: 3, 1: 1}).headline == headline
    assert recommended({3: 3, 1: 1}).headline == recommended({3: 3, 1: 0}).headline


def test_m5_dimension_1_at_2_the_setting_s_own_alongside_never_first():
    r = recommended({1: 2, 3: 3})
    assert r.withdrawal_management.code == "3.2-WM"
    assert r.first_step is None and not r.withdrawal_first
    assert r.headline.startswith(f"Recommended: {LEVEL_3_5}")
    assert ALONGSIDE_3_2 in r.headline
    assert not r.describe().startswith("First")


def test_m5_dimension_1_at_3_still_first_3_7_wm():
    r = recommended({1: 3, 3: 3})
    assert r.first_step is FirstStep.WITHDRAWAL_MANAGEMENT
    assert r.describe().startswith("First Level 3.7-WM (Medically monitored inpatient withdrawal management)")


def test_m5_a_clinician_s_24_hour_choice_at_dimension_1_at_1_has_none_of_its_own():
    p = Placement(recommend(ROUTINE), L.RESIDENTIAL_HIGH, "reason")
    assert p.withdrawal_management is None
    assert "3.2-WM" not in p.describe()
    assert p.describe() == LEVEL_3_5  # R16-S9's words


def test_m5_a_clinician_choosing_2_1_at_3_3_and_1_1_is_never_sent_to_3_2_wm_first():
    # the reviewer's "Worse": "First Level 3.2-WM (...), then Level 2.1 (Intensive outpatient)"
    p = Placement(recommend({**ROUTINE, 3: 3}), L.IOP, "reason")
    assert p.describe() == "Level 2.1 (Intensive outpatient)" + WITH_1_WM


def test_s9_a_clinician_s_ambulatory_choice_at_dimension_1_at_1_has_1_wm():
    p = Placement(recommend({1: 1, 2: 0, 3: 1, 4: 1, 5: 4, 6: 1}), L.IOP, "reason")
    assert p.withdrawal_management is L.WM_AMBULATORY
    assert p.describe() == (
        "Level 2.1 (Intensive outpatient) with Level 1-WM (Ambulatory withdrawal management without extended on-site "
        "monitoring)"
        # physician review R17a (session 15), should-fix S8: dimension 5 rated 4, the condition of ambulatory WM
        "; ambulatory withdrawal management only with a safe place to stay overnight and a supportive person who can "
        "call for help (dimension 5 rated 4); otherwise 3.2-WM"
    )


def test_s9_a_clinician_s_24_hour_choice_at_dimension_1_at_1_the_reviewer_s_case():
    p = Placement(recommend(ROUTINE), L.RESIDENTIAL_HIGH, "reason")
    assert p.describe() == "Level 3.5 (Clinically managed high-intensity residential)"


def test_s10_4th_edition_level_1_with_2_wm_names_2_7_for_the_withdrawal_period_then_1_5():
    d = recommend({1: 2, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1}).describe(edition="4th")
    assert d.startswith(
        "Level 2.7 (Medically managed intensive outpatient) while withdrawal is managed, then Level 1.5 "
        "(Outpatient therapy) ["
    )
    assert d == (
        "Level 2.7 (Medically managed intensive outpatient) while withdrawal is managed, then Level 1.5 (Outpatient "
        "therapy) [4th ed., inferred by iopkit: Level 1.5 (Outpatient therapy) with ambulatory withdrawal management "
        "with extended on-site monitoring (3rd ed. 2-WM), one level]"
    )


def test_s10_2_1_with_2_wm_is_unchanged():
    # "Where the level's own 4th-edition match already is the built-in one (2.1 with 2-WM -> 2.7), unchanged"
    d = recommend({1: 2, 2: 0, 3: 2, 4: 1, 5: 1, 6: 1}).describe(edition="4th")
    assert d == (
        "Level 2.7 (Medically managed intensive outpatient) [4th ed., inferred by iopkit: Level 2.1 (Intensive "
        "outpatient) with ambulatory withdrawal management with extended on-site monitoring (3rd ed. 2-WM), one level]"
    )


def _profiles(d1):
    return with_dimension_1(d1)


@pytest.mark.parametrize("d1", [0, 1])
def test_grid_dimension_1_at_0_or_1_never_withdrawal_management_of_its_own_in_3_1_to_3_7(d1):
    """Every rating profile (5^5 per dimension 1 rating) whose level is 3.1-3.7: R16-M5's rule."""
    seen = 0
    for ratings, r in _profiles(d1):
        if r.level.code in TWENTY_FOUR_HOUR:
            seen += 1
            assert r.withdrawal_management is None, ratings
            assert r.first_step is not FirstStep.WITHDRAWAL_MANAGEMENT, ratings
            assert "-WM" not in r.describe(), ratings
            assert "reassess_after_withdrawal_management" not in [f.code for f in r.flags], ratings
    assert seen > 1000


def test_grid_dimension_1_at_2_alongside_and_at_3_first_in_3_1_to_3_7():
    for d1, first in ((2, False), (3, True)):
        for ratings, r in _profiles(d1):
            if r.level.code in TWENTY_FOUR_HOUR and 4 not in (ratings[2], ratings[3]):
                assert r.withdrawal_first is first, ratings
                assert r.describe().startswith("First") is first, ratings


@pytest.mark.parametrize("d1", [0, 1])
def test_grid_a_clinician_s_choice_at_dimension_1_at_0_or_1(d1):
    """Every level the clinician may choose (R16-S9): dimension 1 decides, never "First ... -WM"."""
    for ratings in ({**ROUTINE, 1: d1}, {**ROUTINE, 1: d1, 3: 3}, {**ROUTINE, 1: d1, 5: 4}, {**ROUTINE, 1: d1, 2: 3}):
        rec = recommend(ratings)
        for code in TWENTY_FOUR_HOUR + AMBULATORY:
            p = Placement(rec, L.from_code(code), "reason")
            text = p.describe()
            assert not text.startswith("First"), (ratings, code, text)
            if code in TWENTY_FOUR_HOUR or d1 == 0:
                assert p.withdrawal_management is None and "-WM" not in text, (ratings, code, text)
            else:
                # dimension 5 rated 4: the condition of ambulatory WM after it (physician review R17a, S8)
                tail = "; ambulatory withdrawal management only" if ratings.get(5) == 4 else ""
                assert p.withdrawal_management is L.WM_AMBULATORY, (ratings, code, text)
                assert text.split(tail)[0].endswith(WITH_1_WM) if tail else text.endswith(WITH_1_WM), text


@pytest.mark.parametrize("ratings", [ROUTINE, {**ROUTINE, 5: 4}, {**ROUTINE, 3: 3}, {**ROUTINE, 1: 2}])
def test_s9_level_4_chosen_at_dimension_1_at_1_or_2_any_withdrawal_managed_within_it(ratings):
    """R16-S9 (dimension 1 decides, whichever level is chosen) with R16-S3's accepted words for Level 4 at dimension 1
    rated 1: "Level 4 (Medically managed intensive inpatient), any withdrawal managed within it (4-WM)", no "First
    Level 4-WM"."""
    p = Placement(recommend(ratings), L.INPATIENT_MANAGED, "reason")
    assert p.describe() == "Level 4 (Medically managed intensive inpatient), any withdrawal managed within it (4-WM)"
