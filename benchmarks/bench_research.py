"""Benchmark: research at scale (every instrument at numpy speed in bounded memory, TEDS-D at read_csv speed).

Prints, measured in the same run, for PHQ-9 (clean and with a blank item in 1 % of rows), AUDIT with
the WHO form's skip blanks, CIWA-Ar and the C-SSRS screen with its skip blanks, at 1 M and 10 M rows:
the ratio of ``score_many`` to the numpy row-sum floor (target <= 5x), to a naive pandas
``sum`` + ``pd.cut`` (target <= 1x), PHQ-9 1 % blanks to clean (target <= 1.5x) and peak traced
memory per input byte (target <= 2x); then ``score_file`` on a parquet file (30 M rows; peak
resident memory of the scoring process against the input's in-memory size, target <= 2x) and
``load_teds_d`` against ``pandas.read_csv(engine="pyarrow")`` on the same columns of a generated
1.5 M x 76 file (target <= 1.5x).  Times are CPU seconds of this process (best of a few), so other
work on the machine disturbs them less.

Usage: ``.venv/bin/python benchmarks/bench_research.py [--quick]``
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from timing import ROOT, best_of, peak_memory  # also puts this checkout first on sys.path

import iopkit


def audit_with_skip_blanks(n: int, rng) -> np.ndarray:
    """AUDIT answers as a WHO paper form gives them: items 2-8 blank after item 1 "never", items
    4-8 blank after items 2 and 3 both 0 (30 % each)."""
    a = rng.integers(0, 5, size=(n, 10)).astype(float)
    a[:, 8:] = rng.choice([0, 2, 4], size=(n, 2))
    a[rng.random(n) < 0.3, 0] = 0
    a[a[:, 0] == 0, 1:8] = np.nan
    m = (a[:, 0] > 0) & (rng.random(n) < 0.3)
    a[m, 1:3] = 0
    a[m, 3:8] = np.nan
    return a


def cases(n: int) -> dict:
    """name -> (instrument, a function that makes the answers, ``pd.cut`` bins); each case's answers
    are made when it runs and dropped after, so 10 M rows of every case need not fit at once."""

    def phq(blank: bool) -> np.ndarray:
        rng = np.random.default_rng(2026)  # the same answers, clean or with a blank item in 1 % of rows
        a = rng.integers(0, 4, size=(n, 9)).astype(float)
        if blank:
            a[rng.random(n) < 0.01, 4] = np.nan
        return a

    def ciwa() -> np.ndarray:
        rng = np.random.default_rng(2027)
        a = rng.integers(0, 8, size=(n, 10)).astype(float)
        a[:, 9] = rng.integers(0, 5, n)
        return a

    def cssrs() -> np.ndarray:
        rng = np.random.default_rng(2028)
        a = rng.integers(0, 2, size=(n, 7)).astype(float)
        a[a[:, 1] == 0, 2:5] = np.nan
        a[a[:, 5] == 0, 6] = np.nan
        return a

    return {
        "PHQ-9 clean": ("phq9", lambda: phq(False), [-1, 4, 9, 14, 19, 27]),
        "PHQ-9 1% blank": ("phq9", lambda: phq(True), [-1, 4, 9, 14, 19, 27]),
        "AUDIT skip blanks": (
            "audit",
            lambda: audit_with_skip_blanks(n, np.random.default_rng(2029)),
            [-1, 7, 15, 19, 40],
        ),
        "CIWA-Ar": ("ciwa_ar", ciwa, [-1, 8, 15, 67]),
        "C-SSRS skip blanks": ("cssrs_screen", cssrs, [-1, 0, 1, 2, 3]),
    }


def naive_pandas(a: np.ndarray, cuts) -> pd.Series:
    """What a researcher writes without iopkit: a row sum and pd.cut (no validation, no flags)."""
    return pd.cut(pd.DataFrame(a).sum(axis=1), cuts)


def scoring(n: int, repeats: int) -> None:
    print(f"score_many, {n:,} rows (validation, skip rules, bands, flags, DataFrame included)")
    print(f"  {'case':20s} {'iopkit':>9s} {'floor':>8s} {'ratio':>7s} {'naive':>9s} {'/naive':>7s} {'peak/in':>8s}")
    clean = None
    for name, (code, make, cuts) in cases(n).items():
        a = make()
        t_floor = best_of(lambda a=a: a.sum(axis=1), repeats)
        t_many = best_of(lambda a=a, code=code: iopkit.score_many(code, a), repeats)
        t_naive = best_of(lambda a=a, cuts=cuts: naive_pandas(a, cuts), repeats)
        peak = peak_memory(lambda a=a, code=code: iopkit.score_many(code, a))
        print(
            f"  {name:20s} {t_many * 1e3:7.0f}ms {t_floor * 1e3:6.0f}ms {t_many / t_floor:6.1f}x "
            f"{t_naive * 1e3:7.0f}ms {t_many / t_naive:6.2f}x {peak / a.nbytes:7.2f}x"
        )
        if name == "PHQ-9 clean":
            clean = t_many
        elif name == "PHQ-9 1% blank":
            print(f"  {'':20s} 1 % blanks / clean ratio: {t_many / clean:.2f}x (target <= 1.5x)")
    print("  targets: ratio to floor <= 5x, /naive <= 1x, peak/input <= 2x")


def _write_audit_parquet(path: Path, n: int) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(7)
    writer = None
    step = 1_000_000
    for start in range(0, n, step):
        a = audit_with_skip_blanks(min(step, n - start), rng)
        table = pa.table({f"item{k + 1}": a[:, k] for k in range(10)})
        writer = writer or pq.ParquetWriter(path, table.schema)
        writer.write_table(table)
    writer.close()
    return n * 10 * 8  # the input as one float64 matrix in memory


_CHILD = """
import resource, sys
from iopkit.scoring import score_file
score_file(sys.argv[1], "audit", out=sys.argv[2], chunksize=int(sys.argv[3]), progress=False)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
"""
_BASELINE = (
    "import resource, iopkit.scoring, pandas, pyarrow.parquet\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)"
)


def file_scoring(n: int, folder: Path) -> None:
    src, out = folder / "audit.parquet", folder / "scored.parquet"
    in_memory = _write_audit_parquet(src, n)
    start = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # the children score with this checkout too
    rss = int(
        subprocess.run(
            [sys.executable, "-c", _CHILD, str(src), str(out), "1000000"],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        ).stdout
    )
    took = time.perf_counter() - start
    base = int(
        subprocess.run([sys.executable, "-c", _BASELINE], capture_output=True, text=True, check=True, env=env).stdout
    )
    print(f"score_file, AUDIT with skip blanks, {n:,} rows parquet -> parquet: {took:.1f} s, {n / took:,.0f} rows/s")
    print(
        f"  peak resident memory above the interpreter: {(rss - base) / 2**20:,.0f} MiB = "
        f"{(rss - base) / in_memory:.2f}x the input in memory ({in_memory / 2**20:,.0f} MiB) "
        f"ratio (target <= 2x)"
    )


def teds(n: int, folder: Path) -> None:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    from iopkit.datasets.synthetic import synthetic_episodes
    from iopkit.datasets.teds import DEFAULT_COLUMNS, load_teds_d

    base = synthetic_episodes(n, seed=7)
    rng = np.random.default_rng(7)
    columns = {
        c: base[c].to_numpy()
        for c in ("CASEID", "DISYR", "AGE", "GENDER", "SERVICES", "SERVICES_D", "LOS", "REASON", "FREQ1", "FREQ1_D")
    }
    columns.update(STFIPS=rng.integers(1, 57, n), SERVSETD=columns["SERVICES_D"], SUB1=rng.integers(1, 20, n))
    k = 0
    while len(columns) < 76:  # the rest of the 76 TEDS-D columns: codes, some -9
        k += 1
        columns[f"EXTRA{k}"] = rng.integers(-9, 20, n)
    path = folder / "tedsd_puf_synthetic.csv"
    with path.open("wb") as handle:
        handle.write((",".join(columns) + "\n").encode())
        pacsv.write_csv(pa.table(columns), handle, pacsv.WriteOptions(include_header=False, quoting_style="none"))
    wanted = set(DEFAULT_COLUMNS) | {"LOS", "REASON", "SERVICES", "SERVICES_D", "SERVSETD"}
    use = [c for c in columns if c in wanted]
    t_read = best_of(lambda: pd.read_csv(path, usecols=use, engine="pyarrow"), 2)
    t_load = best_of(lambda: load_teds_d(path), 2)
    print(
        f"load_teds_d, {n:,} x 76 generated file ({path.stat().st_size / 2**20:,.0f} MiB): {t_load:.2f} s, "
        f"read_csv(engine='pyarrow') on the same {len(use)} columns {t_read:.2f} s: ratio "
        f"{t_load / t_read:.2f}x (target <= 1.5x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, a few seconds")
    args = parser.parse_args()
    sizes = (20_000,) if args.quick else (1_000_000, 10_000_000)
    for n in sizes:
        scoring(n, 2 if args.quick or n > 1_000_000 else 3)
    with tempfile.TemporaryDirectory() as tmp:
        file_scoring(200_000 if args.quick else 30_000_000, Path(tmp))
        teds(20_000 if args.quick else 1_500_000, Path(tmp))


if __name__ == "__main__":
    main()
