"""Placement: the rule table, recommend(), suggestions from scores, levels and hours."""

import json

import pytest

import iopkit
from iopkit import placement
from iopkit.errors import PlacementInputError
from iopkit.placement import RULES, levels, recommend, suggest_dimensions
from iopkit.placement.levels import LevelOfCare as L

ZERO = {d: 0 for d in range(1, 7)}


def rated(**ratings):
    """All six dimensions at 0 except those given as d1=.., d3=.."""
    return {**ZERO, **{int(k[1:]): v for k, v in ratings.items()}}


def phq9(item9=0, rest=0):
    return iopkit.score("phq9", {**{i: rest for i in range(1, 9)}, 9: item9})


def gad7(each):
    return iopkit.score("gad7", {i: each for i in range(1, 8)})


def ciwa(total, scheme=None):
    """A CIWA-Ar score with the given total (items 1-9 hold it, orientation 0), in ``scheme`` if given."""
    answers, left = {}, total
    for i in range(1, 10):
        answers[i], left = min(left, 7), left - min(left, 7)
    return iopkit.score("ciwa_ar", {**answers, 10: 0}, **({"scheme": scheme} if scheme else {}))


def cows(total):
    """A COWS score with the given total (0-10): items 1..total answered 1, the rest 0."""
    return iopkit.score("cows", {i: int(i <= total) for i in range(1, 12)})


# --- The rule table --------------------------------------------------------------------------


class TestRuleTable:
    def test_table_has_one_row_per_dimension_and_rating(self):
        """30 rows: six dimensions x ratings 0-4, each with a rule and a source."""
        assert sorted((r.dimension, r.rating) for r in RULES) == [(d, r) for d in range(1, 7) for r in range(5)]
        assert all(r.rule and r.source for r in RULES)

    def test_required_level_never_falls_as_a_rating_rises(self):
        """Within each dimension the table is ordered by intensity."""
        for d in range(1, 7):
            ranks = [(r.level.rank if r.level else -1) for r in RULES if r.dimension == d]
            assert ranks == sorted(ranks)

    def test_rating_4_in_dimensions_1_to_3_requires_medically_managed_care(self):
        for d in (1, 2, 3):
            assert next(r for r in RULES if (r.dimension, r.rating) == (d, 4)).level is L.INPATIENT_MANAGED

    def test_no_rule_copies_asam_wording_markers(self):
        """Our own table: neutral descriptors, labelled ASAM-informed, no ASAM text."""
        text = placement.rules()
        assert "ASAM-informed" in text and "not ASAM text" in text
        assert "CONTINUUM" not in text

    def test_printed_table_names_every_row(self):
        lines = placement.rules().splitlines()
        for r in RULES:
            assert any(line.startswith(f"D{r.dimension:<2} {r.rating} ") and r.rule in line for line in lines)

    def test_printed_table_in_fourth_edition_is_labelled_secondary(self):
        text = placement.rules(edition="4th")
        assert "secondary sources" in text
        assert " 1.7 " in text  # 1-WM shown by its nearest 4th-edition level


# --- Vignettes at every rule boundary ----------------------------------------------------------


@pytest.mark.parametrize("row", RULES, ids=lambda r: f"D{r.dimension}={r.rating}")
def test_each_rule_row_alone_decides_level_and_withdrawal_route(row):
    """One dimension raised, the others 0: the level is that row's level (floor 0.5)."""
    r = recommend(rated(**{f"d{row.dimension}": row.rating}))
    assert r.level is (row.level or L.EARLY_INTERVENTION)
    assert r.withdrawal_management is row.withdrawal_management
    assert r.basis[row.dimension - 1].rule == row.rule


