"""Every benchmark still runs (in its --quick mode): a benchmark that rots measures nothing."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT

BENCHMARKS = sorted((ROOT / "benchmarks").glob("bench_*.py"))


@pytest.mark.parametrize("bench", BENCHMARKS, ids=lambda p: p.name)
def test_benchmark_runs_in_quick_mode_and_prints_ratios(bench):
    result = subprocess.run(
        [sys.executable, str(bench), "--quick"], capture_output=True, text=True, timeout=300, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "x" in result.stdout and "ratio" in result.stdout.lower(), result.stdout


def test_the_dashboard_benchmark_gives_an_interval_around_the_median_ratio():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from bench_dashboards import interval
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    assert interval([1.05] * 7) == (1.05, 1.05)
    low, high = interval([0.93, 1.02, 1.04, 1.05, 1.07, 1.16, 1.24])
    assert low <= 1.05 <= high and (low, high) == interval([0.93, 1.02, 1.04, 1.05, 1.07, 1.16, 1.24])  # seeded
    assert 0.93 <= low < high <= 1.24
