"""Cohort functions on Dask DataFrames: the same rules, partition by partition (``iopkit[dask]``).

A researcher with tens of millions of rows passes a ``dask.dataframe.DataFrame`` where a pandas one
would go and gets a Dask DataFrame back, lazily: nothing runs until ``.compute()`` (or ``.persist()``),
on whatever scheduler or cluster is active. Each partition goes through the very pandas code path
(:func:`iopkit.score_many`, :func:`iopkit.progress.cohort_trajectories`), so results are the same row
for row; ``meta`` (the empty result Dask plans with) comes from running that code on the empty
partition. Dask is imported only here, and only when one of these functions is called.

``score_many`` works on any partitioning (rows are independent). ``cohort_trajectories`` needs all of
a patient's rows in one partition: it shuffles by ``patient`` first, unless ``shuffle=False`` says the
data are already partitioned that way.
"""

from __future__ import annotations

__all__ = ["is_dask_collection", "score_many", "cohort_trajectories"]


def is_dask_collection(obj) -> bool:
    """True for a Dask DataFrame (checked without importing dask).

    >>> import numpy as np
    >>> is_dask_collection(np.zeros((2, 9)))
    False
    """
    return type(obj).__module__.split(".", 1)[0] == "dask" and hasattr(obj, "map_partitions")


def _empty(frame):
    """An empty pandas frame with ``frame``'s columns and dtypes (Dask's meta)."""
    return frame._meta if hasattr(frame, "_meta") else frame.iloc[:0]


def _score_partition(part, instrument, context):
    from .scoring import score_many as pandas_score_many

    return pandas_score_many(instrument, part, **context)


def score_many(instrument, answers, **context):
    """:func:`iopkit.score_many` for a Dask DataFrame: a lazy Dask DataFrame, one result row per row.

    Columns, dtypes, index and ``error`` messages are those of the pandas result; invalid rows are
    reported in ``error`` exactly as there.

    Examples
    --------
    >>> import dask.dataframe as dd, pandas as pd
    >>> answers = dd.from_pandas(pd.DataFrame({f"item{j}": [0, 3, 1, 2] for j in range(1, 10)}), npartitions=2)
    >>> scored = score_many("phq9", answers)
    >>> scored.npartitions, scored["total"].compute().tolist()
    (2, [0, 27, 9, 18])
    """
    meta = _score_partition(_empty(answers), instrument, context)
    meta.attrs.clear()
    return answers.map_partitions(_score_partition, instrument, context, meta=meta)


def _trajectories_partition(part, time, meta=None):
    """Trajectories of one partition; an empty partition still gets every column of ``meta``."""
    from .progress import cohort_trajectories as pandas_trajectories

    out = pandas_trajectories(part, time=time)
    if meta is not None and len(out) == 0:
        return meta
    return out


def cohort_trajectories(data, *, time: str = "week", shuffle: bool = True):
    """:func:`iopkit.progress.cohort_trajectories` for a Dask DataFrame (long: patient, instrument,
    total, ``time``), one result row per patient and instrument.

    Rows come out grouped by partition, not globally sorted; sort after ``.compute()`` if needed.
    """
    from .progress import CHANGE_CRITERIA

    if shuffle:
        data = data.shuffle("patient")
    # The pandas function adds its change columns only for rows it can classify: plan with a two-row
    # sample of the right dtypes whose instrument has change criteria.
    sample = data._meta_nonempty.head(2).assign(instrument=next(iter(CHANGE_CRITERIA)))
    meta = _trajectories_partition(sample, time).iloc[:0]
    return data.map_partitions(_trajectories_partition, time, meta, meta=meta)