@pytest.mark.parametrize(
    "dimension,below,at,level_below,level_at",
    [
        (2, 1, 2, L.OP, L.IOP),
        (2, 2, 3, L.IOP, L.INPATIENT_MONITORED),
        (3, 1, 2, L.OP, L.IOP),
        (3, 2, 3, L.IOP, L.RESIDENTIAL_HIGH),
        (4, 2, 3, L.OP, L.IOP),
        (5, 2, 3, L.IOP, L.PHP),
        (6, 2, 3, L.IOP, L.RESIDENTIAL_LOW),
    ],
)
def test_level_changes_exactly_at_the_boundary(dimension, below, at, level_below, level_at):
    base = rated(d5=1)  # a typical floor: some relapse risk
    assert recommend({**base, dimension: below}).level is level_below
    assert recommend({**base, dimension: at}).level is level_at


def test_typical_iop_patient():
    """Moderate relapse risk, moderate depression, unsupportive home: IOP, 9 to under 20 h."""
    r = recommend({1: 0, 2: 1, 3: 2, 4: 1, 5: 2, 6: 2})
    assert (r.level, r.withdrawal_management, r.hours_per_week) == (L.IOP, None, (9, 20))


def test_level_is_the_most_intensive_requirement_never_an_average():
    """One severe biomedical rating outweighs five zeros."""
    assert recommend(rated(d2=3)).level is L.INPATIENT_MONITORED


def test_withdrawal_is_routed_separately_from_the_treatment_level():
    r = recommend({1: 3, 2: 1, 3: 2, 4: 1, 5: 2, 6: 1})
    assert (r.level, r.withdrawal_management) == (L.IOP, L.WM_INPATIENT_MONITORED)


@pytest.mark.parametrize(
    "d1,level,wm",
    [
        (0, L.EARLY_INTERVENTION, None),
        (1, L.OP, L.WM_AMBULATORY),
        (2, L.OP, L.WM_AMBULATORY_EXTENDED),
        (3, L.OP, L.WM_INPATIENT_MONITORED),
        (4, L.INPATIENT_MANAGED, L.WM_INPATIENT_MANAGED),
    ],
)
def test_a_withdrawal_management_need_is_never_early_intervention(d1, level, wm):
    """D1 alone: no risk stays at 0.5; any WM need sets at least Level 1, the care after WM."""
    r = recommend(rated(d1=d1))
    assert (r.level, r.withdrawal_management) == (level, wm)


def test_the_level_1_floor_after_withdrawal_management_is_labelled_our_design_with_its_anchors():
    rows = [r for r in RULES if r.dimension == 1 and r.withdrawal_management and r.rating < 4]
    assert [r.rating for r in rows] == [1, 2, 3]
    assert all(r.source.split("; ") == ["iopkit", "asam_ppc2r", "asam2013"] for r in rows)


def test_the_floor_after_withdrawal_management_never_lowers_another_dimension_requirement():
    assert recommend(rated(d1=3, d3=3)).level is L.RESIDENTIAL_HIGH
    assert recommend(rated(d1=1, d5=2)).level is L.IOP


@pytest.mark.parametrize("d1,flagged", [(0, False), (1, False), (2, False), (3, True), (4, True)])
def test_24_hour_withdrawal_management_says_the_treatment_level_must_be_reassessed(d1, flagged):
    """3.7-WM with all else 0: the recommendation says plainly that Level 1 is only a floor after WM."""
    r = recommend(rated(d1=d1))
    found = [f for f in r.flags if f.code == "reassess_after_withdrawal_management"]
    assert bool(found) is flagged
    if flagged:
        (flag,) = found
        assert flag.severity == "warning" and r.withdrawal_management.code in flag.message
        assert "Re-rate all six dimensions" in flag.action and "iopkit" in flag.source.split("; ")


@pytest.mark.parametrize("dimension", [1, 2, 3])
def test_imminent_danger_in_dimensions_1_to_3_is_flagged_critical(dimension):
    r = recommend(rated(**{f"d{dimension}": 4}))
    assert r.level is L.INPATIENT_MANAGED
    assert [f.severity for f in r.flags if f.code == f"imminent_danger_d{dimension}"] == ["critical"]


