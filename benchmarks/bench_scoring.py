"""Benchmark: score_many on PHQ-9 answer rows (issue 3).

Prints, measured in the same run (CPU seconds of this process, best of a few): rows per second;
the ratio to a bare numpy row sum of the same array (the floor); the ratio to a pandas row-wise
``apply`` that sums and bands (what a researcher writes without iopkit); and peak memory of
score_many relative to the input array.
Targets (issue 3): >= 100x faster than the pandas apply, within 5x of the floor, validation
included; peak memory under 4x the input.

Usage: ``.venv/bin/python benchmarks/bench_scoring.py [--quick]``
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd
from timing import best_of, peak_memory  # also puts this checkout first on sys.path

import iopkit

PHQ9_CUTS = (5, 10, 15, 20)
PHQ9_LABELS = ("minimal", "mild", "moderate", "moderately_severe", "severe")


def pandas_apply(frame: pd.DataFrame) -> pd.Series:
    """The researcher's version: a row-wise apply that sums and bands."""

    def one(row):
        total = row.sum()
        return PHQ9_LABELS[sum(total >= c for c in PHQ9_CUTS)]

    return frame.apply(one, axis=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, a few seconds")
    args = parser.parse_args()
    n = 20_000 if args.quick else 1_000_000
    n_apply = 2_000 if args.quick else 20_000  # the apply is timed on a slice and scaled per row
    rng = np.random.default_rng(2026)
    answers = rng.integers(0, 4, size=(n, 9))  # int64, as read from a clean CSV
    as_float = answers.astype(float)  # float64, as pandas gives with NaN
    frame = pd.DataFrame(answers[:n_apply], columns=[f"item{k}" for k in range(1, 10)])

    t_floor = best_of(lambda: answers.sum(axis=1), 5)
    t_many = best_of(lambda: iopkit.score_many("phq9", answers), 5)
    t_many_f = best_of(lambda: iopkit.score_many("phq9", as_float), 3)
    t_apply = best_of(lambda: pandas_apply(frame), 1) * (n / n_apply)
    check = iopkit.score_many("phq9", answers)
    assert (check["total"].to_numpy() == answers.sum(axis=1)).all()
    # categorical columns, as read_stata, read_spss and parquet dictionaries give them (each category read once)
    as_table = pd.DataFrame(answers, columns=[f"item{k}" for k in range(1, 10)])
    as_category = as_table.astype("category")
    t_table = best_of(lambda: iopkit.score_many("phq9", as_table), 3)
    t_category = best_of(lambda: iopkit.score_many("phq9", as_category), 3)
    assert iopkit.score_many("phq9", as_category)["total"].equals(check["total"])

    peak = peak_memory(lambda: iopkit.score_many("phq9", answers))
    peak_f = peak_memory(lambda: iopkit.score_many("phq9", as_float))

    print(f"PHQ-9 score_many, {n:,} rows (validation, bands, flags, DataFrame included)")
    print(f"  int64 input : {t_many * 1e3:8.1f} ms  {n / t_many:14,.0f} rows/s")
    print(f"  float64 input: {t_many_f * 1e3:7.1f} ms  {n / t_many_f:14,.0f} rows/s")
    print(f"  int64 DataFrame      : {t_table * 1e3:7.1f} ms  {n / t_table:14,.0f} rows/s")
    print(f"  categorical DataFrame: {t_category * 1e3:7.1f} ms  {n / t_category:14,.0f} rows/s")
    print(f"  numpy row sum (floor): {t_floor * 1e3:.1f} ms")
    print(f"  pandas row-wise apply (sum + band), scaled from {n_apply:,} rows: {t_apply:.1f} s")
    print(
        f"ratio to floor        : int64 {t_many / t_floor:5.2f}x  float64 {t_many_f / t_floor:5.2f}x   (target <= 5x)"
    )
    print(
        f"speed-up over apply   : int64 {t_apply / t_many:7.0f}x  float64 {t_apply / t_many_f:7.0f}x   (target >= 100x)"
    )
    print(f"categorical / int64 DataFrame: {t_category / t_table:5.2f}x   (was about 500x: a per-cell loop)")
    print(
        f"peak memory / input   : int64 {peak / answers.nbytes:5.2f}x  float64 "
        f"{peak_f / as_float.nbytes:5.2f}x   (target < 4x; input {answers.nbytes / 2**20:.0f} MiB)"
    )


if __name__ == "__main__":
    main()
