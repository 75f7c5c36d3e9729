"""Scoring of validated instruments, for one patient and for whole cohorts.

One generic scorer reads each instrument's definition (:mod:`iopkit.instruments`) and has no
branch per instrument.  The parts:

* :mod:`~iopkit.scoring.core`: :func:`score` (one response) and :func:`score_many` (a cohort);
* :mod:`~iopkit.scoring.cohort`: cohort tables in and out (vectorised validation, the result frame);
* :mod:`~iopkit.scoring.file`: :func:`score_file`, a CSV or parquet file larger than memory;
* :mod:`~iopkit.scoring.dask`: the same rules on Dask DataFrames, partition by partition.

Importing this package loads numpy only; pandas, pyarrow and dask are imported by the functions
that need them.
"""

from __future__ import annotations

from .core import Basis, Score, instrument, instruments, score, score_many
from .file import score_file

__all__ = ["Score", "Basis", "score", "score_many", "score_file", "instruments", "instrument"]