@pytest.mark.parametrize("dimension", [4, 5, 6])
def test_imminent_danger_in_dimensions_4_to_6_is_a_warning_with_24h_structure(dimension):
    r = recommend(rated(**{f"d{dimension}": 4}))
    assert r.level is L.RESIDENTIAL_HIGH
    assert [f.severity for f in r.flags if f.code == f"imminent_danger_d{dimension}"] == ["warning"]


def test_adolescent_hours_differ_from_adult_hours():
    dims = rated(d5=2)
    assert recommend(dims).hours_per_week == (9, 20)
    assert recommend(dims, adolescent=True).hours_per_week == (6, 20)


def test_adolescent_withdrawal_route_carries_an_info_flag():
    r = recommend(rated(d1=1, d5=2), adolescent=True)
    assert "adolescent_wm" in {f.code for f in r.flags}


def test_24_hour_levels_carry_hours_only_where_defined():
    assert recommend(rated(d6=3)).hours_per_week == (5, None)  # 3.1: at least 5 h/wk ([S] A2)
    assert recommend(rated(d3=3)).hours_per_week is None


# --- Context and alternatives ------------------------------------------------------------------


def test_ambulatory_withdrawal_management_offers_residential_wm_as_alternative():
    r = recommend(rated(d1=2, d5=2))
    assert [(a.level, a.withdrawal_management) for a in r.alternatives] == [(L.IOP, L.WM_RESIDENTIAL)]


def test_no_supportive_home_with_ambulatory_wm_is_flagged():
    r = recommend(rated(d1=1, d5=2), context={"supportive_home": False})
    assert "ambulatory_wm_without_support" in {f.code for f in r.flags}
    assert r.withdrawal_management is L.WM_AMBULATORY  # context never changes the route itself


def test_work_obligations_make_an_evening_programme_at_the_same_level_explicit():
    r = recommend(rated(d5=2), context={"work_or_school": True, "evening_sessions": True})
    assert [a.level for a in r.alternatives] == [L.IOP]
    assert "evening" in r.alternatives[0].when


def test_context_never_lowers_the_level():
    dims = rated(d3=3, d6=2)
    every = {k: True for k in placement.CONTEXT_KEYS}
    assert recommend(dims, context=every).level is recommend(dims).level is L.RESIDENTIAL_HIGH


# --- Bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [5, -1, 2.0, True, "2", None])
def test_bad_rating_names_dimension_value_and_allowed(value):
    with pytest.raises(PlacementInputError) as e:
        recommend({**ZERO, 3: value})
    assert "Dimension 3" in str(e.value) and repr(value) in str(e.value) and "0..4" in str(e.value)


def test_missing_dimension_is_named_never_guessed():
    with pytest.raises(PlacementInputError, match=r"Missing dimension\(s\) 4 \(Readiness to change\); 6"):
        recommend({1: 0, 2: 0, 3: 0, 5: 0})


def test_unknown_dimension_is_refused():
    with pytest.raises(PlacementInputError, match="Unknown dimension"):
        recommend({**ZERO, 7: 1})


def test_unknown_context_key_lists_allowed_keys():
    with pytest.raises(PlacementInputError, match="Unknown context key 'pets'; allowed: work_or_school"):
        recommend(ZERO, context={"pets": True})


def test_context_values_must_be_booleans():
    with pytest.raises(PlacementInputError, match="'transport' must be True or False"):
        recommend(ZERO, context={"transport": "yes"})


def test_placement_errors_are_value_errors():
    with pytest.raises(ValueError):
        recommend({})


# --- Serialisation and re-derivation ------------------------------------------------------------


def test_recommendation_round_trips_through_json_and_rederives_equal():
    sugg = suggest_dimensions([phq9(item9=1, rest=1)], readiness=3)
    r = recommend({1: 1, 2: 1, 3: 2, 4: 3, 5: 2, 6: 1}, context={"evening_sessions": True}, suggested=sugg)
    again = placement.Recommendation.from_dict(json.loads(json.dumps(r.to_dict())))
    assert again == r
    assert recommend(**r.inputs()) == r


