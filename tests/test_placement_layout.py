"""Placement as one package with typed, deep-frozen values: where each part lives, one name per
concept, StrEnums that still compare equal to the old strings, results that cannot be changed."""

import copy
import datetime
import importlib
import inspect
import pickle

import numpy as np
import pytest

import iopkit
from iopkit import _validate, placement
from iopkit.errors import PlacementInputError
from iopkit.placement import (
    Decision,
    Edition,
    EpisodeHistory,
    FlagResolution,
    LevelOfCare,
    Placement,
    recommend,
    suggest_dimensions,
)

IOP_RATINGS = {1: 0, 2: 1, 3: 2, 4: 1, 5: 1, 6: 1}


@pytest.mark.parametrize("old", ["iopkit.levels", "iopkit.suggest", "iopkit.review", "iopkit.placement_rules"])
def test_no_module_is_left_at_an_old_path(old):
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module(old)


def test_function_names_are_never_shadowed_by_modules():
    assert inspect.isfunction(placement.review) and inspect.isfunction(placement.rules)
    assert inspect.isfunction(placement.suggest_dimensions) and inspect.isfunction(placement.recommend)
    for module in ("levels", "rule_table", "suggest", "recommendation", "decision", "continued_stay", "resolution"):
        assert inspect.ismodule(importlib.import_module(f"iopkit.placement.{module}"))
    assert iopkit.LevelOfCare is LevelOfCare


def test_every_public_name_of_the_package_is_exported_and_documented():
    for name in placement.__all__:
        value = getattr(placement, name)
        if inspect.isfunction(value):
            doc = inspect.getdoc(value)
            assert "Parameters" in doc and "Returns" in doc, name


def test_the_store_names_the_placement_classes():
    from iopkit.store.kinds import KINDS, kind_of

    assert KINDS["placement"] == "iopkit.placement:Placement"
    assert KINDS["flag_resolution"] == "iopkit.placement:FlagResolution"
    rec = recommend(IOP_RATINGS)
    assert kind_of(Placement(rec)) == "placement" and kind_of(rec) == "recommendation"


def test_a_recommendation_cannot_be_changed_and_equal_ones_hash_equal():
    rec = recommend(IOP_RATINGS, context={"transport": True})
    with pytest.raises(TypeError):
        rec.dimensions[3] = 0  # type: ignore[index]
    with pytest.raises(TypeError):
        rec.context["transport"] = False  # type: ignore[index]
    again = recommend(dict(IOP_RATINGS), context={"transport": True})
    assert rec == again and hash(rec) == hash(again)
    assert len({rec, again, Placement(rec), Placement(again)}) == 2
    assert rec.dimensions == IOP_RATINGS  # a read-only mapping still equals the dict it was made from
    assert recommend(**rec.inputs()) == rec


def test_a_recommendation_survives_pickle_and_deepcopy():
    rec = recommend({1: 2, 2: 1, 3: 2, 4: 1, 5: 2, 6: 1}, suggested=suggest_dimensions([], readiness=7))
    assert pickle.loads(pickle.dumps(rec)) == rec
    assert copy.deepcopy(rec) == rec and copy.deepcopy(Placement(rec)) == Placement(rec)


def test_suggest_dimensions_names_its_facts_and_refuses_others():
    parameters = inspect.signature(suggest_dimensions).parameters
    assert parameters["readiness"].kind is inspect.Parameter.KEYWORD_ONLY
    assert parameters["seizure_or_delirium"].default is False
    with pytest.raises(PlacementInputError, match="Unknown fact.*readines.*allowed: readiness, seizure_or_delirium"):
        suggest_dimensions([], readines=5)
    result = suggest_dimensions([], readiness=5)
    with pytest.raises(TypeError):
        result[4] = result[4]  # type: ignore[index]


def test_decision_and_edition_are_str_enums_that_keep_the_old_strings():
    history = EpisodeHistory(LevelOfCare.IOP, attendance=0.9, drug_screens=[False, False, False])
    r = placement.review(history)
    assert r.decision is Decision.CONTINUE and r.decision == "continue" and f"{r.decision}" == "continue"
    assert history.drug_screens == (False, False, False)  # a caller's list is kept as a tuple
    assert placement.describe(LevelOfCare.PHP, edition=Edition.FOURTH) == placement.describe(
        LevelOfCare.PHP, edition="4th"
    )
    assert placement.rules(edition="4th") == placement.rules(edition=Edition.FOURTH)
    with pytest.raises(PlacementInputError, match="edition must be one of"):
        placement.describe(LevelOfCare.PHP, edition="5th")
    assert placement.FOURTH_EDITION[LevelOfCare.IOP].confidence == "secondary"


def test_review_refuses_what_is_not_an_episode_history():
    with pytest.raises(PlacementInputError, match="EpisodeHistory"):
        placement.review({"level": LevelOfCare.IOP})  # type: ignore[arg-type]


def test_a_flag_resolution_is_review_s_record():
    r = FlagResolution(
        "suicidal_ideation", "phq9", 4, "C-SSRS", "A. Rivera, LCSW", datetime.date(2026, 3, 2), risk_level="low"
    )
    assert hash(r) == hash(FlagResolution.from_dict(r.to_dict()))


@pytest.mark.parametrize(
    "value,flag,whole",
    [
        (True, True, None),
        (np.bool_(False), False, None),
        ("no", None, None),
        (0, None, 0),
        (np.int64(3), None, 3),
        (2.0, None, None),
        (None, None, None),
    ],
)
def test_the_shared_strict_checks(value, flag, whole):
    assert _validate.as_bool(value) is flag
    assert _validate.is_bool(value) is (flag is not None)
    assert _validate.whole_number(value) == whole and (whole is None or type(_validate.whole_number(value)) is int)


def test_strings_never_pass_as_bools_anywhere_in_placement():
    with pytest.raises(PlacementInputError):
        recommend(IOP_RATINGS, adolescent="no")
    with pytest.raises(PlacementInputError):
        recommend(IOP_RATINGS, context={"transport": "no"})
    with pytest.raises(PlacementInputError):
        suggest_dimensions([], seizure_or_delirium="no")
    with pytest.raises(PlacementInputError):
        placement.levels.level_for_hours(True)


@pytest.mark.parametrize("rated", [0, 2])
def test_a_rating_above_or_below_the_suggestion_is_an_override_that_needs_a_reason(rated):
    """Readiness ruler 7-8 suggests dimension 4 rated 1; the clinician's 0 or 2 differs either way."""
    suggested = suggest_dimensions([], readiness=7)
    assert suggested[4].rating == 1
    rec = recommend({**IOP_RATINGS, 4: rated}, suggested=suggested)
    with pytest.raises(PlacementInputError, match=f"dimension 4 rated {rated}, suggested 1"):
        Placement(rec)
    assert Placement(rec, reason="interview shows more (or less) readiness than the ruler").overrides == (
        f"dimension 4 rated {rated}, suggested 1",
    )
    assert Placement(recommend(IOP_RATINGS, suggested=suggested)).overrides == ()
