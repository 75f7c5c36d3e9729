"""Benchmark: delivered dose over many attendance records, and dose-response fits on large cohorts.

    .venv/bin/python benchmarks/bench_dose.py [--quick]

1. Delivered hours per episode, capped at the scheduled hours, for 1,000,000 attendance records:
   ``iopkit.dose.delivered_hours`` (np.bincount) vs a pandas groupby-sum baseline.
2. A logistic dose-response fit on 100,000 episodes: ``fit_dose_response`` (Fisher scoring, numpy)
   vs ``scipy.optimize.minimize`` (BFGS with an analytic gradient) on the same likelihood; the
   threshold and probit-log fits are timed as well.
Ratios are baseline time / iopkit time (> 1 means iopkit is faster). ``--quick`` uses small sizes.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from iopkit.datasets import synthetic_attendance, synthetic_episodes  # noqa: E402
from iopkit.dose import delivered_hours, fit_dose_response  # noqa: E402


def best_of(repeats, function, *args):
    """Best wall time of ``repeats`` runs of ``function(*args)``, and the last result."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = function(*args)
        times.append(time.perf_counter() - start)
    return min(times), result


def pandas_delivered(frame):
    capped = frame.assign(delivered=np.minimum(frame["hours"], frame["scheduled_hours"]))
    return capped.groupby("episode")["delivered"].sum()


def scipy_logistic(dose, y):
    from scipy.optimize import minimize
    from scipy.special import expit, log_expit

    x = (dose - dose.mean()) / dose.std()

    def nll(beta):
        eta = beta[0] + beta[1] * x
        p = expit(eta)
        value = -np.sum(y * log_expit(eta) + (1 - y) * log_expit(-eta))
        return value, -np.array([np.sum(y - p), np.sum((y - p) * x)])

    return minimize(nll, np.zeros(2), jac=True, method="BFGS")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (a few seconds)")
    args = parser.parse_args(argv)
    records, episodes, cohort, repeats = (20_000, 1_000, 5_000, 3) if args.quick else (1_000_000, 20_000, 100_000, 5)

    frame = synthetic_attendance(records, episodes=episodes, seed=1)
    episode, hours, cap = (frame[c].to_numpy() for c in ("episode", "hours", "scheduled_hours"))
    t_np, (ids, totals) = best_of(repeats, lambda: delivered_hours(episode, hours, cap=cap))
    t_pd, baseline = best_of(repeats, pandas_delivered, frame)
    assert np.array_equal(ids, baseline.index.to_numpy()) and np.allclose(totals, baseline.to_numpy())
    print(f"delivered dose, {records:,} records / {episodes:,} episodes:")
    print(f"  iopkit delivered_hours (bincount) {t_np * 1e3:8.1f} ms")
    print(f"  pandas groupby-sum baseline       {t_pd * 1e3:8.1f} ms   ratio {t_pd / t_np:5.1f}x")

    df = synthetic_episodes(cohort, seed=1)
    dose, y = df["delivered_hours"].to_numpy(float), df["no_use_at_discharge"].to_numpy(bool)
    t_fit, fit = best_of(repeats, fit_dose_response, dose, y, "logistic")
    t_ref, ref = best_of(repeats, scipy_logistic, dose, y.astype(float))
    assert np.isclose(fit.log_likelihood, -ref.fun, rtol=1e-6)
    print(f"dose-response fit, {cohort:,} episodes:")
    print(f"  iopkit logistic (Fisher scoring)  {t_fit * 1e3:8.1f} ms")
    print(f"  scipy.optimize BFGS baseline      {t_ref * 1e3:8.1f} ms   ratio {t_ref / t_fit:5.1f}x")
    positive = dose > 0
    for model, data in (("probit_log", (dose[positive], y[positive])), ("threshold", (dose, y))):
        elapsed, _ = best_of(repeats, fit_dose_response, *data, model)
        print(f"  iopkit {model:<26} {elapsed * 1e3:8.1f} ms")


if __name__ == "__main__":
    main()