def test_rederiving_without_suggestions_uses_the_three_contract_arguments():
    r = recommend(rated(d2=2), adolescent=True, context={"transport": True})
    assert recommend(r.dimensions, adolescent=r.adolescent, context=r.context) == r


# --- Suggestions from real scores ---------------------------------------------------------------


def test_phq9_item9_flag_reaches_the_recommendation_through_the_suggestion():
    sugg = suggest_dimensions([phq9(item9=1)])
    assert sugg[3].rating == 2 and "suicidal_ideation" in {f.code for f in sugg[3].flags}
    r = recommend(rated(d3=2), suggested=sugg)
    assert [f.severity for f in r.flags if f.code == "suicidal_ideation"] == ["critical"]


def test_clinician_rating_overrides_and_basis_records_both():
    sugg = suggest_dimensions([gad7(2)])  # total 14: moderate anxiety -> suggests 2
    r = recommend(rated(d3=1), suggested=sugg)
    b = r.basis[2]
    assert (b.rating, b.suggested_rating, b.overridden) == (1, 2, True)
    assert b.suggested_from.startswith("GAD-7: GAD-7 10 or more")  # walk24 finding 6: the name, never "gad7"
    assert r.level is L.OP
    assert "rated_below_suggestion_d3" in {f.code for f in r.flags}


def test_rating_above_suggestion_is_recorded_without_warning():
    r = recommend(rated(d3=3), suggested=suggest_dimensions([gad7(0)]))
    assert r.basis[2].suggested_rating == 0
    assert not any(f.code.startswith("rated_below") for f in r.flags)


def test_highest_d3_suggestion_wins_and_every_flag_travels():
    sugg = suggest_dimensions([phq9(item9=1, rest=0), gad7(2)])
    assert sugg[3].rating == 2 and sugg[3].from_score in {"phq9", "gad7"}
    assert "suicidal_ideation" in {f.code for f in sugg[3].flags}


@pytest.mark.parametrize("total,rating", [(9, 1), (10, 2), (18, 2), (19, 3)])
def test_ciwa_ar_suggests_dimension_1_at_asam_2020_boundaries(total, rating):
    assert suggest_dimensions([ciwa(total)])[1].rating >= rating


def test_ciwa_ar_below_the_severe_band_suggests_exactly_the_table_rating():
    assert [suggest_dimensions([ciwa(t, "asam_2020")])[1].rating for t in (7, 9, 10, 14)] == [1, 1, 2, 2]


@pytest.mark.parametrize(
    "scheme,named,totals,ratings",
    [
        ("sullivan_1989", "iopkit's default", (0, 1, 7, 8, 14, 15), (0, 1, 1, 2, 2, 3)),
        ("asam_2020", "ASAM 2020's", (0, 1, 9, 10, 18, 19), (0, 1, 1, 2, 2, 3)),
        # by its name, never its id (was "the severe_16 scheme's": session 22 finding 2)
        ("severe_16", "a secondary summary's", (0, 1, 10, 11, 15, 16), (0, 1, 1, 2, 2, 3)),
    ],
)
def test_ciwa_ar_suggestion_follows_the_bands_of_the_scheme_the_score_used(scheme, named, totals, ratings):
    """The scorer's band decides (mild 1, moderate 2, severe 3), and the suggestion cites that scheme."""
    got = [suggest_dimensions([ciwa(t, scheme)])[1] for t in totals]
    assert [s.rating for s in got] == list(ratings)
    # session 22 (after walk24 finding 6): the scheme by its name in the words, as the headline names it (the scheme
    # kept only for old records as the physician review's severe_band_words names it), its id as data only
    assert all(f" on {named} bands)" in s.reason for s in got), [s.reason for s in got]
    assert all(s.banded is not None and s.banded.scheme == scheme for s in got)
    assert not any("scheme " in s.reason for s in got)


