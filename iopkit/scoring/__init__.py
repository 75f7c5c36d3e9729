"""Scoring of validated instruments, for one patient and for whole cohorts.

One generic scorer reads each instrument's definition (:mod:`iopkit.instruments`) and has no
branch per instrument.  The parts:

* :mod:`~iopkit.scoring.core`: :func:`score` (one response) and :func:`score_many` (a cohort),
  with the scoring context as explicit keywords;
* :mod:`~iopkit.scoring.result`: :class:`Score` and its :class:`Basis`, frozen and JSON-able;
* :mod:`~iopkit.scoring.engine`: the vectorised core both share (skip rules, points, bands, flags);
* :mod:`~iopkit.scoring.cohort`: cohort tables in and out (vectorised validation, the result frame);
* :mod:`~iopkit.scoring.file`: :func:`score_file`, a CSV or parquet file larger than memory;
* :mod:`~iopkit.scoring.dask`: the same rules on Dask DataFrames, partition by partition.

Importing this package loads numpy only; pandas, pyarrow and dask are imported by the functions
that need them.
"""

from __future__ import annotations

from .core import CONTEXT_KEYS, Sex, instrument, instruments, score, score_many
from .file import score_file
from .result import Basis, Score

__all__ = ["Score", "Basis", "score", "score_many", "score_file", "instruments", "instrument", "Sex", "CONTEXT_KEYS"]
