"""Results a researcher can use: ordered bands, attrs, Stata export, long format, Wilson intervals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import iopkit
from iopkit.psychometrics import wilson_ci
from iopkit.research import band_shares, score_long, to_stata

# Newcombe RG (1998) Stat Med 17:857-872, Table I, method 3 (Wilson score, no continuity
# correction), typed from the paper.
NEWCOMBE_1998 = [
    ((81, 263), (0.2553, 0.3662)),
    ((15, 148), (0.0624, 0.1605)),
    ((0, 20), (0.0000, 0.1611)),
    ((1, 29), (0.0061, 0.1718)),
    ((29, 29), (0.8830, 1.0000)),
]


@pytest.mark.parametrize(("counts", "expected"), NEWCOMBE_1998)
def test_wilson_interval_matches_newcombe_1998(counts, expected):
    assert wilson_ci(*counts) == pytest.approx(expected, abs=5e-5)


def test_wilson_interval_vectorised_and_refuses_impossible_counts():
    low, high = wilson_ci(np.array([81, 15]), np.array([263, 148]))
    assert low.round(4).tolist() == [0.2553, 0.0624] and high.round(4).tolist() == [0.3662, 0.1605]
    with pytest.raises(iopkit.FitError):
        wilson_ci(5, 3)


@pytest.fixture
def phq9():
    return iopkit.score_many("phq9", np.array([[0] * 9, [1] * 9, [2] * 9, [3] * 9, [2] * 8 + [np.nan]]))


def test_band_is_ordered_so_at_least_moderate_reads_naturally(phq9):
    assert phq9["band"].cat.ordered
    assert (phq9["band"] >= "moderate").tolist() == [False, False, True, True, False]


def test_attrs_carry_version_and_scheme(phq9):
    assert phq9.attrs["iopkit_version"] == iopkit.__version__
    assert phq9.attrs["scheme"] == iopkit.instrument("phq9").default_scheme


def test_to_stata_when_every_row_is_valid(tmp_path):
    scored = iopkit.score_many("phq9", np.array([[0] * 9, [3] * 9]))
    assert scored["error"].isna().all()
    to_stata(scored, tmp_path / "phq9.dta")
    back = pd.read_stata(tmp_path / "phq9.dta")
    assert back["total"].tolist() == [0, 27]
    assert back["band"].astype(str).tolist() == ["minimal", "severe"]


def test_to_stata_keeps_refusals_and_missing_totals(tmp_path, phq9):
    to_stata(phq9, tmp_path / "phq9.dta")
    back = pd.read_stata(tmp_path / "phq9.dta")
    assert back["total"].isna().tolist() == [False] * 4 + [True]
    assert back["error"].iloc[4].startswith("phq9 item 9 is not answered")


def test_score_long_has_one_row_per_person_time_and_instrument():
    from iopkit.datasets.answers import weekly_measures

    visits = weekly_measures(5, 3)
    long = score_long(visits, ["phq9", "gad7"], id="patient", time="week")
    assert len(long) == 2 * len(visits)
    assert not long.duplicated(["patient", "week", "instrument"]).any()
    wide = iopkit.score_many(
        "gad7", visits[[f"gad7_item{k}" for k in range(1, 8)]].rename(columns=lambda c: c.removeprefix("gad7_"))
    )
    got = long[long["instrument"] == "gad7"]["total"].reset_index(drop=True)
    pd.testing.assert_series_equal(got, wide["total"].reset_index(drop=True))


def test_band_shares_use_scored_rows_only(phq9):
    shares = band_shares(phq9)
    assert shares["count"].sum() == 4
    assert shares.loc["mild", "share"] == 0.25
    assert shares.loc["mild", ["ci_low", "ci_high"]].tolist() == pytest.approx(list(wilson_ci(1, 4)))


def test_band_shares_of_a_table_with_no_scored_row_say_nothing_was_scored():
    """Researcher review (band_shares, no row scored): say nothing was scored, not a Wilson-interval message."""
    from iopkit.errors import FitError

    answers = pd.DataFrame({f"item{i}": [1, 2, 0] for i in range(1, 10)})
    refused = iopkit.score_many("phq9", answers.assign(item1=[np.nan] * 3))
    with pytest.raises(FitError, match=r"no row of this phq9 table was scored \(3 rows, 3 refused: see its error"):
        band_shares(refused)
    with pytest.raises(FitError, match=r"no row of this phq9 table was scored \(0 rows, 0 refused"):
        band_shares(iopkit.score_many("phq9", answers.iloc[:0]))


def test_fits_and_agreement_give_tables_and_printed_summaries():
    from iopkit.dose.response import fit_dose_response, kaplan_meier
    from iopkit.psychometrics import cohens_kappa, cronbach_alpha

    rng = np.random.default_rng(5)
    dose = rng.uniform(0, 100, 400)
    outcome = rng.random(400) < 1 / (1 + np.exp(-(-2 + 0.04 * dose)))
    fit = fit_dose_response(dose, outcome, "logistic")
    table = fit.to_frame()
    assert table.index.tolist() == ["a", "b"] and table.attrs["n"] == 400
    assert table.loc["b", ["ci_low", "ci_high"]].tolist() == list(fit.ci["b"])
    assert "logistic dose-response" in fit.summary() and "n = 400" in fit.summary()

    curve = kaplan_meier([30, 60, 90, 120, 150], left=[True, True, False, True, True])
    assert curve.to_frame()["retained"].round(2).tolist() == [0.8, 0.6, 0.3, 0.0]
    assert "median 120 days" in curve.summary()

    alpha = cronbach_alpha([[1, 2, 2], [2, 3, 3], [3, 3, 4], [4, 5, 4], [2, 2, 3]])
    assert alpha.to_frame().iloc[0]["alpha"] == alpha.alpha and "3 items" in alpha.summary()
    kappa = cohens_kappa([1, 2, 2, 1, 3], [1, 2, 1, 1, 3])
    assert kappa.to_frame().iloc[0]["kappa"] == kappa.kappa and "Cohen's kappa" in kappa.summary()