def test_no_withdrawal_signs_suggest_dimension_1_rated_0_on_ciwa_ar_as_on_cows():
    """CIWA-Ar 0 (every item at its 'not present' anchor) and COWS under 5 both suggest 0."""
    ciwa0, cows4 = suggest_dimensions([ciwa(0)])[1], suggest_dimensions([cows(4)])[1]
    assert (ciwa0.rating, cows4.rating) == (0, 0)
    assert "iopkit" in ciwa0.source.split("; ")
    assert recommend(rated(), suggested={1: ciwa0}).withdrawal_management is None


def test_every_band_of_every_ciwa_ar_scheme_gives_a_suggestion():
    """A scheme with a band the table does not know would silently drop the withdrawal suggestion."""
    for scheme in iopkit.instrument("ciwa_ar").schemes:
        for band in scheme.bands:
            assert suggest_dimensions([ciwa(band.low, scheme.id)])[1].dimension == 1


def test_severe_withdrawal_flag_raises_dimension_1_to_at_least_3():
    s = suggest_dimensions([ciwa(15)])[1]  # severe in the default (Sullivan) scheme
    assert s.rating == 3 and any(f.severity == "critical" for f in s.flags)


@pytest.mark.parametrize("total,rating", [(4, 0), (5, 1), (10, 1)])
def test_cows_suggests_dimension_1(total, rating):
    assert suggest_dimensions([cows(total)])[1].rating == rating


@pytest.mark.parametrize("value,rating", [(0, 3), (3, 3), (4, 2), (6, 2), (7, 1), (8, 1), (9, 0), (10, 0)])
def test_readiness_ruler_suggests_dimension_4(value, rating):
    assert suggest_dimensions([], readiness=value)[4].rating == rating


def test_seizure_or_delirium_suggests_imminent_danger_with_a_critical_flag():
    s = suggest_dimensions([], seizure_or_delirium=True)[1]
    assert s.rating == 4 and s.flags[0].severity == "critical"


def test_instruments_that_inform_no_dimension_are_ignored():
    assert suggest_dimensions([iopkit.score("audit_c", {1: 1, 2: 1, 3: 1})]) == {}


@pytest.mark.parametrize(
    "facts,match",
    [
        ({"mood": 3}, "Unknown fact"),
        ({"readiness": 11}, "0..10"),
        ({"readiness": 5.5}, "0..10"),
        ({"readiness": True}, "0..10"),
    ],
)
def test_bad_facts_are_refused(facts, match):
    with pytest.raises(PlacementInputError, match=match):
        suggest_dimensions([], **facts)


def test_suggested_must_hold_suggestion_objects():
    with pytest.raises(PlacementInputError, match="Suggestion objects"):
        recommend(ZERO, suggested={3: 2})


# --- Levels: hours and editions ---------------------------------------------------------------


@pytest.mark.parametrize(
    "hours,adolescent,level",
    [
        (0, False, L.OP),
        (8.99, False, L.OP),
        (9, False, L.IOP),
        (19.99, False, L.IOP),
        (20, False, L.PHP),
        (5.99, True, L.OP),
        (6, True, L.IOP),
        (19.5, True, L.IOP),
        (20, True, L.PHP),
    ],
)
def test_hours_thresholds_adults_and_adolescents(hours, adolescent, level):
    assert levels.level_for_hours(hours, adolescent=adolescent) is level


def test_hours_ranges_cite_their_source():
    assert all("asam2013" in row.source.split("; ") for row in levels.HOURS)
    assert all("cfr_410_43" in row.source for row in levels.HOURS if row.level is L.PHP)


def test_levels_without_weekly_hours_are_refused_clearly():
    with pytest.raises(PlacementInputError, match="no weekly-hours definition"):
        levels.hours_per_week(L.RESIDENTIAL_HIGH)


