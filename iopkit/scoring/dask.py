"""Cohort functions on Dask DataFrames: the same rules, partition by partition (``iopkit[dask]``).

A researcher with tens of millions of rows passes a ``dask.dataframe.DataFrame`` where a pandas one
would go and gets a Dask DataFrame back, lazily: nothing runs until ``.compute()`` (or ``.persist()``),
on whatever scheduler or cluster is active. Each partition goes through the very pandas code path
(:func:`iopkit.score_many`, :func:`iopkit.progress.cohort_trajectories`), so results are the same row
for row; ``meta`` (the empty result Dask plans with) comes from running that code on a sample.

This module knows nothing of scoring or progress: those functions pass themselves in
(:func:`by_partition`), so the dependency points one way. Dask is never imported here: a Dask frame's
own ``map_partitions`` does the work.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["is_dask_collection", "by_partition"]


def is_dask_collection(obj: object) -> bool:
    """True for a Dask DataFrame (checked without importing dask).

    Parameters
    ----------
    obj : object
        Anything a cohort function was given (an array, a pandas or a Dask DataFrame).

    Returns
    -------
    bool
        True when ``obj``'s class comes from a ``dask`` module and it has ``map_partitions``.

    Examples
    --------
    >>> import numpy as np
    >>> is_dask_collection(np.zeros((2, 9)))
    False
    """
    return type(obj).__module__.split(".", 1)[0] == "dask" and hasattr(obj, "map_partitions")


def _run(part: Any, func: Callable[..., Any], meta: Any, args: tuple, kwargs: dict) -> Any:
    """One partition through the pandas function; an empty partition still gets ``meta``'s columns."""
    out = func(part, *args, **kwargs)
    return meta if len(out) == 0 else out


def by_partition(func: Callable[..., Any], frame: Any, *args: Any, sample: Any = None, **kwargs: Any) -> Any:
    """``func(partition, *args, **kwargs)`` on every partition of the Dask DataFrame ``frame``, lazily.

    ``func`` must be a module-level function (worker processes import it by name) whose first
    argument is a pandas DataFrame. ``meta`` comes from running ``func`` on ``sample`` (default:
    the empty partition), so planning computes nothing.

    Parameters
    ----------
    func : callable
        A module-level function taking a pandas DataFrame first and returning a pandas DataFrame.
    frame : dask.dataframe.DataFrame
        The Dask DataFrame whose partitions go through ``func``.
    *args, **kwargs
        Passed on to ``func`` after the partition.
    sample : pandas.DataFrame, optional
        A partition-shaped frame ``func`` runs on once to give ``meta`` (default: ``frame``'s own
        empty ``_meta``, or its first zero rows).

    Returns
    -------
    dask.dataframe.DataFrame
        ``func``'s result on every partition, lazily: nothing runs until it is computed.

    Raises
    ------
    IopkitError
        Whatever ``func`` raises on ``sample`` while planning (for :func:`iopkit.score_many`, an
        :class:`~iopkit.errors.UnknownInstrumentError`, :class:`~iopkit.errors.UnknownSchemeError`
        or :class:`~iopkit.errors.InvalidAnswerError` for a missing item column or a context the
        instrument does not take); errors on the data itself surface when the result is computed.

    Examples
    --------
    >>> import dask.dataframe as dd, pandas as pd
    >>> from iopkit import score_many
    >>> answers = dd.from_pandas(pd.DataFrame({f"item{j}": [0, 3, 1, 2] for j in range(1, 10)}), npartitions=2)
    >>> scored = score_many("phq9", answers)
    >>> scored.npartitions, scored["total"].compute().tolist()
    (2, [0, 27, 9, 18])
    """
    if sample is None:
        sample = frame._meta if hasattr(frame, "_meta") else frame.iloc[:0]
    meta = func(sample, *args, **kwargs).iloc[:0]
    meta.attrs.clear()
    return frame.map_partitions(_run, func, meta, args, kwargs, meta=meta)
