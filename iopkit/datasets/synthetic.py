"""Seeded synthetic cohorts in TEDS-D layout, for tests, notebooks and benchmarks.

Every number here is made up (documented assumptions, not estimates): the data let the analysis
code run end to end, and the same code runs on the real file via :func:`~iopkit.datasets.load_teds_d`.
"""

from __future__ import annotations

import numpy as np

from .teds import analysis_columns, los_code

__all__ = ["synthetic_episodes", "synthetic_attendance", "TRUE_NO_USE_LOGIT"]

#: The logistic curve that generates ``FREQ1_D == 1`` (no use in the past month at discharge):
#: logit P = a + b * delivered hours + c * completed. Synthetic; known so tests can recover it.
TRUE_NO_USE_LOGIT = {"a": -1.5, "b": 0.015, "c": 0.5}


def synthetic_episodes(n: int = 2000, *, seed: int = 20251123):
    """``n`` synthetic IOP/OP discharges with TEDS-D columns and planned/delivered hours.

    TEDS-D columns (2015-2022 codes): ``CASEID``, ``DISYR``, ``AGE``, ``GENDER``, ``SERVICES``,
    ``SERVICES_D`` (6 intensive / 7 non-intensive outpatient), ``LOS``, ``REASON``, ``FREQ1``,
    ``FREQ1_D``. Not in TEDS-D: ``adolescent``, ``planned_hours_per_week``, ``planned_weeks``,
    ``delivered_hours``, ``days_in_treatment``. Then the analysis columns of
    :func:`~iopkit.datasets.teds.analysis_columns`.

    Assumptions: 60 % IOP; adolescents (AGE 1-2) 8 %; IOP 9/12/15 h/wk for adults and 6/9/12 for
    adolescents, OP 1.5-4.5 h/wk; 8-16 planned weeks (IOP), 12-26 (OP); time to leaving exponential
    (mean 70 days); attendance share Beta(6, 2); no use at discharge from :data:`TRUE_NO_USE_LOGIT`.

    Parameters
    ----------
    n : int, default 2000
        How many discharges (rows).
    seed : int, default 20251123
        The same seed gives the same episodes.

    Returns
    -------
    pandas.DataFrame
        One row per discharge.

    Examples
    --------
    >>> df = synthetic_episodes(500, seed=1)
    >>> df.shape[0], sorted(df["SERVICES"].unique().tolist()), bool(df["LOS"].between(1, 37).all())
    (500, [6, 7], True)
    >>> bool((df["delivered_hours"] <= df["planned_hours_per_week"] * df["planned_weeks"]).all())
    True
    """
    import pandas as pd

    rng = np.random.default_rng(seed)
    iop = rng.random(n) < 0.6
    adolescent = rng.random(n) < 0.08
    age = np.where(adolescent, rng.integers(1, 3, n), rng.integers(3, 13, n))
    iop_hours = np.where(adolescent, rng.choice([6, 9, 12], n), rng.choice([9, 12, 15], n, p=[0.5, 0.3, 0.2]))
    hours = np.where(iop, iop_hours, rng.choice([1.5, 3.0, 4.5], n))
    weeks = np.where(iop, rng.choice([8, 12, 16], n), rng.choice([12, 16, 26], n))
    leaves = np.ceil(rng.exponential(70, n)).astype(int).clip(1)
    completed = leaves >= 7 * weeks
    days = np.where(completed, 7 * weeks, leaves)
    reason = np.where(completed, 1, rng.choice([2, 3, 4, 5, 6, 7], n, p=[0.62, 0.15, 0.12, 0.06, 0.01, 0.04]))
    delivered = np.round(hours * days / 7 * rng.beta(6, 2, n) * 2) / 2
    logit = TRUE_NO_USE_LOGIT["a"] + TRUE_NO_USE_LOGIT["b"] * delivered + TRUE_NO_USE_LOGIT["c"] * completed
    no_use = rng.random(n) < 1 / (1 + np.exp(-logit))
    frame = pd.DataFrame(
        {
            "CASEID": np.arange(1, n + 1),
            "DISYR": 2022,
            "AGE": age,
            "GENDER": rng.integers(1, 3, n),
            "SERVICES": np.where(iop, 6, 7),
            "SERVICES_D": np.where(iop, 6, 7),
            "LOS": los_code(days),
            "REASON": reason,
            "FREQ1": rng.choice([1, 2, 3], n, p=[0.3, 0.4, 0.3]),
            "FREQ1_D": np.where(no_use, 1, rng.choice([2, 3], n)),
            "adolescent": adolescent,
            "planned_hours_per_week": hours,
            "planned_weeks": weeks,
            "delivered_hours": delivered,
            "days_in_treatment": days,
        }
    )
    return analysis_columns(frame)


def synthetic_attendance(n: int = 1_000_000, *, episodes: int = 20_000, seed: int = 20251123):
    """``n`` synthetic attendance records over ``episodes`` episodes (for cohort dose and benchmarks).

    Columns: ``episode`` (0-based int), ``scheduled_hours`` (3 h sessions), ``status`` (attended 75 %,
    partial 10 %, missed 15 %; made-up shares) and ``hours`` delivered (partial: 0.5-2.5 h).

    Parameters
    ----------
    n : int, default 1_000_000
        How many attendance records (rows).
    episodes : int, default 20_000
        How many episodes the records are spread over (each record's episode drawn at random).
    seed : int, default 20251123
        The same seed gives the same records.

    Returns
    -------
    pandas.DataFrame
        One row per scheduled session, in no particular order of episode.

    Examples
    --------
    >>> bool(synthetic_attendance(1000, episodes=10, seed=1)["hours"].le(3).all())
    True
    """
    import pandas as pd

    rng = np.random.default_rng(seed)
    status = rng.choice(np.array(["attended", "partial", "missed"]), n, p=[0.75, 0.10, 0.15])
    partial = rng.integers(1, 6, n) / 2
    hours = np.select([status == "attended", status == "partial"], [3.0, partial], 0.0)
    return pd.DataFrame(
        {"episode": rng.integers(0, episodes, n), "scheduled_hours": np.full(n, 3.0), "status": status, "hours": hours}
    )
