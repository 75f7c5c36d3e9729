"""The synthetic answer cohorts: seeded, shaped like real exports, invalid exactly where documented."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import iopkit
from iopkit import InteropError, LevelOfCare
from iopkit.datasets import answers
from iopkit.datasets.answers import (
    CLINICIAN_HABITS,
    INTAKE_INSTRUMENTS,
    INVALID_ANSWERS,
    intake_answers,
    items,
    placement_sample,
    weekly_measures,
)
from iopkit.psychometrics import cronbach_alpha


@pytest.fixture(scope="module")
def intake():
    return intake_answers()


@pytest.fixture(scope="module")
def weekly():
    return weekly_measures()


def test_bundled_intake_csv_is_what_the_seeded_generator_writes(intake):
    bundled = pd.read_csv(answers.INTAKE_CSV)
    pd.testing.assert_frame_equal(
        bundled, intake, check_dtype=False, obj="intake_answers.csv (re-create it: python -m iopkit.datasets.answers)"
    )


def test_generators_are_reproducible_from_their_seed():
    pd.testing.assert_frame_equal(intake_answers(60, seed=5), intake_answers(60, seed=5))
    pd.testing.assert_frame_equal(weekly_measures(20, seed=5), weekly_measures(20, seed=5))
    pd.testing.assert_frame_equal(placement_sample(30, seed=5), placement_sample(30, seed=5))
    assert not intake_answers(60, seed=5).equals(intake_answers(60, seed=6))


@pytest.mark.parametrize("instrument", INTAKE_INSTRUMENTS)
def test_score_many_refuses_exactly_the_documented_invalid_rows(intake, instrument):
    scored = iopkit.score_many(instrument, items(intake, instrument))
    expected = {row for row, column, _value, _why in INVALID_ANSWERS if column.startswith(instrument + "_")}
    assert set(np.flatnonzero(scored["error"].notna())) == expected
    assert scored.loc[scored["error"].isna(), "total"].notna().all()


def test_without_invalid_rows_every_intake_answer_scores(intake):
    clean = intake_answers(invalid=False)
    for instrument in INTAKE_INSTRUMENTS:
        assert iopkit.score_many(instrument, items(clean, instrument))["error"].isna().all()


def test_audit_blanks_only_where_the_form_skips(intake):
    audit = items(intake_answers(invalid=False), "audit")
    never = audit["item1"] == 0
    assert audit.loc[never, [f"item{j}" for j in range(2, 9)]].isna().all().all()
    assert audit.loc[~never, ["item1", "item2", "item3", "item9", "item10"]].notna().all().all()
    assert set(audit["item9"].unique()) <= {0, 2, 4}


@pytest.mark.parametrize("instrument", ["phq9", "gad7"])
def test_intake_items_hang_together_like_a_real_scale(intake, instrument):
    assert 0.8 < cronbach_alpha(items(intake, instrument)).alpha < 0.95


def test_items_selects_one_instrument_under_score_many_names(intake):
    assert items(intake, "gad7").columns.tolist() == [f"item{j}" for j in range(1, 8)]
    with pytest.raises(InteropError, match="no pcl5 item columns"):
        items(intake, "pcl5")


def test_weekly_visits_run_from_intake_without_gaps_until_a_patient_leaves(weekly):
    for _patient, weeks in weekly.groupby("patient")["week"]:
        assert weeks.tolist() == list(range(len(weeks)))
    assert weekly.groupby("week")["patient"].nunique().is_monotonic_decreasing
    assert weekly["attended"].between(0, 1).all() and weekly["bam_item7"].isna().all()


@pytest.mark.parametrize("instrument", ["phq9", "gad7", "bam"])
def test_every_weekly_answer_scores(weekly, instrument):
    assert iopkit.score_many(instrument, items(weekly, instrument))["error"].isna().all()


def test_weekly_depression_falls_on_average_across_the_episode(weekly):
    totals = iopkit.score_many("phq9", items(weekly, "phq9"))["total"].astype(float)
    by_week = totals.groupby(weekly["week"]).mean()
    assert by_week.iloc[-1] < by_week.iloc[0] - 3


def test_placement_sample_holds_ratings_and_known_level_codes():
    sample = placement_sample()
    ratings = sample[[f"d{d}" for d in range(1, 7)]]
    assert ratings.isin(range(5)).all().all()
    levels = sample["clinician_level"].map(LevelOfCare.from_code)
    assert not any(level.is_withdrawal_management for level in levels)


def test_the_clinician_places_within_one_step_of_their_own_habits():
    sample = placement_sample()
    order = answers._LEVEL_ORDER
    needed = sample.apply(lambda r: max(order.index(CLINICIAN_HABITS[d][r[f"d{d}"]]) for d in range(1, 7)), axis=1)
    placed = sample["clinician_level"].map(order.index)
    assert (placed - needed).abs().max() == 1
    assert 0.8 < (placed == needed).mean() < 0.95