def test_every_level_has_a_fourth_edition_entry_with_confidence():
    assert set(levels.FOURTH_EDITION) == set(L)
    assert {e.confidence for e in levels.FOURTH_EDITION.values()} <= {"secondary", "inferred"}


def test_inferred_fourth_edition_names_say_so():
    assert "inferred" in levels.describe(L.RESIDENTIAL_POPULATION_SPECIFIC, edition="4th")
    assert levels.describe(L.IOP, edition="4th").startswith("Level 2.1")


def test_recommendation_can_be_described_in_either_edition():
    r = recommend(rated(d1=2, d5=3))
    # physician review R17a S8: the ambulatory WM's condition when dimension 5 is rated 3
    condition = (
        "ambulatory withdrawal management only with a safe place to stay overnight and a supportive person"
        " who can call for help (dimension 5 rated 3); otherwise 3.2-WM"
    )
    wm = str(L.WM_AMBULATORY_EXTENDED)
    assert r.describe() == f"Level 2.5 (Partial hospitalization); withdrawal management: {wm}; {condition}"
    assert "High-intensity outpatient" in r.describe(edition="4th")


def test_unknown_edition_is_refused():
    with pytest.raises(PlacementInputError, match="edition"):
        levels.describe(L.IOP, edition="5th")


def test_placement_reexports_level_of_care():
    assert placement.LevelOfCare is iopkit.LevelOfCare


# --- review fixes: types a user actually passes ------------------------------------------------

_ZERO = {1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0}


def test_numpy_integer_ratings_are_accepted_as_whole_numbers():
    np = pytest.importorskip("numpy")
    r = recommend({d: np.int64(v) for d, v in {**_ZERO, 3: 2}.items()})
    assert r.level is L.IOP and r.dimensions[3] == 2 and type(r.dimensions[3]) is int


@pytest.mark.parametrize("value", [2.0, 2.5, "2", True, None])
def test_non_integer_ratings_are_refused_naming_the_dimension(value):
    with pytest.raises(PlacementInputError, match=r"Dimension 3 .* 0\.\.4"):
        recommend({**_ZERO, 3: value})


@pytest.mark.parametrize("value", ["no", "yes", 1, None])
def test_adolescent_must_be_a_bool_not_a_truthy_string(value):
    with pytest.raises(PlacementInputError, match="adolescent"):
        recommend(_ZERO, adolescent=value)
    with pytest.raises(PlacementInputError, match="adolescent"):
        levels.hours_per_week(L.IOP, adolescent=value)
    with pytest.raises(PlacementInputError, match="adolescent"):
        levels.level_for_hours(7, adolescent=value)


def test_level_for_hours_accepts_numpy_numbers_and_refuses_nan():
    np = pytest.importorskip("numpy")
    assert levels.level_for_hours(np.int64(9)) is L.IOP
    assert levels.level_for_hours(np.float64(8.999)) is L.OP
    with pytest.raises(PlacementInputError, match="hours per week"):
        levels.level_for_hours(float("nan"))


def test_seizure_fact_must_be_a_bool_so_no_string_raises_a_false_alarm():
    with pytest.raises(PlacementInputError, match="seizure_or_delirium .* 'no'"):
        suggest_dimensions([], seizure_or_delirium="no")
    assert suggest_dimensions([], seizure_or_delirium=False) == {}
    assert suggest_dimensions([], seizure_or_delirium=True)[1].rating == 4


def test_readiness_accepts_a_numpy_integer_but_not_a_float():
    np = pytest.importorskip("numpy")
    assert suggest_dimensions([], readiness=np.int64(5))[4].rating == 2
    with pytest.raises(PlacementInputError, match="readiness"):
        suggest_dimensions([], readiness=5.0)


def test_context_accepts_numpy_bools_as_plain_bools():
    np = pytest.importorskip("numpy")
    r = recommend(_ZERO, context={"transport": np.bool_(True)})
    assert r.context == {"transport": True} and type(r.context["transport"]) is bool
