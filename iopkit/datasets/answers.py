"""Seeded synthetic answer cohorts for the researcher notebooks: intake questionnaires, weekly
measures across an IOP episode, and a placement sample rated by a (synthetic) clinician.

Everything here is made up. The generators are simple latent-trait models (a graded response
model, Samejima 1969) chosen so that item answers hang together like real scales (Cronbach's alpha
around 0.8-0.9); no parameter is an estimate of any real population. Item columns are named
``<instrument>_item<n>``; :func:`items` selects one instrument's columns under the names
:func:`iopkit.score_many` reads (``item1``, ``item2``, ...).

The intake cohort deliberately holds a few invalid rows (:data:`INVALID_ANSWERS`) so a notebook
can show how :func:`iopkit.score_many` reports them. It is also shipped as ``intake_answers.csv``,
written by ``python -m iopkit.datasets.answers`` from :func:`intake_answers` with the default seed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..errors import InteropError

__all__ = [
    "SEED",
    "INTAKE_INSTRUMENTS",
    "INVALID_ANSWERS",
    "CLINICIAN_HABITS",
    "items",
    "intake_answers",
    "weekly_measures",
    "placement_sample",
    "INTAKE_CSV",
]

SEED = 20251123
#: Instruments of the intake cohort and their number of items.
INTAKE_INSTRUMENTS = {"phq9": 9, "gad7": 7, "audit": 10, "dast10": 10}
#: Deliberately invalid answers written into the intake cohort: (row, column, value, what is wrong).
INVALID_ANSWERS = (
    (3, "phq9_item4", 4, "out of range (PHQ-9 items are 0-3)"),
    (41, "phq9_item9", np.nan, "item 9 left blank"),
    (77, "phq9_item2", 1.5, "not a whole number"),
    (118, "gad7_item2", np.nan, "item 2 left blank"),
    (160, "gad7_item7", -1, "out of range (GAD-7 items are 0-3)"),
    (205, "audit_item9", 3, "AUDIT item 9 takes only 0, 2 or 4"),
    (251, "dast10_item3", 2, "yes/no item coded 2"),
    (302, "audit_item10", np.nan, "item 10 left blank (never skipped)"),
)
#: Path of the bundled intake cohort (see :func:`intake_answers`).
INTAKE_CSV = Path(__file__).with_name("intake_answers.csv")


def items(frame, instrument: str):
    """The columns of ``instrument`` in ``frame`` renamed ``item1``, ``item2``, ... (for ``score_many``).

    Parameters
    ----------
    frame : pandas.DataFrame
        A table with columns named ``<instrument>_item<n>`` (as the generators here make them).
    instrument : str
        The prefix of the columns, the instrument's code (``"gad7"``).

    Returns
    -------
    pandas.DataFrame
        Those columns only, in the frame's order, renamed ``item<n>``.

    Raises
    ------
    InteropError
        The frame has no column of ``instrument``.

    Examples
    --------
    >>> import pandas as pd
    >>> items(pd.DataFrame({"patient": ["P1"], "gad7_item1": [2], "gad7_item2": [1]}), "gad7").columns.tolist()
    ['item1', 'item2']
    """
    prefix = f"{instrument}_item"
    columns = [c for c in frame.columns if str(c).startswith(prefix) and str(c)[len(prefix) :].isdigit()]
    if not columns:
        raise InteropError(f"no {instrument} item columns (named {prefix}1, {prefix}2, ...) in this table")
    return frame[columns].rename(columns=lambda c: "item" + c[len(prefix) :])


def _graded(rng, theta, slopes, thresholds) -> np.ndarray:
    """Answers 0..m from a graded response model: P(X >= c) = logistic(a (theta - b_c)) (Samejima 1969).

    ``theta``: (n,) or (n, 1) traits; ``slopes``: (k,); ``thresholds``: (k, m), increasing along m.
    """
    theta = np.asarray(theta, dtype=float).reshape(-1, 1, 1)
    a = np.asarray(slopes, dtype=float)[None, :, None]
    at_least = 1 / (1 + np.exp(-a * (theta - np.asarray(thresholds, dtype=float)[None])))
    return (rng.random(at_least.shape[:2])[..., None] < at_least).sum(axis=2)


def _ladder(k: int, start: float, step: float, spread: float, m: int) -> np.ndarray:
    """Increasing thresholds for k items with m steps: each item shifted a little from the next."""
    return start + np.linspace(-spread, spread, k)[:, None] + step * np.arange(m)[None, :]


def _mood_items(rng, trait) -> dict[str, np.ndarray]:
    """PHQ-9 and GAD-7 answers for (n, 2) depression and anxiety traits. PHQ-9 item 9 (thoughts of
    self-harm) is the rarest symptom: its thresholds sit 1.2 higher."""
    phq9_thresholds = _ladder(9, -0.2, 0.9, 0.4, 3)
    phq9_thresholds[8] += 1.2
    return {
        "phq9": _graded(rng, trait[:, 0], np.linspace(1.6, 2.4, 9), phq9_thresholds),
        "gad7": _graded(rng, trait[:, 1], np.linspace(1.8, 2.6, 7), _ladder(7, -0.1, 0.9, 0.3, 3)),
    }


def _item_columns(blocks: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """``<instrument>_item<n>`` columns (float, NaN = blank) from (rows x items) answer blocks."""
    return {
        f"{code}_item{j + 1}": block[:, j].astype(float)
        for code, block in blocks.items()
        for j in range(block.shape[1])
    }


def intake_answers(n: int = 400, *, seed: int = SEED, invalid: bool = True):
    """A synthetic intake cohort: PHQ-9, GAD-7, AUDIT and DAST-10 item answers, one row per patient.

    Columns: ``patient`` (``P0001`` ...), ``sex``, then ``phq9_item1`` ... ``dast10_item10``. AUDIT
    items left unasked by the form's skip rules (item 1 "never"; items 2 + 3 = 0) are blank. With
    ``invalid=True`` the answers of :data:`INVALID_ANSWERS` are written in (rows beyond ``n`` are
    left out).

    Assumptions (made up): depression and anxiety traits correlate 0.7 and sit above a general
    population (an IOP intake); 35 % report no drinking; drug-use and alcohol traits are independent.

    Parameters
    ----------
    n : int, default 400
        How many patients (rows).
    seed : int, default SEED
        The same seed gives the same cohort.
    invalid : bool, default True
        Whether to write in the deliberately invalid answers of :data:`INVALID_ANSWERS`.

    Returns
    -------
    pandas.DataFrame
        One row per patient: ``patient``, ``sex`` and the item columns (floats; blank is NaN).

    Examples
    --------
    >>> df = intake_answers(50, seed=1)
    >>> df.shape, df.loc[3, "phq9_item4"]
    ((50, 38), np.float64(4.0))
    """
    import pandas as pd

    rng = np.random.default_rng(seed)
    mood = rng.multivariate_normal([0.6, 0.4], [[1, 0.7], [0.7, 1]], n)
    drinker = rng.random(n) >= 0.35
    alcohol = rng.normal(0.3, 1, n)
    drugs = rng.normal(0.5, 1, n)
    blocks = _mood_items(rng, mood)
    audit = _graded(rng, alcohol, np.linspace(1.2, 2.0, 10), _ladder(10, -0.8, 0.7, 0.6, 4)).astype(float)
    audit[:, 0] = np.where(drinker, np.maximum(audit[:, 0], 1), 0)  # item 1 "never" for non-drinkers
    audit[:, 8:] = 2 * np.minimum(audit[:, 8:], 2)  # items 9-10 take 0, 2, 4 (WHO form)
    audit[audit[:, 0] == 0, 1:8] = np.nan  # item 1 "never": items 2-8 unasked
    audit[(audit[:, 1] == 0) & (audit[:, 2] == 0), 3:8] = np.nan  # items 2 + 3 = 0: items 4-8 unasked
    dast10 = _graded(rng, drugs, np.linspace(1.2, 2.0, 10), _ladder(10, 0.2, 0, 0.8, 1))
    dast10[:, 2] = 1 - dast10[:, 2]  # item 3 is asked the other way round ("always able to stop")
    frame = pd.DataFrame(
        {
            "patient": [f"P{i:04d}" for i in range(1, n + 1)],
            "sex": rng.choice(np.array(["female", "male"]), n, p=[0.4, 0.6]),
        }
    )
    blocks |= {"audit": audit, "dast10": dast10}
    frame = pd.concat([frame, pd.DataFrame(_item_columns(blocks))], axis=1)
    if invalid:
        for row, column, value, _why in INVALID_ANSWERS:
            if row < n:
                frame.loc[row, column] = value
    return frame


def weekly_measures(n: int = 120, weeks: int = 12, *, seed: int = SEED):
    """Weekly PHQ-9, GAD-7 and BAM item answers across a synthetic IOP episode, one row per visit.

    Columns: ``patient`` (``W001`` ...), ``week`` (0 = intake ... ``weeks``), ``attended`` (share of
    the week's planned hours attended, 0-1), ``screen_positive`` (urine drug screen), then
    ``phq9_item1-9``, ``gad7_item1-7`` and ``bam_item1-17`` (BAM 0-4 format; item 7 blank, it is
    recorded separately). Patients who leave early have no rows after they leave.

    Assumptions (made up): 70 % of patients improve at their own weekly rate, 30 % do not; use
    falls with improvement; a 4 % weekly chance of leaving; PHQ-9 and GAD-7 share one mood trait.

    Parameters
    ----------
    n : int, default 120
        How many patients.
    weeks : int, default 12
        The last week of the episode (visits are weeks 0 to ``weeks``).
    seed : int, default SEED
        The same seed gives the same measures.

    Returns
    -------
    pandas.DataFrame
        One row per visit, patient by patient and week by week.

    Examples
    --------
    >>> df = weekly_measures(10, 4, seed=1)
    >>> int(df["week"].min()), int(df["week"].max()) <= 4, df["bam_item7"].isna().all()
    (0, True, np.True_)
    """
    import pandas as pd

    rng = np.random.default_rng(seed)
    t = np.arange(weeks + 1)
    improves = rng.random(n) < 0.7
    rate = np.where(improves, rng.gamma(4, 0.04, n), 0.0)  # trait units per week
    mood0 = rng.normal(0.9, 0.7, n)
    mood = mood0[:, None] - rate[:, None] * t[None, :] + rng.normal(0, 0.35, (n, t.size))
    use = rng.normal(0.4, 0.8, n)[:, None] - 1.2 * rate[:, None] * t[None, :] + rng.normal(0, 0.5, (n, t.size))
    support = rng.normal(-0.2, 0.7, n)[:, None] + 0.08 * t[None, :] + rng.normal(0, 0.3, (n, t.size))
    leaves = np.minimum(rng.geometric(0.04, n), weeks + 1)  # weeks attended before leaving (1 = intake only)
    patient, week = np.nonzero(t[None, :] < leaves[:, None])
    m, u, s = mood[patient, week], use[patient, week], support[patient, week]
    k = patient.size
    bam = np.full((k, 17), np.nan)
    bam[:, [3, 4, 5]] = _graded(rng, u, [2.0, 1.8, 2.0], _ladder(3, 0.1, 0.6, 0.3, 4))  # use
    bam[:, [0, 1, 2, 7, 10, 14]] = _graded(
        rng, 0.6 * m + 0.4 * u, np.full(6, 1.6), _ladder(6, -0.6, 0.7, 0.4, 4)
    )  # risk
    bam[:, [8, 9, 11, 12, 15, 16]] = _graded(rng, s, np.full(6, 1.5), _ladder(6, -1.2, 0.6, 0.5, 4))  # protective
    bam[:, 13] = 4 * _graded(rng, s, [1.5], [[-0.8]])[:, 0]  # item 14 (income): No 0 / Yes 4
    frame = pd.DataFrame(
        {
            "patient": [f"W{p + 1:03d}" for p in patient],
            "week": week,
            "attended": np.clip(rng.beta(8, 2, k), 0, 1).round(2),
            "screen_positive": rng.random(k) < 1 / (1 + np.exp(-(1.5 * u - 1.0))),
        }
    )
    blocks = _mood_items(rng, np.column_stack([m, m - 0.2])) | {"bam": bam}
    return pd.concat([frame, pd.DataFrame(_item_columns(blocks))], axis=1)


#: How the synthetic clinician places patients (made up, deliberately not iopkit's rule table):
#: dimension -> level code required by ratings 0..4. This clinician gives readiness (dimension 4)
#: and recovery environment (dimension 6) less weight than iopkit's table, and routes severe
#: withdrawal (dimension 1 = 3) to 3.7 rather than to a separate withdrawal-management level.
CLINICIAN_HABITS = {
    1: ("0.5", "1", "2.1", "3.7", "4"),
    2: ("0.5", "1", "2.1", "3.7", "4"),
    3: ("0.5", "1", "2.1", "3.5", "4"),
    4: ("0.5", "0.5", "1", "1", "2.1"),
    5: ("0.5", "1", "2.1", "2.5", "3.5"),
    6: ("0.5", "1", "1", "2.1", "3.1"),
}
_LEVEL_ORDER = ("0.5", "1", "2.1", "2.5", "3.1", "3.5", "3.7", "4")


def placement_sample(n: int = 240, *, seed: int = SEED):
    """A synthetic placement sample: six dimension ratings and a clinician's placement per patient.

    Columns: ``patient`` (``A001`` ...), ``d1`` ... ``d6`` (risk ratings 0-4, 3rd-edition
    dimensions) and ``clinician_level`` (a level code such as ``"2.1"``). The clinician places at the
    most intensive level any dimension needs by :data:`CLINICIAN_HABITS`, and 12 % of the time one
    step either way (judgement the ratings do not capture).

    Assumptions (made up): patients referred to an IOP; ratings mostly 0-2, sometimes 3, rarely 4.

    Parameters
    ----------
    n : int, default 240
        How many patients.
    seed : int, default SEED
        The same seed gives the same sample.

    Returns
    -------
    pandas.DataFrame
        One row per patient: ``patient``, ``d1`` ... ``d6`` and ``clinician_level``.

    Examples
    --------
    >>> df = placement_sample(20, seed=1)
    >>> df.columns.tolist()
    ['patient', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6', 'clinician_level']
    """
    import pandas as pd

    rng = np.random.default_rng(seed)
    weights = {
        1: [0.55, 0.3, 0.1, 0.04, 0.01],
        2: [0.5, 0.3, 0.15, 0.04, 0.01],
        3: [0.25, 0.35, 0.3, 0.08, 0.02],
        4: [0.2, 0.35, 0.3, 0.13, 0.02],
        5: [0.1, 0.3, 0.4, 0.17, 0.03],
        6: [0.25, 0.35, 0.25, 0.13, 0.02],
    }
    ratings = {d: rng.choice(5, n, p=p) for d, p in weights.items()}
    rank = {code: i for i, code in enumerate(_LEVEL_ORDER)}
    needed = np.max([[rank[CLINICIAN_HABITS[d][r]] for r in ratings[d]] for d in ratings], axis=0)
    nudge = np.where(rng.random(n) < 0.12, rng.choice([-1, 1], n), 0)
    level = np.clip(needed + nudge, 0, len(_LEVEL_ORDER) - 1)
    return pd.DataFrame(
        {
            "patient": [f"A{i:03d}" for i in range(1, n + 1)],
            **{f"d{d}": ratings[d] for d in ratings},
            "clinician_level": np.array(_LEVEL_ORDER)[level],
        }
    )


def _write_csv(path: Path = INTAKE_CSV) -> None:
    """Write the bundled intake cohort (the default seed) as CSV, integers without decimals."""
    intake_answers().to_csv(path, index=False, float_format="%g", lineterminator="\n")


if __name__ == "__main__":  # python -m iopkit.datasets.answers  (re-creates intake_answers.csv)
    _write_csv()
