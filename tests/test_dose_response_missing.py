"""fit_dose_response on the TEDS-D loader's own outcome columns when a code is -9 (researcher review F10).

load_teds_d reads -9 (missing/unknown) as missing, so ``completed`` is a pandas "boolean" column with <NA>: the fit
refuses it with a FitError counting the missing outcomes and saying what to do (never a raw TypeError, never a silent
drop); after ``dropna`` as the notebook does it fits.
"""

from __future__ import annotations

import pandas as pd
import pytest

from iopkit.datasets import load_teds_d, synthetic_episodes
from iopkit.datasets.teds import analysis_columns
from iopkit.dose import fit_dose_response
from iopkit.errors import FitError


def test_the_reviewers_case_is_refused_counting_the_missing_outcomes():
    """Reviewer's reproducer: REASON unknown (-9, read as missing) on 100 of 3,000 discharges."""
    df = synthetic_episodes(3000, seed=3)
    df.loc[:99, "REASON"] = pd.NA
    df = analysis_columns(df)
    with pytest.raises(FitError, match=r"outcome is missing for 100 of 3000 episodes") as caught:
        fit_dose_response(df["delivered_hours"], df["completed"], "logistic")
    assert "dropna(subset=['completed'])" in str(caught.value)
    assert caught.value.value == 100
    kept = df.dropna(subset=["completed"])
    assert fit_dose_response(kept["delivered_hours"], kept["completed"], "logistic").n == 2900


def test_a_plain_array_with_a_missing_outcome_is_refused_too():
    with pytest.raises(FitError, match=r"outcome is missing for 1 of 3 episodes.*subset=\[\.\.\.\]"):
        fit_dose_response([1.0, 2.0, 3.0], [1, None, 0])


def test_the_loaders_output_with_a_minus_9_reason_fits_once_dropped(tmp_path):
    """A TEDS-D file whose third discharge has REASON -9: refused (1 missing), then fitted on the other 40."""
    lines = ["CASEID,SERVICES_D,LOS,REASON"]
    lines += [f"{i},6,{los},{reason}" for i, (los, reason) in enumerate([(5, 1), (20, 2), (25, -9)] + [(8, 2)] * 19)]
    lines += [f"{100 + i},6,{los},1" for i, los in enumerate([3, 12, 28, 30] * 5)]
    path = tmp_path / "tedsd_puf_2022.csv"
    path.write_text("\n".join(lines) + "\n")
    episodes = load_teds_d(path)
    with pytest.raises(FitError, match=r"outcome is missing for 1 of 42 episodes"):
        fit_dose_response(episodes["los_days"], episodes["completed"], min_events=1, dose_unit="days")
    episodes = episodes.dropna(subset=["los_days", "completed"])
    fit = fit_dose_response(episodes["los_days"], episodes["completed"], min_events=1, dose_unit="days")
    assert (fit.n, fit.events) == (41, 21)
